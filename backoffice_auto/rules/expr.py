"""The small safe expression language of rule files (conditions and formulas).

Admins write `quantity * unit_price > 1000 and customer.priority <= 2`; the service must
evaluate it without ever handing Python to a text file. So:

* the text is parsed by `ast` and checked against a *whitelist* of node kinds when the
  rule file is loaded (`compile_expression`), so `rules check` reports syntax errors,
  unknown names and forbidden constructs with their column, before any job runs;
* evaluation goes through a restricted `simpleeval.SimpleEval` whose node table,
  operators, functions and names are all ours: numbers are `Decimal` (the literal's
  digits, never a float), strings stay strings, and nothing reaches Python attributes;
* size is bounded (text length, node count, nesting, exponent) and so is time (no loops
  exist, and a deadline is checked at every node anyway).

`record.field` reads a key of a mapping in the context (a customer record), never a
Python attribute; names starting with `_` are refused everywhere.
"""

from __future__ import annotations

import ast
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import (ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation,
                     Overflow, localcontext)
from functools import lru_cache
from typing import Annotated, Any, Callable, Iterable, Mapping

import simpleeval
from pydantic import AfterValidator, BeforeValidator

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


# ---------------------------------------------------------------------------------------
# Compile-time check


_ALLOWED = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.UnaryOp, ast.Compare,
            ast.IfExp, ast.Call, ast.Constant, ast.Name, ast.Attribute, ast.Tuple, ast.List,
            ast.Load)

_FORBIDDEN_NAMES = {
    ast.Subscript: N_("subscripts like x[...] are not allowed"),
    ast.Lambda: N_("lambda is not allowed"),
    ast.ListComp: N_("comprehensions are not allowed"),
    ast.SetComp: N_("comprehensions are not allowed"),
    ast.DictComp: N_("comprehensions are not allowed"),
    ast.GeneratorExp: N_("comprehensions are not allowed"),
    ast.JoinedStr: N_("f-strings are not allowed"),
    ast.NamedExpr: N_("assignment is not allowed"),
    ast.Starred: N_("'*' arguments are not allowed"),
    ast.Dict: N_("mappings {...} are not allowed"),
    ast.Set: N_("sets {...} are not allowed"),
}


def _char_offset(text: str, node: ast.AST) -> int:
    """ast columns count UTF-8 bytes; messages count characters."""
    byte_offset = getattr(node, "col_offset", 0) or 0
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _suggest(word: str, choices: Iterable[str]) -> str | None:
    from backoffice_auto.rules.suggest import closest

    return closest(word, choices)


def _dotted(node: ast.AST) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


