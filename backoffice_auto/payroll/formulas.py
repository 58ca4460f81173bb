"""Formula premiums and formula deductions of payroll.yaml: the names they see and their lines.

Why apart from `pay.py` and `deductions.py`: those are the legal arithmetic (FLSA regular
rate, brackets) in exact fractions; these are the workspace's own additions written as
expressions, evaluated in Decimal over one payslip's figures. Evaluation order
(docs/rules.md, payroll.yaml): a rule set's `premiums` all apply, each seeing the gross of
the built-in lines (so their order is only the order of the lines); deductions, formula
ones included, are taken in the listed order, each seeing what earlier ones `left`.
Every amount is rounded half-up to the currency's minor unit once; a negative premium or
deduction counts as zero.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Mapping

from backoffice_auto.money import quantum
from backoffice_auto.payroll.model import PayLine
from backoffice_auto.payroll.rules_model import EMPLOYEE_FIELDS, RuleSet
from backoffice_auto.rules.expr import ExpressionError


class FormulaFailed(Exception):
    """A premium or deduction formula failed for one employee: which key, its text, why."""

    def __init__(self, key: str, text: str, error: ExpressionError):
        super().__init__(f"{key}: {text}: {error}")
        self.key, self.text, self.error = key, text, error


def pay_context(employee: Mapping[str, Any], hours: Mapping[str, Decimal], rate: Fraction | Decimal | None,
                gross: Decimal, period_start: date, period_end: date, days_worked: int) -> dict:
    """The names of PAY_NAMES for one payslip (`left` is added per deduction)."""
    if isinstance(rate, Fraction):
        rate = Decimal(rate.numerator) / Decimal(rate.denominator)
    return {"gross": gross, "rate": rate, "period_start": period_start, "period_end": period_end,
            "days_worked": days_worked, "hours": dict(hours),
            "employee": {name: employee.get(name) for name in EMPLOYEE_FIELDS}}


def _money(value: Decimal, currency: str) -> Decimal:
    value = value.quantize(quantum(currency), ROUND_HALF_UP)
    return value if value > 0 else Decimal(0).quantize(quantum(currency))


def premium_lines(rules: RuleSet, context: Mapping[str, Any], currency: str) -> list[PayLine]:
    """One pay line per premium whose `when` holds (all apply), in the listed order."""
    lines = []
    for index, premium in enumerate(rules.premiums):
        key = f"premiums[{index}] ({premium.name})"
        try:
            applies = premium.when is None or premium.when.holds(context)
        except ExpressionError as exc:
            raise FormulaFailed(key + " when", premium.when.text, exc) from None
        if not applies:
            continue
        try:
            amount = premium.amount.value(context)
        except ExpressionError as exc:
            raise FormulaFailed(key + " amount", premium.amount.text, exc) from None
        lines.append(PayLine(f"premium:{premium.name}", None, None, _money(amount, currency),
                             premium.label or premium.name, tuple(sorted(premium.labels.items()))))
    return lines


def formula_deduction(deduction, context: Mapping[str, Any], left: Decimal, currency: str) -> Decimal:
    """A `kind: formula` deduction's amount before the cap and the `left` limit."""
    try:
        value = deduction.formula.value({**context, "left": left})
    except ExpressionError as exc:
        raise FormulaFailed(f"deductions {deduction.name}", deduction.formula.text, exc) from None
    return _money(value, currency)
