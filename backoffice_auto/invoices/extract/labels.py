"""Label words that announce an invoice field, in en, de, fr, es, cs, pl, nl and it.

Data, not logic: each field has regex fragments (matched case-insensitively on a visual line)
with a weight. A longer, more specific label outranks a short one at the same place
("Total HT" is the net, not the total), so overlapping matches are resolved by length.
Weights are how sure a label makes us that the value beside it is that field.
"""

from __future__ import annotations

import re

from backoffice_auto.invoices.extract.labels_settlement import SETTLEMENT_LABELS

# document words of a credit note (or a correction), as titles print them
_CREDIT_TITLES = (
    r"credit\s*note|credit\s+memo|gutschrift|rechnungskorrektur|stornorechnung|facture\s+d['’]avoir|avoir|"
    r"nota\s+de\s+cr[ée]dito|factura\s+rectificativa|faktura\s+korygująca|korekta(?:\s+faktury)?|"
    r"opravn[ýy]\s+daňov[ýy]\s+doklad|dobropis|creditnota|creditfactuur|nota\s+di\s+credito"
)

# field -> [(regex fragment, weight)]
LABELS: dict[str, list[tuple[str, float]]] = {
    "invoice_number": [
        (r"(?:tax\s+)?invoice\s*(?:number|no\.?|nr\.?|num\.?|#|id)", 1.0),
        (r"gutschrifts?-?\s*(?:nummer|nr\.?)|credit\s*note\s*(?:number|no\.?|nr\.?|#)|n\.?\s?[°º]\s*d['’]avoir|"
         r"avoir\s*n\.?\s?[°º]|dobropis\s*(?:č\.?|číslo)|creditnota\s*(?:nummer|nr\.?)", 1.0),
        (r"(?:tax\s+)?invoice\s*:", 0.7),
        (r"bill\s*(?:number|no\.?)", 0.8),
        (r"rechnungs?\s*-?\s*(?:nummer|nr\.?|no\.?)", 1.0),
        (r"(?:handels)?rechnung\s*(?:\(\d+\)\s*)?nr\.?", 1.0),
        (r"belegnummer|beleg-?nr\.?", 0.7),
        (r"(?:num[ée]ro|n\.?\s?[°º]|no\.?)\s*(?:de\s+)?(?:la\s+)?facture", 1.0),
        (r"facture\s*(?:n\.?\s?[°º]|no\.?|num[ée]ro|#)", 1.0),
        (r"(?:n[úu]mero|n\.?\s?[°º]|no\.?)\s*(?:de\s+)?factura", 1.0),
        (r"factura\s*(?:n\.?\s?[°º]|no\.?|n[úu]m\.?|n[úu]mero|#)", 1.0),
        (r"faktura\s*(?:vat\s*)?(?:nr\.?|numer|č\.?|číslo)", 1.0),
        (r"numer\s+faktury|nr\s+faktury", 1.0),
        (r"(?:numer|nr\.?)\s+dokumentu", 0.9),
        (r"evidenční\s+číslo(?:\s+(?:dokladu|faktury))?|doklad\s+(?:č\.?|číslo)", 1.0),
        (r"inv\.?\s*(?:no\.?|nr\.?|#)", 1.0),
        (r"n[úu]m\.?\s*(?:de\s+)?factura|r[ée]f\.?\s*(?:de\s+(?:la\s+)?)?facture|r[ée]f[ée]rence\s+(?:de\s+(?:la\s+)?)?facture", 1.0),
        (r"číslo\s+(?:faktury|dokladu)|č[íi]slo\s+faktury|faktura\s*[-–—]\s*daňový\s+doklad\s*(?:č\.?)?", 1.0),
        (r"factuur\s*(?:nummer|nr\.?|no\.?)|factuurnummer", 1.0),
        (r"(?:numero|n\.?)\s*(?:della\s+)?fattura|fattura\s*(?:n\.?|nr\.?|numero)", 1.0),
        # the document's title word, the number printed right after it ("Avoir AV-2017-0005",
        # "FAKTURA VAT FV/1/2026", "Rechnungskorrektur Nr. RK21012345")
        (r"faktura\s+vat|tax\s+invoice|sales\s+invoice|faktura\s*[-–—]\s*daňový\s+doklad|daňový\s+doklad|"
         r"factura\s+simplificada|facture\s+d['’]acompte|abono(?=\s+(?:n\.?\s?[º°]\s*|núm\.?\s*|número\s*)?[A-Z]{0,4}[-/]?\d|\s*$)|"
         + _CREDIT_TITLES, 0.6),
        (r"(?:" + _CREDIT_TITLES + r")\s*(?:nr\.?|no\.?|n\.?\s?[°º]|number|nummer|numer|número|numero|č\.?|číslo)", 1.0),
        (r"(?:invoice|rechnung|facture|factura|faktura|factuur|fattura)", 0.45),
        (r"(?:document|doc\.?)\s*(?:no\.?|number|nr\.?)", 0.5),
        (r"receipt\s*(?:no\.?|number|#)|beleg\s*nr\.?|reçu\s+n\.?\s?[°º]|recibo\s+n\.?\s?[°º]?", 0.8),
        (r"booking\s+(?:id|no\.?|number|ref(?:erence)?)|reservation\s+(?:no\.?|number)", 0.5),
        (r"#", 0.3),
    ],
    "issue_date": [
        (r"(?:invoice|bill|issue|tax\s+point)\s*date|date\s+of\s+(?:issue|invoice)|dated", 1.0),
        # UK software prints the invoice date and the tax point as one field
        (r"(?:invoice\s+)?date\s*(?:/|&|and)\s*tax\s*point|tax\s*point\s*(?:/|&|and)\s*(?:invoice\s+)?date", 1.0),
        (r"rechnungsdatum|belegdatum|ausstellungsdatum|rechnungs-?datum", 1.0),
        (r"date\s+(?:de\s+)?(?:la\s+)?facture|date\s+d['’]émission|date\s+de\s+facturation", 1.0),
        (r"fecha\s+(?:de\s+)?(?:la\s+)?(?:factura|emisi[óo]n|expedici[óo]n)", 1.0),
        (r"data\s+(?:wystawienia|faktury)|data\s+wyst\.?|wystawion[oa](?:\s+dnia)?", 1.0),
        (r"date\s+issued|issued\s+on|billing\s+date|invoiced\s+on", 1.0),
        (r"datum\s+vyhotovení|den\s+vystavení|vystaven[aáoý]?\s+dne", 1.0),
        (r"expedida\s+el|emitida\s+el|(?:facture\s+)?émise\s+le", 1.0),
        (r"fait\s+le", 0.9),
        (r"datum\s+vystavení|datum\s+vystaveni|vystaveno", 1.0),
        (r"factuur\s*datum|factuurdatum", 1.0),
        (r"data\s+(?:della\s+)?fattura|data\s+(?:di\s+)?emissione", 1.0),
        (r"(?:datum|date|fecha|data)\s*:?", 0.55),
        (r"\bvom\b|\bdu\b|\bdel\b|\bz\s+dnia\b|\bze\s+dne\b", 0.4),
    ],
    "due_date": [
        (r"payment\s+due\s+date", 1.0),
        (r"due\s+date|payment\s+due|due\s+(?:on|by)|pay\s+by|payable\s+by|date\s+due", 1.0),
        (r"due\s*:", 0.9),
        (r"due", 0.8),  # "Due | Dec 3, 2026" in a fields box; "Amount due" is the longer total label
        (r"fällig(?:keit|keitsdatum)?(?:\s+am)?|zahlungsziel|zahlbar\s+bis|zahlungstermin", 1.0),
        (r"netto\s+bis|bis\s+zum", 0.6),
        (r"date\s+d['’]échéance|échéance|date\s+limite\s+de\s+paiement|à\s+payer\s+avant\s+le", 1.0),
        (r"fecha\s+de\s+vencimiento|vencimiento|fecha\s+de\s+pago", 1.0),
        (r"termin\s+(?:płatności|zapłaty)|płatn[ey]\s+do(?:\s+dnia)?", 1.0),
        (r"payable\s+le|à\s+régler\s+(?:avant\s+)?le|vence\s+el|splatn[áé]\s+dne", 1.0),
        (r"datum\s+splatnosti|splatnost|splatno", 1.0),
        (r"vervaldatum|vervaldag|uiterste\s+betaaldatum|te\s+betalen\s+voor", 1.0),
        (r"(?:data\s+(?:di\s+)?)?scadenza", 1.0),
    ],
    "total": [
        (r"gesamtbetrag\s+(?:einschließlich|einschl\.?|inkl\.?|mit)\s+(?:umsatzsteuer|ust\.?|mwst\.?)|"
         r"montant\s+(?:total\s+)?t\.?t\.?c\.?", 1.0),
        # EN 16931 business-term names, as e-invoice viewers print them
        (r"(?:invoice\s+)?total\s+amount\s+with\s+vat|total\s+with\s+vat|amount\s+with\s+vat", 1.0),
        (r"amount\s+due\s+for\s+payment", 0.9),
        (r"grand\s+total|total\s+(?:amount\s+)?due|amount\s+due|balance\s+due|total\s+amount|invoice\s+total|total\s+(?:incl|inc)\.?(?:\s*(?:vat|tax))?|total\s+for\s+this\s+invoice|total\s+payable", 1.0),
        (r"bruttosumme|brutto\s*betrag|gesamtbetrag(?!\s+der)|rechnungsbetrag|endbetrag|rechnungssumme\s+brutto|zahlbetrag|zu\s+zahlen(?:der\s+betrag)?|gesamtsumme|summe\s+brutto", 1.0),
        (r"total\s+ttc|montant\s+ttc|net\s+à\s+payer|somme\s+à\s+payer|montant\s+total|total\s+à\s+payer|solde\s+à\s+payer", 1.0),
        (r"total\s+(?:a\s+pagar|factura)|importe\s+total|total\s+con\s+iva", 1.0),
        # the gross named with its tax after the word, as gross-first totals print it ("Total (IVA
        # incluido)", "Total (incl. VAT)", "Celkem včetně DPH"): the tax word is not a VAT label there
        (r"(?:total|importe)\s*\(?\s*(?:(?:iva|i\.v\.a\.)\s+incl(?:uido|\.)?|con\s+iva)\s*\)?|"
         r"total\s*\(\s*(?:incl|inc|including)\.?\s*(?:vat|tax)\s*\)|total\s*\(?\s*tva\s+(?:comprise|incluse)\s*\)?|"
         r"celkem\s+(?:včetně|vč\.?)\s*dph|razem\s+z\s+vat", 1.0),
        (r"do\s+zapłaty|razem\s+do\s+zapłaty|należność(?:\s+ogółem)?|wartość\s+brutto|kwota\s+brutto|razem\s+brutto", 1.0),
        (r"celkem\s+k\s+úhradě|k\s+úhradě|celková\s+částka|celkem\s+s\s+dph", 1.0),
        (r"celkem\s+k\s+platbě|k\s+platbě|částka\s+k\s+(?:úhradě|platbě)|fakturovaná\s+částka", 1.0),
        (r"total\s+a\s+abonar|importe\s+a\s+(?:pagar|abonar)|total\s+à\s+régler|montant\s+à\s+régler", 1.0),
        (r"totaal\s+(?:incl\.?(?:\s*btw)?|te\s+betalen|bedrag)|te\s+betalen|factuur\s*totaal|totaalbedrag", 1.0),
        (r"totale\s+(?:fattura|documento|da\s+pagare)|importo\s+totale|netto\s+a\s+pagare|totale\s+ivato", 1.0),
        (r"total|totaal|totale|summe|gesamt|razem|celkem|suma|brutto|ttc", 0.6),
    ],
    "net": [
        (r"gesamtbetrag\s+(?:ohne|exkl\.?|zzgl\.?)\s+(?:umsatzsteuer|ust\.?|mwst\.?)|summe\s+ohne\s+(?:ust|mwst)\.?|"
         r"montant\s+(?:total\s+)?h\.?t\.?|total\s+h\.?t\.?", 1.0),
        (r"(?:invoice\s+)?total\s+amount\s+without\s+vat|total\s+without\s+vat|amount\s+without\s+vat", 1.0),
        (r"sub\s*-?\s*total|net\s+(?:amount|total|value)|total\s+(?:net|excl\.?(?:uding)?(?:\s*(?:vat|tax))?|before\s+tax|without\s+(?:vat|tax))|amount\s+(?:excl|before)\.?\s*(?:vat|tax)?|taxable\s+amount", 1.0),
        (r"nettobetrag|netto\s*betrag|rechnungssumme\s+(?:netto|ohne\s+ust\.?)|summe\s+netto|gesamt\s+netto|nettosumme|warenwert|zwischensumme|netto", 0.9),
        (r"total\s+ht|montant\s+ht|sous[-\s]total|total\s+hors\s+taxes?|base\s+ht|\bht\b", 1.0),
        (r"base\s+imponible|subtotal|importe\s+neto|total\s+sin\s+iva", 1.0),
        (r"wartość\s+netto|razem\s+netto|kwota\s+netto|netto", 0.9),
        (r"základ\s+(?:daně|dph)|celkem\s+bez\s+dph|bez\s+dph|celkem\s+bez\s+daně|základ\s+celkem", 1.0),
        (r"suma\s+netto|netto\s+razem|goods\s+total", 1.0),
        (r"základ|zaklad", 0.8),  # the base column of a VAT recap ("Sazba | Základ | DPH")
        (r"exclusief\s+btw|excl\.?\s*btw|subtotaal|totaal\s+excl\.?|grondslag|netto\s*bedrag", 1.0),
        (r"(?:totale\s+)?imponibile|totale\s+netto|netto", 0.9),
        (r"net", 0.7),
    ],
    "tax": [
        (r"gesamtbetrag\s+der\s+umsatzsteuer|summe\s+(?:der\s+)?(?:umsatzsteuer|ust\.?|mwst\.?)|"
         r"montant\s+(?:total\s+)?(?:de\s+la\s+)?tva", 1.0),
        (r"(?:invoice\s+)?total\s+vat\s+amount(?:\s+in\s+accounting\s+currency)?|vat\s+total", 1.0),
        (r"total\s+(?:vat|tax(?:es)?|gst|sales\s+tax)|vat\s+amount|tax\s+amount|sales\s+tax|\bvat\b|\btax\b|\bgst\b", 0.9),
        (r"steuerbetrag|mwst\.?-?\s*betrag|ust\.?-?\s*betrag|umsatzsteuer|mehrwertsteuer|\bmwst\b|\bust\b\.?", 0.9),
        (r"total\s+(?:tva|taxes)|montant\s+(?:de\s+la\s+)?tva|\btva\b", 0.9),
        (r"(?:cuota|importe|total)\s+(?:de\s+)?iva|\biva\b", 0.9),
        (r"kwota\s+vat|wartość\s+vat|podatek\s+vat|\bvat\b", 0.9),
        (r"(?:částka|výše|celkem)\s+dph|\bdph\b|\bdaň\b", 0.9),
        (r"btw\s*-?\s*bedrag|totaal\s+btw|\bbtw\b", 0.9),
        (r"(?:totale\s+)?iva|imposta", 0.8),
    ],
    "currency": [
        (r"currency|währung|devise|monnaie|moneda|divisa|waluta|měna|valuta|beträge\s+in|amounts?\s+in|montants?\s+en|all\s+(?:charges|amounts)(?:\s+\w+){0,4}?\s+in", 1.0),
    ],
}

