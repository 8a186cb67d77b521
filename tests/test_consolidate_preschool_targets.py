"""The office's totals of next year's targets leave out a mầm non cell's pupils' targets,
which its own report does not print (left from another level)."""

from __future__ import annotations

from chibo.consolidate import summarize
from test_children import CHILDREN, _report


def test_a_preschools_pupils_targets_are_not_in_the_office_totals():
    data = _report(CHILDREN, targets={"students": {"gifted": 20}, "teachers": {"advanced_workers": 12},
                                      "party": {"new_members_min": 1, "new_members_max": 2}})
    targets = summarize(data)["targets"]
    assert "students.gifted" not in targets
    assert targets["teachers.advanced_workers"] == 12
    data["meta"]["school_level"] = "thcs"
    assert summarize(data)["targets"]["students.gifted"] == 20
