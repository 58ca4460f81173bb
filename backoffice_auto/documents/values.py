"""Cell values to typed values, by field type and the settings' locale.

Clerks type numbers and dates the way their country writes them (`1 234,56`,
`22.11.2026`), spreadsheets hand us numbers and dates already typed, and CSV files hand us
text. Every parser here accepts all three, never goes through `float` (money must stay
exact), and raises `ValueError` with a short English reason; the table reader turns that
into a translated `Problem` that names the cell.

Parsers are pure functions. `parser_for(field_type, locale)` returns one function per
column so the hot loop of a 50,000-row sheet does no locale look-up per cell.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

from backoffice_auto.documents.accountvalues import parse_bic, parse_iban
from backoffice_auto.documents.choicewords import CHOICE_WORDS
from backoffice_auto.documents.datewords import parse_word_date
from backoffice_auto.documents.weekdays import on_weekday, split_weekday
from backoffice_auto.documents.countries import parse_country
from backoffice_auto.i18n import N_

if TYPE_CHECKING:
    from backoffice_auto.rules.settings_model import Limits

__all__ = [
    "OutOfBounds", "check_date", "is_day_number", "check_number", "parse_iban", "parse_bic",
    "Percent", "LocaleForms", "locale_forms", "parse_decimal", "parse_money", "parse_int", "parse_rate",
    "parse_date", "parse_time", "parse_bool", "parse_text", "parse_email", "parse_choice",
    "parse_json", "parser_for", "excel_serial_to_date",
]

class Percent(Decimal):
    """A number the spreadsheet shows as a percentage, held as the number of percent shown.

    Excel stores a cell showing `21 %` as 0.21; the workbook reader hands it over as
    `Percent("21")`, so a rate column reads 21 (as the clerk sees it) and a plain number
    column refuses it instead of silently taking 0.21.
    """

    __slots__ = ()


# --------------------------------------------------------------------------- bounds

# Significant digits of any number read: well inside Decimal's 28-digit context, so a
# price times a quantity is still exact where it is rounded. A spreadsheet's binary float
# has at most 17.
MAX_SIGNIFICANT_DIGITS = 20

DATE_OUTSIDE = N_("'{value}' is a date outside {earliest} to {latest} (limits.earliest_date and "
                  "limits.latest_date in rules/settings.yaml); a plain number in a date column is read "
                  "as a spreadsheet day number.")
DATE_OUTSIDE_WRITTEN = N_("'{value}' is a date outside {earliest} to {latest} (limits.earliest_date and "
                          "limits.latest_date in rules/settings.yaml): check its year.")
NUMBER_TOO_LARGE = N_("'{value}' has {digits} digits before the decimal point, over the limit of {limit} "
                      "(limits.max_amount_digits in rules/settings.yaml).")
NUMBER_TOO_PRECISE = N_("'{value}' has {digits} significant digits, over the limit of {limit}: "
                        "round it in the spreadsheet.")


class OutOfBounds(ValueError):
    """A value that reads correctly but cannot be right; carries its own message and params."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        self.message = message
        self.params = params


def _default_limits() -> "Limits":
    from backoffice_auto.rules.settings_model import Limits

    return Limits()


def check_date(day: date, limits: "Limits | None" = None, written: Any = None) -> date:
    """`day` when it lies in the settings' plausible window, else `OutOfBounds`. `written` is
    the cell it was read from: only a plain number is said to be read as a day number."""
    limits = limits or _default_limits()
    if not limits.earliest_date <= day <= limits.latest_date:
        message = DATE_OUTSIDE if written is None or is_day_number(written) else DATE_OUTSIDE_WRITTEN
        raise OutOfBounds(message, earliest=limits.earliest_date.isoformat(), latest=limits.latest_date.isoformat())
    return day


