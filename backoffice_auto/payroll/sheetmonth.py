"""Days written without their year (`3.11.`, `Po 3.11.`, `lun. 3 nov.`, a day number `3`), read
in the month and year a timesheet's title names (`Docházka – listopad 2026`, `Period: 11/2026`).

A clerk's sheet for one month says the month once, above the table or in the sheet's name,
and then writes only day and month, or only the day. A reader takes the year from there
without doubt when exactly one year fits: the month written is the month named or one next
to it (a week that runs into December under `November 2026`; `28.12.` under `January 2027`
is 2026). Anything else is refused, naming the cell: no month and year named anywhere, a
month far from the one named, or a day number under a title naming two months. A weekday
written beside the day must fall on the date found, so a year taken wrongly cannot pass.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Callable, Iterable

from backoffice_auto.documents.datewords import exact_month, month_number
from backoffice_auto.documents.values import OutOfBounds, locale_forms, parse_date
from backoffice_auto.documents.weekdays import on_weekday, split_weekday
from backoffice_auto.i18n import N_

__all__ = ["sheet_months", "day_reader", "MSG_NO_YEAR", "MSG_OTHER_MONTH"]

MSG_NO_YEAR = N_("'{value}' has no year, and neither a title above the table nor the sheet's name says which "
                 "month and year the sheet is for: write the date with its year, or the month and year in a "
                 "title above the table (for example 11/2026).")
MSG_OTHER_MONTH = N_("'{value}' has no year, and its month is not next to {months}, named above the table: write "
                     "the date with its year.")

Month = tuple[int, int]  # (year, month)
_MONTH_YEAR = re.compile(r"(?<!\w)([^\W\d_]{3,})\.?,?\s+(?:de\s+|of\s+)?(\d{4})(?!\d)")
_NUMBER_MONTH_YEAR = re.compile(r"(?<![\d./\-])(\d{1,2})\s*[./\-]\s*(\d{4})(?![\d./\-])")
_YEAR_NUMBER_MONTH = re.compile(r"(?<![\d./\-])(\d{4})\s*[./\-]\s*(\d{1,2})(?![\d./\-])")
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,4}\s*[./\-]\s*\d{1,2}\s*[./\-]\s*\d{2,4})(?!\d)")
_LABEL = re.compile(r"^[^:]{0,30}:\s*")
# a day and month without a year: `3.11.`, `3. 11.`, `03/11`; `3 nov.`, `3. listopadu`, `3 de noviembre`; `Nov 3`
_DAY_MONTH = re.compile(r"(\d{1,2})\s*([./\-])\s*(\d{1,2})\s*\.?")
_DAY_WORD = re.compile(r"(\d{1,2})(?:er|st|nd|rd|th|º)?\.?\s*(?:de\s+)?([^\W\d_]{3,})\.?")
_WORD_DAY = re.compile(r"([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?")
_DAY_ALONE = re.compile(r"\s*(\d{1,2})\.?\s*")
_YEARS = range(1900, 2200)


def _named_in(texts: Iterable[str], cells: Iterable[Any], locale: str) -> set[Month]:
    """Months named as month and year (`listopad 2026`, `11/2026`, `2026-11`), else by a month name
    and a year in cells of their own (`Měsíc: listopad`, `Rok: 2026`), else by full dates."""
    named: set[Month] = set()
    dates: set[Month] = set()
    alone_months, alone_years = set(), set()
    for text in texts:
        for word, year in _MONTH_YEAR.findall(text):
            month = exact_month(word)
            if month and int(year) in _YEARS:
                named.add((int(year), month))
        for month, year in _NUMBER_MONTH_YEAR.findall(text):
            if 1 <= int(month) <= 12 and int(year) in _YEARS:
                named.add((int(year), int(month)))
        for year, month in _YEAR_NUMBER_MONTH.findall(text):
            if 1 <= int(month) <= 12 and int(year) in _YEARS:
                named.add((int(year), int(month)))
        for written in _FULL_DATE.findall(text):
            try:
                day = parse_date(written, locale)  # `Week ending 11/08/2026` in en_US
            except ValueError:
                continue
            dates.add((day.year, day.month))
        rest = _LABEL.sub("", text.strip()).strip()
        if exact_month(rest):
            alone_months.add(exact_month(rest))
        elif rest.isdigit() and int(rest) in _YEARS:
            alone_years.add(int(rest))
    for value in cells:
        if isinstance(value, (date, datetime)):
            dates.add((value.year, value.month))
        elif isinstance(value, int) and not isinstance(value, bool) and value in _YEARS:
            alone_years.add(value)
    if not named and len(alone_months) == 1 and len(alone_years) == 1:
        named.add((alone_years.pop(), alone_months.pop()))
    return named or dates


def sheet_months(title_rows: Iterable[Iterable[Any]], sheet_name: str, file_name: str,
                 locale: str = "en_GB") -> frozenset[Month]:
    """The months a sheet says it is for: its title rows (above the header) and its name, else
    its file's name (`dochazka-2026-11.xlsx`)."""
    cells = [v for row in title_rows for v in row if v is not None]
    texts = [v for v in cells if isinstance(v, str)] + [sheet_name]
    found = _named_in(texts, cells, locale)
    if not found:
        found = _named_in([PurePath(file_name).stem.replace("_", " ")], (), locale)
    return frozenset(found)


