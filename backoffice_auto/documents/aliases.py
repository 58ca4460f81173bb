"""Column headers people write, mapped onto the vocabulary's field names.

A Czech clerk writes `Kód zboží`, a Polish one `Kod towaru`, a Spanish one `Código`; all
mean `sku`. Matching folds case and accents and ignores spaces, underscores and
punctuation, so `Unit_Price`, `unit price` and `UNIT-PRICE.` are one header. A header with
a unit in brackets (`Unit price (EUR)`) matches when its bracket-free form does.

The aliases are per field name, not per table: `name` means the same in items and
customers. When one header could mean two fields of the same table, the field's own name
wins, then the field listed first. Per-workspace aliases (from the rules) come first of all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from backoffice_auto.documents.headerqualifiers import NET_FIELDS, says_gross, strip_qualifiers
from backoffice_auto.documents.headerwords import FUZZY_CUTOFF, abbreviates, close, header_words

__all__ = ["ALIASES", "TABLE_ALIASES", "normalise_header", "header_keys", "AliasIndex", "alias_index"]

# field -> aliases in en | cs | pl | es | fr (the field's own name always matches too)
_RAW: dict[str, str] = {
    # items
    "sku": "sku|item|item code|item no|item number|article|article number|product code|product id|part number|"
           "kód|kód zboží|kód položky|číslo zboží|katalogové číslo|položka|"
           "kod|kod towaru|kod produktu|indeks|numer katalogowy|"
           "código|código de artículo|código artículo|referencia|ref|artículo|"
           "référence|code article|code produit|réf|réf article|référence article|"
           "kat číslo|artikl|kód artiklu|indeks towaru|symbol|symbol towaru|"
           "ref artículo|cód artículo|código producto|código de producto",
    "name": "name|description|item name|product name|title|"
            "název|jméno|název zboží|popis|"
            "nazwa|nazwa towaru|imię i nazwisko|"
            "nombre|descripción|denominación|"
            "nom|désignation|libellé|raison sociale",
    "unit": "unit|uom|unit of measure|mj|měrná jednotka|jednotka|jm|jednostka|jednostka miary|"
            "unidad|unidad de medida|ud|unité|unité de mesure|um",
    "unit_price": "unit price|price|price per unit|unit cost|"
                  "cena|jednotková cena|cena za jednotku|cena za mj|"
                  "cena jednostkowa|cena netto|"
                  "precio|precio unitario|"
                  "prix|prix unitaire|pu|prix unitaire ht|pu ht|"
                  "importe unitario|precio por unidad",
    "currency": "currency|ccy|curr|měna|waluta|moneda|divisa|devise|monnaie",
    "tax_rate": "tax rate|vat rate|vat|vat %|tax %|"
                "sazba dph|dph %|sazba daně|dph sazba|"
                "stawka vat|vat %|stawka podatku|"
                "tipo de iva|iva %|tipo iva|"
                "taux de tva|tva %|taux tva",
    "on_hand": "on hand|stock|in stock|quantity on hand|qty on hand|available stock|"
               "skladem|zásoba|stav skladu|množství skladem|"
               "stan|stan magazynowy|ilość na stanie|"
               "existencias|stock disponible|en stock|"
               "en stock|stock disponible|quantité en stock",
    "reserved": "reserved|allocated|rezervováno|rezervace|zarezerwowane|rezerwacja|reservado|réservé",
    "reorder_min": "reorder min|reorder point|minimum|min stock|min|minimální zásoba|minimum skladem|"
                   "stan minimalny|minimum magazynowe|stock mínimo|mínimo|stock minimum|seuil de réapprovisionnement",
    "reorder_max": "reorder max|maximum|max stock|max|maximální zásoba|maximum skladem|"
                   "stan maksymalny|stock máximo|máximo|stock maximum",
    "reorder_multiple": "reorder multiple|order multiple|pack size|multiple|balení|násobek|násobek objednávky|"
                        "wielokrotność|opakowanie|múltiplo|múltiplo de pedido|multiple de commande|conditionnement",
    "location": "location|bin|bin location|shelf|umístění|lokace|regál|"
                "lokalizacja|miejsce składowania|ubicación|emplacement|localisation",
    # parties
    "customer_id": "customer id|customer|customer no|customer number|customer code|client id|"
                   "id zákazníka|zákazník|číslo zákazníka|kód zákazníka|odběratel|"
                   "id klienta|klient|numer klienta|nr klienta|kod klienta|"
                   "id cliente|cliente|número de cliente|código de cliente|"
                   "id client|client|numéro client|code client|n° client|réf client|"
                   "nabywca|odbiorca|cód cliente|nº cliente|customer account|account no|account number",
    "supplier_id": "supplier id|supplier|supplier no|supplier number|supplier code|vendor|vendor id|"
                   "id dodavatele|dodavatel|číslo dodavatele|kód dodavatele|"
                   "id dostawcy|dostawca|numer dostawcy|nr dostawcy|kod dostawcy|"
                   "id proveedor|proveedor|número de proveedor|código de proveedor|"
                   "id fournisseur|fournisseur|numéro fournisseur|code fournisseur",
    "employee_id": "employee id|employee|employee no|employee number|staff id|personnel number|"
                   "osobní číslo|zaměstnanec|číslo zaměstnance|id zaměstnance|"
                   "numer pracownika|nr pracownika|pracownik|id pracownika|"
                   "id empleado|empleado|número de empleado|"
                   "matricule|salarié|employé|id salarié",
    "email": "email|e-mail|mail|email address|e-mailová adresa|adres e-mail|correo|correo electrónico|courriel|adresse e-mail",
    "language": "language|lang|jazyk|język|idioma|langue",
    "country": "country|country code|země|stát|kraj|país|pays",
    "street": "street|address|street address|address line|ulice|adresa|ulice a číslo|sídlo|"
              "ulica|adres|ulica i numer|calle|dirección|domicilio|rue|adresse|voie",
    "postal_code": "postal code|postcode|post code|zip|zip code|psč|poštovní směrovací číslo|"
                   "kod pocztowy|código postal|cód postal|code postal|cp",
    "city": "city|town|place|město|obec|místo|miasto|miejscowość|ciudad|población|localidad|municipio|"
            "ville|localité|commune",
    "priority": "priority|priorita|priorytet|prioridad|priorité",
    "ship_policy": "ship policy|shipping policy|delivery|partial delivery|způsob dodání|dodání|"
                   "polityka wysyłki|dostawa|política de envío|envío|politique d'expédition|livraison",
    "discount_pct": "discount|discount %|discount pct|discount percent|sleva|sleva %|rabat|rabat %|"
                    "descuento|descuento %|dto|remise|remise %",
    "payment_terms": "payment terms|terms|splatnost|platební podmínky|termín płatności|warunki płatności|"
                     "condiciones de pago|forma de pago|conditions de paiement|délai de paiement",
    "vat_id": "vat id|vat number|vat no|tax id|vat reg no|dič|daňové identifikační číslo|"
              "nip|nip ue|numer vat|nif|cif|nif iva|número de iva|"
              "numéro de tva|tva intracommunautaire|n° tva|no tva",
    "iban": "iban|bank account|account|účet|číslo účtu|bankovní účet|rachunek|numer rachunku|konto|"
            "cuenta|cuenta bancaria|compte|compte bancaire|rib",
    "bic": "bic|swift|bic swift|swift code|kód banky|kod swift|código swift|code bic",
    "on_hold": "on hold|hold|blocked|blokováno|pozastaveno|zablokowany|wstrzymany|bloqueado|retenido|bloqué|suspendu",
    # employees
    "department": "department|dept|oddělení|útvar|středisko|dział|departament|departamento|sección|service|département",
    "pay_type": "pay type|pay basis|type of pay|typ mzdy|forma mzdy|rodzaj wynagrodzenia|"
                "tipo de pago|tipo de salario|type de rémunération|mode de rémunération",
    "hourly_rate": "hourly rate|rate per hour|hourly wage|hodinová sazba|hodinová mzda|"
                   "stawka godzinowa|tarifa por hora|salario por hora|taux horaire|salaire horaire",
    "salary": "salary|monthly salary|base salary|mzda|plat|měsíční mzda|základní mzda|"
              "wynagrodzenie|pensja|płaca|salario|sueldo|salario mensual|salaire|salaire mensuel",
    "subdivision": "subdivision|region|state|province|kraj|region|województwo|provincia|comunidad autónoma|"
                   "région|département administratif",
    "timezone": "timezone|time zone|tz|časové pásmo|strefa czasowa|zona horaria|fuseau horaire",
    "rule_set": "rule set|rules|pay rules|sada pravidel|pravidla|zestaw reguł|reguły|"
                "conjunto de reglas|reglas|jeu de règles|règles",
    # purchase orders
    "po_number": "po number|po|po no|purchase order|purchase order number|order number|"
                 "číslo objednávky|objednávka|"
                 "numer zamówienia|zamówienie|"
                 "número de pedido|pedido|orden de compra|"
                 "numéro de commande|commande|bon de commande|n° commande",
    "line": "line|line no|line number|pos|position|řádek|pozice|pol|"
            "linia|pozycja|lp|línea|posición|ligne|n° ligne",
    "description": "description|text|popis|text položky|opis|descripción|concepto|désignation|libellé",
    "quantity": "quantity|qty|amount ordered|ordered|count|pcs|"
                "množství|počet|ks|"
                "ilość|liczba|szt|"
                "cantidad|cant|uds|unidades|"
                "quantité|qté|nombre|order qty|qty ordered|quantity ordered|qté commandée|quantité commandée|"
                "objednané množství|ilość zamówiona|cantidad pedida",
    "received_quantity": "received quantity|received|qty received|přijato|přijaté množství|"
                         "ilość przyjęta|przyjęto|cantidad recibida|recibido|quantité reçue|reçu",
    # invoices and bills
    "invoice_number": "invoice number|invoice|invoice no|inv no|číslo faktury|faktura|"
                      "numer faktury|nr faktury|número de factura|factura|numéro de facture|facture|n° facture",
    "bill_id": "bill id|bill|bill number|id dokladu|doklad|číslo dokladu|"
               "id dokumentu|dokument|numer dokumentu|id factura recibida|documento|"
               "id pièce|pièce|numéro de pièce",
    "order_id": "order id|order|order no|order number|sales order|"
                "číslo objednávky|objednávka|"
                "numer zamówienia|zamówienie|"
                "número de pedido|pedido|"
                "numéro de commande|commande|n° commande|réf commande|référence commande|order ref|order reference|"
                "nr zamówienia|nº pedido",
    "issue_date": "issue date|invoice date|date|date issued|datum vystavení|datum|datum faktury|"
                  "data wystawienia|data|data faktury|fecha de emisión|fecha|fecha factura|"
                  "date d'émission|date de facture|date facture",
    "due_date": "due date|due|payment due|datum splatnosti|splatnost do|splatno|"
                "termin płatności|data płatności|fecha de vencimiento|vencimiento|"
                "date d'échéance|échéance",
    "net": "net|net amount|amount net|subtotal|základ|základ daně|bez dph|"
           "netto|kwota netto|wartość netto|neto|base imponible|importe neto|"
           "montant ht|ht|total ht",
    "tax": "tax|vat amount|tax amount|dph|daň|částka dph|vat|kwota vat|podatek|"
           "iva|cuota iva|importe iva|tva|montant tva",
    "total": "total|total amount|amount|gross|grand total|"
             "celkem|částka|celkem k úhradě|k úhradě|"
             "brutto|kwota brutto|wartość brutto|razem|do zapłaty|"
             "importe|importe total|total factura|"
             "montant|montant ttc|ttc|total ttc",
    "paid": "paid|amount paid|paid amount|uhrazeno|zaplaceno|zapłacono|kwota zapłacona|"
            "pagado|importe pagado|payé|montant payé",
    "status": "status|state|stav|stan|estado|statut|état",
    "discount_date": "discount date|discount until|sleva do|datum slevy|data rabatu|rabat do|"
                     "fecha de descuento|descuento hasta|date d'escompte|escompte jusqu'au",
    "discount_amount": "discount amount|early payment discount|výše slevy|částka slevy|skonto|"
                       "kwota rabatu|importe del descuento|pronto pago|montant de l'escompte|escompte",
    "scheduled_date": "scheduled date|pay date|payment date|scheduled|datum platby|plánovaná platba|"
                      "data płatności planowana|planowana data płatności|fecha de pago|fecha programada|"
                      "date de paiement|date prévue",
    "hold_reason": "hold reason|reason|důvod|důvod blokace|powód|powód wstrzymania|motivo|motivo de retención|"
                   "motif|motif de blocage",
    "prepaid": "prepaid|already paid|deposit paid|deposits|advance paid|zaplaceno zálohou|uhrazené zálohy|zálohy|"
               "zapłacono zaliczką|zaliczki|anticipos|anticipo|acomptes versés|acompte",
    "amount_due": "amount due|balance due|left to pay|zbývá uhradit|zbývá k úhradě|pozostało do zapłaty|"
                  "importe pendiente|a pagar|reste à payer|net à payer",
    "payment_reference": "payment reference|variable symbol|variabilní symbol|vs|tytuł przelewu|tytułem|"
                         "referencia de pago|référence de paiement",
    # bank
    "transaction_id": "transaction id|transaction|id|reference id|id transakce|id transakcji|"
                      "id de transacción|id transaction|référence opération",
    "account_iban": "account iban|account|our account|účet|náš účet|rachunek|nasz rachunek|cuenta|compte",
    "booking_date": "booking date|date|posting date|entry date|datum zaúčtování|datum|"
                    "data księgowania|data|fecha contable|fecha|date comptable|date d'opération|date",
    "value_date": "value date|valuta|datum valuty|data waluty|fecha valor|date de valeur",
    "amount": "amount|sum|částka|obrat|kwota|importe|montant",
    "counterparty_name": "counterparty name|counterparty|payee|payer|name|protistrana|název protiúčtu|"
                         "kontrahent|nazwa kontrahenta|contraparte|ordenante|beneficiario|"
                         "contrepartie|bénéficiaire|donneur d'ordre",
    "counterparty_iban": "counterparty iban|counterparty account|protiúčet|číslo protiúčtu|"
                         "rachunek kontrahenta|cuenta contraparte|compte contrepartie",
    "reference": "reference|payment reference|creditor reference|variable symbol|vs|variabilní symbol|"
                 "referencja|numer referencyjny|referencia|référence|référence de paiement",
    "remittance": "remittance|remittance information|message|purpose|description|details|zpráva|"
                  "zpráva pro příjemce|popis|tytuł|tytuł przelewu|tytułem|opis|concepto|descripción|"
                  "libellé|motif|verwendungszweck",
    "bank_reference": "bank reference|transaction reference|reference number|bankovní reference|"
                      "referencja banku|referencia bancaria|référence bancaire",
    "end_to_end_id": "end to end id|end-to-end id|e2e id|eref|identifikace platby|identyfikator end to end|"
                     "id de extremo a extremo|référence de bout en bout",
    "statement_id": "statement id|statement|statement number|číslo výpisu|výpis|numer wyciągu|wyciąg|"
                    "número de extracto|extracto|numéro de relevé|relevé",
    "source": "source|file|zdroj|soubor|źródło|plik|origen|archivo|fichier",
    "matches": "matches|matched documents|párování|dopasowania|conciliación|rapprochement",
    "reversal": "reversal|reversal by the bank|storno|storno banky|storno bankowe|retrocesión|anulación|"
                "contre-passation|annulation",
    # payslips
    "period": "period|pay period|období|mzdové období|okres|okres rozliczeniowy|período|periodo|période",
    "period_start": "period start|from|od|období od|okres od|desde|du|début",
    "period_end": "period end|to|do|období do|okres do|hasta|au|fin",
    "hours": "hours|hours worked|hrs|h|hodiny|odpracované hodiny|hod|"
             "godziny|liczba godzin|godz|horas|horas trabajadas|heures|heures travaillées",
    "gross": "gross|gross pay|gross salary|hrubá mzda|hrubá|wynagrodzenie brutto|brutto|"
             "salario bruto|bruto|salaire brut|brut",
    "deductions": "deductions|srážky|odvody|potrącenia|deducciones|retenciones|retenues|déductions",
    # order rows
    "order_date": "order date|date|ordered on|datum objednávky|datum|data zamówienia|data|"
                  "fecha de pedido|fecha|date de commande|date|date commande|datum objednání|"
                  "fecha pedido|fecha del pedido",
    "ship_by": "ship by|ship date|delivery date|deliver by|required by|dodat do|datum dodání|termín dodání|"
               "data dostawy|termin dostawy|fecha de entrega|entregar antes de|date de livraison|livrer avant|"
               "livraison souhaitée|date de livraison souhaitée|datum dodávky",
    "notes": "notes|note|comment|comments|remarks|poznámka|poznámky|komentář|uwagi|uwaga|komentarz|"
             "notas|nota|observaciones|comentario|remarques|commentaire|observations",
    # punch timesheets
    "date": "date|day|work date|datum|den|data|dzień|fecha|día|jour",
    "in": "in|time in|clock in|start|start time|from|příchod|začátek|od|"
          "wejście|przyjście|początek|od|entrada|hora de entrada|inicio|entrée|arrivée|début|heure d'arrivée",
    "out": "out|time out|clock out|end|end time|to|odchod|konec|do|"
           "wyjście|koniec|do|salida|hora de salida|fin|sortie|départ|heure de départ",
    "break_minutes": "break minutes|break|break min|lunch|pause|přestávka|přestávka min|pauza|"
                     "przerwa|przerwa min|descanso|pausa|minutos de descanso|pause min",
}

ALIASES: dict[str, tuple[str, ...]] = {
    name: tuple(a.strip() for a in raw.split("|") if a.strip()) for name, raw in _RAW.items()
}

# Sheet names that say which table a sheet holds.
TABLE_ALIASES: dict[str, tuple[str, ...]] = {
    "items": ("items", "item", "products", "articles", "inventory", "stock", "zboží", "položky", "sklad",
              "produkty", "towary", "asortyment", "magazyn", "artículos", "productos", "inventario",
              "produits", "articles"),
    "customers": ("customers", "clients", "zákazníci", "odběratelé", "klienci", "odbiorcy", "clientes"),
    "suppliers": ("suppliers", "vendors", "dodavatelé", "dostawcy", "proveedores", "fournisseurs"),
    "employees": ("employees", "staff", "zaměstnanci", "pracownicy", "empleados", "personal", "employés",
                  "salariés", "personnel"),
    "purchase_orders": ("purchase orders", "pos", "objednávky vydané", "nákupní objednávky",
                        "zamówienia zakupu", "zamówienia do dostawców", "pedidos de compra",
                        "órdenes de compra", "commandes fournisseurs", "bons de commande"),
    "sales_invoices": ("sales invoices", "invoices", "receivables", "faktury vydané", "pohledávky",
                       "faktury sprzedaży", "należności", "facturas emitidas", "facturas de venta",
                       "factures clients", "factures de vente", "créances"),
    "bills": ("bills", "supplier invoices", "payables", "faktury přijaté", "závazky", "faktury zakupu",
              "zobowiązania", "facturas recibidas", "facturas de proveedores", "factures fournisseurs",
              "dettes fournisseurs"),
    "bank_transactions": ("bank transactions", "bank", "transactions", "statement", "bankovní pohyby",
                          "výpis", "transakcje", "wyciąg", "movimientos", "extracto", "opérations",
                          "relevé"),
    "payslips": ("payslips", "payroll", "výplatní pásky", "mzdy", "paski płacowe", "nóminas",
                 "bulletins de paie", "fiches de paie"),
}

_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")


def normalise_header(text: object) -> str:
    """`Kód zboží` -> `kodzbozi`, `Unit_Price` -> `unitprice`, `E-mail:` -> `email`."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", str(text).casefold().translate(_FOLD_EXTRA))
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))


