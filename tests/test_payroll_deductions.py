"""Deductions: effective dates, percent with caps, brackets, fixed; exact cents; net = gross - sum."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st
from pydantic import ValidationError

from backoffice_auto.payroll.deductions import deduct, in_force
from backoffice_auto.payroll.rules_model import Deduction, PayrollRules

RULES = PayrollRules.model_validate({"deductions": [
    {"name": "pension", "kind": "percent", "rate": "6.5", "effective_to": "2026-06-30"},
    {"name": "pension", "kind": "percent", "rate": "7", "cap": "300", "effective_from": "2026-07-01"},
    {"name": "health", "kind": "percent", "rate": "4.5", "base_cap": "5000"},
    {"name": "tax", "kind": "brackets", "brackets": [{"up_to": "1000", "rate": "0"},
                                                    {"up_to": "3000", "rate": "15"},
                                                    {"rate": "23"}]},
    {"name": "union", "kind": "fixed", "amount": "12.50", "countries": ["CZ"]},
    {"name": "meal", "kind": "fixed", "amount": "40", "pay_types": ["salaried"]},
]})


def amounts(on, gross, country="CZ", pay_type="hourly"):
    rows = in_force(RULES.deductions, on, rule_set="eu-example", country=country, pay_type=pay_type)
    return {line.name: line.amount for line in deduct(rows, Decimal(gross), "EUR")}


def test_effective_dates_pick_the_row_in_force():
    assert amounts(date(2026, 6, 30), "2000")["pension"] == Decimal("130.00")
    assert amounts(date(2026, 7, 1), "2000")["pension"] == Decimal("140.00")
    assert amounts(date(2026, 7, 1), "10000")["pension"] == Decimal("300.00")  # capped


def test_percent_with_base_cap_brackets_and_fixed():
    got = amounts(date(2026, 3, 31), "6000")
    assert got["health"] == Decimal("225.00")  # 4.5 % of 5000
    assert got["tax"] == Decimal("990.00")  # 0 + 2000 x 15 % + 3000 x 23 %
    assert got["union"] == Decimal("12.50")
    assert "meal" not in got
    assert "union" not in amounts(date(2026, 3, 31), "6000", country="PL")
    assert amounts(date(2026, 3, 31), "6000", pay_type="salaried")["meal"] == Decimal("40.00")


def test_deductions_never_exceed_gross():
    got = amounts(date(2026, 3, 31), "10")
    assert sum(got.values()) <= Decimal("10")


def test_invalid_deduction_rows_are_refused():
    with pytest.raises(ValidationError):
        Deduction(name="x", kind="percent")
    with pytest.raises(ValidationError):
        Deduction(name="x", kind="brackets", brackets=[{"rate": 1}, {"up_to": 5, "rate": 2}])
    with pytest.raises(ValidationError):
        PayrollRules.model_validate({"deductoins": []})


@given(gross=st.decimals(min_value=0, max_value=1_000_000, places=2))
def test_every_deduction_is_in_cents_and_net_adds_up(gross):
    rows = in_force(RULES.deductions, date(2026, 8, 1), country="CZ", pay_type="salaried")
    lines = deduct(rows, gross, "EUR")
    for line in lines:
        assert line.amount == line.amount.quantize(Decimal("0.01"))
        assert line.amount >= 0
    total = sum((line.amount for line in lines), Decimal(0))
    assert total <= gross
    assert gross - total >= 0


@given(gross=st.decimals(min_value=0, max_value=100_000, places=2))
def test_brackets_are_monotonic(gross):
    tax = [d for d in RULES.deductions if d.name == "tax"]
    low = deduct(tax, gross, "EUR")[0].amount
    high = deduct(tax, gross + Decimal("0.01"), "EUR")[0].amount
    assert high >= low
