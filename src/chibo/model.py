"""The report model: what a cell states about its year.

Each field's Vietnamese label is its ``title``; forms, error messages, the
starter file and the JSON Schema all read it from here. Derived numbers
(totals, percentages, year N+1) are never fields: see ``figures``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .labels import (
    AreaLevel,
    ContestLevel,
    LabelledEnum,
    Education,
    MemberEventKind,
    Rating,
    SchoolLevel,
    Sex,
    SignerRole,
    TheoryLevel,
)
from . import fieldpaths
from .reading import (
    COUNT_PATTERN,
    DATE_PATTERN,
    MAX_TEXT,
    RATE_PATTERN,
    read_count,
    read_date,
    read_decimal,
)
from .scales import ScaleCode, level_name
from .vietnamese import normalize_text


def _text(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # "Số 05" typed as 5 in YAML
    return normalize_text(value) if isinstance(value, str) else value


def _paragraphs(value: Any) -> Any:
    """A block of text, one paragraph a line, or a list of paragraphs."""
    if isinstance(value, str):
        value = value.split("\n")
    if isinstance(value, list):
        texts = [_text(item) for item in value]
        return [t for t in texts if not (isinstance(t, str) and t == "")]
    return value


def _date(value: Any) -> Any:
    """A date as people write it (20/12/2026, 2026-12-20, ...): chibo.reading."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return read_date(value) or value  # pydantic reports what cannot be read
    return value


def _whole(value: Any) -> Any:
    """A count as people type it ("25 đ/c", "1.234"); a non-whole number is left for
    pydantic to refuse as not whole."""
    if isinstance(value, str):
        read = read_count(value)
        return value if read is None else read
    return value


def _rate(value: Any) -> Any:
    """A rate as people type it ("82,5", "82,5%")."""
    if isinstance(value, str):
        read = read_decimal(value)
        return value if read is None else read
    return value


Text = Annotated[
    str, BeforeValidator(_text), Field(min_length=1),
    # «number: 05» unquoted is a number to a YAML editor; chibo reads it as the text typed
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}),
]
Paragraphs = Annotated[
    list[Text], BeforeValidator(_paragraphs, json_schema_input_type=str | list[str])
]
# The JSON Schema says what is accepted as typed (chibo.reading), so a schema-aware
# editor does not flag "25 đ/c", "82,5%" or "18/12/2026".
def _typed(number: dict[str, Any], pattern: str) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [
        number, {"type": "string", "pattern": pattern, "maxLength": MAX_TEXT},
    ]})


Day = Annotated[
    date, BeforeValidator(_date),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "maxLength": MAX_TEXT}),
]
Count = Annotated[
    int, BeforeValidator(_whole), Field(ge=0, le=100_000),
    _typed({"type": "integer", "minimum": 0, "maximum": 100_000}, COUNT_PATTERN),
]
# Số định danh cá nhân (the CCCD number): 12 digits, spaces typed between groups dropped;
# or masked as every export writes it ("0012******89"), so an exported file still checks.
IdentityNumber = Annotated[
    str,
    BeforeValidator(lambda v: re.sub(r"[\s.]", "", v) if isinstance(v, str) else v),
    Field(pattern=r"^(?:[0-9]{12}|[0-9]{4}\*{6}[0-9]{2})$"),
    WithJsonSchema({"type": "string", "pattern": (  # as typed, spaces and dots included
        r"^[\s.]*(?:(?:[0-9][\s.]*){12}|(?:[0-9][\s.]*){4}(?:\*[\s.]*){6}(?:[0-9][\s.]*){2})$"
    )}),
]
Percent = Annotated[
    float, BeforeValidator(_rate), Field(ge=0, le=100),
    _typed({"type": "number", "minimum": 0, "maximum": 100}, RATE_PATTERN),
]


class ChiboModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        use_enum_values=False,
    )


# --- metadata -----------------------------------------------------------------


class Metadata(ChiboModel):
    party_committee: Text = Field(
        title="Đảng bộ cấp trên",
        description="Tên đảng bộ mà chi bộ trực thuộc, ví dụ: Đảng bộ xã Hòa Bình.",
    )
    cell_name: Text = Field(
        title="Tên chi bộ", description="Ví dụ: Chi bộ Trường THCS Hòa Bình."
    )
    school_level: SchoolLevel = Field(
        title="Cấp học",
        description="mam_non, tieu_hoc, thcs hoặc thpt; chọn thang đánh giá học sinh.",
    )
    number: Text | None = Field(
        default=None,
        title="Số báo cáo",
        description="Chỉ ghi số, ví dụ 05 (in ra: Số 05-BC/CB). Để trống nếu văn thư ghi tay.",
    )
    place: Text = Field(
        title="Địa danh",
        description="Địa danh ghi trước ngày tháng, ví dụ: Hòa Bình.",
    )
    date: Day = Field(
        title="Ngày báo cáo", description="Ngày ký báo cáo, ghi ngày/tháng/năm, ví dụ 20/12/2026."
    )
    signer_name: Text = Field(title="Họ tên người ký")
    signer_role: SignerRole = Field(
        default=SignerRole.SECRETARY,
        title="Chức vụ người ký",
        description="bi_thu (Bí thư) hoặc pho_bi_thu (Phó Bí thư), ký thay mặt chi bộ.",
    )
    recipients: list[Text] | None = Field(
        default=None,
        title="Nơi nhận",
        description="Mỗi dòng một nơi nhận. Để trống: Đảng ủy cấp trên (để b/c) và Lưu chi bộ.",
    )


