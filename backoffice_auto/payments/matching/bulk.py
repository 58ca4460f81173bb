"""The bulk path of a matching run: the common, non-interacting payments decided in columns.

Why: a statement of 100,000 payments is mostly payments that one exact reference ties to
one open invoice, paid exactly, and payments that carry nothing to go on but their amount.
Deciding each of them through `Decider.decide` costs tens of microseconds; in columns
(numpy, integer minor units) it costs well under one. `engine` keeps the per-row path for
everything else and for any bulk row that turns out to interact with it.

Exactness: the per-row path decides payments in booking order against the open items as
they stand at that moment. A bulk decision is only taken where it cannot differ:

* *paid by reference* (`fast_rows`): the payment's only exact reference names one open
  invoice that no payment before it names exactly (the later ones find it paid, as one by
  one), the amount is exactly what is open (both on the currency's minor unit), same
  currency, the payer's account unknown or the invoice's customer's, the score reaches the
  threshold without the payer's name, and no `auto_post_when` rule. The invoice stays open
  for every earlier payment and is paid for every later one (the engine's `_State` knows
  when); should a per-row posting touch the invoice first, the engine hands the payment
  back to the per-row path.
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

from dataclasses import dataclass, field
from datetime import date
from itertools import islice, repeat
from operator import le
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from backoffice_auto.payments.matching.columns import day_ordinals, known_currencies, minor_units, pick, stable_order
from backoffice_auto.payments.matching.records import OpenInvoice, Payment
from backoffice_auto.payments.matching.standing import ByNumber
from backoffice_auto.payments.rules_model import MatchingRules

_NO_DAY = 0  # ordinals start at 1
_MAX_DAY = date.max.toordinal()


@dataclass
class InvoiceColumns:
    """The invoices as they stand before the run, one numpy column per field."""

    numbers: list[str]
    position: dict[str, int]  # invoice number -> its position in `numbers` (and in the run's list)
    invoices: Sequence[OpenInvoice]  # as they come in
    customer: np.ndarray  # object
    currency: np.ndarray  # object
    open_minor: np.ndarray  # int64
    usable: np.ndarray  # bool: currency known, open amount on the minor unit, dates usable
    usable_amount: np.ndarray  # bool: currency known, open amount on the minor unit
    start: np.ndarray  # first day of the date window (ordinal), 0 when open-ended
    end: np.ndarray  # last day of the date window (ordinal)
    due: np.ndarray  # due date ordinal, date.max's when none (the decider's sort key)
    _amount_keys: "AmountKeys | None" = field(default=None, repr=False, compare=False)
    _customer_codes: tuple[np.ndarray, dict] | None = field(default=None, repr=False, compare=False)

    @property
    def by_number(self) -> "ByNumber":
        """The invoices as they came in, by number."""
        return ByNumber(self.position, self.invoices)

    def customer_codes(self) -> tuple[np.ndarray, dict]:
        """Per invoice its customer's code (by first appearance), and customer -> code, as a
        dict would tell the ids apart (built on first use)."""
        if self._customer_codes is None:
            codes, uniques = pd.factorize(self.customer, use_na_sentinel=False)
            code_of = dict(zip(uniques.tolist(), range(len(uniques))))
            if len(code_of) != len(uniques) or pd.isna(uniques).any():  # ids pandas and a dict tell apart differently
                code_of = {}
                put = code_of.setdefault
                codes = np.array([put(c, len(code_of)) for c in self.customer.tolist()], dtype=np.int64)
            self._customer_codes = (codes, code_of)
        return self._customer_codes

    def amount_keys(self) -> "AmountKeys":
        """The open amounts sorted (built on first use)."""
        if self._amount_keys is None:
            self._amount_keys = AmountKeys.build(self)
        return self._amount_keys

    @classmethod
    def build(cls, invoices: Sequence[OpenInvoice], rules: MatchingRules,
              numbers: list[str] | None = None) -> "InvoiceColumns | None":
        """None when an invoice's currency is unknown or an invoice number repeats (`numbers`:
        the invoices' numbers, when read already)."""
        # each field read by a list comprehension: the interpreter reads a record's slot
        # there faster than `attrgetter` does (4 ms against 6 for 100,000 records)
        currency = [inv.currency for inv in invoices]
        if not known_currencies(currency):
            return None
        if numbers is None:
            numbers = [inv.invoice_number for inv in invoices]
        position = dict(zip(numbers, range(len(numbers))))
        if len(position) != len(numbers):
            return None
        opens = [inv.total for inv in invoices]
        paid = [inv.paid for inv in invoices]
        if any(paid):  # the differences only when some invoice is part paid
            opens = [t - p if p else t for t, p in zip(opens, paid)]
        minor, exact = minor_units(opens, currency)
        issue, _ = day_ordinals([inv.issue_date for inv in invoices], _NO_DAY)
        due, has_due = day_ordinals([inv.due_date for inv in invoices], _MAX_DAY)
        if has_due is None:
            has_due = np.ones(len(due), dtype=bool)
        start = np.where(issue > _NO_DAY, issue - rules.days_before_issue, _NO_DAY)
        end = np.where(has_due, due + rules.days_after_due, _MAX_DAY)
        # a window running off the calendar would raise in the per-row path: leave it to it
        usable = exact & ((issue == _NO_DAY) | (start >= 1)) & (~has_due | (end <= _MAX_DAY))
        n = len(numbers)
        return cls(numbers, position, invoices,
                   np.fromiter([inv.customer_id for inv in invoices], dtype=object, count=n),
                   np.fromiter(currency, dtype=object, count=n), minor, usable, exact, start, end, due)


