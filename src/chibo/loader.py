"""Reading a report file: YAML in, a validated ``Report`` or Vietnamese problems out.

Nothing a user can put in a file ends in a traceback: bad YAML, an empty
file, unknown fields and wrong types all become ``Problem`` lines that name
the field, its line, and the fix.

YAML is composed by libyaml (PyYAML's C parser) into nodes that carry their
line; plain dicts and lists are built from the nodes here, so numbers and dates
stay as typed (the model converts them), only true/false are booleans (YAML 1.2:
"no" is a word), and aliases, depth and size are bounded before any work.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.cyaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import fieldpaths
from .labels import LabelledEnum
from .model import Report, _inner_model, field_info, field_label
from .problems import Problem, Severity
from .vietnamese import format_int

# A 2,000-member roster is 0.36 MB; anything near this cap is not a report.
MAX_FILE_BYTES = 5 * 1024 * 1024
# The model nests six levels; a deeper file is a mistake or an attack.
MAX_DEPTH = 40
# Nodes aliases may add by repeating what their anchors name. A report needs no
# aliases, but PyYAML writes some for shared objects; 10,000 nodes take ~10 ms,
# a "billion laughs" file (13 KB, 10^9 nodes) is refused here.
MAX_ALIAS_NODES = 10_000


@dataclass
class Loaded:
    report: Report | None
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # field path -> line
    data: dict | None = None  # the file as plain data (text as typed), when it was YAML of the right shape


# --- YAML text -> plain data ------------------------------------------------------

_YAML = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL = _YAML + "str", _YAML + "null", _YAML + "bool"
_AS_TEXT = {_STR, _YAML + "int", _YAML + "float", _YAML + "timestamp"}  # the model converts
# Characters a DOCX (XML 1.0) cannot hold: C0 controls but tab and newlines, surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


class _Composer(CParser):
    """libyaml's parser and composer; nodes keep their start line.

    Tags as in YAML 1.2's core schema for what stays typed (true/false, null);
    every other plain scalar is text, as written.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:  # plain, untagged
                return _NULL if value in _NULLS else _BOOL if value in _BOOLS else _STR
            return _STR
        return _YAML + ("seq" if kind is SequenceNode else "map")

    def descend_resolver(self, parent: Any, index: Any) -> None:  # no path-based tags
        pass

    def ascend_resolver(self) -> None:
        pass


