"""Template-free reading: fields from label words and the page layout, with a confidence each.

How a value is found: a label (labels.py, eight languages) on a visual line; the value is
the nearest fitting token right of it on the same line (up to the next label), else in the
lines just below it within the label's column (a header with its value underneath). Each
candidate gets a score from the label's weight and where the value sat. Amounts are then
chosen together: net + tax = total is a strong signal, so the best-scoring triple that adds
up wins over individually better-scored amounts that do not. VAT ids are validated with
python-stdnum and IBANs with schwifty; a party's identifiers are attributed to the buyer
when they sit under a buyer label ("Bill to", "Käufer", "Nabywca", ...).

The supplier's name, in order of trust: behind a seller label ("Verkäufer:", "Sold by");
a company name with a legal form (GmbH, s.r.o., Sp. z o.o., SARL, Ltd...), preferring the
one that recurs or sits by the register, bank and VAT lines (an unlabelled address window
is the buyer's); the account holder of the bank details; a name matching the invoice's own
web or mail domain; the letterhead line. Line items come from lineitems.py and payment
terms in the books' grammar from printed_terms.py.

Pure functions over a `Layout`; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import product

from backoffice_auto.invoices.extract.labels import (BUYER_LABELS, CREDIT_NOTE_WORDS, LABELS, LEGAL_FORMS,
                                             SELLER_LABELS)
from backoffice_auto.invoices.extract.layout import Layout, Line, Word
from backoffice_auto.invoices.extract.lineitems import read_line_items
from backoffice_auto.invoices.extract.model import ExtractedInvoice, SupplierInfo
from backoffice_auto.invoices.extract.printed_terms import terms_from_text
from backoffice_auto.invoices.extract.textnum import find_amounts, find_dates

AMOUNT_FIELDS = ("net", "tax", "total")
ISO_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "PLN", "CZK", "SEK", "NOK", "DKK", "HUF", "RON",
                  "BGN", "INR", "JPY", "CAD", "AUD", "CNY")
CURRENCY_WORDS = [
    (re.compile(r"\bUS\s*dollars?\b", re.I), "USD"), (re.compile(r"\beuros?\b", re.I), "EUR"),
    (re.compile(r"\bzł(?:otych)?\b|\bzl\b", re.I), "PLN"), (re.compile(r"\bKč\b|\bkorun\b"), "CZK"),
    (re.compile(r"\bRs\.?\s?-?\d"), "INR"), (re.compile(r"€"), "EUR"), (re.compile(r"£"), "GBP"),
    (re.compile(r"\$"), "USD"), (re.compile(r"₹"), "INR"),
]
_ISO_RE = re.compile(r"(?<![A-Z])(" + "|".join(ISO_CURRENCIES) + r")(?![A-Z])")
# the account holder of the bank details is the payee, normally the supplier
PAYEE_RE = re.compile(r"(?:titulaire\s+du\s+compte|account\s+(?:holder|name)|kontoinhaber|payable\s+to|"
                      r"beneficiary|bénéficiaire|beneficiario|titular\s+de\s+la\s+cuenta|majitel\s+účtu|"
                      r"rekeninghouder|ten\s+name\s+van|intestatario)\s*:?\s*([^\s:].{1,60}?)\s*(?:$|\s[-–|]\s)",
                      re.I)
DIRECT_DEBIT = re.compile(r"prélèvement|lastschrift|direct\s+debit|abgebucht|domiciliaci|polecenie\s+zapłaty|"
                          r"inkaso|incasso|machtiging|mandat|addebito", re.I)
ID_STOP = {"du", "vom", "of", "from", "dated", "date", "del", "z", "ze", "van", "le", "the", "datum"}
ID_SKIP = {":", "#", "no", "no.", "nr", "nr.", "n°", "nº", "number", "num", "num.", "numéro", "numero", "número",
           "č.", "č", "-", "–", "nummer", "of", "de", "la"}


@dataclass(frozen=True)
class Label:
    field: str
    weight: float
    line: Line
    start: int  # char offsets in line.text
    end: int
    x0: float
    x1: float


@dataclass(frozen=True)
class Candidate:
    value: object
    score: float
    line: int  # visual line index (for ordering and explanations)
    how: str  # "right" | "below" | "derived" | "pattern" ...


@lru_cache(maxsize=1)
def _label_patterns() -> list[tuple[str, re.Pattern, list[float]]]:
    """One alternation per field (a named group per label, to know its weight): ten
    searches a line instead of a hundred. No letter may touch a label on either side
    (digits may follow: "n°562044387")."""
    out = []
    for field, entries in LABELS.items():
        alternatives = "|".join(f"(?P<l{i}>{fragment})" for i, (fragment, _w) in enumerate(entries))
        out.append((field, re.compile(r"(?<!\w)(?:" + alternatives + r")(?![^\W\d])", re.I),
                    [w for _f, w in entries]))
    return out


def _offsets(line: Line) -> tuple[tuple[int, int], ...]:
    return line.spans


def _words_in(line: Line, start: int, end: int) -> list[Word]:
    return [w for w, (s, e) in zip(line.words, _offsets(line)) if s < end and start < e]


def _spans_gap(words: list[Word], max_gap: float) -> bool:
    return any(b.x0 - a.x1 > max_gap for a, b in zip(words, words[1:]))


def find_labels(line: Line, max_gap: float = float("inf")) -> list[Label]:
    """Labels on one line, longest first wins where two overlap; a label never spans a
    column gap wider than `max_gap` ("Montant | Total HT" are two cells, not "montant total")."""
    text = line.text
    # search each cell on its own, so a label cannot run across a column gap and hide a
    # shorter label that starts inside it
    cells, start = [], line.spans[0][0]
    for k in range(1, len(line.words)):
        if line.words[k].x0 - line.words[k - 1].x1 > max_gap:
            cells.append((start, line.spans[k - 1][1]))
            start = line.spans[k][0]
    cells.append((start, line.spans[-1][1]))
    bounds = [end for _start, end in cells[:-1]]
    found = set()
    for field, pattern, weights in _label_patterns():
        for m in pattern.finditer(text):
            if m.end() <= m.start():
                continue
            if not any(m.start() < b < m.end() for b in bounds):
                found.add((m.end() - m.start(), m.start(), m.end(), field, weights[int(m.lastgroup[1:])]))
                continue
            for cell_start, cell_end in cells:  # rare: search the cells it ran across
                if cell_end <= m.start() or cell_start >= m.end():
                    continue
                for n in pattern.finditer(text, max(cell_start, m.start()), cell_end):
                    if n.end() > n.start():
                        found.add((n.end() - n.start(), n.start(), n.end(), field, weights[int(n.lastgroup[1:])]))
    found = sorted(found)
    found.sort(key=lambda t: (-t[0], t[1]))
    taken: list[tuple[int, int]] = []
    labels = []
    for _length, start, end, field, weight in found:
        if any(s < end and start < e for s, e in taken):
            continue
        words = _words_in(line, start, end)
        if not words or _spans_gap(words, max_gap):
            continue
        taken.append((start, end))
        labels.append(Label(field, weight, line, start, end, words[0].x0, words[-1].x1))
    labels.sort(key=lambda lab: lab.start)
    return labels


@dataclass
class Page:
    """Lines with their labels, indexed for 'right of' and 'below' look-ups."""

    layout: Layout
    labels: dict[int, list[Label]]

    @classmethod
    def of(cls, layout: Layout) -> "Page":
        gap = layout.char_width * 3
        return cls(layout, {line.index: find_labels(line, gap) for line in layout.lines})

    def right_text(self, label: Label) -> str:
        """Text right of `label` on its line, up to the next label."""
        nxt = [lab.start for lab in self.labels[label.line.index] if lab.start >= label.end and lab.field != "_qual"]
        end = min(nxt) if nxt else len(label.line.text)
        return label.line.text[label.end:end]

    def _labelled(self, line: Line, words: list[Word]) -> bool:
        """True when one of `words` is part of a label (then the column belongs to that label)."""
        labs = [lab for lab in self.labels[line.index] if lab.field != "_qual"]
        return any(lab.x0 <= w.x1 and w.x0 <= lab.x1 for lab in labs for w in words)

    def below(self, label: Label, max_lines: int = 3) -> list[tuple[str, int]]:
        """Text of the words under `label` (its column), for the next few lines of its page."""
        out = []
        lines = self.layout.lines
        cw = self.layout.char_width
        height = max(label.line.bottom - label.line.top, 1.0)
        lo, hi = label.x0 - 2 * cw, max(label.x1, label.x0 + 8 * cw) + 2 * cw
        for line in lines[label.line.index + 1: label.line.index + 1 + max_lines * 2]:
            if line.page != label.line.page or line.top - label.line.bottom > height * (max_lines + 1.5):
                break
            words = [w for w in line.words if w.x1 >= lo and w.x0 <= hi]
            if words and self._labelled(line, words):
                break
            if words:
                out.append((" ".join(w.text for w in words), line.index))
            if len(out) >= max_lines:
                break
        return out


def _money_tokens(text: str, order: str) -> list[tuple[Decimal, str | None, bool]]:
    """Amounts in `text` that are not part of a date or a percentage: (value, currency, money-like)."""
    date_spans = [(s, e) for _d, s, e in find_dates(text, order)]
    out = []
    for value, cur, start, end in find_amounts(text):
        if any(s < end and start < e for s, e in date_spans):
            continue
        if re.match(r"\s?%", text[end:end + 2]):
            continue
        token = text[start:end]
        money_like = bool(re.search(r"[.,]\d{2}(?!\d)", token)) or cur is not None
        out.append((value, cur, money_like))
    return out


def _pick_amount(text: str, order: str, rightmost: bool = True) -> tuple[Decimal, bool] | None:
    tokens = _money_tokens(text, order)
    if not tokens:
        return None
    money = [t for t in tokens if t[2]] or tokens
    value, _cur, like = money[-1] if rightmost else money[0]
    return value, like


def _pick_id(text: str, strong: bool = False) -> str | None:
    """The document number right after a label. Behind a specific label ("Invoice number",
    "Faktura nr") a short number ("15") or one shaped like a date ("12/03/2024", common in
    Poland) is accepted; behind a vague one ("Invoice") it is not."""
    tokens = text.replace(":", " : ").split()
    for i, token in enumerate(tokens):
        low = token.lower().strip(".,;")
        if low in ID_SKIP:
            continue
        if low in ID_STOP:
            return None
        token = token.strip(".,;()")
        token = token.lstrip("#№°º:")
        if not token:
            continue
        # "F 1234K20/1234/12": a one-letter series prefix belongs to the number
        if len(token) == 1 and token.isalpha() and i + 1 < len(tokens) and re.match(r"\d", tokens[i + 1]):
            return token + " " + tokens[i + 1].strip(".,;")
        if not any(c.isdigit() for c in token) and not ("_" in token and len(token) > 3):
            return None
        if len(token) < 3 and not strong and not (i + 1 < len(tokens) and tokens[i + 1][:1].isdigit()):
            return None
        if not strong and find_dates(token) and re.fullmatch(r"[\d./-]+", token):
            continue
        return token
    return None


def _score_position(how: str) -> float:
    return {"right": 1.0, "below": 0.85}.get(how, 0.6)


def _collect(page: Page, field: str, order: str) -> list[Candidate]:
    cands: list[Candidate] = []
    for labels in page.labels.values():
        for label in labels:
            if label.field != field:
                continue
            if field == "payment_terms":  # a sentence: the rest of the line, labels and all
                rest = label.line.text[label.end:].strip(" :-")
                value = terms_from_text(label.line.text[label.start:]) or (rest if len(rest) > 2 else None)
                if value:
                    cands.append(Candidate(value, label.weight, label.line.index, "right"))
                continue
            places = [("right", page.right_text(label), label.line.index)]
            depth = 3 if field in AMOUNT_FIELDS else 1
            places += [("below", text, index) for text, index in page.below(label, max_lines=depth)]
            boost = 1.0
            if field == "issue_date" and label.weight < 0.5:
                on_line = page.labels[label.line.index]
                boost = 2.0 if any(lab.field == "invoice_number" for lab in on_line) else 1.0
            for how, text, index in places:
                value, extra = _value_for(field, text, order, how, label.weight)
                extra *= boost
                if value is None:
                    continue
                cands.append(Candidate(value, label.weight * _score_position(how) * extra, index, how))
                break
    return cands


def _value_for(field: str, text: str, order: str, how: str, weight: float = 1.0) -> tuple[object, float]:
    if field in AMOUNT_FIELDS:
        picked = _pick_amount(text, order, rightmost=(how == "right"))
        if picked is None:
            return None, 0.0
        return picked[0], (1.0 if picked[1] else 0.6)
    if field in ("issue_date", "due_date"):
        dates = find_dates(text, order)
        if not dates:
            return None, 0.0
        # a value far right of the label with other words before it is less sure
        return dates[0][0], (1.0 if dates[0][1] <= 4 else 0.8)
    if field in ("invoice_number", "po_number"):
        value = _pick_id(text, strong=weight >= 0.9)
        return value, 1.0
    if field == "payment_terms":
        value = text.strip(" :-")
        return (value or None), 1.0
    return None, 0.0


def date_order(layout: Layout) -> str:
    """'mdy' when the document's numeric dates are month-first (03/20/2023), else 'dmy'."""
    mdy = dmy = 0
    for line in layout.lines:
        for m in re.finditer(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{2,4})(?!\d)", line.text):
            a, b = int(m.group(1)), int(m.group(2))
            if a <= 12 < b:
                mdy += 1
            elif b <= 12 < a:
                dmy += 1
    return "mdy" if mdy > dmy else "dmy"


