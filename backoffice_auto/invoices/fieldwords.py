"""The words a clerk reads for an invoice field, in place of its name in the code.

A message about a field ("no {field} could be read", "the {field} read as ... is uncertain")
is read by an accounts clerk in Czech, Polish, Spanish or French, who knows "Datum
vystavení", not `issue_date`. The review workbook already names each field in the user's
language (its "Description" column); this is that one list, so a warning, a refusal of a
returned workbook and the `invoices explain` summary use the same words as the sheet.
"""

from __future__ import annotations

from backoffice_auto.errors import Label
from backoffice_auto.i18n import N_

FIELD_WORDS: dict[str, str] = {
    "supplier_id": N_("Supplier ID in the books"),
    "supplier.name": N_("Supplier name"),
    "supplier.vat_id": N_("Supplier VAT ID"),
    "supplier.iban": N_("Supplier IBAN"),
    "supplier.address": N_("Supplier address"),
    "supplier.email": N_("Supplier e-mail"),
    "add_supplier": N_("Add this supplier to the books (yes or no)"),
    "invoice_number": N_("Invoice number"),
    "document_type": N_("Document type (invoice or credit_note)"),
    "issue_date": N_("Issue date"),
    "due_date": N_("Due date"),
    "currency": N_("Currency"),
    "net": N_("Net amount"),
    "tax": N_("Tax amount"),
    "total": N_("Total"),
    "prepaid": N_("Already paid (deposits and credits deducted)"),
    "withheld": N_("Income tax withheld for the tax office (IRPF...)"),
    "amount_due": N_("Amount due"),
    "payment_reference": N_("Payment reference"),
    "po_number": N_("Purchase order number"),
    "payment_terms": N_("Payment terms"),
}


def field_word(name: str) -> str:
    """A message parameter naming field `name` in the reader's language (a `Label`, translated
    when the message is rendered); a name with no words of its own stays as it is."""
    word = FIELD_WORDS.get(name)
    return Label(word) if word else name

