"""What one orders job did, split into the file's own orders and older backorders it served.

A manager told "88 orders, fill rate 2.4 %" for a file of two orders, both shipped in full,
was told about backorders of earlier files as if they were this file's (issue 13 item 7).
So the figures of a job come in two scopes: the file's orders (orders, order lines, lines
shipped and backordered, the invoices issued for them with their net, VAT and gross), and
the backorders served from new stock, each in its own note and its own mail section.
Pure: computed from the allocation and the numbered invoices, nothing read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from backoffice_auto.errors import Problem, Source
from backoffice_auto.orders.model import Invoice, OrderAllocation
from backoffice_auto.i18n import N_
from backoffice_auto.reports.figures import amounts, number_range, sum_by_currency

MSG_FILE_FIGURES = N_("this file: orders {orders}, order lines {lines} (shipped {shipped}, backordered {backordered}); "
                      "invoices {invoices} {numbers}: net {net}, VAT {tax}, gross {gross}")
MSG_BACKORDER_FIGURES = N_("backorders of earlier files served from new stock: orders {orders}, lines shipped "
                           "{shipped}; invoices {invoices} {numbers}: net {net}, VAT {tax}, gross {gross}")


@dataclass(frozen=True)
class Scope:
    """The figures of one group of orders and the invoices issued for them."""

    orders: list[OrderAllocation]
    invoices: list[Invoice]

    @property
    def lines(self) -> int:
        return sum(len(oa.lines) for oa in self.orders)

    @property
    def shipped(self) -> int:
        return sum(1 for oa in self.orders for la in oa.lines if la.allocated > 0)

    @property
    def backordered(self) -> int:
        return sum(1 for oa in self.orders for la in oa.lines if la.backordered > 0)

    def totals(self, field: str) -> dict[str, Decimal]:
        return sum_by_currency((inv.draft.currency, getattr(inv.draft, field)) for inv in self.invoices)

    def params(self, language: str) -> dict:
        return {"orders": len(self.orders), "lines": self.lines, "shipped": self.shipped,
                "backordered": self.backordered, "invoices": len(self.invoices),
                "numbers": number_range(inv.number for inv in self.invoices),
                "net": amounts(self.totals("net"), language), "tax": amounts(self.totals("tax"), language),
                "gross": amounts(self.totals("total"), language)}


def split(backorders: list[OrderAllocation], new: list[OrderAllocation],
          invoices: list[Invoice]) -> tuple[Scope, Scope]:
    """(the file's orders, the backorders served). Invoices are drafted and numbered in serving
    order, backorders first, one per order that ships anything."""
    served = [oa for oa in backorders if any(la.allocated > 0 for la in oa.lines)]
    k = len(served)
    return Scope(list(new), list(invoices[k:])), Scope(served, list(invoices[:k]))


def notes(file_scope: Scope, backorder_scope: Scope, source: Source, language: str,
          has_file: bool = True) -> list[Problem]:
    """Info notes: the file's figures (when the job read a file), then the backorders' (when any shipped)."""
    out = []
    if has_file:
        out.append(Problem(MSG_FILE_FIGURES, source, file_scope.params(language), level="info"))
    if backorder_scope.orders:
        out.append(Problem(MSG_BACKORDER_FIGURES, source, backorder_scope.params(language), level="info"))
    return out
