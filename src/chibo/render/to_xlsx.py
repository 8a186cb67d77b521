"""Tables of figures -> an XLSX workbook (openpyxl), one sheet per block.

Renders ``chibo.consolidate.Block``-shaped tables and knows nothing of Party
work: a title row, the block's title, one or two header rows (column groups
over labels), frozen below the headers and right of the label column, then
the rows and the totals. Numbers are written as numbers with a number format
(counts ``#,##0``, percentages as fractions with ``0.00%``), so a spreadsheet
can add them up; text is always text (a cell name starting with "=" is not a
formula). A number not given shows "—", not an empty cell a reader takes for 0.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

MAX_SHEET_NAME = 31  # Excel's limit
MAX_CELL_TEXT = 32_767  # characters one cell holds
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

COUNT_FORMAT = "#,##0"
CHANGE_COUNT_FORMAT = "+#,##0;-#,##0;0"
DATE_FORMAT = "dd/mm/yyyy"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADING = Font(bold=True, size=12)
_NOTE = Font(italic=True)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right")
NOT_GIVEN = "—"


def percent_format(decimals: int, signed: bool = False) -> str:
    body = "0" + ("." + "0" * decimals if decimals else "") + "%"
    return f"+{body};-{body};{body}" if signed else body


def sheet_name(title: str, taken: set[str]) -> str:
    """A name Excel accepts: ≤ 31 characters, none of []:*?/\\, not quoted at the ends, unique."""
    base = _SHEET_FORBIDDEN.sub("-", ILLEGAL_CHARACTERS_RE.sub("", title)).strip().strip("'").strip()
    base = base[:MAX_SHEET_NAME].rstrip() or "Sheet"
    name, n = base, 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f" ({n})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    taken.add(name)
    return name


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]


def _write_text(ws, row: int, col: int, value: str):
    cell = ws.cell(row=row, column=col)
    cell.value = _text(value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _put(ws, row: int, col: int, value, kind: str, signed: bool, decimals: int):
    """Write one value: numbers stay numbers, text stays text; differences show their sign."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        if kind in ("count", "percent"):  # a figure not given: "—", never a blank read as 0
            _write_text(ws, row, col, NOT_GIVEN).alignment = _RIGHT
        return cell
    if kind == "text":
        _write_text(ws, row, col, str(value)).alignment = _WRAP
    elif isinstance(value, str):  # in a column of numbers: "12/15" cells that gave the figure
        _write_text(ws, row, col, value).alignment = _RIGHT
    elif kind == "date":  # a real date: Excel sorts and filters it as one
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif kind == "percent":
        cell.value = float(Decimal(value) / 100)
        cell.number_format = percent_format(decimals, signed)
    else:
        cell.value = value if isinstance(value, int) else float(value)
        cell.number_format = CHANGE_COUNT_FORMAT if signed else COUNT_FORMAT
    return cell


def _header(ws, top: int, block, width: int) -> int:
    """The header rows from ``top``; returns the number of rows used."""
    grouped = any(c.group for c in block.columns)
    depth = 2 if grouped else 1
    _write_text(ws, top, 1, block.row_label)
    if grouped:
        ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    col = 2
    columns = block.columns
    i = 0
    while i < len(columns):
        column = columns[i]
        if not grouped:
            _write_text(ws, top, col + i, column.label)
            i += 1
            continue
        if column.group is None:
            _write_text(ws, top, col + i, column.label)
            ws.merge_cells(start_row=top, start_column=col + i, end_row=top + 1, end_column=col + i)
            i += 1
            continue
        j = i
        while j + 1 < len(columns) and columns[j + 1].group == column.group:
            j += 1
        _write_text(ws, top, col + i, column.group)
        if j > i:
            ws.merge_cells(start_row=top, start_column=col + i, end_row=top, end_column=col + j)
        for k in range(i, j + 1):
            _write_text(ws, top + 1, col + k, columns[k].label)
        i = j + 1
    for r in range(top, top + depth):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = _BOLD
            cell.alignment = _HEADER_ALIGN
            cell.border = _BOX
    return depth


