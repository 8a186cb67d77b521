"""Any text given as a report file ends in a Report or in problems, never in an exception.

The generators are also used by ``benchmarks/fuzz.py`` (10,000 cases): free text,
YAML-shaped documents built from the model's real field names (anchors, aliases,
tags, odd scalars, block and flow styles), and mutations of a real report file.
"""

from __future__ import annotations

import enum
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chibo.loader import Loaded, parse_text
from chibo.model import Report, _inner_model
from chibo.problems import Problem
from chibo.report import check_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "thcs-2026.yaml").read_text(encoding="utf-8")


def _names_and_words() -> tuple[list[str], list[str]]:
    """Every field name of the model, and every enum value a field accepts."""
    names, words, todo, seen = set(), set(), [Report], set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            inner = _inner_model(info.annotation)
            if inner is not None:
                todo.append(inner)
            for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
                if isinstance(arg, type) and issubclass(arg, enum.Enum):
                    words.update(str(member.value) for member in arg)
    return sorted(names), sorted(words)


FIELD_NAMES, ENUM_WORDS = _names_and_words()

ODD_SCALARS = [
    "", "~", "null", "NULL", "yes", "no", "on", "off", "y", "n", "true", "False", "TRUE",
    "0", "-0", "05", "007", "0x1F", "0o17", "1_000", "1e400", "-1e400", ".nan", ".inf", "-.inf",
    "12.5", "9" * 40, "-1", "2026", "1999", "2026-02-31", "2026-12-20", "20/12/2026", "31/02/2026",
    "2026-12-20T25:00:00", "2026-12-20 10:30:00", "1:20", "1:20:30", "<<", "=", "!", "!!", "&", "*",
    "'", '"', "''", '""', "'it''s'", '"\\x00"', '"\\ud800"', '"\\U0001F600"', '"\\e"', "|", ">", "|-",
    "[", "]", "{", "}", "[]", "{}", "- ", ": ", "? ", "#", "%YAML 1.1", "---", "...", "@", "`",
    "\t", "\x00", "\x07", "\x85", "\u2028", "\ufeff", "\ufffe", "\ud800", "Đảng bộ xã Hòa Bình",
    "Đảng uỷ", "Hoà", "ﬁ", "Ｈòa", "a" * 300,
]
TAGS = [
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!binary", "!!map", "!!seq",
    "!!set", "!!omap", "!!python/object:os.system", "!!python/object/apply:os.system",
    "!!python/name:os.system", "!local", "!", "!<tag:yaml.org,2002:str>", "!<x>",
]

# Any characters, lone surrogates included (text from the web may carry them).
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200) | st.text(max_size=400)

