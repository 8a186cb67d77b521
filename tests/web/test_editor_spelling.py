"""The spell check in the web editor: each save answers with the spelling cảnh báo of
the paragraphs, linked to their field; a mix of tone styles is seen in the text as typed."""

from __future__ import annotations

import pytest

from web_data import save

pytestmark = pytest.mark.django_db

FIELD = "narrative.results.professional"


def spelling(answer) -> list[dict]:
    assert answer.status_code == 200, answer.content
    return [p for p in answer.json()["problems"] if p["message"].startswith("Chính tả")]


def test_the_example_saved_has_no_spelling_warning(login, users, report):
    client = login(users["secretary"])
    assert spelling(save(client, report, report.version, {"meta.place": report.data["meta"]["place"]})) == []


def test_a_typo_saved_is_a_warning_on_its_field_with_the_fix(login, users, report):
    client = login(users["secretary"])
    answer = save(client, report, report.version, {FIELD: "Đổi mới phương pháp dậy học, rèn kỷ năng sống."})
    found = spelling(answer)
    assert [(p["path"], p["severity"], p["step"]) for p in found] == [(FIELD, "cảnh báo", found[0]["step"])] * 2
    assert found[0]["step"] and found[0]["anchor"]
    assert "«dậy học»" in found[0]["message"] and "«dạy học»" in found[0]["message"]
    assert "«kỷ năng»" in found[1]["message"] and "«kỹ năng»" in found[1]["message"]
    report.refresh_from_db()
    assert "dậy học" in str(report.data["narrative"]["results"]["professional"])  # a warning: the text is kept as typed


def test_tone_styles_mixed_in_typed_paragraphs_are_one_warning(login, users, report):
    client = login(users["secretary"])
    answer = save(client, report, report.version, {FIELD: "Đẩy mạnh xã hội hoá và dân chủ hóa trường học."})
    (found,) = spelling(answer)
    assert found["severity"] == "cảnh báo" and "«hoá»" in found["message"] and "«hóa»" in found["message"]
