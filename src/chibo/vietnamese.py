"""Vietnamese text helpers: Unicode form, tone placement, numbers and dates.

Everything users type passes through :func:`normalize_text`, so the rest of the
code can compare strings without caring how they were typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Combining marks of the five Vietnamese tones (NFD).
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Vowel pairs whose tone moves when nothing follows them: the "old" style of
# official documents (hòa, khỏe, thủy) puts it on the first vowel, the
# "new" style (hoà, khoẻ, thuỷ) on the second.
_MOVABLE_PAIRS = {"oa", "oe", "uy"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Characters XML 1.0 cannot carry; they come from copy-paste out of other programs.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t]+")


@lru_cache(maxsize=65536)  # a report repeats a few thousand distinct words
def _restyle_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((ch for ch in decomposed if ch in _TONES), None)
    if tone is None:
        return word
    # Base letters with the tone removed but other marks (ă, â, ơ…) kept.
    bare = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
    lower = bare.lower()
    if len(lower) < 2 or lower[-2:] not in _MOVABLE_PAIRS:
        return word
    if lower[-2:] == "uy" and lower[:-2].endswith("q"):
        return word  # "quý": the u belongs to "qu", the tone stays on y
    if len(lower) > 2 and lower[-3] in "aăâeêioôơuưy":
        return word  # part of a longer vowel group (e.g. "khuỷu" is not at its end)
    first = len(bare) - 2
    return unicodedata.normalize(
        "NFC", bare[: first + 1] + tone + bare[first + 1 :]
    )


def _vowel(base: str) -> str:
    """A vowel with any of the tones, both cases, as a regular expression's class."""
    return "[" + "".join(unicodedata.normalize("NFC", v + t) for v in (base, base.upper()) for t in ("", *_TONES)) + "]"


# The only words _restyle_word can change: those ending in a movable pair (with its tone).
# Most texts have none, so one search usually spares a call per word (most of a report's loading).
_MOVABLE_END = "(?:" + "|".join(_vowel(a) + _vowel(b) for a, b in _MOVABLE_PAIRS) + ")"
_HAS_MOVABLE = re.compile(_MOVABLE_END + r"(?![^\W\d_])")
_MOVABLE_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?<=" + _MOVABLE_END + ")")


def normalize_tone_style(text: str) -> str:
    """Put tone marks in the style of official documents: hòa, khỏe, thủy, ủy."""
    if not _HAS_MOVABLE.search(text):
        return text
    return _MOVABLE_WORD.sub(lambda m: _restyle_word(m.group(0)), text)


def normalize_text(text: str) -> str:
    """NFC, one tone style, no characters a DOCX cannot hold, tidy spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _XML_ILLEGAL.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = normalize_tone_style(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def format_int(value: int) -> str:
    """1234567 -> '1.234.567'."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def round_half_up(value: float | Decimal, decimals: int) -> Decimal:
    """The value as printed: rounded half up (as Vietnamese schoolbooks do) to ``decimals``."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_decimal(value: float | Decimal, decimals: int) -> str:
    """Round half up once, here, then write with a decimal comma: 25.35 -> '25,4'."""
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,0"
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = format_int(int(whole)) + ("," + fraction if fraction else "")
    return ("-" if rounded < 0 else "") + text


def format_percent(value: float | Decimal, decimals: int) -> str:
    return format_decimal(value, decimals) + "%"


def format_count(value: int) -> str:
    """Counts of people in the body: two digits below ten ('05 đồng chí'), zero as '0'."""
    return f"{value:02d}" if 0 < value < 10 else format_int(value)


def format_date(value: date) -> str:
    """'ngày 05 tháng 01 năm 2027', 'ngày 03 tháng 4 năm 2018'.

    The format guide pads only days below 10 and the months 1 and 2, so that nobody
    can add a digit in front ("tháng 1" could become "tháng 11"); never "tháng 09".
    """
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# Letters in the order of the Vietnamese alphabet; the marks that make a letter (ă â ê ô ơ ư)
# are part of it, tone marks only break ties, as dictionaries order words.
_ALPHABET = {letter: i for i, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_LETTER_MARKS = "\u0306\u0302\u031b"  # breve, circumflex, horn
_TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # none, huyền, hỏi, ngã, sắc, nặng


@lru_cache(maxsize=4096)  # a few hundred distinct letters; per character, not per name
def _letter_key(char: str) -> tuple[int, int]:
    parts = unicodedata.normalize("NFD", char)
    letter = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS))
    tone = "".join(m for m in parts[1:] if m not in _LETTER_MARKS)
    return _ALPHABET.get(letter, 100 + ord(letter)), _TONES.index(tone) if tone in _TONES else len(_TONES)


@lru_cache(maxsize=8192)  # the office's page sorts the same cell names on every request
def collation_key(text: str) -> tuple:
    """Sort key for Vietnamese names: "Đông" after "Dương" and before "Em", "Ă" after "A"."""
    keys = [_letter_key(char) for char in unicodedata.normalize("NFC", text.casefold())]
    return (tuple(p for p, _ in keys), tuple(t for _, t in keys), text)
