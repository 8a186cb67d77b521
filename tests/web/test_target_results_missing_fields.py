"""Through the web: members typed without the year's movements and a target for new
members: the editor's figures leave the target unjudged, not «Chưa đạt» against a 0, and a
cảnh báo on the Đảng viên step asks for the number admitted."""

from __future__ import annotations

import pytest

from web_data import save, stored_report, tieu_hoc_data

pytestmark = pytest.mark.django_db


def test_new_members_target_without_movements_is_not_judged(login, cells, users):
    data = tieu_hoc_data()
    data["members"] = {key: data["members"][key] for key in ("end_of_year", "official", "probationary", "women")}
    report = stored_report(cells[0], 2026, data, by=users["secretary"])
    client = login(users["secretary"])
    response = save(client, report, report.version, {"targets_set.party.new_members_min": "1"})
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    row = next(t for t in body["figures"]["targets"] if t["label"] == "Kết nạp đảng viên mới")
    assert row["achieved"] is None
    asked = [p for p in body["problems"] if p["path"] == "members.admitted"]
    assert len(asked) == 1 and asked[0]["severity"] == "cảnh báo", asked
    assert asked[0]["step"] == "dang-vien"  # linked to the field to fill
    assert "Kết nạp đảng viên mới" in asked[0]["message"] and "chưa có số liệu" in asked[0]["message"]

    response = save(client, report, body["version"], {"members.admitted": "1", "members.start_of_year": "12"})
    body = response.json()
    row = next(t for t in body["figures"]["targets"] if t["label"] == "Kết nạp đảng viên mới")
    assert row["achieved"] is True
    assert not [p for p in body["problems"] if p["path"] == "members.admitted"]
