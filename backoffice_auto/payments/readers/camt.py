"""ISO 20022 camt.053 (statement), camt.052 (report) and camt.054 (notification) to `Statement`s.

Parsed through defusedxml (no DTD, no entities, no external references: an XML bomb or an
`file:///etc/passwd` entity is refused, never expanded) as a stream, one entry at a time,
so a 100,000-entry file is read in bounded memory. The reader takes the namespace from the
root element, so every version (001.02 to 001.08 and later) is read by the same paths;
where versions differ (status as text or as `Sts/Cd`, parties as `Dbtr/Nm` or
`Dbtr/Pty/Nm`) both forms are tried. A batch entry (`NtryDtls` with several `TxDtls`) is
split into its transactions when their amounts add up to the entry; otherwise it stays
one line carrying all the details' texts, so the balance still holds.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.model import Statement, StatementLine, normalise_account
from backoffice_auto.payments.readers.text import check_size, plain_amount, squeeze, too_many

MSG_NOT_CAMT = N_("This XML file is not an ISO 20022 bank statement (camt.052, camt.053 or camt.054): "
                  "its root element is {root}.")
MSG_BAD_XML = N_("The XML is not well formed: {detail}.")
MSG_UNSAFE_XML = N_("The XML declares a document type, entities or external references, which bank statements "
                    "never need; refused for safety.")
MSG_BAD_VALUE = N_("Cannot read {what} '{value}'.")

CAMT_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.05"
_CONTAINERS = {"053": "Stmt", "052": "Rpt", "054": "Ntfctn"}
_OPENING = ("OPBD", "PRCD")
_CLOSING = ("CLBD",)
_NO_REF = frozenset({"", "NOTPROVIDED", "NONREF", "NONE"})


def looks_like_camt(head: bytes) -> bool:
    return b"camt.05" in head[:4096] and b"<" in head[:64]


class _Paths:
    """Element paths in the document's own namespace, built once per file."""

    def __init__(self, ns: str):
        def p(path: str) -> str:
            return "/".join(f"{{{ns}}}{part}" for part in path.split("/"))

        self.q = p
        for attr, path in {
            "amt": "Amt", "cdi": "CdtDbtInd", "sts": "Sts", "sts_cd": "Sts/Cd", "bookg_dt": "BookgDt/Dt",
            "bookg_dttm": "BookgDt/DtTm", "val_dt": "ValDt/Dt", "val_dttm": "ValDt/DtTm",
            "svcr_ref": "AcctSvcrRef", "ntry_ref": "NtryRef", "addtl": "AddtlNtryInf",
            "txdtls": "NtryDtls/TxDtls", "domn": "BkTxCd/Domn/Cd", "fmly": "BkTxCd/Domn/Fmly/Cd",
            "subfmly": "BkTxCd/Domn/Fmly/SubFmlyCd", "prtry": "BkTxCd/Prtry/Cd",
            "e2e": "Refs/EndToEndId", "tx_svcr_ref": "Refs/AcctSvcrRef", "tx_id": "Refs/TxId",
            "tx_amts": "AmtDtls/TxAmt/Amt", "cntrval": "AmtDtls/CntrValAmt/Amt", "instd": "AmtDtls/InstdAmt/Amt",
            "ustrd": "RmtInf/Ustrd", "cdtr_ref": "RmtInf/Strd/CdtrRefInf/Ref", "doc_nb": "RmtInf/Strd/RfrdDocInf/Nb",
            "addtl_tx": "AddtlTxInf", "id": "Id", "acct_iban": "Acct/Id/IBAN", "acct_othr": "Acct/Id/Othr/Id",
            "acct_ccy": "Acct/Ccy", "bal": "Bal", "bal_cd": "Tp/CdOrPrtry/Cd", "bal_prtry": "Tp/CdOrPrtry/Prtry",
            "dt": "Dt/Dt", "dttm": "Dt/DtTm", "ttl_cdt": "TxsSummry/TtlCdtNtries/Sum",
            "ttl_dbt": "TxsSummry/TtlDbtNtries/Sum",
        }.items():
            setattr(self, attr, p(path))
        self.ntry = p("Ntry")
        self.party = {side: (p(f"RltdPties/{side}/Nm"), p(f"RltdPties/{side}/Pty/Nm"),
                             p(f"RltdPties/{side}Acct/Id/IBAN"), p(f"RltdPties/{side}Acct/Id/Othr/Id"))
                      for side in ("Dbtr", "Cdtr", "UltmtDbtr", "UltmtCdtr")}


