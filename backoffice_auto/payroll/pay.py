"""Gross pay from hours: straight time, the regular rate, overtime and premium pay.

The FLSA way (29 CFR 778.110, 778.115) is used for every rule set because it reduces to
"1.5x the rate" when there is one rate and no bonus, and is right when there are several:
all hours are paid at their own rate (straight time); the workweek's *regular rate* is
straight-time pay plus non-discretionary bonuses (and, where the rules say so, premium
pay) divided by all hours worked; each overtime hour then earns an extra
(multiplier - 1) x regular rate. Premiums (night, Sunday, holiday) are a percentage of the
hour's base rate. Arithmetic is exact (fractions); each pay line is rounded once, half-up
to the currency's minor unit, and gross is the sum of the rounded lines.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from backoffice_auto.money import minor_digits
from backoffice_auto.payroll.model import HOUR, PREMIUM_CATEGORIES, PayLine, WeekHours
from backoffice_auto.payroll.rules_model import PayrollRules, RuleSet

PERIODS_PER_YEAR = {"weekly": 52, "biweekly": 26, "semimonthly": 24, "monthly": 12}


def _quantize(value: Fraction, places: int) -> Decimal:
    """An exact fraction rounded half-up (away from zero) to `places` decimals."""
    scaled = value * 10 ** places
    magnitude = abs(scaled)
    units = (magnitude.numerator * 2 + magnitude.denominator) // (2 * magnitude.denominator)
    if value < 0:
        units = -units
    return Decimal(units).scaleb(-places)


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


def gross_lines(weeks: list[WeekHours], rules: RuleSet, currency: str, *,
                salary: Fraction | None = None, salary_rate: Fraction | None = None,
                salaried_overtime: bool = False,
                ) -> tuple[list[PayLine], list[Fraction]]:
    """Pay lines for one employee's period and the regular rate of each workweek.

    Hourly staff: `weeks` carry straight time priced at their rates. Salaried staff: pass
    `salary` (the period's amount) and `salary_rate` (its hourly equivalent), which prices
    premiums and, when the rule set allows it, overtime.
    """
    totals: dict[str, Fraction] = {}
    hours: dict[str, int] = {}
    regular_rates: list[Fraction] = []

    def add(code: str, amount: Fraction, seconds: int | None = None) -> None:
        totals[code] = totals.get(code, Fraction(0)) + amount
        if seconds is not None:
            hours[code] = hours.get(code, 0) + seconds

    for week in weeks:
        worked = week.worked
        if salary is None:
            straight = Fraction(week.straight) / HOUR
            add("straight_time", straight, worked)
        else:
            straight = salary_rate * worked / HOUR
        if week.bonus:
            add("bonus", Fraction(week.bonus))
        premium_total = Fraction(0)
        for category in PREMIUM_CATEGORIES:
            percent = premium_percent(rules, category)
            seconds = week.total(category)
            if percent is None or not seconds:
                continue
            if salary is None:
                base = sum((Fraction(d.premium_base.get(category, 0)) for d in week.days), Fraction(0)) / HOUR
            else:
                base = salary_rate * seconds / HOUR
            amount = base * Fraction(percent) / 100
            premium_total += amount
            add(f"{category}_premium", amount, seconds)
        if not worked:
            continue
        paid_for_rate = straight + Fraction(week.bonus) + (premium_total if rules.premiums_in_regular_rate else 0)
        regular_rate = paid_for_rate * HOUR / worked
        regular_rates.append(regular_rate)
        if salary is not None and not salaried_overtime:
            continue
        for category, multiplier in (("overtime", rules.overtime_multiplier),
                                     ("double_time", rules.double_time_multiplier)):
            seconds = week.total(category)
            if not seconds:
                continue
            extra = Fraction(multiplier) - (1 if salary is None else 0)
            add(f"{category}_premium", extra * regular_rate * seconds / HOUR, seconds)
    lines = []
    if salary is not None:
        lines.append(PayLine("salary", None, None, money(salary, currency)))
    for code in ("straight_time", "bonus", "overtime_premium", "double_time_premium",
                 "night_premium", "sunday_premium", "holiday_premium"):
        if code not in totals:
            continue
        seconds = hours.get(code)
        rate = None
        if seconds:
            rate = _quantize(totals[code] * HOUR / seconds, 4)
        lines.append(PayLine(code, _quantize(Fraction(seconds, HOUR), 2) if seconds is not None else None,
                             rate, money(totals[code], currency)))
    return lines, regular_rates
