"""The bulk path of matching decides exactly what the per-row path decides.

`Matcher(rules, bulk=False)` decides every payment one by one through `Decider.decide`
in booking order; the default bulk path takes the common, non-interacting cases in
columnar form (`matching/bulk.py`). Both must give the same results (status, score,
allocations, reasons, customer), the same invoices afterwards and the same credits, on
the generator's statements and on small random statements full of collisions: shared
amounts, two payments for one invoice, typos, RF references, another customer's
reference, amounts off the minor unit, other currencies.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payments_generator import generate

from backoffice_auto.payments.matching.bulk import Todo
from backoffice_auto.payments.matching.engine import Matcher
from backoffice_auto.payments.matching.records import Customer, OpenInvoice, Payment
from backoffice_auto.payments.matching.refs import Extractor, TypoIndex, column_keys, keys_of, near_keys, rf_reference
from backoffice_auto.payments.rules_model import MatchingRules

D = Decimal
DAY = date(2026, 11, 10)


def both(payments, invoices, customers, rules=None, locked=()):
    rules = rules or MatchingRules()
    bulk = Matcher(rules).run(payments, invoices, customers, locked)
    rows = Matcher(rules, bulk=False).run(payments, invoices, customers, locked)
    return bulk, rows


def assert_same(bulk, rows):
    assert [r.transaction_id for r in bulk.results] == [r.transaction_id for r in rows.results]
    for a, b in zip(bulk.results, rows.results):
        assert a == b, (a, b)
    assert bulk.invoices == rows.invoices
    assert bulk.credits == rows.credits
    assert bulk.posted_count == rows.posted_count == sum(r.posted for r in rows.results)
    status = {r.transaction_id: r.status for r in rows.results}
    assert all(status[tid] == s for tid, s in bulk.bulk_status().items())  # decided in the run, as built later


@pytest.mark.parametrize("seed", [0, 3, 11])
def test_generated_statements_bulk_equals_per_row(seed):
    gen = generate(seed=seed, payments=500)
    bulk, rows = both(gen.payments, gen.invoices, gen.customers)
    assert_same(bulk, rows)
    assert bulk.bulk_rows > 0  # the bulk path took part of the statement


def test_generated_statement_with_locked_and_a_condition_bulk_equals_per_row():
    gen = generate(seed=5, payments=300)
    locked = [p.transaction_id for p in gen.payments[::7]]
    assert_same(*both(gen.payments, gen.invoices, gen.customers, locked=locked))
    rules = MatchingRules(auto_post_when="amount < 3000")
    assert_same(*both(gen.payments, gen.invoices, gen.customers, rules=rules))


CUSTOMERS = [Customer("C1", "Acme Trading s.r.o.", ("CZ6508000000192000145399",)),
             Customer("C2", "Beta Logistics GmbH", ("CZ5508000000001234567899",)),
             Customer("C3", "Gamma Foods S.L.", ("CZ6508000000192000145399",)),  # shares C1's account
             Customer("C4", "Acme Trading", ())]  # a name like C1's
IBANS = [None, "CZ6508000000192000145399", "CZ5508000000001234567899", "DE89370400440532013000"]
NAMES = [None, "ACME TRADING SRO", "Beta Logistics", "Gamma Foods", "Someone Else"]
NUMBERS = ["INV-2026-00011", "INV-2026-00012", "INV-2026-00021", "INV-2026-00112", "FA-2026-0042", "INV-2026-00013"]
AMOUNTS = ["100.00", "100.00", "50.00", "150.00", "99.00", "250.00", "100.004", "0.00", "-20.00"]


@st.composite
def statements(draw):
    invoices, used = [], set()
    for _ in range(draw(st.integers(1, 6))):
        number = draw(st.sampled_from(NUMBERS))
        if number in used:
            continue
        used.add(number)
        total = D(draw(st.sampled_from(AMOUNTS[:6] + ["33.333", "100.00"])))
        paid = D(draw(st.sampled_from(["0", "0", "0", "40.00", "100.00"])))
        issue = DAY - timedelta(days=draw(st.integers(0, 40)))
        discount = D(draw(st.sampled_from(["0", "0", "2.00"])))
        due = draw(st.sampled_from([issue + timedelta(days=30), issue + timedelta(days=30), None]))
        invoices.append(OpenInvoice(number, draw(st.sampled_from(["C1", "C2", "C3", "C4"])),
                                    draw(st.sampled_from(["EUR", "EUR", "EUR", "CZK"])), total, paid,
                                    draw(st.sampled_from([issue, issue, None])), due, discount,
                                    issue + timedelta(days=10) if discount else None))
    payments = []
    for i in range(draw(st.integers(1, 8))):
        target = draw(st.sampled_from(invoices)) if invoices and draw(st.booleans()) else None
        number = target.invoice_number if target else draw(st.sampled_from(NUMBERS))
        text = draw(st.sampled_from([None, "{n}", "Invoice {n}", "rf", "typo", "{n}, INV-2026-00012", "VS 202600011",
                                     "rent", "{n} part"]))
        if text == "rf":
            text = rf_reference(number)
        elif text == "typo":
            text = number[:-2] + number[-1] + number[-2]
        elif text is not None:
            text = text.format(n=number)
        amount = D(draw(st.sampled_from(AMOUNTS + ["98.00", "200.00", "60.00"])))
        if target is not None and target.open_amount > 0 and draw(st.booleans()):
            amount = target.open_amount  # pays it exactly
        payments.append(Payment(f"T{i}", DAY + timedelta(days=draw(st.integers(-45, 200))), amount,
                                draw(st.sampled_from(["EUR", "EUR", "EUR", "CZK"])), draw(st.sampled_from(NAMES)),
                                draw(st.sampled_from(IBANS)), text))
    return payments, invoices


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements())
def test_random_small_statements_bulk_equals_per_row(case):
    payments, invoices = case
    assert_same(*both(payments, invoices, CUSTOMERS))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements(), st.sampled_from([60, 85, 95]), st.sampled_from([30, 60, 75]), st.sampled_from([40, 50, 70]),
       st.sampled_from([10, 25]))
def test_random_small_statements_bulk_equals_per_row_under_other_rules(case, auto, suggest, typo, partial):
    """Thresholds and weights where the score decides between posted, suggested and unmatched."""
    payments, invoices = case
    # a suggest threshold above the auto one is refused by `rules check` (nothing could be suggested)
    rules = MatchingRules.model_validate({"auto_threshold": auto, "suggest_threshold": min(suggest, auto),
                                          "weights": {"reference_typo": typo, "amount_partial": partial}})
    assert_same(*both(payments, invoices, CUSTOMERS, rules=rules))


def _own(number, customer, total, paid="0", due_days=30):
    return OpenInvoice(number, customer, "EUR", D(total), D(paid), DAY - timedelta(days=5),
                       DAY + timedelta(days=due_days))


def _pay(tid, day, amount, iban, text=None, name=None):
    return Payment(tid, DAY + timedelta(days=day), D(amount), "EUR", name, iban, text)


C2_IBAN = "CZ5508000000001234567899"


def test_own_account_payments_are_decided_in_columns_as_one_by_one():
    """A customer paying one invoice from its own account, no reference: taken in columns
    (also when its other items add up past the amount but no subset reaches it), with the
    same results as one by one; left to the per-row path when a subset reaches it too."""
    customers = [Customer("C1", "Acme", ("CZ6508000000192000145399",))] + CUSTOMERS[1:2]
    c1 = "CZ6508000000192000145399"
    for others, status in ((("20.00", "45.00"), "matched"), (("20.00", "30.00"), "suggested")):
        invoices = [_own("INV-2026-00011", "C2", "100.00"), _own("INV-2026-00012", "C2", "70.00"),
                    _own("INV-2026-00013", "C2", "45.00"), _own("FA-2026-0042", "C1", "50.00"),
                    _own("FA-2026-0043", "C1", others[0]), _own("FA-2026-0044", "C1", others[1])]
        payments = [_pay("T1", 1, "70.00", C2_IBAN),  # its other items below it: 45 < 70
                    _pay("T2", 2, "50.00", "DE89370400440532013000"),  # amount only, after T1
                    _pay("T3", 3, "50.00", c1)]  # 20 + 45 pass 50, but no subset makes it
        bulk, rows = both(payments, invoices, customers)
        assert_same(bulk, rows)
        assert [r.status for r in bulk.results] == ["matched", "suggested", status]
        assert bulk.per_row == (0 if status == "matched" else 1)


def test_own_account_payments_of_one_customer_are_taken_in_rounds():
    """The second payment sees the first one's invoice paid: 40 + 60 no longer make 100."""
    invoices = [_own("INV-2026-00011", "C2", "60.00"), _own("INV-2026-00012", "C2", "40.00"),
                _own("INV-2026-00013", "C2", "100.00")]
    payments = [_pay("T1", 1, "60.00", C2_IBAN), _pay("T2", 2, "100.00", C2_IBAN)]
    bulk, rows = both(payments, invoices, CUSTOMERS)
    assert_same(bulk, rows)
    assert [r.status for r in bulk.results] == ["matched", "matched"]
    assert bulk.per_row == 0


