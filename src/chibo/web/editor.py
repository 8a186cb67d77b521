"""The guided steps of the report editor, built from the report model.

Each input is named by its field path in the report data ("members.end_of_year"),
labelled with the model's own Vietnamese title.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from chibo import fieldpaths
from chibo.defaults import DEFAULTS, default_paragraphs
from chibo.draft import _under, lenient_report
from chibo.figures import group_scale
from chibo.labels import LabelledEnum
from chibo.members import average_age
from chibo.model import NARRATIVE_PATHS, PUPIL_RESULTS, SECTION_PATHS, field_info, field_label
from chibo.places import FIELDS as PLACE_FIELDS
from chibo.reading import read_date
from chibo.regulations import classification_rule_name
from chibo.scales import QUALITY_LEVELS, default_scale, grade_scales, level_name, SCALES

from . import roster


@dataclass
class Input:
    path: str
    label: str
    kind: str  # int, float, text, date, choice, paragraphs, lines
    value: object = None
    help: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    readonly: bool = False
    carried: bool = False  # copied from last year's report, not yet edited or kept
    left_out: bool = False  # a paragraph field left out of the report (Report.left_out)
    own: bool = False  # a paragraph field with the cell's own text, not the default
    suggest: str = ""  # which list of place names it suggests (chibo.places), if any
    unset: str = ""  # what a choice left empty means (the scale in force), shown instead of "(chưa chọn)"
    row_start: bool = False  # begins a line of its group's grid: a list's row, a quality's three levels

    @property
    def html_id(self) -> str:
        return "f-" + self.path.replace(".", "-").replace("[", "-").replace("]", "")


@dataclass
class Group:
    title: str
    inputs: list[Input]
    note: str = ""
    figures: str = ""  # which live-figure panel goes with it
    roster: object = None  # the member table (roster.Roster), for its own group
    section: str = ""  # a whole section the group's paragraphs make up, which can be left out
    section_left_out: bool = False


@dataclass
class Step:
    key: str
    title: str
    groups: list[Group]


get = fieldpaths.get  # the value at a field path, or None


def shown(kind: str, value):
    """A stored number or date as a Vietnamese teacher writes it: 82,5 and 20/12/2026."""
    if kind == "date" and isinstance(value, str):
        value = read_date(value) or value
    if kind == "date" and isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if kind == "float" and isinstance(value, float) and not isinstance(value, bool):
        return repr(value).replace(".", ",").removesuffix(",0")
    return value


def input_kind(path: str) -> tuple[str, list[tuple[str, str]]]:
    info = field_info(path)
    if info is None:
        # a level of a table (students.area.conduct.tot): the kind of the table's values
        table = field_info(fieldpaths.parent(path))
        return ("float" if table is not None and "float" in repr(table.annotation) else "int"), []
    annotation = info.annotation
    args = typing.get_args(annotation) or (annotation,)
    for arg in args:
        if isinstance(arg, type) and issubclass(arg, Enum):
            members = list(arg)
            return "choice", [(m.value, getattr(m, "label", m.value)) for m in members]
    text = repr(annotation)
    if "_paragraphs" in text:
        return "paragraphs", []
    if "list[" in text:
        return "lines", []
    if "date" in text:
        return "date", []
    if "float" in text:
        return "float", []
    if "int" in text:
        return "int", []
    return "text", []


def make_input(data: dict, path: str, label: str | None = None) -> Input:
    kind, choices = input_kind(path)
    info = field_info(path)
    value = get(data, path)
    if kind == "lines" and isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    if kind == "paragraphs" and isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    value = shown(kind, value)
    if value is None and info is not None and isinstance(info.default, LabelledEnum):
        value = info.default  # what the report will use when nothing is chosen
    if isinstance(value, LabelledEnum):
        value = value.value
    return Input(
        path=path,
        label=label or field_label(path),
        kind=kind,
        value=value,
        help=(info.description or "") if info else "",
        choices=choices,
        suggest=PLACE_FIELDS.get(path, ""),
    )


def _readonly(item: Input) -> Input:
    item.readonly = True
    item.help = "Năm của báo cáo được chọn khi tạo báo cáo."
    return item


def _inputs(data: dict, base: str, names: list[str]) -> list[Input]:
    return [make_input(data, f"{base}.{name}" if base else name) for name in names]


def _levels(data: dict, base: str, levels, unit_label: str = "") -> list[Input]:
    return [make_input(data, f"{base}.{code}", f"{label}{unit_label}") for code, label in levels]


def _conduct(data: dict, base: str, scale, unit: str = "") -> list[Input]:
    """The single per-pupil level of rèn luyện; none on a scale that rates each phẩm chất,
    năng lực on its own, unless a report saved earlier has one (shown, to be moved and cleared)."""
    given = get(data, base)
    if scale.qualities and not (isinstance(given, dict) and any(v is not None for v in given.values())):
        return []
    return _levels(data, base, scale.conduct.levels, f" – {scale.conduct.label.lower()}{unit}")


def _qualities(data: dict, base: str, scale) -> list[Input]:
    """Pupils at each level of each phẩm chất, năng lực of the scale (TT27, TT30), and of any
    other circular's qualities a saved report still has, so they can be moved and cleared."""
    given = get(data, base)
    codes = [q.code for q in scale.qualities]
    codes += [c for c in (given if isinstance(given, dict) else {}) if c not in codes and c in _QUALITY_NAMES]
    inputs = [make_input(data, f"{base}.{code}.{level}", f"{level_name('qualities', code)} – {label}")
              for code in codes for level, label in QUALITY_LEVELS]
    for item in inputs[::len(QUALITY_LEVELS)]:
        item.row_start = True  # each quality on its own line, its levels in columns
    return inputs


