"""Payment terms as a clerk types them into a master-data cell: `net 30`, and as plainly
`30 days`, `14 dní`, `Splatnost 14 dní`, `termin 14 dni`, `30 jours fin de mois`,
`a 30 días`, `net 30 days`.

Why: the books keep terms in one grammar (`[P/D] net N [eom]`, `payment.py`) that every job
computes dates from. A cell in another wording was kept as typed, and the jobs that could
not read it fell back to the default terms without a word (a customer on `30 days` was
invoiced at `net 14`). Read here, a cell becomes the grammar's text; one that is neither
is refused by the master-data job, naming the cell. Only the plain net period is read from
words, or a bare number of days (`14`, a column of days); a discount must be written as
`2/10 net 30` (a sentence about a discount is too easy to read wrongly).
"""

from __future__ import annotations

import re

from backoffice_auto.terms.payment import PaymentTerms, try_parse_terms

_DAYS = r"(?:days?|d|dní|dni|dnů|dnu|dny|dnia|jours?|j|días|dias|día|dia)"
EOM_WORDS = (r"(?:eom|e\.o\.m\.?|end\s+of\s+(?:the\s+)?month|fin\s+de\s+mois|fdm|fin\s+de\s+mes|konec\s+měsíce|"
        r"od\s+konce\s+měsíce|koniec\s+miesiąca|od\s+końca\s+miesiąca)")
_CELL = re.compile(
    r"(?:[^\W\d_]+\.?\s*:?\s+){0,2}"  # `Splatnost`, `termin`, `payable within`, `a`, `net`
    rf"(?P<days>\d{{1,3}})\s*{_DAYS}\.?"
    rf"(?:\s+(?P<eom>{EOM_WORDS}))?"
    r"(?:\s+net(?:to)?)?\.?",
    re.IGNORECASE)
_MAX_CHARS = 60
# a discount is never read from words: `skonto 10 dní` is no net period
_DISCOUNT = re.compile(r"%|skont|discount|escompte|descuento|rabat|sleva|slevy|remise", re.IGNORECASE)


def terms_from_cell(text: object) -> PaymentTerms | None:
    """The terms a cell says, or None when it says none that can be read without doubt."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_CHARS:
        return None
    parsed = try_parse_terms(text)
    if parsed is not None:
        return parsed
    text = " ".join(text.split())
    if text.isdigit() and text.isascii() and int(text) <= 366:  # a column of days: `14`
        return PaymentTerms(days=int(text))
    if _DISCOUNT.search(text):
        return None
    match = _CELL.fullmatch(text)
    if match is None:
        return None
    days = int(match["days"])
    return PaymentTerms(days=days, end_of_month=match["eom"] is not None)
