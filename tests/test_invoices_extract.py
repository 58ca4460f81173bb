"""Reading supplier invoices from PDFs generated here: embedded XML, text, bad inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_invoices_extract_support import (
    BILLION_LAUGHS,
    PRINTED_INVOICE,
    cii_xml,
    image_only_pdf,
    invoice_pdf,
    many_pages_pdf,
    ubl_xml,
)

from backoffice_auto.errors import Refusal
from backoffice_auto.invoices.extract.embedded import (
    NOTE_MALFORMED,
    NOTE_UNSAFE,
    EmbeddedXmlError,
    parse_invoice_xml,
)
from backoffice_auto.invoices.extract.read import NOTE_FILLED_FROM_TEXT, extract_invoice, extract_text_invoice
from backoffice_auto.invoices.extract.model import ExtractedInvoice, SupplierInfo
from backoffice_auto.invoices.extract.pdfdoc import (
    MSG_ENCRYPTED, MSG_INCOMPLETE, MSG_NO_TEXT, MSG_NOT_PDF, MSG_TOO_MANY_PAGES,
)
from backoffice_auto.invoices.extract.textnum import find_dates, parse_amount


def refusal_message(data: bytes, **kwargs) -> str:
    with pytest.raises(Refusal) as info:
        extract_invoice(data, "in.pdf", **kwargs)
    assert len(info.value.problems) == 1
    return info.value.problems[0].message


# ------------------------------------------------------------------ embedded e-invoice XML


def test_embedded_factur_x_is_the_truth():
    inv = extract_invoice(invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": cii_xml()}), "in.pdf")
    assert inv.source == "embedded-xml"
    assert inv.invoice_number == "RE-2024-0815"
    assert (inv.issue_date, inv.due_date) == (date(2024, 3, 15), date(2024, 4, 14))
    assert (inv.currency, inv.net, inv.tax, inv.total) == ("EUR", Decimal("100.00"), Decimal("21.00"),
                                                           Decimal("121.00"))
    assert inv.supplier == SupplierInfo("Alfa Strojírny s.r.o.", "CZ27082440", "CZ6508000000192000145399")
    assert inv.po_number == "PO-77"
    assert inv.confidence["total"] == 1.0
    (line,) = inv.lines
    assert (line.description, line.sku, line.quantity, line.unit_price, line.amount, line.tax_rate) == (
        "Widget", "W-100", Decimal("10"), Decimal("10.00"), Decimal("100.00"), Decimal("21"))
    assert inv.notes == ()


def test_xml_wins_over_the_printed_text():
    printed = [line.replace("121,00", "999,00") for line in PRINTED_INVOICE]
    inv = extract_invoice(invoice_pdf(printed, {"factur-x.xml": cii_xml()}), "in.pdf")
    assert inv.total == Decimal("121.00")


def test_no_embedded_reads_the_text_and_agrees_with_the_xml():
    data = invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": cii_xml()})
    xml, text = extract_invoice(data, "in.pdf"), extract_invoice(data, "in.pdf", use_embedded=False)
    assert text.source == "generic"
    for field in ("invoice_number", "issue_date", "due_date", "currency", "net", "tax", "total"):
        assert getattr(text, field) == getattr(xml, field), field
    assert text.supplier.vat_id == "CZ27082440"
    assert text.supplier.iban == "CZ6508000000192000145399"
    assert "Alfa" in text.supplier.name


def test_fields_missing_from_the_xml_come_from_the_text_with_a_note():
    inv = extract_invoice(invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": cii_xml(iban=None, due=None)}), "in.pdf")
    assert inv.source == "embedded-xml"
    assert inv.supplier.iban == "CZ6508000000192000145399"
    assert inv.due_date == date(2024, 4, 14)
    assert inv.confidence["supplier.iban"] < 1.0
    assert NOTE_FILLED_FROM_TEXT in inv.notes


def test_zugferd_credit_note_is_negative():
    xml = cii_xml(type_code="381")
    inv = extract_invoice(invoice_pdf(["Gutschrift"] * 3, {"zugferd-invoice.xml": xml}), "in.pdf")
    assert inv.document_type == "credit_note"
    assert (inv.net, inv.tax, inv.total) == (Decimal("-100.00"), Decimal("-21.00"), Decimal("-121.00"))
    assert inv.lines[0].amount == Decimal("-100.00")


def test_xrechnung_ubl_invoice_and_credit_note():
    inv = parse_invoice_xml(ubl_xml())
    assert (inv.invoice_number, inv.issue_date, inv.due_date) == ("XR-2024-9", date(2024, 5, 2), date(2024, 6, 1))
    assert inv.supplier == SupplierInfo("Muster Lieferant GmbH", "DE232446240", "DE02120300000000202051")
    assert (inv.net, inv.tax, inv.total, inv.po_number) == (Decimal("100.00"), Decimal("19.00"),
                                                            Decimal("119.00"), "PO-4711")
    assert inv.lines[0].quantity == Decimal("4") and inv.lines[0].tax_rate == Decimal("19")
    credit = parse_invoice_xml(ubl_xml(credit=True))
    assert credit.document_type == "credit_note" and credit.total == Decimal("-119.00")


def test_malformed_attachment_falls_back_to_the_text_with_a_note():
    data = invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": cii_xml()[:300]})
    inv = extract_invoice(data, "in.pdf")
    assert inv.source == "generic"
    assert inv.notes == (NOTE_MALFORMED,)
    assert inv.total == Decimal("121.00")


def test_xml_bomb_in_the_attachment_is_refused_and_the_text_read():
    inv = extract_invoice(invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": BILLION_LAUGHS}), "in.pdf")
    assert inv.notes == (NOTE_UNSAFE,)
    assert inv.invoice_number == "RE-2024-0815"
    with pytest.raises(EmbeddedXmlError):
        parse_invoice_xml(BILLION_LAUGHS)


def test_xml_bomb_with_nothing_else_readable_is_refused():
    message = refusal_message(invoice_pdf([""], {"factur-x.xml": BILLION_LAUGHS}))
    assert "embedded XML cannot be used" in message


def test_xml_that_is_not_an_invoice_is_ignored_with_a_note():
    inv = extract_invoice(invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": b"<order><id>1</id></order>"}), "in.pdf")
    assert inv.source == "generic" and len(inv.notes) == 1


# ------------------------------------------------------------------ bad input


def test_not_a_pdf():
    assert refusal_message(b"PK\x03\x04 a zip, not a pdf") == MSG_NOT_PDF
    assert refusal_message(b"") == MSG_NOT_PDF


def test_damaged_pdf_is_refused_with_the_reason():
    assert refusal_message(b"%PDF-1.7\n garbage") == MSG_INCOMPLETE


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_pdf_is_said_to_be_incomplete(keep):
    """A file cut off while copied: the clerk reads that it is incomplete and to send it
    again, not PDFium's "Data format error"."""
    data = invoice_pdf(PRINTED_INVOICE)
    message = refusal_message(data[: int(len(data) * keep)])
    assert message == MSG_INCOMPLETE and "PDFium" not in message


