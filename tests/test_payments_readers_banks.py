"""Statements written as particular banks write them (not as `bank_samples` does), checked field by field.

Each file here is typed out in one bank's habits: a German bank's MT940 with `?20`..`?33`
subfields cut at 27 characters, a Polish one with `~` subfields and `:25:/PL..`, a Czech
one in cp1250 naming the account in the domestic form, a camt.053.001.02 with a namespace
prefix, ISO-8859-1 and remittance lines cut at 35 characters, a payment of several invoices
with one structured block each, and amounts no bank writes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.checks import company_account
from backoffice_auto.payments.readers.mapping import BankMapping
from backoffice_auto.payments.readers.model import normalise_account
from backoffice_auto.payments.readers.text import decode_text, plain_amount

DE_IBAN = "DE89370400440532013000"
CZ_IBAN = "CZ6508000000192000145399"
PL_IBAN = "PL61109010140000071219812874"


def _errors(statements, accounts):
    return [p.render() for p in check_statements(statements, accounts) if p.level == "error"]


def _refusal(call) -> str:
    with pytest.raises(Refusal) as caught:
        call()
    return " | ".join(p.render() for p in caught.value.problems)


# ------------------------------------------------------------------ MT940 from three banks

_DB_86 = ("166?00SEPA-GUTSCHRIFT?109310?20EREF+E2E-2024-1?21SVWZ+Rechnungen RE-2024-001?222 und RE-2024-0013 "
          "vielen ?23Dank?30COBADEFFXXX?31DE02120300000000202051?32Mueller und Soehne Handelsg?33esellschaft mbH")
_DB_LINES = [(":86:" + _DB_86)[i:i + 65] for i in range(0, len(_DB_86) + 4, 65)]  # cut at SWIFT's 65 characters
DEUTSCHE = """{1:F01DEUTDEFFAXXX0000000000}{2:O9401200240305DEUTDEFFAXXX00000000002403051200N}{4:
:20:STARTUMS
:25:37040044/0532013000
:28C:00042/001
:60F:C240304EUR1000,00
:61:2403050305C250,00NTRFNONREF//081520240305
/OCMT/EUR250,00/
""" + "\n".join(_DB_LINES) + """
:61:240305D15,50NCHGNONREF
:86:805?00ENTGELT
?20Kontofuehrung
?21Maerz 2024
:62F:C240305EUR1234,50
:64:C240305EUR1234,50
-}
"""


def test_mt940_german_subfields_cut_at_27_run_on_and_short_ones_end_a_word():
    [st] = read_statements(DEUTSCHE.replace("\n", "\r\n").encode("cp1252"), "db.sta")
    assert (st.account, st.opening, st.closing) == ("37040044/0532013000", Decimal("1000.00"), Decimal("1234.50"))
    credit, fee = st.lines
    assert credit.amount == Decimal("250.00") and credit.booking_date == date(2024, 3, 5)
    assert credit.remittance == "Rechnungen RE-2024-0012 und RE-2024-0013 vielen Dank"
    assert credit.counterparty_name == "Mueller und Soehne Handelsgesellschaft mbH"
    assert (credit.counterparty_iban, credit.end_to_end_id, credit.bank_reference) == (
        "DE02120300000000202051", "E2E-2024-1", "081520240305")
    assert (fee.amount, fee.remittance, fee.code) == (Decimal("-15.50"), "Kontofuehrung Maerz 2024", "805")
    assert _errors([st], [DE_IBAN]) == []  # the domestic BLZ/account form is the listed IBAN


POLISH = """:20:ST240305
:25:/PL61109010140000071219812874
:28C:00012
:60F:C240304PLN12345,67
:61:2403050305C1234,56N051NONREF//PKO-77812
:86:051~00VE02PRZELEW PRZYCHODZ\xa5CY~20FV 2024/03/0012~21zap\xb3ata za faktur\xea~3010901014
~310000071219812999~32JAN KOWALSKI~33SP. Z O.O.~38PL27114020040000300201355387
:62F:C240305PLN13580,23
-
"""


def test_mt940_polish_tilde_subfields_with_a_slash_before_the_account_and_the_iban_in_38():
    [st] = read_statements(POLISH.encode("latin-1"), "pl.sta")  # the \\xNN above are cp1250 bytes
    assert st.account == PL_IBAN and _errors([st], [PL_IBAN]) == []
    [line] = st.lines
    assert line.amount == Decimal("1234.56") and line.bank_reference == "PKO-77812"
    assert line.counterparty_name == "JAN KOWALSKI SP. Z O.O."
    assert line.counterparty_iban == "PL27114020040000300201355387"
    assert line.remittance == "FV 2024/03/0012 zapłata za fakturę"


CZECH = """:20:0000000001
:25:19-2000145399/0800
:28C:15/1
:60F:C240304CZK100000,00
:61:2403050305C1234,50NMSCNONREF//2024030512345
:86:Platba faktury 2024001 od Jiří Nováček, Příbram; ťukání
:62F:C240305CZK101234,50
-
"""


def test_mt940_of_a_czech_bank_in_cp1250_keeps_its_letters_and_is_the_listed_iban():
    [st] = read_statements(CZECH.encode("cp1250"), "cz.sta")
    assert st.lines[0].remittance == "Platba faktury 2024001 od Jiří Nováček, Příbram; ťukání"
    assert _errors([st], [CZ_IBAN]) == []
    assert company_account(st.account, [CZ_IBAN]) == CZ_IBAN
    wrong = [p for p in _errors([st], ["CZ6508000000192000145398"])]
    assert len(wrong) == 1 and "19-2000145399/0800" in wrong[0] and "company.accounts" in wrong[0]


@pytest.mark.parametrize("printed, listed, same", [
    ("19-2000145399/0800", "CZ65 0800 0000 1920 0014 5399", True),
    ("2000145399/0800", "CZ65 0800 0000 1920 0014 5399", False),  # the prefix is part of the account
    ("19-8742637541/1200", "SK31 1200 0000 1987 4263 7541", True),
    ("37040044/532013000", "DE89 3704 0044 0532 0130 00", True),
    ("37040044/532013000", "AT61 1904 3002 3457 3201", False),
    ("NL71RABO0123456789EUR", "NL71 RABO 0123 4567 89", True),
])
def test_domestic_account_forms_are_the_listed_iban(printed, listed, same):
    assert (company_account(printed, [normalise_account(listed)]) is not None) is same


@pytest.mark.parametrize("text, page", [
    ("Jiří Nováček, Příbram, Děčín", "cp1250"), ("Łódź, Zażółć gęślą jaźń", "cp1250"), ("ťukání", "cp1250"),
    ("Muñoz Pérez, Crèche à côté", "cp1252"), ("Müller Straße", "cp1252"), ("Niño Mañana", "cp1252"),
])
def test_windows_code_page_is_told_by_the_letters(text, page):
    assert decode_text(text.encode(page)) == text


# ------------------------------------------------------------------ camt as banks write it

CAMT_02 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<ns2:BkToCstmrStmt><ns2:GrpHdr><ns2:MsgId>X</ns2:MsgId><ns2:CreDtTm>2024-03-05T06:00:00+01:00</ns2:CreDtTm></ns2:GrpHdr>
<ns2:Stmt><ns2:Id>STMT-1</ns2:Id>
<ns2:Acct><ns2:Id><ns2:IBAN>DE89370400440532013000</ns2:IBAN></ns2:Id><ns2:Ccy>EUR</ns2:Ccy></ns2:Acct>
<ns2:Bal><ns2:Tp><ns2:CdOrPrtry><ns2:Cd>PRCD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp><ns2:Amt Ccy="EUR">1000.00</ns2:Amt>
<ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Dt><ns2:Dt>2024-03-04</ns2:Dt></ns2:Dt></ns2:Bal>
<ns2:Bal><ns2:Tp><ns2:CdOrPrtry><ns2:Cd>CLBD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp><ns2:Amt Ccy="EUR">{closing}</ns2:Amt>
<ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Dt><ns2:Dt>2024-03-05</ns2:Dt></ns2:Dt></ns2:Bal>
<ns2:Ntry><ns2:Amt Ccy="EUR">{amount}</ns2:Amt><ns2:CdtDbtInd>{mark}</ns2:CdtDbtInd><ns2:Sts>BOOK</ns2:Sts>
<ns2:BookgDt><ns2:Dt>2024-03-05</ns2:Dt></ns2:BookgDt><ns2:ValDt><ns2:Dt>2024-03-06</ns2:Dt></ns2:ValDt>
<ns2:AcctSvcrRef>BANKREF1</ns2:AcctSvcrRef>
<ns2:NtryDtls><ns2:TxDtls><ns2:Refs><ns2:EndToEndId>E2E-ABC</ns2:EndToEndId></ns2:Refs>
<ns2:RltdPties><ns2:Dbtr><ns2:Nm>M\xfcller &amp; S\xf6hne GmbH</ns2:Nm></ns2:Dbtr>
<ns2:DbtrAcct><ns2:Id><ns2:IBAN>DE02120300000000202051</ns2:IBAN></ns2:Id></ns2:DbtrAcct></ns2:RltdPties>
<ns2:RmtInf>{remittance}</ns2:RmtInf>
</ns2:TxDtls></ns2:NtryDtls></ns2:Ntry>
</ns2:Stmt></ns2:BkToCstmrStmt></ns2:Document>
"""


