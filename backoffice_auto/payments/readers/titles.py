"""The account a statement export names only in its title sentence.

Why: many exports say which account they are only in a line of prose above the rows:
"Výpis z účtu 2400123456/2010 za období 1.11.2026 - 30.11.2026", "Historia rachunku nr 61 1090
1014 0000 0712 1981 2874", "Relevé de compte n° 30006 00001 12345678901 89 du 01/11/2026",
"Extracto de la cuenta 2100 0418 45 0200051332", "Kontoauszug Konto 0532013000 BLZ 37040044".
With no label and value and no IBAN in such a line, the export was refused for not saying its
account. `account_in_title` reads the number that follows an account word (and a number mark
such as `nr`, `n°`, `č.`): an IBAN, a Czech or Slovak `prefix-number/bank`, a German
`BLZ/Konto`, or a domestic number in groups of digits (a Polish NRB, a French RIB, a Spanish
CCC). It is then checked like any statement's account: one of `company.accounts` in any form
`checks.company_account` accepts, or the file is refused naming it.
"""

from __future__ import annotations

import re

from backoffice_auto.parties.bank import normalize_iban
from backoffice_auto.payments.readers.domestic import czech_account_ok

# account words, as titles inflect them, then an optional number mark; case aside
_WORDS = (r"účtu|účet|účtem|uctu|ucet|účtov|rachunku|rachunek|rachunkiem|konta|konto|kontos|kontonummer|"
          r"konto-nr\.?|cuenta|cta\.|compte|cpte\.?|account|acct\.?|a/c|iban")
_MARK = r"(?:nr\.?|no\.?|n[°º]\.?|n\.|č\.|číslo|number|número|núm\.?|nummer|num\.?|#)?"
_LEAD = re.compile(rf"(?<![\w])(?:{_WORDS})(?![^\W\d_])\s*:?\s*{_MARK}\s*:?\s*", re.IGNORECASE)
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}")
_CZ_SK = re.compile(r"(?:([0-9]{1,6})-)?([0-9]{2,10})/[0-9]{4}(?![0-9/])")
_DE = re.compile(r"[0-9]{8}/[0-9]{1,10}(?![0-9/])")
_GROUPS = re.compile(r"[0-9]{2,}(?:[ -][0-9]{2,}){0,8}(?![0-9/.,])")
_BLZ = re.compile(r"(?<![\w])BLZ\s*:?\s*([0-9]{3} ?[0-9]{3} ?[0-9]{2})(?![0-9])", re.IGNORECASE)
_MIN_DIGITS = 8  # fewer is a statement number or a year, not an account


def account_in_title(text: str) -> str | None:
    """The account a line of title prose names after an account word, or None."""
    if not isinstance(text, str) or len(text) > 300:
        return None
    for lead in _LEAD.finditer(text):
        rest = text[lead.end():]
        found = _iban(rest) or _czech(rest) or _first(_DE, rest)
        if found:
            return found
        m = _GROUPS.match(rest)
        if m and sum(c.isdigit() for c in m.group()) >= _MIN_DIGITS:
            number = re.sub(r"[ -]", "", m.group())
            blz = _BLZ.search(text)
            return f"{blz[1].replace(' ', '')}/{number}" if blz and len(number) <= 10 else number
    return None


def _czech(text: str) -> str | None:
    """A Czech or Slovak `prefix-number/bank` of six digits or more, or passing the national check
    (`č. 11/2026`, a statement's number and year, is neither)."""
    m = _CZ_SK.match(text)
    return m.group() if m and (len(m[2]) >= 6 or czech_account_ok(m[1] or "", m[2])) else None


def _first(pattern: re.Pattern, text: str) -> str | None:
    m = pattern.match(text)
    return m.group() if m else None


def _iban(text: str) -> str | None:
    """A valid IBAN at the start of the text, without the words after it taken for its last group."""
    m = _IBAN.match(text.upper())
    if m is None:
        return None
    candidate = m.group().rstrip()
    while candidate and not normalize_iban(candidate) and " " in candidate:
        candidate = candidate.rsplit(" ", 1)[0]
    return candidate if normalize_iban(candidate) else None
