"""The shared pain.001 writer: valid by XSD in both versions, accounts refused first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.sepa import AccountError, Debtor, Payment, check_schema, credit_transfer

DEBTOR = Debtor("Demo s.r.o.", "CZ65 0800 0000 1920 0014 5399", "GIBACZPX")
DE_IBAN = "DE89370400440532013000"
FR_IBAN = "FR1420041010050500013M02606"


def pay(n, amount="10.00", iban=DE_IBAN, ref=None, currency="EUR", bic=None):
    return Payment(f"Supplier {n}", iban, Decimal(amount), currency, f"E2E-{n}", f"INV-{n}", bic, ref)


@pytest.mark.parametrize("version", ["pain.001.001.03", "pain.001.001.09"])
def test_file_is_valid_and_adds_up(version):
    xml = credit_transfer(DEBTOR, [pay(1, "1234.56"), pay(2, "0.01", FR_IBAN)], date(2026, 12, 1), version=version)
    check_schema(xml, version)
    ns = {"p": f"urn:iso:std:iso:20022:tech:xsd:{version}"}
    root = ElementTree.fromstring(xml)
    amounts = [Decimal(a.text) for a in root.iterfind(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", ns)]
    assert amounts == [Decimal("1234.56"), Decimal("0.01")]
    assert Decimal(root.find(".//p:GrpHdr/p:CtrlSum", ns).text) == sum(amounts)


def test_structured_creditor_reference():
    xml = credit_transfer(DEBTOR, [pay(1, ref="RF18539007547034")], date(2026, 12, 1))
    assert b"<Ref>RF18539007547034</Ref>" in xml and b"SCOR" in xml and b"Ustrd" not in xml


def test_czk_is_written_without_the_sepa_service_level():
    xml = credit_transfer(DEBTOR, [pay(1, "500.00", "CZ6508000000192000145399", currency="CZK")], date(2026, 12, 1))
    assert b'Ccy="CZK"' in xml and b"<Cd>SEPA</Cd>" not in xml


@pytest.mark.parametrize("payment", [pay(1, iban="DE89370400440532013001"), pay(1, bic="NOTABIC!"),
                                     pay(1, amount="0.00")])
def test_invalid_account_or_amount_is_refused_before_anything_is_built(payment):
    with pytest.raises(AccountError) as info:
        credit_transfer(DEBTOR, [pay(2), payment], date(2026, 12, 1))
    assert "Supplier 1" in str(info.value)


def test_schema_check_refuses_a_broken_file():
    with pytest.raises(ValueError):
        check_schema(b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'><x/></Document>")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 10**9), min_size=1, max_size=20))
def test_file_sum_equals_the_sum_of_its_payments(cents):
    payments = [pay(i, str(Decimal(c) / 100)) for i, c in enumerate(cents)]
    root = ElementTree.fromstring(credit_transfer(DEBTOR, payments, date(2026, 12, 1)))
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    assert Decimal(root.find(".//p:GrpHdr/p:CtrlSum", ns).text) == sum(p.amount for p in payments)
