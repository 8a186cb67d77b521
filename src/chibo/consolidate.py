"""The đảng bộ's view of its cells' reports: one row per cell, totals, blocks.

``summarize`` reduces one report's data (as stored, possibly an unfinished
draft) to a small JSON-safe dict of counts: the cell's row. ``consolidate``
totals rows: sums of counts, student rates weighted by the number of students
(sum of counts over sum of assessed, never an average of percentages), cells
at each classification level, and the same for last year with the change.
``Consolidation.blocks()`` describes the tables shown by the web page, the
XLSX and the summary DOCX alike, so the three always agree; each renderer
formats the values by the column's kind.

Rows hold counts only; percentages are computed here, exact (Decimal), and
rounded once when shown.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from . import fieldpaths
from .draft import draft_check, lenient_report
from .figures import Figures, compute, group_scale, percent, rounded
from .labels import Rating, SchoolLevel
from .members import COUNT_FIELDS, MOVEMENT_FIELDS
from .model import Report, School, field_label
from .vietnamese import lower_first
from .problems import Problem, Severity
from .profiles import load_profile
from .rules import check
from .scales import QUALITY_LEVELS, SCALES, Scale

# Bump when the shape of ``summarize``'s dict changes: stored summaries with
# another schema are recomputed.
SUMMARY_SCHEMA = 5  # 5: a level left empty is None, not 0

# Percentages are shown with the format profile's decimals (profiles/*.toml, [numbers]);
# this many when no profile is at hand.
DEFAULT_DECIMALS = 2

# Section I's counts shown per cell, in the order of the model.
# Section I's counts the office compares: all but the exempted.
MEMBER_FIELDS = tuple(name for name in COUNT_FIELDS if name != "exempted")
RATINGS = tuple(Rating)
NOT_RATED = "not_rated"
# Section I's picture of the school (all optional), in the order of the model.
SCHOOL_FIELDS = tuple(School.model_fields)
STAFF_FIELDS = ("managers", "teachers", "staff")  # cán bộ quản lý, giáo viên, nhân viên
PARTY_SHARE = "party_share"
STAFF_FIELDS_END = SCHOOL_FIELDS.index(STAFF_FIELDS[-1]) + 1  # the share's column follows the staff
SHARE_LABEL = "Tỷ lệ đảng viên trong cán bộ, giáo viên, nhân viên (%)"
# A preschool's children (Report.children): counts summed over the cells that gave them;
# each share over the cells that gave both the part and its whole, never an average of rates.
CHILD_COUNTS = ("children", "boarding", "weight.measured", "weight.underweight", "weight.overweight",
                "height.measured", "height.stunted", "five_year_olds", "completed")
CHILD_SHARES = {"weight.underweight": "weight.measured", "height.stunted": "height.measured",
                "completed": "five_year_olds"}
# Numeric targets for year N+1 (paths under ``targets``) and their kind.
TARGET_FIELDS = (
    ("students.gifted", "count"),
    ("students.gifted_province", "count"),
    ("students.promotion_rate", "percent"),
    ("students.advanced_classes", "count"),
    ("students.conduct_good_rate", "percent"),
    ("teachers.emulation_fighters", "count"),
    ("teachers.advanced_workers", "count"),
    ("teachers.good_teachers", "count"),
    ("party.new_members_min", "count"),
    ("party.new_members_max", "count"),
    ("party.excellent_members", "count"),
)
# Scales in the order their blocks are shown: secondary, then primary.
# The group over each quality's Tốt columns in a primary scale's block.
QUALITIES_AT_GOOD = "Mức Tốt theo từng phẩm chất, năng lực"
SCALE_ORDER = ("tt22", "tt58", "tt27", "tt30")


# --- one report -> one row ------------------------------------------------------


def summarize(data: dict, *, year: int | None = None) -> dict:
    """The cell's row: a JSON-safe dict of what the office's tables need.

    ``data`` is the report as stored (the YAML shape); it may be a draft that
    does not validate: the figures of the parts that are right are kept and
    the problems are counted the way the editor counts them (the same
    ``validate``, ``check`` and ``lenient_report`` on the same data). ``year``
    is the report's year as its record knows it (the web's); without it, the
    data's.

    Keys: schema, cell_name, party_committee, school_level, year, valid,
    errors, warnings, members {field: int|None}, classification {rating
    code: int|None, not_rated: int}, cell_rating (code|None), cell_title,
    students None | {scale, assessed, grades, conduct {code: n}, learning
    {code: n}, titles {code: n}}, student_groups [the same, one per grade
    group on another scale], achievements [text], targets {path: number},
    lists {admitted: [names] | None} (names need a member list). A figure
    the report does not give is None, never 0.
    """
    data = data if isinstance(data, dict) else {}
    checked = draft_check(data)  # problems counted exactly as the editor counts them
    problems, report, figures = checked.problems, checked.report, checked.figures
    if checked.valid:
        return _report_row(report, problems, figures, year)
    if year is None and type(data.get("year")) is int:
        year = data["year"]
    # The figures of what is right need a year: the record's, when it is known.
    if year is not None and data.get("year") != year:
        report = lenient_report({**data, "year": year})
        figures = None
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    level = meta.get("school_level")
    # Placeholders of a lenient draft are not the cell's: names and level as typed, or None.
    row = _row(
        report,
        problems,
        figures=figures,
        cell_name=_text(meta.get("cell_name")),
        party_committee=_text(meta.get("party_committee")),
        school_level=level if level in {s.value for s in SchoolLevel} else None,
        year=year,
    )
    row["valid"] = False
    return row


def summarize_report(report: Report, *, year: int | None = None) -> dict:
    """``summarize`` of a report that validates (e.g. a file the CLI loaded)."""
    figures = compute(report)
    return _report_row(report, check(report, figures), figures, year)


def _report_row(report: Report, problems: list[Problem], figures: Figures, year: int | None) -> dict:
    return _row(
        report,
        problems,
        figures=figures,
        cell_name=report.meta.cell_name,
        party_committee=report.meta.party_committee,
        school_level=report.meta.school_level.value,
        year=year if year is not None else report.year,
    )


def _row(report: Report | None, problems: list[Problem], *, figures: Figures | None = None,
         cell_name, party_committee, school_level, year) -> dict:
    row: dict[str, Any] = {
        "schema": SUMMARY_SCHEMA,
        "cell_name": cell_name,
        "party_committee": party_committee,
        "school_level": school_level,
        "year": year,
        "valid": True,
        "errors": sum(p.severity is Severity.ERROR for p in problems),
        "warnings": sum(p.severity is Severity.WARNING for p in problems),
        "members": dict.fromkeys(MEMBER_FIELDS),
        "classification": {**dict.fromkeys(r.value for r in RATINGS), NOT_RATED: 0},
        "cell_rating": None,
        "cell_title": None,
        "students": None,
        "student_groups": [],
        "achievements": [],
        "targets": {},
        "lists": {"admitted": None},
        "school": dict.fromkeys(SCHOOL_FIELDS),
        "children": dict.fromkeys(CHILD_COUNTS),
    }
    if report is None:
        return row
    figures = figures or compute(report)
    counts = figures.members.counts
    row["members"] = {name: counts[name] for name in MEMBER_FIELDS}
    if not figures.members.movements_given:  # typed counts without any movement: not known, not 0
        row["members"].update(dict.fromkeys(MOVEMENT_FIELDS))
    c = report.classification
    classification = figures.classification
    if classification.entered or classification.not_rated:  # a level left empty stays «—», as in its report
        row["classification"] = {
            **{rating.value: n for rating, n in classification.counts.items()},
            NOT_RATED: classification.not_rated,
        }
    else:  # not given at all
        row["classification"] = dict.fromkeys(row["classification"])
    row["cell_rating"] = c.cell_rating.value if c.cell_rating is not None else None
    row["cell_title"] = c.cell_title
    students = figures.students
    # A draft without its school level would get a guessed scale: no student figures.
    if students is not None and (school_level is not None or report.students.scale is not None):
        s = report.students
        row["students"] = _student_part(s, students.scale)
        # The other grades of a year on two circulars, each on its own scale.
        groups = [g for g in s.groups if g.assessed is not None]
        row["student_groups"] = [_student_part(g, group_scale(report, g)) for g in groups]
    row["school"] = {name: getattr(report.school, name) for name in SCHOOL_FIELDS}
    if figures.children is not None:  # a preschool's, given
        given_children = report.children.model_dump()
        row["children"] = {path: fieldpaths.get(given_children, path) for path in CHILD_COUNTS}
    row["achievements"] = list(report.achievements)
    for path, _kind in TARGET_FIELDS:
        group, name = fieldpaths.names(path)
        if group == "students" and report.meta.school_level is SchoolLevel.PRESCHOOL:
            continue  # pupils' targets left from another level: not printed in the report either
        value = getattr(getattr(report.targets, group), name)
        if value is not None:
            row["targets"][path] = value
    if report.members.roster:
        first, last = date(report.year, 1, 1), date(report.year, 12, 31)
        row["lists"]["admitted"] = [
            m.name for m in report.members.roster if first <= m.admitted_on <= last
        ]
    return row


def _student_part(period, scale: Scale) -> dict:
    """One scale's results of a cell (its main grades or a grade group): counts per level;
    None for a summary the cell did not give (an optional dimension, a title)."""
    part: dict[str, Any] = {"scale": scale.code, "assessed": period.assessed, "grades": period.grades}
    for dim in scale.dimensions:
        counts = getattr(period, dim.key)  # a level left empty stays None, as its report prints «—»
        part[dim.key] = {code: counts.get(code) if counts else None for code in dim.codes}
    part["titles"] = {code: period.titles.get(code) for code, _ in scale.titles}
    for quality in scale.qualities:  # TT27, TT30: each phẩm chất, năng lực on its own, when given
        counts = period.qualities.get(quality.code)
        part[quality_key(quality.code)] = {code: counts.get(code) if counts else None for code, _ in QUALITY_LEVELS}
    return part


def quality_key(code: str) -> str:
    """A quality's key among a part's tables of levels (beside conduct, learning, titles)."""
    return f"quality:{code}"


def student_parts(row: dict) -> dict[str, dict]:
    """A row's student results by scale: its main grades and its grade groups; parts of one
    scale (two groups on it) added together. Read only: a part may be the row's own."""
    parts: dict[str, dict] = {}
    merged: set[str] = set()
    for part in [row.get("students"), *(row.get("student_groups") or [])]:
        if not part or part.get("scale") not in SCALES or not part.get("assessed"):
            continue
        if part["scale"] not in parts:
            parts[part["scale"]] = part  # no copy: 300 rows are read several times per page
            continue
        if part["scale"] not in merged:  # a sum of two parts: a copy to add into
            merged.add(part["scale"])
            parts[part["scale"]] = copy.deepcopy(parts[part["scale"]])
        into = parts[part["scale"]]
        into["assessed"] += part["assessed"]
        into["grades"] = ", ".join(g for g in (into.get("grades"), part.get("grades")) if g) or None
        for key, counts in part.items():
            if isinstance(counts, dict):
                have = into.setdefault(key, {})
                for code, n in counts.items():
                    have[code] = n if have.get(code) is None else have[code] + (n or 0)
    return parts


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# --- the blocks every output shows --------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # "count", "percent" (points, 0-100), "date" (a datetime.date) or "text"
    group: str | None = None  # a header spanning adjacent columns with the same group
    change: bool = False  # values are differences: shown with their sign, like a "change" row


