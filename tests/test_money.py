"""Money arithmetic: minor units, half-up rounding, splits that add up, local numbers."""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, Inexact, getcontext, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.money import (
    UnknownCurrency,
    from_minor,
    minor_digits,
    parse_decimal,
    percent_of,
    quantum,
    round_money,
    split,
    sum_money,
    tax_for,
    to_minor,
)

CURRENCIES = ["EUR", "CZK", "PLN", "HUF", "JPY", "BHD", "GBP", "USD", "CHF"]

currencies = st.sampled_from(CURRENCIES)
amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6,
                      allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=3,
                    allow_nan=False, allow_infinity=False)
weights = st.lists(st.decimals(min_value=Decimal("0"), max_value=Decimal("1e6"), places=4,
                               allow_nan=False, allow_infinity=False), min_size=1, max_size=30)


# ------------------------------------------------------------------ minor units and rounding


@pytest.mark.parametrize("currency, digits", [
    ("EUR", 2), ("CZK", 2), ("HUF", 2), ("JPY", 0), ("PLN", 2), ("BHD", 3), ("eur", 2), (" czk ", 2),
])
def test_minor_digits_come_from_iso4217_not_the_locale_library(currency, digits):
    assert minor_digits(currency) == digits
    assert quantum(currency) == Decimal(1).scaleb(-digits)


@pytest.mark.parametrize("bad", ["XYZ", "EURO", "", "€", None, 978])
def test_unknown_currency_is_refused_not_guessed(bad):
    with pytest.raises(UnknownCurrency):
        minor_digits(bad)


@pytest.mark.parametrize("amount, currency, expected", [
    ("0.125", "EUR", "0.13"), ("0.135", "EUR", "0.14"), ("-0.125", "EUR", "-0.13"),
    ("2.5", "JPY", "3"), ("1.0005", "BHD", "1.001"), ("7", "CZK", "7.00"), ("-0.004", "EUR", "0.00"),
])
def test_round_money_is_half_up_to_the_minor_unit(amount, currency, expected):
    result = round_money(Decimal(amount), currency)
    assert str(result) == expected  # also: exactly the currency's decimals, no "-0.00"


def test_round_money_other_modes_on_request():
    assert round_money(Decimal("0.125"), "EUR", ROUND_HALF_EVEN) == Decimal("0.12")
    assert round_money(Decimal("0.129"), "EUR", ROUND_DOWN) == Decimal("0.12")


def test_floats_and_nonsense_are_refused():
    for call in (lambda: round_money(0.1, "EUR"), lambda: to_minor(0.1, "EUR"),
                 lambda: sum_money([Decimal(1), 0.5]), lambda: percent_of(Decimal(1), 0.5, "EUR"),
                 lambda: split(Decimal("1.00"), [0.5, 0.5], "EUR"), lambda: from_minor(1.0, "EUR"),
                 lambda: round_money(True, "EUR")):
        with pytest.raises(TypeError):
            call()
    with pytest.raises(ValueError):
        round_money(Decimal("NaN"), "EUR")
    with pytest.raises(ValueError):
        round_money("abc", "EUR")


def test_global_context_does_not_matter():
    """A caller that lowered the global precision must not get a different cent."""
    with localcontext() as ctx:
        ctx.prec = 3
        assert round_money(Decimal("123456.785"), "EUR") == Decimal("123456.79")
        assert sum_money([Decimal("100000.01"), Decimal("0.02")]) == Decimal("100000.03")
        assert percent_of(Decimal("123456.78"), Decimal("21"), "EUR") == Decimal("25925.92")
        assert split(Decimal("1000.00"), [1, 1, 1], "EUR") == [
            Decimal("333.34"), Decimal("333.33"), Decimal("333.33")]
    assert getcontext().prec == 28


def test_sums_beyond_exact_precision_raise_instead_of_rounding():
    with pytest.raises(Inexact):
        sum_money([Decimal("1e40"), Decimal("1e-30")])


# ------------------------------------------------------------------ minor units


