"""Values that cannot be right are refused at import, naming their cell (issue 12, items 7 and 8).

Each test reproduces what was found: a timesheet date typed as `16` read as 1900-01-16 and
paid; `9999-12-31` and a 34-digit price that became "internal error"; IBANs `XX00INVALID`
and `CZ0000000000000000000000` imported silently; `e001` beside `E001` entered as a second
employee. Real workbooks, real workspaces, the real `process` command in its own process.
"""

from __future__ import annotations

import json
from datetime import date

from backoffice_auto.books.store import Store
from conftest import run_cli_process, write_workbook

HEADERS = ["employee_id", "name", "email", "pay_type", "hourly_rate", "currency", "country", "iban"]
GOOD_IBAN = "CZ6508000000192000145399"


def _process(workspace, *paths) -> list[dict]:
    result = run_cli_process("process", *map(str, paths), "-w", str(workspace.root), "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def _errors(result: dict) -> list[str]:
    return [f"{m['where']}: {m['text']}" for m in result["messages"] if m["level"] == "error"]


def _books(workspace, table: str) -> list[dict]:
    store = Store(workspace.db_path)
    try:
        return store.read().rows(table)
    finally:
        store.close()


def _staff(workspace, rows) -> dict:
    path = write_workbook(workspace.inbox / "books" / "staff.xlsx", {"Employees": [HEADERS] + rows})
    return _process(workspace, path)[0]


def test_invalid_ibans_in_master_data_are_refused_with_their_cells(workspace):
    result = _staff(workspace, [
        ["E001", "Ann", "ann@example.test", "hourly", 200, "CZK", "CZ", "XX00INVALID"],
        ["E002", "Bob", "bob@example.test", "hourly", 200, "CZK", "CZ", "CZ0000000000000000000000"],
        ["E003", "Cid", "cid@example.test", "hourly", 200, "CZK", "CZ", GOOD_IBAN],
    ])
    assert result["status"] == "refused"
    assert _errors(result) == [
        "staff.xlsx:Employees!H2: 'XX00INVALID' in column iban is not a valid IBAN: its country code, length "
        "or check digits are wrong.",
        "staff.xlsx:Employees!H3: 'CZ0000000000000000000000' in column iban is not a valid IBAN: its country "
        "code, length or check digits are wrong.",
    ]
    assert _books(workspace, "employees") == []


def test_invalid_bic_of_a_supplier_is_refused_with_its_cell(workspace):
    path = write_workbook(workspace.inbox / "books" / "suppliers.xlsx", {"Suppliers": [
        ["supplier_id", "name", "iban", "bic"], ["S1", "Paper", GOOD_IBAN, "XXXXXXXX"]]})
    result = _process(workspace, path)[0]
    assert result["status"] == "refused"
    assert _errors(result) == ["suppliers.xlsx:Suppliers!D2: 'XXXXXXXX' in column bic is not a valid BIC "
                               "(8 or 11 characters: bank, country, place, branch)."]


def test_iban_written_with_spaces_is_stored_compact(workspace):
    result = _staff(workspace, [["E001", "Ann", "ann@example.test", "hourly", 200, "CZK", "CZ",
                                 "cz65 0800 0000 1920 0014 5399"]])
    assert result["status"] == "done", result
    assert [e["iban"] for e in _books(workspace, "employees")] == [GOOD_IBAN]


def test_key_differing_only_in_case_is_a_duplicate_naming_both_cells(workspace):
    result = _staff(workspace, [
        ["E001", "Ann", "ann@example.test", "hourly", 200, "CZK", "CZ", GOOD_IBAN],
        ["e001", "Ann again", "ann2@example.test", "hourly", 200, "CZK", "CZ", GOOD_IBAN],
    ])
    assert result["status"] == "refused"
    assert _errors(result) == [
        "staff.xlsx:Employees!A3: Key e001 here and key E001 in cell A2 differ only in upper and lower case; "
        "keys are compared without regard to case, so this is the same key twice."]
    assert _books(workspace, "employees") == []


def test_key_differing_only_in_case_from_the_books_is_refused(workspace):
    assert _staff(workspace, [["E001", "Ann", "ann@example.test", "hourly", 200, "CZK", "CZ", GOOD_IBAN]])[
        "status"] == "done"
    path = write_workbook(workspace.inbox / "books" / "more.xlsx", {"Employees": [HEADERS, [
        "e001", "Ann again", "ann2@example.test", "hourly", 200, "CZK", "CZ", GOOD_IBAN]]})
    result = _process(workspace, path)[0]
    assert result["status"] == "refused"
    assert _errors(result) == [
        "more.xlsx:Employees!A2: Key e001 differs only in upper and lower case from key E001 already in the "
        "books; keys are compared without regard to case. Write it as E001 to update that record."]
    assert [e["employee_id"] for e in _books(workspace, "employees")] == ["E001"]


def _timesheet(workspace, rows) -> dict:
    assert _staff(workspace, [["E001", "Ann", "ann@example.test", "hourly", 200, "CZK", "CZ", GOOD_IBAN]])[
        "status"] == "done"
    path = write_workbook(workspace.inbox / "timesheets" / "week48.xlsx",
                          {"Hours": [["employee_id", "date", "hours"]] + rows})
    return _process(workspace, path)[0]


def test_timesheet_date_typed_as_16_is_refused_not_paid(workspace):
    result = _timesheet(workspace, [["E001", 16, 8], ["E001", date(2026, 11, 17), 8]])
    assert result["status"] == "refused"
    assert _errors(result) == [
        "week48.xlsx:Hours!B2: '16' is a date outside 2000-01-01 to 2099-12-31 (limits.earliest_date and "
        "limits.latest_date in rules/settings.yaml); a plain number in a date column is read as a spreadsheet "
        "day number."]
    assert _books(workspace, "payslips") == []


def test_timesheet_date_far_from_its_pay_period_is_refused(workspace):
    # 46000 is 2025-12-09 as a day number: inside the settings' window, a year off this week.
    result = _timesheet(workspace, [["E001", date(2026, 11, 16), 8], ["E001", 46000, 8],
                                    ["E001", date(2026, 11, 17), 8]])
    assert result["status"] == "refused"
    assert _errors(result) == [
        "week48.xlsx:Hours!B3: The date 2025-12-09 lies more than 14 days from 2026-11-16, the middle of this "
        "timesheet's dates, so it cannot belong to one biweekly pay period; a plain number in a date column is "
        "read as a spreadsheet day number."]
    assert _books(workspace, "payslips") == []


def test_timesheet_real_date_far_from_its_pay_period_is_not_called_a_day_number(workspace):
    """A date cell holding 9 Dec 2025 (a year typed wrong) was told 'a plain number in a date column
    is read as a spreadsheet day number', which it never was."""
    result = _timesheet(workspace, [["E001", date(2026, 11, 16), 8], ["E001", date(2025, 11, 17), 8],
                                    ["E001", "18.11.2026", 8]])
    assert result["status"] == "refused"
    assert _errors(result) == [
        "week48.xlsx:Hours!B3: The date 2025-11-17 lies more than 14 days from 2026-11-16, the middle of this "
        "timesheet's dates, so it cannot belong to one biweekly pay period: check its day, month and year."]


def test_date_9999_12_31_and_34_digit_price_are_refused_naming_the_cell_not_internal_error(workspace):
    sheet = _timesheet(workspace, [["E001", "9999-12-31", 8], ["E001", date(2026, 11, 17), 8]])
    assert sheet["status"] == "refused"
    assert _errors(sheet) == [
        "week48.xlsx:Hours!B2: '9999-12-31' is a date outside 2000-01-01 to 2099-12-31 (limits.earliest_date "
        "and limits.latest_date in rules/settings.yaml): check its year."]
    items = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": [
        ["sku", "name", "unit_price", "currency", "on_hand"],
        ["A1", "Bolt", "1234567890123456789012345678901234", "EUR", 5]]})
    orders = write_workbook(workspace.inbox / "orders" / "order.xlsx", {"Orders": [
        ["order_id", "order_date", "customer_id", "sku", "quantity", "unit_price"],
        ["O1", date(2026, 11, 16), "C1", "A1", 1, "1234567890123456789012345678901234"]]})
    for result in _process(workspace, items, orders):
        assert result["status"] == "refused", result
        texts = _errors(result)
        assert not any("internal error" in t for t in texts), texts
        assert any("has 34 digits before the decimal point, over the limit of 12" in t and "!C2:" in t
                   or "!F2:" in t for t in texts), texts


