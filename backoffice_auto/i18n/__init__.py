"""User-facing text in en, cs, pl, es, fr (gettext catalogs) and Babel formatting.

STUB: the i18n helper replaces this with catalogs under i18n/locale/<lang>/LC_MESSAGES/<domain>.po.
"""

from __future__ import annotations

LANGUAGES = ("en", "cs", "pl", "es", "fr")


def N_(msgid: str) -> str:
    """Marks a msgid for extraction without translating it (used for Problem messages)."""
    return msgid


def translate(msgid: str, language: str = "en") -> str:
    return msgid


def _(msgid: str) -> str:
    return msgid
