"""The debit/credit mark column of a spreadsheet export: an unsigned amount beside a `D`/`C`.

Why: many banks export every amount without a sign and say in a column of its own which way
the money went (`D`/`C`, `Dr`/`Cr`, `Debit`/`Credit`, Czech `Má dáti`/`Dal`, Polish `Wn`/`Ma`,
German `S`/`H`, Spanish `Cargo`/`Abono`, French `Débit`/`Crédit`; or a type column's words for the
direction: `Odchozí platba`/`Příchozí platba`, `Przelew wychodzący`/`przychodzący`, `Outgoing
payment`/`Incoming payment`, `Virement émis`/`reçu`, or for a kind of payment that only goes one way:
`Platba kartou`, `Výběr z bankomatu`, `Trvalý příkaz`, `Card payment`, `Vklad`). Read without that
column, every payment out is booked as money in. The column is found by its header words, or, where
the header is a word nobody listed, by its cells: a column whose every transaction row holds one of
these marks, and at least one of them a debit; or a type column where some line says in words that
the money went out, or half the lines or more say which way it went. A mark that says neither side,
or that contradicts the amount's own minus sign, refuses the row at its cell: which way the money
went is never guessed.

Kinds of payment that go either way for the account holder (a direct debit is money out for the
payer and money in for the company collecting it: `Inkaso`, `Lastschrift`, `Prélèvement`) are no
mark: such a line is refused at its cell unless a mapping names the side.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping

from backoffice_auto.documents.aliases import normalise_header
from backoffice_auto.i18n import N_

MSG_BAD_SIDE = N_("'{value}' does not say whether the amount beside it is money out or money in (a mark such as "
                  "D or C, Dr or Cr, Má dáti or Dal, Wn or Ma is expected here; where the bank's own word says it, "
                  "list the word under side_words in a mapping in rules/bank/).")
MSG_SIDE_CONFLICT = N_("The amount {amount} carries a minus sign, but the mark '{mark}' beside it says money in: "
                       "which is meant cannot be told.")
MSG_SIDE_READ = N_("Column {column} ('{header}') holds a debit or credit mark on every line and was read as the "
                   "side of the amount beside it; name it as columns.side in a mapping to make it certain.")

# marks as `normalise_header` writes them (lower case, no accents, spaces or punctuation)
# a type column's words for the direction: outgoing payment, transfer sent, withdrawal
_OUTGOING = frozenset({"odchozi", "odchoziplatba", "odchoziuhrada", "odchozitransakce", "outgoing", "outgoingpayment",
                       "outgoingtransfer", "moneyout", "wychodzacy", "przelewwychodzacy", "wyplata",
                       "transferenciaemitida", "virementemis", "decaissement", "zahlungsausgang",
                       # kinds of payment that only go out of the holder's account: a card payment, a cash
                       # withdrawal, a standing order (the receiving side's bank calls it an incoming payment)
                       "platbakartou", "transakcekartou", "vyberzbankomatu", "vyberhotovosti", "trvalyprikaz",
                       "platnosckarta", "transakcjakarta", "wyplatazbankomatu", "wyplatagotowki", "zleceniestale",
                       # (not a bare `Reintegro` or `Versement`: a refund, a payment, either way in plain words)
                       "pagocontarjeta", "compracontarjeta", "pagocontarjetadedebito", "ordenpermanente",
                       "transferenciaperiodica", "reintegrocajero",
                       "reintegroencajero", "reintegrodeefectivo", "retiradadeefectivo", "paiementparcarte",
                       "paiementcarte", "paiementcb", "retrait", "retraitdab", "retraitespeces", "virementpermanent",
                       "cardpayment", "cardpurchase", "atmwithdrawal", "cashwithdrawal", "standingorder",
                       "kartenzahlung", "barauszahlung", "bargeldauszahlung", "dauerauftrag"})
# a bank's charges: money out where a column already says the side, but no sign of one on their own (a
# description column may hold the word `Fee` on the line of a fee, beside free text on the others)
_CHARGES = frozenset({"poplatek", "poplatky", "oplata", "prowizja", "comision", "comisiones", "frais",
                      "fraisbancaires", "fee", "fees", "bankfee", "bankcharges", "gebuhr", "gebuhren", "entgelt"})
_DEBIT = _OUTGOING | _CHARGES | {"d", "dr", "db", "dbt", "dbit", "debit", "debet", "debito", "s", "soll", "madati",
                                 "md", "wn", "winien", "obciazenie", "cargo", "out", "minus", "vydaj", "belastung"}
# a type column's words for money in: incoming payment, transfer received, deposit
_INCOMING = frozenset({"prichozi", "prichoziplatba", "prichoziuhrada", "prichozitransakce", "incoming",
                       "incomingpayment", "incomingtransfer", "moneyin", "przychodzacy", "przelewprzychodzacy", "wplata",
                       "transferenciarecibida", "virementrecu", "encaissement", "zahlungseingang",
                       "vklad", "vkladhotovosti", "wplatagotowkowa", "wplatagotowki", "ingreso", "ingresoenefectivo",
                       "versementespeces", "versementdespeces", "remisedecheque", "remisecheque", "deposit", "cashdeposit",
                       "einzahlung", "bareinzahlung"})
_CREDIT = _INCOMING | {"c", "cr", "crd", "crdt", "credit", "kredit", "credito", "h", "haben", "dal", "ma", "uznanie",
                       "abono", "in", "plus", "prijem", "gutschrift"}
# header words of such a column, compared as headers are
HEADER_WORDS = ("d/c", "c/d", "dr/cr", "cr/dr", "db/cr", "cr/db", "debit/credit", "credit/debit", "debit or credit",
                "credit or debit", "debit credit indicator", "cdtdbtind", "dc", "drcr", "sign", "side", "s/h",
                "soll/haben", "soll-haben", "soll/haben-kennzeichen", "md/d", "má dáti/dal", "strana", "wn/ma",
                "ma/wn", "strona", "strona transakcji", "typ operacji (wn/ma)", "d/h", "debe/haber", "cargo/abono",
                "sens", "sens de l'opération", "débit/crédit", "crédit/débit", "indicator", "indicador")
_HEADER_KEYS = frozenset(normalise_header(w) for w in HEADER_WORDS)


def is_side_header(cell: object) -> bool:
    return isinstance(cell, str) and normalise_header(cell) in _HEADER_KEYS


def _mark_key(value: Any) -> str | None:
    """A cell as marks are compared: `-` and `+` as they are, other text as `normalise_header` writes it;
    None for no text."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if text in ("-", "+") else normalise_header(text)


