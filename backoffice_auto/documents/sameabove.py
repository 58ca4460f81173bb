"""Cells that mean "the same as above": a ditto mark, or a blank where a clerk wrote a value once.

Clerks write a customer or a date once for a block of rows, leave the order number empty on
an order's second line, or put a ditto mark (`"`, `〃`, `dtto`, `idem`, `j.w.`, `-//-`) under a
value. A ditto mark says it outright, so it takes the value above in any column. A blank is
filled only where that cannot be wrong:

* on the lines of one record (`group`: an order's number): a line with the same order number
  as the line above, or with none while nothing in its row names another order (its date and
  customer empty or the same), is that order's line and takes its date and customer (a row
  with no number naming another customer is refused: it is no line of the order above);
* in a column written once at the top of each block of rows: no two neighbouring rows both
  hold a value in it (`E001` over four empty cells, `E002` over four more).

Elsewhere (a column filled in nearly every row, one cell left empty) a blank may be a value
forgotten, so it is not guessed: the reader refuses it naming the cell and the value above,
and says to write it or put a ditto mark. A block ends at a blank row, a totals or notes row
and the header: nothing is carried over them. Every cell filled is said in a note naming its
rows, so the clerk sees what was read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from backoffice_auto.documents.fieldlabels import field_label
from backoffice_auto.documents.rowkinds import NOTE_INSIDE, row_ranges
from backoffice_auto.errors import Problem, Source, column_letter
from backoffice_auto.i18n import N_

__all__ = ["SameAbove", "fill_same_above", "is_ditto", "MSG_BLANK_IN_ORDER", "MSG_BLANK_IN_BLOCK"]

_DITTOS = frozenset({  # folded: no case, no accents
    '"', "''", "\u3003", "\u201d", "\u201c", "\u201e", "\u2033", "\u02ba", "\u05f4", "-\"-", "- \" -", "\u201e\u201c",
    "dtto", "dtto.", "dto", "dto.", "ditto", "idem", "\u00eddem", "id.", "jw", "jw.", "j.w.", "j. w.",
    "jak wyzej", "tamtez", "-//-", "--//--", "- // -",
})
_MAX_DITTO = 12
_STARTS = frozenset(word[0] for word in _DITTOS) | {"\u00ed", "i"}
_FIRST = _STARTS | {ch.upper() for ch in _STARTS} | {" ", "\t", "\u00a0"}  # a cell's first character, as written

MSG_FILLED_ORDER = N_("Column {column} ({field}): the empty cells in rows {rows} belong to the order on the row "
                      "above and were read as its value.")
MSG_FILLED_BLOCK = N_("Column {column} ({field}) is written once at the top of each block of rows: its empty "
                      "cells in rows {rows} were read as the value above.")
MSG_FILLED_DITTO = N_("Column {column} ({field}): the ditto marks in rows {rows} were read as the value above.")
MSG_DITTO_NOTHING = N_("A ditto mark ('{value}') here, but there is no value above it to repeat (the header, a "
                       "blank, totals or notes row is above): write the value.")
MSG_BLANK_IN_ORDER = N_("Column {header} is empty here and the row above has '{above}'. An empty cell is read as "
                        "the same as above only on the lines of one order, or in a column written once at the top "
                        "of each block of rows: write the value, or a ditto mark (\") to repeat the one above.")
MSG_BLANK_IN_BLOCK = N_("Column {header} is empty here and the row above has '{above}'. An empty cell is read as "
                        "the same as above only in a column written once at the top of each block of rows: write "
                        "the value, or a ditto mark (\") to repeat the one above.")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().casefold().replace("ł", "l"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def is_ditto(value: Any) -> bool:
    """A cell holding only a ditto mark or word (`"`, `〃`, `dtto`, `idem`, `j.w.`, `-//-`)."""
    if not isinstance(value, str) or len(value) > _MAX_DITTO or value.lstrip()[:1].casefold() not in _STARTS:
        return False  # most cells: a code, a name, a number (a ditto starts with a mark, d, i, í, j or t)
    text = value.strip().casefold()
    return text in _DITTOS or (not text.isascii() and _fold(text) in _DITTOS)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class SameAbove:
    """What `fill_same_above` did: the rows with cells filled, notes naming them, problems
    (a ditto with nothing above: `said` holds its (0-based row, column), emptied, so the
    reader does not call it empty too), and the blanks left unfilled though the row above
    has a value ((0-based row, column) -> that value), for the reader's message."""

    rows: list[tuple]
    notes: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unfilled: dict[tuple[int, int], Any] = field(default_factory=dict)
    said: set[tuple[int, int]] = field(default_factory=set)


