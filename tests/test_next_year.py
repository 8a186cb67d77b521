"""Next year from this year (chibo.draft.next_year_data): what is carried over, the marks on
copied paragraphs, and the rules that flag unreviewed copies and stale years."""

from __future__ import annotations

import copy

import pytest

from chibo.draft import clear_marks, next_year_data
from chibo.model import NARRATIVE_PATHS, Report
from chibo.problems import Severity
from chibo.rules import check, stale_year_mentions


@pytest.fixture
def last_year(valid_report_data, modify) -> dict:
    """The 2026 report as it was approved, with what a cell usually has filled in."""
    return modify(
        valid_report_data,
        {
            "meta.number": "12",
            "meta.recipients": ["Đảng ủy xã (để b/c)", "Lưu chi bộ"],
            "members.education": {"doctorate": 0, "master": 3, "university": 20, "college": 1, "other": 0},
            "members.theory": {"advanced": 0, "intermediate": 2, "elementary": 20},
            "students.area": {"level": "xa_phuong", "name": "xã Hòa Bình", "conduct": {"tot": 80.0, "kha": 15.0,
                                                                               "dat": 5.0, "chua_dat": 0.0}},
            "narrative.situation.advantages": ["Năm 2026, chi bộ có 25 đảng viên.", "Đoạn hai."],
            "narrative.results.professional": "Năm học 2025-2026 nhà trường hoàn thành kế hoạch.",
        },
    )


def test_names_signer_and_recipients_are_carried_over_number_and_date_blank(last_year):
    data = next_year_data(last_year)
    assert data["year"] == last_year["year"] + 1
    meta, old = data["meta"], last_year["meta"]
    for name in ("party_committee", "cell_name", "school_level", "place", "signer_name", "signer_role", "recipients"):
        assert meta.get(name) == old.get(name), name
    assert "number" not in meta and "date" not in meta  # the new report gets its own


def test_the_schools_figures_and_the_cells_structure_habits_are_carried_over(last_year):
    last_year = {
        **last_year,
        "school": {"managers": 3, "teachers": 24, "staff": 3, "subject_groups": 4},
        "structure": {
            "grounds": ["Căn cứ Kế hoạch số 12-KH/ĐU ngày 02/11/2026 của Đảng ủy xã"],
            "title": "Tổng kết hoạt động Chi bộ năm 2026",
            "symbol": "/BCTK",
            "headings": [{"section": "narrative.situation", "title": "Tình hình chung"}],
            "extra": [{"after": "narrative.results.inspection", "title": "Công tác dân vận",
                       "paragraphs": ["Năm 2026 chi bộ làm tốt công tác dân vận."]}],
        },
    }
    data = next_year_data(last_year)
    assert data["school"] == last_year["school"]
    # Habits stay; what names this year's documents and events starts empty.
    assert data["structure"] == {"symbol": "/BCTK", "headings": last_year["structure"]["headings"]}
    assert Report.model_validate({**data, "meta": {**data["meta"], "date": "2027-12-18"}}).school.teachers == 24


def test_members_start_from_last_years_end_with_their_levels(last_year):
    data = next_year_data(last_year)
    assert data["members"]["start_of_year"] == last_year["members"]["end_of_year"]
    assert data["members"]["education"] == last_year["members"]["education"]
    assert data["members"]["theory"] == last_year["members"]["theory"]
    for moved in ("admitted", "transferred_out", "end_of_year", "official", "women"):
        assert moved not in data["members"]  # the year's movements and counts are new


def test_roster_replaces_typed_counts_and_levels(valid_roster_report_data):
    data = next_year_data(valid_roster_report_data)
    assert data["members"].get("roster")
    assert set(data["members"]) == {"roster"}  # levels are computed from the roster


def test_students_last_year_and_area_carried_rates_not(last_year):
    students = next_year_data(last_year)["students"]
    old = last_year["students"]
    assert students["last_year"] == {k: old[k] for k in ("assessed", "conduct", "learning", "titles") if old.get(k)}
    assert students["last_year"]["titles"]  # titles are part of the comparison
    assert students["area"] == {"level": "xa_phuong", "name": "xã Hòa Bình"}  # new rates each year
    assert "assessed" not in students and "conduct" not in students


def test_last_years_targets_become_the_targets_to_judge(last_year):
    data = next_year_data(last_year)
    assert data["targets_set"] == last_year["targets"]
    assert "targets" not in data and "target_results" not in data and "achievements" not in data


def test_the_carried_draft_loads_and_last_years_marks_are_not_inherited(last_year):
    untyped = next(p for p in NARRATIVE_PATHS if not _text(last_year, p))  # its default was printed
    last_year["carried_over"] = [untyped]
    data = next_year_data(last_year)
    data["meta"]["date"] = "2027-12-20"
    Report.model_validate(data)
    assert untyped not in data["carried_over"]


def test_every_copied_paragraph_with_text_is_marked(last_year):
    data = next_year_data(last_year)
    assert data["narrative"] == last_year["narrative"]
    typed = [p for p in NARRATIVE_PATHS if _text(last_year, p)]
    assert typed and data["carried_over"] == typed
    assert "narrative.situation.advantages" in data["carried_over"]


def test_no_narrative_no_marks(last_year):
    del last_year["narrative"]
    assert "carried_over" not in next_year_data(last_year)


