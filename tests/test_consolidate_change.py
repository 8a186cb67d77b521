"""The office's «Tăng (+), giảm (-)» row subtracts last year's total from this year's only
when both are of the same cells: every cell both years (the đảng bộ's own change, a cell
added or not), or the same cells by name. Otherwise the change is «—» with a note, in the
blocks (year page, XLSX) and in the summary DOCX."""

from __future__ import annotations

import copy
import io

import docx
import openpyxl

from chibo.consolidate import CHANGE_NOTE, MEMBER_FIELDS, consolidate, summarize
from chibo.render.to_xlsx import render_xlsx
from chibo.summary import Office, render_summary_docx
from sample_reports import varied_thcs

WOMEN = MEMBER_FIELDS.index("women")
END = MEMBER_FIELDS.index("end_of_year")


def _cell(name: str, k: int, year: int, women: bool = True) -> dict:
    data = varied_thcs(name, k, year=year)
    if not women:
        data = copy.deepcopy(data)
        del data["members"]["women"]
    return summarize(data)


def _members(now: list[dict], then: list[dict]):
    result = consolidate(now, year=2026, organisation="Đảng bộ", last_year=then)
    block = next(b for b in result.blocks() if b.key == "members")
    return result, block, {row.kind: row for row in block.totals}


def test_a_figure_given_by_other_cells_than_last_year_has_no_change():
    # B gave its women last year, not this year: 1 cell's women against 2 cells'
    now = [_cell("A", 1, 2026), _cell("B", 2, 2026, women=False)]
    then = [_cell("A", 0, 2025), _cell("B", 1, 2025)]
    result, block, rows = _members(now, then)
    assert rows["total"].values[WOMEN] is not None and rows["last_year"].values[WOMEN] is not None
    assert rows["change"].values[WOMEN] is None  # not the difference of two different sets of cells
    assert rows["change"].values[END] == rows["total"].values[END] - rows["last_year"].values[END]
    assert CHANGE_NOTE in block.note
    # the XLSX shows the «—» and the note
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(result.blocks(), title=result.title)))
    sheet = next(ws for ws in book.worksheets if any(
        row[0] == "Tăng (+), giảm (-)" for row in ws.iter_rows(values_only=True)))
    texts = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert CHANGE_NOTE in " ".join(texts)
    # the summary DOCX says it under the members' table
    doc = docx.Document(io.BytesIO(render_summary_docx(result, Office("Đảng bộ", superior=" ", number=""))))
    assert CHANGE_NOTE in [p.text for p in doc.paragraphs]


def test_the_same_cells_both_years_keep_their_change():
    # B never gives its women: A's against A's
    now = [_cell("A", 1, 2026), _cell("B", 2, 2026, women=False)]
    then = [_cell("A", 0, 2025), _cell("B", 1, 2025, women=False)]
    _result, block, rows = _members(now, then)
    assert rows["change"].values[WOMEN] == rows["total"].values[WOMEN] - rows["last_year"].values[WOMEN]
    assert block.note is None or CHANGE_NOTE not in block.note


def test_a_new_cell_giving_every_figure_is_the_dang_bos_own_change():
    now = [_cell("A", 1, 2026), _cell("B", 2, 2026), _cell("C", 3, 2026)]
    then = [_cell("A", 0, 2025), _cell("B", 1, 2025)]
    result, block, rows = _members(now, then)
    assert rows["change"].values == [a - b for a, b in zip(rows["total"].values, rows["last_year"].values)]
    assert block.note is None
    doc = docx.Document(io.BytesIO(render_summary_docx(result, Office("Đảng bộ", superior=" ", number=""))))
    assert CHANGE_NOTE not in [p.text for p in doc.paragraphs]


def test_a_student_rate_of_other_cells_than_last_year_has_no_change():
    b_now = varied_thcs("B", 2)
    del b_now["students"]["titles"]["gioi"]
    now = [_cell("A", 1, 2026), summarize(b_now)]
    then = [_cell("A", 0, 2025), _cell("B", 1, 2025)]
    result = consolidate(now, year=2026, organisation="Đảng bộ", last_year=then)
    block = next(b for b in result.blocks() if b.key == "students_tt22")
    rows = {row.kind: row for row in block.totals}
    keys = [c.key for c in block.columns]
    assert rows["change"].values[keys.index("titles.gioi.pct")] is None
    assert rows["change"].values[keys.index("titles.gioi.n")] is None
    assert rows["change"].values[keys.index("conduct.tot.pct")] is not None
    assert CHANGE_NOTE in block.note
    doc = docx.Document(io.BytesIO(render_summary_docx(result, Office("Đảng bộ", superior=" ", number=""))))
    assert [p.text for p in doc.paragraphs].count(CHANGE_NOTE) == 1  # under its table, not also above it
