"""Enumerations whose members carry their Vietnamese label.

The value is what a file stores (ASCII, stable); the label is what a user reads.
"""

from __future__ import annotations

from enum import Enum


class LabelledEnum(str, Enum):
    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls) -> str:
        return ", ".join(f"{m.value} ({m.label})" for m in cls)


class SchoolLevel(LabelledEnum):
    PRESCHOOL = ("mam_non", "Mầm non")
    PRIMARY = ("tieu_hoc", "Tiểu học")
    LOWER_SECONDARY = ("thcs", "Trung học cơ sở")
    UPPER_SECONDARY = ("thpt", "Trung học phổ thông")


class SignerRole(LabelledEnum):
    SECRETARY = ("bi_thu", "Bí thư")
    DEPUTY_SECRETARY = ("pho_bi_thu", "Phó Bí thư")


class Sex(LabelledEnum):
    MALE = ("nam", "Nam")
    FEMALE = ("nu", "Nữ")


class Education(LabelledEnum):
    DOCTORATE = ("tien_si", "Tiến sĩ")
    MASTER = ("thac_si", "Thạc sĩ")
    UNIVERSITY = ("dai_hoc", "Đại học")
    COLLEGE = ("cao_dang", "Cao đẳng")
    OTHER = ("khac", "Trung cấp, khác")


class TheoryLevel(LabelledEnum):
    ADVANCED = ("cao_cap", "Cao cấp")
    INTERMEDIATE = ("trung_cap", "Trung cấp")
    ELEMENTARY = ("so_cap", "Sơ cấp")
    NONE = ("chua_co", "Chưa qua đào tạo")


class MemberEventKind(LabelledEnum):
    TRANSFERRED_IN = ("chuyen_den", "Chuyển đến")
    TRANSFERRED_OUT = ("chuyen_di", "Chuyển đi")
    RETIRED = ("nghi_huu", "Nghỉ hưu")
    DIED = ("tu_tran", "Từ trần")
    REMOVED = ("xoa_ten", "Xóa tên")
    EXEMPTED = ("mien_sinh_hoat", "Miễn công tác và sinh hoạt đảng")


class Rating(LabelledEnum):
    """Levels of Quy định 366-QĐ/TW (2025), for members and for the cell."""

    EXCELLENT = ("htxsnv", "Hoàn thành xuất sắc nhiệm vụ")
    GOOD = ("httnv", "Hoàn thành tốt nhiệm vụ")
    COMPLETED = ("htnv", "Hoàn thành nhiệm vụ")
    FAILED = ("khtnv", "Không hoàn thành nhiệm vụ")


class AreaLevel(LabelledEnum):
    COMMUNE = ("xa_phuong", "xã/phường")
    PROVINCE = ("tinh", "tỉnh")
    FORMER_DISTRICT = ("huyen_cu", "huyện (cũ)")


class ContestLevel(LabelledEnum):
    SCHOOL = ("truong", "cấp trường")
    COMMUNE = ("xa", "cấp xã")
    WARD = ("phuong", "cấp phường")
    PROVINCE = ("tinh", "cấp tỉnh")
    FORMER_DISTRICT = ("huyen_cu", "cấp huyện (cũ)")
