"""The payroll register workbook: one row per employee, every figure the payslip shows.

Written with openpyxl's streaming writer (10,000 employees in a few seconds). Text that
a spreadsheet would read as a formula (`=`, `+`, `-`, `@` first) is escaped with an
apostrophe; amounts are numbers with two decimals, so the totals row is the sum of the
rounded figures above it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from backoffice_auto.payroll.labels import category, line_label, word
from backoffice_auto.payroll.model import CATEGORIES, Payslip

MONEY_FORMAT = "#,##0.00"


def safe_text(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def register_columns(payslips: list[Payslip], language: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Pay line codes and deduction (name, label) pairs present in the run, in a stable order."""
    codes: list[str] = []
    deductions: list[tuple[str, str]] = []
    for slip in payslips:
        for line in slip.lines:
            if line.code not in codes:
                codes.append(line.code)
        for d in slip.deductions:
            if d.name not in {n for n, _ in deductions}:
                deductions.append((d.name, d.label_in(language)))
    order = ["salary", "straight_time", "bonus", "overtime_premium", "double_time_premium",
             "night_premium", "sunday_premium", "holiday_premium"]
    return sorted(codes, key=order.index), deductions


def write_register(path: Path, payslips: list[Payslip], employees: Mapping[str, Mapping[str, Any]],
                   language: str) -> Path:
    codes, deductions = register_columns(payslips, language)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(word("register", language)[:31])
    bold = Font(bold=True)

    def header_cell(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    headers = [word("employee_id", language), word("name", language), word("department", language),
               word("rule_set", language), word("period", language)]
    headers += [category(c, language) for c in CATEGORIES]
    headers += [word("regular_rate", language)]
    headers += [line_label(c, language) for c in codes]
    headers += [word("gross", language)] + [label for _, label in deductions]
    headers += [word("total_deductions", language), word("net", language), word("currency", language)]
    sheet.append([header_cell(h) for h in headers])

    def money_cell(value: Decimal | None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell

    totals: dict[str, dict[str, Decimal]] = {}
    for slip in payslips:
        employee = employees.get(slip.employee_id, {})
        amounts = {line.code: line.amount for line in slip.lines}
        taken = {d.name: d.amount for d in slip.deductions}
        row: list[Any] = [safe_text(slip.employee_id), safe_text(employee.get("name")),
                          safe_text(employee.get("department")), employee.get("rule_set"), slip.period]
        row += [slip.hours[c] for c in CATEGORIES]
        row += [slip.regular_rate]
        row += [money_cell(amounts.get(c)) for c in codes]
        row += [money_cell(slip.gross)] + [money_cell(taken.get(n)) for n, _ in deductions]
        row += [money_cell(slip.total_deductions), money_cell(slip.net), slip.currency]
        sheet.append(row)
        total = totals.setdefault(slip.currency, {})
        for key, value in [*amounts.items(), *((f"d:{n}", a) for n, a in taken.items()),
                           ("gross", slip.gross), ("deductions", slip.total_deductions), ("net", slip.net)]:
            total[key] = total.get(key, Decimal(0)) + value
    for currency, total in sorted(totals.items()):
        row = [header_cell(word("total", language))] + [None] * (4 + len(CATEGORIES) + 1)
        row += [money_cell(total.get(c)) for c in codes]
        row += [money_cell(total["gross"])] + [money_cell(total.get(f"d:{n}")) for n, _ in deductions]
        row += [money_cell(total["deductions"]), money_cell(total["net"]), currency]
        sheet.append(row)
    book.save(path)
    return path
