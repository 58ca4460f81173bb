"""Issued invoices and credit notes carry what EU VAT law and the local forms ask (issue 13, item 6).

Each document is rendered to a real PDF with the production renderer, read back with
pdfplumber, and every element is looked for in the text: seller and customer full names and
addresses, VAT ids, number, issue date, date of supply, due date, goods with quantity and
unit, VAT per rate (taxable amount, rate, VAT, gross) and totals, currency, payment terms,
bank account, payment reference and the legal mentions (reverse charge, French late
payment); a credit note names the invoice it corrects (number and date), its reason, and
its amounts per rate are negative.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.i18n import babel_locale, format_date, format_decimal, format_money, format_percent, translate
from backoffice_auto.orders import legal, pdfs
from backoffice_auto.orders.invoicing import invoice_line
from backoffice_auto.orders.model import ZERO, Customer, DraftInvoice, Invoice
from backoffice_auto.rules.settings_model import Company

CZ_SELLER = Company(name="Železárny Třinec Obchod s.r.o.", vat_id="CZ12345678", iban="CZ6508000000192000145399",
                    bic="GIBACZPX", country="CZ", street="Vodičkova 1", postal_code="110 00", city="Praha 1")
FR_SELLER = Company(name="Quincaillerie Lefèvre SARL", vat_id="FR40123456824", iban="FR7630006000011234567890189",
                    country="FR", street="12 rue de la Paix", postal_code="75002", city="Paris")

CZ_CUSTOMER = Customer("C001", name="Stavebniny Dvořák s.r.o.", language="cs", country="CZ", vat_id="CZ87654321",
                       payment_terms="net 14", street="Masarykova 25", postal_code="602 00", city="Brno")
PL_CUSTOMER = Customer("C002", name="Hurtownia Wiśniewski sp. z o.o.", language="pl", country="PL",
                       vat_id="PL5260001246", payment_terms="net 30", street="ul. Długa 44/46",
                       postal_code="00-241", city="Łódź")
FR_CUSTOMER = Customer("C003", name="Boulangerie Girard SARL", language="fr", country="FR", vat_id="FR83404833048",
                       payment_terms="2/10 net 30", street="8 avenue Jean Jaurès", postal_code="69007", city="Lyon")


def _squash(text: str) -> str:
    """Text without any white space: cells printed side by side may come back with or without
    a gap, and Babel writes thousands with a no-break space."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " ").replace("\u202f", " "))


def _invoice(number: str, lines: list[tuple[str, str, str, str, str, str]], currency: str, customer: Customer,
             issue: date, supply: date | None = None, due: date | None = None) -> Invoice:
    built = tuple(invoice_line(n, sku, name, unit, Decimal(q), Decimal(price), ZERO, Decimal(rate), currency)
                  for n, (sku, name, unit, q, price, rate) in enumerate(lines, start=1))
    draft = DraftInvoice("ORD-1", customer.customer_id, currency, built, sum((x.net for x in built), ZERO),
                         sum((x.tax for x in built), ZERO), sum((x.total for x in built), ZERO))
    return Invoice(number, issue, due or issue, draft, supply)


