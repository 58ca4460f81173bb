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
web or mail domain; the letterhead line. Line items come from lineitems.py, payment
terms in the books' grammar from printed_terms.py, and deductions, the amount due and the
payment reference from settlement.py.

The currency (and which printed account is in it) comes from currency.py, an issue date printed
after the place ("V Brně dne ...") from placedate.py, the lines whose figures are not the
document's amounts (a correction's before and after rows, amounts restated in another currency)
from figures_apart.py. The sums of a VAT recap table's rate rows come from vatrecap.py; the title
a document names itself by, from titles.py.
Pure functions over a `Layout`; no I/O. The page view (labels, right-of and below look-ups)
is in generic_page.py, the parties (VAT ids, IBAN, supplier name) in generic_parties.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import product

from backoffice_auto.invoices.extract.accounts import national_account
from backoffice_auto.invoices.extract.currency import read_currency, restated_lines
from backoffice_auto.invoices.extract.figures_apart import corrected_sides, without_figures
from backoffice_auto.invoices.extract.generic_page import Candidate, Label, Page
from backoffice_auto.invoices.extract.generic_parties import (
    _iban, _supplier_name, _vat_ids, supplier_address, supplier_email,
)
from backoffice_auto.invoices.extract.labels import (
    CREDIT_NOTE_WORDS, CREDIT_TYPE_CODES, DOCUMENT_TYPE_LINE, NO_VAT_CHARGED, SELF_BILLING,
)
from backoffice_auto.invoices.extract.layout import Layout, Line
from backoffice_auto.invoices.extract.lineitems import read_line_items
from backoffice_auto.invoices.extract.model import ExtractedInvoice, SupplierInfo
from backoffice_auto.invoices.extract.own_party import NOBODY, OwnParty
from backoffice_auto.invoices.extract.placedate import place_date
from backoffice_auto.invoices.extract.printed_terms import terms_from_text
from backoffice_auto.invoices.extract.titles import document_number_of_titled, is_title, title_rest
from backoffice_auto.invoices.extract.settlement import NOTE_BROUGHT_FORWARD, read_settlement
from backoffice_auto.invoices.extract.vatrecap import recap_sums
from backoffice_auto.invoices.extract.textnum import find_dates, money_tokens as _money_tokens, pick_amount as _pick_amount

AMOUNT_FIELDS = ("net", "tax", "total")
_NONE = Candidate(None, 0.0, -1, "derived")  # a field not chosen, in look-ups
# the account holder of the bank details is the payee, normally the supplier
ID_STOP = {"du", "vom", "of", "from", "dated", "date", "del", "z", "ze", "van", "le", "the", "datum"}
ID_SKIP = {":", "#", "no", "no.", "nr", "nr.", "n°", "nº", "number", "num", "num.", "numéro", "numero", "número",
           "č.", "č", "-", "–", "nummer", "of", "de", "la"}


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
        # "F 1234K20/1234/12", "FV 123/11/2026": a series prefix of capitals belongs to the number
        if (len(token) == 1 and token.isalpha() or re.fullmatch(r"[A-Z]{2,4}", token)) \
                and i + 1 < len(tokens) and re.match(r"\d", tokens[i + 1]):
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
            if field in ("invoice_number", "issue_date") and any(
                    lab.field == "_ref" for lab in page.labels[label.line.index]):
                continue  # the number and date of the invoice a credit note corrects
            if field == "payment_terms":  # a sentence: the rest of the line, labels and all
                rest = label.line.text[label.end:].strip(" :-")
                value = terms_from_text(label.line.text[label.start:]) or (rest if len(rest) > 2 else None)
                if value:
                    cands.append(Candidate(value, label.weight, label.line.index, "right"))
                continue
            if field == "invoice_number" and label.weight < 0.7 and is_title(page, label):
                found = _title_number(page, label)
                if found is not None:
                    cands.append(found)
                    continue
            places = [("right", page.right_text(label), label.line.index)]
            depth = 3 if field in AMOUNT_FIELDS else 1
            places += [("below", text, index) for text, index in page.below(label, max_lines=depth)]
            if field == "issue_date" and label.weight < 0.6 and _named_other_date(page, label, order):
                continue  # "Date de prestation", "Fecha de operación": a date named, not the invoice's
            boost = 1.0
            if field == "issue_date" and label.weight < 0.6:  # a bare "Date" beside the number or due label
                on_line = page.labels[label.line.index]
                boost = 2.0 if any(lab.field in ("invoice_number", "due_date") for lab in on_line) \
                    or _beside_number_label(page, label) else 1.0
            if field == "invoice_number" and document_number_of_titled(page, label):
                boost = 1.7  # "Document no." on a page titled "Tax invoice": the invoice's number
            grid = field not in AMOUNT_FIELDS and page.label_row(label.line)
            for how, text, index in places:
                value, extra = _value_for(field, text, order, how, label.weight)
                extra *= boost
                if value is None:
                    continue
                position = 1.0 if grid and how == "below" else _score_position(how)
                cands.append(Candidate(value, label.weight * position * extra, index, how))
                if not (field == "tax" and how == "below"):
                    break
                extra *= 0.9  # a tax column ("VAT" over one row per rate): each row is a candidate
    return cands


