"""Benchmark: memory of a large batch, and load time of a large roster.

Run from the repository root::

    python benchmarks/batch.py                  # 100 and 1,000 reports to DOCX
    python benchmarks/batch.py --reports 1000 --pdf 20

What it does:

* writes N report files made from ``examples/thcs-2026.yaml`` into a temporary
  folder, each with its own cell, signer and number, and student counts shifted
  by ``i % VARIANTS`` (so charts differ between reports; with 10 variants they
  fit chibo's per-process chart cache, as a đảng bộ's similar reports would not
  all: the cache is bounded, and what is measured is that memory stays flat);
* runs ``chibo render FILES --format docx -o OUT`` in a fresh process for 100 and
  for N files (nothing cached or warmed: a cold process, as a user runs it) and
  reads its peak RSS from ``os.wait4`` (``ru_maxrss`` of that child alone); while
  it runs, samples its RSS (``/proc/PID/status``) against the number of DOCX
  files written so far, and prints the highest RSS sampled up to 10 %, 50 %
  and 100 % written;
* ``--pdf N``: the same for N reports to DOCX and PDF; there ``ru_maxrss`` is
  the largest of chibo's process and the LibreOffice processes it started and
  reaped (each counted alone, not summed), so chibo's own sampled peak is
  printed too;
* generates a 2,000-member roster (``examples/tieu-hoc-2026.yaml`` with its
  roster replaced) and loads it with ``chibo.loader.load_file`` (parse, line
  numbers, model validation) against PyYAML's ``CSafeLoader`` ``safe_load`` of
  the same text (parse only); both in this process after one untimed load each
  (imports done, file in the page cache), median of ``--roster-runs``.

Output ends with ``batch_1000_peak_rss_mb: X`` (target < 200; the 1,000 is
``--reports``) and ``roster_2000_load_ms: X``. Exit status 1 if the batch fails.
About 1 minute for the defaults on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "thcs-2026.yaml"
ROSTER_EXAMPLE = ROOT / "examples" / "tieu-hoc-2026.yaml"
VARIANTS = 10
SAMPLE_SECONDS = 0.05

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Hữu", "Ngọc", "Thanh", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hằng", "Hùng", "Lan", "Mai", "Nam", "Phương", "Tâm", "Yến"]
EDUCATION = ["dai_hoc", "dai_hoc", "dai_hoc", "thac_si", "cao_dang"]
THEORY = ["so_cap", "so_cap", "trung_cap"]


def _name(i: int) -> str:
    return f"{FAMILY[i % 10]} {MIDDLE[i // 10 % 8]} {GIVEN[i // 80 % 12]}"


def write_reports(folder: Path, n: int) -> list[Path]:
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    paths = []
    for i in range(n):
        data = _copy(base)
        shift = i % VARIANTS
        meta = data["meta"]
        meta["cell_name"] = f"Chi bộ Trường THCS số {i + 1}"
        meta["signer_name"] = _name(i)
        meta["number"] = f"{i + 1:02d}"
        students = data["students"]
        students["assessed"] += shift
        students["conduct"]["tot"] += shift
        students["learning"]["tot"] += shift
        path = folder / f"bao-cao-{i + 1:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def _copy(node):
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def _rss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_batch(files: list[Path], out: Path, formats: str) -> tuple[float, float, list[tuple[int, int]], int]:
    """(peak RSS MiB, seconds, [(files written, RSS KiB)], exit code) of one fresh ``chibo render``."""
    out.mkdir()
    command = [sys.executable, "-c", "from chibo.cli import main; main()", "render",
               *map(str, files), "--format", formats, "-o", str(out)]
    samples: list[tuple[int, int]] = []
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    reader.start()

    def sample() -> None:
        while not done.is_set():
            rss = _rss_kib(proc.pid)
            if rss is not None:
                samples.append((len(os.listdir(out)), rss))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = b"".join(errors).decode("utf-8", "replace").strip().splitlines()[-5:]
        print("\n".join(tail), file=sys.stderr)
    return usage.ru_maxrss / 1024, elapsed, samples, proc.returncode


def rss_up_to(samples: list[tuple[int, int]], written: int) -> float | None:
    """Highest RSS (MiB) sampled while at most ``written`` files were out."""
    seen = [rss for count, rss in samples if count <= written]
    return max(seen) / 1024 if seen else None


def report_batch(label: str, files: list[Path], folder: Path, formats: str) -> tuple[float, int]:
    peak, seconds, samples, code = run_batch(files, folder / label, formats)
    outputs = len(files) * len(formats.split(","))
    marks = []
    for share in (0.1, 0.5, 1.0):
        mark = rss_up_to(samples, max(1, round(outputs * share)))
        marks.append(f"{round(outputs * share)} files: {mark:.0f}" if mark is not None else f"{round(outputs * share)}: n/a")
    own = max((rss for _, rss in samples), default=0) / 1024
    print(f"{label}: {len(files)} reports, {formats}: peak RSS {peak:.0f} MiB (chibo's process alone, "
          f"sampled: {own:.0f} MiB), {seconds:.1f} s "
          f"({seconds / len(files) * 1000:.0f} ms/report); highest RSS MiB sampled up to " + ", ".join(marks)
          + (f"; EXIT {code}" if code else ""))
    return peak, code


# --- roster ------------------------------------------------------------------------------


def roster_text(n: int) -> str:
    data = yaml.safe_load(ROSTER_EXAMPLE.read_text(encoding="utf-8"))
    year = data["year"]
    roster = []
    for i in range(n):
        admitted = datetime.date(1990 + i % 30, 1 + i % 12, 1 + i % 28)
        member = {
            "name": _name(i),
            "sex": "nu" if i % 3 else "nam",
            "birth_year": 1965 + i % 35,
            "admitted_on": admitted,
            "official_on": admitted.replace(year=admitted.year + 1),
            "education": EDUCATION[i % 5],
            "theory": THEORY[i % 3],
        }
        if i % 97 == 0:
            member["events"] = [{"kind": "chuyen_di", "on": datetime.date(year, 9, 15), "note": "Chuyển công tác"}]
        roster.append(member)
    data["members"]["roster"] = roster
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def roster_load(n: int, runs: int, folder: Path) -> float:
    from chibo.loader import load_file

    path = folder / f"roster-{n}.yaml"
    text = roster_text(n)
    path.write_text(text, encoding="utf-8")

    def chibo_load():
        return load_file(path)

    def pyyaml_load():
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    loaded = chibo_load()
    members = len(loaded.report.members.roster) if loaded.report is not None else None
    pyyaml_load()
    times: dict[str, list[float]] = {"chibo.loader": [], "pyyaml_csafe": []}
    for i in range(runs):
        for name, fn in (("chibo.loader", chibo_load), ("pyyaml_csafe", pyyaml_load))[:: 1 if i % 2 == 0 else -1]:
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    print(f"roster: {n} members, {len(text) // 1024} KiB of YAML; chibo.loader -> "
          + (f"a Report of {members} members" if members is not None else f"problems: {loaded.problems[:2]}")
          + f"; warm (imports done, one untimed load), median of {runs}")
    print(f"chibo.loader load_file (parse, lines, validate): {medians['chibo.loader']:.0f} ms; "
          f"PyYAML CSafeLoader safe_load (parse only): {medians['pyyaml_csafe']:.0f} ms; "
          f"ratio {medians['chibo.loader'] / medians['pyyaml_csafe']:.1f}x")
    return medians["chibo.loader"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports in the large batch (1000)")
    parser.add_argument("--small", type=int, default=100, help="reports in the small batch (100)")
    parser.add_argument("--pdf", type=int, default=0, help="also a DOCX+PDF batch of N reports (0: none)")
    parser.add_argument("--roster", type=int, default=2000, help="members in the roster (2000)")
    parser.add_argument("--roster-runs", type=int, default=5, help="timed roster loads (5)")
    args = parser.parse_args(argv)

    failed = False
    with tempfile.TemporaryDirectory(prefix="chibo-bench-batch-") as tmp:
        folder = Path(tmp)
        sources = folder / "in"
        sources.mkdir()
        files = write_reports(sources, max(args.reports, args.small, args.pdf))
        print(f"{len(files)} report files from {EXAMPLE.name} ({VARIANTS} variants of the counts); "
              "each batch is a fresh `chibo render` process: nothing cached or warmed")
        small, code_small = report_batch("small", files[: args.small], folder, "docx")
        large, code_large = report_batch("large", files[: args.reports], folder, "docx")
        failed |= bool(code_small or code_large)
        print(f"peak RSS growth from {args.small} to {args.reports} reports: {large - small:+.0f} MiB")
        if args.pdf:
            _, code = report_batch("pdf", files[: args.pdf], folder, "docx,pdf")
            failed |= bool(code)
        roster_ms = roster_load(args.roster, args.roster_runs, folder)
    print(f"batch_{args.reports}_peak_rss_mb: {large:.0f}")
    print(f"roster_{args.roster}_load_ms: {roster_ms:.0f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
