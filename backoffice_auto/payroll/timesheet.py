"""Timesheet workbooks to typed rows with cell sources (no rules, no books).

Three shapes are recognised from the header row, on each sheet separately:

* punches: `employee_id, date, in, out[, break_minutes]`, one row per punch pair, as
  many rows a day as there were pairs;
* daily hours: `employee_id, date, hours`;
* the clock export: `Employee, Date, IN 1, OUT 1, IN 2, OUT 2, ...`, several pairs a row.

A sheet without an employee column belongs to one employee: the id is read from a
label cell above the header (`Employee: E001`) or else the sheet's name. Optional
columns `rate` (an hourly rate for that row) and `bonus` (a non-discretionary bonus
earned in that week) are read when present. Problems are collected, never raised, so a
clerk sees every bad cell of a file at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from backoffice_auto.documents.values import parse_date, parse_decimal, parse_time
from backoffice_auto.documents.workbook import Sheet, Workbook
from backoffice_auto.errors import Problem, Source, column_letter
from backoffice_auto.i18n import N_

# Header aliases (folded: lower case, no accents, single spaces) in en, cs, pl, es, fr.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "employee id", "employee", "emp id", "employee no", "employee number",
                    "id", "personal number", "zamestnanec", "osobni cislo", "cislo zamestnance",
                    "pracownik", "id pracownika", "numer pracownika", "empleado", "id empleado",
                    "numero de empleado", "salarie", "employe", "matricule", "id salarie"),
    "date": ("date", "day", "work date", "datum", "den", "data", "dzien", "fecha", "dia", "jour"),
    "in": ("in", "time in", "clock in", "punch in", "start", "from", "prichod", "zacatek", "od",
           "wejscie", "przyjscie", "poczatek", "entrada", "inicio", "desde", "arrivee", "debut", "entree"),
    "out": ("out", "time out", "clock out", "punch out", "end", "to", "odchod", "konec", "do",
            "wyjscie", "koniec", "salida", "fin", "hasta", "depart", "sortie"),
    "break_minutes": ("break_minutes", "break minutes", "break", "break (min)", "unpaid break", "pauza",
                      "prestavka", "przerwa", "przerwa (min)", "descanso", "pausa", "pause"),
    "hours": ("hours", "hours worked", "worked hours", "hodiny", "odpracovano", "odpracovane hodiny",
              "godziny", "przepracowane godziny", "horas", "horas trabajadas", "heures",
              "heures travaillees"),
    "rate": ("rate", "hourly rate", "pay rate", "sazba", "hodinova sazba", "stawka", "stawka godzinowa",
             "tarifa", "tarifa por hora", "taux", "taux horaire"),
    "bonus": ("bonus", "production bonus", "premie", "premia", "prima", "bono", "prime"),
}
_PAIR = re.compile(r"^(in|out|prichod|odchod|wejscie|wyjscie|entrada|salida|entree|sortie)\s*#?\s*(\d{1,2})$")
_PAIR_KIND = {"in": "in", "prichod": "in", "wejscie": "in", "entrada": "in", "entree": "in",
              "out": "out", "odchod": "out", "wyjscie": "out", "salida": "out", "sortie": "out"}
_LABEL = re.compile(r"^(employee|employee id|zamestnanec|pracownik|empleado|salarie|employe)\s*[:#]?\s*(.*)$")


def fold(text: Any) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.replace("_", " ").replace(".", " ").strip().lower().split())


def _lookup() -> dict[str, str]:
    """Our aliases plus the project's shared ones for the same fields (theirs never override ours)."""
    table = {fold(alias): name for name, aliases in ALIASES.items() for alias in aliases}
    try:
        from backoffice_auto.documents.aliases import ALIASES as SHARED
    except ImportError:  # pragma: no cover - the shared table is optional here
        return table
    for name in ALIASES:
        for alias in SHARED.get(name, ()):
            table.setdefault(fold(alias), name)
    return table


_LOOKUP = _lookup()


