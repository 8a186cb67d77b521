"""A save from the editor: checked whole before any lock, then applied.

The body is ``{"base_version": N, "changes": {path: value}, "force": bool}``. Each
path must name a field the editor shows (walked from the report model), each value
must be a string, a number or null of that field's kind and size, and the report
after the change must stay under ``MAX_REPORT_BYTES``. Anything else is a
:class:`Refusal` with a Vietnamese message naming the field by its label.

:func:`repair` cleans data stored before these checks existed.
"""

from __future__ import annotations

import copy
import json
import math
import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pydantic import BaseModel

from chibo import fieldpaths
from chibo.draft import clear_marks
from chibo.model import Report, field_label, field_titles
from chibo.reading import read_count, read_date, read_decimal
from chibo.scales import QUALITY_LEVELS, SCALES
from chibo.vietnamese import format_int

from .editor import get, input_kind
from . import roster

MAX_CHANGES = 500  # every field of every step is ~200
# A 2,000-member roster, long names and an event each, is about 0.55 MB (tests/web/test_roster.py): 1 MB holds it.
MAX_REPORT_BYTES = 1_000_000
MAX_PATH = fieldpaths.MAX_LENGTH
MAX_NUMBER = 10**15
# characters a field may hold; the form sends every value as text
CAPS = {"int": 40, "float": 40, "date": 40, "choice": 40, "text": 500, "lines": 10_000, "paragraphs": 20_000}
# The editor shows three rows of classification.not_rated however long the list is.
EDITOR_ROWS = 3
# Fields in the model the editor does not show: fixed at creation, or given by YAML only.
NOT_EDITABLE = {
    "year": "Năm của báo cáo được chọn khi tạo báo cáo, không sửa được.",
    "options": "Tùy chọn trình bày không sửa trong trình soạn.",
    # Cleared by saving the paragraph itself (edited, or «Giữ nguyên» sending it as it is).
    "carried_over": "Đánh dấu «chép từ năm trước» tự bỏ khi đoạn văn được sửa hoặc giữ nguyên.",
    "left_out": "Bỏ một mục hay đưa lại vào báo cáo bằng nút «Bỏ mục này» cạnh mục đó.",
}

_SURROGATE = re.compile("[\ud800-\udfff]")
_BODY_KEYS = {"base_version", "changes", "force"}
_SHAPE = (
    "Dữ liệu gửi lên không đúng dạng: cần base_version (số phiên bản), changes (các ô đã sửa, "
    "mỗi ô một giá trị) và force (true/false). Hãy tải lại trang rồi sửa lại."
)


_ECHOED_PATH = 80


class Refusal(Exception):
    """A save refused: the HTTP status, the message a user reads, and the field's path if any."""

    def __init__(self, status: int, message: str, path: str | None = None, reason: str = ""):
        super().__init__(message)
        self.status = status
        self.message = message
        # The path goes back so app.js drops that change; no field of the editor has one this long.
        self.path = path if path is None or len(path) <= _ECHOED_PATH else None
        self.reason = reason or message


@dataclass(frozen=True)
class Field:
    path: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()


@dataclass
class Save:
    base: int
    force: bool
    changes: dict[str, object]  # path -> value as sent (validated)
    typed: dict[str, object]  # path -> value in the data's shape
    fields: dict[str, Field]


# --- the body -----------------------------------------------------------------------


class _NotANumber:
    """What NaN / Infinity parse to, so the check can name the field it was sent for."""

    def __init__(self, text: str):
        self.text = text


