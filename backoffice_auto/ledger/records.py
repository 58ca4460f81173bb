"""The three ledger records, field for field the books' tables `sales_invoices`, `bills`
and `bank_transactions` (a test holds them to `books/schema.py`).

Money is `Decimal`, dates are `date`; `None` is a field the books leave empty.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Mapping, TypeVar

R = TypeVar("R", bound="_Record")


class _Record:
    TABLE: ClassVar[str]

    @classmethod
    def from_row(cls: type[R], row: Mapping[str, Any]) -> R:
        """A record from a books row (a dict as `Books.get`/`rows` return it)."""
        return cls(**{f.name: _convert(f.name, row.get(f.name)) for f in fields(cls)})  # type: ignore[arg-type]

    def as_row(self) -> dict[str, Any]:
        """The books row for `Books.upsert`."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


def _convert(name: str, value: Any) -> Any:
    if name == "matches" and value is not None:
        return tuple(Match(document=str(m["document"]), amount=Decimal(str(m["amount"]))) for m in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple) and value and isinstance(value[0], Match):
        return [{"document": m.document, "amount": m.amount} for m in value]
    return value


@dataclass(frozen=True)
class SalesInvoice(_Record):
    TABLE: ClassVar[str] = "sales_invoices"
    invoice_number: str
    customer_id: str | None = None
    order_id: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str | None = None
    net: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    paid: Decimal | None = None
    status: str | None = None  # open, partial, paid, overpaid

    @property
    def open_amount(self) -> Decimal:
        return (self.total or Decimal(0)) - (self.paid or Decimal(0))


@dataclass(frozen=True)
class Bill(_Record):
    TABLE: ClassVar[str] = "bills"
    bill_id: str
    supplier_id: str | None = None
    invoice_number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str | None = None
    net: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    discount_date: date | None = None
    discount_amount: Decimal | None = None
    scheduled_date: date | None = None
    paid: Decimal | None = None
    status: str | None = None  # on_hold, scheduled, proposed, approved, paid
    hold_reason: str | None = None
    prepaid: Decimal | None = None  # deposits and credits the invoice deducts from its total
    amount_due: Decimal | None = None  # what the invoice asks to be paid (None: the total)
    payment_reference: str | None = None  # what the payment must quote (parties.payref form)

    @property
    def payable(self) -> Decimal:
        """What the supplier is owed for this bill: the printed amount due, else the total."""
        return self.amount_due if self.amount_due is not None else (self.total or Decimal(0))

    @property
    def open_amount(self) -> Decimal:
        return self.payable - (self.paid or Decimal(0))


@dataclass(frozen=True)
class Match:
    """One document (sales invoice number or bill id) a bank transaction pays, and how much."""

    document: str
    amount: Decimal


@dataclass(frozen=True)
class BankTransaction(_Record):
    TABLE: ClassVar[str] = "bank_transactions"
    transaction_id: str
    account_iban: str | None = None
    booking_date: date | None = None
    value_date: date | None = None
    amount: Decimal | None = None  # signed: money in is positive
    currency: str | None = None
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    reference: str | None = None
    status: str | None = None  # matched, partial, suggested, unmatched
    matches: tuple[Match, ...] | None = None
    remittance: str | None = None
    bank_reference: str | None = None
    end_to_end_id: str | None = None
    statement_id: str | None = None
    source: str | None = None  # where the statement line came from (file, line)
    reversal: bool | None = None  # the bank's reversal of an earlier booking (camt RvslInd, MT940 RC / RD)