def _pdf_text(tmp_path, doc, customer, company, terms="") -> str:
    path = pdfs.invoice_pdf(doc, customer, company, customer.language, terms, tmp_path / f"{doc.number}.pdf")
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _expected(doc, customer: Customer, company: Company, language: str) -> dict[str, str]:
    """Every element item 6 names, as it must appear (in the reader's language)."""
    t = lambda m, **kw: translate(m, language, **kw)  # noqa: E731
    cur = doc.draft.currency
    money = lambda x: format_money(x, cur, language)  # noqa: E731
    land = babel_locale(language).territories
    want = {
        "seller name": company.name, "seller street": company.street,
        "seller postal code and city": f"{company.postal_code} {company.city}",
        "seller country": land[company.country], "seller VAT id": company.vat_id,
        "customer name": customer.name, "customer street": customer.street,
        "customer postal code and city": f"{customer.postal_code} {customer.city}",
        "customer country": land[customer.country], "customer VAT id": customer.vat_id,
        "number": doc.number,
        "issue date": f"{t(pdfs.T_ISSUE_DATE)}: {format_date(doc.issue_date, language)}",
        "date of supply": f"{t(pdfs.T_SUPPLY_DATE)}: {format_date(doc.supplied_on, language)}",
        "currency": f"{t(pdfs.T_CURRENCY)}: {cur}",
        "bank account": f"{company.iban}",
        "payment reference": f"{t(pdfs.T_PAYMENT_REFERENCE)}: {pdfs.payment_reference(doc.number, language)}",
        "VAT breakdown heading": t(pdfs.T_VAT_SUMMARY),
        "total without VAT": f"{t(pdfs.T_NET_TOTAL)} {money(doc.draft.net)}",
        "total VAT": f"{t(pdfs.T_TAX_TOTAL)} {money(doc.draft.tax)}",
    }
    for x in doc.draft.lines:
        want[f"line {x.line}: nature and quantity"] = (f"{x.sku} {x.description} "
                                                      f"{format_decimal(x.quantity, language)} {x.unit}")
    for row in legal.vat_breakdown(doc.draft.lines):
        want[f"VAT at {row.rate} %: taxable, VAT, gross"] = (
            f"{format_percent(row.rate, language)} {money(row.net)} {money(row.tax)} {money(row.gross)}")
    return want


def _missing(text: str, want: dict[str, str]) -> dict[str, str]:
    flat = _squash(text)
    return {k: v for k, v in want.items() if _squash(v) not in flat}


def test_czech_invoice_is_a_complete_danovy_doklad(tmp_path):
    inv = _invoice("FV-2026-00017", [("SKU-1", "Ocelová konzola", "ks", "12", "149.90", "21"),
                                     ("SKU-2", "Káva zrnková", "kg", "2.5", "389", "12"),
                                     ("SKU-3", "Šrouby 4x40", "bal", "3", "54.20", "21")],
                   "CZK", CZ_CUSTOMER, date(2026, 11, 30), supply=date(2026, 11, 27), due=date(2026, 12, 14))
    text = _pdf_text(tmp_path, inv, CZ_CUSTOMER, CZ_SELLER, terms="splatnost 14 dní")
    want = _expected(inv, CZ_CUSTOMER, CZ_SELLER, "cs")
    want |= {"title": "Faktura – daňový doklad FV-2026-00017",
             "DUZP label": "DUZP", "due date": "Datum splatnosti: 14. 12. 2026",
             "issue date as written": "Datum vystavení: 30. 11. 2026",
             "variable symbol": "Variabilní symbol: 202600017",
             "total due": f"Celkem k úhradě {format_money(inv.draft.total, 'CZK', 'cs')}",
             "payment terms": "Platební podmínky: splatnost 14 dní"}
    assert _missing(text, want) == {}
    assert len(legal.vat_breakdown(inv.draft.lines)) == 2  # 21 % and 12 %, each on its own row
    assert "přenesení daňové povinnosti" not in text  # a domestic supply with VAT: no reverse charge


def test_polish_invoice_to_an_eu_business_says_reverse_charge(tmp_path):
    inv = _invoice("FV-2026-00018", [("SKU-7", "Folia stretch 500 mm", "rol", "40", "8.35", "0"),
                                     ("SKU-8", "Taśma pakowa 48 mm", "rol", "120", "1.12", "0")],
                   "EUR", PL_CUSTOMER, date(2026, 11, 30), due=date(2026, 12, 30))
    text = _pdf_text(tmp_path, inv, PL_CUSTOMER, CZ_SELLER, terms="30 dni")
    want = _expected(inv, PL_CUSTOMER, CZ_SELLER, "pl")
    want |= {"title": "Faktura FV-2026-00018", "date of sale": "Data sprzedaży",
             "due date": f"Termin płatności: {format_date(date(2026, 12, 30), 'pl')}",
             "reverse charge": "Odwrotne obciążenie", "total due": "Do zapłaty",
             "payment terms": "Warunki płatności: 30 dni"}
    assert _missing(text, want) == {}
    assert "ł" in text and "ś" in text  # the font printed Polish letters, not boxes


