"""Bytes of a workbook or CSV file to sheets of plain rows, refusing hostile input first.

A clerk's file is untrusted: it can be a text file renamed `.xlsx`, a password-protected
workbook, or a zip bomb (a few kilobytes that expand to gigabytes). Every check that can be
made from the zip directory or the file's first bytes runs before anything is expanded.
The sheet XML is also scanned for its largest cell reference, because the spreadsheet
engine (calamine) allocates the whole rectangle up to the farthest cell: one cell at
`XFD1048576` would otherwise abort the process. The used area (rows x columns from A1 to the
farthest cell holding a value; styled empty cells and the declared dimension cost
nothing and are not counted) is bounded by `limits.max_cells`, one
cell's text by `limits.max_cell_chars`, and the text that shared strings would expand to (a
1 MB string used in 300 cells is 300 MB once copied into each cell) by the uncompressed
limit, all before calamine copies a byte.

Values come back as read: `str`, `int`, `Decimal` (a spreadsheet's binary floats go
through `Decimal(repr(x))`, never through arithmetic), `datetime`/`date`/`time`, `bool`,
and `None` for an empty cell. Typing by field is the job of `documents.tables`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from backoffice_auto.documents.ooxmlparts import date1904, opendocument_spreadsheet, sheet_titles
from backoffice_auto.documents.ooxmlparts import percent_styles as percent_styles_of
from backoffice_auto.documents.sheetmarks import SheetMarks, holds_value, sheet_marks
from backoffice_auto.documents.values import Percent
from backoffice_auto.documents.xlsmarks import xls_marks
from backoffice_auto.documents.workbook_refusals import (L_NO_NAME, L_NOT_WHOLE, damaged, encrypted, not_a_workbook,
                                                         short, too_large_area, too_long_cell, too_many_columns,
                                                         too_many_rows, unclosed_quote, why_damaged)
from backoffice_auto.errors import Label, Problem, Refusal, Source, column_letter, megabytes
from backoffice_auto.i18n import N_
from backoffice_auto.rules.settings_model import Limits

__all__ = ["Sheet", "Workbook", "read_workbook", "names_sheet", "WORKBOOK_SUFFIXES", "TEXT_SUFFIXES"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_MB = 1024 * 1024
_BOMB_RATIO = 100  # real sheet XML compresses 5-30x; zeros compress 1000x
_BOMB_MIN_MEMBER = 20 * _MB  # small members may compress well (styles, themes) without harm


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and its rows from row 1, each a tuple of cell values from column A."""

    name: str
    rows: list[tuple] = field(default_factory=list, compare=False)
    file: str = ""
    hidden: bool = False  # hidden in the spreadsheet program; callers may choose to skip it
    marks: SheetMarks = field(default_factory=SheetMarks, compare=False)  # hidden rows, columns; formulas
    date1904: bool = field(default=False, compare=False)  # the workbook counts days from 1904 (old Mac Excel)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def is_empty(self) -> bool:
        return not any(v is not None for row in self.rows for v in row)

    def source(self, row: int | None = None, column: int | str | None = None) -> Source:
        """Where a cell is: `row` 1-based, `column` 1-based number or letters."""
        if isinstance(column, int):
            column = column_letter(column)
        return Source(self.file, self.name, row, column)


@dataclass(frozen=True)
class Workbook:
    name: str
    sheets: list[Sheet] = field(default_factory=list, compare=False)
    format: str = "xlsx"  # xlsx | xls | csv

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)


