"""What a run learns from the payments' texts and the invoices' numbers alone.

The references found in each text (`find_tokens`), the invoices they name exactly
(`find_hits`, `with_known_numbers`) and, for the references no invoice has, the invoices
one typo away (`typos.near_keys`): a third of a 100,000-payment run, and none of it reads
a record's amount or date. So it is one pure step over two lists of strings, which the
run can hand to a helper process (`scan_helper`) while it reads the records itself.

Each text is scanned on its own (the chunks the scan joins them into change no finding),
so a scan of every payment's text in the caller's order holds the scan of the run's
payments in booking order: `in_booking_order` takes it out, in the order that scan has
(findings of the patterns, then bare variable symbols, then known numbers, each by
payment; the hits as `with_known_numbers` leaves them). `to_wire` and `from_wire` carry a
scan between the processes as a few byte strings (nothing pickled: no list of 100,000
strings crosses as objects).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from backoffice_auto.payments.matching.candidates import (Hits, InvoiceKeys, Tokens, find_hits, find_tokens,
                                                           source_of, with_known_numbers)
from backoffice_auto.payments.matching.columns import stable_order
from backoffice_auto.payments.matching.refs import Extractor, near_keys

SEP = "\x1e"  # between the strings of a list sent as one (when none holds it)


@dataclass
class ReferenceScan:
    """The findings (`tokens`), the invoices they name (`hits`, invoice positions) and the
    typo candidates of one scan, with the texts numbered as they were given to it."""

    tokens: Tokens
    hits: Hits
    typo_rows: np.ndarray  # token rows of the references no invoice has and some are one typo from
    typo_bounds: np.ndarray  # each such row's invoice positions: typo_positions[bounds[k]:bounds[k + 1]]
    typo_positions: np.ndarray
    timeouts: int = 0  # patterns that ran out of time (counted by the extractor of the process that scanned)

    def typos(self) -> list[tuple[int, list[int]]]:
        """(token row, the positions of the invoices its key is one edit from, in the order found)."""
        positions = self.typo_positions.tolist()
        bounds = self.typo_bounds.tolist()
        return [(r, positions[a:b]) for r, a, b in zip(self.typo_rows.tolist(), bounds, bounds[1:])]

    def in_booking_order(self, where: np.ndarray, patterns: Sequence[tuple[str, str, object]]) -> "ReferenceScan":
        """The scan of the texts `where` puts in booking order (text index -> booking position,
        -1: not in the run), as `scan_references` over those texts in that order gives it."""
        tok = self.tokens
        t = where[tok.t]
        kept = np.flatnonzero(t >= 0)
        # the source of each finding: a pattern 0, a bare variable symbol 1, a known number 2
        source = np.clip(tok.order - (len(patterns) - 1), 0, 2)
        span = len(where) + 1
        rows = kept[stable_order(source[kept] * span + t[kept])]  # new row -> old row
        new_row = np.full(len(tok.t), -1, dtype=np.int64)
        new_row[rows] = np.arange(len(rows))
        order = tok.order[rows]
        tokens = _labelled(t[rows], order, Picked(tok.raw, rows), patterns)
        h = self.hits
        ht = where[h.t]
        kept_hits = np.flatnonzero(ht >= 0)
        ht, hrow = ht[kept_hits], new_row[h.row[kept_hits]]
        hit_source = source[h.row[kept_hits]]
        if (source[rows] == 2).any():  # known numbers found: `with_known_numbers` sorted every hit by payment
            sort = stable_order(ht * 3 + hit_source)
        else:  # in token order: by source, then by payment
            sort = stable_order(hit_source * span + ht)
        hits = Hits(ht[sort], h.invoice[kept_hits][sort], hrow[sort])
        typo_new = new_row[self.typo_rows] if len(self.typo_rows) else np.zeros(0, dtype=np.int64)
        kept_typos = np.flatnonzero(typo_new >= 0)
        kept_typos = kept_typos[np.argsort(typo_new[kept_typos], kind="stable")]
        sizes = np.diff(self.typo_bounds)[kept_typos]
        new_bounds = np.zeros(len(kept_typos) + 1, dtype=np.int64)
        np.cumsum(sizes, out=new_bounds[1:])
        # each kept row's positions, in the new order: from its old start on
        at = np.arange(int(new_bounds[-1]), dtype=np.int64) + np.repeat(self.typo_bounds[kept_typos] - new_bounds[:-1], sizes)
        return ReferenceScan(tokens, hits, typo_new[kept_typos], new_bounds, self.typo_positions[at], self.timeouts)

    # between processes --------------------------------------------------------------
    def to_wire(self) -> list[bytes]:
        tok, h = self.tokens, self.hits
        columns = [tok.t, tok.order, h.t, h.invoice, h.row, self.typo_rows, self.typo_bounds, self.typo_positions]
        head = np.array([len(c) for c in columns] + [self.timeouts], dtype=np.int64).tobytes()
        return [head, *(np.ascontiguousarray(c, dtype=np.int64).tobytes() for c in columns), strings_to_wire(tok.raw)]

    @classmethod
    def from_wire(cls, parts: Sequence[bytes], patterns: Sequence[tuple[str, str, object]]) -> "ReferenceScan":
        """The scan `to_wire` sent; ValueError when the parts do not make one."""
        if len(parts) != 10:
            raise ValueError("a reference scan is ten parts")
        head = np.frombuffer(parts[0], dtype=np.int64).tolist()
        sizes, timeouts = head[:8], head[8] if len(head) == 9 else -1
        columns = [np.frombuffer(b, dtype=np.int64) for b in parts[1:9]]
        if [len(c) for c in columns] != sizes or timeouts < 0:
            raise ValueError("a column of the reference scan is cut")
        t, order, ht, hinv, hrow, typo_rows, typo_bounds, typo_positions = columns
        raw = strings_from_wire(parts[9])
        if len(raw) != len(t) or (len(order) and not 0 <= int(order.min()) <= int(order.max()) <= len(patterns) + 1):
            raise ValueError("the reference scan does not fit the run's patterns")
        return cls(_labelled(t, order, raw, patterns), Hits(ht, hinv, hrow), typo_rows, typo_bounds, typo_positions,
                   timeouts)


def _labelled(t: np.ndarray, order: np.ndarray, raw: Sequence[str],
              patterns: Sequence[tuple[str, str, object]]) -> Tokens:
    """Tokens from their columns, each one's kind and rule name read from `order` when asked
    (a run asks for a few thousand of them; `find_tokens` makes them as lists)."""
    kinds_of, names_of, codes_of = source_of(patterns)
    return Tokens(t, ByOrder(order, kinds_of), ByOrder(order, names_of), raw, None,  # type: ignore[arg-type]
                  codes_of[order], order)


class ByOrder(Sequence[str]):
    """`[labels[k] for k in order]`, each made when read."""

    def __init__(self, order: np.ndarray, labels: list[str]):
        self.order, self.labels = order, labels

    def __getitem__(self, r):  # type: ignore[override]
        return self.labels[self.order.item(r)]

    def __len__(self) -> int:
        return len(self.order)


class Picked(Sequence[str]):
    """`[values[k] for k in rows]`, each read when asked."""

    def __init__(self, values: Sequence[str], rows: np.ndarray):
        self.values, self.rows = values, rows

    def __getitem__(self, r):  # type: ignore[override]
        return self.values[self.rows.item(r)]

    def __len__(self) -> int:
        return len(self.rows)


def scan_references(extractor: Extractor, texts: Sequence[str | None], numbers: list[str],
                    typo_min_length: int) -> ReferenceScan:
    """The references in `texts`, the invoices (`numbers`, by position) they name, and the
    invoices one typo from those that name none (keys of `typo_min_length` characters and more)."""
    before = extractor.timeouts
    tokens = find_tokens(extractor, texts)
    keys = InvoiceKeys.build((), digits=bool((tokens.code == 1).any()), numbers=numbers)  # a `D:` key among them
    single, shared = keys.index()
    hits = find_hits(tokens, single, shared)
    tokens, hits = with_known_numbers(texts, tokens, hits, single, shared, extractor.max_text,
                                      len(extractor.patterns) + Tokens.KNOWN)
    assert tokens.key is not None
    # typos: only tokens of payments that no exact key found
    has_hit = np.zeros(len(texts), dtype=bool)
    has_hit[hits.t] = True
    key = tokens.key
    misses = [r for r in np.flatnonzero(~has_hit[tokens.t]).tolist()
              if key[r].startswith("N:") and len(key[r]) - 2 >= typo_min_length]
    rows: list[int] = []
    bounds = [0]
    positions: list[int] = []
    if misses:
        near_all = near_keys(single, [key[r] for r in misses], typo_min_length)
        last = {k: ps[-1] for k, ps in shared.items()}  # a key several invoices share names the last of them
        for r, near in zip(misses, near_all):
            if near:
                rows.append(r)
                positions.extend(last.get(k, single[k]) for k in near)
                bounds.append(len(positions))
    return ReferenceScan(tokens, hits, np.array(rows, dtype=np.int64), np.array(bounds, dtype=np.int64),
                         np.array(positions, dtype=np.int64), extractor.timeouts - before)


def strings_to_wire(strings: Sequence[str]) -> bytes:
    """A list of strings as bytes (UTF-8, lone surrogates kept): joined by `SEP`, or, when a
    string holds it, one after the other behind their lengths."""
    joined = SEP.join(strings)
    if joined.count(SEP) == max(len(strings) - 1, 0):
        return b"J" + str(len(strings)).encode() + b":" + joined.encode("utf-8", "surrogatepass")
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    return b"L" + struct.pack("<Q", len(strings)) + lengths.tobytes() + "".join(strings).encode("utf-8", "surrogatepass")


def strings_from_wire(data: bytes) -> list[str]:
    """The list `strings_to_wire` made; ValueError when the bytes do not make one."""
    kind = data[:1]
    if kind == b"L":
        if len(data) < 9:
            raise ValueError("a list of strings is cut")
        (n,) = struct.unpack("<Q", data[1:9])
        lengths = np.frombuffer(data[9:9 + 8 * n], dtype=np.int64)
        text = data[9 + 8 * n:].decode("utf-8", "surrogatepass")
        ends = np.cumsum(lengths).tolist()
        if len(lengths) != n or (n and (int(lengths.min()) < 0 or ends[-1] != len(text))):
            raise ValueError("a list of strings is cut")
        return [text[a:b] for a, b in zip([0, *ends], ends)]
    if kind != b"J":
        raise ValueError("not a list of strings")
    count, _, body = data[1:].partition(b":")
    n = int(count)
    strings = body.decode("utf-8", "surrogatepass").split(SEP) if n else []
    if len(strings) != n:
        raise ValueError("a list of strings is cut")
    return strings
