"""Realistic master data for `backoffice-auto demo`: 200 items, 50 customers, 20 suppliers,
30 employees with Czech, Polish, Spanish and French names, and open purchase orders.

Shared by every job's demo step (orders, invoices and payroll build on these ids), so it
lives outside the master-data job. Deterministic for a seed, so the demo and the tests can
rely on the ids:
items `SKU-0001`..`SKU-0200`, customers `C001`..`C050`, suppliers `S01`..`S20`,
employees `E001`..`E030`, purchase orders `PO-2026-001`...
"""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from stdnum import vatin

PRODUCTS = [
    ("Paleta EUR 1200x800", "pcs"), ("Stretch film 500 mm", "roll"), ("Cardboard box 40x30x30", "pcs"),
    ("Packing tape 48 mm", "roll"), ("Safety gloves", "pair"), ("Cable ties 300 mm", "pack"),
    ("Steel shelf bracket", "pcs"), ("Copper wire 2.5 mm²", "m"), ("Hex bolt M10x50", "pcs"),
    ("Washer M10", "pcs"), ("Wood screws 4x40", "pack"), ("Epoxy resin", "kg"), ("Paint white matt", "l"),
    ("LED panel 60x60", "pcs"), ("Extension cord 5 m", "pcs"), ("Label printer roll", "roll"),
    ("Pallet jack wheel", "pcs"), ("Bubble wrap 1 m", "m"), ("Coffee beans", "kg"), ("Printer paper A4", "pack"),
]
VARIANTS = ["", " (blue)", " (red)", " XL", " mini", " pro", " eco", " 10-pack", " industrial", " grey"]
LOCATIONS = [f"{aisle}-{bay:02d}" for aisle in "ABCDE" for bay in range(1, 9)]

