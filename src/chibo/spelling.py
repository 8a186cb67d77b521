"""Spell check of the narrative: syllables that do not exist, real syllables in the
wrong word, and two tone styles in one text.

Syllables come from Debian's hunspell-vi dictionary (a flat list of Vietnamese
syllables, read here directly: its affix file has no rules we need). Words come
from :mod:`chibo.spelling_words`: a pair of syllables that is not a known word but is
one confusable change (tone, an initial people mix up: ch/tr, s/x, d/gi/r, l/n, or a
last letter left off) away from one is flagged. A syllable found only inside words
(``spelling_words.BOUND``: "tố" of "yếu tố") standing alone is flagged too. All are
loaded once, on first use.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import fieldpaths
from .model import NARRATIVE_PATHS
from .problems import Problem, Severity
from .spelling_words import BOUND, WORDS
from .textcache import TextCache
from .vietnamese import normalize_tone_style

DICTIONARY = Path(os.environ.get("CHIBO_HUNSPELL_VI", "/usr/share/hunspell/vi_VN.dic"))

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (NFD)
# Letters that differ only by a mark: the likely slips of a typist.
_GROUPS = [
    "aàảãáạăằẳẵắặâầẩẫấậ", "eèẻẽéẹêềểễếệ", "iìỉĩíị", "oòỏõóọôồổỗốộơờởỡớợ",
    "uùủũúụưừửữứự", "yỳỷỹýỵ", "dđ",
]
_SIBLINGS = {ch: group for group in _GROUPS for ch in group}
_INITIALS = [("ch", "tr"), ("tr", "ch"), ("s", "x"), ("x", "s"), ("d", "gi"), ("gi", "d"),
             ("d", "r"), ("r", "d"), ("gi", "r"), ("r", "gi"), ("l", "n"), ("n", "l")]
# Function words are far more often right than a slip for a content word one mark away:
# "bắt đầu từ" is not "đầu tư", "số kết nối" not "sơ kết".
_FUNCTION_WORDS = frozenset(
    "các có là và của cho được với đã sẽ đến năm em những trong này khi đi ra về vào lên tại "
    "theo như hơn từ số một hai ba mỗi mọi không chưa đều cũng thì mà nên để do vì bị rất "
    "nhiều ít người ở trên dưới sau trước qua lại còn".split()
)
# Proper names every report writes, with the capitals the orthography rules give them.
_NAMES = ("Việt Nam", "Hồ Chí Minh")
_NAME = re.compile(r"\b(?:" + "|".join(n.replace(" ", r"\s+") for n in _NAMES) + r")\b", re.IGNORECASE)
# Syllables hunspell-vi lacks, and spellings the format guide accepts beside its own (sỹ/sĩ).
_ALSO_SYLLABLES = {"nòng", "sỹ", "kĩ", "mĩ", "lí"}


class DictionaryMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Misspelling:
    words: str  # as written in the text
    suggestions: tuple[str, ...]
    kind: str  # "syllable" (no such syllable), "word" (real syllables, wrong word), "name" (capitals)


@lru_cache(maxsize=65536)
def _key(syllable: str) -> str:
    return normalize_tone_style(unicodedata.normalize("NFC", syllable)).lower()


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    try:
        lines = DICTIONARY.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DictionaryMissing(
            f"Không đọc được từ điển âm tiết tiếng Việt {DICTIONARY} (gói hunspell-vi): {exc}"
        ) from exc
    # First line is the entry count; entries may carry "/flags".
    entries = {_key(line.split("/", 1)[0]) for line in lines[1:] if line.strip()}
    return frozenset(entries | _ALSO_SYLLABLES)


@lru_cache(maxsize=1)
def words() -> frozenset[tuple[str, str]]:
    parts = [_key(s) for s in WORDS.split()]
    if len(parts) % 2:
        raise ValueError("spelling_words.WORDS must hold two-syllable words")
    return frozenset(zip(parts[::2], parts[1::2]))


@lru_cache(maxsize=1)
def bound_words() -> frozenset[tuple[str, str]]:
    """The known words' pairs, and the pairs holding a bound syllable within the words it forms."""
    pairs = set(words())
    for syllable, (_, listed) in BOUND.items():
        for word in listed.split(","):
            parts = [_key(s) for s in word.split()]
            pairs |= {pair for pair in zip(parts, parts[1:]) if _key(syllable) in pair}
    return frozenset(pairs)


@lru_cache(maxsize=1)
def _bound_fixes() -> dict[str, tuple[str, ...]]:
    return {_key(syllable): fixes for syllable, (fixes, _) in BOUND.items()}


