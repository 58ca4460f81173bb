"""One expression over many records at once, for the common shapes; the rest per record.

A payment run evaluates its hold and priority conditions for 100,000 bills; through the
evaluator (`Expression.evaluate`) that is some 15 microseconds a bill and a condition. Most
rule conditions are comparisons of record fields with literals joined by `and`/`or`/`not`
(`bill.total > 49000 and supplier.country != 'CZ'`), which can be worked out a column at a
time. `evaluate_many` does that and answers, for each record, either the value or
`UNSURE`: the caller then evaluates that record with `Expression.evaluate` (the
reference), which also produces the error message. So the bulk path never decides
anything the reference would decide differently; a property test compares the two.

What is done a column at a time, with the reference's meaning:

* literals (numbers are Decimal already), `true`/`false`/`none`, names of the shared
  context (`today`), and `record.field` of the records (each value as `normalise` gives it);
  `-x` and `+x` of a number (anything else is `UNSURE`);
* `==` and `!=` (never an error); `<`, `<=`, `>`, `>=` on two numbers, two texts, or two
  dates (a date and a date-time never compare); any other pair is `UNSURE` (the reference
  raises there);
* chained comparisons (`a < b <= c`) stop at the first false one, as the reference does;
* `and`/`or` give the deciding operand, short-circuited: an operand that is not reached
  cannot make a record `UNSURE`; `not x` is `not x`.

Anything else (arithmetic, functions, `in`, `if ... else`, a field of a field) makes the
whole expression unsupported: `evaluate_many` returns None and the caller uses the
reference for every record.
"""

from __future__ import annotations

import ast
import operator
from datetime import date, datetime
from decimal import Decimal, localcontext
from typing import Any, Callable, Mapping, Sequence

from backoffice_auto.rules.expr import Expression
from backoffice_auto.rules.exprlib import DECIMAL_CONTEXT, LITERALS, normalise


class _Unsure:
    """A record the bulk path does not decide (the reference evaluates it)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSURE"


UNSURE: Any = _Unsure()

_ORDER: dict[type, Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}


class Unsupported(Exception):
    """The expression has a part the bulk path does not do."""


# Column = list of values, one per record (UNSURE where undecided).
Column = list
FieldColumn = Callable[[str, str], Sequence[Any]]  # (record name, field) -> raw values


def _comparable(a: Any, b: Any) -> bool:
    """`_order`'s test in exprlib: both numbers, both texts, or both dates of one kind."""
    ta, tb = type(a), type(b)
    if ta is Decimal and tb is Decimal:
        return True
    if ta is str and tb is str:
        return True
    if isinstance(a, date) and isinstance(b, date):
        return isinstance(a, datetime) == isinstance(b, datetime)
    return False


def _order_column(op: Callable[[Any, Any], bool], left: Column, right: Column) -> Column:
    return [UNSURE if a is UNSURE or b is UNSURE or not _comparable(a, b) else op(a, b)
            for a, b in zip(left, right)]


def _equal_column(left: Column, right: Column, negate: bool) -> Column:
    return [UNSURE if a is UNSURE or b is UNSURE else ((a != b) if negate else (a == b))
            for a, b in zip(left, right)]


class _Bulk:
    def __init__(self, n: int, records: frozenset[str], field_column: FieldColumn, shared: Mapping[str, Any]):
        self.n, self.records, self.field_column, self.shared = n, records, field_column, shared

    def constant(self, value: Any) -> Column:
        return [value] * self.n

    def eval(self, node: ast.AST) -> Column:
        kind = type(node)
        if kind is ast.Expression:
            return self.eval(node.body)
        if kind is ast.Constant:
            if not isinstance(node.value, (Decimal, str, bool, type(None))):
                raise Unsupported
            return self.constant(node.value)
        if kind is ast.Name:
            if node.id in LITERALS:
                return self.constant(LITERALS[node.id])
            if node.id in self.shared and node.id not in self.records:
                value = normalise(self.shared[node.id])
                if not isinstance(value, (Decimal, str, bool, date, type(None))):
                    raise Unsupported
                return self.constant(value)
            raise Unsupported
        if kind is ast.Attribute:
            if not isinstance(node.value, ast.Name) or node.value.id not in self.records:
                raise Unsupported
            values = self.field_column(node.value.id, node.attr)  # KeyError: unknown field
            return [normalise(v) for v in values]
        if kind is ast.Compare:
            return self.compare(node)
        if kind is ast.BoolOp:
            return self.boolop(node)
        if kind is ast.UnaryOp and isinstance(node.op, ast.Not):
            return [v if v is UNSURE else (not v) for v in self.eval(node.operand)]
        if kind is ast.UnaryOp and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign = operator.neg if isinstance(node.op, ast.USub) else operator.pos
            with localcontext(DECIMAL_CONTEXT):  # as the reference rounds
                return [sign(v) if type(v) is Decimal else UNSURE for v in self.eval(node.operand)]
        raise Unsupported

    def compare(self, node: ast.Compare) -> Column:
        """Chained like the reference: the first false comparison ends it (later operands unread)."""
        result: Column = [True] * self.n
        left = self.eval(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator)
            if type(op) in _ORDER:
                step = _order_column(_ORDER[type(op)], left, right)
            elif type(op) is ast.Eq:
                step = _equal_column(left, right, negate=False)
            elif type(op) is ast.NotEq:
                step = _equal_column(left, right, negate=True)
            else:
                raise Unsupported
            # a record already false stays false whatever this step would say
            result = [r if r is False or r is UNSURE else s for r, s in zip(result, step)]
            left = right
        return result

    def boolop(self, node: ast.BoolOp) -> Column:
        """The deciding operand: `and` stops at the first falsy one, `or` at the first truthy one."""
        is_and = isinstance(node.op, ast.And)
        out: Column = [None] * self.n
        open_rows = list(range(self.n))  # records whose value is not decided yet
        for value_node in node.values:
            values = self.eval(value_node)
            still = []
            for i in open_rows:
                v = values[i]
                out[i] = v
                if v is UNSURE:
                    continue  # undecided: the reference takes it from here
                if (not v) if is_and else bool(v):
                    continue  # decided by this operand
                still.append(i)
            open_rows = still
            if not open_rows:
                break
        return out


def evaluate_many(expression: Expression, n: int, records: Sequence[str], field_column: FieldColumn,
                  shared: Mapping[str, Any] | None = None) -> list | None:
    """The value of `expression` for each of `n` records, or `UNSURE` where the caller must
    evaluate that record with `expression.evaluate`; None when the expression has a part the
    bulk path does not do (evaluate every record then).

    `records` are the names whose fields differ per record (`bill`, `supplier`);
    `field_column(record, field)` gives that field's raw values for all `n` records and
    raises KeyError for a field the records do not have; `shared` holds the names whose
    value is the same for every record (`today`).
    """
    bulk = _Bulk(n, frozenset(records), field_column, shared or {})
    try:
        return bulk.eval(expression.tree)
    except (Unsupported, KeyError, RecursionError, ArithmeticError):
        return None


def conditions_many(expression: Expression, n: int, records: Sequence[str], field_column: FieldColumn,
                    shared: Mapping[str, Any] | None = None) -> list | None:
    """`evaluate_many` for a condition: True/False per record, `UNSURE` where the result is not
    a true/false value (the reference refuses those) or undecided; None when unsupported."""
    values = evaluate_many(expression, n, records, field_column, shared)
    if values is None:
        return None
    return [v if isinstance(v, bool) else UNSURE for v in values]
