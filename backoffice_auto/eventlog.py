"""One JSON line per event in `.backoffice/log.jsonl`: what the daemon, the pipeline and the
mail sender did, readable by `tail -f`, `jq` and log shippers.

Why a file and not only `logging`: the operator of a small office has no log stack; a
JSON-lines file next to the state database survives restarts and is trivially grepped.
Each line is written with a single `write()` on a file opened in append mode, so lines
from several threads (or a CLI run next to the daemon) do not interleave on POSIX.

A line cut short (power lost or the disk filled in the middle of a write) must cost that
line only: the next writer starts on a fresh line instead of gluing its event onto the
torn one (which made both unreadable), and the reader skips a line that is not whole JSON,
whatever its bytes (a multi-byte character cut in two, the zeros a file system leaves after
a crash), instead of stopping at it.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

_lock = threading.Lock()


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def format_event(event: str, fields: dict[str, Any], now: datetime | None = None, ascii_only: bool = False) -> str:
    """The JSON line (with trailing newline) for one event; pure, for tests and reuse."""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    record = {"ts": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"), "event": event}
    for key, value in fields.items():
        if key not in record:
            record[key] = value
    return json.dumps(record, ensure_ascii=ascii_only, default=_default, sort_keys=False) + "\n"


def log_event(workspace: Any, event: str, **fields: Any) -> None:
    """Append one event line to the workspace log; never raises (logging must not stop work).

    `workspace` is a `Workspace` (anything with `log_path`) or a path to the log file.
    """
    try:
        path = Path(getattr(workspace, "log_path", workspace))
        try:
            line = format_event(event, fields).encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not valid UTF-8 (surrogate escapes)
            line = format_event(event, fields, ascii_only=True).encode("ascii")
        # a workspace's log folder is made in it, never with the workspace itself: a late line from a
        # daemon whose workspace was moved away must not leave a new, empty one where it was
        path.parent.mkdir(parents=not hasattr(workspace, "log_path"), exist_ok=True)
        with _lock:
            fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, _after_torn_line(fd) + line)
            finally:
                os.close(fd)
    except Exception:  # noqa: BLE001 - logging must never stop the work it records
        pass


def _after_torn_line(fd: int) -> bytes:
    """A newline when the log does not end with one (its last line was cut short), else nothing."""
    try:
        end = os.lseek(fd, 0, os.SEEK_END)
        return b"\n" if end and os.pread(fd, 1, end - 1) != b"\n" else b""
    except OSError:  # not seekable (a pipe given as the log): nothing to mend
        return b""


def read_events(workspace: Any, event: str | None = None) -> list[dict[str, Any]]:
    """All events of the log (optionally only one kind); skips a torn line, whatever its bytes."""
    path = Path(getattr(workspace, "log_path", workspace))
    out: list[dict[str, Any]] = []
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                try:
                    record = json.loads(raw.decode("utf-8"))
                except ValueError:  # UnicodeDecodeError is one too
                    continue
                if isinstance(record, dict) and (event is None or record.get("event") == event):
                    out.append(record)
    except FileNotFoundError:
        pass
    return out
