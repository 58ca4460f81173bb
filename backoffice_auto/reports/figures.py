"""Per-file figures as a reader checks them by hand: amounts per currency, number ranges.

Every job ends with a note of what it did to *that* file (issue 13 item 7: a manager was told
"88 orders" for a file of two). The amounts in those notes go through the i18n formatting
(`format_money`) in the reader's language and are summed per currency, never across
currencies; the caller's message says whether they are net or gross.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Mapping

from backoffice_auto.i18n import format_money


def sum_by_currency(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """(currency, amount) pairs summed per currency, in first-seen order."""
    out: dict[str, Decimal] = {}
    for currency, amount in pairs:
        key = (currency or "").upper()
        out[key] = out.get(key, Decimal(0)) + amount
    return out


def amounts(totals: Mapping[str, Decimal], language: str, empty: str = "0") -> str:
    """`€1,234.50` or `€1,234.50 + 3 400,00 Kč`: one amount per currency, currencies sorted."""
    if not totals:
        return empty
    return " + ".join(format_money(value, cur, language) if cur else str(value)
                      for cur, value in sorted(totals.items()))


def number_range(numbers: Iterable[str]) -> str:
    """`INV-1` for one, `INV-1 – INV-9` for a gap-free run as a job takes them, `-` for none."""
    numbers = list(numbers)
    if not numbers:
        return "-"
    if len(numbers) == 1:
        return numbers[0]
    return f"{numbers[0]} – {numbers[-1]}"