# Words that put the party after them on the buyer's side (so its VAT id is not the supplier's).
BUYER_LABELS = (
    r"bill\s+to|billed\s+to|ship\s+to|sold\s+to|customer|client|buyer|invoice\s+to|recipient|"
    r"käufer|kunde|rechnungsempfänger|leistungsempfänger|empfänger|rechnungsadresse|lieferadresse|"
    r"acheteur|destinataire|adresse\s+de\s+(?:facturation|livraison)|"
    r"comprador|cliente|destinatario|nabywca|odbiorca|odběratel|příjemce|kupující|objednatel|zákazník|"
    r"adressée?\s+à|facturée?\s+à|"
    r"(?<!pay\s)(?<!remit\s)(?<![\w])to(?=\s*:)|"
    r"klant|factuuradres|afleveradres|uw\s+btw|afnemer|acquirente|committente|"
    r"ihre\s+ust|your\s+vat|tva\s+client|n°\s*tva\s+client|vos\s+identifiants"
)

SELLER_LABELS = (
    r"seller(?:['’]s)?(?:\s+(?:name|trading\s+name|legal\s+name))?|supplier(?:\s+name)?|vendor(?:\s+name)?|sold\s+by|service\s+provider|from|issued\s+by|"
    r"verkäufer|lieferant|rechnungsersteller|leistungserbringer|"
    r"vendeur|fournisseur|émetteur|proveedor|vendedor|emisor|"
    r"sprzedawca|wystawca|dostawca|dodavatel|prodávající|"
    r"verkoper|leverancier|fornitore|cedente|venditore"
)