def _camt02(amount="250.00", mark="CRDT", closing="1250.00", remittance=""):
    return CAMT_02.format(amount=amount, mark=mark, closing=closing, remittance=remittance).encode("latin-1")


def test_camt_remittance_lines_cut_at_35_characters_run_on_and_shorter_lines_end_a_word():
    lines = ["Rechnungen RE-2024-0012, RE-2024-0", "013 und RE-2024-0014 vom 1.3.2024 b", "eglichen", "Danke"]
    assert [len(x) for x in lines[:2]] == [34, 35]
    ustrd = "".join(f"<ns2:Ustrd>{x}</ns2:Ustrd>" for x in lines)
    [st] = read_statements(_camt02(remittance=ustrd), "a.xml")
    [line] = st.lines
    assert line.remittance == "Rechnungen RE-2024-0012, RE-2024-0 013 und RE-2024-0014 vom 1.3.2024 beglichen Danke"
    # the same text cut by a bank that fills every line: the invoice number is whole again
    full = "Rechnungen RE-2024-0012, RE-2024-0013 und RE-2024-0014 vom 1.3.2024 beglichen, Danke"
    cut = "".join(f"<ns2:Ustrd>{full[i:i + 35]}</ns2:Ustrd>" for i in range(0, len(full), 35))
    [st] = read_statements(_camt02(remittance=cut), "a.xml")
    assert st.lines[0].remittance == full
    assert (st.lines[0].counterparty_name, st.lines[0].value_date) == ("Müller & Söhne GmbH", date(2024, 3, 6))
    assert _errors([st], [DE_IBAN]) == []


