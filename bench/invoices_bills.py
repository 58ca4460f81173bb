"""Bills side of the invoices job: how long checking and entering a supplier invoice takes.

    python bench/invoices_bills.py [--suppliers 2000] [--orders 5000] [--invoices 60]

Books with many suppliers and purchase orders (generated), then generated invoice PDFs of
known suppliers against their orders (half with embedded Factur-X XML, half text only).
Prints, per invoice:

- pure: supplier matching (VAT id / IBAN / fuzzy name), every check, PO matching and the
  decision, over rows already read (the rule functions alone);
- extraction alone (`extract_invoice`), for scale;
- end to end through the pipeline (claim, extract, books read, checks, bill insert, two
  workbooks, mail spooled, archive), and what is left when extraction is taken off.

Not a test: figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

WORDS = ("Nord", "Süd", "Alpha", "Metal", "Papír", "Stal", "Holz", "Vitr", "Electro", "Agro", "Tex", "Chem",
         "Logi", "Pack", "Druk", "Bau", "Fer", "Plast", "Vidr", "Sol")
FORMS = ("s.r.o.", "a.s.", "GmbH", "sp. z o.o.", "S.A.", "SARL", "S.L.", "Ltd")
COUNTRIES = ("CZ", "DE", "PL", "FR", "ES")


def make_books(n_suppliers: int, n_orders: int, seed: int = 1):
    from backoffice_auto.masterdata.demo import demo_iban

    rng = random.Random(seed)
    suppliers, orders = [], []
    for i in range(1, n_suppliers + 1):
        country = COUNTRIES[i % len(COUNTRIES)]
        name = f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {rng.choice(WORDS)} {i} {rng.choice(FORMS)}"
        suppliers.append({"supplier_id": f"S{i:05d}", "name": name, "country": country,
                          "vat_id": f"{country}{rng.randrange(10**8, 10**9)}", "iban": demo_iban(country, rng),
                          "payment_terms": rng.choice(["net 30", "2/10 net 30", "net 30 eom"]), "on_hold": False})
    for p in range(1, n_orders + 1):
        sup = suppliers[rng.randrange(n_suppliers)]
        for line in range(1, rng.randrange(2, 5)):
            orders.append({"po_number": f"PO-{p:06d}", "line": line, "supplier_id": sup["supplier_id"],
                           "sku": f"SKU-{rng.randrange(1, 5000):05d}", "description": f"{rng.choice(WORDS)} part {line}",
                           "quantity": Decimal(rng.choice([5, 10, 50])),
                           "unit_price": Decimal(rng.randrange(100, 20000)) / 100,
                           "received_quantity": Decimal(50)})
    return suppliers, orders


def make_invoices(suppliers, orders, count: int, seed: int = 2):
    from backoffice_auto.invoices.demo import DemoInvoice, Line, Party, standard_rate

    rng = random.Random(seed)
    by_po: dict[str, list[dict]] = {}
    for row in orders:
        by_po.setdefault(row["po_number"], []).append(row)
    sup = {s["supplier_id"]: s for s in suppliers}
    buyer = Party("Demo Company s.r.o.", "CZ27074358", None, "CZ")
    today = date(2026, 11, 2)
    out = []
    for i, po in enumerate(rng.sample(sorted(by_po), count)):
        rows = by_po[po]
        s = sup[rows[0]["supplier_id"]]
        rate = standard_rate(s["country"])
        lines = tuple(Line(r["description"], r["quantity"], r["unit_price"], rate, r["sku"]) for r in rows)
        inv = DemoInvoice(Party(s["name"], s["vat_id"], s["iban"], s["country"]), buyer, f"B-{i:05d}", today, lines,
                          today + timedelta(days=30), po_number=po)
        out.append((inv, i % 2 == 0))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=2000)
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--invoices", type=int, default=60)
    args = parser.parse_args()

    from backoffice_auto.books.store import Store
    from backoffice_auto.invoices.bills.checks import check_invoice
    from backoffice_auto.invoices.bills.entry import decide
    from backoffice_auto.invoices.demo import invoice_pdf
    from backoffice_auto.invoices.extract.read import extract_invoice
    from backoffice_auto.invoices.bills.handler import handlers
    from backoffice_auto.invoices.bills.matching import match_purchase_order
    from backoffice_auto.invoices.bills.suppliers import match_supplier
    from backoffice_auto.pipeline.runner import Pipeline
    from backoffice_auto.workspace import Workspace

    suppliers, orders = make_books(args.suppliers, args.orders)
    invoices = make_invoices(suppliers, orders, args.invoices)
    pdfs = [(f"inv-{i:04d}.pdf", invoice_pdf(inv, embed_xml=embed)) for i, (inv, embed) in enumerate(invoices)]
    print(f"books: {len(suppliers)} suppliers, {len(orders)} purchase-order lines; {len(pdfs)} invoices "
          f"({sum(1 for _, e in invoices if e)} with Factur-X XML)")

    extracted, t_extract = [], []
    for name, data in pdfs:
        t0 = time.perf_counter()
        extracted.append(extract_invoice(data, name))
        t_extract.append(time.perf_counter() - t0)

    by_supplier: dict[str, list[dict]] = {}
    for row in orders:
        by_supplier.setdefault(row["supplier_id"], []).append(row)
    t_pure, t_names = [], []
    for inv in extracted:
        t0 = time.perf_counter()
        match = match_supplier(inv.supplier, suppliers)
        supplier = match.supplier if match else None
        findings = check_invoice(inv, supplier, [])
        if supplier:
            findings += match_purchase_order(inv, supplier["supplier_id"], by_supplier.get(supplier["supplier_id"], []),
                                             mode="three_way")[1]
        decide(findings)
        t_pure.append(time.perf_counter() - t0)
        t0 = time.perf_counter()  # the slowest supplier path: name only, fuzzy over every supplier
        match_supplier(replace(inv.supplier, vat_id=None, iban=None), suppliers)
        t_names.append(time.perf_counter() - t0)

    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.at(Path(tmp) / "ws")
        ws.init()
        store = Store(ws.db_path)
        with store.transaction() as books:
            books.upsert_many("suppliers", suppliers)
            books.upsert_many("purchase_orders", orders)
        store.close()
        paths = []
        for name, data in pdfs:
            path = ws.inbox / "invoices" / name
            path.write_bytes(data)
            paths.append(path)
        pipeline = Pipeline(ws, handlers=handlers())
        t0 = time.perf_counter()
        results = pipeline.process_paths(paths)
        t_total = time.perf_counter() - t0
        statuses: dict[str, int] = {}
        for r in results:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        entered = pipeline.store.read().count("bills")
        pipeline.store.close()

    ms = lambda xs: statistics.mean(xs) * 1000  # noqa: E731
    n = len(pdfs)
    print(f"pure rules (match, checks, PO, decide): {ms(t_pure):8.2f} ms/invoice (median {statistics.median(t_pure) * 1000:.2f})")
    print(f"supplier by name only, {len(suppliers)} suppliers: {ms(t_names):8.2f} ms/invoice")
    print(f"extraction alone:                       {ms(t_extract):8.2f} ms/invoice")
    print(f"pipeline end to end:                    {t_total / n * 1000:8.2f} ms/invoice "
          f"({n / t_total:.1f} invoices/s); statuses {statuses}; bills entered {entered}")
    print(f"pipeline minus extraction:              {(t_total - sum(t_extract)) / n * 1000:8.2f} ms/invoice")


if __name__ == "__main__":
    main()
