"""Every check of ``rules.check``: the valid report trips none, each break trips its own."""

from __future__ import annotations

import pytest

from chibo.model import Report
from chibo.problems import Problem, Severity, errors
from chibo.rules import check
from plain import assert_plain

ERR = Severity.ERROR
WARN = Severity.WARNING


def run(data: dict) -> list[Problem]:
    """The checks' problems; every test's broken report also shows that no message for the
    web carries a field path, a code or a YAML word (plain.py)."""
    problems = check(Report.model_validate(data))
    assert_plain(problems)
    return problems


def show(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems) or "(không có vấn đề nào)"


def at(problems: list[Problem], path: str, severity: Severity | None = None) -> list[Problem]:
    return [p for p in problems if p.path == path and (severity is None or p.severity is severity)]


def assert_problem(problems, path, severity, *fragments) -> Problem:
    """Exactly one problem at ``path`` with ``severity`` whose message has every fragment."""
    candidates = at(problems, path, severity)
    assert candidates, f"no {severity.value} at {path!r}; got:\n{show(problems)}"
    # what a file user reads: the message, then the hint with keys and codes
    matching = [p for p in candidates if all(f in f"{p.message} {p.hint}" for f in fragments)]
    assert matching, f"message at {path!r} lacks {fragments}; got:\n{show(candidates)}"
    assert len(matching) == 1, show(matching)
    return matching[0]


def assert_no_problem_at(problems, path):
    assert not at(problems, path), show(at(problems, path))


# --- the valid fixtures --------------------------------------------------------


def test_valid_report_has_no_problem(valid_report_data):
    assert run(valid_report_data) == []


def test_valid_roster_report_has_no_problem(valid_roster_report_data):
    assert run(valid_roster_report_data) == []


def test_roster_with_matching_typed_counts_has_no_problem(
    valid_roster_report_data, roster_counts, modify
):
    changes = {f"members.{k}": v for k, v in roster_counts.items()}
    assert run(modify(valid_roster_report_data, changes)) == []


def test_valid_primary_report_has_no_problem(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {
            "meta.school_level": "tieu_hoc",
            "meta.cell_name": "Chi bộ Trường Tiểu học Hòa Bình",
            "students.conduct": modify.DELETE,  # TT27 rates each phẩm chất, năng lực on its own
            "students.qualities": {"yeu_nuoc": {"tot": 420, "dat": 78, "can_co_gang": 2}},
            "students.learning": {
                "hoan_thanh_xuat_sac": 150,
                "hoan_thanh_tot": 200,
                "hoan_thanh": 145,
                "chua_hoan_thanh": 5,
            },
            "students.titles": {"xuat_sac": 150, "tieu_bieu": 60},
            "students.last_year": modify.DELETE,
            "students.area": modify.DELETE,
        },
    )
    assert run(data) == []


def test_valid_old_report_under_tt58_has_no_problem(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {
            "year": 2023,
            "meta.date": "2023-12-20",
            "students.conduct": {"tot": 400, "kha": 80, "trung_binh": 18, "yeu": 2},
            "students.learning": {"gioi": 100, "kha": 250, "trung_binh": 140, "yeu": 9, "kem": 1},
            "students.titles": {"gioi": 100, "tien_tien": 250},
            "students.last_year": modify.DELETE,
            "students.area": modify.DELETE,
        },
    )
    assert run(data) == []


def test_every_problem_is_well_formed(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {
            "members.end_of_year": 30,
            "students.conduct.tot": 1,
            "classification.cell_rating": None,
            "meta.number": None,
            "achievements": [],
        },
    )
    problems = run(data)
    assert len(problems) >= 5
    for p in problems:
        assert isinstance(p.severity, Severity)
        assert p.path
        assert p.message and p.message.lstrip("«")[0].isupper()
        assert "None" not in p.message


# --- meta ----------------------------------------------------------------------


