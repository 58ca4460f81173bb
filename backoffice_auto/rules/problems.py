"""What `rules check` reports: a place in a rule file, a message and an optional hint.

Messages are English gettext msgids (domain `rules`) with `{named}` placeholders, kept
beside their parameters so the same problem renders in the admin's language and is logged
in English. `RuleValueError` is how validators (expressions, settings checks) hand a
translatable message, a hint and a column inside the value back to the loader through
pydantic, which only passes exceptions along.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from backoffice_auto.errors import Problem, Source, format_message

_fmt = format_message


def _translate(msgid: str, language: str) -> str:
    if language == "en":
        return msgid
    from backoffice_auto.i18n import translate

    return translate(msgid, language)


class RuleValueError(ValueError):
    """A bad value in a rule file, with a translatable message and an optional hint.

    `offset` is a 0-based character position inside the value (an expression's column),
    so the loader can point at the exact character on the line.
    """

    def __init__(self, message: str, hint: str | None = None, offset: int | None = None,
                 **params: Any):
        self.message = message
        self.hint = hint
        self.offset = offset
        self.params = params
        super().__init__(self.text())

    def text(self, language: str = "en") -> str:
        return _fmt(_translate(self.message, language), self.params)

    def hint_text(self, language: str = "en") -> str | None:
        if not self.hint:
            return None
        return _fmt(_translate(self.hint, language), self.params)

    def __str__(self) -> str:
        text = self.text()
        hint = self.hint_text()
        return f"{text} ({hint})" if hint else text


class Said(str):
    """A word of ours put into a message as a value (`nothing`, `a list`): English when made,
    translated with the message when the problem is shown in another language."""


def _params_in(language: str, params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _translate(v, language) if isinstance(v, Said) else v for k, v in params.items()}


@dataclass(frozen=True)
class RuleProblem:
    """One problem in one rule file; `file` is relative to the workspace (`rules/orders.yaml`)."""

    file: str
    line: int
    col: int
    message: str  # English text, placeholders filled
    hint: str | None = None
    msgid: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    hint_msgid: str | None = None

    @classmethod
    def make(cls, file: str, line: int, col: int, msgid: str, hint: str | None = None,
             **params: Any) -> "RuleProblem":
        return cls(file, line, col, _fmt(msgid, params), _fmt(hint, params) if hint else None,
                   msgid, dict(params), hint)

    def text(self, language: str = "en") -> str:
        if not self.msgid or language == "en":
            return self.message
        return _fmt(_translate(self.msgid, language), _params_in(language, self.params))

    def hint_text(self, language: str = "en") -> str | None:
        if not self.hint_msgid or language == "en":
            return self.hint
        return _fmt(_translate(self.hint_msgid, language), _params_in(language, self.params))

    def render(self, language: str = "en") -> str:
        """`rules/orders.yaml:12:5: unknown key 'ship_complet' (did you mean 'ship_complete'?)`."""
        out = f"{self.file}:{self.line}:{self.col}: {self.text(language)}"
        hint = self.hint_text(language)
        return f"{out} ({hint})" if hint else out

    def as_json(self, language: str = "en") -> dict:
        return {"file": self.file, "line": self.line, "col": self.col,
                "message": self.text(language), "hint": self.hint_text(language)}

    def to_problem(self) -> Problem:
        """The same problem as a generic `errors.Problem` (journal, mail to the admin).

        The hint is left out: `Problem` carries one msgid; `render()` here is the full form.
        """
        return Problem(self.msgid or self.message,
                       Source(self.file, row=self.line, column=str(self.col)), dict(self.params))
