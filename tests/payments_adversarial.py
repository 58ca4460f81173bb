"""Adversarial statements with known intended outcomes, unlike `payments_generator`'s.

Why a second generator: `payments_generator` makes the cases the matcher was written for,
in one numbering (`INV-2026-00012`) and one currency. People trying to break matching type
references as real customers do (`fv 2026/0123`, `č.f. 2026123`, `VS:0002026123 SS:77
KS:0308`, `FV/12/2026`, `inv.123`, `Factura 2026-0042`, `Règlement facture FA-2026-0042`),
pay for another customer from their own account, pay one invoice's amount while naming
another, take a discount too late, lose more than the tolerance to fees, send the same
line twice, write dates, amounts and account numbers that look like invoice numbers, and
pay in another currency, in yen or in dinars with three decimals.

Each scenario is a small world of its own (its customers and invoices, with unrelated
customers and invoices of the same numbering around them) and its payments, each with
what a careful clerk would do without looking:

* `posts`: the invoices the payment is posted to automatically (the clerk would);
* `posts=None`: the payment must not be posted automatically (suggested or unmatched);
* `may`: posting to these invoices is acceptable but not expected (no recall counted).

A posting to anything else is a wrong posting. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

from backoffice_auto.payments.matching.records import Customer, OpenInvoice, Payment
from backoffice_auto.payments.matching.refs import rf_reference

D = Decimal
DAY0 = date(2026, 10, 1)
FIRMS = ["Nordic Metal", "Vltava Print", "Baltic Foods", "Tatra Agro", "Cedar Software", "Morava Textil",
         "Orbit Medical", "Wawel Bau", "Peñalara Logistics", "Křemen Trading", "Łużyce Glass", "Dunaj Energy",
         "Falcon Tools", "Granit Stone", "Harbor Freight", "Jasper Paints"]
FORMS = ["s.r.o.", "a.s.", "Sp. z o.o.", "S.L.", "SARL", "GmbH", "Ltd"]
PEOPLE = ["JAN NOVAK", "MARIA GARCIA LOPEZ", "PIOTR KOWALSKI", "CLAIRE MARTIN", "EVA SVOBODOVA"]

# numbering schemes: (format of the running number n, the ways payers type such a number)
SCHEMES: dict[str, tuple[str, tuple[Callable[[str, int], str], ...]]] = {
    "fv_slash": ("FV2026/{n:04d}", (
        lambda num, n: num, lambda num, n: f"fv {num}", lambda num, n: num.replace("/", ""),
        lambda num, n: f"Faktura {num.lower()}", lambda num, n: f"platba fa {num.replace('/', '-')}")),
    "digits": ("2026{n:04d}", (
        lambda num, n: f"č.f. {num}", lambda num, n: f"VS {num}", lambda num, n: f"VS:00{num} SS:77 KS:0308",
        lambda num, n: num, lambda num, n: f"/VS/{num}/SS//KS/0308", lambda num, n: f"var.symbol {num}")),
    "inv_short": ("INV-{n}", (
        lambda num, n: f"inv.{n}", lambda num, n: f"INV {n}".replace(" ", "-"), lambda num, n: f"Invoice #{num}",
        lambda num, n: f"INV{n}", lambda num, n: f"payment of invoice {num.lower()}")),
    "pl": ("FV/{n}/2026", (
        lambda num, n: f"Zapłata za FV/{n}/2026", lambda num, n: f"/VAT/23,00/IDC/5260250274/INV/{num}/TXT/x",
        lambda num, n: f"faktura {num}", lambda num, n: f"FV {n}/2026".replace(" ", "/"))),
    "es_fr": ("FA-2026-{n:04d}", (
        lambda num, n: f"Pago factura {num}", lambda num, n: f"Règlement facture n° {num}",
        lambda num, n: f"REF: {num}", lambda num, n: f"Fra. {num}", lambda num, n: f"Votre facture {num} merci",
        lambda num, n: rf_reference(num) or num)),
}


@dataclass
class Expect:
    posts: frozenset[str] | None  # None: must not be posted
    may: frozenset[str] | None = None


@dataclass
class Scenario:
    name: str
    customers: list[Customer]
    invoices: list[OpenInvoice]
    payments: list[Payment] = field(default_factory=list)
    expect: dict[str, Expect] = field(default_factory=dict)


class World:
    """One scenario's customers and invoices, with unrelated neighbours of the same numbering."""

    def __init__(self, rng: random.Random, name: str, scheme: str = "fv_slash", currency: str = "EUR"):
        self.rng, self.currency = rng, currency
        self.fmt, self.forms = SCHEMES[scheme]
        self.sc = Scenario(name, [], [])
        self.n = rng.randrange(1, 60)
        self.names: set[str] = set()
        self.seq = 0
        for _ in range(rng.randrange(3, 6)):  # neighbours: other customers with open invoices
            c = self.customer()
            for _ in range(rng.randrange(1, 4)):
                self.invoice(c, self.amount())

    def amount(self, low: int = 2_000, high: int = 500_000) -> Decimal:
        digits = {"JPY": 0, "KWD": 3, "BHD": 3}.get(self.currency, 2)
        value = self.rng.randrange(low, high)
        return D(value).scaleb(-2) if digits == 2 else D(value) if digits == 0 else D(value * 10 + 7).scaleb(-3)

    def iban(self) -> str:
        return "CZ" + f"{self.rng.randrange(10, 99)}" + f"{self.rng.randrange(10**19, 10**20)}"

    def customer(self, name: str | None = None, ibans: int = 1) -> Customer:
        while name is None or name in self.names:
            name = f"{self.rng.choice(FIRMS)} {self.rng.choice(FORMS)}"
            if name.rsplit(" ", 1)[0] in {n.rsplit(" ", 1)[0] for n in self.names}:
                name = None
        self.names.add(name)
        c = Customer(f"K{len(self.sc.customers) + 1:03d}", name, tuple(self.iban() for _ in range(ibans)))
        self.sc.customers.append(c)
        return c

    def invoice(self, c: Customer, total: Decimal, issue_days: int = 0, discount: Decimal = D(0),
                currency: str | None = None, number: str | None = None) -> OpenInvoice:
        if number is None:
            self.n += self.rng.randrange(1, 4)
            number = self.fmt.format(n=self.n)
        issue = DAY0 + timedelta(days=issue_days)
        inv = OpenInvoice(number, c.customer_id, currency or self.currency, total, D(0), issue,
                          issue + timedelta(days=30), discount, issue + timedelta(days=10) if discount else None)
        self.sc.invoices.append(inv)
        return inv

    def typed(self, inv: OpenInvoice) -> str:
        return self.rng.choice(self.forms)(inv.invoice_number, self._running(inv))

    def _running(self, inv: OpenInvoice) -> int:
        # the running number n the invoice was made from (the digits that are not the year)
        digits = "".join(ch for ch in inv.invoice_number if ch.isdigit())
        if self.fmt.startswith("FV/"):
            return int(digits[:-4])
        if "2026" in self.fmt:
            return int(digits[4:])
        return int(digits)

    def pay(self, amount: Decimal, text: str | None, expect: Expect, payer: Customer | None = None,
            known: bool = True, name: str | None = None, day: int = 20, currency: str | None = None,
            tid: str | None = None) -> Payment:
        self.seq += 1
        iban = payer.ibans[0] if payer is not None and known and payer.ibans else self.iban()
        if name is None:
            name = payer.name.upper() if payer is not None and payer.name else self.rng.choice(PEOPLE)
        p = Payment(tid or f"{self.sc.name}-{self.seq}", DAY0 + timedelta(days=day), amount,
                    currency or self.currency, name, iban, text)
        self.sc.payments.append(p)
        self.sc.expect[p.transaction_id] = expect
        return p


