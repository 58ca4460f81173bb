"""Cash out (and in) by week for the coming weeks. Pure.

- bills: what is still open, on its scheduled date (else its due date), less the
  discount the schedule takes; overdue amounts fall in the first week;
- payroll: the payslips' pattern: the last pay period's total net, repeated every
  period length (the last period's end to the next) after the last period paid;
- receipts: open sales invoices (total less paid) on their due dates.

Only the settings' currency is forecast: adding CZK to EUR would be a number nobody can use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterable, Mapping

from backoffice_auto.payables.model import OpenBill
from backoffice_auto.payables.schedule import Schedule


@dataclass(frozen=True)
class Week:
    start: date
    bills: Decimal
    payroll: Decimal
    receipts: Decimal

    @property
    def net(self) -> Decimal:
        return self.receipts - self.bills - self.payroll


def _dec(value) -> Decimal:
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def forecast(today: date, weeks: int, currency: str, bills: Iterable[OpenBill], schedules: Mapping[str, Schedule],
             payslips: Iterable[Mapping], sales_invoices: Iterable[Mapping]) -> list[Week]:
    first = today - timedelta(days=today.weekday())
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    end = starts[-1] + timedelta(days=7)
    out = {s: [Decimal(0), Decimal(0), Decimal(0)] for s in starts}

    def slot(day: date | None) -> date | None:
        if day is None:
            return None
        if day < first:
            return first
        if day >= end:
            return None
        return first + timedelta(weeks=(day - first).days // 7)

    for b in bills:
        if b.currency != currency or b.open_amount <= 0:
            continue
        s = schedules.get(b.bill_id)
        day = s.scheduled_date if s else (b.scheduled_date or b.due_date)
        discount = s.discount if s and s.discount_date else Decimal(0)
        week = slot(day)
        if week is not None:
            out[week][0] += b.open_amount - discount
    periods: dict[date, tuple[date, Decimal]] = {}
    for p in payslips:
        if (p.get("currency") or currency) != currency or not p.get("period_end"):
            continue
        start, stop = p.get("period_start") or p["period_end"], p["period_end"]
        prev = periods.get(stop, (start, Decimal(0)))
        periods[stop] = (start, prev[1] + _dec(p.get("net")))
    if periods:
        last_end = max(periods)
        last_start, amount = periods[last_end]
        length = max((last_end - last_start).days + 1, 7)
        day = last_end + timedelta(days=length)
        while day < end:
            week = slot(day)
            if week is not None and day >= first:
                out[week][1] += amount
            day += timedelta(days=length)
    for inv in sales_invoices:
        if (inv.get("currency") or currency) != currency or inv.get("status") not in ("open", "partial", None):
            continue
        left = _dec(inv.get("total")) - _dec(inv.get("paid"))
        week = slot(inv.get("due_date"))
        if left > 0 and week is not None:
            out[week][2] += left
    return [Week(s, *out[s]) for s in starts]
