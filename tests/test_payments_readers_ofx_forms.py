"""OFX files as French, British and other banks' portals write them.

Found by writing OFX 1 (SGML) and OFX 2 (XML) statements the ways banks send them: an OFX 1 header
naming its character set as `CHARSET:UTF-8`, `8859-1` or `1250` (ofxtools takes only `ISO-8859-1`,
`1252` and `NONE`) had the whole file refused as 'The OFX file cannot be read: Invalid OFX header';
and a British account given as its sort code in `BANKID` and its number in `ACCTID` was refused as
not one of the company's accounts although its IBAN is listed. Both are read now; the ledger balance
is still the one figure OFX states, and an account that is not ours is still refused.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.payments.readers import check_statements, read_statements

D = Decimal
FR = "FR7630006000011234567890189"
GB = "GB29NWBK60161331926819"
_HEADER = ("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:{encoding}\r\nCHARSET:{charset}\r\n"
           "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")
_BODY = ("<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261103<LANGUAGE>FRA</SONRS>"
         "</SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>0<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS>"
         "<CURDEF>EUR<BANKACCTFROM><BANKID>30006<BRANCHID>00001<ACCTID>12345678901<ACCTTYPE>CHECKING</BANKACCTFROM>"
         "<BANKTRANLIST><DTSTART>20261101<DTEND>20261103"
         "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261102<TRNAMT>1234,56<FITID>F1<NAME>VIR SEPA {payer}"
         "<MEMO>FACTURE F-2026-001</STMTTRN>"
         "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261103000000.000[+1:CET]<TRNAMT>-45.90<FITID>F2<NAME>CB CRECHE</STMTTRN>"
         "</BANKTRANLIST><LEDGERBAL><BALAMT>1188.66<DTASOF>20261103</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>"
         "</OFX>\r\n")


@pytest.mark.parametrize("encoding, charset, codec, payer", [
    ("USASCII", "1252", "cp1252", "Hélène Muñoz"),
    ("UTF-8", "UTF-8", "utf-8", "Hélène Muñoz"),
    ("UTF-8", "NONE", "utf-8", "Hélène Muñoz"),
    ("USASCII", "8859-1", "latin-1", "Hélène Muñoz"),
    ("USASCII", "ISO-8859-1", "latin-1", "Hélène Muñoz"),
    ("USASCII", "WINDOWS-1252", "cp1252", "Hélène Muñoz"),
    ("USASCII", "1250", "cp1250", "Žluťoučký kůň"),
    ("UNICODE", "CSUNICODE", "utf-8", "Łódź Sp. z o.o."),
])
def test_an_ofx_1_file_is_read_whatever_character_set_its_header_names(encoding, charset, codec, payer):
    data = (_HEADER.format(encoding=encoding, charset=charset) + _BODY.format(payer=payer)).encode(codec)
    [st] = read_statements(data, "releve.ofx")  # was refused: "'UTF-8' is not OneOf ('ISO-8859-1', '1252', 'NONE')"
    assert [(ln.amount, ln.counterparty_name, ln.remittance) for ln in st.lines] == [
        (D("1234.56"), f"VIR SEPA {payer}", "FACTURE F-2026-001"), (D("-45.90"), "CB CRECHE", "CB CRECHE")]
    assert (st.closing, str(st.lines[1].booking_date)) == (D("1188.66"), "2026-11-03")
    assert [p.text() for p in check_statements([st], [FR]) if p.level == "error"] == []


def _british(sort_code: str, number: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<?OFX OFXHEADER="200" VERSION="211" '
            'SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID>'
            "<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><STMTRS><CURDEF>GBP</CURDEF><BANKACCTFROM>"
            f"<BANKID>{sort_code}</BANKID><ACCTID>{number}</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>"
            "<BANKTRANLIST><DTSTART>20261101</DTSTART><DTEND>20261103</DTEND><STMTTRN><TRNTYPE>CREDIT</TRNTYPE>"
            "<DTPOSTED>20261102</DTPOSTED><TRNAMT>100.00</TRNAMT><FITID>A1</FITID><NAME>ACME LTD</NAME>"
            "<MEMO>INV-2026-0001</MEMO></STMTTRN></BANKTRANLIST><LEDGERBAL><BALAMT>100.00</BALAMT><DTASOF>20261103"
            "</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>").encode("utf-8")


def test_a_british_account_given_as_sort_code_and_number_is_the_listed_iban():
    [st] = read_statements(_british("601613", "31926819"), "statement.ofx")
    assert [p.text() for p in check_statements([st], [GB]) if p.level == "error"] == []  # was 'not one of ...'


@pytest.mark.parametrize("sort_code, number", [("601614", "31926819"), ("601613", "31926818"), ("NWBK", "31926819")])
def test_another_british_account_is_still_not_ours(sort_code, number):
    [st] = read_statements(_british(sort_code, number), "statement.ofx")
    [error] = [p.text() for p in check_statements([st], [GB]) if p.level == "error"]
    assert "not one of the company's accounts" in error


@pytest.mark.parametrize("credit, balance, amount", [("2.234,56", "2.188,66", "2234.56"),
                                                     ("2,234.56", "2,188.66", "2234.56")])
def test_an_ofx_amount_with_its_thousands_grouped_by_the_other_mark_is_read(credit, balance, amount):
    """`<TRNAMT>2.234,56` was refused as "Cannot read transaction TRNAMT/DTPOSTED '2.234,56'"."""
    body = _BODY.format(payer="X").replace("<TRNAMT>1234,56", f"<TRNAMT>{credit}").replace(
        "<BALAMT>1188.66", f"<BALAMT>{balance}")
    [st] = read_statements((_HEADER.format(encoding="USASCII", charset="1252") + body).encode("cp1252"), "r.ofx")
    assert ([ln.amount for ln in st.lines], st.closing) == ([D(amount), D("-45.90")], D(amount) - D("45.90"))


@pytest.mark.parametrize("written", ["1.234.567", "2.522.98", "1.234,5678"])
def test_an_ofx_amount_whose_marks_do_not_tell_is_still_refused(written):
    from backoffice_auto.payments.readers.text import plain_amount

    with pytest.raises(ValueError):
        plain_amount(written)
