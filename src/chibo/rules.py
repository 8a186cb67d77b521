"""The checks a report must pass before it is written.

Each rule reads the model and the derived figures and says, in Vietnamese,
what is wrong, where, and how to fix it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from . import fieldpaths
from .figures import CHILD_TARGETS, EXCELLENT_SHARE_OF_GOOD, Figures, compute, group_scale, member_figures, resolved_scale, last_year_scale
from .labels import MemberEventKind, Rating, SchoolLevel
from .members import (
    COUNT_FIELDS, DECREASES, EDUCATION_FIELDS, INCREASES, LEAVING, MOVEMENT_WORDS, PROBATION_MONTHS, THEORY_FIELDS,
    add_months, leaving_event,
)
from .model import NARRATIVE_PATHS, PUPIL_RESULTS, STANDARD_SYMBOL, Report, StudentPeriod, field_label, is_left_out, symbol_text
from .places import unlisted_committee
from .problems import Problem, Severity
from .regulations import CAP_SINCE, classification_rule
from .scales import QUALITY_LEVELS, default_scale, grade_scales, level_name
from .spelling import DictionaryMissing, misspellings
from .vietnamese import format_date, format_decimal, format_int

# "...", "…", "20.." and the like: a blank copied from last year's file.
BLANK = re.compile(r"\.{2,}|…")


class _Findings:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, Severity.ERROR, message, hint=hint, empty=_empty(message)))

    def warn(self, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, Severity.WARNING, message, hint=hint, empty=_empty(message)))


# Every check about a field left empty says so first, in these words.
_EMPTY_WORDS = ("Chưa nhập", "Chưa có", "Chưa ghi")


def _empty(message: str) -> bool:
    return message.startswith(_EMPTY_WORDS)


def _names(levels) -> str:
    """Level names as a user reads them: «Tốt», «Khá», «Đạt»."""
    return ", ".join(f"«{label}»" for _, label in levels)


def _q(path: str) -> str:
    return f"«{field_label(path)}»"


def check(report: Report, figures: Figures | None = None) -> list[Problem]:
    figures = figures or compute(report)
    found = _Findings()
    _check_meta(report, found)
    if report.members.roster:
        _check_roster(report, found)
    _check_members(report, figures, found)
    _check_school(report, figures, found)
    _check_committee(report, figures, found)
    _check_children(report, found)
    _check_students(report, found)
    _check_classification(report, figures, found)
    _check_targets(report, found)
    _check_target_results(report, figures, found)
    _check_promotion_rate(report, found)
    if not report.achievements and not is_left_out(report, "achievements"):
        found.error(
            "achievements",
            f"Chưa ghi {_q('achievements')}: hãy ghi các danh hiệu, xếp loại mà chi bộ, "
            "nhà trường và cá nhân đạt được, mỗi dòng một kết quả.",
        )
    _check_blanks(report, "", found)
    _check_narrative(report, found)
    _check_spelling(report, found)
    return found.problems


# --- metadata -----------------------------------------------------------------

# "ĐẢNG ỦY XÃ …" above the cell's name: the committee's name as an issuer, where a cell's
# masthead names the đảng bộ ("ĐẢNG BỘ XÃ …", Hướng dẫn 36-HD/VPTW).
_COMMITTEE_WORDS = re.compile(r"^đảng\s+(?:ủy|uỷ)(?=\s|$)", re.IGNORECASE)


def committee_as_issuer(name: str) -> bool:
    return bool(_COMMITTEE_WORDS.match(name.strip()))



def _check_meta(report: Report, found: _Findings) -> None:
    meta, year = report.meta, report.year
    if meta.number is None:
        found.warn(
            "meta.number",
            f"Chưa có {_q('meta.number')}: bản in sẽ để trống chỗ số để văn thư ghi tay.",
        )
    symbol = symbol_text(report.structure.symbol)
    if symbol != STANDARD_SYMBOL:
        number = meta.number or "…"
        found.warn(
            "structure.symbol",
            f"{_q('structure.symbol')} «Số {number}{symbol}» không theo thể thức văn bản của Đảng "
            f"(Hướng dẫn 36-HD/VPTW): báo cáo của chi bộ ghi «Số {number}{STANDARD_SYMBOL}». Để trống "
            "ô này để dùng ký hiệu chuẩn; nếu đảng bộ cấp trên quy định ký hiệu khác, có thể bỏ qua "
            "cảnh báo này.",
        )
    if committee_as_issuer(meta.party_committee):
        standard = _COMMITTEE_WORDS.sub(
            lambda found_: "ĐẢNG BỘ" if found_.group(0).isupper() else "Đảng bộ", meta.party_committee.strip(), 1
        )
        found.warn(
            "meta.party_committee",
            f"{_q('meta.party_committee')} «{meta.party_committee}»: theo thể thức văn bản của Đảng "
            "(Hướng dẫn 36-HD/VPTW), dòng trên tên chi bộ ghi tên đảng bộ cấp trên, "
            f"«{standard}»; «Đảng ủy …» là tên cấp ủy khi chính cấp ủy ban hành văn bản. Hãy sửa "
            "thành tên đảng bộ; nếu đảng bộ cấp trên quy định khác, có thể bỏ qua cảnh báo này.",
        )
    if unlisted_committee(meta.party_committee, year):
        found.warn(
            "meta.party_committee",
            f"{_q('meta.party_committee')} «{meta.party_committee}» không có trong danh sách xã, phường, "
            "đặc khu sau ngày 1/7/2025. Nếu đảng bộ đã đổi tên khi sáp nhập, hãy sửa lại (gõ vài chữ "
            "của tên để chọn trong danh sách); nếu tên đã đúng, có thể bỏ qua cảnh báo này.",
        )
    # Signed in year N or in January of N+1 (the usual end-of-year conference); a date
    # elsewhere is a wrong year. Before October it is possible but unusual.
    if not date(year, 1, 1) <= meta.date <= date(year + 1, 1, 31):
        found.error(
            "meta.date",
            f"{_q('meta.date')} là {format_date(meta.date)}, ngoài thời gian của báo cáo năm "
            f"{year}: báo cáo năm {year} được ký trong năm {year} hoặc trong tháng 01/{year + 1}. "
            f"Hãy sửa ngày ký, hoặc sửa năm báo cáo nếu đây là báo cáo của năm khác.",
        )
    elif meta.date < date(year, 10, 1):
        found.warn(
            "meta.date",
            f"{_q('meta.date')} là {format_date(meta.date)}, xa thời điểm tổng kết năm "
            f"{year}: báo cáo năm {year} thường ký từ tháng 10/{year} đến tháng 01/{year + 1}. "
            "Hãy kiểm tra lại năm báo cáo hoặc ngày ký.",
        )


# --- members ------------------------------------------------------------------


def _check_roster(report: Report, found: _Findings) -> None:
    year = report.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    seen: dict[str, int] = {}
    for i, member in enumerate(report.members.roster or []):
        base = f"members.roster[{i}]"
        who = f"Đảng viên {member.name}"
        if member.name.casefold() in seen:
            found.warn(
                f"{base}.name",
                f"{who} có tên trùng với người thứ {seen[member.name.casefold()] + 1} "
                "trong danh sách: nếu là một người, hãy xóa dòng thừa.",
            )
        seen.setdefault(member.name.casefold(), i)
        if member.admitted_on > last:
            found.error(
                f"{base}.admitted_on",
                f"{who}: {_q(base + '.admitted_on')} ({format_date(member.admitted_on)}) "
                f"sau năm báo cáo {year}. Hãy sửa ngày, hoặc bỏ người này khỏi báo cáo năm {year}.",
            )
        if member.official_on is not None:
            earliest = add_months(member.admitted_on, PROBATION_MONTHS)
            if member.official_on < earliest:
                found.error(
                    f"{base}.official_on",
                    f"{who}: {_q(base + '.official_on')} ({format_date(member.official_on)}) "
                    f"chưa đủ {PROBATION_MONTHS} tháng dự bị kể từ ngày vào Đảng "
                    f"({format_date(member.admitted_on)}). Hãy kiểm tra lại hai ngày này.",
                )
        elif add_months(member.admitted_on, PROBATION_MONTHS) < last and leaving_event(member) is None:
            found.warn(
                f"{base}.official_on",
                f"{who} vào Đảng {format_date(member.admitted_on)}, đã quá {PROBATION_MONTHS} "
                f"tháng dự bị mà chưa có {_q(base + '.official_on')}: hãy ghi ngày được công "
                "nhận chính thức, hoặc kiểm tra việc xét công nhận.",
            )
        leaving = [e for e in member.events if e.kind in LEAVING]
        if len(leaving) > 1:
            found.error(
                f"{base}.events",
                f"{who} có {len(leaving)} biến động rời chi bộ "
                f"({', '.join(e.kind.label.lower() for e in leaving)}): mỗi người chỉ rời "
                "chi bộ một lần, hãy giữ lại biến động đúng.",
            )
        for j, event in enumerate(member.events):
            path = f"{base}.events[{j}].on"
            # A miễn sinh hoạt granted in an earlier year still holds: only its date must not be later.
            exempted_before = event.kind is MemberEventKind.EXEMPTED and event.on < first
            if not exempted_before and not first <= event.on <= last:
                found.error(
                    path,
                    f"{who}: ngày {event.kind.label.lower()} ({format_date(event.on)}) phải "
                    f"trong năm {year}. Biến động của năm khác không thuộc báo cáo này: "
                    "hãy sửa ngày hoặc xóa biến động.",
                )
            elif event.on < member.admitted_on:
                found.error(
                    path,
                    f"{who}: ngày {event.kind.label.lower()} ({format_date(event.on)}) trước "
                    f"ngày vào Đảng ({format_date(member.admitted_on)}). Hãy sửa một trong hai ngày.",
                )
            if event.kind is MemberEventKind.TRANSFERRED_IN and first <= member.admitted_on <= last:
                found.warn(
                    path,
                    f"{who} vừa được kết nạp vừa chuyển đến trong năm {year}: người này được "
                    "tính là kết nạp mới. Nếu kết nạp ở nơi khác rồi chuyển đến, hãy xóa dòng "
                    "này khỏi biến động hoặc kiểm tra ngày vào Đảng.",
                )


def _check_move_notes(report: Report, figures: Figures, found: _Findings) -> None:
    """A note on the increases or decreases is printed inside the brackets after their
    total: without that total it would not be printed; counts written in it should add up."""
    m = figures.members
    for name, names in (("increase_note", INCREASES), ("decrease_note", DECREASES)):
        note = getattr(report.members, name)
        if note is None:
            continue
        path = f"members.{name}"
        total = sum(m[n] or 0 for n in names) if m.movements_given else 0
        if not total:
            kinds = ", ".join(MOVEMENT_WORDS[n] for n in names)
            found.warn(
                path,
                f"Có {_q(path)} nhưng trong năm không có đảng viên nào {kinds}: ghi chú này sẽ không in. "
                "Hãy nhập số đảng viên theo từng loại biến động, hoặc xóa ghi chú.",
            )
            continue
        counts = [re.match(r"\s*(\d+)\b", part) for part in re.split(r"[,;]", note)]
        if all(counts) and sum(int(c.group(1)) for c in counts) != total:
            found.warn(
                path,
                f"Các số trong {_q(path)} cộng lại được {sum(int(c.group(1)) for c in counts)}, khác số "
                f"đảng viên {'tăng' if name == 'increase_note' else 'giảm'} trong năm ({total}). "
                "Hãy sửa cho khớp.",
            )


def _check_members(report: Report, figures: Figures, found: _Findings) -> None:
    _check_move_notes(report, figures, found)
    m = figures.members
    typed = report.members
    if m.from_roster:
        for name in COUNT_FIELDS:
            value = getattr(typed, name)
            if value is not None and value != m[name]:
                path = f"members.{name}"
                found.error(
                    path,
                    f"{_q(path)} nhập tay là {value} nhưng tính từ danh sách đảng viên được "
                    f"{m[name]}. Hãy xóa số nhập tay (chibo tự tính) hoặc sửa danh sách.",
                )
        for group in ("education", "theory"):
            for name, value in getattr(typed, group).model_dump().items():
                if value is not None and value != m[group][name]:
                    path = f"members.{group}.{name}"
                    found.error(
                        path,
                        f"{_q(path)} nhập tay là {value} nhưng tính từ danh sách đảng viên "
                        f"được {m[group][name]}. Hãy xóa số nhập tay hoặc sửa danh sách.",
                    )
        return

    missing = [
        name
        for name in ("end_of_year",)  # the rest is optional: what is not given is not printed
        if m[name] is None
    ]
    for name in missing:
        path = f"members.{name}"
        found.error(
            path,
            f"Chưa nhập {_q(path)}. Hãy ghi số, hoặc nhập danh sách "
            "đảng viên để chibo tự tính.",
        )

    end = m["end_of_year"]
    expected = m.expected_end
    if end is not None and expected is not None and end != expected:
        c = m.counts
        found.error(
            "members.end_of_year",
            f"{_q('members.end_of_year')} là {end}, nhưng đầu năm {c['start_of_year']} + kết "
            f"nạp {c['admitted']} + chuyển đến {c['transferred_in']} − chuyển đi "
            f"{c['transferred_out']} − nghỉ hưu {c['retired']} − từ trần {c['died']} − xóa tên "
            f"{c['removed']} = {expected}. Hãy sửa số cuối năm hoặc số biến động cho khớp.",
        )
    official, probationary = m["official"], m["probationary"]
    if end is not None and official is not None and probationary is not None:
        if official + probationary != end:
            found.error(
                "members.official",
                f"{_q('members.official')} ({official}) + {_q('members.probationary')} "
                f"({probationary}) = {official + probationary}, khác "
                f"{_q('members.end_of_year')} ({end}). Hãy sửa cho tổng bằng số cuối năm.",
            )
    # Admitted in year N means dự bị until N+1: still probationary at year end unless
    # they left (each departure could be one of them).
    admitted, c = m["admitted"], m.counts
    if probationary is not None and admitted:
        gone = sum(c[name] or 0 for name in ("transferred_out", "retired", "died", "removed"))
        if probationary < admitted - gone:
            found.error(
                "members.probationary",
                f"Trong năm kết nạp {admitted} đảng viên mới ({_q('members.admitted')}) nhưng "
                f"{_q('members.probationary')} cuối năm chỉ là {probationary}: người kết nạp trong "
                f"năm {report.year} còn dự bị {PROBATION_MONTHS} tháng, chưa thể là đảng viên chính "
                "thức cuối năm. Hãy tính họ vào số dự bị (và bớt ở số chính thức), hoặc sửa số kết nạp.",
            )
    if end is None:
        return
    men, women = typed.men, m["women"]
    if men is not None and women is not None and men + women != end:
        found.error(
            "members.men",
            f"{_q('members.men')} ({men}) + {_q('members.women')} ({women}) = {men + women}, "
            f"khác {_q('members.end_of_year')} ({end}). Hãy sửa cho tổng bằng số cuối năm, "
            "hoặc để trống số nam (chibo tự tính).",
        )
    for name in ("women", "exempted", "men"):
        _at_most_end(f"members.{name}", m[name], end, found)
    for group, fields in (("education", EDUCATION_FIELDS), ("theory", THEORY_FIELDS)):
        for name in fields.values():
            _at_most_end(f"members.{group}.{name}", m[group][name], end, found)
    education = m["education"]
    if all(v is not None for v in education.values()):
        total = sum(education.values())
        if total != end:
            found.warn(
                "members.education",
                f"Tổng {_q('members.education').lower()} ({total}) khác "
                f"{_q('members.end_of_year')} ({end}): mỗi đảng viên được tính ở một mức "
                "trình độ cao nhất. Hãy kiểm tra lại các mức.",
            )
    elif any(v is not None for v in education.values()):
        for name, value in education.items():
            if value is None:
                path = f"members.education.{name}"
                found.error(path, f"Chưa nhập {_q(path)} ({_q('members.education').lower()}): hãy ghi số, ghi 0 nếu không có.")
    theory_total = sum(v or 0 for v in m["theory"].values())
    if theory_total > end:
        found.error(
            "members.theory",
            f"Tổng {_q('members.theory').lower()} ({theory_total}) lớn hơn "
            f"{_q('members.end_of_year')} ({end}): mỗi đảng viên chỉ tính ở một mức cao nhất.",
        )


def _check_school(report: Report, figures: Figures, found: _Findings) -> None:
    """The staff must hold the cell's members: a school cell's members work there."""
    total, end = figures.school.staff_total, figures.members["end_of_year"]
    if total is not None and end is not None and end > total:
        found.warn(
            "school.teachers",
            f"Số đảng viên cuối năm ({end}) lớn hơn tổng số cán bộ quản lý, giáo viên, nhân viên "
            f"({total}): tỷ lệ đảng viên trong nhà trường sẽ vượt 100%. Hãy kiểm tra "
            f"{_q('school.managers')}, {_q('school.teachers')} và {_q('school.staff')}.",
        )


def _check_committee(report: Report, figures: Figures, found: _Findings) -> None:
    """The chi ủy as Điều lệ Đảng and Quy định 29-QĐ/TW have it: one bí thư, one phó bí thư,
    chi ủy viên only from 9 official members, at most 7 in all, never more than the members."""
    c = report.members.committee
    if c.secretaries is not None and c.secretaries > 1:
        found.error(
            "members.committee.secretaries",
            f"{_q('members.committee.secretaries')} là {c.secretaries}: mỗi chi bộ chỉ có một bí thư. "
            "Hãy ghi 1; các đồng chí còn lại ghi vào phó bí thư hoặc chi ủy viên.",
        )
    if c.deputies is not None and c.deputies > 1:
        found.warn(
            "members.committee.deputies",
            f"{_q('members.committee.deputies')} là {c.deputies}: chi bộ bầu một phó bí thư (Quy định thi "
            "hành Điều lệ Đảng). Hãy kiểm tra lại; nếu cấp trên đã chỉ định như vậy, có thể bỏ qua cảnh báo này.",
        )
    total = sum(n or 0 for n in (c.secretaries, c.deputies, c.others))
    end, official = figures.members["end_of_year"], figures.members["official"]
    if end is not None and total > end:
        found.error(
            "members.committee.others",
            f"Chi ủy có {total} đồng chí, nhiều hơn {_q('members.end_of_year')} ({end}): bí thư, phó bí "
            "thư và chi ủy viên đều là đảng viên của chi bộ. Hãy sửa số chi ủy viên hoặc số đảng viên.",
        )
    elif total > 7:
        found.warn(
            "members.committee.others",
            f"Chi ủy có {total} đồng chí: chi bộ bầu không quá 7 chi ủy viên (Quy định thi hành Điều lệ "
            "Đảng). Hãy kiểm tra lại số chi ủy viên.",
        )
    if c.others and official is not None and official < 9:
        found.warn(
            "members.committee.others",
            f"{_q('members.committee.others')} là {c.others}, nhưng chi bộ có {official} đảng viên chính "
            "thức: chi bộ dưới 9 đảng viên chính thức không bầu chi ủy, chỉ bầu bí thư và có thể bầu một "
            "phó bí thư. Hãy để trống số chi ủy viên hoặc kiểm tra số đảng viên chính thức.",
        )
    typed, counted = report.members.average_age, figures.members.average_age
    if report.members.roster and typed is not None and typed != counted:
        found.error(
            "members.average_age",
            f"{_q('members.average_age')} nhập tay là {typed} nhưng tính từ danh sách đảng viên được "
            f"{counted}. Hãy xóa số nhập tay (chibo tự tính) hoặc sửa năm sinh trong danh sách.",
        )


def _check_pupil_targets(report: Report, found: _Findings) -> None:
    """A preschool's pupils' targets and results (typed before the level was changed):
    not printed nor shown in the editor, so the user is asked to delete them."""
    level = report.meta.school_level.label.lower()
    _unprinted_targets(
        report, "students", found,
        f"chỉ dành cho trường có học sinh; báo cáo này là cấp {level} nên các chỉ tiêu này sẽ không in. "
        "Hãy xóa chúng (chỉ tiêu của trẻ ghi ở mục «Đối với trẻ»), hoặc chọn lại cấp học nếu trường có học sinh.",
        exclude={"note"},
    )
    given = [name for name in PUPIL_RESULTS if getattr(report.target_results, name) is not None]
    if given:
        found.warn(
            "target_results",
            f"{', '.join(_q(f'target_results.{name}') for name in given)} chỉ dành cho trường có học sinh; "
            f"báo cáo này là cấp {level} nên kết quả này sẽ không in. Hãy xóa, hoặc chọn lại cấp học "
            "nếu trường có học sinh.",
        )


def _unprinted_targets(report: Report, part: str, found: _Findings, why: str, exclude=None) -> None:
    """Targets of ``part`` (this year's and last year's) given where the level does not print them."""
    for base in ("targets", "targets_set"):
        targets = getattr(report, base)
        if targets is not None and getattr(targets, part).model_dump(exclude_none=True, exclude=exclude):
            found.warn(f"{base}.{part}", f"{_q(f'{base}.{part}')} {why}")


def _check_children(report: Report, found: _Findings) -> None:
    """A preschool's children: parts within their whole, health channels adding up."""
    c = report.children
    if report.meta.school_level is not SchoolLevel.PRESCHOOL:
        _unprinted_targets(
            report, "children", found,
            f"chỉ dành cho trường mầm non; báo cáo này là cấp {report.meta.school_level.label.lower()} "
            "nên các chỉ tiêu này sẽ không in. Hãy xóa chúng.",
        )
    else:
        _check_pupil_targets(report, found)
    if c is None:
        return
    if report.meta.school_level is not SchoolLevel.PRESCHOOL:
        if not c.model_dump(exclude_none=True, exclude_defaults=True):
            return  # the block left empty, as a starter file has it
        found.warn(
            "children",
            f"{_q('children')} chỉ dành cho trường mầm non; báo cáo này là cấp "
            f"{report.meta.school_level.label.lower()} nên phần này sẽ không in. Hãy xóa các số liệu "
            "của trẻ, hoặc chọn lại cấp học nếu trường là trường mầm non.",
        )
        return
    if c.nursery is not None and c.kindergarten is not None and c.children is not None \
            and c.nursery + c.kindergarten != c.children:
        found.error(
            "children.children",
            f"{_q('children.nursery')} ({c.nursery}) cộng {_q('children.kindergarten')} "
            f"({c.kindergarten}) là {c.nursery + c.kindergarten}, khác {_q('children.children')} "
            f"({c.children}). Hãy sửa cho khớp.",
        )
    for part in ("nursery", "kindergarten"):
        _part_of(c, "children", part, "children", found)
    if c.five_year_olds is not None and c.kindergarten is not None and c.five_year_olds > c.kindergarten:
        found.error(
            "children.five_year_olds",
            f"{_q('children.five_year_olds')} ({c.five_year_olds}) lớn hơn {_q('children.kindergarten')} "
            f"({c.kindergarten}): trẻ 5 tuổi học các lớp mẫu giáo. Hãy sửa lại.",
        )
    _check_children_period(c, "children", found)
    if c.last_year is not None:
        _check_children_period(c.last_year, "children.last_year", found)
    if report.school.students is not None and c.children is not None and report.school.students != c.children:
        found.warn(
            "children.children",
            f"{_q('children.children')} ({c.children}) khác {_q('school.students')} "
            f"({report.school.students}) ở phần đặc điểm nhà trường. Hãy kiểm tra lại một trong hai số.",
        )


