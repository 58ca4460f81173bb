"""Import of a 50,000-row items workbook, against openpyxl (read-only) just reading it.

Prints the time of the whole master-data job (read, type, upsert into SQLite, change report,
commit, delivery) and of the books refresh (outbox/books/items.xlsx), each with its ratio to
openpyxl read-only iterating every cell of the same file, measured in the same run.
Target of issue 2: job at most 1.5x.

    python bench/import_items.py [--rows 50000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADERS = ["sku", "name", "unit", "unit_price", "currency", "tax_rate", "on_hand", "reserved", "reorder_min",
           "reorder_max", "reorder_multiple", "location"]


def make_workbook(path: Path, rows: int) -> None:
    rng = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Items")
    sheet.append(HEADERS)
    for i in range(1, rows + 1):
        sheet.append([f"SKU-{i:06d}", f"Výrobek číslo {i} – šedý", "pcs", Decimal(rng.randrange(100, 99999)) / 100,
                      "EUR", 21, rng.randrange(0, 500), 0, 10, 50, 5, f"{'ABCDE'[i % 5]}-{i % 40:02d}"])
    book.save(path)


def openpyxl_read(path: Path) -> float:
    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in book.active.iter_rows(values_only=True):
        cells += len(row)
    book.close()
    return time.perf_counter() - start


def main() -> None:
    from backoffice_auto.pipeline.runner import Pipeline
    from backoffice_auto.workspace import Workspace

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "items.xlsx"
        make_workbook(source, args.rows)
        floor = min(openpyxl_read(source) for _ in range(2))
        workspace = Workspace.at(Path(tmp) / "ws")
        workspace.init()
        target = workspace.inbox / "books" / "items.xlsx"
        target.write_bytes(source.read_bytes())
        pipeline = Pipeline(workspace)
        start = time.perf_counter()
        result = pipeline.process_path(target)
        job = time.perf_counter() - start
        assert result["status"] == "done", result
        start = time.perf_counter()
        pipeline.flush_books()
        refresh = time.perf_counter() - start
        pipeline.close()
    print(f"rows: {args.rows}")
    print(f"openpyxl read-only, read only:      {floor:7.2f} s  (floor)")
    print(f"import job (read..commit..deliver): {job:7.2f} s  ratio {job / floor:.2f}x  (target <= 1.5x)")
    print(f"books refresh outbox/books/items:   {refresh:7.2f} s  ratio {refresh / floor:.2f}x")
    print(f"job + refresh:                      {job + refresh:7.2f} s  ratio {(job + refresh) / floor:.2f}x")


if __name__ == "__main__":
    main()