@dataclass
class PaymentColumns:
    """The payments of the run (in booking order), one numpy column per field."""

    currency: np.ndarray  # object
    amount_minor: np.ndarray  # int64
    exact: np.ndarray  # bool: amount on the currency's minor unit
    day: np.ndarray  # booking date ordinal


@dataclass
class Todo:
    """The payments a run decides (credits, not locked), in booking order (date, then id).

    Their fields are read in the caller's order, where the objects lie next to each other in
    memory, and put in booking order by a numpy permutation: read in booking order, every
    attribute access of 100,000 payments would be a cache miss. Each field is read once: the
    amounts' minor units, made to tell the credits (on the unit, their sign is the minor
    units'), are the bulk path's column too."""

    payments: list[Payment]  # in booking order
    reference: list[str | None] | None  # in booking order ("" where a payment has none); None: see `references`
    iban: list[str | None] | None  # in booking order (None when `perm` and `iban_kept` give it)
    perm: np.ndarray | None  # booking position -> index into `iban_kept` (None: not sortable in bulk)
    iban_kept: list[str | None] | None = None  # the kept payments' accounts in the caller's order (with `perm`)
    columns: PaymentColumns | None = None  # with `perm`, when every currency is known
    taken: np.ndarray | None = None  # with `perm`: booking position -> position in the caller's order
    every_reference: list[str] | None = None  # with `taken`: every payment's, in the caller's order

    def references(self) -> list[str | None]:
        """The run's references in booking order, put so when asked (a run whose references
        the helper process scanned never asks)."""
        if self.reference is None:
            assert self.every_reference is not None and self.taken is not None
            self.reference = pick(self.every_reference, self.taken.tolist())
        return self.reference

    @classmethod
    def build(cls, payments: Sequence[Payment], locked: frozenset[str],
              references: list[str] | None = None) -> "Todo":
        """`references`: every payment's `reference or ""` in the caller's order, when read already."""
        amounts = [p.amount for p in payments]  # (read as `InvoiceColumns.build` reads)
        tids = [p.transaction_id for p in payments]
        currencies = [p.currency for p in payments]
        minor, exact = minor_units(amounts, currencies)
        credit = minor > 0
        off = np.flatnonzero(~exact).tolist()
        if off:  # not on the unit (or not a known currency's amount at all): asked as the plain sort asks
            credit[off] = [amounts[i] > 0 for i in off]
        if locked:
            rows = np.flatnonzero(credit).tolist()
            credit[rows] = [tids[i] not in locked for i in rows]
        keep = np.flatnonzero(credit)
        everything = len(keep) == len(payments)
        dates = [p.booking_date for p in payments]
        kept = range(len(payments)) if everything else keep.tolist()  # positions in the caller's order
        if not everything:
            dates, ids = pick(dates, kept), pick(tids, kept)
        else:
            ids = tids
        perm = day = None
        if set(map(type, dates)) <= {date}:
            day = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=len(dates))
            if _ascending(ids):  # the usual statement: ids already in order, a stable sort by day does
                perm = stable_order(day)
            elif set(map(type, ids)) <= {str} and "\x00" not in "".join(ids):
                rank = np.empty(len(ids), dtype=np.int64)
                rank[np.argsort(np.array(ids, dtype=str), kind="stable")] = np.arange(len(ids))
                perm = np.lexsort((rank, day))
        ibans = [p.counterparty_iban for p in payments]
        if references is None:
            references = [p.reference or "" for p in payments]  # (none given: "", as the scan reads it)
        if perm is None:
            order = sorted(kept, key=lambda i: (payments[i].booking_date or date.min, tids[i]))
            return cls(pick(payments, order), pick(references, order), pick(ibans, order), None)
        taken = perm if everything else keep[perm]  # booking position -> position in the caller's order
        order = taken.tolist()
        columns = None
        if known_currencies(currencies if everything else pick(currencies, kept)):
            columns = PaymentColumns(np.fromiter(currencies, dtype=object, count=len(currencies))[taken],
                                     minor[taken], exact[taken], day[perm])
        return cls(pick(payments, order), None, None, perm, ibans if everything else pick(ibans, kept), columns, taken,
                   references)


