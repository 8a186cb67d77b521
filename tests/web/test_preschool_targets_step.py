"""A mầm non report's targets step («Chỉ tiêu») asks only for what a preschool has: the
children's targets and the teachers' and party's results, no pupils' results (học sinh
giỏi, lên lớp thẳng, lớp tiên tiến); what it shows is saved through the web."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import save

pytestmark = pytest.mark.django_db

PUPIL_RESULTS = ["gifted", "gifted_province", "promotion_rate", "advanced_classes"]


def _step(client, report) -> str:
    return client.get(reverse("report_step", args=[report.pk, "chi-tieu"])).content.decode()


def test_a_preschool_targets_step_has_no_pupils_results(login, report, users):
    client = login(users["secretary"])
    step = _step(client, report)
    for name in PUPIL_RESULTS:  # a THCS report has pupils
        assert f'name="target_results.{name}"' in step, name
    response = save(client, report, report.version, {"meta.school_level": "mam_non", "meta.cell_name":
                                                      "Chi bộ Trường Mầm non Đông Thành"})
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    step = _step(client, report)
    for name in PUPIL_RESULTS:
        assert f'name="target_results.{name}"' not in step, name
        assert f'name="targets_set.students.{name}"' not in step, name
        # next year's pupils' targets saved before the level changed: shown apart, to be cleared
        # (test_left_over_targets.py)
        assert f'name="targets.students.{name}"' in step, name
    assert "Chỉ tiêu của học sinh còn lại từ trước khi đổi cấp học" in step
    assert 'name="targets_set.children.attendance_rate"' in step
    assert 'name="target_results.advanced_workers"' in step

    response = save(client, report, report.version, {"target_results.advanced_workers": "21",
                                                     "targets_set.children.attendance_rate": "95"})
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    assert report.data["target_results"]["advanced_workers"] == 21
    assert report.data["targets_set"]["children"] == {"attendance_rate": 95}
