"""Allocation's rules one at a time: the service order's keys and directions, which ship
policy and backorder setting wins, the reasons, the stock each order leaves to the next.

`test_orders_allocation.py` holds the examples and the random-books properties; these are
small hand-worked cases, each pinning one rule of `orders/allocate.py`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from backoffice_auto.orders.allocate import (
    REASON_CANCELLED, REASON_HELD_COMPLETE, REASON_NO_STOCK, allocate, available_stock, policy_for,
    remaining_stock, service_order,
)
from backoffice_auto.orders.model import Customer, Item, Order, OrderLine
from backoffice_auto.orders.overrides import OrderTerms
from backoffice_auto.orders.rules_model import Allocation as Rules

DAY = date(2026, 11, 2)
ITEMS = {"A": Item("A", unit="pcs", on_hand=D(10)), "K": Item("K", unit="KG", on_hand=D("5.5"))}
CUSTOMERS = {"LOW": Customer("LOW", priority=1), "HIGH": Customer("HIGH", priority=3),
             "NEG": Customer("NEG", priority=-1), "FULL": Customer("FULL", ship_policy="complete"),
             "ODD": Customer("ODD", ship_policy="whenever")}


def order(oid, customer, lines=(("A", 1),), *, row=0, day=DAY, policy=None, ship_by=None):
    built = tuple(OrderLine(oid, day, customer, sku, D(q), row_index=row + i, line=i + 1)
                  for i, (sku, q) in enumerate(lines))
    return Order(oid, customer, day, built, policy, ship_by)


def ids(orders) -> list[str]:
    return [o.order_id for o in orders]


def served(result) -> list[tuple]:
    return [(oa.order.order_id, oa.rank, oa.policy, oa.shipped_anything,
             [(la.allocated, la.backordered, la.cancelled, la.reason) for la in oa.lines]) for oa in result.orders]


# --- free stock ---------------------------------------------------------------------------


def test_free_stock_is_on_hand_less_reserved_less_safety_never_below_zero():
    items = {"A": Item("A", on_hand=D(10), reserved=D(3)), "B": Item("B", on_hand=D(2), reserved=D(3)),
             "C": Item("C", on_hand=D(4))}
    assert available_stock(items, Rules(safety_stock=D(2), safety_stock_items={"C": D(4)})) == {
        "A": D(5), "B": D(0), "C": D(0)}


def test_stock_left_after_an_allocation():
    result = allocate([order("O1", "LOW", [("A", 4)])], ITEMS, CUSTOMERS, Rules(), fractional_units=["kg"])
    assert remaining_stock(ITEMS, Rules(), result) == {"A": D(6), "K": D("5.5")}
    assert remaining_stock(ITEMS, Rules(safety_stock=D(1)), result) == {"A": D(5), "K": D("4.5")}


# --- service order ------------------------------------------------------------------------


def test_without_keys_the_file_order_serves_then_the_order_id():
    a, b, c = order("O3", "LOW", row=5), order("O1", "LOW", row=9), order("O2", "LOW", lines=())
    assert ids(service_order([a, b, c], CUSTOMERS, ())) == ["O2", "O3", "O1"]
    x, y = order("X2", "LOW", lines=()), order("X1", "LOW", lines=())
    assert ids(service_order([x, y], CUSTOMERS, ())) == ["X1", "X2"]  # same row: by order id


def test_priority_desc_serves_higher_first_and_an_unknown_customer_as_priority_zero():
    orders = [order("U", "NOBODY", row=0), order("L", "LOW", row=1), order("N", "NEG", row=2),
              order("H", "HIGH", row=3)]
    assert ids(service_order(orders, CUSTOMERS, ("priority desc",))) == ["H", "L", "U", "N"]
    assert ids(service_order(orders, CUSTOMERS, ("priority asc",))) == ["N", "U", "L", "H"]
    assert ids(service_order(orders, CUSTOMERS, ("priority",))) == ["N", "U", "L", "H"]
    assert ids(service_order(orders, CUSTOMERS, ("priority  desc",))) == ["H", "L", "U", "N"]


def test_an_override_priority_replaces_the_customers():
    orders = [order("U", "NOBODY", row=0), order("L", "LOW", row=1), order("N", "NEG", row=2),
              order("H", "HIGH", row=3)]
    terms = {"N": OrderTerms(priority=5), "H": OrderTerms(ship_policy="complete"), "other": OrderTerms(priority=9)}
    assert ids(service_order(orders, CUSTOMERS, ("priority desc",), terms)) == ["N", "H", "L", "U"]
    terms = {"U": OrderTerms(priority=2)}
    assert ids(service_order(orders, CUSTOMERS, ("priority desc",), terms)) == ["H", "U", "L", "N"]


def test_ship_by_sorts_missing_dates_last_in_either_direction():
    orders = [order("none", "LOW", row=0), order("late", "LOW", row=1, ship_by=DAY + timedelta(days=3)),
              order("soon", "LOW", row=2, ship_by=DAY)]
    assert ids(service_order(orders, CUSTOMERS, ("ship_by asc",))) == ["soon", "late", "none"]
    assert ids(service_order(orders, CUSTOMERS, ("ship_by desc",))) == ["late", "soon", "none"]


def test_file_row_and_plain_fields_as_keys():
    orders = [order("B", "HIGH", row=7), order("A", "LOW", row=3), order("C", "FULL", row=5)]
    assert ids(service_order(orders, CUSTOMERS, ("file_row desc",))) == ["B", "C", "A"]
    assert ids(service_order(orders, CUSTOMERS, ("file_row asc",))) == ["A", "C", "B"]
    assert ids(service_order(orders, CUSTOMERS, ("customer_id asc",))) == ["C", "B", "A"]
    assert ids(service_order(orders, CUSTOMERS, ("order_id desc",))) == ["C", "B", "A"]
    # the last key is applied first: priority decides, the date only among equals
    same = [order("late", "LOW", row=0, day=DAY + timedelta(days=1)), order("early", "LOW", row=1),
            order("high", "HIGH", row=2, day=DAY + timedelta(days=9))]
    assert ids(service_order(same, CUSTOMERS, ("priority desc", "order_date asc"))) == ["high", "early", "late"]


# --- ship policy and backorders -------------------------------------------------------------


def test_ship_policy_sheet_then_override_then_customer_then_rules():
    rules = Rules(ship_policy="partial")
    assert policy_for(order("O", "FULL", policy="partial"), CUSTOMERS, rules, OrderTerms(ship_policy="complete")) == "partial"
    assert policy_for(order("O", "LOW", policy="later"), CUSTOMERS, rules, OrderTerms(ship_policy="complete")) == "complete"
    assert policy_for(order("O", "LOW"), CUSTOMERS, rules, OrderTerms(priority=1)) == "partial"
    assert policy_for(order("O", "FULL"), CUSTOMERS, rules, OrderTerms()) == "complete"
    assert policy_for(order("O", "FULL"), CUSTOMERS, rules) == "complete"
    assert policy_for(order("O", "ODD"), CUSTOMERS, Rules(ship_policy="complete")) == "complete"
    assert policy_for(order("O", "NOBODY"), CUSTOMERS, Rules(ship_policy="complete")) == "complete"
    assert policy_for(order("O", "LOW"), CUSTOMERS, rules) == "partial"


def test_partial_lines_ship_what_is_there_with_the_reason_for_the_rest():
    orders = [order("O1", "LOW", [("A", 4)], row=0), order("O2", "LOW", [("A", 8), ("K", 2)], row=1),
              order("O3", "LOW", [("A", 1)], row=2)]
    result = allocate(orders, ITEMS, CUSTOMERS, Rules(), fractional_units=["Kg"])
    assert served(result) == [
        ("O1", 0, "partial", True, [(4, 0, 0, None)]),
        ("O2", 1, "partial", True, [(6, 2, 0, REASON_NO_STOCK), (2, 0, 0, None)]),
        ("O3", 2, "partial", False, [(0, 1, 0, REASON_NO_STOCK)]),
    ]
    assert result.used == {"A": D(10), "K": D(2)}
    cancel = allocate(orders, ITEMS, CUSTOMERS, Rules(backorders="cancel"), fractional_units=["kg"])
    assert served(cancel)[1][4][0] == (6, 0, 2, REASON_CANCELLED)


def test_an_override_decides_backorders_for_its_order_only():
    orders = [order("O1", "LOW", [("A", 12)], row=0), order("O2", "LOW", [("A", 1)], row=1)]
    result = allocate(orders, ITEMS, CUSTOMERS, Rules(), terms={"O1": OrderTerms(backorders="cancel")})
    assert [oa.lines[0].cancelled for oa in result.orders] == [2, 0]
    assert [oa.lines[0].backordered for oa in result.orders] == [0, 1]
    result = allocate(orders, ITEMS, CUSTOMERS, Rules(backorders="cancel"), terms={"O1": OrderTerms(priority=2)})
    assert [oa.lines[0].cancelled for oa in result.orders] == [2, 1]


def test_whole_units_get_whole_quantities_and_listed_units_fractions():
    orders = [order("O1", "LOW", [("K", "2.5"), ("A", "2.5")])]
    assert served(allocate(orders, ITEMS, CUSTOMERS, Rules(), fractional_units=["kg"]))[0][4] == [
        (D("2.5"), 0, 0, None), (2, D("0.5"), 0, REASON_NO_STOCK)]
    assert served(allocate(orders, ITEMS, CUSTOMERS, Rules()))[0][4][0] == (2, D("0.5"), 0, REASON_NO_STOCK)
    # an sku not in the items counts in whole units; `available` replaces the books' free stock
    unknown = allocate([order("O1", "LOW", [("Z", 3), ("A", 3)])], ITEMS, CUSTOMERS, Rules(),
                       available={"Z": D("2.5"), "A": D("-1")})
    assert [(la.allocated, la.backordered) for la in unknown.orders[0].lines] == [(2, 1), (0, 3)]
    assert unknown.used == {"Z": D(2)}


def test_a_complete_order_ships_whole_when_every_sku_is_there_in_total():
    exact = allocate([order("O1", "FULL", [("A", 6), ("A", 4)])], ITEMS, CUSTOMERS, Rules())
    assert served(exact) == [("O1", 0, "complete", True, [(6, 0, 0, None), (4, 0, 0, None)])]
    assert exact.used == {"A": D(10)}
    over = allocate([order("O1", "FULL", [("A", 6), ("A", 5)])], ITEMS, CUSTOMERS, Rules())
    assert served(over) == [("O1", 0, "complete", False,
                             [(0, 6, 0, REASON_HELD_COMPLETE), (0, 5, 0, REASON_HELD_COMPLETE)])]
    assert over.used == {}
    cancelled = allocate([order("O1", "FULL", [("A", 11)])], ITEMS, CUSTOMERS, Rules(backorders="cancel"))
    assert served(cancelled)[0][4] == [(0, 0, 11, REASON_CANCELLED)]


def test_a_complete_order_of_part_of_a_whole_unit_waits():
    half = [order("O1", "FULL", [("A", "2.5")])]
    assert served(allocate(half, ITEMS, CUSTOMERS, Rules()))[0][4] == [(0, D("2.5"), 0, REASON_HELD_COMPLETE)]
    kilos = [order("O1", "FULL", [("K", "2.5")])]
    assert served(allocate(kilos, ITEMS, CUSTOMERS, Rules(), fractional_units=["kg"]))[0][4] == [
        (D("2.5"), 0, 0, None)]


def test_each_order_sees_what_the_earlier_ones_left():
    orders = [order("O1", "FULL", [("A", 7)], row=0), order("O2", "FULL", [("A", 4)], row=1),
              order("O3", "LOW", [("A", 5)], row=2)]
    result = allocate(orders, ITEMS, CUSTOMERS, Rules(order_by=("file_row asc",)))
    assert [(oa.order.order_id, [la.allocated for la in oa.lines]) for oa in result.orders] == [
        ("O1", [7]), ("O2", [0]), ("O3", [3])]
    assert result.used == {"A": D(10)}


def test_the_reasons_read_as_the_clerk_sees_them():
    assert (REASON_NO_STOCK, REASON_HELD_COMPLETE, REASON_CANCELLED) == (
        "not enough stock", "held: the order ships complete and a line is short",
        "not enough stock; the rest is cancelled")
