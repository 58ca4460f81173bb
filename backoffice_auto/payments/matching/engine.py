"""One matching run: bulk candidates, the common cases decided in columns, the rest one by one.

Candidate generation is where the volume is (100,000 payments against 100,000 invoices), so
it is joins, not loops (`candidates`): reference keys found in the texts joined with the
invoices' keys, payer IBANs with the customers' IBANs. Only what no exact key found goes
through the typo look-up. Then payments are decided in booking order, because each posting
changes what is still open for the next payment (several payments for one invoice, a
second payment after a partial one). Most of them cannot interact with any other: those
are decided in columns (`bulk`: paid by one exact reference, or judged on the amount
alone; `own_account`: one invoice paid from the customer's own account; `typo_only`: a
typo of one invoice's number that cannot post) and the rest by the pure `Decider`, one by
one, against a `_State` that knows when each bulk payment pays its invoice. A bulk decision
that a per-row posting would change is handed back to the per-row path before its turn, so
the results are those of deciding every payment one by one (`Matcher(rules, bulk=False)`,
which the tests compare with).

In a run of `scan_helper.FROM` payments or more, the reference scan (`reference_scan`: it
reads only the texts and the invoice numbers) is done by a helper process on the other core
while this one reads the records (`Todo`, `Columns`), and put in booking order here; when
the helper is not ready or fails, the run scans by itself, with the same result.

Transactions a clerk confirmed or corrected are `locked`: they are not decided again, and
their allocations are not touched (the caller has already applied them to the invoices).
"""

from __future__ import annotations

from collections import defaultdict
from heapq import heappop, heappush
from itertools import repeat
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from backoffice_auto.gcpause import collector_paused
from backoffice_auto.payments.matching.bulk import (AmountIndex, Columns, CustomerIndex, PaidByReference, Todo,
                                                     pick, amount_only, fast_rows as fast_rows_of)
from backoffice_auto.payments.matching.decide import Decider, Evidence
from backoffice_auto.payments.matching.names import NameIndex, name_score
from backoffice_auto.payments.matching.own_account import OwnAccount, own_account
from backoffice_auto.payments.matching.run_result import RunResult
from backoffice_auto.payments.matching.standing import Pending, Standing
from backoffice_auto.payments.matching.typo_only import TypoOnly, typo_only
from backoffice_auto.payments.matching.records import Customer, MatchResult, OpenInvoice, Payment, with_paid
from backoffice_auto.payments.matching.settle import minor
from backoffice_auto.payments.matching.candidates import find_tokens
from backoffice_auto.payments.matching import scan_helper
from backoffice_auto.payments.matching.reference_scan import ReferenceScan, scan_references
from backoffice_auto.payments.matching.refs import Extractor
from backoffice_auto.payments.rules_model import MatchingRules


class _SetIndex:
    """Open invoices by (currency, open amount in minor units): a dict of sets."""

    def __init__(self) -> None:
        self.sets: dict[tuple[str, int], set[str]] = defaultdict(set)

    def get(self, key: tuple[str, int]) -> set[str]:
        return set(self.sets.get(key, ()))

    def discard(self, key: tuple[str, int], number: str) -> None:
        self.sets[key].discard(number)

    def add(self, key: tuple[str, int], number: str) -> None:
        self.sets[key].add(number)