_QUALITY_NAMES = {q.code for scale in SCALES.values() for q in scale.qualities}


_QUALITIES_NOTE = ("Tùy chọn: ghi những phẩm chất, năng lực nhà trường tổng hợp, mỗi cái đủ ba mức "
                   "(Tốt, Đạt, Cần cố gắng) cộng lại bằng số học sinh được đánh giá; bỏ trống những cái không có.")


def _rows(data: dict, base: str, names: list[str]) -> list[Input]:
    """A list's rows as inputs: those it has and one more, at least three (save.EDITOR_ROWS)."""
    rows = get(data, base)
    count = max(len(rows) + 1 if isinstance(rows, list) else 1, 3)
    inputs = []
    for i in range(count):
        for j, name in enumerate(names):
            path = f"{base}[{i}].{name}"
            item = make_input(data, path, f"{field_label(path)} – dòng {i + 1}")  # rows told apart
            item.row_start = j == 0
            inputs.append(item)
    return inputs


def carried_over(data: dict) -> list[str]:
    """Paragraphs copied from last year's report that no one has edited or kept yet
    (a paragraph left out of the report needs no review)."""
    marks, left_out = get(data, "carried_over"), get(data, "left_out")
    skip = set(left_out) if isinstance(left_out, list) else set()
    return [m for m in marks if m in NARRATIVE_PATHS and not _under(m, skip)] if isinstance(marks, list) else []


_UNSET = object()


def steps(data: dict, report=_UNSET) -> list[Step]:
    """``report``: the draft's report of what is right (draft_check's), when the caller
    has it already; else it is made here. None means nothing could be made of it."""
    return _with_years(_steps(data, report), data.get("year") if isinstance(data, dict) else None)


# Which year a field is about, added to its label, so "Tốt" of this year and of last
# year, and this year's targets and next year's, are told apart even when the group's
# heading has scrolled away.
def _year_words(path: str, year: int | None) -> str:
    this, next_ = (f"năm {year}", f"năm {year + 1}") if isinstance(year, int) else ("năm nay", "năm sau")
    if path.startswith(("students.last_year.", "children.last_year.")):
        return "năm trước"
    if path.startswith(("students.conduct.", "students.learning.", "students.titles.", "students.qualities.")) or path == "students.assessed":
        return "năm nay"
    if path.startswith("targets_set."):
        return f"chỉ tiêu {this}"
    if path.startswith("target_results."):
        return f"kết quả {this}"
    if path.startswith("targets."):
        return f"chỉ tiêu {next_}"
    return ""


