"""A header written on two rows: a group title over the columns it spans, their own titles below.

Why: bank workbooks head the amount columns with one merged cell (`Částka` across two columns,
`Obrat`, `Amount`) and put `Má dáti` / `Dal` or `Debit` / `Credit` in the row under it; the
other titles (`Datum`, `Popis`, `Zůstatek`) are merged down over both rows. Read as one row, the
group title was taken for a single amount column (the money-out column, so every payment in was
refused as "not an amount"), or no header was found at all. Such a pair of rows is read as one
header, each column titled by its lower cell where it has one: the upper row is left blank and
the lower holds the whole header, so every reader after this sees one header row as usual.

A pair counts only when both rows are plainly titles: text without a digit, the upper naming at
least two fields by their usual names and the lower at least one, and standing under the span of a group title (under a blank upper cell, or
under a title whose right neighbour is blank while the lower row goes on there).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from backoffice_auto.documents.workbook import Sheet

SEARCH_ROWS = 1000  # as far down as a header row is looked for (tabular.HEADER_SEARCH_ROWS)


def stack_header(sheet: Sheet) -> Sheet:
    """The sheet with its first two-row header joined into its lower row (the sheet itself when none)."""
    rows = sheet.rows
    for i in range(min(len(rows) - 1, SEARCH_ROWS)):
        joined = _joined(rows[i], rows[i + 1])
        if joined is not None:
            return replace(sheet, rows=[*rows[:i], (None,) * len(rows[i]), joined, *rows[i + 2:]])
    return sheet


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _joined(upper: tuple, lower: tuple) -> tuple | None:
    from backoffice_auto.payments.readers.guessed import header_field

    titled = [c for c, v in enumerate(lower) if not _blank(v)]
    if not titled or sum(not _blank(v) for v in upper) < 2:
        return None
    if any(not isinstance(lower[c], str) or any(ch.isdigit() for ch in lower[c]) for c in titled):
        return None
    if any(not isinstance(v, str) or any(ch.isdigit() for ch in v) for v in upper if not _blank(v)):
        return None  # a line of the preamble (`Account;2400123456/2010`), a data row
    if not any(header_field(lower[c]) for c in titled) or sum(bool(header_field(v)) for v in upper if v) < 2:
        return None
    spanned = False
    for c in titled:
        above = upper[c] if c < len(upper) else None
        if _blank(above):
            spanned = spanned or any(not _blank(upper[k]) for k in range(min(c, len(upper))))
            continue
        right = upper[c + 1] if c + 1 < len(upper) else None
        if not (_blank(right) and c + 1 < len(lower) and not _blank(lower[c + 1])):
            return None  # a title under a title of its own: two rows of headers that are no group
    if not spanned:
        return None
    width = max(len(upper), len(lower))
    return tuple(lower[c] if c < len(lower) and not _blank(lower[c]) else (upper[c] if c < len(upper) else None)
                 for c in range(width))