class _Checker:
    def __init__(self, text: str, names: frozenset[str] | None):
        self.text = text
        self.names = names
        self.roots = None if names is None else frozenset(n.split(".")[0] for n in names)
        self.count = 0
        self.used: set[str] = set()

    def fail(self, node: ast.AST, message: str, hint: str | None = None, **params):
        raise ExpressionError(message, hint, _char_offset(self.text, node), **params)

    def check_internals(self, tree: ast.AST) -> None:
        """First, and over the whole tree: a reach for internals is named as such."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                self.check_name_text(node, node.id)
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                self.fail(node, N_("'.{name}' is not allowed: no access to internals"), name=node.attr)

    def check(self, node: ast.AST, depth: int = 0) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, N_("expression is too complex (more than {limit} parts)"), limit=MAX_NODES)
        if depth > MAX_DEPTH:
            self.fail(node, N_("expression is nested too deeply (more than {limit} levels)"),
                      limit=MAX_DEPTH)
        if type(node) in _FORBIDDEN_NAMES:
            self.fail(node, _FORBIDDEN_NAMES[type(node)])
        if isinstance(node, (ast.operator, ast.unaryop, ast.cmpop)):
            return self.check_operator(node)
        if not isinstance(node, _ALLOWED):
            self.fail(node, N_("'{construct}' is not allowed in an expression"),
                      construct=type(node).__name__)
        check = getattr(self, "check_" + type(node).__name__, None)
        if check is not None and check(node, depth) is False:
            return
        for child in ast.iter_child_nodes(node):
            self.check(child, depth + 1)

    def check_operator(self, node: ast.AST) -> None:
        if type(node) not in OPERATORS:
            symbol = OPERATOR_SYMBOLS.get(type(node), type(node).__name__)
            self.fail(node, N_("operator '{op}' is not allowed"), op=symbol)

    def check_BinOp(self, node: ast.BinOp, depth: int):
        self.check_operator(node.op)
        if isinstance(node.op, ast.Pow):
            exponent = node.right
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, (ast.USub, ast.UAdd)):
                exponent = exponent.operand
            if isinstance(exponent, ast.BinOp) and isinstance(exponent.op, ast.Pow):
                self.fail(node, N_("powers of powers (a ** b ** c) are not allowed"))
            if isinstance(exponent, ast.Constant) and isinstance(exponent.value, Decimal) and (
                    abs(exponent.value) > MAX_EXPONENT):
                self.fail(exponent, N_("exponent must be a whole number between -{limit} and {limit}"),
                          limit=MAX_EXPONENT)

    def check_UnaryOp(self, node: ast.UnaryOp, depth: int):
        self.check_operator(node.op)

    def check_Compare(self, node: ast.Compare, depth: int):
        for op in node.ops:
            self.check_operator(op)

    def check_Constant(self, node: ast.Constant, depth: int):
        if not isinstance(node.value, (str, Decimal, bool, type(None))):
            self.fail(node, N_("this kind of literal is not allowed"))

    def check_Name(self, node: ast.Name, depth: int):
        self.check_name_text(node, node.id)
        if node.id in LITERALS:
            return
        if node.id in FUNCTIONS:
            self.fail(node, N_("'{name}' is a function: call it as {name}(...)"), name=node.id)
        self.used.add(node.id)
        if self.roots is not None and node.id not in self.roots:
            self.unknown_name(node, node.id, self.roots)

    def check_name_text(self, node: ast.AST, name: str) -> None:
        if name.startswith("_"):
            self.fail(node, N_("'{name}' is not allowed: names starting with '_' are internal"),
                      name=name)

    def unknown_name(self, node: ast.AST, name: str, known: Iterable[str]) -> None:
        known = sorted(known)
        suggestion = _suggest(name, known)
        if suggestion:
            self.fail(node, N_("unknown name '{name}'"), N_("did you mean '{suggestion}'?"),
                      name=name, suggestion=suggestion)
        self.fail(node, N_("unknown name '{name}'"), N_("known names: {known}"), name=name,
                  known=", ".join(known) or "-")

    def check_Attribute(self, node: ast.Attribute, depth: int):
        if node.attr.startswith("_"):
            self.fail(node, N_("'.{name}' is not allowed: no access to internals"), name=node.attr)
        parts = _dotted(node)
        if parts is None:
            self.fail(node, N_("'.{name}' can only follow a record name, like customer.priority"),
                      name=node.attr)
        for part in parts:
            self.check_name_text(node, part)
        root = parts[0]
        if root in FUNCTIONS or root in LITERALS:
            self.fail(node, N_("'.{name}' can only follow a record name, like customer.priority"),
                      name=node.attr)
        self.used.add(root)
        if self.names is not None:
            if root not in self.roots:
                self.unknown_name(node, root, self.roots)
            # When the rule declares fields of this record (customer.priority), check them too.
            declared = {n for n in self.names if n.startswith(root + ".")}
            full = ".".join(parts)
            if declared and root not in self.names and not any(
                    full == d or full.startswith(d + ".") or d.startswith(full + ".") for d in declared):
                self.unknown_name(node, full, declared)
        return False  # children are part of the dotted name, already checked

    def check_Call(self, node: ast.Call, depth: int):
        func = node.func
        if not isinstance(func, ast.Name):
            if isinstance(func, ast.Attribute):
                self.fail(func, N_("methods cannot be called; use a function like lower(x)"))
            self.fail(func, N_("only named functions can be called"))
        self.check_name_text(func, func.id)
        if func.id not in FUNCTIONS:
            self.fail(func, N_("unknown function '{name}'"), N_("allowed functions: {allowed}"),
                      name=func.id, allowed=", ".join(sorted(FUNCTIONS)))
        if node.keywords:
            self.fail(node, N_("named arguments are not allowed"))
        _, low, high = FUNCTIONS[func.id]
        if not low <= len(node.args) <= high:
            count = str(low) if low == high else f"{low}-{high}"
            self.fail(func, N_("{name}() takes {count} argument(s), got {given}"),
                      name=func.id, count=count, given=len(node.args))
        for arg in node.args:
            self.check(arg, depth + 1)
        return False


class _Decimalise(ast.NodeTransformer):
    """Numeric literals become Decimal built from their own digits: `0.1` is exactly 0.1."""

    def __init__(self, text: str):
        self.text = text

    def visit_Constant(self, node: ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float, complex)):
            return node
        if isinstance(value, complex):
            raise ExpressionError(N_("this kind of literal is not allowed"),
                                  offset=_char_offset(self.text, node))
        digits = ast.get_source_segment(self.text, node) or repr(value)
        try:
            number = Decimal(digits.replace("_", ""))
        except InvalidOperation:  # 0x1F, 0o17, 0b101
            number = Decimal(int(digits, 0))
        return ast.copy_location(ast.Constant(value=number), node)


# ---------------------------------------------------------------------------------------
# Evaluation


class _Evaluator(simpleeval.SimpleEval):
    """simpleeval with our node table: anything not listed here cannot be evaluated."""

    def __init__(self):
        super().__init__(operators=OPERATORS,
                         functions={name: spec[0] for name, spec in FUNCTIONS.items()},
                         names=self._lookup)
        self.nodes = {
            ast.Expression: lambda node: self._eval(node.body),
            ast.Name: self._lookup,
            ast.UnaryOp: self._eval_unaryop,
            ast.BinOp: self._eval_binop,
            ast.BoolOp: self._eval_boolop,
            ast.Compare: self._eval_compare,
            ast.IfExp: self._eval_ifexp,
            ast.Call: self._eval_call,
            ast.Attribute: self._eval_field,
            ast.Constant: self._eval_constant,
            ast.Tuple: lambda node: tuple(self._eval(e) for e in node.elts),
            ast.List: lambda node: tuple(self._eval(e) for e in node.elts),
        }
        self.context: Mapping[str, Any] = {}
        self.deadline = 0.0
        self.current: ast.AST | None = None

    def start(self, context: Mapping[str, Any], deadline: float) -> "_Evaluator":
        self.context, self.deadline, self.current = context, deadline, None
        return self

    def _eval(self, node):
        if time.monotonic() > self.deadline:
            raise ExpressionError(N_("expression took too long to evaluate"))
        self.current = node
        handler = self.nodes.get(type(node))
        if handler is None:  # cannot happen after the compile-time check
            raise ExpressionError(N_("'{construct}' is not allowed in an expression"),
                                  construct=type(node).__name__)
        return handler(node)

    def _lookup(self, node: ast.Name):
        name = node.id
        if name in LITERALS:
            return LITERALS[name]
        try:
            return normalise(self.context[name])
        except KeyError:
            pass
        suggestion = _suggest(name, [k for k in self.context if isinstance(k, str)])
        raise ExpressionError(N_("unknown name '{name}'"),
                              N_("did you mean '{suggestion}'?") if suggestion else None,
                              name=name, suggestion=suggestion or "")

    def _eval_field(self, node: ast.Attribute):
        record = self._eval(node.value)
        if not isinstance(record, Mapping):
            raise ExpressionError(N_("'{name}' is a {kind}, not a record with fields"),
                                  name=ast.unparse(node.value), kind=_kind(record))
        if node.attr not in record:
            suggestion = _suggest(node.attr, [k for k in record if isinstance(k, str)])
            raise ExpressionError(N_("'{record}' has no field '{name}'"),
                                  N_("did you mean '{suggestion}'?") if suggestion else None,
                                  record=ast.unparse(node.value), name=node.attr,
                                  suggestion=suggestion or "")
        return normalise(record[node.attr])

    # Operands first, then the operation: an error is reported at the operation's column.

    def _eval_call(self, node: ast.Call):
        func = self.functions[node.func.id]
        args = [self._eval(a) for a in node.args]
        self.current = node
        return func(*args)

    def _eval_binop(self, node: ast.BinOp):
        left, right = self._eval(node.left), self._eval(node.right)
        self.current = node
        return self.operators[type(node.op)](left, right)

    def _eval_unaryop(self, node: ast.UnaryOp):
        operand = self._eval(node.operand)
        self.current = node
        return self.operators[type(node.op)](operand)

    def _eval_compare(self, node: ast.Compare):
        right = self._eval(node.left)
        for operation, comparator in zip(node.ops, node.comparators):
            left, right = right, self._eval(comparator)
            self.current = node
            if not self.operators[type(operation)](left, right):
                return False
        return True


_local = threading.local()


def _evaluator() -> _Evaluator:
    """One evaluator per thread, reused: building simpleeval's tables costs more than a rule."""
    evaluator = getattr(_local, "evaluator", None)
    if evaluator is None:
        evaluator = _local.evaluator = _Evaluator()
    return evaluator


