"""Benchmark: the web editor's autosave under 50 (or 200) secretaries saving at once.

Run from the repository root (standard library only, no extra needed; psycopg and the
PostgreSQL server binaries for ``--database postgresql``)::

    python benchmarks/web_load.py                                # 50 users, 60 s, SQLite
    python benchmarks/web_load.py --users 50 --duration 60 --threads 16
    python benchmarks/web_load.py --users 200                    # 200 users
    python benchmarks/web_load.py --database postgresql --processes 2 --users 200

``--database postgresql`` starts a throwaway PostgreSQL cluster in a temporary folder
with ``scripts/postgres`` (as root, it belongs to the ``postgres`` system user; durable
settings: fsync on, synchronous commit) and removes it at the end. ``--processes N``
starts N ``chibo serve`` processes on one database, each on its own port, and spreads
the secretaries over them (secretary i talks to process i mod N), as a reverse proxy
would; on SQLite they share the file.

What it does:

1. Makes a fresh temporary data directory, runs ``chibo manage migrate`` in it,
   then a small setup script through ``chibo manage shell`` that adds N cells
   to the demo đảng bộ, each with a secretary (a password generated here) and a
   report holding the full example report (``examples/thcs-2026.yaml``), as a
   real draft would.
2. Starts ``chibo serve`` (``--processes`` of them) on free loopback ports in that
   directory (``--threads`` waitress threads and ``--connection-limit`` connections
   each) and waits until the login page answers.
3. N simulated secretaries, one thread each with her own keep-alive connection
   and cookies, log in (GET the login page for the CSRF cookie, POST the
   credentials; ``--login-concurrency`` at a time, as each Argon2 check costs
   a good part of a second of CPU, and sign-in is not what is measured), open
   their report's first step for the CSRF token and the version, wait for
   everyone to be ready, then for ``--duration`` seconds loop:
   think (a random pause, ``--think`` MIN-MAX seconds, like the editor's
   autosave after typing), change one field -- ``meta.number`` to a counter
   value, alternating with a narrative paragraph text -- and POST the save with
   the last acknowledged version as ``base_version``. Only the save requests
   are timed, from sending the request to reading the whole response.
4. Stops the servers, then reads the database directly and checks, for every
   secretary, that the report holds the last value acknowledged (HTTP 200) for
   each field she changed, that its version is the last one acknowledged, and
   that the version history holds that version (one person's autosaves within
   ten minutes are one version row, web/versions.py, so rows are not counted).

Errors: any save answered other than 200 (a 409 conflict too: each secretary
edits only her own report), or that raised/timed out. After an error the
secretary reloads the page to pick up the current version, as a user would.

Lost writes: per secretary, each field whose stored value is not the last
acknowledged one, plus 1 if the version history's newest row is not the report's
version, plus 1 if the report's version is behind the last acknowledged version.

Output: the configuration, requests and throughput, the servers' CPU time per save (from /proc),
p50/p90/p99/max save latency in ms, errors, lost writes, ``targets met:
yes/no`` (p99 < 200 ms, 0 errors, 0 lost writes), and last line
``web_save_p99_ms: X``. Exit status 0 whether or not the targets are met; 2 if
setting up or starting the server failed, 130 if interrupted (Ctrl+C, SIGTERM:
the server is stopped and the temporary directory removed either way).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026
TARGET_P99_MS = 200.0
NARRATIVE_PATH = "narrative.situation.advantages"
NUMBER_PATH = "meta.number"


class SetupError(Exception):
    pass


# --- server and data set-up ------------------------------------------------------

SETUP_SCRIPT = textwrap.dedent(
    """
    import json, os
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from chibo.loader import load_file
    from chibo.web import versions
    from chibo.web.demo import EXAMPLES, ORGANISATION
    from chibo.web.models import Cell, Membership, Organisation

    spec = json.load(open(os.environ["WEB_LOAD_SPEC"], encoding="utf-8"))
    User = get_user_model()
    example = load_file(EXAMPLES / "thcs-2026.yaml").report
    base = example.model_dump(mode="json", exclude_none=True, exclude_defaults=True) if example else {"meta": {}}
    out = []
    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(name=ORGANISATION)
        for i, entry in enumerate(spec):
            cell = Cell.objects.create(organisation=org, name=f"Chi bộ Trường THCS số {i + 1:03d}",
                                       school_level="thcs")
            user = User.objects.create_user(username=entry["username"], password=entry["password"],
                                            first_name=f"Bí thư {i + 1}")
            Membership.objects.create(user=user, organisation=org, cell=cell, role=Membership.SECRETARY)
            data = json.loads(json.dumps(base))
            data["year"] = %(year)d
            data.setdefault("meta", {})["cell_name"] = cell.name
            report = versions.create(cell, %(year)d, data, user, note="Tạo mới")
            out.append({"username": entry["username"], "report": report.pk})
    json.dump(out, open(os.environ["WEB_LOAD_OUT"], "w", encoding="utf-8"))
    """
) % {"year": YEAR}

CHIBO = [sys.executable, "-c", "import sys; from chibo.cli import main; sys.argv[0] = 'chibo'; main()"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run_chibo(args: list[str], env: dict, log: Path) -> None:
    with open(log, "ab") as out:
        done = subprocess.run(CHIBO + args, check=False, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=600)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SetupError(f"`chibo {' '.join(args[:2])}` failed (exit {done.returncode}):\n{tail}")


def prepare(data_dir: Path, users: int, env: dict) -> list[dict]:
    """Migrate, then create the cells, secretaries and reports; returns [{username, password, report}]."""
    log = data_dir / "setup.log"
    spec = [{"username": f"bithu.{i + 1:03d}", "password": secrets.token_urlsafe(12)} for i in range(users)]
    (data_dir / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    env = dict(env, WEB_LOAD_SPEC=str(data_dir / "spec.json"), WEB_LOAD_OUT=str(data_dir / "reports.json"))
    run_chibo(["manage", "migrate", "--verbosity", "0"], env, log)
    run_chibo(["manage", "shell", "--no-imports", "-c", SETUP_SCRIPT], env, log)
    reports = {r["username"]: r["report"] for r in json.loads((data_dir / "reports.json").read_text("utf-8"))}
    return [dict(entry, report=reports[entry["username"]]) for entry in spec]


def start_server(data_dir: Path, port: int, threads: int, env: dict, extra: list[str], log_name: str) -> subprocess.Popen:
    with open(data_dir / log_name, "wb") as log:
        proc = subprocess.Popen(
            CHIBO + ["serve", "--host", HOST, "--port", str(port), "--data-dir", str(data_dir),
                     "--threads", str(threads), "--no-demo"] + extra,
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,  # Ctrl+C is ours to pass on
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"chibo serve exited ({proc.returncode}):\n" + server_log(data_dir, log_name))
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/dang-nhap/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise SetupError("chibo serve did not answer within 60 s:\n" + server_log(data_dir, log_name))


def server_log(data_dir: Path, log_name: str) -> str:
    try:
        return (data_dir / log_name).read_text(encoding="utf-8", errors="replace")[-3000:]
    except OSError:
        return ""


def cpu_seconds(pid: int, children: bool = False) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), None elsewhere; with
    ``children``, plus its children's, ended (waited for) or still running."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        if children:
            ticks += int(fields[13]) + int(fields[14])
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        child = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    if int(child[1]) == pid:
                        ticks += int(child[11]) + int(child[12])
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class Postgres:
    """A throwaway PostgreSQL cluster (scripts/postgres, durable settings) with one database."""

    def __init__(self):
        try:
            import psycopg
        except ImportError:
            raise SetupError("--database postgresql needs psycopg: pip install -e .[postgres]") from None
        done = subprocess.run([str(ROOT / "scripts" / "postgres"), "start"], capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise SetupError(f"scripts/postgres start failed: {done.stderr.strip()}")
        values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
        self.folder = values["CHIBO_PG_DIR"]
        server = values["DATABASE_URL"]
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute("CREATE DATABASE chibo_web_load")
        self.url = server.rsplit("/", 1)[0] + "/chibo_web_load"
        self.pid = int(Path(self.folder, "data", "postmaster.pid").read_text().split()[0])

    def cpu_seconds(self) -> float | None:
        return cpu_seconds(self.pid, children=True)

    def stop(self) -> None:
        subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", self.folder], capture_output=True, timeout=120)


def stop_server(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)  # waitress shuts down on KeyboardInterrupt
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- one simulated secretary -------------------------------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATE = re.compile(r'<script id="chibo-state" type="application/json">(.*?)</script>', re.DOTALL)


class Browser:
    """One keep-alive connection and a cookie jar, enough for chibo's forms and fetches."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except Exception:
            self.close()  # a broken or timed-out connection is not reused
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        return response.status, response.headers, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Secretary:
    username: str
    password: str
    report: int
    port: int = 0  # the app process she talks to
    latencies: list[float] = field(default_factory=list)  # ms, every save attempt
    errors: dict[str, int] = field(default_factory=dict)
    acknowledged: int = 0  # saves answered 200
    version: int = 0  # last version acknowledged (or read from the page)
    last_acked: dict[str, str] = field(default_factory=dict)  # field path -> last value acknowledged
    failure: str = ""  # why she could not even start


