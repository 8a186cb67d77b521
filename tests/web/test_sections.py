"""Sections left out from the editor: one click, the DOCX without them, the default back."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from chibo.defaults import default_paragraphs
from chibo.loader import validate
from web_data import docx_lines

pytestmark = pytest.mark.django_db

PATH = "narrative.shortcomings.facilities"


def click(client, report, **fields):
    return client.post(reverse("report_section", args=[report.pk]), fields)


def part_three(lines: list[str]) -> list[str]:
    """The lines of «III. Khuyết điểm tồn tại»."""
    start = lines.index("III. Khuyết điểm tồn tại")
    return lines[start: lines.index("IV. Nguyên nhân và bài học")]


def test_leave_out_a_section_then_put_it_back(login, report, users):
    client = login(users["secretary"])
    assert "3. Xây dựng cơ sở vật chất" in part_three(docx_lines(client, report))
    step = client.get(reverse("report_step", args=[report.pk, "noi-dung"])).content.decode()
    assert f'name="leave_out" value="{PATH}"' in step

    response = click(client, report, leave_out=PATH)
    assert response.status_code == 302 and response["Location"].endswith("#f-narrative-shortcomings-facilities")
    report.refresh_from_db()
    assert report.data["left_out"] == [PATH]
    assert report.versions.filter(number=report.version).exists()
    lines = part_three(docx_lines(client, report))
    assert "3. Xây dựng cơ sở vật chất" not in lines and "2. Chuyên môn" in lines

    step = client.get(reverse("report_step", args=[report.pk, "noi-dung"])).content.decode()
    assert "Mục này đã bỏ khỏi báo cáo" in step and f'name="include" value="{PATH}"' in step
    preview = client.get(reverse("report_step", args=[report.pk, "xem-truoc"])).content.decode()
    assert "Xây dựng cơ sở vật chất" not in preview.split("III.")[1].split("IV.")[0]

    assert click(client, report, include=PATH).status_code == 302
    report.refresh_from_db()
    assert "left_out" not in report.data
    assert "3. Xây dựng cơ sở vật chất" in part_three(docx_lines(client, report))


def test_restore_the_default_paragraph_in_one_click(login, report, users):
    client = login(users["secretary"])
    path = "narrative.situation.difficulties"  # the example has its own text here
    own = report.data["narrative"]["situation"]["difficulties"]
    step = client.get(reverse("report_step", args=[report.pk, "noi-dung"])).content.decode()
    assert f'name="default" value="{path}"' in step
    assert click(client, report, default=path).status_code == 302
    report.refresh_from_db()
    assert "difficulties" not in report.data["narrative"].get("situation", {})
    lines = docx_lines(client, report)
    assert own.splitlines()[0] not in lines
    default = default_paragraphs("situation.difficulties", validate(report.data).report)
    assert default and default[0] in lines
    step = client.get(reverse("report_step", args=[report.pk, "noi-dung"])).content.decode()
    assert f'name="default" value="{path}"' not in step  # nothing of its own to replace now


@pytest.mark.parametrize("fields", [{}, {"leave_out": "narrative.nowhere"}, {"leave_out": "members.women"},
                                    {"leave_out": PATH, "include": PATH}, {"leave_out": "x" * 5000}])
def test_a_forged_click_is_a_400_and_changes_nothing(login, report, users, fields):
    client = login(users["secretary"])
    response = click(client, report, **fields)
    assert response.status_code == 400 and "hãy tải lại trang" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 1


def test_a_reviewer_cannot_leave_a_section_out(login, report, users):
    client = login(users["reviewer"])
    assert click(client, report, leave_out=PATH).status_code == 403
    step = client.get(reverse("report_step", args=[report.pk, "noi-dung"])).content.decode()
    assert "Bỏ mục này" not in step


def test_in_the_browser_a_left_out_section_is_absent_from_the_preview_and_the_docx(browser, live_server, report, users):
    from pathlib import Path

    from playwright.sync_api import expect

    from pages import field, shot, sign_in

    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/noi-dung/")
    facilities = page.locator(f'[data-field="{PATH}"]')
    facilities.get_by_role("button", name="Bỏ mục này").click()
    expect(facilities.locator(".left-out")).to_contain_text("Mục này đã bỏ khỏi báo cáo")
    expect(field(page, PATH)).to_be_hidden()
    expect(page.locator(".messages, .message, [role=status]").first).to_contain_text("Đã bỏ mục")
    shot(page, "muc-bo-khoi-bao-cao")

    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/xem-truoc/")
    preview = page.locator(".preview").inner_text()
    shortcomings = preview.split("III. Khuyết điểm tồn tại")[1].split("IV. Nguyên nhân và bài học")[0]
    assert "2. Chuyên môn" in shortcomings and "cơ sở vật chất" not in shortcomings
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải DOCX (Word)").click()
    lines = [p.text for p in docx.Document(io.BytesIO(Path(download.value.path()).read_bytes())).paragraphs]
    assert "3. Xây dựng cơ sở vật chất" not in part_three(lines)

    # The default of another section back in one click: the field shows it again.
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/noi-dung/")
    difficulties = page.locator('[data-field="narrative.situation.difficulties"]')
    difficulties.get_by_role("button", name="Dùng lại đoạn mặc định").click()
    expect(field(page, "narrative.situation.difficulties")).not_to_contain_text("còn thiếu 02 giáo viên Tiếng Anh")
    expect(difficulties.get_by_role("button", name="Dùng lại đoạn mặc định")).to_have_count(0)
    context.close()
