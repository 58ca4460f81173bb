"""Words of the payroll outputs (register, payslip, summary), as msgids to translate."""

from __future__ import annotations

from backoffice_auto.i18n import N_, translate

CATEGORY_LABELS = {
    "regular": N_("Regular hours"),
    "overtime": N_("Overtime hours"),
    "double_time": N_("Double-time hours"),
    "night": N_("Night hours"),
    "sunday": N_("Sunday hours"),
    "holiday": N_("Public holiday hours"),
}

LINE_LABELS = {
    "salary": N_("Salary"),
    "straight_time": N_("Hours at base rate"),
    "bonus": N_("Bonus"),
    "overtime_premium": N_("Overtime premium"),
    "double_time_premium": N_("Double-time premium"),
    "night_premium": N_("Night premium"),
    "sunday_premium": N_("Sunday premium"),
    "holiday_premium": N_("Public holiday premium"),
}

WORDS = {
    "payslip": N_("Payslip"),
    "register": N_("Payroll register"),
    "employee": N_("Employee"),
    "employee_id": N_("Employee number"),
    "name": N_("Employee name"),
    "department": N_("Department"),
    "rule_set": N_("Rule set"),
    "period": N_("Period"),
    "hours": N_("Hours"),
    "rate": N_("Rate"),
    "amount": N_("Amount"),
    "regular_rate": N_("Regular rate"),
    "regular_rate_week": N_("Regular rate, week {week}"),
    "gross": N_("Gross pay"),
    "deductions": N_("Deductions"),
    "total_deductions": N_("Total deductions"),
    "net": N_("Net pay"),
    "currency": N_("Currency"),
    "iban": N_("Paid to account"),
    "total": N_("Total"),
    "employees": N_("Employees"),
    "cost_by_department": N_("Payroll cost by department"),
    "earnings": N_("Earnings"),
}


def word(key: str, language: str, **params) -> str:
    return translate(WORDS[key], language, **params)


def category(key: str, language: str) -> str:
    return translate(CATEGORY_LABELS[key], language)


def line_label(code: str, language: str) -> str:
    return translate(LINE_LABELS[code], language)


def pay_line_label(line, language: str) -> str:
    """A pay line's label: a formula premium's own (per language), else the code's."""
    if line.label is not None or line.labels:
        return dict(line.labels).get(language, line.label or line.code)
    return line_label(line.code, language)
