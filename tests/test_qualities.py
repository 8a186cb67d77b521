"""Phẩm chất and năng lực rated one by one (TT27, TT30): optional counts per quality, checked,
worded and tabled as real reports do; an old single per-pupil level still loads and prints."""

from __future__ import annotations

from chibo.compose import compose
from chibo.document import Paragraph, Table
from chibo.figures import compute, student_figures
from chibo.model import field_label
from chibo.problems import Severity
from chibo.rules import check
from chibo.scales import TT22, TT27, TT30

LEARNING = {"hoan_thanh_xuat_sac": 80, "hoan_thanh_tot": 120, "hoan_thanh": 195, "chua_hoan_thanh": 5}


def _primary(modify, data, **students):
    return modify(data, {
        "meta.school_level": "tieu_hoc",
        "meta.cell_name": "Chi bộ Trường Tiểu học Hòa Bình",
        "students": {"assessed": 400, "learning": LEARNING, **students},
    })


def _body(report):
    return compose(report, compute(report), charts=False).body


def _text(report) -> str:
    return "\n".join(b.text for b in _body(report) if isinstance(b, Paragraph))


def _quality_table(report) -> Table | None:
    return next((b for b in _body(report) if isinstance(b, Table) and "phẩm chất, năng lực" in (b.caption or "")), None)


def _problems(report, severity=None):
    return [p for p in check(report) if p.path.startswith("students") and (severity is None or p.severity is severity)]


QUALITIES = {
    "yeu_nuoc": {"tot": 380, "dat": 20, "can_co_gang": 0},
    "trach_nhiem": {"tot": 341, "dat": 55, "can_co_gang": 4},
    "cham_chi": {"tot": 350, "dat": 48, "can_co_gang": 2},
    "tu_chu_tu_hoc": {"tot": 330, "dat": 66, "can_co_gang": 4},
}


def test_the_circulars_name_their_own_qualities():
    assert [q.label for q in TT27.qualities if q.group == "phẩm chất"] == [
        "Yêu nước", "Nhân ái", "Chăm chỉ", "Trung thực", "Trách nhiệm"]
    assert len([q for q in TT27.qualities if q.group.startswith("năng lực")]) == 10
    assert [q.label for q in TT30.qualities] == [
        "Tự phục vụ, tự quản", "Hợp tác", "Tự học và giải quyết vấn đề",
        "Chăm học, chăm làm", "Tự tin, trách nhiệm", "Trung thực, kỉ luật", "Đoàn kết, yêu thương"]
    assert TT22.qualities == ()
    assert field_label("students.qualities.yeu_nuoc.tot") == "Yêu nước, mức Tốt"


def test_qualities_given_are_worded_and_tabled(make_report, valid_report_data, modify):
    report = make_report(_primary(modify, valid_report_data, qualities=QUALITIES))
    assert _problems(report) == []
    text = _text(report)
    # Spread of the Tốt share per kind, in the circular's order of kinds; one quality alone by name.
    assert ("- Đánh giá phẩm chất, năng lực: về phẩm chất, tỷ lệ học sinh đạt mức Tốt từ 85,25% "
            "(Trách nhiệm) đến 95,00% (Yêu nước); về năng lực chung, tỷ lệ học sinh đạt mức Tốt "
            "(Tự chủ và tự học) là 82,50%.") in text
    assert "So với cùng kỳ năm trước, tỷ lệ học sinh đạt mức Tốt" not in text  # no last year given
    table = _quality_table(report)
    assert [c.title for c in table.columns] == ["Phẩm chất, năng lực", "Tốt", "Đạt", "Cần cố gắng"]
    assert table.rows == [
        ["Phẩm chất", "", "", ""],
        ["Yêu nước", "380 (95,00%)", "20 (5,00%)", "0 (0,00%)"],
        ["Chăm chỉ", "350 (87,50%)", "48 (12,00%)", "2 (0,50%)"],
        ["Trách nhiệm", "341 (85,25%)", "55 (13,75%)", "4 (1,00%)"],
        ["Năng lực chung", "", "", ""],
        ["Tự chủ và tự học", "330 (82,50%)", "66 (16,50%)", "4 (1,00%)"],
    ]
    assert table.bold_rows == {0, 4}
    assert "học sinh năm học 2025-2026" in table.caption and "400 học sinh được đánh giá" in table.caption


def test_percentages_follow_the_report_precision(make_report, valid_report_data, modify):
    data = _primary(modify, valid_report_data, qualities=QUALITIES)
    data["options"]["percent_decimals"] = 1
    report = make_report(data)
    assert "từ 85,3% (Trách nhiệm) đến 95,0% (Yêu nước)" in _text(report)
    assert _quality_table(report).rows[3][1] == "341 (85,3%)"


