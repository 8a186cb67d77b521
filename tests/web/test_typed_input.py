"""What a secretary types is read as she means it: "82,5", "25 đ/c", "1.234", "18/12/2026"."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from chibo import fieldpaths

pytestmark = pytest.mark.django_db


def save(client, report, changes):
    report.refresh_from_db()
    body = json.dumps({"base_version": report.version, "changes": changes})
    response = client.post(reverse("report_save", args=[report.pk]), data=body, content_type="application/json")
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    return response.json()


def test_numbers_and_dates_as_typed_are_stored_read(login, report, users):
    client = login(users["secretary"])
    save(client, report, {
        "targets.students.promotion_rate": "82,5",
        "target_results.promotion_rate": "82.5%",
        "members.women": "12 đ/c",
        "members.admitted": " 2 ",
        "students.assessed": "1.234",
        "targets.students.gifted": "25 em",
        "meta.date": "18/12/2026",
        "students.area.conduct.tot": "70,5",
    })
    data = report.data
    assert data["targets"]["students"]["promotion_rate"] == 82.5
    assert data["target_results"]["promotion_rate"] == 82.5
    assert data["members"]["women"] == 12 and data["members"]["admitted"] == 2
    assert data["students"]["assessed"] == 1234
    assert data["targets"]["students"]["gifted"] == 25
    assert data["meta"]["date"] == "2026-12-18"
    assert data["students"]["area"]["conduct"]["tot"] == 70.5


def test_the_editor_shows_them_the_vietnamese_way(login, report, users):
    client = login(users["secretary"])
    save(client, report, {"targets.students.promotion_rate": "82,5", "meta.date": "2026-12-18",
                          "students.area.conduct.tot": "70,5"})
    page = client.get(reverse("report_step", args=[report.pk, "chung"])).content.decode()
    assert 'value="18/12/2026"' in page
    assert 'type="date"' not in page  # a browser's date box shows the month first in some locales
    page = client.get(reverse("report_step", args=[report.pk, "chi-tieu"])).content.decode()
    assert 'value="82,5"' in page
    assert 'pattern="[0-9]*"' not in page  # «25 đ/c» is not marked invalid while typed
    page = client.get(reverse("report_step", args=[report.pk, "hoc-sinh"])).content.decode()
    assert 'value="70,5"' in page
    tot = page[page.index('data-path="students.area.conduct.tot"') - 200:page.index('data-path="students.area.conduct.tot"') + 200]
    assert 'inputmode="decimal"' in tot  # a rate of the area takes a comma on a phone


@pytest.mark.parametrize("path, typed, words", [
    ("targets.students.promotion_rate", "tám mươi", "phải là một số từ 0 đến 100, ví dụ 82,5"),
    ("members.women", "mười hai", "phải là số nguyên, ghi bằng chữ số (ví dụ 25)"),
    ("members.women", "12,5", "không có phần lẻ"),
    ("meta.date", "31/02/2026", "ví dụ 20/12/2026"),
])
def test_what_cannot_be_read_is_kept_as_typed_and_explained(login, report, users, path, typed, words):
    client = login(users["secretary"])
    answer = save(client, report, {path: typed})
    assert fieldpaths.get(report.data, path) == typed  # kept, for the field to show it again
    [problem] = [p for p in answer["problems"] if p["path"] == path]
    assert words in problem["message"]
    assert "98.5" not in problem["message"] and "ghi là" not in problem["message"]
    page = client.get(reverse("report_step", args=[report.pk, "chung" if path == "meta.date" else
                                                  "dang-vien" if path.startswith("members") else "chi-tieu"]))
    assert f'value="{typed}"' in page.content.decode()


def test_figures_follow_what_was_typed(login, report, users):
    client = login(users["secretary"])
    report.refresh_from_db()
    end = report.data["members"]["end_of_year"]
    answer = save(client, report, {"members.women": f"{end} đ/c"})
    assert answer["figures"]["members"]["women_pct"] == "100,00%"