def _with_years(all_steps: list[Step], year) -> list[Step]:
    for s in all_steps:
        for g in s.groups:
            for item in g.inputs:
                words = _year_words(item.path, year)
                if words and not item.label.endswith(words):
                    item.label = f"{item.label} – {words}"
    return all_steps


def _classification_heading(data: dict) -> str:
    """Names the rule in force in the report's year (regulations)."""
    year = data.get("year") if isinstance(data, dict) else None
    rule = classification_rule_name(year) if isinstance(year, int) else None
    return f"Đánh giá, xếp loại đảng viên ({rule})" if rule else "Đánh giá, xếp loại đảng viên"


def _scale_input(data: dict, scale) -> Input:
    """The scale chooser; left empty it says which scale is in force, not "(chưa chọn)"."""
    item = make_input(data, "students.scale")
    item.unset = f"{scale.source} (theo quy định)"
    return item


def _grade_group(data: dict, report, scale) -> list[Group]:
    """In a year when the grades were on two circulars (or when a group was entered): the
    other grades, on their own scale — the other scale of that year unless one is chosen."""
    groups = report.students.groups if report is not None else []
    in_force = set(grade_scales(report.meta.school_level, report.year).values()) if report is not None else set()
    if not groups and len(in_force) < 2:
        return []
    other = group_scale(report, groups[0]) if groups else next(iter(in_force - {scale}), scale)
    base = "students.groups[0]"
    chosen = make_input(data, f"{base}.scale")
    chosen.unset = f"{other.source}"
    return [
        Group(
            f"Các khối theo thang khác ({other.source}; bỏ trống nếu báo cáo chỉ dùng một thang)",
            [make_input(data, "students.grades"), make_input(data, f"{base}.grades"), chosen,
             make_input(data, f"{base}.assessed")]
            + _conduct(data, f"{base}.conduct", other)
            + _levels(data, f"{base}.learning", other.learning.levels, f" – {other.learning.label.lower()}")
            + _levels(data, f"{base}.titles", other.titles)
            + _qualities(data, f"{base}.qualities", other),
        )
    ]


def _last_year_scale_input(data: dict) -> Input:
    item = make_input(data, "students.last_year.scale")
    item.unset = "Cùng thang với năm nay"
    return item


_CHILD_PERIOD = ["children", "attendance_rate", "boarding", "weight.measured", "weight.normal", "weight.underweight",
                 "weight.overweight", "height.measured", "height.normal", "height.stunted", "five_year_olds", "completed"]


_CHILD_TARGETS = ["attendance_rate", "underweight_rate", "stunted_rate", "completion_rate"]
_PUPIL_TARGETS = ["gifted", "gifted_province", "promotion_rate", "advanced_classes", "conduct_good_rate"]


def _child_targets(data: dict, base: str) -> list[Input]:
    return _inputs(data, f"{base}.children", _CHILD_TARGETS)


