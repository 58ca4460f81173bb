"""Matching through the real pipeline: a statement matched in the books, the reconciliation
workbook back from the clerk (confirm, correct, reject), and no automatic run changing a
decided payment afterwards."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.payments.matching.books import match_in_books
from backoffice_auto.payments.matching.outgoing import OpenBill, PayrollRun, Transfer, match_outgoing
from backoffice_auto.payments.matching.records import Payment
from backoffice_auto.payments.rules_model import MatchingRules, OutgoingRules
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import camt053
from payables_support import books_rows as _rows

OURS = "CZ6508000000192000145399"
D = Decimal


def _seed(workspace):
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "C1", "name": "Party 1 s.r.o.", "language": "cs",
                                       "payment_terms": "2/10 net 30"})
            books.insert("customers", {"customer_id": "C2", "name": "Beta GmbH", "language": "fr"})
            for number, customer, total in [("INV-2026-00001", "C1", "100.00"), ("INV-2026-00002", "C2", "250.00"),
                                            ("INV-2026-00003", "C2", "250.00"), ("INV-2026-00004", "C1", "500.00")]:
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": customer,
                                                "issue_date": date(2026, 10, 30), "due_date": date(2026, 11, 29),
                                                "currency": "EUR", "total": D(total), "paid": D(0),
                                                "status": "open"})
    finally:
        store.close()




def _drop(workspace, folder, name, data):
    path = workspace.inbox / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_statement_is_matched_in_the_books_and_the_clerk_decides_the_rest(workspace):
    _seed(workspace)
    lines = [("98.00", "CRDT", "R1", "INV-2026-00001"),  # discount 2 % within 10 days
             ("250.00", "CRDT", "R2", "payment"),  # two invoices of 250: only suggested
             ("40.00", "CRDT", "R3", "thanks")]  # nothing matches
    pipeline = Pipeline(workspace)
    out = pipeline.process_paths([_drop(workspace, "bank", "s.xml", camt053(OURS, "0", lines))])[0]
    assert out["status"] == "done", out
    tx = _rows(workspace, "bank_transactions")
    by_ref = {r["bank_reference"]: r for r in tx.values()}
    assert by_ref["R1"]["status"] == "matched"
    assert {m["kind"] for m in by_ref["R1"]["matches"]} == {"invoice", "discount"}
    assert by_ref["R2"]["status"] == "suggested"
    assert by_ref["R3"]["status"] == "unmatched"
    invoices = _rows(workspace, "sales_invoices")
    assert invoices["INV-2026-00001"]["status"] == "paid" and invoices["INV-2026-00001"]["paid"] == D("100.00")
    assert invoices["INV-2026-00002"]["status"] == "open"

    workbook_path = next(p for p in (workspace.root / "outbox").rglob("reconciliation.xlsx"))
    book = load_workbook(workbook_path)
    assert book.sheetnames[0] == "payments-reconciliation"
    # the clerk corrects the suggestion to invoice 3 and confirms nothing for the unmatched one
    for ws in book.worksheets[1:]:
        header = [c.value for c in ws[1]]
        if not header or "Transaction" not in header:
            continue
        for row in ws.iter_rows(min_row=2):
            if row[0].value == by_ref["R2"]["transaction_id"]:
                row[header.index("Decision")].value = "correct"
                row[header.index("Invoices (correction)")].value = "INV-2026-00003"
            if row[0].value == by_ref["R3"]["transaction_id"]:
                row[header.index("Decision")].value = "reject"
    data = io.BytesIO()
    book.save(data)
    out = pipeline.process_paths([_drop(workspace, "approvals", "reconciliation.xlsx", data.getvalue())])[0]
    assert out["status"] == "done", out
    tx = _rows(workspace, "bank_transactions")
    r2 = tx[by_ref["R2"]["transaction_id"]]
    assert r2["status"] == "matched" and r2["matches"][0]["document"] == "INV-2026-00003"
    invoices = _rows(workspace, "sales_invoices")
    assert invoices["INV-2026-00003"]["status"] == "paid" and invoices["INV-2026-00002"]["status"] == "open"
    reviews = _rows(workspace, "payment_reviews")
    assert set(reviews) == {by_ref["R2"]["transaction_id"], by_ref["R3"]["transaction_id"]}

    # a later automatic run leaves the clerk's decisions alone
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            match_in_books(books, MatchingRules(), [by_ref["R2"]["transaction_id"], by_ref["R3"]["transaction_id"]])
    finally:
        store.close()
    assert _rows(workspace, "bank_transactions")[r2["transaction_id"]] == r2


def test_a_workbook_with_a_word_that_is_no_decision_is_refused_naming_the_cell(workspace):
    _seed(workspace)
    pipeline = Pipeline(workspace)
    pipeline.process_paths([_drop(workspace, "bank", "s.xml", camt053(OURS, "0", [("5.00", "CRDT", "R9", "x")]))])
    path = next(p for p in (workspace.root / "outbox").rglob("reconciliation.xlsx"))
    book = load_workbook(path)
    ws = book["Unmatched"] if "Unmatched" in book.sheetnames else book.worksheets[-1]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Decision") + 1).value = "maybe"
    data = io.BytesIO()
    book.save(data)
    out = pipeline.process_paths([_drop(workspace, "approvals", "r.xlsx", data.getvalue())])[0]
    assert out["status"] == "refused"
    assert any("'maybe' is not a decision" in m["text"] and "!M2" in (m.get("where") or "") for m in out["messages"])


def test_debits_match_transfers_bills_and_payroll():
    bills = [OpenBill("B1", "S1", "FA-2026-77", "EUR", D("300.00")), OpenBill("B2", "S2", "X-9", "EUR", D("120.00")),
             OpenBill("B3", "S3", "Z-1", "EUR", D("55.00"))]
    transfers = [Transfer("20261102-0001-S2", "S2", D("120.00"), "EUR", (("B2", D("120.00")),))]
    runs = [PayrollRun("PR-2026-11", D("15400.00"), "EUR")]
    when = date(2026, 11, 3)
    debits = [Payment("D1", when, D("-120.00"), "EUR", end_to_end_id="20261102-0001-S2"),
              Payment("D2", when, D("-300.00"), "EUR", reference="Invoice FA-2026-77"),
              Payment("D3", when, D("-15400.00"), "EUR", reference="Salary 2026-11"),
              Payment("D4", when, D("-55.00"), "EUR", counterparty_iban="CZ5508000000001234567899"),
              Payment("D5", when, D("-55.00"), "EUR")]
    results = {r.transaction_id: r for r in match_outgoing(debits, bills, transfers, runs,
                                                           {"CZ5508000000001234567899": "S3"}, OutgoingRules())}
    assert results["D1"].status == "matched" and results["D1"].documents == ("B2",)
    assert results["D2"].status == "matched" and results["D2"].documents == ("B1",)
    assert results["D3"].status == "matched" and results["D3"].documents == ("PR-2026-11",)
    assert results["D4"].status == "matched" and results["D4"].documents == ("B3",)
    assert results["D5"].status == "unmatched"  # B3 is taken; nothing else has that amount


# --------------------------------------------------------------------------- ageing

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from backoffice_auto.payments.ageing import ageing, bucket_of  # noqa: E402
from backoffice_auto.payments.matching.records import OpenInvoice  # noqa: E402


def _reference_bucket(days: int) -> str:
    """Plainly, as the report's columns read."""
    if days <= 0:
        return "current"
    if days <= 30:
        return "1-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "over 90"


