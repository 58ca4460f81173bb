"""Statements in the variants banks actually send, built here: intraday camt.052 reports with only
interim balances, camt.053 of every version with the namespace written in different ways, batch
entries whose details are in another currency, reversals, MT940 `:86:` of several banks'
conventions and spreadsheet exports whose header is not the first row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.payments.readers import check_statements, read_statements

IBAN = "DE89370400440532013000"


def _problems(statements, level="error"):
    return [p.render() for p in check_statements(statements, [IBAN]) if p.level == level]


def _bal(code: str, amount: str, stamp: str) -> str:
    value = Decimal(amount)
    when = f"<DtTm>{stamp}</DtTm>" if "T" in stamp else f"<Dt>{stamp}</Dt>"
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{abs(value)}</Amt>"
            f"<CdtDbtInd>{'CRDT' if value >= 0 else 'DBIT'}</CdtDbtInd><Dt>{when}</Dt></Bal>")


def _entry(amount: str, side: str, ref: str, body: str = "") -> str:
    return (f"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            f"<BookgDt><Dt>2026-11-30</Dt></BookgDt><ValDt><Dt>2026-11-30</Dt></ValDt>"
            f"<AcctSvcrRef>{ref}</AcctSvcrRef>{body}</Ntry>")


def camt052(balances: list[tuple[str, str, str]], entries: list[str], *, version: str = "08") -> bytes:
    """An intraday account report as banks send it during the day: interim balances, booked entries."""
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.{version}\"><BkToCstmrAcctRpt>"
            f"<GrpHdr><MsgId>R-1</MsgId><CreDtTm>2026-11-30T12:00:00+01:00</CreDtTm></GrpHdr>"
            f"<Rpt><Id>RPT-20261130-12</Id><CreDtTm>2026-11-30T12:00:00+01:00</CreDtTm>"
            f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
            + "".join(_bal(*b) for b in balances) + "".join(entries)
            + "</Rpt></BkToCstmrAcctRpt></Document>\n").encode()


TWO = [_entry("120.00", "CRDT", "A1"), _entry("20.00", "DBIT", "A2")]  # +100.00


@pytest.mark.parametrize("balances", [
    [("PRCD", "1000.00", "2026-11-29"), ("ITBD", "1100.00", "2026-11-30T12:00:00+01:00"),
     ("ITAV", "900.00", "2026-11-30T12:00:00+01:00")],
    [("OPBD", "1000.00", "2026-11-30"), ("ITBD", "1100.00", "2026-11-30T12:00:00+01:00")],
    # interim balances out of time order in the file: the earliest opens, the latest closes
    [("ITBD", "1100.00", "2026-11-30T12:00:00+01:00"), ("ITAV", "5.00", "2026-11-30T12:00:00+01:00"),
     ("ITBD", "1000.00", "2026-11-30T08:00:00+01:00")],
])
def test_camt052_is_checked_between_the_balances_it_has(balances):
    [st] = read_statements(camt052(balances, TWO), "rpt.xml")
    assert (st.opening, st.closing) == (Decimal("1000.00"), Decimal("1100.00"))
    assert _problems([st]) == [] and _problems([st], "warning") == []


@pytest.mark.parametrize("balances", [
    [("PRCD", "1000.00", "2026-11-29"), ("ITBD", "1101.00", "2026-11-30T12:00:00+01:00")],
    [("OPBD", "1000.00", "2026-11-30"), ("ITBD", "1101.00", "2026-11-30T12:00:00+01:00")],
])
def test_camt052_whose_interim_balance_disagrees_is_refused_with_the_difference(balances):
    [st] = read_statements(camt052(balances, TWO), "rpt.xml")
    [error] = _problems([st])
    assert error.startswith("rpt.xml:Rpt[1]: ") and "difference 1.00 EUR" in error


@pytest.mark.parametrize("balances", [
    [("ITBD", "1100.00", "2026-11-30T12:00:00+01:00"), ("ITAV", "900.00", "2026-11-30T12:00:00+01:00")],
    [("ITAV", "900.00", "2026-11-30T12:00:00+01:00")],
    [],
])
def test_camt052_with_one_booked_balance_or_none_is_booked_with_the_usual_note(balances):
    [st] = read_statements(camt052(balances, TWO), "rpt.xml")
    assert _problems([st]) == []
    [note] = _problems([st], "warning")
    assert "without the balance check" in note


# ------------------------------------------------------------------ camt.053 namespaces as banks write them

def _prefixed(xml: str, ns: str, prefix: str) -> str:
    """Every element of the document written with `prefix:` (the namespace bound to it on the root)."""
    import re

    body = re.sub(r"<(/?)(\w+)", lambda m: f"<{m[1]}{prefix}:{m[2]}", xml.split("\n", 1)[1])
    return xml.split("\n", 1)[0] + "\n" + body.replace(f'<{prefix}:Document xmlns="{ns}">',
                                                       f'<{prefix}:Document xmlns:{prefix}="{ns}">')


@pytest.mark.parametrize("version", ["02", "03", "04", "05", "06", "07", "08"])
@pytest.mark.parametrize("style", ["default", "prefix", "schema-location", "no-namespace", "no-namespace-bare",
                                   "swift"])
def test_camt053_every_version_with_the_namespace_written_any_way(version, style):
    from bank_samples import camt053

    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
    xml = camt053(IBAN, "10.00", [("5.00", "CRDT", "R1", "INV-7"), ("2.50", "DBIT", "R2", "fee")],
                  version=version).decode()
    root = f'<Document xmlns="{ns}">'
    xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    xml = {"default": xml, "prefix": _prefixed(xml, ns, "ns2"),
           "schema-location": xml.replace(root, f'<Document xmlns="{ns}" {xsi} xsi:schemaLocation="{ns} '
                                                f'camt.053.001.{version}.xsd">'),
           "no-namespace": xml.replace(root, f'<Document {xsi} xsi:noNamespaceSchemaLocation='
                                             f'"camt.053.001.{version}.xsd">'),
           "no-namespace-bare": xml.replace(root, "<Document>"),
           "swift": xml.replace(ns, f"urn:swift:xsd:camt.053.001.{version}")}[style]
    [st] = read_statements(xml.encode(), "s.xml")
    assert st.format.startswith("camt.053") and st.account == IBAN
    assert [(ln.amount, ln.remittance) for ln in st.lines] == [(Decimal("5.00"), "INV-7"), (Decimal("-2.50"), "fee")]
    assert (st.opening, st.closing) == (Decimal("10.00"), Decimal("12.50")) and _problems([st]) == []


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><Document><CstmrCdtTrfInitn><GrpHdr/></CstmrCdtTrfInitn></Document>',
    b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><BkToCstmrStmt/>'
    b'</Document>',
])
def test_other_iso20022_documents_are_still_not_statements(xml):
    from backoffice_auto.errors import Refusal
    from backoffice_auto.payments.readers.camt import read_camt

    with pytest.raises(Refusal):
        read_camt(xml, "p.xml")


# ------------------------------------------------------------------ batch details and reversals in camt

def _detail(text: str, *, amt: tuple[str, str] | None = None, instd: tuple[str, str] | None = None,
            tx: tuple[str, str] | None = None, side: str = "", parties: str = "") -> str:
    amount = f'<Amt Ccy="{amt[1]}">{amt[0]}</Amt>' if amt else ""
    amount += f"<CdtDbtInd>{side}</CdtDbtInd>" if side else ""
    details = "".join(f'<{tag}><Amt Ccy="{a[1]}">{a[0]}</Amt></{tag}>' for tag, a in (("InstdAmt", instd),
                                                                                         ("TxAmt", tx)) if a)
    return (f"<TxDtls>{amount}" + (f"<AmtDtls>{details}</AmtDtls>" if details else "")
            + f"<RltdPties>{parties}</RltdPties><RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls>")


OPEN_CLOSE = [("OPBD", "1000.00", "2026-11-30"), ("CLBD", "1300.00", "2026-11-30")]


@pytest.mark.parametrize("first, second", [
    # the details' own amounts in the currency sent, the account's in TxAmt
    ({"amt": ("110.00", "USD"), "tx": ("100.00", "EUR")}, {"amt": ("220.00", "USD"), "tx": ("200.00", "EUR")}),
    ({"amt": ("100.00", "EUR"), "instd": ("110.00", "USD")}, {"amt": ("200.00", "EUR"), "instd": ("220.00", "USD")}),
    ({"instd": ("110.00", "USD"), "tx": ("100.00", "EUR")}, {"instd": ("220.00", "USD"), "tx": ("200.00", "EUR")}),
])
def test_camt_batch_in_another_currency_is_split_by_the_account_currency_amounts(first, second):
    body = "<NtryDtls>" + _detail("INV-1", **first) + _detail("INV-2", **second) + "</NtryDtls>"
    [st] = read_statements(camt052(OPEN_CLOSE, [_entry("300.00", "CRDT", "B1", body)]), "fx.xml")
    assert [(ln.amount, ln.currency, ln.remittance) for ln in st.lines] == [
        (Decimal("100.00"), "EUR", "INV-1"), (Decimal("200.00"), "EUR", "INV-2")]
    assert _problems([st]) == []


def test_camt_batch_known_only_in_the_sent_currency_stays_one_line():
    body = ("<NtryDtls>" + _detail("INV-1", instd=("110.00", "USD")) + _detail("INV-2", instd=("220.00", "USD"))
            + "</NtryDtls>")
    [st] = read_statements(camt052(OPEN_CLOSE, [_entry("300.00", "CRDT", "B1", body)]), "fx.xml")
    assert [(ln.amount, ln.currency, ln.remittance) for ln in st.lines] == [(Decimal("300.00"), "EUR", "INV-1 INV-2")]


def test_camt_reversal_keeps_the_counterparty_of_the_payment_it_undoes():
    payer = ("<Dbtr><Nm>Dupont SARL</Nm></Dbtr><DbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id>"
             "</DbtrAcct><Cdtr><Nm>Our Company GmbH</Nm></Cdtr>")
    body = "<RvslInd>true</RvslInd><NtryDtls>" + _detail("INV-9", side="CRDT", parties=payer) + "</NtryDtls>"
    balances = [("OPBD", "1000.00", "2026-11-30"), ("CLBD", "900.00", "2026-11-30")]
    [st] = read_statements(camt052(balances, [_entry("100.00", "DBIT", "RV1", body)]), "rv.xml")
    [line] = st.lines
    assert line.amount == Decimal("-100.00") and line.remittance == "INV-9"
    assert (line.counterparty_name, line.counterparty_iban) == ("Dupont SARL", "FR7630006000011234567890189")
    assert _problems([st]) == []


# ------------------------------------------------------------------ MT940 :86: in other banks' conventions

ABN_LABELLED = """ABNANL2A
940
ABNANL2A
:20:ABN AMRO BANK NV
:25:NL71ABNA0123456789
:28:26334/1
:60F:C261130EUR1000,00
:61:2611301130C100,00N654NONREF
:86:SEPA OVERBOEKING                 IBAN: NL44RABO0123456789
BIC: RABONL2U                    NAAM: JANSEN HANDEL BV
OMSCHRIJVING: FACTUUR 2026-0043  KENMERK: E2E-78
:61:2611301130D50,00N654NONREF
:86:SEPA INCASSO ALGEMEEN DOORLOPEND INCASSANT: NL98ZZZ999999990000
NAAM: KPN B.V.                   MACHTIGING: 1-2345678
OMSCHRIJVING: FACTUUR 99887766   IBAN: NL70ABNA0401234567
KENMERK: 99887766
:61:2611301130D9,00N192NONREF
:86:GIRO   428428 KPN - DIGITENNE    BETALINGSKENM.  000000042188659
:62F:C261130EUR1041,00
-
"""


def test_mt940_labelled_sepa_lines_give_name_iban_purpose_and_end_to_end_id():
    [st] = read_statements(ABN_LABELLED.encode(), "abn.sta")
    assert [(ln.counterparty_name, ln.counterparty_iban, ln.remittance, ln.end_to_end_id) for ln in st.lines] == [
        ("JANSEN HANDEL BV", "NL44RABO0123456789", "FACTUUR 2026-0043", "E2E-78"),
        ("KPN B.V.", "NL70ABNA0401234567", "FACTUUR 99887766", "99887766"),
        ("", "", "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659", "")]
    assert [p for p in check_statements([st], ["NL71ABNA0123456789"]) if p.level == "error"] == []


# ------------------------------------------------------------------ spreadsheet exports

GERMAN_COLUMNS = {"booking_date": "Buchungstag", "value_date": "Valuta", "amount": "Betrag",
                  "counterparty_name": "Auftraggeber/Empfänger", "remittance": "Verwendungszweck", "balance": "Saldo"}
GERMAN_HEADER = ["Buchungstag", "Valuta", "Auftraggeber/Empfänger", "Verwendungszweck", "Betrag", "Saldo"]


def test_xlsx_with_the_header_under_a_preamble_and_the_closing_balance_under_the_data():
    from datetime import datetime

    from conftest import xlsx_bytes

    from backoffice_auto.payments.readers.mapping import BankMapping

    rows = [["Kontoumsätze"], ["Konto", "DE89 3704 0044 0532 0130 00"], ["Zeitraum", "01.11.2026 - 30.11.2026"], [],
            GERMAN_HEADER, ["November 2026"],
            [datetime(2026, 11, 2), datetime(2026, 11, 2), "Dupont SARL", "RE 2026-1", 1210.1, 11210.1],
            [datetime(2026, 11, 3), datetime(2026, 11, 3), "Bank", "Gebühr", -0.3, 11209.8],
            [],
            [None, None, None, "Endsaldo", None, 11209.8],
            ["Erstellt am 30.11.2026"]]
    mapping = {"bank": BankMapping.model_validate({"account": IBAN, "currency": "EUR", "locale": "de_DE",
                                                   "columns": GERMAN_COLUMNS})}
    [st] = read_statements(xlsx_bytes({"Umsätze": rows}), "umsaetze.xlsx", mappings=mapping)
    assert [(ln.amount, ln.remittance) for ln in st.lines] == [(Decimal("1210.1"), "RE 2026-1"),
                                                               (Decimal("-0.3"), "Gebühr")]
    assert (st.opening, st.closing) == (Decimal("10000.0"), Decimal("11209.8")) and _problems([st]) == []
    assert st.lines[1].source.render() == "umsaetze.xlsx:Umsätze!E8"


NO_CODE_SUBFIELDS = """:20:1
:25:/PL61109010140000071219812874
:28C:036/2026
:60F:C261130PLN10000,00
:61:2611301130CN1230,00N525NONREF
:86:^00PRZELEW ZEWNĘTRZNY PRZYCHODZĄCY^20FV 2026/11/0042^21zapłata^3010
90101400^310000071219812874^32ALFA SP. Z O.O.^38PL27114020040000300201355387
:61:2611301130DN30,00N511NONREF
:86:?00OPŁATA?20Prowizja za prowadzenie rachunku
:62F:C261130PLN11200,00
-
"""


def test_mt940_subfields_without_a_transaction_code_in_front_are_read_as_subfields():
    [st] = read_statements(NO_CODE_SUBFIELDS.encode("utf-8"), "pl.sta")
    assert [(ln.amount, ln.counterparty_name, ln.counterparty_iban, ln.remittance) for ln in st.lines] == [
        (Decimal("1230.00"), "ALFA SP. Z O.O.", "PL27114020040000300201355387", "FV 2026/11/0042 zapłata"),
        (Decimal("-30.00"), "", "", "Prowizja za prowadzenie rachunku")]
