"""rules/invoices.yaml and rules/invoices/templates/*.yaml (STUB: to be filled by the invoices job)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.exprtypes import Condition, Names, fields
from backoffice_auto.rules.problems import RuleValueError

# --- rules/invoices.yaml (the bills part: checks, purchase orders, entering) -------------


class SupplierMatchingRules(StrictModel):
    """How an invoice finds its supplier: VAT id, then IBAN, then a fuzzy name."""

    name_threshold: int = Field(90, ge=50, le=100)  # rapidfuzz score 0..100 for a name match


class ReviewRules(StrictModel):
    """When a person must look before a bill is entered."""

    min_confidence: float = Field(0.8, ge=0, le=1)
    fields: tuple[str, ...] = ("supplier.name", "invoice_number", "issue_date", "currency", "net", "tax",
                               "total")

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = ("supplier.name", "supplier.vat_id", "supplier.iban", "invoice_number", "issue_date", "due_date",
                 "currency", "net", "tax", "total", "po_number", "payment_terms")
        unknown = [name for name in value if name not in known]
        if unknown:
            raise RuleValueError(N_("unknown field '{name}'; use one of: {known}"), name=unknown[0], known=", ".join(known))
        return value


class MatchingRules(StrictModel):
    """Purchase-order matching: 2-way (ordered) or 3-way (received) within tolerances."""

    mode: Literal["none", "two_way", "three_way"] = "two_way"
    # more than 100 % is no tolerance: a price twice the ordered one would pass (`200` for `2.00`)
    price_tolerance_pct: Decimal = Field(Decimal("2"), ge=0, le=100)
    quantity_tolerance_pct: Decimal = Field(Decimal("0"), ge=0, le=100)
    amount_tolerance: Decimal = Field(Decimal("1.00"), ge=0)
    require_po: bool = False
    description_threshold: int = Field(80, ge=50, le=100)


class ChecksRules(StrictModel):
    """Arithmetic and plausibility checks of the invoice itself."""

    rounding_tolerance: Decimal = Field(Decimal("0.01"), ge=0, le=1)  # per line, for lines summing to net; a unit at most
    tax_rates: bool = True  # check rates against the supplier country's VAT rates
    tax_rate_tolerance: Decimal = Field(Decimal("0.5"), ge=0, le=10)  # percentage points for tax/net
    future_days: int = Field(7, ge=0, le=3660)  # an issue date more days after today is reviewed
    max_terms_days: int = Field(366, ge=1, le=3660)  # a due date more days after the issue date is reviewed


#: Fields of `bill` and `supplier` a `holds`/`approval` condition may read (docs/rules.md, invoices.yaml).
BILL_FIELDS = ("invoice_number", "issue_date", "due_date", "currency", "net", "tax", "total", "po_number",
               "po_matched", "lines", "source", "document_type", "payment_terms", "supplier_name",
               "supplier_vat_id", "supplier_iban", "reviewed")
SUPPLIER_FIELDS = ("known", "supplier_id", "name", "email", "language", "country", "vat_id", "iban", "bic",
                   "payment_terms", "priority", "on_hold")
BILL_NAMES = Names("today") | fields("bill", BILL_FIELDS) | fields("supplier", SUPPLIER_FIELDS)


class BillRule(StrictModel):
    """A condition on an invoice and the reason shown when it holds."""

    when: Condition[BILL_NAMES]
    reason: str = Field(min_length=1, max_length=200)


class InvoicesRules(StrictModel):
    supplier_matching: SupplierMatchingRules = SupplierMatchingRules()
    review: ReviewRules = ReviewRules()
    matching: MatchingRules = MatchingRules()
    checks: ChecksRules = ChecksRules()
    default_payment_terms: str = "net 30"  # when neither the invoice nor the supplier says
    holds: tuple[BillRule, ...] = ()  # every one that holds puts the bill on hold
    approval: tuple[BillRule, ...] = ()  # every one that holds sends the invoice for review first

    @field_validator("default_payment_terms")
    @classmethod
    def _terms_readable(cls, value: str) -> str:
        from backoffice_auto.terms import TermsError, parse_terms

        try:
            parse_terms(value)
        except TermsError:
            raise RuleValueError(N_("'{value}' is not payment terms such as 'net 30', '2/10 net 30' or 'net 30 eom'"),
                                 value=value) from None
        return value


# --- rules/invoices/templates/*.yaml (the extraction part) --------------------------------


# Template regexes are data written by a clerk or an integrator, not code: they are
# compiled with a length bound and refused when they nest quantifiers (the shape of
# catastrophic backtracking), so a template cannot hang the service.
from backoffice_auto.rules.patterns import MAX_PATTERN_LENGTH  # noqa: E402,F401 - documented bound
_NESTED_QUANTIFIER = __import__("re").compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)\s*[+*{]")
TEMPLATE_FIELDS = ("invoice_number", "issue_date", "due_date", "currency", "net", "tax", "total",
                   "supplier_name", "vat_id", "iban", "po_number", "buyer_vat_id", "payment_terms")
LINE_GROUPS = ("description", "quantity", "unit_price", "amount", "tax_rate", "sku")


def _check_pattern(value: str) -> str:
    from backoffice_auto.rules.patterns import check_pattern

    if _NESTED_QUANTIFIER.search(value):
        raise RuleValueError(N_("a pattern may not repeat a group that itself repeats, like (a+)+ "
                                "(it can take forever on some texts)"))
    return check_pattern(value)


class TemplateArea(StrictModel):
    """Part of a page, in percent of its width and height from the top left (0..100)."""

    page: int | None = Field(None, ge=-50, le=500)  # 1 = first page, -1 = last; None = every page
    left: float = Field(0, ge=0, le=100)
    top: float = Field(0, ge=0, le=100)
    right: float = Field(100, ge=0, le=100)
    bottom: float = Field(100, ge=0, le=100)


class TemplateField(StrictModel):
    """A field's pattern; its first capture group (or the group named `value`) is the value."""

    pattern: str
    select: Literal["first", "last", "max", "min", "sum"] = "first"
    area: TemplateArea | None = None

    @field_validator("pattern")
    @classmethod
    def _valid(cls, value):
        return _check_pattern(value)