def is_day_number(value: Any) -> bool:
    """Was a date cell a plain number (`16`, `46000`, `46000.5`), read as a spreadsheet day number?"""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    return isinstance(value, str) and value.strip().replace(".", "", 1).replace(",", "", 1).isdigit()


def check_number(number: Decimal | int, limits: "Limits | None" = None) -> Decimal | int:
    """`number` when its size and precision are within bounds, else `OutOfBounds`."""
    limit = (limits or _default_limits()).max_amount_digits
    if isinstance(number, int):
        if -(10 ** limit) < number < 10 ** limit:
            return number
        raise OutOfBounds(NUMBER_TOO_LARGE, digits=len(str(abs(number))), limit=limit)
    _sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or digits == (0,):
        return number  # infinities and NaN are refused by the parsers; zero is always fine
    whole = len(digits) + exponent
    if whole > limit:
        raise OutOfBounds(NUMBER_TOO_LARGE, digits=whole, limit=limit)
    if len(digits) > MAX_SIGNIFICANT_DIGITS:
        significant = len(digits)
        while significant and digits[significant - 1] == 0:
            significant -= 1
        if significant > MAX_SIGNIFICANT_DIGITS:
            raise OutOfBounds(NUMBER_TOO_PRECISE, digits=significant, limit=MAX_SIGNIFICANT_DIGITS)
    return number


# --------------------------------------------------------------------------- locale


class LocaleForms:
    """The few facts of a locale the parsers need, looked up once through Babel."""

    __slots__ = ("name", "decimal", "group", "day_first", "month_names")

    def __init__(self, name: str, decimal: str, group: str, day_first: bool, month_names: dict[str, int]):
        self.name = name
        self.decimal = decimal
        self.group = group
        self.day_first = day_first
        self.month_names = month_names


@lru_cache(maxsize=64)
def locale_forms(locale: str | None) -> LocaleForms:
    """Decimal separator, group separator and day/month order of `locale` (e.g. `cs_CZ`)."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format, get_month_names
    from babel.numbers import get_decimal_symbol, get_group_symbol

    name = (locale or "en_GB").replace("-", "_")
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        name = "en_GB"
    decimal = get_decimal_symbol(name)
    group = get_group_symbol(name)
    pattern = get_date_format("short", locale=name).pattern
    d_at, m_at = pattern.find("d"), pattern.find("M")
    day_first = not (0 <= m_at < d_at)
    months: dict[str, int] = {}
    for loc in (name, "en"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, label in get_month_names(width, context, locale=loc).items():
                    key = _fold(label).rstrip(".")
                    if key and not key.isdigit():
                        months.setdefault(key, number)
    return LocaleForms(name, decimal, group, day_first, months)


_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe"})


def _fold(text: str) -> str:
    """Lower case without accents (`Září` -> `zari`, `Łódź` -> `lodz`)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --------------------------------------------------------------------------- numbers

_SPACES = "\u0020\u00a0\u202f\u2009\u2007\u2008\u200a"
_GROUPING_MARKS = _SPACES + "'\u2019\u02bc_"
_MINUS = "-\u2212\u2013"
_STRIP_SPACES = str.maketrans("", "", _SPACES)


