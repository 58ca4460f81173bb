"""References in remittance text: invoice numbers, RF creditor references, variable symbols.

A payer writes `INV-2026-00012`, `inv 2026 00012`, `RF47INV202600012`, `VS 202600012` or
`/INV/INV-2026-00012/` (Polish split payment). Every form is reduced to a *key* that an
invoice number reduces to as well, so that finding candidates is an exact join:

* `N:<letters and digits, upper case>` for invoice numbers and named references;
* `D:<digits, leading zeros dropped>` for digit-only references (Czech variable symbol);

RF references (ISO 11649) are accepted only with valid check digits (python-stdnum); their
body is an invoice-number key. Admin-written patterns run with the `regex` package under a
timeout, so a catastrophic pattern costs at most the timeout per text, never a hang. The
built-in patterns (`VETTED`: only bounded repeats, or one unbounded run of a class that what
follows it cannot start with, so their work is linear in the text) run without one: the
timeout's clock checks cost as much again as the search itself.

A long reference with one typo (one substitution, insertion, deletion or swap of two
neighbours) is found through a symmetric-deletion index and confirmed with the optimal
string alignment distance (rapidfuzz).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

import regex
from rapidfuzz import process
from rapidfuzz.distance import OSA
from stdnum.iso7064 import mod_97_10

from backoffice_auto.payments.rules_model import MatchingRules

_NON_ALNUM = regex.compile(r"[^0-9A-Z]+")
_NON_DIGIT = regex.compile(r"[^0-9]+")
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


def is_vetted(pattern: "regex.Pattern") -> bool:
    """Whether `pattern` is one of ours (same text, same flags), so safe without a timeout."""
    return (pattern.pattern, pattern.flags) in _LINEAR


def norm_key(text: str) -> str:
    """`inv-2026/00012` -> `N:INV202600012` (empty text gives an empty key)."""
    body = _NON_ALNUM.sub("", text.upper())
    return "N:" + body if body else ""


def digits_key(text: str) -> str:
    body = _NON_DIGIT.sub("", text).lstrip("0")
    return "D:" + body if body else ""


def invoice_keys(invoice_number: str) -> tuple[str, ...]:
    """The keys under which an invoice is found: its number, and its digits (at most 10)."""
    keys = [norm_key(invoice_number)]
    digits = digits_key(invoice_number)
    if digits and len(digits) - 2 <= 10:
        keys.append(digits)
    return tuple(k for k in keys if k)


def keys_of(raw: pd.Series, kind) -> pd.Series:
    """`norm_key`/`digits_key` for a whole column at once; `kind` per row or one for all.

    RF references (`kind` structured) must have valid check digits, else their key is empty.
    """
    upper = raw.astype(str).str.upper()
    texts = upper.tolist()
    present = [i for i, t in enumerate(texts) if isinstance(t, str)]  # missing values stay missing
    names_list, digits_list = list(texts), list(texts)
    if len(present) == len(texts):
        names_list = ["N:" + t for t in _strip_each(texts, _DROP_NON_ALNUM)]
        digits_list = ["D:" + t.lstrip("0") for t in _strip_each(texts, _DROP_NON_DIGIT)]
    else:
        given = [texts[i] for i in present]
        for i, t in zip(present, _strip_each(given, _DROP_NON_ALNUM)):
            names_list[i] = "N:" + t
        for i, t in zip(present, _strip_each(given, _DROP_NON_DIGIT)):
            digits_list[i] = "D:" + t.lstrip("0")
    names = pd.Series(names_list, index=raw.index, dtype=upper.dtype)
    digits = pd.Series(digits_list, index=raw.index, dtype=upper.dtype)
    if isinstance(kind, str):
        return digits if kind == "digits" else names
    out = names.where(kind != "digits", digits)
    structured = (kind == "structured").to_numpy()
    if structured.any():
        compact = upper[structured].str.replace(" ", "", regex=False)
        out[structured] = ["N:" + c[4:] if rf_valid(c) else "" for c in compact.tolist()]
    return out


def column_keys(texts: Sequence[str], kinds: Sequence[str] | str) -> list[str]:
    """`keys_of` for a list of texts, as a list: the same keys, made in a few passes over
    all texts joined by NUL (upper-cased, non-ASCII dropped, `bytes.translate`) instead of
    one regex pass per text. Falls back to `keys_of` for missing values or texts with NULs."""
    n = len(texts)
    if not n:
        return []
    one_kind = kinds if isinstance(kinds, str) else None
    if not set(map(type, texts)) <= {str} or "\x00".join(texts).count("\x00") != n - 1:
        return keys_of(pd.Series(list(texts), dtype=object),
                       one_kind or pd.Series(list(kinds), dtype=object)).tolist()
    if one_kind is not None:
        if one_kind == "digits":
            return _digit_keys(texts)
        return _name_keys(texts)
    out = _name_keys(texts)
    kind = np.array(kinds, dtype=object)
    digit_rows = np.flatnonzero(kind == "digits").tolist()
    if digit_rows:
        for i, key in zip(digit_rows, _digit_keys([texts[i] for i in digit_rows])):
            out[i] = key
    for i in np.flatnonzero(kind == "structured").tolist():
        compact = texts[i].upper().replace(" ", "")
        out[i] = "N:" + compact[4:] if rf_valid(compact) else ""
    return out


_KEEP_NAME = bytes(range(48, 58)) + bytes(range(65, 91)) + b"\x00"
_DELETE_NAME = bytes(b for b in range(256) if b not in _KEEP_NAME)
_DELETE_DIGIT = bytes(b for b in range(256) if b not in bytes(range(48, 58)) + b"\x00")
_LEADING_ZEROS = re.compile(rb"(?<![0-9])0+")


def _name_keys(texts: Sequence[str]) -> list[str]:
    body = "\x00".join(texts).upper().encode("ascii", "ignore").translate(None, _DELETE_NAME)
    return (b"N:" + body.replace(b"\x00", b"\x00N:")).decode("ascii").split("\x00")


def _digit_keys(texts: Sequence[str]) -> list[str]:
    body = "\x00".join(texts).upper().encode("ascii", "ignore").translate(None, _DELETE_DIGIT)
    body = _LEADING_ZEROS.sub(b"", body)
    return (b"D:" + body.replace(b"\x00", b"\x00D:")).decode("ascii").split("\x00")


_DROP_NON_ALNUM = re.compile("[^0-9A-Z\x00]+")
_DROP_NON_DIGIT = re.compile("[^0-9\x00]+")


def _strip_each(texts: list[str], drop: "re.Pattern[str]") -> list[str]:
    """`drop` removed from every text, in one pass over all of them joined by NUL (which
    `drop` keeps); texts that hold a NUL themselves are done one by one."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [drop.sub("", t).replace("\x00", "") for t in texts]
    return drop.sub("", joined).split("\x00")


