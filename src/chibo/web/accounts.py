"""The office's care of its đảng bộ's accounts: reset a password (a one-time password
shown once), deactivate and reactivate, move a secretary or reviewer to another cell;
and every user's own password change.

Who may act: the office on its own đảng bộ's accounts, a superuser on any; never on a
superuser's account. Anything else is 404, as if the account did not exist. Each
action is a POST with CSRF, logged on `chibo.web` (who, what, whom); the destructive
ones are confirmed on a page of their own first.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from . import access, passwords, throttle
from .forms import MoveForm, PasswordForm
from .models import Membership

_log = logging.getLogger("chibo.web")


def listed(organisation):
    """The accounts of a đảng bộ as the office page lists them, in one query."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "cell")
        .only(
            "role", "cell_id", "must_change_password", "cell__name",
            "user__username", "user__first_name", "user__last_name",
            "user__is_active", "user__is_superuser", "user__last_login",
        )
        .order_by("role", "cell__name", "user__username")
    )


def _target(request, pk: int) -> Membership:
    """The account `pk` if this user may act on it; 404 otherwise (no existence leak)."""
    if pk >= 2**63:  # past any integer column: the database driver would raise, not match
        raise Http404("Không có tài khoản này.")
    actor = request.user
    found = Membership.objects.select_related("user", "cell", "organisation").filter(user_id=pk)
    if not actor.is_superuser:
        if not access.is_office(actor):
            raise Http404("Không có tài khoản này.")
        found = found.filter(organisation_id=access.membership(actor).organisation_id)
    target = found.filter(user__is_superuser=False).first()
    if target is None:
        raise Http404("Không có tài khoản này.")
    return target


def _back(request):
    return redirect("office") if access.is_office(request.user) else redirect("home")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _record(request, action: str, target: Membership, detail: str = "") -> None:
    _log.info(
        "account %s: by=%s user=%s organisation=%s%s",
        action, request.user.get_username(), target.user.get_username(), target.organisation_id,
        f" {detail}" if detail else "",
    )


# --- reset a password --------------------------------------------------------------


@login_required
@never_cache
@sensitive_variables("password")
def reset_password(request, pk: int):
    """GET: what a reset does, and the button. POST: a new one-time password, shown in
    this one response only: not stored in clear, not in a URL, a message or the session,
    and never cached (Cache-Control: no-store)."""
    target = _target(request, pk)
    user = target.user
    if user.pk == request.user.pk:
        messages.error(request, "Không đặt lại mật khẩu của chính mình ở đây: hãy dùng «Đổi mật khẩu».")
        return _back(request)
    if request.method != "POST":
        return render(request, "chibo/account_reset.html", {"target": target})
    password = passwords.one_time_password(user)
    with transaction.atomic():
        user.set_password(password)  # a new hash: its other sessions end at their next request
        user.save(update_fields=["password"])
        Membership.objects.filter(pk=target.pk).update(must_change_password=True)
        cleared = throttle.clear_lockouts(user.get_username())
    _record(request, "password reset", target, f"lockouts_cleared={cleared}")
    return render(request, "chibo/account_password.html", {"target": target, "password": password})


# --- deactivate, reactivate ----------------------------------------------------------


@login_required
def deactivate(request, pk: int):
    target = _target(request, pk)
    user = target.user
    if user.pk == request.user.pk:
        messages.error(request, "Không thể tự khóa tài khoản của chính mình.")
        return _back(request)
    if not user.is_active:
        messages.info(request, f"Tài khoản {user.get_username()} đã bị khóa từ trước.")
        return _back(request)
    if request.method != "POST":
        return render(request, "chibo/account_deactivate.html", {"target": target})
    with transaction.atomic():
        if target.role == Membership.OFFICE:
            # Locked, so two offices deactivating each other at once cannot leave none.
            offices = list(
                get_user_model().objects.select_for_update()
                .filter(membership__organisation_id=target.organisation_id, membership__role=Membership.OFFICE,
                        is_active=True)
                .values_list("pk", flat=True)
            )
            if [p for p in offices if p != user.pk] == []:
                messages.error(
                    request,
                    f"Không khóa được {user.get_username()}: đó là tài khoản văn phòng cuối cùng còn dùng "
                    "được của đảng bộ. Hãy tạo hoặc mở khóa một tài khoản văn phòng khác trước.",
                )
                return _back(request)
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    _record(request, "deactivated", target)
    messages.success(
        request, f"Đã khóa tài khoản {user.get_username()} ({_name(user)}): không đăng nhập được nữa."
    )
    return _back(request)


@login_required
@require_POST
def reactivate(request, pk: int):
    target = _target(request, pk)
    user = target.user
    if user.is_active:
        messages.info(request, f"Tài khoản {user.get_username()} đang dùng được, không cần mở khóa.")
        return _back(request)
    get_user_model().objects.filter(pk=user.pk).update(is_active=True)
    _record(request, "reactivated", target)
    messages.success(request, f"Đã mở khóa tài khoản {user.get_username()} ({_name(user)}).")
    return _back(request)


# --- move to another cell ------------------------------------------------------------


@login_required
def move(request, pk: int):
    target = _target(request, pk)
    if target.role not in (Membership.SECRETARY, Membership.REVIEWER):
        messages.error(request, "Chỉ chuyển được bí thư chi bộ hoặc người góp ý sang chi bộ khác.")
        return _back(request)
    form = MoveForm(request.POST if request.method == "POST" else None, membership=target)
    if request.method == "POST" and form.is_valid():
        old, new = target.cell, form.cleaned_data["cell"]
        Membership.objects.filter(pk=target.pk).update(cell=new)
        _record(request, "moved", target, f"from_cell={old.pk if old else None} to_cell={new.pk}")
        messages.success(
            request,
            f"Đã chuyển {target.user.get_username()} ({_name(target.user)}) "
            f"từ {old or 'không chi bộ nào'} sang {new}.",
        )
        return _back(request)
    return render(request, "chibo/account_move.html", {"target": target, "form": form})


# --- one's own password ------------------------------------------------------------


@login_required
@never_cache
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def change_password(request):
    """Every user's own change; the one forced after a reset (passwords.ChangeRequiredMiddleware)."""
    forced = passwords.must_change(request.user)
    form = PasswordForm(request.user, request.POST if request.method == "POST" else None, forced=forced)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # this session stays; the others end
        Membership.objects.filter(user=user).update(must_change_password=False)
        _log.info("account password changed: user=%s forced=%s", user.get_username(), forced)
        messages.success(request, "Đã đổi mật khẩu. Các nơi khác đang đăng nhập bằng tài khoản này đã bị đăng xuất.")
        return redirect("home")
    return render(request, "chibo/password_change.html", {"form": form, "forced": forced})
