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
from backoffice_auto.payments.readers.domestic import czech_account_ok, rib_key, spanish_dc

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


_BARE = re.compile(r"[0-9A-Z]+(?:[ -][0-9A-Z]+)*")


def bare_account(text: str) -> str | None:
    """A domestic account number standing alone in a cell, recognised by its national check digits:
    a French RIB (`30003 01234 00012345678 54`, 23 characters, key modulo 97), a Spanish CCC (20
    digits, its two control digits), a Polish NRB (26 digits, the IBAN's check with `PL`), a Belgian
    number (12 digits, modulo 97). Société Générale prints its export's account so, as the first
    cell of the first line (`="30003012340001234567854"`), with no label. Anything else is None:
    a number without valid check digits is a statement's or a customer's number as often as an account."""
    if not isinstance(text, str) or len(text) > 40 or not _BARE.fullmatch(text.strip().upper()):
        return None
    compact = re.sub(r"[ -]", "", text.strip().upper())
    if len(compact) == 23 and compact[:10].isdigit() and compact[21:].isdigit() and compact[10:21].isalnum():
        try:
            ok = rib_key(compact[:5], compact[5:10], compact[10:21]) == compact[21:]
        except ValueError:
            ok = False
        return text.strip() if ok else None
    if not compact.isdigit() or not compact.isascii():
        return None
    if len(compact) == 20:
        return text.strip() if spanish_dc(compact[:4], compact[4:8], compact[10:]) == compact[8:10] else None
    if len(compact) == 26:
        return text.strip() if normalize_iban("PL" + compact) else None
    if len(compact) == 12:
        return text.strip() if int(compact[:10]) % 97 == int(compact[10:]) % 97 and int(compact[:10]) else None
    return None