def _part_of(period, base: str, part: str, whole: str, found: _Findings) -> None:
    """A count within ``period`` (at ``base``) not over the count it is part of."""
    data = period.model_dump()
    value, of = fieldpaths.get(data, part), fieldpaths.get(data, whole)
    if value is not None and of is not None and value > of:
        found.error(
            f"{base}.{part}",
            f"{_q(f'{base}.{part}')} ({value}) lớn hơn {_q(f'{base}.{whole}')} ({of}). "
            "Hãy sửa lại cho không vượt quá.",
        )


def _check_children_period(period, base: str, found: _Findings) -> None:
    for part, whole in (("boarding", "children"), ("weight.measured", "children"), ("height.measured", "children"),
                        ("completed", "five_year_olds"), ("five_year_olds", "children")):
        _part_of(period, base, part, whole, found)
    for measure, channels in (("weight", ("normal", "underweight", "overweight")), ("height", ("normal", "stunted"))):
        group = getattr(period, measure)
        given = {name: getattr(group, name) for name in channels if getattr(group, name) is not None}
        measured_path = f"{base}.{measure}.measured"
        if not given:
            continue
        if group.measured is None:
            found.error(
                measured_path,
                f"Chưa nhập {_q(measured_path)}: các tỷ lệ {', '.join(_q(f'{base}.{measure}.{n}') for n in given)} "
                "được tính trên số này. Hãy ghi số trẻ được cân, đo ở lần cân đo cuối năm học.",
            )
            continue
        total = sum(given.values())
        names = " + ".join(_q(f"{base}.{measure}.{n}") for n in given)
        if len(given) == len(channels) and total != group.measured:
            found.error(
                f"{base}.{measure}.normal",
                f"{names} = {total} trẻ, khác {_q(measured_path)} ({group.measured}). Mỗi trẻ ở đúng một kênh: "
                "hãy sửa cho tổng các kênh bằng số trẻ được cân, đo.",
            )
        elif total > group.measured:
            found.error(
                f"{base}.{measure}.normal",
                f"{names} = {total} trẻ, nhiều hơn {_q(measured_path)} ({group.measured}). Hãy sửa lại các kênh.",
            )


