"""`rows(table, field={values})`: the rows whose field is one of the values, in key order.

Why: matching a statement loaded every bank transaction in the books to pick the few just
imported (3.5 s per statement once the books held 100,000), and the duplicate check read
every earlier import of the account; both now look up only what they need.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice_auto.books.store import Store
from backoffice_auto.jobspec import installed_specs


def test_rows_among_a_set_of_values_equal_the_filtered_table_in_key_order(workspace):
    store = Store(workspace.db_path, installed_specs())
    try:
        with store.transaction() as books:
            books.insert_many("bank_transactions", [
                {"transaction_id": f"BT-{i:06d}", "account_iban": "CZ65" if i % 3 else "DE89",
                 "booking_date": date(2026, 11, 1 + i % 28), "amount": Decimal(i) / 100, "currency": "EUR",
                 "end_to_end_id": f"E{i % 700}", "status": "unmatched"} for i in range(1, 2501)])
        books = store.read()
        everything = books.rows("bank_transactions")
        wanted = {f"BT-{i:06d}" for i in range(7, 2501, 2)} | {"BT-999999"}  # 1,247 of them, over several slices
        assert books.rows("bank_transactions", transaction_id=wanted) == \
            [r for r in everything if r["transaction_id"] in wanted]
        ids = frozenset({"E5", "E699", "nothing"})
        assert books.rows("bank_transactions", account_iban="CZ65", end_to_end_id=ids) == \
            [r for r in everything if r["end_to_end_id"] in ids and r["account_iban"] == "CZ65"]
        assert books.rows("bank_transactions", transaction_id=set()) == []
        with pytest.raises(ValueError):
            books.rows("bank_transactions", transaction_id={"BT-000001"}, end_to_end_id={"E1"})
    finally:
        store.close()
