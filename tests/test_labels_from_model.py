"""Labels come from the model only: a field's title is written once, in model.py.

The rule this test enforces: in the web templates, the JavaScript, the composer
(compose.py) and the editor's steps (web/editor.py), no string literal (a quoted
string in Python or JavaScript, a text between tags in a template) is exactly the
title of a model field, once its numbering ("I. ", "2. ") and a trailing colon are
set aside. Such text must be built from ``field_label(path)`` instead, so renaming a
field in the model renames it everywhere. Longer text that merely contains a title
("Số đảng viên đầu năm" in a sentence) is not a label and is not flagged.

A few literals are the same words naming something else; each is listed in
``SAME_WORDS_OTHER_THING`` with what it names.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from chibo.model import Report, _inner_model

SRC = Path(__file__).resolve().parents[1] / "src" / "chibo"

SAME_WORDS_OTHER_THING = {
    ("versions.html", "Ghi chú"): "a version's note, not a member event's",
    ("_accounts.html", "Họ và tên"): "an account's name, not a roster member's",
    ("year.html", "Cấp học"): "the office's column of each cell's level, from the cells, not a report",
    ("app.js", "Số đảng viên"): "the count column of the classification table, not «Đảng viên không xếp loại»'s count",
    ("compose.py", "Số đảng viên"): "the same count column and chart axis in the report",
    ("compose.py", "Chuyên môn"): "the report's short heading of «Khuyết điểm về chuyên môn» (the model's title is longer)",
    ("compose.py", "Xây dựng cơ sở vật chất"): "the report's short heading of «Khuyết điểm về xây dựng cơ sở vật chất»",
}

_NUMBERING = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s*")


def model_titles() -> dict[str, str]:
    """Every field title in the report model -> one field that has it."""
    titles: dict[str, str] = {}
    seen: set[type] = set()

    def walk(model) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if info.title:
                titles.setdefault(info.title, f"{model.__name__}.{name}")
            inner = _inner_model(info.annotation)
            if inner is not None:
                walk(inner)

    walk(Report)
    return titles


def _normal(text: str) -> str:
    # ". Số đảng viên" is what an f-string keeps after "{n}"
    return _NUMBERING.sub("", text).strip().lstrip(".–- ").rstrip(":").strip()


def python_literals(source: str):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):  # the fixed parts of an f-string
            yield from (v.value for v in node.values if isinstance(v, ast.Constant))


def template_texts(source: str):
    # template tags and variables split a text: only the typed words are literals
    source = re.sub(r"{[%#].*?[%#]}|{{.*?}}", "\x00", source, flags=re.S)
    for match in re.finditer(r">([^<>]+)<", source):
        yield from match.group(1).split("\x00")


def javascript_literals(source: str):
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`', source):
        text = next(g for g in match.groups() if g is not None)
        yield from re.split(r"\$\{[^}]*\}", text)


def retyped(name: str, texts, titles: dict[str, str]) -> list[tuple[str, str, str]]:
    found = []
    for text in texts:
        title = _normal(text)
        if title in titles and (name, title) not in SAME_WORDS_OTHER_THING:
            found.append((name, text, titles[title]))
    return found


def sources():
    yield from ((p, template_texts) for p in sorted((SRC / "web" / "templates").rglob("*.html")))
    yield from ((p, javascript_literals) for p in sorted((SRC / "web" / "static").rglob("*.js")))
    yield SRC / "compose.py", python_literals
    yield SRC / "web" / "editor.py", python_literals


def test_no_model_title_is_retyped_in_templates_javascript_composer_or_editor():
    titles = model_titles()
    found = []
    for path, read in sources():
        found += retyped(path.name, read(path.read_text(encoding="utf-8")), titles)
    assert not found, "model titles typed again; use field_label(path):\n" + "\n".join(
        f"{name}: {text!r} is the title of {field}" for name, text, field in found
    )


def test_the_scan_finds_a_retyped_title_in_each_kind_of_file():
    titles = model_titles()
    assert retyped("x.html", template_texts('<th>{{ a }}Số đảng viên đầu năm</th>'), titles)
    assert retyped("x.js", javascript_literals('el("th", "2. Số đảng viên đầu năm:")'), titles)
    assert retyped("x.py", python_literals('heading = f"{n}. Số đảng viên đầu năm"'), titles)
    # a sentence that contains a title is not a label
    assert not retyped("x.py", python_literals('m = "Hãy ghi Số đảng viên đầu năm cho đúng."'), titles)


def test_the_exceptions_still_exist():
    # an exception left after its text is gone would hide a later retyping
    texts = {}
    for path, read in sources():
        texts.setdefault(path.name, set()).update(_normal(t) for t in read(path.read_text(encoding="utf-8")))
    stale = [key for key in SAME_WORDS_OTHER_THING if key[1] not in texts.get(key[0], set())]
    assert not stale, stale
