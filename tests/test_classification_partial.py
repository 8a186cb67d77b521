"""A member level left empty beside typed ones (the typed levels adding up to the members
rated, so no lỗi): the report's table shows «—», its sentence and chart leave it out, and
the office's totals keep it «—» in that cell's row — never a 0 nobody typed."""

from __future__ import annotations

import io

import docx

from chibo.compose import compose
from chibo.consolidate import consolidate, summarize
from chibo.document import Figure
from chibo.figures import compute
from chibo.loader import validate
from chibo.problems import Severity
from chibo.render.to_docx import render_docx
from chibo.rules import check
from chibo.summary import Office, render_summary_docx
from sample_reports import example_report, varied_thcs


def _partial() -> dict:
    data = example_report("thcs-2026.yaml")  # 3 + 19 + 2 + 0 rated, 1 not rated: 25 members
    del data["classification"]["failed"]
    return data


def _document(data: dict):
    report = validate(data).report
    assert report is not None
    return report, compose(report, compute(report))


def _classification_table(document) -> dict[str, list[str]]:
    doc = docx.Document(io.BytesIO(render_docx(document)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Mức xếp loại"))
    return {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}


def _chart(document) -> bytes:
    return next(b.png for b in document.body if isinstance(b, Figure) and "chất lượng đảng viên" in b.caption)


def test_an_empty_level_is_printed_as_not_given_not_zero():
    report, document = _document(_partial())
    assert not [p for p in check(report, compute(report)) if p.severity is Severity.ERROR]
    rows = _classification_table(document)
    assert rows["Không hoàn thành nhiệm vụ"] == ["—", ""]
    assert rows["Hoàn thành tốt nhiệm vụ"][0] == "19"
    assert rows["Tổng số được xếp loại"][0] == "24"
    typed = _document(example_report("thcs-2026.yaml"))[1]
    assert _classification_table(typed)["Không hoàn thành nhiệm vụ"] == ["0", "0,00%"]
    # the chart draws the typed levels only: not the chart of a typed 0
    assert _chart(document) != _chart(typed)


def test_the_editors_figures_show_the_empty_level_as_not_given():
    from chibo.draft import draft_state

    _problems, figures = draft_state(_partial())
    rows = {r["code"]: r for r in figures["classification"]["rows"]}
    assert rows["khtnv"]["count"] == "—" and rows["khtnv"]["percent"] == ""
    assert rows["httnv"]["count"] == 19


def test_the_office_keeps_a_cells_empty_level_empty():
    a, b = varied_thcs("A", 0), varied_thcs("B", 1)
    del b["classification"]["failed"]
    result = consolidate([summarize(a), summarize(b)], year=2026, organisation="Đảng bộ")
    assert result.rows[1]["classification"]["khtnv"] is None
    block = next(bl for bl in result.blocks() if bl.key == "classification")
    column = [c.key for c in block.columns].index("khtnv")
    assert block.rows[1].values[column] is None  # «—», not 0
    assert result.totals.given["classification"]["khtnv"] == 1
    assert result.totals.given["classification"]["httnv"] == 2
    # the summary counts B among the cells that gave the classification
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_summary_docx(result, Office("Đảng bộ", superior=" ", number="")))).paragraphs)
    assert "Số đảng viên được xếp loại" in text
    assert "chi bộ có số liệu)" not in text.split("Số đảng viên được xếp loại")[1].split(".")[0]


def test_a_students_level_left_out_is_not_printed_as_zero():
    data = example_report("thcs-2026.yaml")
    conduct = data["students"]["conduct"]
    assert conduct["chua_dat"] == 0
    del conduct["chua_dat"]  # the other levels still add up to the pupils assessed
    report, document = _document(data)
    assert not [p for p in check(report, compute(report)) if p.severity is Severity.ERROR]
    doc = docx.Document(io.BytesIO(render_docx(document)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mức"
                 and any(r.cells[0].text == "Chưa đạt" for r in t.rows))
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Chưa đạt"][:2] == ["—", ""]
    line = next(p.text for p in doc.paragraphs if p.text.startswith("- Kết quả rèn luyện"))
    assert "Chưa đạt" not in line and "Tốt" in line


def test_a_quality_level_left_out_is_not_printed_as_zero():
    data = example_report("tieu-hoc-2026.yaml")
    q = data["students"]["qualities"]["yeu_nuoc"]
    q["dat"] += q.pop("can_co_gang")  # still adding up: Cần cố gắng left out, not typed 0
    # Tốt left out too in another quality (Đạt and Cần cố gắng add up): no Tốt share said for it
    n = data["students"]["qualities"]["nhan_ai"]
    n["dat"] += n.pop("tot")
    report, document = _document(data)
    assert not [p for p in check(report, compute(report)) if p.severity is Severity.ERROR]
    doc = docx.Document(io.BytesIO(render_docx(document)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Phẩm chất, năng lực")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Yêu nước"][2] == "—" and rows["Nhân ái"][0] == "—"
    assert rows["Yêu nước"][0].startswith("652 (")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "(Nhân ái)" not in text.split("Đánh giá phẩm chất, năng lực:")[1].split("\n")[0]


def test_the_office_keeps_a_cells_left_out_student_level_empty():
    a, b = varied_thcs("A", 0), varied_thcs("B", 1)
    assert b["students"]["conduct"]["chua_dat"] == 0
    del b["students"]["conduct"]["chua_dat"]
    row = summarize(b)
    assert row["students"]["conduct"]["chua_dat"] is None
    result = consolidate([summarize(a), row], year=2026, organisation="Đảng bộ")
    block = next(bl for bl in result.blocks() if bl.key == "students_tt22")
    column = [c.key for c in block.columns].index("conduct.chua_dat.n")
    assert block.rows[1].values[column] is None and block.rows[0].values[column] == 0
    assert result.totals.given["students_tt22"]["conduct.chua_dat"] == 1
