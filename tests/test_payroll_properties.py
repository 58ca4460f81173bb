"""Property tests: hours always partition, pay lines always add up, rounding is symmetric."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from backoffice_auto.payroll.calculate import Period, calculate_payslip
from backoffice_auto.payroll.clock import round_wall, to_utc, zone
from backoffice_auto.payroll.model import BASE_CATEGORIES, Shift
from backoffice_auto.payroll.rules_model import PayrollRules

PAYROLL = PayrollRules()
START = date(2026, 3, 23)  # two weeks over the European spring-forward night


@st.composite
def shifts(draw):
    tz = zone("Europe/Prague")
    out = []
    for offset in range(14):
        if draw(st.booleans()):
            begin = draw(st.integers(0, 23 * 60))
            length = draw(st.integers(30, 14 * 60))
            start_local = datetime.combine(START + timedelta(days=offset), time(0)) + timedelta(minutes=begin)
            out.append(Shift("E1", start_local.date(), start=to_utc(start_local, tz),
                             end=to_utc(start_local + timedelta(minutes=length), tz),
                             break_minutes=draw(st.integers(0, 30))))
    return out


@settings(max_examples=60, deadline=None)
@given(items=shifts(), rule_set=st.sampled_from(["us-flsa", "us-california", "eu-example"]),
       rate=st.decimals(min_value=1, max_value=200, places=2))
def test_categories_partition_worked_time_and_lines_add_up(items, rule_set, rate):
    employee = {"employee_id": "E1", "rule_set": rule_set, "pay_type": "hourly", "hourly_rate": rate,
                "currency": "EUR", "country": "CZ", "timezone": "Europe/Prague"}
    # overlapping shifts are refused before this point in real runs; keep them apart here
    items = [s for i, s in enumerate(items) if all(s.start >= o.end or s.end <= o.start for o in items[:i])]
    slip, weeks = calculate_payslip(employee, items, PAYROLL, Period(START, START + timedelta(days=13)))
    worked = sum(d.get(c) for w in weeks for d in w.days for c in BASE_CATEGORIES)
    assert worked == sum(w.worked for w in weeks)
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in slip.lines)
    assert slip.gross == sum((line.amount for line in slip.lines), Decimal(0))
    assert slip.net == slip.gross - slip.total_deductions
    straight = next((line.amount for line in slip.lines if line.code == "straight_time"), Decimal(0))
    assert slip.gross >= straight  # premiums and overtime only ever add


@given(minutes=st.integers(0, 24 * 60 - 1), step=st.sampled_from([5, 6, 15]))
def test_rounding_never_moves_a_punch_more_than_half_a_step(minutes, step):
    moment = datetime(2026, 3, 2) + timedelta(minutes=minutes)
    rounded = round_wall(moment, step)
    assert abs((rounded - moment).total_seconds()) <= step * 30
    assert (rounded - datetime(2026, 3, 2)).total_seconds() % (step * 60) == 0


def _exact_flsa(weeks_input, multiplier=Fraction(3, 2)):
    """Reference: 29 CFR 778.110/115 in exact fractions, each line rounded half-up once."""
    from fractions import Fraction as F

    straight = overtime = F(0)
    bonus_total = F(0)
    for shifts, bonus in weeks_input:
        hours = sum(F(seconds, 3600) for seconds, _ in shifts)
        pay = sum(F(rate) * F(seconds, 3600) for seconds, rate in shifts)
        straight += pay
        bonus_total += F(bonus)
        if hours > 40:
            overtime += (multiplier - 1) * (pay + F(bonus)) / hours * (hours - 40)

    def cents(value):
        units = (value * 100 * 2 + 1) // 2  # half-up, positive
        return Decimal(int(units)).scaleb(-2)

    return cents(straight), cents(bonus_total), cents(overtime)


@settings(max_examples=80, deadline=None)
@given(weeks_input=st.lists(st.tuples(
    st.lists(st.tuples(st.integers(1, 16 * 3600), st.decimals(min_value=Decimal("0.0001"), max_value=99, places=4)),
             min_size=1, max_size=7),
    st.decimals(min_value=0, max_value=500, places=2)), min_size=1, max_size=2))
def test_decimal_pay_equals_exact_fractions(weeks_input):
    monday = date(2026, 3, 2)  # us-flsa weeks start on Sunday: each week here runs Monday to Saturday
    items = []
    for w, (shifts_in_week, bonus) in enumerate(weeks_input):
        for d, (seconds, rate) in enumerate(shifts_in_week):
            day = monday + timedelta(days=7 * w + min(d, 5))
            items.append(Shift("E1", day, seconds=seconds, rate=rate,
                               bonus=bonus if d == 0 else Decimal(0)))
    employee = {"employee_id": "E1", "rule_set": "us-flsa", "pay_type": "hourly", "hourly_rate": Decimal(1),
                "currency": "USD", "country": "US", "timezone": "America/Chicago"}
    slip, _ = calculate_payslip(employee, items, PAYROLL, Period(monday, monday + timedelta(days=13)))
    amounts = {line.code: line.amount for line in slip.lines}
    straight, bonus, overtime = _exact_flsa(weeks_input)
    assert amounts.get("straight_time", Decimal("0.00")) == straight
    assert amounts.get("bonus", Decimal("0.00")) == bonus
    assert amounts.get("overtime_premium", Decimal("0.00")) == overtime