# mark key -> side (a key in both lists is a debit, as it always was)
_SIDES = {**dict.fromkeys(_CREDIT, 1), **dict.fromkeys(_DEBIT, -1), "-": -1, "+": 1}


def side_of(value: Any, own: Mapping[str, int] | None = None) -> int | None:
    """-1 for a debit mark, 1 for a credit mark, None for anything else (a blank too); `own`: a
    bank's own words (`own_sides`), before the ones every reader knows."""
    key = _mark_key(value)
    if own and key in own:
        return own[key]
    return _SIDES.get(key)


def own_sides(money_out: Iterable[str], money_in: Iterable[str]) -> dict[str, int]:
    """A mapping's `side_words` as marks are compared: key -> -1 (money out) or 1 (money in); a
    word in both lists says neither side."""
    out = {k: -1 for k in map(_mark_key, money_out) if k}
    sides = {k: 1 for k in map(_mark_key, money_in) if k}
    for key in out:
        sides[key] = 0 if key in sides else -1
    return {k: v for k, v in sides.items() if v}


def signed(amount: Decimal, mark: Any, own: Mapping[str, int] | None = None) -> Decimal | None:
    """The amount with the mark's sign; None when the mark says neither side. A minus sign beside a
    debit mark is the same debit; beside a credit mark it raises `SideConflict`."""
    side = side_of(mark, own)
    if side is None:
        return None
    if amount < 0 and side > 0:
        raise SideConflict
    return -abs(amount) if side < 0 else amount


class SideConflict(ValueError):
    """A negative amount marked as money in."""


def side_column(rows: list[tuple], header: tuple, taken: set[int], date_at: int, amount_at: int) -> int | None:
    """The column (0-based) no header word names whose cells mark the side on every row with a date:
    every such row holds a mark, at least one a debit, and no amount has a sign of its own (beside signed
    amounts a column of such letters is something else: a status `S`, a category `C`); else the one
    column where some row says in words that the money went out (`Odchozí platba`), whose other rows are
    then refused unless they say a side; else the one column where half the rows or more say in words
    which way the money went (`Příchozí platba`, `Platba kartou`), the others then refused as well.
    None when no column, or more than one, does."""
    dated = [row for row in rows if date_at < len(row) and row[date_at] not in (None, "")]
    if not dated or any(_signed(row[amount_at]) for row in dated if amount_at < len(row)):
        return None
    width = max(len(row) for row in dated)
    marks, worded, mostly = [], [], []  # columns of marks on every row; saying on some row the money went
    for column in range(width):  # out; saying on half the rows or more which way it went
        if column in taken or (column < len(header) and _named(header[column])):
            continue
        keys = [_mark_key(row[column]) if column < len(row) else None for row in dated]  # each cell read once
        sides = list(map(_SIDES.get, keys))
        if None not in sides and -1 in sides and "-" not in keys and "+" not in keys:
            marks.append(column)
        elif not _OUTGOING.isdisjoint(keys):
            # a type column of words, some saying the money went out (`Odchozí platba`), some nothing
            # (`Převod`): the side it is, so that the lines it leaves unsaid are refused at their
            # cells, not booked as money in
            worded.append(column)
        elif not _INCOMING.isdisjoint(keys) and 2 * (len(sides) - sides.count(None)) >= len(sides):
            # half the lines or more say which way (`Příchozí platba`, `Poplatek`), the others nothing
            # (`Převod`): which way those went is not told (a free text column holds such a word on a
            # line or two at most)
            mostly.append(column)
    found = marks or worded or mostly
    return found[0] if len(found) == 1 else None


def _signed(value: Any) -> bool:
    if isinstance(value, str):
        return any(mark in value for mark in "-\u2212(")
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and value < 0


def _named(cell: object) -> bool:
    from backoffice_auto.payments.readers.guessed import header_field

    return header_field(cell) is not None
