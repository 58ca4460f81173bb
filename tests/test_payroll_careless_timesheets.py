"""Timesheets as careless offices write them.

Found: an employee written once over the week (the next rows left empty) was refused row by
row as 'The employee is missing.', and ditto marks (`"`, `〃`, `dtto`) as 'not a date' / 'not
a time'. Now a column written once at the top of each block of rows and a ditto mark take
the value above, said in a note naming the rows; a blank in a column filled on the other
rows (a forgotten employee or date) is refused naming the cell and the value above, never
paid to the employee above unasked.
"""

from __future__ import annotations

from datetime import date, time

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.payroll.timesheet import read_timesheet
from conftest import xlsx_bytes

HEADER = ["Osobní číslo", "Datum", "Příchod", "Odchod"]


def _read(rows):
    return read_timesheet(read_workbook(xlsx_bytes({"Docházka": [HEADER] + rows}), "dochazka.xlsx"), "cs_CZ")


def _rows(sheet) -> list[tuple]:
    return [(r.source.row, r.employee_id, r.day, r.start, r.end) for r in sheet.rows]


def test_an_employee_written_once_over_the_week_is_read_on_each_day_and_said():
    sheet = _read([["E001", "2.11.2026", "8:00", "16:00"], [None, "3.11.2026", "8:00", "16:00"],
                   [None, "4.11.2026", "8:00", "12:00"], ["E002", "2.11.2026", "6:00", "14:00"],
                   [None, "3.11.2026", "6:00", "14:00"]])
    assert sheet.problems == []
    assert [(row, employee) for row, employee, *_ in _rows(sheet)] == [
        (2, "E001"), (3, "E001"), (4, "E001"), (5, "E002"), (6, "E002")]
    assert [n.render() for n in sheet.notes if "above" in n.text()] == [
        "dochazka.xlsx:Docházka!A3: Column A (Employee number) is written once at the top of each block of rows: "
        "its empty cells in rows 3–4, 6 were read as the value above."]


def test_a_forgotten_employee_is_refused_naming_the_one_above_not_paid_to_them():
    sheet = _read([["E001", "2.11.2026", "8:00", "16:00"], ["E001", "3.11.2026", "8:00", "16:00"],
                   [None, "4.11.2026", "8:00", "12:00"], ["E002", "2.11.2026", "6:00", "14:00"]])
    assert [p.render() for p in sheet.problems] == [
        "dochazka.xlsx:Docházka!A4: Column Osobní číslo is empty here and the row above has 'E001'. An empty cell is "
        "read as the same as above only in a column written once at the top of each block of rows: write the "
        "value, or a ditto mark (\") to repeat the one above."]
    assert [row for row, *_ in _rows(sheet)] == [2, 3, 5]


def test_ditto_marks_repeat_the_employee_the_day_and_the_times_above():
    sheet = _read([["E001", "2.11.2026", "8:00", "16:00"], ['"', "3.11.2026", "〃", "dtto"],
                   ["〃", '"', "17:00", "20:00"]])
    assert sheet.problems == []
    assert _rows(sheet) == [(2, "E001", date(2026, 11, 2), time(8), time(16)),
                            (3, "E001", date(2026, 11, 3), time(8), time(16)),
                            (4, "E001", date(2026, 11, 3), time(17), time(20))]
    assert [n.source.column for n in sheet.notes if "ditto" in n.text()] == ["A", "B", "C", "D"]


def test_a_ditto_mark_under_the_header_is_refused_once():
    sheet = _read([['"', "2.11.2026", "8:00", "16:00"], ["E001", "3.11.2026", "8:00", "16:00"]])
    assert [p.render() for p in sheet.problems] == [
        "dochazka.xlsx:Docházka!A2: A ditto mark ('\"') here, but there is no value above it to repeat (the header, "
        "a blank, totals or notes row is above): write the value."]
    assert [row for row, *_ in _rows(sheet)] == [3]
