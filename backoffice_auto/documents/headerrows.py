"""Which row of a sheet is its header, when offices split it over two rows or merge its cells.

A header is usually one row. Offices also write it as a group title merged over the
columns it covers with the detail below (`Objednávka` over `číslo | datum | zákazník`,
`Cena` over `za ks bez DPH`), or merge a cell over both rows (`Datum` standing in rows 1
and 2). Merged cells keep their text in the first cell only; `header_view` copies it into
every cell the range covers. `find_header` then weighs each single row against each pair
of rows, a pair's column reading as the lower cell alone when that names a field, else as
the two cells together (`Objednávka číslo`). A pair wins only when it names more fields
than any single row, or as many while giving a required field a single row lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

__all__ = ["HEADER_SEARCH_ROWS", "Header", "find_header", "find_header_row", "header_view"]

HEADER_SEARCH_ROWS = 20
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
    keys = set(key_fields)
    best: tuple[int, dict[str, int]] | None = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapped = _mapped(row, index)
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


def header_view(rows: Sequence[tuple], merged: Sequence[tuple[int, int, int, int]]) -> list[tuple]:
    """The first `HEADER_SEARCH_ROWS` rows with each merged range's text in all of its cells."""
    view = [list(row) for row in rows[:HEADER_SEARCH_ROWS]]
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


def _joined(upper: Any, lower: Any, index) -> tuple[Any, str | None, bool]:
    """One column of a two-row header: (text, field, sure). The lower cell alone first, then
    both cells in either order, then the upper cell over an empty lower one."""
    upper = upper.strip() if isinstance(upper, str) and upper.strip() else None
    lower = lower.strip() if isinstance(lower, str) and lower.strip() else None
    texts = [t for t in (lower, upper and lower and upper != lower and f"{upper} {lower}",
                         upper and lower and upper != lower and f"{lower} {upper}",
                         upper if lower is None else None) if t]
    for text in texts:
        name = index.field(text)
        if name:
            return text, name, True
    for text in texts:
        name = index.guess(text)
        if name:
            return text, name, False
    return (texts[1] if len(texts) > 1 else texts[0]) if texts else None, None, False


def find_header(rows: Sequence[tuple], index, key_fields: Iterable[str] = (), required: Iterable[str] = (),
                merged: Sequence[tuple[int, int, int, int]] = ()) -> Header | None:
    """The header of a sheet: one row, or two rows read together (see the module's docstring)."""
    view = header_view(rows, merged) if merged else list(rows[:HEADER_SEARCH_ROWS])
    single = find_header_row(view, index, key_fields)
    best_sure = len(single[1]) if single else 0
    missing = set(required) - (single[1].keys() if single else set())
    best: Header | None = None
    if single:
        best = Header(single[0], single[1], tuple(view[single[0]]))
    for r in range(1, len(view)):
        upper, lower = view[r - 1], view[r]
        if not any(isinstance(v, str) for v in lower) or not any(isinstance(v, str) for v in upper):
            continue
        cells, mapped, sure, joined = [], {}, 0, False
        for c in range(max(len(upper), len(lower))):
            below = lower[c] if c < len(lower) else None
            text, name, is_sure = _joined(upper[c] if c < len(upper) else None, below, index)
            cells.append(text)
            if name and name not in mapped:
                mapped[name] = c
                sure += is_sure
                joined = joined or text != (below.strip() if isinstance(below, str) else below)
        if sure < 2 or not joined:
            continue
        if sure > best_sure or (sure == best_sure and missing & mapped.keys()):
            best_sure, missing = sure, set(required) - mapped.keys()
            best = Header(r, {n: c for n, c in mapped.items()}, tuple(cells), 2)
    if best is not None and best.rows == 2:
        # the guessed columns are confirmed (and reported) by the reader, like any guess
        best = Header(best.row, _mapped(best.cells, index), best.cells, 2)
    return best
