"""A customer's open credit note (a sales invoice with a negative total) in matching and corrections.

Found by paying 600.00 for an invoice of 1,000.00 less a credit note of 400.00, naming both: the
suggestion said the credit note 'named by the reference is already paid' (it was open), and when
the clerk corrected the payment to both numbers, the set-off was posted but the clerk was warned
that the credit note 'was already paid in full', and the credit note stayed `open` with nothing
left on it.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import bank_rows, camt053, invoices_paid, process_bank_file, seed_open_invoices

D = Decimal
OURS = "CZ6508000000192000145399"


def _seed(workspace):
    seed_open_invoices(workspace, {"customer_id": "C1", "name": "Alfa s.r.o.", "language": "en"},
                       [("INV-2026-00001", "EUR", "1000.00"), ("INV-2026-00002", "EUR", "-400.00")],
                       date(2026, 10, 1), date(2026, 10, 31))


def test_a_payment_netting_a_credit_note_says_so_and_the_clerks_correction_sets_it_off(workspace):
    _seed(workspace)
    process_bank_file(workspace, "s.xml", camt053(OURS, "0", [
        ("600.00", "CRDT", "R1", "INV-2026-00001 less credit note INV-2026-00002")]))
    [row] = bank_rows(workspace)
    assert row["status"] == "suggested"  # never posted on its own
    reasons = [r["message"] for m in row["matches"] for r in m["reasons"]]
    assert not any("already paid" in r for r in reasons), reasons
    assert any("is a credit note" in r for r in reasons), reasons

    book = load_workbook(next((workspace.root / "outbox").rglob("reconciliation.xlsx")))
    sheet = book["Suggested"]
    assert "is a credit note with 400.00 EUR not yet set off" in sheet["L2"].value
    sheet["M2"], sheet["N2"] = "correct", "INV-2026-00001, INV-2026-00002"
    data = io.BytesIO()
    book.save(data)
    path = workspace.inbox / "approvals" / "r.xlsx"
    path.write_bytes(data.getvalue())
    [out] = Pipeline(workspace).process_paths([path])
    assert out["status"] == "done", out
    assert not [m for m in out["messages"] if m["level"] == "warning"], out["messages"]
    assert invoices_paid(workspace) == {"INV-2026-00001": D("1000.00"), "INV-2026-00002": D("-400.00")}
    store = Store(workspace.db_path)
    try:
        statuses = {r["invoice_number"]: r["status"] for r in store.read().rows("sales_invoices")}
    finally:
        store.close()
    assert statuses == {"INV-2026-00001": "paid", "INV-2026-00002": "paid"}
