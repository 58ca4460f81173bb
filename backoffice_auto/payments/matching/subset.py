"""The bounded exact-subset search: which of a customer's open invoices one payment settles.

Subset sum is exponential in general; a customer's open items are few, and the search is
bounded three ways (items looked at, subset size, steps), so a pathological customer costs
a fixed amount of time and ends as "not found" rather than as a wrong guess. The search
stops after a second solution: two subsets with the same sum make the payment ambiguous,
and an ambiguous payment is only ever suggested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class SubsetResult:
    solutions: tuple[tuple[int, ...], ...]  # indexes into the items, at most two
    complete: bool  # False when a bound stopped the search before it was exhausted

    @property
    def unique(self) -> tuple[int, ...] | None:
        """The one subset, when the search was complete and found exactly one."""
        return self.solutions[0] if self.complete and len(self.solutions) == 1 else None


def exact_subsets(amounts: Sequence[int], target: int, max_size: int, max_steps: int) -> SubsetResult:
    """Subsets (of 2 to `max_size` items) of positive `amounts` (minor units) summing to `target`."""
    order = sorted((i for i, a in enumerate(amounts) if 0 < a <= target), key=lambda i: -amounts[i])
    values = [amounts[i] for i in order]
    n = len(values)
    suffix = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = suffix[i + 1] + values[i]
    solutions: list[tuple[int, ...]] = []
    steps = 0
    stack: list[int] = []
    complete = True

    def search(start: int, remaining: int) -> bool:
        """False to stop everything (two solutions found or the step bound hit)."""
        nonlocal steps, complete
        for i in range(start, n):
            steps += 1
            if steps > max_steps:
                complete = False
                return False
            if suffix[i] < remaining:
                return True  # even all the rest cannot reach the target
            value = values[i]
            if value > remaining:
                continue
            stack.append(i)
            if value == remaining:
                if len(stack) >= 2:
                    solutions.append(tuple(sorted(order[j] for j in stack)))
                    if len(solutions) >= 2:
                        stack.pop()
                        return False
            elif len(stack) < max_size:
                if not search(i + 1, remaining - value):
                    stack.pop()
                    return False
            stack.pop()
        return True

    try:
        if target > 0 and suffix[0] >= target:
            search(0, target)
    finally:
        del search  # the function refers to itself through its closure: no cycle left for the collector
    return SubsetResult(tuple(solutions), complete)
