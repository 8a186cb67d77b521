"""The report's structure: turns a report and its figures into a document.

This is the one place that knows which sections the report has, in which
order, and how its figures are worded.
"""

from __future__ import annotations

from .defaults import cell_display_name, committee_body, narrative
from . import charts, letterhead
from .document import Closing, Column, Document, Figure, Masthead, Paragraph, Run, Table
from .children import ChildFigures
from .figures import (
    CHILD_TARGETS,
    child_target_text,
    student_target_labels,
    DimensionFigures,
    Figures,
    QualityFigures,
    StudentFigures,
    compute,
    describe_change,
    describe_gap,
    format_amount,
    percent,
)
from .labels import SchoolLevel, SignerRole
from .members import DECREASES, INCREASES, MOVEMENT_WORDS
from .regulations import contest_level_name, rating_word
from .profiles import Profile, load_profile
from .model import ACHIEVEMENTS, Report, field_label, is_left_out, symbol_text
from .vietnamese import format_count, format_decimal, format_int, format_percent, lower_first
from .scales import scale_changed_sentence

P = Paragraph.of
POINTS = "điểm phần trăm"  # in words, as the format guide writes units
# The seed template's goal for every member (Phần thứ hai, công tác Đảng), unless the cell writes its own.
MEMBERS_GOAL = "100% đảng viên hoàn thành tốt nhiệm vụ"
ROMAN = ("I", "II", "III", "IV", "V", "VI")




def compose(report: Report, figures: Figures | None = None, *, charts: bool = True,
            profile: Profile | None = None) -> Document:
    """The report as a document; chart sizes and column weights come from the format profile."""
    figures = figures or compute(report)
    builder = _Builder(report, figures, charts, profile or load_profile())
    return builder.document()



def describe_movement(counts, increase_note: str | None = None, decrease_note: str | None = None) -> str:
    """The year's movements in words, increases then decreases, as real reports group them:
    "tăng 03 đồng chí (kết nạp mới 02, chuyển đến 01), giảm 01 đồng chí (chuyển đi)". The
    cell's own note on a side (Members.increase_note, decrease_note) stands in the brackets:
    "giảm 02 đồng chí (01 chuyển công tác, 01 chuyển về sinh hoạt tại địa phương)"."""
    groups = []
    for word, names, note in (("tăng", INCREASES, increase_note), ("giảm", DECREASES, decrease_note)):
        moves = [(MOVEMENT_WORDS[name], counts[name]) for name in names if counts[name]]
        if moves:
            kinds = moves[0][0] if len(moves) == 1 else ", ".join(f"{w} {format_count(n)}" for w, n in moves)
            groups.append(f"{word} {format_count(sum(n for _, n in moves))} đồng chí ({note or kinds})")
    return ", ".join(groups) or "không có biến động"

