"""Payment terms (`net 30`, `2/10 net 30`, `net 30 eom`) as values, and the dates they give.

Terms are shared vocabulary (DESIGN.md "The books"): suppliers and customers carry them as
text, invoices print them, payables schedules by them. This module is the one place that
reads that text and turns it into a due date and an early-payment discount, with pure
functions so every job computes the same dates.

Grammar (case and spacing free): `[P/D] net N [eom]`
- `net N`: due N days after the invoice date;
- `P/D`: P % off (a decimal such as `1.5` or `1,5` is fine) when paid within D days;
- `eom`: days count from the end of the invoice's month, for the discount days too
  (`2/10 net 30 eom`: 2 % off until the 10th of next month, due 30 days after month end).
`due on receipt` and `immediate` mean `net 0`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from backoffice_auto.i18n import N_, NP_

_TERMS_RE = re.compile(
    r"""^\s*
    (?:(?P<pct>\d{1,2}(?:[.,]\d{1,3})?)\s*%?\s*/\s*(?P<ddays>\d{1,3})\s*,?\s*)?
    net\s*(?P<days>\d{1,3})
    (?:\s*(?P<eom>eom|e\.o\.m\.?))?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_IMMEDIATE = {"due on receipt", "immediate", "immediately", "on receipt", "cash"}


class TermsError(ValueError):
    """The text is not payment terms this module understands (carries the text)."""

    def __init__(self, text: str):
        self.text = text
        super().__init__(f"unreadable payment terms: {text!r}")


@dataclass(frozen=True)
class PaymentTerms:
    """`days` after the invoice date (or its month end when `eom`); an optional discount."""

    days: int
    discount_pct: Decimal | None = None  # 2 = 2 %
    discount_days: int | None = None
    end_of_month: bool = False

    def __post_init__(self):
        if self.days < 0:
            raise ValueError("days must not be negative")
        if (self.discount_pct is None) != (self.discount_days is None):
            raise ValueError("a discount needs both a percentage and a number of days")
        if self.discount_pct is not None and not (Decimal(0) < self.discount_pct < Decimal(100)):
            raise ValueError("discount percentage must be between 0 and 100")
        if self.discount_days is not None and self.discount_days > self.days:
            raise ValueError("discount days must not exceed the net days")

    @property
    def has_discount(self) -> bool:
        return self.discount_pct is not None

    def __str__(self) -> str:
        """The canonical text: parse(str(t)) == t."""
        out = f"net {self.days}"
        if self.has_discount:
            pct = format(self.discount_pct.normalize(), "f")
            out = f"{pct}/{self.discount_days} {out}"
        if self.end_of_month:
            out += " eom"
        return out


def parse_terms(text: str) -> PaymentTerms:
    """Read `net 30`, `2/10 net 30`, `net 30 eom`, `1,5/8 net 45`; raise TermsError otherwise."""
    if text is None:
        raise TermsError("")
    cleaned = " ".join(str(text).split())
    if cleaned.lower() in _IMMEDIATE:
        return PaymentTerms(days=0)
    m = _TERMS_RE.match(cleaned)
    if not m:
        raise TermsError(str(text))
    pct = None
    ddays = None
    if m.group("pct") is not None:
        try:
            pct = Decimal(m.group("pct").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            raise TermsError(str(text)) from None
        ddays = int(m.group("ddays"))
    try:
        return PaymentTerms(days=int(m.group("days")), discount_pct=pct, discount_days=ddays,
                            end_of_month=m.group("eom") is not None)
    except ValueError:
        raise TermsError(str(text)) from None


def try_parse_terms(text: str | None) -> PaymentTerms | None:
    """parse_terms, or None for empty or unreadable text (callers then fall back)."""
    if not text or not str(text).strip():
        return None
    try:
        return parse_terms(text)
    except TermsError:
        return None


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _start(issue_date: date, terms: PaymentTerms) -> date:
    return month_end(issue_date) if terms.end_of_month else issue_date


def due_date(issue_date: date, terms: PaymentTerms) -> date:
    """The last day to pay the full amount."""
    return _start(issue_date, terms) + timedelta(days=terms.days)


def discount_date(issue_date: date, terms: PaymentTerms) -> date | None:
    """The last day on which the early-payment discount may be taken (None without one)."""
    if not terms.has_discount:
        return None
    return _start(issue_date, terms) + timedelta(days=terms.discount_days)


def discount_amount(total: Decimal, terms: PaymentTerms, minor_digits: int = 2) -> Decimal | None:
    """The discount on `total` (its sign kept), rounded half-up to the currency's minor unit.

    Taken on the gross total, as most suppliers print it ("2 % if paid within 10 days");
    a payer who must discount the net only can pass the net.
    """
    if not terms.has_discount:
        return None
    quantum = Decimal(1).scaleb(-minor_digits)
    return (total * terms.discount_pct / Decimal(100)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TermDates:
    due_date: date
    discount_date: date | None
    discount_amount: Decimal | None


def apply_terms(issue_date: date, total: Decimal, terms: PaymentTerms, minor_digits: int = 2) -> TermDates:
    """Due date, discount date and discount amount of one invoice under `terms`.

    A credit note (negative total) has nothing to pay early, so it gets no discount.
    """
    if total is not None and total < 0:
        return TermDates(due_date(issue_date, terms), None, None)
    amount = discount_amount(total, terms, minor_digits) if total is not None else None
    return TermDates(due_date(issue_date, terms), discount_date(issue_date, terms), amount)


TERMS_NET = NP_("due within {days} day", "due within {days} days", "days")
TERMS_NET_EOM = NP_("due within {days} day after the end of the month", "due within {days} days after the end of the month",
                    "days")
TERMS_ON_RECEIPT = N_("due on receipt")
TERMS_DISCOUNT = NP_("{pct} % discount if paid within {discount_days} day",
                     "{pct} % discount if paid within {discount_days} days", "discount_days")
TERMS_DISCOUNT_OR_NET = N_("{discount}; otherwise {net}")


def describe_terms(terms: PaymentTerms, language: str) -> str:
    """The terms as a sentence in the reader's language ("2/10 net 30" is the books' shorthand,
    not something a customer should have to decode on an invoice)."""
    from backoffice_auto.i18n import format_decimal, translate

    if terms.days == 0:
        net = translate(TERMS_ON_RECEIPT, language)
    else:
        net = translate(TERMS_NET_EOM if terms.end_of_month else TERMS_NET, language, days=terms.days)
    if terms.discount_pct is None:
        return net
    discount = translate(TERMS_DISCOUNT, language, pct=format_decimal(terms.discount_pct, language),
                         discount_days=terms.discount_days)
    return translate(TERMS_DISCOUNT_OR_NET, language).format(discount=discount, net=net)
