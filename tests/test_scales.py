"""Year-aware student scales: the circular in force per grade and year, last year on
another scale compared only between corresponding levels, optional TT27/TT30 summaries."""

from __future__ import annotations

import pytest

from chibo.compose import compose
from chibo.document import Paragraph
from chibo.figures import compute, student_figures
from chibo.labels import SchoolLevel
from chibo.rules import check
from chibo.scales import TT22, TT27, TT30, TT58, correspondence, default_scale, grade_scales, mixed_year


def _text(report) -> str:
    document = compose(report, compute(report), charts=False)
    return "\n".join(block.text for block in document.body if isinstance(block, Paragraph))


_PRIMARY_2020 = {
    "year": 2020,
    "meta.date": "2020-12-20",
    "meta.school_level": "tieu_hoc",
    "students": {
        "assessed": 400,
        "qualities": {"hop_tac": {"tot": 300, "dat": 95, "can_co_gang": 5}},  # TT30 rates each one, no single level
        "learning": {"hoan_thanh_tot": 150, "hoan_thanh": 245, "chua_hoan_thanh": 5},
        "titles": {"xuat_sac": 60, "tien_bo": 20},
    },
}


@pytest.mark.parametrize(
    "level, year, expected",
    [
        (SchoolLevel.PRIMARY, 2018, TT30),
        (SchoolLevel.PRIMARY, 2020, TT30),  # 2019-2020: no grade on TT27 yet
        (SchoolLevel.PRIMARY, 2021, TT27),
        (SchoolLevel.LOWER_SECONDARY, 2024, TT58),
        (SchoolLevel.LOWER_SECONDARY, 2025, TT22),
    ],
)
def test_default_scale_follows_the_year(level, year, expected):
    assert default_scale(level, year) is expected


def test_grades_on_each_scale_in_the_mixed_years():
    assert mixed_year(SchoolLevel.LOWER_SECONDARY, 2023)
    scales = grade_scales(SchoolLevel.LOWER_SECONDARY, 2023)  # 2022-2023
    assert [g for g, s in scales.items() if s is TT22] == [6, 7]
    assert [g for g, s in scales.items() if s is TT58] == [8, 9]
    assert grade_scales(SchoolLevel.UPPER_SECONDARY, 2024) == {10: TT22, 11: TT22, 12: TT58}
    assert [g for g, s in grade_scales(SchoolLevel.PRIMARY, 2022).items() if s is TT27] == [1, 2]
    assert not mixed_year(SchoolLevel.PRIMARY, 2020) and not mixed_year(SchoolLevel.LOWER_SECONDARY, 2025)
    assert not mixed_year(SchoolLevel.PRIMARY, 2025) and mixed_year(SchoolLevel.PRIMARY, 2024)


def test_a_2020_primary_report_is_rated_on_tt30_not_tt27(make_report, valid_report_data, modify):
    data = modify(valid_report_data, {k: v for k, v in _PRIMARY_2020.items()})
    report = make_report(data)
    problems = [p for p in check(report) if p.path.startswith("students")]
    assert problems == [], problems
    text = _text(report)
    assert "(theo Thông tư 30/2014/TT-BGDĐT, sửa đổi bởi Thông tư 22/2016/TT-BGDĐT)" in text  # one pair of brackets
    assert "27/2020" not in text
    assert "Học tập các môn học: trong 400 học sinh được đánh giá, Hoàn thành tốt 150 em" in text
    assert "Học sinh có thành tích vượt trội hay tiến bộ vượt bậc 20 em" in text


def test_tt27_pham_chat_nang_luc_summary_is_optional(make_report, valid_report_data, modify):
    data = modify(valid_report_data, {
        "meta.school_level": "tieu_hoc",
        "students": {
            "assessed": 400,
            "learning": {"hoan_thanh_xuat_sac": 80, "hoan_thanh_tot": 120, "hoan_thanh": 195, "chua_hoan_thanh": 5},
        },
    })
    report = make_report(data)
    assert [p for p in check(report) if p.path.startswith("students") and p.severity.value == "lỗi"] == []
    figures = student_figures(report)
    assert [d.dimension.key for d in figures.dimensions] == ["learning"]
    text = _text(report)
    assert "Kết quả giáo dục: trong 400 học sinh được đánh giá" in text
    assert "Phẩm chất, năng lực:" not in text


def _thcs_2025_after_tt58(modify, valid_report_data):
    return modify(valid_report_data, {
        "year": 2025,
        "meta.date": "2025-12-20",
        "students.last_year": {
            "scale": "tt58",
            "assessed": 400,
            "conduct": {"tot": 300, "kha": 80, "trung_binh": 18, "yeu": 2},
            "learning": {"gioi": 100, "kha": 180, "trung_binh": 100, "yeu": 16, "kem": 4},
        },
    })