def fill_same_above(rows: Sequence[tuple], header_at: int, columns: Mapping[str, int], blanks: Iterable[str],
                    where: Source, group: str | None = None, skipped: Mapping[int, str] | None = None,
                    keep: Mapping[int, Iterable[int]] | None = None) -> SameAbove:
    """Rows under the 0-based `header_at` with ditto marks and fillable blanks read as the value above.

    `columns`: field -> 0-based column of every column read (dittos count in all of them);
    `blanks`: the fields whose blank cells may mean "the same" (see the module's docstring);
    `group`: the field whose equal values make rows one record (an order's number);
    `skipped`: 0-based row -> kind of the rows that are no data (they end a block, but for a note
    between the rows: an order's lines go on under it); `keep`: 0-based row -> columns
    never filled (a formula with no saved result is not an empty cell)."""
    blanks = [name for name in blanks if name in columns]
    result = SameAbove(list(rows))
    skipped = skipped or {}
    keep = keep or {}
    out = result.rows
    block_style: dict[int, bool] | None = None  # worked out at the first blank that asks (most sheets: never)
    if group is not None and group in blanks:
        blanks = [group] + [n for n in blanks if n != group]  # the record first: the others ask it
    width = max(columns.values(), default=-1) + 1
    every = list(columns.items())
    fillable = [(name, columns[name]) for name in blanks]
    others = [columns[n] for n in blanks if n != group]
    filled: dict[tuple[str, str], list[int]] = {}
    above: tuple | None = None
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        kind = skipped.get(r)
        if kind == NOTE_INSIDE:
            continue
        if kind is not None or all(_blank(v) for v in row):
            above = None  # a block ends here
            continue
        if len(row) < width:
            row = row + (None,) * (width - len(row))
        cells = None  # a copy of the row, made only when a cell changes (most rows are written out)
        for name, c in every:
            value = row[c]
            if value.__class__ is not str or value[:1] not in _FIRST or not is_ditto(value):
                continue
            cells = cells if cells is not None else list(row)
            if above is None or _blank(above[c]):
                result.problems.append(Problem(MSG_DITTO_NOTHING, Source(where.file, where.sheet, r + 1,
                                                                          column_letter(c + 1)),
                                               {"value": value.strip()}))
                cells[c] = None
                result.said.add((r, c))
                continue
            cells[c] = above[c]
            filled.setdefault((name, "ditto"), []).append(r + 1)
        current = cells if cells is not None else row
        same_record = False
        for name, c in fillable:
            value = current[c]
            if value is not None and (value.__class__ is not str or value.strip()):  # written: nothing to fill
                if name == group and above is not None:
                    same_record = value == above[c]
                continue
            if above is None or _blank(above[c]) or c in keep.get(r, ()):
                continue
            if name == group:  # the record above, unless the row names another date or customer
                same_record = all(_blank(current[o]) or current[o] == above[o] for o in others)
                how = "order" if same_record else None
            elif same_record:
                how = "order"
            else:
                if block_style is None:
                    block_style = _written_once_per_block(rows, header_at, [columns[n] for n in blanks], skipped)
                how = "block" if block_style[c] else None
            if how is None:
                result.unfilled[(r, c)] = above[c]
                continue
            if cells is None:
                cells = current = list(row)
            cells[c] = above[c]
            filled.setdefault((name, how), []).append(r + 1)
        if cells is not None:
            row = out[r] = tuple(cells)
        above = row
    for (name, how), numbers in filled.items():
        letter = column_letter(columns[name] + 1)
        message = {"order": MSG_FILLED_ORDER, "block": MSG_FILLED_BLOCK, "ditto": MSG_FILLED_DITTO}[how]
        result.notes.append(Problem(message, Source(where.file, where.sheet, numbers[0], letter),
                                    {"column": letter, "field": field_label(name), "rows": row_ranges(numbers)},
                                    level="warning" if how == "block" else "info"))
    result.notes.sort(key=lambda p: (p.source.column or "", p.source.row or 0))
    return result


def _written_once_per_block(rows: Sequence[tuple], header_at: int, columns: list[int],
                            skipped: Mapping[int, str]) -> dict[int, bool]:
    """Column -> is it written once at the top of each block: some cell of it is empty under a
    value, and no two neighbouring data rows both hold a value in it."""
    style = {c: False for c in columns}
    clash = set()
    previous: tuple | None = None
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        if skipped.get(r) == NOTE_INSIDE:
            continue
        if r in skipped or all(_blank(v) for v in row):
            previous = None
            continue
        for c in columns:
            here = c < len(row) and not _blank(row[c]) and not is_ditto(row[c])
            if previous is not None:
                before = c < len(previous) and not _blank(previous[c]) and not is_ditto(previous[c])
                if here and before:
                    clash.add(c)
                elif before and not here:
                    style[c] = True
        previous = row
    return {c: style[c] and c not in clash for c in columns}
