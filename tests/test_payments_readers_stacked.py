"""Headers written on two rows, as bank workbooks merge them (`readers/stacked.py`).

`Částka` merged across two columns over `Má dáti` | `Dal`, the other titles merged down over
both rows: before, the group title was taken for one amount column (the money-out one) and
the export was refused as "'Má dáti' is not an amount"; under an unknown group word (`Obrat`)
no header was found at all. And a workbook of several sheets with transactions: only the
first sheet was read.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.mapping import BankMapping
from bank_samples import bank_rows
from conftest import cli_json

D = Decimal
IBAN = "CZ6508000000192000145399"


def _merged_book(group: str, out: str, into: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Pohyby"
    for row in ([f"IBAN: {IBAN}"], ["Měna: CZK"], ["Datum", "Popis", group, None, "Zůstatek"],
                [None, None, out, into, None], ["01.12.2026", "Faktura 2026-0001", None, 1210, 11210],
                ["02.12.2026", "Poplatek", 150.5, None, 11059.5]):
        sheet.append(row)
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
        sheet.merge_cells(cells)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@pytest.mark.parametrize("group, out, into", [("Částka", "Má dáti", "Dal"), ("Obrat", "Debet", "Kredit"),
                                              ("Amount", "Debit", "Credit")])
def test_a_group_title_merged_over_money_out_and_in_is_read_by_the_titles_under_it(group, out, into):
    [st] = read_statements(_merged_book(group, out, into), "vypis.xlsx", mappings={}, locale="cs_CZ")
    assert [ln.amount for ln in st.lines] == [D("1210"), D("-150.5")]
    assert (st.opening, st.closing) == (D("10000"), D("11059.5"))
    assert [p for p in check_statements([st], [IBAN]) if p.level == "error"] == []


def test_a_two_row_csv_header_and_a_mapping_naming_the_lower_titles():
    text = (f"Účet;{IBAN}\nMěna;CZK\nDatum;Popis;Částka;;Zůstatek\n;;Má dáti;Dal;\n"
            "01.12.2026;Faktura;;1 210,00;11 210,00\n02.12.2026;Poplatek;150,50;;11 059,50\n")
    mapping = BankMapping.model_validate({"currency": "CZK", "account": IBAN, "columns": {
        "booking_date": "Datum", "debit": "Má dáti", "credit": "Dal", "remittance": "Popis", "balance": "Zůstatek"}})
    for mappings in ({}, {"banka": mapping}):
        [st] = read_statements(text.encode("cp1250"), "vypis.csv", mappings=mappings, locale="cs_CZ")
        assert [ln.amount for ln in st.lines] == [D("1210.00"), D("-150.50")], mappings


def test_a_preamble_line_over_the_header_is_no_group_title():
    text = f"Currency;EUR\nAccount;;{IBAN}\nDate;Amount;Description;Balance\n01.12.2026;100.00;a;1100.00\n"
    [st] = read_statements(text.encode(), "export.csv", mappings={}, locale="en_GB")
    assert st.account == IBAN and [ln.amount for ln in st.lines] == [D("100.00")]


def test_a_merged_header_workbook_dropped_into_the_inbox_is_booked(workspace):
    (workspace.inbox / "bank" / "vypis.xlsx").write_bytes(_merged_book("Částka", "Má dáti", "Dal"))
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (0, "done"), out  # refused before: 'Má dáti' is not an amount
    assert [r["amount"] for r in bank_rows(workspace)] == [D("1210"), D("-150.5")]


def test_every_sheet_of_a_workbook_holding_transactions_is_read(workspace):
    # a workbook of a sheet a month: only the first sheet was read, December's payments were dropped unsaid
    book = Workbook()
    november = book.active
    november.title = "Listopad"
    december = book.create_sheet("Prosinec")
    for sheet, rows in ((november, [["30.11.2026", 100, "Faktura 1"]]),
                        (december, [["01.12.2026", 200, "Faktura 2"], ["02.12.2026", -50, "Poplatek"]])):
        for row in ([f"IBAN: {IBAN}"], ["Měna: CZK"], ["Datum", "Částka", "Popis"], *rows):
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    (workspace.inbox / "bank" / "pohyby-2026.xlsx").write_bytes(data.getvalue())
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (0, "done"), out
    assert [(r["amount"], r["remittance"]) for r in bank_rows(workspace)] == [
        (D("100"), "Faktura 1"), (D("200"), "Faktura 2"), (D("-50"), "Poplatek")]
    notes = [m["text"] for m in out["messages"] if "recognised by their names" in m["text"]]
    assert len(notes) == 1
