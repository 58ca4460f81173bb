"""Reading timesheets (real xlsx files) and every validation message, with its cell."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from backoffice_auto.documents.workbook import read_workbook
from conftest import xlsx_bytes
from backoffice_auto.payroll.rules_model import PayrollRules
from backoffice_auto.payroll.run import pay_run
from backoffice_auto.payroll.shifts import PaidPeriod
from backoffice_auto.payroll.timesheet import read_timesheet

EMPLOYEES = {
    "E001": {"employee_id": "E001", "rule_set": "us-flsa", "pay_type": "hourly", "hourly_rate": Decimal(12),
             "currency": "USD", "country": "US", "timezone": "America/Chicago"},
    "E002": {"employee_id": "E002", "rule_set": "eu-example", "pay_type": "hourly", "hourly_rate": Decimal(10),
             "currency": "EUR", "country": "CZ", "timezone": "Europe/Prague"},
}




def run(sheets, paid=(), payroll=PayrollRules()):
    book = read_workbook(xlsx_bytes(sheets), "hours.xlsx")
    sheet = read_timesheet(book)
    result = pay_run(sheet.rows, EMPLOYEES, payroll, list(paid), default_timezone="Europe/Prague",
                     default_currency="EUR")
    return sheet, result


def messages(sheet, result):
    return [p.render() for p in sheet.problems + result.problems]


def test_punch_sheet_with_several_punches_a_day():
    sheet, result = run({"Punches": [
        ["Employee ID", "Date", "In", "Out", "Break minutes"],
        ["E001", date(2026, 3, 2), time(8), time(12), None],
        ["E001", date(2026, 3, 2), time(12, 30), time(17), 0],
        ["E001", "2026-03-03", "07:00", "18:00", 60],
    ]})
    assert sheet.shapes == {"punches"}
    assert messages(sheet, result) == []
    slip = result.payslips[0]
    assert slip.hours["regular"] == Decimal("18.50")
    assert slip.gross == Decimal("222.00")


def test_daily_hours_sheet_in_czech_headers():
    sheet, result = run({"List1": [
        ["Osobní číslo", "Datum", "Hodiny"],
        ["E002", "2.3.2026", "7,5"],
        ["E002", "3.3.2026", 8],
    ]}, payroll=PayrollRules())
    assert sheet.shapes == {"hours"}
    assert result.payslips[0].hours["regular"] == Decimal("15.50")


def test_clock_export_one_sheet_per_employee():
    sheet, result = run({
        "E001": [["Employee:", "E001"], [],
                 ["Date", "IN 1", "OUT 1", "IN 2", "OUT 2"],
                 [date(2026, 3, 2), time(8), time(12), time(13), time(17)],
                 [date(2026, 3, 3), time(22), time(6), None, None]],
        "E002": [["Date", "IN 1", "OUT 1", "IN 2", "OUT 2"],
                 [date(2026, 3, 2), "8:00", "11:00", "11:30", "16:00"]],
    })
    assert sheet.shapes == {"clock"}
    assert messages(sheet, result) == []
    slips = {s.employee_id: s for s in result.payslips}
    assert slips["E001"].hours["regular"] == Decimal("16.00")
    assert slips["E002"].hours["regular"] == Decimal("7.50")


def test_missing_punches_name_the_empty_cell():
    sheet, _ = run({"T": [["employee_id", "date", "in", "out"],
                          ["E001", date(2026, 3, 2), time(8), None],
                          ["E001", date(2026, 3, 3), None, time(17)]]})
    assert [p.render() for p in sheet.problems] == [
        "hours.xlsx:T!D2: Punch in at 08:00 has no punch out.",
        "hours.xlsx:T!C3: Punch out at 17:00 has no punch in.",
    ]


def test_bad_values_name_their_cells():
    sheet, _ = run({"T": [["employee_id", "date", "in", "out", "break_minutes"],
                          ["E001", "32.13.2026", "8:00", "9:00", 0],
                          ["E001", date(2026, 3, 2), "eight", "9:00", "lots"]]})
    assert [p.render() for p in sheet.problems] == [
        "hours.xlsx:T!B2: '32.13.2026' is not a date.",
        "hours.xlsx:T!E3: 'lots' is not a number of minutes.",
        "hours.xlsx:T!C3: 'eight' is not a time.",
    ]


def test_overlapping_shifts():
    sheet, result = run({"T": [["employee_id", "date", "in", "out"],
                               ["E001", date(2026, 3, 2), time(8), time(12)],
                               ["E001", date(2026, 3, 2), time(11), time(15)]]})
    assert messages(sheet, result) == [
        "hours.xlsx:T!C3: This shift overlaps the shift at hours.xlsx:T!C2 of the same employee."]
    assert result.payslips == []


def test_shift_over_24_hours():
    sheet, result = run({"T": [["employee_id", "date", "in", "out"],
                               ["E001", date(2026, 3, 2), datetime(2026, 3, 2, 8), datetime(2026, 3, 3, 9)]]})
    assert messages(sheet, result) == [
        "hours.xlsx:T!D2: A shift of 25.00 hours is longer than 24 hours: check the punches."]


def test_hours_over_a_day():
    sheet, result = run({"T": [["employee_id", "date", "hours"], ["E002", date(2026, 3, 2), 25]]})
    assert messages(sheet, result) == ["hours.xlsx:T!C2: 25 hours in one day is not possible (limit 24 hours)."]


def test_unknown_employee_is_named_once():
    sheet, result = run({"T": [["employee_id", "date", "in", "out"],
                               ["E999", date(2026, 3, 2), time(8), time(12)],
                               ["E999", date(2026, 3, 3), time(8), time(12)]]})
    assert messages(sheet, result) == ["hours.xlsx:T!A2: Employee E999 is not in the books."]


def test_unknown_rule_set():
    employees = dict(EMPLOYEES)
    EMPLOYEES["E003"] = {"employee_id": "E003", "rule_set": "mars", "hourly_rate": Decimal(1)}
    try:
        sheet, result = run({"T": [["employee_id", "date", "hours"], ["E003", date(2026, 3, 2), 8]]})
    finally:
        EMPLOYEES.clear()
        EMPLOYEES.update(employees)
    assert messages(sheet, result) == [
        "hours.xlsx:T!A2: Employee E003 has rule set 'mars', which rules/payroll.yaml does not define."]


def test_break_longer_than_shift():
    sheet, result = run({"T": [["employee_id", "date", "in", "out", "break"],
                               ["E001", date(2026, 3, 2), time(8), time(9), 90]]})
    assert messages(sheet, result) == ["hours.xlsx:T!E2: The break of 90 minutes is longer than the time worked."]


@pytest.mark.parametrize("brk", [-30, "-30", "-30 min"])
def test_a_negative_break_is_refused_not_paid_as_work(brk):
    """`-30` was taken off the break: half an hour more pay than punched."""
    sheet, result = run({"T": [["employee_id", "date", "in", "out", "break"],
                               ["E001", date(2026, 3, 2), time(8), time(16), brk]]})
    assert messages(sheet, result) == [
        "hours.xlsx:T!E2: A break of -30 minutes is not possible: a break is 0 minutes or more."]


def test_a_negative_break_beside_hours_is_refused():
    sheet, result = run({"T": [["employee_id", "date", "hours", "break"], ["E001", date(2026, 3, 2), 8, -30]]})
    assert messages(sheet, result) == [
        "hours.xlsx:T!D2: A break of -30 minutes is not possible: a break is 0 minutes or more."]


def test_period_already_paid_is_refused():
    paid = [PaidPeriod("E001", date(2026, 2, 23), date(2026, 3, 2), "2026-02-23/2026-03-02")]
    sheet, result = run({"T": [["employee_id", "date", "in", "out"],
                               ["E001", date(2026, 3, 2), time(8), time(12)],
                               ["E001", date(2026, 3, 3), time(8), time(12)]]}, paid=paid)
    assert messages(sheet, result) == [
        "hours.xlsx:T!C2: Employee E001 was already paid for 2026-03-02 (period 2026-02-23/2026-03-02); "
        "nothing is paid twice."]
    assert result.payslips == []


def test_empty_timesheet():
    sheet, result = run({"T": [["employee_id", "date", "in", "out"]]})
    assert messages(sheet, result) == ["The timesheet holds no worked time."]


def test_unknown_time_zone():
    EMPLOYEES["E004"] = {"employee_id": "E004", "rule_set": "us-flsa", "hourly_rate": Decimal(1),
                         "timezone": "Mars/Olympus_Mons"}
    try:
        sheet, result = run({"T": [["employee_id", "date", "in", "out"], ["E004", date(2026, 3, 2), time(8), time(9)]]})
    finally:
        del EMPLOYEES["E004"]
    assert messages(sheet, result) == ["hours.xlsx:T!A2: Employee E004 has an unknown time zone 'Mars/Olympus_Mons'."]


def test_punch_out_before_punch_in_with_full_timestamps():
    sheet, result = run({"T": [["employee_id", "date", "in", "out"],
                               ["E001", date(2026, 3, 2), datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 8)]]})
    assert messages(sheet, result) == ["hours.xlsx:T!D2: Punch out 2026-03-02 08:00 is not after punch in 2026-03-02 09:00."]


def test_missing_date_and_missing_employee():
    # (a blank under a value may be read as that value: test_payroll_careless_timesheets.py)
    sheet, _ = run({"T": [["employee_id", "date", "in", "out"],
                          ["E001", None, time(8), time(9)],
                          [None, None, None, None, ],
                          [None, date(2026, 3, 2), time(8), time(9)],
                          ["Total", None, None, None]]})
    assert [p.render() for p in sheet.problems] == [
        "hours.xlsx:T!B2: The date is missing.",
        "hours.xlsx:T!A4: The employee is missing.",
    ]


def test_sheets_that_are_not_timesheets_are_skipped():
    sheet, _ = run({"Notes": [["Remember to sign"]],
                    "T": [["employee_id", "date", "hours"], ["E002", date(2026, 3, 2), 8]]})
    assert sheet.shapes == {"hours"} and len(sheet.rows) == 1
