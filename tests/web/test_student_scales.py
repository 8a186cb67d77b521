"""The students step lets the user pick last year's scale; its levels follow that scale
and the comparison across scales can be saved from the web."""

from __future__ import annotations

import pytest
from web_data import save

from chibo.web.editor import steps

pytestmark = pytest.mark.django_db


def _inputs(data, prefix):
    return [i for s in steps(data) for g in s.groups for i in g.inputs if i.path.startswith(prefix)]


def test_last_year_on_tt58_in_a_tt22_report(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {
        "students.scale": "tt22",
        "students.last_year.scale": "tt58",
    })
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.data["students"]["last_year"]["scale"] == "tt58"
    shown = {i.path: i.label for i in _inputs(report.data, "students.last_year.")}
    assert "students.last_year.scale" in shown
    assert shown["students.last_year.learning.kem"].startswith("Kém – học lực")
    assert "students.last_year.learning.chua_dat" not in shown
    response = save(client, report, report.version, {"students.last_year.learning.kem": "4"})
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.data["students"]["last_year"]["learning"]["kem"] == 4


def test_last_year_scale_left_empty_uses_this_years_levels(login, report, users):
    shown = {i.path: i for i in _inputs(report.data, "students.last_year.")}
    assert shown["students.last_year.scale"].unset == "Cùng thang với năm nay"
    this_year = {i.path.removeprefix("students.") for i in _inputs(report.data, "students.learning.")}
    assert {p.removeprefix("students.last_year.") for p in shown if ".learning." in p} == this_year
