"""The Amount column of the reconciliation workbook as a clerk may edit it.

The column shows what the bank booked. A clerk who lowers it means "post only this much"
(part of a payment to an invoice, the rest kept as the customer's credit), so an edited
amount is the amount to post when it can be: above zero, in the currency's smallest unit,
in the payment's currency (a sign written beside it must be the payment's, see `signs`), and
not more than was received. Anything else is refused at the cell, never ignored: a larger
amount, an edit on a payment out, on a rejected row or on a row with no decision.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from backoffice_auto.documents.currencywords import currencies_named
from backoffice_auto.errors import Label, Problem
from backoffice_auto.i18n import N_
from backoffice_auto.money import minor_digits
from backoffice_auto.payments.matching.workbook import H_AMOUNT, UNDECIDED, Decision

MSG_AMOUNT_OTHER_CURRENCY = N_("'{written}' in the column '{column}' is not in {currency}, the currency the bank "
                               "booked transaction {transaction} in: write the amount to post in {currency}")
MSG_AMOUNT_NOT_POSITIVE = N_("{written} in the column '{column}' is not an amount transaction {transaction} can "
                             "post: write an amount above zero in the currency's smallest unit (cents), at most "
                             "the {amount} {currency} received")
MSG_AMOUNT_OVER = N_("{written} {currency} in the column '{column}' is more than the {amount} {currency} "
                     "transaction {transaction} received: a payment posts at most what the bank booked")
MSG_AMOUNT_PAID_OUT = N_("the amount of transaction {transaction}, money paid out, was changed from {amount} to "
                         "{written} {currency}: a payment out is booked to its bills as the bank debited it; put "
                         "back {amount}")
MSG_AMOUNT_REJECTED = N_("transaction {transaction} is rejected, but its amount was changed from {amount} to "
                         "{written} {currency}: a rejected payment posts nothing; put back {amount}, or write "
                         "confirm or correct to post {written} {currency}")
MSG_AMOUNT_UNDECIDED = N_("the amount of transaction {transaction} was changed from {amount} to {written} "
                          "{currency}, but the row has no decision: write confirm to post {written} {currency} (the "
                          "rest is kept as the customer's credit), or correct with the invoice numbers, or put "
                          "back {amount}")


def amount_edit(row: dict[str, Any], d: Decision, problems: list[Problem]) -> tuple[bool, Decimal | None]:
    """(True, None) when the row's Amount is the bank's (or empty); (True, amount) when the
    clerk wrote another amount that can be posted; (False, None) and a problem at the cell
    when it cannot."""
    if d.amount is None:
        return True, None
    booked = Decimal(str(row.get("amount") or 0))
    currency = (row.get("currency") or "").upper()
    where = d.amount_source or d.source
    params = {"transaction": d.transaction_id, "amount": booked, "currency": currency, "column": Label(H_AMOUNT)}
    if d.amount_sign and currency not in currencies_named(d.amount_sign):
        problems.append(Problem(MSG_AMOUNT_OTHER_CURRENCY, where, {**params, "written": d.amount_text[:40]}))
        return False, None
    written = d.amount
    if written == booked:
        return True, None
    params["written"] = written
    if booked <= 0:
        problems.append(Problem(MSG_AMOUNT_PAID_OUT, where, params))
        return False, None
    if d.action == UNDECIDED:
        problems.append(Problem(MSG_AMOUNT_UNDECIDED, where, params))
        return False, None
    if d.action == "rejected":
        problems.append(Problem(MSG_AMOUNT_REJECTED, where, params))
        return False, None
    try:
        digits = minor_digits(currency)
    except ValueError:
        digits = 2
    if not written.is_finite() or written <= 0:
        problems.append(Problem(MSG_AMOUNT_NOT_POSITIVE, where, params))
        return False, None
    if written > booked:  # (before rounding: 1E+300 is more than received, not an error of the decimal context)
        problems.append(Problem(MSG_AMOUNT_OVER, where, params))
        return False, None
    try:
        cents = written.quantize(Decimal(1).scaleb(-digits))
    except InvalidOperation:
        cents = None
    if cents is None or cents != written:
        problems.append(Problem(MSG_AMOUNT_NOT_POSITIVE, where, params))
        return False, None
    return True, cents
