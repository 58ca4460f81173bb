"""Order sheets (`.xlsx`, `.xlsm`, `.xls`, `.csv`) to typed rows with their cells.

Bytes go through the shared `documents.workbook.read_workbook` (size limits, zip bombs,
passwords refused up front). On every sheet the header row is found among the first rows
by the header aliases (en, cs, pl, es, fr); a sheet without one (a notes or cover sheet) is
passed over. Values are typed by the shared per-column parsers in the settings' locale, so
`1 234,5` and `22.11.2026` read as a Czech clerk means them. The row loop does one parser
call per cell and builds no per-cell objects: a 100,000-row sheet is read in well under a
second after calamine has parsed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from backoffice_auto.documents.values import parser_for
from backoffice_auto.documents.workbook import Workbook, read_workbook
from backoffice_auto.errors import Problem, Refusal, Source, column_letter
from backoffice_auto.i18n import N_
from backoffice_auto.orders.headers import field_for_header
from backoffice_auto.orders.validate import ReadRow
from backoffice_auto.rules.settings_model import Limits

#: Order row fields and their types (DESIGN.md: `order_id, order_date, customer_id, sku,
#: quantity[, unit_price, ship_by, notes]`; `ship_policy` may name partial/complete per order).
FIELDS: dict[str, str] = {
    "order_id": "text", "order_date": "date", "customer_id": "text", "sku": "text",
    "quantity": "decimal", "unit_price": "money", "ship_by": "date", "notes": "text",
    "ship_policy": "choice",
}
REQUIRED = ("order_id", "order_date", "customer_id", "sku", "quantity")
HEADER_SCAN_ROWS = 10

MSG_NO_HEADER = N_("no sheet has an order header row (order_id, order_date, customer_id, sku, quantity)")
MSG_MISSING_COLUMNS = N_("the header row lacks the column(s): {columns}")
MSG_EMPTY = N_("{field} is empty")
MSG_NOT_NUMBER = N_("'{value}' in {field} is not a number")
MSG_NOT_DATE = N_("'{value}' in {field} is not a date")
MSG_NOT_CHOICE = N_("'{value}' in {field} is not one of: {choices}")
MSG_NOT_TEXT = N_("'{value}' in {field} cannot be read")


@dataclass
class SheetLayout:
    name: str
    header_row: int  # 1-based
    columns: dict[str, str]  # field -> column letters
    data_rows: list[int] = field(default_factory=list)  # 1-based rows that held order data


@dataclass
class ReadResult:
    workbook: Workbook
    rows: list[ReadRow]
    layouts: list[SheetLayout]
    problems: list[Problem]  # sheet-level problems (missing columns)


def read_orders(data: bytes, name: str, locale: str, limits: Limits | None = None,
                aliases: dict[str, str] | None = None) -> ReadResult:
    """Read every order sheet of a file; raises `Refusal` when no sheet holds orders at all."""
    book = read_workbook(data, name, limits)
    return read_book(book, locale, aliases)


def find_header(rows: list[tuple], aliases: dict[str, str] | None = None) -> tuple[int, dict[str, int]] | None:
    """(0-based row, field -> 0-based column) of the first row naming at least three fields."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[str, int] = {}
        for col, value in enumerate(row):
            if isinstance(value, str):
                name = field_for_header(value, aliases)
                if name in FIELDS and name not in mapping:
                    mapping[name] = col
        if len(mapping) >= 3 and ("order_id" in mapping or "sku" in mapping):
            return index, mapping
    return None


def read_book(book: Workbook, locale: str, aliases: dict[str, str] | None = None) -> ReadResult:
    parsers: dict[str, Callable[[Any], Any]] = {
        f: parser_for(kind, locale, ("partial", "complete") if kind == "choice" else ())
        for f, kind in FIELDS.items()}
    rows: list[ReadRow] = []
    layouts: list[SheetLayout] = []
    problems: list[Problem] = []
    index = 0
    for sheet in book.sheets:
        found = find_header(sheet.rows, aliases)
        if found is None:
            continue
        header_index, mapping = found
        letters = {f: column_letter(c + 1) for f, c in mapping.items()}
        layout = SheetLayout(sheet.name, header_index + 1, letters)
        layouts.append(layout)
        missing = [f for f in REQUIRED if f not in mapping]
        if missing:
            problems.append(Problem(MSG_MISSING_COLUMNS, Source(book.name, sheet.name, header_index + 1),
                                    {"columns": ", ".join(missing)}))
            continue
        plan = [(f, c, parsers[f]) for f, c in mapping.items()]
        for offset, raw in enumerate(sheet.rows[header_index + 1:], start=header_index + 2):
            if not any(v is not None and v != "" for v in raw):
                continue
            width = len(raw)
            values: dict[str, Any] = {}
            row_problems: list[Problem] | None = None
            for f, c, parse in plan:
                value = raw[c] if c < width else None
                if value is None or (value.__class__ is str and not value.strip()):
                    values[f] = None
                    continue
                try:
                    values[f] = parse(value)
                except (ValueError, ArithmeticError):
                    values[f] = None
                    if row_problems is None:
                        row_problems = []
                    row_problems.append(_bad_value(f, value, Source(book.name, sheet.name, offset, letters[f])))
            for f in REQUIRED:
                if values.get(f) is None and not (row_problems and any(
                        p.source.column == letters[f] for p in row_problems)):
                    if row_problems is None:
                        row_problems = []
                    row_problems.append(Problem(MSG_EMPTY, Source(book.name, sheet.name, offset, letters[f]),
                                                {"field": f}))
            rows.append(ReadRow(values, Source(book.name, sheet.name, offset), letters, index,
                                row_problems or []))
            layout.data_rows.append(offset)
            index += 1
    if not layouts:
        raise Refusal([Problem(MSG_NO_HEADER, Source(book.name))])
    return ReadResult(book, rows, layouts, problems)


def _bad_value(field_name: str, value: Any, where: Source) -> Problem:
    kind = FIELDS[field_name]
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    params = {"value": text, "field": field_name}
    if kind in ("decimal", "money"):
        return Problem(MSG_NOT_NUMBER, where, params)
    if kind == "date":
        return Problem(MSG_NOT_DATE, where, params)
    if kind == "choice":
        return Problem(MSG_NOT_CHOICE, where, {**params, "choices": "partial, complete"})
    return Problem(MSG_NOT_TEXT, where, params)
