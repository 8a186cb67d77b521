"""The demo đảng bộ of `chibo serve`: two cells, their users, a report to look at."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from chibo.loader import load_file

from .models import Cell, Membership, Organisation, Report, ReportVersion

ORGANISATION = "Đảng bộ xã Đông Thành"
CELLS = [("Chi bộ Trường THCS Đông Thành", "thcs"), ("Chi bộ Trường Tiểu học Đông Thành", "tieu_hoc")]
USERS = [
    ("vanphong", "Văn phòng Đảng ủy", Membership.OFFICE, None),
    ("bithu.thcs", "Nguyễn Văn Thắng", Membership.SECRETARY, 0),
    ("gopy.thcs", "Lê Thị Hương", Membership.REVIEWER, 0),
    ("bithu.tieuhoc", "Trần Thị Minh Hằng", Membership.SECRETARY, 1),
]
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "thcs-2026.yaml"


def _example_data() -> dict | None:
    if not EXAMPLE.exists():
        return None
    loaded = load_file(EXAMPLE)
    if loaded.report is None:
        return None
    return loaded.report.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


@transaction.atomic
def ensure_demo() -> list[tuple[str, str, str]]:
    """Create the demo once; returns (username, role, password) of users created now."""
    org, _ = Organisation.objects.get_or_create(name=ORGANISATION)
    cells = []
    for name, level in CELLS:
        cell, _ = Cell.objects.get_or_create(organisation=org, name=name, defaults={"school_level": level})
        cells.append(cell)
    created = []
    User = get_user_model()
    for username, full_name, role, cell_index in USERS:
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(9)  # a fresh one per installation, never a default
        user = User.objects.create_user(username=username, password=password, first_name=full_name)
        Membership.objects.create(
            user=user, organisation=org, role=role, cell=cells[cell_index] if cell_index is not None else None
        )
        created.append((username, dict(Membership.ROLES)[role], password))
    data = _example_data()
    if data and not Report.objects.filter(cell=cells[0], year=data["year"]).exists():
        secretary = User.objects.get(username="bithu.thcs")
        report = Report.objects.create(cell=cells[0], year=data["year"], data=data, version=1, updated_by=secretary)
        ReportVersion.objects.create(report=report, number=1, data=data, created_by=secretary, note="Báo cáo mẫu")
    return created