def _best(cands: list[Candidate]) -> Candidate | None:
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score, -c.line))


def _choose_amounts(page: Page, order: str) -> dict[str, Candidate]:
    """The (net, tax, total) that scores best, strongly preferring a triple that adds up."""
    pools: dict[str, list[Candidate]] = {}
    for field in AMOUNT_FIELDS:
        best_by_value: dict[Decimal, Candidate] = {}
        for cand in _collect(page, field, order):
            old = best_by_value.get(cand.value)
            if old is None or cand.score > old.score or (cand.score == old.score and cand.line > old.line):
                best_by_value[cand.value] = cand
        ranked = sorted(best_by_value.values(), key=lambda c: (-c.score, -c.line))[:16]
        pools[field] = ranked
    if pools["total"]:
        largest = max(abs(c.value) for c in pools["total"])
        pools["total"] = [Candidate(c.value, c.score + (0.15 if abs(c.value) == largest else 0.0), c.line, c.how)
                          for c in pools["total"]]
    best, best_score = {}, float("-inf")
    options = {f: [None] + pools[f] for f in AMOUNT_FIELDS}
    for net, tax, total in product(options["net"], options["tax"], options["total"]):
        score = sum(c.score for c in (net, tax, total) if c is not None)
        if net is not None and tax is not None and total is not None:
            if net.value + tax.value == total.value and total.value != 0:
                score += 2.0
            elif abs(net.value + tax.value - total.value) > Decimal("0.02"):
                score -= 0.5
        if net is not None and total is not None:
            if abs(net.value) > abs(total.value):
                score -= 1.0
            elif tax is None and net.value == total.value:
                score -= 0.2
        if tax is not None and net is not None and abs(tax.value) > abs(net.value) and net.value != 0:
            score -= 1.0
        if score > best_score:
            best_score = score
            best = {"net": net, "tax": tax, "total": total}
    chosen = {k: v for k, v in best.items() if v is not None}
    adds_up = len(chosen) == 3 and chosen["net"].value + chosen["tax"].value == chosen["total"].value
    if not adds_up:
        # without the arithmetic to confirm them, values under a column header or behind a
        # weak label are more often a line item than a total
        chosen = {k: v for k, v in chosen.items() if v.score >= 0.8 or k == "total"}
    out = {}
    for field, cand in chosen.items():
        conf = min(1.0, 0.6 + 0.4 * cand.score) if adds_up else min(0.8, 0.7 * cand.score)
        out[field] = Candidate(cand.value, conf, cand.line, cand.how)
    # derive the missing one of three when two are sure
    if "total" in out and "tax" in out and "net" not in out:
        out["net"] = Candidate(out["total"].value - out["tax"].value, 0.5, -1, "derived")
    elif "net" in out and "tax" in out and "total" not in out:
        out["total"] = Candidate(out["net"].value + out["tax"].value, 0.5, -1, "derived")
    elif "net" in out and "total" in out and "tax" not in out and out["net"].value <= out["total"].value:
        out["tax"] = Candidate(out["total"].value - out["net"].value, 0.4, -1, "derived")
    return out


