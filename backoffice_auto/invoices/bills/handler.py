"""Supplier invoices in, bills out: the two handlers of the bills side of the invoices job.

`InvoiceHandler` (kind `invoices`) takes a PDF, reads it (`extract.extract_invoice`), runs
the checks and the purchase-order matching, and either enters a bill or, when a person must
look first, sends the AP clerk a review workbook. `InvoiceApprovalHandler` (kind
`invoice-approval`) takes that workbook back from `inbox/approvals/` and enters the bill
with the corrections. Both end in `settle()`, so a bill is entered by one code path.

Steps are pure functions (checks, matching, bills, terms); this module is the edge that
reads the books, writes outputs and queues mail, all inside the job's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, translate
from backoffice_auto.invoices.bills import outputs
from backoffice_auto.invoices.bills.bill_rules import rule_findings
from backoffice_auto.invoices.bills.entry import (
    BILL_SEQUENCE, Decision, as_credit_note, bill_dates, bill_record, decide, format_bill_id,
)
from backoffice_auto.invoices.bills.checks import (
    MSG_BAD_CURRENCY, MSG_CREDIT_NOTE, Finding, check_invoice, finding,
)
from backoffice_auto.invoices.bills.figures import figures_note
from backoffice_auto.invoices.bills.matching import match_purchase_order
from backoffice_auto.invoices.extract.embedded import XML_REFUSED_NOTES
from backoffice_auto.invoices.extract.model import ExtractedInvoice
from backoffice_auto.invoices.extract.own_party import OwnParty, without_own
from backoffice_auto.invoices.rules_model import InvoicesRules
from backoffice_auto.invoices.fieldwords import field_word
from backoffice_auto.invoices.bills.review import (
    MSG_ALREADY_ENTERED, MSG_STILL_MISSING, MSG_STILL_UNKNOWN, MSG_UNKNOWN_REVIEW, REQUIRED, adds_supplier,
    apply_corrections, field_value, invoice_from_json, looks_like_review, read_review_workbook, review_findings, write_review_workbook,
)
from backoffice_auto.invoices.bills.new_supplier import add_supplier
from backoffice_auto.invoices.bills.suppliers import match_supplier
from backoffice_auto.mail.message import Attachment, MailMessage
from backoffice_auto.pipeline.handler import Incoming, JobContext

AP_CLERK = "role:ap_clerk"
FINANCE_MANAGER = "role:finance_manager"
DOCUMENTS = "invoice_documents"

MSG_UNKNOWN_SUPPLIER_ID = N_("supplier ID {supplier} is not in the books: pick one from the Suppliers sheet, or "
                             "choose 'yes' under 'Add this supplier to the books' to add the supplier under "
                             "this ID, then drop the workbook into inbox/approvals/ again")


@dataclass(frozen=True)
class Outcome:
    """What `settle()` did: a bill entered, or a review sent."""

    action: str  # enter | review
    bill: Mapping | None
    findings: tuple[Finding, ...]
    outputs: tuple[str, ...]


def _rules(ctx: JobContext) -> InvoicesRules:
    """The invoices job's typed rules, as the engine hands them (defaults declared on the model)."""
    rules: InvoicesRules = ctx.job_rules
    return rules


def _currency_digits(currency: str | None) -> int | None:
    from backoffice_auto.money import UnknownCurrency, minor_digits

    if not currency:
        return None
    try:
        return minor_digits(currency)
    except UnknownCurrency:
        return None


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
    return keep.strip("._")[:60] or "invoice"


def find_supplier(books, info, name_threshold: float):
    """`suppliers.match_supplier` over the books, with exact look-ups first: a VAT id or IBAN
    stored as printed finds its row without reading (and decoding) the whole table."""
    from backoffice_auto.invoices.bills.suppliers import SupplierMatch, compact_iban, normalize_vat

    # The IBAN short cut only without a VAT id: the VAT id must win over the IBAN even when
    # the books write it with spaces (which only the full pass compares).
    field, value = ("vat_id", normalize_vat(info.vat_id)) if info.vat_id else ("iban", compact_iban(info.iban))
    if value:
        hits = books.rows("suppliers", **{field: value})
        if len(hits) == 1:
            return SupplierMatch(hits[0], field)
    return match_supplier(info, books.rows("suppliers"), name_threshold)