# --- members ------------------------------------------------------------------


class MemberEvent(ChiboModel):
    kind: MemberEventKind = Field(title="Loại biến động", description=MemberEventKind.choices())
    on: Day = Field(title="Ngày")
    note: Text | None = Field(default=None, title="Ghi chú")


class Member(ChiboModel):
    name: Text = Field(title="Họ và tên")
    sex: Sex = Field(title="Giới tính", description="nam hoặc nu")
    birth_year: int = Field(ge=1930, le=2015, title="Năm sinh")
    admitted_on: Day = Field(title="Ngày vào Đảng")
    official_on: Day | None = Field(
        default=None, title="Ngày chính thức", description="Để trống nếu còn dự bị."
    )
    education: Education = Field(title="Trình độ chuyên môn", description=Education.choices())
    theory: TheoryLevel = Field(
        default=TheoryLevel.NONE,
        title="Trình độ lý luận chính trị",
        description=TheoryLevel.choices(),
    )
    identity_number: IdentityNumber | None = Field(
        default=None,
        title="Số định danh cá nhân/CCCD",
        description="12 chữ số; không bắt buộc. Mọi tệp xuất ra chỉ hiện dạng che (0012******89), dạng này cũng đọc được.",
    )
    events: list[MemberEvent] = Field(
        default_factory=list,
        title="Biến động trong năm",
        description="Chuyển đến, chuyển đi, nghỉ hưu, từ trần, xóa tên, miễn sinh hoạt; có ngày.",
    )


class EducationCounts(ChiboModel):
    doctorate: Count | None = Field(default=None, title="Tiến sĩ")
    master: Count | None = Field(default=None, title="Thạc sĩ")
    university: Count | None = Field(default=None, title="Đại học")
    college: Count | None = Field(default=None, title="Cao đẳng")
    other: Count | None = Field(default=None, title="Trung cấp, khác")


class TheoryCounts(ChiboModel):
    advanced: Count | None = Field(default=None, title="Cao cấp lý luận chính trị")
    intermediate: Count | None = Field(default=None, title="Trung cấp lý luận chính trị")
    elementary: Count | None = Field(default=None, title="Sơ cấp lý luận chính trị")


# A short note printed inside the brackets of the movements sentence; brackets typed
# around it are dropped, so they are not printed twice.
MoveNote = Annotated[Text, BeforeValidator(lambda v: v.strip().removeprefix("(").removesuffix(")")
                                           if isinstance(v, str) and v.strip()[:1] == "(" else v)]


class Committee(ChiboModel):
    """Who leads the cell (Điều lệ Đảng, Quy định 29-QĐ/TW): one bí thư and one phó bí thư;
    chi ủy viên only in a cell of 9 official members or more, at most 7 in all."""

    secretaries: Count | None = Field(default=None, title="Số Bí thư")
    deputies: Count | None = Field(default=None, title="Số Phó Bí thư")
    others: Count | None = Field(default=None, title="Số Chi ủy viên (ngoài bí thư, phó bí thư)")


class Development(ChiboModel):
    """Công tác phát triển đảng viên: the year's figures on quần chúng (not carried to next year)."""

    awareness_class: Count | None = Field(
        default=None, title="Số quần chúng hoàn thành lớp bồi dưỡng nhận thức về Đảng",
        description="Lớp cảm tình Đảng, trong năm.",
    )
    proposals: Count | None = Field(default=None, title="Số hồ sơ đề nghị kết nạp đảng viên")
    prospects: Count | None = Field(
        default=None, title="Số quần chúng ưu tú chi bộ đang theo dõi, giúp đỡ", description="Cuối năm."
    )


class Members(ChiboModel):
    """Section I's counts, typed directly or left empty and computed from ``roster``."""

    start_of_year: Count | None = Field(default=None, title="Số đảng viên đầu năm")
    admitted: Count | None = Field(default=None, title="Số đảng viên kết nạp trong năm")
    transferred_in: Count | None = Field(default=None, title="Số đảng viên chuyển đến")
    transferred_out: Count | None = Field(default=None, title="Số đảng viên chuyển đi")
    retired: Count | None = Field(default=None, title="Số đảng viên nghỉ hưu")
    died: Count | None = Field(default=None, title="Số đảng viên từ trần")
    removed: Count | None = Field(default=None, title="Số đảng viên bị xóa tên")
    end_of_year: Count | None = Field(default=None, title="Số đảng viên cuối năm")
    official: Count | None = Field(default=None, title="Số đảng viên chính thức")
    probationary: Count | None = Field(default=None, title="Số đảng viên dự bị")
    women: Count | None = Field(default=None, title="Số đảng viên nữ")
    men: Count | None = Field(
        default=None,
        title="Số đảng viên nam",
        description="Để trống: tính bằng số cuối năm trừ số nữ (khi có cả hai).",
    )
    exempted: Count | None = Field(
        default=None, title="Số đảng viên được miễn công tác và sinh hoạt đảng"
    )
    education: EducationCounts = Field(
        default_factory=EducationCounts, title="Trình độ chuyên môn"
    )
    theory: TheoryCounts = Field(default_factory=TheoryCounts, title="Trình độ lý luận chính trị")
    # Without a roster there is no place for a move's reason, which real reports give:
    # "giảm 02 đồng chí (01 chuyển công tác, 01 chuyển về sinh hoạt tại địa phương)".
    increase_note: MoveNote | None = Field(
        default=None,
        title="Chi tiết số tăng",
        description="In trong ngoặc sau số đảng viên tăng, thay cho tên các loại, ví dụ «01 kết nạp mới, "
        "01 chuyển đến từ Trường THCS Đông Hòa». Để trống: chibo ghi số từng loại.",
    )
    decrease_note: MoveNote | None = Field(
        default=None,
        title="Chi tiết số giảm (lý do)",
        description="In trong ngoặc sau số đảng viên giảm, thay cho tên các loại, ví dụ «01 chuyển công "
        "tác, 01 chuyển về sinh hoạt tại địa phương». Để trống: chibo ghi số từng loại.",
    )
    average_age: Count | None = Field(
        default=None, ge=18, le=100, title="Tuổi đời bình quân",
        description="Có danh sách đảng viên thì chibo tự tính (tuổi trong năm báo cáo).",
    )
    committee: Committee = Field(
        default_factory=Committee, title="Chi ủy",
        description="Chi bộ dưới 9 đảng viên chính thức chỉ có bí thư và có thể có một phó bí thư.",
    )
    development: Development = Field(default_factory=Development, title="Công tác phát triển đảng viên")
    roster: list[Member] | None = Field(
        default=None,
        title="Danh sách đảng viên",
        description="Nếu có, các số trên được tính từ danh sách này; không cần nhập tay.",
    )


