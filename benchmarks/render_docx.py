"""Benchmark: chibo's DOCX renderer against docxtpl doing the same job.

Run from the repository root (needs the ``bench`` extra, i.e. docxtpl)::

    python benchmarks/render_docx.py                      # examples/thcs-2026.yaml
    python benchmarks/render_docx.py path/to/report.yaml --iterations 200

What is timed, per iteration, starting from the same validated ``Report``:

* chibo:   ``render_report(report)``: figures, compose, DOCX bytes.
* docxtpl: figures and compose (the same ``Document`` model), a Jinja context
  built from its blocks, then ``DocxTemplate(template).render(context)`` and
  ``save(BytesIO)``.

The docxtpl template is built at start-up with python-docx from the same
``Document`` model: the same paragraph styles (from the format profile), page
set-up and page-number header, the masthead table, every paragraph, every
table with a header row and a ``{%tr for %}`` row loop (with ``{%tr if %}`` for
bold rows), and the closing block. It holds layout and tags only: every text
reaches the output through the context, as chibo's does through the Document.
Figures become docxtpl ``InlineImage`` objects (made in the timed part, as they
need the template object). The template is kept as lean as chibo's base
package (unused styles and parts dropped), and one autoescaping Jinja
environment is shared by all renders, so the baseline is docxtpl at its best,
not at its default. What docxtpl does not do: chibo's renderer-side layout
work (e.g. sizing the masthead columns to their text); the template uses the
profile's fixed split, which only makes docxtpl's job lighter.

Both are warmed up, then timed alternately (ABBA order) for N iterations.
Output, in order:

* the paragraph counts of both outputs read back with python-docx (the script
  fails if they differ by more than 2 % or the texts differ);
* median and p90 milliseconds per render for each;
* resident memory (VmRSS) after 100 and after 1,000 chibo renders in this
  process (done first, before docxtpl has grown the heap), Python's count of
  allocated blocks at the same points, and ``memory_growth_kib``: the VmRSS
  growth over the last 900 renders (fails above 2 MiB);
* last line: ``docx_vs_docxtpl_speedup: X`` = docxtpl median / chibo median
  (the target is X >= 4).

Exit status: 0 on success, 1 if the outputs disagree or memory grows.
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import time
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment

from chibo.compose import compose
from chibo.document import Document, Figure, Paragraph, Run, Table
from chibo.figures import compute
from chibo.loader import load_file
from chibo.model import Report
from chibo.profiles import Profile, load_profile
from chibo.render_docx import apply_style, twips
from chibo.report import render_report
from chibo.vietnamese import upper

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXAMPLE = ROOT / "examples" / "thcs-2026.yaml"

WARMUP = 10
MEMORY_RENDERS = 1000
MEMORY_FIRST = 100
MEMORY_BOUND_KIB = 2048
COUNT_TOLERANCE = 0.02


# --- the docxtpl side: context ----------------------------------------------------


def _plain_runs(p: Paragraph) -> bool:
    """True when every run has the same formatting: one template run will do."""
    return len({(r.bold, r.italic, r.underline) for r in p.runs}) <= 1


def _text(p: Paragraph, caps: frozenset[str]) -> str | list[str]:
    if _plain_runs(p):
        text = p.text
        return upper(text) if p.role in caps else text
    return [upper(r.text) if p.role in caps else r.text for r in p.runs]


def context_of(d: Document, caps: frozenset[str], tpl: DocxTemplate, text_width_mm: float) -> dict:
    """The Jinja context for the template ``build_template`` makes from ``d``'s shape."""
    body = []
    for block in d.body:
        if isinstance(block, Paragraph):
            body.append(_text(block, caps))
        elif isinstance(block, Table):
            body.append(
                {
                    "caption": block.caption or "",
                    "cols": [c.title for c in block.columns],
                    "rows": [
                        {"c": row, "b": i in block.bold_rows} for i, row in enumerate(block.rows)
                    ],
                }
            )
        elif isinstance(block, Figure):
            width = text_width_mm * block.width_ratio
            image = InlineImage(
                tpl, io.BytesIO(block.png), width=Mm(width), height=Mm(width * block.aspect)
            )
            body.append({"image": image, "caption": block.caption or ""})
        else:
            raise NotImplementedError(type(block).__name__)
    closing = d.closing
    return {
        "title": d.title,
        "author": d.author,
        "mh_left": [_text(p, caps) for p in d.masthead.left],
        "mh_right": [_text(p, caps) for p in d.masthead.right],
        "body": body,
        "cl_left": [_text(p, caps) for p in closing.left] if closing else [],
        "cl_top": [_text(p, caps) for p in closing.right_top] if closing else [],
        "cl_bottom": [_text(p, caps) for p in closing.right_bottom] if closing else [],
    }


