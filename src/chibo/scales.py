"""Rating scales for students, by the circular in force for a school level and year."""

from __future__ import annotations

from dataclasses import dataclass

from .labels import LabelledEnum, SchoolLevel
from .regulations import programme_span


@dataclass(frozen=True)
class Dimension:
    key: str  # "conduct" or "learning", the field name in the report model
    label: str  # what the report calls it under this scale
    levels: tuple[tuple[str, str], ...]  # (code, label), best first
    # False where the circular rates each quality separately (TT27, TT30): the count of
    # pupils per level is a summary some reports give, never one the report must have.
    required: bool = True

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.levels)

    def level_label(self, code: str) -> str:
        return dict(self.levels)[code]


@dataclass(frozen=True)
class Quality:
    """One phẩm chất or năng lực that a primary circular rates on its own, Tốt/Đạt/Cần cố gắng."""

    code: str  # the key under students.qualities
    label: str
    group: str  # "phẩm chất", "năng lực chung", …: how reports name the kind in text


@dataclass(frozen=True)
class Scale:
    code: str
    source: str
    conduct: Dimension
    learning: Dimension
    titles: tuple[tuple[str, str], ...]
    # Rated one by one, each pupil at a level per quality (TT27, TT30): no single per-pupil level.
    qualities: tuple[Quality, ...] = ()

    def quality(self, code: str) -> Quality | None:
        return next((q for q in self.qualities if q.code == code), None)

    @property
    def dimensions(self) -> tuple[Dimension, Dimension]:
        return (self.conduct, self.learning)


_FOUR = (("tot", "Tốt"), ("kha", "Khá"), ("dat", "Đạt"), ("chua_dat", "Chưa đạt"))

TT22 = Scale(
    code="tt22",
    source="Thông tư 22/2021/TT-BGDĐT",
    conduct=Dimension("conduct", "Kết quả rèn luyện", _FOUR),
    learning=Dimension("learning", "Kết quả học tập", _FOUR),
    titles=(("xuat_sac", "Học sinh Xuất sắc"), ("gioi", "Học sinh Giỏi")),
)

TT58 = Scale(
    code="tt58",
    source="Thông tư 58/2011/TT-BGDĐT",
    conduct=Dimension(
        "conduct",
        "Hạnh kiểm",
        (("tot", "Tốt"), ("kha", "Khá"), ("trung_binh", "Trung bình"), ("yeu", "Yếu")),
    ),
    learning=Dimension(
        "learning",
        "Học lực",
        (
            ("gioi", "Giỏi"),
            ("kha", "Khá"),
            ("trung_binh", "Trung bình"),
            ("yeu", "Yếu"),
            ("kem", "Kém"),
        ),
    ),
    titles=(("gioi", "Học sinh giỏi"), ("tien_tien", "Học sinh tiên tiến")),
)

_TOT_DAT_CCG = (("tot", "Tốt"), ("dat", "Đạt"), ("can_co_gang", "Cần cố gắng"))
QUALITY_LEVELS = _TOT_DAT_CCG  # every quality of TT27 and TT30 is rated on these


def _qualities(group: str, *items: tuple[str, str]) -> tuple[Quality, ...]:
    return tuple(Quality(code, label, group) for code, label in items)


# Thông tư 27/2020, Điều 5: 5 phẩm chất chủ yếu, 3 năng lực chung, 7 năng lực đặc thù.
_TT27_QUALITIES = (
    _qualities("phẩm chất", ("yeu_nuoc", "Yêu nước"), ("nhan_ai", "Nhân ái"), ("cham_chi", "Chăm chỉ"),
               ("trung_thuc", "Trung thực"), ("trach_nhiem", "Trách nhiệm"))
    + _qualities("năng lực chung", ("tu_chu_tu_hoc", "Tự chủ và tự học"), ("giao_tiep_hop_tac", "Giao tiếp và hợp tác"),
                 ("giai_quyet_van_de_sang_tao", "Giải quyết vấn đề và sáng tạo"))
    + _qualities("năng lực đặc thù", ("ngon_ngu", "Ngôn ngữ"), ("tinh_toan", "Tính toán"), ("khoa_hoc", "Khoa học"),
                 ("cong_nghe", "Công nghệ"), ("tin_hoc", "Tin học"), ("tham_mi", "Thẩm mĩ"), ("the_chat", "Thể chất"))
)
# Thông tư 30/2014 as amended by Thông tư 22/2016, Điều 7: 3 năng lực, 4 phẩm chất.
_TT30_QUALITIES = (
    _qualities("năng lực", ("tu_phuc_vu_tu_quan", "Tự phục vụ, tự quản"), ("hop_tac", "Hợp tác"),
               ("tu_hoc_giai_quyet_van_de", "Tự học và giải quyết vấn đề"))
    + _qualities("phẩm chất", ("cham_hoc_cham_lam", "Chăm học, chăm làm"), ("tu_tin_trach_nhiem", "Tự tin, trách nhiệm"),
                 ("trung_thuc_ki_luat", "Trung thực, kỉ luật"), ("doan_ket_yeu_thuong", "Đoàn kết, yêu thương"))
)

