"""reports/charts.py: a PNG a mail client can show, labelled in any of our languages."""

from __future__ import annotations

import io
from decimal import Decimal

from PIL import Image

from backoffice_auto.reports.charts import bar_chart_png


def test_stacked_and_grouped_bars_are_png_of_the_asked_size():
    for stacked, horizontal in ((True, True), (False, False)):
        png = bar_chart_png(["Łódź sp. z o.o.", "Pekárna Černý", "Ferretería Núñez"],
                            {"Odesláno": [Decimal("1234.50"), Decimal(0), 7], "Nevyřízeno": [Decimal(10), 20, 0]},
                            title="Hodnota podle zákazníků", value_label="Kč", stacked=stacked, horizontal=horizontal,
                            width_px=600, height_px=300)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert Image.open(io.BytesIO(png)).size == (600, 300)
