"""Cell values by field type and locale: local number and date forms, never through float."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.documents.values import (
    locale_forms,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_email,
    parse_int,
    parse_json,
    parse_rate,
    parse_text,
    parse_time,
    parser_for,
)


@pytest.mark.parametrize("text, locale, expected", [
    ("1 234,56", "cs_CZ", "1234.56"),
    ("1.234,56", "cs_CZ", "1234.56"),
    ("1.234,56", "es_ES", "1234.56"),
    ("1,234.56", "en_GB", "1234.56"),
    ("1,234.56", "cs_CZ", "1234.56"),  # both separators: the last one is the decimal point
    ("1234.56", "cs_CZ", "1234.56"),
    ("1234,56", "en_GB", "1234.56"),
    ("1\u00a0234,56", "cs_CZ", "1234.56"),
    ("1\u202f234,56", "fr_FR", "1234.56"),
    ("1'234.50", "de_CH", "1234.50"),
    ("1\u2019234.50", "de_CH", "1234.50"),
    ("12,50 Kč", "cs_CZ", "12.50"),
    ("€ 12.50", "en_GB", "12.50"),
    ("12,50 €", "fr_FR", "12.50"),
    ("EUR 1,000.00", "en_GB", "1000.00"),
    ("1 000 zł", "pl_PL", "1000"),
    ("US$ 5", "en_US", "5"),
    ("-5", "en_GB", "-5"),
    ("\u22125,5", "cs_CZ", "-5.5"),
    ("(1,00)", "cs_CZ", "-1.00"),
    ("(€ 3.20)", "en_GB", "-3.20"),
    ("5-", "en_GB", "-5"),
    ("+7", "en_GB", "7"),
    ("-£84.37", "en_GB", "-84.37"),  # the sign before the currency, as bank exports print money out
    ("-$1,234.50", "en_US", "-1234.50"),
    ("- € 12,50", "fr_FR", "-12.50"),
    ("+£5.00", "en_GB", "5.00"),
    ("1,234", "cs_CZ", "1.234"),  # ambiguous: the locale's decimal comma
    ("1,234", "en_GB", "1234"),  # ambiguous: the locale's group comma
    ("1.234", "cs_CZ", "1234"),
    ("1.234", "en_GB", "1.234"),
    ("0,123", "en_GB", "0.123"),  # a leading zero cannot be a thousands group
    (",5", "cs_CZ", "0.5"),
    ("1.234.567", "en_GB", "1234567"),
    ("1,234,567.89", "en_US", "1234567.89"),
    ("1 234,-", "cs_CZ", "1234"),
    ("  42  ", "en_GB", "42"),
])
def test_parse_decimal_local_forms(text, locale, expected):
    assert parse_decimal(text, locale) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12abc34", "1 23", "--", "", "NaN", "Infinity", "1e5",
                                  "12 kg of apples", "21 %", "1.2.3,4.5", "1,23,456", "-£",
                                  "-£-5"])
def test_parse_decimal_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_decimal(text, "en_GB")


def test_typed_numbers_stay_exact():
    assert parse_decimal(Decimal("0.1"), "cs_CZ") == Decimal("0.1")
    assert parse_decimal(7, "cs_CZ") == Decimal(7)
    assert parse_decimal(0.1, "cs_CZ") == Decimal("0.1")  # via repr, not the binary expansion
    with pytest.raises(ValueError):
        parse_decimal(True, "en_GB")


@settings(max_examples=300, deadline=None)
@given(value=st.decimals(min_value=Decimal("-9999999999"), max_value=Decimal("9999999999"), places=2),
       locale=st.sampled_from(["cs_CZ", "pl_PL", "es_ES", "fr_FR", "en_GB", "en_US", "de_CH", "de_DE"]))
def test_locally_written_amounts_read_back_exactly(value, locale):
    # Written the way each country groups digits, spelt here rather than taken from Babel:
    # the reader must not depend on one Babel release's grouping (2.19 writes de_CH
    # 1000000'000.00, with one group only).
    group, decimal = LOCAL_MARKS[locale]
    sign, digits = ("-", -value) if value < 0 else ("", value)
    whole, cents = f"{digits:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = sign + group.join([whole, *groups]) + decimal + cents
    assert parse_decimal(text, locale) == value


LOCAL_MARKS = {
    "cs_CZ": ("\u00a0", ","), "pl_PL": ("\u00a0", ","), "es_ES": (".", ","), "fr_FR": ("\u202f", ","),
    "en_GB": (",", "."), "en_US": (",", "."), "de_CH": ("\u2019", "."), "de_DE": (".", ","),
}


@settings(max_examples=200, deadline=None)
@given(value=st.decimals(min_value=Decimal("-999999"), max_value=Decimal("999999"), places=4))
def test_plain_dot_decimals_read_back_in_every_locale(value):
    text = format(value, "f")
    for locale in ("en_GB", "cs_CZ"):
        if "." in text and len(text.split(".")[1]) == 3 and locale == "cs_CZ":
            continue  # 1.234 is a thousands group in Czech: covered by the ambiguity tests
        assert parse_decimal(text, locale) == value


@pytest.mark.parametrize("value, locale, expected", [
    ("2026-11-22", "cs_CZ", date(2026, 11, 22)),
    ("2026-11-22T08:30:00", "en_GB", date(2026, 11, 22)),
    ("22.11.2026", "cs_CZ", date(2026, 11, 22)),
    ("22.11.2026", "en_US", date(2026, 11, 22)),  # dots are always day first
    ("22. 11. 2026", "cs_CZ", date(2026, 11, 22)),
    ("1.2.2026", "pl_PL", date(2026, 2, 1)),
    ("22/11/2026", "en_GB", date(2026, 11, 22)),
    ("22/11/2026", "fr_FR", date(2026, 11, 22)),
    ("11/22/2026", "en_US", date(2026, 11, 22)),
    ("03/04/2026", "en_US", date(2026, 3, 4)),
    ("03/04/2026", "es_ES", date(2026, 4, 3)),
    ("22/11/2026", "en_US", date(2026, 11, 22)),  # 22 cannot be a month
    ("22-11-2026", "es_ES", date(2026, 11, 22)),
    ("2026/11/22", "en_GB", date(2026, 11, 22)),
    ("22.11.26", "cs_CZ", date(2026, 11, 22)),
    ("22 Nov 2026", "en_GB", date(2026, 11, 22)),
    ("November 22, 2026", "en_US", date(2026, 11, 22)),
    ("22. listopadu 2026", "cs_CZ", date(2026, 11, 22)),
    ("22 listopada 2026", "pl_PL", date(2026, 11, 22)),
    ("22 de noviembre de 2026", "es_ES", date(2026, 11, 22)),
    ("22 novembre 2026", "fr_FR", date(2026, 11, 22)),
    ("20261122", "cs_CZ", date(2026, 11, 22)),
    (46348, "cs_CZ", date(2026, 11, 22)),  # an Excel day number
    (Decimal("46348.5"), "cs_CZ", date(2026, 11, 22)),
    (datetime(2026, 11, 22, 8, 30), "cs_CZ", date(2026, 11, 22)),
    (date(2026, 11, 22), "cs_CZ", date(2026, 11, 22)),
])
def test_parse_date_forms(value, locale, expected):
    assert parse_date(value, locale) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "29.02.2025", "32.01.2026", "13/13/2026", "2026-13-01",
                                  "tomorrow", "22.11", "", "1.1.123"])
def test_parse_date_refuses_impossible_dates(text):
    with pytest.raises(ValueError):
        parse_date(text, "cs_CZ")


def test_impossible_date_reason_says_which_day():
    with pytest.raises(ValueError, match="day 31 does not exist in month 2 of 2026"):
        parse_date("31.02.2026", "cs_CZ")


@pytest.mark.parametrize("value, expected", [
    ("8:30", time(8, 30)), ("08:30:15", time(8, 30, 15)), ("17.45", time(17, 45)), ("8h30", time(8, 30)),
    ("8:30 PM", time(20, 30)), ("12:00 am", time(0, 0)), ("0830", time(8, 30)),
    (Decimal("0.5"), time(12, 0)), (time(7, 0), time(7, 0)), (datetime(2026, 1, 1, 6, 15), time(6, 15)),
    (timedelta(hours=9, minutes=5), time(9, 5)),
])
def test_parse_time(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize("text", ["25:00", "8:61", "noon", "13:00 PM", "1.5"])
def test_parse_time_refuses(text):
    with pytest.raises(ValueError):
        parse_time(text)


@pytest.mark.parametrize("text, expected", [
    ("yes", True), ("No", False), ("ano", True), ("NE", False), ("tak", True), ("nie", False),
    ("sí", True), ("Si", True), ("oui", True), ("non", False), ("TRUE", True), ("false", False),
    ("1", True), ("0", False), (1, True), (0, False), (True, True), ("x", True), ("vrai", True), ("faux", False),
])
def test_parse_bool_in_every_language(text, expected):
    assert parse_bool(text) is expected


def test_parse_bool_refuses_maybe():
    with pytest.raises(ValueError):
        parse_bool("maybe")


@pytest.mark.parametrize("text, expected", [("21", "21"), ("21 %", "21"), ("21%", "21"), ("21,5 %", "21.5"),
                                            (Decimal("15"), "15"), (12, "12")])
def test_parse_rate(text, expected):
    assert parse_rate(text, "cs_CZ") == Decimal(expected)


def test_parse_int_and_text():
    assert parse_int("1 000", "cs_CZ") == 1000
    assert parse_int(Decimal("3"), "cs_CZ") == 3
    with pytest.raises(ValueError):
        parse_int("1,5", "cs_CZ")
    assert parse_text(100234) == "100234"  # a numeric SKU typed by the spreadsheet
    assert parse_text(Decimal("12.50")) == "12.50"
    assert parse_text(Decimal("1E+3")) == "1000"
    assert parse_text("  A-1 ") == "A-1"


def test_email_choice_json():
    assert parse_email("jan.novak@example.cz") == "jan.novak@example.cz"
    with pytest.raises(ValueError):
        parse_email("jan at example")
    assert parse_choice("On hold", ("on_hold", "paid")) == "on_hold"
    with pytest.raises(ValueError):
        parse_choice("sometimes", ("partial", "complete"))
    assert parse_json('[{"document": "F1", "amount": "5"}]') == [{"document": "F1", "amount": "5"}]
    with pytest.raises(ValueError):
        parse_json("{broken")


def test_locale_forms_from_babel():
    assert locale_forms("cs_CZ").decimal == ","
    assert locale_forms("en_US").day_first is False
    assert locale_forms("en_GB").day_first is True
    assert locale_forms("not-a-locale").name == "en_GB"


def test_column_parsers_fast_paths_agree_with_the_slow_ones():
    money = parser_for("money", "cs_CZ")
    assert money(Decimal("1.50")) == Decimal("1.50")
    assert money(3) == Decimal(3)
    assert money("1 234,50") == Decimal("1234.50")
    day = parser_for("date", "cs_CZ")
    assert day(datetime(2026, 1, 2, 3, 4)) == date(2026, 1, 2)
    assert day("2.1.2026") == date(2026, 1, 2)
    text = parser_for("text", "cs_CZ")
    assert text(" a ") == "a" and text(12) == "12"
    choice = parser_for("choice", "cs_CZ", ("partial", "complete"))
    assert choice("Complete") == "complete"
    with pytest.raises(ValueError):
        parser_for("colour", "cs_CZ")


@settings(max_examples=300, deadline=None)
@given(value=st.decimals(min_value=Decimal("-99999999"), max_value=Decimal("99999999"), places=3),
       pattern=st.sampled_from(["#,##0.00", "#,##0.###", "0.00", "#,##0"]),
       locale=st.sampled_from(["cs_CZ", "pl_PL", "es_ES", "fr_FR", "en_GB", "en_US", "de_CH"]))
def test_column_fast_path_reads_what_the_full_parser_reads(value, pattern, locale):
    text = format_decimal(value, format=pattern, locale=locale)
    assert parser_for("money", locale)(text) == parse_decimal(text, locale)
