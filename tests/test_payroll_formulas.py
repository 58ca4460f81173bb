"""payroll.yaml formulas: premiums (all apply) and `kind: formula` deductions (in order, with `left`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, strategies as st
from openpyxl import load_workbook
from pydantic import ValidationError

from backoffice_auto.books.store import Store
from backoffice_auto.payroll.deductions import deduct
from backoffice_auto.payroll.formulas import FormulaFailed, pay_context, premium_lines
from backoffice_auto.payroll.rules_model import Deduction, PayrollRules, RuleSet
from backoffice_auto.rules.loader import load_rules

from conftest import write_workbook
from test_payroll_job import setup, timesheet_rows
from test_rules_doc_examples import doc_yaml_examples

D = Decimal
EMPLOYEE = {"employee_id": "E1", "department": "Warehouse", "hourly_rate": D("12.40"), "country": "CZ"}
HOURS = {"regular": D("80.00"), "overtime": D("4.00"), "double_time": D(0), "night": D("24.50"),
         "sunday": D(0), "holiday": D(0)}


def context(gross="1000.00", days=10, rate=D("12.40")):
    return pay_context(EMPLOYEE, HOURS, rate, D(gross), date(2026, 3, 2), date(2026, 3, 13), days)


def docs_rules() -> PayrollRules:
    (text,) = [block for rel, block in doc_yaml_examples() if rel == "payroll.yaml"]
    return PayrollRules.model_validate(yaml.safe_load(text))


def test_the_docs_example_premiums_all_apply_in_order():
    rules = docs_rules().rule_set("warehouse")
    lines = premium_lines(rules, context(), "EUR")
    # 10 days x 4.50; 24.5 night hours x 12.40 x 10 % = 30.38
    assert [(x.code, x.amount, x.label) for x in lines] == [
        ("premium:long_day_meal", D("45.00"), "Meal allowance"),
        ("premium:night_shift_bonus", D("30.38"), "night_shift_bonus")]
    assert dict(lines[0].labels)["cs"] == "Stravné"
    assert premium_lines(rules, context(days=4), "EUR")[0].code == "premium:night_shift_bonus"


def test_the_docs_example_deductions_take_their_formulas_in_order():
    rules = docs_rules()
    lines = deduct(rules.deductions, D("1000.00"), "EUR", context())
    assert [(x.name, x.amount) for x in lines] == [("union_fee", D("10.00")), ("canteen", D("22.00"))]
    big = deduct(rules.deductions, D("3000.00"), "EUR", context("3000.00"))
    assert big[0].amount == D("15.00")  # min(30.00, 15)
    poor = deduct(rules.deductions, D("12.00"), "EUR", context("12.00"))
    assert [x.amount for x in poor] == [D("0.12"), D("11.88")]  # canteen takes what is left


def test_the_docs_example_loads_as_a_rule_file(tmp_path):
    (text,) = [block for rel, block in doc_yaml_examples() if rel == "payroll.yaml"]
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "payroll.yaml").write_text(text, encoding="utf-8")
    assert load_rules(tmp_path / "rules").ok


def test_a_failing_formula_names_the_key_and_expression():
    rules = RuleSet.model_validate({"premiums": [{"name": "x", "amount": "gross / hours.sunday"}]})
    with pytest.raises(FormulaFailed) as info:
        premium_lines(rules, context(), "EUR")
    assert info.value.key == "premiums[0] (x) amount" and info.value.text == "gross / hours.sunday"


def test_negative_results_count_as_zero_and_a_cap_applies():
    rules = PayrollRules.model_validate({"deductions": [
        {"name": "refund", "kind": "formula", "formula": "-5"},
        {"name": "capped", "kind": "formula", "formula": "gross", "cap": "7.5"}]})
    assert [x.amount for x in deduct(rules.deductions, D(100), "EUR", context("100"))] == [D("0.00"), D("7.50")]


def test_formula_goes_with_kind_formula():
    with pytest.raises(ValidationError):
        Deduction(name="x", kind="formula")
    with pytest.raises(ValidationError):
        Deduction.model_validate({"name": "x", "kind": "fixed", "amount": 1, "formula": "1"})


def test_unknown_name_in_a_premium_is_a_rules_check_problem(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "payroll.yaml").write_text(
        "rule_sets:\n  night:\n    premiums:\n      - name: x\n        amount: hours.nigth * 2\n")
    assert [p.render() for p in load_rules(tmp_path / "rules").problems] == [
        "rules/payroll.yaml:5:17: unknown name 'hours.nigth' (did you mean 'hours.night'?)"]


def reference_left(amounts: list[Decimal], gross: Decimal) -> list[Decimal]:
    """Each deduction takes min(its amount, what is left); negatives are zero."""
    out = []
    left = gross
    for a in amounts:
        take = min(max(a, D(0)), left)
        out.append(take)
        left -= take
    return out


@given(gross=st.decimals(min_value=0, max_value=100_000, places=2),
       amounts=st.lists(st.decimals(min_value=-100, max_value=50_000, places=2), max_size=5))
def test_formula_deductions_match_the_reference(gross, amounts):
    rules = PayrollRules.model_validate({"deductions": [
        {"name": f"d{i}", "kind": "formula", "formula": str(a)} for i, a in enumerate(amounts)]})
    lines = deduct(rules.deductions, gross, "EUR", context(str(gross)))
    assert [x.amount for x in lines] == reference_left(amounts, gross)
    assert sum(x.amount for x in lines) <= gross


def test_premium_and_deduction_formulas_in_a_real_payroll_job(workspace):
    (workspace.rules_dir / "payroll.yaml").write_text(yaml.safe_dump({
        "rule_sets": {"eu-example": {"night": {"percent": 25}, "premiums": [
            {"name": "attendance", "label": "Attendance bonus", "when": "days_worked >= 10", "amount": "50"}]}},
        "deductions": [{"name": "canteen", "kind": "formula", "formula": "days_worked * 2.5"}]}))
    pipeline = setup(workspace)
    sheet = write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": timesheet_rows()})
    result = pipeline.process_paths([sheet])[0]
    assert result["status"] == "done", result["messages"]
    pipeline.close()
    store = Store(workspace.db_path)
    try:
        books = store.read()
        slips = {s["employee_id"]: s for s in books.rows("payslips")}
        lines = {(r["employee_id"], r["code"]): r["amount"] for r in books.rows("payslip_lines")}
    finally:
        store.close()
    assert lines[("E001", "premium:attendance")] == D("50.00")  # 11 days with time
    assert {d["name"]: D(d["amount"]) for d in slips["E001"]["deductions"]}["canteen"] == D("27.50")
    assert ("E003", "premium:attendance") not in lines  # us-california: no premiums there
    register = next(workspace.root.glob("outbox/*/*/payroll-register-march.xlsx"))
    header = next(load_workbook(register).active.iter_rows(values_only=True))
    assert "Attendance bonus" in header
