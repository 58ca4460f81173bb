"""Parties (customers, suppliers, employees) and their bank accounts, shared by every job
that invoices, pays or matches: one record, one IBAN normalisation (schwifty), one place.
"""

from backoffice_auto.parties.bank import BankAccount, compact_iban, iban_problem, normalize_iban
from backoffice_auto.parties.national import NationalAccount, account_iban, read_accounts, same_account
from backoffice_auto.parties.records import Party, customer, employee, supplier

__all__ = ["BankAccount", "NationalAccount", "Party", "account_iban", "compact_iban", "customer", "employee",
           "iban_problem", "normalize_iban", "read_accounts", "same_account", "supplier"]