class _Refused(Exception):
    def __init__(self, message: str, line: int | None, path: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.path = message, line, path


class _Builder:
    """Composed nodes -> dicts, lists, str, bool, None; each field's line noted."""

    def __init__(self, source: str, text: str) -> None:
        self.source, self.text = source, text
        self.lines: dict[str, int] = {}
        self.built: set[int] = set()  # ids of nodes already built once
        self.open: set[int] = set()  # ids of the collections being built (cycle check)
        self.repeated = 0  # nodes built a second time, through an alias
        self.entry: Node | None = None  # the node the current repeat started from

    def build(self, node: Node, path: str = "", depth: int = 0, aliased: bool = False) -> Any:
        """``aliased``: inside a repeat of a node already built (what an alias does)."""
        key = id(node)
        again = key in self.built
        if again and key in self.open:
            line = self._alias_line(node)
            raise _Refused(
                f"{self.source}: bí danh YAML ở dòng {line} trỏ vào chính mục chứa nó (vòng lặp). "
                "Hãy chép thẳng nội dung thay cho bí danh «*…».",
                line,
                path,
            )
        self.built.add(key)
        if aliased:
            # The alias itself is text in the file; what it repeats under it is the expansion.
            self.repeated += 1
            if self.repeated > MAX_ALIAS_NODES:
                line = self._alias_line(self.entry or node)
                raise _Refused(
                    f"{self.source}: bí danh YAML (dấu «*») ở dòng {line} lặp lại quá nhiều nội dung "
                    f"(hơn {format_int(MAX_ALIAS_NODES)} mục). Tệp báo cáo không cần bí danh: hãy chép thẳng "
                    "nội dung, hoặc xóa các dòng «&…»/«*…».",
                    line,
                    path,
                )
        if again and not aliased:
            self.entry = node
        aliased = aliased or again
        if depth > MAX_DEPTH:
            raise _Refused(
                f"{self.source}: các mục lồng nhau quá sâu (hơn {MAX_DEPTH} tầng) ở dòng "
                f"{node.start_mark.line + 1}. Hãy kiểm tra thụt đầu dòng và dấu ngoặc.",
                node.start_mark.line + 1,
                path,
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self._check_tag(node, path)
        self.open.add(key)
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path, depth, aliased)
            return self._sequence(node, path, depth, aliased)
        finally:
            self.open.discard(key)

    def _mapping(self, node: MappingNode, path: str, depth: int, aliased: bool) -> dict:
        result: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise _Refused(
                    f"{self.source}: tên mục phải là một chữ (như «year:»), "
                    "không được là một danh sách hay nhóm mục.",
                    line,
                    path,
                )
            name = key_node.value
            self._check_text(name, key_node, path)
            child = f"{path}.{name}" if path else name
            if name in result:
                raise _Refused(
                    f"{self.source}: mục «{name}» bị khai báo hai lần (trùng tên, dòng {first[name]} "
                    f"và dòng {line}); hãy xóa hoặc gộp mục thừa.",
                    line,
                    child,
                )
            first[name] = line
            self.lines[child] = line
            result[name] = self.build(value_node, child, depth + 1, aliased)
        return result

    def _sequence(self, node: SequenceNode, path: str, depth: int, aliased: bool) -> list:
        out = []
        for i, item in enumerate(node.value):
            child = f"{path}[{i}]"
            self.lines[child] = item.start_mark.line + 1
            out.append(self.build(item, child, depth + 1, aliased))
        return out

    def _scalar(self, node: ScalarNode, path: str) -> Any:
        tag = node.tag
        if tag in _AS_TEXT:
            self._check_text(node.value, node, path)
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            value = node.value.lower()
            return value == "true" if value in ("true", "false") else node.value
        self._check_tag(node, path)
        return node.value  # not reached: _check_tag refuses every other tag

    def _check_tag(self, node: Node, path: str) -> None:
        expected = {MappingNode: _YAML + "map", SequenceNode: _YAML + "seq"}.get(type(node))
        if node.tag == expected:
            return
        line = node.start_mark.line + 1
        shown = node.tag.replace(_YAML, "!!")
        raise _Refused(
            f"{self.source}: thẻ YAML «{shown[:40]}» không dùng được trong tệp báo cáo. "
            "Hãy xóa thẻ (phần bắt đầu bằng «!») và chỉ ghi giá trị.",
            line,
            path,
        )

    def _check_text(self, value: str, node: Node, path: str) -> None:
        bad = _NOT_XML.search(value)
        if bad:
            line = node.start_mark.line + 1
            raise _Refused(
                f"{self.source}: có ký tự điều khiển không in được "
                f"(mã U+{ord(bad.group()):04X}). Hãy xóa ký tự đó.",
                line,
                path,
            )

    def _alias_line(self, node: Node) -> int:
        """Line of the first alias («*tên») naming ``node``; the anchor's line if none is found."""
        where = (node.start_mark.line, node.start_mark.column)
        anchors: set[str] = set()
        try:
            for event in yaml.parse(self.text, Loader=yaml.CSafeLoader):
                anchor = getattr(event, "anchor", None)
                if anchor is None:
                    continue
                if isinstance(event, yaml.AliasEvent):
                    if anchor in anchors:
                        return event.start_mark.line + 1
                elif (event.start_mark.line, event.start_mark.column) == where:
                    anchors.add(anchor)
        except yaml.YAMLError:
            pass
        return node.start_mark.line + 1


def _problem_at(message: str, line: int | None = None, path: str = "") -> Loaded:
    return Loaded(None, [Problem(path, Severity.ERROR, message, line)])


def parse_text(text: str, source: str = "tệp") -> Loaded:
    """Validate a report given as YAML text."""
    if not text.strip():
        return _problem_at(
            f"{source} rỗng. Hãy tạo tệp mẫu bằng «chibo init --year NĂM -o TỆP» rồi điền số liệu."
        )
    if len(text) > MAX_FILE_BYTES:
        return _problem_at(_too_big(source, len(text)))
    try:
        composer = _Composer(text)
        try:
            tree = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as exc:
        line = _error_line(exc, text)
        return _problem_at(
            f"{source} không phải YAML hợp lệ: {_yaml_problem(exc, text, line)}. Hãy kiểm tra dấu "
            "hai chấm, thụt đầu dòng (dùng dấu cách, không dùng tab) và dấu ngoặc kép.",
            line,
        )
    except yaml.reader.ReaderError as exc:
        line = text.encode("utf-8", "replace")[: exc.position].count(b"\n") + 1
        return _problem_at(
            f"{source} có ký tự điều khiển không in được (mã #x{exc.character:04X}) ở dòng {line}. "
            "Hãy xóa ký tự đó, rồi lưu tệp dưới dạng văn bản thuần UTF-8.",
            line,
        )
    except (yaml.YAMLError, UnicodeError, ValueError) as exc:
        return _problem_at(f"{source} không phải YAML hợp lệ ({type(exc).__name__}).")
    builder = _Builder(source, text)
    try:
        data = builder.build(tree) if tree is not None else None
    except _Refused as refused:
        return Loaded(None, [Problem(refused.path, Severity.ERROR, refused.message, refused.line)])
    if not isinstance(data, dict):
        return _problem_at(
            f"{source} phải là các mục «tên: giá trị» (year:, meta:, members: …), "
            "không phải một giá trị đơn lẻ hay một danh sách."
        )
    loaded = validate(data, builder.lines)
    loaded.data = data
    return loaded


# libyaml's words -> what to look for, in Vietnamese.
_YAML_PROBLEMS = [
    ("tab character", "có ký tự tab ở đầu dòng"),
    ("exceeded maximum nesting depth", "các mục lồng nhau quá sâu"),
    ("mapping values are not allowed", "có dấu hai chấm «: » không đúng chỗ (nếu là chữ, hãy đặt cả giá trị trong dấu ngoặc kép)"),
    ("did not find expected key", "thụt đầu dòng không thẳng hàng, hoặc thiếu tên mục trước dấu hai chấm"),
    ("could not find expected ':'", "thiếu dấu hai chấm sau tên mục"),
    ("expected ',' or ']'", "thiếu dấu «]» đóng danh sách, hoặc dấu phẩy giữa các phần tử"),
    ("expected ',' or '}'", "thiếu dấu «}» đóng nhóm mục, hoặc dấu phẩy giữa các mục"),
    ("found unexpected end of stream", "tệp kết thúc khi dấu ngoặc kép hoặc dấu ngoặc còn chưa đóng"),
    ("found undefined alias", "có bí danh «*…» chưa được khai báo bằng «&…»"),
    ("found another document", "tệp có nhiều văn bản YAML (dòng «---»); mỗi tệp chỉ ghi một báo cáo"),
    ("unknown escape character", "có dấu «\\» lạ trong dấu ngoặc kép (hãy dùng dấu ngoặc đơn «'», hoặc viết «\\\\»)"),
    ("cannot start any token", "có ký tự không được đứng đầu giá trị (như @, ` hay %); hãy đặt giá trị trong dấu ngoặc kép"),
    ("did not find expected node content", "thiếu giá trị, hoặc có dấu ngoặc, dấu phẩy thừa"),
    ("did not find expected '-' indicator", "các dòng «- » của một danh sách không thẳng hàng"),
]


def _error_line(exc: yaml.MarkedYAMLError, text: str) -> int | None:
    """The problem's line; where the construct began when the problem is the end of the file."""
    marks = [m for m in (exc.problem_mark, exc.context_mark) if m is not None]
    if not marks:
        return None
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    if marks[0].line + 1 > last_line and len(marks) > 1:
        return marks[1].line + 1
    return min(marks[0].line + 1, last_line)


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, line: int | None) -> str:
    problem = (exc.problem or exc.context or "").strip()
    if line and "\t" in _indent(text, line):
        return ("có ký tự tab ở đầu dòng: hãy thay mỗi tab bằng dấu cách (mỗi bậc hai dấu cách), "
                "thẳng hàng với các mục cùng nhóm")
    if "mapping values are not allowed" in problem and line:
        return _colon_or_indent(text, line)
    for words, meaning in _YAML_PROBLEMS:
        if words in problem:
            return meaning
    return f"cú pháp không đúng ({problem})" if problem else "cú pháp không đúng"


