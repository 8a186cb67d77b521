"""Every number the report derives: totals, percentages, comparisons.

Percentages stay exact (Decimal) here; they are rounded once, when written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .children import ChildFigures, children_figures
from .labels import Rating, SchoolLevel
from .members import MOVEMENT_FIELDS, average_age, count_roster, entered_counts, roster_names
from .model import Report, StudentPeriod
from .regulations import contest_level_name
from .scales import QUALITY_LEVELS, SCALES, Dimension, Quality, Scale, correspondence, default_scale, grade_scales
from .vietnamese import format_count, format_decimal, format_percent, round_half_up


def percent(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def rounded(value: Decimal | float | None, decimals: int) -> Decimal | None:
    """The value as the reader will see it."""
    if value is None:
        return None
    return round_half_up(value, decimals)


def _difference(now: Decimal | None, then: Decimal | float | None, decimals: int):
    # Subtract the figures as printed, so the reader's own subtraction agrees.
    if now is None or then is None:
        return None
    return rounded(now, decimals) - rounded(then, decimals)


def _describe(points: Decimal | None, decimals: int, same: str, up: str, down: str) -> str:
    if points is None:
        return ""
    if points == 0:
        return same
    word = up if points > 0 else down
    # The format guide writes units in words: "điểm phần trăm", never "điểm %".
    return f"{word} {format_decimal(abs(points), decimals)} điểm phần trăm"


def describe_change(points: Decimal | None, decimals: int) -> str:
    """'tăng 2,10 điểm phần trăm' against an earlier period."""
    return _describe(points, decimals, "không thay đổi", "tăng", "giảm")


def describe_gap(points: Decimal | None, decimals: int) -> str:
    """'cao hơn 1,50 điểm phần trăm' against an area average."""
    return _describe(points, decimals, "bằng", "cao hơn", "thấp hơn")


# --- members ------------------------------------------------------------------


@dataclass
class MemberFigures:
    counts: dict
    from_roster: bool
    # Whether the year's movements are known: a roster knows them; typed counts only
    # when at least one movement was typed (then the others left empty are 0).
    movements_given: bool = True
    # With a roster: who was admitted, arrived, left (with the reason) and made official.
    names: dict = field(default_factory=dict)
    average_age: int | None = None  # from the roster, or typed without one

    def __getitem__(self, name: str):
        return self.counts[name]

    @property
    def men(self) -> int | None:
        """Typed, or the year-end total less the women when both are known."""
        if self.counts.get("men") is not None:
            return self.counts["men"]
        end, women = self.counts["end_of_year"], self.counts["women"]
        return None if end is None or women is None else end - women

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
        counts = count_roster(members.roster, report.year)
        return MemberFigures(counts, True, True, roster_names(members.roster, report.year),
                             average_age(members.roster, report.year))
    given = any(getattr(members, name) is not None for name in MOVEMENT_FIELDS)
    return MemberFigures(entered_counts(members), False, given, average_age=members.average_age)


# --- the school -------------------------------------------------------------------


@dataclass
class SchoolFigures:
    staff_total: int | None  # cán bộ quản lý + giáo viên + nhân viên, when all three are given
    party_share: Decimal | None  # members at year end, as a share of the staff


def school_figures(report: Report, members: MemberFigures) -> SchoolFigures:
    s = report.school
    parts = (s.managers, s.teachers, s.staff)
    total = sum(parts) if all(p is not None for p in parts) else None
    return SchoolFigures(total, percent(members["end_of_year"], total))


# --- students -----------------------------------------------------------------


@dataclass
class LevelRow:
    code: str
    label: str
    count: int | None  # None: a member level left empty beside typed ones (printed «—», never 0)
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
        return sum(row.count or 0 for row in self.rows)

    @property
    def has_last_year(self) -> bool:
        return any(row.last_year_percent is not None for row in self.rows)

    @property
    def has_area(self) -> bool:
        return any(row.area_percent is not None for row in self.rows)


@dataclass
class QualityFigures:
    """One phẩm chất or năng lực: pupils at each level (Tốt, Đạt, Cần cố gắng), with last
    year's share of the same quality where given."""

    quality: Quality
    assessed: int | None
    rows: list[LevelRow]

    @property
    def good(self) -> LevelRow:
        return self.rows[0]

    @property
    def total(self) -> int:
        return sum(row.count or 0 for row in self.rows)

    @property
    def has_last_year(self) -> bool:
        return any(row.last_year_percent is not None for row in self.rows)


