"""The columnar building blocks of a matching run give what their plain one-by-one forms give.

`columns.minor_units` converts 100,000 amounts at once (exact products, one sum instead of a
comparison per amount): it must give `to_minor`'s integers and say "on the unit" exactly
when the amount is, for any odd value a record can hold. `NameIndex.singles_out` skips the
names that cannot reach the threshold: it must agree with `best()`. `Todo.build` takes a
shortcut when the ids already come in order: the booking order must be the plain sort's.
The amount-only bulk decision hands amounts beyond its sorted keys to the per-row path.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_payments_matching_bulk import CUSTOMERS, assert_same, both

from backoffice_auto.money import minor_digits, to_minor
from backoffice_auto.payments.matching.bulk import Todo
from backoffice_auto.payments.matching.columns import minor_units
from backoffice_auto.payments.matching.names import NameIndex
from backoffice_auto.payments.matching.records import OpenInvoice, Payment
from backoffice_auto.payments.matching.standing import Pending, Standing

D = Decimal
DAY = date(2026, 11, 10)


def plain_minor(amount, currency) -> tuple[int, bool]:
    """One amount the plain way: `to_minor` (0 where it fails), "on the unit" only for a
    Decimal that `to_minor(exact=True)` takes, and anything from 2**62 on given as 0, off."""
    try:
        minor_digits(currency)
    except (ValueError, TypeError):
        return 0, False
    try:
        value = to_minor(amount, currency)
    except (ValueError, TypeError, ArithmeticError):
        value = 0
    try:
        on_unit = isinstance(amount, Decimal) and to_minor(amount, currency, exact=True) == value
    except (ValueError, TypeError, ArithmeticError):
        on_unit = False
    if not -2**62 < value < 2**62:
        return 0, False
    return value, on_unit


ODD = [D("NaN"), D("-NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), D("0"), D("-0.00"), D("1E+999998"),
       D("1E-999998"), D("1." + "0" * 40 + "1"), D("1234567890123456789012345678.901"), D("46116860184273879.03"),
       D("46116860184273879.04"), D("-46116860184273879.04"), D("0.001"), D("0.005"), D("1.0E+2"), D("12.3400"),
       5, 2.5, "1.00", None]


amounts = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=1, max_value=10**20, places=3),
    st.integers(-10**25, 10**25).map(lambda n: D(n).scaleb(-2)),
    st.sampled_from(ODD),
)
currencies = st.sampled_from(["EUR", "EUR", "JPY", "BHD", "eur", "ZZZ", None])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(amounts, currencies), max_size=12), st.booleans())
def test_minor_units_equal_to_minor_one_by_one(rows, one_currency):
    if one_currency:
        rows = [(a, "EUR") for a, _ in rows]
    values, codes = [a for a, _ in rows], [c for _, c in rows]
    minor, exact = minor_units(values, codes)
    assert list(zip(minor.tolist(), exact.tolist())) == [plain_minor(a, c) for a, c in rows]


def test_minor_units_of_amounts_all_on_the_unit_and_one_just_off():
    values = [D(n).scaleb(-2) for n in range(1, 2000)]
    minor, exact = minor_units(values, ["EUR"] * len(values))
    assert minor.tolist() == list(range(1, 2000)) and exact.all()
    values[700] = D("7.015")  # a fraction in one amount only: the sum check must see it
    minor, exact = minor_units(values, ["EUR"] * len(values))
    assert [(m, e) for m, e in zip(minor.tolist(), exact.tolist())] == [plain_minor(a, "EUR") for a in values]
    assert not exact[700]



def test_an_amount_of_more_digits_than_the_usual_context_is_worked_exactly():
    """Times 100 in 28 digits, `12345.6700000000000000000000001` would round onto the unit:
    the conversion works exactly, whatever the context's precision."""
    values = [D(n).scaleb(-2) for n in range(1, 500)] + [D("12345.6700000000000000000000001"),
                                                          D("-0.019999999999999999999999999999")]
    minor, exact = minor_units(values, ["EUR"] * len(values))
    assert [(m, e) for m, e in zip(minor.tolist(), exact.tolist())] == [plain_minor(a, "EUR") for a in values]
    assert exact.tolist()[-2:] == [False, False]

@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-10**12, 10**12), min_size=1, max_size=60),
       st.lists(st.tuples(st.integers(0, 59), st.sampled_from(ODD[:19] + [D("0.004"), D("-7.015"), D("-0.5")])),
                max_size=3), st.sampled_from(["EUR", "JPY", "BHD"]))
def test_minor_units_of_both_signs_with_some_off_the_unit(units, odd, currency):
    """Credits and debits on the unit (one exact sum per sign), a few odd values among them."""
    values = [D(n).scaleb(-minor_digits(currency)) for n in units]
    for k, value in odd:
        values[k % len(values)] = value
    minor, exact = minor_units(values, [currency] * len(values))
    assert list(zip(minor.tolist(), exact.tolist())) == [plain_minor(a, currency) for a in values]