def test_missing_report_number_warns(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"meta.number": modify.DELETE}))
    assert_problem(problems, "meta.number", WARN, "«Số báo cáo»", "văn thư ghi tay")
    assert errors(problems) == []


@pytest.mark.parametrize("day", ["2026-01-01", "2026-06-01", "2026-09-30"])
def test_report_date_early_in_the_year_warns(valid_report_data, modify, day):
    problems = run(modify(valid_report_data, {"meta.date": day}))
    assert_problem(problems, "meta.date", WARN, "«Ngày báo cáo»", "năm 2026", "kiểm tra lại")
    assert len(problems) == 1


@pytest.mark.parametrize("day", ["2025-12-20", "2027-02-01", "2027-03-31", "2027-12-20"])
def test_report_date_outside_the_year_and_january_after_is_an_error(valid_report_data, modify, day):
    problems = run(modify(valid_report_data, {"meta.date": day}))
    assert_problem(problems, "meta.date", ERR, "«Ngày báo cáo»", "trong năm 2026 hoặc trong tháng 01/2027", "Hãy sửa ngày ký")
    assert len(problems) == 1


@pytest.mark.parametrize("day", ["2026-10-01", "2026-12-31", "2027-01-05", "2027-01-31"])
def test_report_date_in_the_usual_window_is_fine(valid_report_data, modify, day):
    assert run(modify(valid_report_data, {"meta.date": day})) == []


# --- typed member counts -------------------------------------------------------


