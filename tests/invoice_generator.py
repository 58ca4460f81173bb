"""Varied supplier invoices made with fpdf2, for the reader's tests and its accuracy bench.

The reader is judged on invoices nobody here has seen, so its tests must not be the files
it was tuned on. `random_spec(rng)` draws an invoice the way suppliers print them: one of
eight languages with one of several spellings per label, three layouts (label: value lines,
a fields box right of an unlabelled address window, a row of labels over a row of values),
number formats 1 234,56 / 1.234,56 / 1,234.56 / 1234.56, dates as 03.11.2026, 03/11/2026,
2026-11-03 or with month names, net or gross line prices, one or two VAT rates with or
without a per-rate summary table, and the dates that are not the issue date (delivery,
order, a form's version line) printed near it. `render(spec)` prints it; `truth(spec)` is
what a careful clerk would read from it, in `ExtractedInvoice` terms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

COUNTRY = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "cs": "CZ", "pl": "PL", "nl": "NL", "it": "IT"}
CURRENCY = {"GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR", "CZ": "CZK", "PL": "PLN", "NL": "EUR", "IT": "EUR"}
RATES = {"GB": (20, 5), "DE": (19, 7), "FR": (20, 10), "ES": (21, 10), "CZ": (21, 12), "PL": (23, 8),
         "NL": (21, 9), "IT": (22, 10)}
NAMES = {
    "en": ["Harbour Office Supplies Ltd", "Kingsway Components Limited", "Bramley Tools PLC"],
    "de": ["Holzbau Maier GmbH", "Schrauben Krüger KG", "Nordlicht Bürobedarf GmbH"],
    "fr": ["Fournitures Rhône SARL", "Emballages Girard SAS", "Atelier Dubois SA"],
    "es": ["Suministros Norte S.L.", "Ferretería Ibáñez S.A.", "Embalajes del Sur S.L."],
    "cs": ["Kovo Brno s.r.o.", "Papírny Jihlava a.s.", "Tiskárna Labe s.r.o."],
    "pl": ["Opakowania Lublin sp. z o.o.", "Hurtownia Śrubex S.A.", "Metal-Poznań sp. z o.o."],
    "nl": ["Van Dijk Verpakkingen B.V.", "De Boer Techniek B.V.", "Groothandel Smit N.V."],
    "it": ["Forniture Bianchi S.r.l.", "Imballaggi Rossi S.p.A.", "Ferramenta Conti S.r.l."],
}
STREETS = {"en": "12 High Street, Leeds LS1 4AP", "de": "Hauptstraße 5, 10115 Berlin",
           "fr": "14 rue de la Paix, 69002 Lyon", "es": "Calle Mayor 8, 28013 Madrid",
           "cs": "Palackého 12, 602 00 Brno", "pl": "ul. Długa 7, 80-831 Gdańsk",
           "nl": "Keizersgracht 100, 1015 CZ Amsterdam", "it": "Via Roma 21, 20121 Milano"}
ITEMS = ["Hex bolt M10x50", "Packing tape 48 mm", "Printer paper A4", "Cable ties 300 mm", "Stretch film 500 mm",
         "LED panel 60x60", "Pallet jack wheel", "Safety gloves L", "Label roll 100x50", "Consulting hours"]

# label spellings per language: several each, as different suppliers print them
L = {
    "en": dict(title=["INVOICE", "Tax Invoice", "Invoice"], credit=["CREDIT NOTE", "Credit Note"],
               number=["Invoice No.", "Invoice number", "Invoice #"], issue=["Invoice date", "Date of issue", "Issue date"],
               due=["Due date", "Payment due", "Pay by"], delivery=["Delivery date", "Date of supply"],
               order_date=["Order date"], po=["PO number", "Your order no.", "Purchase order"],
               net=["Subtotal", "Net amount", "Total excl. VAT"], vat="VAT {r} %", total=["Total due", "Amount due", "Total"],
               bill_to=["Bill to:", "Invoice to:"], vat_id=["VAT Reg. No.", "VAT No."], iban=["IBAN"],
               cols=("Description", "Qty", "Unit price", "Amount", "VAT %"), rate_hdr=("VAT rate", "Net", "VAT", "Gross"),
               version=["Form INV-3 v2.1 printed {d}", "Printed on {d}"], credit_ref="relating to invoice {n} of {d}"),
    "de": dict(title=["RECHNUNG", "Rechnung"], credit=["Rechnungskorrektur", "Gutschrift"],
               number=["Rechnungsnummer", "Rechnung Nr.", "Rechnungs-Nr."], issue=["Rechnungsdatum", "Datum"],
               due=["Fällig am", "Zahlbar bis", "Fälligkeitsdatum"], delivery=["Lieferdatum", "Leistungsdatum"],
               order_date=["Bestelldatum", "Auftragsdatum"], po=["Bestellnummer", "Ihre Bestellung", "Bestell-Nr."],
               net=["Nettobetrag", "Summe netto", "Zwischensumme"], vat="USt. {r} %",
               total=["Gesamtbetrag", "Rechnungsbetrag", "Zu zahlen"], bill_to=["Rechnungsempfänger:", "Kunde:"],
               vat_id=["USt-IdNr.", "USt-ID"], iban=["IBAN"],
               cols=("Bezeichnung", "Menge", "Einzelpreis", "Gesamtpreis", "USt. %"),
               rate_hdr=("Steuersatz", "Netto", "USt.", "Brutto"),
               version=["Formular RE-2 Stand {d}", "Gedruckt am {d}"], credit_ref="zu Rechnung {n} vom {d}"),
    "fr": dict(title=["FACTURE", "Facture"], credit=["AVOIR", "Facture d'avoir"],
               number=["Facture n°", "N° de facture", "Numéro de facture"], issue=["Date de facture", "Date d'émission", "Date"],
               due=["Date d'échéance", "Échéance", "À payer avant le"], delivery=["Date de livraison"],
               order_date=["Date de commande"], po=["N° de commande", "Votre commande", "Bon de commande"],
               net=["Total HT", "Montant HT", "Sous-total"], vat="TVA {r} %", total=["Total TTC", "Net à payer", "Montant TTC"],
               bill_to=["Facturé à :", "Client :"], vat_id=["N° TVA", "TVA intracom."], iban=["IBAN"],
               cols=("Désignation", "Qté", "Prix unitaire", "Montant HT", "TVA %"),
               rate_hdr=("Taux", "Base HT", "TVA", "TTC"),
               version=["Modèle F-7 version du {d}", "Imprimé le {d}"], credit_ref="sur facture {n} du {d}"),
    "es": dict(title=["FACTURA", "Factura"], credit=["FACTURA RECTIFICATIVA", "Nota de crédito"],
               number=["Factura n.º", "Número de factura", "N.º factura"], issue=["Fecha de factura", "Fecha de emisión", "Fecha"],
               due=["Fecha de vencimiento", "Vencimiento"], delivery=["Fecha de entrega"], order_date=["Fecha de pedido"],
               po=["N.º de pedido", "Su pedido", "Número de pedido"], net=["Base imponible", "Subtotal", "Importe neto"],
               vat="IVA {r} %", total=["Total factura", "Total a pagar", "Importe total"], bill_to=["Cliente:", "Facturar a:"],
               vat_id=["NIF", "CIF"], iban=["IBAN"], cols=("Descripción", "Cantidad", "Precio", "Importe", "IVA %"),
               rate_hdr=("Tipo", "Base", "Cuota IVA", "Total"),
               version=["Modelo F-1 versión {d}", "Impreso el {d}"], credit_ref="rectifica la factura {n} de {d}"),
    "cs": dict(title=["FAKTURA - DAŇOVÝ DOKLAD", "Faktura"], credit=["OPRAVNÝ DAŇOVÝ DOKLAD", "Dobropis"],
               number=["Číslo faktury", "Faktura č.", "Číslo dokladu"], issue=["Datum vystavení", "Vystaveno"],
               due=["Datum splatnosti", "Splatnost"], delivery=["Datum uskutečnění zdanitelného plnění", "DUZP"],
               order_date=["Datum objednávky"], po=["Číslo objednávky", "Objednávka č.", "Vaše objednávka"],
               net=["Základ daně", "Celkem bez DPH"], vat="DPH {r} %", total=["Celkem k úhradě", "K úhradě", "Celkem s DPH"],
               bill_to=["Odběratel:", "Příjemce:"], vat_id=["DIČ"], iban=["IBAN"],
               cols=("Popis", "Množství", "Cena za MJ", "Celkem", "DPH %"), rate_hdr=("Sazba", "Základ", "DPH", "Celkem"),
               version=["Formulář F-3 verze {d}", "Vytištěno {d}"], credit_ref="k faktuře {n} ze dne {d}"),
    "pl": dict(title=["FAKTURA VAT", "Faktura"], credit=["FAKTURA KORYGUJĄCA", "Korekta faktury"],
               number=["Faktura VAT nr", "Numer faktury", "Nr faktury"], issue=["Data wystawienia"],
               due=["Termin płatności"], delivery=["Data sprzedaży", "Data dostawy"], order_date=["Data zamówienia"],
               po=["Nr zamówienia", "Numer zamówienia", "Zamówienie nr"], net=["Razem netto", "Wartość netto"],
               vat="VAT {r}%", total=["Do zapłaty", "Razem brutto"], bill_to=["Nabywca:"], vat_id=["NIP"],
               iban=["IBAN"], cols=("Nazwa towaru", "Ilość", "Cena netto", "Wartość netto", "VAT %"),
               rate_hdr=("Stawka", "Netto", "VAT", "Brutto"),
               version=["Wzór F-1 wersja {d}", "Wydrukowano {d}"], credit_ref="do faktury {n} z dnia {d}"),
    "nl": dict(title=["FACTUUR", "Factuur"], credit=["CREDITNOTA", "Creditfactuur"],
               number=["Factuurnummer", "Factuur nr."], issue=["Factuurdatum", "Datum"], due=["Vervaldatum", "Te betalen voor"],
               delivery=["Leverdatum"], order_date=["Orderdatum"], po=["Uw bestelling", "Inkoopordernummer", "Bestelnummer"],
               net=["Subtotaal", "Totaal excl. btw"], vat="BTW {r} %", total=["Totaal incl. btw", "Te betalen", "Totaalbedrag"],
               bill_to=["Factuuradres:", "Klant:"], vat_id=["BTW-nr."], iban=["IBAN"],
               cols=("Omschrijving", "Aantal", "Prijs", "Bedrag", "BTW %"), rate_hdr=("Tarief", "Grondslag", "BTW", "Totaal"),
               version=["Formulier F-2 versie {d}", "Afgedrukt op {d}"], credit_ref="betreft factuur {n} van {d}"),
    "it": dict(title=["FATTURA", "Fattura"], credit=["NOTA DI CREDITO", "Nota di credito"],
               number=["Fattura n.", "Numero fattura"], issue=["Data fattura", "Data di emissione", "Data"],
               due=["Scadenza", "Data scadenza"], delivery=["Data consegna"], order_date=["Data ordine"],
               po=["Numero ordine", "Vs. ordine", "Rif. ordine"], net=["Imponibile", "Totale imponibile"],
               vat="IVA {r} %", total=["Totale fattura", "Totale documento", "Totale da pagare"],
               bill_to=["Cliente:", "Destinatario:"], vat_id=["P.IVA", "Partita IVA"], iban=["IBAN"],
               cols=("Descrizione", "Quantità", "Prezzo unitario", "Importo", "IVA %"),
               rate_hdr=("Aliquota", "Imponibile", "Imposta", "Totale"),
               version=["Modulo F-4 versione {d}", "Stampato il {d}"], credit_ref="rif. fattura {n} del {d}"),
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
NUMBER_STYLES = ("comma_dot", "dot_comma", "space_comma", "plain")
DATE_STYLES = ("dmy_dot", "dmy_slash", "iso", "long", "dmy_dash")
LAYOUTS = ("stacked", "window", "header_row")
CURRENCY_STYLES = ("code_after", "symbol", "label")
SYMBOLS = {"EUR": ("€ ", ""), "GBP": ("£", ""), "PLN": ("", " zł"), "CZK": ("", " Kč")}
CURRENCY_LABEL = {"en": "Currency", "de": "Währung", "fr": "Devise", "es": "Moneda", "cs": "Měna", "pl": "Waluta",
                  "nl": "Valuta", "it": "Valuta"}


@dataclass(frozen=True)
class Item:
    description: str
    quantity: Decimal
    unit_price: Decimal  # net, or gross when the invoice prices gross
    rate: Decimal


def line_amount(item) -> Decimal:
    """An item's amount as the supplier prints it: quantity times unit price, to the cent."""
    return (item.quantity * item.unit_price).quantize(CENT, ROUND_HALF_UP)