@dataclass
class Row:
    label: str  # the cell's name, "Tổng cộng", "Năm trước", "Tăng, giảm"
    values: list  # one per column: int, Decimal, str or None
    kind: str = "cell"  # "cell", "total", "given" (cells with the figure: "12/15"), "last_year" or "change"
    school_level: str | None = None  # for filters, on cell rows


@dataclass
class Block:
    key: str  # stable: "members", "classification", "cell_levels", "students_tt22", …
    title: str
    columns: list[Column]
    rows: list[Row]  # one per cell (or per level, for "cell_levels")
    totals: list[Row] = field(default_factory=list)  # total, last year, change
    row_label: str = "Chi bộ"  # header of the label column
    note: str | None = None
    short: str | None = None  # a short name (a sheet's tab); the title when None


TOTAL, LAST_YEAR, CHANGE = "Tổng cộng", "Năm trước", "Tăng (+), giảm (-)"
GIVEN = "Số chi bộ có số liệu"  # under a total some cells left out: "12/15"
GIVEN_NOTE = ("Ô «—»: chi bộ không ghi số liệu này. Tổng cộng chỉ cộng các chi bộ có số liệu "
              "(dòng «Số chi bộ có số liệu», khi có chi bộ không ghi).")
# A change between totals of different cells would be a change of who typed, not of the đảng bộ.
CHANGE_NOTE = ("Dòng «Tăng (+), giảm (-)» để «—» khi các chi bộ có số liệu năm nay khác năm trước: "
               "hai tổng cộng không cùng các chi bộ nên không so sánh được.")
