"""The reconciliation workbook back from `inbox/approvals/`: the clerk's decisions applied.

`confirm` posts what was suggested (or keeps what was posted), `reject` takes a posting
back and leaves the payment unmatched, `correct` posts the payment to the invoices the
clerk listed (oldest due first; a discount, fee or overpayment handled as matching
would). Every decided transaction is recorded in `payment_reviews` and is never changed by
a later automatic run. The whole file is refused, naming each bad cell, when any decision
cannot be applied (an unknown transaction or invoice, a word that is not a decision).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice_auto.documents.keymatch import KeyMatcher
from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Problem, Refusal
from backoffice_auto.i18n import N_
from backoffice_auto import ledger
from backoffice_auto.money import minor_digits
from backoffice_auto.payments.matching.books import invoice_from_row, payment_from_transaction, review_row
from backoffice_auto.payments.matching.decide import Decider
from backoffice_auto.payments.matching.engine import invoice_status
from backoffice_auto.payments.matching.records import compact_iban, customer_from_row
from backoffice_auto.payments.matching.signs import sign_problem
from backoffice_auto.payments.matching.workbook import (Decision, has_decision_columns, looks_like_reconciliation,
                                                        read_decisions)
from backoffice_auto.payments.rules_model import PaymentsRules
from backoffice_auto.pipeline.handler import Incoming, JobContext

MSG_UNKNOWN_TRANSACTION = N_("transaction {transaction} is not in the books")
MSG_UNKNOWN_INVOICE = N_("invoice {invoice} is not in the books")
MSG_NOTHING_TO_CONFIRM = N_("transaction {transaction} has no suggestion to confirm; use correct with invoice numbers")
MSG_RETURNED = N_("transactions {transaction} and {other} are a payment and the bank giving it back (the same "
                  "end-to-end id): there is nothing to decide; leave the row empty")
MSG_PAID_OUT = N_("transaction {transaction} is money paid out ({amount} {currency}): this workbook decides "
                  "payments received only; leave the row empty")
MSG_OTHER_CURRENCY = N_("invoice {invoice} is in {invoice_currency} and the payment in {currency}: a payment is "
                        "posted only to invoices in its own currency")
MSG_ALREADY_PAID = N_("invoice {invoice} was already paid in full: transaction {transaction} paid nothing on it; "
                      "what is left of the payment is the customer's credit")
MSG_PAID_SINCE = N_("the suggestion for transaction {transaction} can no longer be confirmed: invoice {invoice} "
                    "has {open} {currency} left to pay, not the {amount} {currency} suggested (it was paid since); write correct and the "
                    "invoice numbers this payment pays")
MSG_SPLIT_OVER_PAYMENT = N_("the amounts written for transaction {transaction} add up to {total} {currency}, more "
                            "than the payment of {amount} {currency}: correct the amounts")
MSG_SPLIT_OVER_OPEN = N_("{amount} {currency} written for invoice {invoice} is more than the {open} {currency} left "
                         "to pay on it: write at most that, and the rest for another invoice or for none (it is "
                         "then kept as the customer's credit)")
MSG_SPLIT_NOT_POSITIVE = N_("{amount} {currency} written for invoice {invoice} is not an amount that can be paid: "
                            "write an amount above zero in the currency's smallest unit (cents), or the invoice "
                            "number alone")
MSG_CHANGED_SINCE = N_("transaction {transaction} now stands posted to {now}, not to {shown} as this row shows: "
                       "it was decided since this workbook was written. Decide it in the latest reconciliation "
                       "workbook, or write correct and the invoice numbers it pays")
MSG_OTHER_CUSTOMER = N_("invoice {invoice} is customer {customer}'s, but the payer's account {iban} is customer "
                        "{payer}'s: posted as written; check the invoice number if that was not meant")
MSG_DECIDED_TWICE = N_("transaction {transaction} is decided twice in this workbook ({other}); keep one decision")
MSG_DECIDED = N_("{count} decision(s) applied: {confirmed} confirmed, {corrected} corrected, {rejected} rejected")
R_CLERK = N_("decided by a clerk ({action})")
ZERO = Decimal(0)


class ReconciliationHandler:
    kind = "payments-approval"
    folders = ("approvals",)

    def identify(self, incoming: Incoming) -> bool:
        if incoming.folder_hint not in (None, "approvals", "bank") or incoming.suffix not in (".xlsx", ".xlsm"):
            return False
        if looks_like_reconciliation(incoming.data):
            return True
        # the first sheet (the key) renamed or deleted by the clerk: known by its columns, in approvals/ only
        # (no other job's workbook has these two columns, so no two handlers claim it)
        return incoming.folder_hint == "approvals" and has_decision_columns(incoming.data)

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        book = read_workbook(incoming.data, incoming.name, ctx.settings.limits)
        decisions, problems = read_decisions(book.sheets, ctx.settings.locale)
        rules: PaymentsRules = ctx.job_rules  # the job's typed rules, defaults declared on the model
        notes: list[Problem] = []
        counts = apply_decisions(ctx.books, decisions, rules, ctx.job_id, ctx.today, problems, notes)
        if problems:
            raise Refusal(problems)
        for note in notes:
            ctx.note(note)
        # none found (the decisions written elsewhere than the Decision column): said as a warning
        ctx.note(Problem(MSG_DECIDED, None, {"count": sum(counts.values()), **counts},
                         "info" if sum(counts.values()) else "warning"))


def _posted_invoice_allocations(row: dict[str, Any]) -> list[dict[str, Any]]:
    if row.get("status") not in ("matched", "partial"):
        return []
    return [m for m in row.get("matches") or [] if m.get("kind") == "invoice" and m.get("document")]


def apply_decisions(books, decisions, rules: PaymentsRules, job_id: str, today: date,
                    problems: list[Problem], notes: list[Problem] | None = None) -> dict[str, int]:
    """Each decision applied to the books; what cannot be applied goes to `problems` (the
    file is then refused), what the clerk should know of one that was, to `notes`."""
    notes = [] if notes is None else notes
    counts = {"confirmed": 0, "corrected": 0, "rejected": 0}
    decider = Decider(rules.matching)
    customers = {r["customer_id"]: r for r in books.rows("customers")}
    owners_of: dict[str, set[str]] | None = None  # account -> its customers, on the first correction
    numbers: KeyMatcher | None = None  # the invoice numbers, made when a written one is not a key as it stands
    for d in _once(decisions, problems):
        row = books.get("bank_transactions", d.transaction_id)
        if row is None:
            problems.append(Problem(MSG_UNKNOWN_TRANSACTION, d.source, {"transaction": d.transaction_id}))
            continue
        returned = _return_of(books, row)
        if returned is not None:  # a return and what it gave back are paired by the bank's ids (`returns`)
            problems.append(Problem(MSG_RETURNED, d.source, {"transaction": d.transaction_id, "other": returned}))
            continue
        amount = Decimal(str(row.get("amount") or 0))
        if amount <= 0:  # a debit: its match is to bills or payroll (`outgoing`), never to a sales invoice
            problems.append(Problem(MSG_PAID_OUT, d.source, {"transaction": d.transaction_id, "amount": amount,
                                                              "currency": row.get("currency") or ""}))
            continue
        if d.action == "confirmed" and row.get("status") in ("matched", "partial"):
            now = [str(m.get("document")) for m in _posted_invoice_allocations(row)]
            if d.shown and {x.casefold() for x in d.shown} != {x.casefold() for x in now}:
                # decided since this workbook was written: confirming would pass off another posting as seen
                problems.append(Problem(MSG_CHANGED_SINCE, d.source, {"transaction": d.transaction_id,
                                                                      "shown": ", ".join(d.shown),
                                                                      "now": ", ".join(now) or "-"}))
                continue
            # the posting stands, now locked
        elif d.action == "confirmed":
            allocations = [m for m in row.get("matches") or [] if m.get("document")]
            if not allocations:
                problems.append(Problem(MSG_NOTHING_TO_CONFIRM, d.source, {"transaction": d.transaction_id}))
                continue
            stale = _paid_since(books, allocations)
            if stale:  # paid by another payment after the suggestion was made: confirming would pay it twice
                problems.extend(Problem(MSG_PAID_SINCE, d.source, {"transaction": d.transaction_id,
                                                                   "currency": row.get("currency") or "", **p})
                                for p in stale)
                continue
            _reverse(books, row)
            _credit(books, allocations)
            status = "matched" if all(_settled(books, m["document"]) for m in allocations
                                      if m.get("kind") == "invoice") else "partial"
            books.update("bank_transactions", d.transaction_id, status=status, matches=_clerk(allocations, d.action))
        elif d.action == "rejected":
            _reverse(books, row)
            books.update("bank_transactions", d.transaction_id, status="unmatched", matches=[])
        else:
            invoices, unknown = [], False
            given: dict[str, Decimal] = {}  # invoice number -> the amount the clerk wrote beside it
            for position, number in enumerate(d.documents):
                inv_row = books.get("sales_invoices", number)
                if inv_row is None:  # typed in another case, or a number kept without its leading zeros
                    if numbers is None:
                        numbers = KeyMatcher(r["invoice_number"] for r in books.rows("sales_invoices"))
                    found = numbers.find(number)[0]
                    inv_row = books.get("sales_invoices", found) if found is not None else None
                if inv_row is None:
                    problems.append(Problem(MSG_UNKNOWN_INVOICE, d.documents_source or d.source, {"invoice": number}))
                    unknown = True
                    break
                if inv_row.get("currency") != row.get("currency"):
                    problems.append(Problem(MSG_OTHER_CURRENCY, d.documents_source or d.source,
                                            {"invoice": inv_row["invoice_number"],
                                             "invoice_currency": inv_row.get("currency") or "",
                                             "currency": row.get("currency") or ""}))
                    unknown = True
                    break
                if all(r["invoice_number"] != inv_row["invoice_number"] for r in invoices):  # listed twice: once
                    invoices.append(inv_row)
                amount = d.amounts[position] if position < len(d.amounts) else None
                sign = d.currencies[position] if position < len(d.currencies) else None
                wrong = sign_problem(sign, amount, (row.get("currency") or "").upper(),
                                     d.documents_source or d.source, invoice=inv_row["invoice_number"])
                if wrong is not None:
                    problems.append(wrong)
                    unknown = True
                    break
                if amount is not None:  # listed twice with amounts: they add up
                    given[inv_row["invoice_number"]] = given.get(inv_row["invoice_number"], ZERO) + amount
            else:
                _reverse(books, row)
                fresh = [invoice_from_row(books.get("sales_invoices", r["invoice_number"]),
                                          (customers.get(r.get("customer_id")) or {}).get("payment_terms"))
                         for r in invoices]
                payment = payment_from_transaction(ledger.BankTransaction.from_row(row))
                split = _split(fresh, given, payment, d, problems) if given else None
                if given and split is None:
                    continue
                rest = [inv for inv in fresh if inv.invoice_number not in given]
                rest.sort(key=lambda i: (i.due_date or date.max, i.invoice_number))
                left = payment.amount - sum(given.values(), ZERO)
                s = decider._settle(rest, replace(payment, amount=left), rest[0].customer_id) \
                    if rest and left > 0 else None
                allocations = (split or []) + [{"document": a.document, "amount": a.amount, "kind": a.kind}
                                               for a in (s.allocations if s else ()) if a.amount or a.kind != "invoice"]
                if given and not rest and left > 0:  # every invoice got its amount: the rest is the customer's credit
                    allocations.append({"document": "credit:" + fresh[0].customer_id, "amount": left,
                                        "kind": "credit"})
                if owners_of is None:
                    owners_of = _account_owners(customers)
                owners = owners_of.get(compact_iban(row.get("counterparty_iban")), set())
                for inv in fresh:
                    if owners and inv.customer_id not in owners:  # a slip of one digit, or a parent paying
                        notes.append(Problem(MSG_OTHER_CUSTOMER, d.documents_source or d.source,
                                             {"invoice": inv.invoice_number, "customer": inv.customer_id,
                                              "iban": row.get("counterparty_iban"), "payer": ", ".join(sorted(owners))},
                                             "warning"))
                    if inv.open_amount <= 0:
                        notes.append(Problem(MSG_ALREADY_PAID, d.documents_source or d.source,
                                             {"invoice": inv.invoice_number, "transaction": d.transaction_id},
                                             "warning"))
                _credit(books, allocations)
                status = "matched" if all(_settled(books, inv.invoice_number) for inv in fresh) else "partial"
                books.update("bank_transactions", d.transaction_id, status=status,
                             matches=_clerk(allocations, d.action))
            if unknown:
                continue
        books.upsert("payment_reviews", review_row(d.transaction_id, d.action, d.documents, job_id, today))
        counts[d.action] += 1
    return counts


def _account_owners(customers: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Each account the customers' `iban` cells name -> the customers naming it (made once per
    workbook, on its first correction)."""
    owners: dict[str, set[str]] = {}
    for c in map(customer_from_row, customers.values()):
        for account in c.ibans:
            owners.setdefault(account, set()).add(c.customer_id)
    return owners


