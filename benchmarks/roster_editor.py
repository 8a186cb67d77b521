"""Benchmark: the member list in the editor with a 2,000-member roster.

Run from the repository root::

    python benchmarks/roster_editor.py              # 2,000 members
    python benchmarks/roster_editor.py --members 500 --runs 7

What it measures, without a web server or database (their cost is the same for
any report of this size and is measured by web_load.py):

* a save of one roster cell as the save view does it: ``save.checked`` (every
  path and value, the report's size), ``save.apply``, ``draft_state`` (validate,
  every figure and check), and ``editor.steps`` (the steps the answer's badges
  are counted from; the table itself is not built: ``Roster`` is lazy);
* the Đảng viên step's table: ``editor.steps`` and the rows' HTML
  (``Roster.rows_html``), the part of the page that grows with the list;
* one-off: both in a fresh Python process, imports (pydantic, chibo) included;
* warm: after one untimed run in this process, the median of ``--runs``;
* baseline: the same save on the example report with typed counts and no list,
  so the ratio is what the roster adds.

Last line: ``roster_editor_save_2000_s: X`` (warm). About 20 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def report_data(members: int) -> dict:
    data = yaml.safe_load((ROOT / "examples" / "thcs-2026.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    if members:
        data["members"] = {"roster": [
            {"name": f"Nguyễn Thị Người Thứ {i + 1}", "sex": "nu" if i % 3 else "nam", "birth_year": 1960 + i % 40,
             "admitted_on": f"{1995 + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}",
             "official_on": f"{1996 + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}",
             "education": "dai_hoc", "theory": "so_cap",
             **({"events": [{"kind": "mien_sinh_hoat", "on": "2026-09-01"}]} if i % 10 == 0 else {})}
            for i in range(members)
        ]}
    return data


def one_save(data: dict, path: str, value: str) -> dict:
    from chibo.draft import draft_state
    from chibo.web import editor, save

    change = save.checked(json.dumps({"base_version": 1, "changes": {path: value}}).encode(), data)
    new = save.apply(data, change.typed)
    draft_state(new)
    editor.steps(new)
    return new


def members_page(data: dict) -> int:
    from chibo.web import editor

    step = next(s for s in editor.steps(data) if s.key == "dang-vien")
    return len(step.groups[0].roster.rows_html)


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm: imports, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def fresh(members: int) -> float:
    # the data is built first; the clock then covers chibo's imports, a save and the table
    code = (
        "import sys, time; sys.path.insert(0, 'benchmarks'); import roster_editor as b;"
        f"d = b.report_data({members}); started = time.perf_counter();"
        "b.one_save(d, 'members.roster[0].name', 'X'); b.members_page(d); print(time.perf_counter() - started)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    data = report_data(args.members)
    size = len(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    print(f"report with {args.members} members: {size / 1e6:.2f} MB of JSON (limit 1 MB)")
    one_off = fresh(args.members)
    print(f"one-off, fresh process (imports, a save and the step's table): {one_off:.2f} s")

    base = report_data(0)
    base_median, _ = timed(lambda: one_save(base, "members.women", "3"), args.runs)
    save_median, save_max = timed(lambda: one_save(data, "members.roster[0].name", "Tên mới"), args.runs)
    page_median, page_max = timed(lambda: members_page(data), args.runs)
    html = members_page(data)
    print(f"baseline save, typed counts, no list (warm median): {base_median * 1000:.0f} ms")
    print(f"save of one roster cell (warm median, max): {save_median * 1000:.0f} ms, {save_max * 1000:.0f} ms"
          f" = {save_median / base_median:.1f}x baseline")
    print(f"Đảng viên step's table (warm median, max): {page_median * 1000:.0f} ms, {page_max * 1000:.0f} ms;"
          f" rows HTML {html / 1e6:.1f} MB")
    print(f"roster_editor_save_{args.members}_s: {save_median:.3f}")


if __name__ == "__main__":
    main()
