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


def main() -> None:
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
    (HERE / "zip_bomb_ratio.xlsx").write_bytes(bomb(24))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    (HERE / "docx_named_xlsx.xlsx").write_bytes(out.getvalue())
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
