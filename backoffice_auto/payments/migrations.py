"""Tables of the payments job (owned by that job). Append to MIGRATIONS; never edit an applied script.

- `bank_transactions` (the books' vocabulary) gains the columns a statement line brings
  and matching needs: remittance text, the bank's reference, the end-to-end id, the
  statement it came from and its source (`file:line` or `file:Stmt[1]/Ntry[3]`).
- `bank_statements`: one row per statement imported (account, balances, counts), so the
  clerk can see which statements are in and a gap between statements shows.
- `bank_imports`: per transaction imported, the keys that make an import idempotent:
  the account with the bank's reference, and a fingerprint of the line's content with its
  occurrence, so a statement overlapping an earlier one never books a line twice.
"""

from __future__ import annotations

from backoffice_auto.books.schema import F, Table

MIGRATIONS: list[str] = [
    """
    ALTER TABLE bank_transactions ADD COLUMN remittance TEXT;
    ALTER TABLE bank_transactions ADD COLUMN bank_reference TEXT;
    ALTER TABLE bank_transactions ADD COLUMN end_to_end_id TEXT;
    ALTER TABLE bank_transactions ADD COLUMN statement_id TEXT;
    ALTER TABLE bank_transactions ADD COLUMN source TEXT;
    CREATE INDEX bank_transactions_account ON bank_transactions (account_iban, booking_date);
    CREATE TABLE bank_statements (
        statement_key TEXT PRIMARY KEY, account TEXT, statement_id TEXT, format TEXT, currency TEXT,
        opening TEXT, closing TEXT, opening_date TEXT, closing_date TEXT, lines INTEGER, imported INTEGER,
        duplicates INTEGER, file_name TEXT, job_id TEXT);
    CREATE TABLE bank_imports (
        transaction_id TEXT PRIMARY KEY, account TEXT NOT NULL, bank_reference TEXT, fingerprint TEXT NOT NULL,
        statement_key TEXT);
    CREATE INDEX bank_imports_reference ON bank_imports (account, bank_reference);
    CREATE INDEX bank_imports_fingerprint ON bank_imports (account, fingerprint);
    """,
    # returned payments are paired with what they give back by the end-to-end id (matching/returns.py)
    """
    CREATE INDEX bank_transactions_end_to_end ON bank_transactions (end_to_end_id);
    """,
    # a bank's reversal of an earlier booking, paired with it when no end-to-end id does (matching/returns.py)
    """
    ALTER TABLE bank_transactions ADD COLUMN reversal INTEGER;
    """,
]

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("bank_statements", ("statement_key",), (
        F("statement_key", required=True), F("account"), F("statement_id"), F("format"), F("currency"),
        F("opening", "money"), F("closing", "money"), F("opening_date", "date"), F("closing_date", "date"),
        F("lines", "int"), F("imported", "int"), F("duplicates", "int"), F("file_name"), F("job_id"),
    )),
    Table("bank_imports", ("transaction_id",), (
        F("transaction_id", required=True), F("account", required=True), F("bank_reference"),
        F("fingerprint", required=True), F("statement_key"),
    )),
)}
