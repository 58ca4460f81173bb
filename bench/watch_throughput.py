"""Throughput of the daemon for many small files dropped at once (default 1,000).

Small master-data CSV files (one item each; every tenth is unrecognisable and refused)
are prepared outside the workspace and renamed into inbox/books/ in one go; the clock
runs from the first rename until the log has a `watch.handled` line for every file.
Prints files per second and the split done/refused, and checks none was handled twice.

    python bench/watch_throughput.py [--files 1000] [--stable 0.5] [--poll S]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from watch_common import count_events, drop, events, items_csv, start_daemon, stop_daemon, workspace


def prepare(folder: Path, count: int, offset: int = 0, skus: int | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(offset, offset + count):
        if i % 10 == 9:
            path = folder / f"bad-{i:06d}.csv"
            path.write_text("nothing,we,know\n1,2,3\n", encoding="utf-8")
        else:
            path = items_csv(folder / f"items-{i:06d}.csv", start=i + 1, skus=skus)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--stable", type=float, default=0.5)
    parser.add_argument("--poll", type=float, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp) / "ws")
        paths = prepare(Path(tmp) / "drop", args.files)
        extra = ["--poll", str(args.poll)] if args.poll else []
        proc = start_daemon(ws, "--stable", str(args.stable), *extra)
        try:
            started = time.monotonic()
            drop(ws, paths)
            dropped = time.monotonic() - started
            while count_events(ws, "watch.handled") < args.files:
                time.sleep(0.2)
            elapsed = time.monotonic() - started
        finally:
            stop_daemon(proc)
        handled = events(ws, "watch.handled")
        statuses = Counter(e["status"] for e in handled)
        twice = len(handled) - len({e["file"] for e in handled})
        job_ms = sorted(e["ms"] for e in handled)
    mode = f"poll {args.poll}s" if args.poll else "native events"
    print(f"watch throughput ({mode}, --stable {args.stable}s): {args.files} small files renamed in "
          f"within {dropped:.2f} s")
    print(f"  all handled after {elapsed:.1f} s: {args.files / elapsed:.1f} files/s "
          f"({dict(statuses)}; handled twice: {twice})")
    print(f"  per job: median {job_ms[len(job_ms) // 2]:.0f} ms, p90 {job_ms[int(len(job_ms) * 0.9)]:.0f} ms")


if __name__ == "__main__":
    main()
