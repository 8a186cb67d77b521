"""The wording a cell may own, saved from the web editor and printed in its DOCX."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import docx_lines, save

pytestmark = pytest.mark.django_db

GOAL = "targets.party.members_goal"


def test_the_goal_for_every_member_is_in_the_editor_and_saved_into_the_docx(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "chi-tieu"])).content.decode()
    assert f'name="{GOAL}"' in step and "Mục tiêu chung về đảng viên" in step
    response = save(client, report, report.version, {GOAL: "100% đảng viên hoàn thành tốt nhiệm vụ trở lên"})
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    assert report.data["targets"]["party"]["members_goal"] == "100% đảng viên hoàn thành tốt nhiệm vụ trở lên"
    lines = docx_lines(client, report)
    assert [line for line in lines if "100% đảng viên hoàn thành tốt nhiệm vụ trở lên" in line]
