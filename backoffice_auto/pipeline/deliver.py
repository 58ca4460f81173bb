"""Deliver: after the commit, move what the journal row lists into its final places.

Outputs are renamed from staging into `outbox/` (or `failed/`), mail into the spool, the
original into `archive/` or `failed/`; then `delivered = 1`. Every step is idempotent, so
`recover()` can run it again after a crash at any point.

Nothing is overwritten and nothing outside the inbox is moved: the original leaves
`inbox/` only if it is still the claimed entry (`inbox_entry.deliver_original`), and a name
in `failed/` that is taken meanwhile stops that delivery instead of replacing a file. A
delivery that cannot finish is reported (`job.delivery_failed`) and tried again at the next
start by `recover()`, and never keeps the other jobs from being delivered.
"""

from __future__ import annotations

import os
import shutil
import traceback
from pathlib import Path

from backoffice_auto.books import journal
from backoffice_auto.pipeline import inbox_entry
from backoffice_auto.pipeline.env import JobEnv, crash_point
from backoffice_auto.pipeline.names import MAX_NAME_BYTES, safe_name
from backoffice_auto.pipeline.outage import outage_of

JOB_PREFIX_BYTES = 24  # `<job id>-` before an archived name


class DeliveryBlocked(Exception):
    """A final place is taken by something else: never overwritten, tried again later."""


def deliver(env: JobEnv, row: journal.JobRow) -> None:
    root = env.workspace.root
    staging = env.workspace.staging_root / row.job_id
    if row.status == "done" and row.outbox_dir:
        target = root / row.outbox_dir
        source = staging / "out"
        if source.exists() and any(source.iterdir()) and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    elif row.status == "refused":
        for rel in row.manifest.get("outputs", []):
            source = staging / "out" / Path(rel).name
            if source.exists() and not inbox_entry.move_without_overwrite(source, root / rel):
                raise DeliveryBlocked(f"{rel} exists already")
    crash_point("outputs")
    mail = row.manifest.get("mail", [])
    if mail:
        pending = os.fspath(env.workspace.mail_pending)
        os.makedirs(pending, exist_ok=True)
        staged = os.fspath(staging / "mail")
        for name in mail:
            try:
                os.replace(os.path.join(staged, name), os.path.join(pending, name))
            except FileNotFoundError:
                continue  # moved by an earlier delivery of this job (redone after a crash)
    crash_point("mail")
    target = _bounded(root / row.archived_as, row.job_id) if row.archived_as else None
    outcome = inbox_entry.deliver_original(root, row.inbox_path, row.sha256, target)
    if outcome == "blocked":
        raise DeliveryBlocked(f"{target.relative_to(root)} exists already")
    crash_point("archived")
    with env.store.transaction():
        if target is not None and outcome == "moved" and str(target.relative_to(root)) != row.archived_as:
            env.store.journal.set_archived_as(row.job_id, str(target.relative_to(root)))
        env.store.journal.mark_delivered(row.job_id)
    shutil.rmtree(staging, ignore_errors=True)


def deliver_or_report(env: JobEnv, row: journal.JobRow) -> bool:
    """`deliver`, and a failure logged instead of raised (the job stays undelivered and is
    tried again at the next start). True when delivered.

    A failure of the machine (disk full ...: `outage`) is raised as an `Outage`: the caller
    stops there and says so, since every later write would fail the same way."""
    try:
        deliver(env, row)
        return True
    except Exception as error:
        outage = outage_of(error, env.workspace, where=env.workspace.root)
        if outage is not None:
            env.log("job.delivery_stopped", level="error", job=row.job_id, file=row.inbox_path, **outage.as_log())
            raise outage from error
        env.log("job.delivery_failed", level="error", job=row.job_id, file=row.inbox_path,
                error=f"{type(error).__name__}: {error}", traceback=traceback.format_exc())
        return False


def _bounded(target: Path, job_id: str) -> Path:
    """An archive or failed/ name an earlier version made too long is cut here."""
    if len(target.name.encode("utf-8")) <= MAX_NAME_BYTES + JOB_PREFIX_BYTES:
        return target
    return target.with_name(safe_name(target.name, job_id))