@dataclass
class StudentFigures:
    scale: Scale
    dimensions: list[DimensionFigures]
    titles: list[LevelRow]
    area_name: str | None = None
    last_year_scale: Scale | None = None  # set only when last year was rated on another scale
    grades: str | None = None  # "Khối 6, 7" when the year's grades were on two circulars
    groups: list["StudentFigures"] = field(default_factory=list)  # the other grades, each on its scale
    qualities: list[QualityFigures] = field(default_factory=list)  # in the circular's order, those given


def resolved_scale(report: Report) -> Scale | None:
    chosen = report.students.scale
    if chosen is not None:
        return SCALES[chosen.value]
    return default_scale(report.meta.school_level, report.year)


def last_year_scale(report: Report) -> Scale | None:
    """The scale last year's results were entered on: their own if chosen, else this year's."""
    last = report.students.last_year
    if last is not None and last.scale is not None:
        return SCALES[last.scale.value]
    return resolved_scale(report)


def _last_year_percents(period, old: Scale | None, new: Scale, key: str) -> dict[str, Decimal]:
    """Last year's shares by this year's level codes; levels of another scale fold into
    their counterpart and levels without one are left out."""
    if period is None or old is None:
        return {}
    mapping = correspondence(old, new, key)
    counts: dict[str, int] = {}
    for code, n in getattr(period, key).items():
        if code in mapping:
            counts[mapping[code]] = counts.get(mapping[code], 0) + n
    return {code: percent(n, period.assessed) for code, n in counts.items()}


def quality_figures(period: StudentPeriod, scale: Scale, last: StudentPeriod | None = None,
                    decimals: int = 2) -> list[QualityFigures]:
    """The qualities a period gives, in the circular's order; last year's share of the same
    quality (same code: a quality of another circular is not the same quality)."""
    out = []
    for quality in scale.qualities:
        counts = period.qualities.get(quality.code)
        if not counts:
            continue
        before = last.qualities.get(quality.code, {}) if last is not None else {}
        rows = []
        for code, label in QUALITY_LEVELS:
            now = percent(counts.get(code), period.assessed)  # a level left out: «—», not 0
            row = LevelRow(code, label, counts.get(code), now)
            if before:
                row.last_year_percent = percent(before.get(code), last.assessed)
                row.change = _difference(now, row.last_year_percent, decimals)
            rows.append(row)
        out.append(QualityFigures(quality, period.assessed, rows))
    return out


def student_figures(report: Report) -> StudentFigures | None:
    scale = resolved_scale(report)
    students = report.students
    if scale is None or students.assessed is None:
        return None
    decimals = report.options.percent_decimals
    area = students.area
    dimensions = []
    before_scale = last_year_scale(report)
    for dim in scale.dimensions:
        counts = getattr(students, dim.key)
        if not counts:
            continue  # not given (optional, or a lỗi asks for it): nothing to print
        before = _last_year_percents(students.last_year, before_scale, scale, dim.key)
        area_values = getattr(area, dim.key) if area else {}
        rows = []
        for code, label in dim.levels:
            # A level left out beside typed ones is «—», not a 0 nobody typed (a lỗi when they do not add up).
            now = percent(counts.get(code), students.assessed)
            row = LevelRow(code, label, counts.get(code), now)
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
    changed = before_scale if students.last_year is not None and before_scale is not scale else None
    groups = [_group_figures(group, group_scale(report, group)) for group in students.groups if group.assessed is not None]
    qualities = quality_figures(students, scale, students.last_year, decimals)
    return StudentFigures(scale, dimensions, titles, area_name, changed, students.grades, groups, qualities)


def group_scale(report: Report, group) -> Scale:
    """A grade group's scale: its own if chosen, else the year's other scale."""
    if group.scale is not None:
        return SCALES[group.scale.value]
    main = resolved_scale(report)
    others = set(grade_scales(report.meta.school_level, report.year).values()) - {main}
    return next(iter(others), main)