@dataclass(frozen=True)
class Expression:
    """A checked expression; `evaluate()` may be called any number of times, from any thread."""

    text: str
    tree: ast.Expression = field(repr=False, compare=False)
    names: frozenset[str]  # record names it reads (roots of dotted names)

    def evaluate(self, context: Mapping[str, Any]) -> Any:
        """The value of the expression for one record; raises `ExpressionError` when it fails.

        Numbers in the result are `Decimal`. Errors carry the column of the failing part.
        """
        evaluator = _evaluator().start(context, time.monotonic() + MAX_SECONDS)
        try:
            with localcontext(DECIMAL_CONTEXT):
                return evaluator._eval(self.tree)
        except ExpressionError as exc:
            if exc.offset is None and evaluator.current is not None:
                exc.offset = _char_offset(self.text, evaluator.current)
            raise
        except DivisionByZero:
            raise ExpressionError(N_("division by zero"),
                                  offset=_char_offset(self.text, evaluator.current)) from None
        except Overflow:
            raise ExpressionError(N_("number too large"),
                                  offset=_char_offset(self.text, evaluator.current)) from None
        except InvalidOperation:
            raise ExpressionError(N_("invalid arithmetic (such as 0 / 0)"),
                                  offset=_char_offset(self.text, evaluator.current)) from None
        except (TypeError, ValueError, OverflowError, RecursionError) as exc:
            raise ExpressionError(N_("cannot evaluate: {detail}"), detail=str(exc)[:200],
                                  offset=_char_offset(self.text, evaluator.current)) from None
        finally:
            evaluator.context = {}  # do not keep the record alive

    def __str__(self) -> str:
        return self.text


