"""Derived numbers: percentages, comparisons, scales, member and classification figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chibo.figures import (
    classification_figures,
    compute,
    describe_change,
    describe_gap,
    member_figures,
    percent,
    resolved_scale,
    rounded,
    student_figures,
)
from chibo.labels import Rating, SchoolLevel
from chibo.scales import TT22, TT27, TT58, default_scale
from chibo.vietnamese import format_percent

NBSP = "\u00a0"


# --- percentages --------------------------------------------------------------


def test_percent_is_exact_not_rounded():
    value = percent(1, 3)
    assert value == Decimal(100) / Decimal(3)
    assert value != Decimal("33.33")
    assert format_percent(value, 2) == "33,33%"
    assert format_percent(value, 1) == "33,3%"


@pytest.mark.parametrize(
    "part, whole, expected",
    [(400, 500, Decimal(80)), (0, 500, Decimal(0)), (500, 500, Decimal(100)), (1, 8, Decimal("12.5"))],
)
def test_percent_values(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.mark.parametrize("part, whole", [(None, 500), (5, 0), (5, None)])
def test_percent_without_a_base_is_none(part, whole):
    assert percent(part, whole) is None


def test_rounded_is_the_value_as_printed():
    assert rounded(Decimal(2) * 100 / Decimal(3), 2) == Decimal("66.67")
    assert rounded(Decimal("0.125"), 2) == Decimal("0.13")
    assert rounded(1234.5, 0) == Decimal(1235)
    assert rounded(-1.25, 1) == Decimal("-1.3")
    assert rounded(None, 2) is None


# --- comparisons --------------------------------------------------------------


def test_describe_change_in_words():
    assert describe_change(Decimal("2.1"), 2) == "tăng 2,10 điểm phần trăm"
    assert describe_change(Decimal("-2.75"), 2) == "giảm 2,75 điểm phần trăm"
    assert describe_change(Decimal("0.5"), 1) == "tăng 0,5 điểm phần trăm"
    assert describe_change(Decimal(0), 2) == "không thay đổi"
    assert describe_change(None, 2) == ""


def test_describe_gap_in_words():
    assert describe_gap(Decimal("1.5"), 2) == "cao hơn 1,50 điểm phần trăm"
    assert describe_gap(Decimal("-0.1"), 2) == "thấp hơn 0,10 điểm phần trăm"
    assert describe_gap(Decimal(0), 1) == "bằng"
    assert describe_gap(None, 1) == ""


def test_no_minus_sign_in_descriptions():
    assert "-" not in describe_change(Decimal("-3"), 1)
    assert "-" not in describe_gap(Decimal("-3"), 1)


# --- student figures ----------------------------------------------------------


def _rows(figures, key):
    dim = next(d for d in figures.dimensions if d.dimension.key == key)
    return {row.code: row for row in dim.rows}, dim


def test_student_rows_from_fixture(make_report, valid_report_data):
    figures = student_figures(make_report(valid_report_data))
    assert figures.scale is TT22
    conduct, dim = _rows(figures, "conduct")
    assert list(conduct) == ["tot", "kha", "dat", "chua_dat"]  # scale order, best first
    assert dim.assessed == 500 and dim.total == 500
    assert conduct["tot"].count == 400
    assert conduct["tot"].percent == 80
    assert conduct["tot"].label == "Tốt"
    assert conduct["chua_dat"].percent == Decimal("0.4")
    assert conduct["tot"].last_year_percent == Decimal(370) * 100 / 480


def test_changes_against_last_year_use_printed_values(make_report, valid_report_data):
    figures = student_figures(make_report(valid_report_data))
    conduct, dim = _rows(figures, "conduct")
    assert dim.has_last_year
    # 80,00 - 77,08 (370/480) = 2,92
    assert conduct["tot"].change == Decimal("2.92")
    assert describe_change(conduct["tot"].change, 2) == "tăng 2,92 điểm phần trăm"
    # 16,00 - 18,75 = -2,75
    assert conduct["kha"].change == Decimal("-2.75")
    assert describe_change(conduct["kha"].change, 2) == "giảm 2,75 điểm phần trăm"
    learning, _ = _rows(figures, "learning")
    # 28,00 - 30,83 = -2,83
    assert learning["dat"].change == Decimal("-2.83")


def test_gaps_against_area_average(make_report, valid_report_data):
    figures = student_figures(make_report(valid_report_data))
    assert figures.area_name == "xã Hòa Bình"
    conduct, dim = _rows(figures, "conduct")
    assert dim.has_area
    assert conduct["tot"].area_percent == 78.5
    assert conduct["tot"].gap == Decimal("1.50")
    assert describe_gap(conduct["tot"].gap, 2) == "cao hơn 1,50 điểm phần trăm"
    assert conduct["kha"].gap == Decimal("-1.50")
    assert describe_gap(conduct["kha"].gap, 2) == "thấp hơn 1,50 điểm phần trăm"
    learning, _ = _rows(figures, "learning")
    assert learning["tot"].gap == Decimal("2.00")


def test_change_subtracts_rounded_values_not_exact_ones(make_report, valid_report_data, modify):
    # 251/2500 = 10,04% and 249/2500 = 9,96%: both print as 10,0% with one decimal,
    # so the report must not say "tăng 0,1 điểm phần trăm".
    data = modify(
        valid_report_data,
        {
            "options.percent_decimals": 1,
            "students.assessed": 2500,
            "students.conduct": {"tot": 251, "kha": 2249, "dat": 0, "chua_dat": 0},
            "students.last_year": {
                "assessed": 2500,
                "conduct": {"tot": 249, "kha": 2251, "dat": 0, "chua_dat": 0},
                "learning": {"tot": 2500, "kha": 0, "dat": 0, "chua_dat": 0},
            },
            "students.learning": {"tot": 2500, "kha": 0, "dat": 0, "chua_dat": 0},
            "students.area": modify.DELETE,
        },
    )
    figures = student_figures(make_report(data))
    conduct, dim = _rows(figures, "conduct")
    assert conduct["tot"].percent == Decimal("10.04")  # exact
    assert conduct["tot"].change == 0
    assert describe_change(conduct["tot"].change, 1) == "không thay đổi"
    assert not dim.has_area


def test_levels_not_given_are_not_read_as_zero(make_report, valid_report_data, modify):
    # the typed levels add up, so no lỗi; the level left out is printed «—», not a 0 nobody typed
    data = modify(valid_report_data, {"students.conduct": {"tot": 450, "kha": 50}})
    conduct, dim = _rows(student_figures(make_report(data)), "conduct")
    assert conduct["dat"].count is None and conduct["dat"].percent is None
    assert conduct["dat"].change is None  # not compared as if it were 0
    assert dim.total == 500


def test_without_last_year_and_area(make_report, valid_report_data, modify):
    data = modify(
        valid_report_data, {"students.last_year": modify.DELETE, "students.area": modify.DELETE}
    )
    figures = student_figures(make_report(data))
    for dim in figures.dimensions:
        assert not dim.has_last_year and not dim.has_area
        assert all(r.change is None and r.gap is None for r in dim.rows)
    assert figures.area_name is None


def test_title_rows(make_report, valid_report_data):
    titles = {row.code: row for row in student_figures(make_report(valid_report_data)).titles}
    assert titles["xuat_sac"].count == 40 and titles["xuat_sac"].percent == 8
    assert titles["xuat_sac"].label == "Học sinh Xuất sắc"
    assert titles["gioi"].percent == 16


def test_no_student_figures_without_assessed_or_for_preschool(make_report, valid_report_data, modify):
    assert student_figures(make_report(modify(valid_report_data, {"students.assessed": None}))) is None
    preschool = modify(valid_report_data, {"meta.school_level": "mam_non"})
    assert student_figures(make_report(preschool)) is None


# --- scales -------------------------------------------------------------------


@pytest.mark.parametrize(
    "level, year, expected",
    [
        (SchoolLevel.LOWER_SECONDARY, 2026, TT22),
        (SchoolLevel.LOWER_SECONDARY, 2025, TT22),
        (SchoolLevel.LOWER_SECONDARY, 2023, TT58),
        (SchoolLevel.UPPER_SECONDARY, 2026, TT22),
        (SchoolLevel.UPPER_SECONDARY, 2020, TT58),
        (SchoolLevel.PRIMARY, 2026, TT27),
        (SchoolLevel.PRIMARY, 2021, TT27),
        (SchoolLevel.PRESCHOOL, 2026, None),
    ],
)
def test_default_scale(level, year, expected):
    assert default_scale(level, year) is expected


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, TT22),
        ({"year": 2023, "meta.date": "2023-12-20"}, TT58),
        ({"meta.school_level": "tieu_hoc"}, TT27),
        ({"meta.school_level": "mam_non"}, None),
        ({"students.scale": "tt58"}, TT58),  # an explicit choice wins
    ],
)
def test_resolved_scale(make_report, valid_report_data, modify, changes, expected):
    assert resolved_scale(make_report(modify(valid_report_data, changes))) is expected


def test_scale_labels_follow_the_circular():
    assert TT22.conduct.label == "Kết quả rèn luyện"
    assert TT58.conduct.label == "Hạnh kiểm" and TT58.learning.label == "Học lực"
    assert TT58.learning.codes == ("gioi", "kha", "trung_binh", "yeu", "kem")
    assert TT27.learning.level_label("hoan_thanh_tot") == "Hoàn thành tốt"


# --- members ------------------------------------------------------------------


def test_member_figures_typed(make_report, valid_report_data):
    m = member_figures(make_report(valid_report_data))
    assert not m.from_roster
    assert m["end_of_year"] == 21 and m["official"] == 19 and m["probationary"] == 2
    assert m["education"]["university"] == 17
    assert m.expected_end == 21


def test_member_figures_from_roster(make_report, valid_roster_report_data, roster_counts):
    m = member_figures(make_report(valid_roster_report_data))
    assert m.from_roster
    for name, value in roster_counts.items():
        assert m[name] == value, name


# --- classification -----------------------------------------------------------


def test_classification_figures(make_report, valid_report_data):
    report = make_report(valid_report_data)
    c = classification_figures(report, member_figures(report))
    assert c.entered
    assert c.rated == 20
    assert c.not_rated == 1
    assert c.members == 21
    assert c.counts[Rating.EXCELLENT] == 3
    rows = {row.code: row for row in c.rows}
    assert list(rows) == ["htxsnv", "httnv", "htnv", "khtnv"]
    assert rows["htxsnv"].percent == 15  # 3 of the 20 rated
    assert rows["httnv"].percent == 80
    assert rows["khtnv"].percent == 0


def test_classification_not_entered(make_report, valid_report_data, modify):
    data = modify(
        valid_report_data,
        {f"classification.{k}": None for k in ("excellent", "good", "completed", "failed")},
    )
    report = make_report(data)
    c = classification_figures(report, member_figures(report))
    assert not c.entered
    assert c.rated == 0


def test_classification_members_from_roster(make_report, valid_roster_report_data):
    report = make_report(valid_roster_report_data)
    assert classification_figures(report, member_figures(report)).members == 6


# --- all together -------------------------------------------------------------


def test_compute_and_pct(make_report, valid_report_data, modify):
    figures = compute(make_report(valid_report_data))
    assert figures.decimals == 2
    assert figures.pct(Decimal(1) * 100 / 3) == "33,33%"
    assert figures.pct(None) == ""
    assert figures.students is not None and figures.classification.rated == 20
    one = compute(make_report(modify(valid_report_data, {"options.percent_decimals": 1})))
    assert one.pct(Decimal("0.125")) == "0,1%"
    assert one.pct(Decimal("0.15")) == "0,2%"