# No header of any language is this long: longer text (a pasted paragraph, a hostile
# megabyte-long string repeated in every cell) is not folded character by character.
MAX_HEADER_CHARS = 200


def header_keys(text: object) -> tuple[str, ...]:
    """The forms a header is matched by: whole, then without bracketed parts like `(EUR)`."""
    if isinstance(text, str) and len(text) > MAX_HEADER_CHARS:
        return ()
    full = normalise_header(text)
    if not full:
        return ()
    bare = normalise_header(_BRACKETS.sub(" ", str(text)))
    return (full, bare) if bare and bare != full else (full,)


class AliasIndex:
    """Normalised header -> field name, for one set of fields.

    `field` is a sure match: the header is an alias glued (`Unit_Price`) or word for word
    once number signs and little words are folded (`N° de commande` = `numéro de commande`).
    `guess` is an unsure one, for a header `field` did not know: its words shorten one
    field's alias (`Č. obj.`), or it misspells one (rapidfuzz); the reader says what it
    took such a header for.
    """

    def __init__(self, fields: Sequence[str], extra: Mapping[str, Iterable[str]] | None = None):
        self.fields = tuple(fields)
        pairs: list[tuple[str, str]] = []
        for name, aliases in (extra or {}).items():  # the workspace's own words first
            if name in self.fields:
                pairs.extend((alias, name) for alias in ([aliases] if isinstance(aliases, str) else aliases))
        pairs.extend((name, name) for name in self.fields)
        pairs.extend((alias, name) for name in self.fields for alias in ALIASES.get(name, ()))
        pairs.extend((label, name) for name in self.fields for label in _labels(name))
        lookup: dict[str, str] = {}
        words: dict[tuple[str, ...], str] = {}
        for alias, name in pairs:
            lookup.setdefault(normalise_header(alias), name)
            key = header_words(alias.replace("_", " "))
            if key:
                words.setdefault(key, name)
        lookup.pop("", None)
        self._lookup = lookup
        self._words = words
        self._guesses: dict[str, str | None] = {}

    def field(self, header: object) -> str | None:
        found = self._as_written(header)
        if found is None:
            return self._qualified(header)
        if found in NET_FIELDS and isinstance(header, str) and says_gross(header_words(header)):
            return None  # `Unit price (incl. VAT)`: a price with tax is not the unit price
        return found

    def _as_written(self, header: object) -> str | None:
        for key in header_keys(header):
            found = self._lookup.get(key)
            if found:
                return found
        if isinstance(header, str) and len(header) <= MAX_HEADER_CHARS:
            found = self._words.get(header_words(header))
            if found:
                return found
            bare = _BRACKETS.sub(" ", header)
            if bare != header:
                return self._words.get(header_words(bare))
        return None

    def _qualified(self, header: object) -> str | None:
        """A header naming a field with units, a currency, "ordered" or "without tax" around
        it (`Cena/ks bez DPH`, `Ilość szt.`, `Qté commandée`); never a net field for a header
        saying "with tax"."""
        if not isinstance(header, str) or len(header) > MAX_HEADER_CHARS:
            return None
        words = header_words(header)
        kept, net = strip_qualifiers(words)
        if not kept or kept == words:
            return None
        found = self._words.get(kept)
        if found is None or (net and found not in NET_FIELDS):
            return None  # `Celkem bez DPH` is a total without tax, not the total
        if found in NET_FIELDS and says_gross(words):
            return None
        return found

    def gross_price(self, header: object) -> str | None:
        """The net field (the unit price) a header would mean but for its "with tax" words
        (`Cena s DPH`, `Prix TTC`), so the reader can say why it did not read the column."""
        if not isinstance(header, str) or len(header) > MAX_HEADER_CHARS or not NET_FIELDS & set(self.fields):
            return None
        words = header_words(_BRACKETS.sub(lambda m: " " + m.group(0)[1:-1] + " ", header))
        kept, gross = strip_qualifiers(words, gross=True)
        found = self._words.get(kept) if gross and kept else None
        return found if found in NET_FIELDS else None

    def guess(self, header: object) -> str | None:
        """The field a header not matched by `field` most likely means, or None when none is likely."""
        if not isinstance(header, str) or len(header) > MAX_HEADER_CHARS:
            return None
        if header not in self._guesses:
            if len(self._guesses) > 10_000:
                self._guesses.clear()
            self._guesses[header] = self._guess(header)
        return self._guesses[header]

    def _guess(self, header: str) -> str | None:
        found = self._guess_words(header_words(_BRACKETS.sub(" ", header)))
        if found is None:
            kept, net = strip_qualifiers(header_words(header))
            found = self._guess_words(kept) if kept else None
            if net and found not in NET_FIELDS:
                found = None
        if found in NET_FIELDS and says_gross(header_words(header)):
            return None  # `Prix unitaire TTC` is close to `Prix unitaire HT`, and means the opposite
        return found

    def _guess_words(self, words: tuple[str, ...]) -> str | None:
        if not words or words == ("#",):
            return None
        shortened = {name for key, name in self._words.items() if abbreviates(words, key)}
        if len(shortened) == 1:
            return shortened.pop()
        if shortened:
            return None
        glued = "".join(w for w in words if w != "#")
        best: dict[str, float] = {}
        for key, name in self._words.items():
            score = close(glued, "".join(w for w in key if w != "#"))
            if score >= FUZZY_CUTOFF and score > best.get(name, 0):
                best[name] = score
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None
        return ranked[0][0]

    def examples(self, name: str, count: int = 3) -> list[str]:
        """A few headers that would match `name`, for a message."""
        out, seen = [], set()
        for alias in (name.replace("_", " "), *ALIASES.get(name, ())):
            key = normalise_header(alias)
            if key not in seen:
                seen.add(key)
                out.append(alias)
            if len(out) == count:
                break
        return out


@lru_cache(maxsize=None)
def _labels(name: str) -> tuple[str, ...]:
    """A field's label in every language: a column headed as a message names it is that field."""
    from backoffice_auto.documents.fieldlabels import FIELD_LABELS
    from backoffice_auto.i18n import LANGUAGES, translate

    label = FIELD_LABELS.get(name)
    return tuple(dict.fromkeys(translate(label, language) for language in LANGUAGES)) if label else ()


@lru_cache(maxsize=128)
def _cached_index(fields: tuple[str, ...], extra: tuple[tuple[str, tuple[str, ...]], ...]) -> AliasIndex:
    return AliasIndex(fields, dict(extra))


def alias_index(fields: Sequence[str], extra: Mapping[str, Iterable[str]] | None = None) -> AliasIndex:
    frozen = tuple(sorted((k, (v,) if isinstance(v, str) else tuple(v)) for k, v in (extra or {}).items()))
    return _cached_index(tuple(fields), frozen)
