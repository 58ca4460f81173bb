"""Order sheets as careless offices write them, through the real orders job.

Found: a price written as text with its currency and the unit it is per (`12,50 Kč/ks`,
`€ 3.40 / pc`, `15,00 zł/szt.`, `2,30 €/ud`, `3,40 € la pièce`) was refused cell by cell as
'is not an amount of money'. Now the amount is read and the unit checked against the item's
(a price per kilogram is no price per piece: refused naming the cell, in five languages).

Found: an order's number, date and customer written on its first line only (the next lines
left empty), a customer written once over a block of orders, and ditto marks (`"`, `〃`,
`dtto`, `idem`, `j.w.`) were refused as 'Column ... is empty here, but a value is required'
or read as text. Now a blank is read as the value above where that cannot be wrong (the
lines of one order; a column written once at the top of each block of rows) and a ditto
mark anywhere, each said in a note naming the rows; a blank elsewhere (a customer left out
in a column filled on every other row) is refused naming the cell, the value above and the
ditto mark that would repeat it.
"""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.orders.reader import read_orders
from conftest import xlsx_bytes
from test_orders_support import D, books, order_sheet, run, seed_books, texts

HEADER = ["Číslo objednávky", "Datum", "Odběratel", "Kód zboží", "Množství", "Poznámka"]

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


def _read(rows):
    return read_orders(xlsx_bytes({"Objednávky": [HEADER] + rows}), "obj.xlsx", "cs_CZ")


def _lines(read) -> list[tuple]:
    return [(r.source.row, r.values["order_id"], r.values["order_date"], r.values["customer_id"], r.values["sku"],
             r.values["quantity"]) for r in read.rows]


def _said(read) -> list[str]:
    return [f"{n.level}: {n.render()}" for n in read.notes if "above" in n.text()]


def _errors(read) -> list[str]:
    return [p.render() for r in read.rows for p in r.problems] + [p.render() for p in read.problems]


NOV20, NOV21 = date(2026, 11, 20), date(2026, 11, 21)


def test_an_orders_number_date_and_customer_on_its_first_line_only_are_read_on_every_line():
    read = _read([["O-1", "20.11.2026", "C001", "SKU-A", 3, None], [None, None, None, "SKU-B", 2, None],
                  ["O-1", None, None, "SKU-C", 1, None], ["O-2", "21.11.2026", "C002", "SKU-A", 1, None],
                  [None, None, None, "SKU-B", 1, None]])
    assert _errors(read) == []
    assert _lines(read) == [(2, "O-1", NOV20, "C001", "SKU-A", 3), (3, "O-1", NOV20, "C001", "SKU-B", 2),
                            (4, "O-1", NOV20, "C001", "SKU-C", 1), (5, "O-2", NOV21, "C002", "SKU-A", 1),
                            (6, "O-2", NOV21, "C002", "SKU-B", 1)]
    assert _said(read) == [
        "info: obj.xlsx:Objednávky!A3: Column A (Order number): the empty cells in rows 3, 6 belong to the order on "
        "the row above and were read as its value.",
        "info: obj.xlsx:Objednávky!B3: Column B (Order date): the empty cells in rows 3–4, 6 belong to the order on "
        "the row above and were read as its value.",
        "info: obj.xlsx:Objednávky!C3: Column C (Customer number): the empty cells in rows 3–4, 6 belong to the "
        "order on the row above and were read as its value."]
    assert [n.text("cs") for n in read.notes if n.source.column == "C"][0].startswith(
        "Sloupec C (Číslo zákazníka): prázdné buňky v řádcích 3–4, 6 patří k objednávce")


def test_a_customer_written_once_over_a_block_of_orders_is_read_for_each_and_said_as_a_warning():
    read = _read([["O-1", "20.11.2026", "C001", "SKU-A", 3, None], ["O-2", "20.11.2026", None, "SKU-B", 2, None],
                  ["O-3", "20.11.2026", None, "SKU-A", 1, None], ["O-4", "21.11.2026", "C002", "SKU-A", 1, None],
                  ["O-5", "21.11.2026", None, "SKU-B", 1, None]])
    assert _errors(read) == []
    assert [(order, customer) for _, order, _, customer, _, _ in _lines(read)] == [
        ("O-1", "C001"), ("O-2", "C001"), ("O-3", "C001"), ("O-4", "C002"), ("O-5", "C002")]
    assert _said(read) == [
        "warning: obj.xlsx:Objednávky!C3: Column C (Customer number) is written once at the top of each block of "
        "rows: its empty cells in rows 3–4, 6 were read as the value above."]


