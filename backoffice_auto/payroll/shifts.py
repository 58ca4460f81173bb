"""Timesheet rows to shifts in real time, and every check that protects the pay run.

Pure: rows, the employees of the books, the rules and the periods already paid in;
shifts per employee and problems out. Each problem names the cell it is about. The
handler refuses the file on any error, so a timesheet is paid entirely or not at all,
and a day that lies in a period already paid is never paid again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Mapping
from zoneinfo import ZoneInfoNotFoundError

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.payroll.clock import round_wall, to_utc, zone
from backoffice_auto.payroll.model import HOUR, Shift
from backoffice_auto.payroll.rules_model import PayrollRules
from backoffice_auto.payroll.timesheet import TimeRow


@dataclass(frozen=True)
class PaidPeriod:
    employee_id: str
    start: date
    end: date
    period: str


def _local(day: date, moment) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(day, moment)


def build_shifts(rows: list[TimeRow], employees: Mapping[str, Mapping[str, Any]], payroll: PayrollRules,
                 default_timezone: str) -> tuple[dict[str, list[Shift]], list[Problem]]:
    """Typed shifts per employee (UTC instants) and the problems of single rows."""
    problems: list[Problem] = []
    by_employee: dict[str, list[Shift]] = {}
    max_seconds = int(payroll.max_shift_hours * HOUR)
    rule_sets = payroll.all_rule_sets()
    known: dict[str, tuple[Any, Any] | None] = {}  # employee id -> (rules, tz), None when refused

    def setup(row: TimeRow) -> tuple[Any, Any] | None:
        """The employee's rule set and zone, checked once per employee (with one message)."""
        employee = employees.get(row.employee_id)
        if employee is None:
            problems.append(Problem(N_("Employee {employee_id} is not in the books."), row.where("employee_id"),
                                    {"employee_id": row.employee_id}))
            return None
        rule_set_name = employee.get("rule_set") or payroll.default_rule_set
        rules = rule_sets.get(rule_set_name)
        if rules is None:
            problems.append(Problem(N_("Employee {employee_id} has rule set '{rule_set}', which rules/payroll.yaml does not define."),
                                    row.where("employee_id"), {"employee_id": row.employee_id, "rule_set": rule_set_name}))
            return None
        try:
            tz = zone(employee.get("timezone") or default_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(Problem(N_("Employee {employee_id} has an unknown time zone '{timezone}'."),
                                    row.where("employee_id"), {"employee_id": row.employee_id,
                                                               "timezone": employee.get("timezone")}))
            return None
        return rules, tz

    for row in rows:
        if row.break_minutes < 0:  # `-30` would add half an hour of pay
            problems.append(Problem(N_("A break of {minutes} minutes is not possible: a break is 0 minutes or more."),
                                    row.where("break_minutes"), {"minutes": row.break_minutes}))
            continue
        if row.employee_id in known:
            found = known[row.employee_id]
        else:
            found = known[row.employee_id] = setup(row)
        if found is None:
            continue
        rules, tz = found
        if row.hours is not None:
            where = row.where("hours")
            if row.hours < 0 or row.hours > payroll.max_shift_hours:
                problems.append(Problem(N_("{hours} hours in one day is not possible (limit {limit} hours)."),
                                        where, {"hours": row.hours, "limit": payroll.max_shift_hours}))
                continue
            seconds = int(row.hours * HOUR)
            if row.break_minutes * 60 > seconds:
                problems.append(Problem(N_("The break of {minutes} minutes is longer than the time worked."),
                                        row.where("break_minutes"), {"minutes": row.break_minutes}))
                continue
            by_employee.setdefault(row.employee_id, []).append(Shift(
                row.employee_id, row.day, seconds=seconds, break_minutes=row.break_minutes,
                rate=row.rate, bonus=row.bonus, origin=row))
            continue
        raw_start, raw_end = _local(row.day, row.start), _local(row.day, row.end)
        start_local = round_wall(raw_start, rules.rounding_minutes)
        end_local = round_wall(raw_end, rules.rounding_minutes)
        if not isinstance(row.end, datetime):
            if raw_end == raw_start and not isinstance(row.start, datetime):
                # 0 or 24 hours? A 24-hour shift is written with the dates of both punches.
                problems.append(Problem(N_("Punch out {time} is the same time as punch in: a shift of 0 or of 24 "
                                           "hours? Correct the times, or write both punches with their dates."),
                                        row.where("out"), {"time": raw_end.strftime("%H:%M")}))
                continue
            if raw_end < raw_start:
                end_local += timedelta(days=1)  # out before in: the shift crossed midnight
        start, end = to_utc(start_local, tz), to_utc(end_local, tz)
        elapsed = int((end - start).total_seconds())
        if elapsed <= 0:
            problems.append(Problem(N_("Punch out {out} is not after punch in {start}."), row.where("out"),
                                    {"out": end_local.strftime("%Y-%m-%d %H:%M"),
                                     "start": start_local.strftime("%Y-%m-%d %H:%M")}))
            continue
        if elapsed > max_seconds:
            problems.append(Problem(N_("A shift of {hours} hours is longer than {limit} hours: check the punches."),
                                    row.where("out"),
                                    {"hours": (Decimal(elapsed) / HOUR).quantize(Decimal("0.01")),
                                     "limit": payroll.max_shift_hours}))
            continue
        if row.break_minutes * 60 > elapsed:
            problems.append(Problem(N_("The break of {minutes} minutes is longer than the time worked."),
                                    row.where("break_minutes"), {"minutes": row.break_minutes}))
            continue
        day = start_local.date()
        by_employee.setdefault(row.employee_id, []).append(Shift(
            row.employee_id, day, start=start, end=end, break_minutes=row.break_minutes,
            rate=row.rate, bonus=row.bonus, origin=row))
    return by_employee, problems


def overlap_problems(shifts: list[Shift]) -> list[Problem]:
    """Punched shifts of one employee that overlap in time, each pair named once."""
    punched = sorted((s for s in shifts if s.start is not None), key=lambda s: (s.start, s.end))
    problems = []
    latest: Shift | None = None
    for s in punched:
        if latest is not None and s.start < latest.end:
            problems.append(Problem(N_("This shift overlaps the shift at {other} of the same employee."),
                                    s.source, {"other": latest.source}))
        if latest is None or s.end > latest.end:
            latest = s
    return problems


def paid_problems(shifts: list[Shift], paid: list[PaidPeriod]) -> list[Problem]:
    """Shifts on days that an earlier payslip of the same employee already paid (one per period)."""
    problems = []
    reported: set[str] = set()
    for s in shifts:
        for p in paid:
            if p.start <= s.day <= p.end and p.period not in reported:
                reported.add(p.period)
                problems.append(Problem(N_("Employee {employee_id} was already paid for {day} (period {period}); nothing is paid twice."),
                                        s.source, {"employee_id": s.employee_id, "day": s.day.isoformat(),
                                                   "period": p.period}))
    return problems
