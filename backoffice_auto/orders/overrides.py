"""`overrides:` of orders.yaml: per-order ship policy, priority, backorders and discount by rule.

Why a module of its own: the overrides are decided once per order, before allocation, as
a pure function of the order, its customer and the rules; allocation (service order, ship
policy, backorders) and invoicing (discount) then only read the decision. Evaluation
order (docs/rules.md, orders.yaml "Overrides"): the list is tried top to bottom and each
setting takes its value from the first override whose `when` holds and that sets it
(first match wins, per setting). An override that fails to evaluate for an order refuses
the file, naming the order's first row, the override and the expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping

from backoffice_auto.errors import Problem, Refusal
from backoffice_auto.i18n import N_
from backoffice_auto.money import quantum
from backoffice_auto.orders.model import ZERO, Customer, Item, Order
from backoffice_auto.rules.expr import ExpressionError

MSG_OVERRIDE_FAILED = N_("orders.yaml overrides[{index}] 'when: {text}' failed for order {order_id}: {error}")

SETTINGS = ("ship_policy", "priority", "backorders", "discount_pct")


@dataclass(frozen=True, slots=True)
class OrderTerms:
    """What the overrides decided for one order; None = no override set it."""

    ship_policy: str | None = None
    priority: int | None = None
    backorders: str | None = None
    discount_pct: Decimal | None = None


NO_TERMS = OrderTerms()


def order_record(order: Order, items: Mapping[str, Item], price_from_row: bool, currency: str) -> dict:
    """The `order` an expression sees: ids, dates, line count, quantity and total before discount."""
    total = ZERO
    quantity = ZERO
    currencies = set()
    for ln in order.lines:
        item = items.get(ln.sku)
        price = ln.unit_price if (price_from_row and ln.unit_price is not None) or item is None \
            else item.unit_price
        if item is not None and item.currency:
            currencies.add(item.currency.upper())
        quantity += ln.quantity
        if price is not None:
            total += ln.quantity * price
    money = currencies.pop() if len(currencies) == 1 else currency.upper()
    return {"order_id": order.order_id, "order_date": order.order_date, "customer_id": order.customer_id,
            "ship_by": order.ship_by, "ship_policy": order.ship_policy, "lines": len(order.lines),
            "quantity": quantity, "currency": money,
            "total": total.quantize(quantum(money), ROUND_HALF_UP)}


def customer_record(customer: Customer | None) -> dict:
    if customer is None:
        return {name: None for name in CUSTOMER_FIELDS}
    return {name: getattr(customer, name) for name in CUSTOMER_FIELDS}


CUSTOMER_FIELDS = ("customer_id", "name", "email", "language", "country", "priority", "ship_policy",
                   "discount_pct", "payment_terms", "vat_id")


def decide(orders: Iterable[Order], items: Mapping[str, Item], customers: Mapping[str, Customer],
           rules, currency: str, today: date | None) -> dict[str, OrderTerms]:
    """order id -> its `OrderTerms`, for orders some override applies to; refuses on a failure."""
    overrides = rules.overrides
    if not overrides:
        return {}
    price_from_row = rules.invoicing.price == "order_row"
    out: dict[str, OrderTerms] = {}
    problems: list[Problem] = []
    for order in orders:
        context = {"order": order_record(order, items, price_from_row, currency),
                   "customer": customer_record(customers.get(order.customer_id)), "today": today}
        chosen: dict[str, object] = {}
        for index, override in enumerate(overrides):
            wanted = [s for s in SETTINGS if getattr(override, s) is not None and s not in chosen]
            if not wanted:
                continue
            try:
                applies = override.when.holds(context)
            except ExpressionError as exc:
                source = order.lines[0].source if order.lines else None
                problems.append(Problem(MSG_OVERRIDE_FAILED, source, {
                    "index": index, "text": override.when.text, "order_id": order.order_id,
                    "error": str(exc)}))
                break
            if applies:
                for setting in wanted:
                    chosen[setting] = getattr(override, setting)
            if len(chosen) == len(SETTINGS):
                break
        if chosen:
            out[order.order_id] = OrderTerms(**chosen)
    if problems:
        raise Refusal(problems)
    return out
