"""The member list as a spreadsheet: .xlsx or .csv in, .xlsx out.

One row a member; the headers are the ``Member`` field titles (common variants
accepted, case and diacritics ignored). Up to three events a member sit in the
same row ("Biến động", "Ngày biến động", "Ghi chú biến động", then "… 2", "… 3").
Every bad cell of every row is reported at once and nothing is returned to save
while one is wrong. Identity numbers leave chibo only masked.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from .labels import Education, LabelledEnum, MemberEventKind, Sex, TheoryLevel
from .model import Member, MemberEvent
from .reading import read_date, written_as_date
from .vietnamese import normalize_text

MAX_BYTES = 2_000_000
MAX_ROWS = 5_000
MAX_COLUMNS = 40
MAX_CELL_CHARS = 500
# An .xlsx is a zip: its parts are bounded unpacked, so a small file cannot unpack to gigabytes.
MAX_UNPACKED = 15_000_000
MAX_ZIP_ENTRIES = 200
# openpyxl parses every cell of a row, wanted or not: the cells are counted first, so a
# sheet of a few huge rows is refused in milliseconds instead of parsed for seconds.
MAX_CELLS = (MAX_ROWS + 50) * 24
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
EVENT_SLOTS = 3

DATA_SHEET = "Danh sách đảng viên"
HELP_SHEET = "Hướng dẫn"
EXAMPLE_NAME = "Nguyễn Văn Mẫu (dòng ví dụ, xóa đi)"

_F = Member.model_fields
_E = MemberEvent.model_fields
# Column key -> header written in the template and the export (titles from the model).
HEADERS: dict[str, str] = {
    "name": _F["name"].title,
    "sex": _F["sex"].title,
    "birth_year": _F["birth_year"].title,
    "admitted_on": _F["admitted_on"].title,
    "official_on": _F["official_on"].title,
    "education": _F["education"].title,
    "theory": _F["theory"].title,
    "identity_number": _F["identity_number"].title,
}
_EVENT_KIND, _EVENT_ON, _EVENT_NOTE = "Biến động", "Ngày biến động", "Ghi chú biến động"
for _n in range(1, EVENT_SLOTS + 1):
    _suffix = "" if _n == 1 else f" {_n}"
    HEADERS[f"event{_n}.kind"] = _EVENT_KIND + _suffix
    HEADERS[f"event{_n}.on"] = _EVENT_ON + _suffix
    HEADERS[f"event{_n}.note"] = _EVENT_NOTE + _suffix
# The template and the export show two event slots; a third is read if a user adds it.
WRITTEN = [k for k in HEADERS if not k.startswith("event3")]


def fold(text: str) -> str:
    """Compare words as a person would: no case, no diacritics, no punctuation or spaces."""
    text = unicodedata.normalize("NFD", str(text).casefold().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


_VARIANTS = {
    "name": ["Họ tên", "Họ và tên đảng viên", "Tên", "Họ tên đảng viên"],
    "sex": ["Nam/Nữ", "Giới"],
    "birth_year": ["Sinh năm", "Năm sinh", "Ngày sinh", "Ngày tháng năm sinh"],
    "admitted_on": ["Ngày kết nạp", "Ngày vào đảng", "Ngày kết nạp Đảng"],
    "official_on": ["Ngày công nhận chính thức", "Ngày chuyển chính thức", "Chính thức"],
    "education": ["Chuyên môn", "Trình độ", "Trình độ CM", "Học vị"],
    "theory": ["Lý luận chính trị", "Trình độ LLCT", "LLCT", "Lý luận"],
    "identity_number": ["CCCD", "Số CCCD", "Số định danh", "Số định danh cá nhân", "Căn cước công dân"],
}
_IGNORED = {fold(h) for h in ("STT", "TT", "Số thứ tự", "Ghi chú")}
_HEADER_KEYS: dict[str, str] = {}
for _key, _title in HEADERS.items():
    _HEADER_KEYS[fold(_title)] = _key
for _key, _names in _VARIANTS.items():
    for _name in _names:
        _HEADER_KEYS.setdefault(fold(_name), _key)
for _n in range(1, EVENT_SLOTS + 1):
    _suffix = "" if _n == 1 else str(_n)
    _HEADER_KEYS.setdefault(fold("Loại biến động" + _suffix), f"event{_n}.kind")


def _choices(enum: type[LabelledEnum], extra: dict[str, LabelledEnum]) -> dict[str, LabelledEnum]:
    found = {fold(m.label): m for m in enum}
    found.update({fold(m.value): m for m in enum})
    found.update({fold(k): v for k, v in extra.items()})
    return found


_SEX = _choices(Sex, {"nữ": Sex.FEMALE, "nu": Sex.FEMALE})
_EDUCATION = _choices(Education, {
    "TS": Education.DOCTORATE, "ThS": Education.MASTER, "Thạc sỹ": Education.MASTER,
    "Tiến sỹ": Education.DOCTORATE, "ĐH": Education.UNIVERSITY, "Cử nhân": Education.UNIVERSITY,
    "CĐ": Education.COLLEGE, "Trung cấp": Education.OTHER, "TC": Education.OTHER, "Khác": Education.OTHER,
})
_THEORY = _choices(TheoryLevel, {
    "Cao cấp lý luận chính trị": TheoryLevel.ADVANCED, "Cử nhân chính trị": TheoryLevel.ADVANCED,
    "Trung cấp lý luận chính trị": TheoryLevel.INTERMEDIATE, "Sơ cấp lý luận chính trị": TheoryLevel.ELEMENTARY,
    "Chưa có": TheoryLevel.NONE, "Chưa qua": TheoryLevel.NONE, "Không": TheoryLevel.NONE,
})
_EVENT = _choices(MemberEventKind, {"Miễn sinh hoạt": MemberEventKind.EXEMPTED})

_MASKED = re.compile(r"^(\d{4})\*{6}(\d{2})$")


class FileRefused(Exception):
    """The file as a whole cannot be read: the message says why and what to do."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it
    column: str  # header as the file wrote it ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}, cột «{self.column}»" if self.column else f"Dòng {self.row}"
        return f"{where}: {self.message}"


