"""Statements written in the tests: camt.052/053/054 of any version, MT940/MT942, OFX, CSV.

Each writer takes an opening balance and lines and computes the closing balance (or takes
a wrong one on purpose), so tests state what they mean in a line.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape


def _signed(amount: str, mark: str) -> Decimal:
    value = Decimal(amount.replace(",", "."))
    if mark in ("DBIT", "D", "RC") and value > 0:
        value = -value
    return value


def camt053(account: str, opening: str, lines, *, closing: str | None = None, version: str = "04",
            kind: str = "053", statement_id: str = "S1", currency: str = "EUR", other_id: bool = False,
            details: dict[int, list[tuple[str, str]]] | None = None, status_as_code: bool | None = None,
            end_to_end: dict[int, str] | None = None) -> bytes:
    """lines: (amount, CRDT|DBIT, bank reference, remittance text); `details[i]` splits entry i
    into (amount, remittance) transaction details; `end_to_end[i]`: entry i's end-to-end id
    (else `E2E-i`)."""
    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.{version}"
    container = {"053": "Stmt", "052": "Rpt", "054": "Ntfctn"}[kind]
    root = {"053": "BkToCstmrStmt", "052": "BkToCstmrAcctRpt", "054": "BkToCstmrDbtCdtNtfctn"}[kind]
    status_code = status_as_code if status_as_code is not None else int(version) >= 8
    total = Decimal(opening)
    entries = []
    for i, (amount, mark, ref, text) in enumerate(lines, 1):
        value = _signed(amount, mark)
        total += value
        indicator = "CRDT" if value >= 0 else "DBIT"
        status = "<Sts><Cd>BOOK</Cd></Sts>" if status_code else "<Sts>BOOK</Sts>"
        party = "Dbtr" if value >= 0 else "Cdtr"
        if details and i in details:
            txs = "".join(
                f"<TxDtls><Refs><EndToEndId>E2E-{i}-{j}</EndToEndId></Refs>"
                f"<Amt Ccy=\"{currency}\">{abs(Decimal(a))}</Amt><CdtDbtInd>{indicator}</CdtDbtInd>"
                f"<RmtInf><Ustrd>{escape(t)}</Ustrd></RmtInf></TxDtls>"
                for j, (a, t) in enumerate(details[i], 1))
        else:
            txs = (f"<TxDtls><Refs><EndToEndId>{escape((end_to_end or {}).get(i, f'E2E-{i}'))}</EndToEndId></Refs>"
                   f"<RltdPties><{party}><Nm>Party {i}</Nm></{party}><{party}Acct><Id><IBAN>CZ6508000000192000145399"
                   f"</IBAN></Id></{party}Acct></RltdPties>"
                   f"<RmtInf><Ustrd>{escape(text)}</Ustrd></RmtInf></TxDtls>")
        entries.append(
            f"<Ntry><Amt Ccy=\"{currency}\">{abs(value)}</Amt><CdtDbtInd>{indicator}</CdtDbtInd>{status}"
            f"<BookgDt><Dt>2026-11-02</Dt></BookgDt><ValDt><Dt>2026-11-02</Dt></ValDt>"
            + (f"<AcctSvcrRef>{escape(ref)}</AcctSvcrRef>" if ref else "")
            + f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
            f"<NtryDtls>{txs}</NtryDtls></Ntry>")
    close = Decimal(closing) if closing is not None else total
    acct = f"<Othr><Id>{account}</Id></Othr>" if other_id else f"<IBAN>{account}</IBAN>"

    def bal(code: str, amount: Decimal, day: str) -> str:
        return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{currency}\">{abs(amount)}</Amt>"
                f"<CdtDbtInd>{'CRDT' if amount >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")

    balances = "" if kind == "054" else bal("OPBD", Decimal(opening), "2026-11-01") + bal("CLBD", close, "2026-11-02")
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"{ns}\"><{root}>"
            f"<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-02T18:00:00</CreDtTm></GrpHdr>"
            f"<{container}><Id>{statement_id}</Id><CreDtTm>2026-11-02T18:00:00</CreDtTm>"
            f"<Acct><Id>{acct}</Id><Ccy>{currency}</Ccy></Acct>{balances}{''.join(entries)}"
            f"</{container}></{root}></Document>\n").encode("utf-8")


def _swift(value: Decimal) -> str:
    return f"{abs(value):.2f}".replace(".", ",")


def mt940(account: str, opening: str, lines, *, closing: str | None = None, reference: str = "A",
          currency: str = "EUR", encoding: str = "utf-8", structured: bool = False) -> bytes:
    """lines: (amount, C|D|RC|RD, bank reference, :86: text)."""
    total = Decimal(opening.replace(",", "."))
    out = [f":20:{reference}", f":25:{account}", ":28C:1/1",
           f":60F:{'C' if total >= 0 else 'D'}261101{currency}{_swift(total)}"]
    for amount, mark, ref, text in lines:
        value = _signed(amount, mark)
        if mark in ("RD",):
            value = abs(value)
        total += value
        out.append(f":61:2611021102{mark}{_swift(value)}NTRFNONREF" + (f"//{ref}" if ref else ""))
        if structured:
            out.append(f":86:166?00GUTSCHRIFT?20EREF+E2E?21SVWZ+{text[:20]}?32Payer Name")
        else:
            out.append(f":86:{text}")
    close = Decimal(closing.replace(",", ".")) if closing is not None else total
    out.append(f":62F:{'C' if close >= 0 else 'D'}261102{currency}{_swift(close)}")
    out.append("-")
    return ("\r\n".join(out) + "\r\n").encode(encoding)


def ofx(account: str, lines, *, closing: str | None = None, version: int = 1, currency: str = "EUR") -> bytes:
    """lines: (amount, FITID, name, memo). OFX 1 (SGML, unclosed tags) or OFX 2 (XML)."""
    total = sum((Decimal(a) for a, *_ in lines), Decimal(0))
    trns = "".join(
        f"<STMTTRN><TRNTYPE>{'CREDIT' if Decimal(a) >= 0 else 'DEBIT'}</TRNTYPE><DTPOSTED>20261102120000"
        f"</DTPOSTED><TRNAMT>{a}</TRNAMT><FITID>{fitid}</FITID><NAME>{escape(name)}</NAME>"
        + (f"<MEMO>{escape(memo)}</MEMO>" if memo else "") + "</STMTTRN>" for a, fitid, name, memo in lines)
    body = (f"<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY>"
            f"</STATUS><STMTRS><CURDEF>{currency}</CURDEF><BANKACCTFROM><BANKID>2010</BANKID><ACCTID>{account}"
            f"</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><DTSTART>20261101</DTSTART>"
            f"<DTEND>20261102</DTEND>{trns}</BANKTRANLIST><LEDGERBAL><BALAMT>{closing or total}</BALAMT>"
            f"<DTASOF>20261102</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>")
    if version == 2:
        head = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n')
        return (head + body).encode("utf-8")
    import re

    sgml = re.sub(r"</(TRNTYPE|DTPOSTED|TRNAMT|FITID|NAME|MEMO|CURDEF|BANKID|ACCTID|ACCTTYPE|DTSTART|DTEND|BALAMT|"
                  r"DTASOF|TRNUID|CODE|SEVERITY)>", "\n", body)
    head = ("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
            "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n")
    return (head + sgml).encode("ascii")


def bank_rows(workspace) -> list[dict]:
    """The books' bank_transactions rows of a workspace, in their stored order."""
    from backoffice_auto.books.store import Store

    store = Store(workspace.db_path)
    try:
        return store.read().rows("bank_transactions")
    finally:
        store.close()


