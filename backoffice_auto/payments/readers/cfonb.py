"""French CFONB 120 statements ("relevé de compte 120 caractères"), the export of every French bank.

Why a reader of its own: French banks deliver statements over EBICS and in their
online banking in this format long before (and often instead of) camt.053. Records are
120 characters; each repeats the bank code, guichet, currency, number of decimals and
account:

* `01` old balance (date, amount);
* `04` an operation: interbank operation code, booking date, value date, label (31
  characters), entry number, amount, reference;
* `05` completes the operation before it with a qualifier and 70 characters: `LIB`,
  `LCC`, `LC2` label text, `NPY` payer's name, `NBE` payee's name, `RCN` the customer's
  reference (SEPA end-to-end id), `LCS` a structured reference, and others kept out;
* `07` new balance.

Amounts are in the "overpunch" form: the last character is the last digit and the sign
(`{` and `A`-`I` for 0-9 in credit, `}` and `J`-`R` in debit), with the number of
decimals the record states. The IBAN is built from bank, guichet and compte with the RIB
key computed (`domestic.french_iban`). Text is Latin-1 (cp1252 where the bank writes €).
"""

from __future__ import annotations

from decimal import Decimal

from backoffice_auto.errors import Label, Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers import fixedwidth as fw
from backoffice_auto.payments.readers.domestic import french_iban
from backoffice_auto.payments.readers.model import Statement, StatementLine
from backoffice_auto.payments.readers.text import MSG_NO_LINES, check_size, squeeze, too_many

MSG_OVERPUNCH = N_("The CFONB record of type {record} holds '{value}' where its signed amount should be "
                   "(characters 91 to 104): the last character gives the sign and the last digit, an opening "
                   "brace or A to I for a credit, a closing brace or J to R for a debit.")

FORMAT = "CFONB 120"
WIDTH = 120
_MIN = {"01": 104, "04": 104, "05": 48, "07": 104}
_PUNCH = {"{": (1, 0), "}": (-1, 0)}
_PUNCH.update({c: (1, d) for d, c in enumerate("ABCDEFGHI", 1)})
_PUNCH.update({c: (-1, d) for d, c in enumerate("JKLMNOPQR", 1)})
_TEXT_QUALIFIERS = ("LIB", "LCC", "LC2")
_NO_REFERENCE = frozenset({"", "NOTPROVIDED", "NONREF"})


def looks_like_cfonb(head: bytes) -> bool:
    """A first record `01` (or an operation `04`, for the reader to refuse in place) + a 5-digit bank
    code, about 120 characters long, with a signed amount."""
    first, _ = fw.first_records(head, WIDTH, 2)
    return (first[:2] in (b"01", b"04") and first[2:7].isdigit() and 104 <= len(first.rstrip()) <= 120
            and len(first) >= 104 and first[103:104] in b"{}ABCDEFGHIJKLMNOPQR")


class _Open:
    __slots__ = ("line", "key", "bank", "branch", "account", "currency", "opening", "opening_date", "closing",
                 "closing_date", "lines", "closed")

    def __init__(self, line: int):
        self.line = line
        self.lines: list[dict] = []
        self.closed = False
        self.closing = self.closing_date = None


def read_cfonb(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000) -> list[Statement]:
    """Every statement (01 ... 07) of a CFONB 120 file; `Refusal` naming file and line for anything else."""
    check_size(data, name, max_mb)
    text = fw.decode(data)
    problems = fw.Problems(name, FORMAT)
    opened: list[_Open] = []
    current: _Open | None = None
    count = 0
    lost = False  # the last header record was refused
    skipping = False  # the operation before was refused: its 05 records are passed over
    for number, record in fw.records(text, WIDTH):
        kind = record[:2]
        if skipping and kind == "05":
            continue
        skipping = kind == "04"
        record = fw.sized(record, kind, number, _MIN, WIDTH, "01, 04, 05, 07", problems)
        if record is None:
            continue
        try:
            if kind == "01":
                if current is not None and not current.closed:
                    problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_UNCLOSED))
                lost = False
                current = _header(record, number, problems)
                opened.append(current)
            elif current is None:
                if not lost:
                    problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_BEFORE_HEADER))
            elif current.closed:
                problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_OUTSIDE))
            elif record[2:7] + record[11:16] + record[21:32] != current.key:
                problems.add(fw.MSG_OTHER_ACCOUNT, number, other=_shown(record[2:7], record[11:16], record[21:32]),
                             account=_shown(current.bank, current.branch, current.account))
            elif kind == "04":
                count += 1
                if count > max_lines:
                    raise too_many(name, max_lines)
                current.lines.append(_operation(record, number, problems))
                skipping = False
            elif kind == "07":
                current.closed = True
                current.closing = _amount(record, number, problems)
                current.closing_date = fw.day(record, 35, 40, fw.F_DATE, "dmy")
            elif not current.lines:
                problems.add(fw.MSG_ORDER, number, record=kind, detail=Label(fw.ORDER_NO_ENTRY))
            else:
                qualifier = record[45:48].strip().upper()
                current.lines[-1]["more"].append((qualifier, squeeze(record[48:118])))
        except fw.BadField as bad:
            problems.field(number, kind, bad.label, bad.value, bad.start, bad.end)
            if kind == "01":  # its records are not refused once more each for want of a statement
                current, lost = None, True
    for st in opened:
        if not st.closed:
            problems.add(fw.MSG_CUT_SHORT, st.line, row=st.line, record="07")
    problems.raise_any()
    if not opened:
        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    return [_statement(st, name) for st in opened]


