"""Rows of a sheet that are not data: the title block, totals, notes below the table, blanks.

Offices make sheets for people: a title and a date above the header, a `Celkem` or
`Sous-total` row under a group, a line of notes at the bottom. Every reader (orders,
timesheets, master data) asks `skipped_rows` which rows under its header to pass over,
and reports them with `skipped_notes` (one info line per kind, naming the rows), so a
totals row is never refused as a data row with empty required cells.

A totals row has a cell that starts with a totals word (`Celkem`, `Razem`, `Suma`,
`Total`, `Gesamt`, `Subtotal`, `Sous-total`, `Total general`, ...) and leaves a key column
empty (or holds the word in it); below the last data row, a row of numbers only with every
key column empty is a totals row too. A note is a row below the last data row with a
single text cell of several words (or headed `Note:`, `Poznámka:`, ...); such a row between
the data rows (`Pozor: O2 doručit až v pondělí`) is a note inside the table, skipped and named
in a warning, so the clerk knows nothing in it was acted on.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from backoffice_auto.documents.headerwords import header_words
from backoffice_auto.errors import Problem, Source, column_letter
from backoffice_auto.i18n import N_

__all__ = ["skipped_rows", "skipped_notes", "ignored_column", "is_total_label", "row_ranges", "TITLE", "TOTAL", "NOTE",
           "BLANK", "NOTE_INSIDE"]

TITLE, TOTAL, NOTE, BLANK, NOTE_INSIDE = "title", "total", "note", "blank", "note inside"

_TOTAL_WORDS = (
    "total", "totals", "subtotal", "sub total", "grand total", "sum", "overall",
    "celkem", "celkem za", "mezisoucet", "soucet", "celkovy soucet", "suma celkem",
    "razem", "suma", "podsuma", "ogolem", "lacznie", "w sumie",
    "total general", "suma total", "totales", "sous total", "total general", "montant total",
    "gesamt", "summe", "zwischensumme", "gesamtsumme", "totaal", "subtotaal",
)
_TOTAL_KEYS = frozenset(header_words(w) for w in _TOTAL_WORDS)
_NOTE_WORDS = frozenset(header_words(w)[0] for w in (
    "note", "notes", "remark", "remarks", "comment", "poznamka", "poznamky", "pozn", "upozorneni", "uwaga",
    "uwagi", "nota", "notas", "observaciones", "remarque", "remarques", "vystavil", "prepared by",
    "wystawil", "elaborado", "etabli"))

MSG_TITLE = N_("Title above the header row skipped (rows {rows}).")
MSG_TOTAL = N_("Totals and subtotals skipped (rows {rows}).")
MSG_NOTE = N_("Notes below the table skipped (rows {rows}).")
MSG_BLANK = N_("Blank rows skipped (rows {rows}).")
MSG_NOTE_INSIDE = N_("Notes between the rows of the table skipped (rows {rows}): nothing written in them was read.")
MSG_IGNORED = N_("Column {column} ('{header}') is not a known column and was ignored.")
_MESSAGES = {TITLE: MSG_TITLE, TOTAL: MSG_TOTAL, NOTE: MSG_NOTE, BLANK: MSG_BLANK, NOTE_INSIDE: MSG_NOTE_INSIDE}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_total_label(value: Any) -> bool:
    """`Celkem`, `CELKEM:`, `Total général`, `Sous-total client A`, `Suma za listopad`: a totals label."""
    if not isinstance(value, str) or len(value) > 80:
        return False
    first = value.split()[0].rstrip(":.").replace("-", "") if value.split() else ""
    if not first.isalpha():  # `SUM-100`, `TOTAL01` are codes, not labels
        return False
    words = header_words(value)
    return any(words[:n] in _TOTAL_KEYS for n in (1, 2, 3) if len(words) >= n)


def _is_note(row: Sequence[Any], keys: Sequence[int], data: frozenset[int]) -> bool:
    """One text cell: headed `Note:` anywhere, or of several words in a key column (no code has
    spaces) or outside the table's columns. Words in a data column (a name without its code)
    are a bad data row, not a note."""
    cells = [(c, v) for c, v in enumerate(row) if not _blank(v)]
    if len(cells) != 1 or not isinstance(cells[0][1], str):
        return False
    column, text = cells[0]
    words = header_words(text[:200])
    if words and words[0] in _NOTE_WORDS:
        return True
    return len(text.split()) >= 2 and (column in keys or column not in data)


def _numbers_only(row: Sequence[Any]) -> bool:
    cells = [v for v in row if not _blank(v)]
    return bool(cells) and all(not isinstance(v, str) or _numeric_text(v) for v in cells)


def _numeric_text(text: str) -> bool:
    stripped = text.replace(" ", "").replace("\u00a0", "").replace(",", "").replace(".", "").lstrip("-")
    return stripped.isdigit()


def skipped_rows(rows: Sequence[Sequence[Any]], header_row: int, key_columns: Iterable[int],
                 data_columns: Iterable[int] = ()) -> dict[int, str]:
    """0-based row -> kind for the rows of `rows` that hold no data.

    `header_row` is the 0-based header row (rows above it that are not blank are the title);
    `key_columns` the 0-based columns a data row must fill (a totals row leaves one empty),
    `data_columns` every column the reader reads.

    One pass over each row's cells (a 10,000-employee timesheet has ~200,000 rows): the
    non-blank cells are found once, and a text is tested as a totals label once per
    distinct text (codes such as employee ids repeat on every row).
    """
    keys = list(key_columns)
    data = frozenset(data_columns) | frozenset(keys)
    out: dict[int, str] = {}
    for r in range(header_row):
        if not all(_blank(v) for v in rows[r]):
            out[r] = TITLE
    last_data = header_row
    candidates: dict[int, str] = {}
    labels: dict[str, bool] = {}
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        cells = []
        labelled = []
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                if not v.strip():
                    continue
                hit = labels.get(v)
                if hit is None:
                    hit = labels[v] = is_total_label(v)
                if hit:
                    labelled.append(c)
            cells.append((c, v))
        if not cells:
            candidates[r] = BLANK
            continue
        width = len(row)
        key_empty = [c for c in keys if c >= width or _blank(row[c])]
        if labelled and (key_empty or any(c in keys for c in labelled)):
            out[r] = TOTAL
            continue
        if len(cells) == 1 and _is_note(row, keys, data):
            candidates[r] = NOTE
            continue
        if keys and len(key_empty) == len(keys) and _numbers_only(row):
            candidates[r] = TOTAL
            continue
        last_data = r
    for r, kind in candidates.items():
        if kind == BLANK and r < last_data:
            out[r] = BLANK
        elif kind != BLANK and r > last_data:
            out[r] = kind
        elif kind == NOTE:
            out[r] = NOTE_INSIDE
    return dict(sorted(out.items()))


def row_ranges(rows: Iterable[int]) -> str:
    """1-based rows as a clerk reads them: `1–3, 9, 11–12`."""
    numbers = sorted(set(rows))
    parts: list[str] = []
    start = prev = None
    for n in numbers + [None]:
        if start is not None and (n is None or n != prev + 1):
            parts.append(str(start) if start == prev else f"{start}\u2013{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(parts)


def skipped_notes(skipped: dict[int, str], where: Source) -> list[Problem]:
    """One info line per kind of skipped row, naming the (1-based) rows."""
    by_kind: dict[str, list[int]] = {}
    for r, kind in sorted(skipped.items()):
        by_kind.setdefault(kind, []).append(r + 1)
    return [Problem(_MESSAGES[kind], where, {"rows": row_ranges(rows)},
                    level="warning" if kind == NOTE_INSIDE else "info")
            for kind, rows in by_kind.items()]


def ignored_column(where: Source, row: int, column: int, header: Any) -> Problem:
    """The info line for a header (0-based `column` of 1-based `row`) that names no field."""
    letter = column_letter(column + 1)
    return Problem(MSG_IGNORED, Source(where.file, where.sheet, row, letter),
                   {"column": letter, "header": str(header).strip()}, level="info")