def test_member_balance(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members.end_of_year": 22}))
    p = assert_problem(
        problems,
        "members.end_of_year",
        ERR,
        "«Số đảng viên cuối năm» là 22",
        "đầu năm 20 + kết nạp 2 + chuyển đến 1 − chuyển đi 1 − nghỉ hưu 1 − từ trần 0 − xóa tên 0 = 21",
    )
    assert "Hãy sửa" in p.message


@pytest.mark.parametrize(
    "field, value",
    [("admitted", 3), ("transferred_in", 0), ("transferred_out", 2), ("retired", 0),
     ("died", 1), ("removed", 1), ("start_of_year", 19)],
)
def test_member_balance_each_movement(valid_report_data, modify, field, value):
    problems = run(modify(valid_report_data, {f"members.{field}": value}))
    assert_problem(problems, "members.end_of_year", ERR, "«Số đảng viên cuối năm» là 21")


def test_movements_left_empty_read_as_zero(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {
            "members.admitted": modify.DELETE,
            "members.transferred_in": modify.DELETE,
            "members.transferred_out": modify.DELETE,
            "members.retired": modify.DELETE,
            "members.start_of_year": 21,
        },
    )
    assert run(data) == []


def test_official_plus_probationary_equals_end(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members.probationary": 1}))
    assert_problem(
        problems,
        "members.official",
        ERR,
        "«Số đảng viên chính thức» (19)",
        "«Số đảng viên dự bị» (1)",
        "= 20",
        "«Số đảng viên cuối năm» (21)",
    )
    assert_no_problem_at(problems, "members.end_of_year")


@pytest.mark.parametrize(
    "path, label",
    [
        ("members.women", "Số đảng viên nữ"),
        ("members.exempted", "Số đảng viên được miễn công tác và sinh hoạt đảng"),
        ("members.education.master", "Thạc sĩ"),
        ("members.education.university", "Đại học"),
        ("members.theory.elementary", "Sơ cấp lý luận chính trị"),
        ("members.theory.advanced", "Cao cấp lý luận chính trị"),
    ],
)
def test_count_at_most_end_of_year(valid_report_data, modify, path, label):
    problems = run(modify(valid_report_data, {path: 22}))
    assert_problem(problems, path, ERR, f"«{label}» (22) lớn hơn «Số đảng viên cuối năm» (21)")


def test_count_equal_to_end_of_year_is_fine(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members.women": 21, "members.exempted": 21}))
    assert problems == []


def test_education_sum_differs_from_end_warns(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members.education.university": 16}))
    assert_problem(problems, "members.education", WARN, "(20)", "«Số đảng viên cuối năm» (21)")
    assert errors(problems) == []


def test_education_partly_entered(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members.education.doctorate": None}))
    assert_problem(problems, "members.education.doctorate", ERR, "Chưa nhập «Tiến sĩ»", "ghi 0")
    assert_no_problem_at(problems, "members.education")


def test_education_not_entered_at_all_is_accepted(valid_report_data, modify):
    assert run(modify(valid_report_data, {"members.education": {}})) == []


def test_theory_total_above_end(valid_report_data, modify):
    problems = run(
        modify(valid_report_data, {"members.theory": {"advanced": 5, "intermediate": 5, "elementary": 15}})
    )
    assert_problem(problems, "members.theory", ERR, "(25)", "«Số đảng viên cuối năm» (21)")


def test_missing_year_end_total(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members.end_of_year": modify.DELETE}))
    assert_problem(problems, "members.end_of_year", ERR, "Chưa nhập «Số đảng viên cuối năm»", "danh sách")


@pytest.mark.parametrize("field", ["start_of_year", "official", "probationary", "women"])
def test_other_counts_are_optional(valid_report_data, modify, field):
    # Only the year-end total is required (issue 11): a report may know nothing else.
    problems = run(modify(valid_report_data, {f"members.{field}": modify.DELETE}))
    assert not [p for p in problems if p.severity is ERR], show(problems)


def test_men_and_women_must_add_up(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members.men": 3}))
    assert_problem(problems, "members.men", ERR, "«Số đảng viên nam» (3)", "«Số đảng viên cuối năm» (21)")


def test_no_members_at_all(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"members": modify.DELETE}))
    assert at(problems, "members.end_of_year", ERR)
    assert not at(problems, "members.start_of_year", ERR)  # optional since issue 11


# --- roster --------------------------------------------------------------------


def test_roster_event_outside_the_year(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"members.roster[3].events[0].on": "2025-08-31"}))
    assert_problem(
        problems,
        "members.roster[3].events[0].on",
        ERR,
        "Phạm Văn Bình",
        "nghỉ hưu",
        "ngày 31 tháng 8 năm 2025",
        "phải trong năm 2026",
    )


def test_roster_event_after_the_year(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"members.roster[5].events[0].on": "2027-01-02"}))
    assert_problem(problems, "members.roster[5].events[0].on", ERR, "Vũ Văn Long", "phải trong năm 2026")


def test_roster_official_before_twelve_months(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"members.roster[0].official_on": "2011-05-18"}))
    assert_problem(
        problems,
        "members.roster[0].official_on",
        ERR,
        "Nguyễn Thị Hoa",
        "«Ngày chính thức»",
        "chưa đủ 12 tháng dự bị",
        "ngày 19 tháng 5 năm 2010",
    )


def test_roster_official_exactly_twelve_months_is_fine(valid_roster_report_data, modify):
    data = modify(
        valid_roster_report_data,
        {"members.roster[0].admitted_on": "2024-02-29", "members.roster[0].official_on": "2025-02-28"},
    )
    assert run(data) == []


def test_roster_overdue_probation_warns(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"members.roster[2].admitted_on": "2025-06-01"}))
    assert_problem(
        problems,
        "members.roster[2].official_on",
        WARN,
        "Lê Thị Lan",
        "quá 12 tháng dự bị",
        "«Ngày chính thức»",
    )
    assert errors(problems) == []


def test_roster_probation_not_yet_over_does_not_warn(valid_roster_report_data, modify):
    # 12 months end on 31/12/2026 itself: not overdue yet
    data = modify(valid_roster_report_data, {"members.roster[2].admitted_on": "2025-12-31"})
    assert_no_problem_at(run(data), "members.roster[2].official_on")


