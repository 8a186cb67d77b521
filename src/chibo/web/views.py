"""Views: each one checks the object it touches (access.py), then calls the core."""

from __future__ import annotations

import copy
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from chibo.compose import compose
from chibo.draft import draft_check, draft_state, next_year_data
from chibo.figures import compute
from chibo.loader import validate
from chibo.render.pdf import PdfError, docx_to_pdf
from chibo.problems import Severity, errors
from chibo.render.to_docx import render_docx

from . import access, accounts, archive, cycle, findings, passwords, remarks, save, throttle
from . import versions as commits
from .editor import STEP_KEYS, carried_over, get, steps
from .forms import CellForm, LoginForm, NewReportForm, NewUserForm
from .session import signed_in
from .models import Cell, Report
from .year import summary_years

# --- sign in (attempts limited by django-axes around authenticate(): throttle.py) ----


class LoginView(auth_views.LoginView):
    template_name = "chibo/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # django's login() rotates the session key
        if passwords.must_change(form.get_user()):  # signed in with the office's one-time password
            response = redirect("password_change")
        throttle.remember_device(self.request, response, form.get_user())
        return response


# --- home ------------------------------------------------------------------------


@login_required
def home(request):
    m = access.membership(request.user)
    cells = access.with_report_years(access.visible_cells(request.user).only("id", "name"))
    dues = cycle.deadlines(m.organisation_id) if m is not None else {}
    return render(
        request,
        "chibo/home.html",
        {
            "membership": m,
            "cells": cycle.with_cycle(cells, dues),
            "reports": cycle.with_deadlines(remarks.with_unread(access.listed_reports(request.user), request.user)),
            "can_create": access.writable_cell(request.user) is not None,
            "is_office": access.is_office(request.user),
            "new_form": NewReportForm(initial={"year": _year_to_propose(request.user)}),
        },
    )


def _year_to_propose(user) -> int:
    """This year, or the first year after it the cell has no report for: a cell that has
    written this year's report is offered next year's."""
    year = timezone.now().year
    cell = access.writable_cell(user)
    if cell is not None:
        written = set(cell.reports.filter(year__gte=year).values_list("year", flat=True))
        while year in written:
            year += 1
    return year


@login_required
@require_POST
def report_new(request):
    cell = access.writable_cell(request.user)
    if cell is None:
        return HttpResponseForbidden("Chỉ bí thư chi bộ được tạo báo cáo.")
    form = NewReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Năm báo cáo không hợp lệ.")
        return redirect("home")
    year = form.cleaned_data["year"]
    previous = Report.objects.filter(cell=cell, year=year - 1).first()
    if form.cleaned_data["from_last_year"] and previous is not None:
        data = next_year_data(save.repair(previous.data))
        data["year"] = year
    else:
        data = {"year": year}
    meta = data.setdefault("meta", {})
    meta.setdefault("party_committee", cell.organisation.name)
    meta.setdefault("cell_name", cell.name)
    meta.setdefault("school_level", cell.school_level)
    try:
        with transaction.atomic():
            report = commits.create(
                cell, year, data, request.user,
                note="Tạo từ báo cáo năm trước" if previous and form.cleaned_data["from_last_year"] else "Tạo mới",
            )
    except IntegrityError:
        existing = Report.objects.get(cell=cell, year=year)
        messages.info(request, f"Chi bộ đã có báo cáo năm {year}; mở báo cáo đó.")
        return redirect("report_step", pk=existing.pk, step=STEP_KEYS[0])
    return redirect("report_step", pk=report.pk, step=STEP_KEYS[0])


# --- the editor ------------------------------------------------------------------


def _problems_json(problems, all_steps) -> list[dict]:
    return findings.as_json(problems, all_steps)


@login_required
def report_step(request, pk: int, step: str):
    report = access.repaired_report_for(request.user, pk)
    checked = draft_check(report.data)  # once: the steps and the problems share it
    all_steps = steps(report.data, checked.report)
    by_key = {s.key: s for s in all_steps}
    if step not in by_key and step != "xem-truoc":
        raise Http404("Không có bước này.")
    problems, figures = checked.problems, checked.summary()
    findings.count_by_step(problems, all_steps)
    problems_json = _problems_json(problems, all_steps)
    context = {
        "report": report,
        "steps": all_steps,
        "step": by_key.get(step),
        "step_key": step,
        "writable": access.can_edit(request.user, report),
        **cycle.status_context(request.user, report, with_timeline=step in (STEP_KEYS[0], "xem-truoc")),
        "problems": problems_json,
        "figures": figures,
        "n_errors": len(errors(problems)),
        "carried_over": len(carried_over(report.data)),
        **remarks.editor_context(request.user, report, step, all_steps),
        "state_json": {
            "saveUrl": reverse("report_save", args=[report.pk]),
            "version": report.version,
            "problems": problems_json,
            "figures": figures,
            "reportId": report.pk,
        },
    }
    # The compact step bar on phones: "Bước 2/7" between the previous and next steps.
    order = [s.key for s in all_steps] + ["xem-truoc"]
    index = order.index(step)
    context["step_number"], context["step_count"] = index + 1, len(order)
    context["step_title"] = by_key[step].title if step in by_key else "Xem trước, tải về"
    context["previous_step"] = order[index - 1] if index > 0 else None
    context["next_step"] = order[index + 1] if index + 1 < len(order) else None
    if step == "xem-truoc":
        from chibo.render.to_html import profile_css

        context["preview"] = _preview_html(report)
        context["preview_css"] = profile_css()
        return render(request, "chibo/preview.html", context)
    return render(request, "chibo/step.html", context)