def process_bank_file(workspace, name: str, data: bytes) -> dict:
    """`data` dropped into the workspace's inbox/bank/ as `name` and processed by the real pipeline;
    the job's result, which must be done."""
    from backoffice_auto.pipeline.runner import Pipeline

    path = workspace.inbox / "bank" / name
    path.write_bytes(data)
    [out] = Pipeline(workspace).process_paths([path])
    assert out["status"] == "done", out
    return out


def drop_approval(workspace, pipeline, book, name: str = "r.xlsx") -> dict:
    """`book` (an openpyxl workbook a clerk edited) saved into inbox/approvals/ as `name` and
    processed by `pipeline`; the job's result."""
    import io

    data = io.BytesIO()
    book.save(data)
    path = workspace.inbox / "approvals" / name
    path.write_bytes(data.getvalue())
    return pipeline.process_paths([path])[0]


def invoices_paid(workspace) -> dict:
    """invoice number -> paid, from the workspace's books."""
    from backoffice_auto.books.store import Store

    store = Store(workspace.db_path)
    try:
        return {r["invoice_number"]: r["paid"] for r in store.read().rows("sales_invoices")}
    finally:
        store.close()


def seed_open_invoices(workspace, customer: dict, invoices, issue, due) -> None:
    """`customer` (a customers row) and its open invoices, each `(number, currency, total)`
    issued on `issue` and due on `due`, written into the workspace's books."""
    from backoffice_auto.books.store import Store

    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", customer)
            for number, currency, total in invoices:
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": customer["customer_id"],
                                                "issue_date": issue, "due_date": due, "currency": currency,
                                                "total": Decimal(total), "paid": Decimal(0), "status": "open"})
    finally:
        store.close()
