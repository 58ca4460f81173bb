"""Hours worked and break lengths as clerks write them in a cell, to exact figures.

A number (`8,5`), a duration as the spreadsheet shows it (`8:30`, a cell formatted h:mm),
hours and minutes together (`7h30`, `8 h 30 min`, `7 hod. 30 min.`), a figure with its unit
(`7,5 h`, `30 min`) and a fraction (`8 1/2`, `8½`, `7 3/4 h`). Every form is read exactly or
refused: a fraction that is no whole number of seconds (`8 1/7`) is no hours anyone means.
Kept apart from the timesheet reader so that each stays small.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any

from backoffice_auto.documents.unitwords import HOUR_WORDS
from backoffice_auto.documents.values import OutOfBounds, locale_forms, parse_decimal, parse_time
from backoffice_auto.i18n import N_

__all__ = ["in_hours", "break_minutes", "hours_worked", "time_range", "MSG_DOT_HOURS"]

MSG_DOT_HOURS = N_("'{value}' can be read two ways here: write {as_time} for hours and minutes, or {as_decimal} "
                   "for hours with a decimal part.")
# `7.45` where the decimal mark is a comma: 7 h 45 min as the clock is written there, or 7,45 h
_DOT_MINUTES = re.compile(r"\s*(\d{1,2})\.([0-5]\d)\s*")


def _figure(text: str, locale: str) -> Decimal:
    """A figure of hours; `7.45` in a locale writing `7,45` is refused as two readings (`7.00` is one)."""
    match = _DOT_MINUTES.fullmatch(text)
    if match and match[2] != "00" and locale_forms(locale).decimal == ",":
        raise OutOfBounds(MSG_DOT_HOURS, as_time=f"{match[1]}:{match[2]}", as_decimal=f"{match[1]},{match[2]}")
    return parse_decimal(text, locale)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.replace("_", " ").replace(".", " ").strip().lower().split())


_MINUTE_WORDS = frozenset({"m", "min", "mins", "minute", "minutes", "minut", "minuta", "minuty", "minutos", "minuto"})
_WITH_UNIT = re.compile(r"\s*([-+]?\d[\d\s.,]*?)\s*([^\W\d_]+)\.?\s*")


def in_hours(header: Any) -> bool:
    """Does a break column's header say its figures are hours (`Přestávka (h)`, `Pause (heures)`)?"""
    return isinstance(header, str) and bool(HOUR_WORDS & set(_fold(re.sub(r"[()\[\]/]", " ", header)).split()))


def break_minutes(value: Any, locale: str, hours: bool = False) -> int:
    """A break in whole minutes: `30`, `0:30`, `30 min`, `1 h`, `0,5 h`, `½ h`; a plain figure
    counts in hours when the column's header says so (`hours`)."""
    if isinstance(value, time):  # a break written as a duration 0:30
        return value.hour * 60 + value.minute
    if isinstance(value, str):
        seconds = _written_seconds(value)
        if seconds is None and hours:
            seconds = _fraction_seconds(value, bare=True)
        if seconds is not None:  # `0h30`, `1 h 15 min`, `½ h`
            if seconds % 60:
                raise ValueError("not whole minutes")
            return seconds // 60
    if isinstance(value, str) and ":" in value:
        t = parse_time(value, locale)
        return t.hour * 60 + t.minute
    match = _WITH_UNIT.fullmatch(value) if isinstance(value, str) else None
    if match is not None:  # `1 h` is an hour, never a minute
        unit = _fold(match[2])
        if unit not in HOUR_WORDS and unit not in _MINUTE_WORDS:
            raise ValueError("not a number of minutes")
        hours = unit in HOUR_WORDS
        value = match[1]
    number = parse_decimal(value, locale) * (60 if hours else 1)
    if number != number.to_integral_value():
        raise ValueError("not whole minutes")
    return int(number)


_DURATION = re.compile(r"\s*(\d{1,3})\s*:\s*([0-5]\d)(?:\s*:\s*([0-5]\d))?\s*")
# `7h30`, `7 h 30`, `7h30min`, `8 h 30 min`, `7 hod. 30 min.` and `7:30 h`: hours and minutes together
_HOURS_MINUTES = re.compile(r"\s*(\d{1,3})\s*([^\W\d_]+)\.?\s*([0-5]?\d)\s*(?:([^\W\d_]+)\.?)?\s*")
_DURATION_WITH_UNIT = re.compile(r"(.*\d)\s*([^\W\d_]+)\.?\s*")
# `8 1/2`, `8-1/2`, `1/2`, `7 3/4 h` (a vulgar fraction `8½` is spelt out as `8 1/2` first)
_FRACTION = re.compile(r"\s*(?:(\d{1,3})(?:\s+|\s*[-+]\s*))?(\d{1,2})\s*/\s*(\d{1,2})\s*(?:([^\W\d_]+)\.?)?\s*")


