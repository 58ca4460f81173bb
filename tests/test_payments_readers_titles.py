"""Exports that name their account only in a title sentence above the rows.

Found with exports as Czech, Polish, French, Spanish and German banks title them: "Výpis z účtu
2400123456/2010 za období ...", "Historia rachunku nr 61 1090 ...", "Relevé de compte n° 30006 00001
...", "Extracto de la cuenta 2100 0418 45 ...", "Kontoauszug Konto ... BLZ ...". Each was refused with
'it does not say which account it is' (or, with a mapping lacking `account:`, 'Mapping ... names no
account'). The number is now read from the title (payments/readers/titles.py) and checked like any
statement's account: someone else's account is still refused, naming it. An export that writes its
currency only beside each amount (`1 210,00 Kč`) was refused for lacking one; that is read too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.mapping import BankMapping
from backoffice_auto.payments.readers.titles import account_in_title, bare_account
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import bank_rows

D = Decimal
ROWS = "Datum;Částka;Měna;Zpráva\n02.11.2026;1 210,00;{ccy};Faktura 1\n03.11.2026;-150,50;{ccy};Poplatek\n"


@pytest.mark.parametrize("title, ccy, listed", [
    ("Výpis z účtu 2400123456/2010 za období 1.11.2026 - 30.11.2026", "CZK", "CZ6020100000002400123456"),
    ("Výpis č. 11/2026 z účtu 19-2000145399/0800", "CZK", "CZ6508000000192000145399"),
    ("Historia rachunku nr 61 1090 1014 0000 0712 1981 2874 za okres 01.11.2026 - 30.11.2026", "PLN",
     "PL61109010140000071219812874"),
    ("Relevé de compte n° 30006 00001 12345678901 89 du 01/11/2026 au 30/11/2026", "EUR",
     "FR7630006000011234567890189"),
    ("Extracto de la cuenta 2100-0418-45-0200051332 del 01/11/2026 al 30/11/2026", "EUR", "ES9121000418450200051332"),
    ("Kontoauszug Konto 0532013000 BLZ 370 400 44", "EUR", "DE89370400440532013000"),
])
def test_the_account_a_title_sentence_names_is_the_statement_s(title, ccy, listed):
    data = (title + "\n\n" + ROWS.format(ccy=ccy)).encode("cp1250")
    [st] = read_statements(data, "export.csv", mappings={}, locale="cs_CZ")  # was refused: no account
    assert [ln.amount for ln in st.lines] == [D("1210.00"), D("-150.50")]
    assert [p.text() for p in check_statements([st], [listed]) if p.level == "error"] == []


def test_a_title_naming_another_account_is_refused_naming_it():
    data = ("Výpis z účtu 123456789/0100 za období listopad 2026\n" + ROWS.format(ccy="CZK")).encode("cp1250")
    [st] = read_statements(data, "cizi.csv", mappings={}, locale="cs_CZ")
    [error] = [p.text() for p in check_statements([st], ["CZ6020100000002400123456"]) if p.level == "error"]
    assert "123456789/0100" in error and "not one of the company's accounts" in error


def test_a_mapping_without_account_takes_the_title_s(workspace):
    mapping = BankMapping.model_validate({"currency": "CZK", "columns": {"booking_date": "Datum", "amount": "Částka",
                                                                        "remittance": "Zpráva"}})
    data = ("Výpis z účtu 2400123456/2010 za období 1.11.2026 - 30.11.2026\n" + ROWS.format(ccy="CZK")).encode("cp1250")
    [st] = read_statements(data, "vypis.csv", mappings={"banka": mapping}, locale="cs_CZ")  # was 'names no account'
    assert st.account == "2400123456/2010"
    path = workspace.inbox / "bank" / "vypis.csv"
    path.write_bytes(data)
    [out] = Pipeline(workspace).process_paths([path])
    assert out["status"] == "done", out
    assert {r["account_iban"] for r in bank_rows(workspace)} == {"CZ6020100000002400123456"}


@pytest.mark.parametrize("title", ["Výpis z účtu č. 11/2026", "Kontoauszug Nr. 11 vom 30.11.2026", "Account statement 2026",
                                   "Compte courant - Relevé n° 11", "Saldo konta: 1 234,56 zł"])
def test_a_statement_s_number_or_a_year_is_no_account(title):
    assert account_in_title(title) is None


def test_the_currency_every_amount_cell_writes_is_the_statement_s():
    text = ("Výpis z účtu 2400123456/2010 za období 1.11.2026 - 30.11.2026\n\nDatum;Částka;Zpráva\n"
            "02.11.2026;1 210,00 Kč;Faktura 1\n03.11.2026;-150,50 Kč;Poplatek\n")
    [st] = read_statements(text.encode("cp1250"), "vypis.csv", mappings={}, locale="cs_CZ")  # was refused: no currency
    assert (st.currency, [ln.amount for ln in st.lines]) == ("CZK", [D("1210.00"), D("-150.50")])
    mixed = text.replace("-150,50 Kč", "-150,50 €")
    with pytest.raises(Refusal) as refused:  # cells naming two currencies name none
        read_statements(mixed.encode("cp1250"), "vypis.csv", mappings={}, locale="cs_CZ")
    assert "does not say its currency" in refused.value.problems[0].text()


# Société Générale's export: the account alone as the first cell, as Excel's text formula (keeping its
# leading zeros), a balance line, then the rows. Refused for not saying its account.
SG_EXPORT = ('="30003012340001234567854";Compte courant\r\nSolde au 29/11/2026;12 345,67 EUR\r\n'
             "Date de l'opération;Libellé;Détail de l'écriture;Montant de l'opération;Devise\r\n"
             '28/11/2026;VIR RECU    1234567890;DE: ACME SARL MOTIF: FACTURE F2026-0012;1 250,00;EUR\r\n'
             '27/11/2026;="CARTE X1234 26/11";CARTE X1234 26/11 MONOPRIX PARIS;-45,30;EUR\r\n')


def test_an_account_number_alone_with_its_check_digits_is_the_statement_s():
    [st] = read_statements(SG_EXPORT.encode("latin-1"), "00012345678_29112026.csv", mappings={}, locale="fr_FR")
    assert st.account == "30003012340001234567854"
    assert [ln.amount for ln in st.lines] == [D("1250.00"), D("-45.30")]
    assert "CARTE X1234 26/11" in st.lines[1].remittance  # the text formula read as its text
    assert [p.text() for p in check_statements([st], ["FR7630003012340001234567854"]) if p.level == "error"] == []
    # someone else's: refused naming it
    [error] = [p.text() for p in check_statements([st], ["FR7630006000011234567890189"]) if p.level == "error"]
    assert "30003012340001234567854" in error


@pytest.mark.parametrize("cell, bare", [
    ("30003012340001234567854", True), ("30003 01234 00012345678 54", True), ("30006 00001 12345678901 89", True),
    ("2100 0418 45 0200051332", True), ("2100-0418-45-0200051332", True),
    ("61 1090 1014 0000 0712 1981 2874", True), ("539-0075470-34", True),
    ("30003012340001234567855", False), ("2100 0418 46 0200051332", False), ("61 1090 1014 0000 0712 1981 2875", False),
    ("539007547035", False), ("000000000000", False), ("Compte courant", False), ("12345678", False),
    ("2026-11-29", False), ("Solde au 29/11/2026", False), ("1" * 400, False),
])
def test_a_lone_number_is_an_account_only_with_its_national_check_digits(cell, bare):
    assert (bare_account(cell) is not None) == bare


@given(hs.integers(0, 22), hs.integers(1, 9))
def test_one_wrong_digit_of_a_rib_is_no_account(at, delta):
    rib = "30003012340001234567854"
    wrong = rib[:at] + str((int(rib[at]) + delta) % 10) + rib[at + 1:]
    assert bare_account(wrong) is None


def test_excel_text_formulas_in_a_csv_are_read_as_their_text():
    from backoffice_auto.documents.workbook import read_workbook

    data = 'a;b;c\n="0012";"=""x;y""";=SUM(A1:A2)\n="";="say ""hi""";=HYPERLINK("http://x")\n'.encode()
    rows = read_workbook(data, "t.csv").sheets[0].rows
    assert rows[1:] == [("0012", "x;y", "=SUM(A1:A2)"), (None, 'say "hi"', '=HYPERLINK("http://x")')]
