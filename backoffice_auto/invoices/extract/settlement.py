"""What the invoice asks to be paid, and how: deductions, rounding, the amount due, the reference.

An invoice that settles an advance prints its total and VAT as always, then deducts what was
paid before ("Less deposit", "Zaplaceno zálohou", "Zapłacono", "Acompte versé", "Anticipo")
and prints a smaller amount due ("Balance due", "K úhradě", "Pozostało do zapłaty", "Reste à
payer", "Importe pendiente"). The total stays the invoice's total (the books need it); the
amount due is what payables pays. Deductions and roundings count only in the totals block
(at or below the first line of the net, VAT or total chosen), so an item called "Anticipo de
obra" is never taken for one. Income tax the buyer withholds for the tax office ("Retención
IRPF -15%", "Ritenuta d'acconto") is deducted the same way, kept apart as `withheld`. The amount due is the last amount-due or total label below
the deductions; where the total was printed only as the amount due (Subtotal, VAT, Less
deposit, Balance due), the total is net plus VAT.

The payment reference is read behind its label (variable symbol, "Payment reference",
"Tytuł przelewu", "Référence de paiement", "Verwendungszweck", Finnish "Viitenumero"), else a
Belgian structured communication or a valid RF reference wherever it stands; its form is
normalised by `parties.payref` and its check digits are judged by the bill checks. Each
value carries the 1-based page it was printed on. Pure functions over the page view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from backoffice_auto.invoices.extract.generic_page import Candidate, Label, Page
from backoffice_auto.invoices.extract.textnum import money_tokens
from backoffice_auto.i18n import N_
from backoffice_auto.parties import payref

NOTE_BROUGHT_FORWARD = N_("the amount due adds a balance brought forward from earlier invoices; only this invoice's "
                          "total is entered and paid (the earlier invoices are bills of their own)")

# total labels that name the sum to pay, not the invoice's total
_DUE_WORDS = re.compile(r"(?i)due|payable|à\s+payer|a\s+pagar|úhrad|zapłaty|zu\s+zahlen|zahlbetrag|te\s+betalen|"
                        r"da\s+pagare|należność|balance|solde")
_REF_FIELDS = ("ref_vs", "ref_ks", "ref_ss", "ref_fi", "payment_reference")


@dataclass(frozen=True)
class Settlement:
    values: dict = field(default_factory=dict)  # net/tax/total corrections, prepaid, rounding, amount_due, reference
    confidence: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)


def _page(page: Page, index: int) -> int | None:
    return page.layout.lines[index].page + 1 if 0 <= index < len(page.layout.lines) else None


def _amount(page: Page, label: Label, order: str) -> Decimal | None:
    """The amount right of the label (the rightmost money-like one), else just below it."""
    texts = [page.right_text(label)] + [text for text, _ in page.below(label, max_lines=1)]
    for text in texts:
        tokens = [t for t in money_tokens(text, order) if t[2]]
        if tokens:
            return tokens[-1][0]
    return None


def _labels(page: Page, fields: tuple[str, ...], start: int) -> list[Label]:
    return [lab for index in sorted(page.labels) if index >= start
            for lab in page.labels[index] if lab.field in fields]


def read_settlement(page: Page, order: str, chosen: dict[str, Candidate], document_type: str,
                    nets: list[Candidate] = ()) -> Settlement:
    """Deductions, rounding and the amount due (when the invoice prints them) and the payment
    reference. `chosen`: the net, tax and total already chosen, each with its line; `nets`:
    every net amount found (the chosen net may have been derived from a total that was the
    amount due)."""
    out = Settlement()
    _reference(page, out)
    total = chosen.get("total")
    if total is not None and document_type == "credit_note":
        return _credit_withheld(page, order, chosen, out)
    if total is None:
        return out
    block = min((c.line for c in chosen.values() if c.line >= 0), default=0)
    deductions = [(lab, _amount(page, lab, order)) for lab in _labels(page, ("prepaid",), block)]
    deductions = [(lab, abs(v)) for lab, v in deductions if v is not None and v != 0]
    withholdings = [(lab, _amount(page, lab, order)) for lab in _labels(page, ("withheld",), block)]
    withholdings = [(lab, abs(v)) for lab, v in withholdings if v is not None and v != 0]
    roundings = [(lab, _amount(page, lab, order)) for lab in _labels(page, ("rounding",), block)]
    roundings = [(lab, v) for lab, v in roundings if v is not None and v != 0]
    after = max((lab.line.index for lab, _ in deductions + withholdings + roundings), default=total.line)
    dues = [(lab, _amount(page, lab, order)) for lab in _labels(page, ("amount_due",), block)]
    # below the deductions, any total label is what is left to pay; with none, only one that
    # says it is the sum to pay ("Balance due") and stands below the total
    dues += [(lab, _amount(page, lab, order)) for lab in _labels(page, ("total",), after + 1)
             if deductions or withholdings or roundings
             or (lab.line.index > total.line and _DUE_WORDS.search(lab.line.text[lab.start:lab.end]))]
    dues = [(lab, v) for lab, v in dues if v is not None]
    prepaid = sum((v for _, v in deductions), Decimal(0))
    withheld = sum((v for _, v in withholdings), Decimal(0))
    rounding = sum((v for _, v in roundings), Decimal(0))
    due_label, due = dues[-1] if dues else (None, None)
    if deductions:
        out.values["prepaid"] = prepaid
        out.confidence["prepaid"] = 0.9
        out.pages["prepaid"] = deductions[0][0].line.page + 1
    if withholdings:
        out.values["withheld"] = withheld
        out.confidence["withheld"] = 0.9
        out.pages["withheld"] = withholdings[0][0].line.page + 1
    if roundings:
        out.values["rounding"] = rounding
        out.confidence["rounding"] = 0.9
        out.pages["rounding"] = roundings[0][0].line.page + 1
    if due is None or (due == total.value and not deductions and not withholdings and not roundings):
        return out
    carried = [_amount(page, lab, order) for lab in _labels(page, ("brought_forward",), block)]
    carried_sum = sum((v for v in carried if v is not None), Decimal(0))
    if carried_sum and due == total.value - prepaid - withheld + rounding + carried_sum:
        out.values["brought_forward"] = carried_sum  # the account's balance, not this invoice's
        return out
    net, tax = chosen.get("net"), chosen.get("tax")
    gross = net.value + tax.value if net is not None and tax is not None else None
    if due == total.value and (deductions or withholdings or roundings):
        # the total was printed only as the amount due ("Subtotal, VAT, Less deposit, Balance due",
        # "Base imponible, IVA, Retención IRPF, Total factura"), or as an amount due equal to a
        # larger total printed above it
        wanted = total.value + prepaid + withheld - rounding
        printed_net = next((n for n in nets if tax is not None and n.value + tax.value == wanted), None)
        if gross == wanted or printed_net is not None or \
                any(c.value == wanted for c in _total_values(page, order, block)):
            out.values["total"] = wanted
            out.confidence["total"] = 0.9
            out.pages["total"] = _page(page, total.line) or 1
            if gross == wanted:  # net + VAT, less the deductions, is the sum printed: all confirmed
                out.confidence["net"] = out.confidence["tax"] = 0.9
        if printed_net is not None and gross != wanted:  # net + VAT adds up to the total before deductions
            out.values["net"] = printed_net.value
            out.confidence["net"] = out.confidence["tax"] = 0.9
    out.values["amount_due"] = due
    out.confidence["amount_due"] = 0.9
    out.pages["amount_due"] = due_label.line.page + 1
    return out


def _credit_withheld(page: Page, order: str, chosen: dict[str, Candidate], out: Settlement) -> Settlement:
    """A credit note is not paid, but one that corrects an invoice with income tax withheld
    corrects the withholding too: its total is net plus VAT (the printed sum is after the
    withholding), and the withholding is negative like its amounts."""
    net, tax, total = chosen.get("net"), chosen.get("tax"), chosen["total"]
    block = min((c.line for c in chosen.values() if c.line >= 0), default=0)
    amounts = [_amount(page, lab, order) for lab in _labels(page, ("withheld",), block)]
    withheld = sum((abs(v) for v in amounts if v is not None), Decimal(0))
    if not withheld or net is None or tax is None:
        return out
    gross = abs(net.value + tax.value)
    if gross - withheld == abs(total.value):
        out.values.update(total=gross, withheld=-withheld)
        out.confidence.update(total=0.9, withheld=0.9)
    return out


def _total_values(page: Page, order: str, start: int) -> list[Candidate]:
    out = []
    for lab in _labels(page, ("total",), start):
        value = _amount(page, lab, order)
        if value is not None:
            out.append(Candidate(value, lab.weight, lab.line.index, "right"))
    return out


def _ref_text(page: Page, label: Label) -> str:
    """The reference's cell right of its label (up to a column gap), else the cell below."""
    text = page.right_text(label).strip(" :#.-\t")
    text = re.split(r"\s{2,}", text)[0].strip() if text else ""
    if not text or not any(ch.isdigit() for ch in text):
        # nothing right of it, or the next label of a row of labels set over their values
        # ("Vystavena dne | Splatno dne | Variabilní symbol"): the value is in the cell below
        below = page.below(label, max_lines=1)
        under = below[0][0].strip() if below else ""
        if not text or any(ch.isdigit() for ch in under):
            text = under
    return _code(text)


