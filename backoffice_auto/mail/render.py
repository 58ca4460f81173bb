"""One `MailMessage` to one RFC 5322 message (bytes) for one envelope recipient.

Why one file per recipient: each recipient's delivery succeeds or fails on its own, and
the spool can then promise "once per recipient" instead of "once per message, except
for the recipients the server refused". The Message-ID is a hash of job, recipient and
message key, so a redone job produces byte-for-byte the same identity and file name.

The output is 7-bit clean (quoted-printable text, base64 attachments, RFC 2047 headers)
so any SMTP server takes it without 8BITMIME.
"""

from __future__ import annotations

import email.policy
import hashlib
import re
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from backoffice_auto.mail.message import MailMessage

POLICY = email.policy.SMTP.clone(cte_type="7bit")
RECIPIENT_HEADER = "X-Backoffice-Recipient"
JOB_HEADER = "X-Backoffice-Job"


def message_hash(job_id: str, recipient: str, key: str) -> str:
    return hashlib.sha256(f"{job_id}\0{recipient.lower()}\0{key}".encode()).hexdigest()


def message_id(job_id: str, recipient: str, key: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "backoffice.invalid"
    return f"<{message_hash(job_id, recipient, key)[:32]}@{domain}>"


def spool_name(job_id: str, recipient: str, key: str) -> str:
    """File name in the spool: sortable by job, unique per (job, recipient, key)."""
    safe_job = re.sub(r"[^A-Za-z0-9_.-]", "_", job_id)[:80]
    return f"{safe_job}-{message_hash(job_id, recipient, key)[:16]}.eml"


def render_eml(message: MailMessage, *, recipient: str, to: list[str], cc: list[str], sender: str,
               job_id: str, key: str, attachments: list[tuple[str, bytes, str]],
               subject_prefix: str = "", now: datetime | None = None) -> bytes:
    """The message as the recipient gets it; `attachments` are (filename, bytes, mime type)."""
    msg = EmailMessage(policy=POLICY)
    msg["From"] = sender
    msg["To"] = ", ".join(to) if to else recipient
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = f"{subject_prefix}{message.subject}"
    msg["Date"] = format_datetime(now or datetime.now(timezone.utc))
    msg["Message-ID"] = message_id(job_id, recipient, key, sender)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to a robot
    msg[JOB_HEADER] = job_id
    msg["X-Backoffice-Kind"] = message.kind
    msg[RECIPIENT_HEADER] = recipient
    msg.set_content(message.text or "", cte="quoted-printable")
    if message.html:
        msg.add_alternative(message.html, subtype="html", cte="quoted-printable")
    for filename, data, mime_type in attachments:
        maintype, _, subtype = (mime_type or "application/octet-stream").partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    msg["Content-Language"] = message.language  # after the body: set_content drops Content-* headers
    return msg.as_bytes(policy=POLICY)
