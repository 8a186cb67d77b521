"""A mầm non report's children (Report.children): the Học sinh step becomes «Trẻ» with the
children's fields, saved through the editor's whitelist, printed in the DOCX."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import docx_lines, save

pytestmark = pytest.mark.django_db

CHILDREN = {
    "children.kindergarten_classes": "8",
    "children.children": "260",
    "children.attendance_rate": "95,5",
    "children.weight.measured": "258",
    "children.weight.normal": "250",
    "children.weight.underweight": "5",
    "children.weight.overweight": "3",
    "children.last_year.weight.measured": "250",
    "children.last_year.weight.underweight": "8",
    "targets_set.children.underweight_rate": "2",
}


def _preschool(client, report) -> None:
    response = save(client, report, report.version, {"meta.school_level": "mam_non", "meta.cell_name":
                                                      "Chi bộ Trường Mầm non Đông Thành"})
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()


def test_a_preschool_step_has_the_childrens_fields_saved_and_printed(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "hoc-sinh"])).content.decode()
    assert 'name="children.weight.underweight"' not in step  # a THCS report has pupils
    _preschool(client, report)
    step = client.get(reverse("report_step", args=[report.pk, "hoc-sinh"])).content.decode()
    for path in CHILDREN:
        if not path.startswith("targets"):
            assert f'name="{path}"' in step, path
    assert "Suy dinh dưỡng thể nhẹ cân (trẻ)" in step and "Số trẻ được cân" in step
    targets = client.get(reverse("report_step", args=[report.pk, "chi-tieu"])).content.decode()
    assert 'name="targets_set.children.underweight_rate"' in targets
    assert 'name="targets.children.attendance_rate"' in targets

    response = save(client, report, report.version, CHILDREN)
    assert response.status_code == 200, response.content[:300]
    assert not [p for p in response.json()["problems"] if p["path"].startswith("children")]
    report.refresh_from_db()
    assert report.data["children"] == {
        "kindergarten_classes": 8, "children": 260, "attendance_rate": 95.5,
        "weight": {"measured": 258, "normal": 250, "underweight": 5, "overweight": 3},
        "last_year": {"weight": {"measured": 250, "underweight": 8}},
    }
    assert report.data["targets_set"]["children"] == {"underweight_rate": 2}
    text = "\n".join(docx_lines(client, report))
    assert "- Số lượng: nhà trường có 08 lớp mẫu giáo với 260 trẻ." in text
    assert ("- Cân nặng: trong 258 trẻ được cân, kênh bình thường 250 trẻ (96,90%); suy dinh dưỡng thể nhẹ cân "
            "05 trẻ (1,94%); thừa cân, béo phì 03 trẻ (1,16%).") in text
    assert "So với cùng kỳ năm trước: tỷ lệ suy dinh dưỡng thể nhẹ cân giảm 1,26 điểm phần trăm." in text


def test_channels_that_do_not_add_up_are_named_in_the_editor(login, report, users):
    client = login(users["secretary"])
    _preschool(client, report)
    response = save(client, report, report.version, {
        "children.weight.measured": "100", "children.weight.normal": "90",
        "children.weight.underweight": "5", "children.weight.overweight": "3"})
    assert response.status_code == 200
    problems = [p for p in response.json()["problems"] if p["path"] == "children.weight.normal"]
    assert problems and problems[0]["severity"] == "lỗi"
    assert "98" in problems[0]["message"] and "«Số trẻ được cân» (100)" in problems[0]["message"]
    report.refresh_from_db()
    assert report.data["children"]["weight"]["normal"] == 90  # saved as typed, to be fixed
    response = save(client, report, report.version, {"children.weight.measured": "hai trăm"})
    problems = [p for p in response.json()["problems"] if p["path"] == "children.weight.measured"]
    assert problems and "Số trẻ được cân" in problems[0]["message"]
    report.refresh_from_db()
    assert report.data["children"]["weight"]["normal"] == 90  # nothing else lost