def open_editor(browser: Browser, s: Secretary) -> str:
    """GET the report's first step: its CSRF token, and the current version into s.version."""
    status, _, body = browser.request("GET", f"/bao-cao/{s.report}/buoc/chung/")
    if status != 200:
        raise RuntimeError(f"editor page: HTTP {status}")
    html = body.decode("utf-8")
    token, state = TOKEN.search(html), STATE.search(html)
    if not token or not state:
        raise RuntimeError("editor page without CSRF token or state")
    s.version = int(json.loads(state.group(1))["version"])
    return token.group(1)


def log_in(browser: Browser, s: Secretary) -> None:
    status, _, body = browser.request("GET", "/dang-nhap/")
    token = TOKEN.search(body.decode("utf-8"))
    if status != 200 or not token:
        raise RuntimeError(f"login page: HTTP {status}")
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": s.username, "password": s.password,
                      "next": ""}).encode()
    status, _, _ = browser.request(
        "POST", "/dang-nhap/", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"login refused: HTTP {status}")


def narrative(s: Secretary, n: int) -> str:
    return (
        f"Lượt lưu {n} của {s.username}. Chi bộ có {20 + n % 10} đảng viên, sinh hoạt đều đặn hằng tháng; "
        "đội ngũ giáo viên nhiệt tình, có trách nhiệm, được phụ huynh và nhân dân tin tưởng.\n"
        "Cơ sở vật chất của nhà trường cơ bản đáp ứng yêu cầu dạy và học; cấp ủy, chính quyền địa phương "
        "quan tâm, tạo điều kiện để nhà trường hoàn thành nhiệm vụ năm học."
    )