def _alone(tokens: list, n: int, text: str, pairs) -> bool:
    """Whether the bound syllable ``tokens[n]`` forms a word with neither neighbour (one
    word is written with a single space between its syllables)."""
    here = _key(tokens[n].group(0))
    if n and text[tokens[n - 1].end():tokens[n].start()] == " ":
        if (_key(tokens[n - 1].group(0)), here) in pairs:
            return False
    if n + 1 < len(tokens) and text[tokens[n].end():tokens[n + 1].start()] == " ":
        if (here, _key(tokens[n + 1].group(0))) in pairs:
            return False
    return True


# Words repeat across a report and across the reports of an office's year: their
# answers are kept (bounded, a word is a few bytes).
@lru_cache(maxsize=1 << 16)
def _checked(token: str) -> bool:
    """Vietnamese words only: not ASCII-only (foreign words, names), not acronyms."""
    if len(token) < 2 or token.isascii() or token.isupper():
        return False
    base = unicodedata.normalize("NFD", token.lower())
    return not any(ch in "fjwz" for ch in base)


def _tone_variants(syllable: str) -> set[str]:
    decomposed = unicodedata.normalize("NFD", syllable)
    bare = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    vowels = [i for i, ch in enumerate(bare) if ch in "aeiouy"]
    if not vowels:
        return set()
    found = set()
    for at in vowels:
        for mark in ("", *_TONE_MARKS):
            found.add(_key(bare[: at + 1] + mark + bare[at + 1 :]))
    found.discard(syllable)
    return found


def _initial_variants(syllable: str) -> set[str]:
    found = set()
    for old, new in _INITIALS:
        if syllable.startswith(old):
            found.add(new + syllable[len(old):])
    return found


@lru_cache(maxsize=65536)
def _near(syllable: str) -> frozenset[str]:
    """Syllables one slip away from ``syllable`` that exist: a mark, the tone's place, an initial."""
    known = syllables()
    found = set()
    for i, ch in enumerate(syllable):
        for other in _SIBLINGS.get(ch, ""):
            found.add(_key(syllable[:i] + other + syllable[i + 1 :]))
    found |= _tone_variants(syllable) | _initial_variants(syllable)
    found |= {syllable + end for end in ("c", "t", "n", "m", "p", "g", "h", "i", "o", "u", "y")}  # a last letter left off
    found.discard(syllable)
    return frozenset(s for s in found if s in known)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return not before or before[-1] in ".!?:;\n…-–*+•(\"“«'"


def _case_like(model: str, text: str) -> str:
    return text[:1].upper() + text[1:] if model[:1].isupper() else text


# Texts whose slips are kept: a report is checked again on every autosave with one field
# changed, and default or carried-over paragraphs repeat across an office's cells.
_KEPT_TEXTS = 1024
_kept_misspellings: TextCache[tuple[Misspelling, ...]] = TextCache(_KEPT_TEXTS)
_kept_styles: TextCache[tuple[tuple[str, str], ...]] = TextCache(_KEPT_TEXTS)


def misspellings(text: str) -> list[Misspelling]:
    """Misspelt syllables and wrong words of ``text``, in order, each once."""
    return list(_kept_misspellings.get(text, lambda t: tuple(_misspellings(t))))


def _misspellings(text: str) -> list[Misspelling]:
    known, pairs = syllables(), words()
    bound, bound_pairs = _bound_fixes(), bound_words()
    tokens = list(_TOKEN.finditer(text))
    found: list[Misspelling] = []
    seen: set[str] = set()

    def add(item: Misspelling) -> None:
        if item.words.lower() not in seen:
            seen.add(item.words.lower())
            found.append(item)

    for n, match in enumerate(tokens):
        token = match.group(0)
        if not _checked(token):
            continue
        syllable = _key(token)
        if syllable in known:
            if syllable in bound and _alone(tokens, n, text, bound_pairs):
                if token[0].isupper() and (not _starts_sentence(text, match.start())
                                           or (n + 1 < len(tokens) and tokens[n + 1].group(0)[0].isupper())):
                    continue  # a name: "Tố Hữu"
                add(Misspelling(token, tuple(_case_like(token, s) for s in bound[syllable]), "word"))
            continue
        starts = _starts_sentence(text, match.start())
        if token[0].isupper() and not starts:
            continue  # a name inside a sentence: places such as "Đắk Lắk", "Krông Búk"
        neighbours = {_key(t.group(0)) for t in tokens[max(0, n - 1) : n + 2]} - {syllable}
        near = _near(syllable)
        # A candidate forming a known word with a neighbour comes first.
        ranked = sorted(
            near,
            key=lambda s: (not any((s, o) in pairs or (o, s) in pairs for o in neighbours), s),
        )
        if token[0].isupper() and not ranked:
            continue  # a capital at a sentence's start with nothing near: a name, not a slip
        add(Misspelling(token, tuple(_case_like(token, s) for s in ranked[:3]), "syllable"))
    for match in _NAME.finditer(text):
        written = " ".join(match.group(0).split())
        right = next(n for n in _NAMES if n.lower() == written.lower())
        if written != right and not written.isupper():  # "VIỆT NAM" in a heading is right
            add(Misspelling(written, (right,), "name"))
    keys = [_key(t.group(0)) for t in tokens]
    for n in range(len(tokens) - 1):
        first, second = tokens[n], tokens[n + 1]
        if text[first.end() : second.start()] != " ":
            continue  # a word does not span punctuation or a line break
        a, b = keys[n], keys[n + 1]
        if (a, b) in pairs or a not in known or b not in known:
            continue
        # "danh hiệu trường", "đầu tư tương đối": each syllable already has its word.
        if (n and (keys[n - 1], a) in pairs) or (n + 2 < len(keys) and (b, keys[n + 2]) in pairs):
            continue
        fixes = [] if a in _FUNCTION_WORDS else [(x, b) for x in _near(a) if (x, b) in pairs]
        fixes += [] if b in _FUNCTION_WORDS else [(a, y) for y in _near(b) if (a, y) in pairs]
        if fixes:
            written = f"{first.group(0)} {second.group(0)}"
            add(Misspelling(written, tuple(_case_like(written, f"{x} {y}") for x, y in sorted(fixes)), "word"))
    return found


