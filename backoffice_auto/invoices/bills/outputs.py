"""What a supplier-invoice job hands back: the extracted-data workbook, the exceptions report
and the mail bodies, in the reader's language.

Kept apart from the handler so the handler stays a short list of steps. Workbooks go
through `reports.workbook.write_workbook`, which keeps text a spreadsheet would run as a
formula (`=`, `+`, `-`, `@`) as text: supplier names and descriptions come from outside.
"""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Mapping

from backoffice_auto.i18n import N_, format_money, translate
from backoffice_auto.invoices.bills.checks import Finding
from backoffice_auto.invoices.extract.model import ExtractedInvoice
from backoffice_auto.invoices.bills.review import FIELDS, field_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

H_FIELD = N_("Field")
H_LABEL = N_("Description")
H_VALUE = N_("Value")
H_CONFIDENCE = N_("Confidence %")
H_LEVEL = N_("Level")
H_ACTION = N_("Action")
H_CODE = N_("Check")
H_MESSAGE = N_("Message")
H_QUANTITY = N_("Quantity")
H_UNIT_PRICE = N_("Unit price")
H_AMOUNT = N_("Amount")
H_TAX_RATE = N_("VAT rate %")
H_SKU = N_("SKU")
SHEET_INVOICE = N_("Invoice")
SHEET_LINES = N_("Lines")
SHEET_BILL = N_("Bill")
SHEET_EXCEPTIONS = N_("Exceptions")
NO_EXCEPTIONS = N_("No exceptions.")
ACTION_NAMES = {
    "refuse": N_("refused"),
    "review": N_("needs review"),
    "hold": N_("bill on hold"),
    "note": N_("note"),
}

SUBJECT_ENTERED = N_("Bill {bill} entered: {supplier}, invoice {number}, {total}")
SUBJECT_HELD = N_("Bill {bill} on hold: {supplier}, invoice {number}, {total}")
SUBJECT_REVIEW = N_("Please review supplier invoice {file}")
SUBJECT_ALERT = N_("Bank account change on an invoice of {supplier}: bill {bill} held")
BODY_ENTERED = N_("The supplier invoice {file} was entered as bill {bill} ({status}), due {due}.")
BODY_REVIEW = N_("The supplier invoice {file} was not entered: some values need a person's check. "
                 "Correct the attached workbook and drop it into inbox/approvals/.")
BODY_ALERT = N_("The invoice {number} of {supplier} ({file}) asks for payment to an account the books do not "
                "know. The bill {bill} is on hold. Confirm the account with the supplier through a known "
                "contact before releasing it.")
BODY_EXCEPTIONS = N_("Exceptions")
STATUS_NAMES = {"scheduled": N_("scheduled"), "on_hold": N_("on hold")}
L_SUPPLIER = N_("Supplier")
L_INVOICE = N_("Invoice number")
L_ISSUE = N_("Issue date")
L_DUE = N_("Due date")
L_AMOUNT_DUE = N_("Amount due")
L_REFERENCE = N_("Payment reference")
L_TOTAL = N_("Total")
L_DISCOUNT = N_("Early-payment discount")
DISCOUNT_UNTIL = N_("{amount} if paid by {date}")
L_PO = N_("Purchase order number")
L_STATUS = N_("Status")


def write_extracted_workbook(path: Path, inv: ExtractedInvoice, bill: Mapping | None, language: str,
                             supplier_id: str | None = None) -> Path:
    """Every field as read (with confidence), the lines, and the bill as entered."""
    from backoffice_auto.reports.workbook import SheetData, write_workbook

    t = lambda msgid: translate(msgid, language)  # noqa: E731
    rows = []
    for name, label, _ in FIELDS:
        value = supplier_id if name == "supplier_id" else field_value(inv, name)
        conf = inv.confidence.get(name)
        rows.append([name, t(label), value, None if conf is None else int(round(conf * 100))])
    rows.append(["source", "", inv.source, None])
    for note in inv.notes:
        rows.append(["note", "", note, None])
    sheets = [
        SheetData(t(SHEET_INVOICE), [t(H_FIELD), t(H_LABEL), t(H_VALUE), t(H_CONFIDENCE)], rows,
                  widths=(18, 38, 34, 14)),
        SheetData(t(SHEET_LINES), ["#", t(H_LABEL), t(H_QUANTITY), t(H_UNIT_PRICE), t(H_AMOUNT), t(H_TAX_RATE),
                                   t(H_SKU)],
                  [[i, ln.description, ln.quantity, ln.unit_price, ln.amount, ln.tax_rate, ln.sku]
                   for i, ln in enumerate(inv.lines, 1)],
                  column_formats=(None, None, "quantity", "money", "money", "decimal", "text"),
                  widths=(5, 50, 10, 12, 12, 10, 14)),
    ]
    if bill is not None:
        sheets.append(SheetData(t(SHEET_BILL), [t(H_FIELD), t(H_VALUE)], [[k, v] for k, v in bill.items()],
                                widths=(18, 60)))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, sheets)
    return path


