"""A secretary in a real browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from playwright.sync_api import expect

from chibo.web.models import Report, ReportVersion
from pages import PASSWORD, field, fill, go_step, saved, shot, sign_in, two_editors


def test_fill_a_whole_report_fix_an_error_preview_and_download(browser, live_server, users, cells):
    context, page = sign_in(browser, live_server, "bithu1")
    shot(page, "01-home")
    page.get_by_label("Năm báo cáo").fill("2026")
    page.get_by_role("button", name="Tạo báo cáo").click()
    expect(page.locator("main > h1")).to_have_text("Thông tin chung")
    expect(field(page, "meta.cell_name")).to_have_value(cells[0].name)
    fill(page, {"meta.number": "12", "meta.place": "Đông Thành", "meta.date": "2026-12-20",
                "meta.signer_name": "Nguyễn Văn Thắng"})
    saved(page)
    shot(page, "02-chung")

    go_step(page, "2. Đảng viên")
    fill(page, {"members.start_of_year": 24, "members.admitted": 2, "members.retired": 1,
                "members.end_of_year": 26, "members.official": 23, "members.probationary": 2,
                "members.women": 17})
    saved(page)
    problem = page.locator('[data-problem-for="members.end_of_year"]')
    expect(problem).to_contain_text("«Số đảng viên cuối năm» là 26")
    expect(page.locator('[data-figures="members"]')).to_contain_text("số đảng viên cuối năm là 25")
    shot(page, "03-dang-vien-loi")
    fill(page, {"members.end_of_year": 25})
    saved(page)
    expect(problem).to_be_empty()

    go_step(page, "3. Học sinh")
    fill(page, {"students.assessed": 500,
                "students.conduct.tot": 400, "students.conduct.kha": 80, "students.conduct.dat": 20, "students.conduct.chua_dat": 0,
                "students.learning.tot": 150, "students.learning.kha": 250, "students.learning.dat": 90, "students.learning.chua_dat": 10})
    saved(page)
    expect(page.locator('[data-figures="students"]')).to_contain_text("80,00%")
    shot(page, "04-hoc-sinh")

    go_step(page, "4. Xếp loại, kết quả")
    fill(page, {"classification.excellent": 3, "classification.good": 20, "classification.completed": 2,
                "classification.failed": 0, "classification.cell_rating": "httnv",
                "achievements": "Chi bộ hoàn thành tốt nhiệm vụ\nTrường đạt Tập thể lao động tiên tiến"})
    saved(page)
    shot(page, "05-xep-loai")

    go_step(page, "5. Chỉ tiêu")
    fill(page, {"targets.students.gifted": 20, "targets.students.promotion_rate": "98,5",
                "targets.teachers.emulation_fighters": 2, "targets.teachers.advanced_workers": 20,
                "targets.teachers.good_teachers": 3, "targets.party.new_members_min": 1,
                "targets.party.new_members_max": 2})
    saved(page)
    shot(page, "06-chi-tieu")

    go_step(page, "6. Nội dung các mục")
    ideology = field(page, "narrative.results.ideology")
    expect(ideology).to_contain_text("Chi bộ luôn coi trọng")  # the default, ready to edit
    ideology.fill("Chi bộ tổ chức học tập Nghị quyết cho 100% đảng viên.\nKhông có đảng viên vi phạm.")
    saved(page)
    shot(page, "07-noi-dung")

    go_step(page, "7. Xem trước, tải về")
    expect(page.locator(".preview")).to_contain_text("BÁO CÁO")
    expect(page.locator(".preview")).to_contain_text("Chi bộ tổ chức học tập Nghị quyết")
    shot(page, "08-xem-truoc")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải DOCX (Word)").click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "Chi bộ tổ chức học tập Nghị quyết cho 100% đảng viên." in texts
    assert "Số 12-BC/CB" in document.tables[0].rows[0].cells[0].text
    report = Report.objects.get(cell=cells[0], year=2026)
    # One sitting of one person's autosaves is one version (web/versions.py), after «Tạo mới».
    assert report.version >= 8 and report.versions.count() == 2
    context.close()


def test_autosave_survives_a_reload(browser, live_server, report, users):
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    fill(page, {"meta.signer_name": "Phạm Thị Lan"})
    saved(page)
    page.reload()
    expect(field(page, "meta.signer_name")).to_have_value("Phạm Thị Lan")
    context.close()


def test_unsaved_changes_come_back_after_the_tab_closed(browser, live_server, report, users):
    context, page = sign_in(browser, live_server, "bithu1")
    url = f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/"
    page.goto(url)
    page.route("**/luu/", lambda route: route.abort())  # the network is gone
    fill(page, {"meta.place": "Xã Mới"})
    expect(page.locator("#save-status")).to_contain_text("Mất kết nối", timeout=10_000)
    page.close()  # the tab is closed before anything reached the server
    page = context.new_page()
    page.goto(url)
    expect(field(page, "meta.place")).to_have_value("Xã Mới")
    saved(page)
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "Xã Mới"
    context.close()


def test_two_people_editing_lose_nothing(browser, live_server, report, users):
    with two_editors(browser, live_server, report) as (a, b):
        # Different fields: both kept.
        fill(a, {"meta.place": "Đông Thành (A)"})
        saved(a)
        fill(b, {"meta.signer_name": "Người B"})
        saved(b)
        report.refresh_from_db()
        assert report.data["meta"]["place"] == "Đông Thành (A)"
        assert report.data["meta"]["signer_name"] == "Người B"
        # The same field: B is told, sees both, and chooses.
        fill(a, {"meta.number": "21"})
        saved(a)
        fill(b, {"meta.number": "22"})
        dialog = b.locator("#conflict")
        expect(dialog).to_be_visible(timeout=15_000)
        expect(dialog).to_contain_text("21")
        expect(dialog).to_contain_text("22")
        shot(b, "09-xung-dot")
        report.refresh_from_db()
        assert report.data["meta"]["number"] == "21"  # nothing overwritten while B decides
        b.get_by_role("button", name="Giữ bản của tôi").click()
        saved(b)
        report.refresh_from_db()
        assert report.data["meta"]["number"] == "22"
        assert ReportVersion.objects.filter(report=report, data__meta__number="21").exists()


def test_choosing_theirs_keeps_my_other_edits(browser, live_server, report, users):
    with two_editors(browser, live_server, report) as (a, b):
        fill(a, {"meta.number": "21"})
        saved(a)
        # B, still on version 1, changes the same field and another one in one save.
        b.route("**/luu/", lambda route: route.abort())
        fill(b, {"meta.number": "22", "meta.signer_name": "Người B"})
        expect(b.locator("#save-status")).to_contain_text("Mất kết nối", timeout=10_000)
        b.unroute("**/luu/")
        dialog = b.locator("#conflict")
        expect(dialog).to_be_visible(timeout=15_000)
        expect(dialog).not_to_contain_text("Người B")  # only the clashing field is asked about
        b.get_by_role("button", name="Dùng bản mới nhất").click()
        expect(b.locator("#save-status")).to_contain_text("phiên bản 3", timeout=15_000)  # B's other edit, saved
        expect(field(b, "meta.number")).to_have_value("21")
        expect(field(b, "meta.signer_name")).to_have_value("Người B")
        report.refresh_from_db()
        assert report.data["meta"]["number"] == "21"
        assert report.data["meta"]["signer_name"] == "Người B"  # not dropped with the clashing field
        assert b.evaluate("Object.keys(localStorage).filter(k => k.startsWith('chibo-pending-'))") == []


def _second_secretary(cells):
    from django.contrib.auth import get_user_model

    from chibo.web.models import Membership

    user = get_user_model().objects.create_user(username="bithu3", password=PASSWORD, first_name="Bí thư mới")
    Membership.objects.create(user=user, organisation=cells[0].organisation, cell=cells[0], role=Membership.SECRETARY)
    return user


def test_pending_edits_are_not_saved_under_the_next_users_name(browser, live_server, report, users, cells):
    _second_secretary(cells)
    url = f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/"
    place = report.data["meta"]["place"]
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(url)
    page.route("**/luu/", lambda route: route.abort())  # the network is gone
    fill(page, {"meta.place": "Của người trước"})
    expect(page.locator("#save-status")).to_contain_text("Mất kết nối", timeout=10_000)
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    assert asked and "chưa lưu" in asked[0]  # told before the edits are dropped
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('chibo-pending-'))") == []
    page.unroute("**/luu/")
    # The next person at the same computer opens the same report.
    page.get_by_label("Tên đăng nhập").fill("bithu3")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(url)
    expect(field(page, "meta.place")).to_have_value(place)
    fill(page, {"meta.signer_name": "Bí thư mới"})
    saved(page)
    report.refresh_from_db()
    assert report.data["meta"]["place"] == place
    assert not ReportVersion.objects.filter(report=report, data__meta__place="Của người trước").exists()
    context.close()


def test_pending_edits_of_one_user_stay_apart_from_another(browser, live_server, report, users, cells):
    # Edits left by a closed tab come back only for the user who typed them.
    _second_secretary(cells)
    url = f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/"
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(url)
    user_id = page.locator("#logout").get_attribute("data-user")
    # as the old client left them (keyed by report only), and as this client keeps them
    page.evaluate(
        "([reportId, userId]) => {"
        " localStorage.setItem('chibo-pending-' + reportId, JSON.stringify({base: 1, changes: {'meta.place': 'Cũ'}}));"
        " localStorage.setItem('chibo-pending-' + userId + '-' + reportId,"
        "   JSON.stringify({base: 1, changes: {'meta.signer_name': 'Của bithu1'}})); }",
        [report.pk, user_id],
    )
    page.close()
    page = context.new_page()
    page.goto(url)
    expect(field(page, "meta.signer_name")).to_have_value("Của bithu1")
    saved(page)
    report.refresh_from_db()
    assert report.data["meta"]["signer_name"] == "Của bithu1"
    assert report.data["meta"]["place"] != "Cũ"  # an unowned leftover is dropped, not replayed
    context.close()


def test_a_refused_field_is_named_and_the_other_edits_are_saved(browser, live_server, report, users):
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/noi-dung/")
    fill(page, {"narrative.opening": "Quá dài. " * 3_000, "narrative.results.ideology": "Đoạn mới."})
    problem = page.locator('[data-problem-for="narrative.opening"]')
    expect(problem).to_contain_text("tối đa 20.000 ký tự", timeout=15_000)
    saved(page)
    report.refresh_from_db()
    assert report.data["narrative"]["results"]["ideology"] == "Đoạn mới."
    assert report.data["narrative"].get("opening") != "Quá dài. " * 3_000
    context.close()


def test_signing_out_right_after_typing_saves_the_edit_first(browser, live_server, report, users):
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    fill(page, {"meta.signer_name": "Gõ xong là đăng xuất"})
    page.get_by_role("button", name="Đăng xuất").click()  # before the autosave's delay is over
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    assert asked == []  # saved, so nothing to warn about
    report.refresh_from_db()
    assert report.data["meta"]["signer_name"] == "Gõ xong là đăng xuất"
    assert report.versions.get(number=report.version).created_by == users["secretary"]
    context.close()


def test_typing_before_the_script_runs_is_saved(browser, live_server, report):
    """A field typed in while app.js is still loading (slow phone) is saved once it runs."""
    context, page = sign_in(browser, live_server, "bithu1")
    page.route("**/chibo/app.js*", lambda route: route.abort())
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    field(page, "meta.place").fill("Phường Đông Thành")
    page.unroute("**/chibo/app.js*")
    page.add_script_tag(url="/static/chibo/app.js")
    saved(page)
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "Phường Đông Thành"
    context.close()