class _State:
    """The open items as they stand during the run (the `View` the decider reads).

    Invoices the bulk path pays by reference are `pending` with the position of the payment
    paying them: open for the payments before it, paid in full from it on (made so on first
    look once `now` has passed it). The indexes by customer and by amount are built on first
    use: a statement whose payments all carry references never needs them.
    """

    def __init__(self, invoices: Sequence[OpenInvoice], customers: Sequence[Customer], cols: Columns | None = None):
        self.invoices: dict[str, OpenInvoice] | Standing = Standing(cols.invs.position, cols.invs.invoices) \
            if cols is not None else {inv.invoice_number: inv for inv in invoices}
        self.pending: dict[str, int] | Pending = {}
        self.now = 0  # position (booking order) of the payment being decided
        self._by_customer: dict[str, list[str]] | CustomerIndex | None = None
        self._by_amount: _SetIndex | AmountIndex | None = None
        self._source = (cols, invoices)
        self.changed: set[str] = set()  # invoices no longer as they came in
        self.names = {c.customer_id: c.name for c in customers}
        self._name_index: NameIndex | None = None

    @staticmethod
    def _amount_key(inv: OpenInvoice) -> tuple[str, int]:
        return inv.currency, minor(inv.open_amount, inv.currency)

    def by_customer(self) -> "dict[str, list[str]] | CustomerIndex":
        if self._by_customer is None:
            cols = self._source[0]
            if cols is not None:  # the invoices' numbers are unique there, in the same order
                self._by_customer = CustomerIndex(cols.invs)
            else:
                self._by_customer = defaultdict(list)
                for inv in self.invoices.values():
                    self._by_customer[inv.customer_id].append(inv.invoice_number)
        return self._by_customer

    def by_amount(self) -> "_SetIndex | AmountIndex":
        if self._by_amount is None:
            cols, invoices = self._source
            if cols is not None:
                self._by_amount = AmountIndex(cols.invs, invoices, self._amount_key,
                                              [self.invoices[n] for n in self.changed])
            else:
                self._by_amount = _SetIndex()
                for inv in self.invoices.values():
                    if inv.open_amount > 0 and self.pending.get(inv.invoice_number, self.now) >= self.now:
                        self._by_amount.add(self._amount_key(inv), inv.invoice_number)
        return self._by_amount

    # View ------------------------------------------------------------------------
    def invoice(self, number: str) -> OpenInvoice | None:
        paid_at = self.pending.get(number)
        if paid_at is not None and paid_at < self.now:
            del self.pending[number]
            inv = self.invoices[number]
            if self._by_amount is not None:
                self._by_amount.discard(self._amount_key(inv), number)
            self.invoices[number] = with_paid(inv, inv.total)
            self.changed.add(number)
        return self.invoices.get(number)

    def open_items(self, customer_id: str, currency: str) -> list[OpenInvoice]:
        out = []
        invoices, pending, now = self.invoices, self.pending, self.now
        for number in self.by_customer().get(customer_id, ()):
            paid_at = pending.get(number)
            if paid_at is not None and paid_at < now:
                continue  # paid in full by the bulk path by now: nothing open (made so on first look)
            inv = invoices[number]
            if inv.currency == currency and inv.open_amount > 0:
                out.append(inv)
        return out

    def open_with_amount(self, amount: Decimal, currency: str) -> list[OpenInvoice]:
        key = (currency, minor(amount, currency))
        for number in self.by_amount().get(key):
            self.invoice(number)  # paid by the bulk path by now?
        return [self.invoices[n] for n in sorted(self.by_amount().get(key))]

    def customer_name(self, customer_id: str) -> str | None:
        return self.names.get(customer_id)

    def name_score(self, name: str | None, customer_id: str) -> int:
        return name_score(name, self.names.get(customer_id))

    def best_name(self, name: str | None) -> tuple[str, int] | None:
        if not name:
            return None
        return self.name_index().best(name)

    def name_index(self) -> NameIndex:
        """The customers' names by word (made on first use: by the amount-only path, `best_name`,
        or while the helper process has not answered)."""
        if self._name_index is None:
            self._name_index = NameIndex(self.names)
        return self._name_index

    # changes ----------------------------------------------------------------------
    def materialise(self) -> dict[str, OpenInvoice]:
        self.now = len(self.invoices) + max(self.pending.values(), default=0) + 1
        for number in list(self.pending):
            self.invoice(number)
        return self.invoices.as_dict() if isinstance(self.invoices, Standing) else self.invoices

    def credit(self, number: str, amount: Decimal) -> None:
        inv = self.invoice(number)
        if self._by_amount is not None:
            self._by_amount.discard(self._amount_key(inv), number)
        inv = with_paid(inv, inv.paid + amount)
        self.invoices[number] = inv
        self.changed.add(number)
        if self._by_amount is not None and inv.open_amount > 0:
            self._by_amount.add(self._amount_key(inv), number)


class _Payers(Sequence[tuple[str, ...]]):
    """Per payment (booking order) the customers owning its payer's account: the owners of
    each account once, and each payment's account as a number (a list of 100,000 tuples
    would be made every run for the few thousand payments whose owners are asked for)."""

    def __init__(self, owners: list[tuple[str, ...]], code: np.ndarray):
        self._owners, self._code = owners, code

    def __getitem__(self, t):  # type: ignore[override]
        return self._owners[self._code.item(t)]

    def __len__(self) -> int:
        return len(self._code)