def _group_figures(group, scale: Scale) -> StudentFigures:
    """Grades on another circular: their own levels, no comparison (last year and the
    area's average are given for the report's main scale)."""
    dimensions = []
    for dim in scale.dimensions:
        counts = getattr(group, dim.key)
        if not counts:
            continue
        rows = [
            LevelRow(code, label, counts.get(code), percent(counts.get(code), group.assessed))
            for code, label in dim.levels
        ]
        dimensions.append(DimensionFigures(dim, group.assessed, rows))
    titles = [
        LevelRow(code, label, group.titles[code], percent(group.titles[code], group.assessed))
        for code, label in scale.titles
        if code in group.titles
    ]
    return StudentFigures(scale, dimensions, titles, grades=group.grades, qualities=quality_figures(group, scale))


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
        LevelRow(rating.value, rating.label, n, None if n is None else percent(n, figures.rated))
        for rating, n in counts.items()
    ]
    return figures


# --- targets set a year ago against this year's results ------------------------


@dataclass
class TargetRow:
    key: str  # field path of the target, e.g. "students.gifted"
    label: str
    unit: str  # "em", "%", "đồng chí", "lớp"
    target: float  # the minimum to reach
    target_text: str
    result: float | None
    at_most: bool = False  # a ceiling to stay under (trẻ suy dinh dưỡng), not a floor

    @property
    def achieved(self) -> bool | None:
        if self.result is None:
            return None
        return self.result <= self.target if self.at_most else self.result >= self.target

    @property
    def ratio(self) -> float | None:
        """Result as a percentage of the target (of the ceiling: the target over the result)."""
        if self.result is None:
            return None
        if self.at_most:
            return 100.0 if self.result == 0 else self.target * 100 / self.result
        return 100.0 if self.target == 0 else self.result * 100 / self.target


def student_target_labels(report: Report) -> dict[str, str]:
    """What each student target is called at this school level and scale."""
    scale = resolved_scale(report)
    if report.meta.school_level is SchoolLevel.PRIMARY:
        return {
            "gifted": "Học sinh đạt giải các cuộc thi, giao lưu các cấp",
            "gifted_province": "Học sinh đạt giải cấp tỉnh",
            "promotion_rate": "Tỷ lệ hoàn thành chương trình lớp học",
            "advanced_classes": "Lớp tiên tiến, chi đội mạnh",
            # Each quality is rated on its own (TT27, TT30): the share at Tốt is per quality.
            "conduct_good_rate": "Tỷ lệ học sinh đạt mức Tốt ở từng phẩm chất, năng lực",
        }
    conduct = scale.conduct.label.lower() if scale else "rèn luyện"
    conduct = conduct.removeprefix("kết quả ")
    return {
        "gifted": "Học sinh giỏi các cấp",
        "gifted_province": "Học sinh giỏi cấp tỉnh",
        "promotion_rate": "Tỷ lệ lên lớp thẳng",
        "advanced_classes": "Lớp tiên tiến, chi đội mạnh",
        "conduct_good_rate": f"Tỷ lệ học sinh {conduct} Tốt",
    }


