"""Supplier invoices laid out as national invoicing software prints them, for the reader's
tests: what an outside tester would drop in, not what invoice_generator.py or
invoice_layouts.py draw.

- Czech (Fakturoid, Pohoda, iDoklad): "Faktura 2026-0153" with no number label, the parties
  side by side with IČO/DIČ, bank account as number/bank code beside the IBAN, the payment
  symbols, DUZP, the VAT recap "Sazba | Základ | DPH | Celkem", a rounding line and
  "Celkem k úhradě"; a non-VAT payer ("Neplátce DPH") printing no VAT at all.
- Polish (wFirma, inFakt, Fakturownia): "Faktura VAT nr FV 153/11/2026", "Sprzedawca |
  Nabywca", NIP with dashes, the 26-digit NRB without PL, "W tym" rate rows with "zw",
  "Do zapłaty", "Słownie:" with the amount in words, the split-payment mention.
- Spanish (Holded, Factusol): NIF/CIF, "Base imponible", "IVA 21%", "Recargo de
  equivalencia 5,2%", "Retención IRPF -15%" that lowers the sum to pay, "Total factura".
- French (Pennylane, Sage): SIRET, intra-community VAT number, "Total HT / TVA 20 % / Total
  TTC / Net à payer", late-payment and recovery-fee mentions with an amount, IBAN/BIC.
- English (UK Sage/Xero): "Tax invoice", VAT Reg No, sort code and account number, "VAT @
  20%", a balance brought forward, items over two pages with "Carried forward".

`Sheet` places text at coordinates (mm) in DejaVu (Czech and Polish letters). Each builder
returns `(pdf bytes, truth)`; `truth` is what a careful clerk reads, in `ExtractedInvoice`
field names (`payable` is what is to be paid).
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from invoice_generator import _iban, _vat_id

CENT = Decimal("0.01")


class Sheet:
    """An A4 page set by coordinates, one call per piece of text."""

    def __init__(self, title: str = "Invoice", first_page: bool = True):
        from backoffice_auto.reports.pdf import FAMILY, new_document

        self.family = FAMILY
        self.pdf = new_document(title=title)
        self.pdf.set_auto_page_break(False)
        self.shared = not first_page  # several documents go in: the caller outputs it
        if first_page:
            self.pdf.add_page()

    def at(self, x: float, y: float, text: str, bold: bool = False, size: float = 9, w: float = 0,
           align: str = "L") -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_xy(x, y)
        self.pdf.cell(w or self.pdf.get_string_width(text) + 2, 5, text, align=align)

    def cells(self, y: float, cells, bold: bool = False, size: float = 8.5) -> None:
        """(x, width, text, align) per cell of a table row."""
        for x, w, text, align in cells:
            self.at(x, y, text, bold=bold, size=size, w=w, align=align)

    def new_page(self) -> None:
        self.pdf.add_page()

    def finish(self) -> bytes:
        """The PDF, or nothing yet when more documents follow in it."""
        return b"" if self.shared else self.output()

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _start(sheet: Sheet | None) -> Sheet:
    """A new document, or the next page of `sheet` (two documents in one PDF)."""
    if sheet is None:
        return Sheet()
    sheet.new_page()
    return sheet


def fmt(value: Decimal, thousands: str = " ", decimal: str = ",") -> str:
    text = f"{abs(value):,.2f}".replace(",", "_").replace(".", decimal).replace("_", thousands)
    return ("-" if value < 0 else "") + text


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def recap(lines: list[tuple[str, Decimal, Decimal, Decimal]]) -> dict[Decimal, tuple[Decimal, Decimal]]:
    """rate -> (net, VAT) from (description, quantity, unit price, rate) lines, VAT per rate."""
    out: dict[Decimal, Decimal] = {}
    for _d, qty, price, rate in lines:
        out[rate] = out.get(rate, Decimal(0)) + q(qty * price)
    return {rate: (net, q(net * rate / 100)) for rate, net in out.items()}


def ids(country: str, seed: int) -> tuple[str, str, str]:
    """A seller VAT id, a buyer VAT id and the seller's IBAN, all with valid check digits."""
    rng = random.Random(seed)
    seller = _vat_id(country, rng)
    buyer = _vat_id(country, rng)
    return seller, buyer, _iban(country, rng)


def grouped(iban: str) -> str:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


# --- Czech --------------------------------------------------------------------------------

CZ_LINES = [("Tisk letáků A5, 4/4", Decimal(2000), Decimal("3.35"), Decimal(21)),
            ("Grafická příprava", Decimal(3), Decimal("650.00"), Decimal(21)),
            ("Katalog zboží 2027 (kniha)", Decimal(40), Decimal("117.90"), Decimal(12))]


