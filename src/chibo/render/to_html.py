"""HTML renderer: a ``Document`` in, HTML that looks like the printed page out.

The web app's in-page preview. It knows the document model and the format
profile, nothing of Party work, and mirrors the DOCX renderer: the profile
gives the page width, margins, font and one CSS class per role (``.r-body``,
``.r-heading_2``…); roles in capitals are written in capitals; the masthead and
the closing are two-column tables sized as in the DOCX; tables have a header
row; a figure comes before its caption. Headings 1–4 become ``<h1>``–``<h4>``
so the outline stays navigable.

Spacing between paragraphs collapses to the larger of space after and space
before, as in the PDF (LibreOffice). On screens narrower than 700 px the page
reflows to the screen's width; only tables scroll sideways.

``render_html`` gives an ``<article class="chibo-page">`` whose page must carry
:func:`profile_css`; ``render_html(…, standalone=True)`` a whole HTML file, which
also prints on A4 with the profile's margins.
"""

from __future__ import annotations

import base64
import re
from html import escape

from ..document import Closing, Document, Figure, Masthead, Paragraph, Run, Table
from ..profiles import Profile, Style, load_profile
from ..vietnamese import upper

_HEADING_TAGS = {"heading_1": "h1", "heading_2": "h2", "heading_3": "h3", "heading_4": "h4"}
# Word's "single" line is the font's own line height: about 1.15 em for Times
# New Roman and Liberation Serif. A profile's line_spacing multiplies it.
SINGLE_LINE_EM = 1.15
# Metric-compatible stand-ins, then any serif.
_FALLBACK_FONTS = ("Liberation Serif", "Times New Roman")
NARROW_PX = 700
_CSS_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "justify"}
# Characters HTML cannot carry as text (C0 controls but tab and newline).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def role_class(role: str) -> str:
    """The CSS class of a role: ``body`` -> ``r-body``."""
    return "r-" + _CLASS_UNSAFE.sub("-", role)


# --- CSS ----------------------------------------------------------------------


def _num(value: float) -> str:
    """A CSS number without noise: 14.0 -> '14', 1.3225 -> '1.3225'."""
    text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _css_string(text: str) -> str:
    """A quoted CSS string that can end neither the rule nor the <style> element."""
    text = _CONTROL.sub("", text).replace("\n", " ")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace(">", "\\3e ")
    return f'"{text}"'


def font_stack(font: str) -> str:
    names = [font] + [f for f in _FALLBACK_FONTS if f.casefold() != font.casefold()]
    return ", ".join(_css_string(name) for name in names) + ", serif"


def line_height(style: Style) -> float:
    return style.line_spacing * SINGLE_LINE_EM


def _role_rule(role: str, s: Style) -> str:
    declarations = [
        f"font-size:{_num(s.size)}pt",
        f"font-weight:{'bold' if s.bold else 'normal'}",
        f"font-style:{'italic' if s.italic else 'normal'}",
        f"text-decoration:{'underline' if s.underline else 'none'}",
        f"text-transform:{'uppercase' if s.caps else 'none'}",
        f"text-align:{_CSS_ALIGN.get(s.align, 'left')}",
        f"text-indent:{_num(s.first_line_mm)}mm",
        # Margins collapse as the PDF (LibreOffice) spaces paragraphs: the
        # larger of one paragraph's space after and the next one's before.
        f"margin-top:{_num(s.space_before)}pt",
        f"margin-bottom:{_num(s.space_after)}pt",
        f"line-height:{_num(line_height(s))}",
        "white-space:pre-wrap",  # spaces and tabs as typed, like Word
    ]
    if s.keep_with_next:
        declarations.append("break-after:avoid;page-break-after:avoid")
    return f".chibo-page .{role_class(role)}{{{';'.join(declarations)}}}"


