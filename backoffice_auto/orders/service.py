"""The orders job against the books: one bulk read, pure decisions, one batch of writes.

`load_view` reads everything allocation needs in a handful of queries (all items, all
customers, open purchase orders, open backorders, which of the file's order ids exist),
never one query per row. `fulfil` is pure: backorders first (when the rules say so), then
the new orders on what is left, then invoice drafts. `record` writes the outcome through
`Books` in bulk, inside the job's transaction, taking gap-free invoice numbers last.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from backoffice_auto.errors import Source
from backoffice_auto.gcpause import collector_paused
from backoffice_auto.terms import due_date, parse_terms, try_parse_terms
from backoffice_auto.orders.allocate import allocate, available_stock
from backoffice_auto.orders.invoicing import draft_invoices, number_invoices
from backoffice_auto.orders.overrides import decide
from backoffice_auto.orders.model import (
    ZERO, Allocation, Customer, DraftInvoice, Invoice, Item, Order, OrderAllocation, OrderLine,
)
from backoffice_auto.orders.reorder import on_order_by_sku, suggest
from backoffice_auto.orders.rules_model import OrdersRules


@dataclass
class BooksView:
    """What the books say, read once per job."""

    items: dict[str, Item]
    customers: dict[str, Customer]
    processed: dict[str, str] = field(default_factory=dict)  # order id of this file -> earlier file
    processed_customer: dict[str, str] = field(default_factory=dict)  # ... -> its customer
    on_order: dict[str, Decimal] = field(default_factory=dict)
    open_lines: list[dict] = field(default_factory=list)  # order_lines with status backordered
    open_orders: dict[str, dict] = field(default_factory=dict)  # their orders rows
    last_line: dict[str, int] = field(default_factory=dict)  # amended order id -> its last line number

    def backordered_by_sku(self, excluding: Iterable[str] = ()) -> dict[str, Decimal]:
        skip = set(excluding)
        out: dict[str, Decimal] = {}
        for ln in self.open_lines:
            if ln["order_id"] not in skip:
                out[ln["sku"]] = out.get(ln["sku"], ZERO) + (ln["open_quantity"] or ZERO)
        return out


def load_view(books, order_ids: Iterable[str] = (), amend: bool = False) -> BooksView:
    items = {r["sku"]: Item.from_record(r) for r in books.rows("items")}
    customers = {r["customer_id"]: Customer.from_record(r) for r in books.rows("customers")}
    view = BooksView(items, customers)
    wanted = set(order_ids)
    for oid in sorted(wanted):  # one lookup by key per order of the file, whatever the history
        rec = books.get("orders", oid)
        if rec is not None:
            view.processed[oid] = rec.get("source_file") or rec.get("job_id") or ""
            view.processed_customer[oid] = rec.get("customer_id") or ""
            if amend:
                view.last_line[oid] = max((r["line"] for r in books.rows("order_lines", order_id=oid)), default=0)
    view.on_order = on_order_by_sku(books.rows("purchase_orders"))
    view.open_lines = books.rows("order_lines", status="backordered")
    for oid in sorted({ln["order_id"] for ln in view.open_lines}):
        rec = books.get("orders", oid)
        if rec is not None:
            view.open_orders[oid] = rec
    return view


def backorder_orders(view: BooksView, excluding: Iterable[str] = ()) -> list[Order]:
    """Open backorder lines as orders again (what is still open, at the price first agreed)."""
    skip = set(excluding)
    by_order: dict[str, list[dict]] = {}
    for ln in view.open_lines:
        if ln["order_id"] in view.open_orders and ln["order_id"] not in skip and (ln["open_quantity"] or ZERO) > 0:
            by_order.setdefault(ln["order_id"], []).append(ln)
    orders = []
    for index, oid in enumerate(sorted(by_order, key=lambda o: (view.open_orders[o]["order_date"] or date.min, o))):
        head = view.open_orders[oid]
        lines = tuple(OrderLine(
            order_id=oid, order_date=head["order_date"], customer_id=head["customer_id"], sku=ln["sku"],
            quantity=ln["open_quantity"], unit_price=ln["unit_price"], ship_by=ln["ship_by"], notes=ln["notes"],
            source=Source(head.get("source_file") or ""), row_index=-len(by_order) + index, line=ln["line"])
            for ln in sorted(by_order[oid], key=lambda r: r["line"]))
        orders.append(Order(oid, head["customer_id"], head["order_date"], lines, head.get("ship_policy"),
                            min((ln.ship_by for ln in lines if ln.ship_by), default=None)))
    return orders


@dataclass
class Fulfilment:
    backorders: Allocation  # open backorders served (before the new orders)
    new: Allocation  # the file's orders
    drafts: list[DraftInvoice]
    amended: set[str] = field(default_factory=set)

    def all_orders(self) -> list[OrderAllocation]:
        return self.backorders.orders + self.new.orders


def fulfil(orders: list[Order], view: BooksView, rules: OrdersRules, currency: str,
           amended: Iterable[str] = (), serve_backorders: bool | None = None,
           today: date | None = None, seller_country: str | None = None) -> Fulfilment:
    """Pure: allocate backorders (if the rules serve them first), then `orders`; draft invoices.

    The rules' `overrides` are decided first for every order served (`overrides.decide`).
    """
    amended = set(amended)
    if amended:
        orders = [_renumbered(o, view.last_line.get(o.order_id, 0)) if o.order_id in amended else o
                  for o in orders]
    arules = rules.allocation
    free = available_stock(view.items, arules)
    first = arules.backorders_first if serve_backorders is None else serve_backorders
    served = Allocation()
    terms: dict = {}
    if first and view.open_lines:
        # Open backorders were kept under `backorders: keep`; a later switch to `cancel` applies
        # to new orders only: what still waits is never dropped silently.
        waiting = backorder_orders(view, amended)
        kept = {oid: replace(t, backorders=None) for oid, t in
                decide(waiting, view.items, view.customers, rules, currency, today).items()}
        served = allocate(waiting, view.items, view.customers,
                          arules.model_copy(update={"backorders": "keep"}), rules.fractional_units, free,
                          kept)
        terms.update(kept)
        for sku, qty in served.used.items():
            free[sku] -= qty
    new_terms = decide(orders, view.items, view.customers, rules, currency, today)
    terms.update(new_terms)
    new = allocate(orders, view.items, view.customers, arules, rules.fractional_units, free, new_terms)
    drafts = draft_invoices(served.orders + new.orders, view.items, view.customers, rules.invoicing, currency,
                            terms, seller_country)
    return Fulfilment(served, new, drafts, amended)


def _renumbered(order: Order, after: int) -> Order:
    """An amending order's lines continue the numbering of the order it amends."""
    return replace(order, lines=tuple(replace(ln, line=ln.line + after) for ln in order.lines))


