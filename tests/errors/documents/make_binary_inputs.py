"""Regenerates the binary inputs of this folder (run from anywhere: python make_binary_inputs.py).

The text inputs (.csv, .txt-like .xlsx) are written by hand; the workbooks here are made with
openpyxl and zipfile so that anyone can see exactly what each one holds.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def xlsx(rows: list[list], title: str = "Items") -> bytes:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(megabytes: int) -> bytes:
    """A real xlsx whose only sheet holds one cell of `megabytes` MB of zeros."""
    base = zipfile.ZipFile(io.BytesIO(xlsx([["sku"], ["A-1"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, base.read(info))
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w", force_zip64=True) as member:
                member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                             b'<sheetData><row r="1"><c r="A1"><v>')
                for _ in range(megabytes):
                    member.write(b"0" * (1024 * 1024))
                member.write(b"</v></c></row></sheetData></worksheet>")
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Items" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>')


def raw_xlsx(sheet_data: str, dimension: str = "A1", strings: tuple[str, ...] = ()) -> bytes:
    """An .xlsx written part by part, so its sheet XML and shared strings are exactly as given."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>')
    shared = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return out.getvalue()


HEADER_CELL = '<c r="A1" t="inlineStr"><is><t>sku</t></is></c>'


def far_cell_area() -> bytes:
    """Issue 12: 1.9 KB, one cell at GR1000000 (inside the row and column limits), 6.4 GB asked."""
    return raw_xlsx(f'<row r="1">{HEADER_CELL}</row><row r="1000000"><c r="GR1000000"><v>1</v></c></row>',
                    "A1:GR1000000")


def shared_string_bomb() -> bytes:
    """Issue 12: a 3 KB workbook whose one 1 MB shared string is used in 300 cells."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 301))
    return raw_xlsx(rows, "A1:A300", ("x" * 1_000_000,))


def shared_text_expansion() -> bytes:
    """A 30,000-character string (within a cell's limit) used in 40 cells: 1.2 MB once copied."""
    rows = f'<row r="1">{HEADER_CELL}</row>' + "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 42))
    return raw_xlsx(rows, "A1:A41", ("y" * 30_000,))


def hidden_parts() -> bytes:
    """Items with a hidden row, a hidden column and a hidden sheet: none of them is read."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Items"
    for row in (["sku", "name", "on_hand", "unit_price"], ["A-1", "Bolt", 5, 2], ["A-2", "Nut", 900, 1]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["D"].hidden = True
    old = book.create_sheet("Old items")
    old.append(["sku", "on_hand"])
    old.append(["A-1", 1000])
    old.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def uncomputed_formula() -> bytes:
    """Written by openpyxl, which stores formulas without their results."""
    return xlsx([["sku", "on_hand", "unit_price"], ["A-1", "=2*5", 3], ["A-2", 4, "=B3*2"]])


def write_visibility_inputs() -> None:
    (HERE / "hidden_parts.xlsx").write_bytes(hidden_parts())
    (HERE / "uncomputed_formula.xlsx").write_bytes(uncomputed_formula())


def main() -> None:
    write_visibility_inputs()
    (HERE / "empty_workbook.xlsx").write_bytes(xlsx([]))
    good = xlsx([["sku", "name"], ["A-1", "Bolt"]])
    (HERE / "damaged_zip.xlsx").write_bytes(good[: len(good) // 2])
    book = Workbook()
    book.active.title = "Items"
    book.active["A1"] = "sku"
    book.active["B1048576"] = 1
    out = io.BytesIO()
    book.save(out)
    (HERE / "far_cell.xlsx").write_bytes(out.getvalue())
    (HERE / "zip_bomb.xlsx").write_bytes(bomb(3))
    (HERE / "far_cell_area.xlsx").write_bytes(far_cell_area())
    (HERE / "shared_string_bomb.xlsx").write_bytes(shared_string_bomb())
    (HERE / "shared_text_expansion.xlsx").write_bytes(shared_text_expansion())
    (HERE / "long_cell.csv").write_text("sku,name\nA-1," + "z" * 40_000 + "\n", encoding="utf-8")
    (HERE / "zip_bomb_ratio.xlsx").write_bytes(bomb(24))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    (HERE / "docx_named_xlsx.xlsx").write_bytes(out.getvalue())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:  # LibreOffice's own format, saved without converting
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:'
                                        'opendocument:xmlns:office:1.0"/>')
    (HERE / "opendocument.ods").write_bytes(out.getvalue())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    (HERE / "zip_not_a_workbook.xlsx").write_bytes(out.getvalue())
    (HERE / "encrypted.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    (HERE / "binary_named_xlsx.xlsx").write_bytes(bytes(range(256)))
    (HERE / "zero_bytes.xlsx").write_bytes(b"")
    (HERE / "pdf_named_xlsx.xlsx").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")


if __name__ == "__main__":
    main()