def _code(text: str) -> str:
    """The reference without the words printed after it ("4711-ABC with your payment"): the
    leading tokens that hold a digit or are capitals ("FV 12/11/2026"), when they hold a digit."""
    run = []
    for token in text.split():
        if not (any(ch.isdigit() for ch in token) or token.isupper() or token in ("/", "-", "+")):
            break
        run.append(token)
    return " ".join(run) if any(ch.isdigit() for ch in "".join(run)) else text


def _weak_ref_text(page: Page, label: Label) -> str | None:
    """The value of a word that names a payment reference only sometimes ("Concepto",
    "Referencia": also the heading of an items column): a code alone in its cell right of
    it, or under it when its line is a row of labels over their values; never a
    description, a date or an amount."""
    text = page.right_text(label).strip(" :#.-\t")
    text = re.split(r"\s{2,}", text)[0].strip() if text else ""
    if not text and page.label_row(label.line):
        below = page.below(label, max_lines=1)
        text = below[0][0].strip() if below else ""
    return text if _CODE_ONLY.fullmatch(text) and not _AMOUNT_OR_DATE.fullmatch(text) else None


# one to three tokens, each with a digit or in capitals, with a digit among them ("CUST87182",
# "FS26/8582", "FRA 2026-0012")
_CODE_ONLY = re.compile(r"(?=[^\d]*\d)(?:[A-Z0-9][A-Z0-9/._-]*|[A-Za-z]*\d[\w/._-]*)(?:\s(?:[A-Z0-9][A-Z0-9/._-]*|[A-Za-z]*\d[\w/._-]*)){0,2}")
_AMOUNT_OR_DATE = re.compile(r"[\d\s.,/-]+")