class _Evidences(Sequence["Evidence | None"]):
    """Per payment (booking order) its evidence: its own record when references were found,
    else its payer's shared record; None for the payments paid by reference in bulk. Kept
    as those records and each payment's record number, not a list of 100,000."""

    def __init__(self, named: dict[int, Evidence], records: list[Evidence], where: np.ndarray):
        self._named, self._records, self._where = named, records, where

    def __getitem__(self, t):  # type: ignore[override]
        ev = self._named.get(t)
        if ev is not None:
            return ev
        k = self._where.item(t)  # (IndexError past the end, as a list's)
        return None if k < 0 else self._records[k]

    def __len__(self) -> int:
        return len(self._where)


@dataclass
class _Candidates:
    evidence: _Evidences  # None for payments paid by reference in bulk
    fast: PaidByReference
    payer: _Payers  # customers owning each payment's IBAN
    rest: np.ndarray  # bool: the payments not paid by reference in bulk (their evidence is not None)
    plain: np.ndarray  # bool: those of them with no reference found
    refs_count: np.ndarray  # how many invoices each payment's references name
    one_payer: np.ndarray  # bool: one customer owns the payer's account


class Matcher:
    """The rules compiled once; `run()` per statement (or per batch of statements)."""

    def __init__(self, rules: MatchingRules, bulk: bool = True):
        self.rules = rules
        self.bulk = bulk  # False: every payment through `Decider.decide` (the reference path)
        self.extractor = Extractor(rules)
        self.decider = Decider(rules)
        self._rules_wire: bytes | None = None  # the rules as the helper process gets them

    def tokens(self, payments: Sequence[Payment]) -> pd.DataFrame:
        """One row per reference found: payment index `t`, `key`, `kind`, rule `name`, `raw` text."""
        return find_tokens(self.extractor, [p.reference for p in payments]).frame()

    def candidates(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice],
                   customers: Sequence[Customer]) -> list[Evidence]:
        """The evidence of every payment (in the order given), found by joins (the bulk step)."""
        table = Todo(list(payments), [p.reference for p in payments], [p.counterparty_iban for p in payments], None)
        found = self._candidates(table, invoices, customers, None)
        return [ev for ev in found.evidence if ev is not None]

    def _candidates(self, table: Todo, invoices: Sequence[OpenInvoice],
                    customers: Sequence[Customer], cols: Columns | None,
                    scanned: "Callable[[], ReferenceScan | None] | None" = None) -> _Candidates:
        """`cols` given: the payments paid by reference in bulk are found too (`bulk.fast_rows`).
        `scanned` gives the helper process's scan of the run's texts, when it made one."""
        payments = table.payments
        owners: dict[str, list[str]] = defaultdict(list)
        for c in customers:
            for iban in c.ibans:
                owners[iban].append(c.customer_id)
        # each payer's account looked up once: its position among the owned accounts, -1 for none
        code_of = dict(zip(owners, range(len(owners))))
        if "" in code_of:
            code_of[None] = code_of[""]  # no account given is looked up as the empty one
        # looked up in the caller's order (the strings lie in memory as they were made), then
        # put in booking order
        ibans = table.iban if table.iban is not None else table.iban_kept
        assert ibans is not None
        code = np.fromiter(map(code_of.get, ibans, repeat(-1, len(ibans))), dtype=np.int64, count=len(ibans))
        if table.iban is None:
            code = code[table.perm]
        payer = _Payers([tuple(sorted(ids)) for ids in owners.values()] + [()], code)  # -1: the last, ()
        numbers = cols.invs.numbers if cols is not None else [inv.invoice_number for inv in invoices]
        bulk = cols is not None and self.decider.auto_rule is None
        customer_code = cols.invs.customer_codes()[1] if bulk else {}  # (read meanwhile by the helper's scan)
        scan = scanned() if scanned is not None else None
        if scan is None:
            scan = scan_references(self.extractor, table.references(), numbers, self.rules.typo_min_length)
        tokens, hits = scan.tokens, scan.hits

        slow = np.arange(len(hits.t))
        taken = np.zeros(len(payments), dtype=bool)
        kinds, names, raws = tokens.kind, tokens.name, tokens.raw
        chosen = np.zeros(0, dtype=np.int64)
        if bulk and len(hits.t):
            # like `payer`: the one owner, "" for none, "\0" for several; as the invoices' customer codes
            ones = [ids[0] if len(ids) == 1 else "\0" for ids in owners.values()] + [""]
            owner = np.fromiter(map(customer_code.get, ones, repeat(-1, len(ones))), dtype=np.int64, count=len(ones))[code]
            unknown = np.array([one == "" for one in ones], dtype=bool)[code]
            structured = (tokens.code == 2)[hits.row]
            chosen = fast_rows_of(hits.t, hits.invoice, structured, cols.pays, cols.invs, owner, unknown, self.rules)
            taken[hits.t[chosen]] = True
            slow = np.flatnonzero(~taken[hits.t])
        rows = hits.row[chosen]  # each bulk payment's finding, read when its reasons are made
        fast = PaidByReference(hits.t[chosen], hits.invoice[chosen], invoices, payer,
                               lambda k: (kinds[rows.item(k)], names[rows.item(k)], raws[rows.item(k)]))

        refs: dict[int, dict[str, list[tuple[str, str, str]]]] = {}
        for t, p, r in zip(hits.t[slow].tolist(), hits.invoice[slow].tolist(), hits.row[slow].tolist()):
            refs.setdefault(t, {}).setdefault(numbers[p], []).append((kinds[r], names[r], raws[r]))
        for r, positions in scan.typos():  # a reference one typo from these invoices' numbers
            found = {numbers[p] for p in positions}
            if len(found) <= 20:  # one edit from several: the amount must single one out
                t = int(tokens.t[r])
                for number in found:
                    refs.setdefault(t, {}).setdefault(number, []).append(("typo", names[r], raws[r]))
        # per payment: how many invoices its references name, and whether one customer owns its account
        n = len(payments)
        refs_count = np.zeros(n, dtype=np.int64)
        if refs:
            refs_count[list(refs)] = list(map(len, refs.values()))
        one_payer = np.array([len(ids) == 1 for ids in owners.values()] + [False], dtype=bool)[code]
        # no reference found (and not paid in bulk): one (frozen) record per payer, made once
        plain = ~taken & (refs_count == 0)
        plain_rows = np.flatnonzero(plain)
        where = np.full(n, -1, dtype=np.int64)  # the record of each payment: -1 none (yet)
        records: list[Evidence] = []
        if len(plain_rows):
            codes, first = np.unique(code[plain_rows], return_index=True)  # (-1: no owner, the last tuple)
            alike: dict[tuple[str, ...], Evidence] = {}
            empty: dict[str, tuple] = {}
            for t in plain_rows[first].tolist():  # (two accounts of the same owners: one record)
                records.append(alike.setdefault(payer[t], Evidence(empty, payer[t])))
            where[plain_rows] = np.searchsorted(codes, code[plain_rows])
        # every payment with references left is one not paid in bulk
        named = {t: Evidence({number: tuple(h) for number, h in hits_of.items()}, payer[t])
                 for t, hits_of in refs.items()}
        return _Candidates(_Evidences(named, records, where), fast, payer, ~taken, plain, refs_count, one_payer)

    def run(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice], customers: Sequence[Customer],
            locked: Iterable[str] = ()) -> RunResult:
        """Every payment decided; the cyclic garbage collector is paused meanwhile (see `gcpause`)."""
        with collector_paused():
            return self._run(payments, invoices, customers, locked)

    def _run(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice], customers: Sequence[Customer],
             locked: Iterable[str]) -> RunResult:
        job = self._send_scan(payments, invoices) if self.bulk else None
        try:
            table = Todo.build(payments, frozenset(locked), job.texts if job else None)
            cols = Columns.build(table, invoices, self.rules, job.numbers if job else None) if self.bulk else None
            state = _State(invoices, customers, cols)
            scanned = None
            if job is not None:
                def meanwhile() -> None:  # the helper not done yet: what the run needs later, made now
                    state.name_index()
                    if cols is not None:
                        cols.invs.amount_keys()
                scanned = lambda: self._taken_scan(job, table, len(payments), meanwhile)  # noqa: E731
            found = self._candidates(table, invoices, customers, cols, scanned)
        finally:
            if job is not None:
                job.close()
        todo = table.payments
        # paid by reference in bulk: open for the payments before, paid from this one on
        fast = found.fast
        ts = fast.ts
        # by invoice position, for the column paths (-1: not paid in bulk)
        paid_at = np.full(len(cols.invs.numbers) if cols is not None else 0, -1, dtype=np.int64)
        paid_at[fast.positions] = ts
        if cols is not None:
            state.pending = Pending(cols.invs.position, cols.invs.numbers, paid_at.copy())
        own = self._own_accounts(found, state, cols, paid_at)
        typos = self._typo_only(todo, found, state, cols)
        held, by_key, held_status = self._amount_only(todo, found, state, cols, paid_at)
        per_row = np.ones(len(todo), dtype=bool)
        per_row[ts] = False
        per_row[list(held)] = False
        per_row[list(own.pays)] = False
        per_row[list(typos.status)] = False
        heap = np.flatnonzero(per_row).tolist()
        first_rows = len(heap)
        slow: dict[int, MatchResult] = {}
        credits: dict[str, Decimal] = defaultdict(Decimal)
        while heap:
            i = heappop(heap)
            payment, ev = todo[i], found.evidence[i]
            if ev is None:  # paid by reference in bulk, but its invoice was touched before it
                inv, hit, payer = fast.pop(i)
                ev = Evidence({inv.invoice_number: (hit,)}, payer)
            state.now = i
            result = self.decider.decide(payment, ev, state)
            if result.posted:
                for a in result.allocations:
                    if a.kind == "invoice":
                        if cols is not None:
                            self._hand_back(a.document, i, state, fast, held, by_key, heap, own, cols, typos)
                        state.credit(a.document, a.amount)
                        if cols is not None:
                            self._hand_back(a.document, i, state, fast, held, by_key, heap, own, cols, typos)
                    elif a.kind == "credit" and result.customer_id:
                        credits[result.customer_id] += a.amount
            slow[i] = result
        result = RunResult(todo, slow, fast, state, dict(credits), self.extractor.timeouts, self.decider, held,
                           held_status, own, found.evidence, invoices, typos,
                           cols.invs.by_number if cols is not None else None)
        result.handed_back = len(slow) - first_rows
        return result

    def _send_scan(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice]) -> scan_helper.Job | None:
        """A large run's reference scan sent to the helper process (`scan_helper`), when it is ready."""
        if len(payments) < scan_helper.FROM:
            return None
        if self._rules_wire is None:
            self._rules_wire = self.rules.model_dump_json().encode()  # (validated again by the helper)
        return scan_helper.submit(self._rules_wire, [p.reference or "" for p in payments],
                                  [inv.invoice_number for inv in invoices])

    def _taken_scan(self, job: scan_helper.Job, table: Todo, count: int,
                    meanwhile: Callable[[], None]) -> ReferenceScan | None:
        """The helper's scan of every payment's text (`count`) put in the run's booking order;
        `meanwhile` is done first when the helper has not answered yet."""
        where = None
        if table.taken is not None:  # (else the run's order was not made in columns: scanned here)
            where = np.full(count, -1, dtype=np.int64)
            where[table.taken] = np.arange(len(table.taken))
        return job.result(where, self.extractor.patterns, meanwhile)

    def _own_accounts(self, found: _Candidates, state: _State, cols: Columns | None, paid_at: np.ndarray
                      ) -> OwnAccount:
        """The payments from a customer's own account with no reference that `own_account`
        decides in columns; the invoices they pay become pending (paid from them on), in
        `state` and in `paid_at` (by invoice position)."""
        payer = found.payer
        # with an `auto_post_when` rule, posting is the rule's to judge, one by one
        candidates = np.flatnonzero(found.plain & found.one_payer).tolist() \
            if cols is not None and self.decider.auto_rule is None else []
        if not candidates:
            return OwnAccount({}, {}, {})
        index = state.by_customer()
        assert isinstance(index, CustomerIndex)
        own = own_account(candidates, [payer[t][0] for t in candidates], cols, index, paid_at, self.rules)
        numbers = cols.invs.numbers
        for t, x in own.pays.items():
            state.pending[numbers[x]] = t
            paid_at[x] = t
        return own

    def _typo_only(self, todo: Sequence[Payment], found: _Candidates, state: _State, cols: Columns | None) -> TypoOnly:
        """The payments whose only reference is a typo of one invoice that `typo_only` decides
        without posting (after `_own_accounts`: it reads what is paid in bulk before each)."""
        if cols is None:
            return TypoOnly({}, {}, {})
        candidates = np.flatnonzero(found.rest & (found.refs_count == 1)).tolist()
        return typo_only(candidates, todo, found.evidence, state, self.decider, cols.invs.by_number)

    def _amount_only(self, todo: Sequence[Payment], found: _Candidates, state: _State, cols: Columns | None,
                     paid_at: np.ndarray) -> tuple[dict[int, tuple[str, ...]], dict[tuple[str, int], list[int]], dict[int, str]]:
        """The payments `decide` would judge on their amount alone, decided in bulk: per payment
        the numbers of the open invoices it saw (for its reasons); and the payments by
        (currency, minor) amount."""
        if cols is None:
            return {}, {}, {}
        threshold = self.rules.name_threshold
        rows = []
        index = None
        for t in np.flatnonzero(found.plain & ~found.one_payer).tolist():
            name = todo[t].counterparty_name
            if name:  # does the payer's name single out a customer (`decide` would then look at its items)?
                if index is None:
                    index = state.name_index()  # shared with the per-row path's `best_name`
                if index.singles_out(name, threshold):
                    continue
            rows.append(t)
        decided, _ = amount_only(np.array(rows, dtype=np.int64), cols.pays, cols.invs, paid_at, self.rules)
        # the numbers of the invoices each saw: as they came in (nothing has changed them yet)
        held: dict[int, tuple[str, ...]] = dict.fromkeys(decided.status, ())
        held.update(decided.candidates)
        by_key: dict[tuple[str, int], list[int]] = defaultdict(list)
        for t, key in decided.key.items():
            by_key[key].append(t)
        return held, by_key, decided.status

    @staticmethod
    def _hand_back(number: str, i: int, state: _State, fast: PaidByReference, held: dict[int, tuple],
                   by_key: dict[tuple[str, int], list[int]], heap: list[int], own: OwnAccount, cols: Columns,
                   typos: TypoOnly) -> None:
        """Invoice `number` is about to change (or has changed) by the posting of payment `i`:
        bulk decisions after `i` that relied on it go back to the per-row path. An own-account
        payment relied on every invoice of its customer; the amount-only payments after it,
        on the invoice it paid being paid. A payment with a typo reference, on its invoice's
        customer's items."""
        if typos.status and number in state.invoices:
            for t in typos.by_customer.get(state.invoices[number].customer_id, ()):
                if t > i and t in typos:
                    typos.drop(t)
                    heappush(heap, t)
        if own.pays and number in state.invoices:
            for t in own.by_customer.get(state.invoices[number].customer_id, ()):
                if t > i and t in own.pays:
                    paid = cols.invs.numbers[own.pays.pop(t)]
                    del own.items[t]
                    if state.pending.get(paid) == t:
                        del state.pending[paid]
                    heappush(heap, t)
                    for h in by_key.get(state._amount_key(state.invoices[paid]), ()):
                        if h > i and h in held:
                            del held[h]
                            heappush(heap, h)
        paid_at = state.pending.get(number)
        if paid_at is not None and paid_at > i:
            del state.pending[number]
            heappush(heap, paid_at)
        inv = state.invoice(number)
        if inv is None or not by_key:
            return
        for t in by_key.get(state._amount_key(inv), ()):
            if t > i and t in held:
                del held[t]
                heappush(heap, t)

def invoice_status(inv: OpenInvoice) -> str:
    """The books' status of a sales invoice from its total and paid. A credit note (a negative total)
    is paid when set off whole: it was left `open` with nothing left on it."""
    if inv.total < 0:
        return "open" if inv.paid == 0 else "partial" if inv.paid > inv.total else \
            "paid" if inv.paid == inv.total else "overpaid"
    if inv.paid <= 0:
        return "open"
    if inv.paid < inv.total:
        return "partial"
    return "paid" if inv.paid == inv.total else "overpaid"