def parse(raw: bytes) -> tuple[int, dict, bool]:
    try:
        payload = json.loads(raw.decode("utf-8"), parse_constant=_NotANumber)
    except RecursionError:
        raise Refusal(400, "Dữ liệu gửi lên lồng nhau quá sâu; mỗi ô chỉ nhận một giá trị (chữ hoặc số).",
                      reason="nesting too deep") from None
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, "Dữ liệu gửi lên không đúng dạng (không phải JSON). Hãy tải lại trang rồi sửa lại.",
                      reason="not JSON") from None
    if not isinstance(payload, dict) or not set(payload) <= _BODY_KEYS or "changes" not in payload:
        raise Refusal(400, _SHAPE, reason="body shape")
    base, changes, force = payload.get("base_version"), payload["changes"], payload.get("force", False)
    if type(base) is not int or not 0 <= base < 2**31 or not isinstance(changes, dict) or type(force) is not bool:
        raise Refusal(400, _SHAPE, reason="body shape")
    return base, changes, force


# --- which fields the editor can change ----------------------------------------------


def _shape(annotation) -> tuple[str, type[BaseModel] | None]:
    """('group', model) | ('rows', model) | ('levels', None) | ('leaf', None)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _shape(args[0]) if len(args) == 1 else ("leaf", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "group", annotation
    if origin is list:
        kind, model = _shape(typing.get_args(annotation)[0])
        return ("rows", model) if kind == "group" else ("leaf", None)  # list[str]: edited whole, a line each
    if origin is dict:
        return "levels", None
    return "leaf", None


def _levels() -> dict[str, dict[str, str]]:
    """Level codes of every scale by dimension (conduct, learning, titles), with labels."""
    found: dict[str, dict[str, str]] = {"conduct": {}, "learning": {}, "titles": {}, "qualities": {},
                                        "quality": dict(QUALITY_LEVELS)}
    for scale in SCALES.values():
        for dimension in scale.dimensions:
            for code, label in dimension.levels:
                found[dimension.key].setdefault(code, label)
        for code, label in scale.titles:
            found["titles"].setdefault(code, label)
        for quality in scale.qualities:  # students.qualities.<quality>.<level>: two tables deep
            found["qualities"].setdefault(quality.code, quality.label)
    return found


_LEVELS = _levels()


def _quote(text: str, limit: int = 40) -> str:
    """What a request sent, shown safely: short (an attacker's 100 KB name is not echoed), printable
    (no control or bidi characters)."""
    short = "".join(c if c.isprintable() else "?" for c in text[:limit])
    return short + "…" if len(text) > limit else short


def label(path: str) -> str:
    """A field's label with the rows it is in, as the editor tells rows apart:
    «Số học sinh được đánh giá – Khối lớp theo thang khác, dòng 1»."""
    return field_label(path) + _rows_of(path)


def _rows_of(path: str, named: str = "") -> str:
    """« – Khối lớp theo thang khác, dòng 1», innermost row first; a list titled as the field
    before it is not named twice («Mục đổi tên – dòng 1»)."""
    found = fieldpaths.parts(path)
    named = named or field_label(path)
    out = ""
    for i in range(len(found) - 2, -1, -1):
        if isinstance(found[i], int):
            title = field_label(fieldpaths.join(found[:i]))
            out += f" – dòng {found[i] + 1}" if title == named else f" – {title}, dòng {found[i] + 1}"
            named = title
    return out


_ANY_INDEX = re.compile(r"\[([^\]]*)\]")


def _unreadable(path: object) -> Refusal:
    """A path that is not well formed. When only a row number is wrong ("groups[-1]"), the field
    is named by its label; otherwise a plain message, never the long path itself."""
    plain = Refusal(400, "Trình soạn báo cáo không có ô này (tên ô gửi lên không đúng dạng); không lưu được. "
                    "Hãy tải lại trang rồi sửa lại.", reason=f"bad path {path!r:.80}")
    if not isinstance(path, str) or len(path) > 2 * MAX_PATH:
        return plain
    rows = _ANY_INDEX.findall(path)
    guess = _ANY_INDEX.sub("[0]", path)
    if not rows or guess == path:
        return plain
    try:
        field_for(guess, {})
    except Refusal:
        return plain
    bad = next((r for r in rows if not re.fullmatch(r"[0-9]{1,9}", r)), None)
    if bad is None:  # the rows are right; something else is not
        return plain
    where = _ANY_INDEX.sub("", path.split(f"[{bad}]", 1)[0])  # the list with the bad row number
    return Refusal(400, f"«{field_label(guess)}» ({field_label(where) if where else 'báo cáo'}): số dòng «{_quote(bad, 12)}» "
                   "không đúng (phải là 1, 2, 3…); không lưu được. Hãy tải lại trang rồi sửa lại.",
                   reason=f"bad row number in {path!r:.80}")


@lru_cache(maxsize=4096)
def _leaf(pattern: str) -> Field:
    """The field a path names, its indexes replaced by [0] so one entry serves every row."""
    kind, choices = input_kind(pattern)
    return Field(pattern, field_label(pattern), kind, tuple(value for value, _ in choices))


# Paths that name more than one input: what it is, the fix, the log's word for it.
_WHOLE = {
    "group": ("cả một nhóm", "chỉ sửa được từng ô trong nhóm", "whole group"),
    "rows": ("danh sách", "hãy sửa từng ô của từng dòng", "whole list"),
    "levels": ("bảng các mức", "chỉ sửa được từng mức", "whole levels table"),
    "row": ("một dòng", "hãy sửa từng ô của dòng", "whole row"),
}


def field_for(path: object, data: dict) -> Field:
    """The field the editor shows at ``path``, or a Refusal saying why there is none."""
    try:
        parts = fieldpaths.check(path)
    except fieldpaths.PathError:
        raise _unreadable(path) from None
    model: type[BaseModel] | None = Report
    walked = ""  # the path so far, as written
    pattern = ""  # the same with every index as [0]
    state = "group"
    dimension = ""
    for name in parts:
        if isinstance(name, int):
            index = name
            if state != "rows":
                why = (f"«{label(walked)}» được sửa cả ô (mỗi dòng một mục), không sửa theo số dòng."
                       if state == "leaf" else f"«{label(walked)}» không phải một danh sách có dòng đánh số.")
                raise Refusal(400, why, path, reason=f"index on a non-list {path!r:.80}")
            rows = get(data, walked)
            allowed = max(len(rows) + 1 if isinstance(rows, list) else 1, EDITOR_ROWS)
            if index >= allowed:
                raise Refusal(
                    400,
                    f"«{label(walked)}» đang có {len(rows) if isinstance(rows, list) else 0} dòng; "
                    f"chỉ thêm được đến dòng thứ {allowed}. Hãy tải lại trang.",
                    path, reason=f"index {index} over {allowed} at {walked}",
                )
            walked += f"[{index}]"
            pattern += "[0]"
            state = "row"
            continue
        here = f"{walked}.{name}" if walked else name
        if state == "levels":
            if name not in _LEVELS.get(dimension, {}):
                what = "phẩm chất, năng lực" if dimension == "qualities" else "mức"
                raise Refusal(400, f"«{label(walked)}» không có {what} «{_quote(name)}».", path,
                              reason=f"unknown level {path!r:.80}")
            walked, pattern = here, f"{pattern}.{name}"
            # a quality is itself a table of levels (Tốt, Đạt, Cần cố gắng)
            state, dimension = ("levels", "quality") if dimension == "qualities" else ("level", dimension)
            continue
        if state in ("leaf", "level"):
            raise Refusal(400, f"«{label(walked)}» là một ô, không có mục con «{_quote(name)}»; hãy sửa chính ô đó.",
                          path, reason=f"path below a leaf {path!r:.80}")
        if state == "rows":
            raise Refusal(400, f"«{label(walked)}» là danh sách; hãy sửa từng ô của từng dòng.", path,
                          reason=f"no row index {path!r:.80}")
        info = model.model_fields.get(name) if model is not None and not name.startswith("_") else None
        if info is None:
            where = f"«{label(walked)}» không có ô «{_quote(name)}»" if walked else (
                f"Báo cáo không có ô «{_quote(name)}»")
            raise Refusal(400, where + "; không lưu được.", path, reason=f"unknown field {path!r:.80}")
        pattern = f"{pattern}.{name}" if pattern else name
        walked = here
        if pattern in NOT_EDITABLE:
            raise Refusal(400, f"«{label(walked)}»: {NOT_EDITABLE[pattern]}", path,
                          reason=f"not editable {path!r:.80}")
        state, model = _shape(info.annotation)
        dimension = name
    if state in _WHOLE:
        what, fix, reason = _WHOLE[state]
        raise Refusal(400, f"«{label(walked)}» là {what}; {fix}.", path, reason=f"{reason} {path!r:.80}")
    if state == "level":
        titles = field_titles(walked)
        group = titles[-2] if len(titles) > 1 else ""
        level = _LEVELS[dimension][fieldpaths.parts(walked)[-1]]
        return Field(path, f"{group} – {level}{_rows_of(walked, group)}", input_kind(pattern)[0])  # counts, or area rates
    field = _leaf(pattern)
    return Field(path, field.label + _rows_of(path) if "[" in path else field.label, field.kind, field.choices)


# --- values -------------------------------------------------------------------------


def check_value(field: Field, value: object) -> None:
    label = field.label
    if isinstance(value, _NotANumber):
        raise Refusal(422, f"«{label}»: {value.text} không phải là số; hãy nhập một số.", field.path,
                      reason=f"{value.text} for {field.path}")
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Refusal(422, f"«{label}» nhận chữ hoặc số, không nhận danh sách, nhóm hay đúng/sai.", field.path,
                      reason=f"{type(value).__name__} for {field.path}")
    if not isinstance(value, str):
        if field.kind not in ("int", "float"):
            raise Refusal(422, f"«{label}» nhận chữ, không nhận số.", field.path, reason=f"number for {field.path}")
        if not abs(value) <= MAX_NUMBER:  # also catches an int too big for a float
            raise Refusal(422, f"«{label}»: số quá lớn; hãy nhập số đúng.", field.path,
                          reason=f"number too large for {field.path}")
        return
    if "\x00" in value:
        raise Refusal(422, f"«{label}» chứa ký tự rỗng (NUL) không lưu được; hãy gõ lại hoặc dán lại dưới dạng "
                      "văn bản thuần.", field.path, reason=f"NUL in {field.path}")
    if _SURROGATE.search(value):
        raise Refusal(422, f"«{label}» chứa ký tự hỏng (nửa cặp UTF-16) không lưu được; hãy gõ lại nội dung này.",
                      field.path, reason=f"lone surrogate in {field.path}")
    cap = CAPS[field.kind]
    if len(value) > cap:
        raise Refusal(413, f"«{label}» dài {format_int(len(value))} ký tự, tối đa {format_int(cap)} ký tự; "
                      "hãy rút gọn.", field.path, reason=f"{len(value)} characters in {field.path}")
    if field.kind == "choice" and value.strip() and value not in field.choices:
        raise Refusal(422, f"«{label}» chỉ nhận một trong các lựa chọn có sẵn; hãy chọn lại trong danh sách.",
                      field.path, reason=f"choice {value!r:.40} for {field.path}")


def typed(field: Field, value: object):
    """Form text to the data's shape: a list for a lines field, None for empty, a number or an
    ISO date once read ("82,5", "25 đ/c", "18/12/2026"). What cannot be read is kept as typed,
    for the checks to say what is expected and the field to show it again."""
    if isinstance(value, str):  # an <input> cannot show a line break: a space there
        value = _without_controls(value) if field.kind in MULTI_LINE else _one_line(_without_controls(value))
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if field.kind == "lines":
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    if isinstance(value, str) and field.kind in _READERS:
        read = _READERS[field.kind](value)
        if isinstance(read, date):
            return read.isoformat()
        if read is not None and (field.kind == "float" or isinstance(read, int)):  # 12,5 is no count
            return read
    return value


_READERS = {"int": read_count, "float": read_decimal, "date": read_date}


def checked(raw: bytes, data: dict) -> Save:
    """The save in ``raw``, every path and value checked against the report ``data``."""
    base, changes, force = parse(raw)
    if len(changes) > MAX_CHANGES:
        raise Refusal(413, f"Một lần lưu sửa được tối đa {MAX_CHANGES} ô (lần này {format_int(len(changes))}); "
                      "hãy lưu từng phần.", reason=f"{len(changes)} changes")
    fields = {}
    for path, value in changes.items():
        field = field_for(path, data)
        check_value(field, value)
        fields[path] = field
    save = Save(base, force, changes, {path: typed(fields[path], value) for path, value in changes.items()}, fields)
    size = _size(apply(data, save.typed))
    if size > MAX_REPORT_BYTES and size > _size(data):  # a report already too big may still shrink
        longest = max(changes, key=lambda p: len(changes[p]) if isinstance(changes[p], str) else 0, default=None)
        hint = f"; hãy rút gọn «{fields[longest].label}» hoặc các mục dài khác" if longest else ""
        raise Refusal(413, f"Báo cáo sau khi lưu sẽ quá lớn ({size / 1e6:.1f} MB, tối đa 1 MB){hint}.", longest,
                      reason=f"report of {size} bytes")
    return save


def _size(data) -> int:
    return len(json.dumps(data, ensure_ascii=False).encode("utf-8"))


# --- applying -----------------------------------------------------------------------


def _set(data: dict, path: str, value) -> None:
    """Put ``value`` at ``path`` (groups and rows made on the way); None removes a field."""
    if value is None and isinstance(fieldpaths.parts(path)[-1], str):
        fieldpaths.delete(data, path)
    else:
        fieldpaths.put(data, path, value)


def _prune(node):
    """Drop what the editor emptied: {} groups, empty rows of a list."""
    if isinstance(node, dict):
        for key in list(node):
            node[key] = _prune(node[key])
            if node[key] in ({}, None) or (isinstance(node[key], list) and not node[key]):
                del node[key]
        return node
    if isinstance(node, list):
        items = [_prune(item) for item in node]
        return [item for item in items if item not in ({}, None, "")]
    return node


def apply(data: dict, typed_changes: dict[str, object]) -> dict:
    """A new report data with the (checked, typed) changes made."""
    data = copy.deepcopy(data) if isinstance(data, dict) else {}
    for path, value in typed_changes.items():
        _set(data, path, value)
    # The editor sends a paragraph only when it was edited or kept («Giữ nguyên»): reviewed.
    clear_marks(data, typed_changes)
    return roster.drop_typed_counts(_prune(data))


def clashes(current: dict, base: dict, typed_changes: dict[str, object]) -> list[str]:
    """Paths another save changed since ``base`` to something other than what this save sets."""
    return [
        path
        for path, value in typed_changes.items()
        if get(current, path) != get(base, path) and value != get(current, path)
    ]


# --- data stored before these checks -------------------------------------------------

_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Control characters a paste may carry (Word's line break is \x0b): no DOCX can hold them and a
# YAML file with them is refused (loader._NOT_XML), so the download would not load again.
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")


def _without_controls(text: str) -> str:
    return _CONTROLS.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


MULTI_LINE = ("lines", "paragraphs")  # the kinds the editor shows in a <textarea>; the rest are <input>
_LINE_BREAKS = re.compile("[ \t]*(?:(?:\r\n?|\n)[ \t]*)+")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text) if "\n" in text or "\r" in text else text


@lru_cache(maxsize=256)
def _plan(model: type[BaseModel], pattern: str) -> dict[str, tuple[str, type[BaseModel] | None, str]]:
    """Each field of ``model`` at ``pattern``: its shape, its inner model, its pattern; a leaf's
    shape is "one line" or "lines" (what the editor shows it in)."""
    plan = {}
    for name, info in model.model_fields.items():
        shape, inner = _shape(info.annotation)
        here = f"{pattern}.{name}" if pattern else name
        if shape == "leaf":
            shape = "lines" if input_kind(here)[0] in MULTI_LINE else "one line"
        plan[name] = (shape, inner, f"{here}[0]" if shape == "rows" else here)
    return plan


def _one_lined(node: dict, model: type[BaseModel], pattern: str = ""):
    """``node`` (data of ``model``) with line breaks in one-line fields made spaces: an <input> drops
    them, so the editor saw a change and saved the field again on every opening. The same object
    when there are none (checked on every read)."""
    out = node
    plan = _plan(model, pattern)
    for name, value in node.items():
        if name not in plan:
            continue
        shape, inner, here = plan[name]
        if shape == "one line":
            new = _one_line(value) if isinstance(value, str) else value
        elif shape == "group":
            new = _one_lined(value, inner, here) if isinstance(value, dict) else value
        elif shape == "rows" and isinstance(value, list):
            new = [_one_lined(row, inner, here) if isinstance(row, dict) else row for row in value]
            if all(a is b for a, b in zip(new, value)):
                new = value
        elif shape == "levels":
            new = _levels_one_lined(value)
        else:
            new = value
        if new is not value:
            if out is node:
                out = dict(node)
            out[name] = new
    return out


def _levels_one_lined(node, depth: int = 0):
    """A table of levels (a quality's is two deep): every value is a one-line input."""
    if isinstance(node, str):
        return _one_line(node)
    if not isinstance(node, dict) or depth > 2:
        return node
    new = {key: _levels_one_lined(value, depth + 1) for key, value in node.items()}
    return node if all(new[key] is node[key] for key in node) else new


_MAX_DEPTH = 16  # the model nests five deep


def _fix_text(text: str) -> str:
    return _SURROGATE.sub("\ufffd", _without_controls(text.replace("\x00", "")))


def _bad(node, depth: int = 0) -> bool:
    if isinstance(node, str):
        return _BAD_TEXT.search(node) is not None
    if isinstance(node, float):
        return not math.isfinite(node)
    if isinstance(node, int) and not isinstance(node, bool):
        return abs(node) > 10**100
    if isinstance(node, (dict, list)) and depth >= _MAX_DEPTH:
        return True
    if isinstance(node, dict):
        return any(_bad(k, depth) or _bad(v, depth + 1) for k, v in node.items())
    if isinstance(node, list):
        return any(_bad(v, depth + 1) for v in node)
    return False


_DROP = object()


def _clean(node, depth: int = 0):
    if isinstance(node, str):
        return _fix_text(node)
    if isinstance(node, float) and not math.isfinite(node):
        return _DROP
    if isinstance(node, int) and not isinstance(node, bool) and abs(node) > 10**100:
        return _DROP
    if isinstance(node, (dict, list)) and depth >= _MAX_DEPTH:
        return _DROP
    if isinstance(node, dict):
        cleaned = {_fix_text(str(k)): _clean(v, depth + 1) for k, v in node.items()}
        return {k: v for k, v in cleaned.items() if v is not _DROP}
    if isinstance(node, list):
        return [v for v in (_clean(v, depth + 1) for v in node) if v is not _DROP]
    return node


def repair(data):
    """``data`` with lone surrogates made U+FFFD, NUL dropped, NaN/infinities and absurd nesting
    removed, line breaks in one-line fields made spaces; the same object when nothing is wrong
    (a cheap check on every read)."""
    if _bad(data):
        data = _clean(data)
        if data is _DROP:
            return {}
    return _one_lined(data, Report) if isinstance(data, dict) else data
