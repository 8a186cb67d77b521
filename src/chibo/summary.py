"""The đảng ủy's own report on its school cells' year, composed as a document.

"Báo cáo tổng hợp kết quả công tác xây dựng Đảng năm N của các chi bộ trường
học": the consolidated tables of ``Consolidation.blocks()`` (the numbers the
office's year page and the XLSX show, formatted the same way), the lists the
office needs, and sentences that only state what the numbers say. The same
document model and renderers as a cell's report; a đảng ủy's masthead.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from . import letterhead
from .compose import describe_movement
from .consolidate import CHANGE, CHANGE_NOTE, DEFAULT_DECIMALS, Block, Consolidation, quality_key, withheld_changes
from .defaults import committee_body
from .document import Column, Document, Paragraph, Run, Table
from .figures import percent
from .labels import Rating, SchoolLevel, SignerRole
from .profiles import Profile, load_profile
from .render.measure import PT_PER_MM, text_width_mm
from .render.to_docx import render_docx
from .scales import SCALES
from .vietnamese import format_count, format_decimal, format_int, lower_first

P = Paragraph.of
NOT_RATED_CELLS = "Chưa xếp loại"
_RATING_LABELS = frozenset(r.label for r in Rating)
NOT_GIVEN = "—"  # a figure no cell gave, or this cell did not


@dataclass(frozen=True)
class Office:
    """Who issues the summary; what is not known is left blank for the clerk."""

    party_committee: str  # "Đảng bộ xã Đông Thành"; the masthead names its đảng ủy
    superior: str | None = None  # "Đảng bộ tỉnh Nghệ An"
    number: str | None = None  # "12" -> "Số 12-BC/ĐU"
    place: str | None = None
    date: date | None = None
    signer_name: str | None = None
    signer_role: SignerRole = SignerRole.SECRETARY
    recipients: tuple[str, ...] = ()


def _given(text: str | None) -> str | None:
    """A blank form field is not known either."""
    return text.strip() or None if isinstance(text, str) else None


def _of_cells(n: int, cells: int, unit: str = "chi bộ") -> str:
    """How many of the cells gave a total's figure: "12/15 chi bộ có số liệu"."""
    return f"{format_int(n)}/{format_int(cells)} {unit} có số liệu"


def format_value(value, kind: str, signed: bool = False, decimals: int = DEFAULT_DECIMALS) -> str:
    """A block's value as the page shows it: Vietnamese numbers, percentages to ``decimals``
    (the profile's); "—" for a figure not given."""
    if value is None:
        return "" if kind == "text" else NOT_GIVEN
    if kind == "text" or isinstance(value, str):  # text, or "12/15" cells with the figure
        return str(value)
    text = format_decimal(value, decimals) if kind == "percent" else format_int(value)
    if signed:  # a change: "+3", "−1,25"
        return ("+" if value > 0 else "−" if value < 0 else "") + text.lstrip("-")
    return text


def short_label(label: str) -> str:
    """A rating's usual abbreviation, from its label: "Hoàn thành xuất sắc nhiệm vụ" -> "HTXSNV"."""
    return "".join(word[0] for word in label.split()).upper()


def compose_summary(consolidation: Consolidation, office: Office, profile: Profile | None = None) -> Document:
    """``profile`` (the default one when None) gives the precision and the column widths."""
    profile = profile or load_profile()
    # Only the reports that count are listed (a draft the web shows is not the office's to report);
    # changes of rates are between the rates as this profile shows them.
    c = dataclasses.replace(consolidation, rows=consolidation.counted, decimals=profile.percent_decimals)
    return _Builder(c, office, profile).document()


def render_summary_docx(consolidation: Consolidation, office: Office, profile: Profile | None = None) -> bytes:
    profile = profile or load_profile()
    return render_docx(compose_summary(consolidation, office, profile), profile)


