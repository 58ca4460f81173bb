"""More fresh invoice layouts (see `invoice_fresh.py`): the page set out other ways.

- `two_column`: the supplier's letterhead on the left and, on the same lines, a box of
  labels and values on the right ("Invoice no. | SI-000123" over "Date issued | ..."),
  so that a line of text holds a name or an address and a field;
- `supplier_bottom`: no supplier box at the top: its name, address, VAT id and bank
  account only in the page footer, in small type and in three columns, as letterheads print
  them, beside a "Bill to" box at the top;
- `multi_page`: enough items to fill the first page, a subtotal carried to the next page
  ("Carried forward", "Přenos", "Do przeniesienia", "Suma y sigue", "À reporter") and
  brought forward at its top, the header repeated with the number and "page 2/2", and the
  totals only on the last page.

The totals block (`totals_rows`) is shared with `invoice_fresh.render`: per-rate rows
when there are several rates, a reverse-charge invoice with no VAT or a 0 % row and its
legal note, every amount with its currency sign before or after it when the spec says so,
and the sum in words under the total (`invoice_words.py`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
CARRIED = {"en": ("Carried forward", "Brought forward"), "cs": ("Přenos", "Převod z předchozí strany"),
           "pl": ("Do przeniesienia", "Z przeniesienia"), "es": ("Suma y sigue", "Suma anterior"),
           "fr": ("À reporter", "Report")}
PAGE = {"en": "Page {n} of {of}", "cs": "Strana {n}/{of}", "pl": "Strona {n} z {of}", "es": "Página {n} de {of}",
        "fr": "Page {n}/{of}"}
REVERSE_CHARGE = {
    "en": "Reverse charge: the customer accounts for the VAT on this supply",
    "cs": "Přenesená daňová povinnost podle § 92a zákona o DPH",
    "pl": "Odwrotne obciążenie",
    "es": "Inversión del sujeto pasivo (art. 84 Uno 2º LIVA)",
    "fr": "Autoliquidation : TVA due par le preneur (art. 283-2 du CGI)",
}
# the items table's column heads as each language's software prints them; the last column
# is often called "Total" or "Amount" though it holds each line's net
ITEM_HEADS = {
    "en": [("#", "Item", "Qty", "Price", "%", "Net"), ("No.", "Description", "Qty", "Unit price", "VAT %", "Total"),
           ("#", "Description", "Quantity", "Rate", "VAT", "Amount")],
    "cs": [("#", "Item", "Qty", "Price", "%", "Net"), ("Č.", "Označení dodávky", "Množství", "Cena za MJ", "DPH %", "Celkem"),
           ("Pol.", "Popis", "Počet", "Jedn. cena", "Sazba", "Cena bez DPH")],
    "pl": [("#", "Item", "Qty", "Price", "%", "Net"), ("Lp.", "Nazwa towaru lub usługi", "Ilość", "Cena netto", "VAT", "Wartość netto"),
           ("Lp.", "Nazwa", "Ilość", "Cena jedn.", "Stawka", "Razem netto")],
    "es": [("#", "Item", "Qty", "Price", "%", "Net"), ("Ref.", "Concepto", "Cantidad", "Precio", "IVA", "Importe"),
           ("Nº", "Descripción", "Uds.", "Precio unit.", "% IVA", "Total")],
    "fr": [("#", "Item", "Qty", "Price", "%", "Net"), ("Réf.", "Désignation", "Qté", "PU HT", "TVA", "Montant HT"),
           ("N°", "Description", "Quantité", "Prix unitaire", "Taux", "Total HT")],
}
COMPANY_REG = {"en": "Registered in England No. 0{n}", "cs": "Zapsáno v OR u KS v Brně, oddíl C, vložka {n}",
               "pl": "KRS 0000{n}, kapitał zakładowy 50 000 zł", "es": "Inscrita en el R.M. de Valencia, hoja V-{n}",
               "fr": "RCS Clermont-Ferrand B {n} – capital 10 000 €"}


def item_row(text, spec, y: float, n: int, desc: str, qty, price: Decimal, rate) -> Decimal:
    """One item line drawn at `y` (number, description, quantity, price, rate, line net) with
    `text(x, y, value, ...)`; returns the line's net."""
    from invoice_fresh import _rate

    line_net = spec.sign * (qty * price).quantize(CENT, ROUND_HALF_UP)
    shown_rate = "0" if spec.reverse_charge else _rate(rate, spec.sep)
    for x, value, align in ((14, str(n), "L"), (22, desc, "L"), (100, str(qty), "R"),
                            (120, money_text(spec, price), "R"), (150, shown_rate, "R"),
                            (165, money_text(spec, line_net), "R")):
        text(x, y, value, size=8, width=(14 if x in (100, 150) else 0) or (26 if x in (120, 165) else 0),
             align=align)
    return line_net


