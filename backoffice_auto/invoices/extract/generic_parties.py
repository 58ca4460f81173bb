"""Who sent the invoice, read without a template: VAT ids (python-stdnum) and the IBAN
(schwifty), each attributed to seller or buyer by the labels around it, and the supplier's
name in the order of trust described in generic.py. Pure functions over a `Page`."""

from __future__ import annotations

import re
from dataclasses import replace

from backoffice_auto.invoices.extract.currency import account_currency
from backoffice_auto.invoices.extract.labels import BUYER_LABELS, LEGAL_FORMS, SELLER_LABELS
from backoffice_auto.invoices.extract.layout import Line
from backoffice_auto.invoices.extract.generic_page import Candidate, Page, _words_in
from backoffice_auto.invoices.extract.own_party import NOBODY, OwnParty

PAYEE_RE = re.compile(r"(?:titulaire\s+du\s+compte|account\s+(?:holder|name)|kontoinhaber|payable\s+to|"
                      r"beneficiary|bénéficiaire|beneficiario|titular\s+de\s+la\s+cuenta|majitel\s+účtu|"
                      r"rekeninghouder|ten\s+name\s+van|intestatario)\s*:?\s*([^\s:].{1,60}?)\s*(?:$|\s[-–|]\s)",
                      re.I)

DIRECT_DEBIT = re.compile(r"prélèvement|lastschrift|direct\s+debit|abgebucht|domiciliaci|polecenie\s+zapłaty|"
                          r"inkaso|incasso|machtiging|mandat|addebito", re.I)

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
    aligned = _block_heading(page, line, x0)
    if aligned is not None:
        return aligned
    below = line
    for prev in reversed(page.layout.lines[max(0, line.index - 8): line.index]):
        # a party block is compact: a blank gap, a totals line or a field label above ends it
        height = max(below.bottom - below.top, 1.0)
        if prev.page != line.page or below.top - prev.bottom > 1.5 * height:
            break
        near = " ".join(w.text for w in prev.words if w.x1 >= x0 - 30 * cw and w.x0 <= x0 + 30 * cw)
        # the block's heading ("Invoice to:", "Bill to") may itself hold a label word
        if re.search(r"(?<![^\W\d_])(?:" + BUYER_LABELS + r")(?![^\W\d_])", near, re.I):
            return "buyer"
        if re.search(r"(?<![^\W\d_])(?:" + SELLER_LABELS + r")(?![^\W\d_])", near, re.I):
            return "seller"
        if any(lab.field not in ("_other", "_qual", "currency") for lab in page.labels.get(prev.index, ())):
            break
        below = prev
    return None

def _cell_bounds(line: Line, gap: float) -> list[tuple[float, float, str]]:
    """The cells of a line (words closer than `gap`): (x0, x1, text)."""
    cells: list[list] = []
    for word in line.words:
        if cells and word.x0 - cells[-1][1] <= gap:
            cells[-1][1] = word.x1
            cells[-1][2] += " " + word.text
        else:
            cells.append([word.x0, word.x1, word.text])
    return [tuple(c) for c in cells]


