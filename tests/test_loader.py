"""Reading a report file: YAML in, a ``Report`` or Vietnamese problems out, never a traceback."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
import yaml

from chibo.loader import Loaded, attach_lines, load_file, parse_text, validate
from chibo.model import Report
from chibo.problems import Severity
from chibo.rules import check

ERR = Severity.ERROR

# English left by pydantic or the YAML parser when a message was not translated.
_ENGLISH = re.compile(r"Input should|Field required|Extra inputs|validation error|value is not", re.I)


def to_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=False, sort_keys=False)


def line_of(text: str, fragment: str) -> int:
    """1-based number of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def assert_failed(loaded: Loaded) -> None:
    assert isinstance(loaded, Loaded)
    assert loaded.report is None
    assert loaded.problems, "a failed load must say why"
    for p in loaded.problems:
        assert p.severity is ERR
        assert p.message
        assert not _ENGLISH.search(p.message), p.message


def only(loaded: Loaded, path: str):
    found = [p for p in loaded.problems if p.path == path]
    assert found, "\n".join(str(p) for p in loaded.problems)
    return found


SMALL = """\
# Báo cáo năm 2026
year: 2026
meta:
  party_committee: Đảng bộ xã Hòa Bình
  cell_name: Chi bộ Trường THCS Hòa Bình
  school_level: thcs
  number: 05
  place: Hòa Bình
  date: 20/12/2026
  signer_name: Nguyễn Văn An
members:
  start_of_year: 20
  end_of_year: 20
  official: 18
  probationary: 2
  women: 12
narrative:
  opening: |
    Căn cứ Điều lệ Đảng;

    Căn cứ kết quả năm học, chi bộ báo cáo như sau:
achievements:
  - Chi bộ hoàn thành tốt nhiệm vụ.
"""


def replace_line(text: str, fragment: str, new_line: str) -> str:
    lines = text.splitlines()
    lines[line_of(text, fragment) - 1] = new_line
    return "\n".join(lines) + "\n"


# --- good files ----------------------------------------------------------------


def test_small_file_loads(tmp_path):
    loaded = parse_text(SMALL)
    assert loaded.problems == []
    report = loaded.report
    assert isinstance(report, Report)
    assert report.year == 2026
    assert report.members.end_of_year == 20


@pytest.mark.parametrize("written, expected", [("05", "05"), ("'05'", "05"), ("12", "12"), ("007", "007")])
def test_report_number_keeps_its_leading_zero(written, expected):
    # The field's own help says: "Chỉ ghi số, ví dụ 05 (in ra: Số 05-BC/CB)".
    loaded = parse_text(replace_line(SMALL, "  number:", f"  number: {written}"))
    assert loaded.problems == []
    assert loaded.report.meta.number == expected


def test_valid_fixture_round_trips_through_yaml(valid_report_data, tmp_path):
    text = to_yaml(valid_report_data)
    loaded = parse_text(text)
    assert loaded.problems == []
    assert loaded.report == Report.model_validate(valid_report_data)
    assert check(loaded.report) == []
    path = tmp_path / "bao-cao.yaml"
    path.write_text(text, encoding="utf-8")
    from_file = load_file(path)
    assert from_file.problems == [] and from_file.report == loaded.report


def test_roster_fixture_round_trips_through_yaml(valid_roster_report_data):
    loaded = parse_text(to_yaml(valid_roster_report_data))
    assert loaded.problems == []
    assert check(loaded.report) == []


def test_vietnamese_date_accepted():
    report = parse_text(SMALL).report
    assert report.meta.date == date(2026, 12, 20)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2026-12-20", date(2026, 12, 20)),
        ("20/12/2026", date(2026, 12, 20)),
        ("5/1/2027", date(2027, 1, 5)),
        ("05.01.2027", date(2027, 1, 5)),
        ("20-12-2026", date(2026, 12, 20)),
        ('"2026-12-20"', date(2026, 12, 20)),
        ("2026-12-20 10:30:00", date(2026, 12, 20)),
    ],
)
def test_date_forms(written, expected):
    loaded = parse_text(replace_line(SMALL, "  date:", f"  date: {written}"))
    assert loaded.problems == [], [str(p) for p in loaded.problems]
    assert loaded.report.meta.date == expected


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    loaded = load_file(path)
    assert loaded.problems == []
    assert loaded.report.year == 2026


