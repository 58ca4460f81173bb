"""Every bad order sheet of the issue, refused whole with the clerk-facing message naming its cell.

Each case is a real workbook in inbox/orders/ run through the real pipeline; a refused file
leaves the books as they were and lands in failed/ with its `.error.txt`.
"""

from __future__ import annotations

from datetime import date

import pytest

from test_orders_support import D, books, order_sheet, row, run, seed_books, texts

CASES = {
    "unknown_sku": ([row("SO-1", "C001", "SKU-X", 1)],
                    ["bad.xlsx:Orders!D3: unknown sku 'SKU-X'"]),
    "unknown_customer": ([row("SO-1", "C999", "SKU-A", 1)],
                         ["bad.xlsx:Orders!C3: unknown customer 'C999'"]),
    "zero_quantity": ([row("SO-1", "C001", "SKU-A", 0)],
                      ["bad.xlsx:Orders!E3: quantity must be more than zero, not 0"]),
    "negative_quantity": ([row("SO-1", "C001", "SKU-A", -2)],
                          ["bad.xlsx:Orders!E3: quantity -2 is a return of SKU-A, and an order sheet books sales "
                           "only: take the return line out of the sheet; put the goods back in stock with an items "
                           "workbook in inbox/books (the new stock on hand) and credit the customer with a credit note "
                           "for the invoice"]),
    "fractional_quantity_of_pieces": ([row("SO-1", "C001", "SKU-A", D("1.5"))], [
        "bad.xlsx:Orders!E3: quantity 1.5 is not a whole number, and SKU-A is counted in 'pcs', "
        "a unit that is not divisible"]),
    "same_line_twice": ([row("SO-1", "C001", "SKU-A", 1), row("SO-1", "C001", "SKU-A", 1)],
                        ["bad.xlsx:Orders!D4: sku SKU-A appears twice in order SO-1 (first on row 3)"]),
    "text_in_quantity": ([row("SO-1", "C001", "SKU-A", "five")],
                         ["bad.xlsx:Orders!E3: 'five' in column quantity is not a number."]),
    "empty_quantity": ([row("SO-1", "C001", "SKU-A", None)],
                       ["bad.xlsx:Orders!E3: Column quantity is empty here, but a value is required."]),
    "bad_date": ([row("SO-1", "C001", "SKU-A", 1, day="31.02.2026")],
                 ["bad.xlsx:Orders!B3: '31.02.2026' in column order_date is not a valid date."]),
    "one_order_two_customers": ([row("SO-1", "C001", "SKU-A", 1), row("SO-1", "C002", "SKU-B", 1)],
                                ["bad.xlsx:Orders!C4: order SO-1 is for customer C001 on row 3, not C002"]),
    "one_order_two_dates": ([row("SO-1", "C001", "SKU-A", 1), row("SO-1", "C001", "SKU-B", 1, day=date(2026, 11, 21))],
                            ["bad.xlsx:Orders!B4: order SO-1 is dated 2026-11-20 on row 3, not 2026-11-21"]),
    "negative_price": ([row("SO-1", "C001", "SKU-A", 1, price=D("-1"))],
                       ["bad.xlsx:Orders!F3: unit price must not be negative, not -1"]),
    "every_error_at_once": ([row("SO-1", "C001", "SKU-X", 1), row("SO-2", "C999", "SKU-A", "x")], [
        "bad.xlsx:Orders!D3: unknown sku 'SKU-X'",
        "bad.xlsx:Orders!C4: unknown customer 'C999'",
        "bad.xlsx:Orders!E4: 'x' in column quantity is not a number."]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_order_sheet_is_refused_with_its_message(workspace, case):
    seed_books(workspace)
    rows, expected = CASES[case]
    path = order_sheet(workspace.inbox / "orders" / "bad.xlsx", rows)
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == expected
    assert (workspace.failed / "bad.xlsx.error.txt").is_file() or any(workspace.failed.rglob("*.error.txt"))
    store, b = books(workspace)
    try:
        assert b.rows("orders") == [] and b.rows("sales_invoices") == []
        assert b.get("items", "SKU-A")["on_hand"] == 10
    finally:
        store.close()


def test_fractional_quantity_is_fine_for_kilograms(workspace):
    seed_books(workspace)
    (result,) = run(workspace, order_sheet(workspace.inbox / "orders" / "ok.xlsx", [
        row("SO-1", "C001", "SKU-C", D("2.25"))]))
    assert result["status"] == "done", result


def test_missing_column_names_the_header_row(workspace):
    seed_books(workspace)
    path = order_sheet(workspace.inbox / "orders" / "bad.xlsx", [["SO-1", date(2026, 11, 20), "C001", "SKU-A"]],
                       headers=["order_id", "order_date", "customer_id", "sku"])
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == ["bad.xlsx:Orders!2: Required column Quantity is missing: no header in this row means it."]


def test_not_an_order_sheet(workspace):
    seed_books(workspace)
    path = order_sheet(workspace.inbox / "orders" / "bad.xlsx", [["a", "b"]], headers=["colour", "size"])
    (result,) = run(workspace, path)
    assert texts(result) == ["bad.xlsx: no sheet has an order header row (columns such as Order number, Order date, "
                             "Customer number, Item code, Quantity)"]


def test_sheet_over_the_row_limit_is_refused_up_front_naming_the_limit(workspace):
    seed_books(workspace)
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("max_rows: 1000000", "max_rows: 20"),
                        encoding="utf-8")
    path = order_sheet(workspace.inbox / "orders" / "bad.xlsx",
                       [row(f"SO-{i}", "C001", "SKU-A", 1) for i in range(30)])
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == ["bad.xlsx:Orders: The sheet has 32 rows, over the limit of 20 "
                             "(limits.max_rows in rules/settings.yaml)."]


def test_refusal_is_in_the_clerks_language(workspace):
    seed_books(workspace)
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: pl"),
                        encoding="utf-8")
    (result,) = run(workspace, order_sheet(workspace.inbox / "orders" / "bad.xlsx", [row("SO-1", "C001", "SKU-X", 1)]))
    assert texts(result) == ["bad.xlsx:Orders!D3: nieznany kod towaru 'SKU-X'"]
