"""Paying what the invoice asks, quoting what it asks: end to end from a supplier's PDF to the
pain.001 file (real SQLite, real PDF, real workbooks, XML checked against its schema).

A bill whose invoice deducted a deposit is paid its amount due, not its total; a bill with a
payment reference is paid in a transfer of its own that quotes it: an RF reference or a
Belgian structured communication as a structured creditor reference, Czech symbols as
`/VS/..` in the unstructured text Czech banks read.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from lxml import etree

from backoffice_auto.sepa import check_schema
from invoice_layouts import Item, random_spec, render
from payables_support import SUPPLIERS, approve, bill, books_rows, workspace
from test_payables_job import process, proposal, run_payables

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def _transfers(ws) -> dict[str, tuple[D, str | None, tuple[str, str] | None]]:
    """end-to-end id -> (amount, unstructured text, (issuer, structured reference))."""
    xml = next(ws.outbox.rglob("*.pain001.xml")).read_bytes()
    check_schema(xml)
    out = {}
    for tx in etree.fromstring(xml).iterfind(".//p:CdtTrfTxInf", NS):
        ustrd = tx.findtext(".//p:Ustrd", namespaces=NS)
        ref = tx.findtext(".//p:CdtrRefInf/p:Ref", namespaces=NS)
        issuer = tx.findtext(".//p:CdtrRefInf/p:Tp/p:Issr", namespaces=NS)
        out[tx.findtext(".//p:EndToEndId", namespaces=NS)] = (
            D(tx.findtext(".//p:InstdAmt", namespaces=NS)), ustrd, (issuer, ref) if ref else None)
    return out


def test_a_deposit_deducted_on_the_pdf_is_not_paid_again(tmp_path):
    """The brief's invoice: 1,000.00 + 21 % VAT = 1,210.00, deposit 500.00 paid, 710.00 due,
    variable symbol 20260042. The bill keeps 1,210.00 and its VAT; the bank file pays 710.00
    quoting /VS/20260042."""
    supplier = {**SUPPLIERS[1], "supplier_id": "S9", "name": "Tiskárna Labe s.r.o.", "country": "CZ",
                "iban": "CZ5508000000001234567899", "payment_terms": "net 14", "language": "cs"}
    ws = workspace(tmp_path, bills=[], suppliers=[supplier])
    spec = replace(random_spec(random.Random(3), "cs"), items=(Item("Hex bolt M10x50", D(1), D("1000.00"), D(21)),),
                   credit=False, recap=False, two_pages=False, currency="EUR", iban=supplier["iban"],
                   issue=date(2026, 11, 20), due=date(2026, 11, 30), po=None, deposit=D("500.00"), reference="20260042")
    path = ws.inbox / "invoices" / "zalohova.pdf"
    path.write_bytes(render(spec))
    code, result = process(ws, path)
    assert code == 0 and result["status"] == "done", result
    [entered] = books_rows(ws, "bills").values()
    assert (entered["total"], entered["tax"], entered["prepaid"], entered["amount_due"]) == (
        D("1210.00"), D("210.00"), D("500.00"), D("710.00"))
    assert entered["payment_reference"] == "/VS/20260042"
    code, results = run_payables(ws)
    assert code == 0 and results[0]["status"] == "done", results
    code, result = process(ws, approve(proposal(ws), ws.inbox / "approvals" / "ok.xlsx"))
    assert code == 0 and result["status"] == "done", result
    assert list(_transfers(ws).values()) == [(D("710.00"), "/VS/20260042", None)]


def test_referenced_bills_are_paid_one_transfer_each_quoting_their_reference(tmp_path):
    bills = [
        {**bill("B1", "S2", "1210.00", date(2026, 11, 1), due=date(2026, 12, 1), number="F-1"),
         "amount_due": D("710.00"), "prepaid": D("500.00"), "payment_reference": "+++090/9337/55493+++"},
        {**bill("B2", "S2", "300.00", date(2026, 11, 1), due=date(2026, 12, 1), number="F-2"),
         "payment_reference": "RF18539007547034"},
        bill("B3", "S2", "200.00", date(2026, 11, 1), due=date(2026, 12, 1), number="F-3"),
        {**bill("B4", "S2", "100.00", date(2026, 11, 1), due=date(2026, 12, 1), number="F-4"),
         "payment_reference": "/VS/20260042/KS/0308"},
    ]
    ws = workspace(tmp_path, bills=bills)
    code, results = run_payables(ws)
    assert code == 0 and results[0]["status"] == "done", results
    code, result = process(ws, approve(proposal(ws), ws.inbox / "approvals" / "ok.xlsx"))
    assert code == 0 and result["status"] == "done", result
    assert sorted(_transfers(ws).values(), key=lambda t: t[0]) == [
        (D("100.00"), "/VS/20260042/KS/0308", None),
        (D("200.00"), "F-3", None),
        (D("300.00"), None, ("ISO", "RF18539007547034")),
        (D("710.00"), None, ("BBA", "090933755493")),
    ]
    assert {b: r["status"] for b, r in books_rows(ws, "bills").items()} == {
        "B1": "approved", "B2": "approved", "B3": "approved", "B4": "approved"}
