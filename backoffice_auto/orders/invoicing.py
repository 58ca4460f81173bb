"""Customer invoices for what ships: pure arithmetic over allocation results.

Per line, in this order, each step rounded half-up to the currency's minor unit:
`gross = quantity x unit_price`, `discount = gross x customer discount %`,
`net = gross - discount`, `tax = net x item tax rate %`, `total = net + tax`. The rate is the
item's, or 0 % where the place of supply exempts the goods (`placeofsupply`: a business in
another member state, or a customer outside the EU).
The invoice's net, tax and total are the sums of its lines' rounded figures, so a printed
invoice always adds up. Numbers and dates are given later, inside the books' transaction
(`number_invoices`), because a gap-free sequence must not advance for a refused file.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable, Mapping

from backoffice_auto.money import quantum
from backoffice_auto.orders.model import (
    ZERO, Customer, DraftInvoice, Invoice, InvoiceLine, Item, OrderAllocation,
)
from backoffice_auto.orders.overrides import OrderTerms
from backoffice_auto.orders.placeofsupply import vat_treatment
from backoffice_auto.orders.rules_model import Invoicing

_HUNDRED = Decimal(100)


def unit_price_for(row_price: Decimal | None, item: Item, rules: Invoicing) -> Decimal | None:
    """The order row's price when given (and the rules let it count), else the item's."""
    if rules.price == "order_row" and row_price is not None:
        return row_price
    return item.unit_price


def currency_for(item: Item, default_currency: str) -> str:
    return (item.currency or default_currency).upper()


def invoice_line(number: int, sku: str, description: str, unit: str, quantity: Decimal,
                 unit_price: Decimal, discount_pct: Decimal, tax_rate: Decimal, currency: str,
                 order_line: int = 0) -> InvoiceLine:
    q = quantum(currency)
    gross = (quantity * unit_price).quantize(q, ROUND_HALF_UP)
    discount = (gross * discount_pct / _HUNDRED).quantize(q, ROUND_HALF_UP) if discount_pct else ZERO.quantize(q)
    net = gross - discount
    tax = (net * tax_rate / _HUNDRED).quantize(q, ROUND_HALF_UP) if tax_rate else ZERO.quantize(q)
    return InvoiceLine(number, sku, description, quantity, unit, unit_price, gross, discount, net,
                       tax_rate, tax, net + tax, order_line)


def draft_invoice(oa: OrderAllocation, items: Mapping[str, Item], customer: Customer | None,
                  rules: Invoicing, default_currency: str,
                  discount_pct: Decimal | None = None, seller_country: str | None = None) -> DraftInvoice | None:
    """The invoice for what `oa` ships now, or None when nothing ships.

    `discount_pct` is an override's discount (orders.yaml `overrides`); None = the customer's.
    `seller_country`: our company's (settings `company.country`), for the place of supply.
    """
    shipped = [la for la in oa.lines if la.allocated > 0]
    if not shipped:
        return None
    if discount_pct is None:
        discount_pct = customer.discount_pct if customer is not None else ZERO
    exempt = rules.vat_by_place_of_supply and customer is not None and \
        vat_treatment(seller_country, customer.country, customer.vat_id) != "domestic"
    first_item = items[shipped[0].line.sku]
    currency = currency_for(first_item, default_currency)
    lines = []
    for n, la in enumerate(shipped, start=1):
        ln = la.line
        item = items[ln.sku]
        price = unit_price_for(ln.unit_price, item, rules)
        rate = ZERO if exempt else item.tax_rate if item.tax_rate is not None else rules.default_tax_rate
        lines.append(invoice_line(n, ln.sku, item.name or ln.sku, item.unit, la.allocated, price,
                                  discount_pct, rate, currency, ln.line))
    net = sum((x.net for x in lines), ZERO)
    tax = sum((x.tax for x in lines), ZERO)
    total = sum((x.total for x in lines), ZERO)
    return DraftInvoice(oa.order.order_id, oa.order.customer_id, currency, tuple(lines),
                        net, tax, total, discount_pct)


def draft_invoices(orders: Iterable[OrderAllocation], items: Mapping[str, Item],
                   customers: Mapping[str, Customer], rules: Invoicing,
                   default_currency: str, terms: Mapping[str, OrderTerms] | None = None,
                   seller_country: str | None = None) -> list[DraftInvoice]:
    out = []
    terms = terms or {}
    for oa in orders:
        decided = terms.get(oa.order.order_id)
        draft = draft_invoice(oa, items, customers.get(oa.order.customer_id), rules, default_currency,
                              decided.discount_pct if decided is not None else None, seller_country)
        if draft is not None:
            out.append(draft)
    return out


def format_number(fmt: str, number: int, issue_date: date) -> str:
    return fmt.format(year=issue_date.year, month=issue_date.month, number=number)


def number_invoices(drafts: Iterable[DraftInvoice], next_number: Callable[[str], int], rules: Invoicing,
                    issue_date: date, due_for: Callable[[DraftInvoice], date],
                    next_numbers: Callable[[str, int], list[int]] | None = None) -> list[Invoice]:
    """Give each draft the next number of the rules' sequence (in draft order) and its due date.

    `next_numbers(sequence, count)`, when given, takes all the numbers at once (the same ones).
    """
    sequence = format_number(rules.sequence, 0, issue_date)
    drafts = list(drafts)
    numbers = next_numbers(sequence, len(drafts)) if next_numbers else [next_number(sequence) for _ in drafts]
    return [Invoice(format_number(rules.number_format, n, issue_date), issue_date, due_for(d), d)
            for n, d in zip(numbers, drafts)]
