"""Reports while they are being written: incomplete data, figures shown as typed.

A draft is the report's data as the user has typed it so far (the shape of the
YAML file). It may miss required fields or hold a wrong value; the figures of
the parts that are right are still worth showing.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from .figures import Figures, compute, describe_change, describe_gap, percent
from .loader import validate
from .model import Report
from .problems import Problem
from .rules import check
from .vietnamese import format_int

# Stand-ins for required fields, only to compute figures of an unfinished draft.
_PLACEHOLDERS = {
    "party_committee": "Đảng bộ",
    "cell_name": "Chi bộ",
    "school_level": "thcs",
    "place": "-",
    "signer_name": "-",
}


def _remove(data: dict, path: str) -> bool:
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]
    node: Any = data
    for part in parts[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        del node[parts[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def lenient_report(data: dict) -> Report | None:
    """The report with its invalid parts left out, for figures only; None if even that fails."""
    data = copy.deepcopy(data) if isinstance(data, dict) else {}
    data.setdefault("year", date.today().year)
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    data["meta"] = meta
    for name, value in _PLACEHOLDERS.items():
        if not meta.get(name):
            meta[name] = value
    if not meta.get("date"):
        meta["date"] = f"{data['year']}-12-31" if isinstance(data["year"], int) else "2000-12-31"
    for _ in range(5):
        loaded = validate(data)
        if loaded.report is not None:
            return loaded.report
        if not any(_remove(data, p.path) for p in loaded.problems if p.path):
            return None
    return None


def figures_summary(report: Report, figures: Figures | None = None) -> dict:
    """What the editor shows beside the fields: totals, percentages, comparisons."""
    f = figures or compute(report)
    c = f.members.counts
    summary: dict[str, Any] = {
        "members": {
            "expected_end": f.members.expected_end,
            "end_of_year": c["end_of_year"],
            "official_plus_probationary": (c["official"] or 0) + (c["probationary"] or 0)
            if c["official"] is not None or c["probationary"] is not None
            else None,
            "women_pct": f.pct(percent(c["women"], c["end_of_year"])),
        },
        "students": None,
        "classification": {
            "rated": f.classification.rated,
            "not_rated": f.classification.not_rated,
            "members": f.classification.members,
            "rows": [
                {"code": r.code, "label": r.label, "count": r.count, "percent": f.pct(r.percent)}
                for r in f.classification.rows
            ],
        },
        "targets": [
            {
                "label": t.label,
                "target": t.target_text,
                "achieved": t.achieved,
            }
            for t in f.targets
        ],
    }
    if f.students is not None:
        summary["students"] = {
            "scale": f.students.scale.source,
            "dimensions": [
                {
                    "key": d.dimension.key,
                    "label": d.dimension.label,
                    "assessed": d.assessed,
                    "total": d.total,
                    "rows": [
                        {
                            "code": r.code,
                            "label": r.label,
                            "count": format_int(r.count),
                            "percent": f.pct(r.percent),
                            "change": describe_change(r.change, f.decimals),
                            "gap": describe_gap(r.gap, f.decimals),
                        }
                        for r in d.rows
                    ],
                }
                for d in f.students.dimensions
            ],
        }
    return summary


def draft_state(data: dict) -> tuple[list[Problem], dict | None]:
    """Every problem of the draft, and the figures of what can be computed."""
    loaded = validate(data if isinstance(data, dict) else {})
    if loaded.report is not None:
        figures = compute(loaded.report)
        return check(loaded.report, figures), figures_summary(loaded.report, figures)
    lenient = lenient_report(data)
    return loaded.problems, figures_summary(lenient) if lenient else None


def next_year_data(previous: dict) -> dict:
    """Next year's draft from this year's report: names, narrative and figures carried over.

    Last year's targets for the new year become the targets to judge against;
    last year's end-of-year members are this year's start; last year's
    student results become the comparison.
    """
    previous = copy.deepcopy(previous)
    year = previous.get("year")
    year = year + 1 if isinstance(year, int) else date.today().year
    meta = {
        k: v
        for k, v in (previous.get("meta") or {}).items()
        if k in ("party_committee", "cell_name", "school_level", "place", "signer_name", "signer_role", "recipients")
    }
    data: dict[str, Any] = {"year": year, "meta": meta}
    members = previous.get("members") or {}
    if members.get("end_of_year") is not None:
        data["members"] = {"start_of_year": members["end_of_year"]}
    students = previous.get("students") or {}
    last = {k: students[k] for k in ("assessed", "conduct", "learning", "titles") if students.get(k)}
    if last:
        data["students"] = {"last_year": last}
        if students.get("scale"):
            data["students"]["scale"] = students["scale"]
    if previous.get("targets"):
        data["targets_set"] = previous["targets"]
    if previous.get("narrative"):
        data["narrative"] = previous["narrative"]
    if previous.get("options"):
        data["options"] = previous["options"]
    return data
