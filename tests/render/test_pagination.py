"""Where the pages break, through the real LibreOffice: what comes last on a page.

Each test pushes a block down the page one line of text at a time, from where it fits
whole to where it no longer starts on page 1, and reads the PDF's pages.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from chibo import letterhead
from chibo.compose import compose
from chibo.document import Column, Document, Masthead, Paragraph, Table
from chibo.figures import compute
from chibo.loader import load_file
from chibo.render.pdf import WarmConverter, docx_to_pdf
from chibo.render.to_docx import render_docx

ROOT = Path(__file__).resolve().parents[2]
MASTHEAD = Masthead([Paragraph.of("CHI BỘ")], [Paragraph.of("ĐẢNG CỘNG SẢN VIỆT NAM")])
CLOSING_SENTENCE = (
    "Trên đây là báo cáo tổng kết công tác xây dựng Đảng năm 2026 và phương hướng, "
    "nhiệm vụ năm 2027 của Chi bộ Trường THCS Đông Thành./."
)


@pytest.fixture(scope="module")
def converter():
    with WarmConverter(timeout=60) as c:
        yield c


def _pages(converter, blocks, closing=None) -> list[str]:
    document = Document(MASTHEAD, blocks, closing=closing)
    with pdfplumber.open(io.BytesIO(docx_to_pdf(render_docx(document), converter))) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _filler(lines: int) -> list[Paragraph]:
    return [Paragraph.of(f"Dòng văn bản thứ {i + 1}.") for i in range(lines)]


def _page_of(pages: list[str], text: str) -> int:
    return next(i for i, page in enumerate(pages) if text in page)


def _walk(converter, blocks, marker: str, start: int, closing=None):
    """Renders with more and more lines before ``blocks`` until ``marker`` leaves page 1."""
    for lines in range(start, start + 40):
        pages = _pages(converter, _filler(lines) + blocks, closing)
        yield lines, pages
        if marker not in pages[0]:
            return
    raise AssertionError(f"«{marker}» never left page 1")


def test_the_signature_takes_the_closing_sentence_with_it(converter):
    # The signature does not fit under the closing sentence: both go to page 2 together,
    # never the signature alone on the last page (the THCS example's page 13 was only that).
    closing = letterhead.closing(["Đảng ủy xã Đông Thành (để báo cáo)", "Lưu Chi bộ."], "T/M Chi bộ", "Bí thư", "Nguyễn Văn An")
    seen = []
    for lines, pages in _walk(converter, [Paragraph.of(CLOSING_SENTENCE)], "Nguyễn Văn An", 20, closing):
        seen.append(lines)
        assert _page_of(pages, "Trên đây") == _page_of(pages, "T/M CHI BỘ") == _page_of(pages, "Nguyễn Văn An"), lines
    assert len(seen) > 1  # the walk started where everything fitted on page 1
    # Only the closing sentence went along: the line before it stayed on page 1.
    assert f"Dòng văn bản thứ {seen[-1]}." in pages[0]


@pytest.fixture(scope="module")
def student_table() -> Table:
    """The 2020 example's student results: 7 columns, a header three lines high."""
    report = load_file(ROOT / "examples" / "tieu-hoc-2020.yaml").report
    return next(b for b in compose(report, compute(report), charts=False).body
                if isinstance(b, Table) and len(b.columns) == 7)


def test_a_seven_column_table_starts_under_the_text_when_its_first_rows_fit(converter, student_table):
    first, total = student_table.rows[0][0], student_table.rows[-1][0]
    header = student_table.columns[-1].title.split()[0]  # "Chênh"
    split = []
    for lines, pages in _walk(converter, [student_table, Paragraph.of("Đoạn sau bảng.")], first, 10):
        if student_table.caption in pages[0]:
            # Never the caption or the header alone at the foot of page 1.
            assert first in pages[0], lines
        if first in pages[0] and total not in pages[0]:
            split.append(lines)
            assert header in pages[1], pages[1][:200]  # the header row again, above the rest
            assert f"Dòng văn bản thứ {lines}." in pages[0]
    assert split, "the table moved whole to page 2 though its first rows fitted on page 1"


