"""The orders job's figures are of the file's own orders; older backorders served get their own
section (issue 13 item 7: "88 orders, fill rate 2.4 %" for a file of two orders shipped in full)."""

from __future__ import annotations

from datetime import date

from backoffice_auto.books.store import Store
from test_orders_support import mails, order_sheet, row, run, seed_books, texts


def test_a_file_of_two_orders_shipped_in_full_is_summarised_as_two_orders_with_backorders_apart(workspace):
    seed_books(workspace)
    first = order_sheet(workspace.inbox / "orders" / "week46.xlsx", [
        row("SO-1", "C001", "SKU-D", 2), row("SO-2", "C004", "SKU-D", 1)])  # nothing on hand: both wait
    (r1,) = run(workspace, first)
    assert r1["status"] == "done", r1
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:  # stock arrives, recorded without a master-data job
            books.update("items", "SKU-D", on_hand=10)
    finally:
        store.close()
    for path in workspace.mail_pending.glob("*.eml"):
        path.unlink()

    second = order_sheet(workspace.inbox / "orders" / "week47.xlsx", [
        row("SO-10", "C002", "SKU-A", 2, day=date(2026, 11, 23)),  # 2 x 12.50 = 25.00, 5 % off, 21 %
        row("SO-11", "C001", "SKU-B", 1, day=date(2026, 11, 23))])  # 3.35, 21 %
    (r2,) = run(workspace, second)
    assert r2["status"] == "done", r2
    notes = texts(r2)
    mine = next(t for t in notes if "this file:" in t)
    assert "this file: orders 2, order lines 2 (shipped 2, backordered 0); invoices 2 " in mine
    # 25.00 - 1.25 = 23.75 net, 4.99 VAT; 3.35 net, 0.70 VAT
    assert mine.endswith("net €27.10, VAT €5.69, gross €32.79"), mine
    served = next(t for t in notes if "backorders of earlier files" in t)
    assert "orders 2, lines shipped 2; invoices 2" in served
    assert any("orders: 2; lines shipped: 2, backordered: 0; invoices: 2" in t for t in notes), notes

    (summary,) = [m for m in mails(workspace) if "fill rate" in m["subject"]]
    assert summary["subject"] == "Orders from week47.xlsx: fill rate 100.0%"
    body = summary.get_body(preferencelist=("plain",)).get_content()
    assert "Processed from week47.xlsx: orders 2, lines 2." in body
    assert "Shipped (net, at list prices before discount): €28.35" in body
    assert "Invoiced: 2 invoices INV-2026-00003 – INV-2026-00004, net €27.10, VAT €5.69, gross €32.79" in body
    assert "Backorders of earlier files served from new stock (not counted above): orders 2, lines shipped 2; " \
           "invoices 2 INV-2026-00001 – INV-2026-00002" in body
