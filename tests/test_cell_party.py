"""What published reports say of the cell itself (issue 11): the chi ủy's make-up, the
members' average age, the quần chúng on the way to the Party, and a masthead that names
the đảng ủy where the format guide wants the đảng bộ. All optional: not given, not printed."""

from __future__ import annotations

from chibo.compose import compose
from chibo.draft import next_year_data
from chibo.model import Report
from chibo.rules import check


def lines(data: dict) -> list[str]:
    return [b.text for b in compose(Report.model_validate(data), charts=False).body if hasattr(b, "text")]


def text(data: dict) -> str:
    return "\n".join(lines(data))


def problems(data: dict, path: str) -> list:
    return [p for p in check(Report.model_validate(data)) if p.path == path]


COMMITTEE = {"secretaries": 1, "deputies": 1, "others": 1}
DEVELOPMENT = {"awareness_class": 2, "proposals": 1, "prospects": 3}


# --- the chi ủy ----------------------------------------------------------------


def test_the_committee_is_worded_in_section_one_after_the_members(valid_report_data, modify):
    data = modify(valid_report_data, {"members.committee": COMMITTEE})
    body = lines(data)
    sentence = "Chi ủy gồm 03 đồng chí: 01 Bí thư, 01 Phó Bí thư, 01 Chi ủy viên."
    assert sentence in body
    at = body.index(sentence)
    assert body[at - 1].startswith("Tổng số đảng viên đầu năm")
    assert at < body.index("1. Thuận lợi")
    assert not problems(data, "members.committee.others")


def test_a_cell_without_chi_uy_has_its_bi_thu_and_pho_bi_thu(valid_report_data, modify):
    data = modify(valid_report_data, {"members.committee": {"secretaries": 1, "deputies": 1}})
    assert "Chi bộ có 01 Bí thư, 01 Phó Bí thư." in lines(data)
    assert "Chi ủy gồm" not in text(data)


def test_no_committee_given_no_sentence(valid_report_data):
    body = text(valid_report_data)
    assert "Chi ủy gồm" not in body and "Bí thư," not in body


def test_two_secretaries_is_an_error(valid_report_data, modify):
    found = problems(modify(valid_report_data, {"members.committee.secretaries": 2}), "members.committee.secretaries")
    assert [p.severity.value for p in found] == ["lỗi"]
    assert "chỉ có một bí thư" in found[0].message


def test_two_deputies_is_a_warning(valid_report_data, modify):
    found = problems(modify(valid_report_data, {"members.committee.deputies": 2}), "members.committee.deputies")
    assert [p.severity.value for p in found] == ["cảnh báo"]
    assert "một phó bí thư" in found[0].message


def test_a_committee_larger_than_the_members_is_an_error(valid_roster_report_data, modify):
    # six members at year end (the roster)
    data = modify(valid_roster_report_data, {"members.committee": {"secretaries": 1, "deputies": 1, "others": 5}})
    found = problems(data, "members.committee.others")
    assert "lỗi" in [p.severity.value for p in found]
    assert any("Chi ủy có 7 đồng chí, nhiều hơn" in p.message for p in found)


def test_more_than_seven_is_a_warning(valid_report_data, modify):
    data = modify(valid_report_data, {"members.committee": {"secretaries": 1, "deputies": 1, "others": 6}})
    found = problems(data, "members.committee.others")
    assert [p.severity.value for p in found] == ["cảnh báo"]
    assert "không quá 7" in found[0].message


def test_chi_uy_vien_under_nine_official_members_is_a_warning(valid_roster_report_data, modify):
    # five official members: bí thư and phó bí thư only
    data = modify(valid_roster_report_data, {"members.committee": {"secretaries": 1, "others": 2}})
    found = problems(data, "members.committee.others")
    assert [p.severity.value for p in found] == ["cảnh báo"]
    assert "dưới 9 đảng viên chính thức" in found[0].message
    ok = modify(valid_roster_report_data, {"members.committee": {"secretaries": 1, "deputies": 1}})
    assert not [p for p in check(Report.model_validate(ok)) if p.path.startswith("members.committee")]


# --- average age ---------------------------------------------------------------


def test_average_age_from_the_roster_counts_the_year_end_members(valid_roster_report_data):
    # at year end: 41, 46, 31, 36, 34, 64 -> 42; with the two who left it would be 44
    assert "Tuổi đời bình quân của đảng viên là 42 tuổi." in text(valid_roster_report_data)


def test_average_age_typed_without_a_roster(valid_report_data, modify):
    assert "Tuổi đời bình quân" not in text(valid_report_data)
    data = modify(valid_report_data, {"members.average_age": "38"})
    body = lines(data)
    total = next(line for line in body if line.startswith("Tổng số đảng viên đầu năm"))
    assert "(66,67%). Tuổi đời bình quân của đảng viên là 38 tuổi. Có 01 đồng chí" in total


