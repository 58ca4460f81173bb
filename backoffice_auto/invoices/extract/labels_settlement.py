"""Label words of what is settled on an invoice besides its totals, in en, de, fr, es, cs,
pl, nl and it: deposits deducted, rounding, tax withheld, a balance brought forward, the
amount left to pay and the payment reference.

Kept apart from `labels.py` (the fields and parties) so that each list of words stays a
size one can read; `labels.LABELS` takes these in, one table of labels for the reader.
"""

from __future__ import annotations

SETTLEMENT_LABELS: dict[str, list[tuple[str, float]]] = {}

# What the invoice deducts from its total because it was paid already: a deposit or advance
# (its own advance invoice), an earlier credit, part payments. The amount after such a label
# is taken as positive whatever sign it is printed with.
SETTLEMENT_LABELS["prepaid"] = [
    (r"less\s+(?:the\s+)?(?:deposits?|advances?|prepayments?|payments?(?:\s+received)?|amount\s+paid|credits?)(?:\s+(?:paid|received|applied))?|"
     r"deposits?\s+(?:paid|received)|advance\s+payments?(?:\s+(?:paid|received))?|advances?\s+(?:paid|received)|"
     r"prepayments?(?:\s+received)?|prepaid(?:\s+amount)?|already\s+paid|amount\s+paid|paid\s+to\s+date|total\s+paid|"
     r"payments?\s+received|payments?\s*/\s*credits?|credits?\s+applied|deposit", 1.0),
    (r"zaplaceno\s+(?:zálohou|zálohami|předem)|uhrazeno\s+(?:zálohou|zálohami|předem)|zaplacen[éá]\s+zálohy|"
     r"uhrazen[éá]\s+zálohy|odpočet\s+zálohy|odečet\s+zálohy|odpočet\s+zálohových\s+plateb|zálohy?|již\s+(?:zaplaceno|uhrazeno)|"
     r"zaplaceno", 1.0),
    (r"zapłacono(?:\s+zaliczką)?|wpłacono|otrzymana\s+zaliczka|zaliczk[ai](?:\s+(?:zapłacona|wpłacona|otrzymana))?|"
     r"odliczenie\s+zaliczki", 1.0),
    (r"acomptes?(?:\s+(?:versés?|reçus?|déjà\s+versés?|déduits?))?|déjà\s+(?:payé|réglé|versé)|"
     r"montant\s+(?:déjà\s+)?(?:payé|réglé|versé)|avance\s+versée|avoirs?\s+déduits?", 1.0),
    (r"anticipos?(?:\s+(?:recibidos?|pagados?|a\s+cuenta))?|entregas?\s+a\s+cuenta|ya\s+pagado|importe\s+pagado|"
     r"pagos?\s+anticipados?|pagos?\s+a\s+cuenta", 1.0),
    (r"(?:abzüglich\s+)?(?:geleistete\s+)?(?:anzahlung|abschlagszahlung|vorauszahlung)(?:en)?(?:\s+erhalten)?|"
     r"bereits\s+(?:bezahlt|gezahlt|geleistet|erhalten)|erhaltene\s+anzahlung(?:en)?", 1.0),
    (r"reeds\s+betaald|aanbetaling|voorschot|acconto|anticipo|già\s+(?:pagato|versato)", 1.0),
]

# A rounding of the amount to pay (whole crowns, five centimes): added to the total less
# what was prepaid to give the amount due (EN 16931 BT-114). Signed as printed.
SETTLEMENT_LABELS["rounding"] = [
    (r"rounding(?:\s+(?:amount|difference|adjustment))?|zaokrouhlení|haléřové\s+vyrovnání|zaokrąglenie|"
     r"arrondi|redondeo|rundung(?:sdifferenz)?|afronding|arrotondamento", 1.0),
]

# Income tax the buyer withholds from the supplier's invoice and pays to the tax office: it
# lowers the sum to pay, not the invoice's total. Spanish professionals' IRPF, Italian
# ritenuta d'acconto, UK construction CIS deductions. Taken as positive whatever its sign.
SETTLEMENT_LABELS["withheld"] = [
    (r"retenci[óo]n(?:\s+(?:de\s+)?(?:i\.?r\.?p\.?f\.?|irnr|a\s+cuenta))?|(?:retención\s+)?i\.?r\.?p\.?f\.?|"
     r"ritenuta\s+d['’]acconto|ritenuta(?:\s+irpef)?|withholding(?:\s+tax)?|tax\s+withheld|"
     r"cis\s+(?:deduction|tax)|less\s+cis(?:\s+deduction)?|retenue\s+à\s+la\s+source", 1.0),
]

