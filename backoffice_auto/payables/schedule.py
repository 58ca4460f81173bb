"""A pay date for every open bill: terms, run days, discounts worth taking. Pure.

For one bill (DESIGN.md `bills`), given the run days from `today` on:

1. the due date is the one printed on the bill (the books' `due_date`), else the terms'
   (the supplier's `payment_terms`, else the rules' `default_payment_terms`);
2. the discount steps come from the terms when they are a ladder (`3/10 2/20 net 45`),
   else from the bill's own `discount_date`/`discount_amount`; a step is *reachable*
   when a run day falls between today and its last day; a partly paid bill gets none;
3. a preferred supplier takes its first reachable step; any other bill takes the
   reachable step with the largest benefit when that benefit is positive (its annual
   rate beats `cost_of_money_pct`, see `discounts`);
4. the deadline is that step's last day, else the due date; the bill is paid on the last
   run day not after its deadline; when none is left (overdue, or due before the next
   run day) it goes into the first run day. A preferred supplier's bill without a
   reachable discount goes into the first run day too.

Credit notes are scheduled on the first run day (they are netted there, never paid).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from backoffice_auto.money import minor_digits
from backoffice_auto.payables.calendar import RunDays
from backoffice_auto.payables.discounts import (Ladder, Step, benefit, bill_steps, discount_of, ladder_due,
                                                try_ladder)
from backoffice_auto.payables.model import OpenBill, Payee


@dataclass(frozen=True)
class Policy:
    """What of the rules scheduling needs (made once per run from `PayablesRules`)."""

    cost_of_money_pct: Decimal = Decimal(10)
    chained: bool = False
    preferred: frozenset[str] = frozenset()
    default_terms: str = "net 30"

    @classmethod
    def from_rules(cls, rules) -> "Policy":
        return cls(rules.cost_of_money_pct, rules.chained_discounts, frozenset(rules.preferred_suppliers),
                   rules.default_payment_terms)


@dataclass(frozen=True)
class Schedule:
    bill_id: str
    scheduled_date: date
    deadline: date
    due_date: date
    discount_date: date | None  # the step taken, if any
    discount: Decimal  # amount off the bill when paid by discount_date (0 without one)
    late: bool  # paid after its deadline because no run day was left before it


def steps_for(bill: OpenBill, ladder: Ladder | None, due: date, chained: bool) -> tuple[Step, ...]:
    if bill.paid != 0 or bill.payable <= 0:
        return ()
    if ladder is not None and len(ladder.steps) > 1 and bill.issue_date is not None:
        return bill_steps(bill.issue_date, ladder, due, chained)
    if bill.discount_date is not None and bill.discount_amount:
        pct = bill.discount_amount * Decimal(100) / bill.payable
        return (Step(min(bill.discount_date, due), pct),) if Decimal(0) < pct < Decimal(100) else ()
    if ladder is not None and ladder.steps and bill.issue_date is not None:
        return bill_steps(bill.issue_date, ladder, due, chained)
    return ()


def schedule_bill(bill: OpenBill, payee: Payee | None, runs: RunDays, policy: Policy) -> Schedule:
    ladder = try_ladder(payee.payment_terms if payee else None) or try_ladder(policy.default_terms)
    issue = bill.issue_date or runs.first
    due = bill.due_date or (ladder_due(issue, ladder) if ladder else issue)
    first = runs.first
    if bill.payable <= 0:
        return Schedule(bill.bill_id, first, due, due, None, Decimal(0), False)
    preferred = bill.supplier_id in policy.preferred
    chosen: tuple[Step, date] | None = None
    best = Decimal(0)
    for step in steps_for(bill, ladder, due, policy.chained):
        pay_day = runs.last_on_or_before(step.last_day)
        if pay_day is None:
            continue  # no run day before it expires
        if preferred:
            chosen = (step, pay_day)
            break
        gain = benefit(step.pct, (due - step.last_day).days, policy.cost_of_money_pct)
        if gain > best:
            best, chosen = gain, (step, pay_day)
    if chosen is not None:
        step, pay_day = chosen
        amount = bill.discount_amount if (bill.discount_date == step.last_day and bill.discount_amount
                                          and not policy.chained) else discount_of(
            bill.payable, step.pct, minor_digits(bill.currency))
        return Schedule(bill.bill_id, pay_day, step.last_day, due, step.last_day, amount, False)
    if preferred:
        return Schedule(bill.bill_id, first, due, due, None, Decimal(0), False)
    pay_day = runs.last_on_or_before(due)
    if pay_day is None:
        return Schedule(bill.bill_id, first, due, due, None, Decimal(0), due < first)
    return Schedule(bill.bill_id, pay_day, due, due, None, Decimal(0), False)


def schedule_bills(bills: Iterable[OpenBill], payees: Mapping[str, Payee], runs: RunDays,
                   policy: Policy) -> dict[str, Schedule]:
    """bill_id -> Schedule for every open bill (paid and approved bills are the caller's to skip)."""
    return {b.bill_id: schedule_bill(b, payees.get(b.supplier_id), runs, policy) for b in bills}