def _ascending(ids: list) -> bool:
    """Whether `ids` never go down (by `<=`, which for the ids' types agrees with the `<` of
    the plain sort; ids that cannot be compared are not in order)."""
    try:
        return all(map(le, ids, islice(ids, 1, None)))
    except TypeError:
        return False


@dataclass
class Columns:
    pays: PaymentColumns
    invs: InvoiceColumns

    @classmethod
    def build(cls, todo: Todo, invoices: Sequence[OpenInvoice], rules: MatchingRules,
              numbers: list[str] | None = None) -> "Columns | None":
        """None when the bulk path cannot judge the run (a booking date missing, a currency
        unknown, an invoice number twice): the per-row path then decides (and complains) alone."""
        if todo.columns is None:
            return None
        invs = InvoiceColumns.build(invoices, rules, numbers)
        return None if invs is None else cls(todo.columns, invs)


def fast_rows(hit_t: np.ndarray, hit_invoice: np.ndarray, structured: np.ndarray, pays: PaymentColumns,
              invs: InvoiceColumns, owner: np.ndarray, unknown: np.ndarray, rules: MatchingRules) -> np.ndarray:
    """Which hits (exact references found: payment `hit_t` names invoice position
    `hit_invoice`, `structured` for RF) are payments paid by reference in bulk.

    `owner` per payment is the code (`InvoiceColumns.customer_codes`) of the one customer
    owning the payer's account, of "" for none and of "\\0" for several (-1: no invoice's
    customer); `unknown` per payment: that customer is "" (no owner)."""
    if not len(hit_t):
        return np.zeros(0, dtype=np.int64)
    per_t = np.bincount(hit_t, minlength=len(pays.day))[hit_t]
    # the first payment (in booking order) naming an invoice: the later ones find it paid
    # from that payment on (the engine's `pending`), as the per-row path would leave it
    first = np.full(len(invs.numbers), len(pays.day), dtype=np.int64)
    np.minimum.at(first, hit_invoice, hit_t)
    one = np.flatnonzero((per_t == 1) & (first[hit_invoice] == hit_t))
    ts, pos = hit_t[one], hit_invoice[one]
    w = rules.weights
    day = pays.day[ts]
    by_iban = owner[ts] == invs.customer_codes()[0][pos]  # as comparing the ids: codes of equal ids are equal
    points = np.where(structured[one], w.structured_reference, w.reference) + w.amount
    points = points + np.where((day >= invs.start[pos]) & (day <= invs.end[pos]), w.date, 0)
    points = points + np.where(by_iban, w.iban, 0)
    open_minor = invs.open_minor[pos]
    ok = invs.usable[pos] & pays.exact[ts] & (invs.currency[pos] == pays.currency[ts]) & (open_minor > 0) & \
        (open_minor == pays.amount_minor[ts]) & (unknown[ts] | by_iban) & \
        (np.minimum(points, 100) >= rules.auto_threshold)
    return one[ok]


