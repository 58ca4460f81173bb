"""The bulk path of a payment run's holds and priorities (`rules.exprbulk`) against the
per-bill reference (`Condition.holds` on each bill's context): on random bills, suppliers
and conditions, every bill the bulk path decides is decided as the reference decides it,
the bills it leaves undecided are the ones the reference refuses or it cannot do, and a
whole run proposes the same transfers and leaves out the same bills for the same reasons."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.payables.model import OpenBill, Payee
from backoffice_auto.rules.expr import ExpressionError
from backoffice_auto.rules.exprbulk import UNSURE, conditions_many, evaluate_many
from backoffice_auto.rules.exprtypes import Condition
from test_payables_run import IBANS, TODAY, run

FIELDS = ("bill.total", "bill.open", "bill.paid", "bill.days_overdue", "bill.currency", "bill.status",
          "bill.due_date", "bill.issue_date", "bill.discount_amount", "bill.hold_reason", "bill.invoice_number",
          "supplier.country", "supplier.priority", "supplier.name", "supplier.on_hold", "supplier.email", "today")
LITERALS = ("0", "100", "49000", "-5", "2.5", "'CZ'", "'EUR'", "'on_hold'", "''", "none", "true", "false",
            "today")
OPS = ("<", "<=", ">", ">=", "==", "!=")
UNSUPPORTED = ("bill.total * 2 > 100", "upper(supplier.country) == 'CZ'", "'CZ' in supplier.country",
               "bill.total if true else 0")


def _atom():
    operand = st.sampled_from(FIELDS + LITERALS)
    compare = st.builds(lambda a, op, b: f"{a} {op} {b}", operand, st.sampled_from(OPS), operand)
    chained = st.builds(lambda a, o1, b, o2, c: f"{a} {o1} {b} {o2} {c}", operand, st.sampled_from(OPS), operand,
                        st.sampled_from(OPS), operand)
    return st.one_of(compare, chained, operand, st.sampled_from(UNSUPPORTED))


conditions = st.recursive(_atom(), lambda inner: st.one_of(
    st.builds(lambda a, b: f"({a}) and ({b})", inner, inner),
    st.builds(lambda a, b: f"({a}) or ({b})", inner, inner),
    st.builds(lambda a: f"not ({a})", inner)), max_leaves=4)

bills = st.builds(
    lambda n, sid, cents, paid, due, issue, status, currency, hold: OpenBill(
        f"B{n}", f"S{sid}", f"INV-{n}", None if issue is None else TODAY - timedelta(days=issue),
        None if due is None else TODAY + timedelta(days=due), currency, Decimal(cents) / 100, Decimal(paid) / 100,
        status=status, hold_reason=hold),
    st.integers(0, 10**6), st.integers(0, 3), st.integers(-10**7, 10**7), st.sampled_from([0, 0, 500]),
    st.one_of(st.none(), st.integers(-40, 40)), st.one_of(st.none(), st.integers(0, 60)),
    st.sampled_from(["scheduled", "on_hold", "proposed"]), st.sampled_from(["EUR", "CZK"]),
    st.one_of(st.none(), st.just("checking")))


def _payee(sid: int, country, priority) -> Payee:
    return Payee(f"S{sid}", f"Supplier {sid}", IBANS[sid % 4], None, None if sid == 2 else f"s{sid}@example.com",
                 "cs", "net 30", priority, sid == 3, country=country)


payees = st.fixed_dictionaries({f"S{i}": st.builds(_payee, st.just(i), st.sampled_from(["CZ", "DE", None]),
                                                   st.one_of(st.none(), st.integers(1, 5))) for i in range(4)})


def _reference(condition: Condition, bill: OpenBill, payee: Payee):
    try:
        return condition.holds({"today": TODAY, "bill": bill.as_context(TODAY), "supplier": payee.as_context()})
    except ExpressionError:
        return UNSURE


def _bulk(condition: Condition, rows: list[tuple[OpenBill, Payee]]):
    def column(record, name):
        if record == "bill":
            return OpenBill.field_values([b for b, _ in rows], name, TODAY)
        return [p.as_context()[name] for _, p in rows]
    return conditions_many(condition.expression, len(rows), ("bill", "supplier"), column, {"today": TODAY})


@settings(max_examples=300, deadline=None)
@given(conditions, st.lists(bills, min_size=1, max_size=12), payees)
def test_bulk_conditions_decide_as_the_reference(text, bill_list, payee_map):
    condition = Condition.compile(text)
    rows = [(b, payee_map[b.supplier_id]) for b in bill_list]
    bulk = _bulk(condition, rows)
    expected = [_reference(condition, b, p) for b, p in rows]
    if bulk is None:  # a part the bulk path does not do: the reference decides every bill
        assert any(u in text for u in ("*", "upper(", " in ", " if "))
        return
    for got, want in zip(bulk, expected):
        if got is not UNSURE:
            assert got is want
        if want is UNSURE:
            assert got is UNSURE  # a bill the reference refuses is never decided in bulk


def test_comparisons_the_reference_refuses_are_left_to_it():
    b = OpenBill("B1", "S0", "INV-1", None, None, "EUR", Decimal("10"), Decimal(0))
    p = _payee(0, None, None)
    for text in ("bill.due_date > today", "supplier.country < 'CZ'", "bill.total > 'x'",
                 "bill.total > 5 and bill.due_date > today"):
        (got,) = _bulk(Condition.compile(text), [(b, p)])
        assert got is UNSURE and _reference(Condition.compile(text), b, p) is UNSURE
    # short-circuit: the refused comparison is never reached, as in the reference
    (got,) = _bulk(Condition.compile("bill.total < 5 and bill.due_date > today"), [(b, p)])
    assert got is False is _reference(Condition.compile("bill.total < 5 and bill.due_date > today"), b, p)


def test_values_of_and_or_are_the_deciding_operand():
    b = OpenBill("B1", "S0", "INV-1", None, None, "EUR", Decimal("10"), Decimal(0))
    p = _payee(0, "CZ", None)
    column = lambda record, name: [b.as_context(TODAY)[name] if record == "bill" else p.as_context()[name]]
    expression = Condition.compile("bill.paid or supplier.country").expression
    assert evaluate_many(expression, 1, ("bill", "supplier"), column) == ["CZ"]
    assert evaluate_many(Condition.compile("bill.paid and supplier.country").expression, 1,
                         ("bill", "supplier"), column) == [Decimal(0)]


hold_texts = st.lists(st.tuples(conditions, st.sampled_from(["large", "foreign", "checking"])), max_size=3)
prio_texts = st.lists(st.tuples(conditions, st.integers(1, 5)), max_size=3)


@settings(max_examples=80, deadline=None)
@given(st.lists(bills, min_size=1, max_size=25, unique_by=lambda b: b.bill_id), payees, hold_texts, prio_texts,
       st.one_of(st.none(), st.integers(0, 10**7)))
def test_a_run_proposes_the_same_with_the_bulk_path_as_with_the_reference(bill_list, payee_map, holds, prios,
                                                                          limit):
    kw = dict(holds=tuple((Condition.compile(t), r) for t, r in holds),
              priorities=tuple((Condition.compile(t), v) for t, v in prios),
              cash_limit={} if limit is None else {"EUR": Decimal(limit) / 100},
              debtor_accounts={"EUR": IBANS[2], "CZK": IBANS[2]}, next_run=date(2026, 12, 20))
    bulk = run(bill_list, payee_map, bulk_conditions=True, **kw)
    reference = run(bill_list, payee_map, bulk_conditions=False, **kw)
    assert bulk == reference


@given(st.fixed_dictionaries({
    "bill_id": st.text(min_size=1, max_size=8), "supplier_id": st.none() | st.text(max_size=6),
    "invoice_number": st.none() | st.text(max_size=8), "issue_date": st.none() | st.dates(),
    "due_date": st.none() | st.dates(), "currency": st.none() | st.sampled_from(["eur", "CZK", ""]),
    "total": st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    "paid": st.none() | st.sampled_from(["", "0", "12.50"]), "discount_date": st.none() | st.dates(),
    "discount_amount": st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    "scheduled_date": st.none() | st.dates(), "status": st.sampled_from(["scheduled", "on_hold", None]),
    "hold_reason": st.none() | st.text(max_size=5)}))
def test_open_bill_from_row_equals_the_constructor(row):
    """`OpenBill.from_row` fills the record without `__init__`: it must equal the record the
    constructor makes from the same values, field for field, and stay frozen."""
    from dataclasses import FrozenInstanceError, fields

    from backoffice_auto.payables.model import _dec

    bill = OpenBill.from_row(row)
    bill_id = str(row["bill_id"])
    made = OpenBill(bill_id, str(row["supplier_id"] or ""), str(row["invoice_number"] or bill_id), row["issue_date"],
                    row["due_date"], str(row["currency"] or "EUR").upper(), _dec(row["total"]), _dec(row["paid"]),
                    row["discount_date"], None if row["discount_amount"] is None else _dec(row["discount_amount"]),
                    row["scheduled_date"], row["status"], row["hold_reason"])
    assert bill == made and hash(bill) == hash(made)
    assert [f.name for f in fields(OpenBill)] == list(vars(bill))
    with pytest.raises(FrozenInstanceError):
        bill.paid = Decimal(0)
