"""Slash dates in spreadsheet exports: which comes first is told by the export, or the file is refused.

Before, `12/01/2026` was read in the workspace's locale whenever no cell of its own column had
a day over 12: a US bank's export in an en_GB workspace was booked in January instead of on
1 December, and the value date column, which did tell (`11/30/2026`), was read month first
beside a booking date read day first. Now every date column and a date above the header tell
for the whole export, so do a decimal comma, headers in a language whose banks put the day
first, and an IBAN; an export that tells nothing is refused at its first date that reads two
ways (`readers/dates.py`).
"""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import read_statements
from backoffice_auto.payments.readers.mapping import BankMapping
from conftest import cli_json

IBAN = "CZ6508000000192000145399"
US_HEAD = "Account number: 000123456789\nCurrency: USD\n"


def _days(text: str, locale: str = "en_GB", mappings=None):
    [st] = read_statements(text.encode("utf-8"), "activity.csv", mappings=mappings or {}, locale=locale)
    return [(ln.booking_date, ln.value_date) for ln in st.lines]


@pytest.mark.parametrize("locale", ["en_GB", "en_US", "cs_CZ"])
def test_an_export_that_does_not_tell_is_refused_at_its_first_date_reading_two_ways(locale):
    text = US_HEAD + "Date,Description,Amount\n12/01/2026,ACME,100.00\n12/02/2026,Fee,-4.50\n"
    with pytest.raises(Refusal) as refused:
        _days(text, locale)
    assert refused.value.problems[0].render() == (
        "activity.csv:activity!A4: The date '12/01/2026' can be read as 2026-01-12 or as 2026-12-01, and no date "
        "of the export tells whether the day or the month comes first: give the export a mapping with its "
        "date_format (%d/%m/%Y or %m/%d/%Y) in rules/bank/*.yaml.")


def test_the_value_date_column_tells_for_the_booking_date_too():
    text = US_HEAD + "Date,Value date,Description,Amount\n12/01/2026,11/30/2026,ACME,100.00\n12/02/2026,12/02/2026,Fee,-4.50\n"
    assert _days(text) == [(date(2026, 12, 1), date(2026, 11, 30)), (date(2026, 12, 2), date(2026, 12, 2))]


def test_a_date_alone_above_the_header_tells():
    text = "Statement to\n30/11/2026\n" + US_HEAD + "Date,Description,Amount\n02/11/2026,ACME,100.00\n"
    assert _days(text, "en_US") == [(date(2026, 11, 2), date(2026, 11, 2))]


@pytest.mark.parametrize("text", [
    f"IBAN: {IBAN}\nCurrency: EUR\nDate,Description,Amount\n02/11/2026,ACME,100.00\n",  # an IBAN
    "Compte: 000123456789\nDevise: EUR\nDate;Libellé;Montant\n02/11/2026;ACME;100\n",  # French headers
    US_HEAD.replace(",", ";") + "Date;Description;Amount\n02/11/2026;ACME;100,00\n",  # a decimal comma
])
def test_an_iban_a_decimal_comma_or_headers_in_a_day_first_language_tell(text):
    assert _days(text, "en_US") == [(date(2026, 11, 2), date(2026, 11, 2))]


def test_a_mapping_s_date_format_or_locale_settles_it():
    columns = {"booking_date": "Date", "amount": "Amount", "remittance": "Description"}
    text = "Date,Description,Amount\n12/01/2026,ACME,100.00\n"
    for extra, day in (({"date_format": "%m/%d/%Y"}, date(2026, 12, 1)), ({"locale": "en_US"}, date(2026, 12, 1)),
                       ({"locale": "en_GB"}, date(2026, 1, 12))):
        mapping = BankMapping.model_validate({"account": "000123456789", "currency": "USD", "columns": columns, **extra})
        assert _days(text, "cs_CZ", {"bank": mapping}) == [(day, day)]


def test_an_ambiguous_export_dropped_into_the_inbox_is_refused_naming_the_cell(workspace):
    text = US_HEAD + "Date,Description,Amount\n12/01/2026,ACME,100.00\n12/02/2026,Fee,-4.50\n"
    (workspace.inbox / "bank" / "activity.csv").write_bytes(text.encode())
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (1, "refused")
    error = (workspace.root / "failed" / "activity.csv.error.txt").read_text(encoding="utf-8")
    assert "activity!A4" in error and "2026-01-12" in error and "2026-12-01" in error
