"""A refused save names the field by its label, with its row, never by its raw path; what a
request sent is echoed short (at most ~40 characters), however long or odd it was."""

from __future__ import annotations

import json

import pytest

from web_data import save

pytestmark = pytest.mark.django_db

# (path sent, words the message must hold)
NAMED = [
    ("students.groups[-1].assessed", ["«Số học sinh được đánh giá»", "Khối lớp theo thang khác", "«-1»"]),
    ("students.groups[1e3].assessed", ["«Số học sinh được đánh giá»", "Khối lớp theo thang khác"]),
    ("members.roster[0].events[-3].on", ["«Ngày»", "số dòng «-3»"]),
    ("students.groups[0].assessed.x", ["«Số học sinh được đánh giá – Khối lớp theo thang khác, dòng 1»"]),
    ("students.groups[1].conduct.xyz", ["Khối lớp theo thang khác, dòng 2", "«xyz»"]),
    ("students.groups[0].conduct", ["Khối lớp theo thang khác, dòng 1", "bảng các mức"]),
]


@pytest.mark.parametrize(("path", "words"), NAMED, ids=[p for p, _ in NAMED])
def test_a_refused_path_is_named_by_its_label_and_row(login, report, users, path, words):
    response = save(login(users["secretary"]), report, report.version, {path: "1"})
    assert response.status_code == 400
    message = response.json()["error"]
    for word in words:
        assert word in message
    assert path not in message


def test_a_value_refused_in_a_row_names_the_row(login, report, users):
    response = save(login(users["secretary"]), report, report.version, {"students.groups[0].assessed": ["1"]})
    assert response.status_code == 422
    assert "«Số học sinh được đánh giá – Khối lớp theo thang khác, dòng 1»" in response.json()["error"]


UNKNOWN = [
    "a" * 120,  # well formed, at the length cap
    "students.groups[0]." + "b" * 100,
    "x" * 5_000,
    "😀" * 40,  # was echoed as 400 characters of \U0001f600 escapes
    "ê" * 90,
    "meta.place\u202e" + "z" * 90,  # a bidi override is not echoed
    "students..groups" + ".c" * 60,
]


@pytest.mark.parametrize("path", UNKNOWN, ids=lambda p: f"{p[:12]}…{len(p)}")
def test_a_path_that_does_not_exist_gets_a_plain_message_without_the_long_path(login, report, users, path):
    response = save(login(users["secretary"]), report, report.version, {path: "x"})
    assert response.status_code == 400
    body = json.dumps(response.json(), ensure_ascii=False)
    message = response.json()["error"]
    assert "không" in message and "\\U" not in message and "\\x" not in message and "\u202e" not in body
    assert len(message) < 200
    echoed = max((n for n in range(len(path) + 1) if any(path[i:i + n] in body for i in range(len(path) - n + 1))),
                 default=0) if len(path) < 200 else (81 if path[:81] in body else 0)
    assert echoed <= 80
