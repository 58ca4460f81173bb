"""Bulk decisions for payments from a customer's own account with no reference.

Why: after the payments paid by reference, the next common case on a statement is a
customer paying one invoice from its known account without writing the number. Deciding
each through `Decider.decide` costs about 60 microseconds (the customer's open items
looked up, sorted, settled one by one, a subset search, a dozen reasons); in columns it is
a few numpy passes over the customers' invoices.

Exactness: `decide` would take such a payment to `_customer_items` and post it when exactly
one open item of that customer (same currency) is open for exactly the amount, no subset of
two or more of the customer's other items adds up to it, and the score reaches the
threshold. Here a payment is only taken when that can be seen without doubt:

* a customer's such payments are taken in booking order, in rounds: what an earlier one
  pays is paid for the later ones (one left to the per-row path that posts hands the
  later ones back, as any per-row posting on the customer's invoices does);
* every open item of the customer in that currency is on the minor unit with usable dates,
  at most `combined.max_open_items` of them, exactly one of them is open for the amount,
  and no two or more of the others add up to it: seen at once when those not above the
  amount add up to less (the bounded search then stops at its second step, complete,
  with nothing), else by running the same bounded search on their amounts; none of the
  items above the amount has an early-payment discount (paid with it, it could be the one
  meant: `decide` weighs that);
* the invoice it pays is not paid by reference in bulk by another payment;
* the score is the threshold or more, and there is no `auto_post_when` rule (the engine
  passes no candidates then).

The items are those of the customer as they stand at the payment's turn: the invoices as
they came in, less those paid by reference in bulk before it. The engine treats the paid
invoice like one paid by reference in bulk (open before the payment, paid from it on) and
hands the payment back to the per-row path should a per-row posting touch any invoice of
that customer before its turn. The reasons are built on first use by the decider's own
`_customer_items`, over the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from backoffice_auto.payments.matching.bulk import Columns, CustomerIndex
from backoffice_auto.payments.matching.subset import exact_subsets
from backoffice_auto.payments.rules_model import MatchingRules


@dataclass
class OwnAccount:
    """Payment position -> the invoice position it pays, and the positions of the customer's
    open items at its turn (for its reasons); and the payments by customer."""

    pays: dict[int, int]
    items: dict[int, list[int]]
    by_customer: dict[str, list[int]]

    def __len__(self) -> int:
        return len(self.pays)

    def __contains__(self, t: int) -> bool:
        return t in self.pays


def own_account(candidates: Sequence[int], customer_of: Sequence[str], cols: Columns, index: CustomerIndex,
                paid_at: np.ndarray, rules: MatchingRules) -> OwnAccount:
    """The payments among `candidates` (booking positions, ascending; no reference found,
    exactly one customer `customer_of[k]` owns the payer's account) decided here, as the
    module says.

    `paid_at` per invoice position: the booking position of the payment paying it by
    reference in bulk, -1 for none. A customer's payments are taken in rounds, its first in
    the first: what one round pays is paid for the next (`paid_at` is updated). A payment
    left to the per-row path that posts hands the customer's later ones back."""
    out = OwnAccount({}, {}, {})
    if not len(candidates):
        return out
    paid_at = paid_at.copy()
    code_of, bounds = index.code_of, index.bounds
    rounds: list[list[tuple[int, int, int]]] = []
    seen: dict[str, int] = {}
    for t, c in zip(candidates, customer_of):
        code = code_of.get(c)
        if code is not None:
            k = seen.get(c, 0)
            seen[c] = k + 1
            if k == len(rounds):
                rounds.append([])
            rounds[k].append((t, bounds[code], bounds[code + 1]))
    for entries in rounds:
        for t, x, items in _round(entries, cols, index, paid_at, rules):
            paid_at[x] = t
            out.pays[t] = x
            out.items[t] = items
            out.by_customer.setdefault(cols.invs.customer[x], []).append(t)
    return out


def _round(entries: list[tuple[int, int, int]], cols: Columns, index: CustomerIndex, paid_at: np.ndarray,
           rules: MatchingRules) -> list[tuple[int, int, list[int]]]:
    """(payment, invoice position it pays, its items' positions) for the payments of one round
    (at most one per customer), each given as (position, start and end of its customer's run
    of invoices in `index`)."""
    pays, invs = cols.pays, cols.invs
    ts = [e[0] for e in entries]
    t_arr = np.array(ts, dtype=np.int64)
    lo = np.array([e[1] for e in entries], dtype=np.int64)
    sizes = np.array([e[2] for e in entries], dtype=np.int64) - lo
    # one row per (payment, invoice of its customer), the invoices in the customers' order
    row_t = np.repeat(np.arange(len(ts)), sizes)
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    pos = index.order[np.repeat(lo, sizes) + offsets]
    t_row = t_arr[row_t]
    paid = paid_at[pos]
    open_now = (paid < 0) | (paid > t_row)
    item = open_now & (invs.currency[pos] == pays.currency[t_row])
    # an item the columns cannot judge (off the minor unit, dates off the calendar): per row
    unsure = np.bincount(row_t, weights=item & ~invs.usable[pos], minlength=len(ts)) > 0
    item &= invs.open_minor[pos] > 0
    amount = pays.amount_minor[t_row]
    equal = item & (invs.open_minor[pos] == amount)
    below = item & ~equal & (invs.open_minor[pos] <= amount)
    # the others not above the amount, summed exactly: amounts below 2**53, at most 60 items
    small = amount < 2**53
    rest = np.zeros(len(ts), dtype=np.int64)
    np.add.at(rest, row_t[below & small], invs.open_minor[pos[below & small]])
    n_items = np.bincount(row_t, weights=item, minlength=len(ts))
    n_equal = np.bincount(row_t, weights=equal, minlength=len(ts))
    w = rules.weights
    amount_t = pays.amount_minor[t_arr]
    which = np.flatnonzero(equal)
    first = np.full(len(ts), -1, dtype=np.int64)
    first[row_t[which]] = pos[which]
    x = np.where(first >= 0, first, 0)
    day = pays.day[t_arr]
    points = w.iban + w.amount + w.unique_for_customer + \
        np.where((day >= invs.start[x]) & (day <= invs.end[x]), w.date, 0)
    # the invoice is paid by reference in bulk by nobody (before the payment it is not open)
    ok = pays.exact[t_arr] & ~unsure & (n_equal == 1) & (n_items <= rules.combined.max_open_items) & \
        (amount_t < 2**53) & (paid_at[x] < 0) & (np.minimum(points, 100) >= rules.auto_threshold)
    chosen = np.flatnonzero(ok)
    if not len(chosen):
        return []
    starts = np.searchsorted(row_t, chosen, side="left").tolist()
    ends = np.searchsorted(row_t, chosen, side="right").tolist()
    items_pos, kept, opens = pos.tolist(), item.tolist(), invs.open_minor[pos].tolist()
    sure = (rest < amount_t)[chosen].tolist()
    combined = rules.combined
    out = []
    invoices = invs.invoices
    for k, s, e, no_subset in zip(chosen.tolist(), starts, ends, sure):
        mine = [j for j in range(s, e) if kept[j]]
        amount_k = int(amount_t[k])
        if any(opens[j] > amount_k and invoices[items_pos[j]].discount_amount > 0 for j in mine):
            continue  # another item may be paid in full with its discount: `decide` weighs that
        if not no_subset:
            # the others not above the amount reach it: the bounded search (as `decide` runs it;
            # whether it finds a subset, and within the bound, does not depend on the items' order)
            found = exact_subsets([opens[j] for j in mine], amount_k, combined.max_invoices,
                                  combined.max_steps)
            if found.solutions or not found.complete:
                continue
        out.append((ts[k], int(first[k]), [items_pos[j] for j in mine]))
    return out

