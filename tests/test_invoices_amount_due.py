"""Invoices that deduct what was paid before, and the reference a payment must quote.

An invoice settling an advance prints its total with VAT, deducts the deposit ("Less deposit
paid", "Zaplaceno zálohou", "Zapłacono", "Anticipo", "Acompte versé") and prints a smaller
amount due ("Balance due", "Zbývá uhradit", "Pozostało do zapłaty", "Importe pendiente",
"Reste à payer"). The total and VAT stay as printed (the books need them); the amount due is
what gets paid; a printed amount due that is not the total less the deductions, or that is
more than the total, refuses the file naming the page and the values. The payment reference
(Czech variable symbol, RF, Belgian structured communication, Polish "tytuł przelewu") is read
with its page, and one whose check digits fail refuses the file. Real PDFs made with fpdf2.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal as D

import pytest

from backoffice_auto.invoices.bills.checks import check_invoice
from backoffice_auto.invoices.bills.entry import bill_record, decide, due_amount
from backoffice_auto.invoices.extract.read import extract_invoice
from backoffice_auto.parties import payref
from invoice_layouts import COUNTRY, LANGS, NUMBER_STYLES, RATES, Item, random_spec, render

DEPOSIT = D("500.00")


def spec_for(lang: str, seed: int = 41, **changes):
    """One item of 1,000.00 at the country's standard rate (1,210.00 with 21 % VAT)."""
    rate = D(RATES[COUNTRY[lang]][0])
    base = dict(items=(Item("Hex bolt M10x50", D(1), D("1000.00"), rate),), credit=False, recap=False,
                two_pages=False, deposit=DEPOSIT)
    return replace(random_spec(random.Random(seed), lang), **{**base, **changes})


def read(spec):
    return extract_invoice(render(spec), "advance.pdf", templates=None, use_embedded=False)


def refusals(inv):
    return [f for f in check_invoice(inv, None, []) if f.action == "refuse"]


@pytest.mark.parametrize("variant", [0, 1])
@pytest.mark.parametrize("number_style", NUMBER_STYLES[:3])
@pytest.mark.parametrize("lang", LANGS)
def test_a_deposit_deducted_is_not_paid_again_and_the_total_stays(lang, number_style, variant):
    spec = spec_for(lang, number_style=number_style, variant=variant)
    gross = spec.net + spec.tax
    inv = read(spec)
    assert (inv.net, inv.tax, inv.total) == (spec.net, spec.tax, gross)
    assert (inv.prepaid, inv.amount_due, inv.payable) == (DEPOSIT, gross - DEPOSIT, gross - DEPOSIT)
    findings = check_invoice(inv, None, [])
    assert not [f for f in findings if f.action in ("refuse", "review") and f.code in ("totals", "amount_due")]
    assert [f.code for f in findings if f.code == "prepaid"] == ["prepaid"]
    record = bill_record("B-000001", inv, "S1", decide([]), _dates(), inv.currency)
    assert (record["total"], record["tax"], record["prepaid"], record["amount_due"]) == (
        gross, spec.tax, DEPOSIT, gross - DEPOSIT)


def _dates():
    from datetime import date

    from backoffice_auto.terms import TermDates

    return TermDates(date(2026, 12, 1), None, None)


def test_the_brief_example_1210_less_500_pays_710():
    spec = spec_for("cs", deposit=D("500.00"))
    inv = read(spec)
    assert (inv.total, inv.tax, inv.prepaid, due_amount(inv)) == (D("1210.00"), D("210.00"), D("500.00"),
                                                                   D("710.00"))


@pytest.mark.parametrize("lang", LANGS)
def test_an_amount_due_that_is_not_the_total_less_the_deposit_is_refused_naming_the_values(lang):
    spec = spec_for(lang, due_printed=D("810.00"))
    gross = spec.net + spec.tax
    inv = read(spec)
    found = refusals(inv)
    assert [f.code for f in found] == ["amount_due"] and found[0].page == 1
    params = found[0].problem.params
    assert (params["payable"], params["total"], params["prepaid"], params["expected"]) == (
        D("810.00"), gross, DEPOSIT, gross - DEPOSIT)
    for language in ("en", "cs", "pl", "es", "fr"):
        assert "810" in found[0].problem.text(language)


@pytest.mark.parametrize("lang", LANGS)
def test_an_amount_due_above_the_total_is_refused(lang):
    spec = spec_for(lang, deposit=D("10.00"), due_printed=D("5000.00"))
    found = refusals(read(spec))
    assert [f.code for f in found] == ["amount_due"]
    assert "5" in found[0].problem.params["payable"].to_eng_string()
    assert found[0].problem.params["payable"] > found[0].problem.params["total"]


