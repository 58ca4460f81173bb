"""Column conversions for the bulk path of matching: Decimal amounts to integer minor units,
dates to day ordinals, a stable order of integer keys, and picking by positions.

Why a module of its own: each turns 100,000 Python values into a numpy column (or back) and
must give exactly what the plain one-by-one form gives (`to_minor`, `date.toordinal`,
`np.argsort(kind="stable")`, a list comprehension), which the tests check property by
property; `bulk` builds the run's columns from them.
"""

from __future__ import annotations

from datetime import date
from decimal import MAX_PREC, Context, Decimal, localcontext
from operator import itemgetter
from typing import Sequence

import numpy as np

from backoffice_auto.money import minor_digits, to_minor


def minor_units(amounts: Sequence[Decimal], currencies: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Integer minor units of each amount (rounded as `to_minor` does when not on the unit),
    and whether the amount was exactly on the unit. Unknown or missing currencies, and
    amounts too large for int64, give 0 and not exact."""
    n = len(amounts)
    minor = np.zeros(n, dtype=np.int64)
    exact = np.zeros(n, dtype=bool)
    if not n:
        return minor, exact
    groups: dict[str | None, list[int] | None]
    first = currencies[0]
    if currencies.count(first) == n:  # type: ignore[attr-defined]
        groups = {first: None}
    else:
        groups = {}
        for i, c in enumerate(currencies):
            groups.setdefault(c, []).append(i)  # type: ignore[union-attr]
    for currency, idx in groups.items():
        try:
            digits = minor_digits(currency)  # type: ignore[arg-type]
        except (ValueError, TypeError):
            continue
        values = amounts if idx is None else pick(amounts, idx)
        ints, flags = _scaled(values, digits, currency)  # type: ignore[arg-type]
        where = slice(None) if idx is None else idx
        minor[where] = ints
        exact[where] = flags
    return minor, exact


def known_currencies(currencies: Sequence) -> bool:
    """Whether `minor_digits` knows every currency code in `currencies`."""
    for currency in set(currencies):
        try:
            minor_digits(currency)
        except (ValueError, TypeError):
            return False
    return True


# Products and sums of Decimals that never round (digits bounded by the operands'), with the
# default context's exponent limits: a value beyond them overflows, as it would by default.
_EXACT = Context(prec=MAX_PREC, Emax=999999, Emin=-999999)
_HUGE = 2**62  # from here on (either sign): 0 and not on the unit


def _scaled(values: Sequence, digits: int, currency: str) -> tuple[np.ndarray, np.ndarray]:
    """`values` in minor units (`to_minor` where off the unit, 0 where that fails or the
    value is huge) and which of them were exactly on the unit."""
    found = _truncated(values, digits)
    if found is None:
        return _scaled_one_by_one(values, digits, currency)
    ints, flags = found
    off = np.flatnonzero(~flags)
    if len(off):
        ints[off] = [_rounded(values[k], currency) for k in off.tolist()]
    huge = (ints <= -_HUGE) | (ints >= _HUGE)
    ints[huge] = 0
    flags[huge] = False
    return ints, flags


def _truncated(values: Sequence, digits: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Each value times 10**digits truncated to an int64, and whether that was exact; None
    unless all are finite `Decimal`s (not subclasses, whose arithmetic may differ) within int64."""
    if set(map(type, values)) != {Decimal}:
        return None
    with localcontext(_EXACT):
        # times 1E+digits: the same value as `scaleb(digits)`, and cheaper; exact (not
        # rounded to 28 digits, which could make an amount off the unit look on it)
        try:
            scaled = np.fromiter(values, dtype=object, count=len(values)) * Decimal(1).scaleb(digits)
            ints = scaled.astype(np.int64)  # int() of each: truncated towards zero
        except (ValueError, ArithmeticError):  # NaNs, infinities, beyond int64
            return None
        flags = np.ones(len(values), dtype=bool)
        for side in (ints > 0, ints < 0):
            # every value of one side is at least one unit away from 0, so the fraction that
            # truncating drops has that side's sign: the exact sums are equal only when every
            # fraction is 0 (a third of the cost of comparing each value with its int)
            rows = np.flatnonzero(side)
            if not len(rows):
                continue
            part = scaled if len(rows) == len(values) else scaled[rows]
            whole = ints[rows]
            total = int(whole.sum()) if abs(whole).max() < 2**63 // len(rows) else sum(whole.tolist())
            if part.sum() != total:
                flags[rows] = part == whole.astype(object)  # Python ints: exact comparisons
        zero = np.flatnonzero(ints == 0)
        if len(zero):  # below one unit: on it only when 0
            flags[zero] = scaled[zero] == 0
    return ints, flags


def _rounded(value: Decimal, currency: str) -> int:
    """`to_minor` of a value off the unit; 0 where that fails or gives a huge value."""
    try:
        units = to_minor(value, currency)
    except (ValueError, TypeError, ArithmeticError):
        return 0
    return units if -_HUGE < units < _HUGE else 0


def _scaled_one_by_one(values: Sequence, digits: int, currency: str) -> tuple[np.ndarray, np.ndarray]:
    """`_scaled` value by value, for columns holding what is no plain finite Decimal."""
    ints, flags = [], []
    with localcontext(_EXACT):
        for a in values:
            try:
                scaled_one = a.scaleb(digits)
                if scaled_one.is_finite() and scaled_one.adjusted() >= 19:
                    # huge (as `_HUGE` says: 0, not on the unit) without making its int, whose
                    # comparison with the Decimal takes minutes for 1E+999998
                    ints.append(0)
                    flags.append(False)
                    continue
                ints.append(int(scaled_one))
                flags.append(ints[-1] == scaled_one)
            except (ValueError, TypeError, AttributeError, ArithmeticError):
                ints.append(0)
                flags.append(False)
    for k, on_unit in enumerate(flags):
        if not on_unit:
            ints[k] = _rounded(values[k], currency)
        elif not -_HUGE < ints[k] < _HUGE:
            ints[k], flags[k] = 0, False
    return np.array(ints, dtype=np.int64), np.array(flags, dtype=bool)


def day_ordinals(days: Sequence, missing: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Day ordinals of optional dates (`missing` for none), and which are there (None: all),
    with the loop in C when all are dates."""
    try:  # all dates (or datetimes, whose date's ordinal it is too)
        return np.fromiter(map(date.toordinal, days), dtype=np.int64, count=len(days)), None
    except TypeError:
        pass
    return (np.array([d.toordinal() if d else missing for d in days], dtype=np.int64),
            np.array([d is not None for d in days], dtype=bool))


def stable_order(keys: np.ndarray) -> np.ndarray:
    """`np.argsort(keys, kind="stable")` of integer keys, as 16-bit radix passes from the
    lowest digit up (numpy sorts 16-bit integers stably by radix; 64-bit ones by timsort,
    several times slower): two passes for keys spanning less than 2**32."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    low, high = int(keys.min()), int(keys.max())
    if high - low >= 2**63:
        return np.argsort(keys, kind="stable")
    offset = keys.astype(np.int64) - low
    order = np.argsort((offset & 0xFFFF).astype(np.uint16), kind="stable")
    shift = 16
    while (high - low) >> shift:
        order = order[np.argsort(((offset[order] >> shift) & 0xFFFF).astype(np.uint16), kind="stable")]
        shift += 16
    return order


def pick(values: Sequence, positions: Sequence[int]) -> list:
    """`[values[i] for i in positions]`, with the loop in C."""
    if len(positions) > 1:
        return list(itemgetter(*positions)(values))
    return [values[i] for i in positions]