@dataclass
class RosterRead:
    members: list[dict] = field(default_factory=list)  # as stored in report data (JSON-ready)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- reading ----------------------------------------------------------------------------


def _kind(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            "Đây là tệp Excel đời cũ (.xls). Hãy mở bằng Excel, chọn Lưu thành «Sổ làm việc Excel (.xlsx)» rồi tải lên lại."
        )
    if b"\x00" in content[:4096]:
        raise FileRefused("Tệp này không phải bảng tính .xlsx hay .csv. Hãy tải lên tệp theo mẫu.")
    return "csv"


def _xlsx_rows(content: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused("Tệp .xlsx bị hỏng, không mở được. Hãy mở lại bằng Excel, lưu thành .xlsx rồi tải lên lại.") from None
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise FileRefused(
            "Tệp .xlsx này khi mở ra quá lớn so với một danh sách đảng viên. "
            "Hãy chép riêng bảng danh sách sang một tệp mới theo mẫu rồi tải lên lại."
        )
    cells = sum(
        len(_CELL_TAG.findall(archive.read(i)))
        for i in infos
        if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
    )
    if cells > MAX_CELLS:
        raise FileRefused(_too_many_rows())
    from openpyxl import load_workbook  # openpyxl is slow to import; only .xlsx needs it

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise FileRefused("Tệp .xlsx bị hỏng, không mở được. Hãy mở lại bằng Excel, lưu thành .xlsx rồi tải lên lại.") from None
    try:
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + 50:
            raise FileRefused(_too_many_rows())
        sheet.reset_dimensions()  # a dimension that says too few rows would cut the list short
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    finally:
        book.close()


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            "Tệp .csv không ở dạng UTF-8 nên chữ có dấu bị hỏng. Trong Excel hãy chọn Lưu thành "
            "«CSV UTF-8 (phân cách bằng dấu phẩy)», hoặc tải lên tệp .xlsx."
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _too_many_rows() -> str:
    return (
        f"Bảng tính dài hơn {MAX_ROWS:,} dòng (hoặc có quá nhiều ô), quá mức chibo nhận. "
        "Hãy chép riêng danh sách đảng viên của chi bộ sang một tệp mới theo mẫu."
    ).replace(",", ".")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if len(text) <= 60 else text[:57] + "…"


class _Bad(Exception):
    pass


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value)).strip()


