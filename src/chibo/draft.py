"""Reports while they are being written: incomplete data, figures shown as typed.

A draft is the report's data as the user has typed it so far (the shape of the
YAML file). It may miss required fields or hold a wrong value; the figures of
the parts that are right are still worth showing.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import fieldpaths
from .figures import Figures, compute, describe_change, describe_gap, percent
from .loader import validate
from .members import next_year_roster
from .model import NARRATIVE_PATHS, SECTION_PATHS, ChildrenPeriod, Report
from .problems import Problem
from .rules import check
from .labels import SchoolLevel
from .scales import SCALES, default_scale
from .spelling import mixed_tone_problem
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
    return fieldpaths.delete(data, path)


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
        if not _remove_all(data, [p.path for p in loaded.problems if p.path]):
            return None
    return None


def _row_of(path: str) -> str:
    """The list row a path is in ("members.roster[3].sex" -> "members.roster[3]"), or ""."""
    parts = fieldpaths.parts(path)
    rows = [n for n, part in enumerate(parts) if isinstance(part, int)]
    return fieldpaths.join(parts[: rows[-1] + 1]) if rows else ""


def _remove_all(data: dict, paths: list[str]) -> bool:
    """Remove each path, or its row when the path is a missing required field (a member
    half typed); rows from the last, so earlier indexes still point where they did."""
    targets = set()
    for path in paths:
        if _remove(data, path):
            targets.add(None)
        elif _row_of(path):
            targets.add(_row_of(path))
    rows = sorted((t for t in targets if t), key=_sort_key, reverse=True)
    removed = [_remove(data, row) for row in rows]
    return None in targets or any(removed)


def _sort_key(path: str) -> tuple:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in fieldpaths.parts(path))


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
            # every count when a roster gives them, so the editor can show them read-only
            "computed": c if f.members.from_roster else None,
        },
        "students": None,
        "classification": {
            "rated": f.classification.rated,
            "not_rated": f.classification.not_rated,
            "members": f.classification.members,
            "rows": [
                {"code": r.code, "label": r.label, "count": "—" if r.count is None else r.count,
                 "percent": f.pct(r.percent)}
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
                            "count": "—" if r.count is None else format_int(r.count),
                            "percent": f.pct(r.percent),
                            "change": describe_change(r.change, f.decimals),
                            "gap": describe_gap(r.gap, f.decimals),
                        }
                        for r in d.rows
                    ],
                }
                for d in f.students.dimensions
            ],
            # each phẩm chất, năng lực given (TT27, TT30): its levels and whether they add up
            "qualities": [
                {
                    "label": q.quality.label,
                    "assessed": q.assessed,
                    "total": q.total,
                    "rows": [{"label": r.label, "count": "—" if r.count is None else format_int(r.count),
                              "percent": f.pct(r.percent)}
                             for r in q.rows],
                }
                for q in f.students.qualities
            ],
        }
    return summary


@dataclass
class DraftCheck:
    """A draft checked once: every problem, the report of what is right (the report
    itself when ``valid``) and its figures; report and figures None when nothing can
    be computed."""

    problems: list[Problem]
    report: Report | None
    figures: Figures | None
    valid: bool

    def summary(self) -> dict | None:
        """The figures the editor shows beside the fields."""
        return figures_summary(self.report, self.figures) if self.report is not None else None


def draft_check(data: dict) -> DraftCheck:
    # Tone styles are seen in the text as typed: the model has made them one.
    tones = mixed_tone_problem(data)
    loaded = validate(data if isinstance(data, dict) else {})
    if loaded.report is not None:
        figures = compute(loaded.report)
        return DraftCheck(check(loaded.report, figures) + tones, loaded.report, figures, True)
    lenient = lenient_report(data)
    if lenient is None:
        return DraftCheck(loaded.problems + tones, None, None, False)
    # The checks run on what is valid too, so every problem shows at once, not in
    # stages; a check about a value that is itself invalid would only repeat it.
    figures = compute(lenient)
    invalid = [p.path for p in loaded.problems]
    later = [p for p in check(lenient, figures) if not any(_related(p.path, bad) for bad in invalid)]
    return DraftCheck(loaded.problems + later + tones, lenient, figures, False)


def draft_state(data: dict) -> tuple[list[Problem], dict | None]:
    """Every problem of the draft, and the figures of what can be computed."""
    checked = draft_check(data)
    return checked.problems, checked.summary()


def _related(path: str, other: str) -> bool:
    """One path is the other or lies inside it ("members" and "members.official")."""
    if not path or not other:
        return False
    short, long = sorted((path, other), key=len)
    return long == short or long.startswith(short + ".") or long.startswith(short + "[")


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text_at(data: dict, path: str) -> bool:
    """Whether the paragraph field at a dotted path holds any text."""
    node = fieldpaths.get(data, path)
    if isinstance(node, list):
        return any(isinstance(p, str) and p.strip() for p in node)
    return isinstance(node, str) and bool(node.strip())


def clear_marks(data: dict, paths) -> dict:
    """``data`` with the "chép từ năm trước" marks of ``paths`` removed (edited, or kept as they are)."""
    marks = data.get("carried_over")
    if isinstance(marks, list) and any(p in marks for p in paths):
        left = [m for m in marks if m not in set(paths)]
        if left:
            data["carried_over"] = left
        else:
            del data["carried_over"]
    return data


def _scale_of(data: dict, year: int):
    """The scale a report's students are on: its chosen one, else the one in force."""
    chosen = _dict(data.get("students")).get("scale")
    if chosen in SCALES:
        return SCALES[chosen]
    try:
        return default_scale(SchoolLevel(_dict(data.get("meta")).get("school_level")), year)
    except ValueError:
        return None


