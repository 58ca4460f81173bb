"""The plain records matching reads and returns.

Matching is pure: it takes payments, open invoices and customers as these frozen records
(built from the books by `from_books`) and returns `MatchResult`s; nothing here touches the
books. Amounts are `Decimal`; the bulk code works in integer minor units internally.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any, Mapping

from backoffice_auto.parties.bank import compact_iban

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Payment:
    """A bank transaction as matching sees it (amount signed: credits are positive)."""

    transaction_id: str
    booking_date: date
    amount: Decimal
    currency: str
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    reference: str | None = None  # remittance information, structured reference or both
    end_to_end_id: str | None = None


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """An open sales invoice (or bill, for outgoing payments) with what is still owed."""

    invoice_number: str
    customer_id: str
    currency: str
    total: Decimal
    paid: Decimal = ZERO
    issue_date: date | None = None
    due_date: date | None = None
    discount_amount: Decimal = ZERO  # early-payment discount the customer may take ...
    discount_until: date | None = None  # ... when paid by this date

    @property
    def open_amount(self) -> Decimal:
        return self.total - self.paid


def with_paid(inv: OpenInvoice, paid: Decimal) -> OpenInvoice:
    """`dataclasses.replace(inv, paid=paid)` without its per-call field inspection (the
    record has no `__post_init__` and no derived fields: a copy of its fields is the same).
    Matching makes one for every invoice a payment pays."""
    new = object.__new__(OpenInvoice)
    for put, value in zip(_PUT, _FIELDS(inv)):
        put(new, value)
    _PUT_PAID(new, paid)
    return new


# the slots' own setters (a frozen record's `__setattr__` refuses) of every field but `paid`
_NAMES = tuple(f.name for f in fields(OpenInvoice) if f.name != "paid")
_FIELDS = attrgetter(*_NAMES)
_PUT = tuple(OpenInvoice.__dict__[name].__set__ for name in _NAMES)
_PUT_PAID = OpenInvoice.__dict__["paid"].__set__


@dataclass(frozen=True)
class Customer:
    customer_id: str
    name: str | None = None
    ibans: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why a match was scored as it was: a msgid with its parameters, and the points it gave."""

    message: str
    points: int = 0
    params: tuple[tuple[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True)
class Allocation:
    """One part of a payment: to an invoice, or a fee written off, a discount, a customer credit."""

    document: str
    amount: Decimal
    kind: str = "invoice"  # invoice | fee | discount | credit | bill | payroll


@dataclass(frozen=True)
class MatchResult:
    transaction_id: str
    status: str  # matched | partial | suggested | unmatched
    score: int = 0
    allocations: tuple[Allocation, ...] = ()
    reasons: tuple[Reason, ...] = ()
    customer_id: str | None = None

    @property
    def posted(self) -> bool:
        return self.status in ("matched", "partial")

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(a.document for a in self.allocations if a.kind in ("invoice", "bill", "payroll"))

    def matches(self) -> list[dict[str, Any]]:
        """The `matches` field of the books' bank transaction."""
        return [{"document": a.document, "amount": a.amount, "kind": a.kind} for a in self.allocations]


def customer_from_row(row: Mapping[str, Any]) -> Customer:
    ibans = tuple(i for i in (compact_iban(x) for x in str(row.get("iban") or "").replace(";", ",").split(",")) if i)
    return Customer(str(row["customer_id"]), row.get("name"), ibans, row.get("language"))


@dataclass(frozen=True)
class Locks:
    """What a clerk decided: transactions and invoices a later automatic run leaves alone."""

    transactions: frozenset[str] = field(default_factory=frozenset)
    invoices: frozenset[str] = field(default_factory=frozenset)
