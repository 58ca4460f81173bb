"""A long reference with one typo: the invoice-number keys one edit away from it.

A payer who writes `INV-2026-00021` for `INV-2026-00012` (one substitution, insertion,
deletion or swap of two neighbours) still names the invoice. Two strings one such edit
apart share a *deletion variant* (the string itself or it with one character deleted), so
candidates are found by hashing every variant of both sides (polynomial hashes for all keys
at once with numpy) and confirmed with the optimal string alignment distance (rapidfuzz): a
hash collision costs time, never a wrong answer.

A run has 100,000 invoice keys and few queries, so the work per key decides the time: the
keys are read as character codes from one string of all of them joined (`_pool`), not one
Python string at a time, and hashed a column at a time (one character of every key in one
numpy operation), not along each key's few characters.
"""

from __future__ import annotations

from itertools import repeat
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA


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
    every, pool, codes, sizes = _pool(keys, lengths, min_length, width)
    if not len(pool):
        return out
    # 32-bit hashes: half the memory traffic of 64; a chance collision only costs an OSA check
    q_hashes = _hashes(_codes([queries[i][2:] for i in usable]), np.uint32)
    q_width = q_hashes.shape[1]
    q_flat = q_hashes.ravel()
    order = np.argsort(q_flat)
    q_sorted = q_flat[order]
    # the keys' hashes by column (variant), all keys' in a row: numpy adds rows of 100,000 in
    # one go, where it would add along each key's 14 hashes in a loop of its own
    k_flat = _hashes_by_column(np.ascontiguousarray(codes.T)).ravel()
    n_keys = len(pool)
    # a bitmap of the queries' hashes' low bits keeps the binary search to the few that may match
    bitmap = np.zeros(_BITMAP, dtype=bool)
    bitmap[q_sorted & np.uint32(_BITMAP - 1)] = True
    maybe = np.flatnonzero(bitmap[k_flat & np.uint32(_BITMAP - 1)])
    values = k_flat[maybe]
    # the queries' distinct hashes, where each run of equal ones starts and how long it is
    run_start = np.flatnonzero(np.concatenate([[True], q_sorted[1:] != q_sorted[:-1]]))
    run_length = np.diff(np.append(run_start, len(q_sorted)))
    distinct = q_sorted[run_start]
    at = np.minimum(np.searchsorted(distinct, values), len(distinct) - 1)
    left = run_start[at]
    counts = np.where(distinct[at] == values, run_length[at], 0)
    if not counts.any():
        return out
    key_rows = np.repeat(maybe % n_keys, counts)
    key_at = _deleted_at(np.repeat(maybe // n_keys, counts), sizes[key_rows])
    first = np.repeat(left - (np.cumsum(counts) - counts), counts)
    q_hit = order[first + np.arange(int(counts.sum()))]
    query_rows = q_hit // q_width
    query_at = _deleted_at(q_hit % q_width, np.array([len(queries[i]) - 2 for i in usable])[query_rows])
    # one edit: the same variant with the same character deleted on both sides (a substitution),
    # neighbours (a swap), or one side whole (an insertion or deletion); other shared variants
    # are two edits apart, so the OSA check below would refuse them anyway
    one_edit = (key_at < 0) | (query_at < 0) | (np.abs(key_at - query_at) <= 1)
    pairs = np.unique(query_rows[one_edit].astype(np.int64) * len(pool) + key_rows[one_edit])
    rows, cands = (pairs // len(pool)).tolist(), pool[pairs % len(pool)].tolist()
    found = [queries[usable[r]] for r in rows]
    near = [every[h] for h in cands]
    distance = process.cpdist([q[2:] for q in found], [k[2:] for k in near], scorer=OSA.distance,
                              score_cutoff=1, dtype=np.int32)
    for r, query, candidate, d in zip(rows, found, near, distance.tolist()):
        if d <= 1 and candidate != query:
            out[usable[r]].add(candidate)
    return out


def _pool(keys: Iterable[str], lengths: set[int], min_length: int,
          width: int) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The distinct keys in their first order (a dict's keys are distinct already); the
    positions among them of the `N:` keys of one of `lengths` with a body of `min_length` to
    `width` characters; those bodies as rows of character codes (as `_codes` makes them);
    and the bodies' lengths.

    Sizes, the `N:` test and the bodies come from all keys joined in one string, encoded one
    byte per character (latin-1, others `?`): no Python string per key."""
    every = list(keys) if isinstance(keys, dict) else list(dict.fromkeys(keys))
    nothing = np.zeros(0, dtype=np.int64)
    none = (every, nothing, np.zeros((0, 1), dtype=np.uint8), nothing)
    n = len(every)
    data = np.frombuffer("\x00".join(every).encode("latin-1", "replace"), dtype=np.uint8)
    if not len(data):
        return none
    ends = np.flatnonzero(data == 0)
    if len(ends) == n - 1:  # no key holds a NUL: the separators give the sizes
        ends = np.append(ends, len(data))
        start = np.concatenate([np.zeros(1, dtype=np.int64), ends[:-1] + 1])
        size = ends - start
    else:
        size = np.fromiter(map(len, every), dtype=np.int64, count=n)
        start = np.cumsum(size + 1) - (size + 1)
    last = len(data) - 1
    named = (size >= 2) & (data[np.minimum(start, last)] == ord("N")) & (data[np.minimum(start + 1, last)] == ord(":"))
    wanted = np.isin(size, np.fromiter(lengths, dtype=np.int64, count=len(lengths)))
    pool = np.flatnonzero(wanted & named & (size - 2 >= min_length) & (size - 2 <= width))
    if not len(pool):
        return none
    body, body_size = start[pool] + 2, size[pool] - 2
    longest = max(int(body_size.max()), 1)
    # each body's first `longest` codes, read through a sliding window (no index matrix)
    window = np.lib.stride_tricks.sliding_window_view(np.append(data, np.zeros(longest, dtype=np.uint8)), longest)
    codes = window[body]
    if int(body_size.min()) != longest:
        codes[np.arange(longest) >= body_size[:, None]] = 0  # zero-padded, as `_codes` pads
    return every, pool, codes, body_size


def _deleted_at(column: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Which character a column of `_hashes` deletes: column - 1, or -1 for the whole word
    (column 0, and the columns past the word's end)."""
    return np.where((column >= 1) & (column <= size), column - 1, -1)


_BITMAP = 2**22
_BASE = 1099511628211  # odd, so it has an inverse modulo 2**64 and 2**32
_BASE_INV = {np.uint64: np.uint64(pow(_BASE, -1, 2**64)), np.uint32: np.uint32(pow(_BASE, -1, 2**32))}
_POWERS = {dtype: np.array([pow(_BASE, j, 2**bits) for j in range(40)], dtype=dtype)
           for dtype, bits in ((np.uint64, 64), (np.uint32, 32))}


def _codes(words: Sequence[str]) -> np.ndarray:
    """The words' characters as a (words, longest) matrix of codes (latin-1, others `?`),
    zero-padded: `_pool`'s matrix for a list of strings."""
    n = len(words)
    sizes = list(map(len, words))
    width = max(max(sizes), 1)
    padded = words if min(sizes) == width else map(str.ljust, words, repeat(width, n), repeat("\0", n))
    return np.frombuffer("".join(padded).encode("latin-1", "replace"), dtype=np.uint8).reshape(n, width)


def _deletion_hashes(words: Sequence[str]) -> np.ndarray:
    """Per word: its hash, then the hash of the word with character i deleted, for each i."""
    if not words:
        return np.zeros((0, 2), dtype=np.uint64)
    return _hashes(_codes(words))


def _hashes_by_column(codes_t: np.ndarray, dtype=np.uint32) -> np.ndarray:
    """The deletion hashes (`_hashes`) laid out by column: the words' codes given by column
    (character j of every word in row j), their hashes by column (variant i of every word in
    row i), computed a row of all words at a time (numpy adds rows of 100,000 in one go,
    where it would add along each word's few characters in a loop of its own).

    h(s) = sum(s[j] * B**j); deleting i: sum over j < i of s[j] * B**j plus the sum over
    j > i of s[j] * B**(j - 1). Positions past a word's end (code 0) give its own hash.
    """
    width, n = codes_t.shape
    out = np.empty((width + 1, n), dtype=dtype)
    prefix = np.empty((width, n), dtype=dtype)
    with np.errstate(over="ignore"):
        for j in range(width):  # j <= i
            np.multiply(codes_t[j], _POWERS[dtype][j], out=prefix[j], dtype=dtype)
            if j:
                prefix[j] += prefix[j - 1]
        total = prefix[-1]
        out[0] = total
        deleted = out[1:]
        np.subtract(total, prefix, out=deleted)  # j > i
        deleted *= _BASE_INV[dtype]
        deleted[1:] += prefix[:-1]  # j < i
    return out


def _hashes(codes: np.ndarray, dtype=np.uint64) -> np.ndarray:
    """`_deletion_hashes` of the words whose character codes `codes` holds (a row per word),
    modulo 2**64 (or 2**32 for `dtype` uint32): a row per word."""
    return np.ascontiguousarray(_hashes_by_column(np.ascontiguousarray(codes.T), dtype).T)
