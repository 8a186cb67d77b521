"""The member list in the editor: rows saved through the save endpoint, counts computed from it."""

from __future__ import annotations

import json
import re
import time

import pytest
from django.urls import reverse

from chibo.members import count_roster
from chibo.model import Member
from chibo.web.models import Report, Status
from chibo.web.save import MAX_REPORT_BYTES

pytestmark = pytest.mark.django_db

MEMBER = {
    "name": "Lê Thị Hoa",
    "sex": "nu",
    "birth_year": "1988",
    "admitted_on": "2012-03-02",
    "official_on": "2013-03-02",
    "education": "dai_hoc",
    "theory": "so_cap",
}


def save(client, report, changes):
    report.refresh_from_db()
    body = json.dumps({"base_version": report.version, "changes": changes})
    return client.post(reverse("report_save", args=[report.pk]), data=body, content_type="application/json")


def row(i: int, member: dict) -> dict:
    return {f"members.roster[{i}].{k}": v for k, v in member.items()}


def step_html(client, report) -> str:
    response = client.get(reverse("report_step", args=[report.pk, "dang-vien"]))
    assert response.status_code == 200
    return response.content.decode()


def test_rows_and_events_are_saved_and_the_counts_computed(login, report, users):
    client = login(users["secretary"])
    # typed counts from before the list: replaced by the computed ones
    assert report.data["members"]["end_of_year"] > 2
    response = save(client, report, row(0, MEMBER))
    assert response.status_code == 200, response.content
    second = {**MEMBER, "name": "Trần Văn Nam", "sex": "nam", "admitted_on": "2026-05-19", "official_on": None}
    response = save(client, report, {**row(1, second), "members.roster[1].events[0].kind": "chuyen_den",
                                     "members.roster[1].events[0].on": "2026-08-01"})
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    roster = report.data["members"]["roster"]
    assert [m["name"] for m in roster] == ["Lê Thị Hoa", "Trần Văn Nam"]
    assert roster[1]["events"] == [{"kind": "chuyen_den", "on": "2026-08-01"}]
    assert "end_of_year" not in report.data["members"] and "education" not in report.data["members"]
    computed = response.json()["figures"]["members"]["computed"]
    assert computed["end_of_year"] == 2 and computed["admitted"] == 1 and computed["women"] == 1
    assert computed["probationary"] == 1 and computed["education"]["university"] == 2

    html = step_html(client, report)
    assert "Các số tính từ danh sách đảng viên." in html
    # the counts are shown read-only with the computed value, and are not saved from the page
    end = re.search(r'<input id="f-members-end_of_year"[^>]*>', html).group()
    assert 'value="2"' in end and "readonly" in end and "data-path" not in end
    university = re.search(r'<input id="f-members-education-university"[^>]*>', html).group()
    assert 'value="2"' in university and "readonly" in university
    # the table: a column per field of Member, titled from the model, with the stored values
    for name, info in Member.model_fields.items():
        if name != "events":
            assert f"<th scope=\"col\">{info.title}</th>" in html
    assert 'data-path="members.roster[1].events[0].kind"' in html
    assert 'value="Trần Văn Nam"' in html


def test_a_member_is_removed_by_clearing_the_row(login, report, users):
    client = login(users["secretary"])
    other = {**MEMBER, "name": "Phạm Văn Bình", "sex": "nam"}
    assert save(client, report, {**row(0, MEMBER), **row(1, other)}).status_code == 200
    cleared = {path: None for path in row(0, MEMBER)}
    assert save(client, report, cleared).status_code == 200
    report.refresh_from_db()
    assert [m["name"] for m in report.data["members"]["roster"]] == ["Phạm Văn Bình"]


def test_a_half_typed_member_keeps_the_others_counted(login, report, users):
    client = login(users["secretary"])
    assert save(client, report, row(0, MEMBER)).status_code == 200
    response = save(client, report, {"members.roster[1].name": "Người mới"})
    assert response.status_code == 200
    body = response.json()
    assert body["figures"]["members"]["computed"]["end_of_year"] == 1
    missing = {p["path"] for p in body["problems"] if p["severity"] == "lỗi"}
    assert "members.roster[1].sex" in missing and "members.roster[1].admitted_on" in missing


def test_a_row_far_past_the_end_is_refused(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, {"members.roster[7].name": "Nguyễn Văn A"})
    assert response.status_code == 400
    assert "«Danh sách đảng viên»" in response.json()["error"]
    response = save(client, report, {"members.roster[0].identity": "x"})
    assert response.status_code == 400


def test_a_frozen_report_shows_the_table_read_only_and_refuses_roster_saves(login, report, users):
    client = login(users["secretary"])
    assert save(client, report, row(0, MEMBER)).status_code == 200
    Report.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
    response = save(client, report, {"members.roster[0].name": "Tên khác"})
    assert response.status_code == 409 and response.json()["frozen"] is True
    html = step_html(client, report)
    assert "data-roster-add" not in html and "data-roster-remove" not in html
    name = re.search(r'<input data-path="members.roster\[0\].name"[^>]*>', html).group()
    assert "readonly" in name
    report.refresh_from_db()
    assert report.data["members"]["roster"][0]["name"] == "Lê Thị Hoa"


def test_a_reviewer_cannot_change_the_list(login, report, users):
    client = login(users["reviewer"])
    response = save(client, report, row(0, MEMBER))
    assert response.status_code == 403
    assert "data-roster-add" not in step_html(client, report)


def test_a_roster_of_2000_members_fits_under_the_report_limit_and_saves(login, report, users):
    """The limit is kept at 1 MB: 2,000 members with an event each are about half of it."""
    roster = [
        {**MEMBER, "name": f"Nguyễn Thị Phương Thảo {i}", "birth_year": 1970 + i % 40,
         "events": [{"kind": "mien_sinh_hoat", "on": "2026-09-01", "note": "Lý do sức khỏe"}]}
        for i in range(2000)
    ]
    data = {**report.data, "members": {"roster": roster}}
    size = len(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert size < 0.6 * MAX_REPORT_BYTES, size
    Report.objects.filter(pk=report.pk).update(data=data)
    client = login(users["secretary"])
    started = time.perf_counter()
    response = save(client, report, {"members.roster[2000].name": "Người thứ 2001", **{
        f"members.roster[2000].{k}": v for k, v in MEMBER.items() if k != "name"}})
    assert response.status_code == 200, response.content
    assert time.perf_counter() - started < 3  # a generous bound; benchmarks measure speed
    assert response.json()["figures"]["members"]["computed"]["end_of_year"] == 2001
    assert step_html(client, report).count('data-row="') == 2001 + 1  # rows and the blank one


def test_the_computed_counts_are_count_roster(login, report, users):
    client = login(users["secretary"])
    save(client, report, row(0, MEMBER))
    report.refresh_from_db()
    members = [Member.model_validate(m) for m in report.data["members"]["roster"]]
    counts = count_roster(members, 2026)
    html = step_html(client, report)
    start = re.search(r'<input id="f-members-start_of_year"[^>]*>', html).group()
    assert f'value="{counts["start_of_year"]}"' in start
