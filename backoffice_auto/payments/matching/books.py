"""Matching against the books: load what is open, run the matcher, write the results back.

The only place where matching meets the books. It builds the plain records (`records.py`)
from `sales_invoices`, `customers` and `bank_transactions`, runs `Matcher`, and writes:
`bank_transactions.status` and `.matches` (each allocation with its score and reasons),
and `sales_invoices.paid` and `.status` for what was posted. Transactions a clerk decided
(`payment_reviews`) are locked: no automatic run changes them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Sequence

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_, NP_
from backoffice_auto.terms.payment import discount_amount, discount_date, try_parse_terms
from backoffice_auto.money import minor_digits
from backoffice_auto.payments.matching.engine import Matcher, RunResult, invoice_status
from backoffice_auto import ledger
from backoffice_auto.ledger import BankTransaction, SalesInvoice
from backoffice_auto.payments.matching.records import (Customer, MatchResult, OpenInvoice, Payment, compact_iban,
                                                       customer_from_row)
from backoffice_auto.payments.rules_model import MatchingRules

ZERO = Decimal(0)


def invoice_from_row(row: dict[str, Any] | SalesInvoice, terms_text: str | None) -> OpenInvoice:
    """A sales invoice (ledger record or books row), with the early-payment discount its
    customer's terms allow."""
    inv = row if isinstance(row, SalesInvoice) else SalesInvoice.from_row(row)
    total = inv.total or ZERO
    currency = (inv.currency or "EUR").upper()
    disc, until = ZERO, None
    terms = try_parse_terms(terms_text)
    if terms is not None and terms.has_discount and inv.issue_date is not None and total > 0:
        try:
            digits = minor_digits(currency)
        except ValueError:
            digits = 2
        disc = discount_amount(total, terms, digits) or ZERO
        until = discount_date(inv.issue_date, terms)
    return OpenInvoice(inv.invoice_number, inv.customer_id or "", currency, total, inv.paid or ZERO,
                       inv.issue_date, inv.due_date, disc, until)


def payment_from_transaction(tx: BankTransaction) -> Payment:
    """A ledger bank transaction as matching sees it: reference and remittance text together."""
    text = " ".join(p for p in (tx.reference, tx.remittance) if p)
    return Payment(tx.transaction_id, tx.booking_date or tx.value_date, tx.amount or ZERO,
                   (tx.currency or "").upper(), tx.counterparty_name, compact_iban(tx.counterparty_iban),
                   text or None, tx.end_to_end_id)


def locked_transactions(books) -> set[str]:
    return {r["transaction_id"] for r in books.rows("payment_reviews")}


def load(books, transaction_ids: Iterable[str] | None = None):
    """Payments to match (the given ids, else every unmatched or suggested one), all sales
    invoices, the customers, and the locked transaction ids."""
    customers_rows = books.rows("customers")
    terms = {r["customer_id"]: r.get("payment_terms") for r in customers_rows}
    customers = [customer_from_row(r) for r in customers_rows]
    invoices = [invoice_from_row(inv, terms.get(inv.customer_id)) for inv in ledger.sales_invoices(books)]
    if transaction_ids is None:
        txs = [t for t in ledger.bank_transactions(books) if t.status in (None, "unmatched", "suggested")]
    else:
        txs = ledger.bank_transactions(books, transaction_id=set(transaction_ids))
    return [payment_from_transaction(t) for t in txs], invoices, customers, locked_transactions(books)


def match_in_books(books, rules: MatchingRules, transaction_ids: Iterable[str] | None = None) -> RunResult:
    payments, invoices, customers, locked = load(books, transaction_ids)
    result = Matcher(rules).run(payments, invoices, customers, locked)
    before = {inv.invoice_number: inv for inv in invoices}
    write_results(books, result.results, before, result.invoices)
    return result


def matches_field(result: MatchResult) -> list[dict[str, Any]]:
    """`bank_transactions.matches`: allocations, plus the score and reasons of the decision."""
    reasons = [{"message": r.message, "params": r.as_dict(), "points": r.points} for r in result.reasons]
    return [{"document": a.document, "amount": a.amount, "kind": a.kind, "score": result.score,
             "customer_id": result.customer_id, "reasons": reasons} for a in result.allocations]


def write_results(books, results: Sequence[MatchResult], before: dict[str, OpenInvoice],
                  after: dict[str, OpenInvoice]) -> None:
    for result in results:
        books.update("bank_transactions", result.transaction_id, status=result.status,
                     matches=matches_field(result))
    for number, inv in after.items():
        old = before.get(number)
        if old is not None and old.paid != inv.paid:
            books.update("sales_invoices", number, paid=inv.paid, status=invoice_status(inv))


def review_row(transaction_id: str, action: str, documents: Sequence[str], job_id: str, when: date) -> dict:
    return {"transaction_id": transaction_id, "action": action, "documents": list(documents), "job_id": job_id,
            "decided_on": when}


__all__ = ["match_in_books", "load", "invoice_from_row", "write_results", "matches_field", "locked_transactions",
           "review_row", "Customer"]