def profile_css(profile: Profile | None = None) -> str:
    """The style sheet of pages rendered with ``profile``: put it in a <style>.

    Every rule is scoped to ``.chibo-page``, so the host page's styles and these
    leave each other alone."""
    profile = profile or load_profile()
    page = profile.page
    body = profile.styles.get("body", Style())
    border = f"{_num(profile.table_border_pt)}pt solid #000" if profile.table_border_pt else "none"
    cell = _num(profile.table_cell_margin_mm)
    # The empty body paragraph the DOCX puts after a table and before the closing.
    gap = f"{_num(body.size * line_height(body))}pt"
    rules = [
        (
            ".chibo-page{box-sizing:border-box;display:block;"
            f"width:{_num(page.width_mm)}mm;max-width:100%;min-height:{_num(page.height_mm)}mm;"
            f"margin:0 auto;padding:{_num(page.top_mm)}mm {_num(page.right_mm)}mm "
            f"{_num(page.bottom_mm)}mm {_num(page.left_mm)}mm;"
            "background:#fff;color:#000;box-shadow:0 1px 4px rgba(0,0,0,.35);"
            f"font-family:{font_stack(profile.font)};font-size:{_num(body.size)}pt;"
            f"line-height:{_num(line_height(body))};text-align:left;font-kerning:normal;"
            "overflow-wrap:break-word;-webkit-text-size-adjust:100%;text-size-adjust:100%}"
        ),
        ".chibo-page *,.chibo-page *::before,.chibo-page *::after{box-sizing:border-box}",
        # Neutralise the host page's styles for these elements.
        (
            ".chibo-page p,.chibo-page h1,.chibo-page h2,.chibo-page h3,.chibo-page h4,"
            ".chibo-page header,.chibo-page footer,.chibo-page figure,.chibo-page figcaption,"
            ".chibo-page table,.chibo-page th,.chibo-page td"
            "{margin:0;padding:0;border:0;font:inherit;color:inherit;letter-spacing:normal;"
            "word-spacing:normal;background:none;text-align:inherit;text-indent:0}"
        ),
        (
            ".chibo-page b{font-weight:bold}.chibo-page i{font-style:italic}"
            ".chibo-page u{text-decoration:underline}.chibo-page .nb{font-weight:normal}"
            ".chibo-page .ni{font-style:normal}.chibo-page .no-u{text-decoration:none}"
        ),
        # Masthead and closing: borderless two-column layout tables.
        ".chibo-page .chibo-columns{width:100%;border-collapse:collapse;table-layout:fixed}",
        f".chibo-page .chibo-columns>tbody>tr>td{{vertical-align:top;padding:0 {cell}mm}}",
        f".chibo-page .chibo-closing{{padding-top:{gap}}}",
        ".chibo-page .chibo-columns tr{break-inside:avoid;page-break-inside:avoid}",
        # Tables: the caption, then the table in a wrapper that scrolls sideways
        # when the screen is narrower than the table.
        f".chibo-page .chibo-table{{padding-bottom:{gap}}}",
        ".chibo-page .chibo-scroll{overflow-x:auto}",
        ".chibo-page .chibo-table table{width:100%;border-collapse:collapse;table-layout:fixed}",
        (
            f".chibo-page .chibo-table th,.chibo-page .chibo-table td{{border:{border};"
            f"padding-left:{cell}mm;padding-right:{cell}mm;vertical-align:middle}}"
        ),
        ".chibo-page .chibo-table tr{break-inside:avoid;page-break-inside:avoid}",
        ".chibo-page .chibo-table thead{display:table-header-group}",
        # Figures: the image, then its caption.
        ".chibo-page figure{break-inside:avoid;page-break-inside:avoid}",
        ".chibo-page figure img{display:block;margin:0 auto;max-width:100%;height:auto;border:0}",
    ]
    rules += [_role_rule(role, style) for role, style in profile.styles.items()]
    rules.append(
        f"@media screen and (max-width:{NARROW_PX}px){{"
        ".chibo-page{width:auto;max-width:none;min-height:0;padding:16px 12px 24px;box-shadow:none}"
        # Masthead and closing: one column under the other.
        ".chibo-page .chibo-columns,.chibo-page .chibo-columns>tbody,"
        ".chibo-page .chibo-columns>tbody>tr,.chibo-page .chibo-columns>tbody>tr>td"
        "{display:block;width:auto}"
        ".chibo-page .chibo-columns>tbody>tr>td+td{padding-top:12pt}"
        # A table as wide as its content needs; the wrapper scrolls.
        ".chibo-page .chibo-table table{table-layout:auto}"
        "}"
    )
    rules.append(
        "@media print{"
        ".chibo-page{width:auto;max-width:none;min-height:0;margin:0;padding:0;box-shadow:none}"
        ".chibo-page .chibo-scroll{overflow:visible}"
        "}"
    )
    return "\n".join(rules) + "\n"


