"""camt.052/053/054 as banks write them: every version, prefixed namespaces, batches of payers.

Found by writing statements the ways German, Czech and Swiss banks send them (camt.053.001.02 to
.12, `ns2:` prefixes, SWIFT's namespace, `Othr/Id` accounts, proprietary balance codes, ITBD-only
reports, notifications): all were read. Two things were wrong. An entry after a batch split into its
payments was named by the count of lines before it (`Ntry[3]` for the second entry), so a refusal
pointed at the wrong entry; and a batch whose payments carry no amounts of their own (it stays one
line) was booked as paid by its first payer alone, with the other payers' references dropped.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements

D = Decimal
IBAN = "CZ6508000000192000145399"


def _bal(code: str, amount: str, proprietary: bool = False) -> str:
    kind = f"<Prtry>{code}</Prtry>" if proprietary else f"<Cd>{code}</Cd>"
    return (f'<Bal><Tp><CdOrPrtry>{kind}</CdOrPrtry></Tp><Amt Ccy="EUR">{amount}</Amt>'
            "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-03</Dt></Dt></Bal>")


def _detail(amount: str | None, party: str, text: str) -> str:
    amt = f'<AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>' if amount else ""
    return (f"<TxDtls><Refs><EndToEndId>E-{party}</EndToEndId></Refs>{amt}<RltdPties><Dbtr><Nm>{party}</Nm></Dbtr>"
            f"</RltdPties><RmtInf>{text}</RmtInf></TxDtls>")


def _batch(amounts: tuple[str | None, str | None]) -> str:
    return ('<Ntry><Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
            "<BookgDt><Dt>2026-11-02</Dt></BookgDt><AcctSvcrRef>BATCH1</AcctSvcrRef><NtryDtls><Btch><NbOfTxs>2"
            "</NbOfTxs></Btch>" + _detail(amounts[0], "Alfa GmbH", "<Ustrd>RE-2026-0001</Ustrd>")
            + _detail(amounts[1], "Beta AG", "<Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>")
            + "</NtryDtls></Ntry>")


_FEE = ('<Ntry><Amt Ccy="EUR">5.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><DtTm>2026-11-03T10:00:00'
        "+01:00</DtTm></BookgDt><AcctSvcrRef>FEE1</AcctSvcrRef><AddtlNtryInf>Kontoführung</AddtlNtryInf></Ntry>")


def _document(version: str = "053.001.02", entries: str = "", balances: str | None = None, prefix: str = "",
              namespace: str = "urn:iso:std:iso:20022:tech:xsd:camt.", account: str = f"<IBAN>{IBAN}</IBAN>") -> bytes:
    kind = version[:3]
    root, box = {"053": ("BkToCstmrStmt", "Stmt"), "052": ("BkToCstmrAcctRpt", "Rpt"),
                 "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn")}[kind]
    if balances is None:
        balances = _bal("PRCD", "1000.00") + _bal("CLBD", "1294.50")
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{namespace}{version}"><{root}><GrpHdr>'
           f"<MsgId>M1</MsgId><CreDtTm>2026-11-03T18:00:00</CreDtTm></GrpHdr><{box}><Id>S-1</Id>"
           f"<Acct><Id>{account}</Id><Ccy>EUR</Ccy></Acct>{balances}{entries}</{box}></{root}></Document>")
    if int(version[-2:]) >= 8:
        xml = xml.replace("<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>")
    if prefix:
        xml = xml.replace("<Document xmlns=", f"<{prefix}:Document xmlns:{prefix}=")
        xml = re.sub(r"<(/?)(?!\?)(?!/?\w+:)([A-Za-z])", lambda m: f"<{m[1]}{prefix}:{m[2]}", xml)
    return xml.encode("utf-8")


def _lines(data: bytes):
    [st] = read_statements(data, "camt.xml")
    assert [p.text() for p in check_statements([st], [IBAN]) if p.level == "error"] == []
    return [(ln.amount, ln.counterparty_name, ln.reference, ln.remittance, ln.source.render()) for ln in st.lines]


SPLIT = [(D("100.00"), "Alfa GmbH", "", "RE-2026-0001", "camt.xml:Stmt[1]/Ntry[1]/TxDtls[1]"),
         (D("200.00"), "Beta AG", "RF18539007547034", "", "camt.xml:Stmt[1]/Ntry[1]/TxDtls[2]"),
         (D("-5.50"), "", "", "Kontoführung", "camt.xml:Stmt[1]/Ntry[2]")]  # was Ntry[3]


@pytest.mark.parametrize("form", [
    {"version": "053.001.02"}, {"version": "053.001.04"}, {"version": "053.001.06"}, {"version": "053.001.08"},
    {"version": "053.001.10"}, {"version": "053.001.12"}, {"prefix": "ns2"}, {"namespace": "urn:swift:xsd:camt."},
    {"account": "<Othr><Id>19-2000145399/0800</Id></Othr>"},
    {"balances": _bal("OPBD", "1000.00", proprietary=True) + _bal("CLBD", "1294.50", proprietary=True)},
], ids=lambda form: "-".join(f"{k}={v[:20]}" for k, v in form.items()))
def test_a_batch_split_into_its_payments_and_the_entry_after_it_named_by_its_own_number(form):
    assert _lines(_document(entries=_batch(("100.00", "200.00")) + _FEE, **form)) == SPLIT


def test_an_intraday_report_and_a_notification_are_read_the_same():
    report = _document("052.001.02", _batch(("100.00", "200.00")) + _FEE, _bal("ITBD", "1000.00") + _bal("ITBD", "1294.50"))
    assert [line[:4] for line in _lines(report)] == [line[:4] for line in SPLIT]
    [st] = read_statements(_document("054.001.02", _batch(("100.00", "200.00")) + _FEE, ""), "camt.xml")
    assert len(st.lines) == 3 and (st.opening, st.closing) == (None, None)


def test_a_batch_whose_payments_carry_no_amounts_is_one_line_of_no_one_payer_with_every_reference():
    [batch, fee] = _lines(_document(entries=_batch((None, None)) + _FEE))
    assert batch == (D("300.00"), "", "", "RE-2026-0001 RF18539007547034", "camt.xml:Stmt[1]/Ntry[1]")
    # was ('Alfa GmbH', '', 'RE-2026-0001'): the whole 300.00 booked as Alfa's
    assert fee[-1] == "camt.xml:Stmt[1]/Ntry[2]"


def test_a_refusal_names_the_entry_after_a_split_batch():
    bad = _FEE.replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>X</CdtDbtInd>")
    with pytest.raises(Refusal) as refused:
        read_statements(_document(entries=_batch(("100.00", "200.00")) + bad), "camt.xml")
    assert refused.value.problems[0].render().startswith("camt.xml:Stmt[1]/Ntry[2]:")  # was Ntry[3]


def test_a_batch_statement_that_does_not_add_up_is_refused_with_the_difference():
    [st] = read_statements(_document(entries=_batch(("100.00", "200.00")) + _FEE,
                                     balances=_bal("PRCD", "1000.00") + _bal("CLBD", "1294.60")), "camt.xml")
    [error] = [p.text() for p in check_statements([st], [IBAN]) if p.level == "error"]
    assert "does not balance" in error and "0.10" in error
