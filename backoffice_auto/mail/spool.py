"""The spool: `outbox/mail/pending/*.eml` written with the job, read by the sender.

`render_job_mail` is called by the pipeline before a job commits; it returns the files
and the pipeline stages them, then renames them into `pending/` after the commit, so a
job's mail exists exactly when the job does. `spool_messages` is for mail outside a job
(the rule-error notice of the daemon): it renders and renames straight into `pending/`.
Every write is a complete file renamed into place: the sender never sees half a message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from backoffice_auto.mail.footer import with_footer
from backoffice_auto.mail.message import MailMessage
from backoffice_auto.mail.render import render_eml, spool_name
from backoffice_auto.mail.routing import mail_rules_of, resolve
from backoffice_auto.mail.smtpconfig import sender_address


class MailRenderError(Exception):
    """A message cannot be rendered (e.g. its attachment is missing): the job must not commit."""


def _attachments(message: MailMessage, outputs_dir: Path | None
                 ) -> tuple[list[tuple[str, bytes, str]], list[tuple[str, bytes, str, str]]]:
    """(attachments, inline pictures) with their bytes read from the job's outputs."""
    out, inline = [], []
    for att in message.attachments:
        if att.content is not None:
            data = att.content
        elif att.output is not None:
            if outputs_dir is None:
                raise MailRenderError(f"attachment {att.filename!r} names an output but the job has no outputs")
            base = Path(outputs_dir).resolve()
            path = (base / att.output).resolve()
            if base != path and base not in path.parents:
                raise MailRenderError(f"attachment {att.filename!r} points outside the job's outputs")
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise MailRenderError(f"attachment {att.filename!r}: {exc}") from exc
        else:
            raise MailRenderError(f"attachment {att.filename!r} has neither output nor content")
        if att.content_id:
            inline.append((att.filename, data, att.mime_type, att.content_id))
        else:
            out.append((att.filename, data, att.mime_type))
    return out, inline


def render_job_mail(messages: list[MailMessage], job_id: str, outputs_dir: Path | None,
                    rules: Any) -> list[tuple[str, bytes]]:
    """Every message of a job, one `.eml` per envelope recipient: [(file name, bytes)].

    Deterministic names and Message-IDs (job id + recipient + message key), so a redone
    job overwrites rather than duplicates. Unknown roles go to the admin role.
    """
    mail_rules = mail_rules_of(rules)
    sender = sender_address(rules)
    files: list[tuple[str, bytes]] = []
    used: dict[tuple[str, str], int] = {}
    for message in messages:
        to, _ = resolve(message.to, mail_rules)
        cc, _ = resolve(message.cc, mail_rules)
        cc = [a for a in cc if a.lower() not in {t.lower() for t in to}]
        bcc, _ = resolve(mail_rules.bcc, mail_rules) if not message.private else ([], None)
        visible = {a.lower() for a in to + cc}
        envelope = to + cc + [a for a in bcc if a.lower() not in visible]
        if not envelope:
            continue
        attachments, inline = _attachments(message, outputs_dir)
        for recipient in envelope:
            base_key = message.key or message.kind
            n = used.get((recipient.lower(), base_key), 0)
            used[(recipient.lower(), base_key)] = n + 1
            key = base_key if n == 0 else f"{base_key}#{n}"
            data = render_eml(message, recipient=recipient, to=to or [recipient], cc=cc, sender=sender,
                              job_id=job_id, key=key, attachments=attachments,
                              subject_prefix=mail_rules.subject_prefix, inline=inline)
            files.append((spool_name(job_id, recipient, key), data))
    return files


def write_atomic(folder: Path, name: str, data: bytes) -> Path:
    """Write a complete file under `folder/name` (temp file in the same folder, fsync, rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:  # a full disk: no half file left behind
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)
    return target


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def spool_messages(workspace: Any, messages: list[MailMessage], job_id: str, rules: Any,
                   outputs_dir: Path | None = None) -> list[Path]:
    """Render and put messages straight into `pending/` (for mail that belongs to no job)."""
    return [write_atomic(workspace.mail_pending, name, data)
            for name, data in render_job_mail([with_footer(m) for m in messages], job_id, outputs_dir, rules)]


def move_into(src: Path, folder: Path) -> Path:
    """Rename a spool file into `folder` (same name), durably."""
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / src.name
    os.replace(src, dest)
    fsync_dir(folder)
    return dest


def held_folder(workspace: Any) -> Path:
    """`outbox/mail/held/`: messages whose delivery is unknown, waiting for the operator."""
    return Path(workspace.mail_dir) / "held"


def is_spool_file(path: Path) -> bool:
    return path.suffix == ".eml" and not path.name.startswith(".")


def pending_files(workspace: Any) -> list[Path]:
    """Pending messages, oldest first (by the time they were spooled, then by name)."""
    out = []
    try:
        for entry in os.scandir(workspace.mail_pending):
            path = Path(entry.path)
            if is_spool_file(path):
                try:
                    out.append((entry.stat().st_mtime, entry.name, path))
                except FileNotFoundError:
                    continue
    except FileNotFoundError:
        return []
    return [path for _, _, path in sorted(out)]

