"""The bulk path of a matching run: the common, non-interacting payments decided in columns.

Why: a statement of 100,000 payments is mostly payments that one exact reference ties to
one open invoice, paid exactly, and payments that carry nothing to go on but their amount.
Deciding each of them through `Decider.decide` costs tens of microseconds; in columns
(numpy, integer minor units) it costs well under one. `engine` keeps the per-row path for
everything else and for any bulk row that turns out to interact with it.

Exactness: the per-row path decides payments in booking order against the open items as
they stand at that moment. A bulk decision is only taken where it cannot differ:

* *paid by reference* (`fast_rows`): the payment's only exact reference names one open
  invoice that no other payment names exactly, the amount is exactly what is open (both on
  the currency's minor unit), same currency, the payer's account unknown or the invoice's
  customer's, the score reaches the threshold without the payer's name, and no
  `auto_post_when` rule. The invoice stays open for every earlier payment and is paid for
  every later one (the engine's `_State` knows when); should a per-row posting touch the
  invoice first, the engine hands the payment back to the per-row path.
* *amount only* (`amount_only`): a payment with no reference candidates, not from exactly one
  customer's account, whose payer's name singles out no customer, so `decide` would look
  only at the open invoices with its amount. Those are read from the invoices' starting
  state minus the ones paid by reference before it; should a per-row posting change an
  invoice's open amount to or from that amount first, the engine hands the payment back.
  Such a payment is never posted, so it changes nothing for the others.

The reasons of both kinds are built on first use (`RunResult.results`), by the decider's
own functions, from what was decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import attrgetter, eq, itemgetter
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from backoffice_auto.money import minor_digits, to_minor
from backoffice_auto.payments.matching.records import OpenInvoice, Payment
from backoffice_auto.payments.rules_model import MatchingRules

_NO_DAY = 0  # ordinals start at 1
_MAX_DAY = date.max.toordinal()


def minor_units(amounts: Sequence[Decimal], currencies: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Integer minor units of each amount (rounded as `to_minor` does when not on the unit),
    and whether the amount was exactly on the unit. Unknown or missing currencies, and
    amounts too large for int64, give 0 and not exact."""
    n = len(amounts)
    minor = np.zeros(n, dtype=np.int64)
    exact = np.zeros(n, dtype=bool)
    groups: dict[str | None, list[int]] = {}
    first = currencies[0] if n else None
    if n and currencies.count(first) == n:  # type: ignore[attr-defined]
        groups[first] = []
    else:
        for i, c in enumerate(currencies):
            groups.setdefault(c, []).append(i)
    for currency, idx in groups.items():
        try:
            digits = minor_digits(currency)  # type: ignore[arg-type]
        except (ValueError, TypeError):
            continue
        values = [amounts[i] for i in idx] if idx else list(amounts)
        try:
            # times 1E+digits: the same value as `scaleb(digits)` (one-digit coefficient, so
            # nothing rounds that scaleb would not), and cheaper; non-Decimals raise as there
            scaled = list(map(Decimal.__mul__, values, repeat(Decimal(1).scaleb(digits), len(values))))
            ints = list(map(int, scaled))
            flags = list(map(eq, ints, scaled))
        except (ValueError, TypeError, ArithmeticError):
            ints, flags = [], []
            for a in values:
                try:
                    scaled_one = a.scaleb(digits)
                    ints.append(int(scaled_one))
                    flags.append(ints[-1] == scaled_one)
                except (ValueError, TypeError, AttributeError, ArithmeticError):
                    ints.append(0)
                    flags.append(False)
        if not all(flags):
            for k, ok in enumerate(flags):
                if not ok:
                    try:
                        ints[k] = to_minor(values[k], currency)  # type: ignore[arg-type]
                    except (ValueError, TypeError, ArithmeticError):
                        ints[k] = 0
        try:
            values_arr = np.array(ints, dtype=np.int64)
            huge = (values_arr <= -2**62) | (values_arr >= 2**62)
        except OverflowError:  # beyond int64: given 0 and not exact, as anything past 2**62
            fits = [-2**62 < v < 2**62 for v in ints]
            values_arr = np.array([v if ok else 0 for v, ok in zip(ints, fits)], dtype=np.int64)
            huge = ~np.array(fits, dtype=bool)
        values_arr[huge] = 0
        where = idx if idx else slice(None)
        minor[where] = values_arr
        exact[where] = np.array(flags, dtype=bool) & ~huge
    return minor, exact


