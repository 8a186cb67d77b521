"""The editor names the rule in force in the report's year, and refuses a date of another year."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import save

pytestmark = pytest.mark.django_db


def _as_year(report, year: int) -> None:
    report.year = year
    report.data = {**report.data, "year": year, "meta": {**report.data["meta"], "date": f"{year}-12-20"}}
    report.save()


@pytest.mark.parametrize("year, rule", [(2020, "Quy định 132-QĐ/TW"), (2023, "Quy định 124-QĐ/TW"),
                                        (2026, "Quy định 366-QĐ/TW")])
def test_the_classification_step_names_the_rule_of_the_year(login, report, users, year, rule):
    client = login(users["secretary"])
    _as_year(report, year)
    page = client.get(reverse("report_step", args=[report.pk, "xep-loai"])).content.decode()
    assert f"Đánh giá, xếp loại đảng viên ({rule})" in page
    for other in {"132", "124", "366"} - {rule.split()[-1][:3]}:
        assert f"Quy định {other}-QĐ/TW" not in page


def test_a_date_of_another_year_is_an_error_beside_the_field(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {"meta.date": "20/12/2025"})
    assert response.status_code == 200, response.content[:300]
    [problem] = [p for p in response.json()["problems"] if p["path"] == "meta.date"]
    assert problem["severity"] == "lỗi"
    assert "ngoài thời gian của báo cáo năm 2026" in problem["message"]
    assert "trong năm 2026 hoặc trong tháng 01/2027" in problem["message"]
