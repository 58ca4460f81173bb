"""More than one invoice in one PDF: a batch export, or an invoice and the next one scanned
into one file.

The reader reads one invoice per file. When the pages of a PDF carry different invoice
numbers, each behind a label that names the number outright ("Invoice No:", "Faktura nr",
"Facture N°", "Nº de factura"...) and each with a total of its own on that page, only the
first would become a bill and the second would never be paid: such a file is refused with
both numbers and their pages, so the clerk splits it. A page repeating the number of the
page before ("Invoice INV-7 (continued)"), a number behind a weak or a reference label (the
invoice a credit note corrects), or a page without a total of its own is not another
invoice. Pure functions over the page view.
"""

from __future__ import annotations

from backoffice_auto.invoices.extract.generic_page import Page
from backoffice_auto.invoices.extract.textnum import money_tokens

STRONG = 0.9  # label weight of "Invoice No", "Faktura nr": the number's own label


def _normal(number: str) -> str:
    return "".join(ch for ch in number.upper() if ch.isalnum())


def invoices_by_page(page: Page, pick_id) -> dict[int, str]:
    """The first invoice number on each page (0-based) that also carries a total; `pick_id`
    reads a number from the text right of (or below) its label."""
    numbers: dict[int, str] = {}
    totals: set[int] = set()
    for index in sorted(page.labels):
        labels = page.labels[index]
        line = page.layout.lines[index]
        if any(lab.field == "_ref" for lab in labels):
            continue
        for label in labels:
            if label.field == "total" and any(t[2] for t in money_tokens(page.right_text(label), "dmy")):
                totals.add(line.page)
            if label.field != "invoice_number" or label.weight < STRONG or line.page in numbers:
                continue
            texts = [page.right_text(label)] + [text for text, _ in page.below(label, max_lines=1)]
            for text in texts:
                value = pick_id(text, strong=True)
                if value:
                    numbers[line.page] = value
                    break
    return {p: n for p, n in numbers.items() if p in totals}


def other_invoice(page: Page, pick_id) -> tuple[str, int, str, int] | None:
    """(first number, its 1-based page, another number, its page) when the PDF holds two
    invoices, else None."""
    found = sorted(invoices_by_page(page, pick_id).items())
    for (p1, n1), (p2, n2) in zip(found, found[1:]):
        if _normal(n1) != _normal(n2):
            return n1, p1 + 1, n2, p2 + 1
    return None
