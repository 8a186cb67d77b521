"""What every Party document has around its body (Hướng dẫn 36-HD/VPTW).

The masthead names the body above the issuer, then the issuer, a "*" and the
number; the right column holds the motto and the place and date. The closing
has the list of recipients on the left and the signature on the right. A
chi bộ's report and a đảng ủy's summary differ only in the words.
"""

from __future__ import annotations

from datetime import date

from .document import Closing, Masthead, Paragraph
from .vietnamese import format_date

P = Paragraph.of
# What a clerk fills by hand when a value is not known yet.
BLANK_NUMBER = "        "  # after "Số ": nine spaces in all, room for a handwritten number
BLANK_TEXT = "……………"


# What a school's name says of it before its own name: "TRƯỜNG MẦM NON | BÌNH MINH II",
# "TRƯỜNG THCS | NGUYỄN VĂN TRỖI" (longest first; joined by "VÀ", "&").
_SCHOOL_KINDS = sorted((tuple(kind.split()) for kind in (
    "MẦM NON", "MẪU GIÁO", "NHÀ TRẺ", "TIỂU HỌC", "TRUNG HỌC CƠ SỞ", "TRUNG HỌC PHỔ THÔNG", "PHỔ THÔNG",
    "PHỔ THÔNG DÂN TỘC NỘI TRÚ", "PHỔ THÔNG DÂN TỘC BÁN TRÚ", "DÂN TỘC NỘI TRÚ", "DÂN TỘC BÁN TRÚ",
    "LIÊN CẤP", "NHIỀU CẤP HỌC", "TƯ THỤC", "DÂN LẬP", "CHUYÊN", "MN", "MG", "TH", "THCS", "THPT", "PT",
    "PTDTNT", "PTDTBT", "PTCS", "TH&THCS", "THCS&THPT", "TH-THCS", "THCS-THPT", "VÀ", "&",
)), key=len, reverse=True)


def name_breaks(text: str) -> list[int]:
    """Where a line may break in an organisation's name (word indices, a break before that
    word) without splitting a unit: before "TRƯỜNG" and before the school's own name,
    "CHI BỘ | TRƯỜNG MẦM NON BÌNH MINH II", "CHI BỘ TRƯỜNG THCS | NGUYỄN VĂN TRỖI".
    Empty for a name with no "TRƯỜNG" (the caller breaks it as any line)."""
    words = text.upper().split(" ")
    if "TRƯỜNG" not in words:
        return []
    at = words.index("TRƯỜNG")
    own = at + 1
    while own < len(words):
        kind = next((k for k in _SCHOOL_KINDS if tuple(words[own:own + len(k)]) == k), None)
        if kind is None:
            break
        own += len(kind)
    return [i for i in dict.fromkeys((at, own)) if 0 < i < len(words)]


def masthead(parent: str | None, issuer: str, number: str | None, kind: str, place: str | None, day: date | None) -> Masthead:
    """``kind`` is the tail of the number, e.g. "BC/CB" or "BC/ĐU"; one the cell chose
    starts with its own separator ("/BCTK")."""
    # None is "not known": a clerk fills it by hand. The number is blank when empty too.
    where = BLANK_TEXT if place is None else place
    when = "ngày     tháng     năm" if day is None else format_date(day)
    return Masthead(
        left=[
            P(BLANK_TEXT if parent is None else parent, "org_parent"),
            P(issuer, "org_name"),
            P("*", "org_mark"),
            P(f"Số {number or BLANK_NUMBER}{'' if kind[:1] in ('-', '/') else '-'}{kind}", "doc_number"),
        ],
        right=[
            P("Đảng Cộng sản Việt Nam", "motto"),
            P(f"{where}, {when}", "place_date"),
        ],
    )


def closing(recipients: list[str], capacity: str, position: str, signer: str | None) -> Closing:
    """``capacity`` e.g. "T/M Chi bộ"; ``position`` "Bí thư" or "Phó Bí thư"."""
    items = [item.rstrip(" ,.;") for item in recipients]
    lines = [
        P(f"- {item}{'.' if i == len(items) - 1 else ','}", "distribution_item")
        for i, item in enumerate(items)
    ]
    return Closing(
        left=[P("Nơi nhận:", "distribution_heading"), *lines],
        right_top=[P(capacity, "sign_capacity"), P(position, "sign_position")],
        right_bottom=[P(BLANK_TEXT if signer is None else signer, "sign_name")],
    )
