"""Allocation: who gets the stock, as a pure function of orders, stock, customers and rules.

Orders are served one after another in the configured order (default: customer priority,
higher first, then order date, then order id; the first row in the file breaks any tie left,
so the result never depends on dict or set order). Each order sees what earlier orders
left. What an item can give is `on_hand - reserved - safety stock`, never less than zero:
stock reserved for earlier orders and the safety stock are never shipped.

A `partial` order ships what is there, line by line; a `complete` order ships only when
every line can ship in full, else nothing. Items counted in whole units get whole
quantities (a half box is never picked); units listed in the rules' `fractional_units`
may get a fraction.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Callable, Iterable, Mapping, Sequence

from backoffice_auto.i18n import N_
from backoffice_auto.orders.model import (
    ZERO, Allocation, Customer, Item, LineAllocation, Order, OrderAllocation,
)
from backoffice_auto.orders.overrides import OrderTerms
from backoffice_auto.orders.rules_model import Allocation as AllocationRules

REASON_NO_STOCK = N_("not enough stock")
REASON_HELD_COMPLETE = N_("held: the order ships complete and a line is short")
REASON_CANCELLED = N_("not enough stock; the rest is cancelled")


def available_stock(items: Mapping[str, Item], rules: AllocationRules) -> dict[str, Decimal]:
    """What each sku can give now: on hand less reserved less safety stock, at least zero."""
    out = {}
    for sku, item in items.items():
        free = item.on_hand - item.reserved - rules.safety_for(sku)
        out[sku] = free if free > 0 else ZERO
    return out


def _sort_key(field: str, customers: Mapping[str, Customer],
              terms: Mapping[str, OrderTerms] | None = None) -> Callable[[Order], tuple]:
    # (missing, value): a missing value sorts after every present one, whatever the direction.
    if field == "priority":
        if terms:
            return lambda o: (0, _priority(o, customers, terms))
        return lambda o: (0, customers[o.customer_id].priority if o.customer_id in customers else 0)
    if field == "ship_by":
        return lambda o: (1, date.max) if o.ship_by is None else (0, o.ship_by)
    if field == "file_row":
        return lambda o: (0, o.first_row)
    return lambda o: (0, getattr(o, field))


def _priority(order: Order, customers: Mapping[str, Customer], terms: Mapping[str, OrderTerms]) -> int:
    """An override's priority for this order, else the customer's."""
    decided = terms.get(order.order_id)
    if decided is not None and decided.priority is not None:
        return decided.priority
    customer = customers.get(order.customer_id)
    return customer.priority if customer is not None else 0


def service_order(orders: Iterable[Order], customers: Mapping[str, Customer],
                  order_by: Sequence[str], terms: Mapping[str, OrderTerms] | None = None) -> list[Order]:
    """Orders in the order they are served: stable sorts, last key first; ties by file row."""
    result = sorted(orders, key=lambda o: (o.first_row, o.order_id))
    for entry in reversed(order_by):
        name, _, direction = entry.partition(" ")
        key = _sort_key(name, customers, terms)
        if direction.strip() == "desc":
            # Reverse only the value, keep "missing last": sort by missing asc, then value desc.
            result.sort(key=lambda o: key(o)[1], reverse=True)
            result.sort(key=lambda o: key(o)[0])
        else:
            result.sort(key=key)
    return result


def policy_for(order: Order, customers: Mapping[str, Customer], rules: AllocationRules,
               decided: OrderTerms | None = None) -> str:
    """The sheet's ship_policy wins, then an override's, then the customer's, then the rules' default."""
    if order.ship_policy in ("partial", "complete"):
        return order.ship_policy
    if decided is not None and decided.ship_policy is not None:
        return decided.ship_policy
    customer = customers.get(order.customer_id)
    if customer is not None and customer.ship_policy in ("partial", "complete"):
        return customer.ship_policy
    return rules.ship_policy


def _grantable(wanted: Decimal, free: Decimal, whole: bool) -> Decimal:
    give = wanted if wanted <= free else free
    if whole:
        give = give.to_integral_value(rounding=ROUND_FLOOR)
    return give if give > 0 else ZERO


def allocate(orders: Iterable[Order], items: Mapping[str, Item], customers: Mapping[str, Customer],
             rules: AllocationRules, fractional_units: Iterable[str] = (),
             available: Mapping[str, Decimal] | None = None,
             terms: Mapping[str, OrderTerms] | None = None) -> Allocation:
    """Serve `orders` against the stock; returns what each line gets, in service order.

    `available` overrides the free stock per sku (used when backorders were served first in
    the same job); skus not in `items` have nothing to give. `terms` are the overrides'
    decisions per order id (`orders/overrides.py`): priority, ship policy and backorders.
    """
    terms = terms or {}
    free = dict(available) if available is not None else available_stock(items, rules)
    fractional = {u.lower() for u in fractional_units}

    def whole(sku: str) -> bool:
        item = items.get(sku)
        return item is None or item.unit.lower() not in fractional

    result = Allocation()
    used = result.used
    for rank, order in enumerate(service_order(orders, customers, rules.order_by, terms)):
        decided = terms.get(order.order_id)
        policy = policy_for(order, customers, rules, decided)
        backorders = decided.backorders if decided is not None and decided.backorders else rules.backorders
        keep = backorders == "keep"
        if policy == "complete":
            need: dict[str, Decimal] = {}
            for ln in order.lines:
                need[ln.sku] = need.get(ln.sku, ZERO) + ln.quantity
            ships = all(
                free.get(sku, ZERO) >= qty and (not whole(sku) or qty == qty.to_integral_value())
                for sku, qty in need.items())
            if ships:
                lines = []
                for ln in order.lines:
                    free[ln.sku] -= ln.quantity
                    used[ln.sku] = used.get(ln.sku, ZERO) + ln.quantity
                    lines.append(LineAllocation(ln, ln.quantity, ZERO, ZERO))
            else:
                lines = [LineAllocation(ln, ZERO, ln.quantity if keep else ZERO,
                                        ZERO if keep else ln.quantity,
                                        REASON_HELD_COMPLETE if keep else REASON_CANCELLED)
                         for ln in order.lines]
        else:
            lines = []
            for ln in order.lines:
                give = _grantable(ln.quantity, free.get(ln.sku, ZERO), whole(ln.sku))
                if give:
                    free[ln.sku] -= give
                    used[ln.sku] = used.get(ln.sku, ZERO) + give
                rest = ln.quantity - give
                if not rest:
                    lines.append(LineAllocation(ln, give, ZERO, ZERO))
                elif keep:
                    lines.append(LineAllocation(ln, give, rest, ZERO, REASON_NO_STOCK))
                else:
                    lines.append(LineAllocation(ln, give, ZERO, rest, REASON_CANCELLED))
        result.orders.append(OrderAllocation(order, policy, tuple(lines), rank,
                                             any(la.allocated for la in lines)))
    return result


def remaining_stock(items: Mapping[str, Item], rules: AllocationRules,
                    allocation: Allocation) -> dict[str, Decimal]:
    """Free stock after `allocation` (for serving new orders after backorders)."""
    free = available_stock(items, rules)
    for sku, qty in allocation.used.items():
        free[sku] = free.get(sku, ZERO) - qty
    return free
