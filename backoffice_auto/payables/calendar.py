"""Run days: the weekdays the rules name, moved off bank holidays. Pure (given the dates).

A run day that is a bank holiday (the `holidays` package: the country's public holidays,
plus the financial calendars the rules name, ECB = TARGET2 closing days) moves to the
previous business day (not a weekend, not a holiday), as a bank would not execute on
the day itself. Run days are computed once per year range and searched by bisection, so
scheduling 100,000 bills costs one sort, not 100,000 calendar walks.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

WEEKDAY_NUMBER = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
MAX_YEARS = 12  # a due date decades out is a typo; run days past this are not computed


@lru_cache(maxsize=64)
def _holiday_set(country: str, subdivision: str | None, financial: tuple[str, ...],
                 years: tuple[int, ...]) -> frozenset[date]:
    days: set[date] = set()
    try:
        days |= set(holidays.country_holidays(country, subdiv=subdivision, years=years))
    except NotImplementedError:
        raise ValueError(f"the holidays package has no calendar for country {country!r}") from None
    for market in financial:
        try:
            days |= set(holidays.financial_holidays(market, years=years))
        except NotImplementedError:
            raise ValueError(f"the holidays package has no financial calendar {market!r}") from None
    return frozenset(days)


@dataclass(frozen=True)
class RunCalendar:
    weekdays: tuple[str, ...] = ("tuesday", "thursday")
    country: str = "CZ"
    subdivision: str | None = None
    financial: tuple[str, ...] = ("ECB",)
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def holidays_in(self, first_year: int, last_year: int) -> frozenset[date]:
        return _holiday_set(self.country, self.subdivision, tuple(self.financial),
                            tuple(range(first_year, last_year + 1)))

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays_in(day.year, day.year)

    def previous_business_day(self, day: date) -> date:
        day -= timedelta(days=1)
        while not self.is_business_day(day):
            day -= timedelta(days=1)
        return day

    def run_days(self, first_year: int, last_year: int) -> tuple[date, ...]:
        """Every run day of the years, holidays moved, sorted, without repeats."""
        key = (first_year, last_year)
        if key not in self._cache:
            off = self.holidays_in(first_year - 1, last_year)
            wanted = {WEEKDAY_NUMBER[w] for w in self.weekdays}
            out: set[date] = set()
            day, end = date(first_year, 1, 1), date(last_year, 12, 31)
            while day <= end:
                if day.weekday() in wanted:
                    moved = day
                    while moved.weekday() >= 5 or moved in off:
                        moved -= timedelta(days=1)
                    out.add(moved)
                day += timedelta(days=1)
            self._cache[key] = tuple(sorted(out))
        return self._cache[key]


@dataclass(frozen=True)
class RunDays:
    """The run days from `today` on (today included when it is one), for bisection."""

    days: tuple[date, ...]
    ordinals: tuple[int, ...]

    @classmethod
    def starting(cls, calendar: RunCalendar, today: date, until: date | None = None) -> "RunDays":
        last = min(max((until or today).year, today.year) + 1, today.year + MAX_YEARS)
        days = tuple(d for d in calendar.run_days(today.year, last) if d >= today)
        return cls(days, tuple(d.toordinal() for d in days))

    @property
    def first(self) -> date:
        return self.days[0]

    def last_on_or_before(self, deadline: date) -> date | None:
        """The last run day not after `deadline` (None when the first is already later)."""
        i = bisect.bisect_right(self.ordinals, deadline.toordinal())
        return self.days[i - 1] if i else None

    def next_after(self, day: date) -> date:
        i = bisect.bisect_right(self.ordinals, day.toordinal())
        return self.days[i] if i < len(self.days) else self.days[-1] + timedelta(days=7)
