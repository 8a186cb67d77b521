"""The pipeline in one place: model -> figures -> checks / document -> DOCX."""

from __future__ import annotations

from .compose import compose
from .figures import compute
from .model import Report
from .problems import Problem
from .profiles import Profile
from .render.to_docx import render_docx
from .rules import check


def check_report(report: Report) -> list[Problem]:
    return check(report, compute(report))


def render_report(report: Report, profile: Profile | None = None, *, charts: bool = True) -> bytes:
    """The DOCX bytes of a report; callers check it first."""
    return render_docx(compose(report, compute(report), charts=charts, profile=profile), profile)
