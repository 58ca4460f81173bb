"""A reference payroll calculator, written plainly from the rules as published, for tests.

It shares no code with `backoffice_auto.payroll`: it takes shifts as (local start, local
end, break minutes) in one time zone, works in exact fractions of an hour, and walks the
rules in the order the law states them:

FLSA (29 CFR 778): hours over 40 in the workweek are overtime at 1.5 times the *regular
rate*: straight-time pay plus non-discretionary bonuses (and premiums paid for hours, by
the product's default) divided by all hours worked in the workweek (778.109, 778.110,
778.115, 778.207-778.209).

California Labor Code 510 and the DLSE Enforcement Manual (ch. 48-50):
- over 8 hours in a workday: 1.5x; over 12 hours in a workday: 2x;
- the seventh consecutive day of work in a workweek: the first 8 hours 1.5x, beyond 8 2x
  (it can only be the workweek's seventh day, and only when all seven were worked);
- regular hours over 40 in the workweek: 1.5x, counted in the order they were worked;
  hours already paid as daily overtime or double time are not counted again.

The EU example rule set of the product: night work 22:00-06:00 +25 % of the base rate,
Sunday +50 %, public holiday +100 %, and an unpaid 30-minute break on a day of more than 6
hours when fewer break minutes were taken (recorded breaks and the gaps between punches
count). Premium hours overlap the base hours; break time comes off hours that earn no
premium first (the product's policy, stated in its rules documentation).

A shift belongs to the day it starts on (the product's default `midnight: start_day`).
Pay lines are summed over the period in exact fractions and each rounded once, half up,
to cents; gross is the sum of the rounded lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction

HALF = Fraction(1, 2)


@dataclass(frozen=True)
class RefShift:
    start: datetime  # local wall-clock time (naive), in a week with no clock change
    end: datetime
    break_minutes: int = 0
    bonus: Fraction = Fraction(0)  # non-discretionary bonus earned in this shift's workweek

    @property
    def day(self) -> date:
        return self.start.date()


@dataclass(frozen=True)
class RefRules:
    daily_overtime_after: int | None = None
    daily_double_after: int | None = None
    weekly_overtime_after: int | None = None
    seventh_day: bool = False
    workweek_starts_sunday: bool = False
    auto_break_after: int | None = None  # hours
    auto_break_minutes: int = 0
    night_percent: int | None = None
    sunday_percent: int | None = None
    holiday_percent: int | None = None


REFERENCE_RULES = {
    "us-flsa": RefRules(weekly_overtime_after=40, workweek_starts_sunday=True),
    "us-california": RefRules(daily_overtime_after=8, daily_double_after=12, weekly_overtime_after=40,
                              seventh_day=True, workweek_starts_sunday=True,
                              auto_break_after=5, auto_break_minutes=30),
    "eu-example": RefRules(auto_break_after=6, auto_break_minutes=30, night_percent=25,
                           sunday_percent=50, holiday_percent=100),
}


@dataclass
class RefDay:
    day: date
    worked: Fraction = Fraction(0)  # hours
    regular: Fraction = Fraction(0)
    overtime: Fraction = Fraction(0)
    double_time: Fraction = Fraction(0)
    premium: dict = field(default_factory=dict)  # night/sunday/holiday -> hours


def _hours(delta: timedelta) -> Fraction:
    return Fraction(int(delta.total_seconds()), 3600)


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> Fraction:
    lo, hi = max(a0, b0), min(a1, b1)
    return _hours(hi - lo) if hi > lo else Fraction(0)


def _night_hours(start: datetime, end: datetime) -> Fraction:
    total = Fraction(0)
    day = start.date() - timedelta(days=1)
    while datetime.combine(day, time(0)) < end:
        night_start = datetime.combine(day, time(22, 0))
        total += _overlap(start, end, night_start, night_start + timedelta(hours=8))
        day += timedelta(days=1)
    return total


def _calendar_hours(start: datetime, end: datetime, wanted) -> Fraction:
    """Hours of [start, end) that fall on calendar days for which `wanted(day)` holds."""
    total = Fraction(0)
    day = start.date()
    while datetime.combine(day, time(0)) < end:
        if wanted(day):
            begin = datetime.combine(day, time(0))
            total += _overlap(start, end, begin, begin + timedelta(days=1))
        day += timedelta(days=1)
    return total


def day_hours(shifts: list[RefShift], rules: RefRules, is_holiday) -> dict[date, RefDay]:
    """Worked and premium hours of each work day, breaks taken off."""
    by_day: dict[date, list[RefShift]] = {}
    for s in shifts:
        by_day.setdefault(s.day, []).append(s)
    out = {}
    for day, todays in sorted(by_day.items()):
        todays.sort(key=lambda s: s.start)
        breaks = [Fraction(s.break_minutes, 60) for s in todays]
        elapsed = [_hours(s.end - s.start) for s in todays]
        worked = sum(max(Fraction(0), e - b) for e, b in zip(elapsed, breaks))
        if rules.auto_break_after is not None and worked > rules.auto_break_after:
            gaps = sum(_hours(b.start - a.end) for a, b in zip(todays, todays[1:]))
            missing = Fraction(rules.auto_break_minutes, 60) - sum(breaks) - gaps
            # the missing break comes off the day's last shift first, then earlier ones
            for i in reversed(range(len(todays))):
                if missing <= 0:
                    break
                room = max(Fraction(0), elapsed[i] - breaks[i])
                take = min(room, missing)
                breaks[i] += take
                missing -= take
        record = RefDay(day)
        for s, e, b in zip(todays, elapsed, breaks):
            net = max(Fraction(0), e - b)
            record.worked += net
            raw = {}
            if rules.night_percent is not None:
                raw["night"] = _night_hours(s.start, s.end)
            if rules.sunday_percent is not None:
                raw["sunday"] = _calendar_hours(s.start, s.end, lambda d: d.weekday() == 6)
            if rules.holiday_percent is not None:
                raw["holiday"] = _calendar_hours(s.start, s.end, is_holiday)
            for category, hours in raw.items():
                paid = hours - max(Fraction(0), b - (e - hours))  # breaks off unpremium time first
                if paid > 0:
                    record.premium[category] = record.premium.get(category, Fraction(0)) + paid
        out[day] = record
    return out


def workweek_start(day: date, rules: RefRules) -> date:
    first = 6 if rules.workweek_starts_sunday else 0
    return day - timedelta(days=(day.weekday() - first) % 7)


def classify(days: dict[date, RefDay], rules: RefRules) -> None:
    """Regular, overtime and double time of every day, workweek by workweek."""
    weeks: dict[date, list[RefDay]] = {}
    for day in sorted(days):
        weeks.setdefault(workweek_start(day, rules), []).append(days[day])
    for start, week in weeks.items():
        worked_days = {d.day for d in week if d.worked > 0}
        all_seven = all(start + timedelta(days=i) in worked_days for i in range(7))
        regular_so_far = Fraction(0)
        for d in week:
            h = d.worked
            if rules.seventh_day and all_seven and d.day == start + timedelta(days=6):
                d.regular, d.overtime, d.double_time = Fraction(0), min(h, 8), max(Fraction(0), h - 8)
            else:
                double = max(Fraction(0), h - rules.daily_double_after) if rules.daily_double_after else Fraction(0)
                over = (max(Fraction(0), h - double - rules.daily_overtime_after)
                        if rules.daily_overtime_after else Fraction(0))
                d.regular, d.overtime, d.double_time = h - double - over, over, double
            if rules.weekly_overtime_after is not None:
                room = max(Fraction(0), rules.weekly_overtime_after - regular_so_far)
                if d.regular > room:
                    d.overtime += d.regular - room
                    d.regular = room
                regular_so_far += d.regular


def cents(value: Fraction) -> Fraction:
    """Half up (away from zero) to a cent, exactly."""
    units = math.floor(abs(value) * 100 + HALF)
    return Fraction(units if value >= 0 else -units, 100)


def pay_lines(days: dict[date, RefDay], rules: RefRules, bonuses: dict[date, Fraction], *,
              rate: Fraction | None, salary: Fraction | None = None,
              salary_hourly: Fraction | None = None) -> dict[str, Fraction]:
    """The period's pay lines, each rounded once: hourly staff (`rate`) or salaried."""
    percents = {"night": rules.night_percent, "sunday": rules.sunday_percent, "holiday": rules.holiday_percent}
    totals: dict[str, Fraction] = {}

    def add(code, amount):
        totals[code] = totals.get(code, Fraction(0)) + amount

    weeks: dict[date, list[RefDay]] = {}
    for day in sorted(days):
        weeks.setdefault(workweek_start(day, rules), []).append(days[day])
    for start in set(bonuses) - set(weeks):
        weeks[start] = []
    base_rate = rate if salary is None else salary_hourly
    for start, week in sorted(weeks.items()):
        hours = sum((d.worked for d in week), Fraction(0))
        straight = base_rate * hours
        if salary is None:
            add("straight_time", straight)
        bonus = bonuses.get(start, Fraction(0))
        if bonus:
            add("bonus", bonus)
        premiums = Fraction(0)
        for category, percent in percents.items():
            premium_hours = sum((d.premium.get(category, Fraction(0)) for d in week), Fraction(0))
            if percent is None or not premium_hours:
                continue
            amount = base_rate * premium_hours * percent / 100
            premiums += amount
            add(f"{category}_premium", amount)
        if not hours or salary is not None:
            continue  # salaried staff here are exempt from overtime
        regular_rate = (straight + bonus + premiums) / hours
        overtime = sum((d.overtime for d in week), Fraction(0))
        double = sum((d.double_time for d in week), Fraction(0))
        if overtime:
            add("overtime_premium", HALF * regular_rate * overtime)
        if double:
            add("double_time_premium", 1 * regular_rate * double)
    lines = {code: cents(amount) for code, amount in totals.items()}
    if salary is not None:
        lines["salary"] = cents(salary)
    return lines


def hours_by_category(days: dict[date, RefDay]) -> dict[str, Fraction]:
    out = {"regular": Fraction(0), "overtime": Fraction(0), "double_time": Fraction(0),
           "night": Fraction(0), "sunday": Fraction(0), "holiday": Fraction(0)}
    for d in days.values():
        out["regular"] += d.regular
        out["overtime"] += d.overtime
        out["double_time"] += d.double_time
        for category, hours in d.premium.items():
            out[category] += hours
    return out