def _block_heading(page: Page, line: Line, x0: float) -> str | None:
    """'buyer' or 'seller' from the heading of the block `x0` sits in, looked for only in that
    block's own column: with the supplier's and the customer's blocks side by side ("Bill to |
    From", "Dodavatel | Odběratel"), the other block's heading or the fields box beside them
    must not decide. None when no heading is found in the column (the caller looks wider)."""
    gap = page.layout.char_width * 3
    cell = next((c for c in _cell_bounds(line, gap) if c[0] - 1 <= x0 <= c[1] + 1), None)
    if cell is None:
        return None
    left, right = cell[0], cell[1]
    below = line
    for prev in reversed(page.layout.lines[max(0, line.index - 8): line.index]):
        height = max(below.bottom - below.top, 1.0)
        if prev.page != line.page or below.top - prev.bottom > 1.5 * height:
            return None
        over = [c for c in _cell_bounds(prev, gap) if c[0] <= right and left - gap <= c[1]]
        for cx0, _cx1, text in over:
            if abs(cx0 - left) > gap:
                continue  # a heading starts where its block starts
            if re.search(r"(?<![^\W\d_])(?:" + BUYER_LABELS + r")(?![^\W\d_])", text, re.I):
                return "buyer"
            if re.search(r"(?<![^\W\d_])(?:" + SELLER_LABELS + r")(?![^\W\d_])", text, re.I):
                return "seller"
        labelled = any(lab.field not in ("_other", "_qual", "currency") and lab.weight >= 0.5
                       and lab.x0 <= right and left - gap <= lab.x1 for lab in page.labels.get(prev.index, ()))
        if not over or labelled:
            return None  # the block ended: a blank column, or a field label (a totals line) above it
        below = prev
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

def _national_vat(cc: str, rest: str) -> str | None:
    """The VAT id behind a national label ("NIP: 779-243-34-21", "DIČ: CZ27082440") with its
    country prefix, from the longest run of `rest`'s groups that is valid: on a two-column
    line the next column ("NIP: 7792433421  NIP: ...") is not part of the number."""
    from stdnum import get_cc_module

    module = get_cc_module(cc, "vat")
    if module is None:
        return None
    groups = [g for g in re.split(r"\s+", rest) if g]
    for count in range(len(groups), 0, -1):
        digits = re.sub(r"[\s-]", "", "".join(groups[:count])).upper()
        if digits.startswith(cc.upper()):
            digits = digits[len(cc):]
        try:
            if module.is_valid(digits):
                return cc.upper() + digits
        except Exception:
            continue
    return None

def _vat_ids(page: Page, own: OwnParty = NOBODY, iban: str | None = None) -> tuple[Candidate | None, str | None]:
    """The supplier's VAT id and the buyer's. Of several valid ids on no party's side, the one
    of the country of the supplier's account, and the one printed with it (a footer
    "name | VAT id | IBAN"), is the supplier's; then the first printed."""
    from stdnum import get_cc_module

    national = {"nip": "pl", "dič": "cz", "dic": "cz", "cif": "es", "nif": "es", "p.iva": "it", "piva": "it",
                "partita iva": "it", "p. iva": "it"}
    supplier: list[Candidate] = []
    buyer: list[str] = []
    for line in page.layout.lines:
        text = line.text
        found: list[tuple[str, int, bool]] = []
        accounts = [(a.start(), a.end()) for a in IBAN_RE.finditer(text) if _valid_iban(a.group(1))]
        for m in VAT_RE.finditer(text):
            if any(start <= m.start() < end for start, end in accounts):
                continue  # "PL51 1090 1014 ..." is an account, whatever its first groups spell
            compact, valid = _best_vat(m.group(1), m.group(2))
            labelled = bool(re.search(r"(?i)(?:vat|tva|btw|iva|ust|mwst|dič|dic|nip|tax|intra|id)"
                                      r"(?:\W{0,3}(?:nr|no|number|nummer|n°))?\W{0,12}$",
                                      text[: m.start()]))
            if valid or labelled:
                found.append((compact, m.start(), valid))
        pos = 0
        while m := NATIONAL_ID_RE.search(text, pos):
            pos = m.end(1)  # the next label may sit inside this match's over-long number
            key = re.sub(r"\s+", " ", m.group(1).lower())
            cc = national.get(key) or national.get(key.replace(" ", ""))
            compact = _national_vat(cc, m.group(2)) if cc else None
            if compact and not any(f[0] == compact for f in found):
                found.append((compact, m.start(), True))
        for compact, start, valid in found:
            words = _words_in(line, start, start + 1)
            x0 = words[0].x0 if words else 0.0
            side = _party_side(page, line, x0)
            if side == "buyer" or own.is_vat(compact):  # ours is the buyer's, wherever printed
                buyer.append(compact)
                continue
            score = 0.95 if valid else 0.4
            if iban and compact[:2] == iban[:2].upper():
                score += 0.02
            if iban and re.sub(r"\s", "", iban[4:12]) in re.sub(r"\s", "", text):
                score += 0.01
            supplier.append(Candidate(compact, score, line.index, "pattern"))
    cand = None
    if supplier:
        cand = max(supplier, key=lambda c: (c.score, -c.line))
        if any(c.line == cand.line and c.value != cand.value and c.score >= cand.score - 0.03 for c in supplier):
            # two valid ids side by side and nothing says whose is whose: not a reading, a guess
            cand = Candidate(cand.value, min(cand.score, 0.5), cand.line, cand.how)
    buyer_vat = next((b for b in buyer if not cand or b != cand.value), None)
    if buyer_vat is None:  # two parties on an invoice: another valid id, on no side, is the buyer's
        others = sorted((c for c in supplier if c.value != cand.value and c.score >= 0.95), key=lambda c: c.line)
        buyer_vat = others[0].value if others else None
    return cand, buyer_vat

