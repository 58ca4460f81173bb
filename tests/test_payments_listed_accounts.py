"""An account listed in `company.accounts` in its domestic form is one account with its IBAN.

Found by listing the company's account as Czech accountants write it, `19-2000145399/0800`, beside
`company.iban` CZ6508000000192000145399: an MT940 naming the one and a camt naming the other, with
the same transaction, were booked under two keys, the transaction twice. With the domestic form
alone, every camt (which names the IBAN) was refused as "not one of the company's accounts".
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.payments.readers.checks import listed_iban
from bank_samples import bank_rows, camt053, mt940, process_bank_file

D = Decimal


@pytest.mark.parametrize("listed, iban", [
    ("19-2000145399/0800", "CZ6508000000192000145399"),
    ("19-2000145399 / 0800", "CZ6508000000192000145399"),
    ("2000145399/0900", "SK0209000000002000145399"),  # a bank code the Slovak registry knows
    ("37040044/0532013000", "DE89370400440532013000"),
    ("61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874"),
    ("19-2000145398/0800", ""),  # the number fails its check: left as written
    ("61 1090 1014 0000 0712 1981 2875", ""),
    ("CZ6508000000192000145399", ""), ("1234/5678", ""),
])
def test_a_domestic_account_form_names_its_iban(listed, iban):
    assert listed_iban(listed) == iban


def _list_accounts(workspace, accounts: list[str], iban: str | None) -> None:
    settings = workspace.root / "rules" / "settings.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "  accounts:\n", "  accounts:\n" + "".join(f"    - '{a}'\n" for a in accounts), 1)
    if iban is None:
        text = text.replace("  iban: CZ6508000000192000145399\n", "  iban:\n", 1)
    settings.write_text(text, encoding="utf-8")


def test_one_transaction_in_an_mt940_by_domestic_account_and_a_camt_by_iban_is_booked_once(workspace):
    _list_accounts(workspace, ["19-2000145399/0800"], iban="CZ6508000000192000145399")
    process_bank_file(workspace, "a.sta", mt940("19-2000145399/0800", "0,00", [("250,00", "C", "REF1", "x")]))
    out = process_bank_file(workspace, "b.xml", camt053("CZ6508000000192000145399", "0",
                                                        [("250.00", "CRDT", "REF1", "x")]))
    assert any("was imported before and was not booked again" in m["text"] for m in out["messages"]), out
    assert [(r["account_iban"], r["amount"]) for r in bank_rows(workspace)] == [
        ("CZ6508000000192000145399", D("250.00"))]


def test_a_camt_by_iban_is_ours_when_the_account_is_listed_only_in_its_domestic_form(workspace):
    _list_accounts(workspace, ["19-2000145399/0800"], iban=None)
    process_bank_file(workspace, "b.xml", camt053("CZ6508000000192000145399", "0", [("250.00", "CRDT", "R1", "x")]))
    assert [r["amount"] for r in bank_rows(workspace)] == [D("250.00")]
