"""Order sheet column headers to field names, in en, cs, pl, es and fr.

The shared alias table (`documents.aliases`) is asked first; the few names below cover the
order row's own fields (and `ship_policy`, which only order sheets carry) so that a sheet
reads the same whichever module knows a name. Matching ignores case, accents, spaces,
dots, dashes and underscores: `Č. objednávky`, `c_objednavky` and `C Objednavky` are one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ORDER_ALIASES: dict[str, tuple[str, ...]] = {
    "order_id": ("order_id", "order", "order no", "order number", "order #", "po", "objednavka",
                 "cislo objednavky", "c objednavky", "zamowienie", "nr zamowienia", "numer zamowienia",
                 "pedido", "n pedido", "numero de pedido", "num pedido", "commande", "n commande",
                 "numero de commande", "no commande"),
    "order_date": ("order_date", "date", "order date", "datum", "datum objednavky", "data",
                   "data zamowienia", "fecha", "fecha pedido", "fecha del pedido", "date de commande",
                   "date commande"),
    "customer_id": ("customer_id", "customer", "customer id", "customer no", "client", "zakaznik",
                    "odberatel", "cislo zakaznika", "klient", "id klienta", "nr klienta", "odbiorca",
                    "cliente", "id cliente", "codigo cliente", "client id", "code client", "n client"),
    "sku": ("sku", "item", "item no", "article", "product", "product code", "kod", "kod zbozi",
            "polozka", "artikl", "zbozi", "indeks", "kod towaru", "towar", "produkt", "articulo",
            "referencia", "codigo", "producto", "ref", "reference", "code article", "produit"),
    "quantity": ("quantity", "qty", "pcs", "mnozstvi", "pocet", "ks", "ilosc", "szt", "cantidad",
                 "cant", "uds", "quantite", "qte"),
    "unit_price": ("unit_price", "price", "unit price", "cena", "jednotkova cena", "cena za kus",
                   "cena jednostkowa", "precio", "precio unitario", "prix", "prix unitaire", "pu"),
    "ship_by": ("ship_by", "ship by", "delivery date", "due", "dodat do", "termin dodani",
                "datum dodani", "termin dostawy", "wysylka do", "fecha de entrega", "entregar antes",
                "livrer avant", "date de livraison", "date livraison"),
    "notes": ("notes", "note", "remarks", "comment", "poznamka", "poznamky", "uwagi", "notatki",
              "notas", "observaciones", "comentario", "remarques", "commentaire"),
    "ship_policy": ("ship_policy", "ship policy", "shipping policy", "zpusob dodani", "dodani",
                    "polityka wysylki", "politica de envio", "politique d expedition", "expedition"),
}


def normalise(text: str) -> str:
    """Lower case, accents off, punctuation to single spaces: `Č. objednávky` -> `c objednavky`."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z#]+", " ", folded).split())


@lru_cache(maxsize=1)
def _local() -> dict[str, str]:
    table: dict[str, str] = {}
    for field, names in ORDER_ALIASES.items():
        for name in names:
            table.setdefault(normalise(name), field)
    return table


def _shared(text: str) -> str | None:
    try:
        from backoffice_auto.documents import aliases
    except ImportError:
        return None
    lookup = getattr(aliases, "field_for_header", None)
    if lookup is None:
        return None
    try:
        return lookup(text, "orders")
    except Exception:  # a shared table with another signature must not break reading
        return None


def field_for_header(text: str, extra: dict[str, str] | None = None) -> str | None:
    """The field a header names, or None. `extra` holds workspace aliases (normalised header -> field)."""
    key = normalise(text)
    if not key:
        return None
    if extra:
        hit = extra.get(key)
        if hit:
            return hit
    hit = _local().get(key)
    if hit:
        return hit
    return _shared(text)
