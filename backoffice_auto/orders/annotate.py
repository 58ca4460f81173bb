"""The clerk's own order sheet handed back with status columns added.

The clerk recognises their file: same sheets, same formatting, same column widths, with
six columns added right of the last used one on every sheet that held order rows:
allocated, backordered, shipment, invoice, status, reason. `.xlsx`/`.xlsm` get the cells
added to their sheet XML (`xlsx_patch`: every other part copied byte for byte, macros
included); when a workbook's structure is unusual, openpyxl loads and saves it instead
(macros kept for `.xlsm`). A CSV comes back as CSV with the same
delimiter; an old `.xls` (which openpyxl cannot write) comes back as `.xlsx` holding the
values. Text we add is always stored as text, never as a formula.
"""

from __future__ import annotations

import csv
import io
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Mapping

from backoffice_auto.orders import labels as L

HEADERS = (L.COL_ALLOCATED, L.COL_BACKORDERED, L.COL_SHIPMENT, L.COL_INVOICE, L.COL_STATUS, L.COL_REASON)


@dataclass(frozen=True, slots=True)
class RowStatus:
    allocated: object  # Decimal/int or "" for rows not allocated
    backordered: object
    shipment: str
    invoice: str
    status: str  # already translated
    reason: str  # already translated


@dataclass(frozen=True)
class SheetStatus:
    header_row: int  # 1-based
    rows: Mapping[int, RowStatus]  # 1-based row -> status


def output_name(name: str, fmt: str) -> str:
    """The file name the clerk gets back: same stem and suffix (`.xls` becomes `.xlsx`)."""
    p = PurePath(name)
    suffix = p.suffix.lower()
    if fmt == "csv":
        return p.stem + (suffix or ".csv")
    if suffix == ".xlsm":
        return p.stem + ".xlsm"
    return p.stem + ".xlsx"


def annotate(data: bytes, name: str, fmt: str, sheets: Mapping[str, SheetStatus], language: str,
             dest: Path, decimal_mark: str = ".") -> Path:
    """Write the annotated copy to `dest`; a CSV writes numbers with `decimal_mark` (`1,5` in cs)."""
    headers = [L.t(h, language) for h in HEADERS]
    if fmt == "csv":
        return _annotate_csv(data, sheets, headers, dest, decimal_mark)
    if fmt == "xls":
        return _rebuild_xls(data, sheets, headers, dest)
    return _annotate_xlsx(data, name, sheets, headers, dest)


def _values(status: RowStatus) -> tuple:
    return (status.allocated, status.backordered, status.shipment, status.invoice, status.status, status.reason)


def _annotate_xlsx(data: bytes, name: str, sheets: Mapping[str, SheetStatus], headers: list[str],
                   dest: Path) -> Path:
    """Patch the sheet XML in place (fast, keeps every part); openpyxl when it cannot."""
    from backoffice_auto.orders.xlsx_patch import NewColumns, Unsupported, add_columns

    try:
        patched = add_columns(data, {
            sheet: NewColumns(st.header_row, 0, headers, {r: _values(v) for r, v in st.rows.items()})
            for sheet, st in sheets.items()})
    except Unsupported:
        return _annotate_openpyxl(data, name, sheets, headers, dest)
    dest.write_bytes(patched)
    return dest


def _annotate_openpyxl(data: bytes, name: str, sheets: Mapping[str, SheetStatus], headers: list[str],
                       dest: Path) -> Path:
    import openpyxl

    keep_vba = PurePath(name).suffix.lower() == ".xlsm"
    wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=keep_vba, rich_text=False)
    for sheet_name, status in sheets.items():
        if sheet_name not in wb.sheetnames:
            continue
        ws = wb[sheet_name]
        first = ws.max_column + 1
        last_header = ws.cell(status.header_row, first - 1)
        for offset, text in enumerate(headers):
            cell = ws.cell(status.header_row, first + offset, text)
            cell.data_type = "s"
            if last_header.has_style:
                cell.font = copy(last_header.font)
                cell.fill = copy(last_header.fill)
                cell.border = copy(last_header.border)
                cell.alignment = copy(last_header.alignment)
            width = ws.column_dimensions[last_header.column_letter].width
            if width:
                ws.column_dimensions[cell.column_letter].width = max(width, 12)
        cell_at = ws.cell
        for row, st in status.rows.items():
            for offset, value in enumerate(_values(st)):
                if value == "" or value is None:
                    continue
                cell = cell_at(row, first + offset, value)
                if isinstance(value, str):
                    cell.data_type = "s"
    wb.save(dest)
    return dest


def _rebuild_xls(data: bytes, sheets: Mapping[str, SheetStatus], headers: list[str], dest: Path) -> Path:
    """An `.xls` cannot be saved in place: its values come back in an `.xlsx`, columns added."""
    import python_calamine as calamine
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from backoffice_auto.reports.workbook import needs_escape

    def text_safe(ws, value):
        # The clerk's text `=HYPERLINK(...)` and a reason `=2+2` stay text, never a formula.
        if isinstance(value, str) and needs_escape(value):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value

    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    wb = Workbook(write_only=True)
    for sheet_name in book.sheet_names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        ws = wb.create_sheet(sheet_name)
        status = sheets.get(sheet_name)
        width = max((len(r) for r in rows), default=0)
        for number, row in enumerate(rows, start=1):
            values = [None if v == "" else v for v in row] + [None] * (width - len(row))
            if status is not None:
                if number == status.header_row:
                    values += headers
                elif number in status.rows:
                    values += list(_values(status.rows[number]))
            ws.append([text_safe(ws, v) for v in values])
    wb.save(dest)
    return dest


def _annotate_csv(data: bytes, sheets: Mapping[str, SheetStatus], headers: list[str], dest: Path,
                  decimal_mark: str) -> Path:
    text, encoding = _decode(data)
    lines = text.splitlines()
    delimiter = _delimiter(lines[:20])
    status = next(iter(sheets.values()), None)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if "\r\n" in text else "\n")
    for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if status is not None:
            if number == status.header_row:
                record = record + headers
            elif number in status.rows:
                record = record + [_csv_value(v, decimal_mark) for v in _values(status.rows[number])]
        writer.writerow(record)
    dest.write_bytes(out.getvalue().encode(encoding))
    return dest


def _csv_value(value, decimal_mark: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value).replace(".", decimal_mark)
    return str(value)


def _decode(data: bytes) -> tuple[str, str]:
    """The clerk's text and the encoding to write it back in (UTF-16 keeps its byte-order mark)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "cp1250"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))