def read_camt(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000) -> list[Statement]:
    """Every statement/report/notification of a camt file; `Refusal` naming file and place otherwise."""
    check_size(data, name, max_mb)
    problems: list[Problem] = []
    statements: list[Statement] = []
    paths: _Paths | None = None
    fmt = container = ""
    lines: list[StatementLine] = []
    skipped = entries = index = 0
    try:
        for event, el in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if paths is None:
                    tag = el.tag
                    if not tag.startswith("{" + CAMT_PREFIX):
                        raise Refusal([Problem(MSG_NOT_CAMT, Source(name), {"root": tag.rpartition("}")[2] or tag})])
                    ns = tag[1:tag.index("}")]
                    fmt = ns.rpartition(":")[2]  # camt.053.001.04
                    container = _CONTAINERS.get(fmt[5:8], "Stmt")
                    paths = _Paths(ns)
                    container = paths.q(container)
                elif el.tag == container:
                    index += 1
                    lines, skipped = [], 0
                continue
            tag = el.tag
            if paths is not None and tag == paths.ntry:
                entries += 1
                if entries > max_lines:
                    raise too_many(name, max_lines)
                where = f"{container.rpartition('}')[2]}[{index}]/Ntry[{len(lines) + skipped + 1}]"
                got = _entry(el, paths, Source(name, sheet=where), problems)
                if got is None:
                    skipped += 1
                else:
                    lines.extend(got)
                el.clear()
            elif paths is not None and tag == container:
                statements.append(_statement(el, paths, fmt, Source(name, sheet=f"{container.rpartition('}')[2]}[{index}]"),
                                             lines, skipped, problems))
                el.clear()
    except ParseError as exc:
        line = getattr(exc, "position", (None, None))[0]
        raise Refusal([Problem(MSG_BAD_XML, Source(name, row=line), {"detail": str(exc).split(":")[0]})]) from None
    except DefusedXmlException:
        raise Refusal([Problem(MSG_UNSAFE_XML, Source(name))]) from None
    if problems:
        raise Refusal(problems)
    if not statements:
        from backoffice_auto.payments.readers.text import MSG_NO_LINES

        raise Refusal([Problem(MSG_NO_LINES, Source(name))])
    return statements


def _text(el: Element, path: str) -> str:
    found = el.find(path)
    return (found.text or "").strip() if found is not None else ""


def _day(el: Element, day_path: str, stamp_path: str) -> date | None:
    text = _text(el, day_path) or _text(el, stamp_path)[:10]
    return date.fromisoformat(text) if text else None


def _amount(amt: Element | None) -> tuple[Decimal, str] | None:
    if amt is None:
        return None
    return plain_amount(amt.text or ""), (amt.get("Ccy") or "").strip().upper()


def _entry(el: Element, p: _Paths, where: Source, problems: list[Problem]) -> list[StatementLine] | None:
    status = _text(el, p.sts_cd) or _text(el, p.sts)
    if status and status.upper() not in ("BOOK", "BOOKED"):
        return None
    try:
        got = _amount(el.find(p.amt))
        if got is None:
            raise ValueError("Amt")
        amount, currency = got
        if _text(el, p.cdi) == "DBIT":
            amount = -amount
        booking = _day(el, p.bookg_dt, p.bookg_dttm)
        value = _day(el, p.val_dt, p.val_dttm)
    except ValueError as exc:
        problems.append(Problem(MSG_BAD_VALUE, where, {"what": "Amt/BookgDt/ValDt", "value": str(exc)[:60]}))
        return []
    bank_ref = _text(el, p.svcr_ref) or _text(el, p.ntry_ref)
    code = "-".join(x for x in (_text(el, p.domn), _text(el, p.fmly), _text(el, p.subfmly)) if x) or _text(el, p.prtry)
    entry_info = _text(el, p.addtl)
    details = el.findall(p.txdtls)
    base = dict(currency=currency, booking_date=booking, value_date=value, code=code)
    if len(details) > 1:
        split = _split(details, p, amount, currency)
        if split is not None:
            out = []
            for i, (d, part) in enumerate(zip(details, split), 1):
                own_ref = _clean(_text(d, p.tx_svcr_ref))
                out.append(StatementLine(Source(where.file, f"{where.sheet}/TxDtls[{i}]"), part,
                                         bank_reference=own_ref or (f"{bank_ref}/{i}" if bank_ref else ""),
                                         **base, **_detail_fields(d, p, part, entry_info)))
            return out
    fields = _detail_fields(details[0], p, amount, entry_info) if details else {
        "remittance": squeeze(entry_info)}
    if len(details) > 1:  # not split: keep every detail's words for matching
        fields["remittance"] = squeeze(" ".join(_detail_fields(d, p, amount, "")["remittance"] for d in details)
                                       + " " + entry_info)
    return [StatementLine(where, amount, bank_reference=_clean(bank_ref), **base, **fields)]