def _decimal_from_number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("yes/no value where a number is expected")
    if isinstance(value, Percent):
        raise ValueError("percentage where a number is expected")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("not a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return Decimal(repr(value))
    raise ValueError(f"{type(value).__name__} where a number is expected")


def _strip_currency(text: str) -> str:
    """Drop a leading or trailing currency symbol or code (`€`, `Kč`, `EUR`, `zł`, `US$`)."""
    if text.endswith(".") and len(text) > 1 and text[-2].isalpha():
        text = text[:-1]  # `3 szt.`, `12 Kč.`: the abbreviation's dot
    start, end = 0, len(text)
    while start < end and not _number_char(text[start]):
        start += 1
    while end > start and not _number_char(text[end - 1]):
        end -= 1
    for part in (text[:start], text[end:]):
        core = part.strip(_SPACES + ".")
        if not core:
            continue
        if any(ch.isdigit() for ch in core):
            raise ValueError("unexpected characters")
        letters = [ch for ch in core if not _is_currency_symbol(ch)]
        if len(letters) > 4 or not all(ch.isalpha() for ch in letters):
            raise ValueError("unexpected characters")
    return text[start:end]


def _number_char(ch: str) -> bool:
    return ch.isdigit() or ch in _MINUS or ch in "+()" or ch in ".,"


def _is_currency_symbol(ch: str) -> bool:
    return unicodedata.category(ch) == "Sc"


def parse_decimal(value: Any, locale: str | None = "en_GB") -> Decimal:
    """A number from a cell: typed numbers as they are, text in any common local form.

    Accepts `1 234,56`, `1.234,56`, `1,234.56`, `1234.56`, `1'234.56`, NBSP or narrow
    NBSP grouping, a currency symbol or code before or after, and negatives written
    `-5`, `(5,00)` or `5-`. `1,234` (one separator, three digits after) is read with the
    locale's decimal separator: 1.234 in `cs_CZ`, 1234 in `en_GB`.
    """
    if not isinstance(value, str):
        return _decimal_from_number(value)
    text = value.strip()
    if not text:
        raise ValueError("empty")
    # Fast path: plain digits with an optional leading minus and a dot that cannot be grouping.
    body = text[1:] if text[0] == "-" else text
    if body.isdigit() and body.isascii():
        return Decimal(text)
    head, dot, tail = body.partition(".")
    if dot and head.isdigit() and tail.isdigit() and head.isascii() and tail.isascii() and (
        len(tail) != 3 or locale_forms(locale).decimal == "."
    ):
        return Decimal(text)
    return _parse_decimal_slow(text, locale_forms(locale))


#: A unit word beside a quantity: letters (and `²`, `³`), perhaps a dot, up to three words.
_UNIT_WORD = r"[^\W\d_](?:[^\W\d_]|[²³])*\.?(?:[\s\-][^\W\d_](?:[^\W\d_]|[²³])*\.?){0,2}"
_WORD_AFTER = re.compile(rf"(?P<number>.*?[\d)])[{_SPACES}]*(?:{_UNIT_WORD})")
_WORD_BEFORE = re.compile(rf"(?:{_UNIT_WORD})[{_SPACES}:]*(?P<number>[-+\u2212(]?\d.*)")


def parse_quantity(value: Any, locale: str | None = "en_GB") -> Decimal:
    """A quantity: a number, with perhaps the unit word a clerk writes beside it, of any length
    (`12 pieces`, `5 Stück`, `3 kusů`, `unidades 4`). The number alone is returned; the
    document's reader keeps the word and checks it against the item's unit (orders:
    `orders.quantityunits`), so a word is never silently taken for pieces."""
    try:
        return parse_decimal(value, locale)
    except ValueError:
        if not isinstance(value, str):
            raise
    text = value.strip(_SPACES)
    match = _WORD_AFTER.fullmatch(text) or _WORD_BEFORE.fullmatch(text)
    if match is None:
        raise ValueError("unexpected characters")
    return parse_decimal(match["number"].strip(_SPACES), locale)


def _parse_decimal_slow(text: str, forms: LocaleForms) -> Decimal:
    negative = False
    text = _strip_currency(text).strip(_SPACES)
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip(_SPACES)
        text = _strip_currency(text).strip(_SPACES)
    if text and text[0] in _MINUS:
        negative, text = not negative, _strip_currency(text[1:]).strip(_SPACES)  # `-£84.37`, `-€ 5`
    elif text.startswith("+"):
        text = _strip_currency(text[1:]).strip(_SPACES)
    if text.endswith((",-", ".-", ",\u2013", ".\u2013")):  # Czech/Polish "1 234,-": whole units
        text = text[:-2]
    elif text and text[-1] in _MINUS:
        negative, text = not negative, text[:-1].rstrip(_SPACES)
    if text.endswith("%"):
        raise ValueError("percentage where a number is expected")
    if not text or not any(ch.isdigit() for ch in text):
        raise ValueError("no digits")
    integer, fraction = _split_separators(text, forms)
    try:
        number = Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        raise ValueError("not a number") from None
    return -number if negative else number


def _split_separators(text: str, forms: LocaleForms) -> tuple[str, str]:
    """Split `text` (digits, separators, grouping marks) into integer and fraction digits."""
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    decimal_at = -1
    if last_dot >= 0 and last_comma >= 0:
        decimal_at = max(last_dot, last_comma)
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        at = max(last_dot, last_comma)
        after = text[at + 1:]
        if text.count(sep) > 1:
            decimal_at = -1  # 1.234.567: grouping only
        elif len(after) != 3 or not after.isdigit():
            decimal_at = at
        else:
            before = text[:at].strip(_GROUPING_MARKS)
            # 1,234 is ambiguous: the locale decides; 0,123 and ,123 are always fractions.
            if before in ("", "0") or sep == forms.decimal:
                decimal_at = at
    if decimal_at >= 0:
        integer, fraction = text[:decimal_at], text[decimal_at + 1:]
        if not fraction.isdigit() or not fraction.isascii():
            raise ValueError("not a number")
    else:
        integer, fraction = text, ""
    integer = _ungroup(integer)
    return integer or "0", fraction


def _ungroup(integer: str) -> str:
    if not integer or (integer.isdigit() and integer.isascii()):
        return integer
    marks = {ch for ch in integer if not ch.isdigit()}
    if len(marks) != 1 or not marks <= set(_GROUPING_MARKS + ".,"):
        raise ValueError("not a number")
    groups = integer.split(marks.pop())
    first, rest = groups[0], groups[1:]
    if not (1 <= len(first) <= 3 and first.isdigit()) or any(
        len(g) != 3 or not g.isdigit() for g in rest
    ):
        raise ValueError("digit grouping is not in threes")
    digits = "".join(groups)
    if not digits.isascii():
        raise ValueError("not a number")
    return digits


def parse_money(value: Any, locale: str | None = "en_GB") -> Decimal:
    """Money is a decimal number; rounding to the currency's minor unit is the rules' job."""
    return parse_decimal(value, locale)


def parse_int(value: Any, locale: str | None = "en_GB") -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = parse_decimal(value, locale)
    if number != number.to_integral_value():
        raise ValueError("not a whole number")
    return int(number)


def parse_rate(value: Any, locale: str | None = "en_GB") -> Decimal:
    """A percentage as its number of percent: `21`, `21 %`, `21%`, `21,5 %` -> 21 or 21.5.

    A bare fraction (`0.21`, a cell not formatted as a percentage) is refused: a VAT rate of
    0.21 % or 21 %? Written `0,21 %` it is the former; written `21` or `21 %`, the latter."""
    if isinstance(value, Percent):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip().rstrip(_SPACES)
        if text.endswith(("%", "\uff05")):
            text = text[:-1].rstrip(_SPACES)
            if not text:
                raise ValueError("empty")
            return parse_decimal(text, locale)
        if not text:
            raise ValueError("empty")
        return _whole_percent(parse_decimal(text, locale))
    return _whole_percent(parse_decimal(value, locale))


RATE_FRACTION = N_("'{value}' is a fraction, not a number of percent: write {percent} % if that is meant, or "
                   "'{value} %' for a rate under one percent.")


def _whole_percent(number: Decimal) -> Decimal:
    if 0 < number < 1:
        percent = (number * 100).normalize()
        raise OutOfBounds(RATE_FRACTION, percent=format(percent, "f"))
    return number


# --------------------------------------------------------------------------- dates and times

_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 1, 109_573  # 1900-01-01 .. 2199-12-31
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_NUMERIC_DATE = re.compile(r"(\d{1,4})\s*([./\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})\.?"
                           r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[aApP]\.?\s*[mM]\.?)?)?")


