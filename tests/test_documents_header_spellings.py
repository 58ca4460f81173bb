"""Header spellings clerks really write, in en, cs, pl, es and fr, each mapped to its field.

The table is the contract of header matching: accents, case, punctuation, number signs
(`N°`, `Nº`, `No.`, `Nr.`, `č.`, `#`), little words and common shortenings are folded; a
shortened or misspelt header is still taken for its field (and reported as a guess); a
look-alike that is not a field of the sheet maps to nothing.
"""

from __future__ import annotations

import pytest

from backoffice_auto.books.schema import TABLES
from backoffice_auto.documents.aliases import alias_index
from backoffice_auto.orders.reader import FIELDS as ORDER_FIELDS
from backoffice_auto.payroll.timesheet import ALIASES as TIMESHEET_ALIASES

SETS = {
    "orders": [f.name for f in ORDER_FIELDS],
    "items": TABLES["items"].field_names,
    "customers": TABLES["customers"].field_names,
    "employees": TABLES["employees"].field_names,
    "bills": TABLES["bills"].field_names,
    "timesheet": list(TIMESHEET_ALIASES),
}

SPELLINGS = [
    # orders: order number
    ("orders", "Order ID", "order_id"), ("orders", "Order #", "order_id"), ("orders", "Order No.", "order_id"),
    ("orders", "Číslo objednávky", "order_id"), ("orders", "Č. obj.", "order_id"), ("orders", "č.objednávky", "order_id"),
    ("orders", "Nr zam.", "order_id"), ("orders", "Numer zamówienia", "order_id"), ("orders", "Nr zamówienia", "order_id"),
    ("orders", "Nº pedido", "order_id"), ("orders", "N° de pedido", "order_id"), ("orders", "Número de pedido", "order_id"),
    ("orders", "N° de commande", "order_id"), ("orders", "Nº commande", "order_id"), ("orders", "No. de commande", "order_id"),
    ("orders", "Numéro de commande", "order_id"),
    # orders: date, customer, item, quantity, price
    ("orders", "Datum objednávky", "order_date"), ("orders", "Data zamówienia", "order_date"),
    ("orders", "Fecha pedido", "order_date"), ("orders", "Date de commande", "order_date"),
    ("orders", "Customer No.", "customer_id"), ("orders", "Odběratel", "customer_id"),
    ("orders", "Nr klienta", "customer_id"), ("orders", "Cliente", "customer_id"), ("orders", "Code client", "customer_id"),
    ("orders", "Item code", "sku"), ("orders", "Kód zboží", "sku"), ("orders", "Kod towaru", "sku"),
    ("orders", "Código artículo", "sku"), ("orders", "Référence", "sku"), ("orders", "Réf.", "sku"),
    ("orders", "Qty", "quantity"), ("orders", "Quantity", "quantity"), ("orders", "Množství", "quantity"),
    ("orders", "Ks", "quantity"), ("orders", "Množ.", "quantity"), ("orders", "Ilość", "quantity"),
    ("orders", "Szt.", "quantity"), ("orders", "Cantidad", "quantity"), ("orders", "Cant.", "quantity"),
    ("orders", "Qté", "quantity"), ("orders", "Quantité", "quantity"), ("orders", "QUANTITE", "quantity"),
    ("orders", "Unit price (EUR)", "unit_price"), ("orders", "Jednotková cena", "unit_price"),
    ("orders", "Cena jedn.", "unit_price"), ("orders", "Precio unitario", "unit_price"), ("orders", "P.U.", "unit_price"),
    ("orders", "Dodat do", "ship_by"), ("orders", "Fecha de entrega", "ship_by"),
    ("orders", "Poznámka", "notes"), ("orders", "Uwagi", "notes"), ("orders", "Observaciones", "notes"),
    # master data
    ("items", "Název zboží", "name"), ("items", "Désignation", "name"), ("items", "Qté en stock", "on_hand"),
    ("items", "Stan magazynowy", "on_hand"), ("items", "Existencias", "on_hand"), ("items", "Sazba DPH (%)", "tax_rate"),
    ("items", "Taux de TVA", "tax_rate"), ("items", "Stawka VAT", "tax_rate"), ("items", "Umístění", "location"),
    ("customers", "IČ DPH / DIČ", None), ("customers", "DIČ", "vat_id"), ("customers", "N° TVA", "vat_id"),
    ("customers", "NIP", "vat_id"), ("customers", "E-mail", "email"), ("customers", "Correo electrónico", "email"),
    ("customers", "Splatnost", "payment_terms"), ("customers", "Conditions de paiement", "payment_terms"),
    ("employees", "Osobní číslo", "employee_id"), ("employees", "Nr pracownika", "employee_id"),
    ("employees", "Matricule", "employee_id"), ("employees", "Hodinová sazba", "hourly_rate"),
    ("employees", "Taux horaire", "hourly_rate"), ("employees", "Salario mensual", "salary"),
    ("bills", "Datum splatnosti", "due_date"), ("bills", "Échéance", "due_date"), ("bills", "Fecha de vencimiento", "due_date"),
    ("bills", "Číslo dokladu", "bill_id"), ("bills", "N° de pièce", "bill_id"),
    # timesheets
    ("timesheet", "Datum", "date"), ("timesheet", "Příchod", "in"), ("timesheet", "Odchod", "out"),
    ("timesheet", "Wejście", "in"), ("timesheet", "Hora de entrada", "in"), ("timesheet", "Heure de départ", "out"),
    ("timesheet", "Przerwa (min)", "break_minutes"), ("timesheet", "Odpracované hodiny", "hours"),
    # two letters swapped, a slip like a letter left out
    ("orders", "Qunatity", "quantity"), ("orders", "Pirce", "unit_price"), ("orders", "Množsví", "quantity"),
    ("orders", "Cnatidad", "quantity"), ("orders", "Kleint", "customer_id"), ("orders", "Datum objendávky", "order_date"),
    ("employees", "Hodinová szaba", "hourly_rate"), ("timesheet", "Odhcod", "out"),
    # look-alikes that are no field of the sheet
    ("orders", "Total", None), ("orders", "Celkem", None), ("orders", "Datum splatnosti", None),
    ("orders", "Barva", None), ("orders", "Razem", None), ("orders", "No.", None), ("orders", "#", None),
    ("items", "Fournisseur préféré", None), ("timesheet", "Podpis", None), ("employees", "Datum narození", None),
]


def _match(fields: str, header: str):
    index = alias_index(SETS[fields])
    return index.field(header) or index.guess(header)


def test_the_table_is_broad():
    assert len(SPELLINGS) >= 60
    assert len({h for _, h, field in SPELLINGS if field}) >= 60


@pytest.mark.parametrize(("fields", "header", "field"), SPELLINGS, ids=[f"{s}:{h}" for s, h, _ in SPELLINGS])
def test_header_spelling_maps_to_its_field(fields, header, field):
    assert _match(fields, header) == field