def next_year_data(previous: dict) -> dict:
    """Next year's draft from this year's report: names, narrative and figures carried over.

    Last year's targets for the new year become the targets to judge against;
    last year's end-of-year members are this year's start (or the roster, members
    who left gone); education and theory levels, the area compared with (not its
    rates), last year's student results as the comparison, the school's figures and
    the cell's symbol and section titles are kept. The number
    and the date are left blank. Every paragraph copied is listed in
    ``carried_over`` until it is edited or kept as it is.
    """
    previous = copy.deepcopy(previous)
    year = previous.get("year")
    year = year + 1 if isinstance(year, int) else date.today().year
    meta = {
        k: v
        for k, v in _dict(previous.get("meta")).items()
        if k in ("party_committee", "cell_name", "school_level", "place", "signer_name", "signer_role", "recipients")
    }
    data: dict[str, Any] = {"year": year, "meta": meta}
    members = _dict(previous.get("members"))
    roster = next_year_roster(members.get("roster"))
    if roster:  # the counts, last year's end included, are computed from it
        data["members"] = {"roster": roster}
    elif members.get("end_of_year") is not None:
        data["members"] = {"start_of_year": members["end_of_year"]}
    # The chi ủy is elected for a term: kept to be checked. The year's counts of quần chúng
    # and a typed average age are not.
    committee = {k: v for k, v in _dict(members.get("committee")).items() if v is not None}
    if committee:
        data.setdefault("members", {})["committee"] = committee
    if not roster:  # levels change slowly: kept to be checked, not retyped
        for group in ("education", "theory"):
            if _dict(members.get(group)):
                data.setdefault("members", {})[group] = members[group]
    students = _dict(previous.get("students"))
    last = {k: students[k] for k in ("assessed", "conduct", "learning", "titles", "qualities") if students.get(k)}
    carried: dict[str, Any] = {}
    if last:
        carried["last_year"] = last
        before = _scale_of(previous, year - 1)
        if before is not None and before is not _scale_of({"meta": meta}, year):
            last["scale"] = before.code  # the circular changed: compare only what corresponds
        elif students.get("scale"):
            carried["scale"] = students["scale"]
    area = _dict(students.get("area"))
    place = {k: area[k] for k in ("level", "name") if area.get(k)}  # the rates are new each year
    if place:
        carried["area"] = place
    if carried:
        data["students"] = carried
    # A preschool's children: this year's figures become last year's, to compare with.
    children = _dict(previous.get("children"))
    before = {k: v for k, v in children.items() if k in ChildrenPeriod.model_fields and v not in (None, {}, "")}
    if before:
        data["children"] = {"last_year": before}
    # The school's staff, groups and organisations change slowly: kept to be checked.
    school = {k: v for k, v in _dict(previous.get("school")).items() if v is not None}
    if school:
        data["school"] = school
    # The cell's own symbol and section titles are its habits; Căn cứ lines, the title
    # line and extra sections name this year's documents and events, so they start empty.
    structure = {k: v for k, v in _dict(previous.get("structure")).items() if k in ("symbol", "headings") and v}
    if isinstance(structure.get("headings"), list):  # a part's title names its years: one year on
        structure["headings"] = [_years_on(row, year - 1) for row in structure["headings"]]
    if structure:
        data["structure"] = structure
    if previous.get("targets"):
        data["targets_set"] = previous["targets"]
    # A section left out stays out (it usually does not apply to the cell), unmarked.
    left_out = [p for p in previous.get("left_out") or [] if p in SECTION_PATHS]
    if left_out:
        data["left_out"] = left_out
    narrative = _dict(previous.get("narrative"))
    if narrative:
        data["narrative"] = narrative
        marks = [path for path in NARRATIVE_PATHS if _text_at(data, path) and not _under(path, left_out)]
        if marks:  # each stays marked until edited or kept as it is (rules: a cảnh báo)
            data["carried_over"] = marks
    if previous.get("options"):
        data["options"] = previous["options"]
    return data


def _years_on(row, year: int):
    """A retitled heading with the report's years moved one on («năm 2017» → «năm 2018»,
    «năm 2018» → «năm 2019»), so last year's titles of the parts fit the new report."""
    if not isinstance(row, dict) or not isinstance(row.get("title"), str):
        return row
    title = re.sub(rf"\b({year}|{year + 1})\b", lambda m: str(int(m.group()) + 1), row["title"])
    return {**row, "title": title}


def _under(path: str, sections: list[str]) -> bool:
    """Whether ``path`` is one of ``sections`` or inside one (a whole group left out)."""
    return any(path == s or path.startswith(s + ".") for s in sections)