def _order_rows(books, supplier_id: str, po_number: str | None) -> list[dict]:
    """The supplier's order lines, plus the lines of the printed PO number when it is another
    supplier's (so that case is reported as such); never the whole table."""
    rows = books.rows("purchase_orders", supplier_id=supplier_id)
    if po_number:
        seen = {(r["po_number"], r["line"]) for r in rows}
        rows += [r for r in books.rows("purchase_orders", po_number=po_number.strip())
                 if (r["po_number"], r["line"]) not in seen]
    return rows


def _billed_on_orders(books, supplier_id: str) -> dict[str, list[ExtractedInvoice]]:
    """The supplier's invoices already entered as bills, by the order they matched."""
    out: dict[str, list[ExtractedInvoice]] = {}
    for doc in books.rows(DOCUMENTS, supplier_id=supplier_id, status="entered"):
        if doc.get("po_number") and doc.get("extracted"):
            out.setdefault(doc["po_number"], []).append(invoice_from_json(doc["extracted"]))
    return out


def _refuse_implausible(inv: ExtractedInvoice, limits, source: Source) -> None:
    """An amount read from a PDF beyond `limits.max_amount_digits` (as a sheet's cell would
    be) refuses the file with the value named: it cannot be a real bill, and no check,
    sum or format downstream has to cope with a forty-digit figure."""
    from backoffice_auto.documents.values import OutOfBounds, check_number

    figures = [inv.net, inv.tax, inv.total]
    figures += [v for line in inv.lines for v in (line.quantity, line.unit_price, line.amount)]
    problems = []
    for value in figures:
        if value is None:
            continue
        try:
            check_number(value, limits)
        except OutOfBounds as exc:
            problems.append(Problem(exc.message, source, {"value": f"{value}"[:60], **exc.params}))
            break
    if problems:
        raise Refusal(problems)


def _on_page(source: Source, page: int | None) -> Source:
    return source if page is None or source.sheet else Source(source.file, page=page)


