"""What the daemon leaves for `status`: is it running, the rules' state.

Works with or without a daemon: without one, the rules are validated on the spot.
"""

from __future__ import annotations

from typing import Any

from backoffice_auto.watch.daemon import lock_path
from backoffice_auto.pidlock import holder
from backoffice_auto.watch.rulestate import read_state


def daemon_state(workspace: Any) -> dict:
    """`{running: bool, pid: int | None}` (pid -1: running, pid unknown)."""
    pid = holder(lock_path(workspace))
    return {"running": pid is not None, "pid": pid}


def rules_state(workspace: Any, language: str = "en") -> dict:
    """`{state: ok|invalid, problems: ["file:line:col: message"], in_force_hash, on_disk_hash,
    checked_at, changed_at, source: daemon|check}`.

    With a running daemon: what it has in force (an invalid edit keeps the last good
    rules: `state` invalid, `in_force_hash` the old rules). Without one: a fresh check.
    """
    daemon = daemon_state(workspace)
    saved = read_state(workspace) if daemon["running"] else None
    if daemon["running"] and saved is None:  # the daemon is starting: its state file comes first thing
        import time

        for _ in range(20):
            time.sleep(0.05)
            saved = read_state(workspace)
            if saved is not None:
                break
    if saved is not None:
        out = {k: saved.get(k) for k in ("state", "problems", "in_force_hash", "on_disk_hash", "checked_at",
                                         "changed_at")}
        out["source"] = "daemon"
        return out
    from backoffice_auto.rules.loader import load_rules

    result = load_rules(workspace.rules_dir)
    ok = result.rules is not None and not result.problems
    return {"state": "ok" if ok else "invalid", "problems": [p.render(language) for p in result.problems],
            "in_force_hash": result.hash if ok else None, "on_disk_hash": result.hash,
            "checked_at": None, "changed_at": None, "source": "check"}

