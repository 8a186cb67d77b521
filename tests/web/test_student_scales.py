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


def test_a_mixed_year_shows_the_other_grades_on_their_scale_and_saves_them(login, cells, users):
    from web_data import example_data, stored_report

    data = example_data()
    data["year"] = 2023
    data["meta"]["date"] = "2023-12-20"
    data["students"].pop("last_year", None)
    data["students"].pop("area", None)
    report = stored_report(cells[0], 2023, data, by=users["secretary"], note="Tạo mới")
    shown = {i.path: i for i in _inputs(report.data, "students.")}
    assert shown["students.groups[0].scale"].unset == "Thông tư 22/2021/TT-BGDĐT"  # main scale is TT58 in 2023
    assert "students.groups[0].learning.chua_dat" in shown and "students.groups[0].learning.kem" not in shown
    client = login(users["secretary"])
    response = save(client, report, report.version, {
        "students.grades": "Khối 8, 9",
        "students.groups[0].grades": "Khối 6, 7",
        "students.groups[0].assessed": "200",
        "students.groups[0].learning.tot": "50",
    })
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    group = report.data["students"]["groups"][0]
    assert group["grades"] == "Khối 6, 7" and group["assessed"] == 200 and group["learning"] == {"tot": 50}
    assert report.data["students"]["grades"] == "Khối 8, 9"


def test_a_single_scale_year_has_no_grade_group(report):
    assert not [i for i in _inputs(report.data, "students.groups")]
