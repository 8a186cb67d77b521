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

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from . import fieldpaths
from .draft import draft_check, lenient_report
from .figures import Figures, compute, percent, rounded
from .labels import Rating, SchoolLevel
from .members import COUNT_FIELDS
from .model import Report, field_label
from .problems import Problem, Severity
from .rules import check
from .scales import SCALES, Scale

# Bump when the shape of ``summarize``'s dict changes: stored summaries with
# another schema are recomputed.
SUMMARY_SCHEMA = 1

# Percentages are shown with this many decimals (as a report's default).
PERCENT_DECIMALS = 2

# Section I's counts shown per cell, in the order of the model.
# Section I's counts the office compares: all but the exempted.
MEMBER_FIELDS = tuple(name for name in COUNT_FIELDS if name != "exempted")
RATINGS = tuple(Rating)
NOT_RATED = "not_rated"
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
# Scales in the order their blocks are shown; TT27 (tiểu học) stands alone.
SCALE_ORDER = ("tt22", "tt58", "tt27")


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
    students None | {scale, assessed, conduct {code: n}, learning {code: n},
    titles {code: n}}, achievements [text], targets {path: number}, lists
    {admitted: [names] | None} (names need a member list).
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
        "achievements": [],
        "targets": {},
        "lists": {"admitted": None},
    }
    if report is None:
        return row
    figures = figures or compute(report)
    counts = figures.members.counts
    row["members"] = {name: counts[name] for name in MEMBER_FIELDS}
    c = report.classification
    row["classification"] = {
        **{rating.value: n for rating, n in figures.classification.counts.items()},
        NOT_RATED: figures.classification.not_rated,
    }
    row["cell_rating"] = c.cell_rating.value if c.cell_rating is not None else None
    row["cell_title"] = c.cell_title
    students = figures.students
    # A draft without its school level would get a guessed scale: no student figures.
    if students is not None and (school_level is not None or report.students.scale is not None):
        s = report.students
        row["students"] = {
            "scale": students.scale.code,
            "assessed": s.assessed,
            "conduct": {code: s.conduct.get(code, 0) for code in students.scale.conduct.codes},
            "learning": {code: s.learning.get(code, 0) for code in students.scale.learning.codes},
            "titles": {code: s.titles.get(code, 0) for code, _ in students.scale.titles},
        }
    row["achievements"] = list(report.achievements)
    for path, _kind in TARGET_FIELDS:
        group, name = fieldpaths.names(path)
        value = getattr(getattr(report.targets, group), name)
        if value is not None:
            row["targets"][path] = value
    if report.members.roster:
        first, last = date(report.year, 1, 1), date(report.year, 12, 31)
        row["lists"]["admitted"] = [
            m.name for m in report.members.roster if first <= m.admitted_on <= last
        ]
    return row


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
    kind: str = "cell"  # "cell", "total", "last_year" or "change"
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
COUNT_WORD, RATE_WORD = "Số lượng", "Tỷ lệ (%)"
MEMBER_RATINGS, CELL_NOT_RATED = "Xếp loại đảng viên", "Chưa xếp loại"


@dataclass
class Totals:
    """Sums over the rows that count; rates are exact and weighted."""

    cells: int
    members: dict[str, int]
    classification: dict[str, int]  # rating code or not_rated -> members
    cell_levels: dict[str | None, int]  # rating code (None: not rated) -> cells
    students: dict[str, dict]  # scale code -> {cells, assessed, conduct, learning, titles}
    targets: dict[str, Decimal | int]

    def rate(self, scale: str, dimension: str, code: str) -> Decimal | None:
        """Share of the scale's assessed students at a level: sum of counts / sum of assessed."""
        s = self.students.get(scale)
        if not s:
            return None
        return percent(s[dimension].get(code), s["assessed"])


def _sum(values: Iterable[int | None]) -> int:
    return sum(v for v in values if isinstance(v, int))


def totals_of(rows: list[dict]) -> Totals:
    members = {name: _sum(r["members"].get(name) for r in rows) for name in MEMBER_FIELDS}
    classification = {
        key: _sum(r["classification"].get(key) for r in rows)
        for key in [*(x.value for x in RATINGS), NOT_RATED]
    }
    levels: dict[str | None, int] = dict.fromkeys([*(x.value for x in RATINGS), None], 0)
    for r in rows:
        levels[r.get("cell_rating") if r.get("cell_rating") in levels else None] += 1
    students: dict[str, dict] = {}
    for r in rows:
        s = r.get("students")
        if not s or s.get("scale") not in SCALES or not s.get("assessed"):
            continue
        scale = SCALES[s["scale"]]
        t = students.setdefault(scale.code, {
            "cells": 0,
            "assessed": 0,
            "conduct": dict.fromkeys(scale.conduct.codes, 0),
            "learning": dict.fromkeys(scale.learning.codes, 0),
            "titles": dict.fromkeys((c for c, _ in scale.titles), 0),
        })
        t["cells"] += 1
        t["assessed"] += s["assessed"]
        for key in ("conduct", "learning", "titles"):
            for code in t[key]:
                t[key][code] += s.get(key, {}).get(code) or 0
    targets: dict[str, Decimal | int] = {}
    for path, kind in TARGET_FIELDS:
        if kind == "count":
            targets[path] = _sum(r.get("targets", {}).get(path) for r in rows)
        else:
            targets[path] = _weighted_target(rows, path)
    return Totals(len(rows), members, classification, levels, students, targets)


