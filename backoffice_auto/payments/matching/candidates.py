"""Bulk candidate generation: which invoices each payment's references name, in columns.

A run of 100,000 payments against 100,000 invoices is one pass of each reference pattern
over all texts, keys made for whole columns (`refs.column_keys`), and one hash look-up per
key (a join of the payments' keys with the invoices' keys, done with a dict because the
invoices' keys are nearly all unique). Only the keys no invoice has go to the typo
look-up (`typos.near_keys`). The order of the findings is the one the decider has always
seen: per payment by pattern, then by position in the text, the bare variable symbol last.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import repeat
from typing import Sequence

import numpy as np
import pandas as pd

from backoffice_auto.payments.matching.records import OpenInvoice
from backoffice_auto.payments.matching.written_numbers import known_numbers
from backoffice_auto.payments.matching.keys import column_keys, row_keys
from backoffice_auto.payments.matching.refs import Extractor


@dataclass
class Tokens:
    """One entry per reference found, as columns: payment index, kind (structured or
    reference), rule name, the text found, its key. No (payment, key, kind) twice.

    `code` is the kind of reference as a number, for the callers' columns: 0 an invoice
    number or named reference (an `N:` key), 1 digits (a `D:` key), 2 structured (RF).
    `order` is what found it: the pattern's position in `Extractor.patterns`, then
    `BARE` (a bare variable symbol) and `KNOWN` (an open invoice's number as written), each
    counted from the number of patterns (`source_of` gives kind, name and code of each).
    `key` is None in a scan sent back by the helper process (no caller reads it then)."""

    t: np.ndarray
    kind: list[str]
    name: list[str]
    raw: list[str]
    key: list[str] | None
    code: np.ndarray
    order: np.ndarray

    BARE = 0  # added to the number of patterns
    KNOWN = 1

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"t": self.t, "kind": pd.Series(self.kind, dtype=object),
                             "name": pd.Series(self.name, dtype=object), "raw": pd.Series(self.raw, dtype=object),
                             "key": pd.Series(self.key, dtype=object)})


def find_tokens(extractor: Extractor, texts: Sequence[str | None]) -> Tokens:
    """The references in each payment's text (`texts` in the payments' order)."""
    loose: list[int] = []
    ts, orders, raws = extractor.scan(texts, loose)
    bare = []
    for t in loose:
        text = (texts[t] or "").strip()
        if len(text) <= 10 and text.isdigit():
            # a bare number in the structured-reference field: a variable symbol
            bare.append(t)
            raws.append(text)
    patterns = extractor.patterns
    if bare:
        ts = np.concatenate([ts, np.array(bare, dtype=np.int64)])
        orders = np.concatenate([orders, np.full(len(bare), len(patterns) + Tokens.BARE, dtype=np.int64)])
    kinds_of, names_of, codes_of = source_of(patterns)
    code = codes_of[orders]
    keys = row_keys(raws, np.flatnonzero(code == 1), np.flatnonzero(code == 2))
    kinds = np.array(kinds_of, dtype=object)[orders].tolist()
    names = np.array(names_of, dtype=object)[orders].tolist()
    keep = np.flatnonzero(np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) > 2)
    # the first of each (payment, key, kind): only payments with several findings can repeat one
    several = np.bincount(ts, minlength=len(texts))[ts] > 1 if len(ts) else np.zeros(0, dtype=bool)
    seen: set[tuple[int, str, str]] = set()
    again = []
    for i in keep[several[keep]].tolist():
        triple = (int(ts[i]), keys[i], kinds[i])
        if triple in seen:
            again.append(i)
        seen.add(triple)
    if again:
        keep = keep[~np.isin(keep, again)]
    if len(keep) != len(ts):
        kept = keep.tolist()
        return Tokens(ts[keep], [kinds[i] for i in kept], [names[i] for i in kept], [raws[i] for i in kept],
                      [keys[i] for i in kept], code[keep], orders[keep])
    return Tokens(ts, kinds, names, raws, keys, code, orders)


_KIND_CODE = {"digits": 1, "structured": 2}


def source_of(patterns: Sequence[tuple[str, str, object]]) -> tuple[list[str], list[str], np.ndarray]:
    """Per `Tokens.order` (the patterns', then the bare variable symbol's, then the known
    number's): the kind, the rule name and the kind's code of the tokens it finds."""
    kinds = ["structured" if kind == "structured" else "reference" for _, kind, _ in patterns]
    names = [name for name, _, _ in patterns] + ["cz_variable_symbol", "invoice_number"]
    codes = [_KIND_CODE.get(kind, 0) for _, kind, _ in patterns] + [1, 0]
    return kinds + ["reference", "reference"], names, np.array(codes, dtype=np.int64)


@dataclass
class InvoiceKeys:
    """Each invoice under its keys: its number (`N:`) and its digits (`D:`, at most 10).

    The digit keys are only made when a payment's reference is digits (a variable symbol):
    an `N:` key never equals a `D:` key."""

    key: list[str]
    position: Sequence[int]  # index of the invoice in the run's list
    numbers: list[str]

    @classmethod
    def build(cls, invoices: Sequence[OpenInvoice], digits: bool = True,
              numbers: list[str] | None = None) -> "InvoiceKeys":
        """`numbers`: the invoices' numbers when already read (`InvoiceColumns.numbers`)."""
        if numbers is None:
            numbers = [inv.invoice_number for inv in invoices]
        by_number = column_keys(numbers, "invoice_number")
        if "N:" not in by_number:  # every key is N: and more (the usual case): all of them
            first, keys = range(len(by_number)), by_number  # the ints are made once, in `index`
        else:
            first = [i for i, k in enumerate(by_number) if len(k) > 2]
            keys = [by_number[i] for i in first]
        if not digits:
            return cls(keys, first, numbers)
        by_digits = column_keys(numbers, "digits")
        second = [i for i, k in enumerate(by_digits) if 2 < len(k) <= 12]
        return cls(keys + [by_digits[i] for i in second], [*first, *second], numbers)

    def index(self) -> tuple[dict[str, int], dict[str, list[int]]]:
        """key -> invoice position; keys several invoices share -> their positions, in order."""
        single = dict(zip(self.key, self.position))
        shared: dict[str, list[int]] = {}
        if len(single) != len(self.key):
            every: dict[str, list[int]] = defaultdict(list)
            for k, p in zip(self.key, self.position):
                every[k].append(p)
            shared = {k: ps for k, ps in every.items() if len(ps) > 1}
            for k in shared:
                single[k] = -2
        return single, shared


@dataclass
class Hits:
    """Token rows whose key an invoice has: payment index, invoice position, token row
    (in token order, then in the invoices' key order: the order of a pandas inner merge)."""

    t: np.ndarray
    invoice: np.ndarray
    row: np.ndarray


def find_hits(tokens: Tokens, single: dict[str, int], shared: dict[str, list[int]]) -> Hits:
    found = np.fromiter(map(single.get, tokens.key, repeat(-1)), dtype=np.int64, count=len(tokens.key))
    rows = np.flatnonzero(found != -1)
    positions = found[rows]
    if shared and (positions == -2).any():
        out_rows, out_pos = [], []
        for r, p in zip(rows.tolist(), positions.tolist()):
            for q in (shared[tokens.key[r]] if p == -2 else (p,)):
                out_rows.append(r)
                out_pos.append(q)
        rows, positions = np.array(out_rows, dtype=np.int64), np.array(out_pos, dtype=np.int64)
    return Hits(tokens.t[rows], positions, rows)


def with_known_numbers(texts: Sequence[str | None], tokens: Tokens, hits: Hits, single: dict[str, int],
                       shared: dict[str, list[int]], max_text: int, known_order: int) -> tuple[Tokens, Hits]:
    """`tokens` and `hits` with the open invoices' numbers found as written (`known_numbers`)
    in the texts where no reference named an invoice exactly: their tokens appended, their
    hits put among the others in payment order (a payment's hits all come from one source).
    `known_order`: their `Tokens.order` (the number of patterns plus `Tokens.KNOWN`)."""
    has_hit = np.zeros(len(texts), dtype=bool)
    has_hit[hits.t] = True
    ts, raws, keys = known_numbers(texts, np.flatnonzero(~has_hit).tolist(), single, max_text)
    if not ts:
        return tokens, hits
    n, k = len(tokens.key), len(ts)
    known = np.full(k, known_order, dtype=np.int64)
    extra = Tokens(np.array(ts, dtype=np.int64), ["reference"] * k, ["invoice_number"] * k, raws, keys,
                   np.zeros(k, dtype=np.int64), known)
    more = find_hits(extra, single, shared)
    assert tokens.key is not None
    merged = Tokens(np.concatenate([tokens.t, extra.t]), tokens.kind + extra.kind, tokens.name + extra.name,
                    tokens.raw + extra.raw, tokens.key + extra.key, np.concatenate([tokens.code, extra.code]),
                    np.concatenate([tokens.order, known]))
    t = np.concatenate([hits.t, more.t])
    order = np.argsort(t, kind="stable")
    return merged, Hits(t[order], np.concatenate([hits.invoice, more.invoice])[order],
                        np.concatenate([hits.row, more.row + n])[order])
