"""Test-only rule-file models that reach every kind of validation message.

A case folder with a `registry.txt` (`file pattern: ModelName` a line) is checked with
these models instead of the real registry, so messages for types the real models may not
use (dates, decimals, lengths...) and for keys holding expressions have a case too.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Optional

from pydantic import Field, StringConstraints

from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.expr import ExprStr, expr_with_names


class Step(StrictModel):
    when: ExprStr = "True"
    amount: expr_with_names(["quantity", "unit_price", "customer"]) = "0"


class Probe(StrictModel):
    enabled: bool = False
    units: list[str] = []
    rate: Decimal = Decimal(0)
    money: Annotated[Decimal, Field(max_digits=6, decimal_places=2)] = Decimal(0)
    starts: date = date(2026, 1, 1)
    at: time = time(8, 0)
    stamp: datetime = datetime(2026, 1, 1)
    code: Annotated[str, StringConstraints(min_length=2, max_length=4, pattern=r"^[A-Z]+$")] = "AB"
    tags: Annotated[list[str], Field(min_length=1, max_length=2)] = ["a"]
    share: Annotated[Decimal, Field(gt=0, lt=1)] = Decimal("0.5")
    cap: Annotated[int, Field(le=10)] = 1
    nothing: None = None
    steps: list[Step] = []
    when: ExprStr = "True"


class Required(StrictModel):
    issuer: str


class Stub(StrictModel):
    pass
