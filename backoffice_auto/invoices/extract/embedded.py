"""Embedded e-invoice XML (Factur-X / ZUGFeRD 1.0 and 2.x CII, XRechnung CII and UBL).

When a PDF carries one of these, the XML is the legal invoice and the printed page only a
picture of it, so it wins over any reading of the text. Parsing goes through defusedxml
(entity expansion, external entities and DTDs are refused: an "XML bomb" in an attachment
raises `EmbeddedXmlError`, and the caller falls back to the text with a note).

Elements are found by local name, not by namespace: ZUGFeRD 1.0 (`urn:ferd:...`), CII D16B
(`...:CrossIndustryInvoice:100`) and UBL 2.1 name the same things in different namespaces,
and some producers get the prefixes wrong while the names stay right.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Iterable
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from backoffice_auto.i18n import N_
from backoffice_auto.invoices.extract.model import ExtractedInvoice, InvoiceLine, SupplierInfo
from backoffice_auto.invoices.extract.pdfdoc import Attachment

PREFERRED_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")
CREDIT_NOTE_CODES = {"381", "261", "396", "532"}
EMBEDDED_FIELDS = ("supplier.name", "supplier.vat_id", "supplier.iban", "invoice_number",
                   "issue_date", "due_date", "currency", "net", "tax", "total")


class EmbeddedXmlError(Exception):
    """The attachment is an XML that cannot be used (malformed, unsafe, or not an invoice).

    `note` is the clerk-facing English msgid saying what happened (translated on display)."""

    def __init__(self, detail: str, note: str):
        super().__init__(detail)
        self.note = note


NOTE_UNSAFE = N_("embedded XML refused as unsafe (entity expansion or DTD); read from the text")
NOTE_MALFORMED = N_("embedded XML malformed; read from the text")
NOTE_NOT_INVOICE = N_("embedded XML is not an e-invoice; read from the text")
XML_REFUSED_NOTES = frozenset({NOTE_UNSAFE, NOTE_MALFORMED, NOTE_NOT_INVOICE})


def pick_invoice_xml(attachments: Iterable[Attachment]) -> Attachment | None:
    """The attachment that is the e-invoice: a known Factur-X/ZUGFeRD name first, else any .xml."""
    xmls = [a for a in attachments if a.name.lower().endswith(".xml") or a.data.lstrip()[:5] == b"<?xml"]
    for preferred in PREFERRED_NAMES:
        for att in xmls:
            if att.name.lower() == preferred:
                return att
    return xmls[0] if xmls else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: Element | None, *names: str) -> Element | None:
    """Follow a path of local names through direct children."""
    for name in names:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _children(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _find(el: Element | None, name: str) -> Element | None:
    """First descendant with local name `name` (document order)."""
    if el is None:
        return None
    return next((d for d in el.iter() if _local(d.tag) == name), None)


def _findall(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [d for d in el.iter() if _local(d.tag) == name]


def _text(el: Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    value = " ".join(el.text.split())
    return value or None


def _dec(el: Element | None) -> Decimal | None:
    text = _text(el)
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _cii_date(el: Element | None) -> date | None:
    """CII dates: `<udt:DateTimeString format="102">20180305</...>` (or an ISO date)."""
    if el is None:
        return None
    holder = _find(el, "DateTimeString") if _local(el.tag) != "DateTimeString" else el
    text = _text(holder) or _text(el)
    if not text:
        return None
    for fmt in ("%Y%m%d", "%Y-%m-%d", "%Y%m"):
        try:
            return datetime.strptime(text[: len("YYYY-MM-DD")] if "-" in text else text[:8], fmt).date()
        except ValueError:
            continue
    return None


def _iso_date(el: Element | None) -> date | None:
    text = _text(el)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_invoice_xml(data: bytes) -> ExtractedInvoice:
    """Read an e-invoice XML; raise `EmbeddedXmlError` when it is unsafe, malformed or unknown."""
    try:
        root = DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise EmbeddedXmlError(f"unsafe XML refused ({type(exc).__name__})", NOTE_UNSAFE) from None
    except (ParseError, ValueError, UnicodeDecodeError) as exc:
        raise EmbeddedXmlError(f"malformed XML ({exc})", NOTE_MALFORMED) from None
    kind = _local(root.tag)
    if kind in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        return _read_cii(root)
    if kind in ("Invoice", "CreditNote"):
        return _read_ubl(root)
    raise EmbeddedXmlError(f"not an e-invoice (root element {kind})", NOTE_NOT_INVOICE)


def _settlement(total: Decimal | None, credit: bool, prepaid: Decimal | None, rounding: Decimal | None,
                due: Decimal | None, reference: str | None) -> dict:
    """EN 16931's paid amount (BT-113), rounding (BT-114), amount due (BT-115) and remittance
    information (BT-83), kept only where they say something the total does not."""
    from backoffice_auto.parties import payref

    out: dict = {}
    ref = payref.parse(reference)
    if ref is not None:
        out["payment_reference"] = ref.value
    if credit:
        return out
    if prepaid:
        out["prepaid"] = prepaid
    if rounding:
        out["rounding"] = rounding
    if due is not None and (due != total or prepaid or rounding):
        out["amount_due"] = due
    return out


def _sign(value: Decimal | None, credit: bool) -> Decimal | None:
    if value is None or not credit:
        return value
    return -abs(value)


def _full_confidence(values: dict) -> dict[str, float]:
    return {k: 1.0 for k, v in values.items() if v is not None}


def _read_cii(root: Element) -> ExtractedInvoice:
    header = _child(root, "ExchangedDocument") or _child(root, "HeaderExchangedDocument")
    transaction = (_child(root, "SupplyChainTradeTransaction")
                   or _child(root, "SpecifiedSupplyChainTradeTransaction"))
    if header is None or transaction is None:
        raise EmbeddedXmlError("CII invoice without document header or trade transaction", NOTE_NOT_INVOICE)
    agreement = (_child(transaction, "ApplicableHeaderTradeAgreement")
                 or _child(transaction, "ApplicableSupplyChainTradeAgreement"))
    settlement = (_child(transaction, "ApplicableHeaderTradeSettlement")
                  or _child(transaction, "ApplicableSupplyChainTradeSettlement"))
    seller = _child(agreement, "SellerTradeParty")
    buyer = _child(agreement, "BuyerTradeParty")
    type_code = _text(_child(header, "TypeCode"))
    credit = type_code in CREDIT_NOTE_CODES
    currency = _text(_child(settlement, "InvoiceCurrencyCode"))

    summation = (_child(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
                 or _child(settlement, "SpecifiedTradeSettlementMonetarySummation"))
    tax_total = None
    for el in _children(summation, "TaxTotalAmount"):
        if tax_total is None or el.get("currencyID") in (None, currency):
            tax_total = _dec(el)
            if el.get("currencyID") == currency:
                break
    iban = None
    for means in _children(settlement, "SpecifiedTradeSettlementPaymentMeans"):
        iban = _text(_child(means, "PayeePartyCreditorFinancialAccount", "IBANID"))
        if iban:
            break
    terms = _child(settlement, "SpecifiedTradePaymentTerms")
    po = _text(_child(agreement, "BuyerOrderReferencedDocument", "IssuerAssignedID"))
    # an item line has a billed quantity; some producers also emit section titles and notes
    # as "lines" without one (Odoo), which are not items
    lines = tuple(_cii_line(item, credit) for item in _children(transaction, "IncludedSupplyChainTradeLineItem")
                  if _find(item, "BilledQuantity") is not None)
    values = dict(
        invoice_number=_text(_child(header, "ID")),
        issue_date=_cii_date(_child(header, "IssueDateTime")),
        due_date=_cii_date(_child(terms, "DueDateDateTime")),
        currency=currency,
        net=_sign(_dec(_child(summation, "TaxBasisTotalAmount")), credit),
        tax=_sign(tax_total, credit),
        total=_sign(_dec(_child(summation, "GrandTotalAmount")), credit),
    )
    supplier = SupplierInfo(
        name=_text(_child(seller, "Name")),
        vat_id=_tax_registration(seller, "VA"),
        iban=iban.replace(" ", "").upper() if iban else None,
    )
    values.update(_settlement(values["total"], credit, _dec(_child(summation, "TotalPrepaidAmount")),
                              _dec(_child(summation, "RoundingAmount")), _dec(_child(summation, "DuePayableAmount")),
                              _text(_child(settlement, "PaymentReference"))))
    confidence = _full_confidence(values)
    confidence.update({f"supplier.{k}": 1.0 for k, v in supplier.to_json().items() if v})
    return ExtractedInvoice(
        source="embedded-xml", supplier=supplier, lines=lines, confidence=confidence,
        po_number=po, document_type="credit_note" if credit else "invoice",
        buyer_vat_id=_tax_registration(buyer, "VA"),
        payment_terms=_text(_child(terms, "Description")), **values)


def _tax_registration(party: Element | None, scheme: str) -> str | None:
    for reg in _children(party, "SpecifiedTaxRegistration"):
        ident = _child(reg, "ID")
        if ident is not None and ident.get("schemeID") == scheme:
            return (_text(ident) or "").replace(" ", "") or None
    return None


def _cii_line(item: Element, credit: bool) -> InvoiceLine:
    product = _child(item, "SpecifiedTradeProduct")
    agreement = (_child(item, "SpecifiedLineTradeAgreement")
                 or _child(item, "SpecifiedSupplyChainTradeAgreement"))
    delivery = (_child(item, "SpecifiedLineTradeDelivery")
                or _child(item, "SpecifiedSupplyChainTradeDelivery"))
    settlement = (_child(item, "SpecifiedLineTradeSettlement")
                  or _child(item, "SpecifiedSupplyChainTradeSettlement"))
    tax = _child(settlement, "ApplicableTradeTax")
    rate = _dec(_find(tax, "RateApplicablePercent")) or _dec(_find(tax, "ApplicablePercent"))
    if rate is None:
        rate = _dec(_find(settlement, "RateApplicablePercent")) or _dec(_find(settlement, "ApplicablePercent"))
    summation = (_child(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
                 or _child(settlement, "SpecifiedTradeSettlementMonetarySummation"))
    price = _child(agreement, "NetPriceProductTradePrice") or _child(agreement, "GrossPriceProductTradePrice")
    return InvoiceLine(
        description=_text(_child(product, "Name")) or "",
        quantity=_dec(_child(delivery, "BilledQuantity")),
        unit_price=_dec(_child(price, "ChargeAmount")),
        amount=_sign(_dec(_child(summation, "LineTotalAmount")), credit),
        tax_rate=rate,
        sku=_text(_child(product, "SellerAssignedID")) or _text(_child(product, "GlobalID")),
    )


def _read_ubl(root: Element) -> ExtractedInvoice:
    credit = _local(root.tag) == "CreditNote" or _text(_child(root, "InvoiceTypeCode")) in CREDIT_NOTE_CODES
    party = _child(root, "AccountingSupplierParty", "Party")
    buyer = _child(root, "AccountingCustomerParty", "Party")
    totals = _child(root, "LegalMonetaryTotal")
    currency = _text(_child(root, "DocumentCurrencyCode"))
    tax = None
    for tax_total in _children(root, "TaxTotal"):
        amount = _child(tax_total, "TaxAmount")
        if amount is not None and amount.get("currencyID") in (None, currency):
            tax = _dec(amount)
            break
    iban = None
    for means in _children(root, "PaymentMeans"):
        iban = _text(_child(means, "PayeeFinancialAccount", "ID"))
        if iban:
            break
    due = _iso_date(_child(root, "DueDate")) or _iso_date(_child(root, "PaymentMeans", "PaymentDueDate"))
    values = dict(
        invoice_number=_text(_child(root, "ID")),
        issue_date=_iso_date(_child(root, "IssueDate")),
        due_date=due,
        currency=currency,
        net=_sign(_dec(_child(totals, "TaxExclusiveAmount")), credit),
        tax=_sign(tax, credit),
        total=_sign(_dec(_child(totals, "TaxInclusiveAmount")), credit),
    )
    name = (_text(_child(party, "PartyLegalEntity", "RegistrationName"))
            or _text(_child(party, "PartyName", "Name")))
    supplier = SupplierInfo(
        name=name, vat_id=_ubl_vat(party),
        iban=iban.replace(" ", "").upper() if iban else None)
    lines = tuple(_ubl_line(el, credit) for el in list(_children(root, "InvoiceLine")) + _children(root, "CreditNoteLine"))
    values.update(_settlement(values["total"], credit, _dec(_child(totals, "PrepaidAmount")),
                              _dec(_child(totals, "PayableRoundingAmount")), _dec(_child(totals, "PayableAmount")),
                              _text(_child(root, "PaymentMeans", "PaymentID"))))
    confidence = _full_confidence(values)
    confidence.update({f"supplier.{k}": 1.0 for k, v in supplier.to_json().items() if v})
    return ExtractedInvoice(
        source="embedded-xml", supplier=supplier, lines=lines, confidence=confidence,
        po_number=_text(_child(root, "OrderReference", "ID")),
        document_type="credit_note" if credit else "invoice",
        buyer_vat_id=_ubl_vat(buyer),
        payment_terms=_text(_child(root, "PaymentTerms", "Note")), **values)


def _ubl_vat(party: Element | None) -> str | None:
    for scheme in _children(party, "PartyTaxScheme"):
        value = _text(_child(scheme, "CompanyID"))
        if value:
            return value.replace(" ", "")
    return None


def _ubl_line(el: Element, credit: bool) -> InvoiceLine:
    item = _child(el, "Item")
    quantity = _dec(_child(el, "InvoicedQuantity")) or _dec(_child(el, "CreditedQuantity"))
    # the rate: EN 16931 puts it on the item; older UBL 2.1 (Odoo) in the line's tax total
    rate = _dec(_child(item, "ClassifiedTaxCategory", "Percent"))
    if rate is None:
        subtotal = _child(el, "TaxTotal", "TaxSubtotal")
        rate = _dec(_child(subtotal, "Percent")) or _dec(_child(subtotal, "TaxCategory", "Percent"))
    price = _dec(_child(el, "Price", "PriceAmount"))
    base = _dec(_child(el, "Price", "BaseQuantity"))
    amount = _dec(_child(el, "LineExtensionAmount"))
    if price is not None and base not in (None, Decimal(0), Decimal(1)):
        # a price per 100 pieces is not a unit price; but some producers repeat the line's
        # quantity as base quantity, so the division is kept only when it adds up
        per_unit = price / base
        if not (quantity and amount is not None and abs(quantity * price - amount) <= Decimal("0.01") * quantity
                and abs(quantity * per_unit - amount) > Decimal("0.01") * quantity):
            price = per_unit
    return InvoiceLine(
        description=_text(_child(item, "Name")) or _text(_child(item, "Description")) or "",
        quantity=quantity,
        unit_price=price,
        amount=_sign(amount, credit),
        tax_rate=rate,
        sku=_text(_child(item, "SellersItemIdentification", "ID")),
    )
