"""Errors as values: where a problem is (a cell, a line, a page) and what it is.

Readers and rules collect `Problem`s instead of raising at the first one, so a clerk sees
every bad cell of a file in one report. A handler that must refuse a whole file raises
`Refusal` carrying the problems. Messages are English gettext msgids with `{named}`
placeholders, translated only when rendered, so one problem can be shown to a Czech clerk
and logged in English.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from backoffice_auto.i18n import N_, NP_
from backoffice_auto.textline import shown

# Longest text of one parameter put into a message: a clerk's cell can hold a megabyte, and
# every message is copied into `.error.txt`, `.error.json`, the log and a notice mail.
MAX_PARAM_CHARS = 200
ELLIPSIS = "\u2026"


def bounded(value: Any, limit: int = MAX_PARAM_CHARS) -> Any:
    """A message parameter cut to `limit` characters (ending in an ellipsis); non-text as it is."""
    if isinstance(value, Source):
        value = value.render()
    if isinstance(value, str):
        value = shown(value)  # a cell's line break or right-to-left override stays out of the message
        if len(value) > limit:
            return value[:limit - 1] + ELLIPSIS
    return value


def format_message(template: str, params: Mapping[str, Any]) -> str:
    """`template` filled with `params`, each bounded; the template itself when they do not fit it.

    The one place where message parameters become text, so no input can put more than
    `MAX_PARAM_CHARS` characters of itself into any message.
    """
    try:
        return template.format(**{k: bounded(v) for k, v in params.items()})
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return template


def column_letter(index: int) -> str:
    """1-based column number to spreadsheet letters (1 -> A, 28 -> AB)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """Spreadsheet letters to the 1-based column number (A -> 1, AB -> 28)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


@dataclass(frozen=True)
class Source:
    """Where something came from: a file and, when known, sheet, row, column, page or line."""

    file: str
    sheet: str | None = None
    row: int | None = None  # 1-based row of a sheet, or line of a text file
    column: str | None = None  # column letters ("B") or a field name
    page: int | None = None  # 1-based PDF page

    def cell(self) -> str | None:
        if self.column and self.row:
            return f"{self.column}{self.row}"
        return None

    def with_cell(self, row: int | None = None, column: str | None = None) -> "Source":
        return Source(self.file, self.sheet, row if row is not None else self.row,
                      column if column is not None else self.column, self.page)

    def render(self) -> str:
        """`orders.xlsx:Orders!B14`, `orders.csv:14`, `invoice.pdf:page 2`, `items.xlsx`; names
        as `textline.shown` puts them on one line."""
        if self.column is None and self.page is None and self.row and self.sheet:
            return f"{shown(self.file)}:{shown(self.sheet)}!{self.row}"  # every line of a 100,000-line file
        out = shown(self.file)
        if self.sheet:
            out += f":{shown(self.sheet)}"
            where = self.cell() or (str(self.row) if self.row else None)
            if where:
                out += f"!{where}"
        elif self.row:
            out += f":{self.row}"
            if self.column:
                out += f":{self.column}"
        if self.page:
            out += f":page {self.page}"
        return out


@dataclass(frozen=True, eq=True)
class Problem:
    """One thing wrong (or worth saying) about an input, with its place."""

    message: str  # English msgid with {placeholders}; translated when rendered
    source: Source | None = None
    params: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=True)
    level: str = "error"  # error | warning | info

    def text(self, language: str = "en") -> str:
        from backoffice_auto.i18n import template

        return format_message(template(self.message, language, self.params),
                              {k: _plain(v, language) for k, v in self.params.items()})

    def render(self, language: str = "en") -> str:
        if self.source is None:
            return self.text(language)
        return f"{self.source.render()}: {self.text(language)}"

    def as_json(self, language: str = "en") -> dict:
        return {
            "level": self.level,
            "text": self.text(language),
            "where": self.source.render() if self.source else None,
        }


def megabytes(size: int) -> Decimal:
    """A file's size in MB to one decimal, for a message (`1,5 MB` in cs): a Decimal, so the
    reader's locale writes it."""
    return (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"))


class Percent(Decimal):
    """A message parameter that is a rate in per cent (`Percent("21")`): `21 %` in cs, `21%` in en."""

    __slots__ = ()


class Label(str):
    """A message parameter that is a msgid itself (a column's name): translated when rendered."""

    __slots__ = ()


def _plain(value: Any, language: str = "en") -> Any:
    """A parameter as the reader writes it: a place rendered, a date, number or rate in their
    language's form (an int stays as it is: rows, lines and counts are not grouped)."""
    if isinstance(value, Source):
        return value.render()
    if isinstance(value, Label) or (isinstance(value, tuple) and value and isinstance(value[0], Label)):
        from backoffice_auto.i18n import translate

        if isinstance(value, tuple):  # several labels: a list in the reader's language
            return ", ".join(translate(v, language) for v in value)
        return translate(value, language)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        from backoffice_auto.i18n import format_date

        return format_date(value, language, "medium")
    if isinstance(value, Percent):
        from backoffice_auto.i18n import format_percent

        return format_percent(value, language)
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        from backoffice_auto.i18n import format_number

        return format_number(value, language)
    return value


class Refusal(Exception):
    """A whole input is refused; carries every problem found, in reading order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.render() for p in self.problems) or "refused")


# Most problems one job lists: a sheet of a million bad rows once made a 56 MB `.error.txt`,
# a 124 MB `.error.json`, a 147 MB notice mail and as many journal and log entries.
MAX_LISTED_PROBLEMS = 500
LEVELS = ("error", "warning", "info")
MORE_PROBLEMS = NP_("{count} more problem in this file is not listed here; correct the ones above and drop "
                    "the file again to see it.",
                    "{count} more problems in this file are not listed here; correct the ones above and drop "
                    "the file again to see the rest.", "count")
MORE_NOTES = NP_("{count} more message about this file is not listed here.",
                 "{count} more messages about this file are not listed here.", "count")


def listed(problems: Iterable[Problem], source: Source | None, limit: int = MAX_LISTED_PROBLEMS) -> list[Problem]:
    """The problems one job reports, in reading order: at most `limit` of each level (so a
    flood of warnings never pushes out a job's closing summary), then one line saying how many
    more there are (an error if any of those is one), placed at `source` (the file)."""
    kept: list[Problem] = []
    seen: dict[str, int] = {}
    dropped: list[str] = []
    for problem in problems:
        seen[problem.level] = seen.get(problem.level, 0) + 1
        if seen[problem.level] <= limit:
            kept.append(problem)
        else:
            dropped.append(problem.level)
    if not dropped:
        return kept
    level = min(dropped, key=lambda name: LEVELS.index(name) if name in LEVELS else len(LEVELS))
    return kept + [Problem(MORE_PROBLEMS if level == "error" else MORE_NOTES, source, {"count": len(dropped)},
                           level=level)]


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
