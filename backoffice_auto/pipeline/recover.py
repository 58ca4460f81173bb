"""Recover: what a crash cut short is finished or forgotten; `retry` reopens a refused job;
the books' workbooks are refreshed from the tables the journal marks as changed.

Deliveries that committed but did not finish are delivered again (idempotent); claims that
never committed are forgotten (their file is still in the inbox and is redone from scratch).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from backoffice_auto.books.schema import TABLES
from backoffice_auto.i18n import N_, translate
from backoffice_auto.pipeline import inbox_entry
from backoffice_auto.pipeline.deliver import deliver_or_report
from backoffice_auto.pipeline.env import ConfigError, JobEnv, crash_point


ORIGINAL_GONE = N_("job {job} cannot be retried: its original {file} is no longer in failed/ (it was moved or "
                   "removed). Drop the corrected file into {folder} instead.")


def recover(env: JobEnv) -> dict[str, int]:
    """Under the caller's job lock: finish deliveries, forget claims that never committed.

    Each delivery stands alone: one that fails is reported and tried again at the next start,
    and the service starts all the same."""
    log = env.store.journal
    finished = 0
    failed = 0
    for row in log.undelivered():
        if deliver_or_report(env, row):  # one that fails is logged and retried next time
            finished += 1
        else:
            failed += 1
    redo = log.running()
    for row in redo:
        forget_claim(env, row, keep_row=os.path.lexists(env.workspace.root / row.inbox_path))
    if finished or redo or failed:
        env.log("recovered", delivered=finished, interrupted=len(redo), undeliverable=failed)
        with env.store.transaction():
            log.mark_stale(TABLES)
    return {"delivered": finished, "interrupted": len(redo)}


def forget_claim(env: JobEnv, row, keep_row: bool = False) -> None:
    """A claim that never committed leaves nothing: its staging is wiped and its row deleted
    (`keep_row`: left for the next claim of its file to take over)."""
    shutil.rmtree(env.workspace.staging_root / row.job_id, ignore_errors=True)
    if not keep_row:
        with env.store.transaction():
            env.store.journal.delete(row.job_id)


def reopen_refused(env: JobEnv, job_id: str) -> Path:
    """Under the caller's job lock: the refused job's original back in the inbox, its row reopened.
    `job_id` may also name the refused file as the clerk knows it (`odd.xlsx`,
    `failed/000018-odd.xlsx`, `inbox/orders/odd.xlsx`): its latest refused job."""
    log = env.store.journal
    row = log.get(job_id) or _refused_named(log, job_id)
    if row is not None:
        job_id = row.job_id
    if row is None:
        raise ConfigError([translate("no job {job}, and no refused file of that name (see `backoffice-auto status`)",
                                     env.language).format(job=job_id)])
    if row.status != "refused":
        raise ConfigError([translate("job {job} is {status}; only refused jobs can be retried",
                                     env.language).format(job=job_id, status=row.status)])
    original = env.workspace.root / (row.archived_as or "")
    inbox_path = env.workspace.root / row.inbox_path
    if not original.is_file() and not os.path.lexists(inbox_path):
        raise ConfigError([translate(ORIGINAL_GONE, env.language).format(
            job=job_id, file=row.archived_as or row.file_name, folder=f"{Path(row.inbox_path).parent.as_posix()}/")])
    if original.is_file() and not inbox_entry.move_without_overwrite(original, inbox_path):
        # a new file of that name waits in the inbox: never overwritten by the old one
        raise ConfigError([translate("{file} is in the inbox again; process it or move it away before "
                                     "retrying job {job}", env.language).format(file=row.inbox_path, job=job_id)])
    for rel in row.manifest.get("outputs", []):
        (env.workspace.root / rel).unlink(missing_ok=True)
    with env.store.transaction():
        log.reopen(job_id, env.stamp())
    return inbox_path


def _refused_named(log, name: str):
    """The latest refused job of the file `name` (its name, its inbox path, or its name in failed/)."""
    wanted = Path(name.strip()).name
    if not wanted:
        return None
    for row in log.recent(limit=10_000, status="refused"):  # newest first
        names = {row.file_name, Path(row.inbox_path).name, Path(row.archived_as or "").name}
        if wanted in names or name.strip() == row.inbox_path:
            return row
    return None


def flush_books(env: JobEnv) -> list[Path]:
    """Refresh outbox/books/<table>.xlsx for the tables the journal marks as changed.

    The marks were written in the commits of the jobs that changed the tables and are
    cleared only after the export: a process killed before or during the export leaves
    them, and the next flush (after any later job, or at the next start) exports again."""
    from backoffice_auto.reports.books_export import export_tables

    seen = env.store.journal.stale()
    if seen:
        crash_point("exporting")
    tables = sorted(t for t in seen if t in TABLES)  # the vocabulary, not jobs' own tables
    written = export_tables(env.store.read(), tables, env.workspace.books_out, env.language) if tables else []
    if seen:
        with env.store.transaction():
            env.store.journal.clear_stale(seen)
    return written
