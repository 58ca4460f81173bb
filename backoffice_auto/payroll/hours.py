"""The hours engine: an employee's shifts to worked seconds by category, per workweek.

Pure: shifts, a rule set, a time zone and a holiday test in; weeks of days out. The base
categories (regular, overtime, double time) partition worked time; the premiums (night,
Sunday, holiday) overlap them and are counted separately, because they are paid as a
percentage of the base rate on top of whatever the hour already earns.

Order of the rules, as California Labor Code 510 and the FLSA read:
1. unpaid breaks (recorded, gaps between punches, then the automatic one) come off a day;
2. each day's worked time splits into regular / daily overtime / daily double time, or,
   on the seventh consecutive day of the workweek, into overtime (first 8 h) and double time;
3. regular hours beyond the weekly limit become overtime, counted in day order; hours
   that are already daily overtime do not count again (no double counting).
Unpaid break time is taken from hours without a premium first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable, Iterable, Mapping
from zoneinfo import ZoneInfo

from backoffice_auto.payroll.clock import local_days, window_seconds
from backoffice_auto.payroll.model import HOUR, DayHours, Shift, WeekCarry, WeekHours
from backoffice_auto.payroll.rules_model import RuleSet

IsHoliday = Callable[[date], bool]


def week_start(day: date, start_index: int) -> date:
    """The first day of the workweek that holds `day` (0 = Monday ... 6 = Sunday)."""
    return day - timedelta(days=(day.weekday() - start_index) % 7)


def split_at_midnight(shift: Shift, tz: ZoneInfo) -> list[Shift]:
    """A punched shift as one piece per local calendar day, each belonging to its own day.

    The recorded break stays with the first piece (where it is most likely taken is not
    known; keeping it whole avoids splitting minutes).
    """
    if shift.start is None:
        return [shift]
    pieces = []
    for day, lo, hi in local_days(shift.start, shift.end, tz):
        pieces.append(replace(shift, day=day, start=lo, end=hi, break_minutes=0))
    if not pieces:
        return [shift]
    first = pieces[0]
    room = first.elapsed // 60
    pieces[0] = replace(first, break_minutes=min(shift.break_minutes, room))
    rest = shift.break_minutes - pieces[0].break_minutes
    for i in range(1, len(pieces)):
        if rest <= 0:
            break
        take = min(rest, pieces[i].elapsed // 60)
        pieces[i] = replace(pieces[i], break_minutes=take)
        rest -= take
    return pieces


def apply_auto_break(shifts: list[Shift], rules: RuleSet) -> list[Shift]:
    """Add the unpaid automatic break to days longer than the limit that lack one.

    Recorded breaks and the gaps between a day's punches count towards it; what is
    missing comes off the day's last punched shift. Daily-hours rows are taken as net.
    """
    if rules.auto_break is None:
        return shifts
    limit = int(rules.auto_break.after_hours * HOUR)
    wanted = rules.auto_break.minutes * 60
    by_day: dict[date, list[int]] = {}
    for i, s in enumerate(shifts):
        if s.start is not None:
            by_day.setdefault(s.day, []).append(i)
    out = list(shifts)
    for indexes in by_day.values():
        if len(indexes) == 1:
            if shifts[indexes[0]].worked <= limit:
                continue
        else:
            indexes.sort(key=lambda i: shifts[i].start)
            worked = 0
            for i in indexes:
                worked += shifts[i].worked
            if worked <= limit:
                continue
        taken = sum(shifts[i].break_minutes * 60 for i in indexes)
        for a, b in zip(indexes, indexes[1:]):
            gap = (shifts[b].start - shifts[a].end).total_seconds()
            taken += max(0, int(gap))
        missing = wanted - taken
        for i in reversed(indexes):
            if missing <= 0:
                break
            s = out[i]
            room = s.worked // 60
            take = min(room, -(-missing // 60))
            out[i] = replace(s, break_minutes=s.break_minutes + take)
            missing -= take * 60
    return out


def premium_seconds(shift: Shift, rules: RuleSet, tz: ZoneInfo, is_holiday: IsHoliday) -> dict[str, int]:
    """Paid seconds of a shift that earn each premium (break time comes off unpremium time first)."""
    raw: dict[str, int] = {}
    if shift.start is None:
        if rules.sunday_percent is not None and shift.day.weekday() == 6:
            raw["sunday"] = shift.worked
        if rules.holiday_percent is not None and is_holiday(shift.day):
            raw["holiday"] = shift.worked
        return raw
    elapsed = shift.elapsed
    brk = shift.break_minutes * 60
    if rules.night is not None:
        raw["night"] = window_seconds(shift.start, shift.end, tz, rules.night.start, rules.night.end)
    if rules.sunday_percent is not None or rules.holiday_percent is not None:
        for day, lo, hi in local_days(shift.start, shift.end, tz):
            seconds = int((hi - lo).total_seconds())
            if rules.sunday_percent is not None and day.weekday() == 6:
                raw["sunday"] = raw.get("sunday", 0) + seconds
            if rules.holiday_percent is not None and is_holiday(day):
                raw["holiday"] = raw.get("holiday", 0) + seconds
    paid = {}
    for category, seconds in raw.items():
        off = max(0, brk - (elapsed - seconds))
        if seconds - off > 0:
            paid[category] = seconds - off
    return paid


def _split_day(worked: int, rules: RuleSet, seventh: bool) -> tuple[int, int, int]:
    """(regular, overtime, double time) seconds of one day before the weekly limit."""
    return _day_splitter(rules)(worked, seventh)


def _day_splitter(rules: RuleSet) -> Callable[[int, bool], tuple[int, int, int]]:
    """`_split_day` for one rule set, its limits in seconds worked out once (not once a day)."""
    limit = int(rules.seventh_day_double_after * HOUR)
    double_cap = int(rules.daily_double_time_after * HOUR) if rules.daily_double_time_after is not None else None
    overtime_cap = int(rules.daily_overtime_after * HOUR) if rules.daily_overtime_after is not None else None

    def split(worked: int, seventh: bool) -> tuple[int, int, int]:
        if seventh:
            return 0, min(worked, limit), max(0, worked - limit)
        regular, overtime, double = worked, 0, 0
        if double_cap is not None:
            double = max(0, worked - double_cap)
            regular = worked - double
        if overtime_cap is not None:
            overtime = max(0, regular - overtime_cap)
            regular -= overtime
        return regular, overtime, double

    return split


def compute_weeks(shifts: Iterable[Shift], rules: RuleSet, tz: ZoneInfo,
                  is_holiday: IsHoliday, default_rate: Decimal | None,
                  midnight: str = "start_day",
                  carry: Mapping[date, WeekCarry] | None = None,
                  premium_memo: dict | None = None) -> list[WeekHours]:
    """One employee's shifts to workweeks of days with seconds by category.

    `default_rate` (the employee's hourly rate) prices hours whose shift names no rate;
    `None` for salaried staff, whose straight time is their salary. `carry` holds what an
    earlier pay run already counted of a workweek that straddles the period start, so
    weekly overtime and the seventh consecutive day see the whole workweek.
    `premium_memo`: premium seconds of punched shifts by (start, end, break minutes), kept
    by the caller for one pay run and one (rules, tz, is_holiday); many shifts share punches.
    Longer than most functions: one pass over the shifts and one over the weeks, inline,
    because a 10,000-employee run calls it 10,000 times over 190,000 shifts.
    """
    carry = carry or {}
    shifts = list(shifts)
    if midnight == "split":
        shifts = [piece for s in shifts for piece in split_at_midnight(s, tz)]
    shifts = apply_auto_break(shifts, rules)
    days: dict[date, DayHours] = {}
    bonus_by_week: dict[date, Decimal] = {}
    ws_index = rules.workweek_start_index
    split_day = _day_splitter(rules)
    premiums = rules.night is not None or rules.sunday_percent is not None or rules.holiday_percent is not None
    for s in shifts:
        day = s.day
        dh = days.get(day)
        if dh is None:
            dh = days[day] = DayHours(day)
        worked = s.worked
        seconds_of = dh.seconds
        seconds_of["worked"] = seconds_of.get("worked", 0) + worked
        rate = s.rate if s.rate is not None else default_rate
        if rate is not None:
            dh.straight += rate * worked  # rate-seconds: exact; divided by 3600 in pay
        if premiums:
            if premium_memo is None or s.start is None:
                found = premium_seconds(s, rules, tz, is_holiday)
            else:
                key = (s.start, s.end, s.break_minutes)
                found = premium_memo.get(key)
                if found is None:
                    found = premium_memo[key] = premium_seconds(s, rules, tz, is_holiday)
            for category, seconds in found.items():
                dh.seconds[category] = dh.seconds.get(category, 0) + seconds
                if rate is not None:
                    dh.premium_base[category] = dh.premium_base.get(category, Decimal(0)) + rate * seconds
        if s.bonus:
            key = week_start(s.day, ws_index)
            bonus_by_week[key] = bonus_by_week.get(key, Decimal(0)) + s.bonus
    weeks: dict[date, list[DayHours]] = {}
    for day in sorted(days):
        weeks.setdefault(week_start(day, ws_index), []).append(days[day])
    for key in bonus_by_week:
        weeks.setdefault(key, [])
    out = []
    weekly_cap = int(rules.weekly_overtime_after * HOUR) if rules.weekly_overtime_after is not None else None
    seventh_day = rules.seventh_day
    no_carry = WeekCarry()
    for key in sorted(weeks):
        week_days = weeks[key]
        before = carry.get(key, no_carry)
        regular_so_far = before.regular
        if seventh_day:
            worked_days = {d.day for d in week_days if d.seconds.get("worked", 0) > 0} | set(before.days)
        for dh in week_days:
            worked = dh.seconds.pop("worked", 0)
            seventh = (seventh_day and (dh.day - key).days == 6
                       and all(key + timedelta(days=i) in worked_days for i in range(7)))
            regular, overtime, double = split_day(worked, seventh)
            if weekly_cap is not None:
                room = max(0, weekly_cap - regular_so_far)
                if regular > room:
                    overtime += regular - room
                    regular = room
                regular_so_far += regular
            dh.seconds["regular"] = regular
            dh.seconds["overtime"] = overtime
            dh.seconds["double_time"] = double
        week = WeekHours(key, week_days, bonus_by_week.get(key, Decimal(0)))
        week.carried = before
        out.append(week)
    return out


def carry_after(week: WeekHours) -> WeekCarry:
    """What the next pay run must know of this workweek: regular seconds and days worked so far."""
    before = week.carried
    days = set(before.days) | {d.day for d in week.days if d.worked > 0}
    return WeekCarry(before.regular + week.total("regular"), frozenset(days))