@dataclass(frozen=True)
class TimeRow:
    """One punch pair or one day's hours, as written, with where each value came from."""

    employee_id: str | None
    day: date | None
    start: time | datetime | None = None  # a datetime when the cell carried the date too
    end: time | datetime | None = None
    hours: Decimal | None = None
    break_minutes: int = 0
    rate: Decimal | None = None
    bonus: Decimal = Decimal(0)
    source: Source | None = None  # the row
    cells: dict[str, Source] = field(default_factory=dict, compare=False)


@dataclass
class Timesheet:
    rows: list[TimeRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shapes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Layout:
    header_row: int  # 1-based
    columns: dict[str, int]  # field -> 0-based column
    pairs: list[tuple[int, int | None, int | None]]  # (pair number, in column, out column)
    shape: str  # punches | hours | clock


def find_layout(sheet: Sheet, scan: int = 15) -> Layout | None:
    """The header row and the columns of a timesheet shape, or None when the sheet is not one."""
    for index, row in enumerate(sheet.rows[:scan]):
        columns: dict[str, int] = {}
        pairs: dict[int, list[int | None]] = {}
        for col, value in enumerate(row):
            if value is None or not isinstance(value, str):
                continue
            key = fold(value)
            match = _PAIR.match(key)
            if match:
                slot = pairs.setdefault(int(match[2]), [None, None])
                slot[0 if _PAIR_KIND[match[1]] == "in" else 1] = col
                continue
            name = _LOOKUP.get(key)
            if name and name not in columns:
                columns[name] = col
        if "date" not in columns:
            continue
        if pairs:
            numbered = [(n, c[0], c[1]) for n, c in sorted(pairs.items())]
            return Layout(index + 1, columns, numbered, "clock")
        if "in" in columns or "out" in columns:
            return Layout(index + 1, columns, [(1, columns.get("in"), columns.get("out"))], "punches")
        if "hours" in columns:
            return Layout(index + 1, columns, [], "hours")
    return None


def sheet_employee(sheet: Sheet, layout: Layout) -> str | None:
    """For a sheet of one employee: a label cell above the header, else the sheet name."""
    for row in sheet.rows[:layout.header_row - 1]:
        cells = [v for v in row if v not in (None, "")]
        for i, value in enumerate(cells):
            if not isinstance(value, str):
                continue
            match = _LABEL.match(fold(value))
            if match:
                rest = value.split(":", 1)[1].strip() if ":" in value else ""
                if rest:
                    return rest
                if i + 1 < len(cells):
                    return _text(cells[i + 1])
    return sheet.name.strip() or None


def _text(value: Any) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value).strip()


def _minutes(value: Any, locale: str) -> int:
    if isinstance(value, time):  # a break written as a duration 0:30
        return value.hour * 60 + value.minute
    if isinstance(value, str) and ":" in value:
        t = parse_time(value, locale)
        return t.hour * 60 + t.minute
    number = parse_decimal(value, locale)
    if number != number.to_integral_value():
        raise ValueError("not whole minutes")
    return int(number)


def _moment(value: Any, locale: str) -> time | datetime:
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    return parse_time(value, locale)


def read_timesheet(book: Workbook, locale: str = "en_GB") -> Timesheet:
    """Every timesheet sheet of a workbook to `TimeRow`s; sheets of no known shape are skipped."""
    out = Timesheet()
    for sheet in book.sheets:
        if sheet.is_empty():
            continue
        layout = find_layout(sheet)
        if layout is None:
            continue
        out.shapes.add(layout.shape)
        fixed_employee = None if "employee_id" in layout.columns else sheet_employee(sheet, layout)
        _read_rows(sheet, layout, fixed_employee, locale, out)
    return out


_PROBLEM_BAD = {
    "date": N_("'{value}' is not a date."),
    "in": N_("'{value}' is not a time."),
    "out": N_("'{value}' is not a time."),
    "hours": N_("'{value}' is not a number of hours."),
    "break_minutes": N_("'{value}' is not a number of minutes."),
    "rate": N_("'{value}' is not an amount."),
    "bonus": N_("'{value}' is not an amount."),
}


