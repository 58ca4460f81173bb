"""The reconciliation workbook back from `inbox/approvals/`: the clerk's decisions applied.

`confirm` posts what was suggested (or keeps what was posted), `reject` takes a posting
back and leaves the payment unmatched, `correct` posts the payment to the invoices the
clerk listed (oldest due first; a discount, fee or overpayment handled as matching
would; the amounts posted are the clerk's where written: beside the invoices, or the row's
Amount lowered, see `corrections` and `amount_edits`). A payment out is confirmed to the
bills suggested for it or rejected (`debit_decisions`). Every decided transaction is recorded in `payment_reviews` and is never changed by
a later automatic run. The whole file is refused, naming each bad cell, when any decision
cannot be applied (an unknown transaction or invoice, a word that is not a decision).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Problem, Refusal
from backoffice_auto.i18n import N_
from backoffice_auto.payments.matching.amount_edits import amount_edit
from backoffice_auto.payments.matching.books import review_row
from backoffice_auto.payments.matching.corrections import Corrections
from backoffice_auto.payments.matching.debit_decisions import decide_debit
from backoffice_auto.payments.matching.decide import Decider
from backoffice_auto.payments.matching.posting import (clerk_matches, credit_invoices, posted_invoice_allocations,
                                                       reverse_posting, settled)
from backoffice_auto.payments.matching.workbook import (UNDECIDED, Decision, has_decision_columns,
                                                        looks_like_reconciliation, read_decisions)
from backoffice_auto.payments.rules_model import PaymentsRules
from backoffice_auto.pipeline.handler import Incoming, JobContext

MSG_UNKNOWN_TRANSACTION = N_("transaction {transaction} is not in the books")
MSG_NOTHING_TO_CONFIRM = N_("transaction {transaction} has no suggestion to confirm; use correct with invoice numbers")
MSG_RETURNED = N_("transactions {transaction} and {other} are a payment and the bank giving it back (the same "
                  "end-to-end id): there is nothing to decide; leave the row empty")
MSG_PAID_SINCE = N_("the suggestion for transaction {transaction} can no longer be confirmed: invoice {invoice} "
                    "has {open} {currency} left to pay, not the {amount} {currency} suggested (it was paid since); write correct and the "
                    "invoice numbers this payment pays")
MSG_CHANGED_SINCE = N_("transaction {transaction} now stands posted to {now}, not to {shown} as this row shows: "
                       "it was decided since this workbook was written. Decide it in the latest reconciliation "
                       "workbook, or write correct and the invoice numbers it pays")
MSG_DECIDED_TWICE = N_("transaction {transaction} is decided twice in this workbook ({other}); keep one decision")
MSG_DECIDED = N_("{count} decision(s) applied: {confirmed} confirmed, {corrected} corrected, {rejected} rejected")
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


def apply_decisions(books, decisions, rules: PaymentsRules, job_id: str, today: date,
                    problems: list[Problem], notes: list[Problem] | None = None) -> dict[str, int]:
    """Each decision applied to the books; what cannot be applied goes to `problems` (the
    file is then refused), what the clerk should know of one that was, to `notes`."""
    notes = [] if notes is None else notes
    counts = {"confirmed": 0, "corrected": 0, "rejected": 0}
    corrections = Corrections(books, Decider(rules.matching), problems, notes)
    decided = {d.transaction_id for d in decisions if d.action != UNDECIDED}
    for d in decisions:  # a row whose Amount the clerk changed but left undecided: never ignored
        if d.action == UNDECIDED and d.transaction_id not in decided:
            row = books.get("bank_transactions", d.transaction_id)
            if row is not None:
                amount_edit(row, d, problems)
    for d in _once([d for d in decisions if d.action != UNDECIDED], problems):
        row = books.get("bank_transactions", d.transaction_id)
        if row is None:
            problems.append(Problem(MSG_UNKNOWN_TRANSACTION, d.source, {"transaction": d.transaction_id}))
            continue
        returned = _return_of(books, row)
        if returned is not None:  # a return and what it gave back are paired by the bank's ids (`returns`)
            problems.append(Problem(MSG_RETURNED, d.source, {"transaction": d.transaction_id, "other": returned}))
            continue
        ok, budget = amount_edit(row, d, problems)
        if not ok:
            continue
        posted = row.get("status") in ("matched", "partial")
        if d.action == "confirmed" and posted:
            now = [str(m.get("document")) for m in row.get("matches") or []
                   if m.get("kind") in ("invoice", "bill", "payroll") and m.get("document")]
            if d.shown and {x.casefold() for x in d.shown} != {x.casefold() for x in now}:
                # decided since this workbook was written: confirming would pass off another posting as seen
                problems.append(Problem(MSG_CHANGED_SINCE, d.source, {"transaction": d.transaction_id,
                                                                      "shown": ", ".join(d.shown),
                                                                      "now": ", ".join(now) or "-"}))
                continue
        if Decimal(str(row.get("amount") or 0)) <= 0:  # a debit: its match is to bills or payroll (`outgoing`)
            if not decide_debit(books, row, d, problems):
                continue
        elif d.action == "confirmed" and posted:
            # the posting stands, now locked; with less written than the bank booked, that is posted instead
            invoices = [m["document"] for m in posted_invoice_allocations(row)]
            if budget is not None and not invoices:
                problems.append(Problem(MSG_NOTHING_TO_CONFIRM, d.source, {"transaction": d.transaction_id}))
                continue
            if budget is not None and not corrections.post(row, d, invoices, budget=budget):
                continue
        elif d.action == "confirmed":
            allocations = [m for m in row.get("matches") or [] if m.get("document")]
            if not allocations:
                problems.append(Problem(MSG_NOTHING_TO_CONFIRM, d.source, {"transaction": d.transaction_id}))
                continue
            stale = _paid_since(books, allocations, budget)
            if stale:  # paid by another payment after the suggestion was made: confirming would pay it twice
                problems.extend(Problem(MSG_PAID_SINCE, d.source, {"transaction": d.transaction_id,
                                                                   "currency": row.get("currency") or "", **p})
                                for p in stale)
                continue
            if budget is not None:  # less than the bank booked: that much to the invoices suggested
                invoices = [m["document"] for m in allocations if m.get("kind", "invoice") == "invoice"]
                if not invoices:
                    problems.append(Problem(MSG_NOTHING_TO_CONFIRM, d.source, {"transaction": d.transaction_id}))
                    continue
                if not corrections.post(row, d, invoices, budget=budget):
                    continue
            else:
                reverse_posting(books, row)
                credit_invoices(books, allocations)
                status = "matched" if all(settled(books, m["document"]) for m in allocations
                                          if m.get("kind") == "invoice") else "partial"
                books.update("bank_transactions", d.transaction_id, status=status,
                             matches=clerk_matches(allocations, d.action))
        elif d.action == "rejected":
            reverse_posting(books, row)
            books.update("bank_transactions", d.transaction_id, status="unmatched", matches=[])
        elif not corrections.post(row, d, d.documents, d.amounts, d.currencies, budget):
            continue
        books.upsert("payment_reviews", review_row(d.transaction_id, d.action, d.documents, job_id, today))
        counts[d.action] += 1
    return counts


def _once(decisions: list[Decision], problems: list[Problem]) -> list[Decision]:
    """Each transaction's decision once: the same decision written twice counts once; two
    different ones for one transaction are a problem at each of their cells."""
    by_tid: dict[str, list[Decision]] = {}
    for d in decisions:
        by_tid.setdefault(d.transaction_id, []).append(d)
    out = []
    for tid, found in by_tid.items():
        if len({(d.action, tuple(x.casefold() for x in d.documents), d.amounts, d.amount) for d in found}) == 1:
            out.append(found[0])
            continue
        for d in found:
            others = ", ".join(o.source.render() for o in found if o is not d)
            problems.append(Problem(MSG_DECIDED_TWICE, d.source, {"transaction": tid, "other": others}))
    return out


def _paid_since(books, allocations: list[dict[str, Any]], budget: Decimal | None = None) -> list[dict[str, Any]]:
    """The suggested invoice allocations that are more than what their invoices still have
    open (or than `budget`, the clerk's amount to post, when that is less), each as a
    message's parameters."""
    out = []
    for m in allocations:
        if m.get("kind", "invoice") != "invoice":
            continue
        inv = books.get("sales_invoices", m["document"])
        wanted = Decimal(str(m["amount"]))
        wanted = min(wanted, budget) if budget is not None else wanted
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


__all__ = ["ReconciliationHandler", "apply_decisions"]
