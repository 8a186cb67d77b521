"""The member list as a file in the web app: template, export, import previewed then confirmed."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from chibo.roster_file import HEADERS, WRITTEN
from chibo.web.models import Report, Status

from pages import go_step, shot, sign_in

pytestmark = pytest.mark.django_db

HEAD = [HEADERS[k] for k in WRITTEN]
GOOD = [
    ["Trần Thị Lan", "Nữ", 1980, datetime(2010, 2, 3), "03/02/2011", "Đại học", "Sơ cấp", "001234567890"],
    ["Lê Văn Bình", "Nam", 1975, "15/09/2026", None, "Thạc sĩ"],
    ["Phạm Văn Cường", "Nam", 1968, "19/05/2001", "19/05/2002", "Cao đẳng", "Trung cấp", None, "Chuyển đi", "15/06/2026"],
]
BAD = [
    GOOD[0],
    ["Lê Văn Bình", "Nam", 1975, "31/02/2019", None, "Thạc sĩ"],
    ["Phạm Văn Cường", "x", 1968, "19/05/2001", "19/05/2002", "Cao đẳng"],
    ["Đỗ Thị Dung", "Nữ", "năm ngoái", "19/05/2001", "19/05/2002", "Đại học"],
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEAD)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, report, content: bytes, name="danh-sach.xlsx"):
    return client.post(reverse("roster_upload", args=[report.pk]), {"tep": SimpleUploadedFile(name, content, XLSX)})


def test_bad_rows_listed_and_nothing_saved(login, report, users):
    client = login(users["secretary"])
    before = (report.version, report.data)
    response = upload(client, report, xlsx(BAD))
    assert response.status_code == 422
    page = response.content.decode()
    assert "có 3 dòng cần sửa — chưa lưu gì" in page
    assert "Dòng 3, cột «Ngày vào Đảng»: «31/02/2019» không phải ngày có thật" in page
    assert "Dòng 4, cột «Giới tính»: «x» không có trong danh sách" in page
    assert "Dòng 5, cột «Năm sinh»: «năm ngoái» không phải năm sinh" in page
    report.refresh_from_db()
    assert (report.version, report.data) == before
    # nothing pending: a forged confirmation saves nothing
    response = client.post(reverse("roster_confirm", args=[report.pk]), {"digest": "x"})
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.version == before[0]


def test_good_file_previewed_then_saved_as_one_version_with_counts_from_the_list(login, report, users):
    client = login(users["secretary"])
    response = upload(client, report, xlsx(GOOD))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 đảng viên, không có dòng nào sai" in page and "Trần Thị Lan" in page
    report.refresh_from_db()
    assert "roster" not in report.data["members"]  # not yet
    digest = response.context["digest"]
    response = client.post(reverse("roster_confirm", args=[report.pk]), {"digest": digest})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    version = report.versions.get(number=2)
    assert version.note == "Nhập danh sách đảng viên từ tệp (3 đảng viên)"
    assert [m["name"] for m in report.data["members"]["roster"]] == ["Trần Thị Lan", "Lê Văn Bình", "Phạm Văn Cường"]
    assert set(report.data["members"]) == {"roster"}  # typed counts would contradict the list
    # the step shows section I computed from the list
    from chibo.draft import draft_state

    _, figures = draft_state(report.data)
    computed = figures["members"]["computed"]
    assert [computed[k] for k in ("start_of_year", "admitted", "transferred_out", "end_of_year")] == [2, 1, 1, 2]
    assert computed["education"]["university"] == 1 and computed["theory"]["elementary"] == 1
    # the same confirmation again saves nothing more
    assert client.post(reverse("roster_confirm", args=[report.pk]), {"digest": digest}).status_code == 409


def test_export_masks_identity_numbers_and_template_downloads(login, report, users):
    client = login(users["secretary"])
    upload(client, report, xlsx(GOOD))
    client.post(reverse("roster_confirm", args=[report.pk]), {"digest": client.session[f"roster-import-{report.pk}"]["digest"]})
    response = client.get(reverse("roster_export", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "Chi%20b%E1%BB%99%20Tr%C6%B0%E1%BB%9Dng%20THCS" in response["Content-Disposition"]  # named after the cell
    content = response.content
    parts = zipfile.ZipFile(io.BytesIO(content))
    assert b"001234567890" not in b"".join(parts.read(n) for n in parts.namelist())
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.cell(row=2, column=HEAD.index(HEADERS["identity_number"]) + 1).value == "0012******90"
    # exported, edited elsewhere, imported back: the stored number is kept
    response = upload(client, report, content)
    assert response.status_code == 200
    assert client.session[f"roster-import-{report.pk}"]["members"][0]["identity_number"] == "001234567890"
    as_csv = client.get(reverse("roster_export", args=[report.pk]) + "?dinh-dang=csv")
    assert as_csv["Content-Type"].startswith("text/csv") and b"001234567890" not in as_csv.content
    assert "0012******90" in as_csv.content.decode("utf-8-sig")
    template = client.get(reverse("roster_template", args=[report.pk]))
    assert template.status_code == 200 and template.content.startswith(b"PK")


def test_other_cells_and_reviewers_cannot_import(login, report, users):
    response = upload(login(users["other_secretary"]), report, xlsx(GOOD))
    assert response.status_code == 404
    assert login(users["other_secretary"]).get(reverse("roster_export", args=[report.pk])).status_code == 404
    response = upload(login(users["reviewer"]), report, xlsx(GOOD))
    assert response.status_code == 403
    assert "chỉ được xem" in response.content.decode()


def test_a_submitted_report_refuses_an_import(login, report, users):
    Report.objects.filter(pk=report.pk).update(status=Status.SUBMITTED, submitted_version=report.version)
    response = upload(login(users["secretary"]), report, xlsx(GOOD))
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        ("danh-sach.pdf", b"%PDF-1.4", 415, "không phải .xlsx hay .csv"),
        ("danh-sach.xlsx", b"PK\x03\x04 not a zip", 400, "bị hỏng"),
        ("danh-sach.xlsx", b"\x00\x01binary", 400, "không phải bảng tính"),
        ("danh-sach.xlsx", b"x" * 2_000_001, 413, "lớn hơn 2 MB"),
        ("danh-sach.csv", "a;b\n1;2\n".encode(), 400, "Không thấy dòng tiêu đề"),
    ],
)
def test_hostile_or_wrong_uploads_get_a_message_not_a_500(login, report, users, name, content, status, words):
    response = upload(login(users["secretary"]), report, content, name)
    assert response.status_code == status
    assert words in response.content.decode()
    report.refresh_from_db()
    assert report.version == 1


def test_no_file_chosen(login, report, users):
    response = login(users["secretary"]).post(reverse("roster_upload", args=[report.pk]), {})
    assert response.status_code == 400
    assert "Chưa chọn tệp" in response.content.decode()


# --- in the browser ----------------------------------------------------------------------


def test_import_in_the_browser_three_bad_rows_fixed_then_section_one_computed(browser, live_server, report, tmp_path):
    context, page = sign_in(browser, live_server, "bithu1")
    try:
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
        go_step(page, "2. Đảng viên")
        bad = tmp_path / "danh-sach.xlsx"
        bad.write_bytes(xlsx(BAD))
        page.get_by_label("Tệp danh sách (.xlsx, .csv)").set_input_files(str(bad))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        errors = page.locator(".roster-problems li")
        expect(errors).to_have_count(3)
        expect(errors.nth(0)).to_contain_text("Dòng 3, cột «Ngày vào Đảng»: «31/02/2019» không phải ngày có thật")
        expect(errors.nth(1)).to_contain_text("Dòng 4, cột «Giới tính»")
        expect(errors.nth(2)).to_contain_text("Dòng 5, cột «Năm sinh»")
        shot(page, "roster-import-errors")
        good = tmp_path / "danh-sach-da-sua.xlsx"
        good.write_bytes(xlsx(GOOD))
        page.get_by_label("Tệp danh sách (.xlsx, .csv)").set_input_files(str(good))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        expect(page.get_by_role("heading", level=2).first).to_contain_text("3 đảng viên, không có dòng nào sai")
        shot(page, "roster-import-preview")
        page.get_by_role("button", name="Nhập danh sách này").click()
        expect(page.locator(".messages")).to_contain_text("Đã nhập danh sách 3 đảng viên")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
        # section I computed from the list: 2 at the start, 1 admitted, 1 transferred out, 2 at the end
        for name, value in (("start_of_year", "2"), ("admitted", "1"), ("transferred_out", "1"), ("end_of_year", "2"), ("women", "1")):
            expect(page.locator(f'input[name="members.{name}"]')).to_have_value(value)
            expect(page.locator(f'input[name="members.{name}"]')).to_have_attribute("readonly", "")
        shot(page, "roster-step-after-import")
        report.refresh_from_db()
        assert len(report.data["members"]["roster"]) == 3
    finally:
        context.close()


def test_a_roster_that_would_make_the_report_too_big_is_refused_before_the_preview(login, report, users):
    note = "ghi chú dài " * 30
    rows = [[f"Người thứ {i}", "Nam", 1980, "03/02/2010", "03/02/2011", "Đại học", "Sơ cấp", None,
             "Miễn sinh hoạt", "01/03/2026", note, "Nghỉ hưu", "01/09/2026", note] for i in range(2500)]
    response = upload(login(users["secretary"]), report, xlsx(rows))
    assert response.status_code == 413
    assert "báo cáo sẽ quá lớn" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 1
