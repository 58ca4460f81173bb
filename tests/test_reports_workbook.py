"""Workbooks we write: exact numbers, real dates, and data text never turned into a formula."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.reports.workbook import SheetData, escape_text, safe_sheet_title, write_workbook

DANGEROUS = ["=1+2", "=HYPERLINK(\"http://x\",\"click\")", "+420 123 456", "-2+3", "@SUM(A1:A2)",
             "\tTAB", "\r=CR"]


def write(sheets) -> bytes:
    out = io.BytesIO()
    write_workbook(out, sheets)
    return out.getvalue()


def test_a_cell_starting_with_equals_comes_out_as_text(tmp_path):
    path = tmp_path / "out.xlsx"
    write_workbook(path, [SheetData("Notes", ["note", "amount"], [[text, Decimal("1.00")] for text in DANGEROUS])])
    sheet = load_workbook(path).active
    for row, text in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s", (text, cell.data_type)
        assert cell.value == text
        assert cell.quotePrefix is True
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml  # no formula element anywhere


def test_escaped_text_reads_back_through_our_own_reader():
    data = write([SheetData("S", ["note"], [["=1+2"]])])
    assert read_workbook(data, "out.xlsx").sheets[0].rows == [("note",), ("=1+2",)]


def test_a_header_starting_with_equals_is_text_too():
    sheet = load_workbook(io.BytesIO(write([SheetData("S", ["=evil"], [[1]])]))).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "=evil"


def test_numbers_dates_and_formats():
    rows = [["A-1", Decimal("12345678901234.56"), Decimal("1.5"), date(2026, 11, 22), datetime(2026, 1, 2, 8, 30), 7, True, None]]
    data = write([SheetData("Items", ["sku", "total", "price", "due", "at", "n", "flag", "empty"], rows,
                            column_formats={"price": "money"}, widths=[12, None, None, None, None, None, None, None])])
    sheet = load_workbook(io.BytesIO(data)).active
    b, c, d, e = sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"]
    assert b.data_type == "n" and b.number_format == "#,##0.00"  # two decimals: money by default
    assert Decimal(str(b.value)) == Decimal("12345678901234.56")
    assert c.number_format == "#,##0.00" and c.value == 1.5
    assert d.is_date and d.value.date() == date(2026, 11, 22) and d.number_format == "yyyy-mm-dd"
    assert e.is_date and e.value == datetime(2026, 1, 2, 8, 30)
    assert sheet["F2"].value == 7 and sheet["G2"].value is True and sheet["H2"].value is None
    assert sheet.column_dimensions["A"].width == 12


def test_decimal_digits_are_written_exactly():
    # A spreadsheet number is a double: up to 15 significant digits survive exactly, which covers money.
    values = [Decimal("0.10"), Decimal("12345678901234.56"), Decimal("-0.01"), Decimal("999999999999.99")]
    with zipfile.ZipFile(io.BytesIO(write([SheetData("S", ["x"], [[v] for v in values])]))) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    for text in ("<v>0.1</v>", "<v>12345678901234.56</v>", "<v>-0.01</v>", "<v>999999999999.99</v>"):
        assert text in xml


def test_header_is_bold_frozen_and_filtered():
    data = write([SheetData("Items", ["sku", "name"], [["A", "x"], ["B", "y"]]), SheetData("Items", ["a"], [])])
    book = load_workbook(io.BytesIO(data))
    first = book.worksheets[0]
    assert first["A1"].font.b is True
    assert first.freeze_panes == "A2"
    assert first.auto_filter.ref == "A1:B3"
    assert [ws.title for ws in book.worksheets] == ["Items", "Items (2)"]


def test_control_characters_are_dropped_not_fatal():
    sheet = load_workbook(io.BytesIO(write([SheetData("S", ["x"], [["bad\x01text"]])]))).active
    assert sheet["A2"].value == "badtext"


def test_sheet_titles_are_made_valid():
    taken: set[str] = set()
    assert safe_sheet_title("Orders: [2026/11]", taken) == "Orders 2026 11"
    assert len(safe_sheet_title("x" * 40, taken)) == 31


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("ok", "ok"), (5, 5), (None, None),
])
def test_escape_text_for_other_writers(value, expected):
    assert escape_text(value) == expected
