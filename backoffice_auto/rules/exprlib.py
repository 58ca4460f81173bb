"""The expression language's limits, values, operators and functions (what `expr.py`
compiles against and evaluates with): numbers are Decimal, kinds never mix silently, every
function checks its arguments and bounds its result."""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Any, Callable, Mapping

from backoffice_auto.i18n import N_
from backoffice_auto.rules.problems import RuleValueError

MAX_LENGTH = 500  # characters of expression text
MAX_NODES = 200  # syntax-tree nodes
MAX_DEPTH = 50  # nesting of the syntax tree (a + b + c ... nests once per term)
MAX_EXPONENT = 100  # |n| in x ** n
MAX_ROUND_DIGITS = 12
MAX_STRING = 10_000  # characters of a string built by +
MAX_SECONDS = 0.25  # wall-clock budget of one evaluation (a safety net: nothing loops)

# Arithmetic happens in this context: 28 significant digits as Python's default, but
# overflow, division by zero and invalid operations raise instead of giving Infinity/NaN.
DECIMAL_CONTEXT = Context(prec=28, Emax=999_999, Emin=-999_999,
                          traps=[InvalidOperation, DivisionByZero, Overflow])


class ExpressionError(RuleValueError):
    """A refused or failing expression; `offset` is the 0-based column inside the text."""


# ---------------------------------------------------------------------------------------
# Values


