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
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Mapping

from backoffice_auto.documents.aliases import alias_index
from backoffice_auto.documents.datewords import from_1904
from backoffice_auto.documents.headerrows import DEEP_HEADER_ROWS, HEADER_SEARCH_ROWS, header_view
from backoffice_auto.documents.mergedcells import fill_merged_down
from backoffice_auto.documents.rowkinds import TOTAL, ignored_column, skipped_notes, skipped_rows
from backoffice_auto.documents.sameabove import MSG_BLANK_IN_BLOCK, fill_same_above
from backoffice_auto.documents.values import (OutOfBounds, check_date, check_number, is_day_number,
                                               parse_date, parse_decimal, parse_time)
from backoffice_auto.documents.visibility import hidden_sheet_note, shown_sheet, uncomputed_problem, uncomputed_rows
from backoffice_auto.documents.workbook import Sheet, Workbook
from backoffice_auto.errors import Problem, Source, column_letter
from backoffice_auto.i18n import N_
from backoffice_auto.payroll.absences import absence_notes, absence_word
from backoffice_auto.payroll.durations import break_minutes, hours_worked, in_hours, time_range
from backoffice_auto.payroll.sheetblocks import sheet_blocks
from backoffice_auto.payroll.subtotals import subtotal_rows
from backoffice_auto.payroll.sheetmonth import day_reader, read_as_day_number, sheet_months
from backoffice_auto.rules.settings_model import Limits

# Header aliases (folded: lower case, no accents, single spaces) in en, cs, pl, es, fr.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "employee id", "employee", "emp id", "employee no", "employee number",
                    "id", "personal number", "zamestnanec", "osobni cislo", "cislo zamestnance",
                    "pracownik", "id pracownika", "numer pracownika", "empleado", "id empleado",
                    "numero de empleado", "salarie", "employe", "matricule", "id salarie"),
    "date": ("date", "day", "work date", "datum", "den", "data", "dzien", "fecha", "dia", "jour"),
    "in": ("in", "time in", "clock in", "punch in", "start", "from", "prichod", "zacatek", "od",
           "wejscie", "przyjscie", "poczatek", "entrada", "inicio", "desde", "arrivee", "debut", "entree",
           "cas prichodu", "prichod do prace", "zacatek smeny", "godzina rozpoczecia", "godzina przyjscia",
           "godzina wejscia", "rozpoczecie", "hora de inicio", "heure de debut", "heure d'entree"),
    "out": ("out", "time out", "clock out", "punch out", "end", "to", "odchod", "konec", "do",
            "wyjscie", "koniec", "salida", "fin", "hasta", "depart", "sortie",
            "cas odchodu", "odchod z prace", "konec smeny", "godzina zakonczenia", "godzina wyjscia",
            "zakonczenie", "hora de fin", "hora de finalizacion", "heure de fin", "heure de sortie"),
    "break_minutes": ("break_minutes", "break minutes", "break", "break (min)", "unpaid break", "pauza",
                      "prestavka", "przerwa", "przerwa (min)", "descanso", "pausa", "pause"),
    "hours": ("hours", "hours worked", "worked hours", "hodiny", "odpracovano", "odpracovane hodiny",
              "godziny", "przepracowane godziny", "horas", "horas trabajadas", "heures",
              "heures travaillees", "total hours", "pocet hodin", "hodin celkem", "liczba godzin",
              "ilosc godzin", "horas totales", "total horas", "nombre d'heures", "nombre heures",
              "heures effectuees", "total heures"),
    "rate": ("rate", "hourly rate", "pay rate", "sazba", "hodinova sazba", "stawka", "stawka godzinowa",
             "tarifa", "tarifa por hora", "taux", "taux horaire"),
    "bonus": ("bonus", "production bonus", "premie", "premia", "prima", "bono", "prime"),
    # one cell for both punches, `22:00-06:00`: read only on a sheet without in, out and hours columns
    "shift": ("shift", "shift time", "working time", "smena", "pracovni doba", "cas smeny", "zmiana",
              "godziny zmiany", "turno", "horario", "horario de trabajo", "horaire", "horaires", "plage horaire"),
}
_DAY_WORDS = frozenset({"day", "den", "dzien", "dia", "jour"})  # `Den | Datum`: the weekday beside the date
_PAIR = re.compile(r"^(in|out|prichod|odchod|wejscie|wyjscie|entrada|salida|entree|sortie)\s*#?\s*(\d{1,2})$")
_PAIR_KIND = {"in": "in", "prichod": "in", "wejscie": "in", "entrada": "in", "entree": "in",
              "out": "out", "odchod": "out", "wyjscie": "out", "salida": "out", "sortie": "out"}