def test_nfd_text_becomes_nfc_in_the_model():
    nfd = unicodedata.normalize("NFD", SMALL)
    assert nfd != SMALL
    report = parse_text(nfd).report
    assert report.meta.cell_name == "Chi bộ Trường THCS Hòa Bình"
    assert report.meta.signer_name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", report.meta.party_committee)
    assert report.narrative.opening[0] == "Căn cứ Điều lệ Đảng;"


def test_old_tone_style_is_normalized_in_the_model():
    text = SMALL.replace("party_committee: Đảng bộ xã Hòa Bình", "party_committee: Đảng uỷ xã Hoà Bình")
    assert parse_text(text).report.meta.party_committee == "Đảng ủy xã Hòa Bình"


def test_multi_line_narrative_becomes_paragraphs():
    report = parse_text(SMALL).report
    assert report.narrative.opening == [
        "Căn cứ Điều lệ Đảng;",
        "Căn cứ kết quả năm học, chi bộ báo cáo như sau:",
    ]


def test_narrative_as_a_list_stays_a_list_of_tidied_paragraphs():
    text = SMALL.replace(
        "  opening: |\n    Căn cứ Điều lệ Đảng;\n\n    Căn cứ kết quả năm học, chi bộ báo cáo như sau:\n",
        "  opening:\n    - '  Đoạn   một  '\n    - ''\n    - Đoạn hai\n",
    )
    assert parse_text(text).report.narrative.opening == ["Đoạn một", "Đoạn hai"]


def test_lines_are_recorded_for_fields():
    loaded = parse_text(SMALL)
    assert loaded.lines["year"] == line_of(SMALL, "year:")
    assert loaded.lines["meta.place"] == line_of(SMALL, "  place:")
    assert loaded.lines["achievements[0]"] == line_of(SMALL, "  - Chi bộ")


def test_attach_lines_to_check_problems():
    text = replace_line(SMALL, "  end_of_year:", "  end_of_year: 25")
    loaded = parse_text(text)
    problems = attach_lines(check(loaded.report), loaded.lines)
    balance = [p for p in problems if p.path == "members.end_of_year"]
    assert balance and balance[0].line == line_of(text, "  end_of_year:")
    # a field not in the file falls back to its nearest parent that is
    classification = [p for p in problems if p.path == "classification"]
    assert classification and classification[0].line is None


# --- files that are not a report -------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", " \r\n "])
def test_empty_or_whitespace_only(text):
    loaded = parse_text(text)
    assert_failed(loaded)
    assert len(loaded.problems) == 1
    assert "rỗng" in loaded.problems[0].message
    assert "chibo init" in loaded.problems[0].message


def test_empty_file_on_disk(tmp_path):
    path = tmp_path / "rong.yaml"
    path.write_bytes(b"")
    loaded = load_file(path)
    assert_failed(loaded)
    assert "rong.yaml" in loaded.problems[0].message and "rỗng" in loaded.problems[0].message


def test_not_yaml():
    loaded = parse_text("year: [2026")
    assert_failed(loaded)
    (p,) = loaded.problems
    assert "không phải YAML hợp lệ" in p.message
    assert "thụt đầu dòng" in p.message
    assert p.line == 1


def test_not_yaml_reports_the_line():
    text = SMALL.replace("  place: Hòa Bình", "  place: \"Hòa Bình")
    loaded = parse_text(text)
    assert_failed(loaded)
    assert loaded.problems[0].line is not None
    assert loaded.problems[0].line >= line_of(SMALL, "  place:")


@pytest.mark.parametrize("text", ["hello", "42", "- year: 2026\n- meta: x\n", "[1, 2]", "# chỉ có chú thích\n"])
def test_top_level_scalar_or_list(text):
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert "không phải một giá trị đơn lẻ hay một danh sách" in p.message


@pytest.mark.parametrize(
    "text, line",
    [
        ("year: 2026\nyear: 2027\n", 2),
        (SMALL + "year: 2027\n", None),
        (SMALL.replace("  place: Hòa Bình\n", "  place: Hòa Bình\n  place: Hòa Bình\n"), None),
    ],
)
def test_duplicate_keys(text, line):
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert "trùng tên" in p.message
    assert p.line is not None
    if line is not None:
        assert p.line == line


def test_tab_indentation_is_named():
    text = SMALL.replace("  place: Hòa Bình", "\tplace: Hòa Bình")
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert p.line == line_of(SMALL, "  place:")
    # the loader has a Vietnamese message for this case; the user should get it
    assert "ký tự tab" in p.message, p.message


