"""The secretary's next-year journey in a real browser: 2027 from an approved 2026 report.

Run from the repository root (needs Debian's chromium and Playwright, as the browser tests)::

    .venv/bin/python benchmarks/secretary_journey.py

1. Makes a fresh temporary data folder (SQLite): ``chibo manage migrate``, then through
   ``chibo manage shell`` an organisation, a THCS cell, its secretary and an office account,
   and the cell's 2026 report: ``examples/thcs-2026.yaml`` with a member list of 27 rows
   (25 members at the end of 2026, one transferred out and one retired during the year)
   instead of typed counts, created through ``versions.create`` and moved draft → submitted
   → approved with a ``Transition`` for each step, as ``cycle`` records them (the stored
   DOCX/PDF of submission are not made: nothing in the journey reads them).
2. Starts ``chibo serve --no-demo`` on a free loopback port.
3. Launches chromium (timed apart) and, timed, drives the journey as a secretary would:
   sign in; create 2027 «từ báo cáo năm trước»; report number and date; on the member list
   mark the two members due to be made official, one member transferred out (an event) and
   add two members admitted in 2027; this year's student results (assessed, both
   dimensions' levels); the classification of members and the cell, the year's
   achievements; the main targets for 2028; rewrite one copied paragraph and keep the
   others («Giữ nguyên»); open the preview (no errors left) and download the DOCX.
   Moving on is the step's «Bước tiếp →» (it saves first).

Counted: every field typed or chosen (``fill``/``select_option``) and every click, sign-in
included; what each step already held on arrival (carried over, so not typed). Printed
beside the issue's baseline (before issue 10: 92 fields and 103 clicks for a whole report in
the web editor; about 60 fields retyped for 2027 from 2026). Nothing warmed but the server's
first page (the start-up check); no PDF, so no LibreOffice.

``roster_import_2000_s``: the core reader (``chibo.roster_file.read_roster``) on the 2,000-row
workbook of ``benchmarks/roster_import.py`` (warm, median of 3, imports done), the code the
web import runs before its preview; not through the browser.

Last line ``next_year_fields_typed: X`` (target ≤ 40).
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import HOST, SetupError, free_port, run_chibo, start_server, stop_server  # noqa: E402

PASSWORD = "mat-khau-hanh-trinh-2026"
USERNAME = "bithu.dongthanh"
BASELINE_FIELDS, BASELINE_CLICKS, BASELINE_NEXT_YEAR = 92, 103, 60

SETUP_SCRIPT = textwrap.dedent(
    """
    import json, os
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from chibo.loader import load_file
    from chibo.web import versions
    from chibo.web.demo import EXAMPLES
    from chibo.web.models import Cell, Membership, Organisation, Report, Status, Transition

    example = load_file(EXAMPLES / "thcs-2026.yaml").report
    data = example.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["members"] = {"roster": json.loads(os.environ["JOURNEY_ROSTER"])}
    User = get_user_model()
    with transaction.atomic():
        org = Organisation.objects.create(name=data["meta"]["party_committee"])
        cell = Cell.objects.create(organisation=org, name=data["meta"]["cell_name"], school_level="thcs")
        secretary = User.objects.create_user(username=%(user)r, password=%(password)r, first_name="Nguyễn Văn Thắng")
        Membership.objects.create(user=secretary, organisation=org, cell=cell, role=Membership.SECRETARY)
        office = User.objects.create_user(username="vanphong.dongthanh", password=%(password)r)
        Membership.objects.create(user=office, organisation=org, role=Membership.OFFICE)
        report = versions.create(cell, 2026, data, secretary, note="Tạo mới")
        for by, to in ((secretary, Status.SUBMITTED), (office, Status.APPROVED)):
            Transition.objects.create(report=report, from_status=report.status, to_status=to, by=by,
                                      version=report.version)
            report.status = to
        report.submitted_at, report.submitted_version = timezone.now(), report.version
        report.save(update_fields=["status", "submitted_at", "submitted_version"])
    """
) % {"user": USERNAME, "password": PASSWORD}

WOMEN = ["Nguyễn Thị Hoa", "Trần Thị Lan", "Lê Thị Mai", "Phạm Thu Hằng", "Hoàng Thị Hương", "Vũ Ngọc Anh",
         "Đặng Thị Thủy", "Bùi Minh Nguyệt", "Đỗ Thị Hạnh", "Ngô Thị Yến", "Dương Thị Thu", "Lý Thị Nga",
         "Phan Thị Loan", "Trịnh Thị Hà", "Mai Thị Dung", "Tạ Thu Trang", "Cao Thị Liên"]
MEN = ["Nguyễn Văn Thắng", "Trần Đức Minh", "Lê Quang Huy", "Phạm Văn Hùng", "Hoàng Xuân Trường",
       "Vũ Văn Nam", "Đặng Văn Long", "Bùi Văn Tâm"]
TRANSFERRED_OUT = "Lê Thị Mai"  # leaves in 2027


def roster_2026() -> list[dict]:
    """25 members at the end of 2026 as the example counts them (17 women, 2 admitted in 2026,
    4 masters, theory 3/15), plus one transferred in, one out and one retired during 2026."""
    out = []
    for i, name in enumerate(WOMEN + MEN):
        member = {"name": name, "sex": "nu" if i < len(WOMEN) else "nam", "birth_year": 1968 + i,
                  "education": "thac_si" if i < 4 else "dai_hoc",
                  "theory": "trung_cap" if i < 3 else "so_cap" if i < 18 else "chua_co"}
        if i >= 23:  # admitted in 2026: due to be made official in 2027
            member["admitted_on"] = f"2026-0{i - 20}-19"
        else:
            member["admitted_on"] = f"{1995 + i}-05-{10 + i % 18:02d}"
            member["official_on"] = f"{1996 + i}-05-{10 + i % 18:02d}"
        if i == 22:
            member["events"] = [{"kind": "chuyen_den", "on": "2026-08-20"}]
        out.append(member)
    out.append({"name": "Đỗ Văn Lực", "sex": "nam", "birth_year": 1980, "admitted_on": "2005-06-01",
                "official_on": "2006-06-01", "education": "dai_hoc", "theory": "so_cap",
                "events": [{"kind": "chuyen_di", "on": "2026-08-15"}]})
    out.append({"name": "Phạm Văn Bình", "sex": "nam", "birth_year": 1966, "admitted_on": "1990-03-01",
                "official_on": "1991-03-01", "education": "dai_hoc", "theory": "trung_cap",
                "events": [{"kind": "nghi_huu", "on": "2026-06-30"}]})
    return out


NEW_MEMBERS = [
    {"name": "Trương Thị Ngọc", "sex": "nu", "birth_year": "1998", "admitted_on": "15/03/2027", "education": "dai_hoc"},
    {"name": "Hà Văn Đức", "sex": "nam", "birth_year": "1995", "admitted_on": "20/05/2027", "education": "thac_si"},
]
STUDENTS = {"students.assessed": "612",
            "students.conduct.tot": "531", "students.conduct.kha": "70", "students.conduct.dat": "11",
            "students.conduct.chua_dat": "0",
            "students.learning.tot": "158", "students.learning.kha": "275", "students.learning.dat": "175",
            "students.learning.chua_dat": "4"}
CLASSIFICATION = {"classification.excellent": "4", "classification.good": "20", "classification.completed": "2",
                  "classification.failed": "0", "classification.cell_rating": "httnv"}
ACHIEVEMENTS = ("Chi bộ tự đánh giá, xếp loại chất lượng năm 2027 đạt mức Hoàn thành tốt nhiệm vụ.\n"
                "Nhà trường đạt danh hiệu Tập thể lao động tiên tiến năm học 2026-2027.\n"
                "07 học sinh đạt giải kỳ thi chọn học sinh giỏi lớp 9 cấp tỉnh.")
TARGETS = {"targets.students.gifted": "45", "targets.students.promotion_rate": "98,8",
           "targets.teachers.emulation_fighters": "4", "targets.teachers.advanced_workers": "31",
           "targets.teachers.good_teachers": "5", "targets.party.new_members_min": "1",
           "targets.party.new_members_max": "2"}
REWRITTEN = "narrative.results.party_building"
REWRITE = ("Năm 2027 chi bộ duy trì sinh hoạt thường kỳ vào ngày 03 hằng tháng; kết nạp 02 đảng viên mới, "
           "công nhận chính thức 02 đảng viên dự bị; 01 đồng chí chuyển sinh hoạt đảng về trường khác.")


class Journey:
    """The browser page with counters: every field typed or chosen, every click."""

    def __init__(self, page, url: str):
        self.page, self.url = page, url
        self.typed = self.clicks = self.login_typed = 0
        self.carried: dict[str, int] = {}

    def field(self, path: str):
        return self.page.locator(f'[data-path="{path}"]')

    def type(self, path: str, value: str) -> None:
        target = self.field(path)
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
        self.typed += 1

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def saved(self) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator("#save-status")).to_contain_text("Đã lưu lúc", timeout=15_000)

    def arrive(self, title: str) -> None:
        """On a step: wait for the editor, then count what it already holds."""
        from playwright.sync_api import expect

        expect(self.page.locator("main > h1")).to_contain_text(title, timeout=15_000)
        if self.page.locator("#editor").count():
            expect(self.page.locator("#editor")).to_have_attribute("data-ready", "1")
        self.carried[title] = self.page.evaluate(
            """() => [...document.querySelectorAll('[data-path]')].filter(e =>
                 !e.readOnly && !e.disabled && e.value && e.value.trim() !== '').length"""
        )

    def next_step(self, title: str) -> None:
        try:
            self.click(self.page.get_by_role("link", name="Bước tiếp →"))
            self.arrive(title)
        except AssertionError:
            status = self.page.locator("#save-status").inner_text()
            raise AssertionError(f"did not reach «{title}»; save status: {status}") from None


def drive(browser, base: str, out_dir: Path) -> tuple[Journey, float, bytes, str, list[str]]:
    from playwright.sync_api import expect

    start = time.perf_counter()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    j = Journey(page, base)
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(USERNAME)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    j.login_typed = 2
    j.click(page.get_by_role("button", name="Đăng nhập"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # 2027 from last year's report ("từ báo cáo năm trước" is ticked already)
    year = page.get_by_label("Năm báo cáo")
    if year.input_value() != "2027":
        year.fill("2027")
        j.typed += 1
    expect(page.locator("#id_from_last_year")).to_be_checked()
    j.click(page.get_by_role("button", name="Tạo báo cáo"))
    j.arrive("Thông tin chung")
    j.type("meta.number", "21")
    j.type("meta.date", "18/12/2027")

    j.next_step("Đảng viên")
    names = page.locator('[data-path$="].name"]').evaluate_all("es => es.map(e => e.value)")
    rows = len(names)
    for row, name in enumerate(names):  # the two due to be made official («đến hạn xét chính thức»)
        if page.locator(f'tbody[data-row="{row}"] .badge.due').count():
            admitted = page.locator(f'[data-path="members.roster[{row}].admitted_on"]').input_value()
            j.type(f"members.roster[{row}].official_on", admitted.replace("/2026", "/2027"))
    out_row = names.index(TRANSFERRED_OUT)
    j.click(page.locator(f'tbody[data-row="{out_row}"]').get_by_role("button", name="+ Biến động"))
    j.type(f"members.roster[{out_row}].events[0].kind", "chuyen_di")
    j.type(f"members.roster[{out_row}].events[0].on", "01/09/2027")
    j.saved()
    for offset, member in enumerate(NEW_MEMBERS):
        j.click(page.get_by_role("button", name="+ Thêm đảng viên"))
        for name, value in member.items():
            j.type(f"members.roster[{rows + offset}].{name}", value)
        j.saved()
    expect(page.locator('input[name="members.end_of_year"]')).to_have_value(str(rows - 1 + len(NEW_MEMBERS)))

    j.next_step("Học sinh")
    for path, value in STUDENTS.items():
        j.type(path, value)

    j.next_step("Xếp loại")
    for path, value in CLASSIFICATION.items():
        j.type(path, value)
    j.type("achievements", ACHIEVEMENTS)

    j.next_step("Chỉ tiêu")
    for path, value in TARGETS.items():
        j.type(path, value)

    j.next_step("Nội dung")
    j.type(REWRITTEN, REWRITE)
    j.saved()
    keep = page.locator("button[data-keep]")
    while keep.count():
        j.click(keep.first)
    j.saved()

    j.next_step("Xem trước")
    expect(page.locator("section.errors")).to_have_count(0)
    warnings = page.locator("section.card", has=page.get_by_role("heading", name="Cảnh báo")).locator("li")
    left = warnings.all_inner_texts()
    download_link = page.get_by_role("link", name="Tải DOCX (Word)")
    expect(download_link).to_be_visible()
    with page.expect_download() as info:
        j.click(download_link)
    download = info.value
    target = out_dir / download.suggested_filename
    download.save_as(target)
    wall = time.perf_counter() - start
    context.close()
    return j, wall, target.read_bytes(), download.suggested_filename, left


def roster_import_seconds() -> float:
    from roster_import import rows, xlsx

    from chibo.roster_file import read_roster

    book = xlsx(rows(2000))
    assert read_roster(book).ok
    times = []
    for _ in range(3):
        t = time.perf_counter()
        read_roster(book)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder (its path is printed)")
    args = parser.parse_args()
    import json
    import os

    from docx import Document
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
    from pages import ARGS

    data_dir = Path(tempfile.mkdtemp(prefix="chibo-journey-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update(CHIBO_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1",
               JOURNEY_ROSTER=json.dumps(roster_2026(), ensure_ascii=False))
    server = None
    try:
        t = time.perf_counter()
        run_chibo(["manage", "migrate", "--verbosity", "0"], env, data_dir / "setup.log")
        run_chibo(["manage", "shell", "--no-imports", "-c", SETUP_SCRIPT], env, data_dir / "setup.log")
        port = free_port()
        server = start_server(data_dir, port, 8, env, [], "server.log")
        print(f"set-up (migrate, approved 2026 report with 27 roster rows, server up): {time.perf_counter() - t:.1f} s")
        with sync_playwright() as p:
            t = time.perf_counter()
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
            print(f"chromium launch (not in the journey's time): {time.perf_counter() - t:.2f} s")
            j, wall, docx, filename, warnings = drive(browser, f"http://{HOST}:{port}", data_dir)
            browser.close()
    except SetupError as exc:
        print(f"set-up failed: {exc}", file=sys.stderr)
        return 2
    finally:
        stop_server(server)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"data folder kept: {data_dir}")

    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert REWRITE[:60] in text, "the rewritten paragraph is in the DOCX"
    assert "năm 2027" in text.lower() or "NĂM 2027" in text
    print(f"downloaded: «{filename}», {len(docx) / 1000:.0f} kB, the rewritten paragraph in it")
    print(f"preview: no errors, {len(warnings)} warnings left (not required for the download):")
    for text_ in warnings:
        print(f"  - {text_.splitlines()[0][:150]}")
    print("carried over (fields holding a value on arrival, not typed):")
    for step, count in j.carried.items():
        print(f"  {step}: {count}")
    print(f"  total: {sum(j.carried.values())}")
    print(f"fields typed in the report: {j.typed} (baseline, issue 10: {BASELINE_NEXT_YEAR} retyped for 2027 from 2026; "
          f"{BASELINE_FIELDS} for a whole report) — ratio {j.typed / BASELINE_NEXT_YEAR:.2f}")
    print(f"sign-in fields: {j.login_typed}")
    print(f"clicks (sign-in included): {j.clicks} (baseline: {BASELINE_CLICKS} for a whole report)")
    print(f"wall time, fresh browser context, sign-in to DOCX saved (script-driven, no think time): {wall:.1f} s")
    print(f"roster_import_2000_s: {roster_import_seconds():.3f}")
    print(f"next_year_fields_typed: {j.typed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
