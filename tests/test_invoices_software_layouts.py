"""Invoices laid out as Czech, Polish, Spanish, French and UK invoicing software prints them
(tests/invoice_software.py), read by the template-free reader and taken through the real
pipeline: what an outside tester found wrong, one test per rule the reader now follows.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from backoffice_auto.books.store import Store
from backoffice_auto.invoices.bills.handler import handlers as invoice_handlers
from backoffice_auto.invoices.extract.read import extract_invoice
from backoffice_auto.pipeline.runner import Pipeline
from invoice_software import czech, english, french, polish, spanish, two_invoices, with_delivery_note
from test_invoices_extract_support import invoice_pdf
from conftest import set_workspace_language


def read(built):
    data, _truth = built
    return extract_invoice(data, "software.pdf", use_embedded=False)


def field(inv, name):
    if name.startswith("supplier."):
        return getattr(inv.supplier, name.split(".", 1)[1])
    return inv.payable if name == "payable" else getattr(inv, name)


def wrong(built, names=None) -> dict:
    """{field: (read, right)} for every field of the truth (or `names`) read wrong."""
    inv = read(built)
    truth = built[1]
    return {k: (field(inv, k), v) for k, v in truth.items()
            if (names is None or k in names) and field(inv, k) != v}


def process(workspace, built, name="invoice.pdf", language="en", supplier=True):
    """The PDF through the pipeline of a workspace whose books know the supplier (by the
    truth's name, VAT id and IBAN); returns the job result and the bills."""
    data, truth = built
    set_workspace_language(workspace, language)
    store = Store(workspace.db_path)
    if supplier:
        with store.transaction() as books:
            books.upsert_many("suppliers", [{"supplier_id": "S1", "name": truth["supplier.name"],
                                             "vat_id": truth.get("supplier.vat_id"),
                                             "iban": truth.get("supplier.iban")}])
    store.close()
    path = workspace.inbox / "invoices" / name
    path.write_bytes(data)
    pipeline = Pipeline(workspace, handlers=invoice_handlers())
    try:
        result = pipeline.process_paths([path])[0]
    finally:
        pipeline.store.close()
    store = Store(workspace.db_path)
    with store.transaction() as books:
        bills = books.rows("bills")
    store.close()
    return result, bills


# --- Czech: the VAT recap is the only place the net and the VAT are printed ------------------

@pytest.mark.parametrize("seed", [1, 7])
def test_czech_vat_recap_rows_give_net_and_vat_and_the_rounding_the_amount_due(seed):
    built = czech(seed=seed)
    assert wrong(built) == {}
    inv = read(built)
    assert inv.rounding == D("-0.42") and inv.amount_due == D("15748")


def test_czech_credit_note_vat_recap():
    assert wrong(czech(credit=True), ("net", "tax", "total", "invoice_number", "document_type")) == {}


def test_czech_invoice_through_the_pipeline_books_its_vat(workspace):
    result, bills = process(workspace, czech(), language="cs")
    assert result.status == "done"
    (bill,) = bills
    assert (bill["net"], bill["tax"], bill["total"], bill["amount_due"]) == (
        D("13366.00"), D("2382.42"), D("15748.42"), D("15748.00"))


def test_non_vat_payer_invoice_has_zero_vat_and_net_equal_to_total():
    assert wrong(czech(payer=False)) == {}


def test_an_invoice_whose_vat_cannot_be_read_goes_to_review_not_to_the_books(workspace):
    lines = ["Stavebniny Horák s.r.o.", "IČO: 27082440", "Faktura č. 2026-0411", "Datum vystavení: 02.11.2026",
             "Datum splatnosti: 16.11.2026", "Sazba  Zdanitelné  Daň", "Celkem k úhradě\t12 100,00 Kč"]
    built = (invoice_pdf(lines), {"supplier.name": "Stavebniny Horák s.r.o.", "supplier.vat_id": "CZ27082440"})
    result, bills = process(workspace, built, language="cs")
    assert bills == [] and result.status == "done"
    # the Czech clerk reads the field's Czech name ("Daň"), never the code's `tax`
    assert any("přečíst Daň" in m["text"] for m in result.messages if m["level"] == "warning"), \
        result.messages


# --- Spanish: income tax withheld lowers the sum to pay, not the invoice's total ------------

@pytest.mark.parametrize("irpf", [D(15), D(7), None])
def test_irpf_withholding_is_deducted_from_the_amount_due_not_the_total(irpf):
    built = spanish(irpf=irpf)
    assert wrong(built) == {}
    inv = read(built)
    assert inv.withheld == (D("237.00") if irpf == 15 else D("110.60") if irpf == 7 else None)


def test_irpf_withholding_on_a_corrective_invoice_is_negative_like_its_amounts():
    built = spanish(credit=True)
    assert wrong(built) == {}
    assert read(built).withheld == D("-237.00")


def test_irpf_invoice_through_the_pipeline_pays_the_supplier_the_total_less_the_withholding(workspace):
    result, bills = process(workspace, spanish(), language="es")
    (bill,) = bills
    assert (bill["net"], bill["tax"], bill["total"], bill["amount_due"], bill["status"]) == (
        D("1580.00"), D("331.80"), D("1911.80"), D("1674.80"), "scheduled")
    assert any("Hacienda" in m["text"] and "237,00" in m["text"] for m in result.messages), result.messages


def test_a_bare_date_header_beside_the_number_header_is_the_issue_date_for_sure():
    inv = read(spanish())
    assert inv.confidence["issue_date"] >= 0.8


# --- UK: "Date/Tax point" is the invoice date; a delivery note's despatch date is not --------

@pytest.mark.parametrize("built", [english(), english(credit=True), with_delivery_note()],
                         ids=["invoice", "credit-note", "with-delivery-note"])
def test_uk_date_and_tax_point_is_the_issue_date(built):
    inv = read(built)
    assert inv.issue_date == built[1]["issue_date"] and inv.confidence["issue_date"] >= 0.8


# --- France: the letterhead whose block holds the VAT id is the supplier ---------------------

@pytest.mark.parametrize("credit", [False, True])
def test_the_letterhead_heading_the_vat_id_block_is_the_supplier_not_the_address_window(credit):
    assert wrong(french(credit=credit), ("supplier.name", "supplier.vat_id", "total")) == {}


# --- item tables with net, VAT and gross columns -------------------------------------------

def test_polish_item_amount_is_the_net_column_not_the_gross_and_zw_is_a_zero_rate():
    inv = read(polish())
    assert [(ln.amount, ln.tax_rate) for ln in inv.lines] == [
        (D("5868.00"), D(23)), (D("1290.00"), D(23)), (D("390.00"), D(5)), (D("800.00"), D(0))]
    assert [ln.unit_price for ln in inv.lines] == [D("48.90"), D("215.00"), D("39.00"), D("800.00")]


def test_polish_invoice_through_the_pipeline_is_not_held_for_a_rate_made_of_a_vat_amount(workspace):
    result, bills = process(workspace, polish(), language="pl")
    (bill,) = bills
    assert bill["status"] == "scheduled" and bill["total"] == D("10013.84"), (bill, result.messages)


def test_czech_items_stop_at_the_totals_heading_and_ks_after_a_quantity_is_the_unit():
    inv = read(czech(constant_symbol=False))
    assert [ln.description for ln in inv.lines] == ["Tisk letáků A5, 4/4", "Grafická příprava",
                                                    "Katalog zboží 2027 (kniha)"]
    assert inv.payment_reference == "/VS/20260153"
    assert [ln.amount for ln in read(czech(payer=False)).lines] == [D("6700.00"), D("1950.00"), D("4716.00")]


# --- one file, one invoice -----------------------------------------------------------------

@pytest.mark.parametrize("builder", [english, czech, polish, spanish, french])
def test_two_invoices_in_one_pdf_are_refused_naming_both_not_one_booked_and_one_lost(builder):
    from backoffice_auto.errors import Refusal

    data, truth = two_invoices(builder)
    with pytest.raises(Refusal) as refused:
        extract_invoice(data, "batch.pdf", use_embedded=False)
    (problem,) = refused.value.problems
    assert problem.params["first"] == truth["invoice_number"] and problem.params["first_page"] == 1
    assert problem.params["page"] == 2 and problem.source.page == 2


@pytest.mark.parametrize("built", [english(pages=2), with_delivery_note(), english(pages=2, totals_first=True)],
                         ids=["continued", "delivery-note", "totals-first"])
def test_an_invoice_over_pages_or_with_its_delivery_note_is_one_invoice(built):
    assert wrong(built, ("invoice_number", "issue_date", "net", "tax", "total")) == {}


def test_two_invoices_through_the_pipeline_are_refused_in_the_clerks_language(workspace):
    result, bills = process(workspace, two_invoices(czech), language="cs")
    assert result.status == "refused" and bills == []
    (message,) = [m for m in result.messages if m["level"] == "error"]
    assert "více než jednu fakturu" in message["text"] and "2026-0153" in message["text"], message


def test_the_original_and_its_copy_in_one_pdf_are_one_invoice():
    assert wrong(two_invoices(polish, copy=True)) == {}


# --- a balance brought forward is owed on earlier invoices, not on this one -----------------

def test_a_balance_brought_forward_is_not_paid_again_with_this_invoice():
    built = english(brought_forward=D("350.00"))
    assert wrong(built) == {}
    inv = read(built)
    assert inv.amount_due is None and inv.payable == inv.total and inv.notes


def test_a_balance_brought_forward_through_the_pipeline_enters_this_invoices_total(workspace):
    result, bills = process(workspace, english(brought_forward=D("350.00")))
    assert result.status == "done", result.messages
    (bill,) = bills
    assert bill["total"] == D("476.23") and bill["amount_due"] is None
    assert any("brought forward" in m["text"] for m in result.messages), result.messages
