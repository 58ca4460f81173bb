"""Open invoices' numbers written as they are in payment texts, found with no pattern.

Why: the rules' patterns describe the usual numbering (`INV-2026-00012`), but a company whose
numbers read `2026/0042` or `FV-12/2026`, or a payer who writes `F2026-17`, should not need a
pattern written first for a payment naming an invoice exactly. Only what an open invoice has
exactly counts, so no other word becomes a reference (and none goes to the typo look-up).

What counts as written: a *part* is a run of ASCII letters and digits; a *word* is parts
joined by single `-`, `/` or `.`. A word, or a run of up to `RUN_PARTS` of its parts
(`/INV/2026/0042/TXT/` holds `2026/0042`), is a number when an open invoice's `N:` key is
its key and it has at least `KNOWN_MIN_LENGTH` letters and digits, a digit among them. Of
overlapping finds in one word the longest counts. A find that stands as a date, an amount
or an account number (`lookalike`) does not count: `platba ze dne 2026-11-03` names no invoice
`20261103`, `2026512,40 Kč` no invoice `2026512`. Only the first `MAX_PARTS` parts of a text
are read (a word running past them is not): a hostile text costs no more than a plain one.

How: every text is read as bytes (one per character, `?` for the rest) and the parts, words
and runs are found for all texts at once with numpy; the runs' keys are made in one pass of
bytes (as `keys.row_keys` makes them) and looked up; only the few found are handled one by
one. A test compares this with the plain text-by-text reading.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

KNOWN_MIN_LENGTH = 5  # fewest letters and digits (a digit among them) of a number found as written
RUN_PARTS = 6  # a number inside a longer word: runs of at most this many of its parts are tried
MAX_PARTS = 60  # parts read per text

_ALNUM = np.zeros(256, dtype=bool)
_ALNUM[list(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] = True
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[list(b"0123456789")] = True
_JOIN = np.zeros(256, dtype=bool)
_JOIN[list(b"-/.")] = True
_KEEP = bytes(range(48, 58)) + bytes(range(65, 91)) + b"\x00"
_DELETE = bytes(b for b in range(256) if b not in _KEEP)


def known_numbers(texts: Sequence[str | None], rows: Sequence[int], single: dict[str, int],
                  max_text: int) -> tuple[list[int], list[str], list[str]]:
    """The open invoices' numbers written as they are in the texts `rows` (each cut at
    `max_text`): per number found, the text's index, the number as written and its key
    (`single` holds the open invoices' keys); per text in the order they stand, each key once."""
    rows = [t for t in rows if texts[t]]
    if not rows:
        return [], [], []
    parts_of = [texts[t][:max_text] for t in rows]  # type: ignore[index]
    big = "\x1f".join(parts_of)  # a separator neither a part nor a join: no word runs across texts
    data = np.frombuffer(big.encode("ascii", "replace"), dtype=np.uint8)
    if len(data) != len(big):
        return [], [], []  # (cannot be: one byte per character)
    starts = np.zeros(len(rows), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, parts_of), dtype=np.int64, count=len(rows))[:-1] + 1, out=starts[1:])
    pieces = _pieces(data, starts)
    if pieces is None:
        return [], [], []
    word, p_start, p_end = pieces
    keys = _keys(data, p_start, p_end)
    found = np.flatnonzero(np.fromiter(map(single.__contains__, keys), dtype=bool, count=len(keys)))
    out_t: list[int] = []
    out_raw: list[str] = []
    out_key: list[str] = []
    if not len(found):
        return out_t, out_raw, out_key
    by_word: dict[int, tuple[int, list[tuple[int, int, str]]]] = {}  # word -> its text, its finds
    text_of = (np.searchsorted(starts, p_start[found], side="right") - 1).tolist()
    for i, w, a, b, k in zip(found.tolist(), word[found].tolist(), p_start[found].tolist(), p_end[found].tolist(),
                             text_of):
        by_word.setdefault(w, (k, []))[1].append((a, b, keys[i]))
    seen: set[tuple[int, str]] = set()
    for w in sorted(by_word):
        k, finds = by_word[w]
        chosen: list[tuple[int, int, str]] = []
        for a, b, key in sorted(finds, key=lambda f: (f[0] - f[1], f[0])):  # longest first
            if all(b <= x or a >= y for x, y, _ in chosen) and not lookalike(big, a, b):
                chosen.append((a, b, key))
        t = rows[k]
        for a, b, key in sorted(chosen):
            if (t, key) not in seen:
                seen.add((t, key))
                out_t.append(t)
                out_raw.append(big[a:b])
                out_key.append(key)
    return out_t, out_raw, out_key