def _split(fresh, given: dict[str, Decimal], payment, d: Decision, problems: list[Problem]):
    """The allocations of the amounts the clerk wrote beside the invoices, or None (and the
    problems) when one is not above zero, is more than the invoice has open, or they add up
    to more than the payment."""
    where = d.documents_source or d.source
    currency = payment.currency
    bad = False
    out = []
    for inv in fresh:
        amount = given.get(inv.invoice_number)
        if amount is None:
            continue
        params = {"transaction": d.transaction_id, "invoice": inv.invoice_number, "amount": amount,
                  "currency": currency}
        cents = amount.quantize(Decimal(1).scaleb(-minor_digits(currency))) if amount.is_finite() else None
        if cents is None or cents != amount or amount <= 0:
            problems.append(Problem(MSG_SPLIT_NOT_POSITIVE, where, params))
            bad = True
        elif amount > inv.open_amount:
            problems.append(Problem(MSG_SPLIT_OVER_OPEN, where, {**params, "open": max(inv.open_amount, ZERO)}))
            bad = True
        else:
            out.append({"document": inv.invoice_number, "amount": cents, "kind": "invoice"})
    total = sum(given.values(), ZERO)
    if not bad and total > payment.amount:
        problems.append(Problem(MSG_SPLIT_OVER_PAYMENT, where, {"transaction": d.transaction_id, "total": total,
                                                                "amount": payment.amount, "currency": currency}))
        bad = True
    return None if bad else out


