"""A lapsed session: the editor's save says so in JSON; a form goes back to its page after sign-in."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from web_data import PASSWORD


def test_a_save_after_the_session_expired_is_401_json_with_the_sign_in_page(client, report):
    response = client.post(f"/bao-cao/{report.pk}/luu/", json.dumps({"base_version": 1, "changes": {}}),
                           content_type="application/json")
    assert response.status_code == 401  # was a 302 to the sign-in page, which app.js took for a lost connection
    body = response.json()
    assert body["expired"] is True
    assert body["login"] == "/dang-nhap/"
    assert body["error"].startswith("Phiên đăng nhập đã hết")


def test_a_remark_sent_after_the_session_expired_comes_back_to_its_step_after_sign_in(users, report):
    client = Client()
    step = f"/bao-cao/{report.pk}/buoc/chung/"
    response = client.post(f"/bao-cao/{report.pk}/gop-y/", {"text": "Sửa số liệu", "step": "", "next": step})
    assert response.status_code == 302
    login = urlsplit(response["Location"])
    assert login.path == "/dang-nhap/"
    assert parse_qs(login.query)["next"] == [step]  # not the remark's address, which only takes a POST
    page = client.get(response["Location"])
    assert "Phiên đăng nhập đã hết" in page.content.decode()
    signed = client.post(response["Location"], {"username": "bithu1", "password": PASSWORD})
    assert signed.status_code == 302 and signed["Location"] == step
    assert report.comments.count() == 0  # nothing was sent without a session


def test_a_remark_form_with_a_foreign_next_goes_home_after_sign_in(report):
    response = Client().post(f"/bao-cao/{report.pk}/gop-y/", {"text": "x", "next": "https://example.com/"})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/"]


def test_an_expired_session_mid_edit_loses_nothing(browser, live_server, users, report):
    from django.contrib.sessions.models import Session
    from playwright.sync_api import expect

    from pages import PASSWORD as TYPED, field, saved, shot, sign_in

    context, page = sign_in(browser, live_server, "bithu1")
    try:
        step = f"/bao-cao/{report.pk}/buoc/chung/"
        page.goto(live_server.url + step)
        field(page, "meta.number").fill("15")
        saved(page)
        Session.objects.all().delete()  # the session lapses (what SESSION_COOKIE_AGE does) mid-edit

        field(page, "meta.place").fill("Xã Đông Thành mới")
        status = page.locator("#save-status")
        expect(status).to_contain_text("Phiên đăng nhập đã hết — đăng nhập lại, dữ liệu vẫn được giữ trên máy này",
                                       timeout=10_000)
        link = page.locator("#sign-in-again")
        assert link.get_attribute("href") == "/dang-nhap/?next=" + step.replace("/", "%2F")
        shot(page, "session-expired")
        # No retrying: a minute of "Đang thử lại" would have come back within 6 seconds.
        page.wait_for_timeout(6000)
        expect(status).to_contain_text("Phiên đăng nhập đã hết")
        # A remark written meanwhile and sent: it does not arrive, and is not lost.
        page.locator("#comment-text").fill("Đề nghị bổ sung số liệu kết nạp.")
        page.get_by_role("button", name="Gửi góp ý").click()  # no "Leave site?" prompt either

        expect(page).to_have_url(f"{live_server.url}/dang-nhap/?next={step}")
        expect(page.locator(".messages")).to_contain_text("Phiên đăng nhập đã hết")
        page.get_by_label("Tên đăng nhập").fill("bithu1")
        page.get_by_label("Mật khẩu").fill(TYPED)
        page.get_by_role("button", name="Đăng nhập").click()

        expect(page).to_have_url(live_server.url + step)
        saved(page)  # the edit kept in the browser is sent after sign-in
        expect(field(page, "meta.place")).to_have_value("Xã Đông Thành mới")
        expect(page.locator("#comment-text")).to_have_value("Đề nghị bổ sung số liệu kết nạp.")
        report.refresh_from_db()
        assert report.data["meta"]["place"] == "Xã Đông Thành mới"
        assert report.data["meta"]["number"] == "15"
        page.get_by_role("button", name="Gửi góp ý").click()
        expect(page.locator(".remark-text").first).to_contain_text("Đề nghị bổ sung số liệu kết nạp.")
        expect(page.locator("#comment-text")).to_have_value("")  # sent: the kept copy is gone
        assert report.comments.filter(text="Đề nghị bổ sung số liệu kết nạp.").count() == 1
    finally:
        context.close()
