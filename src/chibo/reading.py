"""Reading what people type: counts, decimals and dates as a Vietnamese teacher writes them.

- A count: "25", " 25 ", "25 đ/c", "25 em", "1.234" or "1 234" (thousands) → 25, 1234.
  A dot followed by exactly three digits is a thousands mark ("1.234" is 1234); any other
  dot or comma is a decimal mark, so "25,0" is 25 and "25,5" is read as 25.5 (which a
  count then refuses as not whole). "1,234" is 1.234, never 1234: in Vietnamese the
  comma is the decimal mark.
- A decimal (rates, percentages): "82,5", "82.5", "82,5%", "82,5 %" → 82.5. A single dot
  or comma is the decimal mark, so "1.234" is 1.234 here; with both marks ("1.234,5") the
  last one is the decimal mark.
- A date: "18/12/2026", "18-12-2026", "18.12.2026", "2026-12-18", "ngày 18 tháng 12 năm
  2026", an ISO date with a time (the day counts).

Each reader returns None when the text cannot be read; the caller keeps what was typed
and says what is expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MAX_TEXT = 40  # longer text is not a number or a date anyone typed

_MINUS = "-\u2212\u2013"
# The number, then optionally a unit or a word ("đ/c", "em", "lớp", "người", "%").
_NUMBER = re.compile(
    rf"^\s*([{_MINUS}]?)\s*(\d[\d.,\u00a0\u202f ]*?)\s*(%|[^\W\d_][^\d]*)?\s*$"
)
_GROUPED = re.compile(r"\d{1,3}(?:([.\u00a0\u202f ])\d{3})+")


def _number(text: str, *, count: bool) -> float | int | None:
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None
    match = _NUMBER.match(text)
    if not match:
        return None
    sign, digits, unit = match.groups()
    if unit == "%" and count:
        return None  # a percentage is not a count
    value = _digits(digits, count=count)
    if value is None:
        return None
    return -value if sign else value


def _digits(digits: str, *, count: bool) -> float | int | None:
    if re.fullmatch(r"\d+", digits):
        return int(digits)
    grouped = _GROUPED.fullmatch(digits)
    if grouped and (count or grouped.group(1) != "."):
        return int(re.sub(r"\D", "", digits))  # 1.234 (count), 1 234
    if grouped and digits.count(".") > 1:
        return int(re.sub(r"\D", "", digits))  # 1.234.567, 1 234.567.890: thousands even in a rate
    marks = [c for c in digits if c in ".,"]
    if any(c in digits for c in "\u00a0\u202f "):
        head, _, tail = digits.rpartition(",") if "," in digits else (digits, "", "")
        if not _GROUPED.fullmatch(head) or (tail and not tail.isdigit()):
            return None
        return _decimal(re.sub(r"\D", "", head), tail)
    if len(marks) == 1:
        whole, tail = re.split(r"[.,]", digits)
        return _decimal(whole, tail) if whole and tail else None
    if len(set(marks)) == 2:  # 1.234,5 or 1,234.5: the last mark is the decimal one
        decimal_mark = marks[-1]
        head, _, tail = digits.rpartition(decimal_mark)
        thousands = "," if decimal_mark == "." else "."
        if decimal_mark in head or not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", head):
            return None
        return _decimal(head.replace(thousands, ""), tail) if tail.isdigit() else None
    return None


def _decimal(whole: str, tail: str) -> float | int:
    value = float(f"{whole}.{tail}") if tail else int(whole)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def read_count(text: str) -> int | float | None:
    """A count from what was typed: an int, a float when it is not whole (for the caller to
    refuse), or None when it cannot be read."""
    return _number(text, count=True)


def read_decimal(text: str) -> int | float | None:
    """A rate or other decimal from what was typed (int when whole), or None."""
    return _number(text, count=False)


_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_WORDS = re.compile(r"^\s*(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\s*$", re.IGNORECASE)
# An ISO date with a time (extended form only), as an export or a spreadsheet writes it.
_WITH_TIME = (
    "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}(?::[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,6})?)?)?"
    "(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?\\s*$"
)
_WITH_TIME_MATCH = re.compile(_WITH_TIME)


def read_date(text: str) -> date | None:
    """A date from what was typed (day first, as Vietnamese writes it), or None."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None
    found = _DMY.match(text) or _WORDS.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
    elif found := _YMD.match(text):
        year, month, day = (int(g) for g in found.groups())
    elif _WITH_TIME_MATCH.match(text):
        try:  # "2026-12-20 10:30:00", "2026-12-20T10:30": the day is what counts
            return datetime.fromisoformat(text.strip()).date()
        except ValueError:
            return None
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def written_as_date(text: str) -> bool:
    """Whether ``text`` is written the way a date is: if :func:`read_date` still gives
    None, the day does not exist (31/02/2019), which deserves its own message."""
    return isinstance(text, str) and len(text) <= MAX_TEXT and any(
        pattern.match(text) for pattern in (_DMY, _WORDS, _YMD))