def test_roster_overdue_probation_of_a_member_who_left_is_not_warned(valid_roster_report_data, modify):
    data = modify(
        valid_roster_report_data,
        {
            "members.roster[5].admitted_on": "2025-03-01",
            "members.roster[5].official_on": modify.DELETE,
        },
    )
    assert_no_problem_at(run(data), "members.roster[5].official_on")


def test_roster_duplicate_names_warn(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"members.roster[4].name": "nguyễn thị hoa"}))
    assert_problem(problems, "members.roster[4].name", WARN, "trùng", "người thứ 1")
    assert_no_problem_at(problems, "members.roster[0].name")


def test_roster_two_leaving_events(valid_roster_report_data, modify):
    data = modify(valid_roster_report_data)
    data["members"]["roster"][3]["events"].append({"kind": "chuyen_di", "on": "2026-10-01"})
    problems = run(data)
    assert_problem(
        problems, "members.roster[3].events", ERR, "Phạm Văn Bình", "2 biến động rời chi bộ",
        "nghỉ hưu", "chuyển đi",
    )


def test_roster_event_before_admission(valid_roster_report_data, modify):
    data = modify(
        valid_roster_report_data,
        {"members.roster[2].events": [{"kind": "mien_sinh_hoat", "on": "2026-02-01"}]},
    )
    problems = run(data)
    assert_problem(
        problems,
        "members.roster[2].events[0].on",
        ERR,
        "Lê Thị Lan",
        "trước ngày vào Đảng",
        "ngày 10 tháng 3 năm 2026",
    )


def test_roster_admitted_after_the_year(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"members.roster[2].admitted_on": "2027-01-10"}))
    assert_problem(
        problems,
        "members.roster[2].admitted_on",
        ERR,
        "Lê Thị Lan",
        "«Ngày vào Đảng»",
        "sau năm báo cáo 2026",
    )


def test_roster_admitted_and_transferred_in_the_same_year_warns(valid_roster_report_data, modify):
    data = modify(
        valid_roster_report_data,
        {"members.roster[2].events": [{"kind": "chuyen_den", "on": "2026-09-01"}]},
    )
    problems = run(data)
    assert_problem(
        problems, "members.roster[2].events[0].on", WARN, "vừa được kết nạp vừa chuyển đến"
    )


@pytest.mark.parametrize(
    "field, typed, computed",
    [
        ("start_of_year", 99, 6),
        ("admitted", 0, 1),
        ("transferred_out", 0, 1),
        ("end_of_year", 7, 6),
        ("official", 6, 5),
        ("women", 3, 4),
        ("exempted", 0, 1),
    ],
)
def test_typed_count_disagrees_with_roster(valid_roster_report_data, modify, field, typed, computed):
    problems = run(modify(valid_roster_report_data, {f"members.{field}": typed}))
    assert_problem(
        problems,
        f"members.{field}",
        ERR,
        f"nhập tay là {typed}",
        f"tính từ danh sách đảng viên được {computed}",
    )


@pytest.mark.parametrize(
    "path, typed, computed",
    [("members.education.master", 5, 1), ("members.theory.advanced", 0, 1)],
)
def test_typed_group_count_disagrees_with_roster(valid_roster_report_data, modify, path, typed, computed):
    problems = run(modify(valid_roster_report_data, {path: typed}))
    assert_problem(problems, path, ERR, f"nhập tay là {typed}", f"được {computed}")


# --- students ------------------------------------------------------------------


