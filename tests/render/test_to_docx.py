"""The DOCX read back: text of every section, header, signature, fonts, sizes, margins."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from lxml import etree

from chibo.compose import compose
from chibo.document import Paragraph
from chibo.profiles import load_profile, parse_profile
from chibo.render.to_docx import _base_for, render_docx
from chibo.report import render_report
from sample_reports import loaded_example

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PART_ONE_HEADINGS = [
    "PHẦN THỨ NHẤT",
    "ĐÁNH GIÁ SỰ LÃNH ĐẠO CỦA CHI BỘ NĂM 2026",
    "I. Đặc điểm tình hình",
    "1. Thuận lợi",
    "2. Khó khăn",
    "II. Những kết quả đạt được",
    "1. Công tác tư tưởng chính trị",
    "2. Chuyên môn",
    "3. Công tác lãnh đạo đoàn thể",
    "4. Công tác văn nghệ, thể thao",
    "5. Công tác xây dựng Đảng",
    "6. Công tác kiểm tra, giám sát",
    "III. Khuyết điểm tồn tại",
    "1. Tư tưởng chính trị",
    "2. Chuyên môn",
    "3. Xây dựng cơ sở vật chất",
    "IV. Nguyên nhân và bài học",
    "1. Nguyên nhân",
    "* Nguyên nhân ưu điểm:",
    "* Nguyên nhân hạn chế:",
    "2. Bài học kinh nghiệm",
    "V. Kết quả đạt được cuối năm",
]
AREAS = [
    "1. Công tác tư tưởng chính trị",
    "2. Chuyên môn",
    "3. Xây dựng cơ sở vật chất",
    "4. Công tác tài chính",
    "5. Công tác đoàn thể",
    "6. Công tác văn nghệ, thể thao",
    "7. Công tác thi đua, khen thưởng",
    "8. Công tác Đảng",
]
PART_TWO_HEADINGS = [
    "PHẦN THỨ HAI",
    "MỤC TIÊU, NHIỆM VỤ TRỌNG TÂM CÔNG TÁC LÃNH ĐẠO NĂM 2027",
    "I. Các mục tiêu, chỉ tiêu cụ thể",
    *AREAS,
    "II. Các giải pháp thực hiện",
    *AREAS,
]


@pytest.fixture(scope="module")
def report():
    return loaded_example("thcs-2026.yaml")


@pytest.fixture(scope="module")
def rendered(report):
    return render_report(report)


@pytest.fixture(scope="module")
def doc(rendered):
    return docx.Document(io.BytesIO(rendered))


def mm(length) -> float:
    """A length read back from the DOCX, in mm (Word stores twips: 1/1440 inch)."""
    return round(length / 36000, 1)


def body_paragraphs(doc):
    """Paragraphs of the body outside tables, in order."""
    return [p for p in doc.paragraphs if p.text.strip()]


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_every_heading_in_order(doc):
    headings = [
        p.text for p in body_paragraphs(doc) if p.style.name.lower().startswith("heading")
    ]
    # Part titles have a style of their own; the rest are Word's Heading 1-4.
    expected = [
        h for h in PART_ONE_HEADINGS + PART_TWO_HEADINGS if not h.startswith(("ĐÁNH GIÁ", "MỤC TIÊU"))
    ]
    optional = ("Kết quả đạt được của hoạt động", "* Đối với tập thể")
    assert [h for h in headings if not h.startswith(optional)] == expected
    assert any(h.startswith(optional[0]) for h in headings)


def test_part_titles_and_title(doc):
    texts = [p.text for p in body_paragraphs(doc)]
    assert "BÁO CÁO" in texts
    assert (
        "Tổng kết công tác xây dựng Đảng năm 2026\nvà phương hướng, nhiệm vụ năm 2027" in texts
    )
    assert "ĐÁNH GIÁ SỰ LÃNH ĐẠO CỦA CHI BỘ NĂM 2026" in texts
    assert "MỤC TIÊU, NHIỆM VỤ TRỌNG TÂM CÔNG TÁC LÃNH ĐẠO NĂM 2027" in texts
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.style.font.size == Pt(16) and title.style.font.bold


def test_opening_and_closing_sentences(doc, report):
    texts = [p.text for p in body_paragraphs(doc)]
    opening = report.narrative.opening or ["Căn cứ vào tình hình hoạt động"]
    after_title = texts[texts.index("-----") + 1]
    assert after_title.startswith(opening[0])
    closing = [t for t in texts if t.startswith("Trên đây là báo cáo tổng kết")]
    assert closing == [
        "Trên đây là báo cáo tổng kết công tác xây dựng Đảng năm 2026 và phương hướng, "
        f"nhiệm vụ năm 2027 của {report.meta.cell_name}./."
    ]


def test_masthead(doc, report):
    masthead = doc.tables[0]
    left, right = (cell.text.split("\n") for cell in masthead.rows[0].cells)
    assert left[0] == report.meta.party_committee.upper()
    assert " ".join(left[1:-2]) == report.meta.cell_name.upper()
    assert left[-2:] == ["*", f"Số {report.meta.number}-BC/CB"]
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert re.fullmatch(rf"{report.meta.place}, ngày \d\d tháng \d\d năm 20\d\d", right[1])
    motto = masthead.rows[0].cells[1].paragraphs[0]
    assert motto.style.font.underline and motto.style.font.bold
    assert motto.style.font.size == Pt(15)
    org = masthead.rows[0].cells[0].paragraphs
    assert org[0].style.font.size == Pt(14) and not org[0].style.font.bold
    assert org[1].style.font.bold
    place = masthead.rows[0].cells[1].paragraphs[1]
    assert place.style.font.italic


def test_signature_and_distribution(doc, report):
    closing = doc.tables[-1]
    left, right = closing.rows[0].cells
    assert right.text.split("\n") == ["T/M CHI BỘ", "BÍ THƯ", report.meta.signer_name]
    lines = left.text.split("\n")
    assert lines[0] == "Nơi nhận:"
    assert all(line.startswith("- ") for line in lines[1:])
    assert lines[-1].endswith(".") and all(line.endswith(",") for line in lines[1:-1])
    assert left.paragraphs[0].style.font.underline
    assert left.paragraphs[1].style.font.size == Pt(12)


def test_page_setup_from_profile(doc):
    section = doc.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    # Page numbers at the top centre, none on page 1.
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert "PAGE" in "".join(header._p.itertext())
    assert header.style.paragraph_format.alignment == 1  # centre


def test_fonts_and_sizes(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    rfonts = normal.element.rPr.rFonts
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert rfonts.get(f"{W}{attr}") == "Times New Roman"
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        assert style.font.bold and style.font.size == Pt(14)
        assert style.font.name == "Times New Roman"
    body = next(p for p in doc.paragraphs if p.text.startswith("Trên đây"))
    assert body.style.font.size == Pt(14)
    assert mm(body.style.paragraph_format.first_line_indent) == 10


def test_tables(doc):
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Bảng ")]
    assert [re.sub(r"^Bảng \d+\. ", "", c).split(" năm")[0] for c in captions] == [
        "Tình hình đảng viên",
        "Kết quả rèn luyện của học sinh",
        "Kết quả học tập của học sinh",
        "Kết quả xếp loại chất lượng đảng viên",
        "Chỉ tiêu chuyên môn",
    ]
    members = doc.tables[1]
    assert members.rows[0].cells[0].text == "Nội dung"
    students = doc.tables[2]
    header = [c.text for c in students.rows[0].cells]
    assert header[:3] == ["Mức", "Số học sinh", "Tỷ lệ"]
    assert students.rows[-1].cells[0].text == "Tổng số"
    for row in students.rows[1:]:
        assert re.fullmatch(r"\d{1,3},\d\d%", row.cells[2].text)


def test_no_blank_markers_reach_the_output(doc):
    text = all_text(doc)
    assert "..." not in text and "…" not in text and "20.." not in text


def test_every_xml_part_well_formed_and_referenced(rendered):
    with zipfile.ZipFile(io.BytesIO(rendered)) as z:
        names = set(z.namelist())
        assert z.namelist()[0] == "[Content_Types].xml"
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))
        types = etree.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName").lstrip("/") for o in types if o.get("PartName")}
        assert overrides <= names, overrides - names
        for rels in (n for n in names if n.endswith(".rels")):
            folder = rels.replace("_rels/", "").removesuffix(".rels")
            base = folder.rsplit("/", 1)[0] if "/" in folder else ""
            for rel in etree.fromstring(z.read(rels)):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target").lstrip("/")
                path = target if rels == "_rels/.rels" else f"{base}/{target}".lstrip("/")
                assert path in names, f"{rels} points at missing {path}"


def test_special_characters_and_long_paragraphs(report):
    tricky = 'A & B < C > D "quoted" \'single\' 🎉 Đảng viên — tab\there'
    long = "Chi bộ lãnh đạo toàn diện. " * 186  # over 5,000 characters
    assert len(long) >= 5000
    changed = report.model_copy(deep=True)
    changed.narrative.results.ideology = [tricky, long.strip()]
    doc = docx.Document(io.BytesIO(render_report(changed)))
    texts = [p.text for p in doc.paragraphs]
    assert tricky.replace("\t", " ") in texts  # input tabs are tidied to spaces
    assert long.strip() in texts


def test_base_package_built_once_per_profile(report):
    document = compose(report)
    before = _base_for.cache_info()
    render_docx(document)
    render_docx(document)
    after = _base_for.cache_info()
    assert after.misses == before.misses  # built by an earlier render in this process
    assert after.hits >= before.hits + 2


def test_another_profile_changes_the_layout_without_code(report, tmp_path):
    text = (ROOT / "src/chibo/profiles/36-HD-VPTW.toml").read_text(encoding="utf-8")
    text = text.replace("left_mm = 30", "left_mm = 35").replace('name = "36-HD/VPTW"', 'name = "thử"')
    text = re.sub(r"(\[styles\.body\]\nsize = )14", r"\g<1>13", text)
    profile = parse_profile(text, "thử")
    doc = docx.Document(io.BytesIO(render_docx(compose(report), profile)))
    assert mm(doc.sections[0].left_margin) == 35
    assert doc.styles["Normal"].font.size == Pt(13)
    default = docx.Document(io.BytesIO(render_docx(compose(report), load_profile())))
    assert mm(default.sections[0].left_margin) == 30


def test_run_formatting_is_written(report):
    from chibo.document import Document, Masthead, Run

    document = Document(
        masthead=Masthead([Paragraph.of("A", "org_parent")], [Paragraph.of("B", "motto")]),
        body=[Paragraph([Run("đậm", bold=True), Run(" nghiêng", italic=True), Run(" gạch", underline=True)])],
    )
    doc = docx.Document(io.BytesIO(render_docx(document)))
    runs = doc.paragraphs[-1].runs
    assert [r.text for r in runs] == ["đậm", " nghiêng", " gạch"]
    assert runs[0].bold and runs[1].italic and runs[2].underline
