"""Blocks -> XLSX: numbers as numbers, frozen headers, read back equal, opened by LibreOffice Calc."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from chibo.consolidate import Block, Column, Row, consolidate, summarize
from chibo.render.to_xlsx import MAX_SHEET_NAME, render_xlsx, sheet_name
from sample_reports import example_report


@pytest.fixture(scope="module")
def result():
    thcs, primary = example_report("thcs-2026.yaml"), example_report("tieu-hoc-2026.yaml")
    other = copy.deepcopy(thcs)
    other["meta"]["cell_name"] = "Chi bộ Trường THCS Đông Hòa"
    other["students"]["assessed"] += 13
    other["students"]["conduct"]["tot"] += 13
    other["students"]["learning"]["kha"] += 13
    last = copy.deepcopy(thcs)
    last["year"] = 2025
    return consolidate([summarize(d) for d in (thcs, primary, other)], year=2026,
                       organisation="Đảng bộ xã Đông Thành", last_year=[summarize(last)])


@pytest.fixture(scope="module")
def xlsx(result) -> bytes:
    return render_xlsx(result.blocks(), title=result.title)


def _first_data_row(ws) -> int:
    return ws.freeze_panes and openpyxl.utils.cell.coordinate_to_tuple(ws.freeze_panes)[0]


def _expected(value, kind):
    if value is None:  # a figure not given: "—", never an empty cell a reader takes for 0
        return "—" if kind in ("count", "percent") else None
    if isinstance(value, str):  # "12/15" cells that gave the figure
        return value
    if kind == "percent":
        return pytest.approx(float(value) / 100, abs=1e-12)
    if kind == "text":
        return value
    return value


def _assert_sheet_equals_block(ws, block, first: int | None = None):
    first = first or _first_data_row(ws)
    lines = [*block.rows, *block.totals]
    for offset, line in enumerate(lines):
        r = first + offset
        assert ws.cell(row=r, column=1).value == line.label
        for c, (column, value) in enumerate(zip(block.columns, line.values), start=2):
            got = ws.cell(row=r, column=c).value
            assert got == _expected(value, column.kind), (block.key, line.label, column.key)


def test_read_back_equals_the_consolidation(result, xlsx):
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    blocks = result.blocks()
    assert len(book.worksheets) == len(blocks)
    for ws, block in zip(book.worksheets, blocks):
        assert ws["A1"].value == result.title
        assert "Đảng bộ xã Đông Thành" in ws["A1"].value and "2026" in ws["A1"].value
        assert ws["A2"].value == block.title
        _assert_sheet_equals_block(ws, block)
    # The total the page shows, rounded once: TT22 conduct "Tốt" over both THCS cells.
    ws = book["Học sinh TT22"]
    block = next(b for b in blocks if b.key == "students_tt22")
    col = 2 + [c.key for c in block.columns].index("conduct.tot.pct")
    total_row = _first_data_row(ws) + len(block.rows)
    assert ws.cell(row=total_row, column=1).value == "Tổng cộng"
    assert round(Decimal(ws.cell(row=total_row, column=col).value) * 100, 2) == round(
        Decimal(498 * 2 + 13) * 100 / (587 * 2 + 13), 2)


def test_numbers_are_numbers_with_formats_and_headers_frozen(result, xlsx):
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    for ws, block in zip(book.worksheets, result.blocks()):
        first = _first_data_row(ws)
        assert ws.freeze_panes == f"B{first}"  # header rows and the label column stay in view
        for offset, line in enumerate([*block.rows, *block.totals]):
            for c, column in enumerate(block.columns, start=2):
                cell = ws.cell(row=first + offset, column=c)
                if cell.value is None:
                    continue
                if column.kind == "text" or cell.value == "—" or line.kind == "given":
                    assert cell.data_type == "s"
                    continue
                assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (block.key, column.key)
                if column.kind == "percent":
                    assert cell.number_format.startswith(("0.00%", "+0.00%"))
                else:
                    assert cell.number_format in ("#,##0", "+#,##0;-#,##0;0")
    members = book.worksheets[0]
    change = _first_data_row(members) + len(result.blocks()[0].rows) + 2
    assert members.cell(row=change, column=1).value.startswith("Tăng")
    assert members.cell(row=change, column=2).number_format == "+#,##0;-#,##0;0"
    levels = book["Xếp loại chất lượng chi bộ"]  # a column of differences shows its sign on every row
    first = _first_data_row(levels)
    assert levels.cell(row=first - 1, column=4).value.startswith("Tăng")
    assert [levels.cell(row=first + i, column=4).number_format for i in range(6)] == ["+#,##0;-#,##0;0"] * 6
    assert levels.cell(row=first, column=3).number_format == "#,##0"


def test_sheet_names_are_what_excel_accepts():
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in (
        "Kết quả giáo dục học sinh (Thông tư 22/2021/TT-BGDĐT)",
        "Kết quả giáo dục học sinh (Thông tư 27/2020/TT-BGDĐT)",
        "a[b]c:d*e?f\\g",
        "'trích'",
        "",
    )]
    assert all(0 < len(n) <= MAX_SHEET_NAME for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0] != names[1]  # cut to 31 characters, then told apart
    assert not names[3].startswith("'") and not names[3].endswith("'")


def test_text_is_never_a_formula():
    block = Block("t", "Bảng", [Column("n", "Số", "count"), Column("x", "Ghi chú", "text")],
                  [Row("=HYPERLINK(\"http://x\",\"y\")", [1, "=1+1"]), Row("Chi bộ\x07B", [2, "+A1"])],
                  [Row("Tổng cộng", [3, None], "total")])
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx([block], title="=cmd|' /C calc'!A0")))
    ws = book.active
    assert ws["A1"].data_type == "s" and ws["A1"].value == "=cmd|' /C calc'!A0"
    first = _first_data_row(ws)
    assert ws.cell(row=first, column=1).data_type == "s"
    assert ws.cell(row=first, column=3).value == "=1+1" and ws.cell(row=first, column=3).data_type == "s"
    assert ws.cell(row=first + 1, column=1).value == "Chi bộB"  # a control character XML cannot hold


@pytest.fixture(scope="module")
def soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice Calc is installed by scripts/setup (libreoffice-calc-nogui)"
    return exe


def test_libreoffice_calc_opens_it_and_reads_the_same_numbers(result, xlsx, soffice, tmp_path):
    source = tmp_path / "tong-hop.xlsx"
    source.write_bytes(xlsx)
    out = tmp_path / "out"
    # Calc loads the workbook and saves it again: a file it had to repair or could not read
    # would fail here or come back without the numbers.
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    saved = out / "tong-hop.xlsx"
    assert done.returncode == 0 and saved.exists(), done.stderr + done.stdout
    book = openpyxl.load_workbook(saved)
    ours = openpyxl.load_workbook(io.BytesIO(xlsx))
    blocks = result.blocks()
    assert [ws.title for ws in book.worksheets] == [b.short or b.title for b in blocks]
    for ws, mine, block in zip(book.worksheets, ours.worksheets, blocks):
        # A headless Calc keeps no view settings, so the frozen rows are read from ours.
        _assert_sheet_equals_block(ws, block, _first_data_row(mine))


def test_text_columns_are_as_wide_as_their_text():
    """A status or a date column is not 60 characters wide (the sheet printed fitted to one page
    width came out tiny); a column of long text still wraps at 60."""
    block = Block("t", "Bảng", [Column("status", "Trạng thái", "text"), Column("date", "Ngày nộp", "text"),
                                Column("rating", "Xếp loại chất lượng chi bộ", "text"),
                                Column("titles", "Kết quả", "text")],
                  [Row("Chi bộ A", ["Nháp – quá hạn", "26/11/2026", "Hoàn thành xuất sắc nhiệm vụ",
                                    "Ngắn\n" + "Một dòng rất dài " * 10])],
                  [Row("Tổng cộng", ["1/1 đã nộp", None, None, None], "total")])
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx([block], title="T"))).active
    widths = {ws.cell(row=4, column=c).value: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
              for c in range(2, 6)}
    assert widths["Trạng thái"] == len("Nháp – quá hạn") + 2
    assert widths["Ngày nộp"] == 12  # the date, or the label, whichever is longer
    assert widths["Xếp loại chất lượng chi bộ"] == len("Hoàn thành xuất sắc nhiệm vụ") + 2
    assert widths["Kết quả"] == 60


def test_a_figure_not_given_reads_as_a_dash_and_the_cells_that_gave_it_are_counted():
    thcs = example_report("thcs-2026.yaml")
    other = copy.deepcopy(thcs)
    other["meta"]["cell_name"] = "Chi bộ Trường THCS Đông Hòa"
    del other["members"]["start_of_year"]
    result = consolidate([summarize(thcs), summarize(other)], year=2026, organisation="Đảng bộ xã Đông Thành",
                         decimals=1)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(result.blocks(), title=result.title,
                                                         percent_decimals=result.decimals)))
    ws = book.worksheets[0]
    rows = {row[0].value: row[1:] for row in ws.iter_rows() if row[0].value}
    assert rows["Chi bộ Trường THCS Đông Hòa"][0].value == "—"  # not an empty cell, read as 0
    assert rows["Tổng cộng"][0].value == thcs["members"]["start_of_year"]
    assert rows["Số chi bộ có số liệu"][0].value == "1/2"
    students = book["Học sinh TT22"]
    formats = {c.number_format for row in students.iter_rows() for c in row if "%" in c.number_format}
    assert formats == {"0.0%"}  # the precision asked for, as on the page