def secretary(s: Secretary, args, ready: threading.Barrier, start: list, rng: random.Random,
              logins: threading.Semaphore) -> None:
    port = s.port
    # Sign-in is set-up, not measured: a few at a time (each Argon2 check takes a good part of a
    # second of CPU), with a generous timeout; then her own connection for the editor.
    browser = Browser(port, max(args.timeout, 120.0))
    try:
        with logins:
            log_in(browser, s)
        browser.close()
        browser.timeout = args.timeout
        token = open_editor(browser, s)
    except Exception as exc:  # noqa: BLE001 -- counted, and the run goes on without her
        s.failure = f"{type(exc).__name__}: {exc}"
        token = ""
    try:
        ready.wait(timeout=600)
    except threading.BrokenBarrierError:
        return
    if s.failure:
        return
    deadline = start[0] + args.duration
    save_path = f"/bao-cao/{s.report}/luu/"
    n = 0
    while True:
        time.sleep(rng.uniform(args.think_min, args.think_max))
        if time.monotonic() >= deadline:
            break
        n += 1
        path = NUMBER_PATH if n % 2 else NARRATIVE_PATH
        value = f"{n}-{s.report}" if path == NUMBER_PATH else narrative(s, n)
        body = json.dumps({"base_version": s.version, "changes": {path: value}, "force": False}).encode("utf-8")
        headers = {"Content-Type": "application/json", "X-CSRFToken": token,
                   "Referer": f"http://{HOST}:{port}/bao-cao/{s.report}/buoc/chung/"}
        t0 = time.perf_counter()
        try:
            status, _, data = browser.request("POST", save_path, body, headers)
            error = None if status == 200 else f"HTTP {status}"
        except Exception as exc:  # noqa: BLE001
            status, data, error = 0, b"", type(exc).__name__
        s.latencies.append((time.perf_counter() - t0) * 1000)
        if error is None:
            try:
                s.version = int(json.loads(data)["version"])
                s.acknowledged += 1
                s.last_acked[path] = value
            except (ValueError, KeyError, TypeError):
                error = "bad JSON"
        if error is not None:
            s.errors[error] = s.errors.get(error, 0) + 1
            with contextlib.suppress(Exception):  # as a user would: reload the page for the current version
                token = open_editor(browser, s)
    browser.close()


# --- checking what the database holds ------------------------------------------------