def _plain(value: Any) -> str:
    """A cell read as a date, number or code: no tone-style normalising needed (a fifth of the time)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@functools.lru_cache(maxsize=512)
def _folded(text: str) -> str:  # the same few labels fill a whole column
    return fold(text)


def _day(value: Any, example: str = "03/02/2019") -> str:
    """ISO text of a date given as an Excel date, dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = _plain(value)
    day = read_date(text)
    if day is not None:
        return day.isoformat()
    if written_as_date(text):
        raise _Bad(f"«{_shown(value)}» không phải ngày có thật — sửa thành ngày/tháng/năm, ví dụ {example}")
    raise _Bad(f"«{_shown(value)}» không phải ngày — ghi ngày/tháng/năm, ví dụ {example}")


def _year(value: Any) -> int:
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _plain(value)
    if text.isdigit():
        return int(text)
    try:  # a whole birth date typed in the year column: the year is what counts
        return int(_day(text)[:4])
    except _Bad:
        raise _Bad(f"«{_shown(value)}» không phải năm sinh — ghi bốn chữ số, ví dụ 1985") from None


def _choice(table: dict[str, LabelledEnum], enum: type[LabelledEnum], value: Any) -> str:
    found = table.get(_folded(_plain(value)))
    if found is None:
        names = ", ".join(f"«{m.label}»" for m in enum)
        raise _Bad(f"«{_shown(value)}» không có trong danh sách — chọn một trong: {names}")
    return found.value


def _identity(value: Any, name: str, known: dict[tuple[str, str], str]) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
        return f"{value:012d}"  # Excel kept it as a number and dropped the leading zeros
    text = re.sub(r"[\s.]", "", _plain(value))
    if re.fullmatch(r"[0-9]{12}", text):
        return text
    if _MASKED.match(text):  # a masked number from chibo's own export: keep the stored one
        stored = known.get((fold(name), text))
        if stored:
            return stored
        raise _Bad(f"«{text}» là số đã che, chibo không biết số đầy đủ — nhập đủ 12 chữ số hoặc để trống")
    raise _Bad(f"«{_shown(value)}» không phải số định danh — ghi đủ 12 chữ số, ví dụ 001234567890, hoặc để trống")


def _header_map(row: tuple) -> tuple[dict[int, str], dict[str, str], list[str]] | None:
    """Column index -> key, key -> header as written, and ignored headers; None if not the header row."""
    columns, written, ignored = {}, {}, []
    for i, cell in enumerate(row):
        if _blank(cell):
            continue
        key = _HEADER_KEYS.get(fold(_text(cell)))
        if key is None or key in written:
            if fold(_text(cell)) not in _IGNORED:
                ignored.append(_text(cell))
            continue
        columns[i] = key
        written[key] = _text(cell)
    if "name" not in written:
        return None
    return columns, written, ignored


_REQUIRED = ("name", "sex", "birth_year", "admitted_on", "education")