def _at_most_end(path: str, value: int | None, end: int, found: _Findings) -> None:
    if value is not None and value > end:
        found.error(
            path,
            f"{_q(path)} ({value}) lớn hơn {_q('members.end_of_year')} ({end}). "
            "Hãy sửa lại cho không vượt quá tổng số đảng viên.",
        )


# --- students -----------------------------------------------------------------


def _check_students(report: Report, found: _Findings) -> None:
    students = report.students
    scale = resolved_scale(report)
    level = report.meta.school_level
    if scale is None:
        if students.assessed is not None:
            found.warn(
                "students",
                "Trường mầm non không xếp loại học sinh theo thang của Bộ: số liệu "
                f"{_q('students').lower()} sẽ không in. Hãy ghi số liệu của trẻ "
                f"vào {_q('children')}.",
            )
        return
    expected = default_scale(level, report.year)
    # In a year when the grades were on two circulars either scale is right for some grades.
    in_force = set(grade_scales(level, report.year).values()) or {expected}
    if students.scale is not None and expected is not None and scale not in in_force:
        found.warn(
            "students.scale",
            f"Năm {report.year}, cấp {level.label.lower()} đánh giá học sinh theo "
            f"{expected.source}; báo cáo đang chọn {scale.source}. Hãy kiểm tra lại, hoặc bỏ "
            f"chọn {_q('students.scale')} để chibo dùng thang đúng quy định.",
        )
    if students.assessed is None:
        found.error(
            "students.assessed",
            f"Chưa nhập {_q('students.assessed')}: hãy ghi tổng số học sinh được đánh giá "
            "cuối năm học.",
        )
    _check_period(students, "students", scale, found, required=True)
    _check_grade_groups(report, found)
    if students.last_year is not None:
        _check_period(students.last_year, "students.last_year", last_year_scale(report), found, required=False)
    area = students.area
    if area is not None:
        for dim in scale.dimensions:
            values = getattr(area, dim.key)
            path = f"students.area.{dim.key}"
            _unknown_codes(values, dim.levels, path, found)
            total = sum(values.values())
            if values and abs(total - 100) > 0.5:
                found.warn(
                    path,
                    f"Các tỷ lệ {dim.label.lower()} của mặt bằng chung cộng lại được "
                    f"{format_int(round(total))}%, không phải 100%. Hãy kiểm tra số liệu địa bàn.",
                )
            if values and not dim.required and not getattr(students, dim.key):
                # printed only beside the school's own figures, which this scale does not have
                found.warn(
                    path,
                    f"{_q(path)} không được in: báo cáo không có {dim.label.lower()} của trường để so sánh "
                    f"({scale.source} đánh giá riêng từng phẩm chất, năng lực). Hãy xóa các ô này.",
                )


