"""The one path every file takes: claim, identify, process, commit, deliver.

`watch` and `process` both call `Pipeline.process_path`; the watcher only decides when.
Exactly-once rests on three facts:

1. A job's books changes, its journal row (status, manifest of outputs and mail) commit in
   one SQLite transaction. Before that commit nothing outside `.backoffice/staging/` exists.
2. Delivery after the commit (outputs renamed into `outbox/`, mail into the spool, the
   original into `archive/` or `failed/`) is idempotent and recorded by `delivered = 1`;
   a crash in the middle is finished by `recover()` on the next start.
3. A job that was claimed but never committed (`running`) is redone from scratch by the
   next claim of the same file; its staging folder is wiped first.

A process-wide file lock serialises jobs, so `process` and `watch` on one workspace never
run two jobs at once; any `running` row seen under the lock belongs to a dead process.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import traceback
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

from backoffice_auto.books import journal
from backoffice_auto.books.schema import TABLES
from backoffice_auto.books.store import Store
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, translate
from backoffice_auto.pipeline import registry
from backoffice_auto.pipeline.ignore import ignored
from backoffice_auto.pipeline.handler import Handler, Incoming, JobContext
from backoffice_auto.workspace import INBOX_FOLDERS, Workspace

class ConfigError(Exception):
    """The workspace cannot run: rules invalid or layout missing (exit code 2)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


