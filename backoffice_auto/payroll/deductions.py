"""Deductions as a table of rules with effective dates: percent (with caps), brackets, fixed.

Which row applies is decided by the payslip's period end (the pay date's period): among
the rows of one name that are in force then and match the employee's rule set, country
and pay type, the one that took effect last wins, so a rate change is a new row, never
an edit of history. Each deduction is rounded half-up to the minor unit on its own and
never takes more than what is left of gross, so net is never negative.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Mapping

from backoffice_auto.payroll.formulas import formula_deduction
from backoffice_auto.payroll.model import DeductionLine
from backoffice_auto.payroll.pay import money
from backoffice_auto.payroll.rules_model import Deduction


def in_force(deductions: list[Deduction], on: date, *, rule_set: str | None = None,
             country: str | None = None, pay_type: str | None = None) -> list[Deduction]:
    """The deduction rows that apply on `on`, one per name, in the order names first appear."""
    chosen: dict[str, Deduction] = {}
    order: list[str] = []
    for d in deductions:
        if d.name not in order:
            order.append(d.name)
        if d.effective_from and on < d.effective_from:
            continue
        if d.effective_to and on > d.effective_to:
            continue
        if d.rule_sets and rule_set not in d.rule_sets:
            continue
        if d.countries and (country or "").upper() not in {c.upper() for c in d.countries}:
            continue
        if d.pay_types and pay_type not in d.pay_types:
            continue
        current = chosen.get(d.name)
        if current is None or (d.effective_from or date.min) >= (current.effective_from or date.min):
            chosen[d.name] = d
    return [chosen[name] for name in order if name in chosen]


def amount_for(deduction: Deduction, gross: Decimal) -> Fraction:
    """The unrounded amount of one deduction on a gross amount."""
    base = Fraction(gross)
    if deduction.kind == "fixed":
        return Fraction(deduction.amount)
    if deduction.kind == "percent":
        if deduction.base_cap is not None:
            base = min(base, Fraction(deduction.base_cap))
        value = base * Fraction(deduction.rate) / 100
    else:
        value = Fraction(0)
        lower = Fraction(0)
        for bracket in deduction.brackets:
            upper = Fraction(bracket.up_to) if bracket.up_to is not None else None
            top = base if upper is None else min(base, upper)
            if top > lower:
                value += (top - lower) * Fraction(bracket.rate) / 100
            if upper is None or base <= upper:
                break
            lower = upper
    if deduction.cap is not None:
        value = min(value, Fraction(deduction.cap))
    return max(value, Fraction(0))


def deduct(deductions: list[Deduction], gross: Decimal, currency: str,
           context: Mapping[str, Any] | None = None) -> list[DeductionLine]:
    """Rounded deduction lines for a gross amount; together they never exceed gross.

    `context` holds the names a `kind: formula` deduction reads (`formulas.pay_context`).
    """
    left = gross
    lines = []
    for d in deductions:
        if d.kind == "formula":
            value = formula_deduction(d, context or {"gross": gross}, left, currency)
            if d.cap is not None:
                value = min(value, money(Fraction(d.cap), currency))
            amount = min(value, left)
        else:
            amount = min(money(amount_for(d, gross), currency), left)
        left -= amount
        lines.append(DeductionLine(d.name, d.label or d.name, amount, tuple(sorted(d.labels.items()))))
    return lines
