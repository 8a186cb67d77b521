"""The report's status: submit, return, approve; a frozen version; its kept files; deadlines."""

from __future__ import annotations

import datetime
import io
import json
import threading

import docx
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chibo.render.pdf import PdfError
from chibo.web import cycle, save
from chibo.web.models import Comment, Deadline, Membership, Organisation, Report, Status, SubmittedFile, Transition

from web_data import PASSWORD
from playwright.sync_api import expect
from pages import field, fill, saved, shot, sign_in

pytestmark = pytest.mark.django_db


def _save(client, report, changes, base=None):
    return client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": base or report.version, "changes": changes}),
        content_type="application/json",
    )


def _submit(client, report, **extra):
    report.refresh_from_db()
    return client.post(reverse("report_submit", args=[report.pk]), {"version": report.version, "acknowledged": "on", **extra})


def _warned(client, report):
    """The example with one cảnh báo (no number): lỗi none."""
    assert _save(client, report, {"meta.number": ""}).status_code == 200
    report.refresh_from_db()


@pytest.fixture
def submitted(login, report, users):
    client = login(users["secretary"])
    response = _submit(client, report)
    assert response.status_code == 302, response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    return report


def test_submit_lists_warnings_asks_for_them_to_be_read_then_freezes_the_version(login, report, users):
    client = login(users["secretary"])
    _warned(client, report)
    page = client.get(reverse("report_submit_page", args=[report.pk])).content.decode()
    assert "1 cảnh báo cần xem trước khi nộp" in page and "Chưa có" in page
    # Not acknowledged: said why, nothing changes.
    response = client.post(reverse("report_submit", args=[report.pk]), {"version": report.version})
    assert response.status_code == 400
    assert "hãy đọc rồi đánh dấu ô “Tôi đã đọc các cảnh báo”" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DRAFT and not report.transitions.exists() and not report.files.exists()

    response = _submit(client, report)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.submitted_version == report.version == 2
    assert report.submitted_at is not None
    (step,) = report.transitions.all()
    assert (step.from_status, step.to_status, step.by, step.version) == ("draft", "submitted", users["secretary"], 2)
    assert step.at == report.submitted_at
    # The office's row of this version is kept for the year page.
    assert report.summary_version == 2 and report.summary["cell_name"] == report.data["meta"]["cell_name"]
    # The DOCX and PDF of that version, made once and kept.
    kept = {f.kind: bytes(f.content) for f in report.files.filter(version=2)}
    assert set(kept) == {"docx", "pdf"}
    assert kept["pdf"].startswith(b"%PDF")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(kept["docx"])).paragraphs)
    assert report.data["meta"]["cell_name"].upper() in text.upper()
    # Downloads serve exactly those bytes.
    for kind in ("docx", "pdf"):
        response = client.get(reverse("report_download", args=[report.pk, kind]))
        assert response.status_code == 200 and response.content == kept[kind]


def test_a_report_with_errors_is_not_submitted(login, report, users):
    client = login(users["secretary"])
    assert _save(client, report, {"members.end_of_year": "40"}).status_code == 200
    page = client.get(reverse("report_submit_page", args=[report.pk])).content.decode()
    assert "lỗi: hãy sửa hết rồi mới nộp được" in page
    assert reverse("report_submit", args=[report.pk]) not in page  # no submit button
    response = _submit(client, report)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("lỗi: hãy sửa hết rồi nộp" in m for m in messages)
    report.refresh_from_db()
    assert report.status == Status.DRAFT and not report.transitions.exists() and not report.files.exists()


def test_a_frozen_report_cannot_be_saved_restored_or_resubmitted(login, submitted, users):
    report = submitted
    client = login(users["secretary"])
    before = (report.version, json.dumps(report.data, sort_keys=True))
    response = _save(client, report, {"meta.number": "99"})
    assert response.status_code == 409
    body = response.json()
    assert body["frozen"] is True and body["error"].startswith("Báo cáo đã nộp ngày ")
    assert "không sửa được" in body["error"]
    response = client.post(reverse("report_restore", args=[report.pk, 1]))
    assert response.status_code == 302
    assert any("Chưa khôi phục phiên bản 1" in str(m) for m in response.wsgi_request._messages)
    response = _submit(client, report)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.version, json.dumps(report.data, sort_keys=True)) == before
    assert report.versions.count() == 1 and report.transitions.count() == 1
    # The editor says why and offers no writing.
    page = client.get(reverse("report_step", args=[report.pk, "chung"])).content.decode()
    assert 'data-writable="0"' in page and "đang chờ văn phòng đảng ủy xem xét; không sửa được" in page
    assert "Nộp báo cáo</a>" not in page
    versions = client.get(reverse("report_versions", args=[report.pk])).content.decode()
    assert "Khôi phục" not in versions
    # A new report for that year is the same report, unchanged.
    response = client.post(reverse("report_new"), {"year": report.year})
    assert response.status_code == 302 and Report.objects.filter(cell=report.cell).count() == 1


