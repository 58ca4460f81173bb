"""Read a supplier invoice PDF: embedded e-invoice XML first, then a template, then generic.

The order is the order of trust. An embedded Factur-X/ZUGFeRD/XRechnung XML is the invoice
itself; a supplier template was written by someone who looked at that supplier's layout;
the template-free reader guesses from labels and layout and says how sure it is per field.
A PDF holding several invoices (multidoc.py) is refused
naming them, so none is lost. A broken or unsafe attachment is not a reason to refuse the PDF (its text is still the
invoice a person would read) but it is noted; a PDF we cannot read at all is refused with
the reason (`errors.Refusal`), never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.rules.patterns import SEARCH_SECONDS, PatternTimeout
from backoffice_auto.i18n import N_
from backoffice_auto.invoices.extract.embedded import EmbeddedXmlError, parse_invoice_xml, pick_invoice_xml
from backoffice_auto.invoices.extract.generic import _pick_id as pick_id, read_generic
from backoffice_auto.invoices.extract.generic_page import Page
from backoffice_auto.invoices.extract.multidoc import other_invoice
from backoffice_auto.invoices.extract.layout import Layout, pdf_layout, text_layout
from backoffice_auto.invoices.extract.model import ExtractedInvoice
from backoffice_auto.invoices.extract.own_party import NOBODY, OwnParty, without_own
from backoffice_auto.invoices.extract.pdfdoc import MIN_TEXT_CHARS, MSG_NO_TEXT, open_pdf
from backoffice_auto.invoices.extract.printed_terms import terms_from_text
from backoffice_auto.invoices.rules_model import InvoiceTemplate
from backoffice_auto.invoices.extract.templates import TemplateTrial, apply_template, choose, known_fields, read_fields

MSG_XML_ONLY_UNREADABLE = N_("the embedded XML cannot be used ({reason}) and the PDF has no text layer")
MSG_PATTERN_TIMEOUT = N_("the pattern '{pattern}' of invoice template {template} took longer than {seconds} s on "
                         "this file, so the file was refused; simplify the pattern in rules/invoices/templates/")
MSG_SEVERAL_INVOICES = N_("the PDF holds more than one invoice: {first} on page {first_page} and {other} on page "
                          "{page}; put each invoice in a file of its own")
NOTE_FILLED_FROM_TEXT = N_("fields missing from the embedded XML were read from the printed text")
SUMMARY_FIELDS = ("supplier.name", "supplier.vat_id", "supplier.iban", "invoice_number", "issue_date",
                  "due_date", "currency", "net", "tax", "total")


@dataclass
class Explanation:
    """What `invoices explain` shows: the text as read, the templates tried, what is missing."""

    invoice: ExtractedInvoice
    text: str
    trials: list[TemplateTrial] = field(default_factory=list)
    template_missing: list[str] = field(default_factory=list)  # fields the chosen template missed
    embedded: str | None = None  # name of the XML attachment used or refused

    @property
    def missing(self) -> list[str]:
        return [f for f in SUMMARY_FIELDS if _get(self.invoice, f) is None]


def _with_terms(inv: ExtractedInvoice) -> ExtractedInvoice:
    """Printed payment terms ("zahlbar innerhalb 30 Tagen, 2 % Skonto innerhalb 10 Tagen")
    in the books' grammar ("2/10 net 30") when recognised, so due dates and discounts follow."""
    if inv.payment_terms:
        normal = terms_from_text(inv.payment_terms)
        if normal and normal != inv.payment_terms:
            return replace(inv, payment_terms=normal)
    return inv


def _get(inv: ExtractedInvoice, dotted: str):
    if dotted.startswith("supplier."):
        return getattr(inv.supplier, dotted.split(".", 1)[1])
    return getattr(inv, dotted)


def extract_invoice(data: bytes, name: str, templates: Mapping[str, InvoiceTemplate] | None = None,
                    use_embedded: bool = True, max_pages: int = 200, own: OwnParty = NOBODY) -> ExtractedInvoice:
    """Read `data` (the bytes of PDF file `name`); raise `errors.Refusal` when unreadable:
    not a PDF, password-protected, more than `max_pages` pages, no text layer. `own`: our
    company, never read as the supplier."""
    return explain_invoice(data, name, templates, use_embedded, max_pages, own).invoice


def explain_invoice(data: bytes, name: str, templates: Mapping[str, InvoiceTemplate] | None = None,
                    use_embedded: bool = True, max_pages: int = 200, own: OwnParty = NOBODY) -> Explanation:
    """`extract_invoice` with its reasons kept (the path taken, templates tried, text read)."""
    explanation = _explain(data, name, templates, use_embedded, max_pages, own)
    explanation.invoice = without_own(_with_terms(explanation.invoice), own)
    return explanation


