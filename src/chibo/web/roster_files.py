"""The member list as a file: template, export, and an import previewed before it is saved.

An upload is read whole (chibo.roster_file) and shown: every bad row, or the members
it would save. Only a clean file is kept, in the session, until the secretary
confirms; the confirmation replaces the roster as one new version.
"""

from __future__ import annotations

import copy
import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from chibo.labels import Education, Sex, TheoryLevel
from chibo.model import Member
from chibo.roster_file import HEADERS, MAX_BYTES, FileRefused, export_csv, export_xlsx, read_roster, template_xlsx

from . import access, cycle, save, versions
from .models import Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STEP = "dang-vien"
_log = logging.getLogger("chibo.web")


def _session_key(report: Report) -> str:
    return f"roster-import-{report.pk}"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def template(request, pk: int):
    access.report_for(request.user, pk)  # only people who see a report get here
    return _xlsx(template_xlsx(), "Mẫu danh sách đảng viên.xlsx")


@login_required
def export(request, pk: int):
    report = access.report_for(request.user, pk)
    data = save.repair(report.data)
    roster = (data.get("members") or {}).get("roster") or []
    name = f"Danh sách đảng viên {report.year} - {report.cell.name}"
    if request.GET.get("dinh-dang") == "csv":
        response = HttpResponse(export_csv(roster), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
        return response
    return _xlsx(export_xlsx(roster), f"{name}.xlsx")


def _page(request, report: Report, status: int = 200, **context):
    return render(
        request,
        "chibo/roster_import.html",
        {"report": report, "step_key": STEP, "max_mb": MAX_BYTES // 1_000_000, "columns": _COLUMNS, **context},
        status=status,
    )


def _refuse(request, report: Report, status: int, message: str, reason: str):
    _log.warning("roster import refused: user=%s report=%s status=%s reason=%s",
                 request.user.get_username(), report.pk, status, reason)
    return _page(request, report, status=status, refusal=message)


def _writable(request, report: Report):
    if not access.can_write(request.user, report):
        return _refuse(request, report, 403, "Bạn chỉ được xem báo cáo này, không được nhập danh sách.", "read-only user")
    if cycle.is_frozen(report):
        return _refuse(request, report, 409, cycle.frozen_reason(report), f"report {report.status}")
    return None


_COLUMNS = [HEADERS[k] for k in ("name", "sex", "birth_year", "admitted_on", "official_on", "education", "theory")] + [
    Member.model_fields["events"].title
]


def _rows(members: list[dict]) -> list[dict]:
    """The members as the preview shows them (labels, dd/mm/yyyy)."""
    from datetime import date

    def day(text):
        return date.fromisoformat(text).strftime("%d/%m/%Y") if text else ""

    return [
        {
            "name": m["name"],
            "sex": Sex(m["sex"]).label,
            "birth_year": m["birth_year"],
            "admitted_on": day(m["admitted_on"]),
            "official_on": day(m.get("official_on")),
            "education": Education(m["education"]).label,
            "theory": TheoryLevel(m.get("theory", TheoryLevel.NONE.value)).label,
            "events": len(m.get("events") or []),
        }
        for m in members
    ]


def _with_roster(stored: dict, members: list[dict]) -> dict:
    data = copy.deepcopy(save.repair(stored))
    # The counts of section I are computed from the list from now on: typed ones would contradict it.
    data["members"] = {"roster": members}
    return data


def _too_big(data: dict) -> str:
    size = save._size(data)
    if size <= save.MAX_REPORT_BYTES:
        return ""
    return (f"Với danh sách này báo cáo sẽ quá lớn ({size / 1e6:.1f} MB, tối đa {save.MAX_REPORT_BYTES / 1e6:.0f} MB). "
            "Hãy chỉ giữ đảng viên của chi bộ và bỏ các ghi chú dài.")


@login_required
@require_POST
def upload(request, pk: int):
    report = access.report_for(request.user, pk)
    refused = _writable(request, report)
    if refused is not None:
        return refused
    request.session.pop(_session_key(report), None)
    upload = request.FILES.get("tep")
    if upload is None:
        return _refuse(request, report, 400, "Chưa chọn tệp. Hãy chọn tệp .xlsx hoặc .csv danh sách đảng viên.", "no file")
    name = (upload.name or "").lower()
    if not name.endswith((".xlsx", ".csv")):
        return _refuse(
            request, report, 415,
            f"Tệp «{upload.name[:80]}» không phải .xlsx hay .csv. Hãy lưu danh sách thành .xlsx (Excel) hoặc .csv rồi tải lên.",
            "not xlsx or csv",
        )
    if upload.size > MAX_BYTES:
        return _refuse(
            request, report, 413,
            f"Tệp lớn hơn {MAX_BYTES // 1_000_000} MB. Một danh sách đảng viên chỉ cần vài chục KB: hãy lưu riêng bảng danh sách.",
            f"file of {upload.size} bytes",
        )
    content = upload.read(MAX_BYTES + 1)
    known = ((save.repair(report.data).get("members") or {}).get("roster")) or []
    try:
        result = read_roster(content, known=known)
    except FileRefused as refusal:
        return _refuse(request, report, 400, str(refusal), "file refused")
    if not result.ok:
        return _page(request, report, status=422, problems=[str(p) for p in result.problems],
                     bad_rows=len({p.row for p in result.problems}), filename=upload.name,
                     ignored=result.ignored_columns)
    too_big = _too_big(_with_roster(report.data, result.members))
    if too_big:
        return _refuse(request, report, 413, too_big, "report too big with the roster")
    digest = hashlib.sha256(content).hexdigest()[:16]
    request.session[_session_key(report)] = {"members": result.members, "digest": digest}
    return _page(request, report, members=_rows(result.members), count=len(result.members),
                 filename=upload.name, digest=digest, ignored=result.ignored_columns,
                 had_roster=bool(known))


@login_required
@require_POST
def confirm(request, pk: int):
    report = access.report_for(request.user, pk)
    refused = _writable(request, report)
    if refused is not None:
        return refused
    pending = request.session.get(_session_key(report))
    if not pending or pending.get("digest") != request.POST.get("digest"):
        return _refuse(request, report, 409, "Không còn tệp đang chờ nhập (đã nhập, hoặc đã tải tệp khác). Hãy tải tệp lên lại.", "nothing pending")
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if cycle.is_frozen(current):
            return _refuse(request, report, 409, cycle.frozen_reason(current), f"report {current.status}")
        data = _with_roster(current.data, pending["members"])
        data["year"] = current.year
        too_big = _too_big(data)
        if too_big:
            return _refuse(request, report, 413, too_big, "report too big with the roster")
        versions.commit(current, data, request.user,
                        note=f"Nhập danh sách đảng viên từ tệp ({len(pending['members'])} đảng viên)")
    del request.session[_session_key(report)]
    messages.success(request, f"Đã nhập danh sách {len(pending['members'])} đảng viên; các số của mục I được tính từ danh sách.")
    return redirect("report_step", pk=report.pk, step=STEP)