def test_last_year_on_tt58_is_compared_level_by_corresponding_level(make_report, valid_report_data, modify):
    report = make_report(_thcs_2025_after_tt58(modify, valid_report_data))
    assert [p for p in check(report) if p.path.startswith("students.last_year")] == []
    figures = student_figures(report)
    assert figures.scale is TT22 and figures.last_year_scale is TT58
    learning = {row.code: row for row in figures.dimensions[1].rows}
    assert learning["tot"].last_year_percent == 25  # Giỏi 100 of 400
    assert learning["chua_dat"].last_year_percent == 5  # Yếu 16 + Kém 4
    assert learning["tot"].change == -1  # 24% now (120 of 500)
    text = _text(report)
    assert (
        "Năm học trước học sinh được đánh giá theo Thông tư 58/2011/TT-BGDĐT, năm học này theo "
        "Thông tư 22/2021/TT-BGDĐT: chỉ so sánh tỷ lệ giữa các mức tương ứng (hạnh kiểm Trung bình "
        "với Đạt, Yếu với Chưa đạt; học lực Giỏi với Tốt, Trung bình với Đạt, Yếu và Kém với Chưa đạt)."
    ) in text


def test_same_scale_says_nothing_about_a_change(make_report, valid_report_data):
    report = make_report(valid_report_data)
    assert student_figures(report).last_year_scale is None
    assert "chỉ so sánh tỷ lệ giữa các mức tương ứng" not in _text(report)


def test_levels_without_a_counterpart_get_no_comparison(make_report, valid_report_data, modify):
    data = modify(valid_report_data, {
        "meta.school_level": "tieu_hoc",
        "year": 2021,
        "meta.date": "2021-12-20",
        "students": {
            "assessed": 400,
            "learning": {"hoan_thanh_xuat_sac": 80, "hoan_thanh_tot": 120, "hoan_thanh": 195, "chua_hoan_thanh": 5},
            "last_year": {
                "scale": "tt30",
                "assessed": 380,
                "learning": {"hoan_thanh_tot": 190, "hoan_thanh": 171, "chua_hoan_thanh": 19},
            },
        },
    })
    report = make_report(data)
    rows = {row.code: row for row in student_figures(report).dimensions[0].rows}
    assert rows["hoan_thanh_xuat_sac"].change is None and rows["hoan_thanh_tot"].change is None
    assert rows["hoan_thanh"].last_year_percent == 45 and rows["chua_hoan_thanh"].last_year_percent == 5
    text = _text(report)
    assert "So với cùng kỳ năm trước: tỷ lệ Hoàn thành tăng" in text
    assert "Hoàn thành tốt tăng" not in text and "Hoàn thành tốt giảm" not in text


def test_a_last_year_on_the_newer_scale_compares_only_one_to_one_levels():
    assert correspondence(TT22, TT58, "learning") == {"tot": "gioi", "kha": "kha", "dat": "trung_binh"}
    assert correspondence(TT22, TT27, "learning") == {}


def test_last_year_codes_are_checked_against_its_own_scale(make_report, valid_report_data, modify):
    data = _thcs_2025_after_tt58(modify, valid_report_data)
    data["students"]["last_year"]["scale"] = None  # the TT58 codes now read as TT22's
    problems = [p for p in check(make_report(data)) if p.path.startswith("students.last_year")]
    assert problems


def _mixed_2023(modify, valid_report_data, group_scale="tt58"):
    return modify(valid_report_data, {
        "year": 2023,
        "meta.date": "2023-12-20",
        "students.scale": "tt22",
        "students.grades": "Khối 6, 7",
        "students.last_year": None,
        "students.area": None,
        "students.groups": [{
            "grades": "Khối 8, 9",
            "scale": group_scale,
            "assessed": 300,
            "conduct": {"tot": 240, "kha": 50, "trung_binh": 9, "yeu": 1},
            "learning": {"gioi": 60, "kha": 150, "trung_binh": 85, "yeu": 5, "kem": 0},
            "titles": {"gioi": 60},
        }],
    })


