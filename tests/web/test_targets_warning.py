"""A report with no target figures gets one cảnh báo in the editor, at the first target
field, not one per line; the separate ones come back when some are given."""

from __future__ import annotations

import pytest

from web_data import save

pytestmark = pytest.mark.django_db

WATCHED = ["targets.students.gifted", "targets.students.promotion_rate", "targets.teachers.emulation_fighters",
           "targets.teachers.advanced_workers", "targets.teachers.good_teachers",
           "targets.party.new_members_min", "targets.party.new_members_max"]


def _target_problems(response) -> list[dict]:
    return [p for p in response.json()["problems"] if p["path"].split(".")[0] == "targets"
            and p["message"].startswith("Chưa có")]


def test_no_target_figures_is_one_warning_in_the_editor(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {path: "" for path in WATCHED})
    assert response.status_code == 200, response.content[:300]
    found = _target_problems(response)
    assert len(found) == 1, found
    assert found[0]["step"] == "chi-tieu" and found[0]["anchor"] == "f-targets-students-gifted"
    assert "«Giáo viên dạy giỏi (đ/c)»" in found[0]["message"]

    response = save(client, report, response.json()["version"], {"targets.students.gifted": "40"})
    assert response.status_code == 200, response.content[:300]
    assert len(_target_problems(response)) == 5  # each line still missing, the new members' one included
