"""`chibo backup` and `chibo restore` on the suite's own database (SQLite, or PostgreSQL
when DATABASE_URL names one: scripts/test runs this file on both), through the real command."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, connections

from chibo.web.models import Cell, Comment, Organisation, Report, ReportVersion

pytestmark = pytest.mark.django_db(transaction=True)  # the command, another process, must see the rows

CHIBO = [sys.executable, "-c", "import sys; from chibo.cli import main; sys.argv[0] = 'chibo'; main()"]


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "", safe="") + (f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{quote(s['HOST'] or '', safe='')}:{s['PORT'] or 5432}/{s['NAME']}"


def chibo(*args, tmp_path) -> subprocess.CompletedProcess:
    connections.close_all()  # nothing of ours holds a lock while the command replaces tables
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_", "DATABASE_URL"))}
    env.update(DATABASE_URL=database_url(), CHIBO_SECRET_KEY="backup-tests-" + "k" * 40, CHIBO_DATA_DIR=str(tmp_path))
    return subprocess.run(CHIBO + list(args), env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)


def every_row() -> dict[str, list[tuple]]:
    """Each table's rows in primary-key order: the whole database, to compare."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            out[table] = [tuple(row) for row in cursor.fetchall()]
    return out


@pytest.fixture
def filled(org, cells, users, report, other_report, client):
    """Org, cells, users, reports with several versions, comments and a live session."""
    for n in (2, 3):
        data = dict(report.data, meta=dict(report.data["meta"], number=f"0{n}"))
        ReportVersion.objects.create(report=report, number=n, data=data, created_by=users["secretary"],
                                     note=f"Lưu lần {n}")
        report.data, report.version = data, n
    report.save()
    Comment.objects.create(report=report, author=users["reviewer"], text="Đề nghị bổ sung số liệu học sinh giỏi.")
    Comment.objects.create(report=report, author=users["office"], text="Đã xem, đồng ý.")
    client.force_login(users["secretary"])
    assert Session.objects.exists()
    return report


def test_round_trip_loses_nothing(filled, tmp_path):
    before = every_row()
    assert len(before["chibo_reportversion"]) == 4 and len(before["chibo_comment"]) == 2
    backup = tmp_path / "chibo.backup"
    done = chibo("backup", "-o", str(backup), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Đã sao lưu" in done.stdout and backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o077 == 0  # password hashes and sessions: owner only

    # Changes after the backup: edits, deletions, additions.
    filled.data = {"year": 2026, "meta": {"number": "99"}}
    filled.version = 4
    filled.save()
    ReportVersion.objects.filter(report=filled, number=2).delete()
    Comment.objects.filter(text__startswith="Đã xem").delete()
    get_user_model().objects.filter(username="gopy1").delete()
    Organisation.objects.create(name="Đảng bộ mới sau sao lưu")
    Cell.objects.filter(name__contains="Tiểu học").update(name="Chi bộ đổi tên")
    changed = every_row()
    assert changed != before

    refused = chibo("restore", str(backup), tmp_path=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "đang có dữ liệu" in refused.stderr and "--force" in refused.stderr
    assert every_row() == changed  # refused: nothing touched

    done = chibo("restore", str(backup), "--force", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Đã khôi phục" in done.stdout
    assert every_row() == before
    # Keys keep counting after the restored rows (PostgreSQL's sequences come back too).
    newest = Comment.objects.create(report=Report.objects.get(pk=filled.pk), text="Góp ý sau khôi phục")
    assert newest.pk > max(row[0] for row in before["chibo_comment"])


def test_restore_into_an_empty_database_needs_no_force(db, org, report, tmp_path):
    backup = tmp_path / "chibo.backup"
    assert chibo("backup", "-o", str(backup), tmp_path=tmp_path).returncode == 0
    before = every_row()
    call_command("flush", interactive=False, verbosity=0)  # as a fresh installation: tables, no accounts
    done = chibo("restore", str(backup), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert every_row() == before


def test_bad_files_and_paths_get_a_message_not_a_traceback(db, org, tmp_path):
    backup = tmp_path / "chibo.backup"
    assert chibo("backup", "-o", str(backup), tmp_path=tmp_path).returncode == 0
    (tmp_path / "notes.txt").write_text("không phải bản sao lưu", encoding="utf-8")
    other_kind = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        other_kind.write_bytes(b"PGDMP" + b"\0" * 100)
        other_name = "PostgreSQL"
    else:
        sqlite3.connect(other_kind).execute("CREATE TABLE chibo_report (id INTEGER)").connection.close()
        other_name = "SQLite"
    not_chibo = tmp_path / "khac.sqlite3"
    sqlite3.connect(not_chibo).execute("CREATE TABLE t (x)").connection.close()
    cases = [
        (["backup", "-o", str(backup)], "đã có"),  # never overwritten silently
        (["backup", "-o", str(tmp_path / "notes.txt" / "x.backup")], "Không ghi được"),
        (["backup", "-o", str(tmp_path)], "thư mục"),
        (["restore", str(tmp_path / "khong-co.backup")], "Không có tệp"),
        (["restore", str(tmp_path / "notes.txt")], "không phải bản sao lưu của chibo"),
        (["restore", str(other_kind), "--force"], f"bản sao lưu {other_name}"),
    ]
    if connection.vendor == "sqlite":
        cases.append((["restore", str(not_chibo), "--force"], "không phải của chibo"))
    before = every_row()
    for args, message in cases:
        done = chibo(*args, tmp_path=tmp_path)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert every_row() == before


def test_the_suite_runs_on_the_database_named_by_DATABASE_URL(db):
    # scripts/test's PostgreSQL run would prove nothing if the settings fell back to SQLite.
    wanted = "postgresql" if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == wanted
