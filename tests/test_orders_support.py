"""Helpers of the orders tests: a workspace with small real books, order sheets, one pipeline run."""

from __future__ import annotations

import email
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline

D = Decimal
HEADERS = ["order_id", "order_date", "customer_id", "sku", "quantity", "unit_price", "ship_by", "notes"]

ITEMS = [
    # sku, name, unit, price, tax, on_hand, reserved, min, max, multiple, location
    ("SKU-A", "Šroub M8 žlutý", "pcs", D("12.50"), D(21), D(10), D(0), D(5), D(50), D(10), "B-02"),
    ("SKU-B", "Łożysko kulkowe", "pcs", D("3.35"), D(21), D(4), D(1), None, None, None, "A-01"),
    ("SKU-C", "Café moulu", "kg", D("18.90"), D(12), D("5.5"), D(0), D(2), D(10), D(1), "A-03"),
    ("SKU-D", "Pneumático", "pcs", D("99.00"), D(21), D(0), D(0), D(1), D(4), D(2), "C-01"),
]
CUSTOMERS = [
    # id, name, email, language, priority, ship_policy, discount, terms
    ("C001", "Stavebniny Dvořák s.r.o.", "orders@dvorak.example.cz", "cs", 1, "partial", D(0), "net 30"),
    ("C002", "Hurtownia Wiśniewski sp. z o.o.", "zamowienia@wisniewski.example.pl", "pl", 3, "partial", D(5),
     "2/10 net 30"),
    ("C003", "Quincaillerie Lefèvre SARL", "commandes@lefevre.example.fr", "fr", 2, "complete", D(2),
     "net 30 eom"),
    ("C004", "Ferretería Núñez S.L.", None, "es", 1, None, D(0), None),
]


def seed_books(ws, items=ITEMS, customers=CUSTOMERS, purchase_orders=()) -> None:
    store = Store(ws.db_path)
    try:
        with store.transaction() as books:
            books.upsert_many("items", [dict(zip(
                ("sku", "name", "unit", "unit_price", "tax_rate", "on_hand", "reserved", "reorder_min",
                 "reorder_max", "reorder_multiple", "location"), row), currency="EUR") for row in items])
            books.upsert_many("customers", [dict(zip(
                ("customer_id", "name", "email", "language", "priority", "ship_policy", "discount_pct",
                 "payment_terms"), row)) for row in customers])
            if purchase_orders:
                books.upsert_many("purchase_orders", list(purchase_orders))
    finally:
        store.close()


def order_sheet(path: Path, rows, headers=HEADERS, title: str | None = "Objednávky", sheets=None) -> Path:
    """A formatted order workbook: title row, bold filled header, widths; `sheets` for several."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, body in (sheets or {"Orders": rows}).items():
        ws = wb.create_sheet(name)
        if title:
            ws.append([title])
        ws.append(headers)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="FFD966")
        for row in body:
            ws.append(list(row))
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text a clerk typed, as Excel keeps '=... typed with a quote
        ws.column_dimensions["D"].width = 21
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def row(oid, cid, sku, qty, day=date(2026, 11, 20), price=None, ship_by=None, notes=None):
    return [oid, day, cid, sku, qty, price, ship_by, notes]


def run(ws, *paths):
    return Pipeline(ws).process_paths([Path(p) for p in paths])


def books(ws):
    store = Store(ws.db_path)
    return store, store.read()


def job_dir(ws, result) -> Path:
    outs = [o for o in result["outputs"] if o.startswith("outbox/") and "/mail/" not in o]
    return ws.root / Path(outs[0]).parents[0] if outs else None


def output(ws, result, name: str) -> Path:
    for o in result["outputs"]:
        if o.endswith("/" + name):
            return ws.root / o
    raise AssertionError(f"no output {name} in {result['outputs']}")


def mails(ws) -> list[email.message.EmailMessage]:
    out = []
    for path in sorted(ws.mail_pending.glob("*.eml")):
        out.append(email.message_from_bytes(path.read_bytes(), policy=email.policy.default))
    return out


def texts(result) -> list[str]:
    return [f"{m['where']}: {m['text']}" if m.get("where") else m["text"] for m in result["messages"]]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)
