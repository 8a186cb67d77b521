"""Print-quality check of a report PDF, against its format profile.

What a committee office looks at first: A4 pages, nothing in the margins, the
header on page 1, page numbers from page 2, no heading left alone at the
bottom of a page.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem, Severity
from .profiles import Profile, load_profile

PT_PER_MM = 72 / 25.4
A4_PT = (210 * PT_PER_MM, 297 * PT_PER_MM)
TOLERANCE_PT = 2.0  # anti-aliasing, glyph overhang
HEADING = re.compile(r"^(PHẦN THỨ|[IVX]+\.\s|\d+\.\s|\*\s)")
MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"


def _problem(page: int | None, message: str) -> Problem:
    return Problem(f"trang {page}" if page else "", Severity.ERROR, message)


def _is_bold(line: dict) -> bool:
    chars = [c for c in line["chars"] if c["text"].strip()]
    return bool(chars) and all("Bold" in c["fontname"] for c in chars)


def check_layout(pdf_path: str | Path, profile: Profile | None = None) -> list[Problem]:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException
    from pdfminer.pdfparser import PDFSyntaxError

    profile = profile or load_profile()
    page_setup = profile.page
    problems: list[Problem] = []
    try:
        pdf = pdfplumber.open(pdf_path)
    except (PdfminerException, PDFSyntaxError, OSError, ValueError) as exc:
        return [_problem(None, f"Không đọc được tệp PDF {pdf_path}: {exc}.")]
    with pdf:
        if not pdf.pages:
            return [_problem(None, "Tệp PDF không có trang nào.")]
        for number, page in enumerate(pdf.pages, start=1):
            problems += _check_page(page, number, page_setup, len(pdf.pages))
    return problems


def _check_page(page, number: int, setup, pages: int) -> list[Problem]:
    problems = []
    width, height = float(page.width), float(page.height)
    if abs(width - A4_PT[0]) > 1 or abs(height - A4_PT[1]) > 1:
        problems.append(
            _problem(
                number,
                f"Trang không phải khổ A4 ({width / PT_PER_MM:.0f} × {height / PT_PER_MM:.0f} mm). "
                "Hãy đặt khổ giấy A4 (210 × 297 mm).",
            )
        )
    left = setup.left_mm * PT_PER_MM - TOLERANCE_PT
    right = width - setup.right_mm * PT_PER_MM + TOLERANCE_PT
    top = setup.top_mm * PT_PER_MM - TOLERANCE_PT
    bottom = height - setup.bottom_mm * PT_PER_MM + TOLERANCE_PT
    lines = page.extract_text_lines()
    header_lines = [line for line in lines if line["bottom"] <= top]
    body_lines = [line for line in lines if line["bottom"] > top]

    # Page numbers: top centre from the profile's first numbered page on.
    numbered = [line for line in header_lines if line["text"].strip().isdigit()]
    centre = (setup.left_mm * PT_PER_MM + width - setup.right_mm * PT_PER_MM) / 2
    if number < setup.number_pages_from:
        if numbered:
            problems.append(_problem(number, f"Trang {number} không được đánh số trang."))
    else:
        good = [
            line
            for line in numbered
            if line["text"].strip() == str(number) and abs((line["x0"] + line["x1"]) / 2 - centre) < 15 * PT_PER_MM
        ]
        if not good:
            problems.append(
                _problem(number, f"Thiếu số trang {number} ở giữa, phía trên trang.")
            )

    # Nothing outside the margins (the page number excepted).
    for line in header_lines:
        if line not in numbered:
            problems.append(_problem(number, f"Chữ «{line['text'][:40]}» nằm trong lề trên."))
    for line in body_lines:
        if line["x0"] < left or line["x1"] > right or line["bottom"] > bottom:
            problems.append(
                _problem(number, f"Chữ «{line['text'][:40]}» tràn ra ngoài lề trang.")
            )
    for image in page.images:
        if (
            image["x0"] < left
            or image["x1"] > right
            or image["top"] < top
            or image["bottom"] > bottom
        ):
            problems.append(_problem(number, "Có hình (biểu đồ) tràn ra ngoài lề trang."))

    if number == 1:
        first_quarter = " ".join(line["text"] for line in body_lines if line["top"] < height / 4)
        if MOTTO not in first_quarter or "CHI BỘ" not in first_quarter:
            problems.append(
                _problem(
                    1,
                    "Trang 1 thiếu phần đầu văn bản (tên chi bộ bên trái, «ĐẢNG CỘNG SẢN VIỆT "
                    "NAM» bên phải) ở phía trên.",
                )
            )

    # A heading left alone at the foot of a page (but the last page may end anywhere).
    if body_lines and number < pages:
        last = body_lines[-1]
        if _is_bold(last) and HEADING.match(last["text"].strip()):
            problems.append(
                _problem(
                    number,
                    f"Trang {number} kết thúc bằng đề mục «{last['text'][:50]}» đứng một mình; "
                    "đề mục phải đi cùng đoạn văn đầu tiên của nó.",
                )
            )
    return problems
