"""Reading fields the fresh layouts (`invoice_fresh.py`) left doubted or unread:

- a date under its label in a row of ruled label cells ("Fait le | Date de prestation |
  Payable le" over their dates) was sent to review (0.765) when the label was not one of
  the surest ("Fait le"), though a cell under its label is as plain as text beside it;
- a title of two document words joined by a dash or a slash ("Dobropis - opravný daňový
  doklad 2608930", "FACTURE / INVOICE F-2026-12") lost its number (0.6, review): the number
  was looked for between the two words;
- a Spanish "Concepto:" or "Referencia:" line (what the transfer is to carry) was not read
  as the payment reference; the same words heading an items column, or naming the
  customer's own reference ("Su referencia"), are not one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from backoffice_auto.invoices.extract.read import extract_invoice
from test_invoices_extract_support import invoice_pdf

SURE = 0.8


def read(lines):
    return extract_invoice(invoice_pdf(lines), "fresh.pdf", use_embedded=False)


def _sure(inv, name):
    return inv.confidence.get(name, 1.0) >= SURE


def _grid_pdf(head: list[str], rows: list[list[str]], tail: list[str]) -> bytes:
    """`head` lines, then `rows` as ruled cells 60 mm wide (a row of labels over a row of
    values), then `tail` lines."""
    from backoffice_auto.reports.pdf import FAMILY, new_document

    pdf = new_document(title="Invoice")
    pdf.add_page()
    pdf.set_font(FAMILY, "", 9)
    for text in head:
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    for row in rows:
        for cell in row:
            pdf.cell(60, 6, cell, border=1)
        pdf.ln()
    for text in tail:
        if "\t" in text:
            label, value = text.split("\t")
            pdf.cell(110, 6, label)
            pdf.cell(60, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


FR_TOTALS = ["Montant HT\t100,00", "TVA 20 %\t20,00", "Net à payer\t120,00 EUR"]


@pytest.mark.parametrize("row", [
    (["Fait le", "Date de prestation", "Payable le"], ["3 mars 2026", "22 février 2026", "2 avril 2026"]),
    (["Date de prestation", "Fait le", "Payable le"], ["22/02/2026", "03/03/2026", "02/04/2026"]),
])
def test_a_date_in_the_cell_under_its_label_in_a_row_of_labels_is_sure(row):
    labels, values = row
    data = _grid_pdf(["Menuiserie Lambert SARL", "Facture N° F-2026-0042"], [labels, values], FR_TOTALS)
    inv = extract_invoice(data, "fait.pdf", use_embedded=False)
    assert inv.issue_date == date(2026, 3, 3) and _sure(inv, "issue_date"), (inv.issue_date, inv.confidence)
    assert inv.due_date == date(2026, 4, 2) and _sure(inv, "due_date")


def test_a_date_under_an_items_header_is_not_taken_as_surely():
    """An items table's header is no row of labels ("Désignation" is no field): its column
    is read as before, a value below a label."""
    data = _grid_pdf(["Menuiserie Lambert SARL", "Facture N° F-2026-0042"],
                     [["Fait le", "Désignation", "Quantité"], ["3 mars 2026", "Vis M8", "10"]], FR_TOTALS)
    inv = extract_invoice(data, "fait.pdf", use_embedded=False)
    assert inv.issue_date == date(2026, 3, 3) and inv.confidence["issue_date"] < 0.8


@pytest.mark.parametrize("title, number", [
    ("Dobropis - opravný daňový doklad 2608930", "2608930"),
    ("DOBROPIS – OPRAVNÝ DAŇOVÝ DOKLAD 2026005666", "2026005666"),
    ("FACTURE / INVOICE F-2026-12", "F-2026-12"),
    ("Faktura / Invoice FV/12/03/2026", "FV/12/03/2026"),
])
def test_a_title_of_two_document_words_gives_its_number_sure(title, number):
    inv = read(["Elektro Hanák a.s.", title, "Datum vystavení: 12.03.2026", "Celkem bez DPH\t100,00",
                "DPH 21 %\t21,00", "Celkem k úhradě\t121,00 Kč"])
    assert inv.invoice_number == number and _sure(inv, "invoice_number"), (inv.invoice_number, inv.confidence)


def test_a_two_word_title_over_its_number_gives_the_number_sure():
    inv = read(["Elektro Hanák a.s.", "Dobropis - opravný daňový doklad", "2608930", "Datum vystavení: 12.03.2026",
                "Celkem k úhradě\t-121,00 Kč"])
    assert inv.invoice_number == "2608930" and _sure(inv, "invoice_number"), inv.confidence
    assert inv.document_type == "credit_note"


ES_TOTALS = ["Base imponible\t100,00", "IVA 21 %\t21,00", "Total factura\t121,00 EUR"]


@pytest.mark.parametrize("line, ref", [
    ("Concepto: CUST87182", "CUST87182"),
    ("Referencia: FS26/8582", "FS26/8582"),
    ("Concepto\tCUST6800", "CUST6800"),
])
def test_a_spanish_concepto_or_referencia_line_is_the_payment_reference(line, ref):
    inv = read(["Talleres Gallego S.L.", "Factura nº A-2026-1", "Fecha de expedición: 03/03/2026", line, *ES_TOTALS])
    assert inv.payment_reference == ref and _sure(inv, "payment_reference"), (inv.payment_reference, inv.confidence)


def test_concepto_in_a_row_of_labels_gives_the_cell_under_it():
    data = _grid_pdf(["Talleres Gallego S.L.", "Factura nº A-2026-1"],
                     [["Fecha de expedición", "Vencimiento", "Concepto"], ["03/03/2026", "02/04/2026", "CUST7888"]],
                     ES_TOTALS)
    inv = extract_invoice(data, "es.pdf", use_embedded=False)
    assert inv.payment_reference == "CUST7888", inv.payment_reference


@pytest.mark.parametrize("lines", [
    ["Concepto  Cantidad  Precio  Importe", "SKU 4711  2  50,00  100,00"],
    ["Referencia  Descripción  Importe", "AB-12  Tornillos M8  100,00"],
    ["Su referencia: PED-2026-11"],
    ["Concepto: Mantenimiento de marzo"],
    ["Concepto: 03/03/2026"],
])
def test_an_items_column_or_the_customers_reference_is_no_payment_reference(lines):
    inv = read(["Talleres Gallego S.L.", "Factura nº A-2026-1", "Fecha de expedición: 03/03/2026", *lines, *ES_TOTALS])
    assert inv.payment_reference is None, inv.payment_reference
    assert inv.total == D("121.00")


# --- layouts added to invoice_fresh.py: reverse charge, "Document no.", "Abono" over its number --

def test_a_reverse_charge_invoice_with_net_equal_to_total_is_sure():
    """No VAT row at all, a "TVA" column among the items (rate 0 under it) and a "Total HT"
    column head over the first line's amount: the net was taken from that column (the net
    equal to the total looked like one amount read twice) and sent to review."""
    from backoffice_auto.reports.pdf import FAMILY, new_document

    pdf = new_document(title="Invoice")
    pdf.add_page()
    pdf.set_font(FAMILY, "", 9)
    for text in ("Imprimerie du Centre SA", "Facture N° FA2026-01558", "Date de facturation : 24/05/2026"):
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    for row in (("Désignation", "Qté", "TVA", "Total HT"), ("Brochure A5", "10", "0", "3 603,30"),
                ("Affiches", "2", "0", "1 396,70")):
        for width, cell in zip((80, 20, 20, 40), row):
            pdf.cell(width, 6, cell)
        pdf.ln()
    for label, value in (("Total hors taxes", "5 000,00"), ("Total à régler", "5 000,00 €")):
        pdf.cell(110, 6, label)
        pdf.cell(60, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "Autoliquidation : TVA due par le preneur (art. 283-2 du CGI)", new_x="LMARGIN", new_y="NEXT")
    inv = extract_invoice(bytes(pdf.output()), "rc.pdf", use_embedded=False)
    assert (inv.net, inv.tax, inv.total) == (D("5000.00"), D("0"), D("5000.00")), (inv.net, inv.tax, inv.total)
    assert all(_sure(inv, f) for f in ("net", "tax", "total")), inv.confidence


def test_net_equal_to_total_without_a_no_vat_statement_stays_doubted():
    inv = read(["Pennine Fasteners Ltd", "Invoice no. SI-7", "Date issued: 03/03/2026", "Net total\t100.00",
                "Amount due\t100.00 GBP"])
    assert inv.total == D("100.00")
    assert not (_sure(inv, "tax") and inv.tax == 0), inv.confidence


@pytest.mark.parametrize("title", ["TAX INVOICE", "Credit memo"])
def test_document_no_on_a_page_titled_invoice_is_its_number(title):
    inv = read(["Pennine Fasteners Ltd", title, "Document no.\tSI-000442", "Date issued: 03/03/2026",
                "Net total\t100.00", "VAT @ 20%\t20.00", "Amount due\t120.00 GBP"])
    assert inv.invoice_number == "SI-000442" and _sure(inv, "invoice_number"), inv.confidence


@pytest.mark.parametrize("lines", [
    ["DELIVERY NOTE", "Document no.\tDN-4471"],
    ["TAX INVOICE", "Invoice no.\tSI-9", "Delivery document no.\tDN-4471"],
])
def test_document_no_of_another_document_is_not_taken_surely(lines):
    inv = read(["Pennine Fasteners Ltd", *lines, "Date issued: 03/03/2026", "Amount due\t120.00 GBP"])
    assert inv.invoice_number != "DN-4471" or not _sure(inv, "invoice_number"), inv.confidence


def test_abono_over_its_number_is_a_credit_note_with_that_number():
    inv = read(["Talleres Gallego S.L.", "Abono", "FS26/0856", "Fecha de expedición: 03/03/2026",
                "Base imponible\t-100,00", "IVA 21 %\t-21,00", "Total a abonar\t-121,00 EUR"])
    assert inv.invoice_number == "FS26/0856" and _sure(inv, "invoice_number"), inv.confidence
    assert inv.document_type == "credit_note"


def test_an_account_under_abono_is_no_number():
    inv = read(["Talleres Gallego S.L.", "Forma de pago:", "Abono", "ES9121000418450200051332",
                "Fecha de expedición: 03/03/2026", "Total factura\t121,00 EUR"])
    assert inv.invoice_number != "ES9121000418450200051332" or not _sure(inv, "invoice_number"), inv.confidence


@pytest.mark.parametrize("layout", ["two_column", "supplier_bottom", "multi_page"])
def test_the_new_page_layouts_have_no_field_wrong_and_sure(layout):
    """Two of each language in each new layout (invoice_fresh_pages.py), with currency signs on
    every amount, totals in words and reverse charge drawn among them."""
    import random

    from invoice_fresh import LANGS, draw, render, truth

    rng = random.Random(f"pages-{layout}")
    for lang in LANGS:
        for _ in range(2):
            spec = draw(rng, lang, layout=layout)
            inv = extract_invoice(render(spec), "fresh.pdf", use_embedded=False)
            for name, expected in truth(spec).items():
                if name == "payment_reference":
                    continue
                got = getattr(inv.supplier, name[9:]) if name.startswith("supplier.") else getattr(inv, name)
                if name in ("supplier.vat_id", "supplier.iban"):
                    got = str(got or "").replace(" ", "").removeprefix("PL")
                    expected = expected.removeprefix("PL")
                assert got == expected or got is None or not _sure(inv, name), (layout, lang, name, got, expected)
