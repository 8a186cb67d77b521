"""`chibo schema` says what chibo accepts as typed, so a schema-aware YAML editor flags
what chibo refuses and nothing that it reads ("25 đ/c", "82,5%", "18/12/2026")."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import example, given, strategies as st

from chibo.cli import cli
from chibo.loader import parse_text
from chibo.reading import COUNT_PATTERN, RATE_PATTERN, read_count, read_date, read_decimal

EXAMPLES = sorted(Path(__file__).parents[1].joinpath("examples").glob("*.yaml"))
THCS = Path(__file__).parents[1] / "examples" / "thcs-2026.yaml"


class Yaml12Loader(yaml.SafeLoader):
    """The file as a YAML 1.2 editor sees it: 2026-12-18 is text, only true/false are
    booleans ("on:" is a key, not True)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    Yaml12Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first])


@pytest.fixture(scope="module")
def schema() -> dict:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.output)


@pytest.fixture(scope="module")
def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _field(schema: dict, model: str, name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema["$defs"][model]["properties"][name])


def _with(text: str, key: str, value: str) -> str:
    """The example with the first «key: ...» line's value replaced; «area.tot» is the
    first «tot:» under «area:» (a rate, where the students' own «tot» is a count)."""
    start = 0
    if "." in key:
        parent, key = key.split(".")
        start = text.index(f"\n  {parent}:")
    changed, n = re.subn(rf"(?m)^(\s*{key}:) .*$", lambda m: f"{m.group(1)} {value}", text[start:], count=1)
    assert n == 1
    return text[:start] + changed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_validates_against_the_schema(path, validator):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize("key, value", [
    ("end_of_year", '"25 đ/c"'), ("assessed", '"1.234 em"'), ("women", "17 đ/c"),
    ("area.tot", '"82,5%"'), ("date", '"18/12/2026"'), ("date", "ngày 18 tháng 12 năm 2026"),
    ("official", '"23,0"'), ("number", "15"), ("number", "05"),
])
def test_what_chibo_reads_the_schema_accepts(key, value, validator):
    text = _with(THCS.read_text(encoding="utf-8"), key, value)
    assert [p.message for p in parse_text(text).problems if p.path.endswith(key.split(".")[-1])] == []
    data = yaml.load(text, Loader=Yaml12Loader)
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize("key, value", [
    ("end_of_year", '"hai mươi lăm"'), ("end_of_year", '"25%"'), ("end_of_year", "-1"),
    ("end_of_year", '"25,5"'), ("end_of_year", "100001"), ("official", '"25-30"'),
    ("date", '"18/12/26"'), ("date", '"12/2026"'), ("date", "hôm qua"),
    ("area.tot", '"tám mươi"'), ("area.tot", "100.5"), ("area.tot", '"82,"'), ("number", "true"),
])
def test_what_chibo_refuses_the_schema_refuses(key, value, validator):
    text = _with(THCS.read_text(encoding="utf-8"), key, value)
    assert [p for p in parse_text(text).problems if p.path.endswith(key.split(".")[-1])]
    data = yaml.load(text, Loader=Yaml12Loader)
    assert list(validator.iter_errors(data))


def test_a_level_left_empty_in_an_optional_table_is_accepted_by_both(validator):
    text = _with(THCS.read_text(encoding="utf-8"), "xuat_sac", "")  # «xuat_sac:» with nothing after
    assert "xuat_sac:  \n" not in text and re.search(r"(?m)^    xuat_sac: $", text)
    loaded = parse_text(text)
    assert [p.message for p in loaded.problems if "titles" in p.path] == []
    assert "xuat_sac" not in loaded.report.students.titles
    data = yaml.load(text, Loader=Yaml12Loader)
    assert data["students"]["titles"]["xuat_sac"] is None
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize("written, read", [("situation", True), ("results.inspection", True),
                                            ("narrative.causes", True), ("nothing", False)])
def test_a_section_written_without_narrative_is_accepted_by_both(validator, written, read):
    text = THCS.read_text(encoding="utf-8") + (
        f"\nstructure:\n  headings:\n    - section: {written}\n      title: Tình hình chung\n"
        f"  extra:\n    - after: {written}\n      title: Công tác dân vận\n"
        "      paragraphs: Chi bộ thực hiện tốt Quy chế dân chủ ở cơ sở.\n")
    problems = [p.message for p in parse_text(text).problems if p.path.startswith("structure")]
    assert (problems == []) == read, problems
    data = yaml.load(text, Loader=Yaml12Loader)
    assert validator.is_valid(data) == read


def test_identity_number_as_typed_with_spaces(schema):
    number = _field(schema, "Member", "identity_number")
    assert number.is_valid("0012 3456 7890") and number.is_valid("0012******89")
    assert not number.is_valid("0012 3456 789") and not number.is_valid("00123456789x")


# What the readers accept, held to the emitted schema both ways. Typed text is not
# signed (a minus is read, but only "-0" would pass chibo's range), and the schema
# leaves a string's range (up to 100 000, up to 100) to chibo.
_TYPED = st.text(alphabet="0123456789.,% \u00a0\u202f\tđ/cemxE-", max_size=44)


def _unsigned(text: str) -> bool:
    return not re.match(r"\s*[-\u2212\u2013]", text)


