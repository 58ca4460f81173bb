"""Tables of payment matching (owned by `payments/matching/`). Append to MIGRATIONS; never edit an applied script.

- `payment_reviews`: a clerk's decision on a bank transaction, taken from the
  reconciliation workbook dropped into `inbox/approvals/` (confirmed, corrected or
  rejected, with the documents chosen). A transaction listed here is locked: no later
  automatic matching run changes it.
- `dunning_letters`: one row per reminder sent (customer, level, invoices, date), so a
  customer gets at most one letter per interval and the next letter takes the next level.
- `invoice_disputes`: sales invoices the customer disputes; dunning leaves them out.
"""

from __future__ import annotations

from backoffice_auto.books.schema import F, Table

MIGRATIONS: list[str] = [
    """
    CREATE TABLE payment_reviews (
        transaction_id TEXT PRIMARY KEY, action TEXT NOT NULL, documents TEXT, job_id TEXT, decided_on TEXT);
    CREATE TABLE dunning_letters (
        letter_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, level TEXT NOT NULL, invoices TEXT,
        sent_on TEXT NOT NULL, total TEXT, fee TEXT, interest TEXT, job_id TEXT);
    CREATE INDEX dunning_letters_customer ON dunning_letters (customer_id, sent_on);
    """,
    """
    CREATE TABLE invoice_disputes (invoice_number TEXT PRIMARY KEY, reason TEXT, since TEXT);
    """,
]

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("payment_reviews", ("transaction_id",), (
        F("transaction_id", required=True), F("action", "choice", required=True,
                                              choices=("confirmed", "corrected", "rejected")),
        F("documents", "json"), F("job_id"), F("decided_on", "date"),
    )),
    Table("dunning_letters", ("letter_id",), (
        F("letter_id", required=True), F("customer_id", required=True), F("level", required=True),
        F("invoices", "json"), F("sent_on", "date", required=True), F("total", "money"), F("fee", "money"),
        F("interest", "money"), F("job_id"),
    )),
    Table("invoice_disputes", ("invoice_number",), (
        F("invoice_number", required=True), F("reason"), F("since", "date"),
    )),
)}
