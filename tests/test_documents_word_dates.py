"""Dates written with words in another language than the workspace's, in real order sheets.

Found: an English workspace (locale en_GB) refused a Polish customer's `20 listopada 2026`,
a Czech `20. listopadu 2026`, a French `vendredi 20 novembre 2026`, an accounting export's
`20-Nov-26` and the Roman month `20.XI.2026` as 'not a valid date', naming the cell; only
the locale's own and English month names were known. Month words of every language are
tried after the locale's own.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from backoffice_auto.documents.values import parse_date
from backoffice_auto.orders.reader import read_orders

NOV_20 = date(2026, 11, 20)
WRITTEN = [
    ("20 listopada 2026", NOV_20), ("piątek, 20 listopada 2026", NOV_20), ("20.XI.2026", NOV_20),
    ("20. listopadu 2026", NOV_20), ("pátek 20. listopadu 2026", NOV_20), ("20. XI. 2026", NOV_20),
    ("vendredi 20 novembre 2026", NOV_20), ("1er novembre 2026", date(2026, 11, 1)), ("15 août 2026", date(2026, 8, 15)),
    ("viernes, 20 de noviembre de 2026", NOV_20), ("2 de mayo de 2026", date(2026, 5, 2)),
    ("20-Nov-26", NOV_20), ("20-Nov-2026", NOV_20), ("Friday, 20 November 2026", NOV_20),
    ("November 20th, 2026", NOV_20), ("20 novembre 2026 14:30", NOV_20),
    ("1. června 2026", date(2026, 6, 1)), ("1. července 2026", date(2026, 7, 1)),
    ("1 czerwca 2026", date(2026, 6, 1)), ("20 lipca 2026", date(2026, 7, 20)), ("3. května 2026", date(2026, 5, 3)),
]


def _sheet(dates: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    sheet.append(["Order ID", "Order date", "Customer ID", "SKU", "Quantity"])
    for number, written in enumerate(dates, 1):
        sheet.append([f"O-{number}", written, "C001", "SKU-A", 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("locale", ["en_GB", "cs_CZ", "pl_PL", "es_ES", "fr_FR"])
def test_month_words_of_every_language_are_read_in_any_workspace(locale):
    read = read_orders(_sheet([w for w, _ in WRITTEN]), "orders.xlsx", locale)
    assert [p.render() for row in read.rows for p in row.problems] == []
    assert [row.values["order_date"] for row in read.rows] == [d for _, d in WRITTEN]


def test_a_word_that_is_no_month_and_an_impossible_day_are_still_named_by_cell():
    read = read_orders(_sheet(["20 Brumaire 2026", "31 XI 2026", "Dec 2026"]), "orders.xlsx", "en_GB")
    assert [p.render() for row in read.rows for p in row.problems] == [
        "orders.xlsx:Orders!B2: '20 Brumaire 2026' in column Order date is not a valid date.",
        "orders.xlsx:Orders!B3: '31 XI 2026' in column Order date is not a valid date.",
        "orders.xlsx:Orders!B4: 'Dec 2026' in column Order date is not a valid date.",
    ]


def test_the_locale_own_month_names_come_first():
    assert parse_date("3 mar 2026", "pl_PL") == date(2026, 3, 3)
    assert parse_date("Mar 3, 2026", "en_US") == date(2026, 3, 3)


def test_text_longer_than_any_date_is_not_searched_for_month_words():
    """Found after landing: a cell of 20,000 spaces between two letters took 29 s to refuse (the
    word-date patterns backtrack over runs of spaces). Text longer than any written date is
    no date, before a pattern runs."""
    from backoffice_auto.documents.datewords import MAX_WORD_DATE_CHARS, parse_word_date

    padded = "20" + " " * (MAX_WORD_DATE_CHARS - 14) + "novembre 2026"
    assert len(padded) > MAX_WORD_DATE_CHARS
    assert parse_word_date(padded, {}, date) is None
    assert parse_word_date("mercredi 18 de noviembre de 2026 a las 14:30", {}, date) == date(2026, 11, 18)
    with pytest.raises(ValueError):
        parse_date("a" + " " * 30_000 + "b", "fr_FR")