def _saved_leaves(node, base: str):
    """Field paths of the values saved under ``base`` (lists, such as grade groups, left out)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _saved_leaves(value, f"{base}.{key}")
    elif not (node is None or node == "" or node is False or isinstance(node, list)):
        yield base


def _left_over_figures(data: dict, children_shown: bool) -> list[Group]:
    """The pupils' results of a preschool, or the children's figures of another level, saved
    before the level was changed: not printed (a cảnh báo says so), shown while saved, to be cleared."""
    base, whose, why = (("students", "học sinh", "trường mầm non không xếp loại học sinh theo thang của Bộ")
                        if children_shown else ("children", "trẻ", "chỉ trường mầm non có số liệu của trẻ"))
    inputs = [make_input(data, path) for path in _saved_leaves(get(data, base), base)]
    return _kept_from_before(f"Số liệu của {whose}", inputs, why)


def _kept_from_before(what: str, inputs: list[Input], why: str) -> list[Group]:
    """The group of values kept from before the school level was changed, if there are any."""
    if not inputs:
        return []
    return [Group(f"{what} còn lại từ trước khi đổi cấp học (không in)", inputs,
                  note=f"Báo cáo không in các số này vì {why}. Hãy xóa từng ô (để trống), "
                       "hoặc chọn lại cấp học ở bước «Thông tin chung» nếu cấp học chưa đúng.")]


def _left_over(data: dict, preschool: bool) -> list[Group]:
    """Targets of the other kind of school kept from before the level was changed: not printed
    (a cảnh báo asks to delete them), so shown only while saved data has them, to be cleared."""
    if preschool:
        parts = [("targets_set.students", _PUPIL_TARGETS), ("target_results", PUPIL_RESULTS),
                 ("targets.students", [*_PUPIL_TARGETS, "note"])]
        whose, why = "học sinh", "trường mầm non không có học sinh"
    else:
        parts = [("targets_set.children", _CHILD_TARGETS), ("targets.children", _CHILD_TARGETS)]
        whose, why = "trẻ", "chỉ trường mầm non có chỉ tiêu của trẻ"
    inputs = [make_input(data, f"{base}.{name}") for base, names in parts for name in names
              if get(data, f"{base}.{name}") not in (None, "")]
    return _kept_from_before(f"Chỉ tiêu của {whose}", inputs, why)


def _children_groups(data: dict) -> list[Group]:
    """A preschool rates no pupils: the step has its children's figures (Report.children)."""
    note = "Trường mầm non không xếp loại học sinh theo thang của Bộ; ô nào không có số liệu thì bỏ trống."
    return [
        Group("Số lượng, huy động trẻ ra lớp",
              _inputs(data, "children", ["nursery_groups", "kindergarten_classes", "children", "nursery",
                                         "kindergarten", "nursery_enrolment", "kindergarten_enrolment",
                                         "five_year_enrolment"]), note=note),
        Group("Chuyên cần, bán trú, trẻ 5 tuổi",
              _inputs(data, "children", ["attendance_rate", "boarding", "five_year_olds", "completed", "universal"])),
        Group("Cân nặng, chiều cao (lần cân đo cuối năm học)",
              _inputs(data, "children", [name for name in _CHILD_PERIOD if name.startswith(("weight.", "height."))])),
        Group("Cùng kỳ năm trước (để so sánh; bỏ trống nếu không có)",
              _inputs(data, "children.last_year", _CHILD_PERIOD)),
    ]


