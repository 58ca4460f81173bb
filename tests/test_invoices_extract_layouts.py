"""Reading invoices in layouts and wordings of en, cs, pl, es and fr invoices that the other
reader tests do not print (invoice_layouts.py): the supplier's and the customer's blocks side
by side under their headings, national VAT ids without a country prefix, a VAT recap table
whose last row sums the rates, series-prefixed numbers ("FV 123/11/2026"), the totals on a
second page. Every printed field is checked against what was put in; a field read wrong
must never be read with the confidence that lets it into the books unreviewed.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from backoffice_auto.invoices.extract.read import extract_invoice
from invoice_layouts import (
    COUNTRY, CURRENCY_STYLES, DATE_STYLES, HEADERS, LANGS, NUMBER_STYLES, RATES, Item, generated_set, random_spec,
    render, truth,
)
from test_invoices_extract_support import invoice_pdf

REVIEW_BELOW = 0.8  # rules/invoices.yaml review.min_confidence


def read(spec):
    return extract_invoice(render(spec), "layout.pdf", templates=None, use_embedded=False)


def got(inv, key):
    return getattr(inv.supplier, key.split(".")[1]) if key.startswith("supplier.") else getattr(inv, key)


def misses(spec, inv) -> list[tuple]:
    return [(key, want, got(inv, key), inv.confidence.get(key)) for key, want in truth(spec).items()
            if got(inv, key) != want]


def spec_for(lang: str, seed: int = 5, **changes):
    return replace(random_spec(random.Random(seed), lang), **changes)


TWO_RATES = {lang: (Item("Hex bolt M10x50", D(12), D("617.54"), D(RATES[COUNTRY[lang]][0])),
                    Item("Label roll 100x50", D(3), D("274.53"), D(RATES[COUNTRY[lang]][1])))
             for lang in LANGS}


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("lang", LANGS)
def test_side_by_side_party_blocks_every_field(lang, header):
    """Supplier and customer blocks side by side, each under its heading, either one left:
    the customer's VAT id and name are never taken for the supplier's."""
    spec = spec_for(lang, header=header, credit=False, two_pages=False, po="PO-4711")
    inv = read(spec)
    assert misses(spec, inv) == []


@pytest.mark.parametrize("lang", LANGS)
def test_recap_table_whose_last_row_sums_the_rates(lang):
    """VAT per rate printed only in a recap table ("Stawka | Netto | VAT | Brutto" ... "Razem"):
    the invoice's totals are the summing row, not one rate's row that also adds up."""
    spec = spec_for(lang, items=TWO_RATES[lang], recap=True, credit=False, two_pages=False)
    inv = read(spec)
    assert (inv.net, inv.tax, inv.total) == (spec.net, spec.tax, spec.net + spec.tax)
    assert min(inv.confidence[f] for f in ("net", "tax", "total")) >= REVIEW_BELOW


@pytest.mark.parametrize("number_style", NUMBER_STYLES)
@pytest.mark.parametrize("currency_style", CURRENCY_STYLES)
def test_number_and_currency_forms(number_style, currency_style):
    for lang in ("cs", "pl"):  # "1 234,56 Kč", "zł 1'234.56", "1.234,56 PLN"...
        spec = spec_for(lang, 9, number_style=number_style, currency_style=currency_style, credit=False, recap=False)
        inv = read(spec)
        assert (inv.currency, inv.net, inv.tax, inv.total) == (spec.currency, spec.net, spec.tax, spec.net + spec.tax)


@pytest.mark.parametrize("date_style", DATE_STYLES)
@pytest.mark.parametrize("lang", LANGS)
def test_date_forms(lang, date_style):
    """"3. 11. 2026", "03/11/2026", "2026-11-03", "3 listopadu 2026", "November 3, 2026"..."""
    spec = spec_for(lang, 13, date_style=date_style, issue=date(2026, 11, 3), due=date(2026, 12, 3))
    inv = read(spec)
    assert (inv.issue_date, inv.due_date) == (date(2026, 11, 3), date(2026, 12, 3))


@pytest.mark.parametrize("negative_style", ["minus", "parentheses"])
@pytest.mark.parametrize("lang", LANGS)
def test_credit_note_with_negative_figures(lang, negative_style):
    spec = spec_for(lang, 17, credit=True, negative_style=negative_style, items=TWO_RATES[lang])
    inv = read(spec)
    assert inv.document_type == "credit_note"
    assert (inv.net, inv.tax, inv.total) == (-spec.net, -spec.tax, -(spec.net + spec.tax))


@pytest.mark.parametrize("lang", LANGS)
def test_totals_on_the_second_page(lang):
    spec = spec_for(lang, 21, two_pages=True, items=TWO_RATES[lang] * 20, credit=False)
    data = render(spec)
    inv = extract_invoice(data, "two.pdf", templates=None, use_embedded=False)
    assert misses(spec, inv) == []
    assert [(ln.description, ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        (item.description, item.quantity, item.unit_price, spec.line_amount(item)) for item in spec.items]


@pytest.mark.parametrize("number", ["FV 123/11/2026", "FA 2026/0457", "R 2026-17"])
def test_invoice_number_with_a_series_prefix(number):
    spec = spec_for("pl", 23, number=number)
    assert read(spec).invoice_number == number


def test_polish_nip_beside_the_buyers_nip_is_the_sellers():
    """ "NIP: 7792433421  NIP: 5260250274" on one line: each number stops at its column."""
    spec = spec_for("pl", 29, seller_vat="7792433421", buyer_vat="5260250274", header="seller_left")
    inv = read(spec)
    assert (inv.supplier.vat_id, inv.buyer_vat_id) == ("PL7792433421", "PL5260250274")


def test_a_national_label_before_a_prefixed_id_is_one_id_not_two():
    """ "DIČ: CZ27082440" is read once (it was also a second, doubled "CZCZ..." buyer id)."""
    lines = ["Kovo Brno s.r.o.", "DIČ: CZ27082440", "Faktura č. 2026-118", "Datum vystavení: 02.11.2026",
             "Celkem bez DPH\t1 000,00", "DPH 21 %\t210,00", "Celkem k úhradě\t1 210,00 Kč"]
    inv = extract_invoice(invoice_pdf(lines), "cz.pdf")
    assert (inv.supplier.vat_id, inv.buyer_vat_id) == ("CZ27082440", None)


def test_two_unattributed_vat_ids_side_by_side_go_to_review():
    """Two valid ids on one line and no heading over either: whose is whose is a guess."""
    lines = ["Tiskárna Labe s.r.o.      Kovo Brno s.r.o.", "DIČ: CZ27082440      DIČ: CZ25596641",
             "Faktura č. 2026-118", "Datum vystavení: 02.11.2026", "Celkem bez DPH\t1 000,00", "DPH 21 %\t210,00",
             "Celkem k úhradě\t1 210,00 Kč"]
    inv = extract_invoice(invoice_pdf(lines), "cz.pdf")
    assert inv.confidence["supplier.vat_id"] < REVIEW_BELOW


def test_generated_set_has_no_confident_misreading():
    """A generated set in five languages: every printed field read, and none read wrong
    with a confidence at or above the review threshold."""
    wrong, sure_wrong, total = [], [], 0
    for spec in generated_set(30):
        inv = read(spec)
        total += len(truth(spec))
        for key, want, value, conf in misses(spec, inv):
            wrong.append((spec.lang, key, want, value))
            if value is not None and conf is not None and conf >= REVIEW_BELOW:
                sure_wrong.append((spec.lang, key, want, value, conf))
    assert sure_wrong == []
    assert len(wrong) / total <= 0.01, wrong
