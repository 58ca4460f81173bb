"""The orders job's records: what was read, what the books say, what allocation decided.

All frozen dataclasses with `slots` (a bench file has 100,000 lines). Quantities and money
are `Decimal`; a record read from a sheet carries its `Source` so every message names a cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from backoffice_auto.errors import Source

ZERO = Decimal(0)


def _text(value) -> str:
    """A text field of the books as written (a postal code typed as a number stays digits)."""
    return "" if value is None else str(value).strip()


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One row of an order sheet, typed."""

    order_id: str
    order_date: date
    customer_id: str
    sku: str
    quantity: Decimal
    unit_price: Decimal | None = None
    ship_by: date | None = None
    notes: str | None = None
    ship_policy: str | None = None  # optional column: partial / complete for this order
    source: Source = Source("")  # the row (sheet and row number; column left empty)
    row_index: int = 0  # position among the file's data rows (0-based, all sheets in order)
    line: int = 1  # line number inside its order (1-based, file order)


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    customer_id: str
    order_date: date
    lines: tuple[OrderLine, ...]
    ship_policy: str | None = None  # from the sheet; None = customer's, then the rules'
    ship_by: date | None = None  # earliest ship_by of its lines

    @property
    def first_row(self) -> int:
        return self.lines[0].row_index if self.lines else 0


@dataclass(frozen=True, slots=True)
class Item:
    """What allocation and invoicing need of an `items` row."""

    sku: str
    name: str = ""
    unit: str = ""
    unit_price: Decimal | None = None
    currency: str | None = None
    tax_rate: Decimal | None = None
    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO
    reorder_min: Decimal | None = None
    reorder_max: Decimal | None = None
    reorder_multiple: Decimal | None = None
    location: str = ""

    @classmethod
    def from_record(cls, r: dict) -> "Item":
        return cls(
            sku=str(r["sku"]), name=r.get("name") or "", unit=r.get("unit") or "",
            unit_price=r.get("unit_price"), currency=r.get("currency") or None, tax_rate=r.get("tax_rate"),
            on_hand=r.get("on_hand") or ZERO, reserved=r.get("reserved") or ZERO,
            reorder_min=r.get("reorder_min"), reorder_max=r.get("reorder_max"),
            reorder_multiple=r.get("reorder_multiple"), location=r.get("location") or "")


@dataclass(frozen=True, slots=True)
class Customer:
    customer_id: str
    name: str = ""
    email: str | None = None
    language: str | None = None
    country: str | None = None
    priority: int = 0
    ship_policy: str | None = None
    discount_pct: Decimal = ZERO
    payment_terms: str | None = None
    vat_id: str | None = None
    street: str = ""
    postal_code: str = ""
    city: str = ""

    @classmethod
    def from_record(cls, r: dict) -> "Customer":
        return cls(
            customer_id=str(r["customer_id"]), name=r.get("name") or "", email=r.get("email") or None,
            language=r.get("language") or None, country=r.get("country") or None,
            priority=int(r.get("priority") or 0), ship_policy=r.get("ship_policy") or None,
            discount_pct=r.get("discount_pct") or ZERO, payment_terms=r.get("payment_terms") or None,
            vat_id=r.get("vat_id") or None, street=_text(r.get("street")),
            postal_code=_text(r.get("postal_code")), city=_text(r.get("city")))


@dataclass(frozen=True, slots=True)
class LineAllocation:
    line: OrderLine
    allocated: Decimal
    backordered: Decimal  # stays open (backorders: keep)
    cancelled: Decimal  # dropped (backorders: cancel)
    reason: str | None = None  # msgid: why not everything ships


@dataclass(frozen=True, slots=True)
class OrderAllocation:
    order: Order
    policy: str  # partial / complete, as applied
    lines: tuple[LineAllocation, ...]
    rank: int  # 0-based place in the service order

    shipped_anything: bool = False  # set by allocation: does any line ship now


@dataclass
class Allocation:
    """The outcome of one allocation run, orders in the order they were served."""

    orders: list[OrderAllocation] = field(default_factory=list)
    used: dict[str, Decimal] = field(default_factory=dict)  # sku -> quantity allocated

    def line_results(self) -> list[LineAllocation]:
        return [la for oa in self.orders for la in oa.lines]


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    line: int
    sku: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    gross: Decimal  # quantity x unit_price, rounded
    discount: Decimal  # customer discount, rounded
    net: Decimal  # gross - discount
    tax_rate: Decimal
    tax: Decimal  # net x rate, rounded
    total: Decimal  # net + tax
    order_line: int = 0  # the order line it bills


@dataclass(frozen=True, slots=True)
class DraftInvoice:
    """An invoice before it has a number (numbers are taken inside the books' transaction)."""

    order_id: str
    customer_id: str
    currency: str
    lines: tuple[InvoiceLine, ...]
    net: Decimal
    tax: Decimal
    total: Decimal
    discount_pct: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Invoice:
    number: str
    issue_date: date
    due_date: date
    draft: DraftInvoice
    supply_date: date | None = None  # date of taxable supply (DUZP, data sprzedaży); None = the issue date

    @property
    def supplied_on(self) -> date:
        return self.supply_date or self.issue_date


@dataclass(frozen=True, slots=True)
class CreditNote:
    """A corrective document for an issued invoice: its lines are the invoice's, negated.

    Names the invoice it corrects (number and issue date) and why (VAT Directive art. 219,
    Czech opravný daňový doklad, Polish faktura korygująca, French/Spanish avoir/rectificativa)."""

    number: str
    issue_date: date
    original: Invoice
    reason: str
    draft: DraftInvoice  # negative amounts; currency and customer of the original

    @property
    def due_date(self) -> date:
        return self.issue_date

    @property
    def supplied_on(self) -> date:
        return self.original.supplied_on


@dataclass(frozen=True, slots=True)
class ReorderSuggestion:
    sku: str
    name: str
    on_hand: Decimal  # after this job's allocation
    on_order: Decimal  # open purchase order quantity
    backordered: Decimal  # open customer demand not yet served
    position: Decimal  # on_hand - reserved + on_order - backordered
    reorder_min: Decimal
    reorder_max: Decimal
    quantity: Decimal  # suggested to order
