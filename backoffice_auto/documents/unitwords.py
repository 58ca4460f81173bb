"""The words offices write for units of measure, in en, cs, pl, es and fr, grouped by unit.

Why shared: an order sheet checks a quantity's word against the item's unit
(`orders.quantityunits`), and a timesheet reads `8 hodin` or `7,5 h` as hours
(`payroll.timesheet`), and a master-data price `12,50 Kč/ks` is checked against the item's unit
(`masterdata`); all need the same words, and no job may import another.
"""

from __future__ import annotations

import unicodedata

#: Units other than pieces, each as the words written for it in en, cs, pl, es and fr (folded: no case, no
#: accents, `ł` as `l`). A word and the item's unit in one family are the same unit.
UNIT_FAMILIES = tuple(frozenset(words.split()) for words in (
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
#: The words of hours (a timesheet's hours and breaks).
HOUR_WORDS = next(family for family in UNIT_FAMILIES if "h" in family)
#: The words of pieces (an item counted in pieces), folded.
PIECE_WORDS = frozenset({
    "ks", "kus", "kusy", "kusu", "pcs", "pc", "pce", "pces", "piece", "pieces", "ea", "each", "unit", "units",
    "szt", "sztuk", "sztuki", "sztuka", "sztuke", "u", "ud", "uds", "unid", "unidad", "unidades", "pieza", "piezas",
    "pz", "pza", "unite", "unites", "st", "stk", "stuck", "stucke",
})
_FAMILY_OF = {word: family for family in UNIT_FAMILIES for word in family}


def fold_unit(text: str) -> str:
    """A unit word without case, accents, `ł` and a final dot: how the words above are kept."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip().rstrip(".").strip()


def same_unit(written: str, unit: str | None) -> bool:
    """Is `written` the item's `unit` (case, accents and a final dot aside), a word of the same
    unit in one of the five languages, or are both pieces?"""
    word, own = fold_unit(written).replace("²", "2"), fold_unit(unit or "").replace("²", "2")
    if word == own or (word in PIECE_WORDS and (own in PIECE_WORDS or not own)):
        return True
    family = _FAMILY_OF.get(word)
    return family is not None and own in family
