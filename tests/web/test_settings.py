"""Settings come from the environment, with safe defaults outside debug."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def settings_value(env: dict, expression: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", f"import chibo.web.settings as s; print({expression})"],
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_secret_key_required_outside_debug():
    done = settings_value({}, "s.SECRET_KEY")
    assert done.returncode != 0
    assert "CHIBO_SECRET_KEY chưa được đặt" in done.stderr


def test_debug_runs_without_a_key():
    done = settings_value({"CHIBO_DEBUG": "1"}, "s.DEBUG, s.SESSION_COOKIE_SECURE")
    assert done.stdout.strip() == "True False"


def test_secure_cookies_and_argon2_outside_debug():
    done = settings_value(
        {"CHIBO_SECRET_KEY": "x" * 50},
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1]",
    )
    assert done.stdout.strip() == "True True Argon2PasswordHasher"


def test_database_url_and_allowed_hosts():
    done = settings_value(
        {"CHIBO_SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u:p@db.example:5432/chibo",
         "CHIBO_ALLOWED_HOSTS": "chibo.example.vn, 10.0.0.5"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.ALLOWED_HOSTS",
    )
    assert done.stdout.strip() == "django.db.backends.postgresql chibo ['chibo.example.vn', '10.0.0.5']"


def test_proxy_https_and_trusted_origins_from_the_environment():
    done = settings_value(
        {"CHIBO_SECRET_KEY": "x" * 50, "CHIBO_TRUSTED_PROXY": "127.0.0.1, 10.0.0.0/24",
         "CHIBO_CSRF_TRUSTED_ORIGINS": "https://chibo.example.vn,https://bc.example.vn",
         "CHIBO_HSTS_SECONDS": "31536000", "CHIBO_SSL_REDIRECT": "yes"},
        "s.TRUSTED_PROXIES, s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT",
    )
    assert done.stdout.strip() == (
        "['127.0.0.1', '10.0.0.0/24'] ('HTTP_X_FORWARDED_PROTO', 'https') "
        "['https://chibo.example.vn', 'https://bc.example.vn'] 31536000 True"
    )


def test_no_proxy_header_trusted_and_no_hsts_by_default():
    done = settings_value(
        {"CHIBO_SECRET_KEY": "x" * 50},
        "s.TRUSTED_PROXIES, hasattr(s, 'SECURE_PROXY_SSL_HEADER'), s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT",
    )
    assert done.stdout.strip() == "[] False [] 0 False"


def test_bad_proxy_address_is_named():
    done = settings_value({"CHIBO_SECRET_KEY": "x" * 50, "CHIBO_TRUSTED_PROXY": "proxy.local"}, "s.TRUSTED_PROXIES")
    assert done.returncode != 0 and "CHIBO_TRUSTED_PROXY: «proxy.local»" in done.stderr


CHIBO = Path(sys.executable).with_name("chibo")


def chibo_manage(env: dict, tmp_path, *args) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [str(CHIBO), "manage", *args],
        env={**clean, "CHIBO_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("value", ["false", "0", "1", "no", "True"])
def test_chibo_manage_reads_the_debug_flag_as_the_settings_do(value, tmp_path):
    done = chibo_manage({"CHIBO_DEBUG": value}, tmp_path, "check")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    debug = value.lower() in ("1", "true")
    # Outside debug the CLI keeps a key beside the database, as the settings require one.
    assert (tmp_path / "secret-key").exists() != debug


def test_chibo_manage_names_a_bad_flag(tmp_path):
    done = chibo_manage({"CHIBO_DEBUG": "maybe"}, tmp_path, "check")
    assert done.returncode != 0
    assert "CHIBO_DEBUG='maybe' không hợp lệ" in done.stderr and "Traceback" not in done.stderr


def test_log_level_is_checked():
    done = settings_value({"CHIBO_SECRET_KEY": "x" * 50, "CHIBO_LOG_LEVEL": "debug"}, "s.LOGGING['loggers']['chibo']")
    assert done.stdout.strip() == "{'level': 'DEBUG'}"
    done = settings_value({"CHIBO_SECRET_KEY": "x" * 50, "CHIBO_LOG_LEVEL": "verbose"}, "s.LOGGING")
    assert done.returncode != 0 and "CHIBO_LOG_LEVEL='verbose' không hợp lệ" in done.stderr
