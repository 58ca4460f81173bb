""""Did you mean ...?" for misspelt keys, names and file names."""

from __future__ import annotations

import difflib
from typing import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The most similar choice, or None when nothing is close enough to be a typo.

    difflib's ratio is enough for short keys and has no surprises with underscores; a
    case-only difference (`Ship_Complete`) always counts as a match.
    """
    choices = [c for c in choices if isinstance(c, str)]
    if not choices or not isinstance(word, str):
        return None
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    if found:
        return found[0]
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[found[0]] if found else None