def read_roster(content: bytes, known: list[dict] | None = None) -> RosterRead:
    """Read a roster file; ``known`` (the stored roster) lets a masked number from an export stand for itself."""
    if len(content) > MAX_BYTES:
        raise FileRefused(f"Tệp lớn hơn {MAX_BYTES // 1_000_000} MB. Một danh sách đảng viên chỉ cần vài chục KB: hãy lưu riêng bảng danh sách.")
    if not content.strip():
        raise FileRefused("Tệp trống. Hãy tải mẫu, điền danh sách rồi tải lên.")
    rows = _xlsx_rows(content) if _kind(content) == "xlsx" else _csv_rows(content)
    known_numbers = {
        (fold(m.get("name", "")), mask(m["identity_number"])): m["identity_number"]
        for m in known or []
        if isinstance(m, dict) and isinstance(m.get("identity_number"), str)
    }
    result = RosterRead()
    header = None
    try:
        for number, row in enumerate(rows, start=1):
            if number > MAX_ROWS + 50:
                raise FileRefused(_too_many_rows())
            if header is None:
                if len(row) > 1000:
                    raise FileRefused("Dòng tiêu đề có quá nhiều cột. Hãy dùng đúng các cột của mẫu.")
                if number > 20:
                    break
                header = _header_map(tuple(row[:MAX_COLUMNS]))
                if header is not None:
                    result.ignored_columns = header[2]
                    missing = [HEADERS[k] for k in _REQUIRED if k not in header[1]]
                    if missing:
                        raise FileRefused(
                            "Thiếu cột " + ", ".join(f"«{m}»" for m in missing)
                            + ". Hãy tải mẫu và giữ nguyên dòng tiêu đề của mẫu."
                        )
                continue
            if all(_blank(v) for v in row[:MAX_COLUMNS]):
                continue
            if len(result.members) + len({p.row for p in result.problems}) >= MAX_ROWS:
                raise FileRefused(_too_many_rows())
            _read_row(number, row, header[0], header[1], known_numbers, result)
        if header is None:
            raise FileRefused(
                f"Không thấy dòng tiêu đề có cột «{HEADERS['name']}». Hãy tải mẫu và giữ nguyên dòng tiêu đề của mẫu."
            )
    except csv.Error:
        raise FileRefused("Tệp .csv hỏng (dấu ngoặc kép không khớp). Hãy lưu lại từ Excel rồi tải lên.") from None
    if not result.members and not result.problems:
        raise FileRefused("Tệp chưa có đảng viên nào dưới dòng tiêu đề.")
    if result.problems:
        result.members = []  # nothing is saved while one row is wrong
    return result


def _read_row(number: int, row, columns: dict[int, str], written: dict[str, str], known, result: RosterRead) -> None:
    cells: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for i, key in columns.items():
        value = row[i] if i < len(row) else None
        if _blank(value):
            continue
        if isinstance(value, str) and value.startswith("="):
            problems.append(RowProblem(number, written[key], "ô có công thức — chibo chỉ nhận giá trị; chép rồi «Dán giá trị»"))
            continue
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            problems.append(RowProblem(number, written[key], f"ô dài quá {MAX_CELL_CHARS} ký tự — chỉ ghi giá trị của cột này"))
            continue
        cells[key] = value
    name = _text(cells["name"]) if "name" in cells else ""
    if name == EXAMPLE_NAME:
        result.problems.append(RowProblem(number, "", "đây là dòng ví dụ của mẫu — xóa dòng này"))
        return
    _admission_event(number, cells, written, problems)
    member: dict[str, Any] = {}
    for key in _REQUIRED:
        if key not in cells and not any(p.column == written[key] for p in problems):
            problems.append(RowProblem(number, written[key], "còn trống — ô này bắt buộc"))
    readers = {
        "name": _text,
        "sex": lambda v: _choice(_SEX, Sex, v),
        "birth_year": _year,
        "admitted_on": _day,
        "official_on": _day,
        "education": lambda v: _choice(_EDUCATION, Education, v),
        "theory": lambda v: _choice(_THEORY, TheoryLevel, v),
        "identity_number": lambda v: _identity(v, name, known),
    }
    for key, read in readers.items():
        if key in cells:
            try:
                member[key] = read(cells[key])
            except _Bad as bad:
                problems.append(RowProblem(number, written[key], str(bad)))
    events = []
    for n in range(1, EVENT_SLOTS + 1):
        kind, on, note = (f"event{n}.kind", f"event{n}.on", f"event{n}.note")
        if not any(k in cells for k in (kind, on, note)):
            continue
        event: dict[str, Any] = {}
        for key, read in ((kind, lambda v: _choice(_EVENT, MemberEventKind, v)), (on, _day), (note, _text)):
            if key in cells:
                try:
                    event[key.split(".")[1]] = read(cells[key])
                except _Bad as bad:
                    problems.append(RowProblem(number, written[key], str(bad)))
            elif key != note:
                header = written.get(key, HEADERS[key])
                problems.append(RowProblem(number, header, "còn trống — biến động nào cũng cần loại và ngày"))
        events.append(event)
    if not problems:
        if events:
            member["events"] = events
        try:
            Member.model_validate(member)
        except ValidationError as exc:
            for error in exc.errors():
                key = str(error["loc"][0]) if error["loc"] else ""
                column = written.get(key, HEADERS.get(key, ""))
                problems.append(RowProblem(number, column, _model_message(key, error)))
    if not problems and "official_on" in member and member["official_on"] < member["admitted_on"]:
        problems.append(RowProblem(
            number, written["official_on"],
            f"ngày chính thức trước ngày vào Đảng ({date.fromisoformat(member['admitted_on']).strftime('%d/%m/%Y')}) — kiểm tra lại hai ngày này",
        ))
    if problems:
        result.problems.extend(problems)
    else:
        result.members.append(member)