# dates as `03.11.2026`, `3-11-2026`, `2026-11-03`, `2026/11/03`; not `03/11/2026`, which is also
# how Polish invoices are numbered (number/month/year)
_DATE = re.compile(r"(\d{1,2})([.-])(\d{1,2})\2(?:19|20)\d\d|(?:19|20)\d\d([./-])(\d{1,2})\4(\d{1,2})")
_AMOUNT_AFTER = re.compile(r"[.,]\d{1,3}(?![0-9])")  # decimals: `2026512,40`
_BANK_CODE_AFTER = re.compile(r"/\d{4}(?![0-9A-Za-z])")  # a Czech account's bank code: `2026778899/0800`
_DATE_CHARS = frozenset("0123456789./-")


def lookalike(text: str, a: int, b: int) -> bool:
    """Whether `text[a:b]` (an open invoice's number written there) stands as something else
    that payers write: inside a date (`2026-11-03` or `03.11.2026` for invoice `20261103`;
    `03/11/2026` is left alone, see `_DATE`), as the whole part
    of an amount (`2026512,40`), or as an account number before its bank code
    (`2026778899/0800`). Such a number is not taken for a reference."""
    lo, hi = a, b
    while lo > 0 and text[lo - 1] in _DATE_CHARS:
        lo -= 1
    while hi < len(text) and text[hi] in _DATE_CHARS:
        hi += 1
    for m in _DATE.finditer(text, lo, hi):
        if m.start() < b and m.end() > a:
            day, month = (m.group(1), m.group(3)) if m.group(1) else (m.group(6), m.group(5))
            if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
                return True
    if not text[a:b].isdigit():
        return False
    return bool(_AMOUNT_AFTER.match(text, b) or _BANK_CODE_AFTER.match(text, b))


def _pieces(data: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Per candidate (a word, or a run of its parts, long enough and holding a digit): its
    word's number, and its start and end in `data`. None when there is none."""
    alnum = _ALNUM[data]
    edge = np.diff(alnum.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    part_start = np.flatnonzero(edge == 1)
    part_end = np.flatnonzero(edge == -1)
    if not len(part_start):
        return None
    # only the first MAX_PARTS parts of each text
    text = np.searchsorted(starts, part_start, side="right") - 1
    first_of_text = np.searchsorted(text, np.arange(len(starts)), side="left")
    read = (np.arange(len(part_start)) - first_of_text[text]) < MAX_PARTS
    # a part joined to the one before by one `-`, `/` or `.` belongs to its word
    joined = np.zeros(len(part_start), dtype=bool)
    joined[1:] = (part_start[1:] == part_end[:-1] + 1) & _JOIN[data[np.minimum(part_end[:-1], len(data) - 1)]]
    word = np.cumsum(~joined) - 1
    n_words = int(word[-1]) + 1
    size = np.bincount(word, minlength=n_words)  # parts per word
    whole_read = np.bincount(word, weights=read, minlength=n_words).astype(np.int64) == size
    first = np.flatnonzero(~joined)  # each word's first part
    ok = np.flatnonzero(whole_read[word])  # the parts of the words read
    room = size[word[ok]] - (ok - first[word[ok]])  # parts from each to its word's end
    cand_word, cand_a, cand_z = [], [], []  # runs: first and last part
    for length in range(1, RUN_PARTS + 1):
        i = ok[room >= length]
        cand_word.append(word[i])
        cand_a.append(i)
        cand_z.append(i + length - 1)
    long_words = np.flatnonzero((size > RUN_PARTS) & whole_read)  # the whole of a longer word
    cand_word.append(long_words)
    cand_a.append(first[long_words])
    cand_z.append(first[long_words] + size[long_words] - 1)
    w, a, z = np.concatenate(cand_word), np.concatenate(cand_a), np.concatenate(cand_z)
    # letters and digits in each run (running counts over the parts), and digits (over the bytes)
    chars = np.concatenate([[0], np.cumsum(part_end - part_start)])
    digits = np.concatenate([[0], np.cumsum(_DIGIT[data], dtype=np.int32)])
    start, end = part_start[a], part_end[z]
    keep = ((chars[z + 1] - chars[a]) >= KNOWN_MIN_LENGTH) & (digits[end] > digits[start])
    return w[keep], start[keep], end[keep]


def _keys(data: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[str]:
    """`keys.norm_key` of each span of `data` (ASCII letters, digits and joins only): the
    spans copied into one buffer, NUL after each, upper-cased and stripped in one pass."""
    if not len(start):
        return []
    size = end - start + 1  # with the NUL
    total = int(size.sum())
    offset = np.repeat(np.cumsum(size) - size, size)
    index = np.repeat(start, size) + (np.arange(total) - offset)
    buf = np.append(data, np.uint8(0))
    index[np.cumsum(size) - 1] = len(data)  # the NUL
    body = buf[index].tobytes().upper().translate(None, _DELETE)
    out = (b"N:" + body.replace(b"\x00", b"\x00N:")).decode("ascii").split("\x00")
    out.pop()  # after the last NUL
    return out
