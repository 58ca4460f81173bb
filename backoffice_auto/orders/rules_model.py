"""rules/orders.yaml: how order sheets are read, allocated, invoiced and reported.

Every key has a default, so an empty or missing `orders.yaml` gives the behaviour the
order desk expects: refuse a file with a bad row, refuse an `order_id` seen before, serve
higher customer priority first, ship partially, keep backorders.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.exprtypes import Condition, Names, fields
from backoffice_auto.rules.problems import RuleValueError

#: Fields an order may be ranked by (`order_by`), each optionally followed by `asc`/`desc`.
ORDER_BY_FIELDS = ("priority", "order_date", "order_id", "customer_id", "ship_by", "file_row")
#: Placeholders the invoice number format may use.
NUMBER_FIELDS = ("year", "month", "number")


class Allocation(StrictModel):
    """How competing orders share the stock."""

    order_by: tuple[str, ...] = ("priority desc", "order_date asc", "order_id asc")
    ship_policy: Literal["partial", "complete"] = "partial"  # for customers and orders that name none
    backorders: Literal["keep", "cancel"] = "keep"
    backorders_first: bool = True  # open backorders are served before the new file's orders
    safety_stock: Decimal = Field(Decimal(0), ge=0)  # kept back for every item
    safety_stock_items: dict[str, Decimal] = {}  # per sku, overrides `safety_stock`
    stock_effect: Literal["decrement", "reserve"] = "decrement"

    @field_validator("order_by")
    @classmethod
    def _check_order_by(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            parts = entry.split()
            if not parts or len(parts) > 2 or parts[0] not in ORDER_BY_FIELDS or (
                    len(parts) == 2 and parts[1] not in ("asc", "desc")):
                raise RuleValueError(N_("'{entry}' is not '<field> [asc|desc]' with a field among {fields}"),
                                     entry=entry, fields=", ".join(ORDER_BY_FIELDS))
        return value

    def safety_for(self, sku: str) -> Decimal:
        return self.safety_stock_items.get(sku, self.safety_stock)


class Invoicing(StrictModel):
    """Customer invoices made for what ships."""

    number_format: str = "INV-{year}-{number:05d}"
    sequence: str = "sales_invoice"  # gap-free counter in the books; `{year}` makes one per year
    price: Literal["order_row", "item"] = "order_row"  # order_row: the row's unit_price when given, else the item's
    default_payment_terms: str = "net 14"
    default_tax_rate: Decimal = Field(Decimal(0), ge=0, le=100)  # for items without a tax_rate
    # 0 % for a business in another member state (valid VAT id) and outside the EU (orders/placeofsupply.py)
    vat_by_place_of_supply: bool = True

    @field_validator("number_format", "sequence")
    @classmethod
    def _check_format(cls, value: str) -> str:
        from backoffice_auto.rules.formats import check_template

        return check_template(value, dict(zip(NUMBER_FIELDS, (2026, 1, 1))))

    @field_validator("default_payment_terms")
    @classmethod
    def _check_terms(cls, value: str) -> str:
        from backoffice_auto.terms import TermsError, parse_terms

        try:
            parse_terms(value)
        except TermsError:
            raise RuleValueError(N_("'{value}' is not payment terms such as 'net 30', '2/10 net 30' or 'net 30 eom'"),
                                 value=value) from None
        return value


class OrdersMail(StrictModel):
    warehouse: str = "role:warehouse"  # gets the pick list
    sales_manager: str = "role:sales_manager"  # gets the summary with the chart
    invoices_to_customers: bool = True


#: What an override's `when` may read (docs/rules.md, orders.yaml "Overrides").
OVERRIDE_NAMES = Names("today") | fields("order", (
    "order_id", "order_date", "customer_id", "ship_by", "ship_policy", "lines", "quantity", "currency",
    "total")) | fields("customer", (
    "customer_id", "name", "email", "language", "country", "priority", "ship_policy", "discount_pct",
    "payment_terms", "vat_id"))


class Override(StrictModel):
    """`when` an order matches, the settings given here replace the usual ones for it."""

    when: Condition[OVERRIDE_NAMES]
    ship_policy: Literal["partial", "complete"] | None = None
    priority: int | None = None
    backorders: Literal["keep", "cancel"] | None = None
    discount_pct: Decimal | None = Field(None, ge=0, le=100)


class Plausible(StrictModel):
    """Bounds of values a row may hold but a person hardly meant (`orders/plausible.py`)."""

    future_days: int = Field(31, ge=0, le=3660)  # an order dated more days after today is refused
    max_quantity: Decimal = Field(Decimal(1_000_000), gt=0)  # a larger line quantity is refused


class OrdersRules(StrictModel):
    on_bad_row: Literal["refuse", "skip"] = "refuse"
    existing_order: Literal["refuse", "amend"] = "refuse"
    fractional_units: tuple[str, ...] = ("kg", "g", "l", "ml", "m", "m2", "m3")
    allocation: Allocation = Allocation()
    invoicing: Invoicing = Invoicing()
    reorder: bool = True  # reorder suggestions in the outputs
    mail: OrdersMail = OrdersMail()
    overrides: tuple[Override, ...] = ()  # tried in order; per setting the first match wins
    plausible: Plausible = Plausible()