def test_levels_must_sum_to_assessed(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.conduct.tot": 401}))
    assert_problem(
        problems,
        "students.conduct",
        ERR,
        "Kết quả rèn luyện",
        "Tốt 401 + Khá 80 + Đạt 18 + Chưa đạt 2 = 501",
        "«Số học sinh được đánh giá» (500)",
    )
    assert_no_problem_at(problems, "students.learning")


def test_learning_levels_must_sum_to_assessed(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.assessed": 510}))
    assert_problem(problems, "students.learning", ERR, "Kết quả học tập", "= 500", "(510)")
    assert_problem(problems, "students.conduct", ERR, "= 500", "(510)")


def test_unknown_level_code(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.learning.gioi": 5}))
    assert_problem(
        problems, "students.learning.gioi", ERR, "mức «Giỏi», không thuộc thang", "«Tốt», «Khá», «Đạt», «Chưa đạt»",
        "mức «gioi» không có", "tot, kha, dat, chua_dat",
    )
    # the sum is not checked on top of the unknown code
    assert_no_problem_at(problems, "students.learning")


def test_unknown_title_code(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.titles.tien_tien": 10}))
    assert_problem(problems, "students.titles.tien_tien", ERR, "mức «Học sinh tiên tiến»", "mức «tien_tien» không có", "xuat_sac, gioi")


def test_titles_above_assessed(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.titles": {"xuat_sac": 300, "gioi": 250}}))
    assert_problem(problems, "students.titles", ERR, "(550)", "lớn hơn", "(500)")


def test_titles_equal_to_assessed_are_fine(valid_report_data, modify):
    every_one_good = {"tot": 500}
    data = modify(valid_report_data, {"students.titles": {"xuat_sac": 250, "gioi": 250},
                                      "students.conduct": every_one_good, "students.learning": every_one_good,
                                      "target_results.promotion_rate": 100})
    assert run(data) == []


def test_missing_assessed(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.assessed": modify.DELETE}))
    assert_problem(problems, "students.assessed", ERR, "Chưa nhập «Số học sinh được đánh giá»")


def test_missing_levels(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.conduct": {}}))
    assert_problem(problems, "students.conduct", ERR, "Chưa nhập kết quả rèn luyện", "«Tốt», «Khá», «Đạt», «Chưa đạt»")


def test_no_student_data_at_all(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students": {}}))
    assert at(problems, "students.assessed", ERR)
    assert at(problems, "students.conduct", ERR)
    assert at(problems, "students.learning", ERR)


def test_last_year_without_assessed(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.last_year.assessed": modify.DELETE}))
    assert_problem(problems, "students.last_year.assessed", ERR, "Chưa nhập", "«Cùng kỳ năm trước»".lower())


def test_last_year_levels_must_sum_to_its_assessed(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.last_year.conduct.tot": 371}))
    assert_problem(problems, "students.last_year.conduct", ERR, "= 481", "(480)")
    assert_no_problem_at(problems, "students.conduct")


def test_last_year_unknown_code(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.last_year.learning.gioi": 1}))
    assert_problem(problems, "students.last_year.learning.gioi", ERR, "mức «Giỏi»", "mức «gioi» không có")


def test_last_year_levels_not_required(valid_report_data, modify):
    data = modify(valid_report_data, {"students.last_year": {"assessed": 480}})
    assert run(data) == []


def test_last_year_titles_above_its_assessed(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.last_year.titles.gioi": 460}))
    assert_problem(problems, "students.last_year.titles", ERR, "(490)", "(480)")


def test_area_percentages_not_summing_to_100_warn(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.area.conduct.tot": 70}))
    assert_problem(problems, "students.area.conduct", WARN, "không phải 100%", "92%")
    assert errors(problems) == []


def test_area_percentages_within_rounding_are_fine(valid_report_data, modify):
    # 78,5 + 17,5 + 3,5 + 0,9 = 100,4: rounding of the published figures
    assert run(modify(valid_report_data, {"students.area.conduct.chua_dat": 0.9})) == []


def test_area_unknown_code(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"students.area.learning.gioi": 1}))
    assert_problem(problems, "students.area.learning.gioi", ERR, "mức «Giỏi»", "mức «gioi» không có")


def test_explicit_scale_different_from_the_one_in_force_warns(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {
            "students.scale": "tt58",
            "students.conduct": {"tot": 400, "kha": 80, "trung_binh": 18, "yeu": 2},
            "students.learning": {"gioi": 100, "kha": 250, "trung_binh": 140, "yeu": 9, "kem": 1},
            "students.titles": {"gioi": 100},
            "students.last_year": modify.DELETE,
            "students.area": modify.DELETE,
        },
    )
    problems = run(data)
    assert_problem(
        problems,
        "students.scale",
        WARN,
        "Năm 2026",
        "Thông tư 22/2021/TT-BGDĐT",
        "Thông tư 58/2011/TT-BGDĐT",
    )
    assert problems == at(problems, "students.scale")


def test_explicit_scale_equal_to_the_one_in_force_is_fine(valid_report_data, modify):
    assert run(modify(valid_report_data, {"students.scale": "tt22"})) == []


def test_preschool_with_student_figures_warns(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"meta.school_level": "mam_non"}))
    assert_problem(problems, "students", WARN, "mầm non", "không in")
    assert errors(problems) == []


def test_preschool_without_student_figures_and_targets_is_fine(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {
            "meta.school_level": "mam_non",
            "students": {},
            "targets.students": {},
            "targets.teachers": {},
        },
    )
    assert run(data) == []


# --- classification --------------------------------------------------------------


def test_classification_not_entered(valid_report_data, modify):
    data = modify(valid_report_data, {"classification": {"cell_rating": "httnv"}})
    problems = run(data)
    assert_problem(problems, "classification", ERR, "Chưa nhập kết quả", "ghi 0")
    assert_no_problem_at(problems, "classification.not_rated")


def test_classification_rated_more_than_members(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"classification.good": 30}))
    assert_problem(problems, "classification", ERR, "(34)", "«Số đảng viên cuối năm» (21)")
    assert_no_problem_at(problems, "classification.not_rated")


def test_classification_some_members_unaccounted(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"classification.not_rated": []}))
    assert_problem(
        problems, "classification.not_rated", ERR, "21 đảng viên", "đã xếp loại 20", "còn 1 đảng viên chưa rõ"
    )


def test_classification_too_many_not_rated(valid_report_data, modify):
    problems = run(
        modify(valid_report_data, {"classification.not_rated[0].count": 2})
    )
    assert_problem(problems, "classification.not_rated", ERR, "thừa 1")


def test_classification_counts_roster_members(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"classification.good": 4}))
    assert_problem(problems, "classification.not_rated", ERR, "6 đảng viên", "còn 1")


def test_excellent_above_twenty_percent_of_good_warns(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {"classification.excellent": 4, "classification.good": 15},  # 4 > 20% of 15
    )
    problems = run(data)
    assert_problem(problems, "classification.excellent", WARN, "vượt 20%", "(15)", "366-QĐ/TW")
    assert errors(problems) == []


def test_excellent_without_any_good_warns(valid_report_data, modify):
    data = modify(valid_report_data, {"classification.excellent": 1, "classification.good": 0,
                                      "classification.completed": 19})
    assert_problem(run(data), "classification.excellent", WARN, "vượt 20%")


def test_excellent_exactly_twenty_percent_of_good_is_fine(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {
            "members.start_of_year": 23,
            "members.end_of_year": 24,
            "members.official": 22,
            "members.education.university": 20,
            "classification.excellent": 4,
            "classification.good": 20,
            "classification.completed": 0,
            "classification.not_rated": [],
        },
    )
    assert run(data) == []


def test_missing_cell_rating(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"classification.cell_rating": modify.DELETE}))
    assert_problem(
        problems,
        "classification.cell_rating",
        ERR,
        "Chưa nhập «Xếp loại chất lượng chi bộ»",
        "htxsnv, httnv, htnv",
    )


def test_legacy_cell_title_alone_is_accepted(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {"classification.cell_rating": modify.DELETE, "classification.cell_title": "trong sạch vững mạnh"},
    )
    assert run(data) == []


# --- targets -------------------------------------------------------------------


def test_new_members_min_above_max(valid_report_data, modify):
    problems = run(
        modify(valid_report_data, {"targets.party.new_members_min": 4, "targets.party.new_members_max": 2})
    )
    assert_problem(
        problems,
        "targets.party.new_members_max",
        ERR,
        "«Kết nạp đảng viên mới, từ» (4) lớn hơn «Kết nạp đảng viên mới, đến» (2)",
    )


def test_new_members_min_equal_max_is_fine(valid_report_data, modify):
    data = modify(valid_report_data, {"targets.party.new_members_min": 2, "targets.party.new_members_max": 2})
    assert run(data) == []


def test_new_members_target_missing_warns(valid_report_data, modify):
    data = modify(
        valid_report_data,
        {"targets.party.new_members_min": modify.DELETE, "targets.party.new_members_max": modify.DELETE},
    )
    problems = run(data)
    assert_problem(problems, "targets.party.new_members_min", WARN, "năm 2027", "kết nạp")
    assert errors(problems) == []


def test_only_one_bound_of_new_members_is_fine(valid_report_data, modify):
    data = modify(valid_report_data, {"targets.party.new_members_max": modify.DELETE})
    assert run(data) == []


@pytest.mark.parametrize(
    "path, label",
    [
        ("targets.students.gifted", "Học sinh giỏi các cấp (em)"),
        ("targets.students.promotion_rate", "Tỷ lệ lên lớp thẳng (%)"),
        ("targets.teachers.emulation_fighters", "Chiến sĩ thi đua cơ sở (đ/c)"),
        ("targets.teachers.advanced_workers", "Lao động tiên tiến (đ/c)"),
        ("targets.teachers.good_teachers", "Giáo viên dạy giỏi (đ/c)"),
    ],
)
def test_missing_target_warns(valid_report_data, modify, path, label):
    problems = run(modify(valid_report_data, {path: modify.DELETE}))
    assert_problem(problems, path, WARN, f"«{label}»", "năm 2027", "sẽ không in")
    assert len(problems) == 1


def test_no_targets_at_all_is_one_warning_naming_what_to_enter(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"targets": modify.DELETE}))
    assert len(problems) == 1, [p.message for p in problems]
    p = assert_problem(problems, "targets", WARN, "Chưa có chỉ tiêu nào cho năm 2027", "sẽ không in")
    for label in ("Học sinh giỏi các cấp (em)", "Tỷ lệ lên lớp thẳng (%)", "Chiến sĩ thi đua cơ sở (đ/c)",
                  "Lao động tiên tiến (đ/c)", "Giáo viên dạy giỏi (đ/c)", "Kết nạp đảng viên mới, từ"):
        assert f"«{label}" in p.message, label


