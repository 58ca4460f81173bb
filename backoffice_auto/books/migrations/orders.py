"""Tables of the orders job (owned by that job). Append to MIGRATIONS; never edit an applied script."""

from __future__ import annotations

from backoffice_auto.books.schema import Table

MIGRATIONS: list[str] = []

TABLES: dict[str, Table] = {}
