"""Click's own words (usage errors, `--help` headings) in the workspace language.

Click marks its messages for gettext (`from gettext import gettext as _` in each of its
modules) but looks them up in the process-wide `messages` domain, where nothing of ours
is. `install(language)` points those module-level `_` and `ngettext` at our catalogs, so
`backoffice-auto status -x` in a Czech workspace says `Chyba: ...`. The msgids below are
click's English texts, marked here so they are extracted and translated like ours; a
message click adds later that has no translation simply stays English.
"""

from __future__ import annotations

import importlib

from backoffice_auto.i18n import N_, catalogs, normalize_language, translate

#: Click's modules that call `_()` / `ngettext()` for text an operator sees.
CLICK_MODULES = ("click.core", "click.exceptions", "click.parser", "click.decorators", "click.formatting",
                 "click.types", "click.termui")

CLICK_MESSAGES = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing command."),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("{value} is not in the range {range}."),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
)


def install(language: str | None) -> str:
    """Click speaks `language` from now on in this process (English: nothing changes)."""
    lang = normalize_language(language)
    if lang == "en":
        return lang
    translation = catalogs().translations.get(lang)

    def gettext(message: str) -> str:
        return translate(message, lang) if message else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        if translation is None:
            return singular if n == 1 else plural
        return translation.ngettext(singular, plural, n)

    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    return lang
