"""Schema migrations, one append-only list of SQL scripts per component.

A component's applied version is kept in `schema_version`; a new script is appended, never
edited, so an old workspace upgrades by running what it has not run yet.
"""

from __future__ import annotations

from importlib import import_module

COMPONENTS = ("core", "orders", "invoices", "payroll", "mail", "payments", "payables", "payments_matching")


def component_modules():
    for name in COMPONENTS:
        yield name, import_module(f"backoffice_auto.books.migrations.{name}")
