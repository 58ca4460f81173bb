"""One employee's payslip from their shifts: hours engine, gross, deductions, net (pure).

`RunCache` holds what a pay run works out once for all its employees rather than once per
employee: the rule sets, a holiday calendar per place, the deduction rows in force per
(rule set, country, pay type), and the premium seconds of shifts with the same punches
under the same rules, zone and calendar. It lives for one run and only memoises pure
functions of its keys, so a payslip is the same with or without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from backoffice_auto.payroll.calendar import holiday_checker
from backoffice_auto.payroll.clock import zone
from backoffice_auto.payroll.deductions import deduct, in_force
from backoffice_auto.payroll.formulas import pay_context, premium_lines
from backoffice_auto.payroll.hours import compute_weeks
from backoffice_auto.payroll.model import CATEGORIES, Payslip, Shift, WeekCarry, WeekHours, hours_of
from backoffice_auto.payroll.pay import _quantize, gross_lines, period_salary, salaried_hourly
from backoffice_auto.payroll.rules_model import PayrollRules


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass
class RunCache:
    """Per-run lookups (see the module docstring); make one per pay run, never share runs."""

    payroll: PayrollRules
    rule_sets: dict = field(default_factory=dict)
    holidays: dict = field(default_factory=dict)
    deductions: dict = field(default_factory=dict)
    premiums: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rule_sets = self.payroll.all_rule_sets()

    def holiday_checker(self, country: str | None, subdivision: str | None):
        place = (country, subdivision)
        found = self.holidays.get(place)
        if found is None:
            found = self.holidays[place] = holiday_checker(country, subdivision)
        return found

    def in_force(self, on: date, rule_set: str, country: str | None, pay_type: str) -> list:
        key = (on, rule_set, country, pay_type)
        found = self.deductions.get(key)
        if found is None:
            found = self.deductions[key] = in_force(self.payroll.deductions, on, rule_set=rule_set,
                                                    country=country, pay_type=pay_type)
        return found

    def premium_memo(self, rule_set: str, tz, country: str | None, subdivision: str | None) -> dict:
        """Premium seconds by (start, end, break minutes) for one rule set, zone and calendar."""
        return self.premiums.setdefault((rule_set, tz, country, subdivision), {})


def employee_zone(employee: Mapping[str, Any], default: str):
    return zone(employee.get("timezone") or default)


def calculate_payslip(employee: Mapping[str, Any], shifts: list[Shift], payroll: PayrollRules,
                      period: Period, *, default_timezone: str = "UTC",
                      default_currency: str = "EUR",
                      carry: Mapping[date, WeekCarry] | None = None,
                      cache: RunCache | None = None) -> tuple[Payslip, list[WeekHours]]:
    """The payslip of one employee (a books `employees` record) for one period.

    `cache`: the pay run's `RunCache` (one is made for a lone call)."""
    cache = cache or RunCache(payroll)
    rule_set_name = employee.get("rule_set") or payroll.default_rule_set
    rules = cache.rule_sets.get(rule_set_name)
    if rules is None:
        raise KeyError(rule_set_name)
    tz = employee_zone(employee, default_timezone)
    currency = employee.get("currency") or default_currency
    country, subdivision = employee.get("country"), employee.get("subdivision")
    is_holiday = cache.holiday_checker(country, subdivision)
    salaried = employee.get("pay_type") == "salaried"
    rate = None if salaried else employee.get("hourly_rate")
    weeks = compute_weeks(shifts, rules, tz, is_holiday, rate, payroll.midnight, carry,
                          premium_memo=cache.premium_memo(rule_set_name, tz, country, subdivision))
    if salaried:
        salary = employee.get("salary") or Decimal(0)
        lines, rates = gross_lines(weeks, rules, currency, salary=period_salary(salary, payroll),
                                   salary_rate=salaried_hourly(salary, payroll),
                                   salaried_overtime=rules.salaried_overtime)
    else:
        lines, rates = gross_lines(weeks, rules, currency)
    hours = {c: hours_of(sum(w.total(c) for w in weeks)) for c in CATEGORIES}
    context = None
    if rules.premiums or any(d.kind == "formula" for d in payroll.deductions):
        hourly = salaried_hourly(employee.get("salary") or Decimal(0), payroll) if salaried else rate
        context = pay_context(employee, hours, hourly, sum((line.amount for line in lines), Decimal(0)),
                              period.start, period.end, len({s.day for s in shifts}))
        if rules.premiums:
            lines = lines + premium_lines(rules, context, currency)
            context["gross"] = sum((line.amount for line in lines), Decimal(0))
    slip = Payslip(
        employee_id=employee["employee_id"], period=period.key, period_start=period.start,
        period_end=period.end, currency=currency, hours=hours, lines=lines, deductions=[],
        regular_rates=tuple(_quantize(rate, 4) for rate in rates))
    rows = cache.in_force(period.end, rule_set_name, country, employee.get("pay_type") or "hourly")
    slip.deductions = deduct(rows, slip.gross, currency, context)
    return slip, weeks
