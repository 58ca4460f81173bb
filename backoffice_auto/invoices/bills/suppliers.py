"""Which supplier in the books sent this invoice: VAT id, then IBAN, then name.

The order is by how much each identifier can be trusted: a VAT id is issued to one legal
entity, an IBAN to one account holder (but a fraudster can print their own), a name is
typed by people and varies ("ACME s.r.o." vs "Acme sro"). Names are compared with
rapidfuzz after removing legal-form words and punctuation, and only a clear winner above
the rules' threshold counts, so two similar names never pick one of them by chance.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from rapidfuzz import fuzz

from backoffice_auto.invoices.extract.model import SupplierInfo
from backoffice_auto.parties.bank import compact_iban  # noqa: F401 (one definition, used here and by callers)

# Legal-form words that say nothing about who a company is.
_LEGAL_FORMS = {
    "sro", "spolsro", "as", "ks", "vos", "zs", "spzoo", "sa", "sp", "zoo", "spj", "spk", "gmbh", "ag",
    "kg", "ohg", "ug", "ltd", "limited", "plc", "llc", "inc", "corp", "co", "company", "sarl", "sas",
    "sasu", "eurl", "sl", "slu", "srl", "spa", "snc", "bv", "nv", "vof", "oy", "oyj", "ab", "aps", "as",
    "kft", "zrt", "nyrt", "doo", "ee", "ou", "uab", "sia", "the", "and", "und", "et", "y", "i",
}
# The one country whose VAT prefix is not its ISO code.
_VAT_PREFIX_COUNTRY = {"EL": "GR"}
# Gap a name's best score must keep over the next supplier to count as a match.
NAME_MARGIN = 3.0


@lru_cache(maxsize=65536)
def normalize_vat(text: str | None) -> str | None:
    """`CZ 123.456.78` -> `CZ12345678`; letters upper, separators removed."""
    if not text:
        return None
    out = re.sub(r"[^0-9A-Za-z]", "", str(text)).upper()
    return out or None


def vat_country(vat_id: str | None) -> str | None:
    """ISO country of a VAT id's prefix (`EL` is Greece), or None without a prefix."""
    vat = normalize_vat(vat_id)
    if not vat or len(vat) < 3 or not vat[:2].isalpha():
        return None
    return _VAT_PREFIX_COUNTRY.get(vat[:2], vat[:2])


def _national_part(vat: str) -> str:
    return vat[2:] if len(vat) > 2 and vat[:2].isalpha() else vat


def same_vat(a: str | None, b: str | None) -> bool:
    """Equal VAT ids, also when one side is written without its country prefix."""
    x, y = normalize_vat(a), normalize_vat(b)
    if not x or not y:
        return False
    if x == y:
        return True
    x_has, y_has = x[:2].isalpha(), y[:2].isalpha()
    if x_has and y_has:
        return False
    return _national_part(x) == _national_part(y) and len(_national_part(x)) >= 6


@lru_cache(maxsize=65536)
def normalize_name(name: str | None) -> str:
    """Lower case, accents and punctuation off, legal forms dropped: `ACME, s.r.o.` -> `acme`."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    # Dotted abbreviations ("s.r.o.", "a.s.", "b.v.", "sp. z o.o.") first become one token each,
    # so that they are recognised as legal forms below.
    text = re.sub(r"\bsp\.?\s*z\s*o\.?\s*o\b\.?", " spzoo ", text)
    text = re.sub(r"(?<!\w)((?:[^\W\d_]\.\s?){1,3}[^\W\d_]\.?)(?=[\s,;]|$)",
                  lambda m: " " + m.group(1).replace(".", "").replace(" ", "") + " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in _LEGAL_FORMS]
    return " ".join(words)


def name_score(a: str | None, b: str | None) -> float:
    """0..100: how alike two company names are, word order and legal form aside."""
    x, y = normalize_name(a), normalize_name(b)
    if not x or not y:
        return 0.0
    return float(max(fuzz.token_sort_ratio(x, y), fuzz.ratio(x, y)))


@dataclass(frozen=True)
class SupplierMatch:
    supplier: Mapping  # the suppliers row
    by: str  # vat_id | iban | name | id
    score: float = 100.0

    @property
    def supplier_id(self) -> str:
        return self.supplier["supplier_id"]


def match_supplier(info: SupplierInfo, suppliers: Iterable[Mapping], name_threshold: float = 90) -> SupplierMatch | None:
    """The supplier of the books that issued the invoice, or None when none is clear."""
    rows = list(suppliers)
    if info.vat_id:
        hits = [s for s in rows if same_vat(info.vat_id, s.get("vat_id"))]
        if len(hits) == 1:
            return SupplierMatch(hits[0], "vat_id")
    iban = compact_iban(info.iban)
    if iban:
        hits = [s for s in rows if compact_iban(s.get("iban")) == iban]
        if len(hits) == 1:
            return SupplierMatch(hits[0], "iban")
    if info.name:
        scored = sorted(((name_score(info.name, s.get("name")), i) for i, s in enumerate(rows)), reverse=True)
        if scored and scored[0][0] >= name_threshold:
            if len(scored) == 1 or scored[0][0] - scored[1][0] >= NAME_MARGIN:
                return SupplierMatch(rows[scored[0][1]], "name", scored[0][0])
    return None