def _weighted_target(rows: list[dict], path: str) -> Decimal | None:
    """A target rate for the đảng bộ: each cell's rate weighted by its students assessed."""
    points = Decimal(0)
    weight = 0
    for r in rows:
        value = r.get("targets", {}).get(path)
        assessed = (r.get("students") or {}).get("assessed")
        if value is None or not assessed:
            continue
        points += Decimal(str(value)) * assessed
        weight += assessed
    return points / weight if weight else None


@dataclass
class Consolidation:
    """The rows of a đảng bộ's year, their totals, and last year's for comparison."""

    organisation: str
    year: int
    rows: list[dict]  # every row shown; those with counted=False are not totalled
    totals: Totals  # of the rows counted
    last_year_rows: list[dict] = field(default_factory=list)
    last_year: Totals | None = None  # None: no comparison

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
        blocks = [self._members(), self._classification(), self._cell_levels()]
        scales = {s for t in (self.totals, self.last_year) if t for s in t.students}
        scales |= {r["students"]["scale"] for r in self.rows if r.get("students")}
        blocks += [self._students(SCALES[code]) for code in SCALE_ORDER if code in scales]
        blocks += [self._titles(), self._targets()]
        return blocks

    # -- helpers

    def _totals_rows(self, columns: list[Column], value) -> list[Row]:
        """Total, last year and change rows; ``value(totals, column)`` reads a total."""
        now = [value(self.totals, c) for c in columns]
        rows = [Row(TOTAL, now, "total")]
        if self.last_year is not None:
            then = [value(self.last_year, c) for c in columns]
            rows.append(Row(f"{LAST_YEAR} ({self.year - 1})", then, "last_year"))
            rows.append(Row(CHANGE, [_change(a, b, c.kind) for a, b, c in zip(now, then, columns)], "change"))
        return rows

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
            self._totals_rows(columns, lambda t, c: t.members[c.key]),
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

        return Block("classification", field_label("classification"), columns, self._cell_rows(columns, cell),
                     self._totals_rows(columns, total))

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
        for dim in scale.dimensions:
            for code, label in dim.levels:
                columns.append(Column(f"{dim.key}.{code}.n", label, "count", f"{dim.label} — {COUNT_WORD}"))
            for code, label in dim.levels:
                columns.append(Column(f"{dim.key}.{code}.pct", label, "percent", f"{dim.label} — {RATE_WORD}"))
        titles = field_label("students.titles")
        for code, label in scale.titles:
            columns.append(Column(f"titles.{code}.n", label, "count", f"{titles} — {COUNT_WORD}"))
        for code, label in scale.titles:
            columns.append(Column(f"titles.{code}.pct", label, "percent", f"{titles} — {RATE_WORD}"))

        def read(counts: dict | None, c: Column):
            if not counts:
                return None
            if c.key == "assessed":
                return counts["assessed"]
            key, code, what = c.key.split(".")
            n = counts[key].get(code)
            return n if what == "n" else percent(n, counts["assessed"])

        rows = [
            Row(r.get("cell_name") or "", [read(r["students"], c) for c in columns], "cell", r.get("school_level"))
            for r in self.rows
            if r.get("students") and r["students"]["scale"] == scale.code
        ]
        return Block(
            f"students_{scale.code}",
            f"{field_label('students')} ({scale.source})",
            columns,
            rows,
            self._totals_rows(columns, lambda t, c: read(t.students.get(scale.code), c)),
            note="Tỷ lệ của tổng cộng = tổng số học sinh đạt mức / tổng số học sinh được đánh giá "
                 "của các chi bộ (không lấy trung bình các tỷ lệ).",
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
            [Row(TOTAL, [self.totals.targets[c.key] for c in columns], "total")],
            note="Tỷ lệ của tổng cộng: tỷ lệ của từng chi bộ tính theo số học sinh được đánh giá năm nay.",
        )


def _change(now, then, kind: str):
    if now is None or then is None or kind == "text":
        return None
    if kind == "percent":  # points between the figures as shown, so the reader's subtraction agrees
        return rounded(now, PERCENT_DECIMALS) - rounded(then, PERCENT_DECIMALS)
    return now - then


def consolidate(rows: list[dict], *, year: int, organisation: str,
                last_year: Iterable[dict] = ()) -> Consolidation:
    """Totals of a đảng bộ's year.

    ``rows`` are ``summarize`` dicts, in the order shown; a row with
    ``counted: False`` (e.g. a draft the web lists) is shown but not
    totalled. The caller may add ``status_label`` or other keys for its own
    columns. ``last_year`` rows (already filtered) give last year's totals
    and the change; none given, no comparison rows.
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
    )
