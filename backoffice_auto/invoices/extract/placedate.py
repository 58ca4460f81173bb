"""The date of issue as a letter prints it: after the place, with no date label.

Small suppliers and much Czech, Polish, Spanish and French software date an invoice the way a
letter is dated: "V Brně dne 1. prosince 2026", "Kraków, dnia 1 grudnia 2026", "Valencia, 1
de diciembre de 2026", "Fait à Lyon, le 1er décembre 2026", "London, 1st December 2026". No
label word announces it, so the template-free reader (generic.py) would otherwise fall back to
the first date on the page, unsure. The place opens its cell with a capital (the words are
matched with case, unlike labels) and the date must follow at once. Pure functions.
"""

from __future__ import annotations

import re
from datetime import date

from backoffice_auto.invoices.extract.layout import Layout
from backoffice_auto.invoices.extract.textnum import find_dates

_UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽĄĆĘŁŃŚŹŻÀÂÇÈÊËÎÏÔÙÛÑ"
_PLACE = rf"[{_UPPER}][^\W\d_]+(?:[ -][{_UPPER}]?[^\W\d_]+){{0,2}}"
PLACE_DATE = re.compile(
    rf"(?:^|(?<=\s\s))(?:"
    rf"(?:V|Ve)\s+{_PLACE}\s+dne"  # cs: V Brně dne, Ve Zlíně dne
    rf"|{_PLACE},?\s+(?:dnia|dn\.)"  # pl: Kraków, dnia / Kraków dn.
    rf"|(?:Fait|Établie?)\s+à\s+{_PLACE},?\s+le"  # fr: Fait à Lyon, le
    rf"|{_PLACE},(?:\s+(?:a|le))?"  # es, en, fr: Valencia, a / London, / Lyon, le
    rf")\s*:?\s*(?=\d)")


def place_date(layout: Layout, order: str) -> tuple[date, int] | None:
    """The date printed right after a place at the start of a cell, and its line index; None
    when there is none, or when two such dates differ (then none of them is told apart)."""
    found: dict[date, int] = {}
    for line in layout.lines:
        for m in PLACE_DATE.finditer(line.text):
            dates = find_dates(line.text[m.end():m.end() + 40], order)
            if dates and dates[0][1] == 0:
                found.setdefault(dates[0][0], line.index)
    if len(found) != 1:
        return None
    ((value, index),) = found.items()
    return value, index