def test_own_account_decision_goes_back_when_a_payment_before_it_touches_the_customer():
    invoices = [_own("INV-2026-00011", "C2", "100.00"), _own("INV-2026-00012", "C2", "50.00"),
                _own("FA-2026-0042", "C1", "50.00")]
    for first in ("INV-2026-00012 part", "INV-2026-00011 part"):
        payments = [_pay("T1", 1, "20.00", C2_IBAN, first),  # a partial payment by reference, per row
                    _pay("T2", 2, "50.00", C2_IBAN),  # from the own account: relied on C2's items
                    _pay("T3", 3, "50.00", None)]  # amount only: relied on T2 paying INV-2026-00012
        bulk, rows = both(payments, invoices, CUSTOMERS)
        assert_same(bulk, rows)
        assert bulk.handed_back >= 1
    payments.append(_pay("T4", 4, "30.00", C2_IBAN))  # a second own-account payment of C2: handed back too
    bulk, rows = both(payments, invoices, CUSTOMERS)
    assert_same(bulk, rows)
    assert bulk.per_row == 4  # and T3 too: T1 changed the open amount it relied on


def test_the_first_of_several_payments_naming_one_invoice_is_paid_in_bulk():
    """Two payments name one invoice exactly: the first (in booking order) pays it in bulk and
    the later one finds it paid, as one by one; a payment before both that posts to the
    invoice sends the first back to the per-row path."""
    invoices = [_own("INV-2026-00011", "C2", "100.00"), _own("INV-2026-00012", "C2", "50.00")]
    payments = [_pay("T1", 1, "100.00", C2_IBAN, "INV-2026-00011"),
                _pay("T2", 2, "100.00", C2_IBAN, "INV-2026-00011 again")]
    bulk, rows = both(payments, invoices, CUSTOMERS)
    assert_same(bulk, rows)
    assert [r.status for r in bulk.results] == ["matched", "unmatched"]
    assert bulk.per_row == 1  # T2 only
    before = [_pay("T0", 0, "100.00", C2_IBAN)] + payments  # from C2's account, no reference: pays it first
    bulk, rows = both(before, invoices, CUSTOMERS)
    assert_same(bulk, rows)
    assert bulk.handed_back >= 1


