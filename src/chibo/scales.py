"""Rating scales for students, by the circular in force for a school level and year."""

from __future__ import annotations

from dataclasses import dataclass

from .labels import LabelledEnum, SchoolLevel


@dataclass(frozen=True)
class Dimension:
    key: str  # "conduct" or "learning", the field name in the report model
    label: str  # what the report calls it under this scale
    levels: tuple[tuple[str, str], ...]  # (code, label), best first

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.levels)

    def level_label(self, code: str) -> str:
        return dict(self.levels)[code]


@dataclass(frozen=True)
class Scale:
    code: str
    source: str
    conduct: Dimension
    learning: Dimension
    titles: tuple[tuple[str, str], ...]

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

TT27 = Scale(
    code="tt27",
    source="Thông tư 27/2020/TT-BGDĐT",
    conduct=Dimension(
        "conduct",
        "Phẩm chất, năng lực",
        (("tot", "Tốt"), ("dat", "Đạt"), ("can_co_gang", "Cần cố gắng")),
    ),
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
)

SCALES = {scale.code: scale for scale in (TT22, TT58, TT27)}


class ScaleCode(LabelledEnum):
    TT22 = ("tt22", "Thông tư 22/2021 (THCS, THPT)")
    TT58 = ("tt58", "Thông tư 58/2011 (THCS, THPT, trước năm học 2024-2025)")
    TT27 = ("tt27", "Thông tư 27/2020 (Tiểu học)")


# Report year N closes the school year (N-1)-N; TT22 covers every secondary
# grade from 2024-2025, so from report year 2025 on.
TT22_ALL_GRADES_FROM_YEAR = 2025


def default_scale(level: SchoolLevel, year: int) -> Scale | None:
    """The scale in force, or None where students are not rated (preschool)."""
    if level is SchoolLevel.PRESCHOOL:
        return None
    if level is SchoolLevel.PRIMARY:
        return TT27
    return TT22 if year >= TT22_ALL_GRADES_FROM_YEAR else TT58


# Every level's name by dimension ("conduct", "learning", "titles") across all scales,
# so a level from another scale (left when the scale changed) is still named, not coded.
_LEVEL_NAMES: dict[str, dict[str, str]] = {}
for _scale in SCALES.values():
    for _key, _levels in (("conduct", _scale.conduct.levels), ("learning", _scale.learning.levels), ("titles", _scale.titles)):
        for _code, _label in _levels:
            _LEVEL_NAMES.setdefault(_key, {}).setdefault(_code, _label)


def level_name(dimension: str, code: str) -> str:
    """The name of a level, e.g. ("conduct", "chua_dat") -> «Chưa đạt»; a level of
    another dimension by its name there; the code itself (as typed in a file) if unknown."""
    for names in (_LEVEL_NAMES.get(dimension, {}), *_LEVEL_NAMES.values()):
        if code in names:
            return names[code]
    return code
