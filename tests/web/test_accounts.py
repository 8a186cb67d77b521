"""The office's account care: reset a password (one-time, shown once), deactivate and
reactivate, move to another cell; the forced change; Vietnamese password messages."""

from __future__ import annotations

import html
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from chibo.web import passwords
from chibo.web.models import Cell, Membership, Organisation
from web_data import PASSWORD, _user
from pages import shot

pytestmark = pytest.mark.django_db

OTP = re.compile(r"[a-hjkmnp-z2-9]{4}(?:-[a-hjkmnp-z2-9]{4}){3}")
# English words Django's untranslated messages contain; none may reach a page.
ENGLISH = re.compile(r"\b(password|this|must|characters?|too|common|similar|numeric|field|required|enter|your|the)\b", re.I)


def account_urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("account_reset", args=[pk])),
        ("post", reverse("account_reset", args=[pk])),
        ("get", reverse("account_deactivate", args=[pk])),
        ("post", reverse("account_deactivate", args=[pk])),
        ("post", reverse("account_reactivate", args=[pk])),
        ("get", reverse("account_move", args=[pk])),
        ("post", reverse("account_move", args=[pk])),
    ]


def signed_in(username: str, password: str = PASSWORD) -> Client:
    """A client signed in through the real sign-in form (the session names ModelBackend)."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def errors_on(response) -> list[str]:
    """The messages shown beside the fields of a form page."""
    page = response.content.decode()
    blocks = re.findall(r'<(?:ul|p) class="problem shown"[^>]*>(.*?)</(?:ul|p)>', page, re.S)
    blocks += re.findall(r'<div class="errors"[^>]*>(.*?)</div>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", b)).strip() for b in blocks]


def refresh(user):
    user.refresh_from_db()
    return user


# --- one-time passwords ------------------------------------------------------------


def test_one_time_passwords_are_readable_random_and_valid(users):
    drawn = {passwords.one_time_password(users["secretary"]) for _ in range(200)}
    assert len(drawn) == 200
    for password in drawn:
        assert OTP.fullmatch(password), password
        assert not set(password) & set("0o1li"), password


# --- reset ---------------------------------------------------------------------------


def test_reset_shows_a_one_time_password_once_and_forces_a_change(login, users, report, caplog):
    secretary = users["secretary"]
    before = signed_in("bithu1")  # an open session of the secretary, elsewhere
    assert before.get(reverse("home")).status_code == 200
    office = login(users["office"])

    confirm = office.get(reverse("account_reset", args=[secretary.pk]))
    assert confirm.status_code == 200 and "mật khẩu một lần" in confirm.content.decode()
    assert refresh(secretary).check_password(PASSWORD), "a GET changes nothing"

    with caplog.at_level(logging.INFO, logger="chibo.web"):
        response = office.post(reverse("account_reset", args=[secretary.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = OTP.search(response.content.decode()).group()
    secretary = refresh(secretary)
    assert secretary.check_password(password) and not secretary.check_password(PASSWORD)
    assert password not in secretary.password  # hashed, never in clear
    assert Membership.objects.get(user=secretary).must_change_password
    assert password not in str(dict(office.session.items()))  # nor in the office's session
    assert "account password reset: by=vanphong user=bithu1" in caplog.text
    assert password not in caplog.text

    # The secretary's other session ended with the old hash.
    ended = before.get(reverse("home"))
    assert ended.status_code == 302 and ended["Location"].startswith(reverse("login"))

    # Signing in with the one-time password leads to the change page, and so does every page.
    client = Client()
    response = client.post(reverse("login"), {"username": "bithu1", "password": password})
    assert response["Location"] == reverse("password_change")
    for url in (reverse("home"), reverse("report_step", args=[report.pk, "chung"]), reverse("office")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change"), url
    save = client.post(reverse("report_save", args=[report.pk]), data="{}", content_type="application/json")
    assert save.status_code == 302 and save["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "Mật khẩu một lần (văn phòng đưa)" in page.content.decode()

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "trống đồng đông sơn 1968", "new_password2": "trống đồng đông sơn 1968"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not Membership.objects.get(user=secretary).must_change_password
    assert client.get(reverse("home")).status_code == 200  # this session kept
    assert refresh(secretary).check_password("trống đồng đông sơn 1968")


def test_reset_lifts_a_sign_in_lockout(login, users, settings):
    stranger = Client()
    for _ in range(settings.LOGIN_ATTEMPTS):
        stranger.post(reverse("login"), {"username": "bithu1", "password": "sai-mat-khau"})
    assert stranger.post(reverse("login"), {"username": "bithu1", "password": PASSWORD}).status_code == 429
    assert AccessAttempt.objects.filter(username="bithu1").exists()

    response = login(users["office"]).post(reverse("account_reset", args=[users["secretary"].pk]))
    password = OTP.search(response.content.decode()).group()
    assert not AccessAttempt.objects.filter(username__startswith="bithu1").exists()
    response = stranger.post(reverse("login"), {"username": "bithu1", "password": password})
    assert response.status_code == 302 and response["Location"] == reverse("password_change")


def test_the_office_does_not_reset_its_own_password_here(login, users):
    office = users["office"]
    response = login(office).post(reverse("account_reset", args=[office.pk]), follow=True)
    assert "Đổi mật khẩu" in response.content.decode()
    assert refresh(office).check_password(PASSWORD)


# --- deactivate, reactivate ------------------------------------------------------------


def test_deactivated_account_cannot_sign_in_and_its_sessions_stop(login, users, report):
    secretary = users["secretary"]
    open_session = signed_in("bithu1")
    office = login(users["office"])
    assert office.get(reverse("account_deactivate", args=[secretary.pk])).status_code == 200
    assert refresh(secretary).is_active, "a GET only asks for confirmation"

    response = office.post(reverse("account_deactivate", args=[secretary.pk]), follow=True)
    assert "Đã khóa tài khoản bithu1" in response.content.decode()
    assert not refresh(secretary).is_active
    assert "Đã khóa" in office.get(reverse("office")).content.decode()

    stopped = open_session.get(reverse("report_step", args=[report.pk, "chung"]))
    assert stopped.status_code == 302 and stopped["Location"].startswith(reverse("login"))

    # Same answer as a wrong password: nothing says the account exists.
    right = Client().post(reverse("login"), {"username": "bithu1", "password": PASSWORD})
    wrong = Client().post(reverse("login"), {"username": "bithu1", "password": "khong-dung-dau"})
    assert right.status_code == wrong.status_code == 200
    assert errors_on(right) == errors_on(wrong) == ["Tên đăng nhập hoặc mật khẩu không đúng."]

    office.post(reverse("account_reactivate", args=[secretary.pk]))
    assert refresh(secretary).is_active
    signed_in("bithu1")


def test_reactivate_is_post_only(login, users):
    users["secretary"].is_active = False
    users["secretary"].save()
    response = login(users["office"]).get(reverse("account_reactivate", args=[users["secretary"].pk]))
    assert response.status_code == 405
    assert not refresh(users["secretary"]).is_active


def test_no_self_deactivation_and_never_the_last_office(login, users, org, django_user_model):
    office = users["office"]
    client = login(office)
    response = client.post(reverse("account_deactivate", args=[office.pk]), follow=True)
    assert "Không thể tự khóa" in response.content.decode()
    assert refresh(office).is_active

    second = _user("vanphong2", Membership.OFFICE, org)
    client.post(reverse("account_deactivate", args=[second.pk]))
    assert not refresh(second).is_active

    root = django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    response = login(root).post(reverse("account_deactivate", args=[office.pk]), follow=True)
    assert "tài khoản văn phòng cuối cùng" in response.content.decode()
    assert refresh(office).is_active


# --- move --------------------------------------------------------------------------


def test_move_a_secretary_to_another_cell(login, users, cells, report, other_report, caplog):
    office = login(users["office"])
    secretary = users["secretary"]
    assert office.get(reverse("account_move", args=[secretary.pk])).status_code == 200
    with caplog.at_level(logging.INFO, logger="chibo.web"):
        response = office.post(reverse("account_move", args=[secretary.pk]), {"cell": cells[1].pk}, follow=True)
    assert "Đã chuyển bithu1" in response.content.decode()
    assert Membership.objects.get(user=secretary).cell == cells[1]
    assert "account moved: by=vanphong user=bithu1" in caplog.text

    moved = signed_in("bithu1")
    assert moved.get(reverse("report_step", args=[report.pk, "chung"])).status_code == 404
    assert moved.get(reverse("report_step", args=[other_report.pk, "chung"])).status_code == 200
    home = moved.get(reverse("home")).content.decode()
    assert cells[1].name in home and cells[0].name not in home


def test_move_refuses_a_cell_of_another_dang_bo_and_bad_input(login, users, cells):
    foreign = Cell.objects.create(
        organisation=Organisation.objects.get(name="Đảng bộ phường Khác"), name="Chi bộ Trường THCS Khác",
        school_level="thcs",
    )
    office = login(users["office"])
    url = reverse("account_move", args=[users["secretary"].pk])
    for value, expected in [
        (foreign.pk, "không thuộc đảng bộ"),
        ("abc", "không thuộc đảng bộ"),
        ("9" * 30, "không thuộc đảng bộ"),
        ("", "Chưa chọn chi bộ"),
        (cells[0].pk, "đã ở"),
    ]:
        response = office.post(url, {"cell": value})
        assert response.status_code == 200, value
        shown = " ".join(errors_on(response))
        assert expected in shown, (value, shown)
        assert not ENGLISH.search(shown), shown
    assert Membership.objects.get(user=users["secretary"]).cell == cells[0]


def test_an_office_account_is_not_moved(login, users, org):
    second = _user("vanphong2", Membership.OFFICE, org)
    response = login(users["office"]).post(reverse("account_move", args=[second.pk]), {"cell": 1}, follow=True)
    assert "Chỉ chuyển được bí thư" in response.content.decode()
    assert Membership.objects.get(user=second).cell is None


# --- who may act ---------------------------------------------------------------------


def _state(user):
    user = refresh(user)
    m = Membership.objects.get(user=user)
    return user.password, user.is_active, m.cell_id, m.must_change_password


def test_only_the_office_of_the_same_dang_bo_acts(login, users, cells, org, django_user_model):
    target = users["secretary"]
    before = _state(target)
    for role in ("secretary", "other_secretary", "reviewer"):
        client = login(users[role])
        for method, url in account_urls(target.pk):
            assert getattr(client, method)(url, {"cell": cells[1].pk}).status_code == 404, (role, method, url)
    other_org = Organisation.objects.get(name="Đảng bộ phường Khác")
    client = login(_user("vanphong.khac", Membership.OFFICE, other_org))
    for method, url in account_urls(target.pk):
        assert getattr(client, method)(url, {"cell": cells[1].pk}).status_code == 404, url
    anonymous = Client()
    for method, url in account_urls(target.pk):
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    assert _state(target) == before

    # A superuser's account is not the office's to touch, even with a membership in it.
    root = django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    Membership.objects.create(user=root, organisation=org, role=Membership.OFFICE)
    office = login(users["office"])
    for method, url in account_urls(root.pk):
        assert getattr(office, method)(url).status_code == 404, url
    assert refresh(root).check_password(PASSWORD) and root.is_active
    for pk in (987654, 10**30):  # no such user; an id past any integer column
        for method, url in account_urls(pk):
            assert getattr(office, method)(url).status_code == 404, url


def test_state_changes_need_the_csrf_token(users, cells):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["office"])
    target = users["secretary"]
    before = _state(target)
    for method, url in account_urls(target.pk):
        if method == "post":
            assert client.post(url, {"cell": cells[1].pk}).status_code == 403, url
    assert client.post(reverse("password_change"), {}).status_code == 403
    assert _state(target) == before


def test_office_page_lists_accounts_with_their_actions(login, users):
    users["reviewer"].is_active = False
    users["reviewer"].save()
    page = login(users["office"]).get(reverse("office")).content.decode()
    for name in ("bithu1", "bithu2", "gopy1", "vanphong"):
        assert name in page
    assert reverse("account_reset", args=[users["secretary"].pk]) in page
    assert reverse("account_move", args=[users["secretary"].pk]) in page
    assert reverse("account_reactivate", args=[users["reviewer"].pk]) in page
    assert reverse("account_reset", args=[users["office"].pk]) not in page  # not on itself
    assert "chưa đăng nhập" in page


# --- Vietnamese messages on the change page ------------------------------------------


@pytest.mark.parametrize(
    "new, expected",
    [
        ("ngan-qua", "Mật khẩu quá ngắn"),  # MinimumLengthValidator
        ("1234567890123", "chỉ gồm chữ số"),  # NumericPasswordValidator
        ("password123", "hay được dùng"),  # CommonPasswordValidator
        ("bithu1-2026", "quá giống tên đăng nhập"),  # UserAttributeSimilarityValidator
    ],
)
def test_each_validator_speaks_vietnamese_on_the_change_page(users, new, expected):
    client = signed_in("bithu1")
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    shown = " ".join(errors_on(response))
    assert expected in shown, shown
    assert not ENGLISH.search(shown), shown
    assert expected in " ".join(response.context["form"].errors["new_password1"])  # beside the field it is about
    assert refresh(users["secretary"]).check_password(PASSWORD)


def test_form_messages_and_help_are_vietnamese(users):
    client = signed_in("bithu1")
    page = client.get(reverse("password_change")).content.decode()
    help_texts = " ".join(re.findall(r'<div class="help">(.*?)</div>', page, re.S))
    assert "Dài ít nhất 10 ký tự" in help_texts and not ENGLISH.search(re.sub(r"<[^>]+>", " ", help_texts))
    cases = [
        ({"old_password": "sai", "new_password1": "trống đồng 1968", "new_password2": "trống đồng 1968"},
         "Mật khẩu hiện tại không đúng"),
        ({"old_password": PASSWORD, "new_password1": "trống đồng 1968", "new_password2": "trống đồng 1969"},
         "không giống nhau"),
        ({}, "Chưa điền «Mật khẩu hiện tại»"),
        ({"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}, "trùng mật khẩu hiện tại"),
        ({"old_password": PASSWORD, "new_password1": "x" * 5000, "new_password2": "x" * 5000}, "dài quá 200 ký tự"),
    ]
    for data, expected in cases:
        response = client.post(reverse("password_change"), data)
        shown = " ".join(errors_on(response))
        assert response.status_code == 200 and expected in shown, (data, shown)
        assert not ENGLISH.search(shown), shown
    assert refresh(users["secretary"]).check_password(PASSWORD)


def test_new_accounts_get_vietnamese_password_messages(login, users, cells):
    response = login(users["office"]).post(
        reverse("office"),
        {"form": "user", "username": "bithu3", "full_name": "Lê Thị Hoa", "role": "secretary",
         "cell": cells[0].pk, "password": "ngan"},
    )
    shown = " ".join(errors_on(response))
    assert "Mật khẩu quá ngắn" in shown and not ENGLISH.search(shown), shown
    assert not get_user_model().objects.filter(username="bithu3").exists()


# --- in a real browser ------------------------------------------------------------------


def test_office_resets_and_the_secretary_changes_in_a_browser(browser, live_server, users, cells):  # noqa: F811
    from pages import sign_in

    context, page = sign_in(browser, live_server, "vanphong")
    page.get_by_role("link", name="Văn phòng").click()
    row = page.locator("table.accounts tr", has_text="bithu1")
    expect(row).to_contain_text("Bí thư chi bộ")
    shot(page, "accounts-01-list")
    row.get_by_role("link", name="Đặt lại mật khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt lại mật khẩu")
    page.get_by_role("button", name="Đặt lại mật khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mật khẩu một lần")
    password = page.locator("#one-time-password").inner_text()
    assert OTP.fullmatch(password), password
    shot(page, "accounts-02-one-time-password")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("bithu1")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đổi mật khẩu")
    page.get_by_label("Mật khẩu một lần (văn phòng đưa)").fill(password)
    page.get_by_label("Mật khẩu mới", exact=True).fill("ngan")
    page.get_by_label("Gõ lại mật khẩu mới").fill("ngan")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".problem.shown").first).to_contain_text("Mật khẩu quá ngắn")
    shot(page, "accounts-03-change-refused")
    page.get_by_label("Mật khẩu một lần (văn phòng đưa)").fill(password)
    page.get_by_label("Mật khẩu mới", exact=True).fill("trống đồng đông sơn 1968")
    page.get_by_label("Gõ lại mật khẩu mới").fill("trống đồng đông sơn 1968")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".messages")).to_contain_text("Đã đổi mật khẩu")
    expect(page.get_by_role("heading", level=1)).to_have_text(cells[0].name)
    context.close()


def test_office_page_queries_do_not_grow_with_accounts(login, users, org, cells):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client = login(users["office"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("office")).status_code == 200
        return len(queries)

    few = count()
    for i in range(30):
        _user(f"bithu.them{i}", Membership.SECRETARY, org, cells[i % 2])
    assert count() == few
