"""Public holidays by country and subdivision (the `holidays` package), cached per year."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Callable

import holidays


@lru_cache(maxsize=512)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except (NotImplementedError, KeyError):
        return frozenset()
    return frozenset(calendar.keys())


def holiday_checker(country: str | None, subdivision: str | None = None) -> Callable[[date], bool]:
    """`is_holiday(day)` for a country (ISO 3166 alpha-2) and optional subdivision.

    An unknown country or subdivision has no holidays rather than an error here; the
    handler warns about it once, so a typo in master data does not stop a payroll.
    """
    if not country:
        return lambda day: False
    code = country.upper()
    sub = subdivision.upper() if subdivision else None

    def is_holiday(day: date) -> bool:
        return day in _holiday_dates(code, sub, day.year)

    return is_holiday


def known_calendar(country: str | None, subdivision: str | None = None) -> bool:
    if not country:
        return True
    try:
        holidays.country_holidays(country.upper(), subdiv=subdivision.upper() if subdivision else None)
    except (NotImplementedError, KeyError):
        return False
    return True