VAT_LABELS = (
    r"vat|tva|btw|iva|ust|mwst|nip|dič|dic|nif|cif|tax\s*id|tin|p\.?\s*iva|partita\s+iva|"
    r"ustid|ust-?id|umsatzsteuer-?id|identifikationsnummer|intra(?:communautaire)?"
)

_CREDIT_WORDS = (
    r"credit\s*note|credit\s+memo|gutschrift|rechnungskorrektur|stornorechnung|avoir|facture\s+d['’]avoir|"
    r"nota\s+de\s+cr[ée]dito|factura\s+rectificativa|faktura\s+korygująca|korekta|"
    r"opravn[ýy]\s+daňov[ýy]\s+doklad|dobropis|creditnota|creditfactuur|nota\s+di\s+credito"
)
# A credit note says so as its title (a line that starts with the word) or with its number
# ("Gutschrift Nr. 12"); the words inside a sentence ("vous pouvez avoir") do not count.
CREDIT_NOTE_WORDS = re.compile(
    r"(?im)^\W*(?:" + _CREDIT_WORDS + r")(?![^\W\d])|(?<!\w)(?:" + _CREDIT_WORDS +
    r")\s*(?:no\.?|nr\.?|n\.?\s?[°º]|#|number|nummer|numer|número|numero|č\.?|:)|gutschrifts-?(?:nummer|nr)"
)

