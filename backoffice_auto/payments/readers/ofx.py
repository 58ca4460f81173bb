"""OFX (1.x SGML and 2.x XML) bank and card statements to `Statement`s.

ofxtools reads the header and turns OFX's unclosed SGML tags into an element tree; its
strict models are not used, because real banks' files break the specification's field
lengths (a ten-digit `BANKID`) and would be refused for no reason the clerk could fix.
The elements are read here instead, and an OFX 1 header naming a character set ofxtools does
not know (`CHARSET:UTF-8`, `8859-1`, `1250`) no longer refuses the file. OFX states only the ledger balance at the end, not an
opening balance, so a statement is checked only as far as the file allows (a note says so).
"""

from __future__ import annotations

import io
import re
from datetime import date
from xml.etree.ElementTree import Element

from backoffice_auto.documents.xmlerrors import CUT_OFF, fault_kind
from backoffice_auto.errors import Label, Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.model import Statement, StatementLine
from backoffice_auto.payments.readers.text import (
    MSG_NO_DATE,
    MSG_NO_LINES,
    check_size,
    decode_text,
    plain_amount,
    squeeze,
    too_many,
)

MSG_BAD_OFX = N_("The OFX file cannot be read: {detail}.")
MSG_BAD_TRANSACTION = N_("Cannot read transaction {field} '{value}'.")

_STATEMENTS = ("STMTRS", "CCSTMTRS")


def looks_like_ofx(head: bytes) -> bool:
    sample = head[:4096].upper()
    return sample.startswith(b"OFXHEADER") or b"<OFX>" in sample or b"<?OFX " in sample


def _day(text: str | None) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    if len(text) < 8 or not text[:8].isdigit():
        raise ValueError(text)
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


_V1_HEADER = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*OFXHEADER:\s*1\d\d\b(?P<head>[^<]*)")
_V1_FIELD = re.compile(rb"(?P<key>ENCODING|CHARSET):[ \t]*(?P<value>[^\s<]*)")
_CHARSETS = {"1252": "cp1252", "WINDOWS1252": "cp1252", "CP1252": "cp1252", "1250": "cp1250", "WINDOWS1250": "cp1250",
             "CP1250": "cp1250", "ISO88591": "cp1252", "88591": "cp1252", "LATIN1": "cp1252", "ISO88592": "iso-8859-2",
             "88592": "iso-8859-2", "ISO885915": "iso-8859-15", "UTF8": "utf-8", "UNICODE": "utf-8"}


def _v1_in_utf8(data: bytes) -> bytes:
    """An OFX 1 (SGML) file whose header names a character set ofxtools does not take (`CHARSET:UTF-8`,
    `8859-1`, `1250`, `windows-1252`) refused the whole file: its body is decoded here by that set (Latin-1
    as Windows-1252, whose letters it shares; an unknown or wrong one as `text.decode_text` tells) and
    handed on as UTF-8 under `ENCODING:UTF-8`, `CHARSET:NONE`. Digits and tags are ASCII in every one."""
    m = _V1_HEADER.match(data)
    if m is None:
        return data
    fields = {f["key"]: f["value"].decode("ascii", "replace").upper() for f in _V1_FIELD.finditer(m["head"])}
    charset = re.sub(r"[^A-Z0-9]", "", fields.get("CHARSET", ""))
    encoding = re.sub(r"[^A-Z0-9]", "", fields.get("ENCODING", ""))
    body = data[m.end():]
    codec = _CHARSETS.get(charset) or ("utf-8" if encoding in ("UTF8", "UNICODE") else None)
    try:
        text = body.decode(codec) if codec else decode_text(body)
    except UnicodeDecodeError:
        text = decode_text(body)
    head = _V1_FIELD.sub(lambda f: b"ENCODING:UTF-8" if f["key"] == b"ENCODING" else b"CHARSET:NONE", m["head"])
    return data[:m.start("head")] + head + text.encode("utf-8")


# the end of every OFX document, 1.x and 2.x alike
_CLOSED = re.compile(rb"</OFX>\Z", re.IGNORECASE)
L_HEADER = N_("its OFX header is missing or broken")
L_NESTING = N_("its tags do not open and close as OFX requires")