_KEY_VALUE = re.compile(r"^(\s*(?:- )?[^\s:#'\"][^:#]*?:\s+)(\S.*?)\s*$")


def _colon_or_indent(text: str, line: int) -> str:
    """libyaml's "mapping values are not allowed" has two usual causes: a value with
    ": " in it left unquoted, or a line indented deeper than the lines of its group."""
    lines = text.splitlines()
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    above = next((r for r in reversed(lines[: line - 1]) if r.strip() and not r.lstrip().startswith("#")), "")
    here, there = len(_indent(text, line)), len(above) - len(above.lstrip(" "))
    if above and here > there and not above.rstrip().endswith(":") and not above.lstrip().startswith("- "):
        return (f"dòng này thụt vào {here} dấu cách, nhiều hơn dòng trên ({there}) dù dòng trên đã có giá "
                f"trị; hãy thụt đúng {there} dấu cách như các mục cùng nhóm")
    match = _KEY_VALUE.match(row)
    if match and ": " in match.group(2) and match.group(2)[:1] not in "\"'":
        fixed = match.group(1) + '"' + match.group(2).replace('"', "'") + '"'
        return (f"giá trị có dấu hai chấm «: » mà không nằm trong dấu ngoặc kép; hãy viết "
                f"«{fixed.strip()[:90]}»")
    return ("có dấu hai chấm «: » không đúng chỗ (nếu là chữ, hãy đặt cả giá trị trong dấu ngoặc kép; "
            "nếu là tên mục, hãy thụt đầu dòng thẳng hàng với các mục cùng nhóm)")


