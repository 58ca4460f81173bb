"""Reorder suggestions: which items to buy after this job's allocation, and how many.

The position of an item is what will be there for new demand: on hand (after what this job
ships) less reserved, plus what purchase orders still bring, less the customer demand that
is already waiting (open backorders). When the position falls below `reorder_min`, the
suggestion brings it up to `reorder_max`, rounded up to a whole `reorder_multiple` (a case,
a pallet). Items without `reorder_min` and `reorder_max` are never suggested.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Mapping

from backoffice_auto.orders.model import ZERO, Item, ReorderSuggestion


def on_order_by_sku(purchase_orders: list[dict]) -> dict[str, Decimal]:
    """Quantity still to arrive per sku: ordered less received, never below zero per line."""
    out: dict[str, Decimal] = {}
    for po in purchase_orders:
        sku = po.get("sku")
        if not sku:
            continue
        rest = (po.get("quantity") or ZERO) - (po.get("received_quantity") or ZERO)
        if rest > 0:
            out[sku] = out.get(sku, ZERO) + rest
    return out


def round_up_to(quantity: Decimal, multiple: Decimal | None) -> Decimal:
    if not multiple or multiple <= 0:
        return quantity
    return (quantity / multiple).to_integral_value(rounding=ROUND_CEILING) * multiple


def suggest(items: Mapping[str, Item], on_hand_after: Mapping[str, Decimal],
            reserved_after: Mapping[str, Decimal], on_order: Mapping[str, Decimal],
            backordered: Mapping[str, Decimal]) -> list[ReorderSuggestion]:
    """Suggestions for items whose position is below `reorder_min`, sorted by sku.

    `on_hand_after` / `reserved_after` give the stock after this job for the skus it touched;
    other skus keep the item's own figures.
    """
    out = []
    for sku in sorted(items):
        item = items[sku]
        if item.reorder_min is None or item.reorder_max is None:
            continue
        on_hand = on_hand_after.get(sku, item.on_hand)
        reserved = reserved_after.get(sku, item.reserved)
        coming = on_order.get(sku, ZERO)
        waiting = backordered.get(sku, ZERO)
        position = on_hand - reserved + coming - waiting
        if position >= item.reorder_min:
            continue
        quantity = round_up_to(item.reorder_max - position, item.reorder_multiple)
        if quantity <= 0:
            continue
        out.append(ReorderSuggestion(sku, item.name, on_hand, coming, waiting, position,
                                     item.reorder_min, item.reorder_max, quantity))
    return out
