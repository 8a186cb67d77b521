"""The member list as a spreadsheet: reading .xlsx and .csv, row errors, limits, masking."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from chibo.loader import load_file
from chibo.members import count_roster
from chibo.model import Member
from chibo.roster_file import (
    EXAMPLE_NAME,
    HEADERS,
    MAX_ROWS,
    WRITTEN,
    FileRefused,
    export_csv,
    export_xlsx,
    mask,
    masked,
    read_roster,
    template_xlsx,
)

HEAD = [HEADERS[k] for k in WRITTEN]
GOOD = [
    ["Trần Thị Lan", "Nữ", 1980, datetime(2010, 2, 3), "03/02/2011", "Đại học", "Sơ cấp", "001234567890"],
    ["Lê Văn Bình", "Nam", 1975, "15/09/2025", None, "Thạc sĩ", None, None],
    ["Phạm Văn Cường", "nam", "1968", "2001-05-19", "19/05/2002", "Cao đẳng", "Trung cấp", None,
     "Chuyển đi", "15/06/2026", "về trường khác"],
]


def xlsx(rows, head=HEAD) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, delimiter=";", bom=True) -> bytes:
    def cell(v):
        if isinstance(v, datetime):
            return v.strftime("%d/%m/%Y")
        text = "" if v is None else str(v)
        return f'"{text}"' if delimiter in text else text

    lines = [delimiter.join(HEAD)] + [delimiter.join(cell(v) for v in row) for row in rows]
    return ("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode("utf-8")


def test_xlsx_members_read_with_labels_dates_and_events():
    result = read_roster(xlsx(GOOD))
    assert result.ok, result.problems
    lan, binh, cuong = result.members
    assert lan == {
        "name": "Trần Thị Lan", "sex": "nu", "birth_year": 1980, "admitted_on": "2010-02-03",
        "official_on": "2011-02-03", "education": "dai_hoc", "theory": "so_cap", "identity_number": "001234567890",
    }
    assert "official_on" not in binh and binh["education"] == "thac_si"
    assert cuong["events"] == [{"kind": "chuyen_di", "on": "2026-06-15", "note": "về trường khác"}]
    roster = [Member.model_validate(m) for m in result.members]
    counts = count_roster(roster, 2026)
    assert (counts["start_of_year"], counts["admitted"], counts["transferred_out"], counts["end_of_year"]) == (3, 0, 1, 2)


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_semicolon_or_comma_with_or_without_bom(delimiter, bom):
    result = read_roster(csv_bytes(GOOD, delimiter, bom))
    assert result.ok, result.problems
    assert [m["name"] for m in result.members] == ["Trần Thị Lan", "Lê Văn Bình", "Phạm Văn Cường"]
    assert result.members[0]["admitted_on"] == "2010-02-03"


def test_header_variants_case_and_diacritics_ignored_and_unknown_columns_listed():
    head = ["STT", "HỌ TÊN", "gioi tinh", "Sinh năm", "Ngày kết nạp", "ngày chính thức", "Chuyên môn", "LLCT", "Chức vụ"]
    result = read_roster(xlsx([[1, "Trần Thị Lan", "nữ", 1980, "3/2/2010", "3/2/2011", "ĐH", "Trung cấp", "Tổ trưởng"]], head))
    assert result.ok, result.problems
    assert result.members[0]["education"] == "dai_hoc" and result.members[0]["theory"] == "trung_cap"
    assert result.ignored_columns == ["Chức vụ"]


def test_every_bad_row_reported_at_once_with_column_and_fix_and_nothing_returned():
    rows = [
        GOOD[0],
        ["Lê Văn Bình", "Nam", 1975, "31/02/2019", None, "Thạc sĩ"],
        ["Phạm C", "x", "abc", "03/02/2019", None, "Đại học"],
        GOOD[1],
        ["Đỗ Thị D", "Nữ", 1990, "03/02/2019", None, None, None, "12345"],
    ]
    result = read_roster(xlsx(rows))
    assert not result.ok and result.members == []
    messages = [str(p) for p in result.problems]
    assert messages == [
        "Dòng 3, cột «Ngày vào Đảng»: «31/02/2019» không phải ngày có thật — sửa thành ngày/tháng/năm, ví dụ 03/02/2019",
        "Dòng 4, cột «Giới tính»: «x» không có trong danh sách — chọn một trong: «Nam», «Nữ»",
        "Dòng 4, cột «Năm sinh»: «abc» không phải năm sinh — ghi bốn chữ số, ví dụ 1985",
        "Dòng 6, cột «Trình độ chuyên môn»: còn trống — ô này bắt buộc",
        "Dòng 6, cột «Số định danh cá nhân/CCCD»: «12345» không phải số định danh — ghi đủ 12 chữ số, "
        "ví dụ 001234567890, hoặc để trống",
    ]


def test_dates_read_as_the_editor_reads_them_and_a_non_date_says_what_is_expected():
    # the same reader as the editor's fields (chibo.reading): spaces, dots and words are fine
    rows = [
        ["Trần Thị Lan", "Nữ", 1980, " 3 / 2 / 2010 ", "ngày 03 tháng 02 năm 2011", "Đại học"],
        ["Lê Văn Bình", "Nam", 1975, "tháng 2/2019", None, "Đại học"],
    ]
    result = read_roster(csv_bytes(rows))
    assert [str(p) for p in result.problems] == [
        "Dòng 3, cột «Ngày vào Đảng»: «tháng 2/2019» không phải ngày — ghi ngày/tháng/năm, ví dụ 03/02/2019",
    ]
    result = read_roster(csv_bytes(rows[:1]))
    assert (result.members[0]["admitted_on"], result.members[0]["official_on"]) == ("2010-02-03", "2011-02-03")


def test_official_before_admitted_and_event_without_date_are_row_errors():
    rows = [
        ["A", "Nam", 1980, "03/02/2019", "03/02/2018", "Đại học"],
        ["B", "Nam", 1980, "03/02/2019", None, "Đại học", None, None, "Nghỉ hưu"],
    ]
    messages = [str(p) for p in read_roster(xlsx(rows)).problems]
    assert messages[0].startswith("Dòng 2, cột «Ngày chính thức»: ngày chính thức trước ngày vào Đảng (03/02/2019)")
    assert messages[1] == "Dòng 3, cột «Ngày biến động»: còn trống — biến động nào cũng cần loại và ngày"


def test_formula_cells_refused():
    result = read_roster(xlsx([["A", "Nam", "=1980+0", "03/02/2019", None, "Đại học"]]))
    assert [str(p) for p in result.problems] == [
        "Dòng 2, cột «Năm sinh»: ô có công thức — chibo chỉ nhận giá trị; chép rồi «Dán giá trị»"
    ]


def test_identity_number_typed_as_a_number_keeps_its_leading_zeros():
    result = read_roster(xlsx([["A", "Nam", 1980, "03/02/2019", None, "Đại học", None, 1234567890]]))
    assert result.members[0]["identity_number"] == "001234567890"


def test_template_reads_back_and_its_example_row_must_be_deleted():
    data = template_xlsx()
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEAD
    assert sheet["A2"].value == EXAMPLE_NAME
    kinds = {str(dv.sqref)[0]: dv.type for dv in sheet.data_validations.dataValidation}
    assert kinds["B"] == "list" and kinds["D"] == "date"  # Giới tính offered as a list, Ngày vào Đảng a date
    assert [str(p) for p in read_roster(data).problems] == ["Dòng 2: đây là dòng ví dụ của mẫu — xóa dòng này"]


def test_export_masks_identity_numbers_and_imports_back_to_the_same_roster():
    roster = read_roster(xlsx(GOOD)).members
    exported = export_xlsx(roster)
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).worksheets[0]
    column = HEAD.index(HEADERS["identity_number"]) + 1
    assert sheet.cell(row=2, column=column).value == "0012******90"
    assert b"001234567890" not in b"".join(
        zipfile.ZipFile(io.BytesIO(exported)).read(n) for n in zipfile.ZipFile(io.BytesIO(exported)).namelist()
    )
    # The masked number stands for the stored one when the same member comes back ...
    assert read_roster(exported, known=roster).members == roster
    # ... and is refused where chibo does not know the full number.
    problems = [str(p) for p in read_roster(exported).problems]
    assert problems == [
        "Dòng 2, cột «Số định danh cá nhân/CCCD»: «0012******90» là số đã che, chibo không biết số đầy đủ — "
        "nhập đủ 12 chữ số hoặc để trống"
    ]


def test_masked_report_data():
    data = {"year": 2026, "members": {"roster": [{"name": "A", "identity_number": "001234567890"}, {"name": "B"}]}}
    out = masked(data)
    assert out["members"]["roster"][0]["identity_number"] == "0012******90"
    assert data["members"]["roster"][0]["identity_number"] == "001234567890"  # the stored data is untouched
    assert masked({"year": 2026}) == {"year": 2026}
    assert mask("001234567890") == "0012******90"


def test_identity_number_in_the_model_is_twelve_digits():
    base = {"name": "A", "sex": "nam", "birth_year": 1980, "admitted_on": "2019-02-03", "education": "dai_hoc"}
    assert Member.model_validate({**base, "identity_number": "001 234 567 890"}).identity_number == "001234567890"
    with pytest.raises(ValueError):
        Member.model_validate({**base, "identity_number": "0012345"})


def test_docx_never_prints_identity_numbers():
    from chibo.compose import compose
    from chibo.figures import compute
    from chibo.render.to_docx import render_docx

    report = load_file(Path(__file__).parents[1] / "examples" / "tieu-hoc-2026.yaml").report
    report.members.roster[0].identity_number = "001234567890"
    docx = render_docx(compose(report, compute(report)))
    text = b"".join(zipfile.ZipFile(io.BytesIO(docx)).read(n) for n in zipfile.ZipFile(io.BytesIO(docx)).namelist())
    assert b"001234567890" not in text and b"0012**" not in text


# --- hostile and odd files ---------------------------------------------------------------


def refused(content: bytes) -> str:
    with pytest.raises(FileRefused) as caught:
        read_roster(content)
    return str(caught.value)


def test_not_a_spreadsheet_or_a_broken_zip_refused_with_a_message():
    assert "tệp Excel đời cũ (.xls)" in refused(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    assert "không phải bảng tính" in refused(b"\x7fELF\x00\x00\x00binary")
    assert "bị hỏng" in refused(b"PK\x03\x04 this is not really a zip")
    assert "CSV UTF-8" in refused(b"H\xf2 v\xe0 t\xean;Gi\xf5i t\xednh\n")  # Windows-1258, as Excel's plain CSV
    assert "Tệp trống" in refused(b"  \n")
    assert "Không thấy dòng tiêu đề" in refused("a;b;c\n1;2;3\n".encode())
    assert "Thiếu cột «Giới tính»" in refused("Họ và tên;Năm sinh\nA;1980\n".encode())


def test_zip_bomb_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * 60_000_000)
    content = out.getvalue()
    assert len(content) < 200_000
    assert "quá lớn" in refused(content)


def test_huge_sheet_dimension_refused_before_rows_are_read():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEAD)
    sheet["A1048576"] = "x"  # one cell at the last row: the sheet claims a million rows
    out = io.BytesIO()
    book.save(out)
    assert "dài hơn 5.000 dòng" in refused(out.getvalue())


def test_too_many_rows_refused():
    row = "A;Nam;1980;03/02/2019;;Đại học"
    content = ("\n".join([";".join(HEAD[:6])] + [row] * (MAX_ROWS + 1))).encode()
    assert "dài hơn 5.000 dòng" in refused(content)


def test_too_large_file_refused():
    assert "lớn hơn 2 MB" in refused(b"a" * 2_000_001)


def with_sheet_xml(content: bytes, change) -> bytes:
    """The workbook with its sheet's XML passed through ``change`` (what a hostile or odd writer makes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, change(data.decode()) if name == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def test_a_row_of_a_million_cells_is_refused_before_it_is_parsed():
    row = '<row r="2">' + '<c t="n"><v>1</v></c>' * 300_000 + "</row>"
    content = with_sheet_xml(xlsx([]), lambda xml: xml.replace("</sheetData>", row + "</sheetData>"))
    assert "quá nhiều ô" in refused(content)


