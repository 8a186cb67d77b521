"""A đảng bộ's year from its cells' reports: rows, totals, blocks."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from fractions import Fraction

import pytest

from chibo.consolidate import (
    quality_key,
    MEMBER_FIELDS,
    SUMMARY_SCHEMA,
    consolidate,
    summarize,
)
from chibo.draft import draft_state
from chibo.labels import Rating
from chibo.model import field_label
from chibo.problems import Severity
from sample_reports import example_report, varied_thcs



THCS = example_report("thcs-2026.yaml")
TIEU_HOC = example_report("tieu-hoc-2026.yaml")


def test_example_rows_agree_with_the_editor_and_the_examples():
    for data in (THCS, TIEU_HOC):
        row = summarize(data)
        problems, _ = draft_state(data)
        assert row["errors"] == sum(p.severity is Severity.ERROR for p in problems) == 0
        assert row["warnings"] == sum(p.severity is Severity.WARNING for p in problems)
        assert row["schema"] == SUMMARY_SCHEMA and row["valid"] is True
        assert json.loads(json.dumps(row)) == row  # stored as JSON as is
    thcs = summarize(THCS)
    assert thcs["cell_name"] == "Chi bộ Trường THCS Đông Thành"
    assert thcs["members"]["start_of_year"] == 24 and thcs["members"]["women"] == 17
    assert thcs["classification"] == {"htxsnv": 3, "httnv": 19, "htnv": 2, "khtnv": 0, "not_rated": 1}
    assert thcs["students"]["scale"] == "tt22" and thcs["students"]["assessed"] == 587
    assert thcs["lists"]["admitted"] is None  # typed counts name nobody
    tieu_hoc = summarize(TIEU_HOC)
    assert tieu_hoc["students"]["scale"] == "tt27"
    assert tieu_hoc["members"]["end_of_year"] == 13  # from the member list
    assert tieu_hoc["lists"]["admitted"] == ["Đinh Thị Quỳnh"]
    assert tieu_hoc["cell_rating"] == "htxsnv"


@pytest.mark.parametrize(
    "draft",
    [
        {},
        {"year": 2026},
        {"year": 2026, "meta": {"cell_name": "Chi bộ A", "school_level": "thcs"},
         "members": {"start_of_year": "hai mươi", "admitted": 2},
         "students": {"assessed": 100, "conduct": {"tot": 60, "kha": 30}}},
        {**THCS, "members": {**THCS["members"], "end_of_year": 99}},  # valid, with a lỗi
        {**THCS, "achievements": []},
        {**THCS, "meta": {**THCS["meta"], "date": "31/02/2026"}},
        {**THCS, "year": "năm nay"},
    ],
    ids=["empty", "year-only", "wrong-type", "rule-error", "no-achievements", "bad-date", "bad-year"],
)
def test_draft_problem_counts_equal_the_editors(draft):
    row = summarize(draft, year=2026)
    problems, _ = draft_state(draft)
    assert row["errors"] == sum(p.severity is Severity.ERROR for p in problems) > 0
    assert row["warnings"] == sum(p.severity is Severity.WARNING for p in problems)
    assert row["year"] == 2026  # the record's year, whatever the data says
    assert json.loads(json.dumps(row)) == row


def test_a_draft_with_a_wrong_year_keeps_its_figures_under_the_records_year():
    row = summarize({**THCS, "year": "năm nay"}, year=2026)
    assert row["valid"] is False and row["year"] == 2026
    assert row["members"] == summarize(THCS)["members"]
    assert row["students"] == summarize(THCS)["students"]


def test_a_draft_keeps_the_figures_that_are_right():
    row = summarize({"year": 2026, "meta": {"cell_name": "Chi bộ A", "school_level": "thcs"},
                     "members": {"start_of_year": "hai mươi", "admitted": 2},
                     "students": {"assessed": 100, "conduct": {"tot": 60, "kha": 30}}})
    assert row["valid"] is False
    assert row["cell_name"] == "Chi bộ A"
    assert row["members"]["start_of_year"] is None  # the wrong value is not guessed
    assert row["members"]["admitted"] == 2
    assert row["students"]["conduct"]["tot"] == 60 and row["students"]["assessed"] == 100


def test_a_draft_without_names_gets_no_placeholder_names_or_guessed_scale():
    row = summarize({"year": 2026, "students": {"assessed": 100, "conduct": {"tot": 60}}})
    assert row["cell_name"] is None and row["party_committee"] is None
    assert row["school_level"] is None
    assert row["students"] is None  # the scale depends on the school level


def test_member_and_classification_totals_are_sums_of_the_reports():
    data = [varied_thcs(f"Chi bộ Trường THCS số {k}", k) for k in range(1, 6)]
    result = consolidate([summarize(d) for d in data], year=2026, organisation="Đảng bộ xã Đông Thành")
    for name in MEMBER_FIELDS:
        assert result.totals.members[name] == sum(d["members"][name] for d in data), name
    for rating, key in (("htxsnv", "excellent"), ("httnv", "good"), ("htnv", "completed"), ("khtnv", "failed")):
        assert result.totals.classification[rating] == sum(d["classification"][key] for d in data)
    assert result.totals.classification["not_rated"] == sum(
        n["count"] for d in data for n in d["classification"]["not_rated"])
    members = next(b for b in result.blocks() if b.key == "members")
    assert [c.label for c in members.columns] == [field_label(f"members.{n}") for n in MEMBER_FIELDS]
    assert len(members.rows) == 5
    assert members.totals[0].values == [result.totals.members[n] for n in MEMBER_FIELDS]


def test_student_rates_are_weighted_by_students_never_an_average_of_rates():
    small = varied_thcs("Chi bộ nhỏ", 0)
    big = varied_thcs("Chi bộ lớn", 0)
    small["students"].update(assessed=100, conduct={"tot": 90, "kha": 10, "dat": 0, "chua_dat": 0})
    big["students"].update(assessed=900, conduct={"tot": 450, "kha": 400, "dat": 50, "chua_dat": 0})
    result = consolidate([summarize(small), summarize(big)], year=2026, organisation="Đảng bộ")
    rate = result.totals.rate("tt22", "conduct", "tot")
    assert rate == Decimal(54)  # (90 + 450) / 1000, not (90% + 50%) / 2 = 70%
    block = next(b for b in result.blocks() if b.key == "students_tt22")
    column = [c.key for c in block.columns].index("conduct.tot.pct")
    assert [r.values[column] for r in block.rows] == [Decimal(90), Decimal(50)]
    assert block.totals[0].values[column] == Decimal(54)
    assert "không lấy trung bình" in block.note


def test_mixed_scales_are_totalled_each_in_its_own_block():
    thcs = [varied_thcs(f"Chi bộ THCS {k}", k) for k in (1, 2, 3)]
    primary = copy.deepcopy(TIEU_HOC)
    primary2 = copy.deepcopy(TIEU_HOC)
    primary2["meta"]["cell_name"] = "Chi bộ Trường Tiểu học số 2"
    primary2["students"]["assessed"] += 100
    for quality in primary2["students"]["qualities"].values():
        quality["dat"] += 100
    primary2["students"]["learning"]["hoan_thanh"] += 100
    all_data = [thcs[0], primary, thcs[1], primary2, thcs[2]]
    result = consolidate([summarize(d) for d in all_data], year=2026, organisation="Đảng bộ")
    keys = [b.key for b in result.blocks()]
    assert keys == ["members", "school", "classification", "cell_levels", "students_tt22", "students_tt27",
                    "achievements", "targets"]  # the tiểu học example gives its school's figures
    for scale, cells in (("tt22", thcs), ("tt27", [primary, primary2])):
        totals = result.totals.students[scale]
        assert totals["cells"] == len(cells)
        assert totals["assessed"] == sum(d["students"]["assessed"] for d in cells)
        # TT27's phẩm chất, năng lực: each quality given, as the office's totals key them.
        qualities = [] if scale == "tt22" else list(TIEU_HOC["students"]["qualities"])
        for dim in ["conduct", "learning"] if scale == "tt22" else ["learning", *qualities]:
            key = dim if dim in ("conduct", "learning") else quality_key(dim)
            for code in totals[key]:
                counts = [d["students"][dim] if key == dim else d["students"]["qualities"][dim] for d in cells]
                expected = Fraction(sum(c.get(code, 0) for c in counts) * 100,
                                    sum(d["students"]["assessed"] for d in cells))
                assert Fraction(result.totals.rate(scale, key, code)) == pytest.approx(expected, abs=1e-20)
        block = next(b for b in result.blocks() if b.key == f"students_{scale}")
        assert [r.label for r in block.rows] == [d["meta"]["cell_name"] for d in cells]
    primary_block = next(b for b in result.blocks() if b.key == "students_tt27")
    assert "Mức Tốt theo từng phẩm chất, năng lực" in {c.group.split(" — ")[0] for c in primary_block.columns if c.group}


def test_office_totals_per_quality_are_counts_over_pupils_assessed():
    """Each phẩm chất, năng lực: the sum of the cells' counts over the sum of their pupils,
    only over the cells that gave it; its Tốt share is a column of the primary block."""
    a = copy.deepcopy(TIEU_HOC)
    b = copy.deepcopy(TIEU_HOC)
    b["meta"]["cell_name"] = "Chi bộ Trường Tiểu học số 2"
    b["students"]["assessed"] += 16
    b["students"]["learning"]["hoan_thanh"] += 16
    b["students"]["qualities"] = {"yeu_nuoc": {"tot": 500, "dat": 200, "can_co_gang": 0}}  # 700 pupils, one quality
    result = consolidate([summarize(d) for d in (a, b)], year=2026, organisation="Đảng bộ")
    totals = result.totals.students["tt27"]
    assert totals[quality_key("yeu_nuoc")] == {"tot": 652 + 500, "dat": 30 + 200, "can_co_gang": 2}
    assert result.totals.rate("tt27", quality_key("yeu_nuoc"), "tot") == Decimal(1152 * 100) / Decimal(684 + 700)
    assert result.totals.rate("tt27", quality_key("nhan_ai"), "tot") == Decimal(645 * 100) / Decimal(684)  # a only
    block = next(bl for bl in result.blocks() if bl.key == "students_tt27")
    index = {c.key: i for i, c in enumerate(block.columns)}
    assert block.columns[index["quality:yeu_nuoc.tot.pct"]].label == "Yêu nước"
    assert "quality:nhan_ai.tot.n" in index and "quality:the_chat.tot.n" not in index  # no cell gave Thể chất
    assert [r.values[index["quality:nhan_ai.tot.n"]] for r in block.rows] == [645, None]
    assert block.totals[0].values[index["quality:yeu_nuoc.tot.n"]] == 1152


def test_cells_at_each_level_and_last_year_with_the_change():
    now = [varied_thcs("A", 1, "htxsnv"), varied_thcs("B", 2, "httnv"), varied_thcs("C", 3, "httnv")]
    then = [varied_thcs("A", 0, "httnv"), varied_thcs("B", 1, "htnv")]
    for d in then:
        d["year"] = 2025
    result = consolidate([summarize(d) for d in now], year=2026, organisation="Đảng bộ",
                         last_year=[summarize(d) for d in then])
    assert result.totals.cell_levels == {"htxsnv": 1, "httnv": 2, "htnv": 0, "khtnv": 0, None: 0}
    assert result.last_year.cell_levels == {"htxsnv": 0, "httnv": 1, "htnv": 1, "khtnv": 0, None: 0}
    levels = next(b for b in result.blocks() if b.key == "cell_levels")
    assert [r.label for r in levels.rows] == [r.label for r in Rating] + ["Chưa xếp loại"]
    assert levels.rows[0].values == [1, 0, 1]
    assert levels.rows[2].values == [0, 1, -1]
    assert levels.totals[0].values == [3, 2, 1]
    members = next(b for b in result.blocks() if b.key == "members")
    total, last, change = members.totals
    assert (total.kind, last.kind, change.kind) == ("total", "last_year", "change")
    assert last.values == [sum(d["members"][n] for d in then) for n in MEMBER_FIELDS]
    assert change.values == [a - b for a, b in zip(total.values, last.values)]
    students = next(b for b in result.blocks() if b.key == "students_tt22")
    column = [c.key for c in students.columns].index("conduct.tot.pct")
    now_rate, then_rate = students.totals[0].values[column], students.totals[1].values[column]
    # Points between the rates as shown, so the reader's own subtraction agrees.
    assert students.totals[2].values[column] == round(now_rate, 2) - round(then_rate, 2)


def test_rows_not_counted_are_shown_but_not_totalled():
    counted = summarize(varied_thcs("A", 1))
    draft = {**summarize(varied_thcs("B", 5)), "counted": False}
    result = consolidate([counted, draft], year=2026, organisation="Đảng bộ")
    assert result.totals.cells == 1
    assert result.totals.members == counted["members"]
    members = next(b for b in result.blocks() if b.key == "members")
    assert [r.label for r in members.rows] == ["A", "B"]


def test_target_rates_are_weighted_by_students_too():
    a, b = varied_thcs("A", 0), varied_thcs("B", 0)
    a["students"]["assessed"], b["students"]["assessed"] = 100, 300  # not checked here: only the weight
    a["targets"]["students"]["conduct_good_rate"] = 90
    b["targets"]["students"]["conduct_good_rate"] = 70
    result = consolidate([summarize(a), summarize(b)], year=2026, organisation="Đảng bộ")
    assert result.totals.targets["students.conduct_good_rate"] == Decimal(75)  # (9000 + 21000) / 400
    assert result.totals.targets["students.gifted"] == 2 * THCS["targets"]["students"]["gifted"]
    targets = next(b for b in result.blocks() if b.key == "targets")
    assert targets.title.endswith("(2027)")


def test_lists_for_the_summary_report():
    primary = copy.deepcopy(TIEU_HOC)
    rows = [summarize(varied_thcs("A", 1, "htxsnv")), summarize(primary),
            summarize(varied_thcs("B", 3, "httnv")), {**summarize(varied_thcs("C", 2, "htxsnv")), "counted": False}]
    result = consolidate(rows, year=2026, organisation="Đảng bộ")
    assert result.cells_at("htxsnv") == ["A", "Chi bộ Trường Tiểu học Tân Phong"]  # C does not count
    assert result.cells_at("httnv") == ["B"] and result.cells_at(None) == []
    assert result.admitted() == [("A", 3, None), ("Chi bộ Trường Tiểu học Tân Phong", 1, ["Đinh Thị Quỳnh"]),
                                 ("B", 2, None)]
    assert result.rated_excellent() == [("A", 3), ("Chi bộ Trường Tiểu học Tân Phong", 2), ("B", 3)]


# --- grade groups, figures not given, the scales of earlier years -------------------


def _mixed_2023(name: str, k: int = 0) -> dict:
    """A 2023 THCS report: Khối 6, 7 on TT22, Khối 8, 9 on TT58 (a grade group)."""
    data = varied_thcs(name, k, year=2023)
    data["meta"]["date"] = "2023-12-20"
    s = data["students"]
    s.update(scale="tt22", grades="Khối 6, 7")
    s.pop("last_year", None)
    s.pop("area", None)
    s["groups"] = [{"grades": "Khối 8, 9", "scale": "tt58", "assessed": 300 + k,
                    "conduct": {"tot": 240 + k, "kha": 50, "trung_binh": 9, "yeu": 1},
                    "learning": {"gioi": 60, "kha": 150 + k, "trung_binh": 85, "yeu": 5, "kem": 0},
                    "titles": {"gioi": 60}}]
    return data


def _tt58_2023(name: str) -> dict:
    data = varied_thcs(name, 0, year=2023)
    data["meta"]["date"] = "2023-12-20"
    data["students"] = {"scale": "tt58", "assessed": 400,
                        "conduct": {"tot": 300, "kha": 80, "trung_binh": 18, "yeu": 2},
                        "learning": {"gioi": 100, "kha": 180, "trung_binh": 110, "yeu": 8, "kem": 2},
                        "titles": {"gioi": 100}}
    return data


def test_a_grade_group_counts_in_the_block_of_its_scale():
    mixed, whole = _mixed_2023("A", 1), _tt58_2023("B")
    result = consolidate([summarize(mixed), summarize(whole)], year=2023, organisation="Đảng bộ")
    tt58, tt22 = result.totals.students["tt58"], result.totals.students["tt22"]
    group = mixed["students"]["groups"][0]
    assert tt58["cells"] == 2 and tt58["assessed"] == group["assessed"] + 400
    assert tt22["cells"] == 1 and tt22["assessed"] == mixed["students"]["assessed"]
    # Sum of counts over sum of assessed, the group's grades with the other school's.
    assert result.totals.rate("tt58", "conduct", "tot") == Decimal(group["conduct"]["tot"] + 300) * 100 / (
        group["assessed"] + 400)
    assert result.totals.rate("tt58", "titles", "gioi") == Decimal(60 + 100) * 100 / (group["assessed"] + 400)
    block = next(b for b in result.blocks() if b.key == "students_tt58")
    assert [r.label for r in block.rows] == ["A", "B"]
    assert block.columns[0].label == "Khối lớp"
    assert [r.values[0] for r in block.rows] == ["Khối 8, 9", None]
    assert block.rows[0].values[1] == group["assessed"]
    tt22_block = next(b for b in result.blocks() if b.key == "students_tt22")
    assert [r.values[:2] for r in tt22_block.rows] == [["Khối 6, 7", mixed["students"]["assessed"]]]


def test_a_primary_report_on_tt30_has_its_block():
    row = summarize(example_report("tieu-hoc-2020.yaml"))
    result = consolidate([row], year=2020, organisation="Đảng bộ")
    block = next(b for b in result.blocks() if b.key == "students_tt30")
    assert block.totals[0].values[0] == row["students"]["assessed"] > 0


def _without(data: dict, **paths) -> dict:
    """``data`` with some figures left out (as a cell that does not give them)."""
    data = copy.deepcopy(data)
    for part, names in paths.items():
        node = data
        for key in part.split("__"):
            node = node[key]
        for name in names:
            node.pop(name, None)
    return data


def test_a_figure_a_cell_did_not_give_is_left_out_of_the_total_and_said():
    movements = ("admitted", "transferred_in", "transferred_out", "retired", "died", "removed")
    full = _without(varied_thcs("A", 0), members=("women",),
                    targets__students=("gifted_province",))
    part = _without(varied_thcs("B", 3), members=("start_of_year", "official", "probationary", "women", *movements),
                    classification=("excellent", "good", "completed", "failed", "not_rated"),
                    students__titles=("gioi",), targets__students=("gifted", "gifted_province"))
    rows = [summarize(full), summarize(part)]
    b = rows[1]
    assert b["members"]["start_of_year"] is None and b["members"]["admitted"] is None  # not 0
    assert set(b["classification"].values()) == {None}
    assert b["students"]["titles"]["gioi"] is None
    result = consolidate(rows, year=2026, organisation="Đảng bộ")
    t = result.totals
    assert t.members["start_of_year"] == full["members"]["start_of_year"]
    assert t.members["end_of_year"] == full["members"]["end_of_year"] + part["members"]["end_of_year"]
    assert t.given["members"]["start_of_year"] == 1 and t.given["members"]["end_of_year"] == 2
    assert t.members["women"] is None  # no cell gave it: not 0
    assert t.classification["httnv"] == full["classification"]["good"]
    assert t.given["classification"]["httnv"] == 1
    # Titles over the students of the cells that gave them.
    assert t.rate("tt22", "titles", "gioi") == Decimal(full["students"]["titles"]["gioi"]) * 100 / full["students"][
        "assessed"]
    assert t.targets["students.gifted"] == full["targets"]["students"]["gifted"]
    assert t.targets["students.gifted_province"] is None

    members = next(bl for bl in result.blocks() if bl.key == "members")
    column = {c.key: i for i, c in enumerate(members.columns)}
    assert members.rows[1].values[column["start_of_year"]] is None
    assert members.rows[1].values[column["admitted"]] is None
    total, given = members.totals
    assert given.kind == "given" and given.label == "Số chi bộ có số liệu"
    assert given.values[column["start_of_year"]] == "1/2" and given.values[column["end_of_year"]] == "2/2"
    assert given.values[column["women"]] == "0/2" and total.values[column["women"]] is None
    assert "chi bộ không ghi số liệu này" in members.note
    targets = next(bl for bl in result.blocks() if bl.key == "targets")
    tcol = [c.key for c in targets.columns].index("students.gifted")
    assert targets.totals[1].values[tcol] == "1/2"
    # Every cell gave every figure: no line of counts, no note.
    complete = consolidate([summarize(varied_thcs("A", 0)), summarize(varied_thcs("B", 1))], year=2026,
                           organisation="Đảng bộ")
    members = next(bl for bl in complete.blocks() if bl.key == "members")
    assert [r.kind for r in members.totals] == ["total"] and members.note is None


def test_percentages_follow_the_profiles_precision():
    from chibo.profiles import load_profile

    result = consolidate([summarize(varied_thcs("A", 0))], year=2026, organisation="Đảng bộ")
    assert result.decimals == load_profile().percent_decimals == 2
    then = varied_thcs("A", 1, year=2025)
    one = consolidate([summarize(varied_thcs("A", 0))], year=2026, organisation="Đảng bộ",
                      last_year=[summarize(then)], decimals=1)
    block = next(b for b in one.blocks() if b.key == "students_tt22")
    i = [c.key for c in block.columns].index("conduct.tot.pct")
    now, before, change = (row.values[i] for row in block.totals)
    assert change == round(now, 1) - round(before, 1)


def test_an_optional_summary_no_cell_gave_has_no_columns_of_dashes():
    primary = copy.deepcopy(TIEU_HOC)
    primary["students"].pop("conduct", None)  # TT27 rates each quality: the single level is optional
    result = consolidate([summarize(primary)], year=2026, organisation="Đảng bộ")
    block = next(b for b in result.blocks() if b.key == "students_tt27")
    keys = [c.key for c in block.columns]
    assert not [k for k in keys if k.startswith("conduct.")]
    assert "learning.hoan_thanh.n" in keys
    assert "Khối lớp" not in [c.label for c in block.columns] and "khối lớp" not in block.note


def test_the_schools_figures_are_totalled_over_the_cells_that_gave_them():
    with_school = copy.deepcopy(TIEU_HOC)
    school = with_school["school"]
    without = varied_thcs("B", 0)
    without.pop("school", None)
    result = consolidate([summarize(with_school), summarize(without)], year=2026, organisation="Đảng bộ")
    block = next(b for b in result.blocks() if b.key == "school")
    keys = [c.key for c in block.columns]
    total, given = block.totals
    assert total.values[keys.index("teachers")] == school["teachers"]
    assert given.values[keys.index("teachers")] == "1/2"
    assert block.rows[1].values[keys.index("teachers")] is None
    staff = school["managers"] + school["teachers"] + school["staff"]
    end = summarize(with_school)["members"]["end_of_year"]
    assert total.values[keys.index("party_share")] == Decimal(end) * 100 / staff
    # Last year's cells gave none: no rows of "—" for last year and the change.
    then = varied_thcs("B", 0, year=2025)
    then.pop("school", None)
    compared = consolidate([summarize(with_school)], year=2026, organisation="Đảng bộ", last_year=[summarize(then)])
    block = next(b for b in compared.blocks() if b.key == "school")
    assert [r.kind for r in block.totals] == ["total"]
    members = next(b for b in compared.blocks() if b.key == "members")
    assert [r.kind for r in members.totals] == ["total", "last_year", "change"]
    # No cell gave any: no block.
    none = consolidate([summarize(without)], year=2026, organisation="Đảng bộ")
    assert "school" not in [b.key for b in none.blocks()]
