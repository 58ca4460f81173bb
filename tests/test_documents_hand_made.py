"""Workbooks as people make them by hand, read by the orders, timesheet and master-data readers
and checked against what was put in: hidden sheets, rows and columns; formulas saved without
their results; a price list beside the orders. Every file is a real .xlsx made with openpyxl."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

import pytest
from openpyxl import Workbook

from backoffice_auto.books.schema import TABLES
from backoffice_auto.documents.aliases import alias_index
from backoffice_auto.documents.sheetmarks import sheet_marks
from backoffice_auto.documents.tables import read_table
from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Refusal
from backoffice_auto.rules.settings_model import Limits
from backoffice_auto.orders.reader import FIELDS, read_orders
from backoffice_auto.payroll.timesheet import read_timesheet
from test_orders_support import books, row, run, seed_books, texts

ORDER_HEADER = ["Číslo objednávky", "Datum", "Odběratel", "Kód zboží", "Množství", "Cena za MJ"]


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_of(rows: list[list], title: str = "List1") -> tuple[Workbook, object]:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for values in rows:
        sheet.append(values)
    return book, sheet


def lines(read) -> list[tuple]:
    return [(r.values["order_id"], r.values["sku"], r.values["quantity"], r.values.get("unit_price")) for r in read.rows]


def warnings(notes) -> list[str]:
    return [n.render() for n in notes if n.level == "warning"]


# --------------------------------------------------------------------------- formulas without results


def test_a_price_from_a_formula_never_calculated_is_named_not_taken_from_the_books(workspace):
    # Regression: the empty cell calamine hands over for `=2*3` made the line silently take the
    # item's price from the books (and `=1+1` in the quantity read as "empty").
    seed_books(workspace)
    book, _ = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, "=10*0.9"],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-B", "=1+1", 3]], "Objednávky")
    path = workspace.inbox / "orders" / "formulas.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == [
        "formulas.xlsx:Objednávky!F2: This cell holds a formula =10*0.9 whose result is not saved in the file (it "
        "was written by a program that does not calculate formulas). Open the file in a spreadsheet program, save "
        "it there and drop it again.",
        "formulas.xlsx:Objednávky!E3: This cell holds a formula =1+1 whose result is not saved in the file (it "
        "was written by a program that does not calculate formulas). Open the file in a spreadsheet program, save "
        "it there and drop it again."]
    store, state = books(workspace)
    try:
        assert state.rows("sales_invoices") == []
    finally:
        store.close()


def test_a_formula_never_calculated_is_named_in_the_clerks_language():
    book, _ = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", "=B1", 3]])
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    (problem,) = read.rows[0].problems
    assert problem.render("cs") == (
        "obj.xlsx:List1!E2: Tato buňka obsahuje vzorec =B1, jehož výsledek není v souboru uložen (soubor zapsal "
        "program, který vzorce nepočítá). Otevřete soubor v tabulkovém programu, uložte jej tam a vložte jej znovu.")


def test_a_totals_row_of_formulas_never_calculated_is_a_totals_row():
    book, _ = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, 3],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-B", 1, 4],
                        [None, None, None, None, "=SUM(E2:E3)", None]])
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    assert [r.problems for r in read.rows] == [[], []]
    assert lines(read) == [("SO-1", "SKU-A", 2, 3), ("SO-1", "SKU-B", 1, 4)]
    assert [n.text() for n in read.notes] == ["Totals and subtotals skipped (rows 4)."]


def test_a_row_of_formulas_never_calculated_between_data_rows_is_named_not_skipped_as_blank():
    book, _ = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, 3],
                        ["=A2", "=B2", "=C2", "=D2", "=E2", "=F2"],
                        ["SO-2", date(2026, 11, 20), "C001", "SKU-B", 1, 4]])
    read = read_orders(save(book), "obj.xlsx", "en_GB")
    assert [p.source.cell() for p in read.problems] == ["A3", "B3", "C3", "D3", "E3", "F3"]


def test_hours_from_formulas_never_calculated_are_named_not_dropped():
    # Regression: both times empty made the day look like a day off, and its hours went unpaid.
    book, _ = sheet_of([["Empleado", "Fecha", "Entrada", "Salida"], ["E1", "02/11/2026", "8:00", "16:00"],
                        ["E1", "03/11/2026", "=C2", "=D2"]], "Horas")
    sheet = read_timesheet(read_workbook(save(book), "horas.xlsx"), "es_ES")
    assert [(r.day, r.start, r.end) for r in sheet.rows] == [(date(2026, 11, 2), time(8), time(16))]
    assert [p.render("es").split(" cuyo ")[0] for p in sheet.problems] == [
        "horas.xlsx:Horas!C3: Esta celda contiene una fórmula =C2",
        "horas.xlsx:Horas!D3: Esta celda contiene una fórmula =D2"]


def test_master_data_formula_never_calculated_does_not_clear_the_field():
    book, _ = sheet_of([["Kód zboží", "Název", "Skladem", "Minimální zásoba"], ["A-1", "Šroub", 10, "=5*2"]])
    (sheet,) = read_workbook(save(book), "zbozi.xlsx").sheets
    read = read_table(sheet, TABLES["items"].fields, "zbozi.xlsx", "cs_CZ", required=TABLES["items"].key)
    assert [p.render() for p in read.problems] == [
        "zbozi.xlsx:List1!D2: This cell holds a formula =5*2 whose result is not saved in the file (it was "
        "written by a program that does not calculate formulas). Open the file in a spreadsheet program, save it "
        "there and drop it again."]


def test_formula_marks_read_from_the_sheet_xml():
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c>'
           b'<c r="B1" t="str"><f>IF(A1&gt;5,"","x")</f><v></v></c>'  # computed: to empty text
           b'<c r="C1"><f>A1&amp;"x"</f><v></v></c>'  # never computed
           b'<c r="D1"><f t="shared" si="0" ref="D1:D2">A1*2</f></c></row>'
           b'<row r="2" hidden="1"><c r="D2"><f t="shared" si="0"/></c><c r="E2" t="n"><v>3</v></c></row>'
           b'</sheetData></worksheet>')
    marks = sheet_marks(xml, 200)
    assert marks.uncomputed == {(0, 2): '=A1&"x"', (0, 3): "=A1*2", (1, 3): ""}
    assert marks.hidden_rows == {1}
    assert sheet_marks(b'<worksheet><cols><col min="3" max="16384" hidden="1"/></cols><sheetData/></worksheet>',
                       10).hidden_columns == set(range(2, 10))


# --------------------------------------------------------------------------- hidden sheets, rows, columns


def test_orders_on_hidden_and_very_hidden_sheets_are_not_read(workspace):
    # Regression: a very hidden sheet (no menu shows it) booked orders nobody saw on screen.
    seed_books(workspace)
    book, _ = sheet_of([ORDER_HEADER, row("SO-1", "C001", "SKU-A", 1)[:6]], "Objednávky")
    for title, state in (("Archiv", "hidden"), ("x", "veryHidden")):
        other = book.create_sheet(title)
        other.append(ORDER_HEADER)
        other.append(row("SO-9", "C001", "SKU-B", 3)[:6])
        other.sheet_state = state
    path = workspace.inbox / "orders" / "tyden.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert result["status"] == "done", result
    assert [t for t in texts(result) if "hidden" in t] == [
        "tyden.xlsx:Archiv: Sheet 'Archiv' is hidden in the spreadsheet program and was not read; show it "
        "(Unhide) and drop the file again if it should be.",
        "tyden.xlsx:x: Sheet 'x' is hidden in the spreadsheet program and was not read; show it (Unhide) and "
        "drop the file again if it should be."]
    store, state = books(workspace)
    try:
        assert [i["order_id"] for i in state.rows("sales_invoices")] == ["SO-1"]
    finally:
        store.close()


def test_a_file_whose_only_order_sheet_is_hidden_is_refused_saying_so():
    book, sheet = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 1, 2]], "Objednávky")
    sheet.sheet_state = "hidden"
    book.create_sheet("Cover")["A1"] = "Weekly orders"
    try:
        read_orders(save(book), "o.xlsx", "en_GB")
    except Refusal as refusal:
        assert [p.render() for p in refusal.problems] == [
            "o.xlsx: no sheet has an order header row (columns such as Order number, Order date, Customer number, "
            "Item code, Quantity)",
            "o.xlsx:Objednávky: Sheet 'Objednávky' is hidden in the spreadsheet program and was not read; show it "
            "(Unhide) and drop the file again if it should be."]
    else:
        raise AssertionError("a file of hidden orders was read")


def test_hidden_and_filtered_rows_and_hidden_columns_of_orders_are_not_read():
    book, sheet = sheet_of([ORDER_HEADER + ["Množství"],
                            ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, 3, None],
                            ["SO-1", date(2026, 11, 20), "C001", "SKU-B", 500, 3, None],
                            ["SO-1", date(2026, 11, 20), "C001", "SKU-C", 1, 3, None]])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["E"].hidden = True  # the quantities a clerk sees are in G
    for r, qty in ((2, 5), (4, 7)):
        sheet.cell(r, 7, qty)
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    assert lines(read) == [("SO-1", "SKU-A", 5, 3), ("SO-1", "SKU-C", 7, 3)]
    assert warnings(read.notes) == [
        "obj.xlsx:List1: Rows hidden in the spreadsheet program (by hand or by a filter) were not read (rows 3); "
        "show them and drop the file again if they should be.",
        "obj.xlsx:List1: Columns hidden in the spreadsheet program were not read (columns E); show them and drop "
        "the file again if they should be."]


def test_hidden_rows_and_a_very_hidden_sheet_of_a_timesheet_are_not_paid():
    book, sheet = sheet_of([["Pracownik", "Data", "Godziny"], ["E1", "02.11.2026", "8"],
                            ["E1", "03.11.2026", "8"]], "Godziny")
    sheet.row_dimensions[3].hidden = True
    extra = book.create_sheet("x")
    extra.append(["Pracownik", "Data", "Godziny"])
    extra.append(["E1", "04.11.2026", "12"])
    extra.sheet_state = "veryHidden"
    read = read_timesheet(read_workbook(save(book), "godziny.xlsx"), "pl_PL")
    assert [(r.day, r.hours) for r in read.rows] == [(date(2026, 11, 2), Decimal(8))]
    assert [n.render("pl")[:70] for n in read.notes if n.level == "warning"] == [
        "godziny.xlsx:Godziny: Wiersze ukryte w programie arkusza kalkulacyjneg",
        "godziny.xlsx:x: Arkusz 'x' jest ukryty w programie arkusza kalkulacyjn"]


# --------------------------------------------------------------------------- several sheets


def test_a_price_list_beside_the_orders_is_not_an_order_sheet():
    # Regression: a sheet with item codes (a price list for the clerk's look-ups) was taken for an
    # order sheet missing its order number, and the whole file was refused.
    book, _ = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, 3]], "Objednávky")
    prices = book.create_sheet("Ceník")
    for values in (["Kód zboží", "Název", "Cena"], ["SKU-A", "Šroub", 3], ["SKU-B", "Matka", 4]):
        prices.append(values)
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    assert read.problems == []
    assert lines(read) == [("SO-1", "SKU-A", 2, 3)]
    assert [n.render("cs") for n in read.notes if n.level == "info"] == [
        "obj.xlsx:Ceník: List 'Ceník' nemá sloupec s číslem objednávky ani sloupce s kódem zboží a množstvím: "
        "není to list objednávek a nebyl načten."]


# --------------------------------------------------------------------------- headers with units and tax words

ORDER_FIELDS = [f.name for f in FIELDS]


@pytest.mark.parametrize("header, field", [
    ("Cena/ks bez DPH", "unit_price"), ("CENA ZA KS", "unit_price"), ("Cena jedn. netto", "unit_price"),
    ("Cena netto/szt.", "unit_price"), ("Prix HT", "unit_price"), ("Precio sin IVA", "unit_price"),
    ("Unit price excl. VAT", "unit_price"), ("Price per piece", "unit_price"), ("Precio/ud", "unit_price"),
    ("Cena Kč", "unit_price"), ("Počet kusů", "quantity"), ("Ilość szt.", "quantity"),
    ("Qté commandée", "quantity"), ("QUANTITY ORDERED", "quantity"), ("Objednané množství", "quantity"),
    ("Zamówiona ilość", "quantity"), ("Cantidad pedida", "quantity"), ("Množství (ks)", "quantity"),
    # with tax: never the unit price, even when it is one letter from an alias
    ("Prix unitaire TTC", None), ("Cena s DPH", None), ("Cena vč. DPH", None), ("Precio con IVA", None),
    ("Unit price (incl. VAT)", None), ("Cena brutto", None), ("Precio unitario (con IVA)", None),
])
def test_order_headers_with_units_currencies_and_tax_words(header, field):
    index = alias_index(ORDER_FIELDS)
    assert (index.field(header) or index.guess(header)) == field


@pytest.mark.parametrize("header", ["Celkem bez DPH", "Total HT", "Razem netto"])
def test_a_total_without_tax_is_not_the_total(header):
    index = alias_index(TABLES["sales_invoices"].field_names)
    assert index.field(header) in (None, "net") and index.guess(header) in (None, "net")


def test_a_price_with_tax_is_not_read_as_the_unit_price_and_the_clerk_is_told():
    # Regression: `Prix unitaire TTC` was taken for `Prix unitaire HT` (a near miss), so prices with
    # tax were invoiced as prices without it.
    book, _ = sheet_of([["N° de commande", "Date", "Client", "Référence", "Qté commandée", "Prix unitaire TTC"],
                        ["C-1", "03/11/2026", "C1", "SKU-1", "3", "1 234,50 €"]], "Commandes")
    read = read_orders(save(book), "cmd.xlsx", "fr_FR")
    assert [(r.values["quantity"], r.values.get("unit_price")) for r in read.rows] == [(3, None)]
    assert warnings(read.notes) == [
        "cmd.xlsx:Commandes!F1: Column F ('Prix unitaire TTC') holds amounts with tax; Unit price is read without "
        "tax, so the column was not read."]


def test_czech_items_with_a_price_per_piece_without_tax_are_read():
    # Regression: `CENA/KS BEZ DPH` was an unknown column, so the items' prices were never imported.
    book, _ = sheet_of([["Ceník zboží"], [], ["KÓD ZBOŽÍ", "NÁZEV", "MJ", "CENA/KS BEZ DPH", "DPH", "SKLADEM (KS)"],
                        ["A-1", "Šroub", "ks", "1 234,50 Kč", "21 %", "1 200"]], "Zboží")
    (sheet,) = read_workbook(save(book), "zbozi.xlsx").sheets
    read = read_table(sheet, TABLES["items"].fields, "zbozi.xlsx", "cs_CZ", required=TABLES["items"].key)
    assert read.problems == []
    assert dict(read.records[0].values) == {"sku": "A-1", "name": "Šroub", "unit": "ks",
                                            "unit_price": Decimal("1234.50"), "tax_rate": Decimal(21),
                                            "on_hand": Decimal(1200)}


# --------------------------------------------------------------------------- headers over two rows, merged cells


def test_a_header_over_two_rows_with_merged_group_titles_is_read():
    # Regression: only single rows were headers; `Objednávka` merged over `číslo | datum | zákazník`
    # left no column meaning the order number, and the file was refused.
    book, sheet = sheet_of([["Objednávky – listopad 2026"], [],
                            ["Objednávka", None, None, "Zboží", None, "Cena"],
                            ["číslo", "datum", "zákazník", "kód", "množství", "za ks bez DPH"],
                            ["OBJ-1", "3.11.2026", "C1", "SKU-1", "2 ks", "1 234,50 Kč"]])
    sheet.merge_cells("A3:C3")
    sheet.merge_cells("D3:E3")
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    assert read.problems == [] and [r.problems for r in read.rows] == [[]]
    assert lines(read) == [("OBJ-1", "SKU-1", 2, Decimal("1234.50"))]
    assert read.layouts[0].header_row == 4
    assert [n.text("cs") for n in read.notes] == [
        "Nadpis nad řádkem záhlaví přeskočen (řádky 1).",
        "Sloupec A ('Objednávka číslo') byl vzat jako Číslo objednávky; pokud to nesedí, přejmenujte jej."]


def test_header_cells_merged_over_two_rows_are_read():
    book, sheet = sheet_of([["PEDIDO", "FECHA", "CLIENTE", "ARTÍCULO", None, "PRECIO"],
                            [None, None, None, "Código", "Cantidad", "sin IVA"],
                            ["P-1", "03/11/2026", "C1", "SKU-1", "3", "12,50"]], "Pedidos")
    for column in "ABC":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.merge_cells("D1:E1")
    read = read_orders(save(book), "pedidos.xlsx", "es_ES")
    assert read.problems == [] and read.notes == []
    assert lines(read) == [("P-1", "SKU-1", 3, Decimal("12.50"))]
    assert read.rows[0].values["order_date"] == date(2026, 11, 3)


def test_a_title_row_above_a_one_row_header_stays_a_title():
    book, _ = sheet_of([["Zamówienia", None, None, None, None],
                        ["Nr zamówienia", "Data", "Klient", "Kod towaru", "Ilość"],
                        ["Z-1", "03.11.2026", "C1", "SKU-1", "3"]])
    read = read_orders(save(book), "zam.xlsx", "pl_PL")
    assert read.layouts[0].header_row == 2
    assert [n.text() for n in read.notes] == ["Title above the header row skipped (rows 1)."]
    assert lines(read) == [("Z-1", "SKU-1", 3, None)]


# --------------------------------------------------------------------------- numbers as offices type them


def test_a_quantity_in_another_unit_than_the_items_is_refused_naming_the_cell(workspace):
    # Regression: the number parser dropped the word, so `5 bal` (five boxes) shipped five pieces.
    seed_books(workspace)
    book, _ = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", "5 bal", None],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-B", "2 ks", None],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-C", "1,5 kg", None],
                        ["SO-2", date(2026, 11, 20), "C002", "SKU-A", "3 szt.", None]], "Objednávky")
    path = workspace.inbox / "orders" / "jednotky.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == ["jednotky.xlsx:Objednávky!E2: quantity 5 is written in 'bal', but SKU-A is counted in "
                             "'pcs': write the quantity in pcs"]


UNIT_ITEMS = [  # sku, name, unit, price, tax, on_hand, reserved, min, max, multiple, location
    (sku, sku, unit, Decimal("2.00"), Decimal(21), Decimal(1000), Decimal(0), None, None, None, "A-01")
    for sku, unit in (("PCS", "pcs"), ("BOX", "box"), ("HRS", "h"), ("LIT", "l"), ("MET", "m"), ("PAR", "pair"),
                      ("KS", "ks"))]


def test_long_unit_words_of_the_five_languages_are_understood_through_the_pipeline(workspace):
    # Regression: a word of more than four letters beside the number (`12 pieces`, `5 Stück`, `2 unidades`)
    # was refused as "not a number"; `boxes` for an item counted in `box` was refused as another unit.
    from test_orders_support import CUSTOMERS

    seed_books(workspace, items=UNIT_ITEMS, customers=CUSTOMERS)
    written = [("PCS", "12 pieces"), ("KS", "5 Stück"), ("PCS", "3 kusů"), ("KS", "4 sztuk"), ("PCS", "2 unidades"),
               ("KS", "6 pièces"), ("BOX", "2 boxes"), ("HRS", "3 hours"), ("LIT", "2 litres"), ("MET", "5 metres"),
               ("PAR", "4 pairs"), ("BOX", "3 krabice"), ("HRS", "8 hodin"), ("LIT", "litros 7"), ("MET", "9 mètres"),
               ("PAR", "2 paires"), ("BOX", "1 cajas")]
    book, _ = sheet_of([ORDER_HEADER] + [[f"SO-{n}", date(2026, 11, 20), "C001", sku, text, None]
                                         for n, (sku, text) in enumerate(written, start=1)], "Objednávky")
    path = workspace.inbox / "orders" / "jednotky-dlouhe.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    store, state = books(workspace)
    try:
        quantities = {(line["order_id"], line["quantity"]) for line in state.rows("order_lines")}
    finally:
        store.close()
    assert quantities == {(f"SO-{n}", Decimal("".join(ch for ch in text if ch.isdigit())))
                          for n, (_, text) in enumerate(written, start=1)}


def test_a_long_unit_word_that_contradicts_the_items_unit_is_refused_naming_the_cell(workspace):
    seed_books(workspace, items=UNIT_ITEMS)
    book, _ = sheet_of([["Order", "Date", "Customer", "SKU", "Quantity"],
                        ["SO-1", date(2026, 11, 20), "C001", "BOX", "3 hours"],
                        ["SO-1", date(2026, 11, 20), "C001", "PCS", "2 litres"],
                        ["SO-2", date(2026, 11, 20), "C001", "PAR", "4 pairs"],
                        ["SO-2", date(2026, 11, 20), "C001", "MET", "5 pieces"]], "Orders")
    path = workspace.inbox / "orders" / "units.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == [
        "units.xlsx:Orders!E2: quantity 3 is written in 'hours', but BOX is counted in 'box': write the quantity "
        "in box",
        "units.xlsx:Orders!E3: quantity 2 is written in 'litres', but PCS is counted in 'pcs': write the quantity "
        "in pcs",
        "units.xlsx:Orders!E5: quantity 5 is written in 'pieces', but MET is counted in 'm': write the quantity "
        "in m"]


def test_quantities_with_piece_words_are_read_in_every_language():
    book, _ = sheet_of([ORDER_HEADER] + [["SO-1", date(2026, 11, 20), "C001", f"SKU-{n}", text, 1]
                                         for n, text in enumerate(["2 ks", "3 szt.", "4 uds.", "5 kusů", "6 pcs"])])
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    assert [(r.values["quantity"], r.quantity_unit) for r in read.rows] == [
        (2, "ks"), (3, "szt."), (4, "uds."), (5, "kusů"), (6, "pcs")]


def test_a_formulas_binary_noise_is_not_read_as_digits_nobody_sees():
    # Regression: =0.1+0.2 cached as 0.30000000000000004 was a quantity of 0.30000000000000004 kg.
    book, sheet = sheet_of([["sku", "on_hand", "unit_price"], ["A-1", 0.1 + 0.2, 3 * 1.1], ["A-2", 1e-7, 1234.5678]])
    rows = read_workbook(save(book), "items.xlsx").sheets[0].rows
    assert rows[1][1:] == (Decimal("0.3"), Decimal("3.3")) and rows[2][1:] == (Decimal("1E-7"), Decimal("1234.5678"))


def test_styled_empty_cells_far_to_the_right_do_not_make_a_sheet_too_wide():
    # Regression: a fill over A1:ALL3 (no values) refused the sheet as 1000 columns wide.
    from openpyxl.styles import PatternFill

    book, sheet = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, 3]])
    for r in (1, 2, 3):
        sheet.cell(r, 1000).fill = PatternFill("solid", fgColor="FFFF00")
    assert lines(read_orders(save(book), "obj.xlsx", "cs_CZ")) == [("SO-1", "SKU-A", 2, 3)]
    sheet.cell(2, 1000, "x")  # a value out there is still over the column limit, and says so
    try:
        read_orders(save(book), "obj.xlsx", "cs_CZ", Limits(max_columns=200))
    except Refusal as refusal:
        assert [p.render() for p in refusal.problems] == [
            "obj.xlsx:List1: The sheet has 1000 columns, over the limit of 200 (limits.max_columns in "
            "rules/settings.yaml)."]
    else:
        raise AssertionError("a value in column 1000 was read")


# --------------------------------------------------------------------------- times as clerks write them


def test_punches_written_17h_and_a_shift_ending_at_24_00():
    book, _ = sheet_of([["Salarié", "Jour", "Arrivée", "Départ"], ["E1", "02/11/2026", "8h30", "17h"],
                        ["E1", "03/11/2026", "8 h 30", "17 h"], ["E1", "04/11/2026", "16:00", "24:00"]], "Heures")
    sheet = read_timesheet(read_workbook(save(book), "heures.xlsx"), "fr_FR")
    assert sheet.problems == []
    assert [(r.start, r.end) for r in sheet.rows] == [(time(8, 30), time(17)), (time(8, 30), time(17)),
                                                      (time(16), time(0))]


def test_a_punch_out_equal_to_the_punch_in_is_refused_not_paid_as_24_hours():
    # Regression: 07:00 to 07:00 was taken for a shift crossing midnight and paid 24 hours.
    from test_payroll_timesheet import EMPLOYEES
    from backoffice_auto.payroll.rules_model import PayrollRules
    from backoffice_auto.payroll.run import pay_run

    book, _ = sheet_of([["Osobní číslo", "Datum", "Příchod", "Odchod"], ["E002", "4.11.2026", "7:00", "7:00"],
                        ["E002", "5.11.2026", "22:00", "24:00"]], "Docházka")
    sheet = read_timesheet(read_workbook(save(book), "dochazka.xlsx"), "cs_CZ")
    result = pay_run(sheet.rows, EMPLOYEES, PayrollRules(), [], default_timezone="Europe/Prague",
                     default_currency="EUR")
    assert [p.render("cs") for p in sheet.problems + result.problems] == [
        "dochazka.xlsx:Docházka!D2: Odchod 07:00 je ve stejný čas jako příchod: směna 0, nebo 24 hodin? Opravte "
        "časy, nebo zapište oba záznamy i s datem."]


def test_a_date_with_a_12_hour_time_is_a_date():
    book, _ = sheet_of([["Order", "Date", "Customer", "SKU", "Qty"], ["O-1", "11/3/2026 2:30 PM", "C1", "A", 1]])
    read = read_orders(save(book), "o.xlsx", "en_US")
    assert read.rows[0].values["order_date"] == date(2026, 11, 3) and read.rows[0].problems == []


# --------------------------------------------------------------------------- choices in the clerk's language


@pytest.mark.parametrize("written, expected", [("horaire", "hourly"), ("Godzinowe", "hourly"), ("Por horas", "hourly"),
                                               ("Hodinová mzda", "hourly"), ("Měsíční", "salaried"),
                                               ("mensuel", "salaried"), ("MENSUAL", "salaried")])
def test_pay_types_in_the_clerks_language(written, expected):
    book, _ = sheet_of([["Employee ID", "Name", "Pay type"], ["E1", "Jan", written]], "Employees")
    (sheet,) = read_workbook(save(book), "staff.xlsx").sheets
    read = read_table(sheet, TABLES["employees"].fields, "staff.xlsx", "en_GB", required=TABLES["employees"].key)
    assert read.problems == [] and read.records[0]["pay_type"] == expected


def test_a_word_of_another_choice_is_still_refused():
    book, _ = sheet_of([["Employee ID", "Name", "Pay type"], ["E1", "Jan", "částečně"]], "Employees")
    (sheet,) = read_workbook(save(book), "staff.xlsx").sheets
    read = read_table(sheet, TABLES["employees"].fields, "staff.xlsx", "en_GB", required=TABLES["employees"].key)
    assert [p.render() for p in read.problems] == [
        "staff.xlsx:Employees!C2: 'částečně' in column Pay type is not one of the allowed values: hourly, salaried."]


# --------------------------------------------------------------------------- timesheet layouts


def test_a_second_in_and_out_pair_without_numbers_is_paid_too():
    # Regression: `Příchod | Odchod | Příchod | Odchod` read the first pair only; the afternoon went unpaid.
    book, _ = sheet_of([["Osobní číslo", "Datum", "Příchod", "Odchod", "Příchod", "Odchod"],
                        ["E1", "2.11.2026", "7:00", "11:00", "12:00", "16:00"]], "Docházka")
    sheet = read_timesheet(read_workbook(save(book), "dochazka.xlsx"), "cs_CZ")
    assert sheet.problems == [] and sheet.notes == []
    assert [(r.start, r.end) for r in sheet.rows] == [(time(7), time(11)), (time(12), time(16))]


def test_a_timesheet_header_with_merged_group_titles_over_in_and_out():
    book, sheet = sheet_of([["Osobní číslo", "Datum", "Dopoledne", None, "Odpoledne", None],
                            [None, None, "Příchod", "Odchod", "Příchod", "Odchod"],
                            ["E1", "2.11.2026", "7:00", "11:00", "12:00", "16:00"]], "Docházka")
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:F1"):
        sheet.merge_cells(cells)
    read = read_timesheet(read_workbook(save(book), "dochazka.xlsx"), "cs_CZ")
    assert read.problems == []
    assert [(r.employee_id, r.start, r.end) for r in read.rows] == [("E1", time(7), time(11)),
                                                                      ("E1", time(12), time(16))]


def test_figures_in_a_column_the_timesheet_does_not_know_are_a_warning_not_an_aside():
    book, _ = sheet_of([["Employee", "Date", "Hours", "Overtime", "Signed"], ["E1", "2026-11-02", "8", "2", "JN"]])
    read = read_timesheet(read_workbook(save(book), "hours.xlsx"), "en_GB")
    assert [(n.level, n.render()) for n in read.notes] == [
        ("warning", "hours.xlsx:List1!D1: Column D ('Overtime') holds figures but is not a column of a timesheet: "
                    "nothing in it was read or paid. Name it as a known column (hours, in, out, break, rate, bonus) "
                    "if it should be."),
        ("info", "hours.xlsx:List1!E1: Column E ('Signed') is not a known column and was ignored.")]


def test_hours_written_as_durations_are_paid_to_the_second():
    # Regression: `8:30` or a cell shown as 7:45 in an hours column was refused as not a number.
    from test_payroll_timesheet import EMPLOYEES
    from backoffice_auto.payroll.rules_model import PayrollRules
    from backoffice_auto.payroll.run import pay_run

    book, _ = sheet_of([["Osobní číslo", "Datum", "Hodiny"], ["E002", "2.11.2026", "8:30"],
                        ["E002", "3.11.2026", time(7, 45)], ["E002", "4.11.2026", "8:20"],
                        ["E002", "5.11.2026", "7,5"]], "Hodiny")
    sheet = read_timesheet(read_workbook(save(book), "hodiny.xlsx"), "cs_CZ")
    assert sheet.problems == []
    result = pay_run(sheet.rows, EMPLOYEES, PayrollRules(), [], default_timezone="Europe/Prague",
                     default_currency="EUR")
    assert result.problems == []
    (slip,) = result.payslips
    assert slip.hours["regular"] + slip.hours["overtime"] == Decimal("32.08")  # 8.5 + 7.75 + 8.333 + 7.5


def test_hours_written_with_a_unit_word_count_in_that_unit():
    # Regression: `30 min` in an hours column was paid as 30 hours, `8 days` as 8 hours, and
    # `8 hodin` was refused as not a number.
    book, _ = sheet_of([["Employee", "Date", "Hours"], ["E1", "2026-11-02", "8 hodin"],
                        ["E1", "2026-11-03", "30 min"], ["E1", "2026-11-04", "7,5 h"],
                        ["E1", "2026-11-05", "8 days"]])
    read = read_timesheet(read_workbook(save(book), "hours.xlsx"), "cs_CZ")
    assert [r.hours for r in read.rows] == [Decimal(8), Decimal("0.5"), Decimal("7.5")]
    assert [p.render() for p in read.problems] == ["hours.xlsx:List1!C5: '8 days' is not a number of hours."]


def test_a_break_written_in_hours_is_not_read_as_minutes():
    # Regression: `1 h` in a break column, or `1` under `Přestávka (h)`, was a break of one minute.
    book, _ = sheet_of([["Osobní číslo", "Datum", "Příchod", "Odchod", "Přestávka (h)"],
                        ["E1", "2.11.2026", "7:00", "16:00", 1], ["E1", "3.11.2026", "7:00", "16:00", "0,5"]])
    read = read_timesheet(read_workbook(save(book), "dochazka.xlsx"), "cs_CZ")
    assert read.problems == [] and [r.break_minutes for r in read.rows] == [60, 30]
    book, _ = sheet_of([["Employee", "Date", "In", "Out", "Break"], ["E1", "2026-11-02", "7:00", "16:00", "1 h"],
                        ["E1", "2026-11-03", "7:00", "16:00", "45 min"], ["E1", "2026-11-04", "7:00", "16:00", "2 x"]])
    read = read_timesheet(read_workbook(save(book), "hours.xlsx"), "en_GB")
    assert [r.break_minutes for r in read.rows] == [60, 45]
    assert [p.render() for p in read.problems] == ["hours.xlsx:List1!E4: '2 x' is not a number of minutes."]


def test_an_order_sheet_with_a_two_row_header_and_hidden_rows_goes_through_the_job_and_comes_back_annotated(workspace):
    import openpyxl

    from test_orders_support import output

    seed_books(workspace)
    book, sheet = sheet_of([["Objednávka", None, None, "Zboží", None],
                            ["číslo", "datum", "odběratel", "kód", "množství"],
                            ["SO-1", date(2026, 11, 20), "C001", "SKU-A", "2 ks"],
                            ["SO-1", date(2026, 11, 20), "C001", "SKU-B", 900],
                            ["SO-2", date(2026, 11, 20), "C004", "SKU-B", 1]], "Objednávky")
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("D1:E1")
    sheet.row_dimensions[4].hidden = True
    path = workspace.inbox / "orders" / "dvouradkove.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert result["status"] == "done", result
    store, state = books(workspace)
    try:
        assert sorted((i["order_id"], i["net"]) for i in state.rows("sales_invoices")) == [
            ("SO-1", Decimal("25.00")), ("SO-2", Decimal("3.35"))]
    finally:
        store.close()
    back = openpyxl.load_workbook(output(workspace, result, "dvouradkove.xlsx"))["Objednávky"]
    assert back["A3"].value == "SO-1" and back["D4"].value == "SKU-B"


def test_a_vat_rate_typed_as_a_fraction_is_refused_not_read_as_a_fraction_of_a_percent():
    # Regression: 0.21 in a cell not formatted as a percentage was a VAT rate of 0.21 %.
    book, sheet = sheet_of([["Kód zboží", "Název", "DPH"], ["A-1", "Šroub", 0.21], ["A-2", "Matka", 0.21],
                            ["A-3", "Podložka", "0,5 %"], ["A-4", "Hřebík", 21]], "Zboží")
    sheet["C3"].number_format = "0%"  # shown as 21 %: the clerk sees a percentage
    (read_sheet,) = read_workbook(save(book), "zbozi.xlsx").sheets
    read = read_table(read_sheet, TABLES["items"].fields, "zbozi.xlsx", "cs_CZ", required=TABLES["items"].key)
    assert [p.render("cs") for p in read.problems] == [
        "zbozi.xlsx:Zboží!C2: '0.21' je zlomek, ne počet procent: napište 21 %, pokud je to míněno, nebo '0.21 %' "
        "pro sazbu pod jedno procento."]
    assert [r["tax_rate"] for r in read.records] == [None, Decimal(21), Decimal("0.5"), Decimal(21)]


def test_a_summary_of_quantities_by_item_beside_the_orders_is_not_read_as_orders():
    # Regression: a `Souhrn` sheet (item code, quantity) was taken for an order sheet missing its
    # order number and customer, and the whole file was refused.
    book, _ = sheet_of([ORDER_HEADER, ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2, 3],
                        ["SO-2", date(2026, 11, 20), "C002", "SKU-A", 1, 3]], "Objednávky")
    summary = book.create_sheet("Souhrn")
    for values in (["Kód zboží", "Množství"], ["SKU-A", "=SUM(Objednávky!E2:E3)"]):
        summary.append(values)
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    assert read.problems == [] and len(read.rows) == 2
    assert warnings(read.notes) == [
        "obj.xlsx:Souhrn: Sheet 'Souhrn' has item codes and quantities but no order number and no customer, beside "
        "a sheet of orders: it was taken for a summary and not read."]


def test_an_order_sheet_missing_its_order_number_column_alone_is_still_refused():
    book, _ = sheet_of([["Kód zboží", "Množství", "Odběratel"], ["SKU-A", 2, "C001"]], "Objednávky")
    read = read_orders(save(book), "obj.xlsx", "cs_CZ")
    assert [p.render() for p in read.problems][0].startswith("obj.xlsx:Objednávky!1: Required column")


def test_a_quantity_column_headed_in_boxes_is_not_read_as_pieces(workspace):
    seed_books(workspace)
    book, _ = sheet_of([["Order", "Date", "Customer", "SKU", "Quantity (boxes)"],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 2]], "Orders")
    path = workspace.inbox / "orders" / "boxes.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert texts(result) == ["boxes.xlsx:Orders!E2: quantity 2 is written in 'boxes', but SKU-A is counted in "
                             "'pcs': write the quantity in pcs"]
    book, _ = sheet_of([["Order", "Date", "Customer", "SKU", "Množství (ks)"],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-C", "1,5"]], "Orders")  # SKU-C is in kg
    assert [r.quantity_unit for r in read_orders(save(book), "o.xlsx", "cs_CZ").rows] == [None]


def test_a_price_written_in_another_currency_than_the_items_is_refused(workspace):
    # Regression: `12,50 Kč` for an item sold in euros was invoiced at 12.50 EUR (the sign was dropped).
    seed_books(workspace)
    book, _ = sheet_of([["Č. objednávky", "Datum", "Odběratel", "Kód zboží", "Množství", "Cena (EUR)"],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 1, "12,50 Kč"],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-B", 1, "3,35"]], "Objednávky")
    path = workspace.inbox / "orders" / "meny.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert texts(result) == ["meny.xlsx:Objednávky!F2: unit price 12.5 is written in CZK, but SKU-A is sold in EUR: "
                             "write the price in EUR"]
    book, _ = sheet_of([["Order", "Date", "Customer", "SKU", "Qty", "Price (USD)"],
                        ["SO-1", date(2026, 11, 20), "C001", "SKU-A", 1, 12.5]])
    assert [r.price_currency for r in read_orders(save(book), "o.xlsx", "en_GB").rows] == ["USD"]


def test_an_item_price_in_another_currency_than_its_row_is_refused(workspace):
    book, _ = sheet_of([["Kód zboží", "Název", "Cena/ks bez DPH", "Měna"], ["A-1", "Šroub", "1 234,50 Kč", "EUR"],
                        ["A-2", "Matka", "2,50 €", "EUR"]], "Zboží")
    path = workspace.inbox / "books" / "zbozi.xlsx"
    path.write_bytes(save(book))
    (result,) = run(workspace, path)
    assert result["status"] == "refused"
    assert texts(result) == ["zbozi.xlsx:Zboží!C2: 1,234.50 is written in CZK, but the row's currency is EUR."]


# --------------------------------------------------------------------------- old Excel (.xls)


def xls_bytes(sheets: dict[str, list[list]], hidden_rows: dict[str, set[int]] = {},
              hidden_columns: dict[str, set[int]] = {}) -> bytes:
    """A real old Excel (BIFF8) workbook written with xlwt; rows and columns 0-based."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if value is not None:
                    sheet.write(r, c, value.isoformat() if isinstance(value, date) else value)
        for r in hidden_rows.get(title, ()):
            sheet.row(r).hidden = True
        for c in hidden_columns.get(title, ()):
            sheet.col(c).hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_rows_and_columns_hidden_in_an_old_xls_are_not_booked_through_the_pipeline(workspace):
    # Regression: calamine tells an .xls sheet's visibility but not its rows', so a cancelled line hidden by
    # hand in an .xls order sheet was booked (the same sheet as .xlsx left it out).
    seed_books(workspace)
    rows = [ORDER_HEADER + ["Poznámka"],
            ["SO-1", "2026-11-20", "C001", "SKU-A", 2, 12.5, "ok"],
            ["SO-1", "2026-11-20", "C001", "SKU-B", 99, 3.35, "zrušeno"],  # hidden: cancelled
            ["SO-2", "2026-11-20", "C002", "SKU-A", 1, 12.5, "ok"]]
    data = xls_bytes({"Objednávky": rows}, hidden_rows={"Objednávky": {2}}, hidden_columns={"Objednávky": {6}})
    path = workspace.inbox / "orders" / "stare.xls"
    path.write_bytes(data)
    (result,) = run(workspace, path)
    assert result["status"] == "done", texts(result)
    assert "stare.xls:Objednávky: Rows hidden in the spreadsheet program (by hand or by a filter) were not read " \
           "(rows 3); show them and drop the file again if they should be." in texts(result)
    assert any(t.startswith("stare.xls:Objednávky: Columns hidden in the spreadsheet program were not read "
                            "(columns G)") for t in texts(result))
    store, state = books(workspace)
    try:
        assert sorted((line["order_id"], line["sku"], line["quantity"]) for line in state.rows("order_lines")) == [
            ("SO-1", "SKU-A", 2), ("SO-2", "SKU-A", 1)]
    finally:
        store.close()


def test_an_xls_whose_hidden_rows_cannot_be_read_says_so_only_where_a_sheet_holds_values():
    from backoffice_auto.documents.sheetmarks import SheetMarks
    from backoffice_auto.documents.visibility import shown_sheet
    from backoffice_auto.documents.workbook import Sheet
    from backoffice_auto.documents.xlsmarks import xls_marks

    data = xls_bytes({"List1": [["a"], ["b"]]})
    assert xls_marks(data) == {"List1": SheetMarks()}
    assert xls_marks(data[:600]) is None and xls_marks(b"not an ole file" * 100) is None
    unknown = SheetMarks(hidden_unknown=True)
    _, notes = shown_sheet(Sheet("List1", [("a",), ("b",)], "old.xls", marks=unknown))
    assert [n.render("cs") for n in notes] == [
        "old.xls:List1: U tohoto listu starého Excelu (.xls) nešlo zjistit skryté řádky a sloupce, proto byly "
        "načteny všechny řádky a sloupce; pokud byly některé skryté (ručně nebo filtrem), smažte je nebo soubor "
        "uložte jako .xlsx a vložte ho znovu."]
    assert shown_sheet(Sheet("Empty", [(None,)], "old.xls", marks=unknown))[1] == []
