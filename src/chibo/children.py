"""A preschool's figures for its children (Report.children): each share from its counts,
against last year where given. Only the figures given are here; nothing is assumed 0."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import fieldpaths
from .labels import SchoolLevel
from .model import Report
from .vietnamese import round_half_up

# (path of the count, what it is called in the text, path of the count it is a share of);
# a typed rate has no count and no whole.
ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("attendance_rate", "Chuyên cần", None),
    ("boarding", "Trẻ ăn bán trú", "children"),
    ("weight.normal", "Cân nặng kênh bình thường", "weight.measured"),
    ("weight.underweight", "Suy dinh dưỡng thể nhẹ cân", "weight.measured"),
    ("weight.overweight", "Thừa cân, béo phì", "weight.measured"),
    ("height.normal", "Chiều cao kênh bình thường", "height.measured"),
    ("height.stunted", "Suy dinh dưỡng thể thấp còi", "height.measured"),
    ("completed", "Trẻ 5 tuổi hoàn thành Chương trình giáo dục mầm non", "five_year_olds"),
)
RATES = frozenset({"attendance_rate"})


def _percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def _value(period: dict | None, path: str | None):
    if period is None or path is None:
        return None
    return fieldpaths.get(period, path)


def _share(period: dict | None, path: str, whole: str | None) -> Decimal | None:
    if path in RATES:
        value = _value(period, path)
        return None if value is None else Decimal(str(value))
    return _percent(_value(period, path), _value(period, whole))


@dataclass
class ChildRow:
    key: str  # path inside Report.children, e.g. "weight.underweight"
    label: str
    count: int | None  # None for a typed rate
    whole: int | None  # what the share is of (children weighed, 5-year-olds, ...)
    percent: Decimal | None
    last_year_percent: Decimal | None = None
    change: Decimal | None = None


@dataclass
class ChildFigures:
    rows: list[ChildRow] = field(default_factory=list)

    @property
    def has_last_year(self) -> bool:
        return any(row.change is not None for row in self.rows)

    def row(self, key: str) -> ChildRow | None:
        return next((row for row in self.rows if row.key == key), None)


def children_figures(report: Report, decimals: int) -> ChildFigures | None:
    """None unless a preschool report gives children's figures."""
    if report.children is None or report.meta.school_level is not SchoolLevel.PRESCHOOL:
        return None
    # Each period as data once: every row reads its count and its whole from it.
    c = report.children.model_dump()
    last_year = c["last_year"]
    rows = []
    for key, label, whole in ROWS:
        value = _value(c, key)
        if value is None:
            continue
        now = _share(c, key, whole)
        before = _share(last_year, key, whole)
        change = None
        if now is not None and before is not None:
            # the difference of the figures as printed, so the reader's subtraction agrees
            change = round_half_up(now, decimals) - round_half_up(before, decimals)
        rows.append(ChildRow(key, label, None if key in RATES else value,
                             _value(c, whole), now, before, change))
    return ChildFigures(rows)
