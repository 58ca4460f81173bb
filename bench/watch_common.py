"""Shared pieces of the watcher benchmarks: a workspace, the real daemon as a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from backoffice_auto.workspace import Workspace  # noqa: E402


def workspace(root: Path) -> Workspace:
    ws = Workspace.at(root)
    ws.init()
    return ws


def start_daemon(ws: Workspace, *args: str) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    for key in [k for k in env if k.startswith("BACKOFFICE_")]:
        del env[key]
    env["BACKOFFICE_CLOCK"] = "off"  # no payment run of the day inside the measured files
    before = count_events(ws, "watch.started")
    proc = subprocess.Popen([sys.executable, "-m", "backoffice_auto", "watch", "-w", str(ws.root), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    while count_events(ws, "watch.started") == before:
        if proc.poll() is not None:
            raise SystemExit("the daemon did not start")
        time.sleep(0.05)
    return proc


def stop_daemon(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(300)


def count_events(ws: Workspace, event: str) -> int:
    try:
        with open(ws.log_path, encoding="utf-8") as fh:
            return sum(1 for line in fh if f'"event": "{event}"' in line)
    except FileNotFoundError:
        return 0


def events(ws: Workspace, event: str) -> list[dict]:
    out = []
    try:
        with open(ws.log_path, encoding="utf-8") as fh:
            for line in fh:
                if f'"event": "{event}"' in line:
                    out.append(json.loads(line))
    except FileNotFoundError:
        pass
    return out


def items_csv(path: Path, start: int, count: int = 1, skus: int | None = None) -> Path:
    """`skus`: reuse that many item numbers (the files update items instead of adding)."""
    lines = ["sku,name,unit,unit_price,currency,tax_rate,on_hand,location"]
    lines += [f"SKU-{(i % skus if skus else i):06d},Item {i},pcs,{i % 97}.50,EUR,21,{i % 50},A-01"
              for i in range(start, start + count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def drop(ws: Workspace, paths: list[Path]) -> None:
    """Move prepared files into inbox/books/ by rename: they arrive complete, "at once"."""
    target = ws.inbox / "books"
    for path in paths:
        os.rename(path, target / path.name)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