class _Builder:
    def __init__(self, report: Report, figures: Figures, charts: bool, profile: Profile) -> None:
        self.r = report
        self.f = figures
        self.charts = charts
        self.sizes = profile.charts
        self.weights = profile.columns
        # The cell's own section titles (structure.headings), by section path.
        self.renamed = {row.section.value: row.title for row in report.structure.headings}
        self.body: list = []
        self.tables = 0
        self.figures = 0

    # -- helpers --------------------------------------------------------------

    def add(self, *blocks) -> None:
        self.body.extend(blocks)

    def text(self, path: str) -> None:
        self.add(*(P(t) for t in narrative(self.r, path)))

    def heading(self, text: str, level: int) -> None:
        self.add(P(text, f"heading_{level}"))

    def _captured(self, build) -> list:
        """The blocks ``build`` adds, taken back out of the body."""
        start = len(self.body)
        build()
        blocks = self.body[start:]
        del self.body[start:]
        return blocks

    def sections(self, level: int, items, *, numbered: bool = True) -> None:
        """Headings of one level, each followed by what its builder adds: (path, title, build)
        or (path, title, build, kept). A section left out (Report.left_out) or left with
        nothing is dropped, heading and all, and the ones after it renumbered. The cell may
        rename a section (structure.headings) and add its own after one (structure.extra),
        at that section's level and in its numbering."""
        structure = self.r.structure
        number = 0
        for path, title, build, *kept in items:
            entries = []
            if not (path and is_left_out(self.r, path)):
                blocks = self._captured(build)
                if blocks or kept:
                    entries.append((self.renamed.get(path, title), blocks))
            entries += [(extra.title, [P(t) for t in extra.paragraphs])
                        for extra in structure.extra if path and extra.after.value == path]
            for title, blocks in entries:
                self._numbered(level, number := number + 1, title, blocks, numbered)

    def _numbered(self, level: int, number: int, title: str, blocks: list, numbered: bool) -> None:
        if numbered:
            title = f"{_roman(number) if level == 2 else number}. {title}"
        self.heading(title, level)
        self.add(*blocks)

    def part(self, path: str, name: str, title: str, build) -> None:
        """A «Phần»: its two heading lines, unless everything in it was left out; the cell
        may retitle the second line (structure.headings, path part_one or part_two)."""
        blocks = self._captured(build)
        if blocks:
            self.heading(name, 1)
            self.add(P(self.renamed.get(path, title), "heading_1_title"), *blocks)

    def table(self, caption: str, columns: list[Column], rows: list[list[str]], bold_rows=()):
        self.tables += 1
        self.add(Table(columns, rows, f"Bảng {self.tables}. {caption}", frozenset(bold_rows)))

    def pct(self, value) -> str:
        return self.f.pct(value)

    def chart(self, caption: str, png: bytes, height_mm: float) -> None:
        self.figures += 1
        self.add(Figure(png, 1.0, height_mm / self.sizes.width_mm, f"Biểu đồ {self.figures}. {caption}"))

    # -- the document ---------------------------------------------------------

    def document(self) -> Document:
        r = self.r
        own_title = _own_title(r.structure.title)
        self.add(
            P("Báo cáo", "title"),
            Paragraph(
                _title_lines(own_title) if own_title else [
                    Run(f"Tổng kết công tác xây dựng Đảng năm {r.year}"),
                    Run("\n"),
                    Run(f"và phương hướng, nhiệm vụ năm {r.next_year}"),
                ],
                "subtitle",
            ),
            P("-----", "title_rule"),
        )
        self.add(*(P(f"Căn cứ {_ground(g)};") for g in r.structure.grounds))
        self.text("opening")
        for extra in r.structure.extra:
            if extra.after.value == "narrative.opening":
                self.heading(extra.title, 2)
                self.add(*(P(t) for t in extra.paragraphs))
        self.part_one()
        self.part_two()
        cell = cell_display_name(r.meta.cell_name)
        what = (lower_first(own_title) if own_title else
                f"tổng kết công tác xây dựng Đảng năm {r.year} và phương hướng, nhiệm vụ năm {r.next_year}")
        self.add(P(f"Trên đây là báo cáo {what} của {cell}./."))
        return Document(
            masthead=self.masthead(),
            body=self.body,
            closing=self.closing(),
            title=f"Báo cáo {lower_first(own_title)}" if own_title else f"Báo cáo tổng kết công tác xây dựng Đảng năm {r.year}",
            author=cell,
        )

    def masthead(self) -> Masthead:
        meta = self.r.meta
        return letterhead.masthead(
            meta.party_committee, cell_display_name(meta.cell_name), meta.number,
            symbol_text(self.r.structure.symbol),
            meta.place, meta.date,
        )

    def closing(self) -> Closing:
        meta = self.r.meta
        recipients = meta.recipients or [
            f"{committee_body(meta.party_committee)} (để báo cáo)",
            "Lưu Chi bộ",
        ]
        position = "Bí thư" if meta.signer_role is SignerRole.SECRETARY else "Phó Bí thư"
        return letterhead.closing(recipients, "T/M Chi bộ", position, meta.signer_name)

    # -- Phần thứ nhất --------------------------------------------------------

    def part_one(self) -> None:
        r = self.r
        t = self.text

        def situation() -> None:
            self.members()
            self.sections(3, [_leaf("situation.advantages", t), _leaf("situation.difficulties", t)])

        def professional() -> None:
            t("results.professional")
            if self.f.students is not None:
                self.student_results(self.f.students)
            if self.f.children is not None:
                self.children(self.f.children)

        def party_building() -> None:
            t("results.party_building")
            if development := self.development_sentence():
                self.add(P(development))
            self.classification()

        def year_end() -> None:
            self.add(*(P(f"- {item}", "list_item") for item in r.achievements))
            if self.f.targets:
                self.target_results()

        self.part(
            "part_one",
            "Phần thứ nhất",
            f"Đánh giá sự lãnh đạo của chi bộ năm {r.year}",
            lambda: self.sections(2, [
                ("narrative.situation", _title("situation"), situation),
                ("narrative.results", _title("results"), lambda: self.sections(3, [
                    _leaf("results.ideology", t),
                    ("narrative.results.professional", _title("results.professional"), professional),
                    _leaf("results.mass_organisations", t),
                    _leaf("results.culture_sports", t),
                    ("narrative.results.party_building", _title("results.party_building"), party_building),
                    _leaf("results.inspection", t),
                ])),
                ("narrative.shortcomings", _title("shortcomings"), lambda: self.sections(3, [
                    _leaf("shortcomings.ideology", t, "Tư tưởng chính trị"),
                    _leaf("shortcomings.professional", t, "Chuyên môn"),
                    _leaf("shortcomings.facilities", t, "Xây dựng cơ sở vật chất"),
                ])),
                ("narrative.causes", _title("causes"), lambda: self.sections(3, [
                    (None, "Nguyên nhân", lambda: self.sections(4, [
                        _leaf("causes.strengths", t, "* Nguyên nhân ưu điểm:"),
                        _leaf("causes.limitations", t, "* Nguyên nhân hạn chế:"),
                    ], numbered=False)),
                    _leaf("causes.lessons", t),
                ])),
                # Printed even when empty, as it always was: it is figures, not a paragraph.
                (ACHIEVEMENTS, field_label("achievements"), year_end, True),
            ]),
        )

    def members(self) -> None:
        m = self.f.members
        c = m.counts
        end = c["end_of_year"]
        self.school()
        self.add(P(self.members_sentence()))
        for line in _roster_lines(m.names):
            self.add(P(line))
        if committee := self.committee_sentence():
            self.add(P(committee))
        degrees = _composition(
            c["education"],
            (
                ("doctorate", "tiến sĩ"),
                ("master", "thạc sĩ"),
                ("university", "đại học"),
                ("college", "cao đẳng"),
                ("other", "trung cấp và trình độ khác"),
            ),
        )
        theory = _composition(
            c["theory"],
            (("advanced", "cao cấp"), ("intermediate", "trung cấp"), ("elementary", "sơ cấp")),
        )
        parts = []
        if degrees:
            parts.append(f"{field_label('members.education')}: {degrees}.")
        if theory:
            parts.append(f"{field_label('members.theory')}: {theory}.")
        if parts:
            self.add(P(" ".join(parts)))

        rows: list[list[str]] = []

        def row(label: str, value, share: bool = False) -> None:
            if value is None:
                return
            rows.append(
                [label, format_int(value), self.pct(percent(value, end)) if share else ""]
            )

        row("Đảng viên đầu năm", c["start_of_year"])
        for name, label in (
            ("admitted", "Kết nạp mới trong năm"),
            ("transferred_in", "Chuyển đến"),
            ("transferred_out", "Chuyển đi"),
            ("retired", "Nghỉ hưu"),
            ("died", "Từ trần"),
            ("removed", "Xóa tên"),
        ):
            if c[name]:  # a movement that did not happen is no row
                row(label, c[name])
        total_row = len(rows)
        row("Đảng viên cuối năm", end, share=True)
        row("- Chính thức", c["official"], share=True)
        row("- Dự bị", c["probationary"], share=True)
        row("- Nam", m.men, share=True)
        row("- Nữ", c["women"], share=True)
        if c["exempted"]:
            row("- Miễn công tác và sinh hoạt đảng", c["exempted"], share=True)
        for group, names in (
            ("education", ("doctorate", "master", "university", "college", "other")),
            ("theory", ("advanced", "intermediate", "elementary")),
        ):
            for name in names:
                if c[group][name]:
                    row(f"- {field_label(f'members.{group}.{name}')}", c[group][name], share=True)
        self.table(
            f"Tình hình đảng viên năm {self.r.year}",
            _columns(self.weights["members"], "Nội dung", ("Số lượng", "Tỷ lệ")),
            rows,
            bold_rows=(total_row,),
        )

    def members_sentence(self) -> str:
        """Section I's member counts in words: only what was given is said, so no zero
        is claimed that the user did not enter."""
        m = self.f.members
        c = m.counts
        end = c["end_of_year"]
        clauses = []
        if c["start_of_year"] is not None:
            clauses.append(f"Tổng số đảng viên đầu năm {format_count(c['start_of_year'])} đồng chí")
        if m.movements_given:
            notes = self.r.members
            clauses.append(f"trong năm {describe_movement(c, notes.increase_note, notes.decrease_note)}")
        sentences = ["; ".join(clauses) + "."] if clauses else []
        if end is not None:
            total = f"Tổng số đảng viên cuối năm {format_count(end)} đồng chí"
            kinds = [f"{word} {format_count(c[name])}" for name, word in
                     (("official", "chính thức"), ("probationary", "dự bị")) if c[name] is not None]
            if kinds:
                total += ", trong đó " + ", ".join(kinds)
            given = [(word, n) for word, n in (("nam", m.men), ("nữ", c["women"])) if n is not None]
            sexes = [f"{word} {format_count(n)} đồng chí ({self.pct(percent(n, end))})" for word, n in given]
            if end and len(given) == 2 and not all(n for _, n in given):
                # As published reports put it («100% là nữ»), not «nam 0 đồng chí (0,00%)».
                sexes = ["100% là " + next(word for word, n in given if n)]
            if sexes:
                total += "; " + ", ".join(sexes)
            sentences.append(total + ".")
        if m.average_age is not None:
            sentences.append(f"Tuổi đời bình quân của đảng viên là {m.average_age} tuổi.")
        if c["exempted"]:
            sentences.append(
                f"Có {format_count(c['exempted'])} đồng chí được miễn công tác và sinh hoạt đảng."
            )
        return " ".join(s[0].upper() + s[1:] for s in sentences)

    def committee_sentence(self) -> str:
        """«Chi ủy gồm 03 đồng chí: 01 Bí thư, 01 Phó Bí thư, 01 Chi ủy viên.»; a cell with no
        chi ủy viên has no chi ủy, only its bí thư (and phó bí thư)."""
        c = self.r.members.committee
        given = [(n, label) for n, label in ((c.secretaries, "Bí thư"), (c.deputies, "Phó Bí thư"),
                                             (c.others, "Chi ủy viên")) if n]
        if not given:
            return ""
        parts = ", ".join(f"{format_count(n)} {label}" for n, label in given)
        if c.others:
            return f"Chi ủy gồm {format_count(sum(n for n, _ in given))} đồng chí: {parts}."
        return f"Chi bộ có {parts}."

    def development_sentence(self) -> str:
        """Công tác phát triển đảng viên in figures: only the counts given."""
        d = self.r.members.development
        year = []
        if d.awareness_class is not None:
            year.append(f"{format_count(d.awareness_class)} quần chúng hoàn thành lớp bồi dưỡng nhận thức về Đảng")
        if d.proposals is not None:
            year.append(f"{format_count(d.proposals)} hồ sơ đề nghị kết nạp đảng viên")
        parts = [f"trong năm có {', '.join(year)}"] if year else []
        if d.prospects is not None:
            parts.append(f"chi bộ đang theo dõi, giúp đỡ {format_count(d.prospects)} quần chúng ưu tú")
        if not parts:
            return ""
        return f"{field_label('members.development')}: {'; '.join(parts)}."

    def school(self) -> None:
        """The school in one paragraph: staff by role and the party share, tổ chuyên môn,
        classes and students, mass organisations; only the figures given."""
        s, sf = self.r.school, self.f.school
        sentences = []
        roles = [f"{word} {format_count(n)}" for word, n in
                 (("cán bộ quản lý", s.managers), ("giáo viên", s.teachers), ("nhân viên", s.staff))
                 if n is not None]
        if sf.staff_total is not None:
            text = f"Tổng số cán bộ, giáo viên, nhân viên của nhà trường là {format_count(sf.staff_total)} người ({', '.join(roles)})"
            if sf.party_share is not None:
                text += f"; đảng viên chiếm {self.pct(sf.party_share)} tổng số cán bộ, giáo viên, nhân viên"
            sentences.append(text + ".")
        elif roles:
            sentences.append(f"Nhà trường có {', '.join(roles)}.")
        parts = []
        if s.subject_groups is not None:
            parts.append(f"{format_int(s.subject_groups)} tổ chuyên môn")
        if s.classes is not None and s.students is not None:
            parts.append(f"{format_int(s.classes)} lớp với {format_count(s.students)} học sinh")
        elif s.classes is not None:
            parts.append(f"{format_int(s.classes)} lớp")
        elif s.students is not None:
            parts.append(f"{format_count(s.students)} học sinh")
        if parts:
            sentences.append(f"Nhà trường có {', '.join(parts)}.")
        groups = []
        if s.union_members is not None:
            groups.append(f"công đoàn có {format_count(s.union_members)} đoàn viên")
        if s.youth_members is not None:
            groups.append(f"chi đoàn có {format_count(s.youth_members)} đoàn viên")
        pioneers = [t for t in (
            f"{format_int(s.pioneer_squads)} chi đội" if s.pioneer_squads is not None else "",
            f"{format_count(s.pioneers)} đội viên" if s.pioneers is not None else "",
        ) if t]
        if pioneers:
            groups.append(f"liên đội có {' với '.join(pioneers)}")
        if groups:
            text = "; ".join(groups)
            sentences.append(text[0].upper() + text[1:] + ".")
        if sentences:
            self.add(P(" ".join(sentences)))

    def children(self, f: ChildFigures) -> None:
        """A preschool's children: numbers, enrolment, attendance, meals, health channels
        and the 5-year-olds' programme, each sentence only from figures given; then a table."""
        c = self.r.children
        lines = []
        units = [text for text in (
            f"{format_count(c.nursery_groups)} nhóm trẻ" if c.nursery_groups is not None else "",
            f"{format_count(c.kindergarten_classes)} lớp mẫu giáo" if c.kindergarten_classes is not None else "",
        ) if text]
        ages = [f"{word} {format_count(n)} trẻ" for word, n in (("nhà trẻ", c.nursery), ("mẫu giáo", c.kindergarten))
                if n is not None]
        scale = " và ".join(units)
        if c.children is not None:
            scale += (" với " if scale else "") + f"{format_count(c.children)} trẻ"
            if ages:
                scale += f" ({', '.join(ages)})"
        elif ages:
            scale += (" với " if scale else "") + ", ".join(ages)
        if scale:
            lines.append(f"Số lượng: nhà trường có {scale}.")
        enrolment = [f"{word} đạt {self.pct(rate)}" for word, rate in (
            ("nhà trẻ", c.nursery_enrolment), ("mẫu giáo", c.kindergarten_enrolment),
            ("trẻ 5 tuổi", c.five_year_enrolment)) if rate is not None]
        if enrolment:
            lines.append(f"Huy động trẻ ra lớp: {', '.join(enrolment)}.")
        care = []
        if (row := f.row("attendance_rate")) is not None:
            care.append(f"tỷ lệ chuyên cần đạt {self.pct(row.percent)}")
        if (row := f.row("boarding")) is not None:
            share = f" ({self.pct(row.percent)})" if row.percent is not None else ""
            care.append(f"{format_count(row.count)} trẻ ăn bán trú tại trường{share}")
        if care:
            text = "; ".join(care)
            lines.append(text[0].upper() + text[1:] + ".")
        for measure, verb in (("weight", "được cân"), ("height", "được đo")):
            name = field_label(f"children.{measure}")
            rows = [row for row in f.rows if row.key.startswith(measure + ".")]
            if not rows:
                continue
            listed = "; ".join(
                f"{lower_first(row.label.removeprefix(name + ' '))} {format_count(row.count)} trẻ"
                + (f" ({self.pct(row.percent)})" if row.percent is not None else "") for row in rows)
            measured = getattr(c, measure).measured
            lines.append(f"{name}: trong {format_count(measured)} trẻ {verb}, {listed}."
                         if measured is not None else f"{name}: {listed}.")
        if (row := f.row("completed")) is not None:
            done = (f"{format_count(row.count)}/{format_count(row.whole)} trẻ ({self.pct(row.percent)})"
                    if row.whole is not None else f"{format_count(row.count)} trẻ")
            lines.append(f"Trẻ 5 tuổi hoàn thành Chương trình giáo dục mầm non: {done}.")
        if c.universal:
            lines.append(c.universal.rstrip(" .") + ".")
        changes = [f"{lower_first(row.label)} {describe_change(row.change, self.f.decimals)}"
                   for row in f.rows if row.change is not None]
        if changes:
            lines.append(f"So với cùng kỳ năm trước: tỷ lệ {'; '.join(changes)}.")
        if not lines:
            return
        self.heading(f"{field_label('children')}:", 4)
        self.add(*(P(f"- {line}", "list_item") for line in lines))
        shown = [row for row in f.rows if row.percent is not None]
        if not shown:
            return
        compare = f.has_last_year
        columns = _columns(self.weights["children"], "Nội dung", ("Số trẻ", "Tỷ lệ"))
        if compare:
            columns += _columns(self.weights["students_compare"], None,
                                (field_label("children.last_year"), f"Tăng, giảm ({POINTS})"))
        rows = []
        for row in shown:
            count = "" if row.count is None else format_int(row.count)
            if row.whole is not None and row.count is not None:
                count = f"{format_int(row.count)}/{format_int(row.whole)}"
            cells = [row.label, count, self.pct(row.percent)]
            if compare:
                cells += [self.pct(row.last_year_percent), _signed(row.change, self.f.decimals)]
            rows.append(cells)
        self.table(f"{field_label('children')} năm học {self.r.year - 1}-{self.r.year}",
                   columns, rows)

    def student_results(self, s: StudentFigures) -> None:
        if not s.groups:
            self.heading(f"Kết quả đạt được của hoạt động giáo dục (theo {s.scale.source}):", 4)
            self.student_block(s)
            return
        # A year when the grades were on two circulars: one block per grade group.
        self.heading("Kết quả đạt được của hoạt động giáo dục:", 4)
        for block in (s, *s.groups):
            self.add(P(f"{block.grades or 'Các khối còn lại'} (theo {block.scale.source}):", "list_item"))
            self.student_block(block)

    def student_block(self, s: StudentFigures) -> None:
        if s.last_year_scale is not None:
            self.add(P(scale_changed_sentence(s.last_year_scale, s.scale), "list_item"))
        for dim in s.dimensions:
            self.dimension(dim, s.area_name, s.grades)
        if s.titles:
            listed = "; ".join(
                f"{row.label} {format_count(row.count)} em ({self.pct(row.percent)})"
                for row in s.titles
            )
            self.add(P(f"- Danh hiệu: {listed}.", "list_item"))
        if s.qualities:
            self.qualities(s.qualities, s.grades)

    def qualities(self, qualities: list[QualityFigures], grades: str | None = None) -> None:
        """Phẩm chất and năng lực rated one by one (TT27, TT30): the spread of the Tốt share
        in each kind, the change against last year, and a table of every quality given."""
        decimals = self.f.decimals
        kinds: dict[str, list[QualityFigures]] = {}
        for q in qualities:
            kinds.setdefault(q.quality.group, []).append(q)
        sentences = [self._quality_spread(kind, shown) for kind, items in kinds.items()
                     if (shown := [q for q in items if q.good.percent is not None])]
        if sentences:
            self.add(P(f"- Đánh giá phẩm chất, năng lực: {'; '.join(sentences)}.", "list_item"))
        compared = [q for q in qualities if q.has_last_year and q.good.change is not None]
        if compared:
            self.add(P(f"So với cùng kỳ năm trước, tỷ lệ học sinh đạt mức Tốt{self._quality_changes(compared)}.",
                       "list_item"))

        columns = _columns(self.weights["qualities"], "Phẩm chất, năng lực",
                           tuple(label for label in (row.label for row in qualities[0].rows)))
        if compared:
            columns += _columns(self.weights["qualities_compare"], None, (f"Mức Tốt so với năm trước ({POINTS})",))
        rows, bold = [], []
        for kind, items in kinds.items():
            bold.append(len(rows))
            rows.append([kind.capitalize()] + [""] * (len(columns) - 1))
            for q in items:
                cells = [q.quality.label] + ["—" if row.count is None else f"{format_int(row.count)} ({self.pct(row.percent)})"
                                             for row in q.rows]
                if compared:
                    cells.append(_signed(q.good.change, decimals))
                rows.append(cells)
        whose = f"học sinh {lower_first(grades)}" if grades else "học sinh"
        self.table(f"Đánh giá phẩm chất, năng lực của {whose} năm học {self.r.year - 1}-{self.r.year} "
                   f"(số học sinh, tỷ lệ trên {format_count(qualities[0].assessed)} học sinh được đánh giá)",
                   columns, rows, bold_rows=bold)

    def _quality_changes(self, compared: list[QualityFigures]) -> str:
        """Each quality's change; when many all moved the same way, their range (the table has each)."""
        decimals = self.f.decimals
        changes = [q.good.change for q in compared]
        same_way = all(c > 0 for c in changes) or all(c < 0 for c in changes)
        if len(compared) < 3 or not same_way:
            return ": " + "; ".join(f"{q.quality.label} {describe_change(q.good.change, decimals)}" for q in compared)
        word = "tăng" if changes[0] > 0 else "giảm"
        low, high = sorted(abs(c) for c in changes)[::len(changes) - 1]
        span = (f"{format_decimal(low, decimals)} điểm phần trăm" if low == high else
                f"từ {format_decimal(low, decimals)} đến {format_decimal(high, decimals)} điểm phần trăm")
        return f" ở cả {format_int(len(compared))} phẩm chất, năng lực đều {word}, {span}"

    def _quality_spread(self, kind: str, items: list[QualityFigures]) -> str:
        """«về phẩm chất, tỷ lệ học sinh đạt mức Tốt từ 85,20% (Trách nhiệm) đến 95,03% (Yêu nước)»,
        compared as printed."""
        shown = [(self.pct(q.good.percent), q.good.percent, q.quality.label) for q in items]
        head = f"về {kind}, tỷ lệ học sinh đạt mức Tốt"
        if len(shown) == 1:
            return f"{head} ({shown[0][2]}) là {shown[0][0]}"
        if len({text for text, _, _ in shown}) == 1:
            return f"{head} ở cả {format_int(len(shown))} {kind} đều là {shown[0][0]}"
        low = min(shown, key=lambda item: item[1])
        high = max(shown, key=lambda item: item[1])
        return f"{head} từ {low[0]} ({low[2]}) đến {high[0]} ({high[2]})"

    def dimension(self, d: DimensionFigures, area_name: str | None, grades: str | None = None) -> None:
        decimals = self.f.decimals
        levels = "; ".join(
            f"{row.label} {format_count(row.count)} em ({self.pct(row.percent)})" for row in d.rows
            if row.count is not None  # a level left out is not said to be 0
        )
        self.add(
            P(
                f"- {d.dimension.label}: trong {format_count(d.assessed)} học sinh được đánh giá, "
                f"{levels}.",
                "list_item",
            )
        )
        if d.has_last_year:
            changes = "; ".join(
                f"{row.label} {describe_change(row.change, decimals)}"
                for row in d.rows
                if row.change is not None
            )
            self.add(P(f"So với cùng kỳ năm trước: tỷ lệ {changes}.", "list_item"))
        if d.has_area:
            gaps = "; ".join(
                f"{row.label} {describe_gap(row.gap, decimals)}"
                for row in d.rows
                if row.gap is not None
            )
            self.add(P(f"So với mặt bằng chung của {area_name}: tỷ lệ {gaps}.", "list_item"))

        longest = max(len(row.label) for row in d.rows)
        columns = _columns(self.weights["students" if longest <= 10 else "students_long_levels"],
                           "Mức", ("Số học sinh", "Tỷ lệ"))
        compare = self.weights["students_compare"]
        if d.has_last_year:
            columns += _columns(compare, None, (field_label("students.last_year"), f"Tăng, giảm ({POINTS})"))
        if d.has_area:
            columns += _columns(compare, None, ("Mặt bằng chung", f"Chênh lệch ({POINTS})"))
        rows = []
        for row in d.rows:
            cells = [row.label, "—" if row.count is None else format_int(row.count), self.pct(row.percent)]
            if d.has_last_year:
                cells += [self.pct(row.last_year_percent), _signed(row.change, decimals)]
            if d.has_area:
                cells += [self.pct(row.area_percent), _signed(row.gap, decimals)]
            rows.append(cells)
        rows.append(["Tổng số", format_int(d.assessed), self.pct(100)] + [""] * (len(columns) - 3))
        school_year = f"năm học {self.r.year - 1}-{self.r.year}"
        whose = f"học sinh {lower_first(grades)}" if grades else "học sinh"
        self.table(
            f"{d.dimension.label} của {whose} {school_year}", columns, rows, bold_rows=(len(rows) - 1,)
        )
        if self.charts:
            series = [school_year.capitalize()]
            if d.has_last_year:
                series.append(field_label("students.last_year"))
            if d.has_area:
                series.append(f"Mặt bằng chung {area_name}")
            bars = tuple(
                charts.Bar(
                    row.label,
                    tuple(
                        v
                        for v, shown in (
                            (_float(row.percent), True),
                            (_float(row.last_year_percent), d.has_last_year),
                            (_float(row.area_percent), d.has_area),
                        )
                        if shown
                    ),
                )
                for row in d.rows
            )
            png = charts.grouped_percent_bars(
                "", tuple(series), bars, self.sizes.width_mm, self.sizes.students_height_mm, decimals
            )
            self.chart(f"{d.dimension.label} của {whose} {school_year}", png, self.sizes.students_height_mm)

    def classification(self) -> None:
        r = self.r
        c = self.f.classification
        if not c.entered:
            return
        levels = "; ".join(
            f"{format_count(row.count)} đồng chí {lower_first(row.label)} ({self.pct(row.percent)})"
            for row in c.rows
            if row.count
        )
        rated = rating_word(r.year)
        sentence = (
            f"Kết quả đánh giá, {rated} chất lượng đảng viên năm {r.year}: "
            f"{format_count(c.rated)} đảng viên được {rated}, trong đó {levels}."
        )
        not_rated = r.classification.not_rated
        if not_rated:
            reasons = "; ".join(f"{format_count(n.count)} đồng chí {lower_first(n.reason)}" for n in not_rated)
            sentence += f" Không {rated}: {reasons}."
        self.add(P(sentence))
        cell_rating = r.classification.cell_rating
        # Typed as «Chi bộ trong sạch vững mạnh» or «trong sạch vững mạnh»: one «chi bộ» printed.
        title = _cell_title(r.classification.cell_title)
        if cell_rating is not None:
            text = f"Chi bộ tự đánh giá, {rated} đạt mức {lower_first(cell_rating.label)}"
            text += f", đạt danh hiệu {title}." if title else "."
            self.add(P(text))
        elif title:
            self.add(P(f"Chi bộ đạt danh hiệu {title}."))
        # A level left empty beside typed ones is «—», never a 0 nobody typed (a lỗi when they do not add up).
        rows = [[row.label, "—" if row.count is None else format_int(row.count), self.pct(row.percent)]
                for row in c.rows]
        rows.append([f"Tổng số được {rated}", format_int(c.rated), self.pct(100 if c.rated else None)])
        if c.not_rated:
            rows.append([f"Không {rated}", format_int(c.not_rated), ""])
        self.table(
            f"Kết quả {rated} chất lượng đảng viên năm {r.year}",
            _columns(self.weights["classification"], f"Mức {rated}", ("Số đảng viên", "Tỷ lệ")),
            rows,
            bold_rows=(len(c.rows),),
        )
        typed = [row for row in c.rows if row.count is not None]
        if self.charts and c.rated:
            png = charts.horizontal_bars(
                "",
                tuple(charts.Bar(row.label, (float(row.count),)) for row in typed),
                tuple(f"{format_count(row.count)} ({self.pct(row.percent)})" for row in typed),
                self.sizes.width_mm,
                self.sizes.classification_height_mm,
                axis_label="Số đảng viên",
            )
            self.chart(f"Kết quả {rated} chất lượng đảng viên năm {r.year}", png, self.sizes.classification_height_mm)

    def target_results(self) -> None:
        rows = self.f.targets
        year = self.r.year
        reached = [row for row in rows if row.achieved]
        missed = [row for row in rows if row.achieved is False]
        unknown = [row for row in rows if row.achieved is None]
        # Counted over the targets with a result: a target without one is neither reached nor missed.
        known = len(rows) - len(unknown)
        if known:
            sentence = f"Thực hiện chỉ tiêu năm {year}: đạt và vượt {len(reached)}/{known} chỉ tiêu"
            sentence += " có số liệu" if unknown else ""
        else:
            sentence = f"Thực hiện chỉ tiêu năm {year}: chưa có số liệu để đánh giá"
        if missed:
            sentence += "; chưa đạt: " + "; ".join(
                f"{lower_first(row.label)} ({_result_text(row, self.f.decimals)}/{row.target_text})" for row in missed
            )
        if unknown:
            missing = ", ".join(lower_first(row.label) for row in unknown)
            sentence += f"; {lower_first(MISSING_RESULT)}: {missing}" if known else f" các chỉ tiêu: {missing}"
        self.add(P(sentence + "."))
        verdict = {True: "Đạt", False: "Chưa đạt", None: ""}
        table_rows = [
            [row.label, row.target_text, _result_text(row, self.f.decimals), _verdict(row) or verdict[row.achieved]]
            for row in rows
        ]
        self.table(
            f"Kết quả thực hiện chỉ tiêu năm {year}",
            _columns(self.weights["target_results"], "Chỉ tiêu", ("Đề ra", "Thực hiện", "Đánh giá")),
            table_rows,
        )
        known = [row for row in rows if row.ratio is not None]
        height = self.sizes.targets_height_mm + self.sizes.targets_row_height_mm * len(known)
        if self.charts and known:
            png = charts.horizontal_bars(
                "",
                tuple(charts.Bar(row.label, (row.ratio,)) for row in known),
                tuple(f"{_result_text(row, self.f.decimals)}/{row.target_text}" for row in known),
                self.sizes.width_mm,
                height,
                reference=100.0,
                axis_label="% so với chỉ tiêu",
            )
            self.chart(f"Kết quả thực hiện chỉ tiêu năm {year} so với chỉ tiêu đề ra", png, height)

    # -- Phần thứ hai ---------------------------------------------------------

    def part_two(self) -> None:
        r = self.r

        def target(key: str) -> None:
            self.text(f"targets.{key}")
            if key == "professional":
                lead_in = len(self.body)
                self.professional_targets()
                if len(self.body) == lead_in:
                    self._close_lead_in()
            elif key == "party":
                self.party_targets()

        self.part(
            "part_two",
            "Phần thứ hai",
            f"Mục tiêu, nhiệm vụ trọng tâm công tác lãnh đạo năm {r.next_year}",
            lambda: self.sections(2, [
                ("narrative.targets", _title("targets"), lambda: self.sections(3, [
                    (f"narrative.targets.{key}", title, lambda key=key: target(key)) for key, title in _AREAS
                ])),
                ("narrative.solutions", _title("solutions"), lambda: self.sections(3, [
                    _leaf(f"solutions.{key}", self.text, title) for key, title in _AREAS
                ])),
            ]),
        )

    def _close_lead_in(self) -> None:
        """No target follows the template's «…; phấn đấu đạt các chỉ tiêu sau:» (default or
        copied from `chibo init`): end the paragraph there instead of on a hanging colon."""
        last = self.body[-1] if self.body else None
        if isinstance(last, Paragraph) and last.role == "body" and last.text.endswith(_LEAD_IN):
            self.body[-1] = P(last.text.removesuffix(_LEAD_IN).rstrip(" ;,") + ".")

    def professional_targets(self) -> None:
        t = self.r.targets
        s, teachers = t.students, t.teachers
        rows: list[list[str]] = []
        group_rows = []

        def group(title: str) -> None:
            group_rows.append(len(rows))
            rows.append([title, ""])

        def item(label: str, value: str | None) -> None:
            if value is not None:
                rows.append([label, value])

        labels = student_target_labels(self.r)
        group(field_label("targets.students"))
        item(labels["gifted"], _people(s.gifted, "em"))
        item(f"Trong đó: {lower_first(labels['gifted_province'])}", _people(s.gifted_province, "em"))
        item(labels["promotion_rate"], _rate(s.promotion_rate, self.f.decimals))
        item(labels["advanced_classes"], _people(s.advanced_classes, "lớp"))
        item(labels["conduct_good_rate"], _rate(s.conduct_good_rate, self.f.decimals))
        # A preschool has no pupils: their targets are not printed (rules warns).
        if len(rows) == 1 or self.r.meta.school_level is SchoolLevel.PRESCHOOL:
            del rows[:]
            group_rows.pop()
        if self.r.meta.school_level is SchoolLevel.PRESCHOOL:
            start = len(rows)
            group(field_label("targets.children"))
            for key, label, _, at_most in CHILD_TARGETS:
                value = getattr(t.children, key)
                item(label, None if value is None else child_target_text(value, at_most, self.f.decimals))
            if len(rows) == start + 1:
                rows.pop()
                group_rows.pop()
        start = len(rows)
        group(field_label("targets.teachers"))
        item("Chiến sĩ thi đua cơ sở", _people(teachers.emulation_fighters, "đồng chí"))
        item("Lao động tiên tiến", _people(teachers.advanced_workers, "đồng chí"))
        item(
            f"Giáo viên dạy giỏi {contest_level_name(teachers.good_teachers_level, self.r.meta.date)}",
            _people(teachers.good_teachers, "đồng chí"),
        )
        if len(rows) == start + 1:
            rows.pop()
            group_rows.pop()
        if rows:
            self.table(
                f"Chỉ tiêu chuyên môn năm {self.r.next_year}",
                _columns(self.weights["targets"], "Nội dung", ("Chỉ tiêu",)),
                rows,
                bold_rows=group_rows,
            )
        for note in (s.note, teachers.note):
            if note:
                self.add(P(note))
        collective = t.collective
        pairs = [
            ("Chi bộ", collective.cell),
            ("Công đoàn", collective.trade_union),
            ("Chi đoàn", collective.youth_union),
            ("Liên đội", collective.pioneers),
        ]
        pairs = [(who, goal) for who, goal in pairs if goal]
        if pairs:
            self.heading("* Đối với tập thể, phấn đấu:", 4)
            self.add(*(P(f"- {who}: {lower_first(goal)}.".replace("..", "."), "list_item") for who, goal in pairs))

    def party_targets(self) -> None:
        p = self.r.targets.party
        parts = []
        if p.new_members_min is not None or p.new_members_max is not None:
            low = p.new_members_min if p.new_members_min is not None else p.new_members_max
            high = p.new_members_max if p.new_members_max is not None else p.new_members_min
            if low == high:
                parts.append(f"kết nạp {format_count(low)} đảng viên mới")
            else:
                parts.append(f"kết nạp từ {format_count(low)} đến {format_count(high)} đảng viên mới")
        if p.awareness_class is not None:
            parts.append(f"giới thiệu {format_count(p.awareness_class)} quần chúng ưu tú đi học lớp bồi dưỡng "
                         "nhận thức về Đảng")
        if p.members_goal or p.excellent_members is not None:
            goal = p.members_goal.rstrip(" .;") if p.members_goal else MEMBERS_GOAL
            if p.excellent_members is not None:
                goal += (f", trong đó {format_count(p.excellent_members)} đồng chí "
                         "hoàn thành xuất sắc nhiệm vụ")
            parts.append(lower_first(goal) if goal[:1].isalpha() else goal)
        if parts:
            self.add(P(f"Phấn đấu năm {self.r.next_year}: {'; '.join(parts)}."))
        if p.note:
            self.add(P(p.note))