def _once(decisions: list[Decision], problems: list[Problem]) -> list[Decision]:
    """Each transaction's decision once: the same decision written twice counts once; two
    different ones for one transaction are a problem at each of their cells."""
    by_tid: dict[str, list[Decision]] = {}
    for d in decisions:
        by_tid.setdefault(d.transaction_id, []).append(d)
    out = []
    for tid, found in by_tid.items():
        if len({(d.action, tuple(x.casefold() for x in d.documents), d.amounts) for d in found}) == 1:
            out.append(found[0])
            continue
        for d in found:
            others = ", ".join(o.source.render() for o in found if o is not d)
            problems.append(Problem(MSG_DECIDED_TWICE, d.source, {"transaction": tid, "other": others}))
    return out


def _paid_since(books, allocations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The suggested invoice allocations that are more than what their invoices still have
    open, each as a message's parameters."""
    out = []
    for m in allocations:
        if m.get("kind", "invoice") != "invoice":
            continue
        inv = books.get("sales_invoices", m["document"])
        wanted = Decimal(str(m["amount"]))
        left = (inv.get("total") or ZERO) - (inv.get("paid") or ZERO) if inv is not None else ZERO
        if wanted > left:
            out.append({"invoice": m["document"], "open": max(left, ZERO), "amount": wanted})
    return out


def _return_of(books, row: dict[str, Any]) -> str | None:
    """The other side of a returned payment: the line that gave `row` back, or what `row` gives
    back; None when `row` is neither."""
    returns = [m for m in row.get("matches") or [] if m.get("kind") == "return"]
    if returns:
        return ", ".join(str(m.get("document")) for m in returns)
    if row.get("status") != "returned":
        return None
    for other in books.rows("bank_transactions", end_to_end_id=row.get("end_to_end_id")):
        if any(m.get("kind") == "return" and m.get("document") == row["transaction_id"] for m in other.get("matches") or []):
            return other["transaction_id"]
    return "-"


def _clerk(allocations: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    reason = {"message": R_CLERK, "params": {"action": action}, "points": 100}
    return [{"document": m["document"], "amount": Decimal(str(m["amount"])), "kind": m.get("kind", "invoice"),
             "score": 100, "customer_id": m.get("customer_id"), "reasons": [reason]} for m in allocations]


def _credit(books, allocations, sign: int = 1) -> None:
    for m in allocations:
        if m.get("kind") != "invoice":
            continue
        inv = books.get("sales_invoices", m["document"])
        if inv is None:
            continue
        paid = (inv.get("paid") or ZERO) + sign * Decimal(str(m["amount"]))
        record = invoice_from_row({**inv, "paid": paid}, None)
        books.update("sales_invoices", m["document"], paid=paid, status=invoice_status(record))


def _reverse(books, row: dict[str, Any]) -> None:
    _credit(books, _posted_invoice_allocations(row), sign=-1)


def _settled(books, number: str) -> bool:
    inv = books.get("sales_invoices", number)
    return inv is not None and (inv.get("paid") or ZERO) >= (inv.get("total") or ZERO)


__all__ = ["ReconciliationHandler", "apply_decisions"]
