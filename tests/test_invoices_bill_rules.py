"""invoices.yaml `holds` and `approval`: all entries apply; a failing one never enters silently."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import yaml

from backoffice_auto.invoices.bills.bill_rules import rule_findings
from backoffice_auto.invoices.bills.entry import decide
from backoffice_auto.invoices.demo import DemoInvoice
from backoffice_auto.invoices.extract.model import ExtractedInvoice, SupplierInfo
from backoffice_auto.invoices.rules_model import InvoicesRules

from test_invoices_bills_pipeline import (  # noqa: F401  (books_ws and data are fixtures)
    BUYER, TODAY, bills, books_ws, data, drop, lines_of, order, party, run, supplier,
)
from test_rules_doc_examples import doc_yaml_examples

SUPPLIER = {"supplier_id": "S9", "name": "Acme", "country": "DE", "priority": 1, "on_hold": None}


def invoice(total, currency="EUR") -> ExtractedInvoice:
    return ExtractedInvoice("embedded-xml", SupplierInfo("Acme"), "A-1", TODAY, None, currency,
                            total, D(0) if total is not None else None, total)


def rules(**keys) -> InvoicesRules:
    return InvoicesRules.model_validate(keys)


def test_every_true_hold_applies_in_order_and_holds_the_bill():
    r = rules(holds=[{"when": "bill.total > 100", "reason": "big"},
                     {"when": "supplier.country == 'CZ'", "reason": "never"},
                     {"when": "supplier.priority < 2", "reason": "low priority"}])
    found = rule_findings(r, invoice(D(500)), SUPPLIER, None, TODAY, reviewed=False)
    assert [f.problem.text() for f in found] == ["held by rule: big", "held by rule: low priority"]
    decision = decide(found)
    assert decision.status == "on_hold" and decision.hold_reason == "held by rule: big; held by rule: low priority"


def test_approval_sends_for_review_but_not_again_after_review():
    r = rules(approval=[{"when": "not bill.po_matched", "reason": "no order"}])
    assert decide(rule_findings(r, invoice(D(5)), SUPPLIER, None, TODAY, reviewed=False)).action == "review"
    assert rule_findings(r, invoice(D(5)), SUPPLIER, None, TODAY, reviewed=True) == []
    assert rule_findings(r, invoice(D(5)), SUPPLIER, "PO-1", TODAY, reviewed=False) == []


def test_a_failing_condition_asks_for_review_then_holds():
    r = rules(holds=[{"when": "bill.total > 100", "reason": "big"}])
    before = rule_findings(r, invoice(None), SUPPLIER, None, TODAY, reviewed=False)
    assert [f.action for f in before] == ["review"]
    assert "holds[0] 'when: bill.total > 100' could not be evaluated" in before[0].problem.text()
    after = rule_findings(r, invoice(None), SUPPLIER, None, TODAY, reviewed=True)
    assert [f.action for f in after] == ["hold"]


def test_unknown_supplier_reads_as_not_known():
    r = rules(holds=[{"when": "not supplier.known and supplier.country == none", "reason": "stranger"}])
    assert [f.action for f in rule_findings(r, invoice(D(1)), None, None, TODAY, reviewed=False)] == ["hold"]


def test_the_docs_example_holds_and_asks_as_the_docs_say():
    (text,) = [block for rel, block in doc_yaml_examples() if rel == "invoices.yaml"]
    r = InvoicesRules.model_validate(yaml.safe_load(text))
    cz_big = rule_findings(r, invoice(D("60000.00"), "CZK"), SUPPLIER, "PO-7", TODAY, reviewed=False)
    assert [f.problem.text() for f in cz_big] == [
        "held by rule: over 50,000, the finance manager releases it",
        "held by rule: a foreign supplier invoicing in CZK"]
    small = rule_findings(r, invoice(D("1500.00")), SUPPLIER, None, TODAY, reviewed=False)
    assert [f.problem.text() for f in small] == ["needs approval by rule: 1,000 or more without a purchase order"]
    assert rule_findings(r, invoice(None), SUPPLIER, None, TODAY, reviewed=False) == []


def test_a_hold_rule_in_a_real_invoices_job(books_ws, data):
    (books_ws.rules_dir / "invoices.yaml").write_text(yaml.safe_dump({"holds": [
        {"when": "bill.po_matched and bill.total > 10", "reason": "every matched bill waits"}]}))
    s01 = supplier(data, "S01")
    inv = DemoInvoice(party(s01), BUYER, "INV-1001", TODAY, lines_of(order(data, "PO-2026-001"), "CZ"),
                      TODAY + timedelta(days=30), po_number="PO-2026-001", payment_terms="2/10 net 30")
    [result] = run(books_ws, drop(books_ws, "inv.pdf", inv, embed=True))
    assert result["status"] == "done", result
    [bill] = bills(books_ws)
    assert bill["status"] == "on_hold" and bill["hold_reason"] == "held by rule: every matched bill waits"
