"""Template-free line items: a table found by its header words, rows read by column.

An items table announces itself with a header line naming at least a description column
and an amount or price column (in the eight languages of labels.py). Each later line up
to a totals label is either an item (a description and numbers) or the continuation of
the item above (words only, under the description column). Numbers are given to the
header column nearest above them. The table may stop at a page break and go on under the
same header on the next page.

The result is only returned when it checks out: the amounts add up to the net or the
total, or every row's quantity x unit price is its amount. Wrong items are worse than
none (they would mislead purchase-order matching), so a doubtful table yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from backoffice_auto.invoices.extract.layout import Layout, Line, Word
from backoffice_auto.invoices.extract.model import InvoiceLine
from backoffice_auto.invoices.extract.textnum import parse_amount

COLUMNS: dict[str, str] = {
    "description": r"description|descr\.?|item|items|article|product(?:\s+title)?|service|services|"
                   r"bezeichnung|beschreibung|artikelbezeichnung|leistung|produkt|"
                   r"désignation|libellé|descripción|concepto|detalle|nazwa(?:\s+towaru)?|opis|"
                   r"název|popis|položka|označení(?:\s+dodávky)?|omschrijving|artikel|descrizione|prodotto",
    "quantity": r"qty|quantity|quantité|qté|menge|anzahl|stück|cantidad|cant\.|ilość|množství|počet|"
                r"aantal|hoeveelheid|quantità|q\.tà|nombre|units?",
    "unit_price": r"unit\s+price|price|rate|unit\s+cost|einzelpreis|preis|e-preis|vk-preis|nettopreis|"
                  r"prix(?:\s+unitaire)?(?:\s+ht)?|p\.\s?u\.(?:\s+ht)?|precio(?:\s+unitario)?|"
                  r"cena(?:\s+jedn(?:\.|ostkowa)?)?(?:\s+netto)?|cena\s+za\s+mj|"
                  r"jedn\.\s+cena|prijs(?:\s+per\s+stuk)?|stuksprijs|prezzo(?:\s+unitario)?",
    "amount": r"amount|line\s+total|total|net\s+amount|betrag|gesamt(?:preis)?|zeilenbetrag|entgelt|summe|"
              r"montant(?:\s+ht)?|prix\s+ht|total\s+ht|importe|total|wartość(?:\s+netto)?|kwota|částka|"
              r"celkem|bedrag|totaal|prijs\s+incl\.?\s+btw|importo|totale",
    # amount columns that say which amount they hold: with an explicitly net column the line's
    # amount is that one, never the gross or the VAT printed beside it ("Wartość netto | VAT |
    # Kwota VAT | Wartość brutto", "Bez DPH | DPH | Celkem"); a gross column alone is the amount
    "net_amount": r"wartość\s+netto|bez\s+dph|total\s+ht|montant\s+ht|net\s+amount|nettobetrag|importe\s+neto|"
                  r"netto|net",
    "gross": r"wartość\s+brutto|brutto(?:betrag)?|gross(?:\s+amount)?|total\s+ttc|montant\s+ttc|ttc|"
             r"celkem\s+s\s+dph|s\s+dph|total\s+incl\.?(?:\s*(?:vat|tax))?|incl\.?\s*(?:vat|btw|mwst)",
    "tax_amount": r"kwota\s+vat|vat\s+amount|tax\s+amount|montant\s+(?:de\s+la\s+)?tva|cuota(?:\s+iva)?|"
                  r"částka\s+dph|mwst\.?-?\s*betrag|ust\.?-?\s*betrag|steuerbetrag|btw[-\s]bedrag|importo\s+iva",
    "discount": r"disc\.?\s*%?|discount|rem\.?|remise|rabatt\s*%?|descuento|dto\.?|rabat|sleva|korting|sconto",
    "tax_rate": r"vat\s*%?|tax(?:es)?\s*%?|tax\s+rate|mwst\.?\s*%?|ust\.?\s*%?|steuer(?:satz)?|tva\s*%?|"
                r"iva\s*%?|vat\s*\[%\]|dph\s*%?|sazba|btw\s*%?|aliquota",
}
_COLUMN_RES = {k: re.compile(r"(?<!\w)(?:" + v + r")(?![^\W\d])", re.I) for k, v in COLUMNS.items()}
_STOP = re.compile(r"(?<!\w)(?:zahlungsbedingungen|payment\s+terms|umsatzsteuer\w*|vat\s+summary|tax\s+summary|"
                   r"zu-\s+und\s+abschläge|belegsummen|conditions\s+de\s+paiement|total|totaal|totale|summe|gesamt|"
                   r"montant\s+total|razem|celkem|suma|tax\s+\d|vat\s+\d|mwst\s+\d|tva\s+\d)(?![^\W\d])",
                   re.I)
# A subtotal inside the table (after a section, before the tax) is not an item and does
# not end the table: more sections may follow.
_SUBTOTAL = re.compile(r"(?<!\w)(?:sub\s*-?\s*total|subtotaal|zwischensumme|übertrag|sous[-\s]total|total\s+ht|"
                       r"net\s+amount|nettobetrag|exclusief|base\s+imponible|imponibile)(?![^\W\d])", re.I)
# the rate column's marks for exempt and not-subject supplies (Polish "zw", "np", Czech "osv"):
# a rate of 0 % in the row's numbers
_EXEMPT = re.compile(r"^(?:zw|np|oo|osv)\.?$", re.I)
_NUMBER = re.compile(r"^[-−(]?(?:[€$£₹]|Rs\.?)?\s?-?\d[\d.,'\u00a0]*(?:\s?%)?\)?$")
_UNITS = re.compile(r"^(?:pcs?|pc\.|stk\.?|st\.?|ks|szt\.?|kg|g|l|m|m²|m2|h|hrs?|units?|unit\(s\)|liter\(s\)|"
                    r"ea|x|€|\$|£|%|eur|usd|gbp|pln|czk|rs\.?|vat|\(s\))$", re.I)


MAX_RATE = Decimal(30)  # no VAT or sales-tax rate in use is higher (27 % in Hungary)
_RATE_ONLY = re.compile(r"[-−]?\d{1,2}(?:[.,]\d{1,2})?\s?%")
_GROUP_HEAD = re.compile(r"^[-−]?(?:[€$£]\s?)?\d{1,3}(?:\s\d{3})*$")
_GROUP_TAIL = re.compile(r"^\d{3}(?:[.,]\d{1,2})?(?:\s?[€$£])?$")


@dataclass
class Column:
    kind: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def _header(line: Line) -> list[Column] | None:
    text = line.text
    if len(line.words) < 3 or not _COLUMN_RES["description"].search(text):
        return None  # the cheap test first: most lines name no description column
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _COLUMN_RES.items():
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), kind))
    rank = {"net_amount": 0, "gross": 0, "tax_amount": 0}  # the specific name wins a tie with "amount"
    found.sort(key=lambda t: (t[0], -(t[1] - t[0]), rank.get(t[2], 1)))
    columns: list[Column] = []
    taken_until = -1
    offsets = [(start, end, word) for (start, end), word in zip(line.spans, line.words)]
    for start, end, kind in found:
        if start < taken_until:
            continue
        words = [w for s, e, w in offsets if s < end and start < e]
        if words:
            columns.append(Column(kind, words[0].x0, words[-1].x1))
            taken_until = end
    kinds = [c.kind for c in columns]
    if "description" not in kinds or not ({"amount", "net_amount", "gross", "unit_price"} & set(kinds)) \
            or len(columns) < 3:
        return None
    # a header is short cells, not a sentence that happens to hold the words
    if len(line.words) > 3 * len(columns) + 2:
        return None
    return columns


def _is_number(word: Word) -> bool:
    return bool(_NUMBER.match(word.text))


def _row_values(words: list[Word], columns: list[Column], decimal: str | None) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    numeric = [c for c in columns if c.kind != "description"]
    for word in words:
        value = parse_amount(word.text.rstrip("%"), decimal)
        if value is None:
            continue
        centre = (word.x0 + word.x1) / 2
        col = min(numeric, key=lambda c: min(abs(centre - c.centre), abs(word.x1 - c.x1), abs(word.x0 - c.x0)))
        if "%" in word.text and any(c.kind == "tax_rate" for c in numeric):
            col = next(c for c in numeric if c.kind == "tax_rate")
        if col.kind == "tax_rate" and not (0 <= value <= MAX_RATE):
            continue  # "DPH | 2 100,00": a column of VAT amounts under a word that also names a rate
        values[col.kind] = value  # the rightmost number of a column wins
    values.pop("discount", None)
    values.pop("tax_amount", None)
    net, gross = values.pop("net_amount", None), values.pop("gross", None)
    if net is not None:
        values["amount"] = net
    elif "amount" not in values and gross is not None:
        values["amount"] = gross
    return values


def _description_column(columns: list[Column]) -> Column:
    """The item text column; with two ("Artikel | Omschrijving"), the right one (the left is a code)."""
    return [c for c in columns if c.kind == "description"][-1]


def _split_row(line: Line, columns: list[Column], cw: float) -> tuple[list[Word], list[Word]]:
    """(text words, number words): numbers are the trailing run of numbers, units and
    currency signs under the columns right of the description (a description may end in
    "2010"), plus leading numbers under columns left of it ("Menge" before "Beschreibung")."""
    desc = _description_column(columns)
    right = [c for c in columns if c.kind != "description" and c.x0 > desc.x0]
    left = [c for c in columns if c.kind != "description" and c.x1 <= desc.x0]
    first_numeric_x = min((c.x0 for c in right), default=float("inf"))
    words = list(line.words)
    numbers: list[Word] = []
    words = [Word("0%", w.x0, w.x1, w.top, w.bottom, w.page) if _EXEMPT.match(w.text) and k >= len(words) - 4 else w
             for k, w in enumerate(words)]
    while words and (_is_number(words[-1]) or _UNITS.match(words[-1].text)) \
            and (words[-1].x1 + words[-1].x0) / 2 >= first_numeric_x - 3 * cw:
        numbers.insert(0, words.pop())
    while numbers and not _is_number(numbers[0]):  # "1 kg": the unit stays with its words
        words.append(numbers.pop(0))
    leading: list[Word] = []
    if left:
        while words and _is_number(words[0]) and words[0].x1 <= desc.x0 + cw:
            leading.append(words.pop(0))
    merged: list[Word] = []
    for word in leading + numbers:  # "21 %" printed as two words is one percentage
        if word.text == "%" and merged and _is_number(merged[-1]) and "%" not in merged[-1].text:
            prev = merged.pop()
            word = Word(prev.text + "%", prev.x0, word.x1, prev.top, prev.bottom, prev.page)
        elif merged and _GROUP_HEAD.match(merged[-1].text) and _GROUP_TAIL.match(word.text) \
                and word.x0 - merged[-1].x1 < cw:  # "1 234,56": thousands set apart by a space
            prev = merged.pop()
            word = Word(prev.text + word.text, prev.x0, word.x1, prev.top, prev.bottom, prev.page)
        merged.append(word)
    return words, [w for w in merged if _is_number(w)]


def read_line_items(layout: Layout, net: Decimal | None, total: Decimal | None,
                    decimal: str | None = None, stops: set[int] | frozenset = frozenset(),
                    subtotals: set[int] | frozenset = frozenset(), ends: set[int] | frozenset = frozenset(),
                    ) -> tuple[InvoiceLine, ...]:
    """Line items of the items table, or () when none is found or it does not check out.
    `stops`: indexes of lines that end a table when they carry numbers (they start with a
    tax or total label); `ends`: lines that end it anyway (a VAT summary's header row);
    `subtotals`: lines that start with a net label (skipped; the table goes on)."""
    cw = layout.char_width
    items: list[dict] = []
    columns: list[Column] | None = None
    current: dict | None = None
    last_item_line: Line | None = None
    last_line: Line | None = None
    for line in layout.lines:
        header = _header(line)
        if header is not None:
            columns, current, last_line = header, None, line
            pos_column = bool(re.match(r"(?i)(?:pos\.?|nr\.?|#|lp\.?|no\.?|č\.?|ligne)$", line.words[0].text))
            continue
        if columns is None:
            continue
        if last_line is not None and line.page != last_line.page:
            columns = None  # a new page: the table goes on only under a repeated header
            last_line = line
            continue
        last_line = line
        has_number = any(_is_number(w) for w in line.words)
        if (has_number and line.index in stops) or line.index in ends:
            columns = None  # the table ended; another header may follow on the next page
            continue
        if has_number and (line.index in subtotals or _SUBTOTAL.search(line.text)):
            current = None  # a section's subtotal: neither an item nor the table's end
            continue
        if has_number and _STOP.search(line.text):
            columns = None
            continue
        words_in = line
        if pos_column and len(line.words) > 1 and re.fullmatch(r"\d{1,3}\.?", line.words[0].text) \
                and line.words[0].x1 <= columns[0].x0 + 4 * cw:
            words_in = Line(line.words[1:], line.page, line.index)  # the position number
        text_words, numbers = _split_row(words_in, columns, cw)
        values = _row_values(numbers, columns, decimal)
        description = " ".join(w.text for w in text_words)
        if values and _RATE_ONLY.fullmatch(description):
            # "21 %  4.947,60  1.039,00  5.986,60": a VAT recap row, the items are over; the
            # words just above it were the recap's header, not the last item's description
            if current is not None and last_item_line is not None and last_item_line.index == line.index - 1 \
                    and "\n" in current["description"]:
                current["description"] = current["description"].rsplit("\n", 1)[0]
            columns = None
            continue
        if values and ("amount" in values or "unit_price" in values) and description:
            sku = None
            m = re.match(r"^\[([^\]]+)\]\s*|^\*(\d+)\*\s*", description)
            if m:
                sku = m.group(1)
                description = description[m.end():]
            descs = [c for c in columns if c.kind == "description"]
            if sku is None and len(descs) >= 2 and len(text_words) > 1 and text_words[0].x1 < descs[-1].x0:
                sku, description = text_words[0].text, " ".join(w.text for w in text_words[1:])
            current = {"description": description, "sku": sku, **values}
            items.append(current)
            last_item_line = line
        elif description and not values and current is not None and last_item_line is not None:
            near = line.page == last_item_line.page and line.top - last_item_line.bottom < 3 * (
                last_item_line.bottom - last_item_line.top) and text_words[0].x0 >= \
                _description_column(columns).x0 - 2 * cw
            if near and current["description"].count("\n") < 4:
                current["description"] += "\n" + description
                last_item_line = line
    if not items:
        return ()
    result = tuple(InvoiceLine(description=item["description"], quantity=item.get("quantity"),
                               unit_price=item.get("unit_price"), amount=item.get("amount"),
                               tax_rate=item.get("tax_rate"), sku=item.get("sku")) for item in items)
    return result if _checks_out(result, net, total) else ()


def _checks_out(lines: tuple[InvoiceLine, ...], net: Decimal | None, total: Decimal | None) -> bool:
    """The amounts add up to the net or the total (within 2 cents); or those of the priced
    items do, the others being fees already included in an item's price ("incl. levy")."""
    amounts = [ln.amount for ln in lines]
    if not amounts or any(a is None for a in amounts):
        return False
    priced = [ln.amount for ln in lines if ln.unit_price is not None]
    for subset in (amounts, priced):
        s = sum(subset, Decimal(0))
        if subset and any(t is not None and abs(s - t) <= Decimal("0.02") for t in (net, total)):
            return True
    return False
