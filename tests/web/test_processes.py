"""Two `chibo serve` processes on one database: what one process does holds on the other.

Each server is a real process (waitress, as in production) with the same secret key
and DATABASE_URL; the test talks plain HTTP to both. On PostgreSQL (a database made
for the test on a real server, see postgres_cluster.py), and on SQLite with both
processes sharing one file.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from postgres_cluster import postgres_server  # noqa: F401 -- fixture

HOST = "127.0.0.1"
PASSWORD = "mat-khau-hai-tien-trinh-2026"
ATTEMPTS = 3
CHIBO = [sys.executable, "-c", "import sys; from chibo.cli import main; sys.argv[0] = 'chibo'; main()"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATE = re.compile(r'<script id="chibo-state" type="application/json">(.*?)</script>', re.DOTALL)
# Text fields of the editor, one per concurrent writer.
FIELDS = [
    "meta.number", "meta.place", "meta.signer_name", "meta.party_committee",
    "targets.collective.cell", "targets.collective.trade_union",
    "targets.collective.youth_union", "targets.collective.pioneers",
]

SETUP = """
import json
from django.contrib.auth import get_user_model
from chibo.web.models import Cell, Membership, Organisation, Report, ReportVersion
org = Organisation.objects.create(name="Đảng bộ xã Hai Tiến Trình")
cell = Cell.objects.create(organisation=org, name="Chi bộ Trường THCS Hai Tiến Trình", school_level="thcs")
out = {}
for username in ("bithu.hai", "bithu.khoa"):
    user = get_user_model().objects.create_user(username=username, password=%(password)r)
    Membership.objects.create(user=user, organisation=org, cell=cell, role=Membership.SECRETARY)
for year in (2026, 2025):
    data = {"year": year, "meta": {"cell_name": cell.name, "school_level": "thcs"}}
    report = Report.objects.create(cell=cell, year=year, data=data, version=1)
    ReportVersion.objects.create(report=report, number=1, data=data)
    out[year] = report.pk
print("REPORTS=" + json.dumps(out))
""" % {"password": PASSWORD}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Servers:
    def __init__(self, backend, env, ports, reports, query):
        self.backend, self.env, self.ports, self.reports, self.query = backend, env, ports, reports, query


def _wait_ready(proc, port: int, log) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/dang-nhap/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"chibo serve on port {port} did not start:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # waitress stops on KeyboardInterrupt
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# PostgreSQL always (a server of its own when the suite runs on SQLite); SQLite too, except
# in scripts/test's PostgreSQL run of the web suite, which would only repeat it.
BACKENDS = ["postgresql"] + ([] if os.environ.get("DATABASE_URL", "").startswith("postgres") else ["sqlite"])


@pytest.fixture(scope="module", params=BACKENDS)
def servers(request, tmp_path_factory):
    backend = request.param
    folder = tmp_path_factory.mktemp(f"two-processes-{backend}")
    if backend == "postgresql":
        pg = request.getfixturevalue("postgres_server")
        name = pg.create_database()
        url = pg.database_url(name)

        def query(sql, *params):
            with pg.connect(name) as conn:
                return conn.execute(sql.replace("?", "%s"), params).fetchall()
    else:
        pg = name = None
        url = f"sqlite:///{folder / 'shared.sqlite3'}"

        def query(sql, *params):
            conn = sqlite3.connect(folder / "shared.sqlite3")
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_", "DATABASE_URL"))}
    env.update(DATABASE_URL=url, CHIBO_SECRET_KEY="two-processes-one-secret-key-" + "x" * 30,
               CHIBO_DATA_DIR=str(folder), CHIBO_LOGIN_ATTEMPTS=str(ATTEMPTS), PYTHONUNBUFFERED="1")
    # Migrate and add the data once, before the servers (two migrations at once would clash).
    for args in (["manage", "migrate", "--verbosity", "0"], ["manage", "shell", "--no-imports", "-c", SETUP]):
        done = subprocess.run(CHIBO + args, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    reports = {int(k): v for k, v in json.loads(done.stdout.split("REPORTS=", 1)[1]).items()}

    procs, ports = [], []
    try:
        for i in range(2):
            port = _free_port()
            log = folder / f"server-{i}.log"
            with open(log, "wb") as out:
                procs.append(subprocess.Popen(
                    CHIBO + ["serve", "--host", HOST, "--port", str(port), "--no-demo"],
                    env=env, stdout=out, stderr=subprocess.STDOUT,
                ))
            ports.append(port)
        for proc, port, i in zip(procs, ports, range(2)):
            _wait_ready(proc, port, folder / f"server-{i}.log")
        yield Servers(backend, env, ports, reports, query)
    finally:
        for proc in procs:
            _stop(proc)
        if pg is not None:
            pg.drop_database(name)


class Client:
    """Cookies shared across both servers (one host, as a browser behind a proxy sees them)."""

    def __init__(self, cookies: dict | None = None):
        self.cookies = dict(cookies or {})

    def request(self, port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return response.status, response.headers, data.decode("utf-8", errors="replace")

    def log_in(self, port: int, username: str, password: str) -> int:
        status, _, html = self.request(port, "GET", "/dang-nhap/")
        assert status == 200, status
        form = urlencode({"csrfmiddlewaretoken": TOKEN.search(html).group(1), "username": username,
                          "password": password}).encode()
        status, _, _ = self.request(port, "POST", "/dang-nhap/", form,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        return status

    def editor(self, port: int, report: int) -> tuple[str, int]:
        """The CSRF token of the report's editor page, and the version it shows."""
        status, _, html = self.request(port, "GET", f"/bao-cao/{report}/buoc/chung/")
        assert status == 200, status
        return TOKEN.search(html).group(1), int(json.loads(STATE.search(html).group(1))["version"])

    def save(self, port: int, report: int, token: str, base: int, changes: dict) -> tuple[int, dict]:
        body = json.dumps({"base_version": base, "changes": changes, "force": False}).encode()
        status, _, text = self.request(port, "POST", f"/bao-cao/{report}/luu/", body, {
            "Content-Type": "application/json", "X-CSRFToken": token,
            "Referer": f"http://{HOST}:{port}/bao-cao/{report}/buoc/chung/",
        })
        return status, json.loads(text) if text.startswith("{") else {"body": text[:300]}


