"""The salary transfer file: payslips' net amounts as payments for the shared SEPA writer.

Only payslips in euro with a positive net and a valid IBAN go into the file; the others
are returned so the handler can say who must be paid another way. The file itself is
written and validated by `backoffice_auto.sepa` (the one pain.001 writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from backoffice_auto.payroll.model import Payslip
from backoffice_auto.sepa import Debtor, Payment, account_problem, credit_transfer
from backoffice_auto.sepa import check_schema as _check_schema

SCHEMA = "pain.001.001.03"


@dataclass(frozen=True)
class Unpaid:
    employee_id: str
    reason: str  # currency | iban | zero


def salary_transfer(payslips: list[Payslip], employees: Mapping[str, Mapping[str, Any]], *,
                    company_name: str, company_iban: str, company_bic: str | None,
                    execution_date: date, reference: str) -> tuple[bytes | None, list[Unpaid]]:
    """pain.001 XML bytes (None when nobody can be paid by SEPA) and who was left out."""
    unpaid: list[Unpaid] = []
    payments: list[Payment] = []
    for slip in payslips:
        employee = employees.get(slip.employee_id, {})
        iban = (employee.get("iban") or "").replace(" ", "")
        if slip.currency != "EUR":
            unpaid.append(Unpaid(slip.employee_id, "currency"))
            continue
        if not iban or account_problem(iban):
            unpaid.append(Unpaid(slip.employee_id, "iban"))
            continue
        if slip.net <= 0:
            unpaid.append(Unpaid(slip.employee_id, "zero"))
            continue
        payments.append(Payment(
            creditor_name=employee.get("name") or slip.employee_id, iban=iban, amount=slip.net, currency="EUR",
            end_to_end_id=f"{slip.employee_id}-{slip.period_end:%Y%m%d}"[:35],
            remittance=reference.format(period=slip.period, employee_id=slip.employee_id)))
    if not payments:
        return None, unpaid
    xml = credit_transfer(Debtor(company_name, company_iban, company_bic), payments, execution_date,
                          version=SCHEMA)
    return xml, unpaid


def check_schema(xml: bytes) -> None:
    """Validate a salary file against the pain.001.001.03 XSD (`ValueError` naming the first error)."""
    _check_schema(xml, SCHEMA)