def target_rows(report: Report, members: MemberFigures, students: StudentFigures | None,
                classification: ClassificationFigures, children: ChildFigures | None) -> list[TargetRow]:
    """Every target set for year N that has a number, with what year N achieved."""
    t = report.targets_set
    if t is None:
        return []
    got = report.target_results
    decimals = report.options.percent_decimals
    conduct_good = None
    if students is not None:
        conduct = [d for d in students.dimensions if d.dimension.key == "conduct"]
        if conduct:
            top = conduct[0].rows[0].percent
        else:
            # Rated quality by quality (TT27, TT30): the target is met only if every quality
            # given reaches it, so the result is the lowest share at Tốt.
            goods = [q.good.percent for q in students.qualities if q.good.percent is not None]
            top = min(goods) if goods else None
        conduct_good = float(top) if top is not None else None
    labels = student_target_labels(report)
    candidates = [
        ("students.gifted", labels["gifted"], "em", t.students.gifted, got.gifted),
        ("students.gifted_province", labels["gifted_province"], "em", t.students.gifted_province, got.gifted_province),
        ("students.promotion_rate", labels["promotion_rate"], "%", t.students.promotion_rate, got.promotion_rate),
        ("students.advanced_classes", labels["advanced_classes"], "lớp", t.students.advanced_classes, got.advanced_classes),
        ("students.conduct_good_rate", labels["conduct_good_rate"], "%", t.students.conduct_good_rate, conduct_good),
        ("teachers.emulation_fighters", "Chiến sĩ thi đua cơ sở", "đồng chí", t.teachers.emulation_fighters, got.emulation_fighters),
        ("teachers.advanced_workers", "Lao động tiên tiến", "đồng chí", t.teachers.advanced_workers, got.advanced_workers),
        ("teachers.good_teachers", f"Giáo viên dạy giỏi {contest_level_name(t.teachers.good_teachers_level, report.meta.date)}", "đồng chí", t.teachers.good_teachers, got.good_teachers),
        ("party.excellent_members", "Đảng viên hoàn thành xuất sắc nhiệm vụ", "đồng chí", t.party.excellent_members,
         classification.counts[Rating.EXCELLENT]),
        ("party.awareness_class", "Quần chúng học lớp bồi dưỡng nhận thức về Đảng", "người",
         t.party.awareness_class, report.members.development.awareness_class),
    ]
    rows = []
    preschool = report.meta.school_level is SchoolLevel.PRESCHOOL
    for key, label, unit, target, result in candidates:
        # A preschool has no pupils: their targets are left out (rules warns), the children's are below.
        if target is None or (preschool and key.startswith("students.")):
            continue
        rows.append(TargetRow(key, label, unit, float(target), format_amount(target, unit, decimals), _number(result)))
    rows += _child_target_rows(report, children, decimals)
    low, high = t.party.new_members_min, t.party.new_members_max
    if low is not None or high is not None:
        low = low if low is not None else high
        high = high if high is not None else low
        text = (format_amount(low, "đồng chí", decimals) if low == high
                else f"{format_count(low)}-{format_count(high)} đồng chí")
        # Typed counts without the year's movements do not say how many were admitted.
        admitted = members["admitted"] if members.movements_given else None
        rows.append(TargetRow("party.new_members_min", "Kết nạp đảng viên mới", "đồng chí",
                              float(low), text, _number(admitted)))
    return rows


# A preschool's targets: (target field, label, result in chibo.children, a ceiling?)
CHILD_TARGETS = (
    ("attendance_rate", "Tỷ lệ trẻ chuyên cần", "attendance_rate", False),
    ("underweight_rate", "Tỷ lệ trẻ suy dinh dưỡng thể nhẹ cân", "weight.underweight", True),
    ("stunted_rate", "Tỷ lệ trẻ suy dinh dưỡng thể thấp còi", "height.stunted", True),
    ("completion_rate", "Tỷ lệ trẻ 5 tuổi hoàn thành Chương trình giáo dục mầm non", "completed", False),
)


def child_target_text(value: float, at_most: bool, decimals: int) -> str:
    rate = format_percent(value, decimals)
    return f"không quá {rate}" if at_most else rate


def _child_target_rows(report: Report, got: ChildFigures | None, decimals: int) -> list[TargetRow]:
    if report.meta.school_level is not SchoolLevel.PRESCHOOL:
        return []
    targets = report.targets_set.children
    rows = []
    for key, label, source, at_most in CHILD_TARGETS:
        target = getattr(targets, key)
        if target is None:
            continue
        row = got.row(source) if got is not None else None
        result = None if row is None or row.percent is None else float(row.percent)
        rows.append(TargetRow(f"children.{key}", label, "%", float(target),
                              child_target_text(target, at_most, decimals), result, at_most))
    return rows


def _number(value) -> float | None:
    return None if value is None else float(value)


def format_amount(value: float, unit: str, decimals: int) -> str:
    """A target or its result: a rate at the report's one precision, a count padded
    as every count of people in the body ("76,2%", "05 đồng chí")."""
    if unit == "%":
        return format_percent(value, decimals)
    return f"{format_count(int(value))} {unit}"


# --- all together -------------------------------------------------------------


@dataclass
class Figures:
    members: MemberFigures
    students: StudentFigures | None
    classification: ClassificationFigures
    decimals: int
    targets: list[TargetRow] = field(default_factory=list)
    school: SchoolFigures = field(default_factory=lambda: SchoolFigures(None, None))
    children: ChildFigures | None = None  # a preschool's children (chibo.children)

    def pct(self, value: Decimal | float | None) -> str:
        return "" if value is None else format_percent(value, self.decimals)


def compute(report: Report) -> Figures:
    members = member_figures(report)
    students = student_figures(report)
    classification = classification_figures(report, members)
    children = children_figures(report, report.options.percent_decimals)
    return Figures(
        members=members,
        students=students,
        classification=classification,
        decimals=report.options.percent_decimals,
        targets=target_rows(report, members, students, classification, children),
        school=school_figures(report, members),
        children=children,
    )
