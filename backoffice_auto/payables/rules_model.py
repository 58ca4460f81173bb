"""rules/payables.yaml: run days, cost of money, discounts, holds, priority, cash limits,
approvers and the bank file. Every key is documented in docs/rules.md ("payables.yaml").

Holds and priorities are expressions over `bill`, `supplier` and `today` (checked when
the file is loaded, with the column of an unknown name): conditions decide, the rule
file never runs code.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.exprtypes import Condition, Names, fields
from backoffice_auto.rules.problems import RuleValueError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# The names a hold or priority condition may read (fields of the books' records).
BILL_FIELDS = ("bill_id", "supplier_id", "invoice_number", "issue_date", "due_date", "currency", "total",
               "paid", "open", "discount_date", "discount_amount", "scheduled_date", "status", "hold_reason",
               "days_overdue")
SUPPLIER_FIELDS = ("supplier_id", "name", "email", "language", "country", "vat_id", "iban", "bic",
                   "payment_terms", "priority", "on_hold")
NAMES = Names("today", fields("bill", BILL_FIELDS), fields("supplier", SUPPLIER_FIELDS))

ORDER_KEYS = ("priority", "discount", "due_date", "amount")


class HoldRule(StrictModel):
    """A bill for which `when` is true is not paid; `reason` is listed in the proposal."""

    when: Condition[NAMES]
    reason: str = Field("held by rule", min_length=1, max_length=200)


class PriorityRule(StrictModel):
    """A bill for which `when` is true gets `priority` (1 is paid first); first match wins."""

    when: Condition[NAMES]
    priority: int = Field(ge=0, le=999)


class Approver(StrictModel):
    name: str = Field(min_length=1, max_length=100)
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+$")
    limit: Decimal = Field(ge=0)  # the largest transfer this person approves alone


class DebtorAccount(StrictModel):
    iban: str
    bic: str | None = None
    name: str | None = None  # defaults to the company name


class PayablesRules(StrictModel):
    run_days: tuple[Weekday, ...] = Field(("tuesday", "thursday"), min_length=1)
    country: str | None = None  # bank holidays of this country; default: settings company.country
    subdivision: str | None = None
    financial_calendars: tuple[str, ...] = ("ECB",)  # holidays' financial markets (ECB = TARGET2)
    cost_of_money_pct: Decimal = Field(Decimal("10"), ge=0, le=1000)  # a year
    chained_discounts: bool = False  # 3/10 2/20: paying by day 10 earns both, compounded
    default_payment_terms: str = "net 30"
    preferred_suppliers: tuple[str, ...] = ()
    disputed_bills: tuple[str, ...] = ()
    holds: tuple[HoldRule, ...] = ()
    priorities: tuple[PriorityRule, ...] = ()
    default_priority: int = Field(5, ge=0, le=999)
    order_by: tuple[Literal["priority", "discount", "due_date", "amount"], ...] = (
        "priority", "discount", "due_date")
    cash_limit: dict[str, Decimal] = Field(default_factory=dict)  # currency -> most paid in one run
    confirmed_accounts: dict[str, str] = Field(default_factory=dict)  # supplier_id -> IBAN confirmed
    approvers: tuple[Approver, ...] = ()
    debtor_accounts: dict[str, DebtorAccount] = Field(default_factory=dict)  # currency -> account
    bank_file_currencies: tuple[str, ...] = ("EUR",)
    pain_version: Literal["pain.001.001.03", "pain.001.001.09"] = "pain.001.001.03"
    forecast_weeks: int = Field(8, ge=1, le=52)

    @field_validator("default_payment_terms")
    @classmethod
    def _terms_readable(cls, value: str) -> str:
        from backoffice_auto.payables.discounts import parse_ladder
        from backoffice_auto.terms import TermsError

        try:
            parse_ladder(value)
        except TermsError:
            raise RuleValueError(N_("'{value}' is not payment terms such as 'net 30', '2/10 net 30' or 'net 30 eom'"),
                                 N_("several discounts are written one after another: '3/10 2/20 net 45'"),
                                 value=value) from None
        return value

    @field_validator("cash_limit", "debtor_accounts", "bank_file_currencies")
    @classmethod
    def _currencies(cls, value):
        from backoffice_auto.rules.settings_model import known_currency

        for code in value:  # the keys of a mapping, the items of a list
            known_currency(code, exact=True)
        return value

    @field_validator("cash_limit")
    @classmethod
    def _limits_not_negative(cls, value: dict) -> dict:
        for code, limit in value.items():
            if limit < 0:
                raise RuleValueError(N_("the cash limit for {code} must not be negative, not {value}"),
                                     code=code, value=limit)
        return value

    @field_validator("financial_calendars")
    @classmethod
    def _known_calendars(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        import holidays

        known = holidays.list_supported_financial()
        for market in value:
            if market not in known:
                raise RuleValueError(N_("unknown financial calendar '{market}'"),
                                     N_("use a market code of the holidays package, such as {examples}"),
                                     market=market, examples="ECB, XWAR, XPAR, XMAD, XNYS")
        return value


    @model_validator(mode="after")
    def _unique_approvers(self):
        names = [a.name.casefold() for a in self.approvers]
        if len(names) != len(set(names)):
            raise RuleValueError(N_("approvers must have different names"))
        return self