def posts(*invoices: OpenInvoice) -> Expect:
    return Expect(frozenset(i.invoice_number for i in invoices))


NOT = Expect(None)


def may(*invoices: OpenInvoice) -> Expect:
    return Expect(None, frozenset(i.invoice_number for i in invoices))


# --------------------------------------------------------------------------- scenarios
def typed_forms(rng: random.Random) -> list[Scenario]:
    """Each numbering typed as payers type it: posted when payer (account or name) and amount agree."""
    out = []
    for scheme in SCHEMES:
        w = World(rng, f"forms-{scheme}", scheme)
        for _ in range(4):
            c = w.customer()
            inv = w.invoice(c, w.amount())
            w.invoice(c, w.amount())
            w.pay(inv.total, w.typed(inv), posts(inv), c, known=rng.random() < 0.6)
        out.append(w.sc)
    return out


def other_customers_invoice(rng: random.Random) -> list[Scenario]:
    """A's invoice named exactly and paid exactly from B's known account; B also has an invoice one
    character away with the same amount: either could be meant."""
    w = World(rng, "other-customer")
    a, b = w.customer(), w.customer()
    amount = w.amount()
    inv_a = w.invoice(a, amount)
    w.pay(amount, w.typed(inv_a), NOT, b)
    # B's own invoice one edit from A's (the next number), same amount
    a2, b2 = w.customer(), w.customer()
    amount2 = w.amount()
    inv_a2 = w.invoice(a2, amount2, number="FV2026/0" + "412")
    inv_b2 = w.invoice(b2, amount2, number="FV2026/0" + "413")
    w.pay(amount2, "FV2026/0412", NOT, b2)
    # a payer whose bank prints B's name (an account not in the books) paying A's invoice exactly
    a3, b3 = w.customer(), w.customer()
    inv_a3 = w.invoice(a3, w.amount())
    # (the name a bank prints is no identification, the account is: the exact reference and
    # amount may post it; issue 11 forbids it for the account of another customer only)
    w.pay(inv_a3.total, w.typed(inv_a3), may(inv_a3), b3, known=False)
    del inv_b2
    return [w.sc]


