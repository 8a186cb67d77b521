"""A real PostgreSQL server for the tests that need databases of their own.

Which server: CHIBO_TEST_POSTGRES_URL (``scripts/test`` sets it to the cluster it
starts), else the suite's own DATABASE_URL when that is PostgreSQL, else a throwaway
cluster started here with ``scripts/postgres`` and stopped at the end of the session.
Without PostgreSQL the tests fail saying how to get it; they are never skipped.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]


class PostgresServer:
    def __init__(self, url: str):
        self.url = url  # any database of the server, for CREATE/DROP DATABASE

    def database_url(self, name: str) -> str:
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))

    def connect(self, name: str | None = None, **kwargs):
        import psycopg

        return psycopg.connect(self.database_url(name) if name else self.url, **kwargs)

    def create_database(self, prefix: str = "chibo_t") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with self.connect(autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.connect(autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start() -> tuple[PostgresServer, str]:
    try:
        done = subprocess.run([str(ROOT / "scripts" / "postgres"), "start", "--fast"],
                              capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        done = None
        reason = str(exc)
    if done is None or done.returncode != 0:
        reason = done.stderr.strip() if done is not None else reason
        pytest.fail(
            "Kiểm thử này cần PostgreSQL thật và không khởi động được một cụm tạm: "
            f"{reason}\nCài PostgreSQL (./scripts/setup với CHIBO_EXTRAS=test cài gói postgresql), "
            "hoặc đặt CHIBO_TEST_POSTGRES_URL=postgres://… tới một máy chủ có quyền CREATEDB.",
            pytrace=False,
        )
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return PostgresServer(values["DATABASE_URL"]), values["CHIBO_PG_DIR"]


@pytest.fixture(scope="session")
def postgres_server():
    url = os.environ.get("CHIBO_TEST_POSTGRES_URL")
    if not url and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        url = os.environ["DATABASE_URL"]
    if url:
        yield PostgresServer(url)
        return
    server, folder = _start()
    try:
        yield server
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", folder], capture_output=True, timeout=120)