def czech(number: str | None = None, seed: int = 1, credit: bool = False, payer: bool = True, lines=None, constant_symbol: bool = True,
          sheet: Sheet | None = None) -> tuple[bytes, dict]:
    """Fakturoid/Pohoda: title with the number, parties side by side, the payment box with the
    account and symbols, items with rate columns, the VAT recap, rounding, "Celkem k úhradě"."""
    seller_vat, buyer_vat, iban = ids("CZ", seed)
    lines = lines or CZ_LINES
    number = number or ("2026-0153" if not credit else "D2026-0007")
    sheet = _start(sheet)
    title = (f"Opravný daňový doklad {number}" if credit else
             (f"Faktura - daňový doklad č. {number}" if payer else f"Faktura {number}"))
    sheet.at(10, 10, title, bold=True, size=15)
    sheet.at(10, 24, "Dodavatel", bold=True)
    sheet.at(110, 24, "Odběratel", bold=True)
    left = ["Tiskárna Labe s.r.o.", "Palackého 12", "602 00 Brno", f"IČO: {seller_vat[2:]}",
            f"DIČ: {seller_vat}" if payer else "Neplátce DPH",
            "Zapsaná v OR u KS v Brně, oddíl C, vložka 48211"]
    right = ["Kovo Brno s.r.o.", "Masarykova 3", "301 00 Plzeň", f"IČO: {buyer_vat[2:]}", f"DIČ: {buyer_vat}"]
    for i, text in enumerate(left):
        sheet.at(10, 30 + 5 * i, text, size=8.5)
    for i, text in enumerate(right):
        sheet.at(110, 30 + 5 * i, text, size=8.5)
    account = f"{int(iban[-10:])}/{iban[4:8]}"
    issue, duzp, due = date(2026, 11, 3), date(2026, 10, 31), date(2026, 11, 17)
    box = [("Bankovní účet:", account), ("IBAN:", grouped(iban)), ("Variabilní symbol:", number.replace("-", "")
                                                                   .lstrip("D")),
           ("Konstantní symbol:", "0308"), ("Forma úhrady:", "Převodem")]
    if not constant_symbol:
        box.pop(3)
    dates = [("Datum vystavení:", f"{issue.day}. {issue.month}. {issue.year}"),
             ("Datum splatnosti:", f"{due.day}. {due.month}. {due.year}")]
    if payer:
        dates.append(("Datum uskutečnění zdanitelného plnění:", f"{duzp.day}. {duzp.month}. {duzp.year}"))
    for i, (label, value) in enumerate(box):
        sheet.at(10, 68 + 5 * i, label, size=8.5)
        sheet.at(45, 68 + 5 * i, value, size=8.5)
    for i, (label, value) in enumerate(dates):
        sheet.at(110, 68 + 5 * i, label, size=8.5)
        sheet.at(172, 68 + 5 * i, value, size=8.5)
    sign = -1 if credit else 1
    y = 100
    sheet.at(10, y - 6, "Fakturujeme Vám za dodané zboží a služby:", size=8.5)
    head = [(10, 70, "Označení dodávky", "L"), (80, 15, "Počet", "R"), (95, 10, "MJ", "L"),
            (105, 22, "Cena za MJ", "R")]
    head += [(127, 13, "DPH %", "R"), (140, 22, "Bez DPH", "R"), (162, 18, "DPH", "R"), (180, 22, "Celkem", "R")] \
        if payer else [(150, 40, "Celkem", "R")]
    sheet.cells(y, head, bold=True)
    y += 6
    for desc, qty, price, rate in lines:
        net = sign * q(qty * price)
        row = [(10, 70, desc, "L"), (80, 15, f"{qty:g}", "R"), (95, 10, "ks", "L"), (105, 22, fmt(price), "R")]
        if payer:
            vat = q(net * rate / 100)
            row += [(127, 13, f"{rate:g}", "R"), (140, 22, fmt(net), "R"), (162, 18, fmt(vat), "R"),
                    (180, 22, fmt(net + vat), "R")]
        else:
            row += [(150, 40, fmt(net), "R")]
        sheet.cells(y, row)
        y += 5.5
    by_rate = recap(lines) if payer else {}
    net_total = sign * sum((q(qty * price) for _d, qty, price, _r in lines), Decimal(0))
    tax_total = sign * sum((t for _n, t in by_rate.values()), Decimal(0))
    gross = net_total + tax_total
    to_pay = gross.quantize(Decimal(1), ROUND_HALF_UP)
    y += 6
    if payer:
        sheet.at(10, y, "Rekapitulace DPH v Kč:", bold=True, size=8.5)
        y += 5
        sheet.cells(y, [(10, 25, "Sazba DPH", "L"), (35, 30, "Základ", "R"), (65, 30, "DPH", "R"),
                        (95, 30, "Celkem", "R")], bold=True)
        y += 5
        for rate, (net, tax) in sorted(by_rate.items(), reverse=True):
            sheet.cells(y, [(10, 25, f"{rate:g} %", "L"), (35, 30, fmt(sign * net), "R"), (65, 30, fmt(sign * tax), "R"),
                            (95, 30, fmt(sign * (net + tax)), "R")])
            y += 5
    sheet.at(130, y + 2, "Zaokrouhlení:", size=8.5)
    sheet.at(170, y + 2, fmt(to_pay - gross) + " Kč", w=32, align="R", size=8.5)
    sheet.at(130, y + 9, "Celkem k úhradě:" if not credit else "Celkem k vrácení:", bold=True, size=11)
    sheet.at(165, y + 9, fmt(to_pay) + " Kč", bold=True, size=11, w=37, align="R")
    sheet.at(10, y + 24, "Vystavil: Jana Nováková, tel. 777 123 456, jana@tiskarna-labe.cz", size=8)
    truth = {"supplier.name": "Tiskárna Labe s.r.o.", "supplier.vat_id": seller_vat if payer else None,
             "supplier.iban": iban, "invoice_number": number, "issue_date": issue, "due_date": due,
             "currency": "CZK", "net": net_total, "tax": tax_total, "total": gross, "payable": to_pay,
             "payment_reference": "/VS/" + number.replace("-", "").lstrip("D") + ("/KS/0308" if constant_symbol else ""),
             "document_type": "credit_note" if credit else "invoice"}
    return sheet.finish(), truth


