"""Django settings, all from the environment.

CHIBO_DEBUG=1           development: tracebacks, no secure cookies
CHIBO_SECRET_KEY        required unless debug
CHIBO_ALLOWED_HOSTS     comma-separated (default: localhost, 127.0.0.1)
DATABASE_URL            e.g. postgres://user:pass@host/db (default: SQLite file)
CHIBO_DATA_DIR          where the SQLite file lives (default: ./chibo-data)
CHIBO_SECURE_COOKIES    0/1 (default: on unless debug); `chibo serve` on loopback turns it off
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


DEBUG = _flag("CHIBO_DEBUG", False)
SECRET_KEY = os.environ.get("CHIBO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CHIBO_SECRET_KEY chưa được đặt. Hãy đặt một chuỗi bí mật dài, ngẫu nhiên "
            "(ví dụ: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "chibo-debug-only-not-secret"

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CHIBO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
]
DATA_DIR = Path(os.environ.get("CHIBO_DATA_DIR", "chibo-data")).resolve()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "chibo.web.apps.ChiboWebConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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
LOGIN_ATTEMPTS = int(os.environ.get("CHIBO_LOGIN_ATTEMPTS", "5"))  # per user and address
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("CHIBO_LOGIN_LOCKOUT_SECONDS", "900"))
