"""Total lines a spreadsheet export prints under (or between) its transactions, read as checks.

Why: banks end an export with `Total;60,00`, `Celkem;;-40,00;100,00`, `Razem obroty`, `Summe`,
`Number of transactions: 2`. Such a row has amounts but no date, and was refused as "'Total' is
not a date". A row whose first cell, at or before the date column, starts with a total word is
no transaction; what it prints is compared with the rows above it (all of them, or those since
the previous total line), so a total that the rows do not make refuses the file: a row was
missed or misread. A one-amount total may be the net, the money in or the money out; the
columns of money out and money in are compared each with its own side. Count lines are passed
over.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from backoffice_auto.documents.aliases import normalise_header
from backoffice_auto.errors import Problem, Source
from backoffice_auto.i18n import N_

MSG_TOTAL_ROW = N_("The total {total} printed on this row is not what the transactions above it make (net {net}, "
                   "money in {credits}, money out {debits}): a transaction is missing or was misread.")

# first words of a total line, as `normalise_header` writes them
_TOTAL = ("total", "subtotal", "grandtotal", "soustotal", "celkem", "soucet", "obratycelkem", "obraty", "suma",
          "razem", "podsumowanie", "obroty", "summe", "gesamt", "totales", "totaal", "turnover", "sum")
_COUNT = ("numberoftransactions", "numberofentries", "transactions", "count", "pocettransakci", "pocetpolozek",
          "pocetpohybu", "pocet", "liczbaoperacji", "liczbatransakcji", "liczba", "nombredoperations",
          "nombredecritures", "numerodemovimientos", "numerodeoperaciones", "anzahl")


def total_label(row: tuple, date_at: int) -> str | None:
    """"total" or "count" for a row whose first filled cell (at or before the date column) starts with such
    a word, else None."""
    first = next((i for i, v in enumerate(row) if v is not None and str(v).strip()), None)
    if first is None or first > date_at or not isinstance(row[first], str):
        return None
    key = normalise_header(row[first])
    if key.startswith(_COUNT):
        return "count"
    if key.startswith(_TOTAL):
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