# --- the school -----------------------------------------------------------------


class School(ChiboModel):
    """Section I's picture of the school; every figure optional, printed only when given."""

    managers: Count | None = Field(default=None, title="Số cán bộ quản lý")
    teachers: Count | None = Field(default=None, title="Số giáo viên")
    staff: Count | None = Field(default=None, title="Số nhân viên")
    subject_groups: Count | None = Field(default=None, title="Số tổ chuyên môn")
    classes: Count | None = Field(default=None, title="Số lớp")
    students: Count | None = Field(default=None, title="Tổng số học sinh của trường")
    union_members: Count | None = Field(default=None, title="Số đoàn viên công đoàn")
    youth_members: Count | None = Field(
        default=None, title="Số đoàn viên chi đoàn", description="Đoàn viên Đoàn TNCS Hồ Chí Minh."
    )
    pioneer_squads: Count | None = Field(default=None, title="Số chi đội (liên đội)")
    pioneers: Count | None = Field(default=None, title="Số đội viên")


# --- students -----------------------------------------------------------------

def _drop_empty(value: Any) -> Any:
    """Levels left empty in an optional table are simply not given."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    return value


LevelCounts = dict[str, Count]
# A level left empty («gioi:» with nothing after) is null in the file: the schema allows it.
OptionalLevelCounts = Annotated[
    dict[str, Count], BeforeValidator(_drop_empty, json_schema_input_type=dict[str, Count | None])
]
LevelPercents = dict[str, Percent]


def _drop_empty_qualities(value: Any) -> Any:
    """A quality with no level given (null, or every level left empty) is not given."""
    if isinstance(value, dict):
        kept = {k: _drop_empty(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in kept.items() if v != {}}
    return value


QualityCounts = Annotated[
    dict[str, OptionalLevelCounts],
    BeforeValidator(_drop_empty_qualities, json_schema_input_type=dict[str, OptionalLevelCounts | None]),
]


class StudentPeriod(ChiboModel):
    assessed: Count | None = Field(default=None, title="Số học sinh được đánh giá")
    conduct: LevelCounts = Field(
        default_factory=dict,
        title="Kết quả rèn luyện (hạnh kiểm, phẩm chất)",
        description="Số học sinh theo từng mức của thang đánh giá.",
    )
    learning: LevelCounts = Field(
        default_factory=dict,
        title="Kết quả học tập (học lực, kết quả giáo dục)",
        description="Số học sinh theo từng mức của thang đánh giá.",
    )
    titles: OptionalLevelCounts = Field(
        default_factory=dict,
        title="Danh hiệu học sinh",
        description="Số học sinh đạt từng danh hiệu (ví dụ xuat_sac, gioi).",
    )
    qualities: QualityCounts = Field(
        default_factory=dict,
        title="Đánh giá từng phẩm chất, năng lực",
        description="Tiểu học (Thông tư 27/2020, 30/2014): tùy chọn, mỗi phẩm chất, năng lực một nhóm, số học "
        "sinh ở mức tot, dat, can_co_gang; ví dụ yeu_nuoc: {tot: 600, dat: 80, can_co_gang: 4}.",
    )


class AreaAverage(ChiboModel):
    level: AreaLevel = Field(title="Cấp của mặt bằng chung", description=AreaLevel.choices())
    name: Text = Field(title="Tên địa bàn", description="Ví dụ: xã Hòa Bình, tỉnh Nghệ An.")
    conduct: LevelPercents = Field(default_factory=dict, title="Tỷ lệ rèn luyện (%)")
    learning: LevelPercents = Field(default_factory=dict, title="Tỷ lệ học tập (%)")


class LastYearStudents(StudentPeriod):
    scale: ScaleCode | None = Field(
        default=None,
        title="Thang đánh giá năm trước",
        description="Để trống: cùng thang với năm nay. Chọn khi năm trước đánh giá theo thông tư cũ "
        "(chỉ so sánh các mức tương ứng). " + ScaleCode.choices(),
    )


MAX_GRADE_GROUPS = 12  # a group per grade at most (lớp 1 to lớp 12)


class GradeGroup(StudentPeriod):
    """Grades rated on another circular in a year when the new one came in grade by grade."""

    grades: Text | None = Field(default=None, title="Khối lớp", description="Ví dụ: Khối 8, 9.")
    scale: ScaleCode | None = Field(
        default=None,
        title="Thang đánh giá của khối",
        description="Để trống: thang còn lại của năm học đó. " + ScaleCode.choices(),
    )


class Students(StudentPeriod):
    scale: ScaleCode | None = Field(
        default=None,
        title="Thang đánh giá",
        description="Để trống: chọn theo cấp học và năm. " + ScaleCode.choices(),
    )
    grades: Text | None = Field(
        default=None,
        title="Khối lớp của kết quả này",
        description="Chỉ ghi khi năm học có khối đánh giá theo thông tư khác, ví dụ: Khối 6, 7.",
    )
    groups: list[GradeGroup] = Field(
        default_factory=list,
        max_length=MAX_GRADE_GROUPS,
        title="Khối lớp theo thang khác",
        description="Tùy chọn, cho năm học các khối theo hai thông tư: kết quả các khối còn lại, mỗi nhóm một thang.",
    )
    last_year: LastYearStudents | None = Field(
        default=None,
        title="Cùng kỳ năm trước",
        description="Tùy chọn: bỏ trống cả nhóm nếu không so sánh với năm trước.",
    )
    area: AreaAverage | None = Field(
        default=None,
        title="Mặt bằng chung của địa bàn",
        description="Tùy chọn: tỷ lệ % do cấp trên công bố; bỏ trống cả nhóm nếu không so sánh.",
    )


# --- children (mầm non) ---------------------------------------------------------
# A preschool rates no pupils on a scale; its reports give the children's numbers,
# health channels from the growth charts and the 5-year-olds' programme. Rates are typed
# only where the school has no count behind them (enrolment of the area's children,
# daily attendance); every other share is computed from counts.


class Weight(ChiboModel):
    measured: Count | None = Field(default=None, title="Số trẻ được cân")
    normal: Count | None = Field(default=None, title="Cân nặng kênh bình thường (trẻ)")
    underweight: Count | None = Field(default=None, title="Suy dinh dưỡng thể nhẹ cân (trẻ)")
    overweight: Count | None = Field(default=None, title="Thừa cân, béo phì (trẻ)")


class Height(ChiboModel):
    measured: Count | None = Field(default=None, title="Số trẻ được đo chiều cao")
    normal: Count | None = Field(default=None, title="Chiều cao kênh bình thường (trẻ)")
    stunted: Count | None = Field(default=None, title="Suy dinh dưỡng thể thấp còi (trẻ)")


class ChildrenPeriod(ChiboModel):
    children: Count | None = Field(default=None, title="Tổng số trẻ")
    attendance_rate: Percent | None = Field(
        default=None, title="Tỷ lệ chuyên cần (%)", description="Tỷ lệ trẻ đi học chuyên cần bình quân cả năm."
    )
    boarding: Count | None = Field(default=None, title="Số trẻ ăn bán trú")
    weight: Weight = Field(default_factory=Weight, title="Cân nặng")
    height: Height = Field(default_factory=Height, title="Chiều cao")
    five_year_olds: Count | None = Field(default=None, title="Số trẻ 5 tuổi")
    completed: Count | None = Field(
        default=None, title="Số trẻ 5 tuổi hoàn thành Chương trình giáo dục mầm non"
    )


class ChildrenUnits(ChiboModel):
    nursery_groups: Count | None = Field(default=None, title="Số nhóm trẻ (nhà trẻ)")
    kindergarten_classes: Count | None = Field(default=None, title="Số lớp mẫu giáo")
    nursery: Count | None = Field(default=None, title="Số trẻ nhà trẻ")
    kindergarten: Count | None = Field(default=None, title="Số trẻ mẫu giáo")


class Children(ChildrenPeriod, ChildrenUnits):  # groups and classes first, as reports give them
    """Trường mầm non only; every figure optional, printed only when given."""

    nursery_enrolment: Percent | None = Field(
        default=None, title="Tỷ lệ huy động trẻ nhà trẻ ra lớp (%)",
        description="Trên số trẻ trong độ tuổi của địa bàn, theo số liệu phổ cập.",
    )
    kindergarten_enrolment: Percent | None = Field(default=None, title="Tỷ lệ huy động trẻ mẫu giáo ra lớp (%)")
    five_year_enrolment: Percent | None = Field(default=None, title="Tỷ lệ huy động trẻ 5 tuổi ra lớp (%)")
    universal: Text | None = Field(
        default=None,
        title="Phổ cập giáo dục mầm non cho trẻ em 5 tuổi",
        description="Ví dụ: Duy trì đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi.",
    )
    last_year: ChildrenPeriod | None = Field(
        default=None,
        title="Cùng kỳ năm trước",
        description="Tùy chọn: bỏ trống cả nhóm nếu không so sánh với năm trước.",
    )


# --- evaluation and classification --------------------------------------------


class NotRated(ChiboModel):
    count: Count = Field(ge=1, title="Số đảng viên")
    reason: Text = Field(title="Lý do chưa xếp loại")


class Classification(ChiboModel):
    """Evaluation of members and of the cell under Quy định 366-QĐ/TW."""

    excellent: Count | None = Field(default=None, title=Rating.EXCELLENT.label)
    good: Count | None = Field(default=None, title=Rating.GOOD.label)
    completed: Count | None = Field(default=None, title=Rating.COMPLETED.label)
    failed: Count | None = Field(default=None, title=Rating.FAILED.label)
    not_rated: list[NotRated] = Field(
        default_factory=list, title="Đảng viên không xếp loại"
    )
    cell_rating: Rating | None = Field(
        default=None, title="Xếp loại chất lượng chi bộ", description=Rating.choices()
    )
    cell_title: Text | None = Field(
        default=None,
        title="Danh hiệu chi bộ (cách gọi cũ)",
        description="Chỉ dùng cho báo cáo theo quy định cũ, ví dụ: trong sạch vững mạnh.",
    )


# --- targets for year N+1 -----------------------------------------------------


class StudentTargets(ChiboModel):
    gifted: Count | None = Field(default=None, title="Học sinh giỏi các cấp (em)")
    gifted_province: Count | None = Field(default=None, title="Học sinh giỏi cấp tỉnh (em)")
    promotion_rate: Percent | None = Field(default=None, title="Tỷ lệ lên lớp thẳng (%)")
    advanced_classes: Count | None = Field(
        default=None, title="Lớp tiên tiến, chi đội mạnh (lớp)"
    )
    conduct_good_rate: Percent | None = Field(
        default=None, title="Tỷ lệ học sinh rèn luyện tốt (%)"
    )
    note: Text | None = Field(default=None, title="Ghi chú về chỉ tiêu học sinh")


class TeacherTargets(ChiboModel):
    emulation_fighters: Count | None = Field(default=None, title="Chiến sĩ thi đua cơ sở (đ/c)")
    advanced_workers: Count | None = Field(default=None, title="Lao động tiên tiến (đ/c)")
    good_teachers: Count | None = Field(default=None, title="Giáo viên dạy giỏi (đ/c)")
    good_teachers_level: ContestLevel = Field(
        default=ContestLevel.COMMUNE,
        title="Cấp thi giáo viên dạy giỏi",
        description=ContestLevel.choices(),
    )
    note: Text | None = Field(default=None, title="Ghi chú về chỉ tiêu giáo viên")


class CollectiveTargets(ChiboModel):
    cell: Text | None = Field(default=None, title="Chỉ tiêu của chi bộ")
    trade_union: Text | None = Field(default=None, title="Chỉ tiêu của công đoàn")
    youth_union: Text | None = Field(default=None, title="Chỉ tiêu của chi đoàn")
    pioneers: Text | None = Field(default=None, title="Chỉ tiêu của liên đội")


class PartyTargets(ChiboModel):
    new_members_min: Count | None = Field(default=None, title="Kết nạp đảng viên mới, từ")
    new_members_max: Count | None = Field(default=None, title="Kết nạp đảng viên mới, đến")
    excellent_members: Count | None = Field(
        default=None, title="Đảng viên hoàn thành xuất sắc nhiệm vụ (đ/c)"
    )
    awareness_class: Count | None = Field(
        default=None, title="Giới thiệu quần chúng ưu tú đi học lớp bồi dưỡng nhận thức về Đảng (người)"
    )
    members_goal: Text | None = Field(
        default=None,
        title="Mục tiêu chung về đảng viên",
        description="Để trống thì in như báo cáo mẫu: «100% đảng viên hoàn thành tốt nhiệm vụ».",
    )
    note: Text | None = Field(default=None, title="Ghi chú về công tác phát triển đảng")


class ChildTargets(ChiboModel):
    """Trường mầm non: a rate to reach (chuyên cần) and malnutrition rates to stay under."""

    attendance_rate: Percent | None = Field(default=None, title="Tỷ lệ trẻ chuyên cần, từ (%)")
    underweight_rate: Percent | None = Field(
        default=None, title="Tỷ lệ trẻ suy dinh dưỡng thể nhẹ cân, không quá (%)"
    )
    stunted_rate: Percent | None = Field(default=None, title="Tỷ lệ trẻ suy dinh dưỡng thể thấp còi, không quá (%)")
    completion_rate: Percent | None = Field(
        default=None, title="Tỷ lệ trẻ 5 tuổi hoàn thành Chương trình giáo dục mầm non, từ (%)"
    )


class Targets(ChiboModel):
    students: StudentTargets = Field(default_factory=StudentTargets, title="Đối với học sinh")
    children: ChildTargets = Field(default_factory=ChildTargets, title="Đối với trẻ",
                                   description="Chỉ trường mầm non.")
    teachers: TeacherTargets = Field(default_factory=TeacherTargets, title="Đối với giáo viên")
    collective: CollectiveTargets = Field(
        default_factory=CollectiveTargets, title="Đối với tập thể"
    )
    party: PartyTargets = Field(default_factory=PartyTargets, title="Công tác Đảng")


class TargetResults(ChiboModel):
    """What year N achieved, for the targets set a year ago that chibo cannot derive.

    The rate of students rated Tốt, new members admitted and members rated
    HTXSNV come from the figures above.
    """

    gifted: Count | None = Field(default=None, title="Học sinh giỏi các cấp đạt được (em)")
    gifted_province: Count | None = Field(default=None, title="Học sinh giỏi cấp tỉnh đạt được (em)")
    promotion_rate: Percent | None = Field(default=None, title="Tỷ lệ lên lớp thẳng đạt được (%)")
    advanced_classes: Count | None = Field(
        default=None, title="Lớp tiên tiến, chi đội mạnh đạt được (lớp)"
    )
    emulation_fighters: Count | None = Field(default=None, title="Chiến sĩ thi đua cơ sở đạt được (đ/c)")
    advanced_workers: Count | None = Field(default=None, title="Lao động tiên tiến đạt được (đ/c)")
    good_teachers: Count | None = Field(default=None, title="Giáo viên dạy giỏi đạt được (đ/c)")


# The results that are pupils' (not printed in a preschool's report).
PUPIL_RESULTS = ("gifted", "gifted_province", "promotion_rate", "advanced_classes")


# --- narrative ----------------------------------------------------------------

_NARRATIVE_HINT = "Mỗi dòng một đoạn. Để trống: dùng đoạn văn mặc định; cũng có thể bỏ hẳn mục này khỏi báo cáo."


def _narrative(title: str) -> Any:
    return Field(default=None, title=title, description=_NARRATIVE_HINT)


class Situation(ChiboModel):
    advantages: Paragraphs | None = _narrative("Thuận lợi")
    difficulties: Paragraphs | None = _narrative("Khó khăn")


class Results(ChiboModel):
    ideology: Paragraphs | None = _narrative("Công tác tư tưởng chính trị")
    professional: Paragraphs | None = _narrative("Chuyên môn")
    mass_organisations: Paragraphs | None = _narrative("Công tác lãnh đạo đoàn thể")
    culture_sports: Paragraphs | None = _narrative("Công tác văn nghệ, thể thao")
    party_building: Paragraphs | None = _narrative("Công tác xây dựng Đảng")
    inspection: Paragraphs | None = _narrative("Công tác kiểm tra, giám sát")


class Shortcomings(ChiboModel):
    ideology: Paragraphs | None = _narrative("Khuyết điểm về tư tưởng chính trị")
    professional: Paragraphs | None = _narrative("Khuyết điểm về chuyên môn")
    facilities: Paragraphs | None = _narrative("Khuyết điểm về xây dựng cơ sở vật chất")


class Causes(ChiboModel):
    strengths: Paragraphs | None = _narrative("Nguyên nhân ưu điểm")
    limitations: Paragraphs | None = _narrative("Nguyên nhân hạn chế")
    lessons: Paragraphs | None = _narrative("Bài học kinh nghiệm")


class AreaTexts(ChiboModel):
    """The eight areas of Phần thứ hai, used for targets and for solutions alike."""

    ideology: Paragraphs | None = _narrative("Công tác tư tưởng chính trị")
    professional: Paragraphs | None = _narrative("Chuyên môn")
    facilities: Paragraphs | None = _narrative("Xây dựng cơ sở vật chất")
    finance: Paragraphs | None = _narrative("Công tác tài chính")
    mass_organisations: Paragraphs | None = _narrative("Công tác đoàn thể")
    culture_sports: Paragraphs | None = _narrative("Công tác văn nghệ, thể thao")
    emulation: Paragraphs | None = _narrative("Công tác thi đua, khen thưởng")
    party: Paragraphs | None = _narrative("Công tác Đảng")


class Narrative(ChiboModel):
    opening: Paragraphs | None = _narrative("Đoạn mở đầu (căn cứ)")
    situation: Situation = Field(default_factory=Situation, title="Đặc điểm tình hình")
    results: Results = Field(default_factory=Results, title="Những kết quả đạt được")
    shortcomings: Shortcomings = Field(
        default_factory=Shortcomings, title="Khuyết điểm tồn tại"
    )
    causes: Causes = Field(default_factory=Causes, title="Nguyên nhân và bài học")
    targets: AreaTexts = Field(default_factory=AreaTexts, title="Các mục tiêu, chỉ tiêu cụ thể")
    solutions: AreaTexts = Field(default_factory=AreaTexts, title="Các giải pháp thực hiện")


def _narrative_paths(model: type[BaseModel], base: str) -> list[str]:
    paths = []
    for name, info in model.model_fields.items():
        inner = _inner_model(info.annotation)
        paths += _narrative_paths(inner, f"{base}.{name}") if inner else [f"{base}.{name}"]
    return paths


# Every paragraph field of the narrative, e.g. "narrative.situation.advantages".
NARRATIVE_PATHS: tuple[str, ...] = ()


def _known_paragraphs(value: Any) -> Any:
    """Marks of paragraph fields only, each once: a stale or mistyped mark is dropped, not an error."""
    if not isinstance(value, list):
        return value
    known = set(NARRATIVE_PATHS)
    return list(dict.fromkeys(v for v in value if isinstance(v, str) and v in known))


CarriedOver = Annotated[list[str], BeforeValidator(_known_paragraphs)]


def _left_out(value: Any) -> Any:
    """Sections left out, each once; "situation.advantages" is read as
    "narrative.situation.advantages". A path that names no section is an error: a
    typo must not leave a section in that was meant to go."""
    if not isinstance(value, list):
        return value
    known = set(SECTION_PATHS)
    paths = []
    for item in value:
        path = _whole_path(item.strip()) if isinstance(item, str) else item
        if path not in known:
            raise PydanticCustomError(
                "left_out", "«{item}» không phải một mục nội dung; ví dụ ghi narrative.situation.advantages",
                {"item": str(item)[:80]},
            )
        paths.append(path)
    return list(dict.fromkeys(paths))


# Narrative paths that are left out of the report, heading and all (see Report.left_out).
LeftOut = Annotated[list[str], BeforeValidator(_left_out)]


# --- the report's own structure -----------------------------------------------

# The path of the section the year-end results are printed under (Report.achievements).
ACHIEVEMENTS = "achievements"
ACHIEVEMENTS_TITLE = "Kết quả đạt được cuối năm"


def _sections() -> list[tuple[str, str]]:
    """(path, label) of every section in the order the report prints them: the paragraph
    fields, the groups of them, and the year-end results after «Nguyên nhân»."""
    found = []
    for name, info in Narrative.model_fields.items():
        group = info.annotation
        found.append((f"narrative.{name}", info.title))
        if isinstance(group, type) and issubclass(group, BaseModel):
            found += [(f"narrative.{name}.{leaf}", f"{info.title} – {inner.title}")
                      for leaf, inner in group.model_fields.items()]
        if name == "causes":
            found.append((ACHIEVEMENTS, ACHIEVEMENTS_TITLE))
    return found


# A section of the report, chosen by the cell to rename it or to place its own after it.
Section = LabelledEnum("Section", [(path.replace(".", "_").upper(), (path, label)) for path, label in _sections()])


def _whole_path(path: str) -> str:
    """A section's path as chibo also reads it, made whole: "situation" is "narrative.situation"."""
    return path if path == ACHIEVEMENTS or path.startswith("narrative.") else f"narrative.{path}"