def rf_valid(compact: str) -> bool:
    """ISO 11649 check (as `stdnum.iso11649.is_valid`, which the tests compare it with)."""
    if len(compact) < 5 or len(compact) > 25 or not compact.startswith("RF") or not compact.isalnum() \
            or not compact[2:4].isdigit() or not compact.isascii():
        return False
    moved = compact[4:] + compact[:4]
    return int(moved.translate(_BASE36)) % 97 == 1


_BASE36 = {ord(ch): str(int(ch, 36)) for ch in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def rf_reference(invoice_number: str) -> str | None:
    """The ISO 11649 creditor reference made from an invoice number (`RF` + check + body)."""
    body = _NON_ALNUM.sub("", invoice_number.upper())
    if not body or len(body) > 21:
        return None
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


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

    CHUNK = 2000
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
        cols: list[tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]] = []  # text, pattern, place, raw
        for first in range(0, len(texts), self.CHUNK):
            self._chunk_columns(self._prepared(texts[first:first + self.CHUNK]), first, cols)
        if not cols:
            return [], [], [], []
        ts = np.concatenate([c[0] for c in cols])
        orders = np.concatenate([c[1] for c in cols])
        places = np.concatenate([c[2] for c in cols])
        raws = [raw for c in cols for raw in c[3]]
        idx = np.lexsort((places, orders, ts))
        orders_l = orders[idx].tolist()
        return (ts[idx].tolist(), [self.patterns[o][1] for o in orders_l], [self.patterns[o][0] for o in orders_l],
                [raws[i] for i in idx.tolist()])

    def _prepared(self, part: Sequence[str | None]) -> list[str]:
        """`[(t or "")[:max_text].upper() for t in part]`, upper-cased all at once when that
        maps each character to one (the usual case) and no text holds the unit separator."""
        part = [t or "" for t in part] if None in part else list(part)
        if part and max(map(len, part)) <= self.max_text:
            joined = "\x1f".join(part)
            upper = joined.upper()
            if len(upper) == len(joined) and joined.count("\x1f") == len(part) - 1:
                return upper.split("\x1f")
        return [t[: self.max_text].upper() for t in part]

    def _chunk_columns(self, chunk: list[str], first: int, cols: list) -> None:
        """`_chunk` in columns: match positions mapped to texts with numpy, not one by one."""
        lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        starts = np.zeros(len(chunk), dtype=np.int64)
        np.cumsum(lengths[:-1] + len(self.SEP), out=starts[1:])
        ends = starts + lengths
        big = self.SEP.join(chunk)
        for order, (name, kind, pattern) in enumerate(self.patterns):
            try:
                matches = list(pattern.finditer(big, timeout=self._limit(pattern, len(chunk))))
            except TimeoutError:
                matches, redo = [], np.arange(len(chunk))
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
                    redo = redo[redo < len(chunk)]
                keep = ~across & ~np.isin(text, redo)
                # at most 50 findings of one pattern per text (the first ones)
                kept = np.flatnonzero(keep)
                rank = np.arange(len(kept)) - np.searchsorted(text[kept], text[kept], side="left")
                kept = kept[rank < 50]
                group = 1 if pattern.groups else 0
                raws = list(map(match_type.group, [matches[k] for k in kept.tolist()], repeat(group, len(kept))))
                cols.append((text[kept] + first, np.full(len(kept), order), np.arange(len(kept)), raws))
            for i in redo.tolist():
                found = self._one(pattern, chunk[i])
                cols.append((np.full(len(found), first + i), np.full(len(found), order), np.arange(len(found)), found))

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


