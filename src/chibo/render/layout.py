"""Print-quality check of a report PDF, against its format profile.

What a committee office looks at first: A4 pages, nothing in the margins, the
header on page 1, page numbers from page 2, no heading left alone at the
bottom of a page.

The PDF may be anything a user picked, so before pdfminer parses a page its
size, page count, page boxes and inflated content are checked against caps
(a report is ~13 pages of ~10 KB content each), a timer stops what slips
through, and every failure is a per-file problem, never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import signal
import threading
import zlib
from pathlib import Path

from ..problems import Problem, Severity
from ..profiles import Profile, load_profile

PT_PER_MM = 72 / 25.4
A4_PT = (210 * PT_PER_MM, 297 * PT_PER_MM)
TOLERANCE_PT = 2.0  # anti-aliasing, glyph overhang
HEADING = re.compile(r"^(PHẦN THỨ|[IVX]+\.\s|\d+\.\s|\*\s)")
MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
# The closing block: the distribution list on the left, the signer's capacity on the right.
SIGNATURE = re.compile(r"^(Nơi nhận|T/M |K/T )")
# A cell's report or its committee's own document (a summary of the cells).
ISSUERS = ("CHI BỘ", "ĐẢNG ỦY")

# Caps, far above a report (13 pages, ~0.3 MB with charts, ~10 KB of drawing per page).
MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
MAX_PAGE_CONTENT = 1024 * 1024  # inflated drawing commands per page, forms included
MAX_BOX_PT = 14_400  # PDF's largest page side (200 inches)
TIME_LIMIT_S = 30.0


def _problem(page: int | None, message: str) -> Problem:
    return Problem(f"trang {page}" if page else "", Severity.ERROR, message)


def _is_bold(line: dict) -> bool:
    chars = [c for c in line["chars"] if c["text"].strip()]
    return bool(chars) and all("Bold" in c["fontname"] for c in chars)


class _Unreadable(Exception):
    def __init__(self, why: str, page: int | None = None) -> None:
        super().__init__(why)
        self.why, self.page = why, page


class _TooSlow(BaseException):
    """Raised by the timer; a BaseException so pdfminer's ``except Exception`` lets it through."""


def check_layout(
    pdf_path: str | Path, profile: Profile | None = None, time_limit: float | None = TIME_LIMIT_S
) -> list[Problem]:
    profile = profile or load_profile()
    path = Path(pdf_path)
    unreadable = f"Không đọc được tệp PDF {pdf_path}"
    try:
        _check_file(path)
        with _deadline(time_limit), _quiet_pdfminer():
            return _check_pdf(path, profile)
    except _Unreadable as exc:
        return [_problem(exc.page, f"{unreadable}: {exc.why}.")]
    except _TooSlow:
        return [
            _problem(
                None,
                f"{unreadable}: đọc quá {time_limit:g} giây nên đã dừng; tệp phức tạp hơn nhiều so với "
                "một báo cáo. Hãy xuất lại PDF từ tệp DOCX (chibo render … -o tệp.pdf).",
            )
        ]
    except MemoryError:
        return [_problem(None, f"{unreadable}: tệp cần quá nhiều bộ nhớ để đọc.")]
    except Exception as exc:  # pdfminer on a damaged file: any error, same answer
        if _is_encrypted(exc):
            why = (
                "tệp được đặt mật khẩu (mã hóa) nên không kiểm tra được. Hãy xuất lại bản PDF "
                "không đặt mật khẩu"
            )
        else:
            why = (
                "tệp bị hỏng, bị cắt cụt hoặc không đúng chuẩn PDF. Hãy xuất lại PDF từ tệp DOCX "
                "(chibo render … -o tệp.pdf)"
            )
        return [_problem(None, f"{unreadable}: {why}.")]


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            start = stream.read(1024)
    except FileNotFoundError:
        raise _Unreadable("không tìm thấy tệp") from None
    except IsADirectoryError:
        raise _Unreadable("đó là một thư mục, không phải tệp PDF") from None
    except PermissionError:
        raise _Unreadable("không có quyền đọc tệp này") from None
    except OSError as exc:
        raise _Unreadable(f"lỗi hệ thống «{exc.strerror or exc}»") from None
    if size > MAX_PDF_BYTES:
        raise _Unreadable(
            f"tệp quá lớn ({size / 1024 / 1024:.0f} MB; tối đa {MAX_PDF_BYTES // 1024 // 1024} MB), "
            "một báo cáo chỉ vài trăm KB"
        )
    if b"%PDF-" not in start:
        raise _Unreadable("đây không phải tệp PDF (không có phần đầu «%PDF-»)")


