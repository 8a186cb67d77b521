"""Benchmark: chibo's DOCX renderer against docxtpl doing the same job.

Run from the repository root (needs the ``bench`` extra, i.e. docxtpl)::

    python benchmarks/render_docx.py                      # examples/thcs-2026.yaml
    python benchmarks/render_docx.py path/to/report.yaml --iterations 200

Two figures.

Warm, in this process, per iteration, starting from the same validated ``Report``:

* chibo:   ``render_report(report)``: figures, compose, DOCX bytes.
* docxtpl: figures and compose (the same ``Document`` model), a Jinja context
  built from its blocks, then ``DocxTemplate(template).render(context)`` and
  ``save(BytesIO)``.

Cached in both: chibo's base package (styles, page set-up; built once per
process) and its charts (drawn once, then reused), the template bytes and one
autoescaping Jinja environment for docxtpl; fonts are loaded once per process.

One-off, in a fresh process each time (nothing cached or warmed but the OS's
file cache; the first of each is untimed): from the YAML file to a DOCX file with
charts. chibo: ``chibo render REPORT -o OUT.docx``. docxtpl: this script's
``--docxtpl-one-off`` mode, the same work through the same core (load and
validate the YAML, figures, compose, which draws the same chart PNGs with
matplotlib), then the template file from disk rendered and saved. chibo also
runs its checks and sizes the masthead to its text; docxtpl does neither,
which only makes its job lighter.

The docxtpl template is written the way docxtpl's documentation recommends:
a ``{%p for %}`` loop over the body's blocks with a ``{%p if %}`` branch per
kind of block (one paragraph per style, one table per column layout with a
``{%tr for %}`` row loop and ``{%tr if %}`` for bold rows, one image
paragraph), a ``{%p for %}`` loop over the distribution list, and fixed
paragraphs for the masthead and the signature. It is built at start-up with
python-docx from the profile (chibo's styles, page set-up, page-number header)
and the kinds of blocks the report has; it holds layout and tags only, every
text reaches the output through the context. It is kept as lean as chibo's
base package (unused styles and parts dropped). Paragraphs whose runs differ in
formatting go through ``RichTextParagraph`` (none in the examples).

Output, in order:

* the template's size and number of Jinja tags;
* the paragraph counts of both outputs read back with python-docx (the script
  fails if they differ by more than 2 % or the texts differ);
* median and p90 milliseconds per warm render for each;
* resident memory (VmRSS) after 100 and after 1,000 chibo renders in this
  process (done first, before docxtpl has grown the heap), Python's count of
  allocated blocks at the same points, and ``memory_growth_kib``: the VmRSS
  growth over the last 900 renders (fails above 2 MiB);
* ``one_off_render_ms: chibo X docxtpl Y``: medians of ``--one-off`` fresh
  processes each (interleaved), wall time; each process's CPU time is printed
  above it, as it varies less on a busy machine;
* last line: ``docx_vs_docxtpl_speedup: X`` = docxtpl median / chibo median,
  warm (the target is X >= 4).

Exit status: 0 on success, 1 if the outputs disagree or memory grows.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, InlineImage, RichText, RichTextParagraph
from jinja2 import Environment

from chibo.compose import compose
from chibo.document import Document, Figure, Paragraph, Table
from chibo.figures import compute
from chibo.loader import load_file
from chibo.model import Report
from chibo.profiles import Profile, load_profile
from chibo.vietnamese import upper

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXAMPLE = ROOT / "examples" / "thcs-2026.yaml"

WARMUP = 10
MEMORY_RENDERS = 1000
MEMORY_FIRST = 100
MEMORY_BOUND_KIB = 2048
COUNT_TOLERANCE = 0.02
ONE_OFF_RUNS = 5


# --- the docxtpl side: context ----------------------------------------------------


def _format(p: Paragraph) -> tuple:
    return (p.runs[0].bold, p.runs[0].italic, p.runs[0].underline) if p.runs else (None, None, None)


def _plain_runs(p: Paragraph) -> bool:
    """True when every run has the same formatting: one template run will do."""
    return len({(r.bold, r.italic, r.underline) for r in p.runs}) <= 1


def paragraph_kind(p: Paragraph) -> str:
    """The template branch of a plain paragraph: its role, and its runs' formatting if any."""
    fmt = _format(p)
    return p.role if fmt == (None, None, None) else f"{p.role}:{fmt}"


def table_kind(t: Table) -> str:
    return "table:" + ",".join(f"{c.weight:g}{'n' if c.numeric else ''}" for c in t.columns)


def _text(p: Paragraph, caps: frozenset[str]) -> str:
    return upper(p.text) if p.role in caps else p.text


