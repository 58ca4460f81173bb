"""Demo bank statements: a camt.053 for the main account paying the demo's own invoices, and an
MT940 for the second account.

Written after the orders step, from the sales invoices it issued (read from the books), so
the statement pays real invoice numbers in the ways customers really pay: one exactly, one
in part, two invoices with one transfer, one with a typo in the number, one short by a bank
fee, one less the early-payment discount the customer's terms allow, and a decoy of the
same amount as an open invoice with no reference from an unknown payer (to be suggested,
never posted). The MT940 file for the second account (`company.accounts`) carries a
customer payment by variable symbol in the German `?20` form, and the bank's charges.
Deterministic for a seed and a date.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from backoffice_auto.money import round_money
from backoffice_auto.payments.readers.checks import company_accounts

Line = tuple[Decimal, str, str, str, str, str]  # amount, bank reference, payer name, payer IBAN, remittance, e2e


def _open_invoices(workspace) -> tuple[list[dict], dict[str, dict]]:
    from backoffice_auto.books.store import Store

    store = Store(workspace.db_path)
    try:
        books = store.read()
        invoices = [r for r in books.rows("sales_invoices") if r.get("status") in ("open", None)
                    and (r.get("total") or 0) > 0]
        customers = {c["customer_id"]: c for c in books.rows("customers")}
    finally:
        store.close()
    return invoices, customers


def _settings(workspace):
    from backoffice_auto.rules.loader import load_rules
    from backoffice_auto.rules.settings_model import Settings

    loaded = load_rules(workspace.rules_dir)
    return loaded.rules.settings if loaded.rules is not None else Settings()


def _typo(number: str) -> str:
    """The number with its last two digits swapped (or its last digit changed when they are equal)."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    if len(digits) < 2:
        return number + "1"
    a, b = digits[-2], digits[-1]
    chars = list(number)
    if chars[a] != chars[b]:
        chars[a], chars[b] = chars[b], chars[a]
    else:
        chars[b] = str((int(chars[b]) + 1) % 10)
    return "".join(chars)


def demo_lines(invoices: list[dict], customers: dict[str, dict], currency: str,
               seed: int = 0) -> tuple[list[Line], set[str]]:
    """The main account's statement lines, built from the open invoices in the account's currency,
    and the invoice numbers they use."""
    rng = random.Random(seed * 104729 + 11)
    pool = sorted((i for i in invoices if (i.get("currency") or currency) == currency),
                  key=lambda i: i["invoice_number"])
    used: set[str] = set()
    n = 0

    def take(pred=lambda inv: True) -> dict | None:
        for inv in pool:
            if inv["invoice_number"] not in used and pred(inv):
                used.add(inv["invoice_number"])
                return inv
        return None

    def payer(inv: dict) -> tuple[str, str]:
        c = customers.get(inv["customer_id"], {})
        return c.get("name") or inv["customer_id"], (c.get("iban") or "").replace(" ", "")

    def line(amount: Decimal, inv: dict | None, text: str, name: str = "", iban: str = "") -> Line:
        nonlocal n
        n += 1
        if inv is not None and not name:
            name, iban = payer(inv)
        return (amount, f"DEMO-{seed}-{n:04d}", name, iban, text, f"E2E-{rng.randint(10**7, 10**8 - 1)}")

    out: list[Line] = []
    if (inv := take()) is not None:  # paid exactly, the number in the text
        out.append(line(inv["total"], inv, f"Invoice {inv['invoice_number']}"))
    if (inv := take(lambda i: i["total"] >= 100)) is not None:  # paid in part
        out.append(line(round_money(inv["total"] * Decimal("0.4"), currency), inv,
                        f"{inv['invoice_number']} first instalment"))
    by_customer: dict[str, list[dict]] = {}
    for inv in pool:
        if inv["invoice_number"] not in used:
            by_customer.setdefault(inv["customer_id"], []).append(inv)
    pair = next((v[:2] for v in by_customer.values() if len(v) >= 2), None)
    if pair:  # two invoices, one transfer
        used.update(i["invoice_number"] for i in pair)
        out.append(line(pair[0]["total"] + pair[1]["total"], pair[0],
                        f"Invoices {pair[0]['invoice_number']} and {pair[1]['invoice_number']}"))
    if (inv := take()) is not None:  # a typo in the number
        out.append(line(inv["total"], inv, f"Payment for invoice {_typo(inv['invoice_number'])}"))
    if (inv := take(lambda i: i["total"] >= 300)) is not None:  # short by the payer's bank fee
        out.append(line(inv["total"] - Decimal("2.50"), inv, f"{inv['invoice_number']}"))

    def two_ten(inv: dict) -> bool:
        terms = (customers.get(inv["customer_id"], {}).get("payment_terms") or "").replace(" ", "")
        return terms.startswith("2/10")

    if (inv := take(two_ten)) is not None:  # the early-payment discount taken
        out.append(line(inv["total"] - round_money(inv["total"] * Decimal("0.02"), currency), inv,
                        f"Invoice {inv['invoice_number']} less 2 % discount"))
    if (inv := take()) is not None:  # a decoy: same amount, no reference, a payer nobody knows
        out.append(line(inv["total"], None, "Payment", "J. Novak", "CZ5508000000001234567899"))
    out.append(line(Decimal("-18.40"), None, "Account maintenance fee November", "Demo Bank", ""))
    return out, used