def _widths(ws, block) -> list[float]:
    labels = [len(block.row_label)] + [len(r.label) for r in [*block.rows, *block.totals]]
    widths = [min(max(labels, default=10) + 2, 48)]
    values = [line.values for line in [*block.rows, *block.totals]]
    for i, column in enumerate(block.columns):
        width = min(max(len(column.label) + 2, 10), 16)
        if column.kind == "text":  # as wide as its longest line, up to 60: a status or a date stays narrow
            texts = [v[i] for v in values if i < len(v) and v[i] is not None]
            width = min(max([width] + [len(part) + 2 for text in texts for part in str(text).split("\n")]), 60)
        if column.kind == "date":
            width = max(width, 12)
        widths.append(width)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    return widths


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (roughly)."""
    per_line = max(int(width) - 1, 1)
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))


def _header_heights(ws, block, top: int, depth: int, widths: list[float]) -> None:
    if depth == 1:
        _fit_heights(ws, widths, range(top, top + 1))
        return
    spans: dict[str, float] = {}
    for column, width in zip(block.columns, widths[1:]):
        if column.group is not None:
            spans[column.group] = spans.get(column.group, 0) + width
    group_lines = max((_lines(g, w) for g, w in spans.items()), default=1)
    label_lines = max(
        (_lines(c.label, w) for c, w in zip(block.columns, widths[1:]) if c.group is not None), default=1
    )
    ws.row_dimensions[top].height = 15 * group_lines
    ws.row_dimensions[top + 1].height = 15 * label_lines


def _fit_heights(ws, widths: list[float], rows: range) -> None:
    # Spreadsheets do not grow a row for wrapped text they did not lay out themselves.
    for r in rows:
        lines = 1
        for c, width in enumerate(widths, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(cell.value, str):
                lines = max(lines, _lines(cell.value, width))
        if lines > 1:
            ws.row_dimensions[r].height = min(15 * lines, 409)


def _sheet(ws, block, title: str, decimals: int) -> None:
    width = len(block.columns) + 1
    _write_text(ws, 1, 1, title).font = _TITLE
    _write_text(ws, 2, 1, block.title).font = _HEADING
    top = 4
    depth = _header(ws, top, block, width)
    first = top + depth
    row = first
    for line in [*block.rows, *block.totals]:
        label = _write_text(ws, row, 1, line.label)
        label.data_type = "s"
        label.alignment = _WRAP
        strong = line.kind not in ("cell", "given")
        for col, (column, value) in enumerate(zip(block.columns, line.values), start=2):
            _put(ws, row, col, value, column.kind, line.kind == "change" or getattr(column, "change", False),
                 decimals)
        for col in range(1, width + 1):
            cell = ws.cell(row=row, column=col)
            cell.border = _BOX
            if strong:
                cell.font = _BOLD
        row += 1
    if block.note:
        _write_text(ws, row + 1, 1, block.note).font = _NOTE
    ws.freeze_panes = ws.cell(row=first, column=2)
    widths = _widths(ws, block)
    _header_heights(ws, block, top, depth, widths)
    _fit_heights(ws, widths, range(first, row))
    ws.print_title_rows = f"{top}:{first - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def render_xlsx(blocks: Iterable, *, title: str, percent_decimals: int = 2) -> bytes:
    """The workbook's bytes: a sheet per block, each headed by ``title``."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for block in blocks:
        ws = workbook.create_sheet(sheet_name(block.short or block.title, taken))
        _sheet(ws, block, title, percent_decimals)
    if not workbook.worksheets:
        _write_text(workbook.create_sheet(sheet_name(title, taken)), 1, 1, title)
    workbook.properties.title = _text(title)[:255]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
