"""Sign-in throttling: django-axes (database handler) with chibo's keys, address and lockout page.

What is counted: failed sign-ins per (client address, username), the username normalized
as Django does (NFKC) and case-folded, so `ｇopy.thcs` and `GOPY.thcs` count against
`gopy.thcs`. After settings.LOGIN_ATTEMPTS failures within LOGIN_LOCKOUT_SECONDS that
pair is refused (429) before any password is checked. Counters live in the database
(axes' AccessAttempt), so every app process sharing it sees them and none are evicted.

Known devices (OWASP "device cookies"): locking the (address, username) pair alone would
let anyone at a school sharing one address lock the real user out. So a browser that has
signed in successfully as a user gets a signed cookie naming (by an HMAC) that user and a
random device id. Attempts for that user from that browser are counted in a bucket of
their own, keyed by username and device only (AXES_USERNAME_CALLABLE adds "#device",
AXES_LOCKOUT_PARAMETERS drops the address), with the same limit: the attacker's failures
do not touch it, and a stolen cookie still gets only LOGIN_ATTEMPTS tries per cool-off.
"""

from __future__ import annotations

import ipaddress
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.crypto import salted_hmac

DEVICE_COOKIE = "chibo_device"
DEVICE_MAX_AGE = 365 * 24 * 3600
DEVICE_USERS = 10  # users remembered per browser (a staff-room PC is shared)
_SALT = "chibo.web.throttle.device"


def normalize(username) -> str:
    """The limiter's key for a username: Django's NFKC normalization, then case-folded."""
    return AbstractBaseUser.normalize_username(str(username or "")).strip().casefold()[:150]


def _user_tag(name: str) -> str:
    return salted_hmac(_SALT, name).hexdigest()[:20]


def _device(request) -> dict | None:
    value = getattr(request, "COOKIES", {}).get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        device = signing.loads(value, salt=_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(device, dict) or not isinstance(device.get("d"), str) or not isinstance(device.get("u"), list):
        return None
    return device


def known_device(request, name: str) -> str | None:
    """This browser's device id if it has signed in before as the user `name` (normalized)."""
    device = _device(request)
    if device and name and _user_tag(name) in device["u"]:
        return device["d"]
    return None


def remember_device(request, response, user) -> None:
    """After a successful sign-in: this browser is a known device for that user."""
    device = _device(request) or {"d": secrets.token_urlsafe(12), "u": []}
    tag = _user_tag(normalize(user.get_username()))
    device["u"] = ([tag] + [t for t in device["u"] if t != tag])[:DEVICE_USERS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(device, salt=_SALT, compress=True),
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _posted_username(request, credentials) -> str:
    if credentials and credentials.get("username") is not None:
        return credentials["username"]
    return request.POST.get("username", "") if request is not None and request.method == "POST" else ""


def clear_lockouts(username) -> int:
    """Forget the failed sign-ins of a user, from every address and every known device
    (the office resets the password: the user must be able to sign in at once)."""
    from axes.models import AccessAttempt
    from django.db.models import Q

    name = normalize(username)
    attempts = AccessAttempt.objects.filter(Q(username=name) | Q(username__startswith=f"{name}#"))
    return attempts.delete()[0]


# --- axes hooks (named in settings.py) ------------------------------------------


def username_key(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE. The device id is 16 random characters, so no typed name can
    reach another browser's bucket by guessing it ("#" is not allowed in usernames anyway)."""
    name = normalize(_posted_username(request, credentials))
    device = known_device(request, name) if request is not None else None
    return f"{name}#{device}" if device else name


def lockout_parameters(request, credentials) -> list:
    """AXES_LOCKOUT_PARAMETERS: (address, username), or (username#device) for a known device."""
    if isinstance(request, HttpRequest) and known_device(request, normalize(_posted_username(request, credentials))):
        return ["username"]
    return [["ip_address", "username"]]


def failure_limit(request, credentials) -> int:
    return settings.LOGIN_ATTEMPTS


def cool_off(request) -> timedelta:
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE (also for logs): REMOTE_ADDR, or behind a trusted proxy the
    nearest address in X-Forwarded-For that is not one of the trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if not trusted or not _in(remote, trusted):
        return remote
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # not written by our proxy: trust nothing further left
        client = hop
        if not _in(hop, trusted):
            break
    return client


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n, strict=False) for n in networks)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page, in Vietnamese, with status 429."""
    from .forms import LoginForm

    minutes = max(1, math.ceil(settings.LOGIN_LOCKOUT_SECONDS / 60))
    form = LoginForm(request, initial={"username": _posted_username(request, credentials)})
    message = (
        f"Đăng nhập sai quá {settings.LOGIN_ATTEMPTS} lần: tên đăng nhập này tạm bị khóa trên máy này. "
        f"Vui lòng thử lại sau {minutes} phút, hoặc đăng nhập từ máy bạn đã từng đăng nhập."
    )
    context = {"form": form, "lockout": message, "next": request.POST.get("next", "")}
    return render(request, "chibo/login.html", context, status=429)