def _reference(page: Page, out: Settlement) -> None:
    found: dict[str, tuple[str, int]] = {}
    for lab in _labels(page, _REF_FIELDS, 0):
        text = _ref_text(page, lab) if lab.weight >= 1.0 else _weak_ref_text(page, lab)
        if text and lab.field not in found:
            found[lab.field] = (text, lab.line.page + 1)
    ref, where = None, None
    if "payment_reference" in found:
        text, where = found["payment_reference"]
        ref = payref.parse(text)
    if (ref is None or ref.kind == "text") and "ref_vs" in found:
        digits = {k: re.split(r"\s", found[k][0])[0] for k in ("ref_vs", "ref_ks", "ref_ss") if k in found}
        ref = payref.parse(payref.czech_symbols(digits.get("ref_vs"), digits.get("ref_ks"), digits.get("ref_ss")),
                           "cz")
        where = found["ref_vs"][1]
    if (ref is None or ref.kind == "text") and "ref_fi" in found:
        text, where = found["ref_fi"]
        ref = payref.parse(text, "fi")
    if ref is None or ref.kind == "text":
        unlabelled = _unlabelled(page)
        if unlabelled is not None:
            ref, where = unlabelled
    if ref is not None:
        out.values["payment_reference"] = ref.value
        out.confidence["payment_reference"] = 0.9 if ref.kind != "text" else 0.8
        out.pages["payment_reference"] = where or 1


def _unlabelled(page: Page) -> tuple[payref.PaymentReference, int] | None:
    """A Belgian structured communication anywhere (its +++ frame cannot be anything else),
    else an RF reference whose check digits hold."""
    rf = None
    for line in page.layout.lines:
        ref = payref.parse(line.text) if ("+++" in line.text or "***" in line.text or "RF" in line.text.upper()) \
            else None
        if ref is None:
            continue
        if ref.kind == "ogm":
            return ref, line.page + 1
        if ref.kind == "rf" and rf is None and payref.problem(ref) is None:
            rf = (ref, line.page + 1)
    return rf
