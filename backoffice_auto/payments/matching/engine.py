"""One matching run: bulk candidates with pandas joins, then each payment decided in date order.

Candidate generation is where the volume is (100,000 payments against 100,000 invoices), so
it is joins, not loops: reference keys found in the texts joined with the invoices' keys,
payer IBANs joined with the customers' IBANs. Only what no exact key found goes through
the typo index. Then payments are decided one by one in booking order (a pure `Decider`),
because each posting changes what is still open for the next payment (several payments
for one invoice, a second payment after a partial one).

Transactions a clerk confirmed or corrected are `locked`: they are not decided again, and
their allocations are not touched (the caller has already applied them to the invoices).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from datetime import date
from decimal import Decimal
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from backoffice_auto.gcpause import collector_paused
from backoffice_auto.money import minor_digits, to_minor
from backoffice_auto.payments.matching.decide import Decider, Evidence
from backoffice_auto.payments.matching.names import NameIndex, name_score
from backoffice_auto.payments.matching.records import Customer, MatchResult, OpenInvoice, Payment
from backoffice_auto.payments.matching.refs import Extractor, TypoIndex, keys_of
from backoffice_auto.payments.rules_model import MatchingRules


class RunResult:
    """What a run decided. Payments taken by the fast path get their `MatchResult` (with
    reasons) built when `results` is first read; the decisions themselves are final."""

    def __init__(self, todo: Sequence[Payment], slow: dict[int, MatchResult], fast: dict[int, tuple],
                 state: "_State", credits: dict[str, Decimal], pattern_timeouts: int, decider: Decider):
        self._todo, self._slow, self._fast, self._state, self._decider = todo, slow, fast, state, decider
        self.credits = credits
        self.pattern_timeouts = pattern_timeouts

    @property
    def posted_count(self) -> int:
        return len(self._fast) + sum(r.posted for r in self._slow.values())

    @cached_property
    def results(self) -> tuple[MatchResult, ...]:
        out = []
        for i, payment in enumerate(self._todo):
            if i in self._slow:
                out.append(self._slow[i])
            elif i in self._fast:
                invoice, hit, payer = self._fast[i]
                out.append(self._decider.posted_by_reference(payment, invoice, hit, payer, self._state))
        return tuple(out)

    @cached_property
    def invoices(self) -> dict[str, OpenInvoice]:
        """Every invoice as it stands after the run."""
        return self._state.materialise()


def _minor(amount: Decimal, currency: str) -> int:
    """Integer minor units, fast for amounts already on the minor unit (the usual case)."""
    scaled = amount.scaleb(minor_digits(currency))
    if scaled == scaled.to_integral_value():
        return int(scaled)
    return to_minor(amount, currency)


class _State:
    """The open items as they stand during the run (the `View` the decider reads).

    The indexes by customer and by amount are built on first use: a statement whose
    payments all carry references never needs them.
    """

    def __init__(self, invoices: Iterable[OpenInvoice], customers: Sequence[Customer]):
        self.invoices = {inv.invoice_number: inv for inv in invoices}
        self._paid_in_full: set[str] = set()  # taken by the fast path, not yet materialised
        self._by_customer: dict[str, list[str]] | None = None
        self._by_amount: dict[tuple[str, int], set[str]] | None = None
        self.names = {c.customer_id: c.name for c in customers}
        self._name_index: NameIndex | None = None

    @staticmethod
    def _amount_key(inv: OpenInvoice) -> tuple[str, int]:
        return inv.currency, _minor(inv.open_amount, inv.currency)

    def by_customer(self) -> dict[str, list[str]]:
        if self._by_customer is None:
            self._by_customer = defaultdict(list)
            for inv in self.invoices.values():
                self._by_customer[inv.customer_id].append(inv.invoice_number)
        return self._by_customer

    def by_amount(self) -> dict[tuple[str, int], set[str]]:
        if self._by_amount is None:
            self._by_amount = defaultdict(set)
            for inv in self.invoices.values():
                if inv.open_amount > 0 and inv.invoice_number not in self._paid_in_full:
                    self._by_amount[self._amount_key(inv)].add(inv.invoice_number)
        return self._by_amount

    # View ------------------------------------------------------------------------
    def invoice(self, number: str) -> OpenInvoice | None:
        if number in self._paid_in_full:
            self._paid_in_full.discard(number)
            inv = self.invoices[number]
            self.invoices[number] = replace(inv, paid=inv.total)
        return self.invoices.get(number)

    def open_items(self, customer_id: str, currency: str) -> list[OpenInvoice]:
        out = []
        for number in self.by_customer().get(customer_id, ()):
            if number in self._paid_in_full:
                continue
            inv = self.invoices[number]
            if inv.currency == currency and inv.open_amount > 0:
                out.append(inv)
        return out

    def open_with_amount(self, amount: Decimal, currency: str) -> list[OpenInvoice]:
        return [self.invoice(n) for n in sorted(self.by_amount().get((currency, _minor(amount, currency)), ()))]

    def customer_name(self, customer_id: str) -> str | None:
        return self.names.get(customer_id)

    def name_score(self, name: str | None, customer_id: str) -> int:
        return name_score(name, self.names.get(customer_id))

    def best_name(self, name: str | None) -> tuple[str, int] | None:
        if not name:
            return None
        if self._name_index is None:
            self._name_index = NameIndex(self.names)
        return self._name_index.best(name)

    # changes ----------------------------------------------------------------------
    def pay_in_full(self, numbers: Iterable[str]) -> None:
        """Invoices the fast path paid exactly (not in any index: nothing else may take them)."""
        self._paid_in_full.update(numbers)

    def materialise(self) -> dict[str, OpenInvoice]:
        for number in list(self._paid_in_full):
            self.invoice(number)
        return self.invoices

    def credit(self, number: str, amount: Decimal) -> None:
        inv = self.invoice(number)
        if self._by_amount is not None:
            self._by_amount[self._amount_key(inv)].discard(number)
        inv = replace(inv, paid=inv.paid + amount)
        self.invoices[number] = inv
        if self._by_amount is not None and inv.open_amount > 0:
            self._by_amount[self._amount_key(inv)].add(number)


def _invoice_key_frame(invoices: Sequence[OpenInvoice]) -> pd.DataFrame:
    """Each invoice under its keys: its number (`N:`) and its digits (`D:`, at most 10)."""
    numbers = pd.Series([inv.invoice_number for inv in invoices], dtype=object)
    by_number = pd.DataFrame({"key": keys_of(numbers, "invoice_number"), "invoice": numbers})
    by_digits = pd.DataFrame({"key": keys_of(numbers, "digits"), "invoice": numbers})
    by_digits = by_digits[(by_digits["key"].str.len() > 2) & (by_digits["key"].str.len() <= 12)]
    return pd.concat([by_number[by_number["key"].str.len() > 2], by_digits], ignore_index=True)


@dataclass
class _Candidates:
    evidence: list[Evidence | None]  # None for payments taken by the fast path
    fast: list[tuple[int, str, tuple[str, str, str]]]  # (payment index, invoice, hit)
    payer: list[tuple[str, ...]]  # customers owning each payment's IBAN


class Matcher:
    """The rules compiled once; `run()` per statement (or per batch of statements)."""

    def __init__(self, rules: MatchingRules):
        self.rules = rules
        self.extractor = Extractor(rules)
        self.decider = Decider(rules)

    def tokens(self, payments: Sequence[Payment]) -> pd.DataFrame:
        """One row per reference found: payment index `t`, `key`, `kind`, rule `name`, `raw` text."""
        rows_t, rows_kind, rows_name, rows_raw = self.extractor.extract_columns([p.reference for p in payments])
        for t, p in enumerate(payments):
            text = (p.reference or "").strip()
            if text.isdigit() and len(text) <= 10:
                # a bare number in the structured-reference field: a variable symbol
                rows_t.append(t)
                rows_kind.append("digits")
                rows_name.append("cz_variable_symbol")
                rows_raw.append(text)
        frame = pd.DataFrame({"t": pd.Series(rows_t, dtype="int64"), "kind": pd.Series(rows_kind, dtype=object),
                              "name": pd.Series(rows_name, dtype=object), "raw": pd.Series(rows_raw, dtype=object)})
        frame["key"] = keys_of(frame["raw"], frame["kind"])
        frame = frame[frame["key"].str.len() > 2]
        frame["kind"] = np.where(frame["kind"] == "structured", "structured", "reference")
        return frame.drop_duplicates(["t", "key", "kind"]).reset_index(drop=True)

    def candidates(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice],
                   customers: Sequence[Customer]) -> list[Evidence]:
        """The evidence of every payment, found by joins (the bulk step)."""
        found = self._candidates(payments, invoices, customers, fast=False)
        return [ev for ev in found.evidence if ev is not None]

    def _candidates(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice],
                    customers: Sequence[Customer], fast: bool) -> _Candidates:
        tokens = self.tokens(payments)
        keys = _invoice_key_frame(invoices)
        hits = tokens.merge(keys, on="key", how="inner")
        owners: dict[str, list[str]] = defaultdict(list)
        for c in customers:
            for iban in c.ibans:
                owners[iban].append(c.customer_id)
        payer = [tuple(sorted(owners.get(p.counterparty_iban or "", ()))) for p in payments]

        fast_rows: list[tuple[int, str, tuple[str, str, str]]] = []
        if fast and len(hits):
            fast_rows = self._fast_rows(payments, invoices, hits, payer)
        taken = {t for t, _, _ in fast_rows}

        refs: list[dict[str, list[tuple[str, str, str]]] | None] = [None if t in taken else {}
                                                                    for t in range(len(payments))]
        slow = hits[~hits["t"].isin(taken)] if taken else hits
        for t, number, kind, name, raw in zip(slow["t"].tolist(), slow["invoice"].tolist(), slow["kind"].tolist(),
                                              slow["name"].tolist(), slow["raw"].tolist()):
            refs[t].setdefault(number, []).append((kind, name, raw))
        # typos: only tokens of payments that no exact key found
        misses = tokens[~tokens["t"].isin(hits["t"]) & tokens["key"].str.startswith("N:")]
        misses = misses[misses["key"].str.len() - 2 >= self.rules.typo_min_length]
        if len(misses):
            index = TypoIndex(keys["key"].tolist(), self.rules.typo_min_length)
            invoice_of = dict(zip(keys["key"].tolist(), keys["invoice"].tolist()))
            near_all = index.lookup_many(misses["key"].tolist())
            for t, near, name, raw in zip(misses["t"].tolist(), near_all, misses["name"].tolist(),
                                          misses["raw"].tolist()):
                numbers = {invoice_of[k] for k in near}
                if len(numbers) <= 20:  # one edit from several: the amount must single one out
                    for number in numbers:
                        refs[t].setdefault(number, []).append(("typo", name, raw))
        evidence = [None if r is None else Evidence({n: tuple(h) for n, h in r.items()}, payer[t])
                    for t, r in enumerate(refs)]
        return _Candidates(evidence, fast_rows, payer)

    def _fast_rows(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice], hits: pd.DataFrame,
                   payer: list[tuple[str, ...]]) -> list[tuple[int, str, tuple[str, str, str]]]:
        """Payments one exact reference ties to one open invoice no other payment names,
        paying exactly what is open, in its currency, not from another customer's account,
        and scoring at least the threshold without counting the payer's name. Vectorised."""
        if self.decider.auto_rule is not None:
            return []
        per_t = hits.groupby("t")["invoice"].transform("size")
        per_invoice = hits.groupby("invoice")["t"].transform("nunique")
        one = hits[(per_t == 1) & (per_invoice == 1)]
        if not len(one):
            return []
        by_number = {inv.invoice_number: inv for inv in invoices}
        ts = one["t"].to_numpy()
        chosen = [by_number[n] for n in one["invoice"].tolist()]
        pays = [payments[t] for t in ts.tolist()]
        w, r = self.rules.weights, self.rules
        inv_cur = np.array([i.currency for i in chosen], dtype=object)
        pay_cur = np.array([p.currency for p in pays], dtype=object)
        inv_open = np.array([_minor(i.open_amount, i.currency) if i.currency else -1 for i in chosen], dtype=np.int64)
        pay_amt = np.array([_minor(p.amount, p.currency) if p.currency else -2 for p in pays], dtype=np.int64)
        customer = np.array([i.customer_id for i in chosen], dtype=object)
        owner = np.array([payer[t][0] if len(payer[t]) == 1 else ("" if not payer[t] else "\0")
                          for t in ts.tolist()], dtype=object)
        day = np.array([p.booking_date.toordinal() for p in pays], dtype=np.int64)
        start = np.array([(i.issue_date.toordinal() - r.days_before_issue) if i.issue_date else -10**9
                          for i in chosen], dtype=np.int64)
        end = np.array([(i.due_date.toordinal() + r.days_after_due) if i.due_date else 10**9
                        for i in chosen], dtype=np.int64)
        kind = one["kind"].to_numpy()
        points = np.where(kind == "structured", w.structured_reference, w.reference) + w.amount
        points = points + np.where((day >= start) & (day <= end), w.date, 0)
        by_iban = owner == customer
        points = points + np.where(by_iban, w.iban, 0)
        ok = (inv_cur == pay_cur) & (inv_open > 0) & (inv_open == pay_amt) & ((owner == "") | by_iban) & \
            (np.minimum(points, 100) >= r.auto_threshold)
        keep = np.flatnonzero(ok)
        numbers, names, raws = one["invoice"].to_numpy(), one["name"].to_numpy(), one["raw"].to_numpy()
        return [(int(ts[k]), numbers[k], (kind[k], names[k], raws[k])) for k in keep.tolist()]

    def run(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice], customers: Sequence[Customer],
            locked: Iterable[str] = ()) -> RunResult:
        """Every payment decided; the cyclic garbage collector is paused meanwhile (see `gcpause`)."""
        with collector_paused():
            return self._run(payments, invoices, customers, locked)

    def _run(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice], customers: Sequence[Customer],
             locked: Iterable[str]) -> RunResult:
        locked = frozenset(locked)
        todo = [p for p in payments if p.amount > 0 and p.transaction_id not in locked]
        todo.sort(key=lambda p: (p.booking_date or date.min, p.transaction_id))
        found = self._candidates(todo, invoices, customers, fast=True)
        state = _State(invoices, customers)
        # the fast path first: these invoices are named by exactly one payment each and paid
        # exactly, so no other payment may take them (an amount match would pay them twice)
        fast = {t: (state.invoices[number], hit, found.payer[t]) for t, number, hit in found.fast}
        state.pay_in_full(number for _, number, _ in found.fast)
        slow: dict[int, MatchResult] = {}
        credits: dict[str, Decimal] = defaultdict(Decimal)
        for i, (payment, ev) in enumerate(zip(todo, found.evidence)):
            if i in fast:
                continue
            result = self.decider.decide(payment, ev, state)
            if result.posted:
                for a in result.allocations:
                    if a.kind == "invoice":
                        state.credit(a.document, a.amount)
                    elif a.kind == "credit" and result.customer_id:
                        credits[result.customer_id] += a.amount
            slow[i] = result
        return RunResult(todo, slow, fast, state, dict(credits), self.extractor.timeouts, self.decider)


def invoice_status(inv: OpenInvoice) -> str:
    """The books' status of a sales invoice from its total and paid."""
    if inv.paid <= 0:
        return "open"
    if inv.paid < inv.total:
        return "partial"
    return "paid" if inv.paid == inv.total else "overpaid"
