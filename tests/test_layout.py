"""The print-quality check passes the examples and catches what a reader would."""

from __future__ import annotations

from pathlib import Path

import pytest

from chibo.compose import compose
from chibo.document import Document, Masthead, Paragraph
from chibo.layout import check_layout
from chibo.loader import load_file
from chibo.pdf import WarmConverter
from chibo.profiles import load_profile, parse_profile
from chibo.render_docx import render_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PROFILE_TEXT = (ROOT / "src/chibo/profiles/36-HD-VPTW.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def converter():
    with WarmConverter() as c:
        yield c


def to_pdf(converter, data: bytes, folder: Path, name: str) -> Path:
    source, target = folder / f"{name}.docx", folder / f"{name}.pdf"
    source.write_bytes(data)
    converter.convert(source, target)
    return target


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_pass(converter, tmp_path, example):
    report = load_file(example).report
    pdf = to_pdf(converter, render_docx(compose(report)), tmp_path, example.stem)
    assert check_layout(pdf) == []


def test_text_in_the_margin_is_caught(converter, tmp_path):
    report = load_file(EXAMPLES[0]).report
    narrow = parse_profile(PROFILE_TEXT.replace("left_mm = 30", "left_mm = 12"), "hẹp")
    pdf = to_pdf(converter, render_docx(compose(report), narrow), tmp_path, "narrow")
    problems = check_layout(pdf, load_profile())
    assert any("tràn ra ngoài lề" in p.message for p in problems)


def test_page_numbers_are_checked(converter, tmp_path):
    report = load_file(EXAMPLES[0]).report
    from_one = parse_profile(PROFILE_TEXT.replace("number_pages_from = 2", "number_pages_from = 1"), "số trang")
    pdf = to_pdf(converter, render_docx(compose(report), from_one), tmp_path, "numbered")
    problems = check_layout(pdf, load_profile())
    assert [p.path for p in problems] == ["trang 1"]
    assert "không được đánh số trang" in problems[0].message


def test_missing_header_is_caught(converter, tmp_path):
    document = Document(
        masthead=Masthead([Paragraph.of("", "body")], [Paragraph.of("", "body")]),
        body=[Paragraph.of("Một đoạn văn.")],
    )
    pdf = to_pdf(converter, render_docx(document), tmp_path, "headless")
    assert any("thiếu phần đầu văn bản" in p.message for p in check_layout(pdf))


def test_lone_heading_at_the_foot_of_a_page(converter, tmp_path):
    """Without keep-with-next some heading lands last on a page; the check sees it."""
    loose = parse_profile(PROFILE_TEXT.replace("keep_with_next = true", "keep_with_next = false"), "rời")
    masthead = Masthead([Paragraph.of("CHI BỘ", "org_name")], [Paragraph.of("ĐẢNG CỘNG SẢN VIỆT NAM", "motto")])
    found = None
    for filler in range(22, 34):
        body = [Paragraph.of(f"Đoạn văn số {i} của báo cáo.") for i in range(filler)]
        body += [Paragraph.of("2. Chuyên môn", "heading_3"), Paragraph.of("Nội dung chuyên môn. " * 20)]
        body += [Paragraph.of("Đoạn kết.") for _ in range(30)]
        document = Document(masthead=masthead, body=body)
        pdf = to_pdf(converter, render_docx(document, loose), tmp_path, f"loose{filler}")
        lone = [p for p in check_layout(pdf, loose) if "đứng một mình" in p.message]
        if lone:
            found = filler
            break
    assert found is not None, "no filler length put the heading at a page foot"
    # The real profile keeps the heading with its paragraph.
    pdf = to_pdf(converter, render_docx(document, load_profile()), tmp_path, "kept")
    assert not [p for p in check_layout(pdf) if "đứng một mình" in p.message]


def test_not_a_pdf(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_text("không phải PDF", encoding="utf-8")
    problems = check_layout(bad)
    assert problems and "Không đọc được tệp PDF" in problems[0].message
