"""Money as `Decimal`: currency minor units, explicit rounding, splits that add up, local numbers.

Why this module exists: every job handles amounts, and the rules are the same everywhere:
amounts are `Decimal` (or integer minor units in bulk code), never `float`; rounding is
half-up to the currency's minor unit unless a rule says otherwise; a total equals the sum of
its rounded parts. Keeping the arithmetic here, as pure functions, means one place to get it
right and to test it with property tests.

Decimal contexts. Python's `decimal` module rounds every operation to the *global* context's
precision (28 digits by default) and only signals, not raises, when it does. Nothing here
relies on that silently:

* Sums and products run under `EXACT`, a local context with 60 digits of precision that
  traps `Inexact`: if an intermediate result would ever need rounding (amounts with more
  than ~30 significant digits), a `decimal.Inexact` error is raised instead of a silently
  wrong cent. Division by 100 is done with `scaleb`, which is exact.
* The one intended rounding step is `Decimal.quantize` with an explicit `rounding=` argument
  under `QUANTIZE`, a local context that does not trap `Inexact` (rounding is the point there).
* `split` uses `fractions.Fraction`, which is exact for any `Decimal` weights.

Floats are refused with `TypeError` everywhere: a float has already lost the cent.
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import lru_cache
from typing import Iterable, Sequence, Union

from babel.core import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from .iso4217 import CODES, MINOR_DIGITS

__all__ = [
    "EXACT",
    "as_decimal",
    "QUANTIZE",
    "UnknownCurrency",
    "minor_digits",
    "quantum",
    "round_money",
    "to_minor",
    "from_minor",
    "split",
    "percent_of",
    "tax_for",
    "sum_money",
    "parse_decimal",
]

Number = Union[Decimal, int, str]

#: Context for arithmetic that must be exact: raises instead of rounding silently.
EXACT = Context(prec=60, rounding=ROUND_HALF_UP,
                traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])
#: Context for the one deliberate rounding step (`quantize` with an explicit rounding mode).
QUANTIZE = Context(prec=60, rounding=ROUND_HALF_UP,
                   traps=[InvalidOperation, DivisionByZero, Overflow])

_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


class UnknownCurrency(ValueError):
    """A currency code that is not in the ISO 4217 table (`iso4217.py`)."""


def _known_currencies() -> frozenset[str]:
    return CODES


@lru_cache(maxsize=512)
def minor_digits(currency: str) -> int:
    """Digits after the decimal point of `currency`'s minor unit (ISO 4217, `iso4217.py`).

    EUR 2, CZK 2, HUF 2, JPY 0, BHD 3. This is the accounting precision, not the cash
    rounding (CZK cash is whole crowns, but invoices are in hellers). Codes are case
    insensitive; an unknown code raises `UnknownCurrency` rather than guessing 2.
    """
    code = _currency_code(currency)
    return MINOR_DIGITS[code]


def _currency_code(currency: str) -> str:
    if not isinstance(currency, str):
        raise UnknownCurrency(f"currency code must be text, got {type(currency).__name__}")
    code = currency.strip().upper()
    if not _CURRENCY_RE.match(code) or code not in _known_currencies():
        raise UnknownCurrency(f"unknown currency code {currency!r}")
    return code


@lru_cache(maxsize=512)
def quantum(currency: str) -> Decimal:
    """The smallest unit of `currency` as a Decimal exponent template: EUR -> 0.01, JPY -> 1."""
    return Decimal(1).scaleb(-minor_digits(currency))


def as_decimal(value: Number, what: str = "amount") -> Decimal:
    """Accept Decimal, int or a plain decimal string; refuse float, bool and non-finite values."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{what} must be Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{what} is not a number: {value!r}") from None
    else:
        raise TypeError(f"{what} must be Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{what} must be finite, got {value!r}")
    return result


