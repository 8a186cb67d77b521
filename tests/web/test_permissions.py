"""Every URL: anonymous → login; another cell → 404; reviewers read but never write."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

STEPS = ["chung", "dang-vien", "hoc-sinh", "xep-loai", "chi-tieu", "noi-dung", "xem-truoc"]


def report_urls(pk: int) -> list[tuple[str, str]]:
    """(method, url) of every view that touches one report."""
    urls = [("get", reverse("report_step", args=[pk, s])) for s in STEPS]
    urls += [
        ("post", reverse("report_save", args=[pk])),
        ("get", reverse("report_download", args=[pk, "docx"])),
        ("get", reverse("report_download", args=[pk, "pdf"])),
        ("get", reverse("report_versions", args=[pk])),
        ("get", reverse("report_version", args=[pk, 1])),
        ("post", reverse("report_restore", args=[pk, 1])),
        ("post", reverse("report_comment", args=[pk])),
    ]
    return urls


def test_anonymous_is_sent_to_login(client, report):
    for method, url in [("get", reverse("home")), ("get", reverse("office")), ("post", reverse("report_new"))] + report_urls(report.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_other_cell_gets_404_everywhere(login, report, users):
    client = login(users["other_secretary"])
    for method, url in report_urls(report.pk):
        response = getattr(client, method)(url, data=json.dumps({"base_version": 1, "changes": {}}) if "luu" in url else None,
                                           content_type="application/json" if "luu" in url else None) if method == "post" and "luu" in url else getattr(client, method)(url)
        assert response.status_code == 404, url


def test_secretary_reads_and_writes_her_report(login, report, users):
    client = login(users["secretary"])
    for step in STEPS:
        assert client.get(reverse("report_step", args=[report.pk, step])).status_code == 200
    response = client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": 1, "changes": {"meta.number": "16"}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_reviewer_cannot_save_or_restore(login, report, users):
    client = login(users["reviewer"])
    assert client.get(reverse("report_step", args=[report.pk, "chung"])).status_code == 200
    response = client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": 1, "changes": {"meta.number": "99"}}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.post(reverse("report_restore", args=[report.pk, 1])).status_code == 403
    report.refresh_from_db()
    assert report.version == 1 and report.data["meta"]["number"] != "99"
    # The reviewer may comment.
    assert client.post(reverse("report_comment", args=[report.pk]), {"text": "Cần bổ sung số liệu."}).status_code == 302
    assert report.comments.count() == 1


def test_office_reads_all_its_cells_but_does_not_write(login, report, other_report, users):
    client = login(users["office"])
    for pk in (report.pk, other_report.pk):
        assert client.get(reverse("report_step", args=[pk, "chung"])).status_code == 200
    response = client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": 1, "changes": {"meta.number": "1"}}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get(reverse("office")).status_code == 200


def test_office_page_is_404_for_others(login, users):
    for role in ("secretary", "reviewer"):
        assert login(users[role]).get(reverse("office")).status_code == 404


def test_only_a_secretary_creates_reports(login, users, cells):
    client = login(users["reviewer"])
    assert client.post(reverse("report_new"), {"year": 2027}).status_code == 403
    client = login(users["secretary"])
    response = client.post(reverse("report_new"), {"year": 2027})
    assert response.status_code == 302
    assert cells[0].reports.filter(year=2027).exists()


def test_logout_is_post_only(login, users):
    client = login(users["secretary"])
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


def test_csrf_is_enforced(report, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["secretary"])
    response = client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": 1, "changes": {"meta.number": "77"}}),
        content_type="application/json",
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.version == 1
    # With the token from the page it goes through.
    page = client.get(reverse("report_step", args=[report.pk, "chung"]))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": 1, "changes": {"meta.number": "77"}}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=str(token),
    )
    assert response.status_code == 200