def test_password_protected_pdf_is_refused():
    assert refusal_message(invoice_pdf(PRINTED_INVOICE, user_password="secret")) == MSG_ENCRYPTED


def test_owner_password_only_is_read():
    """Many billing systems lock editing but not opening; such a PDF is still readable."""
    inv = extract_invoice(invoice_pdf(PRINTED_INVOICE, owner_password="owner"), "in.pdf")
    assert inv.total == Decimal("121.00")


def test_scan_without_text_layer_is_refused_not_guessed():
    assert refusal_message(image_only_pdf()) == MSG_NO_TEXT
    assert MSG_NO_TEXT == "no text layer: run OCR first"


def test_page_limit():
    data = many_pages_pdf(500)
    with pytest.raises(Refusal) as info:
        extract_invoice(data, "big.pdf")
    problem = info.value.problems[0]
    assert problem.message == MSG_TOO_MANY_PAGES and problem.params == {"pages": 500, "limit": 200}
    assert extract_invoice(data, "big.pdf", max_pages=500).source == "generic"


def test_credit_note_from_the_text_is_negative():
    lines = ["Muster GmbH", "Gutschrift", "Gutschriftsnummer: GS-0042", "Datum: 02.05.2024",
             "Nettobetrag:\t50,00 EUR", "MwSt 19 %:\t9,50 EUR", "Gesamtbetrag:\t59,50 EUR"]
    inv = extract_invoice(invoice_pdf(lines), "gs.pdf")
    assert inv.document_type == "credit_note"
    assert (inv.net, inv.tax, inv.total) == (Decimal("-50.00"), Decimal("-9.50"), Decimal("-59.50"))


