"""Czech ABO / GPC statements (`.gpc`): the fixed-width export of KB, ČSOB, Fio, Raiffeisen and others.

Why a reader of its own: Czech banks offer it where camt is missing or costs extra, and
its fields are the ones Czech matching needs (variable, constant and specific symbols)
in fixed places. Records are 128 characters:

* `074` opens a statement: own account (prefix + number, 16 digits, no bank code), name,
  old balance date and amount with its sign, new balance and sign, debit and credit
  turnovers with their signs, statement number, date;
* `075` is an entry: account, counter-account (16 digits), document number, amount in
  haléře, accounting code (1 debit, 2 credit, 4 reversed debit, 5 reversed credit),
  variable symbol, `00` + the counter-account's bank code + constant symbol, specific
  symbol, value date, counterparty name, currency (ISO numeric, `00203` CZK), due date;
* `076`, `078`, `079` carry text for the entry before them (the payer's message).

The document number with the value date is the bank reference that tells an entry seen again
(some banks number documents per statement, so the number alone could repeat). The symbols
become the Czech `/VS/../SS/../KS/..` reference the invoices and the matching
use (`parties.payref`). The turnovers are checked against the entries: a reversal reduces
the turnover of its side, as most banks count it, or counts on the side its sign takes; a
file agreeing with neither is refused with the difference. Text is cp1250, sometimes cp852
(DOS) or UTF-8, told by the letters.
"""

from __future__ import annotations

from decimal import Decimal

from backoffice_auto.errors import Label, Problem, Refusal, Source
from backoffice_auto.parties.payref import czech_symbols
from backoffice_auto.payments.readers import fixedwidth as fw
from backoffice_auto.payments.readers.checks import MSG_TOTAL_MISMATCH, SIDE_CREDITS, SIDE_DEBITS
from backoffice_auto.payments.readers.domestic import czech_account_ok, czech_iban, czech_printed
from backoffice_auto.payments.readers.model import Statement, StatementLine
from backoffice_auto.payments.readers.text import MSG_NO_LINES, check_size, squeeze, too_many

FORMAT = "ABO"
WIDTH = 128
_MIN = {"074": 114, "075": 97, "076": 4, "078": 4, "079": 4}  # the last required field's end
_TEXTS = ("076", "078", "079")
_SIGNS = {"+": 1, "0": 1, "-": -1}
_SIDES = {"1": -1, "2": 1, "4": 1, "5": -1}  # accounting code: debit, credit, reversed debit, reversed credit


def looks_like_abo(head: bytes) -> bool:
    """A first record `074` (or an entry `075`, for the reader to refuse in place) + 16 digits of
    account, about 128 characters long."""
    first, _ = fw.first_records(head, WIDTH, 3)
    return first[:3] in (b"074", b"075") and first[3:19].isdigit() and 97 <= len(first.rstrip()) <= 140


class _Open:
    __slots__ = ("line", "account", "printed", "name", "opening", "opening_date", "closing", "closing_date",
                 "debits", "credits", "number", "lines", "texts", "sums")

    def __init__(self, line: int):
        self.line = line
        self.lines: list[dict] = []
        self.sums = dict.fromkeys(_SIDES, Decimal(0))


def read_abo(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000) -> list[Statement]:
    """Every statement of an ABO file; `Refusal` naming file and line for anything else."""
    check_size(data, name, max_mb)
    text = fw.decode(data, ("cp1250", "cp852"))
    problems = fw.Problems(name, FORMAT)
    opened: list[_Open] = []
    current: _Open | None = None
    count = 0
    lost = False  # the last header record was refused
    skipping = False  # the entry before was refused: its text records are passed over, not refused again
    for number, record in fw.records(text, WIDTH):
        kind = record[:3]
        if skipping and kind in _TEXTS:
            continue
        skipping = kind == "075"
        record = fw.sized(record, kind, number, _MIN, WIDTH, "074, 075, 076, 078, 079", problems)
        if record is None:
            continue
        try:
            if kind == "074":
                lost = False
                current = _header(record, number, problems)
                opened.append(current)
            elif current is None:
                if not lost:
                    problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_BEFORE_HEADER))
            elif kind == "075":
                count += 1
                if count > max_lines:
                    raise too_many(name, max_lines)
                skipping = not _entry(current, record, number, problems)
            elif not current.lines:
                problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_NO_ENTRY))
            else:
                current.lines[-1]["texts"].append(record[3:].strip())
        except fw.BadField as bad:
            problems.field(number, kind, bad.label, bad.value, bad.start, bad.end)
            if kind == "074":  # its records are not refused once more each for want of a statement
                current, lost = None, True
    problems.raise_any()
    if not opened:
        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    statements = [_statement(st, name) for st in opened]
    totals = [p for st, s in zip(opened, statements) for p in _turnovers(st, s)]
    if totals:
        raise Refusal(totals)
    return statements


