"""The built-in invoice-number pattern, recognised in columns over plain ASCII text.

Every payment text is searched with `refs.VETTED[0]`
(`\\b[A-Z]{2,5}[-/ ]?\\d{4}[-/ ]?\\d{3,8}\\b`, compiled with `refs.PATTERN_FLAGS`), and the
`regex` engine spends some 17 ns on every character doing it: a third of the time a run
takes to find references. The pattern has no literal the engine could skip ahead to, but it
is simple enough to take apart: a match is a run of two to five letters at the start of a
word, one optional separator, a run of digits, and it ends at a word boundary. So runs of
letters and of digits are found for all texts at once with numpy, and the few conditions on
their lengths decide every match; the regex's backtracking has only those outcomes (see
`invoice_number_spans`). A test compares this with the regex on random texts. The matched
texts are made in one decoding of the bytes they span (`span_texts`), not one slice each.

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


def span_texts(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    """`data[s:e]` as text (ASCII) for each span, in one decoding: the spans in order, each
    ending before the next starts (the byte at each end is in no span: it becomes the NUL
    the texts are split at)."""
    n = len(data)
    buf = np.append(data, np.uint8(0))
    edge = np.zeros(n + 1, dtype=np.int8)
    edge[starts] = 1
    edge[ends] = -1
    keep = np.cumsum(edge, dtype=np.int8).view(bool)
    keep[ends] = True
    buf[ends] = 0
    out = buf[keep].tobytes().decode("ascii").split("\x00")
    out.pop()  # after the last NUL
    return out


def invoice_number_spans(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each match of `VETTED[0]` in `data` (ASCII bytes of upper-cased text),
    in order, as `finditer` gives them.

    The text is cut into runs of letters, of digits and of anything else. At a word start (a
    run of letters after a non-word character) the letters run for `r`; only `2 <= r <= 5`
    can match (longer: a letter follows whatever `[A-Z]{2,5}` took; shorter takes leave a
    letter where a separator or digit must stand). Then digits, or one separator alone and
    then digits: `7 <= d <= 12` of them match all (`\\d{4}` and then three to eight; any
    other split leaves a digit before `\\b`) when no word character follows; `d == 4`
    followed by one separator alone and a run of three to eight digits followed by no word
    character matches up to there. Nothing else matches, and no match holds a word start but
    its first, so the matches do not depend on one another."""
    n = len(data)
    cls = np.zeros(n + 3, dtype=np.uint8)  # cls[p + 1] is data[p]'s class; none before and after
    cls[1:n + 1] = _CLASS[data]
    kind = cls & (_LETTER | _DIGIT)
    begin = np.flatnonzero(kind[1:] != kind[:-1]) + 1  # where each run but the first begins
    size = np.diff(begin, append=n + 3)
    run_kind = kind[begin]
    # three runs of nothing after the last, so that r + 1 and r + 2 are runs for every run r
    begin = np.append(begin, [n + 3] * 3)
    size = np.append(size, [0] * 3)
    run_kind = np.append(run_kind, [0] * 3)
    r = np.flatnonzero((run_kind == _LETTER) & (size >= 2) & (size <= 5))
    r = r[(cls[begin[r] - 1] & _WORD) == 0]  # at a word start
    alone = size == 1  # a run of one character
    sep_first = (run_kind[r + 1] == 0) & alone[r + 1] & ((cls[begin[r + 1]] & _SEP) != 0)
    q = r + 1 + sep_first  # the run of digits, if any
    q = np.minimum(q, len(begin) - 3)
    digits = np.where(run_kind[q] == _DIGIT, size[q], 0)
    end = begin[q] + size[q]
    end = np.minimum(end, n + 2)
    whole = (digits >= 7) & (digits <= 12) & ((cls[end] & _WORD) == 0)
    split = (digits == 4) & alone[q + 1] & ((cls[end] & _SEP) != 0) & (run_kind[q + 2] == _DIGIT) \
        & (size[q + 2] >= 3) & (size[q + 2] <= 8)
    second_end = np.minimum(begin[q + 2] + size[q + 2], n + 2)
    split &= (cls[second_end] & _WORD) == 0
    found = np.flatnonzero(whole | split)
    return begin[r[found]] - 1, np.where(whole, end, second_end)[found] - 1