class PaidByReference:
    """The payments paid by reference in bulk: payment position -> (the invoice as it came in,
    the reference found, the customers owning the payer's account), made on first look.

    `ts` and `positions` are numpy columns (the payments' booking positions, the invoices'
    positions); each payment's entry is found by an array over all payments (-1: none), not
    a dict of the 90,000 of them."""

    def __init__(self, ts: np.ndarray, positions: np.ndarray, invoices: Sequence[OpenInvoice],
                 payer: Sequence[tuple[str, ...]], hit_of: Callable[[int], tuple[str, str, str]]):
        self.ts, self.positions, self.invoices, self.payer, self._hit_of = ts, positions, invoices, payer, hit_of
        self._entry = np.full(len(payer), -1, dtype=np.int64)
        self._entry[ts] = np.arange(len(ts))
        self._count = len(ts)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, t: int) -> bool:
        return 0 <= t < len(self._entry) and self._entry.item(t) >= 0

    def __getitem__(self, t: int) -> tuple[OpenInvoice, tuple[str, str, str], tuple[str, ...]]:
        if t not in self:
            raise KeyError(t)
        k = self._entry.item(t)
        return self.invoices[self.positions.item(k)], self._hit_of(k), self.payer[t]

    def pop(self, t: int) -> tuple[OpenInvoice, tuple[str, str, str], tuple[str, ...]]:
        entry = self[t]
        self._entry[t] = -1
        self._count -= 1
        return entry


@dataclass
class AmountOnly:
    """Payments decided on their amount alone: per payment the open invoices with its amount
    (numbers, ascending) as `decide` would see them, and the status it would give."""

    candidates: dict[int, tuple[str, ...]]
    status: dict[int, str]
    key: dict[int, tuple[str, int]]  # (currency, minor units) looked up


def amount_only(rows: np.ndarray, pays: PaymentColumns, invs: InvoiceColumns, paid_at: np.ndarray,
                rules: MatchingRules) -> tuple[AmountOnly, np.ndarray]:
    """The amount-only decisions of payments `rows` (their other evidence already known to be
    empty), from the invoices' starting state; `paid_at` gives per invoice position the
    payment paying it in bulk (-1: none). Returns the decisions and the rows left to the
    per-row path (an amount not on the minor unit or too large for the sorted keys, or a
    candidate invoice whose amount or dates are not on the unit or usable)."""
    rows = np.asarray(rows, dtype=np.int64)
    plain = pays.exact[rows] & (pays.amount_minor[rows] < AmountKeys.SHIFT)
    back = rows[~plain]
    rows = rows[plain]
    if not len(rows):
        return AmountOnly({}, {}, {}), back
    keys = invs.amount_keys()
    currency = pays.currency[rows].tolist()
    amount = pays.amount_minor[rows]
    code = np.fromiter(map(keys.code_of.get, currency, repeat(-1, len(currency))), dtype=np.int64,
                       count=len(currency))
    wanted = np.where(code >= 0, code * AmountKeys.SHIFT + amount, -1)  # -1: no invoice in that currency
    lo = np.searchsorted(keys.keys, wanted, "left")
    count = np.searchsorted(keys.keys, wanted, "right") - lo
    pair_t = np.repeat(rows, count)  # every (payment, open invoice with its amount), by payment
    pair_pos = keys.pos[np.arange(len(pair_t)) + np.repeat(lo - (np.cumsum(count) - count), count)]
    paid = paid_at[pair_pos]
    live = (paid < 0) | (paid > pair_t)  # paid by reference in bulk before this payment: no longer open
    pair_t, pair_pos = pair_t[live], pair_pos[live]
    # a candidate the bulk cannot judge sends its payment to the per-row path
    bad = np.unique(pair_t[~invs.usable[pair_pos]])
    if len(bad):
        back = np.union1d(back, bad)
        rows = rows[~np.isin(rows, bad)]
        keep = ~np.isin(pair_t, bad)
        pair_t, pair_pos = pair_t[keep], pair_pos[keep]
    status = dict.fromkeys(rows.tolist(), "unmatched")
    candidates: dict[int, tuple[str, ...]] = {}
    if len(pair_t):
        # the decider takes the earliest due, then the lowest number; the reasons list the numbers ascending
        numbers, due = invs.numbers, invs.due
        starts = np.flatnonzero(np.r_[True, pair_t[1:] != pair_t[:-1]])
        ends = np.r_[starts[1:], len(pair_t)]
        first = pair_pos[starts]
        for k in np.flatnonzero(ends - starts > 1).tolist():
            group = pair_pos[starts[k]:ends[k]].tolist()
            first[k] = min(group, key=lambda p: (due[p], numbers[p]))
        w = rules.weights
        ft = pair_t[starts]
        day = pays.day[ft]
        score = np.minimum(w.amount + np.where((day >= invs.start[first]) & (day <= invs.end[first]), w.date, 0), 100)
        for t in ft[score >= rules.suggest_threshold].tolist():
            status[t] = "suggested"
        names = pick(numbers, pair_pos.tolist())
        for t, i, j in zip(ft.tolist(), starts.tolist(), ends.tolist()):
            candidates[t] = (names[i],) if j == i + 1 else tuple(sorted(names[i:j]))
    keys_of = dict(zip(rows.tolist(), zip(pays.currency[rows].tolist(), pays.amount_minor[rows].tolist())))
    return AmountOnly(candidates, status, keys_of), back