def _rich(p: Paragraph, caps: frozenset[str], style_ids: dict[str, str]) -> RichTextParagraph:
    text = RichText()
    for r in p.runs:
        text.add(upper(r.text) if p.role in caps else r.text,
                 bold=bool(r.bold), italic=bool(r.italic), underline=bool(r.underline))
    return RichTextParagraph(text, parastyle=style_ids[p.role])


def context_of(d: Document, caps: frozenset[str], tpl: DocxTemplate, text_width_mm: float,
               style_ids: dict[str, str]) -> dict:
    """The Jinja context for the loop template: one item per body block (captions are items too)."""
    body = []
    for block in d.body:
        if isinstance(block, Paragraph):
            if _plain_runs(block):
                body.append({"k": paragraph_kind(block), "t": _text(block, caps)})
            else:
                body.append({"k": "rich", "p": _rich(block, caps, style_ids)})
        elif isinstance(block, Table):
            if block.caption:
                body.append({"k": "table_caption", "t": block.caption})
            body.append(
                {
                    "k": table_kind(block),
                    "cols": [c.title for c in block.columns],
                    "rows": [{"c": row, "b": i in block.bold_rows} for i, row in enumerate(block.rows)],
                }
            )
        elif isinstance(block, Figure):
            width = text_width_mm * block.width_ratio
            image = InlineImage(tpl, io.BytesIO(block.png), width=Mm(width), height=Mm(width * block.aspect))
            body.append({"k": "figure", "image": image})
            if block.caption:
                body.append({"k": "figure_caption", "t": block.caption})
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


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


