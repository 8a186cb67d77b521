"""Chart sizes and table column weights are presentation numbers: they live in the
format profile with every other one, and a profile that changes them changes the report."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from chibo.compose import compose
from chibo.document import Figure, Table
from chibo.profiles import ProfileError, load_profile, parse_profile
from chibo.render.to_docx import render_docx
from sample_reports import loaded_example

ROOT = Path(__file__).resolve().parents[1]
TOML = (ROOT / "src/chibo/profiles/36-HD-VPTW.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report():
    return loaded_example("thcs-2026.yaml")


def _tables(document) -> dict[str, Table]:
    return {b.caption.split(". ", 1)[1]: b for b in document.body if isinstance(b, Table)}


def test_the_default_profile_holds_the_chart_sizes_and_column_weights():
    profile = load_profile()
    assert profile.charts.width_mm == 165 and profile.charts.students_height_mm == 62
    assert profile.columns["members"] == (3, 1, 1)
    assert profile.columns["target_results"] == (3, 1.3, 1.3, 1.1)


def test_a_profile_changes_column_weights_and_chart_heights(report):
    text = (TOML.replace("members = [3, 1, 1]", "members = [4, 1.5, 1]")
                .replace("students_height_mm = 62", "students_height_mm = 80"))
    profile = parse_profile(text, "thử")
    document = compose(report, profile=profile)
    members = next(t for caption, t in _tables(document).items() if caption.startswith("Tình hình đảng viên"))
    assert [c.weight for c in members.columns] == [4, 1.5, 1]
    assert [c.numeric for c in members.columns] == [False, True, True]
    students = [f for f in document.body if isinstance(f, Figure) and "học sinh" in (f.caption or "")]
    assert students and all(f.aspect == pytest.approx(80 / 165) for f in students)
    default = [f for f in compose(report).body if isinstance(f, Figure) and "học sinh" in (f.caption or "")]
    assert all(f.aspect == pytest.approx(62 / 165) for f in default)
    # The DOCX's column widths follow: 4 : 1.5 : 1 of the text width.
    table = docx.Document(io.BytesIO(render_docx(document, profile))).tables[1]
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths[0] / widths[2] == pytest.approx(4, rel=0.01)


@pytest.mark.parametrize("line, words", [
    ("members = [3, 1]", "members phải là 3 số dương"),
    ("members = [3, 0, 1]", "members phải là 3 số dương"),
    ("member = [3, 1, 1]", "[columns] có bảng không có: member"),
])
def test_a_wrong_column_list_is_refused_in_vietnamese(line, words):
    with pytest.raises(ProfileError, match=words.replace("[", r"\[").replace("]", r"\]")):
        parse_profile(TOML.replace("members = [3, 1, 1]", line), "thử")


def test_a_profile_without_the_new_sections_keeps_the_built_in_numbers():
    import re
    text = re.sub(r"\n\[columns\].*?\n\n", "\n", TOML, flags=re.S)
    text = re.sub(r"\n\[charts\].*?\n\n", "\n", text, flags=re.S)
    assert "[columns]" not in text and "[charts]" not in text
    profile = parse_profile(text, "cũ")
    assert profile.charts.width_mm == 165 and profile.columns["targets"] == (3, 1.4)


@pytest.mark.parametrize("value", ["5", "1.5", '"hai"'])
def test_a_wrong_precision_is_refused_in_vietnamese(value):
    with pytest.raises(ProfileError, match="percent_decimals phải là số nguyên từ 0 đến 3"):
        parse_profile(TOML.replace("percent_decimals = 2", f"percent_decimals = {value}"), "thử")


def test_a_profile_without_the_numbers_section_keeps_two_decimals():
    import re
    text = re.sub(r"\n\[numbers\].*?\n\n", "\n", TOML, flags=re.S)
    assert "[numbers]" not in text
    assert parse_profile(text, "cũ").percent_decimals == 2
    assert parse_profile(TOML.replace("percent_decimals = 2", "percent_decimals = 0"), "thử").percent_decimals == 0