def test_a_header_and_one_row_stay_together(converter):
    table = Table([Column("Nội dung", 3), Column("Số lượng", 1, True)], [["Hàng duy nhất", "1"]], caption="Bảng một hàng")
    for lines, pages in _walk(converter, [table], "Hàng duy nhất", 24):
        assert _page_of(pages, "Bảng một hàng") == _page_of(pages, "Nội dung") == _page_of(pages, "Hàng duy nhất"), lines


def test_a_sentence_ending_in_a_colon_goes_with_the_table_it_introduces(converter):
    # «… phấn đấu đạt các chỉ tiêu sau:» was left at the foot of a page, its table on the next.
    intro = Paragraph.of("Phấn đấu đạt các chỉ tiêu sau:")
    table = Table([Column("Nội dung", 3), Column("Chỉ tiêu", 1, True)],
                  [[f"Chỉ tiêu số {i + 1}", f"{i + 1} em"] for i in range(4)], caption="Bảng chỉ tiêu")
    moved = False
    for lines, pages in _walk(converter, [intro, table], "Phấn đấu đạt", 20):
        assert _page_of(pages, "Phấn đấu đạt") == _page_of(pages, "Bảng chỉ tiêu") == _page_of(pages, "Chỉ tiêu số 1"), lines
        moved = "Phấn đấu đạt" not in pages[0]
    assert moved and f"Dòng văn bản thứ {lines}." in pages[0]


def test_a_long_paragraph_ending_in_a_colon_is_not_moved_whole():
    # LibreOffice moves a kept paragraph whole: eight lines kept with their table left
    # the tiểu học example's page 10 a quarter empty.
    import zipfile

    long = Paragraph.of("Thực hiện nghiêm túc các quy chế chuyên môn, chỉ tiêu nhiệm vụ năm học; " * 8 + "phấn đấu đạt các chỉ tiêu sau:")
    short = Paragraph.of("Phấn đấu đạt các chỉ tiêu sau:")
    table = Table([Column("Nội dung", 3), Column("Chỉ tiêu", 1, True)], [["Học sinh giỏi", "30 em"]])
    for intro, kept in ((long, False), (short, True)):
        data = render_docx(Document(MASTHEAD, [intro, table]))
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml").decode()
        paragraph = xml[xml.index("<w:p>", xml.index("</w:tbl>")):xml.index("phấn đấu đạt" if not kept else "Phấn đấu đạt")]
        assert ("<w:keepNext/>" in paragraph) is kept


def test_a_chart_follows_its_table_without_an_empty_line(converter):
    # The empty line kept after a table (to part it from text or from another table) is
    # not wanted before a chart, which has its own space above: that line more pushed a
    # chart that fitted, and a quarter page with it, to the next page.
    from chibo import charts
    from chibo.document import Figure

    png = charts.grouped_percent_bars("", ("Năm nay",), (charts.Bar("Tốt", (50.0,)),), 165.0, 40.0)
    table = Table([Column("Mức", 3), Column("Tỷ lệ", 1, True)], [["Tốt", "50,0%"]])
    document = Document(MASTHEAD, [table, Figure(png, aspect=40 / 165, caption="Biểu đồ thử"),
                                   table, Paragraph.of("Đoạn văn sau bảng.")])
    with pdfplumber.open(io.BytesIO(docx_to_pdf(render_docx(document), converter))) as pdf:
        page = pdf.pages[0]
        tables = sorted(t.bbox[3] for t in page.find_tables())
        image_top = page.images[0]["top"]
        text_top = next(line["top"] for line in page.extract_text_lines() if line["text"].startswith("Đoạn văn"))
    assert len(tables) == 2
    assert image_top - tables[0] < 10  # the figure's own 6 pt, no empty line
    assert text_top - tables[1] > 12  # text keeps its line of space from the table
