"""Backup and restore of the web app's database: SQLite's online backup API, or pg_dump.

A backup is one file: a SQLite database, or a pg_dump custom-format archive. It holds
password hashes and sessions, so it is written readable by its owner only, beside its
target and renamed into place (a failed backup leaves no half file). Restoring replaces
the whole database; it is refused when the database already holds data unless forced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from chibo.files import os_reason

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"  # pg_dump's custom format
# A database counts as holding data if any of these has a row.
DATA_TABLES = ("chibo_report", "chibo_cell", "chibo_organisation", "auth_user")


class BackupError(Exception):
    """A message for the user, in Vietnamese: nothing was changed."""


def _kind(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"chibo chỉ sao lưu được SQLite và PostgreSQL, không sao lưu được «{engine}».")


def _file_kind(path: Path) -> str | None:
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    return None


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _temporary_beside(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise BackupError(f"Không ghi được vào {target.parent}: {os_reason(exc)}.") from None
    os.close(fd)
    return Path(tmp)


def backup(settings_dict: dict, target: Path, *, force: bool = False) -> str:
    """Copy the database to ``target``; returns what was copied, for the message."""
    kind = _kind(settings_dict)
    if target.is_dir():
        raise BackupError(f"{target} là một thư mục: hãy cho -o là tên tệp, ví dụ {target / 'chibo.backup'}.")
    if target.exists() and not force:
        raise BackupError(f"Tệp {target} đã có; chibo không ghi đè. Chọn tên khác, hoặc thêm --force nếu chắc chắn.")
    tmp = _temporary_beside(target)
    try:
        if kind == "sqlite":
            _sqlite_backup(Path(settings_dict["NAME"]), tmp)
        else:
            _pg_run("pg_dump", ["--format=custom", "--file", str(tmp)], settings_dict)
        os.replace(tmp, target)
    except OSError as exc:
        raise BackupError(f"Không ghi được tệp {target}: {os_reason(exc)}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    return NAMES[kind]


def _read_only(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _sqlite_backup(database: Path, tmp: Path) -> None:
    if not database.is_file():
        raise BackupError(f"Chưa có cơ sở dữ liệu {database}: không có gì để sao lưu.")
    try:
        source = sqlite3.connect(_read_only(database), uri=True, timeout=20)
        copy = sqlite3.connect(tmp)
        try:
            source.backup(copy)  # a consistent snapshot even while the server writes
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Không đọc được cơ sở dữ liệu {database}: {exc}.") from None


def holds_data(connection) -> int:
    """Rows in the tables that matter (0 for a new, empty database)."""
    existing = set(connection.introspection.table_names())
    total = 0
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                total += cursor.fetchone()[0]
    return total


def restore(connection, source: Path, *, force: bool = False) -> str:
    """Replace the database behind a Django ``connection`` with the backup ``source``."""
    settings_dict = connection.settings_dict
    kind = _kind(settings_dict)
    if source.is_dir():
        raise BackupError(f"{source} là một thư mục, không phải tệp sao lưu.")
    if not source.is_file():
        raise BackupError(f"Không có tệp {source}.")
    try:
        found = _file_kind(source)
    except OSError as exc:
        raise BackupError(f"Không đọc được tệp {source}: {os_reason(exc)}.") from None
    if found is None:
        raise BackupError(f"Tệp {source} không phải bản sao lưu của chibo (không phải SQLite hay pg_dump).")
    if found != kind:
        made_by = " (pg_dump)" if found == "postgresql" else ""
        raise BackupError(
            f"Tệp {source} là bản sao lưu {NAMES[found]}{made_by}, còn chibo đang dùng {NAMES[kind]}: "
            "hãy khôi phục vào đúng loại cơ sở dữ liệu (đặt DATABASE_URL)."
        )
    if kind == "sqlite":
        _check_sqlite_backup(source)
    else:
        _pg_run("pg_restore", ["--list", str(source)], settings_dict, with_database=False)
    from django.db import DatabaseError

    try:
        rows = holds_data(connection)
    except DatabaseError as exc:
        raise BackupError(f"Không kết nối được cơ sở dữ liệu {settings_dict['NAME']}: {str(exc).strip()}.") from None
    finally:
        connection.close()
    if rows and not force:
        raise BackupError(
            f"Cơ sở dữ liệu {settings_dict['NAME']} đang có dữ liệu; khôi phục sẽ thay toàn bộ bằng "
            f"bản sao lưu {source}. Hãy dừng chibo serve, rồi chạy lại với --force nếu chắc chắn."
        )
    if kind == "sqlite":
        _sqlite_restore(source, Path(settings_dict["NAME"]))
    else:
        # One transaction: a failure leaves the database as it was.
        _pg_run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", str(source)],
            settings_dict,
        )
    return NAMES[kind]


def _check_sqlite_backup(source: Path) -> None:
    try:
        conn = sqlite3.connect(_read_only(source), uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Tệp {source} hỏng, không khôi phục được: {exc}.") from None
    if ok != "ok":
        raise BackupError(f"Tệp {source} hỏng, không khôi phục được: {ok}.")
    if "chibo_report" not in tables:
        raise BackupError(f"Tệp {source} là cơ sở dữ liệu SQLite nhưng không phải của chibo.")


def _sqlite_restore(source: Path, database: Path) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        backup_conn = sqlite3.connect(_read_only(source), uri=True)
        live = sqlite3.connect(database, timeout=20)
        try:
            # Page by page under SQLite's own locks: never a half-copied file, WAL kept right.
            backup_conn.backup(live)
        finally:
            live.close()
            backup_conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Không khôi phục được vào {database}: {exc}. Cơ sở dữ liệu không bị đổi.") from None


def _pg_run(program: str, args: list[str], settings_dict: dict, *, with_database: bool = True) -> None:
    found = shutil.which(program)
    if not found:
        raise BackupError(f"Không tìm thấy {program}: hãy cài gói postgresql-client (cùng phiên bản với máy chủ).")
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    command = [found]
    if with_database:
        if settings_dict.get("HOST"):
            command += ["--host", str(settings_dict["HOST"])]
        if settings_dict.get("PORT"):
            command += ["--port", str(settings_dict["PORT"])]
        if settings_dict.get("USER"):
            command += ["--username", str(settings_dict["USER"])]
        command += ["--no-password", "--dbname", str(settings_dict["NAME"])]
        if settings_dict.get("PASSWORD"):
            env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
        if options.get("sslmode"):
            env["PGSSLMODE"] = str(options["sslmode"])
    try:
        done = subprocess.run(command + args, env=env, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise BackupError(f"{program} không chạy được: {exc}.") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{program} báo lỗi: " + " ".join(detail[-3:]))
