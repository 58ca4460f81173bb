"""Total lines a spreadsheet export prints under (or between) its transactions, read as checks.

Why: banks end an export with `Total;60,00`, `Celkem;;-40,00;100,00`, `Razem obroty`, `Summe`,
`Number of transactions: 2`. Such a row has amounts but no date, and was refused as "'Total' is
not a date". A row without a date whose first filled cell starts with total words (in the date
column, or under the rows' text as French and English banks print it; `TotalEnergies`, a payee, is
no total word) is no transaction; what it prints is compared with the rows above it (all of them, or those since
the previous total line), so a total that the rows do not make refuses the file: a row was
missed or misread. A one-amount total may be the net, the money in or the money out; the
columns of money out and money in are compared each with its own side. Count lines are passed
over.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable

from backoffice_auto.documents.aliases import normalise_header
from backoffice_auto.errors import Problem, Source
from backoffice_auto.i18n import N_

MSG_TOTAL_ROW = N_("The total {total} printed on this row is not what the transactions above it make (net {net}, "
                   "money in {credits}, money out {debits}): a transaction is missing or was misread.")

# a total line's first words, each as `normalise_header` writes it, glued (`Obraty celkem`: obratycelkem)
_TOTAL = frozenset(("total", "totals", "totaux", "subtotal", "grandtotal", "soustotal", "celkem", "soucet",
                    "obratycelkem", "obraty", "suma", "sumy", "razem", "podsumowanie", "obroty", "summe", "gesamt",
                    "totales", "totaal", "turnover", "sum"))
_COUNT = frozenset(("numberoftransactions", "totalnumberoftransactions", "numberofentries", "transactions", "count", "pocettransakci",
                    "pocetpolozek", "pocetpohybu", "pocet", "liczbaoperacji", "liczbatransakcji", "liczba",
                    "nombredoperations", "nombredecritures", "numerodemovimientos", "numerodeoperaciones",
                    "anzahl"))
_WORD = re.compile(r"[^\W_]+")


def _leads_with(text: str, words: frozenset[str]) -> bool:
    """Whether `text`'s first words (one to four, glued) are one of `words`: `Total des opérations`
    and `Celkem 01.12.` are, `TotalEnergies` (a payee) is not."""
    parts = [normalise_header(w) for w in _WORD.findall(text[:120])[:4]]
    return any("".join(parts[:n]) in words for n in range(1, len(parts) + 1))


def total_label(row: tuple) -> str | None:
    """"total" or "count" for a row whose first filled cell starts with such words, else None. The
    caller asks only of a row without a date: the label stands in the date column (`Celkem;60,00`) or
    under the text of the rows (`;Total des opérations;4,20;10 621,91`, as French and English banks
    print it)."""
    first = next((v for v in row if v is not None and str(v).strip()), None)
    if not isinstance(first, str):
        return None
    if _leads_with(first, _COUNT):
        return "count"
    if _leads_with(first, _TOTAL):
        return "total"
    return None


def total_problems(totals: list[tuple[Source, list[tuple[str, Any]], int]], amounts: list[Decimal],
                   number: Callable[[Any], Decimal]) -> list[Problem]:
    """Each total line against the amounts read above it: `totals` holds (place, [(side, cell)], how many
    amounts were read before it); side is "amount", "debit" or "credit"."""
    problems = []
    since = 0
    for where, cells, upto in totals:
        spans = [amounts[:upto], amounts[since:upto]]
        since = upto
        printed = []
        for side, value in cells:
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                printed.append((side, number(value)))
            except (ValueError, ArithmeticError, TypeError):
                printed = []
                break
        if not printed or any(_agrees(printed, span) for span in spans):
            continue
        span = spans[0]
        credits = sum((a for a in span if a > 0), Decimal(0))
        debits = sum((a for a in span if a < 0), Decimal(0))
        problems.append(Problem(MSG_TOTAL_ROW, where, {
            "total": " / ".join(str(v) for _side, v in printed), "net": credits + debits, "credits": credits,
            "debits": debits}))
    return problems


def _agrees(printed: list[tuple[str, Decimal]], span: list[Decimal]) -> bool:
    credits = sum((a for a in span if a > 0), Decimal(0))
    debits = sum((a for a in span if a < 0), Decimal(0))
    for side, value in printed:
        if side == "debit":
            ok = abs(value) == -debits
        elif side == "credit":
            ok = value == credits
        else:
            ok = value in (credits + debits, credits, debits, -debits)
        if not ok:
            return False
    return True
