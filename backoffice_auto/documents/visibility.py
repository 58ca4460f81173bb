"""A clerk's sheet as the clerk sees it: hidden sheets, rows and columns are not read.

People hide what they do not want: an old order sheet, a cancelled line, a helper column,
the rows a filter leaves out, a sheet of lists behind the drop-downs (often "very hidden",
which the spreadsheet program offers no way to show). Reading them would book orders,
hours or prices nobody saw on screen, so the readers of orders, timesheets and master data
leave them out, and say so in a warning that names them, in case they were meant.

A formula cell whose result the file does not hold (written by a program that does not
calculate formulas) is named with `uncomputed_problem`, never read as empty.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from backoffice_auto.documents.rowkinds import BLANK, TOTAL, row_ranges
from backoffice_auto.documents.workbook import Sheet
from backoffice_auto.errors import Problem, Source, column_letter
from backoffice_auto.i18n import N_

__all__ = ["hidden_sheet_note", "shown_sheet", "uncomputed_problem", "uncomputed_rows", "MSG_UNCOMPUTED"]

MSG_HIDDEN_SHEET = N_("Sheet '{sheet}' is hidden in the spreadsheet program and was not read; show it "
                      "(Unhide) and drop the file again if it should be.")
MSG_HIDDEN_ROWS = N_("Rows hidden in the spreadsheet program (by hand or by a filter) were not read (rows "
                     "{rows}); show them and drop the file again if they should be.")
MSG_HIDDEN_COLUMNS = N_("Columns hidden in the spreadsheet program were not read (columns {columns}); show "
                        "them and drop the file again if they should be.")
MSG_HIDDEN_UNKNOWN = N_("This old Excel (.xls) sheet could not be checked for hidden rows and columns, so every "
                        "row and column was read; if some were hidden (by hand or by a filter), delete them or save "
                        "the file as .xlsx and drop it again.")
MSG_UNCOMPUTED = N_("This cell holds a formula {formula} whose result is not saved in the file (it was "
                    "written by a program that does not calculate formulas). Open the file in a "
                    "spreadsheet program, save it there and drop it again.")


def hidden_sheet_note(sheet: Sheet, file: str | None = None) -> Problem | None:
    """The warning for a hidden sheet that holds values; None for a shown or empty one."""
    if not sheet.hidden or sheet.is_empty():
        return None
    return Problem(MSG_HIDDEN_SHEET, Source(file or sheet.file, sheet.name), {"sheet": sheet.name},
                   level="warning")


def shown_sheet(sheet: Sheet, file: str | None = None) -> tuple[Sheet, list[Problem]]:
    """`sheet` with its hidden rows and columns emptied (row numbers kept), and a warning for
    the hidden rows and for the hidden columns that held a value."""
    marks = sheet.marks
    where = Source(file or sheet.file, sheet.name)
    if marks.hidden_unknown and not sheet.is_empty():
        return sheet, [Problem(MSG_HIDDEN_UNKNOWN, where, level="warning")]
    if not (marks.hidden_rows or marks.hidden_columns):
        return sheet, []
    rows = list(sheet.rows)
    notes: list[Problem] = []
    hidden_rows = sorted(r for r in marks.hidden_rows
                         if r < len(rows) and any(v is not None for v in rows[r]))
    for r in hidden_rows:
        rows[r] = (None,) * len(rows[r])
    hidden_columns = sorted(marks.hidden_columns)
    used = set()
    if hidden_columns:
        width = max((len(row) for row in rows), default=0)
        hidden_columns = [c for c in hidden_columns if c < width]
        for r, row in enumerate(rows):
            if not any(c < len(row) and row[c] is not None for c in hidden_columns):
                continue
            cells = list(row)
            for c in hidden_columns:
                if c < len(cells) and cells[c] is not None:
                    used.add(c)
                    cells[c] = None
            rows[r] = tuple(cells)
    if hidden_rows:
        notes.append(Problem(MSG_HIDDEN_ROWS, where, {"rows": row_ranges(r + 1 for r in hidden_rows)},
                             level="warning"))
    if used:
        notes.append(Problem(MSG_HIDDEN_COLUMNS, where, {"columns": _column_ranges(sorted(used))},
                             level="warning"))
    uncomputed = {rc: f for rc, f in marks.uncomputed.items()
                  if rc[0] not in marks.hidden_rows and rc[1] not in marks.hidden_columns}
    shown = replace(sheet, rows=rows, marks=replace(marks, hidden_rows=frozenset(), hidden_columns=frozenset(),
                                                    uncomputed=uncomputed))
    return shown, notes


def _column_ranges(columns: list[int]) -> str:
    """0-based columns as letters and ranges: `B, E–G`."""
    parts: list[str] = []
    start = prev = None
    for c in columns + [None]:
        if start is not None and (c is None or c != prev + 1):
            first, last = column_letter(start + 1), column_letter(prev + 1)
            parts.append(first if start == prev else f"{first}\u2013{last}")
            start = None
        if c is not None and start is None:
            start = c
        prev = c
    return ", ".join(parts)


def uncomputed_problem(sheet: Sheet, file: str, row: int, column: int) -> Problem | None:
    """The problem of a cell (0-based `row`, `column`) that is empty because its formula was
    never calculated; None when the cell is really empty."""
    formula = sheet.marks.uncomputed.get((row, column)) if sheet.marks.uncomputed else None
    if formula is None:
        return None
    return Problem(MSG_UNCOMPUTED, Source(file, sheet.name, row + 1, column_letter(column + 1)),
                   {"formula": formula or "(=...)"})


def uncomputed_rows(sheet: Sheet, header_at: int, columns: Sequence[int],
                     skipped: dict[int, str]) -> dict[int, list[int]]:
    """0-based row -> the read columns whose formula has no saved result, for the rows under
    the header that are data (a row of formulas alone counts as data above the last row
    with a value; below it, it is a totals row and joins `skipped` as one)."""
    formulas = sheet.marks.uncomputed
    if not formulas:
        return {}
    read = set(columns)
    out: dict[int, list[int]] = {}
    for (r, c) in sorted(formulas):
        if r > header_at and c in read and skipped.get(r) in (None, BLANK):
            out.setdefault(r, []).append(c)
    rows = sheet.rows
    last = max((r for r in range(header_at + 1, len(rows))
                if r not in skipped and any(v is not None for v in rows[r])), default=header_at)
    for r in [r for r in out if r > last and (r >= len(rows) or all(v is None for v in rows[r]))]:
        del out[r]
        skipped[r] = TOTAL
    for r in out:
        skipped.pop(r, None)
    return out
