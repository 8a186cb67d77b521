"""Section I's school figures (issue 11): in the editor's member step, saved, printed in the DOCX."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import docx_lines, save

pytestmark = pytest.mark.django_db

SCHOOL = {
    "school.managers": "3",
    "school.teachers": "24",
    "school.staff": "3",
    "school.subject_groups": "4",
    "school.union_members": "30",
}


def test_school_figures_are_in_the_editor_saved_and_printed(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "dang-vien"])).content.decode()
    for path in (*SCHOOL, "school.pioneers", "members.men"):
        assert f'name="{path}"' in step, path
    assert "Đặc điểm tình hình nhà trường" in step and "Số cán bộ quản lý" in step

    response = save(client, report, report.version, SCHOOL)
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    assert report.data["school"] == {
        "managers": 3, "teachers": 24, "staff": 3, "subject_groups": 4, "union_members": 30,
    }
    text = "\n".join(docx_lines(client, report))
    # 25 members of 30 staff, at the example's two decimals
    assert (
        "Tổng số cán bộ, giáo viên, nhân viên của nhà trường là 30 người (cán bộ quản lý 03, "
        "giáo viên 24, nhân viên 03); đảng viên chiếm 83,33% tổng số cán bộ, giáo viên, nhân viên."
    ) in text
    assert "Nhà trường có 4 tổ chuyên môn." in text
    assert "Công đoàn có 30 đoàn viên." in text
    assert "chi đoàn" not in text.split("Công đoàn có 30 đoàn viên.")[0][-200:]


def test_a_school_figure_that_is_not_a_count_is_named_with_its_field(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {"school.teachers": "hai mươi"})
    assert response.status_code == 200
    problems = [p for p in response.json()["problems"] if p["path"] == "school.teachers"]
    assert problems and problems[0]["severity"] == "lỗi" and "Số giáo viên" in problems[0]["message"]
    report.refresh_from_db()
    assert report.data["members"]["end_of_year"] == 25  # nothing else lost