def test_a_dimension_that_says_too_few_rows_does_not_cut_the_list_short():
    content = with_sheet_xml(xlsx(GOOD), lambda xml: xml.replace("<dimension ref=\"A1:N4\"/>", "<dimension ref=\"A1:N1\"/>"))
    assert b'ref="A1:N1"' in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert len(read_roster(content).members) == 3


def test_an_admission_written_as_an_event_is_the_date_admitted():
    rows = [
        ["A", "Nam", 1990, None, None, "Đại học", None, None, "Kết nạp", "15/09/2026"],
        ["B", "Nữ", 1990, "15/09/2026", None, "Đại học", None, None, "kết nạp", "15/09/2026"],
        ["C", "Nữ", 1990, "15/09/2026", None, "Đại học", None, None, "Kết nạp", "16/09/2026"],
    ]
    result = read_roster(xlsx(rows))
    assert [str(p) for p in result.problems] == [
        "Dòng 4, cột «Ngày biến động»: ngày kết nạp «16/09/2026» khác «Ngày vào Đảng» «15/09/2026» — sửa cho hai ngày trùng nhau"
    ]
    result = read_roster(xlsx(rows[:2]))
    assert [(m["admitted_on"], m.get("events")) for m in result.members] == [("2026-09-15", None), ("2026-09-15", None)]


def test_csv_export_masks_and_reads_back():
    roster = read_roster(xlsx(GOOD)).members
    exported = export_csv(roster)
    assert exported.startswith("\ufeff".encode()) and b"001234567890" not in exported
    assert "Trần Thị Lan;Nữ;1980;03/02/2010;03/02/2011;Đại học;Sơ cấp;0012******90" in exported.decode("utf-8-sig")
    assert read_roster(exported, known=roster).members == roster