def settle(ctx: JobContext, inv: ExtractedInvoice, *, sha256: str, file_name: str, reviewed: bool = False,
           supplier_id: str | None = None, where: str | None = None) -> Outcome:
    """Check the invoice and enter it as a bill, or send it for review; refuse a duplicate.

    `file_name` is the invoice PDF's name; `where` the file that messages name (the review
    workbook, when the clerk's corrections come back).
    """
    rules = _rules(ctx)
    books = ctx.books
    source = Source(where or file_name)
    _refuse_implausible(inv, ctx.settings.limits, source)
    inv = without_own(inv, OwnParty.of(ctx.settings.company))  # the supplier is never us
    for note in inv.notes:  # what the reader did, e.g. an embedded XML refused as unsafe
        ctx.note(Problem(note, source, level="warning" if note in XML_REFUSED_NOTES else "info"))
    if supplier_id:
        supplier = books.get("suppliers", supplier_id)
        if supplier is None:
            raise Refusal([Problem(MSG_UNKNOWN_SUPPLIER_ID, source, {"supplier": supplier_id})])
    else:
        match = find_supplier(books, inv.supplier, rules.supplier_matching.name_threshold)
        supplier = dict(match.supplier) if match else None
    sid = supplier["supplier_id"] if supplier else None

    findings: list[Finding] = []
    if inv.document_type == "credit_note" or (inv.total is not None and inv.total < 0):
        findings.append(finding("credit_note", "note", MSG_CREDIT_NOTE))
    digits = _currency_digits(inv.currency)
    if inv.currency and digits is None:
        findings.append(finding("currency", "hold" if reviewed else "review", MSG_BAD_CURRENCY, currency=inv.currency))
    checks = rules.checks
    findings += check_invoice(inv, supplier, books.rows("bills", supplier_id=sid) if sid else [],
                              minor_digits=digits if digits is not None else 2,
                              tolerance_per_line=checks.rounding_tolerance, tax_rates=checks.tax_rates,
                              tax_rate_tolerance=checks.tax_rate_tolerance, reviewed=reviewed, today=ctx.today,
                              future_days=checks.future_days, max_terms_days=checks.max_terms_days)
    if reviewed:
        if supplier is None:
            raise Refusal([Problem(MSG_STILL_UNKNOWN, source)])
        missing = [name for name in REQUIRED if field_value(inv, name) in (None, "")]
        if missing:
            raise Refusal([Problem(MSG_STILL_MISSING, source, {"field": field_word(name)}) for name in missing])
    else:
        findings += review_findings(inv, supplier is not None, rules.review.min_confidence, rules.review.fields)
    m = rules.matching
    po_match, po_findings = match_purchase_order(
        inv, sid, _order_rows(books, sid, inv.po_number) if sid else [], mode=m.mode,
        price_tolerance_pct=m.price_tolerance_pct, quantity_tolerance_pct=m.quantity_tolerance_pct,
        amount_tolerance=m.amount_tolerance, require_po=m.require_po, description_threshold=m.description_threshold,
        minor_digits=digits if digits is not None else 2, previous=_billed_on_orders(books, sid) if sid else {})
    findings += po_findings
    findings += rule_findings(rules, inv, supplier, po_match.po_number if po_match else None, ctx.today, reviewed)
    decision = decide(findings)
    if decision.action == "refuse":
        raise Refusal([Problem(f.problem.message, _on_page(source, f.page), f.problem.params)
                       for f in findings if f.action == "refuse"])
    for f in decision.findings:
        ctx.note(Problem(f.problem.message, source, f.problem.params, f.problem.level))
    if decision.action == "review":
        return _send_review(ctx, inv, decision, sha256, file_name, sid)
    return _enter(ctx, inv, decision, supplier, sha256, file_name, po_match.po_number if po_match else None, digits)


def _document_row(ctx: JobContext, inv: ExtractedInvoice, sha256: str, file_name: str, status: str,
                  supplier_id: str | None, bill_id: str | None, po_number: str | None, reasons: list[str]) -> dict:
    return {"sha256": sha256, "file_name": file_name, "job_id": ctx.job_id, "received": ctx.today, "status": status,
            "supplier_id": supplier_id, "invoice_number": inv.invoice_number, "bill_id": bill_id,
            "po_number": po_number or inv.po_number, "source": inv.source, "extracted": inv.to_json(),
            "reasons": reasons}