def _kind(value: Any) -> str:
    """A type name an admin understands (used in messages)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (Decimal, int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime):
        return "date and time"
    if isinstance(value, date):
        return "date"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "list"
    if isinstance(value, Mapping):
        return "record"
    return "value"


def normalise(value: Any) -> Any:
    """Context values as the language sees them: every number a Decimal.

    Floats are read through `repr` (0.1 stays 0.1) so a stray float does not leak binary
    noise into money; mappings and lists are left as they are and normalised on access.
    """
    kind = type(value)
    if kind is Decimal or kind is str or kind is bool or value is None:  # the usual cases, fast
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal)  # bool is an int, never a Decimal


def _need_number(value: Any, what: str) -> Decimal:
    value = normalise(value)
    if not _is_number(value):
        raise ExpressionError(N_("{what} needs a number, got {kind}"), what=what, kind=_kind(value))
    return value


def _need_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ExpressionError(N_("{what} needs text, got {kind}"), what=what, kind=_kind(value))
    return value


def _need_date(value: Any, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ExpressionError(N_("{what} needs a date, got {kind}"), what=what, kind=_kind(value))


# ---------------------------------------------------------------------------------------
# Operators (numbers are Decimal; mixing kinds is an error, never a silent coercion)


def _arith(symbol: str, fn: Callable[[Decimal, Decimal], Decimal]):
    def apply(a, b):
        a, b = normalise(a), normalise(b)
        if symbol == "+" and isinstance(a, str) and isinstance(b, str):
            if len(a) + len(b) > MAX_STRING:
                raise ExpressionError(N_("text longer than {limit} characters"), limit=MAX_STRING)
            return a + b
        if not (_is_number(a) and _is_number(b)):
            raise ExpressionError(N_("cannot use '{op}' on {left} and {right}"),
                                  op=symbol, left=_kind(a), right=_kind(b))
        return fn(a, b)
    return apply


def _power(a: Decimal, b: Decimal) -> Decimal:
    if b != b.to_integral_value() or abs(b) > MAX_EXPONENT:
        raise ExpressionError(N_("exponent must be a whole number between -{limit} and {limit}"),
                              limit=MAX_EXPONENT)
    return a ** b


def _order(symbol: str, fn: Callable[[Any, Any], bool]):
    def apply(a, b):
        a, b = normalise(a), normalise(b)
        comparable = ((_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str))
                      or (isinstance(a, date) and isinstance(b, date)
                          and isinstance(a, datetime) == isinstance(b, datetime)))
        if not comparable:
            raise ExpressionError(N_("cannot compare {left} and {right} with '{op}'"),
                                  op=symbol, left=_kind(a), right=_kind(b))
        return fn(a, b)
    return apply


def _equal(a, b) -> bool:
    return normalise(a) == normalise(b)


def _contains(container, item) -> bool:
    item = normalise(item)
    if isinstance(container, str):
        return _need_text(item, "'in'") in container
    if isinstance(container, Mapping):
        return item in container
    if isinstance(container, (list, tuple, set, frozenset)):
        return any(normalise(x) == item for x in container)
    raise ExpressionError(N_("'in' needs text or a list on its right, got {kind}"),
                          kind=_kind(container))


def _not(a) -> bool:
    return not a


def _neg(a):
    return -_need_number(a, "'-'")


def _pos(a):
    return +_need_number(a, "'+'")


OPERATORS = {
    ast.Add: _arith("+", lambda a, b: a + b),
    ast.Sub: _arith("-", lambda a, b: a - b),
    ast.Mult: _arith("*", lambda a, b: a * b),
    ast.Div: _arith("/", lambda a, b: a / b),
    ast.FloorDiv: _arith("//", lambda a, b: a // b),
    ast.Mod: _arith("%", lambda a, b: a % b),
    ast.Pow: _arith("**", _power),
    ast.Eq: _equal,
    ast.NotEq: lambda a, b: not _equal(a, b),
    ast.Lt: _order("<", lambda a, b: a < b),
    ast.LtE: _order("<=", lambda a, b: a <= b),
    ast.Gt: _order(">", lambda a, b: a > b),
    ast.GtE: _order(">=", lambda a, b: a >= b),
    ast.In: lambda a, b: _contains(b, a),
    ast.NotIn: lambda a, b: not _contains(b, a),
    ast.Not: _not,
    ast.USub: _neg,
    ast.UAdd: _pos,
}

OPERATOR_SYMBOLS = {ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
                    ast.RShift: ">>", ast.MatMult: "@", ast.Invert: "~", ast.Is: "is",
                    ast.IsNot: "is not"}


# ---------------------------------------------------------------------------------------
# Functions


def _min(*args):
    values = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
    if not values:
        raise ExpressionError(N_("{what} needs at least one value"), what="min()")
    values = [normalise(v) for v in values]
    return min(values, key=_sort_key("min()", values))


def _max(*args):
    values = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
    if not values:
        raise ExpressionError(N_("{what} needs at least one value"), what="max()")
    values = [normalise(v) for v in values]
    return max(values, key=_sort_key("max()", values))


def _sort_key(what: str, values: list) -> Callable[[Any], Any]:
    kinds = {_kind(v) for v in values}
    if len(kinds) > 1 or kinds & {"nothing", "true/false", "list", "record", "value"}:
        raise ExpressionError(N_("{what} needs values of one kind (numbers, text or dates)"),
                              what=what)
    return lambda v: v


def _abs(x):
    return abs(_need_number(x, "abs()"))


def _round(x, digits=Decimal(0)):
    x = _need_number(x, "round()")
    n = _need_number(digits, "round()")
    if n != n.to_integral_value() or not (0 <= n <= MAX_ROUND_DIGITS):
        raise ExpressionError(N_("round() digits must be a whole number from 0 to {limit}"),
                              limit=MAX_ROUND_DIGITS)
    return x.quantize(Decimal(1).scaleb(-int(n)), rounding=ROUND_HALF_UP)


def _int(x):
    if isinstance(x, str):
        x = _number(x)
    return _need_number(x, "int()").to_integral_value(rounding=ROUND_DOWN)


def _number(x):
    if isinstance(x, str):
        try:
            value = Decimal(x.strip().replace(" ", ""))
        except InvalidOperation:
            raise ExpressionError(N_("'{text}' is not a number"), text=x[:40]) from None
        if not value.is_finite():
            raise ExpressionError(N_("'{text}' is not a number"), text=x[:40])
        return value
    return _need_number(x, "number()")


def _len(x):
    if isinstance(x, (str, list, tuple, Mapping)):
        return Decimal(len(x))
    raise ExpressionError(N_("{what} needs text or a list, got {kind}"), what="len()", kind=_kind(x))


def _lower(s):
    return _need_text(s, "lower()").lower()


def _upper(s):
    return _need_text(s, "upper()").upper()


def _startswith(s, prefix):
    return _need_text(s, "startswith()").startswith(_need_text(prefix, "startswith()"))


def _endswith(s, suffix):
    return _need_text(s, "endswith()").endswith(_need_text(suffix, "endswith()"))


def _contains_fn(haystack, needle):
    if isinstance(haystack, str):
        return _need_text(needle, "contains()") in haystack
    if isinstance(haystack, (list, tuple)):
        return _contains(haystack, needle)
    raise ExpressionError(N_("{what} needs text or a list, got {kind}"), what="contains()",
                          kind=_kind(haystack))


def _days_between(a, b):
    return Decimal((_need_date(b, "days_between()") - _need_date(a, "days_between()")).days)


def _add_days(d, n):
    n = _need_number(n, "add_days()")
    if n != n.to_integral_value() or abs(n) > 100_000:
        raise ExpressionError(N_("add_days() needs a whole number of days"))
    try:
        return _need_date(d, "add_days()") + timedelta(days=int(n))
    except OverflowError:
        raise ExpressionError(N_("date out of range")) from None


def _if(cond, a, b):
    return a if cond else b


# name -> (function, min args, max args)
FUNCTIONS: dict[str, tuple[Callable, int, int]] = {
    "min": (_min, 1, 20),
    "max": (_max, 1, 20),
    "abs": (_abs, 1, 1),
    "round": (_round, 1, 2),
    "int": (_int, 1, 1),
    "number": (_number, 1, 1),
    "len": (_len, 1, 1),
    "lower": (_lower, 1, 1),
    "upper": (_upper, 1, 1),
    "startswith": (_startswith, 2, 2),
    "endswith": (_endswith, 2, 2),
    "contains": (_contains_fn, 2, 2),
    "days_between": (_days_between, 2, 2),
    "add_days": (_add_days, 2, 2),
    "if_": (_if, 3, 3),
}

LITERALS = {"True": True, "False": False, "None": None,
            "true": True, "false": False, "none": None}
