"""Charts of the report's figures, as PNG bytes (matplotlib, Vietnamese labels).

Drawn at 300 dpi to the text width of the page, in the document's serif font
where the machine has it (Liberation Serif is metric-compatible with Times New
Roman and covers Vietnamese).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from .vietnamese import format_decimal, format_percent

DPI = 300
MM_PER_INCH = 25.4
SERIF_FONTS = ["Liberation Serif", "Times New Roman", "DejaVu Serif"]
# Greys and one blue: legible printed in black and white.
COLOURS = ["#1f4e79", "#8fa9c4", "#bfbfbf"]


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float | None, ...]  # one per series


VIETNAMESE_SAMPLE = "ạằểỗựửđ"


@lru_cache(maxsize=1)
def _vietnamese_serif() -> list[str]:
    """Serif families whose files cover Vietnamese, preferred first.

    Debian may carry two "Liberation Serif" (fonts-liberation 1.x lacks
    Vietnamese, fonts-liberation2 has it): files that lack it are dropped
    from matplotlib's list, so the name always resolves to a file that has it.
    """
    from matplotlib import font_manager, ft2font

    def covers(path: str) -> bool:
        try:
            charmap = ft2font.FT2Font(path).get_charmap()
        except (OSError, RuntimeError):
            return False
        return all(ord(ch) in charmap for ch in VIETNAMESE_SAMPLE)

    manager = font_manager.fontManager
    wanted = [e for e in manager.ttflist if e.name in SERIF_FONTS]
    metric_twins = [e for e in wanted if e.name != SERIF_FONTS[-1]]
    if not any(covers(e.fname) for e in metric_twins):
        # The cached font list may predate the fonts (installed after matplotlib).
        # Modules hold the manager itself: refresh it in place (this rewrites the cache too).
        fresh = font_manager._load_fontmanager(try_read_cache=False)
        manager.ttflist, manager.afmlist = fresh.ttflist, fresh.afmlist
        manager._findfont_cached.cache_clear()
        wanted = [e for e in manager.ttflist if e.name in SERIF_FONTS]
    missing = [e for e in wanted if not covers(e.fname)]
    if missing:
        manager.ttflist = [e for e in manager.ttflist if e not in missing]
        manager._findfont_cached.cache_clear()
    present = {e.name for e in wanted if e not in missing}
    return [name for name in SERIF_FONTS if name in present] or ["DejaVu Serif"]


@lru_cache(maxsize=1)
def _figure_class():
    """matplotlib's Figure, imported on the first chart: a render without charts,
    ``chibo check`` and the web app never pay for matplotlib. Figures are made
    without pyplot, so no global registry holds them and nothing needs closing."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "font.family": "serif",
            "font.serif": _vietnamese_serif(),
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "none",
        }
    )
    return Figure


def _figure(width_mm: float, height_mm: float):
    figure = _figure_class()(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH))
    return figure, figure.subplots()


def _png(fig) -> bytes:
    # No PNG optimize pass: it costs a third of the chart time for under 2 % in size.
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


@lru_cache(maxsize=64)
def grouped_percent_bars(
    title: str,
    series: tuple[str, ...],
    bars: tuple[Bar, ...],
    width_mm: float,
    height_mm: float,
    decimals: int = 1,
) -> bytes:
    """Bars of percentages by level, one colour per series (this year, last year, area)."""
    return _png(_grouped_figure(title, series, bars, width_mm, height_mm, decimals))


def _grouped_figure(title, series, bars, width_mm, height_mm, decimals=1):
    fig, ax = _figure(width_mm, height_mm)
    n = len(series)
    width = 0.8 / n
    labels = []
    for s, name in enumerate(series):
        xs, ys = [], []
        for i, bar in enumerate(bars):
            value = bar.values[s]
            if value is not None:
                xs.append(i - 0.4 + width * (s + 0.5))
                ys.append(float(value))
        rects = ax.bar(xs, ys, width * 0.92, label=name, color=COLOURS[s % len(COLOURS)])
        labels += ax.bar_label(rects, labels=[format_percent(y, decimals) for y in ys], fontsize=7, padding=1)
    ax.set_xticks(range(len(bars)), [bar.label for bar in bars])
    ax.set_ylabel("Tỷ lệ (%)")
    top = max((float(v) for bar in bars for v in bar.values if v is not None), default=100)
    ax.set_ylim(0, top * 1.15 if top > 0 else 1)
    ax.yaxis.set_major_formatter(lambda v, _: format_decimal(v, 0))
    if title:
        ax.set_title(title, fontsize=10, fontweight="bold")
    if n > 1:  # below the axis, where it can hide no bar
        ax.legend(frameon=False, fontsize=8, ncols=n, loc="upper center", bbox_to_anchor=(0.5, -0.14))
    _upright_if_crowded(fig, labels)
    _make_room(fig, ax, labels, vertical=True)
    return fig


