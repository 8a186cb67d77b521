"""Rules in force by the report's year: the default paragraphs and labels a report of 2017,
2020, 2023 or 2026 prints (read back from the DOCX), and the year tables behind them."""

from __future__ import annotations

import io

import docx
import pytest

from chibo.compose import compose
from chibo.figures import compute
from chibo.labels import ContestLevel, SchoolLevel
from chibo.loader import validate
from chibo.regulations import classification_rule, contest_level_name, grades_on_programme_2018
from chibo.render.to_docx import render_docx
from sample_reports import example_report


def _text(year: int, name: str = "thcs-2026.yaml") -> str:
    """The example as a report of ``year``: narrative defaults, teachers' contest at the
    district level; the whole DOCX as one string."""
    data = example_report(name)
    data["year"] = year
    data["meta"]["date"] = f"{year}-12-20"
    data.pop("narrative", None)  # every section on its default
    for key in ("targets", "targets_set"):
        if key in data:
            data[key].setdefault("teachers", {})["good_teachers_level"] = "huyen_cu"
    loaded = validate(data)
    assert loaded.report is not None, [p.message for p in loaded.problems]
    report = loaded.report
    document = docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def text_of():
    cache: dict[tuple, str] = {}

    def get(year: int, name: str = "thcs-2026.yaml") -> str:
        if (year, name) not in cache:
            cache[(year, name)] = _text(year, name)
        return cache[(year, name)]

    return get


def test_2017_cites_no_later_rule_and_no_2018_programme(text_of):
    text = text_of(2017)
    assert "Chương trình giáo dục phổ thông 2018" not in text
    assert "theo chuẩn kiến thức, kỹ năng của chương trình giáo dục phổ thông hiện hành." in text
    assert ("đánh giá, phân loại chất lượng đảng viên năm 2017 được thực hiện theo Hướng dẫn số 27-HD/BTCTW "
            "của Ban Tổ chức Trung ương") in text
    for rule in ("132-QĐ/TW", "124-QĐ/TW", "366-QĐ/TW"):
        assert rule not in text


def test_2020_says_huyen_without_cu_and_cites_132(text_of):
    text = text_of(2020)
    assert "Giáo viên dạy giỏi cấp huyện" in text
    assert "(cũ)" not in text
    assert "xếp loại chất lượng đảng viên năm 2020 được thực hiện theo Quy định số 132-QĐ/TW" in text
    assert "Chương trình giáo dục phổ thông 2018" not in text  # lớp 6 only from 2021-2022
    assert "366-QĐ/TW" not in text


def test_2023_secondary_is_mixed_and_cites_124(text_of):
    text = text_of(2023)
    assert ("theo yêu cầu cần đạt của Chương trình giáo dục phổ thông 2018 ở các lớp 6, 7 và theo chuẩn "
            "kiến thức, kỹ năng của chương trình giáo dục phổ thông hiện hành ở các lớp còn lại.") in text
    assert "theo Quy định số 124-QĐ/TW" in text
    assert "Giáo viên dạy giỏi cấp huyện" in text and "(cũ)" not in text


def test_2021_primary_has_the_2018_programme_in_grade_1(text_of):
    text = text_of(2021, "tieu-hoc-2026.yaml")
    assert "Chương trình giáo dục phổ thông 2018 ở lớp 1 và theo chuẩn kiến thức, kỹ năng" in text


def test_2026_is_on_the_2018_programme_cites_366_and_marks_huyen_as_former(text_of):
    text = text_of(2026)
    assert "theo yêu cầu cần đạt của Chương trình giáo dục phổ thông 2018." in text
    assert "chuẩn kiến thức, kỹ năng" not in text
    assert "xếp loại chất lượng đảng viên năm 2026 được thực hiện theo Quy định số 366-QĐ/TW" in text
    assert "Giáo viên dạy giỏi cấp huyện (cũ)" in text


@pytest.mark.parametrize("year, rule", [
    (2013, "hướng dẫn của Ban Tổ chức Trung ương"), (2014, "27-HD/BTCTW"), (2017, "27-HD/BTCTW"), (2018, "132-QĐ/TW"), (2022, "132-QĐ/TW"),
    (2023, "124-QĐ/TW"), (2024, "124-QĐ/TW"), (2025, "366-QĐ/TW"), (2030, "366-QĐ/TW"),
])
def test_classification_rule_by_year(year, rule):
    assert rule in classification_rule(year)


@pytest.mark.parametrize("level, year, grades", [
    (SchoolLevel.PRIMARY, 2020, ()), (SchoolLevel.PRIMARY, 2021, (1,)), (SchoolLevel.PRIMARY, 2024, (1, 2, 3, 4)),
    (SchoolLevel.PRIMARY, 2025, (1, 2, 3, 4, 5)), (SchoolLevel.LOWER_SECONDARY, 2021, ()),
    (SchoolLevel.LOWER_SECONDARY, 2022, (6,)), (SchoolLevel.LOWER_SECONDARY, 2025, (6, 7, 8, 9)),
    (SchoolLevel.UPPER_SECONDARY, 2022, ()), (SchoolLevel.UPPER_SECONDARY, 2023, (10,)),
    (SchoolLevel.UPPER_SECONDARY, 2026, (10, 11, 12)), (SchoolLevel.PRESCHOOL, 2026, None),
])
def test_grades_on_the_2018_programme(level, year, grades):
    assert grades_on_programme_2018(level, year) == grades


def test_the_district_is_former_only_from_1_july_2025():
    from datetime import date

    assert contest_level_name(ContestLevel.FORMER_DISTRICT, date(2025, 6, 30)) == "cấp huyện"
    assert contest_level_name(ContestLevel.FORMER_DISTRICT, date(2025, 7, 1)) == "cấp huyện (cũ)"
    assert contest_level_name(ContestLevel.COMMUNE, date(2020, 12, 20)) == "cấp xã"
