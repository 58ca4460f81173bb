"""Day numbers in date columns, in both of Excel's date systems.

Found: a workbook saved with the 1904 date system (old Mac Excel, `File > Options > Use 1904
date system`) whose date column held a plain day number (a pasted value, a formula's
result without a date format) was read in the 1900 system: `44883` became 18 Nov 2022
instead of 19 Nov 2026, four years and a day early, with no word said. Cells formatted as
dates were right (the engine converts them); plain numbers now count from 1904 in such a
workbook, in order sheets and timesheets alike. Excel's fictitious 29 Feb 1900 (day 60)
is no date, and days before it are counted as Excel counts them.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given, strategies as st
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel

from backoffice_auto.documents.values import excel_serial_to_date, parse_date
from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.orders.reader import read_orders
from backoffice_auto.payroll.timesheet import read_timesheet


def _book(rows: list[list], mac: bool) -> bytes:
    book = Workbook()
    if mac:
        book.epoch = CALENDAR_MAC_1904
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("mac, day", [(True, date(2026, 11, 19)), (False, date(2022, 11, 18))])
def test_a_plain_day_number_counts_from_the_workbooks_own_epoch(mac, day):
    data = _book([["Order ID", "Order date", "Customer ID", "SKU", "Quantity"],
                  ["O-1", date(2026, 11, 20), "C001", "SKU-A", 1],  # a date cell: converted by the engine
                  ["O-2", 44883, "C001", "SKU-A", 1]], mac)
    read = read_orders(data, "mac.xlsx", "en_GB")
    assert [r.values["order_date"] for r in read.rows] == [date(2026, 11, 20), day]


def test_a_timesheet_from_a_1904_workbook_is_dated_right():
    data = _book([["Employee", "Date", "Hours"], ["E001", 44883, 8], ["E001", date(2026, 11, 20), 8]], True)
    sheet = read_timesheet(read_workbook(data, "hours.xlsx"))
    assert [r.day for r in sheet.rows] == [date(2026, 11, 19), date(2026, 11, 20)]


def test_excel_1900_leap_year_bug():
    assert excel_serial_to_date(1) == date(1900, 1, 1)
    assert excel_serial_to_date(59) == date(1900, 2, 28)
    assert excel_serial_to_date(61) == date(1900, 3, 1)
    with pytest.raises(ValueError):
        excel_serial_to_date(60)
    with pytest.raises(ValueError):
        parse_date(60)


@given(st.integers(61, 100_000))
def test_serials_of_both_systems_agree_with_openpyxl(serial):
    assert excel_serial_to_date(serial) == from_excel(serial).date()
    assert excel_serial_to_date(serial + 1462) == from_excel(serial, CALENDAR_MAC_1904).date()
