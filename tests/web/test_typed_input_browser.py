"""In chromium: a secretary types "82,5" and "25 đ/c" and they are saved, shown and counted."""

from __future__ import annotations

from playwright.sync_api import expect

from chibo.web.models import Report
from pages import field, fill, saved, shot, sign_in


def test_a_decimal_comma_and_a_unit_are_saved_and_counted(browser, live_server, users, report):
    end = report.data["members"]["end_of_year"]
    context, page = sign_in(browser, live_server, "bithu1")
    try:
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/dang-vien/")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
        fill(page, {"members.women": f"{end} đ/c"})
        saved(page)
        expect(page.locator('[data-figures="members"]')).to_contain_text("100,00%")
        expect(field(page, "members.women")).to_have_value(f"{end} đ/c")  # the field keeps what was typed
        expect(page.locator('[data-problem-for="members.women"]')).to_be_empty()

        page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chi-tieu/")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
        promotion = field(page, "targets_set.students.promotion_rate")
        promotion.click()
        page.keyboard.type("82,5")  # typed key by key, as on a Vietnamese keyboard
        fill(page, {"target_results.promotion_rate": "83"})
        saved(page)
        expect(page.locator('[data-figures="targets"]')).to_contain_text("82,5")
        expect(page.locator('[data-problem-for="targets_set.students.promotion_rate"]')).to_be_empty()
        shot(page, "typed-82-5")

        stored = Report.objects.get(pk=report.pk).data
        assert stored["members"]["women"] == end
        assert stored["targets_set"]["students"]["promotion_rate"] == 82.5

        page.reload()
        expect(field(page, "targets_set.students.promotion_rate")).to_have_value("82,5")
        expect(field(page, "targets_set.students.promotion_rate")).to_have_attribute("inputmode", "decimal")
    finally:
        context.close()
