"""IBANs as people type them (`cz65 0800 0000 1920 0014 5399`) made comparable, and checked
with schwifty (country length, check digits, national format)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


@lru_cache(maxsize=65536)
def compact_iban(text: str | None) -> str | None:
    """Spaces, dashes and dots removed, upper case; None for empty. No validity check."""
    if not text:
        return None
    out = re.sub(r"[\s\-.]", "", str(text)).upper()
    return out or None


def iban_problem(text: str | None) -> str | None:
    """Why an IBAN is not valid (schwifty's reason), or None when it is."""
    try:
        IBAN(text or "")
    except SchwiftyException as exc:
        return str(exc) or type(exc).__name__
    return None


@lru_cache(maxsize=65536)
def normalize_iban(text: str | None) -> str | None:
    """The compact electronic form of a valid IBAN; None when empty or invalid."""
    compact = compact_iban(text)
    if compact is None:
        return None
    try:
        return IBAN(compact).compact
    except SchwiftyException:
        return None


@dataclass(frozen=True)
class BankAccount:
    """A party's account: IBAN (compact, valid) and BIC when known."""

    iban: str
    bic: str | None = None
    holder: str | None = None

    @classmethod
    def parse(cls, iban: str | None, bic: str | None = None, holder: str | None = None) -> "BankAccount | None":
        """An account from typed text; None when the IBAN is missing or invalid, or the BIC invalid."""
        number = normalize_iban(iban)
        if number is None:
            return None
        code = None
        if bic:
            try:
                code = BIC(str(bic).strip().upper()).compact
            except SchwiftyException:
                return None
        return cls(number, code, holder)