_log = logging.getLogger("chibo.web")


def _refuse_save(request, report: Report, status: int, message: str, reason: str, path: str | None = None):
    _log.warning("save refused: user=%s report=%s status=%s reason=%s",
                 request.user.get_username(), report.pk, status, reason)
    return JsonResponse({"error": message, "path": path} if path else {"error": message}, status=status)


def _refuse_frozen(request, report: Report):
    """A submitted or approved report: 409, and "frozen" tells app.js to stop editing."""
    _log.warning("save refused: user=%s report=%s status=409 reason=%s",
                 request.user.get_username(), report.pk, f"report {report.status}")
    return JsonResponse({"error": cycle.frozen_reason(report), "frozen": True}, status=409)


@signed_in  # a lapsed session: 401 JSON that app.js shows, not a redirect to a page
@require_POST
def report_save(request, pk: int):
    """Everything is checked (save.checked) before the write lock is taken."""
    report = access.repaired_report_for(request.user, pk)
    if not access.can_write(request.user, report):
        return _refuse_save(request, report, 403, "Bạn chỉ được xem báo cáo này, không được sửa.", "read-only user")
    if cycle.is_frozen(report):
        return _refuse_frozen(request, report)
    try:
        raw = request.body
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return _refuse_save(
            request, report, 413,
            f"Dữ liệu gửi lên quá lớn (tối đa {limit / 1e6:.0f} MB). Hãy rút gọn nội dung vừa dán rồi lưu lại.",
            f"body over {limit} bytes",
        )
    try:
        change = save.checked(raw, report.data)
    except save.Refusal as refusal:
        return _refuse_save(request, report, refusal.status, refusal.message, refusal.reason, refusal.path)
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if cycle.is_frozen(current):  # submitted while this save was being checked
            return _refuse_frozen(request, current)
        current_data = save.repair(current.data)
        if current.version != change.base and not change.force:
            clashes = save.clashes(current_data, save.repair(commits.base_data(current, change.base)), change.typed)
            if clashes:
                return JsonResponse(
                    {
                        "conflict": True,
                        "version": current.version,
                        "updated_by": str(current.updated_by or ""),
                        "updated_at": timezone.localtime(current.updated_at).strftime("%H:%M:%S %d/%m/%Y"),
                        "fields": [
                            {
                                "path": path,
                                "label": change.fields[path].label,
                                "theirs": get(current_data, path),
                                "mine": change.changes[path],
                            }
                            for path in clashes
                        ],
                    },
                    status=409,
                )
        data = save.apply(current_data, change.typed)
        data["year"] = current.year
        # A field left without a change is sent again (blur after an autosave):
        # no new version, or a few minutes' typing leaves dozens of identical ones.
        if data != current.data:
            # Merged only into what this save was based on: a forced save or one made on
            # top of another tab's keeps both in the history.
            commits.commit(current, data, request.user, merge=change.base == current.version and not change.force)
    checked = draft_check(data)  # once: the steps and the problems share it
    return JsonResponse(
        {
            "version": current.version,
            "saved_at": timezone.localtime(current.updated_at).strftime("%H:%M:%S"),
            "problems": _problems_json(checked.problems, steps(data, checked.report)),
            "figures": checked.summary(),
        }
    )


# --- preview and downloads -------------------------------------------------------


def _preview_html(report: Report) -> str | None:
    loaded = validate(report.data)
    if loaded.report is None:
        return None
    from chibo.render.to_html import render_html

    return render_html(compose(loaded.report, compute(loaded.report)))


def _valid_or_problems(request, report: Report):
    loaded = validate(report.data)
    problems = loaded.problems
    if loaded.report is not None:
        from chibo.rules import check

        problems = check(loaded.report)
    if loaded.report is None or errors(problems):
        if loaded.report is None:
            problems, _ = draft_state(report.data)  # every problem at once, not the invalid ones first
        shown = [p for p in problems if p.severity is Severity.ERROR]
        response = render(
            request,
            "chibo/problems.html",
            {"report": report, "problems": findings.as_json(shown, steps(report.data))},
            status=409,
        )
        return None, response
    return loaded.report, None


def _filename(report: Report, ext: str) -> str:
    # Named like the year ZIP's files ("2026 - Chi bộ Trường THCS …"), never a database id.
    return archive.safe_name(f"{report.year} - {report.cell.name}", ext)


