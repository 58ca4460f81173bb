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
from itertools import repeat
from operator import eq, itemgetter
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
    groups: dict[str | None, list[int]] = {}
    first = currencies[0] if n else None
    if n and currencies.count(first) == n:  # type: ignore[attr-defined]
        groups[first] = []
    else:
        for i, c in enumerate(currencies):
            groups.setdefault(c, []).append(i)
    for currency, idx in groups.items():
        try:
            digits = minor_digits(currency)  # type: ignore[arg-type]
        except (ValueError, TypeError):
            continue
        values = [amounts[i] for i in idx] if idx else list(amounts)
        ints, flags = _scaled(values, digits, currency)  # type: ignore[arg-type]
        try:
            values_arr = np.array(ints, dtype=np.int64)
            huge = (values_arr <= -2**62) | (values_arr >= 2**62)
        except OverflowError:  # beyond int64: given 0 and not exact, as anything past 2**62
            fits = [-2**62 < v < 2**62 for v in ints]
            values_arr = np.array([v if ok else 0 for v, ok in zip(ints, fits)], dtype=np.int64)
            huge = ~np.array(fits, dtype=bool)
        values_arr[huge] = 0
        where = idx if idx else slice(None)
        minor[where] = values_arr
        exact[where] = (np.array(flags, dtype=bool) if flags is not None else True) & ~huge
    return minor, exact


# Products and sums of Decimals that never round (digits bounded by the operands'), with the
# default context's exponent limits: a value beyond them overflows, as it would by default.
_EXACT = Context(prec=MAX_PREC, Emax=999999, Emin=-999999)


def _scaled(values: list, digits: int, currency: str) -> tuple[list[int], list[bool] | None]:
    """`values` in minor units (`to_minor` where off the unit, 0 where that fails) and which
    of them were exactly on the unit (None: all were)."""
    with localcontext(_EXACT):
        try:
            # times 1E+digits: the same value as `scaleb(digits)`, and cheaper; exact (not
            # rounded to 28 digits, which could make an amount off the unit look on it);
            # non-Decimals raise as there
            scaled = list(map(Decimal.__mul__, values, repeat(Decimal(1).scaleb(digits), len(values))))
            ints = list(map(int, scaled))
        except (ValueError, TypeError, ArithmeticError):
            ints, flags = [], []
            for a in values:
                try:
                    scaled_one = a.scaleb(digits)
                    ints.append(int(scaled_one))
                    flags.append(ints[-1] == scaled_one)
                except (ValueError, TypeError, AttributeError, ArithmeticError):
                    ints.append(0)
                    flags.append(False)
        else:
            # int() truncates towards zero: when every value is at least one unit, each one's
            # fraction is >= 0, so the exact sums are equal only when every fraction is 0 (a
            # third of the cost of comparing each value with its int)
            if ints and min(ints) > 0 and sum(scaled) == sum(ints):
                return ints, None
            flags = list(map(eq, ints, scaled))
    if not all(flags):
        for k, ok in enumerate(flags):
            if not ok:
                try:
                    ints[k] = to_minor(values[k], currency)
                except (ValueError, TypeError, ArithmeticError):
                    ints[k] = 0
    return ints, flags


def day_ordinals(days: list, missing: int) -> tuple[np.ndarray, np.ndarray | None]:
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
