"""Values an order row may hold but a person hardly meant, refused naming the cell: an order
dated years ahead, a ship-by date before the order date, a quantity in the millions; the
bounds are `orders.yaml` `plausible:` keys, and an office that takes such orders raises them."""

from __future__ import annotations

from datetime import date

import pytest

from test_orders_support import books, order_sheet, row, run, seed_books, texts

TODAY = "2026-11-25"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("BACKOFFICE_NOW", f"{TODAY}T09:00")


@pytest.mark.parametrize("rows, expected", [
    ([row("SO-1", "C001", "SKU-A", 1, day=date(2062, 11, 20))],
     ["bad.xlsx:Orders!B3: order date 2062-11-20 is too far after today (2026-11-25; orders.yaml "
      "plausible.future_days: 31): a mistyped year? Correct the date"]),
    ([row("SO-1", "C001", "SKU-A", 1, ship_by=date(2025, 11, 30))],
     ["bad.xlsx:Orders!G3: ship-by date 2025-11-30 is before the order date 2026-11-20"]),
    ([row("SO-1", "C001", "SKU-A", 5901234123)],  # an EAN typed into the quantity
     ["bad.xlsx:Orders!E3: quantity 5901234123 is over 1000000: an item code or a price typed into the quantity? "
      "Correct it (orders.yaml plausible.max_quantity)"]),
])
def test_an_implausible_row_is_refused_naming_its_cell(workspace, rows, expected):
    seed_books(workspace)
    path = order_sheet(workspace.inbox / "orders" / "bad.xlsx", rows)
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == expected
    store, b = books(workspace)
    try:
        assert b.rows("orders") == [] and b.rows("sales_invoices") == []
    finally:
        store.close()


def test_within_the_bounds_the_orders_go_through(workspace):
    seed_books(workspace)
    path = order_sheet(workspace.inbox / "orders" / "ok.xlsx", [
        row("SO-1", "C001", "SKU-A", 2, day=date(2026, 12, 26)),  # 31 days ahead: allowed
        row("SO-2", "C001", "SKU-A", 1000000, ship_by=date(2026, 11, 20)),  # ship by the order date itself
    ])
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)


def test_the_bounds_are_rules(workspace):
    seed_books(workspace)
    (workspace.rules_dir / "orders.yaml").write_text("plausible:\n  future_days: 3660\n  max_quantity: 10000000000\n",
                                                     encoding="utf-8")
    path = order_sheet(workspace.inbox / "orders" / "ok.xlsx", [
        row("SO-1", "C001", "SKU-A", 5901234123, day=date(2030, 1, 2))])
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
