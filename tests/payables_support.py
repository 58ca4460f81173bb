"""Helpers of the payables tests: a workspace with suppliers and bills in real SQLite, and
an approval workbook filled in the way a person would (openpyxl, saved to the inbox)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.workspace import Workspace

SETTINGS = """company:
  name: Demo s.r.o.
  iban: CZ6508000000192000145399
  bic: GIBACZPX
  country: CZ
currency: EUR
"""
PAYABLES = """cost_of_money_pct: 10
approvers:
  - name: Jana
    limit: 1000
  - name: Petr
    limit: 100000
"""
SUPPLIERS = [
    {"supplier_id": "S1", "name": "Alfa GmbH", "email": "alfa@example.com", "language": "de", "country": "DE",
     "iban": "DE89370400440532013000", "payment_terms": "2/10 net 30", "priority": 1},
    {"supplier_id": "S2", "name": "Beta SARL", "email": "beta@example.com", "language": "fr", "country": "FR",
     "iban": "FR1420041010050500013M02606", "payment_terms": "net 30", "priority": 2},
    {"supplier_id": "S3", "name": "Gamma sp. z o.o.", "email": "gamma@example.com", "language": "pl",
     "country": "PL", "iban": "PL61109010140000071219812874", "payment_terms": "net 14", "on_hold": True},
]


def bill(bid, sid, total, issue, due=None, number=None, status="scheduled"):
    return {"bill_id": bid, "supplier_id": sid, "invoice_number": number or f"INV-{bid}", "issue_date": issue,
            "due_date": due, "currency": "EUR", "total": Decimal(total), "paid": Decimal(0), "status": status}


BILLS = [
    bill("B1", "S1", "1000.00", date(2026, 11, 25)),  # 2/10: discount by 5.12 -> paid Thu 3.12
    bill("B2", "S1", "250.00", date(2026, 11, 1), due=date(2026, 12, 1)),
    bill("B3", "S2", "400.00", date(2026, 11, 1), due=date(2026, 12, 2)),
    bill("B4", "S3", "99.00", date(2026, 11, 1), due=date(2026, 12, 1)),  # supplier on hold
    bill("C1", "S2", "-100.00", date(2026, 11, 5), number="CN-1"),
]


def workspace(tmp_path: Path, payables: str = PAYABLES, bills=BILLS, suppliers=SUPPLIERS) -> Workspace:
    ws = Workspace.at(tmp_path / "ws")
    ws.init()
    (ws.rules_dir / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    (ws.rules_dir / "payables.yaml").write_text(payables, encoding="utf-8")
    store = Store(ws.db_path)
    with store.transaction() as books:
        books.upsert_many("suppliers", suppliers)
        books.upsert_many("bills", bills)
    store.close()
    return ws


def books_rows(ws: Workspace, table: str) -> dict:
    store = Store(ws.db_path)
    try:
        books = store.read()
        [key] = books.table(table).key
        return {r[key]: r for r in books.rows(table)}
    finally:
        store.close()


def approve(proposal: Path, target: Path, approver="Petr", second="", bills=None, edit=None) -> Path:
    """Fill the proposal as a person would: names, 'yes' in Approve (all or `bills`), then `edit(ws)`."""
    wb = load_workbook(proposal)
    ws = wb["Proposal"]
    ws.protection.sheet = False  # a person may unprotect; the checksum still holds
    ws["C3"], ws["C4"] = approver, second
    for row in range(7, ws.max_row + 1):
        bid = ws.cell(row, 6).value
        if bid and (bills is None or bid in bills):
            ws.cell(row, 12).value = "yes"
    if edit:
        edit(ws)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target
