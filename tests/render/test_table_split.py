"""A table that does not fit the rest of a page splits, its header row repeated on the
next page, instead of moving whole and leaving the page half empty (real LibreOffice)."""

from __future__ import annotations

import io

import pdfplumber

from chibo.document import Column, Document, Masthead, Paragraph, Table
from chibo.render.pdf import docx_to_pdf
from chibo.render.to_docx import render_docx

ROWS = 16  # short enough that the old renderer kept it whole on one page


def _pages(lines_before: int) -> list[str]:
    table = Table([Column("Nội dung", 3), Column("Số lượng", 1, True)],
                  [[f"Hàng số {i + 1}", str(i + 1)] for i in range(ROWS)], caption="Bảng thử")
    body = [Paragraph.of(f"Dòng văn bản thứ {i + 1}.") for i in range(lines_before)] + [table]
    document = Document(Masthead([Paragraph.of("CHI BỘ")], [Paragraph.of("ĐẢNG CỘNG SẢN VIỆT NAM")]), body)
    with pdfplumber.open(io.BytesIO(docx_to_pdf(render_docx(document)))) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_a_table_at_the_bottom_of_a_page_splits_with_its_header_repeated():
    # Find how many lines fill page 1 so the table just overflows it.
    for lines_before in range(10, 30):  # one line at a time: the first split leaves the fewest rows
        pages = _pages(lines_before)
        if len(pages) > 1 and "Hàng số 16" in pages[1] and "Dòng văn bản" not in pages[1]:
            break
    first, second = pages[0], pages[1]
    assert "Bảng thử" in first and "Hàng số 1 1" in first and "Hàng số 2 2" in first, first[-300:]
    assert "Hàng số 16" in second
    assert "Nội dung" in second  # the header row again at the top of page 2
    # No row alone: the last two rows share a page, the header has a row under it.
    assert "Hàng số 15" in second and "Hàng số 14" not in second