# A self-billed invoice (the buyer bills itself on the supplier's behalf, German "Gutschrift"
# in the sense of § 14 (2) UStG) is an invoice: its amounts are owed, not credited.
SELF_BILLING = re.compile(
    r"(?i)abrechnungsgutschrift|gutschriftsverfahren|§\s*14\s*abs\.?\s*2|self[-\s]?bill(?:ing|ed)|"
    r"autofacturation|auto-?facturaci[óo]n|autofactura|samofakturowani\w*|samofakturac\w*|autofattura|"
    r"zelffacturering|selbstfakturierung"
)
# "Document type: Credit note" / "Belegart: Rechnung" / "Type: 381": the type stated outright
DOCUMENT_TYPE_LINE = re.compile(
    r"(?im)(?:document\s+type|type\s+of\s+document|belegart|dokumentart|dokumenttyp|type\s+de\s+(?:document|pièce)|"
    r"tipo\s+de\s+documento|typ\s+dokladu|druh\s+dokladu|rodzaj\s+dokumentu|documentsoort|tipo\s+(?:di\s+)?documento)"
    r"\s*:?\s*(.{2,60})$"
)
CREDIT_TYPE_CODES = re.compile(r"^\s*(?:381|383|396|532)\b")

LEGAL_FORMS = re.compile(
    r"\b(?:GmbH(?:\s*&\s*Co\.?\s*KG)?|AG|KG|e\.K\.|UG|B\.?V\.?|N\.?V\.?|S\.?A\.?S\.?|SARL|S\.?A\.?R\.?L\.?|"
    r"S\.?A\.?|SAS|EURL|SE|Ltd\.?|Limited|Inc\.?|LLC|L\.L\.C\.|LLP|PLC|Corp\.?|Co\.|"
    r"s\.\s?r\.\s?o\.|a\.\s?s\.|spol\.\s*s\s*r\.\s?o\.|sp\.\s*z\s*o\.\s?o\.|spółka\s+(?:akcyjna|z\s+o\.o\.)|"
    r"sp\.\s?[jkp]\.|s\.\s?c\.|S\.K\.A\.|spółka\s+(?:jawna|komandytowa|cywilna)|v\.\s?o\.\s?s\.|k\.\s?s\.|z\.\s?s\.|"
    r"S\.?L\.?L\.?|S\.\s?Coop\.?|SNC|SASU|SCI|SCOP|S\.?p\.?A\.?|"
    r"S\.?r\.?l\.?|S\.?L\.?U?\.?|Pvt\.?\s*Ltd\.?|Private\s+Limited|Oy|AB|ApS|A/S|AS|"
    r"GMBH|LTD\.?|LIMITED|INC\.?|SARL|SAS|LLC|SPÓŁKA\s+AKCYJNA|S\.R\.O\.|SP\.\s*Z\s*O\.O\.)(?=$|[\s,.)])"
)

