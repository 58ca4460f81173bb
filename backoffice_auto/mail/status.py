"""What `status` shows about mail: how many wait, which failed or are held and why, the server.

Each failed or held message is listed as a person reads it (recipient, subject, the
reason in words), not as a file name or a Python structure: the operator decides from
this list whether to resend, release or fix an address.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from backoffice_auto.mail.held import ERROR_SUFFIX, NOTE_SUFFIX
from backoffice_auto.mail.render import RECIPIENT_HEADER
from backoffice_auto.mail.sender import RetryBook
from backoffice_auto.mail.serverstate import read_server_state
from backoffice_auto.mail.spool import held_folder

LISTED = 20  # failed or held messages listed by name; the counts cover all
HEADER_BYTES = 64 * 1024


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


def recipient_and_subject(path: str) -> tuple[str | None, str | None]:
    """(recipient, subject) of a spool file, read from its headers only."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEADER_BYTES)
    except OSError:
        return None, None
    headers = BytesHeaderParser(policy=default_policy).parsebytes(head)
    try:
        rcpt = headers.get(RECIPIENT_HEADER)
        if rcpt:
            to = str(rcpt)
        else:
            to = ", ".join(a for _, a in getaddresses([str(v) for v in headers.get_all("To", [])]) if a) or None
        subject = headers.get("Subject")
        return to, (" ".join(str(subject).split()) if subject is not None else None)
    except (TypeError, ValueError, IndexError):  # a hand-dropped file with broken headers
        return None, None


def first_line(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return None


def _listing(entries: list[os.DirEntry], note_suffix: str) -> list[dict]:
    out = []
    for entry in entries[:LISTED]:
        to, subject = recipient_and_subject(entry.path)
        out.append({"file": entry.name, "to": to, "subject": subject, "error": first_line(entry.path + note_suffix)})
    return out


def mail_counts(workspace: Any) -> dict:
    """`{pending, retrying, sent, failed, held, oldest_pending, failed_files, held_files,
    last_errors, server}` for `status`.

    `oldest_pending` is an ISO 8601 UTC time (or None); `failed_files` and `held_files`
    list at most 20 messages as `{file, to, subject, error}`; `server` is the last
    known state of the mail server (`{state: ok|unavailable, error, since}` or `{}`).
    """
    pending = _eml(workspace.mail_pending)
    failed = sorted(_eml(workspace.mail_failed), key=lambda e: e.name)
    held = sorted(_eml(held_folder(workspace)), key=lambda e: e.name)
    book = RetryBook(workspace)
    names = {e.name for e in pending}
    retrying = {n: r for n, r in book.data.items() if n in names}
    oldest = None
    stamps = [t for t in map(_mtime, pending) if t is not None]
    if stamps:
        oldest = datetime.fromtimestamp(min(stamps), timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    return {
        "pending": len(pending),
        "retrying": len(retrying),
        "sent": len(_eml(workspace.mail_sent)),
        "failed": len(failed),
        "held": len(held),
        "oldest_pending": oldest,
        "failed_files": _listing(failed, ERROR_SUFFIX),
        "held_files": _listing(held, NOTE_SUFFIX),
        "last_errors": sorted({r.get("error", "") for r in retrying.values()} - {""})[:5],
        "server": read_server_state(workspace),
    }


def _describe(item: dict) -> str:
    to = item.get("to") or "(no recipient)"
    subject = f'"{item["subject"]}"' if item.get("subject") else "(no subject)"
    reason = item.get("error") or "no reason recorded"
    return f"to {to}, {subject}: {reason} [{item['file']}]"


def render_mail(mail: dict) -> list[str]:
    """The mail lines of `status` (plain text, one message per line)."""
    counts = ("pending", "retrying", "sent", "failed", "held")
    lines = ["Mail: " + ", ".join(f"{mail.get(k, 0)} {k}" for k in counts)]
    server = mail.get("server") or {}
    if server.get("state") == "unavailable":
        lines.append(f"  the mail server is not taking mail since {server.get('since')}: {server.get('error')}"
                     " (no message is failed for this; mail waits)")
    if mail.get("oldest_pending"):
        lines.append(f"  oldest waiting since {mail['oldest_pending']}")
    for error in mail.get("last_errors") or []:
        lines.append(f"  will retry: {error}")
    for item in mail.get("held_files") or []:
        lines.append(f"  held, may have been delivered: {_describe(item)}")
    if mail.get("held"):
        lines.append("    check with the recipient, then `backoffice-auto mail release FILE` (it arrived) "
                     "or `backoffice-auto mail resend FILE` (send it again)")
    for item in mail.get("failed_files") or []:
        lines.append(f"  failed: {_describe(item)}")
    if mail.get("failed"):
        lines.append("    fix the cause, then `backoffice-auto mail resend FILE` to send it again")
    return lines