def test_a_save_checked_just_before_a_submission_committed_is_refused(login, report, users, monkeypatch):
    """The submission commits between the save's checks and its write lock: the status is
    checked again under the lock, so the frozen version is not changed after all."""
    real = save.checked

    def checked_then_submitted(*args, **kwargs):
        change = real(*args, **kwargs)
        Report.objects.filter(pk=report.pk).update(
            status=Status.SUBMITTED, submitted_version=1, submitted_at=timezone.now()
        )
        return change

    monkeypatch.setattr(save, "checked", checked_then_submitted)
    response = _save(login(users["secretary"]), report, {"meta.number": "55"})
    assert response.status_code == 409 and response.json()["frozen"] is True
    report.refresh_from_db()
    assert report.version == 1 and report.data["meta"].get("number") != "55" and report.versions.count() == 1


def test_return_needs_a_remark_tied_to_a_step_then_the_report_is_editable_again(login, submitted, users):
    report = submitted
    office = login(users["office"])
    page = office.get(reverse("report_review", args=[report.pk])).content.decode()
    assert "Trả lại để sửa" in page and "Tải PDF đã nộp" in page
    response = office.post(reverse("report_return", args=[report.pk]), {"remark": "  ", "step": "hoc-sinh"})
    assert response.status_code == 400
    assert "Trả lại báo cáo thì phải ghi ý kiến" in response.content.decode()
    response = office.post(reverse("report_return", args=[report.pk]), {"remark": "Sai", "step": "khong-co"})
    assert response.status_code == 400 and "Phần đã chọn không có trong báo cáo" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.transitions.count() == 1 and not report.comments.exists()

    remark = "Tỷ lệ học sinh giỏi chưa khớp với số liệu của trường."
    response = office.post(reverse("report_return", args=[report.pk]), {"remark": remark, "step": "hoc-sinh"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    back = report.transitions.last()
    assert (back.from_status, back.to_status, back.by, back.remark) == ("submitted", "returned", users["office"], remark)
    (comment,) = report.comments.all()
    assert (comment.text, comment.step, comment.transition, comment.author) == (remark, "hoc-sinh", back, users["office"])
    # Returned: the secretary edits again, and the timeline shows who returned it and why.
    secretary = Client()
    secretary.force_login(users["secretary"])
    page = secretary.get(reverse("report_step", args=[report.pk, "chung"])).content.decode()
    assert 'data-writable="1"' in page and "Đã nộp → Trả lại" in page and remark in page
    assert "Nộp báo cáo</a>" in page
    assert _save(secretary, report, {"meta.number": "17"}).status_code == 200


def test_resubmit_unchanged_reuses_the_files_then_approve_freezes_for_good(login, submitted, users):
    report = submitted
    office = login(users["office"])
    office.post(reverse("report_return", args=[report.pk]), {"remark": "Xem lại phần học sinh.", "step": ""})
    secretary = Client()
    secretary.force_login(users["secretary"])
    files = list(SubmittedFile.objects.filter(report=report).values_list("pk", flat=True))
    assert _submit(secretary, report).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert list(SubmittedFile.objects.filter(report=report).values_list("pk", flat=True)) == files  # not made again

    response = office.post(reverse("report_approve", args=[report.pk]), {"remark": "Tốt."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    steps = [(t.from_status, t.to_status) for t in report.transitions.all()]
    assert steps == [("draft", "submitted"), ("submitted", "returned"), ("returned", "submitted"), ("submitted", "approved")]
    response = _save(secretary, report, {"meta.number": "1"})
    assert response.status_code == 409 and "đã được văn phòng đảng ủy duyệt" in response.json()["error"]
    # Approved twice, returned after approval: refused, said why, nothing recorded.
    for url, data in ((reverse("report_approve", args=[report.pk]), {}),
                      (reverse("report_return", args=[report.pk]), {"remark": "Sửa thêm"})):
        response = office.post(url, data)
        assert response.status_code == 302
        assert any("đã được duyệt" in str(m) for m in response.wsgi_request._messages)
    assert report.transitions.count() == 4
    page = secretary.get(reverse("report_step", args=[report.pk, "xem-truoc"])).content.decode()
    assert "Đã duyệt" in page and "Nộp báo cáo</a>" not in page
    assert page.count("<li>") >= 4 and "Đã nộp → Đã duyệt" in page


def test_office_cannot_return_or_approve_a_draft(login, report, users):
    office = login(users["office"])
    for name, data in (("report_approve", {}), ("report_return", {"remark": "x"})):
        response = office.post(reverse(name, args=[report.pk]), data)
        assert response.status_code == 302
        assert any("chưa nộp" in str(m) for m in response.wsgi_request._messages)
    report.refresh_from_db()
    assert report.status == Status.DRAFT and not report.transitions.exists()


def test_pdf_not_made_at_submission_is_made_on_first_download(login, report, users, monkeypatch):
    """LibreOffice failing does not stop a submission: the DOCX is kept, the PDF follows."""
    def broken(_docx):
        raise PdfError("LibreOffice không chạy.")

    monkeypatch.setattr(cycle, "docx_to_pdf", broken)
    client = login(users["secretary"])
    assert _submit(client, report).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert set(report.files.values_list("kind", flat=True)) == {"docx"}
    response = client.get(reverse("report_download", args=[report.pk, "pdf"]))
    assert response.status_code == 503 and "LibreOffice không chạy." in response.content.decode()
    monkeypatch.undo()
    response = client.get(reverse("report_download", args=[report.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    kept = report.files.get(kind="pdf", version=report.submitted_version)
    assert bytes(kept.content) == response.content
    assert client.get(reverse("report_download", args=[report.pk, "pdf"])).content == response.content


# --- who may do what -----------------------------------------------------------------


def _other_office():
    other = Organisation.objects.get(name="Đảng bộ phường Khác")
    user = get_user_model().objects.create_user(username="vanphong-khac", password=PASSWORD)
    Membership.objects.create(user=user, organisation=other, role=Membership.OFFICE)
    return user


def _transition_urls(pk):
    return [
        (reverse("report_submit", args=[pk]), {"version": 1, "acknowledged": "on"}),
        (reverse("report_return", args=[pk]), {"remark": "Sửa lại."}),
        (reverse("report_approve", args=[pk]), {}),
    ]


def test_only_the_secretary_submits_and_only_the_office_reviews(login, submitted, report, users):
    draft_of_other_cell = Report.objects.create(cell=users["other_secretary"].membership.cell, year=2026, data={"year": 2026})
    for role in ("secretary", "reviewer"):
        client = login(users[role])
        assert client.get(reverse("report_review", args=[submitted.pk])).status_code == 403
        for name in ("report_return", "report_approve"):
            assert client.post(reverse(name, args=[submitted.pk]), {"remark": "x"}).status_code == 403
    for role in ("reviewer", "office"):
        client = login(users[role])
        assert client.get(reverse("report_submit_page", args=[report.pk])).status_code == 403
        assert client.post(reverse("report_submit", args=[report.pk]), {"version": 1}).status_code == 403
    # Another cell's secretary and another đảng bộ's office: as if the report did not exist.
    for user in (users["other_secretary"], _other_office()):
        client = login(user)
        for url, data in _transition_urls(submitted.pk):
            assert client.post(url, data).status_code == 404, url
        for name in ("report_submit_page", "report_review"):
            assert client.get(reverse(name, args=[submitted.pk])).status_code == 404
    assert login(users["secretary"]).post(reverse("report_submit", args=[draft_of_other_cell.pk])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.transitions.count() == 1


def test_transitions_are_post_only_and_need_csrf(submitted, users):
    report = submitted
    for user in (users["secretary"], users["office"]):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        for url, data in _transition_urls(report.pk) + [(reverse("deadline_set"), {"year": 2026, "due": "2026-12-15"})]:
            assert client.get(url, data).status_code == 405, url
            assert client.post(url, data).status_code == 403, url
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.transitions.count() == 1
    assert not Deadline.objects.exists()
    # With the token from the review page it goes through.
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["office"])
    token = client.get(reverse("report_review", args=[report.pk])).context["csrf_token"]
    response = client.post(reverse("report_approve", args=[report.pk]), {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.APPROVED


def test_anonymous_is_sent_to_login(client, report):
    pages = [("get", reverse(n, args=[report.pk])) for n in ("report_submit_page", "report_review")]
    posts = [("post", url) for url, _ in _transition_urls(report.pk)] + [("post", reverse("deadline_set"))]
    for method, url in pages + posts:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db(transaction=True)
def test_approve_racing_return_records_one_transition(org, users, cells):
    """Two office tabs decide at once: one wins, the other is told; never two transitions."""
    report = Report.objects.create(
        cell=cells[0], year=2026, data={"year": 2026}, version=1, status=Status.SUBMITTED,
        submitted_at=timezone.now(), submitted_version=1,
    )
    barrier = threading.Barrier(2)
    codes = []

    def decide(name, data):
        client = Client()
        client.force_login(users["office"])
        barrier.wait()
        codes.append(client.post(reverse(name, args=[report.pk]), data).status_code)
        connection.close()

    for _ in range(3):
        threads = [
            threading.Thread(target=decide, args=("report_approve", {})),
            threading.Thread(target=decide, args=("report_return", {"remark": "Sửa phần học sinh."})),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report.refresh_from_db()
        assert report.transitions.count() == 1, list(report.transitions.values_list("to_status", flat=True))
        (step,) = report.transitions.all()
        assert report.status == step.to_status
        assert Comment.objects.filter(report=report).count() == (1 if step.to_status == Status.RETURNED else 0)
        Transition.objects.all().delete()
        Comment.objects.all().delete()
        Report.objects.filter(pk=report.pk).update(status=Status.SUBMITTED)
    assert codes.count(302) == len(codes)


def test_double_submit_records_one_transition(login, report, users):
    client = login(users["secretary"])
    assert _submit(client, report).status_code == 302
    response = client.post(reverse("report_submit", args=[report.pk]), {"version": 1, "acknowledged": "on"})
    assert response.status_code == 302
    assert any("đã được nộp" in str(m) for m in response.wsgi_request._messages)
    report.refresh_from_db()
    assert report.transitions.count() == 1 and report.files.count() == 2


def test_a_save_after_the_page_was_shown_is_submitted_only_if_its_warnings_are_the_same(login, report, users):
    """The secretary acknowledged the warnings of the version on the page. A save since then
    (the field she left as she clicked, another tab) that changes no warning is submitted;
    one that changes the warnings sends her back to read them."""
    client = login(users["secretary"])
    assert _save(client, report, {"meta.place": "Thị trấn Đông Thành"}).status_code == 200  # version 2, no warning
    response = client.post(reverse("report_submit", args=[report.pk]), {"version": 1, "acknowledged": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.submitted_version == 2
    assert set(report.files.values_list("version", flat=True)) == {2}

    office = Client()
    office.force_login(users["office"])
    office.post(reverse("report_return", args=[report.pk]), {"remark": "Bổ sung số báo cáo."})
    assert _save(client, report, {"meta.place": "Xã Đông Thành"}).status_code == 200  # version 3, seen
    assert _save(client, report, {"meta.number": ""}).status_code == 200  # version 4: a new warning
    response = client.post(reverse("report_submit", args=[report.pk]), {"version": 3, "acknowledged": "on"})
    assert response.status_code == 302
    assert any("nay là phiên bản 4" in str(m) and "cảnh báo đã khác" in str(m) for m in response.wsgi_request._messages)
    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.transitions.count() == 2


def test_a_forged_submission_gets_a_message_not_a_500(login, report, users):
    client = login(users["secretary"])
    for data in ({"version": "abc", "acknowledged": "on"}, {"acknowledged": "on"}, {"version": "0"}, {"version": "9" * 30}):
        response = client.post(reverse("report_submit", args=[report.pk]), data)
        assert response.status_code in (302, 400), data
        if response.status_code == 400:
            assert "hãy mở lại trang nộp" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DRAFT and not report.transitions.exists()


# --- deadlines -----------------------------------------------------------------------


def test_office_sets_a_deadline_and_lists_show_who_is_late(login, report, users, cells):
    office = login(users["office"])
    for bad, message in (({"year": 2026, "due": "31/02/2026"}, "Ngày hạn nộp không hợp lệ"),
                         ({"year": 2026, "due": "2030-01-01"}, "phải trong năm 2026 hoặc năm 2027"),
                         ({"year": "hai", "due": "2026-12-15"}, "Năm báo cáo phải là một số"),
                         ({"year": 2026}, "Hãy chọn ngày hạn nộp")):
        response = office.post(reverse("deadline_set"), bad)
        assert response.status_code == 302
        assert any(message in str(m) for m in response.wsgi_request._messages), bad
    assert not Deadline.objects.exists()
    past = timezone.localdate() - datetime.timedelta(days=1)
    past = past if past.year in (2026, 2027) else datetime.date(2026, 12, 15)
    office.post(reverse("deadline_set"), {"year": 2026, "due": past.isoformat()})
    assert Deadline.objects.get(organisation=users["office"].membership.organisation, year=2026).due == past
    late = timezone.localdate() > past
    page = office.get(reverse("office")).content.decode()
    assert f"Năm 2026: {past:%d/%m/%Y}" in page
    # The THCS cell has a draft, the tiểu học cell no report: both late once the day has passed.
    assert page.count("Quá hạn</span>") == (2 if late else 0)
    assert "năm 2026: chưa có báo cáo" in page
    home = login(users["secretary"]).get(reverse("home")).content.decode()
    assert f"Hạn nộp {past:%d/%m/%Y}" in home and ("Quá hạn</span>" in home) == late
    # Submitted: no longer late.
    _submit(login(users["secretary"]), report)
    home = login(users["secretary"]).get(reverse("home")).content.decode()
    assert "Quá hạn</span>" not in home and "Đã nộp" in home
    # Set again: changed, not duplicated.
    office = login(users["office"])
    office.post(reverse("deadline_set"), {"year": 2026, "due": "2026-12-31"})
    assert Deadline.objects.get().due == datetime.date(2026, 12, 31)


def test_only_the_office_sets_deadlines(login, users):
    for role in ("secretary", "reviewer"):
        assert login(users[role]).post(reverse("deadline_set"), {"year": 2026, "due": "2026-12-15"}).status_code == 404
    assert not Deadline.objects.exists()


def test_overdue_rule():
    due = datetime.date(2026, 12, 15)
    after, on = datetime.date(2026, 12, 16), due
    assert cycle.overdue(None, due, after) and cycle.overdue("draft", due, after) and cycle.overdue("returned", due, after)
    assert not cycle.overdue("submitted", due, after) and not cycle.overdue("approved", due, after)
    assert not cycle.overdue("draft", due, on) and not cycle.overdue("draft", None, after)


def test_status_is_shown_in_every_list(login, submitted, users, other_report):
    office_page = login(users["office"]).get(reverse("office")).content.decode()
    assert 'class="badge status-submitted">Đã nộp</span>' in office_page
    assert 'class="badge status-draft">Nháp</span>' in office_page
    assert reverse("report_review", args=[submitted.pk]) in office_page
    home = login(users["office"]).get(reverse("home")).content.decode()
    assert home.count('class="badge status-') >= 4  # the list and the office's summary, both reports
    home = login(users["secretary"]).get(reverse("home")).content.decode()
    assert 'class="badge status-submitted">Đã nộp</span>' in home


# --- in a real browser (Debian's chromium) ----------------------------------------------


def test_submit_return_resubmit_in_a_browser(browser, live_server, report, users):  # noqa: F811
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    fill(page, {"meta.number": ""})  # one cảnh báo: no number
    saved(page)
    page.get_by_role("link", name="Nộp báo cáo").click()
    expect(page.locator("main > h1")).to_have_text("Nộp báo cáo năm 2026")
    expect(page.locator(".warnings")).to_contain_text("Chưa có")
    page.get_by_role("button", name="Nộp báo cáo").click()  # not acknowledged
    expect(page.get_by_role("alert")).to_contain_text("hãy đọc rồi đánh dấu ô")
    shot(page, "cycle-01-nop")
    page.get_by_label("Tôi đã đọc các cảnh báo trên và vẫn nộp báo cáo.").check()
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp báo cáo")
    expect(page.locator(".status-box")).to_contain_text("đang chờ văn phòng đảng ủy xem xét; không sửa được")
    expect(field(page, "meta.place")).to_have_attribute("readonly", "")
    expect(field(page, "meta.school_level")).to_be_disabled()
    expect(page.get_by_role("link", name="Nộp báo cáo")).to_have_count(0)
    expect(page.locator(".timeline")).to_contain_text("Nháp → Đã nộp")
    shot(page, "cycle-02-chi-xem")

    office, office_page = sign_in(browser, live_server, "vanphong")
    office_page.goto(f"{live_server.url}/van-phong/")
    office_page.get_by_role("link", name="Xét duyệt").click()
    office_page.get_by_role("button", name="Trả lại").click()  # no remark
    expect(office_page.get_by_role("alert").first).to_contain_text("Trả lại báo cáo thì phải ghi ý kiến")
    office_page.get_by_label("Ý kiến (vì sao trả lại, cần sửa gì)").fill("Số học sinh xếp loại Tốt cần đối chiếu lại.")
    office_page.get_by_label("Ý kiến về phần").select_option("hoc-sinh")
    shot(office_page, "cycle-03-xet-duyet")
    office_page.get_by_role("button", name="Trả lại").click()
    expect(office_page.locator(".messages")).to_contain_text("Đã trả lại báo cáo")
    expect(office_page.locator("ul.cells")).to_contain_text("Trả lại")

    page.reload()
    expect(page.locator(".status-box")).to_contain_text("đã trả lại báo cáo")
    expect(page.locator(".timeline")).to_contain_text("Số học sinh xếp loại Tốt cần đối chiếu lại.")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    fill(page, {"meta.number": "21"})  # fixed: no cảnh báo left
    saved(page)
    shot(page, "cycle-04-tra-lai")
    page.get_by_role("link", name="Nộp báo cáo").click()
    expect(page.locator("main")).to_contain_text("Báo cáo không có lỗi, không có cảnh báo.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator(".timeline li")).to_have_count(3)

    office_page.reload()
    office_page.get_by_role("link", name="Xét duyệt").click()
    office_page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(office_page.locator("ul.cells")).to_contain_text("Đã duyệt")
    shot(office_page, "cycle-06-van-phong")
    page.reload()
    expect(page.locator(".status-box")).to_contain_text("đã được văn phòng đảng ủy duyệt")
    shot(page, "cycle-05-da-duyet")
    page.goto(f"{live_server.url}/")
    expect(page.locator("table.list")).to_contain_text("Đã duyệt")
    shot(page, "cycle-07-trang-chu")
    report.refresh_from_db()
    assert report.status == Status.APPROVED and report.data["meta"]["number"] == "21"
    office.close()
    context.close()


def test_an_editor_open_elsewhere_stops_when_the_report_is_submitted(browser, live_server, report, users):  # noqa: F811
    """Typing in a tab opened before the submission: told why, fields locked, nothing saved."""
    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "1")
    client = Client()
    client.force_login(users["secretary"])
    assert _submit(client, report).status_code == 302
    fill(page, {"meta.place": "Xã Khác"})
    expect(page.locator("#save-status")).to_contain_text("đang chờ văn phòng đảng ủy xem xét; không sửa được", timeout=10_000)
    expect(page.locator("#save-status")).to_contain_text("1 thay đổi chưa lưu được giữ trên máy này")
    expect(field(page, "meta.place")).to_have_attribute("readonly", "")
    report.refresh_from_db()
    assert report.version == 1 and report.data["meta"]["place"] != "Xã Khác"
    context.close()


def test_admin_shows_transitions_files_and_deadlines_read_only(client, submitted, users):
    admin = get_user_model().objects.create_superuser("quantri", password=PASSWORD)
    client.force_login(admin)
    Deadline.objects.create(organisation=submitted.cell.organisation, year=2026, due=datetime.date(2026, 12, 15))
    for name in ("transition", "submittedfile", "deadline", "report"):
        assert client.get(reverse(f"admin:chibo_{name}_changelist")).status_code == 200, name
    kept = submitted.files.first()
    page = client.get(reverse("admin:chibo_submittedfile_change", args=[kept.pk]))
    assert page.status_code == 200 and b"%PDF" not in page.content
    # The status is not edited here: the cycle records every change.
    page = client.get(reverse("admin:chibo_report_change", args=[submitted.pk])).content.decode()
    assert 'name="status"' not in page
