"""The reconciliation workbook edited as clerks edit it, back through `inbox/approvals/`.

Found by editing a real workbook from the outbox: a correction splitting a payment over two
invoices with the amounts beside them (`INV-2026-00023 2 740,43 €; INV-2026-00029 259,57`) was
refused as "invoice INV-2026-00023 2 740 is not in the books"; a decision typed as a formula
the file holds no result for (a script's `=LOWER("CONFIRM")`) and a decision on a row without
its transaction were dropped without a word ("0 decision(s) applied", the file archived as
done); a transaction typed in lower case was "not in the books".
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import camt053, drop_approval, invoices_paid
from payables_support import books_rows as _rows

OURS = "CZ6508000000192000145399"
D = Decimal


def _seed(workspace):
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "C2", "name": "Beta GmbH", "language": "fr"})
            for number in ("INV-2026-00002", "INV-2026-00003"):
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": "C2",
                                                "issue_date": date(2026, 10, 30), "due_date": date(2026, 11, 29),
                                                "currency": "EUR", "total": D("250.00"), "paid": D(0),
                                                "status": "open"})
    finally:
        store.close()


def _suggested(workspace):
    """A payment of 250.00 naming nothing: two invoices owe it, so it is suggested."""
    _seed(workspace)
    pipeline = Pipeline(workspace)
    inbox = workspace.inbox / "bank" / "s.xml"
    inbox.write_bytes(camt053(OURS, "0", [("250.00", "CRDT", "R2", "payment")]))
    pipeline.process_paths([inbox])
    [tx] = _rows(workspace, "bank_transactions").values()
    assert tx["status"] == "suggested"
    return pipeline, tx["transaction_id"]


def _edit(workspace, pipeline, cells, name="r.xlsx"):
    """The outbox workbook with `cells` ({column letter: value}) written on the transaction's
    row of the Suggested sheet, dropped into inbox/approvals/."""
    book = load_workbook(next((workspace.root / "outbox").rglob("reconciliation.xlsx")))
    ws = book["Suggested"]
    for letter, value in cells.items():
        ws[f"{letter}2"] = value
    return drop_approval(workspace, pipeline, book, name)


def _paid(workspace):
    return invoices_paid(workspace)


def test_correction_items_read_amounts_beside_numbers_and_plain_lists_as_before():
    from backoffice_auto.payments.matching.workbook import correction_parts

    def correction_items(text, locale=None):  # the numbers and amounts
        return correction_parts(text, locale)[:2]

    assert correction_items("INV-1, INV-2;INV-3") == (("INV-1", "INV-2", "INV-3"), ())
    assert correction_items("1001,1002") == (("1001", "1002"), ())
    assert correction_items("FV 2026 0011") == (("FV 2026 0011",), ())
    assert correction_items("INV-2026-00023 2 740,43 €; INV-2026-00029 259,57", "cs_CZ") == \
        (("INV-2026-00023", "INV-2026-00029"), (D("2740.43"), D("259.57")))
    assert correction_items("INV-1 €1,234.50, INV-2", "en_GB") == (("INV-1", "INV-2"), (D("1234.50"), None))
    assert correction_items("INV-1 12 Kč\nINV-2 3,5") == (("INV-1", "INV-2"), (D("12"), D("3.5")))
    # words that only look like amounts stay part of the number (not INV-1 with -2 'INV', or 2 'INV')
    assert correction_items("INV-1 INV-2") == (("INV-1 INV-2",), ())
    assert correction_items("INV-1 INV2; INV-3 2026-00002") == (("INV-1 INV2", "INV-3 2026-00002"), ())


def test_a_payment_split_over_two_invoices_with_amounts_as_text_pays_each_its_amount_once(workspace):
    pipeline, tid = _suggested(workspace)
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00003 150,00 €; inv-2026-00002 100"})
    assert out["status"] == "done", out
    assert _paid(workspace) == {"INV-2026-00002": D("100.00"), "INV-2026-00003": D("150.00")}
    tx = _rows(workspace, "bank_transactions")[tid]
    assert tx["status"] == "partial"
    assert [(m["document"], D(m["amount"])) for m in tx["matches"]] == \
        [("INV-2026-00003", D("150.00")), ("INV-2026-00002", D("100.00"))]
    # the same decisions saved again and dropped again: applied once, not added up
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00003 150,00 €; inv-2026-00002 100",
                                      "E": "resaved"}, name="r2.xlsx")
    assert out["status"] == "done", out
    assert _paid(workspace) == {"INV-2026-00002": D("100.00"), "INV-2026-00003": D("150.00")}
    # one amount and one invoice without: the rest goes to it; all of it to one invoice: the rest is credit
    _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002 50; INV-2026-00003"}, name="r3.xlsx")
    assert _paid(workspace) == {"INV-2026-00002": D("50.00"), "INV-2026-00003": D("200.00")}
    _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002 €200"}, name="r4.xlsx")
    assert _paid(workspace) == {"INV-2026-00002": D("200.00"), "INV-2026-00003": D("0.00")}
    tx = _rows(workspace, "bank_transactions")[tid]
    assert [(m["kind"], D(m["amount"])) for m in tx["matches"]] == [("invoice", D("200.00")), ("credit", D("50.00"))]


def test_amounts_over_the_payment_or_over_what_is_open_are_refused_at_the_cell_and_change_nothing(workspace):
    pipeline, tid = _suggested(workspace)
    before = _rows(workspace, "bank_transactions")
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002 200; INV-2026-00003 100"})
    assert out["status"] == "refused"
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r.xlsx:Suggested!N2"
    assert "add up to 300" in problem["text"] and "more than the payment of 250.00 EUR" in problem["text"]

    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002 260"}, name="r2.xlsx")
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r2.xlsx:Suggested!N2"
    assert "260" in problem["text"] and "more than the 250.00 EUR left to pay" in problem["text"]

    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002 -5; INV-2026-00003 10,555"},
                name="r3.xlsx")
    assert [m["where"] for m in out["messages"] if m["level"] == "error"] == ["r3.xlsx:Suggested!N2"] * 2
    # an amount in another currency than the payment's (Kč beside a payment in EUR)
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002 200 Kč"}, name="r4.xlsx")
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r4.xlsx:Suggested!N2"
    assert "200 CZK written for invoice INV-2026-00002, but the payment is in EUR" in problem["text"]
    # sixty digits: more than is open (it failed while being rounded to cents, and the job with it)
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002 " + "1" * 60}, name="r5.xlsx")
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r5.xlsx:Suggested!N2" and "more than the 250.00 EUR left to pay" in problem["text"]
    assert _rows(workspace, "bank_transactions") == before
    assert _paid(workspace) == {"INV-2026-00002": D("0.00"), "INV-2026-00003": D("0.00")}


def test_a_formula_without_its_result_and_a_decision_without_its_transaction_are_refused_at_their_cells(workspace):
    pipeline, tid = _suggested(workspace)
    out = _edit(workspace, pipeline, {"M": '=LOWER("CONFIRM")'})
    assert out["status"] == "refused"
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r.xlsx:Suggested!M2" and "formula" in problem["text"]

    out = _edit(workspace, pipeline, {"A": None, "M": "confirm"}, name="r2.xlsx")
    assert out["status"] == "refused"
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "r2.xlsx:Suggested!A2" and "no transaction in the column 'Transaction'" in problem["text"]
    assert _rows(workspace, "bank_transactions")[tid]["status"] == "suggested"

    out = _edit(workspace, pipeline, {"A": f" {tid.lower()} ", "M": "confirm"}, name="r3.xlsx")
    assert out["status"] == "done", out
    assert _rows(workspace, "bank_transactions")[tid]["status"] == "matched"


def test_a_workbook_whose_first_sheet_was_renamed_or_deleted_is_still_known_by_its_columns(workspace):
    """Before: 'no handler takes this file (kind not recognised from its folder and content)'."""
    pipeline, tid = _suggested(workspace)
    for name, edit in (("renamed.xlsx", lambda b: setattr(b.worksheets[0], "title", "Instructions")),
                       ("deleted.xlsx", lambda b: b.remove(b.worksheets[0]))):
        book = load_workbook(next((workspace.root / "outbox").rglob("reconciliation.xlsx")))
        edit(book)
        book["Suggested"]["M2"] = "reject"
        data = io.BytesIO()
        book.save(data)
        path = workspace.inbox / "approvals" / name
        path.write_bytes(data.getvalue())
        out = pipeline.process_paths([path])[0]
        assert (out["status"], out["kind"]) == ("done", "payments-approval"), out
    assert _rows(workspace, "bank_transactions")[tid]["status"] == "unmatched"


def test_a_stale_workbook_confirming_what_was_decided_otherwise_since_is_refused(workspace):
    """Before: the confirm of the suggestion (INV-2026-00002) in last week's copy of the
    workbook was counted as confirming the posting a colleague had made since (INV-2026-00003),
    and INV-2026-00002 stayed open while the clerk believed it paid."""
    pipeline, tid = _suggested(workspace)
    book = load_workbook(next((workspace.root / "outbox").rglob("reconciliation.xlsx")))
    shown = book["Suggested"]["J2"].value
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00003"})
    assert out["status"] == "done", out
    assert shown == "INV-2026-00002"
    out = _edit(workspace, pipeline, {"M": "confirm"}, name="old-copy.xlsx")
    assert out["status"] == "refused"
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == "old-copy.xlsx:Suggested!M2"
    assert "now stands posted to INV-2026-00003, not to INV-2026-00002" in problem["text"]
    assert _paid(workspace) == {"INV-2026-00002": D("0.00"), "INV-2026-00003": D("250.00")}
    # a confirm of what the row shows still locks the posting
    out = _edit(workspace, pipeline, {"M": "confirm", "J": "INV-2026-00003"}, name="fresh.xlsx")
    assert out["status"] == "done", out


def test_a_correction_to_another_customers_invoice_than_the_payers_is_posted_with_a_warning(workspace):
    """Before: posted without a word, so a slip of one digit paid another customer's invoice."""
    pipeline, tid = _suggested(workspace)
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.update("customers", "C2", iban=OURS)  # the sample statement's payer account
            books.insert("customers", {"customer_id": "C3", "name": "Gamma SARL", "language": "fr"})
            books.insert("sales_invoices", {"invoice_number": "INV-2026-00020", "customer_id": "C3",
                                            "issue_date": date(2026, 10, 30), "due_date": date(2026, 11, 29),
                                            "currency": "EUR", "total": D("250.00"), "paid": D(0), "status": "open"})
    finally:
        store.close()
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00020"})
    assert out["status"] == "done", out
    [warning] = [m for m in out["messages"] if m["level"] == "warning"]
    assert warning["where"] == "r.xlsx:Suggested!N2"
    assert "invoice INV-2026-00020 is customer C3's, but the payer's account" in warning["text"]
    assert "is customer C2's" in warning["text"]
    assert _paid(workspace)["INV-2026-00020"] == D("250.00")
    # the payer's own invoice: no warning
    out = _edit(workspace, pipeline, {"M": "correct", "N": "INV-2026-00002"}, name="r2.xlsx")
    assert [m for m in out["messages"] if m["level"] == "warning"] == []


