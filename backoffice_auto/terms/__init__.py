"""Payment terms, shared by every job that issues or pays a document (orders, invoices,
payables, payments): `net 30`, `2/10 net 30`, `net 30 eom` as values and the dates they give.
"""

from backoffice_auto.terms.payment import (
    TERMS_DISCOUNT,
    TERMS_DISCOUNT_OR_NET,
    TERMS_NET,
    TERMS_NET_EOM,
    TERMS_ON_RECEIPT,
    PaymentTerms,
    TermDates,
    TermsError,
    apply_terms,
    describe_terms,
    discount_amount,
    discount_date,
    due_date,
    month_end,
    parse_terms,
    try_parse_terms,
)

__all__ = ["TERMS_DISCOUNT", "TERMS_DISCOUNT_OR_NET", "TERMS_NET", "TERMS_NET_EOM", "TERMS_ON_RECEIPT",
           "PaymentTerms", "TermDates", "TermsError", "apply_terms", "describe_terms", "discount_amount",
           "discount_date", "due_date", "month_end", "parse_terms", "try_parse_terms"]