def test_a_customer_left_out_in_a_column_filled_on_every_other_row_is_refused_naming_the_value_above():
    read = _read([["O-1", "20.11.2026", "C001", "SKU-A", 3, None], ["O-2", "20.11.2026", "C002", "SKU-B", 2, None],
                  ["O-3", "20.11.2026", None, "SKU-A", 1, None], ["O-4", "21.11.2026", "C002", "SKU-A", 1, None]])
    assert _errors(read) == [
        "obj.xlsx:Objednávky!C4: Column Odběratel is empty here and the row above has 'C002'. An empty cell is read "
        "as the same as above only on the lines of one order, or in a column written once at the top of each block "
        "of rows: write the value, or a ditto mark (\") to repeat the one above."]
    assert _said(read) == []


def test_a_blank_order_number_on_a_row_naming_another_customer_is_not_taken_for_the_order_above():
    read = _read([["O-1", "20.11.2026", "C001", "SKU-A", 3, None], ["O-1", "20.11.2026", "C001", "SKU-B", 2, None],
                  [None, "20.11.2026", "C002", "SKU-A", 1, None]])
    [error] = _errors(read)
    assert error.startswith("obj.xlsx:Objednávky!A4: Column Číslo objednávky is empty here and the row above has 'O-1'.")


@pytest.mark.parametrize("mark", ['"', "〃", "dtto", "Idem", "j.w.", "-//-", "ídem", "”"])
def test_ditto_marks_take_the_value_above_in_any_column(mark):
    read = _read([["O-1", "20.11.2026", "C001", "SKU-A", 3, "ráno"], ["O-2", mark, mark, "SKU-B", mark, mark]])
    assert _errors(read) == []
    assert _lines(read)[1] == (3, "O-2", NOV20, "C001", "SKU-B", 3)
    assert read.rows[1].values["notes"] == "ráno"
    assert [n.source.column for n in read.notes if "ditto" in n.text()] == ["B", "C", "E", "F"]


def test_a_ditto_mark_with_nothing_above_it_is_refused_once_naming_its_cell():
    read = _read([["O-1", '"', "C001", "SKU-A", 3, None], [None] * 6, ["O-2", "21.11.2026", "〃", "SKU-A", 1, None]])
    assert _errors(read) == [
        "obj.xlsx:Objednávky!B2: A ditto mark ('\"') here, but there is no value above it to repeat (the header, a "
        "blank, totals or notes row is above): write the value.",
        "obj.xlsx:Objednávky!C4: A ditto mark ('〃') here, but there is no value above it to repeat (the header, a "
        "blank, totals or notes row is above): write the value."]


def test_nothing_is_carried_over_a_totals_row():
    read = _read([["O-1", "20.11.2026", "C001", "SKU-A", 3, None], ["Celkem", None, None, None, 3, None],
                  [None, None, None, "SKU-B", 1, None]])
    assert [e.split(": ")[0] for e in _errors(read)] == [
        "obj.xlsx:Objednávky!A4", "obj.xlsx:Objednávky!B4", "obj.xlsx:Objednávky!C4"]


def test_a_sheet_of_orders_written_once_per_order_goes_through_the_job(workspace):
    seed_books(workspace)
    path = order_sheet(workspace.inbox / "orders" / "o.xlsx", [
        ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, None, None, None],
        [None, None, None, "SKU-B", 1, None, None, None],
        ["SO-2", "〃", "C004", "SKU-A", 1, None, None, None]])
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    store, b = books(workspace)
    try:
        assert sorted((x["order_id"], x["customer_id"], x["order_date"]) for x in b.rows("orders")) == [
            ("SO-1", "C001", date(2026, 11, 20)), ("SO-2", "C004", date(2026, 11, 20))]
        assert sorted((x["order_id"], x["sku"]) for x in b.rows("order_lines")) == [
            ("SO-1", "SKU-A"), ("SO-1", "SKU-B"), ("SO-2", "SKU-A")]
    finally:
        store.close()
    assert any("belong to the order on the row above" in t for t in texts(result))


