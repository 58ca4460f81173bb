"""Tables of the payables job (owned by that job). Append to MIGRATIONS; never edit an applied script.

- `payment_runs`: one row per proposal: its date, the job that made it, the checksum the
  approval workbook must carry, the proposed lines (JSON) and what became of it
  (proposed, approved), with the job and approvers that approved it.
- `payee_accounts`: per supplier, the IBAN last paid, so a changed bank account is held
  until it is confirmed.
"""

from __future__ import annotations

from backoffice_auto.books.schema import F, Table

MIGRATIONS: list[str] = [
    """
    CREATE TABLE payment_runs (
        run_id TEXT PRIMARY KEY, run_date TEXT, job_id TEXT, status TEXT, checksum TEXT, lines TEXT,
        left_out TEXT, approved_by TEXT, approved_job TEXT, files TEXT, created TEXT);
    CREATE TABLE payee_accounts (
        supplier_id TEXT PRIMARY KEY, iban TEXT, last_paid TEXT, run_id TEXT);
    """,
]

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("payment_runs", ("run_id",), (
        F("run_id", required=True), F("run_date", "date"), F("job_id"),
        F("status", "choice", choices=("proposed", "approved")), F("checksum"), F("lines", "json"),
        F("left_out", "json"), F("approved_by", "json"), F("approved_job"), F("files", "json"),
        F("created", "date"),
    )),
    Table("payee_accounts", ("supplier_id",), (
        F("supplier_id", required=True), F("iban"), F("last_paid", "date"), F("run_id"),
    )),
)}