class TypoIndex:
    """Invoice-number keys within one edit of a token: hashed deletions, then OSA distance.

    Each key is hashed whole and with each of its characters deleted (polynomial hashes
    computed for all keys at once with numpy); two strings one substitution, insertion,
    deletion or neighbour swap apart share one of these hashes. Candidates are confirmed
    with the optimal string alignment distance, so a hash collision costs time, not
    correctness.
    """

    WIDTH = 40

    def __init__(self, keys: Iterable[str], min_length: int):
        self.min_length = min_length
        self.keys = [k for k in dict.fromkeys(keys)
                     if k.startswith("N:") and min_length <= len(k) - 2 <= self.WIDTH]
        hashes = _deletion_hashes([k[2:] for k in self.keys])  # (n, longest + 1)
        rows = np.repeat(np.arange(len(self.keys)), hashes.shape[1])
        flat = hashes.ravel()
        order = np.argsort(flat, kind="stable")
        self.sorted_hashes = flat[order]
        self.rows = rows[order]

    def lookup_many(self, keys: Sequence[str]) -> list[set[str]]:
        out: list[set[str]] = [set() for _ in keys]
        usable = [i for i, k in enumerate(keys)
                  if k.startswith("N:") and self.min_length <= len(k) - 2 <= self.WIDTH]
        if not usable or not self.keys:
            return out
        hashes = _deletion_hashes([keys[i][2:] for i in usable])
        left = np.searchsorted(self.sorted_hashes, hashes, side="left")
        right = np.searchsorted(self.sorted_hashes, hashes, side="right")
        for row, i in enumerate(usable):
            body = keys[i][2:]
            for lo, hi in zip(left[row].tolist(), right[row].tolist()):
                for r in self.rows[lo:hi].tolist():
                    candidate = self.keys[r]
                    if candidate != keys[i] and OSA.distance(body, candidate[2:], score_cutoff=1) <= 1:
                        out[i].add(candidate)
        return out

    def lookup(self, key: str) -> set[str]:
        return self.lookup_many([key])[0]


