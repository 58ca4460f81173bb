"""Small charts for mail summaries, as PNG bytes (matplotlib, Agg backend, no display).

A manager reads these in a mail client, so they are small (about 700 x 350 px), labelled
in the reader's language by the caller, and drawn with DejaVu Sans (the font covers
Czech, Polish, Spanish and French letters). Values may be `Decimal`; they are converted to
float only here, for drawing, never for arithmetic.
"""

from __future__ import annotations

import importlib
import io
import sys
import textwrap
import threading
from decimal import Decimal
from typing import Mapping, Sequence

PALETTE = ("#2e7d32", "#ef6c00", "#c62828", "#1565c0", "#6a1b9a", "#00838f")
LABEL_WIDTH = 24  # characters a line of a category label
LABEL_LINES = 2
ELLIPSIS = "…"
TITLE_CHAR_PX = 9  # a generous average width of a title character (12 pt DejaVu Sans at 100 dpi)


def _grouped(value: float, _position=None) -> str:
    """An axis figure with thin-space thousands (readable in every language we speak)."""
    text = f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"
    return text.replace(",", "\u202f")


def short_label(label: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A category label on at most `lines` lines of `width` characters, broken between words.

    What does not fit ends in "…" after the last whole word, so a name is never cut
    mid-word ("Construcciones García S"); a single word longer than a line is the only
    thing shortened inside a word, and it says so with the same "…".
    """
    text = " ".join(str(label).split())
    wrapped = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    # greedy wrapping: a line longer than `width` is one long word, alone on its line
    kept = [line if len(line) <= width else line[:width - 1] + ELLIPSIS for line in wrapped[:lines]]
    if len(wrapped) > lines:
        words = wrapped[lines - 1].split(" ")
        while len(words) > 1 and len(" ".join(words)) + 1 > width:
            words.pop()
        kept[-1] = " ".join(words)[:width - 1] + ELLIPSIS
    return "\n".join(kept)


def _import_matplotlib() -> None:
    """The first chart imports matplotlib on a short-lived thread of its own.

    Importing matplotlib runs pyparsing, whose import-time parse exceptions stay in
    reference cycles with their tracebacks. A traceback's frames reach every calling frame
    through `f_back`, so importing from inside a job kept all the job's data alive until the
    next full garbage collection (a 10,000-employee payroll: 1.4 million objects, a second
    of collection when the job ended). On its own thread the import pins only that thread's
    frames. A failed import is left to the ordinary import that follows, which reports it.
    """
    if "matplotlib.figure" in sys.modules:
        return
    loader = threading.Thread(target=_quiet_import, name="import-matplotlib", daemon=True)
    loader.start()
    loader.join()


def _quiet_import() -> None:
    try:
        importlib.import_module("matplotlib.figure")
        importlib.import_module("matplotlib.ticker")
    except Exception:  # reported by the import in `bar_chart_figure`
        pass


def bar_chart_png(categories: Sequence[str], series: Mapping[str, Sequence[Decimal | int]], *,
                  title: str = "", value_label: str = "", stacked: bool = True, horizontal: bool = True,
                  width_px: int = 720, height_px: int = 360, dpi: int = 100) -> bytes:
    """Bars per category, one colour per series (stacked by default); returns PNG bytes."""
    fig = bar_chart_figure(categories, series, title=title, value_label=value_label, stacked=stacked,
                           horizontal=horizontal, width_px=width_px, height_px=height_px, dpi=dpi)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def bar_chart_figure(categories: Sequence[str], series: Mapping[str, Sequence[Decimal | int]], *,
                     title: str = "", value_label: str = "", stacked: bool = True, horizontal: bool = True,
                     width_px: int = 720, height_px: int = 360, dpi: int = 100):
    """The chart as a matplotlib `Figure`, laid out so no text runs off the canvas.

    `Figure` is used directly (not pyplot), so nothing global is kept between calls and
    charts can be drawn from any thread. Category labels and the title go through
    `short_label`, then `tight_layout` fits every text inside the canvas.
    """
    _import_matplotlib()
    from matplotlib.figure import Figure  # imported on first chart: start-up stays light
    from matplotlib.ticker import FuncFormatter

    categories = [short_label(c) for c in categories]

    fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    ax = fig.add_subplot()
    positions = list(range(len(categories)))
    base = [0.0] * len(categories)
    count = max(len(series), 1)
    thickness = 0.7 if stacked else 0.8 / count
    for index, (label, values) in enumerate(series.items()):
        numbers = [float(v) for v in values]
        colour = PALETTE[index % len(PALETTE)]
        if stacked:
            offsets, start = positions, base
        else:
            offsets = [p - 0.4 + thickness * (index + 0.5) for p in positions]
            start = [0.0] * len(categories)
        if horizontal:
            ax.barh(offsets, numbers, height=thickness, left=start, label=label, color=colour)
        else:
            ax.bar(offsets, numbers, width=thickness, bottom=start, label=label, color=colour)
        if stacked:
            base = [b + n for b, n in zip(base, numbers)]
    if horizontal:
        ax.set_yticks(positions, list(categories))
        ax.invert_yaxis()
        ax.set_xlabel(value_label)
    else:
        ax.set_xticks(positions, list(categories), rotation=30, ha="right", rotation_mode="anchor")
        ax.set_ylabel(value_label)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_formatter(FuncFormatter(_grouped))  # 1 234 567, never "1e6" in a corner
    if title:  # over the whole canvas, wrapped to it: a title centred on the axes ran off the right edge
        fig.suptitle(short_label(title, width=max(20, width_px // TITLE_CHAR_PX), lines=2))
    if len(series) > 1:
        ax.legend(loc="best", fontsize="small")
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    fig.tight_layout()
    return fig