def test_french_invoice_carries_the_late_payment_mention(tmp_path):
    inv = _invoice("F-2026-0042", [("REF-1", "Peinture blanche mate", "l", "15", "12.40", "20"),
                                   ("REF-2", "Café en grains", "kg", "4", "18.90", "5.5")],
                   "EUR", FR_CUSTOMER, date(2026, 11, 30), supply=date(2026, 11, 28), due=date(2026, 12, 30))
    text = _pdf_text(tmp_path, inv, FR_CUSTOMER, FR_SELLER, terms="30 jours")
    want = _expected(inv, FR_CUSTOMER, FR_SELLER, "fr")
    want |= {"title": "Facture F-2026-0042", "due date": f"Date d’échéance: {format_date(date(2026, 12, 30), 'fr')}",
             "penalties": "pénalités au taux de trois fois le taux d’intérêt légal",
             "indemnity": "indemnité forfaitaire pour frais de recouvrement de 40 EUR",
             "total TTC": "Total à payer"}
    assert _missing(text, want) == {}
    assert "Autoliquidation" not in text  # French seller, French customer: French VAT charged


def test_credit_note_names_the_invoice_its_reason_and_negative_amounts_per_rate(tmp_path):
    inv = _invoice("FV-2026-00017", [("SKU-1", "Ocelová konzola", "ks", "12", "149.90", "21"),
                                     ("SKU-2", "Káva zrnková", "kg", "2.5", "389", "12")],
                   "CZK", CZ_CUSTOMER, date(2026, 11, 20), due=date(2026, 12, 4))
    note = legal.credit_note(inv, "DB-2026-00003", date(2026, 11, 30), "Vrácené zboží (poškozeno při přepravě)")
    text = _pdf_text(tmp_path, note, CZ_CUSTOMER, CZ_SELLER)
    want = _expected(note, CZ_CUSTOMER, CZ_SELLER, "cs")
    want |= {"title": "Opravný daňový doklad DB-2026-00003",
             "corrected invoice": f"Opravuje fakturu: FV-2026-00017 ze dne {format_date(date(2026, 11, 20), 'cs')}",
             "reason": "Důvod opravy: Vrácené zboží (poškozeno při přepravě)",
             "total credited": f"Celkem dobropisováno {format_money(note.draft.total, 'CZK', 'cs')}"}
    assert _missing(text, want) == {}
    rows = legal.vat_breakdown(note.draft.lines)
    assert [r.rate for r in rows] == [Decimal(21), Decimal(12)]
    assert all(r.net < 0 and r.tax < 0 and r.gross < 0 for r in rows)
    assert rows == [legal.RateRow(r.rate, -r.net, -r.tax, -r.gross) for r in legal.vat_breakdown(inv.draft.lines)]


def test_french_credit_note_is_an_avoir_naming_the_invoice(tmp_path):
    inv = _invoice("F-2026-0042", [("REF-1", "Peinture blanche mate", "l", "15", "12.40", "20"),
                                   ("REF-2", "Café en grains", "kg", "4", "18.90", "5.5")],
                   "EUR", FR_CUSTOMER, date(2026, 11, 2))
    note = legal.credit_note(inv, "AV-2026-0007", date(2026, 11, 30), "Erreur de prix", lines=[2])
    text = _pdf_text(tmp_path, note, FR_CUSTOMER, FR_SELLER)
    want = _expected(note, FR_CUSTOMER, FR_SELLER, "fr") | {
        "title": "Avoir AV-2026-0007", "reason": "Motif de l’avoir: Erreur de prix",
        "corrected invoice": f"Facture rectifiée: F-2026-0042 du {format_date(date(2026, 11, 2), 'fr')}"}
    assert _missing(text, want) == {}
    assert note.draft.total == -inv.draft.lines[1].total