# --- Polish -------------------------------------------------------------------------------

PL_LINES = [("Blacha ocynkowana 1,5 mm", Decimal(120), Decimal("48.90"), Decimal(23)),
            ("Usługa cięcia laserem", Decimal(6), Decimal("215.00"), Decimal(23)),
            ("Poradnik montażu (książka)", Decimal(10), Decimal("39.00"), Decimal(5)),
            ("Szkolenie BHP", Decimal(1), Decimal("800.00"), "zw")]

_ONES = "zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć".split()


def pl_words(value: Decimal) -> str:
    """The amount in words as the software prints it (enough of Polish for the test)."""
    whole = int(value)
    grosze = int((value - whole) * 100)
    return f"{' '.join(_ONES[int(d)] for d in str(whole))} PLN {grosze:02d}/100"


def nrb(iban: str) -> str:
    body = iban[2:]
    return body[:2] + " " + " ".join(body[i:i + 4] for i in range(2, len(body), 4))


def polish(number: str | None = None, seed: int = 2, credit: bool = False, split: bool = True, lines=None, sheet: Sheet | None = None) -> tuple[bytes, dict]:
    """wFirma/Fakturownia: "Faktura VAT nr", place and dates at the right, "Sprzedawca |
    Nabywca", NIP with dashes, items with rate and gross columns, the "W tym" rate rows with
    "zw", "Razem", "Do zapłaty", "Słownie", the account as an NRB, the split-payment mention."""
    seller_vat, buyer_vat, iban = ids("PL", seed)
    lines = lines or PL_LINES
    number = number or ("FV 153/11/2026" if not credit else "FK 7/11/2026")
    sheet = _start(sheet)
    sheet.at(120, 10, "Miejsce wystawienia: Poznań", size=8.5)
    issue, sale, due = date(2026, 11, 3), date(2026, 10, 31), date(2026, 11, 17)
    sheet.at(120, 15, f"Data wystawienia: {issue.isoformat()}", size=8.5)
    sheet.at(120, 20, f"Data sprzedaży: {sale.isoformat()}", size=8.5)
    sheet.at(10, 30, (f"Faktura korygująca nr {number}" if credit else f"Faktura VAT nr {number}"), bold=True, size=14)
    sheet.at(10, 37, "ORYGINAŁ", size=8)
    if credit:
        sheet.at(10, 42, "Dotyczy faktury nr FV 140/10/2026 z dnia 2026-10-15", size=8.5)
        sheet.at(10, 47, "Przyczyna korekty: zwrot towaru", size=8.5)
    dash = lambda n: f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}"  # noqa: E731
    sheet.at(10, 54, "Sprzedawca", bold=True)
    sheet.at(110, 54, "Nabywca", bold=True)
    for i, text in enumerate(["Metal-Poznań sp. z o.o.", "ul. Głogowska 112", "60-243 Poznań",
                              f"NIP: {dash(seller_vat[2:])}"]):
        sheet.at(10, 60 + 5 * i, text, size=8.5)
    for i, text in enumerate(["Hurtownia Śrubex S.A.", "ul. Długa 7", "80-831 Gdańsk", f"NIP: {dash(buyer_vat[2:])}"]):
        sheet.at(110, 60 + 5 * i, text, size=8.5)
    sheet.at(10, 82, "Bank: mBank S.A.", size=8.5)
    sheet.at(10, 87, f"Nr konta: {nrb(iban)}", size=8.5)
    y = 97
    cols = [(10, 8, "Lp.", "L"), (18, 60, "Nazwa towaru / usługi", "L"), (78, 10, "Jm.", "L"), (88, 12, "Ilość", "R"),
            (100, 20, "Cena netto", "R"), (120, 22, "Wartość netto", "R"), (142, 12, "VAT", "R"),
            (154, 20, "Kwota VAT", "R"), (174, 24, "Wartość brutto", "R")]
    sheet.cells(y, cols, bold=True, size=7.5)
    y += 6
    sign = -1 if credit else 1
    rates: dict[str, list[Decimal]] = {}
    for n, (desc, qty, price, rate) in enumerate(lines, 1):
        net = sign * q(qty * price)
        vat = q(net * (rate if rate != "zw" else 0) / 100)
        key = "zw" if rate == "zw" else f"{rate:g}%"
        got = rates.setdefault(key, [Decimal(0), Decimal(0)])
        got[0] += net
        got[1] += vat
        sheet.cells(y, [(10, 8, f"{n}", "L"), (18, 60, desc, "L"), (78, 10, "szt." if rate != "zw" else "usł.", "L"),
                        (88, 12, f"{qty:g}", "R"), (100, 20, fmt(price), "R"), (120, 22, fmt(net), "R"),
                        (142, 12, key, "R"), (154, 20, fmt(vat), "R"), (174, 24, fmt(net + vat), "R")], size=7.5)
        y += 5
    # wFirma taxes each rate once on its net, not line by line
    rates = {k: [n, q(n * Decimal(k[:-1]) / 100) if k != "zw" else Decimal(0)] for k, (n, _t) in rates.items()}
    net_total = sum((n for n, _t in rates.values()), Decimal(0))
    tax_total = sum((t for _n, t in rates.values()), Decimal(0))
    y += 3
    sheet.cells(y, [(100, 20, "Razem:", "R"), (120, 22, fmt(net_total), "R"), (142, 12, "", "R"),
                    (154, 20, fmt(tax_total), "R"), (174, 24, fmt(net_total + tax_total), "R")], bold=True, size=7.5)
    y += 5
    for k, (n, t) in rates.items():
        sheet.cells(y, [(100, 20, "W tym:" if k == next(iter(rates)) else "", "R"), (120, 22, fmt(n), "R"),
                        (142, 12, k, "R"), (154, 20, fmt(t), "R"), (174, 24, fmt(n + t), "R")], size=7.5)
        y += 5
    gross = net_total + tax_total
    y += 5
    sheet.at(10, y, "Sposób płatności: przelew", size=8.5)
    sheet.at(10, y + 5, f"Termin płatności: {due.isoformat()} (14 dni)", size=8.5)
    sheet.at(110, y, "Do zapłaty:" if not credit else "Do zwrotu:", bold=True, size=11)
    sheet.at(150, y, f"{fmt(abs(gross))} PLN", bold=True, size=11, w=48, align="R")
    sheet.at(110, y + 6, f"Słownie: {pl_words(abs(gross))}", size=8)
    if split:
        sheet.at(10, y + 14, "Mechanizm podzielonej płatności", bold=True, size=8.5)
    sheet.at(10, y + 30, "....................................", size=8)
    sheet.at(120, y + 30, "....................................", size=8)
    sheet.at(10, y + 34, "Osoba upoważniona do odbioru", size=7)
    sheet.at(120, y + 34, "Osoba upoważniona do wystawienia", size=7)
    truth = {"supplier.name": "Metal-Poznań sp. z o.o.", "supplier.vat_id": seller_vat, "supplier.iban": iban,
             "invoice_number": number, "issue_date": issue, "due_date": due, "currency": "PLN",
             "net": net_total, "tax": tax_total, "total": gross, "payable": gross,
             "document_type": "credit_note" if credit else "invoice"}
    return sheet.finish(), truth


