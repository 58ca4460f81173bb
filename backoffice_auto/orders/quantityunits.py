"""The unit a clerk writes in a quantity cell (`2 ks`, `3 szt.`, `5 bal`, `1,5 kg`), and whether it
is the unit the item is counted in.

The number parser drops a short word after a number (it reads `1 234,50 Kč` as an amount),
so `5 bal` (five boxes) would be read as five pieces. The order reader keeps the word, and
the checks refuse a quantity whose unit is not the item's: a piece word (`ks`, `szt`, `pcs`,
`uds`, `pièces`, ...) for an item counted in pieces, or a word of the item's own unit in any
of the five languages, short or long, singular or plural (`boxes`, `krabic`, `cajas` for `box`;
`hours`, `hodin`, `heures` for `h`; `litres`, `litrů` for `l`; `metres`, `metrów` for `m`;
`pairs`, `páry`, `paires` for `pair`). Order sheets read the number beside a word of any
length (`documents.values.parse_quantity`); a word that names no unit of the item is refused.
"""

from __future__ import annotations

import re
from typing import Any

from backoffice_auto.documents.unitwords import PIECE_WORDS, fold_unit, same_unit

__all__ = ["quantity_unit", "same_unit", "header_unit"]

_NUMBER = r"[-+\u2212]?\(?\d[\d\s.,'\u00a0\u202f\u2009]*\)?"
_AFTER = re.compile(rf"\s*{_NUMBER}\s*([^\d\s][^\d]*?)\s*")
_BEFORE = re.compile(rf"\s*([^\d\s\-+\u2212(.,][^\d]*?)\s*{_NUMBER}\s*")
def quantity_unit(raw: Any) -> str | None:
    """The word written beside the number of a quantity cell, as written; None for a plain number."""
    if not isinstance(raw, str) or not any(ch.isalpha() or not ch.isascii() for ch in raw):
        return None
    match = _AFTER.fullmatch(raw) or _BEFORE.fullmatch(raw)
    if match is None:
        return None
    unit = match[1].strip()
    return unit or None


_BRACKETED = re.compile(r"[(\[]\s*([^\W\d_][^\W\d_ .]{0,15})\.?\s*[)\]]")


def header_unit(header: Any) -> str | None:
    """The unit a quantity column's header names in brackets when it is not pieces: `Quantity
    (boxes)`, `Cantidad (cajas)`, `Qté (cartons)`. Pieces (`Množství (ks)`) say nothing about an
    item counted in kilograms, so they are not taken as every row's unit."""
    if not isinstance(header, str):
        return None
    match = _BRACKETED.search(header)
    if match is None or fold_unit(match[1]) in PIECE_WORDS:
        return None
    return match[1]
