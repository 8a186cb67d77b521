"""A mầm non cell's children (Report.children), as published preschool reports give them:
groups and classes, enrolment, attendance, meals, the weight and height channels, the
5-year-olds' programme; checked, computed and read back from the rendered DOCX."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import docx

from chibo.compose import compose
from chibo.figures import compute
from chibo.loader import validate
from chibo.model import Children
from chibo.render.to_docx import render_docx
from test_rules import ERR, WARN, assert_no_problem_at, assert_problem, run

CHILDREN = {
    "nursery_groups": 4,
    "kindergarten_classes": 10,
    "children": 380,
    "nursery": 90,
    "kindergarten": 290,
    "nursery_enrolment": 42.5,
    "kindergarten_enrolment": "98,2%",
    "five_year_enrolment": 100,
    "attendance_rate": 95.5,
    "boarding": 380,
    "weight": {"measured": 376, "normal": 360, "underweight": 9, "overweight": 7},
    "height": {"measured": 376, "normal": 366, "stunted": 10},
    "five_year_olds": 102,
    "completed": 102,
    "universal": "Duy trì đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi",
    "last_year": {
        "attendance_rate": 94,
        "weight": {"measured": 370, "normal": 350, "underweight": 12, "overweight": 8},
        "height": {"measured": 370, "normal": 355, "stunted": 15},
    },
}


def _report(children: dict | None = None, level: str = "mam_non", **changes) -> dict:
    data = {
        "year": 2026,
        "meta": {
            "party_committee": "Đảng bộ xã Hòa Bình",
            "cell_name": "Chi bộ Trường Mầm non Hoa Sen",
            "school_level": level,
            "number": "05",
            "place": "Hòa Bình",
            "date": "18/12/2026",
            "signer_name": "Nguyễn Thị Lan",
            "signer_role": "bi_thu",
        },
        "members": {"end_of_year": 18, "official": 17, "women": 16},
        "classification": {"excellent": 2, "good": 15, "completed": 1, "failed": 0, "cell_rating": "httnv"},
        "targets": {"party": {"new_members_min": 1, "new_members_max": 2}},
        "achievements": ["Nhà trường đạt danh hiệu Tập thể lao động tiên tiến."],
    }
    if children is not None:
        data["children"] = copy.deepcopy(children)
    data.update(changes)
    return data


def _text(data: dict) -> tuple[str, list[list[str]]]:
    """The body text and every table's rows, from the DOCX."""
    loaded = validate(data)
    assert loaded.report is not None, [p.message for p in loaded.problems]
    report = loaded.report
    document = docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return "\n".join(p.text for p in document.paragraphs), rows


def test_a_preschool_report_states_its_childrens_figures():
    body, rows = _text(_report(CHILDREN))
    assert "Kết quả chăm sóc, nuôi dưỡng, giáo dục trẻ:" in body
    assert "- Số lượng: nhà trường có 04 nhóm trẻ và 10 lớp mẫu giáo với 380 trẻ (nhà trẻ 90 trẻ, mẫu giáo 290 trẻ)." in body
    assert "- Huy động trẻ ra lớp: nhà trẻ đạt 42,50%, mẫu giáo đạt 98,20%, trẻ 5 tuổi đạt 100,00%." in body
    assert "- Tỷ lệ chuyên cần đạt 95,50%; 380 trẻ ăn bán trú tại trường (100,00%)." in body
    assert ("- Cân nặng: trong 376 trẻ được cân, kênh bình thường 360 trẻ (95,74%); suy dinh dưỡng thể nhẹ cân "
            "09 trẻ (2,39%); thừa cân, béo phì 07 trẻ (1,86%).") in body
    assert ("- Chiều cao: trong 376 trẻ được đo, kênh bình thường 366 trẻ (97,34%); suy dinh dưỡng thể thấp còi "
            "10 trẻ (2,66%).") in body
    assert "- Trẻ 5 tuổi hoàn thành Chương trình giáo dục mầm non: 102/102 trẻ (100,00%)." in body
    assert "- Duy trì đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi." in body
    # last year's shares from last year's counts, compared as printed (3,24% - 2,39%)
    assert "suy dinh dưỡng thể nhẹ cân giảm 0,85 điểm phần trăm" in body
    assert "suy dinh dưỡng thể thấp còi giảm 1,39 điểm phần trăm" in body
    assert "tỷ lệ chuyên cần tăng 1,50 điểm phần trăm" in body
    assert ["Suy dinh dưỡng thể nhẹ cân", "9/376", "2,39%", "3,24%", "−0,85"] in rows
    assert ["Chuyên cần", "", "95,50%", "94,00%", "+1,50"] in rows
    assert ["Trẻ ăn bán trú", "380/380", "100,00%", "", ""] in rows