class LoudDecimal(Decimal):
    """A Decimal subclass with arithmetic of its own: converted one by one, as plain Decimals are."""

    def __add__(self, other):
        return D(0)

    __radd__ = __add__


def test_minor_units_of_a_decimal_subclass():
    values = [D("1.00"), LoudDecimal("2.005"), D("3.00")]
    minor, exact = minor_units(values, ["EUR"] * 3)
    assert list(zip(minor.tolist(), exact.tolist())) == [plain_minor(a, "EUR") for a in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["T1", "T2", "T10"]), st.integers(0, 3),
                          st.sampled_from([D("1.00"), D("-1.00"), D("0"), D("0.004"), D("-0.004"), D("2.5"),
                                           D("1.005"), D("0.00"), 5, D("1E+3")]),
                          st.sampled_from(["EUR", "EUR", "JPY", "ZZZ", None])), max_size=15),
       st.sets(st.sampled_from(["T1", "x"])))
def test_credits_told_by_minor_units_are_the_plain_filter(rows, locked):
    """`Todo.build` tells credits by the minor units' sign where the amount is on the unit,
    by `amount > 0` elsewhere: the same payments as the plain filter and sort, and the
    columns are `minor_units` of them in booking order."""
    payments = [Payment(tid, DAY + timedelta(days=d), a, c) for tid, d, a, c in rows]
    plain = sorted((p for p in payments if p.amount > 0 and p.transaction_id not in locked),
                   key=lambda p: (p.booking_date, p.transaction_id))
    todo = Todo.build(payments, frozenset(locked))
    assert todo.payments == plain
    known = all(c in ("EUR", "JPY") for c in (p.currency for p in plain))
    assert (todo.columns is not None) == known
    if todo.columns is not None:
        minor, exact = minor_units([p.amount for p in plain], [p.currency for p in plain])
        assert todo.columns.amount_minor.tolist() == minor.tolist()
        assert todo.columns.exact.tolist() == exact.tolist()
        assert todo.columns.currency.tolist() == [p.currency for p in plain]
        assert todo.columns.day.tolist() == [p.booking_date.toordinal() for p in plain]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([D("0"), D("12.34"), D("-1.005"), D("1E+3")]),
       st.sampled_from([None, DAY]), st.sampled_from([D("0"), D("2.00")]))
def test_records_with_slots_copy_pickle_and_compare_as_before(paid, due, discount):
    """The records hold their fields in slots (read faster in bulk): `with_paid` is
    `dataclasses.replace`, and pickling, equality, hashing and immutability still hold."""
    import dataclasses
    import pickle

    import pytest

    from backoffice_auto.payments.matching.records import with_paid

    inv = OpenInvoice("INV-1", "C1", "EUR", D("100.00"), D("1.00"), DAY, due, discount, due)
    assert with_paid(inv, paid) == dataclasses.replace(inv, paid=paid)
    assert with_paid(inv, paid).paid is paid and inv.paid == D("1.00")
    pay = Payment("T1", DAY, D("100.00"), "EUR", "Acme", "CZ00", "INV-1", "E2E")
    for record in (inv, with_paid(inv, paid), pay):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record and hash(copy) == hash(record) and type(copy) is type(record)
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.currency = "CZK"  # type: ignore[misc]
        assert not hasattr(record, "__dict__")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([None, DAY, date(1, 1, 1), date(9999, 12, 31)]), max_size=8))
def test_day_ordinals_read_from_the_records_are_the_plain_ones(days):
    from backoffice_auto.payments.matching.columns import day_ordinals

    invoices = [OpenInvoice(f"INV-{i}", "C1", "EUR", D("1.00"), D("0"), d, d) for i, d in enumerate(days)]
    ordinals, there = day_ordinals([inv.due_date for inv in invoices], -1)
    assert ordinals.tolist() == [d.toordinal() if d else -1 for d in days]
    assert (there is None and None not in days) or there.tolist() == [d is not None for d in days]


WORDS = ["acme", "trading", "s.r.o.", "gmbh", "beta", "acme2", "foods", "12345", "ıſß", "Ācme", "ac", "logistics"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join), max_size=8),
       st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join), st.integers(50, 100))
def test_singles_out_agrees_with_best(customer_names, payer, threshold):
    index = NameIndex({f"C{i}": name for i, name in enumerate(customer_names)})
    best = index.best(payer)
    assert index.singles_out(payer, threshold) == (best is not None and best[1] >= threshold)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["1.00", "-1.00", "2.50"])), max_size=15),
       st.lists(st.sampled_from(["T1", "T1", "T2", "T10", "Ť3", "t"]), max_size=15))
def test_booking_order_of_ids_already_in_order_is_the_plain_sort(rows, ids):
    ids = sorted(ids + ["T9"] * max(0, len(rows) - len(ids)))[:len(rows)]  # ascending, with repeats
    payments = [Payment(tid, DAY + timedelta(days=d), D(a), "EUR") for tid, (d, a) in zip(ids, rows)]
    plain = sorted((p for p in payments if p.amount > 0), key=lambda p: (p.booking_date, p.transaction_id))
    assert Todo.build(payments, frozenset()).payments == plain