def _roman(number: int) -> str:
    """I, II, … for any count: a cell may add sections past X (structure.extra)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += letters * count
    return out


def _columns(weights: tuple[float, ...], label: str | None, numbers: tuple[str, ...]) -> list[Column]:
    """A table's columns with the profile's weights: a text column first (if any), then numbers."""
    titles = ((label,) if label is not None else ()) + numbers
    return [Column(title, weight, not (label is not None and i == 0))
            for i, (title, weight) in enumerate(zip(titles, weights, strict=True))]


def _leaf(path: str, text, title: str | None = None) -> tuple:
    """A section that is one paragraph field: its path, heading and builder."""
    return (f"narrative.{path}", title or _title(path), lambda: text(path))


def _own_title(title: str | None) -> str | None:
    """The cell's title line, without the «Báo cáo» printed above it."""
    if not title:
        return None
    rest = title.strip()
    if rest.lower().startswith("báo cáo "):
        rest = rest[len("báo cáo "):]
    return rest[:1].upper() + rest[1:]


def _title_lines(title: str) -> list[Run]:
    """The cell's own title broken where published reports and the default break it, before
    «và phương hướng» (or after «…năm N,»), so the year never wraps alone onto a line."""
    for mark, keep in ((" và phương hướng", 1), (", phương hướng", 2)):
        at = title.find(mark)
        if at > 0:
            return [Run(title[:at + keep - 1].rstrip()), Run("\n"), Run(title[at + keep:].lstrip())]
    return [Run(title)]


