"""The bill checks at their edges: each tolerance exactly at and just past its limit, each
missing value, each action and the values each message names (pure functions, fast).

`test_invoices_bills_checks.py` shows each check working on a typical invoice; here the
rules themselves are pinned, with the expected outcome worked out by hand in each case.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from backoffice_auto.invoices.bills.checks import (
    MSG_ACCOUNT_INVALID, MSG_IBAN_INVALID, check_dates, check_duplicate, check_iban, check_invoice, check_lines,
    check_supplier, check_tax_rates, check_totals, find_duplicate, finding, iban_problem, line_tax, lines_are_gross,
    plausible_rate,
    supplier_country, vat_rates,
)
from backoffice_auto.invoices.extract.model import ExtractedInvoice, InvoiceLine, SupplierInfo

GOOD_IBAN = "CZ6508000000192000145399"  # = Czech account 19-2000145399/0800
OTHER_IBAN = "DE89370400440532013000"
ACME = {"supplier_id": "S01", "name": "Acme", "country": "CZ", "vat_id": "CZ12345678", "iban": GOOD_IBAN,
        "on_hold": False}


def inv(**kw) -> ExtractedInvoice:
    base = dict(source="generic", supplier=SupplierInfo("Acme", "CZ12345678", GOOD_IBAN), invoice_number="2026-001",
                issue_date=date(2026, 11, 2), due_date=date(2026, 12, 2), currency="EUR",
                net=D("100.00"), tax=D("21.00"), total=D("121.00"),
                lines=(InvoiceLine("Bolts", D("10"), D("10.00"), D("100.00"), D("21")),))
    base.update(kw)
    return ExtractedInvoice(**base)


def line(amount: str | None, rate: str | None = None) -> InvoiceLine:
    return InvoiceLine("x", D(1), None, D(amount) if amount is not None else None, D(rate) if rate is not None else None)


def codes(found) -> list[tuple[str, str]]:
    return [(f.code, f.action) for f in found]


def test_a_finding_is_a_frozen_record_that_alerts_only_when_said():
    import dataclasses

    from backoffice_auto.errors import Problem
    from backoffice_auto.invoices.bills.checks import Finding

    made = Finding("totals", "review", Problem("m", level="warning"))
    assert made.alert is False and made.level == "warning"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.action = "note"  # type: ignore[misc]


def test_a_finding_carries_its_level_and_refuses_unknown_actions():
    assert [finding("x", a, "m").level for a in ("refuse", "review", "hold", "note")] == [
        "error", "warning", "warning", "info"]
    assert finding("x", "hold", "m", alert=True, a=1).problem.params == {"a": 1}
    with pytest.raises(AssertionError):
        finding("x", "delete", "m")


# --- totals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["net", "tax", "total"])
def test_totals_are_not_checked_when_one_is_missing(missing):
    values = {"net": D("100.00"), "tax": D("21.00"), "total": D("999.00"), missing: None}
    assert check_totals(inv(**values)) == []


@pytest.mark.parametrize("total, digits, found", [
    ("121.004", 2, False), ("121.005", 2, True), ("120.995", 2, True), ("120.996", 2, False),
    ("121.4", 0, False), ("121.5", 0, True), ("121.0004", 3, False), ("121.0005", 3, True),
])
def test_totals_agree_within_half_a_minor_unit(total, digits, found):
    assert bool(check_totals(inv(total=D(total)), digits)) is found


def test_totals_message_names_the_values_and_reviewed_totals_hold():
    [f] = check_totals(inv(total=D("122.00")))
    assert (f.code, f.action, f.alert, f.level) == ("totals", "review", False, "warning")
    assert f.problem.params == {"net": D("100.00"), "tax": D("21.00"), "sum": D("121.00"), "total": D("122.00")}
    assert check_totals(inv(total=D("122.00")), reviewed=True)[0].action == "hold"
    assert check_totals(inv(total=D("122.00"), source="template:acme"))[0].action == "review"


# --- lines ----------------------------------------------------------------------------------


def test_lines_are_not_checked_without_amounts_or_net():
    assert check_lines(inv(lines=(line(None),), net=D("5.00"))) == []
    assert check_lines(inv(lines=(), net=D("5.00"))) == []
    assert check_lines(inv(lines=(line("7.00"),), net=None)) == []


@pytest.mark.parametrize("amounts, net, found", [
    (["100.01"], "100.00", []),                               # one line: 0.01 allowed
    (["100.02"], "100.00", [("lines_sum", "review")]),
    (["50.01", "50.01"], "100.00", []),                       # two lines: 0.02 allowed
    (["50.01", "50.02"], "100.00", [("lines_sum", "review")]),
    (["99.98"], "100.00", [("lines_sum", "review")]),
    (["100.02", None], "100.00", [("lines_sum", "review")]),  # a line without amount allows nothing
])
def test_lines_add_up_to_the_net_within_a_cent_per_line(amounts, net, found):
    assert codes(check_lines(inv(lines=tuple(line(a) for a in amounts), net=D(net), total=None))) == found


def test_lines_adding_up_to_the_total_within_the_tolerance_are_a_note():
    assert codes(check_lines(inv(lines=(line("121.01"),)))) == [("lines_gross", "note")]
    assert codes(check_lines(inv(lines=(line("121.02"),)))) == [("lines_sum", "review")]
    assert codes(check_lines(inv(lines=(line("120.99"),)))) == [("lines_gross", "note")]
    assert codes(check_lines(inv(lines=(line("121.00"),), total=None))) == [("lines_sum", "review")]


def test_lines_message_names_the_sum_and_the_net():
    [f] = check_lines(inv(lines=(line("60.00"), line("30.00")), total=None))
    assert f.problem.params == {"sum": D("90.00"), "net": D("100.00")}
    assert check_lines(inv(lines=(line("60.00"),), total=None), reviewed=True)[0].action == "hold"
    assert check_lines(inv(lines=(line("60.00"),), total=None, source="embedded-xml"))[0].action == "hold"
    assert check_lines(inv(lines=(line("60.00"),)), tolerance_per_line=D(40)) == []


# --- tax rates ------------------------------------------------------------------------------


def test_vat_rates_table_has_zero_standard_and_reduced_rates():
    assert vat_rates()["CZ"] == frozenset({D(0), D(10), D(12), D(15), D(21)})
    assert vat_rates()["DK"] == frozenset({D(0), D(25)})


@pytest.mark.parametrize("rate, country, expected", [
    ("21", "CZ", True), ("21.01", "CZ", True), ("20.99", "cz", True), ("21.02", "CZ", False), ("20.98", "CZ", False),
    ("0", "DE", True), ("19", "CZ", False), ("19", "XX", None), ("19", None, None), ("19", "", None),
])
def test_plausible_rate_within_a_hundredth_of_a_point(rate, country, expected):
    assert plausible_rate(D(rate), country) is expected


def test_plausible_rate_tolerance_is_a_parameter():
    assert plausible_rate(D("20"), "CZ", tolerance=D(1)) is True
    assert plausible_rate(D("20"), "CZ", tolerance=D("0.99")) is False


def test_supplier_country_from_the_books_then_the_vat_ids():
    invoice = inv(supplier=SupplierInfo("X", "PL5260001246", None))
    assert supplier_country(invoice, {"country": " cze ", "vat_id": "DE811569869"}) == "CZ"
    assert supplier_country(invoice, {"country": "", "vat_id": "DE811569869"}) == "DE"
    assert supplier_country(invoice, {"country": None, "vat_id": None}) == "PL"
    assert supplier_country(invoice, None) == "PL"
    assert supplier_country(inv(supplier=SupplierInfo("X", None, None)), None) is None


def test_tax_rates_are_not_checked_for_unknown_countries():
    odd = inv(lines=(line("100.00", "19"),), tax=D("19.00"), total=D("119.00"))
    assert check_tax_rates(odd, None) == [] and check_tax_rates(odd, "") == [] and check_tax_rates(odd, "XX") == []
    assert codes(check_tax_rates(odd, "cz")) == [("tax_rate", "hold")]


def test_each_line_with_a_foreign_rate_is_held_by_its_number():
    lines = (line("50.00", "21"), line("30.00", "19"), line("20.00", "7"))
    found = check_tax_rates(inv(lines=lines, tax=D("13.80"), total=D("113.80")), "CZ")
    assert codes(found) == [("tax_rate", "hold"), ("tax_rate", "hold")]
    assert [f.problem.params for f in found] == [{"line": 2, "rate": D("19"), "country": "CZ"},
                                                 {"line": 3, "rate": D("7"), "country": "CZ"}]


@pytest.mark.parametrize("net, tax", [(None, "21.00"), ("100.00", None), ("0.00", "5.00")])
def test_tax_is_not_compared_without_net_and_tax(net, tax):
    invoice = inv(lines=(line("100.00", "21"),), net=D(net) if net else None, tax=D(tax) if tax else None,
                  total=None)
    assert check_tax_rates(invoice, "CZ") == []


@pytest.mark.parametrize("tax, found", [("21.02", False), ("21.03", True), ("20.98", False), ("20.97", True)])
def test_line_taxes_agree_with_the_tax_within_a_cent_per_line(tax, found):
    # 60.00 at 21 % = 12.60, 40.00 at 21 % = 8.40: 21.00; two lines, 0.02 allowed
    invoice = inv(lines=(line("60.00", "21"), line("40.00", "21")), tax=D(tax), total=None)
    result = check_tax_rates(invoice, "CZ")
    assert codes(result) == ([("tax_lines", "note")] if found else [])
    if found:
        assert result[0].problem.params == {"expected": D("21.00"), "tax": D(tax)}


def test_line_taxes_are_rounded_to_the_minor_unit_before_comparing():
    # 10.05 at 21 % = 2.1105 -> 2.11; a tax of 2.12 is one cent off, allowed for one line
    one = inv(lines=(line("10.05", "21"),), net=D("10.05"), tax=D("2.12"), total=None)
    assert check_tax_rates(one, "CZ") == []
    far = inv(lines=(line("10.05", "21"),), net=D("10.05"), tax=D("2.13"), total=None)
    [f] = check_tax_rates(far, "CZ")
    assert f.problem.params["expected"] == D("2.11") and str(f.problem.params["expected"]) == "2.11"
    whole = inv(lines=(line("1005", "21"),), net=D("1005"), tax=D("212"), total=None)
    assert check_tax_rates(whole, "CZ", minor_digits=0) == []  # 211.05 -> 211, one unit off
    assert codes(check_tax_rates(whole, "CZ", minor_digits=2)) == [("tax_lines", "note")]


@pytest.mark.parametrize("lines", [
    (line("100.00", "21"), line("0.00", None)),    # a line without a rate
    (line("100.00", "21"), line(None, "21")),      # a line without an amount
])
def test_line_taxes_are_only_summed_when_every_line_has_amount_and_rate(lines):
    # the tax 19.00 is 19 % of the net: no CZ rate, one line has no say, so the rate is held
    found = check_tax_rates(inv(lines=lines[:1] + lines[1:], tax=D("19.00"), total=None), "CZ")
    assert codes(found) == []  # two lines: a mixed rate between 0 % and 21 % is plausible
    single = check_tax_rates(inv(lines=(line(None, "21"),), tax=D("19.00"), total=None), "CZ")
    assert codes(single) == [("tax_rate", "hold")]


@pytest.mark.parametrize("tax, lines, found", [
    ("20.50", 0, False), ("20.49", 0, True), ("21.50", 0, False), ("21.51", 0, True), ("19.00", 0, True),
    ("19.00", 1, True), ("19.00", 2, False), ("5.00", 2, False), ("21.50", 2, False), ("21.51", 2, True),
    ("-0.50", 0, False), ("-0.51", 2, True),
])
def test_effective_rate_near_a_rate_or_a_mix_of_rates(tax, lines, found):
    invoice = inv(lines=tuple(line(None) for _ in range(lines)), tax=D(tax), total=None)
    assert codes(check_tax_rates(invoice, "CZ")) == ([("tax_rate", "hold")] if found else [])


def test_effective_rate_message_and_tolerance():
    [f] = check_tax_rates(inv(lines=(), tax=D("18.123"), total=None), "CZ")
    assert f.problem.params == {"tax": D("18.123"), "net": D("100.00"), "rate": D("18.12"), "country": "CZ"}
    assert str(f.problem.params["rate"]) == "18.12"
    assert check_tax_rates(inv(lines=(), tax=D("19.00"), total=None), "CZ", tolerance_pp=D(2)) == []
    assert check_tax_rates(inv(lines=(), tax=D("19.00"), total=None), "CZ", tolerance_pp=D("1.99")) != []


# --- dates, duplicates ----------------------------------------------------------------------


def test_due_date_before_issue_only():
    assert check_dates(inv(due_date=date(2026, 11, 2))) == []
    assert check_dates(inv(due_date=None)) == [] and check_dates(inv(issue_date=None, due_date=date(2000, 1, 1))) == []
    [f] = check_dates(inv(due_date=date(2026, 11, 1)))
    assert (f.code, f.action) == ("dates", "review")
    assert f.problem.params == {"due": "2026-11-01", "issue": "2026-11-02"}
    assert check_dates(inv(due_date=date(2026, 11, 1)), reviewed=True)[0].action == "hold"


def test_an_issue_date_after_today_is_reviewed_beyond_the_days_allowed():
    today = date(2026, 11, 2)
    assert check_dates(inv(), today=today) == []
    assert check_dates(inv(issue_date=date(2026, 11, 9), due_date=None), today=today) == []  # 7 days: allowed
    [f] = check_dates(inv(issue_date=date(2026, 11, 10), due_date=None), today=today)
    assert (f.code, f.action) == ("dates", "review")
    assert f.problem.text() == ("the issue date 2026-11-10 is after today (2026-11-02): misread, or a mistyped "
                                "year? Check it (invoices.yaml checks.future_days: 7)")
    assert check_dates(inv(issue_date=date(2026, 11, 10), due_date=None), today=today, future_days=8) == []
    assert check_dates(inv(issue_date=date(2062, 11, 2), due_date=None), today=today, reviewed=True)[0].action == "hold"
    assert check_dates(inv(issue_date=date(2062, 11, 2), due_date=None)) == []  # no today: not judged


def test_a_due_date_years_after_the_issue_date_is_reviewed():
    assert check_dates(inv(due_date=date(2027, 11, 3))) == []  # 366 days: allowed
    [f] = check_dates(inv(due_date=date(2027, 11, 4)))
    assert f.problem.text() == ("the due date 2027-11-04 is far after the issue date 2026-11-02 (invoices.yaml "
                                "checks.max_terms_days: 366): misread, or a mistyped year? Check it")
    assert check_dates(inv(due_date=date(2062, 11, 4)), max_terms_days=3660) != []
    assert check_dates(inv(due_date=date(2027, 11, 4)), max_terms_days=400) == []


def test_duplicates_need_a_number_and_a_supplier():
    bills = [{"bill_id": "B-1", "supplier_id": "S01", "invoice_number": None},
             {"bill_id": "B-2", "supplier_id": "S01", "invoice_number": "2026-001"},
             {"bill_id": "B-3", "supplier_id": "S01", "invoice_number": "2026 001"}]
    assert find_duplicate("--", "S01", bills) is None
    assert find_duplicate(None, "S01", bills) is None
    assert find_duplicate("2026-001", None, bills) is None
    assert find_duplicate("2026-001", "", bills) is None
    assert find_duplicate("2026/001", "S01", bills)["bill_id"] == "B-2"  # the first one
    assert find_duplicate("2026-0011", "S01", bills) is None
    [f] = check_duplicate(inv(), "S01", bills)
    assert (f.code, f.action, f.level) == ("duplicate", "refuse", "error")
    assert f.problem.params == {"number": "2026-001", "supplier": "S01", "bill": "B-2"}
    assert check_duplicate(inv(), "S02", bills) == []


# --- bank accounts --------------------------------------------------------------------------


def test_iban_problem_says_why():
    assert iban_problem(GOOD_IBAN) is None
    assert iban_problem("CZ6508000000192000145398") == "Invalid checksum digits"


def test_an_unread_account_is_held_when_the_books_know_one():
    unread = inv(supplier=SupplierInfo("Acme", None, None))
    [f] = check_iban(unread, ACME)
    assert (f.code, f.action, f.alert) == ("iban_unread", "hold", True)
    assert f.problem.params == {"known": GOOD_IBAN}
    [f] = check_iban(unread, {**ACME, "iban": "19-2000145399/0800"})
    assert f.problem.params == {"known": GOOD_IBAN}  # the books' national form, as an IBAN
    [f] = check_iban(unread, {**ACME, "iban": "garbage"})
    assert f.problem.params == {"known": "garbage"}
    assert check_iban(inv(supplier=SupplierInfo("Acme", None, "  ")), ACME) != []
    assert check_iban(unread, {**ACME, "iban": None}) == []
    assert check_iban(unread, None) == []


def test_a_credit_note_needs_no_account():
    unread = SupplierInfo("Acme", None, None)
    assert check_iban(inv(supplier=unread, document_type="credit_note"), ACME) == []
    assert check_iban(inv(supplier=unread, total=D("-1.00")), ACME) == []
    assert check_iban(inv(supplier=unread, total=D("0.00")), ACME) != []
    assert check_iban(inv(supplier=unread, total=None), ACME) != []


def test_an_invalid_iban_is_held_with_the_reason():
    bad = inv(supplier=SupplierInfo("Acme", None, "cz65 0800 0000 1920 0014 5398"))
    [f] = check_iban(bad, ACME)
    assert (f.code, f.action, f.alert, f.problem.message) == ("iban_invalid", "hold", True, MSG_IBAN_INVALID)
    assert f.problem.params == {"iban": "CZ6508000000192000145398", "reason": "Invalid checksum digits"}
    [f] = check_iban(bad, None)
    assert (f.code, f.alert) == ("iban_invalid", False)
    [f] = check_iban(bad, {**ACME, "iban": ""})
    assert f.alert is False


def test_a_national_account_whose_check_digits_fail_is_held():
    bad = inv(supplier=SupplierInfo("Acme", None, " 19-2000145398/0800 "))
    [f] = check_iban(bad, ACME)
    assert (f.code, f.action, f.alert, f.problem.message) == ("iban_invalid", "hold", True, MSG_ACCOUNT_INVALID)
    assert f.problem.params == {"iban": "19-2000145398/0800"}
    # letters then letters: not an IBAN's shape, so no IBAN reason either
    [f] = check_iban(inv(supplier=SupplierInfo("Acme", None, "CZAB0800000019")), None)
    assert f.problem.message == MSG_ACCOUNT_INVALID


def test_the_printed_account_is_compared_with_the_books_as_ibans():
    national = inv(supplier=SupplierInfo("Acme", None, "19-2000145399/0800"))
    assert check_iban(national, ACME) == []
    assert check_iban(inv(), {**ACME, "iban": "19-2000145399/0800"}) == []
    assert check_iban(inv(), None) == []
    [f] = check_iban(inv(), {**ACME, "iban": None})
    assert (f.code, f.action, f.alert) == ("iban_new", "note", False)
    assert f.problem.params == {"iban": GOOD_IBAN}
    [f] = check_iban(inv(), {**ACME, "iban": OTHER_IBAN})
    assert (f.code, f.action, f.alert) == ("iban_changed", "hold", True)
    assert f.problem.params == {"iban": GOOD_IBAN, "known": OTHER_IBAN}
    [f] = check_iban(inv(), {**ACME, "iban": "not an account"})
    assert f.problem.params == {"iban": GOOD_IBAN, "known": "not an account"}


# --- the supplier and the whole invoice -----------------------------------------------------


def test_supplier_on_hold():
    [f] = check_supplier({**ACME, "on_hold": True})
    assert (f.code, f.action, f.problem.params) == ("supplier_on_hold", "hold", {"supplier": "S01"})
    assert check_supplier(ACME) == [] and check_supplier(None) == [] and check_supplier({}) == []


def test_check_invoice_runs_every_check_in_order_and_passes_its_settings_on():
    bills = [{"bill_id": "B-9", "supplier_id": "S01", "invoice_number": "2026-001"}]
    bad = inv(total=D("122.00"), net=D("100.00"), lines=(line("90.00", "19"),), due_date=date(2026, 11, 1),
              supplier=SupplierInfo("Acme", None, OTHER_IBAN))
    found = check_invoice(bad, {**ACME, "on_hold": True}, bills)
    assert [f.code for f in found] == ["duplicate", "totals", "lines_sum", "tax_rate", "dates", "iban_changed",
                                       "supplier_on_hold"]
    assert [f.code for f in check_invoice(bad, None, [], tax_rates=False)] == ["totals", "lines_sum", "dates"]
    assert [(f.code, f.action) for f in check_invoice(bad, ACME, [], reviewed=True)] == [
        ("totals", "hold"), ("lines_sum", "hold"), ("tax_rate", "hold"), ("dates", "hold"), ("iban_changed", "hold")]
    assert check_invoice(inv(total=D("121.40")), ACME, [], minor_digits=0) == []
    assert check_invoice(inv(lines=(line("95.00", "21"),), tax=D("19.95"), total=D("119.95")), ACME, [],
                         tolerance_per_line=D(5)) == []
    assert check_invoice(inv(lines=(), tax=D("19.00"), total=D("119.00")), ACME, [], tax_rate_tolerance=D(2)) == []
    assert [f.code for f in check_invoice(inv(lines=(), tax=D("19.00"), total=D("119.00")), ACME, [])] == [
        "tax_rate"]


# --- what the clerk reads -------------------------------------------------------------------


def test_each_finding_reads_as_a_sentence_naming_its_values():
    bills = [{"bill_id": "B-2", "supplier_id": "S01", "invoice_number": "2026-001"}]
    texts = [
        check_totals(inv(total=D("122.00")))[0],
        check_lines(inv(lines=(line("60.00"), line("30.00")), total=None))[0],
        check_lines(inv(lines=(line("121.01"),)))[0],
        check_tax_rates(inv(lines=(line("50.00", "21"), line("30.00", "19")), tax=D("13.80"), total=None), "CZ")[0],
        check_tax_rates(inv(lines=(), tax=D("18.123"), total=None), "CZ")[0],
        check_tax_rates(inv(lines=(line("60.00", "21"), line("40.00", "21")), tax=D("21.03"), total=None), "CZ")[0],
        check_dates(inv(due_date=date(2026, 11, 1)))[0],
        check_duplicate(inv(), "S01", bills)[0],
        check_iban(inv(supplier=SupplierInfo("Acme", None, "cz65 0800 0000 1920 0014 5398")), ACME)[0],
        check_iban(inv(), {**ACME, "iban": OTHER_IBAN})[0],
        check_iban(inv(), {**ACME, "iban": None})[0],
        check_iban(inv(supplier=SupplierInfo("Acme", None, None)), ACME)[0],
        check_iban(inv(supplier=SupplierInfo("Acme", None, " 19-2000145398/0800 ")), ACME)[0],
        check_supplier({**ACME, "on_hold": True})[0],
    ]
    assert [f.problem.text() for f in texts] == [
        "net 100.00 plus tax 21.00 is 121.00, but the total says 122.00",
        "the lines add up to 90.00, but the net amount is 100.00",
        "the lines add up to the total (gross prices), not to the net amount",
        "line 2: a VAT rate of 19 % is not used in CZ",
        "tax 18.123 on net 100.00 is 18.12 %, not a VAT rate of CZ",
        "the tax of the lines is 21.00, but the invoice says 21.03",
        "the due date 2026-11-01 is before the issue date 2026-11-02",
        "invoice 2026-001 of supplier S01 is already in the books as bill B-2",
        "the IBAN CZ6508000000192000145398 on the invoice is not valid: Invalid checksum digits",
        "the IBAN CZ6508000000192000145399 on the invoice differs from the supplier's IBAN in the books "
        "(DE89370400440532013000); confirm the change with the supplier by phone before paying",
        "the supplier has no IBAN in the books; the invoice gives CZ6508000000192000145399",
        "no bank account could be read from the invoice, but the books know the supplier's account "
        "CZ6508000000192000145399; confirm the account with the supplier before paying",
        "the bank account 19-2000145398/0800 on the invoice is not valid: its check digits do not agree with "
        "the account number",
        "supplier S01 is on hold in the books",
    ]


def test_the_messages_other_steps_raise_read_as_sentences():
    from backoffice_auto.invoices.bills.checks import (
        MSG_BAD_CURRENCY, MSG_CREDIT_NOTE, MSG_LOW_CONFIDENCE, MSG_MISSING_FIELD, MSG_UNKNOWN_SUPPLIER,
    )

    made = [finding("credit_note", "note", MSG_CREDIT_NOTE), finding("currency", "review", MSG_BAD_CURRENCY, currency="EUX"),
            finding("missing", "review", MSG_MISSING_FIELD, field="total"),
            finding("low_confidence", "review", MSG_LOW_CONFIDENCE, field="total", value="121.00", confidence=40),
            finding("unknown_supplier", "review", MSG_UNKNOWN_SUPPLIER, name="Zeta", vat_id="FR40303265045", iban="-")]
    assert [f.problem.text() for f in made] == [
        "credit note: the amounts are entered as negative", "the currency EUX is not a known currency code",
        "no total could be read from the invoice", "the total read as 121.00 is uncertain (40 %)",
        "the supplier Zeta (VAT id FR40303265045, IBAN -) is not in the books"]


def test_totals_agree_to_the_cent_by_default():
    assert check_totals(inv(total=D("121.004"))) == []
    assert check_totals(inv(total=D("121.005"))) != []


def test_a_national_account_is_read_in_the_suppliers_country():
    # `number/bank code` is Czech or Slovak: 1100 is a Slovak bank, so the supplier's country decides
    slovak = {"supplier_id": "S09", "country": "SK", "iban": None}
    [f] = check_iban(inv(supplier=SupplierInfo("Tatra", None, "2000145399/1100")), slovak)
    assert (f.code, f.problem.params) == ("iban_new", {"iban": "SK4611000000002000145399"})
    known = {**slovak, "iban": "2000145399/1100"}
    assert check_iban(inv(supplier=SupplierInfo("Tatra", None, "SK4611000000002000145399")), known) == []


def test_only_an_iban_shape_gets_the_iban_reason():
    # two letters then two digits is an IBAN's start: schwifty says what is wrong with the rest
    [f] = check_iban(inv(supplier=SupplierInfo("Acme", None, "CZ65 X800 0000 1920 0014 5399")), None)
    assert f.problem.message == MSG_IBAN_INVALID and f.problem.params["iban"] == "CZ65X8000000192000145399"
    assert "BBAN" in f.problem.params["reason"]
    # a letter where the check digits belong: not an IBAN, so no IBAN reason
    [f] = check_iban(inv(supplier=SupplierInfo("Acme", None, "CZA50800000019")), None)
    assert (f.problem.message, f.problem.params) == (MSG_ACCOUNT_INVALID, {"iban": "CZA50800000019"})


def test_check_invoice_defaults_are_cents_and_not_reviewed():
    assert check_invoice(inv(total=D("121.004")), ACME, []) == []
    assert codes(check_invoice(inv(total=D("122.00")), ACME, [])) == [("totals", "review")]


# --- gross-priced lines: which total the lines add up to, and the tax they carry -------------

def priced(*lines: tuple[str | None, str | None], net: str | None, total: str | None) -> ExtractedInvoice:
    """An invoice whose lines are (amount, rate) pairs; None where the reader found nothing."""
    return ExtractedInvoice("generic", SupplierInfo("Acme"), net=None if net is None else D(net),
                            total=None if total is None else D(total),
                            lines=tuple(InvoiceLine("x", None, None, None if a is None else D(a),
                                                    None if r is None else D(r)) for a, r in lines))


def test_lines_adding_up_to_the_total_with_no_net_printed_are_gross():
    # 60.50 + 60.50 = 121.00 = the total; no net to compare with.
    assert lines_are_gross(priced(("60.50", "21"), ("60.50", "21"), net=None, total="121.00")) is True


def test_lines_that_are_both_the_net_and_the_total_are_net_prices():
    # Zero-rated: net = total = 100.00 = the lines. Near the net wins: not gross.
    assert lines_are_gross(priced(("40.00", "0"), ("60.00", "0"), net="100.00", total="100.00")) is False


def test_the_tolerance_is_one_cent_per_line_and_its_edge_counts():
    # Four lines, 0.04 allowed: lines 121.04 against a total of 121.00 are still gross ...
    four = [("30.26", "21")] * 4
    assert lines_are_gross(priced(*four, net="100.00", total="121.00")) is True
    # ... 121.05 is not.
    assert lines_are_gross(priced(*four[:3], ("30.27", "21"), net="100.00", total="121.00")) is False
    # Two lines exactly 0.02 from the net and 0.00 from the total: near the net (edge included), net prices.
    assert lines_are_gross(priced(("50.00", "0"), ("50.02", "0"), net="100.00", total="100.02")) is False


def test_line_tax_skips_lines_without_an_amount_or_a_rate_and_goes_on():
    # The first two lines lack a rate or an amount: only 100.00 at 21 % counts, 21.00.
    invoice = priced(("5.00", None), (None, "21"), ("100.00", "21"), net="105.00", total="126.00")
    assert line_tax(invoice) == D("21.00")


def test_line_tax_is_rounded_to_cents_by_default():
    # 10.01 at 21 % = 2.1021 -> 2.10 (two digits unless told otherwise), 2.102 with three.
    invoice = priced(("10.01", "21"), net="10.01", total="12.11")
    assert str(line_tax(invoice)) == "2.10"
    assert str(line_tax(invoice, minor_digits=3)) == "2.102"