_LABEL = re.compile(r"^(employee|employee id|zamestnanec|pracownik|empleado|salarie|employe)\s*[:#]?\s*(.*)$"
                    r"|^(name|employee name|jmeno|jmeno a prijmeni|prijmeni a jmeno|imie i nazwisko|nazwisko i imie|"
                    r"imie|nombre|nombre y apellidos|nom|nom et prenom|nom prenom)\s*(?::\s*.*)?$")


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
# The shared matching for headers our own table does not know (`Datum práce`, `N° salarié`).
_SHARED = alias_index(tuple(ALIASES))


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
    columns: Mapping[str, str] = field(default_factory=dict, compare=False)  # field -> column letters
    day_number: bool = field(default=False, compare=False)  # the date cell held a plain number (a day number)

    def where(self, name: str) -> Source | None:
        """The cell a field was read from (made on demand: most rows never need one)."""
        letters = self.columns.get(name)
        if letters is None or self.source is None:
            return self.source
        return self.source.with_cell(column=letters)


@dataclass
class Timesheet:
    rows: list[TimeRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shapes: set[str] = field(default_factory=set)
    notes: list[Problem] = field(default_factory=list)  # info: title, totals, notes and blank rows skipped


@dataclass(frozen=True)
class Layout:
    header_row: int  # 1-based
    columns: dict[str, int]  # field -> 0-based column
    pairs: list[tuple[int, int | None, int | None]]  # (pair number, in column, out column)
    shape: str  # punches | hours | clock


def find_layout(sheet: Sheet, scan: int = DEEP_HEADER_ROWS) -> Layout | None:
    """The header row and the columns of a timesheet shape, or None when the sheet is not one.

    Header cells merged over two rows count in both (`Datum` beside `Příchod | Odchod` under
    a merged `Dopoledne`), and `In | Out | In | Out` without numbers is the clock shape, its
    pairs taken in order: a second pair of the day is never dropped. Below the first
    `HEADER_SEARCH_ROWS` rows (a long preamble), a header must name three columns or more."""
    view = header_view(sheet.rows, sheet.marks.merged, scan) if sheet.marks.merged else sheet.rows
    for index, row in enumerate(view[:scan]):
        columns: dict[str, int] = {}
        pairs: dict[int, list[int | None]] = {}
        punches: dict[str, list[int]] = {"in": [], "out": []}
        for col, value in enumerate(row):
            if value is None or not isinstance(value, str):
                continue
            key = fold(value)
            match = _PAIR.match(key)
            if match:
                slot = pairs.setdefault(int(match[2]), [None, None])
                slot[0 if _PAIR_KIND[match[1]] == "in" else 1] = col
                continue
            name = _LOOKUP.get(key) or _SHARED.field(value)
            if name in punches:
                punches[name].append(col)
            if name and (name not in columns or (name == "date" and key not in _DAY_WORDS
                                                 and fold(row[columns["date"]]) in _DAY_WORDS)):
                columns[name] = col
        shift = columns.pop("shift", None)
        if "date" not in columns or (index >= HEADER_SEARCH_ROWS and len(columns) + len(pairs) < 3):
            continue
        if pairs:
            numbered = [(n, c[0], c[1]) for n, c in sorted(pairs.items())]
            return Layout(index + 1, columns, numbered, "clock")
        ins, outs = punches["in"], punches["out"]
        if len(ins) > 1 or len(outs) > 1:
            numbered = [(n + 1, ins[n] if n < len(ins) else None, outs[n] if n < len(outs) else None)
                        for n in range(max(len(ins), len(outs)))]
            return Layout(index + 1, columns, numbered, "clock")
        if "in" in columns or "out" in columns:
            return Layout(index + 1, columns, [(1, columns.get("in"), columns.get("out"))], "punches")
        if "hours" in columns:
            return Layout(index + 1, columns, [], "hours")
        if shift is not None:  # both punches in one cell: its column is the pair's in and out
            return Layout(index + 1, {**columns, "in": shift}, [(1, shift, shift)], "punches")
    return None


def sheet_employee(sheet: Sheet, layout: Layout) -> str | None:
    """For a sheet of one employee: a label cell above the header, else the sheet name."""
    return label_employee(sheet.rows[:layout.header_row - 1]) or sheet.name.strip() or None


def label_employee(rows) -> str | None:
    """The employee a label cell names in `rows` (`Employee: E001`, `Jméno | Jana Nováková`), else None."""
    for row in rows:
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
    return None


def _text(value: Any) -> str:
    """A cell value as a clerk would write it back (whole numbers, times as 08:00, ISO dates)."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, time):
        return value.strftime("%H:%M" if not value.second else "%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _moment(value: Any, locale: str) -> time | datetime:
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    return parse_time(value, locale)


_MIDNIGHT_END = re.compile(r"\s*24\s*[:.hH]\s*00(?:\s*:\s*00)?\s*")


def _end(value: Any, locale: str) -> time | datetime:
    """A punch out: `24:00` is the midnight that ends the day (a shift out before its in ends the next day)."""
    if isinstance(value, str) and _MIDNIGHT_END.fullmatch(value):
        return time(0)
    return _moment(value, locale)


def read_timesheet(book: Workbook, locale: str = "en_GB", limits: Limits | None = None) -> Timesheet:
    """Every timesheet sheet of a workbook to `TimeRow`s; sheets of no known shape are skipped.

    Dates outside `limits.earliest_date`..`latest_date` and numbers beyond
    `limits.max_amount_digits` are bad cells (the settings' defaults when `limits` is None).
    """
    limits = limits or Limits()
    out = Timesheet()
    for sheet in book.sheets:
        if sheet.is_empty():
            continue
        hidden = hidden_sheet_note(sheet, book.name)
        if hidden is not None:  # hours nobody sees on screen are not paid unseen
            out.notes.append(hidden)
            continue
        sheet, shown_notes = shown_sheet(sheet, book.name)
        out.notes.extend(shown_notes)
        layout = find_layout(sheet)
        if layout is None:
            continue
        sheet = fill_merged_down(sheet, layout.header_row - 1)  # an employee's cell merged over the days
        out.shapes.add(layout.shape)
        fixed_employee = None if "employee_id" in layout.columns else sheet_employee(sheet, layout)
        _read_rows(sheet, layout, fixed_employee, locale, out, limits)
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


MSG_FIGURES_IGNORED = N_("Column {column} ('{header}') holds figures but is not a column of a timesheet: "
                         "nothing in it was read or paid. Name it as a known column (hours, in, out, break, "
                         "rate, bonus) if it should be.")
_FIGURE = re.compile(r"\s*[-+]?\d+(?:[.,:]\d+)*\s*[a-zA-Z]{0,3}\.?\s*")


def _holds_figures(rows: list[tuple], header_row: int, column: int, skipped: dict[int, str]) -> bool:
    """Do the data rows under the header (the first 500) hold numbers or times in `column`?"""
    for index in range(header_row, min(len(rows), header_row + 500)):
        if index in skipped or column >= len(rows[index]):
            continue
        value = rows[index][column]
        if isinstance(value, (int, Decimal, time, timedelta)) and not isinstance(value, bool):
            return True
        if isinstance(value, str) and _FIGURE.fullmatch(value):
            return True
    return False


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_rows(sheet: Sheet, layout: Layout, fixed_employee: str | None, locale: str, out: Timesheet,
               limits: Limits) -> None:
    """The rows under the header. Written for speed (a 10,000-employee sheet has ~200,000
    rows): column positions and letters are worked out once, typed cells skip the text
    parsers, and a cell's `Source` is only made when a problem names it."""
    cols = layout.columns
    letters = {name: column_letter(col + 1) for name, col in cols.items()}
    first_pair = layout.pairs[0][0] if layout.pairs else None
    pair_columns = []
    for pair, col_in, col_out in layout.pairs:
        mapping = dict(letters)
        mapping.pop("in", None)
        mapping.pop("out", None)
        if col_in is not None:
            mapping["in"] = column_letter(col_in + 1)
        if col_out is not None:
            mapping["out"] = column_letter(col_out + 1)
        pair_columns.append((pair, col_in, col_out, mapping))
    optional = [(name, cols[name]) for name in ("break_minutes", "rate", "bonus") if name in cols]
    break_hours = "break_minutes" in cols and any(
        in_hours(sheet.rows[r][cols["break_minutes"]]) for r in (layout.header_row - 1, layout.header_row - 2)
        if r >= 0 and cols["break_minutes"] < len(sheet.rows[r]))
    base = sheet.source()
    months = sheet_months(sheet.rows[:layout.header_row - 1], sheet.name, base.file, locale)  # `listopad 2026` above
    read_day = day_reader(months, locale, lambda v: parse_date(from_1904(v) if sheet.date1904 else v, locale))
    parsers = {
        "date": lambda v: check_date(read_day(v), limits, v),
        "break_minutes": lambda v: check_number(break_minutes(v, locale, break_hours), limits),
        "rate": lambda v: check_number(parse_decimal(v, locale), limits),
        "bonus": lambda v: check_number(parse_decimal(v, locale), limits),
        "hours": lambda v: check_number(hours_worked(v, locale), limits),
        "in": lambda v: _moment(v, locale),
        "out": lambda v: _end(v, locale),
    }
    employee_col = cols.get("employee_id")
    date_col = cols["date"]
    hours_col = cols.get("hours")
    keys = [date_col] + ([employee_col] if employee_col is not None else [])
    data = [*cols.values(), *(c for _, a, b in layout.pairs for c in (a, b) if c is not None)]
    skipped = skipped_rows(sheet.rows, layout.header_row - 1, keys, data)
    blocks = sheet_blocks(sheet.rows, layout.header_row - 1, {**cols, **{f"p{n}{k}": c for n, a, b in layout.pairs
                          for k, c in (("i", a), ("o", b)) if c is not None}}, employee_col is None, fold, label_employee)
    skipped.update(blocks.skipped)  # the header again, and `Employee: E002` above it
    times = [c for _, a, b in layout.pairs for c in (a, b) if c is not None]
    sums = subtotal_rows(sheet.rows, layout.header_row - 1, keys, hours_col, times, skipped,
                         lambda v: Decimal(0) if absence_word((v,)) else parsers["hours"](v), base)
    skipped.update(sums.rows)  # a week's sum under its days, with no label
    uncomputed = uncomputed_rows(sheet, layout.header_row - 1, data, skipped)
    out.notes.extend(skipped_notes(skipped, base))
    out.problems.extend(sums.problems)
    skipped.update(dict.fromkeys(sums.refused, TOTAL))  # refused above, where they stand
    # an employee or a day written once over its rows, ditto marks (`documents.sameabove`)
    same = fill_same_above(sheet.rows, layout.header_row - 1, cols, ("employee_id", "date"), base,
                           skipped=skipped, keep=uncomputed)
    out.notes.extend(same.notes)
    out.problems.extend(same.problems)
    header = sheet.rows[layout.header_row - 1]
    for c, v in enumerate(header):
        if c in data or _blank(v):
            continue
        if _holds_figures(sheet.rows, layout.header_row, c, skipped):  # `Overtime`, `Přesčas`: hours unpaid?
            out.notes.append(Problem(MSG_FIGURES_IGNORED, base.with_cell(layout.header_row, column_letter(c + 1)),
                                     {"column": column_letter(c + 1), "header": _text(v)}, level="warning"))
        else:
            out.notes.append(ignored_column(base, layout.header_row, c, v))
    problems: list[Problem] = []
    row_source = base

    def parse(name: str, v: Any, letter: str) -> Any:
        """A non-blank cell through its field's parser; a bad cell is a problem of the row."""
        try:
            return parsers[name](v)
        except OutOfBounds as exc:
            problems.append(Problem(exc.message, row_source.with_cell(column=letter),
                                    {"value": _text(v), **exc.params}))
            return None
        except (ValueError, ArithmeticError):
            problems.append(Problem(_PROBLEM_BAD[name], row_source.with_cell(column=letter), {"value": _text(v)}))
            return None

    # Typed cells of the usual kinds take a shortcut that gives what their parser gives
    # (a date-time cell's day inside the date limits, a whole number of minutes within the
    # number limits, a time cell as it is); anything else goes through the parser.
    earliest, latest = limits.earliest_date, limits.latest_date
    bound = 10 ** limits.max_amount_digits
    padded = 1 + max([c for c in data if c is not None] + [date_col])
    no_value = [None] * padded

    def value_at(col: int | None) -> Any:
        return None if col is None else cells[col]

    rows_of_sheet = same.rows

    def missing(message: str, name: str) -> Problem:
        """An empty employee or date cell; naming the value above when that was not taken for it."""
        col = cols.get(name)
        where = row_source.with_cell(column=letters.get(name))
        if col is not None and (index, col) in same.unfilled:
            return Problem(MSG_BLANK_IN_BLOCK, where, {"header": _text(header[col]),
                                                       "above": _text(same.unfilled[index, col])})
        return Problem(message, where)

    time_columns = [c for c in (hours_col, *(c for _, a, b, _m in pair_columns for c in (a, b))) if c is not None]
    absent: dict[str, list[int]] = {}
    for index in range(layout.header_row, len(rows_of_sheet)):
        if index in blocks.employees:
            fixed_employee = blocks.employees[index]  # the next person's table, under the header again
        if index in skipped:
            continue
        if index in uncomputed:  # a time or a day left empty by a formula never calculated
            out.problems.extend(uncomputed_problem(sheet, base.file, index, c) for c in uncomputed[index])
            continue
        if same.said and any(at == index for at, _ in same.said):
            continue  # a ditto mark with nothing above: refused where it stands
        cells = [None if v is None or (isinstance(v, str) and not v.strip()) else v for v in rows_of_sheet[index]]
        if not any(v is not None for v in cells):
            continue
        if len(cells) < padded:
            cells += no_value[len(cells):]  # a short row: the missing cells are empty
        number = index + 1
        row_source = Source(base.file, base.sheet, number)
        problems = []

        employee = fixed_employee
        if employee_col is not None:
            raw = cells[employee_col]
            employee = None if raw is None else raw.strip() if raw.__class__ is str else _text(raw)
        v = cells[date_col]
        day_number = False
        if v is None:
            day = None
        elif v.__class__ is datetime and earliest <= v.date() <= latest:
            day = v.date()
        elif v.__class__ is date and earliest <= v <= latest:
            day = v
        else:
            day = parse("date", v, letters["date"])
            day_number = is_day_number(v) and not read_as_day_number(months, v)
        extra = {}
        for name, col in optional:
            v = cells[col]
            if v is None:
                extra[name] = None
            elif name == "break_minutes" and v.__class__ is int and -bound < v < bound and not break_hours:
                extra[name] = v
            else:
                extra[name] = parse(name, v, letters[name])
        brk = extra.get("break_minutes") or 0
        rate = extra.get("rate")
        bonus = extra.get("bonus") or Decimal(0)
        if day is None and not problems:
            times = [value_at(c) for _, a, b, _m in pair_columns for c in (a, b)]
            if all(v is None for v in times) and value_at(hours_col) is None:
                continue  # a totals or notes line without a date and without times
            problems.append(missing(N_("The date is missing."), "date"))
        if employee is None and not problems:
            problems.append(missing(N_("The employee is missing."), "employee_id"))
        word = None
        for c in time_columns:
            if cells[c].__class__ is str:  # only a text cell can be a word
                word = absence_word([cells[k] for k in time_columns])
                break
        if word is not None:  # `dovolená`, `L4`, `congé` where the hours or times would be
            if not problems:
                absent.setdefault(word, []).append(number)
            out.problems.extend(problems)
            continue
        rows: list[TimeRow] = []
        if layout.shape == "hours":
            v = value_at(hours_col)
            hours = None if v is None else parse("hours", v, letters["hours"])
            if hours is not None:
                rows.append(TimeRow(employee, day, hours=hours, break_minutes=brk, rate=rate, bonus=bonus,
                                    source=row_source, columns=letters, day_number=day_number))
        else:
            for pair, col_in, col_out, mapping in pair_columns:
                raw_in, raw_out = value_at(col_in), value_at(col_out)
                if col_in == col_out and raw_in.__class__ is str:  # `22:00-06:00` in a shift column
                    raw_in, raw_out = time_range(raw_in) or (raw_in, raw_in)
                if raw_in is None and raw_out is None:
                    continue
                if raw_out is None:
                    problems.append(Problem(N_("Punch in at {time} has no punch out."),
                                            row_source.with_cell(column=mapping.get("out")), {"time": _text(raw_in)}))
                    continue
                if raw_in is None:
                    problems.append(Problem(N_("Punch out at {time} has no punch in."),
                                            row_source.with_cell(column=mapping.get("in")), {"time": _text(raw_out)}))
                    continue
                start = raw_in if raw_in.__class__ is time else parse("in", raw_in, mapping["in"])
                end = raw_out if raw_out.__class__ is time else parse("out", raw_out, mapping["out"])
                if start is None or end is None:
                    continue
                first = pair == first_pair
                rows.append(TimeRow(employee, day, start=start, end=end, break_minutes=brk if first else 0,
                                    rate=rate, bonus=bonus if first else Decimal(0), source=row_source,
                                    columns=mapping, day_number=day_number))
        if problems:
            out.problems.extend(problems)
        else:
            out.rows.extend(rows)
    out.notes.extend(absence_notes(absent, base))
