"""The payroll mail: each payslip to its employee alone, and the manager's summary.

A payslip message has exactly one recipient, the employee's own address from the books;
nothing else of the run is in it. Bodies are rendered here in the recipient's language.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import Any, Mapping

from backoffice_auto.i18n import N_, NP_, format_date, format_money, translate
from backoffice_auto.mail.message import Attachment, MailMessage
from backoffice_auto.payroll.labels import word
from backoffice_auto.payroll.model import Payslip

PAYSLIP_SUBJECT = N_("Your payslip for {start} – {end}")
PAYSLIP_BODY = N_("Hello {name}, your payslip for {start} – {end} is attached. Net pay: {net}.")
PAYSLIP_BODY_NO_PDF = N_("Hello {name}, here is your pay for {start} – {end}. Gross pay: {gross}. Net pay: {net}.")
SUMMARY_SUBJECT = NP_("Payroll {start} – {end}: {count} employee, net {net}",
                      "Payroll {start} – {end}: {count} employees, net {net}", "count")
SUMMARY_INTRO = NP_("Payroll for {start} – {end} from {file}: {count} employee.",
                    "Payroll for {start} – {end} from {file}: {count} employees.", "count")
SEPA_ATTACHED = N_("The salary transfer file {file} is attached for upload to the bank.")
NOT_IN_SEPA = N_("Not in the transfer file (pay another way): {employees}.")


@lru_cache(maxsize=256)
def _date_text(day, language: str) -> str:
    """Period dates are the same on every payslip of a run: format each once per language."""
    return format_date(day, language)


def payslip_message(slip: Payslip, employee: Mapping[str, Any], language: str, pdf_output: str | None) -> MailMessage:
    start = _date_text(slip.period_start, language)
    end = _date_text(slip.period_end, language)
    params = {"name": employee.get("name") or slip.employee_id, "start": start, "end": end,
              "net": format_money(slip.net, slip.currency, language),
              "gross": format_money(slip.gross, slip.currency, language)}
    text = translate(PAYSLIP_BODY if pdf_output else PAYSLIP_BODY_NO_PDF, language, **params)
    attachments = ()
    if pdf_output:
        attachments = (Attachment(filename=f"{word('payslip', language)}-{slip.employee_id}-{slip.period_end:%Y-%m-%d}.pdf",
                                  output=pdf_output, mime_type="application/pdf"),)
    return MailMessage(to=(employee["email"],), subject=translate(PAYSLIP_SUBJECT, language, start=start, end=end),
                       html=f"<p>{escape(text)}</p>", text=text, attachments=attachments, kind="payslip", private=True,
                       language=language, key=f"payslip-{slip.employee_id}")


def summary_message(to: tuple[str, ...], payslips: list[Payslip], costs: dict[str, dict[str, Decimal]],
                    totals: dict[str, dict[str, Decimal]], language: str, source_file: str,
                    attachments: tuple[Attachment, ...], sepa_file: str | None, not_in_sepa: list[str],
                    picture: str = "") -> MailMessage:
    """Totals per currency, cost by department (table and `picture`, the chart's inline
    `<img>` whose image is among `attachments`), payment file."""
    first = payslips[0]
    start, end = format_date(first.period_start, language), format_date(first.period_end, language)
    main_currency = max(totals, key=lambda c: totals[c]["gross"])
    net_text = format_money(totals[main_currency]["net"], main_currency, language)
    subject = translate(SUMMARY_SUBJECT, language, start=start, end=end, count=len(payslips), net=net_text)
    intro = translate(SUMMARY_INTRO, language, start=start, end=end, file=source_file, count=len(payslips))
    lines = [intro, ""]
    html = [f"<p>{escape(intro)}</p>", "<table border='1' cellpadding='4' cellspacing='0'>",
            f"<tr><th>{escape(word('currency', language))}</th><th>{escape(word('gross', language))}</th>"
            f"<th>{escape(word('total_deductions', language))}</th><th>{escape(word('net', language))}</th></tr>"]
    for currency, total in sorted(totals.items()):
        cells = [format_money(total[k], currency, language) for k in ("gross", "deductions", "net")]
        lines.append(f"{currency}: {word('gross', language)} {cells[0]}, {word('total_deductions', language)} "
                     f"{cells[1]}, {word('net', language)} {cells[2]}")
        html.append(f"<tr><td>{currency}</td>" + "".join(f"<td align='right'>{escape(c)}</td>" for c in cells) + "</tr>")
    html.append("</table>")
    title = word("cost_by_department", language)
    html.append(f"<h3>{escape(title)}</h3><table border='1' cellpadding='4' cellspacing='0'>")
    lines += ["", title]
    for currency, by_department in sorted(costs.items()):
        for department, amount in sorted(by_department.items(), key=lambda kv: -kv[1]):
            shown = format_money(amount, currency, language)
            lines.append(f"  {department}: {shown}")
            html.append(f"<tr><td>{escape(department)}</td><td align='right'>{escape(shown)}</td></tr>")
    html.append("</table>")
    if picture:
        html.append(f"<p>{picture}</p>")
    if sepa_file:
        note = translate(SEPA_ATTACHED, language, file=sepa_file)
        lines += ["", note]
        html.append(f"<p>{escape(note)}</p>")
    if not_in_sepa:
        note = translate(NOT_IN_SEPA, language, employees=", ".join(not_in_sepa))
        lines += ["", note]
        html.append(f"<p>{escape(note)}</p>")
    return MailMessage(to=to, subject=subject, html="\n".join(html), text="\n".join(lines),
                       attachments=attachments, kind="report", language=language, key="payroll-summary")
