"""SWIFT MT940 (statement) and MT942 (interim report) files to `Statement`s.

Read line by line in one pass so that a 100,000-entry file takes about a second: the tag
grammar (`:61:` = value date, optional entry date, debit/credit mark with reversals,
optional funds code, amount, type, customer and bank references, supplementary details)
is the SWIFT one, as the `mt-940` package documents it; the tests check this reader
against that package on the shared corpus. Banks' habits handled here: envelopes and
header lines before `:20:`, several statements per file, `:86:` text in the German
`?00`-`?63` subfield form with SEPA keywords (`EREF+`, `SVWZ+`), the Dutch `/EREF/.../NAME/`
form, text in a Windows code page, control characters, `:86:` after the closing
balance (statement information, not part of the last transaction), a statement carried on over
pages in one message (`:62M:` then `:60M:` without a new `:20:`: each page is checked between its
own balances), Polish `:NS:` lines,
which are fields of their own and never part of the text before them, and amounts written with a
dot for the decimal mark against the standard (`1234.56`, read when only one reading is possible;
`1.234` is refused naming both).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.model import Statement, StatementLine
from backoffice_auto.payments.readers.text import (
    MSG_NO_LINES,
    check_size,
    AmbiguousAmount,
    decode_text,
    join_cut,
    squeeze,
    strip_controls,
    swift_amount,
    too_many,
)

MSG_BAD_LINE = N_("Cannot read this {tag} line of the statement: '{value}'.")
MSG_LINE_OUTSIDE = N_("A {tag} line outside a statement (before any :20: line).")
MSG_NO_ACCOUNT = N_("Statement {statement} has no account line (:25:).")
MSG_NO_CLOSING = N_("Statement {statement} opens with a balance (:60F:) but has no closing balance line (:62F:): the "
                    "file was cut off or saved incomplete. Nothing of it was booked; drop the whole file again.")
MSG_AMBIGUOUS = N_("The amount '{value}' of this {tag} line can be read as {one} or as {other}: the statement writes "
                   "the decimal mark as a dot, against the standard's comma. Ask the bank for the file in the "
                   "standard form (1234,56).")

# SWIFT's numbered tags, and `:NS:` (national supplement: Polish banks' extra fields after `:28C:`, `:61:` or
# `:86:`, such as `:NS:22` plus the account), which carries nothing this reader needs and is passed over
_TAG = re.compile(r":(\d\d[A-Z]?|NS):")
_STATEMENT_LINE = re.compile(
    r"(?P<value>\d{6})(?P<entry>\d{4}|\s{4})?(?P<mark>R?[CD])(?P<funds>[A-Z])?\n?(?P<amount>\d[\d,.]{0,14})"
    r"(?P<type>[A-Z][A-Z0-9 ]{3})?(?P<cref>(?:(?!//)[^\n]){0,16})(?://(?P<bref>[^\n]{0,23}))?(?:\n(?P<extra>.*))?",
    re.DOTALL)
_BALANCE = re.compile(r"(?P<mark>[CD])(?P<date>\d{6})(?P<ccy>[A-Z]{3})(?P<amount>\d[\d,.]{0,16})\s*")
_SUM = re.compile(r"(?P<count>\d{1,5})(?P<ccy>[A-Z]{3})(?P<amount>\d[\d,.]{0,16})\s*")
_SEPA_KEY = re.compile(r"(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|BREF|RREF|IBAN|BIC)\+")
_SLASH_KEY = re.compile(r"/(EREF|NAME|REMI|IBAN|BIC|CNTP|BENM|ORDP|CSID|MARF|PREF|SVCL|ISDT|RTRN|ULTC|ULTD|"
                        r"PURP|TRTP|ID|ADDR|ACCW|CDTRREFTP|CDTRREF|CD|SCOR|ISSR)/")
_NO_CODE_SUBFIELDS = re.compile(r"([?~^<>|])\d\d.*?\1\d\d", re.DOTALL)
_LABEL = re.compile(r"(?<![A-Za-z.])(IBAN|BIC|NAAM|NAME|OMSCHRIJVING|KENMERK|BETALINGSKENM\.?|MACHTIGING|"
                    r"INCASSANT|ID\.? INCASSANT)\s*:", re.IGNORECASE)
_LABEL_KEYS = {"NAAM": "NAME", "OMSCHRIJVING": "REMI", "KENMERK": "EREF", "BETALINGSKENM": "REF"}
_IBAN_LIKE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")
_NO_REFERENCE = frozenset({"", "NONREF", "NOTPROVIDED", "NONE", "EREF", "KREF", "MREF", "EREF+", "KREF+", "MREF+"})
_PURPOSE_KEYS = tuple(f"{n:02d}" for n in (*range(20, 30), *range(60, 64)))  # ?20-?29, ?60-?63: the purpose
# the subfields the `?NN` form has: a separator followed by other digits is part of the text
_SUBFIELD_KEYS = frozenset(f"{n:02d}" for n in (0, 10, *range(20, 35), 38, *range(60, 64)))
_SUBFIELD_WIDTHS = frozenset({27, 35})  # subfields' widths: one this long may have been cut mid-word
_LONG_LINE = 65  # SWIFT's line width: a line this long was cut mid-word by the bank


def _yymmdd(text: str) -> date:
    year = int(text[:2])
    return date(2000 + year if year < 70 else 1900 + year, int(text[2:4]), int(text[4:6]))


def _entry_date(value: date, mmdd: str) -> date:
    month, day = int(mmdd[:2]), int(mmdd[2:])
    year = value.year
    if month == 12 and value.month == 1:
        year -= 1
    elif month == 1 and value.month == 12:
        year += 1
    return date(year, month, day)


def _clean_ref(text: str | None) -> str:
    text = (text or "").strip()
    return "" if text.upper() in _NO_REFERENCE else text


class _Open:
    """A statement being read."""

    __slots__ = ("line", "reference", "number", "account", "currency", "opening", "opening_date", "closing",
                 "closing_date", "lines", "debits", "credits", "interim")

    def __init__(self, line: int, reference: str):
        self.line = line
        self.reference = reference
        self.number = ""
        self.account = ""
        self.currency = ""
        self.opening: Decimal | None = None
        self.opening_date: date | None = None
        self.closing: Decimal | None = None
        self.closing_date: date | None = None
        self.lines: list[list] = []  # [line_no, :61: text, :86: text or None]
        self.debits: Decimal | None = None
        self.credits: Decimal | None = None
        self.interim = False

    def continued(self, line: int) -> "_Open":
        """The next page of this statement, opened at `line`: the same reference, number and account."""
        page = _Open(line, self.reference)
        page.number, page.account, page.currency = self.number, self.account, self.currency
        return page


def looks_like_mt940(head: bytes) -> bool:
    """`:20:` and a balance or statement line near the start."""
    sample = head[:8192]
    return b":20:" in sample and (b":25:" in sample or b":61:" in sample or b":60F:" in sample)


def read_mt940(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000) -> list[Statement]:
    """Every statement of an MT940/MT942 file; `Refusal` naming file and line for what cannot be read."""
    check_size(data, name, max_mb)
    text = strip_controls(decode_text(data)).replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    opened: list[_Open] = []
    current: _Open | None = None
    tag = ""  # the tag whose value continues on following lines
    value: list[str] = []
    start = 0
    last_len = 0
    count = 0
    tag_match = _TAG.match

    def finish_tag() -> None:
        nonlocal count, current
        if not tag or current is None:
            return
        if tag[:2] == "60" and current.closing is not None:
            # an opening after a closing in one message (`:62M:` then `:60M:`, a statement carried on
            # over pages without a new `:20:`): the pages are checked each between its own balances
            current = current.continued(start)
            opened.append(current)
        content = value[0] if len(value) == 1 else "".join(value)
        if tag == "61":
            count += 1
            if count > max_lines:
                raise too_many(name, max_lines)
            current.lines.append([start, content, None])
        elif tag == "86":
            if current.lines and current.lines[-1][2] is None and current.closing is None:
                current.lines[-1][2] = content
        else:
            _statement_tag(current, tag, content, Source(name, row=start), problems)

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if not line:
            continue
        if line[0] == "{" and "{4:" in line:  # a SWIFT envelope: the message text follows block 4
            line = line.split("{4:", 1)[1]
            if not line:
                finish_tag()
                tag = ""
                continue
        m = tag_match(line)
        if m is None:
            if line[0] == "{" or line.startswith("-}") or line == "-" or (line[0] == "-" and len(line) < 6):
                finish_tag()
                tag = ""
                continue
            if tag:  # a continuation line: a full-width line was cut mid-word, a short one ended a phrase
                # (or, in `:86:` subfields, ended a subfield: kept as a line break for `_details` to tell)
                if tag == "61" or (tag == "86" and last_len < _LONG_LINE):
                    value.append("\n" + line)
                else:
                    value.append(line if last_len >= _LONG_LINE else " " + line)
                last_len = len(line)
            continue
        finish_tag()
        tag = m.group(1)
        content = line[m.end():]
        value = [content]
        start = number
        last_len = len(line)
        if tag == "20":
            current = _Open(number, content.strip())
            opened.append(current)
            tag = ""
        elif current is None:
            problems.append(Problem(MSG_LINE_OUTSIDE, Source(name, row=number), {"tag": f":{m.group(1)}:"}))
            tag = ""
    finish_tag()
    if problems:
        raise Refusal(problems)
    if not opened:
        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    statements = [_statement(o, name, problems) for o in opened]
    if problems:
        raise Refusal(problems)
    return statements


def _statement_tag(st: _Open, tag: str, content: str, where: Source, problems: list[Problem]) -> None:
    if tag == "25":
        st.account = content.strip().lstrip("/")  # Polish banks write `:25:/PL61109010140000071219812874`
    elif tag in ("28", "28C"):
        st.number = content.strip()
    elif tag in ("60F", "60M", "62F", "62M"):
        m = _BALANCE.fullmatch(content)
        try:
            if m is None:
                raise ValueError(content)
            amount = swift_amount(m["amount"])
            day = _yymmdd(m["date"])
        except ValueError as exc:
            problems.append(_unread(f":{tag}:", content, where, exc))
            return
        amount = -amount if m["mark"] == "D" else amount
        st.currency = st.currency or m["ccy"]
        if tag[:2] == "60":
            st.opening, st.opening_date = amount, day
        else:
            st.closing, st.closing_date = amount, day
    elif tag in ("90D", "90C"):
        m = _SUM.fullmatch(content)
        try:
            if m is None:
                raise ValueError(content)
            amount = swift_amount(m["amount"])
        except ValueError as exc:
            problems.append(_unread(f":{tag}:", content, where, exc))
            return
        st.currency = st.currency or m["ccy"]
        if tag == "90D":
            st.debits = amount
        else:
            st.credits = amount
        st.interim = True
    elif tag in ("34F", "13D", "13"):
        st.interim = True
        if tag == "34F" and not st.currency and content[:3].isalpha():
            st.currency = content[:3].upper()


def _unread(tag: str, content: str, where: Source, exc: ValueError) -> Problem:
    """The line that could not be read; an amount with two readings names both."""
    if isinstance(exc, AmbiguousAmount):
        one, other = exc.readings
        return Problem(MSG_AMBIGUOUS, where, {"tag": tag, "value": exc.text, "one": one, "other": other})
    return Problem(MSG_BAD_LINE, where, {"tag": tag, "value": content[:80]})


def _statement(st: _Open, name: str, problems: list[Problem]) -> Statement:
    where = Source(name, row=st.line)
    if not st.account:
        problems.append(Problem(MSG_NO_ACCOUNT, where, {"statement": st.reference}))
    currency = st.currency
    lines = []
    for line_no, text61, text86 in st.lines:
        parsed = _line(text61, text86, currency, Source(name, row=line_no))
        if isinstance(parsed, Problem):
            problems.append(parsed)
        else:
            lines.append(parsed)
    interim = st.interim and st.opening is None
    statement_id = st.reference if not st.number else f"{st.reference} {st.number}"
    if not interim and st.opening is not None and st.closing is None:  # MT940's closing balance is mandatory
        problems.append(Problem(MSG_NO_CLOSING, where, {"statement": statement_id}))
    return Statement(where, "mt942" if interim else "mt940", st.account, currency, statement_id, st.opening,
                     st.closing, st.opening_date, st.closing_date, tuple(lines),
                     st.debits if interim else None, st.credits if interim else None)


def _line(text61: str, text86: str | None, currency: str, where: Source) -> StatementLine | Problem:
    m = _STATEMENT_LINE.fullmatch(text61)
    try:
        if m is None:
            raise ValueError(text61)
        amount = swift_amount(m["amount"])
        value_day = _yymmdd(m["value"])
        entry = m["entry"]
        booking = _entry_date(value_day, entry) if entry and entry.strip() else value_day
    except ValueError as exc:
        return _unread(":61:", text61.replace("\n", " "), where, exc)
    mark = m["mark"]
    if mark == "D" or mark == "RC":
        amount = -amount
    reversal = mark in ("RC", "RD")
    details = _details(text86 or "")
    extra = (m["extra"] or "").strip()
    counterparty_iban = details.get("iban", "")
    if not counterparty_iban and extra and _IBAN_LIKE.fullmatch(extra.replace(" ", "")):
        counterparty_iban = extra.replace(" ", "")
    reference = _clean_ref(m["cref"])
    return StatementLine(
        where, amount, currency, booking, value_day,
        counterparty_name=details.get("name", ""), counterparty_iban=counterparty_iban,
        reference=details.get("reference", "") or reference, remittance=details.get("remittance", ""),
        bank_reference=_clean_ref(m["bref"]), end_to_end_id=_clean_ref(details.get("eref")),
        code=details.get("code", "") or (m["type"] or "").strip(), reversal=reversal)


def _details(text: str) -> dict[str, str]:
    """The `:86:` text: German `?NN` subfields, Dutch `/KEY/` fields, or free text."""
    if len(text) > 4 and text[:3].isdigit() and not text[3].isalnum() and text[3] != " ":
        return _subfields(text[:3], text[3], text[4:].replace("\n", ""))  # a line ends at a subfield or mid-word
    if _NO_CODE_SUBFIELDS.match(text):  # the same subfields without the transaction code in front
        return _subfields("", text[0], text[1:].replace("\n", ""))
    if text.startswith("/") and _SLASH_KEY.match(text):
        return _slash_fields(text)
    labels = list(_LABEL.finditer(text))
    if len(labels) >= 2 and any(k[1].upper() in ("IBAN", "NAAM", "NAME") for k in labels):
        return _labelled_fields(text, labels)
    return {"remittance": squeeze(text)}


def _labelled_fields(text: str, labels: list[re.Match]) -> dict[str, str]:
    """The `LABEL: value` form of Dutch banks' SEPA lines (ABN AMRO: `SEPA OVERBOEKING  IBAN: NL..
    BIC: ..  NAAM: ..  OMSCHRIJVING: ..  KENMERK: ..`), values padded to columns."""
    parts: dict[str, str] = {}
    for i, k in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        parts.setdefault(_LABEL_KEYS.get(k[1].upper().rstrip("."), k[1].upper()), squeeze(text[k.end():end]))
    iban = parts.get("IBAN", "").replace(" ", "")
    head = squeeze(text[:labels[0].start()])
    return {"iban": iban if _IBAN_LIKE.fullmatch(iban) else "", "name": parts.get("NAME", ""),
            "remittance": parts.get("REMI") or head or squeeze(text), "eref": parts.get("EREF", ""),
            "reference": parts.get("REF", "")}


def _subfields(code: str, sep: str, body: str) -> dict[str, str]:
    """German `?20`..`?63` subfields (Polish banks write `~20`, `^20` or `<20`): the purpose, the payer's
    name (`?32`/`?33`) and account (`?31`, or the IBAN in `?38`)."""
    fields: dict[str, list[str]] = {}
    pieces = None
    for part in body.split(sep):
        key = part[:2]
        if key in _SUBFIELD_KEYS:
            pieces = fields.setdefault(key, [])
            pieces.append(part[2:].rstrip())
        elif pieces is not None:  # the separator inside a subfield's text (`RE 2026/123` with `/` separators)
            pieces[-1] = f"{pieces[-1]}{sep}{part.rstrip()}"
    purpose = _join([piece for k in _PURPOSE_KEYS for piece in fields.get(k, ())])
    name = _join([piece for k in ("32", "33") for piece in fields.get(k, ())])
    account = "".join(fields.get("31", ())).replace(" ", "")
    iban = "".join(fields.get("38", ())).replace(" ", "")
    out = {"code": code, "name": name, "iban": iban if _IBAN_LIKE.fullmatch(iban) else account}
    keys = list(_SEPA_KEY.finditer(purpose))
    if not keys:
        out["remittance"] = purpose
        return out
    parts = {}
    for i, k in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(purpose)
        parts.setdefault(k.group(1), squeeze(purpose[k.end():end]))
    head = squeeze(purpose[:keys[0].start()])
    out["eref"] = parts.get("EREF", "")
    out["remittance"] = parts.get("SVWZ") or head or purpose
    if parts.get("IBAN") and not out["iban"]:
        out["iban"] = parts["IBAN"].replace(" ", "")
    return out


def _join(pieces: list[str]) -> str:
    return join_cut(pieces, _SUBFIELD_WIDTHS)


def _slash_fields(text: str) -> dict[str, str]:
    flat = text.replace("\n", " ")
    keys = list(_SLASH_KEY.finditer(flat))
    parts: dict[str, str] = {}
    for i, k in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(flat)
        parts.setdefault(k.group(1), flat[k.end():end].strip("/ "))
    out = {"eref": parts.get("EREF", ""), "name": squeeze(parts.get("NAME", "")),
           "iban": parts.get("IBAN", "").replace(" ", "")}
    remi = parts.get("REMI", "")
    if remi.startswith("USTD/"):
        remi = remi[5:].lstrip("/")
    elif remi.startswith("STRD/"):  # /REMI/STRD/CUR/<reference>
        pieces = [p for p in remi.split("/") if p]
        if pieces:
            out["reference"] = pieces[-1]
    out["remittance"] = squeeze(remi) or squeeze(flat)
    cntp = parts.get("CNTP")
    if cntp:
        pieces = cntp.split("/")
        out["iban"] = out["iban"] or pieces[0].replace(" ", "")
        if len(pieces) > 2 and not out["name"]:
            out["name"] = squeeze(pieces[2])
    return out
