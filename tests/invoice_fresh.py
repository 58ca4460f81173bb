"""Invoices in layouts and words the reader was not written for, made with fpdf2.

The reader is judged on real supplier invoices in English, Czech, Polish, Spanish and
French that nobody here has seen. The other generators (`invoice_generator.py`,
`invoice_layouts.py`, `invoice_software.py`) print the label spellings the reader was tuned
with; this one draws other synonyms a supplier's software prints ("Evidenční číslo",
"Vystavena dne", "Wystawiono dnia", "Fecha de expedición", "Émise le", "Balance due"...),
document titles that carry the number on their own line or after "nr", corrective
invoices (negative amounts), dates in words with the month in its grammatical case ("1.
prosince 2026", "1 grudnia 2026", "1er décembre 2026", "1st December 2026"), every
thousands separator a locale prints (space, no-break space, narrow no-break space, dot,
apostrophe), totals on the left or on the right, the supplier and the customer boxed side
by side (either way round), and the fields in ruled table cells or as text lines.
`invoice_fresh_pages.py` adds pages set out other ways (the supplier's letterhead beside a
box of fields, the supplier only in the footer, items running onto a second page with the
totals there) and, in every layout, up to three VAT rates, reverse-charge invoices, a
currency sign before or after every amount, the sum in words, month abbreviations, ISO and
two-digit-year dates, numbers with slashes and items columns headed in the invoice's
language ("Celkem", "Total", "Importe" over each line's net).

`draw(rng)` gives a `Fresh` spec, `render(spec)` the PDF bytes and `truth(spec)` what a
careful clerk reads from it, in `ExtractedInvoice` field names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
LANGS = ("en", "cs", "pl", "es", "fr")
CURRENCY = {"en": "GBP", "cs": "CZK", "pl": "PLN", "es": "EUR", "fr": "EUR"}
RATES = {"en": ("20", "5"), "cs": ("21", "12"), "pl": ("23", "8"), "es": ("21", "10"), "fr": ("20", "5.5")}
SELLERS = {
    "en": ["Pennine Fasteners Ltd", "Oakridge Catering Supplies Limited", "Marlow Print & Sign Ltd"],
    "cs": ["Strojírny Vysočina s.r.o.", "Elektro Hanák a.s.", "Stavebniny Kolín spol. s r.o."],
    "pl": ["Drukarnia Wisła sp. z o.o.", "Elektrohurt Kraków S.A.", "Transbud Rzeszów sp. j."],
    "es": ["Talleres Gallego S.L.", "Distribuciones Levante S.A.", "Papelería Castilla S.L.U."],
    "fr": ["Menuiserie Lambert SARL", "Électricité Morel SAS", "Imprimerie du Centre SA"],
}
BUYERS = {
    "en": ["Greenfield Logistics Ltd", "Thames Valley Builders Limited"],
    "cs": ["Autodoprava Novák s.r.o.", "Pekárna Zlín a.s."],
    "pl": ["Hurtownia Mazury sp. z o.o.", "Ogrodnik Lublin S.A."],
    "es": ["Construcciones Duero S.A.", "Hostelería Mar Menor S.L."],
    "fr": ["Boulangerie Fabre SARL", "Transports Mercier SAS"],
}
ADDRESS = {
    "en": ["Unit 4 Mill Lane", "Bradford BD4 7TJ"], "cs": ["Masarykova 41", "586 01 Jihlava"],
    "pl": ["ul. Słowackiego 19", "35-060 Rzeszów"], "es": ["Avda. de la Constitución 33", "46001 Valencia"],
    "fr": ["27 avenue Jean Jaurès", "63000 Clermont-Ferrand"],
}
ITEMS = ["Steel bracket 40x40", "Toner cartridge 85A", "Site survey (hours)", "Copper cable 3x2.5",
         "Oak worktop 2 m", "Delivery and handling", "Brochure print A5", "Ceramic tile 30x60"]

# synonyms suppliers print, other than the ones the reader's own tests use
W = {
    "en": dict(title=["TAX INVOICE", "Sales Invoice", "Tax invoice"], credit=["CREDIT MEMO", "Credit memo"],
               number=["Invoice no.", "Inv. no.", "Document no."], issue=["Date issued", "Dated", "Billing date"],
               due=["Payable by", "Due on", "Payment due by"], supply=["Supply date", "Date of service"],
               net=["Net total", "Goods total"], vat=["VAT @ {r}%", "VAT at {r}%"],
               total=["Balance due", "Total payable", "Amount due"], seller=["From:", "Supplier:"],
               buyer=["To:", "Sold to:"], vat_id=["VAT reg. no.", "VAT registration"],
               ref=["Payment reference", "Please quote"], iban=["IBAN"], rate_hdr=["Rate", "Net", "VAT"]),
    "cs": dict(title=["Faktura - daňový doklad", "FAKTURA – DAŇOVÝ DOKLAD", "Daňový doklad"],
               credit=["Opravný daňový doklad", "Dobropis - opravný daňový doklad"],
               number=["Evidenční číslo", "Číslo dokladu", "Doklad č."], issue=["Datum vyhotovení", "Vystavena dne", "Den vystavení"],
               due=["Splatnost", "Splatno dne", "Datum splatnosti"],
               supply=["Datum uskutečnění zdanitelného plnění", "Datum zdanitelného plnění"],
               net=["Celkem bez daně", "Základ celkem"], vat=["DPH {r} %", "Daň {r} %"],
               total=["Celkem k platbě", "Částka k úhradě", "Fakturovaná částka"], seller=["Dodavatel:", "Prodávající:"],
               buyer=["Odběratel:", "Kupující:"], vat_id=["DIČ"], ref=["Variabilní symbol", "VS"],
               iban=["IBAN"], rate_hdr=["Sazba", "Základ", "DPH"]),
    "pl": dict(title=["Faktura VAT nr", "Faktura nr", "FAKTURA VAT NR"],
               credit=["Faktura korygująca nr", "FAKTURA KORYGUJĄCA NR"],
               number=["Numer dokumentu", "Nr dokumentu"], issue=["Wystawiono dnia", "Data wyst.", "Data wystawienia"],
               due=["Termin zapłaty", "Płatne do", "Termin płatności"], supply=["Data sprzedaży", "Data dokonania dostawy"],
               net=["Suma netto", "Wartość netto razem"], vat=["VAT {r}%", "Podatek VAT {r}%"],
               total=["Razem do zapłaty", "Kwota do zapłaty", "Do zapłaty"], seller=["Sprzedawca:", "Wystawca:"],
               buyer=["Nabywca:", "Odbiorca:"], vat_id=["NIP"], ref=["Tytuł przelewu"], iban=["IBAN", "Nr rachunku"],
               rate_hdr=["Stawka", "Netto", "VAT"]),
    "es": dict(title=["Factura", "Factura simplificada", "FACTURA"], credit=["Factura rectificativa", "Abono"],
               number=["Nº factura", "Núm. factura", "Factura número"], issue=["Fecha de expedición", "Fecha emisión", "Expedida el"],
               due=["Fecha de pago", "Vencimiento", "Fecha vencimiento"], supply=["Fecha de operación", "Fecha del servicio"],
               net=["Base imponible", "Total base imponible"], vat=["Cuota IVA {r} %", "IVA ({r}%)"],
               total=["Total a abonar", "TOTAL FACTURA", "Importe a pagar"], seller=["Emisor:", "Proveedor:"],
               buyer=["Destinatario:", "Datos del cliente:"], vat_id=["NIF", "N.I.F."],
               ref=["Referencia de pago", "Concepto"], iban=["IBAN"], rate_hdr=["Tipo", "Base", "Cuota"]),
    "fr": dict(title=["Facture d'acompte", "Facture", "FACTURE"], credit=["Facture d'avoir", "AVOIR N°"],
               number=["N° de facture", "Facture N°", "Réf. facture"], issue=["Émise le", "Date de facturation", "Fait le"],
               due=["Date d'échéance", "Date limite de paiement", "Payable le"], supply=["Date de prestation", "Date de la vente"],
               net=["Montant HT", "Sous-total HT", "Total hors taxes"], vat=["TVA {r} %", "TVA à {r} %"],
               total=["Net à payer", "Total à régler", "Montant total TTC"], seller=["Émetteur :", "Vendeur :"],
               buyer=["Destinataire :", "Adressée à :"], vat_id=["N° TVA intracommunautaire", "TVA intracom."],
               ref=["Référence de paiement", "Référence à rappeler"], iban=["IBAN"], rate_hdr=["Taux", "Base HT", "TVA"]),
}
MONTHS = {  # as a date in words prints the month (genitive in cs and pl)
    "en": "January February March April May June July August September October November December",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
SEPARATORS = {  # (thousands, decimal) a locale prints
    "en": [(",", "."), ("'", "."), ("", ".")],
    "cs": [(" ", ","), ("\u00a0", ","), ("\u202f", ","), (".", ",")],
    "pl": [(" ", ","), ("\u00a0", ","), (".", ",")],
    "es": [(".", ","), ("", ","), ("\u00a0", ",")],
    "fr": [(" ", ","), ("\u00a0", ","), ("\u202f", ","), ("'", ",")],
}
SYMBOL = {"GBP": ("£", ""), "CZK": ("", " Kč"), "PLN": ("", " zł"), "EUR": ("", " €")}
LAYOUTS = ("side_by_side", "table_cells", "title_block", "two_column", "supplier_bottom", "multi_page")
DATE_STYLES = ("words", "numeric", "numeric_spaced", "abbreviated", "iso")
MORE_LAYOUTS = ("two_column", "supplier_bottom", "multi_page")  # drawn by invoice_fresh_pages.py
THIRD_RATE = {"en": "0", "cs": "0", "pl": "5", "es": "4", "fr": "10"}


@dataclass(frozen=True)
class Fresh:
    lang: str
    layout: str
    kind: str  # invoice | credit_note
    number: str
    issue: date
    supply: date
    due: date
    seller: str
    seller_vat: str
    buyer: str
    buyer_vat: str
    iban: str
    reference: str | None
    lines: tuple[tuple[str, Decimal, Decimal, str], ...]  # description, qty, unit price, rate
    sep: tuple[str, str]
    date_style: str
    seller_right: bool  # the supplier box right of the customer's
    totals_left: bool
    number_style: str  # label | title_same_line | title_next_line
    variant: int
    code_currency: bool
    symbols: bool = False  # every amount with its currency sign or code, not only the total
    symbol_before: bool = False  # the sign before the figure ("€ 1.234,56", "EUR 100.00")
    reverse_charge: bool = False  # no VAT charged: the customer accounts for it
    words_total: bool = False  # the sum to pay also in words under the figures

    @property
    def sign(self) -> int:
        return -1 if self.kind == "credit_note" else 1

    @property
    def currency(self) -> str:
        return CURRENCY[self.lang]

    def by_rate(self) -> dict[str, tuple[Decimal, Decimal]]:
        out: dict[str, list[Decimal]] = {}
        for _, qty, price, rate in self.lines:
            out.setdefault(rate, []).append((qty * price).quantize(CENT, ROUND_HALF_UP))
        return {r: (sum(v, Decimal(0)), (sum(v, Decimal(0)) * Decimal(r) / 100).quantize(CENT, ROUND_HALF_UP))
                for r, v in out.items()}

    @property
    def net(self) -> Decimal:
        return self.sign * sum((n for n, _ in self.by_rate().values()), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return self.sign * sum((t for _, t in self.by_rate().values()), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax


def truth(spec: Fresh) -> dict:
    return {"supplier.name": spec.seller, "supplier.vat_id": spec.seller_vat, "invoice_number": spec.number,
            "issue_date": spec.issue, "due_date": spec.due, "currency": spec.currency, "net": spec.net,
            "tax": spec.tax, "total": spec.total, "supplier.iban": spec.iban,
            "payment_reference": spec.reference, "document_type": spec.kind}


# --- drawing -------------------------------------------------------------------------------

def _vat_id(lang: str, rng: random.Random) -> str:
    """A VAT id whose check digits hold (the reader rightly trusts only those)."""
    from stdnum import get_cc_module, luhn

    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    if lang == "en":  # weights 8..2 on seven digits, the last two make the sum 0 mod 97
        seven = str(rng.randint(1, 9)) + digits(6)
        return f"GB{seven}{-sum(w * int(d) for w, d in zip(range(8, 1, -1), seven)) % 97:02d}"
    if lang == "fr":  # a SIREN (Luhn) behind its key
        siren = str(rng.randint(1, 9)) + digits(7)
        siren += luhn.calc_check_digit(siren)
        return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    country, size, lead = {"cs": ("cz", 8, ""), "pl": ("pl", 10, ""), "es": ("es", 8, "B")}[lang]
    module = get_cc_module(country, "vat")
    while True:
        body = lead + str(rng.randint(1, 9)) + digits(size - 1)
        if module.is_valid(body):
            return body if lang == "pl" else country.upper() + body


def _iban(lang: str, rng: random.Random) -> str:
    country, length = {"en": ("GB", 18), "cs": ("CZ", 20), "pl": ("PL", 24), "es": ("ES", 20), "fr": ("FR", 23)}[lang]
    if lang == "en":
        body = "NWBK" + "".join(str(rng.randint(0, 9)) for _ in range(14))
    else:
        body = "".join(str(rng.randint(0, 9)) for _ in range(length))
    numeric = "".join(str(int(ch, 36)) for ch in body + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{body}"


def _number(lang: str, kind: str, rng: random.Random, year: int) -> str:
    n = rng.randint(1, 9999)
    if lang == "cs":
        return rng.choice([f"{year}{n:06d}", f"{year % 100}{n:05d}", f"FV-{year}-{n:04d}", f"FV/{year}/{n:04d}"])
    if lang == "pl":
        prefix = "FK" if kind == "credit_note" else "FV"
        return rng.choice([f"{prefix}/{n}/{rng.randint(1, 12):02d}/{year}", f"{n}/{year}", f"{prefix} {n}/{year}"])
    if lang == "es":
        return rng.choice([f"A-{year}-{n:05d}", f"FS{year % 100}/{n:04d}", f"{year}/{n:04d}"])
    if lang == "fr":
        return rng.choice([f"FA{year}-{n:05d}", f"F-{year}-{n:04d}", f"AC{year % 100}{n:04d}", f"F/{year}/{n:04d}"])
    return rng.choice([f"SI-{n:06d}", f"INV{year}{n:04d}", f"{n:05d}", f"INV/{year % 100}/{n:04d}"])


def draw(rng: random.Random, lang: str | None = None, **fixed) -> Fresh:
    lang = lang or rng.choice(LANGS)
    kind = "credit_note" if rng.random() < 0.2 else "invoice"
    issue = date(2026, 1, 1) + timedelta(days=rng.randint(0, 360))
    high, low = RATES[lang]
    rates = rng.choice([[high], [high, low], [high, low, THIRD_RATE[lang]]])
    layout = rng.choice(LAYOUTS)
    reverse_charge = rng.random() < 0.1
    if reverse_charge:
        rates = ["0"]
    count = rng.randint(30, 40) if layout == "multi_page" else rng.randint(1, 4)
    lines = tuple((rng.choice(ITEMS), Decimal(rng.randint(1, 40)),
                   Decimal(rng.randint(500, 250000)) / 100, rates[i % len(rates)])
                  for i in range(count))
    reference = None
    if lang == "cs":
        reference = "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((8, 10))))
    elif lang in ("en", "fr", "es") and rng.random() < 0.5:
        reference = f"CUST{rng.randint(1000, 99999)}"
    spec = dict(
        lang=lang, layout=layout, kind=kind, number=_number(lang, kind, rng, issue.year),
        issue=issue, supply=issue - timedelta(days=rng.randint(1, 12)),
        due=issue + timedelta(days=rng.choice((7, 14, 21, 30))), seller=rng.choice(SELLERS[lang]),
        seller_vat=_vat_id(lang, rng), buyer=rng.choice(BUYERS[lang]), buyer_vat=_vat_id(lang, rng),
        iban=_iban(lang, rng), reference=reference, lines=lines, sep=rng.choice(SEPARATORS[lang]),
        date_style=rng.choice(DATE_STYLES), seller_right=rng.random() < 0.4, totals_left=rng.random() < 0.4,
        number_style=rng.choice(("label", "title_same_line", "title_next_line")), variant=rng.randint(0, 5),
        code_currency=rng.random() < 0.5, symbols=rng.random() < 0.3, symbol_before=rng.random() < 0.3,
        reverse_charge=reverse_charge, words_total=rng.random() < 0.25,
    )
    spec.update(fixed)
    return Fresh(**spec)


def fresh_set(count: int, seed: int = 1207) -> list[Fresh]:
    rng = random.Random(seed)
    return [draw(rng, LANGS[i % len(LANGS)]) for i in range(count)]


# --- printing ------------------------------------------------------------------------------

def amount(value: Decimal, sep: tuple[str, str]) -> str:
    thousands, decimal = sep
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ("-" if value < 0 else "") + thousands.join(groups) + decimal + cents


def day(value: date, style: str, lang: str) -> str:
    if style == "iso":
        return value.isoformat()
    if style == "abbreviated":  # a short month name or the shortest figures a locale prints
        short = MONTHS["en"].split()[value.month - 1][:3]
        return {"en": f"{short} {value.day}, {value.year}", "cs": f"{value.day}.{value.month}.{value.year}",
                "pl": f"{value:%d.%m.%Y} r.", "es": f"{value.day:02d}-{MONTHS['es'].split()[value.month - 1][:3]}-{value.year}",
                "fr": f"{value:%d/%m/%y}"}[lang]
    if style == "numeric":
        return value.strftime("%d.%m.%Y" if lang in ("cs", "pl") else "%d/%m/%Y")
    if style == "numeric_spaced":
        return f"{value.day}. {value.month}. {value.year}" if lang == "cs" else value.strftime(
            {"pl": "%d-%m-%Y", "en": "%d/%m/%Y"}.get(lang, "%d/%m/%Y"))
    month = MONTHS[lang].split()[value.month - 1]
    if lang == "en":
        suffix = "th" if 11 <= value.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(value.day % 10, "th")
        return f"{value.day}{suffix} {month} {value.year}"
    if lang == "cs":
        return f"{value.day}. {month} {value.year}"
    if lang == "es":
        return f"{value.day} de {month} de {value.year}"
    if lang == "fr":
        return f"{'1er' if value.day == 1 else value.day} {month} {value.year}"
    return f"{value.day} {month} {value.year}"


def _pick(options: list[str], variant: int) -> str:
    return options[variant % len(options)]


def render(spec: Fresh) -> bytes:
    from backoffice_auto.reports.pdf import FAMILY, new_document
    from invoice_fresh_pages import ITEM_HEADS, item_row, money_text, notes_after_totals, render_more, totals_rows

    if spec.layout in MORE_LAYOUTS:
        return render_more(spec)
    w, v, lang = W[spec.lang], spec.variant, spec.lang
    d = lambda value: day(value, spec.date_style, lang)  # noqa: E731
    title = _pick(w["credit"] if spec.kind == "credit_note" else w["title"], v)
    pdf = new_document(title="Invoice")
    pdf.add_page()
    pdf.set_auto_page_break(False)

    def text(x, y, value, bold=False, size=9, width=0, align="L", border=0):
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_xy(x, y)
        pdf.cell(width or pdf.get_string_width(value) + 2, 6, value, align=align, border=border)

    # title, with or without the number
    title_ends_nr = title.lower().endswith(("nr", "n°"))
    y = 14
    if spec.number_style == "title_same_line" or title_ends_nr:
        text(14, y, f"{title} {spec.number}", bold=True, size=14)
    else:
        text(14, y, title, bold=True, size=14)
        if spec.number_style == "title_next_line":
            y += 7
            text(14, y, spec.number, bold=True, size=12)
    number_in_title = spec.number_style != "label" or title_ends_nr

    # supplier and customer boxes side by side
    y = 32
    seller = [_pick(w["seller"], v), spec.seller, *ADDRESS[lang], f"{_pick(w['vat_id'], v)}: {spec.seller_vat}"]
    buyer = [_pick(w["buyer"], v), spec.buyer, *_buyer_address(lang), f"{_pick(w['vat_id'], v + 1)}: {spec.buyer_vat}"]
    left, right = (buyer, seller) if spec.seller_right else (seller, buyer)
    for i, (a, b) in enumerate(zip(left, right)):
        text(14, y + i * 5, a, bold=i == 1)
        text(110, y + i * 5, b, bold=i == 1)
    y += 5 * len(left) + 6

    # the dates and the number
    fields = [] if number_in_title else [(_pick(w["number"], v), spec.number)]
    fields += [(_pick(w["issue"], v), d(spec.issue)), (_pick(w["supply"], v), d(spec.supply)),
               (_pick(w["due"], v), d(spec.due))]
    if spec.reference:
        fields.append((_pick(w["ref"], v), spec.reference))
    if spec.layout == "table_cells":  # ruled cells: a row of labels over a row of values, three a row
        width = 60
        for start in range(0, len(fields), 3):
            for i, (label, value) in enumerate(fields[start:start + 3]):
                size = 7 if len(label) < 32 else 6
                text(14 + i * width, y, label, bold=True, size=size, width=width, border=1)
                text(14 + i * width, y + 6, value, size=9, width=width, border=1)
            y += 14
        y += 4
    else:
        for i, (label, value) in enumerate(fields):
            text(14, y + i * 5.5, f"{label}:" if spec.layout == "title_block" else label)
            text(90 if spec.layout == "side_by_side" else 14 + pdf.get_string_width(label) + 6, y + i * 5.5, value)
        y += 5.5 * len(fields) + 6

    # items
    for i, head in enumerate(ITEM_HEADS[lang][spec.variant % 3]):
        text((14, 22, 100, 120, 150, 165)[i], y, head, bold=True, size=8)
    y += 6
    for n, (desc, qty, price, rate) in enumerate(spec.lines, 1):
        item_row(text, spec, y, n, desc, qty, price, rate)
        y += 5.5
    y += 6

    # totals: per-rate rows, then net, VAT and the total to pay
    rows = totals_rows(spec)
    x0 = 14 if spec.totals_left else 110
    for i, (label, value) in enumerate(rows):
        text(x0, y + i * 6, label, bold=i == len(rows) - 1, width=56,
             border=1 if spec.layout == "table_cells" else 0)
        text(x0 + 56, y + i * 6, value, bold=i == len(rows) - 1, width=30, align="R",
             border=1 if spec.layout == "table_cells" else 0)
    y += 6 * len(rows) + 2
    for note in notes_after_totals(spec):
        text(14, y, note, size=8)
        y += 5
    y += 6
    text(14 if not spec.totals_left else 110, y, f"{_pick(w['iban'], v)}: {_spaced_iban(spec.iban, v)}")
    return bytes(pdf.output())


def _buyer_address(lang: str) -> list[str]:
    return {"en": ["8 Station Road", "Reading RG1 1LX"], "cs": ["Tř. Tomáše Bati 200", "760 01 Zlín"],
            "pl": ["ul. Lipowa 3", "20-020 Lublin"], "es": ["Calle Real 5", "30001 Murcia"],
            "fr": ["3 place du Marché", "34000 Montpellier"]}[lang]


def _rate(rate: str, sep: tuple[str, str]) -> str:
    return rate.replace(".", sep[1])


def _spaced_iban(iban: str, variant: int) -> str:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if variant % 2 else iban
