"""User-facing text in en, cs, pl, es, fr (gettext catalogs) and Babel formatting.

Messages are English msgids with `{named}` placeholders. English is the msgid itself; the
other languages live in gettext `.po` files, one per domain (package) per language, at
`i18n/locale/<lang>/LC_MESSAGES/<domain>.po`. All domains of a language are merged and
compiled in memory at first use (see `catalogs.py`), then cached, so a lookup is one
normalisation (cached) and one dict lookup.

    from backoffice_auto.i18n import N_, translate
    MSG = N_("Row {row}: unknown SKU {sku}")        # marked for extraction, not translated
    translate(MSG, "cs", row=14, sku="A-1")           # looked up and formatted
    MORE = NP_("{count} row left", "{count} rows left", "count")  # the form by the count
    translate(MORE, "cs", count=3)                    # the form Czech writes for 3 of them

A msgid with no usable translation (missing, empty or fuzzy) comes back in English; an
unknown language falls back to English (the caller picks the workspace default first, with
`normalize_language(value, default=settings_language)`). `tests/test_i18n_catalogs.py`
fails when a marked msgid in the package lacks a cs, pl, es or fr translation.
"""

from __future__ import annotations

import threading
from typing import Any, Mapping

from backoffice_auto.i18n.catalogs import LOCALE_DIR, CatalogSet, load
from backoffice_auto.i18n.formatting import (
    LOCALES,
    babel_locale,
    format_date,
    format_datetime,
    format_decimal,
    format_money,
    format_number,
    format_percent,
)
from backoffice_auto.i18n.languages import LANGUAGES, normalize_language

__all__ = [
    "LANGUAGES", "LOCALES", "N_", "NP_", "PluralMsgid", "_", "translate", "ntranslate", "template", "normalize_language",
    "babel_locale", "format_money", "format_decimal", "format_number", "format_percent", "format_date",
    "format_datetime", "catalogs", "reload_catalogs",
]

_lock = threading.Lock()
_loaded: CatalogSet | None = None


def catalogs() -> CatalogSet:
    """The merged catalogs of the package, loaded once (thread-safe) and cached."""
    global _loaded
    current = _loaded
    if current is None:
        with _lock:
            if _loaded is None:
                _loaded = load(LOCALE_DIR)
            current = _loaded
    return current


def reload_catalogs() -> CatalogSet:
    """Drop the cache and read the `.po` files again (for translators editing a running service)."""
    global _loaded
    with _lock:
        _loaded = load(LOCALE_DIR)
        return _loaded


def N_(msgid: str) -> str:
    """Marks a msgid for extraction without translating it (used for Problem messages)."""
    return msgid


class PluralMsgid(str):
    """A msgid (its singular) with its plural form and the name of the parameter holding the
    count: `NP_(...)`. `translate` and `Problem` choose the form by that count, so `1 payslip`
    and `30 payslips` (and Czech's three forms) each read right."""

    plural: str
    count: str

    def __new__(cls, singular: str, plural: str, count: str = "n") -> "PluralMsgid":
        self = super().__new__(cls, singular)
        self.plural, self.count = plural, count
        return self

    def __reduce__(self):
        return PluralMsgid, (str(self), self.plural, self.count)


def NP_(singular: str, plural: str, count: str = "n") -> PluralMsgid:
    """Marks a singular and plural msgid for extraction (`N_` for a message with a count in its
    parameter `count`), without translating it."""
    return PluralMsgid(singular, plural, count)


def template(msgid: str, language: str | None, params: Mapping[str, Any] | None = None) -> str:
    """The message `msgid` in `language`, not yet formatted: for a `PluralMsgid`, the form for
    the count in `params` (the plural when the count is missing or not a whole number)."""
    if not msgid:
        return msgid  # gettext would return the catalog header for ""
    lang = normalize_language(language)
    if isinstance(msgid, PluralMsgid):
        n = (params or {}).get(msgid.count)
        n = n if isinstance(n, int) and not isinstance(n, bool) else 2
        if lang != "en":
            translation = catalogs().translations.get(lang)
            if translation is not None:
                return translation.ngettext(str(msgid), msgid.plural, n)
        return str(msgid) if n == 1 else msgid.plural
    if lang != "en":
        translation = catalogs().translations.get(lang)
        if translation is not None:
            return translation.gettext(msgid)
    return msgid


def _format(template: str, fallback: str, params: dict[str, Any]) -> str:
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        try:
            return fallback.format(**params)
        except (KeyError, IndexError, ValueError):
            return fallback


def translate(msgid: str, language: str | None = "en", **params: Any) -> str:
    """`msgid` in `language` (English when there is no translation), formatted with `params`.

    Without params the template is returned unformatted (braces intact), which is what
    `Problem.text` expects.
    """
    if not msgid:
        return msgid  # gettext would return the catalog header for ""
    text = template(msgid, language, params)
    return _format(text, template(msgid, "en", params), params)


_ = translate


def ntranslate(singular: str, plural: str, n: int, language: str | None = "en",
               **params: Any) -> str:
    """The plural form for count `n` in `language` (Czech and Polish have three), formatted.

    `{n}` in the message is the count unless `params` names it otherwise.
    """
    lang = normalize_language(language)
    english = singular if n == 1 else plural
    text = english
    if lang != "en":
        translation = catalogs().translations.get(lang)
        if translation is not None:
            text = translation.ngettext(singular, plural, n)
    params.setdefault("n", n)
    return _format(text, english, params)
