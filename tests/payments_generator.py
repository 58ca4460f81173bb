"""Statements with known intended matches, for the accuracy test and bench/payments_accuracy.py.

Each generated payment carries what a careful clerk would do with it without looking:
post it to these invoices (`expected` non-empty, `clerk_posts` true), or not post it
(decoys, unrelated payments, references to another customer's invoice, amounts two open
invoices share). Every case kind the issue names is made: clean references, typos, RF
references, variable symbols, Polish split-payment references, partials (and the rest paid
later), combined payments (with references, and without them from a known account),
fees, discounts taken, overpayments, payer names spelt differently, decoys with the same
amount and no reference, unrelated payments.

Deterministic for a seed; every invoice is the target of at most one case, so what is open
when a payment arrives is known when the case is made.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from backoffice_auto.payments.matching.records import Customer, OpenInvoice, Payment
from backoffice_auto.payments.matching.refs import rf_reference

WORDS = ["Acme", "Baltic", "Cedar", "Delta", "Ember", "Fjørd", "Granit", "Harbor", "Irène", "Jasper", "Křemen",
         "Łużyce", "Morava", "Nordic", "Orbit", "Pioneer", "Quarz", "Rivet", "Peñalara", "Tatra", "Umbra", "Vltava",
         "Wawel", "Xenon", "Yukon", "Zenit", "Alder", "Bistra", "Corvid", "Dunaj", "Elbe", "Falcon"]
TRADES = ["Trading", "Logistics", "Foods", "Metal", "Textil", "Print", "Software", "Bau", "Agro", "Medical"]
FORMS = ["s.r.o.", "a.s.", "GmbH", "Sp. z o.o.", "S.L.", "SARL", "Ltd"]
DECOY_NAMES = ["Jan Novak", "Maria Garcia", "Piotr Kowalski", "Claire Martin", "Eva Svobodova", "Tomas Dvorak",
               "Ana Lopez", "Marek Wisniewski"]
START = date(2026, 10, 1)


@dataclass
class Case:
    payment: Payment
    kind: str
    expected: frozenset[str]  # invoices the payment is posted to (empty: not posted)

    @property
    def clerk_posts(self) -> bool:
        return bool(self.expected)


@dataclass
class Generated:
    customers: list[Customer]
    invoices: list[OpenInvoice]
    cases: list[Case] = field(default_factory=list)

    @property
    def payments(self) -> list[Payment]:
        return [c.payment for c in self.cases]


def _iban(rng: random.Random) -> str:
    from schwifty import IBAN
    bank = "0800"
    account = f"{rng.randrange(10**9, 10**10):010d}"
    return str(IBAN.generate("CZ", bank_code=bank, account_code=account)).replace(" ", "")


def _variant(rng: random.Random, name: str) -> str:
    """The customer's name as a bank prints it."""
    words = name.split()
    choice = rng.randrange(6)
    if choice == 5:  # without accents, as SEPA's character set has none
        return unicodedata.normalize("NFKD", name.replace("ł", "l").replace("ø", "o")).encode("ascii", "ignore").decode().upper()
    if choice == 0:
        return name.upper()
    if choice == 1:
        return " ".join(words[:2]).upper() + " " + words[-1].replace(".", "").replace(" ", "").upper()
    if choice == 2:
        return " ".join(words[:2])
    if choice == 3:  # one letter dropped
        base = " ".join(words[:2])
        i = rng.randrange(1, len(base) - 1)
        return (base[:i] + base[i + 1:]).upper()
    return name.replace(".", "")


