"""The invoice's currency, and the currency a printed bank account is kept in.

Read without a template: a currency label ("Currency: EUR", "Měna: CZK") first; else the one the
total's own line names ("Celkem k úhradě 1 234,56 EUR"); else the codes, signs and words on the
page counted, the most frequent winning with a confidence by its share. A Czech or Polish supplier
invoicing in euros restates the VAT in crowns or złoty at a rate ("Kurz ČNB: 1 EUR = 24,350 CZK",
"DPH v CZK"): those conversion lines are not counted.
A footer listing one account per currency ("Účet EUR: IBAN ...", "Account (GBP): ...") names
currencies that are not the invoice's, so account lines count only when nothing else names one;
and the account to pay is the one named with the invoice's currency (generic_parties._iban).
Pure functions over the page view.
"""

from __future__ import annotations

import re

from backoffice_auto.invoices.extract.generic_page import Candidate, Page
from backoffice_auto.invoices.extract.layout import Line

ISO_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "PLN", "CZK", "SEK", "NOK", "DKK", "HUF", "RON",
                  "BGN", "INR", "JPY", "CAD", "AUD", "CNY")
CURRENCY_WORDS = [
    (re.compile(r"\bUS\s*dollars?\b", re.I), "USD"), (re.compile(r"\beuros?\b", re.I), "EUR"),
    (re.compile(r"\bzł(?:otych)?\b|\bzl\b", re.I), "PLN"), (re.compile(r"\bKč\b|\bkorun\b"), "CZK"),
    (re.compile(r"\bRs\.?\s?-?\d"), "INR"), (re.compile(r"€"), "EUR"), (re.compile(r"£"), "GBP"),
    (re.compile(r"\$"), "USD"), (re.compile(r"₹"), "INR"),
]
_ISO_RE = re.compile(r"(?<![A-Z])(" + "|".join(ISO_CURRENCIES) + r")(?![A-Z])")
_ACCOUNT_LIKE = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}[ ]?[A-Z0-9]{4}[ ]?\d{4}")  # an IBAN's start


# a line converting into another currency: the exchange rate ("Kurz ČNB: 1 EUR = 24,350 CZK") and
# the amounts restated in the national currency the law asks for ("DPH v CZK", "VAT in GBP")
_CONVERSION = re.compile(r"(?i)\b(?:kurz|kurs|exchange\s+rate|rate\s+of\s+exchange|tipo\s+de\s+cambio|taux\s+de\s+change|"
                         r"wechselkurs|cours)\b|\d\s*(?:" + "|".join(ISO_CURRENCIES) + r")\s*=\s*\d|"
                         r"\b(?:v|w|in|en|em)\s+(?:" + "|".join(ISO_CURRENCIES) + r")\b")


def read_currency(page: Page, total_lines: tuple[int, ...] = ()) -> Candidate | None:
    """A currency label's; else the one printed on the line of the total (`total_lines`: the
    chosen total's, then the amount due's) when it names one; else the one the page names most,
    leaving out the lines of bank accounts and of conversions into another currency."""
    for cand in sorted(_collect_currency_labels(page), key=lambda c: -c.score):
        return cand
    for index in total_lines:
        if 0 <= index < len(page.layout.lines):
            found = currencies_in(page.layout.lines[index].text)
            if len(found) == 1:
                return Candidate(found.pop(), 0.95, index, "total")
    account_lines = [bool(_ACCOUNT_LIKE.search(line.text) or _CONVERSION.search(line.text))
                     for line in page.layout.lines]
    counts: dict[str, float] = {}
    for with_accounts in (False, True):
        text = "\n".join(line.text for line, account in zip(page.layout.lines, account_lines)
                         if with_accounts or not account)
        counts = {}
        for code in _ISO_RE.findall(text):
            counts[code] = counts.get(code, 0) + 1.0
        for pattern, code in CURRENCY_WORDS:
            hits = len(pattern.findall(text))
            if hits:
                counts[code] = counts.get(code, 0) + 0.8 * hits
        if counts or not any(account_lines):
            break
    if not counts:
        return None
    code = max(counts, key=lambda k: counts[k])
    total = sum(counts.values())
    return Candidate(code, min(0.9, 0.5 + 0.4 * counts[code] / total), -1, "pattern")


