"""Error pages in Vietnamese with a way back, JSON for the editor's saves; DEBUG off."""

from __future__ import annotations

import json
import sys

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import include, path

import chibo.web.urls as site_urls


def _forbidden(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("bad")


def _broken(request):
    raise RuntimeError("boom")


# This module is the urlconf of the tests below: the site's, plus three views that fail.
urlpatterns = [
    path("loi/403/", _forbidden),
    path("loi/400/", _suspicious),
    path("loi/500/", _broken),
    path("", include(site_urls.urlpatterns)),
]
handler400, handler403 = site_urls.handler400, site_urls.handler403
handler404, handler500 = site_urls.handler404, site_urls.handler500

here = override_settings(ROOT_URLCONF=sys.modules[__name__].__name__, DEBUG=False)


def _page(response, status, *words):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'href="/static/chibo/app.css"' in html or "app.css" in html  # the site's look
    assert "Về trang chủ" in html
    for word in words:
        assert word in html, word
    for english in ("Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF verification failed"):
        assert english not in html
    return html


@pytest.mark.django_db
@here
def test_404_400_403_500_pages_are_vietnamese_with_a_way_back():
    client = Client(raise_request_exception=False)
    _page(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")
    _page(client.get("/loi/403/"), 403, "Không được phép")
    _page(client.get("/loi/400/"), 400, "Yêu cầu không hợp lệ")
    html = _page(client.get("/loi/500/"), 500, "Máy chủ gặp sự cố", "Dữ liệu đã lưu trước đó vẫn còn")
    assert "RuntimeError" not in html and "boom" not in html


@here
def test_a_views_own_vietnamese_reason_is_shown_djangos_english_is_not(login, users, report):
    client = login(users["secretary"])
    _page(client.get(f"/bao-cao/{report.pk}/buoc/khong-co/"), 404, "Không có bước này.")
    _page(client.get(f"/bao-cao/{report.pk}/phien-ban/999/"), 404, "Không có phiên bản này.")


@here
def test_csrf_failure_page_is_vietnamese_and_json_for_the_editor(users, report):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["secretary"])
    _page(client.post("/bao-cao/moi/", {"year": "2027"}, HTTP_REFERER="http://testserver/"),
          403, "Phiên làm việc của trang đã cũ", "Quay lại trang trước")
    response = client.post(f"/bao-cao/{report.pk}/luu/", json.dumps({"base_version": 1, "changes": {}}),
                           content_type="application/json")
    assert response.status_code == 403
    body = response.json()
    assert body["csrf"] is True and "tải lại trang" in body["error"]


@here
def test_a_save_that_fails_in_the_server_answers_json(login, users, report, monkeypatch):
    from chibo.web import views

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.save, "checked", broken)  # a defect anywhere in the save path
    client = login(users["secretary"])
    client.raise_request_exception = False
    response = client.post(f"/bao-cao/{report.pk}/luu/", json.dumps({"base_version": 1, "changes": {}}),
                           content_type="application/json")
    assert response.status_code == 500
    assert "Máy chủ gặp sự cố" in response.json()["error"]


@here
def test_a_views_plain_text_refusal_is_shown_as_the_sites_page_with_its_words(login, users, report):
    client = login(users["reviewer"])
    html = _page(client.post("/bao-cao/moi/", {"year": "2027"}), 403, "Chỉ bí thư chi bộ được tạo báo cáo.")
    assert "Không được phép" in html
    response = client.post(f"/bao-cao/{report.pk}/phien-ban/1/khoi-phuc/")
    _page(response, 403, "Bạn chỉ được xem báo cáo này.")


def test_in_the_browser_the_404_page_has_the_sites_look_and_a_way_home(browser, live_server, users):
    from playwright.sync_api import expect

    from pages import shot, sign_in

    context, page = sign_in(browser, live_server, "bithu1")
    try:
        response = page.goto(f"{live_server.url}/bao-cao/999999/buoc/chung/")
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
        shot(page, "error-404")
        page.get_by_role("link", name="Về trang chủ").click()
        expect(page).to_have_url(f"{live_server.url}/")
    finally:
        context.close()
