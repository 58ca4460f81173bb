"""Which comes first in a spreadsheet export's slash dates, the day or the month, and when nobody can tell.

Why: `12/01/2026` is 12 January to a British, French or Spanish bank and 1 December to an
American one. A day over 12 anywhere in the export settles it for every date column (a bank
writes its dates one way), and so does a date standing alone above the header. So does the
export's own language and place: amounts written with a decimal comma (`1 210,00`), column
headers in a language whose banks never put the month first (`Fecha`, `Libellé`, `Datum`,
`Kwota`), or an account that is an IBAN (no country that writes the month first has them) mean
the day comes first. The workspace's locale is no tell: it says how the company writes, not how
the bank that exported the file does. An export that tells nothing (English headers, amounts with a point
or none, every day up to 12) is refused at its first date that reads two ways, unless its
mapping states a `date_format` or a `locale`: a payment booked a month off is never guessed.
"""

from __future__ import annotations

import re
from typing import Any

from backoffice_auto.documents.aliases import normalise_header
from backoffice_auto.documents.values import parse_date
from backoffice_auto.i18n import N_
from backoffice_auto.parties.bank import normalize_iban

MSG_AMBIGUOUS_DATE = N_("The date '{value}' can be read as {one} or as {other}, and no date of the export tells "
                        "whether the day or the month comes first: give the export a mapping with its date_format "
                        "(%d/%m/%Y or %m/%d/%Y) in rules/bank/*.yaml.")

SLASH_DATE = re.compile(r"\s*(\d{1,2})\s*([/-])\s*(\d{1,2})\s*\2\s*(?:\d{4}|\d{2})\b")
_DECIMAL_END = re.compile(r"[0-9]([.,])[0-9]{1,2}(?![0-9])\D*$")  # `1.234,56 €`, `-12.5`, `(45,90)`
_BOTH_MARKS = re.compile(r"[0-9][.,][0-9]{3}([.,])[0-9]+(?![0-9])")  # `1,234.567` (the last is the decimal mark)

# header words that are English (or written alike in English): any other recognised header word
# is in a language whose banks write the day first
_ENGLISH = frozenset(normalise_header(w) for w in (
    "date", "booking date", "posting date", "posted date", "post date", "entry date", "transaction date",
    "value date", "completed date", "started date", "amount", "transaction amount", "debit", "debit amount",
    "debits", "money out", "paid out", "withdrawal", "withdrawals", "credit", "credit amount", "credits",
    "money in", "paid in", "deposit", "deposits", "currency", "ccy", "counterparty", "counterparty name", "payee",
    "payer", "payer or payee", "payer name", "payee name", "counterparty account", "counterparty iban",
    "bank code", "variable symbol", "payment reference", "reference", "description", "details", "message",
    "narrative", "memo", "purpose", "transaction id", "end to end id", "end-to-end id", "end to end reference",
    "eref", "balance", "running balance", "balance after", "account", "account number", "own account", "iban",
    "d/c", "c/d", "dr/cr", "cr/dr", "db/cr", "cr/db", "debit/credit", "credit/debit", "debit or credit",
    "credit or debit", "debit credit indicator", "dc", "drcr", "sign", "side", "indicator", "type", "category"))


def decimal_mark(rows: list[tuple], columns: list[int]) -> str | None:
    """The decimal mark the amount cells show (`,` or `.`), None when none shows one or they disagree."""
    marks = set()
    for row in rows:
        for column in columns:
            value = row[column] if column < len(row) else None
            if isinstance(value, str) and value:
                m = _DECIMAL_END.search(value) or _BOTH_MARKS.search(value)
                if m:
                    marks.add(m[1])
        if len(marks) > 1:
            return None
    return marks.pop() if marks else None


def date_order(rows: list[tuple], columns: list[int], above: list[tuple] = (), titles: tuple = (),
               amounts: list[int] = (), account: str = "") -> str | None:
    """A locale whose numeric dates are in the export's order (`en_GB` day first, `en_US` month first),
    when the export tells (see the module's docstring); None when it does not, or its cells disagree
    (each cell is then read, or refused, on its own)."""
    day_first = month_first = False
    values = [row[c] for row in rows for c in columns if c < len(row)]
    values += [v for row in above for v in row if isinstance(v, str) and SLASH_DATE.fullmatch(v)]
    for value in values:
        m = SLASH_DATE.match(value) if isinstance(value, str) else None
        if m:
            first, second = int(m[1]), int(m[3])
            day_first = day_first or (first > 12 >= second)
            month_first = month_first or (second > 12 >= first)
    if day_first != month_first:
        return "en_GB" if day_first else "en_US"
    if not day_first and (decimal_mark(rows, list(amounts)) == "," or _headed_in_another_language(titles)
                          or normalize_iban(account)):
        return "en_GB"
    return None


def _headed_in_another_language(titles: tuple) -> bool:
    from backoffice_auto.payments.readers.guessed import header_field

    for cell in titles:
        if isinstance(cell, str) and header_field(cell) and normalise_header(cell.lstrip("#")) not in _ENGLISH:
            return True
    return False


def two_readings(value: Any) -> tuple[str, str] | None:
    """The two dates a slash date with both parts up to 12 can be (`05/06/2026`: 5 June or 6 May, in ISO
    form), or None when it reads one way only."""
    try:
        one, other = parse_date(value, "en_GB"), parse_date(value, "en_US")
    except ValueError:
        return None
    return (one.isoformat(), other.isoformat()) if one != other else None
