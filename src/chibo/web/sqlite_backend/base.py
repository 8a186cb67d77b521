"""SQLite, with write transactions queued inside the process.

SQLite lets one writer at a time; a waiting writer polls with growing sleeps
(up to 100 ms) and keeps missing the moment the lock frees, so under load some
saves wait for hundreds of milliseconds. Taking a process-wide lock before
BEGIN IMMEDIATE makes writers queue in order instead; the database's own busy
timeout still guards against other processes (e.g. `chibo manage`).
"""

from __future__ import annotations

import threading

from django.db.backends.sqlite3 import base

_WRITE_LOCK = threading.Lock()


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_write_lock = False

    def _start_transaction_under_autocommit(self):
        _WRITE_LOCK.acquire()
        self._holds_write_lock = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _release_write_lock(self):
        if self._holds_write_lock:
            self._holds_write_lock = False
            _WRITE_LOCK.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()
