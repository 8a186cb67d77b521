"""Django settings, all from the environment.

CHIBO_DEBUG=1           development: tracebacks, no secure cookies
CHIBO_SECRET_KEY        required unless debug
CHIBO_ALLOWED_HOSTS     comma-separated (default: localhost, 127.0.0.1)
DATABASE_URL            e.g. postgres://user:pass@host/db (default: SQLite file)
CHIBO_DATA_DIR          where the SQLite file lives (default: ./chibo-data)
CHIBO_SECURE_COOKIES    0/1 (default: on unless debug); `chibo serve` on loopback turns it off
CHIBO_TRUSTED_PROXY     comma-separated addresses or networks of the reverse proxies in front
                        (e.g. 127.0.0.1 or 10.0.0.0/24). Only a request arriving from one of
                        them has its X-Forwarded-For read (the client is the nearest address
                        in it that is not a trusted proxy), its X-Request-ID kept, and
                        X-Forwarded-Proto: https taken as https (SECURE_PROXY_SSL_HEADER; the
                        proxy must set that header itself). Unset: REMOTE_ADDR only.
CHIBO_CSRF_TRUSTED_ORIGINS  comma-separated, e.g. https://chibo.example.vn (a TLS proxy's origin)
CHIBO_HSTS_SECONDS      Strict-Transport-Security max-age (default 0: none); only behind https
CHIBO_SSL_REDIRECT      0/1 redirect http to https (default 0; behind a proxy set CHIBO_TRUSTED_PROXY)
CHIBO_LOGIN_ATTEMPTS    failed sign-ins per (address, username) before a lockout (default 5)
CHIBO_LOGIN_LOCKOUT_SECONDS  how long it lasts after the last failure (default 900);
                        `chibo manage axes_reset_username NAME` lifts it early
CHIBO_LOG_LEVEL         level of chibo's own log lines (default INFO); all go to stderr
Flags (0/1, true/false, yes/no, on/off) are read by chibo.web.env, as in the CLI.
"""

from __future__ import annotations

import os
from pathlib import Path

import ipaddress

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from chibo.web import env

_flag = env.flag

DEBUG = _flag("CHIBO_DEBUG", False)
SECRET_KEY = os.environ.get("CHIBO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CHIBO_SECRET_KEY chưa được đặt. Hãy đặt một chuỗi bí mật dài, ngẫu nhiên "
            "(ví dụ: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "chibo-debug-only-not-secret"

ALLOWED_HOSTS = env.items("CHIBO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
DATA_DIR = Path(os.environ.get("CHIBO_DATA_DIR", "chibo-data")).resolve()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "chibo.web.apps.ChiboWebConfig",
]
MIDDLEWARE = [
    "chibo.web.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chibo.web.errors.PlainErrorsMiddleware",  # a view's plain-text refusal shown as the site's error page
    "chibo.web.passwords.ChangeRequiredMiddleware",  # a reset password is changed before anything else
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into throttle.lockout_response
]
ROOT_URLCONF = "chibo.web.urls"
WSGI_APPLICATION = "chibo.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

_sqlite = f"sqlite:///{DATA_DIR / 'chibo.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at the
    # start of a transaction, so concurrent saves queue instead of failing.
    DATABASES["default"]["ENGINE"] = "chibo.web.sqlite_backend"  # writers queue in-process
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # The server's threads live long: keep their connections (opening one costs ~10 ms).
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's checks with Vietnamese messages that name the fix (passwords.py says why).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "chibo.web.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "chibo.web.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "chibo.web.passwords.CommonPasswordValidator"},
    {"NAME": "chibo.web.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
if os.environ.get("CHIBO_STATIC_ROOT"):  # for collectstatic behind another web server
    STATIC_ROOT = os.environ["CHIBO_STATIC_ROOT"]
WHITENOISE_USE_FINDERS = True  # serve the app's static files without collectstatic

SECURE = _flag("CHIBO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
# Bodies over this are refused before being read (the editor's saves are far smaller; save.py caps fields).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000_000
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- behind a reverse proxy, https ------------------------------------------------
TRUSTED_PROXIES = env.items("CHIBO_TRUSTED_PROXY")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"CHIBO_TRUSTED_PROXY: «{_proxy}» không phải địa chỉ IP hay dải mạng (ví dụ 127.0.0.1, 10.0.0.0/24)."
        ) from None
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.items("CHIBO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "chibo.web.errors.csrf_failure"  # Vietnamese page; JSON for app.js
SECURE_HSTS_SECONDS = env.number("CHIBO_HSTS_SECONDS", 0)
SECURE_SSL_REDIRECT = _flag("CHIBO_SSL_REDIRECT", False)

# --- content security policy (django-csp) -------------------------------------------
# Scripts only from our own files (the editor's state is a JSON data block, which is not
# executed); <style> elements need the page's nonce (the preview's profile CSS). Style
# attributes stay allowed: the preview sets column and figure widths that way, and a
# style attribute cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- sign-in throttling: django-axes, database handler (see throttle.py) -------------
LOGIN_ATTEMPTS = env.number("CHIBO_LOGIN_ATTEMPTS", 5, minimum=1)  # per (address, username)
LOGIN_LOCKOUT_SECONDS = env.number("CHIBO_LOGIN_LOCKOUT_SECONDS", 900, minimum=1)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked pair before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # shared by every app process
AXES_FAILURE_LIMIT = "chibo.web.throttle.failure_limit"  # LOGIN_ATTEMPTS, read per request
AXES_COOLOFF_TIME = "chibo.web.throttle.cool_off"  # LOGIN_LOCKOUT_SECONDS
AXES_LOCKOUT_PARAMETERS = "chibo.web.throttle.lockout_parameters"
AXES_USERNAME_CALLABLE = "chibo.web.throttle.username_key"
AXES_CLIENT_IP_CALLABLE = "chibo.web.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "chibo.web.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts on a locked pair are refused without a write: hammering it neither grows its
# database row (axes appends each request's data) nor extends the lockout for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = []  # log lines name the username and address (never the password)

# --- logging: one line per event on stderr, with the request id -----------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "chibo.web.middleware.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "line"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's own config sends these to a debug-only console and to mail_admins;
        # here they reach the root handler instead (5xx at ERROR, 4xx at WARNING).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # chibo.pdf (each conversion), chibo.web (each refused save), ...
        "chibo": {"level": env.choice("CHIBO_LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])},
        "axes": {"level": "WARNING"},  # each failure and each lockout
        # A scanner's bad Host header is answered 400 without a line (else an ERROR with a
        # traceback each time); Django's docs suggest silencing it so.
        "django.security.DisallowedHost": {"level": "CRITICAL"},
    },
}
