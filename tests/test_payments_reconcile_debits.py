"""Payments out suggested for bills, decided by a clerk in the reconciliation workbook.

Found by booking a debit of 242.00 that names no bill, with one approved bill of 242.00: the
debit was suggested for the bill in the books, but the reconciliation workbook had no row for
it (every sheet empty), so no clerk could confirm it; the bill stayed approved for the next
payment run to pay again. Now every payment out has its row, with its reasons, and `confirm`
pays the suggested bill; `reject` takes a bill payment back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import camt053, drop_approval
from payables_support import books_rows as _rows
from conftest import set_workspace_language

OURS = "CZ6508000000192000145399"
D = Decimal


def _statement(workspace, lines, language="en", name="s.xml", statement_id="S1", opening="1000.00"):
    set_workspace_language(workspace, language)
    if not _rows(workspace, "bills"):
        store = Store(workspace.db_path)
        try:
            with store.transaction() as books:
                books.insert("suppliers", {"supplier_id": "S1", "name": "Dodavatel a.s."})
                for bill, number in (("B1", "FA-2026-0153"), ("B2", "FA-2026-0154")):
                    books.insert("bills", {"bill_id": bill, "supplier_id": "S1", "invoice_number": number,
                                           "issue_date": date(2026, 11, 2), "due_date": date(2026, 12, 2),
                                           "currency": "EUR", "total": D("242.00") if bill == "B1" else D("99.00"),
                                           "paid": D(0), "status": "approved"})
        finally:
            store.close()
    pipeline = Pipeline(workspace)
    path = workspace.inbox / "bank" / name
    path.write_bytes(camt053(OURS, opening, lines, statement_id=statement_id))
    [out] = pipeline.process_paths([path])
    assert out["status"] == "done", out
    ids = {r["bank_reference"]: tid for tid, r in _rows(workspace, "bank_transactions").items()}
    return pipeline, ids, " ".join(m["text"] for m in out["messages"])


def _workbook(workspace):
    return load_workbook(sorted((workspace.root / "outbox").rglob("reconciliation.xlsx"))[-1])


def _drop(workspace, pipeline, book, name="r.xlsx"):
    return drop_approval(workspace, pipeline, book, name)


def test_a_debit_suggested_for_a_bill_has_its_row_and_confirming_it_pays_the_bill(workspace):
    pipeline, ids, said = _statement(workspace, [("242.00", "DBIT", "D1", "services November")])
    assert _rows(workspace, "bank_transactions")[ids["D1"]]["status"] == "suggested"
    assert "payments out: 0 of 1 matched to approved bills or payroll runs, 1 suggested for review, 0 unmatched " \
           "(see the reconciliation workbook)" in said
    book = _workbook(workspace)
    ws = book["Suggested"]
    row = [c.value for c in ws[2]]
    assert row[0] == ids["D1"] and row[2] == D("-242.00") and row[9] == "B1"
    assert "approved bill B1 has this amount, but nothing else confirms it" in row[11]
    ws["M2"] = "confirm"
    out = _drop(workspace, pipeline, book)
    assert out["status"] == "done", out
    bill = _rows(workspace, "bills")["B1"]
    assert (bill["status"], bill["paid"]) == ("paid", D("242.00"))
    tx = _rows(workspace, "bank_transactions")[ids["D1"]]
    assert tx["status"] == "matched" and [(m["document"], m["kind"]) for m in tx["matches"]] == [("B1", "bill")]
    assert ids["D1"] in _rows(workspace, "payment_reviews")
    assert "1 decision(s) applied: 1 confirmed" in " ".join(m["text"] for m in out["messages"])


def test_a_confirm_of_a_bill_paid_since_is_refused_and_a_correction_of_a_debit_is_refused(workspace):
    pipeline, ids, _ = _statement(workspace, [("242.00", "DBIT", "D1", "services November")])
    old = _workbook(workspace)
    # the next statement pays B1 by its invoice number
    _statement(workspace, [("242.00", "DBIT", "D5", "FA-2026-0153")], name="s2.xml", statement_id="S2",
               opening="758.00")
    assert _rows(workspace, "bills")["B1"]["status"] == "paid"
    old["Suggested"]["M2"] = "confirm"
    out = _drop(workspace, pipeline, old)
    assert out["status"] == "refused"
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r.xlsx:Suggested!M2"
    assert "bill B1 has 0.00 EUR left to pay, not the 242.00 EUR suggested" in problem["text"]
    assert _rows(workspace, "bills")["B1"]["paid"] == D("242.00")

    old["Suggested"]["M2"], old["Suggested"]["N2"] = "correct", "INV-1"
    out = _drop(workspace, pipeline, old, name="r2.xlsx")
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r2.xlsx:Suggested!M2"
    assert f"transaction {ids['D1']} is money paid out (-242.00 EUR): a correction names invoices" in problem["text"]


def test_rejecting_a_debit_posted_to_a_bill_takes_the_payment_back(workspace):
    pipeline, ids, _ = _statement(workspace, [("99.00", "DBIT", "D2", "FA-2026-0154")])
    assert _rows(workspace, "bills")["B2"]["status"] == "paid"
    book = _workbook(workspace)
    ws = book["Posted"]
    assert ws["A2"].value == ids["D2"] and "the text names bill B2 (FA-2026-0154)" in ws["L2"].value
    ws["M2"] = "reject"
    out = _drop(workspace, pipeline, book)
    assert out["status"] == "done", out
    bill = _rows(workspace, "bills")["B2"]
    assert (bill["status"], bill["paid"]) == ("approved", D("0.00"))
    assert _rows(workspace, "bank_transactions")[ids["D2"]]["status"] == "unmatched"


def test_the_debits_reasons_are_in_the_workspaces_language(workspace):
    _statement(workspace, [("242.00", "DBIT", "D1", "services November")], language="cs")
    book = _workbook(workspace)
    ws = book.worksheets[3]
    assert ws["J2"].value == "B1" and "B1" in ws["L2"].value and "approved bill" not in ws["L2"].value