TT27 = Scale(
    code="tt27",
    source="Thông tư 27/2020/TT-BGDĐT",
    conduct=Dimension("conduct", "Phẩm chất, năng lực", _TOT_DAT_CCG, required=False),
    learning=Dimension(
        "learning",
        "Kết quả giáo dục",
        (
            ("hoan_thanh_xuat_sac", "Hoàn thành xuất sắc"),
            ("hoan_thanh_tot", "Hoàn thành tốt"),
            ("hoan_thanh", "Hoàn thành"),
            ("chua_hoan_thanh", "Chưa hoàn thành"),
        ),
    ),
    titles=(
        ("xuat_sac", "Học sinh Xuất sắc"),
        ("tieu_bieu", "Học sinh tiêu biểu hoàn thành tốt trong học tập và rèn luyện"),
    ),
    qualities=_TT27_QUALITIES,
)

# Primary before TT27: subjects rated, năng lực and phẩm chất Tốt/Đạt/Cần cố gắng.
TT30 = Scale(
    code="tt30",
    source="Thông tư 30/2014/TT-BGDĐT, sửa đổi bởi Thông tư 22/2016/TT-BGDĐT",  # no brackets: the text wraps it in «(theo …)»
    conduct=Dimension("conduct", "Năng lực, phẩm chất", _TOT_DAT_CCG, required=False),
    learning=Dimension(
        "learning",
        "Học tập các môn học",
        (("hoan_thanh_tot", "Hoàn thành tốt"), ("hoan_thanh", "Hoàn thành"), ("chua_hoan_thanh", "Chưa hoàn thành")),
    ),
    titles=(
        ("xuat_sac", "Học sinh hoàn thành xuất sắc các nội dung học tập và rèn luyện"),
        ("tien_bo", "Học sinh có thành tích vượt trội hay tiến bộ vượt bậc"),
    ),
    qualities=_TT30_QUALITIES,
)

SCALES = {scale.code: scale for scale in (TT22, TT58, TT27, TT30)}


class ScaleCode(LabelledEnum):
    TT22 = ("tt22", "Thông tư 22/2021 (THCS, THPT)")
    TT58 = ("tt58", "Thông tư 58/2011 (THCS, THPT, trước năm học 2024-2025)")
    TT27 = ("tt27", "Thông tư 27/2020 (Tiểu học)")
    TT30 = ("tt30", "Thông tư 30/2014, sửa đổi bởi 22/2016 (Tiểu học, trước năm học 2024-2025)")


# The school year in which each grade came under the new circular, as the report year
# that closes it (report N closes (N-1)-N). Grades before then kept the old scale. The new
# circulars came in with the 2018 programme, a grade a year (regulations.programme_span).
NEW_SCALE_FROM_YEAR = {
    level: {grade: since + grade - first for grade in range(first, last + 1)}
    for level in (SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY, SchoolLevel.UPPER_SECONDARY)
    for since, first, last in [programme_span(level)]
}
_OLD_NEW = {SchoolLevel.PRIMARY: (TT30, TT27), SchoolLevel.LOWER_SECONDARY: (TT58, TT22), SchoolLevel.UPPER_SECONDARY: (TT58, TT22)}

# Report year N closes the school year (N-1)-N; TT22 covers every secondary
# grade from 2024-2025, so from report year 2025 on.
TT22_ALL_GRADES_FROM_YEAR = 2025


def grade_scales(level: SchoolLevel, year: int) -> dict[int, Scale]:
    """The scale that rated each grade of the school year the report of `year` closes."""
    if level not in _OLD_NEW:
        return {}
    old, new = _OLD_NEW[level]
    return {grade: new if year >= since else old for grade, since in NEW_SCALE_FROM_YEAR[level].items()}


