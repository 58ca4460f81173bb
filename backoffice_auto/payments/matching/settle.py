"""How one payment amount settles a set of invoices: exactly, with a discount, a fee, over or in part.

Pure arithmetic on `Decimal`. Allocation convention (the books' `matches`): an `invoice`
allocation is what the invoice is credited with (its `paid` grows by it); `fee` (document:
the account written off to) and `discount` (document: the invoice) allocations are the parts of that credit not received in cash (written off as
the rules name them); a `credit` allocation is cash received beyond what was owed, kept as
the customer's credit. So cash = invoices - fees - discounts + credit, always.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable, Sequence, Union

from backoffice_auto.money import minor_digits, to_minor
from backoffice_auto.payments.matching.records import ZERO, Allocation, OpenInvoice


@dataclass(frozen=True)
class Settlement:
    kind: str  # exact | discount | fee | over | partial
    allocations: tuple[Allocation, ...]
    settles_all: bool  # every invoice of the set is paid in full afterwards


def minor(amount: Decimal, currency: str) -> int:
    """`to_minor(amount, currency)`, without its rounding step for a finite Decimal already on
    the currency's minor unit (the usual case), where rounding changes nothing."""
    if type(amount) is Decimal:
        scaled = amount.scaleb(minor_digits(currency))
        if scaled.is_finite() and scaled == scaled.to_integral_value() and scaled.adjusted() < 40:
            return int(scaled)
    return to_minor(amount, currency)


def discount_due(invoice: OpenInvoice, paid_on: date, grace_days: int) -> Decimal:
    """The early-payment discount the customer may take on `paid_on` (zero when not entitled)."""
    if invoice.discount_amount <= 0 or invoice.discount_until is None or invoice.paid != 0:
        return ZERO
    if paid_on > invoice.discount_until + timedelta(days=grace_days):
        return ZERO
    return invoice.discount_amount


Tolerance = Union[Decimal, Callable[[], Decimal]]


def _kind(amount: Decimal, full: Decimal, with_discount: Decimal, fee_tolerance: Tolerance) -> str:
    """How `amount` settles invoices owing `full` (`with_discount` after the discounts due)."""
    if amount == full:
        return "exact"
    if callable(fee_tolerance):
        fee_tolerance = fee_tolerance()
    if with_discount != full and Decimal(0) <= with_discount - amount <= fee_tolerance:
        return "discount"
    if Decimal(0) < full - amount <= fee_tolerance:
        return "fee"
    return "over" if amount > full else "partial"


def settlement_kind(invoices: Sequence[OpenInvoice], amount: Decimal, paid_on: date, fee_tolerance: Tolerance,
                    grace_days: int) -> str:
    """`settle(...).kind` without making the allocations (for the bulk decisions that only
    need to know whether an amount pays in full, over or in part)."""
    full = sum([inv.open_amount for inv in invoices], ZERO)
    return _kind(amount, full, full - sum([discount_due(inv, paid_on, grace_days) for inv in invoices], ZERO),
                 fee_tolerance)


def settle(invoices: Sequence[OpenInvoice], amount: Decimal, paid_on: date, fee_tolerance: Tolerance,
           grace_days: int, credit_to: str, fee_as: str) -> Settlement:
    """Allocate `amount` (positive) over `invoices` (ordered: oldest due first).

    `fee_tolerance` may be a function, called only when the amount is not exact.
    """
    opens = [inv.open_amount for inv in invoices]
    full = sum(opens, ZERO)
    discounts = [discount_due(inv, paid_on, grace_days) for inv in invoices]
    with_discount = full - sum(discounts, ZERO)
    settled = tuple(Allocation(inv.invoice_number, o) for inv, o in zip(invoices, opens))
    kind = _kind(amount, full, with_discount, fee_tolerance)
    if kind == "exact":
        return Settlement("exact", settled, True)
    if kind == "discount":
        disc = tuple(Allocation(inv.invoice_number, d, "discount") for inv, d in zip(invoices, discounts) if d)
        short = with_discount - amount
        fee = (Allocation(fee_as, short, "fee"),) if short else ()
        return Settlement("discount", settled + disc + fee, True)
    if kind == "fee":
        return Settlement("fee", settled + (Allocation(fee_as, full - amount, "fee"),), True)
    if kind == "over":
        return Settlement("over", settled + (Allocation(credit_to, amount - full, "credit"),), True)
    # in part: oldest first, the last one touched stays partly open
    left = amount
    parts = []
    for inv, o in zip(invoices, opens):
        if left <= 0:
            break
        take = min(o, left)
        parts.append(Allocation(inv.invoice_number, take))
        left -= take
    return Settlement("partial", tuple(parts), False)
