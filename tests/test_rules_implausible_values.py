"""Rule values no labour or tax law has (a slip of the keyboard: `125` for `1.25`, `1000` for
`100` %) are refused by `rules check` naming the file, line and bound, before anything is paid
or invoiced with them; values at the bound are still taken."""

from __future__ import annotations

import shutil

import pytest

from backoffice_auto.rules.check import check_rules, format_problems
from backoffice_auto.workspace import SAMPLES

RULE_SET = "rule_sets:\n  shop:\n    {key}: {value}\n"
CASES = [
    ("payroll.yaml", RULE_SET, "overtime_multiplier", "125", "10"),
    ("payroll.yaml", RULE_SET, "double_time_multiplier", "20", "10"),
    ("payroll.yaml", RULE_SET, "weekly_overtime_after", "400", "168"),
    ("payroll.yaml", RULE_SET, "daily_overtime_after", "25", "24"),
    ("payroll.yaml", RULE_SET, "daily_double_time_after", "30", "24"),
    ("payroll.yaml", RULE_SET, "seventh_day_double_after", "48", "24"),
    ("payroll.yaml", RULE_SET, "sunday_percent", "5000", "500"),
    ("payroll.yaml", RULE_SET, "holiday_percent", "100000", "500"),
    ("payroll.yaml", "rule_sets:\n  shop:\n    night:\n      {key}: {value}\n", "percent", "1000", "500"),
    ("payroll.yaml", "rule_sets:\n  shop:\n    auto_break:\n      {key}: {value}\n", "after_hours", "60", "24"),
    ("payroll.yaml", "{key}: {value}\n", "standard_hours_per_week", "400", "168"),
    ("orders.yaml", "invoicing:\n  {key}: {value}\n", "default_tax_rate", "210", "100"),
    ("invoices.yaml", "matching:\n  {key}: {value}\n", "price_tolerance_pct", "200", "100"),
    ("invoices.yaml", "matching:\n  {key}: {value}\n", "quantity_tolerance_pct", "500", "100"),
    ("invoices.yaml", "checks:\n  {key}: {value}\n", "rounding_tolerance", "5", "1"),
    ("invoices.yaml", "checks:\n  {key}: {value}\n", "tax_rate_tolerance", "50", "10"),
]


@pytest.mark.parametrize("name, template, key, value, bound", CASES, ids=[c[2] for c in CASES])
def test_an_implausible_value_is_refused_and_the_bound_is_taken(tmp_path, name, template, key, value, bound):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / name).write_text(template.format(key=key, value=value), encoding="utf-8")
    (problem,) = check_rules(tmp_path)
    line = template.format(key=key, value=value).splitlines().index(
        next(l for l in template.format(key=key, value=value).splitlines() if key in l)) + 1
    assert problem.render().startswith(f"rules/{name}:{line}:")
    assert problem.render().endswith(f"'{key}' must be at most {bound}, not {value}")
    assert format_problems([problem], language="cs").endswith(f"'{key}' smí být nejvýše {bound}, ne {value}")
    (rules / name).write_text(template.format(key=key, value=bound), encoding="utf-8")
    assert check_rules(tmp_path) == []


def test_the_sample_rules_stay_within_the_bounds(tmp_path):
    shutil.copytree(SAMPLES / "rules", tmp_path / "rules")
    assert check_rules(tmp_path) == []


#: A rule that breaks a check written in a rule model (not a bound pydantic knows), and the Czech
#: text `rules check` must print for it: the admin reads it in the workspace language, not English.
CHECKS = [
    ("payroll.yaml", "rule_sets:\n  a:\n    daily_overtime_after: 10\n    daily_double_time_after: 8\n",
     "'daily_double_time_after' nesmí být nižší než 'daily_overtime_after'"),
    ("payroll.yaml", "deductions:\n  - {name: tax, label: Tax, kind: percent}\n", "procentní srážka potřebuje 'rate'"),
    ("payroll.yaml", "deductions:\n  - {name: tax, label: Tax, kind: brackets, brackets: [{rate: 1}, {up_to: 5, rate: 2}]}\n",
     "pásma musí stoupat, jen poslední smí být bez 'up_to'"),
    ("payments.yaml", "matching:\n  auto_threshold: 80\n  suggest_threshold: 90\n",
     "'suggest_threshold' (90) nesmí být vyšší než 'auto_threshold' (80)"),
    ("payments.yaml", "ageing:\n  buckets: [60, 30]\n", "intervaly musí být rostoucí celé počty dní, od 1"),
    ("payments.yaml", "matching:\n  references:\n    - {name: x, pattern: '(unclosed'}\n", "není platný regulární výraz"),
    ("orders.yaml", "allocation:\n  order_by: [priority down]\n",
     "'priority down' není '<pole> [asc|desc]' s polem z: priority"),
    ("orders.yaml", "invoicing:\n  default_payment_terms: thirty days\n",
     "'thirty days' nejsou platební podmínky jako 'net 30'"),
    ("payables.yaml", "bank_file_currencies: [EURO]\n", "neznámá měna 'EURO' (použijte"),
    ("payables.yaml", "approvers:\n  - {name: Jana, email: a@example.com, limit: 10}\n  - {name: jana, email: b@example.com, limit: 20}\n",
     "schvalovatelé musí mít různá jména"),
    ("mail.yaml", "roles:\n  boss: [not-an-address]\n", "'not-an-address' není e-mailová adresa ani role:<název>"),
    ("watch.yaml", "ignore: ['a/b']\n", "'a/b' není vzor názvu souboru"),
    ("invoices.yaml", "review:\n  fields: [totl]\n", "neznámé pole 'totl'; použijte jedno z: supplier.name"),
    ("payments.yaml", "matching:\n  fees: {tolerance: amount}\n",
     "tolerance dává 100.00 jako bankovní poplatek u platby 100: bankovní poplatek je malá část platby"),
]