_ADMITTED = {fold("Kết nạp"), fold("Kết nạp mới"), fold("Kết nạp Đảng"), fold("Vào Đảng")}


def _admission_event(number: int, cells: dict, written: dict, problems: list) -> None:
    """«Biến động: Kết nạp» is how people note an admission; chibo reads it from «Ngày vào Đảng»."""
    for n in range(1, EVENT_SLOTS + 1):
        kind, on, note = (f"event{n}.kind", f"event{n}.on", f"event{n}.note")
        if kind not in cells or fold(_text(cells[kind])) not in _ADMITTED:
            continue
        day = cells.pop(on, None)
        cells.pop(kind)
        cells.pop(note, None)
        if day is None:
            continue
        if "admitted_on" not in cells:
            cells["admitted_on"] = day
            continue
        try:
            same = _day(day) == _day(cells["admitted_on"])
        except _Bad:
            same = True  # the bad date is reported with its own column
        if not same:
            problems.append(RowProblem(
                number, written[on],
                f"ngày kết nạp «{_shown(day)}» khác «{written['admitted_on']}» «{_shown(cells['admitted_on'])}» — sửa cho hai ngày trùng nhau",
            ))


def _model_message(key: str, error: dict) -> str:
    if key == "birth_year":
        return "năm sinh phải từ 1930 đến 2015 — ghi bốn chữ số, ví dụ 1985"
    return "giá trị không hợp lệ — sửa theo mẫu"


# --- masking ----------------------------------------------------------------------------