def _ground(line: str) -> str:
    """A «Căn cứ» line's own words: "Căn cứ" and the closing punctuation are printed once."""
    line = line.strip().rstrip(" ;,.")
    return line[len("căn cứ"):].strip() if line.lower().startswith("căn cứ") else line


_LEAD_IN = "phấn đấu đạt các chỉ tiêu sau:"


def _cell_title(title: str | None) -> str | None:
    """The cell's title as printed after «danh hiệu»: «chi bộ trong sạch vững mạnh»."""
    if not title:
        return None
    title = lower_first(title.strip())
    return title if title.casefold().startswith("chi bộ") else f"chi bộ {title}"


def _title(path: str) -> str:
    """A section's heading is its field's title in the model (narrative.<path>)."""
    return field_label(f"narrative.{path}")


_AREAS = tuple(
    (key, _title(f"solutions.{key}"))
    for key in ("ideology", "professional", "facilities", "finance", "mass_organisations", "culture_sports", "emulation", "party")
)


# Who moved, as real reports group them: arrivals together, then who was made official,
# then departures together, each departure with its reason.
_NAMED = (
    ("Đảng viên tăng", INCREASES),
    ("Công nhận đảng viên chính thức", ("made_official",)),
    ("Đảng viên giảm", DECREASES),
)