_IBAN_LIKE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")  # an account under a word, not a number
_AMOUNT_LIKE = re.compile(r"[\d\s.,'’]+[.,]\d{2}")


def _title_number(page: Page, label: Label) -> Candidate | None:
    """The number a document title carries: printed right after it ("FACTURE F-2026-0362",
    "Tax Invoice INV-88812") or alone in the title's column on the next line, as invoicing
    software sets the title over the number. A title is the surest place for it (0.9; 0.85
    below); a word, a date or an amount after the title is not a number."""
    rest = title_rest(page, label).strip()
    if rest:
        head = re.split(r"\s{2,}", rest)[0]
        token = _pick_id(head)
        if token and head.split()[-1].strip(".,;") == token.split()[-1] and not _AMOUNT_LIKE.fullmatch(token):
            return Candidate(token, 0.9, label.line.index, "right")
        return None
    below = page.below(label, max_lines=1)
    if below:
        text, index = below[0]
        token = _pick_id(text)
        if token and text.strip().strip(".,;") == token and not _AMOUNT_LIKE.fullmatch(token) \
                and not _IBAN_LIKE.fullmatch(token):
            return Candidate(token, 0.85, index, "below")
    return None


def _beside_number_label(page: Page, label: Label) -> bool:
    """A bare "Date" / "Fecha" / "Datum" label straight above or below the invoice number's own
    label, starting where it starts: the two rows of one box ("Facture n° : F2026 / Date :
    12/03/2026"), so the date is the invoice's."""
    lines = page.layout.lines
    for index in (label.line.index - 1, label.line.index + 1):
        if 0 <= index < len(lines) and lines[index].page == label.line.page and any(
                lab.field == "invoice_number" and lab.weight >= 0.9
                and abs(lab.x0 - label.x0) <= 2 * page.layout.char_width for lab in page.labels[index]):
            return True
    return False


_BARE_DATE = re.compile(r"(?i)(?:datum|date|fecha|data)\W*")


def _named_other_date(page: Page, label: Label, order: str) -> bool:
    """True when a bare date word ("Date", "Fecha", "Datum") goes on, in its own cell, with
    words that name which date it is, in wording no label knows ("Date de prestation",
    "Fecha de operación", "Date of service"): the supply, service or delivery date that such
    wording mostly names is not the issue date, so it must not be taken for one. A date
    printed after the word ("Date 3 March 2026", "Date: 12.03.2026") is its value, not words."""
    if not _BARE_DATE.fullmatch(label.line.text[label.start:label.end]):
        return False
    gap = page.layout.char_width * 3
    cell, last_x1 = [], label.x1
    for word, (start, _end) in zip(label.line.words, label.line.spans):
        if start < label.end:
            continue
        if word.x0 - last_x1 > gap:
            break
        cell.append(word.text)
        last_x1 = word.x1
    rest = " ".join(cell).strip(" :-")
    if not rest or not rest[0].isalpha():
        return False
    dates = find_dates(rest, order)
    return not (dates and dates[0][1] == 0)


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


