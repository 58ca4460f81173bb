"""Payment terms: the text forms of DESIGN.md and the dates and discounts they give."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from backoffice_auto.terms import (
    PaymentTerms, TermsError, apply_terms, discount_amount, due_date, discount_date, month_end,
    parse_terms, try_parse_terms,
)


@pytest.mark.parametrize("text, expected", [
    ("net 30", PaymentTerms(30)),
    ("NET30", PaymentTerms(30)),
    ("2/10 net 30", PaymentTerms(30, Decimal("2"), 10)),
    ("2% / 10, net 30", PaymentTerms(30, Decimal("2"), 10)),
    ("1,5/8 net 45", PaymentTerms(45, Decimal("1.5"), 8)),
    ("net 30 eom", PaymentTerms(30, end_of_month=True)),
    ("2/10 net 30 EOM", PaymentTerms(30, Decimal("2"), 10, True)),
    ("due on receipt", PaymentTerms(0)),
])
def test_parse_forms(text, expected):
    assert parse_terms(text) == expected


@pytest.mark.parametrize("text", ["", "30 days", "net", "net thirty", "2/40 net 30", "0/10 net 30", "net -5"])
def test_unreadable_terms_are_refused(text):
    with pytest.raises(TermsError):
        parse_terms(text)
    assert try_parse_terms(text) is None


def test_net_30_from_end_of_month():
    terms = parse_terms("net 30 eom")
    assert due_date(date(2026, 1, 15), terms) == date(2026, 3, 2)
    assert due_date(date(2026, 2, 1), terms) == date(2026, 3, 30)


def test_two_ten_net_thirty_discount():
    dates = apply_terms(date(2026, 11, 2), Decimal("1210.00"), parse_terms("2/10 net 30"))
    assert dates.due_date == date(2026, 12, 2)
    assert dates.discount_date == date(2026, 11, 12)
    assert dates.discount_amount == Decimal("24.20")


def test_discount_rounds_half_up_to_minor_unit():
    terms = parse_terms("2/10 net 30")
    assert discount_amount(Decimal("0.25"), terms) == Decimal("0.01")  # 0.005 -> 0.01
    assert discount_amount(Decimal("1000"), terms, minor_digits=0) == Decimal("20")


def test_credit_note_gets_no_discount():
    dates = apply_terms(date(2026, 11, 2), Decimal("-100.00"), parse_terms("2/10 net 30"))
    assert dates.discount_amount is None and dates.discount_date is None


terms_st = st.builds(
    lambda days, disc, eom: PaymentTerms(days, *(disc(days) if disc else (None, None)), end_of_month=eom),
    st.integers(0, 120),
    st.one_of(st.none(), st.just(lambda d: (Decimal("2"), min(10, d))),
              st.just(lambda d: (Decimal("1.5"), d // 2))),
    st.booleans(),
)


@given(terms_st)
def test_text_round_trip(terms):
    if terms.has_discount and terms.discount_pct <= 0:
        return
    assert parse_terms(str(terms)) == terms


@given(terms_st, st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_dates_are_ordered(terms, issue):
    due = due_date(issue, terms)
    assert due >= issue
    if terms.end_of_month:
        assert due == month_end(issue) + timedelta(days=terms.days)
    disc = discount_date(issue, terms)
    if disc is not None:
        assert issue <= disc <= due


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.integers(1, 99))
def test_discount_never_exceeds_total_and_is_in_cents(total, pct):
    amount = discount_amount(total, PaymentTerms(30, Decimal(pct), 10))
    assert Decimal(0) <= amount <= total
    assert amount == amount.quantize(Decimal("0.01"))


def test_terms_read_as_a_sentence_in_the_customers_language():
    from backoffice_auto.terms import describe_terms, parse_terms

    assert describe_terms(parse_terms("2/10 net 30"), "en") == "2 % discount if paid within 10 days; otherwise due within 30 days"
    assert describe_terms(parse_terms("net 30 eom"), "fr") == "payable à 30 jours fin de mois"
    assert describe_terms(parse_terms("1,5/8 net 45"), "cs") == "sleva 1,5 % při platbě do 8 dnů, jinak splatné do 45 dnů"
    assert describe_terms(parse_terms("due on receipt"), "pl") == "płatne niezwłocznie po otrzymaniu"


@pytest.mark.parametrize("kwargs", [
    {"days": -1},
    {"days": 30, "discount_pct": Decimal(2)},  # a percentage without days
    {"days": 30, "discount_days": 10},  # days without a percentage
    {"days": 30, "discount_pct": Decimal(0), "discount_days": 10},
    {"days": 30, "discount_pct": Decimal(100), "discount_days": 10},
    {"days": 30, "discount_pct": Decimal("100.5"), "discount_days": 10},
    {"days": 30, "discount_pct": Decimal(2), "discount_days": 31},
])
def test_terms_that_cannot_be_are_refused_when_made(kwargs):
    with pytest.raises(ValueError):
        PaymentTerms(**kwargs)


@pytest.mark.parametrize("kwargs", [
    {"days": 0},  # due at once
    {"days": 30, "discount_pct": Decimal("0.01"), "discount_days": 30},  # the edges that are allowed
    {"days": 30, "discount_pct": Decimal("99.99"), "discount_days": 0},
])
def test_terms_at_the_edges_are_accepted(kwargs):
    terms = PaymentTerms(**kwargs)
    assert terms.has_discount == ("discount_pct" in kwargs)
    with pytest.raises(Exception):  # frozen: terms are values
        terms.days = 5


def test_an_unreadable_text_is_carried_by_the_error():
    with pytest.raises(TermsError) as raised:
        parse_terms("net thirty")
    assert raised.value.text == "net thirty"
    assert "net thirty" in str(raised.value)
    assert try_parse_terms("net thirty") is None and try_parse_terms("  ") is None and try_parse_terms(None) is None


def test_readable_terms_are_read_by_the_lenient_reader_too():
    assert try_parse_terms("net 30") == PaymentTerms(30)
    assert try_parse_terms("  2/10 net 30 ") == PaymentTerms(30, Decimal(2), 10)


def test_apply_terms_rounds_to_cents_by_default_and_gives_small_totals_their_discount():
    # 2 % of 10.55 is 0.211: two decimals by default (EUR, CZK...), three when asked (BHD)
    terms = PaymentTerms(30, Decimal(2), 10)
    assert apply_terms(date(2026, 3, 2), Decimal("10.55"), terms).discount_amount == Decimal("0.21")
    assert str(apply_terms(date(2026, 3, 2), Decimal("10.55"), terms, minor_digits=3).discount_amount) == "0.211"
    small = apply_terms(date(2026, 3, 2), Decimal("0.50"), terms)
    assert (small.discount_date, small.discount_amount) == (date(2026, 3, 12), Decimal("0.01"))
    zero = apply_terms(date(2026, 3, 2), Decimal("0.00"), terms)
    assert (zero.discount_date, zero.discount_amount) == (date(2026, 3, 12), Decimal("0.00"))
    credit = apply_terms(date(2026, 3, 2), Decimal("-10.00"), terms)
    assert (credit.discount_date, credit.discount_amount) == (None, None)  # nothing to pay early
    with pytest.raises(Exception):  # frozen: the dates are values
        credit.due_date = date(2026, 1, 1)


def test_no_text_is_refused_with_an_empty_text():
    with pytest.raises(TermsError) as raised:
        parse_terms(None)
    assert raised.value.text == ""


def test_apply_terms_without_a_total_gives_the_dates_and_no_amount():
    dates = apply_terms(date(2026, 3, 2), None, PaymentTerms(30, Decimal(2), 10))
    assert (dates.due_date, dates.discount_date, dates.discount_amount) == (date(2026, 4, 1), date(2026, 3, 12), None)
    plain = apply_terms(date(2026, 3, 2), None, PaymentTerms(30))
    assert (plain.due_date, plain.discount_date, plain.discount_amount) == (date(2026, 4, 1), None, None)


@pytest.mark.parametrize("terms, text", [
    (PaymentTerms(45, Decimal("1.50"), 8), "1.5/8 net 45"),
    (PaymentTerms(30, Decimal("2"), 10, True), "2/10 net 30 eom"),
    (PaymentTerms(0), "net 0"),
    (PaymentTerms(60, end_of_month=True), "net 60 eom"),
])
def test_terms_print_in_their_canonical_form(terms, text):
    assert str(terms) == text