# A balance carried over from earlier invoices (a statement-like invoice of utilities, UK
# trade accounts): added to this invoice's total in the amount due, but owed on those
# invoices, which are bills of their own. "Brought forward" alone is a page's running total.
SETTLEMENT_LABELS["brought_forward"] = [
    (r"balance\s+(?:brought|carried)\s+forward|previous\s+balance|balance\s+from\s+(?:previous|last)\s+"
     r"(?:invoices?|statements?|bills?)|opening\s+balance|arrears|saldo\s+anterior|solde\s+(?:précédent|antérieur|reporté)|"
     r"nedoplatek(?:\s+z\s+minul\w+\s+\w+)?|zůstatek\s+z\s+minul\w+(?:\s+\w+)?|saldo\s+z\s+poprzedni\w+(?:\s+\w+)?|"
     r"zaległości|vorsaldo|saldovortrag|alter\s+saldo|saldo\s+vorperiode", 1.0),
]

# What is left to pay after the deductions, in words that never name the invoice's total
# ("Amount due", "K úhradě", "Do zapłaty" name either, so they stay total labels).
SETTLEMENT_LABELS["amount_due"] = [
    (r"zbývá\s+(?:u?hradit|zaplatit|k\s+úhradě)|zůstatek\s+k\s+úhradě|zbývající\s+částka|"
     r"pozostało\s+do\s+zapłaty|pozostaje\s+do\s+zapłaty|do\s+zapłaty\s+pozostało|"
     r"reste\s+à\s+payer|reste\s+dû|restant\s+dû|solde\s+(?:dû|restant(?:\s+dû)?)|"
     r"importe\s+pendiente|pendiente\s+de\s+pago|saldo\s+pendiente|resto\s+a\s+pagar|"
     r"remaining\s+(?:balance|amount)(?:\s+due)?|balance\s+remaining|outstanding\s+(?:balance|amount)|"
     r"noch\s+zu\s+zahlen|restbetrag|verbleibender\s+betrag|offener\s+betrag|"
     r"nog\s+te\s+betalen|openstaand\s+bedrag|saldo\s+da\s+pagare|residuo\s+da\s+pagare", 1.0),
]

# The reference a payment must quote. `ref_vs`, `ref_ks`, `ref_ss`: Czech and Slovak payment
# symbols (the variable symbol is the reference, the others go with it); `ref_fi`: a Finnish
# reference number; `payment_reference`: any other wording (an RF reference, a Belgian
# structured communication, a Polish "tytuł przelewu").
SETTLEMENT_LABELS["ref_vs"] = [(r"variabiln[íý]\s+symbol|var\.\s*symbol|v\.\s?s\.|vs(?=\s*[:.]?\s*\d)|vs(?=\s*:?(?:\s{2}|\s*$))", 1.0)]
# "ks" is also the unit "pieces" ("3 ks  650,00"): the symbol's abbreviation never follows a
# quantity and is followed by a whole number
SETTLEMENT_LABELS["ref_ks"] = [(r"konstantn[íý]\s+symbol|konst\.\s*symbol|k\.\s?s\.|(?<!\d\s)(?<!\d)ks(?=\s*[:.]?\s*\d+(?![\d.,]))", 1.0)]
SETTLEMENT_LABELS["ref_ss"] = [(r"specifick[ýý]\s+symbol|specif\.\s*symbol|s\.\s?s\.|ss(?=\s*[:.]?\s*\d)", 1.0)]
SETTLEMENT_LABELS["ref_fi"] = [(r"viitenumero|viite|referensnummer|reference\s+number\s*/\s*viitenumero", 1.0)]
SETTLEMENT_LABELS["payment_reference"] = [
    (r"payment\s+reference|reference\s+(?:for|of)\s+(?:the\s+)?payment|remittance\s+reference|pay(?:ment)?\s+ref\.?|"
     r"please\s+quote(?:\s+reference)?|creditor\s+reference|structured\s+(?:communication|reference)", 1.0),
    (r"référence\s+(?:de\s+|du\s+)?(?:paiement|virement)|référence\s+à\s+rappeler|communication\s+structurée|"
     r"référence\s+structurée|libellé\s+du\s+virement", 1.0),
    (r"tytuł(?:em)?\s+przelewu|w\s+tytule\s+przelewu|tytułem", 1.0),
    (r"referencia\s+(?:de(?:l)?\s+)?pago|concepto\s+(?:de\s+la\s+)?transferencia|referencia\s+(?:de\s+la\s+)?transferencia", 1.0),
    (r"verwendungszweck|zahlungsreferenz|zahlungs-?referenz", 1.0),
    # a bare "Concepto" or "Referencia" (what a Spanish transfer's "concepto" field is to
    # carry) is also the heading of the items' description or code column: weak, read only
    # where its value is a code (settlement.py)
    (r"concepto|(?<!su\s)(?<!nuestra\s)(?<!vuestra\s)referencia", 0.7),
    (r"betalingskenmerk|gestructureerde\s+mededeling|betalingsreferentie|causale(?:\s+(?:del\s+bonifico|di\s+pagamento))?|"
     r"riferimento\s+(?:di\s+|del\s+)?pagamento", 1.0),
]
