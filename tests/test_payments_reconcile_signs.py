"""Currency signs a clerk writes beside an amount in the reconciliation workbook.

Found by writing `INV-2026-00002 200 kr`, `$200` and `200 fr` beside a payment in EUR: each
was taken as 200 euros, because `$`, `kr` and `fr` are the signs of several currencies
(dollars: US, Canadian, Australian...; kronor and kroner: Swedish, Norwegian, Danish,
Icelandic; francs: Swiss, CFA...) and such a sign was not checked at all. Now a sign that
names several currencies is taken only when the payment's currency is one of them, and is
otherwise refused at its cell, naming the currencies it may mean; it is never guessed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.documents.currencywords import currencies_named
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import camt053, drop_approval, invoices_paid
from payables_support import books_rows as _rows
from conftest import set_workspace_language

OURS = "CZ6508000000192000145399"
D = Decimal


def _suggested(workspace, currency="EUR", language="en"):
    """A payment of 250.00 in `currency` naming nothing, two invoices owing it: suggested."""
    set_workspace_language(workspace, language)
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "C2", "name": "Beta AB"})
            for number in ("INV-2026-00002", "INV-2026-00003"):
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": "C2",
                                                "issue_date": date(2026, 10, 30), "due_date": date(2026, 11, 29),
                                                "currency": currency, "total": D("250.00"), "paid": D(0),
                                                "status": "open"})
    finally:
        store.close()
    pipeline = Pipeline(workspace)
    path = workspace.inbox / "bank" / "s.xml"
    path.write_bytes(camt053(OURS, "0", [("250.00", "CRDT", "R2", "payment")], currency=currency))
    [out] = pipeline.process_paths([path])
    assert out["status"] == "done", out
    [tx] = _rows(workspace, "bank_transactions").values()
    assert tx["status"] == "suggested"
    return pipeline


def _correct(workspace, pipeline, text, name="r.xlsx"):
    book = load_workbook(next((workspace.root / "outbox").rglob("reconciliation.xlsx")))
    ws = book.worksheets[3]  # Suggested, in the workspace's language
    ws["M2"], ws["N2"] = "correct", text  # the decision words are read in every language
    return drop_approval(workspace, pipeline, book, name), ws.title


def _paid(workspace):
    return invoices_paid(workspace)


def test_signs_of_several_currencies_name_each_of_them():
    assert {"USD", "CAD", "AUD"} <= currencies_named("$")
    assert currencies_named("kr") == currencies_named("kr.") == currencies_named("Kr") >= {"SEK", "NOK", "DKK"}
    assert {"CHF", "XOF"} <= currencies_named("fr")
    assert currencies_named("Kč") == {"CZK"} and currencies_named("€") == {"EUR"} and currencies_named("EUR") == {"EUR"}
    assert currencies_named("US$") == {"USD"} and currencies_named("C$") == {"CAD"}
    assert currencies_named("INV") == frozenset() and currencies_named("") == frozenset()


@pytest.mark.parametrize("text, sign", [("INV-2026-00002 200 kr", "kr"), ("INV-2026-00002 $200", "$"),
                                        ("INV-2026-00002 200 fr.", "fr.")])
def test_a_sign_of_several_currencies_beside_a_payment_in_none_of_them_is_refused_at_its_cell(workspace, text, sign):
    pipeline = _suggested(workspace)
    before = _rows(workspace, "bank_transactions")
    out, sheet = _correct(workspace, pipeline, text)
    assert out["status"] == "refused"
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == f"r.xlsx:{sheet}!N2"
    assert f"'{sign}' written beside 200 for invoice INV-2026-00002 is the sign of several currencies" in \
        problem["text"] and "none of them is EUR, the payment's currency" in problem["text"], problem
    assert _rows(workspace, "bank_transactions") == before
    assert _paid(workspace) == {"INV-2026-00002": D("0.00"), "INV-2026-00003": D("0.00")}


def test_a_sign_of_several_currencies_agreeing_with_the_payments_is_taken(workspace):
    pipeline = _suggested(workspace, "SEK")
    out, _ = _correct(workspace, pipeline, "INV-2026-00002 200 kr; INV-2026-00003 50,00 kr.")
    assert out["status"] == "done", out
    assert _paid(workspace) == {"INV-2026-00002": D("200.00"), "INV-2026-00003": D("50.00")}


def test_an_unknown_currency_sign_is_refused_not_taken_as_the_payments(workspace):
    pipeline = _suggested(workspace)
    out, sheet = _correct(workspace, pipeline, "INV-2026-00002 200 ¤")
    assert out["status"] == "refused"
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == f"r.xlsx:{sheet}!N2" and "'¤'" in problem["text"] and "EUR" in problem["text"]


def test_the_refusal_is_in_the_workspaces_language(workspace):
    pipeline = _suggested(workspace, language="cs")
    out, sheet = _correct(workspace, pipeline, "INV-2026-00002 200 kr")
    [problem] = [m for m in out["messages"] if m["level"] == "error"]
    assert problem["where"] == f"r.xlsx:{sheet}!N2"
    assert "'kr'" in problem["text"] and "EUR" in problem["text"] and "měn" in problem["text"], problem