def excel_serial_to_date(serial: int | Decimal) -> date:
    """Excel's day number (1900 system). Excel took 1900 for a leap year (as Lotus 1-2-3 did): day
    60 is its 29 Feb 1900, which never was, and days 1-59 are one day later than a plain count."""
    days = int(serial)
    if not _SERIAL_MIN <= days <= _SERIAL_MAX:
        raise ValueError("number is not a date")
    if days == 60:
        raise ValueError("day 60 is 29 February 1900, which does not exist")
    return _EXCEL_EPOCH + timedelta(days=days + (1 if days < 60 else 0))


def _make_date(year: int | str, month: int, day: int) -> date:
    """The date; a year as written (text) with two digits (`22.11.26`) is taken in 1970-2069, one
    with four (`0026`, `0000`) is that year, never moved into this century: `0000-01-01` was read
    as 1 January 2000. A year given as a number is the year."""
    if isinstance(year, str):
        year = int(year) + (0 if len(year) > 2 else 2000 if int(year) < 70 else 1900)
    if not 1 <= year <= 9999:
        raise ValueError(f"there is no year {year}")
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"day {day} does not exist in month {month} of {year}") from None


def parse_date(value: Any, locale: str | None = "en_GB") -> date:
    """A date from a typed cell, an Excel day number, or text.

    Text forms: ISO `2026-11-22`, `22.11.2026`, `22. 11. 2026`, `22/11/2026` (month first
    only where the locale writes it so, e.g. `en_US` `11/22/2026`), `2026/11/22`,
    `22 Nov 2026`, `22. listopadu 2026`, and `20261122`. An impossible date such as
    `31.02.2026` is an error, never silently moved.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("yes/no value where a date is expected")
    if isinstance(value, (int, Decimal)):
        if isinstance(value, int) and 19000101 <= value <= 21991231:
            return _make_date(value // 10000, value // 100 % 100, value % 100)
        return excel_serial_to_date(value)
    if isinstance(value, float):
        return excel_serial_to_date(Decimal(repr(value)))
    if not isinstance(value, str):
        raise ValueError(f"{type(value).__name__} where a date is expected")
    text = value.strip()
    if not text:
        raise ValueError("empty")
    match = _ISO_DATE.fullmatch(text)
    if match:
        return _make_date(match[1], int(match[2]), int(match[3]))
    match = _NUMERIC_DATE.fullmatch(text)
    if match:
        a, sep, b, c = match[1], match[2], match[3], match[4]
        if len(a) == 4:  # 2026/11/22
            return _make_date(a, int(b), int(c))
        if len(c) not in (2, 4) or len(a) > 2:
            raise ValueError("not a date")
        first, second, year = int(a), int(b), c
        day_first = sep == "." or locale_forms(locale).day_first
        if day_first and second > 12 and first <= 12:
            day_first = False  # 11/22/2026 can only be month first
        elif not day_first and first > 12 and second <= 12:
            day_first = True
        day, month = (first, second) if day_first else (second, first)
        return _make_date(year, month, day)
    if text.isdigit() and len(text) == 8:
        return parse_date(int(text), locale)
    if text.isdigit() and len(text) <= 6:
        return excel_serial_to_date(int(text))
    found = parse_word_date(text, locale_forms(locale).month_names, _make_date)
    if found is not None:
        return found
    written = split_weekday(text)  # `Po 3.11.2026`: the weekday must fall on the date
    if written is not None:
        return on_weekday(parse_date(written[1], locale), written[0], value)
    raise ValueError("not a date")


_TIME = re.compile(r"(\d{1,2})\s*[:.h]\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*([aApP]\.?\s*[mM]\.?)?")


_WHOLE_HOUR = re.compile(r"(\d{1,2})\s*([hH]|[aApP]\.?\s*[mM]\.?)")


def parse_time(value: Any, locale: str | None = "en_GB") -> time:
    """A time of day: typed times, `8:30`, `08:30:15`, `8.30`, `8h30`, `17h`, `8:30 PM`, `8am`, or a day fraction."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        if not 0 <= seconds < 86400:
            raise ValueError("not a time of day")
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    if isinstance(value, bool):
        raise ValueError("yes/no value where a time is expected")
    if isinstance(value, (int, float, Decimal)):
        fraction = _decimal_from_number(value)
        if not 0 <= fraction < 1:
            raise ValueError("not a time of day")
        seconds = int((fraction * 86400).quantize(Decimal(1)))
        if seconds == 86400:
            seconds = 0
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    if not isinstance(value, str):
        raise ValueError(f"{type(value).__name__} where a time is expected")
    text = value.strip()
    match = _TIME.fullmatch(text)
    if not match:
        if text.isdigit() and len(text) in (3, 4):  # 0830
            match = _TIME.fullmatch(f"{text[:-2]}:{text[-2:]}")
        elif _WHOLE_HOUR.fullmatch(text):  # 17h, 17 h, 8am, 4 p.m.
            hour, mark = _WHOLE_HOUR.fullmatch(text).groups()
            match = _TIME.fullmatch(f"{hour}:00{'' if mark in 'hH' else mark}")
        if not match:
            raise ValueError("not a time")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValueError("not a time of day")
        hour = hour % 12 + (12 if match[4][0] in "pP" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("not a time of day")
    return time(hour, minute, second)


# --------------------------------------------------------------------------- other types

_TRUE = frozenset({"1", "true", "yes", "y", "x", "ano", "a", "tak", "t", "si", "oui", "o", "vrai", "on", "wahr", "ja"})
_FALSE = frozenset({"0", "false", "no", "n", "ne", "nie", "non", "faux", "off", "falsch", "nein"})


def parse_bool(value: Any, locale: str | None = "en_GB") -> bool:
    """Yes or no in any of our languages: yes/no, ano/ne, tak/nie, sí/no, oui/non, true/false, 1/0, x."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = _fold(value.strip()).rstrip(".")
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise ValueError("not yes or no")


def parse_text(value: Any, locale: str | None = "en_GB") -> str:
    """Text as written; numbers typed by the spreadsheet come back in their plain form."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("empty")
        return text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Percent):
        return parse_text(Decimal(value)) + " %"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, float):
        return parse_text(Decimal(repr(value)))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]{2,}")


