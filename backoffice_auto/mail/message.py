"""A message as data, so a job can queue it inside its SQLite transaction.

Recipients are addresses or `role:<name>` (resolved through rules/mail.yaml when queued),
bodies are already rendered in the recipient's language, attachments name a job output
(path relative to the job's output folder) or carry small contents inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachment:
    filename: str
    output: str | None = None  # path relative to the job's output folder
    content: bytes | None = None  # inline bytes for small generated attachments
    mime_type: str = "application/octet-stream"


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