def _typo(rng: random.Random, number: str) -> str:
    """One edit inside the digits: substitution, deletion or a swap of two neighbours."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    i = rng.choice(digits[4:])  # leave the year alone
    kind = rng.randrange(3)
    if kind == 0:
        new = str((int(number[i]) + rng.randrange(1, 10)) % 10)
        return number[:i] + new + number[i + 1:]
    if kind == 1:
        return number[:i] + number[i + 1:]
    j = i - 1 if i - 1 in digits and number[i - 1] != number[i] else None
    if j is None:
        return number[:i] + number[i + 1:]
    return number[:j] + number[i] + number[j] + number[i + 1:]


def generate(seed: int = 7, customers: int = 120, invoices_per_customer: int = 8, payments: int = 800,
             currency: str = "EUR", numbering: str = "INV-2026-{n:05d}") -> Generated:
    """`numbering`: the invoice numbers' form (`str.format` of the running number `n`)."""
    rng = random.Random(seed)
    custs: list[Customer] = []
    names = set()
    while len(custs) < customers:
        name = f"{rng.choice(WORDS)} {rng.choice(TRADES)} {rng.choice(FORMS)}"
        if name.split()[0] + name.split()[1] in names:
            continue
        names.add(name.split()[0] + name.split()[1])
        custs.append(Customer(f"C{len(custs) + 1:04d}", name, (_iban(rng),)))
    invoices: list[OpenInvoice] = []
    number = 0
    for c in custs:
        for _ in range(invoices_per_customer):
            number += 1
            issue = START + timedelta(days=rng.randrange(0, 30))
            total = Decimal(rng.randrange(5_000, 900_000)) / 100
            discount = (total * Decimal("0.02")).quantize(Decimal("0.01")) if rng.random() < 0.3 else Decimal(0)
            invoices.append(OpenInvoice(numbering.format(n=number), c.customer_id, currency, total, Decimal(0), issue,
                                        issue + timedelta(days=30), discount,
                                        issue + timedelta(days=10) if discount else None))
    gen = Generated(custs, invoices)
    by_customer: dict[str, list[OpenInvoice]] = {}
    for inv in invoices:
        by_customer.setdefault(inv.customer_id, []).append(inv)
    unused = {inv.invoice_number: inv for inv in invoices}
    customer_of = {c.customer_id: c for c in custs}
    seq = 0

    def take(n: int = 1, same_customer: bool = True) -> list[OpenInvoice] | None:
        pool = list(unused.values())
        if not pool:
            return None
        first = rng.choice(pool)
        picked = [first]
        if n > 1:
            mates = [i for i in by_customer[first.customer_id] if i.invoice_number in unused and i is not first]
            if len(mates) < n - 1:
                return None
            picked += rng.sample(mates, n - 1)
        for inv in picked:
            del unused[inv.invoice_number]
        return picked

    def after_issue(when: date, invs: list[OpenInvoice]) -> date:
        return max([when] + [i.issue_date + timedelta(days=1) for i in invs])

    def pay(amount: Decimal, text: str | None, cust: Customer | None, when: date, known_iban: bool,
            name: str | None = None) -> Payment:
        nonlocal seq
        seq += 1
        iban = cust.ibans[0] if (cust and known_iban) else f"DE{rng.randrange(10**19, 10**20)}"
        payer = name if name is not None else (_variant(rng, cust.name) if cust else rng.choice(DECOY_NAMES))
        return Payment(f"T{seq:06d}", when, amount, currency, payer, iban, text)

    def add(p: Payment, kind: str, expected: list[OpenInvoice] | None) -> None:
        gen.cases.append(Case(p, kind, frozenset(i.invoice_number for i in expected or ())))

    kinds = ["clean"] * 20 + ["typo"] * 8 + ["rf"] * 6 + ["vs"] * 5 + ["pl"] * 3 + ["partial"] * 6 + \
        ["combined_ref"] * 5 + ["combined_iban"] * 4 + ["fee"] * 6 + ["discount"] * 6 + ["over"] * 3 + \
        ["iban_only"] * 6 + ["decoy"] * 8 + ["unrelated"] * 6 + ["other_customer"] * 3 + ["shared_amount"] * 3
    day = 0
    while len(gen.cases) < payments and unused:
        kind = rng.choice(kinds)
        day = min(day + rng.randrange(0, 2), 45)
        when = START + timedelta(days=15 + day)
        if kind in ("clean", "typo", "rf", "vs", "pl", "fee", "over"):
            got = take()
            if not got:
                continue
            when = after_issue(when, got)
            inv = got[0]
            cust = customer_of[inv.customer_id]
            known = rng.random() < 0.5
            when = max(when, inv.discount_until + timedelta(days=1)) if inv.discount_until else when
            text = {"clean": lambda: rng.choice(["Invoice {n}", "{n}", "payment {n} thank you", "FA {n}"]).format(
                        n=inv.invoice_number),
                    "typo": lambda: "Invoice " + _typo(rng, inv.invoice_number),
                    "rf": lambda: rf_reference(inv.invoice_number),
                    "vs": lambda: "VS " + "".join(ch for ch in inv.invoice_number if ch.isdigit()),
                    "pl": lambda: f"/VAT/0,00/IDC/1234567890/INV/{inv.invoice_number}/TXT/zaplata",
                    "fee": lambda: inv.invoice_number,
                    "over": lambda: inv.invoice_number}[kind]()
            amount = inv.total
            if kind == "fee":
                amount = inv.total - min(Decimal(rng.randrange(50, 500)) / 100,
                                         (inv.total * Decimal("0.01")).quantize(Decimal("0.01")))
            if kind == "over":
                amount = inv.total + Decimal(rng.randrange(100, 5000)) / 100
                known = True
            if kind == "typo":
                known = True  # the payer's account confirms the customer
            add(pay(amount, text, cust, when, known), kind, got)
        elif kind == "discount":
            got = [i for i in unused.values() if i.discount_amount > 0]
            if not got:
                continue
            inv = rng.choice(got)
            del unused[inv.invoice_number]
            cust = customer_of[inv.customer_id]
            when = inv.issue_date + timedelta(days=rng.randrange(1, 10))
            add(pay(inv.total - inv.discount_amount, f"Invoice {inv.invoice_number}", cust, when, rng.random() < .5),
                kind, [inv])
        elif kind == "partial":
            got = take()
            if not got:
                continue
            inv = got[0]
            cust = customer_of[inv.customer_id]
            when = after_issue(when, got)
            when = max(when, inv.discount_until + timedelta(days=1)) if inv.discount_until else when
            first = (inv.total * Decimal(rng.randrange(30, 80)) / 100).quantize(Decimal("0.01"))
            add(pay(first, f"{inv.invoice_number} part 1", cust, when, True), kind, got)
            add(pay(inv.total - first, f"{inv.invoice_number} rest", cust, when + timedelta(days=3), True), kind, got)
        elif kind == "combined_ref":
            got = take(rng.randrange(2, 4))
            if not got:
                continue
            cust = customer_of[got[0].customer_id]
            when = after_issue(when, got)
            when = max([when] + [i.discount_until + timedelta(days=1) for i in got if i.discount_until])
            add(pay(sum((i.total for i in got), Decimal(0)), ", ".join(i.invoice_number for i in got), cust, when,
                    rng.random() < 0.5), kind, got)
        elif kind in ("combined_iban", "iban_only", "shared_amount"):
            got = take(2 if kind == "combined_iban" else 1)
            if not got:
                continue
            cust = customer_of[got[0].customer_id]
            when = after_issue(when, got)
            when = max([when] + [i.discount_until + timedelta(days=1) for i in got if i.discount_until])
            amount = sum((i.total for i in got), Decimal(0))
            others = [i for i in by_customer[cust.customer_id] if i not in got]
            if kind == "shared_amount":
                # a second open invoice of the customer with the same amount
                twin = OpenInvoice(f"INV-2026-T{len(invoices):04d}", cust.customer_id, currency, amount,
                                   Decimal(0), got[0].issue_date, got[0].due_date)
                invoices.append(twin)
                by_customer[cust.customer_id].append(twin)
                add(pay(amount, None, cust, when, True), kind, None)
                continue
            if any(i.total == amount for i in others):
                continue  # would be a shared amount
            add(pay(amount, rng.choice([None, "payment", "thanks"]), cust, when, True), kind, got)
        elif kind == "decoy":
            pool = list(unused.values())
            if not pool:
                continue
            target = rng.choice(pool)
            add(pay(target.total, rng.choice([None, "refund", "deposit"]), None, when, False), kind, None)
        elif kind == "unrelated":
            add(pay(Decimal(rng.randrange(100, 99_999)) / 100, rng.choice(["salary", "rent", None, "order 5521"]),
                    None, when, False), kind, None)
        elif kind == "other_customer":
            got = take()
            if not got:
                continue
            inv = got[0]
            other = rng.choice([c for c in custs if c.customer_id != inv.customer_id])
            add(pay(inv.total, f"Invoice {inv.invoice_number}", other, when, True), kind, None)
            unused[inv.invoice_number] = inv  # still free for another case
    return gen


@dataclass(frozen=True)
class Score:
    posted: int
    correct: int
    should_post: int
    wrong: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.correct / self.posted if self.posted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.should_post if self.should_post else 1.0


def score(gen: Generated, results) -> Score:
    by_id = {r.transaction_id: r for r in results}
    posted = correct = should = 0
    wrong = []
    for case in gen.cases:
        r = by_id.get(case.payment.transaction_id)
        should += case.clerk_posts
        if r is None or not r.posted:
            continue
        posted += 1
        if case.clerk_posts and frozenset(r.documents) == case.expected:
            correct += 1
        else:
            wrong.append(f"{case.kind} {case.payment.transaction_id}: posted to {sorted(r.documents)}, "
                         f"expected {sorted(case.expected)}")
    return Score(posted, correct, should, tuple(wrong))
