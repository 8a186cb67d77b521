"""Every number the report derives: totals, percentages, comparisons.

Percentages stay exact (Decimal) here; they are rounded once, when written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .labels import Rating
from .members import count_roster, entered_counts
from .model import Report, StudentPeriod
from .scales import SCALES, Dimension, Scale, default_scale
from .vietnamese import format_decimal, format_percent


def percent(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def rounded(value: Decimal | float | None, decimals: int) -> Decimal | None:
    """The value as the reader will see it."""
    if value is None:
        return None
    return Decimal(format_decimal(value, decimals).replace(".", "").replace(",", "."))


def _difference(now: Decimal | None, then: Decimal | float | None, decimals: int):
    # Subtract the figures as printed, so the reader's own subtraction agrees.
    if now is None or then is None:
        return None
    return rounded(now, decimals) - rounded(then, decimals)


def describe_change(points: Decimal | None, decimals: int) -> str:
    """'tăng 2,10 điểm %' against an earlier period."""
    if points is None:
        return ""
    if points == 0:
        return "không thay đổi"
    word = "tăng" if points > 0 else "giảm"
    return f"{word} {format_decimal(abs(points), decimals)} điểm\u00a0%"


def describe_gap(points: Decimal | None, decimals: int) -> str:
    """'cao hơn 1,50 điểm %' against an area average."""
    if points is None:
        return ""
    if points == 0:
        return "bằng"
    word = "cao hơn" if points > 0 else "thấp hơn"
    return f"{word} {format_decimal(abs(points), decimals)} điểm\u00a0%"


# --- members ------------------------------------------------------------------


@dataclass
class MemberFigures:
    counts: dict
    from_roster: bool

    def __getitem__(self, name: str):
        return self.counts[name]

    @property
    def expected_end(self) -> int | None:
        c = self.counts
        if c["start_of_year"] is None:
            return None
        return (
            c["start_of_year"]
            + c["admitted"]
            + c["transferred_in"]
            - c["transferred_out"]
            - c["retired"]
            - c["died"]
            - c["removed"]
        )


def member_figures(report: Report) -> MemberFigures:
    members = report.members
    if members.roster:  # an empty list means: counts are typed
        return MemberFigures(count_roster(members.roster, report.year), True)
    return MemberFigures(entered_counts(members), False)


# --- students -----------------------------------------------------------------


@dataclass
class LevelRow:
    code: str
    label: str
    count: int
    percent: Decimal | None
    last_year_percent: Decimal | None = None
    change: Decimal | None = None
    area_percent: float | None = None
    gap: Decimal | None = None


@dataclass
class DimensionFigures:
    dimension: Dimension
    assessed: int | None
    rows: list[LevelRow]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def has_last_year(self) -> bool:
        return any(row.last_year_percent is not None for row in self.rows)

    @property
    def has_area(self) -> bool:
        return any(row.area_percent is not None for row in self.rows)


@dataclass
class StudentFigures:
    scale: Scale
    dimensions: list[DimensionFigures]
    titles: list[LevelRow]
    area_name: str | None = None


def resolved_scale(report: Report) -> Scale | None:
    chosen = report.students.scale
    if chosen is not None:
        return SCALES[chosen.value]
    return default_scale(report.meta.school_level, report.year)


def _period_percents(period: StudentPeriod | None, key: str) -> dict[str, Decimal]:
    if period is None:
        return {}
    counts = getattr(period, key)
    return {code: percent(n, period.assessed) for code, n in counts.items()}


def student_figures(report: Report) -> StudentFigures | None:
    scale = resolved_scale(report)
    students = report.students
    if scale is None or students.assessed is None:
        return None
    decimals = report.options.percent_decimals
    area = students.area
    dimensions = []
    for dim in scale.dimensions:
        counts = getattr(students, dim.key)
        before = _period_percents(students.last_year, dim.key)
        area_values = getattr(area, dim.key) if area else {}
        rows = []
        for code, label in dim.levels:
            now = percent(counts.get(code, 0), students.assessed)
            row = LevelRow(code, label, counts.get(code, 0), now)
            row.last_year_percent = before.get(code)
            row.change = _difference(now, row.last_year_percent, decimals)
            row.area_percent = area_values.get(code)
            row.gap = _difference(now, row.area_percent, decimals)
            rows.append(row)
        dimensions.append(DimensionFigures(dim, students.assessed, rows))
    titles = [
        LevelRow(code, label, students.titles[code], percent(students.titles[code], students.assessed))
        for code, label in scale.titles
        if code in students.titles
    ]
    area_name = area.name if area else None
    return StudentFigures(scale, dimensions, titles, area_name)


# --- classification -----------------------------------------------------------

RATING_FIELDS = {
    Rating.EXCELLENT: "excellent",
    Rating.GOOD: "good",
    Rating.COMPLETED: "completed",
    Rating.FAILED: "failed",
}
EXCELLENT_SHARE_OF_GOOD = Decimal("0.20")  # Quy định 366-QĐ/TW


@dataclass
class ClassificationFigures:
    counts: dict[Rating, int | None]
    not_rated: int
    members: int | None
    rows: list[LevelRow] = field(default_factory=list)

    @property
    def entered(self) -> bool:
        return any(n is not None for n in self.counts.values())

    @property
    def rated(self) -> int:
        return sum(n or 0 for n in self.counts.values())


def classification_figures(report: Report, members: MemberFigures) -> ClassificationFigures:
    c = report.classification
    counts = {rating: getattr(c, name) for rating, name in RATING_FIELDS.items()}
    figures = ClassificationFigures(
        counts=counts,
        not_rated=sum(item.count for item in c.not_rated),
        members=members["end_of_year"],
    )
    figures.rows = [
        LevelRow(rating.value, rating.label, n or 0, percent(n or 0, figures.rated))
        for rating, n in counts.items()
    ]
    return figures


# --- all together -------------------------------------------------------------


@dataclass
class Figures:
    members: MemberFigures
    students: StudentFigures | None
    classification: ClassificationFigures
    decimals: int

    def pct(self, value: Decimal | float | None) -> str:
        return "" if value is None else format_percent(value, self.decimals)


def compute(report: Report) -> Figures:
    members = member_figures(report)
    return Figures(
        members=members,
        students=student_figures(report),
        classification=classification_figures(report, members),
        decimals=report.options.percent_decimals,
    )
