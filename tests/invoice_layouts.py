"""Supplier invoices in layouts and wordings the first generator (invoice_generator.py) does
not print, made with fpdf2, for the template-free reader's tests.

invoice_generator.py prints one party block above the other. Here the supplier's and the
customer's blocks stand side by side under their headings ("Dodavatel | Odběratel",
"Bill To | From", the customer's block first or second), the fields sit in a box at the
right, the national forms of VAT ids are printed without their country prefix ("NIP:
7792433421", "CIF: A28015865"), totals are labelled as each country's invoices say the sum
to pay ("Celkem k úhradě", "Razem do zapłaty", "Total a pagar", "Net à payer", "Balance
due"), amounts come as "1 234,56 Kč", "1.234,56 €", "€1,234.56", "1'234.56 CHF", "-50,00"
and "(50.00)", dates as "3. 11. 2026", "3 listopadu 2026", "3 de noviembre de 2026",
"November 3, 2026", and the VAT of several rates may be printed only in a recap table whose
last row sums the rates ("Razem | 250,00 | 39,50 | 289,50"). The totals may stand on a
second page, below items that fill the first.

`Spec` says what is printed; `render(spec)` prints it; `truth(spec)` is what a careful
clerk reads from it, in `ExtractedInvoice` terms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from invoice_generator import _iban, _vat_id, amounts_by_rate, line_amount

CENT = Decimal("0.01")
LANGS = ("en", "cs", "pl", "es", "fr")
COUNTRY = {"en": "GB", "cs": "CZ", "pl": "PL", "es": "ES", "fr": "FR"}
RATES = {"GB": (20, 5), "CZ": (21, 12), "PL": (23, 8), "ES": (21, 10), "FR": (20, 10)}
SELLERS = {"en": "Harbour Office Supplies Ltd", "cs": "Tiskárna Labe s.r.o.", "pl": "Metal-Poznań sp. z o.o.",
           "es": "Ferretería Ibáñez S.A.", "fr": "Emballages Girard SAS"}
BUYERS = {"en": "Kingsway Components Limited", "cs": "Kovo Brno s.r.o.", "pl": "Hurtownia Śrubex S.A.",
          "es": "Embalajes del Sur S.L.", "fr": "Atelier Dubois SARL"}
STREETS = {"en": "12 High Street, Leeds LS1 4AP", "cs": "Palackého 12, 602 00 Brno",
           "pl": "ul. Długa 7, 80-831 Gdańsk", "es": "Calle Mayor 8, 28013 Madrid",
           "fr": "14 rue de la Paix, 69002 Lyon"}
ITEMS = ["Hex bolt M10x50", "Packing tape 48 mm", "Printer paper A4", "Cable ties 300 mm", "LED panel 60x60",
         "Safety gloves L", "Label roll 100x50", "Stretch film 500 mm"]

W = {
    "en": dict(title="INVOICE", credit="CREDIT NOTE", number=["Invoice #", "Invoice No."],
               issue=["Invoice date", "Date"], due=["Due date", "Payment due"], po="PO number",
               seller="From", buyer="Bill To", vat_id="VAT No.", net="Subtotal", vat="VAT {r}%",
               total=["Amount due", "Balance due", "Total due"], iban="IBAN",
               cols=("Description", "Qty", "Unit price", "Amount"), recap=("VAT rate", "Net", "VAT", "Gross", "Total"),
               months="January February March April May June July August September October November December"),
    "cs": dict(title="FAKTURA - DAŇOVÝ DOKLAD", credit="OPRAVNÝ DAŇOVÝ DOKLAD", number=["Faktura č.", "Číslo faktury"],
               issue=["Datum vystavení", "Vystaveno"], due=["Datum splatnosti", "Splatnost"], po="Číslo objednávky",
               seller="Dodavatel", buyer="Odběratel", vat_id="DIČ", net="Celkem bez DPH", vat="DPH {r} %",
               total=["Celkem k úhradě", "K úhradě"], iban="IBAN",
               cols=("Popis", "Množství", "Cena za MJ", "Celkem"), recap=("Sazba", "Základ", "DPH", "Celkem", "Celkem"),
               months="ledna února března dubna května června července srpna září října listopadu prosince"),
    "pl": dict(title="FAKTURA VAT", credit="FAKTURA KORYGUJĄCA", number=["Faktura nr", "Numer faktury"],
               issue=["Data wystawienia"], due=["Termin płatności"], po="Nr zamówienia",
               seller="Sprzedawca", buyer="Nabywca", vat_id="NIP", net="Razem netto", vat="VAT {r}%",
               total=["Razem do zapłaty", "Do zapłaty"], iban="Nr rachunku",
               cols=("Nazwa towaru", "Ilość", "Cena netto", "Wartość netto"), recap=("Stawka", "Netto", "VAT", "Brutto", "Razem"),
               months="stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia"),
    "es": dict(title="FACTURA", credit="FACTURA RECTIFICATIVA", number=["Factura nº", "Nº de factura"],
               issue=["Fecha de emisión", "Fecha"], due=["Fecha de vencimiento", "Vencimiento"], po="Nº de pedido",
               seller="Proveedor", buyer="Cliente", vat_id="CIF", net="Base imponible", vat="IVA {r}%",
               total=["Total a pagar", "Importe total"], iban="IBAN",
               cols=("Concepto", "Cantidad", "Precio", "Importe"), recap=("Tipo", "Base", "Cuota", "Total", "Total"),
               months="enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
    "fr": dict(title="FACTURE", credit="AVOIR", number=["Facture n°", "N° de facture"],
               issue=["Date de facture", "Date d'émission"], due=["Date d'échéance", "Échéance"], po="N° de commande",
               seller="Fournisseur", buyer="Client", vat_id="N° TVA", net="Total HT", vat="TVA {r} %",
               total=["Net à payer", "Total TTC"], iban="IBAN",
               cols=("Désignation", "Qté", "Prix unitaire", "Montant HT"), recap=("Taux", "Base HT", "TVA", "TTC", "Total"),
               months="janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
}
# an invoice settling an advance: the gross total, the deduction, what is left to pay; and the
# reference the payment must quote (two spellings each, picked by `variant`)
SETTLE = {
    "en": dict(gross=["Total", "Invoice total"], deposit=["Less deposit paid", "Payments/Credits"],
               due=["Balance due", "Amount due"], ref="Payment reference"),
    "cs": dict(gross=["Celkem s DPH", "Celková částka"], deposit=["Zaplaceno zálohou", "Odpočet zálohy"],
               due=["Zbývá uhradit", "Celkem k úhradě"], ref="Variabilní symbol"),
    "pl": dict(gross=["Wartość brutto", "Razem brutto"], deposit=["Zapłacono", "Zaliczka otrzymana"],
               due=["Pozostało do zapłaty", "Do zapłaty"], ref="Tytuł przelewu"),
    "es": dict(gross=["Total factura", "Importe total"], deposit=["Anticipo", "Entregas a cuenta"],
               due=["Importe pendiente", "Total a pagar"], ref="Referencia de pago"),
    "fr": dict(gross=["Total TTC", "Montant TTC"], deposit=["Acompte versé", "Déjà payé"],
               due=["Reste à payer", "Net à payer"], ref="Référence de paiement"),
}
NUMBER_STYLES = ("space_comma", "dot_comma", "comma_dot", "apostrophe")
DATE_STYLES = ("spaced", "slash", "iso", "long")
CURRENCY_STYLES = ("symbol_before", "symbol_after", "code")
HEADERS = ("seller_left", "buyer_left")
SYMBOL = {"EUR": "€", "GBP": "£", "CZK": "Kč", "PLN": "zł", "USD": "$", "CHF": "CHF"}
CURRENCY = {"GB": "GBP", "CZ": "CZK", "PL": "PLN", "ES": "EUR", "FR": "EUR"}


@dataclass(frozen=True)
class Item:
    description: str
    quantity: Decimal
    unit_price: Decimal
    rate: Decimal


@dataclass(frozen=True)
class Spec:
    lang: str
    seller_vat: str  # printed as the country prints it (national form for PL and ES)
    buyer_vat: str
    iban: str
    number: str
    issue: date
    due: date
    items: tuple[Item, ...]
    currency: str
    po: str | None = None
    credit: bool = False
    number_style: str = "space_comma"
    date_style: str = "slash"
    currency_style: str = "code"
    header: str = "seller_left"  # which party block stands left
    recap: bool = False  # VAT per rate only in a recap table whose last row sums the rates
    two_pages: bool = False  # items fill page 1, the totals stand on page 2
    variant: int = 0
    negative_style: str = "minus"  # minus | parentheses
    deposit: Decimal | None = None  # paid before: deducted below the total
    due_printed: Decimal | None = None  # the amount due as printed (default: total less deposit)
    reference: str | None = None  # the payment reference, printed under its label below the totals

    def line_amount(self, item: Item) -> Decimal:
        return line_amount(item)

    def by_rate(self) -> dict[Decimal, tuple[Decimal, Decimal]]:
        return {rate: (net, (net * rate / 100).quantize(CENT, ROUND_HALF_UP))
                for rate, net in amounts_by_rate(self.items).items()}

    @property
    def net(self) -> Decimal:
        return sum((n for n, _t in self.by_rate().values()), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum((t for _n, t in self.by_rate().values()), Decimal(0))


def compact_vat(spec: Spec, printed: str) -> str:
    country = COUNTRY[spec.lang]
    return printed if printed[:2].isalpha() and printed[:2].upper() == country else country + printed


def truth(spec: Spec) -> dict:
    sign = -1 if spec.credit else 1
    return {"supplier.name": SELLERS[spec.lang], "supplier.vat_id": compact_vat(spec, spec.seller_vat),
            "supplier.iban": spec.iban, "buyer_vat_id": compact_vat(spec, spec.buyer_vat),
            "invoice_number": spec.number, "issue_date": spec.issue, "due_date": spec.due,
            "currency": spec.currency, "net": sign * spec.net, "tax": sign * spec.tax,
            "total": sign * (spec.net + spec.tax), "po_number": spec.po,
            "document_type": "credit_note" if spec.credit else "invoice"}


def money(value: Decimal, spec: Spec) -> str:
    text = f"{abs(value):,.2f}"
    style = spec.number_style
    if style == "space_comma":
        text = text.replace(",", " ").replace(".", ",")
    elif style == "dot_comma":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    elif style == "apostrophe":
        text = text.replace(",", "'")
    symbol = SYMBOL[spec.currency]
    if spec.currency_style == "symbol_before":
        text = f"{symbol}{text}" if symbol in "€£$" else f"{symbol} {text}"
    elif spec.currency_style == "symbol_after":
        text = f"{text} {symbol}"
    else:
        text = f"{text} {spec.currency}"
    if value < 0:
        return f"({text})" if spec.negative_style == "parentheses" else "-" + text
    return text


def plain(value: Decimal, spec: Spec) -> str:
    """A figure in a table cell: the number style without the currency."""
    return money(value, replace(spec, currency_style="code")).rsplit(" ", 1)[0] if value >= 0 else \
        "-" + money(-value, replace(spec, currency_style="code")).rsplit(" ", 1)[0]


def day(value: date, spec: Spec) -> str:
    style = spec.date_style
    if style == "spaced":
        return f"{value.day}. {value.month}. {value.year}"
    if style == "slash":
        return value.strftime("%d/%m/%Y")
    if style == "iso":
        return value.isoformat()
    month = W[spec.lang]["months"].split()[value.month - 1]
    if spec.lang == "en":
        return f"{month} {value.day}, {value.year}"
    if spec.lang == "es":
        return f"{value.day} de {month} de {value.year}"
    return f"{value.day}{'.' if spec.lang == 'cs' else ''} {month} {value.year}"


def random_spec(rng: random.Random, lang: str | None = None) -> Spec:
    lang = lang or rng.choice(LANGS)
    country = COUNTRY[lang]
    seller_vat, buyer_vat = _vat_id(country, rng), _vat_id(country, rng)
    while buyer_vat == seller_vat:
        buyer_vat = _vat_id(country, rng)
    if country in ("PL", "ES"):  # printed in the national form, without the country prefix
        seller_vat, buyer_vat = seller_vat[2:], buyer_vat[2:]
    rates = RATES[country]
    items = tuple(Item(rng.choice(ITEMS), Decimal(rng.choice([1, 2, 5, 10, 12, 100])),
                       Decimal(rng.randrange(150, 90000)) / 100, Decimal(rng.choice(rates)))
                  for _ in range(rng.randint(1, 4)))
    two_pages = rng.random() < 0.15
    if two_pages:  # enough items to fill the first page; the totals go on the second
        items = items * (40 // len(items) + 1)
    issue = date(2026, 1, 1) + timedelta(days=rng.randrange(330))
    return Spec(lang=lang, seller_vat=seller_vat, buyer_vat=buyer_vat, iban=_iban(country, rng),
                number=rng.choice([f"FV {rng.randrange(1, 999)}/{issue.month:02d}/2026", f"2026-{rng.randrange(1, 9999):04d}",
                                   f"A-2026/{rng.randrange(1, 9999)}", f"{rng.randrange(2026000001, 2026999999)}"]),
                issue=issue, due=issue + timedelta(days=rng.choice([14, 30])), items=items,
                currency=CURRENCY[country] if rng.random() < 0.85 else "EUR",
                po=f"PO-{rng.randrange(1000, 9999)}" if rng.random() < 0.4 else None,
                credit=rng.random() < 0.15, number_style=rng.choice(NUMBER_STYLES), date_style=rng.choice(DATE_STYLES),
                currency_style=rng.choice(CURRENCY_STYLES), header=rng.choice(HEADERS), recap=rng.random() < 0.4,
                two_pages=two_pages, variant=rng.randrange(2),
                negative_style=rng.choice(["minus", "parentheses"]))


def render(spec: Spec) -> bytes:
    """The invoice as a PDF: party blocks side by side, a fields box, the items, the totals."""
    from backoffice_auto.reports.pdf import FAMILY, new_document

    words = W[spec.lang]
    v = spec.variant
    pick = lambda options: options[v % len(options)]  # noqa: E731
    sign = -1 if spec.credit else 1
    pdf = new_document(title=words["title"])
    pdf.set_auto_page_break(False)
    pdf.add_page()

    def text(x: float, y: float, value: str, bold: bool = False, size: int = 9, w: float = 0, align: str = "L"):
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_xy(x, y)
        pdf.cell(w or pdf.get_string_width(value) + 2, 5, value, align=align)

    seller = [(words["seller"], True), (SELLERS[spec.lang], False), (STREETS[spec.lang], False),
              (f"{words['vat_id']}: {spec.seller_vat}", False)]
    buyer = [(words["buyer"], True), (BUYERS[spec.lang], False), ("Nádražní 5, 110 00 Praha" if spec.lang != "cs"
                                                                   else "Masarykova 3, 301 00 Plzeň", False),
             (f"{words['vat_id']}: {spec.buyer_vat}", False)]
    left, right = (seller, buyer) if spec.header == "seller_left" else (buyer, seller)
    text(10, 10, words["credit"] if spec.credit else words["title"], bold=True, size=14)
    for i, ((lt, lb), (rt, rb)) in enumerate(zip(left, right)):
        text(10, 22 + 6 * i, lt, bold=lb)
        text(75, 22 + 6 * i, rt, bold=rb)
    fields = [(pick(words["number"]), spec.number), (pick(words["issue"]), day(spec.issue, spec)),
              (pick(words["due"]), day(spec.due, spec))]
    if spec.po:
        fields.append((words["po"], spec.po))
    for i, (label, value) in enumerate(fields):  # the fields box at the right
        text(140, 22 + 6 * i, label)
        text(172, 22 + 6 * i, value)
    y = 60.0
    cols, xs, widths = words["cols"], (10, 100, 125, 160), (90, 25, 35, 40)
    for x, w, head, align in zip(xs, widths, cols, "LRRR"):
        text(x, y, head, bold=True, w=w, align=align)
    y += 6
    for item in spec.items:
        if y > 270:
            pdf.add_page()
            y = 20.0
            for x, w, head, align in zip(xs, widths, cols, "LRRR"):
                text(x, y, head, bold=True, w=w, align=align)
            y += 6
        values = (item.description, f"{item.quantity:g}", plain(item.unit_price, spec),
                  plain(sign * spec.line_amount(item), spec))
        for x, w, value, align in zip(xs, widths, values, "LRRR"):
            text(x, y, value, w=w, align=align)
        y += 6
    if spec.two_pages and pdf.page == 1:
        pdf.add_page()
        y = 20.0
    y += 6
    by_rate = spec.by_rate()
    if spec.recap:  # rate | net | VAT | gross rows, then a row that sums them
        hdr = words["recap"]
        for x, head in zip((60, 95, 130, 165), hdr[:4]):
            text(x, y, head, bold=True, w=35, align="R")
        y += 6
        rows_out = [(f"{rate:g} %", net, tax) for rate, (net, tax) in by_rate.items()]
        rows_out.append((hdr[4], spec.net, spec.tax))
        for label, net, tax in rows_out:
            for x, value in zip((60, 95, 130, 165), (label, plain(sign * net, spec), plain(sign * tax, spec),
                                                     plain(sign * (net + tax), spec))):
                text(x, y, value, w=35, align="R")
            y += 6
        y += 4
    else:
        text(110, y, words["net"])
        text(150, y, money(sign * spec.net, spec), w=50, align="R")
        y += 6
        for rate, (_net, tax) in by_rate.items():
            text(110, y, words["vat"].format(r=f"{rate:g}"))
            text(150, y, money(sign * tax, spec), w=50, align="R")
            y += 6
    gross = spec.net + spec.tax
    settle = SETTLE[spec.lang]
    text(110, y, pick(settle["gross"]) if spec.deposit else pick(words["total"]), bold=True)
    text(150, y, money(sign * gross, spec), w=50, align="R", bold=True)
    if spec.deposit:
        text(110, y + 6, pick(settle["deposit"]))
        text(150, y + 6, money(-spec.deposit, spec), w=50, align="R")
        due = spec.due_printed if spec.due_printed is not None else gross - spec.deposit
        text(110, y + 12, pick(settle["due"]), bold=True)
        text(150, y + 12, money(due, spec), w=50, align="R", bold=True)
        y += 12
    y += 12
    if spec.reference:
        text(10, y, f"{settle['ref']}: {spec.reference}")
        y += 6
    iban = " ".join(spec.iban[i:i + 4] for i in range(0, len(spec.iban), 4))
    text(10, y, f"{words['iban']}: {iban}")
    return bytes(pdf.output())


def generated_set(count: int, seed: int = 1103) -> list[Spec]:
    rng = random.Random(seed)
    return [random_spec(rng) for _ in range(count)]