def test_a_mixed_year_gives_one_block_per_grade_group(make_report, valid_report_data, modify):
    report = make_report(_mixed_2023(modify, valid_report_data))
    problems = [p for p in check(report) if p.path.startswith("students")]
    assert problems == [], problems
    text = _text(report)
    assert "Kết quả đạt được của hoạt động giáo dục:" in text
    assert "Khối 6, 7 (theo Thông tư 22/2021/TT-BGDĐT):" in text
    assert "Khối 8, 9 (theo Thông tư 58/2011/TT-BGDĐT):" in text
    assert "Học lực: trong 300 học sinh được đánh giá, Giỏi 60 em (20,00%)" in text
    assert "Học sinh giỏi 60 em (20,00%)" in text
    document = compose(report, compute(report), charts=False)
    captions = [getattr(b, "caption", "") for b in document.body]
    assert "Học lực của học sinh khối 8, 9 năm học 2022-2023" in " ".join(captions)


def test_a_grade_group_on_a_scale_not_in_force_is_warned(make_report, valid_report_data, modify):
    data = _mixed_2023(modify, valid_report_data, group_scale="tt27")
    data["students"]["groups"][0].update(
        conduct={}, learning={"hoan_thanh_xuat_sac": 60, "hoan_thanh_tot": 90, "hoan_thanh": 140, "chua_hoan_thanh": 10},
        titles={},
    )
    problems = [p for p in check(make_report(data)) if p.path == "students.groups[0].scale"]
    assert len(problems) == 1 and "Thông tư 27/2020" in problems[0].message and "Khối 8, 9" in problems[0].message


def test_a_grade_group_must_add_up(make_report, valid_report_data, modify):
    data = _mixed_2023(modify, valid_report_data)
    data["students"]["groups"][0]["learning"]["kem"] = 7
    problems = [p for p in check(make_report(data)) if p.path == "students.groups[0].learning"]
    assert len(problems) == 1 and problems[0].severity.value == "lỗi"


@pytest.mark.parametrize("level, year, scale", [("thcs", 2023, "tt22"), ("thcs", 2023, "tt58"), ("tieu_hoc", 2022, "tt30")])
def test_either_scale_of_a_mixed_year_is_accepted(make_report, valid_report_data, modify, level, year, scale):
    report = make_report(modify(valid_report_data, {"year": year, "meta.date": f"{year}-12-20", "meta.school_level": level, "students.scale": scale}))
    assert [p for p in check(report) if p.path == "students.scale"] == []


def test_a_scale_of_no_grade_that_year_still_warns(make_report, valid_report_data, modify):
    report = make_report(modify(valid_report_data, {"year": 2025, "meta.date": "2025-12-20", "students.scale": "tt58"}))
    assert [p.path for p in check(report) if p.path == "students.scale"] == ["students.scale"]


def test_a_grade_group_without_a_scale_takes_the_years_other_one(make_report, valid_report_data, modify):
    data = _mixed_2023(modify, valid_report_data)
    data["students"]["groups"][0].pop("scale")
    report = make_report(data)
    assert student_figures(report).groups[0].scale is TT58
    assert [p for p in check(report) if p.path.startswith("students")] == []


def test_next_year_from_a_tt58_report_compares_on_tt58(valid_report_data, modify):
    from chibo.draft import next_year_data
    from chibo.model import Report

    data = modify(valid_report_data, {
        "year": 2024, "meta.date": "2024-12-20", "students.area": None,
        "students.conduct": {"tot": 400, "kha": 80, "trung_binh": 18, "yeu": 2},
        "students.learning": {"gioi": 100, "kha": 230, "trung_binh": 150, "yeu": 15, "kem": 5},
        "students.titles": {"gioi": 100},
        "students.last_year": None,
    })
    nxt = next_year_data(data)
    assert nxt["year"] == 2025
    assert nxt["students"]["last_year"]["scale"] == "tt58" and "scale" not in nxt["students"]
    filled = modify(valid_report_data, {"year": 2025, "meta.date": "2025-12-20", "students.area": None,
                                        "students.last_year": nxt["students"]["last_year"]})
    report = Report.model_validate(filled)
    assert student_figures(report).last_year_scale is TT58
    assert [p for p in check(report) if p.path.startswith("students")] == []


def test_next_year_on_the_same_scale_adds_no_scale(valid_report_data):
    from chibo.draft import next_year_data

    assert "scale" not in next_year_data(valid_report_data)["students"]["last_year"]


def test_grade_group_messages_are_worded_for_people(make_report, valid_report_data, modify):
    from plain import leaks

    data = _mixed_2023(modify, valid_report_data, group_scale="tt27")
    data["students"]["groups"][0].pop("assessed")
    problems = [p for p in check(make_report(data)) if p.path.startswith("students.groups")]
    assert {p.path for p in problems} >= {"students.groups[0].scale", "students.groups[0].assessed"}
    for p in problems:
        assert leaks(p.message) == [], p.message