# --- Spanish ------------------------------------------------------------------------------

ES_LINES = [("Servicios de consultoría octubre", Decimal(20), Decimal("55.00"), Decimal(21)),
            ("Licencia software anual", Decimal(1), Decimal("480.00"), Decimal(21))]


def spanish(number: str | None = None, seed: int = 3, irpf: Decimal | None = Decimal(15), recargo: bool = False, credit: bool = False,
            lines=None, sheet: Sheet | None = None) -> tuple[bytes, dict]:
    """Holded/Factusol: "FACTURA", the issuer's block, "Nº de factura | Fecha | Vencimiento" in a
    row, items with Dto. and IVA columns, "Base imponible", "IVA 21%", optionally "Recargo de
    equivalencia 5,2%" and "Retención IRPF -15%", "Total factura"."""
    seller_vat, buyer_vat, iban = ids("ES", seed)
    lines = lines or ES_LINES
    number = number or ("A-2026/153" if not credit else "R-2026/12")
    issue, due = date(2026, 11, 3), date(2026, 12, 3)
    sheet = _start(sheet)
    sheet.at(10, 10, "Ferretería Ibáñez S.L.", bold=True, size=12)
    for i, text in enumerate([f"NIF: {seller_vat[2:]}", "Calle Mayor 8", "28013 Madrid",
                              "info@ferreteriaibanez.es"]):
        sheet.at(10, 17 + 5 * i, text, size=8.5)
    sheet.at(140, 10, "FACTURA RECTIFICATIVA" if credit else "FACTURA", bold=True, size=16)
    sheet.at(110, 30, "Cliente", bold=True)
    for i, text in enumerate(["Embalajes del Sur S.L.", f"CIF: {buyer_vat[2:]}", "Avda. de la Palmera 21",
                              "41012 Sevilla"]):
        sheet.at(110, 36 + 5 * i, text, size=8.5)
    sheet.cells(62, [(10, 45, "Nº de factura", "L"), (55, 35, "Fecha", "L"), (90, 35, "Vencimiento", "L"),
                     (125, 40, "Forma de pago", "L")], bold=True)
    sheet.cells(67, [(10, 45, number, "L"), (55, 35, issue.strftime("%d/%m/%Y"), "L"),
                     (90, 35, due.strftime("%d/%m/%Y"), "L"), (125, 40, "Transferencia", "L")])
    if credit:
        sheet.at(10, 73, "Rectifica la factura A-2026/140 de fecha 15/10/2026", size=8.5)
    y = 82
    sheet.cells(y, [(10, 80, "Concepto", "L"), (90, 20, "Cantidad", "R"), (110, 25, "Precio", "R"),
                    (135, 15, "Dto.", "R"), (150, 15, "IVA", "R"), (165, 30, "Total", "R")], bold=True)
    y += 6
    sign = -1 if credit else 1
    for desc, qty, price, rate in lines:
        sheet.cells(y, [(10, 80, desc, "L"), (90, 20, f"{qty:g}", "R"), (110, 25, fmt(price, ".", ","), "R"),
                        (135, 15, "0%", "R"), (150, 15, f"{rate:g}%", "R"),
                        (165, 30, fmt(sign * q(qty * price), ".", ",") + " €", "R")])
        y += 5.5
    by_rate = recap(lines)
    net = sign * sum((n for n, _t in by_rate.values()), Decimal(0))
    vat = sign * sum((t for _n, t in by_rate.values()), Decimal(0))
    re_tax = sign * sum((q(n * Decimal("5.2") / 100) for r, (n, _t) in by_rate.items() if r == 21), Decimal(0)) \
        if recargo else Decimal(0)
    withheld = q(net * irpf / 100) if irpf else Decimal(0)
    y += 8
    rows = [("Base imponible", net)] + [(f"IVA {r:g}%", sign * t) for r, (_n, t) in by_rate.items()]
    if recargo:
        rows.append(("Recargo de equivalencia 5,2%", re_tax))
    if irpf:
        rows.append((f"Retención IRPF -{irpf:g}%", -withheld))
    for label, value in rows:
        sheet.at(120, y, label, size=9)
        sheet.at(165, y, fmt(value, ".", ",") + " €", size=9, w=30, align="R")
        y += 5.5
    payable = net + vat + re_tax - withheld
    sheet.at(120, y + 1, "Total factura", bold=True, size=11)
    sheet.at(160, y + 1, fmt(payable, ".", ",") + " €", bold=True, size=11, w=35, align="R")
    y += 14
    sheet.at(10, y, f"Forma de pago: transferencia bancaria a la cuenta {grouped(iban)}", size=8.5)
    sheet.at(10, y + 5, "Inscrita en el Registro Mercantil de Madrid, Tomo 1234, Folio 56, Hoja M-78901", size=7)
    truth = {"supplier.name": "Ferretería Ibáñez S.L.", "supplier.vat_id": seller_vat, "supplier.iban": iban,
             "invoice_number": number, "issue_date": issue, "due_date": due, "currency": "EUR",
             "net": net, "tax": vat + re_tax, "total": net + vat + re_tax, "payable": payable,
             "document_type": "credit_note" if credit else "invoice"}
    return sheet.finish(), truth


