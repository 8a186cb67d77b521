"""Masthead and signature block: a đảng ủy's document as the guide lays it out,
and the blanks a clerk fills by hand when a value is not known."""

from __future__ import annotations

import io
from datetime import date

import docx
import lxml.html

from chibo import letterhead
from chibo.document import Document, Paragraph
from chibo.render.to_docx import render_docx
from chibo.render.to_html import render_html


def committee_document(**changes) -> Document:
    values = dict(
        parent="Đảng bộ tỉnh Nghệ An", number="12", place="Đông Thành", day=date(2026, 12, 28),
        signer="Trần Thị Hoa",
    )
    values.update(changes)
    return Document(
        masthead=letterhead.masthead(
            values["parent"], "Đảng ủy xã Đông Thành", values["number"], "BC/ĐU",
            values["place"], values["day"],
        ),
        body=[Paragraph.of("Nội dung.")],
        closing=letterhead.closing(
            ["Ban Thường vụ Tỉnh ủy (để báo cáo)", "Lưu Văn phòng Đảng ủy"], "T/M Đảng ủy",
            "Phó Bí thư", values["signer"],
        ),
    )


def docx_columns(document: Document):
    doc = docx.Document(io.BytesIO(render_docx(document)))
    masthead, closing = doc.tables[0], doc.tables[-1]
    return (
        [cell.paragraphs for cell in masthead.rows[0].cells],
        [cell.text.split("\n") for cell in closing.rows[0].cells],
    )


def test_committee_masthead_in_docx():
    (left, right), (recipients, signature) = docx_columns(committee_document())
    assert [p.text for p in left] == ["ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ ĐÔNG THÀNH", "*", "Số 12-BC/ĐU"]
    # the superior upright, the issuer in bold
    assert not left[0].style.font.bold and left[1].style.font.bold
    assert [p.text for p in right] == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đông Thành, ngày 28 tháng 12 năm 2026"]
    assert signature == ["T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Trần Thị Hoa"]
    assert recipients == [
        "Nơi nhận:", "- Ban Thường vụ Tỉnh ủy (để báo cáo),", "- Lưu Văn phòng Đảng ủy.",
    ]


def test_unknown_values_are_left_blank_for_the_clerk():
    document = committee_document(parent=None, number=None, place=None, day=None, signer=None)
    (left, right), (_, signature) = docx_columns(document)
    assert [p.text for p in left] == [
        letterhead.BLANK_TEXT, "ĐẢNG ỦY XÃ ĐÔNG THÀNH", "*", f"Số {letterhead.BLANK_NUMBER}-BC/ĐU",
    ]
    assert right[1].text == f"{letterhead.BLANK_TEXT}, ngày     tháng     năm"
    assert signature == ["T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", letterhead.BLANK_TEXT]
    # An empty number is blank too (a form field left empty).
    (left, _), _ = docx_columns(committee_document(number=""))
    assert left[-1].text == f"Số {letterhead.BLANK_NUMBER}-BC/ĐU"


def test_committee_masthead_in_html():
    tree = lxml.html.fromstring(render_html(committee_document()))
    header = tree.xpath("//header[@class='chibo-masthead']")[0]
    left = [p.text_content() for p in header.xpath(".//td")[0].findall("p")]
    assert left == ["ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ ĐÔNG THÀNH", "*", "Số 12-BC/ĐU"]
    footer = tree.xpath("//footer[@class='chibo-closing']")[0]
    assert [p.text_content() for p in footer.xpath(".//td")[1].findall("p")] == [
        "T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Trần Thị Hoa",
    ]
