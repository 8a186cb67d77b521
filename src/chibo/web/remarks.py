"""Remarks on a report: tied to a step, answered, resolved and reopened; what is new to whom.

A remark (góp ý) is a root Comment; its answers point to it (one level: an answer to an
answer attaches to the root). Comments by others created after the reader's
ReportSeen.seen_at are "mới"; opening the editor moves seen_at to the newest comment shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, DateTimeField, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import access
from .editor import STEP_KEYS
from .forms import CommentForm
from .session import signed_in
from .models import Comment, Report, ReportSeen

# Before any comment: "never read" compares as seen at this instant.
_NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


# --- what is new -----------------------------------------------------------------------


def with_unread(reports, user):
    """Annotate each report with `new_remarks`: comments by others the user has not seen.
    One correlated subquery, so a list of 1,500 reports is still one query."""
    seen = ReportSeen.objects.filter(user=user, report=OuterRef("report")).values("seen_at")[:1]
    new = (
        Comment.objects.filter(report=OuterRef("pk"))
        .exclude(author=user)
        .filter(created_at__gt=Coalesce(Subquery(seen), Value(_NEVER), output_field=DateTimeField()))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return reports.annotate(new_remarks=Coalesce(Subquery(new, output_field=IntegerField()), 0))


def _seen_at(user, report: Report):
    return ReportSeen.objects.filter(user=user, report=report).values_list("seen_at", flat=True).first()


def mark_seen(user, report: Report, upto: datetime.datetime | None = None) -> None:
    """Seen up to `upto` (default: the newest comment), never moved back: a comment
    written while the page was being built stays new."""
    if upto is None:
        upto = report.comments.order_by("-created_at").values_list("created_at", flat=True).first()
        if upto is None:
            return
    if ReportSeen.objects.filter(user=user, report=report, seen_at__lt=upto).update(seen_at=upto):
        return
    try:
        with transaction.atomic():
            ReportSeen.objects.get_or_create(user=user, report=report, defaults={"seen_at": upto})
    except IntegrityError:  # created by a request in another tab meanwhile
        ReportSeen.objects.filter(user=user, report=report, seen_at__lt=upto).update(seen_at=upto)


# --- the editor's remarks ----------------------------------------------------------------


@dataclass
class Thread:
    root: Comment
    answers: list[Comment] = field(default_factory=list)
    step_title: str = ""
    can_resolve: bool = False

    @property
    def resolved(self) -> bool:
        return self.root.resolved_at is not None

    @property
    def new(self) -> bool:
        return self.root.is_new or any(a.is_new for a in self.answers)


def _threads(comments: list[Comment]) -> list[Thread]:
    by_id = {c.pk: c for c in comments}
    threads: dict[int, Thread] = {}
    for c in comments:  # ordered by creation: every root comes before its answers
        root = c
        for _ in range(10):  # answers are attached to roots; older data may nest
            if root.parent_id is None or root.parent_id not in by_id:
                break
            root = by_id[root.parent_id]
        if root is c:
            threads[c.pk] = Thread(c)
        else:
            threads.setdefault(root.pk, Thread(root)).answers.append(c)
    return list(threads.values())


def editor_context(user, report: Report, step_key: str, all_steps) -> dict:
    """The remarks an editor page shows, and marks them read for this user.

    Sets `open_remarks` on each step of `all_steps` (the mark on the step buttons)."""
    comments = list(report.comments.select_related("author", "resolved_by"))
    seen = _seen_at(user, report)
    for c in comments:
        c.is_new = c.author_id != user.pk and (seen is None or c.created_at > seen)
    titles = {s.key: s.title for s in all_steps}
    threads = _threads(comments)
    for t in threads:
        t.step_title = titles.get(t.root.step, "")
        t.can_resolve = access.can_resolve(user, report, t.root)
    open_threads = [t for t in threads if not t.resolved]
    counts: dict[str, int] = {}
    for t in open_threads:
        counts[t.root.step] = counts.get(t.root.step, 0) + 1
    for s in all_steps:
        s.open_remarks = counts.get(s.key, 0)
    # What came with "Trả lại" first, the latest return first; then the others as written.
    returned = sorted((t for t in open_threads if t.root.transition_id), key=lambda t: t.root.created_at, reverse=True)
    top = returned + [t for t in open_threads if not t.root.transition_id]
    here = [t for t in threads if t.root.step == step_key] if step_key in titles else []
    general = [t for t in threads if t.root.step not in titles]  # the whole report (or a step no longer offered)
    n_new = sum(1 for c in comments if c.is_new)
    if n_new:
        mark_seen(user, report, max(c.created_at for c in comments))
    return {
        "remarks_top": top,
        "remarks_here": [t for t in here if not t.resolved],
        "remarks_here_resolved": [t for t in here if t.resolved],
        "remarks_general": [t for t in general if not t.resolved],
        "remarks_general_resolved": [t for t in general if t.resolved],
        "remarks_new": n_new,
        "can_comment": access.can_comment(user, report),
    }


# --- views ---------------------------------------------------------------------------


def _back(request, report: Report):
    """To the page the form was on (this site only), else the report's first step."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("report_step", args=[report.pk, STEP_KEYS[0]])
    return HttpResponseRedirect(target)


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _remark(report: Report, comment_id: int) -> Comment:
    """A remark (not an answer) of this report, or 404."""
    remark = report.comments.filter(pk=comment_id, parent__isnull=True).first()
    if remark is None:
        raise Http404("Không có góp ý này.")
    return remark


