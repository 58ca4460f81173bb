"""rules/invoices.yaml and rules/invoices/templates/*.yaml (STUB: to be filled by the invoices job)."""

from __future__ import annotations

from backoffice_auto.rules.base import StrictModel


class InvoicesRules(StrictModel):
    pass


class InvoiceTemplate(StrictModel):
    pass
