"""`holds:` and `approval:` of invoices.yaml: admins' conditions that hold a bill or ask a person first.

Why here and not in `checks.py`: the built-in checks are fixed arithmetic and fraud rules;
these are the workspace's own policy ("hold anything over 50,000", "a new supplier's
first bills need a look"), written as expressions and turned into the same `Finding`s,
so the one decision in `bills.decide` (refuse > review > hold > enter) stays the only
place that says what happens. Evaluation order (docs/rules.md, invoices.yaml): every
entry of `holds` and of `approval` is evaluated, and every one that holds applies (all
apply). An entry that cannot be evaluated for an invoice sends it for review (or holds
it, once a person has reviewed it), naming the entry and the error: never silently
entered.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping

from backoffice_auto.i18n import N_
from backoffice_auto.invoices.bills.checks import Finding, finding
from backoffice_auto.invoices.extract.model import ExtractedInvoice
from backoffice_auto.invoices.rules_model import SUPPLIER_FIELDS
from backoffice_auto.rules.expr import ExpressionError

MSG_RULE_HOLD = N_("held by rule: {reason}")
MSG_RULE_APPROVAL = N_("needs approval by rule: {reason}")
MSG_RULE_FAILED = N_("invoices.yaml {key}[{index}] 'when: {text}' could not be evaluated: {error}")



def context(inv: ExtractedInvoice, supplier: Mapping | None, po_number: str | None, today: date,
            reviewed: bool) -> dict:
    """What `bill`, `supplier` and `today` mean to the expressions for this invoice."""
    bill = {"invoice_number": inv.invoice_number, "issue_date": inv.issue_date, "due_date": inv.due_date,
            "currency": inv.currency, "net": inv.net, "tax": inv.tax, "total": inv.total,
            "po_number": po_number or inv.po_number, "po_matched": po_number is not None,
            "lines": len(inv.lines), "source": inv.source, "document_type": inv.document_type,
            "payment_terms": inv.payment_terms, "supplier_name": inv.supplier.name,
            "supplier_vat_id": inv.supplier.vat_id, "supplier_iban": inv.supplier.iban, "reviewed": reviewed}
    known = {name: (supplier or {}).get(name) for name in SUPPLIER_FIELDS if name != "known"}
    known["known"] = supplier is not None
    if known.get("on_hold") is None:
        known["on_hold"] = False
    return {"bill": bill, "supplier": known, "today": today}


def rule_findings(rules, inv: ExtractedInvoice, supplier: Mapping | None, po_number: str | None, today: date,
                  reviewed: bool) -> list[Finding]:
    """The findings of `rules.holds` and `rules.approval` (approval only before a review)."""
    holds, approval = rules.holds, () if reviewed else rules.approval
    if not holds and not approval:
        return []
    names = context(inv, supplier, po_number, today, reviewed)
    out: list[Finding] = []
    for key, entries, action, message in (("holds", holds, "hold", MSG_RULE_HOLD),
                                          ("approval", approval, "review", MSG_RULE_APPROVAL)):
        for index, entry in enumerate(entries):
            try:
                applies = entry.when.holds(names)
            except ExpressionError as exc:
                out.append(finding(f"rule_{key}", "hold" if reviewed else "review", MSG_RULE_FAILED,
                                   key=key, index=index, text=entry.when.text, error=str(exc)))
                continue
            if applies:
                out.append(finding(f"rule_{key}", action, message, reason=entry.reason))
    return out