def test_only_what_is_given_is_printed():
    body, rows = _text(_report({"weight": {"measured": 200, "underweight": 5}}))
    assert "- Cân nặng: trong 200 trẻ được cân, suy dinh dưỡng thể nhẹ cân 05 trẻ (2,50%)." in body
    for absent in ("Số lượng:", "Huy động", "chuyên cần", "bán trú", "Chiều cao:", "hoàn thành Chương trình",
                   "kênh bình thường", "thừa cân", "So với cùng kỳ"):
        assert absent not in body, absent
    assert ["Suy dinh dưỡng thể nhẹ cân", "5/200", "2,50%"] in rows
    # no table column for a comparison that was not given
    assert not any("Cùng kỳ năm trước" in cells for cells in rows)
    # no block at all: no heading
    body, _ = _text(_report({}))
    assert "Kết quả chăm sóc, nuôi dưỡng, giáo dục trẻ:" not in body
    body, _ = _text(_report())
    assert "Kết quả chăm sóc, nuôi dưỡng, giáo dục trẻ:" not in body


def test_a_complete_report_of_children_has_no_problem():
    problems = run(_report(CHILDREN))
    assert not [p for p in problems if p.path.startswith("children")], problems


def test_channels_must_add_up_to_the_children_measured():
    data = _report(CHILDREN)
    data["children"]["weight"]["normal"] = 350  # 350 + 9 + 7 = 366, not 376
    assert_problem(run(data), "children.weight.normal", ERR, "366", "376", "Số trẻ được cân")
    # channels partly given: only their sum over the children weighed is wrong
    data = _report({"height": {"measured": 100, "stunted": 120}})
    problems = run(data)
    assert_problem(problems, "children.height.normal", ERR, "120", "100")
    data = _report({"height": {"measured": 100, "stunted": 12}})
    assert_no_problem_at(run(data), "children.height.normal")


def test_a_channel_needs_the_children_measured():
    problems = run(_report({"weight": {"underweight": 5}}))
    assert_problem(problems, "children.weight.measured", ERR, "Chưa nhập", "Số trẻ được cân",
                   "Suy dinh dưỡng thể nhẹ cân")


def test_each_count_within_the_children():
    data = _report({"children": 100, "boarding": 120, "weight": {"measured": 130},
                    "five_year_olds": 30, "completed": 31, "nursery": 60, "kindergarten": 50})
    problems = run(data)
    assert_problem(problems, "children.boarding", ERR, "120", "100", "Tổng số trẻ")
    assert_problem(problems, "children.weight.measured", ERR, "130", "100")
    assert_problem(problems, "children.completed", ERR, "31", "30", "Số trẻ 5 tuổi")
    assert_problem(problems, "children.children", ERR, "60", "50", "110", "100")
    assert_no_problem_at(problems, "children.five_year_olds")  # 30 of the 50 in mẫu giáo
    problems = run(_report({"kindergarten": 20, "five_year_olds": 30}))
    assert_problem(problems, "children.five_year_olds", ERR, "30", "20", "Số trẻ mẫu giáo")
    # last year's counts are checked the same way
    data = _report({"last_year": {"children": 100, "boarding": 101}})
    assert_problem(run(data), "children.last_year.boarding", ERR, "101", "100")


def test_children_of_another_level_warn_and_are_not_printed():
    data = _report(CHILDREN, level="thcs")
    problems = run(data)
    assert_problem(problems, "children", WARN, "chỉ dành cho trường mầm non", "không in")
    body, _ = _text(data)
    assert "chăm sóc, nuôi dưỡng, giáo dục trẻ:" not in body
    assert "suy dinh dưỡng" not in body
    data = _report(None, level="thcs", targets={"party": {"new_members_min": 1}, "children": {"stunted_rate": 3}})
    assert_problem(run(data), "targets.children", WARN, "chỉ dành cho trường mầm non", "không in")
    # an empty block (every key with nothing after it) is nothing given
    empty = {"children": None, "weight": {"measured": None}, "last_year": None}
    assert not [p for p in run(_report(empty, level="thcs")) if p.path.startswith("children")]


def test_the_starter_file_has_the_children_only_for_a_preschool():
    from chibo.labels import SchoolLevel
    from chibo.loader import parse_text
    from chibo.starter import starter_yaml

    preschool = starter_yaml(2026, SchoolLevel.PRESCHOOL)
    assert "\nchildren:" in preschool and "    underweight:   # Suy dinh dưỡng thể nhẹ cân (trẻ)" in preschool
    assert "\n  # last_year:" in preschool.split("\nchildren:")[1]
    assert "\n  children:  # Đối với trẻ" in preschool.split("\ntargets:")[1]  # its targets
    for level in SchoolLevel:
        if level is not SchoolLevel.PRESCHOOL:
            text = starter_yaml(2026, level)
            assert "\nchildren:" not in text and "underweight" not in text, level
    # the empty block is no problem, and nothing of it is printed
    problems = parse_text(preschool).problems
    assert not [p for p in problems if p.path.startswith("children")], problems


def test_the_children_against_the_schools_pupil_count():
    data = _report({"children": 380}, school={"students": 390})
    assert_problem(run(data), "children.children", WARN, "380", "390")


