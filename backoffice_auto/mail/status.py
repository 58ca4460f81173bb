"""What `status` shows about mail: how many wait, how many failed, why the oldest waits."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from backoffice_auto.mail.sender import RetryBook


def _eml(folder: Path) -> list[os.DirEntry]:
    try:
        return [e for e in os.scandir(folder) if e.name.endswith(".eml") and not e.name.startswith(".")]
    except FileNotFoundError:
        return []


def _mtime(entry: os.DirEntry) -> float | None:
    """None when the sender moved the file to sent/ between the listing and this look."""
    try:
        return entry.stat().st_mtime
    except FileNotFoundError:
        return None


def mail_counts(workspace: Any) -> dict:
    """`{pending, retrying, sent, failed, oldest_pending, failed_files, last_errors}` for `status`.

    `oldest_pending` is an ISO 8601 UTC time (or None); `failed_files` lists at most 20
    names with the reason from their `.error.txt`.
    """
    pending = _eml(workspace.mail_pending)
    failed = sorted(_eml(workspace.mail_failed), key=lambda e: e.name)
    book = RetryBook(workspace)
    names = {e.name for e in pending}
    retrying = {n: r for n, r in book.data.items() if n in names}
    oldest = None
    stamps = [t for t in map(_mtime, pending) if t is not None]
    if stamps:
        oldest = datetime.fromtimestamp(min(stamps), timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    failed_files = []
    for entry in failed[:20]:
        try:
            reason = Path(entry.path + ".error.txt").read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError):
            reason = None
        failed_files.append({"file": entry.name, "error": reason})
    return {
        "pending": len(pending),
        "retrying": len(retrying),
        "sent": len(_eml(workspace.mail_sent)),
        "failed": len(failed),
        "oldest_pending": oldest,
        "failed_files": failed_files,
        "last_errors": sorted({r.get("error", "") for r in retrying.values()} - {""})[:5],
    }
