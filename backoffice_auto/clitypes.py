"""Option types the commands share: a number of seconds is finite and bounded.

Why: `process --stable inf` passed click's range check and then overflowed the sleep of
`settle` with a traceback; `watch --stable nan` passed too (every comparison with NaN is
false), leaving the watcher with a stability test no file can meet or fail. Click's own
range message is kept (and translated with click's other words, see `i18n/clickwords`).
"""

from __future__ import annotations

import math
from typing import Any

import click
import click.types as click_types

ONE_DAY = 86_400.0


class Seconds(click.FloatRange):
    """Seconds from `low` to `high` (at most a day), never NaN or infinite."""

    name = "seconds"

    def __init__(self, low: float, high: float = ONE_DAY):
        super().__init__(min=low, max=high)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):  # NaN passes the range test: no comparison with it is true
            self.fail(click_types._("{value} is not in the range {range}.").format(
                value=value, range=self._describe_range()), param, ctx)
        return seconds
