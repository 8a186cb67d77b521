"""The year page's change row is «—», with the note, where this year's cells with a figure
are not last year's (consolidate.CHANGE_NOTE)."""

from __future__ import annotations

import pytest

from chibo.consolidate import CHANGE_NOTE, MEMBER_FIELDS
from chibo.web.models import Status
from test_year import make, page, table
from web_data import varied

pytestmark = pytest.mark.django_db


def test_a_change_between_different_cells_is_not_shown(cells, login, users):
    now = varied(2, cells[0].name)
    del now["members"]["women"]  # given last year, not this year
    make(cells[0], 2026, now, Status.APPROVED)
    make(cells[0], 2025, varied(0, cells[0].name, 2025), Status.APPROVED)
    make(cells[1], 2026, varied(1, cells[1].name), Status.APPROVED)
    make(cells[1], 2025, varied(0, cells[1].name, 2025), Status.APPROVED)
    doc = page(login(users["office"]))
    _, rows = table(doc, "members")
    change = rows["Tăng (+), giảm (-)"]
    assert change[MEMBER_FIELDS.index("women")] == "—"
    assert change[MEMBER_FIELDS.index("end_of_year")] == "+3"
    note = " ".join(p.text_content() for p in doc.get_element_by_id("bang-members").xpath(".//p"))
    assert CHANGE_NOTE in note
