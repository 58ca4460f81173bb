"""Workbooks we hand back to people: fast to write, exact numbers, and never a formula from data.

A customer's note or a supplier's name can start with `=`, `+`, `-` or `@`; a spreadsheet
program would run it as a formula (CSV/formula injection). Such text is stored as an
explicit string cell with the quote-prefix style, so it shows and edits as the text it
is. `escape_text` does the same job for writers that cannot mark a cell (CSV, mail).

Numbers are `Decimal` and are written as numbers with a number format (two decimals
for money), dates as dates; the header row is bold, frozen and filtered. openpyxl's
write-only mode streams rows, and styled cells reuse one style per column instead of
building a style per cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from os import PathLike
from typing import IO, Any, Iterable, Mapping, Sequence

__all__ = ["SheetData", "write_workbook", "escape_text", "needs_escape", "put_cell", "FORMATS", "safe_sheet_title"]

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")

FORMATS: dict[str, str] = {
    "money": "#,##0.00",
    "decimal": "#,##0.####",
    "quantity": "#,##0.###",
    "int": "0",
    "rate": '0.##" %"',
    "percent": "0.00%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
    "time": "hh:mm",
    "text": "@",
}


@dataclass
class SheetData:
    """One sheet to write.

    `column_formats`: per column (a sequence, or a mapping of 0-based index or header) a
    key of `FORMATS` (`money`, `date`, ...) or an Excel number format. Without one, a
    `Decimal` with two decimals gets the money format, dates the ISO date format.
    `widths`: per column width in characters; without, estimated from the first rows.
    """

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    column_formats: Sequence[str | None] | Mapping[int | str, str] | None = None
    widths: Sequence[float | None] | Mapping[int | str, float] | None = None


def needs_escape(text: str) -> bool:
    return text.startswith(_DANGEROUS_START)


def escape_text(value: Any) -> Any:
    """Text a spreadsheet could take for a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def put_cell(cell, value: Any) -> None:
    """Write a value into an openpyxl cell of a regular (not write-only) workbook; text a
    spreadsheet would run as a formula stays text, with the quote-prefix style; control
    characters no cell can hold (a damaged PDF's text) are dropped."""
    if isinstance(value, str):
        value = _clean(value)
    cell.value = value
    if isinstance(value, str) and needs_escape(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title: no `[]:*?/\\`, at most 31 characters."""
    title = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", str(name))).strip().strip("'") or "Sheet"
    title = title[:31]
    candidate, n = title, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate = title[:31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate


def _per_column(spec: Any, headers: Sequence[str]) -> list[Any]:
    out: list[Any] = [None] * len(headers)
    if spec is None:
        return out
    if isinstance(spec, Mapping):
        for key, value in spec.items():
            index = headers.index(key) if isinstance(key, str) else key
            if 0 <= index < len(out):
                out[index] = value
        return out
    for i, value in enumerate(list(spec)[:len(out)]):
        out[i] = value
    return out


def write_workbook(path: str | PathLike | IO[bytes], sheets: Sequence[SheetData]) -> None:
    """Write `sheets` to an `.xlsx` at `path` (or a binary file object)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    taken: set[str] = set()
    for data in sheets or [SheetData("Sheet", [], [])]:
        ws = book.create_sheet(safe_sheet_title(data.name, taken))
        headers = [str(h) for h in data.headers]
        ncols = len(headers)
        formats = [FORMATS.get(f, f) if f else None for f in _per_column(data.column_formats, headers)]
        widths = _per_column(data.widths, headers)

        def template(number_format: str | None = None, bold: bool = False, quote: bool = False):
            cell = WriteOnlyCell(ws)
            if number_format:
                cell.number_format = number_format
            if bold:
                cell.font = Font(bold=True)
            if quote:
                cell.quotePrefix = True
            return cell._style

        quote_style = template(quote=True)
        default_styles = {"money": template(FORMATS["money"]), "date": template(FORMATS["date"]),
                          "datetime": template(FORMATS["datetime"]), "time": template(FORMATS["time"])}
        column_styles = [template(f) if f else None for f in formats]

        rows = iter(data.rows)
        head: list[Sequence[Any]] = []
        if any(w is None for w in widths):
            for row in rows:
                head.append(row)
                if len(head) >= 200:
                    break
        for i in range(ncols):
            width = widths[i]
            if width is None:
                longest = max([len(headers[i])] + [_shown_length(r[i]) for r in head if i < len(r)])
                width = min(max(longest + 2, 8), 60)
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.freeze_panes = "A2"

        bold = template(bold=True)
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=_clean(h))
            cell._style = bold
            if needs_escape(h):
                cell.data_type = "s"
            header_cells.append(cell)
        ws.append(header_cells)

        count = 1
        for source in (head, rows):
            for row in source:
                ws.append(_row(ws, WriteOnlyCell, row, column_styles, default_styles, quote_style))
                count += 1
        if ncols:
            ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{max(count, 1)}"
    book.save(path)


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    return min(len(str(value)), 80)


def _clean(text: str) -> str:
    return text if text.isprintable() else _ILLEGAL.sub("", text)


def _row(ws, cell_type, row: Sequence[Any], column_styles: list, default_styles: dict, quote_style) -> list:
    out: list[Any] = []
    for i, value in enumerate(row):
        style = column_styles[i] if i < len(column_styles) else None
        kind = value.__class__
        if kind is str:
            if not value.isprintable():
                value = _ILLEGAL.sub("", value)
            if value.startswith(_DANGEROUS_START):
                cell = cell_type(ws)
                cell.value = value
                cell.data_type = "s"  # never "f": data is not a formula
                cell._style = quote_style
                out.append(cell)
                continue
            if style is None:
                out.append(value)
                continue
        elif kind is Decimal:
            if style is None:
                style = default_styles["money"] if value.as_tuple().exponent == -2 else None
                if style is None:
                    out.append(value)
                    continue
        elif kind is datetime:
            style = style or default_styles["datetime"]
        elif kind is date:
            style = style or default_styles["date"]
        elif kind is time:
            style = style or default_styles["time"]
        elif kind in (list, dict, tuple):
            value = str(value)
            if value.startswith(_DANGEROUS_START):
                value = escape_text(value)
        if style is None or value is None:
            out.append(value)
            continue
        cell = cell_type(ws, value=value)
        cell._style = style
        out.append(cell)
    return out
