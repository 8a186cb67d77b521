"""The đảng ủy's summary DOCX read back: masthead, title, the consolidated numbers
(equal to sums computed here from the reports' data), the lists, the print layout."""

from __future__ import annotations

import copy
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.shared import Pt

from chibo.consolidate import consolidate, summarize
from chibo.labels import Rating, SignerRole
from chibo.render.layout import check_layout
from chibo.render.pdf import WarmConverter
from chibo.render.to_html import render_html
from chibo.summary import Office, compose_summary, format_value, render_summary_docx, short_label
from chibo.vietnamese import format_decimal, format_int
from sample_reports import example_report, varied_thcs

ROOT = Path(__file__).resolve().parents[1]
ORGANISATION = "Đảng bộ xã Đông Thành"
OFFICE = Office(
    ORGANISATION, superior="Đảng bộ tỉnh Nghệ An", number="12", place="Đông Thành",
    date=date(2026, 12, 28), signer_name="Trần Thị Hoa", signer_role=SignerRole.DEPUTY_SECRETARY,
)


THCS, TIEU_HOC = example_report("thcs-2026.yaml"), example_report("tieu-hoc-2026.yaml")
thcs = varied_thcs


NOW = [
    thcs("Chi bộ Trường THCS Đông Thành", 0, "httnv"),
    thcs("Chi bộ Trường THCS Đông Hòa", 3, "htxsnv"),
    thcs("Chi bộ Trường THCS Đông Lĩnh", 5, "htnv"),
    copy.deepcopy(TIEU_HOC),
]
THEN = [thcs("Chi bộ Trường THCS Đông Thành", 0, "httnv", 2025), thcs("Chi bộ Trường THCS Đông Hòa", 1, "httnv", 2025)]
DRAFT = thcs("Chi bộ Trường THCS Chưa Nộp", 9, "htxsnv")


@pytest.fixture(scope="module")
def result():
    rows = [summarize(d) for d in NOW] + [{**summarize(DRAFT), "counted": False}]
    return consolidate(rows, year=2026, organisation=ORGANISATION, last_year=[summarize(d) for d in THEN])


@pytest.fixture(scope="module")
def data(result) -> bytes:
    return render_summary_docx(result, OFFICE)


@pytest.fixture(scope="module")
def doc(data):
    return docx.Document(io.BytesIO(data))


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def captioned(doc, start: str):
    """The table after the caption paragraph that starts with ``start`` ("Bảng 2. …")."""
    body = doc.element.body
    children = list(body.iterchildren())
    for i, element in enumerate(children):
        text = "".join(element.itertext())
        if element.tag.endswith("}p") and text.startswith("Bảng ") and text.split(". ", 1)[-1].startswith(start):
            table = children[i + 1]
            return next(t for t in doc.tables if t._tbl is table)
    raise AssertionError(f"no table captioned {start!r}")


def text_of(doc) -> str:
    return "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    )


def test_masthead_title_and_signature_of_the_dang_uy(doc):
    left, right = (cell.text.split("\n") for cell in doc.tables[0].rows[0].cells)
    assert left == ["ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ ĐÔNG THÀNH", "*", "Số 12-BC/ĐU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đông Thành, ngày 28 tháng 12 năm 2026"]
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tổng hợp kết quả công tác xây dựng Đảng năm 2026\ncủa các chi bộ trường học" in texts
    recipients, signature = (cell.text.split("\n") for cell in doc.tables[-1].rows[0].cells)
    assert signature == ["T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Trần Thị Hoa"]
    assert recipients[:2] == ["Nơi nhận:", "- Tỉnh ủy Nghệ An (để báo cáo),"]
    assert doc.core_properties.title.startswith("Báo cáo tổng hợp kết quả công tác xây dựng Đảng năm 2026")


def test_unknown_office_details_are_left_blank(result):
    doc = docx.Document(io.BytesIO(render_summary_docx(result, Office(ORGANISATION, superior=" ", number=""))))
    left, right = (cell.text.split("\n") for cell in doc.tables[0].rows[0].cells)
    assert left[0].strip("…") == "" and left[1] == "ĐẢNG ỦY XÃ ĐÔNG THÀNH"
    assert left[3].replace(" ", "") == "Số-BC/ĐU"
    assert right[1].startswith("……………, ngày     tháng")
    _, signature = (cell.text.split("\n") for cell in doc.tables[-1].rows[0].cells)
    assert signature[:2] == ["T/M ĐẢNG ỦY", "BÍ THƯ"] and signature[2].strip("…") == ""


