"""One employee's payslip from their shifts: hours engine, gross, deductions, net (pure)."""

from __future__ import annotations

from dataclasses import dataclass
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


def employee_zone(employee: Mapping[str, Any], default: str):
    return zone(employee.get("timezone") or default)


def calculate_payslip(employee: Mapping[str, Any], shifts: list[Shift], payroll: PayrollRules,
                      period: Period, *, default_timezone: str = "UTC",
                      default_currency: str = "EUR",
                      carry: Mapping[date, WeekCarry] | None = None) -> tuple[Payslip, list[WeekHours]]:
    """The payslip of one employee (a books `employees` record) for one period."""
    rule_set_name = employee.get("rule_set") or payroll.default_rule_set
    rules = payroll.rule_set(rule_set_name)
    if rules is None:
        raise KeyError(rule_set_name)
    tz = employee_zone(employee, default_timezone)
    currency = employee.get("currency") or default_currency
    is_holiday = holiday_checker(employee.get("country"), employee.get("subdivision"))
    salaried = employee.get("pay_type") == "salaried"
    rate = None if salaried else employee.get("hourly_rate")
    weeks = compute_weeks(shifts, rules, tz, is_holiday, rate, payroll.midnight, carry)
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
    rows = in_force(payroll.deductions, period.end, rule_set=rule_set_name,
                    country=employee.get("country"), pay_type=employee.get("pay_type") or "hourly")
    slip.deductions = deduct(rows, slip.gross, currency, context)
    return slip, weeks