# --- fields --------------------------------------------------------------------


def test_unknown_top_level_field_suggests_the_close_match():
    loaded = parse_text(SMALL.replace("year: 2026", "yera: 2026"))
    assert_failed(loaded)
    (p,) = only(loaded, "yera")
    assert "mục «yera»" in p.hint and "«yera»" not in p.message
    assert "không thuộc mẫu báo cáo" in p.message
    assert "Có phải ý bạn là «year»?" in p.hint
    assert p.line == line_of(SMALL, "year: 2026")
    # and the real field is reported missing
    (missing,) = only(loaded, "year")
    assert "Chưa có «Năm báo cáo»" in missing.message and "«year: …»" in missing.hint


def test_unknown_nested_field_suggests_the_close_match():
    text = SMALL.replace("  place: Hòa Bình", "  plcae: Hòa Bình")
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = only(loaded, "meta.plcae")
    assert "Có phải ý bạn là «place»?" in p.hint
    assert "trong «Thông tin chung»" in p.message
    assert p.line == line_of(text, "plcae")


def test_an_unknown_key_with_a_dot_is_named_as_written_in_its_own_group():
    # "place.name" is one key of meta, not a field "name" inside a group "place"
    text = SMALL.replace("  place: Hòa Bình", "  place.name: Hòa Bình")
    (p,) = only(parse_text(text), "meta.place.name")
    assert "trong «Thông tin chung»" in p.message
    assert "mục «place.name» không có" in p.hint and "Các mục hợp lệ: party_committee" in p.hint


def test_unknown_field_in_a_roster_item(valid_roster_report_data):
    text = to_yaml(valid_roster_report_data).replace("birth_year: 1980", "birth_yaer: 1980")
    loaded = parse_text(text)
    assert_failed(loaded)
    paths = {p.path for p in loaded.problems}
    assert "members.roster[1].birth_yaer" in paths
    (p,) = only(loaded, "members.roster[1].birth_yaer")
    assert "«birth_year»" in p.hint
    assert p.line == line_of(text, "birth_yaer")


def test_unknown_field_without_a_close_match_lists_the_valid_ones():
    loaded = parse_text(SMALL + "xyzzy: 1\n")
    (p,) = only(loaded, "xyzzy")
    assert "Có phải" not in p.message
    assert "Các mục hợp lệ: year, meta, school, members" in p.hint


def test_text_in_an_int_field():
    text = replace_line(SMALL, "  women:", "  women: mười hai")
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = only(loaded, "members.women")
    assert "«Số đảng viên nữ» phải là số nguyên" in p.message
    assert "«mười hai»" in p.message
    assert p.line == line_of(text, "  women:")


def test_text_in_the_year():
    loaded = parse_text(SMALL.replace("year: 2026", "year: hai nghìn"))
    (p,) = only(loaded, "year")
    assert "«Năm báo cáo» phải là số nguyên" in p.message
    assert p.line == line_of(SMALL, "year: 2026")


def test_fraction_in_an_int_field():
    loaded = parse_text(replace_line(SMALL, "  women:", "  women: 12.5"))
    (p,) = only(loaded, "members.women")
    assert "phải là số nguyên" in p.message


def test_negative_count():
    loaded = parse_text(replace_line(SMALL, "  women:", "  women: -1"))
    (p,) = only(loaded, "members.women")
    assert "phải từ 0 trở lên" in p.message


def test_year_out_of_range():
    loaded = parse_text(SMALL.replace("year: 2026", "year: 1999"))
    (p,) = only(loaded, "year")
    assert "phải từ 2000 trở lên" in p.message


@pytest.mark.parametrize("written", ["31/02/2026", "32/12/2026", "20/13/2026", "ngày 20 tháng 12", "hôm nay"])
def test_bad_date(written):
    text = replace_line(SMALL, "  date:", f"  date: {written}")
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = only(loaded, "meta.date")
    assert "«Ngày báo cáo» phải là một ngày có thật" in p.message
    assert "20/12/2026" in p.message  # the form to use
    assert p.line == line_of(text, "  date:")


@pytest.mark.parametrize("written", ["2026-02-31", "2026-13-01", "2026-02-29"])
def test_impossible_iso_date_is_a_problem_not_a_traceback(written):
    # YAML reads an unquoted 2026-02-31 as a timestamp; building it must not crash
    text = replace_line(SMALL, "  date:", f"  date: {written}")
    loaded = parse_text(text)
    assert_failed(loaded)
    assert any(p.path in ("meta.date", "") for p in loaded.problems)


