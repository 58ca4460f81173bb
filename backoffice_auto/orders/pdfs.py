"""Customer invoices and packing slips as PDF, in the reader's language.

Rendered with the shared `reports.pdf.new_document()` (DejaVu: č, ř, ł, ż, é, ñ print as
written). Amounts are formatted by Babel in the customer's language; every figure printed
is the one stored in the books (nothing is recomputed here). Kept apart from the workbook
outputs so their cost can be measured on its own (invoices per second).
"""

from __future__ import annotations

import io

from datetime import date
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from backoffice_auto.i18n import (
    N_, babel_locale, format_date, format_decimal, format_money, format_percent, translate,
)
from backoffice_auto.orders.legal import legal_mentions, vat_breakdown
from backoffice_auto.orders.model import CreditNote, Customer, Invoice, Item, OrderAllocation

T_INVOICE = N_("Invoice {number}")
T_ISSUE_DATE = N_("Issue date")
T_DUE_DATE = N_("Due date")
T_ORDER = N_("Order")
T_CUSTOMER = N_("Customer")
T_SUPPLIER = N_("Seller")
T_VAT_ID = N_("VAT ID")
T_ITEM = N_("Item")
T_QTY = N_("Qty")
T_UNIT_PRICE = N_("Unit price")
T_DISCOUNT = N_("Discount")
T_NET = N_("Net")
T_TAX_RATE = N_("Tax %")
T_TOTAL = N_("Total")
T_TOTAL_DUE = N_("Total due")
T_TERMS = N_("Payment terms: {terms}")
T_CUSTOMER_DISCOUNT = N_("Customer discount {rate}")
T_CREDIT_NOTE = N_("Credit note {number}")
T_CUSTOMER_NO = N_("Customer no.")
T_SUPPLY_DATE = N_("Date of supply")
T_CORRECTS = N_("Corrects invoice")
T_CORRECTS_VALUE = N_("{number} of {date}")
T_REASON = N_("Reason for correction")
T_CURRENCY = N_("Currency")
T_BANK_ACCOUNT = N_("Bank account (IBAN)")
T_PAYMENT_REFERENCE = N_("Payment reference")
T_VAT_SUMMARY = N_("VAT by rate")
T_VAT_RATE = N_("VAT rate")
T_TAXABLE = N_("Taxable amount")
T_VAT_AMOUNT = N_("VAT amount")
T_GROSS = N_("Amount with VAT")
T_NET_TOTAL = N_("Total without VAT")
T_TAX_TOTAL = N_("Total VAT")
T_TOTAL_CREDITED = N_("Total credited")
T_PACKING_SLIP = N_("Packing slip {shipment}")
T_SHIP_DATE = N_("Ship date")
T_LOCATION = N_("Location")
T_PICKED = N_("Picked")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _fitted_font(pdf, text: str, width: float, style: str, size: float, smallest: float = 5.5) -> None:
    """The largest font size up to `size` at which `text` fits `width` mm (column headers are
    longer in Polish or French than in English: "Cena jednostkowa", "Prix unitaire")."""
    pdf.set_font(style=style, size=size)
    while size > smallest and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(style=style, size=size)


def payment_reference(number: str, language: str) -> str:
    """What the payer quotes: the invoice number; for Czech readers its digits (variabilní symbol,
    at most 10 digits, as Czech banks take it), which payment matching finds invoices by too."""
    digits = "".join(ch for ch in number if ch.isdigit()).lstrip("0")
    if language == "cs" and digits and len(digits) <= 10:
        return digits
    return number


def _country(code: str | None, language: str) -> str:
    """A country's name in the reader's language (`CZ` -> "Česko", "Czechia", "Tchéquie")."""
    if not code:
        return ""
    return babel_locale(language).territories.get(code.upper(), code.upper())


def _address(street: str | None, postal_code: str | None, city: str | None, country: str | None,
             one_line: str | None, language: str) -> list[str]:
    """The postal address as printed: street; postal code and city; country."""
    place = " ".join(x for x in (postal_code, city) if x)
    lines = [x for x in (street, place) if x] or ([one_line] if one_line else [])
    return lines + ([_country(country, language)] if country else [])


def _party_blocks(doc: Invoice | CreditNote, customer: Customer | None, company, t, language: str):
    """The seller's and the customer's blocks: full name, address, VAT id."""
    d = doc.draft
    left = [t(T_SUPPLIER), company.name] + _address(
        getattr(company, "street", None), getattr(company, "postal_code", None), getattr(company, "city", None),
        company.country, company.address, language) + (
        [f"{t(T_VAT_ID)}: {company.vat_id}"] if company.vat_id else [])
    if customer is not None and customer.name:
        right = [t(T_CUSTOMER), customer.name] + _address(customer.street, customer.postal_code, customer.city,
                                                          customer.country, None, language)
    else:
        right = [t(T_CUSTOMER), d.customer_id]
    right += ([f"{t(T_VAT_ID)}: {customer.vat_id}"] if customer and customer.vat_id else [])
    right.append(f"{t(T_CUSTOMER_NO)}: {d.customer_id}")
    return left, right