def round_money(amount: Number, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """`amount` rounded to `currency`'s minor unit (half-up unless `rounding` says otherwise).

    The result always carries exactly the currency's number of decimals (`Decimal("1.50")`),
    and a negative zero comes back as plain zero so that it never prints as "-0.00".
    """
    value = as_decimal(amount)
    with localcontext(QUANTIZE):
        result = value.quantize(quantum(currency), rounding=rounding)
    if result.is_zero() and result.is_signed():
        result = result.copy_abs()
    return result


def to_minor(amount: Number, currency: str, *, exact: bool = False) -> int:
    """Integer minor units (cents) of `amount`, rounded half-up first.

    With `exact=True` an amount that is not already on the minor unit raises `ValueError`,
    for places where silent rounding would hide a bug.
    """
    value = as_decimal(amount)
    rounded = round_money(value, currency)
    if exact and rounded != value:
        raise ValueError(f"{amount!r} has more decimals than {currency} allows")
    return int(rounded.scaleb(minor_digits(currency)))


def from_minor(units: int, currency: str) -> Decimal:
    """Decimal amount of `units` minor units: `from_minor(1234, "EUR") == Decimal("12.34")`."""
    if isinstance(units, bool) or not isinstance(units, int):
        raise TypeError(f"minor units must be int, not {type(units).__name__}")
    with localcontext(EXACT):
        return Decimal(units).scaleb(-minor_digits(currency))


def sum_money(amounts: Iterable[Number]) -> Decimal:
    """Exact sum of amounts (Decimal or int); `Decimal("0")` for none. Floats are refused."""
    total = Decimal(0)
    with localcontext(EXACT):
        for amount in amounts:
            total += as_decimal(amount)
    return total


def percent_of(amount: Number, rate_pct: Number, currency: str,
               rounding: str = ROUND_HALF_UP) -> Decimal:
    """`rate_pct` per cent of `amount`, rounded to the minor unit: `percent_of(200, 21, "CZK") == 42.00`.

    Rates are percentages as everywhere in the rules (`21` is 21 %). The product is exact;
    only the final quantize rounds.
    """
    value = as_decimal(amount)
    rate = as_decimal(rate_pct, "rate")
    with localcontext(EXACT):
        raw = (value * rate).scaleb(-2)
    return round_money(raw, currency, rounding)


def tax_for(net: Number, rate_pct: Number, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Tax on a net amount at `rate_pct` per cent, rounded half-up to the minor unit.

    The same arithmetic as `percent_of`; a separate name so that invoice code reads as what
    it means. Tax is computed per line and the document's tax is the sum of the line taxes,
    so that the total equals the sum of its rounded parts.
    """
    return percent_of(net, rate_pct, currency, rounding)


def split(total: Number, weights: Sequence[Number], currency: str) -> list[Decimal]:
    """Split `total` into parts proportional to `weights` that add up to `total` exactly.

    Largest-remainder method on minor units: each part gets the floor of its exact share,
    then the leftover units go one each to the parts with the largest remainders; ties go to
    the earlier part, so the result is deterministic. `total` must already be on the
    currency's minor unit (round it first: a total that cannot be paid out cannot be split).
    A negative total is split like its absolute value and negated. Weights are Decimal or
    int, non-negative, not all zero; they are scaled to integers by one power of ten, so
    the shares are computed exactly in integer arithmetic.
    """
    amount = as_decimal(total, "total")
    units = to_minor(amount, currency, exact=True)
    if not weights:
        raise ValueError("split needs at least one weight")
    exact_weights = []
    for weight in weights:
        w = as_decimal(weight, "weight")
        if w < 0:
            raise ValueError(f"weights must not be negative, got {weight!r}")
        exact_weights.append(w)
    # Scale every weight to an integer by the same power of ten (exact, no context involved).
    lowest = min(min(int(w.as_tuple().exponent) for w in exact_weights), 0)
    scaled = [int("".join(map(str, w.as_tuple().digits))) * 10 ** (int(w.as_tuple().exponent) - lowest)
              for w in exact_weights]
    weight_sum = sum(scaled)
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")

    sign = -1 if units < 0 else 1
    magnitude = abs(units)
    floors, remainders = [], []
    for w in scaled:
        part, rest = divmod(magnitude * w, weight_sum)
        floors.append(part)
        remainders.append(rest)
    leftover = magnitude - sum(floors)
    # Largest remainder first; the index breaks ties (earlier part first).
    order = sorted(range(len(scaled)), key=lambda i: (-remainders[i], i))
    for i in order[:leftover]:
        floors[i] += 1
    return [from_minor(sign * part, currency) for part in floors]


# --------------------------------------------------------------------------- local numbers

_SPACES = "\u0020\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a"
_APOSTROPHES = "'\u2019"
_MINUS = "-\u2212\u2012\u2013"
_DIGITS_RE = re.compile(r"^\d+$")


@lru_cache(maxsize=64)
def _symbols(locale: str) -> tuple[str, str]:
    """(decimal symbol, group symbol) of a Babel locale, such as ('.', ',') for en_GB."""
    try:
        loc = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"unknown locale {locale!r}") from None
    return get_decimal_symbol(loc), get_group_symbol(loc)


def parse_decimal(text: str, locale: str = "en_GB") -> Decimal:
    """A number written the local way, as an exact Decimal; `ValueError` when it is not one.

    Accepted, for a comma-decimal locale such as cs_CZ: `1 234,56`, `1.234,56`, `1234,56`,
    `-1 234,56`, `−1 234,56`, `(1 234,56)` and `1 234,56-` (negative, as accounting exports
    write it). Any kind of space or an apostrophe groups thousands. The other punctuation
    mark (`.` in cs_CZ, `,` in en_GB) is read as a thousands separator only when every group
    after it has exactly three digits; otherwise, when it appears once and the locale's own
    decimal mark is absent, it is read as the decimal mark (`1.5` in cs_CZ is 1.5, because it
    cannot be a grouping). Exponents, NaN and infinity are refused.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_decimal expects text, got {type(text).__name__}")
    decimal_mark, _group = _symbols(locale)
    if decimal_mark not in ".,":  # locales with other marks (e.g. Arabic) are not expected here
        decimal_mark = "."
    other_mark = "," if decimal_mark == "." else "."

    s = text.strip()
    if not s:
        raise ValueError("empty number")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s and s[0] in _MINUS:
        negative, s = not negative, s[1:].lstrip()
    elif s and s[0] == "+":
        s = s[1:].lstrip()
    elif s and s[-1] in _MINUS:
        negative, s = not negative, s[:-1].rstrip()
    for ch in _SPACES + _APOSTROPHES:
        s = s.replace(ch, "")
    if not s:
        raise ValueError(f"not a number: {text!r}")

    if s.count(decimal_mark) > 1:
        raise ValueError(f"not a number: {text!r}")
    if decimal_mark in s:
        whole, frac = s.split(decimal_mark)
    else:
        whole, frac = s, ""
    if other_mark in whole:
        groups = whole.split(other_mark)
        if 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            whole = "".join(groups)
        elif decimal_mark not in s and len(groups) == 2:
            whole, frac = groups  # `1.5` in cs_CZ cannot be a grouping, so it is the decimal mark
        else:
            raise ValueError(f"not a number: {text!r}")
    if decimal_mark in s and not frac:
        raise ValueError(f"not a number: {text!r}")
    if not whole and frac:
        whole = "0"
    if not _DIGITS_RE.match(whole) or (frac and not _DIGITS_RE.match(frac)):
        raise ValueError(f"not a number: {text!r}")
    sign = "-" if negative else ""
    return Decimal(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")