def test_only_words_for_targets_is_still_one_warning(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"targets": {"collective": {"cell": "Chi bộ đạt hoàn thành tốt nhiệm vụ"}}}))
    assert [p.path for p in problems] == ["targets"]


def test_some_targets_given_warns_for_each_missing_one(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"targets": {"party": {"new_members_min": 1, "new_members_max": 2}}}))
    assert sorted(p.path for p in problems) == sorted([
        "targets.students.gifted", "targets.students.promotion_rate", "targets.teachers.emulation_fighters",
        "targets.teachers.advanced_workers", "targets.teachers.good_teachers"])
    assert errors(problems) == []


def test_preschool_without_targets_warns_once_about_new_members(valid_report_data, modify):
    data = modify(valid_report_data, {"meta.school_level": "mam_non", "students": {}, "targets": modify.DELETE})
    problems = run(data)
    assert [p.path for p in problems] == ["targets.party.new_members_min"]


# --- blanks left in text ---------------------------------------------------------


@pytest.mark.parametrize(
    "path, value, label",
    [
        ("meta.place", "...", "Địa danh"),
        ("meta.party_committee", "Đảng bộ xã …", "Đảng bộ cấp trên"),
        ("meta.number", "20..", "Số báo cáo"),
        ("meta.signer_name", "Nguyễn Văn ....", "Họ tên người ký"),
        ("meta.recipients[0]", "Đảng ủy xã ... (để b/c)", "Nơi nhận thứ 1"),
        ("achievements[1]", "Nhà trường đạt danh hiệu … năm học 2025-2026", "Kết quả đạt được cuối năm thứ 2"),
        ("narrative.results.ideology[0]", "Tổ chức ... buổi sinh hoạt chuyên đề.", "Công tác tư tưởng chính trị thứ 1"),
        ("narrative.opening[1]", "Căn cứ kết quả năm học 20.., chi bộ báo cáo như sau:", "Đoạn mở đầu (căn cứ) thứ 2"),
        ("classification.not_rated[0].reason", "mới kết nạp …", "Lý do chưa xếp loại"),
        ("classification.cell_title", "trong sạch ...", "Danh hiệu chi bộ (cách gọi cũ)"),
        ("targets.collective.cell", "Chi bộ đạt ...", "Chỉ tiêu của chi bộ"),
        ("targets.party.note", "Kết nạp từ ... đến ...", "Ghi chú về công tác phát triển đảng"),
        ("students.area.name", "xã ...", "Tên địa bàn"),
    ],
)
def test_blank_in_text_is_an_error_naming_the_field(valid_report_data, modify, path, value, label):
    problems = run(modify(valid_report_data, {path: value}))
    p = assert_problem(problems, path, ERR, f"«{label}»", "còn chỗ trống")
    # the message quotes the blank it found
    assert ".." in p.message or "…" in p.message


