"""The report's lifecycle: Nháp → Đã nộp → (Trả lại → Nháp …) → Đã duyệt.

Every change of status is a POST that locks the report row and checks the status
inside the transaction, so a double click, or a submission racing an approval,
records one transition, never two. Submitting freezes a version: its DOCX and PDF
are made once and kept (SubmittedFile); downloads and exports of it serve those bytes.
"""

from __future__ import annotations

import datetime
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chibo.compose import compose
from chibo.draft import draft_check
from chibo.figures import compute
from chibo.loader import validate
from chibo.problems import Severity
from chibo.render.pdf import PdfError, docx_to_pdf
from chibo.render.to_docx import render_docx

from . import access, findings, save
from .editor import STEP_KEYS, steps
from .models import EDITABLE, Comment, Deadline, Report, ReportVersion, Status, SubmittedFile, Transition

_log = logging.getLogger("chibo.web")

# What the office and the secretary read in the banner and in a refused save.
FROZEN_SUBMITTED = "Báo cáo đã nộp {when} — đang chờ văn phòng đảng ủy xem xét; không sửa được."
FROZEN_APPROVED = "Báo cáo đã được văn phòng đảng ủy duyệt{when}; không sửa được."


def when(moment: datetime.datetime | None) -> str:
    """'ngày 20/12/2026 lúc 14:05', in the server's time zone (Asia/Ho_Chi_Minh)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"ngày {local:%d/%m/%Y} lúc {local:%H:%M}"


def is_frozen(report: Report) -> bool:
    return report.status not in EDITABLE


def frozen_reason(report: Report) -> str:
    """Why the report cannot be edited, for the editor's banner and a refused save."""
    if report.status == Status.APPROVED:
        approved = report.transitions.filter(to_status=Status.APPROVED).order_by("-at", "-id").first()
        return FROZEN_APPROVED.format(when=" " + when(approved.at) if approved else "")
    return FROZEN_SUBMITTED.format(when=when(report.submitted_at))


def overdue(status: str | None, due: datetime.date | None, today: datetime.date | None = None) -> bool:
    """Past the deadline and not submitted: no report, a draft, or returned and not resubmitted."""
    if due is None:
        return False
    today = today or timezone.localdate()
    return today > due and (status is None or status in EDITABLE)


def deadlines(organisation_id: int) -> dict[int, datetime.date]:
    """Year → hạn nộp, for one đảng bộ."""
    return dict(Deadline.objects.filter(organisation_id=organisation_id).values_list("year", "due"))


def with_deadlines(reports) -> list[Report]:
    """The reports of a list, each with `.due` and `.overdue` (one query for all)."""
    reports = list(reports)
    organisations = {r.cell.organisation_id for r in reports}
    dues = {
        (organisation, year): due
        for organisation, year, due in Deadline.objects.filter(organisation_id__in=organisations).values_list(
            "organisation_id", "year", "due"
        )
    }
    today = timezone.localdate()
    for r in reports:
        r.due = dues.get((r.cell.organisation_id, r.year))
        r.overdue = overdue(r.status, r.due, today)
    return reports


def with_cycle(cells, dues: dict[int, datetime.date]) -> list:
    """Cells (their reports prefetched) for the office's lists: each report with its due
    date and whether it is late; `.missing` when a cell has no report for the latest
    year with a deadline (the cycle under way)."""
    cells = list(cells)
    today = timezone.localdate()
    current = max(dues, default=None)
    for cell in cells:
        cell.listed = list(cell.reports.all())
        for r in cell.listed:
            r.due = dues.get(r.year)
            r.overdue = overdue(r.status, r.due, today)
        cell.missing = None
        if current is not None and not any(r.year == current for r in cell.listed):
            cell.missing = {"year": current, "due": dues[current], "overdue": overdue(None, dues[current], today)}
    return cells


def problems_of(data: dict):
    """(lỗi, cảnh báo), exactly as the editor computes them."""
    return _by_severity(draft_check(save.repair(data)).problems)


def _by_severity(problems) -> tuple[list, list]:
    return (
        [p for p in problems if p.severity is Severity.ERROR],
        [p for p in problems if p.severity is not Severity.ERROR],
    )


def _problems_and_steps(report: Report):
    """(lỗi, cảnh báo) and the editor's steps they link to, from one reading of the report."""
    data = save.repair(report.data)
    checked = draft_check(data)
    return _by_severity(checked.problems), steps(data, checked.report)


# --- the files of a submitted version ------------------------------------------------


def _docx_of(data: dict) -> bytes:
    """The same render path as the editor's download: validate, compose, render."""
    loaded = validate(save.repair(data))
    if loaded.report is None:
        raise ValueError("the report does not validate")
    return render_docx(compose(loaded.report, compute(loaded.report)))


