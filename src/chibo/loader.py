"""Reading a report file: YAML in, a validated ``Report`` or Vietnamese problems out.

Nothing a user can put in a file ends in a traceback: bad YAML, an empty
file, unknown fields and wrong types all become ``Problem`` lines that name
the field, its line, and the fix.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .model import Report, _inner_model, field_label
from .problems import Problem, Severity


@dataclass
class Loaded:
    report: Report | None
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # field path -> line


class _Constructor(RoundTripConstructor):
    """Numbers and dates stay as typed: the model converts them, so "05" keeps its
    zero in a report number and an impossible date is a message, not a crash."""


for _tag in ("int", "float", "timestamp"):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", RoundTripConstructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")  # round-trip: keeps line numbers; YAML 1.2 (no "no" -> False)
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _plain(node: Any, path: str, lines: dict[str, int]) -> Any:
    """ruamel's commented containers -> dicts and lists, noting each field's line."""
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            try:
                lines[child] = node.lc.key(key)[0] + 1
            except (KeyError, TypeError, IndexError):
                pass
            result[str(key) if not isinstance(key, str) else key] = _plain(value, child, lines)
        return result
    if isinstance(node, CommentedSeq):
        out = []
        for i, value in enumerate(node):
            child = f"{path}[{i}]"
            try:
                lines[child] = node.lc.item(i)[0] + 1
            except (KeyError, TypeError, IndexError):
                pass
            out.append(_plain(value, child, lines))
        return out
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def parse_text(text: str, source: str = "tệp") -> Loaded:
    """Validate a report given as YAML text."""
    if not text.strip():
        return Loaded(
            None,
            [
                Problem(
                    "",
                    Severity.ERROR,
                    f"{source} rỗng. Hãy tạo tệp mẫu bằng «chibo init --year NĂM -o TỆP» "
                    "rồi điền số liệu.",
                )
            ],
        )
    try:
        tree = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = _yaml_problem(exc)
        return Loaded(
            None,
            [
                Problem(
                    "",
                    Severity.ERROR,
                    f"{source} không phải YAML hợp lệ: {what}. Hãy kiểm tra dấu hai chấm, "
                    "thụt đầu dòng (dùng dấu cách, không dùng tab) và dấu ngoặc kép.",
                    line,
                )
            ],
        )
    except YAMLError as exc:
        return Loaded(
            None,
            [Problem("", Severity.ERROR, f"{source} không phải YAML hợp lệ: {exc}.")],
        )
    lines: dict[str, int] = {}
    data = _plain(tree, "", lines)
    if not isinstance(data, dict):
        return Loaded(
            None,
            [
                Problem(
                    "",
                    Severity.ERROR,
                    f"{source} phải là các mục «tên: giá trị» (year:, meta:, members: …), "
                    "không phải một giá trị đơn lẻ hay một danh sách.",
                )
            ],
        )
    return validate(data, lines)


def _yaml_problem(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "").strip()
    if "found duplicate key" in problem or "duplicate" in str(exc).lower():
        return "có một mục bị khai báo hai lần (trùng tên); hãy xóa hoặc gộp mục thừa"
    if "tab" in problem.lower() or "'\\t'" in problem:
        return "có ký tự tab ở đầu dòng"
    return problem or "cú pháp không đúng"


def validate(data: dict, lines: dict[str, int] | None = None) -> Loaded:
    lines = lines or {}
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(error, lines) for error in exc.errors(include_url=False)]
        return Loaded(None, _dedupe(problems), lines)
    return Loaded(report, [], lines)


def load_file(path: str | Path) -> Loaded:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(None, [Problem("", Severity.ERROR, f"Không tìm thấy tệp {path}.")])
    except OSError as exc:
        return Loaded(
            None, [Problem("", Severity.ERROR, f"Không đọc được tệp {path}: {exc.strerror}.")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Loaded(
            None,
            [
                Problem(
                    "",
                    Severity.ERROR,
                    f"Tệp {path} không ở mã UTF-8 (có thể là tệp Word hoặc mã TCVN3/VNI). "
                    "Hãy lưu lại dưới dạng văn bản thuần, mã Unicode UTF-8.",
                )
            ],
        )
    return parse_text(text, f"Tệp {path.name}")


# --- pydantic errors in Vietnamese --------------------------------------------


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _is_internal(part):
            continue  # validator names such as "function-before[...]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _is_internal(part: str) -> bool:
    return "[" in part and "]" in part


def _fields_at(path: str) -> list[str]:
    model: type[BaseModel] | None = Report
    for name in [p for p in path.replace("]", "").replace("[", ".").split(".") if p]:
        if name.isdigit() or model is None:
            continue
        info = model.model_fields.get(name)
        if info is None:
            return []
        model = _inner_model(info.annotation)
    return list(model.model_fields) if model else []


def _problem(error: dict, lines: dict[str, int]) -> Problem:
    path = _path(error["loc"])
    kind = error["type"]
    value = error.get("input")
    label = f"«{field_label(path)}»" if path else "Tệp"
    ctx = error.get("ctx") or {}
    shown = _show(value)
    if kind == "missing":
        message = f"Thiếu {label}: mục này bắt buộc. Hãy thêm «{path.rsplit('.', 1)[-1]}: …» với giá trị đúng."
    elif kind == "extra_forbidden":
        parent, _, name = path.rpartition(".")
        known = _fields_at(parent)
        guess = difflib.get_close_matches(name, known, n=1)
        hint = f" Có phải ý bạn là «{guess[0]}»?" if guess else ""
        where = f" trong «{field_label(parent)}»" if parent else ""
        message = (
            f"Mục «{name}»{where} không có trong mẫu báo cáo.{hint} Hãy sửa tên hoặc xóa "
            f"mục này. Các mục hợp lệ: {', '.join(known)}."
        )
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"{label} phải là số nguyên (ví dụ 12), đang là {shown}."
    elif kind in ("float_parsing", "float_type"):
        message = f"{label} phải là một số (ví dụ 98,5 ghi là 98.5), đang là {shown}."
    elif kind in ("greater_than_equal", "greater_than"):
        message = f"{label} phải từ {ctx.get('ge', ctx.get('gt'))} trở lên, đang là {shown}."
    elif kind in ("less_than_equal", "less_than"):
        message = f"{label} không được vượt quá {ctx.get('le', ctx.get('lt'))}, đang là {shown}."
    elif kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        message = (
            f"{label} phải là một ngày có thật, ghi dạng 2026-12-20 hoặc 20/12/2026; đang là {shown}."
        )
    elif kind == "enum":
        expected = str(ctx.get("expected", "")).replace("' or '", "', '").replace("'", "")
        message = f"{label} không nhận giá trị {shown}. Hãy chọn một trong: {expected}."
    elif kind in ("string_type", "string_too_short"):
        message = (
            f"{label} phải là chữ và không được để trống"
            + (f", đang là {shown}" if value not in (None, "") else "")
            + "."
        )
    elif kind in ("list_type",):
        message = f"{label} phải là một danh sách (mỗi dòng bắt đầu bằng «- »), đang là {shown}."
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = (
            f"{label} phải gồm các mục con dạng «tên: giá trị»"
            + (", không được để trống" if value is None else f", đang là {shown}")
            + "."
        )
    elif kind == "bool_parsing":
        message = f"{label} phải là true hoặc false, đang là {shown}."
    else:
        message = f"{label} không hợp lệ ({error.get('msg', kind)}), đang là {shown}."
    return Problem(path, Severity.ERROR, message, _line(path, lines))


def _show(value: Any) -> str:
    if value is None:
        return "trống"
    if isinstance(value, (dict, list)):
        return "một nhóm mục" if isinstance(value, dict) else "một danh sách"
    text = str(value)
    return f"«{text[:60]}{'…' if len(text) > 60 else ''}»"


def _line(path: str, lines: dict[str, int]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get(path)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            out.append(p)
    return out


def attach_lines(problems: list[Problem], lines: dict[str, int]) -> list[Problem]:
    """Give the checks' problems the line of their field in the file."""
    return [
        p if p.line else Problem(p.path, p.severity, p.message, _line(p.path, lines))
        for p in problems
    ]
