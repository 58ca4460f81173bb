"""Bank account cells (IBAN, BIC) to their checked compact form, by schwifty.

Why apart from `values`: the other parsers read the locale's forms; these only check a
code, and kept in `values` they made it one module too large. `values.parser_for` hands
them out with the rest (field types `iban` and `bic`).
"""

from __future__ import annotations

from typing import Any


def _bank_code(value: Any, kind: str) -> str:
    """An IBAN or BIC checked by schwifty, in its compact form; `ValueError` when not valid."""
    import schwifty
    from schwifty.exceptions import SchwiftyException

    from backoffice_auto.documents.values import parse_text

    text = parse_text(value)
    if len(text) > 64:
        raise ValueError(f"not an {kind}")
    try:
        return getattr(schwifty, kind)(text).compact
    except (SchwiftyException, ValueError):
        raise ValueError(f"not a valid {kind}") from None


def parse_iban(value: Any, locale: str | None = "en_GB") -> str:
    """An IBAN checked by schwifty (country, length, national format, check digits), compact."""
    return _bank_code(value, "IBAN")


def parse_bic(value: Any, locale: str | None = "en_GB") -> str:
    """A BIC (SWIFT code) checked by schwifty (structure and country), compact."""
    return _bank_code(value, "BIC")