GRADES = "Khối lớp"
COUNT_WORD, RATE_WORD = "Số lượng", "Tỷ lệ (%)"
MEMBER_RATINGS, CELL_NOT_RATED = "Xếp loại đảng viên", "Chưa xếp loại"


@dataclass
class Totals:
    """Sums over the rows that count; rates are exact and weighted.

    A figure a cell did not give (None in its row) is left out of the sum, not read as 0;
    ``given`` says how many cells each total is of. A total no cell gave is None."""

    cells: int
    members: dict[str, int | None]
    classification: dict[str, int | None]  # rating code or not_rated -> members
    cell_levels: dict[str | None, int]  # rating code (None: not rated) -> cells
    # scale code -> {cells, assessed, conduct, learning, titles: {code: n | None},
    # bases: {dimension: {code: assessed of the cells that gave it}}}
    students: dict[str, dict]
    targets: dict[str, Decimal | int | None]
    # "members", "classification", "targets": {key: cells that gave it};
    # "students_<scale>": {"<dimension>.<code>": cells}
    given: dict[str, dict[str, int]] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list, repr=False)
    school: dict[str, int | None] = field(default_factory=dict)  # SCHOOL_FIELDS -> sum of those given
    children: dict[str, int | None] = field(default_factory=dict)  # CHILD_COUNTS -> sum of those given

    def child_share(self, part: str) -> Decimal | None:
        """A children's share (CHILD_SHARES) over the cells that gave both the part and its whole."""
        return _pooled([p for p in (_child_pair(r, part) for r in self.rows) if p is not None])

    def party_share(self) -> Decimal | None:
        """Members at year end over the staff, over the cells that gave both (all three roles)."""
        return _pooled([(r["members"]["end_of_year"], _staff(r)) for r in self.rows if party_share(r) is not None])

    def rate(self, scale: str, dimension: str, code: str) -> Decimal | None:
        """Share of the scale's assessed students at a level: sum of counts / sum of assessed,
        both over the cells that gave the figure."""
        s = self.students.get(scale)
        if not s:
            return None
        return percent(s[dimension].get(code), s["bases"][dimension].get(code))

    def member_share(self, part: str, whole: str) -> Decimal | None:
        """One member figure as a share of another, over the cells that gave both."""
        pairs = [(r["members"].get(part), r["members"].get(whole)) for r in self.rows]
        return _pooled([(a, b) for a, b in pairs if a is not None and b is not None])


