"""Every output of one fulfilment, written under the job's staging folder.

Split in two so their cost can be measured apart: `write_workbooks` (the clerk's workbook
back, pick list, backorder report, reorder suggestions) and `write_pdfs` (packing slips,
one PDF per invoice). `row_statuses` is pure: what each clerk row gets in the added
columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Mapping

from backoffice_auto.errors import Problem
from backoffice_auto.terms import describe_terms, parse_terms, try_parse_terms
from backoffice_auto.orders import labels as L
from backoffice_auto.orders.annotate import RowStatus, SheetStatus, annotate, output_name
from backoffice_auto.orders.model import Customer, Invoice, Item, OrderAllocation, ReorderSuggestion
from backoffice_auto.orders.pdfs import invoice_pdfs, packing_slips_pdf
from backoffice_auto.orders.sheets import (
    backorder_rows, decimal_cell, pick_rows, reorder_rows, write_backorders, write_pick_list, write_reorder,
)

PICK_LIST = "pick-list.xlsx"
BACKORDERS = "backorders.xlsx"
REORDER = "reorder-suggestions.xlsx"
PACKING_SLIPS = "packing-slips.pdf"
INVOICES_DIR = "invoices"


@dataclass
class Written:
    clerk: str | None = None
    pick_list: str | None = None
    backorders: str | None = None
    reorder: str | None = None
    packing_slips: str | None = None
    invoices: dict[str, str] = field(default_factory=dict)  # invoice number -> relative path
    pick_lines: int = 0


def row_statuses(orders: Iterable[OrderAllocation], shipments: Mapping[str, str],
                 invoice_of: Mapping[str, str], skipped: Mapping[tuple[str, int], list[Problem]],
                 header_rows: Mapping[str, int], language: str) -> dict[str, SheetStatus]:
    """(sheet -> rows -> status) for the clerk's workbook."""
    t = lambda m: L.t(m, language)  # noqa: E731
    words = {k: t(k) for k in (L.STATUS_SHIPPED, L.STATUS_PARTIAL, L.STATUS_BACKORDERED, L.STATUS_CANCELLED,
                               L.STATUS_SKIPPED)}
    reasons: dict[str, str] = {}
    by_sheet: dict[str, dict[int, RowStatus]] = {s: {} for s in header_rows}
    for oa in orders:
        oid = oa.order.order_id
        ship = shipments.get(oid, "")
        inv = invoice_of.get(oid, "")
        for la in oa.lines:
            src = la.line.source
            if src.sheet not in by_sheet or not src.row:
                continue
            if la.allocated == la.line.quantity:
                status = words[L.STATUS_SHIPPED]
            elif la.allocated > 0:
                status = words[L.STATUS_PARTIAL]
            elif la.backordered > 0:
                status = words[L.STATUS_BACKORDERED]
            else:
                status = words[L.STATUS_CANCELLED]
            reason = ""
            if la.reason:
                reason = reasons.get(la.reason) or reasons.setdefault(la.reason, t(la.reason))
            by_sheet[src.sheet][src.row] = RowStatus(
                decimal_cell(la.allocated), decimal_cell(la.backordered) if la.backordered else "",
                ship if la.allocated > 0 else "", inv if la.allocated > 0 else "", status, reason)
    for (sheet, row), problems in skipped.items():
        if sheet in by_sheet:
            by_sheet[sheet][row] = RowStatus("", "", "", "", words[L.STATUS_SKIPPED],
                                             "; ".join(p.text(language) for p in problems))
    return {s: SheetStatus(header_rows[s], rows) for s, rows in by_sheet.items()}


def write_workbooks(out: Callable[[str], Path], *, clerk: tuple[bytes, str, str] | None,
                    statuses: Mapping[str, SheetStatus], orders: list[OrderAllocation],
                    items: Mapping[str, Item], customers: Mapping[str, Customer], shipments: Mapping[str, str],
                    suggestions: list[ReorderSuggestion], language: str, prefix: str = "",
                    decimal_mark: str = ".") -> Written:
    """The workbook outputs; `clerk` is (bytes, name, format) of the file to hand back."""
    from backoffice_auto.orders.model import Allocation

    w = Written()
    if clerk is not None:
        data, name, fmt = clerk
        rel = prefix + output_name(name, fmt)
        annotate(data, name, fmt, statuses, language, out(rel), decimal_mark)
        w.clerk = rel
    alloc = Allocation(orders)
    picks = pick_rows(alloc, items, shipments)
    w.pick_lines = len(picks)
    if picks:
        w.pick_list = prefix + PICK_LIST
        write_pick_list(out(w.pick_list), picks, language)
    back = backorder_rows(alloc, items, customers)
    if back:
        w.backorders = prefix + BACKORDERS
        write_backorders(out(w.backorders), back, language)
    if suggestions:
        w.reorder = prefix + REORDER
        write_reorder(out(w.reorder), reorder_rows(suggestions, items), language)
    return w


def terms_text(customer: Customer | None, default_terms: str, language: str) -> str:
    """The customer's payment terms as a sentence in their language."""
    terms = try_parse_terms(customer.payment_terms if customer else None) or parse_terms(default_terms)
    return describe_terms(terms, language)


def write_pdfs(out: Callable[[str], Path], w: Written, *, orders: list[OrderAllocation],
               invoices: list[Invoice], items: Mapping[str, Item], customers: Mapping[str, Customer],
               shipments: Mapping[str, str], company, default_language: str, default_terms: str,
               ship_date: date, prefix: str = "") -> Written:
    """Packing slips (warehouse language) and one invoice PDF per invoice (customer's language)."""
    rel = prefix + PACKING_SLIPS
    if packing_slips_pdf(orders, shipments, items, customers, company, default_language, ship_date, out(rel)):
        w.packing_slips = rel
    else:
        out(rel).unlink(missing_ok=True)
    batch = []
    for inv in invoices:
        customer = customers.get(inv.draft.customer_id)
        language = (customer.language if customer and customer.language else default_language)
        rel = f"{prefix}{INVOICES_DIR}/{safe_name(inv.number)}.pdf"
        batch.append((inv, customer, language, terms_text(customer, default_terms, language), out(rel)))
        w.invoices[inv.number] = rel
    invoice_pdfs(batch, company)
    return w


def safe_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)


def values_by_outcome(orders: Iterable[OrderAllocation], items: Mapping[str, Item],
                      default_currency: str, price_of: Callable) -> dict[str, dict[str, Decimal]]:
    """Ordered value split into shipped / backordered / cancelled, per currency (list prices)."""
    out: dict[str, dict[str, Decimal]] = {}
    for oa in orders:
        for la in oa.lines:
            item = items.get(la.line.sku)
            if item is None:
                continue
            price = price_of(la.line.unit_price, item) or Decimal(0)
            cur = (item.currency or default_currency).upper()
            bucket = out.setdefault(cur, {"shipped": Decimal(0), "backordered": Decimal(0),
                                          "cancelled": Decimal(0)})
            bucket["shipped"] += la.allocated * price
            bucket["backordered"] += la.backordered * price
            bucket["cancelled"] += la.cancelled * price
    return out
