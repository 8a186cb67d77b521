"""A request id for every request: in each log line written while it runs and in its response."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished

request_id: ContextVar[str] = ContextVar("chibo_request_id", default="-")

HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    """Takes the id from X-Request-ID only behind a trusted proxy (which sets it), else makes one.

    Put first in MIDDLEWARE, so every other layer logs with the id.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "") if settings.TRUSTED_PROXIES else ""
        rid = given if _WELL_FORMED.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid
        # Not reset on the way out: Django logs a 5xx response after the middleware
        # chain returns; request_finished (when the response is closed) clears it.
        request_id.set(rid)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


def _clear(**kwargs) -> None:
    request_id.set("-")


request_finished.connect(_clear, dispatch_uid="chibo-request-id-clear")


class RequestIdFilter(logging.Filter):
    """Gives each record the current request id ("-" outside a request) for the format."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True