def test_unknown_supplier_is_read_without_a_template():
    lines = ["Zeta Trading Ltd", "VAT: GB980780684", "Invoice number: ZT/2024/77",
             "Invoice date: 3 June 2024", "Due date: 3 July 2024", "Subtotal:\t£1,000.00",
             "VAT 20%:\t£200.00", "Total due:\t£1,200.00"]
    inv = extract_invoice(invoice_pdf(lines), "zeta.pdf", templates={})
    assert inv.source == "generic"
    assert inv.supplier.name == "Zeta Trading Ltd"
    assert inv.invoice_number == "ZT/2024/77"
    assert (inv.issue_date, inv.due_date) == (date(2024, 6, 3), date(2024, 7, 3))
    assert (inv.currency, inv.net, inv.tax, inv.total) == ("GBP", Decimal("1000.00"), Decimal("200.00"),
                                                           Decimal("1200.00"))
    assert all(0 <= c <= 1 for c in inv.confidence.values())


# ------------------------------------------------------------------ languages


LANGUAGE_CASES = {
    "de": (["Beispiel GmbH", "Rechnungsnummer: R-1001", "Rechnungsdatum: 07.05.2024",
            "Fällig am: 21.05.2024", "Nettobetrag:\t1.234,50 €", "MwSt. 19 %:\t234,56 €",
            "Rechnungsbetrag:\t1.469,06 €"], ("R-1001", date(2024, 5, 7), date(2024, 5, 21), "EUR",
                                             "1234.50", "234.56", "1469.06")),
    "fr": (["Exemple SARL", "Facture n° F-2024-12", "Date de facture : 5 mars 2024",
            "Date d'échéance : 4 avril 2024", "Total HT :\t200,00 €", "TVA 20 % :\t40,00 €",
            "Total TTC :\t240,00 €"], ("F-2024-12", date(2024, 3, 5), date(2024, 4, 4), "EUR",
                                     "200.00", "40.00", "240.00")),
    "es": (["Ejemplo S.L.", "Número de factura: A-77", "Fecha de factura: 12/02/2024",
            "Fecha de vencimiento: 13/03/2024", "Base imponible:\t500,00 €", "IVA 21 %:\t105,00 €",
            "Total a pagar:\t605,00 €"], ("A-77", date(2024, 2, 12), date(2024, 3, 13), "EUR",
                                         "500.00", "105.00", "605.00")),
    "cs": (["Příklad s.r.o.", "Číslo faktury: 2024001", "Datum vystavení: 1. 2. 2024",
            "Datum splatnosti: 15. 2. 2024", "Základ daně:\t10 000,00 Kč", "DPH 21 %:\t2 100,00 Kč",
            "Celkem k úhradě:\t12 100,00 Kč"], ("2024001", date(2024, 2, 1), date(2024, 2, 15), "CZK",
                                               "10000.00", "2100.00", "12100.00")),
    "pl": (["Przykład Sp. z o.o.", "Faktura VAT nr FV/12/2024", "Data wystawienia: 2024-01-31",
            "Termin płatności: 2024-02-14", "Wartość netto:\t800,00 zł", "Kwota VAT:\t184,00 zł",
            "Do zapłaty:\t984,00 zł"], ("FV/12/2024", date(2024, 1, 31), date(2024, 2, 14), "PLN",
                                        "800.00", "184.00", "984.00")),
    "nl": (["Voorbeeld B.V.", "Factuurnummer: 2024-0099", "Factuurdatum: 19 april 2024",
            "Vervaldatum: 3 mei 2024", "Subtotaal:\t€ 300,00", "BTW 21%:\t€ 63,00",
            "Te betalen:\t€ 363,00"], ("2024-0099", date(2024, 4, 19), date(2024, 5, 3), "EUR",
                                        "300.00", "63.00", "363.00")),
    "it": (["Esempio S.r.l.", "Fattura n. 45/2024", "Data fattura: 10/06/2024",
            "Scadenza: 10/07/2024", "Imponibile:\t1.000,00 €", "IVA 22%:\t220,00 €",
            "Totale documento:\t1.220,00 €"], ("45/2024", date(2024, 6, 10), date(2024, 7, 10), "EUR",
                                              "1000.00", "220.00", "1220.00")),
    "en": (["Example Inc.", "Invoice No: 10045", "Invoice Date: 04/15/2024", "Due Date: 05/15/2024",
            "Subtotal:\t$2,000.00", "Sales Tax:\t$165.00", "Amount Due:\t$2,165.00"],
           ("10045", date(2024, 4, 15), date(2024, 5, 15), "USD", "2000.00", "165.00", "2165.00")),
}


