"""Cells merged down over the rows of one record, read in every row they cover.

An office order form often merges the order number, date and customer cells down over
the order's lines, and a timesheet the employee's cell over the employee's days: the
clerk sees the value beside each line, but the file keeps it in the range's first cell
only, so every other line was refused as 'Order number is empty here'. Below the header,
the first cell's value is copied into the cells under it in its column; cells to its
right in a wider range stay empty (a note merged across columns is one note, not a
price and a quantity).
"""

from __future__ import annotations

from dataclasses import replace

from backoffice_auto.documents.workbook import Sheet

__all__ = ["fill_merged_down"]

MAX_FILLED_ROWS = 100_000  # a range taller than any order or month: left as written


def fill_merged_down(sheet: Sheet, header_row: int) -> Sheet:
    """`sheet` with each range merged down below `header_row` (0-based) read in all its rows."""
    ranges = [m for m in sheet.marks.merged if m[0] > header_row and m[2] > m[0] and m[2] - m[0] <= MAX_FILLED_ROWS]
    if not ranges:
        return sheet
    rows = list(sheet.rows)
    changed = False
    for first_row, column, last_row, _ in ranges:
        if first_row >= len(rows) or column >= len(rows[first_row]) or rows[first_row][column] is None:
            continue
        value = rows[first_row][column]
        for r in range(first_row + 1, min(last_row, len(rows) - 1) + 1):
            row = rows[r]
            if column < len(row) and row[column] is not None:
                continue
            cells = list(row) + [None] * (column + 1 - len(row))
            cells[column] = value
            rows[r] = tuple(cells)
            changed = True
    return replace(sheet, rows=rows) if changed else sheet
