"""Example reports, varied: many cells' reports for consolidation. A plain module
(``from sample_reports import …``), not conftest, which another conftest can shadow."""

from __future__ import annotations

from pathlib import Path

from chibo.loader import load_file
from chibo.model import Report

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def loaded_example(name: str = "thcs-2026.yaml") -> Report:
    """An example report, read as `chibo check` reads it; it must load."""
    loaded = load_file(EXAMPLES / name)
    assert loaded.report is not None, loaded.problems
    return loaded.report


def example_report(name: str = "thcs-2026.yaml") -> dict:
    """An example report's data as the web stores it."""
    return loaded_example(name).model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def varied_thcs(name: str, k: int, rating: str = "httnv", year: int = 2026) -> dict:
    """The THCS example with other, still consistent, numbers."""
    data = example_report("thcs-2026.yaml")
    data["year"] = year
    data["meta"]["cell_name"] = name
    m = data["members"]
    m["start_of_year"] += k
    m["end_of_year"] += k
    m["official"] += k
    m["women"] += k // 2
    m["admitted"] += k % 3
    m["end_of_year"] += k % 3
    m["probationary"] += k % 3
    s = data["students"]
    s["assessed"] += 37 * k
    s["conduct"]["tot"] += 30 * k
    s["conduct"]["kha"] += 7 * k
    s["learning"]["kha"] += 20 * k
    s["learning"]["dat"] += 17 * k
    s["titles"]["gioi"] += k
    data["classification"]["good"] += k
    data["classification"]["cell_rating"] = rating
    data["targets"]["students"]["conduct_good_rate"] = 80 + k
    return data
