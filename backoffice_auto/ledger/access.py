"""Typed reads and writes of the ledger records, through a job's `Books` (never raw SQL).

`books` is the `Books` of the job's transaction (`ctx.books`), or `Store.read()` outside a job.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from backoffice_auto.books.store import Change
from backoffice_auto.ledger.records import BankTransaction, Bill, SalesInvoice


class BooksLike(Protocol):
    def get(self, table: str, key: Any) -> dict | None: ...
    def rows(self, table: str, **equals: Any) -> list[dict]: ...
    def upsert(self, table: str, record: Any) -> Change: ...


R = TypeVar("R", SalesInvoice, Bill, BankTransaction)


def _get(books: BooksLike, cls: type[R], key: str) -> R | None:
    row = books.get(cls.TABLE, key)
    return cls.from_row(row) if row is not None else None


def _rows(books: BooksLike, cls: type[R], **equals: Any) -> list[R]:
    return [cls.from_row(row) for row in books.rows(cls.TABLE, **equals)]


def get_sales_invoice(books: BooksLike, invoice_number: str) -> SalesInvoice | None:
    return _get(books, SalesInvoice, invoice_number)


def get_bill(books: BooksLike, bill_id: str) -> Bill | None:
    return _get(books, Bill, bill_id)


def get_bank_transaction(books: BooksLike, transaction_id: str) -> BankTransaction | None:
    return _get(books, BankTransaction, transaction_id)


def sales_invoices(books: BooksLike, **equals: Any) -> list[SalesInvoice]:
    """Sales invoices whose fields equal the given values (`status="open"`), all without any."""
    return _rows(books, SalesInvoice, **equals)


def bills(books: BooksLike, **equals: Any) -> list[Bill]:
    return _rows(books, Bill, **equals)


def bank_transactions(books: BooksLike, **equals: Any) -> list[BankTransaction]:
    return _rows(books, BankTransaction, **equals)


def put(books: BooksLike, record: SalesInvoice | Bill | BankTransaction) -> Change:
    """Insert or update the record under its key; the `Change` says what moved."""
    return books.upsert(record.TABLE, record.as_row())