def _section_path(value: Any) -> Any:
    """A section's path as written ("situation", "narrative.results.ideology",
    "achievements"), made whole; a path that names no section is an error."""
    if not isinstance(value, str):
        return value
    path = _whole_path(value.strip())
    if path not in SECTION_PATHS:
        raise PydanticCustomError(
            "section_path",
            "«{item}» không phải một mục của báo cáo; ví dụ ghi narrative.situation hoặc "
            "narrative.results.ideology",
            {"item": value[:80]},
        )
    return path


def _written(paths) -> WithJsonSchema:
    """The schema of a section path: whole, or without its "narrative." as chibo also reads it."""
    paths = list(paths)
    short = [p.removeprefix("narrative.") for p in paths if p.startswith("narrative.")]
    return WithJsonSchema({"type": "string", "enum": paths + short})


SectionPath = Annotated[Section, BeforeValidator(_section_path), _written(s.value for s in Section)]

# The two parts' title lines (the line under «Phần thứ nhất», «Phần thứ hai»), which the
# cell may retitle like a section ("Đánh giá kết quả lãnh đạo, chỉ đạo của Chi bộ trong năm
# 2017"); they are not sections, so they cannot be left out or have one added after them.
PARTS: tuple[tuple[str, str], ...] = (
    ("part_one", "Phần thứ nhất (đánh giá năm báo cáo)"),
    ("part_two", "Phần thứ hai (phương hướng năm sau)"),
)
PART_PATHS: tuple[str, ...] = tuple(path for path, _ in PARTS)