def test_to_minor_and_from_minor():
    assert to_minor(Decimal("12.345"), "EUR") == 1235
    assert to_minor(Decimal("-12.345"), "EUR") == -1235
    assert to_minor(Decimal("1500"), "JPY") == 1500
    assert from_minor(1234, "EUR") == Decimal("12.34") and str(from_minor(1234, "EUR")) == "12.34"
    assert str(from_minor(0, "CZK")) == "0.00"
    assert str(from_minor(5, "JPY")) == "5"
    with pytest.raises(ValueError):
        to_minor(Decimal("12.345"), "EUR", exact=True)
    assert to_minor(Decimal("12.34"), "EUR", exact=True) == 1234


@given(amounts, currencies)
def test_round_money_is_idempotent_and_close(amount, currency):
    once = round_money(amount, currency)
    assert round_money(once, currency) == once
    assert abs(once - amount) <= quantum(currency) / 2
    assert once.as_tuple().exponent == -minor_digits(currency)


@given(amounts, currencies)
def test_minor_units_round_trip(amount, currency):
    units = to_minor(amount, currency)
    assert isinstance(units, int)
    assert from_minor(units, currency) == round_money(amount, currency)
    assert to_minor(from_minor(units, currency), currency, exact=True) == units


@given(st.integers(min_value=-10**15, max_value=10**15), currencies)
def test_from_minor_round_trip_from_integers(units, currency):
    assert to_minor(from_minor(units, currency), currency) == units


# ------------------------------------------------------------------ percentages and tax


def test_percent_of_and_tax_for():
    assert percent_of(200, 21, "CZK") == Decimal("42.00")
    assert tax_for(Decimal("10.05"), 21, "EUR") == Decimal("2.11")  # 2.1105
    assert tax_for(Decimal("0.50"), 21, "EUR") == Decimal("0.11")  # 0.105 half-up
    assert tax_for(Decimal("-0.50"), 21, "EUR") == Decimal("-0.11")
    assert percent_of(Decimal("999"), Decimal("2.5"), "JPY") == Decimal("25")  # 24.975
    assert percent_of(Decimal("100.00"), 0, "EUR") == Decimal("0.00")


# A plain reference, independent of money.py: ISO 4217 digits written out, exact fractions,
# half-up (away from zero) rounding done by hand on integers.
REFERENCE_DIGITS = {"EUR": 2, "CZK": 2, "PLN": 2, "HUF": 2, "JPY": 0, "BHD": 3, "GBP": 2, "USD": 2, "CHF": 2}


def reference_round(value: Fraction, currency: str) -> Decimal:
    scale = 10 ** REFERENCE_DIGITS[currency]
    magnitude = abs(value) * scale
    units = math.floor(magnitude + Fraction(1, 2))
    if value < 0:
        units = -units
    return Decimal(units) / Decimal(scale)


@given(amounts, rates, currencies)
def test_percent_of_is_the_exact_product_rounded_half_up(amount, rate, currency):
    expected = reference_round(Fraction(amount) * Fraction(rate) / 100, currency)
    assert percent_of(amount, rate, currency) == expected


@settings(max_examples=200)
@given(st.lists(st.tuples(amounts, rates), min_size=1, max_size=40), currencies)
def test_document_totals_equal_the_sum_of_rounded_lines(lines, currency):
    """The way an invoice adds up: round each line, then total the rounded lines."""
    nets = [reference_round(Fraction(net), currency) for net, _rate in lines]
    taxes = [reference_round(Fraction(n) * Fraction(rate) / 100, currency) for n, (_net, rate) in zip(nets, lines)]
    assert [round_money(net, currency) for net, _rate in lines] == nets
    assert [tax_for(n, rate, currency) for n, (_net, rate) in zip(nets, lines)] == taxes
    gross = [n + t for n, t in zip(nets, taxes)]
    expected_total = sum(map(Fraction, gross), Fraction(0))
    assert Fraction(sum_money(gross)) == expected_total
    assert Fraction(sum_money(nets)) + Fraction(sum_money(taxes)) == expected_total
    assert to_minor(sum_money(gross), currency) == int(expected_total * 10 ** REFERENCE_DIGITS[currency])


def test_sum_money():
    assert sum_money([]) == Decimal(0)
    assert sum_money([Decimal("0.10"), Decimal("0.20"), 3]) == Decimal("3.30")
    assert sum_money(x for x in [Decimal("1.5")]) == Decimal("1.5")


