"""The reasons of the year's moves (members.increase_note, decrease_note) from the web
editor's member step: saved, shown again and printed in the grouped sentence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import docx_lines, save

pytestmark = pytest.mark.django_db

DECREASE = "01 chuyển công tác về Trường THCS Đông Hòa, 01 nghỉ hưu"


def test_move_reasons_are_in_the_member_step_saved_and_printed(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "dang-vien"])).content.decode()
    assert 'name="members.increase_note"' in step and 'name="members.decrease_note"' in step
    assert "Chi tiết số giảm (lý do)" in step

    response = save(client, report, report.version, {"members.decrease_note": DECREASE})
    assert response.status_code == 200, response.content[:300]
    assert not [p for p in response.json()["problems"] if p["path"].endswith("_note")]
    report.refresh_from_db()
    assert report.data["members"]["decrease_note"] == DECREASE
    assert DECREASE in client.get(reverse("report_step", args=[report.pk, "dang-vien"])).content.decode()

    text = "\n".join(docx_lines(client, report))
    assert f"giảm 02 đồng chí ({DECREASE})" in text


def test_a_note_whose_counts_do_not_add_up_is_warned_at_its_field(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {"members.increase_note": "01 chuyển đến"})
    assert response.status_code == 200, response.content[:300]
    found = [p for p in response.json()["problems"] if p["path"] == "members.increase_note"]
    assert found and "cộng lại được 1" in found[0]["message"] and found[0]["step"] == "dang-vien"