def _valid_iban(text: str) -> bool:
    from schwifty import IBAN

    try:
        IBAN(text)
    except Exception:
        return False
    return True

def _iban(page: Page, own: OwnParty = NOBODY, currency: str | None = None, currency_score: float = 0.9
          ) -> Candidate | None:
    """The supplier's IBAN: the first valid one outside a direct-debit mention. A footer may
    print several accounts, one per currency ("Účet EUR: IBAN ...", "Account (GBP): ..."):
    then the one named with the invoice's `currency` is the account to pay (as sure as that
    currency, `currency_score`), and when none tells them apart the first is only a guess (0.7),
    never a sure reading."""
    from schwifty import IBAN

    best: Candidate | None = None
    valid: list[tuple[Candidate, str | None]] = []
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
            if own.is_account(iban):
                continue
            cand = Candidate(iban, score, line.index, "pattern")
            if score == 0.95 and all(c.value != iban for c, _ in valid):
                valid.append((cand, account_currency(page, line, m.start(), m.end())))
            if best is None or score > best.score:
                best = cand
    if len(valid) < 2:
        return best
    if currency:
        named = [c for c, cur in valid if cur == currency]
        unnamed = [c for c, cur in valid if cur is None]
        if len(named) == 1 or (not named and len(unnamed) == 1):
            return replace((named or unnamed)[0], score=min(0.9, currency_score))
    return replace(valid[0][0], score=0.7)


def _segments(line: Line, gap: float) -> list[str]:
    """The line cut at column gaps wider than `gap`: the cells a reader sees (spacing as in
    `line.text`, so a narrower column gap still shows as two spaces)."""
    return [text for text, _x0 in _placed_segments(line, gap)]


def _placed_segments(line: Line, gap: float) -> list[tuple[str, float]]:
    """`_segments` with the left edge of each cell."""
    out: list[tuple[str, float]] = []
    spans = line.spans
    start, first = spans[0][0], 0
    for k in range(1, len(line.words)):
        if line.words[k].x0 - line.words[k - 1].x1 > gap:
            out.append((line.text[start:spans[k - 1][1]], line.words[first].x0))
            start, first = spans[k][0], k
    out.append((line.text[start:spans[-1][1]], line.words[first].x0))
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

def _heads_block_of(lines: list[Line], index: int, x0: float, anchors: set[int], cw: float) -> bool:
    """Is line `index` (a name starting at `x0`) the head of the block that holds one of the
    `anchors` (the supplier's VAT id and IBAN lines)? A block is the lines below it starting
    at the same left edge with no blank gap: a letterhead "name / street / city / SIRET /
    VAT id", whatever stands beside it in another column."""
    below = [a for a in anchors if index < a <= index + 8]
    if not below:
        return False
    previous = lines[index]
    for line in lines[index + 1: max(below) + 1]:
        height = max(previous.bottom - previous.top, 1.0)
        if line.page != previous.page or line.top - previous.bottom > 1.5 * height \
                or not any(abs(w.x0 - x0) <= 2 * cw for w in line.words):
            return False
        if line.index in anchors:
            return True
        previous = line
    return False