def _check_grade_groups(report: Report, found: _Findings) -> None:
    in_force = set(grade_scales(report.meta.school_level, report.year).values())
    for i, group in enumerate(report.students.groups):
        base = f"students.groups[{i}]"
        which = group.grades or "các khối còn lại"
        scale = group_scale(report, group)
        if in_force and scale not in in_force:
            names = " và ".join(sorted(s.source for s in in_force))
            found.warn(
                f"{base}.scale",
                f"Năm học {report.year - 1}-{report.year}, {report.meta.school_level.label.lower()} "
                f"đánh giá học sinh theo {names}; {_q(base + '.scale')} của {which} là "
                f"{scale.source}. Hãy kiểm tra lại thang của khối này.",
            )
        if group.assessed is None:
            found.error(
                f"{base}.assessed",
                f"Chưa nhập {_q(base + '.assessed')} của {which}: hãy ghi số học sinh "
                "được đánh giá của các khối này, hoặc xóa nhóm.",
            )
        _check_period(group, base, scale, found, required=True)


def _check_period(
    period: StudentPeriod, base: str, scale, found: _Findings, *, required: bool
) -> None:
    assessed = period.assessed
    if not required and assessed is None:
        found.error(
            f"{base}.assessed",
            f"Chưa nhập {_q(base + '.assessed')} của {_q(base).lower()}: cần để tính tỷ lệ so sánh.",
        )
    for dim in scale.dimensions:
        counts = getattr(period, dim.key)
        path = f"{base}.{dim.key}"
        if not _unknown_codes(counts, dim.levels, path, found):
            continue
        if not counts:
            if required and dim.required:
                found.error(
                    path,
                    f"Chưa nhập {dim.label.lower()} ({_q(path)}): hãy ghi số học sinh ở mỗi "
                    f"mức {_names(dim.levels)}.",
                )
            continue
        total = sum(counts.values())
        if assessed is not None and total != assessed:
            detail = " + ".join(f"{dim.level_label(c)} {counts.get(c, 0)}" for c in dim.codes)
            found.error(
                path,
                f"{dim.label} ({_q(path)}): {detail} = {total}, khác {_q(base + '.assessed')} "
                f"({assessed}). Hãy sửa để tổng các mức bằng số học sinh được đánh giá.",
            )
    _check_qualities(period, base, scale, found)
    titles_path = f"{base}.titles"
    known_titles = _unknown_codes(period.titles, scale.titles, titles_path, found)
    if known_titles and scale.code == "tt22":
        _check_titles_need_good(period, base, scale, found)
    if known_titles and assessed is not None:
        total = sum(period.titles.values())
        if total > assessed:
            found.error(
                titles_path,
                f"Tổng {_q(titles_path).lower()} ({total}) lớn hơn số học sinh được đánh giá "
                f"({assessed}). Mỗi học sinh chỉ nhận một danh hiệu; hãy sửa lại.",
            )


