"""Dates with the day of the week written beside them: `Po 3.11.2026`, `Mon 03/11/2026`,
`pon., 2.11.2026`, `3.11.2026 (út)`.

Clerks write the weekday so that a sheet reads as a week. It adds nothing to the date, but
it checks it: a weekday that does not fall on the date says that the date or the weekday is
miswritten (or that a year taken from the sheet's title is not the one meant), so such a
cell is refused, naming the date, and never paid on either of the two days.

Names come from Babel in the five languages (wide, abbreviated and short: `pondělí`, `Po`,
`lun.`, `śr.`), plus the abbreviations offices use beside them (`Tues`, `pn.`, `ndz.`);
none of them names two different days.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from backoffice_auto.documents.datewords import LANGUAGES, fold
from backoffice_auto.i18n import N_

__all__ = ["split_weekday", "on_weekday", "WEEKDAY_MISMATCH"]

WEEKDAY_MISMATCH = N_("'{value}': the day of the week written there does not fall on {date}: correct the date "
                      "or the day of the week.")
_EXTRA = {"tues": 1, "thur": 3, "thurs": 3, "weds": 2, "pn": 0, "ndz": 6, "nd": 6, "sob": 5}
# `Po 3.11.`, `Mon, 03/11/2026`, `lun. 3 nov.`: a name of letters, an optional full stop and
# comma, then the date; `3.11.2026 (út)`, `03/11/2026 Mon`: the name after it
_BEFORE = re.compile(r"\s*([^\W\d_]{2,12})\.?\s*[,\-]?\s*(\d.*?)\s*")
_AFTER = re.compile(r"\s*(.*?\d\.?)\s*[,\-]?\s*\(?\s*([^\W\d_]{2,12})\.?\s*\)?\s*")


@lru_cache(maxsize=1)
def _names() -> dict[str, int]:
    from babel.dates import get_day_names

    names = dict(_EXTRA)
    for language in LANGUAGES:
        for width in ("wide", "abbreviated", "short"):
            for context in ("format", "stand-alone"):
                for index, label in get_day_names(width, context, locale=language).items():
                    key = fold(label).rstrip(".")
                    if key:
                        names.setdefault(key, index)
    return names


def split_weekday(text: str) -> tuple[int, str] | None:
    """(the weekday written, 0 = Monday, and the rest of `text`) when `text` is a weekday name
    and something else with a digit in it, else None."""
    if len(text) > 60:
        return None
    for pattern, name_at, rest_at in ((_BEFORE, 1, 2), (_AFTER, 2, 1)):
        match = pattern.fullmatch(text)
        if match is not None:
            index = _names().get(fold(match[name_at]))
            if index is not None:
                return index, match[rest_at]
    return None


def on_weekday(day: date, weekday: int, written: Any) -> date:
    """`day` when it falls on `weekday`; else refused (an `OutOfBounds` naming the date)."""
    if day.weekday() != weekday:
        from backoffice_auto.documents.values import OutOfBounds

        raise OutOfBounds(WEEKDAY_MISMATCH, date=day.isoformat())
    return day
