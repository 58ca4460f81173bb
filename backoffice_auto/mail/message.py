"""A message as data, so a job can queue it inside its SQLite transaction.

Recipients are addresses or `role:<name>` (resolved through rules/mail.yaml when queued),
bodies are already rendered in the recipient's language, attachments name a job output
(path relative to the job's output folder) or carry small contents inline. An attachment
with a `content_id` is a picture shown inside the HTML body (`<img src="cid:...">`, the
parts of one multipart/related), as a manager reading on a phone expects a chart.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachment:
    filename: str
    output: str | None = None  # path relative to the job's output folder
    content: bytes | None = None  # inline bytes for small generated attachments
    mime_type: str = "application/octet-stream"
    content_id: str | None = None  # set: shown inline in the HTML body as <img src="cid:{content_id}">


@dataclass(frozen=True)
class MailMessage:
    to: tuple[str, ...]
    subject: str
    html: str
    text: str
    cc: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    kind: str = "report"  # what it is, for routing and the log: report, notice, invoice, payslip ...
    language: str = "en"
    key: str = field(default="")  # distinguishes several messages of one job to one recipient
    private: bool = False  # for its recipient alone (a payslip): never copied to the rules' bcc archive


def inline_image(filename: str, png: bytes, alt: str) -> tuple[tuple[Attachment, ...], str]:
    """A PNG shown inside the HTML body: its attachments and the `<img>` tag that shows it.

    Two parts: the picture inside the HTML (Content-ID) and the same picture attached, so
    it can still be saved or forwarded from a client that lists attachments only. The
    Content-ID is derived from the name and the picture, so a redone job renders the same
    message (the spool's promise of stable bytes and names).
    """
    digest = hashlib.sha256(filename.encode() + b"\0" + png).hexdigest()[:16]
    cid = f"{digest}@backoffice-auto"
    tag = (f'<img src="cid:{cid}" alt="{html.escape(alt)}" '
           f'style="max-width:100%;height:auto;display:block">')
    return (Attachment(filename, content=png, mime_type="image/png", content_id=cid),
            Attachment(filename, content=png, mime_type="image/png")), tag
