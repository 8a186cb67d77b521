"""Hostile or oversized structure (Report.structure) through the web: a YAML file with
thousands of added sections is refused naming the field, nothing saved; a part with more
than ten sections is previewed and downloaded (it was a 500)."""

from __future__ import annotations

import copy

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from web_data import stored_report

pytestmark = pytest.mark.django_db


def _extra(count: int) -> list[dict]:
    return [{"after": "narrative.results", "title": f"Mục thêm số {i}", "paragraphs": ["Nội dung."]}
            for i in range(1, count + 1)]


def test_a_file_with_ten_thousand_added_sections_is_refused_naming_the_field(login, users, report):
    client = login(users["secretary"])
    data = copy.deepcopy(report.data)
    data["structure"] = {"extra": _extra(10_000), "grounds": [f"Căn cứ {i}" for i in range(60)]}
    text = yaml.safe_dump(data, allow_unicode=True)
    before = (report.version, report.data)
    response = client.post(f"/bao-cao/{report.pk}/tep-yaml/",
                           {"file": SimpleUploadedFile("bao-cao.yaml", text.encode("utf-8"))})
    assert response.status_code == 400
    html = response.content.decode()
    assert "«Mục thêm» có 10000 dòng, tối đa 50" in html
    assert "«Các căn cứ của báo cáo» có 60 dòng, tối đa 50" in html
    report.refresh_from_db()
    assert (report.version, report.data) == before


def test_a_part_with_more_than_ten_sections_is_previewed_and_downloaded(login, users, cells, report):
    data = copy.deepcopy(report.data)
    data["structure"] = {"extra": _extra(10)}
    report = stored_report(cells[0], 2025, {**data, "year": 2025, "meta": {**data["meta"], "date": "2025-12-18"}},
                           by=users["secretary"])
    client = login(users["secretary"])
    preview = client.get(f"/bao-cao/{report.pk}/buoc/xem-truoc/")
    assert preview.status_code == 200
    assert "XII. Mục thêm số 10" in preview.content.decode()
    download = client.get(f"/bao-cao/{report.pk}/tai/docx/")
    assert download.status_code == 200, download.content[:300]


def test_a_file_with_thousands_of_grade_groups_is_refused_naming_the_field(login, users, report):
    """3,000 grade groups took 6 s to preview; a school has at most twelve grades."""
    client = login(users["secretary"])
    data = copy.deepcopy(report.data)
    data["students"]["groups"] = [{"grades": f"Khối {i}", "assessed": 1} for i in range(3000)]
    response = client.post(f"/bao-cao/{report.pk}/tep-yaml/", {"file": SimpleUploadedFile(
        "bao-cao.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))})
    assert response.status_code == 400
    assert "«Khối lớp theo thang khác» có 3000 dòng, tối đa 12" in response.content.decode()