def amounts_by_rate(items) -> dict[Decimal, Decimal]:
    """The items' amounts summed per VAT rate, highest rate first."""
    sums: dict[Decimal, Decimal] = {}
    for item in items:
        sums[item.rate] = sums.get(item.rate, Decimal(0)) + line_amount(item)
    return dict(sorted(sums.items(), reverse=True))


@dataclass(frozen=True)
class Party:
    name: str
    vat_id: str | None
    iban: str | None
    address: str


@dataclass(frozen=True)
class Spec:
    lang: str
    seller: Party
    buyer: Party
    number: str
    issue: date
    items: tuple[Item, ...]
    due: date | None = None
    delivery: date | None = None
    order_date: date | None = None
    version_date: date | None = None  # a form's version or print line
    po: str | None = None
    currency: str = "EUR"
    kind: str = "invoice"  # invoice | credit_note | self_billed (a German "Gutschrift" that bills)
    gross: bool = False  # line prices include VAT
    number_style: str = "comma_dot"
    date_style: str = "dmy_dot"
    layout: str = "stacked"
    variant: int = 0  # which spelling of each label
    rate_table: bool = False  # a per-rate summary table (rate, net, VAT, gross rows and a total row)
    number_in_title: bool = False  # "Avoir AV-2017-0005": the number right after the document word
    seller_label: bool = False  # "Supplier:" / "Lieferant:" above the seller block
    currency_style: str = "code_after"  # code_after (1.234,56 EUR) | symbol (€ 1.234,56, 1 234,56 zł) | label
    upper: bool = False  # labels in capitals ("RECHNUNGSDATUM")
    totals_row: bool = False  # totals as a row of labels over a row of values
    footer: bool = False  # the seller's VAT id and bank only in a footer line with separators

    # --- amounts, as the supplier computes them (tax rounded once per rate) --------------
    def line_amount(self, item: Item) -> Decimal:
        return line_amount(item)

    def by_rate(self) -> dict[Decimal, tuple[Decimal, Decimal]]:
        """rate -> (net, tax)."""
        out = {}
        for rate, amount in amounts_by_rate(self.items).items():
            if self.gross:
                tax = (amount * rate / (100 + rate)).quantize(CENT, ROUND_HALF_UP)
                out[rate] = (amount - tax, tax)
            else:
                out[rate] = (amount, (amount * rate / 100).quantize(CENT, ROUND_HALF_UP))
        return out

    @property
    def net(self) -> Decimal:
        return sum((n for n, _t in self.by_rate().values()), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum((t for _n, t in self.by_rate().values()), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax


def truth(spec: Spec) -> dict:
    """What the invoice says, in the reader's field names (a credit note's amounts negative)."""
    sign = -1 if spec.kind == "credit_note" else 1
    return {"invoice_number": spec.number, "issue_date": spec.issue, "due_date": spec.due,
            "currency": spec.currency, "net": sign * spec.net, "tax": sign * spec.tax, "total": sign * spec.total,
            "supplier.name": spec.seller.name, "supplier.vat_id": spec.seller.vat_id,
            "supplier.iban": spec.seller.iban, "po_number": spec.po,
            "document_type": "credit_note" if spec.kind == "credit_note" else "invoice"}


# --- formatting ----------------------------------------------------------------------------

def money(value: Decimal, style: str) -> str:
    text = f"{abs(value):,.2f}"
    if style == "dot_comma":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    elif style == "space_comma":
        text = text.replace(",", "\u00a0").replace(".", ",")
    elif style == "plain":
        text = text.replace(",", "")
    return ("-" if value < 0 else "") + text


def day(value: date, style: str, lang: str) -> str:
    if style == "iso":
        return value.isoformat()
    if style == "dmy_slash":
        return value.strftime("%d/%m/%Y")
    if style == "dmy_dash":
        return value.strftime("%d-%m-%Y")
    if style == "long":
        month = MONTHS[lang].split()[value.month - 1]
        if lang == "en":
            return f"{value.day} {month} {value.year}"
        if lang == "es":
            return f"{value.day} de {month} de {value.year}"
        return f"{value.day}{'.' if lang in ('de', 'cs') else ''} {month} {value.year}"
    return value.strftime("%d.%m.%Y")


# --- drawing random invoices ---------------------------------------------------------------

def _vat_id(country: str, rng: random.Random) -> str:
    """A VAT id with valid check digits (python-stdnum decides)."""
    from stdnum import get_cc_module

    vat = get_cc_module(country.lower(), "vat")
    shapes = {"GB": ("GB", 9), "DE": ("DE", 9), "FR": ("FR", 11), "ES": ("ESB", 8), "CZ": ("CZ", 8),
              "PL": ("PL", 10), "NL": ("NL", 9), "IT": ("IT", 11)}
    prefix, digits = shapes[country]
    for _ in range(20000):
        body = "".join(str(rng.randrange(10)) for _ in range(digits))
        candidate = prefix + body + ("B01" if country == "NL" else "")
        if country == "ES":
            candidate = prefix + body[:7] + rng.choice("ABCDEFGHIJ0123456789")
        if vat.is_valid(candidate):
            return candidate
    raise AssertionError(f"no valid VAT id drawn for {country}")


def _iban(country: str, rng: random.Random) -> str:
    from schwifty import IBAN

    banks = {"GB": ("NWBK601613", 8), "DE": ("37040044", 10), "FR": ("2004101005", 11), "ES": ("21000418", 10),
             "CZ": ("0800", 10), "PL": ("10901014", 16), "NL": ("ABNA", 10), "IT": ("0542811101", 12)}
    bank, length = banks[country]
    account = "".join(str(rng.randrange(10)) for _ in range(length))
    return str(IBAN.generate(country, bank_code=bank, account_code=account)).replace(" ", "")


def random_spec(rng: random.Random, lang: str | None = None, buyer: Party | None = None) -> Spec:
    lang = lang or rng.choice(sorted(L))
    country = COUNTRY[lang]
    seller = Party(rng.choice(NAMES[lang]), _vat_id(country, rng), _iban(country, rng), STREETS[lang])
    other = rng.choice(sorted(set(L) - {lang}))
    buyer = buyer or Party(rng.choice(NAMES[other]), _vat_id(COUNTRY[other], rng), None, STREETS[other])
    rates = RATES[country]
    count = rng.randint(1, 5)
    items = tuple(Item(rng.choice(ITEMS), Decimal(rng.choice([1, 2, 3, 5, 10, 12, 25, 100])),
                       Decimal(rng.randrange(150, 250000)) / 100,
                       Decimal(rates[0] if rng.random() < 0.75 else rates[1])) for _ in range(count))
    issue = date(2026, 1, 1) + timedelta(days=rng.randrange(330))
    kind = rng.choices(["invoice", "credit_note", "self_billed"], [0.8, 0.15, 0.05 if lang == "de" else 0])[0]
    prefix = {"invoice": rng.choice(["INV", "R", "F", "FV", "2026"]), "credit_note": rng.choice(["CN", "AV", "RK", "KOR"]),
              "self_billed": "GS"}[kind]
    number = rng.choice([f"{prefix}-2026-{rng.randrange(1, 9999):04d}", f"{prefix}/{rng.randrange(1, 999)}/2026",
                         f"{prefix}{rng.randrange(10000, 99999999)}"])
    date_style = rng.choice(DATE_STYLES)
    return Spec(
        lang=lang, seller=seller, buyer=buyer, number=number, issue=issue, items=items,
        due=issue + timedelta(days=rng.choice([14, 30, 60])) if rng.random() < 0.85 else None,
        delivery=issue - timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.5 else None,
        order_date=issue - timedelta(days=rng.randrange(20, 60)) if rng.random() < 0.3 else None,
        version_date=date(2024, rng.randrange(1, 13), rng.randrange(1, 28)) if rng.random() < 0.3 else None,
        po=f"PO-2026-{rng.randrange(1, 999):03d}" if rng.random() < 0.5 else None,
        currency=CURRENCY[country] if rng.random() < 0.8 else "EUR", kind=kind,
        gross=rng.random() < 0.15, number_style=rng.choice(NUMBER_STYLES), date_style=date_style,
        layout=rng.choice(LAYOUTS), variant=rng.randrange(3), rate_table=rng.random() < 0.35,
        number_in_title=rng.random() < 0.3, seller_label=rng.random() < 0.3,
        currency_style=rng.choice(CURRENCY_STYLES), upper=rng.random() < 0.2, totals_row=rng.random() < 0.2,
        footer=rng.random() < 0.25)


# --- printing ------------------------------------------------------------------------------

def _pick(options, variant: int) -> str:
    return options[variant % len(options)] if isinstance(options, list) else options


def render(spec: Spec) -> bytes:
    """The invoice as a one-page PDF, as the drawn layout prints it."""
    from backoffice_auto.reports.pdf import FAMILY, new_document

    words = {k: ([w.upper() for w in val] if isinstance(val, list) and spec.upper and k not in ("version",) else val)
             for k, val in L[spec.lang].items()}
    v = spec.variant
    d = lambda value: day(value, spec.date_style, spec.lang)  # noqa: E731
    m = lambda value: money(value, spec.number_style)  # noqa: E731
    sign = -1 if spec.kind == "credit_note" else 1
    title = {"invoice": _pick(words["title"], v), "credit_note": _pick(words["credit"], v),
             "self_billed": "Gutschrift"}[spec.kind]
    pdf = new_document(title=title)
    pdf.add_page()
    pdf.set_auto_page_break(False)

    def text(x: float, y: float, value: str, bold: bool = False, size: int = 9, w: float = 0, align: str = "L"):
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_xy(x, y)
        pdf.cell(w or pdf.get_string_width(value) + 2, 5, value, align=align)

    seller_lines = [spec.seller.name, spec.seller.address]
    if spec.seller.vat_id and not spec.footer:
        seller_lines.append(f"{_pick(words['vat_id'], v)}: {spec.seller.vat_id}")
    buyer_lines = [spec.buyer.name, spec.buyer.address]
    if spec.buyer.vat_id:
        buyer_lines.append(f"{_pick(words['vat_id'], v)}: {spec.buyer.vat_id}")
    fields = [(_pick(words["number"], v), spec.number)] if not spec.number_in_title else []
    fields.append((_pick(words["issue"], v), d(spec.issue)))
    extra = []
    if spec.delivery:
        extra.append((_pick(words["delivery"], v), d(spec.delivery)))
    if spec.order_date:
        extra.append((_pick(words["order_date"], v), d(spec.order_date)))
    if spec.po:
        extra.append((_pick(words["po"], v), spec.po))
    if spec.due:
        extra.append((_pick(words["due"], v), d(spec.due)))
    if spec.currency_style == "label":
        extra.append((CURRENCY_LABEL[spec.lang].upper() if spec.upper else CURRENCY_LABEL[spec.lang], spec.currency))
    # dates of other roles printed just before or after the issue date
    fields = (extra[:1] + fields + extra[1:]) if v % 2 else fields + extra
    head = f"{title} {spec.number}" if spec.number_in_title else title

    y = 12.0
    if spec.version_date:
        text(120, 5, _pick(words["version"], v).format(d=d(spec.version_date)), size=7)
    if spec.layout == "window":  # buyer in the address window left, seller and fields right
        text(10, 14, spec.seller.name + " · " + spec.seller.address, size=6)
        for i, line in enumerate(buyer_lines):
            text(10, 24 + 5 * i, line)
        for i, line in enumerate(seller_lines):
            text(120, 12 + 5 * i, line, bold=(i == 0))
        text(10, 50, head, bold=True, size=14)
        for i, (label, value) in enumerate(fields):
            text(120, 32 + 5 * i, label)
            text(165, 32 + 5 * i, value)
        y = max(62.0, 37.0 + 5 * len(fields))
    else:
        if spec.seller_label:
            text(10, y, {"de": "Lieferant:", "fr": "Fournisseur :", "es": "Proveedor:", "cs": "Dodavatel:",
                         "pl": "Sprzedawca:", "nl": "Leverancier:", "it": "Fornitore:"}.get(spec.lang, "Supplier:"))
            y += 5
        for i, line in enumerate(seller_lines):
            text(10, y + 5 * i, line, bold=(i == 0), size=12 if i == 0 else 9)
        y += 5 * len(seller_lines) + 4
        text(10, y, head, bold=True, size=14)
        y += 10
        if spec.layout == "header_row":  # cells as wide as their text; a second row when full
            x = 10.0
            for label, value in fields:
                pdf.set_font(FAMILY, "B", 8)
                width = pdf.get_string_width(label)
                pdf.set_font(FAMILY, "", 9)
                width = max(width, pdf.get_string_width(value)) + 8
                if x + width > 200:
                    x, y = 10.0, y + 12
                text(x, y, label, bold=True, size=8)
                text(x, y + 5, value, size=9)
                x += width
            y += 13
        else:
            for i, (label, value) in enumerate(fields):
                text(10, y + 5 * i, f"{label}:")
                text(60, y + 5 * i, value)
            y += 5 * len(fields) + 3
        text(10, y, _pick(words["bill_to"], v), bold=True)
        for i, line in enumerate(buyer_lines):
            text(10, y + 5 * (i + 1), line)
        y += 5 * len(buyer_lines) + 9
    if spec.kind == "credit_note":
        text(10, y, words["credit_ref"].format(n="ORIG-" + spec.number[-4:], d=d(spec.issue - timedelta(days=30))))
        y += 7
    if spec.kind == "self_billed":
        text(10, y, "Abrechnungsgutschrift im Sinne des § 14 Abs. 2 UStG")
        y += 7
    cols = words["cols"]
    xs = (10, 95, 115, 145, 175)
    widths = (85, 20, 30, 30, 20)
    for x, w, head_text, align in zip(xs, widths, (cols[0], cols[1], cols[2], cols[4], cols[3]), "LRRRR"):
        text(x, y, head_text, bold=True, w=w, align=align)
    y += 6
    for item in spec.items:
        amount = sign * spec.line_amount(item)
        values = (item.description, f"{sign * item.quantity:g}", m(item.unit_price), f"{item.rate:g} %", m(amount))
        for x, w, value, align in zip(xs, widths, values, "LRRRR"):
            text(x, y, value, w=w, align=align)
        y += 5
    y += 5
    before, after = ("", f" {spec.currency}")
    if spec.currency_style == "symbol":
        before, after = SYMBOLS.get(spec.currency, ("", f" {spec.currency}"))
    elif spec.currency_style == "label":
        after = ""
    rows = [(_pick(words["net"], v), spec.net)]
    if spec.rate_table:
        hdr = words["rate_hdr"]
        for x, value in zip((60, 95, 125, 160), hdr):
            text(x, y, value, bold=True, w=30, align="R")
        y += 5
        for rate, (net, tax) in spec.by_rate().items():
            for x, value in zip((60, 95, 125, 160), (f"{rate:g} %", m(sign * net), m(sign * tax), m(sign * (net + tax)))):
                text(x, y, value, w=30, align="R")
            y += 5
        y += 3
    else:
        for rate, (_net, tax) in spec.by_rate().items():
            rows.append((words["vat"].format(r=f"{rate:g}"), tax))
    rows.append((_pick(words["total"], v), spec.total))
    if spec.totals_row:  # "Net | VAT 21 % | Total" over their values, right-aligned cells
        x0 = 200 - 38 * len(rows)
        for i, (label, value) in enumerate(rows):
            text(x0 + 38 * i, y, label, bold=True, w=36, align="R", size=8)
            text(x0 + 38 * i, y + 5, before + m(sign * value) + after, w=36, align="R")
        y += 10
    else:
        for label, value in rows:
            text(110, y, label, bold=(value == spec.total))
            text(160, y, before + m(sign * value) + after, w=40, align="R", bold=(value == spec.total))
            y += 5
    y += 6
    iban = " ".join(spec.seller.iban[i:i + 4] for i in range(0, len(spec.seller.iban or ""), 4))
    if spec.footer:  # "Name | address | VAT id | IBAN" at the foot of the page, small
        parts = [spec.seller.name, spec.seller.address]
        if spec.seller.vat_id:
            parts.append(f"{_pick(words['vat_id'], v)} {spec.seller.vat_id}")
        if iban:
            parts.append(f"{_pick(words['iban'], v)} {iban}")
        text(10, 280, " | ".join(parts), size=7)
    elif iban:
        text(10, y, f"{_pick(words['iban'], v)}: {iban}")
    return bytes(pdf.output())


def generated_set(count: int, seed: int = 2026) -> list[Spec]:
    rng = random.Random(seed)
    return [random_spec(rng) for _ in range(count)]


__all__ = ["Item", "Party", "Spec", "generated_set", "random_spec", "render", "replace", "truth", "field"]
