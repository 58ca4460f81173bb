"""Purchase-order matching: find the order an invoice bills, then compare line by line.

Finding the order: the PO number printed on the invoice, else the supplier's order whose
lines best cover the invoice lines (same SKU, or a description alike above the rules'
threshold, compared with rapidfuzz). Comparing (`mode`):

- `two_way`: the invoiced quantity is at most the ordered quantity and the unit price is
  the ordered price, each within its tolerance in percent;
- `three_way`: the invoiced quantity is at most the *received* quantity (the goods are in);
- the invoice's net differs from the matched lines' value at the ordered prices by at most
  `amount_tolerance` (money, in the invoice currency).

Anything outside puts the bill on hold with the reason; nothing here refuses a file.
Pure functions over rows of the `purchase_orders` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Mapping

from rapidfuzz import fuzz

from backoffice_auto.i18n import N_
from backoffice_auto.invoices.bills.checks import Finding, finding, normalize_number
from backoffice_auto.invoices.extract.model import ExtractedInvoice, InvoiceLine

MSG_PO_NOT_FOUND = N_("purchase order {po} named on the invoice is not in the books")
MSG_PO_OTHER_SUPPLIER = N_("purchase order {po} belongs to supplier {owner}, not to {supplier}")
MSG_PO_MISSING = N_("no purchase order matches this invoice")
MSG_PO_NONE = N_("no purchase order is printed on the invoice and none of the supplier's orders matches its "
                 "lines, so the invoice was not compared with an order")
MSG_PO_NOT_RUN = N_("the invoice was not compared with a purchase order: the supplier is not in the books")
MSG_PO_MATCHED = N_("matched to purchase order {po} by {by}")
MSG_LINE_NOT_ORDERED = N_("line {line} ({description}) is not on purchase order {po}")
MSG_PRICE = N_("line {line} ({description}): unit price {price} differs from the ordered {ordered} "
               "by {pct} % (tolerance {tolerance} %)")
MSG_QTY_ORDERED = N_("line {line} ({description}): {quantity} invoiced, but {ordered} ordered "
                     "(tolerance {tolerance} %)")
MSG_QTY_RECEIVED = N_("line {line} ({description}): {quantity} invoiced, but only {received} received "
                      "(tolerance {tolerance} %)")
MSG_AMOUNT = N_("the net {net} differs from {expected} at the ordered prices by more than {tolerance}")
MSG_PO_CREDIT_NOTE = N_("credit note: not compared with purchase order {po}")
MSG_QTY_ORDERED_BEFORE = N_("line {line} ({description}): {quantity} invoiced now and {billed} before, but {ordered} "
                            "ordered (tolerance {tolerance} %)")
MSG_QTY_RECEIVED_BEFORE = N_("line {line} ({description}): {quantity} invoiced now and {billed} before, but only "
                             "{received} received (tolerance {tolerance} %)")
MSG_OVER_ORDERED_BEFORE = N_("the net {net} and {billed} invoiced before exceed the ordered value {expected} of "
                             "purchase order {po} by more than {tolerance}")
MSG_OVER_RECEIVED_BEFORE = N_("the net {net} and {billed} invoiced before exceed the received value {expected} of "
                              "purchase order {po} by more than {tolerance}")
MSG_OVER_ORDERED = N_("the net {net} exceeds the ordered value {expected} of purchase order {po} by more than "
                      "{tolerance}")
MSG_OVER_RECEIVED = N_("the net {net} exceeds the received value {expected} of purchase order {po} by more than "
                       "{tolerance}")

# Share of invoice lines an order must cover to be taken as the invoice's order by items.
MIN_COVER = Decimal("0.5")


@dataclass(frozen=True)
class LineMatch:
    index: int  # 1-based invoice line
    line: InvoiceLine
    po_line: Mapping | None
    score: float  # 100 for a SKU match


@dataclass(frozen=True)
class PoMatch:
    po_number: str
    by: str  # number | items
    lines: tuple[LineMatch, ...]
    supplier_id: str | None
    po_lines: tuple[Mapping, ...] = ()  # every line of the order


@dataclass(frozen=True)
class Billed:
    """What earlier bills already invoiced on one order: quantity per order line, and net."""

    quantities: Mapping[int, Decimal]
    net: Decimal = Decimal(0)

    def quantity(self, po_line: Mapping) -> Decimal:
        return self.quantities.get(po_line.get("line"), Decimal(0))


NOTHING_BILLED = Billed({})


def billed_before(previous: Iterable[ExtractedInvoice], po_lines: list[Mapping], threshold: float = 80) -> Billed:
    """Quantities and net invoiced on this order by earlier bills (their lines paired with the
    order's lines as the new invoice's are), so an order cannot be invoiced twice over."""
    quantities: dict[int, Decimal] = {}
    net = Decimal(0)
    for inv in previous:
        net += inv.net or Decimal(0)
        for m in assign_lines(inv.lines, po_lines, threshold):
            if m.po_line is not None and m.line.quantity is not None:
                key = m.po_line.get("line")
                quantities[key] = quantities.get(key, Decimal(0)) + m.line.quantity
    return Billed(quantities, net)


def group_orders(po_rows: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    orders: dict[str, list[Mapping]] = {}
    for row in po_rows:
        orders.setdefault(row["po_number"], []).append(row)
    for lines in orders.values():
        lines.sort(key=lambda r: r.get("line") or 0)
    return orders


def _line_score(line: InvoiceLine, po_line: Mapping) -> float:
    if line.sku and po_line.get("sku") and line.sku.strip().upper() == str(po_line["sku"]).strip().upper():
        return 100.0
    desc, ordered = (line.description or "").casefold(), str(po_line.get("description") or "").casefold()
    score = float(fuzz.token_set_ratio(desc, ordered)) if desc and ordered else 0.0
    sku = str(po_line.get("sku") or "").casefold()
    if sku and sku in desc.split():  # the SKU printed inside the description
        score = max(score, 99.0)
    return score


def assign_lines(lines: Iterable[InvoiceLine], po_lines: list[Mapping], threshold: float) -> tuple[LineMatch, ...]:
    """Pair invoice lines with order lines, best pairs first, each order line used once."""
    lines = list(lines)
    pairs = sorted(((_line_score(line, pol), i, j) for i, line in enumerate(lines) for j, pol in enumerate(po_lines)),
                   key=lambda t: (-t[0], t[1], t[2]))
    used_i: dict[int, tuple[int, float]] = {}
    used_j: set[int] = set()
    for score, i, j in pairs:
        if score < threshold or i in used_i or j in used_j:
            continue
        used_i[i] = (j, score)
        used_j.add(j)
    out = []
    for i, line in enumerate(lines):
        j, score = used_i.get(i, (None, 0.0))
        out.append(LineMatch(i + 1, line, po_lines[j] if j is not None else None, score))
    return tuple(out)


def find_order(inv: ExtractedInvoice, supplier_id: str | None, po_rows: Iterable[Mapping],
               threshold: float = 80) -> tuple[PoMatch | None, list[Finding]]:
    """The order the invoice bills (by its printed number, else by items) and what was noticed."""
    orders = group_orders(po_rows)
    if inv.po_number:
        wanted = normalize_number(inv.po_number)
        for number, po_lines in orders.items():
            if normalize_number(number) == wanted:
                owner = po_lines[0].get("supplier_id")
                if supplier_id and owner and owner != supplier_id:
                    return None, [finding("po_other_supplier", "hold", MSG_PO_OTHER_SUPPLIER, po=number,
                                          owner=owner, supplier=supplier_id)]
                match = PoMatch(number, "number", assign_lines(inv.lines, po_lines, threshold), owner,
                                tuple(po_lines))
                return match, [finding("po_matched", "note", MSG_PO_MATCHED, po=number, by="number")]
        return None, [finding("po_not_found", "hold", MSG_PO_NOT_FOUND, po=inv.po_number)]
    if not supplier_id or not inv.lines:
        return None, []
    best: tuple[Decimal, float, PoMatch] | None = None
    for number, po_lines in orders.items():
        if po_lines[0].get("supplier_id") != supplier_id:
            continue
        matched = assign_lines(inv.lines, po_lines, threshold)
        hits = [m for m in matched if m.po_line is not None]
        if not hits:
            continue
        cover = Decimal(len(hits)) / Decimal(len(inv.lines))
        mean = sum(m.score for m in hits) / len(hits)
        candidate = (cover, mean, PoMatch(number, "items", matched, supplier_id, tuple(po_lines)))
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None or best[0] < MIN_COVER:
        return None, []
    return best[2], [finding("po_matched", "note", MSG_PO_MATCHED, po=best[2].po_number, by="items")]


def _shown(amount: Decimal, minor_digits: int) -> Decimal:
    """An amount as the currency writes it (`1.0` from YAML shows as `1.00`)."""
    return amount.quantize(Decimal(1).scaleb(-minor_digits))


def _pct_diff(value: Decimal, reference: Decimal) -> Decimal:
    if reference == 0:
        return Decimal(0) if value == 0 else Decimal(100)
    return (abs(value - reference) / abs(reference) * 100).quantize(Decimal("0.01"))


def compare_order(inv: ExtractedInvoice, match: PoMatch, mode: str, price_tolerance_pct: Decimal,
                  quantity_tolerance_pct: Decimal, amount_tolerance: Decimal, minor_digits: int = 2,
                  billed: Billed = NOTHING_BILLED) -> list[Finding]:
    """2-way or 3-way comparison of the invoice with its order, line by line and in total.

    Quantities count what earlier bills invoiced on the same order line (`billed`).
    """
    if mode == "none":
        return []
    if inv.document_type == "credit_note" or (inv.total is not None and inv.total < 0):
        return [finding("po_credit_note", "note", MSG_PO_CREDIT_NOTE, po=match.po_number)]
    if not match.lines:
        return compare_order_value(inv, match, mode, amount_tolerance, minor_digits, billed)
    out: list[Finding] = []
    expected = Decimal(0)
    q_factor = 1 + quantity_tolerance_pct / 100
    for m in match.lines:
        desc = m.line.description
        if m.po_line is None:
            out.append(finding("po_line", "hold", MSG_LINE_NOT_ORDERED, line=m.index, description=desc,
                               po=match.po_number))
            continue
        ordered_price = m.po_line.get("unit_price")
        qty = m.line.quantity
        if m.line.unit_price is not None and ordered_price is not None:
            pct = _pct_diff(m.line.unit_price, ordered_price)
            if pct > price_tolerance_pct:
                out.append(finding("po_price", "hold", MSG_PRICE, line=m.index, description=desc,
                                   price=m.line.unit_price, ordered=ordered_price, pct=pct,
                                   tolerance=price_tolerance_pct))
        if qty is not None:
            before = billed.quantity(m.po_line)
            ordered = m.po_line.get("quantity")
            if ordered is not None and qty + before > ordered * q_factor:
                out.append(finding("po_quantity", "hold", MSG_QTY_ORDERED_BEFORE if before else MSG_QTY_ORDERED,
                                   line=m.index, description=desc, quantity=qty, billed=before, ordered=ordered,
                                   tolerance=quantity_tolerance_pct))
            received = m.po_line.get("received_quantity") or Decimal(0)
            if mode == "three_way" and qty + before > received * q_factor:
                out.append(finding("po_received", "hold", MSG_QTY_RECEIVED_BEFORE if before else MSG_QTY_RECEIVED,
                                   line=m.index, description=desc, quantity=qty, billed=before, received=received,
                                   tolerance=quantity_tolerance_pct))
        if qty is not None and ordered_price is not None:
            expected += qty * ordered_price
        elif m.line.amount is not None:
            expected += m.line.amount
    expected = expected.quantize(Decimal(1).scaleb(-minor_digits))
    if inv.net is not None and all(m.po_line is not None for m in match.lines) and match.lines:
        if abs(inv.net - expected) > amount_tolerance:
            out.append(finding("po_amount", "hold", MSG_AMOUNT, net=inv.net, expected=expected,
                               tolerance=_shown(amount_tolerance, minor_digits)))
    return out


def compare_order_value(inv: ExtractedInvoice, match: PoMatch, mode: str, amount_tolerance: Decimal,
                        minor_digits: int = 2, billed: Billed = NOTHING_BILLED) -> list[Finding]:
    """An invoice without readable lines: its net, with what earlier bills invoiced on the
    order, must not exceed the order's value (ordered, or received in three-way mode) at the
    ordered prices, beyond the amount tolerance."""
    if inv.net is None or not match.po_lines:
        return []
    quantity = "received_quantity" if mode == "three_way" else "quantity"
    value = sum(((row.get(quantity) or Decimal(0)) * (row.get("unit_price") or Decimal(0)) for row in match.po_lines),
                Decimal(0)).quantize(Decimal(1).scaleb(-minor_digits))
    if inv.net + billed.net - value > amount_tolerance:
        if billed.net:
            message = MSG_OVER_RECEIVED_BEFORE if mode == "three_way" else MSG_OVER_ORDERED_BEFORE
        else:
            message = MSG_OVER_RECEIVED if mode == "three_way" else MSG_OVER_ORDERED
        return [finding("po_value", "hold", message, net=inv.net, billed=billed.net, expected=value,
                        po=match.po_number, tolerance=_shown(amount_tolerance, minor_digits))]
    return []


def match_purchase_order(inv: ExtractedInvoice, supplier_id: str | None, po_rows: Iterable[Mapping], *,
                         mode: str = "two_way", price_tolerance_pct: Decimal = Decimal(2),
                         quantity_tolerance_pct: Decimal = Decimal(0), amount_tolerance: Decimal = Decimal("1.00"),
                         require_po: bool = False, description_threshold: float = 80,
                         minor_digits: int = 2, previous: Mapping[str, Iterable[ExtractedInvoice]] | None = None,
                         ) -> tuple[PoMatch | None, list[Finding]]:
    """Find the order and compare; `require_po` holds an invoice that matches none, else
    that no order was found is a note. Without a supplier nothing can be matched: a note says so.

    `previous`: the invoices already entered as bills, by the order number they matched.
    """
    if mode == "none":
        return None, []
    if not supplier_id:  # matching cannot run; the report must not read "no exceptions"
        return None, [finding("po_not_run", "note", MSG_PO_NOT_RUN)]
    match, found = find_order(inv, supplier_id, po_rows, description_threshold)
    if match is None:
        if not found:
            found = [finding("po_missing", "hold", MSG_PO_MISSING) if require_po
                     else finding("po_none", "note", MSG_PO_NONE)]
        return None, found
    earlier = (previous or {}).get(match.po_number, ())
    billed = billed_before(earlier, list(match.po_lines), description_threshold) if earlier else NOTHING_BILLED
    return match, found + compare_order(inv, match, mode, price_tolerance_pct, quantity_tolerance_pct,
                                        amount_tolerance, minor_digits, billed)