STEP_MATCHING = N_("matching the payments ({payments}) with the open invoices ({invoices})")
STEP_RECONCILIATION = N_("writing the reconciliation workbook")
MSG_MATCHED = NP_("{posted} of {total} incoming payment posted automatically, {suggested} suggested for review, "
                  "{unmatched} unmatched",
                  "{posted} of {total} incoming payments posted automatically, {suggested} suggested for review, "
                  "{unmatched} unmatched", "total")


MSG_PAID_OUT = N_("payments out: {matched} of {total} matched to approved bills or payroll runs, {suggested} "
                  "suggested for review, {unmatched} unmatched (see the reconciliation workbook)")
MSG_MATCHED_SUMS = N_("amounts received as the bank booked them: posted {posted}, suggested {suggested}, "
                      "unmatched {unmatched}")


def matched_sums(results, payments, language: str) -> dict[str, str]:
    """The incoming amounts of each outcome, per currency, for the job's note (a reader adds
    up the statement's credits by outcome and finds the same figures)."""
    from backoffice_auto.reports.figures import amounts, sum_by_currency

    by_id = {p.transaction_id: p for p in payments}
    groups = {"posted": ("matched", "partial"), "suggested": ("suggested",), "unmatched": ("unmatched",)}
    return {name: amounts(sum_by_currency((by_id[r.transaction_id].currency, by_id[r.transaction_id].amount)
                                          for r in results if r.status in statuses and r.transaction_id in by_id),
                          language)
            for name, statuses in groups.items()}


def match_job_step(ctx, transaction_ids: Sequence[str]) -> RunResult | None:
    """The matching step of a bank-statement job: match, book, write the reconciliation workbook."""
    from backoffice_auto.payments.matching.workbook import write_reconciliation
    from backoffice_auto.payments.rules_model import PaymentsRules

    rules: PaymentsRules = ctx.job_rules  # the job's typed rules, defaults declared on the model
    ids = list(transaction_ids)
    if not ids:
        return None
    ids = _without_returns(ctx, ids)
    payments, invoices, customers, locked = load(ctx.books, ids)
    ctx.step(STEP_MATCHING, payments=len(payments), invoices=len(invoices))
    result = Matcher(rules.matching).run(payments, invoices, customers, locked)
    write_results(ctx.books, result.results, {i.invoice_number: i for i in invoices}, result.invoices)
    paid_out = outgoing_step(ctx, payments, rules)
    counts = Counter(r.status for r in result.results)
    ctx.note(Problem(MSG_MATCHED, None, {"posted": counts["matched"] + counts["partial"],
                                         "total": len(result.results), "suggested": counts["suggested"],
                                         "unmatched": counts["unmatched"]}, "info"))
    ctx.note(Problem(MSG_MATCHED_SUMS, None, matched_sums(result.results, payments, ctx.language), "info"))
    ctx.step(STEP_RECONCILIATION)
    # the payments out too: a debit suggested for a bill waits for a clerk's confirm there
    write_reconciliation(ctx.output("reconciliation.xlsx"), list(result.results) + paid_out,
                         {p.transaction_id: p for p in payments}, ctx.language)
    from backoffice_auto.payments.ageing import ageing_outputs

    ageing_outputs(ctx, list(result.invoices.values()), {c.customer_id: c.name for c in customers},
                   rules.ageing.buckets, rules.ageing.mail_to)
    from backoffice_auto.payments.dunning import dunning_step

    dunning_step(ctx, list(result.invoices.values()), rules.dunning)
    return result


def _without_returns(ctx, ids: list[str]) -> list[str]:
    """The lines that give back an earlier payment are paired with it and undo it (`returns`);
    the others go on to be matched."""
    from backoffice_auto.payments.matching.outgoing import load_transfers
    from backoffice_auto.payments.matching.returns import apply_returns

    handled, notes = apply_returns(ctx.books, ids, load_transfers(ctx.books), ctx.language)
    for note in notes:
        ctx.note(note)
    return [i for i in ids if i not in handled]


def outgoing_step(ctx, payments, rules) -> list:
    """Debits to approved bills and payroll runs (`outgoing.py`); their results."""
    from backoffice_auto.payments.matching.outgoing import WARNINGS, match_outgoing_in_books

    results = match_outgoing_in_books(ctx.books, [p for p in payments if p.amount < 0], rules.outgoing)
    if results:
        suggested = sum(r.status == "suggested" for r in results)
        ctx.note(Problem(MSG_PAID_OUT, None, {"matched": sum(r.posted for r in results), "total": len(results),
                                              "suggested": suggested,
                                              "unmatched": len(results) - suggested - sum(r.posted for r in results)},
                         "info"))
    for result in results:
        for reason in result.reasons:
            if reason.message in WARNINGS:  # one of our transfers debited twice or for another amount
                params = {k: Decimal(v) if k in ("amount", "expected") else v for k, v in reason.params}
                ctx.note(Problem(reason.message, None, params, "warning"))
    return results