def crash_point(name: str) -> None:
    """Tests set BACKOFFICE_CRASH_AT=<name> to SIGKILL the process at a named step."""
    if os.environ.get("BACKOFFICE_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _log(workspace: Workspace, event: str, **fields: Any) -> None:
    from backoffice_auto.eventlog import log_event

    log_event(workspace, event, **fields)


class Pipeline:
    def __init__(self, workspace: Workspace, rules: Any = None, handlers: list[Handler] | None = None):
        from backoffice_auto.rules.loader import load_rules

        self.workspace = workspace
        workspace.ensure()
        if rules is None:
            result = load_rules(workspace.rules_dir)
            if result.problems or result.rules is None:
                raise ConfigError([p.render() for p in result.problems])
            rules = result.rules
        self.rules = rules
        self.store = Store(workspace.db_path)
        self.handlers = handlers if handlers is not None else registry.handlers()
        self._lock_path = workspace.state_dir / "job.lock"
        self._stale_books: set[str] = set()

    # --- time -----------------------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.now(ZoneInfo(self.rules.settings.timezone))

    @property
    def language(self) -> str:
        return self.rules.settings.language

    # --- locking --------------------------------------------------------------------------
    @contextmanager
    def job_lock(self) -> Iterator[None]:
        with open(self._lock_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # --- the inbox ------------------------------------------------------------------------
    def folder_hint(self, path: Path) -> str | None:
        try:
            parts = path.resolve().relative_to(self.workspace.inbox).parts
        except ValueError:
            return None
        return parts[0] if len(parts) > 1 and parts[0] in INBOX_FOLDERS else None

    def waiting_files(self) -> list[Path]:
        """Every file in the inbox that could be a job, oldest first."""
        patterns = self.rules.watch.ignore
        found = [path for path in self.workspace.inbox.rglob("*")
                 if path.is_file() and not ignored(path.relative_to(self.workspace.inbox), patterns)]
        return sorted(found, key=lambda p: (_mtime(p), str(p)))

    # --- processing -----------------------------------------------------------------------
    def process_paths(self, paths: Iterable[Path], dry_run: bool = False,
                      progress: Callable[[Path], None] | None = None) -> list[dict]:
        results = []
        for path in paths:
            results.append(self.process_path(Path(path), dry_run=dry_run))
            if progress:
                progress(Path(path))
        self.flush_books()
        return results

    def process_path(self, path: Path, dry_run: bool = False) -> dict:
        with self.job_lock():
            return self._process(Path(path).absolute(), dry_run)

    def _process(self, path: Path, dry_run: bool) -> dict:
        limits = self.rules.settings.limits
        rel_name = self._relative(path)
        try:
            size = path.stat().st_size
            if size > limits.max_file_mb * 1024 * 1024:
                return self._refuse_unclaimed(path, Problem(
                    N_("file is {size_mb} MB, over the limit of {limit_mb} MB"), Source(path.name),
                    {"size_mb": round(size / 1024 / 1024, 1), "limit_mb": limits.max_file_mb}), dry_run)
            data = path.read_bytes()
        except FileNotFoundError:
            return {"file": rel_name, "kind": None, "status": "refused", "job": None, "outputs": [],
                    "messages": [Problem(N_("the file disappeared before it could be claimed; nothing was done"),
                                         Source(path.name), level="warning").as_json(self.language)]}
        incoming = Incoming(name=path.name, data=data, folder_hint=self.folder_hint(path), path=path)
        job_id, duplicate_of = self._claim(incoming, rel_name, dry_run)
        crash_point("claimed")
        if duplicate_of is not None:
            return self._duplicate(incoming, job_id, duplicate_of, rel_name, dry_run)
        return self._run(incoming, job_id, rel_name, dry_run)

    def _relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.workspace.root))
        except ValueError:
            return str(path)

    def _claim(self, incoming: Incoming, rel_name: str, dry_run: bool) -> tuple[str, journal.JobRow | None]:
        conn = self.store.conn
        sha = incoming.sha256
        with self.store.transaction():  # a dry run writes nothing here
            first = journal.first_done_with(conn, sha)
            stale = journal.running_with(conn, sha, rel_name)
            if stale is not None:
                job_id = stale.job_id
            elif dry_run:
                job_id = "dry-run"
            else:
                job_id = journal.next_job_id(conn)
                journal.insert_running(conn, job_id, sha, incoming.name, rel_name, incoming.folder_hint,
                                       self.now().isoformat(timespec="seconds"))
        return job_id, first

    def _staging(self, job_id: str) -> Path:
        staging = self.workspace.staging_root / job_id
        if staging.exists():
            shutil.rmtree(staging)
        (staging / "out").mkdir(parents=True)
        (staging / "mail").mkdir()
        return staging

    def _run(self, incoming: Incoming, job_id: str, rel_name: str, dry_run: bool) -> dict:
        staging = self._staging(job_id)
        now = self.now()
        kind = None
        outcome: dict[str, Any]
        try:
            handler = registry.identify(incoming, self.handlers)
            kind = handler.kind
            with self.store.transaction() as books:
                ctx = JobContext(job_id=job_id, workspace=self.workspace, rules=self.rules, books=books,
                                 staging=staging / "out", today=now.date(), now=now, dry_run=dry_run)
                handler.process(incoming, ctx)
                crash_point("processing")
                if dry_run:
                    raise _DryRun(ctx)
                outcome = self._commit_done(incoming, job_id, kind, ctx, staging, now)
            self._stale_books |= books.touched
        except _DryRun as dry:
            shutil.rmtree(staging, ignore_errors=True)
            return {"file": rel_name, "kind": kind, "status": "done", "job": None, "outputs": [],
                    "messages": [p.as_json(self.language) for p in dry.ctx.notes], "dry_run": True}
        except Refusal as refusal:
            return self._refused(incoming, job_id, kind, refusal.problems, staging, now, rel_name, dry_run)
        except Exception as error:  # a bug must not lose the file: refuse it with the reason
            problem = Problem(N_("internal error while processing: {error}"), Source(incoming.name),
                              {"error": f"{type(error).__name__}: {error}"})
            _log(self.workspace, "job.crashed", job=job_id, file=rel_name, traceback=traceback.format_exc())
            return self._refused(incoming, job_id, kind, [problem], staging, now, rel_name, dry_run)
        crash_point("committed")
        self._deliver(journal.get(self.store.conn, job_id))
        return outcome

    def _commit_done(self, incoming: Incoming, job_id: str, kind: str, ctx: JobContext, staging: Path,
                     now: datetime) -> dict:
        """Inside the job's transaction: stage mail, write the journal row and manifest."""
        out_rel = Path("outbox") / now.date().isoformat() / f"{job_id}-{_safe_stem(incoming.stem)}"
        mail_files = self._stage_mail(ctx.mails, job_id, staging)
        outputs = sorted(str(out_rel / p.relative_to(staging / "out"))
                         for p in (staging / "out").rglob("*") if p.is_file())
        archived = Path("archive") / f"{now:%Y}" / f"{now:%m}" / f"{job_id}-{incoming.name}"
        messages = [p.as_json(self.language) for p in ctx.notes]
        journal.finish(self.store.conn, job_id, status="done", kind=kind, rules_hash=self.rules.hash,
                       finished_at=self.now().isoformat(timespec="seconds"), outbox_dir=str(out_rel),
                       manifest={"outputs": outputs, "mail": mail_files}, messages=messages,
                       archived_as=str(archived))
        _log(self.workspace, "job.done", job=job_id, file=incoming.name, kind=kind, outputs=len(outputs),
             mail=len(mail_files))
        return {"file": self._relative(incoming.path) if incoming.path else incoming.name, "kind": kind,
                "status": "done", "job": job_id, "outputs": outputs + [f"outbox/mail/pending/{m}" for m in mail_files],
                "messages": messages}

    def _stage_mail(self, messages: list, job_id: str, staging: Path) -> list[str]:
        if not messages:
            return []
        from backoffice_auto.mail.spool import render_job_mail

        names = []
        for name, data in render_job_mail(list(messages), job_id, staging / "out", self.rules):
            (staging / "mail" / name).write_bytes(data)
            names.append(name)
        return names

    def _refused(self, incoming: Incoming, job_id: str, kind: str | None, problems: list[Problem],
                 staging: Path, now: datetime, rel_name: str, dry_run: bool) -> dict:
        messages = [p.as_json(self.language) for p in problems]
        if dry_run:
            shutil.rmtree(staging, ignore_errors=True)
            return {"file": rel_name, "kind": kind, "status": "refused", "job": None, "outputs": [],
                    "messages": messages, "dry_run": True}
        staging = self._staging(job_id)
        failed_name = incoming.name
        if (self.workspace.failed / failed_name).exists():
            failed_name = f"{job_id}-{incoming.name}"
        report = _error_report(incoming.name, job_id, problems, self.language)
        (staging / "out" / f"{failed_name}.error.txt").write_text(report, encoding="utf-8")
        (staging / "out" / f"{failed_name}.error.json").write_text(json.dumps(
            {"file": incoming.name, "job": job_id, "problems": messages}, ensure_ascii=False, indent=2),
            encoding="utf-8")
        conn = self.store.conn
        with self.store.transaction():
            mail_files = self._stage_mail(self._refusal_mail(incoming, problems), job_id, staging)
            journal.finish(conn, job_id, status="refused", kind=kind, rules_hash=self.rules.hash,
                           finished_at=self.now().isoformat(timespec="seconds"), outbox_dir="failed",
                           manifest={"outputs": [f"failed/{failed_name}.error.txt", f"failed/{failed_name}.error.json"],
                                     "mail": mail_files},
                           messages=messages, archived_as=f"failed/{failed_name}")
        _log(self.workspace, "job.refused", job=job_id, file=rel_name, kind=kind,
             problems=[p.render("en") for p in problems])
        crash_point("committed")
        row = journal.get(conn, job_id)
        self._deliver(row)
        return {"file": rel_name, "kind": kind, "status": "refused", "job": job_id,
                "outputs": row.manifest["outputs"] + [f"outbox/mail/pending/{m}" for m in mail_files],
                "messages": messages}

    def _refusal_mail(self, incoming: Incoming, problems: list[Problem]) -> list:
        from backoffice_auto.mail.notices import refusal_notice

        message = refusal_notice(incoming.name, incoming.folder_hint, problems, self.rules)
        return [message] if message is not None else []

    def _refuse_unclaimed(self, path: Path, problem: Problem, dry_run: bool) -> dict:
        """Too big to read: claimed by name and size instead of content."""
        stat = path.stat()
        digest = hashlib.sha256(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
        incoming = Incoming(name=path.name, data=b"", folder_hint=self.folder_hint(path), path=path)
        rel_name = self._relative(path)
        if dry_run:
            return {"file": rel_name, "kind": None, "status": "refused", "job": None, "outputs": [],
                    "messages": [problem.as_json(self.language)], "dry_run": True}
        conn = self.store.conn
        with self.store.transaction():
            job_id = journal.next_job_id(conn)
            journal.insert_running(conn, job_id, digest, path.name, rel_name, incoming.folder_hint,
                                   self.now().isoformat(timespec="seconds"))
        return self._refused(incoming, job_id, None, [problem], self._staging(job_id), self.now(), rel_name, False)

    def _duplicate(self, incoming: Incoming, job_id: str, first: journal.JobRow, rel_name: str,
                   dry_run: bool) -> dict:
        message = Problem(N_("same content as job {job} ({file}); not applied again"), Source(incoming.name),
                          {"job": first.job_id, "file": first.file_name}, level="warning")
        messages = [message.as_json(self.language)]
        if dry_run:
            return {"file": rel_name, "kind": first.kind, "status": "duplicate", "job": None, "outputs": [],
                    "messages": messages, "duplicate_of": first.job_id, "dry_run": True}
        now = self.now()
        archived = Path("archive") / f"{now:%Y}" / f"{now:%m}" / f"{job_id}-{incoming.name}"
        conn = self.store.conn
        with self.store.transaction():
            journal.finish(conn, job_id, status="duplicate", kind=first.kind, rules_hash=self.rules.hash,
                           finished_at=now.isoformat(timespec="seconds"), outbox_dir=None,
                           manifest={"outputs": [], "mail": []}, messages=messages, archived_as=str(archived),
                           duplicate_of=first.job_id)
        _log(self.workspace, "job.duplicate", job=job_id, file=rel_name, duplicate_of=first.job_id)
        self._deliver(journal.get(conn, job_id))
        return {"file": rel_name, "kind": first.kind, "status": "duplicate", "job": job_id, "outputs": [],
                "messages": messages, "duplicate_of": first.job_id}

    # --- delivery (idempotent) -----------------------------------------------------------
    def _deliver(self, row: journal.JobRow) -> None:
        root = self.workspace.root
        staging = self.workspace.staging_root / row.job_id
        if row.status == "done" and row.outbox_dir:
            target = root / row.outbox_dir
            source = staging / "out"
            if source.exists() and any(source.iterdir()) and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        elif row.status == "refused":
            for rel in row.manifest.get("outputs", []):
                source = staging / "out" / Path(rel).name
                if source.exists():
                    (root / rel).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, root / rel)
        crash_point("outputs")
        for name in row.manifest.get("mail", []):
            source = staging / "mail" / name
            if source.exists():
                self.workspace.mail_pending.mkdir(parents=True, exist_ok=True)
                os.replace(source, self.workspace.mail_pending / name)
        crash_point("mail")
        original = root / row.inbox_path
        if row.archived_as and original.exists():
            target = root / row.archived_as
            target.parent.mkdir(parents=True, exist_ok=True)
            if _sha256_file(original) == row.sha256 or row.status == "refused":
                os.replace(original, target)
        crash_point("archived")
        with self.store.transaction():
            journal.mark_delivered(self.store.conn, row.job_id)
        shutil.rmtree(staging, ignore_errors=True)

    def recover(self) -> dict[str, int]:
        """Finish deliveries cut short by a crash; forget claims that never committed."""
        conn = self.store.conn
        finished = 0
        with self.job_lock():
            for row in journal.undelivered(conn):
                self._deliver(row)
                finished += 1
            redo = journal.running(conn)
            for row in redo:
                shutil.rmtree(self.workspace.staging_root / row.job_id, ignore_errors=True)
                if not (self.workspace.root / row.inbox_path).exists():
                    with self.store.transaction():
                        journal.delete(conn, row.job_id)
        if finished or redo:
            _log(self.workspace, "recovered", delivered=finished, interrupted=len(redo))
            self._stale_books |= set(TABLES)
        return {"delivered": finished, "interrupted": len(redo)}

    def retry(self, job_id: str) -> dict:
        """Run a refused job again: its original comes back from failed/ to the inbox."""
        conn = self.store.conn
        row = journal.get(conn, job_id)
        if row is None:
            raise ConfigError([translate("no job {job}", self.language).format(job=job_id)])
        if row.status != "refused":
            raise ConfigError([translate("job {job} is {status}; only refused jobs can be retried",
                                         self.language).format(job=job_id, status=row.status)])
        original = self.workspace.root / (row.archived_as or "")
        inbox_path = self.workspace.root / row.inbox_path
        with self.job_lock():
            if original.is_file():
                inbox_path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(original, inbox_path)
            for rel in row.manifest.get("outputs", []):
                (self.workspace.root / rel).unlink(missing_ok=True)
            with self.store.transaction():
                journal.reopen(conn, job_id, self.now().isoformat(timespec="seconds"))
        result = self.process_path(inbox_path)
        self.flush_books()
        return result

    # --- books as workbooks --------------------------------------------------------------
    def flush_books(self) -> list[Path]:
        """Refresh outbox/books/<table>.xlsx for the tables changed since the last flush."""
        from backoffice_auto.reports.books_export import export_tables

        tables = sorted(t for t in self._stale_books if t in TABLES)  # the vocabulary, not jobs' own tables
        self._stale_books.clear()
        if not tables:
            return []
        return export_tables(self.store.read(), tables, self.workspace.books_out)

    def close(self) -> None:
        self.store.close()


class _DryRun(Exception):
    def __init__(self, ctx: JobContext):
        self.ctx = ctx


def _mtime(path: Path) -> float:
    """A file that vanished while the inbox was listed sorts first and is reported as gone."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _safe_stem(stem: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)
    return keep[:60] or "file"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _error_report(name: str, job_id: str, problems: list[Problem], language: str) -> str:
    lines = [translate("{file} was refused (job {job}).", language).format(file=name, job=job_id), ""]
    lines += [f"- {p.render(language)}" for p in problems]
    lines += ["", translate("Correct the file and drop it into the inbox again.", language), ""]
    return "\n".join(lines)
