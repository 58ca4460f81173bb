"""Timesheets as clerks keep them in Excel, through the real job (`init`, the inbox, `process`).

Found (each refused before, though a careful clerk reads it without doubt): dates with the
weekday in front (`Po 2.11.2026`, `Mon 02/11/2026`, `pon., 2.11.2026`) were 'not a date';
days without their year under a title naming the month (`2.11.`, `Po 2.11.`, `lun. 2 nov.`
under `Docházka listopad 2026`) and day numbers (`2`) under it were 'not a date' or 'a date
outside 2000-01-01 to 2099-12-31'; hours as `8 1/2` and `8½` were 'not a number of hours';
a week's sum with no label under its days was refused as a row without its date;
`dovolená`, `urlop`, `vacaciones`, `congé` where the hours or times go were 'not a number of
hours' or 'a punch in at vacaciones has no punch out'. Now each is read, and what could be
read wrongly is refused naming the cell: a weekday that does not fall on the date, a day
without a year on a sheet naming no month, a sum row that is no sum of the rows above.
"""

from __future__ import annotations

import json
from datetime import time
from decimal import Decimal

from backoffice_auto.books.store import Store
from conftest import run_cli, write_workbook

STAFF = [["employee_id", "name", "email", "language", "pay_type", "hourly_rate", "currency", "country", "timezone",
          "iban"],
         ["E001", "Jana Nováková", "jana@example.test", "cs", "hourly", 200, "CZK", "CZ", "Europe/Prague",
          "CZ6508000000192000145399"]]


def _workspace(tmp_path, language="cs", locale="cs_CZ"):
    folder = tmp_path / "ws"
    run_cli("init", str(folder), check=True)
    settings = folder / "rules" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("language: en\n", f"language: {language}\n")
                        .replace("locale: en_GB", f"locale: {locale}"), encoding="utf-8")
    write_workbook(folder / "inbox" / "books" / "staff.xlsx", {"Employees": STAFF})
    code, _ = _process(folder)
    assert code == 0
    return folder


def _process(folder):
    result = run_cli("process", "-w", str(folder), "--json")
    return result.returncode, json.loads(result.stdout)


def _run(tmp_path, rows, sheet="Docházka", language="cs", locale="cs_CZ"):
    """(status, messages as `where: text`, {day: hours} of E001's payslip or None)."""
    folder = _workspace(tmp_path, language, locale)
    write_workbook(folder / "inbox" / "timesheets" / "dochazka.xlsx", {sheet: rows})
    _, results = _process(folder)
    (result,) = results
    messages = [f"{m['where']}: {m['text']}" for m in result["messages"] if m["level"] != "info"]
    if result["status"] != "done":
        return result["status"], messages, None
    store = Store(folder / ".backoffice" / "state.db")
    try:
        (slip,) = store.read().rows("payslips")
    finally:
        store.close()
    return result["status"], messages, (slip["period"], Decimal(slip["hours"]["regular"]))


def test_a_weekday_before_the_date_is_read_and_checked(tmp_path):
    rows = [["Osobní číslo", "Datum", "Hodiny"], ["E001", "Po 2.11.2026", 8], ["E001", "út 3.11.2026", 8],
            ["E001", "St, 4.11.2026", 8], ["E001", "5.11.2026 (čt)", 8]]
    assert _run(tmp_path, rows) == ("done", [], ("2026-11-02/2026-11-05", Decimal(32)))


def test_a_weekday_that_does_not_fall_on_the_date_is_refused_naming_the_cell(tmp_path):
    rows = [["Employee", "Date", "Hours"], ["E001", "Mon 02/11/2026", 8], ["E001", "Mon 03/11/2026", 8]]
    status, messages, _ = _run(tmp_path, rows, "Hours", "en", "en_GB")
    assert status == "refused"
    assert messages == ["dochazka.xlsx:Hours!B3: 'Mon 03/11/2026': the day of the week written there does not "
                        "fall on 2026-11-03: correct the date or the day of the week."]


def test_days_without_a_year_take_the_month_and_year_of_the_title(tmp_path):
    rows = [["Docházka – listopad 2026"], [], ["Osobní číslo", "Datum", "Hodiny"], ["E001", "Po 2.11.", 8],
            ["E001", "3.11.", "8 1/2"], ["E001", "St 4. 11.", "7½"]]
    assert _run(tmp_path, rows) == ("done", [], ("2026-11-02/2026-11-04", Decimal(24)))


def test_a_week_running_into_the_next_year_is_dated_in_that_year(tmp_path):
    rows = [["Ewidencja czasu pracy", "grudzień 2025"], ["Pracownik", "Data", "Godziny"],
            ["E001", "śr. 31.12", 8], ["E001", "czw. 1.01", 8]]
    assert _run(tmp_path, rows, "Ewidencja", "pl", "pl_PL") == ("done", [], ("2025-12-31/2026-01-01", Decimal(16)))