def due_for(customers: Mapping[str, Customer], rules: OrdersRules, issue_date: date):
    default = parse_terms(rules.invoicing.default_payment_terms)

    dates: dict[str | None, date] = {}  # terms text -> due date: the same for every invoice of a job

    def due(draft: DraftInvoice) -> date:
        customer = customers.get(draft.customer_id)
        text = customer.payment_terms if customer else None
        if text not in dates:
            dates[text] = due_date(issue_date, try_parse_terms(text) or default)
        return dates[text]
    return due


@dataclass
class Recorded:
    invoices: list[Invoice]
    shipments: dict[str, str]  # order id -> shipment label of this job
    on_hand: dict[str, Decimal]  # sku -> after this job
    reserved: dict[str, Decimal]


def shipment_label(order_id: str, number: int) -> str:
    return f"{order_id}/{number}"


def record(books, f: Fulfilment, view: BooksView, rules: OrdersRules, *, job_id: str, source_file: str,
           today: date) -> Recorded:
    """Write the outcome: stock, orders and lines, shipments, open sales invoices with their lines.

    With the cyclic garbage collector paused, as the whole job runs (`job.process_file`; see
    `gcpause`): a 100,000-line file's rows are hundreds of thousands of new objects, and the
    full collections they set off walk every object the job holds, finding nothing."""
    with collector_paused():
        return _record(books, f, view, rules, job_id=job_id, source_file=source_file, today=today)


