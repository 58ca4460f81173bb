"""rules/masterdata.yaml (STUB: to be filled by the masterdata job)."""

from __future__ import annotations

from backoffice_auto.rules.base import StrictModel


class MasterdataRules(StrictModel):
    pass