def write_exceptions_workbook(path: Path, findings: Iterable[Finding], language: str, file_name: str) -> Path:
    """Every finding with what it did; one 'no exceptions' row when there is none."""
    from backoffice_auto.reports.workbook import SheetData, write_workbook

    t = lambda msgid: translate(msgid, language)  # noqa: E731
    rows = [[file_name, f.problem.level, t(ACTION_NAMES[f.action]), f.code, f.problem.text(language)]
            for f in findings]
    if not rows:
        rows = [[file_name, "info", "", "", t(NO_EXCEPTIONS)]]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, [SheetData(t(SHEET_EXCEPTIONS), ["file", t(H_LEVEL), t(H_ACTION), t(H_CODE), t(H_MESSAGE)],
                                    rows, widths=(28, 9, 16, 18, 100))])
    return path


def money(amount: Decimal | None, currency: str | None, language: str) -> str:
    if amount is None:
        return "?"
    try:
        return format_money(amount, currency or "EUR", language)
    except Exception:  # an unknown currency code still prints the number
        return f"{amount} {currency or ''}".strip()


def findings_html(findings: Iterable[Finding], language: str) -> tuple[str, str]:
    """The findings worth a person's attention as an HTML list and as plain text."""
    shown = list(findings)
    if not shown:
        return "", ""
    items = "".join(f"<li>{html.escape(translate(ACTION_NAMES[f.action], language))}: "
                    f"{html.escape(f.problem.text(language))}</li>" for f in shown)
    text = "\n".join(f"- {translate(ACTION_NAMES[f.action], language)}: {f.problem.text(language)}" for f in shown)
    title = translate(BODY_EXCEPTIONS, language)
    return f"<h3>{html.escape(title)}</h3><ul>{items}</ul>", f"{title}:\n{text}"


def paragraph(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def bill_summary(bill: Mapping, supplier_name: str, po_number: str | None, language: str) -> tuple[str, str]:
    """The bill's few numbers that matter, as an HTML table and as plain text lines."""
    from backoffice_auto.i18n import format_date

    t = lambda msgid: translate(msgid, language)  # noqa: E731
    currency = bill.get("currency")
    rows = [(t(L_SUPPLIER), f"{supplier_name} ({bill.get('supplier_id')})"),
            (t(L_INVOICE), bill.get("invoice_number") or "?")]
    if bill.get("issue_date"):
        rows.append((t(L_ISSUE), format_date(bill["issue_date"], language)))
    rows.append((t(L_DUE), format_date(bill["due_date"], language)))
    rows.append((t(L_TOTAL), money(bill.get("total"), currency, language)))
    if bill.get("amount_due") is not None:
        rows.append((t(L_AMOUNT_DUE), money(bill["amount_due"], currency, language)))
    if bill.get("payment_reference"):
        rows.append((t(L_REFERENCE), bill["payment_reference"]))
    if bill.get("discount_amount") is not None and bill.get("discount_date"):
        rows.append((t(L_DISCOUNT), translate(DISCOUNT_UNTIL, language,
                                              amount=money(bill["discount_amount"], currency, language),
                                              date=format_date(bill["discount_date"], language))))
    if po_number:
        rows.append((t(L_PO), po_number))
    rows.append((t(L_STATUS), t(STATUS_NAMES.get(bill.get("status"), bill.get("status") or ""))))
    table = "".join(f"<tr><th align=\"left\">{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table>{table}</table>", "\n".join(f"{k}: {v}" for k, v in rows)
