"""Codes in order sheets and timesheets matched to the books' spelling, through the real pipeline.

Found: the books compare keys without regard to case, but an order line for `sku-a` was
refused as "unknown sku 'sku-a'" and a timesheet row for `e001` as "Employee e001 is not in
the books". And a code typed as digits is stored by the spreadsheet as a number: item
`00123` came back as `123` and was refused as unknown, employee `007` as `7`. Now each is
taken as the books' key (one of them only; two candidates are no match), a lost-zeros
match said in a note naming the cell.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from openpyxl import Workbook

from backoffice_auto.books.store import Store
from backoffice_auto.documents.keymatch import KeyMatcher
from backoffice_auto.pipeline.runner import Pipeline
from conftest import write_workbook
from test_orders_support import CUSTOMERS, ITEMS, seed_books, texts

D = Decimal


def test_key_matcher_exact_then_case_then_lost_zeros_and_only_when_unique():
    keys = KeyMatcher(["SKU-A", "00123", "123", "0042", "042", "E001"])
    assert keys.find("SKU-A") == ("SKU-A", "exact")
    assert keys.find("sku-a") == ("SKU-A", "case")
    assert keys.find("123") == ("123", "exact")  # the number itself is a key: no guessing
    assert keys.find("42") == (None, "")  # 0042 or 042: not unique
    assert keys.find("e001") == ("E001", "case")
    assert KeyMatcher(["00123"]).find("123") == ("00123", "zeros")
    assert KeyMatcher(["Ab", "aB"]).find("ab") == (None, "")


def test_key_matcher_reads_other_separators_only_when_asked_and_only_when_unique():
    """A document number typed `INV 2026 00006` is `INV-2026-00006`; an item code is never guessed so."""
    assert KeyMatcher(["INV-2026-00006"]).find("INV 2026 00006") == (None, "")
    numbers = KeyMatcher(["INV-2026-00006", "FA/17", "FA-17", "X-1"], separators=True)
    assert numbers.find("inv 2026 00006") == ("INV-2026-00006", "separators")
    assert numbers.find("INV/2026/00006") == ("INV-2026-00006", "separators")
    assert numbers.find("FA 17") == (None, "")  # FA/17 or FA-17
    assert numbers.find("/") == (None, "")


def test_an_order_sheet_with_codes_that_lost_their_zeros_or_case_is_booked(workspace):
    items = ITEMS + [("00123", "Matice M8", "pcs", D("0.40"), D(21), D(100), D(0), None, None, None, "B-03")]
    customers = CUSTOMERS + [("0042", "Železářství Horák", None, "cs", 2, "partial", D(0), "net 14")]
    seed_books(workspace, items=items, customers=customers)
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    sheet.append(["Order ID", "Order date", "Customer ID", "SKU", "Quantity"])
    sheet.append(["Z-1", date(2026, 11, 20), 42, 123, 10])
    sheet["C2"].number_format = sheet["D2"].number_format = "00000"  # shows 00042 and 00123, stores 42, 123
    sheet.append(["Z-2", date(2026, 11, 20), "c001", "sku-a", 1])
    path = workspace.inbox / "orders" / "zeros.xlsx"
    book.save(path)
    [result] = Pipeline(workspace).process_paths([path])
    assert result["status"] == "done", result["messages"]
    said = texts(result)
    assert "zeros.xlsx:Orders!C2: Customer number 42 was read as 0042, the code in the books: the spreadsheet stored " \
           "it as a number and dropped its leading zeros; format the column as text to keep them." in said
    assert any(t.startswith("zeros.xlsx:Orders!D2: Item code 123 was read as 00123") for t in said)
    store = Store(workspace.db_path)
    try:
        lines = {(r["order_id"], r["sku"]) for r in store.read().rows("order_lines")}
        orders = {r["order_id"]: r["customer_id"] for r in store.read().rows("orders")}
    finally:
        store.close()
    assert lines == {("Z-1", "00123"), ("Z-2", "SKU-A")}
    assert orders == {"Z-1": "0042", "Z-2": "C001"}


def test_a_timesheet_with_employee_numbers_in_lower_case_or_without_zeros_is_paid(workspace):
    headers = ["employee_id", "name", "pay_type", "hourly_rate", "currency", "country", "timezone", "rule_set"]
    staff = write_workbook(workspace.inbox / "books" / "staff.xlsx", {"Employees": [
        headers, ["E001", "Jiří Růžička", "hourly", 250, "EUR", "CZ", "Europe/Prague", "eu-example"],
        ["007", "Ewa Nowak", "hourly", 40, "EUR", "PL", "Europe/Warsaw", "eu-example"]]})
    pipeline = Pipeline(workspace)
    assert pipeline.process_paths([staff])[0]["status"] == "done"
    rows = [["Employee", "Date", "In", "Out", "Break"]]
    for i in range(5):
        day = date(2026, 3, 2) + timedelta(days=i)
        rows += [["e001", day, time(8), time(16, 30), 30], [7, day, time(6), time(14, 30), 30]]
    sheet = write_workbook(workspace.inbox / "timesheets" / "week10.xlsx", {"Hours": rows})
    [result] = pipeline.process_paths([sheet])
    pipeline.close()
    assert result["status"] == "done", result["messages"]
    assert "week10.xlsx:Hours!A3: Employee 7 was read as employee 007 of the books: the spreadsheet stored the " \
           "number as a number and dropped its leading zeros; format the column as text to keep them." in texts(result)
    store = Store(workspace.db_path)
    try:
        slips = {r["employee_id"]: r["gross"] for r in store.read().rows("payslips")}
    finally:
        store.close()
    assert slips == {"E001": D("10000.00"), "007": D("1600.00")}
