"""Saving drafts: versions, conflicts shown not overwritten, restore, limits on sign-in."""

from __future__ import annotations


import pytest
from django.test import Client
from django.urls import reverse

from chibo.web.models import ReportVersion
from web_data import save

PASSWORD = "mat-khau-thu-nghiem-2026"  # as in conftest.py

pytestmark = pytest.mark.django_db


def test_every_save_is_kept_in_a_version_with_who_and_when(login, report, users):
    # Autosaves by one person within ten minutes are one version (tests/web/test_versions.py).
    client = login(users["secretary"])
    assert save(client, report, 1, {"members.women": "18"}).status_code == 200
    assert save(client, report, 2, {"members.women": "17"}).status_code == 200
    versions = list(report.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 3]
    assert versions[1].data["members"]["women"] == 17  # read as a number
    assert versions[1].created_by == users["secretary"] and versions[1].created_at


def test_saving_what_is_already_stored_makes_no_new_version(login, report, users):
    # A field left after an autosave is sent again; that is not a new version.
    client = login(users["secretary"])
    assert save(client, report, 1, {"members.women": "18"}).json()["version"] == 2
    body = save(client, report, 2, {"members.women": "18"}).json()
    assert body["version"] == 2 and body["problems"] is not None
    assert [v.number for v in report.versions.order_by("number")] == [1, 2]


def test_save_answers_with_problems_and_figures(login, report, users):
    client = login(users["secretary"])
    body = save(client, report, 1, {"members.end_of_year": "30"}).json()
    problem = next(p for p in body["problems"] if p["path"] == "members.end_of_year")
    assert problem["severity"] == "lỗi"
    assert "«Số đảng viên cuối năm»" in problem["message"]
    assert body["figures"]["members"]["expected_end"] == 25
    # Fixing it clears the problem; figures follow.
    body = save(client, report, 2, {"members.end_of_year": "25"}).json()
    assert not [p for p in body["problems"] if p["path"] == "members.end_of_year"]
    students = body["figures"]["students"]["dimensions"][0]
    assert students["rows"][0]["percent"] == "84,84%"


def test_incomplete_draft_still_saves_and_shows_figures(login, report, users):
    client = login(users["secretary"])
    body = save(client, report, 1, {"meta.place": "", "members.start_of_year": "abc"}).json()
    paths = {p["path"] for p in body["problems"]}
    assert "meta.place" in paths and "members.start_of_year" in paths
    assert body["figures"]["students"] is not None  # the parts that are right still count
    report.refresh_from_db()
    assert "place" not in report.data["meta"] and report.data["members"]["start_of_year"] == "abc"


def test_concurrent_saves_of_the_same_field_conflict(login, report, users, client):
    first = login(users["secretary"])
    second = Client()
    second.force_login(users["secretary"])
    assert save(first, report, 1, {"meta.place": "Đông Thành A"}).status_code == 200
    response = save(second, report, 1, {"meta.place": "Đông Thành B"})  # made from version 1
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] and body["version"] == 2
    assert body["fields"] == [
        {"path": "meta.place", "label": "Địa danh", "theirs": "Đông Thành A", "mine": "Đông Thành B"}
    ]
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "Đông Thành A"  # nothing overwritten silently
    # The user chose hers: it is saved as a new version, the other stays in history.
    assert save(second, report, 1, {"meta.place": "Đông Thành B"}, force=True).status_code == 200
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "Đông Thành B"
    assert ReportVersion.objects.get(report=report, number=2).data["meta"]["place"] == "Đông Thành A"


def test_concurrent_saves_of_different_fields_merge(login, report, users):
    first = login(users["secretary"])
    second = Client()
    second.force_login(users["secretary"])
    assert save(first, report, 1, {"meta.place": "Đông Thành A"}).status_code == 200
    assert save(second, report, 1, {"meta.signer_name": "Nguyễn Văn B"}).status_code == 200
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "Đông Thành A"
    assert report.data["meta"]["signer_name"] == "Nguyễn Văn B"


def test_restore_an_old_version(login, report, users):
    client = login(users["secretary"])
    save(client, report, 1, {"meta.number": "99"})
    response = client.post(reverse("report_restore", args=[report.pk, 1]), {"confirm": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 3
    assert report.data["meta"]["number"] == ReportVersion.objects.get(report=report, number=1).data["meta"]["number"]
    assert ReportVersion.objects.get(report=report, number=3).note == "Khôi phục phiên bản 1"


def test_bad_save_payload_and_paths(login, report, users):
    client = login(users["secretary"])
    bad = client.post(reverse("report_save", args=[report.pk]), data="không phải json", content_type="application/json")
    assert bad.status_code == 400 and "không đúng dạng" in bad.json()["error"]
    assert save(client, report, 1, {"year": "1999"}).status_code == 400
    assert save(client, report, 1, {"__class__": "x"}).status_code == 400


def test_download_docx_and_refusal_with_errors(login, report, users):
    client = login(users["secretary"])
    response = client.get(reverse("report_download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    save(client, report, 1, {"members.end_of_year": "30"})
    refused = client.get(reverse("report_download", args=[report.pk, "docx"]))
    assert refused.status_code == 409
    assert "«Số đảng viên cuối năm»" in refused.content.decode()


def test_new_report_from_last_year(login, report, users, cells):
    client = login(users["secretary"])
    response = client.post(reverse("report_new"), {"year": 2027, "from_last_year": "on"})
    assert response.status_code == 302
    new = cells[0].reports.get(year=2027)
    assert new.data["members"]["start_of_year"] == report.data["members"]["end_of_year"]
    assert new.data["targets_set"] == report.data["targets"]  # last year's targets to judge against
    assert new.data["students"]["last_year"]["assessed"] == report.data["students"]["assessed"]
    assert new.data["narrative"] == report.data["narrative"]


def test_the_year_proposed_for_a_new_report_is_the_first_without_one(login, report, users):
    """A cell that has written this year's report is offered next year's, not this year's
    again (which only led back to the report it has)."""
    from django.utils import timezone

    this_year = timezone.now().year
    client = login(users["secretary"])
    report.year = this_year
    report.save(update_fields=["year"])
    assert client.get(reverse("home")).context["new_form"].initial["year"] == this_year + 1
    report.year = this_year - 1
    report.save(update_fields=["year"])
    assert client.get(reverse("home")).context["new_form"].initial["year"] == this_year


def test_sign_in_attempts_are_limited(client, users, settings):
    settings.LOGIN_ATTEMPTS = 3
    url = reverse("login")
    for _ in range(2):
        assert client.post(url, {"username": "bithu1", "password": "sai"}).status_code == 200
    # The third failure is the last: it already answers with the lockout page.
    assert client.post(url, {"username": "bithu1", "password": "sai"}).status_code == 429
    locked = client.post(url, {"username": "bithu1", "password": PASSWORD})
    assert locked.status_code == 429
    assert "thử lại sau" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # the right password does not get through


def test_sign_in_rotates_the_session(client, users):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    response = client.post(reverse("login"), {"username": "bithu1", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before


def test_passwords_are_hashed_with_argon2(users):
    assert users["secretary"].password.startswith("argon2")


def test_download_pdf(login, report, users):
    response = login(users["office"]).get(reverse("report_download", args=[report.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="2026 - Chi bo Truong THCS Dong Thanh.pdf"' in response["Content-Disposition"]
