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


# ------------------------------------------------------------------ no internal name in a message

#: snake_case words that may appear in a message: rule keys and values the admin or clerk
#: writes themselves (a rule file's key, a review workbook's choice), never a field's name.
WRITTEN_BY_PEOPLE = {
    "credit_note",  # a value of the review workbook's "Document type" column
    "existing_order",  # rules/orders.yaml key, named in the message that says how to amend
    "debtor_accounts",  # rules/payables.yaml key
    "auto_post_when",  # rules/payments.yaml key
    "add_days",  # a function of the rules' expression language
    "skip_lines",  # rules/bank/*.yaml key, named in the message that says where the header row is looked for
    "side_words",  # rules/bank/*.yaml key, named in the message that refuses a side column's unknown word
    "period_anchor",  # rules/payroll.yaml key, named in the message that refuses a timesheet that is no pay period
    "date_format",  # rules/bank/*.yaml key, named in the message refusing slash dates that read both ways
}
_SNAKE = re.compile(r"(?<![\w./{<-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w/}>])")


def internal_field_names() -> set[str]:
    """The vocabulary's field names a clerk never writes (`order_id`, `unit_price`, ...)."""
    from backoffice_auto.books.schema import TABLES
    from backoffice_auto.documents.inputs import INPUT_DOCUMENTS

    names: set[str] = set()
    for table in TABLES.values():
        names |= set(table.field_names)
    for fields in INPUT_DOCUMENTS.values():
        names |= {getattr(f, "name", f) for f in fields}
    return {n for n in names if "_" in n}


def internal_names_in(text: str) -> list[str]:
    """The internal identifiers a message shows: snake_case words other than rule keys people write.

    Paths, rule keys in dotted form (`limits.max_file_mb`) and environment variables are not
    words of this kind (they are preceded by `.` or `/`, or upper case)."""
    return [w for w in _SNAKE.findall(text) if w not in WRITTEN_BY_PEOPLE]


def assert_no_internal_names(inputs: Iterable[Path], problems_of: Callable) -> None:
    """No problem produced by a real input shows a field's internal name, in any of the five
    languages (the inputs' own names, a file or mapping, may hold underscores: they are the
    clerk's words)."""
    fields = internal_field_names()
    for path in inputs:
        for problem in problems_of(path):
            for language in ("en", "cs", "pl", "es", "fr"):
                text = problem.text(language)
                shown = [w for w in _SNAKE.findall(text) if w in fields]
                assert not shown, (path.name, language, text)
