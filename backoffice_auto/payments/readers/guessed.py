"""A bank's CSV or XLSX export read with no mapping: its columns known by their usual names.

Why: a clerk drops the bank's export into `inbox/bank/` before anybody has written
`rules/bank/*.yaml`, and it was refused. Most exports name their columns with a handful of
words in the bank's language (`Datum`, `Částka`, `Zpráva pro příjemce`; `Data operacji`,
`Kwota`; `Fecha`, `Importe`, `Concepto`; `Date`, `Débit`, `Crédit`, `Libellé`). When one
row near the top holds a booking date and either one amount or a debit and a credit column,
each named by exactly one cell, the export is read as a mapping naming those columns would
read it. The account and the currency come from a column, or from the lines above the
header (`IBAN: CZ65 0800 ...`, `Měna: CZK`, a label over its value as mBank prints them, an IBAN
inside a title line, the number a title sentence names: "Výpis z účtu 2400123456/2010 za ...", a
domestic number alone in a cell whose national check digits hold),
or the currency from the amount headers (`Débit euros`) or from every amount cell (`1 210,00 Kč`);
an export that says neither is refused, asking for a mapping. The header row is looked for as far
down as a mapping's is (`tabular.HEADER_SEARCH_ROWS`). Where an export gives both the day the bank
booked a payment and the day it was made (`Data księgowania`, `Data operacji`), the booking day is
taken. Text several columns hold (`Tytuł` and `Opis operacji`) is joined. Nothing else is guessed where two cells
could be meant: two amount columns, or a booking date column twice, are refused naming them (an
amount beside debit and credit columns is read by the form the rows fill, refused when they fill
both), and two currency columns are read only when they agree on every line. A statement read so
is checked like any other (its account must be listed, a running balance must add up) and the
job's summary names the columns used, so a person can check them once.
"""

from __future__ import annotations

import re
from typing import Any

from backoffice_auto.documents.aliases import header_keys, normalise_header
from backoffice_auto.errors import Label, Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.parties.bank import normalize_iban
from backoffice_auto.payments.readers.sides import HEADER_WORDS
from backoffice_auto.payments.readers.titles import account_in_title, bare_account

MSG_GUESSED = N_("No mapping in rules/bank/*.yaml names this export's columns; they were recognised by their "
                 "names: the date from '{date}', the amount from '{amount}', also read: {others}. Check the lines "
                 "once; a mapping makes it certain.")
MSG_GUESSED_SIDES = N_("No mapping in rules/bank/*.yaml names this export's columns; they were recognised by their "
                       "names: the date from '{date}', money out from '{debit}' and money in from '{credit}', also "
                       "read: {others}. Check the lines once; a mapping makes it certain.")
MSG_AMBIGUOUS = N_("No mapping in rules/bank/*.yaml describes this export, and its columns cannot be told apart by "
                   "their names ({field}: {columns}); add a mapping naming them (see docs/rules.md, bank/*.yaml).")
MSG_NO_ACCOUNT = N_("No mapping in rules/bank/*.yaml describes this export, and it does not say which account it is "
                    "(no account column and no IBAN above the header); add a mapping with 'account:' (see "
                    "docs/rules.md, bank/*.yaml).")
MSG_NO_CURRENCY = N_("No mapping in rules/bank/*.yaml describes this export, and it does not say its currency (no "
                     "currency column and none above the header); add a mapping with 'currency:' (see docs/rules.md, "
                     "bank/*.yaml).")

