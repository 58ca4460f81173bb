"""Supplier invoices with the habits of small suppliers and their accounting software, which
`invoice_fresh.py` does not draw, made with fpdf2 for `bench/invoices_habits.py` and tests.

Each drawn `Habits` spec takes some of:

- `place_date`: no issue-date label; the date only after the place of issue, as a letter
  prints it ("V Brně dne 1. prosince 2026", "Kraków, dnia 1 grudnia 2026", "Valencia, 1 de
  diciembre de 2026", "Fait à Lyon, le 1er décembre 2026", "London, 1st December 2026");
- `terms_only`: no due date, only the period ("Splatnost: 14 dní", "Termin płatności: 14
  dni", "Forma de pago: transferencia a 30 días", "Conditions de paiement : 30 jours",
  "Payment terms: 30 days"): the due date is the issue date plus those days;
- `discount`: a discount line in the items with a negative amount ("Sleva 5 %", "Rabat",
  "Descuento", "Remise", "Discount") that lowers the net;
- `gross_first`: the totals printed gross first and the VAT as "of which" ("Total TTC ... dont
  TVA 20 %", "Celkem s DPH ... z toho DPH", "Razem brutto ... w tym VAT", "Total (IVA
  incluido) ... IVA incluido", "Total incl. VAT ... includes VAT");
- `deposit`: an advance deducted below the total ("Zaplaceno zálohou", "Zaliczka
  otrzymana", "Anticipo recibido", "Acompte versé", "Less deposit paid") and the smaller sum
  to pay ("K úhradě", "Pozostało do zapłaty", "Total a pagar", "Net à payer", "Balance due");
- `irpf` (Spanish freelancers): "Retención IRPF 15 %" lowers the sum to pay, not the total;
- `two_accounts`: a footer with two bank accounts, one per currency ("Účet CZK" / "Účet EUR"),
  the invoice's own currency not always first;
- `company_ids`: the national company number beside the VAT id (IČO, REGON/KRS, SIRET and
  RCS, the company's registration number; in Spain the NIF is the VAT id);
- `sign_before`: the currency sign or code before each total ("€ 1.234,56", "EUR 1 234,56");
- `items_sum`, `gross_lines`, `recap`: the items' own sum row (before a discount), each item's
  gross beside its net, a VAT recap table (rate | net | VAT | gross and a sum row);
- `terms_in_box`, `dates_one_line`, `bic`: the days to pay as a field of the box, the issue and
  due dates side by side on one line, the bank's name and BIC by the account;
- `eom`: the days counted from the end of the month ("30 jours fin de mois", "60 días fin de
  mes", "14 dni od końca miesiąca");
- `foreign`: invoiced in another currency (a Czech or Polish supplier in euros), with the
  exchange rate and the VAT (or net, VAT and gross) in the national currency, as the law asks.

`draw(rng, lang)` gives a spec, `render(spec)` the PDF bytes, `truth(spec)` what a careful
clerk reads (`payable` is what is to be paid; `due_date` the date printed or the issue date
plus the printed days).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from invoice_fresh import ADDRESS, BUYERS, CURRENCY, ITEMS, LANGS, RATES, SELLERS, _buyer_address, _iban, _vat_id, amount, day

CENT = Decimal("0.01")
SEPS = {"en": [(",", ".")], "cs": [(" ", ","), (".", ",")], "pl": [(" ", ","), (".", ",")],
        "es": [(".", ","), ("", ",")], "fr": [(" ", ","), ("\u202f", ",")]}
WORDS = {
    "en": dict(title="INVOICE", number="Invoice No:", issue="Invoice Date:", due="Due Date:", supply="Tax point:",
               seller="From", buyer="Invoice to", terms="Payment terms: {n} days", net="Subtotal", vat="VAT {r}%",
               total="Total", gross="Total incl. VAT", of_which="includes VAT {r}%", deposit="Less deposit paid",
               to_pay="Balance due", discount="Discount {p}%", vat_id="VAT No:", company="Company No: {n}",
               bank="Bank details", account="Account ({c}):", heads=("Description", "Qty", "Unit price", "VAT", "Amount"),
               place="London, {d}", ref="Reference:", days="{n} days", sum="Total",
               recap=("VAT rate", "Net", "VAT", "Gross"), gross_head="Gross"),
    "cs": dict(title="Faktura - daňový doklad č. {n}", number=None, issue="Datum vystavení:", due="Datum splatnosti:",
               supply="DUZP:", seller="Dodavatel:", buyer="Odběratel:", terms="Splatnost: {n} dní", net="Celkem bez DPH",
               vat="DPH {r} %", total="Celkem s DPH", gross="Celkem s DPH", of_which="z toho DPH {r} %",
               deposit="Zaplaceno zálohou", to_pay="Celkem k úhradě", discount="Sleva {p} %", vat_id="DIČ:",
               company="IČ: {n}", bank="Bankovní spojení", account="Účet {c}:",
               heads=("Označení dodávky", "Množství", "Cena za MJ", "DPH %", "Bez DPH"), place="V Brně dne {d}",
               ref="Variabilní symbol:", days="{n} dní", sum="Celkem",
               recap=("Sazba", "Základ", "DPH", "Celkem"), gross_head="S DPH"),
    "pl": dict(title="Faktura VAT nr {n}", number=None, issue="Data wystawienia:", due="Termin płatności:",
               supply="Data sprzedaży:", seller="Sprzedawca:", buyer="Nabywca:", terms="Termin płatności: {n} dni",
               net="Razem netto", vat="VAT {r}%", total="Razem brutto", gross="Razem brutto", of_which="w tym VAT {r}%",
               deposit="Zaliczka otrzymana", to_pay="Pozostało do zapłaty", discount="Rabat {p}%", vat_id="NIP:",
               company="REGON: {n}", bank="Dane do przelewu", account="Rachunek {c}:",
               heads=("Nazwa towaru / usługi", "Ilość", "Cena netto", "VAT", "Wartość netto"),
               place="Kraków, dnia {d}", ref=None, days="{n} dni", sum="Razem",
               recap=("Stawka", "Netto", "VAT", "Brutto"), gross_head="Wartość brutto"),
    "es": dict(title="FACTURA", number="Nº Factura:", issue="Fecha:", due="Vencimiento:", supply="Fecha operación:",
               seller="Emisor", buyer="Cliente", terms="Forma de pago: transferencia a {n} días", net="Base imponible",
               vat="IVA {r}%", total="Total factura", gross="Total (IVA incluido)", of_which="IVA incluido {r}%",
               deposit="Anticipo recibido", to_pay="Total a pagar", discount="Descuento {p}%", vat_id="NIF:",
               company="Inscrita en el R.M. de Valencia, tomo {n}", bank="Datos bancarios", account="Cuenta {c}:",
               heads=("Concepto", "Cantidad", "Precio", "IVA", "Importe"), place="Valencia, {d}", ref=None,
               days="{n} días", sum="Total", recap=("Tipo", "Base", "Cuota", "Total"), gross_head="Total"),
    "fr": dict(title="FACTURE", number="Facture n° :", issue="Date :", due="Échéance :", supply="Date de livraison :",
               seller="Émetteur", buyer="Client", terms="Conditions de paiement : {n} jours", net="Total HT",
               vat="TVA {r} %", total="Total TTC", gross="Total TTC", of_which="dont TVA {r} %", deposit="Acompte versé",
               to_pay="Net à payer", discount="Remise {p} %", vat_id="N° TVA :", company="SIRET : {n}",
               bank="Coordonnées bancaires", account="Compte {c} :",
               heads=("Désignation", "Qté", "PU HT", "TVA", "Montant HT"), place="Fait à Lyon, le {d}",
               ref="Référence :", days="{n} jours", sum="Total", recap=("Taux", "Base HT", "TVA", "TTC"),
               gross_head="Montant TTC"),
}
BANKS = {"en": ("NatWest", "NWBKGB2L"), "cs": ("Komerční banka, a.s.", "KOMBCZPPXXX"),
         "pl": ("mBank S.A.", "BREXPLPWMBK"), "es": ("CaixaBank", "CAIXESBBXXX"), "fr": ("BNP Paribas", "BNPAFRPPXXX")}
CORRECTION = {  # title, the invoice corrected, the reason, the columns, the rows, the sum to refund
    "pl": ("Faktura korygująca nr {n}", "Do faktury nr FV {o} z dnia {d}", "Przyczyna korekty: zwrot towaru",
           ("Netto", "VAT", "Brutto"), ("Przed korektą", "Po korekcie", "Różnica"), "Do zwrotu"),
    "cs": ("Opravný daňový doklad č. {n}", "K faktuře č. {o} ze dne {d}", "Důvod opravy: vrácení zboží",
           ("Základ", "DPH", "Celkem"), ("Původní hodnota", "Opravená hodnota", "Rozdíl"), "K vrácení"),
}
EOM = {"en": "end of month", "cs": "od konce měsíce", "pl": "od końca miesiąca", "es": "fin de mes",
       "fr": "fin de mois"}
FOREIGN = {"en": "EUR", "cs": "EUR", "pl": "EUR", "es": "USD", "fr": "USD"}
# the exchange rate line and the national-currency amounts the law asks a foreign-currency invoice for
CONVERTED = {
    "en": ("Exchange rate: 1 EUR = {x} GBP", [("VAT in GBP", "tax")]),
    "cs": ("Kurz ČNB: 1 EUR = {x} CZK", [("Základ daně v Kč", "net"), ("DPH v Kč", "tax"), ("Celkem v Kč", "total")]),
    "pl": ("Kurs NBP z dnia poprzedzającego: 1 EUR = {x} PLN", [("Kwota VAT w PLN", "tax")]),
    "es": ("Tipo de cambio: 1 USD = {x} EUR", [("Base imponible en EUR", "net"), ("Cuota IVA en EUR", "tax")]),
    "fr": ("Taux de change : 1 USD = {x} EUR", [("Montant HT en EUR", "net"), ("TVA en EUR", "tax")]),
}
RATE_TO_NATIONAL = {"en": Decimal("0.8612"), "cs": Decimal("24.350"), "pl": Decimal("4.2512"),
                    "es": Decimal("0.9210"), "fr": Decimal("0.9210")}
SECOND_CURRENCY = {"en": "EUR", "cs": "EUR", "pl": "EUR", "es": "USD", "fr": "CHF"}


@dataclass(frozen=True)
class Habits:
    lang: str
    number: str
    issue: date
    due: date
    seller: str
    seller_vat: str
    buyer: str
    buyer_vat: str
    iban: str
    other_iban: str
    company_no: str
    lines: tuple[tuple[str, Decimal, Decimal, str], ...]
    sep: tuple[str, str]
    date_style: str
    reference: str | None = None
    place_date: bool = False
    terms_only: bool = False
    discount_pct: int = 0
    gross_first: bool = False
    deposit: Decimal = Decimal(0)
    irpf: int = 0
    two_accounts: bool = False
    company_ids: bool = False
    sign_before: bool = False
    items_sum: bool = False  # a row under the items summing their amounts, before any discount
    terms_in_box: bool = False  # with terms_only: the days in the fields box ("Splatnost: 14 dní")
    dates_one_line: bool = False  # the issue and due dates side by side on one line
    bic: bool = False  # the bank's name and BIC beside the IBAN
    recap: bool = False  # a VAT recap table (rate | net | VAT | gross, and a sum row) for the totals
    gross_lines: bool = False  # each item's gross after its net (VAT column as an amount)
    foreign: bool = False  # invoiced in another currency, the VAT also given in the national one at a rate
    correction: bool = False  # a Polish or Czech corrective invoice: before, after and the difference
    eom: int = 0  # with terms_only: that many days counted from the end of the month ("30 jours fin de mois")

    @property
    def currency(self) -> str:
        return FOREIGN[self.lang] if self.foreign else CURRENCY[self.lang]

    def by_rate(self) -> dict[str, tuple[Decimal, Decimal]]:
        nets: dict[str, Decimal] = {}
        for _, qty, price, rate in self.lines:
            nets[rate] = nets.get(rate, Decimal(0)) + (qty * price).quantize(CENT, ROUND_HALF_UP)
        if self.discount_pct:  # the discount line lowers each rate's base by the same share
            nets = {r: n - (n * self.discount_pct / 100).quantize(CENT, ROUND_HALF_UP) for r, n in nets.items()}
        return {r: (n, (n * Decimal(r) / 100).quantize(CENT, ROUND_HALF_UP)) for r, n in nets.items()}

    @property
    def net(self) -> Decimal:
        return sum((n for n, _ in self.by_rate().values()), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum((t for _, t in self.by_rate().values()), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax

    @property
    def withheld(self) -> Decimal:
        return (self.net * self.irpf / 100).quantize(CENT, ROUND_HALF_UP)

    @property
    def payable(self) -> Decimal:
        return self.total - self.deposit - self.withheld

    @property
    def sign(self) -> int:
        return -1 if self.correction else 1


def truth(spec: Habits) -> dict:
    k = spec.sign
    return {"supplier.name": spec.seller, "supplier.vat_id": spec.seller_vat, "invoice_number": spec.number,
            "issue_date": spec.issue, "due_date": spec.due, "currency": spec.currency, "net": k * spec.net,
            "tax": k * spec.tax, "total": k * spec.total, "supplier.iban": spec.iban,
            "payment_reference": spec.reference, "document_type": "credit_note" if spec.correction else "invoice",
            "payable": k * spec.payable}


def _number(lang: str, rng: random.Random, year: int) -> str:
    n = rng.randint(1, 999)
    return {"en": f"INV-{n:04d}", "cs": f"{year}{n:04d}", "pl": f"{n}/{rng.randint(1, 12):02d}/{year}",
            "es": f"{year}/{n:03d}", "fr": f"F{year}{n:04d}"}[lang]


def draw(rng: random.Random, lang: str | None = None, **fixed) -> Habits:
    lang = lang or rng.choice(LANGS)
    issue = date(2026, 1, 1) + timedelta(days=rng.randint(0, 360))
    terms = rng.choice((7, 14, 30))
    high, low = RATES[lang]
    rates = rng.choice([[high], [high, low]])
    lines = tuple((rng.choice(ITEMS), Decimal(rng.randint(1, 20)), Decimal(rng.randint(500, 90000)) / 100,
                   rates[i % len(rates)]) for i in range(rng.randint(1, 5)))
    number = _number(lang, rng, issue.year)
    spec = dict(
        lang=lang, number=number, issue=issue, due=issue + timedelta(days=terms), seller=rng.choice(SELLERS[lang]),
        seller_vat=_vat_id(lang, rng), buyer=rng.choice(BUYERS[lang]), buyer_vat=_vat_id(lang, rng),
        iban=_iban(lang, rng), other_iban=_iban(lang, rng), company_no=str(rng.randint(10_000_000, 99_999_999)),
        lines=lines, sep=rng.choice(SEPS[lang]), date_style=rng.choice(("words", "numeric")),
        reference=number.replace("/", "") if lang == "cs" else None,
        place_date=rng.random() < 0.35, terms_only=rng.random() < 0.35,
        discount_pct=rng.choice((0, 0, 5, 10)), gross_first=rng.random() < 0.3,
        irpf=15 if lang == "es" and rng.random() < 0.4 else 0, two_accounts=rng.random() < 0.4,
        company_ids=rng.random() < 0.6, sign_before=rng.random() < 0.3,
    )
    spec.update(fixed)
    made = Habits(**spec)
    if "deposit" not in fixed and rng.random() < 0.3:
        spec["deposit"] = (made.total * Decimal(rng.choice((20, 30, 50))) / 100).quantize(CENT)
    more = dict(items_sum=rng.random() < 0.35, terms_in_box=rng.random() < 0.5, dates_one_line=rng.random() < 0.3,
                bic=rng.random() < 0.5, recap=rng.random() < 0.3, gross_lines=rng.random() < 0.3,
                foreign=rng.random() < 0.2, eom=rng.choice((30, 45, 60)) if rng.random() < 0.25 else 0)
    more["correction"] = lang in CORRECTION and rng.random() < 0.25
    more.update({k: v for k, v in fixed.items() if k in more})
    if more["correction"]:  # a correction states the difference alone, in the plain way
        spec.update(discount_pct=0, gross_first=False, deposit=Decimal(0), irpf=0)
        more.update(items_sum=False, recap=False, foreign=False)
    if more["eom"] and spec["terms_only"]:  # due so many days after the end of the issue month
        month_end = (spec["issue"].replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        spec["due"] = month_end + timedelta(days=more["eom"])
    else:
        more["eom"] = 0
    return Habits(**{**spec, **more})


def money(spec: Habits, value: Decimal, sign: bool = False) -> str:
    text = amount(value, spec.sep)
    if not sign:
        return text
    code = {"GBP": "£", "EUR": "€", "CZK": "Kč", "PLN": "zł", "USD": "$"}[spec.currency]
    if spec.sign_before:
        return f"{code}{text}" if code in "£$" else f"{code} {text}"
    return f"{code}{text}" if code in "£$" else f"{text} {code}"


def _rate(rate: str, spec: Habits) -> str:
    return rate.replace(".", spec.sep[1])


def render(spec: Habits) -> bytes:
    from backoffice_auto.reports.pdf import FAMILY, new_document

    w, lang = WORDS[spec.lang], spec.lang
    d = lambda value: day(value, spec.date_style, lang)  # noqa: E731
    pdf = new_document(title="Invoice")
    pdf.add_page()
    pdf.set_auto_page_break(False)

    def text(x, y, value, bold=False, size=9, width=0, align="L"):
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_xy(x, y)
        pdf.cell(width or pdf.get_string_width(value) + 2, 5, value, align=align)

    title = (CORRECTION[lang][0] if spec.correction else w["title"]).format(n=spec.number)
    text(14, 12, title, bold=True, size=15)
    if spec.correction:  # the invoice corrected, its date, and why
        original = spec.issue - timedelta(days=20)
        text(14, 19, CORRECTION[lang][1].format(o=f"{original.year}{int(spec.company_no) % 997:04d}", d=d(original)),
             size=8)
        text(14, 23, CORRECTION[lang][2], size=8)
    y = 28
    ids = [f"{w['vat_id']} {spec.seller_vat}"]
    if spec.company_ids:
        ids.insert(0, w["company"].format(n=spec.company_no))
    seller = [w["seller"], spec.seller, *ADDRESS[lang], *ids]
    buyer_ids = [f"{w['vat_id']} {spec.buyer_vat}"]
    if spec.company_ids:
        buyer_ids.insert(0, w["company"].format(n=str(int(spec.company_no) + 7919)))
    buyer = [w["buyer"], spec.buyer, *_buyer_address(lang), *buyer_ids]
    for i, line in enumerate(seller):
        text(14, y + i * 5, line, bold=i <= 1)
    for i, line in enumerate(buyer):
        text(110, y + i * 5, line, bold=i <= 1)
    y += 5 * max(len(seller), len(buyer)) + 6

    days = spec.eom or (spec.due - spec.issue).days
    terms = w["terms"].format(n=days) + (f" {EOM[lang]}" if spec.eom else "")
    fields = []
    if w["number"]:
        fields.append((w["number"], spec.number))
    one_line = spec.dates_one_line and not spec.place_date and not spec.terms_only
    if one_line:  # "Datum vystavení: 1.12.2026      Datum splatnosti: 15.12.2026"
        text(14, y, f"{w['issue']} {d(spec.issue)}")
        text(110, y, f"{w['due']} {d(spec.due)}")
        y += 7
    elif not spec.place_date:
        fields.append((w["issue"], d(spec.issue)))
    fields.append((w["supply"], d(spec.issue - timedelta(days=2))))
    if not spec.terms_only and not one_line:
        fields.append((w["due"], d(spec.due)))
    elif spec.terms_only and spec.terms_in_box:  # "Splatnost: | 14 dní" as a field of the box
        label, value = terms.split(":", 1)
        fields.append((label.strip() + ":", value.strip()))
    if spec.reference and w["ref"]:
        fields.append((w["ref"], spec.reference))
    for i, (label, value) in enumerate(fields):
        text(110, y + i * 5, label)
        text(150, y + i * 5, value)
    if spec.place_date:
        text(14, y, w["place"].format(d=d(spec.issue)))
    y += 5 * len(fields) + 6

    xs = (14, 92, 112, 134, 150, 172) if spec.gross_lines else (14, 100, 122, 150, 165)
    heads = (*w["heads"], w["gross_head"]) if spec.gross_lines else w["heads"]
    cell = lambda i, y, value, **kw: text(xs[i], y, value, width=0 if i == 0 else 24, align="L" if i == 0 else "R", **kw)  # noqa: E731
    for i, head in enumerate(heads):
        cell(i, y, head, bold=True, size=7.5)
    y += 6
    line_nets = []
    for desc, qty, price, rate in spec.lines:
        net = (qty * price).quantize(CENT, ROUND_HALF_UP)
        line_nets.append((net, rate))
        k = spec.sign
        values = [desc, str(k * qty), money(spec, price), f"{_rate(rate, spec)} %", money(spec, k * net)]
        if spec.gross_lines:
            values.append(money(spec, k * (net + (net * Decimal(rate) / 100).quantize(CENT, ROUND_HALF_UP))))
        for i, value in enumerate(values):
            cell(i, y, value, size=8)
        y += 5
    if spec.items_sum:  # the items' own sum row, before any discount: not the invoice's total
        cell(0, y, w["sum"], bold=True, size=8)
        cell(4, y, money(spec, sum((n for n, _ in line_nets), Decimal(0))), bold=True, size=8)
        if spec.gross_lines:
            gross = sum((n + (n * Decimal(r) / 100).quantize(CENT, ROUND_HALF_UP) for n, r in line_nets), Decimal(0))
            cell(5, y, money(spec, gross), bold=True, size=8)
        y += 5
    if spec.discount_pct:
        gross_lines = sum((n for n, _ in line_nets), Decimal(0))
        cell(0, y, w["discount"].format(p=spec.discount_pct), size=8)
        cell(4, y, money(spec, spec.net - gross_lines), size=8)
        y += 5
    y += 6

    rows: list[tuple[str, str, bool]] = []
    by_rate = sorted(spec.by_rate().items(), key=lambda kv: -Decimal(kv[0]))
    if spec.correction:  # before | after | difference, then the sum to refund
        heads, names, refund = CORRECTION[lang][3], CORRECTION[lang][4], CORRECTION[lang][5]
        before = [a * 3 for a in (spec.net, spec.tax, spec.total)]
        after = [b - a for b, a in zip(before, (spec.net, spec.tax, spec.total))]
        difference = [-a for a in (spec.net, spec.tax, spec.total)]
        for i, head in enumerate(heads):
            text(110 + i * 30, y, head, bold=True, size=8, width=28, align="R")
        y += 5
        for name, values in zip(names, (before, after, difference)):
            text(60, y, name, size=8, bold=values is difference)
            for i, value in enumerate(values):
                text(110 + i * 30, y, money(spec, value), size=8, width=28, align="R", bold=values is difference)
            y += 5
        y += 3
        rows.append((refund, money(spec, spec.total, True), True))
    elif spec.recap and not spec.gross_first:  # rate | net | VAT | gross, a sum row, then the total
        for i, head in enumerate(w["recap"]):
            text(90 + i * 27, y, head, bold=True, size=8, width=25, align="R")
        y += 5
        for rate, (n, vat) in by_rate:
            for i, value in enumerate((f"{_rate(rate, spec)} %", money(spec, n), money(spec, vat), money(spec, n + vat))):
                text(90 + i * 27, y, value, size=8, width=25, align="R")
            y += 5
        for i, value in enumerate((w["sum"], money(spec, spec.net), money(spec, spec.tax), money(spec, spec.total))):
            text(90 + i * 27, y, value, bold=True, size=8, width=25, align="R")
        y += 8
        if not (spec.irpf or spec.deposit):
            rows.append((w["to_pay"], money(spec, spec.total, True), True))
    elif spec.gross_first:
        rows.append((w["gross"], money(spec, spec.total, True), True))
        rows.append((w["net"], money(spec, spec.net), False))
        for rate, (_n, vat) in by_rate:
            rows.append((w["of_which"].format(r=_rate(rate, spec)), money(spec, vat), False))
    if not spec.correction and not spec.recap and not spec.gross_first:
        rows.append((w["net"], money(spec, spec.net), False))
        for rate, (_n, vat) in by_rate:
            rows.append((w["vat"].format(r=_rate(rate, spec)), money(spec, vat), False))
        rows.append((w["total"], money(spec, spec.total, True), True))
    if spec.irpf:
        rows.append((f"Retención IRPF {spec.irpf} %", money(spec, -spec.withheld), False))
    if spec.deposit:
        rows.append((w["deposit"], money(spec, -spec.deposit), False))
    if spec.irpf or spec.deposit:
        rows.append((w["to_pay"], money(spec, spec.payable, True), True))
    for i, (label, value, bold) in enumerate(rows):
        text(110, y + i * 6, label, bold=bold)
        text(160, y + i * 6, value, bold=bold, width=36, align="R")
    y += 6 * len(rows) + 6
    if spec.terms_only and not spec.terms_in_box:
        text(14, y, terms)
        y += 6
    if spec.foreign:  # "Kurz ČNB: 1 EUR = 24,350 CZK", then the amounts in the national currency
        rate_line, converted = CONVERTED[lang]
        x = RATE_TO_NATIONAL[lang]
        text(14, y, rate_line.format(x=str(x).replace(".", spec.sep[1])), size=8)
        y += 5
        national = CURRENCY[lang]
        sign = {"GBP": "£", "CZK": " Kč", "PLN": " zł", "EUR": " €"}[national]
        for label, name in converted:
            value = amount((getattr(spec, name) * x).quantize(CENT, ROUND_HALF_UP), spec.sep)
            text(14, y, label, size=8)
            text(70, y, f"£{value}" if sign == "£" else value + sign, size=8, width=30, align="R")
            y += 5

    # the footer: the bank details (one or two accounts), the company's register
    fy = 262
    text(14, fy, w["bank"], bold=True, size=7.5)
    accounts = [(spec.currency, spec.iban)]
    if spec.two_accounts:
        other = (CURRENCY[lang] if spec.foreign else SECOND_CURRENCY[lang], spec.other_iban)
        accounts = [other, accounts[0]] if spec.issue.day % 2 else [accounts[0], other]
        for i, (cur, iban) in enumerate(accounts):
            text(14, fy + 4 + i * 4, f"{w['account'].format(c=cur)} IBAN {iban}", size=7.5)
    else:
        text(14, fy + 4, f"IBAN {spec.iban}", size=7.5)
    if spec.bic:
        text(14, fy + 4 + 4 * len(accounts), f"{BANKS[lang][0]}, BIC/SWIFT: {BANKS[lang][1]}", size=7.5)
    text(120, fy, spec.seller, size=7.5)
    text(120, fy + 4, ", ".join(ADDRESS[lang]), size=7.5)
    if spec.company_ids:
        text(120, fy + 8, w["company"].format(n=spec.company_no), size=7.5)
    return bytes(pdf.output())
