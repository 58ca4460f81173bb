"""OFX statements naming the account in a country's domestic form (bank code, branch code, number).

French and Monegasque banks export `BANKACCTFROM` as code banque + code guichet + numéro de
compte (with or without the two-digit RIB key) and no IBAN; German banks give the BLZ and the
Kontonummer, Spanish ones entidad + oficina and the DC with the cuenta. The company lists its
account as an IBAN; the statement is that account when the parts are exactly the IBAN's BBAN,
and is refused when they only share part of it.
"""

from __future__ import annotations

import pytest

from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.checks import company_account

FR_IBAN = "FR7630006000011234567890189"  # 30006 00001 12345678901 key 89
MC_IBAN = "MC5811222000010123456789030"  # 11222 00001 01234567890 key 30
DE_IBAN = "DE89370400440532013000"
ES_IBAN = "ES9121000418450200051332"  # 2100 0418 DC 45 0200051332


def french_ofx(bank: str, branch: str, account: str, *, currency: str = "EUR") -> bytes:
    """An OFX 1.02 SGML statement as French banks' online banking exports it (latin-1, no closing tags)."""
    branch_tag = f"<BRANCHID>{branch}\n" if branch else ""
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
        "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261130"
        "<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>20261130"
        "<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS>"
        f"<CURDEF>{currency}<BANKACCTFROM><BANKID>{bank}\n{branch_tag}<ACCTID>{account}\n<ACCTTYPE>CHECKING"
        "</BANKACCTFROM><BANKTRANLIST><DTSTART>20261101<DTEND>20261130"
        "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261103<TRNAMT>1250,00<FITID>0A1B2C3D"
        "<NAME>VIR SEPA DUPONT SARL<MEMO>FACTURE 2026-0042</STMTTRN>"
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261105<TRNAMT>-84,37<FITID>0A1B2C3E"
        "<NAME>PRLV SEPA EDF<MEMO>ECHEANCE NOVEMBRE</STMTTRN>"
        "</BANKTRANLIST><LEDGERBAL><BALAMT>5165,63<DTASOF>20261130</LEDGERBAL>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n").encode("cp1252")


def _errors(statements, accounts):
    return [p.render() for p in check_statements(statements, accounts) if p.level == "error"]


@pytest.mark.parametrize("bank, branch, account, listed", [
    ("30006", "00001", "12345678901", FR_IBAN),  # RIB key left out: computed
    ("30006", "00001", "1234567890189", FR_IBAN),  # RIB key appended
    ("30006", "00001", "12345678901 89", FR_IBAN),
    ("30006", "00001", "30006000011234567890189", FR_IBAN),  # the whole RIB in ACCTID
    ("30006", "", "000011234567890189", FR_IBAN),  # guichet, compte and clé in ACCTID
    ("11222", "00001", "01234567890", MC_IBAN),
    ("11222", "00001", "0123456789030", MC_IBAN),
    ("37040044", "", "532013000", DE_IBAN),  # BLZ + Kontonummer without its leading zero
    ("37040044", "", "0532013000", DE_IBAN),
    ("2100", "0418", "450200051332", ES_IBAN),  # DC + cuenta
    ("2100", "0418", "0200051332", ES_IBAN),  # cuenta alone: the DC is computed
    ("2100", "0418", "21000418450200051332", ES_IBAN),  # the 20-digit CCC
])
def test_ofx_domestic_account_is_the_listed_iban(bank, branch, account, listed):
    [st] = read_statements(french_ofx(bank, branch, account), "releve.ofx")
    assert (st.bank_id, st.branch_id) == (bank, branch)
    assert _errors([st], [listed]) == []
    assert company_account(st.account, [listed], st.bank_id, st.branch_id) == listed