def _fault(exc: BaseException) -> str:
    """Why ofxtools refused, as a phrase in the reader's language (`documents.xmlerrors`): its
    header, its tags' nesting (`Mismatched tags`, a closing tag never opened: `pop from empty
    stack`), or a fault XML names; its own English words only for a value it could not read."""
    from ofxtools.header import OFXHeaderError
    from ofxtools.Parser import ParseError

    if isinstance(exc, OFXHeaderError):
        return Label(L_HEADER)
    words = str(exc).splitlines()[0][:120].rstrip(":. ") if str(exc) else type(exc).__name__
    kind = fault_kind(words)
    if kind is not None:
        return Label(kind)
    if isinstance(exc, (ParseError, IndexError, KeyError)):
        return Label(L_NESTING)
    return words


def _text(el: Element, path: str) -> str:
    found = el.find(path)
    return (found.text or "").strip() if found is not None else ""


def read_ofx(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000) -> list[Statement]:
    check_size(data, name, max_mb)
    from ofxtools.Parser import OFXTree

    data = data.rstrip(b" \t\r\n\x00")  # blank lines and NULs some banks pad the file with
    if not _CLOSED.search(data[-4096:]):  # ofxtools reads what came before and drops the rest silently
        raise Refusal([Problem(MSG_BAD_OFX, Source(name), {"detail": Label(CUT_OFF)})])
    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(_v1_in_utf8(data)))
    except Exception as exc:  # noqa: BLE001 - ofxtools raises many types (SyntaxError, ValueError, KeyError...)
        raise Refusal([Problem(MSG_BAD_OFX, Source(name), {"detail": _fault(exc)})]) from None
    root = tree.getroot()
    if root is None:
        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    statements: list[Statement] = []
    problems: list[Problem] = []
    count = 0
    for index, st in enumerate((el for el in root.iter() if el.tag in _STATEMENTS), 1):
        where = Source(name, sheet=f"{st.tag}[{index}]")
        currency = _text(st, "CURDEF").upper()
        account = _text(st, "BANKACCTFROM/ACCTID") or _text(st, "CCACCTFROM/ACCTID")
        lines: list[StatementLine] = []
        for n, tr in enumerate(st.iter("STMTTRN"), 1):
            count += 1
            if count > max_lines:
                raise too_many(name, max_lines)
            at = Source(name, sheet=f"{st.tag}[{index}]/STMTTRN[{n}]")
            try:
                amount = plain_amount(_text(tr, "TRNAMT"))
                posted = _day(_text(tr, "DTPOSTED"))
                user = _day(_text(tr, "DTUSER"))
            except ValueError as exc:
                problems.append(Problem(MSG_BAD_TRANSACTION, at, {"field": "TRNAMT/DTPOSTED", "value": str(exc)[:60]}))
                continue
            if posted is None and user is None:
                problems.append(Problem(MSG_NO_DATE, at))
                continue
            payee = _text(tr, "NAME") or _text(tr, "PAYEE/NAME")
            memo = _text(tr, "MEMO")
            lines.append(StatementLine(
                at, amount, _text(tr, "CURRENCY/CURSYM").upper() or currency, posted, user or posted,
                counterparty_name=squeeze(payee),
                counterparty_iban=_text(tr, "BANKACCTTO/ACCTID").replace(" ", ""),
                reference=_text(tr, "REFNUM") or _text(tr, "CHECKNUM"),
                remittance=squeeze(memo if memo else payee), bank_reference=_text(tr, "FITID"),
                code=_text(tr, "TRNTYPE")))
        closing = closing_date = None
        try:
            if _text(st, "LEDGERBAL/BALAMT"):
                closing = plain_amount(_text(st, "LEDGERBAL/BALAMT"))
                closing_date = _day(_text(st, "LEDGERBAL/DTASOF"))
        except ValueError as exc:
            problems.append(Problem(MSG_BAD_TRANSACTION, where, {"field": "LEDGERBAL", "value": str(exc)[:60]}))
        statements.append(Statement(where, "ofx", account, currency, _text(st, "BANKTRANLIST/DTEND")[:8] or "",
                                    None, closing, None, closing_date, tuple(lines),
                                    bank_id=_text(st, "BANKACCTFROM/BANKID"),
                                    branch_id=_text(st, "BANKACCTFROM/BRANCHID")))
    if problems:
        raise Refusal(problems)
    if not statements:
        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    return statements