def _send_review(ctx: JobContext, inv: ExtractedInvoice, decision: Decision, sha256: str, file_name: str,
                 supplier_id: str | None) -> Outcome:
    lang = ctx.language
    ctx.note(figures_note(Source(file_name), lang, supplier=inv.supplier.name or "", number=inv.invoice_number,
                          currency=(inv.currency or ctx.settings.currency).upper(), net=inv.net, tax=inv.tax,
                          gross=inv.total, due=inv.due_date))
    stem = _slug(file_name.rsplit(".", 1)[0])
    review_name = f"{stem}-review.xlsx"
    reasons = [f.problem for f in decision.findings if f.action in ("review", "hold", "refuse")]
    write_review_workbook(ctx.output(review_name), inv, sha256=sha256, file_name=file_name, job_id=ctx.job_id,
                          reasons=reasons, language=lang, supplier_id=supplier_id,
                          suppliers=ctx.books.rows("suppliers"))
    extracted_name, exceptions_name = f"{stem}-extracted.xlsx", f"{stem}-exceptions.xlsx"
    outputs.write_extracted_workbook(ctx.output(extracted_name), inv, None, lang, supplier_id)
    outputs.write_exceptions_workbook(ctx.output(exceptions_name), decision.findings, lang, file_name)
    ctx.books.upsert(DOCUMENTS, _document_row(ctx, inv, sha256, file_name, "review", supplier_id, None, None,
                                               [p.text("en") for p in reasons]))
    found_html, found_text = outputs.findings_html(decision.findings, lang)
    body = translate(outputs.BODY_REVIEW, lang, file=file_name)
    ctx.mail(MailMessage(
        to=(AP_CLERK,), subject=translate(outputs.SUBJECT_REVIEW, lang, file=file_name),
        html=outputs.paragraph(body) + found_html, text=f"{body}\n\n{found_text}".strip() + "\n",
        attachments=(Attachment(review_name, output=review_name, mime_type=outputs.XLSX),
                     Attachment(exceptions_name, output=exceptions_name, mime_type=outputs.XLSX)),
        kind="review", language=lang, key=f"invoice-review-{sha256[:12]}"))
    return Outcome("review", None, decision.findings, (review_name, extracted_name, exceptions_name))


def _enter(ctx: JobContext, inv: ExtractedInvoice, decision: Decision, supplier: Mapping, sha256: str,
           file_name: str, po_number: str | None, digits: int | None) -> Outcome:
    from backoffice_auto.money import round_money

    rules = _rules(ctx)
    lang = ctx.language
    currency = (inv.currency or ctx.settings.currency).upper()
    dates = bill_dates(inv, supplier, rules.default_payment_terms, ctx.today, digits if digits is not None else 2)
    bill_id = format_bill_id(ctx.books.next_number(BILL_SEQUENCE))
    record = bill_record(bill_id, inv, supplier["supplier_id"], decision, dates, currency)
    if digits is not None:
        record["paid"] = round_money(0, currency)
    ctx.books.insert("bills", record)
    ctx.books.upsert(DOCUMENTS, _document_row(ctx, inv, sha256, file_name, "entered", supplier["supplier_id"],
                                               bill_id, po_number, list(decision.hold_reasons)))
    stem = _slug(file_name.rsplit(".", 1)[0])
    extracted_name, exceptions_name = f"{stem}-extracted.xlsx", f"{stem}-exceptions.xlsx"
    outputs.write_extracted_workbook(ctx.output(extracted_name), inv, record, lang, supplier["supplier_id"])
    outputs.write_exceptions_workbook(ctx.output(exceptions_name), decision.findings, lang, file_name)

    name = supplier.get("name") or supplier["supplier_id"]
    ctx.note(figures_note(Source(file_name), lang, supplier=name, number=inv.invoice_number, currency=currency,
                          net=record.get("net"), tax=record.get("tax"), gross=record.get("total"),
                          due=record.get("due_date"), bill=bill_id))
    total = outputs.money(inv.total, currency, lang)
    params = {"bill": bill_id, "supplier": name, "number": inv.invoice_number or "?", "total": total,
              "file": file_name}
    subject = outputs.SUBJECT_HELD if record["status"] == "on_hold" else outputs.SUBJECT_ENTERED
    status = translate(outputs.STATUS_NAMES[record["status"]], lang)
    body = translate(outputs.BODY_ENTERED, lang, file=file_name, bill=bill_id, status=status,
                     due=dates.due_date.isoformat())
    found_html, found_text = outputs.findings_html(decision.findings, lang)
    table_html, table_text = outputs.bill_summary(record, name, po_number, lang)
    ctx.mail(MailMessage(
        to=(AP_CLERK,), subject=translate(subject, lang, **params),
        html=outputs.paragraph(body) + table_html + found_html,
        text=f"{body}\n\n{table_text}\n\n{found_text}".strip() + "\n",
        attachments=(Attachment(extracted_name, output=extracted_name, mime_type=outputs.XLSX),
                     Attachment(exceptions_name, output=exceptions_name, mime_type=outputs.XLSX)),
        kind="report", language=lang, key=f"bill-{bill_id}"))
    alerts = decision.alerts
    if alerts:
        alert_body = translate(outputs.BODY_ALERT, lang, **params)
        alert_html, alert_text = outputs.findings_html(alerts, lang)
        ctx.mail(MailMessage(
            to=(FINANCE_MANAGER,), subject=translate(outputs.SUBJECT_ALERT, lang, **params),
            html=outputs.paragraph(alert_body) + alert_html, text=f"{alert_body}\n\n{alert_text}\n",
            kind="alert", language=lang, key=f"bill-alert-{bill_id}"))
    return Outcome("enter", record, decision.findings, (extracted_name, exceptions_name))