def _pooled(pairs: list[tuple[int, int]]) -> Decimal | None:
    """The parts' sum over the wholes' sum (never an average of rates); None without any pair."""
    return percent(sum(a for a, _ in pairs), sum(b for _, b in pairs)) if pairs else None


def _sum(values: Iterable[int | None]) -> int | None:
    """The sum of the figures given; None when none was."""
    given = [v for v in values if isinstance(v, int)]
    return sum(given) if given else None


def _count(values: Iterable) -> int:
    return sum(v is not None for v in values)


def _staff(row: dict) -> int | None:
    """Cán bộ quản lý + giáo viên + nhân viên, when the cell gave all three."""
    parts = [(row.get("school") or {}).get(name) for name in STAFF_FIELDS]
    return sum(parts) if all(isinstance(p, int) for p in parts) else None


def _preschool(row: dict) -> bool:
    return row.get("school_level") == SchoolLevel.PRESCHOOL.value


def _child_pair(row: dict, part: str) -> tuple[int, int] | None:
    children = row.get("children") or {}
    a, b = children.get(part), children.get(CHILD_SHARES[part])
    return (a, b) if isinstance(a, int) and isinstance(b, int) else None


def child_share(row: dict, part: str) -> Decimal | None:
    pair = _child_pair(row, part)
    return None if pair is None else percent(*pair)


def party_share(row: dict) -> Decimal | None:
    """A cell's members at year end as a share of its staff (as its report words it)."""
    end = row["members"].get("end_of_year")
    return None if end is None else percent(end, _staff(row))


def totals_of(rows: list[dict]) -> Totals:
    given: dict[str, dict[str, int]] = {}
    members = {name: _sum(r["members"].get(name) for r in rows) for name in MEMBER_FIELDS}
    given["members"] = {name: _count(r["members"].get(name) for r in rows) for name in MEMBER_FIELDS}
    keys = [*(x.value for x in RATINGS), NOT_RATED]
    classification = {key: _sum(r["classification"].get(key) for r in rows) for key in keys}
    given["classification"] = {key: _count(r["classification"].get(key) for r in rows) for key in keys}
    levels: dict[str | None, int] = dict.fromkeys([*(x.value for x in RATINGS), None], 0)
    for r in rows:
        levels[r.get("cell_rating") if r.get("cell_rating") in levels else None] += 1
    students: dict[str, dict] = {}
    for r in rows:
        for code, part in student_parts(r).items():
            tables = _tables_of(code)
            if code not in students:
                students[code] = {
                    "cells": 0,
                    "assessed": 0,
                    **{key: dict.fromkeys(level for level, _ in table) for key, table in tables},
                    "bases": {key: dict.fromkeys((level for level, _ in table), 0) for key, table in tables},
                }
            t = students[code]
            cells = given.setdefault(f"students_{code}", {})
            assessed = part["assessed"]
            t["cells"] += 1
            t["assessed"] += assessed
            for key, table in tables:
                counts = part.get(key)
                if not counts:
                    continue
                sums, bases = t[key], t["bases"][key]
                for level, column in table:
                    n = counts.get(level)
                    if n is None:
                        continue
                    sums[level] = (sums[level] or 0) + n
                    bases[level] += assessed
                    cells[column] = cells.get(column, 0) + 1
    targets: dict[str, Decimal | int | None] = {}
    for path, kind in TARGET_FIELDS:
        if kind == "count":
            targets[path] = _sum(r.get("targets", {}).get(path) for r in rows)
        else:
            targets[path] = _weighted_target(rows, path)
    given["targets"] = {path: _count(r.get("targets", {}).get(path) for r in rows) for path, _ in TARGET_FIELDS}
    school = {name: _sum((r.get("school") or {}).get(name) for r in rows) for name in SCHOOL_FIELDS}
    given["school"] = {name: _count((r.get("school") or {}).get(name) for r in rows) for name in SCHOOL_FIELDS}
    given["school"][PARTY_SHARE] = sum(party_share(r) is not None for r in rows)
    children = {path: _sum((r.get("children") or {}).get(path) for r in rows) for path in CHILD_COUNTS}
    given["children"] = {path: _count((r.get("children") or {}).get(path) for r in rows) for path in CHILD_COUNTS}
    given["children"].update({f"{part}%": sum(_child_pair(r, part) is not None for r in rows) for part in CHILD_SHARES})
    return Totals(len(rows), members, classification, levels, students, targets, given, rows, school, children)


