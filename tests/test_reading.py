"""Reading what people type: counts, rates and dates as a Vietnamese teacher writes them."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from chibo.loader import parse_text, validate
from chibo.reading import read_count, read_date, read_decimal


@pytest.mark.parametrize("text, expected", [
    ("25", 25), (" 25 ", 25), ("25 đ/c", 25), ("25đ/c", 25), ("25 em", 25), ("12 lớp", 12),
    ("1.234", 1234), ("1 234", 1234), ("1.234.567", 1234567), ("25,0", 25), ("0", 0),
])
def test_counts(text, expected):
    assert read_count(text) == expected
    assert type(read_count(text)) is int


@pytest.mark.parametrize("text, expected", [
    # a comma is always the decimal mark, and so is a dot not followed by exactly 3 digits:
    # the count is read as not whole, for the model to refuse rather than guess
    ("25,5", 25.5), ("1,234", 1.234), ("1.5", 1.5),
])
def test_counts_that_are_not_whole_are_read_as_such(text, expected):
    assert read_count(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "hai mươi", "25%", "2 5", "25-30", "x25", "1.2.3", "9" * 50])
def test_what_is_not_a_count(text):
    assert read_count(text) is None


@pytest.mark.parametrize("text, expected", [
    ("82,5", 82.5), ("82.5", 82.5), ("82,5%", 82.5), ("82,5 %", 82.5), (" 82,5 ", 82.5), ("100", 100),
    ("1.234", 1.234),  # in a rate a lone dot is the decimal mark
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("82,50", 82.5), ("0,5", 0.5),
    ("1 234.567.890", 1234567890),  # spaces and dots between groups (raised ValueError)
])
def test_rates(text, expected):
    assert read_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "82,", ",5", "tám mươi", "82,5,1", "1.234,5.6"])
def test_what_is_not_a_rate(text):
    assert read_decimal(text) is None


@pytest.mark.parametrize("text", [
    "18/12/2026", "18-12-2026", "18.12.2026", "2026-12-18", " 18/12/2026 ", "18 / 12 / 2026",
    "ngày 18 tháng 12 năm 2026", "Ngày 18 tháng 12 năm 2026", "2026-12-18 10:30:00", "2026-12-18T10:30",
])
def test_dates(text):
    assert read_date(text) == date(2026, 12, 18)


@pytest.mark.parametrize("text", ["31/02/2026", "12/2026", "18/12/26", "hôm qua", "", "2026-13-01"])
def test_what_is_not_a_date(text):
    assert read_date(text) is None


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_written_the_vietnamese_way_reads_back(n):
    grouped = f"{n:,}".replace(",", ".")
    assert read_count(grouped) == n
    assert read_count(f" {n} đ/c ") == n


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=1, max_value=9))
def test_a_rate_with_a_decimal_comma_reads_back(whole, tenth):
    assert read_decimal(f"{whole},{tenth}") == pytest.approx(whole + tenth / 10)
    assert read_decimal(f"{whole}.{tenth}%") == pytest.approx(whole + tenth / 10)


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_without_an_error(text):
    for reader in (read_count, read_decimal, read_date):
        reader(text)


def test_a_yaml_file_accepts_what_people_type(valid_report_data, modify):
    data = modify(valid_report_data, {
        "targets.students.promotion_rate": "82,5",
        "targets.students.gifted": "25 em",
        "meta.date": "18/12/2026",
        "students.area": {"level": "xa_phuong", "name": "xã Hòa Bình", "conduct": {"tot": "70,5%"}},
    })
    report = validate(data).report
    assert report is not None, validate(data).problems
    assert report.targets.students.promotion_rate == 82.5
    assert report.targets.students.gifted == 25
    assert report.meta.date == date(2026, 12, 18)
    assert report.students.area.conduct["tot"] == 70.5


def test_a_yaml_file_with_a_decimal_comma_loads():
    text = (
        "year: 2026\nmeta: {party_committee: Đảng bộ xã A, cell_name: Chi bộ B, school_level: thcs,\n"
        "  place: A, date: 20/12/2026, signer_name: C}\n"
        "targets:\n  students:\n    promotion_rate: 82,5\n    gifted: 1.234\n"
    )
    loaded = parse_text(text, "Tệp")
    assert loaded.report is not None, loaded.problems
    assert loaded.report.targets.students.promotion_rate == 82.5
    assert loaded.report.targets.students.gifted == 1234  # the file keeps «1.234» as typed: thousands
    assert loaded.report.meta.date == date(2026, 12, 20)


@pytest.mark.parametrize("path, typed, words", [
    ("targets.students.promotion_rate", "tám mươi", "phải là một số từ 0 đến 100, ví dụ 82,5"),
    ("targets.students.gifted", "hai mươi", "phải là số nguyên, ghi bằng chữ số (ví dụ 25)"),
    ("targets.students.gifted", "25,5", "phải là số nguyên, không có phần lẻ"),
    ("meta.date", "31/02/2026", "ví dụ 20/12/2026"),
])
def test_what_cannot_be_read_says_what_is_expected(valid_report_data, modify, path, typed, words):
    problems = validate(modify(valid_report_data, {path: typed})).problems
    [problem] = [p for p in problems if p.path == path]
    assert words in problem.message
    assert "ghi là" not in problem.message and "98.5" not in problem.message
    assert typed.replace(".", ",") in problem.message  # what was typed, as typed
