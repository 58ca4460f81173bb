"""Pay dates: terms, run days moved off bank holidays, discounts worth taking.

A plainly written reference scheduler (walks every day, no bisection, no caching) is
compared with production code by hypothesis; hand-made cases pin the issue's examples.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.payables.calendar import RunCalendar, RunDays
from backoffice_auto.payables.discounts import annual_rate, parse_ladder
from backoffice_auto.payables.model import OpenBill, Payee
from backoffice_auto.payables.schedule import Policy, schedule_bill

NO_FIN = ()


def bill(issue, total="1000.00", due=None, paid="0", disc_date=None, disc_amount=None, supplier="S1", bid="B1"):
    return OpenBill(bid, supplier, "INV-" + bid, issue, due, "EUR", Decimal(total), Decimal(paid),
                    disc_date, None if disc_amount is None else Decimal(disc_amount))


def payee(terms, supplier="S1"):
    return Payee(supplier, "Supplier", "CZ6508000000192000145399", None, None, None, terms, None, False)


def runs_from(today, country="CZ", financial=NO_FIN, weekdays=("tuesday", "thursday")):
    return RunDays.starting(RunCalendar(weekdays, country, None, financial), today, today + timedelta(days=800))


# ------------------------------------------------------------------ reference calculation


def ref_run_days(weekdays, country, start, end):
    """Every run day between start and end: walk the days; a holiday moves back to a business day."""
    hol = holidays.country_holidays(country, years=range(start.year - 1, end.year + 1))
    wanted = [("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday").index(w)
              for w in weekdays]
    out = set()
    day = date(start.year, 1, 1)
    while day <= end:
        if day.weekday() in wanted:
            moved = day
            while moved.weekday() >= 5 or moved in hol:
                moved = moved - timedelta(days=1)
            if moved >= start:
                out.add(moved)
        day += timedelta(days=1)
    return sorted(out)


def ref_pay_date(today, due, steps, cost, run_days):
    """steps: [(pct, last_day)]. Take the step with the largest positive gain that a run day
    reaches; pay on the last run day before the deadline; none left: the first run day."""
    first = run_days[0]
    best_gain, best_day = Decimal(0), None
    for pct, last in steps:
        reachable = [r for r in run_days if today <= r <= last]
        if not reachable:
            continue
        early = (due - last).days
        gain = pct - (100 - pct) * cost * early / Decimal(365) / 100
        if gain > best_gain:
            best_gain, best_day = gain, max(reachable)
    if best_day is not None:
        return best_day
    before_due = [r for r in run_days if today <= r <= due]
    return max(before_due) if before_due else first


# ------------------------------------------------------------------ the issue's examples


def test_2_10_net_30_is_about_37_percent_a_year():
    assert round(annual_rate(Decimal(2), 20), 1) == Decimal("37.2")


def test_discount_taken_when_it_beats_the_cost_of_money():
    today = date(2026, 12, 1)  # a Tuesday
    b = bill(date(2026, 11, 30))
    s = schedule_bill(b, payee("2/10 net 30"), runs_from(today), Policy(Decimal(10)))
    assert s.discount_date == date(2026, 12, 10) and s.scheduled_date == date(2026, 12, 10)  # Thursday
    assert s.discount == Decimal("20.00")
    s = schedule_bill(b, payee("2/10 net 30"), runs_from(today), Policy(Decimal(40)))
    assert s.discount_date is None and s.scheduled_date == date(2026, 12, 29)  # due 30.12 (Wed) -> Tue 29


def test_net_30_eom():
    today = date(2026, 11, 3)
    s = schedule_bill(bill(date(2026, 11, 12)), payee("net 30 eom"), runs_from(today), Policy())
    assert s.due_date == date(2026, 12, 30) and s.scheduled_date == date(2026, 12, 29)


def test_explicit_due_date_wins_over_terms():
    today = date(2026, 11, 3)
    s = schedule_bill(bill(date(2026, 11, 2), due=date(2026, 11, 20)), payee("net 60"), runs_from(today), Policy())
    assert s.due_date == date(2026, 11, 20) and s.scheduled_date == date(2026, 11, 19)


def test_chained_ladder_each_on_the_full_amount_unless_chained():
    assert parse_ladder("3/10 2/20 net 45").steps == ((Decimal(3), 10), (Decimal(2), 20))
    today = date(2026, 11, 3)
    b = bill(date(2026, 11, 2))
    s = schedule_bill(b, payee("3/10 2/20 net 45"), runs_from(today), Policy(Decimal(10)))
    assert s.discount_date == date(2026, 11, 12) and s.discount == Decimal("30.00")
    s = schedule_bill(b, payee("3/10 2/20 net 45"), runs_from(today), Policy(Decimal(10), chained=True))
    assert s.discount_date == date(2026, 11, 12) and s.discount == Decimal("49.40")  # 1 - 0.97 * 0.98


def test_discount_expiring_before_next_run_day_pulls_the_bill_into_this_run():
    today = date(2026, 12, 3)  # Thursday; next run Tuesday 8th
    s = schedule_bill(bill(date(2026, 11, 27)), payee("2/10 net 30"), runs_from(today), Policy())
    assert s.discount_date == date(2026, 12, 7) and s.scheduled_date == today


def test_overdue_goes_into_the_next_run():
    today = date(2026, 12, 2)  # Wednesday
    s = schedule_bill(bill(date(2026, 10, 1)), payee("net 30"), runs_from(today), Policy())
    assert s.scheduled_date == date(2026, 12, 3) and s.late


def test_preferred_supplier_first_run_day_or_discount_date():
    today = date(2026, 12, 1)
    policy = Policy(Decimal(99), preferred=frozenset({"S1"}))
    s = schedule_bill(bill(date(2026, 11, 30)), payee("2/10 net 30"), runs_from(today), policy)
    assert s.discount_date == date(2026, 12, 10)  # taken though money costs 99 %
    s = schedule_bill(bill(date(2026, 11, 30)), payee("net 60"), runs_from(today), policy)
    assert s.scheduled_date == today


def test_partly_paid_bill_gets_no_discount():
    today = date(2026, 12, 1)
    s = schedule_bill(bill(date(2026, 11, 30), paid="100"), payee("2/10 net 30"), runs_from(today), Policy())
    assert s.discount_date is None


@pytest.mark.parametrize("country,holiday,moved_to", [
    ("CZ", date(2026, 12, 24), date(2026, 12, 23)),  # Christmas Eve, a Thursday
    ("PL", date(2026, 1, 6), date(2026, 1, 5)),  # Epiphany, a Tuesday
    ("DE", date(2026, 5, 14), date(2026, 5, 13)),  # Ascension Day, a Thursday
    ("FR", date(2026, 7, 14), date(2026, 7, 13)),  # Fête nationale, a Tuesday
    ("ES", date(2026, 12, 8), date(2026, 12, 7)),  # Inmaculada Concepción, a Tuesday
])
def test_run_day_on_a_public_holiday_moves_to_the_previous_business_day(country, holiday, moved_to):
    runs = runs_from(holiday - timedelta(days=10), country)
    assert holiday not in runs.days and moved_to in runs.days
    assert runs.days == tuple(ref_run_days(("tuesday", "thursday"), country, runs.first, runs.days[-1]))


def test_financial_calendar_closes_target_days():
    runs = runs_from(date(2026, 4, 1), "CZ", ("ECB",), ("friday",))
    assert date(2026, 4, 3) not in runs.days  # Good Friday: TARGET2 is closed
    assert date(2026, 4, 2) in runs.days


# ------------------------------------------------------------------ properties

terms_st = st.builds(
    lambda net, steps, eom: (net, sorted({min(d, net): p for p, d in steps}.items()), eom),
    st.integers(0, 90), st.lists(st.tuples(st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(2), Decimal(3)]),
                                           st.integers(0, 60)), max_size=2), st.booleans())


def terms_text(net, steps, eom):
    parts = [f"{p}/{d}" for d, p in steps]
    return " ".join(parts + [f"net {net}"] + (["eom"] if eom else []))


@settings(max_examples=150, deadline=None)
@given(terms=terms_st, issue_offset=st.integers(-60, 30), today_offset=st.integers(0, 400),
       cost=st.integers(0, 60), weekdays=st.sampled_from([("tuesday", "thursday"), ("monday",), ("friday",)]),
       country=st.sampled_from(["CZ", "PL", "DE", "FR", "ES"]))
def test_schedule_matches_the_reference(terms, issue_offset, today_offset, cost, weekdays, country):
    net, steps, eom = terms
    today = date(2026, 1, 1) + timedelta(days=today_offset)
    issue = today + timedelta(days=issue_offset)
    text = terms_text(net, steps, eom)
    ladder = parse_ladder(text)
    start = (date(issue.year, issue.month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) if eom else issue
    due = start + timedelta(days=net)
    runs = runs_from(today, country, NO_FIN, weekdays)
    s = schedule_bill(bill(issue), payee(text), runs, Policy(Decimal(cost)))
    ref_days = ref_run_days(weekdays, country, today, today + timedelta(days=500))
    ref_steps = [(p, min(start + timedelta(days=d), due)) for p, d in ladder.steps]
    assert s.due_date == due
    assert s.scheduled_date == ref_pay_date(today, due, ref_steps, Decimal(cost), ref_days)
    assert s.scheduled_date in runs.days
    assert not s.late or not [r for r in ref_days if today <= r <= due]  # never late when a run day allows
    if s.discount_date is not None:
        assert s.scheduled_date <= s.discount_date
        early = (due - s.discount_date).days
        rate = annual_rate(s.discount * 100 / Decimal(1000), early)
        assert rate is None or rate > cost


def test_scheduled_task_runs_on_run_days_only():
    from backoffice_auto.payables.rules_model import PayablesRules
    from backoffice_auto.payables.service import is_run_day
    from backoffice_auto.rules.settings_model import Settings

    rules, settings = PayablesRules(), Settings.model_validate({"company": {"country": "CZ"}})
    assert is_run_day(date(2026, 12, 1), rules, settings)  # Tuesday
    assert not is_run_day(date(2026, 12, 2), rules, settings)
    assert not is_run_day(date(2026, 12, 24), rules, settings)  # Thursday, Christmas Eve
    assert is_run_day(date(2026, 12, 23), rules, settings)  # where that run moved
