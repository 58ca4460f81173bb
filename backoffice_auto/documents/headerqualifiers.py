"""Words around a header that qualify it without changing which column it is: units, currencies,
"per piece", "ordered", and whether a price includes tax.

Clerks write `Cena/ks bez DPH`, `Cena jedn. netto`, `Ilość szt.`, `Qté commandée`, `Cena Kč`:
the column is the unit price or the quantity, and the rest says how it is counted. Those
words are dropped when a header matches no alias as written (`strip_qualifiers`).

Tax words are different. A unit price is read without tax, so `bez DPH`, `netto`, `HT`,
`sin IVA`, `excl. VAT` may be dropped from a price header, but `s DPH`, `vč. DPH`, `brutto`,
`TTC`, `con IVA`, `incl. VAT` say the price holds tax: such a header is never taken for the
unit price, whatever else it says (`Prix unitaire TTC` would otherwise be a near miss of
`Prix unitaire HT`). Words here are `header_words` forms: folded, `ks` read as `kusy`.
"""

from __future__ import annotations

from typing import Iterable

__all__ = ["NET_FIELDS", "strip_qualifiers", "says_gross"]

#: Fields that hold amounts without tax: a header saying "with tax" never means them, and
#: a header saying "without tax" may lose those words to match them.
NET_FIELDS = frozenset({"unit_price"})

_GROSS = (
    ("s", "dph"), ("vc", "dph"), ("vcetne", "dph"), ("se", "dph"),
    ("brutto",), ("z", "vat"), ("z", "podatkiem"),
    ("incl", "vat"), ("inc", "vat"), ("including", "vat"), ("with", "vat"), ("incl", "tax"),
    ("including", "tax"), ("tax", "included"), ("vat", "included"), ("gross",),
    ("con", "iva"), ("iva", "incluido"), ("iva", "incl"), ("iva", "incluida"), ("bruto",),
    ("ttc",), ("tvac",), ("avec", "tva"), ("tva", "comprise"), ("toutes", "taxes", "comprises"), ("brut",),
)
_NET = (
    ("bez", "dph"), ("netto",), ("net",), ("bez", "vat"), ("bez", "podatku"),
    ("excl", "vat"), ("excluding", "vat"), ("ex", "vat"), ("without", "vat"), ("excl", "tax"),
    ("before", "tax"), ("pre", "tax"), ("sin", "iva"), ("iva", "excluido"), ("neto",), ("sin", "impuestos"),
    ("ht",), ("hors", "taxe"), ("hors", "taxes"), ("sans", "tva"), ("hors", "tva"),
)
_NOISE = frozenset({
    # pieces and "per piece"
    "kusy", "kus", "kusu", "sztuk", "sztuke", "szt", "pieces", "piece", "pc", "each", "ea",
    "unidades", "unidad", "ud", "piece", "pieza", "piezas", "jedn", "jednotku", "jednostke",
    "par", "unite", "a",
    # currencies
    "kc", "czk", "eur", "euro", "eura", "zl", "pln", "usd", "gbp", "chf", "huf",
    # ordered, requested
    "ordered", "requested", "objednane", "objednano", "pozadovane", "zamowiona", "zamowione",
    "zamowiono", "pedida", "pedidas", "solicitada", "commandee", "commandees",
})


def _find(words: tuple[str, ...], phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if words[i:i + n] == phrase:
                spans.append((i, i + n))
    return spans


def says_gross(words: tuple[str, ...]) -> bool:
    """Do the words say the amount includes tax (`s DPH`, `brutto`, `TTC`, `con IVA`)?"""
    return bool(_find(words, _GROSS))


def strip_qualifiers(words: tuple[str, ...], gross: bool = False) -> tuple[tuple[str, ...], bool]:
    """The words without units, currencies, "ordered" and "without tax" words (and "with tax"
    words when `gross`), and whether a tax phrase was among them (then only a net field may
    be matched, or, for "with tax", is meant)."""
    drop: set[int] = set()
    taxed = False
    for start, end in _find(words, _GROSS if gross else _NET):
        drop.update(range(start, end))
        taxed = True
    kept = tuple(w for i, w in enumerate(words) if i not in drop and w not in _NOISE)
    return kept, taxed