@lru_cache(maxsize=None)
def _tables_of(code: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """A scale's tables of levels in a part: (key, ((level, "key.level"), …)), computed once."""
    scale = SCALES[code]
    keys = [(d.key, d.codes) for d in scale.dimensions] + [("titles", tuple(c for c, _ in scale.titles))]
    keys += [(quality_key(q.code), tuple(c for c, _ in QUALITY_LEVELS)) for q in scale.qualities]
    return tuple((key, tuple((level, f"{key}.{level}") for level in levels)) for key, levels in keys)


def _weighted_target(rows: list[dict], path: str) -> Decimal | None:
    """A target rate for the đảng bộ: each cell's rate weighted by its students assessed."""
    points = Decimal(0)
    weight = 0
    for r in rows:
        value = r.get("targets", {}).get(path)
        assessed = _assessed(r)
        if value is None or not assessed:
            continue
        points += Decimal(str(value)) * assessed
        weight += assessed
    return points / weight if weight else None


def _assessed(row: dict) -> int:
    """Every student a cell rated, on any scale."""
    return sum(part["assessed"] for part in student_parts(row).values())


@dataclass
class Consolidation:
    """The rows of a đảng bộ's year, their totals, and last year's for comparison."""

    organisation: str
    year: int
    rows: list[dict]  # every row shown; those with counted=False are not totalled
    totals: Totals  # of the rows counted
    last_year_rows: list[dict] = field(default_factory=list)
    last_year: Totals | None = None  # None: no comparison
    decimals: int = DEFAULT_DECIMALS  # of percentages as shown: changes are between shown figures

    @property
    def title(self) -> str:
        """What every output is headed with: the đảng bộ and the year."""
        return f"{self.organisation}: tổng hợp báo cáo năm {self.year} của các chi bộ trường học"

    @property
    def counted(self) -> list[dict]:
        return [r for r in self.rows if r.get("counted", True)]

    def cells_at(self, rating: str | None) -> list[str]:
        """Names of the counted cells rated at a level (a ``Rating`` value; None: not rated)."""
        codes = {r.value for r in RATINGS}
        return [
            r.get("cell_name") or ""
            for r in self.counted
            if (r.get("cell_rating") if r.get("cell_rating") in codes else None) == rating
        ]

    def admitted(self) -> list[tuple[str, int, list[str] | None]]:
        """Per counted cell that admitted members: (cell, how many, names when a member list gives them)."""
        found = []
        for r in self.counted:
            n = r["members"].get("admitted")
            if n:
                found.append((r.get("cell_name") or "", n, (r.get("lists") or {}).get("admitted")))
        return found

    def rated_excellent(self) -> list[tuple[str, int]]:
        """Per counted cell: members rated Hoàn thành xuất sắc nhiệm vụ (counts; the model keeps no names)."""
        key = Rating.EXCELLENT.value
        return [(r.get("cell_name") or "", r["classification"][key])
                for r in self.counted if r["classification"].get(key)]

    def blocks(self) -> list[Block]:
        """Tables in the order every output shows them."""
        blocks = [self._members()]
        if any(v is not None for r in self.rows for v in (r.get("school") or {}).values()):
            blocks.append(self._school())  # only when some cell gave a figure of its school
        if any(v is not None for r in self.rows for v in (r.get("children") or {}).values()):
            blocks.append(self._children())  # only when some preschool gave its children
        blocks += [self._classification(), self._cell_levels()]
        scales = {s for t in (self.totals, self.last_year) if t for s in t.students}
        scales |= {code for r in self.rows for code in student_parts(r)}
        blocks += [self._students(SCALES[code]) for code in SCALE_ORDER if code in scales]
        blocks += [self._titles(), self._targets()]
        return [_noted(block) for block in blocks]

    # -- helpers

    def _totals_rows(self, columns: list[Column], value, given=None, cell=None) -> list[Row]:
        """Total, cells with the figure, last year and change rows; ``value(totals, column)``
        reads a total, ``given(totals, column)`` how many cells of how many gave it (None:
        not a summed figure), ``cell(row, column)`` a cell's figure (to match the cells that
        gave it in both years)."""
        now = [value(self.totals, c) for c in columns]
        rows = [Row(TOTAL, now, "total")]
        if given is not None:
            rows += self._given_row(columns, lambda c: given(self.totals, c), GIVEN)
        then = [value(self.last_year, c) for c in columns] if self.last_year is not None else []
        if any(v is not None for v in then):  # last year's cells gave none of these: no rows of "—"
            rows.append(Row(f"{LAST_YEAR} ({self.year - 1})", then, "last_year"))
            if given is not None:
                rows += self._given_row(columns, lambda c: given(self.last_year, c),
                                        f"{GIVEN} năm {self.year - 1}")
            rows.append(Row(CHANGE, [_change(a, b, c.kind, self.decimals) if self._same_cells(c, given, cell) else None
                                     for a, b, c in zip(now, then, columns)], "change"))
        return rows

    def _same_cells(self, column: Column, given, cell) -> bool:
        """Whether this year's total of a column and last year's are of the same cells: every
        cell both years (the đảng bộ's own change, cells added or not), or the same cells by name."""
        if given is None:
            return True
        now, then = given(self.totals, column), given(self.last_year, column)
        if now is None or then is None or (now[0] == now[1] and then[0] == then[1]):
            return True
        if cell is None:
            return False
        def names(t: Totals) -> set:
            return {r.get("cell_name") for r in t.rows if cell(r, column) is not None}
        return names(self.totals) == names(self.last_year)

    @staticmethod
    def _given_row(columns: list[Column], given, label: str) -> list[Row]:
        """"12/15" under each total, when some cell left a figure out (a total of fewer cells)."""
        counts = [given(c) for c in columns]
        if all(n is None or n[0] == n[1] for n in counts):
            return []
        return [Row(label, [None if n is None else f"{n[0]}/{n[1]}" for n in counts], "given")]

    def _cell_rows(self, columns: list[Column], value) -> list[Row]:
        return [
            Row(r.get("cell_name") or "", [value(r, c) for c in columns], "cell", r.get("school_level"))
            for r in self.rows
        ]

    # -- the blocks

    def _members(self) -> Block:
        columns = [Column(name, field_label(f"members.{name}"), "count") for name in MEMBER_FIELDS]
        return Block(
            "members",
            field_label("members"),
            columns,
            self._cell_rows(columns, lambda r, c: r["members"].get(c.key)),
            self._totals_rows(columns, lambda t, c: t.members[c.key],
                              lambda t, c: (t.given["members"][c.key], t.cells), lambda r, c: r["members"].get(c.key)),
        )

    def _school(self) -> Block:
        columns = [Column(name, field_label(f"school.{name}"), "count") for name in SCHOOL_FIELDS]
        columns.insert(STAFF_FIELDS_END, Column(PARTY_SHARE, SHARE_LABEL, "percent"))

        def cell(r, c):
            return party_share(r) if c.key == PARTY_SHARE else (r.get("school") or {}).get(c.key)

        def total(t, c):
            return t.party_share() if c.key == PARTY_SHARE else t.school.get(c.key)

        return Block(
            "school",
            "Cán bộ, giáo viên, nhân viên, học sinh và các đoàn thể của nhà trường",
            columns,
            self._cell_rows(columns, cell),
            self._totals_rows(columns, total, lambda t, c: (t.given["school"][c.key], t.cells), cell),
            note="Tỷ lệ đảng viên của tổng cộng = tổng số đảng viên cuối năm / tổng số cán bộ, giáo viên, "
                 "nhân viên của các trường có đủ ba số liệu đó.",
            short="Nhà trường",
        )

    def _children(self) -> Block:
        columns = []
        for path in CHILD_COUNTS:
            columns.append(Column(path, field_label(f"children.{path}"), "count"))
            if path in CHILD_SHARES:
                label = field_label(f"children.{path}").removesuffix(" (trẻ)").removeprefix("Số trẻ ")
                columns.append(Column(f"{path}%", f"Tỷ lệ trẻ {lower_first(label)} (%)", "percent"))

        def cell(r, c):
            if c.kind == "percent":
                return child_share(r, c.key.removesuffix("%"))
            return (r.get("children") or {}).get(c.key)

        def total(t, c):
            return t.child_share(c.key.removesuffix("%")) if c.kind == "percent" else t.children.get(c.key)

        def given(t, c):  # of the preschools: other schools have no children's figures
            return t.given.get("children", {}).get(c.key, 0), sum(_preschool(r) for r in t.rows)

        return Block(
            "children",
            f"Trẻ mầm non ({lower_first(field_label('children'))})",
            columns,
            [Row(r.get("cell_name") or "", [cell(r, c) for c in columns], "cell", r.get("school_level"))
             for r in self.rows if _preschool(r)],
            self._totals_rows(columns, total, given, cell),
            note="Tỷ lệ của tổng cộng = tổng số trẻ ở mức đó / tổng số trẻ được cân, đo (hay trẻ 5 tuổi) "
                 "của các trường có đủ hai số liệu.",
            short="Trẻ mầm non",
        )

    def _classification(self) -> Block:
        columns = [Column(r.value, r.label, "count", MEMBER_RATINGS) for r in RATINGS]
        columns.append(Column(NOT_RATED, field_label("classification.not_rated"), "count", MEMBER_RATINGS))
        columns.append(Column("cell_rating", field_label("classification.cell_rating"), "text"))

        def cell(r, c):
            if c.key == "cell_rating":
                code = r.get("cell_rating")
                return Rating(code).label if code else r.get("cell_title")
            return r["classification"].get(c.key)

        def total(t, c):
            return None if c.key == "cell_rating" else t.classification[c.key]

        def given(t, c):
            return None if c.key == "cell_rating" else (t.given["classification"][c.key], t.cells)

        return Block("classification", field_label("classification"), columns, self._cell_rows(columns, cell),
                     self._totals_rows(columns, total, given, cell))

    def _cell_levels(self) -> Block:
        """Cells at each level: one row per level, this year, last year and the change."""
        title = field_label("classification.cell_rating")
        columns = [Column("cells", f"Số chi bộ năm {self.year}", "count")]
        if self.last_year is not None:
            columns += [
                Column("last_year", f"Số chi bộ năm {self.year - 1}", "count"),
                Column("change", CHANGE, "count", change=True),
            ]
        rows = []
        for code, label in [*((r.value, r.label) for r in RATINGS), (None, CELL_NOT_RATED)]:
            values = [self.totals.cell_levels[code]]
            if self.last_year is not None:
                values += [self.last_year.cell_levels[code], self.totals.cell_levels[code] - self.last_year.cell_levels[code]]
            rows.append(Row(label, values, "cell"))
        totals = [Row(TOTAL, [self.totals.cells] + (
            [self.last_year.cells, self.totals.cells - self.last_year.cells] if self.last_year else []), "total")]
        return Block("cell_levels", title, columns, rows, totals, row_label="Mức xếp loại")

    def _students(self, scale: Scale) -> Block:
        columns = [Column("assessed", field_label("students.assessed"), "count")]
        parts = [(r, student_parts(r).get(scale.code)) for r in self.rows]
        parts = [(r, part) for r, part in parts if part]
        for dim in scale.dimensions:
            gave = [part.get(dim.key) for _, part in parts] + [
                (t.students.get(scale.code) or {}).get(dim.key) for t in (self.totals, self.last_year) if t]
            if not dim.required and not any(v is not None for counts in gave if counts for v in counts.values()):
                continue  # an optional summary no cell gave (TT27's single level): no columns of "—"
            for code, label in dim.levels:
                columns.append(Column(f"{dim.key}.{code}.n", label, "count", f"{dim.label} — {COUNT_WORD}"))
            for code, label in dim.levels:
                columns.append(Column(f"{dim.key}.{code}.pct", label, "percent", f"{dim.label} — {RATE_WORD}"))
        titles = field_label("students.titles")
        for code, label in scale.titles:
            columns.append(Column(f"titles.{code}.n", label, "count", f"{titles} — {COUNT_WORD}"))
        for code, label in scale.titles:
            columns.append(Column(f"titles.{code}.pct", label, "percent", f"{titles} — {RATE_WORD}"))

        # Phẩm chất, năng lực rated one by one: the share at Tốt of each quality some cell gave.
        given_qualities = [q for q in scale.qualities if any(
            t and (t.students.get(scale.code) or {}).get(quality_key(q.code), {}).get("tot") is not None
            for t in (self.totals, self.last_year))]
        for what, word in (("n", COUNT_WORD), ("pct", RATE_WORD)):
            for q in given_qualities:
                columns.append(Column(f"{quality_key(q.code)}.tot.{what}", q.label, "count" if what == "n" else "percent",
                                      f"{QUALITIES_AT_GOOD} — {word}"))
        note = ("Tỷ lệ của tổng cộng = tổng số học sinh đạt mức / tổng số học sinh được đánh giá "
                "của các chi bộ có số liệu đó (không lấy trung bình các tỷ lệ).")
        if any(part.get("grades") for _, part in parts):  # a cell's grades on this scale, in a mixed year
            columns.insert(0, Column("grades", GRADES, "text"))
            note += " Trường có khối lớp đánh giá theo thông tư khác được tính vào bảng của thông tư đó."

        def read(counts: dict | None, c: Column):
            if not counts:
                return None
            if c.key in ("assessed", "grades"):
                return counts.get(c.key)
            key, code, what = c.key.split(".")
            n = (counts.get(key) or {}).get(code)  # a summary stored before qualities were kept has none
            if n is None:
                return None
            # A total's rate is over the cells that gave the figure; a cell's over its own students.
            base = counts["bases"][key][code] if "bases" in counts else counts["assessed"]
            return n if what == "n" else percent(n, base)

        def given(t: Totals, c: Column):
            s = t.students.get(scale.code)
            if not s or c.key == "grades":
                return None
            if c.key == "assessed":
                return s["cells"], s["cells"]
            key, code, _ = c.key.split(".")
            return t.given[f"students_{scale.code}"].get(f"{key}.{code}", 0), s["cells"]

        rows = [
            Row(r.get("cell_name") or "", [read(part, c) for c in columns], "cell", r.get("school_level"))
            for r, part in parts
        ]
        return Block(
            f"students_{scale.code}",
            f"{field_label('students')} ({scale.source})",
            columns,
            rows,
            self._totals_rows(columns, lambda t, c: read(t.students.get(scale.code), c), given,
                              lambda r, c: read(student_parts(r).get(scale.code), c)),
            note=note,
            short=f"Học sinh {scale.code.upper()}",
        )

    def _titles(self) -> Block:
        columns = [Column("achievements", field_label("achievements"), "text")]
        rows = self._cell_rows(columns, lambda r, c: "\n".join(r.get("achievements") or []) or None)
        return Block("achievements", field_label("achievements"), columns, rows)

    def _targets(self) -> Block:
        columns = [
            Column(path, field_label(f"targets.{path}"), kind, field_label(f"targets.{path.split('.')[0]}"))
            for path, kind in TARGET_FIELDS
        ]

        def cell(r, c):
            value = r.get("targets", {}).get(c.key)
            if value is None:
                return None
            return Decimal(str(value)) if c.kind == "percent" else value

        return Block(
            "targets",
            f"{field_label('targets')} ({self.year + 1})",
            columns,
            self._cell_rows(columns, cell),
            [Row(TOTAL, [self.totals.targets[c.key] for c in columns], "total"),
             *self._given_row(columns, lambda c: (self.totals.given["targets"][c.key], self.totals.cells), GIVEN)],
            note="Tỷ lệ của tổng cộng: tỷ lệ của từng chi bộ tính theo số học sinh được đánh giá năm nay.",
        )


def _noted(block: Block) -> Block:
    """A block where some cell left a figure out says what "—" and the cells' count mean."""
    numeric = [i for i, c in enumerate(block.columns) if c.kind in ("count", "percent")]
    missing = any(row.values[i] is None for row in block.rows for i in numeric)
    if missing or any(row.kind == "given" for row in block.totals):
        block.note = f"{block.note} {GIVEN_NOTE}" if block.note else GIVEN_NOTE
    if withheld_changes(block, numeric):
        block.note = f"{block.note} {CHANGE_NOTE}" if block.note else CHANGE_NOTE
    return block


def withheld_changes(block: Block, columns: Iterable[int]) -> list[int]:
    """The columns whose change is «—» though both years have a total (of different cells)."""
    rows = {row.kind: row for row in block.totals}
    if "change" not in rows:
        return []
    now, then, change = rows["total"], rows["last_year"], rows["change"]
    return [i for i in columns if change.values[i] is None
            and now.values[i] is not None and then.values[i] is not None]


def _change(now, then, kind: str, decimals: int):
    if now is None or then is None or kind == "text":
        return None
    if kind == "percent":  # points between the figures as shown, so the reader's subtraction agrees
        return rounded(now, decimals) - rounded(then, decimals)
    return now - then


def consolidate(rows: list[dict], *, year: int, organisation: str,
                last_year: Iterable[dict] = (), decimals: int | None = None) -> Consolidation:
    """Totals of a đảng bộ's year.

    ``rows`` are ``summarize`` dicts, in the order shown; a row with
    ``counted: False`` (e.g. a draft the web lists) is shown but not
    totalled. The caller may add ``status_label`` or other keys for its own
    columns. ``last_year`` rows (already filtered) give last year's totals
    and the change; none given, no comparison rows. ``decimals``: of the
    percentages shown, the format profile's when None.
    """
    rows = list(rows)
    last = [r for r in last_year if r.get("counted", True)]
    return Consolidation(
        organisation,
        year,
        rows,
        totals_of([r for r in rows if r.get("counted", True)]),
        last,
        totals_of(last) if last else None,
        load_profile().percent_decimals if decimals is None else decimals,
    )