@pytest.mark.parametrize("language", sorted(LANGUAGE_CASES))
def test_template_free_reading_in_each_language(language):
    lines, expected = LANGUAGE_CASES[language]
    inv = extract_invoice(invoice_pdf(lines), f"{language}.pdf")
    got = (inv.invoice_number, inv.issue_date, inv.due_date, inv.currency,
           str(inv.net), str(inv.tax), str(inv.total))
    assert got == expected
    assert inv.supplier.name == lines[0]
    for field in ("invoice_number", "issue_date", "total"):
        assert inv.confidence[field] >= 0.8, field


# Layouts seen in the wild: a UK tax invoice, a German header box and totals box, a Spanish
# invoice with abbreviated month names, a US invoice with SKUs and sales tax.
LAYOUT_CASES = {
 "uk": ["Brightside Consulting Ltd", "12 High Street, Leeds LS1 4AB", "VAT Reg No: GB 980 7806 84", "",
        "TAX INVOICE", "Invoice No: BC-2291          Date: 15-Mar-2024", "Bill to: Northwind Traders Ltd",
        "Company No. 01234567", "", "Description                       Qty    Rate      Amount",
        "Consulting (March)                10    85.00     850.00", "Travel expenses                    1    42.50      42.50",
        "", "Net\t£892.50", "VAT @ 20%\t£178.50", "Total\t£1,071.00", "Payment due by 14 April 2024",
        "Account name: Brightside Consulting Ltd  Sort code 20-00-00  IBAN GB33BUKB20201555555555"],
 "de_box": ["Müller & Söhne GmbH · Industriestr. 5 · 70565 Stuttgart", "", "Firma", "Beispielkunde AG",
        "Hauptstraße 1", "10115 Berlin", "", "Rechnung", "Rechnungs-Nr.     Kunden-Nr.     Datum",
        "RE-24-0042       K-1007         08.04.2024", "",
        "Pos  Artikel                   Menge   Einzelpreis   Gesamt",
        "1    Schrauben M8 (100 Stk)      3        12,40        37,20",
        "2    Dübel 10 mm (50 Stk)        2         8,90        17,80",
        "", "Nettobetrag      Umsatzsteuer 19 %      Rechnungsbetrag", "55,00 EUR        10,45 EUR              65,45 EUR",
        "Zahlbar bis 22.04.2024 ohne Abzug.", "USt-IdNr.: DE232446240   IBAN: DE02 1203 0000 0000 2020 51",
        "Kundin USt-IdNr.: DE811569869"],
 "es": ["Distribuciones Norte S.L.", "CIF: B12345674", "FACTURA", "Nº Factura: 2024/0311", "Fecha: 11-mar-2024",
        "Vencimiento: 10-abr-2024", "Cliente: Hotel Sol S.A.", "", "Concepto               Cantidad   Precio    Importe",
        "Café en grano 1 kg          12      14,50     174,00", "", "Base imponible:\t174,00 €", "IVA 10%:\t17,40 €",
        "Total factura:\t191,40 €"],
 "us": ["ACME Widgets Inc.", "500 Market St, San Francisco, CA 94105", "INVOICE", "Invoice #: 7781",
        "Date: March 3, 2024", "Terms: Net 30", "Due: April 2, 2024", "Bill To: Globex Corporation", "",
        "Item        Description            Qty    Unit Price    Line Total",
        "W-100       Widget, large           50       $12.00       $600.00",
        "W-200       Widget, small          100        $4.50       $450.00", "",
        "Subtotal\t$1,050.00", "Sales Tax (8.625%)\t$90.56", "Total Due\t$1,140.56"],
}

LAYOUT_EXPECTED = {
    "uk": (("Brightside Consulting Ltd", "GB980780684", "GB33BUKB20201555555555"), "BC-2291", date(2024, 3, 15),
           date(2024, 4, 14), "GBP", "892.50", "178.50", "1071.00", 2),
    "de_box": (("Müller & Söhne GmbH", "DE232446240", "DE02120300000000202051"), "RE-24-0042", date(2024, 4, 8),
               date(2024, 4, 22), "EUR", "55.00", "10.45", "65.45", 2),
    "es": (("Distribuciones Norte S.L.", "ESB12345674", None), "2024/0311", date(2024, 3, 11), date(2024, 4, 10),
           "EUR", "174.00", "17.40", "191.40", 1),
    "us": (("ACME Widgets Inc.", None, None), "7781", date(2024, 3, 3), date(2024, 4, 2), "USD", "1050.00", "90.56",
           "1140.56", 2),
}