def test_odd_shapes_in_stored_data_do_not_break_it():
    data = next_year_data({"year": 2026, "meta": "x", "members": [1], "students": "y", "narrative": 3})
    assert data == {"year": 2027, "meta": {}}


def test_clear_marks_removes_only_the_named_and_the_list_when_empty():
    data = {"carried_over": ["narrative.opening", "narrative.causes.lessons"]}
    assert clear_marks(copy.deepcopy(data), ["narrative.opening", "meta.place"]) == {
        "carried_over": ["narrative.causes.lessons"]
    }
    assert clear_marks(copy.deepcopy(data), ["narrative.opening", "narrative.causes.lessons"]) == {}
    assert clear_marks({}, ["narrative.opening"]) == {}


# --- the rules ----------------------------------------------------------------------


def _text(data, path):
    node = data
    for name in path.split("."):
        node = node.get(name) if isinstance(node, dict) else None
    return node


def _report_2027(last_year, modify) -> dict:
    data = next_year_data(last_year)
    full = modify(last_year, {"year": 2027, "meta.date": "2027-12-20"})
    full["narrative"], full["carried_over"] = data["narrative"], data["carried_over"]
    return full


def test_unreviewed_copies_are_warnings_named_by_label(last_year, modify):
    problems = check(Report.model_validate(_report_2027(last_year, modify)))
    copied = [p for p in problems if "chép từ báo cáo năm 2026" in p.message]
    assert {p.path for p in copied} == set(next_year_data(last_year)["carried_over"])
    assert all(p.severity is Severity.WARNING for p in copied)
    advantages = next(p for p in copied if p.path == "narrative.situation.advantages")
    assert "«Thuận lợi»" in advantages.message and "narrative" not in advantages.message


def test_reviewed_copies_are_not_flagged(last_year, modify):
    data = _report_2027(last_year, modify)
    data["carried_over"] = []
    assert not [p for p in check(Report.model_validate(data)) if "chép từ báo cáo" in p.message]


def test_marks_of_unknown_fields_are_dropped_not_errors(valid_report_data, modify):
    data = modify(valid_report_data, {"carried_over": ["members.end_of_year", "narrative.opening", "x"]})
    assert Report.model_validate(data).carried_over == ["narrative.opening"]


def test_stale_year_in_2027_is_a_warning_naming_the_words(last_year, modify):
    problems = check(Report.model_validate(_report_2027(last_year, modify)))
    stale = {p.path: p for p in problems if "có vẻ còn từ báo cáo năm trước" in p.message}
    assert set(stale) == {"narrative.situation.advantages", "narrative.results.professional"}
    assert "«Năm 2026»" in stale["narrative.situation.advantages"].message
    assert "«Năm học 2025-2026»" in stale["narrative.results.professional"].message
    assert stale["narrative.results.professional"].severity is Severity.WARNING


def test_the_same_words_in_their_own_year_are_right(last_year):
    assert not [p for p in check(Report.model_validate(last_year)) if "có vẻ còn" in p.message]


@pytest.mark.parametrize(
    "text, words",
    [
        ("Năm 2026, chi bộ có 25 đảng viên.", ["Năm 2026"]),
        ("Trong năm 2026 chi bộ kết nạp 2 đảng viên.", ["năm 2026"]),
        ("Thực hiện kế hoạch năm học 2025-2026; năm học 2025 – 2026 kết thúc.", ["năm học 2025-2026", "năm học 2025 – 2026"]),
        ("Kết quả năm học 2025-26 đạt chỉ tiêu.", ["năm học 2025-26"]),
        ("Chi bộ có hơn 20 đảng viên trong năm 2026.", ["năm 2026"]),
        ("So sánh đã xong. Năm 2026 chi bộ", ["Năm 2026"]),
    ],
)
def test_stale_mentions_are_found(text, words):
    assert stale_year_mentions(text, 2027) == words


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ học sinh giỏi tăng 3% so với năm 2026.",
        "Tăng 5% so với kết quả năm 2026.",
        "Giảm so với cùng kỳ năm học 2025-2026.",
        "Kết quả tốt hơn năm 2026.",
        "Thực hiện Nghị quyết Đại hội chi bộ nhiệm kỳ 2025-2030.",
        "Nghị quyết số 05-NQ/ĐU ngày 10 tháng 01 năm 2026 của Đảng ủy.",
        "Từ năm 2026 đến nay chi bộ luôn hoàn thành tốt nhiệm vụ.",
        "Trường được thành lập năm 1998, đạt chuẩn quốc gia năm 2019.",
        "Năm 2027 chi bộ kết nạp 2 đảng viên; năm 2028 phấn đấu kết nạp 3.",
        "Kế hoạch năm học 2026-2027 và năm học 2027-2028.",
        "Giai đoạn năm 2021-2025 đã kết thúc.",
        "Đại hội chi bộ năm 2025.",
    ],
)
def test_legitimate_mentions_are_left_alone(text):
    assert stale_year_mentions(text, 2027) == []


def test_chibo_check_names_the_stale_words_and_the_copy(last_year, modify, tmp_path):
    import yaml
    from click.testing import CliRunner

    from chibo.cli import cli

    path = tmp_path / "bao-cao-2027.yaml"
    path.write_text(yaml.safe_dump(_report_2027(last_year, modify), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert "«Thuận lợi» nhắc «Năm 2026», có vẻ còn từ báo cáo năm trước" in result.output
    assert "«Thuận lợi» được chép từ báo cáo năm 2026 và chưa được xem lại" in result.output
