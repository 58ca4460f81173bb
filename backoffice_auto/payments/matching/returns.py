"""Returned payments: a bank line that gives an earlier payment back, and what that undoes.

Why: a transfer to a supplier whose account was closed comes back a few days later, and a
bank reverses a booking it made by mistake. Matching took the return for a new payment (a
credit from a supplier, suggested against a customer invoice of the same amount) while the
bill stayed `paid`, and a customer payment that was given back left its invoice `paid`, so
nobody asked for the money again.

A return carries the end-to-end id of the payment it gives back (SEPA returns and bank
reversals repeat it), for the opposite amount, in the same currency, on the same account,
booked after it, with the same account on the other side when the bank names it on both.
When exactly one booked line fits (or, of several, exactly one paid nothing: the bank gives
back a duplicate debit of our transfer), the two are paired:
- the original's postings are undone: its invoices are open again for the amount it paid
  (`partial` or `open`, so ageing and dunning see them), its bills are put `on_hold` with
  the reason (paying again to the same account would bounce again);
- the original becomes `returned`, the return `matched` to it (allocation kind `return`).
A credit with the end-to-end id of one of our transfers (payables' payment runs) whose
debit is not in the books yet puts that transfer's bills on hold too. A line the bank marks as
the reversal of an earlier booking (camt `RvslInd`, MT940 `RC`/`RD`) with no end-to-end id is
paired the same way with the one earlier line of the opposite amount on its account within
`REVERSAL_DAYS` (of several, the one from the same account on the other side); a bank's correction of a customer's credit
then opens the invoice it paid again instead of leaving it paid. Anything less sure is left to
the normal matching, as before. `find_returns` is pure; `apply_returns` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Sequence

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_

#: End-to-end ids that name no payment (SEPA's placeholder and the banks' own).
NO_ID = frozenset({"", "NOTPROVIDED", "NONREF", "NONE", "N/A", "NA", "0"})

R_RETURNS = N_("gives back payment {original} of {date} (same end-to-end id {id}, opposite amount)")
R_REVERSES = N_("reverses payment {original} of {date} (the bank marks it as a reversal, for the opposite amount "
                "on the same account)")
R_RETURNS_TRANSFER = N_("gives back our transfer {id} to {supplier}")
HOLD_REASON = N_("our transfer {id} came back from the bank on {date}: check the supplier's bank account "
                 "before paying again")
MSG_RETURN_INVOICES = N_("{transaction} gives back payment {original} ({amount}): invoices {invoices} are open "
                         "again")
MSG_RETURN_BILLS = N_("{transaction} gives back our transfer {id} ({amount}): bills {bills} are on hold")
MSG_RETURN = N_("{transaction} gives back payment {original} ({amount})")


@dataclass(frozen=True)
class Line:
    """What pairing needs of a bank line (a `bank_transactions` row)."""

    transaction_id: str
    account: str
    booking_date: date | None
    amount: Decimal
    currency: str
    end_to_end_id: str
    status: str
    counterparty: str = ""  # the other side's account, compact; "" when the bank gave none
    reversal: bool = False  # the bank marks the line as the reversal of an earlier booking

    @classmethod
    def of(cls, row: dict[str, Any]) -> "Line":
        return cls(row["transaction_id"], (row.get("account_iban") or "").upper(), row.get("booking_date"),
                   row.get("amount") or Decimal(0), (row.get("currency") or "").upper(),
                   payment_id(row.get("end_to_end_id")), row.get("status") or "unmatched",
                   "".join((row.get("counterparty_iban") or "").split()).upper(), bool(row.get("reversal")))

    @property
    def bare_reversal(self) -> bool:
        """A reversal with no end-to-end id to pair it by: paired by its account and amount."""
        return self.reversal and not self.end_to_end_id


@dataclass(frozen=True)
class Pair:
    returned: Line  # the line that gives the money back (new in this import)
    original: Line | None  # the payment it gives back, when it is in the books
    transfer: Any = None  # our transfer (`outgoing.Transfer`) a credit gives back, when it is one


def payment_id(value: str | None) -> str:
    """An end-to-end id as compared (spaces and case aside); "" for none or a placeholder."""
    text = "".join((value or "").split()).upper()
    return "" if text in NO_ID else text


def find_returns(new: Sequence[Line], booked: Iterable[Line], transfers: Iterable[Any] = ()) -> list[Pair]:
    """The new lines that give back an earlier one, in booking order; `booked` holds every line
    in the books (the new ones too). A line is paired once, an original given back once."""
    by_id: dict[str, list[Line]] = {}
    for line in booked:
        if line.end_to_end_id:
            by_id.setdefault(line.end_to_end_id, []).append(line)
    ours = {payment_id(t.end_to_end_id): t for t in transfers if payment_id(t.end_to_end_id)}
    taken: set[str] = {line.transaction_id for line in booked if line.status == "returned"}
    by_amount: dict[tuple[str, str, Decimal], list[Line]] = {}
    if any(line.bare_reversal for line in new):
        for line in booked:
            if not line.reversal:
                by_amount.setdefault((line.account, line.currency, line.amount), []).append(line)
    pairs: list[Pair] = []
    for line in sorted(new, key=_order):
        if line.transaction_id in taken or not line.amount or not (line.end_to_end_id or line.reversal):
            continue
        if line.end_to_end_id:
            maybe = by_id.get(line.end_to_end_id, ())
        else:  # the bank's reversal without an id: the earlier line of the opposite amount on the account
            maybe = by_amount.get((line.account, line.currency, -line.amount), ())
        fits = [o for o in maybe
                if o.transaction_id != line.transaction_id and o.transaction_id not in taken
                and o.amount == -line.amount and o.currency == line.currency and o.account == line.account
                and (not o.counterparty or not line.counterparty or o.counterparty == line.counterparty)
                and _order(o) < _order(line)]
        if not line.end_to_end_id:  # a bank corrects its booking within weeks, not years later
            fits = [o for o in fits if _days_apart(o, line) <= REVERSAL_DAYS]
            if len(fits) > 1:  # the one from the same account on the other side, if any
                same = [o for o in fits if o.counterparty and o.counterparty == line.counterparty]
                fits = same if len(same) == 1 else fits
        if len(fits) > 1:  # the bank booked it twice and gives back the line that paid nothing (a duplicate)
            idle = [o for o in fits if o.status == "unmatched"]
            fits = idle if len(idle) == 1 else fits
        transfer = ours.get(line.end_to_end_id) if line.amount > 0 else None
        if transfer is not None and (transfer.amount != line.amount or transfer.currency != line.currency):
            transfer = None
        if len(fits) == 1:
            pairs.append(Pair(line, fits[0], transfer))
            taken.update((line.transaction_id, fits[0].transaction_id))
        elif not fits and transfer is not None:
            pairs.append(Pair(line, None, transfer))
            taken.add(line.transaction_id)
    return pairs


REVERSAL_DAYS = 92  # how far back a reversal without an id is paired


def _days_apart(earlier: Line, later: Line) -> int:
    if earlier.booking_date is None or later.booking_date is None:
        return REVERSAL_DAYS + 1  # no date to tell: not paired by amount alone
    return (later.booking_date - earlier.booking_date).days


def _order(line: Line) -> tuple[date, int, str]:
    """Booking order: the day, then the order of booking (transaction ids grow); an original
    comes before what gives it back."""
    return line.booking_date or date.min, len(line.transaction_id), line.transaction_id


# --------------------------------------------------------------------------- books


def apply_returns(books, new_ids: Sequence[str], transfers: Sequence[Any], language: str) -> tuple[set[str], list[Problem]]:
    """Pair the new lines with what they give back and undo it in the books; the ids of the
    lines handled here (no other matching for them) and a note per return."""
    from backoffice_auto.payments.matching.books import matches_field
    from backoffice_auto.payments.matching.records import Allocation, MatchResult, Reason
    from backoffice_auto.reports.figures import amounts

    wanted = set(new_ids)
    new_rows = books.rows("bank_transactions", transaction_id=wanted)
    ids = {r["end_to_end_id"] for r in new_rows if payment_id(r.get("end_to_end_id"))}
    rows = {r["transaction_id"]: r for r in books.rows("bank_transactions", end_to_end_id=ids)} if ids else {}
    # a reversal without an end-to-end id is paired among the lines of its account (rare: read only then)
    accounts = {r["account_iban"] for r in new_rows if Line.of(r).bare_reversal and r.get("account_iban")}
    if accounts:
        rows.update((r["transaction_id"], r) for r in books.rows("bank_transactions", account_iban=accounts))
    rows.update((r["transaction_id"], r) for r in new_rows)
    lines = {tid: Line.of(r) for tid, r in rows.items()}
    pairs = find_returns([lines[t] for t in new_ids if t in lines], lines.values(), transfers)
    handled: set[str] = set()
    notes: list[Problem] = []
    for pair in pairs:
        back, original = pair.returned, pair.original
        money = amounts({back.currency: abs(back.amount)}, language)
        reopened: list[str] = []
        held: list[str] = []
        posted = original is not None and original.status in ("matched", "partial")  # else nothing to undo
        if posted:
            for match in rows[original.transaction_id].get("matches") or []:
                kind, document = match.get("kind"), match.get("document")
                amount = Decimal(str(match.get("amount") or 0))
                if kind == "invoice" and books.get("sales_invoices", document) is not None:
                    inv = books.get("sales_invoices", document)
                    paid = (inv.get("paid") or Decimal(0)) - amount
                    books.update("sales_invoices", document, paid=paid, status=_invoice_status(inv, paid))
                    reopened.append(document)
                elif kind == "bill" and books.get("bills", document) is not None:
                    bill = books.get("bills", document)
                    books.update("bills", document, paid=(bill.get("paid") or Decimal(0)) - amount)
                    held.append(document)
        if pair.transfer is not None:
            # (a bill another debit of the transfer paid stays paid: this one gave back a duplicate)
            held.extend(b for b, _ in pair.transfer.bills if b not in held and books.get("bills", b) is not None
                        and (books.get("bills", b).get("status") != "paid" or posted))
        for bill_id in held:
            books.update("bills", bill_id, status="on_hold", hold_reason=_hold_reason(pair, language))
        if original is not None:
            books.update("bank_transactions", original.transaction_id, status="returned")
            reason = Reason(R_RETURNS, 100, (("date", original.booking_date or "-"), ("id", back.end_to_end_id),
                                             ("original", original.transaction_id))) if back.end_to_end_id else \
                Reason(R_REVERSES, 100, (("date", original.booking_date or "-"), ("original", original.transaction_id)))
            allocations = (Allocation(original.transaction_id, abs(back.amount), "return"),)
        else:
            reason = Reason(R_RETURNS_TRANSFER, 100, (("id", back.end_to_end_id),
                                                      ("supplier", pair.transfer.supplier_id)))
            allocations = tuple(Allocation(b, a, "return") for b, a in pair.transfer.bills)
        result = MatchResult(back.transaction_id, "matched", 100, allocations, (reason,))
        books.update("bank_transactions", back.transaction_id, status="matched", matches=matches_field(result))
        handled.add(back.transaction_id)
        if original is not None and original.transaction_id in wanted:
            handled.add(original.transaction_id)  # came and went in this import: not matched either
        what = original.transaction_id if original is not None else back.end_to_end_id
        if reopened:
            notes.append(Problem(MSG_RETURN_INVOICES, None, {"transaction": back.transaction_id, "original": what,
                                                             "amount": money, "invoices": ", ".join(reopened)},
                                 "warning"))
        elif held:
            notes.append(Problem(MSG_RETURN_BILLS, None, {"transaction": back.transaction_id, "id": _what(pair),
                                                          "amount": money, "bills": ", ".join(held)}, "warning"))
        else:
            notes.append(Problem(MSG_RETURN, None, {"transaction": back.transaction_id, "original": what,
                                                    "amount": money}, "info"))
    return handled, notes


def _invoice_status(row: dict[str, Any], paid: Decimal) -> str:
    from backoffice_auto.payments.matching.engine import invoice_status
    from backoffice_auto.payments.matching.books import invoice_from_row

    return invoice_status(invoice_from_row(dict(row, paid=paid), None))


def _hold_reason(pair: Pair, language: str) -> str:
    return Problem(HOLD_REASON, None, {"id": _what(pair),
                                       "date": pair.returned.booking_date or "-"}).text(language)


def _what(pair: Pair) -> str:
    """How a note names the payment given back: its end-to-end id, else (a bare reversal) its line."""
    return pair.returned.end_to_end_id or (pair.original.transaction_id if pair.original is not None else "")