@pytest.mark.parametrize("layout", sorted(LAYOUT_EXPECTED))
def test_template_free_reading_of_common_layouts(layout):
    inv = extract_invoice(invoice_pdf(LAYOUT_CASES[layout]), f"{layout}.pdf")
    supplier, number, issued, due, currency, net, tax, total, items = LAYOUT_EXPECTED[layout]
    assert (inv.supplier.name, inv.supplier.vat_id, inv.supplier.iban) == supplier
    assert (inv.invoice_number, inv.issue_date, inv.due_date, inv.currency) == (number, issued, due, currency)
    assert (str(inv.net), str(inv.tax), str(inv.total)) == (net, tax, total)
    assert len(inv.lines) == items
    assert sum(line.amount for line in inv.lines) == inv.net


def test_value_below_its_label_in_a_header_box():
    lines = ["Acme Supplies Ltd", "Invoice Number        Invoice Date        Amount Due",
             "INV-5531              02/03/2024          €1,250.00", "", "Subtotal\t€1,000.00",
             "VAT 25%\t€250.00"]
    inv = extract_invoice(invoice_pdf(lines), "box.pdf")
    assert (inv.invoice_number, inv.issue_date, inv.total) == ("INV-5531", date(2024, 3, 2), Decimal("1250.00"))