def _ordinals(days: list, missing: int) -> np.ndarray:
    """Day ordinals of optional dates (`missing` for none), with the loop in C when all are there."""
    if None not in days and set(map(type, days)) == {date}:
        return np.fromiter(map(date.toordinal, days), dtype=np.int64, count=len(days))
    return np.array([d.toordinal() if d else missing for d in days], dtype=np.int64)


@dataclass
class InvoiceColumns:
    """The invoices as they stand before the run, one numpy column per field."""

    numbers: list[str]
    by_number: dict[str, OpenInvoice]  # as they come in (a run's state starts from a copy)
    customer: np.ndarray  # object
    currency: np.ndarray  # object
    open_minor: np.ndarray  # int64
    usable: np.ndarray  # bool: currency known, open amount on the minor unit, dates usable
    usable_amount: np.ndarray  # bool: currency known, open amount on the minor unit
    start: np.ndarray  # first day of the date window (ordinal), 0 when open-ended
    end: np.ndarray  # last day of the date window (ordinal)
    due: np.ndarray  # due date ordinal, date.max's when none (the decider's sort key)

    @classmethod
    def build(cls, invoices: Sequence[OpenInvoice], rules: MatchingRules) -> "InvoiceColumns":
        numbers = list(map(attrgetter("invoice_number"), invoices))
        currency = list(map(attrgetter("currency"), invoices))
        totals = list(map(attrgetter("total"), invoices))
        paids = list(map(attrgetter("paid"), invoices))
        opens = totals if not any(paids) else [t - p if p else t for t, p in zip(totals, paids)]
        minor, exact = minor_units(opens, currency)
        issue = _ordinals(list(map(attrgetter("issue_date"), invoices)), _NO_DAY)
        due_dates = list(map(attrgetter("due_date"), invoices))
        due = _ordinals(due_dates, _MAX_DAY)
        has_due = np.array([d is not None for d in due_dates], dtype=bool) if None in due_dates \
            else np.ones(len(due_dates), dtype=bool)
        start = np.where(issue > _NO_DAY, issue - rules.days_before_issue, _NO_DAY)
        end = np.where(has_due, due + rules.days_after_due, _MAX_DAY)
        # a window running off the calendar would raise in the per-row path: leave it to it
        usable = exact & ((issue == _NO_DAY) | (start >= 1)) & (~has_due | (end <= _MAX_DAY))
        return cls(numbers, dict(zip(numbers, invoices)),
                   np.array(list(map(attrgetter("customer_id"), invoices)), dtype=object),
                   np.array(currency, dtype=object), minor, usable, exact, start, end, due)


@dataclass
class Todo:
    """The payments a run decides (credits, not locked), in booking order (date, then id).

    Their fields are read in the caller's order, where the objects lie next to each other in
    memory, and put in booking order by a numpy permutation: read in booking order, every
    attribute access of 100,000 payments would be a cache miss."""

    payments: list[Payment]  # in booking order
    reference: list[str | None]  # in booking order
    iban: list[str | None]  # in booking order
    perm: np.ndarray | None  # booking position -> index into the kept lists below (None: not sortable in bulk)
    currency: list[str]  # kept payments, in the caller's order
    amount: list[Decimal]
    booking: list[date]

    @classmethod
    def build(cls, payments: Sequence[Payment], locked: frozenset[str]) -> "Todo":
        amounts = list(map(attrgetter("amount"), payments))
        tids = list(map(attrgetter("transaction_id"), payments))
        if locked:
            keep = [i for i, (a, tid) in enumerate(zip(amounts, tids)) if a > 0 and tid not in locked]
        else:
            keep = [i for i, a in enumerate(amounts) if a > 0]
        everything = len(keep) == len(payments)
        dates = list(map(attrgetter("booking_date"), payments))
        if not everything:
            dates, ids, amounts = pick(dates, keep), pick(tids, keep), pick(amounts, keep)
        else:
            ids = tids
        perm = None
        if set(map(type, dates)) <= {date} and set(map(type, ids)) <= {str} and "\x00" not in "".join(ids):
            day = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=len(dates))
            rank = np.empty(len(ids), dtype=np.int64)
            rank[np.argsort(np.array(ids, dtype=str), kind="stable")] = np.arange(len(ids))
            perm = np.lexsort((rank, day))
            order = np.asarray(keep, dtype=np.int64)[perm].tolist()
        else:
            order = sorted(keep, key=lambda i: (payments[i].booking_date or date.min, tids[i]))
        currencies = list(map(attrgetter("currency"), payments))
        return cls(pick(payments, order), pick(list(map(attrgetter("reference"), payments)), order),
                   pick(list(map(attrgetter("counterparty_iban"), payments)), order), perm,
                   currencies if everything else pick(currencies, keep), amounts, dates)