def mask(number: str) -> str:
    """"001234567889" -> "0012******89": enough to tell two members apart, not to use the number."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]


def masked(data: dict) -> dict:
    """A copy of report data whose identity numbers are masked: call it before anything leaves chibo."""
    members = data.get("members") if isinstance(data, dict) else None
    roster = members.get("roster") if isinstance(members, dict) else None
    if not isinstance(roster, list) or not any(isinstance(m, dict) and m.get("identity_number") for m in roster):
        return data
    data = copy.deepcopy(data)
    for member in data["members"]["roster"]:
        if isinstance(member, dict) and isinstance(member.get("identity_number"), str):
            member["identity_number"] = mask(member["identity_number"])
    return data


# --- writing ----------------------------------------------------------------------------


def _event_labels() -> str:
    return ", ".join(m.label for m in MemberEventKind)


def _workbook(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    headers = [HEADERS[k] for k in WRITTEN]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    last = MAX_ROWS + 1
    for row in rows:
        sheet.append(row)
    for i, key in enumerate(WRITTEN, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = 30 if key in ("name", "education", "theory") else 18
        if key.endswith("_on") or key.endswith(".on"):
            for r in range(2, len(rows) + 2):
                sheet[f"{letter}{r}"].number_format = "DD/MM/YYYY"
        if key == "identity_number":
            for r in range(2, len(rows) + 2):
                sheet[f"{letter}{r}"].number_format = "@"  # text: Excel would drop the leading zeros
    lists = {
        "sex": [m.label for m in Sex],
        "education": [m.label for m in Education],
        "theory": [m.label for m in TheoryLevel],
        "event1.kind": [m.label for m in MemberEventKind],
        "event2.kind": [m.label for m in MemberEventKind],
    }
    for key, labels in lists.items():
        letter = get_column_letter(WRITTEN.index(key) + 1)
        # Labels with commas cannot sit in an inline list: they are listed on the help sheet.
        source = '"' + ",".join(labels) + '"'
        if any("," in label for label in labels):
            source = f"'{HELP_SHEET}'!${_LIST_COLUMNS[key]}$2:${_LIST_COLUMNS[key]}${len(labels) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        check.error = "Chọn một giá trị trong danh sách."
        check.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(check)
    for key in WRITTEN:
        if key.endswith("_on") or key.endswith(".on"):
            letter = get_column_letter(WRITTEN.index(key) + 1)
            check = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True, showErrorMessage=True)
            check.error = "Ghi ngày/tháng/năm, ví dụ 03/02/2019."
            check.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(check)
    _help_sheet(book.create_sheet(HELP_SHEET), lists)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_LIST_COLUMNS = {"sex": "D", "education": "E", "theory": "F", "event1.kind": "G", "event2.kind": "G"}


def _help_sheet(sheet, lists: dict[str, list[str]]) -> None:
    lines = [
        "Cách điền danh sách đảng viên",
        "Mỗi dòng một đảng viên, ở trang «" + DATA_SHEET + "»; giữ nguyên dòng tiêu đề.",
        "Ngày ghi ngày/tháng/năm, ví dụ 03/02/2019 (hoặc ô ngày của Excel).",
        f"«{HEADERS['official_on']}» để trống nếu còn dự bị.",
        f"«{HEADERS['identity_number']}» không bắt buộc; nếu ghi thì đủ 12 chữ số. Mọi tệp chibo xuất ra chỉ hiện dạng che.",
        f"Biến động trong năm ({_event_labels()}): loại ở cột «{_EVENT_KIND}», ngày ở «{_EVENT_ON}»; "
        f"biến động thứ hai ở các cột «… 2». Người được kết nạp trong năm chỉ cần «{HEADERS['admitted_on']}» "
        "(ghi «Kết nạp» ở cột biến động cũng được, ngày kết nạp là ngày vào Đảng).",
        "Có thể lưu thành .csv (UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy) thay cho .xlsx.",
        f"Tối đa {MAX_ROWS:,} dòng, tệp tối đa {MAX_BYTES // 1_000_000} MB; không dùng công thức.".replace(",", "."),
    ]
    for i, line in enumerate(lines, start=1):
        sheet.cell(row=i, column=1, value=line)
    sheet.column_dimensions["A"].width = 100
    sheet.column_dimensions["D"].width = 12
    heads = {"D": HEADERS["sex"], "E": HEADERS["education"], "F": HEADERS["theory"], "G": _EVENT_KIND}
    for letter, head in heads.items():
        sheet[f"{letter}1"] = head
    for key, labels in lists.items():
        for r, label in enumerate(labels, start=2):
            sheet[f"{_LIST_COLUMNS[key]}{r}"] = label


def _row(member: dict) -> list[Any]:
    def day(value):
        try:
            return date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            return value

    labels = {"sex": Sex, "education": Education, "theory": TheoryLevel}
    row: list[Any] = []
    events = [e for e in member.get("events") or [] if isinstance(e, dict)]
    for key in WRITTEN:
        if key.startswith("event"):
            slot, part = key.split(".")
            n = int(slot[5:]) - 1
            value = events[n].get(part) if n < len(events) else None
            if part == "kind" and value in MemberEventKind._value2member_map_:
                value = MemberEventKind(value).label
            elif part == "on":
                value = day(value)
        else:
            value = member.get(key)
            if key in labels and value in labels[key]._value2member_map_:
                value = labels[key](value).label
            elif key.endswith("_on"):
                value = day(value)
            elif key == "identity_number" and isinstance(value, str):
                value = mask(value)
        row.append(value)
    return row


def template_xlsx() -> bytes:
    example = {
        "name": EXAMPLE_NAME, "sex": "nam", "birth_year": 1985, "admitted_on": "2010-02-03",
        "official_on": "2011-02-03", "education": "dai_hoc", "theory": "so_cap",
    }
    return _workbook([_row(example)])


def export_csv(roster: list[dict]) -> bytes:
    """The same columns as .csv: UTF-8 with a BOM and ";", as Excel in a Vietnamese locale opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([HEADERS[k] for k in WRITTEN])
    for member in roster:
        if isinstance(member, dict):
            writer.writerow(["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in _row(member)])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def export_xlsx(roster: list[dict]) -> bytes:
    """The roster as the template's sheet (so it can be edited and imported back); numbers masked."""
    return _workbook([_row(m) for m in roster if isinstance(m, dict)])