def _check_qualities(period: StudentPeriod, base: str, scale, found: _Findings) -> None:
    """Each quality given is a count of every pupil at Tốt, Đạt or Cần cố gắng; a single
    per-pupil level does not exist where the circular rates the qualities one by one."""
    path = f"{base}.qualities"
    where = "Tiểu học, Thông tư 27/2020 và 30/2014"
    if scale.qualities and period.conduct:
        found.warn(
            f"{base}.conduct",
            f"{scale.source} đánh giá riêng từng phẩm chất, năng lực (mỗi phẩm chất, năng lực ở mức "
            f"Tốt, Đạt hoặc Cần cố gắng), không có một mức «{scale.conduct.label}» chung cho mỗi học "
            f"sinh. Số liệu {_q(base + '.conduct').lower()} vẫn được in; hãy nhập số học sinh theo từng "
            f"phẩm chất, năng lực ở {_q(path)} (bước Học sinh), rồi xóa các ô này.",
            f"Trong tệp: xóa {base}.conduct, ghi {path}, ví dụ yeu_nuoc: {{tot: 600, dat: 80, can_co_gang: 4}}.",
        )
    if not period.qualities:
        return
    if not scale.qualities:
        found.error(
            path,
            f"{_q(path)} chỉ dùng cho {where}; {scale.source} không đánh giá như vậy. Hãy xóa các số này.",
        )
        return
    level_codes = tuple(code for code, _ in QUALITY_LEVELS)
    for code, counts in period.qualities.items():
        quality = scale.quality(code)
        if quality is None:
            known = ", ".join(q.label for q in scale.qualities)
            found.error(
                f"{path}.{code}",
                f"{_q(path)} có «{level_name('qualities', code)}», không thuộc {scale.source} "
                f"(có thể còn lại từ thông tư khác). Các phẩm chất, năng lực của thông tư này: {known}. "
                "Hãy chuyển số đó sang đúng phẩm chất, năng lực, hoặc xóa đi.",
                f"Trong tệp: mã «{code}» không có; các mã hợp lệ: {', '.join(q.code for q in scale.qualities)}.",
            )
            continue
        name = f"{quality.group.capitalize()} «{quality.label}»"
        unknown = [level for level in counts if level not in level_codes]
        for level in unknown:
            found.error(
                f"{path}.{code}.{level}",
                f"{name} có số ở mức «{level_name('conduct', level)}», không phải một mức của "
                f"{scale.source}. Hãy chuyển số đó sang một trong các mức {_names(QUALITY_LEVELS)}, hoặc xóa đi.",
                f"Trong tệp: mức «{level}» không có; các mã hợp lệ: {', '.join(level_codes)}.",
            )
        if unknown or period.assessed is None:
            continue
        total = sum(counts.values())
        if total != period.assessed:
            detail = " + ".join(f"{label} {counts.get(c, 0)}" for c, label in QUALITY_LEVELS)
            found.error(
                f"{path}.{code}",
                f"{name}: {detail} = {total}, khác {_q(base + '.assessed')} ({period.assessed}). "
                f"Mỗi học sinh được đánh giá ở đúng một mức của {quality.group} này; hãy sửa để tổng "
                "các mức bằng số học sinh được đánh giá.",
            )


