"""Place names suggested in the editor (chibo.places through /dia-danh/), and downloads
named after the cell."""

from __future__ import annotations

import re
from urllib.parse import unquote

from django.urls import reverse


def test_suggestions_come_from_the_official_list(login, users):
    client = login(users["secretary"])
    response = client.get(reverse("place_suggestions"), {"loai": "dang-bo", "q": "Sài Gòn"})
    assert response.status_code == 200
    assert {"value": "Đảng bộ phường Sài Gòn", "label": "thành phố Hồ Chí Minh"} in response.json()["suggestions"]
    response = client.get(reverse("place_suggestions"), {"loai": "dia-danh", "q": "dong thanh"})
    assert {"value": "Đông Thành", "label": "xã Đông Thành, tỉnh Nghệ An"} in response.json()["suggestions"]


def test_suggestions_refuse_bad_requests_in_vietnamese(client, login, users):
    url = reverse("place_suggestions")
    assert client.get(url, {"loai": "dang-bo", "q": "Sài Gòn"}).status_code == 302  # signed in only
    client = login(users["secretary"])
    response = client.get(url, {"loai": "tinh-cu", "q": "Hà Giang"})
    assert response.status_code == 400 and "Loại địa danh" in response.json()["error"]
    response = client.get(url, {"loai": "dang-bo", "q": "x" * 61})
    assert response.status_code == 400 and "60 ký tự" in response.json()["error"]
    assert client.post(url, {"loai": "dang-bo", "q": "Sài Gòn"}).status_code == 405


def test_place_fields_have_a_list_of_suggestions(login, users, report):
    html = login(users["secretary"]).get(reverse("report_step", args=[report.pk, "chung"])).content.decode()
    for path, kind in (("meta.party_committee", "dang-bo"), ("meta.place", "dia-danh")):
        tag = re.search(r'<input[^>]*data-path="%s"[^>]*>' % re.escape(path), html).group(0)
        assert f'data-suggest="{kind}"' in tag
        list_id = re.search(r'list="([^"]+)"', tag).group(1)
        assert f'<datalist id="{list_id}">' in html
    assert "chibo/places.js" in html
    html = login(users["secretary"]).get(reverse("report_step", args=[report.pk, "hoc-sinh"])).content.decode()
    assert re.search(r'<input[^>]*data-path="students.area.name"[^>]*data-suggest="dia-ban"', html)
    # Other text fields are plain.
    assert not re.search(r'<input[^>]*data-path="meta.signer_name"[^>]*data-suggest', html)


def _filename(response) -> str:
    header = response["Content-Disposition"]
    return unquote(re.search(r"filename\*=UTF-8''(.+)$", header).group(1))


def test_downloads_are_named_after_the_cell_not_an_id(login, users, report):
    response = login(users["secretary"]).get(reverse("report_download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert _filename(response) == "2026 - Chi bộ Trường THCS Đông Thành.docx"
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="2026 - Chi bo Truong THCS Dong Thanh.docx"')
    assert f"-{report.cell_id}." not in header