CUSTOMERS = {
    "cs": (["Stavebniny", "Elektro", "Pekárna", "Truhlářství", "Autoservis", "Zahradnictví"],
           ["Novák", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák", "Němec"], "s.r.o.", "CZ", "cz"),
    "pl": (["Hurtownia", "Piekarnia", "Serwis", "Budownictwo", "Drukarnia"],
           ["Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"], "sp. z o.o.",
           "PL", "pl"),
    "es": (["Ferretería", "Panadería", "Talleres", "Construcciones", "Imprenta"],
           ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Muñoz"], "S.L.", "ES", "es"),
    "fr": (["Boulangerie", "Quincaillerie", "Garage", "Menuiserie", "Imprimerie"],
           ["Martin", "Bernard", "Dubois", "Lefèvre", "Girard", "Moreau", "Laurent", "François"], "SARL", "FR", "fr"),
}
PEOPLE = {
    "cs": (["Jiří", "Tereza", "Lukáš", "Kateřina", "Ondřej", "Barbora", "Tomáš", "Eliška"],
           ["Svoboda", "Nováková", "Růžička", "Dvořáková", "Šťastný", "Křížová", "Beneš", "Pokorná"],
           "CZ", None, "Europe/Prague"),
    "pl": (["Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Grzegorz", "Zofia"],
           ["Wróbel", "Dąbrowska", "Kaczmarek", "Jabłońska", "Żak", "Górecka"], "PL", None, "Europe/Warsaw"),
    "es": (["José", "María", "Iñigo", "Begoña", "Álvaro", "Lucía"],
           ["Núñez", "Ibáñez", "Gutiérrez", "Peña", "Jiménez", "Rodríguez"], "ES", "MD", "Europe/Madrid"),
    "fr": (["Benoît", "Hélène", "François", "Élodie", "Jérôme", "Anaïs"],
           ["Lefèbvre", "Mercier", "Chevalier", "Bonnet", "Rousseau", "Garnier"], "FR", None, "Europe/Paris"),
}
SUPPLIER_NAMES = [
    ("Kovohutě Příbram a.s.", "CZ", "cs"), ("Papírny Šumava s.r.o.", "CZ", "cs"), ("ElektroWelt GmbH", "DE", "en"),
    ("Łódzkie Zakłady Metalowe S.A.", "PL", "pl"), ("Opakowania Gdańsk sp. z o.o.", "PL", "pl"),
    ("Suministros Industriales Ibérica S.A.", "ES", "es"), ("Embalajes Levante S.L.", "ES", "es"),
    ("Fournitures Lyonnaises SAS", "FR", "fr"), ("Peintures Côte d'Azur SARL", "FR", "fr"),
    ("Moravská ocel a.s.", "CZ", "cs"), ("Café Torréfaction Dupré", "FR", "fr"), ("Brněnské kabely s.r.o.", "CZ", "cs"),
    ("Poznańska Chemia sp. z o.o.", "PL", "pl"), ("Logística Andaluza S.L.", "ES", "es"),
    ("Würth Handel CZ s.r.o.", "CZ", "cs"), ("Tiskárna Vltava s.r.o.", "CZ", "cs"),
    ("Électricité Normande SA", "FR", "fr"), ("Hurtownia Śrubex", "PL", "pl"), ("Maderas del Norte S.A.", "ES", "es"),
    ("Plasty Zlín s.r.o.", "CZ", "cs"),
]
# street, postal code, city per country: demo addresses (deterministic, so the seeded
# random choices of the other fields stay the same)
ADDRESSES = {
    "CZ": [("Masarykova 25", "602 00", "Brno"), ("Náměstí Míru 12", "120 00", "Praha 2"),
           ("Třída Tomáše Bati 51", "760 01", "Zlín"), ("Nádražní 8", "702 00", "Ostrava")],
    "PL": [("ul. Długa 44/46", "00-241", "Warszawa"), ("ul. Piotrkowska 120", "90-006", "Łódź"),
           ("ul. Świętojańska 9", "81-368", "Gdynia"), ("ul. Floriańska 3", "31-019", "Kraków")],
    "ES": [("Calle de Alcalá 48", "28014", "Madrid"), ("Avenida de la Constitución 21", "41004", "Sevilla"),
           ("Carrer de Mallorca 401", "08013", "Barcelona"), ("Calle Colón 7", "46004", "Valencia")],
    "FR": [("8 avenue Jean Jaurès", "69007", "Lyon"), ("12 rue de la Paix", "75002", "Paris"),
           ("3 quai des Chartrons", "33000", "Bordeaux"), ("27 rue Nationale", "59800", "Lille")],
    "DE": [("Friedrichstraße 100", "10117", "Berlin"), ("Königsallee 60", "40212", "Düsseldorf")],
}


def demo_address(country: str, index: int) -> dict[str, str]:
    street, postal_code, city = ADDRESSES[country][index % len(ADDRESSES[country])]
    return {"street": street, "postal_code": postal_code, "city": city}


DEPARTMENTS = ["Warehouse", "Sales", "Finance", "Production", "Logistics"]
COUNTRY_IBAN_BANK = {"CZ": ("0800", 10), "PL": ("10901014", 16), "ES": ("21000418", 10), "FR": ("2004101005", 11),
                     "DE": ("37040044", 10)}
VAT_PREFIX = {"CZ": ("CZ", 8), "PL": ("PL", 10), "ES": ("ESB", 8), "FR": ("FR12", 9), "DE": ("DE", 9)}


def _ascii(text: str) -> str:
    """Letters for an e-mail address: accents dropped, ł and ø (which NFKD keeps) mapped."""
    text = text.translate(str.maketrans("łŁøØđĐ", "lLoOdD"))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


def demo_iban(country: str, rng: random.Random) -> str:
    """A syntactically valid IBAN (correct check digits) for the country."""
    from schwifty import IBAN

    bank, length = COUNTRY_IBAN_BANK[country]
    account = "".join(str(rng.randrange(10)) for _ in range(length))
    return str(IBAN.generate(country, bank_code=bank, account_code=account)).replace(" ", "")


def demo_master_data(seed: int = 0) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    items = []
    for i in range(1, 201):
        product, unit = PRODUCTS[(i - 1) % len(PRODUCTS)]
        variant = VARIANTS[(i - 1) // len(PRODUCTS) % len(VARIANTS)]
        price = Decimal(rng.randrange(50, 50000)) / 100
        on_hand = Decimal(rng.choice([0, 0, 5, 12, 20, 40, 75, 120, 300]))
        reorder_min = Decimal(rng.choice([5, 10, 20]))
        items.append({
            "sku": f"SKU-{i:04d}", "name": product + variant, "unit": unit, "unit_price": price, "currency": "EUR",
            "tax_rate": Decimal(rng.choice([21, 21, 21, 12])), "on_hand": on_hand, "reserved": Decimal(0),
            "reorder_min": reorder_min, "reorder_max": reorder_min * 5, "reorder_multiple": Decimal(rng.choice([1, 5, 10])),
            "location": rng.choice(LOCATIONS),
        })
    customers = []
    languages = list(CUSTOMERS)
    for i in range(1, 51):
        lang = languages[(i - 1) % len(languages)]
        trades, surnames, suffix, country, tld = CUSTOMERS[lang]
        name = f"{rng.choice(trades)} {rng.choice(surnames)} {suffix}"
        customers.append({
            "customer_id": f"C{i:03d}", "name": name, "email": f"orders@{_ascii(name.split()[1]).lower()}{i}.example.{tld}",
            "language": lang, "country": country, "priority": rng.choice([1, 1, 2, 3]),
            "ship_policy": "complete" if i % 7 == 0 else "partial",
            "discount_pct": Decimal(rng.choice([0, 0, 2, 5])), "payment_terms": rng.choice(["net 30", "net 14", "2/10 net 30"]),
            "vat_id": _vat(country, rng), "iban": demo_iban(country, rng), **demo_address(country, i),
        })
    suppliers = []
    for i, (name, country, lang) in enumerate(SUPPLIER_NAMES, start=1):
        suppliers.append({
            "supplier_id": f"S{i:02d}", "name": name, "email": f"invoices@{_ascii(name.split()[0]).lower()}.example.com",
            "language": lang, "country": country, "vat_id": _vat(country, rng), "iban": demo_iban(country, rng),
            "bic": None, "payment_terms": rng.choice(["net 30", "2/10 net 30", "net 30 eom"]), "priority": rng.choice([1, 2]),
            "on_hold": False, **demo_address(country, i),
        })
    employees = []
    langs = list(PEOPLE)
    for i in range(1, 31):
        lang = langs[(i - 1) % len(langs)]
        firsts, lasts, country, subdivision, tz = PEOPLE[lang]
        first, last = rng.choice(firsts), rng.choice(lasts)
        hourly = i % 3 != 0
        employees.append({
            "employee_id": f"E{i:03d}", "name": f"{first} {last}",
            "email": f"{_ascii(first).lower()}.{_ascii(last).lower()}{i}@demo-company.example",
            "language": lang, "department": DEPARTMENTS[(i - 1) % len(DEPARTMENTS)],
            "pay_type": "hourly" if hourly else "salaried",
            "hourly_rate": Decimal(rng.randrange(1200, 2600)) / 100 if hourly else None,
            "salary": None if hourly else Decimal(rng.randrange(2400, 4800)),
            "currency": "EUR", "country": country, "subdivision": subdivision, "timezone": tz,
            "iban": demo_iban(country, rng), "rule_set": "eu-example",
        })
    purchase_orders = []
    for p in range(1, 11):
        supplier = suppliers[(p - 1) % len(suppliers)]
        for line in range(1, rng.randrange(2, 5)):
            item = items[rng.randrange(len(items))]
            quantity = Decimal(rng.choice([10, 20, 50, 100]))
            purchase_orders.append({
                "po_number": f"PO-2026-{p:03d}", "line": line, "supplier_id": supplier["supplier_id"], "sku": item["sku"],
                "description": item["name"], "quantity": quantity,
                "unit_price": (item["unit_price"] * Decimal("0.6")).quantize(Decimal("0.01")),
                "received_quantity": quantity if p % 3 else Decimal(0),
            })
    return {"items": items, "customers": customers, "suppliers": suppliers, "employees": employees,
            "purchase_orders": purchase_orders}


def _vat(country: str, rng: random.Random) -> str:
    """A VAT id of `country` with valid check digits (python-stdnum): the first valid one
    counting up from the digits drawn, so the generator draws what it always drew. Invoices
    to a business in another member state go out at 0 % only on a valid id."""
    prefix, digits = VAT_PREFIX[country]
    drawn = prefix + "".join(str(rng.randrange(10)) for _ in range(digits))
    letters = len(drawn) - len(drawn.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    head, number = drawn[:letters], int(drawn[letters:])
    width = len(drawn) - letters
    for lead in range(10):  # some leading digits are never valid (a Czech id of a company: 9)
        start = number + lead * 10 ** (width - 1)
        for step in range(20_000):
            candidate = f"{head}{(start + step) % 10**width:0{width}d}"
            if vatin.is_valid(candidate):
                return candidate
    raise AssertionError(f"no valid VAT id near {drawn}")


SHEET_TITLES = {"items": "Items", "customers": "Customers", "suppliers": "Suppliers", "employees": "Employees",
                "purchase_orders": "Purchase orders"}


def write_master_data_workbook(path: Path, data: dict[str, list[dict]]) -> Path:
    """One workbook, a sheet per table, headers as the vocabulary's field names."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, records in data.items():
        sheet = workbook.create_sheet(SHEET_TITLES.get(table, table))
        headers = list(records[0])
        sheet.append(headers)
        for record in records:
            sheet.append([_cell(record[h]) for h in headers])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value