def _choose_amounts(page: Page, order: str, no_vat: bool = False) -> dict[str, Candidate]:
    """The (net, tax, total) that scores best, strongly preferring a triple that adds up.
    `no_vat`: the invoice says it charges no VAT (reverse charge, not registered), so a net
    equal to the total is what it should print, not a sign of one amount read twice."""
    pools: dict[str, list[Candidate]] = {}
    for field in AMOUNT_FIELDS:
        best_by_value: dict[Decimal, Candidate] = {}
        for cand in _collect(page, field, order):
            old = best_by_value.get(cand.value)
            if old is None or cand.score > old.score or (cand.score == old.score and cand.line > old.line):
                best_by_value[cand.value] = cand
        ranked = sorted(best_by_value.values(), key=lambda c: (-c.score, -c.line))[:16]
        pools[field] = ranked
    summed = [pair for row in _sum_rows(page, order) for pair in zip(AMOUNT_FIELDS, row)]
    for field, cand in summed + recap_sums(page, order):
        if all(c.value != cand.value or c.score < cand.score for c in pools[field]):
            pools[field] = [c for c in pools[field] if c.value != cand.value] + [cand]
    if pools["total"]:
        largest = max(abs(c.value) for c in pools["total"])
        pools["total"] = [Candidate(c.value, c.score + (0.15 if abs(c.value) == largest else 0.0), c.line, c.how)
                          for c in pools["total"]]
    pools["tax"] += _tax_sums(pools)
    # Several triples may add up: a per-rate row (net, VAT and gross of one rate) does too.
    # The invoice's totals are the largest triple that adds up, not the first or best placed.
    consistent = [abs(t.value) for n, x, t in product(pools["net"], pools["tax"], pools["total"])
                  if n.value + x.value == t.value and t.value != 0]
    top = max(consistent, default=None)
    best, best_score = {}, float("-inf")
    options = {f: [None] + pools[f] for f in AMOUNT_FIELDS}
    for net, tax, total in product(options["net"], options["tax"], options["total"]):
        score = sum(c.score for c in (net, tax, total) if c is not None)
        if net is not None and tax is not None and total is not None:
            if net.value + tax.value == total.value and total.value != 0:
                score += 2.0 + (0.6 if abs(total.value) == top else 0.0)
            elif abs(net.value + tax.value - total.value) > Decimal("0.02"):
                score -= 0.5
        if net is not None and total is not None:
            if abs(net.value) > abs(total.value):
                score -= 1.0
            elif tax is None and net.value == total.value:
                score += 0.3 if no_vat else -0.2
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


def _sum_rows(page: Page, order: str) -> list[tuple[Candidate, Candidate, Candidate]]:
    """The row that sums a VAT recap table ("Razem | 250,00 | 39,50 | 289,50", "Total | Base |
    Cuota | Total"): a total label followed by three amounts of which the first two add up
    to the third are the invoice's net, VAT and gross, whatever the columns are called."""
    out = []
    for labels in page.labels.values():
        for label in labels:
            if label.field != "total":
                continue
            tokens = [t for t in _money_tokens(page.right_text(label), order) if t[2]]
            if len(tokens) < 3:
                continue
            net, tax, total = (t[0] for t in tokens[-3:])
            if net + tax == total and total != 0 and abs(tax) < abs(net):
                index = label.line.index
                out.append(tuple(Candidate(v, 0.9, index, "row") for v in (net, tax, total)))
    return out


def classify_document(head: str) -> str:
    """'credit_note' or 'invoice', from the top of the document: a stated document type
    ("Belegart: Gutschrift", "Type: 381") first; a self-billed invoice ("Gutschrift" under
    § 14 (2) UStG, "autofacturation") is an invoice whatever its title; else a credit
    note's title or number label ("Avoir", "Rechnungskorrektur Nr.") makes it one."""
    stated = DOCUMENT_TYPE_LINE.search(head)
    if stated:
        value = stated.group(1)
        if CREDIT_TYPE_CODES.match(value) or CREDIT_NOTE_WORDS.search(value.strip()):
            return "invoice" if SELF_BILLING.search(head) else "credit_note"
        return "invoice"
    if SELF_BILLING.search(head):
        return "invoice"
    return "credit_note" if CREDIT_NOTE_WORDS.search(head) else "invoice"


