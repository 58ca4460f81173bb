"""Numbers, money, percentages and dates written the way each language's readers expect.

Why not call Babel directly everywhere: Babel rounds half-even when it quantizes, while our
books round half-up; Babel accepts floats, which we never want to see; and callers know a
language code ("cs"), not a Babel locale ("cs_CZ"). These helpers round first (half-up, to
the currency's minor unit or the requested digits), refuse floats, and map our language
codes onto one locale each.
"""

from __future__ import annotations

import copy
import datetime as _dt
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from functools import lru_cache

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.core import Locale

from backoffice_auto.i18n.languages import normalize_language
from backoffice_auto.money import QUANTIZE, as_decimal, round_money

#: The Babel locale used for each of our languages.
LOCALES = {"en": "en_GB", "cs": "cs_CZ", "pl": "pl_PL", "es": "es_ES", "fr": "fr_FR"}


@lru_cache(maxsize=64)
def babel_locale(language: str | None) -> Locale:
    """The Babel `Locale` for one of our language codes (anything normalize_language accepts)."""
    return Locale.parse(LOCALES[normalize_language(language)])


def _with_digits(pattern: babel_numbers.NumberPattern, digits: int) -> babel_numbers.NumberPattern:
    fixed = copy.copy(pattern)
    fixed.frac_prec = (digits, digits)
    return fixed


def _round(value: Decimal, digits: int) -> Decimal:
    from decimal import localcontext

    with localcontext(QUANTIZE):
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


#: The context Babel quantizes in when it shows fewer digits than the currency's minor unit
#: (HUF: 2 in ISO 4217, 0 in CLDR): its default rounding (half-even), with room for 60 digits
#: where the default context's 28 would refuse a big figure.
_BABEL = Context(prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])


def format_money(amount, currency: str, language: str | None = "en") -> str:
    """`Decimal("-1234.5"), "EUR", "cs"` -> `-1 234,50 €` (rounded half-up to the minor unit).

    The text `babel.numbers.format_currency(..., currency_digits=True)` gives, from a pattern
    prepared once per currency and language: Babel looks up the currency's name, symbol and
    digits on every call, which made a payslip mail's two amounts cost more than the mail.
    """
    rounded = round_money(as_decimal(amount, "amount"), currency)
    code = currency.strip().upper()
    locale, pattern, symbol = _money_pattern(code, normalize_language(language))
    with localcontext(_BABEL):  # Babel quantizes in the current context: 28 digits would refuse a big figure
        if pattern is None:
            return babel_numbers.format_currency(rounded, code, locale=locale, currency_digits=True)
        return pattern.apply(rounded, locale).replace("\u00a4", symbol)


@lru_cache(maxsize=512)
def _money_pattern(code: str, language: str):
    """(locale, the standard currency pattern with the currency's digits, its symbol); the
    pattern is None when it writes the name or code (¤¤, ¤¤¤), left to Babel."""
    locale = babel_locale(language)
    pattern = locale.currency_formats["standard"]
    if "\u00a4\u00a4" in "".join(pattern.prefix + pattern.suffix):
        return locale, None, ""
    return locale, _with_digits(pattern, babel_numbers.get_currency_precision(code)), \
        babel_numbers.get_currency_symbol(code, locale)


def format_decimal(value, language: str | None = "en", digits: int | None = None) -> str:
    """A plain number with the language's grouping and decimal mark.

    `digits=None` shows every significant digit the value has (`1234.5` -> `1 234,5` in cs);
    `digits=n` rounds half-up to exactly n decimals (`digits=2` -> `1 234,50`).
    """
    locale = babel_locale(language)
    number = as_decimal(value)
    pattern = locale.decimal_formats[None]
    if digits is None:
        return pattern.apply(number, locale, decimal_quantization=False)
    if digits < 0:
        raise ValueError("digits must not be negative")
    return _with_digits(pattern, digits).apply(_round(number, digits), locale)


def format_number(value, language: str | None = "en") -> str:
    """A number inside a message, as the reader writes it: `Decimal("1234.50")` -> `1 234,50` (cs),
    `1.234,50` (es), `1,234.50` (en). The value's own decimals are kept (an amount read as
    `12.50` stays `12,50`); a float is taken by its shortest repr, an int is grouped.
    The one helper every message parameter that is a quantity, amount or rate goes through
    (`errors.Problem.text`)."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    number = as_decimal(value)
    if number and abs(number.adjusted()) >= 30:  # `1E+300` typed into a cell: written as such, not as 301 digits
        return str(number)                       # (which the 60-digit rounding context also refuses)
    exponent = number.as_tuple().exponent
    return format_decimal(number, language, digits=max(0, -int(exponent)))


def format_percent(rate_pct, language: str | None = "en", digits: int | None = None) -> str:
    """A rate given in per cent, as the rules write it: `21` -> `21 %` (cs), `21%` (en).

    `digits` as in `format_decimal` (decimals of the percentage, rounded half-up).
    """
    locale = babel_locale(language)
    fraction = as_decimal(rate_pct, "rate").scaleb(-2)  # exact; the pattern multiplies by 100
    pattern = locale.percent_formats[None]
    if digits is None:
        return pattern.apply(fraction, locale, decimal_quantization=False)
    if digits < 0:
        raise ValueError("digits must not be negative")
    rounded = _round(as_decimal(rate_pct, "rate"), digits).scaleb(-2)
    return _with_digits(pattern, digits).apply(rounded, locale)


def format_date(value: _dt.date, language: str | None = "en", format: str = "medium") -> str:
    """A date in the language's style: format is short, medium, long, full or a CLDR pattern."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    return babel_dates.format_date(value, format=format, locale=babel_locale(language))


def format_datetime(value: _dt.datetime, language: str | None = "en", format: str = "medium",
                    tzinfo: _dt.tzinfo | None = None) -> str:
    """A timestamp in the language's style, shown in `tzinfo` (the workspace time zone) if given."""
    return babel_dates.format_datetime(value, format=format, tzinfo=tzinfo,
                                       locale=babel_locale(language))