def test_impossible_iso_date_via_load_file(tmp_path):
    path = tmp_path / "sai-ngay.yaml"
    path.write_text(replace_line(SMALL, "  date:", "  date: 2026-02-31"), encoding="utf-8")
    assert_failed(load_file(path))


def test_bad_enum():
    text = SMALL.replace("school_level: thcs", "school_level: dai_hoc")
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = only(loaded, "meta.school_level")
    assert "«Cấp học» không nhận giá trị «dai_hoc»" in p.message
    assert "mam_non, tieu_hoc, thcs, thpt" in p.hint
    assert p.line == line_of(text, "school_level")


def test_bad_enum_in_roster(valid_roster_report_data):
    text = to_yaml(valid_roster_report_data).replace("sex: nam", "sex: male", 1)
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = only(loaded, "members.roster[1].sex")
    assert "«Giới tính» không nhận giá trị «male»" in p.message
    assert "nam, nu" in p.hint


def test_missing_required_field():
    text = SMALL.replace("  place: Hòa Bình\n", "")
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = only(loaded, "meta.place")
    assert "Chưa có «Địa danh»" in p.message
    assert "place:" in p.hint
    assert p.line == line_of(text, "meta:")  # the line of the group it belongs in


def test_empty_required_text():
    loaded = parse_text(replace_line(SMALL, "  place:", "  place:"))
    (p,) = only(loaded, "meta.place")
    assert "«Địa danh» phải là chữ và không được để trống" in p.message


def test_list_where_a_group_is_expected():
    loaded = parse_text(SMALL.replace("members:\n", "members: [1, 2]\nmembers_old:\n"))
    assert_failed(loaded)
    (p,) = only(loaded, "members")
    assert "phải gồm các mục con" in p.message and "«tên: giá trị»" in p.hint


def test_group_where_a_list_is_expected():
    loaded = parse_text(SMALL.replace("  - Chi bộ hoàn thành tốt nhiệm vụ.", "  a: b"))
    (p,) = only(loaded, "achievements")
    assert "phải là một danh sách" in p.message


def test_several_problems_are_all_reported():
    text = SMALL.replace("year: 2026", "year: hai").replace("school_level: thcs", "school_level: x")
    text = replace_line(text, "  women:", "  women: nhiều")
    loaded = parse_text(text)
    assert_failed(loaded)
    assert {"year", "meta.school_level", "members.women"} <= {p.path for p in loaded.problems}
    assert all(p.line for p in loaded.problems)


def test_validate_a_dict_directly(valid_report_data):
    assert validate(valid_report_data).report is not None
    bad = dict(valid_report_data, year="x")
    loaded = validate(bad)
    assert_failed(loaded)
    assert only(loaded, "year")[0].line is None  # no file, no line


# --- files on disk ---------------------------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "khong-co.yaml"
    loaded = load_file(path)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert "Không tìm thấy tệp" in p.message
    assert "khong-co.yaml" in p.message


def test_directory_instead_of_a_file(tmp_path):
    loaded = load_file(tmp_path)
    assert_failed(loaded)
    assert "Không đọc được tệp" in loaded.problems[0].message


@pytest.mark.parametrize(
    "raw",
    [
        SMALL.encode("cp1258", errors="replace"),  # Windows Vietnamese
        SMALL.encode("utf-16"),
        b"year: 2026\nmeta:\n  place: H\xf2a B\xecnh\n",  # Latin-1 style bytes
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe",  # a .docx renamed
    ],
)
def test_non_utf8_bytes(tmp_path, raw):
    path = tmp_path / "bao-cao.yaml"
    path.write_bytes(raw)
    loaded = load_file(path)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert "UTF-8" in p.message
    assert "bao-cao.yaml" in p.message


def test_load_file_names_the_file_in_problems(tmp_path):
    path = tmp_path / "nam-2026.yaml"
    path.write_text("year: [2026", encoding="utf-8")
    loaded = load_file(path)
    assert_failed(loaded)
    assert "Tệp nam-2026.yaml" in loaded.problems[0].message