def page_css(profile: Profile | None = None) -> str:
    """The paper of a whole HTML file: A4 with the profile's margins when printed."""
    profile = profile or load_profile()
    page = profile.page
    return (
        f"@page{{size:{_num(page.width_mm)}mm {_num(page.height_mm)}mm;"
        f"margin:{_num(page.top_mm)}mm {_num(page.right_mm)}mm "
        f"{_num(page.bottom_mm)}mm {_num(page.left_mm)}mm}}\n"
        "html{background:#d9d9d9}body{margin:0;padding:16px 0}\n"
        f"@media screen and (max-width:{NARROW_PX}px){{html{{background:#fff}}body{{padding:0}}}}\n"
        "@media print{html{background:none}body{padding:0}}\n"
    )


# --- HTML ---------------------------------------------------------------------


def _text(text: str) -> str:
    """Escaped text; line breaks become <br>."""
    return "<br>".join(escape(line, quote=True) for line in _CONTROL.sub("", text).split("\n"))


class _Writer:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.out: list[str] = []
        self.tables = 0

    def style(self, role: str) -> Style:
        return self.profile.style(role)  # ProfileError for a role the profile lacks

    def runs(self, p: Paragraph) -> str:
        s = self.style(p.role)
        plain_underline = s.underline and any(r.underline is False for r in p.runs)
        pieces = []
        for run in p.runs:
            text = _text(upper(run.text) if s.caps else run.text)
            if not text:
                continue
            classes = []
            if run.bold is not None and run.bold != s.bold:
                if run.bold:
                    text = f"<b>{text}</b>"
                else:
                    classes.append("nb")
            if run.italic is not None and run.italic != s.italic:
                if run.italic:
                    text = f"<i>{text}</i>"
                else:
                    classes.append("ni")
            # An underline cannot be taken off a part of an underlined element:
            # such a paragraph drops the role's underline and marks its runs.
            underline = s.underline if run.underline is None else run.underline
            if underline and (plain_underline or not s.underline):
                text = f"<u>{text}</u>"
            if classes:
                text = f'<span class="{" ".join(classes)}">{text}</span>'
            pieces.append(text)
        return "".join(pieces)

    def paragraph(self, p: Paragraph, tag: str | None = None, attrs: str = "") -> str:
        s = self.style(p.role)
        tag = tag or _HEADING_TAGS.get(p.role, "p")
        classes = role_class(p.role)
        if s.underline and any(r.underline is False for r in p.runs):
            classes += " no-u"
        return f'<{tag} class="{classes}"{attrs}>{self.runs(p)}</{tag}>'

    # --- blocks

    def table(self, table: Table) -> None:
        # The caption is a paragraph before the table, as in the DOCX, and names
        # the table for assistive technology; it stays out of the part that
        # scrolls, so it wraps to the screen.
        self.tables += 1
        caption, label = "", ""
        if table.caption:
            ident = f"chibo-table-{self.tables}"
            caption = self.paragraph(Paragraph.of(table.caption, "table_caption"), "p", f' id="{ident}"')
            label = f' aria-labelledby="{ident}"'
        total = sum(c.weight for c in table.columns) or 1
        cols = "".join(f'<col style="width:{_num(100 * c.weight / total)}%">' for c in table.columns)
        styles = self.profile.styles
        head = "".join(
            self.paragraph(Paragraph.of(c.title, table.role("table_header", styles)), "th", ' scope="col"')
            for c in table.columns
        )
        rows = []
        for i, row in enumerate(table.rows):
            cells = []
            for column, value in zip(table.columns, row):
                p = Paragraph.of(value, table.role("table_number" if column.numeric else "table_cell", styles))
                if i in table.bold_rows:
                    p.runs = [Run(r.text, bold=True) for r in p.runs]
                cells.append(self.paragraph(p, "td"))
            cells += ["<td></td>"] * (len(table.columns) - len(row))
            rows.append(f"<tr>{''.join(cells)}</tr>")
        self.out.append(
            f'<div class="chibo-table">{caption}<div class="chibo-scroll">'
            f"<table{label}><colgroup>{cols}</colgroup>"
            f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></div>"
        )

    def figure(self, figure: Figure) -> None:
        data = base64.b64encode(figure.png).decode("ascii")
        width = max(0.0, min(figure.width_ratio, 1.0)) * 100
        aspect = figure.aspect if figure.aspect > 0 else 0.5
        alt = escape(_CONTROL.sub("", figure.caption or "").replace("\n", " "), quote=True)
        img = (
            f'<img src="data:image/png;base64,{data}" alt="{alt}" '
            f'style="width:{_num(width)}%;aspect-ratio:1/{_num(aspect)}">'
        )
        caption = ""
        if figure.caption:
            caption = self.paragraph(Paragraph.of(figure.caption, "figure_caption"), "figcaption")
        self.out.append(f'<figure class="{role_class("figure")}">{img}{caption}</figure>')

    def two_columns(self, left: str, right: str, left_pct: float) -> str:
        left_pct = max(0.0, min(left_pct, 100.0))
        return (
            '<table class="chibo-columns" role="presentation">'
            f'<colgroup><col style="width:{_num(left_pct)}%">'
            f'<col style="width:{_num(100 - left_pct)}%"></colgroup>'
            f"<tbody><tr><td>{left}</td><td>{right}</td></tr></tbody></table>"
        )

    def masthead(self, m: Masthead) -> None:
        left, left_pct = self._masthead_left(m)
        columns = self.two_columns(
            "".join(self.paragraph(p, "p") for p in left),
            "".join(self.paragraph(p, "p") for p in m.right),
            left_pct,
        )
        self.out.append(f'<header class="chibo-masthead">{columns}</header>')

    def _masthead_left(self, m: Masthead) -> tuple[list[Paragraph], float]:
        """Columns sized and a long name broken exactly as in the DOCX."""
        from .measure import fit_masthead

        return fit_masthead(m.left, m.right, self.profile)

    def closing(self, c: Closing) -> None:
        right = [self.paragraph(p, "p") for p in c.right_top]
        for i, p in enumerate(c.right_bottom):
            # The space left for signing comes before the signer's name.
            attrs = f' style="margin-top:{_num(self.profile.signing_space_pt)}pt"' if i == 0 else ""
            right.append(self.paragraph(p, "p", attrs))
        left = "".join(self.paragraph(p, "p") for p in c.left)
        columns = self.two_columns(left, "".join(right), self.profile.signature_left_pct)
        self.out.append(f'<footer class="chibo-closing">{columns}</footer>')

    def document(self, d: Document) -> str:
        label = f' aria-label="{escape(d.title, quote=True)}"' if d.title else ""
        lang = escape(self.profile.language, quote=True)
        self.out.append(f'<article class="chibo-page" lang="{lang}"{label}>')
        self.masthead(d.masthead)
        for block in d.body:
            if isinstance(block, Paragraph):
                self.out.append(self.paragraph(block))
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Figure):
                self.figure(block)
        if d.closing is not None:
            self.closing(d.closing)
        self.out.append("</article>")
        return "\n".join(self.out)


def render_html(document: Document, profile: Profile | None = None, *, standalone: bool = False) -> str:
    """The document as HTML: an ``<article class="chibo-page">`` whose page must
    carry :func:`profile_css`; or, with ``standalone``, a whole HTML file."""
    profile = profile or load_profile()
    article = _Writer(profile).document(document)
    if not standalone:
        return article
    lang = escape(profile.language.split("-")[0] or "vi", quote=True)
    title = escape(document.title or profile.title, quote=True)
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="chibo">\n<title>{title}</title>\n'
        f"<style>\n{page_css(profile)}{profile_css(profile)}</style>\n"
        f"</head>\n<body>\n{article}\n</body>\n</html>\n"
    )