# Words that say a line refers to another document (the invoice a credit note corrects):
# its number and date are not this document's.
LABELS["_ref"] = [
    (r"(?:relating\s+to|relates\s+to|corrects?|correcting|refers?\s+to|against|for)\s+(?:the\s+)?invoice|"
     r"original\s+invoice|zu(?:r)?\s+(?:unserer\s+)?rechnung|bezug(?:nehmend)?\s+(?:auf\s+)?(?:die\s+)?rechnung|"
     r"ursprungsrechnung|korrektur\s+(?:zu|der)\s+rechnung|storno\s+(?:zu|der)\s+rechnung|"
     r"sur\s+(?:la\s+)?facture|facture\s+(?:d['’]origine|initiale|associée|corrigée)|"
     r"rectifica\s+(?:la\s+)?factura|factura\s+(?:original|rectificada)|k(?:e)?\s+faktuře|opravuje\s+fakturu|"
     r"původní\s+faktur[ay]|do\s+faktury|faktura\s+korygowana|betreft\s+(?:de\s+)?factuur|"
     r"oorspronkelijke\s+factuur|rif\.?\s+(?:alla\s+)?fattura|fattura\s+(?:originale|di\s+riferimento)", 1.0),
]

# Labels that are not fields we read but must stop a neighbouring label's value and must not
# be mistaken for one ("Order date" is not the invoice date, "Credits" is not the total).
LABELS["_other"] = [
    # a form's version or print line: its date is not the invoice's
    (r"version|versión|verze|wersja|versie|versione|gedruckt\s+am|druckdatum|printed(?:\s+on)?|print\s+date|"
     r"imprimé\s+le|date\s+d['’]impression|impreso\s+el|fecha\s+de\s+impresión|vytištěno|wydrukowano|"
     r"data\s+wydruku|afgedrukt\s+op|stampato\s+il|data\s+di\s+stampa|formularstand|stand(?:\s+vom)?(?=\s*:?\s*\d)|"
     r"formular|formulář|formulier", 1.0),
    # the date of sale or supply (Polish "data sprzedaży", Czech DUZP) is not the issue date
    (r"data\s+(?:sprzedaży|dokonania\s+dostawy|wykonania\s+usługi)", 1.0),
    (r"order\s+date|delivery\s+date|ship(?:ping)?\s+date|d[ei]spatch(?:ed)?\s+date|date\s+d[ei]spatched|service\s+date|period|billing\s+period|check\s*-?\s*(?:in|out)", 1.0),
    (r"bestelldatum|lieferdatum|leistungsdatum|liefer-\s+und\s+leistungsdatum|leistungszeitraum|auftragsdatum", 1.0),
    (r"date\s+de\s+(?:commande|livraison)|période|fecha\s+de\s+(?:pedido|entrega)|data\s+(?:zamówienia|dostawy)", 1.0),
    (r"datum\s+(?:uskutečnění|objednávky|dodání)|duzp|orderdatum|leverdatum|data\s+(?:ordine|consegna)", 1.0),
    (r"datum\s+(?:zdanitelného\s+)?plnění|dzp|supply\s+date|date\s+of\s+(?:supply|service)|"
     r"date\s+de\s+(?:la\s+)?(?:prestation|vente|l['’]opération|réalisation)|"
     r"fecha\s+(?:de\s+(?:la\s+)?|del\s+)?(?:operación|prestación|servicio)", 1.0),
    # a date of another document or of a period, not of this invoice
    (r"date\s+de\s+(?:la\s+)?facture\s+(?:associée|d['’]origine|initiale)|original\s+invoice\s+date|"
     r"(?:start|end)\s+date|date\s+de\s+(?:début|fin)(?:\s+de\s+prestation)?|datum\s+der\s+ursprungsrechnung|"
     r"fecha\s+de\s+(?:inicio|fin)|data\s+(?:inizio|fine)", 1.0),
    (r"credits?|discount|rabatt|skonto|paid|"
     r"uhrazeno|betaald|pagato|abschläge|zuschläge|positionssumme|steuerbasisbetrag|basisbetrag|"
     r"steuer\s*basisbetrag|tax\s+base|customer\s+(?:number|no\.?)|kundennummer|kundennr\.?|klantnummer|"
     r"ordernummer|order\s+(?:number|no\.?|id)|account\s+(?:number|no\.?)|numéro\s+de\s+(?:client|dossier|ligne)|"
     r"id\.?\s*client|vat\s+(?:no|number|reg)|btw\s*-?\s*(?:nummer|nr)|ust-?\s*id|tva\s+intra|n\.?\s?[°º]\s*tva|"
     r"vat/tin|service\s+tax\s*#|gstin|steuer-?\s*nr\.?|steuernummer|nip|regon|iban|bic|swift|"
     r"tax\s+(?:id|no\.?|number|reg(?:istration)?(?:\s+no\.?)?)|vat\s+reg(?:istration)?(?:\s+no\.?)?|"
     r"steuer-?id|ust-?idnr\.?|company\s+(?:no\.?|number|reg)|sum\s+of\s+(?:invoice\s+line\s+net\s+amounts?|"
     r"allowances|charges)(?:\s+on\s+document\s+level)?|rounding\s+amount|summe\s+(?:der\s+)?(?:positionen|nachlässe|zuschläge)|"
     r"gesamtbetrag\s+der\s+(?:positionen|zuschläge|abschläge|nachlässe)", 1.0),
]