def pick(values: Sequence, positions: Sequence[int]) -> list:
    """`[values[i] for i in positions]`, with the loop in C."""
    if len(positions) > 1:
        return list(itemgetter(*positions)(values))
    return [values[i] for i in positions]


@dataclass
class PaymentColumns:
    """The payments of the run (in booking order), one numpy column per field."""

    currency: np.ndarray  # object
    amount_minor: np.ndarray  # int64
    exact: np.ndarray  # bool: amount on the currency's minor unit
    day: np.ndarray  # booking date ordinal

    @classmethod
    def build(cls, todo: Todo) -> "PaymentColumns":
        assert todo.perm is not None
        minor, exact = minor_units(todo.amount, todo.currency)
        day = np.fromiter(map(date.toordinal, todo.booking), dtype=np.int64, count=len(todo.booking))
        perm = todo.perm
        return cls(np.array(todo.currency, dtype=object)[perm], minor[perm], exact[perm], day[perm])


@dataclass
class Columns:
    pays: PaymentColumns
    invs: InvoiceColumns

    @classmethod
    def build(cls, todo: Todo, invoices: Sequence[OpenInvoice], rules: MatchingRules) -> "Columns | None":
        """None when the bulk path cannot judge the run (a booking date missing, a currency
        unknown, an invoice number twice): the per-row path then decides (and complains) alone."""
        if todo.perm is None:
            return None
        for currency in set(todo.currency) | set(map(attrgetter("currency"), invoices)):
            try:
                minor_digits(currency)
            except (ValueError, TypeError):
                return None
        invs = InvoiceColumns.build(invoices, rules)
        if len(invs.by_number) != len(invs.numbers):
            return None
        return cls(PaymentColumns.build(todo), invs)


def fast_rows(hit_t: np.ndarray, hit_invoice: np.ndarray, structured: np.ndarray, pays: PaymentColumns,
              invs: InvoiceColumns, owner: np.ndarray, rules: MatchingRules) -> np.ndarray:
    """Which hits (exact references found: payment `hit_t` names invoice position
    `hit_invoice`, `structured` for RF) are payments paid by reference in bulk.

    `owner` per payment is the one customer owning the payer's account, "" for none and
    "\\0" for several."""
    if not len(hit_t):
        return np.zeros(0, dtype=np.int64)
    per_t = np.bincount(hit_t, minlength=len(pays.day))[hit_t]
    n_inv = len(invs.numbers)
    pairs = np.unique(hit_t * n_inv + hit_invoice)  # each payment once per invoice it names
    per_invoice = np.bincount(pairs % n_inv, minlength=n_inv)[hit_invoice]
    one = np.flatnonzero((per_t == 1) & (per_invoice == 1))
    ts, pos = hit_t[one], hit_invoice[one]
    w = rules.weights
    day = pays.day[ts]
    payer = owner[ts]
    by_iban = payer == invs.customer[pos]
    points = np.where(structured[one], w.structured_reference, w.reference) + w.amount
    points = points + np.where((day >= invs.start[pos]) & (day <= invs.end[pos]), w.date, 0)
    points = points + np.where(by_iban, w.iban, 0)
    open_minor = invs.open_minor[pos]
    ok = invs.usable[pos] & pays.exact[ts] & (invs.currency[pos] == pays.currency[ts]) & (open_minor > 0) & \
        (open_minor == pays.amount_minor[ts]) & ((payer == "") | by_iban) & \
        (np.minimum(points, 100) >= rules.auto_threshold)
    return one[ok]


