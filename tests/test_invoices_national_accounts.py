"""Bank accounts printed in national forms, through the real pipeline and on their own.

A supplier PDF per country (PL NRB, CZ `prefix-number/bank`, DE BLZ + Konto, FR RIB, ES CCC)
is generated with fpdf2 and dropped into a workspace whose books hold the demo suppliers:
the account the books know passes, another account holds the bill and mails the finance
manager, and an invoice with no readable account while the books know one is held too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st
from schwifty import IBAN

from backoffice_auto.books.store import Store
from backoffice_auto.invoices.demo import DemoInvoice, Line, standard_rate
from backoffice_auto.parties.national import account_iban, cz_sk_number_valid, read_accounts, same_account
from test_invoices_bills_pipeline import BUYER, TODAY, bills, books_ws, data, drop, mails, party, run, supplier  # noqa: F401

# country -> (supplier, the books' IBAN, (label, the same account printed), (label, another account printed))
CASES = {
    "PL": ("S05", "PL82109010146705216930360096", "Nr rachunku: 82 1090 1014 6705 2169 3036 0096",
           "Nr rachunku: 95 1090 1014 6296 2191 2741 6441"),
    # (not the workspace company's own account CZ6508000000192000145399, never read as a supplier's)
    "CZ": ("S01", "CZ0801000000192000145399", "Číslo účtu: 19-2000145399/0100",
           "Číslo účtu: 2000145401/0100"),
    "DE": ("S03", "DE43370400449305254779", "Bankverbindung: Commerzbank, BLZ 370 400 44, Konto 9305254779",
           "Bankverbindung: Commerzbank, BLZ 370 400 44, Konto 532013000"),
    "FR": ("S08", "FR7620041010051576687868132", "RIB : 20041 01005 15766878681 32",
           "RIB : 20041 01005 91184945769 51"),
    "ES": ("S06", "ES3221000418442392197444", "Cuenta (CCC): 2100 0418 44 2392197444",
           "Cuenta (CCC): 2100 0418 45 0200051332"),
}


def _set_books_iban(ws, sid: str, iban: str) -> None:
    store = Store(ws.db_path)
    with store.transaction() as books:
        row = dict(books.get("suppliers", sid))
        row["iban"] = iban
        books.upsert("suppliers", row)
    store.close()


def _invoice(data, sid: str, number: str, account_line: str | None) -> DemoInvoice:
    row = supplier(data, sid)
    seller = replace(party(row), iban=None)  # the account is printed only in its national form
    line = Line("Consulting services", D(2), D("150.00"), standard_rate(row["country"]))
    return DemoInvoice(seller, BUYER, number, TODAY, (line,), TODAY + timedelta(days=30),
                       notes=(account_line,) if account_line else ())


def _cfo_mails(ws) -> list:
    return [m for m in mails(ws) if m["To"] == "cfo@example.com"]


@pytest.mark.parametrize("country", sorted(CASES))
def test_the_books_account_printed_nationally_is_not_held(books_ws, data, country):
    sid, books_iban, same, _other = CASES[country]
    _set_books_iban(books_ws, sid, books_iban)
    [result] = run(books_ws, drop(books_ws, f"{country}-same.pdf", _invoice(data, sid, f"{country}-1", same)))
    assert result["status"] == "done", result
    [bill] = bills(books_ws)
    assert "account" not in (bill["hold_reason"] or "") and "IBAN" not in (bill["hold_reason"] or ""), bill
    assert _cfo_mails(books_ws) == []


@pytest.mark.parametrize("country", sorted(CASES))
def test_another_account_printed_nationally_holds_the_bill_and_alerts(books_ws, data, country):
    sid, books_iban, _same, other = CASES[country]
    _set_books_iban(books_ws, sid, books_iban)
    [result] = run(books_ws, drop(books_ws, f"{country}-other.pdf", _invoice(data, sid, f"{country}-2", other)))
    assert result["status"] == "done", result
    [bill] = bills(books_ws)
    assert bill["status"] == "on_hold" and "differs from the supplier's IBAN" in bill["hold_reason"], bill
    [alert] = _cfo_mails(books_ws)
    assert "Bank account change" in alert["Subject"]


def test_no_account_read_while_the_books_know_one_holds_and_alerts(books_ws, data):
    [result] = run(books_ws, drop(books_ws, "none.pdf", _invoice(data, "S05", "PL-3", None)))
    assert result["status"] == "done", result
    [bill] = bills(books_ws)
    assert bill["status"] == "on_hold" and "no bank account could be read" in bill["hold_reason"], bill
    assert len(_cfo_mails(books_ws)) == 1


def test_a_national_account_with_wrong_check_digits_holds_and_alerts(books_ws, data):
    bad = "Nr rachunku: 83 1090 1014 6705 2169 3036 0096"
    run(books_ws, drop(books_ws, "bad.pdf", _invoice(data, "S05", "PL-4", bad)))
    [bill] = bills(books_ws)
    assert bill["status"] == "on_hold" and "check digits" in bill["hold_reason"], bill
    assert len(_cfo_mails(books_ws)) == 1


# --- the national forms on their own ---------------------------------------------------------

@pytest.mark.parametrize("text, country, iban", [
    ("Nr rachunku: 82 1090 1014 6705 2169 3036 0096", "PL", "PL82109010146705216930360096"),
    ("Bankovní spojení: 19-2000145399/0800", "CZ", "CZ6508000000192000145399"),
    ("Číslo účtu: 19-2000145399/0900", "SK", "SK8509000000192000145399"),
    ("BLZ 370 400 44 Konto 532013000", "DE", "DE89370400440532013000"),
    ("BLZ 19043 Kontonummer 234573201", "AT", "AT611904300234573201"),
    ("Code banque 20041  Code guichet 01005  N° de compte 15766878681  Clé RIB 32", "FR",
     "FR7620041010051576687868132"),
    ("CCC 2100-0418-45-0200051332", "ES", "ES9121000418450200051332"),
    ("CIN X ABI 05428 CAB 11101 c/c 000000123456", "IT", "IT60X0542811101000000123456"),
    ("Rekeningnummer ABNA 0417164300", "NL", "NL91ABNA0417164300"),
    ("Sort code 60-16-13 Account number 31926819 BIC NWBKGB2L", "GB", "GB29NWBK60161331926819"),
])
def test_national_forms_become_ibans(text, country, iban):
    assert account_iban(text, country) == iban


@pytest.mark.parametrize("text, country", [
    ("Nr rachunku: 83 1090 1014 6705 2169 3036 0096", "PL"),
    ("Číslo účtu: 19-2000145398/0800", "CZ"),
    ("RIB : 20041 01005 15766878681 33", "FR"),
    ("Cuenta (CCC): 2100 0418 46 0200051332", "ES"),
])
def test_wrong_national_check_digits_are_reported_not_taken(text, country):
    [account] = read_accounts(text, country)
    assert account.iban is None and account.problem


def test_dates_and_fractions_are_not_accounts():
    assert read_accounts("Datum 12/2026, období 01/2026, 3/4 hod., VAT 21 %", "CZ") == []


def test_a_gb_sort_code_takes_its_bank_from_the_books():
    assert same_account("Sort code 60-16-13, account no. 31926819", "GB29NWBK60161331926819", "GB")
    assert not same_account("Sort code 60-16-13, account no. 31926810", "GB29NWBK60161331926819", "GB")


def _cz_reference(prefix: str, number: str) -> bool:
    weights = (10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2, 1)
    digits = prefix.rjust(6, "0") + number.rjust(10, "0")
    return (sum(int(d) * w for d, w in zip(digits[:6], weights[:6])) % 11 == 0
            and sum(int(d) * w for d, w in zip(digits[6:], weights[6:])) % 11 == 0 and int(number) != 0)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 999_999), st.integers(0, 9_999_999_999))
def test_cz_mod11_agrees_with_a_plain_reference(prefix, number):
    assert cz_sk_number_valid(str(prefix), str(number)) == _cz_reference(str(prefix), str(number))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["PL", "DE", "FR", "ES"]), st.integers(0, 10**10 - 1))
def test_printed_national_forms_read_back_as_the_same_iban(country, seed):
    banks = {"PL": ("1090", "1014"), "DE": ("37040044", ""), "FR": ("20041", "01005"), "ES": ("2100", "0418")}
    bank, branch = banks[country]
    size = {"PL": 16, "DE": 10, "FR": 11, "ES": 10}[country]
    iban = IBAN.generate(country, bank_code=bank, account_code=str(seed).rjust(size, "0")[-size:],
                         branch_code=branch)
    bban = iban.bban
    printed = {"PL": lambda: "Rachunek: " + iban.compact[2:4] + " " + " ".join(
                   bban[i:i + 4] for i in range(0, 24, 4)),
               "DE": lambda: f"BLZ {bban[:8]} Konto {int(bban[8:])}",
               "FR": lambda: f"RIB : {bban[:5]} {bban[5:10]} {bban[10:21]} {bban[21:]}",
               "ES": lambda: f"CCC {bban[:4]} {bban[4:8]} {bban[8:10]} {bban[10:]}"}[country]()
    if country == "DE" and int(bban[8:]) == 0:
        return
    assert account_iban(printed, country) == iban.compact
