"""Order sheets (`.xlsx`, `.xlsm`, `.xls`, `.csv`) to typed rows with their cells.

Bytes go through the shared `documents.workbook.read_workbook` (size limits, zip bombs and
passwords refused up front); each sheet through the shared `documents.tables.read_table`
(header row found by the en/cs/pl/es/fr aliases, values typed in the settings' locale,
every bad cell a `Problem` naming it). A sheet without an order header (a cover or notes
sheet) is passed over; a file where no sheet has one is refused. Rows are numbered across
sheets in reading order (`row_index`), which is the last tie-break of the service order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from backoffice_auto.books.schema import FieldDef
from backoffice_auto.documents.inputs import ORDER_ROW
from backoffice_auto.documents.currencywords import currencies_written, currency_named
from backoffice_auto.documents.fieldlabels import field_label
from backoffice_auto.documents.prices import price_unit
from backoffice_auto.documents.tables import read_table
from backoffice_auto.documents.visibility import hidden_sheet_note
from backoffice_auto.documents.workbook import Workbook, read_workbook
from backoffice_auto.errors import Problem, Refusal, Source, column_index
from backoffice_auto.i18n import N_
from backoffice_auto.orders.quantityunits import header_unit, quantity_unit
from backoffice_auto.orders.validate import ReadRow
from backoffice_auto.rules.settings_model import Limits

#: The order row of DESIGN.md plus `ship_policy` (partial/complete for one order).
FIELDS: tuple[FieldDef, ...] = ORDER_ROW + (FieldDef("ship_policy", "choice", False, ("partial", "complete")),)
REQUIRED = ("order_id", "order_date", "customer_id", "sku", "quantity")
#: What one order has once: an empty cell of these on an order's next line is its value (`documents.sameabove`).
ORDER_LEVEL = ("order_id", "order_date", "customer_id")
SHIP_POLICY_ALIASES = ("ship policy", "shipping policy", "způsob dodání", "polityka wysyłki",
                       "política de envío", "politique d'expédition")

MSG_NO_HEADER = N_("no sheet has an order header row (columns such as {columns})")
MSG_SUMMARY = N_("Sheet '{sheet}' has item codes and quantities but no order number and no customer, beside a "
                 "sheet of orders: it was taken for a summary and not read.")
MSG_NOT_ORDERS = N_("Sheet '{sheet}' has neither an order number column nor item and quantity columns: it is "
                    "not an order sheet and was not read.")


@dataclass
class SheetLayout:
    name: str
    header_row: int  # 1-based
    columns: dict[str, str]  # field -> column letters
    data_rows: list[int] = field(default_factory=list)  # 1-based rows that held order data


@dataclass
class ReadResult:
    """The typed rows; the sheets' raw cells are not kept (half the memory of a big file)."""

    name: str
    format: str  # xlsx | xls | csv
    rows: list[ReadRow]
    layouts: list[SheetLayout]
    problems: list[Problem]  # sheet-level errors (a required column missing): refuse
    notes: list[Problem] = field(default_factory=list)  # rows skipped, columns ignored or guessed: say so


def read_orders(data: bytes, name: str, locale: str, limits: Limits | None = None,
                aliases: Mapping[str, Iterable[str]] | None = None) -> ReadResult:
    """Read every order sheet of a file; raises `Refusal` when the file or no sheet can be read."""
    return read_book(read_workbook(data, name, limits), locale, aliases, limits)


def read_book(book: Workbook, locale: str, aliases: Mapping[str, Iterable[str]] | None = None,
              limits: Limits | None = None) -> ReadResult:
    extra = {"ship_policy": SHIP_POLICY_ALIASES}
    for name, words in (aliases or {}).items():
        extra[name] = tuple(extra.get(name, ())) + ((words,) if isinstance(words, str) else tuple(words))
    rows: list[ReadRow] = []
    layouts: list[SheetLayout] = []
    problems: list[Problem] = []
    notes: list[Problem] = []
    index = 0
    passed: list[Problem] = []  # hidden sheets and sheets of something else, said when the file is refused too
    reads = []
    for sheet in book.sheets:
        if sheet.is_empty():
            continue
        hidden = hidden_sheet_note(sheet, book.name)
        if hidden is not None:
            passed.append(hidden)
            continue
        read = read_table(sheet, FIELDS, book.name, locale, extra, REQUIRED, limits, ORDER_LEVEL, "order_id")
        if read.header_row is None:
            continue  # a cover or notes sheet
        if not is_order_header(read.columns):
            passed.append(Problem(MSG_NOT_ORDERS, Source(book.name, sheet.name), {"sheet": sheet.name},
                                  level="info"))
            continue
        reads.append((sheet, read))
    complete = any(set(REQUIRED) <= read.columns.keys() for _, read in reads)
    for sheet, read in reads:
        if complete and not {"order_id", "customer_id"} & read.columns.keys():
            # item codes and quantities without orders, beside a sheet of orders: a summary
            passed.append(Problem(MSG_SUMMARY, Source(book.name, sheet.name), {"sheet": sheet.name},
                                  level="warning"))
            continue
        layout = SheetLayout(sheet.name, read.header_row, dict(read.columns))
        layouts.append(layout)
        notes.extend(read.notes)
        by_row: dict[int, list[Problem]] = {}
        for p in read.problems:
            if p.level != "error":
                continue
            if p.source is not None and p.source.row and p.source.row != read.header_row:
                by_row.setdefault(p.source.row, []).append(p)
            else:
                problems.append(p)
        if any(p.source is None or p.source.row == read.header_row for p in read.problems if p.level == "error"):
            continue
        columns = layout.columns
        quantity_at = column_index(columns["quantity"]) - 1 if "quantity" in columns else None
        column_unit = header_unit(read.headers.get("quantity"))  # `Quantity (boxes)`
        price_at = column_index(columns["unit_price"]) - 1 if "unit_price" in columns else None
        column_currency = currency_named(read.headers.get("unit_price"))  # `Cena (EUR)`
        column_currencies = currencies_written(read.headers.get("unit_price"))  # (`Price ($)`: any dollar)
        for record in read.records:
            row = record.source.row
            raw = sheet.rows[row - 1]
            unit = quantity_unit(raw[quantity_at]) if quantity_at is not None and quantity_at < len(raw) else None
            price_cell = raw[price_at] if price_at is not None and price_at < len(raw) else None
            currency = currency_named(price_cell)
            rows.append(ReadRow(record.values, record.source, columns, index, by_row.pop(row, []),
                                unit or column_unit, currency or column_currency, price_unit(price_cell),
                                currencies_written(price_cell) if currency else column_currencies))
            layout.data_rows.append(row)
            index += 1
        for row_problems in by_row.values():  # rows that made no record (formulas never calculated)
            problems.extend(row_problems)
    if not layouts:
        raise Refusal([Problem(MSG_NO_HEADER, Source(book.name),
                               {"columns": tuple(field_label(n) for n in REQUIRED)})] + passed)
    return ReadResult(book.name, book.format, rows, layouts, problems, passed + notes)


def is_order_header(columns: Mapping[str, str]) -> bool:
    """Order lines have an order number, or at least an item and a quantity: a price list or a
    list of items beside the orders (code, name, price) is not an order sheet."""
    return "order_id" in columns or {"sku", "quantity"} <= columns.keys()