def _roster_lines(names: dict) -> list[str]:
    """'- Đảng viên tăng: kết nạp mới đồng chí Lê Thị Hoa; chuyển đến đồng chí Trần Văn Nam
    (từ …).', one line a group; a movement's word is left out where the label says it."""
    lines = []
    for label, keys in _NAMED:
        kinds = []
        for key in keys:
            people = names.get(key) or []
            if people:
                listed = ", ".join(f"đồng chí {name}" + (f" ({lower_first(note)})" if note else "")
                                   for name, note in people)
                kinds.append(f"{MOVEMENT_WORDS[key]} {listed}" if key in MOVEMENT_WORDS else listed)
        if kinds:
            lines.append(f"- {label}: {'; '.join(kinds)}.")
    return lines


def _composition(counts: dict, names) -> str:
    return ", ".join(f"{label} {format_count(counts[key])}" for key, label in names if counts.get(key))


def _signed(points, decimals: int) -> str:
    if points is None:
        return ""
    sign = "+" if points > 0 else ("−" if points < 0 else "")
    return sign + format_decimal(abs(points), decimals)


def _float(value) -> float | None:
    return None if value is None else float(value)


# A result not given is said to be missing, never printed as 0 nor judged.
MISSING_RESULT = "Chưa có số liệu"


def _result_text(row, decimals: int) -> str:
    return MISSING_RESULT if row.result is None else format_amount(row.result, row.unit, decimals)


def _verdict(row) -> str:
    if row.achieved and not row.at_most and row.result > row.target:
        return "Vượt"
    return ""


def _people(value: int | None, unit: str) -> str | None:
    return None if value is None else f"{format_count(value)} {unit}"


def _rate(value: float | None, decimals: int) -> str | None:
    return None if value is None else format_percent(value, decimals)
