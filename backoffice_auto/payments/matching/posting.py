"""The books side of a clerk's decision: what a posting credits, taken back, and recorded as decided.

A posted payment's `invoice` allocations are what its invoices were credited with; taking a
posting back debits them again. A decided transaction's `matches` carry the clerk's reason
(`decided by a clerk (confirmed)`) and full score, so the books say who decided.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backoffice_auto.i18n import N_
from backoffice_auto.payments.matching.books import invoice_from_row
from backoffice_auto.payments.matching.engine import invoice_status

R_CLERK = N_("decided by a clerk ({action})")
ZERO = Decimal(0)


def posted_invoice_allocations(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The invoice allocations of a posted (matched or partly paid) transaction."""
    if row.get("status") not in ("matched", "partial"):
        return []
    return [m for m in row.get("matches") or [] if m.get("kind") == "invoice" and m.get("document")]


def clerk_matches(allocations: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    reason = {"message": R_CLERK, "params": {"action": action}, "points": 100}
    return [{"document": m["document"], "amount": Decimal(str(m["amount"])), "kind": m.get("kind", "invoice"),
             "score": 100, "customer_id": m.get("customer_id"), "reasons": [reason]} for m in allocations]


def credit_invoices(books, allocations, sign: int = 1) -> None:
    for m in allocations:
        if m.get("kind") != "invoice":
            continue
        inv = books.get("sales_invoices", m["document"])
        if inv is None:
            continue
        paid = (inv.get("paid") or ZERO) + sign * Decimal(str(m["amount"]))
        record = invoice_from_row({**inv, "paid": paid}, None)
        books.update("sales_invoices", m["document"], paid=paid, status=invoice_status(record))


def reverse_posting(books, row: dict[str, Any]) -> None:
    credit_invoices(books, posted_invoice_allocations(row), sign=-1)


def settled(books, number: str) -> bool:
    inv = books.get("sales_invoices", number)
    return inv is not None and (inv.get("paid") or ZERO) >= (inv.get("total") or ZERO)