def compile_expression(text: str, names: Iterable[str] | None = None) -> Expression:
    """Check and prepare an expression; raises `ExpressionError` with the column on refusal.

    `names` are the names the rule offers (record fields, `customer`, `today`...); dotted
    entries (`customer.priority`) also check fields. None means any name is accepted now
    and looked up at evaluation.
    """
    return _compile(text, None if names is None else frozenset(names))


@lru_cache(maxsize=4096)
def _compile(text: str, names: frozenset[str] | None) -> Expression:
    if not isinstance(text, str):
        raise ExpressionError(N_("an expression must be text"))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(N_("expression is too long ({length} characters, at most {limit})"),
                              offset=MAX_LENGTH, length=len(text), limit=MAX_LENGTH)
    # A YAML block or folded scalar may span lines; the language has no line structure.
    flat = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    stripped = flat.lstrip()
    lead = len(flat) - len(stripped)
    if not stripped.strip():
        raise ExpressionError(N_("the expression is empty"), offset=0)
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        detail = (exc.msg or "invalid syntax").split(" (")[0]
        if not exc.offset:  # Python gives no column when the text stops half-way
            raise ExpressionError(N_("the expression ends too early"),
                                  offset=len(stripped.rstrip()) + lead) from None
        raise ExpressionError(N_("syntax error: {detail}"), offset=exc.offset - 1 + lead,
                              detail=detail) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(N_("syntax error: {detail}"), offset=0, detail="cannot parse") from None
    try:
        tree = _Decimalise(stripped).visit(tree)
        checker = _Checker(stripped, names)
        checker.check_internals(tree)
        checker.check(tree)
    except ExpressionError as exc:
        if exc.offset is not None:
            exc.offset += lead
        raise
    except RecursionError:
        raise ExpressionError(N_("expression is nested too deeply (more than {limit} levels)"),
                              offset=0, limit=MAX_DEPTH) from None
    return Expression(text, tree, frozenset(checker.used))


# ---------------------------------------------------------------------------------------
# In rule-file models


def _as_text(value: Any) -> Any:
    """YAML reads `5` and `true` as a number and a boolean; as an expression they are text."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return value


def _validate(text: str) -> str:
    compile_expression(text)
    return text


ExprStr = Annotated[str, BeforeValidator(_as_text), AfterValidator(_validate)]
"""A rule-file value that is an expression: stored as its text, checked when loaded."""


def expr_with_names(names: Iterable[str]):
    """`ExprStr` that also refuses names outside `names` (reported at load time, with column)."""
    frozen = frozenset(names)

    def validate(text: str) -> str:
        compile_expression(text, frozen)
        return text

    return Annotated[str, BeforeValidator(_as_text), AfterValidator(validate)]
