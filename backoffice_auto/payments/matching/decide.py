"""Scoring one incoming payment against its candidates, and the fixed safety rules.

Pure functions: the caller (`engine`) hands in the payment, the evidence found in bulk
(references that name invoices, customers owning the payer's account) and a read-only
view of the open items as they stand at this point of the run.

Score = the rules' weights of the evidence (capped at 100): the reference (exact, RF with
check digits, or one typo), who pays (the payer's IBAN is the customer's, or the payer's
name is close), the amount (settles exactly, with a discount or a fee, or in part), the
only open item of that customer with that amount, the date window. A match at or above
`auto_threshold` is posted, if `auto_post_when` also holds; else it is suggested.

Whatever the weights, these are never posted automatically (fixed here, not in the rules):
* a payment with no reference from an account that is not a customer's: the amount alone,
  the name alone, or both together;
* a payment whose amount two open invoices (or two combinations of them) share;
* a reference to an invoice of another customer than the one owning the payer's account;
* references naming invoices of several customers, or a currency other than the invoice's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Mapping, Protocol, Sequence

from backoffice_auto.i18n import N_
from backoffice_auto.payments.matching.records import Allocation, MatchResult, OpenInvoice, Payment, Reason
from backoffice_auto.payments.matching.settle import Settlement, minor, settle, settlement_kind
from backoffice_auto.payments.matching.subset import exact_subsets
from backoffice_auto.payments.rules_model import MatchingRules
from rapidfuzz.distance import OSA

from backoffice_auto.payments.matching.keys import norm_key
from backoffice_auto.rules.expr import ExpressionError

# Messages (reasons) ------------------------------------------------------------------
R_REFERENCE = N_("reference {reference} ({rule}) names invoice {invoice}")
R_RF = N_("RF reference {reference} with valid check digits names invoice {invoice}")
R_TYPO = N_("reference {reference} is one character away from invoice {invoice}")
R_IBAN = N_("the payer's account {iban} belongs to customer {customer}")
R_NAME = N_("the payer's name {name} resembles customer {customer} ({score} %)")
R_NAME_DIFFERS = N_("the payer's name {name} does not resemble customer {customer}")
R_EXACT = N_("the amount settles {count} invoice(s) exactly")
R_DISCOUNT = N_("early-payment discount of {discount} taken within the terms, recorded as {account}")
R_FEE = N_("shortfall of {fee} within the bank-fee tolerance, written off as {account}")
R_OVER = N_("the amount exceeds the open items by {excess}, kept as the customer's credit")
R_EXCESS_OWED = N_("the excess {excess} is exactly what invoice {invoice} of the same customer still owes: if "
                   "the customer paid it too, correct the match to put the credit there")
R_PARTIAL = N_("the amount pays part of the open items ({amount} of {open})")
R_DATE = N_("booked within the invoice's date window")
R_UNIQUE = N_("the only open item(s) of this customer adding up to this amount")
R_COMBINED = N_("the amount equals the sum of {count} open invoices of the customer")
R_BELOW = N_("score {score} is below the automatic threshold {threshold}")
R_RULE = N_("the rule auto_post_when does not hold")
R_RULE_ERROR = N_("the rule auto_post_when failed: {error}")
R_OTHER_CUSTOMER = N_("not posted automatically: the reference names an invoice of customer {invoice_customer}, "
                      "but the payer's account belongs to customer {customer}")
R_AMOUNT_ONLY = N_("not posted automatically: no reference and the payer's account is not a customer's")
R_SHARED_AMOUNT = N_("not posted automatically: {count} open invoices have this amount")
R_SHARED_SUBSET = N_("not posted automatically: several combinations of open invoices add up to this amount")
R_SEVERAL_CUSTOMERS = N_("not posted automatically: the references name invoices of several customers")
R_ALREADY_PAID = N_("invoice {invoice} named by the reference is already paid")
R_CREDIT_NOTE = N_("{invoice} named by the reference is a credit note with {amount} {currency} not yet set off: "
                   "the payment was not netted against it; to net it, correct the payment with both numbers")
R_CURRENCY = N_("currency {currency} differs from invoice {invoice} in {invoice_currency}")
R_TYPO_AMBIGUOUS = N_("not posted automatically: the amount pays invoice {invoice} in full, one character away "
                      "from the reference")
R_AMOUNT_ELSEWHERE = N_("not posted automatically: the amount pays invoice {invoice} of the same customer in full, "
                        "which the reference does not name")
R_BARE_NUMBER = N_("not posted automatically: {reference} is a bare number in the text (a postal code, a quantity "
                   "or an order may read so) and the amount does not pay invoice {invoice} in full")
R_NOTHING = N_("no open invoice matches this payment")


class View(Protocol):
    """What decide() may look at: the open items as they stand now, read-only."""

    def invoice(self, number: str) -> OpenInvoice | None: ...
    def open_items(self, customer_id: str, currency: str) -> Sequence[OpenInvoice]: ...
    def open_with_amount(self, amount: Decimal, currency: str) -> Sequence[OpenInvoice]: ...
    def customer_name(self, customer_id: str) -> str | None: ...
    def name_score(self, name: str | None, customer_id: str) -> int: ...
    def best_name(self, name: str | None) -> tuple[str, int] | None: ...


@dataclass(frozen=True)
class Evidence:
    """Bulk findings for one payment."""

    refs: Mapping[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    # invoice number -> ((kind, rule name, text found), ...); kind: structured | reference | typo
    payer_customers: tuple[str, ...] = ()  # customers owning the payer's IBAN


def _r(message: str, points: int = 0, **params) -> Reason:
    return Reason(message, points, tuple(sorted((k, str(v)) for k, v in params.items())))


class Decider:
    """The rules compiled once; `decide()` per payment."""

    def __init__(self, rules: MatchingRules):
        self.rules = rules
        self.w = rules.weights
        self.tolerance = rules.fees.tolerance
        self._tolerances: dict[tuple[Decimal, str], Decimal] = {}
        self.auto_rule = None if rules.auto_post_when.text.strip() in ("true", "True") else rules.auto_post_when
        # reasons that are the same for every payment (records are frozen: one instance serves all)
        self._date_reason = _r(R_DATE, self.w.date)
        self._exact_one = _r(R_EXACT, self.w.amount, count=1)
        self._before, self._after = timedelta(days=rules.days_before_issue), timedelta(days=rules.days_after_due)
        self._payer_evidence: dict[tuple[str, ...], Evidence] = {}

    # --------------------------------------------------------------------------- helpers
    def fee_tolerance(self, payment: Payment) -> Decimal:
        """The rule's tolerance for this amount (a pure function of amount and currency,
        remembered: one payment asks for it once per set of invoices it is tried against)."""
        key = (payment.amount, payment.currency)
        known = self._tolerances.get(key)
        if known is not None:
            return known
        try:
            value = max(self.tolerance.value({"amount": payment.amount, "currency": payment.currency}), Decimal(0))
        except (ExpressionError, TypeError, ValueError, ArithmeticError):
            value = Decimal(0)
        if len(self._tolerances) > 4096:
            self._tolerances.clear()
        self._tolerances[key] = value
        return value

    def _settle(self, invoices: Sequence[OpenInvoice], payment: Payment, customer: str) -> Settlement:
        r = self.rules
        return settle(invoices, payment.amount, payment.booking_date, lambda: self.fee_tolerance(payment),
                      r.discounts.grace_days, "credit:" + customer, r.fees.write_off_as)

    def _settle_kind(self, inv: OpenInvoice, payment: Payment) -> str:
        """`_settle([inv], payment, ...).kind`, without the allocations."""
        return settlement_kind((inv,), payment.amount, payment.booking_date, lambda: self.fee_tolerance(payment),
                               self.rules.discounts.grace_days)

    def _in_window(self, invoices: Sequence[OpenInvoice], on: date) -> bool:
        for inv in invoices:
            start = inv.issue_date - self._before if inv.issue_date else None
            end = inv.due_date + self._after if inv.due_date else None
            if (start and on < start) or (end and on > end):
                return False
        return True

    def _amount_reasons(self, s: Settlement, payment: Payment, invoices: Sequence[OpenInvoice]) -> list[Reason]:
        w = self.w
        if s.kind == "exact":
            return [self._exact_one] if len(invoices) == 1 else [_r(R_EXACT, w.amount, count=len(invoices))]
        if s.kind in ("discount", "fee"):
            out = []
            for a in s.allocations:
                if a.kind == "fee":
                    out.append(_r(R_FEE, 0, fee=a.amount, account=a.document))
                elif a.kind != "invoice":
                    out.append(_r(R_DISCOUNT, 0, discount=a.amount, account=self.rules.discounts.record_as))
            out[0] = Reason(out[0].message, w.amount, out[0].params)
            return out
        if s.kind == "over":
            excess = sum((a.amount for a in s.allocations if a.kind == "credit"), Decimal(0))
            return [_r(R_OVER, w.amount_partial, excess=excess)]
        total = sum((inv.open_amount for inv in invoices), Decimal(0))
        return [_r(R_PARTIAL, w.amount_partial, amount=payment.amount, open=total)]

    def _who(self, payment: Payment, customer: str, ev: Evidence, view: View) -> list[Reason]:
        if customer in ev.payer_customers:
            return [_r(R_IBAN, self.w.iban, iban=payment.counterparty_iban, customer=customer)]
        score = view.name_score(payment.counterparty_name, customer)
        if score >= self.rules.name_threshold:
            return [_r(R_NAME, self.w.name, name=payment.counterparty_name, customer=customer, score=score)]
        if payment.counterparty_name:
            return [_r(R_NAME_DIFFERS, 0, name=payment.counterparty_name, customer=customer)]
        return []

    def _result(self, payment: Payment, customer: str | None, s: Settlement | None, reasons: list[Reason],
                blocked: bool, evidence_kind: str, customer_known: bool,
                invoices: Sequence[OpenInvoice]) -> MatchResult:
        score = min(100, sum(r.points for r in reasons))
        if s is None:
            return MatchResult(payment.transaction_id, "unmatched", 0, (), tuple(reasons), customer)
        post = not blocked and score >= self.rules.auto_threshold
        if not blocked and not post:
            reasons.append(_r(R_BELOW, 0, score=score, threshold=self.rules.auto_threshold))
        if post and self.auto_rule is not None:
            due = [inv.due_date for inv in invoices if inv.due_date]
            context = {"score": Decimal(score), "amount": payment.amount, "currency": payment.currency,
                       "evidence": evidence_kind, "invoices": Decimal(len(invoices)), "kind": s.kind,
                       "customer_known": customer_known,
                       "days_after_due": Decimal((payment.booking_date - min(due)).days) if due else Decimal(0)}
            try:
                ok = self.auto_rule.holds(context)
            except ExpressionError as exc:
                ok = False
                reasons.append(_r(R_RULE_ERROR, 0, error=str(exc)))
            else:
                if not ok:
                    reasons.append(_r(R_RULE, 0))
            post = ok
        if score < self.rules.suggest_threshold and not post:
            return MatchResult(payment.transaction_id, "unmatched", score, s.allocations, tuple(reasons), customer)
        status = ("matched" if s.settles_all else "partial") if post else "suggested"
        return MatchResult(payment.transaction_id, status, score, s.allocations, tuple(reasons), customer)

    def posted_by_reference(self, payment: Payment, inv: OpenInvoice, hit: tuple[str, str, str],
                            payer_customers: tuple[str, ...], view: View) -> MatchResult:
        """The common case, decided without the general search: one reference names one open
        invoice of the payer's own (or an unknown) account, and the amount is exactly what is
        open. Gives the same result as `decide()` would."""
        kind, rule, raw = hit
        message = R_RF if kind == "structured" else R_TYPO if kind == "typo" else R_REFERENCE
        reasons = [_r(message, self._ref_weight(kind), reference=raw, rule=rule, invoice=inv.invoice_number)]
        ev = self._payer_evidence.get(payer_customers)
        if ev is None:
            if len(self._payer_evidence) > 65536:
                self._payer_evidence.clear()
            ev = self._payer_evidence[payer_customers] = Evidence({}, payer_customers)
        reasons += self._who(payment, inv.customer_id, ev, view)
        s = Settlement("exact", (Allocation(inv.invoice_number, inv.open_amount),), True)
        reasons += self._amount_reasons(s, payment, [inv])
        if self._in_window([inv], payment.booking_date):
            reasons.append(self._date_reason)
        return self._result(payment, inv.customer_id, s, reasons, False, "reference",
                            inv.customer_id in payer_customers, [inv])

    # --------------------------------------------------------------------------- decide
    def decide(self, payment: Payment, ev: Evidence, view: View) -> MatchResult:
        result = self._decide(payment, ev, view)
        if result.customer_id and result.status != "unmatched" and any(a.kind == "credit" for a in result.allocations):
            return self._excess_owed(result, payment, view)
        return result

    def _excess_owed(self, result: MatchResult, payment: Payment, view: View) -> MatchResult:
        """An overpayment whose excess is exactly what one other open invoice of the customer
        owes: the clerk is told (the credit stays a credit: nothing names that invoice)."""
        excess = sum((a.amount for a in result.allocations if a.kind == "credit"), Decimal(0))
        paid = {a.document for a in result.allocations if a.kind == "invoice"}
        owed = [inv for inv in view.open_items(result.customer_id, payment.currency)
                if inv.invoice_number not in paid and inv.open_amount == excess]
        if len(owed) != 1:
            return result
        hint = _r(R_EXCESS_OWED, 0, excess=excess, invoice=owed[0].invoice_number)
        return replace(result, reasons=result.reasons + (hint,))

    def _decide(self, payment: Payment, ev: Evidence, view: View) -> MatchResult:
        if ev.refs:
            result = self._by_reference(payment, ev, view)
            usable = result is not None and result.status != "unmatched" and \
                result.customer_id in ev.payer_customers
            if result is not None and (result.posted or usable or not ev.payer_customers):
                return result
            # the reference names another customer's invoice, or one already paid: a typo
            # of one of the paying customer's own open invoices?
            fixed = self._typo_of_own_invoice(payment, ev, view)
            if fixed is not None:
                again = self._by_reference(payment, fixed, view)
                if again is not None and again.posted:
                    return again
            if result is not None:
                return result
        return self._without_reference(payment, ev, view)

    def _settles(self, inv: OpenInvoice, payment: Payment) -> bool:
        """The amount pays this one invoice in full (exactly, with its discount or a fee)."""
        return inv.currency == payment.currency and inv.open_amount > 0 and \
            self._settle_kind(inv, payment) in ("exact", "discount", "fee")

    def _near(self, raws: set[str], items: Sequence[OpenInvoice], minimum: int | None = None) -> dict[str, str]:
        """Invoices among `items` one edit away from one of the references of at least
        `minimum` characters (the rules' `typo_min_length` unless given): number -> text found."""
        least = self.rules.typo_min_length if minimum is None else minimum
        keys = {norm_key(raw)[2:]: raw for raw in raws}
        keys = {k: raw for k, raw in keys.items() if len(k) >= least}
        found: dict[str, str] = {}
        if not keys:
            return found
        for inv in items:
            body = norm_key(inv.invoice_number)[2:]
            for key, raw in keys.items():
                if body != key and OSA.distance(key, body, score_cutoff=1) <= 1:
                    found[inv.invoice_number] = raw
        return found

    def _typo_of_own_invoice(self, payment: Payment, ev: Evidence, view: View) -> Evidence | None:
        raws = {raw for hits in ev.refs.values() for kind, _, raw in hits if kind != "typo"}
        if not raws:
            return None  # nothing written out exactly: nothing to be one edit from
        for number, hits in ev.refs.items():
            named = view.invoice(number)
            if named is not None and any(k != "typo" for k, _, _ in hits) and self._settles(named, payment):
                return None  # the invoice named as written is paid by the amount too: for it, or a typo?
        items = [inv for c in ev.payer_customers for inv in view.open_items(c, payment.currency)]
        near = self._near(raws, items)
        near = {n: raw for n, raw in near.items() if self._settles(view.invoice(n), payment)}
        if len(near) != 1:
            return None
        number, raw = near.popitem()
        return Evidence({number: (("typo", "invoice_number", raw),)}, ev.payer_customers)

    def _referenced(self, payment: Payment, refs: Mapping[str, Sequence[tuple[str, str, str]]], view: View,
                    reasons: list[Reason]) -> list[OpenInvoice]:
        invoices = []
        for number in sorted(refs):
            inv = view.invoice(number)
            if inv is None:
                continue
            if inv.currency != payment.currency:
                reasons.append(_r(R_CURRENCY, 0, currency=payment.currency, invoice=number,
                                  invoice_currency=inv.currency))
            elif inv.open_amount < 0 and inv.total < 0:  # the payer took its credit note off the payment
                reasons.append(_r(R_CREDIT_NOTE, 0, invoice=number, amount=-inv.open_amount, currency=inv.currency))
            elif inv.open_amount <= 0:
                reasons.append(_r(R_ALREADY_PAID, 0, invoice=number))
            else:
                invoices.append(inv)
        return invoices

    def _by_reference(self, payment: Payment, ev: Evidence, view: View) -> MatchResult | None:
        exact = {n: hits for n, hits in ev.refs.items() if any(k != "typo" for k, _, _ in hits)}
        chosen = exact or ev.refs
        reasons: list[Reason] = []
        blocked = False
        invoices = self._referenced(payment, chosen, view, reasons)
        if not exact and len(invoices) > 1:
            # one edit from several invoices: the amount must single one out
            settled = [inv for inv in invoices if self._settles(inv, payment)]
            if len(settled) == 1:
                invoices = settled
            else:
                blocked = True
                invoices = (settled or invoices)[:1]
        if not invoices:
            if reasons:
                return MatchResult(payment.transaction_id, "unmatched", 0, (), tuple(reasons))
            return None
        invoices.sort(key=lambda i: (i.due_date or date.max, i.invoice_number))
        customers = {inv.customer_id for inv in invoices}
        if len(customers) > 1:
            reasons.append(_r(R_SEVERAL_CUSTOMERS))
            blocked = True
        customer = sorted(customers)[0]
        # points of the reference: the weakest invoice's evidence counts (each must be named)
        ref_reasons = []
        for inv in invoices:
            kind, rule, raw = max(chosen[inv.invoice_number], key=lambda h: self._ref_weight(h[0]))
            message = R_RF if kind == "structured" else R_TYPO if kind == "typo" else R_REFERENCE
            ref_reasons.append(_r(message, self._ref_weight(kind), reference=raw, rule=rule,
                                  invoice=inv.invoice_number))
        weakest = min(r.points for r in ref_reasons)
        reasons += [Reason(r.message, weakest if i == 0 else 0, r.params) for i, r in enumerate(ref_reasons)]
        if ev.payer_customers and customer not in ev.payer_customers:
            reasons.append(_r(R_OTHER_CUSTOMER, 0, invoice_customer=customer,
                              customer=", ".join(ev.payer_customers)))
            blocked = True
        reasons += self._who(payment, customer, ev, view)
        s = self._settle(invoices, payment, customer)
        if s.kind == "partial" and len(invoices) > 1:
            # the payer named several invoices but paid only some of them in full?
            amounts = [minor(inv.open_amount, inv.currency) for inv in invoices]
            found = exact_subsets(amounts, minor(payment.amount, payment.currency),
                                  len(amounts), self.rules.combined.max_steps)
            if found.unique:
                invoices = [invoices[i] for i in found.unique]
                s = self._settle(invoices, payment, customer)
            else:
                blocked = True  # which invoice stays open is the clerk's call
        if s.kind in ("partial", "over"):
            # does the amount rather pay, in full, another open invoice of the customer? Then
            # which one the payer meant is the clerk's call: the reference may be mistyped
            # (`0043` for `0045`), copied from the wrong invoice, or a date, an amount or an
            # order number that happens to be an invoice's number. Within the fee tolerance
            # only for a number one typo away: a part paid is often a few units off another
            # invoice's amount by chance
            others = [inv for inv in view.open_items(customer, payment.currency)
                      if inv not in invoices and self._settles(inv, payment)]
            if others:
                raws = {raw for hits in chosen.values() for _, _, raw in hits}
                near = self._near(raws, others, minimum=1)
                full = [inv for inv in others if self._settle_kind(inv, payment) in ("exact", "discount")]
                if near:
                    reasons.append(_r(R_TYPO_AMBIGUOUS, 0, invoice=sorted(near)[0]))
                    blocked = True
                elif full:
                    reasons.append(_r(R_AMOUNT_ELSEWHERE, 0, invoice=min(full, key=_due_order).invoice_number))
                    blocked = True
            # a short bare number (`14000`: a postal code, a quantity, an order) found as it is
            # written names an invoice only when the amount agrees with it
            bare = [_bare(chosen[inv.invoice_number]) for inv in invoices]
            if all(bare):
                reasons.append(_r(R_BARE_NUMBER, 0, reference=bare[0], invoice=invoices[0].invoice_number))
                blocked = True
        reasons += self._amount_reasons(s, payment, invoices)
        if self._in_window(invoices, payment.booking_date):
            reasons.append(self._date_reason)
        kind = "typo" if not exact else "reference"
        return self._result(payment, customer, s, reasons, blocked, kind, customer in ev.payer_customers, invoices)

    def _ref_weight(self, kind: str) -> int:
        return {"structured": self.w.structured_reference, "typo": self.w.reference_typo}.get(kind, self.w.reference)

    def _without_reference(self, payment: Payment, ev: Evidence, view: View) -> MatchResult:
        reasons: list[Reason] = []
        customer: str | None = None
        by_iban = len(ev.payer_customers) == 1
        if by_iban:
            customer = ev.payer_customers[0]
        else:
            best = view.best_name(payment.counterparty_name)
            if best and best[1] >= self.rules.name_threshold:
                customer = best[0]
        if customer is not None:
            result = self._customer_items(payment, customer, ev, view, by_iban)
            if result is not None:
                return result
        return self._amount_only(payment, customer, view)

    def _customer_items(self, payment: Payment, customer: str, ev: Evidence, view: View,
                        by_iban: bool) -> MatchResult | None:
        items = [i for i in view.open_items(customer, payment.currency) if i.open_amount > 0]
        if not items:
            return None
        items.sort(key=lambda i: (i.due_date or date.max, i.invoice_number))
        who = self._who(payment, customer, ev, view)
        blocked = not by_iban
        if blocked:
            who.append(_r(R_AMOUNT_ONLY))
        # one invoice settled (exactly, with discount or fee)
        # an amount above an invoice's open amount pays it over, never exactly, with a discount
        # or a fee: such invoices cannot be singles, and are not settled one by one
        settled = [(inv, self._settle([inv], payment, customer)) for inv in items
                   if inv.open_amount >= payment.amount]
        singles = []
        # an amount paying one invoice exactly and another with the discount it is due pays
        # either as agreed: two candidates; either outranks one short by a fee
        for tier in (("exact", "discount"), ("fee",)):
            singles = [(inv, s) for inv, s in settled if s.kind in tier]
            if singles:
                break
        limit = self.rules.combined
        pool = items[: limit.max_open_items]
        found = exact_subsets([minor(i.open_amount, i.currency) for i in pool],
                              minor(payment.amount, payment.currency), limit.max_invoices, limit.max_steps)
        if singles:
            reasons = list(who)
            inv, s = singles[0]
            unique = len(singles) == 1 and not found.solutions and found.complete
            if len(singles) > 1:
                reasons.append(_r(R_SHARED_AMOUNT, 0, count=len(singles)))
            elif not unique:  # a combination of other invoices adds up to it as well
                reasons.append(_r(R_SHARED_SUBSET))
            blocked = blocked or not unique
            reasons += self._amount_reasons(s, payment, [inv])
            if unique:
                reasons.append(_r(R_UNIQUE, self.w.unique_for_customer))
            if self._in_window([inv], payment.booking_date):
                reasons.append(self._date_reason)
            return self._result(payment, customer, s, reasons, blocked, "amount", by_iban, [inv])
        # several invoices settled exactly by one payment
        if found.solutions:
            subset = [pool[i] for i in found.solutions[0]]
            s = self._settle(subset, payment, customer)
            reasons = list(who) + [_r(R_COMBINED, 0, count=len(subset))] + self._amount_reasons(s, payment, subset)
            if found.unique:
                reasons.append(_r(R_UNIQUE, self.w.unique_for_customer))
            else:
                reasons.append(_r(R_SHARED_SUBSET))
                blocked = True
            if self._in_window(subset, payment.booking_date):
                reasons.append(self._date_reason)
            return self._result(payment, customer, s, reasons, blocked, "amount", by_iban, subset)
        if not by_iban:
            return None  # a name alone proposes nothing: look at the amount across customers
        # the customer paid something else: suggest the oldest item, in part or over
        s = self._settle(items[:1], payment, customer)
        reasons = list(who) + self._amount_reasons(s, payment, items[:1])
        return self._result(payment, customer, s, reasons, True, "customer", by_iban, items[:1])

    def _amount_only(self, payment: Payment, customer: str | None, view: View) -> MatchResult:
        same = [i for i in view.open_with_amount(payment.amount, payment.currency)]
        if not same:
            return MatchResult(payment.transaction_id, "unmatched", 0, (), (_r(R_NOTHING),), customer)
        same.sort(key=lambda i: (i.due_date or date.max, i.invoice_number))
        inv = same[0]
        s = self._settle([inv], payment, inv.customer_id)
        reasons = [_r(R_AMOUNT_ONLY)]
        if len(same) > 1:
            reasons.append(_r(R_SHARED_AMOUNT, 0, count=len(same)))
        reasons += self._amount_reasons(s, payment, [inv])
        if self._in_window([inv], payment.booking_date):
            reasons.append(self._date_reason)
        return self._result(payment, inv.customer_id, s, reasons, True, "amount", False, [inv])


SHORT_BARE = 6  # digits at most of a bare number that is weak evidence alone


def _bare(hits: Sequence[tuple[str, str, str]]) -> str | None:
    """The text found, when every finding of an invoice is a bare number of at most
    `SHORT_BARE` digits found without a label (not a variable symbol, not an RF reference)."""
    if all(kind == "reference" and rule == "invoice_number" and raw.isdigit() and len(raw) <= SHORT_BARE
           for kind, rule, raw in hits):
        return hits[0][2] if hits else None
    return None


def _due_order(inv: OpenInvoice) -> tuple[date, str]:
    return inv.due_date or date.max, inv.invoice_number


def is_credit(payment: Payment) -> bool:
    return payment.amount > 0