def _read_rows(sheet: Sheet, layout: Layout, fixed_employee: str | None, locale: str, out: Timesheet) -> None:
    cols = layout.columns
    for index in range(layout.header_row, len(sheet.rows)):
        row = sheet.rows[index]
        number = index + 1

        def cell(name: str, col: int | None = None) -> Any:
            col = cols.get(name) if col is None else col
            if col is None or col >= len(row):
                return None
            value = row[col]
            return None if isinstance(value, str) and not value.strip() else value

        def where(col: int | None) -> Source:
            return sheet.source(number, column_letter(col + 1) if col is not None else None)

        if not any(v not in (None, "") for v in row):
            continue
        problems: list[Problem] = []
        cells: dict[str, Source] = {}

        def parsed(name: str, parser, col: int | None = None):
            col = cols.get(name) if col is None else col
            value = cell(name, col)
            if value is None:
                return None
            cells.setdefault(name, where(col))
            try:
                return parser(value)
            except (ValueError, ArithmeticError):
                problems.append(Problem(_PROBLEM_BAD[name], where(col), {"value": _text(value)}))
                return None

        employee = fixed_employee
        if "employee_id" in cols:
            raw = cell("employee_id")
            employee = _text(raw) if raw is not None else None
            cells["employee_id"] = where(cols["employee_id"])
        day = parsed("date", lambda v: parse_date(v, locale))
        brk = parsed("break_minutes", lambda v: _minutes(v, locale)) or 0
        rate = parsed("rate", lambda v: parse_decimal(v, locale))
        bonus = parsed("bonus", lambda v: parse_decimal(v, locale)) or Decimal(0)
        row_source = sheet.source(number)
        if day is None and not problems:
            if all(cell("x", c) is None for _, a, b in layout.pairs for c in (a, b)) and cell("hours") is None:
                continue  # a totals or notes line without a date and without times
            problems.append(Problem(N_("The date is missing."), where(cols["date"])))
        if employee is None and not problems:
            problems.append(Problem(N_("The employee is missing."), where(cols.get("employee_id"))))
        rows: list[TimeRow] = []
        if layout.shape == "hours":
            hours = parsed("hours", lambda v: parse_decimal(v, locale))
            if hours is not None:
                rows.append(TimeRow(employee, day, hours=hours, break_minutes=brk, rate=rate, bonus=bonus,
                                    source=row_source, cells=dict(cells)))
        else:
            for pair, col_in, col_out in layout.pairs:
                start = parsed("in", lambda v: _moment(v, locale), col_in) if col_in is not None else None
                end = parsed("out", lambda v: _moment(v, locale), col_out) if col_out is not None else None
                in_cell = where(col_in) if col_in is not None else row_source
                out_cell = where(col_out) if col_out is not None else row_source
                present_in = col_in is not None and cell("in", col_in) is not None
                present_out = col_out is not None and cell("out", col_out) is not None
                if not present_in and not present_out:
                    continue
                if present_in and not present_out:
                    problems.append(Problem(N_("Punch in at {time} has no punch out."), out_cell,
                                            {"time": _text(cell("in", col_in))}))
                    continue
                if present_out and not present_in:
                    problems.append(Problem(N_("Punch out at {time} has no punch in."), in_cell,
                                            {"time": _text(cell("out", col_out))}))
                    continue
                if start is None or end is None:
                    continue
                rows.append(TimeRow(employee, day, start=start, end=end,
                                    break_minutes=brk if pair == layout.pairs[0][0] else 0,
                                    rate=rate, bonus=bonus if pair == layout.pairs[0][0] else Decimal(0),
                                    source=row_source,
                                    cells={**cells, "in": in_cell, "out": out_cell}))
        if not rows and not problems and layout.shape != "hours":
            continue
        out.problems.extend(problems)
        if not problems:
            out.rows.extend(rows)