def near_keys(keys: Iterable[str], queries: Sequence[str], min_length: int) -> list[set[str]]:
    """`TypoIndex(keys, min_length).lookup_many(queries)`, indexed the other way round.

    A run has many invoice keys and few queries (the references no key found exactly):
    sorting the queries' deletion hashes and looking every key's hashes up among them
    costs a `searchsorted`, where indexing the keys would sort all of theirs. Same hashes,
    same confirmation with the OSA distance, so the same answer.
    """
    width = TypoIndex.WIDTH
    out: list[set[str]] = [set() for _ in queries]
    usable = [i for i, k in enumerate(queries) if k.startswith("N:") and min_length <= len(k) - 2 <= width]
    if not usable:
        return out
    lengths = {len(queries[i]) for i in usable}
    lengths |= {n + 1 for n in lengths} | {n - 1 for n in lengths}  # one edit changes the length by one at most
    pool = _pool(keys, lengths, min_length, width)
    if not pool:
        return out
    q_hashes = _deletion_hashes([queries[i][2:] for i in usable])
    q_flat = q_hashes.ravel()
    q_rows = np.repeat(np.arange(len(usable)), q_hashes.shape[1])
    order = np.argsort(q_flat, kind="stable")
    q_sorted, q_rows = q_flat[order], q_rows[order]
    k_hashes = _deletion_hashes([k[2:] for k in pool])
    k_flat = k_hashes.ravel()
    # a bitmap of the queries' hashes' low bits keeps the binary search to the few that may match
    mask = np.uint64(_BITMAP - 1)
    bitmap = np.zeros(_BITMAP, dtype=bool)
    bitmap[(q_sorted & mask).astype(np.intp)] = True
    maybe = np.flatnonzero(bitmap[(k_flat & mask).astype(np.intp)])
    values = k_flat[maybe]
    left = np.searchsorted(q_sorted, values, side="left")
    right = np.searchsorted(q_sorted, values, side="right")
    counts = right - left
    if not counts.any():
        return out
    key_rows = np.repeat(maybe // k_hashes.shape[1], counts)
    first = np.repeat(left - (np.cumsum(counts) - counts), counts)
    query_rows = q_rows[first + np.arange(int(counts.sum()))]
    pairs = np.unique(query_rows.astype(np.int64) * len(pool) + key_rows)
    rows, cands = (pairs // len(pool)).tolist(), (pairs % len(pool)).tolist()
    found = [queries[usable[r]] for r in rows]
    near = [pool[h] for h in cands]
    distance = process.cpdist([q[2:] for q in found], [k[2:] for k in near], scorer=OSA.distance,
                              score_cutoff=1, dtype=np.int32)
    for r, query, candidate, d in zip(rows, found, near, distance.tolist()):
        if d <= 1 and candidate != query:
            out[usable[r]].add(candidate)
    return out


def _pool(keys: Iterable[str], lengths: set[int], min_length: int, width: int) -> list[str]:
    """The distinct `N:` keys of one of `lengths` and a body of `min_length` to `width`
    characters, in their first order: filtered in columns (a dict's keys are distinct already)."""
    every = list(keys) if isinstance(keys, dict) else list(dict.fromkeys(keys))
    if not every:
        return []
    n = len(every)
    size = np.fromiter(map(len, every), dtype=np.int64, count=n)
    named = np.fromiter(map(str.startswith, every, repeat("N:", n)), dtype=bool, count=n)
    wanted = np.isin(size, np.fromiter(lengths, dtype=np.int64, count=len(lengths)))
    keep = np.flatnonzero(wanted & named & (size - 2 >= min_length) & (size - 2 <= width)).tolist()
    return every if len(keep) == n else [every[i] for i in keep]


_BITMAP = 2**22
_BASE = np.uint64(1099511628211)  # odd, so it has an inverse modulo 2**64
_BASE_INV = np.uint64(pow(1099511628211, -1, 2**64))
_POWERS = np.array([pow(1099511628211, j, 2**64) for j in range(40)], dtype=np.uint64)


def _deletion_hashes(words: Sequence[str]) -> np.ndarray:
    """Per word: its hash, then the hash of the word with character i deleted, for each i.

    h(s) = sum(s[j] * B**j) mod 2**64; deleting i: sum over j < i of s[j] * B**j plus the
    sum over j > i of s[j] * B**(j - 1). Positions past a word's end give its own hash.
    """
    n = len(words)
    if n == 0:
        return np.zeros((0, 2), dtype=np.uint64)
    sizes = list(map(len, words))
    width = max(max(sizes), 1)
    padded = words if min(sizes) == width else map(str.ljust, words, repeat(width, n), repeat("\0", n))
    codes = np.zeros((n, width), dtype=np.uint64)
    encoded = np.frombuffer("".join(padded).encode("latin-1", "replace"), dtype=np.uint8).reshape(n, width)
    codes[:] = encoded
    powers = _POWERS[:width]
    with np.errstate(over="ignore"):
        terms = codes * powers
        prefix = np.cumsum(terms, axis=1, dtype=np.uint64)  # prefix[:, i] = sum over j <= i
        total = prefix[:, -1:]
        before = np.concatenate([np.zeros((n, 1), dtype=np.uint64), prefix[:, :-1]], axis=1)  # j < i
        after = total - prefix  # j > i
        deleted = before + after * _BASE_INV
    return np.concatenate([total, deleted], axis=1)
