"""Which rule was in force in a report's year: classification, programme, local government.

Reports of earlier years must cite what applied then, not today's rules (domain.md,
"Rules in force").
"""

from __future__ import annotations

from datetime import date

from .labels import ContestLevel, SchoolLevel

# The four levels and the 20% cap on HTXSNV members exist since Quy định 132 (2018).
CAP_SINCE = 2018


def classification_rule(year: int) -> str:
    """The rule members and the cell of ``year`` were rated under, as a report cites it."""
    if year >= 2025:
        return "Quy định số 366-QĐ/TW của Bộ Chính trị"
    if year >= 2023:
        return "Quy định số 124-QĐ/TW của Bộ Chính trị"
    if year >= 2018:
        return "Quy định số 132-QĐ/TW của Bộ Chính trị"
    if year >= 2014:  # Hướng dẫn 27-HD/BTCTW (25/9/2014): «đánh giá, phân loại chất lượng»
        return "Hướng dẫn số 27-HD/BTCTW của Ban Tổ chức Trung ương"
    return "hướng dẫn của Ban Tổ chức Trung ương"


# Chỉ thị 05-CT/TW (15/5/2016) replaced Chỉ thị 03-CT/TW (14/5/2011) on following Hồ Chí Minh.
def ho_chi_minh_directive(year: int) -> str:
    """The Bộ Chính trị directive on following Hồ Chí Minh in force in ``year``, as cited."""
    if year >= 2016:
        return ("Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, "
                "đạo đức, phong cách Hồ Chí Minh")
    return ("Chỉ thị số 03-CT/TW của Bộ Chính trị về tiếp tục đẩy mạnh việc học tập và làm theo "
            "tấm gương đạo đức Hồ Chí Minh")


def rating_word(year: int) -> str:
    """Members were «phân loại» before Quy định 132 (2018), «xếp loại» since."""
    return "xếp loại" if year >= CAP_SINCE else "phân loại"


def classification_rule_name(year: int) -> str | None:
    """The rule's short name for a heading ("Quy định 366-QĐ/TW"); None before 2018."""
    rule = classification_rule(year)
    return rule.removesuffix(" của Bộ Chính trị").replace("Quy định số", "Quy định") if year >= CAP_SINCE else None


# Chương trình giáo dục phổ thông 2018: (report year it reached the level's first grade,
# that grade, the level's last grade). One more grade a year; every grade by 2024-2025.
_PROGRAMME_2018 = {
    SchoolLevel.PRIMARY: (2021, 1, 5),
    SchoolLevel.LOWER_SECONDARY: (2022, 6, 9),
    SchoolLevel.UPPER_SECONDARY: (2023, 10, 12),
}


def programme_span(level: SchoolLevel) -> tuple[int, int, int]:
    """(first report year on the 2018 programme, its first grade, the level's last grade)."""
    return _PROGRAMME_2018.get(level, (0, 0, 0))


def grades_on_programme_2018(level: SchoolLevel, year: int) -> tuple[int, ...] | None:
    """The grades taught on the 2018 programme in the school year (year−1)-year; None
    where the level has no grades (preschool)."""
    if level not in _PROGRAMME_2018:
        return None
    since, first, last = _PROGRAMME_2018[level]
    return tuple(range(first, min(last, first + year - since) + 1))


# Since 1 July 2025 there is no district level (huyện).
NO_DISTRICT_FROM = date(2025, 7, 1)


def district_abolished(on: date) -> bool:
    return on >= NO_DISTRICT_FROM


def contest_level_name(level: ContestLevel, on: date) -> str:
    """«cấp huyện (cũ)» is history only after the district level was abolished; a report
    written before then says «cấp huyện»."""
    if level is ContestLevel.FORMER_DISTRICT and not district_abolished(on):
        return "cấp huyện"
    return level.label