#: Header words by field, in the users' languages and the banks' English and German. Compared
#: as headers are (case, accents, spaces and punctuation aside), whole cell against whole word.
WORDS: dict[str, tuple[str, ...]] = {
    "booking_date": (
        "date", "booking date", "posting date", "posted date", "post date", "entry date",
        "datum", "datum zaúčtování", "datum pohybu", "datum splatnosti", "datum zaúčtovania",
        "data", "data księgowania",
        "fecha", "fecha contable", "date comptable", "date de comptabilisation",
        "buchungstag", "buchungsdatum", "data rozliczenia", "completed date", "date de l'écriture"),
    # the day the payment was made, as against the day the bank booked it: the booking date only
    # when the export has no booking date column (mBank and ING give both)
    "transaction_date": (
        "transaction date", "datum transakce", "datum provedení", "datum operace", "data operacji",
        "data transakcji", "data zlecenia", "fecha operación", "f. operación", "fecha de operación",
        "date opération", "date d'opération", "date de l'opération", "started date", "fecha de la operación"),
    "value_date": (
        "value date", "valuta", "datum valuty", "datum splatnosti valuty", "data waluty", "fecha valor",
        "f. valor", "date de valeur", "date valeur", "wertstellung", "valutadatum"),
    "amount": (
        "amount", "transaction amount", "částka", "objem", "kwota", "kwota operacji", "kwota transakcji",
        "importe", "montant", "montant de l'opération", "betrag", "umsatz", "zaúčtovaná částka",
        "částka v měně účtu", "kwota w walucie rachunku"),
    "debit": (
        "debit", "debit amount", "debits", "money out", "paid out", "withdrawal", "withdrawals", "výdaj",
        "výdej", "odchozí", "má dáti", "obciążenia", "obciążenie", "wydatki", "cargo", "cargos", "debe",
        "débit", "débits", "soll", "ausgang", "debet", "debety"),
    "credit": (
        "credit", "credit amount", "credits", "money in", "paid in", "deposit", "deposits", "příjem",
        "příchozí", "dal", "uznania", "uznanie", "wpływy", "abono", "abonos", "haber", "crédit", "crédits",
        "haben", "eingang", "kredit", "kredity"),
    "currency": ("currency", "ccy", "měna", "měna účtu", "mena", "waluta", "waluta rachunku", "moneda", "divisa",
                 "devise", "währung", "waehrung"),
    "counterparty_name": (
        "counterparty", "counterparty name", "payee", "payer", "payer or payee", "název protiúčtu",
        "protistrana", "název protistrany", "název účtu protiúčtu", "kontrahent", "dane kontrahenta", "nazwa kontrahenta", "nadawca/odbiorca",
        "odbiorca/nadawca", "beneficiario/ordenante", "ordenante/beneficiario", "tiers", "nom du tiers",
        "empfänger/auftraggeber", "auftraggeber/empfänger", "name zahlungsbeteiligter", "payer name", "payee name",
        "odbiorca/zleceniodawca", "zleceniodawca/odbiorca", "begünstigter/auftraggeber", "beguenstigter/zahlungspflichtiger",
        # an export of one direction names the other party as its sender or its receiver
        "sender", "sender name", "remitter", "beneficiary", "nadawca", "nazwa nadawcy", "odbiorca", "nazwa odbiorcy",
        "zleceniodawca", "nazwa zleceniodawcy", "plátce", "název plátce", "příjemce", "název příjemce", "ordenante",
        "beneficiario", "émetteur", "donneur d'ordre", "bénéficiaire", "auftraggeber", "empfänger"),
    "counterparty_iban": (
        "counterparty account", "counterparty iban", "protiúčet", "číslo protiúčtu", "číslo účtu protiúčtu", "účet protistrany",
        "protiúčet a kód banky", "nr rachunku", "numer konta",
        "rachunek kontrahenta", "numer rachunku kontrahenta", "rachunek nadawcy/odbiorcy",
        "sender account", "sender iban", "beneficiary account", "beneficiary iban", "rachunek nadawcy",
        "numer rachunku nadawcy", "rachunek odbiorcy", "numer rachunku odbiorcy", "rachunek zleceniodawcy",
        "účet plátce", "účet příjemce", "cuenta ordenante", "cuenta beneficiario", "compte émetteur",
        "compte bénéficiaire", "iban auftraggeber", "iban empfänger",
        "cuenta contrapartida", "cuenta ordenante/beneficiario", "compte tiers", "iban du tiers",
        "iban zahlungsbeteiligter", "kontonummer/iban", "na konto/z konta", "z konta/na konto"),
    "counterparty_bank": ("kód banky", "kód banky protiúčtu", "bank code", "bankleitzahl", "blz"),
    "reference": (
        "variable symbol", "vs", "variabilní symbol", "payment reference", "reference", "referencja",
        "referencia", "référence", "kundenreferenz"),
    "remittance": (
        "description", "details", "message", "narrative", "memo", "purpose", "zpráva pro příjemce", "zpráva",
        "poznámka", "popis", "popis transakce", "popis pro příjemce", "popis příkazce", "tytuł", "tytuł operacji",
        "opis", "opis operacji", "opis transakcji",
        "concepto", "descripción", "observaciones", "libellé", "libellé de l'opération", "détail",
        "verwendungszweck", "buchungstext", "movimiento", "más datos", "détail de l'écriture",
        "označení operace"),
    "bank_reference": (
        "transaction id", "id pohybu", "id transakce", "id operace", "identifikace transakce", "numer transakcji",
        "nr transakcji", "identyfikator transakcji",
        "numer operacji", "id operación", "référence de l'opération", "transaktions-id"),
    "end_to_end_id": ("end to end id", "end-to-end id", "end to end reference", "eref", "end-to-end-referenz"),
    "balance": (
        "balance", "running balance", "balance after", "zůstatek", "zůstatek po pohybu", "saldo",
        "saldo po operacji", "saldo po transakcji", "solde", "kontostand", "disponible", "saldo contable"),
    "side": HEADER_WORDS,
    "account": (
        "account", "account number", "own account", "iban", "číslo účtu", "účet", "vlastní účet", "rachunek",
        "numer rachunku", "cuenta", "número de cuenta", "compte", "numéro de compte", "konto", "kontonummer", "numer rachunku/karty", "auftragskonto"),
}
#: How a refusal names the fields a header row names twice.
FIELD_NAMES = {"booking_date": N_("booking date"), "amount": N_("amount"), "debit": N_("money out"),
               "credit": N_("money in")}
