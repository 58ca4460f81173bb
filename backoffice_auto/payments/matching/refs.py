"""References in remittance text: invoice numbers, RF creditor references, variable symbols.

A payer writes `INV-2026-00012`, `inv 2026 00012`, `RF47INV202600012`, `VS 202600012` or
`/INV/INV-2026-00012/` (Polish split payment). What is found here is reduced to a *key*
that an invoice number reduces to as well (`keys`, re-exported here), so that finding
candidates is an exact join. Admin-written patterns run with the `regex` package under a
timeout, so a catastrophic pattern costs at most the timeout per text, never a hang. The
built-in patterns (`VETTED`: only bounded repeats, or one unbounded run of a class that what
follows it cannot start with, so their work is linear in the text) run without one: the
timeout's clock checks cost as much again as the search itself. The built-in invoice-number
pattern is not searched at all in ASCII text: `invoice_scan` finds its matches in columns.

A long reference with one typo (one substitution, insertion, deletion or swap of two
neighbours) is found in `typos` (re-exported here: `TypoIndex`, `near_keys`).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import chain, repeat
from operator import itemgetter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

import regex

from backoffice_auto.payments.matching.keys import (  # noqa: F401 - the key functions, re-exported
    column_keys, digits_key, invoice_keys, keys_of, norm_key, rf_reference, rf_valid, rf_valid_many, row_keys)
from backoffice_auto.payments.matching.invoice_scan import invoice_number_spans, span_texts
from backoffice_auto.payments.matching.typos import TypoIndex, near_keys  # noqa: F401 - re-exported
from backoffice_auto.payments.rules_model import MatchingRules


_RF = regex.compile(r"\bRF\s?[0-9]{2}(?:\s?[0-9A-Z]){1,21}\b")
PATTERN_FLAGS = regex.IGNORECASE | regex.V0  # the flags every rules pattern is compiled with

# The built-in patterns (rules_model's defaults), reviewed to run in linear time; a test feeds
# each long adversarial texts. A rules pattern with this text compiled with `PATTERN_FLAGS`
# runs without the timeout; anything else an admin writes keeps it.
VETTED = (
    r"\b[A-Z]{2,5}[-/ ]?\d{4}[-/ ]?\d{3,8}\b",
    r"(?:\bVS|\bV\.S\.|variabiln[ií] symbol)[\s:.#/-]*(\d{1,10})\b",
    r"/INV/([^/]{1,35})",
    r"\b(?:REF(?:ERENCIA)?|FRA|FACTURA)[\s.:#]+([A-Z0-9][A-Z0-9/-]{3,34})",
)
_LINEAR = frozenset([(_RF.pattern, _RF.flags)] + [(p.pattern, p.flags) for p in
                                                   (regex.compile(t, PATTERN_FLAGS) for t in VETTED)])


_INVOICE_NUMBER = (lambda p: (p.pattern, p.flags))(regex.compile(VETTED[0], PATTERN_FLAGS))  # see `invoice_scan`


def is_vetted(pattern: "regex.Pattern") -> bool:
    """Whether `pattern` is one of ours (same text, same flags), so safe without a timeout."""
    return (pattern.pattern, pattern.flags) in _LINEAR


# Pairs of characters one of which every match of a built-in pattern holds (`\bVS`, `V.S.`,
# `variabilní`; `REF`, `FRA`, `FACTURA`), as they stand in upper-cased text: the other
# characters that IGNORECASE takes for these letters (`v`, `s`, `ſ`, ...) never come out of
# `str.upper` (a test checks every code point). Only the texts holding one are searched.
_ANCHORS = {(p.pattern, p.flags): anchors for p, anchors in (
    (regex.compile(VETTED[1], PATTERN_FLAGS), ("VS", "V.", "VA")),
    (regex.compile(VETTED[3], PATTERN_FLAGS), ("RE", "FR", "FA")),
)}  # (`RF` would do for `_RF` too, but its texts are many and its search cheap: no gain)


def anchored_texts(pattern: "regex.Pattern", big: str, starts: np.ndarray, data: np.ndarray | None = None,
                   data_starts: np.ndarray | None = None) -> np.ndarray | None:
    """The texts of `big` (upper-cased texts joined, starting at `starts`) that hold one of a
    built-in pattern's anchors: the only ones it can find anything in. None: search them all
    (the pattern has no anchors, or they stand in more than an eighth of the texts).

    `data` given (`big` as ASCII bytes, `?` for other characters, each separator one byte,
    the texts starting at `data_starts`): the anchors are looked for there, with the same
    answer (the anchors are ASCII)."""
    anchors = _ANCHORS.get((pattern.pattern, pattern.flags))
    if anchors is None:
        return None
    most = len(starts) // 8
    if data is not None:  # each pair's places at once: a few comparisons of the whole chunk
        head, tail = data[:-1], data[1:]
        hit = np.zeros(len(head), dtype=bool)
        for anchor in anchors:
            hit |= (head == ord(anchor[0])) & (tail == ord(anchor[1]))
        spots = np.flatnonzero(hit)
        if len(spots) > most:
            return None
        return np.unique(np.searchsorted(data_starts, spots, side="right") - 1)
    found: list[int] = []
    for anchor in anchors:  # a pair of letters or a letter and a dot: never across a separator
        at = big.find(anchor)
        while at >= 0:
            if len(found) >= most:
                return None
            found.append(at)
            at = big.find(anchor, at + 1)
    return np.unique(np.searchsorted(starts, np.array(found, dtype=np.int64), side="right") - 1)


@dataclass(frozen=True)
class Token:
    """A reference found in a payment's text: its key and what kind of evidence it is."""

    key: str
    kind: str  # reference | structured | typo-able (see `exact`)
    name: str  # which rule found it: invoice_pattern, rf, cz_variable_symbol, ...
    raw: str


