"""Where a document names itself: its title word ("Tax invoice", "Faktura - daňový doklad",
"Dobropis - opravný daňový doklad") opening the first page, the text after a title of two
such words, and a bare "Document no." on a page so titled. The template-free reader
(generic.py) takes the number a title carries from these; pure functions over the page view."""

from __future__ import annotations

import re

from backoffice_auto.invoices.extract.generic_page import Label, Page


_NUMBER_WORD = re.compile(r"(?i)\b(?:n[or]|č|no|num|number|numer|número|numéro|numero|číslo)\b|[#°º]")


def is_title(page: Page, label: Label) -> bool:
    """True when `label` is the document's title word ("Tax invoice", "Factura simplificada",
    "Faktura - daňový doklad"): it opens its line, on the first page, and no line above
    opens with a document word too."""
    line = label.line
    if line.page != 0 or line.text[:label.start].strip(" *-–|") or _NUMBER_WORD.search(
            line.text[label.start:label.end]):
        return False
    for other in page.layout.lines[: line.index]:
        if any(lab.field == "invoice_number" and not other.text[:lab.start].strip(" *-–|")
               for lab in page.labels[other.index]):
            return False
    return True


def title_rest(page: Page, label: Label) -> str:
    """The text after a title, past further document words joined to it by a dash or a
    slash ("Dobropis - opravný daňový doklad 2608930", "FACTURE / INVOICE F-12"): the
    second word is part of the title, so the number after it is the title's."""
    labels = [lab for lab in page.labels[label.line.index] if lab.field != "_qual"]
    current = label
    while True:
        rest = page.right_text(current)
        if rest.strip(" -–—/|:"):
            return rest
        nxt = next((lab for lab in labels if lab.start >= current.end), None)
        if nxt is None or nxt.field != "invoice_number" or nxt.weight >= 0.7:
            return rest
        current = nxt


_DOCUMENT_NO = re.compile(r"(?i)(?:document|doc\.?)\s*(?:no\.?|number|nr\.?)")


def document_number_of_titled(page: Page, label: Label) -> bool:
    """True when `label` is a bare "Document no." opening its cell and the page's title names
    the document an invoice or a credit note ("TAX INVOICE", "Credit memo"): the document's
    number is then the invoice's. Without such a title the document may be a delivery note or
    an order, and the label stays vague."""
    line = label.line
    if not _DOCUMENT_NO.fullmatch(line.text[label.start:label.end]):
        return False
    before = [w for w, (start, _end) in zip(line.words, line.spans) if start < label.start]
    if before and label.x0 - before[-1].x1 <= page.layout.char_width * 3:
        return False  # "Delivery document no.": words of the same cell name another document
    return any(lab.field == "invoice_number" and lab is not label and is_title(page, lab)
               for labels in page.labels.values() for lab in labels)
