"""The SEPA credit-transfer writer (ISO 20022 pain.001) for any list of payments.

Shared by every job that pays someone (payables pays suppliers, payroll pays salaries):
`credit_transfer(debtor, payments, execution_date)` checks every account first (an
invalid IBAN or BIC is refused before any file exists), builds the file through
`sepaxml`, adds structured creditor references, and validates the result against its
XSD with lxml before returning the bytes. Nothing here knows payslips or bills.
"""

from backoffice_auto.sepa.writer import (AccountError, Debtor, Payment, account_problem, check_schema,
                                         credit_transfer)

__all__ = ["AccountError", "Debtor", "Payment", "account_problem", "check_schema", "credit_transfer"]