def _signed(record: str, start: int, end: int, sign_at: int, label: str, problems: fw.Problems, line: int) -> Decimal:
    amount = fw.minor(record, start, end, label)
    sign = _SIGNS.get(record[sign_at - 1])
    if sign is None:
        problems.add(fw.MSG_SIGN, line, record="074", value=record[sign_at - 1], field=Label(label),
                     allowed="'+', '-', '0'")
        return amount
    return -amount if sign < 0 else amount


def _header(record: str, line: int, problems: fw.Problems) -> _Open:
    st = _Open(line)
    account = record[3:19]
    fw.digits(record, 4, 19, fw.F_ACCOUNT)
    st.account = account
    st.printed = czech_printed(account[:6], account[6:])
    if not czech_account_ok(account[:6], account[6:]):
        problems.add(fw.MSG_ACCOUNT_CHECK, line, account=st.printed, check=Label(fw.CHECK_CZ))
    st.name = record[19:39].strip()
    st.opening_date = fw.day(record, 40, 45, fw.F_DATE, "dmy")
    st.opening = _signed(record, 46, 59, 60, fw.F_BALANCE, problems, line)
    st.closing = _signed(record, 61, 74, 75, fw.F_BALANCE, problems, line)
    st.debits = _signed(record, 76, 89, 90, fw.F_TURNOVER, problems, line)
    st.credits = _signed(record, 91, 104, 105, fw.F_TURNOVER, problems, line)
    st.number = fw.digits(record, 106, 108, fw.F_NUMBER)
    st.closing_date = fw.day(record, 109, 114, fw.F_DATE, "dmy")
    return st


def _entry(st: _Open, record: str, line: int, problems: fw.Problems) -> bool:
    """The entry taken into the statement (True), or refused as another account's (False)."""
    if record[3:19] != st.account:
        problems.add(fw.MSG_OTHER_ACCOUNT, line, other=record[3:19].strip() or "?", account=st.printed)
        return False
    amount = fw.minor(record, 49, 60, fw.F_AMOUNT)
    code = record[60]
    side = _SIDES.get(code)
    if side is None:
        raise fw.BadField(fw.F_SIDE, code, 61, 61)
    value = fw.day(record, 92, 97, fw.F_VALUE_DATE, "dmy")
    ccy = record[117:122].strip()
    currency = fw.currency(record, 118, 122) if ccy else "CZK"
    st.sums[code] += amount
    st.lines.append({"line": line, "amount": amount if side > 0 else -amount, "code": code, "value": value,
                     "currency": currency, "record": record, "texts": []})
    return True


def _statement(st: _Open, name: str) -> Statement:
    currency = st.lines[0]["currency"] if st.lines else "CZK"
    lines = tuple(_line(item, name) for item in st.lines)
    return Statement(Source(name, row=st.line), "abo", st.printed, currency, f"{st.number}/{st.closing_date}",
                     st.opening, st.closing, st.opening_date, st.closing_date, lines)


def _line(item: dict, name: str) -> StatementLine:
    record: str = item["record"]
    counter, bank = record[19:35], record[73:77]
    counterparty = ""
    if counter.strip("0 ") and counter.isdigit():
        counterparty = czech_iban(counter[:6], counter[6:], bank) or czech_printed(
            counter[:6], counter[6:], bank if bank.isdigit() and bank.strip("0") else "")
    vs, ks, ss = (_symbol(record[61:71]), _symbol(record[77:81]), _symbol(record[81:91]))
    document = record[35:48].strip().lstrip("0")
    return StatementLine(
        Source(name, row=item["line"]), item["amount"], item["currency"], item["value"], item["value"],
        counterparty_name=squeeze(record[97:117]), counterparty_iban=counterparty,
        reference=czech_symbols(vs, ks, ss) or "", remittance=squeeze(" ".join(item["texts"])),
        bank_reference=f"{item['value']:%Y%m%d}/{document}" if document else "", code=item["code"])


def _symbol(piece: str) -> str:
    """A symbol without its padding zeros; '' for none (blank or all zeros, or not digits)."""
    piece = piece.strip()
    return piece.lstrip("0") if piece.isdigit() and piece.isascii() else ""


def _turnovers(st: _Open, statement: Statement) -> list[Problem]:
    """The header's turnovers against the entries: reversals reduce their own side, or count on the
    side their sign takes (banks do both); neither agreeing is a refusal with the difference."""
    s = st.sums
    out = []
    for stated, side, own, reversed_own, other_reversed in (
            (st.debits, SIDE_DEBITS, s["1"], s["4"], s["5"]), (st.credits, SIDE_CREDITS, s["2"], s["5"], s["4"])):
        counted = own - reversed_own
        if stated in (counted, own + other_reversed):
            continue
        out.append(Problem(MSG_TOTAL_MISMATCH, statement.source, {
            "statement": statement.statement_id, "account": statement.account, "side": Label(side),
            "stated": stated, "counted": counted, "difference": stated - counted, "currency": statement.currency}))
    return out

