"""rules/payroll.yaml: rule sets for hours, deductions with effective dates, payment file.

A rule set says how worked time becomes hours by category (rounding, automatic breaks,
daily/weekly/seventh-day overtime, night/Sunday/holiday premiums). Three are shipped
(`us-flsa`, `us-california`, `eu-example`) and always exist; a rule file may redefine
them or add more. Each employee picks one by the `rule_set` field of the books.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.exprtypes import Condition, Formula, Names, fields
from backoffice_auto.rules.problems import RuleValueError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
#: Bounds that catch a slip of the keyboard (`125` for a multiplier of `1.25`, `1000` for `100` %),
#: far above what any labour law pays: an implausible rule is refused by `rules check`, not paid out.
MULTIPLIER_MAX = 10
PREMIUM_PERCENT_MAX = 500


class AutoBreak(StrictModel):
    """An unpaid break taken off a day longer than `after_hours` unless one was recorded."""

    after_hours: Decimal = Field(Decimal(6), gt=0, le=24)
    minutes: int = Field(30, ge=1, le=240)


class NightPremium(StrictModel):
    """Hours worked between `start` and `end` local wall-clock time earn `percent` of base."""

    percent: Decimal = Field(ge=0, le=PREMIUM_PERCENT_MAX)
    start: time = time(22, 0)
    end: time = time(6, 0)


#: What a premium's `when`/`amount` and a deduction's `formula` may read (docs/rules.md, payroll.yaml).
EMPLOYEE_FIELDS = ("employee_id", "name", "email", "language", "department", "pay_type", "hourly_rate", "salary",
                   "currency", "country", "subdivision", "timezone", "iban", "rule_set")
HOUR_CATEGORIES = ("regular", "overtime", "double_time", "night", "sunday", "holiday")
PAY_NAMES = (Names("gross", "rate", "period_start", "period_end", "days_worked")
             | fields("hours", HOUR_CATEGORIES) | fields("employee", EMPLOYEE_FIELDS))
DEDUCTION_NAMES = PAY_NAMES | Names("left")


class FormulaPremium(StrictModel):
    """A pay line computed by a formula, added to gross when `when` holds (all apply)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label: str | None = None
    labels: dict[Literal["en", "cs", "pl", "es", "fr"], str] = {}
    when: Condition[PAY_NAMES] | None = None
    amount: Formula[PAY_NAMES]


class RuleSet(StrictModel):
    description: str = ""
    rounding_minutes: Literal[0, 1, 5, 6, 15] = 0  # symmetric: to the nearest step, ties up
    auto_break: AutoBreak | None = None
    daily_overtime_after: Decimal | None = Field(None, gt=0, le=24)
    daily_double_time_after: Decimal | None = Field(None, gt=0, le=24)
    weekly_overtime_after: Decimal | None = Field(None, gt=0, le=168)
    seventh_day: bool = False  # California: 7th consecutive workweek day, first 8 h OT, rest DT
    seventh_day_double_after: Decimal = Field(Decimal(8), gt=0, le=24)
    overtime_multiplier: Decimal = Field(Decimal("1.5"), ge=1, le=MULTIPLIER_MAX)
    double_time_multiplier: Decimal = Field(Decimal(2), ge=1, le=MULTIPLIER_MAX)
    workweek_start: Weekday = "monday"
    night: NightPremium | None = None
    sunday_percent: Decimal | None = Field(None, ge=0, le=PREMIUM_PERCENT_MAX)
    holiday_percent: Decimal | None = Field(None, ge=0, le=PREMIUM_PERCENT_MAX)
    premiums_in_regular_rate: bool = True  # 29 CFR 778.207: shift differentials are included
    salaried_overtime: bool = False  # salaried staff are exempt unless this says otherwise
    premiums: tuple[FormulaPremium, ...] = ()  # formula pay lines, after the built-in ones

    @model_validator(mode="after")
    def _double_after_overtime(self):
        if (self.daily_overtime_after is not None and self.daily_double_time_after is not None
                and self.daily_double_time_after < self.daily_overtime_after):
            raise RuleValueError(N_("'{key}' must not be below '{other}'"),
                                 key="daily_double_time_after", other="daily_overtime_after")
        return self

    @property
    def workweek_start_index(self) -> int:
        return WEEKDAYS.index(self.workweek_start)


