"""A mầm non report's default paragraphs speak of trẻ and cha mẹ trẻ, of chăm sóc, nuôi
dưỡng, giáo dục trẻ: never of học sinh, phụ huynh học sinh or dạy học (read back from the
rendered DOCX of a report whose every narrative is the default)."""

from __future__ import annotations

import io
import re

import docx
import pytest

from chibo.compose import compose
from chibo.defaults import DEFAULTS, default_paragraphs
from chibo.figures import compute
from chibo.loader import validate
from chibo.render.to_docx import render_docx
from test_children import CHILDREN, _report

PUPILS = re.compile(r"học sinh|dạy học|dạy và học|các em\b", re.IGNORECASE)


def _preschool():
    loaded = validate(_report(CHILDREN))
    assert loaded.report is not None, [p.message for p in loaded.problems]
    return loaded.report


def test_no_pupils_in_a_preschool_reports_rendered_text():
    report = _preschool()
    document = docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "chăm sóc, nuôi dưỡng, giáo dục trẻ" in text and "cha mẹ trẻ" in text
    assert PUPILS.findall(text) == [], [line for line in text.splitlines() if PUPILS.search(line)]


@pytest.mark.parametrize("path", list(DEFAULTS))
def test_no_pupils_in_any_preschool_default(path):
    for paragraph in default_paragraphs(path, _preschool()):
        assert not PUPILS.search(paragraph), paragraph


def test_other_levels_keep_their_pupils():
    report = validate(_report(level="thcs")).report
    assert "phụ huynh học sinh" in " ".join(default_paragraphs("causes.strengths", report))
