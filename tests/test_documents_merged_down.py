"""Cells merged down over a record's rows, as office order forms and timesheets are laid out.

Found: an order whose number, date and customer cells were merged down over its three
lines was refused with 'Column Order ID is empty here, but a value is required.' for each
line below the first (six messages for one order the clerk sees whole); a timesheet with
the employee's cell merged over the week likewise. The merged value now stands in every
row it covers; an empty cell that is not merged is still refused.
"""

from __future__ import annotations

import io
from datetime import date, time, timedelta

from openpyxl import Workbook

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.payroll.timesheet import read_timesheet
from test_orders_support import run, seed_books, texts


def test_an_order_merged_down_over_its_lines_is_booked_whole(workspace):
    seed_books(workspace)
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    sheet.append(["Order ID", "Order date", "Customer ID", "SKU", "Quantity", "Notes"])
    sheet.append(["M-1", date(2026, 11, 20), "C001", "SKU-A", 1, "ring before delivery"])
    sheet.append([None, None, None, "SKU-B", 1, None])
    sheet.append([None, None, None, "SKU-C", 1, None])
    sheet.append(["M-2", date(2026, 11, 20), "C002", "SKU-A", 2, None])
    for column in "ABC":
        sheet.merge_cells(f"{column}2:{column}4")
    sheet.merge_cells("F2:G2")  # a note merged across columns stays one note
    path = workspace.inbox / "orders" / "merged.xlsx"
    book.save(path)
    [result] = run(workspace, path)
    assert result["status"] == "done", texts(result)
    # M-1: 12.50 + 3.35 + 18.90 for C001; M-2: 2 x 12.50 less C002's 5 % = 23.75
    assert "merged.xlsx: this file: orders 2, order lines 4 (shipped 4, backordered 0); invoices 2 " \
           "INV-2026-00001 – INV-2026-00002: net €58.50, VAT €10.59, gross €69.09" in texts(result)


def test_an_empty_cell_that_is_not_merged_is_still_refused(workspace):
    seed_books(workspace)
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    sheet.append(["Order ID", "Order date", "Customer ID", "SKU", "Quantity"])
    sheet.append(["M-1", date(2026, 11, 20), "C001", "SKU-A", 1])
    sheet.append([None, date(2026, 11, 20), "C004", "SKU-B", 1])  # another customer: not M-1's next line
    path = workspace.inbox / "orders" / "gap.xlsx"
    book.save(path)
    [result] = run(workspace, path)
    assert texts(result) == [
        "gap.xlsx:Orders!A3: Column Order ID is empty here and the row above has 'M-1'. An empty cell is read as the "
        "same as above only on the lines of one order, or in a column written once at the top of each block of "
        "rows: write the value, or a ditto mark (\") to repeat the one above."]


def test_an_employee_merged_over_the_week_is_read_on_every_day():
    book = Workbook()
    sheet = book.active
    sheet.append(["Employee", "Date", "In", "Out"])
    for i in range(5):
        sheet.append(["E001" if i == 0 else None, date(2026, 3, 2) + timedelta(days=i), time(8), time(16)])
    sheet.merge_cells("A2:A6")
    out = io.BytesIO()
    book.save(out)
    read = read_timesheet(read_workbook(out.getvalue(), "week.xlsx"))
    assert [p.render() for p in read.problems] == []
    assert [r.employee_id for r in read.rows] == ["E001"] * 5