SHIPPED_RULE_SETS: dict[str, RuleSet] = {
    "us-flsa": RuleSet(
        description="US federal: over 40 hours in the workweek at 1.5x the regular rate",
        weekly_overtime_after=Decimal(40), workweek_start="sunday"),
    "us-california": RuleSet(
        description="California Labor Code 510: over 8 h a day 1.5x, over 12 h 2x, "
                    "seventh consecutive day first 8 h 1.5x then 2x, over 40 h a week 1.5x",
        daily_overtime_after=Decimal(8), daily_double_time_after=Decimal(12),
        weekly_overtime_after=Decimal(40), seventh_day=True, workweek_start="sunday",
        auto_break=AutoBreak(after_hours=Decimal(5), minutes=30)),
    "eu-example": RuleSet(
        description="Night 22:00-06:00 +25 %, Sunday +50 %, public holiday +100 %",
        auto_break=AutoBreak(after_hours=Decimal(6), minutes=30),
        night=NightPremium(percent=Decimal(25)), sunday_percent=Decimal(50),
        holiday_percent=Decimal(100)),
}


class Bracket(StrictModel):
    up_to: Decimal | None = None  # upper bound of this slice of the base; None = no bound
    rate: Decimal = Field(ge=0, le=100)  # percent of the slice


class Deduction(StrictModel):
    """One table-driven deduction; several rows may share a name with different dates."""

    name: str
    label: str | None = None
    labels: dict[Literal["en", "cs", "pl", "es", "fr"], str] = {}  # the label per payslip language
    kind: Literal["percent", "brackets", "fixed", "formula"]
    rate: Decimal | None = Field(None, ge=0, le=100)  # percent
    cap: Decimal | None = Field(None, ge=0)  # at most this amount per payslip
    base_cap: Decimal | None = Field(None, ge=0)  # the base counts up to this amount
    amount: Decimal | None = Field(None, ge=0)  # fixed
    formula: Formula[DEDUCTION_NAMES] | None = None  # kind: formula
    brackets: list[Bracket] = []
    effective_from: date | None = None
    effective_to: date | None = None  # inclusive
    rule_sets: list[str] = []  # empty: all
    countries: list[str] = []  # empty: all
    pay_types: list[Literal["hourly", "salaried"]] = []  # empty: both

    @model_validator(mode="after")
    def _fields_for_kind(self):
        if self.kind == "percent" and self.rate is None:
            raise RuleValueError(N_("a percent deduction needs 'rate'"))
        if self.kind == "fixed" and self.amount is None:
            raise RuleValueError(N_("a fixed deduction needs 'amount'"))
        if (self.kind == "formula") != (self.formula is not None):
            raise RuleValueError(N_("'formula' goes with kind: formula, and a formula deduction needs it"))
        if self.kind == "brackets":
            if not self.brackets:
                raise RuleValueError(N_("a brackets deduction needs 'brackets'"))
            bounds = [b.up_to for b in self.brackets[:-1]]
            if any(b is None for b in bounds) or bounds != sorted(bounds):
                raise RuleValueError(N_("brackets must rise, only the last may have no '{key}'"), key="up_to")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise RuleValueError(N_("'{key}' is before '{other}'"), key="effective_to", other="effective_from")
        return self


class Payment(StrictModel):
    """The SEPA salary transfer file (pain.001) for the net amounts."""

    enabled: bool = True
    execution_days_after_period: int = Field(3, ge=0, le=60)
    reference: str = "Salary {period}"  # {period} and {employee_id} are filled in

    @field_validator("reference")
    @classmethod
    def _check_reference(cls, value: str) -> str:
        from backoffice_auto.rules.formats import check_template

        return check_template(value, {"period": "2026-11-01/2026-11-30", "employee_id": "E001"})


class PayrollRules(StrictModel):
    default_rule_set: str = "eu-example"
    rule_sets: dict[str, RuleSet] = {}
    midnight: Literal["start_day", "split"] = "start_day"  # a shift over midnight: day it starts, or split
    pay_period: Literal["weekly", "biweekly", "semimonthly", "monthly"] = "biweekly"
    period_anchor: date | None = None  # first day of any weekly/biweekly period: periods from a calendar
    salary_per: Literal["month", "year"] = "month"
    standard_hours_per_week: Decimal = Field(Decimal(40), gt=0, le=168)
    max_shift_hours: Decimal = Field(Decimal(24), gt=0, le=48)
    deductions: list[Deduction] = []
    payment: Payment = Payment()
    mail_payslips: bool = True
    payslip_pdf: bool = True  # render a PDF per employee (mailed as an attachment)
    summary_to: list[str] = ["role:payroll_manager"]

    def all_rule_sets(self) -> dict[str, RuleSet]:
        return {**SHIPPED_RULE_SETS, **self.rule_sets}

    def rule_set(self, name: str | None) -> RuleSet | None:
        return self.all_rule_sets().get(name or self.default_rule_set)