def test_member_totals_are_the_sums_of_the_reports(doc):
    counted = NOW  # the draft is not counted
    totals = {row[0]: row[1:] for row in table_rows(captioned(doc, "Tình hình đảng viên của các chi bộ"))}
    for key, label in (("start_of_year", "Số đảng viên đầu năm"), ("end_of_year", "Số đảng viên cuối năm"),
                       ("women", "Số đảng viên nữ"), ("admitted", "Số đảng viên kết nạp trong năm")):
        now = sum(load(d).members_count(key) for d in counted)
        then = sum(load(d).members_count(key) for d in THEN)
        assert totals[label] == [format_int(now), format_int(then), _signed(now - then)], label


class load:
    """A report's member counts as its own file gives them (a roster is counted by chibo.members)."""

    def __init__(self, data: dict) -> None:
        from chibo.figures import compute
        from chibo.model import Report

        self.figures = compute(Report.model_validate(data))

    def members_count(self, key: str) -> int:
        return self.figures.members.counts[key]


def _signed(n) -> str:
    return ("+" if n > 0 else "−" if n < 0 else "") + str(abs(n))


def test_per_cell_table_lists_only_counted_cells_with_the_totals(doc):
    rows = table_rows(captioned(doc, "Đảng viên theo chi bộ"))
    names = [row[0] for row in rows[1:]]
    assert names[:4] == [d["meta"]["cell_name"] for d in NOW]
    assert "Chi bộ Trường THCS Chưa Nộp" not in text_of(doc)
    assert names[4:] == ["Tổng cộng", "Năm trước (2025)", "Tăng (+), giảm (-)"]
    header = rows[0]
    end = header.index("Cuối năm")
    assert [row[end] for row in rows[1:5]] == [str(load(d).members_count("end_of_year")) for d in NOW]
    # Many columns: the table is set in the profile's smaller dense roles.
    table = captioned(doc, "Đảng viên theo chi bộ")
    assert table.rows[1].cells[1].paragraphs[0].style.font.size == Pt(11)


def test_student_rates_are_weighted_by_students(doc):
    secondary = [d for d in NOW if d["meta"]["school_level"] == "thcs"]
    assessed = sum(d["students"]["assessed"] for d in secondary)
    good = sum(d["students"]["conduct"]["tot"] for d in secondary)
    rate = format_decimal(Decimal(good) * 100 / assessed, 2)
    rows = table_rows(captioned(doc, "Kết quả rèn luyện theo chi bộ"))
    total = next(row for row in rows if row[0] == "Tổng cộng")
    assert total[1:3] == [format_int(assessed), rate]
    # never the average of the cells' rates
    average = sum(Decimal(d["students"]["conduct"]["tot"]) * 100 / d["students"]["assessed"] for d in secondary) / 3
    assert format_decimal(average, 2) != rate
    assert f"Tốt {format_int(good)} em ({rate}%)" in text_of(doc)
    # The tiểu học cell is in its own block (TT27), its phẩm chất, năng lực at Tốt one by one.
    assert "Các trường đánh giá theo Thông tư 27/2020/TT-BGDĐT" in text_of(doc)
    assert "Mức Tốt theo từng phẩm chất, năng lực: Yêu nước 652 em (95,32%); Nhân ái 645 em" in text_of(doc)


def test_tables_show_the_numbers_of_the_blocks(result, doc):
    blocks = {b.key: b for b in result.blocks()}
    levels = blocks["cell_levels"]
    rows = table_rows(captioned(doc, "Xếp loại chất lượng chi bộ năm 2026"))
    assert [row[0] for row in rows[1:]] == [r.label for r in levels.rows] + ["Tổng cộng"]
    assert rows[1][1:] == [format_int(v) if i < 2 else format_value(v, "count", signed=True)
                           for i, v in enumerate(levels.rows[0].values)]
    targets = blocks["targets"]
    rows = {row[0]: row[1] for row in table_rows(captioned(doc, "Tổng hợp chỉ tiêu năm 2027"))}
    for column, value in zip(targets.columns, targets.totals[0].values):
        assert rows[column.label] == format_value(value, column.kind)