@given(st.integers(-400, 400))
def test_bucket_agrees_with_the_plain_reading(days):
    names = ["current", "1-30", "31-60", "61-90", "over 90"]
    assert names[bucket_of(days, (30, 60, 90))] == _reference_bucket(days)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["C1", "C2", "C3"]), st.integers(-30, 200),
                          st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2)), max_size=20))
def test_ageing_rows_add_up_to_what_is_open(items):
    today = date(2026, 11, 30)
    invoices = [OpenInvoice(f"I{i}", c, "EUR", amount, D(0), None, date.fromordinal(today.toordinal() - days))
                for i, (c, days, amount) in enumerate(items)]
    rows = ageing(invoices, today, (30, 60, 90))
    assert sum((r.total for r in rows), D(0)) == sum((i.open_amount for i in invoices), D(0))
    for r in rows:
        expected = {}
        for c, days, amount in items:
            if c == r.customer_id:
                expected[_reference_bucket(days)] = expected.get(_reference_bucket(days), D(0)) + amount
        names = ["current", "1-30", "31-60", "61-90", "over 90"]
        assert {names[i]: v for i, v in enumerate(r.buckets) if v} == {k: v for k, v in expected.items() if v}


def test_the_bank_job_mails_the_ageing_report_with_the_chart_inline(workspace):
    _seed(workspace)
    Pipeline(workspace).process_paths([_drop(workspace, "bank", "s.xml",
                                             camt053(OURS, "0", [("5.00", "CRDT", "R9", "x")]))])
    assert next((workspace.root / "outbox").rglob("ar-ageing.xlsx"))
    assert next((workspace.root / "outbox").rglob("ar-ageing.png"))
    import email
    from email import policy

    mails = [email.message_from_bytes(m.read_bytes(), policy=policy.default)
             for m in (workspace.root / "outbox" / "mail").rglob("*.eml")]
    ageing_mail = [m for m in mails if "ageing" in m["Subject"].lower()]
    assert ageing_mail
    html_part = ageing_mail[0].get_body(("html",)).get_content()
    # inline as mail clients show it (issue 14 item 5): a cid: picture in the HTML's
    # multipart/related, not a data: URI (which Gmail and Outlook do not display)
    [cid] = re.findall(r'<img [^>]*src="cid:([^"]+)"', html_part)
    [related] = [p for p in ageing_mail[0].walk() if p.get_content_type() == "multipart/related"]
    assert any(p["Content-ID"] == f"<{cid}>" and p.get_content_type() == "image/png" for p in related.iter_parts())