def test_totals_on_the_second_page_name_page_two():
    items = (Item("Hex bolt M10x50", D(1), D("25.00"), D(21)),) * 45
    spec = spec_for("cs", items=items, two_pages=True, due_printed=D("1.00"))
    found = refusals(read(spec))
    assert [(f.code, f.page) for f in found] == [("amount_due", 2)]


def test_without_a_deduction_nothing_changes():
    spec = spec_for("en", deposit=None)
    inv = read(spec)
    assert (inv.prepaid, inv.amount_due, inv.payable) == (None, None, spec.net + spec.tax)
    assert due_amount(inv) is None


@pytest.mark.parametrize(("lang", "printed", "stored"), [
    ("cs", "20260042", "/VS/20260042"),
    ("en", "RF18 5390 0754 7034", "RF18539007547034"),
    ("fr", "+++090/9337/55493+++", "+++090/9337/55493+++"),
    ("pl", "FV 12/11/2026", "FV 12/11/2026"),
    ("es", "RF18539007547034", "RF18539007547034"),
])
def test_the_payment_reference_is_read_with_its_page(lang, printed, stored):
    inv = read(spec_for(lang, deposit=None, reference=printed))
    assert (inv.payment_reference, inv.pages.get("payment_reference")) == (stored, 1)
    assert refusals(inv) == []


@pytest.mark.parametrize(("lang", "printed"), [("en", "RF19 5390 0754 7034"), ("fr", "+++090/9337/55494+++"),
                                                ("cs", "12345678901")])
def test_a_reference_whose_check_digits_fail_is_refused_naming_the_page(lang, printed):
    inv = read(spec_for(lang, deposit=None, reference=printed))
    found = refusals(inv)
    assert [(f.code, f.page) for f in found] == [("payment_reference", 1)]


def test_a_belgian_structured_communication_is_found_without_a_label():
    from test_invoices_extract_support import invoice_pdf

    pdf = invoice_pdf(["Atelier Dubois SA", "FACTURE", "Facture n° F-2026-7", "Date de facture: 03/11/2026",
                       "Total HT\t100,00 EUR", "TVA 21 %\t21,00 EUR", "Total TTC\t121,00 EUR",
                       "Merci de mentionner: +++090/9337/55493+++"])
    inv = extract_invoice(pdf, "be.pdf", use_embedded=False)
    assert inv.payment_reference == "+++090/9337/55493+++"


def test_czech_symbols_and_a_czech_rounding():
    from test_invoices_extract_support import invoice_pdf

    pdf = invoice_pdf(["Tiskárna Labe s.r.o.", "FAKTURA - DAŇOVÝ DOKLAD", "Číslo faktury: 2026-0042",
                       "Variabilní symbol: 20260042", "Konstantní symbol: 0308", "Datum vystavení: 03.11.2026",
                       "Celkem bez DPH\t999,67 Kč", "DPH 21 %\t209,93 Kč", "Celkem s DPH\t1 209,60 Kč",
                       "Zaokrouhlení\t0,40 Kč", "Celkem k úhradě\t1 210,00 Kč"])
    inv = extract_invoice(pdf, "cz.pdf", use_embedded=False)
    assert (inv.total, inv.rounding, inv.amount_due) == (D("1209.60"), D("0.40"), D("1210.00"))
    assert inv.payment_reference == "/VS/20260042/KS/0308"
    assert refusals(inv) == []


def test_references_go_into_a_transfer_as_banks_read_them():
    assert payref.structured(payref.parse("RF18 5390 0754 7034")) == ("ISO", "RF18539007547034")
    assert payref.structured(payref.parse("+++090/9337/55493+++")) == ("BBA", "090933755493")
    czech = payref.parse("/VS/20260042/KS/0308")
    assert payref.structured(czech) is None and payref.remittance(czech, "2026-0042") == "/VS/20260042/KS/0308"
    assert payref.problem(payref.parse("1234561", "fi")) is None
    assert payref.problem(payref.parse("1234562", "fi")) == "check_digits"


def _lines(*rows):
    from test_invoices_extract_support import invoice_pdf

    return extract_invoice(invoice_pdf(["Harbour Office Supplies Ltd", "INVOICE", "Invoice No.: INV-7",
                                        "Invoice date: 03.11.2026", *rows]), "en.pdf", use_embedded=False)


def test_a_gross_total_printed_only_as_net_plus_vat_before_the_deposit():
    """Subtotal, VAT, Less deposit, Balance due: the total is net + VAT, not the balance."""
    inv = _lines("Subtotal\t1,000.00 EUR", "VAT 21 %\t210.00 EUR", "Less deposit\t(500.00) EUR",
                 "Balance due\t710.00 EUR")
    assert (inv.net, inv.tax, inv.total, inv.prepaid, inv.amount_due) == (
        D("1000.00"), D("210.00"), D("1210.00"), D("500.00"), D("710.00"))
    assert refusals(inv) == []


