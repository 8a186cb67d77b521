"""The member list in chromium: add two members, see section I computed; remove one; a phone shows cards."""

from __future__ import annotations

from playwright.sync_api import expect

from chibo.web.models import Report
from pages import field, saved, shot, sign_in

FIRST = {"name": "Lê Thị Hoa", "sex": "nu", "birth_year": "1988", "admitted_on": "02/03/2012",
         "official_on": "02/03/2013", "education": "thac_si", "theory": "trung_cap"}
SECOND = {"name": "Trần Văn Nam", "sex": "nam", "birth_year": "1996", "admitted_on": "19/05/2026",
          "education": "dai_hoc"}


def add_member(page, index: int, values: dict) -> None:
    page.get_by_role("button", name="+ Thêm đảng viên").click()
    for name, value in values.items():
        target = field(page, f"members.roster[{index}].{name}")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    saved(page)


def count(page, name: str):
    return page.locator(f'input[name="members.{name}"]')


def test_two_members_added_make_section_one_computed(browser, live_server, report, users):
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/dang-vien/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    typed_end = report.data["members"]["end_of_year"]
    expect(count(page, "end_of_year")).to_have_value(str(typed_end))
    expect(count(page, "end_of_year")).to_be_editable()

    add_member(page, 0, FIRST)
    # the typed counts give way to the list's: one member, official, a woman, a master's degree
    expect(count(page, "end_of_year")).to_have_value("1")
    expect(count(page, "end_of_year")).not_to_be_editable()
    expect(count(page, "women")).to_have_value("1")
    expect(count(page, "education.master")).to_have_value("1")

    add_member(page, 1, SECOND)
    page.locator('tbody[data-row="1"]').get_by_role("button", name="+ Biến động").click()
    field(page, "members.roster[1].events[0].kind").select_option("mien_sinh_hoat")
    field(page, "members.roster[1].events[0].on").fill("01/09/2026")
    saved(page)
    expect(count(page, "end_of_year")).to_have_value("2")
    expect(count(page, "admitted")).to_have_value("1")
    expect(count(page, "probationary")).to_have_value("1")
    expect(count(page, "exempted")).to_have_value("1")
    expect(count(page, "education.university")).to_have_value("1")

    # after a reload the same, from the server
    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    expect(count(page, "end_of_year")).to_have_value("2")
    expect(page.get_by_text("Các số tính từ danh sách đảng viên.").first).to_be_visible()
    stored = Report.objects.get(pk=report.pk).data["members"]
    assert [m["name"] for m in stored["roster"]] == ["Lê Thị Hoa", "Trần Văn Nam"]
    assert stored["roster"][1]["events"][0]["kind"] == "mien_sinh_hoat"
    assert "end_of_year" not in stored
    shot(page, "roster-table")

    # at 360 px each member is a card: nothing wider than the screen
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    card = page.locator('tbody[data-row="0"]')
    assert card.evaluate("e => getComputedStyle(e).display") == "block"
    label = card.locator("td.c-admitted_on").evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Ngày vào Đảng"'
    page.set_viewport_size({"width": 1280, "height": 900})

    # removing the first member: asked first, then the list and counts have one
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator('tbody[data-row="0"]').get_by_role("button", name="Xóa đảng viên").click()
    page.wait_for_load_state("load")
    expect(page.locator("tbody.member")).to_have_count(1, timeout=15_000)
    expect(field(page, "members.roster[0].name")).to_have_value("Trần Văn Nam")
    expect(count(page, "end_of_year")).to_have_value("1")
    assert [m["name"] for m in Report.objects.get(pk=report.pk).data["members"]["roster"]] == ["Trần Văn Nam"]
    context.close()


def test_next_years_roster_lists_members_due_to_be_made_official(browser, live_server, report, users):
    data = dict(report.data)
    data["year"] = 2027
    data["members"] = {"roster": [
        {"name": "Trần Văn Nam", "sex": "nam", "birth_year": 1996, "admitted_on": "2026-05-19", "education": "dai_hoc"},
        {"name": "Lê Thị Hoa", "sex": "nu", "birth_year": 1988, "admitted_on": "2012-03-02",
         "official_on": "2013-03-02", "education": "thac_si"},
    ]}
    Report.objects.filter(pk=report.pk).update(data=data, year=2027)
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/dang-vien/")
    expect(page.get_by_text("Đến hạn xét chính thức trong năm 2027: Trần Văn Nam.")).to_be_visible()
    expect(page.locator('tbody[data-row="0"] .badge.due')).to_have_text("đến hạn xét chính thức")
    expect(page.locator('tbody[data-row="1"] .badge.due')).to_have_count(0)
    context.close()
