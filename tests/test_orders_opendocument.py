"""An order sheet saved by LibreOffice in its own format, dropped into inbox/orders/.

Found: `orders.ods` was refused with 'no handler takes this file (kind not recognised from
its folder and content)', and the same file among the books with 'This file is not a
workbook: it is a text document or another office file.' Neither told the clerk what to
do. Now the orders job takes the file and the reader says it is an OpenDocument
spreadsheet, to be saved as .xlsx.
"""

from __future__ import annotations

import zipfile

from test_orders_support import run, seed_books, texts

SAID = ("orders.ods: This is an OpenDocument spreadsheet (.ods, saved by LibreOffice or OpenOffice), which is not "
        "read: save it there as Excel 2007-365 (.xlsx) and drop it again.")


def _ods(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                                                  'opendocument:xmlns:manifest:1.0"/>')
        archive.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                                        'xmlns:office:1.0"><office:body><office:spreadsheet/></office:body>'
                                        '</office:document-content>')
    return path


def test_an_ods_order_sheet_is_refused_saying_how_to_save_it(workspace):
    seed_books(workspace)
    [result] = run(workspace, _ods(workspace.inbox / "orders" / "orders.ods"))
    assert result["status"] == "refused"
    assert result["kind"] == "orders"
    assert texts(result) == [SAID]
    assert (workspace.root / "failed" / "orders.ods").exists()


def test_an_ods_among_the_books_says_the_same(workspace):
    [result] = run(workspace, _ods(workspace.inbox / "books" / "orders.ods"))
    assert result["status"] == "refused"
    assert texts(result) == [SAID]
