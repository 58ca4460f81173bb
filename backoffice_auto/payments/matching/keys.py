"""Reference keys: what an invoice number and a reference found in a payment reduce to.

Finding candidates is an exact join on these keys (`candidates`), so the invoices' side and
the payments' side must reduce every form the same way:

* `N:<letters and digits, upper case>` for invoice numbers and named references;
* `D:<digits, leading zeros dropped>` for digit-only references (Czech variable symbol);
* an ISO 11649 RF creditor reference counts only with valid check digits (python-stdnum),
  and its body is an invoice-number key.

Why a module of its own: the keys are made one by one (`norm_key`, for the decider and the
outgoing payments) and for whole columns (`column_keys`, `row_keys`, `keys_of`, for the
100,000 texts and invoices of a run), and the column forms must equal the one-by-one ones,
which the tests check; `refs` finds the references these keys are made from.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd
import regex
from stdnum.iso7064 import mod_97_10

_NON_ALNUM = regex.compile(r"[^0-9A-Z]+")
_NON_DIGIT = regex.compile(r"[^0-9]+")


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
    if isinstance(kinds, str):
        if not texts:
            return []
        joined = _plain(texts)
        if joined is None:
            return keys_of(pd.Series(list(texts), dtype=object), kinds).tolist()
        return _digit_keys(joined) if kinds == "digits" else _name_keys(joined)
    kind = np.array(kinds, dtype=object)
    return row_keys(texts, np.flatnonzero(kind == "digits"), np.flatnonzero(kind == "structured"))


def row_keys(texts: Sequence[str], digit_rows: np.ndarray, structured_rows: np.ndarray) -> list[str]:
    """`column_keys` with the kinds given as the rows of digit and of structured references
    (the others are invoice numbers): a run's findings come with their kinds as numbers."""
    if not texts:
        return []
    joined = _plain(texts)
    if joined is None:
        kind = np.full(len(texts), "invoice_number", dtype=object)
        kind[digit_rows] = "digits"
        kind[structured_rows] = "structured"
        return keys_of(pd.Series(list(texts), dtype=object), pd.Series(kind, dtype=object)).tolist()
    out = _name_keys(joined)
    digit_rows = digit_rows.tolist()
    if digit_rows:
        for i, key in zip(digit_rows, _digit_keys("\x00".join([texts[i] for i in digit_rows]))):
            out[i] = key
    rows = structured_rows.tolist()
    if rows:
        compacts = "\x00".join([texts[i] for i in rows]).upper().replace(" ", "").split("\x00")
        for i, compact, valid in zip(rows, compacts, rf_valid_many(compacts).tolist()):
            out[i] = "N:" + compact[4:] if valid else ""
    return out


def _plain(texts: Sequence[str]) -> str | None:
    """The texts joined by NUL for `_name_keys` and `_digit_keys`; None unless all are
    strings and none holds a NUL. (`join` refuses anything but strings: no pass of its own
    to look at their types. A subclass of `str` is joined as the text it holds.)"""
    try:
        joined = "\x00".join(texts)
    except TypeError:
        return None
    return joined if joined.count("\x00") == len(texts) - 1 else None


_KEEP_NAME = bytes(range(48, 58)) + bytes(range(65, 91)) + b"\x00"
_DELETE_NAME = bytes(b for b in range(256) if b not in _KEEP_NAME)
_DELETE_DIGIT = bytes(b for b in range(256) if b not in bytes(range(48, 58)) + b"\x00")
_LEADING_ZEROS = re.compile(rb"(?<![0-9])0+")


def _name_keys(joined: str) -> list[str]:
    """The `N:` key of each text in `joined` (texts joined by NUL, none holding one)."""
    body = joined.upper().encode("ascii", "ignore").translate(None, _DELETE_NAME)
    return (b"N:" + body.replace(b"\x00", b"\x00N:")).decode("ascii").split("\x00")


def _digit_keys(joined: str) -> list[str]:
    """The `D:` key of each text in `joined` (as `_name_keys`)."""
    body = joined.upper().encode("ascii", "ignore").translate(None, _DELETE_DIGIT)
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
_VALUE36 = np.full(256, -1, dtype=np.int64)  # a byte's value as a base-36 digit, -1: not a letter or digit
for _ch in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _VALUE36[ord(_ch)] = int(_ch, 36)


def rf_valid_many(compacts: Sequence[str]) -> np.ndarray:
    """`rf_valid` of each text, in columns (a run has thousands of RF references): the texts'
    characters as a matrix, right-aligned and turned by four (`moved`), and the remainder
    modulo 97 of the decimal number they spell taken column by column."""
    n = len(compacts)
    joined = "\x00".join(compacts)
    if not n or not joined.isascii() or joined.count("\x00") != n - 1:
        return np.fromiter(map(rf_valid, compacts), dtype=bool, count=n)
    data = np.append(np.frombuffer(joined.encode("ascii"), dtype=np.uint8), np.uint8(0))
    size = np.fromiter(map(len, compacts), dtype=np.int64, count=n)
    start = np.cumsum(size + 1) - (size + 1)
    out = np.zeros(n, dtype=bool)
    rows = np.flatnonzero((size >= 5) & (size <= 25))
    if not len(rows):
        return out
    size, start = size[rows], start[rows]
    head = data[start[:, None] + np.arange(4)]
    good = (head[:, 0] == ord("R")) & (head[:, 1] == ord("F")) & (head[:, 2] >= ord("0")) & (head[:, 2] <= ord("9")) \
        & (head[:, 3] >= ord("0")) & (head[:, 3] <= ord("9"))
    remainder = np.zeros(len(rows), dtype=np.int64)
    for column in range(25):  # position `place` of `moved` = character (place + 4) % size of the text
        place = column - (25 - size)
        inside = place >= 0
        value = _VALUE36[data[np.where(inside, start + (place + 4) % size, len(data) - 1)]]
        good &= ~inside | (value >= 0)
        step = (remainder * np.where(value >= 10, 100, 10) + value) % 97
        remainder = np.where(inside, step, remainder)
    out[rows] = good & (remainder == 1)
    return out


def rf_reference(invoice_number: str) -> str | None:
    """The ISO 11649 creditor reference made from an invoice number (`RF` + check + body)."""
    body = _NON_ALNUM.sub("", invoice_number.upper())
    if not body or len(body) > 21:
        return None
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body
