"""The parts' title lines retitled from the web editor's first step (structure.headings,
part_one and part_two offered beside the sections), saved, shown again and printed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from web_data import docx_lines, save

pytestmark = pytest.mark.django_db

PART_ONE = "Đánh giá kết quả lãnh đạo, chỉ đạo của Chi bộ trong năm 2026"
PART_TWO = "Phương hướng, nhiệm vụ năm 2027"


def test_part_titles_are_offered_saved_shown_again_and_printed(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "chung"])).content.decode()
    select = re.search(r'<select[^>]*name="structure.headings\[0\].section".*?</select>', step, re.S)
    assert select, "no choice of section"
    assert 'value="part_one"' in select.group() and 'value="part_two"' in select.group()
    assert "Phần thứ nhất (đánh giá năm báo cáo)" in select.group()

    response = save(client, report, report.version, {
        "structure.headings[0].section": "part_one",
        "structure.headings[0].title": PART_ONE,
        "structure.headings[1].section": "part_two",
        "structure.headings[1].title": PART_TWO,
    })
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    assert report.data["structure"]["headings"] == [
        {"section": "part_one", "title": PART_ONE}, {"section": "part_two", "title": PART_TWO}]

    step = client.get(reverse("report_step", args=[report.pk, "chung"])).content.decode()
    assert PART_ONE in step and PART_TWO in step
    chosen = re.search(r'<select[^>]*name="structure.headings\[1\].section".*?</select>', step, re.S).group()
    assert re.search(r'<option value="part_two"[^>]*selected', chosen)

    lines = docx_lines(client, report)
    at = lines.index("PHẦN THỨ NHẤT")
    assert lines[at + 1].replace("\n", " ") == PART_ONE.upper()  # in two lines, too long for one
    assert lines[lines.index("PHẦN THỨ HAI") + 1] == PART_TWO.upper()


def test_a_part_cannot_be_left_out_from_the_content_step(login, report, users):
    client = login(users["secretary"])
    response = client.post(reverse("report_section", args=[report.pk]), {"leave_out": "part_one"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert "left_out" not in report.data
