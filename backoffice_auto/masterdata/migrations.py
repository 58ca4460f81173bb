"""Master-data columns added after the core tables (owned by the master-data job).

Append to MIGRATIONS; never edit a script that has run. The columns are part of the books'
vocabulary (`books/schema.py`); they are added here, in the master-data job's own component,
so the core component's script list stays as it was.
"""

from __future__ import annotations

from backoffice_auto.books.schema import Table

MIGRATIONS: list[str] = [
    """
    -- postal addresses of customers and suppliers (printed on invoices: VAT Directive art. 226)
    ALTER TABLE customers ADD COLUMN street TEXT;
    ALTER TABLE customers ADD COLUMN postal_code TEXT;
    ALTER TABLE customers ADD COLUMN city TEXT;
    ALTER TABLE suppliers ADD COLUMN street TEXT;
    ALTER TABLE suppliers ADD COLUMN postal_code TEXT;
    ALTER TABLE suppliers ADD COLUMN city TEXT;
    """,
]

TABLES: dict[str, Table] = {}
