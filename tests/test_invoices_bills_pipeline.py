"""Supplier invoices through the real pipeline: generated PDFs, real SQLite, real mail spool.

Each test drops PDFs made by `invoices.demo.invoice_pdf` into `inbox/invoices/` of a fresh
workspace whose books hold the demo suppliers and purchase orders, runs the pipeline, and
reads the books, the outbox workbooks and the spooled .eml files.
"""

from __future__ import annotations

import email
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.invoices.demo import DemoInvoice, Line, Party, drop_demo_files, invoice_pdf, standard_rate
from backoffice_auto.invoices.bills.handler import handlers as invoice_handlers
from backoffice_auto.masterdata.demo import demo_master_data
from backoffice_auto.pipeline.runner import Pipeline

MAIL_YAML = """\
roles:
  admin: [admin@example.com]
  ap_clerk: [ap@example.com]
  finance_manager: [cfo@example.com]
"""
TODAY = date(2026, 11, 2)
BUYER = Party("Demo Company s.r.o.", "CZ27074358", None, "CZ")


@pytest.fixture
def books_ws(workspace):
    (workspace.rules_dir / "mail.yaml").write_text(MAIL_YAML, encoding="utf-8")
    data = demo_master_data(0)
    store = Store(workspace.db_path)
    with store.transaction() as books:
        books.upsert_many("suppliers", data["suppliers"])
        books.upsert_many("purchase_orders", data["purchase_orders"])
    store.close()
    return workspace


@pytest.fixture
def data():
    return demo_master_data(0)


def supplier(data, sid: str) -> dict:
    return next(s for s in data["suppliers"] if s["supplier_id"] == sid)


def party(row: dict) -> Party:
    return Party(row["name"], row["vat_id"], row["iban"], row["country"])


def order(data, po: str) -> list[dict]:
    return [r for r in data["purchase_orders"] if r["po_number"] == po]


def lines_of(rows, country, factor=D(1)) -> tuple[Line, ...]:
    return tuple(Line(r["description"], r["quantity"], (r["unit_price"] * factor).quantize(D("0.01")),
                      standard_rate(country), r["sku"]) for r in rows)


def drop(ws, name: str, inv: DemoInvoice, embed: bool = False) -> Path:
    path = ws.inbox / "invoices" / name
    path.write_bytes(invoice_pdf(inv, embed_xml=embed))
    return path


def run(ws, *paths: Path) -> list[dict]:
    pipeline = Pipeline(ws, handlers=invoice_handlers())
    try:
        return pipeline.process_paths(list(paths))
    finally:
        pipeline.store.close()


def bills(ws) -> list[dict]:
    store = Store(ws.db_path)
    try:
        return store.read().rows("bills")
    finally:
        store.close()


def mails(ws) -> list[email.message.Message]:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(ws.mail_pending.glob("*.eml"))]


def outputs(ws, result: dict, suffix: str) -> list[Path]:
    return [ws.root / p for p in result["outputs"] if p.endswith(suffix)]


def test_matching_invoice_with_facturx_is_entered_with_terms_discount(books_ws, data):
    s01 = supplier(data, "S01")
    inv = DemoInvoice(party(s01), BUYER, "INV-1001", TODAY, lines_of(order(data, "PO-2026-001"), "CZ"),
                      TODAY + timedelta(days=30), po_number="PO-2026-001", payment_terms="2/10 net 30")
    [result] = run(books_ws, drop(books_ws, "inv.pdf", inv, embed=True))
    assert result["status"] == "done", result
    [bill] = bills(books_ws)
    assert bill["bill_id"] == "B-000001" and bill["status"] == "scheduled" and bill["hold_reason"] is None
    assert (bill["supplier_id"], bill["total"], bill["due_date"]) == ("S01", inv.total, TODAY + timedelta(days=30))
    assert bill["discount_date"] == TODAY + timedelta(days=10)
    assert bill["discount_amount"] == (inv.total * D("0.02")).quantize(D("0.01"))
    extracted = load_workbook(outputs(books_ws, result, "-extracted.xlsx")[0])
    assert [ws.title for ws in extracted.worksheets] == ["Invoice", "Lines", "Bill"]
    assert outputs(books_ws, result, "-exceptions.xlsx")
    [mail] = mails(books_ws)
    assert mail["To"] == "ap@example.com" and "B-000001" in mail["Subject"]


