"""Who may see and change what. Every view asks here, about the object itself."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from . import save
from .models import EDITABLE, Cell, Membership, Report


def membership(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def visible_cells(user):
    m = membership(user)
    if user.is_superuser:
        return Cell.objects.all()
    if m is None:
        return Cell.objects.none()
    if m.role == Membership.OFFICE:
        return Cell.objects.filter(organisation=m.organisation)
    return Cell.objects.filter(pk=m.cell_id)


def visible_reports(user):
    return Report.objects.filter(cell__in=visible_cells(user)).select_related("cell")


def listed_reports(user):
    """The reports a list shows: who last saved them, never their data (a large
    đảng bộ has thousands of reports, each a sizeable JSON blob)."""
    return (
        visible_reports(user)
        .select_related("updated_by")
        .only(
            "id", "year", "updated_at", "cell__name", "cell__organisation_id", "status", "submitted_at",
            "updated_by__username", "updated_by__first_name", "updated_by__last_name",
        )
    )


def with_report_years(cells):
    """Cells with each report's id, year and status, fetched in one query for all cells."""
    years = Report.objects.only("id", "cell_id", "year", "status").order_by("-year")
    return cells.prefetch_related(Prefetch("reports", queryset=years))


def report_for(user, pk: int) -> Report:
    """The report if this user may read it; 404 otherwise, as if it did not exist."""
    try:
        return visible_reports(user).get(pk=pk)
    except Report.DoesNotExist:
        raise Http404("Không có báo cáo này.") from None


def repaired_report_for(user, pk: int) -> Report:
    """:func:`report_for`, its data cleaned of values stored before saves were checked
    (save.repair), for the editor's and the status pages' views."""
    report = report_for(user, pk)
    report.data = save.repair(report.data)
    return report


def can_write(user, report: Report) -> bool:
    m = membership(user)
    return m is not None and m.role == Membership.SECRETARY and m.cell_id == report.cell_id


def can_edit(user, report: Report) -> bool:
    """Writing now: the cell's secretary, while the report is a draft or returned."""
    return can_write(user, report) and report.status in EDITABLE


def can_review(user, report: Report) -> bool:
    """Returning or approving: the office of the report's own đảng bộ."""
    m = membership(user)
    return m is not None and m.role == Membership.OFFICE and m.organisation_id == report.cell.organisation_id


def can_comment(user, report: Report) -> bool:
    return membership(user) is not None  # anyone who can read it (report_for checked that)


def can_resolve(user, report: Report, remark) -> bool:
    """Marking a remark resolved (or reopening it): its author, the office, and the
    cell's secretary, who acts on it; a reviewer only on their own remarks."""
    if not can_comment(user, report):
        return False
    return remark.author_id == user.pk or is_office(user) or can_write(user, report)


def is_office(user) -> bool:
    m = membership(user)
    return m is not None and m.role == Membership.OFFICE


def writable_cell(user) -> Cell | None:
    m = membership(user)
    return m.cell if m is not None and m.role == Membership.SECRETARY else None
