"""The built-in invoice-number pattern, recognised in columns over plain ASCII text.

Every payment text is searched with `refs.VETTED[0]`
(`\\b[A-Z]{2,5}[-/ ]?\\d{4}[-/ ]?\\d{3,8}\\b`, compiled with `refs.PATTERN_FLAGS`), and the
`regex` engine spends some 17 ns on every character doing it: a third of the time a run
takes to find references. The pattern has no literal the engine could skip ahead to, but it
is simple enough to take apart: a match is a run of two to five letters at the start of a
word, one optional separator, a run of digits, and it ends at a word boundary. So runs of
letters and of digits are found for all texts at once with numpy, and the few conditions on
their lengths decide every match; the regex's backtracking has only those outcomes (see
`invoice_number_spans`). A test compares this with the regex on random texts.

Only for text made of ASCII characters (upper-cased, so no lower-case letters there): there
`\\w`, `\\d` and `[A-Z]` under IGNORECASE mean `[0-9A-Za-z_]`, `[0-9]` and `[A-Za-z]`. The
callers search the texts holding anything else (a `?` in the bytes they pass) with the regex.
"""

from __future__ import annotations

import numpy as np

_LETTER, _DIGIT, _WORD, _SEP = 1, 2, 4, 8
_CLASS = np.zeros(256, dtype=np.uint8)  # what each ASCII byte is to the pattern
for _c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
    _CLASS[_c] = _LETTER | _WORD
for _c in b"0123456789":
    _CLASS[_c] = _DIGIT | _WORD
_CLASS[ord("_")] = _WORD
for _c in b"-/ ":
    _CLASS[_c] = _SEP


def _runs(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of ones in `flags` (0/1, zero at both ends) starts, and where it ends."""
    step = np.diff(flags)
    return np.flatnonzero(step == 1) + 1, np.flatnonzero(step == 255) + 1


def invoice_number_spans(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each match of `VETTED[0]` in `data` (ASCII bytes of upper-cased text),
    in order, as `finditer` gives them.

    At a word start (a letter after a non-word character) the letters run for `r`; only
    `2 <= r <= 5` can match (longer: a letter follows whatever `[A-Z]{2,5}` took; shorter
    takes leave a letter where a separator or digit must stand). An optional separator, then
    the digits there run for `d`: `7 <= d <= 12` matches all of them when no word character
    follows (`\\d{4}` and then three to eight; any other split leaves a digit before `\\b`);
    `d == 4` followed by a separator and a run of three to eight digits followed by no word
    character matches up to there. Nothing else matches, and no match holds a word start
    but its first, so the matches do not depend on one another."""
    n = len(data)
    cls = np.zeros(n + 3, dtype=np.uint8)  # cls[p + 1] is data[p]'s class; none before and after
    cls[1:n + 1] = _CLASS[data]
    starts, ends = _runs(cls & _LETTER)
    size = ends - starts
    word_start = (cls[starts - 1] & _WORD) == 0
    fit = np.flatnonzero((size >= 2) & (size <= 5) & word_start)
    starts, after = starts[fit], ends[fit]
    first_digit = after + ((cls[after] & _SEP) != 0)
    d_starts, d_ends = _runs((cls & _DIGIT) >> 1)
    run_end = np.zeros(n + 3, dtype=np.int64)  # at a digit run's start: its end; elsewhere 0
    run_end[d_starts] = d_ends
    end = run_end[first_digit]
    digits = end - first_digit  # negative where no run starts there
    whole = (digits >= 7) & (digits <= 12) & ((cls[end] & _WORD) == 0)
    split = (digits == 4) & ((cls[end] & _SEP) != 0)
    second = np.where(split, end + 1, 0)
    second_end = run_end[second]
    size2 = second_end - second
    split &= (size2 >= 3) & (size2 <= 8) & ((cls[second_end] & _WORD) == 0)
    found = np.flatnonzero(whole | split)
    return starts[found] - 1, np.where(whole, end, second_end)[found] - 1
