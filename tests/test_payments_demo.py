"""The demo's bank statements: built from open invoices, they read back, balance and carry every case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice_auto.payments.demo import camt053, demo_lines, mt940
from backoffice_auto.payments.readers import check_statements, read_statements

DAY = date(2026, 11, 30)
CUSTOMERS = {"C1": {"name": "Alfa s.r.o.", "iban": "CZ4808000000007080862591", "payment_terms": "2/10 net 30"},
             "C2": {"name": "Beta SARL", "iban": "FR7620041010057571231267856", "payment_terms": "net 30"}}
INVOICES = [{"invoice_number": f"INV-2026-{i:05d}", "customer_id": "C1" if i % 2 else "C2", "currency": "EUR",
             "total": Decimal(100 * i) + Decimal("0.45"), "status": "open"} for i in range(1, 12)]


def test_demo_statement_pays_in_every_way_and_balances():
    lines, used = demo_lines(INVOICES, CUSTOMERS, "EUR", seed=0)
    texts = [ln[4] for ln in lines]
    assert any("first instalment" in t for t in texts) and any(" and " in t for t in texts)
    assert any("discount" in t for t in texts) and "Payment" in texts  # the decoy says nothing more
    assert len(used) >= 7
    data = camt053("CZ6508000000192000145399", "EUR", Decimal("25000.00"), lines, DAY, "STMT-1")
    [st] = read_statements(data, "demo.xml")
    assert len(st.lines) == len(lines) and st.format == "camt.053.001.08"
    assert [p for p in check_statements([st], ["CZ6508000000192000145399"]) if p.level == "error"] == []
    assert st.lines[0].counterparty_name and st.lines[0].counterparty_iban


def test_demo_mt940_for_the_second_account_balances():
    lines = [(Decimal("1514.44"), "MT-1", "Gamma Sp. z o.o.", "PL56109010146238292384073062",
              "VS 202600105 INV-2026-00105", "E2E-1"), (Decimal("-6.90"), "MT-2", "", "", "account fee", "NOTPROVIDED")]
    data = mt940("CZ6020100000002400123456", "EUR", Decimal("4800.00"), lines, DAY, "DEMO261130")
    [st] = read_statements(data, "demo.sta")
    assert [ln.amount for ln in st.lines] == [Decimal("1514.44"), Decimal("-6.90")]
    assert st.lines[0].remittance == "VS 202600105 INV-2026-00105" and st.lines[0].counterparty_name == "Gamma Sp. z o.o."
    assert st.lines[0].end_to_end_id == "E2E-1" and st.lines[1].end_to_end_id == ""
    assert [p for p in check_statements([st], ["CZ6020100000002400123456"]) if p.level == "error"] == []