class InvoiceHandler:
    """A supplier invoice PDF (any layout; embedded e-invoice XML preferred) to a bill."""

    kind = "invoices"
    folders = ("invoices",)

    def identify(self, incoming: Incoming) -> bool:
        """Everything in inbox/invoices/ (a non-PDF is refused by the reader with the reason);
        elsewhere, a PDF dropped at the top of the inbox."""
        if incoming.folder_hint == "invoices":
            return not InvoiceApprovalHandler.is_review(incoming)
        return incoming.folder_hint is None and (incoming.suffix == ".pdf" or incoming.data[:5] == b"%PDF-")

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        from backoffice_auto.invoices.extract.read import extract_invoice

        templates = ctx.rules.invoice_templates
        inv = extract_invoice(incoming.data, incoming.name, templates=templates,
                              max_pages=ctx.settings.limits.max_pdf_pages, own=OwnParty.of(ctx.settings.company))
        settle(ctx, as_credit_note(inv), sha256=incoming.sha256, file_name=incoming.name)


class InvoiceApprovalHandler:
    """The AP clerk's corrected review workbook, back from `inbox/approvals/`, to a bill."""

    kind = "invoice-approval"
    folders = ("approvals",)

    @staticmethod
    def is_review(incoming: Incoming) -> bool:
        return incoming.suffix in (".xlsx", ".xlsm") and looks_like_review(incoming.data)

    def identify(self, incoming: Incoming) -> bool:
        """A workbook carrying our review key, in approvals/ (or, dropped by mistake, in
        invoices/ or at the top of the inbox)."""
        return incoming.folder_hint in (None, "approvals", "invoices") and self.is_review(incoming)

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        reply = read_review_workbook(incoming.data, incoming.name, ctx.settings.limits)
        source = Source(incoming.name)
        doc = ctx.books.get(DOCUMENTS, reply.sha256)
        if doc is None:
            raise Refusal([Problem(MSG_UNKNOWN_REVIEW, source)])
        if doc.get("status") == "entered":
            raise Refusal([Problem(MSG_ALREADY_ENTERED, source, {"bill": doc.get("bill_id")})])
        inv, supplier_id = apply_corrections(invoice_from_json(doc["extracted"]), reply, ctx.settings.locale)
        supplier_id = supplier_id or doc.get("supplier_id")
        if adds_supplier(reply) and not (supplier_id and ctx.books.get("suppliers", supplier_id)):
            # one round trip: the supplier read from the invoice enters the books with its bill
            match = None if supplier_id else find_supplier(ctx.books, inv.supplier,
                                                           _rules(ctx).supplier_matching.name_threshold)
            supplier_id = (match.supplier["supplier_id"] if match else
                           add_supplier(ctx, inv.supplier, supplier_id, reply.sources, incoming.name))
        settle(ctx, as_credit_note(inv), sha256=reply.sha256, file_name=doc.get("file_name") or incoming.name,
               reviewed=True, supplier_id=supplier_id, where=incoming.name)


def handlers() -> list:
    """Both handlers of the bills side, for the pipeline's registry (one line there)."""
    return [InvoiceHandler(), InvoiceApprovalHandler()]
