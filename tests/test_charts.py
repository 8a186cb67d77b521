"""Charts: Vietnamese glyphs, 300 dpi, placed at their section, and optional."""

from __future__ import annotations

import gc
import io
import os
import struct
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import docx
import pytest

from chibo import charts
from chibo.compose import compose
from chibo.document import Figure
from chibo.render.to_docx import render_docx
from sample_reports import loaded_example

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report():
    return loaded_example("thcs-2026.yaml")


def png_size_and_dpi(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at = data.find(b"pHYs")
    per_metre = struct.unpack(">I", data[at + 4 : at + 8])[0]
    return width, height, round(per_metre * 0.0254)


def test_vietnamese_labels_have_every_glyph():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns on each missing glyph
        png = charts.grouped_percent_bars(
            "Kết quả rèn luyện, học tập",
            ("Năm học 2025-2026", "Cùng kỳ năm trước"),
            (charts.Bar("Tốt", (80.0, 75.5)), charts.Bar("Chưa đạt", (1.0, None))),
            165.0,
            60.0,
        )
    width, height, dpi = png_size_and_dpi(png)
    assert dpi == 300
    assert width == pytest.approx(165 / 25.4 * 300, abs=2)
    assert height == pytest.approx(60 / 25.4 * 300, abs=2)


def test_charts_sit_in_their_sections(report):
    document = compose(report)
    blocks = document.body
    captions = [b.caption for b in blocks if isinstance(b, Figure)]
    assert [c.split(". ", 1)[1].split(" năm")[0] for c in captions] == [
        "Kết quả rèn luyện của học sinh",
        "Kết quả học tập của học sinh",
        "Kết quả xếp loại chất lượng đảng viên",
    ]
    texts = [getattr(b, "text", "") for b in blocks]
    first_chart = next(i for i, b in enumerate(blocks) if isinstance(b, Figure))
    assert texts.index("2. Chuyên môn") < first_chart < texts.index("3. Công tác lãnh đạo đoàn thể")


def test_charts_embedded_in_the_docx_at_text_width(report):
    data = render_docx(compose(report))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 3
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert all(Path(m).name in rels for m in media)
        assert 'Extension="png"' in z.read("[Content_Types].xml").decode()
    doc = docx.Document(io.BytesIO(data))
    shapes = doc.inline_shapes
    assert len(shapes) == 3
    text_width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    for shape in shapes:
        assert abs(shape.width - text_width) < 36000  # within 1 mm


def test_no_charts(report):
    document = compose(report, charts=False)
    assert not any(isinstance(b, Figure) for b in document.body)
    with zipfile.ZipFile(io.BytesIO(render_docx(document))) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]