def _seed_and_receive_250(workspace) -> Pipeline:
    """The seeded books and a statement receiving 250.00 without a reference (suggested)."""
    _seed(workspace)
    pipeline = Pipeline(workspace)
    pipeline.process_paths([_drop(workspace, "bank", "s.xml", camt053(OURS, "0", [("250.00", "CRDT", "R2", "payment")]))])
    return pipeline


def _decide(workspace, pipeline, transaction_id, decision, invoices):
    path = next(p for p in (workspace.root / "outbox").rglob("reconciliation.xlsx"))
    book = load_workbook(path)
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows(min_row=2):
            if row[0].value == transaction_id:
                row[12].value, row[13].value = decision, invoices  # Decision, Invoices (correction): M, N
                found = row[12].row
                sheet = ws.title
    data = io.BytesIO()
    book.save(data)
    out = pipeline.process_paths([_drop(workspace, "approvals", "r.xlsx", data.getvalue())])[0]
    return out, sheet, found


def test_a_correction_takes_invoice_numbers_typed_in_another_case_and_names_the_cell_of_an_unknown_one(workspace):
    pipeline = _seed_and_receive_250(workspace)
    tx = next(iter(_rows(workspace, "bank_transactions").values()))
    out, sheet, row = _decide(workspace, pipeline, tx["transaction_id"], "correct", "INV-2026-00009")
    assert out["status"] == "refused"
    assert [m["where"] for m in out["messages"] if "INV-2026-00009" in m["text"]] == [f"r.xlsx:{sheet}!N{row}"]
    # the clerk typed it in lower case, and twice: the books' invoice, once
    out, _, _ = _decide(workspace, pipeline, tx["transaction_id"], "correct", "inv-2026-00003; Inv-2026-00003")
    assert out["status"] == "done", out
    r2 = _rows(workspace, "bank_transactions")[tx["transaction_id"]]
    assert r2["status"] == "matched" and [m["document"] for m in r2["matches"]] == ["INV-2026-00003"]
    assert _rows(workspace, "sales_invoices")["INV-2026-00003"]["paid"] == D("250.00")


