"""What the national fixed-width statement readers share: records, fields, dates, refusals.

Czech ABO (128 characters a record), Spanish Norma 43 (80) and French CFONB 120 (120) are
all lines of fixed width whose first characters name the record type, numbers padded with
zeros, dates with two-digit years, amounts in minor units. Each reader says where its
fields stand; this module cuts the text into numbered records (with or without line
breaks: some banks send one long line), reads one field at a time and turns anything that
is not what the format promises into a `Problem` naming the file, the line, the record
type and the field, in the user's language. Nothing else escapes: a cut-off record, a
letter in an amount, 31 February, an unknown record type or a currency code that ISO 4217
does not have all end as a refusal the clerk can read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Iterator

from backoffice_auto.errors import Label, Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.text import decode_text, strip_controls

MSG_WIDTH = N_("This {format} record of type {record} is {length} characters long; the format's records of "
               "that type are {width} characters (the line was cut short or run together with another).")
MSG_TYPE = N_("'{value}' does not start with a {format} record type ({allowed}).")
MSG_FIELD = N_("The {format} record of type {record} holds '{value}' where its {field} should be "
               "(characters {start} to {end}).")
MSG_SIGN = N_("The {format} record of type {record} holds '{value}' as the sign of its {field}; the format "
              "writes {allowed}.")
MSG_ORDER = N_("A {format} record of type {record} where the format does not allow it: {detail}.")
MSG_CUT_SHORT = N_("The {format} statement begun at line {row} has no closing record of type {record}: the file "
                   "was cut short.")
MSG_COUNT = N_("Statement {statement} of account {account}: its closing record counts {count} {side}, but the "
               "file holds {lines}.")
MSG_OTHER_ACCOUNT = N_("This {format} record is for account {other}, but the statement it stands in is for "
                       "account {account}.")
MSG_ACCOUNT_CHECK = N_("The account number {account} is not valid: its {check} does not agree with its digits. "
                       "The file is refused; ask the bank for a new export.")
CHECK_CZ = N_("modulo 11 check")

# what is wrong with a record's place (the `detail` of MSG_ORDER)
ORDER_BEFORE_HEADER = N_("it comes before the record that opens a statement")
ORDER_OUTSIDE = N_("it comes after the statement was closed and before another one opens")
ORDER_AFTER_END = N_("it comes after the record that ends the file")
ORDER_UNCLOSED = N_("a new statement opens before the previous one was closed")
ORDER_NO_ENTRY = N_("it completes an entry, but no entry comes before it")

# the fields named in messages
F_ACCOUNT = N_("account number")
F_AMOUNT = N_("amount")
F_BALANCE = N_("balance")
F_DATE = N_("date")
F_VALUE_DATE = N_("value date")
F_CURRENCY = N_("currency code")
F_SIDE = N_("debit or credit code")
F_COUNT = N_("number of entries")
F_NUMBER = N_("statement number")
F_DECIMALS = N_("number of decimals")
F_TURNOVER = N_("turnover")

MAX_PROBLEMS = 100  # a file of a million bad records is refused after this many, not listed whole


class Problems:
    """The problems of one file; raises the refusal once there are enough to stop reading."""

    __slots__ = ("name", "fmt", "items")

    def __init__(self, name: str, fmt: str):
        self.name, self.fmt, self.items = name, fmt, []

    def add(self, message: str, line: int | None, **params) -> None:
        self.items.append(Problem(message, Source(self.name, row=line), {"format": self.fmt, **params}))
        if len(self.items) >= MAX_PROBLEMS:
            raise Refusal(self.items)

    def field(self, line: int, record: str, label: str, value: str, start: int, end: int) -> None:
        """A field (1-based characters `start`..`end`) that does not hold what the format says."""
        self.add(MSG_FIELD, line, record=record, value=value.strip() or value, field=Label(label),
                 start=start, end=end)

    def raise_any(self) -> None:
        if self.items:
            raise Refusal(self.items)


class BadField(ValueError):
    """A field read wrong: its label and 1-based place, for `Problems.field`."""

    def __init__(self, label: str, value: str, start: int, end: int):
        super().__init__(value)
        self.label, self.value, self.start, self.end = label, value, start, end


def decode(data: bytes, pages: tuple[str, ...] = ()) -> str:
    """Bytes to text: UTF-8 when it is, else the code page of `pages` whose text has most of the
    letters its languages use (cp852, DOS Latin 2, against cp1250 for Czech), else as `text.decode_text`
    tells Windows pages apart. Control characters other than line ends removed."""
    if pages:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            scored = []
            for page in pages:
                try:
                    read = data.decode(page)
                except UnicodeDecodeError:
                    continue
                scored.append((sum(map(_LETTERS.__contains__, read)), -len(scored), read))
            text = max(scored)[2] if scored else decode_text(data)
    else:
        text = decode_text(data)
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


_LETTERS = frozenset("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽäôľĺŕ")


def first_records(head: bytes, width: int, size: int) -> tuple[bytes, bytes]:
    """The first two records of a file's first bytes, each as a line without its end: on their own
    lines, or cut from one long line of records of `width` characters run together (`size`: the
    length of the record type)."""
    lines = head.lstrip(b"\r\n").split(b"\n", 2)
    first = lines[0].rstrip(b"\r")
    if len(first) >= 2 * width and first[width:width + size].isdigit():
        return first[:width], first[width:2 * width]
    return first, (lines[1].rstrip(b"\r") if len(lines) > 1 else b"")


def sized(record: str, kind: str, number: int, minimums: dict[str, int], width: int, allowed: str,
          problems: "Problems") -> str | None:
    """`record` padded to `width` when `kind` is one of the format's record types and its length
    fits (at least the type's minimum, at most `width`); None, with the problem told, otherwise."""
    if kind not in minimums:
        problems.add(MSG_TYPE, number, value=record[:20], allowed=allowed)
        return None
    body = record.rstrip()
    if len(body) > width or len(body) < minimums[kind]:
        problems.add(MSG_WIDTH, number, record=kind, length=len(body), width=width)
        return None
    return record.ljust(width)


def records(text: str, width: int) -> Iterator[tuple[int, str]]:
    """(line number, record) of every non-blank line, trailing blanks kept, line ends dropped.
    A file without line breaks whose length is a multiple of the record width is cut into
    records of that width (numbered as if each stood on its own line)."""
    if "\n" not in text.strip("\n") and len(text.rstrip("\n")) > width and not len(text.rstrip("\n")) % width:
        flat = text.rstrip("\n")
        for n, at in enumerate(range(0, len(flat), width), 1):
            yield n, flat[at:at + width]
        return
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield n, line


def digits(record: str, start: int, end: int, label: str) -> int:
    """The number in 1-based characters `start`..`end`, all digits (no sign, no blanks)."""
    piece = record[start - 1:end]
    if len(piece) != end - start + 1 or not piece.isdigit() or not piece.isascii():
        raise BadField(label, piece, start, end)
    return int(piece)


def minor(record: str, start: int, end: int, label: str, places: int = 2) -> Decimal:
    """An unsigned amount of `places` implied decimals."""
    return Decimal(digits(record, start, end, label)).scaleb(-places)


def text_field(record: str, start: int, end: int) -> str:
    return " ".join(record[start - 1:end].split())


def day(record: str, start: int, end: int, label: str, order: str) -> date:
    """A six-digit date, `order` `dmy` (DDMMYY) or `ymd` (YYMMDD); two-digit years are 2000-2099
    (these formats came into use long after 1999: `000101` is no date of 1900)."""
    piece = record[start - 1:end]
    found = _day(piece, order)
    if found is None:
        raise BadField(label, piece, start, end)
    return found


@lru_cache(maxsize=4096)
def _day(piece: str, order: str) -> date | None:
    if len(piece) != 6 or not piece.isdigit() or not piece.isascii():
        return None
    a, b, c = int(piece[:2]), int(piece[2:4]), int(piece[4:])
    year, month, dd = (2000 + c, b, a) if order == "dmy" else (2000 + a, b, c)
    try:
        return date(year, month, dd)
    except ValueError:
        return None


@lru_cache(maxsize=256)
def iso_currency(code: str) -> str | None:
    """The alphabetic ISO 4217 code for a numeric one (`978`, `0203`) or an alphabetic one as it is
    (`EUR`); None when ISO 4217 has no such currency."""
    import pycountry

    code = code.strip()
    if code.isdigit() and code.isascii() and 1 <= len(code) <= 5 and int(code) > 0:
        found = pycountry.currencies.get(numeric=f"{int(code):03d}")
        return found.alpha_3 if found is not None and found.alpha_3 not in _NO_MONEY else None
    if len(code) == 3 and code.isascii() and code.isalpha():
        found = pycountry.currencies.get(alpha_3=code.upper())
        return found.alpha_3 if found is not None and found.alpha_3 not in _NO_MONEY else None
    return None


_NO_MONEY = frozenset({"XXX", "XTS"})  # ISO 4217's "no currency" and "testing" codes: no account is kept in them


def currency(record: str, start: int, end: int) -> str:
    piece = record[start - 1:end]
    found = iso_currency(piece)
    if found is None:
        raise BadField(F_CURRENCY, piece, start, end)
    return found