def camt053(account: str, currency: str, opening: Decimal, lines: list[Line], day: date, statement_id: str) -> bytes:
    """A camt.053.001.08 statement as banks send it (one entry per line, one transaction detail each)."""
    closing = opening + sum((ln[0] for ln in lines), Decimal(0))

    def bal(code: str, amount: Decimal) -> str:
        return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{currency}\">{abs(amount)}</Amt>"
                f"<CdtDbtInd>{'CRDT' if amount >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")

    entries = []
    for amount, ref, name, iban, text, e2e in lines:
        credit = amount >= 0
        side = "Dbtr" if credit else "Cdtr"
        party = f"<{side}><Pty><Nm>{escape(name)}</Nm></Pty></{side}>" if name else ""
        party += f"<{side}Acct><Id><IBAN>{iban}</IBAN></Id></{side}Acct>" if iban else ""
        family = "RCDT-ESCT" if credit else "CCRD-CHRG"
        fam, sub = family.split("-")
        entries.append(
            f"<Ntry><Amt Ccy=\"{currency}\">{abs(amount)}</Amt><CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd>"
            f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
            f"<AcctSvcrRef>{ref}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fam}</Cd>"
            f"<SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs>"
            f"<EndToEndId>{e2e}</EndToEndId></Refs><Amt Ccy=\"{currency}\">{abs(amount)}</Amt>"
            f"<CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd>"
            + (f"<RltdPties>{party}</RltdPties>" if party else "")
            + f"<RmtInf><Ustrd>{escape(text)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>")
    ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"{ns}\"><BkToCstmrStmt>"
            f"<GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>{day}T18:00:00</CreDtTm></GrpHdr>"
            f"<Stmt><Id>{statement_id}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>{day}T18:00:00</CreDtTm>"
            f"<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>{currency}</Ccy></Acct>"
            f"{bal('OPBD', opening)}{bal('CLBD', closing)}{''.join(entries)}</Stmt></BkToCstmrStmt></Document>\n"
            ).encode("utf-8")


def _swift(amount: Decimal) -> str:
    return f"{abs(amount):.2f}".replace(".", ",")


def mt940(account: str, currency: str, opening: Decimal, lines: list[Line], day: date, reference: str) -> bytes:
    """An MT940 statement in the German SEPA form (`?20` purpose, `?32` name, `?31` IBAN), cp1252."""
    yymmdd = f"{day:%y%m%d}"
    total = opening
    out = [f":20:{reference}", f":25:{account}", ":28C:1/1",
           f":60F:{'C' if opening >= 0 else 'D'}{yymmdd}{currency}{_swift(opening)}"]
    for amount, ref, name, iban, text, e2e in lines:
        total += amount
        out.append(f":61:{yymmdd}{day:%m%d}{'C' if amount >= 0 else 'D'}{_swift(amount)}NTRFNONREF//{ref}")
        purpose = f"EREF+{e2e}SVWZ+{text}"
        chunks = [purpose[i:i + 27] for i in range(0, len(purpose), 27)][:10]
        code = "166" if amount >= 0 else "805"
        out.append(f":86:{code}?00{'GUTSCHRIFT' if amount >= 0 else 'ENTGELT'}"
                   + "".join(f"?{20 + i}{c}" for i, c in enumerate(chunks))
                   + (f"?31{iban}" if iban else "") + (f"?32{name[:27]}" if name else ""))
    out.append(f":62F:{'C' if total >= 0 else 'D'}{yymmdd}{currency}{_swift(total)}")
    out.append("-")
    wrapped = []
    for row in out:  # SWIFT lines are at most 65 characters
        wrapped += [row[i:i + 65] for i in range(0, len(row), 65)] or [""]
    return ("\r\n".join(wrapped) + "\r\n").encode("cp1252", errors="replace")


def drop_demo_files(workspace, seed: int = 0, today: date | None = None) -> list[Path]:
    """Write the two statements into `inbox/bank/`; returns the files written."""
    today = today or date.today()
    settings = _settings(workspace)
    currency = settings.currency
    accounts = [a.replace(" ", "") for a in (settings.company.iban, *settings.company.accounts) if a]
    if not company_accounts(settings.company):
        return []
    invoices, customers = _open_invoices(workspace)
    lines, used = demo_lines(invoices, customers, currency, seed)
    folder = workspace.inbox / "bank"
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / f"camt053-{today:%Y-%m-%d}.xml"
    main.write_bytes(camt053(accounts[0], currency, Decimal("25000.00"), lines, today, f"STMT-{today:%Y%m%d}-1"))
    files = [main]
    if len(accounts) > 1:
        other = next((i for i in sorted(invoices, key=lambda i: i["invoice_number"], reverse=True)
                      if i["invoice_number"] not in used and (i.get("currency") or currency) == currency), None)
        second: list[Line] = []
        if other is not None:
            c = customers.get(other["customer_id"], {})
            digits = "".join(ch for ch in other["invoice_number"] if ch.isdigit())[-10:]
            second.append((other["total"], f"MT-{seed}-0001", c.get("name") or "", (c.get("iban") or "").replace(" ", ""),
                           f"VS {digits} {other['invoice_number']}", f"E2E-{seed}-MT1"))
        second.append((Decimal("-6.90"), f"MT-{seed}-0002", "", "", "Kontofuehrung / account fee", "NOTPROVIDED"))
        path = folder / f"mt940-{today:%Y-%m-%d}.sta"
        path.write_bytes(mt940(accounts[1], currency, Decimal("4800.00"), second, today, f"DEMO{today:%y%m%d}"))
        files.append(path)
    return files
