"""Spanish Norma 43 statements (AEB / CSB "Cuaderno 43", `.n43`, `.aeb`, `.txt`), 80-character records.

Why a reader of its own: it is what every Spanish bank's online banking exports for
accounting software, and for many small companies the only machine-readable statement.
Records, by their first two digits:

* `11` opens an account's statement: entidad, oficina, cuenta (the CCC without its two
  control digits), first and last date, initial balance with its side (1 debe, 2 haber),
  currency (ISO numeric), the account holder's short name;
* `22` is a movement: origin office, operation and value dates, concepto común and
  propio, side, amount (2 implied decimals), document number, references 1 and 2;
* `23` (up to five after a movement) carry its concept text, two 38-character halves;
* `24` gives the movement's amount in its original currency (kept out: the booked amount is the
  account's);
* `33` closes the statement: number and total of debits and of credits, final balance
  with its side, currency — checked against the movements, a difference refuses the file;
* `88` ends the file with the number of records before it.

The IBAN is built from entidad, oficina and cuenta with the control digits computed
(`domestic.spanish_iban`). Norma 43 has no transaction id: a movement seen again in a later
file is told by its content (`payments.statements`). Text is Latin-1 / cp1252.
"""

from __future__ import annotations

from decimal import Decimal

from backoffice_auto.errors import Label, Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers import fixedwidth as fw
from backoffice_auto.payments.readers.checks import SIDE_CREDITS, SIDE_DEBITS
from backoffice_auto.payments.readers.domestic import spanish_iban
from backoffice_auto.payments.readers.model import Statement, StatementLine
from backoffice_auto.payments.readers.text import MSG_NO_LINES, check_size, squeeze, too_many

MSG_RECORDS = N_("The end-of-file record states {count} records, but the file holds {lines}: records are missing "
                 "or were added.")

FORMAT = "Norma 43"
WIDTH = 80
_MIN = {"11": 50, "22": 42, "23": 4, "24": 21, "33": 76, "88": 20}
_SIDES = {"1": -1, "2": 1}  # debe (money out, or an overdrawn balance), haber


def looks_like_norma43(head: bytes) -> bool:
    """A first record `11` + 18 digits of entidad, oficina and cuenta, at most 80 characters,
    followed by a movement or a closing record."""
    first, second = fw.first_records(head, WIDTH, 2)
    return (first[:2] == b"11" and first[2:20].isdigit() and 50 <= len(first) <= 82
            and second[:2] in (b"11", b"22", b"23", b"24", b"33", b"88"))


class _Open:
    __slots__ = ("line", "bank", "branch", "account", "start", "end", "opening", "currency", "lines",
                 "closed", "closing", "debits", "credits", "n_debits", "n_credits")

    def __init__(self, line: int):
        self.line = line
        self.lines: list[dict] = []
        self.closed = False


def read_norma43(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000) -> list[Statement]:
    """Every account statement of a Norma 43 file; `Refusal` naming file and line for anything else."""
    check_size(data, name, max_mb)
    text = fw.decode(data)
    problems = fw.Problems(name, FORMAT)
    opened: list[_Open] = []
    current: _Open | None = None
    count = records = 0
    lost = False  # the last header record was refused
    end_line = None
    last = 0
    skipping = False  # the movement before was refused: its 23 and 24 records are passed over
    for number, record in fw.records(text, WIDTH):
        last = number
        kind = record[:2]
        if kind in _MIN and kind != "88" and end_line is None:
            records += 1  # what record 88 counts: every record before it, read or refused
        if skipping and kind in ("23", "24"):
            continue
        skipping = kind == "22"
        record = fw.sized(record, kind, number, _MIN, WIDTH, "11, 22, 23, 24, 33, 88", problems)
        if record is None:
            continue
        if end_line is not None:
            problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_AFTER_END))
            continue
        try:
            if kind == "88":
                end_line = number
                stated = record[74:80].strip()
                if stated and (not stated.isdigit() or int(stated) not in (records, records + 1)):
                    problems.add(MSG_RECORDS, number, count=int(stated) if stated.isdigit() else stated,
                                 lines=records)
                continue
            if kind == "11":
                if current is not None and not current.closed:
                    problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_UNCLOSED))
                lost = False
                current = _header(record, number)
                opened.append(current)
            elif current is None:
                if not lost:
                    problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_BEFORE_HEADER))
            elif current.closed:
                problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_OUTSIDE))
            elif kind == "22":
                count += 1
                if count > max_lines:
                    raise too_many(name, max_lines)
                current.lines.append(_movement(record, number))
                skipping = False
            elif kind == "33":
                _close(current, record, number, problems)
            elif not current.lines:
                problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_NO_ENTRY))
            elif kind == "23":
                current.lines[-1]["texts"] += (record[4:42], record[42:80])
        except fw.BadField as bad:
            problems.field(number, kind, bad.label, bad.value, bad.start, bad.end)
            if kind == "11":  # its records are not refused once more each for want of a statement
                current, lost = None, True
    for st in opened:
        if not st.closed:
            problems.add(fw.MSG_CUT_SHORT, st.line, row=st.line, record="33")
    if opened and end_line is None and not problems.items:
        problems.add(fw.MSG_CUT_SHORT, last, row=opened[0].line, record="88")
    problems.raise_any()
    if not opened:
        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    statements = [_statement(st, name) for st in opened]
    counts = [p for st, s in zip(opened, statements) for p in _counts(st, s)]
    if counts:
        raise Refusal(counts)
    return statements


