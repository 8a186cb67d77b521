"""The two parts' title lines retitled like sections (structure.headings with part_one,
part_two), as published reports write them; the «Phần thứ …» line stays, the default
stays the template's."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from chibo.compose import compose
from chibo.draft import next_year_data
from chibo.figures import compute
from chibo.loader import load_file, validate
from chibo.render.to_docx import render_docx

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "thcs-2026.yaml"
PART_ONE = "Đánh giá kết quả lãnh đạo, chỉ đạo của Chi bộ trong năm 2026"
PART_TWO = "Phương hướng, nhiệm vụ năm 2027"


def _data() -> dict:
    return load_file(EXAMPLE).report.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def _lines(data: dict) -> list[str]:
    loaded = validate(data)
    assert loaded.report is not None, [p.message for p in loaded.problems]
    report = loaded.report
    document = docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))
    return [p.text for p in document.paragraphs]


def _after(lines: list[str], start: str) -> str:
    """The line under a part's heading (both printed in capitals), a long one's two lines joined."""
    return lines[next(i for i, line in enumerate(lines) if line.startswith(start)) + 1].replace("\n", " ")


def test_part_titles_are_the_templates_by_default():
    lines = _lines(_data())
    assert _after(lines, "PHẦN THỨ NHẤT") == "Đánh giá sự lãnh đạo của chi bộ năm 2026".upper()
    assert _after(lines, "PHẦN THỨ HAI") == "Mục tiêu, nhiệm vụ trọng tâm công tác lãnh đạo năm 2027".upper()


def test_part_titles_retitled_replace_the_line_under_each_part():
    data = _data()
    data["structure"] = {"headings": [
        {"section": "part_one", "title": PART_ONE},
        {"section": " part_two ", "title": PART_TWO},
        {"section": "situation", "title": "Tình hình chung"},
    ]}
    lines = _lines(data)
    assert _after(lines, "PHẦN THỨ NHẤT") == PART_ONE.upper()
    assert _after(lines, "PHẦN THỨ HAI") == PART_TWO.upper()
    assert "I. Tình hình chung" in lines
    assert not [line for line in lines if line.startswith(("ĐÁNH GIÁ SỰ LÃNH ĐẠO", "MỤC TIÊU, NHIỆM VỤ TRỌNG TÂM"))]


def test_a_part_is_not_a_section_to_leave_out_or_add_after():
    data = _data()
    data["left_out"] = ["part_one"]
    data["structure"] = {"extra": [{"after": "part_two", "title": "A", "paragraphs": ["B"]}]}
    loaded = validate(data)
    assert loaded.report is None
    messages = " ".join(p.message for p in loaded.problems)
    assert "«part_one» không phải một mục nội dung" in messages
    assert "«part_two» không phải một mục của báo cáo" in messages


def test_next_years_draft_moves_the_years_of_a_part_title_one_on():
    data = _data()
    data["structure"] = {"headings": [
        {"section": "part_one", "title": PART_ONE},
        {"section": "part_two", "title": PART_TWO},
        {"section": "situation", "title": "Tình hình chung từ năm 2020"},
    ]}
    headings = next_year_data(data)["structure"]["headings"]
    assert [row["title"] for row in headings] == [
        "Đánh giá kết quả lãnh đạo, chỉ đạo của Chi bộ trong năm 2027",
        "Phương hướng, nhiệm vụ năm 2028",
        "Tình hình chung từ năm 2020",
    ]


def test_a_long_part_title_is_set_in_two_lines_after_its_comma_each_fitting():
    from chibo.profiles import load_profile
    from chibo.render.measure import text_width_mm

    data = _data()
    data["structure"] = {"headings": [{"section": "part_one", "title": PART_ONE}]}
    lines = _lines(data)
    title = lines[lines.index("PHẦN THỨ NHẤT") + 1]
    assert title.split("\n") == ["ĐÁNH GIÁ KẾT QUẢ LÃNH ĐẠO,", "CHỈ ĐẠO CỦA CHI BỘ TRONG NĂM 2026"]
    profile = load_profile()
    style = profile.style("heading_1_title")
    assert text_width_mm(PART_ONE.upper(), profile.font, style.size, style.bold) > profile.page.text_width_mm
    for line in title.split("\n"):
        assert text_width_mm(line, profile.font, style.size, style.bold) <= profile.page.text_width_mm
    # the template's titles fit one line and stay one line
    defaults = _lines(_data())
    assert all("\n" not in defaults[defaults.index(part) + 1] for part in ("PHẦN THỨ NHẤT", "PHẦN THỨ HAI"))