# ------------------------------------------------------------------ split


def test_split_examples():
    assert split(Decimal("100.00"), [1, 1, 1], "EUR") == [
        Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert split(Decimal("10.00"), [Decimal("0.7"), Decimal("0.3")], "EUR") == [
        Decimal("7.00"), Decimal("3.00")]
    assert split(Decimal("-0.05"), [1, 2], "EUR") == [Decimal("-0.02"), Decimal("-0.03")]
    assert split(Decimal("5"), [1, 0, 1], "JPY") == [Decimal("3"), Decimal("0"), Decimal("2")]
    assert split(Decimal("0.01"), [1, 1, 1], "EUR") == [
        Decimal("0.01"), Decimal("0.00"), Decimal("0.00")]  # tie: earliest part first
    assert split(Decimal("1.00"), [Decimal("1e-30"), Decimal("1E+30")], "EUR") == [
        Decimal("0.00"), Decimal("1.00")]
    assert split(Decimal("3.00"), [Decimal("2E+6"), 1000000], "EUR") == [
        Decimal("2.00"), Decimal("1.00")]


def test_split_refuses_what_cannot_add_up():
    with pytest.raises(ValueError):
        split(Decimal("1.005"), [1, 1], "EUR")  # not on the minor unit
    with pytest.raises(ValueError):
        split(Decimal("1.00"), [], "EUR")
    with pytest.raises(ValueError):
        split(Decimal("1.00"), [0, 0], "EUR")
    with pytest.raises(ValueError):
        split(Decimal("1.00"), [1, -1], "EUR")


@settings(max_examples=300)
@given(amounts, weights, currencies)
def test_split_sums_to_total_and_is_proportional(amount, ws, currency):
    total = round_money(amount, currency)
    if sum(ws) == 0:
        ws = ws + [Decimal(1)]
    parts = split(total, ws, currency)
    assert len(parts) == len(ws)
    assert sum_money(parts) == total
    unit = quantum(currency)
    weight_sum = sum(ws)
    for part, w in zip(parts, ws):
        assert part.as_tuple().exponent == -minor_digits(currency)
        exact_share = total * w / weight_sum
        assert abs(part - exact_share) < unit  # each part within one minor unit of its share
        if w == 0:
            assert part == 0
        assert (part >= 0) if total >= 0 else (part <= 0)


@given(amounts, weights, currencies)
def test_split_is_deterministic(amount, ws, currency):
    total = round_money(amount, currency)
    if sum(ws) == 0:
        return
    assert split(total, ws, currency) == split(total, list(ws), currency)


# ------------------------------------------------------------------ local numbers


@pytest.mark.parametrize("text, locale, expected", [
    ("1 234,56", "cs_CZ", "1234.56"),
    ("1\u00a0234,56", "cs_CZ", "1234.56"),
    ("1.234,56", "cs_CZ", "1234.56"),
    ("1.234.567", "es_ES", "1234567"),
    ("1.5", "cs_CZ", "1.5"),
    ("1234,5", "pl_PL", "1234.5"),
    ("1\u202f234,56", "fr_FR", "1234.56"),
    ("1,234.56", "en_GB", "1234.56"),
    ("1'234.56", "en_GB", "1234.56"),
    ("12,345", "en_GB", "12345"),
    ("-1 234,56", "cs_CZ", "-1234.56"),
    ("\u22121 234,56", "cs_CZ", "-1234.56"),
    ("(1 234,56)", "fr_FR", "-1234.56"),
    ("1 234,56-", "pl_PL", "-1234.56"),
    ("+3", "en_GB", "3"),
    (",5", "cs_CZ", "0.5"),
    ("  42  ", "es_ES", "42"),
    ("0,10", "cs_CZ", "0.10"),
])
def test_parse_decimal_local_forms(text, locale, expected):
    result = parse_decimal(text, locale)
    assert result == Decimal(expected) and str(result) == expected


@pytest.mark.parametrize("text, locale", [
    ("", "cs_CZ"), ("abc", "cs_CZ"), ("1,234.56", "cs_CZ"), ("1e5", "en_GB"), ("NaN", "en_GB"),
    ("Infinity", "en_GB"), ("1,", "cs_CZ"), ("1.23.4", "cs_CZ"), ("1,2,3", "en_GB"),
    ("12 kg", "cs_CZ"), ("--1", "en_GB"), ("1,234.5.6", "en_GB"),
])
def test_parse_decimal_refuses_what_is_not_a_number(text, locale):
    with pytest.raises(ValueError):
        parse_decimal(text, locale)


def test_parse_decimal_unknown_locale():
    with pytest.raises(ValueError):
        parse_decimal("1", "xx_YY")


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                   allow_nan=False, allow_infinity=False),
       st.sampled_from(["en", "cs", "pl", "es", "fr"]))