def money_text(spec, value: Decimal, every: bool = False) -> str:
    """An amount as the spec prints it: with its currency sign or code on every amount when
    `spec.symbols`, else only where `every` (the total) asks for one."""
    from invoice_fresh import SYMBOL, amount

    plain = amount(value, spec.sep)
    if not (spec.symbols or every):
        return plain
    if spec.code_currency:
        return f"{spec.currency} {plain}" if spec.symbol_before else f"{plain} {spec.currency}"
    pre, post = SYMBOL[spec.currency]
    if spec.symbol_before and not pre:
        pre, post = post.strip() + " ", ""
    return f"{pre}{plain}{post}"


def totals_rows(spec) -> list[tuple[str, str]]:
    """(label, value) rows of the totals block, the total last."""
    from invoice_fresh import W, _pick, _rate

    w, v = W[spec.lang], spec.variant
    rows = [(_pick(w["net"], v), money_text(spec, spec.net))]
    by_rate = sorted(spec.by_rate().items(), key=lambda kv: -Decimal(kv[0]))
    if spec.reverse_charge:
        if v % 2:  # some print a 0 % row, others no VAT row at all
            rows.append((_pick(w["vat"], v).format(r="0"), money_text(spec, Decimal("0.00"))))
    else:
        for rate, (net, vat) in by_rate:
            if len(by_rate) > 1:
                rows.append((f"{_pick(w['rate_hdr'], 1)} {_rate(rate, spec.sep)} %", money_text(spec, spec.sign * net)))
            rows.append((_pick(w["vat"], v).format(r=_rate(rate, spec.sep)), money_text(spec, spec.sign * vat)))
    rows.append((_pick(w["total"], v), money_text(spec, spec.total, every=True)))
    return rows


def notes_after_totals(spec) -> list[str]:
    from invoice_words import amount_words

    out = []
    if spec.words_total:
        out.append(amount_words(spec.total, spec.lang, spec.variant))
    if spec.reverse_charge:
        out.append(REVERSE_CHARGE[spec.lang])
    return out