def _currency(page: Page, order: str) -> Candidate | None:
    for cand in sorted(_collect_currency_labels(page), key=lambda c: -c.score):
        return cand
    counts: dict[str, float] = {}
    text = "\n".join(line.text for line in page.layout.lines)
    for code in _ISO_RE.findall(text):
        counts[code] = counts.get(code, 0) + 1.0
    for pattern, code in CURRENCY_WORDS:
        hits = len(pattern.findall(text))
        if hits:
            counts[code] = counts.get(code, 0) + 0.8 * hits
    if not counts:
        return None
    code = max(counts, key=lambda k: counts[k])
    total = sum(counts.values())
    return Candidate(code, min(0.9, 0.5 + 0.4 * counts[code] / total), -1, "pattern")


def _collect_currency_labels(page: Page) -> list[Candidate]:
    out = []
    for labels in page.labels.values():
        for label in labels:
            if label.field != "currency":
                continue
            text = page.right_text(label)
            m = re.search(r"(?<![A-Z])(" + "|".join(ISO_CURRENCIES) + r")(?![A-Z])", text)
            if m:
                out.append(Candidate(m.group(1), 0.95, label.line.index, "right"))
                continue
            for pattern, code in CURRENCY_WORDS:
                if pattern.search(text):
                    out.append(Candidate(code, 0.85, label.line.index, "right"))
                    break
    return out