@login_required
def download(request, pk: int, fmt: str):
    report = access.repaired_report_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("Không có định dạng này.")
    if cycle.is_frozen(report) and report.submitted_version:
        # What was submitted, byte for byte: made once at submission (cycle.stored_file).
        try:
            data = cycle.stored_file(report, fmt)
        except PdfError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    else:
        valid, refusal = _valid_or_problems(request, report)
        if refusal is not None:
            return refusal
        data = render_docx(compose(valid, compute(valid)))
        if fmt == "pdf":
            try:
                data = docx_to_pdf(data)
            except PdfError as exc:
                return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    if fmt == "pdf":
        content_type = "application/pdf"
    else:
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = archive.content_disposition(_filename(report, fmt))
    return response


# --- versions (comments: remarks.py) -------------------------------------------------------


@login_required
def versions(request, pk: int):
    report = access.report_for(request.user, pk)
    return render(
        request,
        "chibo/versions.html",
        {
            "report": report,
            "versions": report.versions.select_related("created_by")[:200],
            "writable": access.can_edit(request.user, report),
        },
    )


def _version_or_404(report: Report, number: int):
    version = report.versions.select_related("created_by").filter(number=number).first()
    if version is None:
        raise Http404("Không có phiên bản này.")
    version.data = save.repair(version.data)
    return version


@login_required
def version_detail(request, pk: int, number: int):
    """What this version changed from the one before, field label: old → new."""
    report = access.report_for(request.user, pk)
    version = _version_or_404(report, number)
    previous = commits.previous_data(report, number)
    # The first version is the whole report, not a change: nothing is listed.
    changed, more = commits.changes(save.repair(previous), version.data) if previous is not None else ([], 0)
    return render(
        request,
        "chibo/version.html",
        {
            "report": report,
            "version": version,
            "changes": changed,
            "more": more,
            "writable": access.can_edit(request.user, report) and number != report.version,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_restore(request, pk: int, number: int):
    """GET (or a POST without «confirm»): what restoring would change, and the button;
    POST with confirm: restore, as a version of its own."""
    report = access.report_for(request.user, pk)
    if not access.can_write(request.user, report):
        return HttpResponseForbidden("Bạn chỉ được xem báo cáo này.")
    version = _version_or_404(report, number)
    if cycle.is_frozen(report):
        messages.error(request, f"Chưa khôi phục phiên bản {number}: {cycle.frozen_reason(report)}")
        return redirect("report_versions", pk=report.pk)
    if request.method == "GET" or request.POST.get("confirm") != "1":
        changed, more = commits.changes(save.repair(report.data), version.data)
        return render(request, "chibo/version_restore.html",
                      {"report": report, "version": version, "changes": changed, "more": more})
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if cycle.is_frozen(current):
            messages.error(request, f"Chưa khôi phục phiên bản {number}: {cycle.frozen_reason(current)}")
            return redirect("report_versions", pk=report.pk)
        commits.commit(current, copy.deepcopy(version.data), request.user, note=f"Khôi phục phiên bản {number}")
    messages.success(request, f"Đã khôi phục phiên bản {number} (lưu thành phiên bản {current.version}).")
    return redirect("report_step", pk=report.pk, step=STEP_KEYS[0])


# --- the committee office ----------------------------------------------------------


@login_required
def office(request):
    if not access.is_office(request.user):
        raise Http404()
    m = access.membership(request.user)
    cells = access.with_report_years(
        Cell.objects.filter(organisation=m.organisation).only("id", "name", "school_level")
    )
    users = accounts.listed(m.organisation)
    cell_form = CellForm()
    user_form = NewUserForm(organisation=m.organisation)
    if request.method == "POST":
        # The forms check uniqueness; IntegrityError is the same clash lost to a race.
        if request.POST.get("form") == "cell":
            cell_form = CellForm(request.POST, organisation=m.organisation)
            if cell_form.is_valid():
                try:
                    with transaction.atomic():
                        Cell.objects.create(organisation=m.organisation, **cell_form.cleaned_data)
                except IntegrityError:
                    cell_form.add_error("name", CellForm.DUPLICATE)
                else:
                    messages.success(request, "Đã thêm chi bộ.")
                    return redirect("office")
        elif request.POST.get("form") == "user":
            user_form = NewUserForm(request.POST, organisation=m.organisation)
            if user_form.is_valid():
                try:
                    with transaction.atomic():
                        user_form.save()
                except IntegrityError:
                    user_form.add_error("username", NewUserForm.TAKEN)
                else:
                    messages.success(request, "Đã tạo tài khoản.")
                    return redirect("office")
    dues = cycle.deadlines(m.organisation_id)
    return render(
        request,
        "chibo/office.html",
        {"cells": cycle.with_cycle(cells, dues), "users": users, "cell_form": cell_form, "user_form": user_form,
         "organisation": m.organisation, "deadlines": sorted(dues.items(), reverse=True),
         "summary_years": summary_years(m.organisation, dues),
         "deadline_form": cycle.DeadlineForm(initial={"year": timezone.localdate().year})},
    )
