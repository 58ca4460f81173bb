"""Sum rows without a label between the days of a timesheet: a week's hours under its days.

Clerks add a row under each week with only the hours' sum in it, and no word saying so.
Such a row has hours but no day, so it must not be paid as a day, nor refused as one: it is
skipped as a subtotal when its hours are exactly the sum of the rows above it since the
last subtotal (or of all rows so far: a grand total), over two rows or more, and only on a
sheet whose every other row names its day (where a day may be written once over several
rows, a row without one is that day's). A row with hours, no day and no employee whose
figure is no such sum is refused, naming the sum it missed: a forgotten date and a
miscounted total look alike, and neither is paid on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Sequence

from backoffice_auto.documents.rowkinds import TOTAL
from backoffice_auto.errors import Problem, Source, column_letter
from backoffice_auto.i18n import N_

__all__ = ["Subtotals", "subtotal_rows", "MSG_NOT_A_SUM"]

MSG_NOT_A_SUM = N_("This row has hours ({value}) but no date and no employee, and they are not the sum of the "
                   "rows above it since the last total ({sum}): write its date if it is a day's work, or a word "
                   "such as Total in it if it is a total.")


@dataclass
class Subtotals:
    rows: dict[int, str] = field(default_factory=dict)  # 0-based row -> TOTAL
    refused: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def subtotal_rows(rows: Sequence[Sequence[Any]], header_row: int, keys: Sequence[int], hours_col: int | None,
                  times: Sequence[int], skipped: dict[int, str], hours: Callable[[Any], Decimal],
                  where: Source) -> Subtotals:
    """Unlabelled sum rows under the 0-based `header_row`: rows with every key column and every
    time column (`times`) empty and a figure in `hours_col`; `hours` reads a figure (raises when bad)."""
    found = Subtotals()
    if hours_col is None:
        return found
    candidates: list[int] = []
    for r in range(header_row + 1, len(rows)):
        if r in skipped:
            continue
        row = rows[r]
        cell = row[hours_col] if hours_col < len(row) else None
        if all(c >= len(row) or _blank(row[c]) for c in (*keys, *times)) and not _blank(cell):
            candidates.append(r)
        elif any(c < len(row) and _blank(row[c]) for c in keys) and any(not _blank(v) for v in row):
            return found  # a day written once over its rows: a row without one is that day's
    if not candidates:
        return found
    since_total: Decimal | None = Decimal(0)
    overall: Decimal | None = Decimal(0)
    counted = total_counted = 0
    todo = set(candidates)
    for r in range(header_row + 1, len(rows)):
        if skipped.get(r) == TOTAL:
            since_total, counted = Decimal(0), 0
            continue
        if r in skipped:
            continue
        row = rows[r]
        cell = row[hours_col] if hours_col < len(row) else None
        try:
            figure = None if _blank(cell) else hours(cell)
        except (ValueError, ArithmeticError):
            figure = None
            if r not in todo:
                since_total = overall = None  # a bad day is refused where it stands; no sum can be checked
        if r not in todo:
            if figure is not None and since_total is not None:
                since_total += figure
                overall += figure
            counted += 1
            total_counted += 1
            continue
        if figure is not None and since_total is not None and counted >= 2 and figure == since_total:
            found.rows[r] = TOTAL
            since_total, counted = Decimal(0), 0
        elif figure is not None and overall is not None and total_counted >= 2 and figure == overall:
            found.rows[r] = TOTAL
            since_total, counted = Decimal(0), 0
        else:
            found.refused.add(r)
            found.problems.append(Problem(MSG_NOT_A_SUM, Source(where.file, where.sheet, r + 1,
                                                                column_letter(hours_col + 1)),
                                          {"value": str(cell).strip(), "sum": "?" if since_total is None
                                           else format(since_total.normalize(), "f")}))
    return found
