"""Order sheets as careless offices write them, through the real orders job.

Found: a price written as text with its currency and the unit it is per (`12,50 Kč/ks`,
`€ 3.40 / pc`, `15,00 zł/szt.`, `2,30 €/ud`, `3,40 € la pièce`) was refused cell by cell as
'is not an amount of money'. Now the amount is read and the unit checked against the item's
(a price per kilogram is no price per piece: refused naming the cell, in five languages).
"""

from __future__ import annotations

from datetime import date

import pytest

from test_orders_support import D, books, order_sheet, run, seed_books, texts

PRICES = [("€ 3.40 / pc", "SKU-B", D("3.40")), ("2,30 €/ud", "SKU-B", D("2.30")),
          ("3,40 € la pièce", "SKU-A", D("3.40")), ("18,90 EUR/kg", "SKU-C", D("18.90")),
          ("1 234,50 € za ks", "SKU-A", D("1234.50")), ("€0.99 per piece", "SKU-B", D("0.99")),
          ("4,10 € por unidad", "SKU-A", D("4.10")), ("4,10 €/szt.", "SKU-A", D("4.10"))]


def _invoice_lines(workspace) -> list[tuple]:
    store, b = books(workspace)
    try:
        return [(x["sku"], x["unit_price"]) for x in b.rows("sales_invoice_lines")]
    finally:
        store.close()


@pytest.mark.parametrize(("written", "sku", "price"), PRICES, ids=[p[0] for p in PRICES])
def test_a_price_written_with_its_currency_and_unit_is_read(workspace, written, sku, price):
    seed_books(workspace)  # the sample items are sold in euros
    path = order_sheet(workspace.inbox / "orders" / "o.xlsx",
                       [["SO-1", date(2026, 11, 20), "C001", sku, 1, written, None, None]])
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    assert _invoice_lines(workspace) == [(sku, price)]


def test_prices_in_crowns_and_zloty_per_piece_are_read_for_items_sold_so(workspace):
    items = [("SKU-K", "Šroub", "ks", D("10"), D(21), D(10), D(0), None, None, None, "A"),
             ("SKU-Z", "Śruba", "szt", D("10"), D(23), D(10), D(0), None, None, None, "A")]
    seed_books(workspace, items=items)
    _sold_in(workspace, {"SKU-K": "CZK", "SKU-Z": "PLN"})
    path = order_sheet(workspace.inbox / "orders" / "o.xlsx", [
        ["SO-1", date(2026, 11, 20), "C001", "SKU-K", 2, "12,50 Kč/ks", None, None],
        ["SO-2", date(2026, 11, 20), "C002", "SKU-Z", 1, "15,00 zł/szt.", None, None]])
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    assert sorted(_invoice_lines(workspace)) == [("SKU-K", D("12.50")), ("SKU-Z", D("15.00"))]


def _sold_in(workspace, currencies: dict[str, str]) -> None:
    from backoffice_auto.books.store import Store

    store = Store(workspace.db_path)
    try:
        with store.transaction() as b:
            for sku, currency in currencies.items():
                b.upsert_many("items", [{"sku": sku, "currency": currency}])
    finally:
        store.close()


def test_a_price_per_another_unit_than_the_items_is_refused_naming_the_cell(workspace):
    seed_books(workspace)
    path = order_sheet(workspace.inbox / "orders" / "o.xlsx", [
        ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, "12,50 €/kg", None, None],
        ["SO-1", date(2026, 11, 20), "C001", "SKU-C", 2, "18,90 €/ks", None, None]])
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert [t for t in texts(result) if "per" in t] == [
        "o.xlsx:Orders!F3: unit price 12.5 is written per 'kg', but SKU-A is counted in 'pcs': write the price "
        "per pcs",
        "o.xlsx:Orders!F4: unit price 18.9 is written per 'ks', but SKU-C is counted in 'kg': write the price "
        "per kg"]
