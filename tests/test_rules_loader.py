"""The rule-file loader: positions, strictness, includes, unknown files, the hash."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import Field

from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.expr import ExprStr, compile_expression, expr_with_names
from backoffice_auto.rules.loader import LiveRules, Rules, load_rules
from backoffice_auto.rules.settings_model import Settings
from backoffice_auto.rules.yamlpos import load_yaml


def write(root: Path, rel: str, text: str) -> Path:
    path = root / "rules" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rendered(root: Path, registry=None) -> list[str]:
    return [p.render() for p in load_rules(root / "rules", registry).problems]


# A small registry of test models, so the loader is tested without depending on job models.


class Step(StrictModel):
    when: ExprStr = "True"
    amount: Decimal = Decimal(0)


class Allocation(StrictModel):
    order_by: list[str] = ["priority desc"]
    ship_complete: bool = False
    steps: list[Step] = []


class Orders(StrictModel):
    allocation: Allocation = Allocation()
    fee: expr_with_names(["quantity", "unit_price", "customer.priority"]) = "0"
    tiers: dict[str, Step] = {}


class Template(StrictModel):
    supplier: str = ""


REGISTRY = {
    "settings.yaml": Settings,
    "orders.yaml": Orders,
    "invoices/templates/*.yaml": Template,
}


def test_yaml_positions_of_keys_and_values():
    doc = load_yaml("allocation:\n  order_by:\n    - priority desc\n    - order_date\n", "rules/orders.yaml")
    assert doc.data == {"allocation": {"order_by": ["priority desc", "order_date"]}}
    pos = doc.positions[("allocation", "order_by", 1)]
    assert (pos.value.line, pos.value.col) == (4, 7)
    key = doc.positions[("allocation", "order_by")].key
    assert (key.line, key.col) == (2, 3)


def test_misspelt_key_names_line_col_and_suggests(tmp_path):
    write(tmp_path, "orders.yaml", "allocation:\n  order_by: [priority desc]\n  ship_complet: true\n")
    assert rendered(tmp_path, REGISTRY) == [
        "rules/orders.yaml:3:3: unknown key 'ship_complet' (did you mean 'ship_complete'?)"]


def test_misspelt_key_in_real_settings(tmp_path):
    write(tmp_path, "settings.yaml", "company:\n  name: ACME\n  contry: CZ\n")
    assert rendered(tmp_path) == [
        "rules/settings.yaml:3:3: unknown key 'contry' (did you mean 'country'?)"]


def test_unknown_key_without_near_match_lists_allowed_keys(tmp_path):
    write(tmp_path, "settings.yaml", "smtp:\n  zzz: 1\n")
    assert rendered(tmp_path) == [
        "rules/settings.yaml:2:3: unknown key 'zzz' (allowed keys here: host, port, security, user, from, "
        "connect_timeout_seconds, command_timeout_seconds, data_timeout_seconds)"]


def test_yaml_syntax_error_is_a_problem_with_position(tmp_path):
    write(tmp_path, "settings.yaml", "company:\n  name: [ACME\nlanguage: en\n")
    result = load_rules(tmp_path / "rules")
    assert result.rules is None
    (problem,) = result.problems
    assert problem.file == "rules/settings.yaml"
    # the line where the bracket was opened, not the next one where PyYAML noticed
    assert (problem.line, problem.col) == (2, 9) and problem.message.startswith("YAML syntax error")


def test_wrong_type_points_at_the_value(tmp_path):
    write(tmp_path, "settings.yaml", "limits:\n  max_rows: lots\n")
    assert rendered(tmp_path) == [
        "rules/settings.yaml:2:13: 'max_rows' must be a whole number, not 'lots'"]


def test_yes_no_read_as_boolean_gets_a_quoting_hint(tmp_path):
    write(tmp_path, "settings.yaml", "company:\n  country: NO\n")
    (line,) = rendered(tmp_path)
    assert line.startswith("rules/settings.yaml:2:12: 'country' must be text, not false")
    assert "quotes" in line


def test_every_problem_of_every_file_is_reported(tmp_path):
    write(tmp_path, "settings.yaml", "languag: en\ncurrency: EURO\n")
    write(tmp_path, "orders.yaml", "allocation:\n  ship_complete: maybe\n")
    lines = rendered(tmp_path, REGISTRY)
    assert len(lines) == 3
    assert lines[0].startswith("rules/orders.yaml:2:18: 'ship_complete' must be true or false")
    assert lines[1].startswith("rules/settings.yaml:1:1: unknown key 'languag' (did you mean 'language'?)")
    assert lines[2].startswith("rules/settings.yaml:2:11: unknown currency 'EURO'")


def test_absent_files_give_default_models_and_the_glob_group(tmp_path):
    write(tmp_path, "invoices/templates/acme.yaml", "supplier: ACME\n")
    result = load_rules(tmp_path / "rules", REGISTRY)
    assert result.ok, result.problems
    rules = result.rules
    assert rules.settings == Settings()
    assert rules.orders == Orders()
    assert rules.invoice_templates == {"acme": Template(supplier="ACME")}
    assert rules.hash == result.hash and len(result.hash) == 64


def test_real_registry_gives_one_attribute_per_file(tmp_path):
    (tmp_path / "rules").mkdir()
    rules = load_rules(tmp_path / "rules").rules
    for name in ("settings", "mail", "masterdata", "orders", "invoices", "payroll", "invoice_templates"):
        assert getattr(rules, name) is not None
    with pytest.raises(AttributeError):
        rules.settings = None


def test_include_merges_mappings_and_the_file_wins(tmp_path):
    write(tmp_path, "common/company.yaml",
          "company:\n  name: From Include\n  country: SK\nlimits:\n  max_rows: 10\n")
    write(tmp_path, "settings.yaml", "include: common/company.yaml\ncompany:\n  name: Own Name\n")
    rules = load_rules(tmp_path / "rules").rules
    assert rules.settings.company.name == "Own Name"
    assert rules.settings.company.country == "SK"
    assert rules.settings.limits.max_rows == 10


def test_include_positions_point_into_the_included_file(tmp_path):
    write(tmp_path, "common.yaml", "# shared\nlimits:\n  max_rowz: 10\n")
    write(tmp_path, "settings.yaml", "include: [common.yaml]\nlanguage: cs\n")
    assert rendered(tmp_path) == [
        "rules/common.yaml:3:3: unknown key 'max_rowz' (did you mean 'max_rows'?)"]


def test_later_includes_override_earlier_ones(tmp_path):
    write(tmp_path, "a.yaml", "language: cs\ncurrency: CZK\n")
    write(tmp_path, "b.yaml", "language: pl\n")
    write(tmp_path, "settings.yaml", "include:\n  - a.yaml\n  - b.yaml\n")
    settings = load_rules(tmp_path / "rules").rules.settings
    assert (settings.language, settings.currency) == ("pl", "CZK")


def test_include_cycle_is_reported(tmp_path):
    write(tmp_path, "a.yaml", "include: b.yaml\n")
    write(tmp_path, "b.yaml", "include: a.yaml\n")
    write(tmp_path, "settings.yaml", "include: a.yaml\n")
    lines = rendered(tmp_path)
    assert lines == ["rules/b.yaml:1:10: include cycle: rules/settings.yaml -> rules/a.yaml "
                     "-> rules/b.yaml -> rules/a.yaml"]


def test_self_include_is_a_cycle(tmp_path):
    write(tmp_path, "settings.yaml", "include: settings.yaml\n")
    assert rendered(tmp_path) == [
        "rules/settings.yaml:1:10: include cycle: rules/settings.yaml -> rules/settings.yaml"]


def test_missing_include_is_reported_with_suggestion(tmp_path):
    write(tmp_path, "common.yaml", "language: cs\n")
    write(tmp_path, "settings.yaml", "include: [comon.yaml]\n")
    stray, missing = rendered(tmp_path)
    # common.yaml is included by nobody now, so it is a stray file as well (no near name)
    assert stray == ("rules/common.yaml:1:1: unknown rule file 'rules/common.yaml' (docs/rules.md lists "
                     "the rule files; a shared file must be included by one of them)")
    assert missing == ("rules/settings.yaml:1:11: included file 'comon.yaml' not found "
                       "(did you mean 'common.yaml'?)")


def test_include_outside_rules_is_refused(tmp_path):
    (tmp_path / "secret.yaml").write_text("language: cs\n")
    write(tmp_path, "settings.yaml", "include: ../secret.yaml\n")
    assert rendered(tmp_path) == [
        "rules/settings.yaml:1:10: included file '../secret.yaml' is outside the rules folder"]


def test_unknown_rule_file_suggests_the_registered_name(tmp_path):
    write(tmp_path, "ordrs.yaml", "allocation: {}\n")
    assert rendered(tmp_path) == [
        "rules/ordrs.yaml:1:1: unknown rule file 'rules/ordrs.yaml' (did you mean orders.yaml?)"]


def test_yml_suffix_is_an_unknown_file(tmp_path):
    write(tmp_path, "settings.yml", "language: cs\n")
    assert rendered(tmp_path) == [
        "rules/settings.yml:1:1: unknown rule file 'rules/settings.yml' (did you mean settings.yaml?)"]


def test_included_only_files_are_not_unknown(tmp_path):
    write(tmp_path, "shared/limits.yaml", "limits:\n  max_rows: 5\n")
    write(tmp_path, "settings.yaml", "include: shared/limits.yaml\n")
    result = load_rules(tmp_path / "rules")
    assert result.ok, result.problems


def test_a_template_included_by_another_is_a_shared_part(tmp_path):
    write(tmp_path, "invoices/templates/base.yaml", "supplier: Base\n")
    write(tmp_path, "invoices/templates/acme.yaml", "include: base.yaml\n")
    result = load_rules(tmp_path / "rules", REGISTRY)
    assert result.ok, result.problems
    assert result.rules.invoice_templates == {"acme": Template(supplier="Base")}


def test_expression_problems_point_inside_the_value(tmp_path):
    write(tmp_path, "orders.yaml", "fee: quantity * unit_prize\nallocation:\n  steps:\n"
                                   "    - when: \"__import__('os')\"\n")
    assert rendered(tmp_path, REGISTRY) == [
        "rules/orders.yaml:1:17: unknown name 'unit_prize' (did you mean 'unit_price'?)",
        "rules/orders.yaml:4:14: '__import__' is not allowed: names starting with '_' are internal",
    ]


def test_dict_of_models_error_location(tmp_path):
    write(tmp_path, "orders.yaml", "tiers:\n  gold:\n    amount: 5\n    whenn: x > 1\n")
    assert rendered(tmp_path, REGISTRY) == [
        "rules/orders.yaml:4:5: unknown key 'whenn' (did you mean 'when'?)"]


class NeedsIssuer(StrictModel):
    issuer: str


def test_missing_required_key_and_missing_file(tmp_path):
    write(tmp_path, "template.yaml", "keywords: [x]\n")
    registry = {"template.yaml": NeedsIssuer, "other.yaml": NeedsIssuer}
    assert rendered(tmp_path, registry) == [
        "rules/other.yaml:1:1: rule file is missing (it needs the keys: issuer)",
        "rules/template.yaml:1:1: missing required key 'issuer'",
        "rules/template.yaml:1:1: unknown key 'keywords' (allowed keys here: issuer)",
    ]


def test_top_level_must_be_a_mapping(tmp_path):
    write(tmp_path, "settings.yaml", "- a\n- b\n")
    assert rendered(tmp_path) == [
        "rules/settings.yaml:1:1: a rule file must hold keys (a mapping) at the top, not a list"]


def test_duplicate_key_is_reported(tmp_path):
    write(tmp_path, "settings.yaml", "language: cs\nlanguage: pl\n")
    assert rendered(tmp_path) == [
        "rules/settings.yaml:2:1: key 'language' appears twice (first on line 1)"]


def test_empty_file_is_all_defaults(tmp_path):
    write(tmp_path, "settings.yaml", "# nothing yet\n")
    assert load_rules(tmp_path / "rules").rules.settings == Settings()


def test_python_tags_are_refused(tmp_path):
    write(tmp_path, "settings.yaml", "company:\n  name: !!python/object/apply:os.system ['true']\n")
    (problem,) = load_rules(tmp_path / "rules").problems
    assert problem.line == 2 and "YAML syntax error" in problem.message


def test_hash_changes_with_content_and_name(tmp_path):
    write(tmp_path, "settings.yaml", "language: cs\n")
    first = load_rules(tmp_path / "rules").hash
    write(tmp_path, "settings.yaml", "language: pl\n")
    second = load_rules(tmp_path / "rules").hash
    assert first != second
    assert load_rules(tmp_path / "rules").hash == second


def test_live_rules_keep_the_last_good_rules(tmp_path):
    write(tmp_path, "settings.yaml", "language: cs\n")
    live = LiveRules(tmp_path / "rules")
    assert live.current().settings.language == "cs" and not live.stale
    write(tmp_path, "settings.yaml", "language: [cs\n")
    assert live.current().settings.language == "cs"
    assert live.stale and live.problems
    write(tmp_path, "settings.yaml", "language: fr\n")
    assert live.current().settings.language == "fr" and not live.stale


def test_rules_defaults():
    rules = Rules.defaults()
    assert rules.settings == Settings()
    assert rules.invoice_templates == {}


def test_expr_str_is_kept_as_text_and_compiles():
    step = Step(when="amount > 5", amount=1)
    assert compile_expression(step.when).evaluate({"amount": 6}) is True
    assert Step(when=1).when == "1"
