"""The masthead's left column breaks a long cell name at one of its units (before
«TRƯỜNG», before the school's own name), never inside «Mầm non» or «Bình Minh II»:
measured with the font (fit_masthead) and read back from LibreOffice's PDF."""

from __future__ import annotations

from datetime import date

import pdfplumber
import pytest

from chibo import letterhead
from chibo.document import Document, Paragraph
from chibo.profiles import load_profile
from chibo.render.measure import fit_masthead, text_width_mm
from chibo.render.pdf import WarmConverter
from chibo.render.to_docx import render_docx

# name -> its lines in the masthead (14 pt bold capitals in a column beside the date)
NAMES = {
    "Chi bộ Trường Mầm non Bình Minh II": ["CHI BỘ TRƯỜNG MẦM NON", "BÌNH MINH II"],
    "Chi bộ Trường MN Bình Minh II": ["CHI BỘ TRƯỜNG MN", "BÌNH MINH II"],
    "Chi bộ Trường THCS Nguyễn Văn Trỗi": ["CHI BỘ TRƯỜNG THCS", "NGUYỄN VĂN TRỖI"],
    "Chi bộ Trường Trung học cơ sở Nguyễn Văn Trỗi": ["CHI BỘ", "TRƯỜNG TRUNG HỌC CƠ SỞ", "NGUYỄN VĂN TRỖI"],
    "Chi bộ Trường THCS Đông Thành": ["CHI BỘ TRƯỜNG THCS", "ĐÔNG THÀNH"],
}


def _masthead(name: str):
    return letterhead.masthead("Đảng bộ xã Đông Thành", name, "15", "BC/CB", "Đông Thành", date(2026, 12, 18))


@pytest.mark.parametrize("name", NAMES)
def test_a_long_name_breaks_at_its_units_and_each_line_fits(name):
    profile = load_profile()
    left, pct = fit_masthead(_masthead(name).left, _masthead(name).right, profile)
    lines = left[1].text.split("\n")
    assert lines == NAMES[name]
    style = profile.style("org_name")
    room = profile.page.text_width_mm * pct / 100 - 2 * profile.table_cell_margin_mm
    for line in lines:
        assert text_width_mm(line, profile.font, style.size, style.bold) < room, line


@pytest.mark.parametrize("text, breaks", [
    ("CHI BỘ TRƯỜNG MẦM NON BÌNH MINH II", [2, 5]),
    ("Chi bộ Trường TH&THCS Đông Thành", [2, 4]),
    ("CHI BỘ TRƯỜNG TIỂU HỌC VÀ THCS AN BÌNH", [2, 7]),
    ("CHI BỘ TRƯỜNG NGUYỄN HUỆ", [2, 3]),
    ("ĐẢNG BỘ XÃ ĐÔNG THÀNH", []),
])
def test_name_breaks_are_before_truong_and_before_the_schools_own_name(text, breaks):
    assert letterhead.name_breaks(text) == breaks


def test_libreoffice_sets_the_name_as_measured(tmp_path):
    with WarmConverter() as converter:
        for i, name in enumerate(NAMES):
            document = Document(masthead=_masthead(name), body=[Paragraph.of("Nội dung.")])
            source, target = tmp_path / f"{i}.docx", tmp_path / f"{i}.pdf"
            source.write_bytes(render_docx(document))
            converter.convert(source, target)
            with pdfplumber.open(target) as pdf:
                text = pdf.pages[0].extract_text() or ""
            lines = [line.strip() for line in text.splitlines()]
            # the left column's lines come first in each row; the motto and date stand beside
            found = [line for line in lines if line.startswith(tuple(NAMES[name]))]
            assert [next(n for n in NAMES[name] if line.startswith(n)) for line in found] == NAMES[name], lines
            assert not any(line.startswith(("NON ", "MINH II", "CƠ SỞ", "VĂN TRỖI")) for line in lines), lines
