"""Demo timesheet: two weeks of punches for the demo employees (E001..E030).

Deterministic for a seed and a date. Two shapes in one workbook, as real offices mix
them: a punch sheet (`employee_id, date, in, out, break_minutes`, a morning and an
afternoon punch pair on some days) for E001..E020, and a clock-export sheet
(`Employee, Date, IN 1, OUT 1, IN 2, OUT 2`) for E021..E030. Production staff work some
night shifts across midnight and a Sunday, so the premiums show on the payslips.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from pathlib import Path

from openpyxl import Workbook

from backoffice_auto.demobooks import demo_master_data


def demo_period(today: date | None = None) -> tuple[date, date]:
    """The two full weeks (Monday to Sunday) before the week of `today`."""
    today = today or date.today()
    this_monday = today - timedelta(days=today.weekday())
    start = this_monday - timedelta(days=14)
    return start, start + timedelta(days=13)


def _minute(rng: random.Random, hour: int, spread: int = 7) -> time:
    total = hour * 60 + rng.randint(-spread, spread)
    return time(total // 60 % 24, total % 60)


def demo_timesheet_rows(seed: int = 0, today: date | None = None) -> tuple[list[list], list[list]]:
    """(punch sheet rows, clock sheet rows), headers first."""
    rng = random.Random(seed * 7919 + 6)
    employees = demo_master_data(seed)["employees"]
    start, _ = demo_period(today)
    punches = [["employee_id", "date", "in", "out", "break_minutes"]]
    clock = [["Employee", "Date", "IN 1", "OUT 1", "IN 2", "OUT 2"]]
    for index, employee in enumerate(employees):
        eid = employee["employee_id"]
        nights = employee["department"] == "Production"
        for offset in range(14):
            day = start + timedelta(days=offset)
            weekday = day.weekday()
            if nights and offset in (4, 5, 11):  # Friday and Saturday night, and the second Friday night
                shift = (day, _minute(rng, 22, 3), _minute(rng, 6, 3), None, None, 30)
            elif nights and offset == 13:  # a Sunday day shift
                shift = (day, _minute(rng, 8), _minute(rng, 14), None, None, 0)
            elif weekday >= 5 or (weekday == 2 and index % 7 == 3 and offset < 7):
                continue  # weekend off; some take a Wednesday off in the first week
            elif rng.random() < 0.5:
                shift = (day, _minute(rng, 8), _minute(rng, 12), _minute(rng, 13), _minute(rng, 17), None)
            else:
                shift = (day, _minute(rng, 7), _minute(rng, 16 if rng.random() < 0.8 else 18), None, None, 30)
            d, in1, out1, in2, out2, brk = shift
            if index < 20:
                punches.append([eid, d, in1, out1, brk])
                if in2 is not None:
                    punches.append([eid, d, in2, out2, None])
            else:
                clock.append([eid, d, in1, out1, in2, out2])
    return punches, clock


def write_demo_timesheet(path: Path, seed: int = 0, today: date | None = None) -> Path:
    punches, clock = demo_timesheet_rows(seed, today)
    book = Workbook()
    book.remove(book.active)
    for title, rows in (("Punches", punches), ("Clock export", clock)):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for column, width in zip("ABCDEF", (12, 12, 9, 9, 9, 9)):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
            row[0].number_format = "yyyy-mm-dd"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def drop_demo_files(workspace, seed: int = 0, today: date | None = None) -> list[Path]:
    """Write the demo timesheet into `inbox/timesheets/`; returns the files written."""
    start, end = demo_period(today)
    name = f"timesheet-{start:%Y-%m-%d}-{end:%Y-%m-%d}.xlsx"
    return [write_demo_timesheet(workspace.inbox / "timesheets" / name, seed, today)]