def _store(report: Report, version: int, kind: str, content: bytes) -> bytes:
    """Keep the bytes; when another request stored them first, theirs are kept and returned."""
    try:
        with transaction.atomic():
            SubmittedFile.objects.create(report=report, version=version, kind=kind, content=content, size=len(content))
    except IntegrityError:
        return bytes(SubmittedFile.objects.get(report=report, version=version, kind=kind).content)
    return content


def stored_file(report: Report, kind: str) -> bytes:
    """The DOCX or PDF of the report's submitted version, made and kept on first need
    (a PDF LibreOffice could not make at submission, or a report submitted before
    files were kept). Raises PdfError when the PDF still cannot be made."""
    version = report.submitted_version
    found = (
        SubmittedFile.objects.filter(report=report, version=version, kind=kind)
        .values_list("content", flat=True)
        .first()
    )
    if found is not None:
        return bytes(found)
    if kind == SubmittedFile.PDF:
        return _store(report, version, kind, docx_to_pdf(stored_file(report, SubmittedFile.DOCX)))
    data = ReportVersion.objects.filter(report=report, number=version).values_list("data", flat=True).first()
    return _store(report, version, kind, _docx_of(data if data is not None else report.data))


def _summary_of(report: Report) -> dict:
    from chibo.consolidate import summarize

    return summarize(save.repair(report.data), year=report.year)


def refresh_summary(report: Report) -> None:
    """The office's row for the report's current version (chibo.consolidate), stored
    only if no save came in between, so a newer version never gets an older row."""
    summary = _summary_of(report)
    Report.objects.filter(pk=report.pk, version=report.version).update(summary=summary, summary_version=report.version)
    report.summary, report.summary_version = summary, report.version


# --- transitions ----------------------------------------------------------------------


class Refused(Exception):
    """A transition the report's current status does not allow; the message is for users."""


def _not_from(current: Report, action: str) -> str:
    if current.status == Status.SUBMITTED:
        return f"Báo cáo đã được nộp {when(current.submitted_at)}, đang chờ xem xét; không {action} được nữa."
    if current.status == Status.APPROVED:
        return f"Báo cáo đã được duyệt; không {action} được nữa."
    return f"Báo cáo đang ở trạng thái “{current.get_status_display()}” (chưa nộp) nên không {action} được."


def _record(current: Report, user, to: str, remark: str = "") -> Transition:
    step = Transition.objects.create(
        report=current, from_status=current.status, to_status=to, by=user, version=current.version, remark=remark
    )
    _log.info("report %s: %s -> %s by %s (version %s)",
              current.pk, current.status, to, user.get_username(), current.version)
    current.status = to
    return step


def _moved_on(version: int) -> Refused:
    return Refused(
        f"Báo cáo vừa được lưu thêm (nay là phiên bản {version}) sau khi bạn mở trang nộp và các "
        "cảnh báo đã khác; hãy xem lại các cảnh báo rồi nộp lại."
    )


def submit_report(report: Report, user, seen_version: int) -> Transition:
    """Freeze `seen_version`, the version whose warnings the secretary acknowledged.

    The files are made before the row is locked (LibreOffice takes seconds); inside the
    lock the status and version are checked again, so what is kept is what was seen."""
    if is_frozen(report):
        raise Refused(_not_from(report, "nộp lại"))
    if report.version != seen_version:
        raise _moved_on(report.version)
    # A report returned and resubmitted unchanged keeps the files of that version.
    kept = dict(SubmittedFile.objects.filter(report=report, version=seen_version).values_list("kind", "content"))
    docx = bytes(kept[SubmittedFile.DOCX]) if SubmittedFile.DOCX in kept else _docx_of(report.data)
    pdf = None
    if SubmittedFile.PDF not in kept:
        try:
            pdf = docx_to_pdf(docx)
        except PdfError as exc:
            # The submission does not wait for LibreOffice: the PDF is made at first download.
            _log.warning("report %s: PDF not made at submission: %s", report.pk, exc)
    made = {SubmittedFile.DOCX: None if SubmittedFile.DOCX in kept else docx, SubmittedFile.PDF: pdf}
    summary = _summary_of(report)
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if is_frozen(current):
            raise Refused(_not_from(current, "nộp lại"))
        if current.version != seen_version:
            raise _moved_on(current.version)
        step = _record(current, user, Status.SUBMITTED)
        for kind, content in made.items():
            if content is not None:
                _store(current, current.version, kind, content)
        current.submitted_at = step.at
        current.submitted_version = current.version
        current.summary, current.summary_version = summary, current.version
        current.save(update_fields=["status", "submitted_at", "submitted_version", "summary", "summary_version"])
    return step


