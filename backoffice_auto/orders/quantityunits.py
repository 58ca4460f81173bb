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
import unicodedata
from typing import Any

__all__ = ["quantity_unit", "same_unit", "header_unit"]

_NUMBER = r"[-+\u2212]?\(?\d[\d\s.,'\u00a0\u202f\u2009]*\)?"
_AFTER = re.compile(rf"\s*{_NUMBER}\s*([^\d\s][^\d]*?)\s*")
_BEFORE = re.compile(rf"\s*([^\d\s\-+\u2212(.,][^\d]*?)\s*{_NUMBER}\s*")
_PIECES = frozenset({
    "ks", "kus", "kusy", "kusu", "pcs", "pc", "pce", "pces", "piece", "pieces", "ea", "each", "unit", "units",
    "szt", "sztuk", "sztuki", "sztuka", "u", "ud", "uds", "unid", "unidad", "unidades", "pieza", "piezas",
    "pz", "pza", "unite", "unites", "st", "stk", "stuck", "stucke", "kusu", "kusy", "pieza", "piece",
})
#: Other units, each as the words written for it in en, cs, pl, es and fr (folded: no case, no
#: accents, `ł` as `l`). A word and the item's unit in one family are the same unit.
_FAMILIES = tuple(frozenset(words.split()) for words in (
    "box boxes bx krabice krabic krabicka krabicky krabicek pudelko pudelka pudelek caja cajas cj boite boites bte",
    "carton cartons ctn ctns karton kartony kartonu kartonow",
    "pack packs pk pkg package packages bal baleni opak opakowanie opakowania opakowan paquete paquetes paq "
    "paquet paquets pqt",
    "pair pairs pr prs par pary paru pares paire paires",
    "set sets sada sady sad zestaw zestawy zestawow juego juegos jeu jeux",
    "dozen dozens dz doz tucet tucty tuctu tuzin tuziny tuzinow docena docenas douzaine douzaines",
    "h hr hrs hour hours hod hodina hodiny hodin godz godzina godziny godzin hora horas heure heures",
    "d day days den dny dni dzien dia dias jour jours",
    "l lt ltr litre litres liter liters litr litry litru litrow litro litros",
    "ml millilitre millilitres milliliter milliliters mililitr mililitry mililitru mililitrow mililitro mililitros",
    "m metre metres meter meters metr metry metru metrow metro metros",
    "m2 sqm metre2 meter2",
    "kg kgs kilo kilos kilogram kilograms kilogramme kilogrammes kilogramy kilogramu kilogramow kilogramo "
    "kilogramos",
    "g gr gram grams gramme grammes gramy gramu gramow gramo gramos",
    "t ton tons tonne tonnes tuna tuny tun tona tony ton tonelada toneladas",
    "roll rolls role roli rolka rolki rolek rollo rollos rouleau rouleaux",
))
_FAMILY_OF = {word: family for family in _FAMILIES for word in family}


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
    """Is `written` the item's `unit` (case, accents and a final dot aside), a word of the same
    unit in one of the five languages, or are both pieces?"""
    word, own = _fold(written).replace("²", "2"), _fold(unit or "").replace("²", "2")
    if word == own or (word in _PIECES and (own in _PIECES or not own)):
        return True
    family = _FAMILY_OF.get(word)
    return family is not None and own in family