def test_an_invoice_without_the_customers_address_still_names_the_customer_not_only_its_id(tmp_path):
    bare = Customer("C009", name="Garage Moreau SARL", language="en", country="FR")
    inv = _invoice("INV-1", [("A", "Widget", "pcs", "1", "10", "21")], "EUR", bare, date(2026, 11, 30))
    text = _pdf_text(tmp_path, inv, bare, CZ_SELLER)
    assert "Garage Moreau SARL" in text and "France" in text and "Customer no.: C009" in text


@pytest.mark.parametrize("seller,buyer,vat_id,rate,expected", [
    ("CZ", "PL", "PL5260001246", "0", True),
    ("CZ", "PL", None, "0", False),  # a consumer: no reverse charge
    ("CZ", "PL", "PL5260001246", "21", False),  # VAT charged by the seller
    ("CZ", "CZ", "CZ87654321", "0", False),  # domestic
    ("CZ", "US", "US123", "0", False),  # export outside the EU
    ("FR", None, "EL123456789", "0", True),  # country from the VAT id (EL is Greece)
])
def test_reverse_charge_only_for_a_vat_registered_business_in_another_member_state(seller, buyer, vat_id, rate,
                                                                                   expected):
    inv = _invoice("X", [("A", "Widget", "pcs", "1", "10", rate)], "EUR", Customer("C"), date(2026, 11, 30))
    assert legal.is_reverse_charge(inv.draft, seller, buyer, vat_id) is expected


def test_a_credit_note_needs_a_reason_and_cannot_predate_its_invoice():
    inv = _invoice("X", [("A", "Widget", "pcs", "1", "10", "21")], "EUR", Customer("C"), date(2026, 11, 30))
    with pytest.raises(ValueError):
        legal.credit_note(inv, "CN", date(2026, 11, 30), "  ")
    with pytest.raises(ValueError):
        legal.credit_note(inv, "CN", date(2026, 11, 29), "returned")
    with pytest.raises(ValueError):
        legal.credit_note(inv, "CN", date(2026, 11, 30), "returned", lines=[7])


# --- the per-rate breakdown against a plainly written reference -------------------------------

def _reference_breakdown(lines: list[tuple[Decimal, Decimal, Decimal]]) -> dict[Decimal, tuple]:
    """Per rate: each line's net = qty x price rounded to cents, VAT = net x rate / 100 rounded
    half up; the rate's figures are the sums of its lines' rounded figures."""
    cent = Decimal("0.01")
    out: dict[Decimal, list[Decimal]] = {}
    for qty, price, rate in lines:
        net = (qty * price).quantize(cent, ROUND_HALF_UP)
        tax = (net * rate / 100).quantize(cent, ROUND_HALF_UP)
        row = out.setdefault(rate, [Decimal(0), Decimal(0), Decimal(0)])
        row[0] += net
        row[1] += tax
        row[2] += net + tax
    return {rate: tuple(v) for rate, v in out.items()}


