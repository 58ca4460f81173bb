"""Scheduling 100,000 open bills and proposing a payment run, against reading them.

Fills a fresh books database (real SQLite, in a temporary folder) with N open bills of
500 suppliers (a mix of terms: net 30, 2/10 net 30, net 30 eom, 3/10 2/20 net 45; some
credit notes, some on hold), then in the same run measures:

- the floor: reading the same bills and suppliers out of the books (`Books.rows`);
- the job: `payables.service.plan_run` (every bill scheduled, holds and priority
  conditions evaluated, the cash limit filled, transfers built) on those rows.

Prints both times and the ratio. Target (issue 10): at most 3x the read, under 5 s.

    python bench/payables_bench.py [--bills 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backoffice_auto.books.store import Store  # noqa: E402
from backoffice_auto.payables.rules_model import PayablesRules  # noqa: E402
from backoffice_auto.payables.service import plan_run  # noqa: E402
from backoffice_auto.rules.settings_model import Settings  # noqa: E402

TERMS = ("net 30", "2/10 net 30", "net 30 eom", "3/10 2/20 net 45", "net 14")
IBANS = ("DE89370400440532013000", "FR1420041010050500013M02606", "CZ6508000000192000145399",
         "PL61109010140000071219812874", "ES9121000418450200051332")
RUN_DATE = date(2026, 12, 1)


def fill(store: Store, n: int, seed: int) -> None:
    rnd = random.Random(seed)
    suppliers = [{"supplier_id": f"S{i:04d}", "name": f"Supplier {i}", "iban": IBANS[i % len(IBANS)],
                  "payment_terms": TERMS[i % len(TERMS)], "priority": i % 5, "on_hold": i % 97 == 0,
                  "country": IBANS[i % len(IBANS)][:2], "email": f"s{i}@example.com", "language": "en"}
                 for i in range(500)]
    bills = []
    for i in range(n):
        issue = RUN_DATE - timedelta(days=rnd.randint(0, 60))
        cents = rnd.randint(-20_000, 5_000_000) if i % 50 == 0 else rnd.randint(1_000, 5_000_000)
        bills.append({"bill_id": f"B{i:07d}", "supplier_id": f"S{rnd.randrange(500):04d}",
                      "invoice_number": f"INV-{i:07d}", "issue_date": issue,
                      "due_date": issue + timedelta(days=30) if i % 3 == 0 else None, "currency": "EUR",
                      "total": Decimal(cents) / 100, "paid": Decimal(0),
                      "status": "on_hold" if i % 40 == 0 else "scheduled"})
    with store.transaction() as books:
        books.upsert_many("suppliers", suppliers)
        books.insert_many("bills", bills)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bills", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rules = PayablesRules.model_validate({
        "cash_limit": {"EUR": 2_000_000},
        "holds": [{"when": "bill.total > 49000 and supplier.country != 'CZ'", "reason": "large foreign bill"}],
        "priorities": [{"when": "bill.days_overdue > 0", "priority": 1}]})
    settings = Settings.model_validate({"company": {"name": "Bench s.r.o.", "iban": IBANS[2], "country": "CZ"}})
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "state.db")
        fill(store, args.bills, 0)
        read_times, job_times, read_cpu, job_cpu = [], [], [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            books = store.read()
            bill_rows, supplier_rows = books.rows("bills"), books.rows("suppliers")
            t1, c1 = time.perf_counter(), time.process_time()
            plan = plan_run(bill_rows, supplier_rows, rules, settings, RUN_DATE, {})
            t2, c2 = time.perf_counter(), time.process_time()
            read_times.append(t1 - t0)
            job_times.append(t2 - t1)
            read_cpu.append(c1 - c0)
            job_cpu.append(c2 - c1)
        store.close()
    read, job = min(read_times), min(job_times)
    p = plan.proposal
    print(f"bills: {args.bills:,}; proposed: {len(p.transfers):,} transfers, "
          f"{sum(len(t.lines) for t in p.transfers):,} lines, {len(p.left_out):,} left out")
    print(f"read from the books:        {read:.2f} s wall, {min(read_cpu):.2f} s CPU")
    print(f"schedule + propose a run:   {job:.2f} s wall, {min(job_cpu):.2f} s CPU")
    print(f"ratio to the read:          {job / read:.2f}x wall, {min(job_cpu) / min(read_cpu):.2f}x CPU "
          f"(target <= 3x)")
    print(f"target under 5 s:           {'met' if job < 5 else 'NOT met'}; <= 3x: {'met' if job <= 3 * read else 'NOT met'}")


if __name__ == "__main__":
    main()
