"""Targets of the other kind of school, saved before the school level was changed, are
not printed and get a cảnh báo asking to delete them: the targets step shows them (only
while saved data has them) so a web user can clear them, and then the cảnh báo is gone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.draft import draft_check
from web_data import save

pytestmark = pytest.mark.django_db

LEFT_OVER = "còn lại từ trước khi đổi cấp học"


def _step(client, report) -> str:
    return client.get(reverse("report_step", args=[report.pk, "chi-tieu"])).content.decode()


def _saved(client, report, changes: dict) -> None:
    response = save(client, report, report.version, changes)
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()


def _warned(report, path: str) -> bool:
    return any(p.path == path for p in draft_check(report.data).problems)


def test_a_preschools_left_over_pupils_targets_can_be_cleared(login, report, users):
    client = login(users["secretary"])
    assert LEFT_OVER not in _step(client, report)  # a THCS report: its pupils' targets are its own
    _saved(client, report, {"targets_set.students.gifted": "30", "target_results.promotion_rate": "97"})
    _saved(client, report, {"meta.school_level": "mam_non", "meta.cell_name": "Chi bộ Trường Mầm non Đông Thành"})
    assert _warned(report, "targets_set.students") and _warned(report, "target_results")
    step = _step(client, report)
    assert f"Chỉ tiêu của học sinh {LEFT_OVER}" in step
    assert 'name="targets_set.students.gifted"' in step and 'name="target_results.promotion_rate"' in step
    assert 'name="targets_set.students.promotion_rate"' not in step  # never saved: not asked for
    changes = {"targets_set.students.gifted": "", "target_results.promotion_rate": ""}
    changes |= {f"targets.students.{name}": "" for name, value in report.data["targets"]["students"].items()
                if value is not None}
    _saved(client, report, changes)
    assert not _warned(report, "targets_set.students") and not _warned(report, "target_results")
    assert not _warned(report, "targets.students")
    step = _step(client, report)
    assert LEFT_OVER not in step and 'name="targets_set.students.gifted"' not in step


def test_a_schools_left_over_childrens_targets_can_be_cleared(login, report, users):
    client = login(users["secretary"])
    _saved(client, report, {"meta.school_level": "mam_non", "meta.cell_name": "Chi bộ Trường Mầm non Đông Thành"})
    _saved(client, report, {"targets.children.attendance_rate": "96"})
    _saved(client, report, {"meta.school_level": "thcs", "meta.cell_name": "Chi bộ Trường THCS Đông Thành"})
    assert _warned(report, "targets.children")
    step = _step(client, report)
    assert f"Chỉ tiêu của trẻ {LEFT_OVER}" in step and 'name="targets.children.attendance_rate"' in step
    assert 'name="targets_set.children.attendance_rate"' not in step
    _saved(client, report, {"targets.children.attendance_rate": ""})
    assert not _warned(report, "targets.children")
    assert LEFT_OVER not in _step(client, report)


def _students_step(client, report) -> str:
    return client.get(reverse("report_step", args=[report.pk, "hoc-sinh"])).content.decode()


def test_a_preschools_left_over_pupils_results_can_be_cleared(login, report, users):
    client = login(users["secretary"])
    assert LEFT_OVER not in _students_step(client, report)
    _saved(client, report, {"meta.school_level": "mam_non", "meta.cell_name": "Chi bộ Trường Mầm non Đông Thành"})
    assert _warned(report, "students")
    step = _students_step(client, report)
    assert f"Số liệu của học sinh {LEFT_OVER}" in step
    assert 'name="students.assessed"' in step and 'name="students.conduct.tot"' in step
    assert 'name="children.children"' in step  # the step is the children's
    paths = [f"students.{p}" for p in ("assessed",)]
    paths += [f"students.{key}.{code}" for key in ("conduct", "learning", "titles")
              for code in (report.data["students"].get(key) or {})]
    changes = {path: "" for path in paths}
    _saved(client, report, changes)
    assert not _warned(report, "students")
    step = _students_step(client, report)
    assert 'name="students.assessed"' not in step
    # what is still saved stays shown until cleared
    rest = [name for name in ("last_year", "area", "scale") if report.data.get("students", {}).get(name)]
    assert (LEFT_OVER in step) == bool(rest)


def test_a_schools_left_over_childrens_figures_can_be_cleared(login, report, users):
    client = login(users["secretary"])
    _saved(client, report, {"meta.school_level": "mam_non", "meta.cell_name": "Chi bộ Trường Mầm non Đông Thành"})
    _saved(client, report, {"children.children": "120", "children.weight.measured": "118"})
    _saved(client, report, {"meta.school_level": "thcs", "meta.cell_name": "Chi bộ Trường THCS Đông Thành"})
    assert _warned(report, "children")
    step = _students_step(client, report)
    assert f"Số liệu của trẻ {LEFT_OVER}" in step
    assert 'name="children.children"' in step and 'name="children.weight.measured"' in step
    assert 'name="children.nursery"' not in step
    _saved(client, report, {"children.children": "", "children.weight.measured": ""})
    assert not _warned(report, "children")
    assert LEFT_OVER not in _students_step(client, report)
