"""Data the web tests share, as a plain module (``from web_data import …``): importing
from conftest breaks when tests/conftest.py and tests/web/conftest.py load in one run."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from chibo.web.models import Membership

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-thu-nghiem-2026"


def example_data() -> dict:
    data = yaml.safe_load((ROOT / "examples" / "thcs-2026.yaml").read_text(encoding="utf-8"))
    return _jsonable(data)


def _jsonable(node):
    import datetime

    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def _user(username, role, org, cell=None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username)
    Membership.objects.create(user=user, organisation=org, cell=cell, role=role)
    return user


def save(client, report, base, changes, force=False):
    """POST edits to the editor's save endpoint, as app.js does."""
    import json

    from django.urls import reverse

    return client.post(
        reverse("report_save", args=[report.pk]),
        data=json.dumps({"base_version": base, "changes": changes, "force": force}),
        content_type="application/json",
    )
