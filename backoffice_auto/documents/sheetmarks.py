"""What a sheet's XML says about its cells that the cell values do not: hidden rows and
columns, and formulas whose result the file does not hold.

A clerk reads a workbook on screen, so a row or column hidden there (by hand or by a
filter) is not part of what they meant to send; the readers of orders, timesheets and
master data leave it out and say so (`documents.visibility`). A workbook written by a
program that stores formulas without computing them (a script, an export tool) holds no
value for such a cell; the spreadsheet engine hands over an empty cell, and reading it as
empty would silently drop a quantity or clear a price. These marks let the readers name
the cell instead.

Only the sheet XML already read for the size checks is scanned, and each scan runs only
when its tag appears at all, so an ordinary sheet costs three substring searches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

__all__ = ["SheetMarks", "sheet_marks", "holds_value"]

_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_CELL_REF = re.compile(rb"([A-Z]{1,3})(\d{1,7})")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")
_TRUE = (b"1", b"true")
_MAX_COLUMN = 16_384


@dataclass(frozen=True)
class SheetMarks:
    """0-based rows and columns hidden on screen; 0-based (row, column) -> formula text of
    the formula cells without a stored result."""

    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    uncomputed: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: tuple[tuple[int, int, int, int], ...] = ()  # 0-based (first row, first column, last row, last column)
    hidden_unknown: bool = False  # an old .xls whose hidden rows and columns could not be read (`xlsmarks`)

    def __bool__(self) -> bool:
        return bool(self.hidden_rows or self.hidden_columns or self.uncomputed or self.merged or self.hidden_unknown)


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return {k.rsplit(b":", 1)[-1]: v for k, v in _ATTR.findall(raw)}


def column_number(letters: bytes) -> int:
    """A cell reference's column letters (upper case, as bytes) as its number: `A` 1, `AA` 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def sheet_marks(xml: bytes, max_columns: int) -> SheetMarks:
    """The marks of one worksheet part. `max_columns` bounds a hidden column range
    (`<col min="7" max="16384" hidden="1">` hides every column to the grid's end)."""
    start = xml.find(b"sheetData")
    if start < 0:
        return SheetMarks()
    hidden_rows = _hidden_rows(xml, start) if b'hidden="' in xml else frozenset()
    hidden_columns = _hidden_columns(xml[:start], max_columns) if b'hidden="' in xml[:start] else frozenset()
    uncomputed = _uncomputed(xml, start) if _FORMULA_TAG.search(xml, start) else {}
    merged = _merged(xml, start) if b"mergeCell " in xml else ()
    return SheetMarks(hidden_rows, hidden_columns, uncomputed, merged)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})"')
MAX_MERGED = 10_000  # ranges kept: header cells merged across columns are few; a sheet may hold many more


def _merged(xml: bytes, start: int) -> tuple[tuple[int, int, int, int], ...]:
    """Merged ranges (a header `Objednávka` spread over three columns keeps its text in the first)."""
    out = []
    for match in _MERGE.finditer(xml, start):
        first_row, last_row = int(match[2]) - 1, int(match[4]) - 1
        first_col, last_col = column_number(match[1]) - 1, column_number(match[3]) - 1
        out.append((min(first_row, last_row), min(first_col, last_col), max(first_row, last_row),
                    max(first_col, last_col)))
        if len(out) >= MAX_MERGED:
            break
    return tuple(out)


def _hidden_rows(xml: bytes, start: int) -> frozenset[int]:
    rows = set()
    for match in _ROW_TAG.finditer(xml, start):
        raw = match[1]
        if b"hidden" not in raw:
            continue
        attrs = _attrs(raw)
        if attrs.get(b"hidden") in _TRUE and attrs.get(b"r", b"").isdigit():
            rows.add(int(attrs[b"r"]) - 1)
    return frozenset(rows)


def _hidden_columns(head: bytes, max_columns: int) -> frozenset[int]:
    columns = set()
    for match in _COL_TAG.finditer(head):
        attrs = _attrs(match[1])
        if attrs.get(b"hidden") not in _TRUE:
            continue
        try:
            low, high = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
        except ValueError:
            continue
        high = min(high, max_columns, _MAX_COLUMN)
        columns.update(range(max(low, 1) - 1, high))
    return frozenset(columns)


def _uncomputed(xml: bytes, start: int) -> dict[tuple[int, int], str]:
    """Formula cells with no stored value (`<v>` missing or empty). A formula of text type
    (`t="str"`) with an empty `<v></v>` did compute: to an empty text."""
    found: dict[tuple[int, int], str] = {}
    for match in _FORMULA_TAG.finditer(xml, start):
        at = match.start()
        cell_start = xml.rfind(b"<", start, at)  # the formula is the cell's first child: its start tag is just before
        if cell_start < 0 or not _CELL_START.match(xml, cell_start):
            continue
        head_end = xml.find(b">", cell_start)
        cell_end = xml.find(b"c>", at)  # the cell's end tag: no tag inside a cell ends so, text is escaped
        if head_end < 0 or cell_end < 0:
            continue
        attrs = _attrs(xml[cell_start:head_end])
        body = xml[head_end:cell_end + 2]
        value = _VALUE.search(body)
        if value is not None and (value[1].strip() or attrs.get(b"t") == b"str"):
            continue
        ref = _CELL_REF.fullmatch(attrs.get(b"r", b""))
        if ref is None:
            continue
        text = _FORMULA_TEXT.search(body)
        formula = unescape(text[1].decode("utf-8", "replace")) if text is not None and text[1] else ""
        found[(int(ref[2]) - 1, column_number(ref[1]) - 1)] = ("=" + formula)[:80] if formula else ""
    return found


_VALUE_START = re.compile(rb"<(?:\w+:)?(?:v>[^<]|is\b)")


def holds_value(xml: bytes, at: int, end_tag: bytes) -> bool:
    """Does the element whose start tag reaches past `at` (a cell, `c>`, or a row, `row>`)
    hold a value? The spreadsheet engine ignores styled empty cells (a fill over A1:ALL3), so
    the size checks do too."""
    close = xml.find(b">", at)
    if close < 0 or xml[close - 1:close] == b"/":
        return False
    end = xml.find(end_tag, close)
    return bool(_VALUE_START.search(xml, close, end if end >= 0 else len(xml)))
