"""rules/orders.yaml: the sample is valid and every mistake is reported at its line and column."""

from __future__ import annotations

from pathlib import Path

from backoffice_auto.orders.rules_model import OrdersRules
from backoffice_auto.rules.loader import load_rules
from backoffice_auto.workspace import SAMPLES


def _problems(tmp_path: Path, text: str) -> list[str]:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "orders.yaml").write_text(text, encoding="utf-8")
    return [p.render() for p in load_rules(rules).problems]


def test_sample_orders_yaml_is_valid_and_equals_the_defaults(tmp_path):
    result = load_rules(SAMPLES / "rules")
    assert not result.problems
    assert result.rules.orders == OrdersRules()


def test_mistakes_are_named_with_their_position(tmp_path):
    lines = _problems(tmp_path, "allocation:\n  ship_complet: true\n  order_by: [priority down]\n"
                                "invoicing:\n  number_format: 'INV-{yr}'\n  default_payment_terms: thirty days\n")
    assert lines[0] == "rules/orders.yaml:2:3: unknown key 'ship_complet' (did you mean 'ship_policy'?)"
    assert lines[1].startswith("rules/orders.yaml:3:13: ") and "'priority down' is not '<field> [asc|desc]'" in lines[1]
    assert lines[2].startswith("rules/orders.yaml:5:18: ") and "unknown placeholder '{yr}'" in lines[2]
    assert lines[3].startswith("rules/orders.yaml:6:26: ") and "'thirty days' is not payment terms" in lines[3]
    assert len(lines) == 4


def test_yearly_sequence_and_safety_stock_per_item():
    rules = OrdersRules.model_validate({"invoicing": {"sequence": "sales_invoice_{year}"},
                                        "allocation": {"safety_stock": 2, "safety_stock_items": {"SKU-1": 5}}})
    assert rules.allocation.safety_for("SKU-1") == 5 and rules.allocation.safety_for("SKU-2") == 2