class TemplateOptions(StrictModel):
    """How this supplier writes numbers and dates, and how its text is prepared."""

    decimal_separator: Literal[".", ","] | None = None  # None: guessed from the digits
    date_formats: tuple[str, ...] = ()  # strptime formats tried first, e.g. "%d.%m.%Y"
    date_order: Literal["dmy", "mdy", "ymd"] = "dmy"  # for numeric dates no format matched
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")  # when the invoice does not print it
    languages: tuple[str, ...] = ()  # month names are known in every supported language anyway
    text: Literal["layout", "raw"] = "layout"  # visual lines, or content order
    remove_whitespace: bool = False
    remove_accents: bool = False
    lowercase: bool = False
    replace: tuple[tuple[str, str], ...] = ()  # [pattern, replacement] pairs applied in order

    @field_validator("replace")
    @classmethod
    def _replace_patterns(cls, value):
        for pattern, _ in value:
            _check_pattern(pattern)
        return value


class TemplateLines(StrictModel):
    """Line items: the block between `start` and `end` (once per page when the table
    continues on the next page and repeats its header), each item matching `line`; lines
    matching `continuation` are added to the item above (an item that wraps); `first`
    marks lines that open an item whose amounts come on a later line."""

    start: str
    end: str
    line: str  # named groups: description, quantity, unit_price, amount, tax_rate, sku
    continuation: str | None = None
    skip: tuple[str, ...] = ()
    join: str = " "  # how wrapped description lines are joined ("\n" keeps them apart)
    continuation_before: bool = False  # wrapped text comes above the item's main line

    @field_validator("start", "end", "line", "continuation")
    @classmethod
    def _patterns(cls, value):
        return value if value is None else _check_pattern(value)

    @field_validator("skip")
    @classmethod
    def _skip(cls, value):
        for pattern in value:
            _check_pattern(pattern)
        return value

    @field_validator("line")
    @classmethod
    def _groups(cls, value):
        import regex

        names = set(regex.compile(value).groupindex)
        unknown = names - set(LINE_GROUPS)
        if unknown:
            raise RuleValueError(N_("unknown group '{name}'; use one of: {known}"), name=sorted(unknown)[0],
                                 known=", ".join(LINE_GROUPS))
        if "description" not in names and "amount" not in names:
            raise RuleValueError(N_("the line pattern needs a 'description' or an 'amount' group"))
        return value


class TemplateStatic(StrictModel):
    """Facts about the supplier that its PDFs do not carry as text (a logo, an image)."""

    vat_id: str | None = None
    iban: str | None = None
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")


class InvoiceTemplate(StrictModel):
    """One supplier's invoice layout (`rules/invoices/templates/<name>.yaml`)."""

    issuer: str = Field(min_length=1)  # the supplier's name as the books should know it
    keywords: tuple[str, ...] = Field(min_length=1)  # every one must be found (regex)
    exclude_keywords: tuple[str, ...] = ()  # none may be found
    priority: int = Field(5, ge=0, le=100)  # higher is tried first
    fields: dict[str, str | TemplateField] = {}
    options: TemplateOptions = TemplateOptions()
    lines: TemplateLines | None = None
    static: TemplateStatic = TemplateStatic()

    @field_validator("keywords", "exclude_keywords")
    @classmethod
    def _keyword_patterns(cls, value):
        for pattern in value:
            _check_pattern(pattern)
        return value

    @field_validator("fields")
    @classmethod
    def _field_names(cls, value):
        for name, rule in value.items():
            if name not in TEMPLATE_FIELDS:
                raise RuleValueError(N_("unknown field '{name}'; use one of: {known}"), name=name,
                                     known=", ".join(TEMPLATE_FIELDS))
            _check_pattern(rule if isinstance(rule, str) else rule.pattern)
        return value