def test_parse_decimal_reads_what_babel_writes(value, language):
    from backoffice_auto.i18n import LOCALES, format_decimal

    text = format_decimal(value, language, digits=2)
    assert parse_decimal(text, LOCALES[language]) == value


@pytest.mark.parametrize("text", ["(12", "12)", "(1 234,56", "1 234,56)", "((12)", ")12("])
def test_parse_decimal_refuses_a_parenthesis_without_its_pair(text):
    with pytest.raises(ValueError):
        parse_decimal(text, "cs_CZ")


def test_parse_decimal_in_a_locale_whose_decimal_mark_is_neither_point_nor_comma():
    # Babel gives Western Balochi the Arabic decimal separator; such locales read `.` as the mark
    assert parse_decimal("1234.5", "bgn") == Decimal("1234.5")
    assert parse_decimal("1,234.5", "bgn") == Decimal("1234.5")


def test_exact_arithmetic_keeps_sixty_digits_and_raises_beyond():
    """The documented bound of `EXACT`: 60 significant digits, exact; a 61st is refused."""
    assert sum_money([10**59, 1]) == Decimal(10**59 + 1)
    with pytest.raises(Inexact):
        sum_money([10**60, 1])


def test_rounding_to_the_minor_unit_keeps_sixty_digits_and_refuses_beyond():
    """`QUANTIZE` has the same bound: an amount whose minor units need more than 60 digits
    is refused (`decimal.InvalidOperation`), never rounded to some other number."""
    from decimal import InvalidOperation

    assert round_money(Decimal(10**57) + Decimal("0.004"), "EUR") == Decimal(10**57)
    assert to_minor(Decimal(10**57), "EUR") == 10**59
    with pytest.raises(InvalidOperation):
        round_money(Decimal(10**58), "EUR")


@pytest.mark.parametrize("text", ["1,2,3", "1,2,3,4", "(1,2,3)", "1.234,5,6"])
def test_parse_decimal_refusal_names_the_text(text):
    with pytest.raises(ValueError) as refused:
        parse_decimal(text, "cs_CZ")
    assert str(refused.value) == f"not a number: {text!r}"


@pytest.mark.parametrize("text, locale, expected", [
    ("123,456", "en_GB", "123456"),        # a leading group of three digits is a grouping
    ("123.456,7", "cs_CZ", "123456.7"),
    ("1234,567", "en_GB", "1234.567"),     # four digits before it: not a grouping, so the decimal mark
    (",500", "en_GB", "0.500"),            # nothing before it: the decimal mark too
])
def test_parse_decimal_groups_of_three_after_one_to_three_digits(text, locale, expected):
    result = parse_decimal(text, locale)
    assert result == Decimal(expected) and str(result) == expected


@pytest.mark.parametrize("text", ["1,2,3", "12,34.5", "1,23,456", "12,34,5"])
def test_parse_decimal_refuses_a_comma_that_is_neither_grouping_nor_the_only_mark(text):
    with pytest.raises(ValueError) as refused:
        parse_decimal(text, "en_GB")
    assert str(refused.value) == f"not a number: {text!r}"


@pytest.mark.parametrize("text, expected", [("12,34", "12.34"), ("1,2345", "1.2345")])
def test_parse_decimal_reads_a_single_non_grouping_comma_as_the_decimal_mark(text, expected):
    assert str(parse_decimal(text, "en_GB")) == expected
