"""Place names from the official list after the July 2025 reorganisation (vietnam-provinces)."""

from chibo import places


def values(kind, query, limit=30):
    return [(s.value, s.label) for s in places.suggest(kind, query, limit)]


def test_wards_made_in_2025_are_offered_as_party_committees():
    # Phường Sài Gòn exists only since 1 July 2025 (merged from wards of the former quận 1).
    assert ("Đảng bộ phường Sài Gòn", "thành phố Hồ Chí Minh") in values("dang-bo", "Sài Gòn")
    # Hà Giang is no longer a province: its wards are in Tuyên Quang.
    found = values("dia-ban", "Hà Giang")
    assert ("tỉnh Hà Giang", "cấp tỉnh") not in found
    assert ("phường Hà Giang 1", "tỉnh Tuyên Quang") in found


def test_the_same_name_in_several_provinces_is_told_apart_by_its_province():
    found = values("dang-bo", "Đông Thành")
    assert ("Đảng bộ xã Đông Thành", "tỉnh Nghệ An") in found
    assert ("Đảng bộ xã Đông Thành", "tỉnh Thanh Hóa") in found
    # Typed with its tone marks, the exact name comes before the near one (Đông Thạnh).
    exact = [v for v, _ in found].index("Đảng bộ xã Đông Thạnh")
    assert all(v == "Đảng bộ xã Đông Thành" or v.startswith("Đảng bộ phường Đông Thành") for v, _ in found[:exact])


def test_typing_without_tone_marks_finds_the_name():
    assert ("Hòa Bình", "xã Hòa Bình, tỉnh Cà Mau") in values("dia-danh", "hoa binh")
    assert ("tỉnh Nghệ An", "cấp tỉnh") in values("dia-ban", "nghe an")
    assert ("Đảng bộ thành phố Hà Nội", "cấp tỉnh") in values("dang-bo", "ha noi")


def test_thirty_four_provinces():
    provinces = [s for s in places._all("dia-ban") if s.label == "cấp tỉnh"]
    assert len(provinces) == 34


def test_bounded_and_lenient():
    assert places.suggest("dang-bo", "") == []
    assert len(places.suggest("dang-bo", "xã", limit=5)) == 5
    assert places.suggest("dang-bo", "x" * 10_000) == []  # cut to MAX_QUERY, nothing matches
    assert places.is_current("dang-bo", "đảng bộ xã đông thành")
    assert not places.is_current("dang-bo", "Đảng bộ thị trấn Đông Thành")  # no thị trấn since 2025


def test_a_commune_party_committee_not_in_the_list_is_a_warning_from_2025(valid_report_data, modify):
    from chibo.model import Report
    from chibo.problems import Severity
    from chibo.rules import check
    from plain import assert_plain

    def warnings(year, name):
        data = modify(valid_report_data, {"year": year, "meta.party_committee": name})
        if year != valid_report_data["year"]:
            data["meta"]["date"] = f"{year}-12-20"
        problems = check(Report.model_validate(data))
        assert_plain(problems)
        return [p for p in problems if p.path == "meta.party_committee" and p.severity is Severity.WARNING]

    # Thị trấn ended with the districts: a name copied from an older report.
    (found,) = warnings(2026, "Đảng bộ thị trấn Đông Thành")
    assert "«Đảng bộ thị trấn Đông Thành» không có trong danh sách xã, phường" in found.message
    assert "sau ngày 1/7/2025" in found.message
    assert warnings(2024, "Đảng bộ thị trấn Đông Thành") == []  # as it was then
    assert warnings(2026, "Đảng bộ phường Sài Gòn") == []
    assert warnings(2026, "đảng bộ xã đông thành, tỉnh Nghệ An") == []  # case, province after a comma
    assert warnings(2026, "Đảng bộ Khối các cơ quan tỉnh") == []  # not a commune: not judged
