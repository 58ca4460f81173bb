"""Gap-free number sequences (job ids, invoice and bill numbers, transaction ids).

Why its own module: the journal and the books both take numbers, always inside the
transaction that uses them, so a refused or crashed job never consumes one and two
writers never get the same number (the transaction holds the write lock).
"""

from __future__ import annotations

from backoffice_auto.books.dialect import Db


def take(db: Db, sequence: str, count: int = 1) -> int:
    """Reserve the next `count` numbers of `sequence`; returns the first (one read, one write)."""
    first = current(db, sequence) + 1
    db.execute("INSERT INTO sequences (name, value) VALUES (?, ?) "
               "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (sequence, first + count - 1))
    return first


def current(db: Db, sequence: str) -> int:
    """The last number given (0 before the first)."""
    return db.scalar("SELECT value FROM sequences WHERE name = ?", (sequence,), 0)