def _indent(text: str, line: int) -> str:
    """The leading blanks of a 1-based line."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    row = lines[line - 1]
    return row[: len(row) - len(row.lstrip(" \t"))]


def _too_big(source: str, size: int) -> str:
    return (
        f"{source} quá lớn ({f'{size / 1024 / 1024:.1f}'.replace('.', ',')} MB; "
        f"tối đa {MAX_FILE_BYTES // 1024 // 1024} MB). "
        "Một báo cáo, kể cả danh sách vài nghìn đảng viên, chỉ cần dưới 1 MB: hãy kiểm tra đúng tệp chưa."
    )


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
        with path.open("rb") as stream:
            # Read no more than the cap, whatever the file claims to be (a FIFO, /dev/zero).
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return _problem_at(f"Không tìm thấy tệp {path}.")
    except IsADirectoryError:
        return _problem_at(f"Không đọc được tệp {path}: đó là một thư mục, không phải tệp YAML.")
    except PermissionError:
        return _problem_at(f"Không đọc được tệp {path}: không có quyền đọc tệp này.")
    except OSError as exc:
        return _problem_at(f"Không đọc được tệp {path}: {exc.strerror or exc}.")
    if len(raw) > MAX_FILE_BYTES:
        try:
            size = path.stat().st_size
        except OSError:
            size = len(raw)
        return _problem_at(_too_big(f"Tệp {path.name}", max(size, len(raw))))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _problem_at(
            f"Tệp {path} không ở mã UTF-8 (có thể là tệp Word hoặc mã TCVN3/VNI). "
            "Hãy lưu lại dưới dạng văn bản thuần, mã Unicode UTF-8."
        )
    return parse_text(text, f"Tệp {path.name}")


# --- pydantic errors in Vietnamese --------------------------------------------


def _path(loc: tuple) -> str:
    # validator names such as "function-before[...]" are not fields
    return fieldpaths.join([part for part in loc if isinstance(part, int) or not _is_internal(part)])


def _is_internal(part: str) -> bool:
    return "[" in part and "]" in part


def _fields_at(path: str) -> list[str]:
    model: type[BaseModel] | None = Report
    for name in fieldpaths.names(path):
        if model is None:
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
    hint = ""  # for file users only: the web shows the message alone
    if kind == "missing":
        message = f"Chưa có {label}: mục này bắt buộc, hãy điền."
        hint = f"Trong tệp: thêm «{error['loc'][-1]}: …» với giá trị đúng."
    elif kind == "extra_forbidden":
        # the key as written in the file, even one that looks like a path ("ten[1]")
        parent, name = _path(error["loc"][:-1]), str(error["loc"][-1])
        known = _fields_at(parent)
        guess = difflib.get_close_matches(name, known, n=1)
        hint = f" Có phải ý bạn là «{guess[0]}»?" if guess else ""
        where = f" trong «{field_label(parent)}»" if parent else ""
        message = f"Có một mục lạ{where}, không thuộc mẫu báo cáo: hãy xóa mục đó."
        hint = (
            f"Trong tệp: mục «{name}» không có.{hint} Hãy sửa tên hoặc xóa "
            f"mục này. Các mục hợp lệ: {', '.join(known)}."
        )
    elif kind == "int_from_float":
        message = f"{label} phải là số nguyên, không có phần lẻ (ví dụ 25); đang ghi {shown}."
    elif kind in ("int_parsing", "int_type"):
        message = f"{label} phải là số nguyên, ghi bằng chữ số (ví dụ 25); đang ghi {shown}."
    elif kind in ("float_parsing", "float_type"):
        # every decimal in the report is a percentage
        message = f"{label} phải là một số từ 0 đến 100, ví dụ 82,5 (dấu phẩy hay dấu chấm đều được); đang ghi {shown}."
    elif kind in ("greater_than_equal", "greater_than"):
        message = f"{label} phải từ {ctx.get('ge', ctx.get('gt'))} trở lên, đang là {shown}."
    elif kind in ("less_than_equal", "less_than"):
        message = f"{label} không được vượt quá {ctx.get('le', ctx.get('lt'))}, đang là {shown}."
    elif kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        message = (
            f"{label} phải là một ngày có thật, ghi ngày/tháng/năm, ví dụ 20/12/2026; đang ghi {shown}."
        )
    elif kind == "enum":
        expected = str(ctx.get("expected", "")).replace("' or '", "', '").replace("'", "")
        names = _choice_names(path)
        message = f"{label} không nhận giá trị {shown}. Hãy chọn một trong: {names or expected}."
        if names:
            hint = f"Trong tệp, ghi một trong: {expected}."
    elif kind in ("string_type", "string_too_short"):
        message = (
            f"{label} phải là chữ và không được để trống"
            + (f", đang là {shown}" if value not in (None, "") else "")
            + "."
        )
        if isinstance(value, dict) and len(value) == 1:
            # An unquoted sentence with ": " in it ("- Căn cứ: Điều lệ Đảng") reads as one «key: value».
            (key, rest), = value.items()
            sentence = f"{key}: {rest}"
            message = (f"{label} phải là chữ: câu «{sentence[:60]}» có dấu hai chấm «: » nên bị đọc "
                       "thành một mục con. Hãy đặt cả câu trong dấu ngoặc kép.")
            hint = f'Trong tệp, viết: "{sentence}"'.replace("\n", " ")
    elif kind == "too_long":
        message = (f"{label} có {ctx.get('actual_length')} dòng, tối đa {ctx.get('max_length')}; "
                   "hãy bớt hoặc gộp các dòng.")
    elif kind in ("list_type",):
        message = f"{label} phải là một danh sách, mỗi dòng một mục; đang là {shown}."
        hint = "Trong tệp: mỗi dòng bắt đầu bằng «- »."
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = (
            f"{label} phải gồm các mục con"
            + (", không được để trống" if value is None else f", đang là {shown}")
            + "."
        )
        hint = "Trong tệp: các mục con dạng «tên: giá trị»."
    elif kind == "bool_parsing":
        message = f"{label} phải là có hoặc không, đang là {shown}."
        hint = "Trong tệp: ghi true hoặc false."
    else:
        message = f"{label} không hợp lệ ({error.get('msg', kind)}), đang là {shown}."
    return Problem(path, Severity.ERROR, message, _line(path, lines), hint, empty=kind == "missing")


def _choice_names(path: str) -> str:
    """The names of an enumeration field's choices, «Tiểu học», «Trung học cơ sở»; "" if not one."""
    info = field_info(path)
    for arg in typing.get_args(info.annotation) or (info.annotation,) if info else ():
        if isinstance(arg, type) and issubclass(arg, LabelledEnum):
            return ", ".join(f"«{m.label}»" for m in arg)
    return ""


def _show(value: Any) -> str:
    if value is None:
        return "trống"
    if isinstance(value, (dict, list)):
        return "một nhóm mục" if isinstance(value, dict) else "một danh sách"
    text = str(value).replace(".", ",") if isinstance(value, float) else str(value)  # 25,5 as typed
    return f"«{text[:60]}{'…' if len(text) > 60 else ''}»"


def _line(path: str, lines: dict[str, int]) -> int | None:
    while path:  # the field's own line, else its group's
        if path in lines:
            return lines[path]
        path = fieldpaths.parent(path)
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
        p if p.line else dataclasses.replace(p, line=_line(p.path, lines))
        for p in problems
    ]
