"""Payslip PDFs, each in its employee's own language (DejaVu fonts: Czech and Polish letters).

Loading and subsetting the TrueType fonts costs about a second per document with fpdf2,
far more than drawing a payslip. So a run's payslips are drawn as pages of one document
(fonts loaded and subset once) and then cut into one PDF per employee with pdfium, which
copies just that employee's pages: the same files, a hundred times faster.
"""

from __future__ import annotations

import io
from typing import Any, Iterable, Mapping

import pypdfium2 as pdfium

from backoffice_auto.i18n import format_date, format_decimal, format_money
from backoffice_auto.payroll.labels import category, line_label, word
from backoffice_auto.payroll.model import CATEGORIES, Payslip
from backoffice_auto.reports.pdf import FAMILY, new_document


def mask_iban(iban: str | None) -> str:
    """Only the country and the last four characters: a payslip can be left on a printer."""
    if not iban:
        return ""
    compact = iban.replace(" ", "")
    return f"{compact[:2]}** **** {compact[-4:]}"


def render_payslip(slip: Payslip, employee: Mapping[str, Any], company: str, language: str) -> bytes:
    """One payslip as PDF bytes."""
    return render_payslips([(slip, employee, language)], company)[0]


def render_payslips(items: Iterable[tuple[Payslip, Mapping[str, Any], str]], company: str) -> list[bytes]:
    """PDF bytes per (payslip, employee, language), in order; drawn together, cut apart."""
    pdf = new_document(title=word("payslip", "en"), author=company)
    starts: list[int] = []
    for slip, employee, language in items:
        starts.append(pdf.page + 1)
        _draw(pdf, slip, employee, company, language)
    if not starts:
        return []
    whole = pdfium.PdfDocument(bytes(pdf.output()))
    try:
        ends = starts[1:] + [len(whole) + 1]
        out = []
        for first, end in zip(starts, ends):
            part = pdfium.PdfDocument.new()
            try:
                part.import_pages(whole, list(range(first - 1, end - 1)))
                buffer = io.BytesIO()
                part.save(buffer)
                out.append(buffer.getvalue())
            finally:
                part.close()
        return out
    finally:
        whole.close()


def _draw(pdf, slip: Payslip, employee: Mapping[str, Any], company: str, language: str) -> None:
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 9, word("payslip", language), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 6, company, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    period = f"{format_date(slip.period_start, language)} – {format_date(slip.period_end, language)}"
    facts = [
        (word("employee", language), f"{employee.get('name') or ''} ({slip.employee_id})"),
        (word("department", language), employee.get("department") or ""),
        (word("period", language), period),
    ]
    for label, value in facts:
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(45, 6, label)
        pdf.set_font(FAMILY, "", 10)
        pdf.cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def table(title: str, rows: list[tuple[str, str, str, str]], total: tuple[str, str] | None = None) -> None:
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 10)
        for label, hours, rate, amount in rows:
            pdf.cell(80, 6, label)
            pdf.cell(30, 6, hours, align="R")
            pdf.cell(35, 6, rate, align="R")
            pdf.cell(0, 6, amount, align="R", new_x="LMARGIN", new_y="NEXT")
        if total:
            pdf.set_font(FAMILY, "B", 10)
            pdf.cell(145, 7, total[0], border="T")
            pdf.cell(0, 7, total[1], align="R", border="T", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    hours_rows = [(category(c, language), format_decimal(slip.hours[c], language, 2), "", "")
                  for c in CATEGORIES if slip.hours[c]]
    table(word("hours", language), hours_rows)
    earning_rows = []
    for line in slip.lines:
        earning_rows.append((
            line_label(line.code, language),
            format_decimal(line.hours, language, 2) if line.hours is not None else "",
            format_money(line.rate, slip.currency, language) if line.rate is not None else "",
            format_money(line.amount, slip.currency, language)))
    table(word("earnings", language), earning_rows, (word("gross", language),
                                                     format_money(slip.gross, slip.currency, language)))
    if slip.deductions:
        table(word("deductions", language),
              [(d.label, "", "", format_money(d.amount, slip.currency, language)) for d in slip.deductions],
              (word("total_deductions", language), format_money(slip.total_deductions, slip.currency, language)))
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(145, 9, word("net", language))
    pdf.cell(0, 9, format_money(slip.net, slip.currency, language), align="R", new_x="LMARGIN", new_y="NEXT")
    if employee.get("iban"):
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(0, 6, f"{word('iban', language)}: {mask_iban(employee.get('iban'))}", new_x="LMARGIN", new_y="NEXT")