def parse_email(value: Any, locale: str | None = "en_GB") -> str:
    text = parse_text(value).removeprefix("mailto:")
    if not _EMAIL.fullmatch(text):
        raise ValueError("not an email address")
    return text


def choice_key(text: str) -> str:
    """`On hold`, `on-hold`, `ON_HOLD` -> `on_hold`."""
    return re.sub(r"[\s\-_/]+", "_", _fold(text).strip())


def parse_choice(value: Any, choices: tuple[str, ...]) -> str:
    """One of `choices`, written as it is or in a clerk's language (`horaire`, `částečně`)."""
    text = choice_key(parse_text(value))
    if text in choices:
        return text
    meant = CHOICE_WORDS.get(text)
    if meant in choices:
        return meant
    raise ValueError("not one of the allowed values")


def parse_json(value: Any, locale: str | None = "en_GB") -> Any:
    if not isinstance(value, str):
        raise ValueError("not JSON text")
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        raise ValueError("not valid JSON") from None


@lru_cache(maxsize=64)
def _local_number_form(locale: str | None) -> tuple[re.Pattern, dict[int, Any]]:
    """A pattern for numbers written exactly in `locale`'s form, and the table that makes them plain.

    Anything it does not match (currency signs, other separators, ambiguity) goes the slow way.
    """
    forms = locale_forms(locale)
    group = forms.group
    groups = _SPACES if group in _SPACES else group
    g, d = f"[{re.escape(groups)}]", re.escape(forms.decimal)
    pattern = re.compile(rf"-?(?:\d{{1,3}}(?:{g}\d{{3}})+(?:{d}\d+)?|\d+{d}\d+)")
    table = {ord(ch): None for ch in groups}
    table[ord(forms.decimal)] = "."
    return pattern, table


