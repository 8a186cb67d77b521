"""Width of a line of text as Word will set it, from the font's own metrics.

Liberation Serif has the metrics of Times New Roman, so measuring with it
tells how wide a line will be in Word too. Without the font, widths are None
and callers keep their defaults.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from ..charts import VIETNAMESE_SAMPLE

PT_PER_MM = 72 / 25.4
# Metric-compatible stand-ins, in order of preference.
_FAMILIES = {"Times New Roman": ["Times New Roman", "Liberation Serif"]}


@lru_cache(maxsize=16)
def _font(family: str, bold: bool, italic: bool):
    """The font's character map and advance widths, or None without the font.

    fontconfig finds the file and fontTools reads two tables: matplotlib (half a
    second to import) is left to the charts. A file that lacks Vietnamese (Debian's
    fonts-liberation 1.x) is passed over for the next candidate.
    """
    if shutil.which("fc-match") is None:
        return None
    from fontTools.ttLib import TTFont

    names = _FAMILIES.get(family, [family])
    style = f":weight={'bold' if bold else 'regular'}:slant={'italic' if italic else 'roman'}"
    listed = subprocess.run(
        ["fc-match", "-s", "-f", "%{family}\t%{file}\n", names[0] + style],
        capture_output=True, text=True, timeout=10, check=False,
    ).stdout
    for line in listed.splitlines():
        families, _, path = line.partition("\t")
        if not any(name in families.split(",") for name in names) or not path.endswith((".ttf", ".otf")):
            continue
        font = TTFont(path, lazy=True)
        charmap = font.getBestCmap() or {}
        if all(ord(ch) in charmap for ch in VIETNAMESE_SAMPLE):
            advances = {glyph: width for glyph, (width, _) in font["hmtx"].metrics.items()}
            return charmap, advances, font["head"].unitsPerEm
    return None


@lru_cache(maxsize=4096)
def text_width_mm(text: str, family: str, size_pt: float, bold: bool = False, italic: bool = False) -> float | None:
    """Sum of the characters' advance widths, unhinted and without kerning, as Word sets them."""
    font = _font_safe(family, bold, italic)
    if font is None:
        return None
    charmap, advances, units_per_em = font
    missing = advances.get(".notdef", 0)
    units = sum(advances.get(charmap.get(ord(ch)), missing) for ch in text)
    return units / units_per_em * size_pt / PT_PER_MM


def _font_safe(family: str, bold: bool, italic: bool):
    try:
        return _font(family, bold, italic)
    except (OSError, ValueError, KeyError, subprocess.SubprocessError):
        return None


def break_line(text: str, width, room: float) -> str:
    """Break a line that does not fit ``room`` (mm) into two.

    Names end with a proper noun of two words (a place, a person), so the break
    goes before the last two words when both halves fit; otherwise where the
    halves balance best. ``width`` measures a string in mm (None: unknown).
    """
    words = text.split(" ")
    if len(words) >= 3:
        first, second = " ".join(words[:-2]), " ".join(words[-2:])
        widths = width(first), width(second)
        if None not in widths and max(widths) <= room:
            return f"{first}\n{second}"
    # The first half widens and the second narrows as the break moves right, so the most
    # even break is where they cross: found by bisection, a few measurements for any length.
    low, high = 1, len(words) - 1
    while low < high:
        middle = (low + high) // 2
        widths = width(" ".join(words[:middle])), width(" ".join(words[middle:]))
        if None in widths:
            return text
        if widths[0] < widths[1]:
            low = middle + 1
        else:
            high = middle
    best, best_width = text, None
    for i in (low - 1, low):
        if 1 <= i < len(words):
            first, second = " ".join(words[:i]), " ".join(words[i:])
            widths = width(first), width(second)
            if None in widths:
                return text
            if best_width is None or max(widths) < best_width:
                best, best_width = f"{first}\n{second}", max(widths)
    return best


def balance_line(text: str, width, room: float) -> str:
    """A line that does not fit ``room`` (mm) in two lines, each fitting: after a comma if
    one does (a Vietnamese word has several syllables, so a space alone may be inside a
    word: «CHỈ / ĐẠO»), else where the widths are most even; unchanged when no split fits
    or the font cannot be measured."""
    whole = width(text)
    if whole is None or whole > 2.2 * room:  # no two lines can hold it (a space is far under 0.2 room)
        return text
    words = text.split(" ")
    fitting = []
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widths = width(first), width(second)
        if None in widths:
            return text
        if max(widths) <= room:
            fitting.append((not first.endswith(","), max(widths), f"{first}\n{second}"))
    return min(fitting)[2] if fitting else text


def break_name(text: str, width, room: float) -> str:
    """Break an organisation's name that does not fit ``room`` (mm) into two lines at
    one of its units (letterhead.name_breaks: before "TRƯỜNG" or before the school's own
    name), the most balanced of those where both lines fit; at both, in three lines, when
    neither fits («CHI BỘ / TRƯỜNG TRUNG HỌC CƠ SỞ / NGUYỄN VĂN TRỖI»); else as ``break_line``."""
    from ..letterhead import name_breaks

    words = text.split(" ")
    breaks = name_breaks(text)
    splits = [[i] for i in breaks] + ([breaks] if len(breaks) == 2 else [])
    for count in (1, 2):  # two lines if any fits, else three
        best, best_width = None, None
        for at in (split for split in splits if len(split) == count):
            lines = [" ".join(words[a:b]) for a, b in zip([0, *at], [*at, len(words)])]
            widths = [width(line) for line in lines]
            if None in widths or max(widths) > room:
                continue
            if best_width is None or max(widths) < best_width:
                best, best_width = "\n".join(lines), max(widths)
        if best:
            return best
    return break_line(text, width, room)


# The right column (motto, place and date) never takes more of the text width.
MASTHEAD_RIGHT_MAX = 0.6


def fit_masthead(left, right, profile):
    """Size two masthead columns to their text, breaking a too-long left line.

    Returns the left paragraphs (a long name broken between words) and the left
    column's share of the text width in percent; the profile's share where the
    font cannot be measured. Both renderers use it, so DOCX and preview agree.
    """
    from ..document import Paragraph
    from ..vietnamese import upper

    default = (list(left), profile.masthead_left_pct)
    if not left or not right:
        return default

    def measure(p):
        s = profile.style(p.role)
        text = upper(p.text) if s.caps else p.text
        widths = [text_width_mm(line, profile.font, s.size, s.bold, s.italic) for line in text.split("\n")]
        return None if None in widths else max(widths)

    total = profile.page.text_width_mm
    padding = 2 * profile.table_cell_margin_mm + 0.5
    left_need = [measure(p) for p in left]
    right_need = [measure(p) for p in right]
    if None in left_need or None in right_need:
        return default
    left_mm, right_mm = max(left_need) + padding, max(right_need) + padding
    if left_mm + right_mm <= total:
        left_width = left_mm + (total - left_mm - right_mm) / 2
    else:
        left_width = total - min(right_mm, total * MASTHEAD_RIGHT_MAX)
    room = left_width - padding
    paragraphs = []
    for p, need in zip(left, left_need):
        if need > room and "\n" not in p.text:
            s = profile.style(p.role)
            text = upper(p.text) if s.caps else p.text
            broken = break_name(
                text, lambda t, s=s: text_width_mm(t, profile.font, s.size, s.bold, s.italic), room
            )
            p = Paragraph.of(broken, p.role)
        paragraphs.append(p)
    return paragraphs, left_width * 100 / total
