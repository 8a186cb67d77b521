"""The office's year page "Tổng hợp năm N" and its exports, over real reports."""

from __future__ import annotations

import io
import os
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.consolidate import SUMMARY_SCHEMA
from chibo.web import archive
from chibo.web.models import Cell, Deadline, Membership, Organisation, Report, Status, SubmittedFile

from web_data import _user, example_data, stored_report, tieu_hoc_data, varied

pytestmark = pytest.mark.django_db

DATA_COLUMN = f'"{Report._meta.db_table}"."data"'
SHOTS_DIR = os.environ.get("CHIBO_SCREENSHOTS")
MEMBER_KEYS = ("start_of_year", "admitted", "transferred_in", "transferred_out", "end_of_year", "official",
               "probationary", "women")


def make(cell, year, data, status=Status.DRAFT, submitted_at=None):
    return stored_report(cell, year, data, status=status, submitted_at=submitted_at)


@pytest.fixture
def office_year(org, cells, users):
    """Four cells: two THCS submitted/approved, one THCS draft, one tiểu học approved; last year one approved."""
    third = Cell.objects.create(organisation=org, name="Chi bộ Trường THCS Đông Hòa", school_level="thcs")
    fourth = Cell.objects.create(organisation=org, name="Chi bộ Trường THCS Đông Lâm", school_level="thcs")
    th = tieu_hoc_data()
    reports = {
        "submitted": make(cells[0], 2026, varied(0, cells[0].name), Status.SUBMITTED),
        "approved": make(third, 2026, varied(5, third.name), Status.APPROVED),
        "draft": make(fourth, 2026, varied(40, fourth.name), Status.DRAFT),
        "tieu_hoc": make(cells[1], 2026, th, Status.APPROVED),
        "last_year": make(cells[0], 2025, varied(-3, cells[0].name, 2025), Status.APPROVED),
    }
    return reports


def page(client, year=2026, **query):
    response = client.get(reverse("year_page", args=[year]), query)
    assert response.status_code == 200, response.content[:500]
    return lxml.html.fromstring(response.content.decode())


def table(doc, key) -> tuple[list[str], dict[str, list[str]]]:
    """A block's column labels (last header row) and its rows by label, as shown."""
    section = doc.get_element_by_id(f"bang-{key}")
    headers = [th.text_content().strip().rstrip(" ▲▼") for th in section.xpath(".//thead/tr")[-1].xpath("./th")]
    rows = {}
    for tr in section.xpath(".//tbody/tr"):
        cells = tr.xpath("./th|./td")
        rows[cells[0].text_content().strip()] = [c.text_content().strip() for c in cells[1:]]
    return headers, rows


def vn_int(text: str) -> int:
    return int(text.replace(".", ""))