# --- the docxtpl side: template -----------------------------------------------------

_HEADINGS = {f"heading_{n}": f"Heading {n}" for n in range(1, 5)}
_KEEP_STYLES = {"normal", "default paragraph font", "normal table", "no list", "header"}
_DROPPED_PARTS = ("stylesWithEffects", "thumbnail", "customXml")


def _fonts(rpr, font: str) -> None:
    """Every script in ``font``, theme fonts dropped (they would win over it)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


# The template gets exactly chibo's styles and units.
_style = apply_style
_twips = twips


class _TemplateBuilder:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.doc = docx.Document()
        self.styles: dict[str, str] = {}  # role -> style name
        self.text_width = _twips(profile.page.text_width_mm)
        self._styles()
        self._page()
        self.body = self.doc.element.body

    def _styles(self) -> None:
        doc, profile = self.doc, self.profile
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rpr, profile.font)
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            for attr in ("w:val", "w:eastAsia", "w:bidi"):
                lang.set(qn(attr), profile.language)
        _style(doc.styles["Normal"], profile.style("body"), profile.font)
        for role, s in profile.styles.items():
            name = _HEADINGS.get(role)
            if name is None:
                name = f"Tpl {role}"
                style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = doc.styles["Normal"]
            else:
                style = doc.styles[name]
            _style(style, s, profile.font)
            self.styles[role] = name
        # Drop the unused built-in styles, as chibo's base package does.
        keep = _KEEP_STYLES | {n.lower() for n in self.styles.values()}
        element = doc.styles.element
        for style in list(element.findall(qn("w:style"))):
            name = style.find(qn("w:name"))
            if name is None or name.get(qn("w:val")).lower() not in keep:
                element.remove(style)
        latent = element.find(qn("w:latentStyles"))
        if latent is not None:
            element.remove(latent)

    def _page(self) -> None:
        page = self.profile.page
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
        section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
        section.header_distance = section.footer_distance = Mm(page.header_mm)
        section.different_first_page_header_footer = page.number_pages_from > 1
        header = section.header.paragraphs[0]
        header.style = self.doc.styles[self.styles["page_number"]]
        field = parse_xml(
            f"<w:p {nsdecls('w')}>"
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            "<w:r><w:t>2</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
        header._p.extend(list(field))
        if page.number_pages_from > 1:
            section.first_page_header.is_linked_to_previous = False

    # -- building blocks (appended before the final sectPr) --

    def _append(self, element) -> None:
        self.body.insert(len(self.body) - 1, element)

    def paragraph(self, container, p: Paragraph, expr: str, space_before_pt=None):
        """A paragraph in ``p``'s style whose text is the context expression ``expr``."""
        para = container.add_paragraph(style=self.styles[p.role])
        if _plain_runs(p):
            run = para.add_run(f"{{{{ {expr} }}}}")
            self._format(run, p.runs[0] if p.runs else None)
        else:
            for j, r in enumerate(p.runs):
                self._format(para.add_run(f"{{{{ {expr}[{j}] }}}}"), r)
        if space_before_pt is not None:
            para.paragraph_format.space_before = Pt(space_before_pt)
        return para

    @staticmethod
    def _format(run, r) -> None:
        if r is not None:
            run.bold, run.italic, run.underline = r.bold, r.italic, r.underline

    def spacer(self) -> None:
        para = self.doc.add_paragraph()
        para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)

    def _table(self, rows: int, widths: list[int], border_pt: float, valign: bool = False):
        table = self.doc.add_table(rows=rows, cols=len(widths))
        tbl = table._tbl
        if border_pt:
            edge = f'w:val="single" w:sz="{round(border_pt * 8)}" w:space="0" w:color="000000"'
        else:
            edge = 'w:val="nil"'
        sides = "".join(f"<w:{s} {edge}/>" for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        margin = _twips(self.profile.table_cell_margin_mm)
        table.autofit = False  # <w:tblLayout w:type="fixed"/>
        extra = parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:jc w:val=\"center\"/><w:tblBorders>{sides}</w:tblBorders>"
            f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
            f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
        jc, borders, cell_margins = list(extra)
        # In the order the schema wants: jc, tblBorders, tblLayout, tblCellMar, tblLook.
        layout = tbl.tblPr.find(qn("w:tblLayout"))
        layout.addprevious(jc)
        layout.addprevious(borders)
        layout.addnext(cell_margins)
        for gc_, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
            gc_.set(qn("w:w"), str(w))
        for row in table.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = w * 635  # twips -> EMU
                if valign:
                    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))
        return table

    @staticmethod
    def _cell_paragraphs(cell, fill) -> None:
        """Fill a cell (which starts with one empty paragraph) and drop the empty one."""
        first = cell.paragraphs[0]
        fill(cell)
        first._p.getparent().remove(first._p)

    def two_columns(self, left, right, left_pct: float) -> None:
        """left/right: lists of (Paragraph, expr, space_before_pt or None)."""
        lw = round(self.text_width * left_pct / 100)
        table = self._table(1, [lw, self.text_width - lw], 0)
        for cell, items in zip(table.rows[0].cells, (left, right)):
            def fill(cell, items=items):
                for p, expr, before in items:
                    self.paragraph(cell, p, expr, before)
            if items:
                self._cell_paragraphs(cell, fill)
        self._append(table._tbl)

    def table(self, t: Table, i: int) -> None:
        if t.caption:
            self.paragraph(self.doc, Paragraph.of(t.caption, "table_caption"), f"body[{i}].caption")
        total = sum(c.weight for c in t.columns)
        widths = [round(self.text_width * c.weight / total) for c in t.columns]
        # After the header: a row loop, with a bold variant when the table has bold rows.
        # Each spec is a tag row ("tr" tag text) or a cell row (bold or not).
        loop = f"for row in body[{i}].rows"
        if t.bold_rows:
            specs = [("tag", loop), ("tag", "if row.b"), ("row", True), ("tag", "else"),
                     ("row", None), ("tag", "endif"), ("tag", "endfor")]
        else:
            specs = [("tag", loop), ("row", None), ("tag", "endfor")]
        table = self._table(1 + len(specs), widths, self.profile.table_border_pt, valign=True)
        rows = table.rows
        header = rows[0]
        header._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for k, cell in enumerate(header.cells):
            self._cell_paragraphs(
                cell,
                lambda c, k=k: self.paragraph(c, Paragraph.of("", "table_header"), f"body[{i}].cols[{k}]"),
            )
        for row, (kind, value) in zip(rows[1:], specs):
            if kind == "tag":
                row.cells[0].paragraphs[0].add_run(f"{{%tr {value} %}}")
                continue
            row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
            for k, (cell, column) in enumerate(zip(row.cells, t.columns)):
                role = "table_number" if column.numeric else "table_cell"
                model = Paragraph([Run("", bold=value)], role)
                self._cell_paragraphs(cell, lambda c, k=k, m=model: self.paragraph(c, m, f"row.c[{k}]"))
        self._append(table._tbl)
        self.spacer()  # chibo keeps adjacent tables apart with an empty paragraph

    def build(self, d: Document) -> bytes:
        items = lambda ps, name: [(p, f"{name}[{j}]", None) for j, p in enumerate(ps)]
        self.two_columns(
            items(d.masthead.left, "mh_left"), items(d.masthead.right, "mh_right"),
            self.profile.masthead_left_pct,
        )
        for i, block in enumerate(d.body):
            if isinstance(block, Paragraph):
                self.paragraph(self.doc, block, f"body[{i}]")
            elif isinstance(block, Table):
                self.table(block, i)
            elif isinstance(block, Figure):
                self.paragraph(self.doc, Paragraph.of("", "figure"), f"body[{i}].image")
                if block.caption:
                    self.paragraph(
                        self.doc, Paragraph.of(block.caption, "figure_caption"), f"body[{i}].caption"
                    )
            else:
                raise NotImplementedError(type(block).__name__)
        if d.closing is not None:
            self.spacer()
            right = items(d.closing.right_top, "cl_top") + [
                (p, f"cl_bottom[{j}]", self.profile.signing_space_pt if j == 0 else None)
                for j, p in enumerate(d.closing.right_bottom)
            ]
            self.two_columns(items(d.closing.left, "cl_left"), right, self.profile.signature_left_pct)
        props = self.doc.core_properties
        props.title, props.author = "{{ title }}", "{{ author }}"
        # Drop template parts a report does not need, as chibo's base package does.
        main = self.doc.part
        for rel_id, rel in list(main.rels.items()):
            if any(tag in rel.target_ref for tag in _DROPPED_PARTS):
                main.drop_rel(rel_id)
        package_rels = main.package.rels
        for rel_id, rel in list(package_rels.items()):
            if any(tag in rel.target_ref for tag in _DROPPED_PARTS):
                package_rels.pop(rel_id)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def build_template(d: Document, profile: Profile) -> bytes:
    return _TemplateBuilder(profile).build(d)


