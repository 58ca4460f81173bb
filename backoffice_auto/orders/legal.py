"""What the law asks an issued invoice or credit note to carry, as pure functions.

EU VAT Directive 2006/112/EC art. 226 (and the local forms built on it: the Czech daňový
doklad, the Polish faktura, the French facture, the Spanish factura) asks for the seller's
and customer's full names and addresses, VAT ids, a sequential number, the issue date, the
date of supply, quantity and nature of the goods, the taxable amount and the VAT *per
rate*, and the mentions a special case needs (reverse charge, art. 196 and 226(11a));
French law (Code de commerce L441-9 and L441-10) adds the late-payment penalty rate and
the fixed 40 EUR recovery indemnity. A credit note (art. 219) names the invoice it
corrects. The PDF renderer (`orders.pdfs`) prints what these functions decide.

The per-rate breakdown adds up the lines' already rounded figures, so every total on the
page is the sum of the rounded parts printed above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable

from backoffice_auto.i18n import N_
from backoffice_auto.orders.model import ZERO, CreditNote, DraftInvoice, Invoice, InvoiceLine
from backoffice_auto.orders.placeofsupply import EU, country_of_vat_id, vat_treatment

T_REVERSE_CHARGE = N_("Reverse charge: VAT to be accounted for by the customer (Article 196 of "
                      "Directive 2006/112/EC).")
T_EXPORT = N_("Export of goods exempt from VAT (Article 146 of Directive 2006/112/EC).")
T_FR_LATE_PAYMENT = N_("Late payment: penalties at three times the legal interest rate, and a fixed "
                       "indemnity of 40 EUR for recovery costs (French Commercial Code, art. L441-10). "
                       "No discount for early payment unless stated above.")


@dataclass(frozen=True, slots=True)
class RateRow:
    """One VAT rate of a document: the sums of its lines' rounded net, tax and gross."""

    rate: Decimal
    net: Decimal
    tax: Decimal
    gross: Decimal


def vat_breakdown(lines: Iterable[InvoiceLine]) -> list[RateRow]:
    """Net, tax and gross per VAT rate, highest rate first; each a sum of rounded line figures."""
    sums: dict[Decimal, list[Decimal]] = {}
    for x in lines:
        s = sums.setdefault(Decimal(x.tax_rate).normalize() + 0, [ZERO, ZERO, ZERO])
        s[0] += x.net
        s[1] += x.tax
        s[2] += x.total
    return [RateRow(rate, *sums[rate]) for rate in sorted(sums, reverse=True)]


def is_reverse_charge(draft: DraftInvoice, seller_country: str | None, customer_country: str | None,
                      customer_vat_id: str | None) -> bool:
    """A supply to a VAT-registered business in another member state, invoiced without VAT.

    Art. 196 and 226(11a): the customer accounts for the VAT and the invoice must say so.
    Only when every line is at 0 %: a taxed line means the seller charged VAT itself."""
    if not customer_vat_id or not draft.lines:
        return False
    seller = (seller_country or "").upper()
    buyer = (customer_country or country_of_vat_id(customer_vat_id) or "").upper()
    if seller not in EU or buyer not in EU or seller == buyer:
        return False
    return all(x.tax_rate == 0 for x in draft.lines)


def legal_mentions(draft: DraftInvoice, seller_country: str | None, customer_country: str | None,
                   customer_vat_id: str | None) -> list[str]:
    """The msgids of the mentions this document must print, in print order."""
    out = []
    if is_reverse_charge(draft, seller_country, customer_country, customer_vat_id):
        out.append(T_REVERSE_CHARGE)
    elif draft.lines and all(x.tax_rate == 0 for x in draft.lines) and \
            vat_treatment(seller_country, customer_country, customer_vat_id) == "export":
        out.append(T_EXPORT)
    if "FR" in ((seller_country or "").upper(), (customer_country or "").upper()):
        out.append(T_FR_LATE_PAYMENT)
    return out


def _negated(line: InvoiceLine) -> InvoiceLine:
    return InvoiceLine(line.line, line.sku, line.description, -line.quantity, line.unit, line.unit_price,
                       -line.gross, -line.discount, -line.net, line.tax_rate, -line.tax, -line.total,
                       line.order_line)


def credit_note(original: Invoice, number: str, issue_date: date, reason: str,
                lines: Iterable[int] | None = None) -> CreditNote:
    """A credit note cancelling `original` (all its lines, or the line numbers in `lines`).

    Each credited line is the invoice line with quantity and amounts negated, so the rounded
    figures are exactly the invoice's and the note's totals are the sums of its lines."""
    if issue_date < original.issue_date:
        raise ValueError(f"credit note {number} dated {issue_date} before invoice {original.number}")
    if not reason.strip():
        raise ValueError(f"credit note {number} needs a reason")
    wanted = None if lines is None else set(lines)
    credited = tuple(_negated(x) for x in original.draft.lines if wanted is None or x.line in wanted)
    if not credited:
        raise ValueError(f"credit note {number} credits no line of invoice {original.number}")
    d = original.draft
    draft = DraftInvoice(d.order_id, d.customer_id, d.currency, credited,
                         sum((x.net for x in credited), ZERO), sum((x.tax for x in credited), ZERO),
                         sum((x.total for x in credited), ZERO), d.discount_pct)
    return CreditNote(number, issue_date, original, reason.strip(), draft)
