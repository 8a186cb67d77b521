"""Benchmark: the office's year page and XLSX export for a đảng bộ of 300 cells.

Run from the repository root::

    python benchmarks/consolidate.py                         # SQLite, 300 cells, 5 years
    python benchmarks/consolidate.py --cells 300 --requests 50
    python benchmarks/consolidate.py --database postgresql   # a throwaway cluster (scripts/postgres)

What it does:

1. A fresh temporary data folder (SQLite) or a throwaway PostgreSQL cluster;
   ``migrate``; one đảng bộ with ``--cells`` cells (4 in 5 THCS, 1 in 5 tiểu học),
   each with a report for each of 5 years (2022-2026) generated from
   examples/thcs-2026.yaml and examples/tieu-hoc-2026.yaml with varied numbers
   (members, classification, students; they still add up). Year 2026: about 60 %
   approved, 25 % submitted, 10 % draft, 5 % returned; earlier years approved.
   No summary is stored, as after an upgrade.
2. Signed in as the office (Django's test Client, the whole middleware stack, no
   HTTP socket), GETs the year page of 2026 once: this first load computes and
   stores the summaries of 2026 and 2025 (timed: ``first_load``). Every cell's paragraphs
   are one of two examples', so the spell check's kept texts (chibo.spelling) are found
   for all but the first reports: a best case for that part, as when cells keep the
   default paragraphs.
3. Warm: ``--requests`` more GETs of the page (summaries stored, Python modules
   imported, database connection open); p50, p95, max.
4. The XLSX export, ``--xlsx`` times (median); then the ZIP of the stored DOCX and
   PDF of every submitted and approved report (the example's real files, stored as
   submission stores them), streamed and timed once.
5. Baseline: without the stored summaries, the same totals computed on each
   request, loading every report's data and validating and computing its figures
   (``summarize`` of each report of both years, then ``consolidate``): what the page
   would cost with no cache; median of 3, and its ratio to the warm p50. (What an
   office does without chibo is retyping about 40 figures per cell from DOCX files.)
6. Fresh process one-off: a new Python process that sets Django up and GETs the
   page once (summaries stored); wall time from process start to the response.

Last lines: ``office_year_page_p95_ms: X`` (target ≤ 200) and
``xlsx_300_cells_seconds: Y`` (target ≤ 5).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEARS = range(2022, 2027)
YEAR = 2026


def _django(data_dir: str) -> None:
    os.environ.setdefault("CHIBO_DATA_DIR", data_dir)
    os.environ.setdefault("CHIBO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("CHIBO_SECURE_COOKIES", "0")
    os.environ["CHIBO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("CHIBO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "chibo.web.settings"
    import django

    django.setup()


def _examples() -> tuple[dict, dict]:
    from chibo.loader import load_file

    def plain(node):
        if isinstance(node, dict):
            return {str(k): plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        if isinstance(node, datetime.date):
            return node.isoformat()
        return node

    thcs = plain(load_file(ROOT / "examples" / "thcs-2026.yaml").report.model_dump(mode="json", exclude_none=True))
    th = plain(load_file(ROOT / "examples" / "tieu-hoc-2026.yaml").report.model_dump(mode="json", exclude_none=True))
    return thcs, th


def _thcs(base: dict, rng: random.Random, name: str, year: int) -> dict:
    data = copy.deepcopy(base)
    data["year"] = year
    data["meta"]["cell_name"] = name
    data["meta"]["date"] = f"{year}-12-18"
    k = rng.randint(-10, 30)
    m = data["members"]
    for key in ("start_of_year", "end_of_year", "official", "women"):
        m[key] += k
    m["education"]["university"] += k
    data["classification"]["good"] += k
    s = data["students"]
    extra = rng.randint(-300, 900)
    s["assessed"] += extra
    tot = rng.randint(max(-s["conduct"]["tot"], -extra - s["conduct"]["kha"]), extra) if extra > 0 else extra
    s["conduct"]["tot"] += tot
    s["conduct"]["kha"] += extra - tot
    s["learning"]["kha"] += extra
    data["classification"]["cell_rating"] = rng.choice(["htxsnv", "httnv", "httnv", "htnv"])
    return data


def _tieu_hoc(base: dict, rng: random.Random, name: str, year: int) -> dict:
    data = copy.deepcopy(base)
    data["year"] = year
    data["meta"]["cell_name"] = name
    data["meta"]["date"] = f"{year}-12-20"
    s = data.get("students") or {}
    if s.get("assessed"):
        extra = rng.randint(0, 400)
        s["assessed"] += extra
        for dim in ("conduct", "learning"):
            levels = s.get(dim) or {}
            if levels:
                first = next(iter(levels))
                levels[first] += extra
    return data


def populate(cells: int, seed: int) -> None:
    from django.contrib.auth import get_user_model

    from chibo.web.models import Cell, Membership, Organisation, Report, Status

    rng = random.Random(seed)
    thcs, th = _examples()
    org = Organisation.objects.create(name="Đảng bộ xã Đông Thành", superior="Đảng bộ tỉnh Nghệ An")
    made = Cell.objects.bulk_create(
        Cell(organisation=org, name=f"Chi bộ Trường {'Tiểu học' if i % 5 == 4 else 'THCS'} số {i + 1:03d}",
             school_level="tieu_hoc" if i % 5 == 4 else "thcs")
        for i in range(cells)
    )
    office = get_user_model().objects.create_user("vanphong", first_name="Văn phòng")
    Membership.objects.create(user=office, organisation=org, role=Membership.OFFICE)
    statuses = [Status.APPROVED] * 12 + [Status.SUBMITTED] * 5 + [Status.DRAFT] * 2 + [Status.RETURNED]
    now = datetime.datetime(YEAR, 12, 20, 9, 0, tzinfo=datetime.timezone.utc)
    batch = []
    for cell in made:
        for year in YEARS:
            make = _tieu_hoc if cell.school_level == "tieu_hoc" else _thcs
            status = rng.choice(statuses) if year == YEAR else Status.APPROVED
            frozen = status in (Status.SUBMITTED, Status.APPROVED)
            batch.append(Report(
                cell=cell, year=year, data=make(th if cell.school_level == "tieu_hoc" else thcs, rng, cell.name, year),
                version=1, status=status, submitted_version=1 if frozen else None,
                submitted_at=now.replace(year=year) - datetime.timedelta(days=rng.randint(0, 20)) if frozen else None,
            ))
        if len(batch) >= 500:
            Report.objects.bulk_create(batch)
            batch = []
    Report.objects.bulk_create(batch)


def _client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="vanphong"))
    return client


def _get(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = time.perf_counter() - start
    if response.status_code != 200 or not content:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def _no_cache_totals() -> None:
    """The baseline: every report of both years loaded, validated and summarized, then totalled."""
    from chibo.consolidate import consolidate, summarize
    from chibo.web import save
    from chibo.web.models import Report

    from chibo import spelling

    # Each text's slips are kept per process: forgotten, so that every run checks them afresh.
    spelling._kept_misspellings.clear()
    spelling._kept_styles.clear()
    rows, last = [], []
    for report in Report.objects.filter(year__in=(YEAR, YEAR - 1)).only("id", "year", "status", "data"):
        row = summarize(save.repair(report.data), year=report.year)
        row["counted"] = report.status in ("submitted", "approved")
        (rows if report.year == YEAR else last).append(row)
    consolidate(rows, year=YEAR, organisation="Đảng bộ", last_year=last)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def one_off_child(data_dir: str) -> None:
    started = float(os.environ["CHIBO_BENCH_STARTED"])
    _django(data_dir)
    from django.urls import reverse

    elapsed = _get(_client(), reverse("year_page", args=[YEAR]))
    print(f"{(time.time() - started) * 1000:.0f} {elapsed * 1000:.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cells", type=int, default=300)
    parser.add_argument("--requests", type=int, default=50, help="warm page requests (default 50)")
    parser.add_argument("--xlsx", type=int, default=5, help="XLSX exports timed (default 5)")
    parser.add_argument("--one-off", type=int, default=3, help="fresh-process page loads (default 3)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--one-off-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_off_child:
        one_off_child(args.one_off_child)
        return 0
    if args.database == "postgresql" and "DATABASE_URL" not in os.environ:
        # The same run inside a throwaway cluster that scripts/postgres starts and removes.
        command = [str(ROOT / "scripts" / "postgres"), "run", "--", sys.executable, *sys.argv]
        return subprocess.run(command, check=False).returncode

    data_dir = tempfile.mkdtemp(prefix="chibo-bench-consolidate-")
    try:
        return run(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args, data_dir: str) -> int:
    _django(data_dir)
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse

    from chibo.web.models import Report

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; cells: {args.cells}; years: {YEARS.start}-{YEARS.stop - 1}; "
          f"machine: {os.cpu_count()} cores")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    populate(args.cells, args.seed)
    print(f"generated {Report.objects.count()} reports in {time.perf_counter() - start:.1f} s "
          f"(2026: {dict(sorted(_status_counts().items()))})")

    client = _client()
    page = reverse("year_page", args=[YEAR])
    first = _get(client, page)
    stored = Report.objects.filter(summary__isnull=False).count()
    print(f"first load (computes and stores {stored} summaries of {YEAR} and {YEAR - 1}): {first * 1000:.0f} ms")

    warm = [_get(client, page) for _ in range(args.requests)]
    p50, p95 = statistics.median(warm) * 1000, _pct(warm, 0.95) * 1000
    print(f"year page, warm (summaries stored, modules imported, connection open), {args.requests} requests: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(warm) * 1000:.1f} ms")
    filtered = [_get(client, page + "?cap-hoc=thcs&sap-xep=-students_tt22:conduct.tot.pct") for _ in range(10)]
    print(f"year page filtered and sorted by a rate column, 10 requests: p50 {statistics.median(filtered) * 1000:.1f} ms")

    baseline = []
    for _ in range(3):
        t = time.perf_counter()
        _no_cache_totals()
        baseline.append(time.perf_counter() - t)
    base = statistics.median(baseline) * 1000
    print(f"baseline, no stored summaries (load, validate and summarize {2 * args.cells} reports per request): "
          f"median {base:.0f} ms; warm page p50 is {base / p50:.0f}x faster")

    xlsx_url = reverse("year_export", args=[YEAR, "xlsx"])
    xlsx = [_get(client, xlsx_url) for _ in range(args.xlsx)]
    size = len(client.get(xlsx_url).content)
    print(f"XLSX export ({size / 1024:.0f} KiB), {args.xlsx} times: median {statistics.median(xlsx):.2f} s, "
          f"max {max(xlsx):.2f} s")

    zip_seconds, zip_bytes, rss = _zip(client, args.cells)
    print(f"ZIP of every submitted and approved report's stored DOCX and PDF ({zip_bytes / 1e6:.0f} MB, streamed): "
          f"{zip_seconds:.2f} s; peak Python memory while streaming {rss:.1f} MB (tracemalloc, a second run)")

    for _ in range(args.one_off):
        env = {**os.environ, "CHIBO_BENCH_STARTED": repr(time.time())}
        done = subprocess.run([sys.executable, __file__, "--one-off-child", data_dir], env=env,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"one-off failed: {done.stderr.strip()[-500:]}")
            break
        total, request = done.stdout.split()
        print(f"fresh process one-off (start-up, Django set-up, first request; summaries stored): "
              f"{total} ms, of which the request {request} ms")

    print(f"office_year_page_p95_ms: {p95:.1f}")
    print(f"xlsx_300_cells_seconds: {statistics.median(xlsx):.2f}")
    return 0


def _zip(client, cells: int) -> tuple[float, int, float]:
    """Stored files as submission keeps them (the example's real DOCX; its real PDF when
    LibreOffice is there, else the DOCX bytes again), then the ZIP streamed and timed."""
    import tracemalloc

    from django.urls import reverse

    from chibo.compose import compose
    from chibo.figures import compute
    from chibo.loader import load_file
    from chibo.render.to_docx import render_docx
    from chibo.web.models import Report, Status, SubmittedFile

    report = load_file(ROOT / "examples" / "thcs-2026.yaml").report
    docx = render_docx(compose(report, compute(report)))
    try:
        from chibo.render.pdf import docx_to_pdf

        pdf = docx_to_pdf(docx)
    except Exception as exc:  # noqa: BLE001 -- the timing still means something without LibreOffice
        print(f"(no PDF: {exc}; the DOCX bytes stand in for it)")
        pdf = docx
    frozen = Report.objects.filter(year=YEAR, status__in=(Status.SUBMITTED, Status.APPROVED)).only("id")
    SubmittedFile.objects.bulk_create(
        SubmittedFile(report=r, version=1, kind=kind, content=content, size=len(content))
        for r in frozen for kind, content in (("docx", docx), ("pdf", pdf))
    )
    del docx, pdf, frozen
    start = time.perf_counter()
    response = client.get(reverse("year_export", args=[YEAR, "zip"]))
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - start
    # Memory: a second run under tracemalloc (slower, so not the one timed).
    tracemalloc.start()
    response = client.get(reverse("year_export", args=[YEAR, "zip"]))
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, size, peak / 1e6


def _status_counts() -> dict:
    from django.db.models import Count

    from chibo.web.models import Report

    return dict(Report.objects.filter(year=YEAR).values_list("status").annotate(n=Count("id")))


if __name__ == "__main__":
    sys.exit(main())
