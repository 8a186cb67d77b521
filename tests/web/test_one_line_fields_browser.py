"""In chromium: a report holding a line break in one-line fields (an upload or an API save before
they were cleaned) is opened in the editor, and no new version is saved by opening it."""

from __future__ import annotations

import copy

from playwright.sync_api import expect

from chibo.web.models import Report, ReportVersion
from pages import field, sign_in


def test_opening_a_step_with_a_line_break_in_a_one_line_field_saves_nothing(browser, live_server, users, report):
    data = copy.deepcopy(report.data)
    data["meta"]["place"] = "Đông\nThành"
    data.setdefault("structure", {})["title"] = "Tổng kết hoạt động\r\nChi bộ"
    report.data = data
    report.save()
    versions = ReportVersion.objects.filter(report=report).count()
    context, page = sign_in(browser, live_server, "bithu1")
    try:
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
        expect(field(page, "meta.place")).to_have_value("Đông Thành")
        page.wait_for_timeout(3_000)  # past the autosave's delay (1.2 s)
        expect(page.locator("#save-status")).not_to_contain_text("Đã lưu lúc")
        assert ReportVersion.objects.filter(report=report).count() == versions
        assert Report.objects.get(pk=report.pk).version == report.version
    finally:
        context.close()