def _signed_in(servers) -> Client:
    client = Client()
    assert client.log_in(servers.ports[0], "bithu.hai", PASSWORD) == 302
    return client


def test_a_session_made_on_one_process_is_valid_on_the_other(servers):
    a, b = servers.ports
    client = _signed_in(servers)
    status, headers, _ = client.request(b, "GET", "/")
    assert status == 200, headers.get("Location")
    token, version = client.editor(b, servers.reports[2026])
    assert version >= 1
    # Signing out on B ends the session on A too: it lives in the shared database.
    signed_in = dict(client.cookies)
    status, _, _ = client.request(b, "POST", "/dang-xuat/", urlencode({"csrfmiddlewaretoken": token}).encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302
    status, headers, _ = Client(signed_in).request(a, "GET", "/")
    assert status == 302 and "/dang-nhap/" in headers["Location"]


def test_sign_in_failures_count_across_processes(servers):
    a, b = servers.ports
    attacker = Client()
    for i in range(ATTEMPTS):
        status = attacker.log_in((a, b)[i % 2], "bithu.khoa", f"sai-mat-khau-{i}")
        assert status in (200, 429), status
    for port in (b, a):
        assert Client().log_in(port, "bithu.khoa", PASSWORD) == 429, (
            f"after {ATTEMPTS} failures spread over two processes, the right password on port {port} "
            "must be refused until the lockout ends"
        )


def test_revisions_stay_gapless_and_unique_under_concurrent_saves_to_both(servers):
    report = servers.reports[2026]
    client = _signed_in(servers)
    token, start = client.editor(servers.ports[0], report)
    saves_each = 6
    acked: list[int] = []
    last: dict[str, str] = {}
    failures: list[str] = []
    ready = threading.Barrier(len(FIELDS))

    def writer(i: int, path: str) -> None:
        own = Client(client.cookies)
        base = start
        ready.wait()
        for j in range(saves_each):
            port = servers.ports[(i + j) % 2]
            value = f"Giá trị {j} của người {i}"
            status, answer = own.save(port, report, token, base, {path: value})
            if status != 200:
                failures.append(f"{path} save {j} on port {port}: HTTP {status} {answer}")
                return
            base = answer["version"]
            acked.append(base)
            last[path] = value

    threads = [threading.Thread(target=writer, args=(i, path)) for i, path in enumerate(FIELDS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not failures, failures
    total = len(FIELDS) * saves_each
    assert sorted(acked) == list(range(start + 1, start + total + 1))  # each number given once, none skipped
    numbers = [n for (n,) in servers.query("SELECT number FROM chibo_reportversion WHERE report_id = ? "
                                           "ORDER BY number", report)]
    # One row per version, the newest the report's: a person's autosaves merge (web/versions.py).
    assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == start + total
    (version, data), = servers.query("SELECT version, data FROM chibo_report WHERE id = ?", report)
    assert version == start + total
    data = data if isinstance(data, dict) else json.loads(data)
    for path, value in last.items():
        node = data
        for part in path.split("."):
            node = node[part]
        assert node == value, path


def test_a_conflict_is_detected_across_processes(servers):
    report = servers.reports[2025]
    client = _signed_in(servers)
    token, base = client.editor(servers.ports[0], report)
    ready = threading.Barrier(2)
    answers: dict[int, tuple[int, dict]] = {}

    def save(port: int, value: str) -> None:
        own = Client(client.cookies)
        ready.wait()
        answers[port] = own.save(port, report, token, base, {"meta.number": value})

    threads = [threading.Thread(target=save, args=(port, f"{n}-CB")) for n, port in enumerate(servers.ports, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200, 409], answers
    winner = next(port for port, (status, _) in answers.items() if status == 200)
    loser = next(port for port, (status, _) in answers.items() if status == 409)
    conflict = answers[loser][1]
    assert conflict["conflict"] is True and conflict["version"] == base + 1
    assert [f["path"] for f in conflict["fields"]] == ["meta.number"]
    (version, data), = servers.query("SELECT version, data FROM chibo_report WHERE id = ?", report)
    data = data if isinstance(data, dict) else json.loads(data)
    assert version == base + 1
    assert data["meta"]["number"] == f"{servers.ports.index(winner) + 1}-CB"