class _Builder:
    def __init__(self, c: Consolidation, office: Office, profile: Profile) -> None:
        self.c = c
        self.office = office
        self.profile = profile
        self.blocks = {block.key: block for block in c.blocks()}
        self.body: list = []
        self.tables = 0
        self.committee = committee_body(office.party_committee)
        self.decimals = profile.percent_decimals
        self.weights = profile.columns

    # -- helpers ---------------------------------------------------------------

    def add(self, *blocks) -> None:
        self.body.extend(blocks)

    def heading(self, text: str, level: int) -> None:
        self.add(P(text, f"heading_{level}"))

    def item(self, text: str) -> None:
        self.add(P(f"- {text}", "list_item"))

    def table(self, caption: str, columns: list[Column], rows: list[list[str]], bold_rows=()) -> None:
        self.tables += 1
        self.add(Table(columns, rows, f"Bảng {self.tables}. {caption}", frozenset(bold_rows)))

    def totals_table(self, caption: str, block: Block, keys: list[str] | None = None, groups: bool = False) -> None:
        """A block's totals turned on their side: one row per column, this year, last year, change."""
        columns = [c for c in block.columns if keys is None or c.key in keys]
        index = {c.key: i for i, c in enumerate(block.columns)}
        totals = _shown(block.totals, [index[c.key] for c in columns])
        first, each = self.weights["summary_totals"]
        header = [Column("Nội dung", first)] + [
            Column(f"Năm {self.c.year}" if row.kind == "total" else row.label, each, True) for row in totals
        ]
        rows: list[list[str]] = []
        bold = []
        group = None
        for column in columns:
            if groups and column.group != group and column.group:
                group = column.group
                bold.append(len(rows))
                rows.append([group] + [""] * len(totals))
            rows.append(
                [column.label]
                + [self.value(row.values[index[column.key]], column.kind, signed=row.kind == "change")
                   for row in totals]
            )
        self.table(caption, header, rows, bold)
        if withheld_changes(block, [index[c.key] for c in columns]):
            self.add(P(CHANGE_NOTE))

    def cell_table(self, caption: str, block: Block, keys: list[str], titles: dict[str, str] | None = None) -> None:
        """One row per cell for some of a block's columns, then its totals rows."""
        titles = titles or {}
        index = {c.key: i for i, c in enumerate(block.columns)}
        chosen = [block.columns[index[k]] for k in keys]
        rows = []
        for row in block.rows:
            rows.append([row.label] + [self.cell_value(row.values[index[c.key]], c.kind) for c in chosen])
        first_total = len(rows)
        for row in _shown(block.totals, [index[c.key] for c in chosen]):
            rows.append(
                [row.label]
                + [self.value(row.values[index[c.key]], c.kind, signed=row.kind == "change") for c in chosen]
            )
        header = [block.row_label] + [titles.get(c.key, c.label) for c in chosen]
        weights = _fit(header, rows, self.profile)
        columns = [Column(header[0], weights[0])] + [
            Column(title, weight, c.kind != "text") for title, weight, c in zip(header[1:], weights[1:], chosen)
        ]
        self.tables += 1
        self.add(Table(columns, rows, f"Bảng {self.tables}. {caption}", frozenset(range(first_total, len(rows))), dense=True))

    def cell_value(self, value, kind: str) -> str:
        if kind == "text" and value in _RATING_LABELS:
            return short_label(value)
        return self.value(value, kind)

    def value(self, value, kind: str, signed: bool = False) -> str:
        return format_value(value, kind, signed, self.decimals)

    # -- the document ----------------------------------------------------------

    def document(self) -> Document:
        c = self.c
        self.add(
            P("Báo cáo", "title"),
            Paragraph(
                [
                    Run(f"Tổng hợp kết quả công tác xây dựng Đảng năm {c.year}"),
                    Run("\n"),
                    Run("của các chi bộ trường học"),
                ],
                "subtitle",
            ),
            P("-----", "title_rule"),
        )
        self.add(
            P(
                f"Căn cứ báo cáo tổng kết công tác xây dựng Đảng năm {c.year} của các chi bộ trường học "
                f"trực thuộc, {self.committee} tổng hợp kết quả như sau:"
            )
        )
        self.cells_sentence()
        self.members()
        self.classification()
        self.students()
        self.targets()
        self.lists()
        self.add(
            P(
                f"Trên đây là báo cáo tổng hợp kết quả công tác xây dựng Đảng năm {c.year} của các chi "
                f"bộ trường học trực thuộc {self.office.party_committee}./."
            )
        )
        office = self.office
        return Document(
            masthead=letterhead.masthead(
                _given(office.superior), self.committee, _given(office.number), "BC/ĐU",
                _given(office.place), office.date,
            ),
            body=self.body,
            closing=self.closing(),
            title=f"Báo cáo tổng hợp kết quả công tác xây dựng Đảng năm {c.year} của các chi bộ trường học",
            author=self.committee,
        )

    def closing(self):
        office = self.office
        superior = _given(office.superior)
        recipients = list(office.recipients) or [
            *([f"{superior_body(superior)} (để báo cáo)"] if superior else []),
            "Các chi bộ trường học",
            "Lưu Văn phòng Đảng ủy",
        ]
        position = "Bí thư" if office.signer_role is SignerRole.SECRETARY else "Phó Bí thư"
        return letterhead.closing(recipients, "T/M Đảng ủy", position, _given(office.signer_name))

    def cells_sentence(self) -> None:
        rows = self.c.rows
        by_level = []
        for level in SchoolLevel:
            n = sum(r.get("school_level") == level.value for r in rows)
            if n:
                by_level.append(f"{format_count(n)} chi bộ trường {level.label.lower()}")
        if not rows:
            self.add(P(f"Chưa có báo cáo năm {self.c.year} nào của các chi bộ được tổng hợp."))
            return
        text = f"Số chi bộ có báo cáo được tổng hợp: {format_count(len(rows))}"
        self.add(P(text + (f" ({', '.join(by_level)})." if by_level else ".")))

    # -- I. members ------------------------------------------------------------

    def members(self) -> None:
        t = self.c.totals.members
        self.heading("I. Tình hình đảng viên", 2)
        # Only what the cells gave is stated; totals of fewer cells are named once, after.
        stated: list[tuple[str, str]] = []  # (what, member field) as said
        sentences = []
        if t["start_of_year"] is not None:
            sentences.append(f"Tổng số đảng viên đầu năm của các chi bộ {format_count(t['start_of_year'])} đồng chí")
            stated.append(("đầu năm", "start_of_year"))
        if t["admitted"] is not None:  # the movements are given together
            sentences.append(f"trong năm {describe_movement(t)}")
            stated.append(("biến động trong năm", "admitted"))
        first = "; ".join(sentences)
        first = first[:1].upper() + first[1:] + ". " if first else ""
        end = ""
        if t["end_of_year"] is not None:
            end = f"Tổng số đảng viên cuối năm {format_count(t['end_of_year'])} đồng chí"
            stated.append(("cuối năm", "end_of_year"))
            of = []
            for key, word in (("official", "chính thức"), ("probationary", "dự bị")):
                if t[key] is not None:
                    of.append(f"{word} {format_count(t[key])}")
                    stated.append((word, key))
            end += ", trong đó " + ", ".join(of) if of else ""
            if t["women"] is not None:
                share = self.c.totals.member_share("women", "end_of_year")
                shown = "" if share is None else f" ({format_decimal(share, self.decimals)}%)"
                end += f"; nữ {format_count(t['women'])} đồng chí{shown}"
                stated.append(("nữ", "women"))
            end += "."
        fewer: dict[int, list[str]] = {}
        for word, key in stated:
            n = self.c.totals.given["members"][key]
            if n < self.c.totals.cells:
                fewer.setdefault(n, []).append(word)
        notes = [f"Số {', '.join(words)} chỉ tính {_of_cells(n, self.c.totals.cells)}."
                 for n, words in sorted(fewer.items(), reverse=True)]
        if first or end:
            self.add(P(" ".join([(first + end).strip(), *notes])))
        block = self.blocks["members"]
        self.totals_table(f"Tình hình đảng viên của các chi bộ năm {self.c.year}", block)
        keys = ["start_of_year", "admitted", "transferred_in", "transferred_out", "end_of_year",
                "official", "probationary", "women"]
        # Rarer movements get a column only when some cell had one.
        index = {col.key: i for i, col in enumerate(block.columns)}
        for key in ("retired", "died", "removed"):
            if any(row.values[index[key]] for row in block.rows):
                keys.insert(keys.index("end_of_year"), key)
        titles = {key: _without(block.columns[index[key]].label, "Số đảng viên ") for key in keys}
        self.cell_table(f"Đảng viên theo chi bộ năm {self.c.year}", block, keys, titles)
        self.school()
        self.children()

    def school(self) -> None:
        """The schools' staff, pupils and organisations, when some cell gave them."""
        block = self.blocks.get("school")
        if block is None or not block.rows:
            return
        share = self.c.totals.party_share()
        if share is not None:
            n, cells = self.c.totals.given["school"]["party_share"], self.c.totals.cells
            self.add(P(f"Đảng viên chiếm {format_decimal(share, self.decimals)}% tổng số cán bộ, giáo viên, "
                       f"nhân viên của các trường" + ("" if n == cells else
                                                      f" ({_of_cells(n, cells, 'trường')})") + "."))
        self.totals_table(f"Cán bộ, giáo viên, nhân viên, học sinh và các đoàn thể của các trường năm {self.c.year}",
                          block)

    def children(self) -> None:
        """The preschools' children, when some preschool gave them (consolidate.CHILD_COUNTS)."""
        block = self.blocks.get("children")
        if block is not None and block.rows:
            self.totals_table(f"Trẻ của các trường mầm non năm {self.c.year}", block)

    def share(self, part: int | None, whole: int | None) -> str:
        value = percent(part, whole)
        return "" if value is None else f" ({format_decimal(value, self.decimals)}%)"

    # -- II. classification ----------------------------------------------------

    def classification(self) -> None:
        c = self.c
        t = c.totals.classification
        self.heading("II. Đánh giá, xếp loại chất lượng", 2)
        self.heading("1. Xếp loại đảng viên", 3)
        rated = sum(t[r.value] or 0 for r in Rating)
        levels = "; ".join(
            f"{format_count(t[r.value])} đồng chí {lower_first(r.label)}{self.share(t[r.value], rated)}"
            for r in Rating
            if t[r.value]
        )
        # Cells that typed some level (one left empty beside others is «—», not 0, and not a cell without figures).
        n = sum(any(r["classification"].get(x.value) is not None for x in Rating) for r in c.counted)
        given = "" if n == c.totals.cells else f" ({_of_cells(n, c.totals.cells)})"
        if not n:
            sentence = "Các chi bộ chưa ghi kết quả xếp loại đảng viên"
        else:
            sentence = f"Số đảng viên được xếp loại {format_count(rated)} đồng chí{given}"
            sentence += f", trong đó {levels}" if levels else ""
        if t["not_rated"]:
            sentence += f"; không xếp loại {format_count(t['not_rated'])} đồng chí"
        self.add(P(sentence + "."))
        block = self.blocks["classification"]
        numeric = [col.key for col in block.columns if col.kind != "text"]
        self.totals_table(f"Kết quả xếp loại chất lượng đảng viên năm {c.year}", block, numeric)
        titles = {r.value: short_label(r.label) for r in Rating}
        titles["not_rated"] = "Không xếp loại"
        titles["cell_rating"] = "Chi bộ xếp loại"
        self.cell_table(
            f"Xếp loại đảng viên và chi bộ theo từng chi bộ năm {c.year}", block,
            [col.key for col in block.columns], titles,
        )
        self.add(P("Viết tắt: " + "; ".join(f"{short_label(r.label)}: {lower_first(r.label)}" for r in Rating) + "."))

        self.heading("2. Xếp loại chi bộ", 3)
        cells = c.totals.cell_levels
        parts = [
            f"{format_count(cells[r.value])} chi bộ {lower_first(r.label)}" for r in Rating if cells[r.value]
        ]
        if cells[None]:
            parts.append(f"{format_count(cells[None])} chi bộ chưa xếp loại")
        self.add(P(f"Trong {format_count(c.totals.cells)} chi bộ: {'; '.join(parts)}." if parts else "Chưa có chi bộ nào."))
        levels_block = self.blocks["cell_levels"]
        first, each = self.weights["summary_totals"]
        columns = [Column(levels_block.row_label, first)] + [
            Column(col.label, each, True) for col in levels_block.columns
        ]
        rows = [
            [row.label] + [self.value(v, col.kind, signed=col.label == CHANGE) for v, col in zip(row.values, levels_block.columns)]
            for row in [*levels_block.rows, *levels_block.totals]
        ]
        self.table(f"Xếp loại chất lượng chi bộ năm {c.year}", columns, rows, (len(levels_block.rows),))

    # -- III. students ---------------------------------------------------------

    def students(self) -> None:
        blocks = [b for key, b in self.blocks.items() if key.startswith("students_") and b.rows]
        if not blocks:
            return
        self.heading("III. Kết quả giáo dục học sinh", 2)
        for number, block in enumerate(blocks, start=1):
            scale = SCALES[block.key.removeprefix("students_")]
            self.heading(f"{number}. Các trường đánh giá theo {scale.source}", 3)
            total = block.totals[0].values
            index = {col.key: i for i, col in enumerate(block.columns)}
            self.add(
                P(
                    f"Số chi bộ: {format_count(len(block.rows))}; số học sinh được đánh giá: "
                    f"{format_count(total[index['assessed']])} em."
                )
            )
            given = self.c.totals.given.get(block.key, {})
            cells = self.c.totals.students[scale.code]["cells"]

            def levels(key: str, named) -> str:
                """Each level given by some cell: its count, rate and, when fewer cells gave it, how many."""
                out = []
                for code, label in named:
                    n = total[index[f"{key}.{code}.n"]] if f"{key}.{code}.n" in index else None
                    if n is None:
                        continue
                    of = given.get(f"{key}.{code}", 0)
                    out.append(f"{label} {format_count(n)} em ({self.value(total[index[f'{key}.{code}.pct']], 'percent')}%"
                               + ("" if of == cells else f"; {_of_cells(of, cells)}")
                               + ")")
                return "; ".join(out)

            for dim in scale.dimensions:
                text = levels(dim.key, dim.levels)
                if text:
                    self.item(f"{dim.label}: {text}.")
            titles = levels("titles", scale.titles)
            if titles:
                self.item(f"Danh hiệu: {titles}.")
            good = [(quality_key(q.code), q.label) for q in scale.qualities if f"{quality_key(q.code)}.tot.n" in index]
            if good:
                shown = "; ".join(levels(key, [("tot", label)]) for key, label in good)
                self.item(f"Mức Tốt theo từng phẩm chất, năng lực: {shown}.")
            note = (block.note or "").replace(CHANGE_NOTE, "").strip()  # said under the table it is about
            if note:
                self.add(P(note))
            self.totals_table(
                f"{block.title}: tổng hợp năm học {self.c.year - 1}-{self.c.year}", block,
                [col.key for col in block.columns if col.kind != "text"], groups=True,
            )
            grades = ["grades"] if "grades" in index else []  # a mixed year: which grades each cell counts here
            for dim in scale.dimensions:
                if all(total[index[f"{dim.key}.{code}.n"]] is None if f"{dim.key}.{code}.n" in index else True
                       for code, _ in dim.levels):
                    continue  # no cell gave this optional summary
                keys = grades + ["assessed"] + [f"{dim.key}.{code}.pct" for code, _ in dim.levels]
                titles = {"assessed": "Số học sinh"} | {
                    f"{dim.key}.{code}.pct": f"{label} (%)" for code, label in dim.levels
                }
                self.cell_table(f"{dim.label} theo chi bộ ({scale.source})", block, keys, titles)

    # -- IV. targets ------------------------------------------------------------

    def targets(self) -> None:
        block = self.blocks["targets"]
        self.heading(f"IV. Chỉ tiêu năm {self.c.year + 1} của các chi bộ", 2)
        self.totals_table(f"Tổng hợp chỉ tiêu năm {self.c.year + 1} của các chi bộ", block, groups=True)
        if block.note:
            self.add(P(block.note))

    # -- V. lists -------------------------------------------------------------

    def lists(self) -> None:
        c = self.c
        self.heading("V. Danh sách", 2)
        self.heading("1. Chi bộ theo mức xếp loại chất lượng", 3)
        for code, label in [*((r.value, r.label) for r in Rating), (None, NOT_RATED_CELLS)]:
            names = c.cells_at(code)
            if names:
                self.item(f"{label} ({format_count(len(names))} chi bộ): {'; '.join(names)}.")
        self.heading(f"2. Đảng viên kết nạp trong năm {c.year}", 3)
        admitted = c.admitted()
        if admitted:
            # A table, not a paragraph per cell: 300 cells stay a few pages.
            rows = [
                [cell, format_int(n), ", ".join(names) if names and len(names) == n else ""]
                for cell, n, names in admitted
            ]
            rows.append(["Tổng cộng", format_int(sum(n for _, n, _ in admitted)), ""])
            self.list_table(
                f"Đảng viên kết nạp trong năm {c.year}",
                ["Chi bộ", "Số đảng viên", "Họ và tên (khi chi bộ nhập danh sách đảng viên)"],
                rows, self.weights["summary_admitted"],
            )
        unknown = [r.get("cell_name") or "" for r in c.counted if r["members"].get("admitted") is None]
        if not admitted:
            self.add(P(f"Các chi bộ{' có số liệu' if unknown else ''} không kết nạp đảng viên mới."))
        if unknown:  # not known is not none
            self.add(P(f"Chi bộ không ghi số đảng viên kết nạp: {'; '.join(unknown)}."))
        self.heading("3. Đảng viên hoàn thành xuất sắc nhiệm vụ", 3)
        excellent = c.rated_excellent()
        if excellent:
            rows = [[cell, format_int(n)] for cell, n in excellent]
            rows.append(["Tổng cộng", format_int(sum(n for _, n in excellent))])
            self.list_table(
                f"Đảng viên hoàn thành xuất sắc nhiệm vụ năm {c.year}", ["Chi bộ", "Số đảng viên"], rows,
                self.weights["summary_excellent"],
            )
        unrated = [r.get("cell_name") or "" for r in c.counted
                   if r["classification"].get(Rating.EXCELLENT.value) is None]
        if not excellent:
            self.add(P(f"Không có đảng viên{' của các chi bộ có số liệu' if unrated else ''} được xếp loại "
                       "hoàn thành xuất sắc nhiệm vụ."))
        if unrated:
            self.add(P(f"Chi bộ không ghi số đảng viên hoàn thành xuất sắc nhiệm vụ: {'; '.join(unrated)}."))

    def list_table(self, caption: str, titles: list[str], rows: list[list[str]], weights) -> None:
        columns = [Column(t, w, i == 1) for i, (t, w) in enumerate(zip(titles, weights))]
        self.tables += 1
        self.add(Table(columns, rows, f"Bảng {self.tables}. {caption}", frozenset({len(rows) - 1}), dense=True))