def test_a_year_written_with_four_digits_is_that_year_not_this_century(workspace):
    """`0000-01-01` typed in a timesheet was read as 1 January 2000 and `17.11.0026` as 17 November
    2026: a four-digit year was taken for a two-digit one. Now they are refused naming the cell."""
    result = _timesheet(workspace, [["E001", date(2026, 11, 16), 8], ["E001", "0000-01-01", 8],
                                    ["E001", "17.11.0026", 8], ["E001", "18.11.26", 8]])
    assert result["status"] == "refused"
    assert _errors(result) == [
        "week48.xlsx:Hours!B3: '0000-01-01' is not a date.",
        "week48.xlsx:Hours!B4: '17.11.0026' is a date outside 2000-01-01 to 2099-12-31 (limits.earliest_date "
        "and limits.latest_date in rules/settings.yaml): check its year."]
    assert _books(workspace, "payslips") == []


def test_negative_stock_at_import_gets_a_warning(workspace):
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": [
        ["sku", "name", "unit_price", "currency", "on_hand"], ["A1", "Bolt", 2, "EUR", -5],
        ["A2", "Nut", 1, "EUR", 3]]})
    result = _process(workspace, path)[0]
    assert result["status"] == "done", result
    warnings = [f"{m['where']}: {m['text']}" for m in result["messages"] if m["level"] == "warning"]
    assert warnings == ["items.xlsx:Items!E2: Stock on_hand of item A1 is negative (-5); it was imported as "
                        "written: check the count."]
