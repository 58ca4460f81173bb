"""rules/payroll.yaml (STUB: to be filled by the payroll job)."""

from __future__ import annotations

from backoffice_auto.rules.base import StrictModel


class PayrollRules(StrictModel):
    pass
