"""Regular expressions from rule files, run with a time bound.

An admin's pattern meets a clerk's text: `(?:\\d|\\d)+X` takes Python's `re` about 50 hours
on a 40-digit reference. Patterns from rules are therefore compiled with the `regex`
package (which also gives up early on many of these shapes) and every search runs with a
timeout; a search that hits it raises `PatternTimeout`, which the job turns into a refusal
of that one file naming the pattern. At load, `check_pattern` refuses a pattern that is
too long, invalid, or already too slow on a few short plain texts (the obvious
catastrophic ones), so most mistakes are caught by `rules check` with file:line:col.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import regex

from backoffice_auto.i18n import N_
from backoffice_auto.rules.problems import RuleValueError

__all__ = ["MAX_PATTERN_LENGTH", "SEARCH_SECONDS", "PatternTimeout", "BoundedPattern", "compile_pattern",
           "check_pattern"]

MAX_PATTERN_LENGTH = 400
SEARCH_SECONDS = 2.0  # one search over one document's text
_PROBE_SECONDS = 0.05  # at load: a plain pattern answers these probes in microseconds
_PROBES = tuple(s * 40 for s in ("1", "a", " ", "1 ", "a1", "1.", "-", "\n")) + ("1" * 40 + "\n" + "a" * 40,)


class PatternTimeout(Exception):
    """A rule's pattern took longer than `SEARCH_SECONDS` on one text."""

    def __init__(self, pattern: str, template: str | None = None):
        super().__init__(pattern)
        self.pattern = pattern
        self.template = template


class BoundedPattern:
    """A compiled `regex` pattern whose every search is bounded in time."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, compiled: regex.Pattern, pattern: str):
        self._compiled = compiled
        self.pattern = pattern

    @property
    def groupindex(self):
        return self._compiled.groupindex

    @property
    def groups(self) -> int:
        return self._compiled.groups

    def search(self, text: str, pos: int = 0):
        try:
            return self._compiled.search(text, pos, timeout=SEARCH_SECONDS)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def finditer(self, text: str) -> Iterator:
        try:
            return iter(list(self._compiled.finditer(text, timeout=SEARCH_SECONDS)))
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def sub(self, replacement: str, text: str) -> str:
        try:
            return self._compiled.sub(replacement, text, timeout=SEARCH_SECONDS)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None


@lru_cache(maxsize=512)
def compile_pattern(pattern: str, flags: int = regex.MULTILINE) -> BoundedPattern:
    return BoundedPattern(regex.compile(pattern, flags), pattern)


_CATASTROPHIC_HINT = N_("do not repeat a group whose alternatives or parts can match the same text, "
                        "like (\\d|\\d)+ or (a+)+")


def _scan(pattern: str) -> Iterator[tuple[int, str]]:
    """(position, character) of the pattern's syntax: escapes and character classes skipped."""
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            yield i, ch
        i += 1


def _repeated_groups(pattern: str) -> Iterator[str]:
    """The body of every group that a quantifier repeats (`(?:\\d|\\d)+` -> `\\d|\\d`)."""
    stack: list[int] = []
    for i, ch in _scan(pattern):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if i + 1 < len(pattern) and pattern[i + 1] in "+*{":
                body = pattern[start + 1:i]
                if body.startswith("?"):
                    body = regex.sub(r"^\?(?:P?<[^>]*>|[:>=!]|[a-zA-Z-]*:)", "", body)
                yield body


def _top_level_branches(body: str) -> list[str]:
    """`a|(b|c)|d` -> `a`, `(b|c)`, `d`."""
    cuts, depth = [], 0
    for i, ch in _scan(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            cuts.append(i)
    edges = [-1, *cuts, len(body)]
    return [body[a + 1:b] for a, b in zip(edges, edges[1:])]


def check_pattern(value: str) -> str:
    """`value` when it is a usable pattern; `RuleValueError` when too long, invalid or too slow.

    Obviously catastrophic shapes are refused from the text alone: a repeated group with
    two identical alternatives (`(?:\\d|\\d)+X`). Others are caught by running the pattern
    on short plain texts with a small time bound.
    """
    if len(value) > MAX_PATTERN_LENGTH:
        raise RuleValueError(N_("a pattern may be at most {limit} characters long"), limit=MAX_PATTERN_LENGTH)
    try:
        compiled = regex.compile(value, regex.MULTILINE)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise RuleValueError(N_("not a valid regular expression: {detail}"), detail=str(exc)) from None
    for body in _repeated_groups(value):
        branches = _top_level_branches(body)
        if len(branches) != len(set(branches)):
            raise RuleValueError(N_("the group ({group}) is repeated and two of its alternatives are the same: "
                                    "this can take forever on a long number or word"),
                                 _CATASTROPHIC_HINT, group=body)
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=_PROBE_SECONDS)
        except TimeoutError:
            raise RuleValueError(N_("this pattern takes too long even on a short text such as '{probe}': "
                                    "it could hang on a real document"),
                                 _CATASTROPHIC_HINT, probe=probe[:12] + "\u2026") from None
    return value
