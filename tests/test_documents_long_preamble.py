"""A header row below a long preamble (terms of delivery, addresses, a letter to the clerk).

Found: an order sheet or a timesheet whose header stood below row 20 (row 15 for
timesheets) was refused as 'no sheet has an order header row' / passed over as no
timesheet. The first twenty rows are still where a header is weighed with typos and
two-row headers; below them, down to row 1000, the first row naming three fields for
sure is the header, and the preamble is named as a skipped title.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Refusal
from backoffice_auto.orders.reader import read_orders
from backoffice_auto.payroll.timesheet import read_timesheet
from conftest import xlsx_bytes

PREAMBLE = [[f"Article {n}: goods are delivered within five working days of the order."] for n in range(1, 31)]


def test_an_order_header_below_a_thirty_row_preamble_is_found():
    rows = PREAMBLE + [[None], ["Order ID", "Order date", "Customer", "SKU", "Quantity", "Unit price"],
                       ["O-1", "20.11.2026", "C001", "SKU-A", 3, "12.50"]]
    read = read_orders(xlsx_bytes({"Orders": rows}), "orders.xlsx", "en_GB")
    assert read.problems == []
    [row] = read.rows
    assert row.source.row == 33
    assert (row.values["order_id"], row.values["quantity"], row.values["order_date"]) == (
        "O-1", Decimal(3), date(2026, 11, 20))
    assert "Title above the header row skipped (rows 1–30)." in [n.text() for n in read.notes]


def test_a_timesheet_header_below_a_thirty_row_preamble_is_found():
    rows = PREAMBLE + [["Osobní číslo", "Datum", "Příchod", "Odchod"], ["E001", "2.11.2026", "8:00", "16:00"]]
    sheet = read_timesheet(read_workbook(xlsx_bytes({"Docházka": rows}), "dochazka.xlsx"), "cs_CZ")
    assert sheet.problems == []
    [row] = sheet.rows
    assert (row.employee_id, row.day, row.start, row.end, row.source.row) == (
        "E001", date(2026, 11, 2), time(8), time(16), 32)


def test_two_known_words_deep_in_a_long_text_sheet_are_no_header():
    rows = PREAMBLE + [["Quantity", "Price"], ["3", "12.50"]]
    with pytest.raises(Refusal) as refused:
        read_orders(xlsx_bytes({"Terms": rows}), "terms.xlsx", "en_GB")
    assert "no sheet has an order header row" in refused.value.problems[0].text()
