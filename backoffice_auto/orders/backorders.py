"""Open backorders served when stock arrives (called by the master-data job).

`allocate_backorders(books, ctx)` runs inside the caller's job and transaction, after the
items upsert: open backorder lines compete by the same service order as new orders (customer
priority, order date, order id by default), a `complete` order still ships only whole, and
what ships is invoiced, recorded and mailed exactly as for an order file. Its outputs go
under `backorders/` in the caller's job folder. Nothing happens when nothing can ship.
Backorders kept earlier stay open even if the rules later say `backorders: cancel` (that
applies to new orders only).
"""

from __future__ import annotations

from backoffice_auto.orders.job import Outcome, serve_backorders


def allocate_backorders(books, ctx) -> Outcome | None:
    """Serve open backorders from the stock now in `books` (the job's own `ctx.books`).

    Returns the outcome (allocation, invoices, outputs) or None when nothing shipped.
    `books` must be `ctx.books`; it is a parameter so the call reads as what it touches.
    """
    if books is not ctx.books:
        raise ValueError("allocate_backorders must run on the job's own books")
    return serve_backorders(ctx, label="items")
