"""The checks issue 11 found missing: each trips on the wrong report and stays quiet on the right one."""

from __future__ import annotations

import pytest

from chibo.problems import errors
from test_rules import ERR, WARN, assert_no_problem_at, assert_problem, run


# --- admitted this year, still probationary at year end -------------------------


def test_admitted_this_year_but_none_probationary_is_an_error(valid_report_data, modify):
    # 18 + 2 admitted + 1 transferred in = 21, nobody left; yet all 21 official on 31/12/2026
    data = modify(valid_report_data, {"members.start_of_year": 18, "members.transferred_out": 0,
                                      "members.retired": 0, "members.official": 21, "members.probationary": 0})
    problem = assert_problem(
        run(data), "members.probationary", ERR, "kết nạp 2 đảng viên mới", "chỉ là 0", "còn dự bị 12 tháng",
        "tính họ vào số dự bị",
    )
    assert "«Số đảng viên dự bị»" in problem.message


def test_admitted_and_probationary_agree(valid_report_data):
    assert_no_problem_at(run(valid_report_data), "members.probationary")


def test_admitted_who_left_need_not_be_probationary(valid_report_data, modify):
    # 1 of the 2 admitted may be the one transferred out (1) or retired (1)
    data = modify(valid_report_data, {"members.official": 21, "members.probationary": 0,
                                      "members.admitted": 2, "members.transferred_out": 1,
                                      "members.retired": 1})
    assert_no_problem_at(run(data), "members.probationary")


# --- TT22 titles need học tập Tốt and rèn luyện Tốt ------------------------------


def test_titles_above_learning_good_is_an_error(valid_report_data, modify):
    # học tập Tốt 120; Xuất sắc 40 + Giỏi 81 = 121
    data = modify(valid_report_data, {"students.titles": {"xuat_sac": 40, "gioi": 81}})
    assert_problem(run(data), "students.titles", ERR, "= 121", "kết quả học tập «Tốt» (120)", "Thông tư 22/2021")


def test_titles_above_conduct_good_is_an_error(valid_report_data, modify):
    data = modify(valid_report_data, {"students.conduct": {"tot": 100, "kha": 380, "dat": 18, "chua_dat": 2}})
    assert_problem(run(data), "students.titles", ERR, "= 120", "kết quả rèn luyện «Tốt» (100)")


def test_last_years_titles_are_checked_too(valid_report_data, modify):
    data = modify(valid_report_data, {"students.last_year.titles": {"xuat_sac": 30, "gioi": 71}})
    assert_problem(run(data), "students.last_year.titles", ERR, "= 101", "«Tốt» (100)")


def test_titles_equal_to_learning_good_are_fine(valid_report_data):
    # the fixture: 40 + 80 = 120 = học tập Tốt
    assert_no_problem_at(run(valid_report_data), "students.titles")


def test_titles_under_tt58_are_not_bound_to_a_good_count(valid_report_data, modify):
    # TT58: Học sinh tiên tiến needs học lực Khá, not Giỏi
    data = modify(valid_report_data, {
        "year": 2023, "meta.date": "2023-12-20", "students.scale": "tt58",
        "students.conduct": {"tot": 400, "kha": 90, "trung_binh": 10},
        "students.learning": {"gioi": 50, "kha": 300, "trung_binh": 150},
        "students.titles": {"gioi": 50, "tien_tien": 300},
        "students.last_year": modify.DELETE, "students.area": modify.DELETE,
    })
    assert_no_problem_at(run(data), "students.titles")


# --- a typed promotion rate against the counts ----------------------------------


def test_promotion_rate_above_what_the_counts_allow(valid_report_data, modify):
    # 500 assessed; 10 học tập Chưa đạt, 2 rèn luyện Chưa đạt: 488 to 490 moved up
    data = modify(valid_report_data, {"target_results.promotion_rate": 99.5})
    assert_problem(
        run(data), "target_results.promotion_rate", ERR, "là 99,5%", "từ 488 đến 490 trên 500 em",
        "«Chưa đạt»", "từ 97,6% đến 98%", "Hãy sửa",
    )


def test_promotion_rate_below_what_the_counts_allow(valid_report_data, modify):
    data = modify(valid_report_data, {"target_results.promotion_rate": 95})
    assert_problem(run(data), "target_results.promotion_rate", ERR, "là 95%")


