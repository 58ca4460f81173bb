"""Dunning: which invoices get a letter, at which level, with what interest and fee."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.payments.dunning import late_interest, letter_pdf, plan_letters
from backoffice_auto.payments.matching.records import OpenInvoice
from backoffice_auto.payments.rules_model import DunningRules

D = Decimal
TODAY = date(2026, 11, 30)


def inv(number, customer, total, days_late, paid="0"):
    return OpenInvoice(number, customer, "EUR", D(total), D(paid), TODAY - timedelta(days=days_late + 30),
                       TODAY - timedelta(days=days_late))


RULES = DunningRules(enabled=True, grace_days=3, interval_days=14, interest_pct_per_year=D("8"),
                     levels=[{"name": "reminder", "days_overdue": 0}, {"name": "second", "days_overdue": 14},
                             {"name": "final", "days_overdue": 28, "fee": "10"}])


def _reference_interest(open_amount: Decimal, pct: Decimal, days: int) -> Decimal:
    """Plainly: amount times rate per year times the share of the year, to the cent."""
    if days <= 0:
        return D(0)
    per_day = open_amount * pct / 100 / 365
    return (per_day * days).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=D("0.01"), max_value=D("999999.99"), places=2),
       st.decimals(min_value=D("0"), max_value=D("20"), places=2), st.integers(-10, 2000))
def test_late_interest_agrees_with_the_plain_calculation(amount, pct, days):
    assert late_interest(amount, pct, days, "EUR") == _reference_interest(amount, pct, days)


def test_letters_leave_out_what_is_awaiting_review_disputed_or_within_grace():
    invoices = [inv("I1", "C1", "100.00", 10), inv("I2", "C1", "50.00", 2), inv("I3", "C2", "70.00", 40),
                inv("I4", "C3", "80.00", 40), inv("I5", "C4", "90.00", 40), inv("I6", "C5", "0.50", 40)]
    letters = {lt.customer_id: lt for lt in plan_letters(invoices, TODAY, RULES, {}, {"I4"}, {"I5"})}
    assert set(letters) == {"C1", "C2"}
    assert [i.invoice_number for i in letters["C1"].items] == ["I1"]  # I2 is within the grace days
    assert letters["C1"].level == "reminder" and letters["C1"].fee == 0
    assert letters["C2"].level == "final" and letters["C2"].fee == D("10.00")
    c2 = letters["C2"]
    assert c2.total == D("70.00") + c2.items[0].interest + D("10.00")


def test_one_letter_per_interval_and_the_next_level_after_a_reminder():
    invoices = [inv("I1", "C1", "100.00", 10)]
    assert plan_letters(invoices, TODAY, RULES, {"C1": [(TODAY - timedelta(days=5), "reminder")]}, set(), set()) == []
    later = plan_letters(invoices, TODAY, RULES, {"C1": [(TODAY - timedelta(days=15), "reminder")]}, set(), set())
    assert [lt.level for lt in later] == ["second"]


def test_no_letter_to_a_customer_holding_a_credit_in_that_currency():
    invoices = [inv("I1", "C1", "100.00", 10), inv("I2", "C2", "100.00", 10)]
    credits = {("C1", "EUR"): D("20.00"), ("C2", "CZK"): D("500.00")}  # C2's credit is in another currency
    assert [lt.customer_id for lt in plan_letters(invoices, TODAY, RULES, {}, set(), set(), credits)] == ["C2"]


def test_the_credit_a_customer_holds_is_what_posted_payments_kept_as_its_credit():
    from backoffice_auto.payments.dunning import customer_credits

    rows = [{"status": "matched", "currency": "EUR", "matches": [
                {"kind": "invoice", "document": "I1", "amount": "100.00", "customer_id": "C1"},
                {"kind": "credit", "document": "credit:C1", "amount": "20.00", "customer_id": "C1"}]},
            {"status": "partial", "currency": "EUR", "matches": [{"kind": "credit", "document": "credit:C1", "amount": "5"}]},
            {"status": "suggested", "currency": "EUR", "matches": [{"kind": "credit", "document": "credit:C2", "amount": "9"}]},
            {"status": "matched", "currency": "CZK", "matches": [{"kind": "credit", "document": "credit:C1", "amount": "1"}]}]
    assert customer_credits(rows) == {("C1", "EUR"): D("25.00"), ("C1", "CZK"): D("1")}


def test_disabled_dunning_sends_nothing():
    assert plan_letters([inv("I1", "C1", "100.00", 100)], TODAY, DunningRules(), {}, set(), set()) == []


def test_letter_pdf_in_the_customers_language():
    letter = plan_letters([inv("FA-1", "C1", "1234.50", 40)], TODAY, RULES, {}, set(), set())[0]
    data = letter_pdf(letter, {"name": "Kučera s.r.o.", "city": "Brno"}, "Demo s.r.o.", "cs", TODAY)
    assert data.startswith(b"%PDF")


def test_the_bank_job_sends_letters_when_dunning_is_enabled(workspace):
    import email
    from email import policy

    from backoffice_auto.books.store import Store
    from backoffice_auto.pipeline.runner import Pipeline
    from bank_samples import camt053

    (workspace.rules_dir / "payments.yaml").write_text(
        "dunning:\n  enabled: true\n  grace_days: 0\n  levels:\n    - {name: reminder, days_overdue: 0}\n")
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "C1", "name": "Kučera s.r.o.", "language": "cs",
                                       "email": "ucetni@kucera.example"})
            books.insert("sales_invoices", {"invoice_number": "INV-2020-00001", "customer_id": "C1",
                                            "issue_date": date(2020, 1, 1), "due_date": date(2020, 1, 31),
                                            "currency": "EUR", "total": D("99.00"), "paid": D(0), "status": "open"})
    finally:
        store.close()
    path = workspace.inbox / "bank" / "s.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(camt053("CZ6508000000192000145399", "0", [("5.00", "CRDT", "R1", "x")]))
    out = Pipeline(workspace).process_paths([path])[0]
    assert out["status"] == "done", out
    assert list((workspace.root / "outbox").rglob("dunning-C1-reminder.pdf"))
    mails = [email.message_from_bytes(m.read_bytes(), policy=policy.default)
             for m in (workspace.root / "outbox" / "mail").rglob("*.eml")]
    letters = [m for m in mails if "ucetni@kucera.example" in str(m["To"])]
    assert letters and "upomínka" in letters[0]["Subject"].lower()
    store = Store(workspace.db_path)
    try:
        assert [r["level"] for r in store.read().rows("dunning_letters")] == ["reminder"]
    finally:
        store.close()


def test_the_bank_job_holds_the_letter_of_a_customer_who_overpaid_and_says_where_a_letter_without_address_is(workspace):
    from backoffice_auto.books.store import Store
    from backoffice_auto.pipeline.runner import Pipeline
    from bank_samples import camt053

    (workspace.rules_dir / "payments.yaml").write_text(
        "dunning:\n  enabled: true\n  grace_days: 0\n  levels:\n    - {name: reminder, days_overdue: 0}\n")
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            for cid, email, iban in (("C1", "a@example.com", "CZ6508000000192000145399"), ("C2", None, None)):
                books.insert("customers", {"customer_id": cid, "name": f"Customer {cid}", "language": "en",
                                           "email": email, "iban": iban})
            for number, cid, total in (("INV-2020-00001", "C1", "99.00"), ("INV-2020-00002", "C1", "40.00"),
                                       ("INV-2020-00003", "C2", "10.00")):
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": cid, "currency": "EUR",
                                                "issue_date": date(2020, 1, 1), "due_date": date(2020, 1, 31),
                                                "total": D(total), "paid": D(0), "status": "open"})
    finally:
        store.close()
    path = workspace.inbox / "bank" / "s.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    # C1 pays 99.00 more than INV-2020-00001 asks, from its own account: the rest is kept as its credit
    path.write_bytes(camt053("CZ6508000000192000145399", "0", [("198.00", "CRDT", "R1", "INV-2020-00001")]))
    out = Pipeline(workspace).process_paths([path])[0]
    assert out["status"] == "done", out
    texts = [m["text"] for m in out["messages"] if m["level"] == "warning"]
    assert "no reminder to customer C1: it has a credit of 99.00 EUR from an overpayment; apply it to its open " \
           "invoices first" in texts
    assert "customer C2 has no e-mail address in the books: print the letter dunning-C2-reminder.pdf from the " \
           "outbox and send it by post" in texts
    assert not list((workspace.root / "outbox").rglob("dunning-C1-*.pdf"))
    assert list((workspace.root / "outbox").rglob("dunning-C2-reminder.pdf"))


def test_an_open_credit_note_lessens_the_letter_and_one_covering_the_overdue_amount_stops_it():
    """A customer holding a credit note of 40.00 was asked for the whole 100.00 overdue."""
    invoices = [inv("I1", "C1", "100.00", 10), inv("CN1", "C1", "-40.00", 5), inv("I2", "C2", "50.00", 10),
                inv("CN2", "C2", "-50.00", 5), inv("CN3", "C3", "-10.00", 5),
                OpenInvoice("CN4", "C1", "CZK", D("-99.00"))]  # another currency: not netted
    letters = plan_letters(invoices, TODAY, RULES, {}, set(), set())
    assert [lt.customer_id for lt in letters] == ["C1"]
    [letter] = letters
    assert [(i.invoice_number, i.open_amount) for i in letter.items] == [("I1", D("100.00")), ("CN1", D("-40.00"))]
    assert letter.total == D("60.00") + letter.items[0].interest
    assert letter_pdf(letter, {"name": "Kučera s.r.o."}, "Demo s.r.o.", "cs", TODAY).startswith(b"%PDF")


def test_a_letter_waits_while_a_payment_of_its_customer_in_its_currency_awaits_review():
    from backoffice_auto.payments.dunning import held_by_review

    letters = plan_letters([inv("I1", "C1", "100.00", 10), inv("I2", "C2", "100.00", 10),
                            inv("I3", "C3", "100.00", 10)], TODAY, RULES, {}, set(), set())
    suggested = [{"transaction_id": "BT-1", "amount": D("90.00"), "currency": "EUR",
                  "matches": [{"document": "I9", "customer_id": "C1", "kind": "invoice"}]},
                 {"transaction_id": "BT-2", "amount": D("5.00"), "currency": "CZK",  # another currency
                  "matches": [{"document": "credit:C2", "kind": "credit"}]},
                 {"transaction_id": "BT-3", "amount": D("-5.00"), "currency": "EUR",  # money out
                  "matches": [{"document": "I3", "customer_id": "C3", "kind": "invoice"}]}]
    sent, held = held_by_review(letters, suggested)
    assert [lt.customer_id for lt in sent] == ["C2", "C3"]
    assert [(lt.customer_id, tx["transaction_id"]) for lt, tx in held] == [("C1", "BT-1")]


def test_the_bank_job_sends_no_final_notice_to_a_customer_who_paid_today_and_awaits_review(workspace):
    """Found by paying 1,690.00 from the customer's own account for its overdue invoices of 1,000.00
    and 700.00: the payment was suggested for INV-1, and the same job sent the customer a final
    notice for INV-3."""
    from bank_samples import camt053, process_bank_file, seed_open_invoices

    (workspace.rules_dir / "payments.yaml").write_text(
        "dunning:\n  enabled: true\n  grace_days: 0\n  levels:\n    - {name: reminder, days_overdue: 0}\n")
    seed_open_invoices(workspace, {"customer_id": "C1", "name": "Alfa s.r.o.", "language": "en",
                                   "email": "alfa@example.com", "iban": "CZ6508000000192000145399"},
                       [("INV-2026-00001", "EUR", "1000.00"), ("INV-2026-00003", "EUR", "700.00")],
                       date(2026, 9, 1), date(2026, 10, 1))
    out = process_bank_file(workspace, "s.xml", camt053("CZ6508000000192000145399", "0",
                                                        [("1690.00", "CRDT", "R1", "payment")]))
    assert not list((workspace.root / "outbox").rglob("dunning-*.pdf"))
    assert any("no reminder to customer C1: its payment BT-000001 of 1,690.00 EUR awaits review" in m["text"]
               for m in out["messages"]), out["messages"]
