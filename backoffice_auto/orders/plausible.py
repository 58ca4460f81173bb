"""Values an order row may hold but a person hardly meant: an order dated years ahead (`2062`
for `2026`), a ship-by date before the order was placed, a quantity in the millions (an EAN
code or a price typed into the quantity column).

Why a check of its own: each of these reads as a valid date or number, so the reader takes
it, and the job would then invoice and book it (a backorder of 5,901,234 pieces stays in the
books for months). The bounds are rules (`orders.yaml` `plausible:`), so an office that does
take such orders raises them; the problem names the cell and the key.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_

MSG_FUTURE = N_("order date {order_date} is too far after today ({today}; orders.yaml plausible.future_days: "
                "{limit}): a mistyped year? Correct the date")
MSG_SHIP_BEFORE = N_("ship-by date {ship_by} is before the order date {order_date}")
MSG_QUANTITY = N_("quantity {quantity} is over {limit}: an item code or a price typed into the quantity? Correct "
                  "it (orders.yaml plausible.max_quantity)")


def implausible(order_date: date | None, ship_by: date | None, quantity: Decimal | None, future_days: int,
                max_quantity: Decimal, today: date | None, cell) -> list[Problem]:
    """The problems of one row's dates and quantity; `cell(field)` gives a field's cell."""
    problems = []
    if today is not None and isinstance(order_date, date) and (order_date - today).days > future_days:
        problems.append(Problem(MSG_FUTURE, cell("order_date"), {
            "order_date": order_date.isoformat(), "today": today.isoformat(), "limit": future_days}))
    if isinstance(order_date, date) and isinstance(ship_by, date) and ship_by < order_date:
        problems.append(Problem(MSG_SHIP_BEFORE, cell("ship_by"), {
            "ship_by": ship_by.isoformat(), "order_date": order_date.isoformat()}))
    if quantity is not None and quantity > max_quantity:
        problems.append(Problem(MSG_QUANTITY, cell("quantity"), {
            "quantity": format(quantity.normalize(), "f"), "limit": format(max_quantity.normalize(), "f")}))
    return problems