def test_rows_a_clerk_added_above_the_headers_do_not_hide_the_decisions(workspace):
    """Before: a note typed in a row inserted above the headers made the sheet unread, and the
    file was archived as done with '0 decision(s) applied'."""
    pipeline, tid = _suggested(workspace)
    book = load_workbook(next((workspace.root / "outbox").rglob("reconciliation.xlsx")))
    ws = book["Suggested"]
    ws.insert_rows(1, amount=2)
    ws["A1"] = "Checked by Jana, 2 Dec"
    ws["M4"] = "reject"
    data = io.BytesIO()
    book.save(data)
    path = workspace.inbox / "approvals" / "r.xlsx"
    path.write_bytes(data.getvalue())
    out = pipeline.process_paths([path])[0]
    assert out["status"] == "done", out
    assert any("1 decision" in m["text"] and "1 rejected" in m["text"] for m in out["messages"]), out["messages"]
    assert _rows(workspace, "bank_transactions")[tid]["status"] == "unmatched"


def test_a_workbook_with_no_decision_at_all_is_said_as_a_warning(workspace):
    pipeline, tid = _suggested(workspace)
    out = _edit(workspace, pipeline, {"L": "confirm"})  # written in the Reasons column, not Decision
    assert out["status"] == "done", out
    assert [m["level"] for m in out["messages"] if "0 decision" in m["text"]] == ["warning"]
