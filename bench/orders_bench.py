"""Orders job speed: 100,000 order lines over 10,000 SKUs and 2,000 customers, end to end.

    python bench/orders_bench.py [--lines 100000] [--skus 10000] [--customers 2000] [--pdfs 500]

Prints, each measured in a fresh process so that peak memory is the job's own:

- baseline: openpyxl loading and saving the same order workbook;
- end to end: read (calamine), books read, row checks, allocation, invoices, books written
  (one SQLite transaction), every workbook output (the clerk's workbook with status
  columns, pick list, backorder report, reorder suggestions), with time per phase, peak
  memory and the ratio to the baseline (target: at most 1.2);
- invoice PDFs on their own, as invoices per second (and packing slip pages per second).

Not a test: figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(folder: Path, lines: int, skus: int, customers: int) -> Path:
    from backoffice_auto.books.store import Store
    from backoffice_auto.orders.demo import order_rows, write_order_sheet
    from backoffice_auto.workspace import Workspace

    rng = random.Random(7)
    ws = Workspace.at(folder / "ws")
    ws.init()
    sku_ids = [f"SKU-{i:05d}" for i in range(1, skus + 1)]
    customer_ids = [f"C{i:04d}" for i in range(1, customers + 1)]
    items = [{"sku": s, "name": f"Položka {s} žlutá", "unit": "kg" if i % 10 == 0 else "pcs",
              "unit_price": Decimal(rng.randrange(50, 50000)) / 100, "currency": "EUR",
              "tax_rate": Decimal(rng.choice([21, 21, 12])), "on_hand": Decimal(rng.choice([0, 5, 20, 60, 200])),
              "reserved": Decimal(0), "reorder_min": Decimal(10), "reorder_max": Decimal(100),
              "reorder_multiple": Decimal(10), "location": f"{'ABCDEFGH'[i % 8]}-{i % 40:02d}"}
             for i, s in enumerate(sku_ids)]
    custs = [{"customer_id": c, "name": f"Zákazník {c} s.r.o.", "email": f"{c.lower()}@example.cz",
              "language": ("cs", "pl", "es", "fr", "en")[i % 5], "priority": i % 4,
              "ship_policy": "complete" if i % 9 == 0 else "partial", "discount_pct": Decimal(i % 3),
              "payment_terms": ("net 30", "2/10 net 30", "net 30 eom")[i % 3]} for i, c in enumerate(customer_ids)]
    store = Store(ws.db_path)
    with store.transaction() as books:
        books.upsert_many("items", items)
        books.upsert_many("customers", custs)
    store.close()
    rows = order_rows(sku_ids, customer_ids, lines, seed=11, max_lines_per_order=9)
    return write_order_sheet(ws.inbox / "orders" / "orders-bench.xlsx", rows)


def baseline(path: Path) -> dict:
    import openpyxl

    cpu = time.process_time()
    t = time.perf_counter()
    wb = openpyxl.load_workbook(path)
    loaded = time.perf_counter()
    wb.save(path.with_name("baseline-copy.xlsx"))
    done = time.perf_counter()
    return {"load_s": loaded - t, "save_s": done - loaded, "total_s": done - t, "peak_mb": peak_mb(),
            "cpu_s": time.process_time() - cpu}


def end_to_end(path: Path, pdfs: int) -> dict:
    from datetime import date

    from backoffice_auto.books.store import Store
    from backoffice_auto.documents.values import locale_forms
    from backoffice_auto.orders.job import _skipped_rows
    from backoffice_auto.orders.outputs import row_statuses, write_pdfs, write_workbooks
    from backoffice_auto.orders.reader import read_orders
    from backoffice_auto.orders.rules_model import OrdersRules
    from backoffice_auto.orders.service import fulfil, load_view, record, reorder_suggestions
    from backoffice_auto.orders.validate import check_rows
    from backoffice_auto.rules.settings_model import Settings
    from backoffice_auto.workspace import Workspace

    ws = Workspace.at(path.parents[2])
    rules, settings = OrdersRules(), Settings()
    out_dir = ws.root / "bench-out"
    out_dir.mkdir(exist_ok=True)

    def out(rel: str) -> Path:
        p = out_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    from backoffice_auto.gcpause import collector_paused

    phases: dict[str, float] = {}
    data = path.read_bytes()
    paused = collector_paused()  # as the handler runs the job
    paused.__enter__()
    cpu = time.process_time()
    start = t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        phases[name] = now - t
        t = now

    read = read_orders(data, path.name, settings.locale, settings.limits)
    lap("read")
    store = Store(ws.db_path)
    with store.transaction() as books:
        order_ids = {r.values["order_id"] for r in read.rows if r.values.get("order_id")}
        view = load_view(books, order_ids)
        lap("books_read")
        checked = check_rows(read.rows, view.items, view.customers, rules, settings.currency, view.processed)
        assert not checked.errors, checked.errors[:3]
        lap("check")
        f = fulfil(checked.orders, view, rules, settings.currency)
        lap("allocate_and_invoice")
        rec = record(books, f, view, rules, job_id="bench", source_file=path.name, today=date(2026, 11, 20))
        lap("books_write")
        invoice_of = {inv.draft.order_id: inv.number for inv in rec.invoices}
        statuses = row_statuses(f.new.orders, rec.shipments, invoice_of, _skipped_rows(read.rows, checked),
                                {lay.name: lay.header_row for lay in read.layouts}, "en")
        suggestions = reorder_suggestions(view, rec, f)
        lap("statuses_and_reorder")
        written = write_workbooks(out, clerk=(data, path.name, read.format), statuses=statuses,
                                  orders=f.all_orders(), items=view.items, customers=view.customers,
                                  shipments=rec.shipments, suggestions=suggestions, language="en",
                                  decimal_mark=locale_forms(settings.locale).decimal)
        lap("write_workbooks")
    lap("commit")
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    paused.__exit__(None, None, None)
    memory = peak_mb()
    result = {"total_s": total, "cpu_s": cpu, "phases_s": phases, "peak_mb": memory, "lines": len(read.rows),
              "orders": len(f.new.orders), "invoices": len(rec.invoices),
              "lines_shipped": sum(1 for oa in f.new.orders for la in oa.lines if la.allocated > 0),
              "lines_backordered": sum(1 for oa in f.new.orders for la in oa.lines if la.backordered > 0),
              "pick_lines": written.pick_lines, "reorder_suggestions": len(suggestions)}

    # PDFs on their own: the first `pdfs` invoices, and packing slips for the same orders.
    sample = rec.invoices[:pdfs]
    ids = {inv.draft.order_id for inv in sample}
    t = time.perf_counter()
    write_pdfs(out, written, orders=[], invoices=sample, items=view.items, customers=view.customers,
               shipments=rec.shipments, company=settings.company, default_language="en",
               default_terms=rules.invoicing.default_payment_terms, ship_date=date(2026, 11, 20))
    pdf_s = time.perf_counter() - t
    orders = [oa for oa in f.new.orders if oa.order.order_id in ids]
    t = time.perf_counter()
    write_pdfs(out, written, orders=orders, invoices=[], items=view.items, customers=view.customers,
               shipments=rec.shipments, company=settings.company, default_language="en",
               default_terms=rules.invoicing.default_payment_terms, ship_date=date(2026, 11, 20))
    slips_s = time.perf_counter() - t
    result.update({"pdf_invoices": len(sample), "pdf_s": pdf_s, "invoices_per_s": len(sample) / pdf_s,
                   "packing_slips": len(orders), "packing_slips_per_s": len(orders) / slips_s})
    store.close()
    return result


def _child(kind: str, path: Path, pdfs: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, "--path", str(path), "--pdfs", str(pdfs)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--pdfs", type=int, default=500)
    parser.add_argument("--child")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.child:
        fn = baseline if args.child == "baseline" else lambda p: end_to_end(p, args.pdfs)
        print(json.dumps(fn(Path(args.path))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        path = setup(Path(tmp), args.lines, args.skus, args.customers)
        print(f"setup: {args.lines} lines, {args.skus} skus, {args.customers} customers, "
              f"{path.stat().st_size / 1e6:.1f} MB workbook ({time.perf_counter() - t:.1f} s)", file=sys.stderr)
        base = _child("baseline", path, args.pdfs)
        e2e = _child("e2e", path, args.pdfs)
    print(f"openpyxl load+save (baseline): {base['total_s']:.2f} s (load {base['load_s']:.2f}, "
          f"save {base['save_s']:.2f}), peak {base['peak_mb']:.0f} MB")
    print(f"orders end to end: {e2e['total_s']:.2f} s, peak {e2e['peak_mb']:.0f} MB, "
          f"ratio to baseline {e2e['total_s'] / base['total_s']:.2f}x (target <= 1.2x)")
    print(f"CPU time (steadier on a busy machine): baseline {base['cpu_s']:.2f} s, orders {e2e['cpu_s']:.2f} s, "
          f"ratio {e2e['cpu_s'] / base['cpu_s']:.2f}x; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, secs in e2e["phases_s"].items():
        print(f"  {name:<22} {secs:6.2f} s")
    print(f"  {e2e['lines']} lines, {e2e['orders']} orders, {e2e['lines_shipped']} lines shipped, "
          f"{e2e['lines_backordered']} backordered, {e2e['invoices']} invoices, "
          f"{e2e['reorder_suggestions']} reorder suggestions")
    print(f"invoice PDFs: {e2e['pdf_invoices']} in {e2e['pdf_s']:.2f} s = {e2e['invoices_per_s']:.0f} invoices/s; "
          f"packing slips {e2e['packing_slips_per_s']:.0f} pages/s")


if __name__ == "__main__":
    main()
