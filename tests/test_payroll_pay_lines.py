"""Gross pay lines from given workweeks (`payroll/pay.py`), each figure worked out by hand.

The hours engine and the reference model are tested end to end elsewhere; here the weeks
are built directly, so each rule of the pay arithmetic is pinned on its own: straight time
at each hour's rate, the regular rate (with bonuses, with or without premiums), overtime and
double-time premiums at (multiplier - 1) x regular rate, premiums as a percentage of the
hour's base rate, salaried staff, and rounding half-up once per line.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal as D
from fractions import Fraction as F

import pytest

from backoffice_auto.payroll.model import HOUR, DayHours, PayLine, WeekHours
from backoffice_auto.payroll.pay import (
    PERIODS_PER_YEAR, gross_lines, money, period_salary, premium_percent, salaried_hourly,
)
from backoffice_auto.payroll.rules_model import NightPremium, PayrollRules, RuleSet

MONDAY = date(2026, 11, 2)


def day(n: int, rate: str = "20", *, regular: float = 0, overtime: float = 0, double: float = 0,
        **premium_hours: float) -> DayHours:
    seconds = {"regular": int(regular * HOUR), "overtime": int(overtime * HOUR), "double_time": int(double * HOUR)}
    worked = sum(seconds.values())
    for category, h in premium_hours.items():
        seconds[category] = int(h * HOUR)
    return DayHours(date(2026, 11, 2 + n), seconds, D(rate) * worked,
                    {category: D(rate) * int(h * HOUR) for category, h in premium_hours.items()})


def week(*days: DayHours, bonus: str = "0") -> WeekHours:
    return WeekHours(MONDAY, list(days), D(bonus))


def shown(lines: list[PayLine]) -> list[tuple]:
    return [(ln.code, None if ln.hours is None else str(ln.hours), None if ln.rate is None else str(ln.rate),
             str(ln.amount)) for ln in lines]


# --- rounding and rates -------------------------------------------------------------------


@pytest.mark.parametrize("value, currency, expected", [
    (F(1, 200), "EUR", "0.01"), (F(-1, 200), "EUR", "-0.01"), (F(1, 201), "EUR", "0.00"),
    (F(199, 200), "EUR", "1.00"), (F(0), "EUR", "0.00"), (F(5, 2), "JPY", "3"), (F(-5, 2), "JPY", "-3"),
    (F(2001, 2000), "BHD", "1.001"), (F(12345, 1000), "CZK", "12.35"), (F(7, 3), "EUR", "2.33"),
])
def test_money_rounds_half_up_away_from_zero_to_the_minor_unit(value, currency, expected):
    assert str(money(value, currency)) == expected


def test_premium_percent_by_category():
    rules = RuleSet(night=NightPremium(percent=D(25)), sunday_percent=D(50), holiday_percent=D(100))
    assert [premium_percent(rules, c) for c in ("night", "sunday", "holiday")] == [D(25), D(50), D(100)]
    assert [premium_percent(RuleSet(), c) for c in ("night", "sunday", "holiday")] == [None, None, None]
    with pytest.raises(KeyError):
        premium_percent(rules, "overtime")


@pytest.mark.parametrize("salary, per, period, expected", [
    ("3000", "month", "monthly", F(3000)), ("3000", "month", "semimonthly", F(1500)),
    ("2600", "month", "biweekly", F(1200)), ("5200", "month", "weekly", F(1200)),
    ("52000", "year", "weekly", F(1000)), ("52000", "year", "biweekly", F(2000)), ("48000", "year", "monthly", F(4000)),
])
def test_period_salary(salary, per, period, expected):
    assert period_salary(D(salary), PayrollRules(salary_per=per, pay_period=period)) == expected


def test_periods_per_year():
    assert PERIODS_PER_YEAR == {"weekly": 52, "biweekly": 26, "semimonthly": 24, "monthly": 12}


def test_salaried_hourly_is_annual_salary_over_standard_hours_in_a_year():
    assert salaried_hourly(D(52000), PayrollRules(salary_per="year")) == 25  # 52000 / (40 x 52)
    assert salaried_hourly(D(3120), PayrollRules(salary_per="month")) == 18  # 37440 / 2080
    assert salaried_hourly(D(3120), PayrollRules(standard_hours_per_week=D(36))) == 20  # 37440 / 1872


# --- hourly staff -------------------------------------------------------------------------


def test_straight_time_then_overtime_and_double_time_on_the_regular_rate():
    lines, rates = gross_lines([week(day(0, regular=8), day(1, regular=8, overtime=2, double=1))], RuleSet(), "EUR")
    assert shown(lines) == [("straight_time", "19.00", "20.0000", "380.00"),
                            ("overtime_premium", "2.00", "10.0000", "20.00"),
                            ("double_time_premium", "1.00", "20.0000", "20.00")]
    assert rates == [20]


def test_the_regular_rate_averages_the_rates_and_adds_the_bonus():
    # 8 h at 20 + 4 h at 30 = 280 for 12 h: 23.33.../h; 2 h overtime earn 0.5 x 70/3 x 2 = 23.33
    mixed = week(day(0, regular=8), day(1, "30", regular=2, overtime=2))
    lines, rates = gross_lines([mixed], RuleSet(), "EUR")
    assert shown(lines) == [("straight_time", "12.00", "23.3333", "280.00"),
                            ("overtime_premium", "2.00", "11.6667", "23.33")]
    assert rates == [F(70, 3)]
    # a bonus of 36 raises it to 316 / 12 = 26.33...: 0.5 x 79/3 x 2 = 26.33
    lines, rates = gross_lines([week(*mixed.days, bonus="36")], RuleSet(), "EUR")
    assert shown(lines) == [("straight_time", "12.00", "23.3333", "280.00"), ("bonus", None, None, "36.00"),
                            ("overtime_premium", "2.00", "13.1667", "26.33")]
    assert rates == [F(79, 3)]


def test_multipliers_come_from_the_rule_set():
    rules = RuleSet(overtime_multiplier=D(2), double_time_multiplier=D(3))
    lines, _ = gross_lines([week(day(0, regular=8, overtime=2, double=1))], rules, "EUR")
    assert shown(lines)[1:] == [("overtime_premium", "2.00", "20.0000", "40.00"),
                                ("double_time_premium", "1.00", "40.0000", "40.00")]


def test_premiums_are_a_percentage_of_the_base_rate_and_part_of_the_regular_rate():
    rules = RuleSet(night=NightPremium(percent=D(25), start=time(22), end=time(6)), sunday_percent=D(50))
    # 10 h at 20 = 200, 4 of them at night: 4 x 20 x 25 % = 20; regular rate (200 + 20) / 10 = 22
    one = week(day(0, regular=8, overtime=2, night=4, holiday=3))
    lines, rates = gross_lines([one], rules, "EUR")
    assert shown(lines) == [("straight_time", "10.00", "20.0000", "200.00"),
                            ("overtime_premium", "2.00", "11.0000", "22.00"),
                            ("night_premium", "4.00", "5.0000", "20.00")]
    assert rates == [22]
    excluded = RuleSet(night=NightPremium(percent=D(25)), premiums_in_regular_rate=False)
    lines, rates = gross_lines([week(day(0, regular=8, overtime=2, night=4))], excluded, "EUR")
    assert shown(lines)[1] == ("overtime_premium", "2.00", "10.0000", "20.00") and rates == [20]


def test_each_premium_category_on_its_own_hours_and_rates():
    rules = RuleSet(night=NightPremium(percent=D(10)), sunday_percent=D(50), holiday_percent=D(100))
    days = [day(0, regular=8, night=2), day(6, "30", regular=4, sunday=4, holiday=1)]
    lines, _ = gross_lines([week(*days)], rules, "EUR")
    assert shown(lines) == [("straight_time", "12.00", "23.3333", "280.00"),
                            ("night_premium", "2.00", "2.0000", "4.00"),
                            ("sunday_premium", "4.00", "15.0000", "60.00"),
                            ("holiday_premium", "1.00", "30.0000", "30.00")]


def test_weeks_are_priced_on_their_own_regular_rates_and_summed():
    weeks = [week(day(0, regular=40, overtime=2)), week(day(0, "30", regular=40, overtime=1))]
    lines, rates = gross_lines(weeks, RuleSet(), "EUR")
    # 42 h x 20 + 41 h x 30 = 2070; overtime 0.5 x 20 x 2 + 0.5 x 30 x 1 = 35 for 3 h
    assert shown(lines) == [("straight_time", "83.00", "24.9398", "2070.00"),
                            ("overtime_premium", "3.00", "11.6667", "35.00")]
    assert rates == [20, 30]


def test_a_week_with_a_bonus_and_no_hours_pays_the_bonus_and_has_no_regular_rate():
    lines, rates = gross_lines([week(bonus="50")], RuleSet(), "EUR")
    assert shown(lines) == [("straight_time", "0.00", None, "0.00"), ("bonus", None, None, "50.00")]
    assert rates == []


def test_each_line_is_rounded_once_in_the_currency():
    lines, _ = gross_lines([week(day(0, "10.005", regular=1))], RuleSet(), "EUR")
    assert shown(lines) == [("straight_time", "1.00", "10.0050", "10.01")]
    lines, _ = gross_lines([week(day(0, "1000.5", regular=1))], RuleSet(), "JPY")
    assert shown(lines) == [("straight_time", "1.00", "1000.5000", "1001")]


# --- salaried staff -----------------------------------------------------------------------


def test_salaried_staff_get_the_salary_and_premiums_on_the_salary_rate():
    rules = RuleSet(night=NightPremium(percent=D(20)))
    one = week(day(0, "0", regular=40, overtime=5, night=2))
    lines, rates = gross_lines([one], rules, "EUR", salary=F(1000), salary_rate=F(25))
    # night: 2 h x 25 x 20 % = 10; regular rate (45 x 25 + 10) / 45 = 25.22..., no overtime pay
    assert shown(lines) == [("salary", None, None, "1000.00"), ("night_premium", "2.00", "5.0000", "10.00")]
    assert rates == [F(1135, 45)]


def test_salaried_overtime_when_the_rule_set_allows_it_is_paid_in_full():
    one = week(day(0, "0", regular=40, overtime=5, double=1))
    lines, rates = gross_lines([one], RuleSet(), "EUR", salary=F(1000), salary_rate=F(25), salaried_overtime=True)
    # the salary covers the standard hours only: 1.5 x 25 x 5 = 187.50 and 2 x 25 x 1 = 50
    assert shown(lines) == [("salary", None, None, "1000.00"), ("overtime_premium", "5.00", "37.5000", "187.50"),
                            ("double_time_premium", "1.00", "50.0000", "50.00")]
    assert rates == [25]


def test_every_premium_of_the_week_counts_in_the_regular_rate():
    rules = RuleSet(night=NightPremium(percent=D(10)), sunday_percent=D(50))
    # 10 h at 20 = 200; night 2 h x 20 x 10 % = 4, Sunday 10 h x 20 x 50 % = 100:
    # regular rate (200 + 4 + 100) / 10 = 30.40, overtime 0.5 x 30.40 x 2 = 30.40
    lines, rates = gross_lines([week(day(6, regular=8, overtime=2, night=2, sunday=10))], rules, "EUR")
    assert shown(lines)[1] == ("overtime_premium", "2.00", "15.2000", "30.40")
    assert rates == [F(152, 5)]


def test_a_week_without_hours_does_not_stop_the_next_ones():
    weeks = [week(bonus="50"), week(day(0, regular=8, overtime=2))]
    lines, rates = gross_lines(weeks, RuleSet(), "EUR")
    assert [ln.code for ln in lines] == ["straight_time", "bonus", "overtime_premium"]
    assert rates == [20]


def test_double_time_without_overtime_is_paid():
    lines, _ = gross_lines([week(day(0, regular=8, double=1))], RuleSet(), "EUR")
    assert shown(lines) == [("straight_time", "9.00", "20.0000", "180.00"),
                            ("double_time_premium", "1.00", "20.0000", "20.00")]
