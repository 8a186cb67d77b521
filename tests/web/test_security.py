"""An attacker's view of the web app: sign-in throttling, redirects, office forms, headers, logs."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from chibo.web.models import Cell, Comment, Organisation

PASSWORD = "mat-khau-thu-nghiem-2026"  # as in conftest.py
LOGIN = "/dang-nhap/"
ADMIN_LOGIN = "/quan-tri/login/"

pytestmark = pytest.mark.django_db


def fail(client, username="gopy1", url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": "sai-mat-khau"}, **extra)


def sign_in(client, username="gopy1", url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": PASSWORD}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def three(settings):
    settings.LOGIN_ATTEMPTS = 3


# --- the limiter's key --------------------------------------------------------------


def test_full_width_or_upper_case_name_does_not_bypass_a_lockout(client, users, three):
    # Django signs `ｇopy1` in as gopy1 (NFKC): all spellings count against one key.
    assert fail(client, "gopy1").status_code == 200
    assert fail(client, "GOPY1").status_code == 200
    assert fail(client, "ｇopy1").status_code == 429
    for name in ("ｇopy1", "gopy1", "Gopy1"):
        response = sign_in(client, name)
        assert response.status_code == 429, name
        assert not signed_in(client)


def test_junk_failures_do_not_evict_the_victims_counter(client, users, three):
    for _ in range(3):
        fail(client, "gopy1")
    # 320 cheap junk failures (no password: refused before any hash) and a few real ones.
    for i in range(320):
        client.post(LOGIN, {"username": f"rac{i}", "password": ""})
    for i in range(3):
        fail(client, f"khong-co-{i}")
    assert sign_in(client, "gopy1").status_code == 429
    assert not signed_in(client)


def test_the_counter_is_in_the_database_not_a_cache(client, users, three, settings):
    # What every app process sees: with no cache at all the lockout still holds.
    from axes.models import AccessAttempt

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for _ in range(3):
        fail(client, "gopy1")
    assert AccessAttempt.objects.get(username="gopy1", ip_address="127.0.0.1").failures_since_start == 3
    assert sign_in(client, "gopy1").status_code == 429


def test_hammering_a_locked_pair_writes_nothing(client, users, three):
    from axes.models import AccessAttempt

    for _ in range(3):
        fail(client)
    before = AccessAttempt.objects.get()
    for _ in range(50):
        assert fail(client).status_code == 429
    after = AccessAttempt.objects.get()
    assert (after.failures_since_start, after.attempt_time, len(after.post_data)) == (
        3, before.attempt_time, len(before.post_data))


def test_admin_sign_in_is_limited_with_the_same_counter(client, users, three):
    get_user_model().objects.create_superuser("quantri", password=PASSWORD)
    assert fail(client, "quantri", LOGIN).status_code == 200
    assert fail(client, "quantri", ADMIN_LOGIN).status_code == 200
    assert fail(client, "quantri", ADMIN_LOGIN).status_code == 429
    response = sign_in(client, "quantri", ADMIN_LOGIN)
    assert response.status_code == 429
    assert not signed_in(client)


def test_lockout_page_is_the_sign_in_page_in_vietnamese(client, users, settings):
    settings.LOGIN_ATTEMPTS = 2
    fail(client)
    response = fail(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="vi">' in page and "<h1>Đăng nhập</h1>" in page and "app.css" in page
    assert "Đăng nhập sai quá 2 lần" in page and "thử lại sau 15 phút" in page
    assert 'value="gopy1"' in page  # the form is there, ready for later


def test_sign_in_works_again_after_the_cool_off(client, users, three):
    from axes.models import AccessAttempt

    for _ in range(3):
        fail(client)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time.replace(year=2000))
    assert sign_in(client).status_code == 302


# --- no lockout of the real user ------------------------------------------------------


def test_real_user_on_a_known_browser_is_not_locked_out_by_an_attacker(users, three):
    victim, attacker = Client(), Client()  # one school, one address (127.0.0.1)
    assert sign_in(victim).status_code == 302  # yesterday, on her own browser
    victim.post(reverse("logout"))
    for _ in range(3):
        fail(attacker)
    assert sign_in(attacker).status_code == 429  # the attacker's (address, user) is locked
    assert sign_in(victim).status_code == 302 and signed_in(victim)


def test_a_known_browser_has_its_own_bounded_attempts(users, three):
    victim = Client()
    sign_in(victim)
    victim.post(reverse("logout"))
    assert fail(victim).status_code == 200
    assert fail(victim).status_code == 200
    assert fail(victim).status_code == 429
    assert sign_in(victim).status_code == 429
    assert not signed_in(victim)


def test_the_device_cookie_is_for_its_user_and_cannot_be_forged(users, three):
    attacker = Client()
    assert sign_in(attacker, "bithu2").status_code == 302  # her own account: a cookie for bithu2
    attacker.post(reverse("logout"))
    for _ in range(3):
        fail(attacker, "gopy1")
    assert sign_in(attacker, "gopy1").status_code == 429
    cookie = attacker.cookies["chibo_device"].value
    attacker.cookies["chibo_device"] = cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB")
    assert sign_in(attacker, "gopy1").status_code == 429


# --- the client address ---------------------------------------------------------------


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, users, three):
    for i in range(3):
        fail(client, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.77").status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_counter(client, users, three, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(3):
        fail(client, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # Another school behind the same proxy is not locked out; a client's own claim
    # (left of what the proxy appended) changes nothing.
    assert sign_in(Client(), HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    assert sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.1").status_code == 429
    # Someone reaching the app directly, not through the proxy, is not believed.
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        fail(outsider, HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert sign_in(outsider, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 429


def test_post_through_a_tls_proxy_passes_the_csrf_check(users, settings):
    # What settings.py sets when CHIBO_TRUSTED_PROXY is given (test_settings.py checks that).
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["chibo.example.vn"]
    browser = Client(enforce_csrf_checks=True)
    proxy = {"HTTP_HOST": "chibo.example.vn", "HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    browser.get(LOGIN, **proxy)
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        LOGIN, {"username": "gopy1", "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://chibo.example.vn", HTTP_REFERER="https://chibo.example.vn/dang-nhap/", **proxy,
    )
    assert response.status_code == 302


# --- the comment form's `next` --------------------------------------------------------


@pytest.mark.parametrize("target", ["https://evil.example/dang-nhap/", "//evil.example/", "javascript:alert(1)",
                                    "http://testserver.evil.example/", "\\\\evil.example"])
def test_comment_next_stays_on_this_site(login, report, users, target):
    client = login(users["reviewer"])
    response = client.post(reverse("report_comment", args=[report.pk]), {"text": "Góp ý", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("report_step", args=[report.pk, "chung"])
    assert Comment.objects.filter(report=report).count() == 1


def test_comment_next_on_this_site_is_followed(login, report, users):
    client = login(users["reviewer"])
    here = reverse("report_step", args=[report.pk, "xem-truoc"])
    response = client.post(reverse("report_comment", args=[report.pk]), {"text": "Góp ý", "next": here})
    assert response["Location"] == here


@pytest.mark.parametrize(
    "text, message",
    [
        ("Góp\x00ý", "không in được"),  # PostgreSQL cannot store NUL: a 500 there before
        ("x" * 5001, "5.000 ký tự"),  # was cut to 5,000 without a word
        ("   ", "để trống"),
    ],
)
def test_comment_text_refused_with_a_message_and_nothing_saved(login, report, users, text, message):
    client = login(users["reviewer"])
    response = client.post(reverse("report_comment", args=[report.pk]), {"text": text}, follow=True)
    assert response.status_code == 200
    assert message in " ".join(str(m) for m in response.context["messages"])
    assert not Comment.objects.filter(report=report).exists()


# --- office forms -----------------------------------------------------------------------


def test_duplicate_cell_name_is_a_form_error(login, users, cells):
    client = login(users["office"])
    for name in (cells[0].name, f"  {cells[0].name.upper()} "):
        response = client.post(reverse("office"), {"form": "cell", "name": name, "school_level": "thcs"})
        assert response.status_code == 200, name
        assert "Đảng bộ đã có một chi bộ tên này" in response.content.decode()
    assert Cell.objects.filter(organisation=cells[0].organisation).count() == 2
    # The same name in another đảng bộ is fine: the rule is per đảng bộ.
    elsewhere = Organisation.objects.exclude(pk=cells[0].organisation_id).get()
    other = Cell.objects.create(organisation=elsewhere, name="Chi bộ Trường A", school_level="thcs")
    response = client.post(reverse("office"), {"form": "cell", "name": other.name, "school_level": "thcs"})
    assert response.status_code == 302


def new_user(client, cells, username):
    return client.post(reverse("office"), {
        "form": "user", "username": username, "full_name": "Nguyễn Thị B", "role": "reviewer",
        "cell": cells[0].pk, "password": "mot-mat-khau-dai-2026",
    })


@pytest.mark.parametrize("username", ["ｇopy1", "ＧOPY1", "GOPY1"])
def test_username_that_normalizes_to_an_existing_one_is_refused(login, users, cells, username):
    client = login(users["office"])
    response = new_user(client, cells, username)
    assert response.status_code == 200
    assert "Tên đăng nhập này đã có người dùng" in response.content.decode()
    assert get_user_model().objects.count() == 4


@pytest.mark.parametrize("username", ["u<script>x</script>", "nguyen van a", "a@b", "tên+1", "a/b"])
def test_username_with_other_characters_is_refused(login, users, cells, username):
    client = login(users["office"])
    response = new_user(client, cells, username)
    assert response.status_code == 200
    assert "chỉ gồm chữ cái, chữ số" in response.content.decode()
    assert not get_user_model().objects.filter(username=username).exists()


def test_username_with_vietnamese_letters_dots_and_dashes_is_accepted(login, users, cells):
    client = login(users["office"])
    assert new_user(client, cells, "bí.thư-2026_thcs").status_code == 302
    assert Client().post(LOGIN, {"username": "bí.thư-2026_thcs", "password": "mot-mat-khau-dai-2026"}).status_code == 302


# --- headers and logs --------------------------------------------------------------------


def test_csp_and_request_id_headers(login, report, users):
    client = login(users["secretary"])
    for url in (LOGIN, reverse("home"), reverse("report_step", args=[report.pk, "chung"])):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        script = re.search(r"script-src ([^;]*)", policy).group(1)
        assert script.strip() == "'self'", url
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    # The preview's own <style> carries this response's nonce.
    response = client.get(reverse("report_step", args=[report.pk, "xem-truoc"]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()
    assert Client().get(LOGIN)["X-Request-ID"] != Client().get(LOGIN)["X-Request-ID"]


def test_request_id_from_a_trusted_proxy_only_and_well_formed(client, settings):
    assert client.get(LOGIN, HTTP_X_REQUEST_ID="abcdef0123456789")["X-Request-ID"] != "abcdef0123456789"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.get(LOGIN, HTTP_X_REQUEST_ID="abcdef0123456789")["X-Request-ID"] == "abcdef0123456789"
    forged = client.get(LOGIN, HTTP_X_REQUEST_ID="x\n2026 ERROR fake line")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


def boom(request):
    raise RuntimeError("hỏng")


def busy(request):
    return HttpResponse("bận", status=503)


urlpatterns = [path("boom/", boom), path("busy/", busy), path("", include("chibo.web.urls"))]


@pytest.fixture
def log_lines():
    """The lines the configured console handler would write (its format and filter)."""
    from chibo.web.middleware import RequestIdFilter

    console = next(h for h in logging.getLogger().handlers if any(isinstance(f, RequestIdFilter) for f in h.filters))
    stream = io.StringIO()
    probe = logging.StreamHandler(stream)
    probe.setFormatter(console.formatter)
    for f in console.filters:
        probe.addFilter(f)
    logging.getLogger().addHandler(probe)
    yield lambda: stream.getvalue().splitlines()
    logging.getLogger().removeHandler(probe)


def test_each_5xx_is_logged_with_its_request_id(settings, log_lines):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    crashed = client.get("/boom/")
    refused = client.get("/busy/")  # a 503 returned, not raised: Django logs it after the middleware
    assert crashed.status_code == 500 and refused.status_code == 503
    lines = log_lines()
    assert any("ERROR django.request" in line and f"[{crashed['X-Request-ID']}]" in line and "/boom/" in line for line in lines)
    assert any("django.request" in line and f"[{refused['X-Request-ID']}]" in line and "/busy/" in line for line in lines)


def test_each_lockout_is_logged(client, users, settings, log_lines):
    settings.LOGIN_ATTEMPTS = 2
    fail(client)
    locked = fail(client)
    line = next(line for line in log_lines() if "Locking out" in line)
    assert line.split()[2] == "WARNING" and "gopy1" in line and "127.0.0.1" in line
    assert f"[{locked['X-Request-ID']}]" in line


def test_chibo_loggers_emit_info():
    for name in ("chibo.pdf", "chibo.web"):
        assert logging.getLogger(name).isEnabledFor(logging.INFO), name


# --- every page works under the policy, in a real browser --------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(live_server, report, users):
    from playwright.sync_api import expect, sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread
    get_user_model().objects.create_superuser("quantri", password=PASSWORD)
    assert Path(CHROMIUM).exists(), "chromium is installed by scripts/setup (Debian package chromium)"
    violations = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for username, urls in [
            ("bithu1", ["/", f"/bao-cao/{report.pk}/buoc/chung/", f"/bao-cao/{report.pk}/buoc/xem-truoc/",
                        f"/bao-cao/{report.pk}/phien-ban/", f"/bao-cao/{report.pk}/phien-ban/1/"]),
            ("vanphong", ["/van-phong/"]),
            ("quantri", ["/quan-tri/", "/quan-tri/chibo/report/", f"/quan-tri/chibo/report/{report.pk}/change/"]),
        ]:
            context = browser.new_context()
            page = context.new_page()
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                                 "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))")
            page.goto(f"{live_server.url}{'/quan-tri/login/' if username == 'quantri' else LOGIN}")
            page.locator("input[name=username]").fill(username)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("[type=submit]").click()
            page.wait_for_load_state()
            for url in urls:
                response = page.goto(f"{live_server.url}{url}")
                assert response.status == 200, url
                if url.endswith("/xem-truoc/"):  # the profile's CSS (nonce) is applied
                    font = page.locator(".chibo-page").evaluate("e => getComputedStyle(e).fontFamily")
                    assert "Liberation Serif" in font or "Times" in font, font
                if url.endswith("/chung/"):  # the editor's script runs: autosave, and Enter does not submit
                    field = page.locator('[data-path="meta.place"]')
                    field.fill("Xã Đông Thành")
                    field.press("Enter")
                    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc", timeout=15_000)
                    assert page.url == f"{live_server.url}{url}"
            context.close()
        browser.close()
    assert violations == []