def same_amount_twins(rng: random.Random) -> list[Scenario]:
    w = World(rng, "twins", rng.choice(list(SCHEMES)))
    c = w.customer()
    amount = w.amount()
    w.invoice(c, amount)
    w.invoice(c, amount, issue_days=3)
    w.pay(amount, None, NOT, c)  # from the known account
    w.pay(amount, "payment", NOT, c, known=False)  # by name
    # exact for one, with its discount in time for the other
    d = w.customer()
    full = w.amount(50_000, 400_000)
    disc = (full * D("0.02")).quantize(D("0.01"))
    w.invoice(d, full, discount=disc, issue_days=10)
    w.invoice(d, full - disc)
    w.pay(full - disc, None, NOT, d, day=15)
    return [w.sc]


def two_customers(rng: random.Random) -> list[Scenario]:
    w = World(rng, "two-customers", rng.choice(["fv_slash", "es_fr", "digits"]))
    a, b = w.customer(), w.customer()
    ia, ib = w.invoice(a, w.amount()), w.invoice(b, w.amount())
    w.pay(ia.total + ib.total, f"{ia.invoice_number}, {ib.invoice_number}", NOT, a)
    w.pay(ia.total + ib.total, f"{ia.invoice_number} + {ib.invoice_number}", NOT, None, known=False)
    return [w.sc]


def amount_of_another(rng: random.Random) -> list[Scenario]:
    """The text names one invoice, the amount is exactly another open invoice of the customer."""
    w = World(rng, "amount-of-another", rng.choice(list(SCHEMES)))
    c = w.customer()
    named = w.invoice(c, w.amount(200_000, 400_000))
    other = w.invoice(c, w.amount(2_000, 150_000))
    w.pay(other.total, w.typed(named), NOT, c)
    # the same, the payer known by name only
    c2 = w.customer()
    named2 = w.invoice(c2, w.amount(200_000, 400_000))
    other2 = w.invoice(c2, w.amount(2_000, 150_000))
    w.pay(other2.total, w.typed(named2), NOT, c2, known=False)
    return [w.sc]


def late_discount_and_fees(rng: random.Random) -> list[Scenario]:
    w = World(rng, "late-discount", rng.choice(list(SCHEMES)))
    c = w.customer()
    full = w.amount(50_000, 400_000)
    disc = (full * D("0.02")).quantize(D("0.01"))
    inv = w.invoice(c, full, discount=disc)
    w.pay(full - disc, w.typed(inv), posts(inv), c, day=25)  # after discount_until: a partial payment
    inv2 = w.invoice(c, full + 1, discount=disc)
    w.pay(inv2.total - disc, w.typed(inv2), posts(inv2), c, day=5)  # in time: paid with the discount
    inv3 = w.invoice(c, w.amount(100_000, 400_000))
    w.pay(inv3.total - D("12.50"), w.typed(inv3), posts(inv3), c)  # a fee above the tolerance: in part
    return [w.sc]


def refunds_and_duplicates(rng: random.Random) -> list[Scenario]:
    w = World(rng, "refund-dup", rng.choice(list(SCHEMES)))
    c = w.customer()
    inv = w.invoice(c, w.amount())
    w.pay(-inv.total, w.typed(inv), NOT, c)  # money going back to the customer
    inv2 = w.invoice(c, w.amount())
    text = w.typed(inv2)
    w.pay(inv2.total, text, posts(inv2), c)
    w.pay(inv2.total, text, NOT, c)  # the same line a second time: the invoice is paid by then
    return [w.sc]