def _steps(data: dict, report=_UNSET) -> list[Step]:
    if report is _UNSET:
        report = lenient_report(data)
    scale = None
    if report is not None:
        chosen = report.students.scale
        scale = SCALES[chosen.value] if chosen else default_scale(report.meta.school_level, report.year)
    before = scale  # last year's scale: its own when chosen (a change of circular), else this year's
    last = report.students.last_year if report is not None else None
    if last is not None and last.scale is not None:
        before = SCALES[last.scale.value]
    groups_students: list[Group] = []
    preschool = get(data, "meta.school_level") == "mam_non"
    if scale is not None:
        groups_students = [
            Group(
                f"Năm học này ({scale.source})",
                [_scale_input(data, scale), make_input(data, "students.assessed")]
                + _conduct(data, "students.conduct", scale)
                + _levels(data, "students.learning", scale.learning.levels, f" – {scale.learning.label.lower()}")
                + _levels(data, "students.titles", scale.titles),
                figures="students",
            ),
            *([Group(f"{field_label('students.qualities')} – năm học này", qualities, note=_QUALITIES_NOTE,
                     figures="qualities")]
              if (qualities := _qualities(data, "students.qualities", scale)) else []),
            *_grade_group(data, report, scale),
            Group(
                "Cùng kỳ năm trước (để so sánh; bỏ trống nếu không có)",
                [_last_year_scale_input(data), make_input(data, "students.last_year.assessed")]
                + _conduct(data, "students.last_year.conduct", before)
                + _levels(data, "students.last_year.learning", before.learning.levels, f" – {before.learning.label.lower()}"),
            ),
            *([Group(f"{field_label('students.qualities')} – cùng kỳ năm trước (để so sánh; bỏ trống nếu không có)",
                     before_qualities)] if (before_qualities := _qualities(data, "students.last_year.qualities", before)) else []),
            Group(
                "Mặt bằng chung của địa bàn (tỷ lệ %, bỏ trống nếu không có)",
                [make_input(data, "students.area.level"), make_input(data, "students.area.name")]
                + _conduct(data, "students.area.conduct", scale, " (%)")
                + _levels(data, "students.area.learning", scale.learning.levels, f" – {scale.learning.label.lower()} (%)"),
            ),
        ]
    else:
        groups_students = _children_groups(data)
    groups_students += _left_over_figures(data, children_shown=scale is None)

    narrative_groups = []
    marks = carried_over(data)
    left_out = get(data, "left_out") if isinstance(get(data, "left_out"), list) else []
    for section, title in (
        ("opening", "Mở đầu"),
        ("situation", f"I. {field_label('narrative.situation')}"),
        ("results", f"II. {field_label('narrative.results')}"),
        ("shortcomings", f"III. {field_label('narrative.shortcomings')}"),
        ("causes", f"IV. {field_label('narrative.causes')}"),
        ("targets", "Phần thứ hai – I. Mục tiêu, chỉ tiêu"),
        ("solutions", "Phần thứ hai – II. Giải pháp"),
    ):
        keys = [k for k in DEFAULTS if k == section or k.startswith(section + ".")]
        inputs = []
        for key in keys:
            item = make_input(data, f"narrative.{key}")
            item.carried = item.path in marks
            item.left_out = item.path in left_out
            item.own = item.value not in (None, "")
            if item.value in (None, "") and report is not None:
                item.value = "\n".join(default_paragraphs(key, report))
            inputs.append(item)
        group = Group(title, inputs)
        if f"narrative.{section}" in SECTION_PATHS:
            group.section = f"narrative.{section}"
            group.section_left_out = group.section in left_out
        narrative_groups.append(group)

    counted = roster.computed_counts(data, report)
    not_rated = [
        make_input(data, f"classification.not_rated[{i}].{name}")
        for i in range(3)
        for name in ("count", "reason")
    ]
    return [
        Step(
            "chung",
            field_label("meta"),
            [
                Group(
                    "Báo cáo",
                    [_readonly(make_input(data, "year"))]
                    + _inputs(data, "meta", ["party_committee", "cell_name", "school_level", "number", "place", "date"]),
                ),
                Group("Người ký, nơi nhận", _inputs(data, "meta", ["signer_name", "signer_role", "recipients"])),
                Group(field_label("structure"), _inputs(data, "structure", ["grounds", "title", "symbol"])),
                Group(field_label("structure.headings"), _rows(data, "structure.headings", ["section", "title"]),
                      note="Không bắt buộc: chọn mục và ghi tiêu đề chi bộ muốn dùng."),
                Group(field_label("structure.extra"), _rows(data, "structure.extra", ["after", "title", "paragraphs"]),
                      note="Không bắt buộc: mục riêng của chi bộ, in ngay sau mục được chọn, cùng cấp và được đánh số."),
            ],
        ),
        Step(
            "dang-vien",
            "Đảng viên",
            [
                Group(
                    field_label("members.roster"),
                    [],
                    note="Có danh sách thì các số bên dưới được tính từ danh sách; không có thì nhập số trực tiếp.",
                    roster=roster.roster(data, report),
                ),
                Group(
                    "Số lượng và biến động",
                    roster.show_computed(_inputs(
                        data,
                        "members",
                        ["start_of_year", "admitted", "transferred_in", "transferred_out", "retired", "died",
                         "removed", "end_of_year", "official", "probationary", "women", "men", "exempted"],
                    ), counted),
                    note=f"Các số {roster.COMPUTED_NOTE}." if counted else "",
                    figures="members",
                ),
                Group(
                    "Chi tiết biến động",
                    _inputs(data, "members", ["increase_note", "decrease_note"]),
                    note="Không bắt buộc: in trong ngoặc sau số đảng viên tăng, giảm, ví dụ «giảm 02 đồng chí "
                    "(01 chuyển công tác, 01 chuyển về sinh hoạt tại địa phương)».",
                ),
                Group(
                    "Chi ủy, tuổi đời, phát triển đảng viên",
                    _inputs(data, "members.committee", ["secretaries", "deputies", "others"])
                    + roster.show_computed(
                        [make_input(data, "members.average_age")],
                        None if counted is None else {"average_age": average_age(report.members.roster or [], report.year)
                                                      if report is not None else None},
                    )
                    + _inputs(data, "members.development", ["awareness_class", "proposals", "prospects"]),
                    note="Không bắt buộc: số nào để trống thì báo cáo không nhắc đến. Chi bộ dưới 9 đảng viên "
                    "chính thức chỉ có bí thư và có thể có một phó bí thư.",
                ),
                Group(
                    field_label("school"),
                    _inputs(data, "school", ["managers", "teachers", "staff", "subject_groups", "classes",
                                             "students", "union_members", "youth_members", "pioneer_squads",
                                             "pioneers"]),
                    note="Không bắt buộc: số nào để trống thì báo cáo không nhắc đến.",
                ),
                Group(field_label("members.education"), roster.show_computed(
                    _inputs(data, "members.education", ["doctorate", "master", "university", "college", "other"]), counted),
                    note=f"Các số {roster.COMPUTED_NOTE}." if counted else ""),
                Group("Lý luận chính trị", roster.show_computed(
                    _inputs(data, "members.theory", ["advanced", "intermediate", "elementary"]), counted),
                    note=f"Các số {roster.COMPUTED_NOTE}." if counted else ""),
            ],
        ),
        Step("hoc-sinh", "Trẻ" if preschool else "Học sinh", groups_students),
        Step(
            "xep-loai",
            "Xếp loại, kết quả",
            [
                Group(
                    _classification_heading(data),
                    _inputs(data, "classification", ["excellent", "good", "completed", "failed"]),
                    figures="classification",
                ),
                Group(field_label("classification.not_rated"), not_rated),
                Group("Chi bộ", _inputs(data, "classification", ["cell_rating", "cell_title"])),
                Group(field_label("achievements"), [make_input(data, "achievements")]),
            ],
        ),
        Step(
            "chi-tieu",
            "Chỉ tiêu",
            [
                Group(
                    field_label("targets_set"),
                    (_child_targets(data, "targets_set") if preschool else
                     _inputs(data, "targets_set.students", _PUPIL_TARGETS))
                    + _inputs(data, "targets_set.teachers", ["emulation_fighters", "advanced_workers", "good_teachers"])
                    + _inputs(data, "targets_set.party", ["new_members_min", "new_members_max", "excellent_members",
                                                          "awareness_class"]),
                    figures="targets",
                ),
                Group(
                    field_label("target_results"),
                    # A preschool's children's results come from their figures; it has no pupils' results.
                    _inputs(data, "target_results", ([] if preschool else list(PUPIL_RESULTS))
                            + ["emulation_fighters", "advanced_workers", "good_teachers"]),
                ),
                Group(
                    f"Chỉ tiêu năm sau – {'trẻ' if preschool else 'học sinh'}, giáo viên",
                    (_child_targets(data, "targets") if preschool else
                     _inputs(data, "targets.students", [*_PUPIL_TARGETS, "note"]))
                    + _inputs(data, "targets.teachers", ["emulation_fighters", "advanced_workers", "good_teachers", "good_teachers_level", "note"]),
                ),
                Group(
                    "Chỉ tiêu năm sau – tập thể, công tác Đảng",
                    _inputs(data, "targets.collective", ["cell", "trade_union", "youth_union", "pioneers"])
                    + _inputs(data, "targets.party", ["new_members_min", "new_members_max", "excellent_members",
                                                      "awareness_class",
                                                      "members_goal", "note"]),
                ),
                *_left_over(data, preschool),
            ],
        ),
        Step("noi-dung", field_label("narrative"), narrative_groups),
    ]


STEP_KEYS = ["chung", "dang-vien", "hoc-sinh", "xep-loai", "chi-tieu", "noi-dung"]
