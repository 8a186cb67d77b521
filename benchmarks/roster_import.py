"""Benchmark: reading a 2,000-member roster from .xlsx and .csv (chibo.roster_file).

Run from the repository root::

    python benchmarks/roster_import.py            # 2,000 rows
    python benchmarks/roster_import.py --rows 5000 --runs 5

What it does:

* writes a workbook of N members with openpyxl as a secretary would fill the
  template (Vietnamese labels, half the dates as real Excel dates and half typed
  dd/mm/yyyy, one in ten with an event, identity numbers), and the same rows as a
  semicolon CSV with a BOM (Excel's Vietnamese-locale "CSV UTF-8");
* one-off: ``read_roster`` of the .xlsx in a fresh Python process, imports
  (openpyxl, pydantic, chibo) included, as the first import after a web
  process starts;
* warm: in this process after one untimed read (imports done), the median of
  ``--runs`` reads of each file, every row checked and validated against
  ``chibo.model.Member``;
* as a baseline, openpyxl alone iterating the same sheet's values
  (``read_only=True``, no checks), so what chibo adds is visible.

The last line is ``roster_import_2000_s: X`` (warm .xlsx; the issue's bound is 2 s
for the whole import, reading included). About 15 s on 2 cores.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from datetime import datetime

import openpyxl

from chibo.roster_file import HEADERS, WRITTEN, read_roster

EDUCATION = ["Đại học", "Thạc sĩ", "Cao đẳng", "Đại học", "Tiến sĩ"]
THEORY = ["Sơ cấp", "Trung cấp", "Chưa qua đào tạo", "Cao cấp"]


def rows(n: int) -> list[list]:
    out = []
    for i in range(n):
        admitted = datetime(1995 + i % 30, 1 + i % 12, 1 + i % 28)
        official = datetime(admitted.year + 1, admitted.month, admitted.day)
        row = [
            f"Nguyễn Thị Người Thứ {i + 1}",
            "Nữ" if i % 3 else "Nam",
            1960 + i % 40,
            admitted if i % 2 else admitted.strftime("%d/%m/%Y"),
            official if i % 2 else official.strftime("%d/%m/%Y"),
            EDUCATION[i % len(EDUCATION)],
            THEORY[i % len(THEORY)],
            f"{1000000000 + i:012d}",
        ]
        if i % 10 == 0:
            row += ["Chuyển đi", "15/06/2026", "về trường khác"]
        out.append(row)
    return out


def xlsx(data: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([HEADERS[k] for k in WRITTEN])
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(data: list[list]) -> bytes:
    def cell(v):
        return v.strftime("%d/%m/%Y") if isinstance(v, datetime) else str(v)

    lines = [";".join(HEADERS[k] for k in WRITTEN)] + [";".join(cell(v) for v in row) for row in data]
    return "\ufeff".encode() + "\r\n".join(lines).encode()


def median_s(fn, runs: int) -> float:
    fn()  # imports, caches of the first call
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = rows(args.rows)
    book, text = xlsx(data), csv_bytes(data)
    print(f"rows: {args.rows}; xlsx {len(book) / 1000:.0f} kB, csv {len(text) / 1000:.0f} kB")

    result = read_roster(book)
    assert result.ok and len(result.members) == args.rows, result.problems[:3]
    assert read_roster(text).members == result.members

    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        f.write(book)
        f.flush()
        code = (
            "import sys, time; t = time.perf_counter(); from chibo.roster_file import read_roster; "
            f"r = read_roster(open({f.name!r}, 'rb').read()); assert r.ok; print(time.perf_counter() - t)"
        )
        one_off = float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
    print(f"one-off xlsx (fresh process, imports included): {one_off:.3f} s")

    def bare():
        sheet = openpyxl.load_workbook(io.BytesIO(book), read_only=True).active
        for _ in sheet.iter_rows(values_only=True):
            pass

    baseline = median_s(bare, args.runs)
    warm_xlsx = median_s(lambda: read_roster(book), args.runs)
    warm_csv = median_s(lambda: read_roster(text), args.runs)
    print(f"warm, median of {args.runs} (imports done, nothing else cached):")
    print(f"  openpyxl values only (baseline): {baseline:.3f} s")
    print(f"  read_roster xlsx: {warm_xlsx:.3f} s ({warm_xlsx / baseline:.2f}x baseline)")
    print(f"  read_roster csv:  {warm_csv:.3f} s")
    print(f"roster_import_{args.rows}_s: {warm_xlsx:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