VAT_RE = re.compile(
    r"(?<![A-Z0-9])(AT|BE|BG|CY|CZ|DE|DK|EE|EL|GR|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|GB|XI|CHE)"
    r"[\s.:-]{0,2}((?:[0-9A-Z][\s.-]?){7,13}[0-9A-Z])(?![0-9A-Za-z])")
NATIONAL_ID_RE = re.compile(r"(?i)(?<![\w])(nip|di[čc]|nif|cif|p\.?\s?iva|partita\s+iva)"
                            r"[\s.:#-]*(?:nr\.?|no\.?|n°)?[\s.:-]*([A-Z0-9][\dA-Z\s-]{6,14}[A-Z0-9])(?![\w])")
IBAN_RE = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30})(?![A-Z0-9])")


def _party_side(page: Page, line: Line, x0: float) -> str | None:
    """'buyer' or 'seller' when the nearest party label before `x0` on the line, or above it
    in its column (up to eight lines), says so."""
    head = " ".join(w.text for w in line.words if w.x0 < x0)
    buyer_at = max((m.start() for m in re.finditer(BUYER_LABELS, head, re.I)), default=-1)
    seller_at = max((m.start() for m in re.finditer(r"(?<![^\W\d_])(?:" + SELLER_LABELS + r")(?![^\W\d_])",
                                                     head, re.I)), default=-1)
    if buyer_at >= 0 or seller_at >= 0:
        return "buyer" if buyer_at > seller_at else "seller"
    cw = page.layout.char_width
    below = line
    for prev in reversed(page.layout.lines[max(0, line.index - 8): line.index]):
        # a party block is compact: a blank gap, a totals line or a field label above ends it
        height = max(below.bottom - below.top, 1.0)
        if prev.page != line.page or below.top - prev.bottom > 1.5 * height or any(
                lab.field not in ("_other", "_qual", "currency") for lab in page.labels.get(prev.index, ())):
            break
        below = prev
        near = " ".join(w.text for w in prev.words if w.x1 >= x0 - 30 * cw and w.x0 <= x0 + 30 * cw)
        if re.search(r"(?<![^\W\d_])(?:" + BUYER_LABELS + r")(?![^\W\d_])", near, re.I):
            return "buyer"
        if re.search(r"(?<![^\W\d_])(?:" + SELLER_LABELS + r")(?![^\W\d_])", near, re.I):
            return "seller"
    return None