def test_day_numbers_and_word_dates_under_a_month_title_are_days_of_that_month(tmp_path):
    rows = [["Relevé d'heures - novembre 2026"], ["Matricule", "Jour", "Heures"], ["E001", 2, "7h30"],
            ["E001", "lun. 9 nov.", 8]]
    assert _run(tmp_path, rows, "Relevé", "fr", "fr_FR") == ("done", [], ("2026-11-02/2026-11-09", Decimal("15.5")))


def test_a_day_without_a_year_on_a_sheet_naming_no_month_is_refused_naming_the_cell(tmp_path):
    rows = [["Empleado", "Fecha", "Horas"], ["E001", "lun 2/11", 8]]
    status, messages, _ = _run(tmp_path, rows, "Horas", "en", "es_ES")
    assert status == "refused"
    assert messages[0].startswith("dochazka.xlsx:Horas!B2: 'lun 2/11' has no year, and neither a title")


def test_a_day_far_from_the_month_of_the_title_is_refused(tmp_path):
    rows = [["Docházka listopad 2026"], ["Osobní číslo", "Datum", "Hodiny"], ["E001", "2.11.", 8],
            ["E001", "3.5.", 8]]
    status, messages, _ = _run(tmp_path, rows, "Docházka", "en")
    assert status == "refused"
    assert messages == ["dochazka.xlsx:Docházka!B4: '3.5.' has no year, and its month is not next to 11/2026, "
                        "named above the table: write the date with its year."]


def test_a_weekly_sum_without_a_label_is_skipped_and_the_total_row_too(tmp_path):
    rows = [["Osobní číslo", "Datum", "Hodiny"], ["E001", "2.11.2026", 8], ["E001", "3.11.2026", "7,5"],
            [None, None, "15,5"], [], ["E001", "9.11.2026", 8], ["E001", "10.11.2026", 8], [None, None, 16],
            ["Celkem", None, "31,5"]]
    assert _run(tmp_path, rows) == ("done", [], ("2026-11-02/2026-11-10", Decimal("31.5")))


def test_a_row_of_hours_without_a_date_that_is_no_sum_is_refused(tmp_path):
    rows = [["Osobní číslo", "Datum", "Hodiny"], ["E001", "2.11.2026", 8], ["E001", "3.11.2026", 8],
            [None, None, 6], ["E001", "4.11.2026", 8]]
    status, messages, _ = _run(tmp_path, rows, "Docházka", "en")
    assert status == "refused"
    assert messages == ["dochazka.xlsx:Docházka!C4: This row has hours (6) but no date and no employee, and they "
                        "are not the sum of the rows above it since the last total (16): write its date if it is a "
                        "day's work, or a word such as Total in it if it is a total."]


def test_absence_words_count_no_hours_and_are_named(tmp_path):
    rows = [["Empleado", "Fecha", "Entrada", "Salida", "Descanso"], ["E001", "2/11/2026", time(8), time(16, 30), 30],
            ["E001", "3/11/2026", "vacaciones", None, None], ["E001", "4/11/2026", "Baja", "baja", None],
            ["E001", "5/11/2026", time(8), time(16, 30), "30 min"]]
    status, messages, slip = _run(tmp_path, rows, "Registro", "en", "es_ES")
    assert (status, slip) == ("done", ("2026-11-02/2026-11-05", Decimal(16)))
    assert messages == [
        "dochazka.xlsx:Registro: Absences with no hours worked (rows 3: 'vacaciones'): pay for leave, sickness or "
        "a holiday off is not worked out from the timesheet.",
        "dochazka.xlsx:Registro: Absences with no hours worked (rows 4: 'Baja'): pay for leave, sickness or "
        "a holiday off is not worked out from the timesheet."]


# Found next: a shift in one cell (`Horario: 22:00-06:00`) made no sheet look like a timesheet; `8am`
# and `4:30pm` were 'not a time'; `Den | Datum` (the weekday beside the date) read the weekday
# column as the dates ("'Po' is not a date"); a sheet of one person labelled `Jméno: Jana
# Nováková` was refused as 'Employee Nováková is not in the books'.


def test_a_shift_written_in_one_cell_is_its_two_punches(tmp_path):
    rows = [["Empleado", "Fecha", "Horario"], ["E001", "2/11/2026", "22:00-06:30"], ["E001", "3/11/2026", "8 - 16"],
            ["E001", "4/11/2026", "9:00 – 17:30"]]
    assert _run(tmp_path, rows, "Turnos", "es", "es_ES")[2] == ("2026-11-02/2026-11-04", Decimal("23.5"))


def test_hours_of_the_clock_with_am_and_pm(tmp_path):
    rows = [["Timesheet – November 2026"], ["Employee", "Date", "Time In", "Time Out", "Lunch"],
            ["E001", "Mon 11/2", "8am", "4:30pm", "30 min"], ["E001", "Tue 11/3", "8:00 AM", "4:30 p.m.", "30"]]
    assert _run(tmp_path, rows, "Hours", "en", "en_US") == ("done", [], ("2026-11-02/2026-11-03", Decimal(16)))