class Extractor:
    """Finds reference tokens in texts with the rules' patterns (compiled once).

    `extract_many` runs each pattern once over a chunk of texts joined by a separator, with
    a timeout for the chunk; a match that runs across a separator, or a chunk that times
    out, is done again text by text, each text with its own timeout.
    """

    CHUNK = 8000  # texts; fewer chunks, fewer numpy calls of fixed cost (2000 cost 6 ms more a run)
    CHARS = 1_000_000  # characters at most: long texts come fewer at a time (bounds a chunk's memory)
    SEP = "\n\x1f\n"

    def __init__(self, rules: MatchingRules):
        flags = PATTERN_FLAGS
        self.timeout = rules.pattern_timeout_ms / 1000
        self.max_text = rules.max_text_length
        rules_ = [("rf", "structured", _RF)] if rules.rf_references else []
        rules_ += [(r.name, r.kind, regex.compile(r.pattern, flags)) for r in rules.references]
        rules_ += [("invoice_number", "invoice_number", regex.compile(p, flags)) for p in rules.invoice_patterns]
        self.patterns = tuple(rules_)
        self.timeouts = 0

    def _limit(self, pattern, texts: int = 1) -> float | None:
        """The timeout of one search over `texts` joined texts; none for a built-in pattern."""
        return None if is_vetted(pattern) else self.timeout * max(1, texts // 20)

    def _one(self, pattern, text: str) -> list[str]:
        try:
            found = []
            for m in pattern.finditer(text, timeout=self._limit(pattern)):
                found.append(m.group(1) if pattern.groups else m.group(0))
                if len(found) >= 50:
                    break
            return found
        except TimeoutError:
            self.timeouts += 1
            return []

    def _token(self, name: str, kind: str, raw: str) -> Token | None:
        if kind == "structured":
            compact = raw.replace(" ", "").upper()
            if not rf_valid(compact):
                return None
            return Token("N:" + compact[4:], "structured", "rf", compact)
        key = digits_key(raw) if kind == "digits" else norm_key(raw)
        return Token(key, "reference", name, raw) if key else None

    def extract(self, text: str | None) -> list[Token]:
        return self.extract_many([text])[0]

    def extract_columns(self, texts: Sequence[str | None]) -> tuple[list[int], list[str], list[str], list[str]]:
        """Raw findings as columns (text index, kind, rule name, raw text), keys not yet made.

        Per text the findings come as `extract_many` finds them: by pattern, then by position.
        """
        ts, orders, raws = self.scan(texts)
        orders_l = orders.tolist()
        return ts.tolist(), [self.patterns[o][1] for o in orders_l], [self.patterns[o][0] for o in orders_l], raws

    def scan(self, texts: Sequence[str | None],
             loose: list[int] | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """`extract_columns` with the patterns as their positions in `patterns` (no lists of
        kinds and names to build). `loose` given: the indices of the texts that may be a bare
        number once stripped (a text of at most 10 characters, or one that starts or ends
        with a space or a character outside ASCII) are appended to it, in order."""
        cols: list[tuple[np.ndarray, np.ndarray, list[str]]] = []  # text, pattern, raw
        for first in range(0, len(texts), self.CHUNK):  # a chunk's strings stay in the CPU's cache
            self._chunk_columns(texts[first:first + self.CHUNK], first, cols, loose)
        if not cols:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
        ts = np.concatenate([c[0] for c in cols])
        orders = np.concatenate([c[1] for c in cols])
        raws = list(chain.from_iterable([c[2] for c in cols]))
        # `cols` runs by chunk, then by pattern, and one text's findings of one pattern come
        # from one entry in the order of their positions: a stable sort by text is enough
        idx = np.argsort(ts, kind="stable")
        if len(idx) < 2 or (idx[1:] > idx[:-1]).all():  # (itemgetter of one index gives no tuple)
            return ts, orders, raws
        return ts[idx], orders[idx], list(itemgetter(*idx.tolist())(raws))

    def _joined(self, part: Sequence[str | None]) -> tuple[str, np.ndarray, np.ndarray, np.ndarray | None]:
        """`SEP.join((t or "")[:max_text].upper() for t in part)`, where each text starts and
        ends in it, and the texts joined by one unit separator as bytes (ASCII, `?` for the
        rest: one byte per character) when every character stands where it stood in its text.

        Upper-cased all at once when that maps each character to one (the usual case), no
        text holds the unit separator and none is longer than `max_text`; the lengths then
        come from the separators' places in those bytes. Else text by text (no bytes)."""
        try:
            joined = "\x1f".join(part)
        except TypeError:  # a text missing (None), read as "": looked for only then
            part = [t or "" for t in part]
            joined = "\x1f".join(part)
        if len(part):
            upper = joined.upper()
            if len(upper) == len(joined):
                data = np.frombuffer(upper.encode("ascii", "replace"), dtype=np.uint8)
                cuts = np.flatnonzero(data == 0x1F)
                if len(cuts) == len(part) - 1:
                    lengths = np.diff(cuts, prepend=-1, append=len(data)) - 1
                    if int(lengths.max()) <= self.max_text:
                        starts = np.zeros(len(part), dtype=np.int64)
                        np.cumsum(lengths[:-1] + len(self.SEP), out=starts[1:])
                        return upper.replace("\x1f", self.SEP), starts, starts + lengths, data
        chunk = [t[: self.max_text].upper() for t in part]
        lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        starts = np.zeros(len(part), dtype=np.int64)
        np.cumsum(lengths[:-1] + len(self.SEP), out=starts[1:])
        return self.SEP.join(chunk), starts, starts + lengths, None

    def _chunk_columns(self, part: Sequence[str | None], first: int, cols: list, loose: list[int] | None) -> None:
        """`_chunk` in columns: match positions mapped to texts with numpy, not one by one."""
        big, starts, ends, data = self._joined(part)
        count = len(starts)
        if len(big) > self.CHARS and count > 1:  # in pieces of about half that many characters
            step = max(1, count * self.CHARS // (2 * len(big)))
            for at in range(0, count, step):
                self._chunk_columns(part[at:at + step], first + at, cols, loose)
            return
        shift = at = None
        if data is not None:  # each separator is one byte there, not len(SEP)
            shift = (len(self.SEP) - 1) * np.arange(count)
            at = starts - shift
        if loose is not None:
            if data is None:  # characters moved: every text may be one
                loose.extend(range(first, first + count))
            else:
                loose.extend((first + _loose(data, at, ends - shift)).tolist())
        for order, (_, _, pattern) in enumerate(self.patterns):
            if data is not None and (pattern.pattern, pattern.flags) == _INVOICE_NUMBER:
                self._invoice_numbers(order, big, starts, ends, data, shift, first, cols)
                continue
            some = anchored_texts(pattern, big, starts, data, at)
            if some is None:
                self._search(order, big, starts, ends, first, cols)
            elif len(some):  # only the texts that hold an anchor
                self._search_some(order, big, starts, ends, some, first, cols)

    def _search_some(self, order: int, big: str, starts: np.ndarray, ends: np.ndarray, some: np.ndarray,
                     first: int, cols: list) -> None:
        """`_search` over the texts `some` of the chunk only, joined anew."""
        lengths = ends[some] - starts[some]
        sub_starts = np.zeros(len(some), dtype=np.int64)
        np.cumsum(lengths[:-1] + len(self.SEP), out=sub_starts[1:])
        sub = self.SEP.join([big[a:b] for a, b in zip(starts[some].tolist(), ends[some].tolist())])
        self._search(order, sub, sub_starts, sub_starts + lengths, first, cols, some)

    def _invoice_numbers(self, order: int, big: str, starts: np.ndarray, ends: np.ndarray, data: np.ndarray,
                         shift: np.ndarray, first: int, cols: list) -> None:
        """`_search` for the built-in invoice-number pattern (`invoice_scan`): matched in
        `data` (the chunk's bytes, one per character; text i starts at starts[i] - shift[i]),
        except in the texts where a `?` stands (a character outside ASCII, or a question
        mark), which `_search` does."""
        at = starts - shift
        m_start, m_end = invoice_number_spans(data)
        text = np.searchsorted(at, m_start, side="right") - 1
        odd = np.flatnonzero(data == ord("?"))
        if len(odd):
            odd = np.unique(np.searchsorted(at, odd, side="right") - 1)
            keep = np.flatnonzero(~np.isin(text, odd))
            text, m_start, m_end = text[keep], m_start[keep], m_end[keep]
        kept = _first_50(text)
        if len(kept) != len(text):
            text, m_start, m_end = text[kept], m_start[kept], m_end[kept]
        # those texts are ASCII: the bytes are the characters of `big` (spans end at a non-word one)
        cols.append((text + first, np.full(len(text), order), span_texts(data, m_start, m_end)))
        if len(odd):
            self._search_some(order, big, starts, ends, odd, first, cols)

    def _search(self, order: int, big: str, starts: np.ndarray, ends: np.ndarray, first: int, cols: list,
                index: np.ndarray | None = None) -> None:
        """One pattern over texts joined in `big`; `index`: their places in the chunk."""
        _, _, pattern = self.patterns[order]
        count = len(starts)
        try:
            matches = list(pattern.finditer(big, timeout=self._limit(pattern, count)))
        except TimeoutError:
            matches, redo = [], np.arange(count)
        else:
            redo = np.zeros(0, dtype=np.int64)
        if matches:
            match_type = type(matches[0])
            m_start = np.fromiter(map(match_type.start, matches), dtype=np.int64, count=len(matches))
            m_end = np.fromiter(map(match_type.end, matches), dtype=np.int64, count=len(matches))
            text = np.searchsorted(starts, m_start, side="right") - 1
            across = m_end > ends[text]  # ran across the separator: both texts one by one
            if across.any():
                redo = np.unique(np.concatenate([text[across], text[across] + 1]))
                redo = redo[redo < count]
            keep = ~across & ~np.isin(text, redo) if len(redo) else ~across
            kept = np.flatnonzero(keep)
            kept = kept[_first_50(text[kept])]
            group = 1 if pattern.groups else 0
            chosen = matches if len(kept) == len(matches) else [matches[k] for k in kept.tolist()]
            raws = list(map(match_type.group, chosen, repeat(group, len(kept))))
            at = text[kept] if index is None else index[text[kept]]
            cols.append((at + first, np.full(len(kept), order), raws))
        for i in redo.tolist():
            found = self._one(pattern, big[starts[i]:ends[i]])
            at = first + (i if index is None else int(index[i]))
            cols.append((np.full(len(found), at), np.full(len(found), order), found))

    def extract_many(self, texts: Sequence[str | None]) -> list[list[Token]]:
        found: list[list[tuple[int, str, str, str]]] = [[] for _ in texts]  # (order, name, kind, raw)
        for first in range(0, len(texts), self.CHUNK):
            chunk = [(t or "")[: self.max_text].upper() for t in texts[first:first + self.CHUNK]]
            self._chunk(chunk, first, found)
        out = []
        for hits in found:
            tokens, seen = [], set()
            for _, name, kind, raw in sorted(hits):
                token = self._token(name, kind, raw)
                if token is not None and (token.key, token.kind) not in seen:
                    seen.add((token.key, token.kind))
                    tokens.append(token)
            out.append(tokens)
        return out

    def _chunk(self, chunk: list[str], first: int, found: list) -> None:
        starts, pos = [], 0
        for text in chunk:
            starts.append(pos)
            pos += len(text) + len(self.SEP)
        big = self.SEP.join(chunk)
        for order, (name, kind, pattern) in enumerate(self.patterns):
            redo: set[int] = set()
            try:
                matches = list(pattern.finditer(big, timeout=self._limit(pattern, len(chunk))))
            except TimeoutError:
                matches, redo = [], set(range(len(chunk)))
            counts: dict[int, int] = {}
            for m in matches:
                i = bisect_right(starts, m.start()) - 1
                if m.end() > starts[i] + len(chunk[i]):  # ran across the separator
                    redo.update((i, i + 1))
                    continue
                counts[i] = counts.get(i, 0) + 1
                if counts[i] <= 50:
                    raw = m.group(1) if pattern.groups else m.group(0)
                    found[first + i].append((order, name, kind, raw))
            for i in sorted(j for j in redo if j < len(chunk)):
                found[first + i][:] = [h for h in found[first + i] if h[0] != order]
                found[first + i].extend((order, name, kind, raw) for raw in self._one(pattern, chunk[i]))


def _first_50(text: np.ndarray) -> np.ndarray:
    """The positions in `text` (the texts of one pattern's findings, in order) of the first
    50 findings in each text: at most that many of one pattern per text."""
    rank = np.arange(len(text)) - np.searchsorted(text, text, side="left")
    return np.flatnonzero(rank < 50)


_ODD = np.zeros(256, dtype=bool)  # ASCII spaces (as `str.isspace`), and `?`: what stands for other characters
_ODD[[c for c in range(128) if chr(c).isspace()] + [ord("?")]] = True


def _loose(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which texts (at `starts`..`ends` in `data`, one byte per character, `?` for any outside
    ASCII) could strip to at most 10 characters: the non-empty ones that are that short, or
    start or end with a space or a character outside ASCII (which may be a space)."""
    if not len(data):
        return np.zeros(0, dtype=np.int64)
    size = ends - starts
    some = size > 0
    edge = _ODD[data[np.where(some, starts, 0)]] | _ODD[data[np.where(some, ends - 1, 0)]]
    return np.flatnonzero(some & ((size <= 10) | edge))