def _supplier_name(page: Page, anchors: set[int] = frozenset(), own: OwnParty = NOBODY) -> Candidate | None:
    """The issuer's name; `anchors` are the lines of the supplier's VAT id and IBAN; a name
    that is our own company's is never taken (the next in order of trust is)."""
    lines = page.layout.lines
    gap = page.layout.char_width * 3
    seller_re = re.compile(r"^\W*(?:" + SELLER_LABELS + r")\b\s*:?", re.I)
    for line in lines:
        for seg, seg_x0 in _placed_segments(line, gap):
            m = seller_re.match(seg)
            # "Verkäufer:", "Sold By : X" or a heading alone; not "Lieferant GmbH" (a name)
            if not m or (":" not in seg[m.start(): m.end() + 2] and seg[m.end():].strip()):
                continue
            rest = _trim_name(seg[m.end():].strip(" :-"))
            if rest and _looks_like_name(rest) and not LEGAL_FORMS.fullmatch(rest) and not own.is_name(rest):
                return Candidate(rest, 0.85, line.index, "right")
            below = _name_below_heading(page, line, seg_x0, gap, own)
            if below is not None:
                return below
    found: dict[str, list[tuple[str, int]]] = {}
    heads: set[str] = set()  # names at the head of the block holding the supplier's VAT id or IBAN
    for line in lines:
        for cell, cell_x0 in _placed_segments(line, gap):
            m = LEGAL_FORMS.search(cell)
            if not m:
                continue
            # "Dupont SARL", or "SARL Dupont Frères" (the form first, the name after it)
            name = _trim_name(cell[: m.end()] if m.start() > 0 else cell)
            if m.start() == 0 and len(name.split()) < 2:
                continue
            if len(name) < 3 or re.search(r"\d{3,}", name) or not _looks_like_name(name):
                continue
            if _party_side(page, line, cell_x0) == "buyer" or own.is_name(name):
                continue
            found.setdefault(re.sub(r"[^a-z0-9]", "", name.lower()), []).append((name, line.index))
            if _heads_block_of(lines, line.index, cell_x0, anchors, page.layout.char_width):
                heads.add(re.sub(r"[^a-z0-9]", "", name.lower()))
    if found:
        # the company whose name comes back (letterhead and footer), or sits by the bank
        # details and register entries, is the issuer; an unlabelled address window
        # (the buyer's, in DIN 5008 letters) shows its name only once
        def weight(key: str) -> tuple[float, int]:
            hits = found[key]
            score = 0.7 + (0.15 if len(hits) > 1 else 0.0)
            if any(_near_issuer_facts(lines, index, anchors) for _n, index in hits):
                score += 0.15
            if key in heads:  # its own block goes on to the VAT id or the IBAN
                score += 0.25
            return score, -hits[0][1]

        best_key = max(found, key=weight)
        name, index = found[best_key][0]
        return Candidate(name, round(min(weight(best_key)[0], 0.9), 3), index, "pattern")
    for line in lines:
        m = PAYEE_RE.search(line.text)
        if m and _looks_like_name(m.group(1)) and not own.is_name(_trim_name(m.group(1))):
            return Candidate(_trim_name(m.group(1)), 0.6, line.index, "payee")
    domains = _own_domains(lines)
    if domains:  # a name that is also the domain of the invoice's web site or e-mail
        for line in lines:
            for cell in _segments(line, gap):
                key = re.sub(r"[^a-z0-9]", "", cell.lower())
                if len(key) >= 4 and any(key == d or (d.startswith(key) and len(key) >= 0.6 * len(d))
                                         for d in domains) and _looks_like_name(cell) and not own.is_name(cell):
                    if _party_side(page, line, line.words[0].x0) != "buyer":
                        return Candidate(_trim_name(cell), 0.55, line.index, "domain")
    for line in lines[:8]:  # a letterhead: the top of the first page, no label on the line
        if line.page != 0:
            break
        cell = _segments(line, gap)[0]
        if page.labels[line.index] or "%" in cell:
            continue
        if _looks_like_name(cell) and _party_side(page, line, line.words[0].x0) != "buyer" \
                and not own.is_name(_trim_name(cell)):
            return Candidate(_trim_name(cell), 0.3, line.index, "first-line")
    return None