def test_load_file_accepts_str_path(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert load_file(str(path)).report is not None


# --- nothing ends in a traceback --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "year: 2026\n---\nyear: 2027\n",
        "x: &a [1]\ny: *b\n",
        "year: !!binary xx\n",
        "1: x\n",
        "year: 2026\x00\n",
        "meta:\n  - a\n  - b\n",
        "year: 2026\nmeta: null\n",
        "year: 2026\nmembers:\n  roster:\n    - name: A\n      events: x\n",
        "year: 2026\nstudents:\n  conduct: [1, 2]\n",
        "year: 2026\nstudents:\n  conduct:\n    tot: nhiều\n",
        "year: 2026\nnarrative:\n  opening:\n    - {a: 1}\n",
        "year: 2026\nmeta:\n  date: 2026-12-20T25:00:00\n",
        "{{{",
        "'",
        ": :",
    ],
)
def test_odd_inputs_give_problems_not_exceptions(text):
    loaded = parse_text(text)
    assert isinstance(loaded, Loaded)
    assert loaded.report is None
    assert loaded.problems and all(p.severity is ERR for p in loaded.problems)


# --- YAML 1.2 words, tags, control characters ----------------------------------------


def test_yes_no_on_off_are_words_not_booleans(valid_roster_report_data):
    # YAML 1.1 (PyYAML's default) reads the event key «on:» as True and «no» as False.
    text, count = re.subn(r"'on': '(\d{4}-\d\d-\d\d)'", r"on: \1", to_yaml(valid_roster_report_data))
    assert count >= 4 and "\n      on: 2026-08-31\n" in text
    loaded = parse_text(text)
    assert loaded.problems == [], [str(p) for p in loaded.problems]
    events = [e for m in loaded.report.members.roster for e in m.events]
    assert date(2026, 8, 31) in [e.on for e in events]
    from chibo.loader import _Builder, _Composer

    data = _Builder("tệp", "").build(_Composer("a: [yes, no, on, off, y, n, true, False, ~, null, '', 0x1F, 1_000, 010]").get_single_node())
    assert data == {"a": ["yes", "no", "on", "off", "y", "n", True, False, None, None, "", "0x1F", "1_000", "010"]}


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("year: !!python/object:os.system x\n", "thẻ YAML «!!python/object:os.system»"),
        ("year: !!binary aGVsbG8=\n", "thẻ YAML «!!binary»"),
        ("year: !local 2026\n", "thẻ YAML «!local»"),
        ("year: 2026\nmeta: !!set {a, b}\n", "thẻ YAML «!!set»"),
        ('year: 2026\nmeta:\n  place: "Hòa\\0Bình"\n', "U+0000"),
        ('year: 2026\nmeta:\n  place: "Hòa\\x1bBình"\n', "U+001B"),
        ("year: 2026\n? [a, b]\n: c\n", "tên mục phải là một chữ"),
    ],
)
def test_tags_control_characters_and_odd_keys_are_refused_with_their_line(text, fragment):
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert fragment in p.message
    assert p.line == len(text.splitlines()) - (1 if text.startswith("year: 2026\n?") else 0)


def test_explicit_standard_tags_are_read_as_typed():
    text = replace_line(SMALL, "  number:", "  number: !!int 05")
    text = replace_line(text, "  date:", "  date: !!timestamp 2026-12-20")
    loaded = parse_text(text)
    assert loaded.problems == []
    assert loaded.report.meta.number == "05"
    assert loaded.report.meta.date == date(2026, 12, 20)


def test_a_control_character_in_the_text_names_its_line():
    text = SMALL.replace("  place: Hòa Bình", "  place: Hòa\x07Bình")
    (p,) = parse_text(text).problems
    assert "ký tự điều khiển" in p.message and "#x0007" in p.message
    assert p.line == line_of(SMALL, "  place:")


def test_lone_surrogate_in_text_is_a_problem():
    (p,) = parse_text(SMALL.replace("Hòa Bình\n", "Hòa\ud800Bình\n", 1)).problems
    assert p.severity is ERR and "YAML" in p.message


def test_duplicate_key_names_both_lines():
    (p,) = parse_text("year: 2026\nmeta: {}\nyear: 2027\n").problems
    assert "«year»" in p.message and "dòng 1" in p.message and "dòng 3" in p.message
    assert p.line == 3