def test_unknown_supplier_sends_review_and_the_corrected_workbook_enters_the_bill(books_ws):
    stranger = Party("Nordlicht Bürobedarf GmbH", "DE136695976", "DE02120300000000202051", "DE")
    inv = DemoInvoice(stranger, BUYER, "NL-77", TODAY, (Line("Printer paper A4", D(4), D("21.90"), D(19)),),
                      TODAY + timedelta(days=14))
    [result] = run(books_ws, drop(books_ws, "nordlicht.pdf", inv))
    assert result["status"] == "done", result
    assert bills(books_ws) == []
    [review_path] = outputs(books_ws, result, "-review.xlsx")
    [mail] = mails(books_ws)
    assert mail["To"] == "ap@example.com"
    assert any(part.get_filename() == review_path.name for part in mail.walk())
    assert any("not in the books" in m["text"] for m in result["messages"])

    book = load_workbook(review_path)
    key = book["_invoice_review"]
    assert key.sheet_state == "veryHidden" and key.protection.sheet
    form = book.worksheets[0]
    assert form.protection.sheet and not form["E2"].protection.locked and form["C2"].protection.locked
    rows = {form.cell(row=r, column=1).value: r for r in range(2, 16)}
    assert form.cell(row=rows["invoice_number"], column=3).value == "NL-77"

    # The clerk adds the supplier to the books, then names it in the workbook.
    store = Store(books_ws.db_path)
    with store.transaction() as b:
        b.upsert("suppliers", {"supplier_id": "S99", "name": "Nordlicht Bürobedarf GmbH", "country": "DE",
                               "vat_id": "DE136695976", "iban": "DE02120300000000202051", "payment_terms": "net 14"})
    store.close()
    form.cell(row=rows["supplier_id"], column=5).value = "S99"
    form.cell(row=rows["due_date"], column=5).value = "30.11.2026"
    approval = books_ws.inbox / "invoices" / "nordlicht-checked.xlsx"  # the wrong folder is forgiven
    book.save(approval)
    [back] = run(books_ws, approval)
    assert back["status"] == "done" and back["kind"] == "invoice-approval", back
    [bill] = bills(books_ws)
    assert (bill["supplier_id"], bill["invoice_number"], bill["status"]) == ("S99", "NL-77", "scheduled")
    assert bill["due_date"] == date(2026, 11, 30)

    # The same review sent back a second time (another save) is refused: it is entered.
    form.cell(row=rows["supplier.name"], column=5).value = "Nordlicht"
    again = books_ws.inbox / "approvals" / "nordlicht-again.xlsx"
    book.save(again)
    [second] = run(books_ws, again)
    assert second["status"] == "refused" and "already entered as bill B-000001" in second["messages"][0]["text"]


def test_review_needs_a_known_supplier_id(books_ws):
    stranger = Party("Unknown Widgets Ltd", None, None, "GB")
    inv = DemoInvoice(stranger, BUYER, "UW-1", TODAY, (Line("Widget", D(1), D("10.00"), D(20)),))
    [result] = run(books_ws, drop(books_ws, "uw.pdf", inv))
    [review_path] = outputs(books_ws, result, "-review.xlsx")
    book = load_workbook(review_path)
    book.worksheets[0]["E2"].value = "S404"
    path = books_ws.inbox / "approvals" / "uw.xlsx"
    book.save(path)
    [back] = run(books_ws, path)
    assert back["status"] == "refused" and "S404" in back["messages"][0]["text"]
    assert (books_ws.failed / "uw.xlsx").exists() and bills(books_ws) == []