# --- French -------------------------------------------------------------------------------

FR_LINES = [("Carton double cannelure 600x400x400", Decimal(250), Decimal("2.36"), Decimal(20)),
            ("Adhésif PP 48 mm x 100 m", Decimal(72), Decimal("3.15"), Decimal(20)),
            ("Livraison", Decimal(1), Decimal("45.00"), Decimal(20))]


def french(number: str | None = None, seed: int = 4, credit: bool = False, reverse_charge: bool = False, lines=None, sheet: Sheet | None = None) -> tuple[bytes, dict]:
    """Pennylane/Sage: the seller's block with SIRET and VAT number, "Facture N°", dates,
    "Total HT | TVA 20 % | Total TTC | Net à payer", the legal mentions (late-payment penalties,
    the 40 € recovery fee, no early-payment discount), IBAN and BIC."""
    seller_vat, buyer_vat, iban = ids("FR", seed)
    lines = lines or FR_LINES
    number = number or ("F-2026-153" if not credit else "AV-2026-009")
    issue, due = date(2026, 11, 3), date(2026, 12, 3)
    sheet = _start(sheet)
    sheet.at(10, 10, "Emballages Girard SAS", bold=True, size=12)
    siren = seller_vat[4:]
    for i, text in enumerate(["12 avenue Jean Jaurès", "69007 Lyon", f"SIRET : {siren[:3]} {siren[3:6]} {siren[6:]} 00027",
                              f"N° TVA intracommunautaire : {seller_vat}", "Capital social : 50 000 €"]):
        sheet.at(10, 17 + 5 * i, text, size=8.5)
    sheet.at(120, 40, "Atelier Dubois SARL", bold=True)
    for i, text in enumerate(["3 rue des Forges", "42000 Saint-Étienne", f"TVA : {buyer_vat}"]):
        sheet.at(120, 46 + 5 * i, text, size=8.5)
    sheet.at(10, 66, f"Avoir N° {number}" if credit else f"Facture N° {number}", bold=True, size=14)
    sheet.at(10, 74, f"Date d'émission : {issue.strftime('%d/%m/%Y')}", size=8.5)
    sheet.at(10, 79, f"Date d'échéance : {due.strftime('%d/%m/%Y')}", size=8.5)
    if credit:
        sheet.at(10, 84, "Avoir sur la facture F-2026-140 du 15/10/2026", size=8.5)
    y = 92
    sheet.cells(y, [(10, 80, "Désignation", "L"), (90, 15, "Qté", "R"), (105, 30, "Prix unitaire HT", "R"),
                    (135, 20, "TVA", "R"), (155, 40, "Total HT", "R")], bold=True)
    y += 6
    sign = -1 if credit else 1
    for desc, qty, price, rate in lines:
        sheet.cells(y, [(10, 80, desc, "L"), (90, 15, f"{qty:g}", "R"), (105, 30, fmt(price) + " €", "R"),
                        (135, 20, "0 %" if reverse_charge else f"{rate:g} %", "R"),
                        (155, 40, fmt(sign * q(qty * price)) + " €", "R")])
        y += 5.5
    by_rate = recap(lines)
    net = sign * sum((n for n, _t in by_rate.values()), Decimal(0))
    vat = Decimal(0) if reverse_charge else sign * sum((t for _n, t in by_rate.values()), Decimal(0))
    y += 8
    rows = [("Total HT", net)] + ([("TVA 0 %", Decimal(0))] if reverse_charge else
                                  [(f"TVA {r:g} %", sign * t) for r, (_n, t) in by_rate.items()])
    rows += [("Total TTC", net + vat)]
    for label, value in rows:
        sheet.at(125, y, label, size=9)
        sheet.at(160, y, fmt(value) + " €", size=9, w=35, align="R")
        y += 5.5
    sheet.at(125, y + 1, "Net à payer", bold=True, size=11)
    sheet.at(160, y + 1, fmt(net + vat) + " €", bold=True, size=11, w=35, align="R")
    y += 14
    mentions = ["Conditions de paiement : 30 jours date de facture, par virement.",
                "Escompte pour paiement anticipé : néant.",
                "Pénalités de retard : trois fois le taux d'intérêt légal.",
                "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40,00 €"]
    if reverse_charge:
        mentions.insert(0, "Autoliquidation - TVA due par le preneur, art. 283-2 du CGI")
    for text in mentions:
        sheet.at(10, y, text, size=7.5)
        y += 4.5
    sheet.at(10, y + 3, f"IBAN : {grouped(iban)}    BIC : BNPAFRPPXXX", size=8.5)
    truth = {"supplier.name": "Emballages Girard SAS", "supplier.vat_id": seller_vat, "supplier.iban": iban,
             "invoice_number": number, "issue_date": issue, "due_date": due, "currency": "EUR",
             "net": net, "tax": vat, "total": net + vat, "payable": net + vat,
             "document_type": "credit_note" if credit else "invoice"}
    return sheet.finish(), truth


