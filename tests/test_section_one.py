"""Section I complete and optional (issue 11): the school, the members, who moved; only what
was given is printed, and no sentence claims a zero the user did not enter."""

from __future__ import annotations

import pytest

from chibo.compose import compose
from chibo.model import Report
from chibo.rules import check

SCHOOL = {
    "managers": 3,
    "teachers": 22,
    "staff": 5,
    "subject_groups": 4,
    "classes": 18,
    "students": 612,
    "union_members": 30,
    "youth_members": 12,
    "pioneer_squads": 12,
    "pioneers": 410,
}


def body(data: dict) -> list[str]:
    return [b.text for b in compose(Report.model_validate(data), charts=False).body if hasattr(b, "text")]


def section_one(data: dict) -> str:
    lines = body(data)
    start = lines.index("I. Đặc điểm tình hình")
    end = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    return "\n".join(lines[start + 1:end])


def test_every_school_figure_is_worded(valid_report_data, modify):
    data = modify(valid_report_data, {"school": SCHOOL, "options.percent_decimals": 1})
    text = section_one(data)
    # 21 members of 30 staff
    assert (
        "Tổng số cán bộ, giáo viên, nhân viên của nhà trường là 30 người (cán bộ quản lý 03, "
        "giáo viên 22, nhân viên 05); đảng viên chiếm 70,0% tổng số cán bộ, giáo viên, nhân viên."
    ) in text
    assert "Nhà trường có 4 tổ chuyên môn, 18 lớp với 612 học sinh." in text
    assert "Công đoàn có 30 đoàn viên; chi đoàn có 12 đoàn viên; liên đội có 12 chi đội với 410 đội viên." in text


def test_the_share_follows_the_reports_precision(valid_report_data, modify):
    data = modify(valid_report_data, {"school": {"managers": 2, "teachers": 20, "staff": 3}})
    assert "đảng viên chiếm 84,00% tổng số" in section_one(data)  # 21 / 25, two decimals


def test_roles_without_all_three_are_listed_without_a_share(valid_report_data, modify):
    text = section_one(modify(valid_report_data, {"school": {"teachers": 22}}))
    assert "Nhà trường có giáo viên 22." in text
    assert "chiếm" not in text and "Tổng số cán bộ" not in text


@pytest.mark.parametrize("field, words", [
    ("subject_groups", "tổ chuyên môn"), ("classes", "lớp"), ("union_members", "Công đoàn"),
    ("youth_members", "chi đoàn"), ("pioneers", "đội viên"), ("managers", "cán bộ quản lý"),
])
def test_one_school_figure_alone(valid_report_data, modify, field, words):
    text = section_one(modify(valid_report_data, {"school": {field: 7}})).lower()
    assert words.lower() in text.split("\n")[0] and "7" in text.split("\n")[0]


def test_absent_school_figures_are_not_printed(valid_report_data):
    text = section_one(valid_report_data)
    for words in ("cán bộ quản lý", "tổ chuyên môn", "Công đoàn", "chi đoàn", "đội viên", "lớp với"):
        assert words not in text


def test_men_are_the_total_less_the_women(valid_report_data):
    # 21 members, 14 women
    assert "nam 07 đồng chí (33,33%), nữ 14 đồng chí (66,67%)" in section_one(valid_report_data)


def test_men_typed(valid_report_data, modify):
    data = modify(valid_report_data, {"members.women": modify.DELETE, "members.men": 7})
    text = section_one(data)
    assert "nam 07 đồng chí (33,33%)" in text and "nữ" not in text.split("Trình độ")[0]


def test_only_the_year_end_total(valid_report_data, modify):
    data = modify(valid_report_data, {"members": {"end_of_year": 21}})
    assert [p for p in check(Report.model_validate(data)) if p.severity.name == "ERROR"] == []
    text = section_one(data)
    first = text.split("\n")[0]
    assert first == "Tổng số đảng viên cuối năm 21 đồng chí."
    for words in ("đầu năm", "biến động", "chính thức", "dự bị", "nữ", "nam ", "00"):
        assert words not in first, words
    # the table has the total and nothing claimed as zero
    table = next(b for b in compose(Report.model_validate(data), charts=False).body if hasattr(b, "rows"))
    assert [row[:2] for row in table.rows] == [["Đảng viên cuối năm", "21"]]