def test_amounts_beyond_the_sorted_keys_are_decided_one_by_one_alike():
    huge = D(2**53).scaleb(-2)  # 2**53 cents: past the amount keys' range
    invoices = [OpenInvoice("INV-1", "C1", "EUR", huge, D(0), DAY, DAY + timedelta(days=30)),
                OpenInvoice("INV-2", "C2", "EUR", D("100.00"), D(0), DAY, DAY + timedelta(days=30))]
    payments = [Payment("T1", DAY, huge, "EUR", "Someone Else", None, "rent"),
                Payment("T2", DAY, D("100.00"), "EUR", "Someone Else", None, None)]
    bulk, rows = both(payments, invoices, CUSTOMERS)
    assert_same(bulk, rows)
    assert [r.status for r in rows.results] == ["suggested", "suggested"]


def test_booking_order_over_more_days_than_16_bits_hold():
    days = [date(9000, 1, 1), DAY, date(1900, 1, 1), DAY, date(1, 1, 1)]
    payments = [Payment(f"T{i}", d, D("1.00"), "EUR") for i, d in enumerate(days)]
    plain = sorted(payments, key=lambda p: (p.booking_date, p.transaction_id))
    assert Todo.build(payments, frozenset()).payments == plain


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join), max_size=10), st.integers(1, 3))
def test_name_buckets_hold_each_customer_once_per_word(customer_names, max_bucket):
    from backoffice_auto.payments.matching.names import normalise_name

    names = {f"C{i}": name for i, name in enumerate(customer_names)}
    plain: dict[str, list[str]] = {}
    for cid, name in names.items():
        for word in sorted(set(normalise_name(name).split())):
            if len(word) >= 3:
                plain.setdefault(word, []).append(cid)
    expected = {w: ids for w, ids in plain.items() if len(ids) <= max_bucket}
    index = NameIndex(names, max_bucket)
    assert {w: list(index._ids(w)) for w in index.buckets} == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(-3, 3), st.integers(-2**62, 2**62), st.integers(0, 2**40)), max_size=40))
def test_stable_order_is_numpys_stable_argsort(values):
    import numpy as np

    from backoffice_auto.payments.matching.columns import stable_order

    keys = np.array(values, dtype=np.int64)
    assert stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.lists(st.tuples(st.sampled_from(["get", "set", "del", "list"]), st.integers(0, 13),
                                              st.integers(0, 50)), max_size=40))
def test_pending_holds_what_a_dict_of_number_to_position_holds(count, operations):
    """`bulk.Pending` keeps the bulk payments' positions by invoice position; the engine and
    `typo_only` read and change it as the dict of invoice number -> position it replaces."""
    numbers = [f"INV-{i}" for i in range(count)]
    plain: dict[str, int] = {}
    pending = Pending(dict(zip(numbers, range(count))), numbers, np.full(count, -1, dtype=np.int64))
    for op, which, t in operations:
        number = f"INV-{which}"  # beyond `count`: a number that is no open invoice's
        if op == "get":
            assert pending.get(number) == plain.get(number)
            assert pending.get(number, 99) == plain.get(number, 99)
            assert (number in pending) == (number in plain)
        elif op == "set" and which < count:
            pending[number] = t
            plain[number] = t
        elif op == "del" and number in plain:
            del pending[number]
            del plain[number]
        elif op == "list":
            assert sorted(pending) == sorted(plain)
            assert sorted(pending.values()) == sorted(plain.values())
            assert len(pending) == len(plain)
            copied = pending.copy()
            copied[numbers[0]] = 77
            assert pending.get(numbers[0]) == plain.get(numbers[0])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.lists(st.tuples(st.sampled_from(["get", "set", "all"]), st.integers(0, 9),
                                             st.integers(0, 500)), max_size=30))
def test_standing_reads_and_writes_as_the_dict_of_every_invoice(count, operations):
    """`standing.Standing` (the invoices as they came in, plus the run's changes) answers as the
    dict of every invoice the run's state held; `as_dict` is that dict, in the invoices' order."""
    invoices = [OpenInvoice(f"INV-{i}", "C1", "EUR", D(100 + i)) for i in range(count)]
    plain = {inv.invoice_number: inv for inv in invoices}
    standing = Standing({inv.invoice_number: i for i, inv in enumerate(invoices)}, invoices)
    for op, which, paid in operations:
        number = f"INV-{which}"  # beyond `count`: no invoice's number
        if op == "get":
            assert standing.get(number) == plain.get(number)
            assert (number in standing) == (number in plain)
            if number in plain:
                assert standing[number] == plain[number]
        elif op == "set" and number in plain:
            changed = OpenInvoice(number, "C1", "EUR", plain[number].total, D(paid) / 100)
            standing[number] = changed
            plain[number] = changed
        elif op == "all":
            assert list(standing.as_dict().items()) == list(plain.items())
            assert len(standing) == len(plain)