def names_sheet(data: bytes, sheet: str) -> bool:
    """Cheap: is `data` an xlsx whose workbook part names `sheet`? No cell is parsed. The
    jobs' workbooks that come back from a person (a review, an approval, a reconciliation)
    carry a key sheet so the right handler knows them."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("xl/workbook.xml")
            if info.file_size > 1_000_000:
                return False
            return sheet.encode() in zf.read(info)
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def read_workbook(data: bytes, name: str, limits: Limits | None = None) -> Workbook:
    """Read a workbook (`.xlsx`, `.xlsm`, `.xls`) or a CSV file; the content decides the format.

    Raises `Refusal` naming the file when it is not a workbook, is encrypted or damaged,
    breaks a size limit of `limits` (file size, uncompressed size, compression ratio, rows,
    columns), or holds no value at all.
    """
    limits = limits or Limits()
    display = PurePath(name).name or name
    where = Source(display)
    if len(data) > limits.max_file_mb * _MB:
        raise Refusal([Problem(
            N_("The file is {size_mb} MB, over the limit of {limit_mb} MB (limits.max_file_mb in rules/settings.yaml)."),
            where, {"size_mb": megabytes(len(data)), "limit_mb": limits.max_file_mb})])
    suffix = PurePath(display).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        book = _read_ooxml(data, display, limits)
    elif data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise Refusal([encrypted(where)])
        # calamine tells which sheets are hidden, not which rows and columns; a sheet the
        # records do not name (or a file they cannot be followed in) is marked unknown
        book = _read_calamine(data, display, limits, "xls", marks=xls_marks(data),
                              unmarked=SheetMarks(hidden_unknown=True))
    elif suffix in TEXT_SUFFIXES:
        book = _read_csv(data, display, limits)
    else:
        raise Refusal([not_a_workbook(data, where)])
    if all(sheet.is_empty() for sheet in book.sheets):
        raise Refusal([Problem(N_("The workbook is empty: none of its sheets holds a value."), where)])
    return book


def check_cell_lengths(rows: list[tuple], where: Source, limit: int) -> None:
    """Refuse the first cell (in reading order) whose text is longer than `limit` characters."""
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value.__class__ is str and len(value) > limit:
                raise Refusal([too_long_cell(where.with_cell(r, column_letter(c)), len(value), limit)])


# --------------------------------------------------------------------------- xlsx


def _read_ooxml(data: bytes, name: str, limits: Limits) -> Workbook:
    where = Source(name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise Refusal([damaged(where, Label(L_NOT_WHOLE))]) from None
    if any(not m.filename for m in members):  # a name zeroed in the directory: zipfile cuts it at the NUL
        raise Refusal([damaged(where, Label(L_NO_NAME))])
    _check_expansion(members, where, limits)
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:  # (binary .xlsb is not read: its sheets cannot be checked cheaply)
        if "content.xml" in names and opendocument_spreadsheet(archive):
            raise Refusal([Problem(N_("This is an OpenDocument spreadsheet (.ods, saved by LibreOffice or "
                                      "OpenOffice), which is not read: save it there as Excel 2007-365 (.xlsx) "
                                      "and drop it again."), where)])
        if "word/document.xml" in names or "content.xml" in names:
            raise Refusal([Problem(N_("This file is not a workbook: it is a text document or another office file."), where)])
        raise Refusal([Problem(N_("This file is not a workbook: its content is not in any spreadsheet format."), where)])
    titles = sheet_titles(archive)
    percent_styles = percent_styles_of(archive)
    percent_cells: dict[str, set[tuple[int, int]]] = {}
    marks: dict[str, SheetMarks] = {}
    sheets: list[tuple[str, bytes]] = []
    for member in members:
        if member.filename in titles or member.filename.startswith(("xl/worksheets/", "xl/chartsheets/")):
            title = titles.get(member.filename, PurePath(member.filename).stem)
            xml = _check_extent(archive, member, Source(name, title), limits)
            sheets.append((title, xml))
            if percent_styles:
                percent_cells[title] = _cells_with_styles(xml, percent_styles)
            found = sheet_marks(xml, limits.max_columns)
            if found:
                marks[title] = found
    _check_shared_strings(archive, names, sheets, where, limits)
    _check_other_parts(archive, members, {m.filename for m in members if m.filename in titles
                                          or m.filename.startswith(("xl/worksheets/", "xl/chartsheets/"))}, where)
    book = _read_calamine(data, name, limits, "xlsx", percent_cells, marks)
    if date1904(archive):  # a plain day number in a date column counts from 1904 (a date cell is converted)
        book = Workbook(book.name, [replace(sheet, date1904=True) for sheet in book.sheets], book.format)
    return book


def _check_other_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], read: set[str],
                       where: Source) -> None:
    """Every part checked against its CRC now (sizes are bounded already), so a damaged
    theme or style part is refused here rather than failing later when the clerk's
    workbook is handed back with columns added."""
    for member in members:
        if member.filename in read or member.is_dir():
            continue
        try:
            with archive.open(member) as part:
                while part.read(1 << 20):
                    pass
        except Exception as exc:  # BadZipFile (CRC), zlib.error, NotImplementedError, EOFError
            raise Refusal([damaged(where, why_damaged(exc))]) from None


def _cells_with_styles(xml: bytes, styles: frozenset[int]) -> set[tuple[int, int]]:
    """0-based (row, column) of the cells carrying one of `styles`."""
    ids = b"|".join(str(s).encode() for s in sorted(styles))
    pattern = re.compile(rb'c r="([A-Z]+)(\d+)"(?: t="\w+")? s="(?:%s)"' % ids)
    return {(int(m[2]) - 1, _column_number(m[1]) - 1) for m in pattern.finditer(xml)}


def _check_expansion(members: list[zipfile.ZipInfo], where: Source, limits: Limits) -> None:
    """Refuse a zip bomb from its directory alone, before a byte is inflated."""
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_mb * _MB:
        raise Refusal([Problem(
            N_("The workbook would expand to {size_mb} MB, over the limit of {limit_mb} MB "
               "(limits.max_uncompressed_mb in rules/settings.yaml); it was refused before expanding."),
            where, {"size_mb": megabytes(total), "limit_mb": limits.max_uncompressed_mb})])
    for m in members:
        if m.file_size > _BOMB_MIN_MEMBER and m.file_size > _BOMB_RATIO * max(m.compress_size, 1):
            raise Refusal([Problem(
                N_("The workbook part {part} is compressed {ratio} times, far beyond any real workbook "
                   "(at most {limit} times); it was refused before expanding as a possible zip bomb."),
                where, {"part": m.filename, "ratio": m.file_size // max(m.compress_size, 1), "limit": _BOMB_RATIO})])


@lru_cache(maxsize=8)
def _far_patterns(row_digits: int, column_letters: int) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Patterns with literal prefixes (fast to scan) that match only far-out references."""
    return (
        re.compile(rb'row r="(\d{%d,})"' % row_digits),  # <row> or <x:row>
        re.compile(rb'c r="([A-Z]+)(\d{%d,})"' % row_digits),
        re.compile(rb' r="([A-Z]{%d,})\d' % column_letters),
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _check_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: Source, limits: Limits) -> bytes:
    """Refuse a sheet whose farthest cell lies beyond the row or column limit.

    The declared `<dimension>` can lie, so cell references themselves are scanned. To keep
    this cheap only references that could break a limit are matched: ones with more
    column letters than the limit's, or more row digits than the limit's.
    """
    sheet = where
    try:
        xml = archive.read(member)
    except Exception as exc:  # BadZipFile (CRC), zlib.error, NotImplementedError (compression), EOFError
        raise Refusal([damaged(Source(where.file), why_damaged(exc))]) from None
    row_pattern, cell_pattern, column_pattern = _far_patterns(len(str(limits.max_rows)),
                                                              len(column_letter(limits.max_columns)))
    # Only cells holding a value count: the engine ignores styled empty ones (a fill over A1:ALL3).
    max_row = max((int(m[1]) for m in row_pattern.finditer(xml) if holds_value(xml, m.end(), b"row>")),
                  default=0)
    max_col = 0
    for m in cell_pattern.finditer(xml):
        if holds_value(xml, m.end(), b"c>"):
            max_row = max(max_row, int(m[2]))
            max_col = max(max_col, _column_number(m[1]))
    for m in column_pattern.finditer(xml):
        if holds_value(xml, m.end(), b"c>"):
            max_col = max(max_col, _column_number(m[1]))
    if max_row > limits.max_rows:
        raise Refusal([too_many_rows(sheet, max_row, limits.max_rows)])
    if max_col > limits.max_columns:
        raise Refusal([too_many_columns(sheet, max_col, limits.max_columns)])
    _check_area(xml, sheet, limits)
    return xml