def test_credit_note_enters_a_negative_bill(books_ws, data):
    s05 = supplier(data, "S05")
    inv = DemoInvoice(party(s05), BUYER, "CN-5005", TODAY,
                      (Line("Returned goods", D(-1), D("150.00"), standard_rate(s05["country"])),), TODAY,
                      credit_note=True)
    [result] = run(books_ws, drop(books_ws, "cn.pdf", inv))
    assert result["status"] == "done", result
    [bill] = bills(books_ws)
    assert bill["total"] == inv.total < 0 and bill["net"] == D("-150.00")
    assert bill["status"] == "scheduled" and bill["discount_amount"] is None


def test_second_invoice_with_same_number_is_refused_as_duplicate(books_ws, data):
    s01 = supplier(data, "S01")
    inv = DemoInvoice(party(s01), BUYER, "2026/0042", TODAY, (Line("Service", D(1), D("100.00"), D(21)),))
    first = drop(books_ws, "first.pdf", inv)
    second = drop(books_ws, "second.pdf", replace(inv, number="2026-0042", notes=("Copy sent again",)))
    results = run(books_ws, first, second)
    assert [r["status"] for r in results] == ["done", "refused"]
    assert "already in the books as bill B-000001" in results[1]["messages"][0]["text"]
    assert (books_ws.failed / "second.pdf.error.txt").exists()
    assert len(bills(books_ws)) == 1


def test_changed_iban_holds_the_bill_and_alerts_the_finance_manager(books_ws, data):
    s04 = supplier(data, "S04")
    fraud = replace(party(s04), iban="DE89370400440532013000")
    inv = DemoInvoice(fraud, BUYER, "4004/2026", TODAY, lines_of(order(data, "PO-2026-004"), s04["country"]),
                      TODAY + timedelta(days=14), po_number="PO-2026-004")
    [result] = run(books_ws, drop(books_ws, "fraud.pdf", inv))
    [bill] = bills(books_ws)
    assert bill["status"] == "on_hold" and "differs from the supplier's IBAN" in bill["hold_reason"]
    to = sorted(m["To"] for m in mails(books_ws))
    assert to == ["ap@example.com", "cfo@example.com"]
    alert = next(m for m in mails(books_ws) if m["To"] == "cfo@example.com")
    assert "Bank account change" in alert["Subject"]


def test_price_above_order_tolerance_holds_the_bill(books_ws, data):
    s02 = supplier(data, "S02")
    lines = lines_of(order(data, "PO-2026-002"), s02["country"], D("1.05"))
    inv = DemoInvoice(party(s02), BUYER, "2026-2002", TODAY, lines, TODAY + timedelta(days=30),
                      po_number="PO-2026-002")
    text_only, with_xml = drop(books_ws, "text.pdf", inv), drop(books_ws, "xml.pdf", replace(inv, number="X-2"), True)
    results = run(books_ws, text_only, with_xml)
    assert [r["status"] for r in results] == ["done", "done"], results
    held = {b["invoice_number"]: b for b in bills(books_ws)}
    assert held["X-2"]["status"] == "on_hold" and "unit price" in held["X-2"]["hold_reason"]
    # Read from the text: line by line when the lines were read, else the net against the order's value.
    reason = held["2026-2002"]["hold_reason"]
    assert held["2026-2002"]["status"] == "on_hold"
    # The text reader reads the lines, so the hold names the line's price and the net.
    assert reason.startswith("line 1 (Hex bolt M10x50 industrial): unit price 103.42 differs from the "
                             "ordered 98.50 by 4.99 % (tolerance 2 %)"), reason
    assert "the net 1,034.20 differs from 985.00 at the ordered prices" in reason, reason


def test_not_a_pdf_in_the_invoices_folder_is_refused(books_ws):
    path = books_ws.inbox / "invoices" / "invoice.pdf"
    path.write_text("this is not a pdf", encoding="utf-8")
    [result] = run(books_ws, path)
    assert result["status"] == "refused" and "not a PDF" in result["messages"][0]["text"]


