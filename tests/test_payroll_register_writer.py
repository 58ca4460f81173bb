"""The payroll register through the fast streaming writer reads back cell for cell as the
openpyxl-based `reports.workbook` writer made it: values, types, number formats, bold
header, quote-prefixed formula-like text, widths, frozen header and filter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from backoffice_auto.payroll.model import DeductionLine, PayLine, Payslip
from backoffice_auto.payroll.register import register_sheet, write_register
from backoffice_auto.reports.workbook import write_workbook

HOURS = ("regular", "overtime", "double_time", "night", "sunday", "holiday")


def slip(eid: str, currency: str, gross: str, rates: tuple[str, ...], premium: bool = False) -> Payslip:
    lines = [PayLine("straight_time", Decimal("80.00"), Decimal("12.5000"), Decimal(gross)),
             PayLine("overtime_premium", Decimal("3.25"), Decimal("6.2500"), Decimal("20.31"))]
    if premium:
        lines.append(PayLine("premium:shift", None, None, Decimal("15.00"), "Shift bonus", (("cs", "Směnný"),)))
    return Payslip(eid, "2026-03-02/2026-03-15", date(2026, 3, 2), date(2026, 3, 15), currency,
                   {c: Decimal(f"{i}.{i}5") for i, c in enumerate(HOURS)}, lines,
                   [DeductionLine("tax", "Income tax", Decimal("100.00"), (("cs", "Daň z příjmů"),)),
                    DeductionLine("social", "Social", Decimal("0.00"))],
                   regular_rates=tuple(Decimal(r) for r in rates))


def cells(path):
    book = load_workbook(path)
    sheet = book.active
    grid = [[(repr(c.value), c.data_type, c.number_format, bool(c.font.b), bool(c.quotePrefix)) for c in row]
            for row in sheet.iter_rows()]
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    return sheet.title, grid, widths, sheet.freeze_panes, sheet.auto_filter.ref


def test_register_reads_back_as_the_openpyxl_writer_wrote_it(tmp_path):
    slips = [slip("E1", "EUR", "1000.00", ("20.5475", "17.3500"), premium=True),
             slip("E2", "EUR", "0.00", ("12.5000",)),
             slip("E3", "JPY", "120000", ("1500.0000", "1500.0000")),
             slip("E4", "EUR", "123456789.10", ())]
    employees = {"E1": {"name": "=HYPERLINK(\"http://x\")", "department": "+Sales", "rule_set": "eu-example"},
                 "E2": {"name": "Jiří Růžička", "department": "Sklad"},
                 "E3": {"name": "Ünïcode & <b>", "department": None}}
    for language in ("en", "cs"):
        fast = write_register(tmp_path / f"fast-{language}.xlsx", slips, employees, language)
        reference = tmp_path / f"reference-{language}.xlsx"
        write_workbook(reference, [register_sheet(slips, employees, language)])
        assert cells(fast) == cells(reference)
