"""PDF documents with fonts that cover Czech, Polish, Spanish and French letters.

fpdf2's built-in fonts are Latin-1 only (no ř, ł, ő); DejaVu covers them and ships inside
matplotlib, which is already a dependency (charts), so no font is downloaded or vendored.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILY = "DejaVu"


@lru_cache(maxsize=1)
def font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def new_document(title: str = "", author: str = "") -> "FPDF":
    """An A4 portrait document with DejaVu Sans (regular and bold) registered as `DejaVu`.

    fpdf is imported here, not at module level: loading every job's handler (which the
    pipeline does at start) should not pay for PDF machinery a job may never use."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    fonts = font_dir()
    pdf.add_font(FAMILY, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_font(FAMILY, size=10)
    pdf.set_auto_page_break(auto=True, margin=15)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("backoffice-auto")
    return pdf
