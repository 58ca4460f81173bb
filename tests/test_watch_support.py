"""Helpers for the watcher tests: the real daemon in a subprocess, real workbooks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from backoffice_auto.eventlog import read_events

REPO = Path(__file__).resolve().parents[1]


def items_rows(count: int = 5, start: int = 1, tag: str = "") -> list[list]:
    rows = [["sku", "name", "unit", "unit_price", "currency", "tax_rate", "on_hand", "location"]]
    for i in range(start, start + count):
        rows.append([f"SKU-{i:05d}", f"Šroub {tag}{i}", "pcs", Decimal(f"{i}.50"), "EUR", 21, i, "A-01"])
    return rows


def items_csv(path: Path, count: int = 2, start: int = 1, tag: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(items_rows(0)[0])]
    lines += [f"SKU-{i:05d},Item {tag}{i},pcs,{i}.50,EUR,21,{i},A-01" for i in range(start, start + count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class DaemonProcess:
    """`backoffice-auto watch` as a real subprocess."""

    live: list["DaemonProcess"] = []  # every one started, so a failed test leaves none behind

    def __init__(self, workspace, *args: str, env: dict | None = None):
        self.workspace = workspace
        self.log_file = open(Path(workspace.root).parent / f"daemon-{time.monotonic_ns()}.err", "w+")
        full_env = dict(os.environ)
        full_env["PYTHONPATH"] = str(REPO) + os.pathsep + full_env.get("PYTHONPATH", "")
        for key in [k for k in full_env if k.startswith("BACKOFFICE_")]:
            del full_env[key]
        full_env["BACKOFFICE_CLOCK"] = "off"  # the payment run is on by default: only tests that ask get one
        full_env.update(env or {})
        self.started_before = len(read_events(workspace, "watch.started"))
        self.proc = subprocess.Popen([sys.executable, "-m", "backoffice_auto", "watch", "-w", str(workspace.root),
                                      *args], stdout=subprocess.DEVNULL, stderr=self.log_file, env=full_env,
                                     cwd=REPO)
        DaemonProcess.live.append(self)

    def wait_started(self, timeout: float = 30.0) -> "DaemonProcess":
        wait_for(lambda: len(read_events(self.workspace, "watch.started")) > self.started_before
                 or self.proc.poll() is not None, timeout, what="watch.started")
        assert self.proc.poll() is None, self.stderr()
        return self

    def stderr(self) -> str:
        self.log_file.flush()
        self.log_file.seek(0)
        return self.log_file.read()

    def terminate(self, timeout: float = 60.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout)
        self.log_file.close()
        return code

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self.log_file.close()


@contextmanager
def no_daemon_left_behind():
    """Kill (SIGKILL) the daemons a test started and did not stop itself."""
    before = len(DaemonProcess.live)
    try:
        yield
    finally:
        for daemon in DaemonProcess.live[before:]:
            if daemon.proc.poll() is None:
                daemon.proc.kill()
                daemon.proc.wait(30)
        del DaemonProcess.live[before:]


def handled(workspace, name: str | None = None) -> list[dict]:
    events = read_events(workspace, "watch.handled")
    return [e for e in events if name is None or Path(e["file"]).name == name]


def status_json(workspace) -> dict:
    """What `status --json` prints (the same function, in-process: a subprocess costs seconds)."""
    from backoffice_auto.status import collect_status

    return json.loads(json.dumps(collect_status(workspace, limit=5), default=str))
