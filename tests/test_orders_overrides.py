"""orders.yaml `overrides`: first match wins per setting; ship policy, priority, backorders, discount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import yaml

from backoffice_auto.errors import Refusal
from backoffice_auto.orders.allocate import allocate
from backoffice_auto.orders.invoicing import draft_invoices
from backoffice_auto.orders.model import Customer, Item, Order, OrderLine
from backoffice_auto.orders.overrides import OrderTerms, decide
from backoffice_auto.orders.rules_model import OrdersRules
from backoffice_auto.rules.loader import load_rules

from test_orders_support import books, order_sheet, row, run, seed_books
from test_rules_doc_examples import doc_yaml_examples

D = Decimal
DAY = date(2026, 11, 20)
ITEMS = {"A": Item("A", "Bolt", "pcs", D("100.00"), "EUR", D(21), D(10)),
         "B": Item("B", "Nut", "pcs", D("2.50"), "EUR", D(21), D(100))}
CUSTOMERS = {"PL1": Customer("PL1", country="PL", priority=1, discount_pct=D(5)),
             "CZ1": Customer("CZ1", country="CZ", priority=3)}


def order(oid, customer, lines, ship_by=None, first_row=0):
    built = tuple(OrderLine(oid, DAY, customer, sku, D(q), ship_by=ship_by, row_index=first_row + i, line=i + 1)
                  for i, (sku, q) in enumerate(lines))
    return Order(oid, customer, DAY, built, None, ship_by)


def rules(overrides) -> OrdersRules:
    return OrdersRules.model_validate({"overrides": overrides})


def test_first_match_wins_per_setting():
    r = rules([{"when": "order.total > 500", "ship_policy": "complete"},
               {"when": "customer.country == 'PL'", "ship_policy": "partial", "discount_pct": 3},
               {"when": "true", "discount_pct": 10, "priority": 7}])
    big_pl = order("O1", "PL1", [("A", 6)])  # 600.00
    small_cz = order("O2", "CZ1", [("B", 4)])  # 10.00
    terms = decide([big_pl, small_cz], ITEMS, CUSTOMERS, r, "EUR", DAY)
    assert terms["O1"] == OrderTerms(ship_policy="complete", priority=7, discount_pct=D(3))
    assert terms["O2"] == OrderTerms(priority=7, discount_pct=D(10))


def test_no_overrides_decide_nothing():
    assert decide([order("O1", "PL1", [("A", 1)])], ITEMS, CUSTOMERS, OrdersRules(), "EUR", DAY) == {}


def test_override_priority_ship_policy_backorders_and_discount_reach_allocation_and_invoices():
    r = rules([{"when": "order.order_id == 'LATE'", "priority": 99, "ship_policy": "complete",
                "discount_pct": "12.5"},
               {"when": "customer.country == 'CZ'", "backorders": "cancel"}])
    early = order("EARLY", "CZ1", [("A", 8)], first_row=0)
    late = order("LATE", "PL1", [("A", 5), ("B", 2)], first_row=1)
    terms = decide([early, late], ITEMS, CUSTOMERS, r, "EUR", DAY)
    result = allocate([early, late], ITEMS, CUSTOMERS, r.allocation, terms=terms)
    assert [oa.order.order_id for oa in result.orders] == ["LATE", "EARLY"]  # 99 beats the customer's 3
    late_oa, early_oa = result.orders
    assert late_oa.policy == "complete" and [la.allocated for la in late_oa.lines] == [5, 2]
    assert (early_oa.lines[0].allocated, early_oa.lines[0].cancelled, early_oa.lines[0].backordered) == (5, 3, 0)
    drafts = {d.order_id: d for d in draft_invoices(result.orders, ITEMS, CUSTOMERS, r.invoicing, "EUR", terms)}
    assert drafts["LATE"].discount_pct == D("12.5")
    assert drafts["LATE"].lines[0].discount == D("62.50")  # 500.00 x 12.5 %
    assert drafts["EARLY"].discount_pct == 0  # the customer's own


def test_the_sheet_column_still_wins_over_an_override():
    r = rules([{"when": "true", "ship_policy": "complete"}])
    o = Order("O1", "CZ1", DAY, (OrderLine("O1", DAY, "CZ1", "A", D(20)),), "partial")
    terms = decide([o], ITEMS, CUSTOMERS, r, "EUR", DAY)
    result = allocate([o], ITEMS, CUSTOMERS, r.allocation, terms=terms)
    assert result.orders[0].policy == "partial" and result.orders[0].lines[0].allocated == 10


def test_a_failing_override_refuses_with_the_order_and_expression():
    r = rules([{"when": "order.total / order.quantity > customer.discount_pct / 0", "priority": 1}])
    with pytest.raises(Refusal) as info:
        decide([order("O1", "PL1", [("A", 1)])], ITEMS, CUSTOMERS, r, "EUR", DAY)
    text = info.value.problems[0].render()
    assert "overrides[0]" in text and "O1" in text and "division by zero" in text


def test_unknown_name_in_orders_yaml_is_reported_with_position(tmp_path):
    path = tmp_path / "rules" / "orders.yaml"
    path.parent.mkdir()
    path.write_text("overrides:\n  - when: customer.contry == 'PL'\n    ship_policy: complete\n")
    assert [p.render() for p in load_rules(tmp_path / "rules").problems] == [
        "rules/orders.yaml:2:11: unknown name 'customer.contry' (did you mean 'customer.country'?)"]


def test_the_docs_example_decides_as_the_docs_say():
    (text,) = [block for rel, block in doc_yaml_examples() if rel == "orders.yaml" and "overrides" in block]
    r = OrdersRules.model_validate(yaml.safe_load(text))
    customers = {"PL1": Customer("PL1", country="PL", priority=2), "ES1": Customer("ES1", country="ES", priority=1)}
    items = {"A": Item("A", "Bolt", "pcs", D("2500.00"), "EUR")}
    big = order("BIG", "PL1", [("A", 5)])  # 12,500.00
    urgent = order("URGENT", "ES1", [("A", 1), ("A", 1)], ship_by=date(2026, 11, 21))
    single = order("SINGLE", "ES1", [("A", 1)])
    terms = decide([big, urgent, single], items, customers, r, "EUR", DAY)
    assert terms["BIG"] == OrderTerms(ship_policy="complete", discount_pct=D(3))
    assert terms["URGENT"] == OrderTerms(priority=9)
    assert terms["SINGLE"] == OrderTerms(backorders="cancel")


def test_overrides_in_a_real_orders_job(workspace):
    seed_books(workspace)
    (workspace.rules_dir / "orders.yaml").write_text(yaml.safe_dump({"overrides": [
        {"when": "order.total >= 100 and customer.priority < 3", "discount_pct": 10}]}))
    sheet = order_sheet(workspace.inbox / "orders" / "o.xlsx", [
        row("SO-1", "C001", "SKU-A", 8),  # 100.00, priority 1 -> 10 % instead of 0 %
        row("SO-2", "C002", "SKU-B", 2)])  # 6.70 -> the customer's 5 %
    (result,) = run(workspace, sheet)
    assert result["status"] == "done", result
    store, b = books(workspace)
    try:
        invoices = {i["order_id"]: i for i in b.rows("sales_invoices")}
        assert invoices["SO-1"]["net"] == D("90.00")
        assert invoices["SO-2"]["net"] == D("6.36")  # 6.70 - 0.34
    finally:
        store.close()
