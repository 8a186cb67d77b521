"""Control characters pasted into a field (Word's line break \\x0b, a form feed, an escape)
are not stored: the YAML file downloaded afterwards loads again (the loader refuses them,
as no DOCX can hold them); a report stored with them is cleaned when read."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from web_data import save

pytestmark = pytest.mark.django_db


def _round_trip(client, report):
    text = client.get(f"/bao-cao/{report.pk}/tep-yaml/tai/").content
    response = client.post(f"/bao-cao/{report.pk}/tep-yaml/", {"file": SimpleUploadedFile("bao-cao.yaml", text)})
    assert response.status_code == 302, response.content.decode()[-1500:]


def test_pasted_control_characters_are_dropped_and_the_yaml_loads_again(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {
        "structure.title": "Tổng kết\x01 hoạt động\x1b Chi bộ",
        "structure.grounds": "Căn cứ Điều lệ Đảng;\x0bCăn cứ Hướng dẫn 36-HD/VPTW;",
        "members.increase_note": "kết nạp\x0c02 đồng chí",
    })
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    structure = report.data["structure"]
    assert structure["title"] == "Tổng kết hoạt động Chi bộ"
    assert structure["grounds"] == ["Căn cứ Điều lệ Đảng;", "Căn cứ Hướng dẫn 36-HD/VPTW;"]  # a line break
    assert report.data["members"]["increase_note"] == "kết nạp 02 đồng chí"  # one line: a space
    _round_trip(client, report)


def test_a_report_stored_with_control_characters_is_cleaned_when_read(login, report, users):
    report.data["structure"] = {"title": "Tổng kết\x01 năm\x0b 2026"}
    report.save()
    client = login(users["secretary"])
    assert client.get(f"/bao-cao/{report.pk}/buoc/chung/").status_code == 200
    _round_trip(client, report)
    report.refresh_from_db()
    assert report.data["structure"]["title"] == "Tổng kết năm 2026"  # one line: a space, not a line break
