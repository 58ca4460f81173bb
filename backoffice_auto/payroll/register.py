"""The payroll register workbook: one row per employee, every figure the payslip shows.

Written by the shared streaming writer `reports.xlsx_stream.write_xlsx` with a number
format per column (as `reports.workbook` would write it, about five times faster for a
10,000-employee register; text that a spreadsheet would take for a formula stays text). Every figure is a number cell people
can sum and sort: amounts with the decimals of the run's currency (its minor units),
hours with two, and a regular rate per workweek in a
column of its own (never "20.5475 / 17.3500" as text). The totals rows (one per
currency) are the sums of the rounded figures above them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from backoffice_auto.money import minor_digits
from backoffice_auto.payroll.labels import category, pay_line_label, word
from backoffice_auto.payroll.model import CATEGORIES, Payslip
from backoffice_auto.reports.workbook import SheetData
from backoffice_auto.reports.xlsx_stream import write_xlsx

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


def _rates(slip: Payslip, columns: int) -> list[Decimal | None]:
    """The regular rate of each workweek, one column each (one column when every week
    of every slip has one rate)."""
    rates = list(slip.regular_rates)
    if columns == 1:
        return [rates[0] if rates else None]
    return rates[:columns] + [None] * (columns - len(rates))


def _rate_columns(payslips: list[Payslip]) -> int:
    return max([len(s.regular_rates) for s in payslips if len(set(s.regular_rates)) > 1] or [1])


def money_format(currencies) -> str:
    """An Excel number format with the decimals of the currencies' minor units (the most
    any of them has: a run in EUR and JPY shows two)."""
    digits = max((minor_digits(c) for c in currencies), default=2)
    return "#,##0" + ("." + "0" * digits if digits else "")


def write_register(path: Path, payslips: list[Payslip], employees: Mapping[str, Mapping[str, Any]],
                   language: str) -> Path:
    write_xlsx(path, [register_sheet(payslips, employees, language)])
    return path


def register_sheet(payslips: list[Payslip], employees: Mapping[str, Mapping[str, Any]], language: str) -> SheetData:
    """The register as one sheet: headers, a row per payslip, a totals row per currency."""
    codes, deductions = register_columns(payslips, language)
    headers = [word("employee_id", language), word("name", language), word("department", language),
               word("rule_set", language), word("period", language)]
    first_hours = len(headers)
    headers += [category(c, language) for c in CATEGORIES]
    first_rate = len(headers)
    rate_columns = _rate_columns(payslips)
    headers += ([word("regular_rate", language)] if rate_columns == 1 else
                [word("regular_rate_week", language, week=n) for n in range(1, rate_columns + 1)])
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
    money = money_format({slip.currency for slip in payslips})
    formats: dict[int, str] = {i: money for i in range(first_money, last_money)}
    formats.update({first_hours + i: "#,##0.00" for i in range(len(CATEGORIES))})
    formats.update({first_rate + i: "#,##0.0000" for i in range(rate_columns)})

    totals: dict[str, list[Decimal]] = {}

    def rows():
        for slip in payslips:
            employee = employees.get(slip.employee_id, {})
            amounts = {line.code: line.amount for line in slip.lines}
            taken = {d.name: d.amount for d in slip.deductions}
            figures = [amounts.get(c) for c in codes] + [slip.gross] + [taken.get(n) for n, _ in deductions]
            figures += [slip.total_deductions, slip.net]
            total = totals.setdefault(slip.currency, [Decimal(0)] * len(figures))
            for i, value in enumerate(figures):
                if value is not None:
                    total[i] += value
            yield ([slip.employee_id, employee.get("name"), employee.get("department"), employee.get("rule_set"),
                    slip.period] + [slip.hours[c] for c in CATEGORIES]
                   + _rates(slip, rate_columns) + figures + [slip.currency])
        for currency, total in sorted(totals.items()):
            yield [word("total", language)] + [None] * (first_money - 1) + total + [currency]

    return SheetData(word("register", language), headers, rows(), column_formats=formats)
