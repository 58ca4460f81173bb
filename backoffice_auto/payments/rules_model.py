"""rules/payments.yaml: how bank payments find their invoices and bills, and how dunning runs.

The matching rules are scores and patterns an admin tunes; the safety rules (what is never
posted automatically) are not keys here but fixed in `payments/matching/decide.py`, so no
edit of this file can make the service post a payment on the name or the amount alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import regex
from pydantic import Field, field_validator, model_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.expr import ExpressionError
from backoffice_auto.rules.exprtypes import Condition, Formula, Names
from backoffice_auto.rules.problems import RuleValueError

#: Names offered to `matching.auto_post_when`.
AUTO_POST_NAMES = Names("score", "amount", "currency", "evidence", "invoices", "kind", "customer_known",
                        "days_after_due")
#: Names offered to `matching.fees.tolerance`.
AMOUNT_NAMES = Names("amount", "currency")
FEE_PROBES = tuple(Decimal(10) ** k for k in range(2, 7))  # payments `fees.tolerance` is tried on
#: Names offered to `dunning.levels[].fee`.
FEE_NAMES = Names("open_amount", "currency", "days_overdue", "level")

_MAX_PATTERN = 300


def _check_pattern(text: str) -> str:
    if len(text) > _MAX_PATTERN:
        raise RuleValueError(N_("a pattern may be at most {limit} characters long"), limit=_MAX_PATTERN)
    try:
        regex.compile(text, regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise RuleValueError(N_("not a valid regular expression: {detail}"), detail=str(exc)) from None
    return text


class ReferenceRule(StrictModel):
    """One kind of structured reference a payer writes (named so that reasons can name it)."""

    name: str = Field(min_length=1, max_length=40)
    pattern: str  # regular expression; its first group (else the whole match) is the reference
    kind: Literal["invoice_number", "digits"] = "invoice_number"
    # invoice_number: compared with the invoice number without spaces and punctuation;
    # digits: compared with the invoice number's digits, leading zeros ignored (variable symbol)

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return _check_pattern(value)


def _default_references() -> tuple[ReferenceRule, ...]:
    return (
        ReferenceRule(name="cz_variable_symbol", kind="digits",
                      pattern=r"(?:\bVS|\bV\.S\.|variabiln[ií] symbol)[\s:.#/-]*(\d{1,10})\b"),
        ReferenceRule(name="pl_split_payment", pattern=r"/INV/([^/]{1,35})"),
        ReferenceRule(name="es_referencia", pattern=r"\b(?:REF(?:ERENCIA)?|FRA|FACTURA)[\s.:#]+([A-Z0-9][A-Z0-9/-]{3,34})"),
    )


class WeightsRules(StrictModel):
    """Points each kind of evidence adds to a match's score (0..100 after capping)."""

    reference: int = Field(60, ge=0, le=100)  # an invoice number or reference written exactly
    structured_reference: int = Field(65, ge=0, le=100)  # an RF reference with valid check digits
    reference_typo: int = Field(40, ge=0, le=100)  # a long reference one edit away from an invoice number
    iban: int = Field(25, ge=0, le=100)  # the payer's account belongs to the invoice's customer
    name: int = Field(15, ge=0, le=100)  # the payer's name is close to the customer's name
    amount: int = Field(25, ge=0, le=100)  # the amount settles the invoices (exactly, with a fee or discount)
    amount_partial: int = Field(10, ge=0, le=100)  # the amount pays part of the invoices
    unique_for_customer: int = Field(30, ge=0, le=100)  # the only open items of that customer with that amount
    date: int = Field(5, ge=0, le=100)  # booked between the invoice's issue and its due date plus the window


class FeesRules(StrictModel):
    """A payment short by a bank fee: the invoice is paid and the difference written off."""

    tolerance: Formula[AMOUNT_NAMES] = Formula.compile("min(5, amount * 0.01)", AMOUNT_NAMES)  # largest shortfall taken as a fee
    write_off_as: str = Field("bank_fees", min_length=1, max_length=40)

    @field_validator("tolerance")
    @classmethod
    def _a_fee_is_a_small_part(cls, value: Formula) -> Formula:
        """A tolerance that writes off half a payment or more is no bank fee (`amount` for
        `amount * 0.01`, `500` for `5`): a payment of half an invoice would settle it. Tried on
        payments from 100 to 1,000,000 (a flat `5` is still taken)."""
        for amount in FEE_PROBES:
            try:
                fee = value.value({"amount": amount, "currency": "EUR"})
            except (ExpressionError, TypeError, ValueError, ArithmeticError):
                continue  # an expression that fails is a fee of 0 when run (`Decider.fee_tolerance`)
            if fee * 2 > amount:
                raise RuleValueError(N_("the tolerance gives {fee} as the bank fee of a payment of {amount}: a bank "
                                        "fee is a small part of a payment; keep it at most half of the amount"),
                                     fee=fee.quantize(Decimal("0.01")), amount=amount)
        return value