def _name_below_heading(page: Page, heading: Line, x0: float, gap: float,
                        own: OwnParty) -> Candidate | None:
    """The name under a seller heading ("Supplier", "Dodavatel"): a company name in the
    heading's column first (with the buyer's block beside it, the first cell of the line
    is the buyer's), then one anywhere on the next lines but in the buyer's block (a
    supplier whose legal form we do not know, "Transbud sp. j.", must not hand the name
    to the customer boxed beside it), then the first cell below in the heading's column."""
    lines = page.layout.lines
    following = [nxt for nxt in lines[heading.index + 1: heading.index + 6] if nxt.page == heading.page]
    for aligned in (True, False):
        for nxt in following:
            for cell, cell_x0 in _placed_segments(nxt, gap):
                if aligned and abs(cell_x0 - x0) > gap:
                    continue
                if not aligned and _party_side(page, nxt, cell_x0) == "buyer":
                    continue
                if LEGAL_FORMS.search(cell) and not own.is_name(_trim_name(cell)):
                    return Candidate(_trim_name(cell), 0.85, nxt.index, "below")
    for nxt in following[:2]:
        cells = [(c, cx0) for c, cx0 in _placed_segments(nxt, gap) if _party_side(page, nxt, cx0) != "buyer"]
        cell = next((c for c, cx0 in cells if abs(cx0 - x0) <= gap), cells[0][0] if cells else None)
        if cell and _looks_like_name(cell) and not own.is_name(_trim_name(cell)):
            return Candidate(_trim_name(cell), 0.6, nxt.index, "below")
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

EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b")
_NOT_ADDRESS = re.compile(r"(?i)@|www\.|https?:|\b(?:vat|ust|tva|btw|nip|di[čc]|i[čc]o?|regon|krs|cif|nif|siret|siren|"
                          r"iban|bic|swift|tel|phone|fax|e-?mail|hrb?|amtsgericht)\b")


def supplier_email(page: Page) -> Candidate | None:
    """The first e-mail address printed outside the buyer's block (the issuer's contact)."""
    for line in page.layout.lines:
        for m in EMAIL_RE.finditer(line.text):
            words = [w for w in line.words if m.group(0) in w.text] or line.words
            if _party_side(page, line, words[0].x0) != "buyer":
                return Candidate(m.group(0), 0.6, line.index, "pattern")
    return None


def supplier_address(page: Page, name: Candidate | None) -> Candidate | None:
    """Up to two lines right under the supplier's name, in its column, before its VAT id,
    bank or contact lines and before any field label ("Berlin", "Hlavní 12, 110 00 Praha 1")."""
    if name is None or name.how not in ("pattern", "below", "first-line", "right"):
        return None
    lines = page.layout.lines
    first = lines[name.line]
    x0, gap = first.words[0].x0, page.layout.char_width * 3
    parts: list[str] = []
    for line in lines[name.line + 1: name.line + 3]:
        if line.page != first.page or page.labels.get(line.index) or abs(line.words[0].x0 - x0) > 2 * gap:
            break
        cell = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", _segments(line, gap)[0]).split()).strip(" ,;")
        if not cell or _NOT_ADDRESS.search(cell) or LEGAL_FORMS.search(cell) or len(cell) > 80:
            break
        parts.append(cell)
    return Candidate(", ".join(parts), 0.5, name.line + 1, "below") if parts else None
