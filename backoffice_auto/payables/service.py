"""The payables job at the edge: read the books, call the pure steps, write the books.

`plan_run(bills, suppliers, rules, settings, run_date, known_accounts)` is the pure whole
of a payment run (books rows in, schedules and a proposal out): the command, the demo,
the bench and a clock-started task all call it unchanged. `make_run` and
`apply_approval` are the two jobs that touch the books, inside the pipeline's one
transaction (`ctx.books`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Mapping

from backoffice_auto.errors import Refusal
from backoffice_auto.gcpause import collector_paused
from backoffice_auto.payables.calendar import RunCalendar, RunDays
from backoffice_auto.payables.model import OpenBill, Payee
from backoffice_auto.payables.proposal import checksum, left_rows, proposal_rows, run_id_for
from backoffice_auto.payables.run import PAYABLE_STATUSES, Proposal, RunSetup, propose
from backoffice_auto.payables.schedule import Policy, Schedule, schedule_bills
from backoffice_auto.sepa import account_problem

RUNS, ACCOUNTS = "payment_runs", "payee_accounts"
@dataclass(frozen=True)
class Plan:
    bills: tuple[OpenBill, ...]
    payees: Mapping[str, Payee]
    schedules: Mapping[str, Schedule]
    proposal: Proposal


def calendar_for(rules, settings) -> RunCalendar:
    return RunCalendar(tuple(rules.run_days), (rules.country or settings.company.country or "CZ").upper(),
                       rules.subdivision, tuple(rules.financial_calendars))


def debtor_accounts(rules, settings) -> dict[str, tuple[str, str | None, str]]:
    """currency -> (IBAN, BIC, name) of the account paid from."""
    out = {c: (a.iban.replace(" ", "").upper(), a.bic, a.name or settings.company.name)
           for c, a in rules.debtor_accounts.items()}
    if settings.company.iban and settings.currency not in out:
        out[settings.currency] = (settings.company.iban.replace(" ", "").upper(), settings.company.bic,
                                  settings.company.name)
    return out


def open_bills(rows: Iterable[Mapping[str, Any]]) -> list[OpenBill]:
    return [OpenBill.from_row(r) for r in rows
            if r.get("status") in PAYABLE_STATUSES and r.get("total") is not None]


def plan_run(bill_rows: Iterable[Mapping[str, Any]], supplier_rows: Iterable[Mapping[str, Any]], rules, settings,
             run_date: date, known_accounts: Mapping[str, str] | None = None) -> Plan:
    """Schedule every open bill and propose the run of `run_date`. Pure (run with the cyclic
    garbage collector paused: see `gcpause`)."""
    with collector_paused():
        return _plan_run(bill_rows, supplier_rows, rules, settings, run_date, known_accounts)


def _plan_run(bill_rows, supplier_rows, rules, settings, run_date: date, known_accounts) -> Plan:
    bills = tuple(open_bills(bill_rows))
    payees = {p.supplier_id: p for p in (Payee.from_row(r) for r in supplier_rows)}
    latest = max((b.due_date for b in bills if b.due_date), default=run_date)
    runs = RunDays.starting(calendar_for(rules, settings), run_date, latest)
    schedules = schedule_bills(bills, payees, runs, Policy.from_rules(rules))
    accounts = debtor_accounts(rules, settings)
    setup = RunSetup(
        run_date=run_date, next_run=runs.next_after(runs.first), cash_limit=dict(rules.cash_limit),
        debtor_accounts={c: a[0] for c, a in accounts.items()}, file_currencies=frozenset(rules.bank_file_currencies),
        disputed=frozenset(rules.disputed_bills), holds=tuple((h.when, h.reason) for h in rules.holds),
        priorities=tuple((p.when, p.priority) for p in rules.priorities), default_priority=rules.default_priority,
        order_by=tuple(rules.order_by), known_accounts=dict(known_accounts or {}),
        confirmed_accounts={k: v.replace(" ", "").upper() for k, v in rules.confirmed_accounts.items()},
        account_problem=account_problem)
    return Plan(bills, payees, schedules, propose(bills, payees, schedules, setup))


def _new_run_id(books, run_date: date) -> str:
    """`PR-<date>`, then `PR-<date>-2` ...: numbered by a sequence per run date, taken in the
    job's transaction (a number a run booked before the sequence existed is skipped)."""
    base = run_id_for(run_date)
    while True:
        n = books.next_number(f"payment_runs {run_date.isoformat()}")
        run_id = base if n == 1 else f"{base}-{n}"
        if books.get(RUNS, run_id) is None:
            return run_id