def test_template_free_line_items_wrap_and_continue_on_the_next_page():
    header = "Description                      Qty     Unit price     Amount"
    page1 = ["Omega Parts Ltd", "Invoice No: OP-88", header,
             "Bearing 6204                       4          2.50      10.00",
             "   sealed, both sides",
             "Shaft 20 mm                        1         15.00      15.00"]
    page2 = ["Omega Parts Ltd", header,
             "Grease 400 g                       2          3.25       6.50",
             "", "Subtotal\t31.50", "VAT 20%\t6.30", "Total\t37.80"]
    inv = extract_invoice(invoice_pdf([page1, page2]), "omega.pdf")
    assert [(ln.description, ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        ("Bearing 6204\nsealed, both sides", Decimal("4"), Decimal("2.50"), Decimal("10.00")),
        ("Shaft 20 mm", Decimal("1"), Decimal("15.00"), Decimal("15.00")),
        ("Grease 400 g", Decimal("2"), Decimal("3.25"), Decimal("6.50"))]
    assert inv.net == Decimal("31.50") and inv.total == Decimal("37.80")


def test_template_free_line_items_that_do_not_add_up_are_dropped():
    lines = ["Omega Parts Ltd", "Invoice No: OP-89", "Description                      Qty     Amount",
             "Bearing 6204                       4      10.00", "", "Subtotal\t99.00", "VAT 20%\t19.80",
             "Total\t118.80"]
    inv = extract_invoice(invoice_pdf(lines), "omega.pdf")
    assert inv.total == Decimal("118.80") and inv.lines == ()


# Plain-text invoices the way suppliers word their totals (no PDF: the same reader).
TEXT_INVOICES = {
"mustang": """Bei Spiel GmbH                                   Rechnung
Ecke 12, 12345 Stadt                             Rechnungsnummer:   RE-20170509/505
                                                 Rechnungsdatum:    09.05.2017
Kunde: Theodor Est                               Leistungsdatum:    07.05.2017
Bahnstr. 42, 88802 Spielkreis

Pos   Bezeichnung                 Menge   Einzelpreis     Betrag
1     Design (hours)               1,00       160,00      160,00
2     Ballons                  400,00          0,79      316,00

                               Gesamtbetrag netto            476,00 EUR
                               zzgl. 19% MwSt.                 90,44 EUR
                               Gesamtbetrag brutto            566,44 EUR
Zahlbar bis 08.06.2017.  USt-IdNr. DE136695976  IBAN DE88 2008 0000 0970 3757 00
""",
"summe": """Muster AG
Rechnung Nr. 2024-118 vom 02.02.2024
Summe netto            1.000,00 €
Summe MwSt 19 %          190,00 €
Summe brutto           1.190,00 €
Fälligkeitsdatum: 16.02.2024
""",
"endbetrag": """Handwerk Meier e.K.
Rechnung 4711   Datum 14.03.2024
Nettobetrag        250,00
MwSt. 19%           47,50
Endbetrag          297,50 EUR
""",
"fr_net": """SARL Dupont Frères
FACTURE N° 2024-045
Date : 12/01/2024
Échéance : 11/02/2024
Montant HT                      1 250,00 €
TVA (20 %)                        250,00 €
Net à payer                     1 500,00 €
""",
"nl": """Bakkerij Jansen B.V.
Factuur 2024-77
Factuurdatum 5 februari 2024
Totaal excl. btw      € 100,00
Btw 9%                €   9,00
Totaal incl. btw      € 109,00
""",
"pl": """Sprzedawca: ABC Sp. z o.o.  NIP 5261040828
Faktura VAT nr 12/03/2024
Data wystawienia: 15.03.2024
Razem netto 1 000,00 zł
VAT 23% 230,00 zł
Razem brutto 1 230,00 zł
Termin płatności: 29.03.2024
""",
"cz": """Dodavatel: Beta a.s.   IČ 12345678  DIČ CZ12345678
Faktura - daňový doklad č. 2024100
Datum vystavení: 1.3.2024   Datum splatnosti: 15.3.2024
Základ DPH 21 %    1 000,00 Kč
DPH 21 %             210,00 Kč
Celkem k úhradě    1 210,00 Kč
""",
"it": """Rossi S.r.l.   P.IVA 01234567897
Fattura n. 15 del 10/04/2024
Imponibile       500,00
IVA 22%          110,00
Totale fattura   610,00 EUR
""",
}

TEXT_EXPECTED = {
    "mustang": ("Bei Spiel GmbH", "DE136695976", "RE-20170509/505", date(2017, 5, 9), date(2017, 6, 8), "EUR",
                "476.00", "90.44", "566.44"),
    "summe": ("Muster AG", None, "2024-118", date(2024, 2, 2), date(2024, 2, 16), "EUR", "1000.00", "190.00",
              "1190.00"),
    "endbetrag": ("Handwerk Meier e.K.", None, "4711", date(2024, 3, 14), None, "EUR", "250.00", "47.50", "297.50"),
    "fr_net": ("SARL Dupont Frères", None, "2024-045", date(2024, 1, 12), date(2024, 2, 11), "EUR", "1250.00",
               "250.00", "1500.00"),
    "nl": ("Bakkerij Jansen B.V.", None, "2024-77", date(2024, 2, 5), None, "EUR", "100.00", "9.00", "109.00"),
    "pl": ("ABC Sp. z o.o.", "PL5261040828", "12/03/2024", date(2024, 3, 15), date(2024, 3, 29), "PLN", "1000.00",
           "230.00", "1230.00"),
    "cz": ("Beta a.s.", "CZ12345678", "2024100", date(2024, 3, 1), date(2024, 3, 15), "CZK", "1000.00", "210.00",
           "1210.00"),
    "it": ("Rossi S.r.l.", None, "15", date(2024, 4, 10), None, "EUR", "500.00", "110.00", "610.00"),
}


@pytest.mark.parametrize("name", sorted(TEXT_EXPECTED))
def test_template_free_reading_of_text_invoices(name):
    inv = extract_text_invoice(TEXT_INVOICES[name], f"{name}.txt")
    got = (inv.supplier.name, inv.supplier.vat_id, inv.invoice_number, inv.issue_date, inv.due_date, inv.currency,
           str(inv.net), str(inv.tax), str(inv.total))
    assert got == TEXT_EXPECTED[name]


def test_plain_text_invoice():
    text = "\n".join(["Faktura nr: FV 2024/5", "Sprzedawca: Alfa Sp. z o.o.", "NIP: 774-00-01-454",
                      "Data wystawienia: 2024-03-01", "Razem netto: 100,00", "Kwota VAT: 23,00",
                      "Do zapłaty: 123,00 PLN"])
    inv = extract_text_invoice(text, "fv.txt")
    assert inv.supplier.vat_id == "PL7740001454"
    assert inv.total == Decimal("123.00") and inv.currency == "PLN"


# ------------------------------------------------------------------ numbers and dates


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2),
       st.sampled_from([(",", "."), (".", ","), (" ", ","), ("'", "."), ("", ","), ("", ".")]))
