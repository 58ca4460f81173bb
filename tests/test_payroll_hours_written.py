"""Hours and breaks written as hours and minutes, as clerks in the five countries write them.

Found: a daily-hours timesheet with `7h30` (French), `7 h 30`, `7h30min`, `8 h 30 min`,
`7 hod. 30 min.` (Czech), `7 godz. 30 min` (Polish) or `7:30 h` was refused cell by cell as
"'7h30' is not a number of hours"; a break of `0h30` likewise. Each is hours and minutes,
paid to the second; a figure that is no duration (`7h75`, `7 days 30`) is still refused.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.payroll.timesheet import read_timesheet
from conftest import xlsx_bytes

WRITTEN = [("7h30", "7.5"), ("7 h 30", "7.5"), ("7h30min", "7.5"), ("8 h 30 min", "8.5"), ("7 hod. 30 min.", "7.5"),
           ("7 godz. 30 min", "7.5"), ("7:30 h", "7.5"), ("6h05", "6.083333333334"), ("8h", "8"), ("7,5 h", "7.5")]


def _read(column: str, values: list, locale: str = "fr_FR"):
    headers = ["Matricule", "Date", column] if column != "Pause" else ["Matricule", "Date", "Entrée", "Sortie", "Pause"]
    rows = [headers]
    for i, value in enumerate(values):
        day = date(2026, 3, 2) + timedelta(days=i)
        rows.append(["E001", day, value] if column != "Pause" else ["E001", day, "8:00", "16:30", value])
    return read_timesheet(read_workbook(xlsx_bytes({"Heures": rows}), "heures.xlsx"), locale)


@pytest.mark.parametrize("locale", ["fr_FR", "cs_CZ", "en_GB"])
def test_hours_written_as_hours_and_minutes_are_read(locale):
    sheet = _read("Heures", [w for w, _ in WRITTEN], locale)
    assert [p.render() for p in sheet.problems] == []
    assert [r.hours for r in sheet.rows] == [Decimal(h) for _, h in WRITTEN]


def test_breaks_written_as_hours_and_minutes_are_read():
    sheet = _read("Pause", ["0h30", "1 h 15 min", "0:45", "30"])
    assert [p.render() for p in sheet.problems] == []
    assert [r.break_minutes for r in sheet.rows] == [30, 75, 45, 30]


def test_figures_that_are_no_duration_are_still_named_by_cell():
    sheet = _read("Heures", ["7h75", "7 days 30", "8 kg"])
    assert [p.render() for p in sheet.problems] == [
        "heures.xlsx:Heures!C2: '7h75' is not a number of hours.",
        "heures.xlsx:Heures!C3: '7 days 30' is not a number of hours.",
        "heures.xlsx:Heures!C4: '8 kg' is not a number of hours."]


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["{h}h{m:02d}", "{h} h {m} min", "{h}:{m:02d} h"]))
def test_any_hours_and_minutes_are_exactly_that_many_seconds(hours, minutes, form):
    [row] = _read("Heures", [form.format(h=hours, m=minutes)]).rows
    assert int(row.hours * 3600) == hours * 3600 + minutes * 60  # seconds truncated are the seconds written


HEADERS = [  # found: each of these sheets was passed over as 'No sheet looks like a timesheet'
    ["Nr pracownika", "Data", "Godzina rozpoczęcia", "Godzina zakończenia", "Przerwa (min)"],
    ["Osobní číslo", "Datum", "Čas příchodu", "Čas odchodu", "Přestávka (min)"],
    ["Empleado", "Fecha", "Hora de inicio", "Hora de fin", "Descanso (min)"],
    ["Matricule", "Date", "Heure de début", "Heure de fin", "Pause (min)"],
    ["Salarié", "Date", "Nombre d'heures"],
    ["Zaměstnanec", "Datum", "Počet hodin"],
    ["Employee", "Date", "Total hours"],
]


@pytest.mark.parametrize("headers", HEADERS, ids=lambda h: h[2])
def test_timesheet_headers_of_the_five_languages(headers):
    row = ["E001", date(2026, 3, 2)] + (["8:00", "16:30", 30] if len(headers) == 5 else ["8,5"])
    sheet = read_timesheet(read_workbook(xlsx_bytes({"List1": [headers, row]}), "t.xlsx"), "cs_CZ")
    assert [p.render() for p in sheet.problems] == []
    [read] = sheet.rows
    assert (read.start, read.end, read.hours) == ((time(8), time(16, 30), None) if len(headers) == 5
                                                  else (None, None, Decimal("8.5")))
