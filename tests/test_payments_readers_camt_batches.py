"""camt statements as banks deliver them since the 2025 migration, each read wrong or refused before.

- A batch entry detailing only some of its transactions (`Btch/NbOfTxs` 3 with one `TxDtls`,
  or one detail of 100.00 under an entry of 300.00) gave the whole entry that one payer's
  name, account and creditor reference: 300.00 was matched as that payer's payment.
- A camt.053 inside an envelope with its business application header (`AppHdr` beside the
  `Document`, as SWIFT's CBPR+ and banks' own wrappers deliver it) was refused as "not an
  ISO 20022 bank statement: its root element is Envelope".
- A statement written as pages (several `Stmt` of one account, the opening balance on the first
  page, the closing on the last) was booked page by page with nothing checked.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import read_statements
from bank_samples import bank_rows
from conftest import cli_json

IBAN = "CZ6508000000192000145399"
NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.{v}"


def _balance(code: str, amount: str, day: str) -> str:
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{amount}</Amt>"
            f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")


def _detail(amount: str, name: str, ref: str, text: str) -> str:
    return (f"<TxDtls><Refs><EndToEndId>E-{ref}</EndToEndId></Refs><Amt Ccy=\"EUR\">{amount}</Amt>"
            f"<CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>{name}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>"
            f"DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>{text}</Ustrd><Strd>"
            f"<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{ref}</Ref></CdtrRefInf></Strd>"
            f"</RmtInf></TxDtls>")


def _camt(entry_details: str, *, version: str = "13", amount: str = "300.00", wrap: str = "") -> bytes:
    document = (
        f"<Document xmlns=\"{NS.format(v=version)}\"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId>"
        f"<CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm></GrpHdr><Stmt><Id>S-2026-12-01</Id>"
        f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + _balance("OPBD", "1000.00", "2026-11-30")
        + _balance("CLBD", str(Decimal("1000.00") + Decimal(amount)), "2026-12-01")
        + f"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
        f"<BookgDt><Dt>2026-12-01</Dt></BookgDt><ValDt><Dt>2026-12-01</Dt></ValDt>"
        f"<AcctSvcrRef>B-1</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd>"
        f"<SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls>{entry_details}</NtryDtls></Ntry>"
        f"</Stmt></BkToCstmrStmt></Document>")
    body = wrap.replace("DOC", document) if wrap else document
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).encode()


@pytest.mark.parametrize("details", [
    "<Btch><NbOfTxs>3</NbOfTxs><TtlAmt Ccy=\"EUR\">300.00</TtlAmt></Btch>"
    + _detail("100.00", "Alfa GmbH", "RF18539007547034", "Rechnung 7"),
    _detail("100.00", "Alfa GmbH", "RF18539007547034", "Rechnung 7"),
    "<Btch><NbOfTxs>3</NbOfTxs></Btch>" + _detail("100.00", "Alfa GmbH", "RF18539007547034", "Rechnung 7")
    + _detail("100.00", "Alfa GmbH", "RF18539007547034", "Rechnung 8"),
])
def test_a_batch_detailing_a_part_of_its_entry_gives_the_entry_no_one_payer(details):
    [st] = read_statements(_camt(details), "camt053.xml")
    [line] = st.lines
    assert line.amount == Decimal("300.00")
    assert (line.counterparty_name, line.counterparty_iban, line.reference, line.end_to_end_id) == ("", "", "", "")
    assert "Rechnung 7" in line.remittance and "RF18539007547034" not in line.remittance


def test_a_detail_for_the_whole_entry_still_names_its_payer():
    [st] = read_statements(_camt(_detail("300.00", "Alfa GmbH", "RF18539007547034", "Rechnung 7")), "camt053.xml")
    [line] = st.lines
    assert (line.counterparty_name, line.reference) == ("Alfa GmbH", "RF18539007547034")


ENVELOPES = {
    "cbpr": "<Envelope xmlns=\"urn:swift:xsd:envelope\"><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"
            "<MsgDefIdr>camt.053.001.08</MsgDefIdr><CreDt>2026-12-02T06:00:00Z</CreDt></AppHdr>DOC</Envelope>",
    "bizmsg": "<BizMsgEnvlp><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.03\"><BizMsgIdr>X</BizMsgIdr>"
              "</AppHdr>DOC</BizMsgEnvlp>",
}


@pytest.mark.parametrize("kind", ENVELOPES)
def test_a_statement_in_an_envelope_with_its_application_header_is_read(kind):
    data = _camt(_detail("300.00", "Alfa GmbH", "RF18539007547034", "Rechnung 7"), version="08",
                 wrap=ENVELOPES[kind])
    [st] = read_statements(data, "camt053.xml")
    assert (st.format, st.account, st.opening, st.closing) == ("camt.053.001.08", IBAN, Decimal("1000.00"),
                                                               Decimal("1300.00"))
    assert [line.amount for line in st.lines] == [Decimal("300.00")]


def test_an_envelope_holding_no_statement_is_still_refused_naming_its_root():
    with pytest.raises(Refusal) as refused:
        read_statements(b"<?xml version=\"1.0\"?><Envelope><AppHdr><MsgDefIdr>camt.053.001.08</MsgDefIdr></AppHdr>"
                        b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/></Envelope>", "x.xml")
    assert "its root element is Envelope" in refused.value.problems[0].render()


def test_an_enveloped_statement_dropped_into_the_inbox_is_booked(workspace):
    data = _camt(_detail("300.00", "Alfa GmbH", "RF18539007547034", "Rechnung 7"), version="08",
                 wrap=ENVELOPES["cbpr"])
    (workspace.inbox / "bank" / "MT940_replacement_camt053.xml").write_bytes(data)
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (0, "done"), out
    assert [(r["amount"], r["counterparty_name"]) for r in bank_rows(workspace)] == [(Decimal("300.00"), "Alfa GmbH")]


def test_a_detail_gross_of_the_charges_the_bank_took_still_names_its_payer():
    # an incoming payment of 100.00 booked as 98.00: the detail is the whole entry, before charges
    details = _detail("100.00", "Alfa GmbH", "RF18539007547034", "Rechnung 7")
    [st] = read_statements(_camt(details, amount="98.00"), "camt053.xml")
    assert (st.lines[0].amount, st.lines[0].counterparty_name) == (Decimal("98.00"), "Alfa GmbH")
    # an entry above its detail by the charges the bank states
    charged = details.replace("</TxDtls>", "<Chrgs><TtlChrgsAndTaxAmt Ccy=\"EUR\">2.50</TtlChrgsAndTaxAmt>"
                                           "</Chrgs></TxDtls>")
    [st] = read_statements(_camt(charged, amount="102.50"), "camt053.xml")
    assert st.lines[0].counterparty_name == "Alfa GmbH"


def _page(number: int, balances: str, amount: str, ref: str) -> str:
    return (f"<Stmt><Id>S-2026-12</Id><StmtPgntn><PgNb>{number}</PgNb><LastPgInd>{'true' if number == 3 else 'false'}"
            f"</LastPgInd></StmtPgntn><Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>{balances}"
            f"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            f"<BookgDt><Dt>2026-12-0{number}</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
            f"<BkTxCd/></Ntry></Stmt>")


def _paged(closing: str) -> bytes:
    pages = (_page(1, _balance("OPBD", "1000.00", "2026-11-30"), "10.00", "P1") + _page(2, "", "20.00", "P2")
             + _page(3, _balance("CLBD", closing, "2026-12-03"), "30.00", "P3"))
    return (f"<?xml version=\"1.0\"?><Document xmlns=\"{NS.format(v='13')}\"><BkToCstmrStmt><GrpHdr><MsgId>M"
            f"</MsgId><CreDtTm>2026-12-03T18:00:00Z</CreDtTm></GrpHdr>{pages}</BkToCstmrStmt></Document>").encode()


def test_pages_with_the_opening_on_the_first_and_the_closing_on_the_last_are_checked_as_one():
    from backoffice_auto.payments.readers import check_statements

    [st] = read_statements(_paged("1060.00"), "camt053.xml")  # three statements before, none checked
    assert (st.opening, st.closing, [ln.amount for ln in st.lines]) == (
        Decimal("1000.00"), Decimal("1060.00"), [Decimal("10.00"), Decimal("20.00"), Decimal("30.00")])
    assert [p for p in check_statements([st], [IBAN]) if "balance" in p.text()] == []
    [st] = read_statements(_paged("1040.00"), "camt053.xml")  # a page lost from the middle shows now
    assert [p.text() for p in check_statements([st], [IBAN]) if p.level == "error"][0].startswith(
        "Statement S-2026-12 of account CZ6508000000192000145399 does not balance")
