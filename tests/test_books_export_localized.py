"""The books export speaks the workspace language (sheet names and column headers) and a
books export dropped back into `inbox/books/` imports unchanged (the labels are aliases)."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from backoffice_auto.books.schema import TABLES
from backoffice_auto.reports.books_export import column_headers
from backoffice_auto.workspace import Workspace
from conftest import cli_json, run_cli, write_workbook

MASTER = {
    "Items": [["sku", "name", "unit", "unit_price", "currency", "tax_rate", "on_hand", "reorder_min", "location"],
              ["A-1", "Šroubovák", "pcs", Decimal("1234.50"), "EUR", 21, 12, 5, "R-01"],
              ["A-2", "Kleště", "pcs", Decimal("99.90"), "EUR", 21, 3, 0, "R-02"]],
    "Customers": [["customer_id", "name", "email", "language", "country", "city", "priority", "discount_pct"],
                  ["C1", "Pekárna Novák", "novak@example.cz", "cs", "CZ", "Brno", 2, Decimal("2.5")]],
    "Suppliers": [["supplier_id", "name", "email", "country", "vat_id", "iban", "payment_terms"],
                  ["S1", "Papírny Šumava", "info@sumava.example.cz", "CZ", "CZ12345678",
                   "CZ6508000000192000145399", "net 30"]],
    "Employees": [["employee_id", "name", "email", "language", "department", "pay_type", "hourly_rate", "currency"],
                  ["E1", "Jana Nováková", "jana@example.cz", "cs", "Sklad", "hourly", Decimal("250"), "CZK"]],
}


def _workspace(root, language: str) -> Workspace:
    ws = Workspace.at(root)
    ws.init()
    settings = ws.rules_dir / "settings.yaml"
    settings.write_text(re.sub(r"(?m)^language: en$", f"language: {language}", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return ws


@pytest.mark.parametrize("language", ["en", "cs", "pl", "es", "fr"])
def test_books_export_is_headed_in_the_workspace_language_and_imports_again(tmp_path, language):
    first = _workspace(tmp_path / "first", language)
    path = write_workbook(first.inbox / "books" / "master.xlsx", MASTER)
    run_cli("process", str(path), "-w", str(first.root), check=True)
    run_cli("books", "export", "-w", str(first.root), check=True)
    _, before = cli_json("books", "export", "-w", str(first.root))

    book = load_workbook(first.books_out / "items.xlsx", read_only=True)
    sheet = book.worksheets[0]
    headers = next(sheet.iter_rows(max_row=1, values_only=True))
    assert list(headers) == column_headers(TABLES["items"].field_names, language)
    assert not any("_" in h for h in headers), headers  # never an internal field name
    expected_title = {"en": "Items", "cs": "Zboží", "pl": "Towary", "es": "Artículos", "fr": "Articles"}[language]
    assert sheet.title == expected_title
    book.close()

    second = _workspace(tmp_path / "second", language)
    for table in ("items", "customers", "suppliers", "employees"):
        shutil.copyfile(first.books_out / f"{table}.xlsx", second.inbox / "books" / f"{table}.xlsx")
    code, results = cli_json("process", "-w", str(second.root))
    assert code == 0, results
    assert all(r["status"] == "done" for r in results), results
    _, after = cli_json("books", "export", "-w", str(second.root))
    for table in ("items", "customers", "suppliers", "employees"):
        assert after[table] == before[table], table


def test_czech_headers_are_the_clerks_words():
    headers = column_headers(["sku", "unit_price", "on_hand"], "cs")
    assert headers[0] != "Item code" and headers[0] == headers[0].strip()
    assert column_headers(["no_label_here"], "cs") == ["no label here"]