def _fit(header: list[str], rows: list[list[str]], profile: Profile) -> list[float]:
    """Widths (mm) of a dense table's columns: each number column as wide as its longest
    word or value; the first (the cells' names) as wide as its longest name and the room
    allow, never narrower than the profile's ``name_min_mm``."""
    room = profile.page.text_width_mm
    padding = 2 * profile.table_cell_margin_mm + 1
    head = profile.styles.get("table_header_dense") or profile.style("table_header")
    number = profile.styles.get("table_number_dense") or profile.style("table_number")

    def width(text: str, size: float) -> float:
        measured = text_width_mm(text, profile.font, size, bold=True)
        return measured if measured is not None else 0.55 * size / PT_PER_MM * len(text)

    needs = [
        max([width(word, head.size) for word in title.split()] + [width(row[i], number.size) for row in rows])
        + padding
        for i, title in enumerate(header)
        if i
    ]
    longest = max(width(row[0], number.size) for row in rows) + padding if rows else 0
    first = max(min(longest, room - sum(needs)), profile.name_min_mm)
    # Room left over widens the number columns alike.
    spare = max(room - first - sum(needs), 0) / max(len(needs), 1)
    return [first, *(need + spare for need in needs)]


def _shown(totals: list, columns: list[int]) -> list:
    """The totals rows that have something in these columns (no last year: no comparison)."""
    return [row for row in totals if row.kind == "total" or any(row.values[i] is not None for i in columns)]


def superior_body(superior: str) -> str:
    """Who reads a report sent up: 'Đảng bộ tỉnh Nghệ An' -> 'Tỉnh ủy Nghệ An'."""
    for prefix, body in (("Đảng bộ tỉnh ", "Tỉnh ủy "), ("Đảng bộ thành phố ", "Thành ủy ")):
        if superior.casefold().startswith(prefix.casefold()):
            return body + superior[len(prefix):]
    return committee_body(superior)


def _without(label: str, prefix: str) -> str:
    """A column title without the words every title of its table repeats."""
    return label[len(prefix):][:1].upper() + label[len(prefix) + 1:] if label.startswith(prefix) else label

