"""Amounts and dates as invoices print them, in the languages we read.

Pure functions. An amount's decimal separator is inferred from the digits when the caller
does not know it ("1.999,00" and "1,999.00" are both 1999.00; "4,11" is 4.11; "1,234" is
ambiguous and read with the hinted separator, else as thousands). Dates accept numeric
forms (day-month-year unless the hint or the digits say month-day-year) and month names in
en, de, fr, es, cs, pl, nl and it, including Czech and Polish genitive forms.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

# A printed amount: optional sign/currency, digits with group separators, optional decimals.
AMOUNT_RE = re.compile(
    r"(?<![\w.,/-])"
    r"(?P<neg>[-−–(])?\s?"
    r"(?:(?P<cur1>[€$£¥₹]|zł|Kč|Rs\.?|EUR|USD|GBP|CHF|PLN|CZK|INR)\s?)?"
    r"(?P<neg2>-)?"
    r"(?P<num>\d{1,3}(?:[ .,'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,4})?)"
    r"(?![\w/]|[.,]\d)"
    r"(?:\s?(?P<cur2>[€$£]|zł|Kč|EUR|USD|GBP|CHF|PLN|CZK|INR|Rs))?"
    r"(?P<neg3>-|\))?"
)

CURRENCY_SYMBOLS = {
    "€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "zł": "PLN", "Kč": "CZK",
    "Rs": "INR", "Rs.": "INR", "EUR": "EUR", "USD": "USD", "GBP": "GBP", "CHF": "CHF",
    "PLN": "PLN", "CZK": "CZK", "INR": "INR", "Euro": "EUR", "Euros": "EUR", "EURO": "EUR",
}


def parse_amount(text: str, decimal: str | None = None) -> Decimal | None:
    """The number in `text` ("€ 1.999,00", "$4.11", "-9,32", "1 234,5") as a Decimal, or None."""
    raw = text.strip()
    negative = False
    if re.match(r"^[^\d]*[-−–]", raw) or raw.endswith("-") or (raw.startswith("(") and raw.endswith(")")):
        negative = True
    digits = re.sub(r"[^\d.,' \u00a0\u202f]", "", raw).strip()
    digits = re.sub(r"[ '\u00a0\u202f]", "", digits)
    if not digits or not any(c.isdigit() for c in digits):
        return None
    value = _normalise(digits, decimal)
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return -number if negative else number


def _normalise(digits: str, decimal: str | None) -> str | None:
    has_dot, has_comma = "." in digits, "," in digits
    if has_dot and has_comma:
        # the separator that comes last is the decimal one
        dec = "." if digits.rfind(".") > digits.rfind(",") else ","
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        head, _, tail = digits.rpartition(sep)
        if digits.count(sep) > 1:
            dec = None if len(tail) == 3 else sep
            if dec is None:
                return digits.replace(sep, "")
            # 1.234.56 is odd; treat earlier ones as grouping
            return head.replace(sep, "") + "." + tail
        if decimal is not None:
            dec = decimal if sep == decimal else None
            if dec is None:
                return digits.replace(sep, "") if len(tail) == 3 else digits.replace(sep, ".")
        else:
            dec = None if len(tail) == 3 and head not in ("", "0") else sep
        if dec is None:
            return digits.replace(sep, "")
    else:
        return digits
    group = "," if dec == "." else "."
    return digits.replace(group, "").replace(dec, ".")


def find_amounts(text: str, decimal: str | None = None) -> list[tuple[Decimal, str | None, int, int]]:
    """Every amount-looking number in `text`: (value, currency code or None, start, end)."""
    out = []
    for m in AMOUNT_RE.finditer(text):
        num = m.group("num")
        value = parse_amount(num, decimal)
        if value is None:
            continue
        if m.group("neg") in ("-", "−", "–") or m.group("neg2") or m.group("neg3") == "-" or (
                m.group("neg") == "(" and m.group("neg3") == ")"):
            value = -value
        cur = m.group("cur1") or m.group("cur2")
        out.append((value, CURRENCY_SYMBOLS.get(cur) if cur else None, m.start(), m.end()))
    return out


def has_cents(token: str) -> bool:
    """True when a printed number carries a decimal part of two digits ("4,11", "1.999,00")."""
    return bool(re.search(r"[.,]\d{2}(?!\d)", token))


MONTHS: dict[str, int] = {}
_MONTH_NAMES = {
    1: "january jan januar jänner janvier janv enero ene leden ledna styczeń stycznia sty januari gennaio gen",
    2: "february feb februar février fevrier févr fevr febrero únor unora února luty lutego lut februari febbraio",
    3: "march mar märz mär maerz mars marzo březen brezen března brezna marzec marca maart mrt",
    4: "april apr avril avr abril abr duben dubna kwiecień kwiecien kwietnia kwi aprile",
    5: "may mai mayo květen kveten května kvetna maj maja mei maggio mag",
    6: "june jun juni juin junio červen cerven června cervna czerwiec czerwca cze giugno giu",
    7: "july jul juli juillet juil julio červenec cervenec července cervence lipiec lipca lip luglio lug",
    8: "august aug août aout agosto ago srpen srpna sierpień sierpien sierpnia sie augustus",
    9: "september sep sept septembre septiembre setiembre září zari wrzesień wrzesien września wrzesnia wrz settembre set",
    10: "october oct oktober octobre octubre říjen rijen října rijna październik pazdziernik października paz okt ottobre ott",
    11: "november nov novembre noviembre listopad listopadu listopada lis",
    12: "december dec dez dezember décembre decembre déc diciembre dic prosinec prosince grudzień grudzien grudnia gru dicembre",
}
for _num, _names in _MONTH_NAMES.items():
    for _name in _names.split():
        MONTHS.setdefault(_name, _num)
        MONTHS.setdefault(_fold := unicodedata.normalize("NFKD", _name).encode("ascii", "ignore").decode(), _num)

_MONTH_ALT = "|".join(sorted((re.escape(k) for k in MONTHS), key=len, reverse=True))

DATE_PATTERNS = [
    # 2021-01-01, 2021/01/01
    ("ymd", re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")),
    # 05.03.2013, 20-10-2015, 03/20/2023, 21.05.14
    ("num", re.compile(r"(?<![\d.])(?P<a>\d{1,2})\s?(?P<s>[./-])\s?(?P<b>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4}|\d{2})(?![\d])")),
    # 7. Mai 2014, 19 april 2014, 02 Juillet 2015, 1er juillet 2015
    ("dmy_name", re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:\.|er|st|nd|rd|th|º)?\s*(?:de\s+)?(?P<mon>" + _MONTH_ALT
                            + r")\.?,?\s*(?:de\s+)?(?P<y>\d{4})(?!\d)", re.IGNORECASE)),
    # 15-Mar-2024, 15/mar/24 (the two-digit year only with these separators)
    ("dmy_name", re.compile(r"(?<![\d\w])(?P<d>\d{1,2})(?P<s>[-/])(?P<mon>" + _MONTH_ALT
                            + r")\.?(?P=s)(?P<y>\d{4}|\d{2})(?!\d)", re.IGNORECASE)),
    # August 3 , 2014, Jan 1, 2022
    ("mdy_name", re.compile(r"(?<![\w])(?P<mon>" + _MONTH_ALT + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(?P<y>\d{4})(?!\d)",
                            re.IGNORECASE)),
]


def _month(name: str) -> int | None:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS.get(unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode())


def _make(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    if not 1990 <= value.year <= 2100:
        return None
    return value


def find_dates(text: str, order: str = "dmy") -> list[tuple[date, int, int]]:
    """Every date in `text` with its span; numeric dates read day-first unless `order` is "mdy"
    or the digits force month-first (03/20/2023)."""
    found: list[tuple[date, int, int]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value: date | None = None
            if kind == "ymd":
                value = _make(int(m["y"]), int(m["m"]), int(m["d"]))
            elif kind == "num":
                a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
                if order == "mdy" and a <= 12 or (b > 12 and a <= 12):
                    value = _make(y, a, b)
                else:
                    value = _make(y, b, a)
            else:
                month = _month(m["mon"])
                if month:
                    value = _make(int(m["y"]), month, int(m["d"]))
            if value is not None:
                found.append((value, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t[1])
    return found


def parse_date(text: str, order: str = "dmy", formats: list[str] | None = None) -> date | None:
    """The first date in `text`; `formats` (strptime-style) are tried first when given."""
    if formats:
        from datetime import datetime

        cleaned = " ".join(text.split())
        for fmt in formats:
            try:
                return datetime.strptime(cleaned, fmt).date()
            except ValueError:
                continue
    dates = find_dates(text, order)
    return dates[0][0] if dates else None


def money_tokens(text: str, order: str) -> list[tuple[Decimal, str | None, bool]]:
    """Amounts in `text` that are not part of a date or a percentage: (value, currency, money-like)."""
    date_spans = [(s, e) for _d, s, e in find_dates(text, order)]
    out = []
    for value, cur, start, end in find_amounts(text):
        if any(s < end and start < e for s, e in date_spans):
            continue
        if re.match(r"\s?%", text[end:end + 2]):
            continue
        token = text[start:end]
        money_like = bool(re.search(r"[.,]\d{2}(?!\d)", token)) or cur is not None
        out.append((value, cur, money_like))
    return out


def pick_amount(text: str, order: str, rightmost: bool = True) -> tuple[Decimal, bool] | None:
    tokens = money_tokens(text, order)
    if not tokens:
        return None
    money = [t for t in tokens if t[2]] or tokens
    value, _cur, like = money[-1] if rightmost else money[0]
    return value, like