_BY_WORD = {normalise_header(w): field for field, words in WORDS.items() for w in words}
_NEEDED = ("booking_date",)
# fields whose text several columns may each hold a part of (`Tytuł` and `Opis operacji`, `Popis příkazce`
# and `Popis pro příjemce`): all of them are read, joined; a currency named twice (ING, BBVA: one after the
# amount, one after the balance) is read when the columns agree on every line; other fields named twice
# are not guessed at
_JOINED = ("remittance", "counterparty_name", "currency")
# a currency written after a header's words (`Débit euros`, `Částka v Kč`, `Kwota PLN`)
_CURRENCY_TAIL = re.compile(r"\s*[(\[]?\s*(?:(?:en|in|v|w)\s+)?(?P<ccy>eur|euros?|czk|kč|pln|zł|usd|gbp|chf)\.?\s*[)\]]?\s*$",
                            re.IGNORECASE)
_CURRENCY_WORDS = {"euro": "EUR", "euros": "EUR", "kč": "CZK", "zł": "PLN"}
# an IBAN standing in a line of text (`Compte courant n° FR76 3000 6000 0112 3456 7890 189`)
_IBAN_IN_TEXT = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Z0-9])")
_CURRENCY = re.compile(r"[A-Za-z]{3}")
_LABELLED = re.compile(r"\s*(?P<label>[^:]{1,40}?)\s*:\s*(?P<value>.+?)\s*")


def guess_columns(rows: list[tuple], name: str) -> tuple[int, dict[str, str]] | None:
    """(0-based header row, {field: header text}) of the first row near the top whose cells name
    a booking date and an amount (one column, or debit and credit); None when no row does.
    `Refusal` when such a row names a needed field in two cells."""
    from backoffice_auto.payments.readers.tabular import HEADER_SEARCH_ROWS

    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):  # as far down as a mapping's header is looked for
        found: dict[str, list[str]] = {}
        for cell in row:
            field = header_field(cell)
            if field:
                found.setdefault(field, []).append(cell.strip())
        dated = found.pop("transaction_date", None)
        if dated and "booking_date" not in found:
            found["booking_date"] = dated
        amount = "amount" in found or ("debit" in found and "credit" in found)
        if not all(f in found for f in _NEEDED) or not amount:
            continue
        if "amount" in found and ("debit" in found or "credit" in found):
            _one_amount_form(found, rows[i + 1:], row, name)
        for field in ("booking_date", "amount", "debit", "credit"):
            if len(found.get(field, ())) > 1:
                raise _ambiguous(name, field, found[field])
        return i, {field: cells[0] if len(cells) == 1 else tuple(cells) for field, cells in found.items()
                   if len(cells) == 1 or field in _JOINED}
    return None