def review_report(report: Report, user, to: str, remark: str = "", step_key: str = "") -> Transition:
    """Return (the remark also kept as a comment tied to a step) or approve a submitted report."""
    action = "trả lại" if to == Status.RETURNED else "duyệt"
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.status != Status.SUBMITTED:
            raise Refused(_not_from(current, action))
        step = _record(current, user, to, remark)
        current.save(update_fields=["status"])
        if to == Status.RETURNED:
            Comment.objects.create(report=current, author=user, text=remark, step=step_key, transition=step)
    return step


# --- forms ----------------------------------------------------------------------------


class SubmitForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    acknowledged = forms.BooleanField(required=False, label="Tôi đã đọc các cảnh báo trên và vẫn nộp báo cáo.")

    def __init__(self, *args, warnings: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = warnings
        reopen = "Phiên bản báo cáo không hợp lệ: hãy mở lại trang nộp."
        self.fields["version"].error_messages.update(
            {"required": "Thiếu phiên bản báo cáo: hãy mở lại trang nộp.", "invalid": reopen, "min_value": reopen,
             "max_value": reopen}
        )

    def clean(self):
        data = super().clean()
        if self.warnings and not data.get("acknowledged"):
            self.add_error(
                "acknowledged",
                f"Báo cáo còn {self.warnings} cảnh báo: hãy đọc rồi đánh dấu ô “Tôi đã đọc các cảnh báo” để nộp.",
            )
        return data


REMARK_ERRORS = {
    "max_length": "Ý kiến dài quá 5.000 ký tự: hãy rút gọn.",
    "null_characters_not_allowed": "Ý kiến có ký tự không in được (mã 0): hãy xóa ký tự đó rồi gửi lại.",
}


class ReturnForm(forms.Form):
    remark = forms.CharField(
        label="Ý kiến (vì sao trả lại, cần sửa gì)",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        error_messages={"required": "Trả lại báo cáo thì phải ghi ý kiến: cần sửa gì, ở phần nào.", **REMARK_ERRORS},
    )
    step = forms.ChoiceField(label="Ý kiến về phần", required=False)

    def __init__(self, *args, data_steps=(), **kwargs):
        super().__init__(*args, auto_id="return-%s", **kwargs)  # two forms on one page
        self.fields["step"].choices = [("", "Cả báo cáo")] + [(s.key, s.title) for s in data_steps]
        self.fields["step"].error_messages["invalid_choice"] = "Phần đã chọn không có trong báo cáo: hãy chọn lại."


class ApproveForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="approve-%s", **kwargs)

    remark = forms.CharField(
        label="Ý kiến (không bắt buộc)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 5000}),
        error_messages=REMARK_ERRORS,
    )


class DeadlineForm(forms.Form):
    year = forms.IntegerField(
        label="Năm báo cáo",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Hãy nhập năm báo cáo.",
            "invalid": "Năm báo cáo phải là một số, ví dụ 2026.",
            "min_value": "Năm báo cáo phải từ 2000 đến 2100.",
            "max_value": "Năm báo cáo phải từ 2000 đến 2100.",
        },
    )
    due = forms.DateField(
        label="Hạn nộp",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": "Hãy chọn ngày hạn nộp.",
            "invalid": "Ngày hạn nộp không hợp lệ: hãy chọn trên lịch hoặc gõ dạng ngày/tháng/năm, ví dụ 15/12/2026.",
        },
    )

    def clean(self):
        data = super().clean()
        year, due = data.get("year"), data.get("due")
        if year and due and not (year <= due.year <= year + 1):
            self.add_error("due", f"Hạn nộp báo cáo năm {year} phải trong năm {year} hoặc năm {year + 1}.")
        return data


# --- views ----------------------------------------------------------------------------


def status_context(user, report: Report, *, with_timeline: bool = False) -> dict:
    """What a report's status block shows: badge, why it is frozen, actions, deadline, history."""
    due = (
        Deadline.objects.filter(organisation_id=report.cell.organisation_id, year=report.year)
        .values_list("due", flat=True)
        .first()
    )
    frozen = is_frozen(report)
    return {
        "frozen": frozen,
        "frozen_reason": frozen_reason(report) if frozen else "",
        "can_submit": access.can_edit(user, report),
        "can_review": access.can_review(user, report) and report.status == Status.SUBMITTED,
        "due": due,
        "overdue": overdue(report.status, due),
        "timeline": list(report.transitions.select_related("by")) if with_timeline else None,
    }


def _submit_page(request, report: Report, form: SubmitForm | None = None, status: int = 200):
    (errors, warnings), all_steps = _problems_and_steps(report)
    form = form or SubmitForm(initial={"version": report.version}, warnings=len(warnings))
    context = {
        "report": report,
        "errors": findings.as_json(errors, all_steps),
        "warnings": findings.as_json(warnings, all_steps),
        "form": form,
        **status_context(request.user, report, with_timeline=True),
    }
    return render(request, "chibo/submit.html", context, status=status)