def test_average_age_typed_against_the_roster_is_an_error(valid_roster_report_data, modify):
    found = problems(modify(valid_roster_report_data, {"members.average_age": 38}), "members.average_age")
    assert [p.severity.value for p in found] == ["lỗi"] and "được 42" in found[0].message


def test_an_average_age_out_of_range_is_refused(valid_report_data, modify):
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Report.model_validate(modify(valid_report_data, {"members.average_age": 7}))


# --- phát triển đảng viên --------------------------------------------------------


def party_building(data: dict) -> str:
    body = lines(data)
    start = next(i for i, line in enumerate(body) if line.endswith("Công tác xây dựng Đảng"))
    return "\n".join(body[start:start + 4])


def test_development_counts_are_worded_in_party_building(valid_report_data, modify):
    data = modify(valid_report_data, {"members.development": DEVELOPMENT})
    assert (
        "Công tác phát triển đảng viên: trong năm có 02 quần chúng hoàn thành lớp bồi dưỡng nhận thức về "
        "Đảng, 01 hồ sơ đề nghị kết nạp đảng viên; chi bộ đang theo dõi, giúp đỡ 03 quần chúng ưu tú."
    ) in party_building(data)


def test_only_the_development_counts_given_are_worded(valid_report_data, modify):
    data = modify(valid_report_data, {"members.development": {"prospects": 3}})
    assert "Công tác phát triển đảng viên: chi bộ đang theo dõi, giúp đỡ 03 quần chúng ưu tú." in lines(data)
    assert "Công tác phát triển đảng viên:" not in text(valid_report_data)


# --- next year -------------------------------------------------------------------


def test_next_year_keeps_the_committee_not_the_years_counts(valid_report_data, modify):
    data = modify(valid_report_data, {"members.committee": COMMITTEE, "members.development": DEVELOPMENT,
                                      "members.average_age": 38})
    following = next_year_data(data)
    assert following["members"]["committee"] == COMMITTEE
    assert "development" not in following["members"] and "average_age" not in following["members"]


def test_next_year_keeps_the_committee_with_a_roster(valid_roster_report_data, modify):
    following = next_year_data(modify(valid_roster_report_data, {"members.committee": {"secretaries": 1}}))
    assert following["members"]["committee"] == {"secretaries": 1} and following["members"]["roster"]


# --- the masthead ------------------------------------------------------------------


def test_dang_uy_as_the_superior_line_is_a_warning_naming_the_dang_bo(valid_report_data, modify):
    data = modify(valid_report_data, {"meta.party_committee": "ĐẢNG ỦY XÃ HÒA BÌNH"})
    found = problems(data, "meta.party_committee")
    assert [p.severity.value for p in found] == ["cảnh báo"]
    assert "«ĐẢNG BỘ XÃ HÒA BÌNH»" in found[0].message and "36-HD/VPTW" in found[0].message
    lower = problems(modify(valid_report_data, {"meta.party_committee": "Đảng uỷ xã Hòa Bình"}), "meta.party_committee")
    assert any("«Đảng bộ xã Hòa Bình»" in p.message for p in lower)
    assert not problems(valid_report_data, "meta.party_committee")


# --- the target of quần chúng sent to the class (the template's «giới thiệu quần chúng đi học cảm tình đảng»)


def test_next_years_target_of_quan_chung_sent_to_the_class_is_worded(valid_report_data, modify):
    data = modify(valid_report_data, {"targets.party.awareness_class": 3})
    assert any(
        "kết nạp từ 02 đến 03 đảng viên mới; giới thiệu 03 quần chúng ưu tú đi học lớp bồi dưỡng nhận thức về Đảng;"
        in line for line in lines(data)
    )


def test_last_years_target_is_judged_from_the_years_count(valid_report_data, modify):
    data = modify(valid_report_data, {"targets_set": {"party": {"awareness_class": 3}},
                                      "members.development.awareness_class": 2})
    from chibo.figures import compute

    row = next(r for r in compute(Report.model_validate(data)).targets if r.key == "party.awareness_class")
    assert (row.target_text, row.result) == ("03 người", 2.0)
    rows = [r for b in compose(Report.model_validate(data), charts=False).body if hasattr(b, "rows") for r in b.rows]
    printed = next(r for r in rows if r[0] == "Quần chúng học lớp bồi dưỡng nhận thức về Đảng")
    assert printed[1:3] == ["03 người", "02 người"] and "Chưa đạt" in printed
    assert not problems(data, "members.development.awareness_class")
    missing = modify(valid_report_data, {"targets_set": {"party": {"awareness_class": 3}}})
    found = problems(missing, "members.development.awareness_class")
    assert [p.severity.value for p in found] == ["cảnh báo"] and "03 người" in found[0].message