def test_same_quality_compared_with_last_year(make_report, valid_report_data, modify):
    last = {"assessed": 380, "learning": {"hoan_thanh_xuat_sac": 70, "hoan_thanh_tot": 110, "hoan_thanh": 195,
                                          "chua_hoan_thanh": 5},
            "qualities": {"yeu_nuoc": {"tot": 342, "dat": 38, "can_co_gang": 0}}}
    report = make_report(_primary(modify, valid_report_data, qualities=QUALITIES, last_year=last))
    assert _problems(report) == []
    assert "So với cùng kỳ năm trước, tỷ lệ học sinh đạt mức Tốt: Yêu nước tăng 5,00 điểm phần trăm." in _text(report)
    table = _quality_table(report)
    assert table.columns[-1].title == "Mức Tốt so với năm trước (điểm phần trăm)"
    assert table.rows[1][-1] == "+5,00" and table.rows[2][-1] == ""  # Chăm chỉ: not given last year


def test_nothing_printed_when_no_quality_is_given(make_report, valid_report_data, modify):
    report = make_report(_primary(modify, valid_report_data))
    assert _problems(report) == []
    assert _quality_table(report) is None and "Đánh giá phẩm chất, năng lực" not in _text(report)


def test_levels_of_a_quality_must_add_up_to_the_pupils_assessed(make_report, valid_report_data, modify):
    wrong = dict(QUALITIES, trach_nhiem={"tot": 341, "dat": 50, "can_co_gang": 4})
    problems = _problems(make_report(_primary(modify, valid_report_data, qualities=wrong)))
    assert [(p.path, p.severity) for p in problems] == [("students.qualities.trach_nhiem", Severity.ERROR)]
    message = problems[0].message
    assert "Phẩm chất «Trách nhiệm»: Tốt 341 + Đạt 50 + Cần cố gắng 4 = 395" in message
    assert "(400)" in message and "hãy sửa để tổng các mức bằng số học sinh được đánh giá" in message


def test_a_quality_or_level_of_another_circular_is_refused(make_report, valid_report_data, modify):
    odd = {"hop_tac": {"tot": 400}, "yeu_nuoc": {"tot": 390, "kha": 10}}
    problems = _problems(make_report(_primary(modify, valid_report_data, qualities=odd)))
    assert [p.path for p in problems] == ["students.qualities.hop_tac", "students.qualities.yeu_nuoc.kha"]
    assert "«Hợp tác», không thuộc Thông tư 27/2020/TT-BGDĐT" in problems[0].message
    assert "Yêu nước, Nhân ái" in problems[0].message
    assert "mức «Khá»" in problems[1].message and "«Tốt», «Đạt», «Cần cố gắng»" in problems[1].message


def test_qualities_on_a_secondary_scale_are_refused(make_report, valid_report_data, modify):
    data = modify(valid_report_data, {"students.qualities": {"yeu_nuoc": {"tot": 500}}})
    problems = _problems(make_report(data))
    assert [(p.path, p.severity) for p in problems] == [("students.qualities", Severity.ERROR)]
    assert "Thông tư 22/2021/TT-BGDĐT không đánh giá như vậy" in problems[0].message


def test_an_old_single_level_still_loads_prints_and_warns(make_report, valid_report_data, modify):
    report = make_report(_primary(modify, valid_report_data, conduct={"tot": 300, "dat": 95, "can_co_gang": 5}))
    problems = _problems(report)
    assert [(p.path, p.severity) for p in problems] == [("students.conduct", Severity.WARNING)]
    message = problems[0].message
    assert "đánh giá riêng từng phẩm chất, năng lực" in message
    assert "«Đánh giá từng phẩm chất, năng lực» (bước Học sinh)" in message
    assert problems[0].hint.startswith("Trong tệp: xóa students.conduct, ghi students.qualities")
    # Nothing saved is dropped: the figures are still printed.
    assert "Phẩm chất, năng lực: trong 400 học sinh được đánh giá, Tốt 300 em (75,00%)" in _text(report)


def test_tot_target_at_primary_is_met_by_every_quality_not_the_learning_result(make_report, valid_report_data, modify):
    target = {"targets_set": {"students": {"conduct_good_rate": 80}}}
    data = modify(_primary(modify, valid_report_data, qualities=QUALITIES), target)
    row = next(r for r in compute(make_report(data)).targets if r.key == "students.conduct_good_rate")
    assert row.result == 82.5  # the lowest share at Tốt (Tự chủ và tự học), not Hoàn thành xuất sắc's 20%
    assert row.label == "Tỷ lệ học sinh đạt mức Tốt ở từng phẩm chất, năng lực"
    data = modify(_primary(modify, valid_report_data), target)
    row = next(r for r in compute(make_report(data)).targets if r.key == "students.conduct_good_rate")
    assert row.result is None