# What the readers above accept, written for a JSON Schema ``pattern`` so that a
# schema-aware YAML editor does not flag "25 đ/c" or "82,5%". Only the regex syntax that
# Python and ECMA-262 share is used ([0-9], \s, \uXXXX, no flags); tests/test_schema.py
# holds each pattern to its reader. Ranges (a count up to 100 000, a rate up to 100) and
# days that do not exist (31/02) are left to chibo.
_SPACE = "[ \\u00a0\\u202f]"
_SEPARATOR = "[. \\u00a0\\u202f]"
_GROUPS = f"[0-9]{{1,3}}(?:{_SEPARATOR}[0-9]{{3}})+"  # 1.234, 1 234 567
_SPACED_GROUPS = (  # at least one space between groups: a comma after them is decimal
    f"[0-9]{{1,3}}(?:{_SEPARATOR}[0-9]{{3}})*{_SPACE}[0-9]{{3}}(?:{_SEPARATOR}[0-9]{{3}})*"
)
_DOT_GROUPS = "[0-9]{1,3}(?:\\.[0-9]{3})+"
_COMMA_GROUPS = "[0-9]{1,3}(?:,[0-9]{3})+"
# A word after the number starts with a letter (Latin, with Vietnamese's): "đ/c", "em".
_LETTER = "[A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u1e00-\\u1eff]"
_WORD = f"{_LETTER}[^0-9]*"


def _pattern(number: str, unit: str) -> str:
    return f"^\\s*(?:{number})\\s*(?:{unit})?\\s*$"


# A whole count: the decimals it may carry are zeros ("25,0").
COUNT_PATTERN = _pattern(
    f"[0-9]+(?:[.,]0+)?|{_GROUPS}|{_SPACED_GROUPS},0*|{_DOT_GROUPS},0+|{_COMMA_GROUPS}\\.0+",
    _WORD,
)
RATE_PATTERN = _pattern(
    f"[0-9]+(?:[.,][0-9]+)?|{_GROUPS}|{_SPACED_GROUPS},[0-9]*"
    f"|{_DOT_GROUPS},[0-9]+|{_COMMA_GROUPS}\\.[0-9]+",
    f"%|{_WORD}",
)
_D = "[0-9]{1,2}"
DATE_PATTERN = "|".join((
    f"^\\s*{_D}\\s*[/.-]\\s*{_D}\\s*[/.-]\\s*[0-9]{{4}}\\s*$",  # 18/12/2026
    f"^\\s*(?:[Nn][Gg][Àà][Yy]\\s+)?{_D}\\s+[Tt][Hh][Áá][Nn][Gg]\\s+{_D}\\s+[Nn][Ăă][Mm]\\s+[0-9]{{4}}\\s*$",
    f"^\\s*[0-9]{{4}}-{_D}-{_D}\\s*$",  # 2026-12-18
    _WITH_TIME,
))
