"""A structure the cell owns (Report.structure, Report.left_out on whole sections): Căn cứ
lines, its title line and symbol, sections renamed, left out and added, read back from the
DOCX with the numbering right."""

from __future__ import annotations

import io
import re

import docx

from chibo.compose import compose
from chibo.figures import compute
from chibo.loader import validate
from chibo.model import SECTION_PATHS
from chibo.render.to_docx import render_docx
from chibo.rules import check
from sample_reports import example_report


def _data() -> dict:
    return example_report()


def _report(**changes):
    data = _data()
    data.update(changes)
    loaded = validate(data)
    assert loaded.report is not None, [p.message for p in loaded.problems]
    return loaded.report


def _docx(report) -> docx.Document:
    return docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))


def _lines(report) -> list[str]:
    return [p.text for p in _docx(report).paragraphs]


def _numbered(lines, pattern) -> list[str]:
    return [line for line in lines if re.match(pattern, line)]


def _headings_numbered_without_gaps(lines) -> None:
    """Roman numbers restart in each Phần; arabic ones under each roman heading."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    expected_roman, expected_arabic = 0, 0
    for line in lines:
        if line.startswith("PHẦN THỨ"):
            expected_roman = 0
        m = re.match(r"^([IVX]+)\. ", line)
        if m:
            assert m.group(1) == roman[expected_roman], (line, lines)
            expected_roman += 1
            expected_arabic = 0
            continue
        m = re.match(r"^(\d+)\. (\w)", line)
        if m and m.group(2).isupper() and len(line) < 90:
            expected_arabic += 1
            assert int(m.group(1)) == expected_arabic, (line, lines)


def test_grounds_are_printed_before_the_opening_each_once_worded():
    report = _report(structure={"grounds": [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "Hướng dẫn số 25-HD/BTCTW ngày 09/10/2025 của Ban Tổ chức Trung ương.",
    ]})
    lines = _lines(report)
    first = lines.index("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    assert lines[first + 1] == "Căn cứ Hướng dẫn số 25-HD/BTCTW ngày 09/10/2025 của Ban Tổ chức Trung ương;"
    assert lines[first + 2].startswith("Căn cứ vào tình hình hoạt động")  # the opening follows
    assert lines.index("PHẦN THỨ NHẤT") > first


def test_no_grounds_no_lines():
    lines = _lines(_report())
    assert not [line for line in lines if line.startswith("Căn cứ Điều lệ")]


def test_own_title_line_replaces_the_default_in_the_heading_and_the_last_sentence():
    report = _report(structure={"title": "Báo cáo tổng kết hoạt động Chi bộ năm 2026"})
    lines = _lines(report)
    assert lines[lines.index("BÁO CÁO") + 1] == "Tổng kết hoạt động Chi bộ năm 2026"
    assert not [line for line in lines if "Tổng kết công tác xây dựng Đảng năm 2026" in line]
    assert ("Trên đây là báo cáo tổng kết hoạt động Chi bộ năm 2026 của Chi bộ Trường THCS "
            "Đông Thành./.") in lines


def test_default_title_line_stays_the_official_one():
    lines = _lines(_report())
    assert "Tổng kết công tác xây dựng Đảng năm 2026\nvà phương hướng, nhiệm vụ năm 2027" in lines


def _masthead_text(report) -> str:
    document = _docx(report)
    return "\n".join(cell.text for table in document.tables[:1] for row in table.rows for cell in row.cells)


def test_own_symbol_is_printed_and_warned_naming_the_standard_form():
    report = _report(structure={"symbol": "/BCTK"})
    assert "Số 15/BCTK" in _masthead_text(report)
    [warning] = [p for p in check(report) if p.path == "structure.symbol"]
    assert warning.severity.value == "warning" or "warn" in str(warning.severity).lower()
    assert "«Số 15/BCTK»" in warning.message and "«Số 15-BC/CB»" in warning.message
    assert "Ký hiệu báo cáo" in warning.message


def test_standard_symbol_typed_or_left_empty_has_no_warning():
    for structure in ({}, {"symbol": "BC/CB"}, {"symbol": "-BC/CB"}):
        report = _report(structure=structure)
        assert "Số 15-BC/CB" in _masthead_text(report)
        assert not [p for p in check(report) if p.path == "structure.symbol"]


def test_renamed_sections_keep_their_number():
    report = _report(structure={"headings": [
        {"section": "situation", "title": "Tình hình chung"},
        {"section": "narrative.results.inspection", "title": "Công tác kiểm tra, giám sát của chi bộ"},
    ]})
    lines = _lines(report)
    assert "I. Tình hình chung" in lines and "I. Đặc điểm tình hình" not in lines
    assert "6. Công tác kiểm tra, giám sát của chi bộ" in lines
    _headings_numbered_without_gaps(lines)


def test_added_sections_follow_their_anchor_and_the_rest_renumber():
    report = _report(structure={"extra": [
        {"after": "results.inspection", "title": "Công tác dân vận",
         "paragraphs": ["Chi bộ lãnh đạo thực hiện tốt Quy chế dân chủ ở cơ sở."]},
        {"after": "narrative.results", "title": "Công tác chuyển đổi số",
         "paragraphs": ["Nhà trường dùng sổ điểm điện tử.", "Đảng viên dùng Sổ tay đảng viên điện tử."]},
    ]})
    lines = _lines(report)
    at = lines.index("7. Công tác dân vận")
    assert lines[at - 1 - 1].startswith("6. ") or "6. Công tác kiểm tra, giám sát" in lines[:at]
    assert lines[at + 1] == "Chi bộ lãnh đạo thực hiện tốt Quy chế dân chủ ở cơ sở."
    extra = lines.index("III. Công tác chuyển đổi số")
    assert lines[extra + 1:extra + 3] == ["Nhà trường dùng sổ điểm điện tử.", "Đảng viên dùng Sổ tay đảng viên điện tử."]
    assert "IV. Khuyết điểm tồn tại" in lines and "VI. Kết quả đạt được cuối năm" in lines
    _headings_numbered_without_gaps(lines)


def test_a_whole_section_left_out_goes_with_its_figures_and_the_rest_move_up():
    report = _report(left_out=["situation"])
    lines = _lines(report)
    assert "I. Đặc điểm tình hình" not in lines
    assert "I. Những kết quả đạt được" in lines
    assert not [line for line in lines if line.startswith("Tổng số đảng viên đầu năm")]
    assert not [line for line in lines if "Tình hình đảng viên năm" in line]
    assert report.left_out == ["narrative.situation"]
    _headings_numbered_without_gaps(lines)


def test_a_section_path_that_names_nothing_is_an_error_in_words():
    data = _data()
    data["structure"] = {"headings": [{"section": "situaton", "title": "Tình hình"}],
                         "extra": [{"after": "results.nothing", "title": "A", "paragraphs": ["B"]}]}
    loaded = validate(data)
    assert loaded.report is None
    messages = " ".join(p.message for p in loaded.problems)
    assert "«situaton» không phải một mục của báo cáo" in messages
    assert "«results.nothing» không phải một mục của báo cáo" in messages


def test_every_optional_section_absent_reads_back_coherent():
    # Every section left out but the year-end results; Căn cứ lines and an added section.
    groups = [p for p in SECTION_PATHS if p.count(".") == 1] + ["narrative.opening"]
    report = _report(left_out=groups, structure={
        "grounds": ["Điều lệ Đảng"],
        "extra": [{"after": "narrative.causes", "title": "Ý kiến của chi bộ", "paragraphs": ["Đồng ý."]}],
    })
    lines = _lines(report)
    assert not check_errors(report)
    headings = _numbered(lines, r"^[IVX]+\. ")
    assert headings == ["I. Ý kiến của chi bộ", "II. Kết quả đạt được cuối năm"]
    assert "PHẦN THỨ HAI" not in lines  # every section of it left out: the part goes
    assert lines.index("Căn cứ Điều lệ Đảng;") < lines.index("PHẦN THỨ NHẤT")
    assert lines[-1].startswith("Trên đây là báo cáo") or any(l.startswith("Trên đây là báo cáo") for l in lines)
    _headings_numbered_without_gaps(lines)


def test_left_out_achievements_need_no_achievements():
    data = _data()
    data.pop("achievements", None)
    data["left_out"] = ["achievements"]
    loaded = validate(data)
    report = loaded.report
    assert not [p for p in check(report) if p.path == "achievements"]
    assert "V. Kết quả đạt được cuối năm" not in _lines(report)


def check_errors(report):
    return [p for p in check(report) if "error" in str(p.severity).lower()]


def test_next_years_draft_keeps_a_whole_section_left_out_and_asks_no_review_inside_it():
    from chibo.draft import next_year_data

    data = _data()
    data["left_out"] = ["narrative.situation", "achievements"]
    data.setdefault("narrative", {}).setdefault("situation", {})["advantages"] = "Năm 2026 nhà trường thuận lợi."
    following = next_year_data(data)
    assert following["left_out"] == ["narrative.situation", "achievements"]
    assert "narrative.situation.advantages" not in following.get("carried_over", [])


def test_sections_past_ten_are_numbered_on_in_roman():
    """Ten sections added in Phần thứ nhất take it past X: XI, XII … (the preview and the
    DOCX failed with an IndexError once a part had more than ten)."""
    report = _report(structure={"extra": [
        {"after": "narrative.results", "title": f"Mục thêm số {i}", "paragraphs": ["Nội dung."]} for i in range(1, 11)]})
    lines = _lines(report)
    part_one = lines[:next(i for i, line in enumerate(lines) if line.startswith("PHẦN THỨ HAI"))]
    numbers = [re.match(r"^([IVXL]+)\. ", line).group(1) for line in part_one if re.match(r"^[IVXL]+\. ", line)]
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"]
    assert len(numbers) > 10 and numbers == romans[:len(numbers)], numbers
    assert "III. Mục thêm số 1" in part_one and "XII. Mục thêm số 10" in part_one
