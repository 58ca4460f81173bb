"""Tables of the invoices job (owned by that job). Append to MIGRATIONS; never edit an applied script.

`invoice_documents` remembers every supplier-invoice PDF that got as far as a decision: the
bill it became, or the extraction waiting for a person's review (the review workbook
carries only the PDF's SHA-256, which finds this row), and the PO it matched.

The books' `bills` (core vocabulary) gain what an invoice says about paying it: `prepaid`
(deposits and credits it deducts from its total), `amount_due` (what it asks to be paid,
when that is not the total) and `payment_reference` (what the payment must quote: a Czech
`/VS/..`, an `RF..` reference, a Belgian `+++...+++`). Added here, by the job that reads
them, so the core component's scripts stay as they were.
"""

from __future__ import annotations

from backoffice_auto.books.schema import F, Table

MIGRATIONS: list[str] = [
    """
    CREATE TABLE invoice_documents (
        sha256 TEXT PRIMARY KEY, file_name TEXT, job_id TEXT, received TEXT, status TEXT,
        supplier_id TEXT, invoice_number TEXT, bill_id TEXT, po_number TEXT, source TEXT,
        extracted TEXT, reasons TEXT);
    CREATE INDEX invoice_documents_bill ON invoice_documents (bill_id);
    """,
    """
    ALTER TABLE bills ADD COLUMN prepaid TEXT;
    ALTER TABLE bills ADD COLUMN amount_due TEXT;
    ALTER TABLE bills ADD COLUMN payment_reference TEXT;
    """,
]

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("invoice_documents", ("sha256",), (
        F("sha256", required=True), F("file_name"), F("job_id"), F("received", "date"),
        F("status", "choice", choices=("review", "entered")), F("supplier_id"), F("invoice_number"),
        F("bill_id"), F("po_number"), F("source"), F("extracted", "json"), F("reasons", "json"),
    )),
)}
