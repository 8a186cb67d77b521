"""Spell check of a whole report: fresh process (dictionaries loaded) and warm.

Checks the template's text (/work/shared/seed, or a file given as argument: about
19 kB, the length of a full report's narrative) and the THCS example's paragraphs.
Baseline: the target of 100 ms for a whole report, warm.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100.0


def main() -> None:
    seed = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seed/bao-cao-chi-bo-mau.txt")
    fresh_code = (
        "import time,sys;t=time.perf_counter();from chibo.spelling import misspellings;"
        "from chibo.vietnamese import normalize_text;"
        f"misspellings(normalize_text(open({str(seed)!r},encoding='utf-8').read()));"
        "print((time.perf_counter()-t)*1000)"
    )
    fresh = [float(subprocess.run([sys.executable, "-c", fresh_code], capture_output=True, text=True, check=True).stdout)
             for _ in range(5)]
    print(f"fresh_process_import_load_check_ms: median {statistics.median(fresh):.1f} (5 runs; imports, "
          "hunspell-vi read, word list built, first check with cold caches)")

    from chibo.loader import load_file
    from chibo.report import check_report
    from chibo import spelling
    from chibo.spelling import misspellings
    from chibo.vietnamese import normalize_text

    def forget_texts() -> None:
        """Texts already checked are kept (chibo.textcache): forgotten before each timed run,
        so that these runs measure the check of a text not seen before."""
        spelling._kept_misspellings.clear()
        spelling._kept_styles.clear()

    text = normalize_text(seed.read_text(encoding="utf-8"))
    misspellings(text)  # warm: dictionaries loaded, syllable caches filled
    runs = []
    for _ in range(50):
        forget_texts()
        started = time.perf_counter()
        misspellings(text)
        runs.append((time.perf_counter() - started) * 1000)
    warm = statistics.median(runs)
    print(f"warm_check_template_ms: median {warm:.2f} p90 {sorted(runs)[44]:.2f} ({len(text)} characters; "
          "dictionaries loaded, the text not checked before)")
    started = time.perf_counter()
    for _ in range(50):
        misspellings(text)
    print(f"same_text_again_ms: {(time.perf_counter() - started) * 1000 / 50:.3f} (kept per text, as on an autosave)")
    report = load_file(ROOT / "examples" / "thcs-2026.yaml").report
    check_report(report)
    runs = []
    for _ in range(20):
        forget_texts()
        started = time.perf_counter()
        check_report(report)
        runs.append((time.perf_counter() - started) * 1000)
    print(f"warm_check_report_all_rules_ms: median {statistics.median(runs):.2f} (thcs-2026, every rule incl. spelling)")
    print(f"warm_vs_target_ratio: {warm / TARGET_MS:.3f} (target {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