def _shown(bank: str, branch: str, account: str) -> str:
    return " ".join(p.strip() for p in (bank, branch, account) if p.strip()) or "?"


def _amount(record: str, line: int, problems: fw.Problems) -> Decimal:
    """The overpunched amount of characters 91-104, with the decimals of character 20."""
    places = fw.digits(record, 20, 20, fw.F_DECIMALS)
    if places > 4:
        raise fw.BadField(fw.F_DECIMALS, record[19], 20, 20)
    piece = record[90:104]
    punch = _PUNCH.get(piece[-1:])
    head = piece[:-1]
    if punch is None or len(head) != 13 or not head.isdigit() or not head.isascii():
        problems.add(MSG_OVERPUNCH, line, record=record[:2], value=piece.strip() or piece)
        return Decimal(0)
    sign, last = punch
    return Decimal(sign * (int(head) * 10 + last)).scaleb(-places)


def _header(record: str, line: int, problems: fw.Problems) -> _Open:
    st = _Open(line)
    fw.digits(record, 3, 7, fw.F_ACCOUNT)
    fw.digits(record, 12, 16, fw.F_ACCOUNT)
    st.bank, st.branch, st.account = record[2:7], record[11:16], record[21:32]
    if not st.account.isalnum() or not st.account.isascii():
        raise fw.BadField(fw.F_ACCOUNT, st.account, 22, 32)
    st.key = st.bank + st.branch + st.account
    st.currency = fw.currency(record, 17, 19)
    st.opening = _amount(record, line, problems)
    st.opening_date = fw.day(record, 35, 40, fw.F_DATE, "dmy")
    return st


def _operation(record: str, line: int, problems: fw.Problems) -> dict:
    booked = fw.day(record, 35, 40, fw.F_DATE, "dmy")
    value = fw.day(record, 43, 48, fw.F_VALUE_DATE, "dmy") if record[42:48].strip("0 ") else booked
    return {"line": line, "record": record, "booked": booked, "value": value,
            "amount": _amount(record, line, problems), "more": []}


def _statement(st: _Open, name: str) -> Statement:
    try:
        iban = french_iban(st.bank, st.branch, st.account)
    except ValueError:
        iban = ""
    lines = tuple(_line(item, st.currency, name) for item in st.lines)
    return Statement(Source(name, row=st.line), "cfonb120", st.account, st.currency,
                     f"{st.opening_date}/{st.closing_date}", st.opening, st.closing, st.opening_date,
                     st.closing_date, lines, bank_id=st.bank, branch_id=st.branch, iban=iban)


def _line(item: dict, currency: str, name: str) -> StatementLine:
    record: str = item["record"]
    more: dict[str, list[str]] = {}
    for qualifier, value in item["more"]:
        more.setdefault(qualifier, []).append(value)

    def first(*keys: str) -> str:
        return next((" ".join(more[k]) for k in keys if more.get(k)), "")

    credit = item["amount"] > 0
    payer, payee = first("NPY", "NPO"), first("NBE", "NBU")
    end_to_end = first("RCN")
    end_to_end = "" if end_to_end.upper() in _NO_REFERENCE else end_to_end
    texts = [squeeze(record[48:79])] + [v for q, v in item["more"] if q in _TEXT_QUALIFIERS]
    entry, zone = record[81:88].strip(), record[104:120].strip()
    return StatementLine(
        Source(name, row=item["line"]), item["amount"], currency, item["booked"], item["value"],
        counterparty_name=(payer or payee) if credit else (payee or payer),
        reference=first("LCS") or end_to_end, remittance=squeeze(" ".join(t for t in texts if t)),
        bank_reference=f"{item['booked']:%Y%m%d}/{entry}/{zone}" if entry or zone else "",
        end_to_end_id=end_to_end, code=record[32:34].strip())