def vn_pct(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def counted(office_year):
    return [office_year["submitted"].data, office_year["approved"].data]


def test_totals_equal_sums_of_the_counted_reports_and_drafts_do_not_count(office_year, login, users):
    doc = page(login(users["office"]))
    _, rows = table(doc, "members")
    thcs = counted(office_year)
    everyone = thcs + [office_year["tieu_hoc"].data]
    total = rows["Tổng cộng"]
    from chibo.consolidate import MEMBER_FIELDS

    for key in MEMBER_KEYS:
        assert vn_int(total[MEMBER_FIELDS.index(key)]) == sum(d["members"][key] for d in everyone), key
    # The draft's 40 extra members are nowhere in the total.
    assert vn_int(total[MEMBER_FIELDS.index("start_of_year")]) < 100
    assert "Chi bộ Trường THCS Đông Lâm" in rows  # but the draft is listed
    note = doc.get_element_by_id("counted-note").text_content()
    assert "Tổng cộng chỉ tính các báo cáo đã nộp và đã duyệt (3/4 chi bộ)" in note


def test_student_rates_are_weighted_by_students_not_averaged(office_year, login, users):
    doc = page(login(users["office"]))
    headers, rows = table(doc, "students_tt22")
    thcs = counted(office_year)
    assessed = sum(d["students"]["assessed"] for d in thcs)
    good = sum(d["students"]["conduct"]["tot"] for d in thcs)
    total = rows["Tổng cộng"]
    assert vn_int(total[0]) == assessed
    weighted = vn_pct(Decimal(good) * 100 / assessed)
    averaged = vn_pct(sum(Decimal(d["students"]["conduct"]["tot"]) * 100 / d["students"]["assessed"] for d in thcs) / 2)
    assert weighted != averaged  # the data tells the two apart
    assert weighted in total
    # Tiểu học (TT27) is its own block, and not in the secondary totals.
    _, th_rows = table(doc, "students_tt27")
    assert "Chi bộ Trường Tiểu học Đông Thành" in th_rows
    assert "Chi bộ Trường Tiểu học Đông Thành" not in rows


def test_last_year_totals_and_the_change(office_year, login, users):
    _, rows = table(page(login(users["office"])), "members")
    last = office_year["last_year"].data["members"]["start_of_year"]
    from chibo.consolidate import MEMBER_FIELDS

    i = MEMBER_FIELDS.index("start_of_year")
    assert vn_int(rows["Năm trước (2025)"][i]) == last
    now = vn_int(rows["Tổng cộng"][i])
    assert rows["Tăng (+), giảm (-)"][i] == f"+{now - last}"


def test_status_dates_problem_counts_and_overdue(office_year, org, login, users):
    Deadline.objects.create(organisation=org, year=2026, due=timezone.localdate() - timezone.timedelta(days=1))
    doc = page(login(users["office"]))
    _, rows = table(doc, "overview")
    assert rows["Chi bộ Trường THCS Đông Lâm"][0] == "Nháp – quá hạn"
    assert rows["Chi bộ Trường THCS Đông Thành"][0] == "Đã nộp"
    assert rows["Chi bộ Trường THCS Đông Thành"][1] == timezone.localdate().strftime("%d/%m/%Y")
    assert rows["Chi bộ Trường THCS Đông Thành"][2] == "0"  # no lỗi
    assert "1 chi bộ quá hạn" in doc.text_content()


def test_a_cell_without_a_report_is_listed(office_year, org, login, users):
    Cell.objects.create(organisation=org, name="Chi bộ Trường THCS Mới", school_level="thcs")
    _, rows = table(page(login(users["office"])), "overview")
    assert rows["Chi bộ Trường THCS Mới"][0] == "Chưa có báo cáo"


def test_filters_by_status_and_level_and_bad_values_are_ignored(office_year, login, users):
    client = login(users["office"])
    _, rows = table(page(client, **{"cap-hoc": "tieu_hoc"}), "overview")
    assert set(rows) == {"Chi bộ Trường Tiểu học Đông Thành", "Tổng cộng"}
    _, rows = table(page(client, **{"trang-thai": "nhap"}), "overview")
    assert set(rows) == {"Chi bộ Trường THCS Đông Lâm", "Tổng cộng"}
    doc = page(client, **{"trang-thai": "'; drop table", "cap-hoc": "x" * 5000, "sap-xep": "\x00"})
    assert "Bộ lọc trạng thái, cấp học không hợp lệ nên đã bỏ qua." in doc.text_content()
    _, rows = table(doc, "overview")
    assert len(rows) == 5


def _names(doc, key):
    _, rows = table(doc, key)
    return [name for name in rows if not name.startswith(("Tổng", "Năm trước", "Tăng"))]


def test_sorting_by_a_number_column_sorts_numbers_and_every_block_follows(office_year, login, users):
    client = login(users["office"])
    up = page(client, **{"sap-xep": "members:start_of_year"})
    # 24 (THCS Đông Thành), 29 (Đông Hòa), 64 (Đông Lâm), the tiểu học one has its own count.
    names = _names(up, "members")
    _, rows = table(up, "members")
    values = [vn_int(rows[n][0]) for n in names]
    assert values == sorted(values)
    assert _names(up, "overview") == names
    down = page(client, **{"sap-xep": "-members:start_of_year"})
    assert _names(down, "members") == names[::-1]
    by_status = _names(page(client, **{"sap-xep": "-status"}), "overview")
    assert by_status[-1] == "Chi bộ Trường THCS Đông Lâm"  # the draft after submitted and approved
    unknown = page(client, **{"sap-xep": "members:nope"})
    # By name, in Vietnamese order: Đông Hòa, Đông Lâm, Đông Thành (THCS) before Tiểu học.
    assert _names(unknown, "overview") == [
        "Chi bộ Trường THCS Đông Hòa", "Chi bộ Trường THCS Đông Lâm", "Chi bộ Trường THCS Đông Thành",
        "Chi bộ Trường Tiểu học Đông Thành",
    ]
    by_name = _names(page(client, **{"sap-xep": "-name"}), "overview")
    assert by_name == _names(unknown, "overview")[::-1]


def test_who_may_see_the_year_page(office_year, org, login, users, client):
    url = reverse("year_page", args=[2026])
    for role in ("secretary", "reviewer"):
        assert login(users[role]).get(url).status_code == 404
        client.logout()
    for fmt in ("xlsx", "zip", "docx"):
        assert login(users["secretary"]).get(reverse("year_export", args=[2026, fmt])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    other = Organisation.objects.get(name="Đảng bộ phường Khác")
    stranger = _user("vanphong-khac", Membership.OFFICE, other)
    _, rows = table(page(login(stranger)), "overview")
    assert set(rows) == {"Tổng cộng"}  # none of the other đảng bộ's cells
    assert login(users["office"]).get(reverse("year_page", args=[1999])).status_code == 404
    assert login(users["office"]).get(reverse("year_export", args=[2026, "exe"])).status_code == 404


def test_superuser_chooses_a_party_committee(office_year, org, login):
    admin = get_user_model().objects.create_superuser("quantri", password="mat-khau-quan-tri-2026")
    client = login(admin)
    chooser = client.get(reverse("year_page", args=[2026]))
    assert "Chọn đảng bộ" in chooser.content.decode()
    doc = page(client, **{"dang-bo": org.pk})
    _, rows = table(doc, "overview")
    assert "Chi bộ Trường THCS Đông Thành" in rows
    links = [a.get("href") for a in doc.xpath("//table//thead//a") + doc.xpath("//p[@class='exports']/a")]
    assert links and all(f"dang-bo={org.pk}" in href for href in links)  # sorting and exports stay on it
    xlsx = client.get(reverse("year_export", args=[2026, "xlsx"]), {"dang-bo": org.pk})
    assert xlsx.status_code == 200
    assert client.post(reverse("year_export", args=[2026, "xlsx"]), {"dang-bo": org.pk}).status_code == 405
    assert client.get(reverse("year_page", args=[2026]), {"dang-bo": 99999}).status_code == 404


def test_xlsx_download_equals_the_page(office_year, login, users):
    client = login(users["office"])
    _, shown = table(page(client), "members")
    response = client.get(reverse("year_export", args=[2026, "xlsx"]))
    assert response.status_code == 200
    assert "filename*=UTF-8''2026%20-%20T%E1%BB%95ng%20h%E1%BB%A3p" in response["Content-Disposition"]
    if SHOTS_DIR:  # to look at it in LibreOffice
        (Path(SHOTS_DIR) / "tong-hop-2026.xlsx").write_bytes(response.content)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book[book.sheetnames[1]]  # after the overview
    by_label = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    for label in ("Tổng cộng", "Năm trước (2025)", "Chi bộ Trường THCS Đông Hòa"):
        numbers = [v for v in by_label[label] if v is not None]
        assert all(isinstance(v, int) for v in numbers)
        assert [str(abs(v)) for v in numbers] == [t.lstrip("+-").replace(".", "") for t in shown[label] if t]
    students = book["Học sinh TT22"]
    total = next(row for row in students.iter_rows(values_only=True) if row[0] == "Tổng cộng")
    _, page_students = table(page(client), "students_tt22")
    assert vn_int(page_students["Tổng cộng"][0]) == total[1]
    pct = total[1 + 1 + 4]  # the first rate column, after assessed and four counts
    assert vn_pct(Decimal(str(pct)) * 100) == page_students["Tổng cộng"][5]
    overview = book[book.sheetnames[0]]
    submitted = office_year["submitted"]
    row = next(r for r in overview.iter_rows() if r[0].value == submitted.cell.name)
    assert row[2].value.date() == timezone.localtime(submitted.submitted_at).date()  # a date, not text
    assert row[2].number_format == "dd/mm/yyyy"


def test_zip_holds_every_counted_report_under_its_name(office_year, org, login, users):
    for report in (office_year["submitted"], office_year["approved"], office_year["tieu_hoc"]):
        for kind in ("docx", "pdf"):
            content = f"{report.pk}-{kind}".encode()
            SubmittedFile.objects.create(report=report, version=1, kind=kind, content=content, size=len(content))
    response = login(users["office"]).get(reverse("year_export", args=[2026, "zip"]))
    assert response.status_code == 200 and response.streaming
    archive_ = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive_.testzip() is None
    expected = {f"2026 - {r.cell.name}.{kind}": f"{r.pk}-{kind}".encode()
                for r in (office_year["submitted"], office_year["approved"], office_year["tieu_hoc"])
                for kind in ("docx", "pdf")}
    assert {n: archive_.read(n) for n in archive_.namelist()} == expected  # no draft


def test_zip_makes_the_files_of_a_report_submitted_before_files_were_kept(office_year, login, users):
    report = office_year["submitted"]
    response = login(users["office"]).get(reverse("year_export", args=[2026, "zip"]), {"trang-thai": "da-nop"})
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert names == [f"2026 - {report.cell.name}.docx", f"2026 - {report.cell.name}.pdf"]
    assert set(SubmittedFile.objects.filter(report=report).values_list("kind", flat=True)) == {"docx", "pdf"}


def test_stale_summaries_are_recomputed_once_and_stored(office_year, login, users):
    client = login(users["office"])
    report = office_year["approved"]
    assert report.summary is None
    page(client)
    report.refresh_from_db()
    assert report.summary["schema"] == SUMMARY_SCHEMA and report.summary_version == report.version
    # An older schema is recomputed too.
    Report.objects.filter(pk=report.pk).update(summary={**report.summary, "schema": -1})
    page(client)
    report.refresh_from_db()
    assert report.summary["schema"] == SUMMARY_SCHEMA


def test_a_summary_is_never_stored_over_a_newer_version(office_year):
    from chibo.web import cycle

    report = Report.objects.get(pk=office_year["draft"].pk)
    Report.objects.filter(pk=report.pk).update(version=2)  # a save came in meanwhile
    cycle.refresh_summary(report)
    assert Report.objects.get(pk=report.pk).summary is None


def _bulk(org, n, start):
    data = example_data()
    cells = Cell.objects.bulk_create(
        Cell(organisation=org, name=f"Chi bộ Trường số {start + i:03d}", school_level="thcs") for i in range(n)
    )
    Report.objects.bulk_create(
        Report(cell=c, year=y, data=data, version=1, status=Status.APPROVED) for c in cells for y in (2025, 2026)
    )


def test_queries_are_constant_and_fresh_reports_are_read_without_their_data(office_year, org, login, users):
    client = login(users["office"])
    url = reverse("year_page", args=[2026])
    counts = []
    for n in (3, 30):
        _bulk(org, n, len(counts) * 100)
        client.get(url)  # summaries computed and stored
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        sqls = [q["sql"] for q in captured.captured_queries]
        assert not [sql for sql in sqls if DATA_COLUMN in sql]
        counts.append(len(sqls))
    assert counts[0] == counts[1]


def test_office_details_for_the_summary_masthead(office_year, org, login, users):
    client = login(users["office"])
    url = reverse("year_page", args=[2026])
    response = client.post(url, {"superior": "Đảng bộ tỉnh  Nghệ An", "place": "Đông Thành", "signer_name": ""})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.superior == "Đảng bộ tỉnh Nghệ An"
    response = client.post(url, {"superior": "x" * 300, "place": "a\x00b", "signer_name": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Đảng bộ cấp trên dài quá 200 ký tự (đang có 300)" in text
    assert "Địa danh có ký tự không in được" in text
    org.refresh_from_db()
    assert org.superior == "Đảng bộ tỉnh Nghệ An"  # nothing saved


def test_year_page_post_needs_csrf(office_year, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["office"])
    response = client.post(reverse("year_page", args=[2026]), {"superior": "x"})
    assert response.status_code == 403


# --- names in the ZIP ----------------------------------------------------------------


def test_safe_names_for_windows():
    assert archive.safe_name("2026 - Chi bộ Trường THCS Đông Thành", "pdf") == "2026 - Chi bộ Trường THCS Đông Thành.pdf"
    assert archive.safe_name('a<b>c:d"e/f\\g|h?i*j\x01', "pdf") == "a_b_c_d_e_f_g_h_i_j_.pdf"
    assert archive.safe_name("CON", "docx") == "_CON.docx"
    assert archive.safe_name("lpt1.txt", "pdf") == "_lpt1.txt.pdf"
    assert archive.safe_name("Trường. . ", "pdf") == "Trường.pdf"
    assert archive.safe_name("...", "pdf") == "_.pdf"
    assert len(archive.safe_name("x" * 500, "pdf")) == archive.MAX_STEM + 4
    # NFD input becomes NFC, so two spellings of one name collide and are told apart.
    import unicodedata

    names = archive.unique_names(["2026 - Đông", unicodedata.normalize("NFD", "2026 - Đông"), "2026 - đông"], "pdf")
    assert names == ["2026 - Đông.pdf", "2026 - Đông (2).pdf", "2026 - đông (3).pdf"]


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    header = archive.content_disposition('2026 - Tổng hợp "x".xlsx')
    assert header.startswith('attachment; filename="2026 - Tong hop _x_.xlsx"; ')
    assert header.endswith("filename*=UTF-8''2026%20-%20T%E1%BB%95ng%20h%E1%BB%A3p%20%22x%22.xlsx")


# --- in a real browser ------------------------------------------------------------------


def test_year_page_in_a_browser_at_1280_and_360_px(office_year, live_server, users, tmp_path):
    from playwright.sync_api import expect, sync_playwright
    from pages import ARGS, CHROMIUM, SHOTS, sign_in

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            context, page_ = sign_in(browser, live_server, "vanphong")
            page_.get_by_role("link", name="Văn phòng").click()
            page_.get_by_role("link", name="Tổng hợp năm 2026").click()
            expect(page_.locator("main > h1")).to_have_text("Tổng hợp năm 2026")
            expect(page_.locator("#counted-note")).to_contain_text("(3/4 chi bộ)")
            # Sorting by a column is a link; the rows follow.
            page_.locator("#bang-members thead").get_by_role("link", name="Số đảng viên đầu năm").click()
            expect(page_.locator("#bang-members thead")).to_contain_text("Số đảng viên đầu năm ▲")
            first = page_.locator("#bang-members tbody th").first
            expect(first).to_have_text("Chi bộ Trường Tiểu học Đông Thành")  # 13 members, the fewest
            for width in (1280, 360):
                page_.set_viewport_size({"width": width, "height": 900})
                # The page itself never scrolls sideways; the wide tables scroll in their own box.
                overflow = page_.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"page overflows by {overflow} px at {width} px"
                box = page_.locator("#bang-students_tt22 .table-scroll")
                assert box.evaluate("e => e.scrollWidth > e.clientWidth")
                box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
                name = page_.locator("#bang-students_tt22 tbody th").first
                left = name.evaluate("e => e.getBoundingClientRect().left - e.closest('.table-scroll').getBoundingClientRect().left")
                assert abs(left) <= 2  # the cell's name stays at the left edge while the figures scroll
                if SHOTS is not None:
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    box.evaluate("e => { e.scrollLeft = 0; }")
                    page_.screenshot(path=str(SHOTS / f"year-{width}.png"), full_page=True)
            context.close()
        finally:
            browser.close()


def test_summary_docx_holds_the_masthead_and_the_page_totals(office_year, org, login, users):
    import docx

    org.superior = "Đảng bộ tỉnh Nghệ An"
    org.save()
    client = login(users["office"])
    _, members = table(page(client), "members")
    response = client.get(reverse("year_export", args=[2026, "docx"]))
    assert response.status_code == 200
    assert "filename*=UTF-8''2026%20-%20B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "ĐẢNG BỘ TỈNH NGHỆ AN" in text + cells
    assert "ĐẢNG ỦY XÃ ĐÔNG THÀNH" in text + cells
    totals = [[c.text.strip() for c in row.cells] for t in document.tables for row in t.rows
              if row.cells[0].text.strip() == "Tổng cộng"]
    shown_total = members["Tổng cộng"]  # đầu năm, kết nạp, chuyển đến, chuyển đi … cuối năm, as the page shows them
    assert any(row[1:5] == shown_total[:4] and shown_total[7] in row for row in totals)
    assert "Chi bộ Trường THCS Đông Lâm" not in text + cells  # the draft is not reported


def test_the_summary_number_is_typed_when_downloading(office_year, login, users):
    import docx

    client = login(users["office"])
    assert page(client).xpath('//form[contains(@class, "summary-export")]//input[@name="so"]')
    response = client.get(reverse("year_export", args=[2026, "docx"]), {"so": " 12 "})
    document = docx.Document(io.BytesIO(response.content))
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Số 12-BC/ĐU" in cells
    for bad in ("1" * 21, "12\x00"):
        refused = client.get(reverse("year_export", args=[2026, "docx"]), {"so": bad})
        assert refused.status_code == 400 and "«Số báo cáo»" in refused.content.decode()


def test_a_report_whose_summary_fails_is_listed_and_the_page_still_answers(office_year, login, users, monkeypatch):
    from chibo.web import cycle

    broken = office_year["approved"].pk
    real = cycle.refresh_summary

    def failing(report):
        if report.pk == broken:
            raise RuntimeError("injected fault")
        return real(report)

    monkeypatch.setattr(cycle, "refresh_summary", failing)
    _, rows = table(page(login(users["office"])), "overview")
    assert rows["Chi bộ Trường THCS Đông Hòa"][0] == "Đã duyệt"
    assert rows["Chi bộ Trường THCS Đông Hòa"][2] == "—"  # no lỗi count: not known


def test_a_figure_a_cell_left_out_shows_a_dash_and_how_many_cells_gave_it(office_year, org, login, users):
    from chibo.consolidate import MEMBER_FIELDS

    cell = Cell.objects.create(organisation=org, name="Chi bộ Trường THCS Đông Phú", school_level="thcs")
    data = varied(2, cell.name)
    del data["members"]["start_of_year"]  # optional since issue 11: only the year-end total is required
    make(cell, 2026, data, Status.SUBMITTED)
    doc = page(login(users["office"]))
    _, rows = table(doc, "members")
    i = MEMBER_FIELDS.index("start_of_year")
    assert rows[cell.name][i] == "—"
    others = counted(office_year) + [office_year["tieu_hoc"].data]
    assert vn_int(rows["Tổng cộng"][i]) == sum(d["members"]["start_of_year"] for d in others)
    assert rows["Số chi bộ có số liệu"][i] == "3/4"
    assert rows["Số chi bộ có số liệu"][MEMBER_FIELDS.index("end_of_year")] == "4/4"
    note = doc.get_element_by_id("bang-members").xpath(".//p[@class='note']")[0].text_content()
    assert "chi bộ không ghi số liệu này" in note


def test_summaries_decoded_once_are_shared_but_never_changed_and_a_new_one_is_read(office_year, org, login, users):
    """The page decodes each stored summary's JSON once per process (chibo.web.year._decoded):
    the same page again, sorted and filtered in between, is the same; a summary stored anew is read."""
    client = login(users["office"])
    url = reverse("year_page", args=[2026])

    def body(**query):
        html = client.get(url, query).content.decode()
        return lxml.html.fromstring(html).get_element_by_id("bang-members").text_content()

    first = body()
    body(**{"sap-xep": "-members:end_of_year", "cap-hoc": "thcs"})
    body(**{"sap-xep": "students_tt22:conduct.tot.pct"})
    assert body() == first
    report = Report.objects.get(pk=office_year["approved"].pk)
    changed = {**report.summary, "members": {**report.summary["members"], "women": 977}}
    Report.objects.filter(pk=report.pk).update(summary=changed)
    _, rows = table(page(client), "members")
    from chibo.consolidate import MEMBER_FIELDS

    assert rows["Chi bộ Trường THCS Đông Hòa"][MEMBER_FIELDS.index("women")] == "977"
