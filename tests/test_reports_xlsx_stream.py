"""The streaming report writer: values land in their columns, typed, and never as formulas."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook

from backoffice_auto.reports.xlsx_stream import write_xlsx
from backoffice_auto.reports.workbook import SheetData


def test_values_types_formula_text_and_empty_cells(tmp_path):
    rows = [["A-01", None, Decimal("12.50"), Decimal("1.5"), 3, date(2026, 11, 2), "=SUM(A1)", "+420 123",
             "Łódź & <Ż>", datetime(2026, 11, 2, 8, 30), True],
            [None, None, None, None, None, None, None, None, None, None, None]]
    path = write_xlsx(tmp_path / "r.xlsx", [SheetData("Pick list: A/B", list("abcdefghijk"), rows),
                                            SheetData("Pick list: A/B", ["x"], (r for r in [[1]]))])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Pick list A B", "Pick list A B (2)"]
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == list("abcdefghijk") and ws["A1"].font.bold
    values = [c.value for c in ws[2]]
    assert values[:5] == ["A-01", None, 12.5, 1.5, 3]
    assert values[5] == datetime(2026, 11, 2) and values[9] == datetime(2026, 11, 2, 8, 30) and values[10] is True
    assert values[6:9] == ["=SUM(A1)", "+420 123", "Łódź & <Ż>"]
    assert ws["G2"].data_type == "s" and ws["G2"].quotePrefix and ws["H2"].quotePrefix
    assert ws["C2"].number_format == "#,##0.00" and ws["F2"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:K3"
    assert wb.worksheets[1]["A2"].value == 1
    raw = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert raw[1][2] == 12.5 and raw[1][6] == "=SUM(A1)"