def test_amount_round_trip_through_printed_forms(value, separators):
    group, decimal = separators
    whole, cents = f"{value:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", "\x00").replace("\x00", group)
    printed = f"{grouped}{decimal}{cents}"
    assert parse_amount(printed) == value
    assert parse_amount(printed, decimal) == value


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2090, 12, 31)))
def test_numeric_and_named_dates_read_back(day):
    assert find_dates(day.strftime("%d.%m.%Y"))[0][0] == day
    assert find_dates(day.isoformat())[0][0] == day
    assert find_dates(day.strftime("%d %B %Y"))[0][0] == day
    assert find_dates(day.strftime("%m/%d/%Y"), order="mdy")[0][0] == day


def test_model_json_shape():
    inv = ExtractedInvoice(source="generic", supplier=SupplierInfo("A", None, None), invoice_number="1",
                           issue_date=date(2024, 1, 2), total=Decimal("-5.10"), confidence={"total": 0.5})
    doc = inv.to_json()
    assert doc["issue_date"] == "2024-01-02" and doc["total"] == "-5.10" and doc["net"] is None
    assert set(doc) >= {"source", "supplier", "invoice_number", "issue_date", "due_date", "currency", "net",
                        "tax", "total", "lines", "confidence"}


_PIECES = st.sampled_from(list("0123456789.,-/:%€$ \n\tabcXYZ#()") + [
    "Total ", "Invoice No: ", "Date: ", "VAT ", "IBAN ", "Net ", "12.03.2024", "1.234,56", "\f",
    "Description Qty Price Amount\n", "Gutschrift ", "DE232446240 ", "Rechnungsnummer "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=120).map("".join))
def test_template_free_reader_never_fails_on_odd_text(text):
    """Whatever the text, the reader returns (fields or not) instead of raising."""
    inv = extract_text_invoice(text, "odd.txt")
    assert all(0 <= c <= 1 for c in inv.confidence.values())


def test_unlabelled_address_window_is_not_taken_for_the_supplier():
    """DIN 5008: the recipient's window comes first, without a label; the issuer's name is
    in the footer with its register entry, VAT id and bank."""
    lines = ["Kunde Beispiel GmbH", "Hauptstraße 1", "10115 Berlin", "", "Rechnung Nr. 2024-301",
             "Rechnungsdatum: 04.03.2024", "Nettobetrag:\t100,00 EUR", "MwSt. 19 %:\t19,00 EUR",
             "Rechnungsbetrag:\t119,00 EUR", "", "",
             "Werkzeugbau Schmidt GmbH · Amtsgericht Ulm HRB 12345 · Geschäftsführer: A. Schmidt",
             "USt-IdNr. DE232446240 · IBAN DE02 1203 0000 0000 2020 51"]
    inv = extract_invoice(invoice_pdf(lines), "din.pdf")
    assert inv.supplier.name == "Werkzeugbau Schmidt GmbH"
    assert inv.supplier.vat_id == "DE232446240"


@pytest.mark.parametrize("printed, terms", [
    ("Zahlbar innerhalb 30 Tagen netto bis 04.04.2018, 3% Skonto innerhalb 10 Tagen bis 15.03.2018", "3/10 net 30"),
    ("Payment terms: 15 Days", "net 15"),
    ("Net 30 days", "net 30"),
    ("2% discount if paid within 10 days, net 30", "2/10 net 30"),
    ("Zahlungsbedingungen 14 Tage netto", "net 14"),
    ("Règlement à 30 jours", "net 30"),
    ("Termin płatności: 14 dni", "net 14"),
    ("Splatnost 14 dní", "net 14"),
    ("Gelieve te betalen binnen 30 dagen", "net 30"),
    ("Pagamento a 60 giorni", "net 60"),
    ("Pago a 45 días", "net 45"),
    ("Due on receipt", "due on receipt"),
    ("Bei Zahlung innerhalb 14 Tagen gewähren wir 2,0% Skonto.", None),
    ("Thank you for your business", None),
])
def test_printed_payment_terms_in_the_books_grammar(printed, terms):
    from backoffice_auto.invoices.extract.printed_terms import terms_from_text
    from backoffice_auto.terms import try_parse_terms

    assert terms_from_text(printed) == terms
    if terms:
        assert try_parse_terms(terms) is not None


