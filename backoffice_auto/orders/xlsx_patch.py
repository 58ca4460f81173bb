"""Add columns to sheets of an `.xlsx`/`.xlsm` by editing its sheet XML in place.

Why not load and save with openpyxl: for a 100,000-row order sheet that costs about 15
seconds, and openpyxl drops what it does not model (images, charts, some conditional
formats, comments' layout). Appending cells to the end of rows touches nothing else: every
other part of the package (styles, macros, drawings, tables) is copied byte for byte, so
the clerk gets their workbook exactly as it was, plus the new columns.

What is changed in a patched sheet: new `<c>` cells at the end of the named rows (inline
strings or numbers; the header cells reuse the style of the header row's last cell), the
`<dimension>` widened, row `spans` hints dropped (they are optional), and a `<col>` width
for the new columns. Anything unexpected (prefixed XML names, a row that already has
cells beyond the last column, a sheet that cannot be found) raises `Unsupported`, and the
caller falls back to openpyxl.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence
from xml.sax.saxutils import escape

from defusedxml import ElementTree

from backoffice_auto.errors import column_letter
from backoffice_auto.documents.sheetmarks import column_number

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_ROW = re.compile(rb"<row\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_SPANS = re.compile(rb'\s+spans="[^"]*"')
_CELL_STYLE = re.compile(rb'<c\b[^>]*?\bs="(\d+)"[^>]*>')
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)\d+"')
_ANY_CELL_COLUMN = re.compile(rb'\sr="([A-Z]{1,3})\d+"')
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]+\d+)(?::([A-Z]+)(\d+))?"\s*/>')
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Unsupported(Exception):
    """The workbook has a structure this patcher does not handle; use the slow path."""


@dataclass(frozen=True)
class NewColumns:
    header_row: int  # 1-based
    width: int  # columns the sheet is known to use; the new ones start after the last used one
    headers: Sequence[str]
    rows: Mapping[int, Sequence[object]]  # 1-based row -> values (None or "" leaves a cell out)
    column_width: float = 14.0


def add_columns(data: bytes, sheets: Mapping[str, NewColumns]) -> bytes:
    """The workbook `data` with columns added to the named sheets; other sheets untouched."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unsupported(str(exc)) from None
    paths = _sheet_paths(source)
    targets = {}
    for name, cols in sheets.items():
        if name not in paths:
            raise Unsupported(f"sheet {name!r} not found")
        targets[paths[name]] = cols
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as dest:
        for info in source.infolist():
            body = source.read(info)
            if info.filename in targets:
                body = patch_sheet(body, targets[info.filename])
                info = zipfile.ZipInfo(info.filename, info.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(info, body)
    return out.getvalue()


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name (`xl/worksheets/sheet1.xml`), from workbook.xml and its rels."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        raise Unsupported("no xl/workbook.xml") from None
    targets = {}
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = path
    out = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        rid = sheet.get(f"{_REL}id")
        if rid in targets:
            out[sheet.get("name")] = targets[rid]
    return out


def _cell(ref: str, value: object, style: bytes = b"") -> bytes:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, (int, Decimal)):
        return b'<c r="%s"%s><v>%s</v></c>' % (ref.encode(), style, str(value).encode())
    text = escape(_XML_ILLEGAL.sub("", str(value)))
    return b'<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (
        ref.encode(), style, text.encode("utf-8"))


def patch_sheet(xml: bytes, cols: NewColumns) -> bytes:
    if b"<sheetData" not in xml or re.search(rb"<\w+:sheetData", xml):
        raise Unsupported("sheet XML uses prefixed names or has no sheetData")
    used = {m for m in _ANY_CELL_COLUMN.findall(xml)}
    widest = max((column_number(m) for m in used), default=0)
    first = max(cols.width, widest) + 1
    letters = [column_letter(first + i) for i in range(len(cols.headers))]
    last_letter = letters[-1] if letters else column_letter(cols.width)
    wanted = dict(cols.rows)
    wanted[cols.header_row] = list(cols.headers)
    pieces: list[bytes] = []
    pos = 0
    current = 0
    done: set[int] = set()
    for match in _ROW.finditer(xml):
        number_match = _ROW_NUMBER.search(match.group(1))
        current = int(number_match.group(1)) if number_match else current + 1
        values = wanted.get(current)
        if values is None:
            continue
        attrs = _SPANS.sub(b"", match.group(1))
        style = b""
        if current == cols.header_row:
            if match.group(2):
                raise Unsupported("empty header row")
            end = xml.find(b"</row>", match.end())
            styles = _CELL_STYLE.findall(xml, match.end(), end)
            style = b' s="%s"' % styles[-1] if styles else b""
        cells = b"".join(_cell(f"{letter}{current}", v, style)
                         for letter, v in zip(letters, values) if v is not None and v != "")
        if match.group(2):  # <row .../> becomes <row ...>cells</row>
            pieces += [xml[pos:match.start()], b"<row", attrs, b">", cells, b"</row>"]
            pos = match.end()
        else:
            end = xml.find(b"</row>", match.end())
            if end < 0:
                raise Unsupported("unclosed row")
            refs = _CELL_REF.findall(xml, match.end(), end)
            if refs and column_number(refs[-1]) >= first:
                raise Unsupported("a row has cells beyond the sheet's width")
            pieces += [xml[pos:match.start()], b"<row", attrs, b">", xml[match.end():end], cells]
            pos = end
        done.add(current)
    pieces.append(xml[pos:])
    result = b"".join(pieces)
    missing = set(wanted) - done
    if missing:
        raise Unsupported(f"rows not found: {sorted(missing)[:5]}")
    result = _widen_dimension(result, last_letter)
    return _add_col_widths(result, first, first + len(letters) - 1, cols.column_width)


def _widen_dimension(xml: bytes, last_letter: str) -> bytes:
    match = _DIMENSION.search(xml)
    if not match:
        return xml
    start, end_col, end_row = match.group(1), match.group(2), match.group(3)
    if end_col is None:
        row = re.search(rb"\d+", start).group(0)
        ref = b"%s:%s%s" % (start, last_letter.encode(), row)
    elif column_number(end_col) < column_number(last_letter.encode()):
        ref = b"%s:%s%s" % (start, last_letter.encode(), end_row)
    else:
        return xml
    return xml[:match.start()] + b'<dimension ref="%s"/>' % ref + xml[match.end():]


def _add_col_widths(xml: bytes, first: int, last: int, width: float) -> bytes:
    """A width for the new columns, unless an existing `<col>` range already reaches them
    (ranges must not overlap)."""
    col = b'<col min="%d" max="%d" width="%s" customWidth="1"/>' % (first, last, str(width).encode())
    at = xml.find(b"</cols>")
    if at >= 0:
        start = xml.find(b"<cols")
        if any(int(m) >= first for m in re.findall(rb'\bmax="(\d+)"', xml[start:at])):
            return xml
        return xml[:at] + col + xml[at:]
    at = xml.find(b"<sheetData")
    return xml[:at] + b"<cols>" + col + b"</cols>" + xml[at:]
