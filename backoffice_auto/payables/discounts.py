"""Early-payment discount ladders (`3/10 2/20 net 45`) and whether a discount is worth taking.

The shared terms module reads one discount (`2/10 net 30`); suppliers also print
ladders, so this reads any number of `P/D` steps before the `net N [eom]` part and hands
that part to the shared reader. Pure functions; dates from `terms.due_date` rules.

Worth taking: a step that gives `p` % for paying `n` days before the due date costs the
use of `(100 - p)` for `n` days to earn `p`, an annualised rate of
`p / (100 - p) * 365 / n` (2/10 net 30: 2/98 * 365/20 = 37.2 %). It is taken when that
beats the rules' cost of money. Among several steps the one with the largest benefit
`p - (100 - p) * cost * n / 365 / 100` (per 100 of the bill) wins; benefit > 0 is the same
test as rate > cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from backoffice_auto.terms import PaymentTerms, TermsError, month_end, parse_terms

_STEP = re.compile(r"^\s*(\d{1,2}(?:[.,]\d{1,3})?)\s*%?\s*/\s*(\d{1,3})\s*,?\s*")
MAX_STEPS = 5
DAYS_A_YEAR = Decimal(365)


@dataclass(frozen=True)
class Ladder:
    """Discount steps `(pct, days)` by increasing days and the net part."""

    steps: tuple[tuple[Decimal, int], ...]
    days: int
    end_of_month: bool = False


@lru_cache(maxsize=1024)
def parse_ladder(text: str) -> Ladder:
    """`3/10 2/20 net 45 eom` -> Ladder; ValueError (TermsError) naming the text otherwise."""
    rest = " ".join(str(text or "").split())
    steps: list[tuple[Decimal, int]] = []
    while True:
        m = _STEP.match(rest)
        if not m:
            break
        steps.append((Decimal(m.group(1).replace(",", ".")), int(m.group(2))))
        rest = rest[m.end():]
        if len(steps) > MAX_STEPS:
            raise TermsError(str(text))
    base: PaymentTerms = parse_terms(rest)  # the net part
    steps.sort(key=lambda s: s[1])
    days = [d for _, d in steps]
    if len(set(days)) != len(days) or any(d > base.days for d in days):
        raise TermsError(str(text))
    if any(not (Decimal(0) < p < Decimal(100)) for p, _ in steps):
        raise TermsError(str(text))
    return Ladder(tuple(steps), base.days, base.end_of_month)


def try_ladder(text: str | None) -> Ladder | None:
    if not text or not str(text).strip():
        return None
    try:
        return parse_ladder(str(text))
    except ValueError:
        return None


def start_date(issue: date, ladder: Ladder) -> date:
    return month_end(issue) if ladder.end_of_month else issue


def ladder_due(issue: date, ladder: Ladder) -> date:
    return start_date(issue, ladder) + timedelta(days=ladder.days)


@dataclass(frozen=True)
class Step:
    """One discount on one bill: pay by `last_day`, pay `pct` % less (of the full amount)."""

    last_day: date
    pct: Decimal


@lru_cache(maxsize=65536)
def bill_steps(issue: date, ladder: Ladder, due: date, chained: bool) -> tuple[Step, ...]:
    """The ladder's steps as dates for one bill (none after the due date). Cached: bills of
    one supplier issued on one day share them (100,000 bills, a few thousand distinct).

    Chained: paying by step i earns step i and every later step, compounded
    (3/10 2/20 by day 10: 1 - 0.97 * 0.98 = 4.94 %).
    """
    start = start_date(issue, ladder)
    out = []
    for i, (pct, days) in enumerate(ladder.steps):
        day = min(start + timedelta(days=days), due)
        if chained:
            keep = Decimal(1)
            for p, _ in ladder.steps[i:]:
                keep *= (Decimal(100) - p) / Decimal(100)
            pct = (Decimal(1) - keep) * Decimal(100)
        out.append(Step(day, pct))
    return tuple(out)


def annual_rate(pct: Decimal, days_early: int) -> Decimal | None:
    """The annualised rate in % of taking `pct` for paying `days_early` days early."""
    if days_early <= 0:
        return None  # no cost of waiting: always worth it
    return pct / (Decimal(100) - pct) * DAYS_A_YEAR / Decimal(days_early) * Decimal(100)


@lru_cache(maxsize=65536)
def benefit(pct: Decimal, days_early: int, cost_pct: Decimal) -> Decimal:
    """Per 100 of the bill: the discount less the cost of paying early."""
    return pct - (Decimal(100) - pct) * cost_pct * Decimal(max(days_early, 0)) / DAYS_A_YEAR / Decimal(100)


def discount_of(amount: Decimal, pct: Decimal, digits: int) -> Decimal:
    return (amount * pct / Decimal(100)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
