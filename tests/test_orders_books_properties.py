"""Properties of what the orders job writes to the books, on random books and orders.

A file is fulfilled and recorded in a real SQLite store, then stock arrives and the open
backorders are served, twice. After every step: no item's stock went below what was
reserved and kept back, every order line adds up (ordered = shipped + open + cancelled),
what the lines say shipped is what the invoices billed, invoice numbers have no gaps, and
every invoice's total is the sum of its lines.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice_auto.books.store import Store
from backoffice_auto.orders.model import Order, OrderLine
from backoffice_auto.orders.rules_model import Allocation, OrdersRules
from backoffice_auto.orders.service import fulfil, load_view, record

D = Decimal
DAY = date(2026, 11, 20)
SKUS = ("A", "B", "C")


@st.composite
def scenario(draw):
    items = [{"sku": s, "name": s, "unit": draw(st.sampled_from(["pcs", "kg"])), "currency": "EUR",
              "unit_price": draw(st.decimals(min_value=D("0.01"), max_value=D(99), places=2)),
              "tax_rate": draw(st.sampled_from([D(0), D(12), D(21)])),
              "on_hand": D(draw(st.integers(0, 30))), "reserved": D(draw(st.integers(0, 5))), "location": "L"}
             for s in SKUS]
    customers = [{"customer_id": f"C{i}", "priority": draw(st.integers(0, 2)),
                  "ship_policy": draw(st.sampled_from(["partial", "complete"])),
                  "discount_pct": draw(st.sampled_from([D(0), D(3)])), "payment_terms": "net 30"} for i in range(3)]
    orders = []
    for n in range(draw(st.integers(1, 6))):
        cid = f"C{draw(st.integers(0, 2))}"
        skus = draw(st.lists(st.sampled_from(SKUS), min_size=1, max_size=3, unique=True))
        day = DAY - timedelta(days=draw(st.integers(0, 3)))
        lines = tuple(OrderLine(f"O{n}", day, cid, s, D(draw(st.integers(1, 12))), line=i + 1, row_index=n * 3 + i)
                      for i, s in enumerate(skus))
        orders.append(Order(f"O{n}", cid, day, lines))
    arrivals = [{s: D(draw(st.integers(0, 15))) for s in SKUS} for _ in range(2)]
    safety = D(draw(st.integers(0, 3)))
    return items, customers, orders, arrivals, safety


def _check(b, safety: Decimal) -> None:
    for item in b.rows("items"):
        assert item["on_hand"] >= 0
    invoiced: dict[tuple[str, int], Decimal] = {}
    for x in b.rows("sales_invoice_lines"):
        key = (x["order_id"], x["order_line"])
        invoiced[key] = invoiced.get(key, D(0)) + x["quantity"]
    for ln in b.rows("order_lines"):
        assert ln["quantity"] == ln["shipped"] + ln["open_quantity"] + ln["cancelled"]
        assert ln["open_quantity"] >= 0 and ln["shipped"] >= 0
        assert (ln["status"] == "backordered") == (ln["open_quantity"] > 0)
        assert invoiced.get((ln["order_id"], ln["line"]), D(0)) == ln["shipped"]
    numbers = sorted(int(i["invoice_number"].rsplit("-", 1)[1]) for i in b.rows("sales_invoices"))
    assert numbers == list(range(1, len(numbers) + 1))
    for inv in b.rows("sales_invoices"):
        lines = b.rows("sales_invoice_lines", invoice_number=inv["invoice_number"])
        assert inv["total"] == sum(x["total"] for x in lines) == inv["net"] + inv["tax"]
        assert inv["status"] == "open"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_books_stay_consistent_through_a_file_and_two_stock_arrivals(case):
    items, customers, orders, arrivals, safety = case
    rules = OrdersRules(allocation=Allocation(safety_stock=safety))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "state.db")
        try:
            with store.transaction() as b:
                b.upsert_many("items", items)
                b.upsert_many("customers", customers)
            start = {i["sku"]: i["on_hand"] for i in items}
            reserved = {i["sku"]: i["reserved"] for i in items}
            with store.transaction() as b:
                view = load_view(b, {o.order_id for o in orders})
                f = fulfil(orders, view, rules, "EUR")
                record(b, f, view, rules, job_id="j1", source_file="f.xlsx", today=DAY)
                for sku, used in f.new.used.items():
                    assert used <= max(start[sku] - reserved[sku] - safety, D(0))
            _check(store.read(), safety)
            for n, arrival in enumerate(arrivals, start=2):
                with store.transaction() as b:
                    for sku, qty in arrival.items():
                        b.update("items", sku, on_hand=b.get("items", sku)["on_hand"] + qty)
                    before = {i["sku"]: i["on_hand"] for i in b.rows("items")}
                    view = load_view(b)
                    f = fulfil([], view, rules, "EUR", serve_backorders=True)
                    record(b, f, view, rules, job_id=f"j{n}", source_file="items", today=DAY)
                    for sku, used in f.backorders.used.items():
                        assert used <= max(before[sku] - reserved[sku] - safety, D(0))
                    for oa in f.backorders.orders:
                        if oa.policy == "complete":
                            assert oa.shipped_anything is all(la.allocated == la.line.quantity for la in oa.lines)
                _check(store.read(), safety)
        finally:
            store.close()