@pytest.mark.parametrize("rate", [97.6, 98, 97.8, "97,62"])
def test_promotion_rate_within_the_counts(valid_report_data, modify, rate):
    assert_no_problem_at(run(modify(valid_report_data, {"target_results.promotion_rate": rate})),
                         "target_results.promotion_rate")


def test_primary_completion_rate_is_the_learning_count(valid_report_data, modify):
    # TT27: hoàn thành chương trình lớp học = every level but Chưa hoàn thành; 396/400 = 99%
    data = modify(valid_report_data, {
        "meta.school_level": "tieu_hoc",
        "students": {
            "assessed": 400,
            "conduct": {"tot": 300, "dat": 96, "can_co_gang": 4},
            "learning": {"hoan_thanh_xuat_sac": 80, "hoan_thanh_tot": 120, "hoan_thanh": 196, "chua_hoan_thanh": 4},
        },
        "target_results.promotion_rate": 100,
    })
    assert_problem(run(data), "target_results.promotion_rate", ERR, "có 396 trên 400 em", "«Chưa hoàn thành»", "phải là 99%")
    data = modify(data, {"target_results.promotion_rate": 99})
    assert_no_problem_at(run(data), "target_results.promotion_rate")


# --- target of HTXSNV members over the 20% cap ----------------------------------


def test_excellent_target_over_the_cap_warns(valid_report_data, modify):
    # 25 members: 10 excellent would need 50 rated good
    data = modify(valid_report_data, {"targets.party.excellent_members": 10})
    problems = run(data)
    # the fixture has 21 members: at most 3 (3 + 15 = 18 ≤ 21; 4 + 20 > 21)
    assert_problem(problems, "targets.party.excellent_members", WARN, "là 10", "cần ít nhất 50",
                   "có 21 đảng viên", "nhiều nhất là 3", "Quy định số 366-QĐ/TW")
    assert errors(problems) == []


def test_excellent_target_at_the_cap_is_fine(valid_report_data, modify):
    assert_no_problem_at(run(modify(valid_report_data, {"targets.party.excellent_members": 3})),
                         "targets.party.excellent_members")
    assert_problem(run(modify(valid_report_data, {"targets.party.excellent_members": 4})),
                   "targets.party.excellent_members", WARN, "nhiều nhất là 3")


def test_the_cap_warning_cites_the_rule_of_the_year(valid_report_data, modify):
    data = modify(valid_report_data, {"year": 2020, "meta.date": "2020-12-20", "classification.excellent": 4,
                                      "classification.good": 15, "students.scale": "tt58",
                                      "students.conduct": {"tot": 400, "kha": 90, "trung_binh": 10},
                                      "students.learning": {"gioi": 50, "kha": 300, "trung_binh": 150},
                                      "students.titles": {}, "students.last_year": modify.DELETE,
                                      "students.area": modify.DELETE})
    assert_problem(run(data), "classification.excellent", WARN, "vượt 20%", "Quy định số 132-QĐ/TW")


# --- miễn sinh hoạt granted in an earlier year ----------------------------------


def test_exemption_granted_in_an_earlier_year_is_accepted(valid_roster_report_data, modify):
    data = modify(valid_roster_report_data, {"members.roster[7].events[0].on": "2024-09-01"})
    problems = run(data)
    assert problems == [], problems


def test_other_events_of_an_earlier_year_are_still_refused(valid_roster_report_data, modify):
    data = modify(valid_roster_report_data, {"members.roster[3].events[0].on": "2025-08-31"})
    assert_problem(run(data), "members.roster[3].events[0].on", ERR, "phải trong năm 2026")


def test_exemption_after_the_year_is_refused(valid_roster_report_data, modify):
    data = modify(valid_roster_report_data, {"members.roster[7].events[0].on": "2027-02-01"})
    assert_problem(run(data), "members.roster[7].events[0].on", ERR, "phải trong năm 2026")


def test_next_years_roster_keeps_the_exemption_and_it_checks(valid_roster_report_data, modify):
    from chibo.members import next_year_roster

    roster = next_year_roster(valid_roster_report_data["members"]["roster"])
    data = modify(valid_roster_report_data, {"year": 2027, "meta.date": "2027-12-20", "members.roster": roster})
    problems = run(data)
    assert not [p for p in problems if ".events" in p.path], problems
    from chibo.figures import compute
    from chibo.model import Report

    assert compute(Report.model_validate(data)).members["exempted"] == 1
