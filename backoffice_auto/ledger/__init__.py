"""Ledger records every job may share: sales invoices, bills and bank transactions.

Orders issue sales invoices, invoices enter bills, payables schedule and pay bills,
payments match bank transactions to both. Each of those jobs reads and writes these records
here, as frozen dataclasses named exactly as the books' vocabulary (DESIGN.md "The books"),
through the `Books` of its job's transaction: no job imports another to reach them.
"""

from backoffice_auto.ledger.records import BankTransaction, Bill, Match, SalesInvoice
from backoffice_auto.ledger.access import (
    bank_transactions,
    bills,
    get_bank_transaction,
    get_bill,
    get_sales_invoice,
    put,
    sales_invoices,
)

__all__ = ["BankTransaction", "Bill", "Match", "SalesInvoice", "bank_transactions", "bills",
           "get_bank_transaction", "get_bill", "get_sales_invoice", "put", "sales_invoices"]
