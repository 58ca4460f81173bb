"""The five languages and the many ways people write them in a workbook cell.

Why: the recipient's language comes from the books (a `language` column typed by a clerk),
from settings, or from a system locale. `cs`, `CS`, `cs_CZ`, `cs-CZ.UTF-8`, `cz` (the
country code people often use for Czech), `ces`, `Czech` and `čeština` all mean the same
thing, and anything else must fall back to a default rather than fail.
"""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("en", "cs", "pl", "es", "fr")

# Other spellings of our languages: ISO 639-2/B and /T codes, country codes commonly used for
# the language, and the language's names in English and in itself (accents removed too).
_ALIASES = {
    "eng": "en", "english": "en",
    "cz": "cs", "ces": "cs", "cze": "cs", "czech": "cs", "cestina": "cs", "čeština": "cs",
    "pol": "pl", "polish": "pl", "polski": "pl",
    "spa": "es", "esp": "es", "spanish": "es", "espanol": "es", "español": "es",
    "castellano": "es",
    "fra": "fr", "fre": "fr", "french": "fr", "francais": "fr", "français": "fr",
}


@lru_cache(maxsize=1024)
def _normalize(value: str) -> str | None:
    text = value.strip().lower()
    if not text:
        return None
    if text in _ALIASES:
        return _ALIASES[text]
    # cs_CZ, cs-CZ, cs_CZ.UTF-8, cs_CZ@euro: the language part
    for sep in (".", "@"):
        text = text.split(sep, 1)[0]
    head = text.replace("-", "_").split("_", 1)[0]
    if head in LANGUAGES:
        return head
    return _ALIASES.get(head)


def normalize_language(value: str | None, default: str = "en") -> str:
    """One of LANGUAGES for `value`; `default` (itself normalized, else "en") when unknown."""
    if isinstance(value, str):
        found = _normalize(value)
        if found:
            return found
    if default in LANGUAGES:
        return default
    if isinstance(default, str):
        return _normalize(default) or "en"
    return "en"
