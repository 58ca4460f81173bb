"""The VAT recap table: one row per rate, summed into the invoice's net, VAT and gross.

Czech, Slovak, Polish and Spanish software (Pohoda, Fakturoid, Factusol...) print the VAT by
rate in a small table under a header of column words ("Sazba DPH | Základ | DPH | Celkem",
"Stawka | Netto | VAT | Brutto", "Base | % IVA | Cuota") and often no line naming the
invoice's net or VAT at all: only the sum to pay follows. A clerk adds the columns. So do
we: under a header line that holds two or more amount words and no figures, each following
row that carries a rate ("21 %", "zw", "0%") and amounts gives one amount per column (the
column whose header word the amount stands under, or nearest to); the columns' sums are
candidates for the net, VAT and gross, which the reader then weighs with the others (a sum
that does not add up with the rest is not taken). A row naming a total ("Celkem", "Razem")
ends the table: it is the sum row, read by generic._sum_rows.
"""

from __future__ import annotations

import re
from decimal import Decimal

from backoffice_auto.invoices.extract.generic_page import Candidate, Label, Page
from backoffice_auto.invoices.extract.layout import Line
from backoffice_auto.invoices.extract.textnum import money_tokens

AMOUNT_FIELDS = ("net", "tax", "total")
# a rate cell: "21 %", "21%", "5,5 %", "0 %"; the exempt and not-subject marks of Polish and
# Czech software ("zw", "zw.", "np", "np.", "oo", "osv.")
RATE_CELL = re.compile(r"(?i)^(?:\d{1,2}(?:[.,]\d{1,2})?\s?%|zw\.?|np\.?|oo\.?|osv\.?)$")
MAX_ROWS = 8


def _cells(line: Line, char_width: float) -> list[tuple[str, float, float]]:
    """The line's cells (words closer than a character's width belong together): text, x0, x1."""
    out: list[tuple[str, float, float]] = []
    for word in line.words:
        if out and word.x0 - out[-1][2] < char_width:
            text, x0, _x1 = out[-1]
            out[-1] = (f"{text} {word.text}", x0, word.x1)
        else:
            out.append((word.text, word.x0, word.x1))
    return out


def _column(x0: float, x1: float, heads: list[Label]) -> int:
    """The header the cell stands under: the one it overlaps most, else the nearest."""
    def distance(head: Label) -> float:
        overlap = min(x1, head.x1) - max(x0, head.x0)
        return -overlap if overlap > 0 else max(head.x0 - x1, x0 - head.x1)
    return min(range(len(heads)), key=lambda k: distance(heads[k]))


def _row(page: Page, line: Line, heads: list[Label], order: str) -> dict[int, Decimal] | None:
    """The amounts of one rate row by column, or None when the line is not such a row."""
    if any(lab.field in AMOUNT_FIELDS for lab in page.labels[line.index]):
        return None  # a sum row ("Celkem", "Razem") or the next part of the totals
    cells = _cells(line, page.layout.char_width)
    if not any(RATE_CELL.match(text.strip()) for text, _x0, _x1 in cells):
        return None
    values: dict[int, Decimal] = {}
    for text, x0, x1 in cells:
        if RATE_CELL.match(text.strip()):
            continue
        tokens = money_tokens(text, order)
        if len(tokens) != 1 or not tokens[0][2]:
            continue
        column = _column(x0, x1, heads)
        if column in values:
            return None  # two amounts under one header: not a recap row
        values[column] = tokens[0][0]
    return values if len(values) >= 2 else None


def recap_sums(page: Page, order: str) -> list[tuple[str, Candidate]]:
    """(field, candidate) for each amount column of every VAT recap table on the page, the
    sum of its rate rows; only where the table has two rows or more (one row is read by
    the labels themselves)."""
    out: list[tuple[str, Candidate]] = []
    lines = page.layout.lines
    for index, labels in page.labels.items():
        heads = [lab for lab in labels if lab.field in AMOUNT_FIELDS]
        if len(heads) < 2 or any(ch.isdigit() for ch in lines[index].text):
            continue
        rows = []
        for line in lines[index + 1: index + 1 + MAX_ROWS]:
            if line.page != lines[index].page:
                break
            row = _row(page, line, heads, order)
            if row is None:
                break
            rows.append(row)
        if len(rows) < 2:
            continue
        sums: dict[str, Decimal] = {}
        for column, head in enumerate(heads):
            if any(column not in row for row in rows):
                continue
            if head.field in sums:  # two columns of one kind ("Sazba DPH | ... | DPH"): ambiguous
                sums.pop(head.field)
                continue
            sums[head.field] = sum((row[column] for row in rows), Decimal(0))
        if {"net", "tax", "total"} <= set(sums) and sums["net"] + sums["tax"] != sums["total"]:
            continue
        out += [(field, Candidate(value, 0.9, index, "recap")) for field, value in sums.items()]
    return out
