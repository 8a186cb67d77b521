"""Shared fixtures: a complete, consistent report that passes every check.

``valid_report_data`` is a plain dict (what a YAML file would hold) for a
THCS cell's 2026 report with counts typed by hand; ``valid_roster_report_data``
is the same report with the members given as a roster instead.  ``modify``
deep-copies such a dict and changes it by dotted paths, so each test states only
what it breaks.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chibo import fieldpaths
from chibo.model import Report

_DELETE = object()


def _report_data() -> dict:
    return {
        "year": 2026,
        "meta": {
            "party_committee": "Đảng bộ xã Hòa Bình",
            "cell_name": "Chi bộ Trường THCS Hòa Bình",
            "school_level": "thcs",
            "number": "05",
            "place": "Hòa Bình",
            "date": "2026-12-20",
            "signer_name": "Nguyễn Văn An",
            "signer_role": "bi_thu",
            "recipients": ["Đảng ủy xã Hòa Bình (để b/c)", "Lưu chi bộ"],
        },
        "members": {
            # 20 + 2 + 1 - 1 - 1 - 0 - 0 = 21
            "start_of_year": 20,
            "admitted": 2,
            "transferred_in": 1,
            "transferred_out": 1,
            "retired": 1,
            "died": 0,
            "removed": 0,
            "end_of_year": 21,
            "official": 19,
            "probationary": 2,
            "women": 14,
            "exempted": 1,
            "education": {
                "doctorate": 0,
                "master": 3,
                "university": 17,
                "college": 1,
                "other": 0,
            },
            "theory": {"advanced": 0, "intermediate": 2, "elementary": 15},
        },
        "students": {
            "assessed": 500,
            "conduct": {"tot": 400, "kha": 80, "dat": 18, "chua_dat": 2},
            "learning": {"tot": 120, "kha": 230, "dat": 140, "chua_dat": 10},
            "titles": {"xuat_sac": 40, "gioi": 80},
            "last_year": {
                "assessed": 480,
                "conduct": {"tot": 370, "kha": 90, "dat": 16, "chua_dat": 4},
                "learning": {"tot": 100, "kha": 220, "dat": 148, "chua_dat": 12},
                "titles": {"xuat_sac": 30, "gioi": 70},
            },
            "area": {
                "level": "xa_phuong",
                "name": "xã Hòa Bình",
                "conduct": {"tot": 78.5, "kha": 17.5, "dat": 3.5, "chua_dat": 0.5},
                "learning": {"tot": 22.0, "kha": 45.0, "dat": 30.0, "chua_dat": 3.0},
            },
        },
        "classification": {
            # 3 + 16 + 1 + 0 rated, 1 not rated = 21 members; 3 <= 20% of 16
            "excellent": 3,
            "good": 16,
            "completed": 1,
            "failed": 0,
            "not_rated": [{"count": 1, "reason": "mới kết nạp chưa đủ 6 tháng"}],
            "cell_rating": "httnv",
        },
        "achievements": [
            "Chi bộ được xếp loại hoàn thành tốt nhiệm vụ.",
            "Nhà trường đạt danh hiệu Tập thể lao động tiên tiến.",
            "03 đồng chí đạt danh hiệu Chiến sĩ thi đua cơ sở.",
        ],
        "targets": {
            "students": {
                "gifted": 30,
                "gifted_province": 3,
                "promotion_rate": 98.5,
                "advanced_classes": 10,
                "conduct_good_rate": 80,
            },
            "teachers": {
                "emulation_fighters": 3,
                "advanced_workers": 15,
                "good_teachers": 5,
                "good_teachers_level": "xa",
            },
            "collective": {
                "cell": "Chi bộ hoàn thành tốt nhiệm vụ",
                "trade_union": "Công đoàn vững mạnh",
            },
            "party": {"new_members_min": 2, "new_members_max": 3, "excellent_members": 3},
        },
        "narrative": {
            "opening": [
                "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
                "Căn cứ kết quả thực hiện nhiệm vụ năm học, chi bộ báo cáo như sau:",
            ],
            "situation": {
                "advantages": ["Đội ngũ đảng viên đoàn kết, nhiệt tình."],
                "difficulties": ["Cơ sở vật chất còn thiếu phòng học bộ môn."],
            },
            "results": {
                "ideology": ["Đảng viên chấp hành tốt chủ trương của Đảng."],
                "professional": ["Chất lượng giáo dục được nâng lên."],
            },
        },
        "options": {"percent_decimals": 2},
    }


def _member(name, sex, birth_year, admitted_on, official_on, education, theory, events=()):
    data = {
        "name": name,
        "sex": sex,
        "birth_year": birth_year,
        "admitted_on": admitted_on,
        "education": education,
        "theory": theory,
        "events": [dict(kind=k, on=on) for k, on in events],
    }
    if official_on is not None:
        data["official_on"] = official_on
    return data


def roster_2026() -> list[dict]:
    """Eight members of a 2026 roster; counts in ``ROSTER_2026_COUNTS``."""
    return [
        _member("Nguyễn Thị Hoa", "nu", 1985, "2010-05-19", "2011-05-19", "dai_hoc", "so_cap"),
        _member("Trần Văn Nam", "nam", 1980, "2005-03-02", "2006-03-02", "thac_si", "trung_cap"),
        # admitted this year, still probationary on 31/12
        _member("Lê Thị Lan", "nu", 1995, "2026-03-10", None, "dai_hoc", "chua_co"),
        # retired this year
        _member(
            "Phạm Văn Bình", "nam", 1966, "1995-06-10", "1996-06-10", "dai_hoc", "trung_cap",
            [("nghi_huu", "2026-08-31")],
        ),
        # transferred in this year
        _member(
            "Hoàng Thị Mai", "nu", 1990, "2015-09-02", "2016-09-02", "dai_hoc", "so_cap",
            [("chuyen_den", "2026-09-05")],
        ),
        # transferred out this year
        _member(
            "Vũ Văn Long", "nam", 1988, "2012-11-20", "2013-11-20", "dai_hoc", "so_cap",
            [("chuyen_di", "2026-06-30")],
        ),
        # probationary at the start of the year, official since 20/11/2026
        _member("Đỗ Thị Thu", "nu", 1992, "2025-11-20", "2026-11-20", "cao_dang", "chua_co"),
        # exempted from party work this year, still a member
        _member(
            "Ngô Văn Hải", "nam", 1962, "1990-02-03", "1991-02-03", "khac", "cao_cap",
            [("mien_sinh_hoat", "2026-04-01")],
        ),
    ]


ROSTER_2026_COUNTS = {
    "start_of_year": 6,
    "admitted": 1,
    "transferred_in": 1,
    "transferred_out": 1,
    "retired": 1,
    "died": 0,
    "removed": 0,
    "end_of_year": 6,
    "official": 5,
    "probationary": 1,
    "women": 4,
    "men": 2,
    "exempted": 1,
    "education": {"doctorate": 0, "master": 1, "university": 3, "college": 1, "other": 1},
    "theory": {"advanced": 1, "intermediate": 1, "elementary": 2},
}


def _roster_report_data() -> dict:
    data = _report_data()
    data["members"] = {"roster": roster_2026()}
    data["classification"] = {
        "excellent": 1,
        "good": 5,
        "completed": 0,
        "failed": 0,
        "cell_rating": "httnv",
    }
    # 6 members: 1 excellent needs 5 rated good (the 20% cap applies to the target too)
    data["targets"]["party"]["excellent_members"] = 1
    return data


def _set(data: Any, path: str, value: Any) -> None:
    if value is _DELETE:
        assert fieldpaths.delete(data, path), f"nothing to delete at {path}"
    else:
        fieldpaths.put(data, path, value)


def modified(data: dict, changes: dict[str, Any] | None = None, /, **kwargs: Any) -> dict:
    """A deep copy of ``data`` with each dotted path set (``DELETE`` removes it).

    ``modified(d, {"members.end_of_year": 22, "meta.number": DELETE})``; missing
    intermediate mappings are created, list items are addressed as ``a.b[0].c``.
    """
    out = copy.deepcopy(data)
    for path, value in {**(changes or {}), **kwargs}.items():
        _set(out, path, value)
    return out


DELETE = _DELETE
modified.DELETE = _DELETE


@pytest.fixture
def valid_report_data() -> dict:
    """A fresh dict for a complete THCS 2026 report that passes every check."""
    return _report_data()


@pytest.fixture
def valid_roster_report_data() -> dict:
    """The same report with members given as a roster (no typed counts)."""
    return _roster_report_data()


@pytest.fixture
def roster_counts() -> dict:
    """What ``valid_roster_report_data``'s roster counts to at 31/12/2026."""
    return copy.deepcopy(ROSTER_2026_COUNTS)


@pytest.fixture
def modify():
    """``modify(data, {"a.b[0].c": value})``: deep copy with changes; ``modify.DELETE`` removes."""
    return modified


@pytest.fixture
def make_report():
    """Validate a dict into a ``Report`` (raises if the dict is not a valid model)."""
    return Report.model_validate
