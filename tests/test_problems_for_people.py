"""Problems as people read them: every problem of a draft at once, in words without
field paths, codes or YAML (plain.py); keys and codes only in the file users' hint."""

from __future__ import annotations

from chibo.draft import draft_state
from chibo.loader import validate
from chibo.model import field_label
from plain import assert_plain, leaks


def test_an_invalid_draft_still_reports_every_later_problem(valid_report_data, modify):
    # The cell's name missing (the model does not validate) must not hide the checks of
    # the rest: before, only the missing name showed, and fixing it revealed the others.
    data = modify(valid_report_data, {"meta.cell_name": modify.DELETE, "classification": {}, "achievements": []})
    problems, figures = draft_state(data)
    paths = {p.path for p in problems}
    assert {"meta.cell_name", "classification", "achievements"} <= paths, paths
    assert figures is not None


def test_a_check_is_not_repeated_for_a_value_that_is_itself_invalid(valid_report_data, modify):
    problems, _ = draft_state(modify(valid_report_data, {"members.end_of_year": "nhiều"}))
    at_end = [p for p in problems if p.path == "members.end_of_year"]
    assert len(at_end) == 1, [p.message for p in at_end]


def test_every_problem_of_broken_drafts_is_plain(valid_report_data, valid_roster_report_data, modify):
    drafts = [
        {},
        {"year": 2026, "meta": {"school_level": "thcs"}},
        modify(valid_report_data, {"meta.cell_name": modify.DELETE, "meta.place": "", "classification": {}}),
        modify(valid_report_data, {"students.conduct": {"tot": 1, "gioi": 3}, "students.learning": {}}),
        modify(valid_report_data, {"classification.cell_rating": None, "targets": {}, "achievements": []}),
        modify(valid_report_data, {"members.end_of_year": 99, "members.education.master": 120}),
        modify(valid_roster_report_data, {"members.end_of_year": 1, "meta.signer_name": modify.DELETE}),
    ]
    for data in drafts:
        problems, _ = draft_state(data)
        assert problems
        assert_plain(problems)


def test_a_missing_field_says_what_to_fill_and_keeps_the_key_for_the_file():
    (p,) = [p for p in validate({"year": 2026}).problems if p.path == "meta"]
    assert not leaks(p.message)
    assert p.empty
    assert "meta:" in p.hint


def test_a_wrong_choice_is_named_by_the_choices_labels():
    data = {"year": 2026, "meta": {"school_level": "dai_hoc"}}
    (p,) = [p for p in validate(data).problems if p.path == "meta.school_level"]
    assert "«Trung học cơ sở»" in p.message and "thcs" not in p.message
    assert "thcs" in p.hint


def test_a_level_is_labelled_by_its_name_not_its_code():
    assert field_label("students.conduct.chua_dat").endswith("mức Chưa đạt")
    assert field_label("students.last_year.learning.hoan_thanh_tot").endswith("mức Hoàn thành tốt")
