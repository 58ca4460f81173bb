"""Loading the gettext catalogs: every domain's `.po` file of a language merged into one.

Why merged: each package keeps its translations in its own domain file (so engineers and
translators do not edit one shared file), but a message is looked up by its English msgid
alone, wherever it is shown. So all domains of a language are read with Babel, merged into
one catalog and compiled in memory (`write_mo`) into a real `gettext.GNUTranslations`,
which then does lookups and plural rules exactly as gettext does. No `.mo` files are kept
in the repository, so a `.po` edit can never be shadowed by a stale compiled file.

Precedence when two domains translate the same msgid: the `core` domain first, then the
others in alphabetical order; the first non-empty, non-fuzzy translation wins, and the
clash is recorded in `CatalogSet.conflicts` so a test or a translator can see it.
Fuzzy and empty translations are treated as missing: a fuzzy entry is a guess that
nobody has confirmed, and showing it to a clerk would be worse than English.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CORE_DOMAIN = "core"


@dataclass(frozen=True)
class Entry:
    """One translated (or untranslated) message as found in one domain's `.po` file."""

    language: str
    domain: str
    path: Path
    lineno: int
    msgid: str
    msgid_plural: str | None
    strings: tuple[str, ...]  # one string, or one per plural form
    fuzzy: bool

    @property
    def translated(self) -> bool:
        """Usable: not fuzzy and every form non-empty."""
        return not self.fuzzy and bool(self.strings) and all(s.strip() for s in self.strings)


@dataclass
class CatalogSet:
    """All `.po` files under one locale folder, parsed, merged per language and compiled."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    translations: dict[str, gettext.GNUTranslations] = field(default_factory=dict)
    conflicts: list[tuple[Entry, Entry]] = field(default_factory=list)
    # msgid -> language -> winning entry (translated entries only)
    index: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def translation(self, msgid: str, language: str) -> str | None:
        """The usable translation of `msgid` in `language`, or None when there is none."""
        entry = self.index.get(msgid, {}).get(language)
        return entry.strings[0] if entry else None

    def languages(self) -> list[str]:
        return sorted(self.translations)


def _domain_order(path: Path) -> tuple[int, str]:
    return (0 if path.stem == CORE_DOMAIN else 1, path.stem)


def po_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(language, path) of every `<root>/<lang>/LC_MESSAGES/<domain>.po`, core first."""
    if not root.is_dir():
        return
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        messages = lang_dir / "LC_MESSAGES"
        if not messages.is_dir():
            continue
        for path in sorted(messages.glob("*.po"), key=_domain_order):
            yield lang_dir.name, path


class PoSyntaxError(ValueError):
    """A `.po` file that Babel would misread (Babel silently repairs some broken lines)."""


_KEYWORD_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*$')
_CONTINUATION = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')


def lint_po(text: str) -> list[tuple[int, str]]:
    """(line, reason) for lines that are not a comment, a keyword with one quoted string, or
    a quoted continuation. Babel's parser drops the last character of an unterminated
    string instead of failing, so this check runs before it."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _KEYWORD_LINE.match(stripped) or _CONTINUATION.match(stripped):
            continue
        problems.append((number, f"not a valid .po line: {stripped[:60]!r}"))
    return problems


def read_entries(path: Path, language: str) -> list[Entry]:
    """Every message of one `.po` file (the header excluded). Raises on a syntax error."""
    problems = lint_po(path.read_text(encoding="utf-8"))
    if problems:
        number, reason = problems[0]
        raise PoSyntaxError(f"{path}:{number}: {reason}")
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None, domain=path.stem, abort_invalid=True)
    out = []
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.id, (tuple, list)):
            msgid, plural = message.id[0], message.id[1]
            strings = tuple(message.string or ())
        else:
            msgid, plural = message.id, None
            strings = (message.string or "",)
        lineno = int(getattr(message, "lineno", 0) or 0)
        out.append(Entry(language, path.stem, path, lineno, msgid, plural,
                         tuple(s or "" for s in strings), message.fuzzy))
    return out


def load(root: Path = LOCALE_DIR) -> CatalogSet:
    """Parse every `.po` under `root`, merge domains per language, compile to GNUTranslations."""
    result = CatalogSet(root=root)
    merged: dict[str, Catalog] = {}
    for language, path in po_files(root):
        entries = read_entries(path, language)
        result.entries.extend(entries)
        catalog = merged.setdefault(language, Catalog(locale=_babel_language(language),
                                                      domain="merged"))
        per_lang = result.index
        for entry in entries:
            if not entry.translated:
                continue
            current = per_lang.setdefault(entry.msgid, {}).get(language)
            if current is not None:
                if current.strings != entry.strings:
                    result.conflicts.append((current, entry))
                continue
            per_lang[entry.msgid][language] = entry
            if entry.msgid_plural is not None:
                catalog.add((entry.msgid, entry.msgid_plural), entry.strings)
            else:
                catalog.add(entry.msgid, entry.strings[0])
    for language, catalog in merged.items():
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        result.translations[language] = gettext.GNUTranslations(buffer)
    return result


def _babel_language(language: str) -> str | None:
    """Babel locale for a catalog folder name; None when Babel does not know it."""
    from babel.core import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language))
    except (UnknownLocaleError, ValueError):
        return None