def _collect_currency_labels(page: Page) -> list[Candidate]:
    out = []
    for labels in page.labels.values():
        for label in labels:
            if label.field != "currency":
                continue
            text = page.right_text(label)
            m = _ISO_RE.search(text)
            if m:
                out.append(Candidate(m.group(1), 0.95, label.line.index, "right"))
                continue
            for pattern, code in CURRENCY_WORDS:
                if pattern.search(text):
                    out.append(Candidate(code, 0.85, label.line.index, "right"))
                    break
    return out


def currencies_in(text: str) -> set[str]:
    """Every currency `text` names by ISO code, sign or word."""
    out = set(_ISO_RE.findall(text))
    out.update(code for pattern, code in CURRENCY_WORDS if pattern.search(text))
    return out


def account_currency(page: Page, line: Line, start: int, end: int) -> str | None:
    """The currency the account printed at `line.text[start:end]` is named with: in its own cell
    of the line ("Účet EUR: IBAN ...", "IBAN ... (GBP)"), else on a short heading line just
    above it ("EUR account": no figures, so neither an amount nor another account). None when
    no currency, or more than one, is named."""
    gap = page.layout.char_width * 3
    lo, hi = 0, len(line.text)
    for k in range(1, len(line.words)):  # the cell: bounded by the column gaps around the account
        if line.words[k].x0 - line.words[k - 1].x1 > gap:
            cut = line.spans[k][0]
            if cut <= start:
                lo = cut
            elif cut >= end:
                hi = min(hi, line.spans[k - 1][1])
    found = currencies_in(line.text[lo:start] + " " + line.text[end:hi])
    if not found and line.index > 0:
        above = page.layout.lines[line.index - 1]
        if above.page == line.page and len(above.text) < 60 and not any(ch.isdigit() for ch in above.text):
            found = currencies_in(above.text)
    return found.pop() if len(found) == 1 else None


_RATE_LINE = re.compile(r"(?i)\b(?:kurz|kurs|exchange\s+rate|rate\s+of\s+exchange|tipo\s+de\s+cambio|taux\s+de\s+change|"
                        r"wechselkurs|cours\s+de\s+change)\b|\b1\s*(?:" + "|".join(ISO_CURRENCIES) + r")\s*=\s*\d")
_RESTATED = re.compile(r"(?i)\b(?:v|w|in|en|em)\s+(" + "|".join(ISO_CURRENCIES) + r"|Kč|zł|£|€|euros?)(?!\w)")


def restated_lines(page: Page) -> frozenset[int]:
    """The lines restating the invoice's amounts in another currency at a printed exchange rate
    ("Kurz ČNB: 1 EUR = 24,350 CZK" and "Základ v CZK", "DPH v CZK", "Celkem v CZK"; "VAT in
    GBP"), as a Czech, Polish or British supplier invoicing in euros must: their amounts are not
    the invoice's. Only on a page with a rate line, and only when those lines name one currency
    ("v CZK"): the lines saying so, and the rows under such a heading ("Rekapitulace DPH v
    CZK:") up to a gap. Empty when there is nothing to set apart."""
    lines = page.layout.lines
    rates = [line.text for line in lines if _RATE_LINE.search(line.text)]
    named = {code for line in lines for m in _RESTATED.finditer(line.text) for code in currencies_in(m.group(1))}
    if len(named) != 1:
        return frozenset()
    (target,) = named
    sources = {m.group(1) for text in rates for m in re.finditer(r"\b1\s*([A-Z]{3})\s*=", text)}
    # the rate must convert into that currency ("1 EUR = 24,350 CZK"), not out of it
    if not any(target in currencies_in(text) for text in rates) or target in sources:
        return frozenset()
    out: set[int] = set()
    for line in lines:
        m = _RESTATED.search(line.text)
        if not m or currencies_in(line.text) - {target} or _RATE_LINE.search(line.text) or any(
                lab.field == "currency" for lab in page.labels.get(line.index, ())):
            continue
        out.add(line.index)
        if any(ch.isdigit() for ch in line.text):
            continue
        below = line  # a heading: the rows under it, while they follow on closely
        for row in lines[line.index + 1: line.index + 8]:
            height = max(below.bottom - below.top, 1.0)
            if row.page != line.page or row.top - below.bottom > 1.5 * height or currencies_in(row.text) - {target}:
                break
            out.add(row.index)
            below = row
    return frozenset(out)