_ROW_NUMBER = re.compile(rb'row r="(\d+)"')  # <row> or <x:row>, as the far-reference patterns


@lru_cache(maxsize=8)
def _wide_cells(letters: int) -> re.Pattern:
    """Cell references with at least `letters` column letters (few in a real sheet: cheap to scan)."""
    return re.compile(rb'c r="([A-Z]{%d,})\d+"' % letters)


def _check_area(xml: bytes, where: Source, limits: Limits) -> None:
    """Refuse a sheet whose used area (rows x columns from A1, as the reader allocates it) is too large.

    The area runs to the farthest row and the farthest column of the cells that hold a value:
    the engine allocates for those alone. A declared `<dimension>` and rows or cells that are
    only styled (a sheet formatted down to row 1,048,576, as offices send them) cost nothing
    and are not counted. Rows are few next to cells, so every row is looked at; columns are
    only scanned for references wide enough to break the limit at that many rows.
    """
    limit = limits.max_cells
    rows = 0
    for match in _ROW_NUMBER.finditer(xml):
        number = int(match[1])
        if number > rows and holds_value(xml, match.end(), b"row>"):
            rows = number
    columns_allowed = limit // max(rows, 1)
    if columns_allowed >= limits.max_columns:
        return  # the column limit (checked above) keeps the area in bounds
    wide = _wide_cells(len(column_letter(columns_allowed + 1)))
    columns = max((_column_number(m[1]) for m in wide.finditer(xml) if holds_value(xml, m.end(), b"c>")),
                  default=0)
    if rows * columns > limit:
        raise Refusal([too_large_area(where, rows, columns, limit)])