_RATES = st.sampled_from([Decimal(x) for x in ("0", "5", "5.5", "8", "10", "12", "20", "21", "23")])
_LINES = st.lists(st.tuples(st.decimals("0.001", "500", places=3), st.decimals("0.01", "9999.99", places=2), _RATES),
                  min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(_LINES)
def test_vat_breakdown_matches_the_reference_and_totals_are_sums_of_rounded_parts(lines):
    built = [invoice_line(n, "S", "x", "pcs", q, p, ZERO, r, "EUR") for n, (q, p, r) in enumerate(lines, 1)]
    rows = legal.vat_breakdown(built)
    ref = _reference_breakdown(lines)
    assert {r.rate: (r.net, r.tax, r.gross) for r in rows} == ref
    assert sum(r.net for r in rows) == sum(x.net for x in built)
    assert sum(r.tax for r in rows) == sum(x.tax for x in built)
    assert sum(r.gross for r in rows) == sum(x.total for x in built)
    inv = Invoice("N", date(2026, 1, 1), date(2026, 1, 1), DraftInvoice(
        "O", "C", "EUR", tuple(built), sum((x.net for x in built), ZERO), sum((x.tax for x in built), ZERO),
        sum((x.total for x in built), ZERO)))
    note = legal.credit_note(inv, "CN", date(2026, 1, 2), "returned")
    assert {r.rate: (r.net, r.tax, r.gross) for r in legal.vat_breakdown(note.draft.lines)} == {
        rate: (-a, -b, -c) for rate, (a, b, c) in ref.items()}
    assert note.draft.total == -inv.draft.total


# --- end to end: addresses read from master data in five languages, printed by the orders job ---

_ADDRESS_SHEETS = {
    # language: sheet name, headers (id, name, language, country, VAT id, street, postal code, city), row
    "cs": ("Zákazníci", ["Kód zákazníka", "Název", "Jazyk", "Země", "DIČ", "Ulice", "PSČ", "Město"],
           ["C001", "Stavebniny Dvořák s.r.o.", "cs", "CZ", "CZ87654321", "Masarykova 25", "602 00", "Brno"]),
    "pl": ("Odbiorcy", ["Nr klienta", "Nazwa", "Język", "Kraj", "NIP", "Ulica", "Kod pocztowy", "Miejscowość"],
           ["C002", "Hurtownia Wiśniewski sp. z o.o.", "pl", "PL", "PL5260001246", "ul. Długa 44/46", "00-241",
            "Łódź"]),
    "fr": ("Clients", ["Code client", "Raison sociale", "Langue", "Pays", "N° TVA", "Adresse", "Code postal",
                       "Ville"],
           ["C003", "Quincaillerie Lefèvre SARL", "fr", "FR", "FR83404833048", "8 avenue Jean Jaurès", "69007",
            "Lyon"]),
    "es": ("Clientes", ["Código de cliente", "Nombre", "Idioma", "País", "NIF", "Dirección", "Código postal",
                        "Ciudad"],
           ["C004", "Ferretería Núñez S.L.", "es", "ES", "ESB12345678", "Calle de Alcalá 48", "28014", "Madrid"]),
    "en": ("Customers", ["Customer ID", "Name", "Language", "Country", "VAT number", "Street", "Postal code",
                         "City"],
           ["C005", "Acme Trading Ltd", "en", "IE", "IE6388047V", "1 Grand Canal Street", "D02 X576", "Dublin"]),
}


def test_the_orders_job_prints_addresses_read_from_master_data_in_five_languages(workspace):
    from conftest import write_workbook
    from test_orders_support import ITEMS, order_sheet, row, run, seed_books

    seed_books(workspace, customers=())
    drops = [write_workbook(workspace.inbox / "books" / f"customers-{lang}.xlsx", {sheet: [headers, values]})
             for lang, (sheet, headers, values) in _ADDRESS_SHEETS.items()]
    assert all(r["status"] == "done" for r in run(workspace, *drops))
    sheet = order_sheet(workspace.inbox / "orders" / "orders.xlsx",
                        [row(f"SO-{n}", values[0], ITEMS[0][0], 1) for n, (_, _, values) in
                         enumerate(_ADDRESS_SHEETS.values(), start=1)])
    (result,) = run(workspace, sheet)
    assert result["status"] == "done", result
    pdf_paths = [workspace.root / o for o in result["outputs"] if o.endswith(".pdf") and "/invoices/" in o]
    assert len(pdf_paths) == 5
    texts = []
    for path in pdf_paths:
        with pdfplumber.open(path) as pdf:
            texts.append(_squash("\n".join(page.extract_text() or "" for page in pdf.pages)))
    for lang, (_, _, values) in _ADDRESS_SHEETS.items():
        _, name, _, country, vat_id, street, postal_code, city = values
        (text,) = [t for t in texts if _squash(name) in t]
        land = babel_locale(lang).territories[country]
        for element in (street, f"{postal_code} {city}", land, vat_id, "Vodičkova 1", "110 00 Praha 1"):
            assert _squash(element) in text, (lang, element)
