"""From an invoice and its findings to a bill record: the decision and the dates. Pure.

One place decides what the findings do (refuse > review > hold > enter), so the handler
and the approvals handler cannot disagree. Dates come from the invoice when it prints
them, else from payment terms: the invoice's own terms, then the supplier's in the books,
then the rules' default (`terms.py` reads them all).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from backoffice_auto.invoices.bills.checks import Finding
from backoffice_auto.invoices.extract.model import ExtractedInvoice
from backoffice_auto.terms import TermDates, apply_terms, parse_terms, try_parse_terms

BILL_SEQUENCE = "bill"


def format_bill_id(number: int) -> str:
    """`B-000001`: fixed width so ids sort as they were issued."""
    return f"B-{number:06d}"


def as_credit_note(inv: ExtractedInvoice) -> ExtractedInvoice:
    """A credit note's amounts negative, whatever sign the document printed them with.

    Suppliers print credit notes both ways ("Total -100.00" or "Credit note ... Total 100.00");
    the books keep a credit as a negative bill so that payables can offset it.
    """
    if inv.document_type != "credit_note":
        return inv
    amounts = [a for a in (inv.total, inv.net, inv.tax) if a is not None]
    if not amounts or all(a <= 0 for a in amounts):
        return inv

    def neg(value: Decimal | None) -> Decimal | None:
        return None if value is None else -abs(value)

    lines = tuple(replace(line, amount=neg(line.amount),
                          quantity=neg(line.quantity) if line.quantity is not None else None)
                  for line in inv.lines)
    return replace(inv, net=neg(inv.net), tax=neg(inv.tax), total=neg(inv.total), lines=lines)


@dataclass(frozen=True)
class Decision:
    action: str  # refuse | review | enter
    status: str | None  # scheduled | on_hold when entered
    hold_reasons: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def alerts(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.alert)

    @property
    def hold_reason(self) -> str | None:
        return "; ".join(self.hold_reasons) or None


def decide(findings: Iterable[Finding]) -> Decision:
    """Refuse if anything refuses; else review if anything is doubtful; else enter, on hold
    when any finding holds (reasons in English in the books, translated in reports)."""
    found = tuple(findings)
    actions = {f.action for f in found}
    holds = tuple(f.problem.text("en") for f in found if f.action == "hold")
    if "refuse" in actions:
        return Decision("refuse", None, holds, found)
    if "review" in actions:
        return Decision("review", None, holds, found)
    return Decision("enter", "on_hold" if holds else "scheduled", holds, found)


def choose_terms(inv: ExtractedInvoice, supplier: Mapping | None, default_terms: str):
    """The invoice's readable terms, else the supplier's, else the default."""
    return (try_parse_terms(inv.payment_terms)
            or try_parse_terms(supplier.get("payment_terms") if supplier else None)
            or parse_terms(default_terms))


def bill_dates(inv: ExtractedInvoice, supplier: Mapping | None, default_terms: str, today: date,
               minor_digits: int = 2) -> TermDates:
    """Due date (printed, else by terms) and early-payment discount (by terms)."""
    terms = choose_terms(inv, supplier, default_terms)
    issue = inv.issue_date or today
    total = inv.payable if inv.payable is not None else Decimal(0)  # a discount is on what is paid
    by_terms = apply_terms(issue, total, terms, minor_digits)
    due = inv.due_date or by_terms.due_date
    disc_date = by_terms.discount_date
    if disc_date is not None and disc_date > due:
        disc_date = due
    return TermDates(due, disc_date, by_terms.discount_amount if disc_date else None)


def bill_record(bill_id: str, inv: ExtractedInvoice, supplier_id: str, decision: Decision, dates: TermDates,
                currency: str) -> dict:
    """The `bills` row (DESIGN.md vocabulary); `paid` starts at zero, payables schedules it.
    The total and VAT are the invoice's; what was prepaid and the amount due go beside them."""
    return {
        "bill_id": bill_id,
        "supplier_id": supplier_id,
        "invoice_number": inv.invoice_number,
        "issue_date": inv.issue_date,
        "due_date": dates.due_date,
        "currency": currency,
        "net": inv.net,
        "tax": inv.tax,
        "total": inv.total,
        "discount_date": dates.discount_date,
        "discount_amount": dates.discount_amount,
        "scheduled_date": None,
        "paid": Decimal(0),
        "status": decision.status,
        "hold_reason": decision.hold_reason,
        "prepaid": inv.prepaid or None,
        "amount_due": due_amount(inv),
        "payment_reference": inv.payment_reference,
    }


def due_amount(inv: ExtractedInvoice) -> Decimal | None:
    """The bill's `amount_due`: what the invoice asks to be paid when that is not its total
    (a deposit or credit deducted, a rounding), else None (payables pays the total)."""
    payable = inv.payable
    return None if payable is None or payable == inv.total else payable