def _best_vat(country: str, rest: str) -> tuple[str, bool]:
    """The longest run of `rest`'s space-separated groups that makes a valid VAT id with
    `country` ("DE 232 446 240 SWIFT" -> DE232446240); else all digits-bearing groups."""
    from stdnum.eu import vat as eu_vat

    country = "EL" if country == "GR" else country
    groups = [g for g in re.split(r"[\s.-]+", rest) if g]
    from stdnum import get_cc_module

    national = get_cc_module(country.lower() if country != "EL" else "gr", "vat") if country != "XI" else None
    for count in range(len(groups), 0, -1):
        compact = (country + "".join(groups[:count])).upper()
        try:
            if eu_vat.is_valid(compact) or (national is not None and national.is_valid(compact)):
                return compact, True
        except Exception:
            continue
    while len(groups) > 1 and not any(c.isdigit() for c in groups[-1]):
        groups.pop()
    return (country + "".join(groups)).upper(), False


def _vat_ids(page: Page) -> tuple[Candidate | None, str | None]:
    from stdnum import get_cc_module

    national = {"nip": "pl", "dič": "cz", "dic": "cz", "cif": "es", "nif": "es", "p.iva": "it", "piva": "it",
                "partita iva": "it", "p. iva": "it"}
    supplier: list[Candidate] = []
    buyer: list[str] = []
    for line in page.layout.lines:
        text = line.text
        found: list[tuple[str, int, bool]] = []
        for m in VAT_RE.finditer(text):
            compact, valid = _best_vat(m.group(1), m.group(2))
            labelled = bool(re.search(r"(?i)(?:vat|tva|btw|iva|ust|mwst|dič|dic|nip|tax|intra|id)"
                                      r"(?:\W{0,3}(?:nr|no|number|nummer|n°))?\W{0,12}$",
                                      text[: m.start()]))
            if valid or labelled:
                found.append((compact, m.start(), valid))
        for m in NATIONAL_ID_RE.finditer(text):
            key = re.sub(r"\s+", " ", m.group(1).lower())
            cc = national.get(key) or national.get(key.replace(" ", ""))
            digits = re.sub(r"[\s-]", "", m.group(2)).upper()
            if cc:
                module = get_cc_module(cc, "vat")
                if module is not None and module.is_valid(digits):
                    found.append((cc.upper() + digits, m.start(), True))
        for compact, start, valid in found:
            words = _words_in(line, start, start + 1)
            x0 = words[0].x0 if words else 0.0
            side = _party_side(page, line, x0)
            if side == "buyer":
                buyer.append(compact)
                continue
            score = 0.95 if valid else 0.4
            supplier.append(Candidate(compact, score, line.index, "pattern"))
    cand = None
    if supplier:
        cand = max(supplier, key=lambda c: (c.score, -c.line))
    buyer_vat = next((b for b in buyer if not cand or b != cand.value), None)
    return cand, buyer_vat


