"""Issue 9 end to end in a real browser: three cells, two submit, one is returned with a
remark on the student step, fixed and resubmitted, both approved; the office's year page,
its XLSX, ZIP and summary DOCX agree with sums the test computes from the reports' data."""

from __future__ import annotations

import copy
import datetime
import io
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import lxml.html
import openpyxl
import pdfplumber
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo import fieldpaths
from chibo.web.models import Cell, Comment, Membership, Report, Status, Transition

from web_data import _user, stored_report, tieu_hoc_data, varied
from pages import SHOTS, field, fill, saved, shot, sign_in

pytestmark = pytest.mark.django_db

YEAR = 2026
THCS_A = "Chi bộ Trường THCS Đông Thành"  # submits, is returned, fixes, resubmits
TIEU_HOC = "Chi bộ Trường Tiểu học Đông Thành"  # submits once
THCS_DRAFT = "Chi bộ Trường THCS Đông Hòa"  # stays a draft, with the largest numbers
REMARK = "Số học sinh rèn luyện Tốt chưa khớp sổ điểm: đề nghị đối chiếu lại (503 em, không phải 498)."
ANSWER = "Đã sửa theo sổ điểm: 503 em Tốt, 74 em Khá."

# Labels as the office reads them, written out here rather than taken from chibo.
MEMBERS = {
    "start_of_year": "Số đảng viên đầu năm",
    "admitted": "Số đảng viên kết nạp trong năm",
    "transferred_in": "Số đảng viên chuyển đến",
    "transferred_out": "Số đảng viên chuyển đi",
    "retired": "Số đảng viên nghỉ hưu",
    "end_of_year": "Số đảng viên cuối năm",
    "official": "Số đảng viên chính thức",
    "probationary": "Số đảng viên dự bị",
    "women": "Số đảng viên nữ",
}
LEVELS = {  # the model's code -> the level's name
    "htxsnv": "Hoàn thành xuất sắc nhiệm vụ",
    "httnv": "Hoàn thành tốt nhiệm vụ",
    "htnv": "Hoàn thành nhiệm vụ",
    "khtnv": "Không hoàn thành nhiệm vụ",
}
MEMBER_RATINGS = {"excellent": "htxsnv", "good": "httnv", "completed": "htnv", "failed": "khtnv"}
BLOCKS = ("members", "classification", "cell_levels", "students_tt22", "students_tt27")
SCALES = {  # block -> (data key, group on the page, {code: label})
    "students_tt22": [
        ("conduct", "Kết quả rèn luyện", {"tot": "Tốt", "kha": "Khá", "dat": "Đạt", "chua_dat": "Chưa đạt"}),
        ("learning", "Kết quả học tập", {"tot": "Tốt", "kha": "Khá", "dat": "Đạt", "chua_dat": "Chưa đạt"}),
    ],
    "students_tt27": [
        ("learning", "Kết quả giáo dục", {"hoan_thanh_xuat_sac": "Hoàn thành xuất sắc",
                                          "hoan_thanh_tot": "Hoàn thành tốt", "hoan_thanh": "Hoàn thành",
                                          "chua_hoan_thanh": "Chưa hoàn thành"}),
        # TT27 rates each phẩm chất, năng lực on its own: the office sees each one's Tốt.
        *((f"qualities.{code}", "Mức Tốt theo từng phẩm chất, năng lực", {"tot": name})
          for code, name in (("yeu_nuoc", "Yêu nước"), ("trach_nhiem", "Trách nhiệm"),
                             ("giai_quyet_van_de_sang_tao", "Giải quyết vấn đề và sáng tạo"))),
    ],
}


# --- the đảng bộ --------------------------------------------------------------------------


def _thcs(name: str, extra: int, number: str | None) -> dict:
    """The THCS example with `extra` more members and 10·`extra` more students, still adding up."""
    data = varied(extra, name, YEAR)
    if number is None:
        del data["meta"]["number"]  # one cảnh báo to acknowledge
    else:
        data["meta"]["number"] = number
    return data


