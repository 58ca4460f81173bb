"""What reading a supplier invoice yields, whatever the path (embedded XML, template, generic).

Frozen dataclasses so the checks, PO matching and bill entry can rely on a value that no
later step changes. Amounts are Decimal (negative on a credit note), dates are `date`,
rates are percentages (21 = 21 %). `confidence` is 0..1 per field name of this class
(`supplier.name`, `supplier.vat_id`, `supplier.iban` for the supplier), so a review step can
send only the doubtful fields to a clerk.

What is paid is not always the total: an invoice that deducts a deposit or an earlier credit
prints the total (the books need it, with its VAT) and then a smaller amount due
(EN 16931: amount due = total - paid amount + rounding). `prepaid` is the sum of what the
invoice deducts, `amount_due` what it asks to be paid (None: the total), `payment_reference`
the reference the supplier's bank matches the payment by (a Czech variable symbol, an RF
creditor reference, a Belgian structured communication...). `pages` says on which 1-based
PDF page such a field was printed, so a refusal can name it.

`withheld` is income tax the buyer must withhold and pay to the tax office itself (a
Spanish "Retención IRPF", an Italian "ritenuta d'acconto", a UK CIS deduction): part of
the total the supplier is owed, but not paid to the supplier, so it lowers what is paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    tax_rate: Decimal | None = None  # percent, 21 = 21 %
    sku: str | None = None

    def to_json(self) -> dict:
        return {
            "description": self.description,
            "quantity": _dec(self.quantity),
            "unit_price": _dec(self.unit_price),
            "amount": _dec(self.amount),
            "tax_rate": _dec(self.tax_rate),
            "sku": self.sku,
        }


@dataclass(frozen=True)
class SupplierInfo:
    """Who issued the invoice. Name, VAT id and IBAN identify the supplier (equality);
    address and e-mail are the contact details printed beside them, carried so that an
    unknown supplier can be added to the books from the review workbook in one step."""

    name: str | None = None
    vat_id: str | None = None
    iban: str | None = None
    address: str | None = field(default=None, compare=False)
    email: str | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        out = {"name": self.name, "vat_id": self.vat_id, "iban": self.iban}
        if self.address:
            out["address"] = self.address
        if self.email:
            out["email"] = self.email
        return out


@dataclass(frozen=True)
class ExtractedInvoice:
    source: str  # "embedded-xml" | "template:<name>" | "generic"
    supplier: SupplierInfo
    invoice_number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str | None = None
    net: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    lines: tuple[InvoiceLine, ...] = ()
    confidence: Mapping[str, float] = field(default_factory=dict)  # 0..1 per field
    po_number: str | None = None
    document_type: str = "invoice"  # or "credit_note" (negative amounts)
    buyer_vat_id: str | None = None
    payment_terms: str | None = None
    notes: tuple[str, ...] = ()  # e.g. "embedded XML malformed; read from text"
    prepaid: Decimal | None = None  # deposits, advances and credits the invoice deducts from its total
    rounding: Decimal | None = None  # a printed rounding of the amount to pay (signed)
    withheld: Decimal | None = None  # income tax withheld by the buyer for the tax office (IRPF...)
    amount_due: Decimal | None = None  # what the invoice asks to be paid, when printed
    payment_reference: str | None = None  # as printed: "VS 20260042", "RF18539007547034", "+++090/9337/55493+++"
    pages: Mapping[str, int] = field(default_factory=dict)  # field -> 1-based page it was read on

    @property
    def payable(self) -> Decimal | None:
        """What is to be paid: the amount due when printed, else the total less what was prepaid
        and what is withheld, plus any rounding."""
        if self.amount_due is not None:
            return self.amount_due
        if self.total is None:
            return None
        return self.total - (self.prepaid or Decimal(0)) - (self.withheld or Decimal(0)) + (self.rounding or Decimal(0))

    def to_json(self) -> dict:
        """The DESIGN.md shape: amounts as decimal strings, dates ISO 8601, None as null."""
        return {
            "source": self.source,
            "supplier": self.supplier.to_json(),
            "invoice_number": self.invoice_number,
            "issue_date": _iso(self.issue_date),
            "due_date": _iso(self.due_date),
            "currency": self.currency,
            "net": _dec(self.net),
            "tax": _dec(self.tax),
            "total": _dec(self.total),
            "lines": [line.to_json() for line in self.lines],
            "confidence": {k: round(float(v), 3) for k, v in self.confidence.items()},
            "po_number": self.po_number,
            "document_type": self.document_type,
            "buyer_vat_id": self.buyer_vat_id,
            "payment_terms": self.payment_terms,
            "notes": list(self.notes),
            "prepaid": _dec(self.prepaid),
            "rounding": _dec(self.rounding),
            "withheld": _dec(self.withheld),
            "amount_due": _dec(self.amount_due),
            "payment_reference": self.payment_reference,
            "pages": dict(self.pages),
        }


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