def test_no_movement_is_said_only_when_zeros_were_entered(valid_report_data, modify):
    typed_zero = modify(valid_report_data, {"members": {
        "start_of_year": 21, "admitted": 0, "transferred_in": 0, "transferred_out": 0, "retired": 0,
        "died": 0, "removed": 0, "end_of_year": 21}})
    assert "trong năm không có biến động" in section_one(typed_zero)
    not_entered = modify(valid_report_data, {"members": {"start_of_year": 21, "end_of_year": 21}})
    text = section_one(not_entered)
    assert text.startswith("Tổng số đảng viên đầu năm 21 đồng chí. Tổng số đảng viên cuối năm 21 đồng chí.")
    assert "biến động" not in text


def test_start_of_year_balance_is_checked_when_given(valid_report_data, modify):
    problems = check(Report.model_validate(modify(valid_report_data, {"members.start_of_year": 25})))
    assert [p for p in problems if p.path == "members.end_of_year" and p.severity.name == "ERROR"]


def test_roster_names_and_reasons_are_in_the_text(valid_roster_report_data, modify):
    data = modify(valid_roster_report_data, {
        "members.roster[5].events[0].note": "Chuyển công tác về Trường THCS Hòa Lạc",
        "members.roster[4].events[0].note": "Từ Chi bộ Trường THCS Đồng Tâm",
    })
    text = section_one(data)
    # arrivals together, then who was made official, then departures together with the reason
    named = [line for line in text.split("\n") if line.startswith("- ")]
    assert named == [
        "- Đảng viên tăng: kết nạp mới đồng chí Lê Thị Lan; "
        "chuyển đến đồng chí Hoàng Thị Mai (từ Chi bộ Trường THCS Đồng Tâm).",
        "- Công nhận đảng viên chính thức: đồng chí Đỗ Thị Thu.",
        "- Đảng viên giảm: chuyển đi đồng chí Vũ Văn Long (chuyển công tác về Trường THCS Hòa Lạc); "
        "nghỉ hưu đồng chí Phạm Văn Bình.",
    ]
    assert "từ trần" not in text and "xóa tên" not in text
    # men counted from the list: 6 at year end, 4 women
    assert "nam 02 đồng chí" in text


def test_typed_counts_name_no_one(valid_report_data):
    assert "- " not in section_one(valid_report_data)


def test_typed_movements_are_grouped_increases_then_decreases(valid_report_data, modify):
    data = modify(valid_report_data, {"members": {
        "start_of_year": 20, "admitted": 2, "transferred_in": 1, "transferred_out": 1, "retired": 0,
        "died": 1, "removed": 1, "end_of_year": 20}})
    first = section_one(data).split("\n")[0]
    assert first.startswith(
        "Tổng số đảng viên đầu năm 20 đồng chí; trong năm tăng 03 đồng chí (kết nạp mới 02, chuyển đến 01), "
        "giảm 03 đồng chí (chuyển đi 01, từ trần 01, xóa tên 01). Tổng số đảng viên cuối năm 20 đồng chí")


def test_one_kind_of_move_is_named_in_its_group(valid_report_data, modify):
    data = modify(valid_report_data, {"members": {"start_of_year": 21, "retired": 1, "end_of_year": 20}})
    assert "trong năm giảm 01 đồng chí (nghỉ hưu)." in section_one(data)


def test_more_members_than_staff_is_a_warning(valid_report_data, modify):
    data = modify(valid_report_data, {"school": {"managers": 2, "teachers": 15, "staff": 3}})
    problems = [p for p in check(Report.model_validate(data)) if p.path == "school.teachers"]
    assert len(problems) == 1 and problems[0].severity.name == "WARNING"
    assert "Số đảng viên cuối năm (21) lớn hơn" in problems[0].message and "(20)" in problems[0].message
    assert "«Số cán bộ quản lý»" in problems[0].message
    fine = modify(valid_report_data, {"school": {"managers": 2, "teachers": 16, "staff": 3}})
    assert not [p for p in check(Report.model_validate(fine)) if p.path.startswith("school.")]