@contextlib.contextmanager
def _deadline(seconds: float | None):
    """Interrupt pure-Python parsing after ``seconds``; only the main thread gets signals."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    # Repeats: a raise that lands inside a __del__ or a weakref callback is only
    # printed by Python ("Exception ignored"), so one alarm can be lost.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _quiet_pdfminer():
    """pdfminer logs its repairs in English («Invalid MediaBox…»); the user gets our message."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _is_encrypted(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: list[BaseException] = []
    while exc is not None and exc not in seen and len(seen) < 10:
        if isinstance(exc, (PDFEncryptionError, PDFPasswordIncorrect)):
            return True
        seen.append(exc)
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
    return False


def _check_pdf(path: Path, profile: Profile) -> list[Problem]:
    import pdfplumber

    count = _vet_pages(path)
    if not count:
        return [_problem(None, "Tệp PDF không có trang nào.")]
    problems: list[Problem] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            problems += _check_page(page, number, profile.page, count)
            page.close()  # drop the parsed objects: memory stays one page deep
    return problems


def _vet_pages(path: Path) -> int:
    """Every page checked with pdfminer alone, before pdfplumber builds (and trusts) them."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with path.open("rb") as stream:
        pages = PDFPage.create_pages(PDFDocument(PDFParser(stream)))
        count = 0
        while True:
            try:
                page_obj = next(pages)
            except StopIteration:
                return count
            except Exception:  # pdfminer gives up on a page it cannot build
                raise _Unreadable(f"trang {count + 1} hỏng (khổ trang hoặc cấu trúc trang sai)", count + 1) from None
            count += 1
            if count > MAX_PAGES:
                raise _Unreadable(f"tệp có hơn {MAX_PAGES} trang, một báo cáo chỉ vài chục trang")
            _vet_page(page_obj, count)


def _vet_page(page_obj, number: int) -> None:
    from pdfminer.pdftypes import resolve1

    attrs = page_obj.attrs
    for name in ("MediaBox", "CropBox", "TrimBox", "BleedBox", "ArtBox"):  # what pdfplumber reads
        if name in attrs or name == "MediaBox":
            if not _is_box(resolve1(attrs.get(name))):
                raise _Unreadable(
                    f"khổ trang ({name}) của trang {number} không hợp lệ (phải là 4 số, mỗi cạnh "
                    f"không quá {MAX_BOX_PT} điểm)",
                    number,
                )
    rotate = resolve1(attrs.get("Rotate", 0))
    if not isinstance(rotate, int) or isinstance(rotate, bool) or rotate % 90:
        raise _Unreadable(f"góc xoay (Rotate) của trang {number} không hợp lệ", number)
    if _content_size(page_obj) > MAX_PAGE_CONTENT:
        raise _Unreadable(
            f"trang {number} chứa quá nhiều lệnh vẽ (hơn {MAX_PAGE_CONTENT // 1024 // 1024} MB sau "
            "khi giải nén; một trang báo cáo khoảng 10 KB)",
            number,
        )


def _is_box(box) -> bool:
    from pdfminer.pdftypes import resolve1

    if not isinstance(box, list) or len(box) != 4:
        return False
    x0, y0, x1, y1 = values = [resolve1(v) for v in box]
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if not math.isfinite(value) or abs(value) > MAX_BOX_PT:
            return False
    return x0 != x1 and y0 != y1


def _content_size(page_obj) -> int:
    """Inflated size of the page's drawing commands and the forms it may draw."""
    from pdfminer.pdftypes import PDFStream, resolve1

    total = 0
    streams = [resolve1(c) for c in (page_obj.contents or [])]
    seen: set[int] = set()
    resources = [resolve1(page_obj.resources)]
    while resources and len(seen) < 1000:
        found = resources.pop()
        xobjects = resolve1(found.get("XObject")) if isinstance(found, dict) else None
        if not isinstance(xobjects, dict):
            continue
        for ref in xobjects.values():
            form = resolve1(ref)
            if isinstance(form, PDFStream) and id(form) not in seen and str(form.get("Subtype")) == "/'Form'":
                seen.add(id(form))
                streams.append(form)
                resources.append(resolve1(form.get("Resources")))
    for stream in streams:
        if isinstance(stream, PDFStream):
            total += _decoded_size(stream, MAX_PAGE_CONTENT - total)
            if total > MAX_PAGE_CONTENT:
                break
    return total


