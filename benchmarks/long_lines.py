"""Rendering a report whose own part title and party committee are 50 KB each (what a
hostile YAML file may hold; the web editor caps a field at 500 characters), against the
same report as written (the baseline). Both warm (fonts measured and cached, profile
loaded) and in a fresh process (imports, font read, first render). Before the long-line
breaking measured a few strings instead of every break point, the 50 KB report took
20–35 s to render (ratio about 5,000 warm); now a few times the baseline, the 100 KB of
text itself being written.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SETUP = f"""
import sys; sys.path.insert(0, {str(ROOT / 'tests')!r})
from sample_reports import example_report
from chibo.loader import validate
from chibo.compose import compose
from chibo.figures import compute
from chibo.render.to_docx import render_docx
def report(long):
    data = example_report()
    if long:
        data["structure"] = {{"headings": [{{"section": "part_one", "title": "ĐÁNH GIÁ KẾT QUẢ " * 2500}}]}}
        data["meta"]["party_committee"] = "Đảng bộ xã Đông Thành " * 2000
    return validate(data).report
def render(r):
    return render_docx(compose(r, compute(r), charts=False))
"""


def fresh(long: bool) -> float:
    code = SETUP + f"import time; r = report({long}); t = time.perf_counter(); render(r); print((time.perf_counter() - t) * 1000)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    namespace: dict = {}
    exec(SETUP, namespace)
    plain, long = namespace["report"](False), namespace["report"](True)
    render = namespace["render"]
    for r in (plain, long):
        render(r)  # warm: fonts measured, profile and styles cached
    warm = {}
    for name, r in (("plain", plain), ("long", long)):
        runs = []
        for _ in range(20):
            t = time.perf_counter()
            render(r)
            runs.append((time.perf_counter() - t) * 1000)
        warm[name] = statistics.median(runs)
    print(f"warm_render_ms: plain {warm['plain']:.1f} long {warm['long']:.1f} (median of 20, charts off)")
    one_off = {name: statistics.median(fresh(name == "long") for _ in range(3)) for name in ("plain", "long")}
    print(f"fresh_process_first_render_ms: plain {one_off['plain']:.1f} long {one_off['long']:.1f} (median of 3)")
    print(f"long_vs_plain_ratio: warm {warm['long'] / warm['plain']:.2f} fresh {one_off['long'] / one_off['plain']:.2f}")


if __name__ == "__main__":
    main()
