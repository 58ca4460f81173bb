"""Typed values of the payroll job: a worked shift, hours by category, a payslip.

Time is counted in whole seconds (int) until the end, so sums are exact; hours are
shown as Decimal rounded to hundredths only when presented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from backoffice_auto.errors import Source

# Worked time splits into exactly one of these ...
BASE_CATEGORIES = ("regular", "overtime", "double_time")
# ... and may in addition earn these premiums (they overlap the base categories).
PREMIUM_CATEGORIES = ("night", "sunday", "holiday")
CATEGORIES = BASE_CATEGORIES + PREMIUM_CATEGORIES

HOUR = 3600


class _once:
    """`functools.cached_property` without its lock: Python 3.11's takes a lock on every first
    read, which was a tenth of a 10,000-employee pay run (two reads of each of 186,000
    shifts). The value is computed from the frozen fields, so computing it twice in two
    threads would give the same value."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True)
class Shift:
    """One worked interval (punch in to punch out) or one day's total hours.

    `start`/`end` are time-zone aware (exact across daylight-saving changes); a daily-hours
    row has `seconds` and no times. `day` is the work day the shift belongs to.
    """

    employee_id: str
    day: date
    start: datetime | None = None
    end: datetime | None = None
    seconds: int | None = None  # daily-hours rows only
    break_minutes: int = 0
    rate: Decimal | None = None  # a rate for this shift, else the employee's
    bonus: Decimal = Decimal(0)  # non-discretionary bonus earned in this shift's workweek
    origin: Any = field(default=None, compare=False)  # the timesheet row (has `.where(field)`)

    def __post_init__(self) -> None:
        """`elapsed` and `worked` worked out once, here: every shift of a pay run needs them, and
        one call here costs less than the two lazy reads (186,000 shifts in a 10,000-employee
        run). A shift without times or seconds keeps them lazy (and failing) as before."""
        if self.seconds is not None:
            elapsed = self.seconds
        elif self.start is not None and self.end is not None:
            elapsed = int((self.end - self.start).total_seconds())
        else:
            return
        try:
            worked = max(0, elapsed - self.break_minutes * 60)
        except TypeError:
            return
        values = self.__dict__  # what `_once` would store on the first read
        values["elapsed"] = elapsed
        values["worked"] = worked

    @property
    def source(self) -> Source | None:
        """The punch-in cell (or the row) this shift was read from, made when a message needs it."""
        if self.origin is None:
            return None
        return self.origin.where("in")

    @_once
    def elapsed(self) -> int:
        if self.seconds is not None:
            return self.seconds
        return int((self.end - self.start).total_seconds())

    @_once
    def worked(self) -> int:
        return max(0, self.elapsed - self.break_minutes * 60)


@dataclass
class DayHours:
    """A work day's worked seconds split by category, and the rates behind them."""

    day: date
    seconds: dict[str, int] = field(default_factory=dict)
    # Pay in "rate-seconds" (rate x seconds; exact: a Decimal times an int), divided by
    # 3600 only in exact fractions when pay is worked out, so nothing is rounded early.
    straight: Decimal = Decimal(0)  # worked seconds x rate
    premium_base: dict[str, Decimal] = field(default_factory=dict)  # premium seconds x rate, per premium

    def get(self, category: str) -> int:
        return self.seconds.get(category, 0)

    @property
    def worked(self) -> int:
        seconds = self.seconds
        return seconds.get("regular", 0) + seconds.get("overtime", 0) + seconds.get("double_time", 0)


@dataclass(frozen=True)
class WeekCarry:
    """A workweek's regular seconds and worked days counted by earlier pay runs."""

    regular: int = 0
    days: frozenset[date] = frozenset()


@dataclass
class WeekHours:
    week_start: date
    days: list[DayHours]
    bonus: Decimal = Decimal(0)
    carried: WeekCarry = field(default_factory=WeekCarry)

    def total(self, category: str) -> int:
        """Seconds of a category in the week (summed once, then cached: the days are final)."""
        totals = self.__dict__.get("_totals")
        if totals is None:
            totals = {}
            for d in self.days:
                for key, seconds in d.seconds.items():
                    totals[key] = totals.get(key, 0) + seconds
            self.__dict__["_totals"] = totals
        return totals.get(category, 0)

    @property
    def worked(self) -> int:
        return self.total("regular") + self.total("overtime") + self.total("double_time")

    @property
    def straight(self) -> Decimal:
        return sum((d.straight for d in self.days), Decimal(0))


@dataclass(frozen=True)
class PayLine:
    code: str  # straight_time, salary, overtime_premium, double_time_premium, night_premium, ...
    hours: Decimal | None
    rate: Decimal | None
    amount: Decimal  # rounded to the currency's minor unit
    label: str | None = None  # a formula premium's own label (the built-in codes have theirs)
    labels: tuple[tuple[str, str], ...] = ()  # (language, label) from the rules


@dataclass(frozen=True)
class DeductionLine:
    name: str
    label: str
    amount: Decimal
    labels: tuple[tuple[str, str], ...] = ()  # (language, label) from the rules

    def label_in(self, language: str) -> str:
        return dict(self.labels).get(language, self.label)


@dataclass
class Payslip:
    employee_id: str
    period: str
    period_start: date
    period_end: date
    currency: str
    hours: dict[str, Decimal]
    lines: list[PayLine]
    deductions: list[DeductionLine]
    regular_rates: tuple[Decimal, ...] = ()  # per workweek with hours, to 4 decimals

    @property
    def regular_rate(self) -> Decimal | None:
        """The regular rate when the period holds one workweek (else see `regular_rates`)."""
        return self.regular_rates[0] if len(self.regular_rates) == 1 else None

    @property
    def gross(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def total_deductions(self) -> Decimal:
        return sum((d.amount for d in self.deductions), Decimal(0))

    @property
    def net(self) -> Decimal:
        return self.gross - self.total_deductions


def hours_of(seconds: int) -> Decimal:
    """Seconds as hours, to the hundredth (for display and the books)."""
    return (Decimal(seconds) / HOUR).quantize(Decimal("0.01"))
