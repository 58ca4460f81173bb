"""One sheet holding several tables one under another, each under its own copy of the header.

Offices print a sheet per person and then keep the people one under another on one sheet:
`Employee: E002` and the header again, then that person's days. A copy of the header row is
no data row (it was refused as 'Date' is not a date), and on a sheet without an employee
column the label above each copy names whose the rows below it are: read as the first
person's, they paid one person for another's days. A copy of the header with no label above
it, on such a sheet, leaves its rows without an employee, so they are refused, never paid to
the person of the table above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from backoffice_auto.documents.rowkinds import TITLE

__all__ = ["Blocks", "sheet_blocks"]


@dataclass
class Blocks:
    skipped: dict[int, str] = field(default_factory=dict)  # 0-based header copies and label rows -> TITLE
    employees: dict[int, str | None] = field(default_factory=dict)  # 0-based header copy -> the employee below it


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def sheet_blocks(rows: Sequence[Sequence[Any]], header_row: int, columns: Mapping[str, int], one_person: bool,
                 fold: Callable[[Any], str], label: Callable[[Sequence[Sequence[Any]]], str | None]) -> Blocks:
    """The copies of the 0-based `header_row` below it, and (for a sheet of `one_person` a table,
    no employee column) the employee each copy's label names; `label(rows)` finds one in rows."""
    found = Blocks()
    header = rows[header_row]
    signature = {c: fold(header[c]) for c in set(columns.values())
                 if c < len(header) and isinstance(header[c], str) and header[c].strip()}
    if len(signature) < 2:
        return found
    first, first_text = min(signature.items())
    previous = header_row
    folded: dict[str, str] = {}  # one fold per distinct text (employee numbers repeat on every row)
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        value = row[first] if first < len(row) else None
        if value.__class__ is not str:
            continue
        text = folded.get(value)
        if text is None:
            text = folded[value] = fold(value)
        if text != first_text or not all(c < len(row) and isinstance(row[c], str) and fold(row[c]) == want
                                         for c, want in signature.items()):
            continue
        found.skipped[r] = TITLE
        if one_person:
            found.employees[r] = _named_above(rows, previous, r, label, found)
        previous = r
    return found


def _named_above(rows: Sequence[Sequence[Any]], previous: int, header: int,
                 label: Callable[[Sequence[Sequence[Any]]], str | None], found: Blocks) -> str | None:
    """The employee a label names between the last data row above `header` and it (blank rows and
    one-cell titles may stand between), else None."""
    for b in range(header - 1, previous, -1):
        named = label([rows[b]])
        if named is not None:
            found.skipped[b] = TITLE
            return named
        if sum(not _blank(v) for v in rows[b]) >= 2:
            return None  # a row of the table above
    return None
