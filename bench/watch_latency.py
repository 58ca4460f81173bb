"""Latency from a file becoming stable to its outputs in outbox/, for a small master-data workbook.

Each workbook (10 items, openpyxl) is renamed into inbox/books/ complete, so it is stable
from that moment; it counts as stable `--stable` seconds later. The figure is the time
from then until the job's folder appears in outbox/ (measured by polling every 2 ms), i.e.
what the daemon adds on top of the stability delay: the stability check's tick, claim,
read, rules, commit, delivery. Target (issue 3): under 300 ms.

    python bench/watch_latency.py [--files 20] [--stable 1] [--poll S]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from watch_common import start_daemon, stop_daemon, workspace

from openpyxl import Workbook


def workbook(path: Path, start: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Items"
    sheet.append(["sku", "name", "unit", "unit_price", "currency", "tax_rate", "on_hand", "location"])
    for i in range(start, start + 10):
        sheet.append([f"SKU-{i:05d}", f"Item {i}", "pcs", Decimal(f"{i}.50"), "EUR", 21, i, "A-01"])
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--stable", type=float, default=1.0)
    parser.add_argument("--poll", type=float, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws")
        extra = ["--poll", str(args.poll)] if args.poll else []
        proc = start_daemon(ws, "--stable", str(args.stable), *extra)
        latencies = []
        try:
            for n in range(args.files):
                src = workbook(Path(tmp) / f"lat-{n:03d}.xlsx", n * 100 + 1)
                dest = ws.inbox / "books" / src.name
                src.rename(dest)
                dropped = time.monotonic()
                stem = f"-lat-{n:03d}"
                while True:
                    found = [p for p in ws.outbox.glob("*/*") if p.name.endswith(stem)]
                    if found:
                        break
                    time.sleep(0.002)
                latencies.append(time.monotonic() - dropped - args.stable)
                time.sleep(0.2)
        finally:
            stop_daemon(proc)
            from watch_common import events
            job_ms = sorted(e["ms"] for e in events(ws, "watch.handled"))
    ms = sorted(x * 1000 for x in latencies)
    mode = f"poll {args.poll}s" if args.poll else "native events"
    print(f"watch latency ({mode}, --stable {args.stable}s, {len(ms)} small master-data workbooks)")
    print(f"  on top of the stability delay: median {statistics.median(ms):.0f} ms, "
          f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms (target < 300 ms)")
    print(f"  of which the pipeline job itself: median {statistics.median(job_ms):.0f} ms")


if __name__ == "__main__":
    main()