def _tax_sums(pools: dict[str, list[Candidate]]) -> list[Candidate]:
    """The VAT of an invoice with several rates is printed per rate (a row or a column each)
    and often nowhere in total: sums of two to four tax candidates, kept only where a net and
    a total candidate confirm them (net + sum = total)."""
    from itertools import combinations

    taxes = pools["tax"][:10]
    targets = {t.value - n.value for n in pools["net"] for t in pools["total"]}
    out: dict[Decimal, Candidate] = {}
    for size in (2, 3, 4):
        for group in combinations(taxes, size):
            if len({c.value.is_signed() for c in group}) > 1:
                continue
            value = sum((c.value for c in group), Decimal(0))
            if value in targets and value not in out and value != 0:
                out[value] = Candidate(value, min(c.score for c in group), max(c.line for c in group), "sum")
    return list(out.values())


def read_generic(layout: Layout, known: frozenset[str] | set[str] = frozenset(),
                 own: OwnParty = NOBODY) -> ExtractedInvoice:
    """Every field the labels and layout give, with a 0..1 confidence per field found.

    `known`: fields another reading (a template) already has, not looked for here: any of
    the scalar field names, `supplier.name`, `supplier.vat_id`, `supplier.iban`, `lines`.
    The amounts are chosen together, so they are skipped only when all three are known.
    `own`: our company's name, VAT id and accounts, never taken for the supplier's."""
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
    if confidence.get("issue_date", 0.0) < 0.8 and "issue_date" not in known:
        dated = place_date(layout, order)  # "V Brně dne 1. prosince 2026", "Valencia, 1 de ..."
        if dated and values.get("issue_date") in (None, dated[0]):
            values["issue_date"] = dated[0]
            confidence["issue_date"] = 0.9 if "issue_date" in confidence else 0.85
    if "issue_date" not in values and "issue_date" not in known:
        for line in layout.lines:  # the first date not labelled as another one's
            if any(lab.field in ("_other", "_ref", "due_date") for lab in page.labels[line.index]):
                continue
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

    amounts: dict[str, Candidate] = {}
    no_vat = bool(NO_VAT_CHARGED.search("\n".join(line.text for line in layout.lines)))
    # figures that are not the document's own amounts: "DPH v Kč" on a euro invoice, the before
    # and after rows of a correction ("Przed korektą", "Po korekcie"); chosen without them
    apart = restated_lines(page) | corrected_sides(layout)
    money_page = Page.of(without_figures(layout, apart)) if apart else page
    if not set(AMOUNT_FIELDS) <= set(known):
        amounts = _choose_amounts(money_page, order, no_vat)
        for field, cand in amounts.items():
            values[field] = cand.value
            confidence[field] = round(cand.score, 3)
    no_vat = no_vat and "total" in amounts
    if no_vat and "tax" not in amounts and "net" not in amounts:
        # "Neplátce DPH", "TVA non applicable, art. 293 B", reverse charge: no VAT is charged,
        # so none is printed; the net is the total
        values["net"], values["tax"] = amounts["total"].value, Decimal(0)
        confidence["net"] = confidence["tax"] = confidence["total"]
    elif no_vat and "net" in amounts and amounts["net"].how != "derived" \
            and amounts["net"].value == amounts["total"].value and (amounts.get("tax", _NONE).how == "derived" or amounts["tax"].value == 0):
        # a labelled net equal to the labelled total, on an invoice that says it charges no
        # VAT (reverse charge, not registered): net + 0 = total holds as printed
        values["tax"] = Decimal(0)
        confidence["net"] = confidence["tax"] = confidence["total"] = max(confidence["total"], 0.9)
    cur = read_currency(page, tuple(amounts[f].line for f in ("total",) if f in amounts)) \
        if "currency" not in known else None
    if cur is not None:
        values["currency"] = cur.value
        confidence["currency"] = round(cur.score, 3)

    iban = _iban(page, own, cur.value if cur else values.get("currency"), cur.score if cur else 0.9) \
        if "supplier.iban" not in known else None
    vat, buyer_vat = _vat_ids(page, own, iban.value if iban else None) \
        if not {"supplier.vat_id", "buyer_vat_id"} <= set(known) else (None, None)
    if iban is None and "supplier.iban" not in known:  # a national form: NRB, number/bank, BLZ, RIB...
        found = national_account(layout, vat.value if vat else None, own.is_account)
        iban = Candidate(*found, "national") if found else None
    name = _supplier_name(page, {c.line for c in (vat, iban) if c is not None}, own) \
        if "supplier.name" not in known else None
    address = supplier_address(page, name) if "supplier.address" not in known else None
    email = supplier_email(page) if "supplier.email" not in known else None
    supplier = SupplierInfo(name=name.value if name else None, vat_id=vat.value if vat else None,
                            iban=iban.value if iban else None, address=address.value if address else None,
                            email=email.value if email else None)
    for key, cand in (("supplier.name", name), ("supplier.vat_id", vat), ("supplier.iban", iban),
                      ("supplier.address", address), ("supplier.email", email)):
        if cand is not None:
            confidence[key] = round(cand.score, 3)

    head = "\n".join(line.text for line in layout.lines[:25])
    document_type = classify_document(head)
    if isinstance(values.get("total"), Decimal) and values["total"] < 0:
        document_type = "credit_note"  # a negative total is a credit, whatever the title says
    settled = read_settlement(money_page, order, amounts, document_type,
                              _collect(money_page, "net", order) if amounts else [])
    values.update(settled.values)
    confidence.update(settled.confidence)
    reference = values.get("payment_reference")
    if not values.get("invoice_number") and isinstance(reference, str) and reference.startswith("/VS/"):
        # a Czech or Slovak invoice printing its variable symbol and no number label: the
        # symbol is its number there (doubted, so the clerk is asked)
        values["invoice_number"] = reference.split("/")[2]
        confidence["invoice_number"] = 0.5
    stops, subtotals, ends = set(), set(), set()
    for index, labels in page.labels.items():
        if sum(lab.field in AMOUNT_FIELDS for lab in labels) >= 2 and \
                not any(ch.isdigit() for ch in layout.lines[index].text):
            ends.add(index)  # the header of a VAT summary ("Rate | Net | VAT | Gross") ends the items
            continue
        text = layout.lines[index].text.strip()
        if text.endswith(":") and not any(ch.isdigit() for ch in text) and any(
                lab.field in AMOUNT_FIELDS + ("rounding", "prepaid", "withheld", "amount_due") for lab in labels):
            ends.add(index)  # a heading of the totals ("Rekapitulace DPH v Kč:", "Zaokrouhlení:")
            continue
        if not labels or labels[0].start != 0 or labels[0].field not in AMOUNT_FIELDS + (
                "rounding", "prepaid", "withheld", "amount_due"):
            continue
        # "Subtotal 112.00" inside the table; "Net | VAT | Total" (a totals box) ends it
        if labels[0].field == "net" and not any(lab.field in ("tax", "total") for lab in labels):
            subtotals.add(index)
        else:
            stops.add(index)
    lines = () if "lines" in known else read_line_items(layout, values.get("net"), values.get("total"),
                                                         stops=stops, subtotals=subtotals, ends=ends)
    if document_type == "credit_note":  # a credit note's amounts are negative
        for field in AMOUNT_FIELDS:
            if isinstance(values.get(field), Decimal) and values[field] > 0:
                values[field] = -values[field]
        lines = tuple(replace(ln, amount=-abs(ln.amount)) if ln.amount is not None else ln for ln in lines)
    notes = (NOTE_BROUGHT_FORWARD,) if values.get("brought_forward") else ()
    return ExtractedInvoice(
        source="generic", notes=notes, supplier=supplier, lines=lines,
        invoice_number=values.get("invoice_number"), issue_date=values.get("issue_date"),
        due_date=values.get("due_date"), currency=values.get("currency"),
        net=values.get("net"), tax=values.get("tax"), total=values.get("total"),
        confidence=confidence, po_number=values.get("po_number"), document_type=document_type,
        buyer_vat_id=buyer_vat, payment_terms=values.get("payment_terms"), prepaid=values.get("prepaid"), withheld=values.get("withheld"),
        rounding=values.get("rounding"), amount_due=values.get("amount_due"),
        payment_reference=values.get("payment_reference"), pages=settled.pages)