def _upright_if_crowded(fig, labels) -> None:
    """Labels turned to read upwards when two of them would overlap side by side
    (many levels and series, two decimals: «84,84%» is wider than its bar)."""
    if len(labels) < 2:
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.tight_layout()
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = sorted((label.get_window_extent(renderer) for label in labels), key=lambda b: b.x0)
    if any(left.x1 > right.x0 and left.overlaps(right) for left, right in zip(boxes, boxes[1:])):
        for label in labels:
            label.set_rotation(90)
            label.set_verticalalignment("bottom")


@lru_cache(maxsize=64)
def horizontal_bars(
    title: str,
    bars: tuple[Bar, ...],
    value_labels: tuple[str, ...],
    width_mm: float,
    height_mm: float,
    reference: float | None = None,
    axis_label: str = "",
) -> bytes:
    """One bar per item with its own label text; an optional reference line (100%)."""
    return _png(_horizontal_figure(title, bars, value_labels, width_mm, height_mm, reference, axis_label))


def _horizontal_figure(title, bars, value_labels, width_mm, height_mm, reference=None, axis_label=""):
    fig, ax = _figure(width_mm, height_mm)
    ys = list(range(len(bars)))[::-1]
    values = [float(bar.values[0] or 0) for bar in bars]
    colours = [
        COLOURS[0] if reference is None or v >= reference else COLOURS[2] for v in values
    ]
    rects = ax.barh(ys, values, 0.6, color=colours)
    labels = ax.bar_label(rects, labels=list(value_labels), fontsize=8, padding=2)
    ax.set_yticks(ys, [bar.label for bar in bars])
    right = max(values + [reference or 0]) * 1.3 or 1
    ax.set_xlim(0, right)
    if reference is not None:
        ax.axvline(reference, color="black", linewidth=0.8, linestyle="--")
    if axis_label:
        ax.set_xlabel(axis_label)
    ax.xaxis.set_major_formatter(lambda v, _: format_decimal(v, 0))
    if title:
        ax.set_title(title, fontsize=10, fontweight="bold")
    _make_room(fig, ax, labels, vertical=False)
    return fig


def _make_room(fig, ax, labels, vertical: bool) -> None:
    """Lay the figure out, then stretch the value axis until every bar's label ends inside it.

    A label sits a fixed number of points past its bar and has a fixed width, so no fixed
    margin (×1.3) holds for every value and text: a target met at 250% or a long
    "27 đồng chí/26 đồng chí" ran past the figure's edge and was cut.
    """
    fig.tight_layout()
    if not labels:
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    for _ in range(4):  # the new limit changes the tick labels, hence the layout: settle it
        box = ax.get_window_extent(renderer)
        start, size = (box.y0, box.height) if vertical else (box.x0, box.width)
        low, high = ax.get_ylim() if vertical else ax.get_xlim()
        needed = high
        for label in labels:
            extent = label.get_window_extent(renderer)
            end = extent.y1 if vertical else extent.x1
            value = label.xy[1] if vertical else label.xy[0]  # the bar's end, in data units
            anchor = start + (value - low) / (high - low) * size
            reach = end - anchor  # the padding and the text, in pixels
            if reach >= size * 0.9:
                reach = size * 0.9  # a label wider than the axes: give the bars a tenth at least
            needed = max(needed, low + (value - low) * size / (size - reach))
        if needed <= high:
            return
        needed = low + (needed - low) * 1.02  # antialiasing and the hinting at print resolution
        if vertical:
            ax.set_ylim(low, needed)
        else:
            ax.set_xlim(low, needed)
        fig.tight_layout()
