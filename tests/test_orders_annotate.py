"""The clerk's workbook handed back: cells added in the sheet XML, every other part kept."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.styles import Font

from backoffice_auto.orders.annotate import RowStatus, SheetStatus, _annotate_openpyxl, annotate
from backoffice_auto.orders.xlsx_patch import NewColumns, add_columns


def _book(tmp_path, with_image=True) -> bytes:
    from PIL import Image as PILImage

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Orders"
    ws.append(["order_id", "sku", "quantity"])
    ws["A1"].font = Font(bold=True, color="FF0000")
    ws.append(["SO-1", "A", 2])
    ws.append(["SO-2", "B", 3])
    ws["B3"].comment = Comment("checked by Jana", "Jana")
    ws.conditional_formatting.add("C2:C3", openpyxl.formatting.rule.CellIsRule(
        operator="greaterThan", formula=["2"], font=Font(color="00AA00")))
    if with_image:
        png = tmp_path / "logo.png"
        PILImage.new("RGB", (8, 8), "blue").save(png)
        ws.add_image(Image(str(png)), "E1")
    other = wb.create_sheet("Notes")
    other["A1"] = "=SUM(1,2)"
    path = tmp_path / "in.xlsx"
    wb.save(path)
    return path.read_bytes()


def test_added_columns_keep_images_comments_formats_and_other_sheets(tmp_path):
    data = _book(tmp_path)
    statuses = {"Orders": SheetStatus(1, {2: RowStatus(2, "", "SO-1/1", "INV-1", "shipped", ""),
                                          3: RowStatus(Decimal("1.5"), 1, "SO-2/1", "INV-2", "partly shipped",
                                                       "=not a formula & <b>")})}
    dest = annotate(data, "in.xlsx", "xlsx", statuses, "en", tmp_path / "out.xlsx")
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(dest)
    changed = {n for n in before.namelist() if before.read(n) != after.read(n)}
    assert changed == {"xl/worksheets/sheet1.xml"}
    wb = openpyxl.load_workbook(dest)
    ws = wb["Orders"]
    assert [c.value for c in ws[1]] == ["order_id", "sku", "quantity", "Allocated", "Backordered", "Shipment",
                                        "Invoice", "Status", "Reason"]
    assert ws["D1"].font.bold and ws["D1"].font.color.rgb.endswith("FF0000")
    assert [c.value for c in ws[3]][3:] == [1.5, 1, "SO-2/1", "INV-2", "partly shipped", "=not a formula & <b>"]
    assert ws["I3"].data_type == "s"
    assert ws["E2"].value is None  # an empty value leaves no cell
    assert ws["B3"].comment.text == "checked by Jana"
    assert wb["Notes"]["A1"].value == "=SUM(1,2)"
    assert ws.dimensions == "A1:I3"


def test_macro_workbook_keeps_its_vba_project(tmp_path):
    data = _book(tmp_path, with_image=False)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a vba project")
    patched = add_columns(buf.getvalue(), {"Orders": NewColumns(1, 3, ["Status"], {2: ["ok"]})})
    assert zipfile.ZipFile(io.BytesIO(patched)).read("xl/vbaProject.bin").endswith(b"vba project")


def test_openpyxl_path_gives_the_same_cells(tmp_path):
    data = _book(tmp_path, with_image=False)
    statuses = {"Orders": SheetStatus(1, {2: RowStatus(2, "", "SO-1/1", "INV-1", "shipped", "")})}
    dest = _annotate_openpyxl(data, "in.xlsx", statuses, ["A", "B", "C", "D", "E", "F"], tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(dest)["Orders"]
    assert [c.value for c in ws[2]] == ["SO-1", "A", 2, 2, None, "SO-1/1", "INV-1", "shipped", None]


def test_xls_sheet_comes_back_as_xlsx_with_formula_text_kept_as_text(tmp_path):
    """An `.xls` is rebuilt as `.xlsx` (`_rebuild_xls`): a clerk's `=HYPERLINK(...)` and a
    reason `=2+2` must come back as text cells, never as live formulas."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Orders")
    for col, text in enumerate(["order_id", "sku", "quantity", "notes"]):
        sheet.write(0, col, text)
    for col, value in enumerate(["SO-1", "SKU-A", 2, '=HYPERLINK("http://evil")']):
        sheet.write(1, col, value)
    source = io.BytesIO()
    book.save(source)
    status = SheetStatus(1, {2: RowStatus(Decimal(2), "", "SO-1/1", "INV-1", "shipped", "=2+2")})
    dest = annotate(source.getvalue(), "orders.xls", "xls", {"Orders": status}, "en", tmp_path / "orders.xlsx")

    ws = openpyxl.load_workbook(dest)["Orders"]
    assert [c.value for c in ws[1]][:4] == ["order_id", "sku", "quantity", "notes"]
    assert (ws["D2"].value, ws["D2"].data_type) == ('=HYPERLINK("http://evil")', "s")
    assert (ws["J2"].value, ws["J2"].data_type) == ("=2+2", "s")
    assert ws["E2"].value == 2 and ws["H2"].value == "INV-1"
    with zipfile.ZipFile(dest) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
