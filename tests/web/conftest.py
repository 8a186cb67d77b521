"""A đảng bộ with two cells and one user per role; reports made through the core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from playwright.sync_api import sync_playwright

from chibo.web.models import Cell, Membership, Organisation, Report, ReportVersion

ROOT = Path(__file__).resolve().parents[2]
# Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
# are still synchronous (Django documents this switch for such test tools).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "mat-khau-thu-nghiem-2026"


def example_data() -> dict:
    data = yaml.safe_load((ROOT / "examples" / "thcs-2026.yaml").read_text(encoding="utf-8"))
    return _jsonable(data)


def _jsonable(node):
    import datetime

    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


@pytest.fixture
def org(db):
    org = Organisation.objects.create(name="Đảng bộ xã Đông Thành")
    Organisation.objects.create(name="Đảng bộ phường Khác")
    return org


@pytest.fixture
def cells(org):
    return (
        Cell.objects.create(organisation=org, name="Chi bộ Trường THCS Đông Thành", school_level="thcs"),
        Cell.objects.create(organisation=org, name="Chi bộ Trường Tiểu học Đông Thành", school_level="tieu_hoc"),
    )


def _user(username, role, org, cell=None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username)
    Membership.objects.create(user=user, organisation=org, cell=cell, role=role)
    return user


@pytest.fixture
def users(org, cells):
    return {
        "secretary": _user("bithu1", Membership.SECRETARY, org, cells[0]),
        "other_secretary": _user("bithu2", Membership.SECRETARY, org, cells[1]),
        "reviewer": _user("gopy1", Membership.REVIEWER, org, cells[0]),
        "office": _user("vanphong", Membership.OFFICE, org),
    }


@pytest.fixture
def report(cells, users):
    data = example_data()
    report = Report.objects.create(cell=cells[0], year=2026, data=data, version=1, updated_by=users["secretary"])
    ReportVersion.objects.create(report=report, number=1, data=data, created_by=users["secretary"], note="Tạo mới")
    return report


@pytest.fixture
def other_report(cells, users):
    data = {"year": 2026, "meta": {"cell_name": cells[1].name}}
    report = Report.objects.create(cell=cells[1], year=2026, data=data, version=1)
    ReportVersion.objects.create(report=report, number=1, data=data)
    return report


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, one per test module (helpers: pages.py)."""
    from pages import ARGS, CHROMIUM

    assert Path(CHROMIUM).exists(), "chromium is installed by scripts/setup (Debian package chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()