# --- English (UK) -------------------------------------------------------------------------

UK_ITEMS = [("A4 copier paper 80gsm, box of 5 reams", Decimal(4), Decimal("21.99")),
            ("Toner cartridge HP 59A", Decimal(2), Decimal("89.50")),
            ("Desk organiser, black", Decimal(3), Decimal("12.75")),
            ("Ring binder A4 2-ring", Decimal(25), Decimal("1.89")),
            ("Sticky notes 76x76 (12 pack)", Decimal(6), Decimal("7.40"))]


def english(number: str | None = None, seed: int = 5, credit: bool = False, brought_forward: Decimal | None = None, pages: int = 1,
            discount: bool = False, totals_first: bool = False, sheet: Sheet | None = None) -> tuple[bytes, dict]:
    """Sage/Xero UK: "TAX INVOICE", VAT Reg No and company number, the fields box, items with a
    discount column, "Sub total | VAT @ 20% | Total", optionally a balance brought forward
    from earlier invoices, the bank details as sort code and account number; with `pages` > 1
    the items run on with "Carried forward" / "Brought forward" subtotals."""
    seller_vat, buyer_vat, iban = ids("GB", seed)
    number = number or ("INV-010234" if not credit else "CN-000317")
    issue, due = date(2026, 11, 3), date(2026, 12, 3)
    sheet = _start(sheet)
    sheet.at(10, 10, "CREDIT NOTE" if credit else "TAX INVOICE", bold=True, size=16)
    sheet.at(10, 20, "Harbour Office Supplies Ltd", bold=True)
    for i, text in enumerate(["Unit 4, Riverside Park", "Leeds LS1 4AP", "Tel 0113 496 0000",
                              f"VAT Reg No: GB {seller_vat[2:5]} {seller_vat[5:9]} {seller_vat[9:]}",
                              "Company Reg No: 04827163"]):
        sheet.at(10, 26 + 5 * i, text, size=8.5)
    sheet.at(10, 56, "Invoice to:", bold=True)
    for i, text in enumerate(["Kingsway Components Limited", "8 Mill Lane", "Bristol BS1 6QF"]):
        sheet.at(10, 62 + 5 * i, text, size=8.5)
    box = [("Credit Note No:" if credit else "Invoice No:", number), ("Date/Tax point:", issue.strftime("%d/%m/%Y")),
           ("Account Ref:", "KINGS01"), ("Your Order No:", "PO-88213")]
    if not credit:
        box.insert(2, ("Due date:", due.strftime("%d/%m/%Y")))
    for i, (label, value) in enumerate(box):
        sheet.at(130, 20 + 5 * i, label, size=8.5)
        sheet.at(165, 20 + 5 * i, value, size=8.5)
    items = [(d, qt, p) for d, qt, p in UK_ITEMS] * (8 if pages > 1 else 1)
    if totals_first:  # a summary box above the items, as utilities and telecoms print it
        net0 = sum((q(qt * p) for _d, qt, p in items), Decimal(0)) * (-1 if credit else 1)
        vat0 = q(net0 * Decimal(20) / 100)
        sheet.at(10, 80, "Invoice summary", bold=True)
        for i, (label, value) in enumerate([("Net amount", net0), ("VAT", vat0), ("Total to pay", net0 + vat0)]):
            sheet.at(10, 86 + 5 * i, label, size=9)
            sheet.at(60, 86 + 5 * i, f"£{fmt(value, ',', '.')}", size=9, w=30, align="R")
        first_y = 110
    else:
        first_y = 82
    head = [(10, 85, "Description", "L"), (95, 15, "Qty", "R"), (110, 25, "Unit Price", "R"),
            (135, 20, "Disc %", "R"), (155, 15, "VAT %", "R"), (170, 28, "Net", "R")]
    y = first_y
    sheet.cells(y, head, bold=True)
    y += 6
    sign = -1 if credit else 1
    net = Decimal(0)
    per_page = 34
    for n, (desc, qty, price) in enumerate(items):
        if n and n % per_page == 0:
            sheet.cells(y + 2, [(120, 40, "Carried forward", "L"), (170, 28, f"£{fmt(net, ',', '.')}", "R")], bold=True)
            sheet.new_page()
            sheet.at(10, 10, f"Invoice {number} (continued)", size=8.5)
            y = 20
            sheet.cells(y, head, bold=True)
            y += 6
            sheet.cells(y, [(10, 85, "Brought forward", "L"), (170, 28, f"£{fmt(net, ',', '.')}", "R")])
            y += 5.5
        disc = Decimal(10) if discount and n % 2 == 0 else Decimal(0)
        amount = q(qty * price * (100 - disc) / 100)
        net += sign * amount
        sheet.cells(y, [(10, 85, desc, "L"), (95, 15, f"{qty:g}", "R"), (110, 25, f"{price:.2f}", "R"),
                        (135, 20, f"{disc:g}" if disc else "", "R"), (155, 15, "20.00", "R"),
                        (170, 28, f"{sign * amount:,.2f}", "R")])
        y += 5.5
    vat = q(net * Decimal(20) / 100)
    y += 6
    rows = [("Sub total", net), ("VAT @ 20%", vat), ("Total", net + vat)]
    if brought_forward:
        rows += [("Balance brought forward", brought_forward), ("Amount due", net + vat + brought_forward)]
    for label, value in ([] if totals_first else rows):
        sheet.at(130, y, label, size=9, bold=label in ("Total", "Amount due"))
        sheet.at(165, y, f"£{fmt(value, ',', '.')}", size=9, w=33, align="R", bold=label in ("Total", "Amount due"))
        y += 5.5
    y += 6
    sheet.at(10, y, "Payment terms: 30 days from date of invoice", size=8.5)
    sheet.at(10, y + 5, f"Bank details: Barclays Bank plc   Sort code: {iban[8:10]}-{iban[10:12]}-{iban[12:14]}   "
                        f"Account number: {iban[14:]}", size=8.5)
    sheet.at(10, y + 10, f"IBAN: {grouped(iban)}   BIC: BARCGB22", size=8.5)
    truth = {"supplier.name": "Harbour Office Supplies Ltd", "supplier.vat_id": seller_vat, "supplier.iban": iban,
             "invoice_number": number, "issue_date": issue, "due_date": None if credit else due, "currency": "GBP",
             "net": net, "tax": vat, "total": net + vat, "payable": net + vat,
             "document_type": "credit_note" if credit else "invoice"}
    return sheet.finish(), truth