def _spelt(text: str) -> str:
    """`8½` as `8 1/2`: each vulgar fraction character as its digits, apart from a whole number before it."""
    out = []
    for ch in text:
        if not ch.isascii() and ch.isnumeric() and not ch.isdigit():
            parts = unicodedata.normalize("NFKC", ch).replace("\u2044", "/")
            ch = f" {parts}" if "/" in parts else ch
        out.append(ch)
    return "".join(out)


def _fraction_seconds(value: str, bare: bool = False) -> int | None:
    """Seconds of hours written with a fraction (`8 1/2`, `8½`, `¾ h`), else None; a fraction that
    is improper or no whole number of seconds is refused. `bare`: without a unit word too."""
    match = _FRACTION.fullmatch(_spelt(value))
    if match is None or (match[4] is not None and _fold(match[4]) not in HOUR_WORDS):
        return None
    if match[4] is None and not bare and match[1] is None and "/" in value:
        bare = True  # `1/2` in an hours cell: half an hour
    whole, numerator, denominator = int(match[1] or 0), int(match[2]), int(match[3])
    if not 0 < numerator < denominator or (3600 * numerator) % denominator:
        raise ValueError("not a fraction of an hour")
    return whole * 3600 + 3600 * numerator // denominator


def _written_seconds(value: str) -> int | None:
    """Seconds of a duration written in hours and minutes (`7h30`, `8 h 30 min`, `7:30 h`), else None."""
    match = _HOURS_MINUTES.fullmatch(value)
    if match and _fold(match[2]) in HOUR_WORDS and (match[4] is None or _fold(match[4]) in _MINUTE_WORDS):
        return int(match[1]) * 3600 + int(match[3]) * 60
    match = _DURATION_WITH_UNIT.fullmatch(value)
    if match and _fold(match[2]) in HOUR_WORDS and _DURATION.fullmatch(match[1]):
        found = _DURATION.fullmatch(match[1])
        return int(found[1]) * 3600 + int(found[2]) * 60 + int(found[3] or 0)
    if "/" in value or not value.isascii():
        return _fraction_seconds(value)
    return None


_SECOND_SHARE = Decimal("1e-12")


def hours_worked(value: Any, locale: str) -> Decimal:
    """Hours worked: a number (`8,5`), or a duration as the spreadsheet shows it (`8:30`, a cell
    formatted h:mm). A duration's hours are rounded up at the twelfth decimal, so the seconds
    taken from them (truncated) are exactly the seconds written: 8:20 is 30,000 seconds."""
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
    elif isinstance(value, timedelta):
        seconds = int(value.total_seconds())
    elif isinstance(value, str) and _DURATION.fullmatch(value):
        match = _DURATION.fullmatch(value)
        seconds = int(match[1]) * 3600 + int(match[2]) * 60 + int(match[3] or 0)
    elif isinstance(value, str) and _written_seconds(value) is not None:
        seconds = _written_seconds(value)
    elif isinstance(value, str) and _WITH_UNIT.fullmatch(value):
        # `8 hodin`, `7,5 h` are hours; `30 min` is half an hour, never 30 hours; any other
        # word (`8 days`, `8 kg`) says the figure is no number of hours
        match = _WITH_UNIT.fullmatch(value)
        unit = _fold(match[2])
        if unit in HOUR_WORDS:
            return _figure(match[1], locale)
        if unit not in _MINUTE_WORDS:
            raise ValueError("not a number of hours")
        minutes = parse_decimal(match[1], locale)
        if minutes != minutes.to_integral_value():
            raise ValueError("not whole minutes")
        seconds = int(minutes) * 60
    elif isinstance(value, str):
        return _figure(value, locale)
    else:
        return parse_decimal(value, locale)
    return (Decimal(seconds) / 3600).quantize(_SECOND_SHARE, ROUND_CEILING).normalize()


_CLOCK = r"\d{1,2}(?:\s*[:.h]\s*\d{2})?\s*(?:[aApP]\.?\s*[mM]\.?)?"
_RANGE = re.compile(rf"\s*({_CLOCK})\s*[-\u2013\u2014]\s*({_CLOCK})\s*")


def time_range(value: str) -> tuple[str, str] | None:
    """A shift written in one cell (`22:00-06:00`, `8:00 – 16:30`, `8-16`, `9am-5pm`) as its two
    punches; a bare hour is that hour sharp. None when the cell is no such range."""
    match = _RANGE.fullmatch(value)
    if match is None:
        return None
    sides = (match[1].strip(), match[2].strip())
    return tuple(f"{side}:00" if side.isdigit() else side for side in sides)
