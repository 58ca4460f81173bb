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

The limits, value kinds, operators and functions live in `exprlib.py`.

`record.field` reads a key of a mapping in the context (a customer record), never a
Python attribute; names starting with `_` are refused everywhere.
"""

from __future__ import annotations

import ast
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from functools import lru_cache
from typing import Annotated, Any, Iterable, Mapping

import simpleeval
from pydantic import AfterValidator, BeforeValidator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.exprlib import (DECIMAL_CONTEXT, ExpressionError, FUNCTIONS, LITERALS, MAX_DEPTH,
                                          MAX_EXPONENT, MAX_LENGTH, MAX_NODES, MAX_SECONDS, OPERATORS,
                                          OPERATOR_SYMBOLS, _kind, normalise)

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
