"""Sections left out: absent from the document, heading and all, the rest renumbered;
an empty section (not left out) still gets its default paragraph."""

from __future__ import annotations

import io

import docx

from chibo.compose import compose
from chibo.defaults import default_paragraphs
from chibo.figures import compute
from chibo.loader import validate
from chibo.render.to_docx import render_docx
from chibo.rules import check
from sample_reports import example_report


def _report(left_out, **narrative):
    data = example_report("thcs-2026.yaml")
    data["left_out"] = left_out
    for path, text in narrative.items():
        section, name = path.split("__")
        data.setdefault("narrative", {}).setdefault(section, {})[name] = text
    loaded = validate(data)
    assert loaded.report is not None, [p.message for p in loaded.problems]
    return loaded.report


def _docx_lines(report) -> list[str]:
    document = docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))
    return [p.text for p in document.paragraphs]


def _between(lines, first, last):
    return lines[lines.index(first): lines.index(last) + 1]


def test_a_left_out_subsection_is_absent_from_the_docx_and_the_rest_renumbered():
    report = _report(["narrative.results.mass_organisations"],
                     results__mass_organisations="Đoàn thể đoạn riêng không được in.")
    lines = _docx_lines(report)
    assert "Đoàn thể đoạn riêng không được in." not in lines
    assert not [line for line in lines if "lãnh đạo đoàn thể" in line]
    assert [line for line in lines if line[:2] in ("3.", "4.", "5.") and "Công tác" in line][:3] == [
        "3. Công tác văn nghệ, thể thao", "4. Công tác xây dựng Đảng", "5. Công tác kiểm tra, giám sát",
    ]


def test_a_part_with_every_subsection_left_out_disappears_and_the_parts_after_move_up():
    report = _report(["shortcomings.ideology", "shortcomings.professional", "shortcomings.facilities"])
    lines = _docx_lines(report)
    assert "III. Khuyết điểm tồn tại" not in lines
    assert not [line for line in lines if "Tư tưởng chính trị" == line[3:]]
    assert "III. Nguyên nhân và bài học" in lines and "IV. Kết quả đạt được cuối năm" in lines
    assert "V. Kết quả đạt được cuối năm" not in lines
    assert report.left_out == [  # the short form is read as the full path
        "narrative.shortcomings.ideology", "narrative.shortcomings.professional",
        "narrative.shortcomings.facilities",
    ]


def test_a_heading_left_with_nothing_under_it_goes_too():
    report = _report(["narrative.causes.strengths", "narrative.causes.limitations"])
    lines = _between(_docx_lines(report), "IV. Nguyên nhân và bài học", "V. Kết quả đạt được cuối năm")
    assert lines[1] == "1. Bài học kinh nghiệm"
    assert not [line for line in lines if "Nguyên nhân" in line and line != lines[0]]


def test_a_heading_with_figures_under_it_stays_when_its_paragraph_is_left_out():
    # «Chuyên môn» holds the students' table: only the paragraph goes.
    report = _report(["narrative.results.professional"], results__professional="Chuyên môn riêng.")
    lines = _docx_lines(report)
    assert "2. Chuyên môn" in lines and "Chuyên môn riêng." not in lines
    document = compose(report, compute(report), charts=False)
    assert any("Bảng" in getattr(block, "caption", "") for block in document.body)


def test_the_opening_and_a_whole_area_of_part_two_can_be_left_out():
    report = _report(["narrative.opening", "narrative.solutions.finance"])
    lines = _docx_lines(report)
    opening = default_paragraphs("opening", report)
    assert opening and opening[0] not in lines
    solutions = _between(lines, "II. Các giải pháp thực hiện", "7. Công tác Đảng")
    assert [line for line in solutions if line[:2].rstrip(".").isdigit()] == [
        "1. Công tác tư tưởng chính trị", "2. Chuyên môn", "3. Xây dựng cơ sở vật chất",
        "4. Công tác đoàn thể", "5. Công tác văn nghệ, thể thao", "6. Công tác thi đua, khen thưởng",
        "7. Công tác Đảng",
    ]


def test_an_empty_section_not_left_out_still_gets_its_default():
    report = _report([])
    lines = _docx_lines(report)
    assert "3. Xây dựng cơ sở vật chất" in lines
    assert default_paragraphs("shortcomings.facilities", report)[0] in lines


def test_a_left_out_path_that_names_no_section_is_an_error_in_words():
    data = example_report("thcs-2026.yaml")
    data["left_out"] = ["narrative.situation.advantage"]
    loaded = validate(data)
    assert loaded.report is None
    [problem] = [p for p in loaded.problems if p.path.startswith("left_out")]
    assert "«narrative.situation.advantage» không phải một mục nội dung" in problem.message
    assert "Mục bỏ khỏi báo cáo" in problem.message


def test_a_left_out_paragraph_gets_no_warning():
    report = _report(["narrative.situation.advantages"], situation__advantages="Trong năm 2025 nhà trường …")
    report.carried_over = ["narrative.situation.advantages"]
    assert not [p for p in check(report) if p.path == "narrative.situation.advantages"]


def test_next_years_draft_keeps_a_section_left_out_and_does_not_ask_to_review_it():
    from chibo.draft import next_year_data

    data = example_report("thcs-2026.yaml")
    data["left_out"] = ["narrative.situation.advantages"]
    data["narrative"]["situation"]["advantages"] = "Năm 2026 nhà trường có nhiều thuận lợi."
    following = next_year_data(data)
    assert following["left_out"] == ["narrative.situation.advantages"]
    assert "narrative.situation.advantages" not in following.get("carried_over", [])
    assert "narrative.situation.difficulties" in following["carried_over"]
