"""A description that holds the other side's name, account and the payment's text as labelled parts.

Why: some banks put everything about the other side into one text. PKO BP's export has one
"Opis transakcji" holding `Rachunek nadawcy: 12 1140 ... Nazwa nadawcy: KOWALSKI JAN Adres
nadawcy: ... Tytuł: FV/123/2026` (in one cell, or one part per cell to the right of it); Czech,
Spanish, French and German banks write `Protiúčet: ... Název: ... VS: ...`, `Ordenante: ...
Concepto: ...`, `De : ... Motif : ...` (or `/DE ... /MOTIF ... /REF ...`), `Auftraggeber: ...
Verwendungszweck: ...`. Read as one text the payer's name and account were lost to matching,
and the invoice number drowned in addresses. `split_labelled` takes the parts apart by their
labels (the users' languages and the banks' English and German; a label is a known phrase
followed by a colon, or one of the French slash keys): the name, the account, a payment
reference, the payment's own text; a party's address is left out, and parts under labels not
known here stay in the text with their labels, as does anything before the first label. A text
with no known label, or whose one known label stands in the middle of its words (`Payment for
invoice 12, reference: ABC`), is left as it is.
"""

from __future__ import annotations

import re

from backoffice_auto.payments.readers.text import squeeze

#: Label phrases by field, compared case-insensitively, each followed by a colon in the text.
LABELS: dict[str, tuple[str, ...]] = {
    "account": (
        "rachunek odbiorcy", "rachunek nadawcy", "rachunek kontrahenta", "rachunek zleceniodawcy",
        "rachunek beneficjenta", "numer rachunku", "nr rachunku", "z rachunku", "na rachunek",
        "číslo účtu", "číslo protiúčtu", "protiúčet", "účet protistrany", "účet příjemce", "účet plátce",
        "cuenta", "cuenta ordenante", "cuenta beneficiario", "cuenta de origen", "cuenta de destino",
        "compte", "compte émetteur", "compte bénéficiaire", "iban", "iban du tiers", "iban zahlungsbeteiligter",
        "kontonummer", "konto", "gegenkonto", "account", "account number", "counterparty account", "from account",
        "to account", "payer account", "payee account", "beneficiary account"),
    "name": (
        "nazwa odbiorcy", "nazwa nadawcy", "nazwa kontrahenta", "nazwa zleceniodawcy", "nazwa beneficjenta",
        "odbiorca", "nadawca", "zleceniodawca", "kontrahent", "název protiúčtu", "název protistrany", "protistrana",
        "příjemce", "plátce", "ordenante", "beneficiario", "nombre ordenante", "nombre beneficiario", "de",
        "émetteur", "bénéficiaire", "donneur d'ordre", "tiers", "auftraggeber", "empfänger", "zahlungsempfänger",
        "name", "payer", "payee", "beneficiary", "counterparty", "counterparty name", "from", "to"),
    "reference": (
        "variabilní symbol", "vs", "referencje własne zleceniodawcy", "referencje", "referencia", "référence",
        "réf", "ref", "end to end", "end-to-end", "eref", "payment reference", "reference", "kundenreferenz",
        "mandatsreferenz"),
    "remittance": (
        "tytuł", "tytułem", "tytuł operacji", "tytuł przelewu", "zpráva pro příjemce", "zpráva", "popis",
        "concepto", "motif", "libellé", "verwendungszweck", "purpose", "description", "details", "message",
        "remittance information", "narrative"),
    # a party's address: left out of the text, which is what matching reads
    "address": (
        "adres odbiorcy", "adres nadawcy", "adres kontrahenta", "adres zleceniodawcy", "adresa příjemce",
        "adresa plátce", "adresa protistrany", "dirección ordenante", "dirección beneficiario",
        "adresse du tiers", "adresse émetteur", "adresse bénéficiaire", "payer address", "payee address",
        "counterparty address"),
}
_FIELD = {phrase: field for field, phrases in LABELS.items() for phrase in phrases}
# a known phrase, not inside a word, then a colon; longest first (`nazwa odbiorcy` before `odbiorca`)
_LABEL = re.compile(
    r"(?<![\w'])(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_FIELD, key=len, reverse=True))
    + r")\s*:(?!//)", re.IGNORECASE)
# French banks' libellés set their parts apart by slash keys: `VIR SEPA RECU /DE DUPONT SARL /MOTIF FACTURE 12`
_SLASH_KEYS = {"DE": "name", "MOTIF": "remittance", "REF": "reference", "REFDR": "reference", "REFDO": "reference",
               "IBAN": "account"}
_SLASH = re.compile(r"(?:(?<=\s)|^)/(" + "|".join(sorted(_SLASH_KEYS, key=len, reverse=True)) + r")(?=\s)")
_ACCOUNT = re.compile(r"[A-Z]{0,2}[0-9][0-9 /-]{6,40}[0-9A-Z]")


def split_labelled(text: str) -> dict[str, str] | None:
    """{"name", "account", "reference", "remittance"} from a labelled description, or None when the
    text is not one (no known label, or its one known label stands amid its words). A name, account or
    reference ends at a line break (the next cell of a description spread over cells), what follows
    stays in the text; an account is its number alone, grouped or not."""
    if not text or (":" not in text and "/" not in text):
        return None
    found = list(_LABEL.finditer(text))
    keyed = list(_SLASH.finditer(text))
    if len(keyed) >= 2 and not found:
        found, fields = keyed, {m[1]: _SLASH_KEYS[m[1]] for m in keyed}
    elif not found:
        return None
    else:
        fields = {m[1]: _FIELD[" ".join(m[1].lower().split())] for m in found}
    head = text[:found[0].start()]
    if len(found) == 1 and len(head.split()) > 3:
        return None  # `Payment for invoice 12, reference: ABC`: a sentence, not labelled parts
    parts: dict[str, list[str]] = {}
    kept = [head]
    for i, m in enumerate(found):
        value = text[m.end():found[i + 1].start() if i + 1 < len(found) else len(text)].strip(" \t,;")
        field = fields[m[1]]
        if field == "remittance":
            kept.append(value)
            continue
        first, _, rest = value.strip().partition("\n")
        first = first.strip(" \t,;")
        kept.append(rest)
        if field == "account":
            number = _ACCOUNT.search(first.upper())
            if number is None:
                kept.append(first)
                continue
            parts.setdefault(field, []).append(_compact(number.group()))
            kept.append(first[number.end():])
        elif field != "address" and first:
            parts.setdefault(field, []).append(squeeze(first))
    return {"name": " ".join(parts.get("name", ())), "account": next(iter(parts.get("account", ())), ""),
            "reference": " ".join(parts.get("reference", ())),
            "remittance": squeeze(" ".join(kept)).strip(" ,;")}


def _compact(number: str) -> str:
    """`12 1140 2004 ...` -> `12114020040000...`; a Czech `19-2000145399/0800` keeps its dash and slash."""
    return number.replace(" ", "") if "/" in number else re.sub(r"[\s-]", "", number)
