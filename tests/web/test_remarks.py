"""Remarks tied to a step, answered, resolved and reopened; "N góp ý mới" until read.

Who may mark a remark resolved (or reopen it): its author, the office, and the cell's
secretary (who acts on it). A reviewer may answer anything but resolve only their own.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.web.models import Cell, Comment, Membership, Report, ReportSeen, Status, Transition
from pages import shot, sign_in

pytestmark = pytest.mark.django_db


def step_url(report, step="chung"):
    return reverse("report_step", args=[report.pk, step])


def add(client, report, text, **fields):
    return client.post(reverse("report_comment", args=[report.pk]), {"text": text, **fields})


def resolve_url(report, comment):
    return reverse("report_comment_resolve", args=[report.pk, comment.pk])


def reopen_url(report, comment):
    return reverse("report_comment_reopen", args=[report.pk, comment.pk])


def editor_part(html: str) -> tuple[int, int]:
    """Where the editor's fields start and where the foot's comment section starts."""
    return html.index('id="editor"'), html.index('id="gop-y"')


# --- a remark about a step ------------------------------------------------------------


def test_remark_about_a_step_shows_above_that_steps_fields_and_at_the_top_of_every_step(login, report, users):
    office = login(users["office"])
    response = add(office, report, "Tỷ lệ học sinh giỏi chưa khớp với số liệu.", step="hoc-sinh")
    assert response.status_code == 302
    remark = Comment.objects.get(report=report)
    assert remark.step == "hoc-sinh" and remark.parent is None and remark.author == users["office"]

    secretary = login(users["secretary"])
    html = secretary.get(step_url(report, "hoc-sinh")).content.decode()
    at = html.index("Tỷ lệ học sinh giỏi chưa khớp")
    fields, foot = editor_part(html)
    assert at < fields  # above the fields, in "Góp ý về phần này"
    assert html.count("Tỷ lệ học sinh giỏi chưa khớp") == 2  # the summary at the top, and the thread
    assert f'id="gop-y-{remark.pk}"' in html
    assert reverse("report_comment_resolve", args=[report.pk, remark.pk]) in html

    other = secretary.get(step_url(report, "dang-vien")).content.decode()
    fields, _ = editor_part(other)
    # On another step: in the summary at the top, linking to the step and the remark, no thread.
    link = f'href="{step_url(report, "hoc-sinh")}#gop-y-{remark.pk}"'
    assert link in other and other.index(link) < fields
    assert f'id="gop-y-{remark.pk}"' not in other
    # The step's button carries the number of its open remarks.
    start = other.index('aria-label="Các bước"')
    nav = other[start:other.index("</nav>", start)]
    assert re.search(r"3\. Học sinh <span class=\"mark\"[^>]*>1<span class=\"sr\"> góp ý chưa giải quyết", nav)
    assert "2. Đảng viên <span" not in nav


def test_remarks_sent_back_with_the_report_come_first(login, report, users):
    reviewer = login(users["reviewer"])
    add(reviewer, report, "Góp ý thường, viết trước.", step="dang-vien")
    back = Transition.objects.create(report=report, from_status=Status.SUBMITTED, to_status=Status.RETURNED,
                                     by=users["office"], remark="Sửa mục học sinh.")
    Comment.objects.create(report=report, author=users["office"], text="Sửa mục học sinh.", step="hoc-sinh",
                           transition=back)
    html = login(users["secretary"]).get(step_url(report, "chung")).content.decode()
    top = html[html.index("remarks-top"):html.index('id="editor"')]
    assert "returned" in html[html.index('<section class="card remarks-top'):][:60]
    assert top.index("Sửa mục học sinh.") < top.index("Góp ý thường, viết trước.")
    assert top.index("Trả lại báo cáo") < top.index("Sửa mục học sinh.")


def test_whole_report_remark_shows_at_the_foot_of_every_step(login, report, users):
    add(login(users["reviewer"]), report, "Cả báo cáo cần rà lại chính tả.")
    assert Comment.objects.get().step == ""
    for step in ("chung", "noi-dung", "xem-truoc"):
        html = login(users["secretary"]).get(step_url(report, step)).content.decode()
        assert html.index("Cả báo cáo cần rà lại chính tả.", html.index('id="gop-y"')) > 0


def test_the_new_remark_form_offers_the_current_step_first(login, report, users):
    html = login(users["reviewer"]).get(step_url(report, "xep-loai")).content.decode()
    assert '<option value="xep-loai" selected>' in html
    html = login(users["reviewer"]).get(step_url(report, "xem-truoc")).content.decode()
    assert "selected>" not in html[html.index('id="comment-step"'):html.index("</select>", html.index('id="comment-step"'))]


# --- answers ----------------------------------------------------------------------------


def test_reviewer_answers_and_an_answer_to_an_answer_attaches_to_the_remark(login, report, users):
    add(login(users["office"]), report, "Thiếu số đảng viên nữ.", step="dang-vien")
    remark = Comment.objects.get()
    reviewer = login(users["reviewer"])
    assert add(reviewer, report, "Đã bổ sung.", parent=remark.pk, step="chung").status_code == 302
    answer = Comment.objects.get(text="Đã bổ sung.")
    assert answer.parent == remark and answer.step == "dang-vien"  # the remark's step, not the one sent
    add(login(users["secretary"]), report, "Cảm ơn.", parent=answer.pk)
    assert Comment.objects.get(text="Cảm ơn.").parent == remark
    html = login(users["office"]).get(step_url(report, "dang-vien")).content.decode()
    thread = html[html.index(f'id="gop-y-{remark.pk}"'):html.index('id="editor"')]
    assert thread.index("Thiếu số đảng viên nữ.") < thread.index("Đã bổ sung.") < thread.index("Cảm ơn.")
    assert thread.count('class="answer"') == 2


def test_parent_of_another_report_is_404_and_nothing_saved(login, report, other_report, users):
    theirs = Comment.objects.create(report=other_report, author=users["office"], text="Của chi bộ khác.")
    response = add(login(users["office"]), report, "Trả lời lạc chỗ.", parent=theirs.pk)
    assert response.status_code == 404
    assert not Comment.objects.filter(text="Trả lời lạc chỗ.").exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"step": "khong-co"}, "Phần được góp ý"),
        ({"step": "xem-truoc"}, "Phần được góp ý"),
        ({"step": "x" * 10_000}, "Phần được góp ý"),
        ({"parent": "abc"}, "Góp ý được trả lời"),
        ({"parent": "-1"}, "Góp ý được trả lời"),
        ({"parent": "99999999999999999999999"}, "Góp ý được trả lời"),
        ({"parent": "1\x00"}, "Góp ý được trả lời"),
    ],
)
def test_forged_step_or_parent_is_400_in_vietnamese_and_nothing_saved(login, report, users, fields, message):
    response = add(login(users["reviewer"]), report, "Góp ý", **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_unknown_parent_id_is_404(login, report, users):
    assert add(login(users["reviewer"]), report, "Góp ý", parent="2147483647").status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("text, message", [("Góp\x00ý", "không in được"), ("x" * 5001, "5.000 ký tự"), ("  ", "để trống")])
def test_bad_answer_text_is_a_message_and_nothing_saved(login, report, users, text, message):
    remark = Comment.objects.create(report=report, author=users["office"], text="Gốc")
    response = login(users["reviewer"]).post(
        reverse("report_comment", args=[report.pk]), {"text": text, "parent": remark.pk}, follow=True
    )
    assert response.status_code == 200
    assert message in " ".join(str(m) for m in response.context["messages"])
    assert Comment.objects.count() == 1


# --- resolved, reopened ---------------------------------------------------------------------


def test_secretary_resolves_the_offices_remark_it_folds_away_and_can_be_reopened(login, report, users):
    remark = Comment.objects.create(report=report, author=users["office"], text="Bổ sung kết quả thi đua.", step="xep-loai")
    secretary = login(users["secretary"])
    here = step_url(report, "xep-loai")
    response = secretary.post(resolve_url(report, remark), {"next": f"{here}#gop-y-{remark.pk}"})
    assert response.status_code == 302 and response["Location"] == f"{here}#gop-y-{remark.pk}"
    remark.refresh_from_db()
    assert remark.resolved_at is not None and remark.resolved_by == users["secretary"]

    html = secretary.get(here).content.decode()
    folded = html[html.index('<details class="resolved-list">'):]
    assert "1 góp ý đã giải quyết" in folded and "Bổ sung kết quả thi đua." in folded  # still readable
    assert "Góp ý chưa giải quyết" not in html  # nothing open: no summary at the top
    assert 'class="mark"' not in html  # and no mark on the step button
    assert reopen_url(report, remark) in html

    assert secretary.post(reopen_url(report, remark)).status_code == 302
    remark.refresh_from_db()
    assert remark.resolved_at is None and remark.resolved_by is None
    assert "Góp ý chưa giải quyết (1)" in secretary.get(here).content.decode()


def test_who_may_resolve(login, report, users):
    by_office = Comment.objects.create(report=report, author=users["office"], text="Của văn phòng")
    by_reviewer = Comment.objects.create(report=report, author=users["reviewer"], text="Của người góp ý")
    reviewer = login(users["reviewer"])
    assert reviewer.post(resolve_url(report, by_office)).status_code == 403  # not theirs
    assert reviewer.post(resolve_url(report, by_reviewer)).status_code == 302  # their own
    by_office.refresh_from_db()
    assert by_office.resolved_at is None
    assert reviewer.post(reopen_url(report, by_reviewer)).status_code == 302
    assert login(users["office"]).post(resolve_url(report, by_reviewer)).status_code == 302  # the office
    by_reviewer.refresh_from_db()
    assert by_reviewer.resolved_by == users["office"]
    # The reviewer's page offers no button it may not use.
    html = login(users["reviewer"]).get(step_url(report)).content.decode()
    assert resolve_url(report, by_office) not in html


def test_an_answer_is_not_resolved_on_its_own(login, report, users):
    remark = Comment.objects.create(report=report, author=users["office"], text="Gốc")
    answer = Comment.objects.create(report=report, author=users["secretary"], text="Trả lời", parent=remark)
    assert login(users["office"]).post(resolve_url(report, answer)).status_code == 404
    answer.refresh_from_db()
    assert answer.resolved_at is None


# --- permissions, methods, CSRF ---------------------------------------------------------


def remark_urls(report, remark) -> list[str]:
    return [
        reverse("report_comment", args=[report.pk]),
        resolve_url(report, remark),
        reopen_url(report, remark),
        reverse("report_comments_read", args=[report.pk]),
    ]


def test_another_cells_secretary_and_another_dang_bo_get_404(login, report, users, cells):
    remark = Comment.objects.create(report=report, author=users["office"], text="Gốc")
    other_org = Cell.objects.create(organisation=report.cell.organisation.__class__.objects.get(name="Đảng bộ phường Khác"),
                                    name="Chi bộ ngoài", school_level="thcs")
    outsider = get_user_model().objects.create_user(username="vanphong-khac", password="x-2026-khong-doan-duoc")
    Membership.objects.create(user=outsider, organisation=other_org.organisation, role=Membership.OFFICE)
    for user in (users["other_secretary"], outsider):
        client = login(user)
        for url in remark_urls(report, remark):
            assert client.post(url, {"text": "Xâm nhập", "parent": remark.pk}).status_code == 404, url
    remark.refresh_from_db()
    assert remark.resolved_at is None and Comment.objects.count() == 1
    assert not ReportSeen.objects.exists()


def test_anonymous_goes_to_sign_in_and_get_is_refused(client, login, report, users):
    remark = Comment.objects.create(report=report, author=users["office"], text="Gốc")
    for url in remark_urls(report, remark):
        response = client.post(url, {"text": "x"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    client = login(users["office"])
    for url in remark_urls(report, remark):
        assert client.get(url).status_code == 405, url


def test_every_change_needs_the_csrf_token(report, users):
    remark = Comment.objects.create(report=report, author=users["office"], text="Gốc")
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["office"])
    for url in remark_urls(report, remark):
        assert client.post(url, {"text": "Không có mã CSRF", "parent": remark.pk}).status_code == 403, url
    remark.refresh_from_db()
    assert remark.resolved_at is None and Comment.objects.count() == 1 and not ReportSeen.objects.exists()
    # With the token from the page, the same post goes through.
    page = client.get(step_url(report)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(resolve_url(report, remark), {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_user_without_a_role_cannot_comment(report, users, client):
    admin = get_user_model().objects.create_superuser(username="quantri", password="x-2026-khong-doan-duoc")
    client.force_login(admin)  # sees every report (the admin), but has no role in any cell
    assert add(client, report, "Góp ý").status_code == 403
    assert not Comment.objects.exists()


# --- new until read ---------------------------------------------------------------------


def new_count(client, report) -> int | None:
    html = client.get(reverse("home")).content.decode()
    row = html[html.index(step_url(report)):]
    row = row[:row.index("</tr>")]
    found = re.search(r"(\d+) góp ý mới", row)
    return int(found.group(1)) if found else None


def test_new_remarks_counted_on_home_until_the_editor_is_opened(login, report, other_report, users):
    office = login(users["office"])
    add(office, report, "Một", step="hoc-sinh")
    add(office, report, "Hai")
    Comment.objects.create(report=other_report, author=users["office"], text="Của chi bộ khác")
    secretary = login(users["secretary"])
    add(secretary, report, "Của chính bí thư")  # one's own comments are never new to oneself
    assert new_count(secretary, report) == 2
    assert new_count(login(users["reviewer"]), report) == 3  # the secretary's too, for the reviewer

    html = login(users["secretary"]).get(step_url(report, "xem-truoc")).content.decode()
    assert '<span class="tag tag-new">2 mới</span>' in html  # the page still shows what was new
    assert new_count(login(users["secretary"]), report) is None
    assert "mới</span>" not in login(users["secretary"]).get(step_url(report)).content.decode()

    Comment.objects.create(report=report, author=users["reviewer"], text="Ba", parent=Comment.objects.get(text="Một"))
    assert new_count(login(users["secretary"]), report) == 1  # an answer is new too
    assert new_count(login(users["office"]), report) == 2  # the secretary's and the reviewer's


def test_mark_read_from_home(login, report, users):
    Comment.objects.create(report=report, author=users["office"], text="Một")
    client = login(users["secretary"])
    assert new_count(client, report) == 1
    response = client.post(reverse("report_comments_read", args=[report.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Đã đánh dấu đã đọc" in response.content.decode()
    assert new_count(client, report) is None


def test_reading_never_moves_back_and_a_comment_after_the_page_stays_new(login, report, users):
    first = Comment.objects.create(report=report, author=users["office"], text="Một")
    later = timezone.now() + datetime.timedelta(hours=1)
    ReportSeen.objects.create(user=users["secretary"], report=report, seen_at=later)
    login(users["secretary"]).post(reverse("report_comments_read", args=[report.pk]))
    assert ReportSeen.objects.get(user=users["secretary"]).seen_at == later
    # Seen up to the newest comment shown, not "now": a comment made after it stays new.
    ReportSeen.objects.all().delete()
    login(users["secretary"]).get(step_url(report))
    assert ReportSeen.objects.get(user=users["secretary"]).seen_at == first.created_at


# --- a large đảng bộ: the home page counts in a constant number of queries ---------------------------


def _many_reports(org, users, n):
    cells = Cell.objects.bulk_create(
        Cell(organisation=org, name=f"Chi bộ Trường số {i:03d}", school_level="thcs") for i in range(n)
    )
    reports = Report.objects.bulk_create(Report(cell=cell, year=2026, data={"year": 2026}, version=1) for cell in cells)
    Comment.objects.bulk_create(
        Comment(report=r, author=users["reviewer"], text=f"Góp ý {k}") for i, r in enumerate(reports) for k in range(i % 4)
    )
    return reports


def test_office_home_counts_new_remarks_in_a_constant_number_of_queries(org, login, report, users, django_assert_max_num_queries):
    client = login(users["office"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    reports = _many_reports(org, users, 200)
    # Some read: seen after their comments; one read before a newer comment came.
    for r in reports[:20]:
        ReportSeen.objects.create(user=users["office"], report=r, seen_at=timezone.now())
    late = Comment.objects.create(report=reports[3], author=users["secretary"], text="Sau khi đọc")
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("home")).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    expected = {r.pk: (0 if i < 20 else i % 4) for i, r in enumerate(reports)}
    expected[late.report_id] += 1
    shown = {int(pk): int(n) for pk, n in re.findall(r'/bao-cao/(\d+)/buoc/chung/#remarks-top-title">(\d+) góp ý mới', html)}
    assert shown == {pk: n for pk, n in expected.items() if n}


# --- in a real browser ----------------------------------------------------------------------


def test_browser_remark_on_the_student_step_answered_and_resolved(browser, live_server, report, users):
    from playwright.sync_api import expect

    back = Transition.objects.create(report=report, from_status=Status.SUBMITTED, to_status=Status.RETURNED,
                                     by=users["office"], remark="Số học sinh được đánh giá chưa khớp tổng các mức.")
    Comment.objects.create(report=report, author=users["office"], text=back.remark, step="hoc-sinh", transition=back)
    Report.objects.filter(pk=report.pk).update(status=Status.RETURNED)

    context, page = sign_in(browser, live_server, "gopy1")
    page.goto(f"{live_server.url}{step_url(report, 'hoc-sinh')}")
    expect(page.get_by_label("Về phần", exact=True)).to_have_value("hoc-sinh")  # the step one is on
    page.get_by_label("Góp ý mới").fill("Đề nghị ghi rõ số học sinh giỏi cấp tỉnh.")
    page.get_by_role("button", name="Gửi góp ý").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi góp ý.")
    context.close()

    context, page = sign_in(browser, live_server, "bithu1")
    row = page.locator("tr", has=page.get_by_role("link", name="Mở"))
    expect(row.get_by_role("link", name="2 góp ý mới")).to_be_visible()
    shot(page, "remarks-home")
    row.get_by_role("link", name="2 góp ý mới").click()
    top = page.locator(".remarks-top")
    expect(top).to_contain_text("Góp ý chưa giải quyết (2)")
    expect(top.locator("li").first).to_contain_text("Trả lại báo cáo")  # what came with "Trả lại" first
    expect(page.get_by_role("navigation", name="Các bước").get_by_role("link", name="3. Học sinh")).to_contain_text("2")
    top.get_by_role("link", name="Học sinh").first.click()
    expect(page.locator("main > h1")).to_have_text("Học sinh")
    thread = page.locator(".remarks-here .remark").filter(has_text="cấp tỉnh")
    thread.get_by_text("Trả lời", exact=True).click()
    thread.get_by_label("Trả lời góp ý").fill("Đã bổ sung: 12 học sinh giỏi cấp tỉnh.")
    thread.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi trả lời.")
    thread = page.locator(".remarks-here .remark").filter(has_text="cấp tỉnh")
    expect(thread.locator(".answer")).to_contain_text("12 học sinh giỏi cấp tỉnh")
    shot(page, "remarks-step")
    thread.get_by_role("button", name="Đã giải quyết").click()
    expect(page.locator(".messages")).to_contain_text("đã giải quyết")
    expect(page.locator(".remarks-top")).to_contain_text("Góp ý chưa giải quyết (1)")
    folded = page.locator(".remarks-here details.resolved-list")
    expect(folded).to_contain_text("1 góp ý đã giải quyết")
    # Just resolved: the page returns to it (chromium opens the fold for the #gop-y-N anchor).
    expect(folded.get_by_role("button", name="Mở lại")).to_be_visible()
    shot(page, "remarks-resolved")
    page.goto(f"{live_server.url}{step_url(report, 'hoc-sinh')}")
    expect(folded.get_by_text("12 học sinh giỏi cấp tỉnh")).to_be_hidden()  # folded away, still there
    folded.locator("summary").click()
    expect(folded.get_by_text("12 học sinh giỏi cấp tỉnh")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("góp ý mới")).to_have_count(0)
    context.close()

    context, page = sign_in(browser, live_server, "gopy1")
    expect(page.get_by_role("link", name="1 góp ý mới")).to_be_visible()  # the secretary's answer
    context.close()
