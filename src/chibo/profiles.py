"""Format profiles: every number of the document's layout, as data.

A profile is a TOML file; the default one follows Hướng dẫn 36-HD/VPTW. A
committee can copy it, change numbers and pass it by path: no code changes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path

DEFAULT_PROFILE = "36-HD-VPTW"


class ProfileError(ValueError):
    """A profile file that cannot be used; the message is for users."""


@dataclass(frozen=True)
class Style:
    size: float = 14
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False
    align: str = "left"  # left, center, right, justify
    first_line_mm: float = 0
    space_before: float = 0
    space_after: float = 0
    line_spacing: float = 1.0
    keep_with_next: bool = False


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float
    number_pages_from: int = 2

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


@dataclass(frozen=True)
class Charts:
    """Chart sizes (mm): drawn at ``width_mm``, scaled by the renderer to the text width."""

    width_mm: float = 165
    students_height_mm: float = 62
    classification_height_mm: float = 50
    targets_height_mm: float = 14  # the axis and margins
    targets_row_height_mm: float = 9  # and this much more for each target


# Each table's column weights (shares of the text width), in the order of its columns.
COLUMN_WEIGHTS = {
    "members": (3, 1, 1),
    "students": (1.5, 1.1, 1.4),
    "students_long_levels": (2.3, 1.1, 1.4),  # level names longer than 10 characters
    "students_compare": (1.4, 1.8),  # each comparison: the other figure, the difference (in words)
    "children": (3.4, 1.2, 1.1),  # a preschool's children: what, children (of how many), share
    "qualities": (2.3, 1.3, 1.3, 1.3),  # phẩm chất, năng lực: the quality, then Tốt, Đạt, Cần cố gắng (count and %)
    "qualities_compare": (1.6,),  # Tốt against last year (điểm phần trăm)
    "classification": (3, 1, 1),
    "target_results": (3, 1.3, 1.3, 1.1),
    "targets": (3, 1.4),
    # The đảng ủy's summary (chibo.summary): its tables other than the per-cell ones,
    # which are as wide as their content.
    "summary_totals": (3, 1.2),  # a total turned on its side: the figure, then each year's column
    "summary_admitted": (3, 1, 4),  # members admitted: cell, how many, names
    "summary_excellent": (4, 1),  # members rated HTXSNV: cell, how many
}


@dataclass(frozen=True, eq=False)  # identity hash: a cache key for renderers
class Profile:
    name: str
    title: str
    source: str
    font: str
    language: str
    page: Page
    masthead_left_pct: float
    signature_left_pct: float
    signing_space_pt: float
    table_border_pt: float
    table_cell_margin_mm: float
    styles: dict[str, Style] = field(default_factory=dict)
    charts: Charts = field(default_factory=Charts)
    columns: dict[str, tuple[float, ...]] = field(default_factory=lambda: dict(COLUMN_WEIGHTS))
    percent_decimals: int = 2  # the đảng ủy's documents (a cell's report has its own option)
    name_min_mm: float = 35  # the cell's name in a per-cell table: "Chi bộ Trường THCS …" on 2–3 lines

    def style(self, role: str) -> Style:
        try:
            return self.styles[role]
        except KeyError:
            raise ProfileError(
                f"Thể thức «{self.name}» thiếu kiểu chữ [styles.{role}]."
            ) from None


_STYLE_KEYS = {f.name for f in fields(Style)}
_ALIGNMENTS = {"left", "center", "right", "justify"}


def _style(role: str, values: dict) -> Style:
    unknown = set(values) - _STYLE_KEYS
    if unknown:
        raise ProfileError(
            f"[styles.{role}] có khóa không dùng được: {', '.join(sorted(unknown))}. "
            f"Các khóa hợp lệ: {', '.join(sorted(_STYLE_KEYS))}."
        )
    style = Style(**values)
    if style.align not in _ALIGNMENTS:
        raise ProfileError(
            f"[styles.{role}] align = «{style.align}»: chỉ nhận {', '.join(sorted(_ALIGNMENTS))}."
        )
    return style


def parse_profile(text: str, origin: str) -> Profile:
    try:
        data = tomllib.loads(text)
        page = Page(**data["page"])
        profile = Profile(
            name=data["name"],
            title=data["title"],
            source=data["source"],
            font=data["font"],
            language=data.get("language", "vi-VN"),
            page=page,
            masthead_left_pct=data["masthead"]["left_width_pct"],
            signature_left_pct=data["signature"]["left_width_pct"],
            signing_space_pt=data["signature"]["signing_space_pt"],
            table_border_pt=data["table"]["border_pt"],
            table_cell_margin_mm=data["table"]["cell_margin_mm"],
            styles={role: _style(role, v) for role, v in data["styles"].items()},
            charts=Charts(**data.get("charts", {})),
            columns=_columns(data.get("columns", {})),
            percent_decimals=_decimals(data.get("numbers", {}).get("percent_decimals", 2)),
            name_min_mm=data["table"].get("name_min_mm", 35),
        )
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"Tệp thể thức {origin} không đúng định dạng TOML: {exc}") from None
    except KeyError as exc:
        raise ProfileError(f"Tệp thể thức {origin} thiếu khóa {exc}.") from None
    except TypeError as exc:
        raise ProfileError(f"Tệp thể thức {origin} có giá trị sai kiểu: {exc}.") from None
    return profile


def _decimals(value) -> int:
    if type(value) is not int or not 0 <= value <= 3:
        raise ProfileError(f"[numbers] percent_decimals phải là số nguyên từ 0 đến 3, không phải {value!r}.")
    return value


def _columns(values: dict) -> dict[str, tuple[float, ...]]:
    """The profile's column weights over the built-in ones; each list as long as its table."""
    unknown = set(values) - set(COLUMN_WEIGHTS)
    if unknown:
        raise ProfileError(f"[columns] có bảng không có: {', '.join(sorted(unknown))}. "
                           f"Các bảng: {', '.join(COLUMN_WEIGHTS)}.")
    out = dict(COLUMN_WEIGHTS)
    for name, weights in values.items():
        if (not isinstance(weights, list) or len(weights) != len(COLUMN_WEIGHTS[name])
                or not all(isinstance(w, (int, float)) and w > 0 for w in weights)):
            raise ProfileError(f"[columns] {name} phải là {len(COLUMN_WEIGHTS[name])} số dương, "
                               f"ví dụ {list(COLUMN_WEIGHTS[name])}.")
        out[name] = tuple(float(w) for w in weights)
    return out


@lru_cache(maxsize=None)
def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    """A built-in profile by name (e.g. '36-HD-VPTW'), or a TOML file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml":
        try:
            return parse_profile(path.read_text(encoding="utf-8"), str(path))
        except OSError as exc:
            raise ProfileError(f"Không đọc được tệp thể thức {path}: {exc.strerror}.") from None
    builtin = resources.files("chibo") / "profiles" / f"{name_or_path}.toml"
    if not builtin.is_file():
        raise ProfileError(
            f"Không có thể thức «{name_or_path}». Có sẵn: {', '.join(builtin_profiles())}; "
            "hoặc ghi đường dẫn tới tệp .toml."
        )
    return parse_profile(builtin.read_text(encoding="utf-8"), name_or_path)


def builtin_profiles() -> list[str]:
    folder = resources.files("chibo") / "profiles"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