def test_demo_invoices_take_every_path(books_ws):
    paths = drop_demo_files(books_ws)
    results = run(books_ws, *paths)
    by_file = {Path(r["file"]).name: r for r in results}
    assert all(r["status"] == "done" for r in results), results
    entered = {b["invoice_number"]: b for b in bills(books_ws)}
    assert entered["INV-1001"]["status"] == "scheduled"
    assert entered["2026-2002"]["status"] == "on_hold"
    assert entered["4004/2026"]["status"] == "on_hold"
    assert entered["CN-5005"]["total"] < 0
    assert "NL-77" not in entered and outputs(books_ws, by_file["nordlicht-77.pdf"], "-review.xlsx")


def test_clerk_mail_and_review_workbook_speak_the_workspace_language(books_ws):
    settings = books_ws.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    stranger = Party("Neznámá firma s.r.o.", "CZ99999999", None, "CZ")
    inv = DemoInvoice(stranger, BUYER, "NF-1", TODAY, (Line("Služba", D(1), D("100.00"), D(21)),))
    [result] = run(books_ws, drop(books_ws, "nf.pdf", inv))
    [mail] = mails(books_ws)
    subject = str(email.header.make_header(email.header.decode_header(mail["Subject"])))
    assert subject == "Zkontrolujte prosím dodavatelskou fakturu nf.pdf"
    [review_path] = outputs(books_ws, result, "-review.xlsx")
    assert load_workbook(review_path).worksheets[0].title == "Faktura"
    assert any("není v knihách" in m["text"] for m in result["messages"])


def test_an_order_invoiced_twice_under_new_numbers_is_held(books_ws, data):
    s01 = supplier(data, "S01")
    inv = DemoInvoice(party(s01), BUYER, "INV-1001", TODAY, lines_of(order(data, "PO-2026-001"), "CZ"),
                      TODAY + timedelta(days=30), po_number="PO-2026-001")
    first, again = drop(books_ws, "a.pdf", inv, True), drop(books_ws, "b.pdf", replace(inv, number="INV-1001-B"), True)
    run(books_ws, first, again)
    by_number = {b["invoice_number"]: b for b in bills(books_ws)}
    assert by_number["INV-1001"]["status"] == "scheduled"
    assert by_number["INV-1001-B"]["status"] == "on_hold" and "before" in by_number["INV-1001-B"]["hold_reason"]