def test_lists_the_office_needs(result, doc):
    paragraphs = [p.text for p in doc.paragraphs]
    assert "- Hoàn thành xuất sắc nhiệm vụ (02 chi bộ): Chi bộ Trường THCS Đông Hòa; Chi bộ Trường Tiểu học Tân Phong." in paragraphs
    assert "- Hoàn thành nhiệm vụ (01 chi bộ): Chi bộ Trường THCS Đông Lĩnh." in paragraphs
    # Members admitted: names when the cell gave a member list, else the count.
    admitted = {row[0]: row[1:] for row in table_rows(captioned(doc, "Đảng viên kết nạp trong năm 2026"))[1:]}
    assert admitted["Chi bộ Trường Tiểu học Tân Phong"] == ["1", "Đinh Thị Quỳnh"]
    assert admitted["Chi bộ Trường THCS Đông Hòa"] == [str(THCS["members"]["admitted"]), ""]
    assert admitted["Tổng cộng"][0] == str(sum(load(d).members_count("admitted") for d in NOW))
    # Members rated HTXSNV per cell, and their total.
    excellent = {row[0]: row[1] for row in table_rows(captioned(doc, "Đảng viên hoàn thành xuất sắc nhiệm vụ"))[1:]}
    assert excellent == {
        **{cell: str(n) for cell, n in result.rated_excellent()},
        "Tổng cộng": str(sum(d["classification"]["excellent"] for d in NOW[:3]) + 2),  # the tiểu học example rates 2
    }
    # The cell's own level in the per-cell table, abbreviated, and the key to the abbreviations.
    rows = table_rows(captioned(doc, "Xếp loại đảng viên và chi bộ theo từng chi bộ"))
    assert rows[2][-1] == short_label(Rating.EXCELLENT.label) == "HTXSNV"
    assert any(p.startswith("Viết tắt: HTXSNV: hoàn thành xuất sắc nhiệm vụ;") for p in paragraphs)


def test_sentences_state_the_numbers(doc):
    texts = [p.text for p in doc.paragraphs]
    assert "Số chi bộ có báo cáo được tổng hợp: 04 (01 chi bộ trường tiểu học, 03 chi bộ trường trung học cơ sở)." in texts
    assert (
        "Trong 04 chi bộ: 02 chi bộ hoàn thành xuất sắc nhiệm vụ; 01 chi bộ hoàn thành tốt nhiệm vụ; "
        "01 chi bộ hoàn thành nhiệm vụ." in texts
    )
    assert any(t.endswith("của các chi bộ trường học trực thuộc Đảng bộ xã Đông Thành./.") for t in texts)


def test_html_preview_of_the_same_document(result):
    tree = lxml.html.fromstring(render_html(compose_summary(result, OFFICE)))
    assert "ĐẢNG ỦY XÃ ĐÔNG THÀNH" in tree.xpath("//header")[0].text_content()
    dense = tree.xpath("//td[contains(@class, 'r-table_number_dense')]")
    assert dense


def test_pdf_passes_the_layout_check(data, tmp_path):
    source, target = tmp_path / "tong-hop.docx", tmp_path / "tong-hop.pdf"
    source.write_bytes(data)
    with WarmConverter() as converter:
        converter.convert(source, target)
    assert check_layout(target) == []


def test_a_large_dang_bo_prints_well(tmp_path):
    """300 cells: long tables repeat their header, the signature is not split from its name."""
    rows = []
    for i in range(300):
        row = summarize(thcs(f"Chi bộ Trường THCS Số {i + 1}", i % 20, ("htxsnv", "httnv", "htnv")[i % 3]))
        rows.append(row)
    result = consolidate(rows, year=2026, organisation=ORGANISATION)
    source, target = tmp_path / "tong-hop.docx", tmp_path / "tong-hop.pdf"
    source.write_bytes(render_summary_docx(result, OFFICE))
    with WarmConverter() as converter:
        converter.convert(source, target)
    assert check_layout(target) == []
    import pdfplumber

    with pdfplumber.open(target) as pdf:
        last = pdf.pages[-1].extract_text()
        assert len(pdf.pages) > 20
    assert "T/M ĐẢNG ỦY" in last and "Trần Thị Hoa" in last


def test_no_report_yet_is_said_not_a_page_of_zeros_only():
    empty = consolidate([{**summarize(DRAFT), "counted": False}], year=2026, organisation=ORGANISATION)
    doc = docx.Document(io.BytesIO(render_summary_docx(empty, OFFICE)))
    assert "Chưa có báo cáo năm 2026 nào của các chi bộ được tổng hợp." in [p.text for p in doc.paragraphs]
    assert "Chi bộ Trường THCS Chưa Nộp" not in text_of(doc)


def test_a_profile_without_dense_styles_sets_the_tables_in_its_usual_ones(result):
    """A committee's own profile written before the dense roles existed still works."""
    from chibo.profiles import parse_profile

    text = (ROOT / "src/chibo/profiles/36-HD-VPTW.toml").read_text(encoding="utf-8")
    kept = "\n\n".join(part for part in text.split("\n\n") if "_dense]" not in part)
    assert "table_number_dense" not in kept
    profile = parse_profile(kept, "cũ")
    doc = docx.Document(io.BytesIO(render_summary_docx(result, OFFICE, profile)))
    table = captioned(doc, "Đảng viên theo chi bộ")
    assert table.rows[1].cells[1].paragraphs[0].style.font.size == Pt(13)