# --- aliases, depth and size: bounded before any work -------------------------------


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: ``width ** levels`` strings from a few hundred bytes."""
    rows = ["lol0: &lol0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        rows.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * width) + "]")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("levels, width", [(9, 9), (30, 10)])
def test_alias_bomb_is_refused_with_its_line(levels, width):
    # Before: the old loader expanded 9**9 strings (minutes, gigabytes, MemoryError).
    text = billion_laughs(levels, width)
    loaded = parse_text(text)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert "bí danh YAML" in p.message and "quá nhiều" in p.message
    assert p.line is not None and f"dòng {p.line}" in p.message
    assert f"*lol{p.line - 2}" in text.splitlines()[p.line - 1]  # the line holds the alias


def test_self_referencing_alias_is_refused():
    loaded = parse_text("year: 2026\nmeta: &m\n  place: *m\n")
    (p,) = loaded.problems
    assert "vòng lặp" in p.message and p.line == 3


def test_a_few_small_aliases_are_still_read():
    # PyYAML writes anchors for shared objects; a handful costs nothing, so they are kept.
    text = SMALL.replace(
        "  opening: |", "  situation:\n    advantages: &same\n      - Đoàn kết.\n    difficulties: *same\n  opening: |"
    )
    loaded = parse_text(text)
    assert loaded.problems == [], [str(p) for p in loaded.problems]
    situation = loaded.report.narrative.situation
    assert situation.advantages == situation.difficulties == ["Đoàn kết."]


def test_deep_nesting_is_refused():
    text = "year: 2026\nmeta: " + "[" * 60 + "]" * 60 + "\n"
    (p,) = parse_text(text).problems
    assert "lồng nhau quá sâu" in p.message


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    from chibo.loader import MAX_FILE_BYTES

    path = tmp_path / "to.yaml"
    with path.open("wb") as f:
        f.write(SMALL.encode())
        f.write(b"# " + b"x" * 1000 + b"\n")
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: the bytes past SMALL are NULs
    loaded = load_file(path)
    assert_failed(loaded)
    (p,) = loaded.problems
    assert "quá lớn" in p.message and "to.yaml" in p.message
    assert parse_text("#" * (MAX_FILE_BYTES + 1)).problems[0].message.startswith("tệp quá lớn")


def test_the_size_cap_leaves_room_for_a_large_roster(valid_roster_report_data):
    from chibo.loader import MAX_FILE_BYTES

    data = valid_roster_report_data
    data["members"]["roster"] = [
        dict(m, name=f"{m['name']} {i}") for i in range(250) for m in data["members"]["roster"]
    ]
    text = to_yaml(data)
    assert len(text.encode()) * 10 < MAX_FILE_BYTES  # 2,000 members, a tenth of the cap
    loaded = parse_text(text)
    assert len(loaded.lines) > 20_000
    assert not [p for p in loaded.problems if "bí danh" in p.message or "quá lớn" in p.message]


# --- YAML syntax errors: the likely fix, in Vietnamese ----------------------------------


def test_an_unquoted_colon_in_a_value_gets_the_line_rewritten_with_quotes(valid_report_data):
    text = to_yaml(valid_report_data).replace("  place: Hòa Bình\n", "  place: Xã Hòa Bình: trung tâm\n")
    (p,) = parse_text(text).problems
    assert p.line == line_of(text, "place: Xã Hòa Bình")
    assert "dấu ngoặc kép" in p.message
    assert '«place: "Xã Hòa Bình: trung tâm"»' in p.message


def test_a_sentence_with_a_colon_in_a_list_is_told_to_be_quoted(valid_report_data):
    text = to_yaml(valid_report_data).replace("- Lưu chi bộ\n", "- Lưu: chi bộ\n")
    problems = parse_text(text).problems
    (p,) = [p for p in problems if p.path == "meta.recipients[1]"]
    assert "«Lưu: chi bộ»" in p.message and "dấu ngoặc kép" in p.message
    assert p.hint == 'Trong tệp, viết: "Lưu: chi bộ"'


def test_a_line_indented_deeper_than_its_group_is_told_so():
    (p,) = parse_text("year: 2026\nmeta:\n  cell_name: Chi bộ\n   place: Hòa Bình\n").problems
    assert p.line == 4
    assert "thụt vào 3 dấu cách" in p.message and "thụt đúng 2 dấu cách" in p.message
    assert "dấu hai chấm «: » không đúng chỗ" not in p.message


def test_a_tab_is_told_to_become_spaces():
    (p,) = parse_text("year: 2026\nmeta:\n\tcell_name: Chi bộ\n").problems
    assert p.line == 3 and "tab" in p.message and "dấu cách" in p.message