def test_a_correction_takes_an_invoice_number_typed_with_spaces_for_its_dashes(workspace):
    """`inv 2026 00003` was refused as 'invoice inv 2026 00003 is not in the books'."""
    pipeline = _seed_and_receive_250(workspace)
    tx = next(iter(_rows(workspace, "bank_transactions").values()))
    out, _, _ = _decide(workspace, pipeline, tx["transaction_id"], "correct", "inv 2026 00003")
    assert out["status"] == "done", out
    r2 = _rows(workspace, "bank_transactions")[tx["transaction_id"]]
    assert r2["status"] == "matched" and [m["document"] for m in r2["matches"]] == ["INV-2026-00003"]


def test_a_correction_refuses_a_payment_out_and_an_invoice_in_another_currency_and_warns_of_a_paid_one(workspace):
    _seed(workspace)
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("sales_invoices", {"invoice_number": "FV-CZK-1", "customer_id": "C1", "currency": "CZK",
                                            "issue_date": date(2026, 10, 30), "due_date": date(2026, 11, 29),
                                            "total": D("250.00"), "paid": D(0), "status": "open"})
    finally:
        store.close()
    pipeline = Pipeline(workspace)
    pipeline.process_paths([_drop(workspace, "bank", "s.xml", camt053(OURS, "1000", [
        ("100.00", "CRDT", "R1", "INV-2026-00001"), ("250.00", "CRDT", "R2", "payment"),
        ("18.40", "DBIT", "R3", "account fee")]))])
    ids = {r["bank_reference"]: tid for tid, r in _rows(workspace, "bank_transactions").items()}
    before = _rows(workspace, "bank_transactions")

    out, sheet, row = _decide(workspace, pipeline, ids["R2"], "correct", "FV-CZK-1")
    assert out["status"] == "refused"
    assert [m["where"] for m in out["messages"]] == [f"r.xlsx:{sheet}!N{row}"]
    assert "in CZK and the payment in EUR" in out["messages"][0]["text"]

    # a debit typed into the workbook by hand: it pays no sales invoice
    path = next(p for p in (workspace.root / "outbox").rglob("reconciliation.xlsx"))
    book = load_workbook(path)
    ws = book["Unmatched"]
    ws.append([ids["R3"]] + [None] * 11 + ["correct", "INV-2026-00002"])
    data = io.BytesIO()
    book.save(data)
    out = pipeline.process_paths([_drop(workspace, "approvals", "r.xlsx", data.getvalue())])[0]
    assert out["status"] == "refused"
    assert [m["where"] for m in out["messages"]] == [f"r.xlsx:Unmatched!M{ws.max_row}"]
    assert f"transaction {ids['R3']} is money paid out (-18.40 EUR)" in out["messages"][0]["text"]
    assert _rows(workspace, "bank_transactions") == before

    # INV-2026-00001 was paid by R1: the clerk is told, and the payment is the customer's credit
    out, sheet, row = _decide(workspace, pipeline, ids["R2"], "correct", "INV-2026-00001")
    assert out["status"] == "done", out
    assert [(m["level"], m["where"]) for m in out["messages"] if "already paid" in m["text"]] == \
        [("warning", f"r.xlsx:{sheet}!N{row}")]
    r2 = _rows(workspace, "bank_transactions")[ids["R2"]]
    assert [(m["kind"], D(m["amount"])) for m in r2["matches"]] == [("credit", D("250.00"))]
    assert _rows(workspace, "sales_invoices")["INV-2026-00001"]["paid"] == D("100.00")


