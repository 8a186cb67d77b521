"""Section I's member counts, from a roster or as typed."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.figures import member_figures
from chibo.labels import MemberEventKind
from chibo.members import (
    add_months,
    count_roster,
    entered_counts,
    is_official_at,
    leaving_event,
)
from chibo.model import Member, Members


def member(**changes) -> Member:
    data = {
        "name": "Nguyễn Thị Hoa",
        "sex": "nu",
        "birth_year": 1985,
        "admitted_on": "2010-05-19",
        "official_on": "2011-05-19",
        "education": "dai_hoc",
        "theory": "so_cap",
        "events": [],
    }
    data.update(changes)
    return Member.model_validate(data)


def event(kind: str, on: str) -> dict:
    return {"kind": kind, "on": on}


# --- the whole roster of the fixture ------------------------------------------


def test_fixture_roster_counts(make_report, valid_roster_report_data, roster_counts):
    report = make_report(valid_roster_report_data)
    assert count_roster(report.members.roster, 2026) == roster_counts


def test_roster_balance_holds(make_report, valid_roster_report_data):
    report = make_report(valid_roster_report_data)
    c = count_roster(report.members.roster, 2026)
    assert (
        c["start_of_year"] + c["admitted"] + c["transferred_in"] - c["transferred_out"]
        - c["retired"] - c["died"] - c["removed"]
    ) == c["end_of_year"]
    assert c["official"] + c["probationary"] == c["end_of_year"]
    assert sum(c["education"].values()) == c["end_of_year"]


def test_member_figures_from_roster(make_report, valid_roster_report_data, roster_counts):
    figures = member_figures(make_report(valid_roster_report_data))
    assert figures.from_roster is True
    assert figures["end_of_year"] == roster_counts["end_of_year"]
    assert figures.expected_end == roster_counts["end_of_year"]


def test_empty_roster_means_typed_counts(make_report, valid_report_data, modify):
    report = make_report(modify(valid_report_data, {"members.roster": []}))
    figures = member_figures(report)
    assert figures.from_roster is False
    assert figures["end_of_year"] == 21


# --- one member at a time -----------------------------------------------------


def counts(*members: Member, year: int = 2026) -> dict:
    return count_roster(list(members), year)


def test_member_of_long_standing_counts_at_start_and_end_as_official():
    c = counts(member())
    assert c["start_of_year"] == 1
    assert c["end_of_year"] == 1
    assert c["official"] == 1 and c["probationary"] == 0
    assert c["admitted"] == c["transferred_in"] == 0


def test_admitted_in_the_year_is_not_at_start_and_is_probationary():
    c = counts(member(admitted_on="2026-03-10", official_on=None))
    assert c["admitted"] == 1
    assert c["start_of_year"] == 0
    assert c["end_of_year"] == 1
    assert c["probationary"] == 1 and c["official"] == 0


def test_admitted_on_first_and_last_day_of_year_counts_as_admitted():
    c = counts(
        member(name="A", admitted_on="2026-01-01", official_on=None),
        member(name="B", admitted_on="2026-12-31", official_on=None),
    )
    assert c["admitted"] == 2 and c["start_of_year"] == 0


def test_admitted_on_31_december_last_year_is_at_start():
    c = counts(member(admitted_on="2025-12-31", official_on=None))
    assert c["start_of_year"] == 1 and c["admitted"] == 0
    assert c["probationary"] == 1


def test_official_during_the_year_counts_as_official_at_31_december():
    c = counts(member(admitted_on="2025-11-20", official_on="2026-11-20"))
    assert c["official"] == 1 and c["probationary"] == 0


def test_official_date_after_the_year_still_probationary_at_31_december():
    c = counts(member(admitted_on="2026-02-01", official_on="2027-02-01"))
    assert c["probationary"] == 1 and c["official"] == 0


def test_transferred_in_counts_in_not_at_start():
    c = counts(member(events=[event("chuyen_den", "2026-09-05")]))
    assert c["transferred_in"] == 1
    assert c["start_of_year"] == 0
    assert c["end_of_year"] == 1


def test_transfer_in_of_another_year_counts_at_start():
    # the event itself is flagged by the checks; the count treats it as history
    c = counts(member(events=[event("chuyen_den", "2025-09-05")]))
    assert c["start_of_year"] == 1 and c["transferred_in"] == 0


def test_admitted_and_transferred_in_the_same_year_counts_once_as_admitted():
    c = counts(
        member(admitted_on="2026-02-01", official_on=None,
               events=[event("chuyen_den", "2026-05-01")])
    )
    assert c["admitted"] == 1 and c["transferred_in"] == 0 and c["start_of_year"] == 0
    assert c["end_of_year"] == 1


@pytest.mark.parametrize(
    "kind, field",
    [
        ("chuyen_di", "transferred_out"),
        ("nghi_huu", "retired"),
        ("tu_tran", "died"),
        ("xoa_ten", "removed"),
    ],
)
def test_leaving_events_count_once_and_leave_the_end_of_year(kind, field):
    c = counts(member(sex="nu", events=[event(kind, "2026-06-30")]))
    assert c[field] == 1
    assert c["start_of_year"] == 1
    assert c["end_of_year"] == 0
    assert c["official"] == c["probationary"] == c["women"] == 0
    assert sum(c["education"].values()) == 0
    assert sum(c["theory"].values()) == 0
    others = {"transferred_out", "retired", "died", "removed"} - {field}
    assert all(c[o] == 0 for o in others)


def test_transferred_in_then_out_in_the_same_year():
    c = counts(member(events=[event("chuyen_den", "2026-02-01"), event("chuyen_di", "2026-10-01")]))
    assert c["transferred_in"] == 1 and c["transferred_out"] == 1
    assert c["start_of_year"] == 0 and c["end_of_year"] == 0


def test_women_counted_at_end_only():
    c = counts(
        member(name="A", sex="nu"),
        member(name="B", sex="nam"),
        member(name="C", sex="nu"),
        member(name="D", sex="nu", events=[event("nghi_huu", "2026-08-31")]),
    )
    assert c["women"] == 2
    assert c["end_of_year"] == 3


def test_exempted_member_stays_in_the_counts():
    c = counts(member(events=[event("mien_sinh_hoat", "2026-04-01")]))
    assert c["exempted"] == 1
    assert c["end_of_year"] == 1
    assert c["start_of_year"] == 1


def test_exemption_granted_in_an_earlier_year_still_counts():
    # Miễn sinh hoạt lasts until it is lifted: granted in 2025, the member is still exempted in 2026.
    c = counts(member(events=[event("mien_sinh_hoat", "2025-04-01")]))
    assert c["exempted"] == 1
    assert c["end_of_year"] == 1


def test_education_and_theory_by_level():
    c = counts(
        member(name="A", education="tien_si", theory="cao_cap"),
        member(name="B", education="thac_si", theory="trung_cap"),
        member(name="C", education="thac_si", theory="so_cap"),
        member(name="D", education="dai_hoc", theory="chua_co"),
        member(name="E", education="cao_dang", theory="so_cap"),
        member(name="F", education="khac", theory="chua_co"),
    )
    assert c["education"] == {
        "doctorate": 1, "master": 2, "university": 1, "college": 1, "other": 1,
    }
    assert c["theory"] == {"advanced": 1, "intermediate": 1, "elementary": 2}


def test_theory_left_out_means_no_training():
    data = member().model_dump()
    del data["theory"]
    c = counts(Member.model_validate(data))
    assert c["theory"] == {"advanced": 0, "intermediate": 0, "elementary": 0}
    assert c["end_of_year"] == 1


def test_empty_roster_counts_all_zero():
    c = count_roster([], 2026)
    assert all(c[name] == 0 for name in c if name not in ("education", "theory"))
    assert set(c["education"].values()) == {0}


# --- helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2025, 3, 10), 12, date(2026, 3, 10)),
        (date(2025, 11, 20), 2, date(2026, 1, 20)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 12, 31), 0, date(2026, 12, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_is_official_at():
    m = member(admitted_on="2025-06-01", official_on="2026-06-01")
    assert is_official_at(m, date(2026, 6, 1))
    assert not is_official_at(m, date(2026, 5, 31))
    assert not is_official_at(member(official_on=None), date(2030, 1, 1))


def test_leaving_event_ignores_arrivals_and_exemptions():
    m = member(events=[event("chuyen_den", "2026-01-10"), event("mien_sinh_hoat", "2026-02-01")])
    assert leaving_event(m) is None
    m = member(events=[event("chuyen_den", "2026-01-10"), event("tu_tran", "2026-07-01")])
    assert leaving_event(m).kind is MemberEventKind.DIED


# --- typed counts -------------------------------------------------------------


def test_entered_counts_reads_empty_movements_as_zero():
    typed = Members.model_validate({"start_of_year": 10, "end_of_year": 10, "official": 9})
    c = entered_counts(typed)
    for name in ("admitted", "transferred_in", "transferred_out", "retired", "died",
                 "removed", "exempted"):
        assert c[name] == 0
    assert c["start_of_year"] == 10 and c["official"] == 9
    # required counts stay empty so the checks can ask for them
    assert c["probationary"] is None and c["women"] is None
    assert c["education"] == {
        "doctorate": None, "master": None, "university": None, "college": None, "other": None,
    }


def test_member_figures_expected_end_from_typed_counts(make_report, valid_report_data, modify):
    figures = member_figures(make_report(valid_report_data))
    assert figures.from_roster is False
    assert figures.expected_end == 20 + 2 + 1 - 1 - 1 == 21
    figures = member_figures(
        make_report(modify(valid_report_data, {"members.start_of_year": modify.DELETE}))
    )
    assert figures.expected_end is None
