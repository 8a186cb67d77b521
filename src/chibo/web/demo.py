"""The demo đảng bộ of `chibo serve`: two cells, their users, a draft report to write and
a submitted one for the office to check, and a deadline for the year."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chibo.loader import load_file

from . import versions
from .models import Cell, Deadline, Membership, Organisation, Report, Status, Transition

ORGANISATION = "Đảng bộ xã Đông Thành"
CELLS = [("Chi bộ Trường THCS Đông Thành", "thcs"), ("Chi bộ Trường Tiểu học Đông Thành", "tieu_hoc")]
USERS = [
    ("vanphong", "Văn phòng Đảng ủy", Membership.OFFICE, None),
    ("bithu.thcs", "Nguyễn Văn Thắng", Membership.SECRETARY, 0),
    ("gopy.thcs", "Lê Thị Hương", Membership.REVIEWER, 0),
    ("bithu.tieuhoc", "Trần Thị Minh Hằng", Membership.SECRETARY, 1),
]
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _example_data(name: str, cell: Cell) -> dict | None:
    path = EXAMPLES / name
    if not path.exists():
        return None
    loaded = load_file(path)
    if loaded.report is None:
        return None
    data = loaded.report.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["meta"].update(party_committee=ORGANISATION, cell_name=cell.name)
    return data


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
    # The THCS cell's report is a draft to write; the tiểu học cell's is submitted, for the office.
    for cell, example, username, submitted in (
        (cells[0], "thcs-2026.yaml", "bithu.thcs", False),
        (cells[1], "tieu-hoc-2026.yaml", "bithu.tieuhoc", True),
    ):
        data = _example_data(example, cell)
        if not data or Report.objects.filter(cell=cell, year=data["year"]).exists():
            continue
        secretary = User.objects.get(username=username)
        with transaction.atomic():
            report = versions.create(cell, data["year"], data, secretary, note="Báo cáo mẫu")
        if submitted:  # its DOCX and PDF are made on first need (cycle.stored_file)
            report.status, report.submitted_version, report.submitted_at = Status.SUBMITTED, 1, timezone.now()
            report.save(update_fields=["status", "submitted_version", "submitted_at"])
            Transition.objects.create(report=report, from_status=Status.DRAFT, to_status=Status.SUBMITTED,
                                      by=secretary, version=1)
        Deadline.objects.get_or_create(organisation=org, year=data["year"],
                                       defaults={"due": date(data["year"], 12, 25)})
    return created
