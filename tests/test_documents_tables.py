"""Sheets to typed records: header row found by alias, every bad cell reported with its place."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook

from backoffice_auto.books.schema import TABLES
from backoffice_auto.documents.aliases import ALIASES, AliasIndex, normalise_header
from backoffice_auto.documents.inputs import DAILY_HOURS_ROW, ORDER_ROW, PUNCH_ROW
from backoffice_auto.documents.tables import find_duplicate_keys, guess_sheet_table, guess_table, read_table
from backoffice_auto.documents.workbook import Sheet, read_workbook

ITEMS = TABLES["items"].fields


def sheet_of(rows: list[tuple], name: str = "Items", file: str = "items.xlsx") -> Sheet:
    return Sheet(name, [tuple(r) for r in rows], file)


def rendered(problems) -> list[str]:
    return [p.render() for p in problems]


def test_czech_headers_below_a_title_and_czech_numbers():
    sheet = sheet_of([
        ("Ceník skladu", None, None, None),
        ("Stav k 22. 11. 2026", None, None, None),
        (None, None, None, None),
        ("Kód zboží", "Název", "Cena (Kč)", "Sazba DPH", "Skladem"),
        ("A-1", "Šroub M6", "1 234,50", "21 %", "1\u00a0000"),
        (None, None, None, None, None),
        (1002, "Matice", Decimal("0.5"), 21, 7),
    ])
    read = read_table(sheet, ITEMS, "zbozi.xlsx", "cs_CZ")
    assert read.problems == []
    assert read.header_row == 4
    assert read.columns == {"sku": "A", "name": "B", "unit_price": "C", "tax_rate": "D", "on_hand": "E"}
    first, second = read.records
    assert first.values == {"sku": "A-1", "name": "Šroub M6", "unit_price": Decimal("1234.50"),
                            "tax_rate": Decimal("21"), "on_hand": Decimal("1000")}
    assert first.source.render() == "zbozi.xlsx:Items!5"
    assert first.cells["unit_price"].render() == "zbozi.xlsx:Items!C5"
    assert second.values["sku"] == "1002" and second.source.row == 7  # blank row 6 skipped


@pytest.mark.parametrize("headers", [
    ("SKU", "Name", "Unit price", "Qty on hand"),
    ("Kod towaru", "Nazwa", "Cena jednostkowa", "Stan magazynowy"),
    ("Código", "Nombre", "Precio unitario", "Existencias"),
    ("Référence", "Désignation", "Prix unitaire", "Quantité en stock"),
    ("kód_zboží", "NÁZEV", "cena-za-jednotku", "množství skladem"),
])
def test_headers_in_every_language(headers):
    read = read_table(sheet_of([headers, ("A-1", "x", "2", "3")]), ITEMS, "items.xlsx", "en_GB")
    assert set(read.columns) == {"sku", "name", "unit_price", "on_hand"}, read.columns


def test_unknown_columns_are_listed_not_refused():
    read = read_table(sheet_of([("SKU", "Name", "Colour"), ("A-1", "Bolt", "red")]), ITEMS, "items.xlsx")
    assert read.unknown_columns == ["Colour"] and read.problems == []


def test_text_in_a_number_column_names_the_cell():
    sheet = sheet_of([("SKU", "Unit price", "On hand"), ("A-1", "12,50", "many"), ("A-2", "abc", "3")])
    read = read_table(sheet, ITEMS, "items.xlsx", "cs_CZ")
    assert rendered(read.problems) == [
        "items.xlsx:Items!C2: 'many' in column On hand is not a number.",
        "items.xlsx:Items!B3: 'abc' in column Unit price is not an amount of money.",
    ]
    assert read.records[0].values["on_hand"] is None and len(read.records) == 2


def test_an_impossible_date_names_the_cell():
    sheet = sheet_of([("Invoice number", "Issue date", "Due date"), ("F-1", "22.11.2026", "31.02.2026")],
                     name="Invoices", file="invoices.xlsx")
    read = read_table(sheet, TABLES["sales_invoices"].fields, "invoices.xlsx", "cs_CZ")
    assert rendered(read.problems) == ["invoices.xlsx:Invoices!C2: '31.02.2026' in column Due date is not a valid date."]
    assert read.records[0].values["issue_date"] == date(2026, 11, 22)


def test_a_missing_required_value_and_column():
    read = read_table(sheet_of([("SKU", "Name"), (None, "Bolt"), ("  ", "Nut")]), ITEMS, "items.xlsx")
    assert rendered(read.problems) == [
        "items.xlsx:Items!A2: Column SKU is empty here, but a value is required.",
        "items.xlsx:Items!A3: Column SKU is empty here, but a value is required.",
    ]
    po = read_table(sheet_of([("PO number", "SKU", "Qty"), ("P-1", "A-1", "2")], "PO"),
                    TABLES["purchase_orders"].fields, "po.xlsx")
    assert rendered(po.problems) == [
        "po.xlsx:PO!1: Required column Line number is missing: no header in this row means it."]


def test_no_recognisable_header_row():
    sheet = sheet_of([("Hello", "World"), ("1", "2")])
    read = read_table(sheet, ITEMS, "items.xlsx")
    assert read.header_row is None and read.records == []
    assert rendered(read.problems) == [
        "items.xlsx:Items: No header row found in the first 20 rows: no row names at least two known columns. "
        "Expected headers such as: Item code, Name, Unit, Unit price, Currency, VAT rate, Stock on hand, Reserved."]


def test_the_key_alone_is_enough_for_a_header():
    read = read_table(sheet_of([("Kód",), ("A-1",)]), ITEMS, "items.xlsx")
    assert read.header_row == 1 and read.records[0].values == {"sku": "A-1"}


def test_a_key_twice_in_one_file():
    sheet = sheet_of([("SKU", "Name"), ("A-1", "x"), ("A-2", "y"), ("A-1", "z"), ("A-2", "w"), ("A-1", "v")])
    read = read_table(sheet, ITEMS, "items.xlsx")
    assert rendered(find_duplicate_keys(read.records, ("sku",))) == [
        "items.xlsx:Items!A4: Key A-1 appears more than once, in rows 2, 4, 6.",
        "items.xlsx:Items!A5: Key A-2 appears more than once, in rows 3, 5.",
    ]


def test_composite_keys():
    sheet = sheet_of([("PO", "Line", "SKU"), ("P1", 1, "A"), ("P1", 2, "B"), ("P1", 1, "C")], "PO")
    read = read_table(sheet, TABLES["purchase_orders"].fields, "po.xlsx")
    assert read.problems == []
    assert rendered(find_duplicate_keys(read.records, ("po_number", "line"))) == [
        "po.xlsx:PO!A4: Key P1 / 1 appears more than once, in rows 2, 4."]


def test_bad_choice_bool_email_int():
    sheet = sheet_of([("Customer", "E-mail", "Priority", "Ship policy"),
                      ("C1", "a@b.cz", "1", "Complete"), ("C2", "nope", "1,5", "sometimes")], "Customers")
    read = read_table(sheet, TABLES["customers"].fields, "c.xlsx", "cs_CZ")
    assert rendered(read.problems) == [
        "c.xlsx:Customers!B3: 'nope' in column E-mail is not an email address.",
        "c.xlsx:Customers!C3: '1,5' in column Priority is not a whole number.",
        "c.xlsx:Customers!D3: 'sometimes' in column Ship policy is not one of the allowed values: partial, complete.",
    ]
    assert read.records[0].values["ship_policy"] == "complete" and read.records[0].values["priority"] == 1
    suppliers = read_table(sheet_of([("Dodavatel", "Blokováno"), ("S1", "ano"), ("S2", "možná")], "S"),
                           TABLES["suppliers"].fields, "s.xlsx", "cs_CZ")
    assert suppliers.records[0].values["on_hold"] is True
    assert rendered(suppliers.problems) == ["s.xlsx:S!B3: 'možná' in column Blokováno is not yes or no."]


def test_input_documents_orders_and_timesheets():
    orders = read_table(sheet_of([("Objednávka", "Datum", "Zákazník", "Kód zboží", "Množství", "Poznámka"),
                                  ("O-1", "22.11.2026", "C1", "A-1", "2", "=cmd")], "Orders"),
                        ORDER_ROW, "o.xlsx", "cs_CZ")
    assert orders.problems == []
    assert orders.records[0].values == {"order_id": "O-1", "order_date": date(2026, 11, 22), "customer_id": "C1",
                                        "sku": "A-1", "quantity": Decimal(2), "notes": "=cmd"}
    punches = read_table(sheet_of([("Osobní číslo", "Datum", "Příchod", "Odchod", "Přestávka"),
                                   ("E1", "2.11.2026", "7:30", "16:00", "30"),
                                   ("E1", "3.11.2026", "25:00", "16:00", None)], "Docházka"),
                         PUNCH_ROW, "t.xlsx", "cs_CZ")
    assert punches.records[0].values["in"] == time(7, 30) and punches.records[0].values["break_minutes"] == 30
    assert rendered(punches.problems) == ["t.xlsx:Docházka!C3: '25:00' in column Příchod is not a valid time of day."]
    hours = read_table(sheet_of([("Employee", "Date", "Hours"), ("E1", "2026-11-02", "7,5")], "H"),
                       DAILY_HOURS_ROW, "h.csv", "cs_CZ")
    assert hours.records[0].values["hours"] == Decimal("7.5")


def test_workspace_aliases_come_first():
    sheet = sheet_of([("Artikl", "Popisek"), ("A-1", "Bolt")])
    read = read_table(sheet, ITEMS, "items.xlsx", extra_aliases={"sku": ["Artikl"], "name": "Popisek"})
    assert read.records[0].values == {"sku": "A-1", "name": "Bolt"}


def test_the_same_field_twice_warns_and_reads_the_first():
    read = read_table(sheet_of([("SKU", "Name", "Název"), ("A-1", "Bolt", "Šroub")]), ITEMS, "items.xlsx")
    assert read.records[0].values["name"] == "Bolt"
    assert [p.level for p in read.problems] == ["warning"]
    assert read.problems[0].render() == "items.xlsx:Items!C1: Columns B and C both mean Name; only column B is read."


def test_header_matching_folds_case_accents_and_punctuation():
    assert normalise_header("Kód  Zboží:") == "kodzbozi"
    assert normalise_header("Unit_Price") == normalise_header("unit price") == "unitprice"
    assert normalise_header("Łódź") == "lodz"
    index = AliasIndex(("unit_price", "tax_rate"))
    assert index.field("Unit price (EUR)") == "unit_price"
    assert index.field("TVA %") == "tax_rate"
    assert index.field("Taux de TVA") == "tax_rate"


def test_every_vocabulary_field_has_aliases_in_our_languages():
    names = {f.name for t in TABLES.values() for f in t.fields} | {f.name for f in ORDER_ROW + PUNCH_ROW + DAILY_HOURS_ROW}
    missing = sorted(n for n in names if len(ALIASES.get(n, ())) < 4)
    assert not missing, missing


def test_guess_table_by_sheet_name_and_by_headers():
    assert guess_table("Zboží", [], TABLES) == "items"
    assert guess_table("Towary", [], TABLES) == "items"
    assert guess_table("Fournisseurs", [], TABLES) == "suppliers"
    assert guess_table("List1", ["Customer ID", "Name", "E-mail"], TABLES) == "customers"
    assert guess_table("Sheet1", ["SKU", "Name", "Unit price"], TABLES) == "items"
    assert guess_table("Sheet1", ["PO number", "Line", "SKU", "Qty"], TABLES) == "purchase_orders"
    assert guess_table("Sheet1", ["Hello", "World"], TABLES) is None
    sheet = sheet_of([("Report",), (), ("Číslo dodavatele", "Název", "IBAN")], name="List1")
    assert guess_sheet_table(sheet, TABLES) == "suppliers"


def test_a_real_workbook_end_to_end():
    book = OpenpyxlWorkbook()
    ws = book.active
    ws.title = "Zboží"
    ws.append(["Kód zboží", "Název", "Cena", "Skladem", "Měna"])
    ws.append(["A-1", "Šroub", 12.5, 100, "CZK"])
    ws.append([100234, "Matice", 0.1, 3.0, "CZK"])
    out = io.BytesIO()
    book.save(out)
    workbook = read_workbook(out.getvalue(), "zbozi.xlsx")
    sheet = workbook.sheets[0]
    assert guess_sheet_table(sheet, TABLES) == "items"
    read = read_table(sheet, ITEMS, locale="cs_CZ")
    assert read.problems == []
    assert [r.values["unit_price"] for r in read.records] == [Decimal("12.5"), Decimal("0.1")]
    assert read.records[1].values["sku"] == "100234"
    assert read.records[1].cells["sku"].render() == "zbozi.xlsx:Zboží!A3"


def test_no_header_means_two_fields_of_one_table():
    known = {("employees", "kraj")}  # Czech region, Polish country: the first field (country) wins
    field_sets = {name: table.field_names for name, table in TABLES.items()}
    field_sets.update({"order_rows": tuple(f.name for f in ORDER_ROW), "punch": tuple(f.name for f in PUNCH_ROW),
                       "daily_hours": tuple(f.name for f in DAILY_HOURS_ROW)})
    clashes = []
    for table, names in field_sets.items():
        owner: dict[str, str] = {}
        for name in names:
            for alias in (name, *ALIASES.get(name, ())):
                key = normalise_header(alias)
                if owner.setdefault(key, name) != name and (table, key) not in known:
                    clashes.append((table, alias, owner[key], name))
    assert not clashes, clashes