def test_confirming_a_suggestion_whose_invoice_was_paid_since_is_refused_not_paid_twice(workspace):
    _seed(workspace)
    pipeline = Pipeline(workspace)
    pipeline.process_paths([_drop(workspace, "bank", "s1.xml", camt053(OURS, "0", [("250.00", "CRDT", "R2", "payment")],
                                                                        statement_id="S1"))])
    [r2] = _rows(workspace, "bank_transactions").values()
    suggested = [m["document"] for m in r2["matches"]]
    assert r2["status"] == "suggested" and suggested == ["INV-2026-00002"]
    path = next(p for p in (workspace.root / "outbox").rglob("reconciliation.xlsx"))
    old = path.read_bytes()  # the clerk works on this workbook for a day ...
    # ... meanwhile the next statement pays the suggested invoice by its reference
    pipeline.process_paths([_drop(workspace, "bank", "s2.xml", camt053(OURS, "250", [
        ("250.00", "CRDT", "R5", "INV-2026-00002")], statement_id="S2"))])
    assert _rows(workspace, "sales_invoices")["INV-2026-00002"]["paid"] == D("250.00")
    book = load_workbook(io.BytesIO(old))
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows(min_row=2):
            if row[0].value == r2["transaction_id"]:
                row[12].value = "confirm"
    data = io.BytesIO()
    book.save(data)
    out = pipeline.process_paths([_drop(workspace, "approvals", "r.xlsx", data.getvalue())])[0]
    assert out["status"] == "refused"
    [message] = [m["text"] for m in out["messages"] if m["level"] == "error"]
    assert "invoice INV-2026-00002 has 0.00 EUR left to pay, not the 250.00 EUR suggested" in message
    invoice = _rows(workspace, "sales_invoices")["INV-2026-00002"]
    assert (invoice["status"], invoice["paid"]) == ("paid", D("250.00"))


def test_one_transaction_decided_two_ways_in_one_workbook_is_refused_naming_both_cells(workspace):
    pipeline = _seed_and_receive_250(workspace)
    [tx] = _rows(workspace, "bank_transactions").values()
    book = load_workbook(next(p for p in (workspace.root / "outbox").rglob("reconciliation.xlsx")))
    ws = book["Suggested"]
    ws["M2"] = "confirm"
    ws.append([tx["transaction_id"]] + [None] * 11 + ["correct", "INV-2026-00003"])
    data = io.BytesIO()
    book.save(data)
    out = pipeline.process_paths([_drop(workspace, "approvals", "r.xlsx", data.getvalue())])[0]
    assert out["status"] == "refused"
    assert [(m["where"], m["text"]) for m in out["messages"]] == [
        ("r.xlsx:Suggested!M2", f"transaction {tx['transaction_id']} is decided twice in this workbook "
                                "(r.xlsx:Suggested!M3); keep one decision"),
        ("r.xlsx:Suggested!M3", f"transaction {tx['transaction_id']} is decided twice in this workbook "
                                "(r.xlsx:Suggested!M2); keep one decision")]
    assert _rows(workspace, "bank_transactions")[tx["transaction_id"]]["status"] == "suggested"


def test_a_decision_typed_without_accents_or_with_a_stop_is_the_decision(workspace):
    """`Potwierdz` (a Polish clerk without Polish keys) and `Zamitnout.` were refused as no decision."""
    _seed(workspace)
    pipeline = Pipeline(workspace)
    lines = [("250.00", "CRDT", "R2", "payment"), ("98.00", "CRDT", "R1", "INV-2026-00001")]
    pipeline.process_paths([_drop(workspace, "bank", "s.xml", camt053(OURS, "0", lines))])
    by_ref = {r["bank_reference"]: r for r in _rows(workspace, "bank_transactions").values()}
    out, _, _ = _decide(workspace, pipeline, by_ref["R2"]["transaction_id"], "Popraw:", "INV-2026-00003")
    assert out["status"] == "done", out
    out, _, _ = _decide(workspace, pipeline, by_ref["R1"]["transaction_id"], " Zamitnout. ", None)
    assert out["status"] == "done", out
    invoices = _rows(workspace, "sales_invoices")
    assert (invoices["INV-2026-00003"]["paid"], invoices["INV-2026-00001"]["paid"]) == (D("250.00"), D("0.00"))
    tx = _rows(workspace, "bank_transactions")
    assert (tx[by_ref["R2"]["transaction_id"]]["status"], tx[by_ref["R1"]["transaction_id"]]["status"]) == (
        "matched", "unmatched")