@pytest.mark.parametrize("bank, branch, account", [
    ("30006", "00001", "12345678902"),  # another account at the same branch
    ("30006", "00001", "1234567890188"),  # the right number with a wrong key
    ("30006", "00002", "12345678901"),  # the same number at another branch
    ("30007", "00001", "12345678901"),  # ... at another bank
    ("30006", "", "12345678901"),  # no branch: only part of the RIB
    ("30006", "00001", "2345678901"),  # a number inside the listed one
    ("30006", "00001", "123456789018"),
    ("30006", "00001", ""),
])
def test_ofx_account_sharing_only_part_of_the_listed_iban_is_refused(bank, branch, account):
    [st] = read_statements(french_ofx(bank, branch, account), "releve.ofx")
    [error] = _errors([st], [FR_IBAN])
    assert "company.accounts" in error and f"{bank}" in error


def test_ofx_domestic_account_is_not_a_listed_iban_of_another_country():
    [st] = read_statements(french_ofx("30006", "00001", "12345678901"), "releve.ofx")
    assert _errors([st], [DE_IBAN, ES_IBAN, MC_IBAN]) != []


def test_a_printed_rib_or_belgian_number_is_the_listed_iban_but_not_a_part_of_it():
    assert company_account("30006 00001 12345678901 89", [FR_IBAN]) == FR_IBAN
    assert company_account("539-0075470-34", ["BE68539007547034"]) == "BE68539007547034"
    assert company_account("12345678901", [FR_IBAN]) is None
    assert company_account("0075470", ["BE68539007547034"]) is None


def test_ofx_domestic_account_is_booked_under_the_listed_iban(tmp_path):
    from dataclasses import replace

    [st] = read_statements(french_ofx("30006", "00001", "12345678901"), "releve.ofx")
    booked = replace(st, account=company_account(st.account, [FR_IBAN], st.bank_id, st.branch_id))
    assert booked.account == FR_IBAN and [str(x.amount) for x in booked.lines] == ["1250.00", "-84.37"]


@pytest.mark.parametrize("account, same", [
    ("19-2000145399", True), ("0000192000145399", True), ("2000145399", False), ("19-200014539", False),
    ("1-92000145399", False)])
def test_czech_ofx_prefix_and_number_with_the_bank_code_is_the_listed_iban(account, same):
    [st] = read_statements(french_ofx("0800", "", account, currency="CZK"), "vypis.ofx")
    listed = "CZ6508000000192000145399"
    assert (company_account(st.account, [listed], st.bank_id, st.branch_id) == listed) is same


def test_ofx_with_bank_code_and_account_is_booked_through_the_pipeline_under_the_listed_iban(workspace):
    from backoffice_auto.books.store import Store
    from backoffice_auto.pipeline.runner import Pipeline

    path = workspace.inbox / "bank" / "vypis.ofx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(french_ofx("0800", "", "19-2000145399", currency="CZK"))
    result = Pipeline(workspace).process_paths([path])[0]
    assert result["status"] == "done", result
    store = Store(workspace.db_path)
    try:
        rows = store.read().rows("bank_transactions")
    finally:
        store.close()
    assert {r["account_iban"] for r in rows} == {"CZ6508000000192000145399"} and len(rows) == 2


@pytest.mark.parametrize("printed, same", [
    ("ABNANL2A/NL71ABNA0123456789", True), ("ABNANL2AXXX/NL71ABNA0123456789EUR", True),
    ("ABNANL2A/0123456789", False), ("ABNANL2A/NL71ABNA012345678", False), ("NL71ABNA0123456789/ABNANL2A", False)])
def test_an_account_printed_after_the_banks_bic_is_the_listed_iban(printed, same):
    assert (company_account(printed, ["NL71ABNA0123456789"]) is not None) is same


def test_french_account_number_with_letters_gets_its_rib_key():
    listed = "FR1420041010050500013M02606"
    assert company_account("0500013M026", [listed], "20041", "01005") == listed
    assert company_account("0500013M02607", [listed], "20041", "01005") is None
