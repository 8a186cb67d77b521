"""The print-quality check passes the examples and catches what a reader would."""

from __future__ import annotations

from pathlib import Path

import pytest

from chibo import letterhead
from chibo.compose import compose
from chibo.document import Document, Masthead, Paragraph
from chibo.render.layout import check_layout
from chibo.loader import load_file
from chibo.render.pdf import WarmConverter
from chibo.profiles import load_profile, parse_profile
from chibo.render.to_docx import render_docx

ROOT = Path(__file__).resolve().parents[2]
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


def test_a_committee_header_is_a_header(converter, tmp_path):
    """A đảng ủy's own document (the summary of its cells) names no chi bộ."""
    document = Document(
        masthead=letterhead.masthead(
            "Đảng bộ tỉnh Nghệ An", "Đảng ủy xã Đông Thành", None, "BC/ĐU", "Đông Thành", None
        ),
        body=[Paragraph.of("Một đoạn văn.")],
        closing=letterhead.closing(["Lưu Văn phòng Đảng ủy"], "T/M Đảng ủy", "Bí thư", None),
    )
    pdf = to_pdf(converter, render_docx(document), tmp_path, "committee")
    assert check_layout(pdf) == []


def test_the_signature_is_never_split_from_the_name(converter, tmp_path):
    """Whatever the length of the body, "T/M …" and the signer's name are on one page."""
    import pdfplumber

    for filler in range(21, 27):  # the closing straddles the page foot somewhere here
        document = Document(
            masthead=letterhead.masthead("Đảng bộ tỉnh Nghệ An", "Đảng ủy xã Đông Thành", None, "BC/ĐU", "Đông Thành", None),
            body=[Paragraph.of(f"Đoạn văn số {i} của báo cáo.") for i in range(filler)],
            closing=letterhead.closing(["Lưu Văn phòng Đảng ủy"], "T/M Đảng ủy", "Bí thư", "Trần Thị Hoa"),
        )
        pdf = to_pdf(converter, render_docx(document), tmp_path, f"closing{filler}")
        with pdfplumber.open(pdf) as opened:
            pages = [page.extract_text() or "" for page in opened.pages]
        capacity = [i for i, text in enumerate(pages) if "T/M ĐẢNG ỦY" in text]
        assert capacity and capacity == [i for i, text in enumerate(pages) if "Trần Thị Hoa" in text], filler


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


# --- hostile PDFs: one Vietnamese problem each, quickly, in little memory ------------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF from object bodies numbered from 1 (object 1 the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def one_page_pdf(
    mediabox: bytes = b"[0 0 595.28 841.89]",
    content: bytes = b"BT /F1 12 Tf 90 700 Td (Hello) Tj ET",
    flate: bool = False,
    pages: int = 1,
    trailer: bytes = b"",
    resources: bytes = b"",
    more: tuple[bytes, ...] = (),
) -> bytes:
    import zlib

    body = zlib.compress(content, 9) if flate else content
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(body, b"/Filter /FlateDecode " if flate else b""),
    ]
    font = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 3 0 R /Resources << %s %s >> >>"
        % (mediabox, font, resources)
    ] * pages
    return _pdf(objects + list(more), trailer)