# --- figures some cells did not give; the profile's precision and widths -------------


def _left_out(data: dict, members=(), classification=()) -> dict:
    data = copy.deepcopy(data)
    for name in members:
        data["members"].pop(name, None)
    for name in classification:
        data["classification"].pop(name, None)
    return data


def test_a_figure_some_cells_did_not_give_is_not_read_as_zero():
    movements = ("admitted", "transferred_in", "transferred_out", "retired", "died", "removed")
    full = _left_out(thcs("Chi bộ Trường THCS Đông Thành", 0), members=("women",))
    part = _left_out(thcs("Chi bộ Trường THCS Đông Hòa", 3),
                     members=("start_of_year", "official", "probationary", "women", *movements))
    result = consolidate([summarize(full), summarize(part)], year=2026, organisation=ORGANISATION)
    doc = docx.Document(io.BytesIO(render_summary_docx(result, OFFICE)))
    sentence = next(p.text for p in doc.paragraphs if p.text.startswith("Tổng số đảng viên đầu năm"))
    start = full["members"]["start_of_year"]
    end = full["members"]["end_of_year"] + part["members"]["end_of_year"]
    assert f"đầu năm của các chi bộ {start} đồng chí" in sentence
    assert f"cuối năm {end} đồng chí, trong đó chính thức {full['members']['official']}" in sentence
    # Said once: the totals of fewer cells, not the year-end total every cell gave.
    assert sentence.endswith("Số đầu năm, biến động trong năm, chính thức, dự bị chỉ tính 1/2 chi bộ có số liệu.")
    assert " nữ " not in sentence  # no cell gave it: not «nữ 0 đồng chí»
    totals = {row[0]: row[1:] for row in table_rows(captioned(doc, "Tình hình đảng viên của các chi bộ"))}
    assert totals["Số đảng viên đầu năm"] == [format_int(start), "1/2"]
    assert totals["Số đảng viên nữ"] == ["—", "0/2"]
    per_cell = table_rows(captioned(doc, "Đảng viên theo chi bộ"))
    header, hoa = per_cell[0], next(r for r in per_cell if r[0] == "Chi bộ Trường THCS Đông Hòa")
    assert hoa[header.index("Đầu năm")] == "—" and hoa[header.index("Kết nạp trong năm")] == "—"
    assert "Số chi bộ có số liệu" in [r[0] for r in per_cell]
    texts = [p.text for p in doc.paragraphs]
    assert "Chi bộ không ghi số đảng viên kết nạp: Chi bộ Trường THCS Đông Hòa." in texts


def test_precision_and_column_widths_come_from_the_profile(result):
    from chibo.document import Table
    from chibo.profiles import parse_profile

    text = (ROOT / "src/chibo/profiles/36-HD-VPTW.toml").read_text(encoding="utf-8")
    assert "percent_decimals = 2" in text and "summary_totals = [3, 1.2]" in text
    profile = parse_profile(text.replace("percent_decimals = 2", "percent_decimals = 1")
                            .replace("summary_totals = [3, 1.2]", "summary_totals = [2.5, 1]"), "một chữ số")
    document = compose_summary(result, OFFICE, profile)
    tables = [b for b in document.body if isinstance(b, Table)]
    totals = next(t for t in tables if "Tình hình đảng viên của các chi bộ" in t.caption)
    assert [c.weight for c in totals.columns] == [2.5, 1, 1, 1]
    students = next(t for t in tables if "tổng hợp năm học" in t.caption)
    rates = [row[1] for row in students.rows if row[1].count(",") == 1]
    assert rates and all(len(r.split(",")[1]) == 1 for r in rates), rates  # "84,8", not "84,83"
    total = result.totals.rate("tt22", "conduct", "tot")
    from chibo.document import Paragraph

    said = "\n".join(p.text for p in document.body if isinstance(p, Paragraph))
    assert f"({format_decimal(total, 1)}%)" in said


def test_the_schools_figures_given_by_some_cells(doc):
    texts = [p.text for p in doc.paragraphs]
    school = TIEU_HOC["school"]
    staff = school["managers"] + school["teachers"] + school["staff"]
    end = load(TIEU_HOC).members_count("end_of_year")
    share = format_decimal(Decimal(end) * 100 / staff, 2)
    assert (f"Đảng viên chiếm {share}% tổng số cán bộ, giáo viên, nhân viên của các trường "
            "(1/4 trường có số liệu).") in texts
    rows = {r[0]: r[1:] for r in table_rows(captioned(doc, "Cán bộ, giáo viên, nhân viên, học sinh"))}
    assert rows["Số giáo viên"][:2] == [format_int(school["teachers"]), "1/4"]
