"""PDFs for the invoice-reading tests, generated here with fpdf2 (no fixtures on disk).

`invoice_pdf` prints an invoice as text lines (optionally with an embedded XML);
`cii_xml` / `ubl_xml` write e-invoice XML by hand, the way a supplier's software would.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from corpus_support import CORPUS

from backoffice_auto.reports.pdf import new_document

INVOICE_CORPUS = CORPUS / "invoices"
SAMPLE_TEMPLATES = Path(__file__).parents[1] / "backoffice_auto" / "samples" / "rules" / "invoices" / "templates"


def document():
    return new_document(title="Invoice")


def invoice_pdf(lines: list[str] | list[list[str]], attachments: dict[str, bytes] | None = None,
                user_password: str | None = None, owner_password: str | None = None) -> bytes:
    """A PDF with `lines` printed one per row (a list of lists: one page each); the same
    arguments give the same bytes, made once (loading the DejaVu fonts takes most of the time)."""
    pages = tuple(tuple(p) for p in (lines if lines and isinstance(lines[0], list) else [lines]))
    files = tuple(sorted((attachments or {}).items()))
    return _invoice_pdf(pages, files, user_password, owner_password)


@lru_cache(maxsize=64)
def _invoice_pdf(pages: tuple, files: tuple, user_password: str | None, owner_password: str | None) -> bytes:
    pdf = document()
    for page in pages:
        pdf.add_page()
        for text in page:
            if "\t" in text:  # label<TAB>value: two cells, the value at the right
                label, value = text.split("\t", 1)
                pdf.cell(110, 6, label)
                pdf.cell(60, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    for name, data in files:
        pdf.embed_file(bytes=data, basename=name, mime_type="text/xml")
    if owner_password or user_password:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=user_password)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A 'scan': one page that is only a picture of an invoice, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), "INVOICE 2024-001   Total 121.00 EUR", fill="black")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    pdf = document()
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def many_pages_pdf(pages: int) -> bytes:
    pdf = document()
    for number in range(pages):
        pdf.add_page()
        pdf.cell(0, 6, f"Invoice page {number + 1}")
    return bytes(pdf.output())


def cii_xml(number: str = "RE-2024-0815", issue: str = "20240315", due: str | None = "20240414",
            net: str = "100.00", tax: str = "21.00", total: str = "121.00", type_code: str = "380",
            seller: str = "Alfa Strojírny s.r.o.", seller_vat: str = "CZ27082440",
            iban: str | None = "CZ6508000000192000145399", currency: str = "EUR") -> bytes:
    due_xml = (f"<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format=\"102\">"
               f"{due}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>") if due else ""
    iban_xml = (f"<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>"
                f"<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{iban}</ram:IBANID>"
                f"</ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>") if iban else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
  <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>{type_code}</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">{issue}</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
   <ram:SpecifiedTradeProduct><ram:SellerAssignedID>W-100</ram:SellerAssignedID><ram:Name>Widget</ram:Name></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>10.00</ram:ChargeAmount>
    </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
   <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">10</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
   <ram:SpecifiedLineTradeSettlement>
    <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>
     <ram:RateApplicablePercent>21</ram:RateApplicablePercent></ram:ApplicableTradeTax>
    <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{net}</ram:LineTotalAmount>
    </ram:SpecifiedTradeSettlementLineMonetarySummation>
   </ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>{seller}</ram:Name>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{seller_vat}</ram:ID></ram:SpecifiedTaxRegistration>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Odberatel a.s.</ram:Name></ram:BuyerTradeParty>
   <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-77</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery/>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:InvoiceCurrencyCode>{currency}</ram:InvoiceCurrencyCode>
   {iban_xml}
   {due_xml}
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:LineTotalAmount>{net}</ram:LineTotalAmount>
    <ram:TaxBasisTotalAmount>{net}</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="{currency}">{tax}</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>{total}</ram:GrandTotalAmount>
    <ram:DuePayableAmount>{total}</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
""".encode()


def ubl_xml(credit: bool = False) -> bytes:
    root = "CreditNote" if credit else "Invoice"
    line = "CreditNoteLine" if credit else "InvoiceLine"
    qty = "CreditedQuantity" if credit else "InvoicedQuantity"
    ns = f"urn:oasis:names:specification:ubl:schema:xsd:{root}-2"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="{ns}"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
 <cbc:ID>XR-2024-9</cbc:ID>
 <cbc:IssueDate>2024-05-02</cbc:IssueDate>
 <cbc:DueDate>2024-06-01</cbc:DueDate>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:OrderReference><cbc:ID>PO-4711</cbc:ID></cac:OrderReference>
 <cac:AccountingSupplierParty><cac:Party>
  <cac:PartyName><cbc:Name>Muster Lieferant</cbc:Name></cac:PartyName>
  <cac:PartyTaxScheme><cbc:CompanyID>DE232446240</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  <cac:PartyLegalEntity><cbc:RegistrationName>Muster Lieferant GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
  <cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
  <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
 <cac:{line}><cbc:ID>1</cbc:ID><cbc:{qty} unitCode="H87">4</cbc:{qty}>
  <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>Beratung</cbc:Name><cac:SellersItemIdentification><cbc:ID>B-1</cbc:ID></cac:SellersItemIdentification>
   <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
  </cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price>
 </cac:{line}>
</{root}>
""".encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&lol9;</rsm:CrossIndustryInvoice>
"""

# The same invoice as `cii_xml()` defaults, printed (what the text reader sees).
PRINTED_INVOICE = [
    "Alfa Strojírny s.r.o.",
    "Vinohradská 12, 120 00 Praha 2",
    "DIČ: CZ27082440",
    "",
    "FAKTURA - DAŇOVÝ DOKLAD",
    "Číslo faktury:\tRE-2024-0815",
    "Datum vystavení:\t15.03.2024",
    "Datum splatnosti:\t14.04.2024",
    "Odběratel: Odberatel a.s.",
    "",
    "Widget  10 ks x 10,00 EUR\t100,00 EUR",
    "",
    "Základ daně:\t100,00 EUR",
    "DPH 21 %:\t21,00 EUR",
    "Celkem k úhradě:\t121,00 EUR",
    "IBAN: CZ65 0800 0000 1920 0014 5399",
]


def dec(text: str) -> Decimal:
    return Decimal(text)
