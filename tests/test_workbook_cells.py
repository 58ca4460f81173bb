"""Workbooks people keep working in (issue 14 item 6): figures are number cells with number
formats, dates are dates, and old and new values sit in their own columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from backoffice_auto.payroll.model import DeductionLine, PayLine, Payslip
from backoffice_auto.payroll.register import money_format, write_register

HOURS = ("regular", "overtime", "double_time", "night", "sunday", "holiday")


def slip(eid: str, currency: str = "EUR", rates=(Decimal("12.5000"),)) -> Payslip:
    return Payslip(eid, "2026-03-02/2026-03-15", date(2026, 3, 2), date(2026, 3, 15), currency,
                   {c: Decimal("8.00") if c == "regular" else Decimal("0") for c in HOURS},
                   [PayLine("straight_time", Decimal("80.00"), Decimal("12.5000"), Decimal("1000.00"))],
                   [DeductionLine("tax", "Income tax", Decimal("100.00"), (("cs", "Daň z příjmů"),))],
                   regular_rates=tuple(rates))


def cells(path):
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return header, rows[1:]


def test_register_figures_are_number_cells_with_formats(tmp_path):
    slips = [slip("E1", rates=(Decimal("20.5475"), Decimal("17.3500"))), slip("E2")]
    header, rows = cells(write_register(tmp_path / "r.xlsx", slips, {"E1": {"name": "Jana"}}, "en"))
    week1, week2 = header.index("Regular rate, week 1"), header.index("Regular rate, week 2")
    assert [rows[0][week1].value, rows[0][week2].value] == [20.5475, 17.35]
    assert rows[1][week1].value == 12.5 and rows[1][week2].value is None
    assert rows[0][week1].data_type == "n" and rows[0][week1].number_format == "#,##0.0000"
    regular = rows[0][header.index("Regular hours")]
    assert regular.data_type == "n" and regular.number_format == "#,##0.00"
    net = rows[0][header.index("Net pay")]
    assert net.data_type == "n" and net.value == 900 and net.number_format == "#,##0.00"
    for row in rows:  # no figure is text
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.value in {"E1", "E2", "Jana", "EUR", "Total", "2026-03-02/2026-03-15"}, cell.value


def test_one_rate_a_slip_is_one_column_and_money_has_the_currency_decimals(tmp_path):
    header, rows = cells(write_register(tmp_path / "r.xlsx", [slip("E1", "JPY")], {}, "pl"))
    assert header.count("Stawka regularna") == 1 and not any("tydzień" in str(h) for h in header)
    assert rows[0][header.index("Wynagrodzenie netto")].number_format == "#,##0"
    assert money_format({"EUR"}) == "#,##0.00" and money_format({"JPY"}) == "#,##0"
    assert money_format({"BHD", "EUR"}) == "#,##0.000"


def test_the_change_report_has_a_column_per_field_and_typed_old_and_new_values(tmp_path):
    from backoffice_auto.books.store import Change
    from backoffice_auto.masterdata.change_report import write_change_report

    changes = {"items": [
        Change("added", "items", ("A-1",), None, {"sku": "A-1", "name": "Šroub M6", "unit_price": Decimal("12.50"),
                                                   "tax_rate": Decimal(21), "on_hand": Decimal(3), "reserved": None}),
        Change("changed", "items", ("A-2",), {"sku": "A-2", "unit_price": Decimal("1.00")},
               {"sku": "A-2", "unit_price": Decimal("1.25")}, ("unit_price",))],
        "sales_invoices": [Change("added", "sales_invoices", ("F1",), None,
                                  {"invoice_number": "F1", "issue_date": date(2026, 11, 3), "total": Decimal("121.00")})]}
    book = load_workbook(write_change_report(tmp_path / "changes.xlsx", changes, "en"))
    assert book.sheetnames == ["Summary", "Added - Items", "Added - Sales invoices", "Changed"]
    items = list(book["Added - Items"].iter_rows())
    assert [c.value for c in items[0]] == ["Item code", "Name", "Unit price", "VAT rate", "Stock on hand"]
    assert [c.value for c in items[1]] == ["A-1", "Šroub M6", 12.5, 21, 3]
    assert items[1][2].data_type == "n" and items[1][2].number_format == "#,##0.00"
    invoice = list(book["Added - Sales invoices"].iter_rows())[1]
    assert invoice[1].is_date and invoice[1].value.date() == date(2026, 11, 3)
    changed = list(book["Changed"].iter_rows())[1]
    assert [c.value for c in changed] == ["Items", "A-2", "Unit price", 1, 1.25]
    assert changed[3].data_type == "n" and changed[4].number_format == "#,##0.00"
    for sheet in book:  # no "field=value; ..." strings anywhere
        assert not any(isinstance(c.value, str) and "=" in c.value for row in sheet.iter_rows() for c in row)