LABELS["po_number"] = [
    # en
    (r"p\.?\s*o\.?\s*(?:number|no\.?|#|nr\.?|ref(?:erence)?)|purchase\s+order(?:\s+(?:number|no\.?|#|ref(?:erence)?))?|"
     r"your\s+(?:order|p\.?o\.?)(?:\s+(?:number|no\.?|#|ref(?:erence)?))?|customer\s+p\.?o\.?(?:\s+(?:number|no\.?))?|"
     r"order\s+ref(?:erence)?", 1.0),
    # de
    (r"bestellnummer|bestell-?nr\.?|bestellung(?:\s+nr\.?)?|ihre\s+bestellung(?:\s+nr\.?)?|(?:ihre\s+)?auftragsnummer|"
     r"ihr\s+auftrag(?:\s+nr\.?)?|bestellzeichen", 1.0),
    # fr
    (r"(?:n\.?\s?[°º]|no\.?|num[ée]ro)\s*(?:de\s+)?(?:la\s+)?commande|bon\s+de\s+commande|votre\s+commande|"
     r"r[ée]f[ée]rence\s+(?:de\s+)?commande|r[ée]f\.?\s+commande", 1.0),
    (r"commande|votre\s+r[ée]f[ée]rence", 0.8),
    # es
    (r"(?:n\.?\s*[°º]|n[úu]m\.?|n[úu]mero|no\.?)\s*(?:de\s+)?(?:su\s+)?pedido|su\s+pedido|orden\s+de\s+compra|"
     r"referencia\s+(?:del\s+)?pedido", 1.0),
    (r"pedido", 0.9),
    # pl
    (r"(?:nr|numer)\.?\s+zamówienia|zamówienie(?:\s+(?:nr|numer)\.?)?|nr\.?\s+zam\.|zlecenie(?:\s+nr)?", 1.0),
    # cs
    (r"číslo\s+objednávky|č\.?\s*objednávky|(?:vaše\s+)?objednávka(?:\s+(?:č\.?|číslo))?|objednávka\s+odběratele", 1.0),
    # nl, it
    (r"inkoopordernummer|bestelnummer|uw\s+(?:referentie|order|bestelling)(?:\s*(?:nummer|nr\.?))?|inkooporder", 0.9),
    (r"(?:numero|n\.?)\s*(?:d['’]\s*)?ordine|ordine(?:\s+(?:n\.?|nr\.?|numero))?|rif\.?\s+ordine|"
     r"vs\.?\s+ordine|ordine\s+d['’]acquisto", 0.9),
]