@pytest.fixture
def dang_bo(org, cells, users):
    """Three cells of one đảng bộ, each with its secretary and a 2026 draft; the office."""
    draft_cell = Cell.objects.create(organisation=org, name=THCS_DRAFT, school_level="thcs")
    _user("bithu3", Membership.SECRETARY, org, draft_cell)
    tieu_hoc = tieu_hoc_data()
    tieu_hoc["meta"].update(cell_name=TIEU_HOC, party_committee=org.name)
    data = {
        THCS_A: _thcs(THCS_A, 0, None),
        TIEU_HOC: tieu_hoc,
        THCS_DRAFT: _thcs(THCS_DRAFT, 40, "9"),
    }
    assert data[THCS_A]["students"]["conduct"]["tot"] == 498  # what the remark is about
    reports = {}
    for cell in (cells[0], cells[1], draft_cell):
        reports[cell.name] = stored_report(cell, YEAR, data[cell.name])
    return reports, data


# --- reading what the office sees ---------------------------------------------------------


def _text(element) -> str:
    return " ".join(element.text_content().split()).removesuffix(" ▲").removesuffix(" ▼")


def block(html: str, key: str) -> dict[str, dict]:
    """A table of the year page: {row label: {(group, column label): text shown}}."""
    section = lxml.html.fromstring(html).get_element_by_id(f"bang-{key}")
    head = section.xpath(".//thead/tr")
    second = iter(_text(th) for th in head[1].xpath("./th")) if len(head) > 1 else iter(())
    columns = []
    for th in head[0].xpath("./th")[1:]:
        if th.get("scope") == "colgroup":
            columns += [(_text(th), next(second)) for _ in range(int(th.get("colspan", "1")))]
        else:
            columns.append((None, _text(th)))
    rows = {}
    for tr in section.xpath(".//tbody/tr"):
        cells = tr.xpath("./th|./td")
        rows[_text(cells[0])] = dict(zip(columns, (_text(c) for c in cells[1:]), strict=True))
    return rows


def vn(n: int) -> str:
    """A count as Vietnamese writes it: 1.234."""
    return f"{n:,}".replace(",", ".")


