"""Shared checks of the `tests/errors/<area>/` message catalogues (one small input per message)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

from backoffice_auto.i18n.extract import extract_source


def declared_messages(modules: Iterable[Path]) -> set[str]:
    """Every msgid marked in the given source files."""
    declared: set[str] = set()
    for module in modules:
        uses, _ = extract_source(module.read_text(encoding="utf-8"), module)
        declared |= {use.msgid for use in uses}
    return declared


def assert_every_message_renders_in_every_language(inputs: Iterable[Path], problems_of: Callable) -> None:
    """Each problem's text is translated (differs from English) and has every placeholder filled in."""
    for path in inputs:
        for problem in problems_of(path):
            english = problem.text("en")
            for language in ("cs", "pl", "es", "fr"):
                text = problem.text(language)
                assert not re.search(r"\{[a-z_]+\}", text), (path.name, language, text)  # all filled in
                assert text != english, (path.name, language, text)