def _record(books, f: Fulfilment, view: BooksView, rules: OrdersRules, *, job_id: str, source_file: str,
            today: date) -> Recorded:
    """`record` itself. One function over 80 lines on purpose: the rows of every table are
    gathered in one pass each (stock, invoice numbers, shipments, the file's orders and lines,
    amended and served backorder lines), then written in the order the tables depend on one
    another, all reading the same few locals; split up, each part would take them all again."""
    used: dict[str, Decimal] = {}
    for alloc in (f.backorders, f.new):
        for sku, qty in alloc.used.items():
            used[sku] = used.get(sku, ZERO) + qty
    on_hand: dict[str, Decimal] = {}
    reserved: dict[str, Decimal] = {}
    stock_updates = []
    for sku in sorted(used):
        item = view.items[sku]
        if rules.allocation.stock_effect == "reserve":
            reserved[sku] = item.reserved + used[sku]
            stock_updates.append({"sku": sku, "reserved": reserved[sku]})
        else:
            on_hand[sku] = item.on_hand - used[sku]
            stock_updates.append({"sku": sku, "on_hand": on_hand[sku]})
    if stock_updates:
        books.upsert_many("items", stock_updates)

    invoices = number_invoices(f.drafts, books.next_number, rules.invoicing, today,
                               due_for(view.customers, rules, today), books.next_numbers)
    invoice_of = {inv.draft.order_id: inv for inv in invoices}

    # Shipment numbers: the first for a new order, the next one for an order shipping again.
    shipments: dict[str, str] = {}
    shipment_rows = []
    for oa in f.all_orders():
        oid = oa.order.order_id
        if not oa.shipped_anything:
            continue
        number = 1
        if oid in view.open_orders or oid in f.amended:
            number = len(books.rows("shipments", order_id=oid)) + 1
        shipments[oid] = shipment_label(oid, number)
        shipped = [q for la in oa.lines if (q := la.allocated) > ZERO]
        inv = invoice_of.get(oid)
        shipment_rows.append((oid, number, job_id, today, inv.number if inv else None, len(shipped),
                              sum(shipped, ZERO)))

    # New rows are inserted and changed rows updated by key, one statement each: no read of
    # what exists (an upsert of a composite-key table reads the whole table), so the cost
    # depends on this job's rows, not on how large the books have grown.
    # New rows go in as tuples in the order of `_ORDER_COLUMNS`, `_LINE_COLUMNS`...: the
    # bulk path of a 100,000-line file, so no dict per row (issue 9's books-write target).
    order_rows, line_rows = [], []  # changes to existing rows
    new_orders, new_lines = [], []
    add_line = new_lines.append
    for oa in f.new.orders:
        order = oa.order
        oid = order.order_id
        any_open = False
        for la in oa.lines:
            ln, shipped, open_q = la.line, la.allocated, la.backordered
            if open_q > ZERO:
                status, any_open = "backordered", True
            else:
                status = "shipped" if shipped > ZERO else "cancelled"
            src = ln.source
            add_line((ln.order_id, ln.line, ln.sku, ln.quantity, ln.unit_price, ln.ship_by, ln.notes, shipped,
                      open_q, la.cancelled, status, src.render() if src.file else None))
        any_shipped = oa.shipped_anything
        status = _order_status(any_shipped, any_open, not any_open and not any_shipped and all(
            la.cancelled == la.line.quantity for la in oa.lines))  # read only when nothing ships or waits
        if oid in f.amended:
            order_rows.append({"order_id": oid, "status": status, "updated_job": job_id,
                               "ship_policy": order.ship_policy})
        else:
            new_orders.append((oid, order.customer_id, order.order_date, order.ship_policy, order.ship_by, status,
                               source_file, job_id, job_id))
    # Amended orders: what was still open is replaced by the new file's lines.
    for ln in view.open_lines:
        if ln["order_id"] in f.amended:
            line_rows.append({"order_id": ln["order_id"], "line": ln["line"], "open_quantity": ZERO,
                              "cancelled": (ln["cancelled"] or ZERO) + (ln["open_quantity"] or ZERO),
                              "status": "shipped" if (ln["shipped"] or ZERO) > 0 else "cancelled"})
    # Backorders served: lines shipped further; orders' status follows.
    touched_backorders = set()
    by_key = {(ln["order_id"], ln["line"]): ln for ln in view.open_lines}
    for oa in f.backorders.orders:
        for la in oa.lines:
            if la.allocated == 0 and la.cancelled == 0:
                continue
            old = by_key[(la.line.order_id, la.line.line)]
            shipped = (old["shipped"] or ZERO) + la.allocated
            open_q = (old["open_quantity"] or ZERO) - la.allocated - la.cancelled
            line_rows.append({"order_id": old["order_id"], "line": old["line"], "shipped": shipped,
                              "open_quantity": open_q, "cancelled": (old["cancelled"] or ZERO) + la.cancelled,
                              "status": "backordered" if open_q > 0 else ("shipped" if shipped > 0 else "cancelled")})
            by_key[(la.line.order_id, la.line.line)] = {**old, "shipped": shipped, "open_quantity": open_q}
            touched_backorders.add(la.line.order_id)
    still_open: dict[str, bool] = {}
    for (o, _), ln in by_key.items():
        if o in touched_backorders:
            still_open[o] = still_open.get(o, False) or (ln["open_quantity"] or ZERO) > 0
    for oid in sorted(touched_backorders):
        any_open = still_open[oid]
        order_rows.append({"order_id": oid, "status": _order_status(True, any_open, False), "updated_job": job_id})
    update = books.update
    books.insert_rows("orders", _ORDER_COLUMNS, new_orders)
    for rec in order_rows:
        update("orders", rec["order_id"], **{k: v for k, v in rec.items() if k != "order_id"})
    books.insert_rows("order_lines", _LINE_COLUMNS, new_lines)
    for rec in line_rows:
        update("order_lines", (rec["order_id"], rec["line"]),
               **{k: v for k, v in rec.items() if k not in ("order_id", "line")})
    books.insert_rows("shipments", _SHIPMENT_COLUMNS, shipment_rows)
    books.insert_rows("sales_invoices", _INVOICE_COLUMNS, (
        (inv.number, d.customer_id, d.order_id, inv.issue_date, inv.due_date, d.currency, d.net, d.tax, d.total,
         ZERO.quantize(d.total), "open") for inv in invoices for d in (inv.draft,)))
    books.insert_rows("sales_invoice_lines", _INVOICE_LINE_COLUMNS, (
        (number, x.line, order_id, x.order_line, x.sku, x.description, x.quantity, x.unit, x.unit_price, x.gross,
         x.discount, x.net, x.tax_rate, x.tax, x.total)
        for inv in invoices for number, order_id in ((inv.number, inv.draft.order_id),) for x in inv.draft.lines))
    return Recorded(invoices, shipments, on_hand, reserved)