class _TemplateBuilder:
    def __init__(self, profile: Profile) -> None:
        from chibo.render.to_docx import apply_style  # the template gets exactly chibo's styles

        self.apply_style = apply_style
        self.profile = profile
        self.doc = docx.Document()
        self.styles: dict[str, str] = {}  # role -> style name
        self.style_ids: dict[str, str] = {}  # role -> style id (for RichTextParagraph)
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
        self.apply_style(doc.styles["Normal"], profile.style("body"), profile.font)
        for role, s in profile.styles.items():
            name = _HEADINGS.get(role)
            if name is None:
                name = f"Tpl {role}"
                style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = doc.styles["Normal"]
            else:
                style = doc.styles[name]
            self.apply_style(style, s, profile.font)
            self.styles[role] = name
            self.style_ids[role] = style.style_id
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

    # -- building blocks --

    def _append(self, element) -> None:
        """Before the body's final sectPr."""
        self.body.insert(len(self.body) - 1, element)

    def tag(self, text: str) -> None:
        """A paragraph holding only a ``{%p … %}`` tag: docxtpl removes the paragraph."""
        self.doc.add_paragraph().add_run(f"{{%p {text} %}}")

    def paragraph(self, container, role: str, expr: str, fmt=(None, None, None), space_before_pt=None):
        """A paragraph in ``role``'s style whose text is the context expression ``expr``."""
        para = container.add_paragraph(style=self.styles[role])
        run = para.add_run(f"{{{{ {expr} }}}}")
        run.bold, run.italic, run.underline = fmt
        if space_before_pt is not None:
            para.paragraph_format.space_before = Pt(space_before_pt)
        return para

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
        """left/right: lists of (role, expr, fmt, space_before_pt or None); a None role is a {%p %} tag."""
        lw = round(self.text_width * left_pct / 100)
        table = self._table(1, [lw, self.text_width - lw], 0)
        for cell, items in zip(table.rows[0].cells, (left, right)):
            def fill(cell, items=items):
                for role, expr, fmt, before in items:
                    if role is None:
                        cell.add_paragraph().add_run(f"{{%p {expr} %}}")
                    else:
                        self.paragraph(cell, role, expr, fmt, before)
            if items:
                self._cell_paragraphs(cell, fill)
        self._append(table._tbl)

    def table(self, t: Table) -> None:
        """One table layout: a header row, then a row loop with a bold variant."""
        total = sum(c.weight for c in t.columns)
        widths = [round(self.text_width * c.weight / total) for c in t.columns]
        specs = [("tag", "for row in b.rows"), ("tag", "if row.b"), ("row", True), ("tag", "else"),
                 ("row", None), ("tag", "endif"), ("tag", "endfor")]
        table = self._table(1 + len(specs), widths, self.profile.table_border_pt, valign=True)
        rows = table.rows
        header = rows[0]
        header._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for k, cell in enumerate(header.cells):
            self._cell_paragraphs(cell, lambda c, k=k: self.paragraph(c, "table_header", f"b.cols[{k}]"))
        for row, (kind, value) in zip(rows[1:], specs):
            if kind == "tag":
                row.cells[0].paragraphs[0].add_run(f"{{%tr {value} %}}")
                continue
            row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
            for k, (cell, column) in enumerate(zip(row.cells, t.columns)):
                role = "table_number" if column.numeric else "table_cell"
                self._cell_paragraphs(
                    cell, lambda c, k=k, role=role: self.paragraph(c, role, f"row.c[{k}]", (value, None, None))
                )
        self._append(table._tbl)
        self.spacer()  # chibo keeps adjacent tables apart with an empty paragraph

    def build(self, d: Document) -> bytes:
        items = lambda ps, name: [(p.role, f"{name}[{j}]", _format(p), None) for j, p in enumerate(ps)]
        self.two_columns(
            items(d.masthead.left, "mh_left"), items(d.masthead.right, "mh_right"),
            self.profile.masthead_left_pct,
        )
        # The kinds of block, most frequent first (fewer comparisons per block).
        kinds: dict[str, tuple] = {}
        counts: dict[str, int] = {}
        for block in d.body:
            if isinstance(block, Paragraph):
                kind = paragraph_kind(block) if _plain_runs(block) else "rich"
                found = ("paragraph", block)
            elif isinstance(block, Table):
                kind, found = table_kind(block), ("table", block)
                if block.caption:
                    kinds.setdefault("table_caption", ("paragraph", Paragraph.of("", "table_caption")))
                    counts["table_caption"] = counts.get("table_caption", 0) + 1
            else:
                kind, found = "figure", ("figure", block)
                if block.caption:
                    kinds.setdefault("figure_caption", ("paragraph", Paragraph.of("", "figure_caption")))
                    counts["figure_caption"] = counts.get("figure_caption", 0) + 1
            kinds.setdefault(kind, found)
            counts[kind] = counts.get(kind, 0) + 1
        self.tag("for b in body")
        for n, kind in enumerate(sorted(kinds, key=lambda k: -counts[k])):
            what, block = kinds[kind]
            self.tag(f"{'if' if n == 0 else 'elif'} b.k == {kind!r}")
            if kind == "rich":
                self.doc.add_paragraph().add_run("{{p b.p }}")
            elif what == "paragraph":
                self.paragraph(self.doc, block.role, "b.t", _format(block))
            elif what == "table":
                self.table(block)
            else:
                self.paragraph(self.doc, "figure", "b.image")
        self.tag("endif")
        self.tag("endfor")
        if d.closing is not None:
            self.spacer()
            left = d.closing.left
            left_items = items(left[:1], "cl_left")
            if len(left) > 1:  # the distribution list: a loop
                left_items += [(None, "for t in cl_left[1:]", None, None),
                               (left[1].role, "t", _format(left[1]), None), (None, "endfor", None, None)]
            right = items(d.closing.right_top, "cl_top") + [
                (p.role, f"cl_bottom[{j}]", _format(p), self.profile.signing_space_pt if j == 0 else None)
                for j, p in enumerate(d.closing.right_bottom)
            ]
            self.two_columns(left_items, right, self.profile.signature_left_pct)
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


def build_template(d: Document, profile: Profile) -> tuple[bytes, dict[str, str]]:
    """The template's bytes, and the style id of each role (for RichTextParagraph)."""
    builder = _TemplateBuilder(profile)
    return builder.build(d), builder.style_ids


def template_tags(template: bytes) -> int:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(template)) as z:
        xml = z.read("word/document.xml").decode()
    return len(re.findall(r"\{\{|\{%", xml))


# --- the two contenders ---------------------------------------------------------------


def render_chibo(report: Report) -> bytes:
    from chibo.report import render_report

    return render_report(report)


def make_docxtpl(template: bytes, profile: Profile, style_ids: dict[str, str]):
    caps = frozenset(role for role, s in profile.styles.items() if s.caps)
    env = Environment(autoescape=True)
    text_width_mm = profile.page.text_width_mm

    def render(report: Report) -> bytes:
        tpl = DocxTemplate(io.BytesIO(template))
        context = context_of(compose(report, compute(report)), caps, tpl, text_width_mm, style_ids)
        tpl.render(context, env)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    return render


def docxtpl_one_off(template_path: str, report_path: str, style_ids: str, output: str) -> int:
    """What a docxtpl user's script does once: YAML to a DOCX file with charts."""
    loaded = load_file(report_path)
    if loaded.report is None:
        return 2
    ids = dict(item.split("=", 1) for item in style_ids.split(","))
    render = make_docxtpl(Path(template_path).read_bytes(), load_profile(), ids)
    Path(output).write_bytes(render(loaded.report))
    return 0


