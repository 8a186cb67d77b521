"""Unicode form, tone placement, numbers and dates in Vietnamese."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chibo.vietnamese import (
    format_count,
    format_date,
    format_decimal,
    format_int,
    format_percent,
    lower_first,
    normalize_text,
    normalize_tone_style,
    upper,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


# --- Unicode form -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Chi bộ Trường THCS Hòa Bình", "Nguyễn Thị Hương", "Đảng ủy xã", "học lực", "ưu điểm"],
)
def test_nfd_input_becomes_nfc(text):
    decomposed = nfd(text)
    assert decomposed != text  # the input really is decomposed
    result = normalize_text(decomposed)
    assert result == text
    assert is_nfc(result)


def test_nfd_with_old_tone_style_becomes_nfc_new_style():
    result = normalize_text(nfd("Ủy ban nhân dân xã Hoà Bình, sức khoẻ"))
    assert result == "Ủy ban nhân dân xã Hòa Bình, sức khỏe"
    assert is_nfc(result)


# --- tone style ---------------------------------------------------------------


@pytest.mark.parametrize(
    "given, expected",
    [
        ("hoà", "hòa"),
        ("Hoà", "Hòa"),
        ("HOÀ", "HÒA"),
        ("thuỷ", "thủy"),
        ("Uỷ", "Ủy"),
        ("uỷ ban", "ủy ban"),
        ("khoẻ", "khỏe"),
        ("hoá học", "hóa học"),
        ("tuỳ", "tùy"),
        ("thoả", "thỏa"),
        ("xoè", "xòe"),
        ("Đảng uỷ", "Đảng ủy"),
    ],
)
def test_old_tone_placement_is_moved_to_the_first_vowel(given, expected):
    assert normalize_tone_style(given) == expected
    assert normalize_text(given) == expected


@pytest.mark.parametrize(
    "word",
    ["quý", "Quý", "quỳ", "hoàng", "khuỷu", "thuở", "người", "Nguyễn", "loại", "xoáy", "của",
     "hòa", "thủy", "khỏe", "Ủy", "duyệt", "tuyển"],
)
def test_words_that_must_not_change(word):
    assert normalize_tone_style(word) == word
    assert normalize_text(word) == word


def test_tone_style_applies_to_each_word_of_a_sentence():
    text = "Trường THCS Hoà Bình, huyện Thuỷ Nguyên (cũ): quý khách, khoẻ mạnh, hoàng hôn."
    assert normalize_tone_style(text) == (
        "Trường THCS Hòa Bình, huyện Thủy Nguyên (cũ): quý khách, khỏe mạnh, hoàng hôn."
    )


# --- text tidying -------------------------------------------------------------


def test_normalize_text_tidies_spaces_and_line_ends():
    assert normalize_text("  Chi   bộ\t trường \r\n  dòng hai  \r") == "Chi bộ trường\ndòng hai"


def test_normalize_text_removes_xml_illegal_characters_and_nbsp():
    assert normalize_text("a\x00b\x0bc\x1f d\u00a0e") == "abc d e"


def test_normalize_text_keeps_ellipsis_and_dots():
    # blanks are found by the checks, so normalizing must not hide them
    assert normalize_text("ngày ... tháng …") == "ngày ... tháng …"


def test_upper_and_lower_first():
    assert upper("chi bộ trường thcs hòa bình") == "CHI BỘ TRƯỜNG THCS HÒA BÌNH"
    assert is_nfc(upper(nfd("đảng ủy")))
    assert lower_first("Hoàn thành tốt") == "hoàn thành tốt"
    assert lower_first("") == ""


# --- numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (-1234567, "-1.234.567"),
    ],
)
def test_format_int(value, expected):
    assert format_int(value) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (25.35, 1, "25,4"),
        (25.35, 2, "25,35"),
        (25.349, 1, "25,3"),
        (0.125, 2, "0,13"),
        (2.675, 2, "2,68"),  # a float just below 2.675 in binary: still half up as written
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # half up, not banker's rounding
        (25, 2, "25,00"),
        (100, 1, "100,0"),
        (1234567.891, 2, "1.234.567,89"),
        (Decimal("33.3333333"), 2, "33,33"),
        (Decimal("66.665"), 2, "66,67"),
        (Decimal(2) * 100 / Decimal(3), 1, "66,7"),
        (-1.25, 1, "-1,3"),
        (-2.04, 1, "-2,0"),
    ],
)
def test_format_decimal_rounds_half_up_with_decimal_comma(value, decimals, expected):
    assert format_decimal(value, decimals) == expected


@pytest.mark.parametrize("value", [-0.04, -0.0, Decimal("-0.001"), -0.049])
def test_format_decimal_never_writes_minus_zero(value):
    assert format_decimal(value, 1) == "0,0"
    assert format_decimal(value, 0) == "0"


def test_format_percent():
    assert format_percent(Decimal(1) * 100 / Decimal(3), 2) == "33,33%"
    assert format_percent(98.5, 1) == "98,5%"
    assert format_percent(100, 0) == "100%"


@pytest.mark.parametrize(
    "value, expected",
    [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (21, "21"), (1234, "1.234"), (0, "0")],
)
def test_format_count(value, expected):
    # two digits below ten ("05 đồng chí"); zero is written "0"
    assert format_count(value) == expected


# --- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2027, 1, 5), "ngày 05 tháng 01 năm 2027"),
        (date(2026, 12, 20), "ngày 20 tháng 12 năm 2026"),
        (date(2026, 9, 30), "ngày 30 tháng 9 năm 2026"),
        (date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),  # the format guide's own date
        (date(2026, 2, 15), "ngày 15 tháng 02 năm 2026"),
        (date(2026, 10, 1), "ngày 01 tháng 10 năm 2026"),
        (date(2026, 11, 12), "ngày 12 tháng 11 năm 2026"),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


def test_collation_key_orders_names_as_a_vietnamese_dictionary():
    from chibo.vietnamese import collation_key

    names = ["Trường THCS Đông Thành", "Trường THCS Dương Xá", "Trường THCS Em", "Trường THCS An",
             "Trường THCS Ân", "Trường THCS Ăn", "Trường THCS Zô", "trường THCS Bắc"]
    assert sorted(names, key=collation_key) == [
        "Trường THCS An", "Trường THCS Ăn", "Trường THCS Ân", "trường THCS Bắc", "Trường THCS Dương Xá",
        "Trường THCS Đông Thành", "Trường THCS Em", "Trường THCS Zô",
    ]
    assert sorted(["Hòa", "Hoa", "Hóa"], key=collation_key) == ["Hoa", "Hòa", "Hóa"]  # tones only break ties
    assert collation_key(unicodedata.normalize("NFD", "Đông"))[:2] == collation_key("Đông")[:2]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aăâbcdđeêhiklmnoôơpqtuưxyAĐOUYQ1_ .\u0300\u0301\u0303\u0309\u0323òóỏõọàáảãạèéẻẽẹùúủũụỳýỷỹỵ", max_size=30))
def test_tone_style_restyles_exactly_the_words_with_a_movable_pair(text):
    """The fast path (only words ending in oa, oe, uy are looked at) changes what every word's restyling would."""
    from chibo.vietnamese import _WORD, _restyle_word, normalize_tone_style

    for form in ("NFC", "NFD"):
        typed = unicodedata.normalize(form, text)
        assert normalize_tone_style(typed) == _WORD.sub(lambda m: _restyle_word(m.group(0)), typed)