def _iban(page: Page) -> Candidate | None:
    from schwifty import IBAN

    best: Candidate | None = None
    lines = page.layout.lines
    for line in lines:
        text = line.text
        for m in IBAN_RE.finditer(text):
            raw = m.group(1)
            context = " ".join(prev.text for prev in lines[max(0, line.index - 3): line.index + 1])
            if DIRECT_DEBIT.search(context):
                continue
            try:
                iban = IBAN(raw).compact
                score = 0.95
            except Exception:
                labelled = re.search(r"(?i)iban\W{0,5}$", text[: m.start()])
                if not labelled:
                    continue
                iban, score = re.sub(r"\s", "", raw), 0.3
            if best is None or score > best.score:
                best = Candidate(iban, score, line.index, "pattern")
    return best


def _segments(line: Line, gap: float) -> list[str]:
    """The line cut at column gaps wider than `gap`: the cells a reader sees (spacing as in
    `line.text`, so a narrower column gap still shows as two spaces)."""
    out: list[str] = []
    spans = line.spans
    start = spans[0][0]
    for k in range(1, len(line.words)):
        if line.words[k].x0 - line.words[k - 1].x1 > gap:
            out.append(line.text[start:spans[k - 1][1]])
            start = spans[k][0]
    out.append(line.text[start:spans[-1][1]])
    return out


ISSUER_FACTS = re.compile(r"(?i)\b(?:hrb?|amtsgericht|handelsregister|registergericht|geschäftsführ\w*|rcs|siret|siren|"
                          r"capital|kvk|company\s+(?:no|number|reg)|registered|sitz|siège|regon|krs|iČo|ičo|"
                          r"iban|bic|swift|bank|vat|ust|tva|btw|nip|dič|cif|p\.?\s?iva)\b")


def _near_issuer_facts(lines: list[Line], index: int, anchors: set[int]) -> bool:
    """Is line `index` by the supplier's VAT id or IBAN, or among register and bank lines?"""
    if any(abs(index - a) <= 3 for a in anchors):
        return True
    nearby = lines[max(0, index - 2): index + 3]
    return sum(1 for ln in nearby if ISSUER_FACTS.search(ln.text) and ln.page == lines[index].page) >= 2