def render_more(spec) -> bytes:
    from backoffice_auto.reports.pdf import FAMILY, new_document
    from invoice_fresh import ADDRESS, W, _buyer_address, _pick, _rate, _spaced_iban, day

    w, v, lang = W[spec.lang], spec.variant, spec.lang
    d = lambda value: day(value, spec.date_style, lang)  # noqa: E731
    pdf = new_document(title="Invoice")
    pdf.set_auto_page_break(False)

    def text(x, y, value, bold=False, size=9, width=0, align="L"):
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_xy(x, y)
        pdf.cell(width or pdf.get_string_width(value) + 2, 6, value, align=align)

    title = _pick(w["credit"] if spec.kind == "credit_note" else w["title"], v)
    title_ends_nr = title.lower().endswith(("nr", "n°"))
    number_in_title = spec.number_style != "label" or title_ends_nr
    fields = [] if number_in_title else [(_pick(w["number"], v), spec.number)]
    fields += [(_pick(w["issue"], v), d(spec.issue)), (_pick(w["supply"], v), d(spec.supply)),
               (_pick(w["due"], v), d(spec.due))]
    if spec.reference:
        fields.append((_pick(w["ref"], v), spec.reference))
    seller_lines = [spec.seller, *ADDRESS[lang], f"{_pick(w['vat_id'], v)}: {spec.seller_vat}"]
    buyer_lines = [_pick(w["buyer"], v), spec.buyer, *_buyer_address(lang), f"{_pick(w['vat_id'], v + 1)}: {spec.buyer_vat}"]
    pages = 2 if spec.layout == "multi_page" else 1

    def header(page_no: int) -> float:
        pdf.add_page()
        y = 14
        if number_in_title or title_ends_nr:
            text(14, y, f"{title} {spec.number}", bold=True, size=14)
        else:
            text(14, y, title, bold=True, size=14)
        if pages > 1:
            text(160, 6, PAGE[lang].format(n=page_no, of=pages), size=8)
        if page_no > 1:  # the next page repeats who and which invoice, not the whole header
            text(14, y + 8, f"{fields[0][0]}: {fields[0][1]}" if not number_in_title else spec.seller, size=8)
            return y + 18
        y = 26
        if spec.layout == "two_column":
            for i, line in enumerate(seller_lines):
                text(14, y + i * 5, line, bold=i == 0)
            for i, (label, value) in enumerate(fields):
                text(115, y + i * 5, label, size=8)
                text(158, y + i * 5, value, size=8)
            y += 5 * max(len(seller_lines), len(fields)) + 5
            for i, line in enumerate(buyer_lines):
                text(14, y + i * 5, line, bold=i == 1)
            return y + 5 * len(buyer_lines) + 6
        if spec.layout == "supplier_bottom":  # the customer's window left, the fields right
            for i, line in enumerate(buyer_lines):
                text(14, y + i * 5, line, bold=i == 1)
            for i, (label, value) in enumerate(fields):
                text(115, y + i * 5, f"{label}:", size=8)
                text(160, y + i * 5, value, size=8)
            return y + 5 * max(len(buyer_lines), len(fields)) + 6
        # multi_page: the parties boxed side by side, the fields as lines under them
        seller = [_pick(w["seller"], v), *seller_lines]
        left, right = (buyer_lines, seller) if spec.seller_right else (seller, buyer_lines)
        for i, (a, b) in enumerate(zip(left, right)):
            text(14, y + i * 5, a, bold=i == 1)
            text(110, y + i * 5, b, bold=i == 1)
        y += 5 * len(left) + 4
        for i, (label, value) in enumerate(fields):
            text(14, y + i * 5, f"{label}:")
            text(75, y + i * 5, value)
        return y + 5 * len(fields) + 6

    def footer(page_no: int) -> None:
        text(14, 287, PAGE[lang].format(n=page_no, of=pages), size=7) if pages > 1 and spec.layout != "multi_page" else None
        if spec.layout != "supplier_bottom":
            return
        reg = COMPANY_REG[lang].format(n=400000 + len(spec.seller) * 731)
        columns = [[spec.seller, *ADDRESS[lang]], [f"{_pick(w['vat_id'], v)}: {spec.seller_vat}", reg],
                   [f"{_pick(w['iban'], v)}: {_spaced_iban(spec.iban, v)}", f"{spec.seller.split()[0].lower()}.example"]]
        for c, column in enumerate(columns):
            for i, line in enumerate(column):
                text(14 + c * 64, 268 + i * 4, line, size=6.5)

    def item_head(y: float) -> float:
        for i, head in enumerate(ITEM_HEADS[lang][spec.variant % 3]):
            text((14, 22, 100, 120, 150, 165)[i], y, head, bold=True, size=8)
        return y + 6

    y = item_head(header(1))
    limit = 255 if spec.layout == "supplier_bottom" else 270
    running = Decimal(0)
    page_no = 1
    for n, (desc, qty, price, rate) in enumerate(spec.lines, 1):
        if y > limit - 12 and pages > 1 and page_no == 1:
            text(110, y + 1, CARRIED[lang][0], bold=True, size=8)
            text(165, y + 1, money_text(spec, running), bold=True, size=8, width=26, align="R")
            footer(page_no)
            page_no = 2
            y = header(2)
            text(110, y, CARRIED[lang][1], bold=True, size=8)
            text(165, y, money_text(spec, running), bold=True, size=8, width=26, align="R")
            y = item_head(y + 7)
        running += item_row(text, spec, y, n, desc, qty, price, rate)
        y += 5.5
    y += 6
    rows = totals_rows(spec)
    x0 = 14 if spec.totals_left else 110
    for i, (label, value) in enumerate(rows):
        last = i == len(rows) - 1
        text(x0, y + i * 6, label, bold=last, width=56)
        text(x0 + 56, y + i * 6, value, bold=last, width=34, align="R")
    y += 6 * len(rows) + 4
    for note in notes_after_totals(spec):
        text(14, y, note, size=8)
        y += 5
    if spec.layout != "supplier_bottom":
        text(14, y + 3, f"{_pick(w['iban'], v)}: {_spaced_iban(spec.iban, v)}")
    footer(page_no)
    return bytes(pdf.output())
