"""Which row of a sheet is its header, when offices split it over two rows or merge its cells.

A header is usually one row. Offices also write it as a group title merged over the
columns it covers with the detail below (`Objednávka` over `číslo | datum | zákazník`,
`Cena` over `za ks bez DPH`), or merge a cell over both rows (`Datum` standing in rows 1
and 2). Merged cells keep their text in the first cell only; `header_view` copies it into
every cell the range covers. `find_header` then weighs each single row against each pair
of rows, a pair's column reading as the lower cell alone when that names a field, else as
the two cells together (`Objednávka číslo`). A pair wins only when it names more fields
than any single row, or as many while giving a required field a single row lacks.

A long preamble (terms, addresses, a letter) can push the header below the first
`HEADER_SEARCH_ROWS` rows. When none of those holds one, the rows below are searched down
to `DEEP_HEADER_ROWS` for the first row naming at least `_MIN_GUESSED_FIELDS` fields for
sure (no typos guessed there: a deep header must be plain, and a data row rarely names three
fields).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

__all__ = ["HEADER_SEARCH_ROWS", "DEEP_HEADER_ROWS", "Header", "find_header", "find_header_row", "header_view",
           "deep_header_row"]

HEADER_SEARCH_ROWS = 20
DEEP_HEADER_ROWS = 1000
_MIN_GUESSED_FIELDS = 3  # a header of misspelt words only: at least this many fields named
_MAX_MERGED_WIDTH = 200


@dataclass(frozen=True)
class Header:
    row: int  # 0-based: the (lower) header row; data starts below it
    mapped: dict[str, int]  # field -> 0-based column
    cells: tuple  # the header text of each column as read (two rows joined where they were)
    rows: int = 1  # 1, or 2 for a header over two rows


def find_header_row(rows: Sequence[tuple], index, key_fields: Iterable[str] = ()) -> tuple[int, dict[str, int]] | None:
    """(0-based row, field -> 0-based column) of the header row, or None.

    The row among the first `HEADER_SEARCH_ROWS` naming the most known fields wins; it must
    name at least two, or one that is a key.
    """
    return _best_row([_mapped(row, index) for row in rows[:HEADER_SEARCH_ROWS]], key_fields)


def _best_row(rows_mapped: list[dict[str, int]], key_fields: Iterable[str]) -> tuple[int, dict[str, int]] | None:
    keys = set(key_fields)
    best: tuple[int, dict[str, int]] | None = None
    for r, mapped in enumerate(rows_mapped):
        if len(mapped) >= 2 or (mapped and keys & mapped.keys()):
            if best is None or len(mapped) > len(best[1]):
                best = (r, mapped)
    return best


def _mapped(row: Sequence[Any], index) -> dict[str, int]:
    mapped: dict[str, int] = {}
    for c, cell in enumerate(row):
        if cell is None or not isinstance(cell, str):
            continue
        name = index.field(cell)
        if name and name not in mapped:
            mapped[name] = c
    return mapped


def header_view(rows: Sequence[tuple], merged: Sequence[tuple[int, int, int, int]],
                limit: int = HEADER_SEARCH_ROWS) -> list[tuple]:
    """The first `limit` rows with each merged range's text in all of its cells."""
    view = [list(row) for row in rows[:limit]]
    for first_row, first_col, last_row, last_col in merged:
        if first_row >= len(view) or last_col - first_col > _MAX_MERGED_WIDTH:
            continue
        source = view[first_row]
        value = source[first_col] if first_col < len(source) else None
        if value is None:
            continue
        for r in range(first_row, min(last_row, len(view) - 1) + 1):
            cells = view[r]
            if len(cells) <= last_col:
                cells.extend([None] * (last_col + 1 - len(cells)))
            for c in range(first_col, last_col + 1):
                if cells[c] is None:
                    cells[c] = value
    return [tuple(row) for row in view]


def _texts(upper: Any, lower: Any) -> list[str]:
    """The readings of one column of a two-row header, most likely first: the lower cell alone,
    both cells in either order, the upper cell over an empty lower one."""
    upper = upper.strip() if isinstance(upper, str) and upper.strip() else None
    lower = lower.strip() if isinstance(lower, str) and lower.strip() else None
    both = upper and lower and upper != lower
    return [t for t in (lower, both and f"{upper} {lower}", both and f"{lower} {upper}",
                        upper if lower is None else None) if t]


def find_header(rows: Sequence[tuple], index, key_fields: Iterable[str] = (), required: Iterable[str] = (),
                merged: Sequence[tuple[int, int, int, int]] = ()) -> Header | None:
    """The header of a sheet: one row, or two rows read together (see the module's docstring)."""
    found = _near_header(rows, index, key_fields, required, merged)
    if found is None and len(rows) > HEADER_SEARCH_ROWS:
        found = deep_header_row(rows, index, merged)
    return found