def test_camt_payment_of_several_invoices_keeps_every_structured_reference():
    blocks = "".join(f"<ns2:Strd><ns2:CdtrRefInf><ns2:Ref>{ref}</ns2:Ref></ns2:CdtrRefInf></ns2:Strd>"
                     for ref in ("RF18539007547034", "RF712348231", "RF06INV20240013"))
    [st] = read_statements(_camt02(remittance=blocks), "a.xml")
    [line] = st.lines
    assert line.reference == "RF18539007547034"
    assert line.remittance == "RF712348231 RF06INV20240013"


@pytest.mark.parametrize("amount, mark", [("1e400", "CRDT"), ("-250.00", "DBIT"), ("Infinity", "CRDT"),
                                          ("1234567890123456789.00", "CRDT"), ("25O.00", "CRDT")])
def test_camt_amount_no_bank_writes_is_refused_naming_the_entry(amount, mark):
    message = _refusal(lambda: read_statements(_camt02(amount=amount, mark=mark), "odd.xml"))
    assert message.startswith("odd.xml:Stmt[1]/Ntry[1]: ") and amount in message


def test_plain_amounts_banks_do_write():
    assert [plain_amount(x) for x in ("250", "-34.51", "+.50", "12,30", "0000000012.50", "5.", "1 234,56")] == [
        Decimal("250"), Decimal("-34.51"), Decimal("0.50"), Decimal("12.30"), Decimal("12.50"), Decimal("5"),
        Decimal("1234.56")]


# ------------------------------------------------------------------ CSV in a Windows or Unicode page


def test_csv_export_without_a_named_encoding_is_read_in_the_page_its_letters_tell():
    mapping = {"b": BankMapping.model_validate({
        "account": "ES9121000418450200051332", "currency": "EUR", "locale": "es_ES",
        "columns": {"booking_date": "Fecha", "amount": "Importe", "counterparty_name": "Ordenante",
                    "remittance": "Concepto"}})}
    text = "Fecha;Importe;Ordenante;Concepto\n05/03/2024;1.234,56;Muñoz Pérez, José;Factura FRA-2024-0012 año\n"
    for data in (text.encode("cp1252"), text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode()):
        [st] = read_statements(data, "movimientos.csv", mappings=mapping)
        [line] = st.lines
        assert (line.amount, line.booking_date) == (Decimal("1234.56"), date(2024, 3, 5))
        assert (line.counterparty_name, line.remittance) == ("Muñoz Pérez, José", "Factura FRA-2024-0012 año")