def _one_amount_form(found: dict[str, list[str]], rows: list[tuple], header: tuple, name: str) -> None:
    """An export naming an amount and debit/credit columns (Deutsche Bank's `Betrag` beside `Soll` and
    `Haben`) is read by the form its rows fill: when the one form is empty on every row, the other is
    the amount; when both are filled, which is meant cannot be told and the export is refused."""
    sides = found.get("debit", []) + found.get("credit", [])
    if not _filled(rows, header, found["amount"]) and "debit" in found and "credit" in found:
        del found["amount"]
    elif not _filled(rows, header, sides):
        found.pop("debit", None)
        found.pop("credit", None)
    else:
        raise _ambiguous(name, "amount", found["amount"] + sides)


def _filled(rows: list[tuple], header: tuple, texts: list[str]) -> bool:
    """Whether a row holds a value under any of the header cells `texts`."""
    columns = [j for j, cell in enumerate(header) if isinstance(cell, str) and cell.strip() in texts]
    return any(j < len(row) and row[j] is not None and str(row[j]).strip() for row in rows for j in columns)


def header_field(cell: object) -> str | None:
    """The field a header cell names, by its words: whole, without a bracketed part (`Kwota (PLN)`), or
    without a currency after them (`Débit euros`)."""
    if not isinstance(cell, str) or len(cell) > 60:
        return None
    for text in (cell, _CURRENCY_TAIL.sub("", cell) if " " in cell.strip() else cell):
        for key in header_keys(text):
            field = _BY_WORD.get(key)
            if field:
                return field
    return None


def _ambiguous(name: str, field: str, cells: list[str]) -> Refusal:
    return Refusal([Problem(MSG_AMBIGUOUS, Source(name), {"field": Label(FIELD_NAMES[field]),
                                                          "columns": ", ".join(f"'{c}'" for c in cells)})])


def above_header(rows: list[tuple], header: int) -> dict[str, str]:
    """The account and currency the lines above the header state: a label and its value in one
    cell (`IBAN: CZ65...`) or in two neighbouring cells, or an IBAN standing alone."""
    found: dict[str, str] = {}
    for r, row in enumerate(rows[:header]):
        cells = [c.strip() if isinstance(c, str) else c for c in row]
        for j, cell in enumerate(cells):
            if not isinstance(cell, str) or not cell or len(cell) > 120:
                continue
            m = _LABELLED.fullmatch(cell)
            label, value = (m["label"], m["value"]) if m else (cell, _next_text(cells, j))
            if not m and value is None and r + 1 < header:  # mBank: `#Waluta;` over `PLN;`
                value = _lone_text(rows[r + 1])
            field = _BY_WORD.get(normalise_header(label.lstrip("#")))
            if field == "account" and value and "account" not in found:
                found["account"] = value
            elif field == "currency" and value and _CURRENCY.fullmatch(value) and "currency" not in found:
                found["currency"] = value.upper()
            elif "account" not in found and (iban := _iban_in(cell) or account_in_title(cell) or bare_account(cell)):
                # an IBAN in a line of text, the number a title names, a domestic number with its
                # check digits alone in its cell (titles.py)
                found["account"] = iban
    return found


def _iban_in(text: str) -> str | None:
    """A valid IBAN the text is, or holds among other words (`IBAN ES91 2100 ...`, `Compte n° FR76 ...`)."""
    if normalize_iban(text):
        return text
    for m in _IBAN_IN_TEXT.finditer(text.upper()):
        candidate = m.group().rstrip()
        while candidate and not normalize_iban(candidate) and " " in candidate:
            candidate = candidate.rsplit(" ", 1)[0]  # a word after the IBAN taken for its last group
        if normalize_iban(candidate):
            return candidate
    return None


def _lone_text(row: tuple) -> str | None:
    texts = [str(v).strip() for v in row if v is not None and str(v).strip()]
    return texts[0] if len(texts) == 1 else None


