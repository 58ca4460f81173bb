"""Dates written with words: month names, Roman month numerals and weekday names, in any of
the five languages.

A workspace's locale says how its own clerks write numbers, but order sheets and
timesheets come from customers and branches abroad: a Polish customer writes
`20 listopada 2026` to an English-speaking warehouse, a French branch `vendredi 20 novembre
2026`, an accounting export `20-Nov-26`, a Czech or Polish clerk `20.XI.2026`. A month name
is not ambiguous the way `03/04` is, so the locale's names are tried first and then every
other language's; a name that fits two different months (none does among en, cs, pl, es and
fr once the locale's own names are tried first) is no date.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Callable

__all__ = ["parse_word_date", "month_number", "exact_month", "from_1904"]

LANGUAGES = ("en", "cs", "pl", "es", "fr")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12}
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe"})

# day month year (`20 listopada 2026`, `20. XI. 2026`, `20-Nov-26`, `1er novembre 2026`)
_DAY_FIRST = re.compile(r"(\d{1,2})(?:er|st|nd|rd|th|º|°)?\.?[\s\-/]*([^\W\d_]+)\.?[\s,\-/.]*(\d{4}|\d{2})")
# month day year (`Nov 20, 2026`, `November 20th 2026`)
_MONTH_FIRST = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_TIME_AFTER = re.compile(r",?\s+(?:a\s+las\s+|à\s+|o\s+|v\s+|at\s+)?\d{1,2}[:h.]\d{2}(?::\d{2})?(?:\s*[aApP]\.?\s*[mM]\.?)?$")
#: `mercredi 20 de noviembre de 2026 a las 14:30` is 45 characters: longer text is no date.
MAX_WORD_DATE_CHARS = 80
_LINKS = re.compile(r"\s+(?:de|del|of)\s+", re.I)


def fold(text: str) -> str:
    """Lower case without accents (`Září` -> `zari`, `Łódź` -> `lodz`)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=16)
def _month_names(language: str) -> dict[str, int]:
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, label in get_month_names(width, context, locale=language).items():
                key = fold(label).rstrip(".")
                if key and not key.isdigit():
                    names.setdefault(key, number)
    return names


@lru_cache(maxsize=1)
def _weekday_names() -> frozenset[str]:
    from babel.dates import get_day_names

    names = set()
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names |= {fold(label).rstrip(".") for label in get_day_names(width, context, locale=language).values()}
    return frozenset(n for n in names if n)


def _by_prefix(months: dict[str, int], name: str) -> int | None:
    """Czech and Polish month names inflect (`listopadu`, `listopada`): match a 3+ letter stem."""
    found = {number for label, number in months.items()
             if len(name) >= 3 and (label.startswith(name) or name.startswith(label[:max(3, len(label) - 2)]))}
    return found.pop() if len(found) == 1 else None


def month_number(name: str, own: dict[str, int]) -> int | None:
    """The month a word names: the locale's own names (`own`, folded) first, then each of the
    five languages alone; a Roman numeral `I`..`XII` too."""
    key = fold(name).rstrip(".")
    if key in _ROMAN:
        return _ROMAN[key]
    month = own.get(key) or _by_prefix(own, key)
    if month:
        return month
    found = {names[key] for names in map(_month_names, LANGUAGES) if key in names}
    if not found:
        found = {m for m in (_by_prefix(_month_names(language), key) for language in LANGUAGES) if m}
    return found.pop() if len(found) == 1 else None


def exact_month(word: str) -> int | None:
    """The month a whole month name says (`listopad`, `listopadu`, `Nov`, `noviembre`) in any of
    the five languages; never by a stem, so that `Marketing` is no March."""
    key = fold(word).rstrip(".")
    found = {names[key] for names in map(_month_names, LANGUAGES) if key in names}
    return found.pop() if len(found) == 1 else None


def parse_word_date(text: str, own: dict[str, int], make: Callable[[int, int, int], date]) -> date | None:
    """`text` as a date written with a month word, or None when it is not one. `make(year, month,
    day)` builds the date (and refuses an impossible one)."""
    if len(text) > MAX_WORD_DATE_CHARS:  # no date is this long; the patterns below are quadratic in runs of spaces
        return None
    text = _TIME_AFTER.sub("", _LINKS.sub(" ", text.strip()))
    found = _day_month_year(text, own, make)
    first, _, rest = text.partition(" ")
    if found is None and rest and fold(first).rstrip(".,") in _weekday_names():
        # `vendredi 20 novembre 2026`, `Fri, 20 Nov 2026`; tried second: `Mar 3, 2026` is March, not martes
        found = _day_month_year(rest.strip(), own, make)
    return found


def _day_month_year(text: str, own: dict[str, int], make: Callable[[int, int, int], date]) -> date | None:
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, name, year = int(match[1]), match[2], match[3]
    else:
        match = _MONTH_FIRST.fullmatch(text)
        if not match:
            return None
        name, day, year = match[1], int(match[2]), match[3]
    month = month_number(name, own)
    if not month:
        return None
    # a two-digit year is 1970-2069; four digits are that year (`0026` is not 2026)
    full = int(year) + (0 if len(year) > 2 else 2000 if int(year) < 70 else 1900)
    return make(full, month, day)


#: Days between the 1900 and the 1904 date systems' day 0 (old Mac Excel workbooks count from 1904).
DAYS_1900_TO_1904 = 1462


def from_1904(value):
    """A plain day number written in a 1904-system workbook as the 1900-system number the
    parsers read (`44883` there is 19 Nov 2026, not 18 Nov 2022); anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, int) and 19000101 <= value <= 21991231:  # 20261120 written as a number
        return value
    return value + DAYS_1900_TO_1904
