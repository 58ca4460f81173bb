"""Checks of order rows against each other and the books, before anything is allocated.

Pure: rows in, orders and problems out. Every problem names its cell. With
`on_bad_row: refuse` (default) any error refuses the file and the clerk gets every error at
once; with `skip` an order with a bad row is left out whole (shipping half of an order
because one line was mistyped would surprise the customer more than a late order), its
problems become warnings and the good orders go through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from backoffice_auto.documents.fieldlabels import field_label
from backoffice_auto.errors import Problem, Source
from backoffice_auto.i18n import N_
from backoffice_auto.orders.model import Customer, Item, Order, OrderLine
from backoffice_auto.orders.plausible import implausible
from backoffice_auto.orders.quantityunits import same_unit
from backoffice_auto.orders.rules_model import OrdersRules

MSG_UNKNOWN_SKU = N_("unknown sku '{sku}'")
MSG_UNKNOWN_CUSTOMER = N_("unknown customer '{customer_id}'")
MSG_QTY_NOT_POSITIVE = N_("quantity must be more than zero, not {quantity}")
MSG_QTY_RETURN = N_("quantity {quantity} is a return of {sku}, and an order sheet books sales only: take the return "
                    "line out of the sheet; put the goods back in stock with an items workbook in inbox/books (the new "
                    "stock on hand) and credit the customer with a credit note for the invoice")
MSG_QTY_FRACTION = N_("quantity {quantity} is not a whole number, and {sku} is counted in '{unit}', "
                      "a unit that is not divisible")
MSG_SAME_LINE = N_("sku {sku} appears twice in order {order_id} (first on row {row})")
MSG_NO_PRICE = N_("no price for {sku}: the row has no {column} and the item has none")
MSG_QTY_UNIT = N_("quantity {quantity} is written in '{written}', but {sku} is counted in '{unit}': write the "
                  "quantity in {unit}")
MSG_PRICE_CURRENCY = N_("unit price {price} is written in {written}, but {sku} is sold in {currency}: write the "
                        "price in {currency}")
MSG_PRICE_UNIT = N_("unit price {price} is written per '{written}', but {sku} is counted in '{unit}': write the "
                    "price per {unit}")
MSG_NEGATIVE_PRICE = N_("unit price must not be negative, not {price}")
MSG_OTHER_CUSTOMER = N_("order {order_id} is for customer {first} on row {row}, not {customer_id}")
MSG_OTHER_DATE = N_("order {order_id} is dated {first} on row {row}, not {order_date}")
MSG_MIXED_CURRENCY = N_("order {order_id} mixes currencies: {first} on row {row}, {currency} here")
MSG_ALREADY_PROCESSED = N_("order {order_id} was already processed (from {file}); an order is "
                           "taken once unless rules/orders.yaml says existing_order: amend")
MSG_AMEND_OTHER_CUSTOMER = N_("order {order_id} is for customer {first} (from {file}); an amendment cannot "
                              "change it to {customer_id}")
MSG_ORDER_SKIPPED = N_("order {order_id} skipped: {count} bad row(s); the other orders went through")
MSG_NO_ROWS = N_("no order rows found")
MSG_BAD_POLICY = N_("{column} must be 'partial' or 'complete', not '{value}'")


@dataclass(slots=True)
class ReadRow:
    """A data row as the reader typed it: values by field (None when empty or unreadable)."""

    values: dict
    source: Source  # file, sheet and row
    columns: Mapping[str, str]  # field -> column letter of its sheet
    row_index: int  # 0-based position among all data rows of the file
    problems: list[Problem] = field(default_factory=list)
    quantity_unit: str | None = None  # the word written beside the quantity (`2 ks`, `5 bal`)
    price_currency: str | None = None  # the currency the price's cell or header names (`12,50 €`, `Cena (Kč)`)
    price_unit: str | None = None  # the unit the price's cell says it is per (`12,50 Kč/ks`, `3 € la pièce`)
    # every currency the price's sign may stand for (`$`: any dollar; empty: those of `price_currency` alone)
    price_currencies: frozenset = frozenset()

    def cell(self, name: str) -> Source:
        return self.source.with_cell(column=self.columns.get(name))


@dataclass
class Checked:
    orders: list[Order]
    errors: list[Problem]  # refuse the file when non-empty (refuse mode)
    warnings: list[Problem]  # skipped orders and rows (skip mode)
    skipped_rows: set[int]  # row_index of rows left out
    amended: set[str]  # order ids that amend an earlier order


def check_rows(rows: Iterable[ReadRow], items: Mapping[str, Item], customers: Mapping[str, Customer],
               rules: OrdersRules, default_currency: str,
               processed: Mapping[str, str] | None = None,
               processed_customer: Mapping[str, str] | None = None, today: date | None = None) -> Checked:
    """Typed rows -> orders. `processed` maps order ids taken from earlier files to their
    file, `processed_customer` to their customer (an amendment cannot change it); `today`
    bounds the order dates (`orders.yaml` `plausible`)."""
    processed = processed or {}
    processed_customer = processed_customer or {}
    fractional = {u.lower() for u in rules.fractional_units}
    bad: dict[str, list[Problem]] = {}  # order_id -> problems
    loose: list[Problem] = []  # problems of rows without an order id
    loose_rows: set[int] = set()
    lines_by_order: dict[str, list[OrderLine]] = {}
    first_row: dict[str, ReadRow] = {}
    seen_sku: dict[tuple[str, str], ReadRow] = {}
    currency_of: dict[str, tuple[str, ReadRow]] = {}
    rows_of: dict[str, list[int]] = {}
    amended: set[str] = set()
    all_rows = 0

    for row in rows:
        all_rows += 1
        v = row.values
        problems = list(row.problems)
        oid = v.get("order_id")
        if oid is None:
            loose.extend(problems)
            loose_rows.add(row.row_index)
            continue
        rows_of.setdefault(oid, []).append(row.row_index)
        sku, cid, qty = v.get("sku"), v.get("customer_id"), v.get("quantity")
        head = first_row.get(oid)
        if head is None:
            first_row[oid] = row
            if oid in processed:
                if rules.existing_order == "amend":
                    amended.add(oid)
                    owner = processed_customer.get(oid)
                    if owner and cid is not None and cid != owner:
                        problems.append(Problem(MSG_AMEND_OTHER_CUSTOMER, row.cell("customer_id"), {
                            "order_id": oid, "first": owner, "file": processed[oid], "customer_id": cid}))
                else:
                    problems.append(Problem(MSG_ALREADY_PROCESSED, row.cell("order_id"),
                                            {"order_id": oid, "file": processed[oid]}))
        else:
            hv = head.values
            if cid is not None and hv.get("customer_id") is not None and cid != hv["customer_id"]:
                problems.append(Problem(MSG_OTHER_CUSTOMER, row.cell("customer_id"), {
                    "order_id": oid, "first": hv["customer_id"], "row": head.source.row, "customer_id": cid}))
            od = v.get("order_date")
            if od is not None and hv.get("order_date") is not None and od != hv["order_date"]:
                problems.append(Problem(MSG_OTHER_DATE, row.cell("order_date"), {
                    "order_id": oid, "first": hv["order_date"].isoformat(), "row": head.source.row,
                    "order_date": od.isoformat()}))
        if cid is not None and cid not in customers:
            problems.append(Problem(MSG_UNKNOWN_CUSTOMER, row.cell("customer_id"), {"customer_id": cid}))
        item = items.get(sku) if sku is not None else None
        if sku is not None and item is None:
            problems.append(Problem(MSG_UNKNOWN_SKU, row.cell("sku"), {"sku": sku}))
        if qty is not None:
            if qty < 0:  # a return written as a minus line (`-2`): said as such, with how to book it
                problems.append(Problem(MSG_QTY_RETURN, row.cell("quantity"), {"quantity": _plain(qty),
                                                                                "sku": sku or "-"}))
            elif qty == 0:
                problems.append(Problem(MSG_QTY_NOT_POSITIVE, row.cell("quantity"), {"quantity": _plain(qty)}))
            elif item is not None and row.quantity_unit and not same_unit(row.quantity_unit, item.unit):
                problems.append(Problem(MSG_QTY_UNIT, row.cell("quantity"), {
                    "quantity": _plain(qty), "written": row.quantity_unit, "sku": sku, "unit": item.unit or "-"}))
            elif item is not None and qty != qty.to_integral_value() and item.unit.lower() not in fractional:
                problems.append(Problem(MSG_QTY_FRACTION, row.cell("quantity"), {
                    "quantity": _plain(qty), "sku": sku, "unit": item.unit or "-"}))
        problems.extend(implausible(v.get("order_date"), v.get("ship_by"), qty, rules.plausible.future_days,
                                    rules.plausible.max_quantity, today, row.cell))
        if sku is not None:
            key = (oid, sku)
            twin = seen_sku.get(key)
            if twin is not None:
                problems.append(Problem(MSG_SAME_LINE, row.cell("sku"), {
                    "sku": sku, "order_id": oid, "row": twin.source.row}))
            else:
                seen_sku[key] = row
        price = v.get("unit_price")
        if price is not None and price < 0:
            problems.append(Problem(MSG_NEGATIVE_PRICE, row.cell("unit_price"), {"price": _plain(price)}))
        if item is not None:
            if (price is None or rules.invoicing.price == "item") and item.unit_price is None:
                problems.append(Problem(MSG_NO_PRICE, row.cell("sku"), {"sku": sku, "column": field_label("unit_price")}))
            currency = (item.currency or default_currency).upper()
            if price is not None and row.price_currency and row.price_currency != currency and \
                    currency not in row.price_currencies:  # (`$12.50` on a row in CAD is in its currency)
                problems.append(Problem(MSG_PRICE_CURRENCY, row.cell("unit_price"), {
                    "price": _plain(price), "written": row.price_currency, "sku": sku, "currency": currency}))
            if price is not None and row.price_unit and not same_unit(row.price_unit, item.unit):
                problems.append(Problem(MSG_PRICE_UNIT, row.cell("unit_price"), {
                    "price": _plain(price), "written": row.price_unit, "sku": sku, "unit": item.unit or "-"}))
            first = currency_of.get(oid)
            if first is None:
                currency_of[oid] = (currency, row)
            elif first[0] != currency:
                problems.append(Problem(MSG_MIXED_CURRENCY, row.cell("sku"), {
                    "order_id": oid, "first": first[0], "row": first[1].source.row, "currency": currency}))
        policy = v.get("ship_policy")
        if policy is not None and policy not in ("partial", "complete"):
            problems.append(Problem(MSG_BAD_POLICY, row.cell("ship_policy"),
                                    {"value": policy, "column": field_label("ship_policy")}))
        if problems:
            bad.setdefault(oid, []).extend(problems)
            continue
        if None in (sku, cid, qty, v.get("order_date")):
            continue  # the reader reported the missing value; the row is in `bad` already
        hv = first_row[oid].values
        lines_by_order.setdefault(oid, []).append(OrderLine(
            order_id=oid, order_date=hv.get("order_date") or v["order_date"], customer_id=cid, sku=sku,
            quantity=qty, unit_price=price, ship_by=v.get("ship_by"), notes=v.get("notes"),
            ship_policy=policy, source=row.source, row_index=row.row_index,
            line=len(lines_by_order.get(oid, ())) + 1))

    errors: list[Problem] = []
    warnings: list[Problem] = []
    skipped: set[int] = set(loose_rows)
    if all_rows == 0:
        errors.append(Problem(MSG_NO_ROWS))
    problems_all = loose + [p for ps in bad.values() for p in ps]
    problems_all.sort(key=lambda p: (p.source.sheet or "", p.source.row or 0, p.source.column or "")
                      if p.source else ("", 0, ""))
    if rules.on_bad_row == "refuse":
        errors.extend(problems_all)
    else:
        warnings.extend(_as_warning(p) for p in problems_all)
        for oid in sorted(bad, key=lambda o: first_row[o].row_index):
            warnings.append(Problem(MSG_ORDER_SKIPPED, first_row[oid].cell("order_id"),
                                    {"order_id": oid, "count": len(rows_of[oid])}, level="warning"))
            skipped.update(rows_of[oid])
    orders = []
    for oid, lines in lines_by_order.items():
        if oid in bad:
            continue
        policy = next((ln.ship_policy for ln in lines if ln.ship_policy), None)
        ship_by = min((ln.ship_by for ln in lines if ln.ship_by), default=None)
        head = lines[0]
        orders.append(Order(oid, head.customer_id, head.order_date, tuple(lines), policy, ship_by))
    if rules.on_bad_row == "skip" and not orders and not errors:
        errors.extend(problems_all or [Problem(MSG_NO_ROWS)])
    return Checked(orders, errors, warnings, skipped, amended & {o.order_id for o in orders})


def _as_warning(p: Problem) -> Problem:
    return Problem(p.message, p.source, p.params, level="warning")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text