@dataclass
class AmountKeys:
    """The invoices with an open amount (> 0, below `SHIFT` minor units), sorted by currency
    and amount: one int64 key each (currency code * SHIFT + minor units), with the invoices'
    positions in the same order (stable: by position among equal keys). Shared by the bulk
    amount-only decisions and the run's `AmountIndex`."""

    SHIFT = 2**52

    code_of: dict  # currency -> code
    keys: np.ndarray  # sorted
    pos: np.ndarray  # invoice position of each key

    @classmethod
    def build(cls, invs: InvoiceColumns) -> "AmountKeys":
        codes, uniques = pd.factorize(pd.Series(invs.currency, dtype=object))
        open_ = np.flatnonzero((invs.open_minor > 0) & (invs.open_minor < cls.SHIFT))
        combined = codes[open_].astype(np.int64) * cls.SHIFT + invs.open_minor[open_]
        order = stable_order(combined)
        return cls(dict(zip(uniques.tolist(), range(len(uniques)))), combined[order], open_[order])


class AmountIndex:
    """The open invoices by (currency, open amount in minor units), as the per-row path's
    dict of sets, but starting from the invoice columns: sorted numpy keys looked up with
    `searchsorted`, and the changes of the run (`discard`, `add`) kept beside them."""

    SHIFT = AmountKeys.SHIFT

    def __init__(self, invs: InvoiceColumns, invoices: Sequence[OpenInvoice], key_of,
                 changed: Iterable[OpenInvoice] = ()):
        """`changed`: invoices no longer as they came in (indexed as they stand now)."""
        self.numbers = invs.numbers
        shared = invs.amount_keys()
        self.code_of = shared.code_of
        on_unit = invs.usable_amount[shared.pos]  # the keys of amounts off the unit are rounded
        self.keys, self.pos = shared.keys[on_unit], shared.pos[on_unit]
        plain = invs.usable_amount & (invs.open_minor > 0) & (invs.open_minor < self.SHIFT)
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
        codes, code_of = invs.customer_codes()
        self.order = stable_order(codes)
        self.bounds = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(code_of)))]).tolist()
        self.numbers, self.code_of = invs.numbers, code_of

    def get(self, customer_id: str, default=()) -> list[str]:
        code = self.code_of.get(customer_id)
        if code is None:
            return list(default)
        positions = self.order[self.bounds[code]:self.bounds[code + 1]].tolist()
        return pick(self.numbers, positions)

