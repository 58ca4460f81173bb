"""Debits on the statement matched to what we paid: approved bills, and salary batches.

In order, first sure answer wins:
1. the debit's end-to-end id is one of our transfers (payment files the payables job
   wrote): the bills of that transfer are paid when the amount is the transfer's (within
   `outgoing.amount_tolerance`) and none of them was paid before; otherwise the debit
   stays unmatched and the job warns (a transfer debited twice, or for another amount,
   is the bank's to explain, and no bill may be paid twice or on a guess);
2. the debit names bills (their supplier invoice numbers, or RF references made from them)
   and its amount is what those bills have open (within `outgoing.amount_tolerance`);
3. a salary batch: the text carries `outgoing.salary_reference`, or no reference, and the
   amount is the net total of exactly one payroll run;
4. the amount is the open amount of exactly one approved bill of the supplier owning the
   payee's IBAN.
Anything else is suggested (one candidate) or left unmatched. Pure functions; the books
side is `match_outgoing_in_books`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Sequence

from backoffice_auto.i18n import N_
from backoffice_auto.payments.matching.records import Allocation, MatchResult, Payment, Reason, compact_iban
from backoffice_auto.payments.matching.keys import norm_key
from backoffice_auto.payments.rules_model import OutgoingRules

R_E2E = N_("end-to-end id {id} of our transfer to {supplier}")
R_BILL_REF = N_("the text names bill {bill} ({invoice}) and the amount is what is open")
R_SALARY = N_("the amount is the net pay of payroll run {run}")
R_BILL_AMOUNT = N_("the payee's account belongs to supplier {supplier}, whose only approved bill has this amount")
R_BILL_SUGGEST = N_("approved bill {bill} has this amount, but nothing else confirms it")
R_NO_BILL = N_("no approved bill or payroll run matches this debit")
#: Said to the clerk as a warning of the job (`books.outgoing_step`): no bill is paid by such a debit.
R_E2E_AGAIN = N_("{transaction}: the bank debited {amount} {currency} with the end-to-end id {id} of our transfer to "
                 "{supplier}, which was debited before (bills {bills} are paid already); it is not booked to them "
                 "again: ask the bank why the transfer was debited twice")
R_E2E_AMOUNT = N_("{transaction}: the bank debited {amount} {currency} with the end-to-end id {id} of our transfer of "
                  "{expected} {currency} to {supplier}; bills {bills} stay unpaid until you settle the difference "
                  "with the bank (outgoing.amount_tolerance in rules/payments.yaml accepts a small one)")
WARNINGS = (R_E2E_AGAIN, R_E2E_AMOUNT)
ZERO = Decimal(0)


@dataclass(frozen=True)
class OpenBill:
    bill_id: str
    supplier_id: str
    invoice_number: str
    currency: str
    total: Decimal
    paid: Decimal = ZERO

    @property
    def open_amount(self) -> Decimal:
        return self.total - self.paid


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    supplier_id: str
    amount: Decimal
    currency: str
    bills: tuple[tuple[str, Decimal], ...]  # (bill id, amount paid by this transfer)


@dataclass(frozen=True)
class PayrollRun:
    run_id: str
    net: Decimal
    currency: str


def _r(message: str, **params) -> Reason:
    return Reason(message, 100, tuple(sorted((k, str(v)) for k, v in params.items())))


def match_debit(debit: Payment, bills: Sequence[OpenBill], transfers: Sequence[Transfer],
                runs: Sequence[PayrollRun], supplier_ibans: dict[str, str], rules: OutgoingRules,
                paid: set[str]) -> MatchResult:
    """One debit (amount negative). `paid`: bills already taken in this run (updated)."""
    amount = -debit.amount
    tid = debit.transaction_id
    open_bills = [b for b in bills if b.bill_id not in paid and b.open_amount > 0 and b.currency == debit.currency]
    ours = [t for t in transfers if debit.end_to_end_id and t.end_to_end_id == debit.end_to_end_id
            and t.currency == debit.currency]
    if ours:  # the bank names one of our transfers: only its bills can be what this debit paid
        t = ours[0]
        waiting = {b.bill_id for b in bills if b.bill_id not in paid}
        names = ", ".join(b for b, _ in t.bills)
        common = {"transaction": tid, "id": t.end_to_end_id, "supplier": t.supplier_id, "bills": names,
                  "amount": amount, "currency": debit.currency}
        # debited before (this statement or an earlier one); a credit note netted in the transfer is
        # settled at approval, so only the bills it pays count
        if any(b not in waiting for b, a in t.bills if a > 0):
            return MatchResult(tid, "unmatched", 0, (), (_r(R_E2E_AGAIN, **common),), t.supplier_id)
        if abs(t.amount - amount) > rules.amount_tolerance:
            return MatchResult(tid, "unmatched", 0, (), (_r(R_E2E_AMOUNT, expected=t.amount, **common),),
                               t.supplier_id)
        paid.update(b for b, _ in t.bills)
        return MatchResult(tid, "matched", 100, tuple(Allocation(b, a, "bill") for b, a in t.bills),
                           (_r(R_E2E, id=t.end_to_end_id, supplier=t.supplier_id),), t.supplier_id)
    text = norm_key(debit.reference or "")[2:]
    if text:
        named = [b for b in open_bills if len(norm_key(b.invoice_number)) > 5 and norm_key(b.invoice_number)[2:] in text]
        total = sum((b.open_amount for b in named), ZERO)
        if named and len({b.supplier_id for b in named}) == 1 and abs(total - amount) <= rules.amount_tolerance:
            paid.update(b.bill_id for b in named)
            return MatchResult(tid, "matched", 100, tuple(Allocation(b.bill_id, b.open_amount, "bill") for b in named),
                               tuple(_r(R_BILL_REF, bill=b.bill_id, invoice=b.invoice_number) for b in named),
                               named[0].supplier_id)
    salary_word = rules.salary_reference.casefold()
    if not debit.reference or (salary_word and salary_word in debit.reference.casefold()):
        same = [r for r in runs if r.net == amount and r.currency == debit.currency and r.run_id not in paid]
        if len(same) == 1:
            paid.add(same[0].run_id)
            return MatchResult(tid, "matched", 100, (Allocation(same[0].run_id, amount, "payroll"),),
                               (_r(R_SALARY, run=same[0].run_id),))
    same_amount = [b for b in open_bills if b.open_amount == amount]
    supplier = supplier_ibans.get(compact_iban(debit.counterparty_iban) or "")
    mine = [b for b in same_amount if b.supplier_id == supplier]
    if supplier and len(mine) == 1 and len([b for b in open_bills if b.supplier_id == supplier
                                            and b.open_amount == amount]) == 1:
        b = mine[0]
        paid.add(b.bill_id)
        return MatchResult(tid, "matched", 100, (Allocation(b.bill_id, amount, "bill"),),
                           (_r(R_BILL_AMOUNT, supplier=supplier),), supplier)
    if len(same_amount) == 1:
        b = same_amount[0]
        return MatchResult(tid, "suggested", 40, (Allocation(b.bill_id, amount, "bill"),),
                           (Reason(R_BILL_SUGGEST, 40, (("bill", b.bill_id),)),), b.supplier_id)
    return MatchResult(tid, "unmatched", 0, (), (Reason(R_NO_BILL),))


def match_outgoing(debits: Iterable[Payment], bills: Sequence[OpenBill], transfers: Sequence[Transfer],
                   runs: Sequence[PayrollRun], supplier_ibans: dict[str, str], rules: OutgoingRules,
                   locked: Iterable[str] = ()) -> list[MatchResult]:
    locked = set(locked)
    paid: set[str] = set()
    todo = sorted((d for d in debits if d.amount < 0 and d.transaction_id not in locked),
                  key=lambda d: (d.booking_date, d.transaction_id))
    return [match_debit(d, bills, transfers, runs, supplier_ibans, rules, paid) for d in todo]


# --------------------------------------------------------------------------- books


def _rows(books, table: str) -> list[dict[str, Any]]:
    try:
        return books.rows(table)
    except KeyError:  # the table belongs to a job not installed in this workspace yet
        return []


def _owed(row: dict[str, Any]) -> Decimal:
    """What a bill owes the supplier: the invoice's amount due (a deposit deducted), else its total."""
    due = row.get("amount_due")
    return due if due is not None else (row.get("total") or ZERO)


