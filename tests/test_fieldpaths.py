"""Field paths: one reader and writer of "a.b[2].c" for the whole of chibo."""

import pytest
from hypothesis import given, strategies as st

from chibo import fieldpaths
from chibo.fieldpaths import PathError


def test_parts_and_join_are_inverse():
    assert fieldpaths.parts("members.roster[2].events[0].on") == ("members", "roster", 2, "events", 0, "on")
    assert fieldpaths.join(("members", "roster", 2, "events", 0, "on")) == "members.roster[2].events[0].on"
    assert fieldpaths.names("members.roster[2].name") == ["members", "roster", "name"]
    assert fieldpaths.top("classification.not_rated[0].count") == "classification"
    assert fieldpaths.top("") == ""
    assert fieldpaths.parent("students.area.conduct.tot") == "students.area.conduct"


names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
paths = st.lists(st.one_of(names, st.integers(0, 10**6)), min_size=1, max_size=8).filter(
    lambda p: isinstance(p[0], str))


@given(paths)
def test_any_path_reads_back(parts):
    path = fieldpaths.join(parts)
    assert fieldpaths.parts(path) == tuple(parts)
    assert fieldpaths.check(path) == tuple(parts)


@pytest.mark.parametrize("path", [
    "", "a..b", ".a", "a.", "a[]", "a[x]", "a[-1]", "a[1234567890]", "1a", "a.b c", "a" * 121,
    ".".join(["a"] * 13), None, 5, ["a"],
])
def test_check_refuses_what_is_not_a_bounded_path(path):
    with pytest.raises(PathError):
        fieldpaths.check(path)


def test_get_walks_groups_and_rows_and_tolerates_odd_shapes():
    data = {"a": {"b": [{"c": 1}, None]}, "s": "text"}
    assert fieldpaths.get(data, "a.b[0].c") == 1
    assert fieldpaths.get(data, "a.b[1].c") is None
    assert fieldpaths.get(data, "a.b[5].c") is None
    assert fieldpaths.get(data, "a.b.c") is None  # a name on a list
    assert fieldpaths.get(data, "s.x") is None
    assert fieldpaths.get(data, "a[0]") is None  # an index on a group
    assert fieldpaths.get(data, "missing.x", "none") == "none"
    assert fieldpaths.get({"a": {"b": 0}}, "a.b") == 0  # a falsy value is a value


def test_put_makes_groups_and_rows_and_replaces_odd_shapes():
    data = {"a": "text"}
    fieldpaths.put(data, "a.b[2].c", 5)
    assert data == {"a": {"b": [None, None, {"c": 5}]}}
    fieldpaths.put(data, "a.b[0]", "x")
    assert data["a"]["b"][0] == "x"
    fieldpaths.put(data, "x.y", 1)
    assert data["x"] == {"y": 1}


def test_delete():
    data = {"a": {"b": [1, 2, 3], "c": 4}}
    assert fieldpaths.delete(data, "a.b[1]")
    assert data == {"a": {"b": [1, 3], "c": 4}}
    assert fieldpaths.delete(data, "a.c")
    assert not fieldpaths.delete(data, "a.c")
    assert not fieldpaths.delete(data, "a.b[9]")
    assert not fieldpaths.delete(data, "a.b.x")
    assert not fieldpaths.delete(data, "")
    assert data == {"a": {"b": [1, 3]}}


def test_no_other_module_parses_paths_on_its_own():
    """The parsers of before (model, save, editor, conftest, then findings, the member
    table, drafts, versions, rules, loader and others) all use this module."""
    import importlib
    import inspect

    modules = [
        "chibo.model", "chibo.web.save", "chibo.web.editor", "chibo.web.findings", "chibo.web.roster",
        "chibo.draft", "chibo.web.versions", "chibo.rules", "chibo.loader", "chibo.defaults",
        "chibo.starter",
    ]  # not consolidate: its table's column keys ("titles.hsg.pct") are dotted too, but not field paths
    for name in modules:
        source = inspect.getsource(importlib.import_module(name))
        for parsing in (r"\[(\d+)\]", "[([0-9]+)\\]", r"\[\d+\]", '.replace("[", ".")', 'rfind("]")',
                        'split(".")', 'split(".", 1)', 'rsplit(".", 1)', 'rpartition(".")', 'split("[", 1)'):
            assert parsing not in source, (name, parsing)


def test_the_row_a_path_is_in():
    from chibo.draft import _row_of

    assert _row_of("members.roster[3].sex") == "members.roster[3]"
    assert _row_of("members.roster[3].events[1].on") == "members.roster[3].events[1]"
    assert _row_of("members.roster[12]") == "members.roster[12]"
    assert _row_of("members.women") == ""
    assert _row_of("") == ""


def test_a_problem_links_to_the_step_of_its_top_part():
    from chibo.web import editor, findings

    steps = editor.steps({"year": 2026})
    assert findings.locate("targets_set[0]", steps)[0] == "chi-tieu"
    assert findings.locate("classification.not_rated[5].count", steps)[0] == "xep-loai"
    assert findings.locate("nothing_known.x", steps) == (None, None)
