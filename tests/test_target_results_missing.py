"""A target whose result was never given: the table, the sentence, the chart and the checks
say it is missing; none of them claims a zero nobody typed (members typed without the
year's movements, no classification counts, no students' results)."""

from __future__ import annotations

import io

import docx

from chibo.compose import compose
from chibo.document import Figure
from chibo.figures import compute
from chibo.loader import validate
from chibo.render.to_docx import render_docx
from sample_reports import example_report
from test_rules import WARN, assert_no_problem_at, assert_problem, run

TARGETS_SET = {
    "students": {"gifted": 20, "conduct_good_rate": 80},
    "teachers": {"advanced_workers": 20},
    "party": {"new_members_min": 1, "excellent_members": 2},
}


def _report(**changes) -> dict:
    data = {
        "year": 2026,
        "meta": {
            "party_committee": "Đảng bộ xã Hòa Bình",
            "cell_name": "Chi bộ Trường THCS Hòa Bình",
            "school_level": "thcs",
            "number": "05",
            "place": "Hòa Bình",
            "date": "18/12/2026",
            "signer_name": "Nguyễn Thị Lan",
            "signer_role": "bi_thu",
        },
        # only the year-end total: the year's movements are not known
        "members": {"end_of_year": 18, "official": 17},
        "classification": {"cell_rating": "httnv"},
        "targets_set": TARGETS_SET,
        "target_results": {"gifted": 22},
        "targets": {"party": {"new_members_min": 1, "new_members_max": 2}},
        "achievements": ["Nhà trường đạt danh hiệu Tập thể lao động tiên tiến."],
    }
    data.update(changes)
    return data


def _rendered(data: dict):
    loaded = validate(data)
    assert loaded.report is not None, [p.message for p in loaded.problems]
    report = loaded.report
    document = compose(report, compute(report))
    doc = docx.Document(io.BytesIO(render_docx(document)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    # a long label is set in two balanced lines
    rows = {r.cells[0].text.replace("\n", " "): [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    sentence = next(p.text for p in doc.paragraphs if p.text.startswith("Thực hiện chỉ tiêu năm 2026"))
    captions = [b.caption for b in document.body if isinstance(b, Figure)]
    return rows, sentence, captions, compute(report).targets


def test_results_not_given_are_said_missing_not_zero():
    rows, sentence, _captions, targets = _rendered(_report())
    missing = ["Chưa có số liệu", ""]
    assert rows["Kết nạp đảng viên mới"][1:] == missing
    assert rows["Đảng viên hoàn thành xuất sắc nhiệm vụ"][1:] == missing
    assert rows["Tỷ lệ học sinh rèn luyện Tốt"][1:] == missing
    assert rows["Lao động tiên tiến"][1:] == missing
    assert rows["Học sinh giỏi các cấp"][1:] == ["22 em", "Vượt"]
    assert "0 đồng chí" not in sentence and "chưa đạt" not in sentence
    # counted over the targets with a result: 1 reached of the 1 with figures, not «1/5»
    assert sentence.startswith("Thực hiện chỉ tiêu năm 2026: đạt và vượt 1/1 chỉ tiêu có số liệu; chưa có số liệu: ")
    assert "kết nạp đảng viên mới" in sentence and "đảng viên hoàn thành xuất sắc nhiệm vụ" in sentence
    # the chart has only the target with a result
    assert [row.key for row in targets if row.ratio is not None] == ["students.gifted"]


def test_each_missing_derived_result_asks_for_its_figure():
    problems = run(_report())
    assert_problem(problems, "members.admitted", WARN, "Kết nạp đảng viên mới", "01 đồng chí", "chưa có số liệu")
    assert_problem(problems, "target_results.advanced_workers", WARN, "Lao động tiên tiến", "chưa có")
    # no classification and no students' results are already lỗi asking for them: no second message
    assert_no_problem_at([p for p in problems if p.severity is WARN], "classification.excellent")
    assert_no_problem_at([p for p in problems if p.severity is WARN], "students.conduct")
    # the other levels given, HTXSNV left empty: asked for, not read as 0
    partial = run(_report(classification={"good": 15, "completed": 3, "failed": 0, "cell_rating": "httnv"}))
    assert_problem(partial, "classification.excellent", WARN, "Đảng viên hoàn thành xuất sắc nhiệm vụ",
                   "02 đồng chí", "chưa có")


def test_movements_typed_as_zero_are_a_result():
    members = {"start_of_year": 18, "admitted": 0, "end_of_year": 18, "official": 17, "probationary": 1}
    classification = {"excellent": 0, "good": 15, "completed": 3, "failed": 0, "cell_rating": "httnv"}
    rows, sentence, _captions, _targets = _rendered(_report(members=members, classification=classification))
    assert rows["Kết nạp đảng viên mới"][1:] == ["0 đồng chí", "Chưa đạt"]
    assert rows["Đảng viên hoàn thành xuất sắc nhiệm vụ"][1:] == ["0 đồng chí", "Chưa đạt"]
    problems = run(_report(members=members, classification=classification))
    assert_no_problem_at(problems, "members.admitted")
    assert_no_problem_at(problems, "classification.excellent")


def test_primary_rate_at_tot_without_the_qualities_asks_for_them():
    data = example_report("tieu-hoc-2026.yaml")
    del data["students"]["qualities"]  # optional under TT27
    assert_problem(run(data), "students.qualities", WARN, "Tỷ lệ học sinh đạt mức Tốt ở từng phẩm chất, năng lực",
                   "chưa có số liệu")
    report = validate(data).report
    row = next(r for r in compute(report).targets if r.key == "students.conduct_good_rate")
    assert row.result is None and row.achieved is None


def test_the_targets_sentence_counts_only_targets_with_a_result():
    # one reached, one missed, three without a result
    _rows, sentence, _captions, _targets = _rendered(_report(target_results={"gifted": 22, "advanced_workers": 12}))
    assert sentence.startswith("Thực hiện chỉ tiêu năm 2026: đạt và vượt 1/2 chỉ tiêu có số liệu; chưa đạt: "
                               "lao động tiên tiến (12 đồng chí/20 đồng chí); chưa có số liệu: ")
    # no result at all: nothing is said reached, not «đạt và vượt 0/5»
    _rows, sentence, _captions, _targets = _rendered(_report(target_results={}))
    assert sentence.startswith("Thực hiện chỉ tiêu năm 2026: chưa có số liệu để đánh giá các chỉ tiêu: ")
    assert "đạt và vượt" not in sentence and "0/" not in sentence
    assert "kết nạp đảng viên mới" in sentence and "học sinh giỏi các cấp" in sentence


def test_every_target_with_a_result_keeps_the_plain_count():
    members = {"start_of_year": 18, "admitted": 1, "end_of_year": 18, "official": 16, "probationary": 2,
               "transferred_out": 1}
    classification = {"excellent": 2, "good": 13, "completed": 3, "failed": 0, "cell_rating": "httnv"}
    data = _report(members=members, classification=classification, targets_set={"party": TARGETS_SET["party"]})
    _rows, sentence, _captions, _targets = _rendered(data)
    assert sentence == "Thực hiện chỉ tiêu năm 2026: đạt và vượt 2/2 chỉ tiêu."
