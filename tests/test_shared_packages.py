"""The shared packages every job may use: ledger records, parties, payment terms."""

from dataclasses import fields
from datetime import date
from decimal import Decimal

from backoffice_auto.books.schema import TABLES
from backoffice_auto.books.store import Store
from backoffice_auto.ledger import BankTransaction, Bill, Match, SalesInvoice, bills, get_bank_transaction, get_sales_invoice, put
from backoffice_auto.parties import BankAccount, compact_iban, iban_problem, normalize_iban, supplier


def test_ledger_records_name_the_books_fields():
    for cls in (SalesInvoice, Bill, BankTransaction):
        assert tuple(f.name for f in fields(cls)) == TABLES[cls.TABLE].field_names


def test_ledger_records_round_trip_through_the_books(tmp_path):
    store = Store(tmp_path / "state.db")
    invoice = SalesInvoice("2026-0001", customer_id="C1", issue_date=date(2026, 11, 2), currency="EUR",
                           net=Decimal("100.00"), tax=Decimal("21.00"), total=Decimal("121.00"),
                           paid=Decimal("0"), status="open")
    bill = Bill("B-1", supplier_id="S1", total=Decimal("50.00"), status="scheduled")
    tx = BankTransaction("T1", amount=Decimal("121.00"), currency="EUR", status="matched",
                         matches=(Match("2026-0001", Decimal("121.00")),))
    with store.transaction() as books:
        for record in (invoice, bill, tx):
            assert put(books, record).kind == "added"
    books = store.read()
    assert get_sales_invoice(books, "2026-0001") == invoice
    assert get_sales_invoice(books, "2026-0001").open_amount == Decimal("121.00")
    assert bills(books, status="scheduled") == [bill]
    assert get_bank_transaction(books, "T1") == tx
    store.close()


def test_iban_normalised_and_checked():
    assert compact_iban(" cz65 0800-0000 1920 0014 5399") == "CZ6508000000192000145399"
    assert normalize_iban("cz65 0800 0000 1920 0014 5399") == "CZ6508000000192000145399"
    assert normalize_iban("CZ66 0800 0000 1920 0014 5399") is None
    assert iban_problem("CZ66 0800 0000 1920 0014 5399")
    assert iban_problem("CZ6508000000192000145399") is None
    assert BankAccount.parse("DE89 3704 0044 0532 0130 00", "cobadeffxxx") == BankAccount(
        "DE89370400440532013000", "COBADEFFXXX")


def test_party_from_the_books(tmp_path):
    store = Store(tmp_path / "state.db")
    with store.transaction() as books:
        books.upsert("suppliers", {"supplier_id": "S1", "name": "Nordlicht GmbH", "iban": "de89 3704 0044 0532 0130 00",
                                   "language": "de", "payment_terms": "2/10 net 30"})
    party = supplier(store.read(), "S1")
    assert party.name == "Nordlicht GmbH" and party.account.iban == "DE89370400440532013000"
    assert supplier(store.read(), "nobody") is None
    store.close()
