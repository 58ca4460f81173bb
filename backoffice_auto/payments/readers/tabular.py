"""CSV and XLSX statement exports, read by the per-bank mappings in `rules/bank/*.yaml`.

The workbook reader of `documents/` does the hostile-input work (size, zip bombs, damaged
files, delimiter sniffing); this module picks the mapping, finds the header row, and reads
each row into a `StatementLine` with the value parsers of `documents/values.py` in the
mapping's locale (without one, amounts in the decimal mark the export's own cells show). A balance column (the running balance after each line) is checked line
by line, in file order or newest-first; without one the export states no balances and the
statement is booked with a note saying it could not be checked. A row with neither a date nor
an amount (a month's heading, a note, the closing balance printed under the data) is no
transaction and is passed over, and so is the header row printed again (at a page break); a row
with one of them but not the other is refused at its cell.
An opening or closing balance printed around the rows ("Saldo inicial", "Konečný zůstatek",
`printed.py`) becomes the statement's opening or closing, so that the balance check holds the
rows to it (a closing printed without an opening, in an export with no balance column, leaves
nothing to check against: such a statement is booked with the unchecked-balance note). The
header row is looked for in the first `HEADER_SEARCH_ROWS` rows; a refusal says so and names
`skip_lines` for a header further down.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Mapping

from backoffice_auto.documents.aliases import normalise_header
from backoffice_auto.documents.currencywords import currencies_written
from backoffice_auto.documents.values import locale_forms, parse_date, parse_decimal
from backoffice_auto.documents.workbook import Sheet, read_workbook, text_formula
from backoffice_auto.errors import Problem, Refusal, Source, column_letter
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.labelled import split_labelled
from backoffice_auto.payments.readers.model import Statement, StatementLine
from backoffice_auto.payments.readers.printed import printed_balance
from backoffice_auto.payments.readers.stacked import stack_header
from backoffice_auto.payments.readers.sides import (
    MSG_BAD_SIDE,
    MSG_SIDE_CONFLICT,
    MSG_SIDE_READ,
    SideConflict,
    own_sides,
    side_column,
    signed,
)
from backoffice_auto.payments.readers.dates import (
    MSG_AMBIGUOUS_DATE,
    SLASH_DATE,
    date_order,
    decimal_mark,
    two_readings,
)
from backoffice_auto.payments.readers.totals import total_label, total_problems
from backoffice_auto.payments.readers.text import MSG_BAD_AMOUNT, MSG_BAD_DATE, decode_text, squeeze, too_many

MSG_NO_MAPPING = N_("No mapping in rules/bank/*.yaml describes this export; add one naming its columns "
                    "(see docs/rules.md, bank/*.yaml).")
MSG_NO_HEADER = N_("Mapping {mapping}: no row of the file holds the columns {columns}.")
MSG_NO_HEADER_SEARCHED = N_("Mapping {mapping}: none of the first {limit} rows of the file holds the columns "
                            "{columns} (for a header row further down, set skip_lines in rules/bank/{mapping}.yaml "
                            "to the rows above it).")
MSG_NO_ACCOUNT = N_("Mapping {mapping} names no account: add 'account:' to rules/bank/{mapping}.yaml or map "
                    "columns.account.")
MSG_BAD_BALANCE = N_("The running balance {balance} does not follow from the previous balance {previous} and the "
                     "amount {amount} (difference {difference}).")
MSG_NO_CURRENCY = N_("Mapping {mapping} names no currency and the export has no currency column: add 'currency:'.")
MSG_CELL_CURRENCY = N_("The amount '{value}' is written in another currency than the {currency} this line is booked "
                       "in: check the export's currency column (or the mapping's 'currency:').")

HEADER_SEARCH_ROWS = 1000  # a bank's preamble is a few dozen rows; past this, skip_lines says where


def _names(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _wanted(mapping) -> list[str]:
    return _wanted_columns(mapping.columns)


def _wanted_columns(cols) -> list[str]:
    out: list[str] = []
    for name in type(cols).model_fields:
        out += _names(getattr(cols, name))
    return out


def _find_header(rows: list[tuple], wanted: list[str], skip: int) -> tuple[int, dict[str, int]] | None:
    """(0-based row index, {normalised header: 0-based column}) of the row holding every wanted column."""
    keys = {normalise_header(w) for w in wanted}
    candidates = [skip] if skip else range(min(len(rows), HEADER_SEARCH_ROWS))
    for i in candidates:
        if i >= len(rows):
            break
        index = {normalise_header(v): c for c, v in enumerate(rows[i]) if v is not None}
        if keys <= index.keys():
            return i, index
    return None


def _file_matches(mapping, name: str) -> bool:
    pattern = mapping.match.file_name
    return pattern is None or fnmatch.fnmatch(name.lower(), pattern.lower())


def read_table_export(data: bytes, name: str, mappings: Mapping[str, Any], *, locale: str = "en_GB",
                      limits=None) -> list[Statement]:
    ordered = [(stem, m) for stem, m in sorted(mappings.items()) if _file_matches(m, name)]
    if not ordered:
        return _read_recognised(data, name, locale, limits, [])
    tried: list[Problem] = []
    books: dict[str | None, Any] = {}
    for stem, mapping in ordered:
        if mapping.encoding not in books:
            books[mapping.encoding] = _read_book(data, name, mapping.encoding, limits)
        book = books[mapping.encoding]
        wanted = _wanted(mapping) + list(mapping.match.headers)
        statements = []
        for sheet in _sheets(book, mapping.sheet):
            found = _find_header(sheet.rows, wanted, mapping.skip_lines)
            if found is not None:
                statements.append(_read_rows(sheet, found, stem, mapping, name, mapping.locale or locale, limits))
        if statements:
            return _every_sheet(statements, name)
        tried.append(Problem(MSG_NO_HEADER if mapping.skip_lines else MSG_NO_HEADER_SEARCHED, Source(name),
                             {"mapping": stem, "columns": ", ".join(wanted), "limit": HEADER_SEARCH_ROWS}))
    return _read_recognised(data, name, locale, limits, tried)


def _read_recognised(data: bytes, name: str, locale: str, limits, tried: list[Problem]) -> list[Statement]:
    """No mapping reads the export: its columns recognised by their names (`guessed.py`), each
    statement carrying the note that says which; else refused, with what each mapping lacked."""
    from backoffice_auto.payments.readers.guessed import guessed_mapping

    book = _read_book(data, name, None, limits)
    read = []
    for sheet in _sheets(book, None):
        found = guessed_mapping(sheet.rows, name)
        if found is not None:
            header, mapping, note = found
            statements = _read_rows(sheet, (header, {normalise_header(v): c for c, v in enumerate(sheet.rows[header])
                                                     if v is not None}),
                                    "recognised", mapping, name, locale, limits)
            read.append([replace(st, notes=(*st.notes, note)) for st in statements])
    if read:
        return _every_sheet(read, name)
    raise Refusal([Problem(MSG_NO_MAPPING, Source(name)), *tried])


def _sheets(book, named: str | None) -> list[Sheet]:
    """The sheets to look for transactions in: the one a mapping names, else every visible one (every one
    when all are hidden)."""
    if named:
        return [sheet for sheet in book.sheets if sheet.name == named]
    return [sheet for sheet in book.sheets if not sheet.hidden] or list(book.sheets)


def _every_sheet(per_sheet: list[list[Statement]], name: str) -> list[Statement]:
    """The statements of every sheet holding transactions (a workbook of a sheet a month or an account: all
    were read, not the first alone), each named by its sheet when there are several."""
    if len(per_sheet) == 1:
        return per_sheet[0]
    stem = PurePath(name).stem
    return [replace(st, statement_id=f"{stem} ({st.source.sheet})") for sheet in per_sheet for st in sheet]


def _read_book(data: bytes, name: str, encoding: str | None, limits):
    """The export's sheets, a header written on two rows joined into one (`stacked.py`)."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        book = read_workbook(data, name, limits)
    else:
        book = read_workbook(decode_text(data, encoding).encode("utf-8-sig"), name, limits)
    return replace(book, sheets=[stack_header(sheet) for sheet in book.sheets])


