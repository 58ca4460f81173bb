"""Employees a timesheet names by their name, not their number: `Jana Nováková`, `Nováková Jana`,
`NOVAKOVA`, a sheet named `Nováková`.

A clerk keeping one sheet per person often writes the person's name where the number would
be (a `Name:` cell above the table, or the sheet's name). A name is matched to the books
without regard to case, accents or the order of its words; a single word to the one
employee whose surname (the name's last word) it is. A name that fits two employees, or
none, fits nobody: the row stays as written and is refused as not in the books.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

__all__ = ["NameMatcher"]

_SPLIT = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode()
    return tuple(w for w in _SPLIT.split(text.lower()) if w)


class NameMatcher:
    """The books' employees by name, for finding whom a written name means."""

    def __init__(self, employees: Mapping[str, Mapping[str, Any]]):
        self._names: dict[tuple[str, ...], set[str]] = {}
        self._surnames: dict[str, set[str]] = {}
        for key, row in employees.items():
            name = row.get("name")
            words = _words(name) if isinstance(name, str) else ()
            if len(words) < 2:
                continue
            self._names.setdefault(tuple(sorted(words)), set()).add(key)
            self._surnames.setdefault(words[-1], set()).add(key)

    def find(self, written: str | None) -> str | None:
        """The one employee `written` names, else None."""
        if not isinstance(written, str) or not self._names:
            return None
        words = _words(written)
        found = self._names.get(tuple(sorted(words)), set()) if len(words) >= 2 else (
            self._surnames.get(words[0], set()) if len(words) == 1 and not words[0].isdigit() else set())
        return next(iter(found)) if len(found) == 1 else None
