"""A đảng bộ with two cells and one user per role; reports made through the core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from chibo.web.models import Cell, Membership, Organisation
from web_data import _user, example_data, stored_report

# Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
# are still synchronous (Django documents this switch for such test tools).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
    return stored_report(cells[0], 2026, example_data(), by=users["secretary"], note="Tạo mới")


@pytest.fixture
def other_report(cells, users):
    return stored_report(cells[1], 2026, {"year": 2026, "meta": {"cell_name": cells[1].name}})


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


def pytest_collection_modifyitems(items):
    # Marked so a run can leave them out (scripts/test does on PostgreSQL: they drive
    # the same views, and the database's part is tested without a browser).
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