def _supplier_name(page: Page, anchors: set[int] = frozenset()) -> Candidate | None:
    """The issuer's name; `anchors` are the lines of the supplier's VAT id and IBAN."""
    lines = page.layout.lines
    gap = page.layout.char_width * 3
    seller_re = re.compile(r"^\W*(?:" + SELLER_LABELS + r")\b\s*:?", re.I)
    for line in lines:
        for seg in _segments(line, gap):
            m = seller_re.match(seg)
            # "Verkäufer:", "Sold By : X" or a heading alone; not "Lieferant GmbH" (a name)
            if not m or (":" not in seg[m.start(): m.end() + 2] and seg[m.end():].strip()):
                continue
            rest = _trim_name(seg[m.end():].strip(" :-"))
            if rest and _looks_like_name(rest) and not LEGAL_FORMS.fullmatch(rest):
                return Candidate(rest, 0.85, line.index, "right")
            for nxt in lines[line.index + 1: line.index + 6]:
                if nxt.page != line.page:
                    break
                for cell in _segments(nxt, gap):
                    if LEGAL_FORMS.search(cell):
                        return Candidate(_trim_name(cell), 0.85, nxt.index, "below")
            for nxt in lines[line.index + 1: line.index + 3]:
                cells = _segments(nxt, gap)
                if cells and _looks_like_name(cells[0]):
                    return Candidate(_trim_name(cells[0]), 0.6, nxt.index, "below")
    found: dict[str, list[tuple[str, int]]] = {}
    for line in lines:
        for cell in _segments(line, gap):
            m = LEGAL_FORMS.search(cell)
            if not m:
                continue
            # "Dupont SARL", or "SARL Dupont Frères" (the form first, the name after it)
            name = _trim_name(cell[: m.end()] if m.start() > 0 else cell)
            if m.start() == 0 and len(name.split()) < 2:
                continue
            if len(name) < 3 or re.search(r"\d{3,}", name) or not _looks_like_name(name):
                continue
            if _party_side(page, line, line.words[0].x0) == "buyer":
                continue
            found.setdefault(re.sub(r"[^a-z0-9]", "", name.lower()), []).append((name, line.index))
    if found:
        # the company whose name comes back (letterhead and footer), or sits by the bank
        # details and register entries, is the issuer; an unlabelled address window
        # (the buyer's, in DIN 5008 letters) shows its name only once
        def weight(key: str) -> tuple[float, int]:
            hits = found[key]
            score = 0.7 + (0.15 if len(hits) > 1 else 0.0)
            if any(_near_issuer_facts(lines, index, anchors) for _n, index in hits):
                score += 0.15
            return score, -hits[0][1]

        best_key = max(found, key=weight)
        name, index = found[best_key][0]
        return Candidate(name, round(min(weight(best_key)[0], 0.9), 3), index, "pattern")
    for line in lines:
        m = PAYEE_RE.search(line.text)
        if m and _looks_like_name(m.group(1)):
            return Candidate(_trim_name(m.group(1)), 0.6, line.index, "payee")
    domains = _own_domains(lines)
    if domains:  # a name that is also the domain of the invoice's web site or e-mail
        for line in lines:
            for cell in _segments(line, gap):
                key = re.sub(r"[^a-z0-9]", "", cell.lower())
                if len(key) >= 4 and any(key == d or (d.startswith(key) and len(key) >= 0.6 * len(d))
                                         for d in domains) and _looks_like_name(cell):
                    if _party_side(page, line, line.words[0].x0) != "buyer":
                        return Candidate(_trim_name(cell), 0.55, line.index, "domain")
    for line in lines[:8]:  # a letterhead: the top of the first page, no label on the line
        if line.page != 0:
            break
        cell = _segments(line, gap)[0]
        if page.labels[line.index] or "%" in cell:
            continue
        if _looks_like_name(cell) and _party_side(page, line, line.words[0].x0) != "buyer":
            return Candidate(_trim_name(cell), 0.3, line.index, "first-line")
    return None


_DOMAIN_RE = re.compile(r"(?:@|www\.|https?://(?:www\.)?)([a-z0-9][a-z0-9-]{2,62})\.[a-z]{2,}", re.I)
_MAIL_HOSTS = {"gmail", "googlemail", "yahoo", "outlook", "hotmail", "live", "icloud", "gmx", "web", "seznam",
               "wp", "onet", "orange", "free", "example", "fake", "test", "mail", "email", "aol", "protonmail"}


def _own_domains(lines: list[Line]) -> set[str]:
    """Second-level names of the web sites and mail domains printed (not public mail hosts)."""
    found = set()
    for line in lines:
        for m in _DOMAIN_RE.finditer(line.text):
            name = m.group(1).lower()
            if name not in _MAIL_HOSTS:
                found.add(name.replace("-", ""))
    return found


def _trim_name(text: str) -> str:
    """A name cell without what follows it (address, ids) or a leading seller label."""
    text = re.sub(r"^\W*(?:" + SELLER_LABELS + r")\s*:\s*", "", text, flags=re.I)
    text = re.split(r"\s[-–|·•]\s|\s{2,}|,\s+\d", text)[0]
    m = LEGAL_FORMS.search(text)
    if m and m.start() > 0:
        text = text[: m.end()]
    text = re.sub(r"^(?:name|nom|firma|company)\s*:\s*", "", text, flags=re.I)
    return text.strip(" ,;:-")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 8:
        return False
    if sum(c.isdigit() for c in text) > 2 or "@" in text or "www." in text.lower():
        return False
    if re.fullmatch(r"(?i)\W*(?:invoice|rechnung|facture|factura|faktura|factuur|fattura|receipt|tax invoice|"
                    r"payment receipt|kopie\s+factuur|\(.*\))\W*", text):
        return False
    if re.search(r"(?<![^\W\d_])(?:" + BUYER_LABELS + r")(?![^\W\d_])", text, re.I):
        return False
    return sum(c.isalpha() for c in text) >= 3


