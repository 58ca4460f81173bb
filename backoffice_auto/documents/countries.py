"""Countries as clerks write them in master data: an ISO 3166 code, or the country's name.

Why: a country column decides money. The VAT on an invoice depends on where the customer is
(`orders.placeofsupply`), payroll's public holidays on where the employee works. A column
read as free text lets `Germany` through as a country no rule knows, which the place of
supply would take for one outside the EU. So the column holds ISO alpha-2 codes: a code as
written (`cz` is `CZ`), or a name in any of the five languages (`Německo`, `Niemcy`,
`Alemania`, `Allemagne`: `DE`; Babel's territory names, compared without case or accents),
and anything else is refused at its cell.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from babel import Locale

LANGUAGES = ("en", "cs", "pl", "es", "fr")
# two-letter territory codes that are no country (Babel lists them beside the countries)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})
# names offices write that Babel's current names are not
_ALIASES = {"UK": "GB", "united kingdom of great britain and northern ireland": "GB", "great britain": "GB",
            "czech republic": "CZ", "ceska republika": "CZ", "cesko": "CZ", "republika czeska": "CZ",
            "republique tcheque": "CZ", "republica checa": "CZ", "holland": "NL", "the netherlands": "NL",
            "usa": "US", "u s a": "US", "united states of america": "US", "u s": "US"}


def _key(text: str) -> str:
    """Lower case, no accents, words of letters only: `Česká  republika` -> `ceska republika`."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W\d_]+", plain))


@lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], dict[str, str]]:
    """The country codes, and each name (in the five languages, and the aliases) -> code."""
    codes = frozenset(code for code in Locale.parse("en").territories
                      if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)
    names: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code in codes:
                names.setdefault(_key(name), code)
    for alias, code in _ALIASES.items():
        names.setdefault(_key(alias), code)
    return codes, names


def parse_country(value: Any, locale: str | None = None) -> str:
    """The ISO 3166 alpha-2 code of the country `value` writes (code or name)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("not a country")
    text = value.strip()
    codes, names = _known()
    if len(text) == 2 and text.upper() in codes:
        return text.upper()
    code = _ALIASES.get(text.upper()) or names.get(_key(text))
    if code is None:
        raise ValueError("not a country")
    return code
