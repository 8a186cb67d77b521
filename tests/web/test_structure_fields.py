"""The cell's own structure (issue 11 item 2) from the web editor: Căn cứ lines, title line,
symbol, a renamed section and an added one, saved and read back from the DOCX."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import docx_lines, downloaded_docx, save

pytestmark = pytest.mark.django_db

CHANGES = {
    "structure.grounds": "Căn cứ Điều lệ Đảng Cộng sản Việt Nam\nHướng dẫn số 25-HD/BTCTW",
    "structure.title": "Tổng kết hoạt động Chi bộ năm 2026",
    "structure.symbol": "/BCTK",
    "structure.headings[0].section": "narrative.situation",
    "structure.headings[0].title": "Tình hình chung",
    "structure.extra[0].after": "narrative.results.inspection",
    "structure.extra[0].title": "Công tác dân vận",
    "structure.extra[0].paragraphs": "Chi bộ thực hiện tốt Quy chế dân chủ ở cơ sở.",
}


def test_structure_is_in_the_editor_saved_and_printed(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "chung"])).content.decode()
    for path in CHANGES:
        assert f'name="{path}"' in step, path
    assert "Ký hiệu báo cáo" in step and "Đặt sau mục" in step

    response = save(client, report, report.version, CHANGES)
    assert response.status_code == 200, response.content[:300]
    warnings = [p for p in response.json()["problems"] if p["path"] == "structure.symbol"]
    assert warnings and "«Số 15-BC/CB»" in warnings[0]["message"]
    report.refresh_from_db()
    assert report.data["structure"]["headings"] == [{"section": "narrative.situation", "title": "Tình hình chung"}]

    parsed = downloaded_docx(client, report)
    lines = [p.text for p in parsed.paragraphs]
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in lines
    assert "Căn cứ Hướng dẫn số 25-HD/BTCTW;" in lines
    assert "Tổng kết hoạt động Chi bộ năm 2026" in lines
    assert "I. Tình hình chung" in lines
    assert "7. Công tác dân vận" in lines
    masthead = "\n".join(c.text for row in parsed.tables[0].rows for c in row.cells)
    assert "Số 15/BCTK" in masthead


def test_a_section_that_is_not_one_is_refused_in_words(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {"structure.headings[0].section": "narrative.nothing"})
    assert response.status_code == 422
    assert "«Mục đổi tên – dòng 1» chỉ nhận một trong các lựa chọn" in response.json()["error"]  # its row, as the editor labels it
    report.refresh_from_db()
    assert report.data["members"]["end_of_year"] == 25  # nothing else lost


def test_a_whole_section_is_left_out_and_put_back_from_the_content_step(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "noi-dung"])).content.decode()
    assert 'name="leave_out" value="narrative.situation"' in step
    response = client.post(reverse("report_section", args=[report.pk]), {"leave_out": "narrative.situation"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.data["left_out"] == ["narrative.situation"]
    step = client.get(reverse("report_step", args=[report.pk, "noi-dung"])).content.decode()
    assert 'name="include" value="narrative.situation"' in step and "Cả mục này đã bỏ khỏi báo cáo" in step
    lines = docx_lines(client, report)
    assert "I. Những kết quả đạt được" in lines
    assert not [line for line in lines if "Đặc điểm tình hình" in line]

    client.post(reverse("report_section", args=[report.pk]), {"include": "narrative.situation"})
    report.refresh_from_db()
    assert "left_out" not in report.data


def test_a_whole_section_has_no_default_to_go_back_to(login, report, users):
    client = login(users["secretary"])
    response = client.post(reverse("report_section", args=[report.pk]), {"default": "narrative.situation"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.data["members"]["end_of_year"] == 25
