"""Converts DOCX to PDF inside a running LibreOffice, over UNO.

Run by ``chibo.pdf`` with the Python that has LibreOffice's ``uno`` module
(on Debian: /usr/bin/python3 with python3-uno), never imported by chibo itself:
it uses only the standard library and ``uno``.

    uno_worker.py CONNECTION START_TIMEOUT [OFFICE_PGID PROFILE_DIR PIPE_SOCKET...]

Protocol on stdin/stdout, one JSON object a line:
  -> {"ready": true}                        once connected
  <- {"source": "/a.docx", "target": "/a.pdf"}
  -> {"ok": true} | {"error": "..."}

The parent stops the worker with SIGKILL and closes LibreOffice itself. If the
parent dies instead (SIGKILL, a crash; its stdin then ends, its pid changes),
the worker closes LibreOffice, removes its pipe sockets and profile folder, and
exits, so nothing is left running.
"""

import json
import os
import shutil
import signal
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

GRACE = 3.0  # seconds LibreOffice gets to close after SIGTERM


def _prop(name, value):
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def connect(connection, timeout):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(f"uno:{connection};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop, source, target):
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source),
        "_blank",
        0,
        (_prop("Hidden", True), _prop("ReadOnly", True), _prop("UpdateDocMode", 0)),
    )
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {source}")
    try:
        document.storeToURL(
            uno.systemPathToFileUrl(target),
            (_prop("FilterName", "writer_pdf_Export"),),
        )
    finally:
        document.close(True)


def _reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _group_alive(pgid):
    """Whether a live (not zombie) process is left in the group."""
    try:
        names = os.listdir("/proc")
    except OSError:  # no /proc: ask the kernel, zombies included
        try:
            os.killpg(pgid, 0)
            return True
        except OSError:
            return False
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != b"Z" and int(fields[2]) == pgid:
            return True
    return False


class Orphan:
    """Ends LibreOffice and its files once, when the parent is gone."""

    def __init__(self, office_pgid, profile_dir, sockets):
        self.office_pgid = office_pgid
        self.profile_dir = profile_dir
        self.sockets = sockets
        self.parent = os.getppid()
        self.lock = threading.Lock()

    def watch(self):
        while os.getppid() == self.parent:
            time.sleep(0.5)
        self.clean_up_and_exit()

    def clean_up_and_exit(self):
        with self.lock:  # a second caller waits here until the process exits
            pgid = self.office_pgid
            if pgid > 1 and pgid != os.getpgrp():
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    try:
                        os.killpg(pgid, sig)
                    except OSError:
                        break
                    deadline = time.monotonic() + GRACE
                    while _group_alive(pgid) and time.monotonic() < deadline:
                        time.sleep(0.1)
                    if not _group_alive(pgid):
                        break
            for path in self.sockets:
                try:
                    os.unlink(path)
                except OSError:
                    pass
            if self.profile_dir:
                shutil.rmtree(self.profile_dir, ignore_errors=True)
            os._exit(0)


def serve(connection, timeout):
    desktop = connect(connection, timeout)
    _reply({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            convert(desktop, request["source"], request["target"])
        except Exception as exc:  # reported to the parent, which decides
            _reply({"error": f"{type(exc).__name__}: {exc}"})
        else:
            _reply({"ok": True})


def main():
    connection, timeout = sys.argv[1], float(sys.argv[2])
    orphan = Orphan(int(sys.argv[3]), sys.argv[4], sys.argv[5:]) if len(sys.argv) > 4 else None
    if orphan is None:
        serve(connection, timeout)
        return
    threading.Thread(target=orphan.watch, daemon=True).start()
    try:
        serve(connection, timeout)
    finally:
        # stdin ended, a reply found no reader, or LibreOffice never answered:
        # whoever started us is gone or gives up, so nothing may stay behind.
        orphan.clean_up_and_exit()


if __name__ == "__main__":
    main()
