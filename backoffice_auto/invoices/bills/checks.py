"""Checks of one extracted invoice against itself and the books: pure functions.

Each check returns `Finding`s. A finding carries a `Problem` (what the clerk reads) and an
`action` that says what it does to the bill, so the handler decides in one place:

- `refuse`: the file is refused whole (a duplicate invoice);
- `review`: the values are doubtful (may be a misreading), a person corrects them first;
- `hold`: the values are believed but wrong or risky, the bill is entered on hold with
  the reason (and `alert` findings also go to the finance manager);
- `note`: worth saying in the exceptions report, changes nothing.

Arithmetic that fails on text that was read by the generic or a template reader could be
a misreading, so it asks for review; the same failure in an embedded e-invoice XML, or
after a person has reviewed it, is the supplier's error and holds the bill.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import yaml
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.invoices.extract.model import ExtractedInvoice
from backoffice_auto.invoices.bills.suppliers import compact_iban, vat_country
from backoffice_auto.parties.national import account_iban

ACTIONS = ("refuse", "review", "hold", "note")
_LEVEL = {"refuse": "error", "review": "warning", "hold": "warning", "note": "info"}

MSG_TOTALS = N_("net {net} plus tax {tax} is {sum}, but the total says {total}")
MSG_LINES_SUM = N_("the lines add up to {sum}, but the net amount is {net}")
MSG_LINES_GROSS = N_("the lines add up to the total (gross prices), not to the net amount")
MSG_TAX_RATE_LINE = N_("line {line}: a VAT rate of {rate} % is not used in {country}")
MSG_TAX_RATE_TOTAL = N_("tax {tax} on net {net} is {rate} %, not a VAT rate of {country}")
MSG_TAX_LINES = N_("the tax of the lines is {expected}, but the invoice says {tax}")
MSG_DUE_BEFORE_ISSUE = N_("the due date {due} is before the issue date {issue}")
MSG_ISSUE_FUTURE = N_("the issue date {issue} is after today ({today}): misread, or a mistyped year? Check it "
                      "(invoices.yaml checks.future_days: {limit})")
MSG_DUE_FAR = N_("the due date {due} is far after the issue date {issue} (invoices.yaml checks.max_terms_days: "
                 "{limit}): misread, or a mistyped year? Check it")
MSG_DUPLICATE = N_("invoice {number} of supplier {supplier} is already in the books as bill {bill}")
MSG_IBAN_INVALID = N_("the IBAN {iban} on the invoice is not valid: {reason}")
MSG_IBAN_CHANGED = N_("the IBAN {iban} on the invoice differs from the supplier's IBAN in the books ({known}); "
                      "confirm the change with the supplier by phone before paying")
MSG_IBAN_NEW = N_("the supplier has no IBAN in the books; the invoice gives {iban}")
MSG_IBAN_UNREAD = N_("no bank account could be read from the invoice, but the books know the supplier's "
                     "account {known}; confirm the account with the supplier before paying")
MSG_ACCOUNT_INVALID = N_("the bank account {iban} on the invoice is not valid: its check digits do not agree "
                         "with the account number")
MSG_SUPPLIER_ON_HOLD = N_("supplier {supplier} is on hold in the books")
MSG_MISSING_FIELD = N_("no {field} could be read from the invoice")
MSG_LOW_CONFIDENCE = N_("the {field} read as {value} is uncertain ({confidence} %)")
MSG_UNKNOWN_SUPPLIER = N_("the supplier {name} (VAT id {vat_id}, IBAN {iban}) is not in the books")
MSG_CREDIT_NOTE = N_("credit note: the amounts are entered as negative")
MSG_BAD_CURRENCY = N_("the currency {currency} is not a known currency code")
MSG_DUE_OVER_TOTAL = N_("the amount due {payable} is more than the invoice total {total}")
MSG_DUE_MISMATCH = N_("the amount due {payable} is not the total {total} less the {prepaid} already paid "
                      "(with rounding {rounding}: {expected})")
MSG_PREPAID_OVER_TOTAL = N_("the amounts already paid ({prepaid}) are more than the invoice total {total}")
MSG_CASH_ROUNDED = N_("the amount due {payable} is the total {total} rounded by {rounding} (no rounding line is printed): "
                      "{payable} is to be paid")
MSG_WITHHELD = N_("the invoice withholds {withheld} of income tax for the tax office from its total {total}: "
                  "{payable} is paid to the supplier, {withheld} is owed to the tax office")
MSG_DEDUCTED = N_("the invoice deducts {prepaid} already paid from its total {total}: {payable} is to be paid")
MSG_REFERENCE_CHECK_DIGITS = N_("the payment reference {reference} is not valid: its check digits are wrong")
MSG_REFERENCE_SYMBOL = N_("the payment reference {reference} is not valid: a Czech payment symbol (VS, KS, SS) "
                          "has 1 to 10 digits")


@dataclass(frozen=True)
class Finding:
    """One check's result: the clerk's message and what it does to the bill."""

    code: str  # stable name: totals, lines_sum, tax_rate, dates, duplicate, iban_invalid, iban_changed, ...
    action: str  # refuse | review | hold | note
    problem: Problem
    alert: bool = False  # also tell the finance manager (fraud risk)
    page: int | None = None  # the PDF page the finding is about, when known

    @property
    def level(self) -> str:
        return self.problem.level


def finding(code: str, action: str, message: str, alert: bool = False, page: int | None = None,
            **params) -> Finding:
    assert action in ACTIONS, action
    return Finding(code, action, Problem(message, params=params, level=_LEVEL[action]), alert, page)


def _q(minor_digits: int) -> Decimal:
    return Decimal(1).scaleb(-minor_digits)


def _doubt(inv: ExtractedInvoice, reviewed: bool) -> str:
    return "hold" if reviewed or inv.source == "embedded-xml" else "review"


# --- arithmetic --------------------------------------------------------------------------

def check_totals(inv: ExtractedInvoice, minor_digits: int = 2, reviewed: bool = False) -> list[Finding]:
    """Net plus tax is the total, to the minor unit."""
    if inv.net is None or inv.tax is None or inv.total is None:
        return []
    total = inv.net + inv.tax
    if abs(total - inv.total) < _q(minor_digits) / 2:
        return []
    return [finding("totals", _doubt(inv, reviewed), MSG_TOTALS, net=inv.net, tax=inv.tax, sum=total,
                    total=inv.total)]


def check_lines(inv: ExtractedInvoice, tolerance_per_line: Decimal = Decimal("0.01"),
                reviewed: bool = False) -> list[Finding]:
    """The line amounts add up to the net within rounding (one tolerance per line).

    Lines priced gross (adding up to the total) are accepted with a note, as some
    suppliers print them so.
    """
    amounts = [line.amount for line in inv.lines if line.amount is not None]
    if not amounts or inv.net is None:
        return []
    total = sum(amounts, Decimal(0))
    allowed = tolerance_per_line * len(amounts)
    if abs(total - inv.net) <= allowed:
        return []
    if lines_are_gross(inv, tolerance_per_line):
        return [finding("lines_gross", "note", MSG_LINES_GROSS)]
    return [finding("lines_sum", _doubt(inv, reviewed), MSG_LINES_SUM, sum=total, net=inv.net)]


def check_amount_due(inv: ExtractedInvoice, minor_digits: int = 2) -> list[Finding]:
    """What is to be paid fits the total: an amount due above the total, or one that is not
    the total less the printed deductions (plus a printed rounding), refuses the file on the
    page it was printed on; a consistent deduction is noted (the total stays the books')."""
    if inv.total is None or _is_credit(inv) or (inv.prepaid is None and inv.amount_due is None
                                                 and inv.withheld is None):
        return []
    prepaid, rounding = inv.prepaid or Decimal(0), inv.rounding or Decimal(0)
    withheld = inv.withheld or Decimal(0)
    expected = inv.total - prepaid - withheld + rounding
    half = _q(minor_digits) / 2
    page = inv.pages.get("amount_due") or inv.pages.get("prepaid")
    if inv.amount_due is not None and not prepaid and not rounding and not withheld and _cash_rounded(inv.total, inv.amount_due):
        return [finding("rounding", "note", MSG_CASH_ROUNDED, payable=inv.amount_due, total=inv.total,
                        rounding=inv.amount_due - inv.total)]
    if inv.amount_due is not None and inv.amount_due - inv.total > abs(rounding) + half:
        return [finding("amount_due", "refuse", MSG_DUE_OVER_TOTAL, page=page, payable=inv.amount_due,
                        total=inv.total)]
    if inv.amount_due is not None and abs(inv.amount_due - expected) >= half:
        return [finding("amount_due", "refuse", MSG_DUE_MISMATCH, page=page, payable=inv.amount_due, total=inv.total,
                        prepaid=prepaid, rounding=rounding, expected=expected)]
    if expected < 0:
        return [finding("amount_due", "refuse", MSG_PREPAID_OVER_TOTAL, page=inv.pages.get("prepaid"),
                        prepaid=prepaid, total=inv.total)]
    out = []
    if withheld:
        out.append(finding("withheld", "note", MSG_WITHHELD, withheld=withheld, total=inv.total, payable=expected))
    if prepaid:
        out.append(finding("prepaid", "note", MSG_DEDUCTED, prepaid=prepaid, total=inv.total, payable=expected))
    return out


_CASH_STEPS = (Decimal(1), Decimal("0.10"), Decimal("0.05"))


def _cash_rounded(total: Decimal, due: Decimal) -> bool:
    """Whether `due` is `total` rounded to a coarser step than it is written in (whole crowns,
    tenths, five cents: what Czech, Swiss or Nordic invoices print as the sum to pay, often
    without a rounding line): at most half that step away, on the step, the total not."""
    return due != total and any(due % step == 0 and total % step != 0 and abs(due - total) * 2 <= step
                                for step in _CASH_STEPS)


def check_payment_reference(inv: ExtractedInvoice) -> list[Finding]:
    """A reference with check digits (RF, Belgian structured, Finnish) or a Czech symbol of
    the wrong form would send the payment where the supplier's bank cannot match it: refused
    on the page it was printed on."""
    from backoffice_auto.parties import payref

    ref = payref.parse(inv.payment_reference)
    why = payref.problem(ref) if ref is not None else None
    if why is None:
        return []
    message = MSG_REFERENCE_SYMBOL if why == "symbol" else MSG_REFERENCE_CHECK_DIGITS
    return [finding("payment_reference", "refuse", message, page=inv.pages.get("payment_reference"),
                    reference=inv.payment_reference)]


# --- tax rates ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vat_rates() -> dict[str, frozenset[Decimal]]:
    """Country -> every plausible VAT rate (standard, reduced, and 0), from vat_rates.yaml."""
    raw = yaml.safe_load((Path(__file__).parent / "vat_rates.yaml").read_text(encoding="utf-8"))
    out = {}
    for country, rates in raw.items():
        values = {Decimal(str(r)) for r in rates.get("standard", []) + rates.get("reduced", [])}
        out[country.upper()] = frozenset(values | {Decimal(0)})
    return out


def plausible_rate(rate: Decimal, country: str, tolerance: Decimal = Decimal("0.01")) -> bool | None:
    """Whether `rate` % is a VAT rate of `country`; None when the country is not in the table."""
    rates = vat_rates().get((country or "").upper())
    if rates is None:
        return None
    return any(abs(rate - r) <= tolerance for r in rates)


def supplier_country(inv: ExtractedInvoice, supplier: Mapping | None) -> str | None:
    """The books' country of the supplier, else the prefix of the VAT id on the invoice."""
    if supplier and supplier.get("country"):
        return str(supplier["country"]).strip().upper()[:2]
    if supplier and supplier.get("vat_id"):
        return vat_country(supplier["vat_id"])
    return vat_country(inv.supplier.vat_id)


def lines_are_gross(inv: ExtractedInvoice, tolerance_per_line: Decimal = Decimal("0.01")) -> bool:
    """The line amounts add up to the total (tax included), not to the net: gross prices."""
    amounts = [line.amount for line in inv.lines if line.amount is not None]
    if not amounts or inv.total is None:
        return False
    total, allowed = sum(amounts, Decimal(0)), tolerance_per_line * len(amounts)
    near_net = inv.net is not None and abs(total - inv.net) <= allowed
    return not near_net and abs(total - inv.total) <= allowed


def line_tax(inv: ExtractedInvoice, minor_digits: int = 2) -> Decimal:
    """The tax the lines carry at their rates: on the amount (net lines), or the part of the
    amount that is tax, rate / (100 + rate), when the lines are priced gross."""
    gross = lines_are_gross(inv)
    tax = Decimal(0)
    for line in inv.lines:
        if line.amount is None or line.tax_rate is None:
            continue
        tax += line.amount * line.tax_rate / ((100 + line.tax_rate) if gross else 100)
    return tax.quantize(_q(minor_digits))


def check_tax_rates(inv: ExtractedInvoice, country: str | None, tolerance_pp: Decimal = Decimal("0.5"),
                    minor_digits: int = 2) -> list[Finding]:
    """Line rates are rates of the supplier's country; the tax fits the net at those rates."""
    if not country or country.upper() not in vat_rates():
        return []
    out = []
    rated = [(i, line) for i, line in enumerate(inv.lines, 1) if line.tax_rate is not None]
    for i, line in rated:
        if not plausible_rate(line.tax_rate, country):
            out.append(finding("tax_rate", "hold", MSG_TAX_RATE_LINE, line=i, rate=line.tax_rate, country=country))
    if out or inv.net is None or inv.tax is None or inv.net == 0:
        return out
    if rated and len(rated) == len(inv.lines) and all(line.amount is not None for _, line in rated):
        expected = line_tax(inv, minor_digits)
        if abs(expected - inv.tax) > _q(minor_digits) * max(1, len(rated)):
            out.append(finding("tax_lines", "note", MSG_TAX_LINES, expected=expected, tax=inv.tax))
        return out
    effective = inv.tax / inv.net * 100
    rates = sorted(vat_rates()[country.upper()])
    near = any(abs(effective - r) <= tolerance_pp for r in rates)
    mixed = rates[0] - tolerance_pp <= effective <= rates[-1] + tolerance_pp and len(inv.lines) > 1
    if not near and not mixed:
        out.append(finding("tax_rate", "hold", MSG_TAX_RATE_TOTAL, tax=inv.tax, net=inv.net,
                           rate=effective.quantize(Decimal("0.01")), country=country))
    return out


# --- dates, duplicates, bank account -----------------------------------------------------

def check_dates(inv: ExtractedInvoice, reviewed: bool = False, today: date | None = None,
                future_days: int = 7, max_terms_days: int = 366) -> list[Finding]:
    """A due date before the issue date; an issue date after today, or a due date years after
    the issue date (a year misread, or mistyped by the supplier: the bill would be paid decades
    late), beyond the rules' days."""
    issue, due = inv.issue_date, inv.due_date
    if issue and due and due < issue:
        return [finding("dates", _doubt(inv, reviewed), MSG_DUE_BEFORE_ISSUE, due=due.isoformat(),
                        issue=issue.isoformat())]
    out = []
    if issue and today is not None and (issue - today).days > future_days:
        out.append(finding("dates", _doubt(inv, reviewed), MSG_ISSUE_FUTURE, issue=issue.isoformat(),
                           today=today.isoformat(), limit=future_days))
    if issue and due and (due - issue).days > max_terms_days:
        out.append(finding("dates", _doubt(inv, reviewed), MSG_DUE_FAR, due=due.isoformat(), issue=issue.isoformat(),
                           limit=max_terms_days))
    return out


def normalize_number(number: str | None) -> str:
    """Invoice numbers compare without case, spaces and separators: `INV 2026/001` = `inv-2026-001`."""
    return "".join(ch for ch in (number or "").upper() if ch.isalnum())


def find_duplicate(invoice_number: str | None, supplier_id: str | None, bills: Iterable[Mapping]) -> Mapping | None:
    """The bill of the same supplier with the same invoice number, if any."""
    key = normalize_number(invoice_number)
    if not key or not supplier_id:
        return None
    for bill in bills:
        if bill.get("supplier_id") == supplier_id and normalize_number(bill.get("invoice_number")) == key:
            return bill
    return None


def check_duplicate(inv: ExtractedInvoice, supplier_id: str | None, bills: Iterable[Mapping]) -> list[Finding]:
    dup = find_duplicate(inv.invoice_number, supplier_id, bills)
    if dup is None:
        return []
    return [finding("duplicate", "refuse", MSG_DUPLICATE, number=inv.invoice_number, supplier=supplier_id,
                    bill=dup.get("bill_id"))]


def iban_problem(iban: str) -> str | None:
    """Why an IBAN is not valid (schwifty's reason), or None when it is."""
    try:
        IBAN(iban)
    except SchwiftyException as exc:
        return str(exc) or type(exc).__name__
    return None


def _is_credit(inv: ExtractedInvoice) -> bool:
    return inv.document_type == "credit_note" or (inv.total is not None and inv.total < 0)


def check_iban(inv: ExtractedInvoice, supplier: Mapping | None) -> list[Finding]:
    """A valid account, and the one the books know: a changed account is the classic fraud.

    Accounts compare as IBANs whatever form the invoice or the books print (a Polish NRB, a
    Czech `number/bank code`, BLZ and Konto, a RIB...). A bill whose account differs, cannot
    be made an IBAN, or was not read at all while the books know one (a credit note is not
    paid, so it needs none) is held and the finance manager alerted.
    """
    country = supplier_country(inv, supplier)
    known_text = supplier.get("iban") if supplier else None
    known = account_iban(known_text, country) if known_text else None
    printed = inv.supplier.iban
    if not compact_iban(printed):
        if known_text and not _is_credit(inv):
            return [finding("iban_unread", "hold", MSG_IBAN_UNREAD, alert=True, known=known or known_text)]
        return []
    iban = account_iban(printed, country, known)
    if iban is None:
        text = compact_iban(printed)
        reason = iban_problem(text) if text[:2].isalpha() and text[2:4].isdigit() else None
        if reason is None:  # a national form whose check digits fail
            return [finding("iban_invalid", "hold", MSG_ACCOUNT_INVALID, alert=bool(known_text), iban=printed.strip())]
        return [finding("iban_invalid", "hold", MSG_IBAN_INVALID, alert=bool(known_text), iban=text, reason=reason)]
    if supplier is None:
        return []
    if not known_text:
        return [finding("iban_new", "note", MSG_IBAN_NEW, iban=iban)]
    if known != iban:
        return [finding("iban_changed", "hold", MSG_IBAN_CHANGED, alert=True, iban=iban,
                        known=known or known_text)]
    return []


def check_supplier(supplier: Mapping | None) -> list[Finding]:
    if supplier and supplier.get("on_hold"):
        return [finding("supplier_on_hold", "hold", MSG_SUPPLIER_ON_HOLD, supplier=supplier.get("supplier_id"))]
    return []


def check_invoice(inv: ExtractedInvoice, supplier: Mapping | None, bills: Iterable[Mapping], *,
                  minor_digits: int = 2, tolerance_per_line: Decimal = Decimal("0.01"),
                  tax_rates: bool = True, tax_rate_tolerance: Decimal = Decimal("0.5"),
                  reviewed: bool = False, today: date | None = None, future_days: int = 7,
                  max_terms_days: int = 366) -> list[Finding]:
    """Every check of the invoice itself and against the supplier's record and bills."""
    supplier_id = supplier.get("supplier_id") if supplier else None
    out: list[Finding] = []
    out += check_duplicate(inv, supplier_id, bills)
    out += check_totals(inv, minor_digits, reviewed)
    out += check_amount_due(inv, minor_digits)
    out += check_payment_reference(inv)
    out += check_lines(inv, tolerance_per_line, reviewed)
    if tax_rates:
        out += check_tax_rates(inv, supplier_country(inv, supplier), tax_rate_tolerance, minor_digits)
    out += check_dates(inv, reviewed, today, future_days, max_terms_days)
    out += check_iban(inv, supplier)
    out += check_supplier(supplier)
    return out