_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si\b")
_SHARED_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?\bt="s"[^>]*)>\s*<(?:\w+:)?v>(\d+)<')
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def _check_shared_strings(archive: zipfile.ZipFile, names: set[str], sheets: list[tuple[str, bytes]],
                          where: Source, limits: Limits) -> None:
    """Refuse a shared string longer than a cell may be, and text that would expand past the limit.

    Calamine copies a shared string into every cell that uses it. Each string's size in
    the XML bounds its length from above; only when a bound breaks a limit is the exact
    figure worked out, so a normal workbook costs one scan of its string table.
    """
    part = "xl/sharedStrings.xml"
    if part not in names:
        return
    try:
        table = archive.read(part)
    except Exception as exc:
        raise Refusal([damaged(where, why_damaged(exc))]) from None
    starts = [m.start() for m in _SHARED_ITEM.finditer(table)]
    if not starts:
        return
    sizes = [b - a for a, b in zip(starts, starts[1:] + [len(table)])]
    longest = max(sizes)
    uses = sum(xml.count(b't="s"') for _, xml in sheets)
    if longest <= limits.max_cell_chars and uses * longest <= limits.max_uncompressed_mb * _MB:
        return
    total = 0
    for title, xml in sheets:
        for m in _SHARED_CELL.finditer(xml):
            index = int(m[2])
            if index >= len(sizes) or sizes[index] <= limits.max_cell_chars:
                total += sizes[index] if index < len(sizes) else 0
                continue
            length = _shared_text_length(table[starts[index]:starts[index] + sizes[index]])
            if length > limits.max_cell_chars:
                ref = _CELL_REF.search(m[1])
                cell = where.with_cell(int(ref[2]), ref[1].decode()) if ref else where
                raise Refusal([too_long_cell(Source(cell.file, title, cell.row, cell.column), length,
                                              limits.max_cell_chars)])
            total += length
    if total > limits.max_uncompressed_mb * _MB:
        raise Refusal([Problem(
            N_("The workbook's cells repeat long shared texts that would expand to {size_mb} MB, over the limit "
               "of {limit_mb} MB (limits.max_uncompressed_mb in rules/settings.yaml); it was refused before "
               "expanding."), where, {"size_mb": megabytes(total), "limit_mb": limits.max_uncompressed_mb})])


def _shared_text_length(item: bytes) -> int:
    """Characters of one `<si>` item's text (its runs, not its phonetic hints)."""
    from defusedxml.ElementTree import fromstring

    end = item.rfind(b"si>") + 3
    try:
        element = fromstring(item[:end])
    except Exception:
        return len(item)
    length = 0
    for node in element.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t" and node.text:
            length += len(node.text)
        elif tag == "rPh":
            length -= sum(len(t.text or "") for t in node.iter() if t.tag.rsplit("}", 1)[-1] == "t")
    return length