class PaidByReference:
    """The payments paid by reference in bulk: payment position -> (the invoice as it came in,
    the reference found, the customers owning the payer's account), made on first look."""

    def __init__(self, ts: list[int], positions: list[int], invoices: Sequence[OpenInvoice],
                 payer: Sequence[tuple[str, ...]], hit_of: Callable[[int], tuple[str, str, str]]):
        self.ts, self.positions, self.invoices, self.payer, self._hit_of = ts, positions, invoices, payer, hit_of
        self.index = dict(zip(ts, range(len(ts))))

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, t: int) -> bool:
        return t in self.index

    def __getitem__(self, t: int) -> tuple[OpenInvoice, tuple[str, str, str], tuple[str, ...]]:
        k = self.index[t]
        return self.invoices[self.positions[k]], self._hit_of(k), self.payer[t]

    def pop(self, t: int) -> tuple[OpenInvoice, tuple[str, str, str], tuple[str, ...]]:
        entry = self[t]
        del self.index[t]
        return entry


@dataclass
class AmountOnly:
    """Payments decided on their amount alone: per payment the open invoices with its amount
    (numbers, ascending) as `decide` would see them, and the status it would give."""

    candidates: dict[int, tuple[str, ...]]
    status: dict[int, str]
    key: dict[int, tuple[str, int]]  # (currency, minor units) looked up


def amount_only(rows: np.ndarray, pays: PaymentColumns, invs: InvoiceColumns, paid_at: dict[str, int],
                rules: MatchingRules) -> tuple[AmountOnly, np.ndarray]:
    """The amount-only decisions of payments `rows` (their other evidence already known to be
    empty), from the invoices' starting state; `paid_at` gives the payment paying an invoice
    by reference in bulk. Returns the decisions and the rows left to the per-row path (an
    amount not on the minor unit, or a candidate invoice whose amount or dates are not)."""
    rows = np.asarray(rows, dtype=np.int64)
    back = rows[~pays.exact[rows]]
    rows = rows[pays.exact[rows]]
    if not len(rows):
        return AmountOnly({}, {}, {}), back
    open_ = invs.open_minor > 0
    inv = pd.DataFrame({"pos": np.flatnonzero(open_), "currency": invs.currency[open_],
                        "minor": invs.open_minor[open_]})
    tx = pd.DataFrame({"t": rows, "currency": pays.currency[rows], "minor": pays.amount_minor[rows]})
    pairs = tx.merge(inv, on=["currency", "minor"], how="inner")
    if len(pairs):
        numbers = [invs.numbers[p] for p in pairs["pos"].tolist()]
        paid = np.array([paid_at.get(n, -1) for n in numbers], dtype=np.int64)
        t = pairs["t"].to_numpy()
        pairs = pairs[(paid < 0) | (paid > t)]
    # a candidate the bulk cannot judge sends its payment to the per-row path
    bad = pairs["t"][~invs.usable[pairs["pos"].to_numpy()]].unique() if len(pairs) else np.array([], dtype=np.int64)
    if len(bad):
        back = np.union1d(back, bad)
        keep = ~np.isin(rows, bad)
        rows = rows[keep]
        pairs = pairs[~pairs["t"].isin(bad)]
    w = rules.weights
    candidates: dict[int, tuple[str, ...]] = {}
    status = {t: "unmatched" for t in rows.tolist()}
    if len(pairs):
        pos = pairs["pos"].to_numpy()
        pairs = pairs.assign(due=invs.due[pos], number=[invs.numbers[p] for p in pos.tolist()])
        # the decider takes the earliest due, then the lowest number
        first = pairs.sort_values(["t", "due", "number"]).drop_duplicates("t")
        fpos, ft = first["pos"].to_numpy(), first["t"].to_numpy()
        day = pays.day[ft]
        score = np.minimum(w.amount + np.where((day >= invs.start[fpos]) & (day <= invs.end[fpos]), w.date, 0), 100)
        for t, s in zip(ft.tolist(), score.tolist()):
            status[t] = "suggested" if s >= rules.suggest_threshold else "unmatched"
        ordered = pairs.sort_values(["t", "number"])
        for t, number in zip(ordered["t"].tolist(), ordered["number"].tolist()):
            candidates.setdefault(t, ())
            candidates[t] += (number,)
    keys = {t: (c, m) for t, c, m in zip(rows.tolist(), pays.currency[rows].tolist(),
                                        pays.amount_minor[rows].tolist())}
    return AmountOnly(candidates, status, keys), back


