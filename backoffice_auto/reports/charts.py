"""Small charts for mail summaries, as PNG bytes (matplotlib, Agg backend, no display).

A manager reads these in a mail client, so they are small (about 700 x 350 px), labelled
in the reader's language by the caller, and drawn with DejaVu Sans (the font covers
Czech, Polish, Spanish and French letters). Values may be `Decimal`; they are converted to
float only here, for drawing, never for arithmetic.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Mapping, Sequence

PALETTE = ("#2e7d32", "#ef6c00", "#c62828", "#1565c0", "#6a1b9a", "#00838f")


def bar_chart_png(categories: Sequence[str], series: Mapping[str, Sequence[Decimal | int]], *,
                  title: str = "", value_label: str = "", stacked: bool = True, horizontal: bool = True,
                  width_px: int = 720, height_px: int = 360, dpi: int = 100) -> bytes:
    """Bars per category, one colour per series (stacked by default); returns PNG bytes.

    `Figure` is used directly (not pyplot), so nothing global is kept between calls and
    charts can be drawn from any thread.
    """
    from matplotlib.figure import Figure  # imported on first chart: start-up stays light

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
        ax.set_xticks(positions, list(categories), rotation=30, ha="right")
        ax.set_ylabel(value_label)
    if title:
        ax.set_title(title)
    if len(series) > 1:
        ax.legend(loc="best", fontsize="small")
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
