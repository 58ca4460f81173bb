"""Returned payments: a bank line giving back an earlier payment undoes what that payment did.

Found in a trial: our transfer to a supplier whose account was closed came back three days
later; the bill stayed `paid` and the credit was suggested against a customer's invoice of the
same amount. A customer's payment given back left its invoice `paid`, so it was never dunned.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice_auto.books.store import Store
from backoffice_auto.payments.matching.outgoing import Transfer
from backoffice_auto.payments.matching.returns import R_REVERSES, Line, find_returns, payment_id
from bank_samples import camt053, process_bank_file
from payables_support import books_rows as _rows

OURS = "CZ6508000000192000145399"
D = Decimal


def line(tid: str, amount: str, e2e: str, day: int = 2, status: str = "matched", account: str = OURS,
         counterparty: str = "DE89370400440532013000") -> Line:
    return Line(tid, account, date(2026, 11, day), D(amount), "EUR", payment_id(e2e), status, counterparty)


def test_a_return_pairs_with_the_one_payment_of_its_end_to_end_id_and_opposite_amount():
    paid = line("T1", "100.00", "E2E-77", day=2)
    back = line("T2", "-100.00", " e2e-77 ", day=5, status="unmatched")
    other = line("T3", "-100.00", "E2E-78", day=5, status="unmatched")
    pairs = find_returns([back, other], [paid, back, other])
    assert [(p.returned.transaction_id, p.original.transaction_id) for p in pairs] == [("T2", "T1")]


def test_nothing_is_paired_on_a_placeholder_a_different_amount_account_or_party_or_an_earlier_date():
    booked = [line("T1", "100.00", "NOTPROVIDED"), line("T2", "100.00", "E2E-1"), line("T3", "100.00", "E2E-2"),
              line("T4", "100.00", "E2E-3", account="CZ5508000000001234567899"),
              line("T5", "100.00", "E2E-4", counterparty="FR7630006000011234567890189"),
              line("T6", "100.00", "E2E-5", day=9)]
    new = [line("R1", "-100.00", "NOTPROVIDED", 5, "unmatched"), line("R2", "-99.99", "E2E-1", 5, "unmatched"),
           line("R3", "100.00", "E2E-2", 5, "unmatched"), line("R4", "-100.00", "E2E-3", 5, "unmatched"),
           line("R5", "-100.00", "E2E-4", 5, "unmatched"), line("R6", "-100.00", "E2E-5", 5, "unmatched")]
    assert find_returns(new, booked + new) == []


def test_two_payments_a_return_could_give_back_are_left_to_a_person_and_one_is_given_back_once():
    twins = [line("T1", "100.00", "E2E-1"), line("T2", "100.00", "E2E-1")]
    back = line("R1", "-100.00", "E2E-1", 5, "unmatched")
    assert find_returns([back], twins + [back]) == []  # which one? a clerk decides
    once = [line("T1", "100.00", "E2E-9")]
    backs = [line("R1", "-100.00", "E2E-9", 5, "unmatched"), line("R2", "-100.00", "E2E-9", 6, "unmatched")]
    assert [p.returned.transaction_id for p in find_returns(backs, once + backs)] == ["R1"]
    assert find_returns(backs[1:], [line("T1", "100.00", "E2E-9", status="returned")] + backs) == []


def test_a_credit_giving_back_our_transfer_whose_debit_is_not_booked_pairs_with_the_transfer():
    transfer = Transfer("PR20261102-0001", "S1", D("242.00"), "EUR", (("B1", D("242.00")),))
    back = line("R1", "242.00", "PR20261102-0001", 5, "unmatched")
    [pair] = find_returns([back], [back], [transfer])
    assert pair.original is None and pair.transfer is transfer


def _seed(workspace):
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "C1", "name": "Party 1 s.r.o.", "language": "cs"})
            books.insert("sales_invoices", {"invoice_number": "INV-2026-00001", "customer_id": "C1",
                                            "issue_date": date(2026, 10, 30), "due_date": date(2026, 11, 29),
                                            "currency": "EUR", "total": D("100.00"), "paid": D(0), "status": "open"})
            books.insert("suppliers", {"supplier_id": "S1", "name": "Dodavatel a.s."})
            books.insert("bills", {"bill_id": "B1", "supplier_id": "S1", "invoice_number": "FA-2026-0153",
                                   "currency": "EUR", "total": D("242.00"), "paid": D(0), "status": "approved"})
            books.insert("payment_runs", {"run_id": "PR-1", "status": "approved", "lines": [
                {"bill_id": "B1", "supplier_id": "S1", "end_to_end_id": "PR20261102-0001", "amount": "242.00",
                 "transfer_amount": "242.00", "currency": "EUR"}]})
    finally:
        store.close()

_process = process_bank_file


def test_a_customer_payment_given_back_opens_its_invoice_again(workspace):
    _seed(workspace)
    _process(workspace, "s1.xml", camt053(OURS, "0", [("100.00", "CRDT", "R1", "INV-2026-00001")],
                                          end_to_end={1: "CUST-2026-77"}))
    assert _rows(workspace, "sales_invoices")["INV-2026-00001"]["status"] == "paid"

    out = _process(workspace, "s2.xml", camt053(OURS, "100.00", [("100.00", "DBIT", "R2", "RETURN AC04")],
                                                end_to_end={1: "CUST-2026-77"}, statement_id="S2"))

    invoice = _rows(workspace, "sales_invoices")["INV-2026-00001"]
    assert (invoice["status"], invoice["paid"]) == ("open", D("0.00"))
    by_ref = {r["bank_reference"]: r for r in _rows(workspace, "bank_transactions").values()}
    assert by_ref["R1"]["status"] == "returned"
    assert by_ref["R2"]["status"] == "matched"
    assert [(m["document"], m["kind"]) for m in by_ref["R2"]["matches"]] == [(by_ref["R1"]["transaction_id"], "return")]
    texts = [m["text"] for m in out["messages"]]
    assert any("gives back payment" in t and "INV-2026-00001" in t and "open again" in t for t in texts), texts

    # a later statement overlapping this one: the return is not booked or undone twice
    _process(workspace, "s3.xml", camt053(OURS, "100.00", [("100.00", "DBIT", "R2", "RETURN AC04"),
                                                          ("40.00", "CRDT", "R3", "thanks")],
                                          end_to_end={1: "CUST-2026-77"}, statement_id="S3"))
    assert _rows(workspace, "sales_invoices")["INV-2026-00001"]["paid"] == D("0.00")
    assert len(_rows(workspace, "bank_transactions")) == 3


def test_our_transfer_given_back_puts_its_bill_on_hold_with_the_reason(workspace):
    _seed(workspace)
    _process(workspace, "s1.xml", camt053(OURS, "500.00", [("242.00", "DBIT", "D1", "FA-2026-0153")],
                                          end_to_end={1: "PR20261102-0001"}))
    assert _rows(workspace, "bills")["B1"]["status"] == "paid"

    _process(workspace, "s2.xml", camt053(OURS, "258.00", [("242.00", "CRDT", "D2", "RETURN AC04 FA-2026-0153")],
                                          end_to_end={1: "PR20261102-0001"}, statement_id="S2"))

    bill = _rows(workspace, "bills")["B1"]
    assert (bill["status"], bill["paid"]) == ("on_hold", D("0.00"))
    assert "PR20261102-0001" in bill["hold_reason"] and "supplier's bank account" in bill["hold_reason"]
    by_ref = {r["bank_reference"]: r for r in _rows(workspace, "bank_transactions").values()}
    assert (by_ref["D1"]["status"], by_ref["D2"]["status"]) == ("returned", "matched")


def test_a_return_of_a_transfer_whose_debit_never_came_holds_the_bill_and_is_no_customer_payment(workspace):
    _seed(workspace)
    _process(workspace, "s1.xml", camt053(OURS, "0", [("242.00", "CRDT", "D2", "RETURN")],
                                          end_to_end={1: "PR20261102-0001"}))
    assert _rows(workspace, "bills")["B1"]["status"] == "on_hold"
    [tx] = _rows(workspace, "bank_transactions").values()
    assert tx["status"] == "matched" and [(m["document"], m["kind"]) for m in tx["matches"]] == [("B1", "return")]


def test_a_clerk_deciding_on_a_returned_payment_or_its_return_is_told_there_is_nothing_to_decide(workspace):
    from backoffice_auto.errors import Source
    from backoffice_auto.payments.matching.approvals import apply_decisions
    from backoffice_auto.payments.matching.workbook import Decision
    from backoffice_auto.payments.rules_model import PaymentsRules

    _seed(workspace)
    _process(workspace, "s1.xml", camt053(OURS, "0", [("100.00", "CRDT", "R1", "INV-2026-00001"),
                                                      ("100.00", "DBIT", "R2", "RETURN")],
                                          end_to_end={1: "CUST-2026-77", 2: "CUST-2026-77"}))
    ids = {r["bank_reference"]: tid for tid, r in _rows(workspace, "bank_transactions").items()}
    store = Store(workspace.db_path)
    problems: list = []
    try:
        with store.transaction() as books:
            counts = apply_decisions(books, [
                Decision(ids["R1"], "confirmed", (), Source("r.xlsx", "Posted", 2, "M")),
                Decision(ids["R2"], "corrected", ("INV-2026-00001",), Source("r.xlsx", "Posted", 3, "M"))],
                PaymentsRules(), "000009", date(2026, 11, 9), problems)
    finally:
        store.close()
    assert counts == {"confirmed": 0, "corrected": 0, "rejected": 0}
    assert [p.render() for p in problems] == [
        f"r.xlsx:Posted!M2: transactions {ids['R1']} and {ids['R2']} are a payment and the bank giving it back "
        "(the same end-to-end id): there is nothing to decide; leave the row empty",
        f"r.xlsx:Posted!M3: transactions {ids['R2']} and {ids['R1']} are a payment and the bank giving it back "
        "(the same end-to-end id): there is nothing to decide; leave the row empty"]
    invoice = _rows(workspace, "sales_invoices")["INV-2026-00001"]
    assert (invoice["status"], invoice["paid"]) == ("open", D("0.00"))  # came and went in one statement


def test_the_reasons_and_the_hold_are_written_in_the_workspace_language(workspace):
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    _seed(workspace)
    _process(workspace, "s1.xml", camt053(OURS, "500.00", [("242.00", "DBIT", "D1", "FA-2026-0153"),
                                                          ("242.00", "CRDT", "D2", "RETURN AC04")],
                                          end_to_end={1: "PR20261102-0001", 2: "PR20261102-0001"}))
    assert _rows(workspace, "bills")["B1"]["hold_reason"] == (
        "náš převod PR20261102-0001 se dne 2. 11. 2026 vrátil z banky: před dalším placením ověřte bankovní účet "
        "dodavatele")
    back = {r["bank_reference"]: r for r in _rows(workspace, "bank_transactions").values()}["D2"]
    [reason] = back["matches"][0]["reasons"]
    assert reason["params"]["date"] == "2026-11-02" and reason["params"]["id"] == "PR20261102-0001"


def reversal(tid: str, amount: str, day: int = 5, counterparty: str = "") -> Line:
    return Line(tid, OURS, date(2026, 11, day), D(amount), "EUR", "", "unmatched", counterparty, True)


def test_a_bank_reversal_without_an_id_pairs_with_the_one_earlier_line_of_the_opposite_amount():
    paid, other = line("T1", "100.00", "NOTPROVIDED"), line("T2", "55.00", "")
    [pair] = find_returns([reversal("R1", "-100.00")], [paid, other, reversal("R1", "-100.00")])
    assert (pair.returned.transaction_id, pair.original.transaction_id) == ("R1", "T1")
    # not a reversal: a debit of the same amount is no return without an id
    plain = Line("R2", OURS, date(2026, 11, 5), D("-100.00"), "EUR", "", "unmatched", "", False)
    assert find_returns([plain], [paid, plain]) == []
    # later, another account, another currency: nothing
    assert find_returns([reversal("R3", "-100.00", day=1)], [paid, reversal("R3", "-100.00", day=1)]) == []
    # a line a year before is no booking a bank corrects now
    old = Line("T0", OURS, date(2025, 11, 2), D("100.00"), "EUR", "", "matched", "", False)
    assert find_returns([reversal("R4", "-100.00")], [old, reversal("R4", "-100.00")]) == []


def test_of_two_lines_a_bank_reversal_could_undo_the_one_from_its_party_is_taken_else_none():
    one = line("T1", "100.00", "", counterparty="DE89370400440532013000")
    two = line("T2", "100.00", "", counterparty="FR7630006000011234567890189")
    back = reversal("R1", "-100.00", counterparty="FR7630006000011234567890189")
    assert [p.original.transaction_id for p in find_returns([back], [one, two, back])] == ["T2"]
    blind = reversal("R2", "-100.00")
    assert find_returns([blind], [one, two, blind]) == []  # which one? a clerk decides


def test_a_bank_reversal_of_a_customer_payment_opens_its_invoice_again(workspace):
    """camt `RvslInd` with no end-to-end id was booked as a plain debit: the customer's payment it
    reversed stayed posted and the invoice `paid`, so nobody asked for the money again."""
    _seed(workspace)
    _process(workspace, "s1.xml", camt053(OURS, "0", [("100.00", "CRDT", "R1", "INV-2026-00001")],
                                          end_to_end={1: "NOTPROVIDED"}))
    assert _rows(workspace, "sales_invoices")["INV-2026-00001"]["status"] == "paid"
    undone = camt053(OURS, "100.00", [("100.00", "DBIT", "R2", "STORNO")], end_to_end={1: "NOTPROVIDED"},
                     statement_id="S2").replace(b"<CdtDbtInd>DBIT</CdtDbtInd>",
                                                b"<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>", 1)
    assert b"<RvslInd>true</RvslInd>" in undone
    out = _process(workspace, "s2.xml", undone)
    invoice = _rows(workspace, "sales_invoices")["INV-2026-00001"]
    assert (invoice["status"], invoice["paid"]) == ("open", D("0.00"))
    by_ref = {r["bank_reference"]: r for r in _rows(workspace, "bank_transactions").values()}
    assert (by_ref["R1"]["status"], by_ref["R2"]["status"], by_ref["R2"]["reversal"]) == ("returned", "matched", True)
    [reason] = by_ref["R2"]["matches"][0]["reasons"]
    assert reason["message"] == R_REVERSES and reason["params"]["original"] == by_ref["R1"]["transaction_id"]
    texts = [m["text"] for m in out["messages"]]
    assert any("INV-2026-00001" in t and "open again" in t for t in texts), texts


def test_mt940_marks_rc_and_rd_are_reversals():
    from backoffice_auto.payments.readers import read_statements

    text = (":20:STMT1\r\n:25:CZ6508000000192000145399\r\n:28C:1/1\r\n:60F:C261101EUR100,00\r\n"
            ":61:2611021102C50,00NTRFREF1//B1\r\n:86:Faktura 1\r\n"
            ":61:2611031103RC50,00NTRFREF2//B2\r\n:86:Storno\r\n:62F:C261103EUR100,00\r\n-")
    [st] = read_statements(text.encode(), "s.sta", mappings={})
    assert [(ln.amount, ln.reversal) for ln in st.lines] == [(D("50.00"), False), (D("-50.00"), True)]
