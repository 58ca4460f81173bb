"""The core tables: the books' vocabulary, the job journal and gap-free number sequences.

Append to MIGRATIONS; never edit a script that has run. Decimal values are stored as TEXT
(exact), dates as ISO TEXT, json fields as JSON TEXT, booleans as 0/1.
"""

from __future__ import annotations

from backoffice_auto.books.schema import Table

MIGRATIONS: list[str] = [
    """
    CREATE TABLE items (
        sku TEXT PRIMARY KEY, name TEXT, unit TEXT, unit_price TEXT, currency TEXT, tax_rate TEXT,
        on_hand TEXT, reserved TEXT, reorder_min TEXT, reorder_max TEXT, reorder_multiple TEXT,
        location TEXT);
    CREATE TABLE customers (
        customer_id TEXT PRIMARY KEY, name TEXT, email TEXT, language TEXT, country TEXT,
        priority INTEGER, ship_policy TEXT, discount_pct TEXT, payment_terms TEXT, vat_id TEXT, iban TEXT);
    CREATE TABLE suppliers (
        supplier_id TEXT PRIMARY KEY, name TEXT, email TEXT, language TEXT, country TEXT, vat_id TEXT,
        iban TEXT, bic TEXT, payment_terms TEXT, priority INTEGER, on_hold INTEGER);
    CREATE TABLE employees (
        employee_id TEXT PRIMARY KEY, name TEXT, email TEXT, language TEXT, department TEXT,
        pay_type TEXT, hourly_rate TEXT, salary TEXT, currency TEXT, country TEXT, subdivision TEXT,
        timezone TEXT, iban TEXT, rule_set TEXT);
    CREATE TABLE purchase_orders (
        po_number TEXT NOT NULL, line INTEGER NOT NULL, supplier_id TEXT, sku TEXT, description TEXT,
        quantity TEXT, unit_price TEXT, received_quantity TEXT, PRIMARY KEY (po_number, line));
    CREATE TABLE sales_invoices (
        invoice_number TEXT PRIMARY KEY, customer_id TEXT, order_id TEXT, issue_date TEXT, due_date TEXT,
        currency TEXT, net TEXT, tax TEXT, total TEXT, paid TEXT, status TEXT);
    CREATE TABLE bills (
        bill_id TEXT PRIMARY KEY, supplier_id TEXT, invoice_number TEXT, issue_date TEXT, due_date TEXT,
        currency TEXT, net TEXT, tax TEXT, total TEXT, discount_date TEXT, discount_amount TEXT,
        scheduled_date TEXT, paid TEXT, status TEXT, hold_reason TEXT);
    CREATE INDEX bills_supplier_number ON bills (supplier_id, invoice_number);
    CREATE TABLE bank_transactions (
        transaction_id TEXT PRIMARY KEY, account_iban TEXT, booking_date TEXT, value_date TEXT, amount TEXT,
        currency TEXT, counterparty_name TEXT, counterparty_iban TEXT, reference TEXT, status TEXT,
        matches TEXT);
    CREATE TABLE payslips (
        employee_id TEXT NOT NULL, period TEXT NOT NULL, period_start TEXT, period_end TEXT, hours TEXT,
        gross TEXT, deductions TEXT, net TEXT, currency TEXT, PRIMARY KEY (employee_id, period));
    CREATE TABLE jobs (
        job_id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        inbox_path TEXT NOT NULL,
        folder_hint TEXT,
        kind TEXT,
        status TEXT NOT NULL,          -- running, done, refused, duplicate
        delivered INTEGER NOT NULL DEFAULT 0,
        duplicate_of TEXT,
        rules_hash TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outbox_dir TEXT,
        manifest TEXT,                 -- JSON: outputs and mail staged by the job
        messages TEXT,                 -- JSON: [{level, text, where}]
        archived_as TEXT);
    CREATE INDEX jobs_sha ON jobs (sha256, status);
    CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    """,
    """
    -- books tables changed by committed jobs and not yet exported to outbox/books/
    CREATE TABLE books_stale (table_name TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1);
    """,
    """
    -- job ids come from the `jobs` sequence (they were MAX() + 1): it starts after the last id given
    INSERT INTO sequences (name, value)
        SELECT 'jobs', COALESCE(MAX(CAST(job_id AS INTEGER)), 0) FROM jobs WHERE 1
        ON CONFLICT (name) DO NOTHING;
    """,
]

TABLES: dict[str, Table] = {}