class _Cells:
    def __init__(self, sheet: Sheet, header: dict[str, int], row: tuple, number: int, titles: tuple = ()):
        self.sheet, self.header, self.row, self.number, self.titles = sheet, header, row, number, titles

    def column(self, name: str) -> int:
        return self.header[normalise_header(name)]

    def raw(self, name: str | None) -> Any:
        if not name:
            return None
        col = self.column(name)
        return self.row[col] if col < len(self.row) else None

    def text(self, names) -> str:
        parts = [_shown(v) for v in (self.raw(n) for n in _names(names)) if v is not None and _shown(v)]
        return squeeze(" ".join(parts))

    def description(self, names) -> str:
        """The text of the description columns, each with the cells to its right that no header names
        (PKO BP heads its description's parts, one per cell, by one title), one cell a line."""
        parts = []
        for name in _names(names):
            column = self.column(name)
            for at in range(column, len(self.row)):
                if at > column and at < len(self.titles) and not _blank(self.titles[at]):
                    break
                value = self.row[at]
                if value is not None and _shown(value):
                    parts.append(_shown(value))
        return "\n".join(parts)

    def source(self, name: str) -> Source:
        return self.sheet.source(self.number, column_letter(self.column(name) + 1))


def _read_rows(sheet: Sheet, found, stem: str, mapping, name: str, locale: str, limits) -> list[Statement]:
    """Every row of a bank's export into statement lines grouped by account, each cell read by
    the bank's mapping. Long because a row's cells are read in one pass (amount, sign, dates,
    counterparty, references) with each cell's problem kept beside it."""
    header_row, header = found
    cols = mapping.columns
    problems: list[Problem] = []
    by_account: dict[str, list[tuple[StatementLine, Decimal | None]]] = {}
    max_rows = limits.max_rows if limits is not None else 1_000_000
    count = 0

    amounts_at = [header[normalise_header(c)] for c in (cols.amount, cols.debit, cols.credit, cols.balance) if c]
    numbers = locale if mapping.locale else _number_locale(sheet.rows[header_row + 1:], amounts_at, locale)
    titles = sheet.rows[header_row]
    date_columns = [header[normalise_header(c)] for c in (cols.booking_date, cols.value_date) if c]
    # one order for every date column of the export, told by any of them or by a date above the header
    titled = "" if cols.account or mapping.account else _preamble_account(sheet.rows, header_row)
    own = mapping.account or titled or _first_filled(sheet.rows[header_row + 1:], header, cols.account)
    order = None if mapping.date_format else date_order(sheet.rows[header_row + 1:], date_columns,
                                                         sheet.rows[:header_row], titles, amounts_at, own)
    told = bool(mapping.date_format or mapping.locale or order)  # else a slash date reading both ways is refused
    ambiguous: list[Problem] = []

    def day(cells: _Cells, column: str | None) -> date | None:
        value = cells.raw(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if mapping.date_format and isinstance(value, str):
                return datetime.strptime(value.strip(), mapping.date_format).date()
            if isinstance(value, str) and SLASH_DATE.match(value):
                if order:
                    return parse_date(value, order)
                if not told and not ambiguous and (readings := two_readings(value)):
                    ambiguous.append(Problem(MSG_AMBIGUOUS_DATE, cells.source(column), {
                        "value": value.strip(), "one": readings[0], "other": readings[1]}))
            return parse_date(value, locale)
        except ValueError:
            problems.append(Problem(MSG_BAD_DATE, cells.source(column), {"value": str(value)[:40]}))
            return None

    written: list[tuple[Source, frozenset[str], str]] = []  # this row's amounts that name their currency

    def number(cells: _Cells, column: str | None) -> Decimal | None:
        value = cells.raw(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            amount = _marked_amount(value, numbers)
        except (ValueError, ArithmeticError):
            problems.append(Problem(MSG_BAD_AMOUNT, cells.source(column), {"value": str(value)[:40]}))
            return None
        if isinstance(value, str) and (named := currencies_written(value)):
            written.append((cells.source(column), named, value.strip()[:40]))
        return amount

    def read_number(value):
        return _marked_amount(value, numbers)

    printed: dict[str, Decimal] = {}
    for row in sheet.rows[:header_row]:  # an opening balance in the preamble above the header
        found_balance = printed_balance(row, [], read_number)
        if found_balance:
            kind, value = found_balance
            printed.setdefault("opening" if kind == "as_at" else kind, value)
    balance_first = [header[normalise_header(c)] for c in (cols.balance, cols.amount, cols.credit, cols.debit) if c]
    titles = sheet.rows[header_row]
    date_at = header[normalise_header(cols.booking_date)]
    side_at = _side_at(sheet.rows[header_row + 1:], titles, header, cols, date_at)
    words = getattr(mapping, "side_words", None)
    own = own_sides(words.money_out, words.money_in) if words is not None else None
    totals: list = []
    read_amounts: list[Decimal] = []
    sides = [(side, c) for side, c in (("amount", cols.amount), ("debit", cols.debit), ("credit", cols.credit)) if c]
    notes = () if side_at is None or cols.side else (Problem(MSG_SIDE_READ, sheet.source(header_row + 1, column_letter(
        side_at + 1)), {"column": column_letter(side_at + 1), "header": _shown(titles[side_at]) if side_at < len(
            titles) and titles[side_at] is not None else ""}, "warning"),)
    header_keys = [normalise_header(v) for v in titles if not _blank(v)]
    for offset, row in enumerate(sheet.rows[header_row + 1:], header_row + 2):
        if all(_blank(v) for v in row):
            continue
        if len(header_keys) > 1 and [normalise_header(v) for v in row if not _blank(v)] == header_keys:
            continue  # the header again: a page break of the export, or two exports pasted one under the other
        found_balance = printed_balance(row, balance_first, read_number)
        if found_balance and not _holds_date(row, date_at, locale):
            # "Saldo final;2 199,50": a balance printed around the rows (no date: a payment whose text
            # starts "Saldo final ..." is a payment), kept for the check
            kind, value = found_balance
            if kind == "as_at":  # `Solde au ...`: before any transaction the opening, after them the closing
                kind = "closing" if read_amounts else "opening"
            if kind == "closing" or kind not in printed:
                printed[kind] = value
            continue
        label = total_label(row)
        if label and not _holds_date(row, date_at, locale):  # `Total;60,00` under the rows (`totals.py`)
            if label == "total":
                at = [(side, header[normalise_header(c)]) for side, c in sides]
                cells_at = [(side, row[c] if c < len(row) else None, c) for side, c in at]
                first = next((c for _s, v, c in cells_at if not _blank(v)), at[0][1])
                totals.append((sheet.source(offset, column_letter(first + 1)), [(s_, v) for s_, v, _c in cells_at],
                               len(read_amounts)))
            continue
        cells = _Cells(sheet, header, row, offset, titles)
        before = len(problems)
        written.clear()
        booking = day(cells, cols.booking_date)
        if booking is None and all(_blank(cells.raw(c)) for c in (cols.amount, cols.debit, cols.credit) if c):
            del problems[before:]  # no date and no amount: a title, a month's heading, a note or the
            continue  # closing balance printed around the data, no transaction
        count += 1
        if count > max_rows:
            raise too_many(name, max_rows)
        value_day = day(cells, cols.value_date) if cols.value_date else None
        if cols.amount:
            amount = number(cells, cols.amount)
            if side_at is not None and amount is not None:
                amount = _with_side(amount, row, side_at, sheet.source(offset, column_letter(side_at + 1)), problems,
                                    own)
        else:
            debit = number(cells, cols.debit) if cols.debit else None
            credit = number(cells, cols.credit) if cols.credit else None
            if debit is None and credit is None:
                amount = None
            else:
                out = abs(debit) if debit is not None else Decimal(0)
                amount = (credit or Decimal(0)) - out
        if booking is None and len(problems) == before:
            problems.append(Problem(MSG_BAD_DATE, cells.source(cols.booking_date), {"value": ""}))
        if amount is None and len(problems) == before:
            where = cells.source(cols.amount or cols.credit or cols.debit)
            problems.append(Problem(MSG_BAD_AMOUNT, where, {"value": ""}))
        balance = number(cells, cols.balance) if cols.balance else None
        if len(problems) > before:
            continue
        currency = (cells.text(cols.currency) if cols.currency else "") or (mapping.currency or "")
        clashes = [Problem(MSG_CELL_CURRENCY, where, {"value": text, "currency": currency.upper()})
                   for where, named, text in written if currency and currency.upper() not in named]
        if clashes:  # `1 420,08 EUR` on a line the export books in CZK: which is it?
            problems += clashes
            continue
        account = (cells.text(cols.account) if cols.account else "") or (mapping.account or "") or titled
        line = StatementLine(
            cells.source(cols.amount or cols.credit or cols.debit), amount, currency.upper(), booking,
            value_day or booking, bank_reference=cells.text(cols.bank_reference),
            end_to_end_id=cells.text(cols.end_to_end_id), **_described(cells, cols))
        by_account.setdefault(account, []).append((line, balance))
        read_amounts.append(amount)
    if not any(by_account) and by_account:
        problems.append(Problem(MSG_NO_ACCOUNT, Source(name), {"mapping": stem}))
    if not problems and totals:
        problems += total_problems(totals, read_amounts, read_number)
    problems += ambiguous
    if problems:
        raise Refusal(problems)
    statements = []
    fmt = "xlsx" if not name.lower().endswith((".csv", ".txt", ".tsv")) else "csv"
    for account, entries in by_account.items():
        lines = [line for line, _ in entries]
        currency = next((line.currency for line in lines if line.currency), "")
        if not currency:
            raise Refusal([Problem(MSG_NO_CURRENCY, Source(name), {"mapping": stem})])
        lines = [line if line.currency else _with_currency(line, currency) for line in lines]
        opening = closing = None
        if cols.balance:
            opening, closing, errors = _running_balance(entries)
            if errors:
                raise Refusal(errors)
        if len(by_account) == 1:  # balances printed for the file are its one account's
            opening = printed.get("opening", opening)
            closing = printed.get("closing", closing)
        statements.append(Statement(Source(name, sheet=sheet.name), fmt, account, currency, PurePath(name).stem,
                                    opening, closing, lines[0].booking_date if lines else None,
                                    lines[-1].booking_date if lines else None, tuple(lines), notes=notes))
    return statements


def _side_at(rows: list[tuple], titles: tuple, header: dict[str, int], cols, date_at: int) -> int | None:
    """The column of the debit/credit mark beside one unsigned amount column: the mapping's `side`, or one
    whose cells are such marks on every row (`sides.py`); None for debit and credit columns."""
    if not cols.amount:
        return None
    if cols.side:
        return header[normalise_header(cols.side)]
    taken = {header[normalise_header(name)] for name in _wanted_columns(cols) if normalise_header(name) in header}
    return side_column(rows, titles, taken, date_at, header[normalise_header(cols.amount)])


def _with_side(amount: Decimal, row: tuple, at: int, where: Source, problems: list[Problem],
               own: Mapping[str, int] | None = None) -> Decimal | None:
    mark = row[at] if at < len(row) else None
    try:
        got = signed(amount, mark, own)
    except SideConflict:
        problems.append(Problem(MSG_SIDE_CONFLICT, where, {"amount": amount, "mark": str(mark).strip()[:20]}))
        return None
    if got is None:
        if amount == 0 and _blank(mark):
            return amount
        problems.append(Problem(MSG_BAD_SIDE, where, {"value": "" if mark is None else str(mark).strip()[:40]}))
    return got


def _first_filled(rows: list[tuple], header: dict[str, int], column: str | None) -> str:
    at = header[normalise_header(column)] if column else None
    return next((str(row[at]) for row in rows if at is not None and at < len(row) and not _blank(row[at])), "")


def _preamble_account(rows: list[tuple], header_row: int) -> str:
    """The account the lines above the header state (`IBAN: ...`, a title sentence naming it), for a
    mapping that names neither an account column nor `account:`."""
    from backoffice_auto.payments.readers.guessed import above_header

    return above_header(rows, header_row).get("account", "")


def _described(cells: _Cells, cols) -> dict[str, str]:
    """The other side and the payment's text; where the description holds them as labelled parts
    (PKO BP's `Rachunek nadawcy: ... Nazwa nadawcy: ... Tytuł: ...`, `labelled.py`), the parts fill
    what the export's own columns leave empty, and the text keeps the payment's words alone."""
    text = cells.description(cols.remittance)
    out = {"counterparty_name": cells.text(cols.counterparty_name), "counterparty_iban": _other_account(cells, cols),
           "reference": _unquoted(cells.text(cols.reference)), "remittance": squeeze(text)}
    parts = split_labelled(text)
    if parts is not None:
        out["remittance"] = parts["remittance"]
        for field, part in (("counterparty_name", "name"), ("counterparty_iban", "account"), ("reference", "reference")):
            out[field] = out[field] or parts[part]
    return out


def _other_account(cells: _Cells, cols) -> str:
    """The other side's account, with its bank code from a column of its own (`123456789` and `0800`
    are `123456789/0800`, as a Czech account is written); an IBAN or an account already with its
    code stays as it is."""
    account = _unquoted(cells.text(cols.counterparty_iban)).replace(" ", "")
    bank = _unquoted(cells.text(cols.counterparty_bank)).replace(" ", "") if cols.counterparty_bank else ""
    if account and bank.isdigit() and "/" not in account and not account[:2].isalpha():
        return f"{account}/{bank}"
    return account


def _shown(value: Any) -> str:
    """A cell's text as a spreadsheet shows it: `="000123"`, the formula French and Spanish banks write
    into a CSV so that Excel keeps an account's or a reference's leading zeros, is `000123`."""
    text = str(value).strip()
    return (text_formula(text) or "") if text[:2] == '="' else text  # (a CSV's are read so already; an XLSX text cell's not)


def _unquoted(text: str) -> str:
    """An account or reference as the bank wrote it into a spreadsheet cell, without the quote that makes
    a spreadsheet keep it text (`'12 1140 2004 ...'`, mBank and ING; `'0020260001`)."""
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] == "'" else text.lstrip("'") if text[:1] == "'" else text


def _holds_date(row: tuple, column: int, locale: str) -> bool:
    value = row[column] if column < len(row) else None
    if isinstance(value, (date, datetime)):
        return True
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        parse_date(value, locale)
    except ValueError:
        return False
    return True


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_MARK = re.compile(r"(?:(?P<before>DR|CR|DB|D|C|S|H)\.?\s+)?(?P<amount>.*?[0-9.,)])\s*(?P<after>DR|CR|DB|D|C|S|H)?\.?",
                   re.IGNORECASE)
_DEBIT_MARKS = frozenset({"DR", "DB", "D", "S"})  # debit, Soll; CR, C, H (Haben) are credits


def _marked_amount(value: Any, locale: str) -> Decimal:
    """An amount cell, with the debit or credit mark banks put beside an unsigned amount read as its
    sign (`12.50 DR`, `Cr 7.00`, German `1.234,56 S` for Soll and `H` for Haben): such a mark is no
    currency, and taken for one it would book money out as money in."""
    if isinstance(value, str):
        m = _MARK.fullmatch(value.strip())
        mark = m and (m["before"] or m["after"])
        if mark and not (m["before"] and m["after"]):
            amount = abs(parse_decimal(m["amount"], locale))
            return -amount if mark.upper() in _DEBIT_MARKS else amount
    return parse_decimal(value, locale)






def _number_locale(rows: list[tuple], columns: list[int], locale: str) -> str:
    """The locale the export's amounts are read in: its own decimal mark where the amount columns
    show it and never contradict it (`1.234,56` in one row means `-1.000` in another is a thousand,
    not one, whatever the workspace's locale says), else `locale` (cells that never tell, or disagree,
    are each read in it). Like `_date_order` for dates; a mapping's own `locale` is taken as stated."""
    mark = decimal_mark(rows, columns)
    if mark is None:
        return locale
    if locale_forms(locale).decimal == mark:
        return locale
    return "en_GB" if mark == "." else "de_DE"


def _with_currency(line: StatementLine, currency: str) -> StatementLine:
    return replace(line, currency=currency)


def _running_balance(entries: list[tuple[StatementLine, Decimal | None]]):
    """(opening, closing, problems): each balance must be the previous one plus the line's amount, in
    file order or, for newest-first exports, in reverse. The first failure in the better order is reported."""
    best = None
    for order in (entries, entries[::-1]):
        known = [(line, bal) for line, bal in order if bal is not None]
        if not known:
            return None, None, []
        errors: list[Problem] = []
        previous = None
        for line, bal in order:
            if bal is None:
                continue
            if previous is not None and previous + line.amount != bal:
                errors.append(Problem(MSG_BAD_BALANCE, line.source, {
                    "balance": bal, "previous": previous, "amount": line.amount,
                    "difference": bal - previous - line.amount}))
            previous = bal
        first_line, first_bal = known[0]
        opening = first_bal - first_line.amount
        if not errors:
            return opening, known[-1][1], []
        if best is None or len(errors) < len(best):
            best = errors
    return None, None, best[:1]