def _lines_table(pdf, d, language: str, t, money) -> float:
    """The goods: nature (item and description), quantity with unit, prices, rate, amounts."""
    widths = (56, 20, 24, 20, 24, 16, 30)
    headers = (t(T_ITEM), t(T_QTY), t(T_UNIT_PRICE), t(T_DISCOUNT), t(T_NET), t(T_TAX_RATE), t(T_TOTAL))
    for w, h in zip(widths, headers):
        _fitted_font(pdf, h, w - 1, style="B", size=8)
        pdf.cell(w, 6, h, border="B", align="L" if w == widths[0] else "R")
    pdf.ln()
    pdf.set_font(style="", size=8)
    for x in d.lines:
        qty = format_decimal(x.quantity, language) + (f" {x.unit}" if x.unit else "")
        cells = (_fit(f"{x.sku} {x.description}", 38), _fit(qty, 12), money(x.unit_price), money(x.discount),
                 money(x.net), format_percent(x.tax_rate, language), money(x.total))
        for w, c in zip(widths, cells):
            pdf.cell(w, 5, c, align="L" if w == widths[0] else "R")
        pdf.ln()
    return sum(widths)


def _vat_table(pdf, d, language: str, t, money, width: float) -> None:
    """The VAT per rate (taxable amount, rate, VAT, gross) and the totals, sums of the rows."""
    pdf.ln(2)
    pdf.set_font(style="B", size=9)
    pdf.cell(0, 6, t(T_VAT_SUMMARY), new_x="LMARGIN", new_y="NEXT")
    cols = (30, 40, 40, 40)
    x0 = 10 + width - sum(cols)
    pdf.set_x(x0)
    for w, h in zip(cols, (t(T_VAT_RATE), t(T_TAXABLE), t(T_VAT_AMOUNT), t(T_GROSS))):
        _fitted_font(pdf, h, w - 1, style="B", size=8)
        pdf.cell(w, 6, h, border="B", align="R")
    pdf.ln()
    pdf.set_font(style="", size=8)
    for row in vat_breakdown(d.lines):
        pdf.set_x(x0)
        for w, c in zip(cols, (format_percent(row.rate, language), money(row.net), money(row.tax), money(row.gross))):
            pdf.cell(w, 5, c, align="R")
        pdf.ln()
    pdf.ln(2)
    pdf.set_font(size=9)
    total_label = t(T_TOTAL_DUE) if d.total >= 0 else t(T_TOTAL_CREDITED)
    for label, value, bold in ((t(T_NET_TOTAL), d.net, False), (t(T_TAX_TOTAL), d.tax, False),
                               (total_label, d.total, True)):
        pdf.set_font(style="B" if bold else "")
        pdf.cell(width - 40, 6, label, align="R")
        pdf.cell(40, 6, money(value), align="R", new_x="LMARGIN", new_y="NEXT")


