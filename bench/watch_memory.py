"""Resident memory of the daemon after 10,000 files against after 1,000 (target: within 10 %).

Small master-data CSV files are dropped in batches of 1,000 (renamed in at once); after
each batch is handled the daemon's VmRSS is read from /proc. A leak per file (a set
that only grows, a cache without bound) shows as steady growth from batch to batch.
By default the files update a fixed set of 1,000 items (`--skus`), so the books stay the
same size and what grows is the daemon; `--skus 0` adds a new item with every file (the
books, and the refresh of outbox/books/items.xlsx, then grow tenfold too).

    python bench/watch_memory.py [--batches 10] [--batch 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from watch_common import count_events, drop, rss_kib, start_daemon, stop_daemon, workspace
from watch_throughput import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--stable", type=float, default=0.5)
    parser.add_argument("--skus", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws")
        proc = start_daemon(ws, "--stable", str(args.stable))
        samples = []
        started = time.monotonic()
        try:
            for b in range(args.batches):
                paths = prepare(Path(tmp) / f"drop-{b}", args.batch, offset=b * args.batch, skus=args.skus or None)
                drop(ws, paths)
                target = (b + 1) * args.batch
                while count_events(ws, "watch.handled") < target:
                    time.sleep(0.5)
                time.sleep(1.0)  # the books refresh after the batch
                samples.append((target, rss_kib(proc.pid)))
                print(f"  after {target:>6} files: RSS {samples[-1][1] / 1024:.1f} MiB "
                      f"({time.monotonic() - started:.0f} s)", flush=True)
        finally:
            stop_daemon(proc)
    first = samples[0][1]
    last = samples[-1][1]
    books = f"books kept at {args.skus} items" if args.skus else "a new item per file"
    print(f"watch memory ({books}): RSS after {samples[-1][0]} files is {100 * (last - first) / first:+.1f} % "
          f"of that after {samples[0][0]} ({first / 1024:.1f} -> {last / 1024:.1f} MiB; target within 10 %)")


if __name__ == "__main__":
    main()
