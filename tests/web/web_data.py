"""Data the web tests share, as a plain module (``from web_data import …``): importing
from conftest breaks when tests/conftest.py and tests/web/conftest.py load in one run."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from chibo.web.models import Membership, Report, ReportVersion, Status

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-thu-nghiem-2026"


def example_data(name: str = "thcs-2026.yaml") -> dict:
    """An example file's data as typed, JSON-ready."""
    data = yaml.safe_load((ROOT / "examples" / name).read_text(encoding="utf-8"))
    return _jsonable(data)


def tieu_hoc_data() -> dict:
    """The tiểu học example (TT27), its member list replaced by typed counts a test can add."""
    data = example_data("tieu-hoc-2026.yaml")
    data["members"] = {
        "start_of_year": 13, "admitted": 1, "transferred_in": 0, "transferred_out": 0, "retired": 1, "died": 0,
        "removed": 0, "end_of_year": 13, "official": 12, "probationary": 1, "women": 10, "exempted": 0,
        "education": {"doctorate": 0, "master": 1, "university": 12, "college": 0, "other": 0},
        "theory": {"advanced": 0, "intermediate": 2, "elementary": 11},
    }
    return data


def varied(k: int, name: str, year: int = 2026) -> dict:
    """The THCS example with shifted counts that still add up (k new members, 10·k students)."""
    data = example_data()
    data["year"] = year
    data["meta"]["cell_name"] = name
    m = data["members"]
    for key in ("start_of_year", "end_of_year", "official", "women"):
        m[key] += k
    m["education"]["university"] += k
    data["classification"]["good"] += k
    s = data["students"]
    s["assessed"] += 10 * k
    s["conduct"]["tot"] += 10 * k
    s["learning"]["kha"] += 10 * k
    return data


def stored_report(cell, year: int, data: dict, *, by=None, note: str = "", status: str = Status.DRAFT,
                  submitted_at=None) -> Report:
    """A report as the web stores it, its data version 1 (submitted or approved: that version)."""
    from django.utils import timezone

    sent = status in (Status.SUBMITTED, Status.APPROVED)
    report = Report.objects.create(
        cell=cell, year=year, data=data, version=1, status=status, updated_by=by,
        submitted_version=1 if sent else None,
        submitted_at=submitted_at or (timezone.now() if status != Status.DRAFT else None))
    ReportVersion.objects.create(report=report, number=1, data=data, created_by=by, note=note)
    return report


def downloaded_docx(client, report):
    """The report's DOCX as the editor's download link gives it, parsed."""
    import io

    import docx
    from django.urls import reverse

    response = client.get(reverse("report_download", args=[report.pk, "docx"]))
    assert response.status_code == 200, response.content[:300]
    return docx.Document(io.BytesIO(response.content))


def docx_lines(client, report) -> list[str]:
    """The text of each paragraph of the report's downloaded DOCX."""
    return [p.text for p in downloaded_docx(client, report).paragraphs]


def _jsonable(node):
    """YAML as the web stores it: dates as text, PyYAML's «on:» key (True in YAML 1.1) as "on"."""
    import datetime

    if isinstance(node, dict):
        return {("on" if k is True else str(k)): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def _user(username, role, org, cell=None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username)
    Membership.objects.create(user=user, organisation=org, cell=cell, role=role)
    return user


def save(client, report, base, changes, force=False):
    """POST edits to the editor's save endpoint, as app.js does."""
    import json

    from django.urls import reverse

    return client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": base, "changes": changes, "force": force}),
        content_type="application/json",
    )
