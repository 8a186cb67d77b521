"""One way to commit a new version of a report: every save, restore, creation and import.

``Report.version`` counts revisions and is what a save's ``base_version`` is compared
with, so another person's save is always caught. A ``ReportVersion`` row is what
people see in the list: autosaves by the same person within ``MERGE_WINDOW`` of the
row's start are merged into it (its data replaced, its number moved up to the new
revision), so a few minutes' typing is one version, not thirty. Rows with a note
(creation, restore, import) and rows a submission froze are never merged into.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

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
    assert transaction.get_connection().in_atomic_block, "commit() runs inside the caller's transaction"
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
