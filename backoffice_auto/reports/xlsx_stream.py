"""A streaming `.xlsx` writer for large plain reports (pick lists of 100,000 lines).

openpyxl, even in write-only mode, spends about 9 microseconds per cell building cell
objects and XML elements; a 100,000-line pick list and backorder report are a million
cells, 10 seconds. Reports need none of that machinery: rows of text, numbers and dates
under a bold header. This writer formats each row straight into SpreadsheetML with one
string join (about 1 microsecond per cell) and zips it.

Same promises as `reports.workbook` (whose `SheetData` it takes): text that a spreadsheet
could take for a formula (`=`, `+`, `-`, `@` ...) is stored as text with the quote-prefix
style, never as a formula; Decimals are exact numbers (two-decimal amounts get a money
format); dates are dates; the header row is bold, frozen and filtered.

A sheet that names `column_formats` (the payroll register: hours, rates and money each with
their own decimals) is written the way `reports.workbook` writes it: each such column gets
a cell style with its number format, and numbers are written without trailing zeros (the
text openpyxl writes for them). `widths` are honoured when given. Sheets without either are
written exactly as before.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape

from backoffice_auto.errors import column_letter
from backoffice_auto.reports.workbook import FORMATS, SheetData, _per_column, needs_escape, safe_sheet_title

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = date(1899, 12, 30).toordinal()

# cellXfs: 0 default, 1 header (bold), 2 date, 3 money, 4 text with quote prefix, 5 date-time
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="#,##0.00"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm:ss"/>'
    '</numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def _text(value: str) -> str:
    value = _ILLEGAL.sub("", value)
    if needs_escape(value):
        return f'<c t="inlineStr" s="4"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def _cell(value: Any) -> str:
    """One `<c>`; an empty value is an empty `<c/>`, so later cells keep their columns
    (cells carry no `r` reference: their place is their position in the row)."""
    kind = value.__class__
    if kind is str:
        return _text(value) if value else "<c/>"
    if kind is int:
        return f"<c><v>{value}</v></c>"
    if kind is Decimal:
        if not value.is_finite():
            return "<c/>"
        style = ' s="3"' if value.as_tuple().exponent == -2 else ""
        return f"<c{style}><v>{value:f}</v></c>"
    if value is None:
        return "<c/>"
    if kind is date:
        return f'<c s="2"><v>{value.toordinal() - _EPOCH}</v></c>'
    if kind is datetime:
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return f'<c s="5"><v>{value.toordinal() - _EPOCH + seconds / 86400}</v></c>'
    if kind is bool:
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return _cell(int(value))
    if isinstance(value, Decimal):
        return _cell(Decimal(value))
    return _text(str(value))


def _number(value: Decimal) -> str:
    """A Decimal as openpyxl writes it (no trailing zeros: `1000.00` -> `1000`), but exact."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _formatted_cell(value: Any, style: str) -> str:
    """One `<c>` of a column with its own number format (`style` is ` s="N"`, or "" for none),
    as `reports.workbook` writes it: the column's style on any value, a money style on a
    two-decimal amount of a column without one, dates in the date style."""
    kind = value.__class__
    if value is None:
        return "<c/>"
    if kind is str:
        if not value:
            return "<c/>"
        value = _ILLEGAL.sub("", value)
        if needs_escape(value):  # style 6: quote prefix, General (as reports.workbook marks it)
            return f'<c t="inlineStr" s="6"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    if kind is Decimal:
        if not value.is_finite():
            return "<c/>"
        if not style and value.as_tuple().exponent == -2:
            style = ' s="3"'
        return f"<c{style}><v>{_number(value)}</v></c>"
    if kind is int:
        return f"<c{style}><v>{value}</v></c>"
    if kind is date or kind is datetime:
        plain = _cell(value)
        return plain.replace(' s="2"', style).replace(' s="5"', style) if style else plain
    return _cell(value)


