"""Reading workbooks and CSV files, and refusing hostile or broken ones before they expand."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook as OpenpyxlWorkbook

from conftest import xlsx_bytes

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Refusal
from backoffice_auto.rules.settings_model import Limits




def refusal_text(data: bytes, name: str, limits: Limits | None = None) -> str:
    with pytest.raises(Refusal) as caught:
        read_workbook(data, name, limits)
    return "\n".join(p.render() for p in caught.value.problems)


def test_xlsx_values_come_back_typed_and_exact():
    data = xlsx_bytes({"Items": [
        ["sku", "price", "qty", "day", "at", "flag", "note"],
        ["A-1", 0.1, 3, date(2026, 11, 22), time(8, 30), True, None],
        ["A-2", 1234.5678, 2.0, datetime(2026, 1, 2, 10, 0), None, False, "x"],
    ], "Empty": []})
    book = read_workbook(data, "items.xlsx", Limits())
    assert [s.name for s in book.sheets] == ["Items", "Empty"]
    rows = book.sheet("Items").rows
    assert rows[1] == ("A-1", Decimal("0.1"), 3, date(2026, 11, 22), time(8, 30), True, None)
    assert rows[2][1] == Decimal("1234.5678") and rows[2][2] == 2 and isinstance(rows[2][2], int)
    assert rows[2][3] == datetime(2026, 1, 2, 10, 0)
    assert book.sheet("Empty").rows == []
    assert book.sheet("Items").source(3, 2).render() == "items.xlsx:Items!B3"


def test_hidden_sheets_are_marked():
    book = OpenpyxlWorkbook()
    book.active["A1"] = "sku"
    hidden = book.create_sheet("Lookup")
    hidden["A1"] = "x"
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    assert [(s.name, s.hidden) for s in read_workbook(out.getvalue(), "a.xlsx").sheets] == [("Sheet", False), ("Lookup", True)]


def test_rows_start_at_a1_even_when_data_starts_lower():
    book = OpenpyxlWorkbook()
    book.active.title = "Data"
    book.active["C3"] = "sku"
    out = io.BytesIO()
    book.save(out)
    rows = read_workbook(out.getvalue(), "x.xlsx").sheets[0].rows
    assert len(rows) == 3 and rows[2] == (None, None, "sku")


def test_csv_semicolon_cp1250():
    text = "Kód zboží;Název;Cena\nA-1;Žluťoučký kůň;1 234,50\n\nA-2;Pivo;12,00\n"
    book = read_workbook(text.encode("cp1250"), "zbozi.csv")
    sheet = book.sheets[0]
    assert book.format == "csv" and sheet.name == "zbozi"
    assert sheet.rows[0] == ("Kód zboží", "Název", "Cena")
    assert sheet.rows[1] == ("A-1", "Žluťoučký kůň", "1 234,50")
    assert sheet.rows[2] == (None,) or all(v is None for v in sheet.rows[2])


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    rows = [["sku", "name", "unit_price"], ["A-1", "Bolt, steel", "1.50"], ["A-2", "Nut", "0.20"]]
    lines = []
    for row in rows:
        cells = [f'"{c}"' if delimiter in c else c for c in row]
        lines.append(delimiter.join(cells))
    data = ("\ufeff" + "\r\n".join(lines)).encode("utf-8")
    sheet = read_workbook(data, "items.csv").sheets[0]
    assert sheet.rows[1] == ("A-1", "Bolt, steel", "1.50")


def test_csv_latin1_and_utf8_bom():
    assert read_workbook("name\nCafé crème\n".encode("utf-8-sig"), "a.csv").sheets[0].rows[1] == ("Café crème",)
    assert read_workbook("name;x\nWrocław;1\n".encode("utf-8"), "a.csv").sheets[0].rows[1] == ("Wrocław", "1")


def test_a_text_file_named_xlsx_is_refused():
    text = refusal_text(b"sku;name\nA-1;Bolt\n", "items.xlsx")
    assert text.startswith("items.xlsx: This file is not a workbook: its content is plain text.")


def test_a_pdf_named_xlsx_is_refused():
    assert "PDF document" in refusal_text(b"%PDF-1.7\n%....", "items.xlsx")


def test_an_empty_workbook_is_refused():
    data = xlsx_bytes({"Sheet1": [], "Sheet2": [[None, None]]})
    assert refusal_text(data, "empty.xlsx") == "empty.xlsx: The workbook is empty: none of its sheets holds a value."


def test_an_empty_csv_is_refused():
    assert "is empty" in refusal_text(b"\r\n;;\r\n", "empty.csv")


def test_a_truncated_workbook_is_damaged():
    data = xlsx_bytes({"Items": [["sku"], ["A-1"]]})
    assert "is damaged" in refusal_text(data[: len(data) // 2], "items.xlsx")


def test_a_workbook_whose_part_name_is_zeroed_is_damaged_not_an_internal_error():
    """Found by the fuzz test: a name whose first byte is NUL in the zip's central directory
    comes out of zipfile as an empty name, which its own `is_dir()` cannot take."""
    data = bytearray(xlsx_bytes({"Items": [["sku"], ["A-1"]]}))
    directory = data.rindex(b"PK\x01\x02")  # the last part's entry in the central directory
    data[directory + 46] = 0  # the first byte of its name
    text = refusal_text(bytes(data), "items.xlsx")
    assert "is damaged" in text and "no name" in text and text.startswith("items.xlsx")


def test_an_encrypted_workbook_is_refused_with_the_reason():
    # Office stores a password-protected .xlsx as an OLE2 file holding an EncryptedPackage stream.
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    assert "protected by a password" in refusal_text(fake, "secret.xlsx")


def test_a_file_over_the_size_limit_is_refused():
    data = b"sku\n" + b"A-1\n" * (300 * 1024)  # 1.2 MB
    text = refusal_text(data, "big.csv", Limits(max_file_mb=1))
    assert "over the limit of 1 MB (limits.max_file_mb" in text


def test_too_many_rows_names_the_limit():
    data = ("sku\n" + "".join(f"A-{i}\n" for i in range(20))).encode()
    assert "21 rows, over the limit of 10 (limits.max_rows" in refusal_text(data, "items.csv", Limits(max_rows=10))
    xlsx = xlsx_bytes({"Items": [["sku"]] + [[f"A-{i}"] for i in range(20)]})
    assert "items.xlsx:Items: The sheet has 21 rows" in refusal_text(xlsx, "items.xlsx", Limits(max_rows=10))


def test_too_many_columns_names_the_limit():
    xlsx = xlsx_bytes({"Wide": [[f"c{i}" for i in range(40)]]})
    assert "Wide: The sheet has 40 columns, over the limit of 30" in refusal_text(xlsx, "w.xlsx", Limits(max_columns=30))


def test_one_far_away_cell_is_refused_before_the_engine_allocates_the_rectangle():
    # Regression: calamine allocates rows x columns up to the farthest cell; XFD1048576 aborted the process.
    book = OpenpyxlWorkbook()
    book.active.title = "Items"
    book.active["A1"] = "sku"
    book.active["XFD1048576"] = 1
    out = io.BytesIO()
    book.save(out)
    text = refusal_text(out.getvalue(), "far.xlsx")
    assert text.startswith("far.xlsx:Items: The sheet has 1048576 rows")
    book = OpenpyxlWorkbook()
    book.active["A1"] = "sku"
    book.active["XFD1"] = 1
    out = io.BytesIO()
    book.save(out)
    assert "16384 columns" in refusal_text(out.getvalue(), "far.xlsx")


def zip_bomb(megabytes: int) -> bytes:
    """A real xlsx whose sheet XML holds one cell with `megabytes` MB of zeros (compresses ~1000x)."""
    base = xlsx_bytes({"Items": [["sku", "on_hand"], ["A-1", 1]]})
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
                continue
            entry = zipfile.ZipInfo(info.filename)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w", force_zip64=True) as member:
                member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                             b'<sheetData><row r="1"><c r="A1"><v>')
                chunk = b"0" * (1024 * 1024)
                for _ in range(megabytes):
                    member.write(chunk)
                member.write(b"</v></c></row></sheetData></worksheet>")
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_by_the_uncompressed_limit_before_expansion():
    bomb = zip_bomb(40)
    assert len(bomb) < 200 * 1024  # small file ...
    tracemalloc.start()
    try:
        text = refusal_text(bomb, "bomb.xlsx", Limits(max_uncompressed_mb=10))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "would expand to 40.0 MB, over the limit of 10 MB (limits.max_uncompressed_mb" in text
    assert "refused before expanding" in text
    assert peak < 8 * 1024 * 1024  # ... and the 40 MB were never inflated


def test_an_xlsx_zip_bomb_is_refused_by_its_compression_ratio_under_default_limits():
    text = refusal_text(zip_bomb(30), "bomb.xlsx", Limits())
    assert "bomb.xlsx: The workbook part xl/worksheets/sheet1.xml is compressed" in text
    assert "possible zip bomb" in text


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "text document or another office file" in refusal_text(out.getvalue(), "letter.xlsx")


def test_an_xlsx_named_csv_is_read_as_a_workbook():
    data = xlsx_bytes({"Items": [["sku"], ["A-1"]]})
    assert read_workbook(data, "items.csv").sheets[0].rows == [("sku",), ("A-1",)]


def test_unsupported_extension_with_text_content_is_refused():
    assert "not a workbook" in refusal_text(b"hello", "notes.docx")


def test_a_sheet_stored_outside_xl_worksheets_is_checked_too():
    # The workbook's relationships decide where a sheet lives; the extent check follows them.
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"Items": [["sku"], ["A-1"]]})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in base.infolist():
            data = base.read(info)
            name = info.filename
            if name == "xl/worksheets/sheet1.xml":
                name = "xl/hidden/data.xml"
                data = data.replace(b"</sheetData>", b'<row r="5000000"><c r="A5000000"><v>1</v></c></row></sheetData>')
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", b"hidden/data.xml")
            elif name == "[Content_Types].xml":
                data = data.replace(b"/xl/worksheets/sheet1.xml", b"/xl/hidden/data.xml")
            target.writestr(name, data)
    assert refusal_text(out.getvalue(), "moved.xlsx").startswith("moved.xlsx:Items: The sheet has 5000000 rows")


def test_cells_shown_as_percentages_read_as_the_percent_shown():
    # Excel stores "21 %" as 0.21: a tax rate must come out as 21, and a plain number column must not take 0.5.
    from backoffice_auto.books.schema import TABLES
    from backoffice_auto.documents.tables import read_table
    from backoffice_auto.documents.values import Percent

    book = OpenpyxlWorkbook()
    ws = book.active
    ws.title = "Items"
    ws.append(["sku", "tax rate", "on hand"])
    ws.append(["A", 0.21, 5])
    ws.append(["B", 0.055, 0.5])
    ws.append(["C", 15, 5])
    ws["B2"].number_format = "0%"
    ws["B3"].number_format = '0.0" "%'
    ws["C3"].number_format = "0.00%"
    out = io.BytesIO()
    book.save(out)
    sheet = read_workbook(out.getvalue(), "p.xlsx").sheets[0]
    assert sheet.rows[1][1] == Decimal("21") and isinstance(sheet.rows[1][1], Percent)
    assert sheet.rows[2][1] == Decimal("5.5") and sheet.rows[2][2] == Decimal("50")
    assert sheet.rows[3] == ("C", 15, 5)
    read = read_table(sheet, TABLES["items"].fields, "p.xlsx")
    assert [r.values["tax_rate"] for r in read.records] == [Decimal("21"), Decimal("5.5"), Decimal("15")]
    assert [p.render() for p in read.problems] == ["p.xlsx:Items!C3: '50 %' in column on hand is not a number."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="ab;\"\n x1", min_size=1, max_size=8), min_size=2, max_size=2),
                min_size=1, max_size=6))
def test_a_csv_written_properly_reads_back_as_written_and_an_unclosed_quote_is_refused(rows):
    """A cell of several lines, quoted as spreadsheets write it, is one cell; a quote opened and
    never closed was read as one cell holding the rest of the file (its rows lost): now refused."""
    import csv as csv_module
    import io

    out = io.StringIO()
    csv_module.writer(out, delimiter=";", lineterminator="\n", quoting=csv_module.QUOTE_ALL).writerows(
        [["h1", "h2"], *rows])
    data = out.getvalue()
    book = read_workbook(data.encode(), "t.csv")
    expected = [("h1", "h2"), *[tuple(v if v.strip() else None for v in row) for row in rows]]
    while all(v is None for v in expected[-1]):
        expected.pop()  # (blank last rows are not read)
    assert book.sheets[0].rows == expected
    with pytest.raises(Refusal) as refused:  # the last cell's closing quote lost, and a line after it
        read_workbook((data[:-2] + "\nx;y\n").encode(), "t.csv")
    assert "never closed" in refused.value.problems[0].text()
