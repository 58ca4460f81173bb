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

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Sequence

from backoffice_auto.payments.matching.decide import Decider, Evidence
from backoffice_auto.payments.matching.records import OpenInvoice, Payment

if TYPE_CHECKING:  # the engine's run state, read here (the engine imports this module)
    from backoffice_auto.payments.matching.engine import _State


@dataclass
class TypoOnly:
    """Per payment position: the status decided, and the invoices it read as they stood."""

    status: dict[int, str]
    seen: dict[int, dict[str, OpenInvoice]]
    by_customer: dict[str, list[int]]

    def __len__(self) -> int:
        return len(self.status)

    def __contains__(self, t: int) -> bool:
        return t in self.status

    def drop(self, t: int) -> None:
        del self.status[t]
        del self.seen[t]


def _as_of(inv: OpenInvoice, paid_at: int | None, t: int) -> OpenInvoice:
    """The invoice as payment `t` sees it: paid in full when paid in bulk before it."""
    if paid_at is not None and paid_at < t:
        new = object.__new__(OpenInvoice)
        new.__dict__.update(inv.__dict__)
        object.__setattr__(new, "paid", inv.total)
        return new
    return inv


def typo_only(candidates: Sequence[int], todo: Sequence[Payment], evidence: Sequence[Evidence | None],
              state: "_State", decider: Decider) -> TypoOnly:
    """The payments among `candidates` (booking positions) decided here, as the module says.
    Called before the per-row loop: `state` holds the invoices as they came in and the
    bulk payments' positions (`pending`)."""
    out = TypoOnly({}, {}, {})
    rules, w = decider.rules, decider.w
    auto, suggest = rules.auto_threshold, rules.suggest_threshold
    invoices, pending = state.invoices, state.pending
    for t in candidates:
        ev = evidence[t]
        assert ev is not None
        if len(ev.refs) != 1:
            continue
        (number, hits), = ev.refs.items()
        if any(kind != "typo" for kind, _, _ in hits):
            continue
        payment = todo[t]
        inv = _as_of(invoices[number], pending.get(number), t)
        seen = {number: inv}
        if inv.currency != payment.currency or inv.open_amount <= 0:
            status = "unmatched"
        else:
            customer = inv.customer_id
            payer = ev.payer_customers
            blocked = bool(payer) and customer not in payer
            if customer in payer:
                who = w.iban
            else:
                who = w.name if state.name_score(payment.counterparty_name, customer) >= rules.name_threshold else 0
            amount, owed = payment.amount, inv.open_amount
            if amount == owed:
                kind = "exact"
            elif amount > owed:
                kind = "over"
            else:
                kind = decider._settle([inv], payment, customer).kind
            points = w.reference_typo + (w.amount if kind in ("exact", "discount", "fee") else w.amount_partial)
            if decider._in_window([inv], payment.booking_date):
                points += w.date
            score = min(100, points + who)
            if not blocked and score >= auto:
                continue  # it may post: the per-row path decides
            if kind in ("partial", "over"):  # `decide` looks at the customer's other open items
                seen = {}
                for other in state.by_customer().get(customer, ()):
                    item = _as_of(invoices[other], pending.get(other), t)
                    if item.currency == payment.currency and item.open_amount > 0:
                        seen[other] = item  # in the order the run's state gives them
                seen.setdefault(number, inv)
            status = "suggested" if score >= suggest else "unmatched"
        out.status[t] = status
        out.seen[t] = seen
        out.by_customer.setdefault(inv.customer_id, []).append(t)
    return out


class SeenInvoices:
    """A view holding the invoices one payment read, as they stood at its turn (for its
    reasons); names are asked of the run's state, which does not change them."""

    def __init__(self, seen: dict[str, OpenInvoice], state: "_State"):
        self._seen, self._state = seen, state

    def invoice(self, number: str) -> OpenInvoice | None:
        return self._seen.get(number)

    def open_items(self, customer_id: str, currency: str) -> list[OpenInvoice]:
        return [inv for inv in self._seen.values()
                if inv.customer_id == customer_id and inv.currency == currency and inv.open_amount > 0]

    def name_score(self, name: str | None, customer_id: str) -> int:
        return self._state.name_score(name, customer_id)

    def customer_name(self, customer_id: str) -> str | None:
        return self._state.customer_name(customer_id)

    def open_with_amount(self, amount: Decimal, currency: str) -> list[OpenInvoice]:  # pragma: no cover
        raise AssertionError("a payment with a typo reference is decided on the invoice it names")

    def best_name(self, name: str | None) -> tuple[str, int] | None:  # pragma: no cover
        raise AssertionError("a payment with a typo reference is decided on the invoice it names")
