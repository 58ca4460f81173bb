"""The payroll register workbook: one row per employee, every figure the payslip shows.

Written by the shared `reports.workbook.write_workbook` (streaming, and text that a
spreadsheet would take for a formula stays text). Amounts are numbers with two
decimals, and the totals rows (one per currency) are the sums of the rounded figures
above them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from backoffice_auto.payroll.labels import category, pay_line_label, word
from backoffice_auto.payroll.model import CATEGORIES, Payslip
from backoffice_auto.reports.workbook import SheetData, write_workbook

LINE_ORDER = ["salary", "straight_time", "bonus", "overtime_premium", "double_time_premium",
              "night_premium", "sunday_premium", "holiday_premium"]


def register_columns(payslips: list[Payslip], language: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Pay line codes and deduction (name, label) pairs present in the run, in a stable order."""
    codes: set[str] = set()
    formula: list[str] = []  # formula premiums' codes, in the order first seen
    deductions: list[tuple[str, str]] = []
    seen: set[str] = set()
    for slip in payslips:
        for line in slip.lines:
            if line.code not in codes:
                codes.add(line.code)
                if line.code not in LINE_ORDER:
                    formula.append(line.code)
        for d in slip.deductions:
            if d.name not in seen:
                seen.add(d.name)
                deductions.append((d.name, d.label_in(language)))
    return [c for c in LINE_ORDER if c in codes] + formula, deductions


def _rates(slip: Payslip) -> Decimal | str | None:
    """One workweek: its regular rate as a number; several: each week's, as text."""
    if len(slip.regular_rates) > 1 and len(set(slip.regular_rates)) > 1:
        return " / ".join(str(rate) for rate in slip.regular_rates)
    return slip.regular_rates[0] if slip.regular_rates else None


def write_register(path: Path, payslips: list[Payslip], employees: Mapping[str, Mapping[str, Any]],
                   language: str) -> Path:
    codes, deductions = register_columns(payslips, language)
    headers = [word("employee_id", language), word("name", language), word("department", language),
               word("rule_set", language), word("period", language)]
    headers += [category(c, language) for c in CATEGORIES]
    headers += [word("regular_rate", language)]
    first_money = len(headers)
    first_line = {}
    for slip in payslips:
        for line in slip.lines:
            first_line.setdefault(line.code, line)
    headers += [pay_line_label(first_line[c], language) for c in codes]
    headers += [word("gross", language)] + [label for _, label in deductions]
    headers += [word("total_deductions", language), word("net", language)]
    last_money = len(headers)
    headers += [word("currency", language)]
    formats: dict[int, str] = {i: "money" for i in range(first_money, last_money)}
    formats.update({5 + i: "0.00" for i in range(len(CATEGORIES))})
    formats[5 + len(CATEGORIES)] = "#,##0.0000"

    totals: dict[str, list[Decimal]] = {}

    def rows():
        for slip in payslips:
            employee = employees.get(slip.employee_id, {})
            amounts = {line.code: line.amount for line in slip.lines}
            taken = {d.name: d.amount for d in slip.deductions}
            money = [amounts.get(c) for c in codes] + [slip.gross] + [taken.get(n) for n, _ in deductions]
            money += [slip.total_deductions, slip.net]
            total = totals.setdefault(slip.currency, [Decimal(0)] * len(money))
            for i, value in enumerate(money):
                if value is not None:
                    total[i] += value
            yield ([slip.employee_id, employee.get("name"), employee.get("department"), employee.get("rule_set"),
                    slip.period] + [slip.hours[c] for c in CATEGORIES] + [_rates(slip)] + money
                   + [slip.currency])
        for currency, total in sorted(totals.items()):
            yield [word("total", language)] + [None] * (first_money - 1) + total + [currency]

    write_workbook(path, [SheetData(word("register", language), headers, rows(), column_formats=formats)])
    return path