def test_a_weekday_column_beside_the_date_column_is_not_taken_for_the_dates(tmp_path):
    rows = [["Osobní číslo", "Den", "Datum", "Hodiny"], ["E001", "Po", "2.11.2026", 8], ["E001", "Út", "3.11.2026", 8]]
    assert _run(tmp_path, rows)[2] == ("2026-11-02/2026-11-03", Decimal(16))


def test_a_sheet_of_one_person_named_by_their_name_is_theirs(tmp_path):
    rows = [["Jméno:", "Nováková Jana"], ["Datum", "Příchod", "Odchod", "Přestávka", "Hodiny"],
            ["2.11.2026", "7:00", "15:30", "30 min", 8], ["3.11.2026", "7:00", "15:30", "30 min", 8], [None] * 4 + [16]]
    status, messages, slip = _run(tmp_path, rows, "List1", "en")
    assert (status, messages, slip) == ("done", [], ("2026-11-02/2026-11-03", Decimal(16)))


# Found third: one sheet with a table per person one under another (`Employee: E002` and the header
# again) was refused at the copied header ('Date' is not a date), and its rows were read as the first
# person's (an overlap with that person's shift was the only thing that stopped paying them); `Week
# ending 11/08/2026` in an en_US workspace named August, so `11/2` was refused; `7.45` in a Czech
# workspace was paid as 7.45 hours, though a Czech clerk writes 7 h 45 min so; a week's sum under a
# week with a day of leave was refused as no sum.


def test_tables_of_several_people_one_under_another_are_each_persons(tmp_path):
    staff_e002 = ["E002", "Piotr Nowak", "piotr@example.test", "pl", "hourly", 40, "PLN", "PL", "Europe/Warsaw",
                  "PL61109010140000071219812874"]
    rows = [["Employee: E001"], ["Date", "In", "Out", "Break"], ["02/11/2026", "8:00", "16:30", 30],
            ["03/11/2026", "8:00", "16:30", 30], [], ["Employee: E002"], ["Date", "In", "Out", "Break"],
            ["04/11/2026", "9:00", "13:00", None]]
    folder = _workspace(tmp_path, "en", "en_GB")
    write_workbook(folder / "inbox" / "books" / "more.xlsx", {"Employees": [STAFF[0], staff_e002]})
    assert _process(folder)[0] == 0
    write_workbook(folder / "inbox" / "timesheets" / "team.xlsx", {"Team": rows})
    code, (result,) = _process(folder)
    assert (code, result["status"]) == (0, "done"), result["messages"]
    store = Store(folder / ".backoffice" / "state.db")
    try:
        slips = {s["employee_id"]: (s["period"], Decimal(s["hours"]["regular"])) for s in store.read().rows("payslips")}
    finally:
        store.close()
    assert slips == {"E001": ("2026-11-02/2026-11-04", Decimal(16)), "E002": ("2026-11-02/2026-11-04", Decimal(4))}


def test_a_copied_header_with_nobody_named_above_it_is_not_the_first_persons(tmp_path):
    rows = [["Employee: E001"], ["Date", "Hours"], ["02/11/2026", 8], [], ["Piotr"], ["Date", "Hours"],
            ["04/11/2026", 4]]
    status, messages, _ = _run(tmp_path, rows, "Team", "en", "en_GB")
    assert status == "refused"
    assert "dochazka.xlsx:Team!7: The employee is missing." in messages


def test_a_week_ending_date_in_the_title_is_read_as_the_workspace_writes_dates(tmp_path):
    rows = [["Week ending 11/08/2026"], ["Employee", "Day", "Date", "Hours"], ["E001", "Monday", "11/2", "8"],
            ["E001", "Tuesday", "11/3", "8 1/2"]]
    assert _run(tmp_path, rows, "Week", "en", "en_US") == ("done", [], ("2026-11-02/2026-11-03", Decimal("16.5")))


def test_hours_with_a_dot_where_the_decimal_mark_is_a_comma_are_refused_as_two_readings(tmp_path):
    rows = [["Osobní číslo", "Datum", "Hodiny"], ["E001", "2.11.2026", "7.45"], ["E001", "3.11.2026", "8.00"]]
    status, messages, _ = _run(tmp_path, rows, "Docházka", "en")
    assert status == "refused"
    assert messages == ["dochazka.xlsx:Docházka!C2: '7.45' can be read two ways here: write 7:45 for hours and "
                        "minutes, or 7,45 for hours with a decimal part."]


def test_a_weekly_sum_over_a_day_of_leave_is_still_a_sum(tmp_path):
    rows = [["Pracownik", "Data", "Godziny"], ["E001", "2.11.2026", 8], ["E001", "3.11.2026", "urlop"],
            ["E001", "4.11.2026", 8], [None, None, 16], ["E001", "9.11.2026", 8]]
    status, messages, slip = _run(tmp_path, rows, "Listopad", "pl", "pl_PL")
    assert (status, slip) == ("done", ("2026-11-02/2026-11-09", Decimal(24)))
    assert len(messages) == 1 and "'urlop'" in messages[0]
