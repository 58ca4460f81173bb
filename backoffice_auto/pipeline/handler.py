"""What a document handler is: `identify()` a file cheaply, `process()` it inside a job.

Handlers come from the jobs' specs (`backoffice_auto/jobspec.py`). `process()` reads the incoming
bytes (never the path: the file may vanish), applies pure rule functions, writes its
changes through `ctx.books` (inside the job's one transaction), writes output files under
`ctx.output(...)`, queues mail with `ctx.mail(...)` and adds notes with `ctx.note(...)`.
To refuse the whole file it raises `errors.Refusal`; nothing it did is then kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from backoffice_auto.errors import Problem

if TYPE_CHECKING:
    from backoffice_auto.books.interface import BooksWriter
    from backoffice_auto.mail.message import MailMessage
    from backoffice_auto.workspace import Workspace


@dataclass(frozen=True)
class Incoming:
    """A file as claimed: its bytes are read once, hashed, and handed to the handler."""

    name: str  # file name as dropped
    data: bytes
    folder_hint: str | None = None  # inbox subfolder: orders, invoices, timesheets, bank, books, approvals
    path: Path | None = None  # where it was found (for messages only; do not read it again)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    @property
    def stem(self) -> str:
        return Path(self.name).stem


@dataclass
class JobContext:
    """Everything a handler may touch during one job."""

    job_id: str
    workspace: "Workspace"
    rules: Any  # backoffice_auto.rules.loader.Rules
    books: "BooksWriter"
    staging: Path  # outputs written under here land in outbox/<date>/<job>-<stem>/
    today: date
    now: datetime
    dry_run: bool = False
    notes: list[Problem] = field(default_factory=list)
    mails: list["MailMessage"] = field(default_factory=list)
    touched_tables: set[str] = field(default_factory=set)
    job_rules: Any = None  # the job's own typed rule model (its spec's main rule file)
    hooks: tuple = ()  # (BooksHook, that job's typed rules) for every job, run by books_changed()
    on_step: Any = None  # told each `step()`'s text (a progress display); None: no one listens

    def step(self, message: str, **params: Any) -> None:
        """Say what the job is doing now, for a progress display on long work (`process` on a
        terminal shows it beside the file): reading, matching 14,058 payments, payslip 40 of
        200. `message` is a msgid of the job's domain; nothing happens when no one listens."""
        if self.on_step is not None:
            self.on_step(Problem(message, None, params).text(self.language))

    def books_changed(self, *tables: str) -> list:
        """Tell the other jobs that this job changed `tables`: their hooks run now, inside this
        job's transaction (master data brings stock; the orders job serves backorders). Each
        hook sees this context with its own job's rules as `job_rules`."""
        return [hook.run(replace(self, job_rules=job_rules)) for hook, job_rules in self.hooks
                if set(hook.tables) & set(tables)]

    @property
    def language(self) -> str:
        return self.rules.settings.language

    @property
    def settings(self):
        return self.rules.settings

    def output(self, relative: str) -> Path:
        """A path in the staging folder for an output file; parent folders are made. Each part
        of `relative` is made a safe, bounded file name (`pipeline/names.py`): a name built
        from a clerk's file name can be anything."""
        from backoffice_auto.pipeline.names import safe_relative

        path = self.staging / safe_relative(relative, self.job_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def note(self, problem: Problem) -> None:
        self.notes.append(problem)

    def mail(self, message: "MailMessage") -> None:
        """Queued with the job's transaction; sent only after the job commits."""
        self.mails.append(message)


class Handler(Protocol):
    kind: str  # masterdata, orders, invoices, timesheets, ...
    folders: tuple[str, ...]  # inbox subfolders that hint this kind

    def identify(self, incoming: Incoming) -> bool:
        """Cheap and side-effect free: does this handler take this file?"""

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        """Do the job; raise Refusal to refuse the whole file."""