def _root(report: Report, comment: Comment) -> Comment:
    for _ in range(10):
        if comment.parent_id is None:
            break
        parent = report.comments.filter(pk=comment.parent_id).first()
        if parent is None:
            break
        comment = parent
    return comment


@signed_in  # a lapsed session: back to the page after sign-in, the text kept (remark-drafts.js)
@require_POST
def add(request, pk: int):
    """A new remark (about a step or the whole report), or an answer to one."""
    report = access.report_for(request.user, pk)
    if not access.can_comment(request.user, report):
        return HttpResponseForbidden("Tài khoản này không được góp ý vào báo cáo.")
    form = CommentForm(request.POST)
    if not form.is_valid():
        if "step" in form.errors:
            return _bad_request("Phần được góp ý không có trong báo cáo. Hãy tải lại trang rồi chọn lại phần.")
        if "parent" in form.errors:
            return _bad_request("Góp ý được trả lời không hợp lệ. Hãy tải lại trang rồi trả lời lại.")
        messages.error(request, " ".join(form.errors["text"]))
        return _back(request, report)
    parent = None
    if form.cleaned_data["parent"]:
        parent = report.comments.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:  # another report's comment looks the same as none at all
            raise Http404("Không có góp ý này.")
        parent = _root(report, parent)
    Comment.objects.create(
        report=report,
        author=request.user,
        text=form.cleaned_data["text"],
        step=parent.step if parent else form.cleaned_data["step"],
        parent=parent,
    )
    messages.success(request, "Đã gửi trả lời." if parent else "Đã gửi góp ý.")
    return _back(request, report)


def _set_resolved(request, pk: int, comment: int, resolved: bool):
    report = access.report_for(request.user, pk)
    remark = _remark(report, comment)
    if not access.can_resolve(request.user, report, remark):
        return HttpResponseForbidden(
            "Chỉ người viết góp ý, văn phòng đảng ủy và bí thư chi bộ được đánh dấu góp ý đã giải quyết hay mở lại."
        )
    if resolved:
        Comment.objects.filter(pk=remark.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=request.user
        )
        messages.success(request, "Đã đánh dấu góp ý là đã giải quyết.")
    else:
        Comment.objects.filter(pk=remark.pk).update(resolved_at=None, resolved_by=None)
        messages.success(request, "Đã mở lại góp ý.")
    return _back(request, report)


@login_required
@require_POST
def resolve(request, pk: int, comment: int):
    return _set_resolved(request, pk, comment, True)


@login_required
@require_POST
def reopen(request, pk: int, comment: int):
    return _set_resolved(request, pk, comment, False)


@login_required
@require_POST
def mark_read(request, pk: int):
    report = access.report_for(request.user, pk)
    mark_seen(request.user, report)
    messages.success(request, f"Đã đánh dấu đã đọc mọi góp ý của báo cáo {report.cell} năm {report.year}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("home")
    return HttpResponseRedirect(target)
