"""Payroll cost by department as a bar chart (PNG), for the manager's summary."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def cost_by_department_chart(path: Path, costs: dict[str, Decimal], title: str, currency: str) -> Path:
    """Horizontal bars, largest first; amounts only become floats here, to be drawn."""
    items = sorted(costs.items(), key=lambda kv: kv[1])
    height = 1.2 + 0.45 * max(len(items), 1)
    fig, ax = plt.subplots(figsize=(7, height), dpi=110)
    try:
        names = [name for name, _ in items]
        values = [float(value) for _, value in items]
        bars = ax.barh(names, values, color="#3b6ea5")
        ax.bar_label(bars, labels=[f"{value:,.2f}" for _, value in items], padding=3, fontsize=8)
        ax.set_title(title)
        ax.set_xlabel(currency)
        ax.margins(x=0.2)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)
    return path
