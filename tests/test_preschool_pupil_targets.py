"""Pupils' targets in a mầm non report (typed before the level was changed, or in a file):
not printed in either targets table and not judged, with a cảnh báo asking to delete them;
the editor does not show them (tests/web/test_preschool_targets_step.py)."""

from __future__ import annotations

import io

import docx

from chibo.compose import compose
from chibo.figures import compute
from chibo.loader import validate
from chibo.render.to_docx import render_docx
from test_children import CHILDREN, _report
from test_rules import WARN, assert_no_problem_at, assert_problem, run

PUPILS = {"gifted": 20, "promotion_rate": 99}


def _data(level: str = "mam_non") -> dict:
    return _report(CHILDREN, level=level,
                   targets_set={"students": PUPILS, "children": {"attendance_rate": 95}},
                   target_results={"gifted": 22, "advanced_workers": 10},
                   targets={"students": PUPILS, "children": {"attendance_rate": 96},
                            "party": {"new_members_min": 1, "new_members_max": 2}})


def test_pupils_targets_are_not_printed_in_a_preschool_report():
    report = validate(_data()).report
    assert [row.key for row in compute(report).targets] == ["children.attendance_rate"]
    document = docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Đối với trẻ" in cells
    assert not [c for c in cells if "Học sinh giỏi" in c or "lên lớp thẳng" in c or "Đối với học sinh" in c]


def test_pupils_targets_in_a_preschool_report_get_a_warning():
    problems = run(_data())
    for base in ("targets_set.students", "targets.students"):
        assert_problem(problems, base, WARN, "mầm non", "sẽ không in", "xóa")
    assert_problem(problems, "target_results", WARN, "mầm non", "Học sinh giỏi các cấp đạt được", "xóa")
    assert_no_problem_at(problems, "target_results.gifted")


def test_a_school_with_pupils_keeps_them():
    problems = run(_data("thcs"))
    assert_no_problem_at(problems, "targets_set.students")
    assert_no_problem_at(problems, "targets.students")


def test_a_preschool_starter_file_asks_for_no_pupils():
    from chibo.labels import SchoolLevel
    from chibo.loader import parse_text
    from chibo.starter import starter_yaml

    text = starter_yaml(2026, SchoolLevel.PRESCHOOL)
    for key in ("\nstudents:", "gifted", "promotion_rate", "advanced_classes", "conduct_good_rate"):
        assert key not in text, key
    assert "\ntarget_results:" in text and "advanced_workers:" in text  # the teachers' results stay
    assert not [p for p in parse_text(text).problems if "students" in p.path or "target" in p.path]
    assert "gifted:" in starter_yaml(2026, SchoolLevel.PRIMARY)
