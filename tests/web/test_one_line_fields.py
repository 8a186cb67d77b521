"""A line break in a one-line field (from a YAML upload or the save API) becomes a space when the
report is saved or read: the editor shows those fields as <input>, which drops line breaks, so
app.js saw a change and opening the page stored the field again as a new version."""

from __future__ import annotations

import copy
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.web.editor import STEP_KEYS
from chibo.web.models import ReportVersion
from chibo.writer import report_yaml
from web_data import save

pytestmark = pytest.mark.django_db

_INPUT = re.compile(r"<input\b[^>]*\bdata-path=\"([^\"]+)\"[^>]*>")
_VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")


def _broken_inputs(client, report) -> dict[str, str]:
    """Inputs of every step whose value holds a line break: a browser shows them without it,
    so app.js's start-up check («what was typed before this script ran») queues a save."""
    found = {}
    for step in STEP_KEYS:
        page = client.get(f"/bao-cao/{report.pk}/buoc/{step}/")
        assert page.status_code == 200
        for tag in _INPUT.finditer(page.content.decode()):
            value = _VALUE.search(tag.group())
            if value and re.search("[\r\n]", html.unescape(value.group(1))):
                found[tag.group(1)] = html.unescape(value.group(1))
    return found


def _versions(report) -> int:
    return ReportVersion.objects.filter(report=report).count()


def test_an_uploaded_one_line_field_with_a_line_break_is_stored_with_a_space(login, report, users):
    client = login(users["secretary"])
    data = copy.deepcopy(report.data)
    data.setdefault("structure", {})["title"] = "Tổng kết hoạt động\nChi bộ năm 2026"
    data["meta"]["place"] = "Đông\r\nThành"
    data["members"]["increase_note"] = "kết nạp \n\n 02 đồng chí"
    data["narrative"] = {"opening": "Đoạn một.\nĐoạn hai."}  # a textarea keeps its lines
    upload = SimpleUploadedFile("bao-cao.yaml", report_yaml(data).encode("utf-8"))
    assert client.post(f"/bao-cao/{report.pk}/tep-yaml/", {"file": upload}).status_code == 302
    report.refresh_from_db()
    assert report.data["structure"]["title"] == "Tổng kết hoạt động Chi bộ năm 2026"
    assert report.data["meta"]["place"] == "Đông Thành"
    assert report.data["members"]["increase_note"] == "kết nạp 02 đồng chí"
    assert report.data["narrative"]["opening"] == "Đoạn một.\nĐoạn hai."
    versions = _versions(report)
    assert _broken_inputs(client, report) == {}  # nothing for app.js to save on opening
    assert _versions(report) == versions


def test_a_line_break_sent_to_the_save_endpoint_is_a_space(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {
        "meta.signer_name": "Nguyễn\nVăn An",
        "members.women": "12\r\n",
        "structure.grounds": "Căn cứ Điều lệ Đảng;\nCăn cứ Hướng dẫn 36-HD/VPTW;",
    })
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    assert report.data["meta"]["signer_name"] == "Nguyễn Văn An"
    assert report.data["members"]["women"] == 12
    assert report.data["structure"]["grounds"] == ["Căn cứ Điều lệ Đảng;", "Căn cứ Hướng dẫn 36-HD/VPTW;"]


def test_a_report_stored_with_line_breaks_in_one_line_fields_is_shown_without_them(login, report, users):
    """Stored before the fix (or by the admin): cleaned when read, rows and level tables too."""
    data = copy.deepcopy(report.data)
    data["meta"]["place"] = "Đông\nThành"
    data["students"]["conduct"] = {**(data["students"].get("conduct") or {}), "tot": "12\n"}
    data["classification"]["not_rated"] = [{"reason": "ốm\ndài ngày", "count": 1}]
    data["narrative"] = {"opening": "Đoạn một.\nĐoạn hai."}
    report.data = data
    report.save()
    client = login(users["secretary"])
    versions = _versions(report)
    assert _broken_inputs(client, report) == {}
    assert _versions(report) == versions
    shown = client.get(f"/bao-cao/{report.pk}/buoc/chung/").content.decode()
    assert 'value="Đông Thành"' in shown
    assert "Đoạn một.\nĐoạn hai." in client.get(f"/bao-cao/{report.pk}/buoc/noi-dung/").content.decode()
