"""Lines whose figures are not the document's own amounts, and a copy of the layout without them.

Two habits print a second full set of net, VAT and gross that adds up, and usually a larger one
than the document's own, so the template-free reader (generic.py), which takes the largest
triple that adds up, would take it:

- a corrective invoice states the amounts before and after the correction and then their
  difference, which is what it corrects by ("Przed korektą | Po korekcie | Różnica", "Původní
  hodnota | Opravená hodnota | Rozdíl", "Avant correction | Après correction | Différence"):
  only the difference is the document's;
- an invoice in a foreign currency restates its amounts in the national one at a rate
  (currency.restated_lines): "Základ daně v Kč", "DPH v Kč".

The amounts are chosen on a copy of the layout where those lines keep their words but lose
their figures; line indexes stay as they were. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from backoffice_auto.invoices.extract.layout import Layout, Line

_SIDES = (r"przed\s+korektą|po\s+korekcie|było|powinno\s+być|stan\s+(?:przed|po)\s+korekt\w*|"
          r"původní\s+(?:hodnota|částka|údaje)|původně|opravená\s+(?:hodnota|částka)|správně|před\s+opravou|po\s+opravě|"
          r"valeur\s+(?:initiale|d['’]origine|corrigée)|avant\s+(?:correction|rectification)|après\s+(?:correction|rectification)|"
          r"importe\s+(?:original|inicial|rectificado|corregido)|antes\s+de\s+la\s+rectificación|después\s+de\s+la\s+rectificación|"
          r"before\s+correction|after\s+correction|original\s+(?:amount|value)s?|corrected\s+(?:amount|value)s?")
_DIFFERENCE = r"różnica|kwota\s+korekty|wartość\s+korekty|rozdíl|oprava\s+o|différence|diferencia|difference|correction\s+amount"
_CELL_START = r"(?:^|(?<=\s\s))\W*"
SIDE_ROW = re.compile(_CELL_START + r"(?:" + _SIDES + r")(?![^\W\d_])", re.I)
DIFFERENCE_ROW = re.compile(_CELL_START + r"(?:" + _DIFFERENCE + r")(?![^\W\d_])", re.I)


def _has_figures(line: Line) -> bool:
    return any(ch.isdigit() for ch in line.text)


def corrected_sides(layout: Layout) -> frozenset[int]:
    """The before and after rows of a corrective invoice that prints a difference row with
    figures too (else nothing: without a difference the sides are all there is to read)."""
    sides = [line.index for line in layout.lines if _has_figures(line) and SIDE_ROW.search(line.text)]
    if not sides or not any(_has_figures(line) and DIFFERENCE_ROW.search(line.text) for line in layout.lines):
        return frozenset()
    return frozenset(sides)


def without_figures(layout: Layout, indexes: frozenset[int]) -> Layout:
    """`layout` with the words holding a digit taken out of the lines at `indexes`."""
    if not indexes:
        return layout
    lines = []
    for line in layout.lines:
        if line.index in indexes:
            kept = tuple(w for w in line.words if not any(ch.isdigit() for ch in w.text))
            line = replace(line, words=kept or (replace(line.words[0], text="-"),))
        lines.append(line)
    return Layout(lines, layout.char_width, layout.page_sizes)
