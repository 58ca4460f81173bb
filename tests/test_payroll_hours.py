"""Hours engine: daylight-saving nights, rounding, automatic breaks, premiums, midnight."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from backoffice_auto.payroll.calculate import Period, calculate_payslip
from backoffice_auto.payroll.clock import round_wall, to_utc, zone
from backoffice_auto.payroll.hours import compute_weeks
from backoffice_auto.payroll.model import Shift
from backoffice_auto.payroll.rules_model import PayrollRules, RuleSet, SHIPPED_RULE_SETS

PRAGUE = zone("Europe/Prague")
NO_HOLIDAYS = lambda day: False  # noqa: E731


def punched(day, start, end, tz=PRAGUE, brk=0):
    s = datetime.combine(day, start)
    e = datetime.combine(day, end)
    if e <= s:
        e += timedelta(days=1)
    return Shift("E1", day, start=to_utc(s, tz), end=to_utc(e, tz), break_minutes=brk)


def hours(weeks, category):
    return Decimal(sum(w.total(category) for w in weeks)) / 3600


@pytest.mark.parametrize("day, expected", [
    (date(2026, 3, 28), 7),   # Europe: clocks go forward in the night to Sunday 29 March 2026
    (date(2026, 10, 24), 9),  # and back in the night to Sunday 25 October 2026
    (date(2026, 3, 21), 8),
])
def test_night_shift_across_daylight_saving_change(day, expected):
    shift = punched(day, time(22), time(6))
    assert shift.elapsed == expected * 3600
    weeks = compute_weeks([shift], RuleSet(), PRAGUE, NO_HOLIDAYS, Decimal(10))
    assert hours(weeks, "regular") == expected


def test_us_daylight_saving_night_is_exact_too():
    ny = zone("America/New_York")
    assert punched(date(2026, 3, 7), time(22), time(6), ny).elapsed == 7 * 3600
    assert punched(date(2026, 10, 31), time(22), time(6), ny).elapsed == 9 * 3600


def test_eu_night_premium_on_change_night_counts_real_hours():
    rules = SHIPPED_RULE_SETS["eu-example"]
    shift = punched(date(2026, 3, 28), time(22), time(6), brk=30)
    weeks = compute_weeks([shift], rules, PRAGUE, NO_HOLIDAYS, Decimal(10))
    # 7 real hours, all of them at night, less the 30 minute break
    assert hours(weeks, "night") == Decimal("6.5")
    # from Sunday 00:00 to 06:00 local is 5 real hours on that night; break comes off unpremium time first
    assert hours(weeks, "sunday") == Decimal("5")


def test_shift_crossing_midnight_belongs_to_its_start_day_or_splits():
    shift = punched(date(2026, 3, 4), time(20), time(4))
    weeks = compute_weeks([shift], RuleSet(), PRAGUE, NO_HOLIDAYS, Decimal(10))
    assert [d.day for w in weeks for d in w.days] == [date(2026, 3, 4)]
    weeks = compute_weeks([shift], RuleSet(), PRAGUE, NO_HOLIDAYS, Decimal(10), midnight="split")
    assert [(d.day, d.get("regular")) for w in weeks for d in w.days] == [
        (date(2026, 3, 4), 4 * 3600), (date(2026, 3, 5), 4 * 3600)]


@pytest.mark.parametrize("step, punch, expected", [
    (15, "08:07", "08:00"), (15, "08:08", "08:15"), (15, "07:53", "08:00"), (15, "08:07:30", "08:15"),
    (6, "08:02", "08:00"), (6, "08:03", "08:06"), (5, "16:57", "16:55"), (5, "16:58", "17:00"),
    (15, "23:53", "00:00"),
])
def test_rounding_is_symmetric_to_the_nearest_step(step, punch, expected):
    t = time.fromisoformat(punch)
    rounded = round_wall(datetime.combine(date(2026, 3, 2), t), step)
    assert rounded.strftime("%H:%M") == expected


def test_automatic_break_counts_gaps_and_recorded_breaks():
    rules = RuleSet(auto_break={"after_hours": 6, "minutes": 30})
    day = date(2026, 3, 2)
    long_day = [punched(day, time(8), time(15))]
    assert hours(compute_weeks(long_day, rules, PRAGUE, NO_HOLIDAYS, Decimal(1)), "regular") == Decimal("6.5")
    split_day = [punched(day, time(8), time(12)), punched(day, time(12, 20), time(15, 20))]
    # 7 h worked, a 20 minute gap: 10 more minutes come off
    assert hours(compute_weeks(split_day, rules, PRAGUE, NO_HOLIDAYS, Decimal(1)), "regular") == Decimal(7) - Decimal(10) / 60
    recorded = [punched(day, time(8), time(15), brk=45)]
    assert hours(compute_weeks(recorded, rules, PRAGUE, NO_HOLIDAYS, Decimal(1)), "regular") == Decimal("6.25")
    short = [punched(day, time(8), time(14))]
    assert hours(compute_weeks(short, rules, PRAGUE, NO_HOLIDAYS, Decimal(1)), "regular") == 6


def test_eu_example_premiums_are_percentages_of_base_rate():
    payroll = PayrollRules()
    employee = {"employee_id": "E1", "rule_set": "eu-example", "pay_type": "hourly",
                "hourly_rate": Decimal(200), "currency": "CZK", "country": "CZ", "timezone": "Europe/Prague"}
    # Saturday 24 Oct 2026 22:00 to Sunday 06:00 (9 real hours, fall-back night), no break recorded:
    # auto break 30 min; night 8.5 h paid; Sunday 00:00-06:00 = 7 real hours
    # Wednesday 28 Oct 2026 is a Czech public holiday: 8:00-12:00
    shifts = [punched(date(2026, 10, 24), time(22), time(6)), punched(date(2026, 10, 28), time(8), time(12))]
    slip, _ = calculate_payslip(employee, shifts, payroll, Period(date(2026, 10, 19), date(2026, 11, 1)))
    assert slip.hours["regular"] == Decimal("12.50")
    assert slip.hours["night"] == Decimal("8.50")
    assert slip.hours["sunday"] == Decimal("7.00")
    assert slip.hours["holiday"] == Decimal("4.00")
    amounts = {line.code: line.amount for line in slip.lines}
    assert amounts["straight_time"] == Decimal("2500.00")
    assert amounts["night_premium"] == Decimal("425.00")  # 8.5 h x 200 x 25 %
    assert amounts["sunday_premium"] == Decimal("700.00")  # 7 h x 200 x 50 %
    assert amounts["holiday_premium"] == Decimal("800.00")  # 4 h x 200 x 100 %
    assert slip.gross == sum(amounts.values())


def test_salaried_employee_gets_period_salary_and_premiums():
    payroll = PayrollRules(pay_period="monthly")
    employee = {"employee_id": "E2", "rule_set": "eu-example", "pay_type": "salaried",
                "salary": Decimal("52000"), "currency": "CZK", "country": "CZ", "timezone": "Europe/Prague"}
    shifts = [punched(date(2026, 3, 1), time(8), time(12))]  # a Sunday
    slip, _ = calculate_payslip(employee, shifts, payroll, Period(date(2026, 3, 1), date(2026, 3, 31)))
    amounts = {line.code: line.amount for line in slip.lines}
    assert amounts["salary"] == Decimal("52000.00")
    # hourly equivalent 52000 x 12 / (40 x 52) = 300; Sunday 4 h x 300 x 50 %
    assert amounts["sunday_premium"] == Decimal("600.00")
    assert "overtime_premium" not in amounts


def test_a_file_that_is_not_one_pay_period_warns_about_salaries():
    from backoffice_auto.payroll.run import period_mismatch

    assert period_mismatch(Period(date(2026, 3, 2), date(2026, 3, 13)), "biweekly") is None
    assert period_mismatch(Period(date(2026, 3, 2), date(2026, 3, 31)), "monthly") is None
    assert period_mismatch(Period(date(2026, 3, 16), date(2026, 4, 14)), "monthly") is not None
    refused = period_mismatch(Period(date(2026, 3, 2), date(2026, 3, 6)), "biweekly")
    assert refused.level == "error"
    assert refused.text().startswith("The timesheet's dates run from 2026-03-02 to 2026-03-06, which is not one "
                                     "biweekly pay period, and salaried employees are paid a full period's salary "
                                     "per timesheet")
    # said without a count of days, which read "1 days" for a one-day file
    one_day = period_mismatch(Period(date(2026, 3, 2), date(2026, 3, 2)), "biweekly")
    assert "days" not in one_day.text() and "2026-03-02 to 2026-03-02" in one_day.text()


@pytest.mark.parametrize("day, pay_period, anchor, expected", [
    (date(2026, 2, 14), "monthly", None, (date(2026, 2, 1), date(2026, 2, 28))),
    (date(2028, 2, 29), "monthly", None, (date(2028, 2, 1), date(2028, 2, 29))),
    (date(2026, 4, 15), "semimonthly", None, (date(2026, 4, 1), date(2026, 4, 15))),
    (date(2026, 4, 16), "semimonthly", None, (date(2026, 4, 16), date(2026, 4, 30))),
    (date(2026, 3, 15), "biweekly", date(2026, 3, 2), (date(2026, 3, 2), date(2026, 3, 15))),
    (date(2026, 3, 16), "biweekly", date(2026, 3, 2), (date(2026, 3, 16), date(2026, 3, 29))),
    (date(2026, 3, 1), "biweekly", date(2026, 3, 2), (date(2026, 2, 16), date(2026, 3, 1))),
    (date(2026, 3, 11), "weekly", date(2026, 1, 5), (date(2026, 3, 9), date(2026, 3, 15))),
])
def test_pay_calendar_periods(day, pay_period, anchor, expected):
    from backoffice_auto.payroll.periods import period_containing

    period = period_containing(day, pay_period, anchor)
    assert (period.start, period.end) == expected
