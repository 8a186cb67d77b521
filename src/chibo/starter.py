"""The starter file of ``chibo init``: every field present, each with its label.

It is written from the model, so a new field shows up here by itself.
"""

from __future__ import annotations

import json
import typing
from datetime import date

from pydantic import BaseModel

from . import fieldpaths
from .defaults import DEFAULTS, default_paragraphs
from .labels import LabelledEnum, SchoolLevel
from .model import PUPIL_RESULTS, Metadata, Report, _inner_model
from .scales import QUALITY_LEVELS, default_scale

INDENT = "  "

_HEAD = """\
# Báo cáo tổng kết công tác xây dựng Đảng năm {year} và phương hướng, nhiệm vụ năm {next_year}
# Tệp số liệu của chibo. Điền sau dấu hai chấm; dòng bắt đầu bằng # là chú thích.
# Chữ ghi trong ngoặc kép nếu có dấu hai chấm hoặc bắt đầu bằng ký tự đặc biệt.
# Nhóm có dấu # ở đầu mọi dòng là tùy chọn: bỏ dấu # (giữ nguyên thụt lề) để dùng.
# Kiểm tra:  chibo check {name}
# Xuất file: chibo render {name} -o bao-cao-{year}.docx
"""

_ROSTER_EXAMPLE = """\
# Ví dụ một đảng viên (bỏ dấu # ở đầu các dòng dưới đây để dùng):
#   - name: Nguyễn Thị Hoa
#     sex: nu
#     birth_year: 1985
#     admitted_on: 2010-05-19
#     official_on: 2011-05-19
#     education: dai_hoc
#     theory: so_cap
#     events:
#       - kind: chuyen_den
#         on: 2026-09-05
"""

_NOT_RATED_EXAMPLE = """\
# Ví dụ:
#   - count: 1
#     reason: mới kết nạp chưa đủ 6 tháng
"""


_OPTIONAL_GROUPS = ("students.last_year", "students.area", "children.last_year")
# A preschool's children and their targets: only in a mầm non starter.
_PRESCHOOL_ONLY = ("children", "targets.children", "targets_set.children")
# Pupils' results and targets: not in a mầm non starter (its report would not print them).
_PUPILS_ONLY = ("students", "targets.students", "targets_set.students",
                *(f"target_results.{name}" for name in PUPIL_RESULTS))


def _scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, LabelledEnum):
        return value.value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _comment(info) -> str:
    text = info.title or ""
    if info.description:
        text += f". {info.description}"
    return f"  # {text}" if text else ""


def _is_paragraphs(annotation) -> bool:
    return "BeforeValidator(func=<function _paragraphs" in repr(annotation)


def _is_dict(annotation) -> bool:
    for arg in typing.get_args(annotation) or (annotation,):
        if typing.get_origin(arg) is dict:
            return True
    return typing.get_origin(annotation) is dict


def _is_list(annotation) -> bool:
    for arg in typing.get_args(annotation) or (annotation,):
        if typing.get_origin(arg) is list:
            return True
    return typing.get_origin(annotation) is list


class _Writer:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.scale = default_scale(report.meta.school_level, report.year)
        self.lines: list[str] = []

    def model(self, cls: type[BaseModel], instance: BaseModel, depth: int, path: str) -> None:
        pad = INDENT * depth
        preschool = self.report.meta.school_level is SchoolLevel.PRESCHOOL
        for name, info in cls.model_fields.items():
            here = f"{path}.{name}" if path else name
            value = getattr(instance, name, None)
            sub = _inner_model(info.annotation)
            comment = _comment(info)
            if (here in _PRESCHOOL_ONLY and not preschool) or (here in _PUPILS_ONLY and preschool):
                continue
            if here in ("members.roster", "classification.not_rated"):
                self.lines.append(f"{pad}{name}: []{comment}")
                example = _ROSTER_EXAMPLE if name == "roster" else _NOT_RATED_EXAMPLE
                self.lines.extend(pad + line for line in example.splitlines())
            elif here in _OPTIONAL_GROUPS:
                # Optional comparisons: shown commented out, so an unused one is no error.
                start = len(self.lines)
                self.lines.append(f"{pad}{name}:{comment}")
                self.model(sub, sub.model_construct(), depth + 1, here)
                self.lines[start:] = [
                    f"{pad}# {line[len(pad):]}" for line in self.lines[start:]
                ]
            elif sub is not None and not _is_list(info.annotation):
                self.lines.append(f"{pad}{name}:{comment}")
                self.model(sub, value or sub.model_construct(), depth + 1, here)
            elif _is_paragraphs(info.annotation):
                self.paragraphs(name, here, comment, depth)
            elif _is_dict(info.annotation):
                self.levels(name, here, comment, depth)
            elif _is_list(info.annotation):
                self.lines.append(f"{pad}{name}: []{comment}")
            else:
                self.lines.append(f"{pad}{name}: {_scalar(value)}{comment}".rstrip())

    def paragraphs(self, name: str, path: str, comment: str, depth: int) -> None:
        pad = INDENT * depth
        key = path.removeprefix("narrative.")
        if key not in DEFAULTS:
            self.lines.append(f"{pad}{name}:{comment}")
            return
        self.lines.append(f"{pad}{name}: |{comment}")
        for paragraph in default_paragraphs(key, self.report):
            self.lines.append(f"{pad}{INDENT}{paragraph}")

    def levels(self, name: str, path: str, comment: str, depth: int) -> None:
        pad = INDENT * depth
        dimension = str(fieldpaths.parts(path)[-1])
        if self.scale is None:
            self.lines.append(f"{pad}{name}: {{}}{comment}")
            return
        if dimension == "qualities":
            self.qualities(name, comment, depth)
            return
        if dimension == "conduct" and self.scale.qualities:
            return  # TT27, TT30: no single per-pupil level; each quality has its own below
        if dimension == "titles":
            codes = self.scale.titles
        else:
            codes = getattr(self.scale, dimension).levels
        self.lines.append(f"{pad}{name}:{comment}")
        for code, label in codes:
            self.lines.append(f"{pad}{INDENT}{code}:  # {label}")


    def qualities(self, name: str, comment: str, depth: int) -> None:
        """Each phẩm chất, năng lực of the scale with its levels left empty (not given until filled)."""
        if not self.scale.qualities:
            return
        pad = INDENT * depth
        self.lines.append(f"{pad}{name}:{comment}")
        empty = ", ".join(f"{code}: " for code, _ in QUALITY_LEVELS)
        for quality in self.scale.qualities:
            self.lines.append(f"{pad}{INDENT}{quality.code}: {{{empty}}}  # {quality.label}")


def starter_yaml(year: int, level: SchoolLevel, name: str = "bao-cao.yaml") -> str:
    """A complete file to fill in: figures empty, narrative pre-filled with defaults."""
    meta = Metadata.model_construct(
        party_committee=None,
        cell_name=None,
        school_level=level,
        number=None,
        place=None,
        date=None,
        signer_name=None,
        signer_role=Metadata.model_fields["signer_role"].default,
        recipients=None,
    )
    blank = Report.model_construct(year=year, meta=meta)
    writer = _Writer(blank)
    writer.model(Report, blank, 0, "")
    head = _HEAD.format(year=year, next_year=year + 1, name=name)
    return head + "\n".join(writer.lines) + "\n"
