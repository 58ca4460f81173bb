"""A proposal as stored rows, and its checksum. Pure.

The proposal is kept in the books (`payment_runs.lines`) as one plain row per bill line
(amounts and dates as text), and the approval workbook carries the SHA-256 of exactly
those rows: the approval is checked against what was proposed, never against what the
workbook says was proposed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping, Sequence

from backoffice_auto.payables.run import Proposal

ROW_FIELDS = ("end_to_end_id", "supplier_id", "name", "iban", "bic", "currency", "debtor_iban", "bill_id",
              "invoice_number", "due_date", "discount", "amount", "transfer_amount", "remittance",
              "structured_reference", "manual", "language", "email")


def run_id_for(run_date: date) -> str:
    return f"PR-{run_date:%Y%m%d}"


def proposal_rows(proposal: Proposal) -> list[dict[str, Any]]:
    rows = []
    for t in proposal.transfers:
        for ln in t.lines:
            rows.append({
                "end_to_end_id": t.end_to_end_id, "supplier_id": t.supplier_id, "name": t.name, "iban": t.iban,
                "bic": t.bic or "", "currency": t.currency, "debtor_iban": t.debtor_iban, "bill_id": ln.bill_id,
                "invoice_number": ln.invoice_number, "due_date": ln.due_date.isoformat() if ln.due_date else "",
                "discount": str(ln.discount), "amount": str(ln.amount), "transfer_amount": str(t.amount),
                "remittance": t.remittance, "structured_reference": t.structured_reference or "",
                "manual": t.manual, "language": t.language or "", "email": t.email or ""})
    return rows


def left_rows(proposal: Proposal) -> list[dict[str, Any]]:
    return [{"bill_id": x.bill_id, "supplier_id": x.supplier_id, "invoice_number": x.invoice_number,
             "amount": str(x.amount), "currency": x.currency, "reason": x.reason,
             "params": {k: str(v) for k, v in x.params.items()}, "held": x.held} for x in proposal.left_out]


def checksum(rows: Sequence[Mapping[str, Any]]) -> str:
    """SHA-256 of the rows' fields that decide a payment, in a canonical text form."""
    canon = [[str(r.get(k, "")) for k in ("end_to_end_id", "supplier_id", "iban", "bic", "currency", "debtor_iban",
                                           "bill_id", "discount", "amount")] for r in rows]
    return hashlib.sha256(json.dumps(canon, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class Batch:
    """Approved transfers of one currency from one debtor account."""

    currency: str
    debtor_iban: str
    manual: bool
    transfers: tuple[tuple[dict, ...], ...]  # the rows of each transfer

    @property
    def total(self) -> Decimal:
        return sum((Decimal(r["amount"]) for rows in self.transfers for r in rows), Decimal(0))


def batches(rows: Sequence[Mapping[str, Any]]) -> list[Batch]:
    """Rows grouped into transfers (by end-to-end id) and batches (currency, debtor account)."""
    by_transfer: dict[str, list] = {}
    for r in rows:
        by_transfer.setdefault(r["end_to_end_id"], []).append(dict(r))
    groups: dict[tuple, list] = {}
    for e2e in sorted(by_transfer):
        first = by_transfer[e2e][0]
        groups.setdefault((first["currency"], first["debtor_iban"], bool(first["manual"])), []).append(
            tuple(by_transfer[e2e]))
    return [Batch(c, d, m, tuple(ts)) for (c, d, m), ts in sorted(groups.items())]
