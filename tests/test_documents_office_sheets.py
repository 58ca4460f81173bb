"""Sheets as offices make them, in every reader: a title block, blank rows, a totals row
(`Celkem`, `Razem`, `Total`, `Sous-total`, ...), notes under the table and a column nobody
asked for. Each is read in .xlsx and in CSV (a Czech one `;`-separated in cp1250); the data
rows are accepted and every skipped row is named in an info line."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from backoffice_auto.books.schema import TABLES
from backoffice_auto.documents.rowkinds import is_total_label, row_ranges
from backoffice_auto.documents.tables import read_table
from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.orders.reader import read_orders
from backoffice_auto.payroll.timesheet import read_timesheet
from conftest import xlsx_bytes


def _file(rows: list[list], fmt: str, name: str, encoding: str = "cp1250") -> tuple[bytes, str]:
    """The same rows as an .xlsx or as a `;`-separated CSV (cp1250: how Czech Excel saves one)."""
    if fmt == "xlsx":
        return xlsx_bytes({"List1": rows}), f"{name}.xlsx"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding), f"{name}.csv"


def _notes(notes) -> list[str]:
    return [n.text() for n in notes if n.level == "info"]


ORDER_ROWS = [
    ["Objednávky listopad 2026", None, None, None, None, None],
    ["Vystavil: J. Novák", None, None, None, None, None],
    [None, None, None, None, None, None],
    ["Č. obj.", "Datum", "Odběratel", "Kód zboží", "Množství", "Barva"],
    ["OBJ-1", "20.11.2026", "C001", "SKU-A", "5", "modrá"],
    ["OBJ-1", "20.11.2026", "C001", "SKU-B", "2", "červená"],
    [None, None, None, None, None, None],
    ["OBJ-2", "21.11.2026", "C002", "SKU-A", "1", None],
    ["Celkem", None, None, None, "8", None],
    [None, None, None, None, None, None],
    ["Poznámka: dodat do pátku, prosím", None, None, None, None, None],
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_order_sheet_with_a_title_totals_notes_and_an_unknown_column_is_accepted(fmt):
    data, name = _file(ORDER_ROWS, fmt, "objednavky")
    read = read_orders(data, name, "cs_CZ")
    assert read.problems == []
    assert [(r.values["order_id"], r.values["sku"], r.values["quantity"]) for r in read.rows] == [
        ("OBJ-1", "SKU-A", Decimal(5)), ("OBJ-1", "SKU-B", Decimal(2)), ("OBJ-2", "SKU-A", Decimal(1))]
    assert read.rows[0].values["order_date"] == date(2026, 11, 20)
    assert all(not r.problems for r in read.rows)
    assert _notes(read.notes) == [
        "Title above the header row skipped (rows 1–2).",
        "Blank rows skipped (rows 7).",
        "Totals and subtotals skipped (rows 9).",
        "Notes below the table skipped (rows 11).",
        "Column F ('Barva') is not a known column and was ignored.",
    ]
    assert [n.render("cs") for n in read.notes if "9" in n.text()][0].endswith(
        "Součty a mezisoučty přeskočeny (řádky 9).")
    guessed = [n for n in read.notes if n.level == "warning"]
    assert [n.text("cs") for n in guessed] == [
        "Sloupec A ('Č. obj.') byl vzat jako Číslo objednávky; pokud to nesedí, přejmenujte jej."]


TIMESHEET_ROWS = [
    ["Docházka – listopad 2026", None, None, None, None],
    [None, None, None, None, None],
    ["Osobní číslo", "Datum", "Příchod", "Odchod", "Podpis"],
    ["E001", "2.11.2026", "07:00", "15:30", "JN"],
    [None, None, None, None, None],
    ["E001", "3.11.2026", "07:00", "15:00", None],
    ["Celkem", None, None, None, None],
    ["Schválil vedoucí směny", None, None, None, None],
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_timesheet_with_a_title_totals_notes_and_an_unknown_column_is_accepted(fmt):
    data, name = _file(TIMESHEET_ROWS, fmt, "dochazka")
    sheet = read_timesheet(read_workbook(data, name), "cs_CZ")
    assert sheet.problems == []
    assert [(r.employee_id, r.day) for r in sheet.rows] == [("E001", date(2026, 11, 2)), ("E001", date(2026, 11, 3))]
    assert _notes(sheet.notes) == [
        "Title above the header row skipped (rows 1).",
        "Blank rows skipped (rows 5).",
        "Totals and subtotals skipped (rows 7).",
        "Notes below the table skipped (rows 8).",
        "Column E ('Podpis') is not a known column and was ignored.",
    ]


ITEM_ROWS = [
    ["Liste des articles", None, None, None],
    ["au 30/11/2026", None, None, None],
    ["Référence", "Désignation", "Qté en stock", "Fournisseur préféré"],
    ["A-1", "Vis à bois", "120", "Leroy"],
    [None, None, None, None],
    ["A-2", "Écrou M8", "80", None],
    ["Sous-total", None, "200", None],
    ["A-3", "Rondelle", "15", None],
    ["Total général", None, "215", None],
    ["Prix hors taxes, franco entrepôt.", None, None, None],
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_master_data_with_a_title_subtotals_notes_and_an_unknown_column_is_accepted(fmt):
    data, name = _file(ITEM_ROWS, fmt, "articles", "utf-8-sig")
    (sheet,) = read_workbook(data, name).sheets
    read = read_table(sheet, TABLES["items"].fields, name, "fr_FR", required=TABLES["items"].key)
    assert read.problems == []
    assert [(r["sku"], r["name"], r["on_hand"]) for r in read.records] == [
        ("A-1", "Vis à bois", Decimal(120)), ("A-2", "Écrou M8", Decimal(80)), ("A-3", "Rondelle", Decimal(15))]
    assert _notes(read.notes) == [
        "Title above the header row skipped (rows 1–2).",
        "Blank rows skipped (rows 5).",
        "Totals and subtotals skipped (rows 7, 9).",
        "Notes below the table skipped (rows 10).",
        "Column D ('Fournisseur préféré') is not a known column and was ignored.",
    ]
    assert read.unknown_columns == ["Fournisseur préféré"]


@pytest.mark.parametrize("label", ["Celkem", "CELKEM:", "Celkem za listopad", "Mezisoučet", "Razem", "Suma",
                                   "Ogółem", "Total", "Subtotal", "Sub-total", "Grand total", "Gesamt", "Summe",
                                   "Sous-total", "Total général", "Total general", "Suma total", "Totales"])
def test_totals_labels_in_five_languages_and_german(label):
    assert is_total_label(label)


@pytest.mark.parametrize("value", ["SUM-100", "TOTAL01", "Totalní výprodej 2", "Sumatra coffee", "Celá zrna", "", None, 12])
def test_codes_and_names_are_not_totals_labels(value):
    assert not is_total_label(value)


def test_a_totals_word_in_a_full_data_row_is_data():
    sheet = read_workbook(xlsx_bytes({"Items": [["SKU", "Name", "On hand"], ["A-1", "Total protection spray", 3]]}),
                          "items.xlsx").sheets[0]
    read = read_table(sheet, TABLES["items"].fields, "items.xlsx")
    assert [r["name"] for r in read.records] == ["Total protection spray"] and read.notes == []


def test_a_name_without_its_code_is_a_bad_row_not_a_note():
    sheet = read_workbook(xlsx_bytes({"Items": [["SKU", "Name"], ["A-1", "Bolt"], [None, "Nut without a code"]]}),
                          "items.xlsx").sheets[0]
    read = read_table(sheet, TABLES["items"].fields, "items.xlsx")
    assert [p.render() for p in read.problems] == [
        "items.xlsx:Items!A3: Column SKU is empty here, but a value is required."]


def test_rows_are_named_as_ranges():
    assert row_ranges([1, 2, 3, 9, 11, 12]) == "1–3, 9, 11–12"
    assert row_ranges([5]) == "5"


def test_the_czech_order_csv_with_celkem_goes_through_the_orders_job(workspace):
    """The sheet of the report: `;`-separated cp1250 with a `Celkem` row was refused whole
    ("column Datum is empty here but required" for B9, C9, D9); now it is served."""
    from test_orders_support import run, seed_books, texts

    seed_books(workspace)
    rows = [["Objednávky listopad 2026", None, None, None, None],
            [None, None, None, None, None],
            ["Číslo objednávky", "Datum", "Odběratel", "Kód zboží", "Množství"],
            ["OBJ-1", "20.11.2026", "C001", "SKU-A", "2"],
            ["OBJ-1", "20.11.2026", "C001", "SKU-C", "1,5"],
            ["OBJ-2", "20.11.2026", "C002", "SKU-B", "1"],
            [None, None, None, None, None],
            ["Celkem", None, None, None, "4,5"]]
    data, name = _file(rows, "csv", "objednavky")
    path = workspace.inbox / "orders" / name
    path.write_bytes(data)
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    assert "objednavky.csv:objednavky: Totals and subtotals skipped (rows 8)." in texts(result)
    assert "objednavky.csv:objednavky: Title above the header row skipped (rows 1)." in texts(result)