def mixed_year(level: SchoolLevel, year: int) -> bool:
    """Whether some grades were on the old scale and some on the new that year."""
    return len(set(grade_scales(level, year).values())) > 1


def default_scale(level: SchoolLevel, year: int) -> Scale | None:
    """The scale in force, or None where students are not rated (preschool).

    In a mixed year: the new scale for primary once it covers grade 1 (reports then
    tend to follow the new circular), the old for secondary until it covers every grade."""
    if level is SchoolLevel.PRESCHOOL:
        return None
    if level is SchoolLevel.PRIMARY:
        return TT27 if year >= NEW_SCALE_FROM_YEAR[level][1] else TT30
    return TT22 if year >= TT22_ALL_GRADES_FROM_YEAR else TT58


# Levels of an older scale that correspond to a level of its successor, for comparing
# last year with this year across a change of circular. A level with no counterpart
# (TT30's "Hoàn thành tốt" spans TT27's "xuất sắc" and "tốt") is not compared.
_CORRESPONDENCE: dict[tuple[str, str], dict[str, dict[str, str]]] = {
    ("tt58", "tt22"): {
        "conduct": {"tot": "tot", "kha": "kha", "trung_binh": "dat", "yeu": "chua_dat"},
        "learning": {"gioi": "tot", "kha": "kha", "trung_binh": "dat", "yeu": "chua_dat", "kem": "chua_dat"},
    },
    ("tt30", "tt27"): {
        "conduct": {"tot": "tot", "dat": "dat", "can_co_gang": "can_co_gang"},
        "learning": {"hoan_thanh": "hoan_thanh", "chua_hoan_thanh": "chua_hoan_thanh"},
    },
}


def correspondence(old: Scale, new: Scale, dimension: str) -> dict[str, str]:
    """Old level code -> new level code for the levels that can be compared (several old
    levels may fold into one new level); empty where the scales do not correspond."""
    if old is new:
        return {code: code for code in getattr(new, dimension).codes}
    pair = _CORRESPONDENCE.get((old.code, new.code))
    if pair is None:
        reverse = _CORRESPONDENCE.get((new.code, old.code), {}).get(dimension, {})
        # Going back (a new scale last year, the old one now): only one-to-one levels.
        targets = list(reverse.values())
        return {n: o for o, n in reverse.items() if targets.count(n) == 1}
    return dict(pair.get(dimension, {}))


# Every level's name by dimension ("conduct", "learning", "titles") across all scales,
# so a level from another scale (left when the scale changed) is still named, not coded.
_LEVEL_NAMES: dict[str, dict[str, str]] = {}
for _scale in SCALES.values():
    for _key, _levels in (("conduct", _scale.conduct.levels), ("learning", _scale.learning.levels), ("titles", _scale.titles)):
        for _code, _label in _levels:
            _LEVEL_NAMES.setdefault(_key, {}).setdefault(_code, _label)
    for _quality in _scale.qualities:
        _LEVEL_NAMES.setdefault("qualities", {}).setdefault(_quality.code, _quality.label)


def level_name(dimension: str, code: str) -> str:
    """The name of a level, e.g. ("conduct", "chua_dat") -> «Chưa đạt»; a level of
    another dimension by its name there; the code itself (as typed in a file) if unknown."""
    for names in (_LEVEL_NAMES.get(dimension, {}), *_LEVEL_NAMES.values()):
        if code in names:
            return names[code]
    return code


def scale_changed_sentence(old: Scale, new: Scale) -> str:
    """Says that last year was rated on another circular and which levels are compared."""
    pairs = []
    for dim in new.dimensions:
        mapping = correspondence(old, new, dim.key)
        old_dim = getattr(old, dim.key)
        by_new: dict[str, list[str]] = {}
        for o, n in mapping.items():
            by_new.setdefault(n, []).append(old_dim.level_label(o))
        shown = [
            f"{' và '.join(olds)} với {dim.level_label(n)}"
            for n, olds in by_new.items()
            if olds != [dim.level_label(n)]
        ]
        if shown:
            pairs.append(f"{old_dim.label.lower()} {', '.join(shown)}")
    compared = f" ({'; '.join(pairs)})" if pairs else ""
    return (
        f"- Năm học trước học sinh được đánh giá theo {old.source}, năm học này theo "
        f"{new.source}: chỉ so sánh tỷ lệ giữa các mức tương ứng{compared}."
    )
