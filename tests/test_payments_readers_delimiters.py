"""A CSV export's delimiter when its commas and semicolons split its lines alike.

Found with a Czech two-column export (`Datum;Částka`, `02.11.2026;1 210,00`) under title lines
printing its balances (`Konečný zůstatek: 11 059,50`): each decimal comma split a line in two just
as each semicolon did, the title lines tipped the count to the comma, and the export was refused as
'No mapping in rules/bank/*.yaml describes this export'. A comma between digits with one or two
digits after it is now weighed as the decimal mark it is; exports separated by commas still are.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements

D = Decimal
CZ = "CZ6020100000002400123456"
_HEAD = "Číslo účtu: 2400123456/2010\nMěna: CZK\nPočáteční zůstatek: 10 000,00\nKonečný zůstatek: {closing}\n\n"


def _two_columns(closing: str) -> bytes:
    return (_HEAD.format(closing=closing) + "Datum;Částka\n02.11.2026;1 210,00\n03.11.2026;-150,50\n").encode("cp1250")


def test_a_two_column_semicolon_export_with_decimal_commas_is_split_at_its_semicolons():
    [st] = read_statements(_two_columns("11 059,50"), "pohyby.csv", mappings={}, locale="cs_CZ")  # was refused
    assert [ln.amount for ln in st.lines] == [D("1210.00"), D("-150.50")]
    assert (st.opening, st.closing) == (D("10000.00"), D("11059.50"))
    assert [p.text() for p in check_statements([st], [CZ]) if p.level == "error"] == []


def test_such_an_export_that_does_not_add_up_is_still_refused_with_the_difference():
    [st] = read_statements(_two_columns("11 059,40"), "pohyby.csv", mappings={}, locale="cs_CZ")
    [error] = [p.text() for p in check_statements([st], [CZ]) if p.level == "error"]
    assert "does not balance" in error and "-0.10" in error


@pytest.mark.parametrize("text, widths", [
    ("Datum;Částka;Zůstatek\n02.11.2026;1 210,00;11 210,00\n03.11.2026;-150,5;11 059,5\n", {3}),
    ('"Datum";"Částka"\n"02.11.2026";"1210,00"\n"03.11.2026";"-150,50"\n', {2}),
    ("Date,Description,Amount\n2026-11-02,Pay,1.00\n2026-11-03,Fee,-2.50\n", {3}),
    ("Date,Qty,Amount,Text\n2026-11-02,12,1.00,a\n2026-11-03,3,15,b\n", {4}),  # whole numbers in a comma file
    ("ID,Amount\n98765,50\n98766,75\n", {2}),
])
def test_the_rows_are_split_where_the_export_separates_them(text, widths):
    [sheet] = read_workbook(text.encode("utf-8"), "x.csv").sheets
    assert {len(row) for row in sheet.rows} == widths


def test_a_file_of_no_delimiter_is_refused_as_before():
    with pytest.raises(Refusal):
        read_statements("jen text\nžádná tabulka\n".encode("cp1250"), "x.csv", mappings={}, locale="cs_CZ")