def same_line_twice(rng: random.Random) -> list[Scenario]:
    """One bank line handed in twice (the same transaction id): decided once."""
    w = World(rng, "same-id", "fv_slash")
    c = w.customer()
    inv = w.invoice(c, w.amount())
    w.pay(inv.total, inv.invoice_number, posts(inv), c, tid="same-id-X")
    w.sc.payments.append(w.sc.payments[-1])
    return [w.sc]


def names_of_two(rng: random.Random) -> list[Scenario]:
    w = World(rng, "two-names", "fv_slash")
    base = rng.choice(FIRMS)
    a = w.customer(f"{base} s.r.o.")
    b = w.customer(f"{base} GmbH")
    ia = w.invoice(a, w.amount())
    w.invoice(b, w.amount())
    w.pay(ia.total, None, NOT, None, known=False, name=base.upper())
    w.pay(ia.total, "thank you", NOT, None, known=False, name=f"{base.upper()} SRO")
    w.pay(ia.total, ia.invoice_number, posts(ia), None, known=False, name=base.upper())
    return [w.sc]


def long_texts(rng: random.Random) -> list[Scenario]:
    w = World(rng, "long-text", rng.choice(["fv_slash", "es_fr", "pl"]))
    c = w.customer()
    invs = [w.invoice(c, w.amount()) for _ in range(3)]
    noise = " ".join(f"order {rng.randrange(10000, 99999)} of {rng.randrange(1, 28)}.{rng.randrange(1, 12)}.2026"
                     f" qty {rng.randrange(1, 500)} price {rng.randrange(1, 9999)},{rng.randrange(10, 99)}"
                     for _ in range(8))
    text = f"{noise} invoices {', '.join(i.invoice_number for i in invs)} {noise}"[:990]
    w.pay(sum((i.total for i in invs), D(0)), text, posts(*invs) if all(i.invoice_number in text for i in invs)
          else NOT, c)
    other = w.customer()
    io = w.invoice(other, w.amount())
    c2 = w.customer()
    i2 = w.invoice(c2, w.amount())
    w.pay(i2.total, f"{noise[:300]} {i2.invoice_number} and {io.invoice_number}", NOT, c2, known=False)
    return [w.sc]


def substrings(rng: random.Random) -> list[Scenario]:
    w = World(rng, "substrings", "inv_short")
    a, b, c = w.customer(), w.customer(), w.customer()
    i1 = w.invoice(a, w.amount(), number="INV-1")
    i12 = w.invoice(b, w.amount(), number="INV-12")
    w.invoice(c, w.amount(), number="INV-123")
    w.pay(i12.total, "INV-12", posts(i12), b, known=rng.random() < 0.5)
    w.pay(i1.total, "INV-1", posts(i1), a)
    w.pay(i1.total, "INV-12", NOT, a)  # names B's invoice, from A's account with A's amount
    return [w.sc]


def numbers_that_are_not_references(rng: random.Random) -> list[Scenario]:
    """Dates, amounts and account numbers in the text equal to an open invoice's number: never
    posted to the lookalike (with or without another open invoice owing the amount paid); the
    number written as a reference beside them still is."""
    forms = [("date", "20261103", ["platba ze dne 2026-11-03", "paid on 03.11.2026", "03/11/2026"]),
             ("amount", "2026512", ["castka 2026512,40 Kc", "amount 2026512.40", "2026512,4 CZK"]),
             ("account", "2026778899", ["z uctu 2026778899/0800", "ucet 19-2026778899/0100"])]
    out = []
    for form, number, texts in forms:
        for with_other in (True, False):
            w = World(rng, f"lookalike-{form}-{'other' if with_other else 'alone'}", "digits")
            c = w.customer()
            w.invoice(c, w.amount(200_000, 400_000), number=number)
            text = rng.choice(texts)
            if with_other:
                right = w.invoice(c, w.amount(2_000, 150_000))
                w.pay(right.total, text, may(right), c)
                right2 = w.invoice(c, w.amount(2_000, 150_000))
                w.pay(right2.total, f"{text} fa {right2.invoice_number}", posts(right2), c)
            else:  # the lookalike owes more than is paid, and no other invoice owes the amount
                w.pay(w.amount(2_000, 150_000), text, NOT, c, known=rng.random() < 0.7)
            out.append(w.sc)
    return out