def test_targets_for_children_are_met_above_a_floor_or_under_a_ceiling():
    data = _report(CHILDREN, targets_set={"children": {
        "attendance_rate": 95, "underweight_rate": 2, "stunted_rate": 3, "completion_rate": 100}},
        targets={"party": {"new_members_min": 1, "new_members_max": 2},
                 "children": {"attendance_rate": 96, "underweight_rate": "2,0"}})
    body, rows = _text(data)
    # 2,39% thể nhẹ cân is over the ceiling of 2%: missed; 2,66% thấp còi is under 3%: met
    assert ("Thực hiện chỉ tiêu năm 2026: đạt và vượt 3/4 chỉ tiêu; chưa đạt: tỷ lệ trẻ suy dinh dưỡng thể nhẹ cân "
            "(2,39%/không quá 2,00%).") in body
    assert ["Tỷ lệ trẻ suy dinh dưỡng thể thấp còi", "không quá 3,00%", "2,66%", "Đạt"] in rows
    assert ["Tỷ lệ trẻ chuyên cần", "95,00%", "95,50%", "Vượt"] in rows
    # next year's targets in Phần thứ hai
    assert ["Đối với trẻ", ""] in rows
    assert ["Tỷ lệ trẻ chuyên cần", "96,00%"] in rows
    assert ["Tỷ lệ trẻ suy dinh dưỡng thể nhẹ cân", "không quá 2,00%"] in rows
    assert not any(cells[0] == "Tỷ lệ trẻ suy dinh dưỡng thể thấp còi" and len(cells) == 2 for cells in rows)


def test_a_target_without_the_childrens_figure_asks_for_it():
    data = _report({"children": 100}, targets_set={"children": {"underweight_rate": 2}})
    problems = run(data)
    assert_problem(problems, "children.weight.underweight", WARN, "Tỷ lệ trẻ suy dinh dưỡng thể nhẹ cân",
                   "không quá 2,00%", "chưa có")


def test_next_years_draft_compares_with_this_years_children():
    from chibo.draft import next_year_data

    data = next_year_data(_report(CHILDREN))
    assert data["children"] == {"last_year": {
        "children": 380, "attendance_rate": 95.5, "boarding": 380,
        "weight": {"measured": 376, "normal": 360, "underweight": 9, "overweight": 7},
        "height": {"measured": 376, "normal": 366, "stunted": 10},
        "five_year_olds": 102, "completed": 102,
    }}
    # the draft is unfinished (no date, no figures of its own), but its children load
    assert Children.model_validate(data["children"]).last_year.weight.underweight == 9


def test_the_office_totals_the_preschools_children():
    import openpyxl

    from chibo.consolidate import consolidate, summarize
    from chibo.render.to_xlsx import render_xlsx

    full = summarize(_report(CHILDREN))
    some = summarize(_report({"children": 100, "weight": {"measured": 100, "underweight": 5}},
                             meta={**_report()["meta"], "cell_name": "Chi bộ Trường Mầm non Họa Mi"}))
    other = summarize(_report(None, level="thcs", meta={**_report()["meta"], "school_level": "thcs",
                                                          "cell_name": "Chi bộ Trường THCS Hòa Bình"}))
    result = consolidate([full, some, other], year=2026, organisation="Đảng bộ xã Hòa Bình")
    block = next(b for b in result.blocks() if b.key == "children")
    keys = [c.key for c in block.columns]
    assert [r.label for r in block.rows] == ["Chi bộ Trường Mầm non Hoa Sen", "Chi bộ Trường Mầm non Họa Mi"]
    total, given = block.totals
    assert total.values[keys.index("weight.measured")] == 476
    assert total.values[keys.index("weight.underweight")] == 14
    # the share of the children weighed in both schools, not the average of 2,39% and 5%
    assert total.values[keys.index("weight.underweight%")] == Decimal(14) * 100 / 476
    # a figure one preschool left out is «—», not 0, and its total is of one preschool of two
    assert block.rows[1].values[keys.index("height.stunted")] is None
    assert total.values[keys.index("height.stunted")] == 10
    assert given.values[keys.index("height.stunted")] == "1/2"
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(result.blocks(), title="Tổng hợp"))).worksheets
    assert "Trẻ mầm non" in [ws.title for ws in sheet]
    # the đảng ủy's summary has the totals' table
    from chibo.summary import Office, render_summary_docx

    summary = docx.Document(io.BytesIO(render_summary_docx(result, Office("Đảng bộ xã Hòa Bình", superior=" ", number=""))))
    lines = [p.text for p in summary.paragraphs]
    assert any("Trẻ của các trường mầm non năm 2026" in line for line in lines)
    cells = [[c.text for c in row.cells] for table in summary.tables for row in table.rows]
    assert any(row[0] == "Tỷ lệ trẻ suy dinh dưỡng thể nhẹ cân (%)" and "2,94" in " ".join(row) for row in cells), cells
    # no preschool gave any: no block
    none = consolidate([other], year=2026, organisation="Đảng bộ xã Hòa Bình")
    assert "children" not in [b.key for b in none.blocks()]
