"""rules/orders.yaml (STUB: to be filled by the orders job)."""

from __future__ import annotations

from backoffice_auto.rules.base import StrictModel


class OrdersRules(StrictModel):
    pass