_PARSERS: dict[str, Callable[[Any, str | None], Any]] = {
    "text": parse_text, "decimal": parse_decimal, "quantity": parse_quantity, "money": parse_money, "rate": parse_rate,
    "int": parse_int, "date": parse_date, "time": parse_time, "bool": parse_bool,
    "email": parse_email, "json": parse_json, "iban": parse_iban, "bic": parse_bic, "country": parse_country,
}


def parser_for(field_type: str, locale: str | None = "en_GB", choices: tuple[str, ...] = (),
               limits: "Limits | None" = None) -> Callable[[Any], Any]:
    """One function `value -> typed value` for a column, with the locale and bounds bound once.

    Numbers (and whole numbers, rates) beyond `limits.max_amount_digits` or
    `MAX_SIGNIFICANT_DIGITS`, and dates outside `limits.earliest_date`..`latest_date`,
    raise `OutOfBounds` (the settings' defaults when `limits` is None).
    """
    limits = limits or _default_limits()
    parse = _unbounded_parser(field_type, locale, choices)
    if field_type in ("decimal", "quantity", "money", "price", "rate", "int"):
        def bounded_number(value: Any, _parse=parse, _check=check_number, _limits=limits) -> Any:
            return _check(_parse(value), _limits)
        return bounded_number
    if field_type == "date":
        earliest, latest = limits.earliest_date, limits.latest_date

        def bounded_day(value: Any, _parse=parse) -> date:
            day = _parse(value)
            if earliest <= day <= latest:
                return day
            return check_date(day, limits, value)
        return bounded_day
    return parse