def _not_secretary():
    return HttpResponseForbidden("Chỉ bí thư của chi bộ này được nộp báo cáo.")


@login_required
def submit_page(request, pk: int):
    """The confirmation: lỗi block the submission; cảnh báo are listed and acknowledged."""
    report = access.repaired_report_for(request.user, pk)
    if not access.can_write(request.user, report):
        return _not_secretary()
    return _submit_page(request, report)


@login_required
@require_POST
def submit(request, pk: int):
    report = access.repaired_report_for(request.user, pk)
    if not access.can_write(request.user, report):
        return _not_secretary()
    if is_frozen(report):
        messages.error(request, _not_from(report, "nộp lại"))
        return redirect("report_step", pk=report.pk, step=STEP_KEYS[0])
    errors, warnings = problems_of(report.data)
    if errors:
        messages.error(request, f"Báo cáo còn {len(errors)} lỗi: hãy sửa hết rồi nộp.")
        return redirect("report_submit_page", pk=report.pk)
    form = SubmitForm(request.POST, warnings=len(warnings))
    if not form.is_valid():
        return _submit_page(request, report, form, status=400)
    seen = form.cleaned_data["version"]
    if seen != report.version and not _same_warnings(report, seen, warnings):
        messages.error(request, str(_moved_on(report.version)))
        return redirect("report_submit_page", pk=report.pk)
    try:
        # A save that landed after the page was shown (the field left as the link was
        # clicked) changed no warning: what is frozen is the latest version.
        submit_report(report, request.user, report.version)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("report_submit_page", pk=report.pk)
    messages.success(request, "Đã nộp báo cáo. Văn phòng đảng ủy sẽ xem xét; trong lúc chờ, báo cáo không sửa được.")
    return redirect("report_step", pk=report.pk, step=STEP_KEYS[0])


def _same_warnings(report: Report, seen: int, warnings) -> bool:
    """Whether the warnings acknowledged on version `seen` are those of the report now."""
    data = ReportVersion.objects.filter(report=report, number=seen).values_list("data", flat=True).first()
    if data is None:
        return False
    return sorted((p.path, p.message) for p in problems_of(data)[1]) == sorted((p.path, p.message) for p in warnings)


def _review_page(request, report: Report, return_form=None, approve_form=None, status: int = 200):
    (errors, warnings), all_steps = _problems_and_steps(report)
    context = {
        "report": report,
        "n_errors": len(errors),
        "warnings": findings.as_json(warnings, all_steps),
        "return_form": return_form or ReturnForm(data_steps=all_steps),
        "approve_form": approve_form or ApproveForm(),
        **status_context(request.user, report, with_timeline=True),
    }
    return render(request, "chibo/review.html", context, status=status)


def _not_office():
    return HttpResponseForbidden("Chỉ văn phòng đảng ủy của chi bộ này được trả lại hay duyệt báo cáo.")


@login_required
def review_page(request, pk: int):
    """The office's page for one report: its status, history and the two decisions."""
    report = access.repaired_report_for(request.user, pk)
    if not access.can_review(request.user, report):
        return _not_office()
    return _review_page(request, report)


@login_required
@require_POST
def return_report(request, pk: int):
    report = access.repaired_report_for(request.user, pk)
    if not access.can_review(request.user, report):
        return _not_office()
    form = ReturnForm(request.POST, data_steps=steps(report.data))
    if not form.is_valid():
        return _review_page(request, report, return_form=form, status=400)
    try:
        review_report(report, request.user, Status.RETURNED, form.cleaned_data["remark"], form.cleaned_data["step"])
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("report_review", pk=report.pk)
    messages.success(request, f"Đã trả lại báo cáo năm {report.year} của {report.cell} kèm ý kiến.")
    return redirect("office")


@login_required
@require_POST
def approve(request, pk: int):
    report = access.repaired_report_for(request.user, pk)
    if not access.can_review(request.user, report):
        return _not_office()
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _review_page(request, report, approve_form=form, status=400)
    try:
        review_report(report, request.user, Status.APPROVED, form.cleaned_data["remark"])
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("report_review", pk=report.pk)
    messages.success(request, f"Đã duyệt báo cáo năm {report.year} của {report.cell}.")
    return redirect("office")


@login_required
@require_POST
def set_deadline(request):
    """Hạn nộp of a year for the office's đảng bộ (set again to change it)."""
    if not access.is_office(request.user):
        raise Http404()
    organisation = access.membership(request.user).organisation
    form = DeadlineForm(request.POST)
    if form.is_valid():
        year, due = form.cleaned_data["year"], form.cleaned_data["due"]
        Deadline.objects.update_or_create(organisation=organisation, year=year, defaults={"due": due})
        messages.success(request, f"Hạn nộp báo cáo năm {year}: {due:%d/%m/%Y}.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("office")
