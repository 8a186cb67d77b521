"""Text in table cells stays clear of the rules (real LibreOffice).

Vietnamese stacks marks above capitals and vowels («Chuyển», «Ẩ») and puts a dot
below («Dự bị», «Kết nạp»): a row exactly one line high drew them onto its rules.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber

from chibo.compose import compose
from chibo.document import Document, Masthead, Paragraph, Table
from chibo.figures import compute
from chibo.loader import load_file
from chibo.render.pdf import docx_to_pdf
from chibo.render.to_docx import render_docx

ROOT = Path(__file__).resolve().parents[2]


def test_every_letter_of_a_table_lies_between_its_row_rules():
    report = load_file(ROOT / "examples" / "tieu-hoc-2020.yaml").report
    tables = [b for b in compose(report, compute(report), charts=False).body if isinstance(b, Table)][:2]
    document = Document(Masthead([Paragraph.of("CHI BỘ")], [Paragraph.of("ĐẢNG CỘNG SẢN VIỆT NAM")]), tables)
    with pdfplumber.open(io.BytesIO(docx_to_pdf(render_docx(document)))) as pdf:
        page = pdf.pages[0]
        rules = sorted({e["top"] for e in page.edges if e["orientation"] == "h"})
        found = page.find_tables()
        assert len(found) == 2
        checked = 0
        for table in found:
            _, top, _, bottom = table.bbox
            for char in page.chars:
                if not char["text"].strip() or char["top"] < top - 2 or char["bottom"] > bottom + 2:
                    continue
                # The font's whole height (marks above, dot below) between the rule above and below.
                above = max(r for r in rules if r <= char["top"] + 4)
                below = min(r for r in rules if r >= char["bottom"] - 4)
                assert char["top"] >= above and char["bottom"] <= below, (char["text"], char["top"], above)
                checked += 1
        assert checked > 100


def test_a_label_on_two_lines_breaks_where_the_halves_balance():
    # «Hoàn thành xuất / sắc» and «Chưa hoàn / thành» left one word alone on the second line.
    report = load_file(ROOT / "examples" / "tieu-hoc-2026.yaml").report
    table = next(b for b in compose(report, compute(report), charts=False).body
                 if isinstance(b, Table) and len(b.columns) == 7)
    document = Document(Masthead([Paragraph.of("CHI BỘ")], [Paragraph.of("ĐẢNG CỘNG SẢN VIỆT NAM")]), [table])
    with pdfplumber.open(io.BytesIO(docx_to_pdf(render_docx(document)))) as pdf:
        page = pdf.pages[0]
        grid = page.find_tables()[0]
        first_column = grid.rows[1].cells[0][2]  # right edge of the label column
        words = [w for w in page.extract_words() if w["x1"] <= first_column and w["top"] > grid.rows[0].bbox[3]]
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(round(word["top"]), []).append(word["text"])
    labels = [" ".join(ws) for _, ws in sorted(lines.items())]
    assert labels[:2] == ["Hoàn thành", "xuất sắc"], labels
    assert "Chưa" in labels and labels[labels.index("Chưa") + 1] == "hoàn thành", labels
