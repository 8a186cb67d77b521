"""Settings come from the environment, with safe defaults outside debug."""

from __future__ import annotations

import os
import subprocess
import sys


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