def vn_rate(part: int, whole: int) -> str:
    """part/whole as a percentage with two decimals, half up, decimal comma: 85,69."""
    return str((Decimal(part) * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def vn_points(fraction: float) -> str:
    """A spreadsheet's percentage (a fraction) as the page shows it: 0.85690 -> 85,69."""
    return str((Decimal(str(fraction)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def as_shown(cell) -> str:
    """A spreadsheet cell as the page writes it; numbers must be numbers, not text."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, str):
        return " ".join(cell.value.split())
    assert type(cell.value) in (int, float), (cell.coordinate, cell.value)
    return vn_points(cell.value) if "%" in cell.number_format else vn(cell.value)


def expected_totals(counted: list[dict]) -> dict[str, dict]:
    """What the totals row of each block must show, summed here from the reports' data."""
    members = {(None, label): vn(sum(d["members"][key] for d in counted)) for key, label in MEMBERS.items()}
    group = "Xếp loại đảng viên"
    ratings = {(group, LEVELS[code]): vn(sum(d["classification"][key] for d in counted))
               for key, code in MEMBER_RATINGS.items()}
    ratings[(group, "Đảng viên không xếp loại")] = vn(
        sum(item["count"] for d in counted for item in d["classification"].get("not_rated", [])))
    levels = {LEVELS[code]: sum(d["classification"]["cell_rating"] == code for d in counted) for code in LEVELS}
    totals = {"members": members, "classification": ratings, "cell_levels": levels}
    for key, dimensions in SCALES.items():
        scale = [d["students"] for d in counted if d["meta"]["school_level"] == ("tieu_hoc" if "27" in key else "thcs")]
        assessed = sum(s["assessed"] for s in scale)
        shown = {(None, "Số học sinh được đánh giá"): vn(assessed)}
        for dim, label, codes in dimensions:
            for code, name in codes.items():
                n = sum(fieldpaths.get(s, dim).get(code, 0) for s in scale)
                shown[(f"{label} — Số lượng", name)] = vn(n)
                shown[(f"{label} — Tỷ lệ (%)", name)] = vn_rate(n, assessed)
        totals[key] = shown
    return totals


def download(page, link: str, role: str = "link"):
    """Click a download link (or button); keep the file to look at when screenshots are asked for."""
    with page.expect_download() as caught:
        page.get_by_role(role, name=link).click()
    name, content = caught.value.suggested_filename, Path(caught.value.path()).read_bytes()
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"office-cycle-{name}").write_bytes(content)
    return name, content


# --- the steps of the cycle ---------------------------------------------------------------


def submit(page, live_server, report, *, warnings: bool, screenshot: str | None = None):
    """From the editor: "Nộp báo cáo", read the cảnh báo, acknowledge them, submit."""
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    page.locator(".status-box").get_by_role("link", name="Nộp báo cáo").click()
    expect(page.locator("main > h1")).to_have_text(f"Nộp báo cáo năm {YEAR}")
    if warnings:
        expect(page.locator("ul.warnings li").first).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("lỗi: hãy sửa hết")
        if screenshot:
            shot(page, screenshot)
        page.get_by_label("Tôi đã đọc các cảnh báo trên và vẫn nộp báo cáo.").check()
    else:
        expect(page.locator("main")).to_contain_text("Báo cáo không có lỗi, không có cảnh báo.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp báo cáo")
    expect(page.locator(".status-box")).to_contain_text("đang chờ văn phòng đảng ủy xem xét; không sửa được")
    expect(field(page, "meta.place")).to_have_attribute("readonly", "")


def review(office_page, live_server, cell_name: str):
    """The office's page → "Xét duyệt" beside the cell's report."""
    office_page.goto(f"{live_server.url}/van-phong/")
    office_page.locator("ul.cells > li", has_text=cell_name).get_by_role("link", name="Xét duyệt").click()
    expect(office_page.locator("main > h1")).to_have_text(f"Xét duyệt báo cáo năm {YEAR}: {cell_name}")


def badge(page, cell_name: str):
    return page.locator("ul.cells > li", has_text=cell_name).locator(".badge").first


def test_submit_return_fix_resubmit_approve_then_the_year_page_and_its_exports(browser, live_server, dang_bo):  # noqa: F811
    reports, data = dang_bo
    today = timezone.localdate()
    due = min(today - datetime.timedelta(days=1), datetime.date(YEAR + 1, 12, 31))  # passed, and allowed
    assert due >= datetime.date(YEAR, 1, 1), "the machine's clock is before the report year"

    # The office sets this year's deadline, already passed.
    office, office_page = sign_in(browser, live_server, "vanphong")
    office_page.goto(f"{live_server.url}/van-phong/")
    office_page.get_by_label("Năm báo cáo", exact=True).fill(str(YEAR))
    office_page.get_by_label("Hạn nộp", exact=True).fill(due.isoformat())
    office_page.get_by_role("button", name="Đặt hạn nộp").click()
    expect(office_page.locator(".messages")).to_contain_text(f"Hạn nộp báo cáo năm {YEAR}: {due:%d/%m/%Y}.")

    # Two secretaries submit; the first acknowledges her cảnh báo (no number yet).
    secretary, page = sign_in(browser, live_server, "bithu1")
    expect(page.locator("table.list")).to_contain_text("Nháp")
    expect(page.locator("table.list")).to_contain_text("Quá hạn")
    submit(page, live_server, reports[THCS_A], warnings=True, screenshot="office-cycle-nop")
    other, other_page = sign_in(browser, live_server, "bithu2")
    submit(other_page, live_server, reports[TIEU_HOC], warnings=False)
    other.close()

    # The office returns the first with a remark about the student step.
    office_page.goto(f"{live_server.url}/van-phong/")
    expect(badge(office_page, THCS_A)).to_have_text("Đã nộp")
    expect(badge(office_page, THCS_DRAFT)).to_have_text("Nháp")
    review(office_page, live_server, THCS_A)
    office_page.get_by_label("Ý kiến (vì sao trả lại, cần sửa gì)").fill(REMARK)
    office_page.get_by_label("Ý kiến về phần").select_option(label="Học sinh")
    office_page.get_by_role("button", name="Trả lại").click()
    expect(office_page.locator(".messages")).to_contain_text("Đã trả lại báo cáo")
    expect(badge(office_page, THCS_A)).to_have_text("Trả lại")

    # She sees "Trả lại" and the new remark on her home page, then at the top of the editor.
    page.goto(f"{live_server.url}/")
    row = page.locator("table.list tbody tr", has_text=THCS_A)
    expect(row.locator(".badge").first).to_have_text("Trả lại")
    row.get_by_role("link", name="1 góp ý mới").click()
    top = page.locator(".remarks-top")
    expect(top).to_contain_text("Góp ý chưa giải quyết (1)")
    expect(top.locator("li").first).to_contain_text("Trả lại báo cáo")
    expect(top).to_contain_text(REMARK)
    expect(page.locator(".status-box")).to_contain_text("đã trả lại báo cáo")
    expect(page.locator(".timeline")).to_contain_text(REMARK)
    steps = page.get_by_role("navigation", name="Các bước")
    expect(steps.get_by_role("link", name="3. Học sinh")).to_contain_text("1 góp ý chưa giải quyết")
    # ... and beside the student step, above its fields.
    top.get_by_role("link", name="Học sinh").click()
    expect(page.locator("main > h1")).to_have_text("Học sinh")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    thread = page.locator(".remarks-here .remark").filter(has_text=REMARK)
    expect(thread).to_contain_text("về phần «Học sinh»")
    shot(page, "office-cycle-tra-lai")
    fill(page, {"students.conduct.tot": 503, "students.conduct.kha": 74})
    saved(page)
    thread.get_by_text("Trả lời", exact=True).click()
    thread.get_by_label("Trả lời góp ý").fill(ANSWER)
    thread.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi trả lời.")
    thread = page.locator(".remarks-here .remark").filter(has_text=REMARK)
    expect(thread.locator(".answer")).to_contain_text(ANSWER)
    thread.get_by_role("button", name="Đã giải quyết").click()
    expect(page.locator(".messages")).to_contain_text("đã giải quyết")
    expect(page.locator(".remarks-top")).to_have_count(0)
    expect(page.locator(".remarks-here details.resolved-list")).to_contain_text("1 góp ý đã giải quyết")
    submit(page, live_server, reports[THCS_A], warnings=True)

    fixed = copy.deepcopy(data[THCS_A])
    fixed["students"]["conduct"].update(tot=503, kha=74)
    stored = Report.objects.get(pk=reports[THCS_A].pk)
    assert stored.status == Status.SUBMITTED and stored.submitted_version == stored.version
    # The editor keeps numbers as typed (text); the model reads them as numbers.
    assert {k: int(v) for k, v in stored.data["students"]["conduct"].items()} == fixed["students"]["conduct"]

    # The office approves both.
    for name in (THCS_A, TIEU_HOC):
        review(office_page, live_server, name)
        office_page.get_by_role("button", name="Duyệt", exact=True).click()
        expect(office_page.locator(".messages")).to_contain_text(f"Đã duyệt báo cáo năm {YEAR} của {name}.")
        expect(badge(office_page, name)).to_have_text("Đã duyệt")
    page.goto(f"{live_server.url}/")
    expect(page.locator("table.list tbody tr", has_text=THCS_A).locator(".badge").first).to_have_text("Đã duyệt")
    expect(page.get_by_text("góp ý mới")).to_have_count(0)
    page.goto(f"{live_server.url}/bao-cao/{reports[THCS_A].pk}/buoc/chung/")
    timeline = page.locator(".timeline li")
    expect(timeline).to_have_count(4)
    for i, step in enumerate(["Nháp → Đã nộp", "Đã nộp → Trả lại", "Trả lại → Đã nộp", "Đã nộp → Đã duyệt"]):
        expect(timeline.nth(i)).to_contain_text(step)
    assert list(Transition.objects.filter(report=reports[THCS_A]).values_list("by__username", flat=True)) == [
        "bithu1", "vanphong", "bithu1", "vanphong"]
    assert Comment.objects.get(parent__isnull=True, report=reports[THCS_A]).resolved_by.username == "bithu1"
    secretary.close()

    # The year page: the office's details for the summary's masthead, then the tables.
    office_page.goto(f"{live_server.url}/van-phong/")
    office_page.get_by_role("link", name=f"Tổng hợp năm {YEAR}").click()
    expect(office_page.locator("main > h1")).to_have_text(f"Tổng hợp năm {YEAR}")
    office_page.get_by_label("Đảng bộ cấp trên").fill("Đảng bộ tỉnh Nghệ An")
    office_page.get_by_label("Địa danh").fill("Đông Thành")
    office_page.get_by_label("Họ tên người ký báo cáo tổng hợp").fill("Trần Văn Bình")
    office_page.get_by_role("button", name="Lưu").click()
    expect(office_page.locator(".messages")).to_contain_text("Đã lưu thông tin của đảng ủy")
    expect(office_page.locator("#counted-note")).to_contain_text("(2/3 chi bộ)")
    html = office_page.content()
    overview = block(html, "overview")
    assert [label for label in overview if label != "Tổng cộng"] == [THCS_DRAFT, THCS_A, TIEU_HOC]  # Vietnamese order
    assert overview[THCS_A][(None, "Trạng thái")] == "Đã duyệt"
    assert overview[TIEU_HOC][(None, "Trạng thái")] == "Đã duyệt"
    assert overview[THCS_DRAFT][(None, "Trạng thái")] == "Nháp – quá hạn"
    resubmitted = timezone.localtime(Report.objects.get(pk=reports[THCS_A].pk).submitted_at)
    assert overview[THCS_A][(None, "Ngày nộp")] == f"{resubmitted:%d/%m/%Y}"
    assert overview[THCS_A][(None, "Số cảnh báo")] == "1" and overview[TIEU_HOC][(None, "Số cảnh báo")] == "0"

    counted = [fixed, data[TIEU_HOC]]
    expected = expected_totals(counted)
    tables = {key: block(html, key) for key in BLOCKS}
    for key in ("members", "classification", "students_tt22", "students_tt27"):
        for column, value in expected[key].items():
            assert tables[key]["Tổng cộng"][column] == value, (key, column)
    assert THCS_DRAFT in tables["students_tt22"]  # listed, not counted
    for label, n in expected["cell_levels"].items():
        assert tables["cell_levels"][label][(None, f"Số chi bộ năm {YEAR}")] == str(n), label
    assert tables["cell_levels"]["Tổng cộng"][(None, f"Số chi bộ năm {YEAR}")] == "2"
    # The draft would have changed every one of these.
    with_draft = expected_totals(counted + [data[THCS_DRAFT]])
    assert with_draft["members"] != expected["members"] and with_draft["students_tt22"] != expected["students_tt22"]
    shot(office_page, "office-cycle-tong-hop")

    # XLSX: each block's sheet shows what the page shows, every row, numbers as numbers.
    name, content = download(office_page, "Bảng tổng hợp (XLSX)")
    assert name == f"{YEAR} - Tổng hợp - Đảng bộ xã Đông Thành.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(content))
    titles = {office_page.locator(f"#bang-{key} h2").inner_text(): key for key in BLOCKS}
    checked = set()
    for sheet in book.worksheets:
        key = titles.get(sheet["A2"].value)
        if key is None:
            continue
        assert sheet["A1"].value == f"Đảng bộ xã Đông Thành: tổng hợp báo cáo năm {YEAR} của các chi bộ trường học"
        head, sub = (list(r) for r in sheet.iter_rows(min_row=4, max_row=5, values_only=True))
        grouped = sub[0] is None  # a second header row under the groups
        columns, group = [], None
        for i in range(1, len(head)):
            if grouped and sub[i] is not None:
                group = head[i] if head[i] is not None else group  # merged: the group's first cell
                columns.append((group, sub[i]))
            else:
                columns.append((None, head[i]))
        first = 6 if grouped else 5
        assert sheet.freeze_panes == f"B{first}"
        rows = {}
        for line in sheet.iter_rows(min_row=first):
            if line[0].value is None:
                break
            rows[line[0].value] = dict(zip(columns, (as_shown(c) for c in line[1:]), strict=True))
        assert rows == tables[key], key
        checked.add(key)
    assert checked == set(BLOCKS)

    # ZIP: the two approved reports, their DOCX and PDF of the version approved.
    name, content = download(office_page, "Báo cáo các chi bộ (ZIP: DOCX, PDF)")
    assert name == f"{YEAR} - Báo cáo các chi bộ - Đảng bộ xã Đông Thành.zip"
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(
        f"{YEAR} - {cell}.{ext}" for cell in (THCS_A, TIEU_HOC) for ext in ("docx", "pdf"))
    for cell in (THCS_A, TIEU_HOC):
        document = docx.Document(io.BytesIO(archive.read(f"{YEAR} - {cell}.docx")))
        text = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for row in t.rows for c in row.cells])
        assert cell.upper() in text.upper()
        with pdfplumber.open(io.BytesIO(archive.read(f"{YEAR} - {cell}.pdf"))) as pdf:
            assert len(pdf.pages) >= 2
            pdf_text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        assert " ".join(cell.upper().split()[-3:]) in " ".join(pdf_text.upper().split())
        if cell == THCS_A:  # the fixed figure, not the one returned
            assert "503" in text and "503" in pdf_text

    # The đảng ủy's summary DOCX: masthead, title, the totals of the page.
    office_page.get_by_label("Số báo cáo tổng hợp").fill("27")
    name, content = download(office_page, "Báo cáo tổng hợp (DOCX)", "button")
    assert name == f"{YEAR} - Báo cáo tổng hợp - Đảng bộ xã Đông Thành.docx"
    document = docx.Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text.strip() for c in row.cells] for t in document.tables for row in t.rows]
    everything = paragraphs + "\n" + "\n".join(" | ".join(r) for r in cells)
    masthead = [c for c in cells[0] if c]
    assert masthead[0].splitlines()[0] == "ĐẢNG BỘ TỈNH NGHỆ AN", masthead
    assert "ĐẢNG ỦY XÃ ĐÔNG THÀNH" in masthead[0] and "*" in masthead[0]
    assert "Số 27-BC/ĐU" in masthead[0]
    assert f"kết quả công tác xây dựng Đảng năm {YEAR} của các chi bộ trường học" in " ".join(everything.split())
    assert "TRẦN VĂN BÌNH" in everything.upper()
    member_totals = [r for r in cells if r and r[0] == "Tổng cộng"
                     and all(tables["members"]["Tổng cộng"][(None, MEMBERS[k])] in r for k in ("start_of_year", "end_of_year"))]
    assert member_totals, "no totals row with the members' totals"
    assert THCS_DRAFT not in everything
    office.close()
