"""A paragraph section left out of the report, put back, or given its default again.

One click each, beside the section in the editor: «Bỏ mục này», «Đưa mục này vào lại»,
«Dùng lại đoạn mặc định». The state is ``left_out`` in the report data (chibo.model
Report.left_out); each click is saved as a version through versions.commit.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from chibo import fieldpaths
from chibo.draft import clear_marks
from chibo.model import NARRATIVE_PATHS, SECTION_PATHS, field_label

from . import access, cycle, save, versions

ACTIONS = ("leave_out", "include", "default")


def changed(data: dict, action: str, path: str) -> dict:
    """``data`` after ``action`` on the section at ``path`` (a copy)."""
    data = copy.deepcopy(data)
    left = [p for p in data.get("left_out") or [] if p != path]
    if action == "leave_out":
        left.append(path)
    if action == "default":
        _remove(data, path)
    if action in ("leave_out", "default"):
        clear_marks(data, [path])  # a decision about the paragraph is a review of it
    if left:
        data["left_out"] = left
    else:
        data.pop("left_out", None)
    return data


def _remove(data: dict, path: str) -> None:
    """Delete the section's own text, and the groups it leaves empty."""
    fieldpaths.delete(data, path)
    parent = fieldpaths.parent(path)
    while parent and fieldpaths.get(data, parent) == {}:
        fieldpaths.delete(data, parent)
        parent = fieldpaths.parent(parent)


_DONE = {
    "leave_out": "Đã bỏ mục «{label}» khỏi báo cáo; các mục sau được đánh số lại.",
    "include": "Đã đưa mục «{label}» vào lại báo cáo.",
    "default": "Mục «{label}» dùng lại đoạn văn mặc định.",
}


@login_required
@require_POST
def change(request, pk: int):
    report = access.report_for(request.user, pk)
    if not access.can_write(request.user, report):
        return HttpResponseForbidden("Bạn chỉ được xem báo cáo này, không được sửa.")
    found = [(a, request.POST.get(a)) for a in ACTIONS if request.POST.get(a)]
    # a whole section (narrative.situation) can be left out or put back; only a paragraph
    # field has a default to go back to
    if len(found) != 1 or found[0][1] not in (NARRATIVE_PATHS if found[0][0] == "default" else SECTION_PATHS):
        return HttpResponseBadRequest("Không rõ mục nào cần bỏ hay đưa lại; hãy tải lại trang rồi bấm lại.")
    action, path = found[0]
    label = field_label(path)
    with transaction.atomic():
        current = type(report).objects.select_for_update().get(pk=report.pk)
        if cycle.is_frozen(current):
            messages.error(request, f"Chưa đổi mục «{label}»: {cycle.frozen_reason(current)}")
        else:
            data = changed(save.repair(current.data), action, path)
            if data != current.data:
                versions.commit(current, data, request.user, merge=True)
            messages.success(request, _DONE[action].format(label=label))
    anchor = "f-" + path.replace(".", "-")  # editor.Input.html_id
    return redirect(reverse("report_step", args=[report.pk, "noi-dung"]) + f"#{anchor}")
