"""Generated supplier invoices for the demo and the tests: real PDFs, one with Factur-X XML.

The suppliers and purchase orders are those of the demo master data
(`demobooks.demo_master_data`), so the invoices exercise every path of the job:
one matches its order exactly (and carries an embedded Factur-X CII XML, which is the truth
the reader prefers), one is priced above its order (held), one asks for payment to a new
bank account (held, finance manager alerted), one comes from a supplier the books do not
know (review workbook to the AP clerk), and one is a credit note.

`invoice_pdf()` and `facturx_xml()` are public so that tests can make any invoice they need.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Mapping, Sequence

CII_NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)  # PDFs byte-identical run to run
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal = Decimal(21)
    sku: str | None = None

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Party:
    name: str
    vat_id: str | None = None
    iban: str | None = None
    country: str = "CZ"
    address: str = ""
    email: str = ""


@dataclass(frozen=True)
class DemoInvoice:
    seller: Party
    buyer: Party
    number: str
    issue_date: date
    lines: Sequence[Line]
    due_date: date | None = None
    currency: str = "EUR"
    po_number: str | None = None
    payment_terms: str | None = None
    credit_note: bool = False
    notes: Sequence[str] = field(default_factory=tuple)

    @property
    def net(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    def tax_by_rate(self) -> dict[Decimal, tuple[Decimal, Decimal]]:
        """rate -> (basis, tax), the tax rounded once per rate as EN 16931 does."""
        out: dict[Decimal, Decimal] = {}
        for line in self.lines:
            out[line.tax_rate] = out.get(line.tax_rate, Decimal(0)) + line.amount
        return {rate: (basis, (basis * rate / 100).quantize(CENT, ROUND_HALF_UP)) for rate, basis in sorted(out.items())}

    @property
    def tax(self) -> Decimal:
        return sum((tax for _, tax in self.tax_by_rate().values()), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _cii_date(parent: ET.Element, tag: str, day: date) -> None:
    holder = ET.SubElement(parent, tag)
    ds = ET.SubElement(holder, "udt:DateTimeString", format="102")
    ds.text = day.strftime("%Y%m%d")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, **attrs)
    if text is not None:
        el.text = text
    return el


def _party(parent: ET.Element, tag: str, party: Party) -> None:
    el = _sub(parent, tag)
    _sub(el, "ram:Name", party.name)
    address = _sub(el, "ram:PostalTradeAddress")
    _sub(address, "ram:CountryID", party.country)
    if party.vat_id:
        reg = _sub(el, "ram:SpecifiedTaxRegistration")
        _sub(reg, "ram:ID", party.vat_id, schemeID="VA")


def facturx_xml(inv: DemoInvoice) -> bytes:
    """The invoice as Factur-X / ZUGFeRD 2 CII XML (EN 16931 profile).

    A credit note (type 381) states its amounts positive, as the standard wants; the
    printed page may show them negative.
    """
    if inv.credit_note:
        inv = replace(inv, lines=tuple(replace(line, quantity=abs(line.quantity)) for line in inv.lines))
    root = ET.Element("rsm:CrossIndustryInvoice", {f"xmlns:{k}": v for k, v in CII_NS.items()})
    context = _sub(root, "rsm:ExchangedDocumentContext")
    _sub(_sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", "urn:cen.eu:en16931:2017")
    doc = _sub(root, "rsm:ExchangedDocument")
    _sub(doc, "ram:ID", inv.number)
    _sub(doc, "ram:TypeCode", "381" if inv.credit_note else "380")
    _cii_date(doc, "ram:IssueDateTime", inv.issue_date)
    trade = _sub(root, "rsm:SupplyChainTradeTransaction")
    for i, line in enumerate(inv.lines, 1):
        item = _sub(trade, "ram:IncludedSupplyChainTradeLineItem")
        _sub(_sub(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(i))
        product = _sub(item, "ram:SpecifiedTradeProduct")
        if line.sku:
            _sub(product, "ram:SellerAssignedID", line.sku)
        _sub(product, "ram:Name", line.description)
        price = _sub(_sub(item, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
        _sub(price, "ram:ChargeAmount", str(line.unit_price))
        _sub(_sub(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", str(line.quantity), unitCode="C62")
        settle = _sub(item, "ram:SpecifiedLineTradeSettlement")
        tax = _sub(settle, "ram:ApplicableTradeTax")
        _sub(tax, "ram:TypeCode", "VAT")
        _sub(tax, "ram:CategoryCode", "S" if line.tax_rate else "Z")
        _sub(tax, "ram:RateApplicablePercent", str(line.tax_rate))
        _sub(_sub(settle, "ram:SpecifiedTradeSettlementLineMonetarySummation"), "ram:LineTotalAmount",
             str(line.amount))
    agreement = _sub(trade, "ram:ApplicableHeaderTradeAgreement")
    _party(agreement, "ram:SellerTradeParty", inv.seller)
    _party(agreement, "ram:BuyerTradeParty", inv.buyer)
    if inv.po_number:
        _sub(_sub(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", inv.po_number)
    _sub(trade, "ram:ApplicableHeaderTradeDelivery")
    settlement = _sub(trade, "ram:ApplicableHeaderTradeSettlement")
    _sub(settlement, "ram:InvoiceCurrencyCode", inv.currency)
    if inv.seller.iban:
        means = _sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _sub(means, "ram:TypeCode", "58")
        _sub(_sub(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", inv.seller.iban)
    for rate, (basis, tax) in inv.tax_by_rate().items():
        el = _sub(settlement, "ram:ApplicableTradeTax")
        _sub(el, "ram:CalculatedAmount", str(tax))
        _sub(el, "ram:TypeCode", "VAT")
        _sub(el, "ram:BasisAmount", str(basis))
        _sub(el, "ram:CategoryCode", "S" if rate else "Z")
        _sub(el, "ram:RateApplicablePercent", str(rate))
    if inv.payment_terms or inv.due_date:
        terms = _sub(settlement, "ram:SpecifiedTradePaymentTerms")
        if inv.payment_terms:
            _sub(terms, "ram:Description", inv.payment_terms)
        if inv.due_date:
            _cii_date(terms, "ram:DueDateDateTime", inv.due_date)
    total = _sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _sub(total, "ram:LineTotalAmount", str(inv.net))
    _sub(total, "ram:TaxBasisTotalAmount", str(inv.net))
    _sub(total, "ram:TaxTotalAmount", str(inv.tax), currencyID=inv.currency)
    _sub(total, "ram:GrandTotalAmount", str(inv.total))
    _sub(total, "ram:DuePayableAmount", str(inv.total))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def invoice_pdf(inv: DemoInvoice, embed_xml: bool = False, xml: bytes | None = None) -> bytes:
    """A one-page invoice as suppliers print them: parties, numbers and dates, lines, totals.

    A credit note is printed with negative quantities and amounts (its lines say so).

    With `embed_xml` the Factur-X XML is attached as `factur-x.xml` (relationship Data), or
    `xml` when given (tests attach broken or hostile XML that way).
    """
    from backoffice_auto.reports.pdf import FAMILY, new_document

    title = "CREDIT NOTE" if inv.credit_note else "INVOICE"
    pdf = new_document(title=f"{title} {inv.number}", author=inv.seller.name)
    pdf.set_creation_date(FIXED_TIME)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 10, inv.seller.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    for text in (inv.seller.address, f"VAT ID: {inv.seller.vat_id}" if inv.seller.vat_id else "",
                 f"E-mail: {inv.seller.email}" if inv.seller.email else ""):
        if text:
            pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    facts = [("Invoice number:", inv.number), ("Invoice date:", inv.issue_date.isoformat())]
    if inv.due_date:
        facts.append(("Due date:", inv.due_date.isoformat()))
    if inv.po_number:
        facts.append(("PO number:", inv.po_number))
    if inv.payment_terms:
        facts.append(("Payment terms:", inv.payment_terms))
    facts.append(("Currency:", inv.currency))
    for label, value in facts:
        pdf.cell(40, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, "Bill to:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 5, inv.buyer.name, new_x="LMARGIN", new_y="NEXT")
    if inv.buyer.vat_id:
        pdf.cell(0, 5, f"VAT ID: {inv.buyer.vat_id}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    widths = (22, 74, 18, 26, 16, 30)
    pdf.set_font(FAMILY, "B", 9)
    for w, head in zip(widths, ("Item", "Description", "Qty", "Unit price", "VAT %", "Amount")):
        pdf.cell(w, 7, head, border="B", align="L" if head in ("Item", "Description") else "R")
    pdf.ln()
    pdf.set_font(FAMILY, "", 9)
    for line in inv.lines:
        values = (line.sku or "", line.description, f"{line.quantity:,}", _amount(line.unit_price),
                  f"{line.tax_rate:g}", _amount(line.amount))
        for w, value, align in zip(widths, values, "LLRRRR"):
            pdf.cell(w, 6, value, align=align)
        pdf.ln()
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 10)
    rows = [("Net amount:", inv.net)]
    for rate, (_, tax) in inv.tax_by_rate().items():
        rows.append((f"VAT {rate:g} %:", tax))
    rows.append(("Total due:", inv.total))
    for label, value in rows:
        pdf.set_font(FAMILY, "B" if label.startswith("Total") else "", 10)
        pdf.cell(130, 6, "")
        pdf.cell(30, 6, label)
        pdf.cell(26, 6, f"{_amount(value)} {inv.currency}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FAMILY, "", 9)
    if inv.seller.iban:
        pdf.cell(0, 5, f"Please pay to IBAN: {inv.seller.iban}", new_x="LMARGIN", new_y="NEXT")
    for note in inv.notes:
        pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    if embed_xml or xml is not None:
        pdf.embed_file(bytes=xml if xml is not None else facturx_xml(inv), basename="factur-x.xml",
                       modification_date=FIXED_TIME, mime_type="text/xml", associated_file_relationship="Data",
                       desc="Factur-X invoice")
    return bytes(pdf.output())


# --- the demo set ----------------------------------------------------------------------------

def _party_of(supplier: Mapping) -> Party:
    return Party(supplier["name"], supplier.get("vat_id"), supplier.get("iban"), supplier.get("country") or "CZ",
                 f"Registered in {supplier.get('country') or 'the EU'}")


def standard_rate(country: str) -> Decimal:
    """The country's (current, highest) standard VAT rate, from the checks' rate table."""
    import yaml

    table = yaml.safe_load((Path(__file__).parent / "bills" / "vat_rates.yaml").read_text(encoding="utf-8"))
    rates = {str(k).upper(): v for k, v in table.items()}.get(country.upper(), {"standard": [21]})
    return Decimal(str(max(rates["standard"])))


def _order_lines(po_rows: Sequence[Mapping], country: str, price_factor: Decimal = Decimal(1)) -> tuple[Line, ...]:
    rate = standard_rate(country)
    return tuple(Line(r["description"], r["quantity"], (r["unit_price"] * price_factor).quantize(CENT, ROUND_HALF_UP),
                      rate, r["sku"]) for r in po_rows)


def demo_invoices(data: Mapping[str, list[dict]], today: date | None = None) -> list[tuple[str, DemoInvoice, bool]]:
    """(file name, invoice, embed XML) for the demo: one of each path through the job."""
    today = today or date(2026, 11, 2)
    suppliers = {s["supplier_id"]: s for s in data["suppliers"]}
    orders: dict[str, list[dict]] = {}
    for row in data["purchase_orders"]:
        orders.setdefault(row["po_number"], []).append(row)
    buyer = Party("Demo Company s.r.o.", "CZ27074358", None, "CZ", "Prague")

    def for_order(po: str) -> tuple[Party, tuple[Line, ...]]:
        rows = orders[po]
        party = _party_of(suppliers[rows[0]["supplier_id"]])
        return party, _order_lines(rows, party.country)

    seller1, lines1 = for_order("PO-2026-001")
    seller2, _ = for_order("PO-2026-002")
    lines2 = _order_lines(orders["PO-2026-002"], seller2.country, Decimal("1.05"))
    seller4, lines4 = for_order("PO-2026-004")
    fraud_iban = "DE89370400440532013000"
    s05 = _party_of(suppliers["S05"])
    unknown = Party("Nordlicht Bürobedarf GmbH", "DE136695976", "DE02120300000000202051", "DE",
                    "Friedrichstraße 12, 10117 Berlin", "rechnung@nordlicht.example.de")
    return [
        ("INV-1001.pdf", DemoInvoice(seller1, buyer, "INV-1001", today, lines1, today + timedelta(days=30),
                                     po_number="PO-2026-001", payment_terms="2/10 net 30"), True),
        ("INV-2002.pdf", DemoInvoice(seller2, buyer, "2026-2002", today, lines2, today + timedelta(days=30),
                                     po_number="PO-2026-002"), False),
        ("INV-4004.pdf", DemoInvoice(replace(seller4, iban=fraud_iban), buyer, "4004/2026", today, lines4,
                                     today + timedelta(days=14), po_number="PO-2026-004",
                                     notes=("Please note our new bank account.",)), False),
        ("nordlicht-77.pdf", DemoInvoice(unknown, buyer, "NL-77", today, (
            Line("Printer paper A4, 80 g, box of 5 reams", Decimal(4), Decimal("21.90"), Decimal(19)),
            Line("Ballpoint pens, blue, pack of 50", Decimal(2), Decimal("12.40"), Decimal(19))),
            today + timedelta(days=14)), False),
        ("CN-5005.pdf", DemoInvoice(s05, buyer, "CN-5005", today, (
            Line("Returned goods: damaged in transport", Decimal(-1), Decimal("150.00"), standard_rate(s05.country)),),
            today, credit_note=True, notes=("Credit note for returned goods.",)), False),
    ]


def drop_demo_files(workspace, seed: int = 0) -> list[Path]:
    """Write the demo invoices into `inbox/invoices/` (the master data comes from its own demo)."""
    from backoffice_auto.demobooks import demo_master_data

    folder = Path(workspace.inbox) / "invoices"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, inv, embed in demo_invoices(demo_master_data(seed)):
        path = folder / name
        path.write_bytes(invoice_pdf(inv, embed_xml=embed))
        written.append(path)
    return written