def _side(record: str, at: int, label: str) -> int:
    side = _SIDES.get(record[at - 1])
    if side is None:
        raise fw.BadField(label, record[at - 1], at, at)
    return side


def _header(record: str, line: int) -> _Open:
    st = _Open(line)
    fw.digits(record, 3, 20, fw.F_ACCOUNT)
    st.bank, st.branch, st.account = record[2:6], record[6:10], record[10:20]
    st.start = fw.day(record, 21, 26, fw.F_DATE, "ymd")
    st.end = fw.day(record, 27, 32, fw.F_DATE, "ymd")
    side = _side(record, 33, fw.F_SIDE)
    st.opening = side * fw.minor(record, 34, 47, fw.F_BALANCE)
    st.currency = fw.currency(record, 48, 50)
    return st


def _movement(record: str, line: int) -> dict:
    booked = fw.day(record, 11, 16, fw.F_DATE, "ymd")
    value = fw.day(record, 17, 22, fw.F_VALUE_DATE, "ymd")
    side = _side(record, 28, fw.F_SIDE)
    amount = fw.minor(record, 29, 42, fw.F_AMOUNT)
    return {"line": line, "record": record, "booked": booked, "value": value,
            "amount": amount if side > 0 else -amount, "debit": side < 0, "texts": ()}


def _close(st: _Open, record: str, line: int, problems: fw.Problems) -> None:
    st.closed = True
    if record[2:20] != st.bank + st.branch + st.account:
        problems.add(fw.MSG_OTHER_ACCOUNT, line, other=record[2:20].strip() or "?",
                     account=f"{st.bank} {st.branch} {st.account}")
        return
    st.n_debits = fw.digits(record, 21, 25, fw.F_COUNT)
    st.debits = fw.minor(record, 26, 39, fw.F_AMOUNT)
    st.n_credits = fw.digits(record, 40, 44, fw.F_COUNT)
    st.credits = fw.minor(record, 45, 58, fw.F_AMOUNT)
    st.closing = _side(record, 59, fw.F_SIDE) * fw.minor(record, 60, 73, fw.F_BALANCE)
    if fw.currency(record, 74, 76) != st.currency:
        raise fw.BadField(fw.F_CURRENCY, record[73:76], 74, 76)


def _statement(st: _Open, name: str) -> Statement:
    lines = tuple(_line(item, st.currency, name) for item in st.lines)
    return Statement(Source(name, row=st.line), "norma43", st.account, st.currency, f"{st.start}/{st.end}",
                     st.opening, st.closing, st.start, st.end, lines, stated_debits=st.debits,
                     stated_credits=st.credits, bank_id=st.bank, branch_id=st.branch,
                     iban=spanish_iban(st.bank, st.branch, st.account))


def _line(item: dict, currency: str, name: str) -> StatementLine:
    record: str = item["record"]
    refs = [r for r in (_ref(record[64:80]), _ref(record[52:64])) if r]
    return StatementLine(
        Source(name, row=item["line"]), item["amount"], currency, item["booked"], item["value"],
        reference=" ".join(dict.fromkeys(refs)), remittance=squeeze(" ".join(item["texts"])),
        code=f"{record[22:24]}/{record[24:27]}")


def _ref(piece: str) -> str:
    """A reference field as given; '' for blanks or zeros only (no reference)."""
    piece = piece.strip()
    return "" if not piece.strip("0") else piece


def _counts(st: _Open, statement: Statement) -> list[Problem]:
    """Record 33's numbers of debits and credits against the movements (its totals are checked
    with the balance, as the statement's stated debits and credits)."""
    out = []
    debits = sum(1 for item in st.lines if item["debit"])
    for stated, counted, side in ((st.n_debits, debits, SIDE_DEBITS),
                                  (st.n_credits, len(st.lines) - debits, SIDE_CREDITS)):
        if stated != counted:
            out.append(Problem(fw.MSG_COUNT, statement.source, {
                "statement": statement.statement_id, "account": f"{st.bank} {st.branch} {st.account}",
                "count": stated, "side": Label(side), "lines": counted}))
    return out
