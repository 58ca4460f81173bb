"""A clerk's decision on a payment out (a debit) in the reconciliation workbook.

Debits are matched to approved bills and payroll runs (`outgoing`); one that only has the
amount of an approved bill is suggested, not posted. `confirm` pays the suggested bills (the
bill becomes paid, as if the debit had named it) or keeps what was posted; `reject` takes a
posting to bills back (the bill is approved again, for a later run to pay) and leaves the
debit unmatched. A correction names invoices of payments received, so it is refused for a
debit. A bill paid since the suggestion was made is not paid twice: the confirm is refused.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.payments.matching.posting import clerk_matches

MSG_DEBIT_CORRECTED = N_("transaction {transaction} is money paid out ({amount} {currency}): a correction names "
                         "invoices of payments received; for a payment out write confirm (the bill suggested is then "
                         "paid) or reject, or leave the row empty")
MSG_DEBIT_NOTHING = N_("transaction {transaction} is money paid out ({amount} {currency}) with no bill or payroll run "
                       "matched or suggested to confirm; write reject to mark it decided, or leave the row empty")
MSG_BILL_PAID_SINCE = N_("the suggestion for transaction {transaction} can no longer be confirmed: bill {bill} has "
                         "{open} {currency} left to pay, not the {amount} {currency} suggested (it was paid since "
                         "or is no longer in the books)")
ZERO = Decimal(0)
PAID_BY_DEBIT = ("bill", "payroll")


def _owed(bill: dict[str, Any]) -> Decimal:
    """What a bill owes the supplier: its amount due (a deposit deducted), else its total."""
    due = bill.get("amount_due")
    return Decimal(str(due if due is not None else (bill.get("total") or 0)))


def decide_debit(books, row: dict[str, Any], d, problems: list[Problem]) -> bool:
    """`d` applied to the debit `row`; False (and a problem at the decision) when it cannot be."""
    params = {"transaction": d.transaction_id, "amount": Decimal(str(row.get("amount") or 0)),
              "currency": row.get("currency") or ""}
    matches = [m for m in row.get("matches") or [] if m.get("kind") in PAID_BY_DEBIT and m.get("document")]
    posted = row.get("status") in ("matched", "partial")
    if d.action == "corrected":
        problems.append(Problem(MSG_DEBIT_CORRECTED, d.source, params))
        return False
    if d.action == "rejected":
        if posted:
            _pay_bills(books, matches, -1)
        books.update("bank_transactions", d.transaction_id, status="unmatched", matches=[])
        return True
    if posted:  # what the automatic run posted stands, now locked
        return True
    if not matches:
        problems.append(Problem(MSG_DEBIT_NOTHING, d.source, params))
        return False
    stale = []
    for m in matches:
        if m.get("kind") != "bill":
            continue
        bill = books.get("bills", m["document"])
        left = _owed(bill) - Decimal(str(bill.get("paid") or 0)) if bill is not None else ZERO
        wanted = Decimal(str(m["amount"]))
        if wanted > left:
            stale.append(Problem(MSG_BILL_PAID_SINCE, d.source, {**params, "bill": m["document"],
                                                                 "open": max(left, ZERO), "amount": wanted}))
    if stale:
        problems.extend(stale)
        return False
    _pay_bills(books, matches, 1)
    books.update("bank_transactions", d.transaction_id, status="matched", matches=clerk_matches(matches, d.action))
    return True


def _pay_bills(books, matches: list[dict[str, Any]], sign: int) -> None:
    """The bills of `matches` paid by their amounts (`sign` -1: taken back, the bill approved
    again when it is no longer paid in full)."""
    for m in matches:
        if m.get("kind") != "bill":
            continue
        bill = books.get("bills", m["document"])
        if bill is None:
            continue
        paid = Decimal(str(bill.get("paid") or 0)) + sign * Decimal(str(m["amount"]))
        status = bill.get("status")
        if paid >= _owed(bill):
            status = "paid"
        elif status == "paid":
            status = "approved"
        books.update("bills", m["document"], paid=paid, status=status)