def test_targets_against_results_chart_and_table(report):
    from chibo.model import TargetResults, Targets

    changed = report.model_copy(deep=True)
    changed.targets_set = Targets.model_validate(
        {
            "students": {"gifted": 30, "promotion_rate": 99, "conduct_good_rate": 80},
            "party": {"new_members_min": 2, "new_members_max": 3, "excellent_members": 4},
        }
    )
    changed.target_results = TargetResults(gifted=34, promotion_rate=98.2)
    document = compose(changed)
    captions = [b.caption for b in document.body if isinstance(b, Figure)]
    assert any("Kết quả thực hiện chỉ tiêu năm 2026" in c for c in captions)
    doc = docx.Document(io.BytesIO(render_docx(document)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Học sinh giỏi các cấp"] == ["30 em", "34 em", "Vượt"]
    # The report's one precision (two decimals here) and padded counts, as in the rest of the text.
    assert rows["Tỷ lệ lên lớp thẳng"] == ["99,00%", "98,20%", "Chưa đạt"]
    assert rows["Kết nạp đảng viên mới"][0] == "02-03 đồng chí"
    sentence = next(p.text for p in doc.paragraphs if p.text.startswith("Thực hiện chỉ tiêu năm 2026"))
    assert "chưa đạt: tỷ lệ lên lớp thẳng (98,20%/99,00%)" in sentence


# Each runs in a fresh interpreter: which modules a command imports is the point.
NO_CHART_STARTS = {
    "import": "import chibo.cli, chibo.compose, chibo.batch, chibo.report",
    "check": (
        "from chibo.cli import main\n"
        f"sys.argv = ['chibo', 'check', {str(ROOT / 'examples' / 'thcs-2026.yaml')!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code"
    ),
    "web": (
        "import django\ndjango.setup()\n"
        "from django.core.handlers.wsgi import WSGIHandler\nimport chibo.web.urls, chibo.web.views\n"
        "WSGIHandler()"
    ),
    # The masthead is measured from the font, not through matplotlib.
    "render without charts": (
        "from chibo.loader import load_file\nfrom chibo.compose import compose\n"
        "from chibo.figures import compute\nfrom chibo.render.to_docx import render_docx\n"
        "from chibo.render.to_html import render_html\n"
        f"report = load_file({str(ROOT / 'examples' / 'thcs-2026.yaml')!r}).report\n"
        "document = compose(report, compute(report), charts=False)\n"
        "render_docx(document); render_html(document)"
    ),
}


@pytest.mark.parametrize("start", sorted(NO_CHART_STARTS))
def test_matplotlib_is_imported_only_to_draw_a_chart(start):
    code = "import sys\n" + NO_CHART_STARTS[start] + "\nprint('matplotlib' in sys.modules)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "web_settings",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_drawn_charts_leave_no_figure_behind():
    from matplotlib.figure import Figure as MplFigure

    for n in range(3):
        charts.horizontal_bars(f"Lần {n}", (charts.Bar("Tốt", (float(n),)),), ("x",), 100.0, 40.0)
    gc.collect()
    # type(), not isinstance(): a lazy object left by another test (a CSP nonce) would evaluate.
    assert not [o for o in gc.get_objects() if issubclass(type(o), MplFigure)]


def _label_overflow(fig, inside_axes: bool = False) -> list[str]:
    """Bar labels that reach past the figure's edge (or the axes'), measured as savefig
    draws them (300 dpi)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation

    fig.set_dpi(charts.DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    out = []
    for ax in fig.axes:
        edge = ax.get_window_extent(renderer) if inside_axes else fig.bbox
        for text in ax.texts:
            if isinstance(text, Annotation):  # bar_label's labels
                box = text.get_window_extent(renderer)
                if box.x0 < edge.x0 or box.x1 > edge.x1 or box.y0 < edge.y0 or box.y1 > edge.y1:
                    out.append(f"{text.get_text()}: {box.x1:.0f} > {edge.x1:.0f} or {box.y1:.0f} > {edge.y1:.0f}")
    return out


TARGET_BARS = (
    charts.Bar("Kết nạp đảng viên mới", (250.0,)),
    charts.Bar("Tỷ lệ học sinh có phẩm chất, năng lực mức Tốt", (104.9,)),
    charts.Bar("Lao động tiên tiến", (100.0,)),
)
TARGET_LABELS = ("05 đồng chí/02 đồng chí", "78,7%/75,0%", "01 đồng chí/01-02 đồng chí")


@pytest.mark.parametrize("width_mm", [165.0, 120.0])
def test_target_labels_past_100_percent_stay_inside_the_chart(width_mm):
    # A target met at 250% and long "đồng chí" labels: they ran past the right edge and were cut.
    fig = charts._horizontal_figure("", TARGET_BARS, TARGET_LABELS, width_mm, 45.0, 100.0, "% so với chỉ tiêu")
    assert _label_overflow(fig) == []
    right = fig.axes[0].get_xlim()[1]
    assert right >= 250  # every bar drawn whole


def test_percent_labels_above_250_percent_stay_inside_the_chart():
    bars = (charts.Bar("Tốt", (250.0, 80.0)), charts.Bar("Khá", (12.5, 20.0)))
    for height_mm in (30.0, 20.0):
        fig = charts._grouped_figure("", ("Năm nay", "Năm trước"), bars, 165.0, height_mm, 2)
        # Inside the axes, not only the figure: a title above would otherwise run into them.
        assert _label_overflow(fig, inside_axes=True) == []


def test_percent_labels_of_crowded_bars_do_not_overlap():
    # Six levels of three series with two decimals: «84,84%» is wider than its bar.
    bars = tuple(charts.Bar(f"Mức {i}", (84.84, 82.49, 82.5)) for i in range(6))
    fig = charts._grouped_figure("", ("Năm nay", "Năm trước", "Mặt bằng chung"), bars, 120.0, 62.0, 2)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(charts.DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in fig.axes[0].texts), key=lambda b: b.x0)
    assert len(boxes) == 18
    assert not [(a, b) for a, b in zip(boxes, boxes[1:]) if a.x1 > b.x0 and a.overlaps(b)]
    assert _label_overflow(fig, inside_axes=True) == []
