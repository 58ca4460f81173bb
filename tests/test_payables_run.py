"""Payment runs: holds, priority, cash limit, one transfer per supplier, credit notes netted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.payables.calendar import RunCalendar, RunDays
from backoffice_auto.payables.model import OpenBill, Payee
from backoffice_auto.payables.run import (R_ACCOUNT_CHANGED, R_BILL_HOLD, R_CASH_LIMIT, R_CREDIT_CARRIED,
                                          R_DISPUTED, R_RULE_HOLD, R_SUPPLIER_HOLD, RunSetup, propose)
from backoffice_auto.payables.schedule import Policy, schedule_bills
from backoffice_auto.sepa import account_problem

TODAY = date(2026, 12, 1)  # a Tuesday
IBANS = ["DE89370400440532013000", "FR1420041010050500013M02606", "CZ6508000000192000145399",
         "PL61109010140000071219812874"]


def payee(sid, iban=None, on_hold=False, priority=None):
    return Payee(sid, f"Supplier {sid}", iban or IBANS[int(sid[1:]) % 4], None, f"{sid}@example.com", "cs",
                 "net 30", priority, on_hold)


def bill(bid, sid, total, due=date(2026, 12, 1), number=None, paid="0", status="scheduled", currency="EUR",
         issue=date(2026, 11, 1), hold_reason=None):
    return OpenBill(bid, sid, number or f"INV-{bid}", issue, due, currency, Decimal(total), Decimal(paid),
                    status=status, hold_reason=hold_reason)


def setup(**kw):
    base = dict(run_date=TODAY, next_run=date(2026, 12, 3), cash_limit={}, debtor_accounts={"EUR": IBANS[2]},
                file_currencies=frozenset({"EUR"}), account_problem=account_problem)
    base.update(kw)
    return RunSetup(**base)


def run(bills, payees, **kw):
    s = setup(**kw)
    runs = RunDays.starting(RunCalendar(country="CZ"), s.run_date, s.run_date + timedelta(days=400))
    schedules = schedule_bills(bills, payees, runs, Policy())
    return propose(bills, payees, schedules, s)


def reasons(proposal):
    return {left.bill_id: left.reason for left in proposal.left_out}


def test_several_bills_one_transfer_with_every_invoice_number():
    p = run([bill("B1", "S1", "100.00"), bill("B2", "S1", "50.00"), bill("B3", "S2", "10.00")],
            {"S1": payee("S1"), "S2": payee("S2")})
    assert [(t.supplier_id, t.amount, t.remittance) for t in p.transfers] == [
        ("S1", Decimal("150.00"), "INV-B1, INV-B2"), ("S2", Decimal("10.00"), "INV-B3")]


def test_never_paid_reasons():
    payees = {"S1": payee("S1", on_hold=True), "S2": payee("S2"), "S3": payee("S3")}
    bills = [bill("B1", "S1", "10"), bill("B2", "S2", "10", status="on_hold", hold_reason="price check"),
             bill("B3", "S2", "10"), bill("B4", "S3", "10"), bill("B5", "S2", "99999")]
    p = run(bills, payees, disputed=frozenset({"B3"}), known_accounts={"S3": IBANS[0]},
            holds=(("bill.total > 50000", "large bill"),))
    assert reasons(p) == {"B1": R_SUPPLIER_HOLD, "B2": R_BILL_HOLD, "B3": R_DISPUTED, "B4": R_ACCOUNT_CHANGED,
                          "B5": R_RULE_HOLD}
    assert not p.transfers
    confirmed = run(bills[3:4], payees, known_accounts={"S3": IBANS[0]}, confirmed_accounts={"S3": IBANS[3]})
    assert [t.supplier_id for t in confirmed.transfers] == ["S3"]


def test_cash_limit_drops_the_lowest_priority_and_says_which():
    payees = {"S1": payee("S1", priority=1), "S2": payee("S2", priority=2), "S3": payee("S3", priority=3)}
    bills = [bill("B1", "S1", "600"), bill("B2", "S2", "500"), bill("B3", "S3", "300")]
    p = run(bills, payees, cash_limit={"EUR": Decimal(1000)})
    assert [t.supplier_id for t in p.transfers] == ["S1", "S3"]
    assert reasons(p) == {"B2": R_CASH_LIMIT}
    p = run(bills, payees, cash_limit={"EUR": Decimal(1000)}, priorities=(("supplier.supplier_id == 'S2'", 0),))
    assert reasons(p) == {"B1": R_CASH_LIMIT}


def test_credit_notes_netted_and_excess_carried_forward():
    payees = {"S1": payee("S1"), "S2": payee("S2")}
    bills = [bill("B1", "S1", "100"), bill("C1", "S1", "-30", number="CN-1"),
             bill("B2", "S2", "20"), bill("C2", "S2", "-50", number="CN-2")]
    p = run(bills, payees)
    assert [(t.supplier_id, t.amount, t.remittance) for t in p.transfers] == [("S1", Decimal(70), "INV-B1, CN-1")]
    assert reasons(p) == {"B2": R_CREDIT_CARRIED}
    assert p.carried == {("S2", "EUR"): Decimal(30)}


def test_partially_paid_bill_pays_the_remainder():
    p = run([bill("B1", "S1", "100.00", paid="40.00")], {"S1": payee("S1")})
    assert p.transfers[0].amount == Decimal("60.00")


def test_remittance_over_140_characters_is_split():
    bills = [bill(f"B{i}", "S1", "1.00", number=f"INVOICE-2026-{i:05d}") for i in range(20)]
    p = run(bills, {"S1": payee("S1")})
    assert len(p.transfers) > 1
    assert all(len(t.remittance) <= 140 for t in p.transfers)
    assert sorted(n for t in p.transfers for n in t.remittance.split(", ")) == sorted(b.invoice_number for b in bills)
    assert sum(t.amount for t in p.transfers) == Decimal("20.00")


def test_structured_reference_for_a_single_rf_bill():
    p = run([bill("B1", "S1", "10", number="RF18539007547034")], {"S1": payee("S1")})
    assert p.transfers[0].structured_reference == "RF18539007547034"


def test_one_batch_per_currency_other_currencies_manual():
    p = run([bill("B1", "S1", "10"), bill("B2", "S1", "500", currency="CZK")], {"S1": payee("S1")},
            debtor_accounts={"EUR": IBANS[0], "CZK": IBANS[2]})
    assert sorted((t.currency, t.manual, t.debtor_iban) for t in p.transfers) == [
        ("CZK", True, IBANS[2]), ("EUR", False, IBANS[0])]


# ------------------------------------------------------------------ properties

bill_st = st.tuples(st.integers(0, 5), st.integers(-50_000, 200_000), st.integers(-20, 60),
                    st.sampled_from(["scheduled", "scheduled", "scheduled", "on_hold"]), st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(bill_st, min_size=1, max_size=30), st.one_of(st.none(), st.integers(0, 500_000)),
       st.frozensets(st.integers(0, 5)))
def test_runs_never_pay_twice_never_pay_held_never_exceed_the_limit(rows, limit, held_suppliers):
    payees = {f"S{i}": payee(f"S{i}", on_hold=i in held_suppliers, priority=i % 3) for i in range(6)}
    bills = {}
    for n, (s, cents, due_days, status, disputed) in enumerate(rows):
        if cents == 0:
            continue
        bills[f"B{n}"] = bill(f"B{n}", f"S{s}", str(Decimal(cents) / 100), due=TODAY + timedelta(days=due_days),
                              status=status)
    disputed = frozenset(f"B{n}" for n, r in enumerate(rows) if r[4])
    cash = {} if limit is None else {"EUR": Decimal(limit) / 100}
    paid_total = {bid: Decimal(0) for bid in bills}
    runs = RunDays.starting(RunCalendar(country="CZ"), TODAY, TODAY + timedelta(days=400))
    day = TODAY
    for _ in range(12):
        nxt = runs.next_after(day)
        current = list(bills.values())
        schedules = schedule_bills(current, payees, RunDays.starting(RunCalendar(country="CZ"), day), Policy())
        p = propose(current, payees, schedules, setup(run_date=day, next_run=nxt, cash_limit=cash, disputed=disputed))
        for currency in p.currencies:
            assert limit is None or p.total(currency) <= Decimal(limit) / 100
        for t in p.transfers:
            assert t.amount > 0
            assert t.amount == sum(ln.amount for ln in t.lines)
            assert not payees[t.supplier_id].on_hold
            for ln in t.lines:
                b = bills[ln.bill_id]
                assert b.status != "on_hold" and ln.bill_id not in disputed
                paid_total[ln.bill_id] += ln.amount + ln.discount
        for t in p.transfers:  # the books after the bank statement: paid (or part-used credit)
            for ln in t.lines:
                b = bills[ln.bill_id]
                new_paid = b.paid + ln.amount + ln.discount
                bills[ln.bill_id] = replace(b, paid=new_paid, status="paid" if new_paid == b.total else b.status)
        day = nxt
    for bid, b in bills.items():
        assert abs(paid_total[bid]) <= abs(b.total)  # never more than the bill: no bill paid twice


def test_docs_example_holds_and_priorities_decide_a_run():
    """The payables.yaml example of docs/rules.md, loaded by its model and applied."""
    import yaml

    from backoffice_auto.payables.rules_model import PayablesRules
    from test_rules_doc_examples import doc_yaml_examples

    block = next(text for rel, text in doc_yaml_examples() if rel == "payables.yaml")
    rules = PayablesRules.model_validate(yaml.safe_load(block))
    foreign = Payee("S1", "Alfa", IBANS[0], None, None, None, "net 30", None, False, country="DE")
    home = Payee("S2", "Beta", IBANS[2], None, None, None, "net 30", 3, False, country="CZ")
    bills = [bill("B1", "S1", "60000"), bill("B2", "S2", "40000", due=date(2026, 11, 1)),
             bill("B3", "S2", "20000", due=date(2026, 12, 2))]
    p = run(bills, {"S1": foreign, "S2": home}, holds=tuple((h.when, h.reason) for h in rules.holds),
            priorities=tuple((x.when, x.priority) for x in rules.priorities), cash_limit=rules.cash_limit,
            order_by=("priority", "amount"))
    assert reasons(p) == {"B1": R_RULE_HOLD, "B3": R_CASH_LIMIT}  # B2 overdue: priority 1, fills the limit
