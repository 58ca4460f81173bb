"""Messages whose delivery is unknown, held in `outbox/mail/held/` until the operator decides.

Why a folder of its own: a message whose whole text reached the server but whose reply
never came (a timeout or a dropped line after the final "."; or a sender killed at that
moment) may be in the recipient's mailbox already (RFC 1047). Sending it again silently
is how one slow server produced three copies; moving it to `failed/` would say "not
delivered", which may be false. So it waits here, with `<name>.held.txt` saying why,
`status` lists it, and only the operator moves it on: `mail release` (it arrived: to
`sent/`, nothing is sent) or `mail resend` (back to `pending/`, sent with the same
Message-ID, so a mail program that already has it shows it once).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from backoffice_auto.eventlog import log_event
from backoffice_auto.mail.spool import held_folder, is_spool_file, move_into, write_atomic

NOTE_SUFFIX = ".held.txt"
ERROR_SUFFIX = ".error.txt"


class NotHeld(LookupError):
    """The name is not a held (or, for resend, failed) message."""


def hold(workspace: Any, path: Path, reason: str, recipients: list[str] | None = None) -> Path:
    """Move a pending message into `held/` with the reason beside it (log: `mail_held`)."""
    folder = held_folder(workspace)
    dest = move_into(path, folder)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    write_atomic(folder, dest.name + NOTE_SUFFIX, f"{reason}\nheld at: {stamp}\n".encode("utf-8"))
    log_event(workspace, "mail_held", level="warning", file=dest.name, to=recipients or [], error=reason)
    return dest


def held_files(workspace: Any) -> list[Path]:
    try:
        return sorted(p for p in held_folder(workspace).iterdir() if is_spool_file(p))
    except FileNotFoundError:
        return []


def _plain_name(name: str) -> str:
    """A spool file name as typed by the operator (a path is allowed; only its last part counts)."""
    return Path(name).name


def _drop_note(path: Path, suffix: str) -> None:
    Path(str(path) + suffix).unlink(missing_ok=True)


def release(workspace: Any, name: str) -> Path:
    """The operator checked that a held message arrived: file it under `sent/`, send nothing."""
    path = held_folder(workspace) / _plain_name(name)
    if not is_spool_file(path) or not path.is_file():
        raise NotHeld(name)
    dest = move_into(path, Path(workspace.mail_sent))
    _drop_note(path, NOTE_SUFFIX)
    log_event(workspace, "mail_released", file=dest.name, note="marked delivered by the operator; not sent again")
    return dest


def resend(workspace: Any, name: str) -> Path:
    """Put a held or failed message back into `pending/`: the next pass sends it (same Message-ID)."""
    plain = _plain_name(name)
    for folder, suffix in ((held_folder(workspace), NOTE_SUFFIX), (Path(workspace.mail_failed), ERROR_SUFFIX)):
        path = folder / plain
        if is_spool_file(path) and path.is_file():
            dest = move_into(path, Path(workspace.mail_pending))
            _drop_note(path, suffix)
            log_event(workspace, "mail_resend_requested", file=dest.name, source=folder.name)
            return dest
    raise NotHeld(name)
