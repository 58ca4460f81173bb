"""The currency a clerk writes beside an amount or in a column's header: `12,50 €`, `1 234 Kč`,
`Cena (EUR)`, `Price $`, `Cena zł`. The number parser drops the sign, so a reader that knows
in which currency an amount must be (an order line is in its item's currency) asks here
whether the clerk wrote another one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["currency_named"]

_WORDS = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "eura": "EUR", "euros": "EUR",
    "kč": "CZK", "kc": "CZK", "czk": "CZK", "zł": "PLN", "zl": "PLN", "pln": "PLN",
    "$": "USD", "us$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP", "chf": "CHF",
    "huf": "HUF", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "ron": "RON", "bgn": "BGN",
}
_TOKEN = re.compile(r"[€$£]|[^\W\d_]+\$?\.?")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text.casefold())


def currency_named(text: Any) -> str | None:
    """The ISO code of the one currency `text` names (`12,50 €` -> EUR, `Cena (Kč)` -> CZK), or None
    when it names none, or more than one."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    found = {_WORDS[_fold(token)] for token in _TOKEN.findall(text) if _fold(token) in _WORDS}
    return found.pop() if len(found) == 1 else None