# --- documents sharing a PDF ----------------------------------------------------------------

def delivery_note(sheet: Sheet, number: str = "DL-2026-0881") -> None:
    """A delivery note page (quantities, no prices) after the invoice, as warehouses send them."""
    sheet.new_page()
    sheet.at(10, 10, "DELIVERY NOTE", bold=True, size=16)
    sheet.at(10, 20, f"Delivery note No: {number}", size=9)
    sheet.at(10, 25, "Despatch date: 30/10/2026", size=9)
    sheet.at(10, 35, "Deliver to: Kingsway Components Limited, 8 Mill Lane, Bristol BS1 6QF", size=9)
    sheet.cells(48, [(10, 100, "Description", "L"), (110, 30, "Ordered", "R"), (140, 30, "Delivered", "R")], bold=True)
    for n, (desc, qty, _price) in enumerate(UK_ITEMS):
        sheet.cells(54 + 5.5 * n, [(10, 100, desc, "L"), (110, 30, f"{qty:g}", "R"), (140, 30, f"{qty:g}", "R")])
    sheet.at(10, 100, "Received in good condition: ____________________   Signature", size=9)


def with_delivery_note() -> tuple[bytes, dict]:
    sheet = Sheet(first_page=False)
    _data, truth = english(sheet=sheet)
    delivery_note(sheet)
    return sheet.output(), truth


def two_invoices(builder=None, copy: bool = False) -> tuple[bytes, dict]:
    """Two invoices of one supplier printed into one PDF (a monthly batch export); with `copy`,
    the same invoice twice (Polish software prints the "ORYGINAŁ" and the "KOPIA")."""
    sheet = Sheet(first_page=False)
    builder = builder or english
    _a, truth = builder(sheet=sheet)
    if copy:
        builder(sheet=sheet)
    else:
        builder(seed=6, sheet=sheet, number=truth["invoice_number"] + "1")
    return sheet.output(), truth
