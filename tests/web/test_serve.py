"""`chibo serve` as a real process: limits for many users, clean stop, demo only on loopback.

Each test starts the real command (waitress, SQLite in a temporary data folder, a
free loopback port) and, for the PDF, the real LibreOffice.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

CHIBO = Path(sys.executable).with_name("chibo")
RUNNING = "chibo đang chạy tại"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, folder: Path, *args: str, host: str = "127.0.0.1"):
        self.port = _free_port()
        self.data_dir = folder / "data"
        self.tmp = folder / "tmp"  # LibreOffice's profile goes under TMPDIR: easy to find
        self.tmp.mkdir()
        self.output = folder / "serve.txt"
        # A production environment: none of the test settings' variables, and SQLite in
        # its own data folder even in the PostgreSQL run (each server here needs a fresh database).
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_", "DATABASE_URL"))}
        env["TMPDIR"] = str(self.tmp)
        command = [str(CHIBO), "serve", "--host", host, "--port", str(self.port), "--data-dir", str(self.data_dir)]
        with self.output.open("wb") as out:
            self.process = subprocess.Popen([*command, *args], stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 90
        while RUNNING not in self.text():
            assert self.process.poll() is None, self.text()
            assert time.monotonic() < deadline, self.text()
            time.sleep(0.1)
        self.base = f"http://127.0.0.1:{self.port}"

    def text(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")

    def password(self, username: str) -> str:
        return re.search(rf"^\s*{re.escape(username)}\s+(\S+)", self.text(), re.M).group(1)

    def stop(self, sig=signal.SIGTERM, timeout: float = 60) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start(tmp_path):
    servers = []

    def start(*args, **kwargs):
        folder = tmp_path / f"s{len(servers)}"
        folder.mkdir()
        server = Server(folder, *args, **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.kill()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("serve"), "--no-demo")
    yield server
    assert server.stop() == 0


# --- helpers ------------------------------------------------------------------------


def _download_pdf(server: Server) -> bytes:
    """Sign in as the demo secretary and download the demo report as PDF."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = server.base + "/dang-nhap/"
    page = opener.open(login, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "bithu.thcs", "password": server.password("bithu.thcs")}
    request = urllib.request.Request(login, data=urllib.parse.urlencode(form).encode(), headers={"Referer": login})
    home = opener.open(request, timeout=30).read().decode()
    report = re.search(r"/bao-cao/(\d+)/", home).group(1)
    with opener.open(f"{server.base}/bao-cao/{report}/tai/pdf/", timeout=180) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        return response.read()


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of live processes that contain ``text`` (zombies have none)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(f"{entry.name}: {command}")
    return found


def _libreoffice_of(server: Server) -> tuple[list[str], Path, list[Path]]:
    """The running LibreOffice of a server: processes, profile folder, pipe sockets."""
    from chibo.render.pdf import _sockets

    processes = _processes_mentioning(str(server.tmp))
    profiles = list(server.tmp.glob("chibo-libreoffice-*"))
    assert len(profiles) == 1, profiles
    office = next(p for p in processes if "soffice.bin" in p)
    pipe = re.search(r"--accept=pipe,name=(\S+?);", office).group(1)
    sockets = _sockets(profiles[0].as_uri(), pipe)
    assert Path("/tmp", f"OSL_PIPE_{os.getuid()}_{pipe}") in sockets
    return processes, profiles[0], sockets


def _wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# --- LibreOffice's life cycle ---------------------------------------------------------


def _assert_warm(server: Server):
    assert _download_pdf(server).startswith(b"%PDF")
    processes, profile, sockets = _libreoffice_of(server)
    assert any("soffice.bin" in p for p in processes)
    assert profile.is_dir() and all(s.exists() for s in sockets), sockets
    return profile, sockets


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stop_signal_closes_libreoffice_and_exits_0(start, sig):
    server = start()
    profile, sockets = _assert_warm(server)
    assert server.stop(sig) == 0, server.text()
    assert _processes_mentioning(str(server.tmp)) == []
    assert not profile.exists()
    assert [s for s in sockets if s.exists()] == []
    assert "Đã dừng chibo." in server.text()


def test_killed_server_takes_libreoffice_with_it(start):
    server = start()
    profile, sockets = _assert_warm(server)
    server.stop(signal.SIGKILL)  # no chance to clean up: the worker must notice
    assert _wait_until(lambda: not _processes_mentioning(str(server.tmp)), 15), _processes_mentioning(
        str(server.tmp)
    )
    assert _wait_until(lambda: not profile.exists() and not any(s.exists() for s in sockets), 5), (
        profile,
        [s for s in sockets if s.exists()],
    )


# --- waitress limits ----------------------------------------------------------------


def _status(sock: socket.socket) -> str:
    """The status line of the response on ``sock``, or what happened instead."""
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return "closed"
            data += chunk
    except ConnectionResetError:
        return "reset"
    return data.split(b"\r\n", 1)[0].decode()


def test_body_over_the_cap_is_refused_before_it_is_read(shared_server):
    with socket.create_connection(("127.0.0.1", shared_server.port), timeout=5) as sock:
        started = time.monotonic()
        # 100 MB announced, none sent: only a server that does not wait for it answers.
        sock.sendall(
            b"POST /dang-nhap/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 104857600\r\n\r\n"
        )
        assert " 413 " in _status(sock)
        assert time.monotonic() - started < 2


def test_chunked_body_over_the_cap_is_cut_off(shared_server):
    chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"  # 64 KB chunks
    sent = 0
    with socket.create_connection(("127.0.0.1", shared_server.port), timeout=5) as sock:
        sock.sendall(
            b"POST /dang-nhap/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            while sent < 32 * 1024 * 1024:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: what is wanted
        else:
            sock.sendall(b"0\r\n\r\n")
        status = _status(sock)
    assert " 413 " in status or status in ("closed", "reset"), status
    assert sent < 16 * 1024 * 1024  # refused at the 4 MB cap, not after the whole body


def test_three_hundred_open_connections_are_all_served(shared_server):
    # waitress's default connection_limit of 100 leaves connection 101 waiting
    # until an idle keep-alive connection times out (minutes).
    socks = [socket.create_connection(("127.0.0.1", shared_server.port), timeout=30) for _ in range(300)]
    try:
        for sock in socks:
            sock.sendall(b"GET /dang-nhap/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        deadline = time.monotonic() + 60
        statuses = []
        for sock in socks:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                statuses.append(_status(sock))
            except TimeoutError:
                statuses.append("timeout")
        assert statuses.count("HTTP/1.1 200 OK") == 300, sorted(set(statuses))
    finally:
        for sock in socks:
            sock.close()


# --- the demo -----------------------------------------------------------------------


def _usernames(server: Server) -> list[str]:
    with sqlite3.connect(server.data_dir / "chibo.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT username FROM auth_user")]


def test_no_demo_on_a_public_address(start):
    server = start(host="0.0.0.0")
    text = server.text()
    assert "Đã tạo đảng bộ mẫu" not in text
    assert "thêm --demo" in text and "chibo manage createsuperuser" in text
    assert server.stop() == 0
    assert _usernames(server) == []


def test_demo_on_a_public_address_when_asked(start):
    server = start("--demo", host="0.0.0.0")
    assert "Đã tạo đảng bộ mẫu" in server.text()
    assert server.stop() == 0
    assert "bithu.thcs" in _usernames(server)


def test_demo_on_loopback_by_default(start):
    server = start()
    assert "Đã tạo đảng bộ mẫu" in server.text() and server.password("vanphong")
    assert server.stop() == 0