def load_outgoing(books):
    bills = [OpenBill(r["bill_id"], r.get("supplier_id") or "", r.get("invoice_number") or "",
                      (r.get("currency") or "EUR").upper(), _owed(r), r.get("paid") or ZERO)
             for r in _rows(books, "bills") if r.get("status") in ("approved", "proposed", "scheduled")]
    transfers = load_transfers(books)
    runs = []
    for r in _rows(books, "payroll_runs"):
        totals = r.get("totals") or {}
        net = totals.get("net") if isinstance(totals, dict) else None
        if net is not None:
            runs.append(PayrollRun(r["run_id"], Decimal(str(net)), str(totals.get("currency") or "EUR").upper()))
    ibans = {compact_iban(r.get("iban")): r["supplier_id"] for r in _rows(books, "suppliers") if r.get("iban")}
    return bills, transfers, runs, ibans


def load_transfers(books) -> list[Transfer]:
    return transfers_of_runs(_rows(books, "payment_runs"))


def transfers_of_runs(runs: Iterable[dict[str, Any]]) -> list[Transfer]:
    """Our transfers, from the approved payment runs of the payables job (one line per bill):
    each bill is credited with what was sent plus the discount taken."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        if run.get("status") != "approved":
            continue
        for line in run.get("lines") or []:
            if line.get("end_to_end_id") and not line.get("manual"):
                grouped.setdefault(line["end_to_end_id"], []).append(line)
    out = []
    for e2e, lines in grouped.items():
        first = lines[0]
        bills = tuple((ln["bill_id"], Decimal(str(ln.get("amount") or 0)) + Decimal(str(ln.get("discount") or 0)))
                      for ln in lines)
        out.append(Transfer(e2e, first.get("supplier_id") or "", Decimal(str(first.get("transfer_amount") or 0)),
                            (first.get("currency") or "EUR").upper(), bills))
    return out


def match_outgoing_in_books(books, debits: Sequence[Payment], rules: OutgoingRules) -> list[MatchResult]:
    if not debits:
        return []
    bills, transfers, runs, ibans = load_outgoing(books)
    locked = {r["transaction_id"] for r in books.rows("payment_reviews")}
    results = match_outgoing(debits, bills, transfers, runs, ibans, rules, locked)
    by_id = {b.bill_id: b for b in bills}
    from backoffice_auto.payments.matching.books import matches_field

    for result in results:
        books.update("bank_transactions", result.transaction_id, status=result.status, matches=matches_field(result))
        if result.posted:
            for a in result.allocations:
                if a.kind == "bill" and a.document in by_id:
                    bill = by_id[a.document]
                    books.update("bills", a.document, paid=bill.paid + a.amount,
                                 status="paid" if bill.paid + a.amount >= bill.total else bill_status(books, a.document))
    return results


def bill_status(books, bill_id: str) -> str:
    row = books.get("bills", bill_id) or {}
    return row.get("status") or "approved"
