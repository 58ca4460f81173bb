"""Opening and closing balances a spreadsheet export prints around its rows, read to check the rows.

Many banks' CSV/XLSX exports carry no running balance column but print "Saldo inicial" above
the rows and "Saldo final" (`Konečný zůstatek`, `Solde final`, `Saldo końcowe`, `Closing
balance`, `Endsaldo`) under them; French and English banks print `Solde au 30/11/2026` above
and `Solde au 02/12/2026` under, a balance on a day that its place makes the opening or closing. Such a row has neither a date nor an amount in the mapped
columns, so it is no transaction; read here, its figure lets the statement be checked like
a camt or MT940 one (opening + rows = closing, or the running balance's last value = the
printed closing), instead of being booked unchecked. Only a row whose first text starts with
one of these phrases and that holds one number counts: a heading alone, or a note that
mentions a balance in passing, is still passed over.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from backoffice_auto.documents.aliases import normalise_header

# phrases as `normalise_header` writes them (lower case, no accents, spaces or punctuation)
_CLOSING = ("closingbalance", "endingbalance", "finalbalance", "newbalance", "balanceatend", "saldofinal",
            "saldodecierre", "konecnyzustatek", "zustatekkonecny", "koncovyzustatek", "konecnystav", "soldefinal",
            "nouveausolde", "soldedecloture", "soldedefin", "saldokoncowe", "saldozamkniecia", "saldonakoniec",
            "endsaldo", "schlusssaldo", "neuersaldo", "eindsaldo")
_OPENING = ("openingbalance", "startingbalance", "previousbalance", "saldoinicial", "saldoanterior",
            "saldodeapertura", "pocatecnizustatek", "zustatekpocatecni", "pocatecnistav", "soldeinitial",
            "anciensolde", "soldeprecedent", "soldededebut", "saldopoczatkowe", "saldootwarcia", "anfangssaldo",
            "altersaldo", "startsaldo", "beginsaldo")
# a balance on a day (`Solde au 02/12/2026`, `Zůstatek k 1.12.2026`, `Balance as at`): the opening above
# the rows, the closing under them
_AS_AT = ("soldeau", "soldeendatedu", "soldealadate", "balanceasat", "balanceason", "balanceat", "balanceon",
          "saldoal", "saldoafecha", "saldoadia", "zustatekk", "stavk", "saldonadzien", "saldona", "saldoam",
          "kontostandam")


def printed_balance(row: tuple, preferred: list[int], number: Callable[[Any], Decimal]) -> tuple[str, Decimal] | None:
    """("opening" | "closing" | "as_at", amount) of a row printing a balance, else None ("as_at": a
    balance on a day, which its place tells). `preferred`: the
    columns to look in first (the balance, then the amount columns); `number` reads a cell in the
    mapping's locale (ValueError or ArithmeticError when it is no number)."""
    label_at = next((i for i, v in enumerate(row) if isinstance(v, str) and v.strip()), None)
    if label_at is None:
        return None
    label = row[label_at]
    key = normalise_header(label)
    kind = ("closing" if key.startswith(_CLOSING) else "opening" if key.startswith(_OPENING)
            else "as_at" if key.startswith(_AS_AT) else None)
    if kind is None:
        return None
    tail = label.rsplit(":", 1)[1] if ":" in label else ""  # `Saldo final: 1 234,56` in one cell
    places = [c for c in preferred if 0 <= c < len(row)] + [c for c in range(label_at + 1, len(row))
                                                            if c not in preferred]
    for value in [row[c] for c in places] + ([tail] if tail.strip() else []):
        if value is None or (isinstance(value, str) and not value.strip()) or isinstance(value, bool):
            continue
        try:
            return kind, number(value)
        except (ValueError, ArithmeticError, TypeError):
            continue
    return None