def read_generic(layout: Layout, known: frozenset[str] | set[str] = frozenset()) -> ExtractedInvoice:
    """Every field the labels and layout give, with a 0..1 confidence per field found.

    `known`: fields another reading (a template) already has, not looked for here: any of
    the scalar field names, `supplier.name`, `supplier.vat_id`, `supplier.iban`, `lines`.
    The amounts are chosen together, so they are skipped only when all three are known."""
    page = Page.of(layout)
    order = date_order(layout)
    values: dict[str, object] = {}
    confidence: dict[str, float] = {}

    for field in ("invoice_number", "issue_date", "due_date", "po_number", "payment_terms"):
        if field in known:
            continue
        cand = _best(_collect(page, field, order))
        if cand is not None:
            values[field] = cand.value
            confidence[field] = round(min(1.0, cand.score), 3)
    if "issue_date" not in values and "issue_date" not in known:
        for line in layout.lines:
            dates = find_dates(line.text, order)
            if dates:
                values["issue_date"] = dates[0][0]
                confidence["issue_date"] = 0.3
                break
    if "payment_terms" not in values and "payment_terms" not in known:  # terms in a sentence
        sentence_terms = terms_from_text("\n".join(line.text for line in layout.lines))
        if sentence_terms:
            values["payment_terms"] = sentence_terms
            confidence["payment_terms"] = 0.6
    issue, due = values.get("issue_date"), values.get("due_date")
    if isinstance(issue, date) and isinstance(due, date) and due < issue:
        confidence["due_date"] = min(confidence["due_date"], 0.3)

    if not set(AMOUNT_FIELDS) <= set(known):
        for field, cand in _choose_amounts(page, order).items():
            values[field] = cand.value
            confidence[field] = round(cand.score, 3)
    cur = _currency(page, order) if "currency" not in known else None
    if cur is not None:
        values["currency"] = cur.value
        confidence["currency"] = round(cur.score, 3)

    vat, buyer_vat = _vat_ids(page) if not {"supplier.vat_id", "buyer_vat_id"} <= set(known) else (None, None)
    iban = _iban(page) if "supplier.iban" not in known else None
    name = _supplier_name(page, {c.line for c in (vat, iban) if c is not None}) \
        if "supplier.name" not in known else None
    supplier = SupplierInfo(name=name.value if name else None, vat_id=vat.value if vat else None,
                            iban=iban.value if iban else None)
    for key, cand in (("supplier.name", name), ("supplier.vat_id", vat), ("supplier.iban", iban)):
        if cand is not None:
            confidence[key] = round(cand.score, 3)

    head = "\n".join(line.text for line in layout.lines[:25])
    document_type = "credit_note" if CREDIT_NOTE_WORDS.search(head) else "invoice"
    if isinstance(values.get("total"), Decimal) and values["total"] < 0:
        document_type = "credit_note"  # a negative total is a credit, whatever the title says
    stops, subtotals = set(), set()
    for index, labels in page.labels.items():
        if not labels or labels[0].start != 0 or labels[0].field not in AMOUNT_FIELDS:
            continue
        # "Subtotal 112.00" inside the table; "Net | VAT | Total" (a totals box) ends it
        if labels[0].field == "net" and not any(lab.field in ("tax", "total") for lab in labels):
            subtotals.add(index)
        else:
            stops.add(index)
    lines = () if "lines" in known else read_line_items(layout, values.get("net"), values.get("total"),
                                                         stops=stops, subtotals=subtotals)
    if document_type == "credit_note":  # a credit note's amounts are negative
        for field in AMOUNT_FIELDS:
            if isinstance(values.get(field), Decimal) and values[field] > 0:
                values[field] = -values[field]
        lines = tuple(replace(ln, amount=-abs(ln.amount)) if ln.amount is not None else ln for ln in lines)
    return ExtractedInvoice(
        source="generic", supplier=supplier, lines=lines,
        invoice_number=values.get("invoice_number"), issue_date=values.get("issue_date"),
        due_date=values.get("due_date"), currency=values.get("currency"),
        net=values.get("net"), tax=values.get("tax"), total=values.get("total"),
        confidence=confidence, po_number=values.get("po_number"), document_type=document_type,
        buyer_vat_id=buyer_vat, payment_terms=values.get("payment_terms"))
