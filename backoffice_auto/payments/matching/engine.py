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
from datetime import date
from decimal import Decimal
from typing import Iterable, Sequence

import pandas as pd

from backoffice_auto.money import to_minor
from backoffice_auto.payments.matching.decide import Decider, Evidence
from backoffice_auto.payments.matching.names import NameIndex, name_score
from backoffice_auto.payments.matching.records import Customer, MatchResult, OpenInvoice, Payment
from backoffice_auto.payments.matching.refs import Extractor, TypoIndex, digits_key, invoice_keys
from backoffice_auto.payments.rules_model import MatchingRules


@dataclass(frozen=True)
class RunResult:
    results: tuple[MatchResult, ...]
    invoices: dict[str, OpenInvoice]  # every invoice as it stands after the run
    credits: dict[str, Decimal]  # customer id -> credit added by this run (overpayments)
    pattern_timeouts: int = 0


class _State:
    """The open items as they stand during the run (the `View` the decider reads)."""

    def __init__(self, invoices: Iterable[OpenInvoice], customers: Sequence[Customer]):
        self.invoices = {inv.invoice_number: inv for inv in invoices}
        self.by_customer: dict[str, list[str]] = defaultdict(list)
        self.by_amount: dict[tuple[str, int], set[str]] = defaultdict(set)
        for inv in self.invoices.values():
            self.by_customer[inv.customer_id].append(inv.invoice_number)
            if inv.open_amount > 0:
                self.by_amount[self._amount_key(inv)].add(inv.invoice_number)
        self.names = {c.customer_id: c.name for c in customers}
        self._name_index: NameIndex | None = None

    @staticmethod
    def _amount_key(inv: OpenInvoice) -> tuple[str, int]:
        return inv.currency, to_minor(inv.open_amount, inv.currency)

    # View ------------------------------------------------------------------------
    def invoice(self, number: str) -> OpenInvoice | None:
        return self.invoices.get(number)

    def open_items(self, customer_id: str, currency: str) -> list[OpenInvoice]:
        out = []
        for number in self.by_customer.get(customer_id, ()):
            inv = self.invoices[number]
            if inv.currency == currency and inv.open_amount > 0:
                out.append(inv)
        return out

    def open_with_amount(self, amount: Decimal, currency: str) -> list[OpenInvoice]:
        return [self.invoices[n] for n in sorted(self.by_amount.get((currency, to_minor(amount, currency)), ()))]

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
    def credit(self, number: str, amount: Decimal) -> None:
        inv = self.invoices[number]
        old = self._amount_key(inv)
        self.by_amount[old].discard(number)
        inv = replace(inv, paid=inv.paid + amount)
        self.invoices[number] = inv
        if inv.open_amount > 0:
            self.by_amount[self._amount_key(inv)].add(number)


def _invoice_key_frame(invoices: Sequence[OpenInvoice]) -> pd.DataFrame:
    numbers, keys = [], []
    for inv in invoices:
        for key in invoice_keys(inv.invoice_number):
            numbers.append(inv.invoice_number)
            keys.append(key)
    return pd.DataFrame({"key": pd.Series(keys, dtype=object), "invoice": pd.Series(numbers, dtype=object)})


class Matcher:
    """The rules compiled once; `run()` per statement (or per batch of statements)."""

    def __init__(self, rules: MatchingRules):
        self.rules = rules
        self.extractor = Extractor(rules)
        self.decider = Decider(rules)

    def tokens(self, payments: Sequence[Payment]) -> pd.DataFrame:
        rows_t, rows_key, rows_kind, rows_name, rows_raw = [], [], [], [], []
        extract = self.extractor.extract
        for t, p in enumerate(payments):
            text = p.reference
            found = extract(text)
            if text and text.strip().isdigit() and len(text.strip()) <= 10:
                # a bare number in the structured-reference field: a variable symbol
                rows_t.append(t), rows_key.append(digits_key(text)), rows_kind.append("reference")
                rows_name.append("cz_variable_symbol"), rows_raw.append(text.strip())
            for tok in found:
                rows_t.append(t), rows_key.append(tok.key), rows_kind.append(tok.kind)
                rows_name.append(tok.name), rows_raw.append(tok.raw)
        return pd.DataFrame({"t": pd.Series(rows_t, dtype="int64"), "key": pd.Series(rows_key, dtype=object),
                             "kind": pd.Series(rows_kind, dtype=object), "name": pd.Series(rows_name, dtype=object),
                             "raw": pd.Series(rows_raw, dtype=object)})

    def candidates(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice],
                   customers: Sequence[Customer]) -> list[Evidence]:
        """The evidence of every payment, found by joins (the bulk step)."""
        tokens = self.tokens(payments)
        keys = _invoice_key_frame(invoices)
        hits = tokens.merge(keys, on="key", how="inner")
        refs: list[dict[str, list[tuple[str, str, str]]]] = [dict() for _ in payments]
        for t, number, kind, name, raw in zip(hits["t"].tolist(), hits["invoice"].tolist(), hits["kind"].tolist(),
                                              hits["name"].tolist(), hits["raw"].tolist()):
            refs[t].setdefault(number, []).append((kind, name, raw))
        # typos: only tokens of payments that no exact key found
        misses = tokens[~tokens["t"].isin(hits["t"]) & tokens["key"].str.startswith("N:")]
        misses = misses[misses["key"].str.len() - 2 >= self.rules.typo_min_length]
        if len(misses):
            index = TypoIndex(keys["key"].tolist(), self.rules.typo_min_length)
            for t, key, name, raw in zip(misses["t"].tolist(), misses["key"].tolist(), misses["name"].tolist(),
                                         misses["raw"].tolist()):
                near = index.lookup(key)
                numbers = set(keys.loc[keys["key"].isin(near), "invoice"]) if near else set()
                if len(numbers) <= 20:  # one edit from several: the amount must single one out
                    for number in numbers:
                        refs[t].setdefault(number, []).append(("typo", name, raw))
        # who pays: customers owning the payer's IBAN
        owners: dict[str, list[str]] = defaultdict(list)
        for c in customers:
            for iban in c.ibans:
                owners[iban].append(c.customer_id)
        return [Evidence({n: tuple(h) for n, h in r.items()}, tuple(sorted(owners.get(p.counterparty_iban or "", ()))))
                for p, r in zip(payments, refs)]

    def run(self, payments: Sequence[Payment], invoices: Sequence[OpenInvoice], customers: Sequence[Customer],
            locked: Iterable[str] = ()) -> RunResult:
        locked = frozenset(locked)
        todo = [p for p in payments if p.amount > 0 and p.transaction_id not in locked]
        todo.sort(key=lambda p: (p.booking_date or date.min, p.transaction_id))
        evidence = self.candidates(todo, invoices, customers)
        state = _State(invoices, customers)
        results = []
        credits: dict[str, Decimal] = defaultdict(Decimal)
        for payment, ev in zip(todo, evidence):
            result = self.decider.decide(payment, ev, state)
            if result.posted:
                for a in result.allocations:
                    if a.kind == "invoice":
                        state.credit(a.document, a.amount)
                    elif a.kind == "credit" and result.customer_id:
                        credits[result.customer_id] += a.amount
            results.append(result)
        return RunResult(tuple(results), state.invoices, dict(credits), self.extractor.timeouts)


def invoice_status(inv: OpenInvoice) -> str:
    """The books' status of a sales invoice from its total and paid."""
    if inv.paid <= 0:
        return "open"
    if inv.paid < inv.total:
        return "partial"
    return "paid" if inv.paid == inv.total else "overpaid"
