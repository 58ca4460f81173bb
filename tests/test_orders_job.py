"""The orders job end to end: real workbooks in inbox/orders/, real SQLite, the real pipeline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pypdfium2 as pdfium

from conftest import write_workbook
from test_orders_support import (
    D, books, mails, order_sheet, output, row, run, seed_books, texts,
)


def test_order_sheet_is_allocated_invoiced_recorded_and_mailed(workspace):
    seed_books(workspace)
    sheet = order_sheet(workspace.inbox / "orders" / "orders-week47.xlsx", [
        row("SO-1", "C001", "SKU-A", 6, notes="=HYPERLINK(\"x\")"),
        row("SO-1", "C001", "SKU-B", 2),
        row("SO-2", "C002", "SKU-A", 8, price=D("11.00")),  # priority 3: served first
        row("SO-3", "C003", "SKU-C", D("1.5")),  # complete customer, all available
        row("SO-3", "C003", "SKU-B", 1),
        row("SO-4", "C004", "SKU-D", 1),
    ])
    (result,) = run(workspace, sheet)
    assert result["status"] == "done", result

    store, b = books(workspace)
    try:
        items = {i["sku"]: i for i in b.rows("items")}
        assert items["SKU-A"]["on_hand"] == 0  # 8 to SO-2, the last 2 to SO-1
        assert items["SKU-B"]["on_hand"] == 1  # 4 on hand, 1 reserved: 2 + 1 shipped
        assert items["SKU-C"]["on_hand"] == D("4.0")
        lines = {(ln["order_id"], ln["sku"]): ln for ln in b.rows("order_lines")}
        assert (lines[("SO-1", "SKU-A")]["shipped"], lines[("SO-1", "SKU-A")]["open_quantity"]) == (2, 4)
        assert lines[("SO-1", "SKU-A")]["status"] == "backordered"
        assert lines[("SO-4", "SKU-D")]["status"] == "backordered"
        assert {o["order_id"]: o["status"] for o in b.rows("orders")} == {
            "SO-1": "partial", "SO-2": "shipped", "SO-3": "shipped", "SO-4": "backordered"}
        invoices = {i["order_id"]: i for i in b.rows("sales_invoices")}
        assert sorted(i["invoice_number"] for i in invoices.values()) == [
            "INV-2026-00001", "INV-2026-00002", "INV-2026-00003"]
        so2 = invoices["SO-2"]  # 8 x 11.00 = 88.00, 5 % off 4.40 -> 83.60, 21 % = 17.56
        assert (so2["net"], so2["tax"], so2["total"], so2["status"]) == (D("83.60"), D("17.56"), D("101.16"), "open")
        assert so2["due_date"] == date(2026, 12, 22) - (date(2026, 11, 22) - so2["issue_date"])  # net 30
        assert invoices["SO-3"]["due_date"].day == 30  # net 30 eom: 30 days after the month's end
        for inv in invoices.values():
            lines_ = b.rows("sales_invoice_lines", invoice_number=inv["invoice_number"])
            assert inv["total"] == sum(x["total"] for x in lines_)
        assert [s["shipment"] for s in b.rows("shipments")] == [1, 1, 1]
    finally:
        store.close()

    # the clerk's workbook: title row and header style kept, six columns added
    back = openpyxl.load_workbook(output(workspace, result, "orders-week47.xlsx"))
    ws = back["Orders"]
    assert ws["A1"].value == "Objednávky"
    assert [c.value for c in ws[2]][8:] == ["Allocated", "Backordered", "Shipment", "Invoice", "Status", "Reason"]
    assert ws["I2"].font.bold and ws["I2"].fill.fgColor.rgb.endswith("FFD966")
    assert ws.column_dimensions["D"].width == 21
    assert (ws["H3"].value, ws["H3"].data_type) == ("=HYPERLINK(\"x\")", "s")  # text stays text
    by_order = {ws.cell(r, 1).value + "/" + ws.cell(r, 4).value: [ws.cell(r, c).value for c in range(9, 15)]
                for r in range(3, ws.max_row + 1)}
    assert by_order["SO-1/SKU-A"] == [2, 4, "SO-1/1", "INV-2026-00003", "partly shipped", "not enough stock"]
    assert by_order["SO-2/SKU-A"][:5] == [8, None, "SO-2/1", "INV-2026-00001", "shipped"]
    assert by_order["SO-4/SKU-D"] == [0, 1, None, None, "backordered", "not enough stock"]

    # pick list by location, then sku
    pick = openpyxl.load_workbook(output(workspace, result, "pick-list.xlsx"))
    rows = list(pick.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == sorted((r[0], r[1]) for r in rows)
    assert rows[0][:2] == ("A-01", "SKU-B")
    backorders = openpyxl.load_workbook(output(workspace, result, "backorders.xlsx")).worksheets[0]
    assert {r[0] for r in backorders.iter_rows(min_row=2, values_only=True)} == {"SO-1", "SO-4"}
    reorder = openpyxl.load_workbook(output(workspace, result, "reorder-suggestions.xlsx")).worksheets[0]
    suggested = {r[0]: r[9] for r in reorder.iter_rows(min_row=2, values_only=True)}
    assert suggested["SKU-A"] == 60  # position 0 - 4 backordered = -4; up to 50 -> 54 -> in tens 60
    assert suggested["SKU-D"] == 6  # position -1; up to 4 -> 5 -> multiples of 2 -> 6

    # invoice PDFs in the customer's language, with their letters
    pdf = pdfium.PdfDocument(output(workspace, result, "INV-2026-00001.pdf").read_bytes())
    text = pdf[0].get_textpage().get_text_range()
    assert "Hurtownia Wiśniewski sp. z o.o." in text and "101,16" in text
    assert "Faktura" in text
    slips = pdfium.PdfDocument(output(workspace, result, "packing-slips.pdf").read_bytes())
    assert len(slips) == 3

    # mail: each invoice to its customer in their language, the pick list, the summary
    sent = mails(workspace)
    subjects = sorted(m["subject"] for m in sent)
    assert any(s.startswith("Faktura INV-2026-00001") for s in subjects), subjects
    assert "Facture INV-2026-00002 pour votre commande SO-3" in subjects
    assert "Faktura INV-2026-00003 k vaší objednávce SO-1" in subjects
    assert len(subjects) == 5  # three invoices (SO-4 shipped nothing), pick list, summary
    pick_mail = next(m for m in sent if m["subject"].startswith("Pick list"))
    assert "warehouse@example.com" in str(pick_mail["to"])
    summary = next(m for m in sent if "fill rate" in m["subject"])
    assert "sales@example.com" in str(summary["to"])
    names = [p.get_filename() for p in summary.iter_attachments()]
    assert "chart.png" in names and "backorders.xlsx" in names
    assert summary["subject"] == "Orders from orders-week47.xlsx: fill rate 50.4%"


def test_backorders_ship_when_an_items_workbook_brings_stock(workspace):
    seed_books(workspace)
    first = order_sheet(workspace.inbox / "orders" / "a.xlsx", [
        row("SO-1", "C001", "SKU-D", 2), row("SO-2", "C002", "SKU-D", 3, day=date(2026, 11, 21)),
        row("SO-3", "C003", "SKU-D", 1), row("SO-3", "C003", "SKU-A", 1)])  # complete: waits whole
    (r1,) = run(workspace, first)
    assert r1["status"] == "done"
    stock = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": [
        ["sku", "on_hand"], ["SKU-D", 4]]})
    (r2,) = run(workspace, stock)
    assert r2["status"] == "done", r2
    assert any("open backorders: lines shipped: 3, for orders: 2" in t for t in texts(r2)), texts(r2)
    store, b = books(workspace)
    try:
        lines = {(ln["order_id"], ln["sku"]): ln for ln in b.rows("order_lines")}
        # priority: C002 (3) gets 3, C003 (2, complete) gets its 1 and SKU-A, C001 (1) nothing left
        assert lines[("SO-2", "SKU-D")]["shipped"] == 3 and lines[("SO-2", "SKU-D")]["status"] == "shipped"
        assert lines[("SO-3", "SKU-D")]["shipped"] == 1 and lines[("SO-3", "SKU-A")]["shipped"] == 1
        assert lines[("SO-1", "SKU-D")]["open_quantity"] == 2
        assert b.get("items", "SKU-D")["on_hand"] == 0
        invoices = b.rows("sales_invoices")
        assert sorted(i["order_id"] for i in invoices) == ["SO-2", "SO-3"]
        assert sorted(i["invoice_number"] for i in invoices) == ["INV-2026-00001", "INV-2026-00002"]
        assert b.get("orders", "SO-3")["status"] == "shipped"
    finally:
        store.close()
    assert any(o.endswith("backorders/pick-list.xlsx") for o in r2["outputs"])


def test_refused_file_changes_nothing_and_uses_no_invoice_number(workspace):
    seed_books(workspace)
    bad = order_sheet(workspace.inbox / "orders" / "bad.xlsx", [
        row("SO-1", "C001", "SKU-A", 1), row("SO-2", "C001", "NOPE", 1)])
    (r1,) = run(workspace, bad)
    assert r1["status"] == "refused"
    good = order_sheet(workspace.inbox / "orders" / "good.xlsx", [row("SO-1", "C001", "SKU-A", 1)])
    (r2,) = run(workspace, good)
    assert r2["status"] == "done"
    store, b = books(workspace)
    try:
        assert [i["invoice_number"] for i in b.rows("sales_invoices")] == ["INV-2026-00001"]
        assert b.get("items", "SKU-A")["on_hand"] == 9
    finally:
        store.close()


def test_order_id_from_an_earlier_file_is_refused_by_default(workspace):
    seed_books(workspace)
    run(workspace, order_sheet(workspace.inbox / "orders" / "a.xlsx", [row("SO-1", "C001", "SKU-A", 1)]))
    (again,) = run(workspace, order_sheet(workspace.inbox / "orders" / "b.xlsx", [row("SO-1", "C001", "SKU-A", 2)]))
    assert again["status"] == "refused"
    assert texts(again) == ["b.xlsx:Orders!A3: order SO-1 was already processed (from a.xlsx); an order is taken "
                            "once unless rules/orders.yaml says existing_order: amend"]


def test_amend_replaces_what_is_still_open(workspace):
    seed_books(workspace)
    (workspace.rules_dir / "orders.yaml").write_text("existing_order: amend\n", encoding="utf-8")
    run(workspace, order_sheet(workspace.inbox / "orders" / "a.xlsx", [
        row("SO-1", "C001", "SKU-A", 4), row("SO-1", "C001", "SKU-D", 3)]))
    (amended,) = run(workspace, order_sheet(workspace.inbox / "orders" / "b.xlsx", [
        row("SO-1", "C001", "SKU-B", 1)]))
    assert amended["status"] == "done", amended
    store, b = books(workspace)
    try:
        lines = {ln["line"]: ln for ln in b.rows("order_lines", order_id="SO-1")}
        assert lines[1]["shipped"] == 4 and lines[1]["status"] == "shipped"
        assert lines[2]["status"] == "cancelled" and lines[2]["open_quantity"] == 0 and lines[2]["cancelled"] == 3
        assert lines[3]["sku"] == "SKU-B" and lines[3]["shipped"] == 1
        assert [s["shipment"] for s in b.rows("shipments", order_id="SO-1")] == [1, 2]
        assert b.get("orders", "SO-1")["source_file"] == "a.xlsx"
        assert len(b.rows("sales_invoices")) == 2
    finally:
        store.close()
    (other,) = run(workspace, order_sheet(workspace.inbox / "orders" / "c.xlsx", [row("SO-1", "C002", "SKU-B", 1)]))
    assert texts(other) == ["c.xlsx:Orders!C3: order SO-1 is for customer C001 (from a.xlsx); an amendment cannot "
                            "change it to C002"]


def test_skip_lets_good_orders_through_and_marks_skipped_rows(workspace):
    seed_books(workspace)
    (workspace.rules_dir / "orders.yaml").write_text("on_bad_row: skip\n", encoding="utf-8")
    sheet = order_sheet(workspace.inbox / "orders" / "mixed.xlsx", [
        row("SO-1", "C001", "SKU-A", 1), row("SO-2", "C001", "SKU-A", "lots"), row("SO-2", "C001", "SKU-B", 1)])
    (result,) = run(workspace, sheet)
    assert result["status"] == "done", result
    assert "mixed.xlsx:Orders!E4: 'lots' in column quantity is not a number." in texts(result)
    assert "mixed.xlsx:Orders!A4: order SO-2 skipped: 2 bad row(s); the other orders went through" in texts(result)
    back = openpyxl.load_workbook(output(workspace, result, "mixed.xlsx"))["Orders"]
    assert back["M4"].value == "skipped" and "not a number" in back["N4"].value
    assert back["M5"].value == "skipped" and "SO-2 skipped" in back["N5"].value
    assert back["M3"].value == "shipped"
    store, b = books(workspace)
    try:
        assert [o["order_id"] for o in b.rows("orders")] == ["SO-1"]
    finally:
        store.close()


def test_czech_csv_with_local_numbers_and_dates(workspace):
    seed_books(workspace)
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("locale: en_GB", "locale: cs_CZ")
                        .replace("language: en", "language: cs"), encoding="utf-8")
    path = workspace.inbox / "orders" / "objednavky.csv"
    path.write_text("Číslo objednávky;Datum;Zákazník;Kód zboží;Množství;Cena\n"
                    "OBJ-1;20.11.2026;C001;SKU-C;1,5;18,50\n"
                    "OBJ-1;20.11.2026;C001;SKU-A;2;\n", encoding="utf-8")
    (result,) = run(workspace, path)
    assert result["status"] == "done", result
    back = output(workspace, result, "objednavky.csv").read_text(encoding="utf-8").splitlines()
    assert back[0].startswith("Číslo objednávky;Datum;Zákazník;Kód zboží;Množství;Cena;")
    assert back[1].split(";")[6:] == ["1,5", "", "OBJ-1/1", "INV-2026-00001", "odesláno", ""]
    store, b = books(workspace)
    try:
        inv = b.rows("sales_invoice_lines")
        assert [(x["sku"], x["quantity"], x["unit_price"], x["gross"]) for x in inv] == [
            ("SKU-C", D("1.5"), D("18.50"), D("27.75")), ("SKU-A", D(2), D("12.50"), D("25.00"))]
    finally:
        store.close()


def test_several_order_sheets_in_one_workbook_and_a_cover_sheet(workspace):
    seed_books(workspace)
    path = order_sheet(workspace.inbox / "orders" / "two.xlsx", None, sheets={
        "North": [row("SO-1", "C001", "SKU-A", 1)], "South": [row("SO-2", "C004", "SKU-B", 1)]})
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Cover", 0)["A1"] = "Orders of the week"
    wb.save(path)
    (result,) = run(workspace, path)
    assert result["status"] == "done", result
    back = openpyxl.load_workbook(output(workspace, result, "two.xlsx"))
    assert back["North"]["M3"].value == "shipped" and back["South"]["M3"].value == "shipped"
    assert back["Cover"]["A1"].value == "Orders of the week"


def test_demo_sheet_goes_through(workspace):
    from backoffice_auto.masterdata.demo import demo_master_data
    from backoffice_auto.orders.demo import drop_demo_files

    store_rows = demo_master_data(0)
    from backoffice_auto.books.store import Store

    store = Store(workspace.db_path)
    with store.transaction() as b:
        for table, rows in store_rows.items():
            b.upsert_many(table, rows)
    store.close()
    (path,) = drop_demo_files(workspace, lines=80)
    (result,) = run(workspace, path)
    assert result["status"] == "done", result
    note = texts(result)[-1]
    assert "lines shipped" in note and "backordered: 0;" not in note, note
    assert Decimal(0) < Decimal(len([o for o in result["outputs"] if "/invoices/" in o]))