# --------------------------------------------------------------------------- the columnar pieces


FRAGMENTS = ["INV-2026-00012", "inv 2026/0012", "RF18 5390 0754 7034", rf_reference("INV-2026-00012"), "VS: 0012",
             "/INV/FA-2026-0042/", "referencia: AB-12/34", " 0042 ", "ıſß", "é", "\n\x1f\n", "\x1f", "INV-2026-",
             "0", "a", " ", "-", "RF", "00012"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join), max_size=12),
       st.lists(st.sampled_from(["invoice_number", "digits", "structured"]), min_size=12, max_size=12))
def test_column_keys_equal_keys_of(texts, kinds):
    kinds = kinds[:len(texts)]
    assert column_keys(texts, kinds) == keys_of(pd.Series(texts, dtype=object),
                                                pd.Series(kinds, dtype=object)).tolist()
    for kind in ("invoice_number", "digits"):
        assert column_keys(texts, kind) == keys_of(pd.Series(texts, dtype=object), kind).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=5).map("".join), max_size=30),
       st.integers(1, 7))
def test_extract_columns_finds_what_each_text_alone_gives(texts, chunk):
    ex = Extractor(MatchingRules())
    ex.CHUNK = chunk  # many chunk borders and separators
    ts, kinds, names, raws = ex.extract_columns(texts)
    expected = []
    for t, text in enumerate(texts):
        text = (text or "")[: ex.max_text].upper()
        for name, kind, pattern in ex.patterns:
            expected += [(t, kind, name, raw) for raw in ex._one(pattern, text)]
    assert list(zip(ts, kinds, names, raws)) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("AB12", min_size=5, max_size=11).map("N:".__add__), max_size=40),
       st.lists(st.text("AB12", min_size=4, max_size=12).map("N:".__add__), max_size=20))
def test_near_keys_equal_the_typo_index(keys, queries):
    queries = queries + keys[:3] + ["D:12345678"]
    assert near_keys(keys, queries, 8) == TypoIndex(keys, 8).lookup_many(queries)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["T1", "T2", "T10", "t1", "Ť3", "", "T1 "]), st.integers(0, 3),
                          st.sampled_from(["1.00", "-1.00", "0", "2.50"])), max_size=15),
       st.sets(st.sampled_from(["T1", "T2", "x"])))
def test_booking_order_is_the_plain_sort(rows, locked):
    payments = [Payment(tid, DAY + timedelta(days=d), D(a), "EUR") for tid, d, a in rows]
    plain = sorted((p for p in payments if p.amount > 0 and p.transaction_id not in locked),
                   key=lambda p: (p.booking_date or date.min, p.transaction_id))
    assert Todo.build(payments, frozenset(locked)).payments == plain


def test_candidates_give_every_payment_its_evidence_in_the_order_given():
    """`Matcher.candidates` (the bulk step alone): one evidence per payment, its references'
    invoices named; a payment with nothing to go on shares its payer's empty record."""
    invoices = [_own("INV-2026-00011", "C2", "100.00"), _own("INV-2026-00012", "C2", "50.00")]
    payments = [_pay("T1", 1, "100.00", C2_IBAN, "INV-2026-00011"), _pay("T2", 2, "50.00", C2_IBAN),
                _pay("T3", 3, "50.00", C2_IBAN, "thanks")]
    found = Matcher(MatchingRules()).candidates(payments, invoices, CUSTOMERS)
    assert [sorted(ev.refs) for ev in found] == [["INV-2026-00011"], [], []]
    assert [ev.payer_customers for ev in found] == [("C2",)] * 3
    assert found[1] is found[2]
