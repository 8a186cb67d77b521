"""One way to commit a new version of a report: every save, restore, creation and import.

``Report.version`` counts revisions and is what a save's ``base_version`` is compared
with, so another person's save is always caught. A ``ReportVersion`` row is what
people see in the list: autosaves by the same person within ``MERGE_WINDOW`` of the
row's start are merged into it (its data replaced, its number moved up to the new
revision), so a few minutes' typing is one version, not thirty. Rows with a note
(creation, restore, import) and rows a submission froze are never merged into.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from chibo import fieldpaths
from chibo.model import field_titles
from chibo.roster_file import mask
from chibo.vietnamese import format_int

from . import editor
from .models import Report, ReportVersion, Transition

MERGE_WINDOW = timedelta(minutes=10)


def _mergeable(report: Report, user) -> ReportVersion | None:
    """The latest row, if this autosave by ``user`` may be merged into it."""
    if user is None or report.version == report.submitted_version:
        return None
    last = ReportVersion.objects.filter(report=report, number=report.version).first()
    if (
        last is None
        or last.note
        or last.created_by_id != user.pk
        or last.created_at < timezone.now() - MERGE_WINDOW
        # A version a status change points at (submitted, returned, approved) stays as it was.
        or Transition.objects.filter(report=report, version=last.number).exists()
    ):
        return None
    return last


def commit(report: Report, data: dict, user, *, note: str = "", merge: bool = False) -> ReportVersion:
    """Make ``data`` the report's current data as a new revision, by ``user``.

    ``report`` must be locked by the caller (``select_for_update`` inside
    ``transaction.atomic``) or be new. ``merge``: an autosave, which may be folded
    into the same person's version of the last ten minutes; creation, restore,
    import and anything with a ``note`` always make their own version.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("versions.commit() runs inside the caller's transaction, the report locked")
    row = _mergeable(report, user) if merge and not note else None
    report.version += 1
    report.data = data
    report.updated_by = user
    report.save()
    if row is not None:
        row.number, row.data = report.version, data
        row.save(update_fields=["number", "data"])
        return row
    return ReportVersion.objects.create(report=report, number=report.version, data=data, created_by=user, note=note)


def create(cell, year: int, data: dict, user, *, note: str) -> Report:
    """A new report with its first version (inside the caller's transaction)."""
    report = Report(cell=cell, year=year, data=data, version=0, updated_by=user)
    report.save()
    commit(report, data, user, note=note)
    return report


def base_data(report: Report, base: int) -> dict:
    """The data a save based on revision ``base`` started from, for the clash check.

    A revision merged into a later row is no longer kept; the newest row at or before
    it is used instead, which can only show a clash that was not one (both values are
    shown and the person chooses), never hide another person's change, except one
    undone within the same merged version.
    """
    data = (
        ReportVersion.objects.filter(report=report, number__lte=base)
        .order_by("-number").values_list("data", flat=True).first()
    )
    return data or {}


# --- what changed, for people --------------------------------------------------------

MAX_CHANGES = 200  # a roster import can change thousands of cells; the rest is counted
_SHORT = 120  # characters of a paragraph shown in a change


@dataclass(frozen=True)
class Change:
    label: str  # the field's titles from the model, «Đảng viên › Số đảng viên đầu năm»
    old: str
    new: str


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1].rstrip() + "…"


def _shown(path: str, value) -> str:
    """A stored value as a person reads it, as the editor shows it: level names, not
    codes; dates and numbers the Vietnamese way; identity numbers masked as in every
    export; a long paragraph shortened."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        # a year is written 2026, a count 1.234
        return str(value) if fieldpaths.parts(path)[-1:] in (("year",), ("birth_year",)) else format_int(value)
    if isinstance(value, float):
        return str(editor.shown("float", value))
    if isinstance(value, list):
        if not value:
            return "(không có)"
        return f"{len(value)} dòng"
    if isinstance(value, dict):
        return f"{len(value)} ô"
    text = str(value)
    if fieldpaths.parts(path)[-1:] == ("identity_number",):
        return mask(text)
    kind, choices = editor.input_kind(path)  # a row number does not change a field's kind
    if kind == "choice":
        text = dict(choices).get(text, text)
    elif kind == "date":
        text = str(editor.shown("date", text))
    return _short(text)


def _at(path: str, part: fieldpaths.Part) -> str:
    return fieldpaths.join((*fieldpaths.parts(path), part))


def _label(path: str) -> str:
    try:
        titles = field_titles(path)
    except Exception:  # a key the model does not know (old data): its path is better than nothing
        return path
    return " › ".join(titles) if titles else path


# Lists of section paths: shown as the sections' labels.
_PATH_LISTS = ("left_out", "carried_over")


def _sections(value) -> str:
    if not isinstance(value, list) or not value:
        return "(không có)"
    return _short("; ".join(_label(p).removeprefix("Nội dung các mục › ") for p in value if isinstance(p, str)))


def _walk(path: str, old, new, out: list[Change]) -> None:
    if old == new:
        return
    if path in _PATH_LISTS:
        out.append(Change(_label(path), _sections(old), _sections(new)))
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            _walk(_at(path, str(key)), old.get(key), new.get(key), out)
        return
    if isinstance(old, list) and isinstance(new, list) and old and new:
        texts = all(isinstance(v, str) for v in [*old, *new])
        what = "đoạn" if texts else "dòng"
        label = _label(path)
        for i in range(max(len(old), len(new))):
            before = old[i] if i < len(old) else None
            after = new[i] if i < len(new) else None
            if before == after:
                continue
            if texts or before is None or after is None or not (isinstance(before, dict) and isinstance(after, dict)):
                shown = (lambda v: _short(v) if isinstance(v, str) else _row(_at(path, i), v))
                out.append(Change(
                    f"{label}, {what} {i + 1}",
                    "(chưa có)" if before is None else shown(before),
                    "(bỏ đi)" if after is None else shown(after),
                ))
            else:
                _walk(_at(path, i), before, after, out)
        return
    if isinstance(old, list) or isinstance(new, list):  # a list begun, emptied or left out
        out.append(Change(_label(path), _list_shown(path, old), _list_shown(path, new)))
        return
    if isinstance(old, dict) or isinstance(new, dict):
        _walk(path, old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}, out)
        return
    out.append(Change(_label(path), _shown(path, old), _shown(path, new)))


def _row(path: str, value) -> str:
    """A whole row added or removed (a member): its cells as the editor shows them."""
    if isinstance(value, dict):
        return _short(", ".join(
            _shown(_at(path, str(k)), v) for k, v in value.items() if v not in (None, "", [], {})))
    return _short(str(value))


def _list_shown(path: str, value) -> str:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return _short(" / ".join(value))
    return _shown(path, value)


def changes(old: dict, new: dict) -> tuple[list[Change], int]:
    """What changed from ``old`` to ``new``, field by field (at most MAX_CHANGES), and
    how many more changes there were."""
    out: list[Change] = []
    _walk("", old or {}, new or {}, out)
    return out[:MAX_CHANGES], max(0, len(out) - MAX_CHANGES)


def previous_data(report: Report, number: int) -> dict | None:
    """The data of the version before ``number`` (None for the first)."""
    return (
        ReportVersion.objects.filter(report=report, number__lt=number)
        .order_by("-number").values_list("data", flat=True).first()
    )
