"""The five languages and the many ways people write them in a workbook cell.

Why: the recipient's language comes from the books (a `language` column typed by a clerk),
from settings, or from a system locale. `cs`, `CS`, `cs_CZ`, `cs-CZ.UTF-8`, `cz` (the
country code people often use for Czech), `ces`, `Czech` and `čeština` all mean the same
thing, and anything else must fall back to a default rather than fail.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Mapping

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


def known_language(value: object) -> str | None:
    """One of LANGUAGES for `value`; None when it names none of them (`klingon`, `de`)."""
    return _normalize(value) if isinstance(value, str) else None


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


def _messages_locale(env: Mapping[str, str]) -> str:
    """The locale that names the language of messages: the first of LC_ALL, LC_MESSAGES, LANG set."""
    return next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the system's locale names, for words said where no workspace names one
    (`init`, `demo`, a command run outside a workspace): as gettext chooses, the first of
    LC_ALL, LC_MESSAGES and LANG that is set, and then LANGUAGE's list (its first of our
    languages) unless that locale is C or POSIX. English when none is one of ours."""
    env = os.environ if environ is None else environ
    value = _messages_locale(env)
    if not value or value.split(".", 1)[0] in ("C", "POSIX"):
        return "en"
    for entry in env.get("LANGUAGE", "").split(":"):
        found = _normalize(entry) if entry else None
        if found:
            return found
    return _normalize(value) or "en"


#: The locale a new workspace reads numbers and dates in, by language, when the system's
#: locale names no country.
_LOCALES = {"cs": "cs_CZ", "pl": "pl_PL", "es": "es_ES", "fr": "fr_FR", "en": "en_GB"}


def system_locale(environ: Mapping[str, str] | None = None) -> str:
    """The number and date forms of `system_language`: the system locale's own (`fr_BE`)
    when Babel knows it and it is of that language, else the language's usual one."""
    from babel import Locale, UnknownLocaleError

    env = os.environ if environ is None else environ
    language = system_language(env)
    name = _messages_locale(env).split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if name in ("", "C", "POSIX"):
        return _LOCALES[language]
    try:
        parsed = Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        parsed = None
    if parsed is not None and parsed.language == language and parsed.territory:
        return f"{parsed.language}_{parsed.territory}"
    return _LOCALES[language]