def get_path(data, path: str):
    node = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def read_database(database) -> tuple[dict, dict]:
    """{report id: (version, data)} and {report id: newest version row}, from the SQLite file or PostgreSQL."""
    if isinstance(database, Path):
        conn = sqlite3.connect(database)
    else:
        import psycopg

        conn = psycopg.connect(database.url)
    try:
        reports = {pk: (version, data if isinstance(data, dict) else json.loads(data)) for pk, version, data in
                   conn.execute("SELECT id, version, data FROM chibo_report").fetchall()}
        stored = dict(conn.execute("SELECT report_id, MAX(number) FROM chibo_reportversion GROUP BY report_id")
                      .fetchall())
    finally:
        conn.close()
    return reports, stored


def lost_writes(database, team: list[Secretary]) -> tuple[int, list[str]]:
    reports, stored = read_database(database)
    lost, notes = 0, []
    for s in team:
        version, data = reports.get(s.report, (0, {}))
        for path, value in s.last_acked.items():
            if get_path(data, path) != value:
                lost += 1
                notes.append(f"{s.username}: {path} holds {get_path(data, path)!r:.40}, acknowledged {value!r:.40}")
        if version < s.version and s.acknowledged:
            lost += 1
            notes.append(f"{s.username}: report at version {version}, version {s.version} was acknowledged")
        if stored.get(s.report, 0) != version:
            lost += 1
            notes.append(f"{s.username}: newest version row {stored.get(s.report, 0)}, report at version {version}")
    return lost, notes


