"""Driving the web app in a real browser (Debian's chromium, through Playwright):
signing in, filling fields, waiting for saves, screenshots. The ``browser`` fixture
is in conftest.py."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect

PASSWORD = "mat-khau-thu-nghiem-2026"  # as in conftest.py
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CHIBO_SCREENSHOTS", "")) if os.environ.get("CHIBO_SCREENSHOTS") else None
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def sign_in(browser, live_server, username, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return context, page


def field(page, path):
    return page.locator(f'[data-path="{path}"]')


def fill(page, values: dict) -> None:
    for path, value in values.items():
        target = field(page, path)
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(str(value))


def saved(page):
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc", timeout=15_000)


def shot(page, name):
    if SHOTS is None:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@contextmanager
def two_editors(browser, live_server, report):
    """Two browsers signed in as the same secretary, both on the report's first step."""
    url = f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/"
    contexts = [sign_in(browser, live_server, "bithu1") for _ in range(2)]
    try:
        for _, page in contexts:
            page.goto(url)
        yield tuple(page for _, page in contexts)
    finally:
        for context, _ in contexts:
            context.close()


def go_step(page, title):
    page.get_by_role("navigation", name="Các bước").get_by_role("link", name=title).click()
    expect(page.locator("main > h1")).to_contain_text(title.split(". ", 1)[1])
    if page.locator("#editor").count():  # the preview has no fields
        expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
