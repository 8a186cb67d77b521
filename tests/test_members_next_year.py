"""Next year's member list from this year's: who left is gone, events cleared, probation ending listed."""

from __future__ import annotations

from chibo.draft import lenient_report, next_year_data
from chibo.members import count_roster, due_official, next_year_roster
from chibo.model import Member


def member(name, admitted_on, official_on=None, events=(), sex="nu"):
    row = {"name": name, "sex": sex, "birth_year": 1985, "admitted_on": admitted_on,
           "education": "dai_hoc", "theory": "so_cap"}
    if official_on:
        row["official_on"] = official_on
    if events:
        row["events"] = [{"kind": kind, "on": on} for kind, on in events]
    return row


ROSTER_2026 = [
    member("Lê Thị Hoa", "2012-03-02", "2013-03-02"),
    member("Nguyễn Văn An", "2010-01-05", "2011-01-05", [("chuyen_di", "2026-08-15")], sex="nam"),
    member("Phạm Thị Bình", "2001-04-01", "2002-04-01", [("nghi_huu", "2026-06-30")]),
    member("Trần Văn Cường", "1999-09-09", "2000-09-09", [("tu_tran", "2026-02-01")], sex="nam"),
    member("Đỗ Văn Dũng", "2015-05-05", "2016-05-05", [("xoa_ten", "2026-10-10")], sex="nam"),
    member("Võ Thị Em", "2026-05-19"),  # admitted this year: probation ends 19/05/2027
    member("Hồ Thị Gấm", "2025-12-20", events=[("chuyen_den", "2026-03-01")]),  # due 20/12/2026
    member("Lý Văn Hải", "2018-01-01", "2019-01-01", [("mien_sinh_hoat", "2026-09-01")], sex="nam"),
]


def test_who_left_is_gone_and_events_are_cleared():
    roster = next_year_roster(ROSTER_2026)
    assert [m["name"] for m in roster] == ["Lê Thị Hoa", "Võ Thị Em", "Hồ Thị Gấm", "Lý Văn Hải"]
    # every event cleared but the exemption, which holds until it is lifted
    assert [m.get("events") for m in roster] == [None, None, None, [{"kind": "mien_sinh_hoat", "on": "2026-09-01"}]]
    # the same people as this year's end of year, and they all start next year
    this_year = count_roster([Member.model_validate(m) for m in ROSTER_2026], 2026)
    next_year = count_roster([Member.model_validate(m) for m in roster], 2027)
    assert next_year["start_of_year"] == this_year["end_of_year"] == 4
    assert next_year["admitted"] == next_year["transferred_in"] == 0
    assert next_year["exempted"] == 1  # Lý Văn Hải, exempted since 2026


def test_this_years_list_is_not_changed():
    before = [dict(m) for m in ROSTER_2026]
    next_year_roster(ROSTER_2026)
    assert ROSTER_2026 == before


def test_members_whose_probation_ends_next_year_are_due():
    roster = [Member.model_validate(m) for m in next_year_roster(ROSTER_2026)]
    assert [m.name for m in due_official(roster, 2027)] == ["Võ Thị Em"]
    # Hồ Thị Gấm's 12 months ended in 2026: this year's report, not next year's
    assert [m.name for m in due_official([Member.model_validate(m) for m in ROSTER_2026], 2026)] == ["Hồ Thị Gấm"]


def test_a_member_who_left_is_never_due():
    leaving = Member.model_validate(member("A", "2026-02-01", events=[("chuyen_di", "2026-06-01")]))
    assert due_official([leaving], 2027) == []


def test_next_year_data_carries_the_roster_instead_of_a_typed_start():
    previous = {"year": 2026, "meta": {"cell_name": "Chi bộ Trường Tiểu học Đông Thành"},
                "members": {"end_of_year": 4, "roster": ROSTER_2026}}
    data = next_year_data(previous)
    assert data["year"] == 2027
    assert [m["name"] for m in data["members"]["roster"]] == ["Lê Thị Hoa", "Võ Thị Em", "Hồ Thị Gấm", "Lý Văn Hải"]
    assert "start_of_year" not in data["members"]  # computed from the list, never typed against it
    report = lenient_report(data)
    assert report is not None and len(report.members.roster) == 4


def test_without_a_roster_the_end_of_year_becomes_the_start():
    data = next_year_data({"year": 2026, "members": {"end_of_year": 12}})
    assert data["members"] == {"start_of_year": 12}


def test_a_list_where_everyone_left_carries_nothing():
    gone = [member("A", "2010-01-01", "2011-01-01", [("chuyen_di", "2026-05-05")])]
    assert next_year_roster(gone) is None
    assert next_year_roster("not a list") is None
    assert next_year_roster([None, "x", member("B", "2010-01-01", "2011-01-01")]) == [
        {k: v for k, v in member("B", "2010-01-01", "2011-01-01").items()}]


def test_probation_from_29_february_ends_on_28_february():
    leap = Member.model_validate(member("A", "2024-02-29"))
    assert due_official([leap], 2025) == [leap]
    assert due_official([leap], 2024) == []
