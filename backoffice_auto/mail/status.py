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

from backoffice_auto.i18n import N_, ntranslate, translate
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


NO_RECIPIENT = N_("(no recipient)")
NO_SUBJECT = N_("(no subject)")
NO_REASON = N_("no reason recorded")
DESCRIBED = N_("to {to}, {subject}: {reason} [{file}]")
COUNTS = N_("Mail: {pending} pending, {retrying} retrying, {sent} sent, {failed} failed, {held} held")
SERVER_DOWN = N_("  the mail server is not taking mail since {since}: {error} (no message is failed for this; mail waits)")
OLDEST = N_("  oldest waiting since {since}")
WILL_RETRY = N_("  will retry: {error}")
HELD = N_("  held, may have been delivered: {item}")
HELD_HINT = N_("    check with the recipient, then `backoffice-auto mail release FILE` (it arrived) "
               "or `backoffice-auto mail resend FILE` (send it again)")
FAILED = N_("  failed: {item}")
FAILED_HINT = N_("    fix the cause, then `backoffice-auto mail resend FILE` to send it again")
NO_HOST = N_("No mail server is set: mail will wait in outbox/mail/pending/. Set smtp.host in "
             "rules/settings.yaml (or the BACKOFFICE_SMTP_HOST variable) to send it.")


def smtp_state(rules: Any, language: str = "en") -> dict:
    """`{configured, server, error}`: is a mail server set (rules and environment), which one
    (never the password), or why the settings cannot be used (in `language`)."""
    from backoffice_auto.mail.smtpconfig import SmtpConfigError, smtp_config

    try:
        config = smtp_config(rules, use_keyring=False)
    except SmtpConfigError as error:
        return {"configured": False, "server": None, "error": error.text(language)}
    return {"configured": config.configured, "server": config.describe() if config.configured else None,
            "error": None}


def mail_hint(mail: dict, smtp: dict, language: str = "en") -> list[str]:
    """The first thing `status` says when mail cannot go out: how many wait, what to set and where."""
    waiting = mail.get("pending", 0)
    server = mail.get("server") or {}
    if smtp.get("error"):
        return [ntranslate("{n} mail waits: the mail settings cannot be used ({error}). Fix them in "
                           "rules/settings.yaml or the BACKOFFICE_SMTP_* variables.",
                           "{n} mails wait: the mail settings cannot be used ({error}). Fix them in "
                           "rules/settings.yaml or the BACKOFFICE_SMTP_* variables.", waiting, language,
                           error=smtp["error"])]
    if not smtp.get("configured"):
        if not waiting:
            return [translate(NO_HOST, language)]
        return [ntranslate("{n} mail waits in outbox/mail/pending/ because no mail server is set. To send it, set "
                           "smtp.host in rules/settings.yaml (or the BACKOFFICE_SMTP_HOST variable, with "
                           "BACKOFFICE_SMTP_USER and BACKOFFICE_SMTP_PASSWORD if it wants a login), then run "
                           "`backoffice-auto mail send` or keep `backoffice-auto watch` running.",
                           "{n} mails wait in outbox/mail/pending/ because no mail server is set. To send them, set "
                           "smtp.host in rules/settings.yaml (or the BACKOFFICE_SMTP_HOST variable, with "
                           "BACKOFFICE_SMTP_USER and BACKOFFICE_SMTP_PASSWORD if it wants a login), then run "
                           "`backoffice-auto mail send` or keep `backoffice-auto watch` running.", waiting, language)]
    if server.get("state") == "unavailable":
        return [ntranslate("{n} mail waits: the mail server {server} is not taking mail ({error}). Check smtp.host, "
                           "port and security in rules/settings.yaml (or the BACKOFFICE_SMTP_* variables) and the "
                           "password in BACKOFFICE_SMTP_PASSWORD or the system keyring; mail goes out by itself "
                           "once the server takes it.",
                           "{n} mails wait: the mail server {server} is not taking mail ({error}). Check smtp.host, "
                           "port and security in rules/settings.yaml (or the BACKOFFICE_SMTP_* variables) and the "
                           "password in BACKOFFICE_SMTP_PASSWORD or the system keyring; mail goes out by itself "
                           "once the server takes it.", waiting, language, server=smtp.get("server"),
                           error=server.get("error"))]
    return []


def _describe(item: dict, language: str) -> str:
    return translate(DESCRIBED, language, to=item.get("to") or translate(NO_RECIPIENT, language),
                     subject=f'"{item["subject"]}"' if item.get("subject") else translate(NO_SUBJECT, language),
                     reason=item.get("error") or translate(NO_REASON, language), file=item["file"])


def render_mail(mail: dict, language: str = "en") -> list[str]:
    """The mail lines of `status` (plain text, one message per line), in the workspace language."""
    t = lambda msgid, **params: translate(msgid, language, **params)  # noqa: E731
    lines = [t(COUNTS, **{k: mail.get(k, 0) for k in ("pending", "retrying", "sent", "failed", "held")})]
    server = mail.get("server") or {}
    if server.get("state") == "unavailable":
        lines.append(t(SERVER_DOWN, since=server.get("since"), error=server.get("error")))
    if mail.get("oldest_pending"):
        lines.append(t(OLDEST, since=mail["oldest_pending"]))
    for error in mail.get("last_errors") or []:
        lines.append(t(WILL_RETRY, error=error))
    for item in mail.get("held_files") or []:
        lines.append(t(HELD, item=_describe(item, language)))
    if mail.get("held"):
        lines.append(t(HELD_HINT))
    for item in mail.get("failed_files") or []:
        lines.append(t(FAILED, item=_describe(item, language)))
    if mail.get("failed"):
        lines.append(t(FAILED_HINT))
    return lines
