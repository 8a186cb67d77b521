"""The editor on a phone (360 px, Debian's chromium): the compact step bar, moving on
without the browser's "Leave site?" prompt, the group heading and figures in view;
place names suggested from the official list."""

from __future__ import annotations

from playwright.sync_api import expect

from chibo.web.editor import STEP_KEYS
from pages import SHOTS, field, fill, saved, shot, sign_in

STEPS = len(STEP_KEYS) + 1  # and the preview


def test_phone_step_bar_and_next_saves_without_a_prompt(browser, live_server, report):
    context, page = sign_in(browser, live_server, "bithu1", width=360)
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.accept()))
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/dang-vien/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    bar = page.locator(".step-compact")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text(f"Bước 2/{STEPS}")
    expect(bar).to_contain_text("Đảng viên")
    # The full bar is folded on a phone, one tap away.
    steps = page.get_by_role("navigation", name="Các bước")
    expect(steps.get_by_role("link", name="1. Thông tin chung")).to_be_hidden()
    steps.get_by_text("Tất cả các bước").click()
    expect(steps.get_by_role("link", name="1. Thông tin chung")).to_be_visible()
    steps.get_by_text("Tất cả các bước").click()

    # The group heading stays in view while its fields scroll; so do its figures.
    legend = page.locator("fieldset.card > legend").first
    assert legend.evaluate("e => getComputedStyle(e).position") == "sticky"
    fill(page, {"members.start_of_year": 24, "members.admitted": 2, "members.end_of_year": 26})
    saved(page)
    figures = page.locator('[data-figures="members"]')
    expect(figures).to_contain_text("số đảng viên cuối năm là")
    assert figures.evaluate("e => getComputedStyle(e).position") == "sticky"
    page.locator('[data-path="members.women"]').scroll_into_view_if_needed()
    box = figures.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900 + 1  # on screen, at the bottom
    if SHOTS is not None:  # what the phone shows mid-group (a full-page shot unsticks everything)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "phone-dang-vien-scrolled-360.png"))
    shot(page, "phone-dang-vien")
    page.set_viewport_size({"width": 360, "height": 900})  # shot() leaves it at 1280

    # Typed, and "Bước tiếp" tapped at once (before the autosave's delay): saved, no prompt.
    fill(page, {"members.women": 15})
    page.get_by_role("link", name="Bước tiếp →").click()
    expect(page.locator("main > h1")).to_have_text("Học sinh")
    expect(page.locator(".step-compact")).to_contain_text(f"Bước 3/{STEPS}")
    assert asked == []
    report.refresh_from_db()
    assert report.data["members"]["women"] == 15

    # The compact arrows move too, with the same saving first.
    fill(page, {"students.assessed": 481})
    page.get_by_role("link", name=f"Bước trước (2/{STEPS})").click()
    expect(page.locator("main > h1")).to_have_text("Đảng viên")
    assert asked == []
    report.refresh_from_db()
    assert report.data["students"]["assessed"] == 481
    context.close()


def test_place_names_are_suggested_as_you_type(browser, live_server, report):
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    target = field(page, "meta.party_committee")
    target.fill("")
    target.press_sequentially("phường Sài G", delay=20)
    options = page.locator(f"#{target.get_attribute('list')} option")
    expect(options.first).to_have_attribute("value", "Đảng bộ phường Sài Gòn", timeout=5_000)
    assert options.first.get_attribute("label") == "thành phố Hồ Chí Minh"
    place = field(page, "meta.place")
    place.fill("")
    place.press_sequentially("dong thanh", delay=20)
    values = page.locator(f"#{place.get_attribute('list')} option")
    expect(values.first).to_have_attribute("value", "Đông Thành", timeout=5_000)
    # Free text stays free: a name of before 2025 is kept as typed.
    fill(page, {"meta.party_committee": "Đảng bộ thị trấn Đông Thành"})
    saved(page)
    report.refresh_from_db()
    assert report.data["meta"]["party_committee"] == "Đảng bộ thị trấn Đông Thành"
    # … with a cảnh báo beside it: thị trấn ended with the districts in July 2025.
    expect(page.locator('[data-problem-for="meta.party_committee"]')).to_contain_text("không có trong danh sách xã, phường")
    shot(page, "places-chung")
    context.close()


def test_no_step_is_wider_than_a_phone(browser, live_server, report):
    """Every field inside the screen at 360 px (a table may be wider only inside its own scroll).
    The targets step's first group, its figures panel empty, once put its fields beside the
    title, 40 px past the edge."""
    context, page = sign_in(browser, live_server, "bithu1", width=360)
    for key in STEP_KEYS:
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/{key}/")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
        wide = page.evaluate("""() => [...document.querySelectorAll('#editor .field')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.dataset.field)""")
        assert wide == [], (key, wide[:5])
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), key
    context.close()