def test_blank_in_a_multi_line_narrative(valid_report_data, modify):
    text = "Đoạn một đầy đủ.\nĐoạn hai còn trống năm 20...\nĐoạn ba."
    problems = run(modify(valid_report_data, {"narrative.situation.difficulties": text}))
    assert_problem(problems, "narrative.situation.difficulties[1]", ERR, "«Khó khăn thứ 2»", "20...")
    assert len(problems) == 1


def test_blank_in_roster_name(valid_roster_report_data, modify):
    problems = run(modify(valid_roster_report_data, {"members.roster[1].name": "Trần Văn ..."}))
    assert_problem(problems, "members.roster[1].name", ERR, "«Họ và tên»", "còn chỗ trống")


def test_blank_snippet_is_short_for_long_text(valid_report_data, modify):
    long_text = "Chi bộ đã lãnh đạo " + "rất tốt, " * 30 + "đạt ... điểm " + "và tiếp tục " * 30
    p = assert_problem(
        run(modify(valid_report_data, {"narrative.results.professional": [long_text]})),
        "narrative.results.professional[0]",
        ERR,
        "đạt ... điểm",
    )
    assert len(p.message) < len(long_text)


@pytest.mark.parametrize(
    "value",
    ["Đạt 98.5% lên lớp", "v.v.", "Theo Kế hoạch số 12/KH-CB.", "Năm học 2025-2026.", "1.234 học sinh"],
)
def test_single_dots_are_not_blanks(valid_report_data, modify, value):
    assert run(modify(valid_report_data, {"narrative.results.professional": [value]})) == []


# --- achievements ----------------------------------------------------------------


def test_achievements_empty(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"achievements": []}))
    assert_problem(problems, "achievements", ERR, "Chưa ghi «Kết quả đạt được cuối năm»", "mỗi dòng")


def test_achievements_left_out(valid_report_data, modify):
    problems = run(modify(valid_report_data, {"achievements": modify.DELETE}))
    assert_problem(problems, "achievements", ERR, "Chưa ghi")