def _read_calamine(data: bytes, name: str, limits: Limits, fmt: str,
                   percent_cells: dict[str, set[tuple[int, int]]] | None = None,
                   marks: dict[str, SheetMarks] | None = None, unmarked: SheetMarks = SheetMarks()) -> Workbook:
    """`unmarked`: the marks of a sheet `marks` does not name (hidden rows unknown, for an .xls
    whose records could not be followed)."""
    import python_calamine as calamine

    where = Source(name)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = book.sheets_metadata
    except calamine.PasswordError:
        raise Refusal([encrypted(where)]) from None
    except Exception as exc:  # CalamineError, XmlError, ZipError and friends from the Rust side
        raise Refusal([damaged(where, why_damaged(exc))]) from None
    sheets: list[Sheet] = []
    for meta in metadata:
        if str(meta.typ).rsplit(".", 1)[-1] not in ("WorkSheet", "Worksheet"):
            continue  # chart sheets, macro sheets
        sheet_where = Source(name, meta.name)
        try:
            sheet = book.get_sheet_by_name(meta.name)
        except calamine.PasswordError:
            raise Refusal([encrypted(where)]) from None
        except Exception as exc:
            raise Refusal([damaged(sheet_where, why_damaged(exc))]) from None
        end = sheet.end
        if end is not None:
            if end[0] + 1 > limits.max_rows:
                raise Refusal([too_many_rows(sheet_where, end[0] + 1, limits.max_rows)])
            if end[1] + 1 > limits.max_columns:
                raise Refusal([too_many_columns(sheet_where, end[1] + 1, limits.max_columns)])
            if (end[0] + 1) * (end[1] + 1) > limits.max_cells:
                raise Refusal([too_large_area(sheet_where, end[0] + 1, end[1] + 1, limits.max_cells)])
            rows = _normalise(sheet.to_python(skip_empty_area=False))
            check_cell_lengths(rows, sheet_where, limits.max_cell_chars)
            if percent_cells and percent_cells.get(meta.name):
                _mark_percentages(rows, percent_cells[meta.name])
        else:
            rows = []
        hidden = not str(meta.visible).endswith("Visible")
        sheets.append(Sheet(meta.name, rows, name, hidden, (marks or {}).get(meta.name, unmarked)))
    book.close()
    return Workbook(name, sheets, fmt)


def _float_value(value: float) -> Any:
    """A spreadsheet number as the spreadsheet shows it: to 15 significant digits, its own
    precision. A formula's binary noise (`=0.1+0.2` is 0.30000000000000004, `=3*1.1` is
    3.3000000000000003) would otherwise become a quantity or price a clerk never saw."""
    if value.is_integer() and -1e15 < value < 1e15:
        return int(value)
    if value != value or value in (float("inf"), float("-inf")):
        return None
    shown = Decimal(format(value, ".15g"))
    if shown == shown.to_integral_value() and abs(shown) < 10 ** 15:
        return int(shown)
    return shown


def _normalise(raw: list[list[Any]]) -> list[tuple]:
    """Calamine's `''` for empty cells to `None`, floats to int or Decimal, trailing empty rows off."""
    fl = float
    conv = _float_value
    rows = [
        tuple([None if v == "" else (conv(v) if v.__class__ is fl else v) for v in row])
        for row in raw
    ]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def _mark_percentages(rows: list[tuple], cells: set[tuple[int, int]]) -> None:
    """Numbers shown as percentages become `Percent` of what is shown (0.21 -> 21)."""
    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    for r, columns in by_row.items():
        if r >= len(rows):
            continue
        row = list(rows[r])
        for c in columns:
            if c < len(row) and row[c].__class__ in (int, Decimal):
                shown = (Decimal(row[c]) * 100).normalize()
                if shown.as_tuple().exponent > 0:
                    shown = shown.quantize(Decimal(1))
                row[c] = Percent(shown)
        rows[r] = tuple(row)


# --------------------------------------------------------------------------- csv


_ENCODINGS = ("utf-8-sig", "cp1250", "latin-1")
_DELIMITERS = (";", ",", "\t")
_DECIMAL_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9]{1,2}(?![0-9.]))")


def _decode(data: bytes) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1", errors="replace")  # unreachable: latin-1 maps every byte


