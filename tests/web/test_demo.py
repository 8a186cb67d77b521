"""The demo đảng bộ of `chibo serve`: something to write and something to check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.draft import draft_state
from chibo.problems import Severity
from chibo.web.demo import ensure_demo
from chibo.web.models import Deadline, Membership, Report, Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_draft_to_write_and_a_submitted_report_to_check(client):
    assert {username for username, _, _ in ensure_demo()} == {"vanphong", "bithu.thcs", "gopy.thcs", "bithu.tieuhoc"}
    assert ensure_demo() == []  # once
    reports = {r.cell.school_level: r for r in Report.objects.select_related("cell")}
    assert reports["thcs"].status == Status.DRAFT
    submitted = reports["tieu_hoc"]
    assert submitted.status == Status.SUBMITTED and submitted.transitions.count() == 1
    problems, _ = draft_state(submitted.data)
    assert not [p for p in problems if p.severity is Severity.ERROR]
    assert submitted.data["meta"]["cell_name"] == submitted.cell.name
    assert Deadline.objects.filter(year=submitted.year).exists()

    office = Membership.objects.get(role=Membership.OFFICE).user
    client.force_login(office)
    page = client.get(reverse("year_page", args=[submitted.year])).content.decode()
    assert "(1/2 chi bộ)" in page and submitted.cell.name in page
    pdf = client.get(reverse("report_download", args=[submitted.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
