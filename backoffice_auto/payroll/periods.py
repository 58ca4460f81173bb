"""The pay calendar: which pay period a day belongs to.

Why: a timesheet is paid for a pay period of the calendar the company runs (weekly or
biweekly from an anchor day, semi-monthly 1st-15th and 16th-end, monthly), not for
whatever days a file happens to hold. With a calendar, the file's days must lie in one
period and salaried staff are paid that period whether or not the file lists them.

Without a calendar (`pay_period` weekly or biweekly and no `period_anchor`), the period is
the span of the file's days, as before calendars existed.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from backoffice_auto.payroll.calculate import Period

LENGTH_DAYS = {"weekly": 7, "biweekly": 14}


def uses_calendar(pay_period: str, anchor: date | None) -> bool:
    return pay_period in ("semimonthly", "monthly") or anchor is not None


def period_containing(day: date, pay_period: str, anchor: date | None) -> Period:
    """The calendar period of `pay_period` that holds `day`."""
    if pay_period == "monthly":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last))
    if pay_period == "semimonthly":
        if day.day <= 15:
            return Period(day.replace(day=1), day.replace(day=15))
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=16), day.replace(day=last))
    length = LENGTH_DAYS[pay_period]
    if anchor is None:
        raise ValueError("weekly and biweekly calendars need an anchor day")
    start = anchor + timedelta(days=((day - anchor).days // length) * length)
    return Period(start, start + timedelta(days=length - 1))