def one_off(report_path: str, template: bytes, style_ids: dict[str, str], runs: int) -> dict[str, list[tuple[float, float]]]:
    """Fresh-process renders, YAML file to DOCX file with charts; the first of each untimed."""
    with tempfile.TemporaryDirectory(prefix="chibo-bench-oneoff-") as tmp:
        template_path = Path(tmp, "template.docx")
        template_path.write_bytes(template)
        ids = ",".join(f"{k}={v}" for k, v in style_ids.items())
        commands = {
            "chibo": [sys.executable, "-c", "from chibo.cli import main; main()",
                      "render", report_path, "-o", str(Path(tmp, "chibo.docx"))],
            "docxtpl": [sys.executable, __file__, "--docxtpl-one-off", str(template_path), report_path,
                        ids, str(Path(tmp, "docxtpl.docx"))],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for i in range(runs + 1):
            for name in commands if i % 2 == 0 else reversed(list(commands)):
                start = time.perf_counter()
                child = subprocess.Popen(commands[name], stdout=subprocess.DEVNULL)
                _, status, usage = os.wait4(child.pid, 0)
                wall = time.perf_counter() - start
                if os.waitstatus_to_exitcode(status):
                    raise SystemExit(f"FAIL: the one-off {name} render failed")
                if i:  # wall time, and CPU time (less sensitive to a busy machine)
                    times[name].append((wall, usage.ru_utime + usage.ru_stime))
        for name in commands:
            out = Path(tmp, f"{name}.docx")
            if len(docx.Document(out).inline_shapes) == 0:
                raise SystemExit(f"FAIL: the one-off {name} output has no charts")
    return times


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
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--docxtpl-one-off"]:
        return docxtpl_one_off(*argv[1:5])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", default=str(DEFAULT_EXAMPLE), help="report YAML")
    parser.add_argument("--iterations", type=int, default=200, help="timed warm renders of each (200)")
    parser.add_argument("--one-off", type=int, default=ONE_OFF_RUNS,
                        help=f"timed fresh-process renders of each ({ONE_OFF_RUNS}; 0: skip)")
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
    print(f"first chibo render in this process (cold: base package built, fonts loaded, "
          f"charts drawn): {(time.perf_counter() - t0) * 1000:.0f} ms")
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
    template, style_ids = build_template(document, profile)
    print(f"docxtpl template (loops): {len(template)} bytes, {template_tags(template)} Jinja tags, "
          f"built in {(time.perf_counter() - t0) * 1000:.0f} ms")
    kinds = [type(block).__name__ for block in document.body]
    print("body blocks: " + ", ".join(f"{kinds.count(k)} {k}" for k in ("Paragraph", "Table", "Figure")))
    docxtpl_render = make_docxtpl(template, profile, style_ids)

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
    print(f"warm ({WARMUP} untimed renders each; chibo's base package and charts cached, "
          "docxtpl's template bytes and Jinja environment reused):")
    for name, s in samples.items():
        print(f"  {name}: median {ms(s, 0.5):.2f} ms, p90 {ms(s, 0.9):.2f} ms ({len(s)} renders)")

    print(f"rss_kib after {MEMORY_FIRST} chibo renders: {first}, after {MEMORY_RENDERS}: {last}")
    print(f"allocated_blocks after {MEMORY_FIRST}: {first_blocks}, after {MEMORY_RENDERS}: {last_blocks}")
    print(f"memory_growth_kib: {growth}")
    if growth > MEMORY_BOUND_KIB:
        print(f"FAIL: memory grew by more than {MEMORY_BOUND_KIB} KiB", file=sys.stderr)
        failed = True

    if args.one_off:
        times = one_off(str(Path(args.report).resolve()), template, style_ids, args.one_off)
        print(f"one-off, fresh process each (YAML file to DOCX file with charts; nothing cached, "
              f"one untimed run each first, median of {args.one_off}):")
        for name, s in times.items():
            walls, cpus = [w for w, _ in s], [c for _, c in s]
            print(f"  {name}: median {statistics.median(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms; "
                  f"CPU time median {statistics.median(cpus) * 1000:.0f} ms")
        chibo_ms, docxtpl_ms = (statistics.median(w for w, _ in times[n]) * 1000 for n in ("chibo", "docxtpl"))
        print(f"one_off_render_ms: chibo {chibo_ms:.0f} docxtpl {docxtpl_ms:.0f} "
              f"(docxtpl / chibo {docxtpl_ms / chibo_ms:.2f})")

    speedup = statistics.median(samples["docxtpl"]) / statistics.median(samples["chibo"])
    print(f"docx_vs_docxtpl_speedup: {speedup:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