def _unbounded_parser(field_type: str, locale: str | None, choices: tuple[str, ...]) -> Callable[[Any], Any]:
    """The parser of one column type, before bounds.

    Number columns get a fast path for values the spreadsheet already typed, so a large
    sheet of numbers costs one type check per cell.
    """
    if field_type == "choice":
        return lambda value: parse_choice(value, choices)
    if field_type in ("decimal", "quantity", "money", "price"):
        local, table = _local_number_form(locale)
        from backoffice_auto.documents.prices import parse_price  # prices reads its amount here

        slow = {"quantity": parse_quantity, "price": parse_price}.get(field_type, parse_decimal)

        def number(value: Any, _slow=slow, _loc=locale, _match=local.fullmatch, _table=table) -> Decimal:
            kind = type(value)
            if kind is Decimal:
                return value if value.is_finite() else _slow(value, _loc)
            if kind is int:
                return Decimal(value)
            if kind is str:
                if value.isdigit() and value.isascii():
                    return Decimal(value)
                if _match(value):  # the locale's own written form, e.g. 1 234,56 in cs_CZ
                    return Decimal(value.translate(_table))
            return _slow(value, _loc)
        return number
    if field_type == "text":
        def text(value: Any, _slow=parse_text) -> str:
            if type(value) is str:
                stripped = value.strip()
                if stripped:
                    return stripped
            return _slow(value)
        return text
    if field_type == "date":
        def day(value: Any, _slow=parse_date, _loc=locale) -> date:
            kind = type(value)
            if kind is date:
                return value
            if kind is datetime:
                return value.date()
            return _slow(value, _loc)
        return day
    try:
        parse = _PARSERS[field_type]
    except KeyError:
        raise ValueError(f"unknown field type {field_type!r}") from None
    return lambda value: parse(value, locale)