# What a cell can retitle: the two parts and every section.
Heading = LabelledEnum(
    "Heading", [(path.replace(".", "_").upper(), (path, label)) for path, label in PARTS + tuple(_sections())]
)


def _heading_path(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in PART_PATHS:
        return value.strip()
    return _section_path(value)


HeadingPath = Annotated[Heading, BeforeValidator(_heading_path), _written(h.value for h in Heading)]

# The standard tail of a chi bộ report's number (Hướng dẫn 36-HD/VPTW): "Số 05-BC/CB".
STANDARD_SYMBOL = "-BC/CB"


def symbol_text(symbol: str | None) -> str:
    """The number's tail as printed: "-BC/CB" when not given; "/BCTK" as typed; "BCTK" → "-BCTK"."""
    if not symbol:
        return STANDARD_SYMBOL
    symbol = symbol.strip().removeprefix("Số").strip()
    return symbol if symbol[:1] in ("-", "/") else f"-{symbol}"


class Renamed(ChiboModel):
    section: HeadingPath = Field(title="Mục đổi tên")
    title: Text = Field(title="Tiêu đề mới", description="Số thứ tự và dòng «Phần thứ …» vẫn tự in.")


class ExtraSection(ChiboModel):
    after: SectionPath = Field(
        title="Đặt sau mục",
        description="Đường dẫn mục đứng ngay trước, ví dụ narrative.results.inspection; mục thêm "
        "cùng cấp và được đánh số như mục đó.",
    )
    title: Text = Field(title="Tiêu đề mục thêm")
    paragraphs: Paragraphs = Field(title="Nội dung mục thêm", description="Mỗi dòng một đoạn.")


# Real reports give a handful of each; the caps keep a hostile file from costing seconds.
MAX_GROUNDS = 50
MAX_EXTRA_SECTIONS = 50


class Structure(ChiboModel):
    grounds: list[Text] = Field(
        default_factory=list,
        max_length=MAX_GROUNDS,
        title="Các căn cứ của báo cáo",
        description="Mỗi dòng một căn cứ, in trước đoạn mở đầu: «Căn cứ …;». Để trống: không in.",
    )
    title: Text | None = Field(
        default=None,
        title="Trích yếu (tên báo cáo)",
        description="Dòng in dưới chữ «Báo cáo», ví dụ «Tổng kết hoạt động Chi bộ năm 2020». Để trống: "
        "«Tổng kết công tác xây dựng Đảng năm N và phương hướng, nhiệm vụ năm N+1».",
    )
    symbol: Text | None = Field(
        default=None,
        title="Ký hiệu báo cáo",
        description="Phần in sau số, ví dụ /BCTK (in ra: Số 10/BCTK). Để trống: ký hiệu chuẩn -BC/CB.",
    )
    headings: list[Renamed] = Field(
        default_factory=list,
        max_length=len(Heading),  # each heading renamed once at most
        title="Mục đổi tên",
        description="Mỗi dòng một mục và tiêu đề mới, ví dụ section: narrative.situation, "
        "title: Tình hình chung. Số thứ tự vẫn tự đánh. Tên phần: section: part_one (dòng dưới "
        "«Phần thứ nhất») hoặc part_two (dưới «Phần thứ hai»).",
    )
    extra: list[ExtraSection] = Field(
        default_factory=list,
        max_length=MAX_EXTRA_SECTIONS,
        title="Mục thêm",
        description="Mục riêng của chi bộ: tiêu đề, nội dung và mục đứng ngay trước.",
    )


# --- the report ---------------------------------------------------------------


class Options(ChiboModel):
    percent_decimals: int = Field(
        default=2, ge=0, le=3, title="Số chữ số thập phân của tỷ lệ phần trăm"
    )


class Report(ChiboModel):
    year: int = Field(
        ge=2000,
        le=2100,
        title="Năm báo cáo",
        description="Năm N được tổng kết; năm N+1 được tính tự động.",
    )
    meta: Metadata = Field(title="Thông tin chung")
    school: School = Field(default_factory=School, title="Đặc điểm tình hình nhà trường")
    members: Members = Field(default_factory=Members, title="Đặc điểm tình hình đảng viên")
    students: Students = Field(default_factory=Students, title="Kết quả giáo dục học sinh")
    children: Children | None = Field(
        default=None,
        title="Kết quả chăm sóc, nuôi dưỡng, giáo dục trẻ",
        description="Chỉ trường mầm non: tùy chọn, mục nào không ghi thì không in.",
    )
    classification: Classification = Field(
        default_factory=Classification, title="Đánh giá, xếp loại chất lượng"
    )
    achievements: list[Text] = Field(
        default_factory=list,
        title=ACHIEVEMENTS_TITLE,
        description="Các danh hiệu, xếp loại tập thể và cá nhân đạt được; mỗi dòng một kết quả.",
    )
    targets_set: Targets | None = Field(
        default=None,
        title="Chỉ tiêu năm nay (đề ra từ năm trước)",
        description="Chép từ phần thứ hai của báo cáo năm trước; chibo so sánh với kết quả năm nay.",
    )
    target_results: TargetResults = Field(
        default_factory=TargetResults, title="Kết quả thực hiện chỉ tiêu năm nay"
    )
    targets: Targets = Field(default_factory=Targets, title="Chỉ tiêu năm sau")
    narrative: Narrative = Field(default_factory=Narrative, title="Nội dung các mục")
    structure: Structure = Field(default_factory=Structure, title="Căn cứ, trích yếu, ký hiệu và các mục")
    options: Options = Field(default_factory=Options, title="Tùy chọn trình bày")
    left_out: LeftOut = Field(
        default_factory=list,
        title="Mục bỏ khỏi báo cáo",
        description=(
            "Đường dẫn các mục nội dung bỏ hẳn khỏi báo cáo, cả tiêu đề (ví dụ "
            "narrative.shortcomings.facilities); các mục sau được đánh số lại. Mục để trống "
            "mà không ghi ở đây thì dùng đoạn văn mặc định."
        ),
    )
    carried_over: CarriedOver = Field(
        default_factory=list,
        title="Đoạn chép từ năm trước, chưa xem lại",
        description=(
            "Đường dẫn các đoạn văn chép từ báo cáo năm trước mà chưa ai sửa hay xác nhận "
            "(ví dụ narrative.situation.advantages); mỗi đoạn có một cảnh báo đến khi được "
            "xóa khỏi danh sách. Không in ra báo cáo."
        ),
    )

    @property
    def next_year(self) -> int:
        return self.year + 1


# --- labels by path -----------------------------------------------------------

def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside Optional[...] / list[...] / Annotated[...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if origin not in (None, list, dict) else None


NARRATIVE_PATHS = tuple(_narrative_paths(Narrative, "narrative"))
# Every section that can be left out or retitled: the paragraph fields, the groups of
# them ("narrative.situation") and the year-end results.
SECTION_PATHS: tuple[str, ...] = tuple(section.value for section in Section)


def is_left_out(report: "Report", path: str) -> bool:
    """Whether the section at ``path``, or a section holding it, is left out."""
    left = set(report.left_out)
    while path:
        if path in left:
            return True
        path = fieldpaths.parent(path)
    return False


def field_titles(path: str) -> list[str]:
    """Titles of each model field along a dotted path, from the root."""
    model: type[BaseModel] | None = Report
    titles: list[str] = []
    previous = None
    for name in fieldpaths.parts(path):
        if isinstance(name, int):
            titles[-1:] = [f"{titles[-1]} thứ {name + 1}"] if titles else []
            continue
        info = model.model_fields.get(name) if model else None
        if info is None and previous == "qualities":
            # students.qualities.yeu_nuoc: the quality by its name; its levels follow
            titles.append(level_name("qualities", name))
            previous = "quality"
            continue
        if info is None:
            # a key inside a dict of levels, e.g. students.conduct.tot: named, not coded
            parent = previous or ""
            titles.append(f"{titles[-1]}, mức {level_name(parent, name)}" if titles else name)
            model = None
            continue
        titles.append(info.title or name)
        previous = name
        model = _inner_model(info.annotation)
    return titles


def field_label(path: str) -> str:
    """The label a user reads for a field path, e.g. «Số đảng viên đầu năm»."""
    titles = field_titles(path)
    return titles[-1] if titles else path


def field_info(path: str):
    """The pydantic FieldInfo at a dotted path, or None (e.g. a level inside a dict)."""
    model: type[BaseModel] | None = Report
    info = None
    for name in fieldpaths.names(path):
        info = model.model_fields.get(name) if model else None
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return info