# --- the run ---------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def parse_think(text: str) -> tuple[float, float]:
    parts = [float(p) for p in text.split("-")]
    low, high = (parts[0], parts[0]) if len(parts) == 1 else (parts[0], parts[1])
    if low < 0 or high < low:
        raise argparse.ArgumentTypeError("think time: MIN-MAX seconds, 0 <= MIN <= MAX")
    return low, high


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated secretaries (default 50)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of saving (default 60)")
    parser.add_argument("--threads", type=int, default=16, help="waitress threads of `chibo serve` (default 16)")
    parser.add_argument("--connection-limit", type=int, default=None,
                        help="waitress connection limit of `chibo serve` (default: chibo serve's own)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                        help="sqlite (default), or postgresql: a throwaway cluster started for the run")
    parser.add_argument("--processes", type=int, default=1,
                        help="`chibo serve` processes on the one database, users spread over them (default 1)")
    parser.add_argument("--think", type=parse_think, default=(0.5, 1.5), metavar="MIN-MAX",
                        help="pause before each save, seconds, uniform (default 0.5-1.5)")
    parser.add_argument("--timeout", type=float, default=10.0, help="per request, seconds (default 10)")
    parser.add_argument("--login-concurrency", type=int, default=2,
                        help="secretaries signing in at the same time during set-up (default 2)")
    parser.add_argument("--seed", type=int, default=None, help="random seed of the think times")
    args = parser.parse_args()
    if args.users < 1 or args.duration <= 0 or args.threads < 1 or args.processes < 1:
        parser.error("--users, --threads and --processes must be at least 1, --duration more than 0")
    args.think_min, args.think_max = args.think

    def interrupted(signum, frame):  # a kill cleans up as Ctrl+C does
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)

    data_dir = Path(tempfile.mkdtemp(prefix="chibo-web-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_")) and k != "DATABASE_URL"}
    env["CHIBO_DATA_DIR"] = str(data_dir)  # serve and manage share the key in DATA_DIR/secret-key (and SQLite file)
    env["PYTHONUNBUFFERED"] = "1"
    extra = ["--connection-limit", str(args.connection_limit)] if args.connection_limit else []
    procs: list[subprocess.Popen] = []
    postgres = None
    try:
        try:
            if args.database == "postgresql":
                postgres = Postgres()
                env["DATABASE_URL"] = postgres.url
                print(f"database: PostgreSQL, a throwaway cluster in {postgres.folder} (fsync on)")
            else:
                print(f"database: SQLite, {data_dir / 'chibo.sqlite3'} (WAL)")
            t = time.monotonic()
            accounts = prepare(data_dir, args.users, env)
            print(f"set-up: {args.users} cells, secretaries and reports in {time.monotonic() - t:.1f} s")
            ports = [free_port() for _ in range(args.processes)]
            for i, port in enumerate(ports):
                procs.append(start_server(data_dir, port, args.threads, env, extra, f"server-{i}.log"))
            limit = f", connection limit {args.connection_limit}" if args.connection_limit else ""
            print(f"servers: {args.processes} x chibo serve with {args.threads} threads{limit}, on ports "
                  f"{', '.join(map(str, ports))}; data in {data_dir}")
        except (SetupError, OSError, subprocess.SubprocessError, KeyError, ValueError) as exc:
            print(f"set-up failed: {exc}", file=sys.stderr)
            return 2

        master = random.Random(args.seed)
        logins = threading.Semaphore(max(1, args.login_concurrency))
        team = [Secretary(a["username"], a["password"], a["report"], port=ports[i % len(ports)])
                for i, a in enumerate(accounts)]
        start: list[float] = [0.0]
        # released when everyone is logged in and on her editor page; the clock starts then
        ready = threading.Barrier(len(team) + 1, action=lambda: start.__setitem__(0, time.monotonic()))
        workers = [
            threading.Thread(target=secretary, args=(s, args, ready, start, random.Random(master.random()), logins),
                             name=s.username, daemon=True)
            for s in team
        ]
        t = time.monotonic()
        for w in workers:
            w.start()
        try:
            ready.wait(timeout=600)
        except threading.BrokenBarrierError:
            print("set-up failed: the secretaries were not all signed in after 600 s", file=sys.stderr)
            return 2
        cpu_before = [cpu_seconds(p.pid) for p in procs]
        db_cpu_before = postgres.cpu_seconds() if postgres else None
        print(f"logged in: {sum(not s.failure for s in team)}/{len(team)} secretaries in {start[0] - t:.1f} s; "
              f"saving for {args.duration:g} s, think {args.think_min:g}-{args.think_max:g} s")
        for w in workers:
            w.join(timeout=args.duration + args.think_max + 2 * args.timeout + 30)
        elapsed = time.monotonic() - start[0]
        stuck = [w.name for w in workers if w.is_alive()]
        cpu_after = [cpu_seconds(p.pid) for p in procs]
        db_cpu_after = postgres.cpu_seconds() if postgres else None

        for proc in procs:
            stop_server(proc)
        lost, notes = lost_writes(postgres or data_dir / "chibo.sqlite3", team)
        if any(kind.startswith("HTTP 5") for s in team for kind in s.errors):  # why, before the logs go
            for i in range(len(procs)):
                print(f"--- server-{i}.log, last lines:\n{server_log(data_dir, f'server-{i}.log')[-1500:]}")
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for proc in procs:
            stop_server(proc)
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    latencies = sorted(x for s in team for x in s.latencies)
    error_kinds: dict[str, int] = {}
    for s in team:
        for kind, count in s.errors.items():
            error_kinds[kind] = error_kinds.get(kind, 0) + count
    failed = [s for s in team if s.failure]
    errors = sum(error_kinds.values()) + len(failed) + len(stuck)
    p50, p90, p99 = (percentile(latencies, q) for q in (0.50, 0.90, 0.99))

    print(f"requests: {len(latencies)} saves by {len(team) - len(failed)} secretaries in {elapsed:.1f} s "
          f"({len(latencies) / elapsed:.1f} saves/s)")
    if None not in cpu_before + cpu_after and latencies:
        cpu = sum(cpu_after) - sum(cpu_before)
        print(f"server CPU: {cpu:.1f} s ({100 * cpu / elapsed:.0f} % of one core, "
              f"{1000 * cpu / len(latencies):.1f} ms per save; {os.cpu_count()} CPUs)")
    if db_cpu_before is not None and db_cpu_after is not None and latencies:
        cpu = db_cpu_after - db_cpu_before
        print(f"PostgreSQL CPU: {cpu:.1f} s ({1000 * cpu / len(latencies):.1f} ms per save)")
    print(f"latency ms: p50 {p50:.1f}  p90 {p90:.1f}  p99 {p99:.1f}  max {latencies[-1] if latencies else 0:.1f}")
    detail = ", ".join(f"{k} x{v}" for k, v in sorted(error_kinds.items()))
    if failed:
        detail = ", ".join(filter(None, [detail, (f"{len(failed)} could not log in/open the editor "
                                                    f"({failed[0].failure})")]))
    if stuck:
        detail = ", ".join(filter(None, [detail, f"{len(stuck)} still running at the end"]))
    print(f"errors: {errors}" + (f" ({detail})" if detail else ""))
    print(f"lost writes: {lost}")
    for note in notes[:10]:
        print(f"  {note}")
    met = latencies and p99 < TARGET_P99_MS and errors == 0 and lost == 0
    print(f"configuration: {args.users} users, {args.database}, {args.processes} process"
          f"{'es' if args.processes > 1 else ''} x {args.threads} threads")
    print(f"targets met: {'yes' if met else 'no'} (p99 < {TARGET_P99_MS:.0f} ms, 0 errors, 0 lost writes)")
    print(f"web_save_p99_ms: {p99:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