def header_currency(texts) -> str | None:
    """The one currency the amount headers name after their words (`Débit euros`, `Kwota (PLN)`)."""
    found = set()
    for text in texts:
        m = _CURRENCY_TAIL.search(text) if isinstance(text, str) and " " in text.strip() else None
        if m:
            word = m["ccy"].lower()
            found.add(_CURRENCY_WORDS.get(word, word.upper()))
    return found.pop() if len(found) == 1 else None


def _cells_currency(rows: list[tuple], header: tuple, texts: list[str]) -> str | None:
    """The one currency every amount cell writes beside its number (`1 210,00 Kč`, `-45,90 €`), or None
    when a cell writes none or another."""
    from backoffice_auto.documents.currencywords import currency_named

    columns = [j for j, cell in enumerate(header) if isinstance(cell, str) and cell.strip() in texts]
    found = set()
    for row in rows:
        for j in columns:
            value = row[j] if j < len(row) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            named = currency_named(value) if isinstance(value, str) and any(c.isdigit() for c in value) else None
            if named is None:
                return None
            found.add(named)
    return found.pop() if len(found) == 1 else None


def _agree(rows: list[tuple], header: tuple, texts) -> bool:
    """Whether the columns headed by `texts` hold the same value on every line (or are empty)."""
    wanted = {t for t in ((texts,) if isinstance(texts, str) else texts)}
    columns = [j for j, cell in enumerate(header) if isinstance(cell, str) and cell.strip() in wanted]
    for row in rows:
        values = {str(row[j]).strip().upper() for j in columns if j < len(row) and row[j] is not None
                  and str(row[j]).strip()}
        if len(values) > 1:
            return False
    return True


def _one_value(rows: list[tuple], header: tuple, text: str) -> bool:
    """Whether the column headed `text` holds one account on every line that has one (an export's
    own account column), not a different one per line (the other side's)."""
    column = next(j for j, cell in enumerate(header) if isinstance(cell, str) and cell.strip() == text)
    values = {"".join(str(row[column]).split()).upper() for row in rows
              if column < len(row) and row[column] is not None and str(row[column]).strip()}
    return len(values) == 1


def _next_text(cells: list[Any], j: int) -> str | None:
    for value in cells[j + 1:j + 3]:
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def guessed_mapping(rows: list[tuple], name: str):
    """(header row, a `BankMapping` naming the recognised columns, the note saying so), or None
    when no row near the top names a date and an amount; `Refusal` when the export names them
    but not which account or currency it is, or names a column twice."""
    from backoffice_auto.payments.readers.mapping import BankMapping, MappingColumns

    found = guess_columns(rows, name)
    if found is None:
        return None
    header, columns = found
    if "account" in columns and not _one_value(rows[header + 1:], rows[header], columns["account"]):
        account = columns.pop("account")  # differs from line to line: the other side's account
        columns.setdefault("counterparty_iban", account)
    if isinstance(columns.get("currency"), tuple):
        texts = columns.pop("currency")
        if _agree(rows[header + 1:], rows[header], texts):
            columns["currency"] = texts[0]
    stated = above_header(rows, header)
    if "currency" not in stated:
        amounts = [columns.get(f) for f in ("amount", "debit", "credit", "balance") if columns.get(f)]
        named = header_currency(amounts) or _cells_currency(rows[header + 1:], rows[header], amounts)
        if named:
            stated["currency"] = named
    if "account" not in columns and "account" not in stated:
        raise Refusal([Problem(MSG_NO_ACCOUNT, Source(name))])
    if "currency" not in columns and "currency" not in stated:
        raise Refusal([Problem(MSG_NO_CURRENCY, Source(name))])
    mapping = BankMapping(name="recognised", skip_lines=header, account=stated.get("account"),
                          currency=stated.get("currency"), columns=MappingColumns(**columns))
    main = ("booking_date", "amount", "debit", "credit")
    params = {"date": columns["booking_date"], "amount": columns.get("amount"), "debit": columns.get("debit"),
              "credit": columns.get("credit"),
              "others": ", ".join(f"'{text}'" for field, texts in columns.items() if field not in main
                                  for text in ((texts,) if isinstance(texts, str) else texts)) or "-"}
    note = Problem(MSG_GUESSED if "amount" in columns else MSG_GUESSED_SIDES, Source(name), params, "warning")
    return header, mapping, note
