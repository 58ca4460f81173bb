"""A party from the books: customer, supplier or employee seen by what every job needs of one
(who, where to write, which language, how to pay them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from backoffice_auto.parties.bank import BankAccount


class BooksLike(Protocol):
    def get(self, table: str, key: Any) -> dict | None: ...


_TABLES = {"customer": ("customers", "customer_id"), "supplier": ("suppliers", "supplier_id"),
           "employee": ("employees", "employee_id")}


@dataclass(frozen=True)
class Party:
    role: str  # customer, supplier, employee
    party_id: str
    name: str | None = None
    email: str | None = None
    language: str | None = None
    country: str | None = None
    vat_id: str | None = None
    payment_terms: str | None = None
    account: BankAccount | None = None

    @classmethod
    def from_row(cls, role: str, row: dict) -> "Party":
        key = _TABLES[role][1]
        return cls(role=role, party_id=str(row[key]), name=row.get("name"), email=row.get("email"),
                   language=row.get("language"), country=row.get("country"), vat_id=row.get("vat_id"),
                   payment_terms=row.get("payment_terms"),
                   account=BankAccount.parse(row.get("iban"), row.get("bic"), row.get("name")))


def _party(books: BooksLike, role: str, party_id: str) -> Party | None:
    row = books.get(_TABLES[role][0], party_id)
    return Party.from_row(role, row) if row is not None else None


def customer(books: BooksLike, customer_id: str) -> Party | None:
    return _party(books, "customer", customer_id)


def supplier(books: BooksLike, supplier_id: str) -> Party | None:
    return _party(books, "supplier", supplier_id)


def employee(books: BooksLike, employee_id: str) -> Party | None:
    return _party(books, "employee", employee_id)
