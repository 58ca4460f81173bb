"""VAT by place of supply on the invoices the orders job issues.

Goods sold by a company in the EU: 0 % to a business in another member state whose VAT id
is valid (with the reverse-charge mention) and to a customer outside the EU (with the export
mention); the items' rates at home, to consumers elsewhere in the EU, to a business whose
VAT id fails its check digits, and when our own country is not in the EU. A plainly written
reference decides the same as `placeofsupply.vat_treatment` (hypothesis), and one order
sheet through the real pipeline shows it on the books and the printed invoices.
"""

from __future__ import annotations

from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.books.store import Store
from backoffice_auto.orders.placeofsupply import valid_eu_vat_id, vat_treatment
from test_orders_support import D, books, order_sheet, output, row, run, seed_books

MEMBER_STATES = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
                 "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
# VAT ids whose check digits are right, by member state (Greece's prefix is EL)
VALID = {"DE": "DE136695976", "PL": "PL5260001246", "FR": "FR83404833048", "GR": "EL094259216",
         "ES": "ESB58378431", "AT": "ATU13585627", "CZ": "CZ25123891", "SK": "SK2022749619"}
INVALID = ["DE136695977", "PL5260001247", "FR00404833048", "CZ87654321", "XX123", "DE", "", "  "]


def reference(seller: str | None, buyer: str | None, vat_id: str | None) -> str:
    """The rule as an accountant states it, with nothing clever."""
    seller = (seller or "").upper()
    if seller not in MEMBER_STATES:
        return "domestic"  # EU VAT does not decide a seller outside the EU
    country = (buyer or "").upper()
    if len(country) != 2 or not country.isalpha():  # not an ISO code: the VAT id's prefix, if any
        country = vat_id.strip()[:2].upper() if vat_id and vat_id.strip()[:2].isalpha() else ""
    if country == "EL":
        country = "GR"
    if not country or country == seller:
        return "domestic"
    if country not in MEMBER_STATES:
        return "export"
    if vat_id in VALID.values() and VALID.get(country) == vat_id:
        return "intra_eu"  # a business registered in the customer's member state
    return "domestic"  # a consumer, or an id that is not one of that state


countries = st.sampled_from(MEMBER_STATES + ["US", "CH", "GB", "NO", "cz", "de", None, "", "Germany", "X1"])
vat_ids = st.sampled_from(list(VALID.values()) + INVALID + [None])


@settings(max_examples=400, deadline=None)
@given(countries, countries, vat_ids)
def test_treatment_is_the_reference(seller, buyer, vat_id):
    assert vat_treatment(seller, buyer, vat_id) == reference(seller, buyer, vat_id)


def test_vat_ids_are_checked_for_the_customers_country():
    assert valid_eu_vat_id("DE136695976", "DE")
    assert valid_eu_vat_id("136695976", "DE")  # written without its prefix
    assert valid_eu_vat_id("EL094259216", "GR")
    assert not valid_eu_vat_id("DE136695976", "AT")  # another state's id
    assert not valid_eu_vat_id("DE136695977", "DE")  # wrong check digit
    assert not valid_eu_vat_id(None, "DE")


@pytest.mark.parametrize("seller,buyer,vat_id,expected", [
    ("CZ", "DE", "DE136695976", "intra_eu"),
    ("CZ", "DE", None, "domestic"),  # a German consumer: Czech VAT (no OSS rates in the rules)
    ("CZ", "DE", "DE136695977", "domestic"),  # the id fails its check digit
    ("CZ", "US", None, "export"),
    ("CZ", "CZ", "CZ25123891", "domestic"),
    ("CZ", None, "EL094259216", "intra_eu"),  # the country from the id's prefix
    ("CH", "DE", "DE136695976", "domestic"),  # a Swiss seller: not EU VAT
    (None, "DE", "DE136695976", "domestic"),
    ("CZ", "Germany", None, "domestic"),  # not a code: never taken for a country outside the EU
    ("CZ", "Germany", "DE136695976", "intra_eu"),  # the VAT id says where
])
def test_examples(seller, buyer, vat_id, expected):
    assert vat_treatment(seller, buyer, vat_id) == expected


def _pdf_text(path) -> str:
    pdf = pdfium.PdfDocument(path.read_bytes())
    return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def _customers(ws, rows) -> None:
    store = Store(ws.db_path)
    try:
        with store.transaction() as b:
            b.upsert_many("customers", [dict(zip(("customer_id", "name", "email", "language", "country", "vat_id",
                                                  "payment_terms"), r)) for r in rows])
    finally:
        store.close()


def _invoices(ws) -> dict[str, dict]:
    store, b = books(ws)
    try:
        return {i["order_id"]: i for i in b.rows("sales_invoices")}
    finally:
        store.close()


def test_an_order_sheet_invoices_by_place_of_supply(workspace):
    seed_books(workspace)
    _customers(workspace, [
        ("B-DE", "Müller Handels GmbH", None, "en", "DE", "DE136695976", "net 30"),
        ("B-US", "Acme Supply Inc.", None, "en", "US", None, "net 30"),
        ("B-FR", "Jeanne Martin", None, "fr", "FR", None, "net 30"),  # a consumer
        ("B-AT", "Bad Id GmbH", None, "en", "AT", "ATU13585628", "net 30"),  # check digit wrong
    ])
    sheet = order_sheet(workspace.inbox / "orders" / "export.xlsx", [
        row("SO-DE", "B-DE", "SKU-B", 1), row("SO-US", "B-US", "SKU-B", 1),
        row("SO-FR", "B-FR", "SKU-A", 1), row("SO-AT", "B-AT", "SKU-A", 1)])
    (result,) = run(workspace, sheet)
    assert result["status"] == "done", result
    invoices = _invoices(workspace)
    assert (invoices["SO-DE"]["net"], invoices["SO-DE"]["tax"]) == (D("3.35"), D("0.00"))
    assert (invoices["SO-US"]["net"], invoices["SO-US"]["tax"]) == (D("3.35"), D("0.00"))
    assert (invoices["SO-FR"]["net"], invoices["SO-FR"]["tax"]) == (D("12.50"), D("2.63"))  # 21 %
    assert invoices["SO-AT"]["tax"] == D("2.63")
    text = {oid: _pdf_text(output(workspace, result, f"{inv['invoice_number']}.pdf"))
            for oid, inv in invoices.items()}
    assert "Reverse charge" in text["SO-DE"] and "Article 146" not in text["SO-DE"]
    assert "Export of goods exempt from VAT (Article 146" in text["SO-US"] and "Reverse charge" not in text["SO-US"]
    assert "Reverse charge" not in text["SO-FR"] and "Article 146" not in text["SO-FR"]


def test_the_rule_can_keep_the_items_rates(workspace):
    seed_books(workspace)
    _customers(workspace, [("B-DE", "Müller Handels GmbH", None, "en", "DE", "DE136695976", "net 30")])
    rules = workspace.rules_dir / "orders.yaml"  # the sample rules, as `init` writes them
    text = rules.read_text()
    assert "  vat_by_place_of_supply: true\n" in text
    rules.write_text(text.replace("  vat_by_place_of_supply: true\n", "  vat_by_place_of_supply: false\n"))
    sheet = order_sheet(workspace.inbox / "orders" / "de.xlsx", [row("SO-DE", "B-DE", "SKU-B", 1)])
    (result,) = run(workspace, sheet)
    assert result["status"] == "done", result
    assert _invoices(workspace)["SO-DE"]["tax"] == Decimal("0.70")  # 21 % of 3.35