# A standard security handler entry whose passwords are not empty: the file needs a password.
ENCRYPTED = dict(
    trailer=b"/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ",
    more=(b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <%s> /U <%s> >>" % (b"ab" * 32, b"cd" * 32),),
)

HOSTILE = {
    "mediabox-1e308.pdf": (one_page_pdf(b"[0 0 1e308 1e308]"), "khổ trang (MediaBox) của trang 1 không hợp lệ"),
    "mediabox-huge.pdf": (one_page_pdf(b"[0 0 1" + b"0" * 400 + b" 842]"), "trang 1 hỏng"),
    "mediabox-foo.pdf": (one_page_pdf(b"/Foo"), "trang 1 hỏng"),
    "mediabox-words.pdf": (one_page_pdf(b"[(a) (b) (c) (d)]"), "khổ trang (MediaBox)"),
    "trimbox-foo.pdf": (one_page_pdf(b"[0 0 595 842] /TrimBox /Foo"), "khổ trang (TrimBox)"),
    "rotate-foo.pdf": (one_page_pdf(b"[0 0 595 842] /Rotate /Foo"), "góc xoay (Rotate)"),
    # 80 KB that inflate to 48 MB of drawing commands (8 million «0 0 m»)
    "flate-bomb.pdf": (one_page_pdf(content=b"0 0 m\n" * 8_000_000, flate=True), "quá nhiều lệnh vẽ"),
    "encrypted.pdf": (one_page_pdf(**ENCRYPTED), "đặt mật khẩu (mã hóa)"),
    "not-a-pdf.pdf": ("Báo cáo năm 2026".encode() * 10, "không phải tệp PDF"),
    "truncated.pdf": (one_page_pdf()[:200], "bị hỏng, bị cắt cụt"),
    "empty.pdf": (b"", "không phải tệp PDF"),
    "many-pages.pdf": (one_page_pdf(pages=600), "hơn 500 trang"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pdf_is_one_problem(tmp_path, name):
    data, fragment = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(data)
    (problem,) = check_layout(path)
    assert problem.message.startswith(f"Không đọc được tệp PDF {path}: ")
    assert fragment in problem.message, problem.message


def test_hostile_pdfs_in_one_check_little_memory_no_traceback(tmp_path):
    """Before: tracebacks for the boxes, and 4 GB and minutes for the flate bomb."""
    import resource
    import subprocess
    import sys

    paths = []
    for name, (data, _) in sorted(HOSTILE.items()):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)

    def limit_memory():  # the whole check must fit in 1.5 GB of address space
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024,) * 2)

    done = subprocess.run(
        [str(Path(sys.executable).parent / "chibo"), "check", "--layout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_memory,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr == ""  # not even pdfminer's English warnings
    for path in paths:
        assert f"{path}: Có 1 lỗi." in done.stdout


def test_a_pdf_that_is_too_slow_to_read_is_stopped(tmp_path):
    # 900 KB of content that draws a 100-glyph form 150,000 times: small, but hours of parsing.
    form = _stream(b"BT /F1 12 Tf 0 0 Td (a) Tj ET\n" * 100, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] ")
    path = tmp_path / "slow.pdf"
    path.write_bytes(
        one_page_pdf(content=b"/X Do\n" * 150_000, flate=True, resources=b"/XObject << /X 5 0 R >>", more=(form,))
    )
    (problem,) = check_layout(path, time_limit=2)
    assert "đọc quá 2 giây nên đã dừng" in problem.message


def test_a_huge_pdf_is_refused_before_it_is_read(tmp_path):
    from chibo.render.layout import MAX_PDF_BYTES

    path = tmp_path / "lon.pdf"
    with path.open("wb") as f:
        f.write(one_page_pdf())
        f.truncate(MAX_PDF_BYTES + 1)
    (problem,) = check_layout(path)
    assert "tệp quá lớn" in problem.message


def test_a_folder_is_one_problem(tmp_path):
    (problem,) = check_layout(tmp_path)
    assert "đó là một thư mục" in problem.message


def test_the_deadline_fires_again_when_its_first_alarm_is_swallowed():
    # Python only prints an exception raised inside a __del__ or weakref callback; in a long
    # process the first alarm can land there, and a one-shot timer never fires again.
    import time

    from chibo.render.layout import _deadline, _TooSlow

    alarms = 0
    with pytest.raises(_TooSlow):
        with _deadline(0.2):
            give_up = time.monotonic() + 5
            while time.monotonic() < give_up:
                try:
                    while time.monotonic() < give_up:
                        pass
                except _TooSlow:
                    alarms += 1
                    if alarms == 2:
                        raise
    assert alarms == 2


def test_a_signature_alone_on_the_last_page_is_caught(converter, tmp_path):
    """A report ending in a table has no closing sentence to take along: the check sees
    the signature page with nothing of the report on it."""
    from chibo.document import Column, Table

    closing = letterhead.closing(["Lưu Chi bộ"], "T/M Chi bộ", "Bí thư", "Trần Thị Hoa")
    masthead = Masthead([Paragraph.of("CHI BỘ", "org_name")], [Paragraph.of("ĐẢNG CỘNG SẢN VIỆT NAM", "motto")])
    table = Table([Column("Nội dung", 3), Column("Số lượng", 1, True)], [["Hàng một", "1"], ["Hàng hai", "2"]])
    found = None
    for filler in range(20, 34):
        body = [Paragraph.of(f"Đoạn văn số {i} của báo cáo.") for i in range(filler)] + [table]
        pdf = to_pdf(converter, render_docx(Document(masthead, body, closing=closing)), tmp_path, f"sign{filler}")
        alone = [p for p in check_layout(pdf) if "chỉ có phần nơi nhận và chữ ký" in p.message]
        if alone:
            found = filler
            break
    assert found is not None, "no filler length left the signature alone on page 2"
    assert alone[0].path == "trang 2"
    # With a closing sentence after the table, it goes along with the signature.
    body.append(Paragraph.of("Trên đây là báo cáo của Chi bộ./."))
    pdf = to_pdf(converter, render_docx(Document(masthead, body, closing=closing)), tmp_path, "sentence")
    assert check_layout(pdf) == []