def _split(details: list[Element], p: _Paths, total: Decimal, currency: str) -> list[Decimal] | None:
    parts = []
    for d in details:
        value = None
        for path in (p.amt, p.tx_amts, p.cntrval, p.instd):
            for amt in d.findall(path):
                try:
                    got = _amount(amt)
                except ValueError:
                    return None
                if got and got[1] == currency:
                    value = got[0]
                    break
            if value is not None:
                break
        if value is None:
            return None
        sign = _text(d, p.cdi) or ("DBIT" if total < 0 else "CRDT")
        parts.append(-value if sign == "DBIT" else value)
    return parts if sum(parts, Decimal(0)) == total else None


def _clean(text: str) -> str:
    return "" if text.upper() in _NO_REF else text


def _detail_fields(d: Element, p: _Paths, amount: Decimal, entry_info: str) -> dict[str, str]:
    sides = ("Dbtr", "UltmtDbtr") if amount >= 0 else ("Cdtr", "UltmtCdtr")
    name = iban = ""
    for side in sides:
        nm, pty_nm, acct_iban, acct_othr = p.party[side]
        name = name or _text(d, nm) or _text(d, pty_nm)
        iban = iban or _text(d, acct_iban) or _text(d, acct_othr)
    texts = [t.text.strip() for t in d.findall(p.ustrd) if t.text and t.text.strip()]
    texts += [t.text.strip() for t in d.findall(p.doc_nb) if t.text and t.text.strip()]
    extra = _text(d, p.addtl_tx)
    remittance = squeeze(" ".join(texts + ([extra] if extra else []) + ([entry_info] if entry_info else [])))
    return {"counterparty_name": squeeze(name), "counterparty_iban": normalise_account(iban),
            "reference": _clean(_text(d, p.cdtr_ref)), "remittance": remittance,
            "end_to_end_id": _clean(_text(d, p.e2e))}


def _statement(el: Element, p: _Paths, fmt: str, where: Source, lines: list[StatementLine], skipped: int,
               problems: list[Problem]) -> Statement:
    account = _text(el, p.acct_iban) or _text(el, p.acct_othr)
    currency = _text(el, p.acct_ccy).upper()
    opening = closing = None
    opening_date = closing_date = None
    intermediate: list[tuple[Decimal, date | None]] = []
    for bal in el.findall(p.bal):
        code = (_text(bal, p.bal_cd) or _text(bal, p.bal_prtry)).upper()
        try:
            got = _amount(bal.find(p.amt))
            day = _day(bal, p.dt, p.dttm)
        except ValueError as exc:
            problems.append(Problem(MSG_BAD_VALUE, where, {"what": f"Bal {code}", "value": str(exc)[:60]}))
            continue
        if got is None:
            continue
        amount = -got[0] if _text(bal, p.cdi) == "DBIT" else got[0]
        currency = currency or got[1]
        if code in _OPENING and opening is None:
            opening, opening_date = amount, day
        elif code in _CLOSING and closing is None:
            closing, closing_date = amount, day
        elif code == "ITBD":
            intermediate.append((amount, day))
    if opening is None and closing is None and len(intermediate) >= 2:  # an intraday report between two ITBD
        (opening, opening_date), (closing, closing_date) = intermediate[0], intermediate[-1]
    if not currency and lines:
        currency = lines[0].currency
    credits = debits = None
    if opening is None and not skipped:
        try:
            credits = plain_amount(_text(el, p.ttl_cdt)) if _text(el, p.ttl_cdt) else None
            debits = plain_amount(_text(el, p.ttl_dbt)) if _text(el, p.ttl_dbt) else None
        except ValueError:
            credits = debits = None
    return Statement(where, fmt, account, currency, _text(el, p.id), opening, closing, opening_date, closing_date,
                     tuple(lines), debits, credits, skipped)