def test_an_unknown_supplier_and_its_bill_enter_the_books_in_one_round_trip(books_ws):
    """Issue 14 item 4: the review workbook carries what the reader found about the supplier
    and an "add this supplier" choice; answering it enters supplier and bill in one job."""
    settings = books_ws.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    stranger = Party("Nordlicht Bürobedarf GmbH", "DE136695976", "DE02120300000000202051", "DE",
                     "Friedrichstraße 12, 10117 Berlin", "rechnung@nordlicht.example.de")
    inv = DemoInvoice(stranger, BUYER, "NL-78", TODAY, (Line("Printer paper A4", D(4), D("21.90"), D(19)),),
                      TODAY + timedelta(days=14))
    [result] = run(books_ws, drop(books_ws, "nordlicht.pdf", inv))
    assert result["status"] == "done" and bills(books_ws) == []
    [review_path] = outputs(books_ws, result, "-review.xlsx")
    book = load_workbook(review_path)
    form = book.worksheets[0]
    rows = {form.cell(row=r, column=1).value: r for r in range(2, 40) if form.cell(row=r, column=1).value}
    read = {name: form.cell(row=rows[name], column=3).value
            for name in ("supplier.name", "supplier.vat_id", "supplier.iban", "supplier.address", "supplier.email")}
    assert read == {"supplier.name": "Nordlicht Bürobedarf GmbH", "supplier.vat_id": "DE136695976",
                    "supplier.iban": "DE02120300000000202051", "supplier.address": "Friedrichstraße 12, 10117 Berlin",
                    "supplier.email": "rechnung@nordlicht.example.de"}
    add = form.cell(row=rows["add_supplier"], column=5)
    assert not add.protection.locked
    [choice] = [v for v in form.data_validations.dataValidation if v.sqref and add.coordinate in str(v.sqref)]
    assert choice.formula1 == '"ano,ne"'  # the choice in the workspace language
    assert any("není v knihách" in str(c.value) for c in form["A"] if c.value)  # says what to do

    add.value = "ano"  # the clerk's one answer; nothing else is typed
    approval = books_ws.inbox / "approvals" / "nordlicht-review.xlsx"
    book.save(approval)
    [back] = run(books_ws, approval)
    assert back["status"] == "done" and back["kind"] == "invoice-approval", back
    store = Store(books_ws.db_path)
    try:
        added = [s for s in store.read().rows("suppliers") if s["vat_id"] == "DE136695976"]
    finally:
        store.close()
    assert [(s["supplier_id"], s["name"], s["iban"], s["email"], s["country"]) for s in added] == [
        ("S21", "Nordlicht Bürobedarf GmbH", "DE02120300000000202051", "rechnung@nordlicht.example.de", "DE")]
    [bill] = bills(books_ws)
    assert (bill["supplier_id"], bill["invoice_number"], bill["total"]) == ("S21", "NL-78", inv.total)
    assert any("S21" in m["text"] for m in back["messages"])


def test_adding_a_supplier_with_a_bad_iban_refuses_naming_the_cell_and_adds_nothing(books_ws):
    stranger = Party("Unknown Widgets Ltd", None, None, "GB")
    inv = DemoInvoice(stranger, BUYER, "UW-2", TODAY, (Line("Widget", D(1), D("10.00"), D(20)),))
    [result] = run(books_ws, drop(books_ws, "uw2.pdf", inv))
    [review_path] = outputs(books_ws, result, "-review.xlsx")
    book = load_workbook(review_path)
    form = book.worksheets[0]
    rows = {form.cell(row=r, column=1).value: r for r in range(2, 40) if form.cell(row=r, column=1).value}
    form.cell(row=rows["supplier.iban"], column=5).value = "GB00 NOT AN IBAN"
    form.cell(row=rows["add_supplier"], column=5).value = "yes"
    path = books_ws.inbox / "approvals" / "uw2.xlsx"
    book.save(path)
    [back] = run(books_ws, path)
    assert back["status"] == "refused"
    text = back["messages"][0]["text"]
    assert back["messages"][0]["where"] == f"uw2.xlsx:Invoice!E{rows['supplier.iban']}"
    assert "GB00 NOT AN IBAN" in text
    assert "inbox/approvals/" in text  # what to do next
    store = Store(books_ws.db_path)
    try:
        assert len(store.read().rows("suppliers")) == 20 and store.read().rows("bills") == []
    finally:
        store.close()


def test_an_invoice_dated_years_ahead_goes_to_review_not_into_the_payment_run(books_ws, data, monkeypatch):
    """A mistyped year (2062 for 2026) reads as a valid date: the bill would wait decades to be
    paid. It goes to the clerk's review naming the date instead."""
    monkeypatch.setenv("BACKOFFICE_NOW", "2026-11-02T09:00")
    s01 = supplier(data, "S01")
    inv = DemoInvoice(party(s01), BUYER, "2026/0077", date(2062, 11, 2), (Line("Service", D(1), D("100.00"), D(21)),),
                      date(2062, 12, 2))
    [result] = run(books_ws, drop(books_ws, "ahead.pdf", inv))
    texts = [m["text"] for m in result["messages"]]
    assert any("the issue date 2062-11-02 is after today (2026-11-02)" in t for t in texts), texts
    assert not any(b.get("status") == "scheduled" for b in bills(books_ws))
