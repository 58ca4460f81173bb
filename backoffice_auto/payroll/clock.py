"""Wall-clock time to exact instants: rounding punches, time zones, daylight saving.

Punches are written in the employee's local time. They are rounded on the wall clock
(symmetric: to the nearest step, ties up, so the rule favours neither side), then given
the employee's zone and turned into UTC, so that elapsed time is real time: a 22:00 to
06:00 shift lasts 7 h on the spring-forward night and 9 h on the fall-back night.
(Python subtracts two datetimes of the same tzinfo on the wall clock, so everything that
measures time here works in UTC.)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Iterator
from zoneinfo import ZoneInfo

UTC = timezone.utc


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name; `ZoneInfoNotFoundError` (a KeyError) when unknown."""
    return ZoneInfo(name)


def round_wall(moment: datetime, step_minutes: int) -> datetime:
    """`moment` (naive, local) rounded to the nearest `step_minutes`; a tie rounds up."""
    if step_minutes <= 1 and moment.second == 0 and moment.microsecond == 0:
        return moment
    step = max(step_minutes, 1) * 60
    midnight = datetime.combine(moment.date(), time(0))
    seconds = (moment - midnight).total_seconds()
    rounded = int((seconds + step / 2) // step) * step
    return midnight + timedelta(seconds=rounded)


@lru_cache(maxsize=65536)
def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A naive local wall-clock time as a UTC instant.

    An ambiguous time (the repeated hour of a fall-back night) is read as its first
    occurrence; a time that does not exist (the skipped hour) keeps the offset before the
    change, which is what a clock that was not yet set forward shows.
    """
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


@lru_cache(maxsize=65536)
def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return to_utc(datetime.combine(day, time(0)), tz)


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> Iterator[tuple[date, datetime, datetime]]:
    """The local calendar days that [start, end) touches, each with its clipped UTC span."""
    day = start.astimezone(tz).date()
    while True:
        day_start = local_midnight(day, tz)
        day_end = local_midnight(day + timedelta(days=1), tz)
        lo, hi = max(start, day_start), min(end, day_end)
        if lo >= end:
            return
        if hi > lo:
            yield day, lo, hi
        day += timedelta(days=1)


def overlap(start: datetime, end: datetime, lo: datetime, hi: datetime) -> int:
    """Seconds that [start, end) and [lo, hi) share."""
    seconds = (min(end, hi) - max(start, lo)).total_seconds()
    return int(seconds) if seconds > 0 else 0


def window_seconds(start: datetime, end: datetime, tz: ZoneInfo, window_start: time, window_end: time) -> int:
    """Seconds of [start, end) inside a daily local window such as 22:00-06:00 (may wrap midnight)."""
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    total = 0
    day = first
    while day <= last:
        lo, hi = _window(day, tz, window_start, window_end)
        total += overlap(start, end, lo, hi)
        day += timedelta(days=1)
    return total


@lru_cache(maxsize=65536)
def _window(day: date, tz: ZoneInfo, window_start: time, window_end: time) -> tuple[datetime, datetime]:
    """The UTC span of a local daily window starting on `day` (cached: many shifts share days)."""
    wraps = window_end <= window_start
    lo = to_utc(datetime.combine(day, window_start), tz)
    hi = to_utc(datetime.combine(day + timedelta(days=1 if wraps else 0), window_end), tz)
    return lo, hi