@pytest.mark.parametrize("name, text, czech", CHECKS, ids=[c[2][:30] for c in CHECKS])
def test_a_check_of_a_rule_model_speaks_the_admins_language(tmp_path, name, text, czech):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / name).write_text(text, encoding="utf-8")
    problems = check_rules(tmp_path)
    assert problems, text
    shown = format_problems(problems, language="cs")
    assert czech in shown, shown


def test_an_unknown_financial_calendar_or_a_negative_cash_limit_is_refused(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "payables.yaml").write_text("financial_calendars: [NYSEX]\ncash_limit: {EUR: -100}\n", encoding="utf-8")
    shown = format_problems(check_rules(tmp_path), language="pl")
    assert "rules/payables.yaml:1:" in shown and "nieznany kalendarz finansowy 'NYSEX'" in shown
    assert "rules/payables.yaml:2:" in shown and "limit gotówki dla EUR nie może być ujemny" in shown
    (rules / "payables.yaml").write_text("financial_calendars: [ECB, XWAR]\ncash_limit: {EUR: 0}\n", encoding="utf-8")
    assert check_rules(tmp_path) == []


def test_a_yaml_mistake_is_told_in_the_admins_words_and_language(tmp_path):
    """PyYAML's own words ('found character that cannot start any token') were shown in English
    in every language; the common editing mistakes are now said plainly and translated."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.yaml").write_text("ignore: [*.tmp]\n", encoding="utf-8")
    assert format_problems(check_rules(tmp_path), language="cs") == (
        "rules/watch.yaml:1:11: chyba syntaxe YAML: hodnota, která začíná * nebo &, musí být v uvozovkách, "
        "například '*.tmp' (zkontrolujte odsazení a uvozovky na tomto nebo předchozím řádku)")
    (rules / "watch.yaml").write_text("ignore:\n\t- '*.tmp'\n", encoding="utf-8")
    assert "błąd składni YAML: znak tabulacji; wcinaj spacjami" in format_problems(check_rules(tmp_path), language="pl")


def test_our_words_for_a_wrong_value_are_translated_too(tmp_path):
    """'not a list', 'not nothing' and unreadable payment terms were English inside a Czech line."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "settings.yaml").write_text("company:\n  name: [a, b]\nlanguage:\n", encoding="utf-8")
    (rules / "payables.yaml").write_text("default_payment_terms: net 99999\n", encoding="utf-8")
    shown = format_problems(check_rules(tmp_path), language="cs").splitlines()
    assert "rules/settings.yaml:2:9: 'name' musí být text, ne seznam" in shown
    assert "rules/settings.yaml:3:10: 'language' musí být jedno z 'en', 'cs', 'pl', 'es', 'fr', ne nic" in shown
    assert any(line.startswith("rules/payables.yaml:1:24: 'net 99999' nejsou platební podmínky") for line in shown)


def test_a_company_iban_one_digit_off_is_refused_before_it_goes_on_an_invoice(workspace):
    # the company's IBAN is printed on every sales invoice: one wrong digit passed `rules check`
    # and went out on the customers' invoices; a BIC of six letters passed too
    from conftest import run_cli_process, write_workbook

    settings = workspace.rules_dir / "settings.yaml"
    text = settings.read_text(encoding="utf-8").replace("language: en", "language: cs")
    settings.write_text(text.replace("iban: CZ6508000000192000145399", "iban: CZ6508000000192000145398").replace(
        "bic: GIBACZPX", "bic: GIBACZ"), encoding="utf-8")
    lines = settings.read_text(encoding="utf-8").splitlines()
    iban_line = next(n for n, line in enumerate(lines, 1) if "CZ6508000000192000145398" in line)
    checked = run_cli_process("rules", "check", "-w", str(workspace.root))
    assert checked.returncode == 1 and checked.stderr.splitlines()[1:] == [
        f"rules/settings.yaml:{iban_line}:9: 'CZ6508000000192000145398' není platný IBAN: nesedí kód země, délka nebo "
        "kontrolní číslice (opište jej z výpisu z účtu)",
        f"rules/settings.yaml:{iban_line + 1}:8: 'GIBACZ' není platný BIC (BIC má 8 nebo 11 písmen a číslic, např. "
        "GIBACZPX)"], checked.stderr
    order = write_workbook(workspace.inbox / "orders" / "order.xlsx", {"Orders": [
        ["order_id", "order_date", "customer_id", "sku", "quantity"], ["O1", "2026-11-16", "C1", "A1", 1]]})
    processed = run_cli_process("process", "-w", str(workspace.root))
    assert processed.returncode == 2 and "není platný IBAN" in processed.stderr, processed.stderr
    assert order.exists() and not any(workspace.outbox.rglob("*.pdf"))