@given(_TYPED)
@example("1 234,")
@example("1.234,0")
@example("25 đ/c%")
@example("-0")
def test_count_pattern_is_what_read_count_accepts(schema, text):
    value = read_count(text)
    accepted = value is not None and value == int(value) and value >= 0 and _unsigned(text)
    matched = _field(schema, "Members", "end_of_year").is_valid(text)
    assert matched == accepted, (text, value)


@given(_TYPED)
@example("1 234,5")
@example("1,234.5")
@example("82,5 %")
@example("82,5em")
@example("1 234.567.890")
def test_rate_pattern_is_what_read_decimal_accepts(schema, text):
    value = read_decimal(text)
    accepted = value is not None and value >= 0 and _unsigned(text)
    matched = _field(schema, "TargetResults", "promotion_rate").is_valid(text)
    assert matched == accepted, (text, value)


@given(st.from_regex(COUNT_PATTERN, fullmatch=True).filter(lambda t: len(t) <= 40))
def test_every_string_the_count_pattern_allows_is_read_as_a_whole_count(text):
    value = read_count(text)
    assert value is not None and value == int(value) and value >= 0


@given(st.from_regex(RATE_PATTERN, fullmatch=True).filter(lambda t: len(t) <= 40))
def test_every_string_the_rate_pattern_allows_is_read_as_a_rate(text):
    assert read_decimal(text) is not None


_SPACES = st.sampled_from(["", " ", "  "])


@st.composite
def typed_dates(draw) -> tuple[str, date]:
    day = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2100, 12, 31)))
    form = draw(st.sampled_from(["dmy", "words", "ymd", "time"]))
    pad = draw(st.booleans())
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    if form == "dmy":
        sep = draw(st.sampled_from("/-."))
        s1, s2 = draw(_SPACES), draw(_SPACES)
        text = f"{d}{s1}{sep}{s2}{m}{s2}{sep}{s1}{day.year}"
    elif form == "words":
        ngay = draw(st.sampled_from(["", "ngày ", "Ngày ", "NGÀY "]))
        thang, nam = draw(st.sampled_from([("tháng", "năm"), ("Tháng", "Năm"), ("THÁNG", "NĂM")]))
        text = f"{ngay}{d} {thang} {m} {nam} {day.year}"
    elif form == "ymd":
        text = f"{day.year}-{m}-{d}"
    else:
        moment = datetime.combine(day, draw(st.times(max_value=time(23, 59, 59, 999999))))
        spec = draw(st.sampled_from(["hours", "minutes", "seconds", "milliseconds", "microseconds"]))
        text = moment.isoformat(sep=draw(st.sampled_from("T ")), timespec=spec)
        text += draw(st.sampled_from(["", "Z", "+07:00", "+0700", "-05"]))
    return draw(_SPACES) + text + draw(_SPACES), day


@given(typed_dates())
def test_every_date_chibo_reads_the_schema_accepts(schema, typed):
    text, day = typed
    assert read_date(text) == day
    assert _field(schema, "Metadata", "date").is_valid(text), text


@given(st.text(alphabet="0123456789/-.:T ngàytháă", max_size=44))
@example("20261218")
@example("2026-W51-5")
@example("2026-12-18T10:3000")
def test_a_date_the_schema_refuses_chibo_does_not_read(schema, text):
    if not _field(schema, "Metadata", "date").is_valid(text):
        assert read_date(text) is None


# An editor runs the patterns as JavaScript (ECMA-262, with or without the u flag):
# they must mean there what they mean to Python's re, which jsonschema uses above.
SAMPLES = [
    "25", " 25 ", "25 đ/c", "25 Đ/C", "12 lớp", "1.234", "1 234", "1\u00a0234", "1\u202f234", "25,0", "1 234,",
    "1.234,0", "1,234.0", "25,5", "25%", "hai", "-1", "2 5", "x25", "\t25\t", "82,5", "82.5", "82,5%", "82,5 %",
    "1.234,5", "1,234.5", "82,", ",5", "100", "18/12/2026", "18 - 12 - 2026", "18.12.2026", "2026-12-18",
    "ngày 18 tháng 12 năm 2026", "NGÀY 18 THÁNG 12 NĂM 2026", "2026-12-18 10:30:00", "2026-12-18T10:30+07:00",
    "2026-12-18T10:30:00.123Z", "18/12/26", "12/2026", "hôm qua", "20261218", "0012 3456 7890", "0012******89",
]


@pytest.mark.browser
def test_the_patterns_mean_the_same_in_javascript(schema):
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    def pattern(node):
        if isinstance(node, dict):
            return node.get("pattern") or next(filter(None, map(pattern, node.values())), None)
        if isinstance(node, list):
            return next(filter(None, map(pattern, node)), None)
        return None

    fields = [("Members", "end_of_year"), ("TargetResults", "promotion_rate"), ("Metadata", "date"),
              ("Member", "identity_number")]
    patterns = [pattern(schema["$defs"][model]["properties"][name]) for model, name in fields]
    assert all(patterns)
    python = [[bool(re.search(p, s)) for s in SAMPLES] for p in patterns]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            for flags in ("", "u"):
                javascript = page.evaluate(
                    "([patterns, samples, flags]) => patterns.map(p => samples.map(s => new RegExp(p, flags).test(s)))",
                    [patterns, SAMPLES, flags])
                assert javascript == python, flags
        finally:
            browser.close()
    assert any(python[0]) and not all(python[0])  # the samples tell the patterns apart