def _check_titles_need_good(period: StudentPeriod, base: str, scale, found: _Findings) -> None:
    """Under TT22 both Học sinh Xuất sắc and Học sinh Giỏi need học tập Tốt and rèn luyện
    Tốt, so together they cannot outnumber either Tốt count."""
    titled = sum(period.titles.values())
    if not titled:
        return
    names = " + ".join(f"{label} {period.titles.get(code, 0)}" for code, label in scale.titles)
    for dim in scale.dimensions:
        counts = getattr(period, dim.key)
        if not counts or "tot" not in dim.codes:
            continue
        good = counts.get("tot", 0)
        if titled > good:
            found.error(
                f"{base}.titles",
                f"{_q(base + '.titles')}: {names} = {titled}, nhiều hơn số học sinh có "
                f"{dim.label.lower()} «Tốt» ({good}). Theo {scale.source}, danh hiệu Học sinh Xuất "
                f"sắc và Học sinh Giỏi chỉ xét cho học sinh có kết quả học tập và rèn luyện «Tốt»; "
                "hãy sửa số danh hiệu hoặc số ở mức «Tốt».",
            )
            return


def _unknown_codes(values: dict, levels, path: str, found: _Findings) -> bool:
    """Levels that are not of the scale in use (typed in a file, or left from another scale)."""
    codes = tuple(code for code, _ in levels)
    unknown = [code for code in values if code not in codes]
    for code in unknown:
        other = level_name(str(fieldpaths.parts(path)[-1]), code)
        found.error(
            f"{path}.{code}",
            f"{_q(path)} có số ở mức «{other}», không thuộc thang đánh giá đang dùng "
            f"(có thể còn lại từ thang khác). Hãy chuyển số đó sang một trong các mức "
            f"{_names(levels)}, hoặc xóa đi.",
            f"Trong tệp: mức «{code}» không có; các mã hợp lệ: {', '.join(codes)}.",
        )
    return not unknown


# --- classification -----------------------------------------------------------


def _check_classification(report: Report, figures: Figures, found: _Findings) -> None:
    c = figures.classification
    if not c.entered:
        found.error(
            "classification",
            f"Chưa nhập kết quả {_q('classification').lower()} đảng viên: hãy ghi số đảng viên "
            "ở từng mức (ghi 0 nếu không có).",
        )
        return
    members = c.members
    if members is not None:
        if c.rated > members:
            found.error(
                "classification",
                f"Số đảng viên được xếp loại ({c.rated}) lớn hơn {_q('members.end_of_year')} "
                f"({members}). Hãy sửa số ở các mức xếp loại.",
            )
        elif c.rated + c.not_rated != members:
            gap = members - c.rated - c.not_rated
            found.error(
                "classification.not_rated",
                f"Chi bộ có {members} đảng viên, đã xếp loại {c.rated}, ghi không xếp loại "
                f"{c.not_rated}: "
                + (
                    f"còn {gap} đảng viên chưa rõ. Hãy ghi họ vào một mức, hoặc vào "
                    f"{_q('classification.not_rated')} kèm lý do."
                    if gap > 0
                    else f"thừa {-gap}. Hãy sửa số không xếp loại."
                ),
            )
    excellent, good = report.classification.excellent or 0, report.classification.good or 0
    if excellent and report.year >= CAP_SINCE and Decimal(excellent) > EXCELLENT_SHARE_OF_GOOD * good:
        found.warn(
            "classification.excellent",
            f"{excellent} đảng viên {_q('classification.excellent').lower()}, vượt 20% số "
            f"đảng viên hoàn thành tốt nhiệm vụ ({good}) theo {classification_rule(report.year)}. Hãy kiểm "
            "tra lại kết quả xếp loại.",
        )
    classification = report.classification
    if classification.cell_rating is None and classification.cell_title is None:
        found.error(
            "classification.cell_rating",
            f"Chưa nhập {_q('classification.cell_rating')}: hãy chọn một mức "
            f"({', '.join(f'«{r.label}»' for r in Rating)}), hoặc ghi "
            f"{_q('classification.cell_title')} nếu báo cáo theo quy định cũ.",
            f"Trong tệp: cell_rating là {', '.join(r.value for r in Rating)}.",
        )


# --- targets ------------------------------------------------------------------


def _check_targets(report: Report, found: _Findings) -> None:
    t = report.targets
    party = t.party
    low, high = party.new_members_min, party.new_members_max
    if low is not None and high is not None and low > high:
        found.error(
            "targets.party.new_members_max",
            f"{_q('targets.party.new_members_min')} ({low}) lớn hơn "
            f"{_q('targets.party.new_members_max')} ({high}). Hãy đổi lại hai số.",
        )
    _check_excellent_target(report, found)
    empty = [] if report.meta.school_level is SchoolLevel.PRESCHOOL else [
        f"targets.{group}.{name}"
        for group, names in (
            ("students", ("gifted", "promotion_rate")),
            ("teachers", ("emulation_fighters", "advanced_workers", "good_teachers")),
        )
        for name in names
        if getattr(getattr(t, group), name) is None
    ]
    if low is None and high is None and len(empty) == 5:
        # none given at all: one cảnh báo naming what to enter, not one per line
        found.warn(
            "targets",
            f"Chưa có chỉ tiêu nào cho năm {report.next_year}: các dòng chỉ tiêu sẽ không in. Nếu chi bộ "
            f"đã thống nhất chỉ tiêu, hãy ghi {', '.join(_q(path) for path in empty)}, "
            f"{_q('targets.party.new_members_min')} và {_q('targets.party.new_members_max')}.",
            "Trong tệp: targets.students (gifted, promotion_rate), targets.teachers (emulation_fighters, "
            "advanced_workers, good_teachers), targets.party (new_members_min, new_members_max).",
        )
        return
    if low is None and high is None:
        found.warn(
            "targets.party.new_members_min",
            f"Chưa có chỉ tiêu kết nạp đảng viên mới năm {report.next_year}: hãy ghi "
            f"{_q('targets.party.new_members_min')} và {_q('targets.party.new_members_max')}.",
        )
    for path in empty:
        found.warn(
            path,
            f"Chưa có chỉ tiêu {_q(path)} cho năm {report.next_year}: dòng này sẽ không in. "
            "Hãy ghi số nếu chi bộ đã thống nhất chỉ tiêu.",
        )