#: The columns of the rows `record` inserts, in the order its tuples give them.
_ORDER_COLUMNS = ("order_id", "customer_id", "order_date", "ship_policy", "ship_by", "status", "source_file",
                  "job_id", "updated_job")
_LINE_COLUMNS = ("order_id", "line", "sku", "quantity", "unit_price", "ship_by", "notes", "shipped",
                 "open_quantity", "cancelled", "status", "source")
_SHIPMENT_COLUMNS = ("order_id", "shipment", "job_id", "ship_date", "invoice_number", "lines", "quantity")
_INVOICE_COLUMNS = ("invoice_number", "customer_id", "order_id", "issue_date", "due_date", "currency", "net",
                    "tax", "total", "paid", "status")
_INVOICE_LINE_COLUMNS = ("invoice_number", "line", "order_id", "order_line", "sku", "description", "quantity",
                         "unit", "unit_price", "gross", "discount", "net", "tax_rate", "tax", "total")


def _order_status(any_shipped: bool, any_open: bool, all_cancelled: bool) -> str:
    if any_open:
        return "partial" if any_shipped else "backordered"
    if any_shipped:
        return "shipped"
    return "cancelled" if all_cancelled else "shipped"


def reorder_suggestions(view: BooksView, rec: Recorded, f: Fulfilment):
    """Suggestions on the stock after this job, counting what customers still wait for."""
    waiting = view.backordered_by_sku(excluding=f.amended)
    for oa in f.backorders.orders:
        for la in oa.lines:
            waiting[la.line.sku] = waiting.get(la.line.sku, ZERO) - la.allocated - la.cancelled
    for oa in f.new.orders:
        for la in oa.lines:
            if la.backordered:
                waiting[la.line.sku] = waiting.get(la.line.sku, ZERO) + la.backordered
    return suggest(view.items, rec.on_hand, rec.reserved, view.on_order, waiting)