@lru_cache(maxsize=1 << 16)
def _style(word: str) -> str | None:
    """"old" (hòa, thủy) or "new" (hoà, thuỷ) for a word whose tone can move; else None."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = next((ch for ch in decomposed if ch in _TONE_MARKS), None)
    if tone is None:
        return None
    restyled = normalize_tone_style(word.lower())
    if restyled != unicodedata.normalize("NFC", word.lower()):
        return "new"
    bare = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
    new = unicodedata.normalize("NFC", bare[:-1] + bare[-1] + tone) if bare[-2:] in ("oa", "oe", "uy") else None
    if new and new != unicodedata.normalize("NFC", word.lower()) and normalize_tone_style(new) == restyled:
        return "old"
    return None


def mixed_tone_styles(text: str) -> tuple[list[str], list[str]]:
    """Words written in the old style (hòa) and in the new (hoà), when ``text`` has both."""
    old: list[str] = []
    new: list[str] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        style = _style(match.group(0))
        bucket = old if style == "old" else new if style == "new" else None
        if bucket is not None and match.group(0) not in bucket:
            bucket.append(match.group(0))
    return (old, new) if old and new else ([], [])


def _styled_words(text: str) -> tuple[tuple[str, str], ...]:
    """("old" or "new", the word in lower case) of each word of ``text`` whose tone can move, in order."""
    found = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        style = _style(match.group(0))
        if style is not None:
            found.append((style, match.group(0).lower()))
    return tuple(found)


def mixed_tone_problem(data: dict) -> list[Problem]:
    """One cảnh báo when the typed paragraphs of a report's data use both tone styles.

    Read from the data as typed (the YAML file, the web's stored draft): the model puts
    every text in one style, so the report itself can no longer show the mix.
    """
    old: list[str] = []
    new: list[str] = []
    where: dict[str, str] = {}
    if not isinstance(data, dict):
        return []
    left_out = data.get("left_out") if isinstance(data.get("left_out"), list) else []
    extras = fieldpaths.get(data, "structure.extra")
    paths = [*NARRATIVE_PATHS, "achievements", "structure.grounds"] + [
        f"structure.extra[{i}].paragraphs" for i in range(len(extras) if isinstance(extras, list) else 0)
    ]
    for path in paths:
        node = None if path in left_out else fieldpaths.get(data, path)
        parts = node if isinstance(node, list) else [node]
        text = "\n".join(p for p in parts if isinstance(p, str))
        for style, word in _kept_styles.get(text, _styled_words):  # as misspellings: kept per text
            bucket = old if style == "old" else new
            if word not in bucket:
                bucket.append(word)
                where.setdefault(style, path)
    if not (old and new):
        return []
    fewer = "old" if len(old) < len(new) else "new"
    shown_old = ", ".join(f"«{w}»" for w in old[:3])
    shown_new = ", ".join(f"«{w}»" for w in new[:3])
    return [
        Problem(
            where[fewer],
            Severity.WARNING,
            f"Chính tả: các đoạn văn viết lẫn hai kiểu đặt dấu thanh: {shown_old} (kiểu «hòa, thủy») "
            f"và {shown_new} (kiểu «hoà, thuỷ»). Báo cáo in thống nhất theo kiểu «hòa, thủy» của văn "
            "bản hành chính; hãy gõ một kiểu cho thống nhất.",
        )
    ]