def _check_excellent_target(report: Report, found: _Findings) -> None:
    """The 20% cap on HTXSNV members (of those rated HTTNV) applies to a target too:
    T excellent members need at least 5T rated good, so T + 5T cannot exceed the cell."""
    target = report.targets.party.excellent_members
    members = member_figures(report)["end_of_year"]
    if not target or not members or report.next_year < CAP_SINCE:
        return
    most = int(members / (1 + 1 / EXCELLENT_SHARE_OF_GOOD))
    if target > most:
        path = "targets.party.excellent_members"
        found.warn(
            path,
            f"{_q(path)} là {target}, nhưng số đảng viên hoàn thành xuất sắc nhiệm vụ không quá "
            f"20% số đảng viên hoàn thành tốt nhiệm vụ ({classification_rule(report.next_year)}): "
            f"{target} đồng chí cần ít nhất {target * 5} đồng chí hoàn thành tốt nhiệm vụ, mà chi bộ "
            f"có {members} đảng viên, nên chỉ tiêu nhiều nhất là {most}. Hãy giảm chỉ tiêu.",
        )


def _derived_source(report: Report, key: str) -> str | None:
    """The figure a derived target result comes from, to ask for when it is missing."""
    if key == "party.new_members_min":
        return "members.admitted"
    if key == "party.excellent_members":
        return "classification.excellent"
    if key == "students.conduct_good_rate":
        scale = resolved_scale(report)
        # Rated quality by quality (TT27, TT30): the result is the qualities' lowest share at Tốt.
        return "students.qualities" if scale is not None and scale.qualities else "students.conduct"
    return None


def _check_target_results(report: Report, figures: Figures, found: _Findings) -> None:
    errors_at = {p.path for p in found.problems if p.severity is Severity.ERROR}
    for row in figures.targets:
        source = _derived_source(report, row.key)
        if row.result is None and source is not None:
            # An error already asks for the figure (no classification, no students' results).
            if not any(source == e or source.startswith(e + ".") for e in errors_at):
                found.warn(
                    source,
                    f"Năm nay có chỉ tiêu «{row.label}» ({row.target_text}) nhưng chưa có {_q(source)}: "
                    "kết quả sẽ in là «chưa có số liệu». Hãy ghi số để chibo đánh giá đạt hay chưa đạt.",
                )
        elif row.result is None and row.key.startswith("children."):
            source = next(f"children.{src}" for key, _, src, _ in CHILD_TARGETS if row.key == f"children.{key}")
            found.warn(
                source,
                f"Năm nay có chỉ tiêu «{row.label}» ({row.target_text}) nhưng chưa có {_q(source)}"
                f"{' và số trẻ tính tỷ lệ' if source != 'children.attendance_rate' else ''}: "
                "hãy ghi để chibo đánh giá đạt hay chưa đạt.",
            )
        elif row.result is None and row.key == "party.awareness_class":
            found.warn(
                "members.development.awareness_class",
                f"Năm nay có chỉ tiêu «{row.label}» ({row.target_text}) nhưng chưa có "
                f"{_q('members.development.awareness_class')}: hãy ghi để chibo đánh giá đạt hay chưa đạt.",
            )
        elif row.result is None:
            path = f"target_results.{row.key.split('.', 1)[1]}"
            found.warn(
                path,
                f"Năm nay có chỉ tiêu «{row.label}» ({row.target_text}) nhưng chưa có "
                f"{_q(path)}: hãy ghi kết quả để chibo đánh giá đạt hay chưa đạt.",
            )


# Levels that keep a student from moving up (lên lớp thẳng, or hoàn thành chương trình lớp
# học at primary): TT58 học lực/hạnh kiểm Yếu, Kém; TT22 Chưa đạt; TT27 Chưa hoàn thành.
_NOT_PROMOTED = {"yeu", "kem", "chua_dat", "chua_hoan_thanh"}
# Scales whose rèn luyện decides promotion too; at primary only the learning result does.
_CONDUCT_DECIDES = {"tt58", "tt22"}


def promotion_bounds(period: StudentPeriod, scale) -> tuple[int, int] | None:
    """The fewest and most students who can have moved up, from the level counts.

    Each dimension gives how many passed it; who failed both cannot be told from the
    totals, so with both dimensions the count is known only between two bounds."""
    n = period.assessed
    if not n:
        return None
    passed = []
    for key in _promotion_keys(scale):
        counts = getattr(period, key)
        if not counts or sum(counts.values()) != n:
            return None  # missing or inconsistent: its own check speaks
        passed.append(sum(v for code, v in counts.items() if code not in _NOT_PROMOTED))
    return max(0, sum(passed) - (len(passed) - 1) * n), min(passed)


def _check_promotion_rate(report: Report, found: _Findings) -> None:
    typed = report.target_results.promotion_rate
    scale = resolved_scale(report)
    if typed is None or scale is None:
        return
    bounds = promotion_bounds(report.students, scale)
    if bounds is None:
        return
    n = report.students.assessed
    low, high = (Decimal(b) * 100 / n for b in bounds)
    # As typed: 98,5 stands for anything that rounds to it.
    rate = Decimal(repr(float(typed)))
    decimals = max(-rate.normalize().as_tuple().exponent, 0)
    slack = Decimal("0.5") * Decimal(10) ** -decimals
    if low - slack <= rate <= high + slack:
        return
    path = "target_results.promotion_rate"
    if bounds[0] == bounds[1]:
        count, span = f"{bounds[0]}", _plain_percent(low)
    else:
        count, span = f"từ {bounds[0]} đến {bounds[1]}", f"từ {_plain_percent(low)} đến {_plain_percent(high)}"
    failing = ", ".join(dict.fromkeys(
        f"«{label}»" for dim in scale.dimensions if dim.key in _promotion_keys(scale)
        for code, label in dim.levels if code in _NOT_PROMOTED
    ))
    found.error(
        path,
        f"{_q(path)} là {_plain_percent(rate)}, nhưng theo kết quả học sinh có {count} trên {n} "
        f"em không ở mức {failing}, nên tỷ lệ này phải là {span}. Hãy sửa tỷ lệ hoặc số học "
        "sinh ở các mức cho khớp.",
    )


def _promotion_keys(scale) -> tuple[str, ...]:
    return ("learning", "conduct") if scale.code in _CONDUCT_DECIDES else ("learning",)


