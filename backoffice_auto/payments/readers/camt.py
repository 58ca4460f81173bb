"""ISO 20022 camt.053 (statement), camt.052 (report) and camt.054 (notification) to `Statement`s.

Safety first, through defusedxml: the document's prolog, up to its root element, is parsed
by defusedxml with DTDs forbidden, so a document type, an entity declaration (an XML bomb)
or an external reference (`file:///etc/passwd`) is refused before anything is expanded.
XML allows a document type only in the prolog, and without one no entity but the five
predefined ones can be used; so once the prolog has passed, the body is read by lxml's C
parser (with entities, DTDs and the network off all the same) as a stream, one entry at a
time, in bounded memory. defusedxml's own tree builder is pure Python and five times slower.
The namespace comes from the root element, so every version (001.02 to 001.08 and later) is
read by the same paths; where versions differ (status as text or as `Sts/Cd`, parties as `Dbtr/Nm` or
`Dbtr/Pty/Nm`) both forms are tried. A batch entry (`NtryDtls` with several `TxDtls`) is
split into its transactions when their amounts add up to the entry; otherwise it stays
one line carrying all the details' texts, so the balance still holds, and naming a payer only
when the details are the whole entry (a batch detailing one of its three payments names none).
A `Document` inside an envelope beside its business application header (`AppHdr`, SWIFT's
CBPR+ delivery) is read as if it stood alone.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser as DefusedParser
from lxml import etree

from backoffice_auto.documents.xmlerrors import xml_fault
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.camtwalk import Walker
from backoffice_auto.payments.readers.model import Statement, StatementLine, normalise_account
from backoffice_auto.payments.readers.pages import join_pages
from backoffice_auto.payments.readers.text import (
    MSG_NO_DATE,
    MSG_NO_LINES,
    check_size,
    join_cut,
    plain_amount,
    squeeze,
    too_many,
)

MSG_NOT_CAMT = N_("This XML file is not an ISO 20022 bank statement (camt.052, camt.053 or camt.054): "
                  "its root element is {root}.")
MSG_BAD_XML = N_("The XML is not well formed: {detail}.")
MSG_UNSAFE_XML = N_("The XML declares a document type, entities or external references, which bank statements "
                    "never need; refused for safety.")
MSG_BAD_VALUE = N_("Cannot read {what} '{value}'.")

_CONTAINERS = {"053": "Stmt", "052": "Rpt", "054": "Ntfctn"}
_OPENING = ("OPBD", "PRCD")
_CLOSING = ("CLBD",)
_USTRD_WIDTHS = frozenset({35, 70, 140})  # widths banks cut unstructured remittance text at
_NO_REF = frozenset({"", "NOTPROVIDED", "NONREF", "NONE"})


def looks_like_camt(head: bytes) -> bool:
    return (b"camt.05" in head[:4096] or b"BkToCstmr" in head[:4096]) and b"<" in head[:64]


class _Fields:
    """Compiled XPath field vectors in the file's namespace: one evaluation reads all of an element's fields.

    Each vector is one `concat()` of the fields joined by a private-use character: one C-level XPath
    call per statement and per balance. The namespace is the one the root element declares, which is
    what lets every camt version (001.02 to 001.08 and later) be read by the same paths. A text holding
    the separator itself (never seen in a bank file) is caught by the field count and read field by
    field. Entries and transaction details, 100,000 in a large file, are read by `camtwalk.Walker`
    instead, which visits only the elements there are (libxml2 evaluates every path asked for, present
    or not); the tests hold the walk to these vectors.
    """

    def __init__(self, ns: str):
        self.ns = {"c": ns} if ns else {}
        self.ntry = f"{{{ns}}}Ntry" if ns else "Ntry"
        self.prefix = "c:" if ns else ""

    def vector(self, paths: tuple[str, ...]):
        fields = [_q(p, self.prefix) if p.startswith("count(") else f"normalize-space({_q(p, self.prefix)})"
                  for p in paths]
        expr = "concat(" + f", '{_SEP}', ".join(fields) + ", '')"
        single = [etree.XPath(f"string({f})", namespaces=self.ns) for f in fields]
        together = etree.XPath(expr, namespaces=self.ns)
        count = len(paths)

        def read(el) -> list[str]:
            parts = together(el).split(_SEP)  # white space already trimmed and collapsed by normalize-space
            if len(parts) != count:
                parts = [f(el) for f in single]
            return parts

        return read

    def nodes(self, path: str):
        return etree.XPath(_q(path, self.prefix), namespaces=self.ns)

    def text(self, path: str):
        return etree.XPath(_q(path, self.prefix) + "/text()", namespaces=self.ns)


def _q(path: str, prefix: str = "c:") -> str:
    """`RltdPties/Dbtr/Nm` -> `c:RltdPties/c:Dbtr/c:Nm` (attributes and functions kept; no prefix for a
    document in no namespace)."""
    if path.startswith("count("):
        return f"count({_q(path[6:-1], prefix)})"
    return "/".join(part if part.startswith("@") else f"{prefix}{part}" for part in path.split("/"))


_SEP = "\ue000"
_ENTRY = ("Amt", "Amt/@Ccy", "CdtDbtInd", "Sts", "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm",
          "AcctSvcrRef", "NtryRef", "AddtlNtryInf", "BkTxCd/Domn/Cd", "BkTxCd/Domn/Fmly/Cd",
          "BkTxCd/Domn/Fmly/SubFmlyCd", "BkTxCd/Prtry/Cd", "RvslInd")
_DETAIL = ("Refs/EndToEndId", "Refs/AcctSvcrRef", "RmtInf/Strd/CdtrRefInf/Ref", "AddtlTxInf", "CdtDbtInd",
           "Amt", "Amt/@Ccy", "AmtDtls/TxAmt/Amt", "AmtDtls/TxAmt/Amt/@Ccy", "AmtDtls/CntrValAmt/Amt",
           "AmtDtls/CntrValAmt/Amt/@Ccy", "AmtDtls/InstdAmt/Amt", "AmtDtls/InstdAmt/Amt/@Ccy",
           *(f"RltdPties/{side}{part}" for side in ("Dbtr", "UltmtDbtr", "Cdtr", "UltmtCdtr")
             for part in ("/Nm", "/Pty/Nm", "Acct/Id/IBAN", "Acct/Id/Othr/Id")),
           "RmtInf/Ustrd[1]", "RmtInf/Strd/RfrdDocInf/Nb[1]", "count(RmtInf/Ustrd)",
           "count(RmtInf/Strd/RfrdDocInf/Nb)", "count(RmtInf/Strd)", "RmtInf/Strd/AddtlRmtInf[1]",
           "count(RmtInf/Strd/AddtlRmtInf)", "Chrgs/TtlChrgsAndTaxAmt", "Chrgs/Rcrd/Amt")
_CHARGES = ("Chrgs/TtlChrgsAndTaxAmt", "Chrgs/Rcrd/Amt")  # the charges a bank took (or added), entry or detail
_ENTRY_FIELDS = (*_ENTRY, "NtryDtls/Btch/NbOfTxs", *_CHARGES, "count(NtryDtls/TxDtls)")
_TEXTS_AT = _DETAIL.index("RmtInf/Ustrd[1]")
_STATEMENT = ("Id", "Acct/Id/IBAN", "Acct/Id/Othr/Id", "Acct/Ccy", "TxsSummry/TtlCdtNtries/Sum",
              "TxsSummry/TtlDbtNtries/Sum")
_BALANCE = ("Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry", "Amt", "Amt/@Ccy", "CdtDbtInd", "Dt/Dt", "Dt/DtTm")
_PARTY_AT = {"Dbtr": 13, "UltmtDbtr": 17, "Cdtr": 21, "UltmtCdtr": 25}  # index of each side's first field


class _Readers:
    def __init__(self, ns: str):
        f = _Fields(ns)
        self.ntry = f.ntry
        self.entry = Walker(ns, _ENTRY_FIELDS, records="NtryDtls/TxDtls").read  # (fields, detail elements)
        self.detail = Walker(ns, _DETAIL).read
        self.statement = f.vector(_STATEMENT)
        self.balance = f.vector(_BALANCE)
        self.ustrd = f.text("RmtInf/Ustrd")
        # the documents and creditor references of every structured block but the first, whose
        # reference is the line's `reference` (a payment of several invoices gives one block each)
        # blocks, and each block's free note (`AddtlRmtInf`: German and Swiss banks' payment text)
        self.strd = etree.XPath(_q("RmtInf/Strd/RfrdDocInf/Nb", f.prefix) + "/text() | "
                                + _q("RmtInf/Strd[position() > 1]/CdtrRefInf/Ref", f.prefix) + "/text() | "
                                + _q("RmtInf/Strd/AddtlRmtInf", f.prefix) + "/text()",
                                namespaces=f.ns)
        self.balances = f.nodes("Bal")


def read_camt(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000) -> list[Statement]:
    """Every statement/report/notification of a camt file; `Refusal` naming file and place otherwise."""
    check_size(data, name, max_mb)
    problems: list[Problem] = []
    statements: list[Statement] = []
    lines: list[StatementLine] = []
    skipped = entries = in_statement = 0
    try:
        root = _check_prolog(data)
        ns, fmt = _namespace_and_format(root, data)
        if fmt is None:
            raise Refusal([Problem(MSG_NOT_CAMT, Source(name), {"root": root.rpartition("}")[2] or root})])
        label = _CONTAINERS.get(fmt[5:8], "Stmt")
        read = _Readers(ns)
        container = f"{{{ns}}}{label}" if ns else label
        for _event, el in etree.iterparse(io.BytesIO(data), events=("end",), tag=(read.ntry, container),
                                          resolve_entities=False, no_network=True, load_dtd=False,
                                          huge_tree=False, remove_comments=True, remove_pis=True):
            if el.tag == read.ntry:
                entries += 1
                if entries > max_lines:
                    raise too_many(name, max_lines)
                in_statement += 1  # the entry's own number: a batch split into several lines is one entry
                where = f"{label}[{len(statements) + 1}]/Ntry[{in_statement}]"
                got = _entry(el, read, Source(name, sheet=where), problems)
                if got is None:
                    skipped += 1
                else:
                    lines.extend(got)
                el.clear()
                previous = el.getprevious()
                while previous is not None and previous.tag == read.ntry:  # entries read leave no trace
                    before = previous.getprevious()
                    el.getparent().remove(previous)
                    previous = before
            else:
                where = Source(name, sheet=f"{label}[{len(statements) + 1}]")
                statements.append(_statement(el, read, fmt, where, lines, skipped, problems))
                lines, skipped, in_statement = [], 0, 0
                el.clear()
    except DefusedXmlException:
        raise Refusal([Problem(MSG_UNSAFE_XML, Source(name))]) from None
    except (ParseError, etree.LxmlError, LookupError) as exc:  # LookupError: an unknown declared encoding
        line, why = xml_fault(exc, data)
        raise Refusal([Problem(MSG_BAD_XML, Source(name, row=line), {"detail": why})]) from None
    if problems:
        raise Refusal(problems)
    if not statements:
        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    return join_pages(statements)  # pages with the opening on the first and the closing on the last (pages.py)


_VERSION = re.compile(r"camt\.05[234]\.\d{3}\.\d{2}")
_MESSAGE = re.compile(rb"<(?:[\w.-]+:)?(BkToCstmrStmt|BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn)[\s>]")
_SCHEMA_FILE = re.compile(rb"noNamespaceSchemaLocation=[\"'][^\"']*?(camt\.05[234]\.\d{3}\.\d{2})")
_KIND_OF = {b"BkToCstmrStmt": "camt.053", b"BkToCstmrAcctRpt": "camt.052", b"BkToCstmrDbtCdtNtfctn": "camt.054"}


def _namespace_and_format(root: str, data: bytes) -> tuple[str, str | None]:
    """The root's namespace and the message's name and version (`camt.053.001.04`); None for no camt.
    The namespace is ISO's (`urn:iso:std:iso:20022:tech:xsd:camt.053.001.04`), or any other ending in
    the message's name (the older `urn:swift:xsd:`); a `Document` in no namespace at all (banks that
    point at the schema by `xsi:noNamespaceSchemaLocation`) is named by its message element."""
    if root.rpartition("}")[2] != "Document":
        return _wrapped(data)
    if root.startswith("{"):
        ns = root[1:root.index("}")]
        tail = ns.rstrip("/").rpartition(":")[2].rpartition("/")[2]
        return ns, tail if _VERSION.fullmatch(tail) else None
    found = _MESSAGE.search(data[:65536])
    if found is None:
        return "", None
    kind = _KIND_OF[found[1]]
    version = _SCHEMA_FILE.search(data[:4096])
    return "", version[1].decode() if version and version[1].decode().startswith(kind) else kind


_DOCUMENT_TAG = re.compile(rb"<(?:[\w.-]+:)?Document(?=[\s>/])[^>]*>")
_DECLARED = re.compile(rb"xmlns(?::[\w.-]+)?\s*=\s*[\"']([^\"']*?(camt\.05[234]\.\d{3}\.\d{2}))[\"']")


def _wrapped(data: bytes) -> tuple[str, str | None]:
    """The camt `Document` inside an envelope (SWIFT's CBPR+ `Envelope`, a `BizMsgEnvlp`, a bank's own
    wrapper: the business application header `AppHdr` beside the `Document`, as banks deliver camt.053
    since the SWIFT ISO 20022 migration): its namespace and format, found in its start tag; None when the
    root wraps no camt document."""
    for tag in _DOCUMENT_TAG.finditer(data[:65536]):
        declared = _DECLARED.search(tag[0])
        if declared:
            return declared[1].decode(), declared[2].decode()
    return "", None


class _RootReached(Exception):
    def __init__(self, tag: str):
        super().__init__(tag)
        self.tag = tag


class _PrologGate(DefusedParser):
    """defusedxml's parser (DTD, entities and external references forbidden) stopping at the root."""

    def __init__(self):
        super().__init__(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self.parser.StartElementHandler = self._root

    @staticmethod
    def _root(tag: str, *_args) -> None:
        raise _RootReached("{" + tag if "}" in tag else tag)


def _check_prolog(data: bytes) -> str:
    """The root element's `{namespace}name`; DefusedXmlException for a document type or entity before
    it, ParseError for broken XML."""
    gate = _PrologGate()
    try:
        for start in range(0, len(data), 65536):
            gate.feed(data[start:start + 65536])
        gate.close()
    except _RootReached as reached:
        return reached.tag
    raise ParseError("no element found")  # pragma: no cover - close() raises first


def _day(day: str, stamp: str) -> date | None:
    text = day or stamp[:10]
    return date.fromisoformat(text) if text else None


def _clean(text: str) -> str:
    return "" if text.upper() in _NO_REF else text


def _count(text: str) -> int:
    """A `count()` field as the walk gives it (`2`): a number of elements."""
    return int(text)


_AT_MOST_ONE = frozenset({"0", "1"})


def _texts(fields: list[str], node, read: _Readers) -> list[str]:
    """The detail's remittance texts: from its field vector, or, for several lines or blocks, from the
    element (`Ustrd` lines cut at a fixed width joined without a space, as the bank cut them)."""
    # one line or none, and one document, block and note or none
    if (fields[_TEXTS_AT + 2] in _AT_MOST_ONE and fields[_TEXTS_AT + 3] in _AT_MOST_ONE
            and fields[_TEXTS_AT + 4] in _AT_MOST_ONE and fields[_TEXTS_AT + 6] in _AT_MOST_ONE):
        return [t for t in (*fields[_TEXTS_AT:_TEXTS_AT + 2], fields[_TEXTS_AT + 5]) if t]
    ustrd = _count(fields[_TEXTS_AT + 2])
    lines = [t.rstrip() for t in read.ustrd(node) if t.strip()] if ustrd > 1 else [fields[_TEXTS_AT]]
    texts = [join_cut(lines, _USTRD_WIDTHS)] if any(lines) else []
    return texts + [t.strip() for t in read.strd(node) if t.strip()]


def _entry(el, read: _Readers, where: Source, problems: list[Problem]) -> list[StatementLine] | None:
    vector, detail_nodes = read.entry(el)
    (amt, ccy, cdi, status, bookg, bookg_tm, val, val_tm, svcr_ref, ntry_ref, info, domn, fmly, subfmly,
     prtry, reversal) = vector[:16]
    if status and status.upper() not in ("BOOK", "BOOKED"):
        return None
    field, text = "Amt", amt
    try:
        amount = plain_amount(amt)
        if amount < 0:  # camt amounts carry no sign (CdtDbtInd gives it): `-5` with DBIT has no one reading
            raise ValueError(amt)
        field, text = "CdtDbtInd", cdi
        if cdi.upper() not in ("CRDT", "DBIT"):  # no side is no credit: a debit must not be booked as money in
            raise ValueError(cdi)
        field, text = "BookgDt", bookg or bookg_tm
        booking = _day(bookg, bookg_tm)
        field, text = "ValDt", val or val_tm
        value = _day(val, val_tm)
    except ValueError:
        problems.append(Problem(MSG_BAD_VALUE, where, {"what": field, "value": text[:60]}))
        return []
    if booking is None and value is None:
        problems.append(Problem(MSG_NO_DATE, where))
        return []
    cdi = cdi.upper()
    if cdi == "DBIT":
        amount = -amount
    currency = ccy.upper()
    bank_ref = svcr_ref or ntry_ref
    code = "-".join(x for x in (domn, fmly, subfmly) if x) or prtry or ""  # a plain "" for no code (walk's ABSENT)
    returned = reversal.lower() in ("true", "1")
    base = dict(currency=currency, booking_date=booking, value_date=value, code=code, reversal=returned)
    details = [(fields, _texts(fields, d, read)) for d in detail_nodes for fields in (read.detail(d)[0],)]
    if len(details) > 1:
        split = _split(details, amount, currency)
        if split is not None:
            out = []
            for i, (detail, part) in enumerate(zip(details, split), 1):
                own_ref = _clean(detail[0][1])
                out.append(StatementLine(Source(where.file, f"{where.sheet}/TxDtls[{i}]"), part,
                                         bank_reference=own_ref or (f"{bank_ref}/{i}" if bank_ref else ""),
                                         **base, **_detail_fields(detail, part, info, returned)))
            return out
    fields = _detail_fields(details[0], amount, info, returned) if details else {"remittance": squeeze(info)}
    part = _part_only(details, amount, currency, vector[16], vector[17:19])
    if len(details) > 1 or part:
        # not split: keep every detail's words for matching, and a party only all of them name; none when the
        # details are a part of the entry only (a batch of 3 giving one): one payer's name, account and
        # reference would carry the whole entry's amount to that payer's invoice
        each = [_detail_fields(d, amount, "", returned) for d in details]
        # each payer's reference then stays in the words, unless they are a part only (no reference for the whole)
        apart = not part and len({f["reference"] for f in each}) > 1
        fields["remittance"] = squeeze(" ".join(f"{f['remittance']} {f['reference'] if apart else ''}" for f in each)
                                       + " " + info)
        for key in ("counterparty_name", "counterparty_iban", "reference", "end_to_end_id"):
            if part or len({f[key] for f in each}) > 1:
                fields[key] = ""
    return [StatementLine(where, amount, bank_reference=_clean(bank_ref), **base, **fields)]


def _part_only(details, total: Decimal, currency: str, stated: str, charges=()) -> bool:
    """Whether the details describe only a part of the entry: the batch states more transactions than it
    details (`Btch/NbOfTxs`), or every detail gives its amount in the entry's currency and together they
    come short of the entry by more than a charge the bank states (details above the entry are gross of the
    charges taken: still the whole). A zero amount among them is one the bank left out: nothing is told."""
    if not details:
        return False
    if stated.isdigit() and int(stated) > len(details):
        return True
    amounts = []
    for fields, _texts in details:
        value = next((fields[at] for at in (5, 7, 9, 11) if fields[at] and fields[at + 1].upper() == currency), None)
        if value is None:
            return False
        try:
            amounts.append(plain_amount(value))
        except ValueError:
            return False
        if not amounts[-1]:  # `0`: a detail whose amount the bank left out, which says nothing
            return False
    short = abs(total) - sum(amounts, Decimal(0))
    if short <= 0:
        return False
    stated_charges = [*charges, *(c for fields, _texts in details for c in fields[-2:])]
    return not any(_is_amount(c, short) for c in stated_charges if c)


def _is_amount(text: str, amount: Decimal) -> bool:
    try:
        return plain_amount(text) == amount
    except ValueError:
        return False


def _split(details, total: Decimal, currency: str) -> list[Decimal] | None:
    """Each detail's amount in the entry's currency, signed; None unless they add up to the entry."""
    parts = []
    for fields, _texts in details:
        value = None
        for amount_at in (5, 7, 9, 11):  # Amt, TxAmt, CntrValAmt, InstdAmt, each followed by its currency
            if fields[amount_at] and fields[amount_at + 1].upper() == currency:
                try:
                    value = plain_amount(fields[amount_at])
                except ValueError:
                    return None
                break
        if value is None:
            return None
        sign = fields[4] or ("DBIT" if total < 0 else "CRDT")
        parts.append(-value if sign == "DBIT" else value)
    return parts if sum(parts, Decimal(0)) == total else None


def _detail_fields(detail, amount: Decimal, entry_info: str, returned: bool = False) -> dict[str, str]:
    """The counterparty is the payer of money in and the payee of money out; a reversal (`RvslInd`)
    keeps the parties of the payment it undoes, so the side is the other one."""
    fields, texts = detail
    sides = ("Dbtr", "UltmtDbtr") if (amount >= 0) != returned else ("Cdtr", "UltmtCdtr")
    name = iban = ""
    for side in sides:
        at = _PARTY_AT[side]
        name = name or fields[at] or fields[at + 1]
        iban = iban or fields[at + 2] or fields[at + 3]
    extra = fields[3]
    remittance = squeeze(" ".join(texts + ([extra] if extra else []) + ([entry_info] if entry_info else [])))
    return {"counterparty_name": squeeze(name), "counterparty_iban": normalise_account(iban),
            "reference": _clean(fields[2]), "remittance": remittance, "end_to_end_id": _clean(fields[0])}


def _interim_ends(opening, opening_date, closing, closing_date, interim):
    """The balances a report is checked between when it lacks OPBD/PRCD or CLBD: an intraday report
    (camt.052) states the booked balance at its time (ITBD), after the entries it lists. The earliest
    ITBD opens when nothing else does, the latest closes when no CLBD does; interim available balances
    (ITAV) include value-dated money and are never used. One balance alone checks nothing."""
    interim = sorted(interim, key=lambda item: item[0])  # ISO stamps sort by time; stable for equal ones
    if closing is None and interim and (opening is not None or len(interim) > 1):
        _stamp, closing, closing_date = interim.pop()
        if opening is None:
            _stamp, opening, opening_date = interim[0]
    return opening, opening_date, closing, closing_date


def _statement(el, read: _Readers, fmt: str, where: Source, lines: list[StatementLine], skipped: int,
               problems: list[Problem]) -> Statement:
    statement_id, iban, other_id, acct_ccy, ttl_cdt, ttl_dbt = read.statement(el)
    account = iban or other_id
    currency = acct_ccy.upper()
    opening = closing = None
    opening_date = closing_date = None
    intermediate: list[tuple[str, Decimal, date | None]] = []
    for bal in read.balances(el):
        cd, prtry, amt, ccy, cdi, dt, dttm = read.balance(bal)
        code = (cd or prtry).upper()
        if not amt:
            continue
        try:
            amount = plain_amount(amt)
            day = _day(dt, dttm)
        except ValueError as exc:
            problems.append(Problem(MSG_BAD_VALUE, where, {"what": f"Bal {code}", "value": str(exc)[:60]}))
            continue
        amount = -amount if cdi == "DBIT" else amount
        currency = currency or ccy.upper()
        if code in _OPENING and opening is None:
            opening, opening_date = amount, day
        elif code in _CLOSING and closing is None:
            closing, closing_date = amount, day
        elif code == "ITBD":
            intermediate.append((dttm or dt, amount, day))
    opening, opening_date, closing, closing_date = _interim_ends(opening, opening_date, closing, closing_date,
                                                                 intermediate)
    if not currency and lines:
        currency = lines[0].currency
    credits = debits = None
    if opening is None and not skipped:
        try:
            credits = plain_amount(ttl_cdt) if ttl_cdt else None
            debits = plain_amount(ttl_dbt) if ttl_dbt else None
        except ValueError:
            credits = debits = None
    return Statement(where, fmt, account, currency, statement_id, opening, closing, opening_date, closing_date,
                     tuple(lines), debits, credits, skipped)
