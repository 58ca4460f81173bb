"""The SEPA salary transfer file (pain.001.001.03) for the net amounts, via `sepaxml`.

Only payslips in euro with a positive net and an IBAN go into the file; the others are
returned so the handler can say who must be paid another way. Amounts are handed over
as integer cents (sepaxml's own contract), so no float ever touches money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from sepaxml import SepaTransfer

from backoffice_auto.money import to_minor
from backoffice_auto.payroll.model import Payslip

SCHEMA = "pain.001.001.03"


@dataclass(frozen=True)
class Unpaid:
    employee_id: str
    reason: str  # currency | iban | zero


def salary_transfer(payslips: list[Payslip], employees: Mapping[str, Mapping[str, Any]], *,
                    company_name: str, company_iban: str, company_bic: str | None,
                    execution_date: date, reference: str) -> tuple[bytes | None, list[Unpaid]]:
    """pain.001 XML bytes (None when nobody can be paid by SEPA) and who was left out."""
    config = {"name": company_name, "IBAN": company_iban.replace(" ", ""), "batch": True, "currency": "EUR"}
    if company_bic:
        config["BIC"] = company_bic
    else:
        config["BIC"] = "NOTPROVIDED"
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    unpaid: list[Unpaid] = []
    count = 0
    for slip in payslips:
        employee = employees.get(slip.employee_id, {})
        iban = (employee.get("iban") or "").replace(" ", "")
        if slip.currency != "EUR":
            unpaid.append(Unpaid(slip.employee_id, "currency"))
            continue
        if not iban:
            unpaid.append(Unpaid(slip.employee_id, "iban"))
            continue
        if slip.net <= 0:
            unpaid.append(Unpaid(slip.employee_id, "zero"))
            continue
        transfer.add_payment({
            "name": employee.get("name") or slip.employee_id,
            "IBAN": iban,
            "amount": to_minor(slip.net, "EUR"),
            "execution_date": execution_date,
            "description": reference.format(period=slip.period, employee_id=slip.employee_id),
            "endtoend_id": f"{slip.employee_id}-{slip.period_end:%Y%m%d}"[:35],
        })
        count += 1
    if not count:
        return None, unpaid
    xml = transfer.export(validate=False)
    check_schema(xml)
    return xml, unpaid


@lru_cache(maxsize=1)
def _schema():
    from lxml import etree

    path = resources.files("sepaxml") / "schemas" / f"{SCHEMA}.xsd"
    with resources.as_file(path) as xsd:
        return etree.XMLSchema(etree.parse(str(xsd), etree.XMLParser(resolve_entities=False, no_network=True)))


def check_schema(xml: bytes) -> None:
    """Validate our own pain.001 against its XSD; `ValueError` naming the first error.

    lxml (libxml2) validates 10,000 transfers in under a second, where sepaxml's own
    check (the pure-Python xmlschema) takes half a minute; without lxml, that one is used.
    The document is our own output, parsed with entities and network access off.
    """
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml comes with the mail package's dependencies
        from sepaxml.validation import try_valid_xml

        try_valid_xml(xml, SCHEMA)
        return
    schema = _schema()
    doc = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(doc):
        raise ValueError(f"pain.001 does not match its schema: {schema.error_log.last_error}")