def _render_invoice(pdf, inv: Invoice | CreditNote, customer: Customer | None, company, language: str,
                    terms: str) -> None:
    """The pages of one invoice or credit note, added to `pdf`."""
    t = lambda m, **kw: translate(m, language, **kw)  # noqa: E731
    d = inv.draft
    cur = d.currency
    money = lambda x: format_money(x, cur, language)  # noqa: E731
    note = isinstance(inv, CreditNote)
    pdf.add_page()
    pdf.set_font(size=16, style="B")
    pdf.cell(0, 10, t(T_CREDIT_NOTE if note else T_INVOICE, number=inv.number), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=9, style="")
    left, right = _party_blocks(inv, customer, company, t, language)
    y = pdf.get_y() + 2
    for i, text in enumerate(left):
        pdf.set_xy(10, y + i * 5)
        pdf.set_font(style="B" if i == 0 else "")
        pdf.cell(90, 5, _fit(text, 55))
    for i, text in enumerate(right):
        pdf.set_xy(110, y + i * 5)
        pdf.set_font(style="B" if i == 0 else "")
        pdf.cell(90, 5, _fit(text, 55))
    pdf.set_xy(10, y + max(len(left), len(right)) * 5 + 4)
    pdf.set_font(style="")
    facts = [(t(T_ISSUE_DATE), format_date(inv.issue_date, language)),
             (t(T_SUPPLY_DATE), format_date(inv.supplied_on, language))]
    if note:
        facts += [(t(T_CORRECTS), t(T_CORRECTS_VALUE, number=inv.original.number,
                                    date=format_date(inv.original.issue_date, language))),
                  (t(T_REASON), inv.reason)]
    else:
        facts.append((t(T_DUE_DATE), format_date(inv.due_date, language)))
    facts += [(t(T_ORDER), d.order_id), (t(T_CURRENCY), cur)]
    if company.iban:
        facts.append((t(T_BANK_ACCOUNT), company.iban + (f"  BIC {company.bic}" if company.bic else "")))
    facts.append((t(T_PAYMENT_REFERENCE), payment_reference(inv.number, language)))
    for label, value in facts:
        _fitted_font(pdf, label + ":", 54, style="", size=9)
        pdf.cell(55, 5, label + ":")
        pdf.set_font(size=9)
        pdf.cell(0, 5, _fit(value, 80), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    width = _lines_table(pdf, d, language, t, money)
    _vat_table(pdf, d, language, t, money, width)
    pdf.set_font(style="", size=8)
    pdf.ln(3)
    if d.discount_pct:
        pdf.cell(0, 5, t(T_CUSTOMER_DISCOUNT, rate=format_percent(d.discount_pct, language)),
                 new_x="LMARGIN", new_y="NEXT")
    if not note:
        pdf.cell(0, 5, t(T_TERMS, terms=terms), new_x="LMARGIN", new_y="NEXT")
    for mention in legal_mentions(d, company.country, customer.country if customer else None,
                                  customer.vat_id if customer else None):
        pdf.multi_cell(0, 4, t(mention), new_x="LMARGIN", new_y="NEXT")


def invoice_pdfs(batch: Sequence[tuple[Invoice, Customer | None, str, str, Path]], company) -> list[Path]:
    """One file per invoice from `(invoice, customer, language, terms text, path)` entries.

    Loading and subsetting the TrueType font is most of the cost of a small PDF (about half
    a second), so the whole batch is rendered as one document and then cut into one file
    per invoice with pdfium: the font is parsed and subset once per job, not per invoice.
    """
    from backoffice_auto.reports.pdf import new_document

    if not batch:
        return []
    pdf = new_document(author=company.name)
    ranges = []
    for inv, customer, language, terms, _ in batch:
        first = pdf.page_no() + 1
        _render_invoice(pdf, inv, customer, company, language, terms)
        ranges.append((first, pdf.page_no()))
    data = bytes(pdf.output())
    paths = [entry[4] for entry in batch]
    if len(batch) == 1:
        paths[0].write_bytes(data)
        return paths
    import pypdfium2 as pdfium

    whole = pdfium.PdfDocument(data)
    try:
        for (first, last), path in zip(ranges, paths):
            part = pdfium.PdfDocument.new()
            try:
                part.import_pages(whole, list(range(first - 1, last)))
                buffer = io.BytesIO()  # saved in memory: a write that fails (disk full) raises here, in
                part.save(buffer)      # Python, instead of inside pdfium's callback where it is lost
                path.write_bytes(buffer.getvalue())
            finally:
                part.close()
    finally:
        whole.close()
    return paths


def invoice_pdf(inv: Invoice | CreditNote, customer: Customer | None, company, language: str, terms: str,
                path: Path) -> Path:
    """One invoice (or credit note), one file: `INV-2026-00001.pdf`."""
    return invoice_pdfs([(inv, customer, language, terms, path)], company)[0]


def packing_slips_pdf(orders: Iterable[OrderAllocation], shipments: Mapping[str, str], items: Mapping[str, Item],
                      customers: Mapping[str, Customer], company, language: str, ship_date: date,
                      path: Path) -> Path | None:
    """One page per shipment, in the order shipments were served; None when nothing ships."""
    from backoffice_auto.reports.pdf import new_document

    t = lambda m, **kw: translate(m, language, **kw)  # noqa: E731
    pdf = None
    for oa in orders:
        shipped = [la for la in oa.lines if la.allocated > 0]
        if not shipped:
            continue
        if pdf is None:
            pdf = new_document(title=t(T_PACKING_SLIP, shipment=""), author=company.name)
        oid = oa.order.order_id
        customer = customers.get(oa.order.customer_id)
        pdf.add_page()
        pdf.set_font(size=14, style="B")
        pdf.cell(0, 9, t(T_PACKING_SLIP, shipment=shipments.get(oid, oid)), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(size=9, style="")
        for label, value in ((t(T_ORDER), oid),
                             (t(T_CUSTOMER), f"{oa.order.customer_id} {customer.name if customer else ''}"),
                             (t(T_SHIP_DATE), format_date(ship_date, language))):
            pdf.cell(35, 5, label + ":")
            pdf.cell(0, 5, _fit(value, 80), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        widths = (30, 35, 85, 20, 20)
        pdf.set_font(style="B")
        for w, h in zip(widths, (t(T_LOCATION), "SKU", t(T_ITEM), t(T_QTY), t(T_PICKED))):
            pdf.cell(w, 6, h, border="B")
        pdf.ln()
        pdf.set_font(style="")
        for la in sorted(shipped, key=lambda x: (items[x.line.sku].location, x.line.sku)):
            item = items[la.line.sku]
            for w, c in zip(widths, (item.location, la.line.sku, _fit(item.name, 50),
                                     f"{format_decimal(la.allocated, language)} {item.unit}", "[  ]")):
                pdf.cell(w, 5, c)
            pdf.ln()
    if pdf is None:
        return None
    pdf.output(str(path))
    return path