def _explain(data: bytes, name: str, templates: Mapping[str, InvoiceTemplate] | None,
             use_embedded: bool, max_pages: int, own: OwnParty = NOBODY) -> Explanation:
    doc = open_pdf(data, name, max_pages, layout=None if use_embedded else True)
    notes: list[str] = []
    embedded_name = None
    xml_reason = None
    if use_embedded:
        attachment = pick_invoice_xml(doc.attachments)
        if attachment is not None:
            embedded_name = attachment.name
            try:
                invoice = parse_invoice_xml(attachment.data)
            except EmbeddedXmlError as exc:
                invoice = None
                notes.append(exc.note)
                xml_reason = str(exc)
            if invoice is not None:
                return _complete_from_text(without_own(invoice, own), data, doc, templates, max_pages,
                                           embedded_name, own)
    if doc.scanned or sum(len(p.strip()) for p in doc.pages) < MIN_TEXT_CHARS:
        if xml_reason:
            raise Refusal([Problem(MSG_XML_ONLY_UNREADABLE, Source(name), {"reason": xml_reason})])
        raise Refusal([Problem(MSG_NO_TEXT, Source(name))])
    layout = doc.layout if doc.layout is not None else pdf_layout(data, max_pages)
    if layout.lines and layout.lines[-1].page > 0:  # one invoice per file: a batch is split by a person
        two = other_invoice(Page.of(layout), pick_id)
        if two is not None:
            first, first_page, other, page = two
            raise Refusal([Problem(MSG_SEVERAL_INVOICES, Source(name, page=page), {
                "first": first, "first_page": first_page, "other": other, "page": page})])
    explanation = read_text(layout, doc.text, templates, notes, own=own)
    explanation.embedded = embedded_name
    return explanation


def _complete_from_text(invoice: ExtractedInvoice, data: bytes, doc, templates, max_pages: int,
                        embedded_name: str, own: OwnParty = NOBODY) -> Explanation:
    """The XML's reading, with header fields the XML leaves out (a MINIMUM profile has no
    IBAN, many have no due date) taken from the printed text at the text's confidence."""
    gaps = [f for f in SUMMARY_FIELDS if _get(invoice, f) is None]
    if not gaps or doc.scanned or sum(len(p.strip()) for p in doc.pages) < MIN_TEXT_CHARS:
        return Explanation(invoice, doc.text, embedded=embedded_name)
    have = frozenset(f for f in SUMMARY_FIELDS + ("po_number", "payment_terms", "buyer_vat_id")
                     if _get(invoice, f) is not None) | {"lines"}
    text = read_text(pdf_layout(data, max_pages), doc.text, templates, [], known=have, own=own)
    filled = {f: _get(text.invoice, f) for f in gaps if _get(text.invoice, f) is not None}
    if not filled:
        return Explanation(invoice, doc.text, embedded=embedded_name)
    confidence = dict(invoice.confidence)
    confidence.update({f: text.invoice.confidence.get(f, 0.5) for f in filled})
    supplier = replace(invoice.supplier, **{f.split(".", 1)[1]: v for f, v in filled.items()
                                            if f.startswith("supplier.")})
    top = {f: v for f, v in filled.items() if not f.startswith("supplier.")}
    completed = replace(invoice, supplier=supplier, confidence=confidence,
                        notes=tuple(invoice.notes) + (NOTE_FILLED_FROM_TEXT,), **top)
    return Explanation(completed, text.text, text.trials, text.template_missing, embedded=embedded_name)


def extract_text_invoice(text: str, name: str, templates: Mapping[str, InvoiceTemplate] | None = None
                         ) -> ExtractedInvoice:
    """A plain-text invoice (an e-mail body, a .txt export) read like a PDF's text."""
    return _with_terms(read_text(text_layout(text), text, templates, []).invoice)


def read_text(layout: Layout, raw: str, templates: Mapping[str, InvoiceTemplate] | None,
              notes: list[str], known: frozenset[str] = frozenset(), own: OwnParty = NOBODY) -> Explanation:
    """Template if one applies, else the template-free reading; notes carried into the result.
    `known`: fields already read elsewhere (the XML's), not looked for again."""
    trials: list[TemplateTrial] = []
    missing: list[str] = []
    chosen = None
    try:
        if templates:
            chosen, trials = choose(templates, layout, raw)
        if chosen is not None:
            template = templates[chosen]
            fields = read_fields(template, layout, raw)
            # the template-free reader fills only what the template does not give
            generic = read_generic(layout, known=frozenset(known_fields(template, fields[0])) | known, own=own)
            invoice, missing = apply_template(chosen, template, layout, raw, generic, fields)
    except PatternTimeout as exc:
        raise Refusal([Problem(MSG_PATTERN_TIMEOUT, None, {
            "pattern": exc.pattern, "template": exc.template or chosen, "seconds": SEARCH_SECONDS})]) from None
    if chosen is None:
        invoice = read_generic(layout, known=known, own=own)
    if notes:
        invoice = replace(invoice, notes=tuple(invoice.notes) + tuple(notes))
    return Explanation(invoice, layout.text(), trials, missing)
