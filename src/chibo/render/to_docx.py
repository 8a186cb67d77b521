"""DOCX renderer: a ``Document`` in, the bytes of a .docx file out.

The base package (styles from the format profile, page setup, page-number
header) is built once per process and profile with python-docx. Each render
then only writes ``word/document.xml`` with our own WordprocessingML writer
and zips it with the cached parts: that is what makes it fast.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..document import Closing, Document, Figure, Masthead, Paragraph, Table
from ..profiles import Profile, Style, load_profile
from .measure import balance_line, break_line, fit_masthead, text_width_mm
from ..vietnamese import upper

# Roles that map onto Word's built-in headings, so Word's navigation pane works.
_HEADING_STYLES = {
    "heading_1": "Heading 1",
    "heading_2": "Heading 2",
    "heading_3": "Heading 3",
    "heading_4": "Heading 4",
}
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Parts of python-docx's template that a report does not need.
_DROPPED_PARTS = ("stylesWithEffects", "thumbnail", "customXml")
_KEPT_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Header"}


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"
_EMU_PER_MM = 36000


@dataclass(frozen=True)
class _Base:
    parts: tuple[tuple[str, bytes], ...]  # every part but those written per document
    content_types: str
    document_rels: str
    document_open: str  # "<w:document …><w:body>"
    section: str  # the final <w:sectPr>
    style_ids: dict[str, str]  # role -> styleId
    caps: frozenset[str]  # roles written in capitals


# --- the base package ---------------------------------------------------------


def apply_style(style, s: Style, font: str) -> None:
    style.font.name = font
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    style.font.size = Pt(s.size)
    style.font.bold = s.bold
    style.font.italic = s.italic
    style.font.underline = s.underline
    style.font.all_caps = s.caps
    style.font.color.rgb = RGBColor(0, 0, 0)
    pf = style.paragraph_format
    pf.alignment = _ALIGN[s.align]
    pf.first_line_indent = Mm(s.first_line_mm)
    pf.left_indent = Mm(0)
    pf.space_before = Pt(s.space_before)
    pf.space_after = Pt(s.space_after)
    pf.line_spacing = s.line_spacing
    pf.keep_with_next = s.keep_with_next
    pf.widow_control = True


def _prune_styles(document, used: set[str]) -> None:
    styles = document.styles.element
    keep = {n.lower() for n in used | _KEPT_STYLES}
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        # styles.xml spells built-in names in lower case ("heading 1")
        if name is None or name.get(qn("w:val")).lower() not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def _build_base(profile: Profile) -> _Base:
    document = docx.Document()
    # Document defaults: every run in the profile's font and language.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        rfonts.attrib.pop(attr)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), profile.font)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), profile.language)

    style_ids: dict[str, str] = {}
    used = set(_HEADING_STYLES.values())
    apply_style(document.styles["Normal"], profile.style("body"), profile.font)
    for role, s in profile.styles.items():
        name = _HEADING_STYLES.get(role)
        if name is None:
            name = f"Chibo {role.replace('_', ' ').title()}"
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"]
            style.quick_style = True
        else:
            style = document.styles[name]
        apply_style(style, s, profile.font)
        style_ids[role] = style.style_id
        used.add(name)
    _prune_styles(document, used)

    page = profile.page
    section = document.sections[0]
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
    section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
    section.header_distance = Mm(page.header_mm)
    section.footer_distance = Mm(page.header_mm)
    section.different_first_page_header_footer = page.number_pages_from > 1
    header = section.header.paragraphs[0]
    header.style = document.styles[_style_name(document, style_ids["page_number"])]
    header._p.extend(_page_field_runs())
    if page.number_pages_from > 1:
        section.first_page_header.is_linked_to_previous = False

    # Drop template parts a report does not need (smaller, faster files).
    main = document.part
    for rel_id, rel in list(main.rels.items()):
        if any(tag in rel.target_ref for tag in _DROPPED_PARTS):
            main.drop_rel(rel_id)
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if any(tag in rel.target_ref for tag in _DROPPED_PARTS):
            package_rels.pop(rel_id)

    buffer = io.BytesIO()
    document.save(buffer)
    per_document = ("word/document.xml", "docProps/core.xml", _TYPES, _RELS)
    with zipfile.ZipFile(buffer) as z:
        parts = tuple((name, z.read(name)) for name in z.namelist() if name not in per_document)
        xml = z.read("word/document.xml").decode("utf-8")
        content_types = z.read(_TYPES).decode("utf-8")
        document_rels = z.read(_RELS).decode("utf-8")
    if 'Extension="png"' not in content_types:
        content_types = content_types.replace(
            "<Default ", '<Default Extension="png" ContentType="image/png"/><Default ', 1
        )
    body_at = xml.index("<w:body>") + len("<w:body>")
    sect_at = xml.index("<w:sectPr")
    caps = frozenset(role for role, s in profile.styles.items() if s.caps)
    return _Base(
        parts,
        content_types,
        document_rels,
        xml[:body_at],
        xml[sect_at : xml.index("</w:body>")],
        style_ids,
        caps,
    )


def _style_name(document, style_id: str) -> str:
    return next(s.name for s in document.styles if s.style_id == style_id)


def _page_field_runs():
    """The runs of a PAGE field; the cached "2" shows where fields are not updated."""
    from docx.oxml import parse_xml

    paragraph = parse_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>2</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "</w:p>"
    )
    return list(paragraph)


@lru_cache(maxsize=8)
def _base_for(profile: Profile) -> _Base:
    return _build_base(profile)


# --- the body -----------------------------------------------------------------


class _Writer:
    def __init__(self, base: _Base, profile: Profile) -> None:
        self.base = base
        self.profile = profile
        self.out: list[str] = []
        self.media: list[tuple[str, str, bytes]] = []  # (relationship id, part name, data)

    def paragraph(self, p: Paragraph, extra_ppr: str = "") -> None:
        style_id = self.base.style_ids[p.role]
        caps = p.role in self.base.caps
        out = self.out
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{extra_ppr}</w:pPr>')
        for run in p.runs:
            props = []
            if run.bold is not None:
                props.append("<w:b/><w:bCs/>" if run.bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
            if run.italic is not None:
                props.append("<w:i/><w:iCs/>" if run.italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
            if run.underline is not None:
                props.append(f'<w:u w:val="{"single" if run.underline else "none"}"/>')
            rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
            text = upper(run.text) if caps else run.text
            out.append(f"<w:r>{rpr}{_run_content(text)}</w:r>")
        out.append("</w:p>")

    def table(self, table: Table, spacer: bool = True) -> None:
        if table.caption:
            self.paragraph(Paragraph.of(table.caption, "table_caption"))
        width = twips(self.profile.page.text_width_mm)
        total = sum(c.weight for c in table.columns)
        widths = [round(width * c.weight / total) for c in table.columns]
        border = round(self.profile.table_border_pt * 8)
        self._table_open(widths, border)
        styles = self.profile.styles
        header = [Paragraph.of(c.title, table.role("table_header", styles)) for c in table.columns]
        # A table may split across pages (its header row repeated, w:tblHeader), so a page
        # is not left half empty; only the header with the first row, and the last two
        # rows, are kept together, so no page ends on a header or starts with a lone row.
        last = len(table.rows) - 1
        self._row([[p] for p in header], widths, header=True, keep=True)
        for i, row in enumerate(table.rows):
            cells = []
            for column, width, value in zip(table.columns, widths, row):
                role = table.role("table_number" if column.numeric else "table_cell", styles)
                if not column.numeric and not table.dense:  # a report's labels, not a summary's names
                    value = self._two_lines(value, role, width, i in table.bold_rows)
                p = Paragraph.of(value, role)
                if i in table.bold_rows:
                    p.runs = [type(r)(r.text, bold=True) for r in p.runs]
                cells.append([p])
            self._row(cells, widths, keep=i < last and (i == 0 or i == last - 1))
        self.out.append("</w:tbl>")
        # Word merges two adjacent tables; an empty paragraph keeps them apart, and a line
        # of space from the text. A chart has its own space above: a whole empty line more
        # could push it, and a quarter page with it, to the next page.
        if spacer:
            self.out.append('<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>')

    def _two_lines(self, text: str, role: str, width_twips: int, bold: bool) -> str:
        """A label that takes two lines in its cell, broken where the halves balance
        («Hoàn thành / xuất sắc», not «Hoàn thành xuất / sắc»); left alone when it fits
        one line, needs three, or the font cannot be measured."""
        if "\n" in text or " " not in text:
            return text
        s = self.profile.style(role)
        room = width_twips * 25.4 / 1440 - 2 * self.profile.table_cell_margin_mm - s.first_line_mm

        def measure(part: str) -> float | None:
            return text_width_mm(part, self.profile.font, s.size, s.bold or bold, s.italic)

        whole = measure(text)
        if whole is None or whole <= room or whole > 2 * room:
            return text
        broken = break_line(text, measure, room)
        halves = broken.split("\n")
        if len(halves) != 2 or any((measure(h) or room + 1) > room for h in halves):
            return text
        return broken

    def _balanced(self, p: Paragraph) -> Paragraph:
        """A part's title (heading_1_title) too long for one line in two lines, after its
        comma or balanced (measure.balance_line), so a cell's own title does not leave its
        year or half a word alone on the second line."""
        if p.role != "heading_1_title" or len(p.runs) != 1 or "\n" in p.text:
            return p
        s = self.profile.style(p.role)
        text = upper(p.text) if s.caps else p.text

        def measure(part: str) -> float | None:
            return text_width_mm(part, self.profile.font, s.size, s.bold, s.italic)

        room = self.profile.page.text_width_mm - s.first_line_mm
        whole = measure(text)
        if whole is None or whole <= room:
            return p
        broken = balance_line(text, measure, room)
        return p if broken == text else Paragraph.of(broken, p.role)

    def figure(self, figure: Figure) -> None:
        n = len(self.media) + 1
        rel_id, name = f"rIdChiboImage{n}", f"media/chibo-image{n}.png"
        self.media.append((rel_id, name, figure.png))
        cx = round(self.profile.page.text_width_mm * figure.width_ratio * _EMU_PER_MM)
        cy = round(cx * figure.aspect)
        caption = escape(figure.caption or "", {'"': "&quot;"})
        style_id = self.base.style_ids["figure"]
        self.out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:drawing>'
            f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{1000 + n}" name="Hình {n}" descr="{caption}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:nvPicPr><pic:cNvPr id="{n}" name="chibo-image{n}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )
        if figure.caption:
            self.paragraph(Paragraph.of(figure.caption, "figure_caption"))

    def document_rels(self) -> str:
        extra = "".join(
            f'<Relationship Id="{rel_id}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            f'Target="{name}"/>'
            for rel_id, name, _ in self.media
        )
        return self.base.document_rels.replace("</Relationships>", extra + "</Relationships>")

    def _table_open(self, widths: list[int], border: int) -> None:
        margin = twips(self.profile.table_cell_margin_mm)
        if border:
            edge = f'w:val="single" w:sz="{border}" w:space="0" w:color="000000"'
        else:
            edge = 'w:val="nil"'
        borders = "".join(
            f"<w:{side} {edge}/>"
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        self.out.append(
            "<w:tbl><w:tblPr>"
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders>{borders}</w:tblBorders>"
            '<w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
            f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>"
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
            + "</w:tblGrid>"
        )

    def _row(
        self, cells: list[list[Paragraph]], widths: list[int], header: bool = False, keep: bool = False
    ) -> None:
        extra = "<w:keepNext/>" if keep else ""
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        self.out.append(f"<w:tr>{trpr}")
        for paragraphs, width in zip(cells, widths):
            self.out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                '<w:vAlign w:val="center"/></w:tcPr>'
            )
            if not paragraphs:
                paragraphs = [Paragraph.of("", "table_cell")]
            for p in paragraphs:
                self.paragraph(p, extra)
            self.out.append("</w:tc>")
        self.out.append("</w:tr>")

    def two_columns(self, left: list[Paragraph], right: list, left_pct: float) -> None:
        width = twips(self.profile.page.text_width_mm)
        left_width = round(width * left_pct / 100)
        widths = [left_width, width - left_width]
        self._table_open(widths, 0)
        # A masthead or signature is never split across pages (a name alone on the last page).
        self.out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for items, w in zip((left, right), widths):
            self.out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>')
            if not items:
                items = [(Paragraph.of("", "body"), "")]
            for item in items:
                p, extra = item if isinstance(item, tuple) else (item, "")
                self.paragraph(p, extra)
            self.out.append("</w:tc>")
        self.out.append("</w:tr></w:tbl>")

    def masthead(self, m: Masthead) -> None:
        # Columns sized to their text, so the date stays on one line and a long
        # name breaks where the halves balance, not where Word runs out of room.
        left, left_pct = fit_masthead(m.left, m.right, self.profile)
        self.two_columns(left, m.right, left_pct)

    def closing(self, c: Closing) -> None:
        space = round(self.profile.signing_space_pt * 20)
        right = [*c.right_top]
        for i, p in enumerate(c.right_bottom):
            right.append((p, f'<w:spacing w:before="{space}"/>' if i == 0 else ""))
        # Space between the last paragraph and the signature block, kept with it.
        self.out.append('<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>')
        self.two_columns(c.left, right, self.profile.signature_left_pct)

    def _introduces(self, p: Paragraph) -> bool:
        """A sentence of at most two lines that ends in ":" («… các chỉ tiêu sau:»).

        LibreOffice moves a kept paragraph whole, so a long one would leave a page
        half empty: it is not kept, its own lines carry enough on their own.
        """
        if not p.text.rstrip().endswith(":"):
            return False
        s = self.profile.style(p.role)
        width = text_width_mm(p.text, self.profile.font, s.size, s.bold, s.italic)
        if width is None:  # no font to measure with: about 85 characters a line
            return len(p.text) <= 2 * 85
        return width + s.first_line_mm <= 2 * self.profile.page.text_width_mm * 0.95

    def document_xml(self, d: Document) -> bytes:
        self.out.append(self.base.document_open)
        self.masthead(d.masthead)
        last = len(d.body) - 1
        for i, block in enumerate(d.body):
            if isinstance(block, Paragraph):
                # The closing sentence goes with the signature (never a signature alone on a
                # page), and a short sentence ending in ":" with what it introduces.
                keep = d.closing is not None if i == last else self._introduces(block)
                self.paragraph(self._balanced(block), "<w:keepNext/>" if keep else "")
            elif isinstance(block, Table):
                self.table(block, not (i < last and isinstance(d.body[i + 1], Figure)))
            elif isinstance(block, Figure):
                self.figure(block)
        if d.closing is not None:
            self.closing(d.closing)
        self.out.append(self.base.section)
        self.out.append("</w:body></w:document>")
        return "".join(self.out).encode("utf-8")


def _run_content(text: str) -> str:
    pieces = []
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return "".join(pieces)


def _core_xml(d: Document) -> bytes:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(d.title)}</dc:title><dc:creator>{escape(d.author)}</dc:creator>"
        "<cp:lastModifiedBy>chibo</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def render_docx(document: Document, profile: Profile | None = None) -> bytes:
    profile = profile or load_profile()
    base = _base_for(profile)
    writer = _Writer(base, profile)
    body = writer.document_xml(document)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr(_TYPES, base.content_types)  # first, as some readers expect
        for name, data in base.parts:
            z.writestr(name, data)
        z.writestr(_RELS, writer.document_rels())
        z.writestr("word/document.xml", body)
        z.writestr("docProps/core.xml", _core_xml(document))
        for _, name, data in writer.media:
            # PNG is compressed already
            z.writestr(f"word/{name}", data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()
