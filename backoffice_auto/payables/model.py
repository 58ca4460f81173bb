"""The payables job's records: an open bill as scheduling sees it, a supplier as a payee.

Frozen and carrying their source (the books' table and key), made from the books' rows
in one place (`from_row`), so the pure steps never see a raw dict. Money is Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Mapping, Sequence

from backoffice_auto.errors import Source

OPEN_STATUSES = ("scheduled", "proposed", "on_hold", None)


def _dec(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(0) if value is None or value == "" else Decimal(str(value))


@dataclass(frozen=True)
class OpenBill:
    bill_id: str
    supplier_id: str
    invoice_number: str
    issue_date: date | None
    due_date: date | None
    currency: str
    total: Decimal
    paid: Decimal
    discount_date: date | None = None
    discount_amount: Decimal | None = None
    scheduled_date: date | None = None
    status: str | None = "scheduled"
    hold_reason: str | None = None
    amount_due: Decimal | None = None  # what the invoice asks to be paid when not its total (deposit deducted)
    payment_reference: str | None = None  # what the payment must quote (parties.payref form)

    @property
    def source(self) -> Source:
        """Where the bill is: the books' `bills` table, its key (made on demand: 100,000 bills
        are scheduled without making 100,000 of these)."""
        return Source("bills", sheet=self.bill_id)

    @property
    def payable(self) -> Decimal:
        """What the supplier is owed for the bill: the invoice's amount due, else its total."""
        return self.total if self.amount_due is None else self.amount_due

    @property
    def open_amount(self) -> Decimal:
        return self.payable - self.paid

    @property
    def is_credit(self) -> bool:
        return self.total < 0

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "OpenBill":
        """The bill of a books row. Made by filling the new record's fields at once rather than
        through the frozen dataclass's `__init__` (one `object.__setattr__` per field): a run
        makes 100,000 of these, and that was a fifth of scheduling them. Every field is set,
        as `__init__` would; `test_open_bill_from_row_equals_the_constructor` holds them equal."""
        get = row.get
        bill_id = str(row["bill_id"])
        discount = get("discount_amount")
        due = get("amount_due")
        bill = object.__new__(cls)
        bill.__dict__.update(
            bill_id=bill_id, supplier_id=str(get("supplier_id") or ""),
            invoice_number=str(get("invoice_number") or bill_id), issue_date=get("issue_date"),
            due_date=get("due_date"), currency=str(get("currency") or "EUR").upper(), total=_dec(get("total")),
            paid=_dec(get("paid")), discount_date=get("discount_date"),
            discount_amount=None if discount is None else _dec(discount), scheduled_date=get("scheduled_date"),
            status=get("status"), hold_reason=get("hold_reason"), amount_due=None if due in (None, "") else _dec(due),
            payment_reference=get("payment_reference") or None)
        return bill

    def as_context(self, today: date) -> dict:
        """The names a rule condition reads as `bill.<field>`."""
        return {name: get(self, today) for name, get in BILL_FIELDS.items()}

    @staticmethod
    def field_values(bills: "Sequence[OpenBill]", name: str, today: date) -> list:
        """One `bill.<name>` value per bill, as `as_context` gives it (KeyError: no such field)."""
        get = BILL_FIELDS[name]
        return [get(b, today) for b in bills]


def _days_overdue(bill: OpenBill, today: date) -> int:
    return (today - bill.due_date).days if bill.due_date and bill.due_date < today else 0


# `bill.<field>` in rule conditions: one getter per field, so that one field can be read for
# 100,000 bills without making their whole contexts.
BILL_FIELDS: dict[str, Callable[[OpenBill, date], Any]] = {
    "bill_id": lambda b, today: b.bill_id, "supplier_id": lambda b, today: b.supplier_id,
    "invoice_number": lambda b, today: b.invoice_number, "issue_date": lambda b, today: b.issue_date,
    "due_date": lambda b, today: b.due_date, "currency": lambda b, today: b.currency,
    "total": lambda b, today: b.total, "paid": lambda b, today: b.paid, "open": lambda b, today: b.open_amount,
    "discount_date": lambda b, today: b.discount_date, "discount_amount": lambda b, today: b.discount_amount,
    "scheduled_date": lambda b, today: b.scheduled_date, "status": lambda b, today: b.status,
    "hold_reason": lambda b, today: b.hold_reason, "days_overdue": _days_overdue,
    "amount_due": lambda b, today: b.payable, "payment_reference": lambda b, today: b.payment_reference,
}


@dataclass(frozen=True)
class Payee:
    supplier_id: str
    name: str
    iban: str | None
    bic: str | None
    email: str | None
    language: str | None
    payment_terms: str | None
    priority: int | None
    on_hold: bool
    country: str | None = None
    vat_id: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Payee":
        sid = str(row["supplier_id"])
        prio = row.get("priority")
        return cls(supplier_id=sid, name=str(row.get("name") or sid),
                   iban=(str(row["iban"]).replace(" ", "").upper() if row.get("iban") else None),
                   bic=(str(row["bic"]).replace(" ", "").upper() if row.get("bic") else None),
                   email=row.get("email") or None, language=row.get("language") or None,
                   payment_terms=row.get("payment_terms") or None,
                   priority=None if prio in (None, "") else int(prio), on_hold=bool(row.get("on_hold")),
                   country=row.get("country") or None, vat_id=row.get("vat_id") or None)

    def as_context(self) -> dict:
        return {"supplier_id": self.supplier_id, "name": self.name, "email": self.email,
                "language": self.language, "country": self.country, "vat_id": self.vat_id, "iban": self.iban, "bic": self.bic,
                "payment_terms": self.payment_terms,
                "priority": Decimal(self.priority) if self.priority is not None else None,
                "on_hold": self.on_hold}
