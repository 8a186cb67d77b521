"""Wording rules of the format guide, read back from the rendered DOCX: dates, one
precision for every percentage, "điểm phần trăm", one padding rule for counts."""

from __future__ import annotations

import io
import re

import docx

from chibo.compose import compose
from chibo.figures import compute
from chibo.loader import validate
from chibo.render.to_docx import render_docx


def _text(data: dict) -> tuple[list[str], list[list[str]]]:
    """The body paragraphs and every table row of the rendered DOCX."""
    loaded = validate(data)
    assert loaded.report is not None, [p.message for p in loaded.problems]
    report = loaded.report
    document = docx.Document(io.BytesIO(render_docx(compose(report, compute(report), charts=False))))
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    paragraphs += [p.text for table in document.tables for row in table.rows for cell in row.cells
                   for p in cell.paragraphs]
    return paragraphs, rows


def _with_targets_set(data: dict, modify, decimals: int) -> dict:
    # 400 of 500 rated Tốt = 80%; 381/500 would be 76,2%: use 457 of 600 = 76,1666…%
    return modify(data, {
        "options.percent_decimals": decimals,
        "students.assessed": 600,
        "students.conduct": {"tot": 457, "kha": 120, "dat": 21, "chua_dat": 2},
        "students.learning": {"tot": 140, "kha": 290, "dat": 160, "chua_dat": 10},
        "targets_set": {
            "students": {"gifted": 4, "promotion_rate": 98.5, "conduct_good_rate": 80},
            "teachers": {"emulation_fighters": 3},
        },
        "target_results": {"gifted": 4, "promotion_rate": 98.25, "emulation_fighters": 3},
    })


def test_the_date_pads_only_days_below_ten_and_months_one_and_two(valid_report_data, modify):
    for written, expected in [("2026-09-05", "ngày 05 tháng 9 năm 2026"),
                              ("2026-12-20", "ngày 20 tháng 12 năm 2026"),
                              ("2027-01-08", "ngày 08 tháng 01 năm 2027")]:
        paragraphs, _ = _text(modify(valid_report_data, {"meta.date": written}))
        assert any(line.endswith(expected) for line in paragraphs), expected
        assert not [line for line in paragraphs if re.search(r"tháng 0[3-9]\b", line)]


def test_one_precision_in_the_targets_table_the_text_and_the_student_tables(valid_report_data, modify):
    paragraphs, rows = _text(_with_targets_set(valid_report_data, modify, 1))
    body = "\n".join(paragraphs)
    # The Tốt rate 457/600 = 76,1666…% is written 76,2% in the student table and in the targets table.
    targets = {row[0]: row[1:] for row in rows if len(row) == 4}
    conduct = next(cells for label, cells in targets.items() if "rèn luyện" in label.lower() or "hạnh kiểm" in label.lower())
    assert conduct[:2] == ["80,0%", "76,2%"], conduct
    promotion = next(cells for label, cells in targets.items() if "lên lớp" in label.lower())
    assert promotion[:2] == ["98,5%", "98,3%"], promotion  # 98,25 rounds half up
    assert "76,17%" not in body and "98,25%" not in body
    assert "(76,2%)" in body or "76,2%" in body


def test_two_decimals_are_two_everywhere(valid_report_data, modify):
    _, rows = _text(_with_targets_set(valid_report_data, modify, 2))
    targets = {row[0]: row[1:] for row in rows if len(row) == 4}
    promotion = next(cells for label, cells in targets.items() if "lên lớp" in label.lower())
    assert promotion[:2] == ["98,50%", "98,25%"]


def test_changes_are_in_percentage_points_written_out(valid_report_data):
    paragraphs, _ = _text(valid_report_data)
    body = "\n".join(paragraphs)
    assert "điểm phần trăm" in body
    assert "điểm %" not in body and "điểm\u00a0%" not in body
    assert "Tăng, giảm (điểm phần trăm)" in body


def test_counts_of_people_are_padded_the_same_in_text_and_targets(valid_report_data, modify):
    data = _with_targets_set(valid_report_data, modify, 1)
    data = modify(data, {"targets.students.gifted": 4, "targets.teachers.emulation_fighters": 3,
                         "targets_set.party": {"new_members_min": 2, "new_members_max": 3}})
    paragraphs, rows = _text(data)
    cells = [cell for row in rows for cell in row]
    # Phần II's targets and the targets of year N alike: "04 em", "03 đồng chí", "02-03 đồng chí".
    assert "04 em" in cells and "03 đồng chí" in cells
    assert "02-03 đồng chí" in cells
    unpadded = [c for c in cells + paragraphs if re.search(r"(?<![\d,.])[1-9] (em|đồng chí)\b", c)]
    assert not unpadded, unpadded


def _party_sentence(paragraphs: list[str], year: int = 2027) -> str:
    return next(line for line in paragraphs if line.startswith(f"Phấn đấu năm {year}:"))


def test_the_goal_for_every_member_defaults_to_the_templates(valid_report_data):
    paragraphs, _ = _text(valid_report_data)
    sentence = _party_sentence(paragraphs)
    assert ("100% đảng viên hoàn thành tốt nhiệm vụ, trong đó 03 đồng chí hoàn thành xuất sắc nhiệm vụ"
            in sentence), sentence
    assert "hoàn thành nhiệm vụ trở lên" not in sentence


def test_the_goal_for_every_member_is_the_cells_own_when_written(valid_report_data, modify):
    data = modify(valid_report_data, {"targets.party.members_goal": "100% đảng viên hoàn thành tốt nhiệm vụ trở lên."})
    sentence = _party_sentence(_text(data)[0])
    assert ("100% đảng viên hoàn thành tốt nhiệm vụ trở lên, trong đó 03 đồng chí hoàn thành xuất sắc nhiệm vụ."
            in sentence), sentence
    data = modify(valid_report_data, {"targets.party.members_goal": "Không có đảng viên nào không hoàn thành nhiệm vụ",
                                      "targets.party.excellent_members": modify.DELETE})
    sentence = _party_sentence(_text(data)[0])
    assert sentence.endswith("; không có đảng viên nào không hoàn thành nhiệm vụ."), sentence
