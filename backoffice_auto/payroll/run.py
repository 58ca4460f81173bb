"""A whole pay run, pure: timesheet rows + employees + rules + paid periods -> payslips.

The period is the pay-calendar period of the file's first day (`periods.py`), or, with no
calendar, the span of the file's days; the same for every employee in the file. Validation runs over the whole file before any pay is
calculated; on any error there are no payslips, only problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Mapping

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.payroll.calculate import Period, RunCache, calculate_payslip
from backoffice_auto.payroll.formulas import FormulaFailed
from backoffice_auto.payroll.model import Payslip, Shift, WeekCarry, WeekHours
from backoffice_auto.payroll.periods import period_containing, uses_calendar
from backoffice_auto.payroll.rules_model import PayrollRules
from backoffice_auto.payroll.shifts import PaidPeriod, build_shifts, overlap_problems, paid_problems
from backoffice_auto.payroll.timesheet import TimeRow


PERIOD_DAYS = {"weekly": (5, 7), "biweekly": (10, 14), "semimonthly": (11, 16), "monthly": (20, 31)}


def period_mismatch(period: Period, pay_period: str) -> Problem | None:
    """An error when a file holding salaried staff does not look like one pay period (periods
    not from a calendar: weekly or biweekly without `period_anchor`).

    Salaried staff get one period's salary per payslip, whatever the file covers; two weekly
    files under `pay_period: biweekly` paid them twice in two weeks, and a one-day correction
    file a whole salary (it was a warning, and the money went out).
    """
    days = (period.end - period.start).days + 1
    low, high = PERIOD_DAYS[pay_period]
    if low <= days <= high and (pay_period != "monthly" or period.start.month == period.end.month):
        return None
    return Problem(N_("The timesheet's dates run from {start} to {end}, which is not one {pay_period} pay period, "
                      "and salaried employees are paid a full period's salary per timesheet: drop one timesheet per "
                      "pay period, or set period_anchor in rules/payroll.yaml (the first day of a pay period) so the "
                      "periods come from the calendar."),
                   None, {"start": period.start.isoformat(), "end": period.end.isoformat(),
                          "pay_period": pay_period})

MSG_FORMULA_FAILED = N_("employee {employee_id}: payroll.yaml {key} '{text}' failed: {error}")


MSG_STRAY_DAY_NUMBER = N_("The date {date} lies more than {days} days from {middle}, the middle of this timesheet's "
                          "dates, so it cannot belong to one {pay_period} pay period; a plain number in a date "
                          "column is read as a spreadsheet day number.")
MSG_STRAY_DAY = N_("The date {date} lies more than {days} days from {middle}, the middle of this timesheet's dates, "
                   "so it cannot belong to one {pay_period} pay period: check its day, month and year.")


def stray_days(rows: list[TimeRow], pay_period: str) -> list[Problem]:
    """An error for each row whose date lies outside the pay period the file is about.

    The file's period is centred on its median day; a day further from it than one
    longest period of `pay_period` cannot belong to this run. A day typed as `16` and read
    as a spreadsheet day number, or a year typed wrong, is caught here with its cell; only
    the first is told that a plain number is a day number.
    """
    days = sorted(r.day for r in rows if r.day is not None)
    if not days:
        return []
    middle = days[len(days) // 2]
    reach = timedelta(days=PERIOD_DAYS[pay_period][1])
    first, last = middle - reach, middle + reach
    return [Problem(MSG_STRAY_DAY_NUMBER if row.day_number else MSG_STRAY_DAY, row.where("date"),
                    {"date": row.day.isoformat(), "days": reach.days, "middle": middle.isoformat(),
                     "pay_period": pay_period})
            for row in rows if row.day is not None and not first <= row.day <= last]


@dataclass
class PayRun:
    period: Period | None
    payslips: list[Payslip] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shifts: dict[str, list[Shift]] = field(default_factory=dict)
    weeks: dict[str, list[WeekHours]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def dating_problems(shifts: Mapping[str, list[Shift]], period: Period | None, today: date | None) -> list[Problem]:
    """Days in the future, and (with a pay calendar) days outside the file's pay period."""
    problems = []

    def where(s: Shift):
        return s.origin.where("date") if s.origin is not None else None  # made only for a problem

    for items in shifts.values():
        for s in items:
            if today is not None and s.day > today:
                problems.append(Problem(N_("The date {day} is in the future: time not yet worked is not paid."),
                                        where(s), {"day": s.day}))
            elif period is not None and not period.start <= s.day <= period.end:
                problems.append(Problem(N_("The date {day} is outside the pay period {start} to {end} that "
                                           "the file's first day belongs to."),
                                        where(s), {"day": s.day, "start": period.start, "end": period.end}))
    return problems


def pay_run(rows: list[TimeRow], employees: Mapping[str, Mapping[str, Any]], payroll: PayrollRules,
            paid: list[PaidPeriod], *, default_timezone: str, default_currency: str,
            carry: Mapping[str, Mapping[date, WeekCarry]] | None = None, today: date | None = None) -> PayRun:
    """`carry`: employee_id -> workweek start -> what earlier runs counted of that workweek.
    `today`: days after it are refused (time not yet worked)."""
    carry = carry or {}
    strays = stray_days(rows, payroll.pay_period)
    if strays:
        return PayRun(None, problems=strays)
    shifts, problems = build_shifts(rows, employees, payroll, default_timezone)
    days = [s.day for items in shifts.values() for s in items]
    if not days:
        if not problems:
            problems.append(Problem(N_("The timesheet holds no worked time.")))
        return PayRun(None, problems=problems)
    period = Period(min(days), max(days))
    calendar_run = uses_calendar(payroll.pay_period, payroll.period_anchor)
    if calendar_run:
        period = period_containing(period.start, payroll.pay_period, payroll.period_anchor)
    problems.extend(dating_problems(shifts, period if calendar_run else None, today))
    paid_by_employee: dict[str, list[PaidPeriod]] = {}
    for p in paid:
        paid_by_employee.setdefault(p.employee_id, []).append(p)
    for employee_id, items in shifts.items():
        problems.extend(overlap_problems(items))
        problems.extend(paid_problems(items, paid_by_employee.get(employee_id, [])))
    run = PayRun(period, problems=problems, shifts=shifts)
    if run.errors:
        return run
    if calendar_run:
        for employee_id, employee in employees.items():
            already = any(p.start <= period.end and period.start <= p.end
                          for p in paid_by_employee.get(employee_id, []))
            if employee.get("pay_type") == "salaried" and employee_id not in shifts and not already:
                shifts[employee_id] = []  # paid the period's salary without time in the file
    elif any(employees[e].get("pay_type") == "salaried" for e in shifts):
        mismatch = period_mismatch(period, payroll.pay_period)
        if mismatch is not None:
            run.problems.append(mismatch)
            return run
    cache = RunCache(payroll)  # this run's lookups, dropped with it
    for employee_id in sorted(shifts):
        try:
            slip, weeks = calculate_payslip(employees[employee_id], shifts[employee_id], payroll, period,
                                            default_timezone=default_timezone, default_currency=default_currency,
                                            carry=carry.get(employee_id), cache=cache)
        except FormulaFailed as exc:
            run.problems.append(Problem(MSG_FORMULA_FAILED, shifts[employee_id][0].source, {
                "employee_id": employee_id, "key": exc.key, "text": exc.text, "error": str(exc.error)}))
            continue
        run.payslips.append(slip)
        run.weeks[employee_id] = weeks
    return run