LABELS["payment_terms"] = [
    (r"payment\s+terms|terms\s+of\s+payment|zahlungsbedingungen|conditions\s+de\s+(?:paiement|règlement)|"
     r"condiciones\s+de\s+pago|forma\s+płatności|warunki\s+płatności|platební\s+podmínky|"
     r"betalingsvoorwaarden|betalingstermijn|condizioni\s+di\s+pagamento|termini\s+di\s+pagamento", 1.0),
    (r"terms\s*:|zahlungsziel\s*:|conditions\s*:", 0.7),
]

# Qualifiers inside a label ("Rechnungssumme Netto (excl. USt.)"): read as nothing, and do not
# end the label's value the way a real label does.
LABELS["_qual"] = [
    (r"\(?(?:excl|exkl|inkl|incl|zzgl|ohne|mit|hors|sans|bez|s)\.?\s*(?:ust|mwst|vat|tax|btw|tva|iva|dph)\.?\)?", 1.0),
]

LABELS.update(SETTLEMENT_LABELS)

# An invoice that says it charges no VAT: the issuer is not registered for VAT (a Czech
# "neplátce DPH", a French micro-entreprise under art. 293 B, a German Kleinunternehmer, a
# Polish seller exempt under art. 113) or the buyer accounts for it (reverse charge). Such an
# invoice prints no VAT line, so its VAT is zero and its net is its total, not a gap.
NO_VAT_CHARGED = re.compile(
    r"(?i)neplátce\s+dph|není\s+plátce(?:m)?\s+dph|nejsme\s+plátci\s+dph|nejsem\s+plátce(?:m)?\s+dph|"
    r"neplatiteľ\s+dph|nie\s+(?:je\s+|sme\s+)?platite(?:ľ|lia)(?:om)?\s+dph|"
    r"zwolnion[aey]?\s+(?:podmiotowo\s+)?(?:z\s+)?(?:podatku\s+)?vat|art\.?\s*113\s+ust\.?\s*1|"
    r"tva\s+non\s+applicable|art(?:icle|\.)?\s*293\s*b|"
    r"kleinunternehmer|§\s*19\s*(?:abs\.?\s*1\s*)?ustg|"
    r"not\s+(?:registered\s+for\s+vat|vat[-\s]registered)|"
    r"reverse\s+charge|autoliquidation|přenesen[áé]\s+daňov[áé]\s+povinnost|odwrotne\s+obciążenie|"
    r"inversión\s+del\s+sujeto\s+pasivo|steuerschuldnerschaft\s+des\s+leistungsempfängers|"
    r"btw\s+verlegd|inversione\s+contabile|regime\s+forfettario"
)