scalar = st.one_of(
    st.sampled_from(ODD_SCALARS),
    st.sampled_from(ENUM_WORDS),
    st.text(max_size=30),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
key = st.one_of(st.sampled_from(FIELD_NAMES), st.sampled_from(ODD_SCALARS[:40]), st.text(max_size=12))


def _tree(children):
    mapping = st.lists(st.tuples(key, children), max_size=6).map(lambda pairs: ("map", pairs))
    sequence = st.lists(children, max_size=6).map(lambda items: ("seq", items))
    return st.one_of(mapping, sequence)


# A node is ("scalar", text) | ("map", [(key, node)]) | ("seq", [node]); each gets
# a style, maybe an anchor, a tag or an alias when written out.
tree = st.recursive(scalar.map(lambda s: ("scalar", s)), _tree, max_leaves=40)
style = st.fixed_dictionaries(
    {
        "flow": st.booleans(),
        "indent": st.integers(1, 4),
        "anchor_every": st.integers(0, 6),
        "alias_every": st.integers(0, 6),
        "tag_every": st.integers(0, 8),
        "quote_every": st.integers(0, 5),
        "tags": st.lists(st.sampled_from(TAGS), min_size=1, max_size=3),
        "top": st.sampled_from(["map", "any"]),
    }
)


class _Writer:
    """Writes a tree out as YAML text, valid or nearly so; the style decides the odd parts."""

    def __init__(self, style: dict) -> None:
        self.style, self.count, self.anchors = style, 0, []

    def _decorate(self) -> str:
        self.count += 1
        s, parts = self.style, []
        if s["tag_every"] and self.count % s["tag_every"] == 0:
            parts.append(s["tags"][self.count % len(s["tags"])])
        if s["anchor_every"] and self.count % s["anchor_every"] == 0:
            self.anchors.append(f"a{self.count}")
            parts.append(f"&a{self.count}")
        return " ".join(parts) + " " if parts else ""

    def _alias(self) -> str | None:
        s = self.style
        if self.anchors and s["alias_every"] and self.count % s["alias_every"] == 0:
            return "*" + self.anchors[self.count % len(self.anchors)]
        return None

    def _scalar(self, text: str) -> str:
        s = self.style
        if s["quote_every"] and self.count % s["quote_every"] == 0:
            return "'" + text.replace("'", "''") + "'"
        return text

    def flow(self, node) -> str:
        alias = self._alias()
        if alias:
            self.count += 1
            return alias
        head = self._decorate()
        kind, body = node
        if kind == "scalar":
            return head + self._scalar(body)
        if kind == "seq":
            return head + "[" + ", ".join(self.flow(item) for item in body) + "]"
        return head + "{" + ", ".join(f"{self._scalar(k)}: {self.flow(v)}" for k, v in body) + "}"

    def block(self, node, depth: int) -> list[str]:
        """Lines for ``node`` as the value of a key or item at ``depth``; first line is inline."""
        kind, body = node
        if self.style["flow"] or kind == "scalar" or not body:
            return [self.flow(node)]
        head = self._decorate().strip()
        pad = " " * (self.style["indent"] * (depth + 1))
        lines = [head]
        for item in body:
            k, value = (item if kind == "map" else ("-", item))
            value_lines = self.block(value, depth + 1)
            lead = f"{self._scalar(k)}:" if kind == "map" else "-"
            lines.append(f"{pad}{lead} {value_lines[0]}".rstrip())
            lines.extend(value_lines[1:])
        return lines

    def document(self, node) -> str:
        kind, body = node
        if self.style["top"] == "map" and kind == "map" and not self.style["flow"]:
            lines = []
            for k, value in body:
                value_lines = self.block(value, 0)
                lines.append(f"{self._scalar(k)}: {value_lines[0]}".rstrip())
                lines.extend(value_lines[1:])
            return "\n".join(lines) + "\n"
        return "\n".join(self.block(node, -1)) + "\n"


yaml_shaped = st.builds(lambda node, s: _Writer(s).document(node), tree, style)


@st.composite
def mutated_example(draw) -> str:
    """The real example file with a few edits: cut, duplicate or swap lines, odd values, odd bytes."""
    lines = EXAMPLE.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "delete", "duplicate", "insert", "indent", "truncate", "alias"]))
        line = lines[at]
        if action == "value" and ":" in line:
            lines[at] = line.split(":", 1)[0] + ": " + draw(scalar)
        elif action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, line)
        elif action == "insert":
            lines.insert(at, draw(any_text))
        elif action == "indent":
            lines[at] = draw(st.sampled_from(["", " ", "\t", "   ", "- "])) + line
        elif action == "truncate":
            lines = lines[: at + 1]
            lines[-1] = line[: draw(st.integers(0, len(line)))]
        elif action == "alias" and ":" in line:
            lines[at] = line + " " + draw(st.sampled_from(["&x", "*x", "&x [*x]", "!!set", "|", "{", "["]))
        if not lines:
            lines = [""]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


documents = st.one_of(any_text, yaml_shaped, mutated_example())


def read_and_check(text: str) -> Loaded:
    """What ``chibo check`` does with a file's text: load, then run the checks on a report."""
    loaded = parse_text(text)
    assert isinstance(loaded, Loaded)
    if loaded.report is None:
        assert loaded.problems, "a file without a report must say why"
    else:
        loaded.problems.extend(check_report(loaded.report))
    for problem in loaded.problems:
        assert isinstance(problem, Problem) and isinstance(problem.message, str) and problem.message
    return loaded


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(documents)
def test_any_text_is_a_report_or_problems(text):
    read_and_check(text)


def test_the_generators_reach_real_reports_aliases_tags_and_field_problems():
    """The property above means something only if the generators reach deep enough."""
    from hypothesis import Phase, find

    first = settings(database=None, phases=[Phase.generate])  # the first example will do
    find(mutated_example(), lambda text: parse_text(text).report is not None, settings=first)

    def aliases_read(text: str) -> bool:
        return "*a" in text and "không phải YAML hợp lệ" not in str(parse_text(text).problems)

    def field_problem(text: str) -> bool:
        return any(p.path and "YAML" not in p.message for p in parse_text(text).problems)

    find(yaml_shaped, aliases_read, settings=first)
    find(yaml_shaped, lambda text: "thẻ YAML" in str(parse_text(text).problems), settings=first)
    find(mutated_example(), field_problem, settings=first)
