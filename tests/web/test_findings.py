"""Problems as the editor shows them: linked to their field, counted on the step buttons,
worded without field paths, codes or YAML; labels that tell the years apart."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from chibo.web.models import Report
from plain import leaks
from web_data import stored_report

pytestmark = pytest.mark.django_db


def step_url(report, key):
    return reverse("report_step", args=[report.pk, key])


def state(response) -> dict:
    text = response.content.decode()
    match = re.search(r'<script id="chibo-state" type="application/json">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


def badges(html: str, key: str) -> tuple[str, str, str]:
    """(errors, warnings, accessible text) of a step button; hidden counts as ""."""
    match = re.search(r'data-step-badges="%s">(.*?)</span></span>' % key, html, re.S)
    box = match.group(1) + "</span>"
    text = re.search(r"data-badge-text>(.*?)</span>", box).group(1)
    error = re.search(r'class="badge-error" aria-hidden="true"( hidden)?>(\d+)', box)
    warning = re.search(r'class="badge-warning" aria-hidden="true"( hidden)?>(\d+)', box)
    return ("" if error.group(1) else error.group(2), "" if warning.group(1) else warning.group(2), text)


def broken(report, changes: dict):
    for path, value in changes.items():
        node = report.data
        *parents, last = path.split(".")
        for name in parents:
            node = node.setdefault(name, {})
        node[last] = value
    report.save()
    return report


def new_draft(cells, users):
    return stored_report(cells[1], 2026, {"year": 2026, "meta": {"school_level": "tieu_hoc"}}, by=users["other_secretary"])


def test_step_buttons_count_errors_and_warnings_with_words(login, report, users):
    broken(report, {"members.end_of_year": 30, "meta.date": "2026-06-01"})
    html = login(users["secretary"]).get(step_url(report, "chung")).content.decode()
    # 30 at the end of the year: the balance and official + probationary (lỗi), the
    # education levels' total (cảnh báo); the classification then misses five members
    assert badges(html, "dang-vien") == ("2", "1", " (2 lỗi, 1 cảnh báo)")
    assert badges(html, "xep-loai") == ("1", "", " (1 lỗi)")
    errors, warnings, text = badges(html, "chung")
    assert warnings == "1" and "1 cảnh báo" in text
    assert badges(html, "noi-dung") == ("", "", "")


def test_every_problem_is_counted_at_once_even_when_the_draft_does_not_validate(login, report, users):
    # A missing required name used to hide every later check until it was typed.
    del report.data["meta"]["cell_name"]
    broken(report, {"members.end_of_year": 30})
    html = login(users["secretary"]).get(step_url(report, "chung")).content.decode()
    assert badges(html, "dang-vien")[0] == "2"


def test_empty_fields_of_a_new_draft_are_not_flagged_on_first_open(login, cells, users):
    draft = new_draft(cells, users)
    response = login(users["other_secretary"]).get(step_url(draft, "chung"))
    html = response.content.decode()
    for key in ("chung", "dang-vien", "xep-loai"):
        assert badges(html, key)[0] == "", key
    # they are all there for the browser, marked as only empty, to show once a field is left
    problems = state(response)["problems"]
    cell_name = next(p for p in problems if p["path"] == "meta.cell_name")
    assert cell_name["empty"] is True and cell_name["anchor"] == "f-meta-cell_name"


def test_problems_link_to_their_step_and_field_without_paths(login, report, users):
    broken(report, {"members.end_of_year": 30, "classification": {}})
    client = login(users["secretary"])
    html = client.get(step_url(report, "xem-truoc")).content.decode()
    assert f'href="{step_url(report, "dang-vien")}#f-members-end_of_year"' in html
    # a problem about a whole group links to its first field
    assert f'href="{step_url(report, "xep-loai")}#f-classification-excellent"' in html
    errors = re.search(r'<section class="card errors".*?</section>', html, re.S).group(0)
    assert "<code>" not in errors
    assert not leaks(re.sub(r"<[^>]+>", " ", errors)), leaks(re.sub(r"<[^>]+>", " ", errors))
    # the download refused for errors lists them as links too
    refused = client.get(reverse("report_download", args=[report.pk, "docx"]))
    assert refused.status_code == 409
    assert f'{step_url(report, "dang-vien")}#f-members-end_of_year' in refused.content.decode()


def test_a_save_answers_each_problem_with_its_step_and_field(login, report, users):
    client = login(users["secretary"])
    body = client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": 1, "changes": {"students.last_year.assessed": "1"}}),
        content_type="application/json",
    ).json()
    problem = next(p for p in body["problems"] if p["path"].startswith("students.last_year"))
    assert problem["step"] == "hoc-sinh" and problem["anchor"].startswith("f-students-last_year")
    assert set(problem) == {"path", "severity", "message", "step", "anchor", "empty"}


def test_labels_tell_this_year_last_year_and_next(login, report, users):
    client = login(users["secretary"])
    students = client.get(step_url(report, "hoc-sinh")).content.decode()
    assert re.search(r'for="f-students-conduct-tot">Tốt – kết quả rèn luyện – năm nay<', students)
    assert re.search(r'for="f-students-last_year-conduct-tot">Tốt – kết quả rèn luyện – năm trước<', students)
    targets = client.get(step_url(report, "chi-tieu")).content.decode()
    assert re.search(r'for="f-targets_set-students-gifted">[^<]*– chỉ tiêu năm 2026<', targets)
    assert re.search(r'for="f-targets-students-gifted">[^<]*– chỉ tiêu năm 2027<', targets)


def test_the_scale_in_force_is_shown_not_left_unchosen(login, report, users):
    report.data["students"].pop("scale", None)
    report.save()
    html = login(users["secretary"]).get(step_url(report, "hoc-sinh")).content.decode()
    select = re.search(r'<select id="f-students-scale".*?</select>', html, re.S).group(0)
    assert "(chưa chọn)" not in select
    assert re.search(r'<option value="">Thông tư 22/2021[^<]*\(theo quy định\)</option>', select)


# --- in chromium -----------------------------------------------------------------------


def test_in_the_browser_problems_wait_for_a_left_field_link_to_it_and_count_on_the_steps(
    browser, live_server, report, cells, users
):
    from playwright.sync_api import expect

    from pages import SHOTS, field, fill, go_step, saved, shot, sign_in

    draft = new_draft(cells, users)
    context, page = sign_in(browser, live_server, "bithu2")
    page.goto(f"{live_server.url}{step_url(draft, 'chung')}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    # first open of an empty draft: nothing flagged under the fields, nothing on the buttons
    expect(page.locator(".problem.shown")).to_have_count(0)
    expect(page.locator(".badge-error:visible")).to_have_count(0)
    # in the name field and out of it: now it is flagged, there and on the step button
    field(page, "meta.place").focus()
    field(page, "meta.place").blur()
    expect(page.locator('[data-problem-for="meta.place"]')).to_contain_text("Chưa có «Địa danh»")
    chung = page.locator('[data-step-badges="chung"]')
    expect(chung.locator(".badge-error")).to_have_text("1")
    expect(chung.locator("[data-badge-text]")).to_have_text(" (1 lỗi)")
    context.close()

    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}{step_url(report, 'dang-vien')}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    # the figures say they are out of date while a change waits to be saved
    fill(page, {"members.end_of_year": "30"})
    expect(page.locator('[data-figures="members"] .stale-note')).to_contain_text("chưa tính lại")
    saved(page)
    expect(page.locator('[data-figures="members"] .stale-note')).to_have_count(0)
    expect(page.locator('[data-step-badges="dang-vien"] .badge-error')).to_have_text("2")
    expect(page.locator('[data-step-badges="xep-loai"] .badge-error')).to_have_text("1")
    # every problem of the other steps is listed at once, each a link to its field
    page.locator("#problems-elsewhere summary").click()
    expect(page.locator("#problems-elsewhere a.problem-link")).to_contain_text(["Chi bộ có 30 đảng viên"])
    saved(page)
    shot(page, "findings-step-bar")
    if SHOTS is not None:  # on a phone, the step list unfolded: its badges
        page.set_viewport_size({"width": 360, "height": 900})
        if page.locator("details.step-list").count():
            page.locator("details.step-list > summary").click()
        page.locator("nav.steps").screenshot(path=str(SHOTS / "findings-step-list-360.png"))
        page.set_viewport_size({"width": 1280, "height": 900})

    # from the preview, an error opens its step with the field focused and in view
    go_step(page, "7. Xem trước, tải về")
    shot(page, "findings-preview-errors")
    page.locator("section.errors a.problem-link", has_text="«Số đảng viên chính thức»").click()
    expect(page.locator("main > h1")).to_have_text("Đảng viên")
    target = field(page, "members.official")
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    # a problem of another step, from the list: that step opens at the field
    page.locator("#problems-elsewhere summary").click()
    page.locator("#problems-elsewhere a.problem-link", has_text="Chi bộ có 30 đảng viên").click()
    expect(page.locator("main > h1")).to_have_text("Xếp loại, kết quả")
    expect(field(page, "classification.not_rated[0].count")).to_be_focused()
    context.close()


def test_in_the_browser_a_field_just_filled_is_not_flagged_empty_and_next_step_still_goes(
    browser, live_server, report, users
):
    """Leaving a field just typed in used to show the last save's «Chưa ghi …» under it (the
    value not yet checked); on «Bước tiếp →» that message pushed the button away between
    mousedown and mouseup, and the click was lost."""
    from playwright.sync_api import expect

    from pages import field, sign_in

    data = dict(report.data)
    del data["achievements"]
    Report.objects.filter(pk=report.pk).update(data=data)
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}{step_url(report, 'xep-loai')}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    field(page, "achievements").fill("Chi bộ đạt mức Hoàn thành tốt nhiệm vụ.\nNhà trường đạt Tập thể lao động tiên tiến.")
    field(page, "classification.cell_title").focus()  # left: a typed value, nothing to flag yet
    # checked at once, before the autosave (seconds later) sends the value and the answer clears it
    assert page.locator(".problem.shown", has_text="Chưa ghi «Kết quả đạt được cuối năm»").count() == 0
    field(page, "achievements").fill("Chi bộ đạt mức Hoàn thành tốt nhiệm vụ.")
    page.get_by_role("link", name="Bước tiếp →").click()
    expect(page.locator("main > h1")).to_have_text("Chỉ tiêu")
    assert Report.objects.get(pk=report.pk).data["achievements"] == ["Chi bộ đạt mức Hoàn thành tốt nhiệm vụ."]
    context.close()