def _year_for(day: int, month: int, months: frozenset[Month], written: str) -> date:
    """The date of `day`.`month` in the one year that puts it in or next to a month named."""
    if not months:
        raise OutOfBounds(MSG_NO_YEAR)
    years = {year for named_year, named in months for year in (named_year - 1, named_year, named_year + 1)
             if abs(year * 12 + month - (named_year * 12 + named)) <= 1}
    if len(years) != 1:
        shown = ", ".join(f"{m:02d}/{y}" for y, m in sorted(months))
        raise OutOfBounds(MSG_OTHER_MONTH, months=shown)
    return date(years.pop(), month, day)  # ValueError for 31.11.


def _day_and_month(text: str, locale: str) -> tuple[int, int] | None:
    match = _DAY_MONTH.fullmatch(text)
    if match:
        first, second = int(match[1]), int(match[3])
        day_first = match[2] == "." or locale_forms(locale).day_first
        if not day_first and first > 12 >= second:
            day_first = True
        elif day_first and second > 12 >= first and match[2] != ".":
            day_first = False
        return (first, second) if day_first else (second, first)
    own = locale_forms(locale).month_names
    match = _DAY_WORD.fullmatch(text)
    if match and month_number(match[2], own):
        return int(match[1]), month_number(match[2], own)
    match = _WORD_DAY.fullmatch(text)
    if match and month_number(match[1], own):
        return int(match[2]), month_number(match[1], own)
    return None


def _day_number(value: Any) -> int | None:
    """A plain day of the month: `3`, `3.`, a whole number 1..31."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)) and value == int(value) and 1 <= value <= 31:
        return int(value)
    match = _DAY_ALONE.fullmatch(value) if isinstance(value, str) else None
    return int(match[1]) if match and 1 <= int(match[1]) <= 31 else None


def day_reader(months: frozenset[Month], locale: str, parse: Callable[[Any], date]) -> Callable[[Any], date]:
    """`parse` (the sheet's own date reading) that also reads a day without its year in `months`."""
    single = next(iter(months)) if len(months) == 1 else None

    def read(value: Any) -> date:
        if single is not None:
            number = _day_number(value)
            if number is not None:
                return date(single[0], single[1], number)
        try:
            return parse(value)
        except OutOfBounds:
            raise
        except ValueError:
            if not isinstance(value, str) or len(value) > 60:
                raise
            text, weekday = value.strip(), None
            written = split_weekday(text)
            if written is not None:
                weekday, text = written
            found = _day_and_month(text, locale)
            if found is None:
                raise
            day = _year_for(found[0], found[1], months, value)
            return day if weekday is None else on_weekday(day, weekday, value)

    return read


def read_as_day_number(months: frozenset[Month], value: Any) -> bool:
    """Is a plain number in the date column read as a day of the sheet's one month?"""
    return len(months) == 1 and _day_number(value) is not None
