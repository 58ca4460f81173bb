"""Payment terms as invoices word them, turned into the books' grammar (`2/10 net 30`).

The bills side computes due dates and early-payment discounts from terms written as
`[P/D] net N [eom]` (backoffice_auto/terms/). Invoices say the same thing in sentences:
"zahlbar innerhalb 30 Tagen netto, 2 % Skonto innerhalb 10 Tagen", "payable within 14
days", "à 30 jours", "termin płatności 14 dni", and counted from the month's end ("30 jours fin
de mois", "60 días fin de mes": `net 30 eom`, as the master data reads such a cell). This module recognises those sentences in
the eight languages of the reader and returns the terms in that grammar, or None. Pure.
"""

from __future__ import annotations

import re

from backoffice_auto.terms.cells import EOM_WORDS

_DAYS = r"(?:days?|tage[n]?|tg\.?|jours?|j\b|días|dias|dni|dní|dnů|dagen|giorni|gg\.?)"
_WORDS = r"(?:skonto|discount|escompte|descuento|rabatu?|sleva|slevy|korting|sconto)"
_NET_PATTERNS = [
    # "net 30", never the start of an amount behind a net label ("Razem netto 16 276,36")
    r"\bnet(?:to)?\s*(?P<n>\d{1,3})(?![\d.,'’]|\s\d{3}(?:\D|$))(?:\s*" + _DAYS + r")?",
    r"(?P<n>\d{1,3})\s*" + _DAYS + r"\s*(?:net(?:to)?|netto\s+kasse)\b",
    r"(?:within|in)\s+(?P<n>\d{1,3})\s*days",
    r"innerhalb\s+(?:von\s+)?(?P<n>\d{1,3})\s*tage",
    r"(?:zahlbar|zahlungsziel)\s*:?\s*(?P<n>\d{1,3})\s*tage",
    r"(?:à|a)\s+(?P<n>\d{1,3})\s*(?:jours?|j)\b",
    r"(?:terms|conditions|zahlungsbedingungen|condiciones|forma\s+de\s+pago|échéance|warunki|podmínky|betalingstermijn|termini)\W{0,3}"
    r"(?:[a-z ]{0,20}\W{0,3})?(?P<n>\d{1,3})\s*" + _DAYS,
    r"(?:a|en)\s+(?P<n>\d{1,3})\s*días",
    r"(?:termin\s+płatności|płatne\s+w\s+ciągu|w\s+terminie)\s*:?\s*(?P<n>\d{1,3})\s*dni",
    r"(?:splatnost|splatné\s+do|do)\s*:?\s*(?P<n>\d{1,3})\s*(?:dní|dnů|dnu)",
    r"binnen\s+(?P<n>\d{1,3})\s*dagen",
    r"(?:a|entro)\s+(?P<n>\d{1,3})\s*(?:giorni|gg)",
]
_DISCOUNT_PATTERNS = [
    r"(?P<p>\d{1,2}(?:[.,]\d{1,2})?)\s*%\s*(?:skonto|discount|escompte|descuento|rabatu?|sleva|slevy|korting|sconto)"
    r"[^.%\d]{0,40}?(?P<d>\d{1,3})\s*" + _DAYS,
    r"(?:skonto|discount|escompte|descuento|korting|sconto)\s*(?:of\s+|de\s+|van\s+|di\s+)?(?P<p>\d{1,2}(?:[.,]\d{1,2})?)"
    r"\s*%[^.%\d]{0,40}?(?P<d>\d{1,3})\s*" + _DAYS,
    r"(?P<p>\d{1,2}(?:[.,]\d{1,2})?)\s*/\s*(?P<d>\d{1,3})\s*,?\s*net",
    # "innerhalb 14 Tagen gewähren wir 2 % Skonto": the days come first
    r"(?P<d>\d{1,3})\s*" + _DAYS + r"[^.%\d]{0,40}?(?P<p>\d{1,2}(?:[.,]\d{1,2})?)\s*%\s*" + _WORDS,
]
_IMMEDIATE = re.compile(r"due\s+(?:up)?on\s+receipt|payable\s+immediately|sofort\s+(?:zahlbar|fällig)|"
                        r"ohne\s+abzug\s+sofort|à\s+réception|dès\s+réception|al\s+contado|natychmiast|"
                        r"ihned|direct\s+betalen|pagamento\s+immediato", re.I)


def terms_from_text(text: str) -> str | None:
    """`net 30`, `2/10 net 30`, `net 30 eom`, `due on receipt` (None when no terms are recognised)."""
    low = " ".join(text.split()).lower()
    net = None
    eom = ""
    for pattern in _NET_PATTERNS:
        m = re.search(pattern, low)
        if m:
            net = int(m.group("n"))
            # "30 jours fin de mois", "30 days end of month", "net 30 eom": counted from the month's end
            if re.match(r"\W*(?:" + _DAYS + r"\W*)?" + EOM_WORDS, low[m.end("n"):m.end("n") + 40]):
                eom = " eom"
            break
    discount = None
    for pattern in _DISCOUNT_PATTERNS:
        m = re.search(pattern, low)
        if m:
            pct, days = m.group("p").replace(",", "."), int(m.group("d"))
            if net is not None and days == net:
                return None  # the only period given is the discount's: no net terms
            if net is None or days < net:
                discount = (pct.rstrip("0").rstrip(".") if "." in pct else pct, days)
            break
    if net is None:
        return "due on receipt" if _IMMEDIATE.search(low) else None
    if discount:
        return f"{discount[0]}/{discount[1]} net {net}{eom}"
    return f"net {net}{eom}"
