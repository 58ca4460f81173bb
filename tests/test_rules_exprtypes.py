"""`Condition`/`Formula` rule fields: compiled at load against their names, evaluated in Decimal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.expr import ExpressionError
from backoffice_auto.rules.exprtypes import Condition, Formula, Names, fields
from backoffice_auto.rules.loader import load_rules

BILL = Names("bill.total", "bill.currency", "supplier", "today") | fields("po", ["number", "open"])


class Hold(StrictModel):
    when: Condition[BILL]
    reason: str = "held"
    amount: Formula[BILL] | None = None


class Payables(StrictModel):
    holds: list[Hold] = []


def write(root: Path, rel: str, text: str) -> None:
    path = root / "rules" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def problems(root: Path) -> list[str]:
    return [p.render() for p in load_rules(root / "rules", {"payables.yaml": Payables}).problems]


def test_condition_and_formula_are_compiled_and_evaluated_in_decimal():
    hold = Hold.model_validate({"when": "bill.total > 10000 and supplier.country != 'CZ'",
                                "amount": "round(bill.total * 0.02, 2)"})
    context = {"bill": {"total": Decimal("12000.50"), "currency": "EUR"}, "supplier": {"country": "PL"}}
    assert hold.when.holds(context) is True
    assert hold.amount.value(context) == Decimal("240.01")
    assert hold.when.text == "bill.total > 10000 and supplier.country != 'CZ'"


def test_yaml_numbers_and_booleans_become_expressions():
    hold = Hold.model_validate({"when": True, "amount": 5})
    assert hold.when.holds({}) is True
    assert hold.amount.value({}) == Decimal(5)


def test_model_dump_gives_the_text_back():
    hold = Hold.model_validate({"when": "bill.total > 1"})
    assert hold.model_dump() == {"when": "bill.total > 1", "reason": "held", "amount": None}
    assert Hold.model_validate(hold.model_dump()) == hold


def test_unknown_name_is_a_rules_check_problem_with_line_column_and_suggestion(tmp_path):
    write(tmp_path, "payables.yaml", "holds:\n  - when: bill.total > 5 and suplier.country == 'PL'\n")
    assert problems(tmp_path) == [
        "rules/payables.yaml:2:30: unknown name 'suplier' (did you mean 'supplier'?)"]


def test_declared_fields_of_a_record_are_checked(tmp_path):
    write(tmp_path, "payables.yaml", "holds:\n  - when: bill.totl > 5\n")
    assert problems(tmp_path) == [
        "rules/payables.yaml:2:11: unknown name 'bill.totl' (did you mean 'bill.total'?)"]
    write(tmp_path, "payables.yaml", "holds:\n  - when: po.open and po.number != none\n")
    assert problems(tmp_path) == []


def test_syntax_error_and_forbidden_construct_are_reported_at_load(tmp_path):
    write(tmp_path, "payables.yaml", "holds:\n  - when: bill.total >\n  - when: \"__import__('os')\"\n")
    assert problems(tmp_path) == [
        "rules/payables.yaml:2:23: the expression ends too early",
        "rules/payables.yaml:3:12: '__import__' is not allowed: names starting with '_' are internal"]


def test_a_condition_must_give_true_or_false():
    hold = Hold.model_validate({"when": "bill.total"})
    with pytest.raises(ExpressionError) as info:
        hold.when.holds({"bill": {"total": 3}})
    assert "true or false" in str(info.value)


def test_a_formula_must_give_a_number():
    hold = Hold.model_validate({"when": "true", "amount": "bill.currency"})
    with pytest.raises(ExpressionError) as info:
        hold.amount.value({"bill": {"currency": "EUR"}})
    assert "number" in str(info.value)


def test_run_time_error_names_the_column():
    hold = Hold.model_validate({"when": "true", "amount": "bill.total / 0"})
    with pytest.raises(ExpressionError) as info:
        hold.amount.value({"bill": {"total": 1}})
    assert info.value.offset is not None and "division by zero" in str(info.value)


def test_compile_outside_a_model_and_validation_of_an_instance():
    condition = Condition.compile("x > 1")
    assert condition.holds({"x": 2}) is True
    assert Hold(when=Condition.compile("bill.total > 1")).when == condition.compile("bill.total > 1")
    with pytest.raises(ValidationError):
        Hold(when=Condition.compile("x > 1"))  # x is not offered by BILL


def test_names_describe():
    assert Names("b", ["a", "c.d"]).describe() == "a, b, c.d"