def currencies(rng: random.Random) -> list[Scenario]:
    w = World(rng, "currency", "fv_slash", "CZK")
    c = w.customer()
    inv = w.invoice(c, w.amount())
    w.pay(inv.total, inv.invoice_number, NOT, c, currency="EUR")
    w.pay(inv.total, None, NOT, c, currency="EUR")
    out = [w.sc]
    for cur in ("JPY", "KWD", "BHD"):
        w = World(rng, f"currency-{cur}", rng.choice(list(SCHEMES)), cur)
        c = w.customer()
        inv = w.invoice(c, w.amount())
        w.pay(inv.total, w.typed(inv), posts(inv), c, known=rng.random() < 0.5)
        inv2 = w.invoice(c, w.amount())
        w.pay(inv2.total, None, posts(inv2), c)  # from the known account, the only item with the amount
        out.append(w.sc)
    return out


def more_traps(rng: random.Random) -> list[Scenario]:
    """Addresses and postal codes, repaid and netted invoices, rounding of three decimals."""
    w = World(rng, "traps", "digits")
    c = w.customer()
    w.invoice(c, w.amount(200_000, 400_000), number="14000")
    w.pay(w.amount(2_000, 150_000), "Novak Jan, Vinohradska 12, 14000 Praha 4", NOT, c)
    # an invoice paid in part earlier, paid again in full naming it: the excess is a credit
    d = w.customer()
    part = w.invoice(d, w.amount(100_000, 400_000))
    w.sc.invoices[-1] = OpenInvoice(part.invoice_number, d.customer_id, part.currency, part.total,
                                    (part.total / 2).quantize(D("0.01")), part.issue_date, part.due_date)
    w.pay(part.total, f"VS {part.invoice_number}", may(part), d)
    # two invoices named, one of them paid earlier in the same statement
    e = w.customer()
    i1, i2 = w.invoice(e, w.amount()), w.invoice(e, w.amount())
    w.pay(i1.total, f"č.f. {i1.invoice_number}", posts(i1), e, day=18)
    w.pay(i1.total + i2.total, f"VS {i1.invoice_number} {i2.invoice_number}", may(i2), e, day=22)
    out = [w.sc]
    w = World(rng, "traps-kwd", "es_fr", "KWD")
    c = w.customer()
    inv = w.invoice(c, w.amount())
    w.pay(inv.total.quantize(D("0.01")), w.typed(inv), posts(inv), c)  # the bank rounded to two decimals
    out.append(w.sc)
    return out


SCENARIOS = [typed_forms, other_customers_invoice, same_amount_twins, two_customers, amount_of_another,
             late_discount_and_fees, refunds_and_duplicates, same_line_twice, names_of_two, long_texts,
             substrings, numbers_that_are_not_references, currencies, more_traps]


def generate(seed: int) -> list[Scenario]:
    rng = random.Random(seed)
    return [sc for make in SCENARIOS for sc in make(rng)]


@dataclass
class Tally:
    posted: int = 0
    right: int = 0
    should: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.posted if self.posted else 1.0

    @property
    def recall(self) -> float:
        hits = self.right - self.optional
        return hits / self.should if self.should else 1.0

    optional: int = 0


def judge(sc: Scenario, results, tally: Tally) -> None:
    """Adds one scenario's results (a sequence of `MatchResult`) to `tally`."""
    seen: set[str] = set()
    by_id: dict[str, list] = {}
    for r in results:
        by_id.setdefault(r.transaction_id, []).append(r)
    for tid, exp in sc.expect.items():
        if tid in seen:
            continue
        seen.add(tid)
        got = by_id.get(tid, [])
        tally.should += exp.posts is not None
        postings = [r for r in got if r.posted]
        if len(postings) > 1:
            tally.posted += len(postings)
            tally.wrong.append(f"{sc.name} {tid}: posted {len(postings)} times")
            continue
        if not postings:
            if exp.posts is not None:
                tally.missed.append(f"{sc.name} {tid}: {got[0].status if got else 'no result'}")
            continue
        tally.posted += 1
        docs = frozenset(postings[0].documents)
        if exp.posts is not None and docs == exp.posts:
            tally.right += 1
        elif exp.may is not None and docs == exp.may:
            tally.right += 1
            tally.optional += 1
        else:
            tally.wrong.append(f"{sc.name} {tid}: posted to {sorted(docs)} ({postings[0].status}), "
                               f"expected {sorted(exp.posts) if exp.posts else 'no posting'}")