def test_e_invoice_viewer_wording_en16931_terms():
    """Viewers of XRechnung/UBL print the EN 16931 business-term names as labels."""
    text = "\n".join([
        "Seller name: Sunshine Supplies Ltd", "Seller VAT identifier: GB980780684",
        "Invoice number: SS-2024-0099", "Invoice issue date: 2024-05-06", "Payment due date: 2024-06-05",
        "Invoice currency code: EUR", "Sum of Invoice line net amount   1,000.00",
        "Sum of allowances on document level   50.00", "Invoice total amount without VAT   950.00",
        "Invoice total VAT amount   190.00", "Invoice total amount with VAT   1,140.00", "Paid amount   140.00",
        "Amount due for payment   1,000.00"])
    inv = extract_text_invoice(text, "viewer.txt")
    assert inv.supplier.name == "Sunshine Supplies Ltd" and inv.supplier.vat_id == "GB980780684"
    assert (inv.invoice_number, inv.issue_date, inv.due_date) == ("SS-2024-0099", date(2024, 5, 6), date(2024, 6, 5))
    assert (inv.net, inv.tax, inv.total) == (Decimal("950.00"), Decimal("190.00"), Decimal("1140.00"))


@pytest.mark.parametrize("text, expected", [
    ("Lieferant GmbH\nRechnungsnummer: 123-45\nRechnungsdatum: 01.02.2024\nFälligkeitsdatum: 15.02.2024\n"
     "Summe Positionen   1.000,00\nGesamtbetrag ohne Umsatzsteuer   1.000,00\n"
     "Gesamtbetrag der Umsatzsteuer   190,00\nGesamtbetrag einschließlich Umsatzsteuer   1.190,00\n"
     "Zahlbetrag   1.190,00", ("Lieferant GmbH", "123-45", "1000.00", "190.00", "1190.00")),
    ("Dupont SA\nFacture N° 77\nDate de facture : 01/02/2024\nMontant total HT   1 000,00 €\n"
     "Montant total TVA   200,00 €\nMontant total TTC   1 200,00 €", ("Dupont SA", "77", "1000.00", "200.00", "1200.00")),
])
def test_total_wordings_of_german_and_french_viewers(text, expected):
    inv = extract_text_invoice(text, "v.txt")
    assert (inv.supplier.name, inv.invoice_number, str(inv.net), str(inv.tax), str(inv.total)) == expected


def test_the_french_verb_avoir_does_not_make_a_credit_note():
    lines = ["Exemple SARL", "Facture n° F-2024-13", "Date de facture : 5 mars 2024",
             "Vous pouvez avoir une remise en payant plus tôt.", "Total HT :\t200,00 €", "TVA 20 % :\t40,00 €",
             "Total TTC :\t240,00 €"]
    inv = extract_invoice(invoice_pdf(lines), "fr.pdf")
    assert inv.document_type == "invoice" and inv.total == Decimal("240.00")


def test_ubl_line_rate_in_the_line_tax_total_and_price_per_base_quantity():
    xml = ubl_xml().decode().replace(
        '<cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price>',
        '<cac:Price><cbc:PriceAmount currencyID="EUR">2500.00</cbc:PriceAmount>'
        '<cbc:BaseQuantity unitCode="H87">100</cbc:BaseQuantity></cac:Price>').replace(
        '<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent>'
        '<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>', '').replace(
        '<cac:Item><cbc:Name>Beratung</cbc:Name>',
        '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount><cac:TaxSubtotal>'
        '<cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount><cbc:Percent>19.0</cbc:Percent></cac:TaxSubtotal>'
        '</cac:TaxTotal><cac:Item><cbc:Name>Beratung</cbc:Name>')
    (line,) = parse_invoice_xml(xml.encode()).lines
    assert line.tax_rate == Decimal("19.0")
    assert line.unit_price == Decimal("25")


def test_template_free_items_in_sections_with_subtotals():
    header = "Description                      Qty     Unit price     Amount"
    lines = ["Gamma Office Ltd", "Invoice No: GO-7", header, "--- Furniture ---",
             "Desk oak 160 cm                    1        300.00     300.00",
             "Subtotal\t300.00", "--- Supplies ---",
             "Paper A4 500 sheets                10          5.00      50.00",
             "Subtotal\t50.00", "Subtotal\t350.00", "VAT 20%\t70.00", "Total\t420.00"]
    inv = extract_invoice(invoice_pdf(lines), "gamma.pdf")
    assert [(ln.description, ln.amount) for ln in inv.lines] == [
        ("Desk oak 160 cm", Decimal("300.00")), ("Paper A4 500 sheets", Decimal("50.00"))]
    assert (inv.net, inv.tax, inv.total) == (Decimal("350.00"), Decimal("70.00"), Decimal("420.00"))