def deep_header_row(rows: Sequence[tuple], index, merged: Sequence[tuple[int, int, int, int]] = ()) -> Header | None:
    """The first row from `HEADER_SEARCH_ROWS` down to `DEEP_HEADER_ROWS` naming at least
    `_MIN_GUESSED_FIELDS` fields for sure, or None."""
    view = header_view(rows, merged, DEEP_HEADER_ROWS) if merged else rows[:DEEP_HEADER_ROWS]
    for r in range(HEADER_SEARCH_ROWS, len(view)):
        if sum(isinstance(v, str) for v in view[r]) < _MIN_GUESSED_FIELDS:
            continue
        mapped = _mapped(view[r], index)
        if len(mapped) >= _MIN_GUESSED_FIELDS:
            return Header(r, mapped, tuple(view[r]))
    return None


def _near_header(rows: Sequence[tuple], index, key_fields: Iterable[str], required: Iterable[str],
                 merged: Sequence[tuple[int, int, int, int]]) -> Header | None:
    view = header_view(rows, merged) if merged else list(rows[:HEADER_SEARCH_ROWS])
    rows_mapped = [_mapped(row, index) for row in view]
    single = _best_row(rows_mapped, key_fields)
    best_sure = len(single[1]) if single else 0
    missing = set(required) - (single[1].keys() if single else set())
    best: Header | None = None
    if single:
        best = Header(single[0], single[1], tuple(view[single[0]]))
    named = [bool(mapped) for mapped in rows_mapped]
    for r in range(1, len(view)):
        upper, lower = view[r - 1], view[r]
        if not (named[r] or named[r - 1]) or not any(isinstance(v, str) for v in upper):
            continue  # neither row names a field: data, or a title over data
        width = max(len(upper), len(lower))
        readings = [_texts(upper[c] if c < len(upper) else None, lower[c] if c < len(lower) else None)
                    for c in range(width)]
        cells: list[Any] = []
        mapped: dict[str, int] = {}
        joined = False
        for c, texts in enumerate(readings):  # sure matches first: dictionary look-ups, cheap
            found = next(((t, index.field(t)) for t in texts if index.field(t)), None)
            cells.append(found[0] if found else (texts[1] if len(texts) > 1 else texts[0]) if texts else None)
            if found and found[1] not in mapped:
                mapped[found[1]] = c
                joined = joined or found[0] != texts[0] or not isinstance(lower[c] if c < len(lower) else None, str)
        sure = len(mapped)
        if sure < 2 or sure < best_sure or (sure > best_sure and not joined):
            continue
        if sure == best_sure:  # as many as a single row: only worth it for a required field that row lacks
            gained = None
            for c, texts in enumerate(readings):
                if c in mapped.values() or len(texts) < 2:
                    continue  # a lower cell alone was weighed with the single rows
                guessed = next(((t, index.guess(t)) for t in texts[1:] if index.guess(t) in missing), None)
                if guessed:
                    cells[c], gained = guessed[0], guessed[1]
                    break
            if gained is None:
                continue
        best_sure, missing = sure, set(required) - mapped.keys()
        best = Header(r, dict(mapped), tuple(cells), 2)
    if best is not None and best.rows == 2:
        # the guessed columns are confirmed (and reported) by the reader, like any guess
        best = Header(best.row, _mapped(best.cells, index), best.cells, 2)
    if best is None or len(best.mapped) < _MIN_GUESSED_FIELDS:  # few sure names: typos may name more
        misspelt = _misspelt_row(view, rows_mapped, index)
        if misspelt is not None and misspelt[1] > (len(best.mapped) if best else 0):
            best = misspelt[0]
    return best


def _misspelt_row(view: Sequence[tuple], rows_mapped: list[dict[str, int]], index) -> tuple[Header, int] | None:
    """A header whose words are nearly all misspelt (`Ordr ID | Oder date | Custmer ID | Quantiy`)
    names fewer than two fields for sure. The first row where sure and guessed headers name at
    least `_MIN_GUESSED_FIELDS` fields, and most of its text cells, is taken (with how many it
    names) when the sure header names fewer; the reader reports
    every guessed column, so the clerk sees what each was taken for."""
    for r, row in enumerate(view):
        texts = [c for c, cell in enumerate(row) if isinstance(cell, str) and cell.strip()]
        if len(texts) < _MIN_GUESSED_FIELDS:
            continue
        named = set(rows_mapped[r])
        for c in texts:
            if c not in rows_mapped[r].values():
                guessed = index.guess(row[c])
                if guessed is not None:
                    named.add(guessed)
        if len(named) >= _MIN_GUESSED_FIELDS and 2 * len(named) >= len(texts):
            return Header(r, dict(rows_mapped[r]), tuple(row)), len(named)
    return None
