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


# --- pages as files come: turned, scanned -------------------------------------------------

def _turned_pdf(angle: int, lines: list[str]) -> bytes:
    """The invoice's text drawn turned by `angle` degrees on the page (a landscape layout
    rotated onto portrait paper, a page fed upside down), not by the page's /Rotate."""
    from backoffice_auto.reports.pdf import FAMILY, new_document

    pdf = new_document(title="Invoice")
    pdf.add_page()
    pdf.set_font(FAMILY, "", 10)
    with pdf.rotation(angle, x=105, y=148):
        for i, line in enumerate(lines):
            label, _, value = line.partition("\t")
            pdf.set_xy(40, 110 + 7 * i)
            pdf.cell(60, 6, label)
            if value:
                pdf.cell(40, 6, value, align="R")
    return bytes(pdf.output())


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_text_drawn_turned_is_read_as_upright(angle):
    lines = ["Atelier Dubois SA", "N° TVA : FR40303265045", "Facture n° FA-2026-118", "Date : 03/11/2026",
             "Total HT\t1 000,00 €", "TVA 20 %\t200,00 €", "Total TTC\t1 200,00 €"]
    inv = extract_invoice(_turned_pdf(angle, lines), "turned.pdf", use_embedded=False)
    assert (inv.supplier.name, inv.supplier.vat_id, inv.invoice_number, inv.issue_date) == (
        "Atelier Dubois SA", "FR40303265045", "FA-2026-118", date(2026, 11, 3))
    assert (inv.net, inv.tax, inv.total, inv.currency) == (D("1000.00"), D("200.00"), D("1200.00"), "EUR")


def test_a_scan_with_a_scanners_line_of_text_is_refused_not_guessed():
    """A picture of an invoice whose only text is the scanner's footer ("Scanned by ... on
    2026-11-03") has no text layer for the invoice: refused, not read as dated 3 Nov."""
    import io

    from PIL import Image, ImageDraw

    from backoffice_auto.errors import Refusal
    from backoffice_auto.invoices.extract.pdfdoc import MSG_NO_TEXT
    from backoffice_auto.reports.pdf import FAMILY, new_document

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).text((20, 20), "INVOICE 2024-001   Total 121.00 EUR", fill="black")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    pdf = new_document(title="Invoice")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=180)
    pdf.set_font(FAMILY, "", 7)
    pdf.set_xy(10, 285)
    pdf.cell(0, 5, "Scanned by iR-ADV C5535 on 2026-11-03 10:14, page 1/1")
    with pytest.raises(Refusal) as info:
        extract_invoice(bytes(pdf.output()), "scan.pdf")
    assert [p.message for p in info.value.problems] == [MSG_NO_TEXT]


def test_a_letterhead_picture_under_real_text_is_still_read():
    """A page-wide background picture (a letterhead) under the invoice's own text is no scan."""
    import io

    from PIL import Image

    from backoffice_auto.reports.pdf import FAMILY, new_document

    buf = io.BytesIO()
    Image.new("RGB", (60, 80), (250, 250, 240)).save(buf, format="PNG")
    pdf = new_document(title="Invoice")
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=210, h=297)
    pdf.set_font(FAMILY, "", 10)
    for i, line in enumerate(["Emballages Girard SAS", "N° TVA : FR40303265045", "Facture n° FA-2026-7",
                              "Date : 03/11/2026", "Total HT 100,00 €", "TVA 20 % 20,00 €", "Total TTC 120,00 €"]):
        pdf.set_xy(20, 20 + 7 * i)
        pdf.cell(0, 6, line)
    inv = extract_invoice(bytes(pdf.output()), "letterhead.pdf")
    assert (inv.invoice_number, inv.total) == ("FA-2026-7", D("120.00"))


# --- cells placed as the page shows them ----------------------------------------------------

def placed_pdf(cells: list[tuple[float, float, str]]) -> bytes:
    """One page with each text at (x, y) mm."""
    from backoffice_auto.reports.pdf import FAMILY, new_document

    pdf = new_document(title="Invoice")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font(FAMILY, "", 9)
    for x, y, value in cells:
        pdf.set_xy(x, y)
        pdf.cell(pdf.get_string_width(value) + 2, 5, value)
    return bytes(pdf.output())


def test_a_column_of_vat_amounts_is_not_read_as_rates():
    """ "Popis | Základ | DPH | Celkem": DPH holds the VAT of each row (2 100,00), not a rate."""
    cells = [(10, 10, "Tiskárna Labe s.r.o."), (10, 16, "DIČ: CZ27082440"), (10, 26, "Faktura č. 2026110045"),
             (10, 32, "Datum vystavení: 3. 11. 2026"),
             (10, 50, "Popis"), (120, 50, "Základ"), (150, 50, "DPH"), (175, 50, "Celkem"),
             (10, 56, "Tisk letáků A5"), (120, 56, "10 000,00"), (150, 56, "2 100,00"), (175, 56, "12 100,00"),
             (10, 62, "Kniha"), (120, 62, "1 000,00"), (150, 62, "120,00"), (175, 62, "1 120,00"),
             (100, 75, "Celkem bez DPH"), (165, 75, "11 000,00 Kč"), (100, 81, "DPH celkem"), (165, 81, "2 220,00 Kč"),
             (100, 87, "Celkem k úhradě"), (165, 87, "13 220,00 Kč")]
    inv = extract_invoice(placed_pdf(cells), "cz.pdf")
    assert (inv.net, inv.tax, inv.total) == (D("11000.00"), D("2220.00"), D("13220.00"))
    assert all(line.tax_rate is None or line.tax_rate <= 30 for line in inv.lines), inv.lines


def test_due_label_alone_in_a_fields_box():
    cells = [(10, 10, "INVOICE"), (10, 20, "Bill To"), (80, 20, "From"), (150, 20, "Invoice #"), (175, 20, "10457"),
             (10, 26, "Nordlicht Bürobedarf GmbH"), (80, 26, "Harbour Office Supplies Ltd"), (150, 26, "Date"),
             (175, 26, "Nov 3, 2026"), (10, 32, "VAT: DE136695976"), (80, 32, "VAT: GB980780684"), (150, 32, "Due"),
             (175, 32, "Dec 3, 2026"), (130, 70, "Subtotal"), (175, 70, "€50.00"), (130, 76, "VAT (20%)"),
             (175, 76, "€10.00"), (130, 82, "Amount due"), (175, 82, "€60.00")]
    inv = extract_invoice(placed_pdf(cells), "en.pdf")
    assert (inv.issue_date, inv.due_date, inv.total) == (date(2026, 11, 3), date(2026, 12, 3), D("60.00"))
    assert (inv.supplier.name, inv.supplier.vat_id, inv.buyer_vat_id) == (
        "Harbour Office Supplies Ltd", "GB980780684", "DE136695976")


def test_a_character_outside_the_bmp_is_read_whole_not_as_two_halves():
    """'🀰' comes from pdfium as two UTF-16 halves: read as one character (a surrogate in a
    field could not be written to the books or a report: an internal error)."""
    inv = extract_invoice(invoice_pdf(["Invoice Invoice 000\U0001F030"]), "emoji.pdf")
    assert inv.invoice_number is None or inv.invoice_number.encode("utf-8")
    assert all(not 0xD800 <= ord(c) < 0xE000 for c in str(inv.to_json()))
