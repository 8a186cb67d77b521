"""A request whose sign-in has expired: said plainly, and a way back to the same page.

``login_required`` answers a lapsed session with a 302 to the sign-in page: app.js's
fetch follows it, gets HTML instead of JSON and took it for a lost connection,
retrying forever; a form POST came back after sign-in as a GET of the form's
address (405). ``signed_in`` answers JSON requests with a 401 app.js understands,
and sends a form back, after sign-in, to the page the form was on.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import wants_json

EXPIRED = "Phiên đăng nhập đã hết — đăng nhập lại, dữ liệu vẫn được giữ trên máy này."


def _here(request, target: str) -> str:
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if target and ok else ""


def signed_in(view):
    """``login_required`` for views a page calls with fetch or a form POST."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        login = resolve_url(settings.LOGIN_URL)
        if wants_json(request):
            return JsonResponse({"error": EXPIRED, "expired": True, "login": login}, status=401)
        if request.method == "GET":
            back = request.get_full_path()
        else:
            back = (_here(request, request.POST.get("next", ""))
                    or _here(request, request.headers.get("Referer", "")) or reverse("home"))
            messages.info(request, EXPIRED)
        return redirect_to_login(back, login)

    return wrapper
