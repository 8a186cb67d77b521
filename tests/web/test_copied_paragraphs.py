"""Next year from this year in the web app: copied paragraphs marked until edited or kept,
stale years flagged, in the editor and in a real browser."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from chibo.web.models import ReportVersion
from pages import field, go_step, saved, shot, sign_in
from web_data import stored_report

MARKED = "narrative.results.party_building"  # says "năm 2026" in examples/thcs-2026.yaml


def save(client, report, base, changes):
    return client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": base, "changes": changes}),
        content_type="application/json",
    )


def text(value) -> str:
    return "\n".join(value) if isinstance(value, list) else value


@pytest.fixture
def next_report(login, report, users, cells):
    client = login(users["secretary"])
    assert client.post(reverse("report_new"), {"year": 2027, "from_last_year": "on"}).status_code == 302
    return cells[0].reports.get(year=2027)


@pytest.mark.django_db
def test_started_from_last_year_every_copied_paragraph_is_marked(login, users, report, next_report):
    marks = next_report.data["carried_over"]
    assert MARKED in marks and len(marks) == 7  # the paragraphs the example's file has text in
    page = login(users["secretary"]).get(reverse("report_step", args=[next_report.pk, "noi-dung"])).content.decode()
    assert "7</span> đoạn chép từ năm trước cần xem lại" in page
    assert page.count('class="carried"') == 7 and page.count("data-keep=") == 7
    # every other step says so at the top, with a way to the paragraphs
    first = login(users["secretary"]).get(reverse("report_step", args=[next_report.pk, "chung"])).content.decode()
    assert "đoạn chép từ năm trước cần xem lại" in first and reverse("report_step", args=[next_report.pk, "noi-dung"]) in first


@pytest.mark.django_db
def test_editing_a_copied_paragraph_clears_its_mark_only(login, users, next_report):
    client = login(users["secretary"])
    answer = save(client, next_report, next_report.version, {MARKED: "Năm 2027 chi bộ kết nạp 2 đảng viên."})
    assert answer.status_code == 200
    next_report.refresh_from_db()
    assert MARKED not in next_report.data["carried_over"] and len(next_report.data["carried_over"]) == 6
    messages = [p["message"] for p in answer.json()["problems"]]
    assert not any("«Công tác xây dựng Đảng» được chép" in m for m in messages)
    assert any("«Chuyên môn» được chép từ báo cáo năm 2026" in m for m in messages)


@pytest.mark.django_db
def test_keeping_a_paragraph_as_it_is_clears_its_mark_in_a_new_version(login, users, next_report):
    client = login(users["secretary"])
    before = next_report.data["narrative"]["results"]["party_building"]
    versions = ReportVersion.objects.filter(report=next_report).count()
    assert save(client, next_report, next_report.version, {MARKED: text(before)}).status_code == 200
    next_report.refresh_from_db()
    assert MARKED not in next_report.data["carried_over"]
    assert text(next_report.data["narrative"]["results"]["party_building"]) == text(before)
    assert ReportVersion.objects.filter(report=next_report).count() == versions + 1  # who kept it, and when
    page = client.get(reverse("report_step", args=[next_report.pk, "noi-dung"])).content.decode()
    assert "6</span> đoạn chép từ năm trước" in page and f'data-carried-for="{MARKED}"' not in page


@pytest.mark.django_db
def test_the_last_mark_cleared_leaves_no_list_and_no_notice(login, users, next_report):
    client = login(users["secretary"])
    changes = {path: text(_at(next_report.data, path)) for path in next_report.data["carried_over"]}
    assert save(client, next_report, next_report.version, changes).status_code == 200
    next_report.refresh_from_db()
    assert "carried_over" not in next_report.data
    page = client.get(reverse("report_step", args=[next_report.pk, "noi-dung"])).content.decode()
    assert "chép từ năm trước" not in page.lower()


@pytest.mark.django_db
def test_marks_are_not_saved_from_the_editor(login, users, next_report):
    client = login(users["secretary"])
    for value in ("", "narrative.opening", None):
        answer = save(client, next_report, next_report.version, {"carried_over": value})
        assert answer.status_code == 400
        assert "chép từ năm trước" in answer.json()["error"]
    next_report.refresh_from_db()
    assert len(next_report.data["carried_over"]) == 7


def _at(data, path):
    for name in path.split("."):
        data = data[name]
    return data


def test_the_2027_report_started_from_2026_flags_the_stale_year(browser, live_server, report, users):
    context, page = sign_in(browser, live_server, "bithu1")
    page.get_by_label("Năm báo cáo").fill("2027")
    page.get_by_role("button", name="Tạo báo cáo").click()
    expect(page.locator("main > h1")).to_have_text("Thông tin chung")
    expect(page.locator("#carried-summary")).to_contain_text("7 đoạn chép từ năm trước cần xem lại")
    go_step(page, "6. Nội dung các mục")

    problem = page.locator(f'[data-problem-for="{MARKED}"]')
    expect(problem).to_contain_text("nhắc «năm 2026», có vẻ còn từ báo cáo năm trước")
    expect(problem).to_contain_text("được chép từ báo cáo năm 2026")
    mark = page.locator(f'[data-carried-for="{MARKED}"]')
    expect(mark).to_contain_text("Chép từ năm trước — cần xem lại")
    shot(page, "next-year-copied")

    # Kept as it is: the mark goes, the stale year is still named until the words change.
    mark.get_by_role("button", name="Giữ nguyên").click()
    expect(mark).to_have_count(0)
    expect(page.locator("#carried-count")).to_have_text("6")
    saved(page)
    expect(problem).not_to_contain_text("được chép từ báo cáo")
    expect(problem).to_contain_text("«năm 2026»")

    # Edited: its mark goes as the user types; the stale words once fixed, no warning is left.
    other = "narrative.results.culture_sports"
    expect(page.locator(f'[data-problem-for="{other}"]')).to_contain_text("«năm 2026»")
    value = field(page, other).input_value().replace("năm 2026", "năm 2027")
    field(page, other).fill(value)
    expect(page.locator(f'[data-carried-for="{other}"]')).to_have_count(0)
    saved(page)
    expect(page.locator(f'[data-problem-for="{other}"]')).to_be_empty()

    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    expect(page.locator("#carried-count")).to_have_text("5")
    expect(page.locator(f'[data-carried-for="{MARKED}"]')).to_have_count(0)
    expect(page.locator(f'[data-carried-for="{other}"]')).to_have_count(0)
    expect(page.locator('[data-carried-for="narrative.results.professional"]')).to_have_count(1)
    context.close()


@pytest.mark.django_db
def test_submitting_lists_unreviewed_copies_as_warnings(login, users, report, cells):
    data = dict(report.data, year=2027, meta=dict(report.data["meta"], date="2027-12-20"), carried_over=[MARKED])
    later = stored_report(cells[0], 2027, data, by=users["secretary"])
    page = login(users["secretary"]).get(reverse("report_submit_page", args=[later.pk])).content.decode()
    assert "cảnh báo cần xem trước khi nộp" in page and "lỗi: hãy sửa hết" not in page
    assert "«Công tác xây dựng Đảng» được chép từ báo cáo năm 2026 và chưa được xem lại" in page
    assert "«Công tác xây dựng Đảng» nhắc «năm 2026»" in page
