"""Bulk decisions for payments whose only reference is one character away from one invoice.

Why: a payer who mistypes the number (swapped digits, one wrong digit) is common, and
most such references land on another customer's invoice or on an amount that does not fit:
the payment is suggested or left unmatched, never posted. `Decider.decide` spends about 50
microseconds on each; the status follows from a handful of facts about the one invoice,
checked here in a few microseconds, with the full result (reasons and all) built on first
use by `decide` itself over the invoices as they stood.

Exactness: with every finding of kind `typo` and one invoice named, `decide` gives the
result of `_by_reference` (the typo of one's own invoice is only looked for when something
was written out exactly). That result is taken here only when it does not post: the invoice
is another currency or paid by then, or it belongs to another customer than the one owning
the payer's account, or the score stays below the automatic threshold. Its score is the
typo's weight, who pays (the account, else the name), the amount (settles, or in part or
over) and the date window, as `decide` adds them. What it reads, the invoice and its
customer's open items at the payment's turn, are the invoices as they came in less those
paid in bulk before it; a per-row posting on any invoice of that customer before its turn
hands the payment back to the per-row path. Not posting, it changes nothing for the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

from backoffice_auto.payments.matching.decide import Decider, Evidence
from backoffice_auto.payments.matching.records import OpenInvoice, Payment, with_paid

if TYPE_CHECKING:  # the engine's run state, read here (the engine imports this module)
    from backoffice_auto.payments.matching.bulk import CustomerIndex
    from backoffice_auto.payments.matching.standing import Pending
    from backoffice_auto.payments.matching.engine import _State


@dataclass
class TypoOnly:
    """Per payment position: the status decided, and the invoice it names as it stood; the
    customer's other items are read on first use (`seen`) from the invoices as they came in
    and `paid_at`, the bulk payments' positions before the per-row loop (the engine hands a
    payment back before any of that changes for it)."""

    status: dict[int, str]
    named: dict[int, OpenInvoice]
    by_customer: dict[str, list[int]]
    paid_at: "Mapping[str, int] | Pending" = field(default_factory=dict)
    start: Mapping[str, OpenInvoice] = field(default_factory=dict)
    customers: "Mapping[str, list[str]] | CustomerIndex | None" = None  # invoice numbers by customer (the run's order)
    wide: set[int] = field(default_factory=set)  # amounts in part or over: the customer's items are read

    def __len__(self) -> int:
        return len(self.status)

    def __contains__(self, t: int) -> bool:
        return t in self.status

    def drop(self, t: int) -> None:
        del self.status[t]
        del self.named[t]

    def seen(self, t: int, currency: str) -> dict[str, OpenInvoice]:
        """The invoices payment `t` read, as they stood at its turn."""
        inv = self.named[t]
        if t not in self.wide or self.customers is None:
            return {inv.invoice_number: inv}
        out = {}
        for number in self.customers.get(inv.customer_id, ()):
            item = _as_of(self.start[number], self.paid_at.get(number), t)
            if item.currency == currency and item.open_amount > 0:
                out[number] = item  # in the order the run's state gives them
        out.setdefault(inv.invoice_number, inv)
        return out


def _as_of(inv: OpenInvoice, paid_at: int | None, t: int) -> OpenInvoice:
    """The invoice as payment `t` sees it: paid in full when paid in bulk before it."""
    return with_paid(inv, inv.total) if paid_at is not None and paid_at < t else inv


def typo_only(candidates: Sequence[int], todo: Sequence[Payment], evidence: Sequence[Evidence | None],
              state: "_State", decider: Decider, start: Mapping[str, OpenInvoice]) -> TypoOnly:
    """The payments among `candidates` (booking positions) decided here, as the module says.
    Called before the per-row loop: `state` holds the invoices as they came in and the
    bulk payments' positions (`pending`); `start` is the invoices as they came in (kept
    unchanged by the run)."""
    out = TypoOnly({}, {}, {})
    rules, w = decider.rules, decider.w
    auto, suggest, threshold = rules.auto_threshold, rules.suggest_threshold, rules.name_threshold
    invoices, pending = state.invoices, state.pending
    exact_points = w.reference_typo + w.amount
    part_points = w.reference_typo + w.amount_partial
    for t in candidates:
        ev = evidence[t]
        assert ev is not None
        if len(ev.refs) != 1:
            continue
        (number, hits), = ev.refs.items()
        if hits[0][0] != "typo" or (len(hits) > 1 and any(kind != "typo" for kind, _, _ in hits)):
            continue
        payment = todo[t]
        inv = invoices[number]
        paid_at = pending.get(number)
        if paid_at is not None and paid_at < t:
            inv = with_paid(inv, inv.total)
        if inv.currency != payment.currency or inv.open_amount <= 0:
            status = "unmatched"
        else:
            customer = inv.customer_id
            payer = ev.payer_customers
            blocked = bool(payer) and customer not in payer
            amount, owed = payment.amount, inv.open_amount
            if amount == owed:
                kind = "exact"
            elif amount > owed:
                kind = "over"
            else:
                kind = decider._settle_kind(inv, payment)
            points = exact_points if kind in ("exact", "discount", "fee") else part_points
            if decider._in_window([inv], payment.booking_date):
                points += w.date
            if customer in payer:
                who = w.iban
            elif min(100, points + w.name) < (suggest if blocked else min(suggest, auto)) or \
                    min(100, points) >= (suggest if blocked else max(suggest, auto)):
                who = 0  # the name cannot change the outcome: not compared
            else:
                who = w.name if state.name_score(payment.counterparty_name, customer) >= threshold else 0
            score = min(100, points + who)
            if not blocked and score >= auto:
                continue  # it may post: the per-row path decides
            if kind in ("partial", "over"):  # `decide` looks at the customer's other open items
                out.wide.add(t)
            status = "suggested" if score >= suggest else "unmatched"
        out.status[t] = status
        out.named[t] = inv
        out.by_customer.setdefault(inv.customer_id, []).append(t)
    if out.wide:
        out.paid_at, out.start, out.customers = pending.copy(), start, state.by_customer()
    return out

