"""`Condition` and `Formula`: rule-file fields that hold an expression, checked at load.

Why a field type: every job that lets admins write `when: bill.total > 10000` needs the
same three things, and they must not be re-invented per job: the text is compiled when
the rule file is loaded (so `rules check` reports a syntax error or an unknown name at
`file:line:col`, with "did you mean"), it is checked against the names the key offers,
and at run time it is evaluated in Decimal with a result of the right kind.

    from backoffice_auto.rules.exprtypes import Condition, Formula, Names

    BILL = Names("bill.total", "bill.currency", "supplier.country", "today")

    class Hold(StrictModel):
        when: Condition[BILL]          # a YAML text (or true/false) -> a compiled Condition
        amount: Formula[BILL] | None = None

    hold.when.holds({"bill": {...}, "supplier": {...}, "today": date(...)})   # -> bool
    hold.amount.value({...})                                                   # -> Decimal

`Names` lists what an expression may read: a plain name (`today`, `gross`), a whole
record (`customer`: any field), or declared fields of a record (`customer.country`: only
those fields; a misspelt field gets a did-you-mean). A run-time failure (division by zero,
a missing field, a text where a number is needed) raises `ExpressionError` with the
column; `Condition.text` and `Formula.text` give the source for the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Iterable, Mapping

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from backoffice_auto.i18n import N_
from backoffice_auto.rules.expr import (Expression, ExpressionError, _as_text, _kind, compile_expression,
                                        normalise)


class Names(frozenset):
    """The names an expression key offers: `Names("order.total", "customer", "today")`."""

    def __new__(cls, *names: str | Iterable[str]) -> "Names":
        flat: list[str] = []
        for entry in names:
            flat.extend([entry] if isinstance(entry, str) else entry)
        return super().__new__(cls, flat)

    def __init__(self, *names: Any) -> None:  # frozenset takes no init arguments
        super().__init__()

    def __or__(self, other: Iterable[str]) -> "Names":
        return Names(self, other)

    def describe(self) -> str:
        """The names as the docs list them: `customer.country, order.total, today`."""
        return ", ".join(sorted(self))


def fields(record: str, names: Iterable[str]) -> Names:
    """`fields("customer", ["country", "priority"])` -> Names("customer.country", "customer.priority")."""
    return Names(f"{record}.{name}" for name in names)


class _Compiled:
    """Shared by `Condition` and `Formula`: the checked expression and its text."""

    __slots__ = ("expression",)
    kind = "expression"

    def __init__(self, expression: Expression):
        self.expression = expression

    @property
    def text(self) -> str:
        return self.expression.text

    @property
    def names(self) -> frozenset[str]:
        """The record names it reads (the roots of dotted names)."""
        return self.expression.names

    def evaluate(self, context: Mapping[str, Any]) -> Any:
        return self.expression.evaluate(context)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.text == self.text  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.text))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"

    def __str__(self) -> str:
        return self.text

    @classmethod
    def compile(cls, text: str, names: Iterable[str] | None = None):
        """Compile outside a model (tests, defaults); `names=None` accepts any name."""
        return cls(compile_expression(_as_text(text), None if names is None else frozenset(names)))

    def __class_getitem__(cls, names: Iterable[str]):
        """`Condition[names]`: the pydantic field type bound to `names`."""
        return Annotated[cls, _Bound(cls, frozenset(names))]


class Condition(_Compiled):
    """A true/false expression (`when:`). `holds(context)` gives a bool."""

    __slots__ = ()
    kind = "condition"

    def holds(self, context: Mapping[str, Any]) -> bool:
        result = self.expression.evaluate(context)
        if isinstance(result, bool):
            return result
        raise ExpressionError(N_("a condition must be true or false, not {kind}"),
                              N_("compare it, for example {text} > 0"), offset=0,
                              kind=_kind(result), text=self.text.strip())


class Formula(_Compiled):
    """A number expression (an amount, a rate). `value(context)` gives a Decimal."""

    __slots__ = ()
    kind = "formula"

    def value(self, context: Mapping[str, Any]) -> Decimal:
        result = normalise(self.expression.evaluate(context))
        if isinstance(result, Decimal):
            return result
        raise ExpressionError(N_("a formula must give a number, not {kind}"), offset=0,
                              kind=_kind(result))


@dataclass(frozen=True)
class _Bound:
    """Pydantic metadata: validate a YAML value into `cls`, compiled against `names`."""

    cls: type[_Compiled]
    names: frozenset[str]

    def validate(self, value: Any) -> _Compiled:
        if isinstance(value, _Compiled):
            value = value.text
        return self.cls(compile_expression(_as_text(value), self.names))

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.text, when_used="always"),
            json_schema_input_schema=core_schema.str_schema())

    def __hash__(self) -> int:
        return hash((self.cls, self.names))
