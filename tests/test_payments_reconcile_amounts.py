"""The Amount column of the reconciliation workbook edited by a clerk, back through `inbox/approvals/`.

Found by lowering the Amount of a suggested payment of 250.00 to 200.00 and confirming it (the
clerk meaning: post 200 to the invoice, keep the rest apart): the edit was ignored without a
word, the invoice was paid 250.00 and the file archived as done. Now an edited amount is what
is posted when it can be (above zero, in cents, in the payment's currency, at most what the
bank booked), the rest kept as the customer's credit; any other edit is refused naming the
cell, never ignored: more than was received, on a rejected row, on a row with no decision.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import camt053, drop_approval, invoices_paid
from payables_support import books_rows as _rows
from conftest import set_workspace_language

OURS = "CZ6508000000192000145399"
D = Decimal


def _statement(workspace, lines, language="en"):
    """Two invoices of 250.00 of one customer; `lines` booked through inbox/bank/."""
    set_workspace_language(workspace, language)
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "C2", "name": "Beta GmbH"})
            for number, due in (("INV-2026-00002", date(2026, 11, 20)), ("INV-2026-00003", date(2026, 11, 29))):
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": "C2",
                                                "issue_date": date(2026, 10, 30), "due_date": due,
                                                "currency": "EUR", "total": D("250.00"), "paid": D(0),
                                                "status": "open"})
    finally:
        store.close()
    pipeline = Pipeline(workspace)
    path = workspace.inbox / "bank" / "s.xml"
    path.write_bytes(camt053(OURS, "0", lines))
    [out] = pipeline.process_paths([path])
    assert out["status"] == "done", out
    return pipeline, {r["bank_reference"]: tid for tid, r in _rows(workspace, "bank_transactions").items()}


def _suggested(workspace, language="en"):
    pipeline, ids = _statement(workspace, [("250.00", "CRDT", "R2", "payment")], language)
    assert _rows(workspace, "bank_transactions")[ids["R2"]]["status"] == "suggested"
    return pipeline, ids["R2"]


def _edit(workspace, pipeline, cells, name="r.xlsx", sheet=3):
    """The outbox workbook with `cells` ({cell: value}) written on a sheet (3: Suggested),
    dropped into inbox/approvals/; the job's result and the sheet's title."""
    book = load_workbook(next((workspace.root / "outbox").rglob("reconciliation.xlsx")))
    ws = book.worksheets[sheet]
    for at, value in cells.items():
        ws[at] = value
    return drop_approval(workspace, pipeline, book, name), ws.title


def _paid(workspace):
    return invoices_paid(workspace)


def _errors(out):
    return [(m["where"], m["text"]) for m in out["messages"] if m["level"] == "error"]


def test_confirming_a_suggestion_with_a_lower_amount_posts_that_amount_and_keeps_the_rest_as_credit(workspace):
    pipeline, tid = _suggested(workspace)
    out, _ = _edit(workspace, pipeline, {"C2": 200, "M2": "confirm"})
    assert out["status"] == "done", out
    assert _paid(workspace) == {"INV-2026-00002": D("200.00"), "INV-2026-00003": D("0.00")}
    tx = _rows(workspace, "bank_transactions")[tid]
    assert tx["status"] == "partial"
    assert [(m["kind"], m["document"], D(m["amount"])) for m in tx["matches"]] == \
        [("invoice", "INV-2026-00002", D("200.00")), ("credit", "credit:C2", D("50.00"))]
    assert tx["amount"] == D("250.00")  # the bank's amount stays what the bank booked


def test_a_correction_with_a_lower_amount_written_as_text_posts_that_amount_oldest_due_first(workspace):
    pipeline, tid = _suggested(workspace)
    out, _ = _edit(workspace, pipeline, {"C2": "150,00 €", "M2": "correct", "N2": "INV-2026-00003, INV-2026-00002"})
    assert out["status"] == "done", out
    assert _paid(workspace) == {"INV-2026-00002": D("150.00"), "INV-2026-00003": D("0.00")}
    tx = _rows(workspace, "bank_transactions")[tid]
    assert [(m["kind"], D(m["amount"])) for m in tx["matches"]] == [("invoice", D("150.00")), ("credit", D("100.00"))]
    # amounts beside the invoices within the amount written: the rest of it to the other invoice
    out, _ = _edit(workspace, pipeline, {"C2": 240, "M2": "correct", "N2": "INV-2026-00003 40; INV-2026-00002"},
                   name="r2.xlsx")
    assert out["status"] == "done", out
    assert _paid(workspace) == {"INV-2026-00002": D("200.00"), "INV-2026-00003": D("40.00")}


def test_a_lower_amount_confirmed_on_a_posted_payment_posts_that_amount_instead(workspace):
    pipeline, ids = _statement(workspace, [("250.00", "CRDT", "R1", "INV-2026-00003")])
    assert _paid(workspace)["INV-2026-00003"] == D("250.00")
    out, sheet = _edit(workspace, pipeline, {"C2": "230", "M2": "confirm"}, sheet=1)
    assert (sheet, out["status"]) == ("Posted", "done"), out
    assert _paid(workspace) == {"INV-2026-00002": D("0.00"), "INV-2026-00003": D("230.00")}
    tx = _rows(workspace, "bank_transactions")[ids["R1"]]
    assert (tx["status"], [(m["kind"], D(m["amount"])) for m in tx["matches"]]) == \
        ("partial", [("invoice", D("230.00")), ("credit", D("20.00"))])


def test_amounts_that_cannot_be_posted_are_refused_at_the_amount_cell_and_change_nothing(workspace):
    pipeline, tid = _suggested(workspace)
    before = _rows(workspace, "bank_transactions")
    cases = [
        ({"C2": 300, "M2": "confirm"}, "300 EUR in the column 'Amount' is more than the 250.00 EUR transaction"),
        ({"C2": 0, "M2": "confirm"}, "in the column 'Amount' is not an amount transaction"),
        ({"C2": "-50", "M2": "confirm"}, "-50 in the column 'Amount' is not an amount transaction"),
        ({"C2": "12.345", "M2": "correct", "N2": "INV-2026-00002"}, "not an amount transaction"),
        ({"C2": "200 kr", "M2": "confirm"}, "'200 kr' in the column 'Amount' is not in EUR"),
        ({"C2": "$200", "M2": "confirm"}, "'$200' in the column 'Amount' is not in EUR"),
        ({"C2": "two hundred", "M2": "confirm"}, "'two hundred' in the column 'Amount' is not an amount"),
        ({"C2": 200, "M2": "reject"}, f"transaction {tid} is rejected, but its amount was changed from 250.00 to 200"),
        ({"C2": 200}, f"the amount of transaction {tid} was changed from 250.00 to 200 EUR, but the row has no "
                      "decision"),
        ({"C2": 240, "M2": "correct", "N2": "INV-2026-00002 200; INV-2026-00003 50"},
         "add up to 250 EUR, more than the 240.00 EUR written in its column 'Amount' to post"),
    ]
    for n, (cells, text) in enumerate(cases):
        out, sheet = _edit(workspace, pipeline, cells, name=f"r{n}.xlsx")
        assert out["status"] == "refused", (cells, out)
        [(where, message)] = _errors(out)
        assert where == f"r{n}.xlsx:{sheet}!C2" and text in message, (cells, message)
    assert _rows(workspace, "bank_transactions") == before
    assert _paid(workspace) == {"INV-2026-00002": D("0.00"), "INV-2026-00003": D("0.00")}


def test_the_amount_as_the_bank_booked_it_is_no_edit(workspace):
    pipeline, tid = _suggested(workspace)
    out, _ = _edit(workspace, pipeline, {"C2": "250,00 €", "M2": "confirm"})
    assert out["status"] == "done", out
    assert _paid(workspace)["INV-2026-00002"] == D("250.00")


def test_the_refusal_of_an_amount_is_in_the_workspaces_language(workspace):
    pipeline, tid = _suggested(workspace, language="pl")
    out, sheet = _edit(workspace, pipeline, {"C2": 300, "M2": "confirm"})
    [(where, message)] = _errors(out)
    assert where == f"r.xlsx:{sheet}!C2" and "Kwota" in message and "więcej niż 250,00 EUR" in message, message
