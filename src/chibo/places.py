"""Place names as they are now: the provinces and xã/phường after the 1 July 2025
reorganisation, from the `vietnam-provinces` package (the official list of the
statistics office), offered as suggestions for the fields that name a place.

Suggestions only: any text is still accepted, because reports of the years before
2025 name the communes and the huyện as they were then, which no maintained package
lists (see README).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


# What a field suggests: the đảng bộ ("Đảng bộ xã …"), the place before the date
# ("Đông Thành"), the area of the comparison ("xã Đông Thành", "tỉnh Nghệ An").
KINDS = ("dang-bo", "dia-danh", "dia-ban")
FIELDS = {"meta.party_committee": "dang-bo", "meta.place": "dia-danh", "students.area.name": "dia-ban"}
MAX_QUERY = 60


@dataclass(frozen=True)
class Suggestion:
    value: str  # what goes into the field
    label: str  # where it is, to tell apart the many "Xã Tân Thành"
    key: str  # value folded for matching


def fold(text: str) -> str:
    """Lower case without tone marks, đ as d: "Hòa Bình" and "hoa binh" match."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def province_title(province) -> str:
    """"tỉnh Nghệ An" / "thành phố Hà Nội", lower case as inside a sentence."""
    if province.division_type.value == "thành phố trung ương":
        return "thành phố " + province.name.removeprefix("Thành phố ")
    return "tỉnh " + province.name


def _short(ward) -> str:
    """"Xã Đông Thành" → "Đông Thành"."""
    prefix = ward.division_type.value
    name = ward.name
    if name.casefold().startswith(prefix + " "):
        return name[len(prefix) + 1:]
    return name


@lru_cache(maxsize=None)
def _all(kind: str) -> tuple[Suggestion, ...]:
    # Imported here: the package's tables cost a tenth of a second, paid only when a name is looked up.
    from vietnam_provinces import Province, Ward

    provinces = {p.code: p for p in Province.iter_all()}
    items: list[tuple[str, str]] = []
    for ward in Ward.iter_all():
        where = province_title(provinces[ward.province_code])
        unit = ward.division_type.value
        if kind == "dang-bo":
            items.append((f"Đảng bộ {unit} {_short(ward)}", where))
        elif kind == "dia-danh":
            items.append((_short(ward), f"{unit} {_short(ward)}, {where}"))
        else:
            items.append((f"{unit} {_short(ward)}", where))
    for province in provinces.values():
        bare = province.name.removeprefix("Thành phố ")
        if kind == "dang-bo":
            items.append((f"Đảng bộ {province_title(province)}", "cấp tỉnh"))
        elif kind == "dia-danh":
            items.append((bare, province_title(province)))
        else:
            items.append((province_title(province), "cấp tỉnh"))
    return tuple(Suggestion(v, label, fold(v)) for v, label in items)


def suggest(kind: str, query: str, limit: int = 30) -> list[Suggestion]:
    """Up to `limit` names containing the query (tone marks optional), those whose
    name (after "Đảng bộ xã" …) starts with it first."""
    if kind not in KINDS:
        raise ValueError(kind)
    q = fold(query[:MAX_QUERY])
    if not q:
        return []
    starts, contains = [], []
    for item in _all(kind):
        at = item.key.find(q)
        if at < 0:
            continue
        # "dong" should bring "Đảng bộ xã Đông Thành" first, not "… Phường Hà Đông".
        word_start = at == 0 or item.key[at - 1] == " "
        (starts if word_start else contains).append(item)
        if len(starts) >= limit:
            break
    # Typed with tone marks: "Đông Thành" before "Đông Thạnh".
    typed = unicodedata.normalize("NFC", query[:MAX_QUERY]).casefold().strip()
    ranked = sorted(starts, key=lambda item: typed not in item.value.casefold()) + contains
    return ranked[:limit]


def is_current(kind: str, name: str) -> bool:
    """Whether `name` is, word for word (tone marks and case aside), one the list offers."""
    return fold(name) in _keys(kind)


@lru_cache(maxsize=None)
def _keys(kind: str) -> frozenset[str]:
    return frozenset(item.key for item in _all(kind))


REORGANISED = 2025  # xã/phường merged and districts ended on 1 July 2025
_COMMUNE_COMMITTEE = re.compile(r"đảng bộ\s+(xã|phường|thị trấn|đặc khu)\s+([^,(]+)", re.IGNORECASE)


def unlisted_committee(name: str, year: int) -> bool:
    """A commune-level đảng bộ ("Đảng bộ xã …", "… thị trấn …") named in a report of
    2025 or later that the current list does not have: most likely its name before the
    merger, copied from an older report. Other đảng bộ (a sở, a khối) are not judged."""
    if year < REORGANISED or "…" in name or ".." in name:
        return False
    found = _COMMUNE_COMMITTEE.match(unicodedata.normalize("NFC", name.strip()))
    if not found:
        return False
    return not is_current("dang-bo", f"Đảng bộ {found.group(1)} {found.group(2).strip()}")