def test_a_wide_export_of_three_hundred_columns_is_read():
    """An accounting program's export, the order columns among 300 others, was refused as 'The sheet has
    306 columns, over the limit of 200': the limit is now 1000 columns, `max_cells` bounds the area."""
    header = [f"Pole {n}" for n in range(150)] + HEADER + [f"Pole {n}" for n in range(150, 300)]
    line = list(range(150)) + ["O-1", "20.11.2026", "C001", "SKU-A", 3, None] + list(range(150, 300))
    read = read_orders(xlsx_bytes({"Export": [header, line]}), "export.xlsx", "cs_CZ")
    assert _errors(read) == []
    assert _lines(read) == [(2, "O-1", NOV20, "C001", "SKU-A", 3)]
    assert read.layouts[0].columns["order_id"] == "EU"


def test_a_note_between_the_rows_is_skipped_with_a_warning_and_the_order_goes_on_under_it():
    """A line of text between the orders (`Pozor: O-2 doručit až v pondělí`) was read as an order line
    and refused as 'Column Kód zboží is empty here'; now it is named as a note nothing was read from."""
    read = _read([["O-1", "20.11.2026", "C001", "SKU-A", 3, None],
                  ["Pozor: druhá položka doručit až v pondělí", None, None, None, None, None],
                  [None, None, None, "SKU-B", 1, None], ["O-2", "21.11.2026", "C002", "SKU-A", 1, None]])
    assert _errors(read) == []
    assert [(row, order, sku) for row, order, _, _, sku, _ in _lines(read)] == [
        (2, "O-1", "SKU-A"), (4, "O-1", "SKU-B"), (5, "O-2", "SKU-A")]
    assert [n.render() for n in read.notes if n.level == "warning"] == [
        "obj.xlsx:Objednávky: Notes between the rows of the table skipped (rows 3): nothing written in them was read."]


def test_an_order_list_saved_as_unicode_text_is_read_and_returned_in_its_encoding(workspace):
    # UTF-16 with its byte-order mark (PowerShell's Out-File, Excel's "Unicode text" named .csv):
    # refused as 'not in any spreadsheet format', its NUL bytes taken for a binary file
    seed_books(workspace)
    text = "\t".join(HEADER[:5]) + "\r\n" + "SO-16\t20.11.2026\tC001\tSKU-A\t2\r\n"
    path = workspace.inbox / "orders" / "objednavky.csv"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    store, b = books(workspace)
    try:
        assert [(x["order_id"], x["customer_id"]) for x in b.rows("orders")] == [("SO-16", "C001")]
    finally:
        store.close()
    returned = next(workspace.root / o for o in result["outputs"] if o.endswith("/objednavky.csv"))
    lines = returned.read_bytes().decode("utf-16").splitlines()
    assert lines[0].startswith("\t".join(HEADER[:5]) + "\t") and lines[1].startswith("SO-16\t20.11.2026\tC001")


def test_a_dollar_price_is_read_for_an_item_sold_in_any_dollar_and_refused_for_one_in_euros(workspace):
    """`$` was taken for the US dollar alone: `$12.50` for an item sold in Canadian dollars was
    refused as written in USD."""
    items = [("SKU-D", "Bolt", "pc", D("10"), D(5), D(10), D(0), None, None, None, "A"),
             ("SKU-E", "Nut", "pc", D("10"), D(5), D(10), D(0), None, None, None, "A")]
    seed_books(workspace, items=items)
    _sold_in(workspace, {"SKU-D": "CAD", "SKU-E": "EUR"})
    path = order_sheet(workspace.inbox / "orders" / "o.xlsx",
                       [["SO-1", date(2026, 11, 20), "C001", "SKU-D", 2, "$12.50", None, None]])
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    assert _invoice_lines(workspace) == [("SKU-D", D("12.50"))]
    path = order_sheet(workspace.inbox / "orders" / "o2.xlsx",
                       [["SO-2", date(2026, 11, 20), "C001", "SKU-E", 2, "$12.50", None, None]])
    (result,) = run(workspace, path)
    assert result["status"] == "refused" and any("USD" in t and "EUR" in t for t in texts(result)), texts(result)