def _decoded_size(stream, limit: int) -> int:
    """Size of a stream once decoded, stopping past ``limit`` (more than ``limit`` means too big)."""
    from pdfminer import pdftypes as t

    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for name, _params in stream.get_filters():
        if name in t.LITERALS_FLATE_DECODE:
            data = _inflate(data, limit)
        elif name in t.LITERALS_ASCIIHEX_DECODE:
            data = t.asciihexdecode(data)
        elif name in t.LITERALS_ASCII85_DECODE:
            data = t.ascii85decode(data)
        elif name in t.LITERALS_RUNLENGTH_DECODE and len(data) * 128 <= limit:
            data = t.rldecode(data)
        elif name in t.LITERALS_LZW_DECODE and len(data) * 4096 <= limit:
            data = t.lzwdecode(data)
        elif name in t.LITERALS_RUNLENGTH_DECODE or name in t.LITERALS_LZW_DECODE:
            return limit + 1  # could inflate past the cap: not worth the risk in a report
        else:
            break  # image codecs: pdfplumber never decodes them
        if len(data) > limit:
            return len(data)
    return len(data)


def _inflate(data: bytes, limit: int) -> bytes:
    """zlib inflate that stops past ``limit``; a damaged stream keeps what inflated before
    the damage, as pdfminer does."""
    out = bytearray()
    inflater = zlib.decompressobj()
    step = 64 * 1024
    for at in range(0, len(data), step):
        chunk = data[at : at + step]
        before, size = inflater.copy(), len(out)
        try:
            out += inflater.decompress(chunk, limit + 1 - len(out))
            while inflater.unconsumed_tail and len(out) <= limit:
                out += inflater.decompress(inflater.unconsumed_tail, limit + 1 - len(out))
        except zlib.error:
            del out[size:]
            for byte in range(len(chunk)):  # again, byte by byte, up to the damage
                try:
                    out += before.decompress(chunk[byte : byte + 1], limit + 1 - len(out))
                except zlib.error:
                    break
                if len(out) > limit:
                    break
            break
        if len(out) > limit or inflater.eof:
            break
    return bytes(out)


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
        if MOTTO not in first_quarter or not any(name in first_quarter for name in ISSUERS):
            problems.append(
                _problem(
                    1,
                    "Trang 1 thiếu phần đầu văn bản (tên chi bộ hoặc đảng ủy bên trái, «ĐẢNG CỘNG "
                    "SẢN VIỆT NAM» bên phải) ở phía trên.",
                )
            )

    # The signature alone on the last page, parted from the report it signs.
    if number == pages > 1 and body_lines and SIGNATURE.match(body_lines[0]["text"].strip()):
        problems.append(
            _problem(
                number,
                f"Trang cuối (trang {number}) chỉ có phần nơi nhận và chữ ký; đoạn kết «Trên đây là "
                "báo cáo…» phải sang trang cùng chữ ký.",
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