class AmountIndex:
    """The open invoices by (currency, open amount in minor units), as the per-row path's
    dict of sets, but starting from the invoice columns: sorted numpy keys looked up with
    `searchsorted`, and the changes of the run (`discard`, `add`) kept beside them."""

    SHIFT = 2**52

    def __init__(self, invs: InvoiceColumns, invoices: Sequence[OpenInvoice], key_of,
                 changed: Iterable[OpenInvoice] = ()):
        """`changed`: invoices no longer as they came in (indexed as they stand now)."""
        self.numbers = invs.numbers
        codes, uniques = pd.factorize(pd.Series(invs.currency, dtype=object))
        self.code_of = {c: i for i, c in enumerate(uniques.tolist())}
        plain = invs.usable_amount & (invs.open_minor > 0) & (invs.open_minor < self.SHIFT)
        pos = np.flatnonzero(plain)
        combined = codes[pos].astype(np.int64) * self.SHIFT + invs.open_minor[pos]
        order = np.argsort(combined, kind="stable")
        self.keys, self.pos = combined[order], pos[order]
        self.removed: set[str] = set()
        self.extra: dict[tuple[str, int], set[str]] = {}
        now = {inv.invoice_number: inv for inv in changed}
        self.removed.update(now)
        for p in np.flatnonzero(~plain).tolist():  # amounts off the minor unit, or huge
            inv = invoices[p]
            if inv.invoice_number not in now and inv.open_amount > 0:
                self.add(key_of(inv), inv.invoice_number)
        for inv in now.values():
            if inv.open_amount > 0:
                self.add(key_of(inv), inv.invoice_number)

    def get(self, key: tuple[str, int]) -> set[str]:
        found = set(self.extra.get(key, ()))
        code = self.code_of.get(key[0])
        if code is not None and 0 < key[1] < self.SHIFT:
            wanted = code * self.SHIFT + key[1]
            lo, hi = np.searchsorted(self.keys, [wanted, wanted + 1])
            removed, numbers = self.removed, self.numbers
            found.update(n for n in (numbers[p] for p in self.pos[lo:hi].tolist()) if n not in removed)
        return found

    def discard(self, key: tuple[str, int], number: str) -> None:
        self.removed.add(number)  # its starting entry, if any, no longer holds
        if key in self.extra:
            self.extra[key].discard(number)

    def add(self, key: tuple[str, int], number: str) -> None:
        self.extra.setdefault(key, set()).add(number)


class CustomerIndex:
    """Invoice numbers by customer (in the invoices' order), as the per-row path's dict of
    lists, but made from the invoice columns: positions sorted by customer, each customer's
    run looked up by its code. No list per customer is made until that customer is asked for."""

    def __init__(self, invs: InvoiceColumns):
        code_of: dict = {}
        put = code_of.setdefault
        codes = np.array([put(c, len(code_of)) for c in invs.customer.tolist()], dtype=np.int64)
        self.order = np.argsort(codes, kind="stable")
        self.bounds = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(code_of)))]).tolist()
        self.numbers, self.code_of = invs.numbers, code_of

    def get(self, customer_id: str, default=()) -> list[str]:
        code = self.code_of.get(customer_id)
        if code is None:
            return list(default)
        positions = self.order[self.bounds[code]:self.bounds[code + 1]].tolist()
        return pick(self.numbers, positions)


class FrozenAmounts:
    """A view holding the open invoices one amount-only payment saw (for its reasons)."""

    def __init__(self, invoices: Sequence[OpenInvoice]):
        self._invoices = list(invoices)

    def open_with_amount(self, amount: Decimal, currency: str) -> list[OpenInvoice]:
        return list(self._invoices)