def test_camt_entry_without_a_side_or_any_date_is_refused_and_one_with_a_value_date_only_is_read():
    no_side = _camt02().replace(b"<ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Sts>", b"<ns2:Sts>")
    assert _refusal(lambda: read_statements(no_side, "s.xml")) == "s.xml:Stmt[1]/Ntry[1]: Cannot read CdtDbtInd ''."
    booked = b"<ns2:BookgDt><ns2:Dt>2024-03-05</ns2:Dt></ns2:BookgDt>"
    [st] = read_statements(_camt02().replace(booked, b""), "v.xml")
    assert (st.lines[0].booking_date, st.lines[0].value_date) == (None, date(2024, 3, 6))
    undated = _camt02().replace(booked, b"").replace(b"<ns2:ValDt><ns2:Dt>2024-03-06</ns2:Dt></ns2:ValDt>", b"")
    assert "has no date" in _refusal(lambda: read_statements(undated, "u.xml"))


def test_ofx_transaction_without_a_date_is_refused_naming_it():
    from bank_samples import ofx

    data = ofx("12345", [("10.00", "F1", "Payer", "memo")]).replace(b"<DTPOSTED>20261102120000\n", b"")
    assert _refusal(lambda: read_statements(data, "o.ofx")).startswith("o.ofx:STMTRS[1]/STMTTRN[1]: The transaction "
                                                                       "has no date")


@pytest.mark.parametrize("locale", ["en_GB", "cs_CZ", "en_US"])
def test_csv_dates_are_read_in_the_order_the_column_shows_whatever_the_locale(locale):
    mapping = {"b": BankMapping.model_validate({
        "account": "US1", "currency": "USD", "locale": locale,
        "columns": {"booking_date": "Date", "value_date": "Value", "amount": "Amount"}})}
    us = "Date,Value,Amount\n03/05/2024,3/5/24,10.00\n03/13/2024,3/13/24,5.00\n"
    [st] = read_statements(us.encode(), "us.csv", mappings=mapping)
    assert [(ln.booking_date, ln.value_date) for ln in st.lines] == [
        (date(2024, 3, 5), date(2024, 3, 5)), (date(2024, 3, 13), date(2024, 3, 13))]
    gb = "Date,Value,Amount\n03/05/2024,03-05-2024,10.00\n13/05/2024,13-05-2024,5.00\n"
    [st] = read_statements(gb.encode(), "gb.csv", mappings=mapping)
    assert [ln.booking_date for ln in st.lines] == [date(2024, 5, 3), date(2024, 5, 13)]
    assert [ln.value_date for ln in st.lines] == [date(2024, 5, 3), date(2024, 5, 13)]


def test_csv_amounts_marked_debit_or_credit_beside_the_number_are_signed_by_the_mark():
    mapping = {"b": BankMapping.model_validate({
        "account": "GB1", "currency": "GBP", "locale": "en_GB",
        "columns": {"booking_date": "Date", "amount": "Amount", "balance": "Balance"}})}
    text = ("Date,Amount,Balance\n05/03/2024,100.00 CR,100.00 CR\n06/03/2024,250.00 DR,150.00 DR\n"
            "07/03/2024,Cr 50.00,100.00 DR\n")
    [st] = read_statements(text.encode(), "uk.csv", mappings=mapping)
    assert [ln.amount for ln in st.lines] == [Decimal("100.00"), Decimal("-250.00"), Decimal("50.00")]
    assert (st.opening, st.closing) == (Decimal("0.00"), Decimal("-100.00"))
    german = {"b": BankMapping.model_validate({
        "account": "DE1", "currency": "EUR", "locale": "de_DE",
        "columns": {"booking_date": "Buchungstag", "amount": "Umsatz"}})}
    text = "Buchungstag;Umsatz\n05.03.2024;1.234,56 S\n06.03.2024;99,00 H\n"
    [st] = read_statements(text.encode(), "de.csv", mappings=german)
    assert [ln.amount for ln in st.lines] == [Decimal("-1234.56"), Decimal("99.00")]
