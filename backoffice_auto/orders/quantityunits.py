"""The unit a clerk writes in a quantity cell (`2 ks`, `3 szt.`, `5 bal`, `1,5 kg`), and whether it
is the unit the item is counted in.

The number parser drops a short word after a number (it reads `1 234,50 Kč` as an amount),
so `5 bal` (five boxes) would be read as five pieces. The order reader keeps the word, and
the checks refuse a quantity whose unit is not the item's: a piece word (`ks`, `szt`, `pcs`,
`uds`, `pièces`, ...) for an item counted in pieces, or the item's own unit (`kg` for `kg`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["quantity_unit", "same_unit", "header_unit"]

_NUMBER = r"[-+\u2212]?\(?\d[\d\s.,'\u00a0\u202f\u2009]*\)?"
_AFTER = re.compile(rf"\s*{_NUMBER}\s*([^\d\s][^\d]*?)\s*")
_BEFORE = re.compile(rf"\s*([^\d\s\-+\u2212(.,][^\d]*?)\s*{_NUMBER}\s*")
_PIECES = frozenset({
    "ks", "kus", "kusy", "kusu", "pcs", "pc", "pce", "pces", "piece", "pieces", "ea", "each", "unit", "units",
    "szt", "sztuk", "sztuki", "sztuka", "u", "ud", "uds", "unid", "unidad", "unidades", "pieza", "piezas",
    "pz", "pza", "unite", "unites", "st", "stk", "stuck",
})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip().rstrip(".").strip()


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
    if match is None or _fold(match[1]) in _PIECES:
        return None
    return match[1]


def same_unit(written: str, unit: str | None) -> bool:
    """Is `written` the item's `unit` (case, accents and a final dot aside), or are both pieces?"""
    word, own = _fold(written), _fold(unit or "")
    return word == own or (word in _PIECES and (own in _PIECES or not own))
