"""A person checks what the machine doubts: the review workbook out, the corrections back in.

When a field was read with low confidence, a required field is missing or the supplier is
not in the books, the bill is not entered. The AP clerk gets a workbook with one row per
field (value as read, confidence, an empty "corrected" cell) and drops it, corrected, into
`inbox/approvals/`. A very hidden, protected sheet carries the PDF's SHA-256, which is how
the returned workbook finds its invoice (kept in the `invoice_documents` table) without
trusting anything else in the file. Only the "corrected" cells are unlocked.

An unknown supplier costs one round trip, not three: the workbook carries what the reader
found about the supplier (name, VAT ID, IBAN, address, e-mail) and an "add this supplier
to the books" choice (yes/no in the workspace language); answering "yes" enters the
supplier and the bill in the same job (`new_supplier.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping

from backoffice_auto.documents.workbook import names_sheet
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, translate
from backoffice_auto.invoices.bills.checks import (
    MSG_LOW_CONFIDENCE, MSG_MISSING_FIELD, MSG_UNKNOWN_SUPPLIER, Finding, finding,
)
from backoffice_auto.invoices.extract.model import ExtractedInvoice, InvoiceLine, SupplierInfo
from backoffice_auto.invoices.fieldwords import FIELD_WORDS, field_word

KEY_SHEET = "_invoice_review"
MARKER = "backoffice-auto invoice review"
VERSION = 1

# (field, label msgid, type): the rows of the review sheet, in reading order.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("supplier_id", FIELD_WORDS["supplier_id"], "text"),
    ("supplier.name", FIELD_WORDS["supplier.name"], "text"),
    ("supplier.vat_id", FIELD_WORDS["supplier.vat_id"], "text"),
    ("supplier.iban", FIELD_WORDS["supplier.iban"], "text"),
    ("supplier.address", FIELD_WORDS["supplier.address"], "text"),
    ("supplier.email", FIELD_WORDS["supplier.email"], "text"),
    ("add_supplier", FIELD_WORDS["add_supplier"], "bool"),
    ("invoice_number", FIELD_WORDS["invoice_number"], "text"),
    ("document_type", FIELD_WORDS["document_type"], "text"),
    ("issue_date", FIELD_WORDS["issue_date"], "date"),
    ("due_date", FIELD_WORDS["due_date"], "date"),
    ("currency", FIELD_WORDS["currency"], "text"),
    ("net", FIELD_WORDS["net"], "money"),
    ("tax", FIELD_WORDS["tax"], "money"),
    ("total", FIELD_WORDS["total"], "money"),
    ("prepaid", FIELD_WORDS["prepaid"], "money"),
    ("withheld", FIELD_WORDS["withheld"], "money"),
    ("amount_due", FIELD_WORDS["amount_due"], "money"),
    ("payment_reference", FIELD_WORDS["payment_reference"], "text"),
    ("po_number", FIELD_WORDS["po_number"], "text"),
    ("payment_terms", FIELD_WORDS["payment_terms"], "text"),
)
FIELD_TYPES = {name: kind for name, _, kind in FIELDS}
REQUIRED = ("invoice_number", "issue_date", "currency", "total")

H_FIELD = N_("Field")
H_LABEL = N_("Description")
H_VALUE = N_("Value read")
H_CONFIDENCE = N_("Confidence %")
H_CORRECTED = N_("Corrected")
H_PROBLEMS = N_("Why this needs review")
H_LINES = N_("Lines")
H_QUANTITY = N_("Quantity")
H_UNIT_PRICE = N_("Unit price")
H_AMOUNT = N_("Amount")
H_TAX_RATE = N_("VAT rate %")
H_SKU = N_("SKU")
SHEET_INVOICE = N_("Invoice")
SHEET_SUPPLIERS = N_("Suppliers")
H_SUPPLIER_ID = N_("Supplier ID")
H_NAME = N_("Name")
H_VAT_ID = N_("VAT ID")
MAX_SUPPLIERS_LISTED = 5000
LINE_CORRECTED = 8  # column H of the Lines sheet: the line's corrected amount
HELP = N_("Type a value in the Corrected column only where the value read is wrong or missing, "
          "save, and drop this workbook into inbox/approvals/. An empty Corrected cell keeps the value read.")

MSG_NOT_REVIEW = N_("this workbook is not an invoice review workbook")
MSG_BAD_CORRECTION = N_("the corrected {field} cannot be read: {reason}")
MSG_BAD_LINE_AMOUNT = N_("the corrected amount of line {line} cannot be read: {reason}")
MSG_UNKNOWN_REVIEW = N_("no invoice waits for this review (it may have been deleted from the books)")
MSG_ALREADY_ENTERED = N_("this invoice was already entered as bill {bill}")
MSG_STILL_UNKNOWN = N_("the supplier is still not in the books: choose 'yes' in the Corrected column of "
                       "'Add this supplier to the books', or type a supplier ID of the books in the Corrected "
                       "column of 'Supplier ID in the books', then drop the workbook into inbox/approvals/ again")
HELP_NEW_SUPPLIER = N_("This supplier is not in the books. Check its name, VAT ID, IBAN, address and e-mail "
                       "above (correct them where they are wrong), choose 'yes' under 'Add this supplier to the "
                       "books' and drop this workbook into inbox/approvals/: the supplier and the bill are "
                       "entered together.")
YES, NO = N_("yes"), N_("no")
MSG_STILL_MISSING = N_("the {field} is still missing: type it in the Corrected column")


# --- deciding that a person must look ----------------------------------------------------

def field_value(inv: ExtractedInvoice, name: str) -> Any:
    if name.startswith("supplier."):
        return getattr(inv.supplier, name.split(".", 1)[1])
    if name in ("supplier_id", "add_supplier"):  # the clerk's choices, never read from the PDF
        return None
    return getattr(inv, name)


def review_findings(inv: ExtractedInvoice, supplier_known: bool, min_confidence: float,
                    fields: Iterable[str]) -> list[Finding]:
    """Why a person must check this invoice before it becomes a bill (empty: no need).

    A field with no confidence given counts as certain when it has a value: readers give
    confidence where they guessed. The supplier's fields count only while the supplier is
    unknown: once the books' supplier is found by VAT id, IBAN or a close name, a doubtful
    reading of its name changes nothing (the IBAN is still checked against the books).
    """
    out: list[Finding] = []
    if not supplier_known:
        out.append(finding("unknown_supplier", "review", MSG_UNKNOWN_SUPPLIER, name=inv.supplier.name or "?",
                           vat_id=inv.supplier.vat_id or "?", iban=inv.supplier.iban or "?"))
    for name in REQUIRED:
        if field_value(inv, name) in (None, ""):
            out.append(finding("missing", "review", MSG_MISSING_FIELD, field=field_word(name)))
    if inv.total is not None and inv.tax is None:
        # a bill is not entered without its VAT: an invoice charging none says so and is read
        # with a VAT of zero, so no VAT read is a gap (a recap table not understood...)
        out.append(finding("missing", "review", MSG_MISSING_FIELD, field=field_word("tax")))
    for name in fields:
        if supplier_known and name.startswith("supplier."):
            continue
        value = field_value(inv, name)
        conf = inv.confidence.get(name)
        if value in (None, "") or conf is None or conf >= min_confidence:
            continue
        out.append(finding("low_confidence", "review", MSG_LOW_CONFIDENCE, field=field_word(name), value=_text(value),
                           confidence=int(round(conf * 100))))
    return out


# --- the extraction kept between the two jobs ---------------------------------------------

def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _day(value) -> date | None:
    return None if not value else date.fromisoformat(value)


def invoice_from_json(data: Mapping) -> ExtractedInvoice:
    """The inverse of `ExtractedInvoice.to_json()` (for the copy kept while a review waits)."""
    supplier = data.get("supplier") or {}
    lines = tuple(InvoiceLine(description=ln.get("description") or "", quantity=_dec(ln.get("quantity")),
                              unit_price=_dec(ln.get("unit_price")), amount=_dec(ln.get("amount")),
                              tax_rate=_dec(ln.get("tax_rate")), sku=ln.get("sku"))
                  for ln in data.get("lines") or ())
    return ExtractedInvoice(
        source=data.get("source") or "generic",
        supplier=SupplierInfo(supplier.get("name"), supplier.get("vat_id"), supplier.get("iban"),
                              supplier.get("address"), supplier.get("email")),
        invoice_number=data.get("invoice_number"), issue_date=_day(data.get("issue_date")),
        due_date=_day(data.get("due_date")), currency=data.get("currency"), net=_dec(data.get("net")),
        tax=_dec(data.get("tax")), total=_dec(data.get("total")), lines=lines,
        confidence=dict(data.get("confidence") or {}), po_number=data.get("po_number"),
        document_type=data.get("document_type") or "invoice", buyer_vat_id=data.get("buyer_vat_id"),
        payment_terms=data.get("payment_terms"), notes=tuple(data.get("notes") or ()),
        prepaid=_dec(data.get("prepaid")), rounding=_dec(data.get("rounding")), amount_due=_dec(data.get("amount_due")),
        withheld=_dec(data.get("withheld")),
        payment_reference=data.get("payment_reference"),
        pages={str(k): int(v) for k, v in (data.get("pages") or {}).items()},
    )


# --- writing the workbook ------------------------------------------------------------------

def _text(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _put(cell, value: Any) -> None:
    """Write a value; text that a spreadsheet would run as a formula stays text (the rule of
    `reports.workbook`, which this sheet cannot use: it needs protection and a hidden key)."""
    from backoffice_auto.reports.workbook import put_cell

    put_cell(cell, value)


def write_review_workbook(path: Path, inv: ExtractedInvoice, *, sha256: str, file_name: str, job_id: str,
                          reasons: Iterable[Problem], language: str = "en", supplier_id: str | None = None,
                          suppliers: Iterable[Mapping] = ()) -> Path:
    """The review workbook: one row per field, reasons below, lines on their own sheet, and
    the books' suppliers to pick the supplier ID from (a drop-down on its Corrected cell)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    t = lambda msgid: translate(msgid, language)  # noqa: E731
    wb = Workbook()
    ws = wb.active
    ws.title = t(SHEET_INVOICE)[:31]
    bold = Font(bold=True)
    ws.append([t(H_FIELD), t(H_LABEL), t(H_VALUE), t(H_CONFIDENCE), t(H_CORRECTED)])
    for cell in ws[1]:
        cell.font = bold
    fill = PatternFill("solid", start_color="FFF2CC")
    for row, (name, label, kind) in enumerate(FIELDS, start=2):
        value = supplier_id if name == "supplier_id" else field_value(inv, name)
        conf = inv.confidence.get(name)
        _put(ws.cell(row=row, column=1), name)
        _put(ws.cell(row=row, column=2), t(label))
        _put(ws.cell(row=row, column=3), _text(value))
        ws.cell(row=row, column=4).value = None if conf is None else int(round(conf * 100))
        corrected = ws.cell(row=row, column=5)
        corrected.protection = Protection(locked=False)
        corrected.fill = fill
        if kind == "date":
            corrected.number_format = "yyyy-mm-dd"
    row = len(FIELDS) + 3
    ws.cell(row=row, column=1).value = t(H_PROBLEMS)
    ws.cell(row=row, column=1).font = bold
    for problem in reasons:
        row += 1
        _put(ws.cell(row=row, column=1), problem.text(language))
    row += 2
    if supplier_id is None:
        _put(ws.cell(row=row, column=1), t(HELP_NEW_SUPPLIER))
        ws.cell(row=row, column=1).font = bold
        row += 1
    _put(ws.cell(row=row, column=1), t(HELP))
    ws.cell(row=row, column=1).alignment = Alignment(wrap_text=False)
    for col, width in zip("ABCDE", (18, 38, 34, 14, 34)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.protection.sheet = True  # no password: it guards against slips, the key guards identity

    lines = wb.create_sheet(t(H_LINES)[:31])
    lines.append(["#", t(H_LABEL), t(H_QUANTITY), t(H_UNIT_PRICE), t(H_AMOUNT), t(H_TAX_RATE), t(H_SKU),
                  f"{t(H_CORRECTED)}: {t(H_AMOUNT)}"])
    for cell in lines[1]:
        cell.font = bold
    for i, line in enumerate(inv.lines, 1):
        values = [i, line.description, line.quantity, line.unit_price, line.amount, line.tax_rate, line.sku]
        lines.append([None] * (len(values) + 1))
        for col, value in enumerate(values, 1):
            _put(lines.cell(row=i + 1, column=col), _text(value) if isinstance(value, str) else value)
            if isinstance(value, Decimal):
                lines.cell(row=i + 1, column=col).number_format = "#,##0.00##" if col != 3 else "#,##0.###"
        corrected = lines.cell(row=i + 1, column=LINE_CORRECTED)
        corrected.protection = Protection(locked=False)
        corrected.fill = fill
        corrected.number_format = "#,##0.00"
    lines.column_dimensions["B"].width = 50
    lines.column_dimensions["H"].width = 22
    lines.protection.sheet = True  # only the corrected amounts are typed in; they are read back

    known = list(suppliers)[:MAX_SUPPLIERS_LISTED]
    if known:
        listed = wb.create_sheet(t(SHEET_SUPPLIERS)[:31])
        listed.append([t(H_SUPPLIER_ID), t(H_NAME), t(H_VAT_ID), "IBAN"])
        for cell in listed[1]:
            cell.font = bold
        for r, row in enumerate(known, start=2):
            for c, name in enumerate(("supplier_id", "name", "vat_id", "iban"), start=1):
                _put(listed.cell(row=r, column=c), row.get(name))
        for col, width in zip("ABCD", (14, 40, 18, 32)):
            listed.column_dimensions[col].width = width
        quoted = listed.title.replace("'", "''")
        choice = DataValidation(type="list", formula1=f"'{quoted}'!$A$2:$A${len(known) + 1}", allow_blank=True)
        ws.add_data_validation(choice)
        choice.add(ws.cell(row=2 + [f[0] for f in FIELDS].index("supplier_id"), column=5))

    choose = DataValidation(type="list", formula1=f'"{t(YES)},{t(NO)}"', allow_blank=True)
    ws.add_data_validation(choose)  # after the supplier list's: that one stays the first
    choose.add(ws.cell(row=2 + [f[0] for f in FIELDS].index("add_supplier"), column=5))

    key = wb.create_sheet(KEY_SHEET)
    for r, (k, v) in enumerate((("marker", MARKER), ("version", VERSION), ("sha256", sha256),
                                ("file", file_name), ("job", job_id), ("sheet", ws.title),
                                ("lines", lines.title)), 1):
        key.cell(row=r, column=1).value = k
        _put(key.cell(row=r, column=2), v)
    key.sheet_state = "veryHidden"
    key.protection.sheet = True
    wb.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# --- reading it back -------------------------------------------------------------------------

def looks_like_review(data: bytes) -> bool:
    """Cheap: an xlsx whose workbook part names our key sheet (no cell is parsed)."""
    return names_sheet(data, KEY_SHEET)


@dataclass(frozen=True)
class ReviewReply:
    sha256: str
    file_name: str
    job_id: str
    corrections: Mapping[str, Any]  # field -> raw value typed by the clerk
    sources: Mapping[str, Source]  # field -> cell, for messages
    line_amounts: Mapping[int, Any] = field(default_factory=dict)  # line number (1..) -> corrected amount typed
    line_sources: Mapping[int, Source] = field(default_factory=dict)


def read_review_workbook(data: bytes, name: str, limits=None) -> ReviewReply:
    """The key and the non-empty Corrected cells of a returned review workbook.

    Read through `documents.workbook.read_workbook`, so the size and zip-bomb limits of
    `rules/settings.yaml` hold for a returned workbook as for any other.
    """
    from backoffice_auto.documents.workbook import read_workbook

    if not looks_like_review(data):
        raise Refusal([Problem(MSG_NOT_REVIEW, Source(name))])
    book = read_workbook(data, name, limits)
    try:
        key_rows = book.sheet(KEY_SHEET).rows
    except KeyError:
        raise Refusal([Problem(MSG_NOT_REVIEW, Source(name))]) from None
    key = {str(r[0]): r[1] for r in key_rows[:20] if len(r) > 1 and r[0] is not None}
    if key.get("marker") != MARKER or not key.get("sha256"):
        raise Refusal([Problem(MSG_NOT_REVIEW, Source(name))])
    names = [s.name for s in book.sheets]
    form = book.sheet(key["sheet"]) if key.get("sheet") in names else book.sheets[0]
    corrections: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for row_no, row in enumerate(form.rows[1:len(FIELDS) + 1], start=2):
        if not row or row[0] not in FIELD_TYPES:
            continue
        value = row[4] if len(row) > 4 else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        corrections[row[0]] = value
        sources[row[0]] = Source(name, sheet=form.name, row=row_no, column="E")
    line_amounts: dict[int, Any] = {}
    line_sources: dict[int, Source] = {}
    if key.get("lines") in names:
        sheet = book.sheet(key["lines"])
        for row_no, row in enumerate(sheet.rows[1:], start=2):
            value = row[LINE_CORRECTED - 1] if len(row) >= LINE_CORRECTED else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            line_amounts[row_no - 1] = value
            line_sources[row_no - 1] = Source(name, sheet=sheet.name, row=row_no, column="H")
    return ReviewReply(str(key["sha256"]), str(key.get("file") or ""), str(key.get("job") or ""),
                       corrections, sources, line_amounts, line_sources)


def apply_corrections(inv: ExtractedInvoice, reply: ReviewReply, locale: str = "en_GB"
                      ) -> tuple[ExtractedInvoice, str | None]:
    """The invoice as the clerk confirmed it (every field now certain) and the supplier ID typed.

    Refuses with one problem per unreadable cell, naming the cell.
    """
    from backoffice_auto.documents.values import parser_for

    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, raw in reply.corrections.items():
        kind = FIELD_TYPES[name]
        try:
            value = parser_for(kind, locale)(raw)
        except (ValueError, TypeError) as exc:
            problems.append(Problem(MSG_BAD_CORRECTION, reply.sources.get(name), {"field": field_word(name), "reason": str(exc)}))
            continue
        if name in ("currency",) and isinstance(value, str):
            value = value.upper()
        values[name] = value
    lines = list(inv.lines)
    parse_amount = parser_for("money", locale)
    for number, raw in sorted(reply.line_amounts.items()):
        if not 1 <= number <= len(lines):
            continue
        try:
            lines[number - 1] = replace(lines[number - 1], amount=parse_amount(raw))
        except (ValueError, TypeError) as exc:
            problems.append(Problem(MSG_BAD_LINE_AMOUNT, reply.line_sources.get(number),
                                    {"line": number, "reason": str(exc)}))
    if problems:
        raise Refusal(problems)
    supplier = inv.supplier
    for part in ("name", "vat_id", "iban", "address", "email"):
        if f"supplier.{part}" in values:
            supplier = replace(supplier, **{part: values[f"supplier.{part}"]})
    plain = {k: v for k, v in values.items() if "." not in k and k not in ("supplier_id", "add_supplier")}
    if plain.get("document_type") not in (None, "invoice", "credit_note"):
        plain["document_type"] = "credit_note" if "credit" in str(plain["document_type"]).lower() else "invoice"
    confidence = {name: 1.0 for name, _, _ in FIELDS}
    corrected = replace(inv, supplier=supplier, confidence=confidence, lines=tuple(lines), **plain)
    return corrected, values.get("supplier_id")


def adds_supplier(reply: ReviewReply) -> bool:
    """Did the clerk choose to add the invoice's supplier to the books ("yes" in any of our
    languages; `apply_corrections` has refused an answer that is neither yes nor no)?"""
    from backoffice_auto.documents.values import parse_bool

    raw = reply.corrections.get("add_supplier")
    try:
        return raw is not None and parse_bool(raw)
    except ValueError:
        return False