def _column_styles(sheets: list[SheetData]) -> tuple[str, list[list[str]]]:
    """The styles part and, per sheet, each column's ` s="N"` (empty for none).

    Without any `column_formats` the styles part is the fixed one; otherwise a quote-prefix
    style without a number format (6) and one cell style per distinct number format (7 ...)
    are added after the fixed six."""
    per_sheet: list[list[str]] = []
    codes: list[str] = []
    for sheet in sheets:
        styles: list[str] = []
        if sheet.column_formats is None:
            per_sheet.append(styles)  # written exactly as before
            continue
        for spec in _per_column(sheet.column_formats, [str(h) for h in sheet.headers]):
            code = FORMATS.get(spec, spec) if spec else None
            if code is None:
                styles.append("")
                continue
            if code not in codes:
                codes.append(code)
            styles.append(f' s="{7 + codes.index(code)}"')
        per_sheet.append(styles)
    if not codes:
        return _STYLES, per_sheet
    formats = "".join(f'<numFmt numFmtId="{167 + i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>'
                      for i, c in enumerate(codes))
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' + "".join(f'<xf numFmtId="{167 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                  for i in range(len(codes)))
    styles = (_STYLES.replace('<numFmts count="3">', f'<numFmts count="{3 + len(codes)}">')
              .replace("</numFmts>", formats + "</numFmts>")
              .replace('<cellXfs count="6">', f'<cellXfs count="{7 + len(codes)}">')
              .replace("</cellXfs>", xfs + "</cellXfs>"))
    return styles, per_sheet


def _widths(headers: Sequence[str], sample: list[Sequence[Any]]) -> list[float]:
    widths = [len(str(h)) for h in headers]
    for row in sample:
        for i, v in enumerate(row[:len(widths)]):
            if v is not None:
                widths[i] = max(widths[i], len(str(v)) if not isinstance(v, date) else 10)
    return [min(max(w + 2, 8), 60) for w in widths]


def _sheet_xml(sheet: SheetData, styles: list[str]) -> Iterable[str]:
    rows = sheet.rows
    ncols = len(sheet.headers)
    last = column_letter(max(ncols, 1))
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<dimension ref="A1:{last}{len(rows) + 1}"/>'
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>')
    widths = _widths(sheet.headers, rows[:200])
    for i, given in enumerate(_per_column(sheet.widths, [str(h) for h in sheet.headers])):
        if given is not None:
            widths[i] = given
    for i, width in enumerate(widths, start=1):
        yield f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
    yield "</cols><sheetData><row>"
    yield "".join(f'<c t="inlineStr" s="1"><is><t xml:space="preserve">{escape(_ILLEGAL.sub("", str(h)))}'
                  f"</t></is></c>" for h in sheet.headers)
    yield "</row>"
    cell = _cell
    chunk: list[str] = []
    for row in rows:
        if styles:
            if len(row) > len(styles):
                styles = styles + [""] * (len(row) - len(styles))
            chunk.append("<row>" + "".join([_formatted_cell(v, s) for v, s in zip(row, styles)]) + "</row>")
        else:
            chunk.append("<row>" + "".join([cell(v) for v in row]) + "</row>")
        if len(chunk) >= 2000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
    yield f'</sheetData><autoFilter ref="A1:{last}{len(rows) + 1}"/></worksheet>'


def write_xlsx(path: Path, sheets: Sequence[SheetData]) -> Path:
    """Write `sheets` to `path` (a new file); returns the path."""
    sheets = [replace(s, headers=list(s.headers), rows=list(s.rows)) for s in sheets]
    styles, column_styles = _column_styles(sheets)
    taken: set[str] = set()
    titles = [safe_sheet_title(s.name, taken) for s in sheets]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        sheet_entries = "".join(
            f'<sheet name="{escape(t, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
            for i, t in enumerate(titles, start=1))
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{escape(t.replace(chr(39), chr(39) * 2))}'!$A$1:${column_letter(max(len(s.headers), 1))}$"
            f"{len(s.rows) + 1}</definedName>" for i, (t, s) in enumerate(zip(titles, sheets)))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheet_entries}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>"))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", styles)
        for i, sheet in enumerate(sheets, start=1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as part:
                for piece in _sheet_xml(sheet, column_styles[i - 1]):
                    part.write(piece.encode("utf-8"))
    return path
