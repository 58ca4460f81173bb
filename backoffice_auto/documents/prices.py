"""A unit price as clerks write it in a cell: `12,50 Kč/ks`, `€ 3.40 / pc`, `15,00 zł/szt.`,
`2,30 €/ud`, `3.40 EUR per piece`, `12,50 Kč za ks`, `3,40 € la pièce`, `2,30 € por unidad`.

The amount is read as any amount (local separators, a currency sign or code before or after:
`values.parse_decimal`); the unit after `/`, `per`, `za`, `pro`, `por`, `par`, `la`, `l'`
is split off by `price_unit` so that the reader can check it against the item's unit (a
price per kilogram is no price per piece), never dropped unseen.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from backoffice_auto.documents.values import parse_decimal

__all__ = ["parse_price", "price_unit", "split_price"]

_SPACE = r"[\s\u00a0\u202f\u2009]"
# the unit: one word of letters, perhaps with a dot or a square or cube sign (`ks`, `szt.`, `pièce`, `m²`)
_PER = re.compile(
    rf"(?P<amount>.*?\d.*?){_SPACE}*(?:/|{_SPACE}(?:per|za|pro|por|par|la|le|el|each){_SPACE}+|{_SPACE}l[’']){_SPACE}*"
    rf"(?P<unit>[^\W\d_][^\W\d_²³]*\.?|[^\W\d_]{{1,2}}[²³23])",
    re.IGNORECASE)
_MAX_CHARS = 60


def split_price(text: str) -> tuple[str, str] | None:
    """(amount text, unit as written) of a price with a per-unit part, else None."""
    if len(text) > _MAX_CHARS:
        return None
    match = _PER.fullmatch(text.strip())
    if match is None:
        return None
    return match["amount"].strip(), match["unit"]


def parse_price(value: Any, locale: str | None = "en_GB") -> Decimal:
    """The amount of a unit price cell, with or without its per-unit part."""
    try:
        return parse_decimal(value, locale)
    except ValueError:
        if not isinstance(value, str):
            raise
    parts = split_price(value)
    if parts is None:
        raise ValueError("not an amount")
    return parse_decimal(parts[0], locale)


def price_unit(raw: Any) -> str | None:
    """The unit a price cell says it is per (`ks` of `12,50 Kč/ks`), as written; None for none."""
    if not isinstance(raw, str):
        return None
    parts = split_price(raw)
    return parts[1] if parts else None
