"""A payment run: which scheduled bills are paid now, in which transfers. Pure.

`propose(bills, payees, schedules, ctx)` -> `Proposal`. The steps, in order:

1. *Due*: open bills (status scheduled, proposed or on_hold) scheduled before `next_run`
   (the run day after the one this run pays on: a run on a Monday pays Tuesday's bills); a supplier's open credit notes come with its bills.
2. *Never paid* (first reason wins, listed; a credit note on hold or disputed is not
   netted either): no supplier in the books, supplier on hold,
   bill on hold, disputed (`disputed_bills`), bank account changed since the last
   payment and not confirmed (`confirmed_accounts`), no or invalid IBAN/BIC, no debtor
   account for the currency, then the rules' `holds` conditions in file order.
3. *Priority*: the first `priorities` condition that holds, else the supplier's
   priority, else `default_priority` (1 is paid first); bills are ordered by `order_by`
   (priority, then the discount at stake, largest first, then the due date, ...).
4. *Cash limit* per currency: bills are taken in that order while the run's total stays
   within the limit; a bill that does not fit is left out ("over the cash limit") and
   smaller bills after it may still fit. Credit notes lower what a supplier costs.
5. *Transfers*: one per supplier and currency, its credit notes netted (oldest first);
   a supplier whose credit covers its bills is paid nothing and carried forward. The
   remittance lists every invoice number within 140 characters; when they do not fit
   the transfer is split. A bill with a payment reference (read from the invoice) is
   paid in a transfer of its own that quotes it (`parties.payref`). A single bill whose
   number is an RF creditor reference (ISO 11649) is sent as a structured reference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Mapping

from backoffice_auto.i18n import N_
from backoffice_auto.payables.model import OpenBill, Payee
from backoffice_auto.payables.schedule import Schedule
from backoffice_auto.rules.expr import ExpressionError
from backoffice_auto.rules.exprbulk import UNSURE, conditions_many
from backoffice_auto.rules.exprtypes import Condition

REMITTANCE_MAX = 140
PAYABLE_STATUSES = frozenset({"scheduled", "proposed", "on_hold", None})

R_NO_SUPPLIER = N_("supplier {supplier} is not in the books")
R_SUPPLIER_HOLD = N_("supplier {supplier} is on hold")
R_BILL_HOLD = N_("bill on hold: {reason}")
R_DISPUTED = N_("bill is disputed")
R_ACCOUNT_CHANGED = N_("the supplier's bank account changed since the last payment ({old} -> {new}); confirm it in the rules")
R_NO_IBAN = N_("the supplier has no IBAN in the books")
R_BAD_ACCOUNT = N_("the supplier's bank account is not valid: {reason}")
R_NO_DEBTOR = N_("no account to pay {currency} from (payables.yaml debtor_accounts)")
R_RULE_HOLD = N_("held by rule: {reason}")
R_RULE_FAILED = N_("a hold condition could not be evaluated ({error}); held to be safe")
R_CASH_LIMIT = N_("over the cash limit of {limit} {currency} for this run")
R_CREDIT_CARRIED = N_("the supplier's credit notes exceed its bills; {amount} {currency} carried forward")


@dataclass(frozen=True)
class Line:
    bill_id: str
    invoice_number: str
    amount: Decimal  # paid now (negative: credit applied)
    discount: Decimal
    open_amount: Decimal
    due_date: date | None
    scheduled_date: date | None
    priority: int
    reference: str | None = None  # the bill's payment reference (parties.payref form)


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    supplier_id: str
    name: str
    iban: str
    bic: str | None
    currency: str
    debtor_iban: str
    amount: Decimal
    lines: tuple[Line, ...]
    remittance: str
    structured_reference: str | None
    language: str | None
    email: str | None
    manual: bool  # no bank file for this currency: paid by hand


@dataclass(frozen=True)
class Left:
    bill_id: str
    supplier_id: str
    invoice_number: str
    amount: Decimal
    currency: str
    reason: str  # msgid
    params: Mapping[str, Any] = field(default_factory=dict)
    held: bool = True  # never-paid reasons; False for cash limit / carried credit


@dataclass(frozen=True)
class RunSetup:
    """The rules and facts a run needs besides the bills (built once by the edge)."""

    run_date: date
    next_run: date
    cash_limit: Mapping[str, Decimal]
    debtor_accounts: Mapping[str, str]  # currency -> IBAN
    file_currencies: frozenset[str]
    disputed: frozenset[str] = frozenset()
    holds: tuple[tuple[Condition | str, str], ...] = ()  # (condition, reason), file order
    priorities: tuple[tuple[Condition | str, int], ...] = ()
    default_priority: int = 5
    order_by: tuple[str, ...] = ("priority", "discount", "due_date")
    known_accounts: Mapping[str, str] = field(default_factory=dict)  # supplier -> IBAN last paid
    confirmed_accounts: Mapping[str, str] = field(default_factory=dict)
    account_problem: Any = None  # callable (iban, bic) -> reason | None
    bulk_conditions: bool = True  # holds and priorities a column at a time; False: per bill (the reference)


@dataclass(frozen=True)
class Proposal:
    run_date: date
    next_run: date
    transfers: tuple[Transfer, ...]
    left_out: tuple[Left, ...]
    carried: Mapping[tuple[str, str], Decimal]  # (supplier, currency) -> credit carried forward

    def total(self, currency: str) -> Decimal:
        return sum((t.amount for t in self.transfers if t.currency == currency), Decimal(0))

    @property
    def currencies(self) -> list[str]:
        return sorted({t.currency for t in self.transfers})

    @property
    def paid_bill_ids(self) -> set[str]:
        return {ln.bill_id for t in self.transfers for ln in t.lines}


def _condition(value: Condition | str) -> Condition:
    return value if isinstance(value, Condition) else Condition.compile(value)


def _never_paid(bill: OpenBill, payee: Payee | None, setup: RunSetup, conditions, names, decided=None):
    """(msgid, params) of the first reason this bill must not be paid, else None.

    `names` is the bill's context, or a callable that makes it (only the conditions the bulk
    path left `UNSURE` read it); `decided` the bulk results of `conditions` for this bill."""
    if payee is None:
        return R_NO_SUPPLIER, {"supplier": bill.supplier_id}
    if payee.on_hold:
        return R_SUPPLIER_HOLD, {"supplier": payee.name}
    if bill.status == "on_hold":
        return R_BILL_HOLD, {"reason": bill.hold_reason or "-"}
    if bill.bill_id in setup.disputed or bill.invoice_number in setup.disputed:
        return R_DISPUTED, {}
    if not payee.iban:
        return R_NO_IBAN, {}
    known = setup.known_accounts.get(payee.supplier_id)
    if known and known != payee.iban and setup.confirmed_accounts.get(payee.supplier_id) != payee.iban:
        return R_ACCOUNT_CHANGED, {"old": known, "new": payee.iban}
    if setup.account_problem is not None:
        problem = setup.account_problem(payee.iban, payee.bic)
        if problem:
            return R_BAD_ACCOUNT, {"reason": problem}
    if bill.currency not in setup.debtor_accounts:
        return R_NO_DEBTOR, {"currency": bill.currency}
    if conditions:
        for k, (expr, reason) in enumerate(conditions):
            try:
                if _holds(expr, k, decided, names):
                    return R_RULE_HOLD, {"reason": reason}
            except ExpressionError as exc:
                return R_RULE_FAILED, {"error": str(exc)}
    return None


def _holds(expr: Condition, k: int, known, names) -> bool:
    """Condition `k` for one bill: the bulk result when it decided one, else the reference
    (`Condition.holds` on the bill's context; raises `ExpressionError`)."""
    if known is not None and known[k] is not None:
        value = known[k]
        if value is not UNSURE:
            return value
    return expr.holds(names() if callable(names) else names)


def _priority(bill: OpenBill, payee: Payee, setup: RunSetup, compiled, names, known=None) -> int:
    if compiled:
        for k, (expr, value) in enumerate(compiled):
            try:
                if _holds(expr, k, known, names):
                    return value
            except ExpressionError:
                continue
    return payee.priority if payee.priority is not None else setup.default_priority


def _bulk_conditions(conditions, due: list[tuple[OpenBill, Payee]], today: date,
                     supplier_names: dict[str, dict]) -> list[list | None]:
    """Per condition: its value for every due bill from the bulk path (`rules.exprbulk`), or
    None when that condition needs the reference for every bill."""
    bills = [b for b, _ in due]

    def field_column(record: str, name: str) -> list:
        if record == "bill":
            return OpenBill.field_values(bills, name, today)
        out = []
        for _, payee in due:
            if payee.supplier_id not in supplier_names:
                supplier_names[payee.supplier_id] = payee.as_context()
            out.append(supplier_names[payee.supplier_id][name])
        return out

    return [conditions_many(expr.expression, len(due), ("bill", "supplier"), field_column, {"today": today})
            for expr, _ in conditions]


def _per_bill(columns: list[list | None], n: int) -> list[tuple]:
    """The bulk results turned from one list per condition (None: left to the reference)
    into one tuple per bill, condition `k` at index `k`."""
    if not columns:
        return [()] * n
    return list(zip(*[[None] * n if c is None else c for c in columns]))


def _sort_key(order_by: tuple[str, ...], prio: int, discount: Decimal, bill: OpenBill):
    parts = []
    for key in order_by:
        if key == "priority":
            parts.append(prio)
        elif key == "discount":
            parts.append(-discount)
        elif key == "due_date":
            parts.append(bill.due_date or date.max)
        elif key == "amount":
            parts.append(-bill.open_amount)
    parts.append(bill.bill_id)
    return tuple(parts)


def _context_maker(bill: OpenBill, payee: Payee, today: date, supplier_names: dict[str, dict]):
    """The bill's condition context, made on first use and then kept."""
    made: list[dict] = []

    def names() -> dict:
        if not made:
            if payee.supplier_id not in supplier_names:
                supplier_names[payee.supplier_id] = payee.as_context()
            made.append({"today": today, "bill": bill.as_context(today), "supplier": supplier_names[payee.supplier_id]})
        return made[0]
    return names


def _remittance_chunks(numbers: list[str]) -> list[list[int]]:
    """Indexes of `numbers` grouped so that each group joined by ', ' fits 140 characters."""
    chunks: list[list[int]] = []
    length = 0
    for i, number in enumerate(numbers):
        piece = number[:REMITTANCE_MAX]
        if chunks and length + 2 + len(piece) <= REMITTANCE_MAX:
            chunks[-1].append(i)
            length += 2 + len(piece)
        else:
            chunks.append([i])
            length = len(piece)
    return chunks


def _structured(number: str) -> str | None:
    from stdnum import iso11649

    compact = number.replace(" ", "").upper()
    return compact if compact.startswith("RF") and iso11649.is_valid(compact) else None


def propose(bills: Iterable[OpenBill], payees: Mapping[str, Payee], schedules: Mapping[str, Schedule],
            setup: RunSetup) -> Proposal:
    """One payment run, decided in one pass: holds, due and discount dates, priorities, the
    cash limit by priority, credit notes netted. Kept whole because each step reads the
    previous one's running totals; the pieces it calls are the pure helpers above."""
    today = setup.run_date
    holds = tuple((_condition(c), reason) for c, reason in setup.holds)
    prios = tuple((_condition(c), value) for c, value in setup.priorities)
    debits: list[tuple[tuple, OpenBill, Decimal, int]] = []
    credits: dict[tuple[str, str], list[OpenBill]] = defaultdict(list)
    left: list[Left] = []
    supplier_names: dict[str, dict] = {}
    due: list[tuple[OpenBill, Schedule, Payee | None]] = []
    for bill in bills:
        if bill.status not in PAYABLE_STATUSES or bill.open_amount == 0:
            continue
        if bill.open_amount < 0:
            credits[(bill.supplier_id, bill.currency)].append(bill)
            continue
        sched = schedules.get(bill.bill_id)
        if sched is None or sched.scheduled_date >= setup.next_run:
            continue
        due.append((bill, sched, payees.get(bill.supplier_id)))
    with_payee = [(bill, payee) for bill, _, payee in due if payee is not None]
    known_holds: list = [None] * len(with_payee)
    known_prios: list = [None] * len(with_payee)
    if setup.bulk_conditions and with_payee:
        by_hold = _bulk_conditions(holds, with_payee, today, supplier_names) if holds else []
        by_prio = _bulk_conditions(prios, with_payee, today, supplier_names) if prios else []
        known_holds, known_prios = _per_bill(by_hold, len(with_payee)), _per_bill(by_prio, len(with_payee))
    row = -1
    for bill, sched, payee in due:
        names = None
        known_hold = known_prio = None
        if payee is not None:
            row += 1
            known_hold, known_prio = known_holds[row], known_prios[row]
        if (holds or prios) and payee is not None:  # one context per bill, for every condition
            names = _context_maker(bill, payee, today, supplier_names)
        reason = _never_paid(bill, payee, setup, holds, names, known_hold)
        if reason is not None:
            left.append(Left(bill.bill_id, bill.supplier_id, bill.invoice_number, bill.open_amount, bill.currency,
                             reason[0], reason[1]))
            continue
        discount = sched.discount if sched.discount_date is not None and today <= sched.discount_date else Decimal(0)
        prio = _priority(bill, payee, setup, prios, names, known_prio)
        debits.append((_sort_key(setup.order_by, prio, discount, bill), bill, discount, prio))
    debits.sort(key=lambda d: d[0])

    # Credits usable per supplier: open credit notes, oldest first, not held themselves.
    credit_pool: dict[tuple[str, str], Decimal] = {}
    for key, notes in credits.items():
        notes.sort(key=lambda b: (b.issue_date or date.min, b.bill_id))
        payee = payees.get(key[0])
        usable = [n for n in notes if n.status != "on_hold" and payee is not None and not payee.on_hold
                  and n.bill_id not in setup.disputed and n.invoice_number not in setup.disputed]
        credit_pool[key] = -sum((n.open_amount for n in usable), Decimal(0))
        credits[key] = usable

    taken: dict[tuple[str, str], list[tuple[OpenBill, Decimal, int]]] = defaultdict(list)
    gross: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for _, bill, discount, prio in debits:
        key = (bill.supplier_id, bill.currency)
        pay = bill.open_amount - discount
        pool = credit_pool.get(key, Decimal(0))
        before = max(gross[key] - pool, Decimal(0))
        after = max(gross[key] + pay - pool, Decimal(0))
        limit = setup.cash_limit.get(bill.currency)
        if limit is not None and spent[bill.currency] + (after - before) > limit:
            left.append(Left(bill.bill_id, bill.supplier_id, bill.invoice_number, pay, bill.currency, R_CASH_LIMIT,
                             {"limit": limit, "currency": bill.currency}, held=False))
            continue
        spent[bill.currency] += after - before
        gross[key] += pay
        taken[key].append((bill, discount, prio))

    transfers: list[Transfer] = []
    carried: dict[tuple[str, str], Decimal] = {}
    for key in sorted(taken):
        supplier_id, currency = key
        payee = payees[supplier_id]
        pool = credit_pool.get(key, Decimal(0))
        if gross[key] - pool <= 0:
            carried[key] = pool - gross[key]
            for bill, discount, _ in taken[key]:
                left.append(Left(bill.bill_id, supplier_id, bill.invoice_number, bill.open_amount - discount,
                                 currency, R_CREDIT_CARRIED,
                                 {"amount": pool - gross[key], "currency": currency}, held=False))
            continue
        lines = [Line(b.bill_id, b.invoice_number, b.open_amount - d, d, b.open_amount, b.due_date,
                      schedules[b.bill_id].scheduled_date, p, b.payment_reference)
                 for b, d, p in sorted(taken[key], key=lambda t: (t[0].due_date or date.max, t[0].bill_id))]
        remaining = pool
        for note in credits.get(key, []):
            if remaining <= 0:
                break
            use = min(-note.open_amount, remaining)
            lines.append(Line(note.bill_id, note.invoice_number, -use, Decimal(0), note.open_amount, note.due_date,
                              None, 0))
            remaining -= use
        transfers.extend(_split(lines, payee, currency, setup, len(transfers)))
    return Proposal(today, setup.next_run, tuple(transfers), tuple(left), carried)


def _split(lines: list[Line], payee: Payee, currency: str, setup: RunSetup, start: int) -> list[Transfer]:
    """One transfer, or several: a bill with a payment reference is paid on its own (the
    supplier's bank matches one reference to one payment), and the other invoice numbers
    are split when they do not fit one remittance text.

    Credit notes are spread over the chunks in order, those without a reference first, each
    chunk kept above zero (a credit note may be split between two transfers); the caller has
    made sure the credits are less than the bills.
    """
    debit = [ln for ln in lines if ln.amount > 0]
    credit = [ln for ln in lines if ln.amount < 0]
    referenced = [ln for ln in debit if ln.reference]
    plain = [ln for ln in debit if not ln.reference]
    numbers = [ln.invoice_number for ln in plain]
    if not referenced and len(", ".join(numbers + [ln.invoice_number for ln in credit])) <= REMITTANCE_MAX:
        chunks = [debit + credit]
    else:
        chunks = [[plain[i] for i in idx] for idx in _remittance_chunks(numbers)] + [[ln] for ln in referenced]
        chunks = _spread(chunks, credit, currency) or [debit + credit]
    out = []
    for n, chunk in enumerate(chunks):
        amount = sum((ln.amount for ln in chunk), Decimal(0))
        remittance, structured = _remittance(chunk)
        e2e = f"{setup.run_date:%Y%m%d}-{start + n + 1:04d}-{payee.supplier_id}"[:35]
        out.append(Transfer(e2e, payee.supplier_id, payee.name, payee.iban or "", payee.bic, currency,
                            setup.debtor_accounts[currency], amount, tuple(chunk), remittance, structured,
                            payee.language, payee.email, currency not in setup.file_currencies))
    return out


def _spread(chunks: list[list[Line]], credit: list[Line], currency: str) -> list[list[Line]] | None:
    """`chunks` with the credit notes netted into them in order, each kept above zero; None
    when there is too little room (bills of a cent each)."""
    from backoffice_auto.money import quantum

    step = quantum(currency)
    pending = [(ln, -ln.amount) for ln in credit]
    for chunk in chunks:
        room = sum(ln.amount for ln in chunk) - step
        while pending and room > 0:
            note, left = pending[0]
            use = min(left, room)
            chunk.append(Line(note.bill_id, note.invoice_number, -use, Decimal(0), note.open_amount,
                              note.due_date, None, 0))
            room -= use
            if use == left:
                pending.pop(0)
            else:
                pending[0] = (note, left - use)
    return None if pending else chunks


def _remittance(chunk: list[Line]) -> tuple[str, str | None]:
    """(unstructured text, structured reference) of one transfer. A transfer paying one bill
    with a payment reference quotes it (`parties.payref`: an RF or Belgian reference
    structured, Czech symbols as `/VS/..`, other text as printed); else the invoice numbers,
    and an invoice number that is itself an RF reference is sent structured."""
    from backoffice_auto.parties import payref

    debit = [ln for ln in chunk if ln.amount > 0]
    if len(debit) == 1 and debit[0].reference:
        ref = payref.parse(debit[0].reference)
        text = payref.remittance(ref, debit[0].invoice_number)
        return text, ref.value if payref.structured(ref) else None
    numbers = [ln.invoice_number for ln in chunk]
    remittance = ", ".join(numbers)
    if len(remittance) > REMITTANCE_MAX:
        remittance = remittance[:REMITTANCE_MAX - 3] + "..."
    return remittance, _structured(numbers[0]) if len(chunk) == 1 else None
