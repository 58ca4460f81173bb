"""Is a returned proposal workbook a valid approval? Pure: the reply, the stored run, the
rules' approvers and the bills as they are now in, the approved rows or every reason out.

Refused (nothing paid) when: the run is unknown or already approved; the checksum is not
the run's; a line's transfer, supplier, IBAN, bill, discount or amount differs from what
was proposed; a line was added (a held bill, or any bill not proposed) or removed; a bill
is approved twice; a bill is no longer payable (approved or paid by another run, on hold,
its supplier on hold, its open amount changed); nothing is approved; the approver is not
in the rules, or a transfer is above their limit without a second, different approver.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping, Sequence

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, translate
from backoffice_auto.payables.workbook import ApprovalReply, money_value

MSG_UNKNOWN_RUN = N_("payment run {run} is not in the books")
MSG_ALREADY = N_("payment run {run} was already approved (job {job}); nothing is paid again")
MSG_CHECKSUM = N_("the workbook's checksum is not the one of run {run}: it was not made from this proposal")
MSG_NOT_PROPOSED = N_("bill {bill} was not proposed in this run and cannot be approved")
MSG_HELD = N_("bill {bill} is held ({reason}) and cannot be approved")
MSG_REMOVED = N_("the line of bill {bill} was removed from the workbook")
MSG_TWICE = N_("bill {bill} is approved twice")
MSG_NOT_PAYABLE = N_("bill {bill} cannot be paid any more: it is {status} now")
MSG_SUPPLIER_HELD = N_("supplier {supplier} was put on hold after the proposal")
MSG_OPEN_CHANGED = N_("bill {bill} changed in the books after the proposal (open amount {open})")
MSG_NOTHING = N_("no line is approved (write yes in the Approve column)")
MSG_NO_APPROVER = N_("write the approver's name in the 'Approved by' cell")
MSG_NOT_APPROVER = N_("{name} is not an approver in rules/payables.yaml")
MSG_OVER_LIMIT = N_("transfer {transfer} of {amount} {currency} is over {name}'s limit of {limit}: "
                    "a second approver must sign")
MSG_SAME_SECOND = N_("the second approver must be another person than {name}")
MSG_NONPOSITIVE = N_("the approved lines of transfer {transfer} leave nothing to pay ({amount})")

# One message per field (a translated sentence, not an English word inside one).
CHANGED = {
    "end_to_end_id": N_("the transfer of bill {bill} was changed from {proposed} to {found}"),
    "supplier_id": N_("the supplier of bill {bill} was changed from {proposed} to {found}"),
    "iban": N_("the IBAN of bill {bill} was changed from {proposed} to {found}"),
    "currency": N_("the currency of bill {bill} was changed from {proposed} to {found}"),
    "discount": N_("the discount of bill {bill} was changed from {proposed} to {found}"),
    "amount": N_("the amount of bill {bill} was changed from {proposed} to {found}"),
}
COLUMN_OF = {"end_to_end_id": "A", "supplier_id": "C", "iban": "D", "currency": "E", "discount": "I", "amount": "J"}


@dataclass(frozen=True)
class Approved:
    run_id: str
    rows: tuple[dict, ...]  # stored rows of the approved lines, transfer_amount recomputed
    approvers: tuple[str, ...]


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value).split()).upper() if value is not None else ""


def check_approval(reply: ApprovalReply, run: Mapping[str, Any] | None, approvers: Sequence[Any],
                   bills_now: Mapping[str, Mapping[str, Any]], suppliers_on_hold: frozenset[str],
                   ) -> tuple[Approved | None, list[Problem]]:
    """Every check an approval must pass, in the order a clerk should fix them. Long because
    the checks are one flat list read top to bottom (run known, not twice, approvers, each
    line against the stored proposal and the books now); split, the order would be hidden."""
    where = Source(reply.name)
    if run is None:
        return None, [Problem(MSG_UNKNOWN_RUN, where, {"run": reply.run_id})]
    if run.get("status") == "approved":
        return None, [Problem(MSG_ALREADY, where, {"run": reply.run_id, "job": run.get("approved_job") or "-"})]
    if reply.checksum != run.get("checksum"):
        return None, [Problem(MSG_CHECKSUM, where, {"run": reply.run_id})]
    problems: list[Problem] = []
    stored = {r["bill_id"]: r for r in run.get("lines") or []}
    held = {x["bill_id"]: x for x in run.get("left_out") or []}
    seen: set[str] = set()
    approved_ids: list[str] = []
    for line in reply.lines:
        bill = _s(line.values.get("bill_id"))
        src = line.source.with_cell(column="F")
        proposed = stored.get(bill) or next((r for b, r in stored.items() if b.upper() == bill), None)
        if proposed is None:
            reason = next((x for b, x in held.items() if b.upper() == bill), None)
            if reason is not None:
                text = translate(reason["reason"], "en", **reason.get("params", {}))
                problems.append(Problem(MSG_HELD, src, {"bill": bill, "reason": text}))
            else:
                problems.append(Problem(MSG_NOT_PROPOSED, src, {"bill": bill}))
            continue
        bill = proposed["bill_id"]
        if bill in seen:
            if line.approved:
                problems.append(Problem(MSG_TWICE, line.source, {"bill": bill}))
            continue
        seen.add(bill)
        for key in ("end_to_end_id", "supplier_id", "iban", "currency"):
            if _s(line.values.get(key)) != _s(proposed.get(key)):
                problems.append(Problem(CHANGED[key], line.source.with_cell(column=COLUMN_OF[key]),
                                        {"bill": bill, "proposed": proposed.get(key), "found": line.values.get(key)}))
        for key in ("discount", "amount"):
            cell = line.source.with_cell(column=COLUMN_OF[key])
            try:
                found = money_value(line.values.get(key), cell)
            except Refusal:  # not a number at all: reported as a change
                found = None
            if found is None or found != Decimal(proposed[key]):
                problems.append(Problem(CHANGED[key], cell, {"bill": bill, "proposed": proposed[key],
                                                             "found": line.values.get(key)}))
        if line.approved:
            approved_ids.append(bill)
    for bill in stored:
        if bill not in seen:
            problems.append(Problem(MSG_REMOVED, where, {"bill": bill}))
    for bill in approved_ids:
        now = bills_now.get(bill)
        row = stored[bill]
        if now is None or now.get("status") not in ("scheduled", "proposed", None):
            problems.append(Problem(MSG_NOT_PAYABLE, where, {"bill": bill,
                                                              "status": (now or {}).get("status") or "gone"}))
            continue
        if row["supplier_id"] in suppliers_on_hold:
            problems.append(Problem(MSG_SUPPLIER_HELD, where, {"supplier": row["supplier_id"]}))
        payable = now.get("amount_due") if now.get("amount_due") not in (None, "") else now.get("total")
        open_now = Decimal(str(payable or 0)) - Decimal(str(now.get("paid") or 0))
        if open_now != Decimal(row["amount"]) + Decimal(row["discount"]):
            problems.append(Problem(MSG_OPEN_CHANGED, where, {"bill": bill, "open": open_now}))
    if not approved_ids and not problems:
        problems.append(Problem(MSG_NOTHING, where))
    people = {a.name.casefold(): a for a in approvers}
    first = people.get(reply.approver.casefold()) if reply.approver else None
    second = people.get(reply.second.casefold()) if reply.second else None
    if not reply.approver:
        problems.append(Problem(MSG_NO_APPROVER, reply.approver_source))
    elif first is None:
        problems.append(Problem(MSG_NOT_APPROVER, reply.approver_source, {"name": reply.approver}))
    if reply.second and second is None:
        problems.append(Problem(MSG_NOT_APPROVER, reply.second_source, {"name": reply.second}))
    if first is not None and second is not None and first is second:
        problems.append(Problem(MSG_SAME_SECOND, reply.second_source, {"name": first.name}))
    per_transfer: dict[str, Decimal] = defaultdict(Decimal)
    for bill in approved_ids:
        per_transfer[stored[bill]["end_to_end_id"]] += Decimal(stored[bill]["amount"])
    rows = []
    for e2e, amount in sorted(per_transfer.items()):
        currency = next(stored[b]["currency"] for b in approved_ids if stored[b]["end_to_end_id"] == e2e)
        if amount <= 0:
            problems.append(Problem(MSG_NONPOSITIVE, where, {"transfer": e2e, "amount": amount}))
        if first is not None and amount > first.limit and (second is None or second is first):
            problems.append(Problem(MSG_OVER_LIMIT, reply.second_source,
                                    {"transfer": e2e, "amount": amount, "currency": currency, "name": first.name,
                                     "limit": first.limit}))
        for bill in approved_ids:
            if stored[bill]["end_to_end_id"] == e2e:
                rows.append({**stored[bill], "transfer_amount": str(amount)})
    if problems:
        return None, problems
    names = (first.name,) + ((second.name,) if second is not None else ())
    return Approved(run["run_id"], tuple(rows), names), []