def _utf16(data: bytes) -> str | None:
    """The text of a table saved as UTF-16 with its byte-order mark, else None. Such a file was
    refused as 'not in any spreadsheet format' (its NUL bytes looked binary)."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _sniff(sample_lines: list[str]) -> str:
    """The delimiter that splits the first lines into the most fields of one width (>1), lines times width:
    a short table wins over title lines that its decimal commas split in two (`Zůstatek: 10 000,00`).
    A comma between digits with one or two digits after it (`1 210,00`, `-150,5`) is a decimal mark, not
    a field's end, when the comma is weighed: counted as one, a `;` file of two columns (`02.11.2026;1,00`)
    under two balance lines tied with or beat its semicolons and was split at its decimal commas."""
    best, best_score = ",", (0, 0, 0)
    decimals_apart = [_DECIMAL_COMMA.sub(".", line) for line in sample_lines]
    for delimiter in _DELIMITERS:
        lines = decimals_apart if delimiter == "," else sample_lines
        try:
            counts = Counter(len(r) for r in csv.reader(lines, delimiter=delimiter) if r)
        except csv.Error:  # a line that is one field too long for it (2 MB of commas split by ';'): not this one
            continue
        if not counts:
            continue
        width, frequency = max(counts.items(), key=lambda kv: (kv[1] * kv[0] if kv[0] > 1 else 0, kv[1], kv[0]))
        if width < 2:
            continue
        score = (frequency * width, frequency, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_TEXT_FORMULA = re.compile(r'="((?:[^"]|"")*)"')


def text_formula(value: str) -> str | None:
    """The text of a cell written as Excel's text formula, `="0012345678"`: French and other banks
    export account numbers and references so, to keep their leading zeros, and Excel shows the
    text alone. Read as that text (nothing is computed); any other formula stays as written."""
    m = _TEXT_FORMULA.fullmatch(value)
    if m is None:
        return value
    text = m[1].replace('""', '"')
    return text if text.strip() else None


def _read_csv(data: bytes, name: str, limits: Limits) -> Workbook:
    where = Source(name)
    text = _utf16(data)  # Excel's "Unicode text", PowerShell's Out-File: every other byte a NUL
    if text is None:
        if b"\x00" in data[:4096]:
            raise Refusal([not_a_workbook(data, where)])
        text = _decode(data)
    stem = PurePath(name).stem or name
    sheet_where = Source(name, stem)
    lines = text.splitlines()
    delimiter = "\t" if PurePath(name).suffix.lower() == ".tsv" else _sniff(lines[:50])
    rows: list[tuple] = []
    max_rows, max_columns = limits.max_rows, limits.max_columns
    max_cells, max_chars, width = limits.max_cells, limits.max_cell_chars, 0
    # the csv module's own bound on a field (131,072) would refuse a long cell in its English; the
    # file's size bounds a field here, and `max_cell_chars` refuses it naming its cell
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    record: list[str] = []
    try:
        for count, record in enumerate(reader, 1):
            if count > max_rows:
                raise Refusal([too_many_rows(sheet_where, len(lines), max_rows)])
            if len(record) > max_columns:
                raise Refusal([too_many_columns(sheet_where, len(record), max_columns)])
            width = max(width, len(record))
            if count * width > max_cells:
                raise Refusal([too_large_area(sheet_where, count, width, max_cells)])
            if record and max(map(len, record)) > max_chars:
                column = next(c for c, v in enumerate(record, 1) if len(v) > max_chars)
                raise Refusal([too_long_cell(sheet_where.with_cell(count, column_letter(column)),
                                              len(record[column - 1]), max_chars)])
            rows.append(tuple([text_formula(v) if v[:2] == '="' else v if v.strip() else None for v in record]))
    except csv.Error as exc:
        raise Refusal([damaged(where, short(exc))]) from None
    if record and ("\n" in record[-1] or "\r" in record[-1]) and not text.rstrip().endswith('"'):
        # a quote opened and never closed: the csv module reads the rest of the file as one cell
        raise Refusal([unclosed_quote(sheet_where.with_cell(len(rows), column_letter(len(record))))])
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return Workbook(name, [Sheet(stem, rows, name)], "csv")
