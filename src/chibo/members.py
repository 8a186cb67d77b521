"""Section I's member counts, from a member list or as typed."""

from __future__ import annotations

from datetime import date

from .labels import Education, MemberEventKind, Sex, TheoryLevel
from .model import Member, Members

MOVEMENT_FIELDS = (
    "admitted",
    "transferred_in",
    "transferred_out",
    "retired",
    "died",
    "removed",
)
# How a report words each movement: "kết nạp mới 02 đồng chí".
MOVEMENT_WORDS = {
    "admitted": "kết nạp mới",
    "transferred_in": "chuyển đến",
    "transferred_out": "chuyển đi",
    "retired": "nghỉ hưu",
    "died": "từ trần",
    "removed": "xóa tên",
}
# Reports group the movements as real reports do: what adds to the cell, then what takes
# from it ("tăng 02 đồng chí (…), giảm 01 đồng chí (…)").
INCREASES = ("admitted", "transferred_in")
DECREASES = ("transferred_out", "retired", "died", "removed")
COUNT_FIELDS = (
    "start_of_year",
    *MOVEMENT_FIELDS,
    "end_of_year",
    "official",
    "probationary",
    "women",
    "exempted",
)
EDUCATION_FIELDS = {
    Education.DOCTORATE: "doctorate",
    Education.MASTER: "master",
    Education.UNIVERSITY: "university",
    Education.COLLEGE: "college",
    Education.OTHER: "other",
}
THEORY_FIELDS = {
    TheoryLevel.ADVANCED: "advanced",
    TheoryLevel.INTERMEDIATE: "intermediate",
    TheoryLevel.ELEMENTARY: "elementary",
}
LEAVING = {
    MemberEventKind.TRANSFERRED_OUT: "transferred_out",
    MemberEventKind.RETIRED: "retired",
    MemberEventKind.DIED: "died",
    MemberEventKind.REMOVED: "removed",
}


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # 29 Feb + 12 months -> 28 Feb
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_official_at(member: Member, day: date) -> bool:
    return member.official_on is not None and member.official_on <= day


def leaving_event(member: Member):
    return next((e for e in member.events if e.kind in LEAVING), None)


def count_roster(roster: list[Member], year: int) -> dict[str, int]:
    """Every count of ``Members`` computed from the list, at 31 December of ``year``."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    counts = dict.fromkeys((*COUNT_FIELDS, "men"), 0)
    education = dict.fromkeys(EDUCATION_FIELDS.values(), 0)
    theory = dict.fromkeys(THEORY_FIELDS.values(), 0)
    for member in roster:
        kinds = {e.kind for e in member.events if first <= e.on <= last}
        arrived = MemberEventKind.TRANSFERRED_IN in kinds
        if first <= member.admitted_on <= last:
            counts["admitted"] += 1
        elif arrived:
            counts["transferred_in"] += 1
        else:
            counts["start_of_year"] += 1
        left = leaving_event(member)
        if left is not None:
            counts[LEAVING[left.kind]] += 1
            continue
        counts["end_of_year"] += 1
        counts["official" if is_official_at(member, last) else "probationary"] += 1
        counts["women"] += member.sex is Sex.FEMALE
        counts["men"] += member.sex is not Sex.FEMALE
        # An exemption granted in an earlier year still holds this year.
        counts["exempted"] += any(e.kind is MemberEventKind.EXEMPTED and e.on <= last for e in member.events)
        education[EDUCATION_FIELDS[member.education]] += 1
        if member.theory in THEORY_FIELDS:
            theory[THEORY_FIELDS[member.theory]] += 1
    return {**counts, "education": education, "theory": theory}


def average_age(roster: list[Member], year: int) -> int | None:
    """The year-end members' mean age in ``year`` (year less birth year), rounded half up
    to whole years as reports write it ("tuổi đời bình quân 38 tuổi")."""
    ages = [year - member.birth_year for member in roster if leaving_event(member) is None]
    if not ages:
        return None
    return (2 * sum(ages) + len(ages)) // (2 * len(ages))


def roster_names(roster: list[Member], year: int) -> dict[str, list[tuple[str, str | None]]]:
    """Who moved in ``year``, by movement (as ``count_roster`` counts them), each with the
    event's note (the reason of a departure); and who was made official in the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    names: dict[str, list[tuple[str, str | None]]] = {k: [] for k in (*MOVEMENT_FIELDS, "made_official")}
    for member in roster:
        arrival = next((e for e in member.events
                        if e.kind is MemberEventKind.TRANSFERRED_IN and first <= e.on <= last), None)
        if first <= member.admitted_on <= last:
            names["admitted"].append((member.name, None))
        elif arrival is not None:
            names["transferred_in"].append((member.name, arrival.note))
        left = leaving_event(member)
        if left is not None:
            names[LEAVING[left.kind]].append((member.name, left.note))
        if member.official_on is not None and first <= member.official_on <= last:
            names["made_official"].append((member.name, None))
    return names


def entered_counts(members: Members) -> dict:
    """The counts as typed, movements left empty read as 0."""
    counts = {name: getattr(members, name) for name in COUNT_FIELDS}
    for name in (*MOVEMENT_FIELDS, "exempted"):
        if counts[name] is None:
            counts[name] = 0
    counts["men"] = members.men
    counts["education"] = members.education.model_dump()
    counts["theory"] = members.theory.model_dump()
    return counts


PROBATION_MONTHS = 12  # of dự bị before a member can be made official (Điều lệ Đảng); rules.py uses this one


def due_official(roster: list[Member], year: int) -> list[Member]:
    """Probationary members whose 12 months end in ``year``: "đến hạn xét chính thức"."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return [
        m
        for m in roster
        if m.official_on is None
        and leaving_event(m) is None
        and first <= add_months(m.admitted_on, PROBATION_MONTHS) <= last
    ]


_LEAVING_CODES = {kind.value for kind in LEAVING}
_EXEMPTED = MemberEventKind.EXEMPTED.value


def next_year_roster(roster: object) -> list | None:
    """This year's list (as stored data) for next year: who left is gone, events cleared.

    Leaving is any of chuyển đi, nghỉ hưu, từ trần, xóa tên (``LEAVING``, as
    ``count_roster`` counts them): a retired member's Party life moves to where
    they live, so they are no longer the cell's. Miễn sinh hoạt holds until it is
    lifted, so it is kept (with its date, of an earlier year next year); the member stays.
    """
    if not isinstance(roster, list):
        return None
    kept = []
    for row in roster:
        if not isinstance(row, dict):
            continue
        events = row.get("events") if isinstance(row.get("events"), list) else []
        if any(isinstance(e, dict) and str(e.get("kind")) in _LEAVING_CODES for e in events):
            continue
        row = {k: v for k, v in row.items() if k != "events"}
        exemptions = [e for e in events if isinstance(e, dict) and str(e.get("kind")) == _EXEMPTED]
        if exemptions:
            row["events"] = exemptions
        kept.append(row)
    return kept or None