def make_run(ctx, run_date: date) -> dict:
    """The payment-run job: schedule, propose, record, write the proposal, mail it."""
    from backoffice_auto.payables import outputs

    rules, settings = ctx.rules.payables, ctx.settings
    books = ctx.books
    known = {r["supplier_id"]: r["iban"] for r in books.rows(ACCOUNTS) if r.get("iban")}
    plan = plan_run(books.rows("bills"), books.rows("suppliers"), rules, settings, run_date, known)
    updates = [{"bill_id": b.bill_id, "scheduled_date": plan.schedules[b.bill_id].scheduled_date}
               for b in plan.bills if b.total > 0 and b.scheduled_date != plan.schedules[b.bill_id].scheduled_date]
    if updates:
        books.upsert_many("bills", updates)
    proposal = plan.proposal
    rows, left = proposal_rows(proposal), left_rows(proposal)
    run_id = _new_run_id(books, run_date)
    digest = checksum(rows)
    books.insert(RUNS, {"run_id": run_id, "run_date": run_date, "job_id": ctx.job_id, "status": "proposed",
                        "checksum": digest, "lines": rows, "left_out": left, "approved_by": None,
                        "approved_job": None, "files": [], "created": ctx.today})
    proposed = [{"bill_id": r["bill_id"], "status": "proposed"} for r in rows]
    if proposed:
        books.upsert_many("bills", proposed)
    outputs.proposal_outputs(ctx, run_id, run_date, proposal, rows, left, digest, plan)
    return {"run_id": run_id, "transfers": len(proposal.transfers), "bills": len(rows), "left_out": len(left)}


def apply_approval(ctx, data: bytes, name: str) -> dict:
    """The approval job: a returned proposal workbook becomes bank files, or is refused whole."""
    from backoffice_auto.payables import outputs
    from backoffice_auto.payables.approval import check_approval
    from backoffice_auto.payables.workbook import read_approval

    books, rules = ctx.books, ctx.rules.payables
    reply = read_approval(data, name, ctx.settings.limits)
    run = books.get(RUNS, reply.run_id)
    bills_now = {}
    on_hold: set[str] = set()
    if run is not None:
        for row in run.get("lines") or []:
            bills_now[row["bill_id"]] = books.get("bills", row["bill_id"])
        on_hold = {s["supplier_id"] for s in books.rows("suppliers") if s.get("on_hold")}
    approved, problems = check_approval(reply, run, rules.approvers, bills_now, frozenset(on_hold))
    if problems:
        raise Refusal(problems)
    files = outputs.bank_files(ctx, run, approved)  # AccountError -> Refusal, before any book change
    paid_now: dict[str, Decimal] = {}
    for row in approved.rows:
        paid_now[row["bill_id"]] = Decimal(row["amount"]) + Decimal(row["discount"])
    changes = []
    for bill_id, amount in paid_now.items():
        bill = bills_now[bill_id]
        if amount < 0:  # a credit note netted now: settled by the offset, not by the bank
            paid = Decimal(str(bill.get("paid") or 0)) + amount
            owed = bill["amount_due"] if bill.get("amount_due") is not None else bill["total"]
            status = "paid" if paid == owed else "scheduled"
            changes.append({"bill_id": bill_id, "paid": paid, "status": status})
        else:
            changes.append({"bill_id": bill_id, "status": "approved"})
    books.upsert_many("bills", changes)
    books.update(RUNS, run["run_id"], status="approved", approved_by=list(approved.approvers),
                 approved_job=ctx.job_id, files=files)
    for row in approved.rows:
        books.upsert(ACCOUNTS, {"supplier_id": row["supplier_id"], "iban": row["iban"], "last_paid": ctx.today,
                                "run_id": run["run_id"]})
    outputs.approval_outputs(ctx, run, approved, files)
    return {"run_id": run["run_id"], "files": files}


def execution_date(run_date: date, today: date, rules, settings) -> date:
    """The run's day (the first run day on or after its date), or today when that has gone by:
    a bank does not execute in the past."""
    return max(RunDays.starting(calendar_for(rules, settings), run_date).first, today)


def is_run_day(day: date, rules, settings) -> bool:
    """Is `day` a run day (a rules weekday, or the business day a holiday's run moved to)?"""
    return RunDays.starting(calendar_for(rules, settings), day).first == day
