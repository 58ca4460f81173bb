"""The published answers: 29 CFR 778.110 / 778.115 (FLSA) and California Labor Code 510."""

from datetime import date, timedelta
from decimal import Decimal

from backoffice_auto.payroll.calculate import Period, calculate_payslip
from backoffice_auto.payroll.model import Shift
from backoffice_auto.payroll.rules_model import PayrollRules

MONDAY = date(2026, 3, 2)
PAYROLL = PayrollRules()


def day_shift(day_offset, hours, rate=None, bonus=Decimal(0)):
    return Shift("E1", MONDAY + timedelta(days=day_offset), seconds=int(Decimal(hours) * 3600),
                 rate=rate, bonus=bonus)


def employee(rule_set, rate="12"):
    return {"employee_id": "E1", "rule_set": rule_set, "pay_type": "hourly",
            "hourly_rate": Decimal(rate), "currency": "USD", "country": "US",
            "timezone": "America/New_York"}


def pay(rule_set, shifts, rate="12"):
    period = Period(MONDAY, MONDAY + timedelta(days=6))
    slip, _ = calculate_payslip(employee(rule_set, rate), shifts, PAYROLL, period)
    return slip


def test_flsa_46_hours_at_12_is_588():
    slip = pay("us-flsa", [day_shift(i, h) for i, h in enumerate([10, 9, 9, 9, 9])])
    assert slip.hours["regular"] == Decimal("40.00")
    assert slip.hours["overtime"] == Decimal("6.00")
    assert slip.gross == Decimal("588.00")


def test_flsa_production_bonus_raises_regular_rate_to_13():
    shifts = [day_shift(i, h) for i, h in enumerate([10, 9, 9, 9, 9])]
    shifts[-1] = day_shift(4, 9, bonus=Decimal("46"))
    slip = pay("us-flsa", shifts)
    assert slip.regular_rate == Decimal("13.0000")
    assert slip.gross == Decimal("637.00")


def test_flsa_two_rates_regular_rate_14():
    shifts = [day_shift(i, 8, rate=Decimal(15)) for i in range(5)] + [day_shift(5, 8, rate=Decimal(9))]
    slip = pay("us-flsa", shifts)
    assert slip.regular_rate == Decimal("14.0000")
    assert slip.hours["overtime"] == Decimal("8.00")
    assert slip.gross == Decimal("728.00")


def test_california_daily_overtime_and_double_time():
    slip = pay("us-california", [day_shift(i, h) for i, h in enumerate([10, 8, 13, 8, 8])], rate="25")
    assert slip.hours["regular"] == Decimal("40.00")
    assert slip.hours["overtime"] == Decimal("6.00")
    assert slip.hours["double_time"] == Decimal("1.00")
    assert slip.gross == Decimal("1275.00")


def test_california_six_nine_hour_days_is_14_overtime_hours():
    slip = pay("us-california", [day_shift(i, 9) for i in range(6)], rate="20")
    assert slip.hours["overtime"] == Decimal("14.00")
    assert slip.hours["regular"] == Decimal("40.00")
    assert slip.hours["double_time"] == Decimal("0.00")


def test_california_seventh_consecutive_day():
    # Workweek starts Sunday in us-california; seven days from Sunday 1 March 2026.
    sunday = MONDAY - timedelta(days=1)
    shifts = [Shift("E1", sunday + timedelta(days=i), seconds=4 * 3600) for i in range(6)]
    shifts.append(Shift("E1", sunday + timedelta(days=6), seconds=10 * 3600))
    period = Period(sunday, sunday + timedelta(days=6))
    slip, _ = calculate_payslip(employee("us-california", "10"), shifts, PAYROLL, period)
    assert slip.hours["regular"] == Decimal("24.00")
    assert slip.hours["overtime"] == Decimal("8.00")
    assert slip.hours["double_time"] == Decimal("2.00")


def test_a_half_cent_made_of_thirds_rounds_up():
    # 1 s and 1,799 s at $0.01 an hour: each part is a repeating decimal, together exactly
    # half a cent, which rounds half-up to one cent (nothing is rounded before the end).
    shifts = [Shift("E1", MONDAY, seconds=1, rate=Decimal("0.01")),
              Shift("E1", MONDAY + timedelta(days=1), seconds=1799, rate=Decimal("0.01"))]
    slip = pay("us-flsa", shifts)
    assert [line.amount for line in slip.lines] == [Decimal("0.01")]
