"""Production payroll against the plainly written reference (`payroll_reference.py`).

Random weeks for each shipped rule set: 1-7 work days a workweek, 0-16 hours a day, split
shifts, shifts over midnight, hourly and salaried staff, bonuses, and pay periods that cut
a workweek in two (the second period continues the workweek from what the first counted).
Any disagreement in hours by category or in a pay line fails and prints the week.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from payroll_reference import (
    REFERENCE_RULES, RefShift, classify, day_hours, hours_by_category, pay_lines, workweek_start,
)

from backoffice_auto.payroll.calculate import Period, calculate_payslip
from backoffice_auto.payroll.calendar import holiday_checker
from backoffice_auto.payroll.clock import to_utc, zone
from backoffice_auto.payroll.hours import carry_after
from backoffice_auto.payroll.model import Shift
from backoffice_auto.payroll.rules_model import PayrollRules

PAYROLL = PayrollRules()  # biweekly periods, salary per month, 40-hour standard week
ZONES = {"us-flsa": "America/Los_Angeles", "us-california": "America/Los_Angeles", "eu-example": "Europe/Prague"}
COUNTRY = {"us-flsa": ("US", None), "us-california": ("US", "CA"), "eu-example": ("CZ", None)}
FIRST_DAY = date(2026, 6, 21)  # a Sunday; weeks to the end of July have no clock change
# 2026-07-03 (US Independence Day observed), 2026-07-05/06 (Czech holidays) fall in the range.


@st.composite
def work_days(draw, days: int):
    """Shifts over `days` days from a random start: 0-2 shifts a day, up to 16 hours worked."""
    offset = draw(st.integers(0, 20))
    shifts = []
    for i in range(days):
        if not draw(st.booleans()) and not draw(st.booleans()):  # a quarter of days are off
            continue
        day = FIRST_DAY + timedelta(days=offset + i)
        start = datetime.combine(day, time(6, 0)) + timedelta(minutes=draw(st.integers(0, 15 * 60)))
        budget = 16 * 60  # minutes of work at most, so a day's span ends before the next 06:00
        for _ in range(draw(st.integers(1, 2))):
            latest_end = datetime.combine(day + timedelta(days=1), time(6, 0))
            room = min(budget, int((latest_end - start).total_seconds() // 60))
            if room < 15:
                break
            length = draw(st.integers(15, room))
            brk = draw(st.sampled_from([0, 0, 15, 30, 45]))
            brk = min(brk, length)
            bonus = draw(st.sampled_from([0, 0, 0, 25, 80]))
            shifts.append(RefShift(start, start + timedelta(minutes=length), brk, Fraction(bonus)))
            budget -= length
            start = start + timedelta(minutes=length + draw(st.integers(0, 90)))
    return shifts


def production_shifts(shifts: list[RefShift], tz_name: str, rate_override=None) -> list[Shift]:
    tz = zone(tz_name)
    return [Shift("E1", s.day, start=to_utc(s.start, tz), end=to_utc(s.end, tz), break_minutes=s.break_minutes,
                  bonus=Decimal(int(s.bonus))) for s in shifts]


def employee(rule_set: str, pay_type: str, rate: Decimal, salary: Decimal) -> dict:
    country, subdivision = COUNTRY[rule_set]
    return {"employee_id": "E1", "rule_set": rule_set, "pay_type": pay_type, "hourly_rate": rate,
            "salary": salary, "currency": "USD" if country == "US" else "EUR", "country": country,
            "subdivision": subdivision, "timezone": ZONES[rule_set]}


def reference(shifts: list[RefShift], rule_set: str, pay_type: str, rate: Decimal, salary: Decimal):
    rules = REFERENCE_RULES[rule_set]
    country, subdivision = COUNTRY[rule_set]
    days = day_hours(shifts, rules, holiday_checker(country, subdivision))
    classify(days, rules)
    bonuses: dict[date, Fraction] = {}
    for s in shifts:
        if s.bonus:
            key = workweek_start(s.day, rules)
            bonuses[key] = bonuses.get(key, Fraction(0)) + s.bonus
    if pay_type == "salaried":
        annual = Fraction(salary) * 12
        lines = pay_lines(days, rules, bonuses, rate=None, salary=annual / 26, salary_hourly=annual / (52 * 40))
    else:
        lines = pay_lines(days, rules, bonuses, rate=Fraction(rate))
    return days, lines


def production_seconds(weeks) -> dict[str, int]:
    out: dict[str, int] = {}
    for week in weeks:
        for d in week.days:
            for category in ("regular", "overtime", "double_time", "night", "sunday", "holiday"):
                out[category] = out.get(category, 0) + d.get(category)
    return out


def describe(shifts: list[RefShift]) -> str:
    return "\n".join(f"  {s.start:%a %Y-%m-%d %H:%M} - {s.end:%a %H:%M} break {s.break_minutes} bonus {s.bonus}"
                     for s in shifts)


@settings(max_examples=int(__import__("os").environ.get("PAYROLL_REFERENCE_EXAMPLES", 700)), deadline=None)
@given(shifts=work_days(14), rule_set=st.sampled_from(sorted(REFERENCE_RULES)),
       pay_type=st.sampled_from(["hourly", "hourly", "salaried"]),
       rate=st.decimals(min_value=Decimal("7.25"), max_value=Decimal("95"), places=2),
       salary=st.decimals(min_value=Decimal("1500"), max_value=Decimal("12000"), places=2))
def test_hours_and_pay_equal_the_reference(shifts, rule_set, pay_type, rate, salary):
    period = Period(FIRST_DAY, FIRST_DAY + timedelta(days=40))
    slip, weeks = calculate_payslip(employee(rule_set, pay_type, rate, salary),
                                    production_shifts(shifts, ZONES[rule_set]), PAYROLL, period)
    days, lines = reference(shifts, rule_set, pay_type, rate, salary)
    expected_seconds = {c: int(h * 3600) for c, h in hours_by_category(days).items()}
    got_seconds = {c: production_seconds(weeks).get(c, 0) for c in expected_seconds}
    week = f"{rule_set} {pay_type} rate {rate} salary {salary}\n{describe(shifts)}"
    assert got_seconds == expected_seconds, week
    got_lines = {line.code: Fraction(line.amount) for line in slip.lines if line.amount or line.code == "salary"}
    expected_lines = {code: amount for code, amount in lines.items() if amount or code == "salary"}
    assert got_lines == expected_lines, week


@settings(max_examples=int(__import__("os").environ.get("PAYROLL_REFERENCE_EXAMPLES", 700)) // 2, deadline=None)
@given(shifts=work_days(14), rule_set=st.sampled_from(["us-flsa", "us-california"]),
       cut=st.integers(1, 13), rate=st.decimals(min_value=Decimal("7.25"), max_value=Decimal("95"), places=2))
def test_a_workweek_cut_by_the_pay_period_is_paid_as_one_workweek(shifts, rule_set, cut, rate):
    """Two pay runs over one workweek (the second continues from what the first counted)
    give the hours by category of the whole workweek, day by day. Bonuses are left out
    here: their regular-rate effect across two periods is settled in the later period."""
    shifts = [RefShift(s.start, s.end, s.break_minutes) for s in shifts]
    if not shifts:
        return
    first = min(s.day for s in shifts)
    boundary = first + timedelta(days=cut)
    person = employee(rule_set, "hourly", rate, Decimal(0))
    tz = ZONES[rule_set]
    early = [s for s in shifts if s.day < boundary]
    late = [s for s in shifts if s.day >= boundary]
    slip1, weeks1 = calculate_payslip(person, production_shifts(early, tz), PAYROLL,
                                      Period(first, boundary - timedelta(days=1)))
    carry = {w.week_start: carry_after(w) for w in weeks1}
    slip2, weeks2 = calculate_payslip(person, production_shifts(late, tz), PAYROLL,
                                      Period(boundary, boundary + timedelta(days=30)), carry=carry)
    days, lines = reference(shifts, rule_set, "hourly", rate, Decimal(0))
    week = f"{rule_set} cut at {boundary} rate {rate}\n{describe(shifts)}"
    for part, weeks in ((early, weeks1), (late, weeks2)):
        part_days = {s.day for s in part}
        expected = {c: int(sum((getattr(days[d], c) for d in part_days), Fraction(0)) * 3600)
                    for c in ("regular", "overtime", "double_time")}
        got = {c: production_seconds(weeks).get(c, 0) for c in expected}
        assert got == expected, week
    paid = {}
    for slip in (slip1, slip2):
        for line in slip.lines:
            paid[line.code] = paid.get(line.code, Fraction(0)) + Fraction(line.amount)
    exact = {code: amount for code, amount in lines.items() if amount}
    # each period rounds its own lines: the two together are within a cent a line of the whole
    assert set(p for p, v in paid.items() if v) == set(exact), week
    assert all(abs(paid[code] - exact[code]) <= Fraction(1, 100) for code in exact), week


@pytest.mark.parametrize("hours, expected", [
    # California: 7 consecutive days in the workweek with daily overtime
    ([10] * 7, {"regular": 40, "overtime": 28, "double_time": 2}),
    ([9, 9, 9, 9, 9, 9, 13], {"regular": 40, "overtime": 22, "double_time": 5}),
    ([12] * 7, {"regular": 40, "overtime": 40, "double_time": 4}),
    ([6, 6, 6, 6, 6, 6, 6], {"regular": 36, "overtime": 6, "double_time": 0}),
    ([8, 8, 8, 8, 8, 0, 9], {"regular": 40, "overtime": 9, "double_time": 0}),
])
def test_california_seven_day_weeks_by_hand(hours, expected):
    """Worked by hand from Labor Code 510: the seventh day is all premium, and only regular
    hours count towards the weekly 40."""
    sunday = date(2026, 6, 21)
    shifts = [RefShift(datetime.combine(sunday + timedelta(days=i), time(6)),
                       datetime.combine(sunday + timedelta(days=i), time(6)) + timedelta(hours=h, minutes=30), 30)
              for i, h in enumerate(hours) if h]
    slip, weeks = calculate_payslip(employee("us-california", "hourly", Decimal(20), Decimal(0)),
                                    production_shifts(shifts, ZONES["us-california"]), PAYROLL,
                                    Period(sunday, sunday + timedelta(days=13)))
    days, _lines = reference(shifts, "us-california", "hourly", Decimal(20), Decimal(0))
    assert {c: Fraction(v, 3600) for c, v in production_seconds(weeks).items() if c in expected} == expected
    assert {c: h for c, h in hours_by_category(days).items() if c in expected} == expected
