"""Gross pay from hours: straight time, the regular rate, overtime and premium pay.

The FLSA way (29 CFR 778.110, 778.115) is used for every rule set because it reduces to
"1.5x the rate" when there is one rate and no bonus, and is right when there are several:
all hours are paid at their own rate (straight time); the workweek's *regular rate* is
straight-time pay plus non-discretionary bonuses (and, where the rules say so, premium
pay) divided by all hours worked; each overtime hour then earns an extra
(multiplier - 1) x regular rate. Premiums (night, Sunday, holiday) are a percentage of the
hour's base rate. Arithmetic is exact (fractions; `gross_lines` holds them as integer
pairs); each pay line is rounded once, half-up to the currency's minor unit, and gross is
the sum of the rounded lines.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import gcd

from backoffice_auto.money import minor_digits
from backoffice_auto.payroll.model import HOUR, PREMIUM_CATEGORIES, PayLine, WeekHours
from backoffice_auto.payroll.rules_model import PayrollRules, RuleSet

PERIODS_PER_YEAR = {"weekly": 52, "biweekly": 26, "semimonthly": 24, "monthly": 12}


def _round(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator (denominator > 0) rounded half-up (away from zero) to `places` decimals."""
    scaled = abs(numerator) * 10 ** places
    units = (scaled * 2 + denominator) // (2 * denominator)
    if numerator < 0:
        units = -units
    return Decimal(units).scaleb(-places)


def _quantize(value: Fraction, places: int) -> Decimal:
    """An exact fraction rounded half-up (away from zero) to `places` decimals."""
    return _round(value.numerator, value.denominator, places)


def money(value: Fraction, currency: str) -> Decimal:
    """Exact amount rounded half-up to the currency's minor unit."""
    return _quantize(value, minor_digits(currency))


def premium_percent(rules: RuleSet, category: str) -> Decimal | None:
    if category == "night":
        return rules.night.percent if rules.night else None
    if category == "sunday":
        return rules.sunday_percent
    if category == "holiday":
        return rules.holiday_percent
    raise KeyError(category)


def period_salary(salary: Decimal, payroll: PayrollRules) -> Fraction:
    """The salary of one pay period from the books' salary (per month or per year)."""
    annual = Fraction(salary) * (12 if payroll.salary_per == "month" else 1)
    return annual / PERIODS_PER_YEAR[payroll.pay_period]


def salaried_hourly(salary: Decimal, payroll: PayrollRules) -> Fraction:
    """The hourly equivalent of a salary: annual salary over standard hours in a year."""
    annual = Fraction(salary) * (12 if payroll.salary_per == "month" else 1)
    return annual / (Fraction(payroll.standard_hours_per_week) * 52)


def _plus(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    """The exact sum of two fractions written as (numerator, denominator > 0)."""
    if a[1] == b[1]:
        return a[0] + b[0], a[1]
    n, d = a[0] * b[1] + b[0] * a[1], a[1] * b[1]
    common = gcd(n, d)
    return n // common, d // common


def gross_lines(weeks: list[WeekHours], rules: RuleSet, currency: str, *,
                salary: Fraction | None = None, salary_rate: Fraction | None = None,
                salaried_overtime: bool = False,
                ) -> tuple[list[PayLine], list[Fraction]]:
    """Pay lines for one employee's period and the regular rate of each workweek.

    Hourly staff: `weeks` carry straight time priced at their rates. Salaried staff: pass
    `salary` (the period's amount) and `salary_rate` (its hourly equivalent), which prices
    premiums and, when the rule set allows it, overtime.

    Every figure is an exact fraction held as a pair of integers (numerator, denominator):
    the same arithmetic as `fractions.Fraction` without its cost per operation, which was a
    fifth of a 10,000-employee pay run. One function, longer than most, because each week's
    regular rate is made of its straight time, bonus and premiums and prices its overtime:
    the steps share the week's running figures.
    """
    totals: dict[str, tuple[int, int]] = {}
    hours: dict[str, int] = {}
    regular_rates: list[Fraction] = []

    def add(code: str, amount: tuple[int, int], seconds: int | None = None) -> None:
        before = totals.get(code)
        totals[code] = amount if before is None else _plus(before, amount)
        if seconds is not None:
            hours[code] = hours.get(code, 0) + seconds

    premiums = [(category, percent.as_integer_ratio()) for category in PREMIUM_CATEGORIES
                for percent in (premium_percent(rules, category),) if percent is not None]
    overtime = [(category, multiplier.as_integer_ratio()) for category, multiplier in
                (("overtime", rules.overtime_multiplier), ("double_time", rules.double_time_multiplier))]
    rate_n, rate_d = salary_rate.as_integer_ratio() if salary is not None else (0, 1)
    for week in weeks:
        worked = week.worked
        if salary is None:
            n, d = week.straight.as_integer_ratio()
            straight = (n, d * HOUR)
            add("straight_time", straight, worked)
        else:
            straight = (rate_n * worked, rate_d * HOUR)
        bonus = week.bonus.as_integer_ratio()
        if week.bonus:
            add("bonus", bonus)
        premium_total = (0, 1)
        for category, (percent_n, percent_d) in premiums:
            seconds = week.total(category)
            if not seconds:
                continue
            if salary is None:
                base = (0, 1)
                for d in week.days:
                    value = d.premium_base.get(category)
                    if value is not None:
                        base = _plus(base, value.as_integer_ratio())
                amount = (base[0] * percent_n, base[1] * HOUR * percent_d * 100)
            else:
                amount = (rate_n * seconds * percent_n, rate_d * HOUR * percent_d * 100)
            premium_total = _plus(premium_total, amount)
            add(f"{category}_premium", amount, seconds)
        if not worked:
            continue
        paid_n, paid_d = _plus(straight, bonus)
        if rules.premiums_in_regular_rate:
            paid_n, paid_d = _plus((paid_n, paid_d), premium_total)
        regular_rates.append(Fraction(paid_n * HOUR, paid_d * worked))  # paid_for_rate * HOUR / worked
        if salary is not None and not salaried_overtime:
            continue
        for category, (multiplier_n, multiplier_d) in overtime:
            seconds = week.total(category)
            if not seconds:
                continue
            extra_n = multiplier_n - (multiplier_d if salary is None else 0)  # (multiplier - 1) for hourly staff
            # extra x regular rate x seconds / HOUR, the regular rate being paid x HOUR / worked
            add(f"{category}_premium", (extra_n * paid_n * seconds, multiplier_d * paid_d * worked), seconds)
    lines = []
    digits = minor_digits(currency)
    if salary is not None:
        lines.append(PayLine("salary", None, None, _round(*salary.as_integer_ratio(), digits)))
    for code in ("straight_time", "bonus", "overtime_premium", "double_time_premium",
                 "night_premium", "sunday_premium", "holiday_premium"):
        if code not in totals:
            continue
        n, d = totals[code]
        seconds = hours.get(code)
        rate = _round(n * HOUR, d * seconds, 4) if seconds else None
        lines.append(PayLine(code, _round(seconds, HOUR, 2) if seconds is not None else None,
                             rate, _round(n, d, digits)))
    return lines, regular_rates
