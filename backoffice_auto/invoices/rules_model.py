"""rules/invoices.yaml and rules/invoices/templates/*.yaml (STUB: to be filled by the invoices job)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from backoffice_auto.rules.base import StrictModel

# --- rules/invoices.yaml (the bills part: checks, purchase orders, entering) -------------


class SupplierMatchingRules(StrictModel):
    """How an invoice finds its supplier: VAT id, then IBAN, then a fuzzy name."""

    name_threshold: int = Field(90, ge=50, le=100)  # rapidfuzz score 0..100 for a name match


class ReviewRules(StrictModel):
    """When a person must look before a bill is entered."""

    min_confidence: float = Field(0.8, ge=0, le=1)
    fields: tuple[str, ...] = ("supplier.name", "invoice_number", "issue_date", "currency", "net", "tax",
                               "total")


class MatchingRules(StrictModel):
    """Purchase-order matching: 2-way (ordered) or 3-way (received) within tolerances."""

    mode: Literal["none", "two_way", "three_way"] = "two_way"
    price_tolerance_pct: Decimal = Field(Decimal("2"), ge=0)
    quantity_tolerance_pct: Decimal = Field(Decimal("0"), ge=0)
    amount_tolerance: Decimal = Field(Decimal("1.00"), ge=0)
    require_po: bool = False
    description_threshold: int = Field(80, ge=50, le=100)


class ChecksRules(StrictModel):
    """Arithmetic and plausibility checks of the invoice itself."""

    rounding_tolerance: Decimal = Field(Decimal("0.01"), ge=0)  # per line, for lines summing to net
    tax_rates: bool = True  # check rates against the supplier country's VAT rates
    tax_rate_tolerance: Decimal = Field(Decimal("0.5"), ge=0)  # percentage points for tax/net


class InvoicesRules(StrictModel):
    supplier_matching: SupplierMatchingRules = SupplierMatchingRules()
    review: ReviewRules = ReviewRules()
    matching: MatchingRules = MatchingRules()
    checks: ChecksRules = ChecksRules()
    default_payment_terms: str = "net 30"  # when neither the invoice nor the supplier says

    @field_validator("default_payment_terms")
    @classmethod
    def _terms_readable(cls, value: str) -> str:
        from backoffice_auto.invoices.terms import TermsError, parse_terms

        try:
            parse_terms(value)
        except TermsError:
            raise ValueError("payment terms must read like 'net 30', '2/10 net 30' or 'net 30 eom'") from None
        return value


# --- rules/invoices/templates/*.yaml (the extraction part) --------------------------------


class InvoiceTemplate(StrictModel):
    pass
