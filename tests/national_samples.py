"""Valid Czech ABO/GPC, Spanish Norma 43 and French CFONB 120 statements with known contents.

Each function lays the records out field by field as the format's published layout puts
them (widths checked here: a generator that drifts fails loudly, never hands a reader a
file that only looks right). Accounts are real-looking and pass their national checks:
the Czech ones modulo 11, the Spanish CCC's control digits and the French RIB key are
computed here independently of the readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

CZ_ACCOUNT = ("19", "2000145399")  # prefix, number: CZ65 0800 0000 1920 0014 5399 at bank 0800
CZ_IBAN = "CZ6508000000192000145399"
ES_PARTS = ("2100", "0418", "0200051332")  # entidad, oficina, cuenta: DC 45
ES_IBAN = "ES9121000418450200051332"
FR_PARTS = ("30006", "00001", "12345678901")  # banque, guichet, compte: clé 89
FR_IBAN = "FR7630006000011234567890189"


@dataclass
class Entry:
    """One movement: signed amount (money in > 0), and what each format can carry of the rest."""

    amount: Decimal
    day: date = date(2026, 11, 3)
    name: str = ""
    text: str = ""
    vs: str = ""  # Czech symbols
    ks: str = ""
    ss: str = ""
    counter: tuple[str, str, str] = ("", "", "")  # Czech counter-account prefix, number, bank code
    document: str = ""
    reference: str = ""  # Norma 43 reference 2, CFONB RCN
    extra: list[tuple[str, str]] = field(default_factory=list)  # CFONB 05 (qualifier, text)
    reversal: bool = False  # ABO accounting code 4 / 5


def _cents(amount: Decimal) -> int:
    return int((abs(amount) * 100).to_integral_value())


def _dmy(d: date) -> str:
    return d.strftime("%d%m%y")


def _ymd(d: date) -> str:
    return d.strftime("%y%m%d")


def _check(record: str, width: int) -> str:
    assert len(record) == width, (len(record), record)
    return record


def czech_valid(number: int) -> str:
    """The first 10-digit Czech account number from `number` up that passes modulo 11."""
    weights = (6, 3, 7, 9, 10, 5, 8, 4, 2, 1)
    while True:
        digits = f"{number:010d}"
        if sum(int(d) * w for d, w in zip(digits, weights)) % 11 == 0:
            return digits
        number += 1


# ------------------------------------------------------------------ Czech ABO / GPC (128)

def abo(entries: list[Entry], *, opening: Decimal = Decimal("10000.00"), account=CZ_ACCOUNT,
        number: int = 7, opened: date = date(2026, 10, 31), closed: date = date(2026, 11, 30),
        name: str = "Demo Company s.r.o.", encoding: str = "cp1250", currency: str = "00203",
        line_end: str = "\r\n") -> bytes:
    acct = account[0].zfill(6) + account[1].zfill(10)
    debits = sum((_cents(e.amount) for e in entries if e.amount < 0 and not e.reversal), 0)
    credits = sum((_cents(e.amount) for e in entries if e.amount > 0 and not e.reversal), 0)
    debits -= sum((_cents(e.amount) for e in entries if e.amount > 0 and e.reversal), 0)
    credits -= sum((_cents(e.amount) for e in entries if e.amount < 0 and e.reversal), 0)
    closing = opening + sum((e.amount for e in entries), Decimal(0))

    def signed(cents: int, plus: str) -> str:
        return f"{abs(cents):014d}" + ("-" if cents < 0 else plus)

    head = ("074" + acct + name.ljust(20)[:20] + _dmy(opened) + signed(_cents(opening) * (1 if opening >= 0 else -1), "+")
            + signed(_cents(closing) * (1 if closing >= 0 else -1), "+") + signed(debits, "0") + signed(credits, "0")
            + f"{number:03d}" + _dmy(closed) + " " * 14)
    out = [_check(head, 128)]
    for i, e in enumerate(entries, 1):
        prefix, num, bank = e.counter
        counter = (prefix.zfill(6) + num.zfill(10)) if num else "0" * 16
        code = ("4" if e.amount > 0 else "5") if e.reversal else ("2" if e.amount > 0 else "1")
        out.append(_check(
            "075" + acct + counter + (e.document or f"{i:013d}").rjust(13, "0")[:13] + f"{_cents(e.amount):012d}"
            + code + e.vs.zfill(10) + "00" + (bank or "0000").zfill(4) + e.ks.zfill(4) + e.ss.zfill(10)
            + _dmy(e.day) + e.name.ljust(20)[:20] + currency + _dmy(e.day), 128))
        for text in ([e.text[:125]] if e.text else []):
            out.append("078" + text.ljust(125))
    return (line_end.join(out) + line_end).encode(encoding)


# ------------------------------------------------------------------ Spanish Norma 43 (80)

def spanish_dc(bank: str, branch: str, account: str) -> str:
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

    def one(digits: str) -> str:
        r = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
        return {11: "0", 10: "1"}.get(r, str(r))

    return one("00" + bank + branch) + one(account)


def norma43(entries: list[Entry], *, opening: Decimal = Decimal("5000.00"), parts=ES_PARTS,
            start: date = date(2026, 11, 1), end: date = date(2026, 11, 30), currency: str = "978",
            name: str = "DEMO COMPANY SL", encoding: str = "cp1252", accounts: int = 1) -> bytes:
    bank, branch, account = parts
    out = []
    for _ in range(accounts):
        out.append(_check("11" + bank + branch + account + _ymd(start) + _ymd(end) + ("1" if opening < 0 else "2")
                          + f"{_cents(opening):014d}" + currency + "3" + name.ljust(26)[:26] + "   ", 80))
        for i, e in enumerate(entries, 1):
            out.append(_check("22" + "    " + branch + _ymd(e.day) + _ymd(e.day) + "02" + "099"
                              + ("1" if e.amount < 0 else "2") + f"{_cents(e.amount):014d}"
                              + (e.document or f"{i:010d}").rjust(10, "0")[:10] + "0" * 12
                              + e.reference.ljust(16)[:16], 80))
            texts = [e.name, e.text]
            texts = [t for t in texts if t]
            for n in range(0, len(texts), 2):
                pair = texts[n:n + 2] + [""]
                out.append(_check(f"23{n // 2 + 1:02d}" + pair[0].ljust(38)[:38] + pair[1].ljust(38)[:38], 80))
        debits = [e for e in entries if e.amount < 0]
        credits = [e for e in entries if e.amount > 0]
        closing = opening + sum((e.amount for e in entries), Decimal(0))
        out.append(_check("33" + bank + branch + account + f"{len(debits):05d}"
                          + f"{sum(_cents(e.amount) for e in debits):014d}" + f"{len(credits):05d}"
                          + f"{sum(_cents(e.amount) for e in credits):014d}" + ("1" if closing < 0 else "2")
                          + f"{_cents(closing):014d}" + currency + "    ", 80))
    out.append(_check("88" + "9" * 18 + " " * 54 + f"{len(out):06d}", 80))
    return ("\r\n".join(out) + "\r\n").encode(encoding)


# ------------------------------------------------------------------ French CFONB 120

def rib_key(bank: str, branch: str, account: str) -> str:
    letters = {c: str(d) for g in ("ABCDEFGHI", "JKLMNOPQR") for d, c in enumerate(g, 1)}
    letters.update({c: str(d) for d, c in enumerate("STUVWXYZ", 2)})
    compte = "".join(letters.get(c, c) for c in account)
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(compte)) % 97:02d}"


def overpunch(amount: Decimal, places: int = 2) -> str:
    units = int((abs(amount) * 10 ** places).to_integral_value())
    text = f"{units:014d}"
    last = int(text[-1])
    return text[:-1] + ("}JKLMNOPQR"[last] if amount < 0 else "{ABCDEFGHI"[last])


def cfonb(entries: list[Entry], *, opening: Decimal = Decimal("2500.00"), parts=FR_PARTS,
          opened: date = date(2026, 10, 31), closed: date = date(2026, 11, 30), currency: str = "EUR",
          encoding: str = "latin-1", line_end: str = "\r\n") -> bytes:
    bank, branch, account = parts
    common = bank + "    " + branch + currency + "2" + " " + account

    def balance(kind: str, d: date, amount: Decimal) -> str:
        return _check(kind + common + "  " + _dmy(d) + " " * 50 + overpunch(amount) + " " * 16, 120)

    out = [balance("01", opened, opening)]
    for i, e in enumerate(entries, 1):
        head = "04" + bank + "0001" + branch + currency + "2" + " " + account + "05" + _dmy(e.day)
        out.append(_check(head + "  " + _dmy(e.day) + e.text.ljust(31)[:31] + "  " + f"{i:07d}" + "  "
                          + overpunch(e.amount) + (e.document or f"REF{i:06d}").ljust(16)[:16], 120))
        more = list(e.extra)
        if e.name:
            more.append(("NPY" if e.amount > 0 else "NBE", e.name))
        if e.reference:
            more.append(("RCN", e.reference))
        for qualifier, text in more:
            out.append(_check("05" + bank + "0001" + branch + currency + "2" + " " + account + "05" + _dmy(e.day)
                              + "     " + qualifier + text.ljust(70)[:70] + "  ", 120))
    out.append(balance("07", closed, opening + sum((e.amount for e in entries), Decimal(0))))
    return (line_end.join(out) + line_end).encode(encoding)