def test_a_grade_group_on_tt30_gives_its_own_qualities(make_report, valid_report_data, modify):
    data = modify(valid_report_data, {
        "year": 2022,
        "meta.date": "2022-12-20",
        "meta.school_level": "tieu_hoc",
        "meta.cell_name": "Chi bộ Trường Tiểu học Hòa Bình",
        "students": {
            "grades": "Khối 1, 2",
            "assessed": 400,
            "learning": LEARNING,
            "qualities": QUALITIES,
            "groups": [{
                "grades": "Khối 3, 4, 5",
                "assessed": 200,
                "learning": {"hoan_thanh_tot": 90, "hoan_thanh": 108, "chua_hoan_thanh": 2},
                "qualities": {"hop_tac": {"tot": 150, "dat": 48, "can_co_gang": 2}},
            }],
        },
    })
    report = make_report(data)
    assert _problems(report, Severity.ERROR) == []
    group = student_figures(report).groups[0]
    assert group.scale is TT30 and [q.quality.label for q in group.qualities] == ["Hợp tác"]
    assert "về năng lực, tỷ lệ học sinh đạt mức Tốt (Hợp tác) là 75,00%" in _text(report)
    captions = [b.caption for b in _body(report) if isinstance(b, Table) and "phẩm chất" in (b.caption or "")]
    assert any("học sinh khối 3, 4, 5" in c for c in captions)


def test_next_years_draft_compares_the_same_qualities(make_report, valid_report_data, modify):
    from chibo.draft import next_year_data

    this_year = _primary(modify, valid_report_data, qualities=QUALITIES)
    data = next_year_data(this_year)
    assert data["students"]["last_year"]["qualities"] == QUALITIES
    data = modify(data, {"students.assessed": 400, "students.learning": LEARNING,
                         "students.qualities": {"yeu_nuoc": {"tot": 384, "dat": 16, "can_co_gang": 0}}})
    report = make_report(modify(valid_report_data, {**{k: v for k, v in data.items() if k in ("year", "students")},
                                                    "meta.school_level": "tieu_hoc", "meta.date": "2027-12-20"}))
    assert "tỷ lệ học sinh đạt mức Tốt: Yêu nước tăng 1,00 điểm phần trăm" in _text(report)


def test_many_qualities_moving_the_same_way_are_summed_up(make_report, valid_report_data, modify):
    last = {"assessed": 400, "learning": LEARNING, "qualities": {
        "yeu_nuoc": {"tot": 376, "dat": 24, "can_co_gang": 0},  # +1,00
        "cham_chi": {"tot": 342, "dat": 56, "can_co_gang": 2},  # +2,00
        "trach_nhiem": {"tot": 339, "dat": 57, "can_co_gang": 4},  # +0,50
    }}
    report = make_report(_primary(modify, valid_report_data, qualities=QUALITIES, last_year=last))
    assert ("So với cùng kỳ năm trước, tỷ lệ học sinh đạt mức Tốt ở cả 3 phẩm chất, năng lực đều tăng, "
            "từ 0,50 đến 2,00 điểm phần trăm.") in _text(report)
    last["qualities"]["yeu_nuoc"] = {"tot": 384, "dat": 16, "can_co_gang": 0}  # -1,00: not the same way
    report = make_report(_primary(modify, valid_report_data, qualities=QUALITIES, last_year=last))
    assert ("tỷ lệ học sinh đạt mức Tốt: Yêu nước giảm 1,00 điểm phần trăm; Chăm chỉ tăng 2,00 điểm phần trăm; "
            "Trách nhiệm tăng 0,50 điểm phần trăm.") in _text(report)


def test_an_area_rate_with_nothing_to_compare_is_not_dropped_silently(make_report, valid_report_data, modify):
    data = _primary(modify, valid_report_data, qualities=QUALITIES,
                    area={"level": "xa_phuong", "name": "xã Hòa Bình", "conduct": {"tot": 75, "dat": 24, "can_co_gang": 1}})
    problems = _problems(make_report(data))
    assert [(p.path, p.severity) for p in problems] == [("students.area.conduct", Severity.WARNING)]
    assert "không được in" in problems[0].message and "Hãy xóa các ô này" in problems[0].message