# --- the two contenders ---------------------------------------------------------------


def render_chibo(report: Report) -> bytes:
    return render_report(report)


def make_docxtpl(template: bytes, profile: Profile):
    caps = frozenset(role for role, s in profile.styles.items() if s.caps)
    env = Environment(autoescape=True)
    text_width_mm = profile.page.text_width_mm

    def render(report: Report) -> bytes:
        tpl = DocxTemplate(io.BytesIO(template))
        context = context_of(compose(report, compute(report)), caps, tpl, text_width_mm)
        tpl.render(context, env)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    return render


# --- checks and measurements -------------------------------------------------------------


def paragraph_texts(data: bytes) -> list[str]:
    """Every paragraph of the body, tables included, in reading order."""
    d = docx.Document(io.BytesIO(data))
    return [DocxParagraph(p, d._body).text for p in d.element.body.iter(qn("w:p"))]


def rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def ms(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[round(q * 100) - 1] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", default=str(DEFAULT_EXAMPLE), help="report YAML")
    parser.add_argument("--iterations", type=int, default=200, help="timed renders of each (200)")
    args = parser.parse_args(argv)
    if args.iterations < 2:
        parser.error("--iterations must be at least 2")

    loaded = load_file(args.report)
    if loaded.report is None:
        for problem in loaded.problems:
            print(problem, file=sys.stderr)
        return 2
    report = loaded.report
    profile = load_profile()
    print(f"report: {args.report}")

    # Memory first, on a heap docxtpl has not grown yet: 1,000 chibo renders in this
    # process (the first also draws the charts, which chibo caches). RSS is what
    # the spec asks for; Python's count of allocated blocks also catches leaks
    # too small to move RSS.
    t0 = time.perf_counter()
    render_chibo(report)
    print(f"first chibo render (cold: base package, charts): {(time.perf_counter() - t0) * 1000:.0f} ms")
    for n in range(1, MEMORY_RENDERS + 1):
        render_chibo(report)
        if n == MEMORY_FIRST:
            gc.collect()
            first, first_blocks = rss_kib(), sys.getallocatedblocks()
    gc.collect()
    last, last_blocks = rss_kib(), sys.getallocatedblocks()
    growth = last - first

    t0 = time.perf_counter()
    document = compose(report, compute(report))
    template = build_template(document, profile)
    print(f"docxtpl template: {len(template)} bytes, built in {(time.perf_counter() - t0) * 1000:.0f} ms")
    kinds = [type(block).__name__ for block in document.body]
    print("body blocks: " + ", ".join(f"{kinds.count(k)} {k}" for k in ("Paragraph", "Table", "Figure")))
    docxtpl_render = make_docxtpl(template, profile)

    # Same content?
    ours, theirs = render_chibo(report), docxtpl_render(report)
    a, b = paragraph_texts(ours), paragraph_texts(theirs)
    # Same words in the same paragraphs; where a line breaks is layout, not content.
    ta, tb = ([" ".join(t.split()) for t in texts if t.strip()] for texts in (a, b))
    same = "texts identical" if ta == tb else "TEXTS DIFFER"
    print(f"paragraphs: chibo {len(a)}, docxtpl {len(b)} ({same})")
    print(f"sizes: chibo {len(ours)} bytes, docxtpl {len(theirs)} bytes")
    failed = False
    if abs(len(a) - len(b)) > max(1, COUNT_TOLERANCE * max(len(a), len(b))):
        print("FAIL: paragraph counts differ", file=sys.stderr)
        failed = True
    if ta != tb:
        diff = next((i for i, (x, y) in enumerate(zip(ta, tb)) if x != y), min(len(ta), len(tb)))
        print(f"FAIL: texts differ at non-empty paragraph {diff}: "
              f"{ta[diff:diff + 1]!r} vs {tb[diff:diff + 1]!r}", file=sys.stderr)
        failed = True

    # Warm up, then time alternately (ABBA) so drift hits both alike.
    for _ in range(WARMUP):
        render_chibo(report)
        docxtpl_render(report)
    contenders = {"chibo": render_chibo, "docxtpl": docxtpl_render}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    order = list(contenders)
    gc.collect()
    for i in range(args.iterations):
        for name in order if i % 2 == 0 else reversed(order):
            start = time.perf_counter()
            contenders[name](report)
            samples[name].append(time.perf_counter() - start)
    for name, s in samples.items():
        print(f"{name}: median {ms(s, 0.5):.2f} ms, p90 {ms(s, 0.9):.2f} ms ({len(s)} renders)")

    print(f"rss_kib after {MEMORY_FIRST} chibo renders: {first}, after {MEMORY_RENDERS}: {last}")
    print(f"allocated_blocks after {MEMORY_FIRST}: {first_blocks}, after {MEMORY_RENDERS}: {last_blocks}")
    print(f"memory_growth_kib: {growth}")
    if growth > MEMORY_BOUND_KIB:
        print(f"FAIL: memory grew by more than {MEMORY_BOUND_KIB} KiB", file=sys.stderr)
        failed = True

    speedup = statistics.median(samples["docxtpl"]) / statistics.median(samples["chibo"])
    print(f"docx_vs_docxtpl_speedup: {speedup:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
