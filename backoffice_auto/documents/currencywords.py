"""The currency a clerk writes beside an amount or in a column's header: `12,50 €`, `1 234 Kč`,
`Cena (EUR)`, `Price $`, `Cena zł`. The number parser drops the sign, so a reader that knows
in which currency an amount must be (an order line is in its item's currency) asks here
whether the clerk wrote another one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["currency_named", "currencies_named", "currencies_written"]

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


#: Signs that several currencies write: beside an amount they may stand for any of these.
_SHARED = {
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "TWD"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "fr": ("CHF", "XOF", "XAF", "XPF", "CDF", "GNF", "RWF", "BIF", "DJF", "KMF"),
    "¥": ("JPY", "CNY"),
    "cfa": ("XOF", "XAF"), "fcfa": ("XOF", "XAF"),
}
#: Signs of one currency beside the words `currency_named` knows (its `$` is taken as the US dollar).
_ONE = {
    "us$": "USD", "c$": "CAD", "ca$": "CAD", "can$": "CAD", "a$": "AUD", "au$": "AUD", "nz$": "NZD",
    "hk$": "HKD", "s$": "SGD", "r$": "BRL", "mx$": "MXN", "sfr": "CHF", "ft": "HUF", "lei": "RON", "лв": "BGN",
    "₹": "INR", "₩": "KRW", "₪": "ILS", "₽": "RUB", "₫": "VND", "₱": "PHP", "฿": "THB", "₦": "NGN",
    "₴": "UAH", "₺": "TRY", "₸": "KZT", "₾": "GEL", "₼": "AZN", "₡": "CRC", "₲": "PYG",
}


def currencies_named(word: Any) -> frozenset[str]:
    """Every currency one sign or word written beside an amount may stand for: one for `€`,
    `Kč`, `EUR`, `US$`; several for `$`, `kr`, `fr`, `¥`; none for a word that names no currency.
    A reader that knows the amount's currency takes the amount only when it is among them."""
    from backoffice_auto.iso4217 import MINOR_DIGITS

    if not isinstance(word, str) or len(word) > 20:
        return frozenset()
    folded = _fold(word.strip())
    bare = folded.rstrip(".") or folded
    if word.strip().upper() in MINOR_DIGITS:
        return frozenset({word.strip().upper()})
    if bare in _SHARED:
        return frozenset(_SHARED[bare])
    one = _ONE.get(bare) or (_WORDS.get(bare) if bare != "$" else None)
    return frozenset({one}) if one else frozenset()


def currencies_written(text: Any) -> frozenset[str]:
    """Every currency the words and signs in `text` may stand for: `12,50 $` may be any dollar,
    where `currency_named` takes `$` for the US dollar; `Cena (Kč)` is CZK alone. A reader that
    knows the amount's currency (a Canadian customer's row in CAD) takes `$12.50` when it is
    among them."""
    if not isinstance(text, str) or len(text) > 200:
        return frozenset()
    found: set[str] = set()
    for token in _TOKEN.findall(text):
        found |= currencies_named(token)
    return frozenset(found)