def test_a_receipt_paid_in_full_leaves_nothing_to_pay():
    inv = _lines("Subtotal\t100.00 EUR", "VAT 21 %\t21.00 EUR", "Total\t121.00 EUR", "Amount paid\t121.00 EUR",
                 "Balance due\t0.00 EUR")
    assert (inv.total, inv.payable) == (D("121.00"), D("0.00"))


def test_an_item_named_like_a_deduction_is_not_one():
    inv = _lines("Anticipo de obra 1 x 200,00\t200.00", "Bolts 1 x 800.00\t800.00", "Subtotal\t1,000.00 EUR",
                 "VAT 21 %\t210.00 EUR", "Total\t1,210.00 EUR")
    assert (inv.prepaid, inv.payable) == (None, D("1210.00"))


def test_a_reference_printed_inside_a_sentence_is_the_code_alone():
    inv = _lines("Total\t121.00 EUR", "Please quote reference: 4711-ABC with your payment")
    assert inv.payment_reference == "4711-ABC"


def test_an_embedded_invoice_says_what_was_prepaid_what_is_due_and_the_reference():
    """EN 16931 BT-113 paid amount, BT-115 amount due, BT-83 remittance information (CII)."""
    from test_invoices_extract_support import cii_xml, invoice_pdf

    xml = cii_xml(net="1000.00", tax="210.00", total="1210.00").decode()
    xml = xml.replace("<ram:DuePayableAmount>1210.00</ram:DuePayableAmount>",
                      "<ram:TotalPrepaidAmount>500.00</ram:TotalPrepaidAmount>"
                      "<ram:DuePayableAmount>710.00</ram:DuePayableAmount>")
    xml = xml.replace("<ram:InvoiceCurrencyCode>", "<ram:PaymentReference>RF18539007547034</ram:PaymentReference>"
                      "<ram:InvoiceCurrencyCode>", 1)
    pdf = invoice_pdf(["Invoice RE-2024-0815", "Total 1,210.00 EUR"], {"factur-x.xml": xml.encode()})
    inv = extract_invoice(pdf, "fx.pdf")
    assert (inv.source, inv.total, inv.prepaid, inv.amount_due, inv.payment_reference) == (
        "embedded-xml", D("1210.00"), D("500.00"), D("710.00"), "RF18539007547034")
    assert refusals(inv) == []


@pytest.mark.parametrize("net,tax,total,due,fine", [
    ("999,67", "209,93", "1 209,60", "1 210,00", True),  # whole crowns, as Czech invoices print the sum to pay
    ("999,50", "209,90", "1 209,40", "1 209,00", True),
    ("999,67", "209,93", "1 209,60", "1 211,00", False),  # more than half a crown away: no rounding
    ("999,17", "209,83", "1 209,00", "1 210,00", False),  # the total is whole already: nothing to round
])
def test_a_sum_to_pay_rounded_without_a_rounding_line(net, tax, total, due, fine):
    from test_invoices_extract_support import invoice_pdf

    pdf = invoice_pdf(["Tiskárna Labe s.r.o.", "FAKTURA - DAŇOVÝ DOKLAD", "Číslo faktury: 2026-0043",
                       "Datum vystavení: 03.11.2026", f"Celkem bez DPH\t{net} Kč", f"DPH 21 %\t{tax} Kč",
                       f"Celkem s DPH\t{total} Kč", f"Celkem k úhradě\t{due} Kč"])
    inv = extract_invoice(pdf, "cz.pdf", use_embedded=False)
    assert (inv.total, inv.amount_due) == (D(total.replace(" ", "").replace(",", ".")),
                                           D(due.replace(" ", "").replace(",", ".")))
    if fine:
        assert refusals(inv) == []
        assert due_amount(inv) == inv.amount_due
        assert [f.code for f in check_invoice(inv, None, []) if f.code == "rounding"] == ["rounding"]
    else:
        assert [f.code for f in refusals(inv)] == ["amount_due"]


def test_a_czech_invoice_with_only_its_variable_symbol_takes_it_as_its_number_doubted():
    from backoffice_auto.invoices.bills.review import review_findings
    from test_invoices_extract_support import invoice_pdf

    pdf = invoice_pdf(["Tiskárna Labe s.r.o.", "FAKTURA - DAŇOVÝ DOKLAD", "Variabilní symbol: 20260042",
                       "Datum vystavení: 03.11.2026", "Celkem bez DPH\t999,67 Kč", "DPH 21 %\t209,93 Kč",
                       "Celkem s DPH\t1 209,60 Kč"])
    inv = extract_invoice(pdf, "cz.pdf", use_embedded=False)
    assert (inv.invoice_number, inv.payment_reference) == ("20260042", "/VS/20260042")
    asked = review_findings(inv, True, 0.8, ("invoice_number", "total"))
    assert any("Invoice number" in f.problem.text("en") for f in asked), asked
