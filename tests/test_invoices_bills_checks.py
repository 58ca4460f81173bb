"""Checks, supplier matching, PO matching and the bill decision: pure functions over values."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from hypothesis import given, strategies as st

from backoffice_auto.invoices.bills.entry import as_credit_note, bill_dates, decide, format_bill_id
from backoffice_auto.invoices.bills.checks import (
    check_dates, check_iban, check_invoice, check_lines, check_tax_rates, check_totals, find_duplicate,
    normalize_number, plausible_rate,
)
from backoffice_auto.invoices.bills.matching import match_purchase_order
from backoffice_auto.invoices.extract.model import ExtractedInvoice, InvoiceLine, SupplierInfo
from backoffice_auto.invoices.bills.review import review_findings
from backoffice_auto.invoices.bills.suppliers import match_supplier, name_score, same_vat

GOOD_IBAN = "CZ6508000000192000145399"
OTHER_IBAN = "DE89370400440532013000"

SUPPLIERS = [
    {"supplier_id": "S01", "name": "Acme Trading s.r.o.", "country": "CZ", "vat_id": "CZ12345678", "iban": GOOD_IBAN,
     "payment_terms": "2/10 net 30", "on_hold": False},
    {"supplier_id": "S02", "name": "Kowalski Sp. z o.o.", "country": "PL", "vat_id": "PL5260001246",
     "iban": "PL61109010140000071219812874", "payment_terms": "net 30 eom", "on_hold": False},
    {"supplier_id": "S03", "name": "Apex Industries GmbH", "country": "DE", "vat_id": "DE811569869", "iban": OTHER_IBAN,
     "payment_terms": None, "on_hold": True},
]


def inv(**kw) -> ExtractedInvoice:
    base = dict(source="generic", supplier=SupplierInfo("Acme Trading s.r.o.", "CZ12345678", GOOD_IBAN),
                invoice_number="2026-001", issue_date=date(2026, 11, 2), due_date=date(2026, 12, 2), currency="EUR",
                net=D("100.00"), tax=D("21.00"), total=D("121.00"),
                lines=(InvoiceLine("Steel bolts M8", D("10"), D("10.00"), D("100.00"), D("21"), "SKU-0001"),))
    base.update(kw)
    return ExtractedInvoice(**base)


# --- suppliers ----------------------------------------------------------------------------

def test_supplier_by_vat_then_iban_then_name():
    assert match_supplier(SupplierInfo("Whoever", "cz 123 456 78", None), SUPPLIERS).by == "vat_id"
    m = match_supplier(SupplierInfo("Whoever", None, "PL61 1090 1014 0000 0712 1981 2874"), SUPPLIERS)
    assert (m.supplier_id, m.by) == ("S02", "iban")
    m = match_supplier(SupplierInfo("KOWALSKI SP Z O O", None, None), SUPPLIERS)
    assert (m.supplier_id, m.by) == ("S02", "name")
    assert match_supplier(SupplierInfo("Zeta Logistics Ltd", "FR40303265045", None), SUPPLIERS) is None


def test_vat_without_prefix_matches_and_names_ignore_legal_form():
    assert same_vat("12345678", "CZ12345678")
    assert not same_vat("DE12345678", "CZ12345678")
    assert name_score("ACME, s.r.o.", "Acme Trading s.r.o.") < 90 <= name_score("Acme Trading", "ACME TRADING SRO")


# --- arithmetic ---------------------------------------------------------------------------

def test_totals_and_lines_add_up():
    assert check_totals(inv()) == [] and check_lines(inv()) == []
    [f] = check_totals(inv(total=D("122.00")))
    assert (f.code, f.action) == ("totals", "review")
    [f] = check_totals(inv(total=D("122.00"), source="embedded-xml"))
    assert f.action == "hold"
    [f] = check_lines(inv(net=D("90.00"), tax=D("18.90"), total=D("108.90")))
    assert f.code == "lines_sum"


def test_gross_lines_are_a_note():
    gross = inv(lines=(InvoiceLine("Bolts", D("1"), D("121.00"), D("121.00")),))
    [f] = check_lines(gross)
    assert (f.code, f.action) == ("lines_gross", "note")


@given(st.lists(st.decimals(min_value=-1000, max_value=100000, places=2), min_size=1, max_size=20),
       st.sampled_from([D(0), D(10), D(12), D(21)]))
def test_consistent_invoices_pass_every_arithmetic_check(amounts, rate):
    lines = tuple(InvoiceLine(f"item {i}", D(1), a, a, rate) for i, a in enumerate(amounts))
    net = sum(amounts, D(0))
    tax = sum((a * rate / 100 for a in amounts), D(0)).quantize(D("0.01"))
    invoice = inv(lines=lines, net=net, tax=tax, total=net + tax)
    assert check_totals(invoice) == []
    assert check_lines(invoice) == []
    assert [f for f in check_tax_rates(invoice, "CZ") if f.action != "note"] == []


def test_tax_rates_by_country():
    assert plausible_rate(D("21"), "CZ") and plausible_rate(D("0"), "CZ") and not plausible_rate(D("19"), "CZ")
    assert plausible_rate(D("19"), "XX") is None
    bad = inv(lines=(InvoiceLine("Bolts", D("10"), D("10.00"), D("100.00"), D("19")),), tax=D("19.00"),
              total=D("119.00"))
    [f] = check_tax_rates(bad, "CZ")
    assert (f.code, f.action) == ("tax_rate", "hold")
    no_rates = inv(lines=(), tax=D("19.00"), total=D("119.00"))
    assert check_tax_rates(no_rates, "DE") == []
    assert [f.code for f in check_tax_rates(no_rates, "CZ")] == ["tax_rate"]


def test_due_before_issue():
    [f] = check_dates(inv(due_date=date(2026, 10, 1)))
    assert f.code == "dates"


# --- duplicates and bank accounts -----------------------------------------------------------

def test_duplicate_ignores_case_and_separators():
    bills = [{"bill_id": "B-000007", "supplier_id": "S01", "invoice_number": "2026 / 001"}]
    assert normalize_number("INV-2026/001") == "INV2026001"
    assert find_duplicate("2026-001", "S01", bills)["bill_id"] == "B-000007"
    assert find_duplicate("2026-001", "S02", bills) is None
    [f] = [f for f in check_invoice(inv(), SUPPLIERS[0], bills) if f.code == "duplicate"]
    assert f.action == "refuse"


def test_iban_changed_holds_and_alerts():
    [f] = check_iban(inv(supplier=SupplierInfo("Acme", None, OTHER_IBAN)), SUPPLIERS[0])
    assert (f.code, f.action, f.alert) == ("iban_changed", "hold", True)
    [f] = check_iban(inv(supplier=SupplierInfo("Acme", None, "CZ6508000000192000145398")), SUPPLIERS[0])
    assert f.code == "iban_invalid"
    assert check_iban(inv(), SUPPLIERS[0]) == []


def test_supplier_on_hold_holds_the_bill():
    codes = {f.code for f in check_invoice(inv(supplier=SupplierInfo("Apex", "DE811569869", OTHER_IBAN), lines=(),
                                               tax=D("19.00"), total=D("119.00")), SUPPLIERS[2], [])}
    assert codes == {"supplier_on_hold"}


# --- purchase orders ------------------------------------------------------------------------

PO = [
    {"po_number": "PO-2026-001", "line": 1, "supplier_id": "S01", "sku": "SKU-0001", "description": "Steel bolts M8",
     "quantity": D("10"), "unit_price": D("10.00"), "received_quantity": D("10")},
    {"po_number": "PO-2026-001", "line": 2, "supplier_id": "S01", "sku": "SKU-0002", "description": "Washers 8 mm",
     "quantity": D("100"), "unit_price": D("0.50"), "received_quantity": D("40")},
    {"po_number": "PO-2026-002", "line": 1, "supplier_id": "S02", "sku": "SKU-0009", "description": "Pallet wrap",
     "quantity": D("5"), "unit_price": D("20.00"), "received_quantity": D("5")},
]


def test_po_by_number_within_tolerance():
    match, found = match_purchase_order(inv(po_number="po 2026 001"), "S01", PO, mode="three_way")
    assert match.po_number == "PO-2026-001" and [f.code for f in found] == ["po_matched"]


def test_po_by_items_when_no_number():
    line = InvoiceLine("STEEL BOLTS, M8 zinc", D("10"), D("10.00"), D("100.00"), D("21"))
    match, found = match_purchase_order(inv(lines=(line,)), "S01", PO)
    assert match.po_number == "PO-2026-001" and match.by == "items"


def test_po_price_outside_tolerance_holds():
    line = InvoiceLine("Steel bolts M8", D("10"), D("10.50"), D("105.00"), D("21"), "SKU-0001")
    _, found = match_purchase_order(inv(lines=(line,), net=D("105.00"), tax=D("22.05"), total=D("127.05")), "S01", PO,
                                    price_tolerance_pct=D(2))
    assert {f.code for f in found if f.action == "hold"} == {"po_price", "po_amount"}
    _, found = match_purchase_order(inv(lines=(line,), net=D("105.00")), "S01", PO, price_tolerance_pct=D(5),
                                    amount_tolerance=D(5))
    assert [f.action for f in found] == ["note"]


def test_three_way_needs_received_quantity():
    line = InvoiceLine("Washers 8 mm", D("100"), D("0.50"), D("50.00"), D("21"), "SKU-0002")
    invoice = inv(lines=(line,), net=D("50.00"), tax=D("10.50"), total=D("60.50"), po_number="PO-2026-001")
    _, two = match_purchase_order(invoice, "S01", PO, mode="two_way")
    _, three = match_purchase_order(invoice, "S01", PO, mode="three_way")
    assert [f.code for f in two] == ["po_matched"]
    assert "po_received" in {f.code for f in three}


def test_po_of_another_supplier_or_unknown_holds():
    _, found = match_purchase_order(inv(po_number="PO-2026-002"), "S01", PO)
    assert [f.code for f in found] == ["po_other_supplier"]
    _, found = match_purchase_order(inv(po_number="PO-9999"), "S01", PO)
    assert [f.code for f in found] == ["po_not_found"]
    _, found = match_purchase_order(inv(lines=(InvoiceLine("Consulting"),)), "S01", PO, require_po=True)
    assert [f.code for f in found] == ["po_missing"]


# --- deciding and dating the bill -----------------------------------------------------------

def test_decision_order():
    assert decide([]).status == "scheduled"
    held = decide(check_iban(inv(supplier=SupplierInfo("Acme", None, OTHER_IBAN)), SUPPLIERS[0]))
    assert held.action == "enter" and held.status == "on_hold" and "differs" in held.hold_reason
    assert len(held.alerts) == 1
    assert decide(check_totals(inv(total=D("1")))).action == "review"


def test_dates_from_invoice_then_supplier_terms():
    d = bill_dates(inv(), SUPPLIERS[0], "net 30", date(2026, 11, 5))
    assert (d.due_date, d.discount_date, d.discount_amount) == (date(2026, 12, 2), date(2026, 11, 12), D("2.42"))
    d = bill_dates(inv(due_date=None), SUPPLIERS[1], "net 14", date(2026, 11, 5))
    assert d.due_date == date(2026, 12, 30) and d.discount_date is None
    d = bill_dates(inv(due_date=None, payment_terms="net 14"), SUPPLIERS[1], "net 30", date(2026, 11, 5))
    assert d.due_date == date(2026, 11, 16)
    assert format_bill_id(1) == "B-000001"


def test_credit_note_amounts_become_negative():
    note = as_credit_note(inv(document_type="credit_note"))
    assert (note.net, note.tax, note.total, note.lines[0].amount) == (D("-100.00"), D("-21.00"), D("-121.00"),
                                                                       D("-100.00"))
    assert as_credit_note(note) == note
    assert check_totals(note) == [] and check_lines(note) == []
    d = bill_dates(note, SUPPLIERS[0], "net 30", date(2026, 11, 5))
    assert d.discount_amount is None


def test_review_when_unsure_or_unknown():
    assert review_findings(inv(), True, 0.8, ["total"]) == []
    codes = [f.code for f in review_findings(inv(confidence={"total": 0.4}, invoice_number=None), False, 0.8,
                                             ["total", "net"])]
    assert codes == ["unknown_supplier", "missing", "low_confidence"]


def test_invoice_without_lines_is_compared_with_the_order_value():
    def bare(net):
        return inv(lines=(), po_number="PO-2026-001", net=D(net), tax=None, total=None)

    # ordered: 10 x 10.00 + 100 x 0.50 = 150.00; received: 10 x 10.00 + 40 x 0.50 = 120.00
    _, found = match_purchase_order(bare("150.50"), "S01", PO, mode="two_way")
    assert [f.code for f in found] == ["po_matched"]
    _, found = match_purchase_order(bare("160.00"), "S01", PO, mode="two_way")
    assert [f.code for f in found] == ["po_matched", "po_value"] and "ordered value 150.00" in found[1].problem.text()
    _, found = match_purchase_order(bare("150.50"), "S01", PO, mode="three_way")
    assert "received value 120.00" in found[1].problem.text()


@given(st.decimals(min_value=D("0.01"), max_value=D("10000"), places=2), st.integers(0, 400),
       st.sampled_from([D(0), D(1), D(2), D("2.5")]))
def test_price_hold_exactly_when_outside_tolerance(ordered, bp_change, tolerance):
    price = (ordered * (1 + D(bp_change) / 10000)).quantize(D("0.01"))
    po = [{"po_number": "P1", "line": 1, "supplier_id": "S01", "sku": "X", "description": "x",
           "quantity": D(1), "unit_price": ordered, "received_quantity": D(1)}]
    line = InvoiceLine("x", D(1), price, price, D(21), "X")
    _, found = match_purchase_order(inv(lines=(line,), net=price, po_number="P1"), "S01", po,
                                    price_tolerance_pct=tolerance, amount_tolerance=D(10**6))
    held = any(f.code == "po_price" for f in found)
    diff = (abs(price - ordered) / ordered * 100).quantize(D("0.01"))
    assert held == (diff > tolerance)


def test_rules_refuse_unknown_review_field_and_bad_default_terms():
    import pytest
    from pydantic import ValidationError

    from backoffice_auto.invoices.rules_model import InvoicesRules

    with pytest.raises(ValidationError, match="unknown field 'totl'"):
        InvoicesRules.model_validate({"review": {"fields": ["totl"]}})
    with pytest.raises(ValidationError, match="net 30"):
        InvoicesRules.model_validate({"default_payment_terms": "thirty days"})
    rules = InvoicesRules.model_validate({"matching": {"mode": "three_way", "amount_tolerance": "1.00"}})
    assert rules.matching.amount_tolerance == D("1.00")


def test_earlier_bills_on_the_same_order_count():
    first = inv(lines=(InvoiceLine("Washers 8 mm", D("30"), D("0.50"), D("15.00"), D("21"), "SKU-0002"),),
                net=D("15.00"), tax=D("3.15"), total=D("18.15"), po_number="PO-2026-001")
    second = replace(first, invoice_number="2026-002")
    _, found = match_purchase_order(second, "S01", PO, mode="three_way", previous={"PO-2026-001": [first]})
    [held] = [f for f in found if f.code == "po_received"]
    assert "30 invoiced now and 30 before, but only 40 received" in held.problem.text()
    _, found = match_purchase_order(second, "S01", PO, mode="two_way", previous={"PO-2026-001": [first]})
    assert [f.code for f in found] == ["po_matched"]  # 60 of 100 ordered
    bare = replace(second, lines=(), net=D("150.00"))
    _, found = match_purchase_order(bare, "S01", PO, mode="two_way", previous={"PO-2026-001": [first]})
    assert "and 15.00 invoiced before exceed the ordered value 150.00" in found[-1].problem.text()