def _plain_percent(value: Decimal) -> str:
    text = format_decimal(value, 2)
    return (text.rstrip("0").rstrip(",") if "," in text else text) + "%"


# --- blanks left in text ------------------------------------------------------


def _check_blanks(model: BaseModel, base: str, found: _Findings) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{base}.{name}" if base else name
        _blank_in(value, path, found)


def _blank_in(value, path: str, found: _Findings) -> None:
    if isinstance(value, BaseModel):
        _check_blanks(value, path, found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _blank_in(item, f"{path}[{i}]", found)
    elif isinstance(value, str) and BLANK.search(value):
        snippet = _around(value, BLANK.search(value).start())
        found.error(
            path,
            f"{_q(path)} còn chỗ trống «{snippet}»: hãy điền nội dung thay cho dấu chấm "
            "lửng, hoặc xóa phần đó.",
        )


def _around(text: str, at: int, width: int = 30) -> str:
    start, end = max(0, at - width), min(len(text), at + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# --- narrative carried over from last year --------------------------------------

# "năm 2026", "năm học 2025-2026", "năm học 2025 – 26" (case-insensitive: "Năm 2026, …").
_YEAR_MENTION = re.compile(
    r"\bnăm(?P<school>\s+học)?\s+(?P<first>\d{4})(?:\s*[-–—]\s*(?P<second>\d{4}|\d{2})\b)?(?!\d)",
    re.IGNORECASE,
)
# Words before a year that make it a comparison, a starting point or a document's date, not
# the year the paragraph is about: "so với (kết quả) năm 2026", "cùng kỳ năm học 2025-2026"
# anywhere earlier in the clause; "tốt hơn năm 2026", "từ năm 2020", "ngày 05 tháng 01
# năm 2026" just before it ("hơn 20 đảng viên trong năm 2026" is not a comparison).
_COMPARED = re.compile(r"\b(?:so|cùng\s+k[ỳì])\b", re.IGNORECASE)
_JUST_BEFORE = re.compile(
    r"(?:\b(?:hơn|kém|như|bằng|từ|đến|tới|trước|sau)|\btháng\s+\d{1,2})\s*$", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[.;:!?()\n]")
_LOOK_BACK = 30  # characters: "so với kết quả năm 2026" still reads as a comparison


def stale_year_mentions(text: str, year: int) -> list[str]:
    """The words of ``text`` that speak of last year as if it were this one, in a report of ``year``.

    A report of year N copied from N−1 keeps the words of N−1: "năm N−1" (the year the
    old report was about) and "năm học (N−2)-(N−1)" (the school year it ended). Those are
    flagged unless the words before make them a comparison, a starting point or a date
    (``_COMPARED``, ``_JUST_BEFORE``, within the same clause). Older years are left alone:
    they are usually history ("thành lập năm 1998", "đạt chuẩn quốc gia năm 2019"), and a
    term like "nhiệm kỳ 2025-2030" has no "năm" before it. This year, next year and the
    school years N−1-N and N-(N+1) are always right.
    """
    found: list[str] = []
    for match in _YEAR_MENTION.finditer(text):
        first, second = int(match["first"]), match["second"]
        if second is not None:
            end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
            if end != first + 1:
                continue  # "năm 2021-2025": a period, not a school year
            stale = end == year - 1
        elif match["school"]:
            stale = False  # "năm học 2026" alone is not a school year's name
        else:
            stale = first == year - 1
        if not stale:
            continue
        before = text[max(0, match.start() - _LOOK_BACK) : match.start()]
        clause = _CLAUSE_END.split(before)[-1]
        if _COMPARED.search(clause) or _JUST_BEFORE.search(clause):
            continue
        words = match.group(0)
        if words not in found:
            found.append(words)
    return found


def _paragraphs_of(report: Report):
    """(path, text) of every paragraph field the report has text in and prints (not left out)."""
    for path in NARRATIVE_PATHS:
        if is_left_out(report, path):
            continue
        node = report
        for name in fieldpaths.names(path):
            node = getattr(node, name, None)
        if node:
            yield path, "\n".join(node)


def _check_narrative(report: Report, found: _Findings) -> None:
    marked = set(report.carried_over)
    for path, text in _paragraphs_of(report):
        if path in marked:
            found.warn(
                path,
                f"{_q(path)} được chép từ báo cáo năm {report.year - 1} và chưa được xem lại: "
                f"hãy sửa cho đúng năm {report.year}, hoặc xác nhận «Giữ nguyên» nếu vẫn đúng.",
            )
        stale = stale_year_mentions(text, report.year)
        if stale:
            words = ", ".join(f"«{w}»" for w in stale)
            found.warn(
                path,
                f"{_q(path)} nhắc {words}, có vẻ còn từ báo cáo năm trước: báo cáo này là năm "
                f"{report.year} (năm học {report.year - 1}-{report.year}). Hãy sửa lại nếu đoạn "
                "văn nói về năm nay.",
            )


# --- spelling -------------------------------------------------------------------


def _typed_texts(report: Report):
    """(path, text) of everything printed as the user typed it: paragraphs, results, the
    structure's lines, titles and extra sections."""
    yield from _paragraphs_of(report)
    if report.achievements and not is_left_out(report, "achievements"):
        yield "achievements", "\n".join(report.achievements)
    for name in ("increase_note", "decrease_note"):
        if getattr(report.members, name):
            yield f"members.{name}", getattr(report.members, name)
    structure = report.structure
    if structure.grounds:
        yield "structure.grounds", "\n".join(structure.grounds)
    if structure.title:
        yield "structure.title", structure.title
    for i, renamed in enumerate(structure.headings):
        yield f"structure.headings[{i}].title", renamed.title
    for i, extra in enumerate(structure.extra):
        yield f"structure.extra[{i}].title", extra.title
        yield f"structure.extra[{i}].paragraphs", "\n".join(extra.paragraphs)


def _check_spelling(report: Report, found: _Findings) -> None:
    try:
        for path, text in _typed_texts(report):
            for slip in misspellings(text):
                if slip.suggestions:
                    offered = ", ".join(f"«{s}»" for s in slip.suggestions)
                    fix = f"có phải là {offered}? Hãy sửa lại nếu gõ nhầm."
                else:
                    fix = "không có trong từ điển tiếng Việt: hãy xem lại chữ này."
                what = {"syllable": "có âm tiết viết sai", "word": "có từ có thể viết sai"}.get(
                    slip.kind, "có tên riêng viết hoa chưa đúng"
                )
                found.warn(path, f"Chính tả: {_q(path)} {what} «{slip.words}» — {fix}")
    except DictionaryMissing as exc:
        found.warn("", f"Không kiểm tra được chính tả: {exc}. Hãy cài gói hunspell-vi.")
