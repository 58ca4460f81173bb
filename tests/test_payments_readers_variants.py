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