class DiscountRules(StrictModel):
    """Early-payment discounts (from the customer's payment terms, such as `2/10 net 30`)."""

    grace_days: int = Field(0, ge=0, le=60)  # days after the discount date still accepted
    record_as: str = Field("discount_allowed", min_length=1, max_length=40)


class CombinedRules(StrictModel):
    """One payment for several invoices: the exact subset of a customer's open invoices."""

    max_invoices: int = Field(6, ge=1, le=12)  # largest subset tried
    max_open_items: int = Field(30, ge=1, le=60)  # a customer with more open items is not searched
    max_steps: int = Field(200_000, ge=100, le=5_000_000)  # bound of the search


class MatchingRules(StrictModel):
    auto_threshold: int = Field(85, ge=1, le=100)  # score from which a match is posted
    suggest_threshold: int = Field(30, ge=0, le=100)  # score from which a match is suggested
    # a further condition for posting (it cannot lift the fixed safety rules)
    auto_post_when: Condition[AUTO_POST_NAMES] = Condition.compile("true", AUTO_POST_NAMES)
    invoice_patterns: tuple[str, ...] = (r"\b[A-Z]{2,5}[-/ ]?\d{4}[-/ ]?\d{3,8}\b",)
    references: tuple[ReferenceRule, ...] = Field(default_factory=_default_references)
    rf_references: bool = True  # ISO 11649 `RF..` references built from our invoice numbers
    typo_min_length: int = Field(8, ge=5, le=40)  # shortest reference compared with one edit
    name_threshold: int = Field(85, ge=50, le=100)  # rapidfuzz token-set score for a name match
    days_before_issue: int = Field(0, ge=0, le=365)  # date window: payment this long before the issue date
    days_after_due: int = Field(180, ge=0, le=3650)  # ... and this long after the due date
    pattern_timeout_ms: int = Field(50, ge=1, le=5000)  # per text and pattern
    max_text_length: int = Field(1000, ge=35, le=10_000)  # remittance text beyond this is cut
    weights: WeightsRules = WeightsRules()
    fees: FeesRules = FeesRules()
    discounts: DiscountRules = DiscountRules()
    combined: CombinedRules = CombinedRules()

    @field_validator("invoice_patterns")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            _check_pattern(text)
        return value

    @model_validator(mode="after")
    def _suggest_below_auto(self):
        if self.suggest_threshold > self.auto_threshold:  # nothing could ever be suggested
            raise RuleValueError(N_("'{key}' ({value}) must not be above '{other}' ({limit})"),
                                 key="suggest_threshold", value=self.suggest_threshold,
                                 other="auto_threshold", limit=self.auto_threshold)
        return self


class OutgoingRules(StrictModel):
    """Debits matched to approved bills and to payroll runs."""

    amount_tolerance: Decimal = Field(Decimal("0"), ge=0)  # difference accepted on a reference match
    salary_reference: str = Field("Salary", max_length=60)  # text a salary batch debit carries


class AgeingRules(StrictModel):
    buckets: tuple[int, ...] = (30, 60, 90)  # upper bounds of the overdue buckets in days
    mail_to: tuple[str, ...] = ("role:finance_manager",)  # who gets the report after each statement; [] for nobody

    @field_validator("buckets")
    @classmethod
    def _increasing(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(b <= a for a, b in zip(value, value[1:])) or value[0] < 1:
            raise RuleValueError(N_("buckets must be increasing whole numbers of days, from 1"))
        return value


class DunningLevel(StrictModel):
    name: Literal["reminder", "second", "final"]
    days_overdue: int = Field(ge=0, le=3650)  # days after the due date (after grace days) this level is reached
    fee: Formula[FEE_NAMES] = Formula.compile("0", FEE_NAMES)  # fee charged with this letter


class DunningRules(StrictModel):
    enabled: bool = False
    grace_days: int = Field(3, ge=0, le=90)  # days after the due date before any letter
    interval_days: int = Field(14, ge=1, le=365)  # at most one letter per customer this often
    interest_pct_per_year: Decimal = Field(Decimal("0"), ge=0, le=100)  # late interest, simple, per year
    min_amount: Decimal = Field(Decimal("1"), ge=0)  # smaller open amounts are not dunned
    levels: tuple[DunningLevel, ...] = (
        DunningLevel(name="reminder", days_overdue=0),
        DunningLevel(name="second", days_overdue=14),
        DunningLevel(name="final", days_overdue=28),
    )
    to_role: str = Field("role:finance_manager", max_length=80)  # copy of every letter
    # sales invoices the customer disputes (case aside): never dunned while listed
    disputed: tuple[str, ...] = ()


class PaymentsRules(StrictModel):
    matching: MatchingRules = MatchingRules()
    outgoing: OutgoingRules = OutgoingRules()
    ageing: AgeingRules = AgeingRules()
    dunning: DunningRules = DunningRules()
