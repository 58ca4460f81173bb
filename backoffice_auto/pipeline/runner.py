"""The one path every file takes: claim, identify, process, commit, deliver.

`watch` and `process` both call `Pipeline.process_path`; the watcher only decides when.
Each stage is its own module over a `JobEnv` (`claim`, `run`, `commit`, `deliver`,
`recover`) and returns a `JobResult`; this class only holds the workspace's store and rules
and serialises jobs. Exactly-once rests on three facts:

1. A job's books changes, its journal row (status, manifest of outputs and mail) commit in
   one SQLite transaction. Before that commit nothing outside `.backoffice/staging/` exists.
2. Delivery after the commit (outputs renamed into `outbox/`, mail into the spool, the
   original into `archive/` or `failed/`) is idempotent and recorded by `delivered = 1`;
   a crash in the middle is finished by `recover()` on the next start.
3. A job that was claimed but never committed (`running`) is redone from scratch by the
   next claim of the same file; its staging folder is wiped first.

A process-wide file lock serialises jobs, so `process` and `watch` on one workspace never
run two jobs at once; any `running` row seen under the lock belongs to a dead process.
Nothing is remembered between jobs in memory: the tables whose workbooks are out of date
are marked in the journal by each job's commit.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence
from zoneinfo import ZoneInfo

from backoffice_auto.books.store import Store
from backoffice_auto.i18n import translate
from backoffice_auto.jobspec import JobSpec, resolve
from backoffice_auto.pipeline import inbox_entry, registry
from backoffice_auto.pipeline.env import ConfigError, JobEnv, crash_point, frozen_now
from backoffice_auto.pipeline.handler import Handler
from backoffice_auto.pipeline.ignore import work_in
from backoffice_auto.pipeline.recover import flush_books, recover, reopen_refused
from backoffice_auto.pipeline.outage import NOT_TRIED, Outage, outage_of
from backoffice_auto.pipeline.result import JobResult
from backoffice_auto.pipeline.run import folder_hint, process_file
from backoffice_auto.workspace import Workspace

__all__ = ["ConfigError", "JobResult", "Pipeline", "crash_point", "job_lock_path", "job_lock_busy"]

JOB_LOCK = "job.lock"


def job_lock_path(workspace: Workspace) -> Path:
    return workspace.state_dir / JOB_LOCK


def job_lock_busy(workspace: Workspace) -> bool:
    """Is a job running in some process right now (its job lock held)? For `status`."""
    try:
        handle = open(job_lock_path(workspace), "rb")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


class Pipeline:
    def __init__(self, workspace: Workspace, rules: Any = None, handlers: list[Handler] | None = None,
                 specs: Sequence[JobSpec] | None = None):
        """`specs`: the jobs to run (default: `backoffice_auto/jobs.py` and BACKOFFICE_EXTRA_JOBS);
        `handlers`: only these handlers (tests), still attributed to their jobs by package."""
        from backoffice_auto.rules.loader import load_rules
        from backoffice_auto.rules.registry import rule_files

        self.workspace = workspace
        workspace.ensure()
        self.specs = resolve(specs)
        if rules is None:
            result = load_rules(workspace.rules_dir, rule_files(self.specs) if specs is not None else None)
            if result.problems or result.rules is None:
                raise ConfigError([p.render() for p in result.problems], result.problems)
            rules = result.rules
        self.rules = rules
        self.store = Store(workspace.db_path, self.specs)
        self.handlers = handlers if handlers is not None else registry.handlers(self.specs)
        self._lock_path = job_lock_path(workspace)
        self.export_outage: Outage | None = None  # the last `process_paths` could not refresh outbox/books/
        self.on_step: Callable[[str, str | None], None] | None = None  # see JobEnv.on_step

    def now(self) -> datetime:
        zone = ZoneInfo(self.rules.settings.timezone)
        return frozen_now(zone) or datetime.now(zone)

    @property
    def language(self) -> str:
        return self.rules.settings.language

    def env(self) -> JobEnv:
        """The stages' view of this pipeline: read afresh, since the daemon swaps rules live."""
        return JobEnv(workspace=self.workspace, store=self.store, rules=self.rules, clock=self.now,
                      specs=self.specs, on_step=self.on_step)

    @contextmanager
    def job_lock(self) -> Iterator[None]:
        with open(self._lock_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def folder_hint(self, path: Path) -> str | None:
        return folder_hint(self.env(), path)

    def waiting_files(self) -> list[Path]:
        """Every entry in the inbox that could be a job, oldest first: links, FIFOs and other
        special entries too (never followed: the pipeline refuses them unread), and unfinished
        copies untouched too long (refused as such); never what `ignore.left_alone` says is not work."""
        return sorted(work_in(self.workspace.inbox, self.rules.watch), key=lambda p: (_mtime(p), str(p)))

    def journal_mark(self) -> str:
        """Taken before the files are listed: a file listed and gone when its turn comes, claimed
        by a job after this mark, was taken by another run."""
        return self.store.journal.settled_mark()

    def process_paths(self, paths: Iterable[Path], dry_run: bool = False,
                      progress: Callable[[Path], None] | None = None, since: str | None = None) -> list[JobResult]:
        """`since`: the `journal_mark()` taken before the paths were listed (default: now)."""
        since = since or self.journal_mark()
        results: list[JobResult] = []
        for path in paths:
            if results and results[-1].status == "postponed":  # the machine failed: the rest waits too
                results.append(not_tried(self.env(), Path(path)))
            else:
                results.append(self.process_path(Path(path), dry_run=dry_run, taken_since=since))
            if progress:
                progress(Path(path))
        self.export_outage = None
        if not any(r.status == "postponed" for r in results):
            try:
                self.flush_books()
            except Outage as outage:  # the jobs are done; their workbooks wait for the next run
                self.export_outage = outage
        return results

    def process_path(self, path: Path, dry_run: bool = False, taken_since: str | None = None) -> JobResult:
        with self.job_lock():
            return process_file(self.env(), self.handlers, inbox_entry.absolute(path), dry_run, taken_since)

    def recover(self) -> dict[str, int]:
        """Finish deliveries cut short by a crash; forget claims that never committed; export
        the books tables whose export a crash cut short (an export that fails is logged and
        left marked for the next flush: it must not keep the service from starting)."""
        with self.job_lock():
            recovered = self._as_outage(lambda: recover(self.env()))
        try:
            self.flush_books()
        except Outage:
            pass  # a full disk: the tables stay marked; the run that meets it says so
        except Exception as error:
            self.env().log("books.export_failed", level="error", error=f"{type(error).__name__}: {error}")
        return recovered

    def _as_outage(self, step: Callable[[], Any]) -> Any:
        """`step`, with a write the machine refused raised as an `Outage` (the caller says what
        to do; nothing half done is left: the journal's transactions roll back)."""
        try:
            return step()
        except Exception as error:
            outage = outage_of(error, self.workspace, where=self.workspace.root)
            if outage is None:
                raise
            raise outage from error

    def retry(self, job_id: str) -> JobResult:
        """Run a refused job again: its original comes back from failed/ to the inbox."""
        with self.job_lock():
            inbox_path = reopen_refused(self.env(), job_id)
        result = self.process_path(inbox_path)
        self.flush_books()
        return result

    def flush_books(self) -> list[Path]:
        """Refresh outbox/books/<table>.xlsx for the tables changed since the last flush; a
        write the machine refused is raised as an `Outage` (the marks stay: the next flush
        exports them)."""
        env = self.env()
        try:
            return flush_books(env)
        except Exception as error:
            outage = outage_of(error, env.workspace, where=env.workspace.books_out)
            if outage is None:
                raise
            raise outage from error

    def close(self) -> None:
        self.store.close()


def not_tried(env, path: Path) -> JobResult:
    """A file the run did not try because the machine failed a write before it (`outage`)."""
    rel = env.relative(inbox_entry.absolute(path))
    return JobResult(file=rel, kind=None, status="postponed", job=None, messages=(
        {"level": "warning", "text": translate(NOT_TRIED, env.language), "where": Path(rel).name},))


def _mtime(path: Path) -> float:
    """A file that vanished while the inbox was listed sorts first and is reported as gone."""
    try:
        return path.lstat().st_mtime
    except FileNotFoundError:
        return 0.0
