"""Is the mail server taking mail? Kept in `.backoffice/mail-server.json` for `status`.

A server-wide refusal (connection refused, TLS failure, login refused, 421, 530, the
sender address refused) fails no message, so without this file nobody would notice:
mail would just wait. The sender (daemon or `mail send`) records each change here and
logs it once (`mail.server_unavailable`, then `mail.server_back`), also across restarts:
a daemon started after an outage that another process saw still says when it is over.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from backoffice_auto.eventlog import log_event
from backoffice_auto.mail.spool import write_atomic

STATE_FILE = "mail-server.json"


def _path(workspace: Any) -> Path:
    return Path(workspace.state_dir) / STATE_FILE


def read_server_state(workspace: Any) -> dict:
    """`{state: ok|unavailable, error, since}`; `{}` before the first contact."""
    try:
        data = json.loads(_path(workspace).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_contact(workspace: Any, error: str | None) -> str | None:
    """After a pass that talked to the server: `error` None means it took mail.

    Returns "down" or "back" when the state changed (logged once), else None.
    """
    before = read_server_state(workspace)
    was_down = before.get("state") == "unavailable"
    now = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    if error is None:
        if not before or was_down:
            write_atomic(_path(workspace).parent, STATE_FILE,
                         json.dumps({"state": "ok", "error": None, "since": now}).encode("utf-8"))
        if was_down:
            log_event(workspace, "mail.server_back", down_since=before.get("since"))
            return "back"
        return None
    if was_down and before.get("error") == error:
        return None
    write_atomic(_path(workspace).parent, STATE_FILE,
                 json.dumps({"state": "unavailable", "error": error,
                             "since": before.get("since") if was_down else now}).encode("utf-8"))
    if was_down:
        return None  # still down, for another reason: the file says it, the log already did
    log_event(workspace, "mail.server_unavailable", level="error", error=error,
              note="no message is failed for this; mail waits in outbox/mail/pending/")
    return "down"
