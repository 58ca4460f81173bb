"""Allocation and invoicing as pure functions: examples and hypothesis properties.

Properties on random books and orders: never more shipped than on hand less reserved less
safety stock; a `complete` order ships whole or not at all; orders are served in the
configured order (an order served later never gets stock an earlier one was short of);
every invoice total equals the sum of its lines, and each line adds up.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.orders.allocate import allocate, service_order
from backoffice_auto.orders.invoicing import draft_invoices, format_number, invoice_line
from backoffice_auto.orders.model import Customer, Item, Order, OrderLine
from backoffice_auto.orders.reorder import round_up_to, suggest
from backoffice_auto.orders.rules_model import Allocation as AllocationRules
from backoffice_auto.orders.rules_model import Invoicing, OrdersRules

D = Decimal
DAY = date(2026, 11, 2)


def order(oid, customer, lines, day=DAY, policy=None, first_row=0):
    built = tuple(OrderLine(oid, day, customer, sku, D(q), row_index=first_row + i, line=i + 1)
                  for i, (sku, q) in enumerate(lines))
    return Order(oid, customer, day, built, policy)


ITEMS = {"A": Item("A", "Šroub", "pcs", D("10.00"), "EUR", D(21), D(10), location="B-01"),
         "B": Item("B", "Łożysko", "pcs", D("3.33"), "EUR", D(12), D(5), D(2), location="A-01"),
         "K": Item("K", "Káva", "kg", D("7.50"), "EUR", D(12), D("2.5"), location="C-01")}
CUSTOMERS = {"C1": Customer("C1", priority=1), "C2": Customer("C2", priority=3),
             "C3": Customer("C3", priority=1, ship_policy="complete", discount_pct=D(5))}


def test_higher_priority_customer_is_served_first_even_when_later_in_the_file():
    orders = [order("O1", "C1", [("A", 8)], first_row=0), order("O2", "C2", [("A", 8)], first_row=1)]
    result = allocate(orders, ITEMS, CUSTOMERS, AllocationRules())
    got = {oa.order.order_id: oa.lines[0] for oa in result.orders}
    assert [oa.order.order_id for oa in result.orders] == ["O2", "O1"]
    assert got["O2"].allocated == 8 and got["O1"].allocated == 2 and got["O1"].backordered == 6


def test_reserved_and_safety_stock_are_never_shipped():
    rules = AllocationRules(safety_stock_items={"B": D(1)})
    result = allocate([order("O1", "C1", [("B", 5)])], ITEMS, CUSTOMERS, rules)
    line = result.orders[0].lines[0]
    assert line.allocated == 2 and line.backordered == 3  # 5 on hand - 2 reserved - 1 safety


def test_complete_order_waits_whole_when_one_line_is_short():
    result = allocate([order("O1", "C3", [("A", 1), ("B", 9)])], ITEMS, CUSTOMERS, AllocationRules())
    oa = result.orders[0]
    assert oa.policy == "complete"
    assert [la.allocated for la in oa.lines] == [0, 0]
    assert [la.backordered for la in oa.lines] == [1, 9]
    assert result.used == {}


def test_order_policy_column_overrides_customer():
    result = allocate([order("O1", "C3", [("A", 1), ("B", 9)], policy="partial")], ITEMS, CUSTOMERS,
                      AllocationRules())
    assert [la.allocated for la in result.orders[0].lines] == [1, 3]


def test_cancel_policy_drops_the_rest():
    result = allocate([order("O1", "C1", [("A", 12)])], ITEMS, CUSTOMERS, AllocationRules(backorders="cancel"))
    la = result.orders[0].lines[0]
    assert (la.allocated, la.backordered, la.cancelled) == (10, 0, 2)


def test_whole_units_are_not_split_but_kilograms_are():
    items = {"A": Item("A", unit="pcs", on_hand=D("3.5")), "K": ITEMS["K"]}
    result = allocate([order("O1", "C1", [("A", 5), ("K", 4)])], items, CUSTOMERS, AllocationRules(),
                      fractional_units=["kg"])
    assert [la.allocated for la in result.orders[0].lines] == [3, D("2.5")]


def test_order_by_can_be_changed_to_order_date_only():
    late = order("O1", "C2", [("A", 10)], day=DAY + timedelta(days=1), first_row=0)
    early = order("O2", "C1", [("A", 10)], day=DAY, first_row=1)
    served = service_order([late, early], CUSTOMERS, ("order_date asc",))
    assert [o.order_id for o in served] == ["O2", "O1"]
    served = service_order([late, early], CUSTOMERS, ("priority desc", "order_date asc"))
    assert [o.order_id for o in served] == ["O1", "O2"]


def test_invoice_line_rounds_each_step_half_up():
    line = invoice_line(1, "B", "x", "pcs", D(3), D("3.335"), D(5), D(21), "EUR")
    assert line.gross == D("10.01")  # 10.005 -> 10.01
    assert line.discount == D("0.50")  # 0.5005 -> 0.50
    assert line.net == D("9.51") and line.tax == D("2.00")  # 1.9971 -> 2.00
    assert line.total == D("11.51")


def test_invoice_uses_row_price_customer_discount_and_item_tax():
    o = order("O1", "C3", [("A", 2), ("B", 3)], policy="partial")
    o = Order(o.order_id, o.customer_id, o.order_date,
              (OrderLine("O1", DAY, "C3", "A", D(2), unit_price=D("9.99"), line=1),
               OrderLine("O1", DAY, "C3", "B", D(3), line=2)), "partial")
    result = allocate([o], ITEMS, CUSTOMERS, AllocationRules())
    (inv,) = draft_invoices(result.orders, ITEMS, CUSTOMERS, Invoicing(), "EUR")
    a, b = inv.lines
    assert (a.unit_price, a.gross, a.discount, a.net, a.tax) == (D("9.99"), D("19.98"), D("1.00"), D("18.98"),
                                                                  D("3.99"))
    assert (b.unit_price, b.gross, b.discount, b.net, b.tax) == (D("3.33"), D("9.99"), D("0.50"), D("9.49"),
                                                                  D("1.14"))
    assert inv.total == a.total + b.total == D("33.60")
    priced_by_item = draft_invoices(result.orders, ITEMS, CUSTOMERS, Invoicing(price="item"), "EUR")[0]
    assert priced_by_item.lines[0].unit_price == D("10.00")


def test_invoice_number_format():
    assert format_number("INV-{year}-{number:05d}", 7, DAY) == "INV-2026-00007"
    assert format_number("{year}{month:02d}/{number}", 12, DAY) == "202611/12"


def test_reorder_suggestion_up_to_max_in_multiples():
    items = {"A": Item("A", on_hand=D(10), reorder_min=D(5), reorder_max=D(40), reorder_multiple=D(6)),
             "B": Item("B", on_hand=D(10), reorder_min=D(5), reorder_max=D(40))}
    out = suggest(items, {"A": D(2)}, {}, {"A": D(1)}, {"A": D(0)})
    assert [(s.sku, s.position, s.quantity) for s in out] == [("A", D(3), D(42))]
    assert round_up_to(D(37), D(6)) == D(42) and round_up_to(D(37), None) == D(37)


# --------------------------------------------------------------------------- properties

SKUS = ["S1", "S2", "S3", "S4"]
units = st.sampled_from(["pcs", "kg"])
qty = st.decimals(min_value=D("0.5"), max_value=D(30), places=1)
stock = st.decimals(min_value=D(0), max_value=D(60), places=1)


@st.composite
def books_and_orders(draw):
    items = {}
    for sku in SKUS:
        on_hand = draw(stock)
        reserved = draw(st.decimals(min_value=D(0), max_value=D(10), places=1))
        items[sku] = Item(sku, sku, draw(units), draw(st.decimals(min_value=D("0.01"), max_value=D(500), places=3)),
                          "EUR", draw(st.sampled_from([D(0), D(12), D(21), D("5.5")])), on_hand, reserved)
    customers = {f"C{i}": Customer(f"C{i}", priority=draw(st.integers(0, 3)),
                                   ship_policy=draw(st.sampled_from([None, "partial", "complete"])),
                                   discount_pct=draw(st.sampled_from([D(0), D(2), D("7.5")])))
                 for i in range(4)}
    orders = []
    row = 0
    for n in range(draw(st.integers(1, 8))):
        cid = draw(st.sampled_from(sorted(customers)))
        skus = draw(st.lists(st.sampled_from(SKUS), min_size=1, max_size=3, unique=True))
        day = DAY + timedelta(days=draw(st.integers(0, 5)))
        lines = []
        for i, sku in enumerate(skus):
            q = draw(qty)
            if items[sku].unit == "pcs":
                q = q.to_integral_value() or D(1)
            lines.append(OrderLine(f"O{n:02d}", day, cid, sku, q, row_index=row, line=i + 1))
            row += 1
        orders.append(Order(f"O{n:02d}", cid, day, tuple(lines), draw(st.sampled_from([None, None, "complete"]))))
    safety = draw(st.decimals(min_value=D(0), max_value=D(5), places=0))
    return items, customers, orders, safety


@settings(max_examples=150, deadline=None)
@given(books_and_orders())
def test_allocation_properties(case):
    items, customers, orders, safety = case
    rules = AllocationRules(safety_stock=safety)
    result = allocate(orders, items, customers, rules, fractional_units=["kg"])

    # never more than on hand less reserved less safety stock
    for sku, used in result.used.items():
        assert used <= max(items[sku].on_hand - items[sku].reserved - safety, D(0))
    shipped = {}
    for oa in result.orders:
        for la in oa.lines:
            shipped[la.line.sku] = shipped.get(la.line.sku, D(0)) + la.allocated
            assert la.allocated + la.backordered + la.cancelled == la.line.quantity
            assert la.allocated >= 0
            if items[la.line.sku].unit == "pcs":
                assert la.allocated == la.allocated.to_integral_value()
        # complete orders ship whole or not at all
        if oa.policy == "complete":
            assert all(la.allocated == la.line.quantity for la in oa.lines) or all(
                la.allocated == 0 for la in oa.lines)
    assert {k: v for k, v in shipped.items() if v} == {k: v for k, v in result.used.items() if v}

    # served in the configured order: priority desc, date, id
    keys = [(-(customers[oa.order.customer_id].priority), oa.order.order_date, oa.order.order_id)
            for oa in result.orders]
    assert keys == sorted(keys)
    # ... and nothing an earlier order lacked went to a later one: when a partial line is
    # short, what is left of its sku after it is less than one unit (whole units) or none;
    # a complete order held back was short of some sku at its turn.
    free = {s: max(items[s].on_hand - items[s].reserved - safety, D(0)) for s in items}
    for oa in result.orders:
        before = dict(free)
        for la in oa.lines:
            free[la.line.sku] -= la.allocated
        for la in oa.lines:
            if la.backordered + la.cancelled == 0:
                continue
            if oa.policy == "partial":
                left = free[la.line.sku]
                assert left < 1 if items[la.line.sku].unit == "pcs" else left == 0
        if oa.policy == "complete" and not oa.shipped_anything:
            assert any(la.line.quantity > before[la.line.sku] for la in oa.lines)

    # invoices: lines add up, the total is the sum of the lines
    for inv in draft_invoices(result.orders, items, customers, Invoicing(), "EUR"):
        assert inv.total == sum(x.total for x in inv.lines)
        assert inv.net == sum(x.net for x in inv.lines) and inv.tax == sum(x.tax for x in inv.lines)
        assert inv.total == inv.net + inv.tax
        for x in inv.lines:
            assert x.net == x.gross - x.discount and x.total == x.net + x.tax
            assert x.gross.as_tuple().exponent == -2 and x.tax.as_tuple().exponent == -2


def test_rules_defaults_are_the_documented_ones():
    rules = OrdersRules()
    assert rules.allocation.order_by == ("priority desc", "order_date asc", "order_id asc")
    assert (rules.on_bad_row, rules.existing_order, rules.allocation.backorders) == ("refuse", "refuse", "keep")
