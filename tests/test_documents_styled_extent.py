"""Sheets formatted far beyond their data, as offices send them, are read, not refused.

Found: an order sheet whose rows were filled or bolded down to row 1,048,576 (a clerk
formats whole rows, or a template ships pre-formatted) was refused as 'used area 1048576
rows by 6 columns, over the limit of 5000000 cells', and so was any sheet whose declared
`<dimension>` covers the grid. The spreadsheet engine allocates for cells that hold a
value only, so only those count; a far cell holding a value is still refused
(test_input_bounds_resources). `process` runs in its own process under the same 2 GB
address-space limit as the other bounds tests, so an allocation of the grid would kill it.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from backoffice_auto.documents.workbook import read_workbook
from test_input_bounds_resources import _limit_memory
from test_orders_support import seed_books

HEADERS = ["Order ID", "Order date", "Customer ID", "SKU", "Quantity", "Unit price"]


def _styled_to_the_last_row(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    sheet.append(HEADERS)
    sheet.append(["S-1", date(2026, 11, 20), "C001", "SKU-A", 2, None])
    fill = PatternFill("solid", fgColor="FFF2CC")
    for row in (3, 1000, 65536, 1_048_576):  # formatted rows, the last row of the grid among them
        for column in range(1, 7):
            sheet.cell(row, column).fill = fill
            sheet.cell(row, column).font = Font(bold=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _process(workspace, path: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "backoffice_auto", "process", str(path), "-w",
                             str(workspace.root), "--json"], capture_output=True, text=True, timeout=300,
                            preexec_fn=_limit_memory)
    assert "Traceback" not in result.stderr, result.stderr
    [outcome] = json.loads(result.stdout)
    return outcome


def test_an_order_sheet_styled_down_to_row_1048576_is_processed(workspace):
    seed_books(workspace)
    path = _styled_to_the_last_row(workspace.inbox / "orders" / "styled.xlsx")
    with zipfile.ZipFile(path) as archive:  # the file does reach the grid's last row
        assert b'r="F1048576"' in archive.read("xl/worksheets/sheet1.xml")
    outcome = _process(workspace, path)
    assert outcome["status"] == "done", outcome["messages"]
    assert not any("used area" in m["text"] for m in outcome["messages"])


def test_a_dimension_declaring_the_whole_grid_is_not_a_refusal():
    book = Workbook()
    book.active.append(["sku", "name"])
    book.active.append(["A-1", "Bolt"])
    out = io.BytesIO()
    book.save(out)
    source, target = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            archive.writestr(member, data)
    [sheet] = read_workbook(target.getvalue(), "items.xlsx").sheets
    assert sheet.rows == [("sku", "name"), ("A-1", "Bolt")]
